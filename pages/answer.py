"""The client's answer page: one question per screen, big buttons with pictures,
read-aloud, easy language, bigger text, strong colours, own language; kiosk mode for the
shared tablet. The flow itself is raati.answering.AnswerFlow.

The same page is the survey builder's live preview of a draft (``/?esikatselu=TOKEN``,
issue 15): the draft drawn around a stand-in round, with a banner on every screen, and
nothing stored, no "already answered" cookie read or set, no kiosk."""

import hashlib
import html
import json
import logging
import secrets

import streamlit as st

from raati import auth, config, flood, said_did, ui
from raati.answering import AnswerFlow, OutdatedScreen
from raati.i18n import RTL, language_name, t
from raati.responses import AnswerError, TextTooLong
from raati.store import Round
from raati.store.backend import unavailable_errors, unavailable_reason
from raati.survey_catalog import draft_survey

store = ui.store()
entry = st.session_state.entry
preview = entry.get("preview", "")
draft_version = ""
if preview:
    # A draft's preview: the draft (None for an unknown token) around a stand-in round
    # (id 0, open today, no unit, no kiosk), so that the rest of the page runs as for a
    # round link. A draft that does not validate has no survey (a notice below).
    draft = store.survey_draft_by_preview(preview)
    survey = None
    if draft is not None:
        try:
            survey, _problems = draft_survey(store, draft)
        except Exception:  # a broken draft is a notice, never a traceback
            logging.getLogger("raati").exception("previewing survey draft %s failed",
                                                 draft.survey)
        draft_version = hashlib.sha256(
            (draft.definition + json.dumps(draft.pictures, sort_keys=True)).encode("utf-8")
        ).hexdigest()
    rnd = Round(id=0, token=preview, survey=draft.survey, unit="", name="",
                opens=config.today().isoformat(), closes=None, expected=None,
                kiosk=False) if draft is not None else None
else:
    rnd = store.round_by_token(entry["round"])
    surveys, _problems = ui.surveys()
    survey = surveys.get(rnd.survey) if rnd else None
# Kiosk mode only where staff switched it on for the round, or through the kiosk link
# they were given (its own token): "&kiosk=1" typed onto a phone link does nothing.
kiosk_link = bool(not preview and rnd and rnd.kiosk_token and entry["kiosk"]
                  and secrets.compare_digest(entry["kiosk"], rnd.kiosk_token))
kiosk = bool(not preview and rnd and (rnd.kiosk or kiosk_link))
flow: AnswerFlow | None = st.session_state.get("flow")
if flow is not None and (rnd is None or flow.round_id != rnd.id):
    flow = None
lang = flow.lang if flow else (survey.default_language if survey else "fi")
restart_link = (f"/?esikatselu={preview}" if preview else
                config.answer_link("", entry["round"],
                                   kiosk_token=rnd.kiosk_token if kiosk_link else None))


def notice(title_key: str, body_key: str, marks: dict | None = None, **values) -> None:
    """A screen that only says something (``marks``: more settings for client.js)."""
    ui.client_page(False, False, {}, lang=lang, dir="rtl" if lang in RTL else "ltr",
                   **(marks or {}))
    st.title(t(title_key, lang), anchor=False)
    st.write(t(body_key, lang, **values))
    st.stop()


if rnd is None:
    notice("not_found_title", "not_found_body")
if preview and survey is None:
    notice("preview_invalid_title", "preview_invalid_body")
if rnd.status(config.today()) == "closed":
    notice("closed_title", "closed_body")
if rnd.status(config.today()) == "not_yet_open":
    day = ".".join(str(int(p)) for p in reversed(rnd.opens.split("-")))
    notice("not_open_title", "not_open_body", date=day)
if survey is None:
    notice("unavailable_title", "unavailable_body")
# Leaving kiosk mode (the PIN, below) is for good in this browser: client.js keeps a
# cookie that says only "kiosk mode of round N was left here" and takes the kiosk token
# out of the address, so a reload shows this screen again, not the kiosk. Opening the
# kiosk link again (its token in the address) is staff's way back in.
kiosk_left_cookie = f"raati_kiosk_left_{rnd.id}"
if not preview and (st.session_state.get("kiosk_left") == rnd.id or (
        not kiosk_link and st.context.cookies.get(kiosk_left_cookie) == "1")):
    notice("kiosk_closed_title", "kiosk_closed_body", marks={"kiosk_left": rnd.id})

