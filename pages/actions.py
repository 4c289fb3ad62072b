"""Staff: "you said, we did" (Te sanoitte – me teimme, contract §6). What clients said
and what the organisation does about it, across the units of the person: filters by
status and unit, overdue actions marked with a word and a colour, each action as a card
with its source and dated history, CSV export; record an action (also pre-filled from a
results theme or a panel proposal: ``st.session_state["action_prefill"]``), change it in
a dialog, delete it, and choose how long the public page keeps done ones.

Developer-clients read the actions of their units; staff and admins record and change
them. Every change goes through raati.action_control (unit check, audit log)."""

from __future__ import annotations

import datetime as dt
import html
from functools import partial

import streamlit as st

from raati import action_control, auth, config, poster, said_did, ui
from raati.actions import (
    DID_MAX_LENGTH,
    MAX_DONE_SHOWN_DAYS,
    NOTE_MAX_LENGTH,
    RESPONSIBLE_MAX_LENGTH,
    SAID_MAX_LENGTH,
    STATUSES,
    SYMBOLS,
    Action,
    ActionError,
    library_pictures,
)
from raati.i18n import t
from raati.qr import link_warning
from raati.store import StoreError

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()
defs = config.defs_dir()
today = config.today()
ss = st.session_state
login = (user.id, ss.get("session_token"))

st.title(t("actions_title", lang))
st.write(t("actions_intro", lang))

unit_names = {u.id: u.name for u in store.units()}
readable = [u for u in unit_names if action_control.may_read(user, u)]
editable = [u for u in readable if action_control.may_edit(user, u)]
pictures = library_pictures(defs)


def unit_name(unit: str) -> str:
    return unit_names.get(unit, unit)


def status_label(status: str) -> str:
    """A status as its symbol and word (never the symbol alone)."""
    return f"{SYMBOLS[status]} {t(f'action_status_{status}', lang)}"


def fi_date(iso: str | None) -> str:
    """YYYY-MM-DD as 16.3.2026 ("–" when there is none)."""
    if not iso:
        return "–"
    day = dt.date.fromisoformat(iso)
    return f"{day.day}.{day.month}.{day.year}"


# The library's file names are ASCII; staff read the words with their letters.
_PICTURE_WORDS = {"kylla": "kyllä", "tyo": "työ", "tyopaikka": "työpaikka",
                  "tehtavat": "tehtävät", "yhdessa": "yhdessä"}


def picture_name(rel: str) -> str:
    """A library picture's name as a Finnish word ("pictures/tyo.svg" -> "työ")."""
    stem = rel.removeprefix("pictures/").rsplit(".", 1)[0]
    return _PICTURE_WORDS.get(stem, stem)


def picture_gallery() -> None:
    """The survey picture library as small thumbnails, each with its name (also its text
    alternative), so that staff see what the picture picker offers."""
    figures = []
    for rel in pictures:
        uri = said_did.picture_uri(rel, defs)
        if uri is None:
            continue
        name = html.escape(picture_name(rel))
        figures.append(
            f'<figure style="margin:0;width:6rem;text-align:center">'
            f'<img src="{uri}" alt="{name}" width="40" height="40">'
            f'<figcaption aria-hidden="true" style="font-size:0.8rem">'
            f'{name}</figcaption></figure>')
    if figures:
        st.caption(t("actions_pictures_shown", lang))
        st.html('<div class="raati-picture-gallery" role="list" style="display:flex;'
                'flex-wrap:wrap;gap:0.5rem">'
                + "".join(f'<div role="listitem">{f}</div>' for f in figures) + "</div>")


def acting():
    """The user a button acts for, checked again in the database."""
    return auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())


def refusal(exc: Exception) -> str:
    """A refused change as a sentence in the interface language."""
    if isinstance(exc, action_control.NotAllowed):
        return t("actions_not_allowed", lang)
    if isinstance(exc, ActionError):
        return t(exc.key, lang, **exc.values)
    return ui.plain(str(exc))


