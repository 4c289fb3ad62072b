"""A client panel session in the reports (issue 12, item 7): the report of one session
(analysis.panel_report.panel_report, ``raati panel report``) and the panel pages of the
survey report (``raati report``, the results page's downloads).

Built on the demo content (raati.demo.fill_demo: one closed session at puupaja, with a
group of two ideas, a hidden idea and two proposals)."""

from __future__ import annotations

import io
import sqlite3

import pytest
from _helpers import SHIPPED_DEFS, pptx_text

from analysis.panel_report import panel_report, report_sessions
from raati import demo
from raati.cli import main
from raati.panels import ranked
from raati.store import Store

pytestmark = pytest.mark.usefixtures("clean_env")

HOSTILE = "<b>x</b> **y** {n} [a](http://evil.example) ${k}"


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def deck_text(data: bytes) -> str:
    return " ".join(pptx_text(data).split())


def demo_panel(store: Store):
    (panel,) = [p for p in store.panels() if p.title == demo.PANEL_TITLE]
    return panel


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def count_charts(data: bytes) -> list:
    """The panel charts of a deck: PowerPoint's own clustered bar charts."""
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    prs = Presentation(io.BytesIO(data))
    return [s.chart for slide in prs.slides for s in slide.shapes
            if s.has_chart and s.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED]


def test_pdf_of_one_session_has_title_top_idea_and_proposals(demo_store):
    panel = demo_panel(demo_store)
    text = pdf_text(panel_report(demo_store, panel, "pdf", "fi"))
    assert demo.PANEL_TITLE in text and "Asiakasraati".upper() in text
    assert "Yksikkö: Puupaja" in text and "Osallistujia 9" in text
    group, members, dots = ranked(demo_store.ideas(panel.id, ["approved"]))[0]
    assert group == "Tauot" and dots > 0
    # The top entry is the group: its name, its ideas and their combined dots on one row.
    top = f"{group}: " + " · ".join(i.text for i in members)
    assert f"{top} {dots}" in text
    for proposal in demo_store.proposals(panel.id):
        assert f"{proposal.text} ({proposal.votes} pistettä)" in text
    assert demo.PANEL_HIDDEN_IDEA not in text and "040 765 4321" not in text


def test_pdf_chart_is_drawn_as_vectors():
    """The dots chart is drawn like the report's other charts: filled rectangles, no
    picture."""
    from pypdf import PdfReader

    from analysis.report import panel_pdf, panel_section
    from raati.panels import Idea, Panel, Proposal

    panel = Panel(1, "puupaja", "Raati", "ABCDEF", "closed", 3, 1, "pre", "2026-03-01",
                  "2026-03-01", 4)
    ideas = [Idea(1, 1, "Yksi", "approved", "client", 5, None, 1),
             Idea(2, 1, "Kaksi", "approved", "client", 2, None, 2)]
    data = panel_pdf(panel_section(panel, ideas, [Proposal(1, 1, "Ehdotus", (1,), 5)]))
    page = PdfReader(io.BytesIO(data)).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" re") >= 2  # the two bars (rectangles)
    assert "/XObject" not in page["/Resources"]  # no picture


def test_pptx_has_a_native_chart_of_the_ranked_tallies(demo_store):
    panel = demo_panel(demo_store)
    data = panel_report(demo_store, panel, "pptx", "fi")
    (chart,) = count_charts(data)
    entries = ranked(demo_store.ideas(panel.id, ["approved"]))
    expected = [((f"{g}: " if g else "") + " · ".join(i.text for i in members), dots)
                for g, members, dots in entries]
    plot = chart.plots[0]
    assert list(plot.categories) == [label for label, _ in expected]
    assert list(plot.series[0].values) == [float(dots) for _, dots in expected]
    assert chart.part.chart_workbook.xlsx_part is not None  # editable data
    text = deck_text(data)
    assert demo.PANEL_TITLE in text and "Ehdotukset" in text
    for proposal in demo_store.proposals(panel.id):
        assert proposal.text in text


def test_report_language_follows_the_parameter(demo_store):
    panel = demo_panel(demo_store)
    sv = pdf_text(panel_report(demo_store, panel, "pdf", "sv"))
    assert "Förslag" in sv and "Idéerna efter poäng" in sv and "Ehdotukset" not in sv
    en = deck_text(panel_report(demo_store, panel, "pptx", "en"))
    assert "Proposals" in en and "Participants 9" in en


