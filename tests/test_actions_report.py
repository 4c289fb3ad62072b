""""You said, we did" actions in the reports (issue 13, item 5): the section of the PDF and
the PPTX (counts by status as a chart, then the list), scoped like the panel section by
the report's units and days; and :func:`analysis.actions_report.actions_summary`, the
plain data the presentation mode will use.

Built on the demo content (raati.demo.DEMO_ACTIONS: four at puupaja, one at ompelimo and
one at kahvila; one staff-only, one overdue, one done from the panel's proposal, one from
the survey's weakest question)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from _helpers import DEMO_TODAY, SHIPPED_DEFS, pptx_text

from analysis.actions_report import (
    actions_section,
    actions_summary,
    in_period,
    report_actions,
    report_order,
    status_label,
)
from raati import config, demo
from raati.actions import STATUSES, Action, HistoryEntry
from raati.cli import main
from raati.i18n import t

pytestmark = pytest.mark.usefixtures("clean_env")

HOSTILE = "<b>x</b> **y** {n} [a](http://evil.example) ${k}"
SECTION = "Te sanoitte – me teimme".upper()


@pytest.fixture(autouse=True)
def demo_day(monkeypatch):
    """The reports' today is the demo's, so what is overdue is fixed."""
    monkeypatch.setattr(config, "today", lambda: DEMO_TODAY)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def status_charts(data: bytes) -> list:
    """The deck's actions charts: PowerPoint's own clustered column charts."""
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    prs = Presentation(io.BytesIO(data))
    return [s.chart for slide in prs.slides for s in slide.shapes
            if s.has_chart and s.chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED]


def report(capsys, store, tmp_path, fmt: str, *extra) -> bytes:
    out = tmp_path / f"r.{fmt}"
    code = main([str(a) for a in ("report", "--db", store.path, "--defs", SHIPPED_DEFS,
                                  "--survey", "asiakaskysely", "--format", fmt, "--out", out,
                                  *extra)])
    _out, err = capsys.readouterr()
    assert (code, err) == (0, ""), err
    return out.read_bytes()


def said_of(unit: str) -> list[str]:
    return [a[1] for a in demo.DEMO_ACTIONS if a[0] == unit]


def test_pdf_has_the_section_with_counts_status_words_and_the_list(demo_store, capsys,
                                                                    tmp_path):
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf"))
    # asiakaskysely has answers at puupaja and ompelimo: their actions, not kahvila's
    assert SECTION in text and "Toimenpiteet tilan mukaan" in text
    assert "Toimenpiteitä: 5 · myöhässä: 1 · vain henkilökunnalle: 1" in text
    assert "Yksiköt: Ompelimo, Puupaja" in text
    for said in said_of("puupaja") + said_of("ompelimo"):
        assert f"Asiakkaat sanoivat: {said}" in text
    assert said_of("kahvila")[0] not in text
    # the counts by status, each a symbol and a word with its count at the bar
    for status, n in (("received", 1), ("planned", 1), ("in_progress", 2), ("done", 1),
                      ("not_possible", 0)):
        assert f"{status_label(status, 'fi')} {n}" in text
    # said → did, the done one with its day, the source named
    assert "Me teimme: Kahvitauko on nyt 20 minuuttia" in text
    assert f"Tehty {(DEMO_TODAY - dt.timedelta(days=7)).day}.3.2026" in text
    assert "lähde: asiakasraati ”Mitä muutetaan kevään aikana?”, ehdotus ”Tauot " \
           "pidemmiksi ja toinen tauko iltapäivään”" in text
    assert "kysymys ”Uskon, että mahdollisuuteni työllistyä" in text
    assert "lähde: kuultu asiakkailta" in text
    # the overdue one and the staff-only one are marked
    assert "myöhässä 🔧 Työn alla" not in text  # the mark is on its own line, after
    assert "Työn alla myöhässä määräpäivä 11.3.2026" in text
    assert "Työn alla vain henkilökunnalle" in text
    assert "\ufffd" not in text


def test_pptx_has_a_native_chart_of_the_counts_by_status(demo_store, capsys, tmp_path):
    data = report(capsys, demo_store, tmp_path, "pptx", "--lang", "en")
    (chart,) = status_charts(data)
    summary = actions_summary(demo_store.actions(units=["puupaja", "ompelimo"]), DEMO_TODAY)
    assert list(chart.plots[0].categories) == [status_label(s, "en") for s in STATUSES]
    assert list(chart.plots[0].series[0].values) == [
        float(summary["counts"][s]) for s in STATUSES] == [1.0, 1.0, 2.0, 1.0, 0.0]
    text = " ".join(pptx_text(data).split())
    assert "YOU SAID, WE DID" in text and "Actions: 5 · overdue: 1 · staff only: 1" in text
    for said in said_of("puupaja") + said_of("ompelimo"):
        assert f"Clients said: {said}" in text
    assert "✅ Done" in text and "overdue" in text and "staff only" in text


def test_long_list_goes_on_to_further_pages_and_slides(demo_store, capsys, tmp_path):
    for i in range(30):
        demo_store.add_action("ompelimo", f"Toive numero {i:02d}: " + "sana " * 40,
                              "Teemme näin: " + "sana " * 60, today=DEMO_TODAY.isoformat())
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--unit", "ompelimo"))
    assert "Mitä sanottiin ja mitä tehtiin (jatkuu)" in text
    assert all(f"Toive numero {i:02d}:" in text for i in range(30))
    deck = report(capsys, demo_store, tmp_path, "pptx", "--unit", "ompelimo")
    deck_text = " ".join(pptx_text(deck).split())
    assert "Mitä sanottiin ja mitä tehtiin (jatkuu)" in deck_text
    assert all(f"Toive numero {i:02d}:" in deck_text for i in range(30))
    (chart,) = status_charts(deck)
    assert list(chart.plots[0].series[0].values) == [31.0, 0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize("extra, units", [
    (("--unit", "ompelimo"), ["ompelimo"]),
    (("--unit", "kahvila"), ["kahvila"]),
    (("--unit", "puupaja"), ["puupaja"]),
])
def test_unit_scoping(demo_store, capsys, tmp_path, extra, units):
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf", *extra))
    assert SECTION in text
    for unit in demo.DEMO_UNITS:
        for said in said_of(unit):
            assert (said in text) == (unit in units), (unit, said)


def test_period_scoping(demo_store, capsys, tmp_path):
    """An action belongs to the days it was created or changed in."""
    week = [f"--since={(DEMO_TODAY - dt.timedelta(days=10)).isoformat()}",
            f"--until={DEMO_TODAY.isoformat()}"]
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--unit", "puupaja", *week))
    # done 7 days ago (created 20 days ago): in; the others, not changed since, not
    assert said_of("puupaja")[0] in text
    for said in said_of("puupaja")[1:] + said_of("ompelimo"):
        assert said not in text
    assert "Toimenpiteitä: 1 · myöhässä: 0 · vain henkilökunnalle: 0" in text
    # (a week has no answers of its own, so the units are the chosen one, as for panels)
    # a period without any action: no section
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--since", "2025-01-01",
                           "--until", "2025-12-31"))
    assert SECTION not in text and "Toimenpiteet tilan mukaan" not in text


def test_results_page_periods_scope_the_actions(demo_store):
    data = demo_store.block_counts("asiakaskysely", [])
    rounds = {(r.unit, r.name): f"r{r.id}" for r in demo_store.rounds("asiakaskysely")}
    survey = None
    every = report_actions(demo_store, survey, data)
    assert len(every.items) == 5
    # the spring round ended half a year before any action
    assert report_actions(demo_store, survey, data,
                          periods=[rounds[("puupaja", "Kevät")]]) is None
    autumn = report_actions(demo_store, survey, data,
                            periods=[rounds[("puupaja", "Syksy")]])
    assert len(autumn.items) == 5
    # a month: only what was created or changed in it (from 1.3.: done on 9.3., made on
    # 4.3. and on 13.3.; not those made and changed in February)
    march = report_actions(demo_store, survey, data, periods=["2026-03"])
    assert {i.said for i in march.items} == {f"Asiakkaat sanoivat: {s}" for s in (
        said_of("puupaja")[0], said_of("puupaja")[3], said_of("ompelimo")[0])}


def test_unit_without_actions_gets_no_section(demo_store, capsys, tmp_path):
    (ompelimo,) = demo_store.actions(unit="ompelimo")
    demo_store.delete_action(ompelimo.id)
    pdf = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--unit", "ompelimo"))
    assert SECTION not in pdf and "Toimenpiteet" not in pdf
    deck = report(capsys, demo_store, tmp_path, "pptx", "--unit", "ompelimo")
    assert status_charts(deck) == [] and "TE SANOITTE" not in pptx_text(deck)


def test_hostile_text_is_literal(demo_store, capsys, tmp_path):
    demo_store.add_action("ompelimo", HOSTILE, HOSTILE, responsible=HOSTILE,
                          due="2026-03-01", today=DEMO_TODAY.isoformat())
    pdf = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--unit", "ompelimo"))
    assert f"Asiakkaat sanoivat: {HOSTILE}" in pdf and f"Me selvitämme: {HOSTILE}" in pdf
    assert f"vastuu: {HOSTILE}" in pdf and "määräpäivä 1.3.2026" in pdf
    deck = " ".join(pptx_text(report(capsys, demo_store, tmp_path, "pptx", "--unit",
                                     "ompelimo")).split())
    assert f"Asiakkaat sanoivat: {HOSTILE}" in deck and f"Me selvitämme: {HOSTILE}" in deck


def test_personal_data_in_actions_is_masked_in_the_report(demo_store, capsys, tmp_path):
    """Found by a fresh walk: the report printed a phone number typed into an action."""
    demo_store.add_action("ompelimo", "Pekka Virtanen sanoi, että on kylmä",
                          "Soita 040 123 4567 jos on kylmä.", today=DEMO_TODAY.isoformat())
    for fmt in ("pdf", "pptx"):
        data = report(capsys, demo_store, tmp_path, fmt, "--unit", "ompelimo")
        text = pdf_text(data) if fmt == "pdf" else " ".join(pptx_text(data).split())
        assert "040 123 4567" not in text and "Virtanen" not in text
        assert "Soita [puhelin] jos on kylmä." in text


def test_report_language(demo_store, capsys, tmp_path):
    text = pdf_text(report(capsys, demo_store, tmp_path, "pdf", "--lang", "sv"))
    assert "NI SA – VI GJORDE" in text and "Åtgärder efter status" in text
    assert "Klienterna sa: " in text and "försenad" in text and "endast för personalen" in text


# -- the pure parts ----------------------------------------------------------------------


def action(aid: int, status: str, *, due: str | None = None, public: bool = True,
           created: str = "2026-03-01", updated: str | None = None,
           done_on: str | None = None, unit: str = "puupaja", **kw) -> Action:
    return Action(aid, unit, f"sanottu {aid}", f"tehty {aid}", status, public, due=due,
                  created=created, updated=updated or created, done_on=done_on,
                  history=(HistoryEntry(created, status),), **kw)


TODAY = dt.date(2026, 3, 16)
SAMPLE = [
    action(1, "done", done_on="2026-03-10", updated="2026-03-10", picture="pictures/kahvi.svg"),
    action(2, "done", done_on="2026-03-12", updated="2026-03-12", public=False),
    action(3, "in_progress", due="2026-03-01"),  # overdue
    action(4, "planned", due="2026-04-01"),
    action(5, "planned", due="2026-03-10"),  # overdue
    action(6, "not_possible", due="2026-01-01", done_on="2026-02-01"),  # closed: not late
    action(7, "received"),
]


def test_summary_shapes():
    s = actions_summary(SAMPLE, TODAY, newest_done=1)
    assert set(s) == {"total", "counts", "overdue", "private", "overdue_ids", "newest_done"}
    assert s["total"] == 7 and s["overdue"] == 2 and s["private"] == 1
    assert list(s["counts"]) == list(STATUSES)
    assert s["counts"] == {"received": 1, "planned": 2, "in_progress": 1, "done": 2,
                           "not_possible": 1}
    assert s["overdue_ids"] == [3, 5]  # oldest due date first
    assert s["newest_done"] == [{"id": 2, "unit": "puupaja", "said": "sanottu 2",
                                 "did": "tehty 2", "done_on": "2026-03-12", "picture": None,
                                 "public": False}]
    assert [d["id"] for d in actions_summary(SAMPLE, TODAY)["newest_done"]] == [2, 1]
    import json

    json.dumps(s)  # plain data
    empty = actions_summary([], TODAY)
    assert empty["total"] == 0 and set(empty["counts"].values()) == {0}
    assert empty["newest_done"] == [] and empty["overdue_ids"] == []


def test_report_order_and_period():
    assert [a.id for a in report_order(SAMPLE, TODAY)] == [7, 5, 4, 3, 2, 1, 6]
    changed = dataclasses.replace(SAMPLE[3], history=(
        HistoryEntry("2026-01-05", "received"), HistoryEntry("2026-02-10", "planned")),
        created="2026-01-05", updated="2026-02-10")
    assert in_period(changed, "2026-02-01", "2026-02-28")
    assert in_period(changed, None, "2026-01-05") and in_period(changed, None, None)
    assert not in_period(changed, "2026-01-06", "2026-02-09")
    assert not in_period(changed, "2026-02-11", None)


def test_section_texts_and_chart():
    section = actions_section(SAMPLE, TODAY, lang="en", unit_names={"puupaja": "Puupaja"})
    assert section.chart.kind == "count"
    assert [(r.label, r.n) for r in section.chart.rows] == [
        (status_label(s, "en"), n) for s, n in
        (("received", 1), ("planned", 2), ("in_progress", 1), ("done", 2),
         ("not_possible", 1))]
    assert section.counts == "Actions: 7 · overdue: 2 · staff only: 1"
    late = section.items[1]
    assert late.overdue and late.marks == "overdue" and "due 10.3.2026" in late.facts
    assert section.items[-1].did == "Why we cannot: tehty 6"
    assert section.items[-2].did == "We did: tehty 1"
    assert section.items[-3].marks == "staff only" and not section.items[-3].overdue
    assert "unit:" not in section.items[0].facts  # one unit: not repeated on each
    assert section.items[0].facts == "source: heard from clients"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_report_words_each_status_as_the_public_page(lang):
    """Found by a user walk: the report said "Me teemme:" of a received action where the
    public page says "Me selvitämme:" (and "Miksi ei onnistu:" for "Miksi emme voi:").
    Each status now reads as on the public page: the heading before what is done and
    the status word."""
    from raati.said_did import card_text

    section = actions_section(SAMPLE, TODAY, lang=lang)
    by_id = dict(zip((a.id for a in report_order(SAMPLE, TODAY)), section.items, strict=True))
    for a in SAMPLE:
        _said_head, _said, did_head, did, status_line = card_text(a, lang)
        item = by_id[a.id]
        assert item.did == f"{did_head} {did}", a.status
        word = t(f"action_status_{a.status}", lang)
        assert word in status_line and word in item.status
    received = by_id[7].did
    assert received == {"fi": "Me selvitämme: tehty 7", "sv": "Vi tar reda på: tehty 7",
                        "en": "We are looking into it: tehty 7"}[lang]
