"""Retention of free text (raati.retention): when a round's text is due, what a purge
deletes and keeps, the audit log, and deleting a whole round."""

from __future__ import annotations

import datetime as dt

import pytest
from _helpers import raw_rows

from analysis.summary import summarize
from raati.retention import (
    Purge,
    apply_retention,
    delete_round,
    purge_due_on,
    purge_texts,
    text_questions,
)
from raati.store import Answer, NewResponse, Round, StoreError

pytestmark = pytest.mark.usefixtures("clean_env")

D = dt.date.fromisoformat


def _round(**kw) -> Round:
    fields = dict(id=1, token="t" * 12, survey="kysely", unit="puupaja", name="",
                  opens="2025-03-01", closes="2025-03-31", expected=None)
    fields.update(kw)
    return Round(**fields)


def _answers(i: int) -> tuple[Answer, ...]:
    return (
        Answer("q1", "value", str(1 + i % 4)),
        Answer("q1", "comment", f"Hyvä paja {i}"),
        Answer("q2", "value", str(4 + i % 7)),
        Answer("q3", "value", "ab"[i % 2]),
        Answer("q4", "value", "x"),
        Answer("q4", "value", "y"),
        Answer("q5", "value", f"Kiitos {i}"),
    )


def _fill(store, rnd_id: int | None, n: int, survey: str = "kysely", unit="puupaja",
          start: int = 0) -> list[str]:
    return [store.submit_response(NewResponse(
        survey=survey, date="2025-03-15", lang="fi", answers=_answers(start + i), unit=unit,
        round_id=rnd_id)) for i in range(n)]


def _answers_of(store, round_id: int | None) -> list[tuple]:
    where = "r.round_id IS NULL" if round_id is None else "r.round_id = ?"
    params = [] if round_id is None else [round_id]
    return sorted(raw_rows(
        store, "SELECT r.id, a.question, a.kind, a.value FROM answers a"
        f" JOIN responses r ON r.id = a.response_id WHERE {where}", params))


def _scale_part(summary: dict) -> list[dict]:
    return [q for q in summary["questions"] if q["type"] != "text"]


@pytest.fixture
def rounds(store):
    """due: closed 2025-03-31, text kept 30 days (due 2025-05-01); open: still open;
    norule: closed without a rule; endless: a rule but no closing day. Each has answers,
    and there are answers outside any round too."""
    due = store.open_round("kysely", "puupaja", name="kevät", opens="2025-03-01",
                           closes="2025-03-31")
    store.set_text_retention(due.id, 30)
    still_open = store.open_round("kysely", "ompelimo", opens="2025-03-01", closes="2099-12-31")
    store.set_text_retention(still_open.id, 0)
    norule = store.open_round("kysely", "puupaja", opens="2025-01-01", closes="2025-01-31")
    endless = store.open_round("kysely", "puupaja", opens="2025-03-01")
    store.set_text_retention(endless.id, 0)
    _fill(store, due.id, 6)
    _fill(store, still_open.id, 3, unit="ompelimo", start=6)
    _fill(store, norule.id, 2, start=9)
    _fill(store, endless.id, 2, start=11)
    _fill(store, None, 2, start=13)
    return {"due": store.round_by_id(due.id), "open": store.round_by_id(still_open.id),
            "norule": store.round_by_id(norule.id), "endless": store.round_by_id(endless.id)}


# -- when ------------------------------------------------------------------------------------


def test_purge_due_on():
    assert purge_due_on(_round(text_retention_days=30)) == D("2025-05-01")
    assert purge_due_on(_round(text_retention_days=0)) == D("2025-04-01")
    assert purge_due_on(_round(text_retention_days=1, closes="2024-02-28")) == D("2024-03-01")
    assert purge_due_on(_round(text_retention_days=None)) is None
    assert purge_due_on(_round(text_retention_days=30, closes=None)) is None
    assert purge_due_on(_round(text_retention_days=30, closes="")) is None


def test_text_questions(small_survey):
    assert text_questions(small_survey) == ["q5"]


def test_set_text_retention_refuses_negative(store, rounds):
    with pytest.raises(StoreError):
        store.set_text_retention(rounds["due"].id, -1)
    store.set_text_retention(rounds["due"].id, None)
    assert store.round_by_id(rounds["due"].id).text_retention_days is None


# -- apply_retention -------------------------------------------------------------------------


def test_nothing_before_the_due_day(store, rounds, small_survey):
    before = {k: _answers_of(store, r.id) for k, r in rounds.items()}
    assert apply_retention(store, {"kysely": small_survey}, today=D("2025-04-30")) == []
    assert {k: _answers_of(store, r.id) for k, r in rounds.items()} == before
    assert store.audit_entries() == []
    assert all(store.round_by_id(r.id).texts_purged_on is None for r in rounds.values())


