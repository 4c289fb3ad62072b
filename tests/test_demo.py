"""Demo content: units, rounds, responses and a closed panel session; deterministic,
idempotent, valid data."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from _helpers import DEMO_TODAY, SHIPPED_DEFS, db_fingerprint

from analysis.summary import summarize
from raati import panels
from raati.demo import (
    DEMO_ACTIONS,
    DEMO_UNITS,
    MARKER_ID,
    PANEL_HIDDEN_IDEA,
    PANEL_PROPOSALS,
    PANEL_TITLE,
    fill_demo,
)
from raati.responses import format_cell, parse_cell
from raati.store import Store
from raati.surveys import find_survey, load_surveys

pytestmark = pytest.mark.usefixtures("clean_env")


def test_demo_creates_units_rounds_responses(demo_store):
    assert {u.id: u.name for u in demo_store.units()} == DEMO_UNITS
    rounds = demo_store.rounds()
    assert len(rounds) == 6
    assert {(r.survey, r.unit, r.name) for r in rounds} == {
        ("asiakaskysely", "puupaja", "Kevät"), ("asiakaskysely", "puupaja", "Syksy"),
        ("asiakaskysely", "ompelimo", "Kevät"), ("asiakaskysely", "ompelimo", "Syksy"),
        ("viikkofiilis", "puupaja", "Viikkofiilis"),
        ("palvelukahvila", "kahvila", "Kahvila-aamut"),
    }
    per_survey = demo_store.surveys_with_responses()
    assert per_survey == {"asiakaskysely": 14 + 11 + 9 + 3, "viikkofiilis": 25,
                          "palvelukahvila": 30}
    assert demo_store.existing_response_ids([MARKER_ID]) == {MARKER_ID: "asiakaskysely"}
    counts = demo_store.round_response_counts()
    assert sum(counts.values()) == sum(per_survey.values())  # every response has its round


def test_round_statuses_relative_to_today(demo_store):
    by_name = {(r.unit, r.name): r for r in demo_store.rounds()}
    assert by_name[("puupaja", "Kevät")].status(DEMO_TODAY) == "closed"
    assert by_name[("puupaja", "Syksy")].status(DEMO_TODAY) == "open"
    assert by_name[("kahvila", "Kahvila-aamut")].status(DEMO_TODAY) == "open"


def test_demo_responses_are_valid(demo_store):
    surveys = load_surveys(SHIPPED_DEFS)
    by_id = {r.id: r for r in demo_store.rounds()}
    for sid, survey in surveys.items():
        for resp in demo_store.responses_with_answers(sid):
            assert resp["lang"] in survey.languages
            date = dt.date.fromisoformat(resp["date"])
            assert date <= DEMO_TODAY
            values: dict[str, list[str]] = {}
            for a in resp["answers"]:
                q = survey.question(a.question)
                assert q is not None, a
                if a.kind == "comment":
                    assert q.comment and a.value
                else:
                    values.setdefault(q.id, []).append(a.value)
            for qid, vals in values.items():
                q = survey.question(qid)
                assert parse_cell(q, format_cell(q, vals)) == tuple(
                    sorted(vals, key=q.option_ids.index) if q.type == "multi" else vals)
            for q in survey.questions:  # every required question answered
                if not q.optional:
                    assert q.id in values, (sid, resp["id"], q.id)
    for rnd in by_id.values():
        for resp in demo_store.responses_with_answers(rnd.survey, round_id=rnd.id):
            assert rnd.opens <= resp["date"] <= (rnd.closes or DEMO_TODAY.isoformat())
            assert resp["unit"] == rnd.unit


def test_demo_summaries(demo_store):
    for sid in ("asiakaskysely", "viikkofiilis", "palvelukahvila"):
        survey = find_survey(SHIPPED_DEFS, sid)
        s = summarize(demo_store, survey)
        assert s["responses"] > 0
        assert s["responses"] + s["left_out"] == demo_store.count_responses(sid)
        for q in s["questions"]:
            assert 0 <= q["n"] <= s["responses"]
            if q["type"] != "text" and not q["suppressed"]:
                total = sum(q["counts"].values())
                if q["type"] == "multi":
                    assert total >= q["n"]
                else:
                    assert total == q["n"]
                if q["type"] in ("likert", "grade") and q["n"]:
                    lo, hi = (1, 4) if q["type"] == "likert" else (4, 10)
                    assert lo <= q["mean"] <= hi
                if q["type"] == "likert" and q["n"]:
                    assert abs(q["share_low"] + q["share_high"] - 1) <= 0.001
        # the non-optional questions were answered by everybody
        for q, entry in zip(survey.questions, s["questions"], strict=True):
            if not q.optional:
                assert entry["n"] == s["responses"]


def test_small_round_is_suppressed(demo_store):
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    syksy = next(r for r in demo_store.rounds("asiakaskysely")
                 if r.unit == "ompelimo" and r.name == "Syksy")
    assert demo_store.count_responses("asiakaskysely", round_id=syksy.id) == 3
    s = summarize(demo_store, survey, round_id=syksy.id)
    assert s["responses"] == 0 and s["left_out"] == 3  # the block is under the minimum
    for q in s["questions"]:
        assert q["suppressed"] is True
        assert q["n"] == 0
        for key in ("counts", "mean", "share_low", "share_high"):
            assert q.get(key) is None
    # the same unit's bigger round is shown
    kevat = next(r for r in demo_store.rounds("asiakaskysely")
                 if r.unit == "ompelimo" and r.name == "Kevät")
    shown = summarize(demo_store, survey, round_id=kevat.id)
    assert shown["responses"] == 9
    assert shown["questions"][0]["suppressed"] is False
    assert shown["questions"][0]["counts"] is not None


def _outcome_without_ids(store):
    """The demo panel's outcome with its random ids replaced by the ideas' texts."""
    (panel,) = store.panels()
    data = panels.outcome(panel, store.ideas(panel.id), store.proposals(panel.id))
    text = {i["id"]: i["text"] for i in data["ideas"]}
    for idea in data["ideas"]:
        del idea["id"]
    for prop in data["proposals"]:
        prop["ideas"] = sorted(text[i] for i in prop["ideas"])
    del data["panel"]
    return data


def test_demo_has_a_closed_panel_session(demo_store):
    (panel,) = demo_store.panels()
    assert (panel.unit, panel.title, panel.phase) == ("puupaja", PANEL_TITLE, "closed")
    assert panel.opened == panel.closed == (DEMO_TODAY - dt.timedelta(days=21)).isoformat()
    assert panel.participants == 9
    assert demo_store.panel_texts_count(panel.id) == {"approved": 8, "hidden": 1}
    data = _outcome_without_ids(demo_store)
    assert data["hidden_ideas"] == 1 and len(data["ideas"]) == 8
    assert PANEL_HIDDEN_IDEA not in repr(data)
    votes = [i["votes"] for i in data["ideas"]]
    assert votes == sorted(votes, reverse=True)
    assert sum(votes) == 9 * panel.votes_per_person  # every phone used its dots
    assert max(votes) <= 9 * panel.max_per_idea
    assert [i["group"] for i in data["ideas"]].count("Tauot") == 2
    assert len(data["proposals"]) == 2
    tauot = data["proposals"][0]
    assert tauot["ideas"] == ["Pidempi kahvitauko", "Tauko myös iltapäivällä"]
    assert tauot["votes"] == sum(i["votes"] for i in data["ideas"] if i["group"] == "Tauot")
    # closed: nothing links an idea or a dot to a device any more
    conn = sqlite3.connect(str(demo_store.path))
    try:
        for table in ("panel_devices", "panel_idea_authors", "panel_votes"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    finally:
        conn.close()
    assert demo_store.panel_voters(panel.id) == 0


def test_demo_has_actions_answering_the_panel_and_the_survey(demo_store):
    """"You said, we did": actions linked to the demo panel's proposal and to the
    survey's weakest theme question, one heard; statuses spread, one staff-only, one
    overdue, one with a picture of the library, each with its dated history."""
    from raati.actions import STATUSES

    actions = demo_store.actions()
    assert len(actions) == len(DEMO_ACTIONS) == 6
    (panel,) = demo_store.panels()
    proposal = next(p for p in demo_store.proposals(panel.id)
                    if p.text == PANEL_PROPOSALS[0][0])
    (answer,) = demo_store.actions(proposal=proposal.id)
    assert (answer.panel, answer.unit, answer.status) == (panel.id, "puupaja", "done")
    assert answer.picture == "pictures/kahvi.svg"
    assert (SHIPPED_DEFS / answer.picture).is_file()
    assert [(h.date, h.status) for h in answer.history] == [
        ((DEMO_TODAY - dt.timedelta(days=d)).isoformat(), s)
        for d, s in ((20, "planned"), (14, "in_progress"), (7, "done"))]
    assert answer.done_on == (DEMO_TODAY - dt.timedelta(days=7)).isoformat()
    (from_survey,) = demo_store.actions(survey="asiakaskysely", question="tyollistyminen")
    assert find_survey(SHIPPED_DEFS, "asiakaskysely").question("tyollistyminen")
    assert from_survey.overdue(DEMO_TODAY) and from_survey.source == "survey"
    assert [a.id for a in actions if a.overdue(DEMO_TODAY)] == [from_survey.id]
    assert {a.source for a in actions} == {"panel", "survey", "heard"}
    assert {a.status for a in actions} == set(STATUSES)
    assert [a.public for a in actions].count(False) == 1
    assert {a.unit for a in actions} == set(DEMO_UNITS)
    (why_not,) = demo_store.actions(statuses=["not_possible"])
    assert why_not.did.startswith("Lauantaisin ohjaajat eivät ole töissä")
    assert all(a.created <= a.updated <= DEMO_TODAY.isoformat() for a in actions)


def test_demo_is_idempotent(demo_store):
    before = db_fingerprint(demo_store.path)
    result = fill_demo(demo_store, SHIPPED_DEFS, today=DEMO_TODAY)
    assert result.created is False
    assert db_fingerprint(demo_store.path)[1] == before[1]
    assert len(demo_store.rounds()) == 6
    assert len(demo_store.panels()) == 1
    assert len(demo_store.actions()) == len(DEMO_ACTIONS)


def test_demo_is_deterministic(demo_template, tmp_path):
    other = Store(tmp_path / "again.db")
    result = fill_demo(other, SHIPPED_DEFS, today=DEMO_TODAY)
    assert (result.created, result.units, result.rounds, result.responses,
            result.panels, result.actions) == (True, 3, 6, 92, 1, 6)

    def content(path):
        # everything but the random round tokens, creation days and migration times, and
        # the panel session (random join code and idea ids: compared without them below)
        dump = db_fingerprint(path)[1]
        return [line for line in dump if not line.startswith(("INSERT INTO \"rounds\"",
                                                              "INSERT INTO \"units\"",
                                                              "INSERT INTO \"_sqlite",
                                                              "INSERT INTO \"panel"))]

    assert content(other.path) == content(demo_template)
    assert _outcome_without_ids(other) == _outcome_without_ids(Store(demo_template))


def test_demo_skips_missing_surveys(tmp_path):
    from _helpers import SMALL_SURVEY, write_survey

    defs = tmp_path / "defs"
    write_survey(defs, SMALL_SURVEY)  # none of the demo's surveys is here
    store = Store(tmp_path / "t.db")
    result = fill_demo(store, defs, today=DEMO_TODAY)
    assert (result.rounds, result.responses, result.panels, result.actions) == (0, 0, 1, 6)
    assert {u.id for u in store.units()} == set(DEMO_UNITS)
    # without the survey and the picture library: the question's action is heard, the
    # picture left out; the panel's proposals are still answered
    assert store.actions(survey="asiakaskysely") == []
    assert all(a.picture is None for a in store.actions())
    assert len([a for a in store.actions() if a.proposal is not None]) == 2
    # without responses there is no marker, but the panel session and the actions are
    # not made twice
    again = fill_demo(store, defs, today=DEMO_TODAY)
    assert (again.panels, again.actions) == (0, 0)
    assert len(store.panels()) == 1
    assert len(store.actions()) == len(DEMO_ACTIONS)
