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

# The session picker sits in the top right corner, out of the screen's flow
# (panel-screen.css, .st-key-panel_screen_menu).
with st.container(key="panel_screen_menu"), \
        st.expander(t("panel_screen_choose", lang), expanded=False):
    st.selectbox(t("panel_screen_session", lang), ids, format_func=titles.get,
                 key="panel_screen_pick")
    st.caption(t("panel_screen_f11", lang))
panel_id = st.session_state.panel_screen_pick


# Fitting one screen (issue 12: nobody scrolls a screen that redraws twice a second).
# panel-screen.css sizes everything in "u", a hundredth of the height of the largest 16:9
# box in the window (720 px -> 7.2 px, 1080 px -> 10.8 px), so one layout serves both
# beamers and what fits is worked out here in those units. The figures mirror the CSS;
# the character width is a generous average of the screen's sans-serif type, so that an
# estimate errs towards showing fewer ideas, never towards running off the screen.
SCREEN_U = 100.0  # the screen's height
MAIN_U = 124.0  # the width of the main column (right of the join card)
MAIN_DENSE_U = 132.0  # the same beside a narrower join card (many ideas: DENSE_COLUMNS)
COLUMNS, DENSE_COLUMNS = [1, 3], [1, 4]  # the join card's column and the main one
CHAR_EM = 0.46  # average character width, in em
# The ideas phase, by the number of cards (an idea, or a group with its ideas): the
# class, the font size (u), the CSS columns. raati-n-large is 2.8 u: 20 px at 720 px.
IDEA_SIZES = ((8, "raati-n-small", 3.9, 2), (16, "raati-n-medium", 3.3, 3),
              (None, "raati-n-large", 2.8, 3))
IDEA_LINE = 1.2  # line height of an idea card, in em
IDEA_CARD = 0.8  # a card's padding, border and gap below it, in em
IDEA_GAP_U = 1.2  # the gap between the columns
GROUP_NAME = 1.2  # a group's name above its ideas, in lines
# The tallies (voting, results), by the number of bars: the class, the font size (u),
# the columns. Each bar is one row: its label (at most two lines, panel-screen.css), its
# dots, and the bar behind the label.
TALLY_SIZES = ((5, "raati-n-small", 4.0, 1), (12, "raati-n-medium", 3.3, 2),
               (None, "raati-n-large", 2.8, 3))
TALLY_ROW = 2 * 1.2 + 0.55  # two lines, padding and the gap below, in em
# Above the lists: the padding of the page and the title, the line under it, a margin.
COUNT_U = 3.0 * 1.35 + 1.0  # the line under the title (dots given; results)
HEAD_U = 1.5 + 5.0 * 1.15 + 1.0 + COUNT_U + 1.5 + 1.0


@st.cache_data(max_entries=32, show_spinner=False)
def _qr_uri(link: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr.qr_png(link)).decode()


def esc(text: object) -> str:
    return html.escape(str(text))


def size_for(n: int, sizes: tuple) -> tuple[str, float, int]:
    """(class, font size in u, columns) for ``n`` cards or bars (IDEA_SIZES or
    TALLY_SIZES: the first bucket whose limit ``n`` does not pass)."""
    for limit, name, font, cols in sizes:
        if limit is None or n <= limit:
            return name, font, cols
    raise AssertionError("the last size has no limit")


def text_lines(text: str, width_u: float, font_u: float, most: int | None = None) -> int:
    """How many lines ``text`` takes in a box ``width_u`` wide at ``font_u`` (an
    estimate that errs on the long side: words wrap whole)."""
    per_line = max(8, int(width_u / (font_u * CHAR_EM)))
    lines, used = 1, 0
    for word in text.split() or [""]:
        while len(word) > per_line:  # a very long word breaks anywhere (CSS anywhere)
            lines, used, word = lines + (1 if used else 0), 0, word[per_line:]
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
    return min(lines, most) if most else lines


def packs(heights: list[float], columns: int, height: float) -> bool:
    """Whether cards of ``heights`` (u, in order) fill at most ``columns`` columns of
    ``height`` when each column is filled before the next (CSS columns balance, which
    never needs more columns than this)."""
    column, used = 1, 0.0
    for h in heights:
        if used and used + h > height:
            column, used = column + 1, 0.0
        used += h
        if h > height or column > columns:
            return False
    return True


def idea_cards(ideas) -> list[tuple[str | None, list]]:
    """The ideas as cards in the order shown: a group as one card with its ideas, where
    its first idea came on the screen; every other idea on its own."""
    cards: list[tuple[str | None, list]] = []
    groups: dict[str, list] = {}
    for idea in ideas:
        if idea.group:
            if idea.group not in groups:
                groups[idea.group] = []
                cards.append((idea.group, groups[idea.group]))
            groups[idea.group].append(idea)
        else:
            cards.append((None, [idea]))
    return cards


