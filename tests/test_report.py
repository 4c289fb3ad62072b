"""analysis/report.py and ``raati report``: the findings report as PDF and PPTX carries
only aggregated, suppressed results and approved, masked free text.

Both formats draw their charts from the numbers (the PDF as vectors with real text, the PPTX
as PowerPoint's own charts): no browser is needed. Each report is built once per module.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import io
import re
import sys
from pathlib import Path

import pytest
from _helpers import RAATI_ENV, pptx_text, write_survey

from analysis import report
from analysis.charts import OPTION_COLOR, SCALE_COLORS, SEGMENT_TEXT_COLORS
from analysis.formatting import fi_percent
from analysis.report import (
    Chart,
    ChartRow,
    ReportContent,
    TableRow,
    pdf_from_content,
    report_content,
    report_pdf,
    report_pptx,
)
from analysis.views import build_view, shown_texts
from raati.cli import main
from raati.store import Answer, NewResponse, Round, Store
from raati.surveys import find_survey

TITLE = "Työpajakysely Närpiössä ja Vårdössä"
SURVEY = {
    "id": "pajakysely",
    "title": {"fi": TITLE},
    "questions": [
        {"id": "kuuntelu", "type": "likert", "text": "Minua kuunneltiin.", "comment": True},
        {"id": "tehtavat", "type": "likert", "text": "Tehtävät olivat mielekkäitä."},
        {"id": "harvoin", "type": "likert", "text": "Harvoin kysytty asia.",
         "optional": True},
        {"id": "arvosana", "type": "grade", "text": "Anna kouluarvosana."},
        {"id": "parasta", "type": "text", "text": "Mikä oli parasta?"},
    ],
}
TODAY = dt.date(2026, 3, 16)

APPROVED = "Ohjaaja [nimi] oli ystävällinen ja kärsivällinen"
RAW_APPROVED = "Ohjaaja Åke oli ystävällinen ja kärsivällinen"
MASKED_PHONE = "Soittakaa numeroon [puhelinnumero] kun työpaikka löytyy"
RAW_PHONE = "Soittakaa numeroon 040 123 4567 kun työpaikka löytyy"
HIDDEN = "Tämä piilotettu kommentti ei saa näkyä"
WAITING = "Tätä odottavaa tekstiä ei ole vielä tarkistettu"
SMALL_GROUP = "Pienen ryhmän hyväksytty teksti ei saa näkyä"
APPROVED_COMMENT = "Hyväksytty kommentti kuuntelusta"
FIFTH = "Työkaverit olivat mukavia"


def _answers(i: int, high: bool, harvoin: bool, text: str | None = None,
             comment: str | None = None) -> tuple[Answer, ...]:
    out = [Answer("kuuntelu", "value", str(3 + (i % 2) if high else 1 + (i % 2))),
           Answer("tehtavat", "value", str(1 + i % 4)),
           Answer("arvosana", "value", str(6 + i % 4))]
    if harvoin:
        out.append(Answer("harvoin", "value", "2"))
    if text:
        out.append(Answer("parasta", "value", text))
    if comment:
        out.append(Answer("kuuntelu", "comment", comment))
    return tuple(out)


def fill(store: Store, survey) -> dict[str, Round]:
    """Puupaja 12 responses (round expecting 20), ompelimo 8 (expecting 15), a small
    unit 3 (expecting 5): the small unit's block is left out of every view."""
    rounds = {
        "puupaja": store.open_round(survey.id, "puupaja", name="Syksy", opens="2025-09-01",
                                    closes="2025-10-31", expected=20),
        "ompelimo": store.open_round(survey.id, "ompelimo", name="Syksy", opens="2025-09-01",
                                     closes="2025-10-31", expected=15),
        "pieni": store.open_round(survey.id, "pieni", name="Syksy", opens="2025-09-01",
                                  closes="2025-10-31", expected=5),
    }
    store.rename_unit("puupaja", "Puupaja Hööveli")
    # Five texts in puupaja: a question's block counts only with five answers or more.
    texts = {0: RAW_APPROVED, 1: RAW_PHONE, 2: HIDDEN, 3: WAITING, 4: FIFTH}
    responses = []
    for unit, count in (("puupaja", 12), ("ompelimo", 8), ("pieni", 3)):
        for i in range(count):
            text = texts.get(i) if unit == "puupaja" else (
                SMALL_GROUP if unit == "pieni" and i == 0 else None)
            comment = APPROVED_COMMENT if unit == "ompelimo" and i == 0 else None
            responses.append(NewResponse(
                survey=survey.id, date=f"2025-09-{10 + i:02d}", lang="fi",
                answers=_answers(i, high=unit != "ompelimo" or i < 2,
                                 harvoin=unit == "puupaja" and i < 3, text=text,
                                 comment=comment),
                unit=unit, round_id=rounds[unit].id, id=f"{unit}-{i:03d}"))
    store.import_responses(responses)
    decisions = {
        ("puupaja-000", "parasta", "value"): ("approved", APPROVED),
        ("puupaja-001", "parasta", "value"): ("approved", MASKED_PHONE),
        ("puupaja-002", "parasta", "value"): ("hidden", ""),
        ("puupaja-004", "parasta", "value"): ("approved", FIFTH),
        ("pieni-000", "parasta", "value"): ("approved", SMALL_GROUP),
        ("ompelimo-000", "kuuntelu", "comment"): ("approved", APPROVED_COMMENT),
    }
    for (rid, question, kind), (status, shown) in decisions.items():
        store.moderate(rid, question, kind, status, shown, "ohjaaja")
    return rounds


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    defs = root / "defs"
    write_survey(defs, SURVEY)
    survey = find_survey(defs, "pajakysely")
    store = Store(root / "raati.db")
    rounds = fill(store, survey)
    data = store.block_counts(survey.id, [])
    view = build_view(survey, data, 5)
    texts = shown_texts(view, store.free_texts(survey.id, ["parasta"]),
                        store.moderation_state(survey.id))
    comparisons = [(unit, build_view(survey, data, 5, units=[unit]))
                   for unit in ("puupaja", "ompelimo")]
    return {"root": root, "defs": defs, "survey": survey, "store": store, "view": view,
            "texts": texts, "comparisons": comparisons, "rounds": rounds}