def run(action, *args, **kwargs) -> str | None:
    """Do a staff action by the acting user; None when done, else the refusal to show."""
    who = acting()
    if who is None:
        return t("actions_not_allowed", lang)
    try:
        action(store, who, *args, **kwargs)
    except (ActionError, StoreError) as exc:
        return refusal(exc)
    return None


msg = ss.pop("actions_msg", None)
if msg:
    getattr(st, msg[0])(msg[1])

if not readable:
    st.info(t("actions_no_units", lang))
    st.stop()
if not editable:
    st.caption(t("actions_read_only", lang))

# -- where an action came from -------------------------------------------------------------
_panels: dict[int, object] = {}
_proposals: dict[int, dict[int, str]] = {}


def source_text(a: Action) -> str:
    """"Raati: <title> – ehdotus: <text>", "Kysely: <title> – <question>" or "Kuultu"."""
    if a.panel is not None:
        if a.panel not in _panels:
            _panels[a.panel] = store.panel(a.panel)
        panel = _panels[a.panel]
        title = panel.title if panel is not None else str(a.panel)
        if a.proposal is None:
            return t("actions_from_panel", lang, title=title)
        if a.panel not in _proposals:
            _proposals[a.panel] = {p.id: p.text for p in store.proposals(a.panel)}
        return t("actions_from_proposal", lang, title=title,
                 proposal=_proposals[a.panel].get(a.proposal, "–"))
    if a.survey is not None:
        survey = surveys.get(a.survey)
        title = survey.text(survey.title, lang) if survey else a.survey
        if a.question is None:
            return t("actions_from_survey", lang, survey=title)
        q = survey.question(a.question) if survey else None
        return t("actions_from_question", lang, survey=title,
                 question=survey.text(q.text, lang) if q else a.question)
    return t("actions_from_heard", lang)


# -- record an action ------------------------------------------------------------------------
NEW = ("unit", "source", "panel", "proposal", "survey", "question", "said", "did", "status",
       "responsible", "due", "public", "picture")


def new_key(field: str) -> str:
    return f"act_new_{field}"


prefill = ss.pop("action_prefill", None) if editable else None
if prefill:
    panel = store.panel(prefill["panel"]) if prefill.get("panel") is not None else None
    unit = prefill.get("unit") or (panel.unit if panel else None)
    if unit in editable:
        ss[new_key("unit")] = unit
    ss[new_key("said")] = prefill.get("said") or ""
    for field in ("panel", "proposal", "survey", "question"):
        ss.pop(new_key(field), None)
    if panel is not None:
        ss[new_key("source")] = "panel"
        ss[new_key("panel")] = panel.id
        if prefill.get("proposal") is not None:
            ss[new_key("proposal")] = prefill["proposal"]
    elif prefill.get("survey") in surveys:
        ss[new_key("source")] = "survey"
        ss[new_key("survey")] = prefill["survey"]
        if prefill.get("question"):
            ss[new_key("question")] = prefill["question"]
    else:
        ss[new_key("source")] = "heard"
    ss.act_new_prefilled = prefill.get("finding") or (
        "proposal" if panel is not None and prefill.get("proposal") is not None else True)
    ss.act_unit_choice = ss.get(new_key("unit"))
ss.setdefault(new_key("public"), True)
ss.setdefault(new_key("status"), "received")


def keep_if_in(field: str, options: list) -> None:
    """Forget a chosen value no longer among its options (another unit, a deleted panel)."""
    if ss.get(new_key(field)) not in options:
        ss.pop(new_key(field), None)


