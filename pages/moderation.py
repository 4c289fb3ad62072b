"""Staff: approve, edit or hide each free-text answer before it appears in any shared
view, presentation or report. Personal data is masked in the suggestion.

Every card says where its text came from (unit, round, question); filters narrow the
list, which is shown a page at a time with the number of texts on the other pages.
Decisions are made in button callbacks keyed by the text's stable id (response id,
question, kind), each only if the text is still in the state its card showed
(Store.moderate's ``expect``): a second click on the same card, or a click that arrives
after the list moved, never decides another text or the same one twice."""

import datetime as dt

import streamlit as st

from raati import auth, config, modcache, moderation, ui
from raati.i18n import t

PAGE_SIZE = moderation.PAGE_SIZE
STATUSES = moderation.STATUSES

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()

st.title(t("moderation_title", lang))
st.write(t("moderation_intro", lang))
if not surveys:
    st.stop()


def reset_page() -> None:
    for name in ("mod_page", "mod_confirm_all", "mod_editing"):
        st.session_state.pop(name, None)


survey = surveys[st.selectbox(t("col_survey", lang), list(surveys), key="mod_survey",
                              format_func=lambda s: surveys[s].text(surveys[s].title, lang),
                              on_change=reset_page)]
# The texts are read (and their masked suggestions made) once per change; the decisions
# are read fresh on every run, so a withdrawn approval or a new decision shows at once.
items = modcache.free_texts(store, survey, auth.unit_filter(user))
decided = store.moderation_state(survey.id)
unit_names = {u.id: u.name for u in store.units()}
rounds = {f"r{r.id}": r for r in store.rounds(survey.id)}


def key_of(item) -> str:
    return f"{item['response_id']}|{item['question']}|{item['kind']}"


def status_of(item) -> str:
    return moderation.status_of(item, decided)


def period_label(period: str) -> str:
    rnd = rounds.get(period)
    if rnd is not None:
        opens = dt.date.fromisoformat(rnd.opens).strftime("%-d.%-m.%Y")
        return f"{rnd.name} ({opens})" if rnd.name else opens
    if len(period) == 7 and period[4] == "-":  # a month, for answers without a round
        return t("mod_month", lang, month=f"{int(period[5:])}/{period[:4]}")
    return period


def question_label(question_id: str, kind: str = "value") -> str:
    q = survey.question(question_id)
    label = survey.text(q.text, lang) if q else question_id
    return f"{t('mod_comment_of', lang)}: {label}" if kind == "comment" else label


# -- filters: unit, round, question, status -------------------------------------------
ALL = ""
f1, f2, f3 = st.columns(3)
unit = f1.selectbox(t("mod_filter_unit", lang), [ALL] + sorted({i["unit"] for i in items}),
                    key="mod_unit", on_change=reset_page,
                    format_func=lambda u: unit_names.get(u, u) if u else t("mod_all", lang))
in_unit = [i for i in items if unit == ALL or i["unit"] == unit]
periods = sorted({i["period"] for i in in_unit},
                 key=lambda p: (rounds[p].opens if p in rounds else p, p), reverse=True)
if st.session_state.get("mod_round", ALL) not in [ALL] + periods:
    st.session_state.pop("mod_round", None)  # that round has no texts at this unit
period = f2.selectbox(t("mod_filter_round", lang), [ALL] + periods, key="mod_round",
                      on_change=reset_page,
                      format_func=lambda p: period_label(p) if p else t("mod_all", lang))
in_period = [i for i in in_unit if period == ALL or i["period"] == period]
questions = [q.id for q in survey.questions if any(i["question"] == q.id for i in in_period)]
if st.session_state.get("mod_question", ALL) not in [ALL] + questions:
    st.session_state.pop("mod_question", None)
question = f3.selectbox(t("mod_filter_question", lang), [ALL] + questions, key="mod_question",
                        on_change=reset_page,
                        format_func=lambda q: question_label(q) if q else t("mod_all", lang))
selected = [i for i in in_period if question == ALL or i["question"] == question]

counts = {s: 0 for s in STATUSES}
for i in selected:
    counts[status_of(i)] += 1
st.caption(t("mod_counts", lang, **counts))
show = st.segmented_control(t("mod_filter_status", lang), STATUSES, default="pending",
                            key="mod_show", on_change=reset_page,
                            format_func=lambda s: t(f"mod_{s}", lang)) or "pending"
chosen = [i for i in selected if status_of(i) == show]