def fitting_cards(cards: list, room_u: float, main_u: float = MAIN_U) -> tuple[list, str, int]:
    """The newest cards that fit ``room_u`` of height, in the order shown, and the size
    class they are shown at; returns (cards, class, how many ideas were left out)."""
    name, font, cols = size_for(len(cards), IDEA_SIZES)
    width = (main_u - (cols - 1) * IDEA_GAP_U) / cols - 0.8 * font - 0.4  # less padding
    line = font * IDEA_LINE

    def height(card) -> float:
        group, members = card
        lines = sum(text_lines(m.text, width - (font * 0.9 if group else 0), font)
                    for m in members) + (GROUP_NAME if group else 0)
        return lines * line + IDEA_CARD * font

    room = room_u - (font * 1.6 if len(cards) > 1 else 0)  # the "+ N more" line
    heights = [height(c) for c in cards]
    if packs(heights, cols, room_u):
        return cards, name, 0
    keep = 0
    while keep < len(cards) and packs(heights[len(cards) - keep - 1:], cols, room):
        keep += 1
    return (cards[len(cards) - keep:], name,
            sum(len(members) for _, members in cards[:len(cards) - keep]))


def title_u(panel) -> float:
    """The height (u) above the lists in every phase: HEAD_U with the title on one
    line, plus its second line if it needs one (it is cut at two, panel-screen.css; the
    width less the session picker's corner)."""
    return HEAD_U + (min(2, text_lines(panel.title, MAIN_U - 30, 5.0)) - 1) * 5.0 * 1.15


def head_u(panel, has_ideas: bool, dense: bool) -> float:
    """The height (u) of what stands above the ideas in the ideas phase: the title line,
    the prompts and the themes (compact once ideas are in: the themes in two columns;
    ``dense``, for many ideas: the prompts run on in one paragraph), the count line."""
    used = title_u(panel) - COUNT_U  # the count is on the title's line
    small = 2.6 if has_ideas else 3.6
    if dense and panel.prompts:
        used += text_lines(" ".join(f"💬 {p} " for p in panel.prompts), MAIN_DENSE_U,
                           small) * small * 1.3
    else:
        for prompt in panel.prompts:
            used += text_lines("💬 " + prompt, MAIN_U, small) * small * 1.3
    used += 1.0 if panel.prompts else 0
    if not panel.themes or dense:
        return used
    used += small * 1.2 * 1.2 + 0.5  # the heading
    cols = 2 if has_ideas else 1
    width = (MAIN_U - (cols - 1)) / cols - 2.5  # less the border and padding
    heights = []
    for theme in panel.themes:
        kind = theme.get("kind")
        tag = t(f"panel_screen_theme_{kind}", lang) if kind in ("weak", "strong") else ""
        lines = (text_lines(f"{tag} · {theme.get('text', '')}", width, small)
                 if has_ideas else text_lines(theme.get("text", ""), width, small) + 0.6)
        heights.append(lines * small * 1.3 + small * 0.2 + 0.5)
    for row in range(0, len(heights), cols):
        used += max(heights[row:row + cols])
    return used + 1.0


