"""Staff: client panel sessions (asiakasraati). Open a session, then run it from here
on a laptop or phone while the shared screen shows it: move the phases, approve, edit
or hide ideas (personal data masked in the suggestion), add ideas said aloud or written
on paper, group similar ideas, turn top ideas into proposals, export the outcome.

Every action goes through raati.panel_control (unit check, store rules, audit log)."""

from functools import partial

import streamlit as st

from analysis.formatting import fi_percent
from analysis.panel_report import panel_report
from raati import auth, config, panel_control, panels, qr, ui
from raati.actions import SYMBOLS
from raati.i18n import t
from raati.modcache import masked_suggestion
from raati.panels import PanelError
from raati.responses import TextTooLong
from raati.store import StoreError

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
ss = st.session_state
login = (user.id, ss.get("session_token"))

st.title(t("panels_title", lang))
st.write(t("panels_intro", lang))


def acting():
    """The user a button acts for, checked again in the database."""
    return auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())


def run(action, *args, done: str | None = None, at: str | None = None, **kwargs) -> None:
    """Do a staff action in a button callback; keep its refusal (or ``done``) for the page:
    at the top, or with ``at`` (a form's name) at that form (:func:`form_note`), where
    the person who sent it is looking."""
    who = acting()
    if who is None:
        return
    slot = f"panels_msg_{at}" if at else "panels_msg"
    try:
        action(store, who, *args, **kwargs)
    except TextTooLong as exc:
        ss[slot] = ("error", t("panel_idea_too_long", lang, n=exc.length, k=exc.max_length))
    except (PanelError, StoreError) as exc:
        key = getattr(exc, "key", "panel_refused")
        ss[slot] = ("error", t(key, lang, **getattr(exc, "values", {})))
    else:
        if done:
            ss[slot] = ("success", t(done, lang))
        # A button inside a refreshing fragment reruns only the fragment: the rest of the
        # page (status line, the ideas on the screen) is drawn anew on the next run.
        ss.panels_changed = True


def refuse_at(at: str, key: str) -> None:
    """A form's own refusal (nothing sent), said at that form on the next run."""
    ss[f"panels_msg_{at}"] = ("error", t(key, lang))


def form_note(at: str) -> None:
    """The refusal or confirmation of the form ``at`` (:func:`run`), right under its
    button, as on Toimenpiteet."""
    note = ss.pop(f"panels_msg_{at}", None)
    if note:
        getattr(st, note[0])(note[1])


def theme_line(theme: dict) -> str:
    """A starting theme in words: a weak one with its share of 1–2, a strong one with its
    share of 3–4 (1 − share of 1–2 on the four-point scale), as on Tulokset."""
    share = theme["share_low"] if theme["kind"] == "weak" else 1 - theme["share_low"]
    return t(f"panels_theme_{theme['kind']}", lang, q=theme.get("text", ""), n=theme.get("n"),
             p=fi_percent(share))


ss.pop("panels_changed", None)  # this run draws everything anew
msg = ss.pop("panels_msg", None)
if msg:
    getattr(st, msg[0])(msg[1])

# -- open a session ---------------------------------------------------------------------
unit_names = {u.id: u.name for u in store.units()}
sessions = panel_control.sessions_for(store, user)
my_units = [u for u in unit_names if auth.may_act_on_unit(user, u)]
admin = auth.unit_filter(user) is None
# A theme from the results' plain view (pages/results.py, "Avaa raati tästä"): kept until
# the form is sent, so that choosing a round meanwhile does not lose it.
prefill = ss.get("panel_prefill") or {}
if prefill.get("unit") in my_units and not prefill.get("unit_chosen"):
    ss["panels_open_unit"] = prefill["unit"]  # once: staff may choose another after
    prefill["unit_chosen"] = True