def save_new() -> None:
    """Record the action the add form describes (a button callback)."""
    ss.pop("act_new_error", None)
    who = acting()
    if who is None:
        ss.act_new_error = t("actions_not_allowed", lang)
        return
    get = lambda f: ss.get(new_key(f))  # noqa: E731
    if get("unit") not in editable:
        ss.act_new_error = t("actions_pick_unit", lang)
        return
    source = get("source") or "heard"
    extra: dict = {}
    if source == "panel":
        if get("panel") is None:
            ss.act_new_error = t("actions_pick_panel", lang)
            return
        extra = {"panel": get("panel"), "proposal": get("proposal")}
    elif source == "survey":
        if not get("survey"):
            ss.act_new_error = t("actions_pick_survey", lang)
            return
        extra = {"survey": get("survey"), "question": get("question") or None}
    try:
        made = action_control.record(
            store, who, get("unit"), get("said") or "", get("did") or "", surveys=surveys,
            defs_dir=defs, picture=get("picture") or None, status=get("status"),
            public=bool(get("public")), responsible=get("responsible") or None,
            due=get("due"), **extra)
    except (ActionError, StoreError) as exc:
        ss.act_new_error = refusal(exc)
        return
    for field in NEW:
        if field != "unit":
            ss.pop(new_key(field), None)
    ss.pop("act_new_prefilled", None)
    ss.actions_msg = ("success", t("actions_saved", lang, n=made.id))


def remember_unit() -> None:
    """Keep the unit chosen for new actions for this browser session (the widget's own
    state is forgotten when another page is opened)."""
    ss.act_unit_choice = ss.get(new_key("unit"))


def add_form(expanded: bool) -> None:
    """The form that records an action; pre-filled, it says from what."""
    st.subheader(t("actions_add", lang), anchor=False)
    with st.expander(t("actions_add", lang), expanded=expanded):
        add_form_fields()


def add_form_fields() -> None:
    prefilled = ss.get("act_new_prefilled")
    if prefilled == "proposal":  # from a panel proposal: its text is what they said
        st.info(t("actions_prefilled_proposal", lang))
    elif isinstance(prefilled, str):  # from a results theme: the figure, not their words
        st.info(t("actions_prefilled_finding", lang, finding=ui.plain(prefilled)))
    elif prefilled:
        st.info(t("actions_prefilled", lang))
    keep_if_in("unit", editable)
    if new_key("unit") not in ss and ss.get("act_unit_choice") in editable:
        ss[new_key("unit")] = ss.act_unit_choice
    # More than one unit: chosen on purpose, never the first one silently.
    default = {} if new_key("unit") in ss else {"index": 0 if len(editable) == 1 else None}
    unit = st.selectbox(t("actions_add_unit", lang), editable, key=new_key("unit"),
                        format_func=unit_name, on_change=remember_unit,
                        placeholder=t("actions_unit_placeholder", lang), **default)
    source = st.radio(t("actions_source", lang), ("heard", "panel", "survey"),
                      key=new_key("source"), horizontal=True,
                      format_func=lambda s: t(f"actions_source_{s}", lang))
    if source == "panel":
        unit_panels = {p.id: p for p in store.panels(unit=unit)} if unit else {}
        keep_if_in("panel", list(unit_panels))
        if unit is None:  # the unit's panels are offered once it is chosen
            st.info(t("actions_pick_unit", lang))
        elif not unit_panels:
            st.info(t("actions_no_panels", lang))
        else:
            panel_id = st.selectbox(
                t("actions_panel", lang), list(unit_panels), key=new_key("panel"),
                format_func=lambda i: f"{unit_panels[i].title} · {fi_date(unit_panels[i].opened)}"
                f" · {t('panels_phase_' + unit_panels[i].phase, lang)}")
            proposals = {p.id: p.text for p in store.proposals(panel_id)}
            keep_if_in("proposal", [None, *proposals])
            st.selectbox(t("actions_proposal", lang), [None, *proposals],
                         key=new_key("proposal"),
                         format_func=lambda i: proposals[i] if i is not None else t(
                             "actions_whole_panel", lang))
    elif source == "survey":
        # Only the surveys with a round or answers at the unit (store.add_action refuses
        # another unit's survey); offered once the unit is chosen.
        offered = [s for s in surveys if s in store.surveys_used_at(unit)] if unit else []
        if unit is None:
            st.info(t("actions_pick_unit", lang))
        elif not offered:
            st.info(t("actions_no_surveys_at_unit", lang))
        else:
            keep_if_in("survey", offered)
            chosen = st.selectbox(t("col_survey", lang), offered, key=new_key("survey"),
                                  format_func=lambda s: surveys[s].text(surveys[s].title, lang))
            questions = {q.id: surveys[chosen].text(q.text, lang)
                         for q in surveys[chosen].questions}
            keep_if_in("question", [None, *questions])
            st.selectbox(t("actions_question", lang), [None, *questions],
                         key=new_key("question"),
                         format_func=lambda q: questions[q] if q is not None else t(
                             "actions_whole_survey", lang))
    st.text_area(t("actions_said", lang), key=new_key("said"),
                 placeholder=t("actions_said_example", lang),
                 help=t("actions_said_help", lang, k=SAID_MAX_LENGTH))
    st.text_area(t("actions_did", lang), key=new_key("did"),
                 placeholder=t("actions_did_example", lang),
                 help=t("actions_did_help", lang, k=DID_MAX_LENGTH))
    c1, c2, c3 = st.columns(3)
    c1.selectbox(t("actions_status", lang), STATUSES, key=new_key("status"),
                 format_func=status_label)
    c2.text_input(t("actions_responsible", lang), key=new_key("responsible"),
                  help=t("actions_responsible_help", lang, k=RESPONSIBLE_MAX_LENGTH))
    c3.date_input(t("actions_due", lang), value=None, key=new_key("due"), format="DD.MM.YYYY")
    st.toggle(t("actions_public", lang), key=new_key("public"),
              help=t("actions_public_help", lang))
    keep_if_in("picture", ["", *pictures])
    p1, p2 = st.columns([3, 1])
    picture = p1.selectbox(t("actions_picture", lang), ["", *pictures], key=new_key("picture"),
                           format_func=lambda p: picture_name(p) if p else t(
                               "actions_no_picture", lang),
                           help=t("actions_picture_help", lang))
    if picture and ui.picture_path(picture):
        p2.image(str(ui.picture_path(picture)), width=96)
    picture_gallery()
    if ss.get("act_new_error"):
        st.error(ss.act_new_error)
    st.button(t("actions_save", lang), type="primary", key="act_new_save", on_click=save_new)


