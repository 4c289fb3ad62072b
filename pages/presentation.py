"""Staff: the closing-event presentation (päättäjäiset, issue 14 item 3). Choose the
survey, unit and rounds; "Aloita esitys" shows the slides of analysis.presentation full
screen (Streamlit's header and sidebar hidden, big type for the back of a room at
1920×1080 and 1280×720; icon arrays readable on a phone and a tablet too).

Navigation: the buttons under the slide, and the keyboard or a presenter remote
(raati/assets/presentation.js clicks those buttons: arrows, Page Up/Down, Home/End,
Space). Two windows of one presentation: the audience view ``/esitys?id=ID`` (the
projector) and the presenter view ``/esitys?id=ID&presenter=1`` (current slide, the next
slide's title, the notes). Both follow one shared current slide, kept in server memory
(raati.store.presentations: both windows are sessions of this one server process) and
polled by a fragment twice a second. The last slide shows the QR code of a one-question
event-feedback round (survey ``tilaisuuspalaute``, opened at the start for the day) and
its answers live: the number of answers, and counts per face only from the published
(minimum-group) figures."""

import base64
import datetime as dt
import html

import streamlit as st

from analysis import results as res
from analysis.presentation import FEEDBACK_SURVEY, Slide, build_slides
from analysis.scope import report_labels
from analysis.views import build_view, restrict_units, shown_texts
from raati import auth, config, maintenance, ui
from raati.i18n import t
from raati.qr import link_warning, qr_png
from raati.said_did import public_actions
from raati.store import DuplicateRound, StoreError
from raati.store import presentations as board

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()
min_group = config.min_group()
allowed = auth.unit_filter(user)
unit_names = {u.id: u.name for u in store.units()}


def esc(text: object) -> str:
    return html.escape(str(text))


def title_of(survey_id: str) -> str:
    s = surveys.get(survey_id)
    return s.text(s.title, lang) if s else survey_id


# -- the slides as HTML (every text escaped: user text is never markup) -----------------

# A figure of an icon array: a span drawn by presentation.css (st.html's sanitizer drops
# inline SVG); the words "k / n" beside the figures say the same for screen readers.
PERSON = '<span class="raati-person{cls}" aria-hidden="true"></span>'


def icons_html(k: int, n: int) -> str:
    """An icon array: ``k`` filled figures of ``n``, named "k / n" for screen readers.
    The number is not written beside it: the sentence with it says "k / n" once."""
    figures = "".join(PERSON.format(cls=" raati-on" if i < k else "") for i in range(n))
    return f'<div class="raati-icons" role="img" aria-label="{k} / {n}">{figures}</div>'


def chart_html(slide: Slide) -> str:
    chart = slide.chart
    if chart is None:
        return ""
    if chart.kind == "icons" and len(chart.rows) == 1:
        # One row (how many answered): the key below says what a filled figure is.
        rows = f"<li>{icons_html(chart.rows[0].k, chart.rows[0].n)}</li>"
    elif chart.kind == "icons":
        rows = "".join(f'<li><span class="raati-pres-label">{esc(r.label)}</span>'
                       f"{icons_html(r.k, r.n)}</li>" for r in chart.rows)
    else:
        top = max([r.n for r in chart.rows] + [1])
        rows = "".join(
            f'<li class="raati-count"><span class="raati-pres-label">{esc(r.label)}</span>'
            f'<span class="raati-bar" aria-hidden="true"><span style="width:'
            f'{round(100 * r.k / top)}%"></span></span><strong>{r.k}</strong></li>'
            for r in chart.rows)
    caption = f'<p class="raati-pres-caption">{esc(chart.caption)}</p>' if chart.caption else ""
    return f'<ul class="raati-pres-chart raati-pres-{esc(chart.kind)}">{rows}</ul>{caption}'


def body_html(slide: Slide) -> str:
    """The slide's lines and chart. On a theme slide each item is the question's easy
    text (its chart row's label), then its icon array beside its one sentence (the rows
    follow the sentences one to one)."""
    chart = slide.chart
    if (slide.kind in ("went_well", "improve") and chart is not None
            and len(chart.rows) == len(slide.lines)):
        items = "".join(f'<li><p class="raati-pres-q">{esc(r.label)}</p>'
                        f'<div class="raati-pres-said">{icons_html(r.k, r.n)}'
                        f"<p>{esc(line)}</p></div></li>"
                        for line, r in zip(slide.lines, chart.rows, strict=True))
        caption = f'<p class="raati-pres-caption">{esc(chart.caption)}</p>'
        return f'<ul class="raati-pres-themes">{items}</ul>{caption}'
    if slide.kind == "actions":
        pairs = [slide.lines[i: i + 2] for i in range(0, len(slide.lines), 2)]
        items = "".join("<li>" + "".join(f"<p>{esc(x)}</p>" for x in pair) + "</li>"
                        for pair in pairs)
        return f'<ul class="raati-pres-actions">{items}</ul>' + chart_html(slide)
    cls = ' class="raati-pres-quotes"' if slide.kind == "texts" else ""
    lines = "".join(f"<p>{esc(x)}</p>" for x in slide.lines)
    return f"<div{cls}>{lines}</div>" + chart_html(slide)


