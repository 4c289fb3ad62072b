"""Likert math against hand-computed and published figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.likert import (
    Share,
    bonferroni_z,
    compare_shares,
    question_result,
    response_rate,
    themes,
    wilson_interval,
)
from raati.surveys import find_survey

DEFS = Path(__file__).resolve().parent.parent / "survey_defs"


@pytest.fixture
def survey():
    return find_survey(DEFS, "asiakaskysely")


def test_wilson_interval_published_values():
    # Newcombe (1998), table I: 81/263 -> 0.2553..0.3662; 15/148 -> 0.0624..0.1605.
    low, high = wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = wilson_interval(15, 148)
    assert (round(low, 4), round(high, 4)) == (0.0624, 0.1605)
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_newcombe_difference_published_example():
    # Newcombe (1998), method 10, example (a): 56/70 - 48/80 = 0.2000 (0.0524, 0.3339).
    diff = compare_shares(Share(48, 80), Share(56, 70))
    assert round(diff.value, 4) == 0.2
    assert (round(diff.low, 4), round(diff.high, 4)) == (0.0524, 0.3339)
    assert diff.flagged


def test_small_changes_are_not_flagged():
    # 9/14 -> 6/11 looks like a drop of 10 points but is well within noise.
    assert not compare_shares(Share(9, 14), Share(6, 11)).flagged
    # Bonferroni: a change that passes alone may not pass among nine comparisons.
    a, b = Share(10, 40), Share(20, 40)
    assert compare_shares(a, b).flagged
    assert not compare_shares(a, b, bonferroni_z(9)).flagged


def test_question_result_shares_and_mean(survey):
    q = survey.question("elamantilanne")
    r = question_result(q, 58, {"1": 3, "2": 9, "3": 30, "4": 16}, 5)
    assert r.share_low == Share(12, 58) and r.share_high == Share(46, 58)
    assert round(r.mean, 2) == 3.02
    assert round(r.share_high.value, 3) == 0.793
    assert r.counts == {"1": 3, "2": 9, "3": 30, "4": 16}


def test_question_result_suppression(survey):
    q = survey.question("elamantilanne")
    r = question_result(q, 4, {"1": 1, "4": 3}, 5)
    assert r.suppressed and r.counts == {} and r.mean is None and r.share_high is None
    assert not question_result(q, 4, {"1": 1, "4": 3}, 3).suppressed


def test_grade_mean_and_zero_filled_counts(survey):
    q = survey.question("arvosana")
    r = question_result(q, 17, {"6": 2, "7": 5, "8": 7, "9": 3}, 5)
    assert list(r.counts) == [str(g) for g in range(4, 11)] and r.counts["4"] == 0
    assert round(r.mean, 2) == 7.65
    assert r.share_high is None  # only the 1–4 scale has low/high shares


def test_weakest_and_strongest_themes(survey):
    results = [
        question_result(survey.question(qid), 20, {"1": 20 - k, "4": k}, 5)
        for qid, k in (("elamantilanne", 16), ("tutustuminen", 18), ("tyopaikka", 19),
                       ("jatkosuunnitelma", 7), ("tulevaisuus", 8), ("tyollistyminen", 5))
    ]
    weakest, strongest = themes(results, k=2)
    assert [r.question.id for r in weakest] == ["tyollistyminen", "jatkosuunnitelma"]
    assert [r.question.id for r in strongest] == ["tyopaikka", "tutustuminen"]


def test_response_rate():
    assert round(response_rate(34, 64), 3) == 0.531
    assert response_rate(34, None) is None
