"""The minimum-group rule for every cut: no view shows a group under the minimum, and no
difference of two views recovers one (property-tested on random data)."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.views import build_view, shown_texts
from raati.store import Answer, NewResponse
from raati.surveys import find_survey

DEFS = Path(__file__).resolve().parent.parent / "survey_defs"
SURVEY = find_survey(DEFS, "viikkofiilis")
UNITS = ("a", "b", "c")
PERIODS = ("r1", "r2", "2026-05")
LANGS = ("fi", "sv", "en")
MIN = 5


def data_from(blocks: dict) -> dict:
    """Store.block_counts()-shaped data: each block has people answering viikko (1..4)
    and some of them apu."""
    data = {"respondents": {}, "counts": {}, "answered": {}}
    for block, (viikko, apu) in blocks.items():
        people = sum(viikko)
        if not people:
            continue
        data["respondents"][block] = people
        for value, n in enumerate(viikko, start=1):
            if n:
                data["counts"][(block, "viikko", str(value))] = n
        if apu:
            data["counts"][(block, "apu", "3")] = min(apu, people)
    return data


block_strategy = st.dictionaries(
    st.tuples(st.sampled_from(UNITS), st.sampled_from(PERIODS), st.sampled_from(LANGS)),
    st.tuples(st.tuples(*[st.integers(0, 4)] * 4), st.integers(0, 9)),
    max_size=14,
)


def subsets(items):
    return [set(c) for r in range(1, len(items) + 1) for c in itertools.combinations(items, r)]


@settings(max_examples=60, deadline=None)
@given(block_strategy)
def test_no_cut_and_no_difference_of_cuts_shows_a_small_group(blocks):
    data = data_from(blocks)
    views = {}
    for units in subsets(UNITS):
        for periods in subsets(PERIODS):
            for lang in (None, *LANGS):
                view = build_view(SURVEY, data, MIN, units=units, periods=periods, lang=lang)
                views[(frozenset(units), frozenset(periods), lang)] = view
                assert view.responses == 0 or view.responses >= MIN
                for r in view.results:
                    assert r.n == 0 or r.n >= MIN, (units, periods, lang, r.question.id, r.n)
    # Any view inside another (fewer units, fewer periods, or one language of all):
    # the difference is never a small group either.
    for (u1, p1, l1), v1 in views.items():
        for (u2, p2, l2), v2 in views.items():
            if not (u1 <= u2 and p1 <= p2 and (l1 == l2 or l2 is None)):
                continue
            for r1, r2 in zip(v1.results, v2.results, strict=True):
                diff = r2.n - r1.n
                assert diff == 0 or diff >= MIN, ((u1, p1, l1), (u2, p2, l2), r1.question.id)
                for value in r1.counts:
                    assert r2.counts[value] >= r1.counts[value]
            diff = v2.responses - v1.responses
            assert diff == 0 or diff >= MIN


def test_small_block_is_left_out_and_counted():
    data = data_from({("a", "r1", "fi"): ((1, 1, 3, 2), 7), ("b", "r1", "fi"): ((0, 1, 1, 1), 0)})
    view = build_view(SURVEY, data, MIN)
    assert (view.responses, view.left_out) == (7, 3)
    assert view.result("viikko").counts == {"1": 1, "2": 1, "3": 3, "4": 2}


def test_language_part_needs_its_rest_to_be_safe_too():
    # 6 in Finnish and 2 in Swedish: "Finnish only" would reveal the 2 Swedish answers
    # by subtraction from the whole block, so it is not shown.
    data = data_from({("a", "r1", "fi"): ((0, 2, 2, 2), 0), ("a", "r1", "sv"): ((0, 0, 1, 1), 0)})
    assert build_view(SURVEY, data, MIN).result("viikko").n == 8
    assert build_view(SURVEY, data, MIN, lang="fi").result("viikko").n == 0
    assert build_view(SURVEY, data, MIN, lang="sv").result("viikko").n == 0


def test_only_approved_texts_of_counted_blocks_are_shown(store):
    for i in range(6):
        store.submit_response(NewResponse(
            survey="viikkofiilis", date="2026-05-04", lang="fi", unit="a", id=f"big{i}",
            answers=(Answer("viikko", "value", "3"), Answer("muuta", "value", f"teksti {i}"))))
    store.submit_response(NewResponse(
        survey="viikkofiilis", date="2026-05-04", lang="fi", unit="b", id="small",
        answers=(Answer("viikko", "value", "3"), Answer("muuta", "value", "pieni ryhmä"))))
    for rid in ("big0", "big1", "small"):
        store.moderate(rid, "muuta", "value", "approved", f"näytetään {rid}", "ohjaaja")
    store.moderate("big2", "muuta", "value", "hidden", "", "ohjaaja")
    data = store.block_counts("viikkofiilis")
    view = build_view(SURVEY, data, MIN)
    texts = shown_texts(view, store.free_texts("viikkofiilis", ["muuta"]),
                        store.moderation_state("viikkofiilis"))
    # 'muuta' was answered by 6 in unit a (shown) and 1 in unit b (left out).
    assert sorted(t["text"] for t in texts) == ["näytetään big0", "näytetään big1"]


def test_restrict_units_keeps_only_those_units():
    from analysis.views import restrict_units

    data = data_from({("a", "r1", "fi"): ((1, 1, 3, 2), 7), ("b", "r1", "fi"): ((2, 2, 2, 2), 0)})
    mine = restrict_units(data, ["a"])
    assert set(mine["respondents"]) == {("a", "r1", "fi")}
    assert {k[0][0] for k in mine["counts"]} == {"a"}
    assert restrict_units(data, None) is data
    assert build_view(SURVEY, restrict_units(data, []), MIN).responses == 0