# On one's own phone a round is answered once per browser: a cookie (set after sending)
# remembers only "this browser answered round N", nothing about the person.
# A preview neither reads nor sets that cookie.
done_cookie = f"raati_done_{rnd.id}"
if not preview and not kiosk and st.context.cookies.get(done_cookie) == "1" and not (flow and flow.submitted):
    notice("already_title", "already_body")

if preview and flow is not None and st.session_state.get("preview_version") != draft_version:
    # The draft was changed while this preview was open: the answers given may no longer
    # fit its questions, so they are dropped; the screen and display settings stay.
    for key in [k for k in st.session_state if k.startswith(("text_", "comment_", "multi_"))]:
        del st.session_state[key]
    flow = st.session_state.flow = AnswerFlow(
        survey_id=survey.id, round_id=rnd.id,
        lang=flow.lang if flow.lang in survey.languages else survey.default_language,
        easy=flow.easy, big_text=flow.big_text, high_contrast=flow.high_contrast,
        step=min(flow.step, len(survey.questions)), submitted=flow.submitted)
if preview:
    st.session_state.preview_version = draft_version
if flow is None:
    flow = AnswerFlow(survey_id=survey.id, round_id=rnd.id, lang=survey.default_language)
    if preview:
        # ``kysymys=N`` (1-based): the builder opens the preview at the question being
        # edited; a number out of range, or no number, is the start screen.
        wanted = entry.get("preview_question", "")
        if wanted.isascii() and wanted.isdigit() and 1 <= int(wanted) <= len(survey.questions):
            flow.step = int(wanted) - 1
    st.session_state.flow = flow
# A kiosk left idle for longer than its limit starts over here too (the browser's timer
# normally does it first): the next person never sees the previous one's answers.
if kiosk and flow.screen(survey) in ("question", "review") and \
        flow.idle_for() > rnd.kiosk_idle_s + 30:
    flow = st.session_state.flow = AnswerFlow(survey_id=survey.id, round_id=rnd.id,
                                               lang=survey.default_language)
lang = flow.lang
screen = flow.screen(survey)
question = flow.question(survey)

pictures = {}
if question is not None:
    for o in question.options:
        path = ui.picture_path(o.picture, survey)
        if path:
            pictures[f"opt_{question.id}_{o.id}"] = path
ui.client_page(
    flow.big_text, flow.high_contrast, pictures,
    lang=lang, dir="rtl" if lang in RTL else "ltr", screen=screen, step=flow.step,
    kiosk="1" if kiosk else "0", idle=rnd.kiosk_idle_s, warn=min(20, rnd.kiosk_idle_s),
    thanks=rnd.kiosk_thanks_s, restart=restart_link,
    dirty="1" if (flow.values or flow.comments or flow.step != -1) else "0",
    nonce=st.session_state.get("thanks_nonce", ""),
    answered=rnd.id if (screen == "thanks" and not kiosk and not preview) else "",
    kiosk_back=rnd.id if kiosk_link else "",
    idle_title=t("idle_title", lang), idle_body=t("idle_body", lang),
    idle_continue=t("idle_continue", lang))
if preview:  # on every screen of a preview: staff see at once that nothing is stored
    st.html('<p class="raati-preview-banner" role="status" style="margin:0 0 0.75rem;'
            'padding:0.5rem 0.75rem;border:2px solid #7a5c00;border-radius:0.5rem;'
            'background:#fff4c2;color:#1f1a00;font-weight:600">'
            f'{html.escape(t("preview_banner", lang))}</p>')


def qtext(q) -> str:
    return survey.text(q.easy, lang) if flow.easy and q.easy else survey.text(q.text, lang)


def sync_inputs() -> None:
    """Take what was typed or ticked on this screen into the flow (button callbacks run
    before the page is drawn, so they read the widgets' values here)."""
    q = flow.question(survey)
    if q is None:
        return
    if q.type == "text" and f"text_{q.id}" in st.session_state:
        flow.choose(survey, st.session_state[f"text_{q.id}"].strip() and
                    st.session_state[f"text_{q.id}"])
    elif q.type == "multi":
        flow.choose(survey, [o.id for o in q.options
                             if st.session_state.get(f"multi_{q.id}_{o.id}")])
    if q.comment and f"comment_{q.id}" in st.session_state:
        flow.comment(survey, st.session_state[f"comment_{q.id}"])