@st.cache_data(max_entries=32, show_spinner=False)
def qr_uri(link: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(link)).decode()


def feedback_html(round_id: int | None, unit: str) -> str:
    """The feedback slide's QR code, link and live answers: the number of answers, and
    counts per face only when the published figures of the round reach the minimum
    group (analysis.views: they move in steps of it), else none."""
    fsurvey = surveys.get(FEEDBACK_SURVEY)
    rnd = store.round_by_id(round_id) if round_id else None
    if fsurvey is None or rnd is None:
        return ""
    link = config.answer_link(ui.app_base_url(), rnd.token)
    total = store.count_responses(FEEDBACK_SURVEY, round_id=rnd.id)
    parts = [f'<p class="raati-feedback-n" aria-live="polite">'
             f'{esc(t("pres_feedback_n", lang, n=total))}</p>']
    data = ui.block_counts(fsurvey)
    view = build_view(fsurvey, data, min_group, units=[rnd.unit], periods=[f"r{rnd.id}"])
    question = fsurvey.questions[0]
    result = view.result(question.id)
    words = fsurvey.scale_words(question, lang)
    if result is not None and not result.suppressed and result.n >= min_group:
        faces = "".join(
            f'<li><img alt="" src="{ui.data_uri(config.ASSETS_DIR / "faces" / f"{p}.svg")}">'
            f'<span>{esc(t("pres_face_n", lang, word=words[p], n=result.counts.get(str(p), 0)))}'
            "</span></li>" for p in (4, 3, 2, 1))
        parts.append(f'<ul class="raati-faces">{faces}</ul>')
        if total > sum(result.counts.get(str(p), 0) for p in (1, 2, 3, 4)):
            # The published figures move in steps of the minimum group: the newest
            # answers wait (their faces are never shown one by one).
            parts.append(f'<p class="raati-pres-caption raati-feedback-held">'
                         f'{esc(t("pres_feedback_held", lang))}</p>')
    else:
        parts.append(f'<p class="raati-pres-caption">'
                     f'{esc(t("pres_feedback_steps", lang, k=min_group))}</p>')
    return (f'<div class="raati-feedback"><div class="raati-feedback-live">{"".join(parts)}'
            f'</div><div class="raati-feedback-qr"><img alt="{esc(t("pres_qr_alt", lang))}" '
            f'src="{qr_uri(link)}"><p class="raati-pres-link">{esc(link)}</p></div></div>')


def slide_html(slide: Slide, number: int, total: int, running, preview: bool = False) -> str:
    kicker = f'<p class="raati-pres-kicker">{esc(slide.kicker)}</p>' if slide.kicker else ""
    body = body_html(slide)
    if slide.kind == "feedback":
        body += feedback_html(running.feedback_round, running.unit)
    dense = " raati-dense" if slide.kind != "title" and (
        len(slide.lines) > 2 or sum(map(len, slide.lines)) > 160) else ""
    cls = f"raati-pres raati-pres-{esc(slide.kind)}{dense}" + (" raati-preview" if preview else "")
    label = esc(t("pres_slide_n", lang, n=number, total=total))
    return (f'<section class="{cls}" aria-roledescription="slide" aria-label="{label}" '
            f'data-slide="{number}" data-total="{total}">{kicker}<h1>{esc(slide.title)}</h1>'
            f"{body}</section>")


def toolbar(pid: str, running, presenter: bool) -> None:
    """The navigation buttons (presentation.js clicks them for the keys) and the way out."""
    n, total = running.current + 1, len(running.slides)
    with st.container(key="pres_toolbar", horizontal=True, vertical_alignment="center"):
        for key, icon, where in (("pres_first", "⏮", "first"), ("pres_prev", "◀", "prev"),
                                 ("pres_next", "▶", "next"), ("pres_last", "⏭", "last")):
            st.button(t(key, lang), key=key, icon=icon, on_click=board.go, args=(pid, where),
                      disabled=(where in ("first", "prev") and n == 1) or
                      (where in ("next", "last") and n == total))
        if not presenter:  # the presenter view says it above the notes
            st.html(f'<span class="raati-pres-count">'
                    f'{esc(t("pres_slide_n", lang, n=n, total=total))}</span>')
        other = (f"?id={pid}" if presenter else f"?id={pid}&presenter=1")
        st.link_button(t("pres_audience_link" if presenter else "pres_presenter_link", lang),
                       other, icon="↗")
        if st.button(t("pres_stop", lang), key="pres_stop", icon="⏹"):
            board.stop(pid)
            st.session_state.pop("pres_id", None)
            st.query_params.clear()
            st.rerun(scope="app")