# Twice a second: a tap waits on average a quarter of a second for the next redraw (at
# once a second: half a second); the shared screen alone costs the server about 0.04 of
# a core at this rate (bench/panel_live.py).
@st.fragment(run_every=0.5)
def live() -> None:
    panel = store.panel(panel_id)
    if panel is None:
        st.warning(t("panel_not_found", lang))
        return
    base = ui.app_base_url()
    link = config.join_link(base, panel.code)
    # The address to type: the client's own join page (raati.routes, /raati), which asks
    # for the code; the QR keeps the whole link with the code.
    address = base.rstrip("/") + "/raati"
    ideas = store.ideas(panel.id, ["approved"])
    # Many ideas (raati-n-large): a narrower join card, the room to the ideas.
    dense = panel.phase == "ideas" and \
        size_for(len(idea_cards(ideas)), IDEA_SIZES)[0] == "raati-n-large"
    side, main = st.columns(DENSE_COLUMNS if dense else COLUMNS, gap="medium")
    if panel.phase != "closed":
        scheme, _, rest = address.partition("://")
        shown_address = (f"{esc(scheme)}://<wbr>{esc(rest)}" if rest else esc(address))
        side.html(
            f'<div class="raati-screen raati-join"><div class="raati-join-title">'
            f'{esc(t("panel_join_title", lang))}</div>'
            f'<img alt="{esc(t("panel_screen_qr_alt", lang))}" src="{_qr_uri(link)}">'
            f'<div class="raati-muted raati-hint">{esc(t("panel_screen_go_to", lang))}</div>'
            f'<div class="raati-link">{shown_address}</div>'
            f'<div class="raati-muted raati-hint">{esc(t("panel_screen_type_code", lang))}'
            f'</div><div class="raati-code" aria-label="{esc(" ".join(panel.code))}">'
            f'{esc(panel.code)}</div>'
            f'<div>{esc(t("panel_screen_joined", lang, n=panel.participants))}</div></div>')
    else:
        side.html(f'<div class="raati-screen raati-join">'
                  f'{esc(t("panel_screen_joined", lang, n=panel.participants))}</div>')
    if panel.phase == "ideas":
        cards = idea_cards(ideas)
        shown, size, left_out = fitting_cards(
            cards, SCREEN_U - head_u(panel, bool(ideas), dense),
            MAIN_DENSE_U if dense else MAIN_U)
        # The count of ideas on the title's line: the room below is the ideas'.
        body = [f'<div class="raati-screen {size}"><h1>{esc(panel.title)}<span class='
                f'"raati-muted raati-count">{esc(t("panel_screen_ideas_n", lang, n=len(ideas)))}'
                '</span></h1>']
        # Once ideas come in, the prompts and themes step back (smaller) to give them room.
        compact = ' class="raati-compact"' if ideas else ""
        if panel.prompts:
            body.append(f"<p{compact}>" + ("&emsp;" if dense else "<br>").join(
                f"💬&nbsp;{esc(p)}" for p in panel.prompts) + "</p>")
        # Many ideas: the starting themes have done their work, the room is the ideas'.
        if panel.themes and not dense:
            body.append(themes_block(panel.themes, compact=bool(ideas)))
        body.append(ideas_block(shown, left_out))
    elif panel.phase == "voting":
        total = sum(i.votes for i in ideas)
        voters = store.panel_voters(panel.id)
        entries = [(None, [i], i.votes) for i in ideas]
        size = size_for(len(entries), TALLY_SIZES)[0]
        body = [f'<div class="raati-screen {size}"><h1>{esc(panel.title)}</h1>',
                f'<p class="raati-muted raati-count">'
                f'{esc(t("panel_screen_dots", lang, n=total, v=voters))}</p>',
                tally(entries, SCREEN_U - title_u(panel))]
    else:
        entries = list(panels.ranked(ideas))  # most dots first, groups combined
        proposals = store.proposals(panel.id) if panel.phase == "results" else []
        size = size_for(len(entries), TALLY_SIZES)[0]
        body = [f'<div class="raati-screen {size}"><h1>{esc(panel.title)}</h1>',
                f'<h2 class="raati-muted raati-count">{esc(t("panel_results_title", lang))}'
                "</h2>"]
        room = SCREEN_U - title_u(panel)
        if proposals:
            # The proposals above the tallies, in a type of their own (they come first:
            # they are what the session decided); their room is taken from the tallies.
            body.append(f'<section class="raati-proposals"><h2>{esc(t("panel_proposals", lang))}'
                        "</h2><ul>" + "".join(f"<li>{esc(p.text)}</li>" for p in proposals)
                        + "</ul></section>")
            room -= 3.0 * 1.2 + 1.0 + sum(
                text_lines(p.text, MAIN_U - 3, 2.8) * 2.8 * 1.2 + 0.6 for p in proposals)
        body.append(tally(entries, room))
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


def more_line(n: int) -> str:
    return f'<p class="raati-more">{esc(t("panel_screen_more", lang, n=n))}</p>' if n else ""


def ideas_block(cards: list, left_out: int) -> str:
    """The ideas phase's cards (idea_cards) in CSS columns; a group as one card, its name
    over its ideas; then "+ N more ideas" for the older ones that did not fit."""
    items = []
    for group, members in cards:
        if group:
            items.append(f'<li class="raati-group-card"><span class="raati-group">{esc(group)}'
                         '</span><ul>' + "".join(f"<li>{esc(m.text)}</li>" for m in members)
                         + "</ul></li>")
        else:
            items.append(f"<li>{esc(members[0].text)}</li>")
    return f'<ul class="raati-ideas">{"".join(items)}</ul>' + more_line(left_out)


def tally(entries: list, room_u: float) -> str:
    """``entries`` [(group or None, ideas, dots)] as bars of their dots, in the order
    given (while voting, the order shown, so that nothing jumps about; for the results
    most dots first). Rows that do not fit ``room_u`` (more than about 30) are left out,
    the last first, with a line "+ N more ideas". The label is the li's first span and
    the dots its strong (bench/panel_live.py reads them)."""
    _, font, cols = size_for(len(entries), TALLY_SIZES)
    fits = cols * max(1, int(room_u // (TALLY_ROW * font)))
    left_out = 0
    if len(entries) > fits:
        fits = cols * max(1, int((room_u - 1.6 * font) // (TALLY_ROW * font)))
        entries, left_out = entries[:fits], sum(len(m) for _, m, _ in entries[fits:])
    top = max([v for _, _, v in entries] + [1])
    rows = []
    for group, members, votes in entries:
        label = (f'<span class="raati-group">{esc(group)}</span>: ' if group else "") + \
            " · ".join(esc(m.text) for m in members)
        rows.append(f'<li><span>{label}</span><strong>{votes}</strong>'
                    f'<span class="raati-bar" aria-hidden="true">'
                    f'<span style="width:{round(100 * votes / top)}%"></span></span></li>')
    many = " raati-many" if len(rows) > 8 else ""
    return f'<ul class="raati-tally{many}">' + "".join(rows) + "</ul>" + more_line(left_out)


live()
