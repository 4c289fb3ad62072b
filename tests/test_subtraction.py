"""No group under the minimum can be recovered by subtracting one result from another:
across cuts (all units minus one, one date range minus another) and across time (the
results of an open round before and after one more person answered)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random

import pytest
from _helpers import write_survey

from analysis.summary import summarize
from analysis.views import build_view, published_counts
from raati.store import Answer, NewResponse
from raati.surveys import load_survey

MIN = 5

SURVEY = """\
id: kysely
title: {fi: Kysely}
languages: [fi, sv]
questions:
  - {id: q1, type: likert, text: {fi: Yksi}}
  - {id: q2, type: likert, text: {fi: Kaksi}, optional: true}
  - {id: q3, type: multi, text: {fi: Kolme}, optional: true,
     options: [{id: a, label: {fi: A}}, {id: b, label: {fi: B}}]}
  - {id: q4, type: text, text: {fi: Neljä}}
"""


@pytest.fixture
def survey(tmp_path):
    import yaml

    return load_survey(write_survey(tmp_path / "defs", yaml.safe_load(SURVEY)), tmp_path / "defs")


@pytest.fixture
def store(store, monkeypatch):
    """conftest's store (SQLite and PostgreSQL) without a RAATI_MIN_GROUP from the shell."""
    monkeypatch.delenv("RAATI_MIN_GROUP", raising=False)
    return store


def _answer(store, rng, *, unit="puupaja", date="2026-03-02", lang="fi", round_id=None):
    answers = [Answer("q1", "value", str(rng.randint(1, 4)))]
    if rng.random() < 0.6:
        answers.append(Answer("q2", "value", str(rng.randint(1, 4))))
    if rng.random() < 0.5:
        for opt in rng.sample(["a", "b"], rng.randint(1, 2)):
            answers.append(Answer("q3", "value", opt))
    if rng.random() < 0.3:
        answers.append(Answer("q4", "value", f"teksti {rng.random()}"))
    store.submit_response(NewResponse(survey="kysely", date=date, lang=lang, unit=unit,
                                      round_id=round_id, answers=tuple(answers)))


def _figures(summary: dict) -> dict[str, tuple[int, dict]]:
    return {q["id"]: (q["n"], q.get("counts") or {}) for q in summary["questions"]}


def _assert_no_small_difference(a: dict, b: dict) -> None:
    """Two summaries may differ in a question only by 0 or at least MIN people, and then
    every count may differ by no more than the n does."""
    for qid, (n_a, _) in _figures(a).items():
        n_b = _figures(b)[qid][0]
        assert abs(n_a - n_b) == 0 or abs(n_a - n_b) >= MIN, (qid, n_a, n_b)
    d = abs(a["responses"] - b["responses"])
    assert d == 0 or d >= MIN, (a["responses"], b["responses"])


# -- across cuts --------------------------------------------------------------------------


def test_all_units_minus_one_unit_hides_a_small_unit(store, survey):
    rng = random.Random(1)
    for _ in range(12):
        _answer(store, rng, unit="puupaja")
    for _ in range(3):  # a unit of three people
        _answer(store, rng, unit="ompelimo")
    everything = summarize(store, survey)
    puupaja = summarize(store, survey, unit="puupaja")
    ompelimo = summarize(store, survey, unit="ompelimo")
    assert _figures(everything) == _figures(puupaja)  # all minus puupaja = nothing
    assert everything["left_out"] == 3 and ompelimo["responses"] == 0
    assert all(q["suppressed"] for q in ompelimo["questions"])


def test_nested_date_ranges_cannot_isolate_a_few_days(store, survey):
    rng = random.Random(2)
    for day in range(1, 29):  # one or two people a day in March
        for _ in range(1 + day % 2):
            _answer(store, rng, date=f"2026-03-{day:02d}")
    for day in range(1, 11):
        _answer(store, rng, date=f"2026-04-{day:02d}", unit="ompelimo")
    dates = [None, "2026-02-28", "2026-03-01", "2026-03-02", "2026-03-15", "2026-03-31",
             "2026-04-01", "2026-04-05", "2026-04-30"]
    cuts = []
    for since, until in itertools.product(dates, dates):
        if since and until and since > until:
            continue
        for unit in (None, "puupaja", "ompelimo"):
            cuts.append(summarize(store, survey, unit=unit, since=since, until=until))
    assert len(cuts) > 100
    for a, b in itertools.combinations(cuts, 2):
        _assert_no_small_difference(a, b)


