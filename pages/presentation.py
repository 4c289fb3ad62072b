"""Staff: the closing-event presentation (päättäjäiset, issue 14 item 3). Choose the
survey, unit and rounds; "Aloita esitys" shows the slides of analysis.presentation full
screen (Streamlit's header and sidebar hidden, big type for the back of a room at
1920×1080 and 1280×720; icon arrays readable on a phone and a tablet too).

Navigation: the buttons under the slide, and the keyboard or a presenter remote
(raati/assets/presentation.js clicks those buttons: arrows, Page Up/Down, Home/End,
Space). Two windows of one presentation: the audience view ``/esitys?id=ID`` (the
projector) and the presenter view ``/esitys?id=ID&presenter=1`` (current slide, the next
slide's title, the notes). Both follow one shared current slide, kept in the database
(raati.store.presentations: the two windows may be served by different app processes)
and polled by a fragment twice a second. The last slide shows the QR code of a one-question
event-feedback round (survey ``tilaisuuspalaute``, opened at the start for the day) and
its answers live: the number of answers, and counts per face only from the published
(minimum-group) figures."""

import base64
import html

import streamlit as st

from analysis import results as res
from analysis.presentation import FEEDBACK_SURVEY, feedback_html, slide_html
from analysis.views import restrict_units
from raati import auth, config, ui
from raati import presentation_control as control
from raati.i18n import t
from raati.qr import link_warning, qr_png

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()
min_group = config.min_group()
allowed = auth.unit_filter(user)
unit_names = {u.id: u.name for u in store.units()}


src = control.Sources(store, surveys, ui.block_counts, ui.free_texts, min_group)


def title_of(survey_id: str) -> str:
    return control.survey_title(src, survey_id, lang)


@st.cache_data(max_entries=32, show_spinner=False)
def qr_uri(link: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(link)).decode()


def draw_slide(now, preview: bool = False) -> str:
    """The current slide of running presentation ``now`` as HTML (analysis.presentation
    .slide_html); the feedback slide with its round's live answers."""
    slide = now.slides[now.current]
    extra = ""
    if slide.kind == "feedback":
        live = control.feedback_live(src, now.feedback_round, ui.app_base_url(), lang)
        if live is not None:
            faces = {p: ui.data_uri(config.ASSETS_DIR / "faces" / f"{p}.svg")
                     for p in (1, 2, 3, 4)}
            extra = feedback_html(live, lang=lang, qr_src=qr_uri(live.link), face_src=faces)
    return slide_html(slide, now.current + 1, len(now.slides), lang=lang, extra=extra,
                      preview=preview)


def toolbar(pid: str, running, presenter: bool) -> None:
    """The navigation buttons (presentation.js clicks them for the keys) and the way out."""
    n, total = running.current + 1, len(running.slides)
    with st.container(key="pres_toolbar", horizontal=True, vertical_alignment="center"):
        for key, icon, where in (("pres_first", "⏮", "first"), ("pres_prev", "◀", "prev"),
                                 ("pres_next", "▶", "next"), ("pres_last", "⏭", "last")):
            # A move builds the slides again first: texts approved and actions recorded
            # since the start appear (presentation_control.go keeps the slide shown).
            st.button(t(key, lang), key=key, icon=icon, on_click=control.go,
                      args=(src, pid, where),
                      disabled=(where in ("first", "prev") and n == 1) or
                      (where in ("next", "last") and n == total))
        if not presenter:  # the presenter view says it above the notes
            st.html(f'<span class="raati-pres-count">'
                    f'{html.escape(t("pres_slide_n", lang, n=n, total=total))}</span>')
        other = (f"?id={pid}" if presenter else f"?id={pid}&presenter=1")
        st.link_button(t("pres_audience_link" if presenter else "pres_presenter_link", lang),
                       other, icon="↗")
        if st.button(t("pres_stop", lang), key="pres_stop", icon="⏹"):
            control.stop(src, pid)
            st.session_state.pop("pres_id", None)
            st.query_params.clear()
            st.rerun(scope="app")