def act(step: int, fn, *args) -> None:
    """Run a move of the flow from a button callback; keep its refusal for the screen.
    ``step`` is the step of the screen the button was drawn on: a tap that arrives after
    the flow has moved on (a fast second tap, or one on a button still shown while the
    next screen was on its way) is ignored, never applied to a screen not yet seen."""
    try:
        st.session_state.flow.expect_step(step)
    except OutdatedScreen:
        return
    try:
        sync_inputs()
        fn(*args)
        st.session_state.pop("flow_error", None)
    except TextTooLong as exc:
        st.session_state.flow_error = ("text_too_long", {"n": exc.length, "k": exc.max_length})
    except AnswerError:
        st.session_state.flow_error = "answer_needed"


# -- the start screen ------------------------------------------------------------------
if screen == "start":
    # What a person needs first fits on a phone's and the kiosk's first screen without
    # scrolling: the title, their language, the display switches and "Aloita"; the
    # anonymity note under it, the survey's introduction after that.
    st.title(ui.plain(survey.text(survey.title, lang)), anchor=False)
    if len(survey.languages) > 1:
        st.html(f'<p class="raati-label">{html.escape(t("choose_your_language", lang))}</p>')
        with st.container(horizontal=True, key="languages"):
            for code in survey.languages:
                st.button(language_name(code), key=f"lang_{code}",
                          type="primary" if code == lang else "secondary",
                          on_click=act, args=(flow.step, setattr, flow, "lang", code))

    def show(field: str, key: str) -> None:
        """A display switch, taken into the flow in its callback, before this run draws
        the page's CSS: bigger text and strong colours show at once, not a tap later."""
        setattr(st.session_state.flow, field, bool(st.session_state[key]))
        st.session_state.flow.touch()

    with st.container(horizontal=True, key="display", gap="small"):
        for field, key, label in (("easy", "easy", "easy_switch"),
                                  ("big_text", "big_text", "big_text_switch"),
                                  ("high_contrast", "contrast", "contrast_switch")):
            st.toggle(t(label, lang), value=getattr(flow, field), key=key,
                      on_change=show, args=(field, key), width="content")
    st.button(t("start_button", lang), type="primary", width="stretch", key="start",
              on_click=act, args=(flow.step, flow.start, survey))
    st.html(f'<p class="raati-note">{html.escape(t("anonymous_note", lang))}</p>')
    # The toggle's new value is in session_state before it is drawn below.
    intro = survey.intro_for(lang, easy=st.session_state.get("easy", flow.easy))
    if intro:
        st.html(ui.question_block(intro, lang, lang, intro=True))
    if kiosk and rnd.kiosk_pin_hash:
        with st.expander(t("kiosk_exit", lang)):
            with st.form("kiosk_pin", clear_on_submit=True):
                pin = st.text_input(t("kiosk_pin", lang), type="password", max_chars=32)
                leave = st.form_submit_button(t("kiosk_leave", lang))
            if leave:
                tried = auth.try_kiosk_pin(store, rnd, pin, ui.browser_key())
                if tried.ok:
                    store.audit("kiosk", "kiosk_leave", f"round {rnd.id}")
                    st.session_state.kiosk_left = rnd.id
                    st.rerun()
                elif tried.wait_s:  # locked: not even the right PIN was checked
                    st.error(t("kiosk_pin_locked", lang, s=tried.wait_s))
                else:
                    st.error(t("kiosk_pin_wrong", lang))
    st.stop()

