"""The client's answer page: a round link shows its survey and stores one response."""

import logging

import streamlit as st

from raati import config, ui
from raati.i18n import language_name, t
from raati.responses import AnswerError, build_answers, missing_questions
from raati.store import NewResponse

FACES = config.ASSETS_DIR / "faces"

token = st.session_state.entry["round"]
store = ui.store()
rnd = store.round_by_token(token)
surveys, _problems = ui.surveys()
survey = surveys.get(rnd.survey) if rnd else None
lang = st.session_state.get("answer_lang") or (survey.default_language if survey else "fi")


def notice(title_key: str, body_key: str, **values) -> None:
    st.title(t(title_key, lang))
    st.write(t(body_key, lang, **values))
    st.stop()


if rnd is None:
    notice("not_found_title", "not_found_body")
if rnd.status(config.today()) == "closed":
    notice("closed_title", "closed_body")
if rnd.status(config.today()) == "not_yet_open":
    day = ".".join(str(int(p)) for p in reversed(rnd.opens.split("-")))
    notice("not_open_title", "not_open_body", date=day)
if survey is None:
    notice("unavailable_title", "unavailable_body")

if st.session_state.get("answered_round") == rnd.id:
    st.title(t("thanks_title", lang))
    st.write(t("thanks_body", lang))
    st.stop()

st.title(survey.text(survey.title, lang))
if len(survey.languages) > 1:
    st.radio("Kieli · Språk · Language", survey.languages, format_func=language_name,
             horizontal=True, key="answer_lang")
easy = st.toggle("Selkokieli · Lättläst · Plain language", key="answer_easy")
if survey.intro:
    st.text(survey.text(survey.intro, lang))
st.info(t("anonymous_note", lang))

if any(q.type == "likert" for q in survey.questions):
    scale_words = [f"{p} = {survey.text(survey.scale[p], lang)}" for p in (1, 2, 3, 4)]
    st.image([str(FACES / f"{p}.svg") for p in (1, 2, 3, 4)], width=56,
             caption=scale_words, alt=scale_words)

st.html("<style>[class*='st-key-qtext_'] [data-testid='stText']"
        "{font-size:1.2rem;font-weight:600;line-height:1.4}</style>")

total = len(survey.questions)
values: dict = {}
comments: dict = {}
with st.form("answer", enter_to_submit=False, border=False):
    for n, q in enumerate(survey.questions, start=1):
        st.divider()
        st.caption(t("question_n", lang, n=n, total=total)
                   + (" " + t("optional", lang) if q.optional else ""))
        picture = ui.picture_path(q.picture)
        if picture:
            st.image(str(picture), width=96, alt=survey.text(q.text, lang))
        # The question is drawn as plain text (never Markdown) and given to the input as
        # its accessible name; the input's own visible label is collapsed.
        text = survey.text(q.easy, lang) if easy and q.easy else survey.text(q.text, lang)
        with st.container(key=f"qtext_{q.id}"):
            st.text(text)
        key = f"q_{q.id}"
        hidden = "collapsed"
        if q.type == "likert":
            values[q.id] = st.radio(
                text, (1, 2, 3, 4), index=None, key=key, label_visibility=hidden,
                format_func=lambda p: ui.plain(f"{p} – {survey.text(survey.scale[p], lang)}"))
        elif q.type == "grade":
            st.caption(t("grade_help", lang))
            values[q.id] = st.radio(text, tuple(range(4, 11)), index=None, key=key,
                                    horizontal=True, label_visibility=hidden)
        elif q.type == "choice":
            labels = {o.id: ui.plain(survey.text(o.label, lang)) for o in q.options}
            values[q.id] = st.radio(text, q.option_ids, index=None, key=key,
                                    format_func=labels.get, label_visibility=hidden)
        elif q.type == "multi":
            st.caption(t("choose_any", lang))
            values[q.id] = [o.id for o in q.options
                            if st.checkbox(ui.plain(survey.text(o.label, lang)),
                                           key=f"{key}_{o.id}")]
        else:
            st.caption(t("no_names", lang, n=q.max_length))
            values[q.id] = st.text_area(text, max_chars=q.max_length, key=key,
                                        label_visibility=hidden)
        if q.comment:
            comments[q.id] = st.text_area(t("tell_more", lang), max_chars=1000,
                                          key=f"c_{q.id}", height=80)
    st.divider()
    sent = st.form_submit_button(t("submit", lang), type="primary", width="stretch")

if sent:
    missing = missing_questions(survey, values)
    if missing:
        numbers = [str(survey.questions.index(q) + 1) for q in missing]
        st.error(t("missing_answers", lang, which=", ".join(numbers)))
    else:
        try:
            answers = build_answers(survey, values, comments)
            store.submit_response(NewResponse(
                survey=survey.id, date=config.today().isoformat(), lang=lang,
                answers=answers, survey_version=survey.version, unit=rnd.unit,
                round_id=rnd.id,
            ))
        except AnswerError as exc:
            st.error(str(exc))
        except Exception:
            logging.getLogger("raati").exception("saving a response failed")
            # The answers stay in the form: nothing the person wrote is lost.
            st.error(t("save_failed", lang))
        else:
            for k in [k for k in st.session_state if k.startswith(("q_", "c_"))]:
                del st.session_state[k]
            st.session_state.answered_round = rnd.id
            st.rerun()

st.caption("Kuvat / Bilder / Pictures: OpenMoji – the open-source emoji and icon project "
           "(openmoji.org), CC BY-SA 4.0")