def test_purged_session_shows_tallies_without_idea_texts(demo_store):
    panel = demo_panel(demo_store)
    ideas = demo_store.ideas(panel.id, ["approved"])
    entries = ranked(ideas)
    # Only the mark of the purge: even an idea text left behind is not shown.
    with sqlite3.connect(demo_store.path) as db:
        db.execute("UPDATE panels SET texts_purged_on = '2026-04-01' WHERE id = ?",
                   [panel.id])
    panel = demo_store.panel(panel.id)
    pdf = pdf_text(panel_report(demo_store, panel, "pdf"))
    deck = panel_report(demo_store, panel, "pptx")
    (chart,) = count_charts(deck)
    labels = list(chart.plots[0].categories)
    for text in (pdf, deck_text(deck) + " ".join(labels)):
        for idea in ideas:
            assert idea.text not in text
        assert "poistettiin säilytysajan jälkeen 1.4.2026" in text
        for proposal in demo_store.proposals(panel.id):
            assert proposal.text in text  # staff's words stay
    assert f"Tauot (2 ideaa) {entries[0][2]}" in pdf and f"Idea 1 {entries[1][2]}" in pdf
    assert list(chart.plots[0].series[0].values) == [float(d) for _, _, d in entries]
    assert labels == ["Tauot (2 ideaa)", *(f"Idea {n}" for n in range(1, len(entries)))]


def test_hostile_idea_text_appears_literally(demo_store):
    panel = demo_store.open_panel("puupaja", f"Raati {HOSTILE}")
    idea = demo_store.add_idea(panel.id, HOSTILE)
    demo_store.add_proposal(panel.id, f"Ehdotus {HOSTILE}", [idea.id])
    demo_store.set_panel_phase(panel.id, "closed")
    panel = demo_store.panel(panel.id)
    pdf = pdf_text(panel_report(demo_store, panel, "pdf"))
    deck = panel_report(demo_store, panel, "pptx")
    for text in (pdf, deck_text(deck)):
        assert f"Raati {HOSTILE}" in text
        assert f"Ehdotus {HOSTILE} (0 pistettä)" in text
    assert f"{HOSTILE} 0" in pdf  # the chart's row: label, then its dots
    (chart,) = count_charts(deck)
    assert list(chart.plots[0].categories) == [HOSTILE]


def test_open_session_is_not_in_the_survey_report(demo_store, capsys, tmp_path):
    still_open = demo_store.open_panel("puupaja", "Kesken oleva raati")
    demo_store.add_idea(still_open.id, "Avoimen raadin idea")
    common = ["--db", demo_store.path, "--defs", SHIPPED_DEFS, "--survey", "asiakaskysely"]
    code, out, err = run(capsys, "report", *common, "--format", "pdf",
                         "--out", tmp_path / "r.pdf")
    assert (code, err) == (0, ""), err
    text = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert demo.PANEL_TITLE in text and "Tauot pidemmiksi" in text
    assert "Kesken oleva raati" not in text and "Avoimen raadin idea" not in text

    code, out, err = run(capsys, "report", *common, "--format", "pptx",
                         "--out", tmp_path / "r.pptx")
    assert (code, err) == (0, ""), err
    data = (tmp_path / "r.pptx").read_bytes()
    text = deck_text(data)
    assert demo.PANEL_TITLE in text and "Kesken oleva raati" not in text
    (chart,) = count_charts(data)[-1:]
    entries = ranked(demo_store.ideas(demo_panel(demo_store).id, ["approved"]))
    assert list(chart.plots[0].series[0].values) == [float(d) for _, _, d in entries]