# -- one question per screen -----------------------------------------------------------
if screen == "question":
    q = question
    n, total = flow.progress(survey)
    st.html(f'<p class="raati-progress">{t("progress", lang, n=n, total=total)}</p>'
            f'<div class="raati-progress-bar" role="presentation">'
            f'<span style="width:{round(100 * (n - 1) / total)}%"></span></div>')
    picture = ui.picture_path(q.picture, survey)
    if picture:  # decorative beside the question's text, unless it has its own alt text
        alt = html.escape(survey.text(q.picture_alt, lang), quote=True)
        st.html(f'<img class="raati-picture" alt="{alt}" src="{ui.data_uri(picture)}">')
    hint = t("optional_hint", lang) if q.optional else ""
    if q.type == "text":
        hint = (hint + " " if hint else "") + t("no_names", lang, n=q.max_length)
    elif q.type == "multi":
        hint = (hint + " " if hint else "") + t("choose_any", lang)
    elif q.type == "grade":
        hint = (hint + " " if hint else "") + t("grade_help", lang)
    st.html(ui.question_block(qtext(q), lang, lang, hint))
    chosen = flow.values.get(q.id)

    def option_row(key: str, label: str, value, selected: bool) -> None:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.button(ui.plain(label), key=key, width="stretch",
                      type="primary" if selected else "secondary",
                      on_click=act, args=(flow.step, flow.choose, survey, value))
            st.html(ui.speaker_button(label, lang, lang), width=56)

    if q.type == "likert":
        for point in (1, 2, 3, 4):
            label = f"{point} – {survey.text(survey.scale_for(q)[point], lang)}"
            option_row(f"scale_{point}_{q.id}", label, point, chosen == point)
    elif q.type == "choice":
        for o in q.options:
            option_row(f"opt_{q.id}_{o.id}", survey.text(o.label, lang), o.id, chosen == o.id)
    elif q.type == "grade":
        with st.container(horizontal=True):
            for grade in range(4, 11):
                st.button(str(grade), key=f"grade_{grade}_{q.id}",
                          type="primary" if chosen == grade else "secondary",
                          on_click=act, args=(flow.step, flow.choose, survey, grade))
    elif q.type == "multi":
        picked = set(chosen or [])
        for o in q.options:
            key = f"multi_{q.id}_{o.id}"
            if key not in st.session_state:
                st.session_state[key] = o.id in picked
            with st.container(horizontal=True, vertical_alignment="center"):
                picture = ui.picture_path(o.picture, survey)
                if picture:  # decorative: the label says the same (or its own alt text)
                    alt = html.escape(survey.text(o.picture_alt, lang), quote=True)
                    st.html(f'<img class="raati-option-picture" alt="{alt}" '
                            f'src="{ui.data_uri(picture)}">', width=48)
                st.checkbox(ui.plain(survey.text(o.label, lang)), key=key)
                st.html(ui.speaker_button(survey.text(o.label, lang), lang, lang), width=56)
    else:
        # No max_chars: the browser would cut a pasted text without a word. The limit
        # is in the hint, and a longer text is refused with its length (TextTooLong).
        # The earlier text comes in as the box's first value, never through
        # session_state: a value set there is pushed into the browser's box and would
        # replace what the person is typing while a run is on its way. The key is the
        # question's own, so the box stays the same element from run to run, and what
        # is typed goes into the flow as soon as the box reports it (on_change).
        st.text_area(ui.plain(qtext(q)), value=str(chosen or ""), key=f"text_{q.id}",
                     label_visibility="collapsed", height=160,
                     on_change=act, args=(flow.step, flow.touch))
    if q.comment:
        st.text_area(t("tell_more", lang), value=flow.comments.get(q.id, ""),
                     key=f"comment_{q.id}", height=100, help=t("no_names", lang, n=1000),
                     on_change=act, args=(flow.step, flow.touch))
    if st.session_state.get("flow_error"):
        error = st.session_state.flow_error
        key, values = error if isinstance(error, tuple) else (error, {})
        st.error(t(key, lang, **values))
    with st.container(horizontal=True):
        st.button(t("back", lang), key="back", on_click=act, args=(flow.step, flow.back))
        if q.optional:
            st.button(t("skip", lang), key="skip", on_click=act,
                      args=(flow.step, flow.skip, survey))
        if q.type in ("multi", "text") or q.comment or chosen is not None:
            st.button(t("next", lang), key="next", type="primary",
                      on_click=act, args=(flow.step, flow.next, survey))
    st.stop()

