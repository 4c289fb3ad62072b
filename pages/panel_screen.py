"""The shared screen of a panel session (staff, on the projector): the join code and its
QR code always in view, how many have joined, the approved ideas appearing live, then
the dots growing live, then the results. Big type for the back of a room, fit for
1920×1080 and a 1280×720 beamer. Refreshes itself twice a second (a fragment with no
inputs), which keeps a vote on the screen within about a second (issue 12)."""

import base64
import html

import streamlit as st

from raati import config, panel_control, panels, qr, ui
from raati.i18n import t

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()

mine = panel_control.sessions_for(store, user)
if not mine:
    st.title(t("panel_screen_title", lang), anchor=False)
    st.info(t("panel_screen_none", lang))
    st.stop()
ids = [p.id for p in mine]
wanted = st.query_params.get("panel")
if "panel_screen_pick" not in st.session_state:
    first_open = next((p.id for p in mine if p.phase != "closed"), ids[0])
    st.session_state.panel_screen_pick = (int(wanted) if wanted and wanted.isdigit()
                                          and int(wanted) in ids else first_open)
titles = {p.id: f"{p.title} · {p.unit} · {p.opened}" for p in mine}

# Full screen: no sidebar, no Streamlit header, big type. (F11 makes the browser itself
# full screen; the page says so.)
st.html(f"<style>{ui.asset('panel-screen.css')}</style>")

with st.expander(t("panel_screen_choose", lang), expanded=False):
    st.selectbox(t("panel_screen_session", lang), ids, format_func=titles.get,
                 key="panel_screen_pick")
    st.caption(t("panel_screen_f11", lang))
panel_id = st.session_state.panel_screen_pick


# More ideas or bars than fit a 1280x720 beamer in the screen's type: the list then goes
# into two columns of smaller type (panel-screen.css, .raati-many).
MANY_IDEAS = 12
MANY_BARS = 8


@st.cache_data(max_entries=32, show_spinner=False)
def _qr_uri(link: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr.qr_png(link)).decode()


def esc(text: object) -> str:
    return html.escape(str(text))


# Twice a second: a tap waits on average a quarter of a second for the next redraw (at
# once a second: half a second); the shared screen alone costs the server about 0.04 of
# a core at this rate (bench/panel_live.py).
@st.fragment(run_every=0.5)
def live() -> None:
    panel = store.panel(panel_id)
    if panel is None:
        st.warning(t("panel_not_found", lang))
        return
    link = config.join_link(ui.app_base_url(), panel.code)
    ideas = store.ideas(panel.id, ["approved"])
    side, main = st.columns([1, 3], gap="large")
    if panel.phase != "closed":
        side.html(
            f'<div class="raati-screen raati-join"><div>{esc(t("panel_join_title", lang))}'
            f'</div><img alt="{esc(t("panel_screen_qr_alt", lang))}" src="{_qr_uri(link)}">'
            f'<div class="raati-code" aria-label="{esc(" ".join(panel.code))}">{esc(panel.code)}'
            f'</div><div class="raati-muted raati-link">{esc(link.split("?")[0])}</div>'
            f'<div>{esc(t("panel_screen_joined", lang, n=panel.participants))}</div></div>')
    else:
        side.html(f'<div class="raati-screen raati-join">'
                  f'{esc(t("panel_screen_joined", lang, n=panel.participants))}</div>')
    body = [f'<div class="raati-screen"><h1>{esc(panel.title)}</h1>']
    if panel.phase == "ideas":
        # Once ideas come in, the prompts and themes step back (smaller) to give them room.
        compact = ' class="raati-compact"' if ideas else ""
        if panel.prompts:
            body.append(f"<p{compact}>" + "<br>".join(f"💬 {esc(p)}" for p in panel.prompts)
                        + "</p>")
        if panel.themes:
            body.append(themes_block(panel.themes, compact=bool(ideas)))
        body.append(f'<p class="raati-muted">{esc(t("panel_screen_ideas_n", lang, n=len(ideas)))}'
                    "</p>")
        many = " raati-many" if len(ideas) > MANY_IDEAS else ""
        body.append(f'<ul class="raati-ideas{many}">' + "".join(
            f"<li>{esc(i.text)}</li>" for i in ideas) + "</ul>")
    elif panel.phase == "voting":
        total = sum(i.votes for i in ideas)
        voters = store.panel_voters(panel.id)
        body.append(f'<p class="raati-muted">{esc(t("panel_screen_dots", lang, n=total, v=voters))}'
                    "</p>")
        body.append(tally(ideas, ranked=False))
    else:
        body.append(f"<h2>{esc(t('panel_results_title', lang))}</h2>")
        body.append(tally(ideas, ranked=True))
        proposals = store.proposals(panel.id)
        if proposals:
            body.append(f"<h2>{esc(t('panel_proposals', lang))}</h2><ul>" + "".join(
                f"<li>{esc(p.text)}</li>" for p in proposals) + "</ul>")
    body.append("</div>")
    main.html("".join(body))


def themes_block(themes, compact: bool = False) -> str:
    """The session's starting themes from a survey round ("Mitä tehdään näille?"): the
    weakest first, then the strongest, each marked by its kind in words (not colour
    alone)."""
    items = []
    for theme in themes:
        kind = theme.get("kind")
        tag = (f'<span class="raati-theme-kind">{esc(t(f"panel_screen_theme_{kind}", lang))}'
               "</span> " if kind in ("weak", "strong") else "")
        items.append(f'<li class="raati-theme-{esc(kind or "other")}">{tag}'
                     f'{esc(theme.get("text", ""))}</li>')
    return (f'<section class="raati-themes{" raati-compact" if compact else ""}">'
            f'<h2>{esc(t("panel_screen_themes", lang))}</h2>'
            f'<ul>{"".join(items)}</ul></section>')


def tally(ideas, ranked: bool) -> str:
    """The ideas as bars of their dots: in the order shown while voting (nothing jumps
    about while people vote), most dots first (groups combined) for the results."""
    if ranked:
        entries = [(g, m, v) for g, m, v in panels.ranked(ideas)]
    else:
        entries = [(None, [i], i.votes) for i in ideas]
    top = max([v for _, _, v in entries] + [1])
    rows = []
    for group, members, votes in entries:
        label = (f'<span class="raati-group">{esc(group)}</span>: ' if group else "") + \
            " · ".join(esc(m.text) for m in members)
        rows.append(f'<li><span>{label}</span><strong>{votes}</strong>'
                    f'<span class="raati-bar" aria-hidden="true">'
                    f'<span style="width:{round(100 * votes / top)}%"></span></span></li>')
    many = (" raati-many" if len(rows) > MANY_BARS else "") + \
        (" raati-very-many" if len(rows) > 2 * MANY_BARS else "")
    return f'<ul class="raati-tally{many}">' + "".join(rows) + "</ul>"


live()