# Pre-filled from a results theme or a panel proposal: the form first, in sight.
form_on_top = bool(ss.get("act_new_prefilled"))
if form_on_top:
    add_form(expanded=True)


# -- the overview ---------------------------------------------------------------------------
f1, f2, f3 = st.columns([2, 3, 2])
shown_unit = f1.selectbox(t("unit_filter", lang), [""] + readable, key="act_f_unit",
                          format_func=lambda u: unit_name(u) if u else t(
                              "all_units" if auth.unit_filter(user) is None else
                              "all_my_units", lang))
statuses = f2.multiselect(t("actions_filter_status", lang), STATUSES, key="act_f_status",
                          format_func=status_label, placeholder=t("actions_all_statuses", lang))
only_late = f3.toggle(t("actions_only_overdue", lang), key="act_f_late")
found = action_control.actions_for(store, user, statuses=statuses or None,
                                   unit=shown_unit or None)
late = [a for a in found if a.overdue(today)]
shown = late if only_late else found
# Overdue ones first, each group newest first (the store's order).
shown = sorted(shown, key=lambda a: not a.overdue(today))

st.caption(t("actions_count", lang, n=len(shown), late=len(late)))
if late:
    st.warning(t("actions_late_warning", lang, n=len(late)), icon="⚠️")
if shown:
    d1, d2, _ = st.columns([1, 1, 2])
    stem = f"raati-toimenpiteet-{today.isoformat()}"
    d1.download_button(t("actions_csv", lang), mime="text/csv", key="act_csv",
                       data=partial(action_control.export_csv, shown, today, lang=lang),
                       file_name=f"{stem}.csv")
    d2.download_button(t("actions_csv_excel", lang), mime="text/csv", key="act_csv_excel",
                       data=partial(action_control.export_csv, shown, today, excel=True,
                                    lang=lang),
                       file_name=f"{stem}-excel.csv")
