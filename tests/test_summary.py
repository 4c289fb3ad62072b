"""The summary of contract §4, against hand-computed numbers."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from analysis.summary import (
    DEFAULT_MIN_GROUP,
    question_summary,
    round_half_up,
    summarize,
    survey_summary,
)
from raati.store import Answer, NewResponse
from raati.surveys import Option, Question

pytestmark = pytest.mark.usefixtures("clean_env")

LIKERT = Question(id="elamantilanne", type="likert", text={"fi": "x"})
GRADE = Question(id="arvosana", type="grade", text={"fi": "x"})
CHOICE = Question(id="hyoty", type="choice", text={"fi": "x"},
                  options=(Option("kylla", {"fi": "K"}), Option("ei", {"fi": "E"}),
                           Option("eos", {"fi": "?"})))
MULTI = Question(id="tarpeet", type="multi", text={"fi": "x"},
                 options=(Option("terveys", {"fi": "T"}), Option("koulutus", {"fi": "K"})))
TEXT = Question(id="parasta", type="text", text={"fi": "x"}, optional=True)


def test_likert_hand_computed():
    e = question_summary(LIKERT, {"1": 3, "2": 9, "3": 30, "4": 16}, 58)
    # (3 + 18 + 90 + 64) / 58 = 3.0172...; 12/58 = 0.2069...; 46/58 = 0.7931...
    assert e == {"id": "elamantilanne", "type": "likert", "n": 58,
                 "counts": {"1": 3, "2": 9, "3": 30, "4": 16},
                 "mean": 3.02, "share_low": 0.207, "share_high": 0.793, "suppressed": False}
    assert list(e) == ["id", "type", "n", "counts", "mean", "share_low", "share_high",
                       "suppressed"]
    assert list(e["counts"]) == ["1", "2", "3", "4"]


def test_grade_hand_computed():
    e = question_summary(GRADE, {"6": 2, "7": 5, "8": 7, "9": 3}, 17)
    # (12 + 35 + 56 + 27) / 17 = 7.647...
    assert e == {"id": "arvosana", "type": "grade", "n": 17,
                 "counts": {"4": 0, "5": 0, "6": 2, "7": 5, "8": 7, "9": 3, "10": 0},
                 "mean": 7.65, "suppressed": False}
    assert list(e) == ["id", "type", "n", "counts", "mean", "suppressed"]
    assert list(e["counts"]) == ["4", "5", "6", "7", "8", "9", "10"]


def test_choice_and_multi_zero_counts_in_option_order():
    e = question_summary(CHOICE, {"eos": 6, "kylla": 3}, 9)
    assert e == {"id": "hyoty", "type": "choice", "n": 9,
                 "counts": {"kylla": 3, "ei": 0, "eos": 6}, "suppressed": False}
    assert list(e) == ["id", "type", "n", "counts", "suppressed"]
    assert list(e["counts"]) == ["kylla", "ei", "eos"]
    m = question_summary(MULTI, {"koulutus": 4}, 5)
    assert m["counts"] == {"terveys": 0, "koulutus": 4}
    assert list(m["counts"]) == ["terveys", "koulutus"]


def test_likert_zero_counts_for_every_point():
    e = question_summary(LIKERT, {"4": 5}, 5)
    assert e["counts"] == {"1": 0, "2": 0, "3": 0, "4": 5}
    assert (e["mean"], e["share_low"], e["share_high"]) == (4.0, 0.0, 1.0)


def test_text_entry_has_only_id_type_n_suppressed():
    e = question_summary(TEXT, {"Hyvä": 1, "Kiva": 1}, 25)
    assert e == {"id": "parasta", "type": "text", "n": 25, "suppressed": False}
    assert list(e) == ["id", "type", "n", "suppressed"]
    s = question_summary(TEXT, {}, 2)
    assert s == {"id": "parasta", "type": "text", "n": 2, "suppressed": True}


def test_half_up_rounding_of_the_mean():
    # 1 + 2*5 + 3*2 = 17; 17 / 8 = 2.125 exactly: half-up gives 2.13, banker's 2.12
    e = question_summary(LIKERT, {"1": 1, "2": 5, "3": 2}, 8)
    assert e["mean"] == 2.13
    assert round(17 / 8, 2) == 2.12  # what Python's round() would have said


def test_half_up_rounding_of_shares():
    # 1 of 16 low = 0.0625: half-up 0.063, banker's 0.062; 15/16 = 0.9375 -> 0.938
    e = question_summary(LIKERT, {"1": 1, "3": 15}, 16)
    assert e["share_low"] == 0.063
    assert e["share_high"] == 0.938
    assert round(1 / 16, 3) == 0.062


def test_half_up_grade_mean():
    # 8*7 + 9 = 65; 65 / 8 = 8.125: half-up 8.13, banker's 8.12
    e = question_summary(GRADE, {"8": 7, "9": 1}, 8)
    assert e["mean"] == 8.13


def test_round_half_up_function():
    assert round_half_up(Fraction(1, 16), 3) == 0.063
    assert round_half_up(Fraction(17, 8), 2) == 2.13
    assert round_half_up(Fraction(1, 3), 2) == 0.33
    assert round_half_up(Fraction(2, 3), 3) == 0.667
    assert round_half_up(Fraction(5, 1), 2) == 5.0
    assert isinstance(round_half_up(Fraction(1, 2), 2), float)


@pytest.mark.parametrize("question, counts", [
    (LIKERT, {"1": 1, "2": 1, "3": 1, "4": 1}),
    (GRADE, {"7": 4}),
    (CHOICE, {"kylla": 4}),
    (MULTI, {"terveys": 4, "koulutus": 2}),
])
def test_suppressed_below_min_group(question, counts):
    e = question_summary(question, counts, 4)
    assert e["suppressed"] is True
    assert e["n"] == 4
    assert e["counts"] is None
    for key in ("mean", "share_low", "share_high"):
        if key in e:
            assert e[key] is None
    if question.type == "likert":
        assert {"mean", "share_low", "share_high"} <= set(e)  # the keys stay, as null
    if question.type == "grade":
        assert "mean" in e and "share_low" not in e
    # exactly at the minimum group the numbers are shown
    shown = question_summary(question, counts, 5)
    assert shown["suppressed"] is False and shown["counts"] is not None


def test_min_group_configurable():
    counts = {"1": 1, "2": 1, "3": 1}
    assert question_summary(LIKERT, counts, 3, min_group=3)["suppressed"] is False
    assert question_summary(LIKERT, counts, 3, min_group=4)["suppressed"] is True
    assert question_summary(LIKERT, {"3": 6}, 6, min_group=10)["counts"] is None
    assert DEFAULT_MIN_GROUP == 5


def test_unanswered_question():
    e = question_summary(LIKERT, {}, 0, min_group=1)
    assert e["suppressed"] is True and e["counts"] is None and e["mean"] is None
    g = question_summary(GRADE, {}, 0, min_group=0)  # nothing to hide, nothing to show
    assert g["counts"] == {str(p): 0 for p in range(4, 11)} and g["mean"] is None


def test_survey_summary_shape(small_survey):
    s = survey_summary(small_survey, 7, {"q1": {"4": 7}}, {"q1": 7}, min_group=5)
    assert list(s) == ["survey", "responses", "min_group", "left_out", "questions"]
    assert (s["survey"], s["responses"], s["min_group"]) == ("kysely", 7, 5)
    assert [q["id"] for q in s["questions"]] == ["q1", "q2", "q3", "q4", "q5"]
    q1, q2, q3, q4, q5 = s["questions"]
    assert q1["counts"] == {"1": 0, "2": 0, "3": 0, "4": 7} and q1["mean"] == 4.0
    assert q2 == {"id": "q2", "type": "grade", "n": 0, "counts": None, "mean": None,
                  "suppressed": True}
    assert q5 == {"id": "q5", "type": "text", "n": 0, "suppressed": True}
    json.dumps(s)  # plain JSON


def _answer(store, rid, unit, date, **values):
    answers = []
    for q, v in values.items():
        for one in (v if isinstance(v, list) else [v]):
            answers.append(Answer(q, "value", str(one)))
    store.submit_response(NewResponse(survey="kysely", date=date, lang="fi",
                                      answers=tuple(answers), unit=unit, id=rid))


def test_summarize_from_store_with_filters(store, small_survey):
    for i in range(6):
        _answer(store, f"p{i}", "puupaja", f"2025-03-0{i + 1}", q1=1 + i % 4, q4=["x", "y"],
                q5="teksti")
    for i in range(3):
        _answer(store, f"o{i}", "ompelimo", "2025-04-01", q1=4, q2=9)
    store.submit_response(NewResponse(survey="kysely", date="2025-04-02", lang="fi",
                                      answers=(Answer("q1", "comment", "vain kommentti"),),
                                      id="c1"))
    s = summarize(store, small_survey)
    # Blocks (unit, month): puupaja 2025-03 has 6 people; ompelimo 2025-04 (3) and the
    # unit-less 2025-04 (1) are under the minimum group and left out whole.
    assert s["responses"] == 6 and s["left_out"] == 4
    q1 = s["questions"][0]
    assert q1["n"] == 6
    assert q1["counts"] == {"1": 2, "2": 2, "3": 1, "4": 1}
    # (2 + 4 + 3 + 4) / 6 = 2.1666...
    assert q1["mean"] == 2.17 and q1["share_low"] == 0.667 and q1["share_high"] == 0.333
    q4 = s["questions"][3]
    assert q4["n"] == 6 and q4["counts"] == {"x": 6, "y": 6}
    assert s["questions"][4] == {"id": "q5", "type": "text", "n": 6, "suppressed": False}
    assert s["questions"][1]["suppressed"] is True  # grade: only ompelimo answered it

    puupaja = summarize(store, small_survey, unit="puupaja")
    assert puupaja["responses"] == 6 and puupaja["left_out"] == 0
    assert puupaja["questions"][0]["counts"] == {"1": 2, "2": 2, "3": 1, "4": 1}
    ompelimo = summarize(store, small_survey, unit="ompelimo")
    assert ompelimo["responses"] == 0 and ompelimo["left_out"] == 3
    assert all(q["suppressed"] for q in ompelimo["questions"])
    assert summarize(store, small_survey, unit="ompelimo", min_group=3)["questions"][1]["counts"] \
        == {"4": 0, "5": 0, "6": 0, "7": 0, "8": 0, "9": 3, "10": 0}
    # A cut that goes through a block leaves the whole block out.
    march = summarize(store, small_survey, since="2025-03-02", until="2025-03-31")
    assert march["responses"] == 0 and march["left_out"] == 5
    whole_march = summarize(store, small_survey, since="2025-03-01", until="2025-03-31")
    assert whole_march["responses"] == 6
    assert summarize(store, small_survey, since="2026-01-01")["responses"] == 0