with st.expander(t("panels_open", lang), expanded=not sessions or bool(prefill)):
    if prefill:
        st.info(t("panels_prefilled_theme", lang))
    if not my_units and not admin:
        st.info(t("no_units", lang))
    else:
        # The unit and the round are chosen outside the form: the round's themes to tick
        # follow the choice at once (a form would show them only after it is sent).
        unit = st.selectbox(t("unit_existing", lang) if admin else t("col_unit", lang),
                            my_units, format_func=unit_names.get, key="panels_open_unit")
        open_surveys, _ = ui.surveys()
        unit_rounds = {r.id: r for r in store.rounds()
                       if r.unit == unit and r.survey in open_surveys}

        def round_label(i: int | None) -> str:
            if i is None:
                return t("panels_round_none", lang)
            r = unit_rounds[i]
            survey = open_surveys[r.survey]
            return (f"{r.name or r.opens} · {survey.text(survey.title, lang)} · "
                    f"{t('status_' + r.status(), lang)}")

        round_id, round_key = None, f"panels_open_round_{unit}"
        if prefill.get("round") in unit_rounds and not prefill.get("round_chosen"):
            ss[round_key] = prefill["round"]  # the round the theme came from, once
            prefill["round_chosen"] = True
        if unit_rounds:
            round_id = st.selectbox(t("panels_round", lang), [None, *unit_rounds],
                                    key=round_key, format_func=round_label,
                                    help=t("panels_round_help", lang))
        with st.form("panel_open", clear_on_submit=True):
            new_unit = ""
            if admin:  # only an admin creates units (as on the rounds page)
                new_unit = st.text_input(t("unit_new", lang), max_chars=40).strip()
                unit = new_unit or unit
            title = st.text_input(t("panels_session_title", lang),
                                  max_chars=panels.TITLE_MAX_LENGTH,
                                  placeholder=t("panels_title_example", lang),
                                  value=prefill.get("title", ""))
            prompts = st.text_area(t("panels_prompts", lang), help=t("panels_prompts_help", lang),
                                   value=prefill.get("prompt", ""))
            offered: list[dict] = []  # the round's themes (minimum group as on Tulokset)
            if round_id is not None:
                rnd = unit_rounds[round_id]
                try:
                    offered = panel_control.round_themes(
                        open_surveys[rnd.survey], ui.block_counts(open_surveys[rnd.survey]), rnd)
                except panel_control.NoThemes as exc:
                    st.info(t(exc.key, lang, **exc.values))
            ticked = []
            if offered:
                st.markdown(f"**{t('panels_themes_pick', lang)}**")
                for theme in offered:
                    if st.checkbox(ui.plain(theme_line(theme)), value=True, key=f"panels_theme_{round_id}_{theme['question']}"):
                        ticked.append(theme)
            c1, c2 = st.columns(2)
            votes = c1.number_input(t("panels_votes", lang), 1, panels.MAX_VOTES,
                                    panels.DEFAULT_VOTES)
            max_per = c2.number_input(t("panels_max_per_idea", lang), 1, panels.MAX_VOTES,
                                      panels.DEFAULT_MAX_PER_IDEA)
            moderation = st.radio(t("panels_moderation", lang), panels.MODERATION,
                                  format_func=lambda m: t(f"panels_moderation_{m}", lang),
                                  horizontal=True)
            if st.form_submit_button(t("panels_open_button", lang), type="primary"):
                try:
                    if ticked:  # the round again, for this unit (an admin may type another)
                        panel_control.theme_round(store, unit, round_id)
                    made = panel_control.open_session(
                        store, user, unit, title, votes_per_person=int(votes),
                        max_per_idea=int(max_per), moderation=moderation,
                        prompts=prompts.splitlines(), themes=ticked,
                        survey=unit_rounds[round_id].survey if ticked else None,
                        round_id=round_id if ticked else None,
                        new_unit=bool(new_unit) and new_unit not in unit_names)
                except PanelError as exc:
                    st.error(t(exc.key, lang, **exc.values))
                except StoreError as exc:
                    st.error(ui.plain(str(exc)))
                else:
                    ss.panels_pick = made.id
                    ss.pop(round_key, None)  # the next session starts without a round
                    ss.pop("panel_prefill", None)  # the theme is in the session now
                    ss.panels_msg = ("success", t("panels_opened", lang, code=made.code))
                    st.rerun()

if not sessions:
    st.info(t("panel_none_yet", lang))
    st.stop()

# -- the sessions ------------------------------------------------------------------------
st.dataframe(
    [{t("panels_col_title", lang): p.title, t("col_unit", lang): unit_names.get(p.unit, p.unit),
      t("panels_col_phase", lang): t(f"panels_phase_{p.phase}", lang),
      t("panels_col_people", lang): p.participants, t("panels_col_date", lang): p.opened,
      # A closed session's code still opens its thank-you page (and its proposals).
      t("panels_col_code", lang): p.code} for p in sessions],
    hide_index=True, width="stretch")
ids = [p.id for p in sessions]
if ss.get("panels_pick") not in ids:
    ss.panels_pick = ids[0]