def test_survey_report_keeps_to_its_units_and_days(demo_store, capsys, tmp_path):
    common = ["--db", demo_store.path, "--defs", SHIPPED_DEFS, "--survey", "asiakaskysely"]
    # The demo session is held on 23.2.2026 at puupaja.
    for extra, shown in ((["--since", "2025-01-01", "--until", "2025-12-31"], False),
                         (["--since", "2026-02-01", "--until", "2026-12-31"], True),
                         (["--unit", "ompelimo"], False),
                         (["--unit", "puupaja"], True)):
        out_file = tmp_path / "r.pdf"
        code, out, err = run(capsys, "report", *common, *extra, "--format", "pdf",
                             "--out", out_file)
        assert (code, err) == (0, ""), err
        assert (demo.PANEL_TITLE in pdf_text(out_file.read_bytes())) == shown, extra


def test_results_page_scope_by_periods(demo_store):
    """The results page scopes by its chosen periods: a session held within their span
    (or linked to one of their rounds) is in the report, others not."""
    data = demo_store.block_counts("asiakaskysely", [])
    rounds = {r.name: f"r{r.id}" for r in demo_store.rounds("asiakaskysely")
              if r.unit == "puupaja"}
    session = demo_panel(demo_store)
    assert report_sessions(demo_store, "asiakaskysely", data) == [session]
    assert report_sessions(demo_store, "asiakaskysely", data,
                           periods=[rounds["Syksy"]]) == [session]
    assert report_sessions(demo_store, "asiakaskysely", data, periods=[rounds["Kevät"]]) == []
    # A session of another survey's round is not in this survey's report.
    assert report_sessions(demo_store, "viikkofiilis",
                           demo_store.block_counts("viikkofiilis", [])) == [session]
    with sqlite3.connect(demo_store.path) as db:
        db.execute("UPDATE panels SET survey = 'viikkofiilis' WHERE id = ?", [session.id])
    assert report_sessions(demo_store, "asiakaskysely", data) == []


def test_cli_panel_report(demo_store, capsys, tmp_path):
    panel = demo_panel(demo_store)
    common = ["panel", "report", "--db", demo_store.path, "--panel", panel.id]
    code, out, err = run(capsys, *common, "--format", "pdf", "--out", tmp_path / "raati.pdf")
    assert (code, err) == (0, ""), err
    assert "raati.pdf" in out
    assert demo.PANEL_TITLE in pdf_text((tmp_path / "raati.pdf").read_bytes())
    code, out, err = run(capsys, *common, "--format", "pptx", "--lang", "en",
                         "--out", tmp_path / "raati.pptx")
    assert (code, err) == (0, ""), err
    assert count_charts((tmp_path / "raati.pptx").read_bytes())
    entries = demo_store.audit_entries(action="panel")
    assert entries[0].detail == "report pptx -> raati.pptx"

    for argv, says in (((*common[:-2], "--panel", "999", "--format", "pdf", "--out",
                         tmp_path / "x.pdf"), "no session 999"),
                       ((*common, "--format", "pdf", "--out", tmp_path / "no" / "x.pdf"),
                        "does not exist")):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (1, "") and says in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def downloads(monkeypatch):
    """The callables of the results page's deferred download buttons, by file name."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def capture(self, data, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data
        return real(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return found


@pytest.mark.parametrize("units, shown", [(("puupaja", "ompelimo"), True),
                                          (("ompelimo",), False)])
def test_results_page_reports_carry_the_sessions_of_my_units(app_env, downloads, units,
                                                             shown):
    import secrets

    from streamlit.testing.v1 import AppTest

    from raati import auth
    from raati.demo import fill_demo

    store, defs = app_env
    fill_demo(store, defs)
    user = auth.create_user(store, "staff-p", "staff", secrets.token_urlsafe(16), units)
    at = AppTest.from_file(str(SHIPPED_DEFS.parent / "app.py"), default_timeout=60)
    at.session_state["session_token"] = auth.start_session(store, user)
    at.session_state["res_tab"] = "Raportit ja viennit"
    at.run()
    at = at.switch_page("pages/results.py").run()
    assert not at.exception
    pdf = pdf_text(downloads["raati-asiakaskysely-raportti.pdf"]())
    deck = downloads["raati-asiakaskysely-esitys.pptx"]()
    assert (demo.PANEL_TITLE in pdf) == shown
    assert (demo.PANEL_TITLE in deck_text(deck)) == shown
    dots = [ch for ch in count_charts(deck) if ch.plots[0].series[0].name == "Pisteet"]
    assert len(dots) == (1 if shown else 0)  # the grade's bars are the other clustered chart
