"""analysis/charts.py: one diverging style for the 1–4 scale (1–2 left in reds, 3–4 right
in greens, n beside every bar, a bar-less row for a result under the minimum group),
the comparison variant, and the option bars. No rendering here: figure objects only."""

from __future__ import annotations

import pytest

from analysis.charts import (
    SCALE_COLORS,
    likert_chart,
    likert_compare_chart,
    option_chart,
    wrap_label,
)
from analysis.likert import QuestionResult, question_result
from raati.surveys import DEFAULT_SCALE, Option, Question

SCALE = {p: labels["fi"] for p, labels in DEFAULT_SCALE.items()}


def likert_q(qid: str) -> Question:
    return Question(id=qid, type="likert", text={"fi": f"Kysymys {qid}"})


def result(qid: str, counts: dict[str, int], min_group: int = 5) -> QuestionResult:
    return question_result(likert_q(qid), sum(counts.values()), counts, min_group)


LONG = ("Tulevaisuuden suunnitelmani ovat selkiytyneet työtoiminnan aikana ja tiedän, "
        "mitä jakson jälkeen tapahtuu.")


@pytest.fixture
def results() -> list[QuestionResult]:
    return [
        result("a", {"1": 3, "2": 9, "3": 13, "4": 9}),  # n = 34
        result("b", {"1": 1, "2": 1}),  # n = 2: suppressed
        result("c", {"1": 0, "2": 5, "3": 10, "4": 5}),  # n = 20, no 1s
        QuestionResult(likert_q("d"), 0, {}, suppressed=False),  # nobody in this view
        question_result(Question(id="g", type="grade", text={"fi": "Arvosana"}), 9,
                        {"8": 9}, 5),  # not likert: not in this chart
    ]


def labels_of(fig) -> list[str]:
    """The rows' labels, top to bottom (each drawn above its bar)."""
    return [a.text for a in fig.layout.annotations if a.name == "label"]


def notes_of(fig) -> list:
    """The annotations that are not labels: n, "alle 5", the mean."""
    return [a for a in fig.layout.annotations if a.name != "label"]


def rows_of(fig) -> list[float]:
    """The middle of each row's bar on the y axis, top to bottom."""
    return list(fig.data[0].y)


def row_of(fig, label: str) -> int:
    return labels_of(fig).index(label)


def test_traces_diverge_left_red_right_green(results):
    fig = likert_chart(results, {"a": "Kysymys A", "c": "Kysymys C"}, SCALE)
    by_point = {int(tr.name[0]): tr for tr in fig.data}
    assert set(by_point) == {1, 2, 3, 4}
    assert [tr.orientation for tr in fig.data] == ["h"] * 4
    assert fig.layout.barmode == "relative"
    a = row_of(fig, "Kysymys A")
    for point, trace in by_point.items():
        assert trace.marker.color == SCALE_COLORS[point]
        assert trace.name == f"{point} {SCALE[point]}"
        x = trace.x[a]
        assert (x < 0) if point <= 2 else (x > 0)
    assert SCALE_COLORS == {1: "#b2182b", 2: "#ef8a62", 3: "#7fbf7b", 4: "#1b7837"}
    # Shares of the row, in percent, add up to 100 on both sides together.
    assert sum(abs(by_point[p].x[a]) for p in (1, 2, 3, 4)) == pytest.approx(100)
    assert by_point[1].x[a] == pytest.approx(-100 * 3 / 34)
    assert by_point[4].x[a] == pytest.approx(100 * 9 / 34)
    # 2 lies next to zero, 1 outside it; 3 next to zero, 4 outside it.
    names = [tr.name[0] for tr in fig.data]
    assert names.index("2") < names.index("1") and names.index("3") < names.index("4")
    # The legend still reads 1, 2, 3, 4.
    assert sorted(fig.data, key=lambda tr: tr.legendrank)[0].name.startswith("1")


def test_only_likert_rows_and_labels(results):
    fig = likert_chart(results, {"a": "Kysymys A"}, SCALE)
    assert len(labels_of(fig)) == 4  # the grade question is not on this scale
    assert labels_of(fig)[1] == "b"  # no label given: the id
    fig = likert_chart([result("a", {"3": 5}), *results[1:2]], {"a": LONG}, SCALE)
    wrapped = labels_of(fig)[0]
    assert "<br>" in wrapped
    assert all(len(line) <= 38 for line in wrapped.split("<br>"))
    assert wrapped.replace("<br>", " ") == LONG