@pytest.fixture(scope="module")
def reports(env):
    kwargs = dict(units_label="Puupaja Hööveli, Ompelimo", period_label="1.9.2025–31.10.2025",
                  comparisons=env["comparisons"], expected=40, today=TODAY,
                  title_extra="Syksyn tulokset")
    pdf = report_pdf(env["survey"], env["view"], env["texts"], **kwargs)
    pptx = report_pptx(env["survey"], env["view"], env["texts"], **kwargs)
    return {"pdf": pdf, "pptx": pptx}


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_runs(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Each page's text runs as pypdf reads them: (text, x, y), x and y of the run's
    start in points from the page's bottom left."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[str, float, float]] = []

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append((text.strip(), tm[4], tm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def on_rows(runs: list[tuple[str, float, float]], label: str) -> list[list[str]]:
    """The texts on each chart row labelled ``label`` (within 3 pt of its height)."""
    return [[text for text, _, yy in runs if abs(yy - y) < 3 and text != label]
            for text, _, y in runs if text == label]


def on_row(runs: list[tuple[str, float, float]], label: str) -> list[str]:
    """The texts on the one chart row labelled ``label``."""
    (row,) = on_rows(runs, label)
    return row


def fill_colors(data: bytes) -> set[tuple[int, int, int]]:
    """Every RGB fill colour the PDF's pages set (the ``rg`` operator), 0..255 each."""
    from pypdf import PdfReader

    found = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", stream):
            found.add(tuple(round(255 * float(v)) for v in (r, g, b)))
    return found


def rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i: i + 2], 16) for i in (1, 3, 5))


SCALE_WORDS = ["1 Ei lainkaan", "2 Ei juurikaan", "3 Melko hyvin", "4 Erittäin hyvin"]


# -- the data behind the report ------------------------------------------------------------


def test_texts_given_to_the_report_are_only_approved_and_kept(env):
    shown = {t["text"] for t in env["texts"]}
    assert shown == {APPROVED, MASKED_PHONE, APPROVED_COMMENT, FIFTH}
    assert env["view"].responses == 20 and env["view"].left_out == 3