elif found or statuses or shown_unit:
    st.info(t("actions_none_shown", lang))
else:
    st.info(t("actions_none", lang))


def stop_editing() -> None:
    ss.pop("act_editing", None)


@st.dialog(t("actions_edit", lang), on_dismiss=stop_editing)
def edit_dialog(aid: int) -> None:
    """Change one action: status, what was done, a note for the history, and the rest.
    It stays open while ``act_editing`` names it."""
    a = store.action(aid)
    if a is None:
        stop_editing()
        st.rerun()
    k = {f: f"act_edit_{f}_{aid}" for f in ("status", "did", "note", "said", "responsible",
                                            "due", "picture", "public")}
    for field, value in (("status", a.status), ("did", a.did), ("note", ""), ("said", a.said),
                         ("responsible", a.responsible or ""),
                         ("due", dt.date.fromisoformat(a.due) if a.due else None),
                         ("picture", a.picture or ""), ("public", a.public)):
        ss.setdefault(k[field], value)
    st.selectbox(t("actions_status", lang), STATUSES, key=k["status"], format_func=status_label)
    st.text_area(t("actions_did", lang), key=k["did"], help=t("actions_did_help", lang,
                                                              k=DID_MAX_LENGTH))
    st.text_input(t("actions_note", lang), key=k["note"],
                  help=t("actions_note_help", lang, k=NOTE_MAX_LENGTH))
    st.text_area(t("actions_said", lang), key=k["said"],
                 help=t("actions_said_help", lang, k=SAID_MAX_LENGTH))
    st.text_input(t("actions_responsible", lang), key=k["responsible"],
                  help=t("actions_responsible_help", lang, k=RESPONSIBLE_MAX_LENGTH))
    st.date_input(t("actions_due", lang), value=None, key=k["due"], format="DD.MM.YYYY")
    options = [""] + sorted(set(pictures) | ({a.picture} if a.picture else set()))
    picture = st.selectbox(t("actions_picture", lang), options, key=k["picture"],
                           format_func=lambda p: picture_name(p) if p else t(
                               "actions_no_picture", lang))
    if picture and ui.picture_path(picture):
        st.image(str(ui.picture_path(picture)), width=96)
    picture_gallery()
    st.toggle(t("actions_public", lang), key=k["public"], help=t("actions_public_help", lang))
    c1, c2 = st.columns(2)
    if c1.button(t("save", lang), type="primary", key="act_edit_save"):
        problem = run(action_control.change, aid, defs_dir=defs, status=ss[k["status"]],
                      did=ss[k["did"]], note=ss[k["note"]], said=ss[k["said"]],
                      responsible=ss[k["responsible"]] or None, due=ss[k["due"]],
                      picture=ss[k["picture"]] or None, public=ss[k["public"]])
        if problem:  # the dialog stays open with what was typed
            st.error(problem)
            return
        stop_editing()
        ss.actions_msg = ("success", t("actions_changed", lang))
        st.rerun()
    if c2.button(t("cancel", lang), key="act_edit_cancel"):
        stop_editing()
        st.rerun()


def delete(aid: int) -> None:
    ss.pop("act_delete_confirm", None)
    problem = run(action_control.remove, aid)
    ss.actions_msg = ("error", problem) if problem else ("success", t("actions_deleted", lang))


