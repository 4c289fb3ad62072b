"""The moderation page reads its texts and masks them once per change (raati.modcache),
yet every decision, new answer, withdrawn approval and purge shows on the next run."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest

from raati import modcache, retention
from raati.store import Answer, NewResponse
from tests._helpers import moderation_cards as shown_keys
from tests._helpers import moderation_counts as counts
from tests._helpers import moderation_page, moderation_shown, show_phone_text

SURVEY = "asiakaskysely"


@pytest.fixture
def env(demo_moderation):
    return demo_moderation


def shown_texts(at) -> str:
    return "\n".join(e.value for e in at.text)


def submit_text(store, rnd, date: str, prefix: str) -> str:
    """Answer ``rnd``'s first text question with a new, unique text; return the text."""
    text = prefix + secrets.token_hex(4)
    store.submit_response(NewResponse(SURVEY, date, "fi", (Answer("parasta", "value", text),),
                                      unit=rnd.unit, round_id=rnd.id,
                                      text_questions=frozenset({"parasta", "muutettavaa"})))
    return text


def test_a_decision_shows_on_the_next_run(env):
    at = moderation_page(env)
    assert "0 hyväksytty · 0 piilotettu" in counts(at)
    first = shown_keys(at)[0]
    at.button(key=f"hide_{first}").click().run()
    assert not at.exception
    assert first not in shown_keys(at)
    assert "0 hyväksytty · 1 piilotettu" in counts(at)
    at.segmented_control(key="mod_show").set_value("hidden").run()
    assert shown_keys(at) == [first]


def test_a_withdrawn_approval_shows_on_the_next_run(env):
    at = moderation_page(env)
    key = shown_keys(at)[0]
    rid, question, kind = key.split("|")
    at.button(key=f"approve_{key}").click().run()
    at.segmented_control(key="mod_show").set_value("approved").run()
    assert shown_keys(at) == [key]
    # Another moderator hides it meanwhile: the approved list is empty on the next run.
    env.moderate(rid, question, kind, "hidden", "", "someone-else")
    at.run()
    assert shown_keys(at) == []


def test_new_answers_and_purges_show_on_the_next_run(env):
    at = moderation_page(env)
    spring = next(r for r in env.rounds(SURVEY) if r.unit == "puupaja" and r.name == "Kevät")
    # A new answer with a text appears on the next run.
    new_text = submit_text(env, spring, "2026-03-10", "Uusi vastaus: kahvi oli kylmää ")
    at.run()
    assert new_text in shown_texts(at)
    # Retention deletes the round's text: none of it is shown on the next run ...
    in_round = {i["response_id"] for i in env.free_texts(SURVEY, ["parasta", "muutettavaa"])
                if i["period"] == f"r{spring.id}"}
    assert in_round & {k.split("|")[0] for k in shown_keys(at)}
    survey = survey_of(env)
    retention.purge_texts(env, spring, survey, "test")
    at.run()
    assert not at.exception and shown_keys(at)  # the other rounds' texts are still there
    assert not in_round & {k.split("|")[0] for k in shown_keys(at)}
    assert new_text not in shown_texts(at)
    # ... nor a text that came after the purge and was purged again the same day.
    later = submit_text(env, spring, "2026-03-11", "Myöhempi vastaus ")
    at.run()
    assert later in shown_texts(at)
    retention.purge_texts(env, spring, survey, "test")  # the same day as the first purge
    at.run()
    assert later not in shown_texts(at)


def survey_of(store):
    from raati.surveys import survey_files, validate_files

    defs = Path(os.environ["RAATI_DEFS"])  # app_env's copy of the shipped surveys
    return {s.id: s for s in validate_files(survey_files(defs), defs)[0]}[SURVEY]


def test_texts_are_masked_once_per_text(env, monkeypatch):
    masked: list[str] = []
    real = modcache.mask_personal_data

    def counting(text, **kwargs):
        masked.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(modcache, "mask_personal_data", counting)
    at = show_phone_text(moderation_page(env), env)
    assert masked and "[puhelin]" in "\n".join(moderation_shown(at).values())
    first_run = len(masked)
    at.run()
    at.run()
    assert len(masked) == first_run  # the reruns masked nothing again
    assert "[puhelin]" in "\n".join(moderation_shown(at).values())


def test_free_texts_are_read_once_per_change(env, monkeypatch):
    from raati.store import Store

    reads: list[str] = []
    real = Store.free_texts

    def counting(self, survey, *args, **kwargs):
        reads.append(survey)
        return real(self, survey, *args, **kwargs)

    monkeypatch.setattr(Store, "free_texts", counting)
    at = moderation_page(env)
    at.run()
    at.run()
    assert reads == [SURVEY]
    first = shown_keys(at)[0]
    at.button(key=f"hide_{first}").click().run()  # a decision is no change of the texts
    assert reads == [SURVEY]