# -- send ----------------------------------------------------------------------------------
if screen == "review":
    missing = flow.missing(survey)
    title = t("review_title", lang)
    st.html(ui.screen_picture("valmis", t("review_picture_alt", lang)))
    st.title(title, anchor=False)
    if missing:
        body = t("review_missing", lang, which=", ".join(map(str, missing)))
        with st.container(horizontal=True, vertical_alignment="center"):
            st.warning(body)
            st.html(ui.speaker_button(f"{title} {body}", lang, lang), width=56)
        with st.container(horizontal=True):
            for number in missing:
                st.button(t("go_to_question", lang, n=number), key=f"goto_{number}",
                          on_click=act, args=(flow.step, setattr, flow, "step", number - 1))
    else:
        body = t("review_body", lang)
        st.html(ui.question_block(body, lang, lang, intro=True, say=f"{title} {body}"))
    sent = st.button(t("submit", lang), type="primary", width="stretch", key="send",
                     disabled=bool(missing))
    st.button(t("back", lang), key="back", on_click=act, args=(flow.step, flow.back))
    if sent and not preview and not flood.admit_submission(store, rnd):
        st.warning(t("burst_wait", lang))  # the answers stay on screen: send again later
        st.stop()
    if sent:
        try:
            if preview:  # a preview stores nothing; the answers are checked all the same
                flow.answers(survey)
            else:
                flow.submit(store, survey, rnd)
        except unavailable_errors() as exc:
            # The database cannot be reached now (a server down or refusing, a pool
            # timeout, SQLite locked for too long): the answers and this screen stay, and
            # "Lähetä vastaus" sends them again (AnswerFlow.submit keeps the response id).
            # The log says what happened, never where the database is.
            if not preview:
                flood.bursts.release(rnd.token)
            logging.getLogger("raati").warning("saving a response to round %s failed,"
                                               " the database cannot be reached: %s",
                                               rnd.id, unavailable_reason(exc))
            st.error(t("save_unavailable", lang, button=t("submit", lang)))
            st.stop()
        except Exception:
            if not preview:
                flood.bursts.release(rnd.token)
            logging.getLogger("raati").exception("saving a response failed")
            st.error(t("save_failed", lang))  # the answers stay: nothing is lost
            st.stop()
        # Nothing of the answers stays in the session once they are stored.
        st.session_state.flow = AnswerFlow(survey_id=survey.id, round_id=rnd.id, lang=lang,
                                           submitted=True)
        st.session_state.thanks_nonce = secrets.token_hex(4)
        for key in [k for k in st.session_state if k.startswith(("text_", "comment_", "multi_"))]:
            del st.session_state[key]
        st.rerun()
    st.stop()

# -- thank you -------------------------------------------------------------------------
# A preview says it stored nothing instead of "your answer was saved".
thanks_title = t("thanks_title", lang)
thanks_body = t("preview_not_saved" if preview else "thanks_body", lang)
st.html(ui.screen_picture("kiitos", t("thanks_picture_alt", lang)))
st.title(thanks_title, anchor=False)
st.html(ui.question_block(thanks_body, lang, lang, intro=True,
                          say=f"{thanks_title} {thanks_body}"))
if kiosk:
    seconds = f'<span id="raati-thanks-left">{rnd.kiosk_thanks_s}</span>'
    st.html(f'<p class="raati-hint" aria-live="polite">{t("thanks_next", lang, s=seconds)}</p>')

    def next_person() -> None:
        st.session_state.flow = AnswerFlow(survey_id=survey.id, round_id=rnd.id,
                                           lang=survey.default_language)

    st.button(t("start_over", lang), type="primary", width="stretch", key="next_person",
              on_click=next_person)
    # "You said, we did" (contract §6) between respondents: the unit's latest public
    # actions, so people at the workshop see that answering matters. Drawn after the
    # countdown and the button, which stay where they were; client.js counts down as before.
    latest, heading = said_did.kiosk_actions(store, rnd.unit)
    if latest:
        shown_title = t(heading, lang)
        st.subheader(shown_title, anchor=False)
        st.html(said_did.cards_html(latest, lang, big=flow.big_text, strong=flow.high_contrast,
                                    compact=True, label=shown_title))
elif not preview and said_did.public_actions(store, rnd.unit, limit=1):
    # On one's own phone: only a link to the unit's public page (a new page load), and
    # only when it has something to show.
    st.html(f'<p><a class="raati-actions-link" href="{config.actions_link("", rnd.unit)}">'
            f'{html.escape(t("said_did_link", lang))}</a></p>')
st.html('<p class="raati-credit" dir="ltr">Kuvat / Bilder / Pictures: OpenMoji (openmoji.org), '
        "CC BY-SA 4.0</p>")
