"""Plotly figures of results. One style for the 1–4 scale everywhere: diverging stacked
bars, 1–2 left of zero in reds, 3–4 right of zero in greens, n printed beside every bar;
a result under the minimum group is a row without a bar saying so.

Reds and greens alone are not safe for colour-blind readers, so the chart never relies
on hue: "bad" is always left of the zero line and "good" right of it, the two shades of
each side differ clearly in lightness, and every wide enough segment carries its
percentage. No Streamlit here: pages and tests draw the same figures; the reports
(:mod:`analysis.report`) draw the same style from the same numbers and colours, natively
in PowerPoint and as vectors in the PDF.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from analysis.formatting import fi_number, fi_percent
from analysis.likert import QuestionResult, answer_values

# ColorBrewer RdBu / PRGn ends: 1 and 4 dark, 2 and 3 light.
SCALE_COLORS = {1: "#b2182b", 2: "#ef8a62", 3: "#7fbf7b", 4: "#1b7837"}
# Text on each segment: white on the dark shades, near-black on the light ones (all
# at least 4.5:1).
SEGMENT_TEXT_COLORS = {1: "#ffffff", 2: "#111111", 3: "#111111", 4: "#ffffff"}
OPTION_COLOR = "#2166ac"  # choices are not good or bad: one neutral blue
MUTED = "#4d4d4d"
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
# Labels sit above their bars and wrap at about this many characters: at 14 px that is
# about 310 px, which fits a 360 px phone; the bars below take the whole width.
LABEL_WIDTH = 38
MIN_SEGMENT_TEXT = 0.06  # a segment narrower than this share shows no percentage
CHAR_PX = 8.2  # about the width of one character of DejaVu Sans at 14 px (bold a bit wider)

# Sizes in pixels. The figures have no fixed width: they take their container's.
LINE_PX = 19  # one line of a row's label
BAR_PX = 26  # the height of a bar
LABEL_PAD_PX = 4  # between a label and its bar
ROW_GAP_PX = 12  # between a bar and the next row's label
HEADING_GAP_PX = 22  # above a question's heading in a comparison
LEGEND_PX = 78  # above the rows: the legend, on up to two lines on a phone
OPTION_TOP_PX = 40  # above the option bars: n (and the mean of a grade)
TITLE_PX = 34
AXIS_PX = 36  # below the rows: the percentages
EDGE_PX = 24  # left of the bars: half a "100 %" tick label (plotly hides a cut one)
LABEL_INSET_PX = 20  # labels start this much left of the bars, 4 px from the edge


def suppressed_text(min_group: int) -> str:
    return f"alle {min_group} vastausta"


def n_text(n: int) -> str:
    return f"n = {n}"


def as_text(text: str) -> str:
    """Survey or answer text for a plotly label, title, legend or hover text: plotly
    reads a few HTML tags there (links among them), and a text is shown as written."""
    return html.escape(text, quote=False)


def wrap_label(text: str, width: int = LABEL_WIDTH) -> str:
    """A label on lines of about ``width`` characters, joined by <br> for plotly. The
    text itself is escaped: plotly reads a few HTML tags (links among them) in labels,
    and a survey's text is shown as written, never as markup."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    return "<br>".join(as_text(line) for line in lines)


def is_shown(result: QuestionResult | None) -> bool:
    """Whether a result has figures to draw (not suppressed, not empty)."""
    return result is not None and not result.suppressed and result.n > 0 and \
        sum(result.counts.values()) > 0


def likert_shares(result: QuestionResult) -> dict[int, float]:
    """The share (0..1) of each point 1..4 among the answers of a likert question."""
    total = sum(result.counts.get(str(p), 0) for p in SCALE_COLORS)
    return {p: (result.counts.get(str(p), 0) / total if total else 0.0) for p in SCALE_COLORS}


@dataclass(frozen=True)
class _Row:
    label: str  # shown above the bar (already wrapped and escaped)
    result: QuestionResult | None  # None: a heading row (a question above its groups)
    # The words of 1..4 of this row's question where they differ from the legend's.
    scale: Mapping[int, str] | None = None


def _lines(label: str) -> int:
    return label.count("<br>") + 1


