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
LABEL_WIDTH = 40  # question labels wrap at about this many characters
MIN_SEGMENT_TEXT = 0.06  # a segment narrower than this share shows no percentage
CHAR_PX = 8.2  # about the width of one character of DejaVu Sans at 14 px (bold a bit wider)

# Sizes in pixels.
ROW_PX = 26  # per line of a row's label
BAR_PX = 34  # the least height of a row with a bar
BASE_HEIGHT = 150  # title, legend and axis
WIDTH = 820  # at an A4 page's full width, 14 px text would print at about 9 pt


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
    label: str  # as shown on the y axis (already wrapped)
    result: QuestionResult | None  # None: a heading row (a question above its groups)


def _label_margin(labels: Sequence[str]) -> int:
    """Room for the y-axis labels, in px. Set by hand: plotly's automargin together with
    a legend above the plot can fail ("Something went wrong with axis scaling", seen
    when these figures were rendered to images)."""
    longest = max((len(line) for label in labels
                   for line in label.replace("<b>", "").replace("</b>", "").split("<br>")),
                  default=4)
    return int(min(400, 24 + longest * CHAR_PX))


def _base_layout(fig: go.Figure, title: str | None, height: int, right: int,
                 left: int = 20) -> None:
    fig.update_layout(
        separators=", ",  # decimal comma, space between thousands
        font=dict(family=FONT_FAMILY, size=14, color="#111111"),
        template="plotly_white",
        width=WIDTH,
        height=height,
        margin=dict(l=left, r=right, t=90 if title else 60, b=50),
        title=dict(text=as_text(title), x=0, xanchor="left", font=dict(size=18))
        if title else None,
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
    )