st.selectbox(t("panels_pick", lang), ids, key="panels_pick",
             format_func=lambda i: next(f"{p.title} · {unit_names.get(p.unit, p.unit)} · "
                                        f"{p.opened}" for p in sessions if p.id == i))
panel = next(p for p in sessions if p.id == ss.panels_pick)
ideas = store.ideas(panel.id)  # read once a run (the waiting list refreshes its own)
by_status = {status: [i for i in ideas if i.status == status] for status in panels.IDEA_STATES}

# -- the chosen session: join, shared screen, phase -------------------------------------
link = config.join_link(ui.app_base_url(), panel.code)
if panel.phase != "closed":
    c1, c2 = st.columns([1, 3])
    c1.image(qr.qr_png(link), width=140, caption=t("panel_screen_qr_alt", lang))
    c2.markdown(t("panels_join_line", lang, code=panel.code))
    c2.code(link, language=None)
    warning = qr.link_warning(link, lang)
    if warning:
        c2.warning(warning)
    c2.page_link("pages/panel_screen.py", label=t("panels_open_screen", lang), icon="📺",
                 query_params={"panel": str(panel.id)})
    with st.expander(t("panels_kiosk", lang)):
        # The shared tablet's own link: only it offers "Seuraava henkilö" (fresh dots for
        # each person), so it is shown to staff only, never on the shared screen.
        kiosk = panels.kiosk_link(ui.app_base_url(), panel.code, panel.kiosk_token)
        st.write(t("panels_kiosk_help", lang))
        st.code(kiosk, language=None)


@st.fragment(run_every=3 if panel.phase != "closed" else None)
def status_line() -> None:
    """Phase, people joined and ideas by state, kept current while phones join and write."""
    now = store.panel(panel.id) or panel
    counts = store.panel_texts_count(panel.id)
    st.caption(t("panels_status_line", lang, phase=t(f"panels_phase_{now.phase}", lang),
                 n=now.participants, **{k: counts.get(k, 0) for k in panels.IDEA_STATES}))


status_line()
if panel.themes:  # the starting themes taken from a survey round (issue 12)
    with st.expander(t("panels_session_themes", lang, n=len(panel.themes))):
        for theme in panel.themes:
            known = theme.get("kind") in ("weak", "strong") and "share_low" in theme
            st.text(theme_line(theme) if known else str(theme.get("text", "")))

NEXT = {"ideas": "voting", "voting": "results", "results": "closed"}
if panel.phase in NEXT:
    nxt = NEXT[panel.phase]
    b1, b2 = st.columns(2)
    if nxt == "closed":
        if ss.get("panels_close_confirm") == panel.id:
            st.warning(t("panels_close_confirm", lang))
            y, n = st.columns(2)
            y.button(t("panels_close_yes", lang), type="primary", key="panels_close_yes",
                     on_click=run, args=(panel_control.move_phase, panel.id, "closed"))
            n.button(t("cancel", lang), key="panels_close_no",
                     on_click=lambda: ss.pop("panels_close_confirm", None))
        else:
            b1.button(t("panels_to_closed", lang), key="panels_next",
                      on_click=lambda: ss.update(panels_close_confirm=panel.id))
    else:
        b1.button(t(f"panels_to_{nxt}", lang), type="primary", key="panels_next",
                  on_click=run, args=(panel_control.move_phase, panel.id, nxt))
    if panel.phase in ("voting", "results"):
        back = "ideas" if panel.phase == "voting" else "voting"
        b2.button(t(f"panels_back_to_{back}", lang), key="panels_back",
                  on_click=run, args=(panel_control.move_phase, panel.id, back))

# -- ideas: waiting (refreshed while clients write), on the screen ----------------------
tab_ideas, tab_proposals, tab_export = st.tabs(
    [t("panels_tab_ideas", lang), t("panels_tab_proposals", lang), t("panels_tab_export", lang)])