def scale_note(words: Mapping[int, str], width: int = LABEL_WIDTH) -> str:
    """A question's own words of 1..4 as a small muted line for under its label
    ("1 ei lainkaan · 2 vähän · ..."), wrapped and escaped like a label: the legend
    shows the survey's words, so a question with its own names them."""
    lines: list[str] = []
    for item in (f"{p}\u00a0{' '.join(words[p].split())}" for p in sorted(words) if words[p]):
        if lines and len(lines[-1]) + 3 + len(item) <= width + 6:  # 12 px: more per line
            lines[-1] += " · " + item
        else:
            lines.append(item)  # a point and its words stay on one line
    return "<br>".join(f'<span style="font-size:12px;color:{MUTED}">{as_text(line)}</span>'
                       for line in lines or [""])


def _n_margin(rows: Sequence[QuestionResult | None]) -> int:
    """Room right of the bars for "n = 1234", in px."""
    longest = max((len(n_text(r.n)) for r in rows if r is not None), default=6)
    return int(14 + longest * CHAR_PX)


def _base_layout(fig: go.Figure, title: str | None, height: int, right: int,
                 top: int) -> None:
    # No fixed width: the figure takes its container's width (a phone, a tablet, a
    # projector), and labels sit above the bars, so the bars keep the width at any size.
    fig.update_layout(
        separators=", ",  # decimal comma, space between thousands
        font=dict(family=FONT_FAMILY, size=14, color="#111111"),
        template="plotly_white",
        autosize=True,
        height=height,
        margin=dict(l=EDGE_PX, r=right, t=top + (TITLE_PX if title else 0), b=AXIS_PX),
        title=dict(text=as_text(title), x=0, xanchor="left", y=1, yanchor="top",
                   yref="container", pad=dict(t=12, l=EDGE_PX - LABEL_INSET_PX),
                   font=dict(size=18))
        if title else None,
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )


def _label_annotation(text: str, bar_top: float, bold: bool = False) -> dict:
    """A row's label, left-aligned above its bar (its bottom on the bar's top edge)."""
    return dict(name="label", x=0, xref="paper", xanchor="left", align="left",
                xshift=-LABEL_INSET_PX, y=bar_top, yref="y", yanchor="bottom", yshift=2,
                showarrow=False, bgcolor="#ffffff",  # the zero line passes behind it
                text=f"<b>{text}</b>" if bold else text,
                font=dict(size=14, color="#111111"))