def test_cli_summary_applies_the_block_rule(store, survey, tmp_path, capsys):
    """`raati summary` is the same implementation: all minus a unit shows nothing small."""
    from raati.cli import main

    rng = random.Random(3)
    for _ in range(8):
        _answer(store, rng, unit="puupaja")
    for _ in range(2):
        _answer(store, rng, unit="ompelimo")
    base = ["summary", "--survey", "kysely", "--db", store.target.conninfo or str(store.path),
            "--defs", str(tmp_path / "defs"), "--json"]
    assert main(base) == 0
    everything = json.loads(capsys.readouterr().out)
    assert main([*base, "--unit", "puupaja"]) == 0
    puupaja = json.loads(capsys.readouterr().out)
    assert _figures(everything) == _figures(puupaja)
    assert everything["left_out"] == 2
    assert main(base[:-1]) == 0  # the readable table says "fewer than 5", not 2
    assert "left out: fewer than 5" in capsys.readouterr().out


# -- across time --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_an_open_round_moves_only_in_steps_of_the_minimum_group(store, survey, seed):
    """A developer-client watching an open round after every new answer (all languages,
    one language, one unit, all units) never sees two states that differ by fewer than
    the minimum group."""
    rng = random.Random(seed)
    rnd = store.open_round("kysely", "puupaja", opens="2026-03-01")
    other = store.open_round("kysely", "ompelimo", opens="2026-03-01")
    looks: dict[tuple, list[tuple[int, tuple]]] = {}
    for _ in range(60):
        target = rnd if rng.random() < 0.75 else other
        _answer(store, rng, unit=target.unit, round_id=target.id,
                lang="fi" if rng.random() < 0.7 else "sv")
        data = published_counts(store, survey, MIN)
        for units, lang in itertools.product((None, ["puupaja"], ["ompelimo"]),
                                             (None, "fi", "sv")):
            view = build_view(survey, data, MIN, units=units, lang=lang)
            key = (tuple(units or ()), lang)
            state = tuple((r.question.id, r.n, tuple(sorted(r.counts.items())))
                          for r in view.results)
            looks.setdefault(key, []).append((view.responses, state))
    seen_growth = False
    for key, states in looks.items():
        for (resp_a, a), (resp_b, b) in itertools.pairwise(states):
            assert resp_b - resp_a == 0 or abs(resp_b - resp_a) >= MIN, (key, resp_a, resp_b)
            for (qid, n_a, counts_a), (_, n_b, counts_b) in zip(a, b, strict=True):
                if counts_a != counts_b or n_a != n_b:
                    assert abs(n_b - n_a) >= MIN, (key, qid, n_a, n_b)
                    seen_growth = True
        # Not only consecutive looks: any two looks.
        for (_, a), (_, b) in itertools.combinations(states, 2):
            for (qid, n_a, _), (_, n_b, _) in zip(a, b, strict=True):
                assert n_a == n_b or abs(n_b - n_a) >= MIN, (key, qid, n_a, n_b)
    assert seen_growth  # the results did move on


def test_fourteen_then_fifteen_gives_nobody_away(store, survey):
    """The issue's example: "14 vastausta" became "15 vastausta" and the mean moved."""
    rng = random.Random(9)
    rnd = store.open_round("kysely", "puupaja", opens="2026-03-01")
    for _ in range(14):
        _answer(store, rng, round_id=rnd.id)
    before = summarize(store, survey)
    _answer(store, rng, round_id=rnd.id)
    after = summarize(store, survey)
    assert _figures(before) == _figures(after)
    assert after["responses"] == before["responses"]
    assert after["left_out"] >= 1  # the new answer waits, and the page says so
    for _ in range(4):
        _answer(store, rng, round_id=rnd.id)
    moved = summarize(store, survey)
    assert moved["responses"] - before["responses"] >= MIN


def test_deleting_a_round_forgets_its_published_state(store, survey):
    rng = random.Random(4)
    rnd = store.open_round("kysely", "puupaja", opens="2026-03-01")
    for _ in range(6):
        _answer(store, rng, round_id=rnd.id)
    assert summarize(store, survey)["responses"] == 6
    assert store.block_publications("kysely")
    store.delete_round(rnd.id)
    assert summarize(store, survey)["responses"] == 0
    assert store.block_publications("kysely") == {}


def test_publications_hold_counts_only(store, survey):
    """No text and no response id is copied into the published states."""
    rng = random.Random(5)
    for _ in range(7):
        _answer(store, rng)
    store.submit_response(NewResponse(survey="kysely", date="2026-03-02", lang="fi",
                                      unit="puupaja",
                                      answers=(Answer("q1", "value", "2"),
                                               Answer("q4", "value", "salainen ajatus"))))
    summarize(store, survey)
    raw = json.dumps({str(k): v for k, v in store.block_publications("kysely").items()})
    assert "salainen" not in raw and "teksti" not in raw
    assert dt.date.today().isoformat() not in raw