# -- paging ----------------------------------------------------------------------------
pages = max(1, -(-len(chosen) // PAGE_SIZE))
# Streamlit keeps a selectbox's choice as its shown text and gives that text back when it
# is no longer among the options: so the shown text is the page number alone (a "2 / 3"
# went stale as soon as the number of pages changed), and anything not a page in range
# is dropped (the list got shorter).
current = st.session_state.get("mod_page", 1)
if not (isinstance(current, int) and 1 <= current <= pages):
    st.session_state.pop("mod_page", None)
page = 1
if pages > 1:
    page = st.selectbox(t("mod_page_of", lang, pages=pages), range(1, pages + 1),
                        key="mod_page", format_func=str,
                        on_change=lambda: st.session_state.pop("mod_confirm_all", None))
shown_items = chosen[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
if not chosen:
    st.info(t("mod_none", lang))
elif pages > 1:
    first = (page - 1) * PAGE_SIZE + 1
    st.info(t("mod_showing", lang, first=first, last=first + len(shown_items) - 1,
              total=len(chosen), more=len(chosen) - len(shown_items)))
else:
    st.caption(t("mod_showing_all", lang, total=len(chosen)))


# -- decisions -------------------------------------------------------------------------
# The buttons decide in callbacks (raati.moderation decides). Every st.* call and every
# item access to st.session_state (st.session_state[...], .get, ``in``) is a point where
# Streamlit stops a callback when the next click has arrived, and the stopped click is
# then lost: so, until its decision is written, a callback reads nothing that way. Who
# clicks is checked in the database (auth.acting_user with the login session given at
# drawing time), and the text an approval shows is the one the card showed (an argument).
login = (user.id, st.session_state.get("session_token"))


def decide(item, status: str, seen: str, login: tuple[int, str | None],
           shown: str | None = None) -> None:
    """One click on one card: decide ``item`` if it is still ``seen`` (its card's state);
    an approval shows ``shown`` (the text the card showed)."""
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    if who is None:
        return
    moderation.decide(store, who, survey.id, item, status, seen, shown,
                      suggest=modcache.masked_suggestion)


def stop_editing() -> None:
    st.session_state.pop("mod_editing", None)


@st.dialog(t("mod_edit", lang), on_dismiss=stop_editing)
def edit_dialog(item: dict, seen: str, suggestion: str) -> None:
    """Edit what one text shows, then approve it. (The editor is a dialog so that a card
    costs the browser no text box: a page of cards stays quick to draw.) It stays open
    while ``mod_editing`` names it: closing it (x, Esc, Peruuta) or approving ends that."""
    st.text(t("mod_original", lang) + ":")
    st.text(item["text"])
    typed = st.text_area(t("mod_shown", lang), value=suggestion,
                         key=f"mod_edit_text_{key_of(item)}", max_chars=1000)
    c1, c2 = st.columns(2)
    if c1.button(t("mod_approve", lang), type="primary", key="mod_edit_ok"):
        decide(item, "approved", seen, login, typed)
        stop_editing()
        st.rerun()
    if c2.button(t("cancel", lang), key="mod_edit_cancel"):
        stop_editing()
        st.rerun()


def ask_approve_all(keys: tuple[str, ...]) -> None:
    st.session_state["mod_confirm_all"] = keys


def approve_all(batch: tuple, login: tuple[int, str | None]) -> None:
    """Approve every waiting text of ``batch`` (the cards that were shown when the
    moderator confirmed) with its suggestion as its card showed it, in one transaction."""
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    if who is not None:
        n = moderation.approve_all(store, who, survey.id, batch,
                                   suggest=modcache.masked_suggestion)
        st.session_state["mod_flash"] = t("mod_approved_n", lang, n=n)
    st.session_state.pop("mod_confirm_all", None)


flash = st.session_state.pop("mod_flash", None)
if flash:
    st.success(flash)

if show == "pending" and shown_items:
    keys = tuple(key_of(i) for i in shown_items)
    confirm = st.session_state.get("mod_confirm_all")
    if confirm is not None and confirm != keys:  # the list changed: ask again
        st.session_state.pop("mod_confirm_all", None)
        confirm = None
    if confirm is None:
        st.button(t("mod_approve_all", lang, n=len(keys)), key="mod_approve_all",
                  on_click=ask_approve_all, args=(keys,))
    else:
        with st.container(border=True, key="mod_confirm_box"):
            st.warning(t("mod_approve_all_confirm", lang, n=len(keys)))
            c1, c2 = st.columns(2)
            c1.button(t("mod_approve_all_yes", lang, n=len(keys)), key="mod_approve_all_yes",
                      type="primary", on_click=approve_all,
                      args=(tuple(dict(i) for i in shown_items), login))
            c2.button(t("cancel", lang), key="mod_approve_all_no",
                      on_click=lambda: st.session_state.pop("mod_confirm_all", None))

for item in shown_items:
    key = key_of(item)
    seen = status_of(item)
    card = "mod_card_" + "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
    with st.container(border=True, key=card):
        # Where the text came from, and the question; as text, never Markdown or HTML.
        st.caption(ui.plain(t("mod_where", lang,
                              unit=unit_names.get(item["unit"], item["unit"]) or "–",
                              round=period_label(item["period"]))))
        st.caption(ui.plain(t("mod_question_line", lang,
                              q=question_label(item["question"], item["kind"]))))
        st.text(t("mod_original", lang) + ":")
        st.text(item["text"])  # as text, never Markdown or HTML
        suggestion = moderation.box_value(item, decided, modcache.masked_suggestion)
        st.text(t("mod_shown", lang) + ":")
        st.text(suggestion)  # what approving shows; edited in a dialog (a light card)
        c1, c2, c3 = st.columns(3)
        c1.button(t("mod_approve", lang), key=f"approve_{key}", type="primary",
                  on_click=decide, args=(dict(item), "approved", seen, login, suggestion))
        c2.button(t("mod_edit", lang), key=f"edit_{key}", on_click=st.session_state.update,
                  kwargs={"mod_editing": (dict(item), seen, suggestion)})
        c3.button(t("mod_hide", lang), key=f"hide_{key}",
                  on_click=decide, args=(dict(item), "hidden", seen, login))

editing = st.session_state.get("mod_editing")
if editing is not None:
    if moderation.text_id(editing[0]) in {moderation.text_id(i) for i in shown_items}:
        edit_dialog(*editing)
    else:  # decided elsewhere meanwhile, or the list moved
        stop_editing()
