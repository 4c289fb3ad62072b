"""Themes marked "to discuss" in the store (issue 14, item 2): unit, survey, question and
date only; refused input stores nothing."""

from __future__ import annotations

import pytest
from _helpers import raw_rows

from raati.store import StoreError


@pytest.fixture
def marks_store(store):
    store.ensure_unit("puupaja", "Puupaja")
    store.ensure_unit("ompelimo", "Ompelimo")
    return store


def test_mark_unmark_and_read(marks_store):
    s = marks_store
    assert s.theme_marks() == []
    assert s.mark_theme("puupaja", "asiakaskysely", "tiedot", today="2026-03-01") is True
    # Marked again later: still one mark, with its first date.
    assert s.mark_theme("puupaja", "asiakaskysely", "tiedot", today="2026-04-01") is False
    s.mark_theme("ompelimo", "asiakaskysely", "tiedot", today="2026-03-02")
    s.mark_theme("puupaja", "viikkofiilis", "apu", today="2026-03-03")
    [m] = s.theme_marks(survey="asiakaskysely", units=["puupaja"])
    assert (m.unit, m.survey, m.question, m.marked_on) == (
        "puupaja", "asiakaskysely", "tiedot", "2026-03-01")
    assert [m.unit for m in s.theme_marks(survey="asiakaskysely")] == ["ompelimo", "puupaja"]
    assert [m.survey for m in s.theme_marks(units=["puupaja"])] == [
        "asiakaskysely", "viikkofiilis"]
    assert s.theme_marks(units=[]) == []
    assert s.unmark_theme("puupaja", "asiakaskysely", "tiedot") is True
    assert s.unmark_theme("puupaja", "asiakaskysely", "tiedot") is False
    assert [m.unit for m in s.theme_marks(survey="asiakaskysely")] == ["ompelimo"]


@pytest.mark.parametrize(("unit", "survey", "question", "says"), [
    ("nosuch", "asiakaskysely", "tiedot", "no unit 'nosuch'"),
    ("puupaja", "Asiakas kysely", "tiedot", "survey 'Asiakas kysely' is not an id"),
    ("puupaja", "asiakaskysely", "", "question '' is not an id"),
    ("puupaja", "asiakaskysely", "x" * 41, "question"),
])
def test_refused_marks_store_nothing(marks_store, unit, survey, question, says):
    with pytest.raises(StoreError, match=says):
        marks_store.mark_theme(unit, survey, question)
    assert marks_store.theme_marks() == []


def test_a_mark_holds_no_person_and_no_time(marks_store):
    marks_store.mark_theme("puupaja", "asiakaskysely", "tiedot")
    if marks_store.is_postgres:
        cols = [r[0] for r in raw_rows(
            marks_store, "SELECT column_name FROM information_schema.columns WHERE"
            " table_schema = current_schema() AND table_name = 'theme_marks'"
            " ORDER BY ordinal_position")]
    else:
        cols = [r[1] for r in raw_rows(marks_store, "PRAGMA table_info(theme_marks)")]
    [(day,)] = raw_rows(marks_store, "SELECT marked_on FROM theme_marks")
    assert cols == ["unit", "survey", "question", "marked_on"]
    assert len(day) == 10 and day[4] == "-"  # a date, never a time of day
