"""The closing-event presentation (analysis.presentation) as an editable PowerPoint deck,
for those who present from their own laptop: the same slides in the same order, large
type (titles 40 pt, lines 24–28 pt), PowerPoint's own NATIVE charts (python-pptx
XL_CHART_TYPE clustered bar charts, editable in PowerPoint; never pictures of charts),
the presenter notes in each slide's notes page, and on the last slide the QR code of the
event-feedback round (a picture: a QR code is not a chart) with its link.

Nothing reaches the deck that the slides do not hold: the slides carry only published,
minimum-group results and approved, masked texts (analysis.presentation), and every text
is cleaned of characters XML cannot hold (analysis.report._writable). No hidden shapes,
no off-slide text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from analysis.presentation import Slide, SlideChart
from analysis.report import ACCENT, MUTED, _pptx_textbox, _writable, pptx_count_plot

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5  # 16:9
TITLE_PT = 40
LINE_PT = 28
DENSE_LINE_PT = 22  # a slide of several sentences (themes, quotes, actions)
CHART_PT = 18
THEME_PT = 20  # a theme slide: three questions and their sentences beside the chart
THEME_LABEL_CHARS = 26  # a line of a question as the chart's category (wrapped, never cut)
THEME_LABEL_PT = 14  # ... in smaller type: the same question is beside it at THEME_PT, bold


def _dense(slide: Slide) -> bool:
    return len(slide.lines) > 2 or sum(len(x) for x in slide.lines) > 160


def wrapped_label(label: str, chars: int) -> str:
    """``label`` on lines of at most ``chars`` characters (a longer word stays whole),
    joined by line breaks: a chart's category label that wraps, never cut."""
    import textwrap

    return "\n".join(textwrap.wrap(label, chars, break_long_words=False,
                                    break_on_hyphens=False)) or label