def test_n_beside_every_bar_and_suppressed_rows(results):
    fig = likert_chart(results, {}, SCALE, min_group=5)
    notes = [(a.text, a.y) for a in notes_of(fig)]
    rows = rows_of(fig)
    assert ("n = 34", rows[0]) in notes
    assert ("n = 20", rows[2]) in notes
    assert ("alle 5 vastausta", rows[1]) in notes  # suppressed (n = 2)
    assert ("alle 5 vastausta", rows[3]) in notes  # empty in this view
    assert len(notes) == 4  # exactly one per row
    assert not any(a.text == "n = 2" for a in notes_of(fig))
    for trace in fig.data:  # no bar on the rows without figures
        assert trace.x[1] is None and trace.x[3] is None
        assert trace.text[1] == "" and trace.text[3] == ""
    # The n sits right of the plot, the "alle 5" text over the zero line.
    n_note = next(a for a in fig.layout.annotations if a.text == "n = 34")
    assert (n_note.xref, n_note.x, n_note.xanchor) == ("paper", 1, "left")
    gone = next(a for a in fig.layout.annotations if a.text == "alle 5 vastausta")
    assert (gone.xref, gone.x) == ("x", 0)
    # Another minimum group says so.
    fig = likert_chart([result("b", {"1": 2}, min_group=3)], {}, SCALE, min_group=3)
    assert [a.text for a in notes_of(fig)] == ["alle 3 vastausta"]


def test_finnish_numbers_and_axis(results):
    fig = likert_chart(results, {}, SCALE)
    assert fig.layout.separators == ", "
    assert "DejaVu Sans" in fig.layout.font.family
    assert list(fig.layout.xaxis.range) == [-100, 100]
    ticks = list(fig.layout.xaxis.ticktext)
    assert ticks[0] == "100 %" and ticks[-1] == "100 %" and "0 %" in ticks
    assert not any("-" in t or "−" in t for t in ticks)  # distances, no minus signs
    by_point = {int(tr.name[0]): tr for tr in fig.data}
    assert by_point[3].text[0] == "38 %"  # 13 / 34
    assert by_point[1].text[0] == "9 %"
    assert by_point[1].text[2] == ""  # a 0 % segment says nothing
    assert "38,2 %" in by_point[3].hovertext[0]  # decimals with a comma
    assert "(13 / 34)" in by_point[3].hovertext[0]


def test_compare_chart_groups_under_each_question():
    spring = [result("a", {"1": 4, "2": 6, "3": 6, "4": 4}), result("b", {"3": 6})]
    autumn = [result("a", {"1": 1, "2": 2, "3": 8, "4": 9}), result("b", {"3": 2})]
    fig = likert_compare_chart([("Kevät", spring), ("Syksy", autumn)],
                               {"a": "Kysymys A", "b": "Kysymys B"}, SCALE)
    assert labels_of(fig) == ["<b>Kysymys A</b>", "Kevät", "Syksy",
                              "<b>Kysymys B</b>", "Kevät", "Syksy"]
    rows = rows_of(fig)
    notes = {(a.text, a.y) for a in notes_of(fig)}
    assert {("n = 20", rows[1]), ("n = 20", rows[2]), ("n = 6", rows[4]),
            ("alle 5 vastausta", rows[5])} == notes
    by_point = {int(tr.name[0]): tr for tr in fig.data}
    assert by_point[1].x[0] is None  # heading rows have no bar
    assert by_point[1].x[1] == pytest.approx(-20) and by_point[4].x[2] == pytest.approx(45)
    assert [tr.marker.color for tr in fig.data] == [SCALE_COLORS[p] for p in (2, 1, 3, 4)]
    assert fig.layout.separators == ", "


def test_option_chart():
    q = Question(id="hyoty", type="choice", text={"fi": "Hyötyä?"},
                 options=(Option("kylla", {"fi": "Kyllä"}), Option("ei", {"fi": "Ei"})))
    r = question_result(q, 8, {"kylla": 6, "ei": 2}, 5)
    fig = option_chart(r, {"kylla": "Kyllä", "ei": "Ei"})
    bar = fig.data[0]
    assert list(bar.x) == [pytest.approx(75), pytest.approx(25)]
    assert list(bar.text) == ["75 % (6)", "25 % (2)"]
    assert labels_of(fig) == ["Kyllä", "Ei"]
    assert [a.text for a in notes_of(fig)] == ["n = 8"]
    small = question_result(q, 3, {"kylla": 3}, 5)
    fig = option_chart(small, {"kylla": "Kyllä", "ei": "Ei"})
    assert [a.text for a in notes_of(fig)] == ["alle 5 vastausta"]
    assert all(x is None for x in fig.data[0].x)
    grade = question_result(Question(id="g", type="grade", text={"fi": "Arvosana"}), 10,
                            {"7": 4, "9": 6}, 5)
    fig = option_chart(grade, {})
    assert labels_of(fig) == [str(g) for g in range(4, 11)]
    assert {a.text for a in notes_of(fig)} == {"n = 10", "keskiarvo 8,20"}


def test_wrap_label():
    assert wrap_label("lyhyt") == "lyhyt"
    assert wrap_label("a " * 30, 10).count("<br>") == 5