def card(a: Action) -> None:
    """One action: status, overdue mark, said and did, details, picture, history."""
    overdue = a.overdue(today)
    with st.container(border=True, key=f"act_card_{a.id}"):
        main, side = st.columns([5, 1])
        head = f"**{status_label(a.status)}** · {ui.plain(unit_name(a.unit))}"
        main.markdown(head)
        if overdue:
            main.badge(t("actions_overdue", lang, date=fi_date(a.due)), icon="⚠️", color="red")
        main.markdown(f"**{t('actions_said', lang)}**")
        main.text(a.said)
        main.markdown(f"**{t('actions_did', lang)}**")
        main.text(a.did)
        main.text(t("actions_source_line", lang, source=source_text(a)))
        details = [t("actions_public_yes" if a.public else "actions_public_no", lang),
                   t("actions_due_line", lang, date=fi_date(a.due)),
                   t("actions_responsible_line", lang, name=a.responsible or "–")]
        main.caption(ui.plain(" · ".join(details)))
        picture = ui.picture_path(a.picture)
        if picture is not None:
            side.image(str(picture), width=72)
        with main.expander(t("actions_history", lang, n=len(a.history))):
            for h in a.history:
                # What changed, where it is more than the status the line already says.
                changed = (action_control.changed_text(h, lang)
                           if set(h.changed) - {"status"} else "")
                line = " · ".join(x for x in (fi_date(h.date), status_label(h.status),
                                              changed, h.note) if x)
                st.text(line)
        if not action_control.may_edit(user, a.unit):
            return
        if ss.get("act_delete_confirm") == a.id:
            st.warning(t("actions_delete_confirm", lang))
            y, n, _ = st.columns([1, 1, 3])
            y.button(t("actions_delete_yes", lang), type="primary", key=f"act_del_yes_{a.id}",
                     on_click=delete, args=(a.id,))
            n.button(t("cancel", lang), key=f"act_del_no_{a.id}",
                     on_click=lambda: ss.pop("act_delete_confirm", None))
        else:
            b1, b2, _ = st.columns([1, 1, 3])
            b1.button(t("actions_edit", lang), key=f"act_edit_{a.id}",
                      on_click=ss.update, kwargs={"act_editing": a.id})
            b2.button(t("actions_delete", lang), key=f"act_del_{a.id}",
                      on_click=ss.update, kwargs={"act_delete_confirm": a.id})


for action in shown:
    card(action)

editing = ss.get("act_editing")
if editing is not None:
    target = next((a for a in shown if a.id == editing), None)
    if target is not None and action_control.may_edit(user, target.unit):
        edit_dialog(editing)
    else:  # deleted meanwhile, or filtered out of sight
        stop_editing()

if not editable:
    st.stop()
if not form_on_top:
    add_form(expanded=not found)


# -- the public page: how long done actions stay, its link -----------------------------------
def save_days(unit: str) -> None:
    problem = run(action_control.set_done_shown_days, unit, int(ss[f"act_days_{unit}"]))
    ss.actions_msg = ("error", problem) if problem else (
        "success", t("actions_days_saved", lang, unit=unit_name(unit)))


st.subheader(t("actions_public_page", lang), anchor=False)
with st.expander(t("actions_public_page", lang)):
    st.caption(t("actions_public_page_help", lang))
    # The links and posters use the app's address: warn when a phone cannot open it.
    warning = link_warning(config.actions_link(ui.app_base_url(), editable[0]), lang)
    if warning:
        st.warning(ui.plain(warning), icon="⚠️")
    for unit in editable:
        ss.setdefault(f"act_days_{unit}", store.done_shown_days(unit))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.number_input(ui.plain(t("actions_days", lang, unit=unit_name(unit))), 0,
                        MAX_DONE_SHOWN_DAYS, step=1, key=f"act_days_{unit}")
        c2.button(t("save", lang), key=f"act_days_save_{unit}", on_click=save_days,
                  args=(unit,))
        link = config.actions_link(ui.app_base_url(), unit)
        st.code(link, language=None)
        # The QR poster for the workshop's wall, made when the button is pressed.
        st.download_button(t("actions_poster", lang, unit=unit_name(unit)),
                           data=partial(poster.actions_poster_pdf, unit_name(unit), link, lang),
                           file_name=f"raati-teimme-{unit}.pdf", mime="application/pdf",
                           key=f"act_poster_{unit}")