def _native_chart(pslide, chart: SlideChart, left, top, width, height,
                  label_chars: int = 70, label_pt: int = CHART_PT) -> None:
    """``chart`` as PowerPoint's own clustered bar chart: one category per row (its
    label), one series (k of each row), the value at each bar's end, the axis from 0 to
    the rows' n (10 for natural frequencies), the first row on top; a label longer than
    ``label_chars`` wraps on several lines (wrapped_label: the whole label, never cut),
    in ``label_pt`` points."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    data = CategoryChartData(number_format="0")
    data.categories = [wrapped_label(r.label, label_chars) for r in chart.rows]
    data.add_series(chart.caption or " ", [r.k for r in chart.rows])
    ch = pslide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height,
                                 data).chart
    ch.font.size = Pt(CHART_PT)
    ch.has_legend = False
    ch.has_title = bool(chart.caption)
    if chart.caption:
        ch.chart_title.text_frame.text = chart.caption
        ch.chart_title.text_frame.paragraphs[0].runs[0].font.size = Pt(CHART_PT)
    pptx_count_plot(ch, 50, CHART_PT)
    val = ch.value_axis
    top_value = max([r.n for r in chart.rows] + [1])
    val.minimum_scale, val.maximum_scale = 0, top_value
    val.major_unit = 1 if top_value <= 10 else max(1, top_value // 5)
    val.has_major_gridlines = True
    ch.category_axis.reverse_order = True
    ch.category_axis.tick_labels.font.size = Pt(label_pt)
    ch.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def presentation_pptx(slides: Sequence[Slide], *, title: str = "", lang: str = "fi",
                      feedback_link: str | None = None, qr_png: bytes | None = None) -> bytes:
    """``slides`` (analysis.presentation.build_slides) as a 16:9 PowerPoint deck (bytes):
    one deck slide per slide, each slide's ``notes`` in its notes page, its chart as a
    native bar chart. ``feedback_link`` and ``qr_png`` (raati.qr.qr_png of that link)
    go on the feedback slide when given (the picture's alternative text says what it is
    and its link); without them that slide says how to get the QR code: start the
    presentation in Raati, then download the deck again (pres_feedback_how). On a theme
    slide each
    item is its chart row's label (the question's easy text, bold) and its sentence, as
    the browser shows it. Raises ValueError for no slides."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    from raati.i18n import t

    if not slides:
        raise ValueError("a deck needs at least one slide")
    slides = _writable(list(slides))
    title, feedback_link = _writable((title, feedback_link))
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    prs.core_properties.title = (title or slides[0].title)[:255]
    prs.core_properties.author = "Raati"
    prs.core_properties.language = lang
    blank = prs.slide_layouts[6]
    accent, muted = RGBColor(*ACCENT), RGBColor(*MUTED)
    left, width = Inches(0.6), Inches(SLIDE_W_IN - 1.2)

    for s in slides:
        page = prs.slides.add_slide(blank)
        if s.kind == "title":
            paragraphs = []
            if s.kicker:
                paragraphs.append((s.kicker, 28, False, muted))
            paragraphs.append((s.title, 48, True, accent))
            paragraphs += [(line, LINE_PT, False, None) for line in s.lines]
            _pptx_textbox(page, left, Inches(1.8), width, Inches(4.5), paragraphs)
        else:
            _pptx_textbox(page, left, Inches(0.35), width, Inches(1.1),
                          [(s.title, TITLE_PT, True, accent)])
            size = DENSE_LINE_PT if _dense(s) else LINE_PT
            body_top = Inches(1.55)
            if s.kind == "feedback" and feedback_link:
                text_w = Inches(7.4)
                _pptx_textbox(page, left, body_top, text_w, Inches(4.5),
                              [(line, LINE_PT, False, None) for line in s.lines]
                              + [(feedback_link, 18, False, muted)])
                if qr_png:
                    pic = page.shapes.add_picture(io.BytesIO(qr_png), Inches(8.4),
                                                  Inches(1.5), Inches(4.3), Inches(4.3))
                    # Its text alternative (WCAG 1.1.1), not python-pptx's "image.png".
                    pic._element.nvPicPr.cNvPr.set(
                        "descr", t("pres_qr_alt_link", lang, link=feedback_link))
                    pic.name = t("pres_qr_name", lang)
            elif s.kind == "feedback":
                _pptx_textbox(page, left, body_top, width, Inches(5.5),
                              [(line, LINE_PT, False, None) for line in s.lines]
                              + [(t("pres_feedback_how", lang), LINE_PT, True, muted)])
            elif (s.chart is not None and s.kind in ("went_well", "improve")
                  and len(s.chart.rows) == len(s.lines)):
                # Each item, the question bold and its sentence, on the left; the chart
                # of the items on the right.
                text_w = Inches(7.0)
                _pptx_textbox(page, left, body_top, text_w, Inches(SLIDE_H_IN - 1.85),
                              [p for r, line in zip(s.chart.rows, s.lines, strict=True)
                               for p in ((r.label, THEME_PT, True, None),
                                         (line, THEME_PT, False, None))])
                chart_left = left + text_w + Inches(0.2)
                _native_chart(page, s.chart, chart_left, body_top,
                              Inches(SLIDE_W_IN - 0.6) - chart_left,
                              Inches(SLIDE_H_IN - 1.85), label_chars=THEME_LABEL_CHARS,
                              label_pt=THEME_LABEL_PT)
            elif s.chart is not None:
                # Text above, the chart below: both large.
                lines_h = Inches(2.6) if _dense(s) else Inches(1.6)
                _pptx_textbox(page, left, body_top, width, lines_h,
                              [(line, size, False, None) for line in s.lines])
                chart_top = body_top + lines_h + Inches(0.1)
                _native_chart(page, s.chart, left, chart_top, width,
                              Inches(SLIDE_H_IN) - chart_top - Inches(0.3))
            else:
                _pptx_textbox(page, left, body_top, width, Inches(5.5),
                              [(line, size, False, None) for line in s.lines])
        if s.notes:
            page.notes_slide.notes_text_frame.text = s.notes
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