def _diverging(rows: list[_Row], scale_labels: Mapping[int, str], title: str | None,
               min_group: int) -> go.Figure:
    """The one diverging style, for one bar per question or several per question. The
    y axis is in px: each row is its label's lines, then its bar."""
    positions: list[float] = []  # the middle of each row's bar (or a heading's end)
    y = 0.0
    for i, row in enumerate(rows):
        heading = row.result is None
        if i == 0 or (not heading and rows[i - 1].result is None):
            gap = LABEL_PAD_PX  # the first row; a group's bar right under its question
        else:
            gap = HEADING_GAP_PX if heading else ROW_GAP_PX
        y += gap + _lines(row.label) * LINE_PX
        if heading:
            positions.append(y)
            continue
        y += LABEL_PAD_PX + BAR_PX / 2
        positions.append(y)
        y += BAR_PX / 2
    total_px = max(y, 1.0) + 6

    fig = go.Figure()
    # Within each side, the trace added first lies next to zero: 2 then 1, 3 then 4.
    for point in (2, 1, 3, 4):
        sign = -1 if point <= 2 else 1
        label = as_text(scale_labels.get(point, ""))
        xs: list[float | None] = []
        texts: list[str] = []
        hovers: list[str] = []
        for row in rows:
            if not is_shown(row.result):
                xs.append(None)
                texts.append("")
                hovers.append("")
                continue
            share = likert_shares(row.result)[point]
            count = row.result.counts.get(str(point), 0)
            words = as_text(row.scale[point]) if row.scale and point in row.scale else label
            xs.append(sign * 100 * share)
            texts.append(fi_percent(share) if share >= MIN_SEGMENT_TEXT else "")
            hovers.append(f"{point} {words}: {fi_percent(share, 1)} ({count} / {row.result.n})")
        fig.add_trace(go.Bar(
            name=f"{point} {label}".strip(),
            orientation="h",
            x=xs,
            y=positions,
            width=BAR_PX,
            marker=dict(color=SCALE_COLORS[point], line=dict(color="#ffffff", width=1)),
            text=texts,
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont=dict(color=SEGMENT_TEXT_COLORS[point], size=12),
            hovertext=hovers,
            hoverinfo="text",
            legendrank=point,
            cliponaxis=False,
        ))

    annotations = []
    for row, pos in zip(rows, positions, strict=True):
        if row.result is None:
            annotations.append(_label_annotation(row.label, pos, bold=True))
            continue
        annotations.append(_label_annotation(row.label, pos - BAR_PX / 2))
        if is_shown(row.result):
            annotations.append(dict(
                name="n", x=1, xref="paper", xanchor="left", xshift=6, y=pos, yref="y",
                text=n_text(row.result.n), showarrow=False, font=dict(size=13, color=MUTED)))
        else:
            annotations.append(dict(
                name="suppressed", x=0, xref="x", xanchor="center", y=pos, yref="y",
                text=suppressed_text(min_group), showarrow=False,
                font=dict(size=13, color=MUTED, style="italic")))

    height = int(LEGEND_PX + AXIS_PX + (title is not None) * TITLE_PX + total_px)
    _base_layout(fig, title, height, right=_n_margin([r.result for r in rows]),
                 top=LEGEND_PX)
    ticks = [-100, -50, 0, 50, 100]  # few: they must not pile up on a phone
    fig.update_layout(
        barmode="relative",
        bargap=0,
        annotations=annotations,
        # Above the bars, from the left; on a narrow screen the entries wrap onto more
        # lines (the top margin has room for two).
        legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom",
                    traceorder="normal", font=dict(size=13), itemclick=False,
                    itemdoubleclick=False),
        uniformtext=dict(minsize=12, mode="hide"),  # a label that does not fit: none
        hovermode="closest",
    )
    fig.update_xaxes(
        range=[-100, 100],
        tickvals=ticks,
        # Distance from zero in both directions: no minus signs.
        ticktext=[f"{abs(v)} %" for v in ticks],
        tickangle=0, tickfont=dict(size=12),
        zeroline=True, zerolinecolor="#111111", zerolinewidth=2,
        gridcolor="#e5e5e5", fixedrange=True,
    )
    fig.update_yaxes(
        range=[total_px, 0],  # first row on top
        showticklabels=False, showgrid=False, zeroline=False, fixedrange=True,
        ticks="",
    )
    return fig


def likert_chart(results: Sequence[QuestionResult], labels: Mapping[str, str],
                 scale_labels: Mapping[int, str], title: str | None = None, *,
                 min_group: int = 5,
                 own_scales: Mapping[str, Mapping[int, str]] | None = None) -> go.Figure:
    """Diverging stacked bars of the likert questions in ``results`` (other types are
    skipped): one row per question, labelled above its bar by ``labels[question id]``.
    ``scale_labels`` (point 1..4 -> words) name the legend; ``own_scales`` (question id
    -> words of 1..4, e.g. :meth:`raati.surveys.Survey.own_scale_words`) are the words
    of the questions that have their own: named under their label and in the hover."""
    own_scales = own_scales or {}
    rows = []
    for r in results:
        if r.question.type != "likert":
            continue
        label = wrap_label(labels.get(r.question.id, r.question.id))
        words = own_scales.get(r.question.id)
        if words:
            label += "<br>" + scale_note(words)
        rows.append(_Row(label, r, words))
    return _diverging(rows, scale_labels, title, min_group)


def likert_compare_chart(groups: Sequence[tuple[str, Sequence[QuestionResult]]],
                         labels: Mapping[str, str], scale_labels: Mapping[int, str],
                         title: str | None = None, *, min_group: int = 5,
                         own_scales: Mapping[str, Mapping[int, str]] | None = None,
                         ) -> go.Figure:
    """The same bars for comparisons: per likert question a heading row with its label
    (and its own words of 1..4, as in :func:`likert_chart`), then one bar per group
    (two rounds, several units...), each with its own n."""
    own_scales = own_scales or {}
    order: list[str] = []
    by_group: list[tuple[str, dict[str, QuestionResult]]] = []
    for name, results in groups:
        found = {r.question.id: r for r in results if r.question.type == "likert"}
        by_group.append((name, found))
        order.extend(q for q in found if q not in order)
    rows: list[_Row] = []
    for qid in order:
        label = wrap_label(labels.get(qid, qid))
        words = own_scales.get(qid)
        rows.append(_Row(label + ("<br>" + scale_note(words) if words else ""), None))
        for name, found in by_group:
            result = found.get(qid)
            if result is None:  # the group does not have this question at all
                continue
            rows.append(_Row(wrap_label(name, LABEL_WIDTH - 4), result, words))
    return _diverging(rows, scale_labels, title, min_group)