with tab_ideas:
    if panel.phase in panels.STAFF_IDEA_PHASES:  # the list of ideas is final at results
        with st.form("panels_add_idea", clear_on_submit=True):
            said = st.text_input(t("panels_add_idea", lang), max_chars=panels.IDEA_MAX_LENGTH,
                                 help=t("panels_add_idea_help", lang))
            if st.form_submit_button(t("panels_add_idea_button", lang)):
                if said.strip():
                    run(panel_control.add_idea, panel.id, said, at="add_idea")
                else:
                    refuse_at("add_idea", "panel_idea_empty")
                st.rerun()
            form_note("add_idea")

    @st.fragment(run_every=3)
    def waiting_list() -> None:
        """New ideas from the phones, each with its masked suggestion; approve keeps what
        its box says. (Edit boxes are in a dialog: a refresh never loses typing.)"""
        if ss.pop("panels_changed", False):  # (a full run popped it at the top already)
            st.rerun(scope="app")  # a decision made here: draw the whole page anew
        waiting = store.ideas(panel.id, ["waiting"])
        st.subheader(t("panels_waiting", lang, n=len(waiting)), anchor=False)
        if waiting and len(waiting) > 1:
            st.button(t("panels_approve_all", lang, n=len(waiting)), key="panels_approve_all",
                      on_click=run, args=(panel_control.approve_all, panel.id,
                                          [i.id for i in waiting]),
                      kwargs={"suggest": masked_suggestion})
        for idea in waiting:
            suggestion = masked_suggestion(idea.text)
            with st.container(border=True, key=f"panels_w_{idea.id}"):
                st.text(idea.text)
                if suggestion != idea.text:
                    st.caption(t("panels_masked", lang))
                    st.text(suggestion)
                c1, c2, c3 = st.columns(3)
                c1.button(t("mod_approve", lang), key=f"panels_ok_{idea.id}", type="primary",
                          on_click=run, args=(panel_control.moderate, idea.id, "approved"),
                          kwargs={"text": suggestion if suggestion != idea.text else None,
                                  "expect": "waiting"})
                if c2.button(t("panels_edit", lang), key=f"panels_edit_{idea.id}"):
                    start_editing(idea.id, suggestion)
                c3.button(t("mod_hide", lang), key=f"panels_hide_{idea.id}",
                          on_click=run, args=(panel_control.moderate, idea.id, "hidden"),
                          kwargs={"expect": "waiting"})

    def start_editing(idea_id: int, text: str) -> None:
        """Open the edit dialog (an Edit button in a refreshing list): the whole page is
        drawn anew with it, and ``panels_editing`` keeps it open while the lists refresh."""
        ss.panels_editing = (idea_id, text)
        st.rerun(scope="app")

    def stop_editing() -> None:
        ss.pop("panels_editing", None)

    @st.dialog(t("panels_edit", lang), on_dismiss=stop_editing)
    def edit_dialog(idea_id: int, suggestion: str) -> None:
        """Edit an idea's text: a waiting one is approved with it, an approved one keeps
        its place and dots (raati.store moderate_idea masks what staff type)."""
        idea = store.idea(idea_id)
        text = st.text_area(t("panels_edit_text", lang), value=suggestion,
                            max_chars=panels.IDEA_MAX_LENGTH, key=f"panels_edit_text_{idea_id}")
        label = "save" if idea is not None and idea.status == "approved" else "mod_approve"
        c1, c2 = st.columns(2)
        if c1.button(t(label, lang), type="primary", key="panels_edit_ok"):
            run(panel_control.moderate, idea_id, "approved", text=text,
                expect=idea.status if idea else None)
            stop_editing()
            st.rerun()
        if c2.button(t("cancel", lang), key="panels_edit_cancel"):
            stop_editing()
            st.rerun()

    if panel.phase != "closed":
        waiting_list()

    @st.fragment(run_every=3 if panel.phase != "closed" else None)
    def screen_lists() -> None:
        """The ideas on the shared screen (with their dots) and the hidden ones, kept
        current: under post-moderation ideas reach the screen without a decision here.
        Buttons only (no text inputs: a refresh never loses typing)."""
        if ss.pop("panels_changed", False):
            st.rerun(scope="app")  # a decision made here: draw the whole page anew
        now = store.ideas(panel.id, ["approved", "hidden"])
        shown = [i for i in now if i.status == "approved"]
        st.subheader(t("panels_on_screen", lang, n=len(shown)), anchor=False)
        for group, members, votes in panels.ranked(shown):
            with st.container(border=True):
                if group:
                    st.markdown(f"**{ui.plain(group)}** · {t('panel_votes_n', lang, n=votes)}")
                for idea in members:
                    c1, c3, c2 = st.columns([4, 1, 1])
                    c1.text(f"{idea.text}  ({t('panel_votes_n', lang, n=idea.votes)})")
                    if panel.phase != "closed":
                        # Edited in the same dialog as a waiting idea (masked as staff's
                        # edits are); it keeps its place on the screen and its dots.
                        if c3.button(t("panels_edit", lang), key=f"panels_edit2_{idea.id}"):
                            start_editing(idea.id, idea.text)
                        c2.button(t("mod_hide", lang), key=f"panels_hide2_{idea.id}",
                                  on_click=run, args=(panel_control.moderate, idea.id,
                                                      "hidden"),
                                  kwargs={"expect": "approved"})
        hidden = [i for i in now if i.status == "hidden"]
        if hidden:
            with st.expander(t("panels_hidden", lang, n=len(hidden))):
                for idea in hidden:
                    c1, c2 = st.columns([5, 1])
                    c1.text(idea.text)
                    if panel.phase != "closed":
                        c2.button(t("panels_restore", lang), key=f"panels_back_{idea.id}",
                                  on_click=run, args=(panel_control.moderate, idea.id,
                                                      "waiting"),
                                  kwargs={"expect": "hidden"})

    screen_lists()
    editing = ss.get("panels_editing")
    if editing:  # (outside the refreshing lists: their refresh never closes it)
        edited = store.idea(editing[0])
        if edited is None or edited.panel_id != panel.id or panel.phase == "closed":
            stop_editing()  # another session chosen, or the idea or session gone
        else:
            edit_dialog(*editing)
    # Grouping stays outside the refreshing list (its inputs would be redrawn under the
    # typing); a closed session's ranking is final, so no grouping then.
    approved = by_status["approved"]
    if len(approved) > 1 and panel.phase != "closed":
        with st.form("panels_group", clear_on_submit=True):
            st.markdown(f"**{t('panels_group_title', lang)}**")
            chosen = st.multiselect(t("panels_group_ideas", lang), [i.id for i in approved],
                                    placeholder=t("panels_pick_placeholder", lang),
                                    format_func=lambda i: next(x.text for x in approved
                                                               if x.id == i))
            name = st.text_input(t("panels_group_name", lang), max_chars=panels.GROUP_MAX_LENGTH,
                                 help=t("panels_group_help", lang))
            if st.form_submit_button(t("panels_group_button", lang)):
                if chosen:
                    run(panel_control.group, panel.id, chosen, name or None, at="group")
                else:
                    refuse_at("group", "panels_group_pick")
                st.rerun()
            form_note("group")