def test_due_round_loses_its_text_only(store, rounds, small_survey):
    due = rounds["due"]
    others = {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"}
    outside = _answers_of(store, None)
    before = _answers_of(store, due.id)
    whole_before = summarize(store, small_survey, 1)
    round_before = summarize(store, small_survey, 1, round_id=due.id)

    done = apply_retention(store, {"kysely": small_survey}, today=D("2025-05-01"))

    assert [p.round.id for p in done] == [due.id]
    assert done[0] == Purge(due, 12)  # 6 comments + 6 text answers
    after = _answers_of(store, due.id)
    assert after == [a for a in before if a[2] == "value" and a[1] != "q5"]
    assert {(q, k) for _, q, k, _ in after} == {("q1", "value"), ("q2", "value"),
                                                ("q3", "value"), ("q4", "value")}
    # every other round, and the answers outside rounds, are untouched
    assert {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"} == others
    assert _answers_of(store, None) == outside
    # the aggregates stay: the summary of scale, grade and choice questions is identical
    whole_after = summarize(store, small_survey, 1)
    round_after = summarize(store, small_survey, 1, round_id=due.id)
    assert whole_after["responses"] == whole_before["responses"]
    assert round_after["responses"] == round_before["responses"] == 6
    assert _scale_part(whole_after) == _scale_part(whole_before)
    assert _scale_part(round_after) == _scale_part(round_before)
    q5 = {"before": round_before["questions"][-1], "after": round_after["questions"][-1]}
    assert (q5["before"]["n"], q5["after"]["n"]) == (6, 0)
    assert store.round_by_id(due.id).texts_purged_on == "2025-05-01"


def test_purge_writes_the_audit_log(store, rounds, small_survey):
    apply_retention(store, {"kysely": small_survey}, today=D("2025-05-01"), actor="ajastin")
    [entry] = store.audit_entries()
    due = rounds["due"]
    assert (entry.actor, entry.action, entry.target) == ("ajastin", "texts_delete",
                                                         f"round {due.id}")
    assert entry.detail == "kysely / puupaja / kevät: 12 texts"


def test_default_actor_is_system(store, rounds, small_survey):
    apply_retention(store, {"kysely": small_survey}, today=D("2025-05-01"))
    assert [e.actor for e in store.audit_entries()] == ["system"]


def test_not_twice(store, rounds, small_survey):
    surveys = {"kysely": small_survey}
    assert len(apply_retention(store, surveys, today=D("2025-05-01"))) == 1
    # an answer that somehow arrives later is not purged by a second run on any day
    store.submit_response(NewResponse(survey="kysely", date="2025-03-20", lang="fi",
                                      answers=_answers(50), unit="puupaja",
                                      round_id=rounds["due"].id))
    for day in ("2025-05-01", "2025-05-02", "2030-01-01"):
        assert apply_retention(store, surveys, today=D(day)) == []
    assert len(store.audit_entries()) == 1
    assert store.round_by_id(rounds["due"].id).texts_purged_on == "2025-05-01"


def test_open_round_and_rounds_without_rule_are_kept_years_later(store, rounds, small_survey):
    keep = {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"}
    apply_retention(store, {"kysely": small_survey}, today=D("2035-01-01"))
    # the open round closes 2099: not due; norule and endless have no due day at all
    assert {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"} == keep
    assert any(k == "comment" for _, _, k, _ in keep["open"])


def test_zero_days_is_due_the_day_after_closing(store, small_survey):
    rnd = store.open_round("kysely", "puupaja", opens="2025-03-01", closes="2025-03-31")
    store.set_text_retention(rnd.id, 0)
    _fill(store, rnd.id, 2)
    assert apply_retention(store, {"kysely": small_survey}, today=D("2025-03-31")) == []
    [purge] = apply_retention(store, {"kysely": small_survey}, today=D("2025-04-01"))
    assert purge.texts_deleted == 4


def test_missing_survey_is_skipped_with_an_audit_entry(store, rounds, small_survey):
    gone = store.open_round("poistettu", "puupaja", opens="2025-01-01", closes="2025-01-31")
    store.set_text_retention(gone.id, 0)
    _fill(store, gone.id, 2, survey="poistettu")
    before = _answers_of(store, gone.id)
    done = apply_retention(store, {"kysely": small_survey}, today=D("2025-05-01"))
    assert [p.round.id for p in done] == [rounds["due"].id]  # the others still done
    assert _answers_of(store, gone.id) == before
    assert store.round_by_id(gone.id).texts_purged_on is None
    skipped = store.audit_entries(action="texts_delete_skipped")
    assert [(e.actor, e.target) for e in skipped] == [("system", f"round {gone.id}")]
    assert "poistettu" in skipped[0].detail


def test_purge_texts_now(store, rounds, small_survey):
    rnd = rounds["open"]
    purge = purge_texts(store, rnd, small_survey, "cli:testi", today=D("2025-04-02"))
    assert purge.texts_deleted == 6
    assert not [a for a in _answers_of(store, rnd.id) if a[2] == "comment" or a[1] == "q5"]
    assert store.round_by_id(rnd.id).texts_purged_on == "2025-04-02"
    [entry] = store.audit_entries()
    assert (entry.actor, entry.action, entry.target) == ("cli:testi", "texts_delete",
                                                         f"round {rnd.id}")


# -- deleting a round --------------------------------------------------------------------------


def test_delete_round(store, rounds, small_survey):
    due = rounds["due"]
    others = {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"}
    outside = _answers_of(store, None)
    total = store.count_responses("kysely")
    assert delete_round(store, due, "cli:testi") == 6
    assert store.round_by_id(due.id) is None
    assert store.count_responses("kysely") == total - 6
    assert store.count_responses("kysely", round_id=due.id) == 0
    assert _answers_of(store, due.id) == []
    assert {k: _answers_of(store, r.id) for k, r in rounds.items() if k != "due"} == others
    assert _answers_of(store, None) == outside
    assert [u.id for u in store.units()] == ["ompelimo", "puupaja"]  # units stay
    [entry] = store.audit_entries()
    assert (entry.actor, entry.action, entry.target, entry.detail) == (
        "cli:testi", "round_delete", f"round {due.id}", "kysely / puupaja / kevät: 6 responses")
    # no answers are left behind without their response
    [(orphans,)] = raw_rows(store, "SELECT count(*) FROM answers WHERE response_id NOT IN"
                                   " (SELECT id FROM responses)")
    assert orphans == 0


def test_delete_a_round_twice(store, rounds):
    delete_round(store, rounds["norule"], "x")
    with pytest.raises(StoreError):
        delete_round(store, rounds["norule"], "x")
    assert len(store.audit_entries()) == 1