def test_report_module_never_opens_the_store():
    tree = ast.parse(Path(report.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "raati.store" not in imported and "sqlite3" not in imported


# -- PDF --------------------------------------------------------------------------------------


def test_pdf_content(reports):
    text = pdf_text(reports["pdf"])
    one_line = flat(text)
    assert TITLE in one_line  # å, ä and ö survive the round trip
    assert "Syksyn tulokset" in one_line and "Puupaja Hööveli" in one_line
    assert "1.9.2025–31.10.2025" in one_line and "16.3.2026" in one_line
    # Key figures: 20 responses counted, 3 more left out (small group), rate 23 / 40.
    assert "20 Vastauksia" in one_line
    assert fi_percent(23 / 40) in one_line and "(23 / 40)" in one_line
    assert "Lisäksi alle 5 vastausta jätettiin pois" in one_line  # 3: not told
    assert "Heikoimmat" in one_line and "Vahvimmat" in one_line
    assert "vastasi 3–4" in one_line
    assert "alle 5 vastausta" in one_line  # the rarely answered question
    assert "Keskiarvo" in one_line and "," in one_line
    # Moderated texts, grouped under their questions.
    assert APPROVED in one_line and MASKED_PHONE in one_line and APPROVED_COMMENT in one_line
    assert "Mikä oli parasta?" in one_line
    assert "lisäkommentit" in one_line
    for secret in (HIDDEN, WAITING, SMALL_GROUP, RAW_APPROVED, "040 123 4567", "Åke"):
        assert secret not in one_line


def test_pdf_embeds_dejavu_and_draws_charts_as_vectors(reports):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(reports["pdf"]))
    fonts = {}
    images = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
        images += len(page.images)
    assert fonts and all("DejaVu" in name for name in fonts)
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded TTF
    assert images == 0  # the charts are drawn, not pictures
    # Bars in each colour of the scale and the options' blue.
    assert {rgb(c) for c in (*SCALE_COLORS.values(), OPTION_COLOR)} <= fill_colors(
        reports["pdf"])
    assert reader.metadata.title == TITLE


def test_pdf_charts_carry_their_figures_as_text(reports):
    pages = page_runs(reports["pdf"])
    likert = next(runs for runs in pages if any(t == "Tulokset asteikolla 1–4" for t, _, _ in runs))
    texts = [t for t, _, _ in likert]
    assert all(word in texts for word in SCALE_WORDS)  # the legend
    assert texts.count("100 %") == 2 and "0 %" in texts  # the axis, both ways from zero
    # kuuntelu: 3 × 1, 3 × 2, 7 × 3, 7 × 4 of 20; tehtavat 5 of each.
    assert sorted(on_row(likert, "Minua kuunneltiin.")) == ["15 %", "15 %", "35 %", "35 %",
                                                             "n = 20"]
    assert on_row(likert, "Tehtävät olivat mielekkäitä.") == ["25 %"] * 4 + ["n = 20"]
    # Under the minimum group: the note where the bar would be, no figure at all.
    assert on_row(likert, "Harvoin kysytty asia.") == ["alle 5 vastausta"]

    compare = next(runs for runs in pages if any(t == "Vertailu" for t, _, _ in runs))
    texts = [t for t, _, _ in compare]
    assert all(word in texts for word in SCALE_WORDS)
    assert texts.count("Minua kuunneltiin.") == 1  # a heading row above its groups
    rows = [sorted(row) for row in on_rows(compare, "puupaja")]
    assert rows[0] == ["50 %", "50 %", "n = 12"]  # kuuntelu: 6 × 3, 6 × 4 of 12
    assert ["alle 5 vastausta"] in rows  # harvoin: 3 answers

    grade = next(runs for runs in pages if any(t == "Anna kouluarvosana." for t, _, _ in runs))
    texts = [t for t, _, _ in grade]
    assert "n = 20" in texts
    for value in ("6", "7", "8", "9"):  # 5 of 20 each, the percent at the end of the bar
        assert on_row(grade, value) == ["25 % (5)"]
    assert on_row(grade, "10") == ["0 % (0)"]


def test_pdf_builds_its_charts_without_a_browser(env, monkeypatch, tmp_path):
    # Importing kaleido (or its browser driver) now fails, and no Chromium is on PATH.
    monkeypatch.setitem(sys.modules, "kaleido", None)
    monkeypatch.setitem(sys.modules, "choreographer", None)
    monkeypatch.setenv("PATH", str(tmp_path))
    data = report_pdf(env["survey"], env["view"], env["texts"], today=TODAY)
    pages = page_runs(data)
    likert = next(runs for runs in pages if any(t == "Tulokset asteikolla 1–4" for t, _, _ in runs))
    assert all(word in [t for t, _, _ in likert] for word in SCALE_WORDS)
    assert "n = 20" in on_row(likert, "Minua kuunneltiin.")
    assert {rgb(c) for c in SCALE_COLORS.values()} <= fill_colors(data)


def test_segment_text_is_readable_on_its_fill():
    for point, fill in SCALE_COLORS.items():
        text = report.text_color_on(fill)
        assert report.contrast_ratio(rgb(fill), text) >= 4.5  # WCAG AA for small text
        assert (text == report.WHITE) == (SEGMENT_TEXT_COLORS[point] == "#ffffff")  # as on the web
    assert report.contrast_ratio(rgb(OPTION_COLOR), report.INK) < 4.5  # white on the blue
    assert report.text_color_on(OPTION_COLOR) == report.WHITE


ARABIC = "شعرت بأنه تم الاستماع إلي"
HEADINGS = {k: k for k in (
    "key_figures", "themes", "weakest", "strongest", "themes_lead", "scale_note", "comparison",
    "changes", "other_questions", "table", "col_question", "col_n", "col_low", "col_high",
    "col_mean", "table_note", "texts", "texts_note", "no_texts", "units", "period",
    "continued", "likert_results")}


def charts_only(likert=(), compare=(), option=()) -> ReportContent:
    return ReportContent(
        lang="fi", title="Kaaviot", kicker="Raportti", title_extra="", units_label="",
        period_label="", date_label="Tehty 16.3.2026", privacy_note="Yksityisyys.",
        key_figures=[("20", "Vastauksia")], notes=[], weakest=[], strongest=[],
        likert_charts=list(likert), compare_charts=list(compare), changes=[],
        option_charts=list(option), table=[TableRow("x", "20", "10 %", "90 %", "3,4", False)],
        text_groups=[], headings={**HEADINGS, "continued": "(jatkuu)"})


def test_pdf_chart_with_arabic_labels(tmp_path):
    chart = Chart("Tulokset", "likert", tuple(SCALE_WORDS), (
        ChartRow("Minua kuunneltiin työpajassa hyvin.", 20, (0.15, 0.15, 0.35, 0.35)),
        ChartRow(ARABIC, 12, (0.05, 0.25, 0.5, 0.2)),
        ChartRow("نظرسنجی کارگاه", None, None, "alle 5 vastausta")))  # Persian
    options = Chart(ARABIC, "option", (ARABIC, "B"), (ChartRow("", 40, (0.75, 0.25)),))
    data = pdf_from_content(charts_only([chart], option=[options]))
    runs = [run for page in page_runs(data) for run in page]
    texts = [t for t, _, _ in runs]
    assert "n = 12" in texts and "50 %" in texts and "alle 5 vastausta" in texts
    assert "75 % (30)" in texts and "n = 40" in texts

    # Shaped, the labels still read back in their logical order, each on one line: the
    # likert row, the option chart's heading and its option.
    assert texts.count(ARABIC) == 3
    latin_x = next(x for t, x, _ in runs if t == "Minua kuunneltiin työpajassa hyvin.")
    arabic_x = next(x for t, x, _ in runs if t == ARABIC)  # the likert row
    # A right-to-left label is right-aligned in the label column: it starts further right.
    assert arabic_x > latin_x + 20


def test_pdf_chart_taller_than_a_page_is_split_between_questions():
    rows = []
    for q in range(12):
        rows.append(ChartRow(f"Kysymys {q}", None, None))
        rows += [ChartRow(f"Yksikkö {g}", 50, (0.1, 0.2, 0.3, 0.4)) for g in range(5)]
    chart = Chart("Vertailu", "likert", tuple(SCALE_WORDS), tuple(rows))
    pages = [runs for runs in page_runs(pdf_from_content(charts_only(compare=[chart])))
             if any(t == SCALE_WORDS[0] for t, _, _ in runs)]
    assert len(pages) >= 2
    seen = []
    for i, runs in enumerate(pages):
        texts = [t for t, _, _ in runs]
        assert all(word in texts for word in SCALE_WORDS) and texts.count("100 %") == 2
        assert ("Vertailu (jatkuu)" in texts) == (i > 0)
        questions = [t for t in texts if t.startswith("Kysymys ")]
        # Each part holds whole questions: a heading and its five groups.
        assert texts.count("n = 50") == 5 * len(questions)
        seen += questions
    assert seen == [f"Kysymys {q}" for q in range(12)]


# -- PPTX -------------------------------------------------------------------------------------


def test_pptx_content(reports):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    text = pptx_text(reports["pptx"])
    one_line = flat(text)
    assert TITLE in one_line and "Puupaja Hööveli" in one_line
    assert "20 Vastauksia" in one_line and "(23 / 40)" in one_line
    assert "Heikoimmat" in one_line and "alle 5 vastausta" in one_line
    assert APPROVED in one_line and MASKED_PHONE in one_line and APPROVED_COMMENT in one_line
    for secret in (HIDDEN, WAITING, SMALL_GROUP, RAW_APPROVED, "040 123 4567", "Åke"):
        assert secret not in one_line
    prs = Presentation(io.BytesIO(reports["pptx"]))
    # PowerPoint's own charts (staff can edit them), not pictures: the 1–4 chart, the
    # comparison and the grade.
    charts = [s for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert len(charts) >= 3
    assert not [s for slide in prs.slides for s in slide.shapes
                if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    scale = charts[0].chart
    # Next to zero first: 2 and 1 to the left, 3 and 4 to the right.
    assert [s.name.split()[0] for s in scale.series] == ["2", "1", "3", "4"]
    names = list(scale.plots[0].categories)
    assert any(name.startswith("Minua kuunneltiin.") and "(n = 20)" in name for name in names)
    assert any("alle 5 vastausta" in name for name in names)  # the rare question
    values = {s.name.split()[0]: list(s.values) for s in scale.series}
    row = next(i for i, name in enumerate(names) if name.startswith("Minua kuunneltiin."))
    assert values["1"][row] <= 0 <= values["4"][row]  # 1–2 left of zero, 3–4 right
    assert round(values["3"][row] + values["4"][row]) == 70  # 14 of 20 answered 3–4
    assert prs.core_properties.title == TITLE
    for shape in charts:  # every chart inside the slide
        assert shape.left >= 0 and shape.top >= 0
        assert shape.left + shape.width <= prs.slide_width
        assert shape.top + shape.height <= prs.slide_height


# -- content details, without rendering ---------------------------------------------------------


def test_content_table_and_themes(env):
    c = report_content(env["survey"], env["view"], env["texts"], today=TODAY)
    rows = {r.label: r for r in c.table}
    kuuntelu = rows["Minua kuunneltiin."]
    # 12 puupaja (3/4) + 2 ompelimo high (3/4) + 6 ompelimo low (1/2): 14 of 20 high.
    assert (kuuntelu.n, kuuntelu.low) == ("20", "30 %")
    assert kuuntelu.high.startswith("70 % (") and kuuntelu.high.endswith(" %)")
    assert "," in kuuntelu.mean
    assert rows["Harvoin kysytty asia."].suppressed
    assert rows["Harvoin kysytty asia."].high == "alle 5 vastausta"
    assert c.weakest and c.strongest
    assert all("vastasi 3–4" in line for line in c.weakest + c.strongest)
    assert [h for h, _ in c.text_groups] == ["Minua kuunneltiin. – lisäkommentit",
                                             "Mikä oli parasta?"]
    chart = c.likert_charts[0]
    assert chart.categories == tuple(SCALE_WORDS)
    rows = {r.label: r for r in chart.rows}
    assert rows["Minua kuunneltiin."] == ChartRow("Minua kuunneltiin.", 20,
                                                  (0.15, 0.15, 0.35, 0.35))
    assert rows["Harvoin kysytty asia."] == ChartRow("Harvoin kysytty asia.", None, None,
                                                     "alle 5 vastausta")
    assert not rows["Harvoin kysytty asia."].is_heading
    assert c.date_label == "Laadittu 16.3.2026"


def test_two_groups_flag_clear_changes(env):
    c = report_content(env["survey"], env["view"], env["texts"],
                       comparisons=env["comparisons"], today=TODAY)
    # Puupaja 12/12 high on "kuuntelu", ompelimo 2/8: a clear drop.
    assert any(line.startswith("Minua kuunneltiin: 3–4 vastanneita 100 % (puupaja) → 25 %")
               and "lasku" in line for line in c.changes)
    # The comparison: a heading row per question, then a bar per group.
    rows = c.compare_charts[0].rows
    assert rows[0].is_heading and rows[0].label == "Minua kuunneltiin."
    assert [(r.label, r.n) for r in rows[1:3]] == [("puupaja", 12), ("ompelimo", 8)]


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_env(env, monkeypatch):
    for name in RAATI_ENV:
        monkeypatch.delenv(name, raising=False)
    return env


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_writes_pdf_and_pptx(cli_env, capsys, tmp_path):
    common = ["--survey", "pajakysely", "--db", cli_env["store"].path,
              "--defs", cli_env["defs"]]
    code, out, err = run(capsys, "report", *common, "--format", "pdf",
                         "--out", tmp_path / "r.pdf")
    assert (code, err) == (0, "")
    assert "r.pdf" in out
    text = flat(pdf_text((tmp_path / "r.pdf").read_bytes()))
    assert TITLE in text and APPROVED in text and MASKED_PHONE in text
    assert "Puupaja Hööveli" in text and "1.9.2025–31.10.2025" in text
    assert "(23 / 40)" in text  # every round in scope knows how many were asked
    for secret in (HIDDEN, WAITING, SMALL_GROUP, "040 123 4567"):
        assert secret not in text

    code, out, err = run(capsys, "report", *common, "--format", "pptx", "--unit", "puupaja",
                         "--since", "2025-09-01", "--until", "2025-12-31",
                         "--out", tmp_path / "r.pptx")
    assert (code, err) == (0, "")
    text = flat(pptx_text((tmp_path / "r.pptx").read_bytes()))
    assert TITLE in text and APPROVED in text and "Puupaja Hööveli" in text
    assert APPROVED_COMMENT not in text  # ompelimo's comment: another unit
    assert "12 Vastauksia" in text and "(12 / 20)" in text

    entries = cli_env["store"].audit_entries(action="report")
    assert [e.target for e in entries[:2]] == ["pajakysely", "pajakysely"]
    assert entries[0].detail.startswith("pptx unit=puupaja since=2025-09-01")
    assert entries[0].actor.startswith("cli")
    assert entries[1].detail.startswith("pdf")


def test_cli_refuses(cli_env, capsys, tmp_path):
    db, defs = cli_env["store"].path, cli_env["defs"]
    before = len(cli_env["store"].audit_entries(action="report"))
    code, out, err = run(capsys, "report", "--survey", "eiole", "--db", db, "--defs", defs,
                         "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert code == 1 and "eiole" in err and out == ""
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", db, "--defs", defs,
                       "--unit", "eiole", "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert code == 1 and "eiole" in err
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", db, "--defs", defs,
                       "--format", "pdf", "--out", tmp_path / "no" / "x.pdf")
    assert code == 1 and "does not exist" in err
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", db, "--defs", defs,
                       "--since", "2026-01-01", "--until", "2025-01-01",
                       "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert code == 1
    with pytest.raises(SystemExit) as exc:
        main(["report", "--survey", "pajakysely", "--format", "docx", "--out", "x"])
    assert exc.value.code == 2
    # --out a folder: a sentence, no traceback (found by a first-time user).
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", db, "--defs", defs,
                       "--format", "pdf", "--out", tmp_path)
    assert code == 1 and "is a folder" in err and "Traceback" not in err
    # A language the survey does not have.
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", db, "--defs", defs,
                       "--lang", "xx", "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert code == 1 and "--lang xx" in err
    # A mistyped --db: refused, and no new empty database made there.
    typo = tmp_path / "nope" / "none.db"
    code, _, err = run(capsys, "report", "--survey", "pajakysely", "--db", typo,
                       "--defs", defs, "--format", "pdf", "--out", tmp_path / "x.pdf")
    assert code == 1 and "no database there" in err
    assert not typo.parent.exists()
    assert not (tmp_path / "x.pdf").exists()
    assert len(cli_env["store"].audit_entries(action="report")) == before




def test_many_texts_are_sampled_the_same_way_each_time(env, monkeypatch):
    monkeypatch.setattr(report, "TEXTS_PER_GROUP", 2)
    # The texts in another order: the same two are picked (by a hash of the text).
    first = report_content(env["survey"], env["view"], env["texts"], today=TODAY)
    again = report_content(env["survey"], env["view"], env["texts"][::-1], today=TODAY)
    assert first.text_groups == again.text_groups
    heading, items = next(g for g in first.text_groups if g[0].startswith("Mikä oli"))
    assert heading == "Mikä oli parasta? (2 / 3; kaikki näkyvät sovelluksessa)"
    assert len(items) == 2 and set(items) <= {APPROVED, MASKED_PHONE, FIFTH}
    assert items == sorted(items, key=str.casefold)
    # A group within the limit keeps its heading and every text.
    assert ("Minua kuunneltiin. – lisäkommentit", [APPROVED_COMMENT]) in first.text_groups


# -- issue 11: an editable deck whose slides are filled sensibly --------------------------


def deck(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def slide_title(slide) -> str:
    return slide.shapes[0].text_frame.text if slide.shapes[0].has_text_frame else ""


def text_slides_of(prs, title: str = "Avoimet vastaukset") -> list:
    return [s for s in prs.slides if slide_title(s) == title]


def body(slide):
    """The slide's main text box (the one under the title, not the footnote)."""
    boxes = [s for s in list(slide.shapes)[1:] if s.has_text_frame and s.text_frame.text]
    return max(boxes, key=lambda s: len(s.text_frame.text))


def rendered_height(box) -> float:
    """The height (pt) the box's paragraphs take when wrapped to its width, measured
    with DejaVu Sans (wider than PowerPoint's Calibri, so a fit here fits there): each
    line 1.2 × its size, plus each paragraph's space after."""
    from PIL import ImageFont

    from raati import config

    width = box.width / 12700 - 14.4  # EMU -> pt, less the box's 0.1 in insets
    total = 0.0
    for para in box.text_frame.paragraphs:
        run = para.runs[0]
        size = run.font.size.pt
        font = ImageFont.truetype(str(config.FONT_BOLD if run.font.bold
                                      else config.FONT_REGULAR), size)
        lines = 0
        for part in para.text.split("\n"):
            line = ""
            for word in part.split(" "):
                trial = f"{line} {word}".strip()
                if line and font.getlength(trial) > width:
                    lines, line = lines + 1, word
                else:
                    line = trial
            lines += 1
        total += lines * 1.2 * size + (para.space_after.pt if para.space_after else 0)
    return total


SHORT = [f"Kommentti numero {i}: ohjaajat auttoivat minua hyvin." for i in range(14)]
LONG = " ".join(f"Tämä on pitkän vastauksen lause numero {i}, jossa kerrotaan asioista."
                for i in range(60))  # ~4 000 characters: more than a slide holds


@pytest.fixture(scope="module")
def packed(env):
    """A deck with many short answers to one question, one to another and a very long
    one to a third."""
    c = report_content(env["survey"], env["view"], env["texts"], today=TODAY,
                       comparisons=env["comparisons"])
    c = dataclasses.replace(c, text_groups=[("Mikä oli parasta?", SHORT),
                                            ("Mitä muuttaisit?", ["Ei mitään."]),
                                            ("Kerro lisää", [LONG])])
    return deck(report.pptx_from_content(c))


def test_pptx_charts_are_native_editable_charts(reports):
    """Decision makers edit decks: every chart is a PowerPoint chart whose numbers live
    in its embedded workbook (Edit Data), never a picture."""
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    prs = deck(reports["pptx"])
    shapes = [s for slide in prs.slides for s in slide.shapes]
    assert not [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    charts = [s.chart for s in shapes if s.has_chart]
    kinds = [ch.chart_type for ch in charts]
    # the 1–4 chart, the comparison (both diverging stacked bars) and the grade's bars
    assert kinds.count(XL_CHART_TYPE.BAR_STACKED) >= 2
    assert XL_CHART_TYPE.BAR_CLUSTERED in kinds
    for ch in charts:
        assert ch.part.chart_workbook.xlsx_part is not None  # editable data


def test_pptx_short_answers_share_a_slide(reports):
    """The report's four short answers to two questions: one slide, both headings (it
    used to be a slide per question, one or two lines on each)."""
    (slide,) = text_slides_of(deck(reports["pptx"]))
    text = body(slide).text_frame.text
    assert "Mikä oli parasta?" in text and "Minua kuunneltiin. – lisäkommentit" in text
    assert all(t in text for t in (APPROVED, MASKED_PHONE, APPROVED_COMMENT, FIFTH))


def test_pptx_text_slides_are_filled_and_nothing_overflows(packed):
    slides = text_slides_of(packed)
    bodies = [body(s) for s in slides]
    paragraphs = [[p.text for p in b.text_frame.paragraphs] for b in bodies]
    # Several short answers on a slide, and the lone short one joins the others.
    assert sum(p.startswith("”Kommentti numero") for p in paragraphs[0]) >= 8
    with_lone = next(i for i, ps in enumerate(paragraphs) if "”Ei mitään.”" in ps)
    assert any(p.startswith("”Kommentti numero") for p in paragraphs[with_lone])
    assert "Mikä oli parasta? (jatkuu)" in paragraphs[with_lone]
    # Every answer once; the long one split at sentences, marked … at the cuts.
    flat_all = [p for ps in paragraphs for p in ps]
    assert sorted(p for p in flat_all if p.startswith("”Kommentti")) == sorted(
        f"”{s}”" for s in SHORT)
    pieces = [p for p in flat_all if "pitkän vastauksen" in p]
    assert len(pieces) >= 3
    assert pieces[0].startswith("”Tämä") and pieces[0].endswith(". …")
    assert all(p.startswith("… ") for p in pieces[1:]) and pieces[-1].endswith("”")
    joined = " ".join(p.removesuffix(" …").removeprefix("… ") for p in pieces)
    assert joined == f"”{LONG}”"
    for b, ps in zip(bodies, paragraphs, strict=True):
        # A rough character budget, and the height the text takes within its box.
        assert sum(len(p) for p in ps) <= report.TEXT_CHARS_PER_SLIDE
        assert rendered_height(b) <= b.height / 12700, ps[:2]
        assert b.top + b.height <= packed.slide_height
    # No slide mostly empty while the next one's first answer would have fitted on it:
    # only the last text slide may be less than half full.
    for b in bodies[:-1]:
        assert rendered_height(b) >= 0.5 * b.height / 12700


def test_text_slides_split_a_long_answer_and_keep_headings_with_answers():
    slides = report.text_slides([("A", ["x" * 50] * 3), ("B", ["y. " * 1500])],
                                "(jatkuu)")
    for page in slides:
        assert not page[-1][1]  # a heading never ends a slide
        lines = sum(report._lines(t, report.TEXT_CHARS_PER_LINE) for t, _ in page)
        assert lines <= report.TEXT_LINES_PER_SLIDE
    assert slides[0][:4] == [("A", True)] + [(f"”{'x' * 50}”", False)] * 3
    assert slides[0][4] == ("B", True)  # B starts under A, on the same slide
    assert [p[0] for p in slides[1:]] == [("B (jatkuu)", True)] * (len(slides) - 1)


def test_pptx_a_single_change_line_goes_above_its_chart(reports):
    """With two groups the one line of what changed sits above the comparison chart,
    not alone on a slide of its own."""
    prs = deck(reports["pptx"])
    compare = [s for s in prs.slides if slide_title(s).startswith("Vertailu")]
    assert compare and all(any(sh.has_chart for sh in s.shapes) for s in compare)
    first = compare[0]
    chart = next(sh for sh in first.shapes if sh.has_chart)
    lines = [sh for sh in first.shapes if sh.has_text_frame and "→" in sh.text_frame.text]
    assert lines and lines[0].top + lines[0].height <= chart.top


def test_pptx_table_rows_spread_evenly(env):
    c = report_content(env["survey"], env["view"], env["texts"], today=TODAY)
    row = c.table[0]
    c = dataclasses.replace(c, table=[dataclasses.replace(row, label=f"Kysymys {i}")
                                      for i in range(9)])
    prs = deck(report.pptx_from_content(c))
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert [len(t.rows) - 1 for t in tables] == [5, 4]