def ask_delete_proposal(proposal_id: int) -> None:
    ss.pop("panels_pdel_refused", None)
    ss.panels_pdel_confirm = proposal_id


def delete_proposal(proposal_id: int) -> None:
    """Delete a proposal (a button callback); a refusal (the session closed, actions
    recorded from it) is kept to show under that proposal."""
    ss.pop("panels_pdel_confirm", None)
    who = acting()
    if who is None:
        return
    try:
        panel_control.delete_proposal(store, who, panel.id, proposal_id)
    except (PanelError, StoreError) as exc:
        key = getattr(exc, "key", "panel_refused")
        ss.panels_pdel_refused = (proposal_id, t(key, lang, **getattr(exc, "values", {})))
    else:
        ss.panels_msg = ("success", t("panels_proposal_deleted", lang))


with tab_proposals:
    st.write(t("panels_proposals_intro", lang))
    refused = ss.pop("panels_pdel_refused", None)
    approved = by_status["approved"]
    for proposal in store.proposals(panel.id):
        with st.container(border=True):
            st.text(proposal.text)
            if proposal.ideas:  # a proposal of staff's own words has no dots to show
                st.caption(t("panel_votes_n", lang, n=proposal.votes) + " · " + "; ".join(
                    i.text for i in approved if i.id in proposal.ideas))
            linked = store.actions(proposal=proposal.id)  # issue 13: its actions
            if linked:
                st.caption(ui.plain(t("actions_linked", lang, items="; ".join(
                    f"{SYMBOLS[a.status]} {t('action_status_' + a.status, lang)}: {a.did}"
                    for a in linked))))
            if refused and refused[0] == proposal.id:
                st.error(refused[1])
            a1, a2 = st.columns(2)
            if a1.button(t("actions_record", lang), key=f"panels_act_{proposal.id}", icon="✅"):
                ss["action_prefill"] = {"unit": panel.unit, "said": proposal.text,
                                        "panel": panel.id, "proposal": proposal.id}
                st.switch_page("pages/actions.py")
            if panel.phase == "closed":  # a closed session's proposals are final
                continue
            if ss.get("panels_pdel_confirm") == proposal.id:
                st.warning(t("panels_proposal_delete_confirm", lang))
                y, n = st.columns(2)
                y.button(t("panels_proposal_delete_yes", lang), type="primary",
                         key=f"panels_pdel_yes_{proposal.id}", on_click=delete_proposal,
                         args=(proposal.id,))
                n.button(t("cancel", lang), key=f"panels_pdel_no_{proposal.id}",
                         on_click=lambda: ss.pop("panels_pdel_confirm", None))
            else:
                # Answered by actions: the store refuses at once, naming them (no question
                # first that would only end in a refusal).
                a2.button(t("panels_proposal_delete", lang), key=f"panels_pdel_{proposal.id}",
                          on_click=delete_proposal if linked else ask_delete_proposal,
                          args=(proposal.id,))
    if approved:
        with st.form("panels_proposal", clear_on_submit=True):
            ranked_ids = [m.id for _, members, _ in panels.ranked(approved) for m in members]
            groups = [(g, v) for g, _, v in panels.ranked(approved) if g]
            picked = st.multiselect(t("panels_proposal_groups", lang), [g for g, _ in groups],
                                    placeholder=t("panels_pick_placeholder", lang),
                                    format_func=lambda g: next(
                                        f"{g} ({v})" for n, v in groups if n == g),
                                    help=t("panels_proposal_groups_help", lang)) if groups else []
            chosen = st.multiselect(t("panels_proposal_ideas", lang), ranked_ids,
                                    placeholder=t("panels_pick_placeholder", lang),
                                    format_func=lambda i: next(
                                        f"{x.text} ({x.votes})" for x in approved if x.id == i))
            text = st.text_area(t("panels_proposal_text", lang),
                                max_chars=panels.PROPOSAL_MAX_LENGTH,
                                help=t("panels_proposal_help", lang))
            if st.form_submit_button(t("panels_proposal_button", lang), type="primary"):
                run(panel_control.add_proposal, panel.id, text,
                    sorted({*chosen, *panels.group_members(approved, picked)}),
                    done="panels_proposal_added", at="proposal")
                st.rerun()
            form_note("proposal")