def _diverging(rows: list[_Row], scale_labels: Mapping[int, str], title: str | None,
               min_group: int) -> go.Figure:
    """The one diverging style, for one bar per question or several per question."""
    # Row positions top to bottom; a row with a long label gets more room.
    positions: list[float] = []
    y = 0.0
    for row in rows:
        lines = row.label.count("<br>") + 1
        step = max(1.0, 0.5 + 0.45 * lines) if row.result is not None else 0.35 + 0.45 * lines
        y += step / 2
        positions.append(y)
        y += step / 2
    total_units = max(y, 1.0)

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
            xs.append(sign * 100 * share)
            texts.append(fi_percent(share) if share >= MIN_SEGMENT_TEXT else "")
            hovers.append(f"{point} {label}: {fi_percent(share, 1)} ({count} / {row.result.n})")
        fig.add_trace(go.Bar(
            name=f"{point} {label}".strip(),
            orientation="h",
            x=xs,
            y=positions,
            width=0.62,
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
            continue
        if is_shown(row.result):
            annotations.append(dict(
                x=1, xref="paper", xanchor="left", xshift=8, y=pos, yref="y",
                text=n_text(row.result.n), showarrow=False, font=dict(size=13, color=MUTED)))
        else:
            annotations.append(dict(
                x=0, xref="x", xanchor="center", y=pos, yref="y",
                text=suppressed_text(min_group), showarrow=False,
                font=dict(size=13, color=MUTED, style="italic")))

    height = int(BASE_HEIGHT + (title is not None) * 30 + total_units * BAR_PX)
    _base_layout(fig, title, height, right=90, left=_label_margin([r.label for r in rows]))
    ticks = [-100, -75, -50, -25, 0, 25, 50, 75, 100]
    fig.update_layout(
        barmode="relative",
        bargap=0,
        annotations=annotations,
        legend=dict(orientation="h", x=0.5, xanchor="center", y=1.0, yanchor="bottom",
                    traceorder="normal", font=dict(size=13)),
        uniformtext=dict(minsize=12, mode="hide"),  # a label that does not fit: none
        hovermode="closest",
    )
    fig.update_xaxes(
        range=[-100, 100],
        tickvals=ticks,
        # Distance from zero in both directions: no minus signs.
        ticktext=[f"{abs(v)} %" for v in ticks],
        zeroline=True, zerolinecolor="#111111", zerolinewidth=2,
        gridcolor="#e5e5e5", fixedrange=True,
    )
    fig.update_yaxes(
        range=[total_units, 0],  # first row on top
        tickmode="array",
        tickvals=positions,
        ticktext=[row.label for row in rows],
        showgrid=False, zeroline=False, fixedrange=True, automargin=False,
        ticks="", ticklabelstandoff=8,
    )
    return fig


def likert_chart(results: Sequence[QuestionResult], labels: Mapping[str, str],
                 scale_labels: Mapping[int, str], title: str | None = None, *,
                 min_group: int = 5) -> go.Figure:
    """Diverging stacked bars of the likert questions in ``results`` (other types are
    skipped): one row per question, labelled by ``labels[question id]``."""
    rows = [_Row(wrap_label(labels.get(r.question.id, r.question.id)), r)
            for r in results if r.question.type == "likert"]
    return _diverging(rows, scale_labels, title, min_group)


def likert_compare_chart(groups: Sequence[tuple[str, Sequence[QuestionResult]]],
                         labels: Mapping[str, str], scale_labels: Mapping[int, str],
                         title: str | None = None, *, min_group: int = 5) -> go.Figure:
    """The same bars for comparisons: per likert question a heading row with its label,
    then one bar per group (two rounds, several units...), each with its own n."""
    order: list[str] = []
    by_group: list[tuple[str, dict[str, QuestionResult]]] = []
    for name, results in groups:
        found = {r.question.id: r for r in results if r.question.type == "likert"}
        by_group.append((name, found))
        order.extend(q for q in found if q not in order)
    rows: list[_Row] = []
    for qid in order:
        rows.append(_Row(f"<b>{wrap_label(labels.get(qid, qid))}</b>", None))
        for name, found in by_group:
            result = found.get(qid)
            if result is None:  # the group does not have this question at all
                continue
            rows.append(_Row(wrap_label(name, LABEL_WIDTH - 4), result))
    return _diverging(rows, scale_labels, title, min_group)


def option_chart(result: QuestionResult, labels: Mapping[str, str], title: str | None = None,
                 *, min_group: int = 5) -> go.Figure:
    """Horizontal bars of a choice, multi or grade question: the share of respondents
    who gave each answer, with the count on each bar and n beside the chart. For multi
    the shares may add up to more than 100 %."""
    values = list(answer_values(result.question))
    names = [wrap_label(labels.get(v, v), 30) for v in values]
    positions = list(range(len(values)))
    fig = go.Figure()
    annotations = []
    if is_shown(result):
        shares = [result.counts.get(v, 0) / result.n for v in values]
        fig.add_trace(go.Bar(
            orientation="h", x=[100 * s for s in shares], y=positions, width=0.7,
            marker=dict(color=OPTION_COLOR),
            text=[f"{fi_percent(s)} ({result.counts.get(v, 0)})"
                  for s, v in zip(shares, values, strict=True)],
            textposition="outside", textfont=dict(size=13), cliponaxis=False,
            hoverinfo="text",
            hovertext=[f"{fi_percent(s, 1)} ({result.counts.get(v, 0)} / {result.n})"
                       for s, v in zip(shares, values, strict=True)],
            showlegend=False,
        ))
        annotations.append(dict(x=1, xref="paper", xanchor="right", y=1, yref="paper",
                                yanchor="bottom", text=n_text(result.n), showarrow=False,
                                font=dict(size=13, color=MUTED)))
        top = max(shares) * 100 if shares else 0
        x_max = min(100.0, max(10.0, top * 1.25 + 8))
        mean = result.mean
        if mean is not None and result.question.type == "grade":
            annotations.append(dict(x=0, xref="paper", xanchor="left", y=1, yref="paper",
                                    yanchor="bottom", text=f"keskiarvo {fi_number(mean)}",
                                    showarrow=False, font=dict(size=13, color=MUTED)))
    else:
        x_max = 100.0
        fig.add_trace(go.Bar(orientation="h", x=[None] * len(values), y=positions,
                             showlegend=False, hoverinfo="skip"))
        annotations.append(dict(x=0.5, xref="paper", y=0.5, yref="paper",
                                text=suppressed_text(min_group), showarrow=False,
                                font=dict(size=14, color=MUTED, style="italic")))
    height = int(BASE_HEIGHT + (title is not None) * 30 + len(values) * BAR_PX)
    _base_layout(fig, title, height, right=40, left=_label_margin(names))
    fig.update_layout(annotations=annotations, bargap=0.25)
    ticks = [v for v in range(0, 101, 10 if x_max <= 50 else 25) if v <= x_max]
    fig.update_xaxes(range=[0, x_max], tickvals=ticks, ticktext=[f"{v} %" for v in ticks],
                     gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#111111",
                     fixedrange=True)
    fig.update_yaxes(range=[len(values) - 0.5, -0.5], tickmode="array", tickvals=positions,
                     ticktext=names, showgrid=False, fixedrange=True, automargin=False,
                     ticks="", ticklabelstandoff=8)
    return fig