def option_chart(result: QuestionResult, labels: Mapping[str, str], title: str | None = None,
                 *, min_group: int = 5) -> go.Figure:
    """Horizontal bars of a choice, multi or grade question: the share of respondents
    who gave each answer, with the count on each bar and n above the chart. For multi
    the shares may add up to more than 100 %. Each option's label sits above its bar."""
    values = list(answer_values(result.question))
    names = [wrap_label(labels.get(v, v)) for v in values]
    positions: list[float] = []
    y = 0.0
    for name in names:
        y += ROW_GAP_PX + _lines(name) * LINE_PX + LABEL_PAD_PX + BAR_PX / 2
        positions.append(y)
        y += BAR_PX / 2
    total_px = max(y, 1.0) + 6
    fig = go.Figure()
    annotations = [_label_annotation(name, pos - BAR_PX / 2)
                   for name, pos in zip(names, positions, strict=True)]
    if is_shown(result):
        shares = [result.counts.get(v, 0) / result.n for v in values]
        fig.add_trace(go.Bar(
            orientation="h", x=[100 * s for s in shares], y=positions, width=BAR_PX,
            marker=dict(color=OPTION_COLOR),
            text=[f"{fi_percent(s)} ({result.counts.get(v, 0)})"
                  for s, v in zip(shares, values, strict=True)],
            textposition="outside", textfont=dict(size=13), cliponaxis=False,
            hoverinfo="text",
            hovertext=[f"{fi_percent(s, 1)} ({result.counts.get(v, 0)} / {result.n})"
                       for s, v in zip(shares, values, strict=True)],
            showlegend=False,
        ))
        annotations.append(dict(name="n", x=1, xref="paper", xanchor="right", y=1,
                                yref="paper", yanchor="bottom", yshift=8,
                                text=n_text(result.n), showarrow=False,
                                font=dict(size=13, color=MUTED)))
        top = max(shares) * 100 if shares else 0
        # Room right of the longest bar for its "NN % (n)" at a phone's width too.
        x_max = min(100.0, max(10.0, top * 1.45 + 10))
        mean = result.mean
        if mean is not None and result.question.type == "grade":
            annotations.append(dict(name="mean", x=0, xref="paper", xanchor="left", y=1,
                                    yref="paper", yanchor="bottom", yshift=8,
                                    text=f"keskiarvo {fi_number(mean)}",
                                    showarrow=False, font=dict(size=13, color=MUTED)))
    else:
        x_max = 100.0
        fig.add_trace(go.Bar(orientation="h", x=[None] * len(values), y=positions,
                             showlegend=False, hoverinfo="skip"))
        annotations.append(dict(name="suppressed", x=0.5, xref="paper", y=0.5, yref="paper",
                                text=suppressed_text(min_group), showarrow=False,
                                font=dict(size=14, color=MUTED, style="italic")))
    height = int(OPTION_TOP_PX + AXIS_PX + (title is not None) * TITLE_PX + total_px)
    _base_layout(fig, title, height, right=EDGE_PX + 30, top=OPTION_TOP_PX)
    fig.update_layout(annotations=annotations, bargap=0)
    step = 10 if x_max <= 40 else 25
    ticks = [v for v in range(0, 101, step) if v <= x_max]
    fig.update_xaxes(range=[0, x_max], tickvals=ticks, ticktext=[f"{v} %" for v in ticks],
                     tickangle=0, tickfont=dict(size=12),
                     gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#111111",
                     fixedrange=True)
    fig.update_yaxes(range=[total_px, 0], showticklabels=False, showgrid=False,
                     zeroline=False, fixedrange=True, ticks="")
    return fig