def test_labels_are_escaped_not_read_as_markup():
    from analysis.charts import wrap_label

    label = wrap_label('Onko <a href="http://x">tämä</a> <b>hyvä</b>?', width=200)
    assert "<a" not in label and "<b>" not in label
    assert "&lt;b&gt;hyvä&lt;/b&gt;" in label


# -- issue 11: readable on a phone and a projector; a question's own words ---------------


def test_labels_above_bars_so_bars_take_the_width(results):
    """No label margin left of the bars: each label sits above its bar, so the bars get
    the chart's whole width at any screen size; the figure has no fixed width."""
    for fig in (likert_chart(results, {"a": LONG}, SCALE),
                likert_compare_chart([("Kevät", results[:1]), ("Syksy", results[:1])],
                                     {"a": LONG}, SCALE),
                option_chart(question_result(
                    Question(id="h", type="choice", text={"fi": "H"},
                             options=(Option("k", {"fi": LONG}), Option("e", {"fi": "Ei"}))),
                    8, {"k": 6, "e": 2}, 5), {"k": LONG, "e": "Ei"})):
        assert fig.layout.width is None and fig.layout.autosize is True
        assert fig.layout.margin.l <= 30  # not a label's width
        assert fig.layout.yaxis.showticklabels is False
        bars = list(fig.data[-1].y)
        width = fig.data[-1].width
        labels = [a for a in fig.layout.annotations if a.name == "label"]
        assert labels
        for a in labels:
            assert (a.xref, a.x, a.xanchor, a.yanchor) == ("paper", 0, "left", "bottom")
            assert a.bgcolor == "#ffffff"  # the zero line passes behind the text
            if not a.text.startswith("<b>"):  # a bar's label: its bottom on the bar's top
                assert any(a.y == pytest.approx(y - width / 2) for y in bars), a.text
    # The y axis is in px: a row's label lines and its bar do not overlap the next row.
    fig = likert_chart(results, {"a": LONG}, SCALE)
    rows = rows_of(fig)
    labels = labels_of(fig)
    for i in range(1, len(rows)):
        lines = labels[i].count("<br>") + 1
        label_top = rows[i] - fig.data[0].width / 2 - 2 - 19 * lines
        assert label_top >= rows[i - 1] + fig.data[0].width / 2, i
    assert fig.layout.height >= rows[-1] + fig.data[0].width / 2


def test_few_ticks_and_a_wrapping_legend(results):
    fig = likert_chart(results, {}, SCALE)
    assert list(fig.layout.xaxis.tickvals) == [-100, -50, 0, 50, 100]
    assert list(fig.layout.xaxis.ticktext) == ["100 %", "50 %", "0 %", "50 %", "100 %"]
    assert fig.layout.xaxis.tickangle == 0  # never turned on end: they do not pile up
    legend = fig.layout.legend
    assert legend.orientation == "h" and legend.x == 0 and legend.yanchor == "bottom"
    # The top margin holds the legend on two lines (a phone) without squeezing the rows.
    assert fig.layout.margin.t >= 2 * 22 + 20


def test_a_question_with_its_own_words():
    own = {1: "Ei lainkaan", 2: "Vähän", 3: "Melko paljon", 4: "Paljon"}
    a, c = result("a", {"1": 3, "2": 9, "3": 13, "4": 9}), result("c", {"3": 10, "4": 5})
    fig = likert_chart([a, c], {"a": "Kysymys A", "c": "Kysymys C"}, SCALE,
                       own_scales={"c": own})
    labels = labels_of(fig)
    assert labels[0] == "Kysymys A"  # the survey's words: the legend says them
    assert labels[1].startswith("Kysymys C<br>")
    assert "1\u00a0Ei lainkaan · 2\u00a0Vähän · 3\u00a0Melko paljon" in labels[1]
    assert "4\u00a0Paljon" in labels[1]
    by_point = {int(tr.name[0]): tr for tr in fig.data}
    assert by_point[4].name == "4 Erittäin hyvin"  # the legend keeps the survey's words
    assert by_point[4].hovertext[0].startswith("4 Erittäin hyvin:")
    assert by_point[4].hovertext[1].startswith("4 Paljon:")
    assert by_point[3].hovertext[1].startswith("3 Melko paljon:")
    fig = likert_compare_chart([("Kevät", [c]), ("Syksy", [c])], {"c": "Kysymys C"}, SCALE,
                               own_scales={"c": own})
    assert labels_of(fig)[0].startswith("<b>Kysymys C<br>") and "Vähän" in labels_of(fig)[0]
    assert {int(tr.name[0]): tr for tr in fig.data}[4].hovertext[1].startswith("4 Paljon:")


def test_own_words_are_text_not_markup():
    fig = likert_chart([result("c", {"3": 10})], {}, SCALE,
                       own_scales={"c": {1: "<b>x</b>", 2: "b", 3: "c", 4: "d"}})
    assert "&lt;b&gt;x&lt;/b&gt;" in labels_of(fig)[0] and "<b>x" not in labels_of(fig)[0]
