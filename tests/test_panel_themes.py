"""A panel session's starting themes from a survey round (issue 12): the weakest and the
strongest scale questions of one round, ranked as the results page ranks them, in plain
language, and never from a round or a question under the minimum group."""

from __future__ import annotations

import pytest
from _helpers import write_survey

from raati import panel_control
from raati.panels import PanelError
from raati.store import Answer, NewResponse, Store
from raati.surveys import find_survey

pytestmark = pytest.mark.usefixtures("clean_env")

SURVEY = {
    "id": "teemat",
    "title": {"fi": "Teemat"},
    "languages": ["fi", "sv"],
    "questions": [
        {"id": "a", "type": "likert", "text": {"fi": "Virallinen A", "sv": "Officiell A"},
         "easy": {"fi": "Helppo A", "sv": "Lätt A"}},
        {"id": "b", "type": "likert", "text": {"fi": "Bee", "sv": "Bé"}},
        {"id": "c", "type": "likert", "text": {"fi": "Cee"}},
        {"id": "d", "type": "likert", "text": {"fi": "Dee"}},
        # Answered by two people only: under the minimum group, never a theme, although
        # its answers alone would make it the weakest.
        {"id": "e", "type": "likert", "text": {"fi": "Vähän vastauksia"}, "optional": True},
        {"id": "g", "type": "grade", "text": {"fi": "Arvosana"}},
    ],
}
ONE = {"id": "yksi", "title": {"fi": "Yksi"},
       "questions": [{"id": "a", "type": "likert", "text": {"fi": "Ainoa"}}]}

# One column per respondent: a all 1 (weakest), b half 3–4, c five of six 3–4, d all 4.
VALUES = {"a": "111111", "b": "222333", "c": "333442", "d": "444444", "e": "11"}


@pytest.fixture
def env(tmp_path):
    defs = tmp_path / "defs"
    write_survey(defs, SURVEY)
    write_survey(defs, ONE)
    return Store(tmp_path / "raati.db"), defs


def answer_round(store: Store, survey: str, unit: str, values: dict[str, str], name="Kevät"):
    rnd = store.open_round(survey, unit, name=name)
    people = max(len(v) for v in values.values())
    for i in range(people):
        answers = tuple(Answer(q, "value", v[i]) for q, v in values.items() if i < len(v))
        store.submit_response(NewResponse(survey=survey, date=rnd.opens, lang="fi", unit=unit,
                                          round_id=rnd.id, answers=answers))
    return rnd


def test_weakest_then_strongest_in_plain_language(env):
    store, defs = env
    survey = find_survey(defs, "teemat")
    rnd = answer_round(store, "teemat", "puupaja", VALUES)
    themes = panel_control.themes_of_round(store, survey, rnd)
    assert themes == [
        {"question": "a", "text": "Helppo A", "kind": "weak", "share_low": 1.0, "n": 6},
        {"question": "b", "text": "Bee", "kind": "weak", "share_low": 0.5, "n": 6},
        {"question": "d", "text": "Dee", "kind": "strong", "share_low": 0.0, "n": 6},
        {"question": "c", "text": "Cee", "kind": "strong", "share_low": 0.167, "n": 6},
    ]
    # One on each side; never a grade or a question under the minimum group ("e").
    assert [(t["question"], t["kind"]) for t in
            panel_control.themes_of_round(store, survey, rnd, k=1)] == [("a", "weak"),
                                                                       ("d", "strong")]
    assert {t["question"] for t in panel_control.themes_of_round(store, survey, rnd, k=5)} \
        == {"a", "b", "c", "d"}


def test_only_the_rounds_own_answers_count(env):
    store, defs = env
    survey = find_survey(defs, "teemat")
    # Another round of the same unit and a round of another unit, with the opposite
    # answers: they move nothing in this round's themes.
    answer_round(store, "teemat", "puupaja", {"a": "444444", "d": "111111"}, name="Syksy")
    answer_round(store, "teemat", "ompelimo", {"a": "444444", "d": "111111"})
    rnd = answer_round(store, "teemat", "puupaja", VALUES, name="Talvi")
    themes = panel_control.themes_of_round(store, survey, rnd, k=1)
    assert [(t["question"], t["n"]) for t in themes] == [("a", 6), ("d", 6)]


def test_a_round_under_the_minimum_group_gives_no_themes(env, monkeypatch):
    store, defs = env
    survey = find_survey(defs, "teemat")
    small = answer_round(store, "teemat", "puupaja", {q: v[:4] for q, v in VALUES.items()})
    with pytest.raises(panel_control.NoThemes) as exc:
        panel_control.themes_of_round(store, survey, small)
    assert (exc.value.key, exc.value.values) == ("panel_themes_too_small", {"k": 5})
    # The organisation's minimum group (RAATI_MIN_GROUP) is the one that holds.
    six = answer_round(store, "teemat", "puupaja", VALUES, name="Kuusi")
    monkeypatch.setenv("RAATI_MIN_GROUP", "7")
    with pytest.raises(panel_control.NoThemes) as exc:
        panel_control.themes_of_round(store, survey, six)
    assert exc.value.values == {"k": 7}


def test_too_few_scale_questions_to_rank_give_no_themes(env):
    store, defs = env
    rnd = answer_round(store, "yksi", "puupaja", {"a": "123412"})
    with pytest.raises(panel_control.NoThemes) as exc:
        panel_control.themes_of_round(store, find_survey(defs, "yksi"), rnd)
    assert exc.value.key == "panel_themes_none"


def test_the_round_must_exist_be_of_the_unit_and_of_the_survey(env):
    store, defs = env
    rnd = answer_round(store, "teemat", "puupaja", VALUES)
    assert panel_control.theme_round(store, "puupaja", rnd.id) == rnd
    with pytest.raises(PanelError) as exc:
        panel_control.theme_round(store, "puupaja", rnd.id + 1)
    assert exc.value.key == "panel_round_not_found"
    with pytest.raises(PanelError) as exc:
        panel_control.theme_round(store, "ompelimo", rnd.id)
    assert exc.value.key == "panel_round_other_unit"
    with pytest.raises(ValueError):
        panel_control.themes_of_round(store, find_survey(defs, "yksi"), rnd)


def test_themes_are_stored_with_the_session(env):
    store, defs = env
    rnd = answer_round(store, "teemat", "puupaja", VALUES)
    themes = panel_control.themes_of_round(store, find_survey(defs, "teemat"), rnd, k=1)
    panel = store.open_panel("puupaja", "Raati", themes=themes, survey="teemat",
                             round_id=rnd.id)
    again = store.panel(panel.id)
    assert (list(again.themes), again.survey, again.round_id) == (themes, "teemat", rnd.id)