def keyboard() -> None:
    st.html(f"<script>{ui.asset('presentation.js')}</script>", unsafe_allow_javascript=True)


# -- presenting ---------------------------------------------------------------------------

pid = st.query_params.get("id") or st.session_state.get("pres_id")
running = control.get(src, pid) if pid else None
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
    # The page's scripts (the keys, <html lang>) take no room: without this, each one's
    # empty element and its gap pushed the buttons under a 1280×720 screen's edge.
    st.html('<style>[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > '
            "script:only-child) { display: none !important; }</style>")
    keyboard()

    if presenter:
        # A QR code to localhost or a private address: phones in the room cannot open it
        # (staff only: the audience view never says it).
        live = control.feedback_live(src, running.feedback_round, ui.app_base_url(), lang)
        if live is not None and (warning := link_warning(live.link, lang)):
            st.warning(ui.plain(warning), icon="⚠️")

        @st.fragment(run_every=0.5)
        def presenter_view() -> None:
            now = control.get(src, pid)
            if now is None:
                st.warning(t("pres_gone", lang))
                return
            slide = now.slides[now.current]
            left, right = st.columns([3, 2], gap="large")
            left.html(draw_slide(now, preview=True))
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
                # Texts approved while presenting: shown now, on the same slide.
                st.button(t("pres_refresh", lang), key="pres_refresh", icon="🔄",
                          on_click=control.refresh, args=(src, pid),
                          help=t("pres_refresh_help", lang))
            toolbar(pid, now, presenter=True)

        presenter_view()
        st.caption(t("pres_keys_help", lang))

        running_choice = running.choice

        # The address now, while the page runs: the deck is made later, at the click,
        # when this browser's address can no longer be read (its QR went to port 8501).
        here = ui.app_base_url()

        def deck() -> bytes:
            return control.deck(src, running_choice, actor=user.name, base_url=here,
                                pid=pid)

        st.download_button(t("pres_download", lang), data=deck, key="pres_dl_running",
                           file_name=f"raati-{running.survey}-esitys.pptx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "presentationml.presentation")
    else:
        st.html('<style>[data-testid="stMainBlockContainer"] { padding: .5rem 1.5rem !important; }'
                "</style>")

        @st.fragment(run_every=0.5)
        def audience_view() -> None:
            now = control.get(src, pid)
            if now is None:
                st.warning(t("pres_gone", lang))
                return
            st.html(draw_slide(now))
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
choice = control.Choice(survey.id, unit, tuple(periods) if periods else None, lang,
                        bool(feedback and has_feedback))
login = (user.id, st.session_state.get("session_token"))


def acting():
    """The logged-in user, checked again at the click (raati.auth.acting_user), when
    they may act on the unit; else None."""
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    return who if who is not None and auth.may_act_on_unit(who, unit) else None


def start() -> None:
    """The start button: start the presentation (presentation_control.start: the ONLY
    place the day's feedback round is opened or reused) and show it."""
    who = acting()
    if who is None:
        return
    new, error = control.start(src, who, choice)
    if error:
        st.session_state["pres_error"] = error
    st.session_state.pres_id = new
    st.query_params["id"] = new


if st.session_state.get("pres_error"):
    st.error(ui.plain(st.session_state.pop("pres_error")))
st.button(t("pres_start", lang), type="primary", key="pres_start", icon="🎞️", on_click=start)
st.caption(t("pres_keys_help", lang))


def deck_now() -> bytes:
    """The deck of the slides "Aloita esitys" would show (presentation_control.deck):
    the QR code only when today's feedback round of this presentation exists; opening
    the page or downloading the deck never opens one."""
    return control.deck(src, choice, actor=user.name, base_url=base_url)


st.download_button(t("pres_download", lang), data=deck_now, key="pres_dl",
                   file_name=f"raati-{survey.id}-esitys.pptx",
                   mime="application/vnd.openxmlformats-officedocument.presentationml"
                        ".presentation")