def keyboard() -> None:
    st.html(f"<script>{ui.asset('presentation.js')}</script>", unsafe_allow_javascript=True)


# -- presenting ---------------------------------------------------------------------------

pid = st.query_params.get("id") or st.session_state.get("pres_id")
running = board.get(pid) if pid else None
if pid and running is None:
    st.session_state.pop("pres_id", None)
    st.query_params.pop("id", None)
    st.warning(t("pres_gone", lang))
if running is not None and not auth.may_act_on_unit(user, running.unit):
    st.error(t("no_access", lang))
    st.stop()

if running is not None:
    st.session_state.pres_id = pid
    presenter = st.query_params.get("presenter") == "1"
    st.html(f"<style>{ui.asset('presentation.css')}</style>")
    keyboard()

    if presenter:
        # A QR code to localhost or a private address: phones in the room cannot open it
        # (staff only: the audience view never says it).
        feedback_round = store.round_by_id(running.feedback_round) \
            if running.feedback_round else None
        if feedback_round is not None:
            warning = link_warning(config.answer_link(ui.app_base_url(), feedback_round.token),
                                   lang)
            if warning:
                st.warning(ui.plain(warning), icon="⚠️")

        @st.fragment(run_every=0.5)
        def presenter_view() -> None:
            now = board.get(pid)
            if now is None:
                st.warning(t("pres_gone", lang))
                return
            slide = now.slides[now.current]
            left, right = st.columns([3, 2], gap="large")
            left.html(slide_html(slide, now.current + 1, len(now.slides), now, preview=True))
            with right:
                st.subheader(t("pres_slide_n", lang, n=now.current + 1, total=len(now.slides)),
                             anchor=False)
                if now.current + 1 < len(now.slides):
                    st.text(t("pres_next_title", lang,
                              title=now.slides[now.current + 1].title))
                else:
                    st.text(t("pres_next_none", lang))
                st.markdown(f"**{t('pres_notes', lang)}**")
                st.text(slide.notes)
            toolbar(pid, now, presenter=True)

        presenter_view()
        st.caption(t("pres_keys_help", lang))

        def deck() -> bytes:
            from analysis.presentation_pptx import presentation_pptx

            now = board.get(pid)
            rnd = store.round_by_id(now.feedback_round) if now and now.feedback_round else None
            link = config.answer_link(ui.app_base_url(), rnd.token) if rnd else None
            store.audit(user.name, "report", now.survey if now else "", "presentation pptx")
            return presentation_pptx(now.slides if now else [], title=title_of(running.survey),
                                     lang=lang, feedback_link=link,
                                     qr_png=qr_png(link) if link else None)

        st.download_button(t("pres_download", lang), data=deck, key="pres_dl_running",
                           file_name=f"raati-{running.survey}-esitys.pptx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "presentationml.presentation")
    else:
        st.html('<style>[data-testid="stMainBlockContainer"] { padding: .5rem 1.5rem !important; }'
                "</style>")

        @st.fragment(run_every=0.5)
        def audience_view() -> None:
            now = board.get(pid)
            if now is None:
                st.warning(t("pres_gone", lang))
                return
            st.html(slide_html(now.slides[now.current], now.current + 1, len(now.slides), now))
            toolbar(pid, now, presenter=False)

        audience_view()
    st.stop()


# -- choosing what to present ---------------------------------------------------------------

st.title(t("pres_page_title", lang))
st.write(t("pres_intro", lang))
choices = [s for s in surveys if s != FEEDBACK_SURVEY]
if not choices:
    st.info(t("no_results", lang))
    st.stop()
survey = surveys[st.selectbox(t("col_survey", lang), choices, key="pres_survey",
                              format_func=title_of)]
data = restrict_units(ui.block_counts(survey), allowed)
my_units = sorted({b[0] for b in data["respondents"]},
                  key=lambda u: unit_names.get(u, u).casefold())
if not my_units:
    st.info(t("pres_no_data", lang))
    st.stop()
unit = st.selectbox(t("pres_unit", lang), my_units, key="pres_unit",
                    format_func=lambda u: unit_names.get(u, u))
round_names = {f"r{r.id}": r.name or r.opens for r in store.rounds(survey.id)}
unit_periods = sorted({b[1] for b in data["respondents"] if b[0] == unit})
periods = st.multiselect(t("pres_rounds", lang), unit_periods, key=f"pres_periods_{unit}",
                         format_func=lambda p: res.period_label(p, round_names),
                         placeholder=t("choose", lang)) or None
has_feedback = FEEDBACK_SURVEY in surveys
feedback = st.checkbox(t("pres_feedback_opt", lang), value=has_feedback, key="pres_feedback",
                       disabled=not has_feedback)
if not has_feedback:
    st.caption(t("pres_feedback_missing", lang))
base_url = ui.app_base_url()
if feedback and has_feedback and (warning := link_warning(base_url, lang)):
    st.warning(ui.plain(warning), icon="⚠️")
rounds_by_period = {f"r{r.id}": r for r in store.rounds(survey.id)}


def changes_now() -> tuple[list | None, dt.date | None]:
    """For a presentation of one round: (round_changes' changes of the unit's previous
    round with answers against it, that round's first day); (None, None) for several
    rounds or all of them (no "last round" to compare with)."""
    if not periods or len(periods) != 1:
        return None, None
    changes, earlier, _ = res.previous_round_changes(survey, data, min_group, unit,
                                                     periods[0], rounds_by_period)
    return changes, earlier


def slides_now(with_feedback: bool) -> list[Slide]:
    """The slides of the choices, from the published figures and the moderation state
    read now."""
    view = build_view(survey, data, min_group, units=[unit], periods=periods)
    units_label, period_label, expected = report_labels(store, survey, data, view, [unit],
                                                        periods, unit=unit)
    texts = shown_texts(view, ui.free_texts(survey, allowed), store.moderation_state(survey.id))
    changes, earlier = changes_now()
    return build_slides(survey, view, lang=lang, unit_label=units_label,
                        period_label=period_label, texts=texts,
                        actions=public_actions(store, unit), expected=expected,
                        min_group=min_group, today=config.today(), feedback=with_feedback,
                        changes=changes, earlier=earlier)


login = (user.id, st.session_state.get("session_token"))


def acting():
    """The logged-in user, checked again at the click (raati.auth.acting_user), when
    they may act on the unit; else None."""
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    return who if who is not None and auth.may_act_on_unit(who, unit) else None


def open_feedback_round(who) -> tuple[int | None, str | None]:
    """The day's event-feedback round of the unit: opened now for today only, or the one
    already opened today (one round per event day: starting twice, or downloading the
    deck and then starting, shows the same QR code). Returns (round id, None) or
    (None, the refusal's text)."""
    today = config.today().isoformat()
    try:
        return maintenance.open_round(
            store, who, FEEDBACK_SURVEY, unit, opens=today, closes=today,
            name=t("pres_round_name", lang, title=title_of(survey.id))), None
    except DuplicateRound as exc:  # presented earlier today: the same round
        return exc.round_id, None
    except (auth.AuthError, StoreError) as exc:
        return None, str(exc)


def start() -> None:
    """The start button: build the slides, open the day's feedback round (or take the
    one already opened today), keep the presentation and show it."""
    who = acting()
    if who is None:
        return
    round_id = None
    if feedback and has_feedback:
        round_id, error = open_feedback_round(who)
        if error:
            st.session_state["pres_error"] = error
    new = board.start(slides_now(round_id is not None), unit=unit, owner=who.name,
                      survey=survey.id, feedback_round=round_id)
    store.audit(who.name, "presentation", survey.id, f"{unit} {periods or ''}".strip())
    st.session_state.pres_id = new
    st.query_params["id"] = new


if st.session_state.get("pres_error"):
    st.error(ui.plain(st.session_state.pop("pres_error")))
st.button(t("pres_start", lang), type="primary", key="pres_start", icon="🎞️", on_click=start)
st.caption(t("pres_keys_help", lang))


def deck_now() -> bytes:
    """The deck of the slides "Aloita esitys" would show, the same slides in the same
    order: with the feedback option, the last slide carries the QR code and link of the
    day's event-feedback round, opened (or reused) now as starting does, so the deck
    works on the presenter's own laptop; when it cannot be opened, that slide says the
    QR code appears when the presentation is started."""
    from analysis.presentation_pptx import presentation_pptx

    who = acting()
    with_feedback = feedback and has_feedback
    link = None
    if with_feedback and who is not None:
        round_id, _error = open_feedback_round(who)
        rnd = store.round_by_id(round_id) if round_id else None
        link = config.answer_link(base_url, rnd.token) if rnd else None
    store.audit(user.name, "report", survey.id, f"presentation pptx {unit}")
    return presentation_pptx(slides_now(with_feedback), title=title_of(survey.id), lang=lang,
                             feedback_link=link, qr_png=qr_png(link) if link else None)


st.download_button(t("pres_download", lang), data=deck_now, key="pres_dl",
                   file_name=f"raati-{survey.id}-esitys.pptx",
                   mime="application/vnd.openxmlformats-officedocument.presentationml"
                        ".presentation")