with tab_export:
    # The files are made when a button is pressed, from the store as it is then.
    for fmt, label, mime, ext in (("json", "panels_export_json", "application/json", "json"),
                                  ("excel-csv", "panels_export_csv", "text/csv", "csv")):
        st.download_button(t(label, lang), mime=mime, key=f"panels_export_{fmt}",
                           data=partial(panel_control.export_outcome, store, panel, fmt),
                           file_name=f"raati-{panel.unit}-{panel.id}.{ext}")
    report_lang = lang if lang in ("fi", "sv", "en") else "fi"
    for fmt, label, mime in (
            ("pdf", "panels_report_pdf", "application/pdf"),
            ("pptx", "panels_report_pptx",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation")):
        st.download_button(t(label, lang), mime=mime, key=f"panels_report_{fmt}",
                           data=partial(panel_report, store, panel, fmt, report_lang),
                           file_name=f"raati-{panel.unit}-{panel.id}.{fmt}")
    if panel.texts_purged_on:
        st.info(t("panels_texts_purged", lang, date=panel.texts_purged_on))
    with st.form("panels_options"):
        st.markdown(f"**{t('panels_options', lang)}**")
        public = st.toggle(t("panels_results_public", lang), value=panel.results_public,
                           help=t("panels_results_public_help", lang))
        purge = st.toggle(t("panels_retention_on", lang),
                          value=panel.text_retention_days is not None,
                          help=t("panels_retention_help", lang))
        days = st.number_input(t("panels_retention", lang), min_value=0,
                               max_value=panels.MAX_TEXT_RETENTION_DAYS,
                               step=1, value=panel.text_retention_days
                               if panel.text_retention_days is not None
                               else panels.DEFAULT_TEXT_RETENTION_DAYS)
        if st.form_submit_button(t("panels_options_save", lang)):
            run(panel_control.set_options, panel.id, results_public=public,
                text_retention_days=int(days) if purge else None,
                done="panels_options_saved", at="options")
            st.rerun()
        form_note("options")
    if ss.get("panels_delete_confirm") == panel.id:
        st.warning(t("panels_delete_confirm", lang))
        y, n = st.columns(2)
        y.button(t("panels_delete_yes", lang), type="primary", key="panels_delete_yes",
                 on_click=run, args=(panel_control.delete_session, panel.id))
        n.button(t("cancel", lang), key="panels_delete_no",
                 on_click=lambda: ss.pop("panels_delete_confirm", None))
    else:
        st.button(t("panels_delete", lang), key="panels_delete",
                  on_click=lambda: ss.update(panels_delete_confirm=panel.id))
