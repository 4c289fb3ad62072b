"""The answering state machine (raati.answering) and kiosk PINs, without Streamlit."""

from __future__ import annotations

from pathlib import Path

import pytest

from raati import auth
from raati.answering import START, AnswerFlow
from raati.responses import AnswerError
from raati.surveys import find_survey

DEFS = Path(__file__).resolve().parent.parent / "survey_defs"


@pytest.fixture
def weekly():
    return find_survey(DEFS, "viikkofiilis")


@pytest.fixture
def client_survey():
    return find_survey(DEFS, "asiakaskysely")


def flow_for(survey) -> AnswerFlow:
    return AnswerFlow(survey_id=survey.id, round_id=1, lang=survey.default_language)


def test_screens_in_order(weekly):
    flow = flow_for(weekly)
    assert flow.screen(weekly) == "start" and flow.step == START
    flow.start(weekly, "sv")
    assert (flow.screen(weekly), flow.lang, flow.progress(weekly)) == ("question", "sv", (1, 5))
    for point in (4, 3, 2, 1):
        flow.choose(weekly, point)  # a tap on a face moves on by itself
    assert flow.progress(weekly) == (5, 5)
    flow.skip(weekly)  # the optional text
    assert flow.screen(weekly) == "review"
    assert flow.missing(weekly) == []
    answers = {(a.question, a.value) for a in flow.answers(weekly)}
    assert answers == {("viikko", "4"), ("apu", "3"), ("ryhma", "2"), ("tyo", "1")}


def test_unknown_language_is_refused(weekly):
    with pytest.raises(AnswerError):
        flow_for(weekly).start(weekly, "xx")


def test_comment_items_wait_for_next(client_survey):
    flow = flow_for(client_survey)
    flow.start(client_survey)
    flow.choose(client_survey, 2)
    assert flow.step == 0  # elamantilanne has a comment box
    flow.comment(client_survey, "  Ei kysytty  ")
    flow.next(client_survey)
    assert flow.step == 1 and flow.comments == {"elamantilanne": "Ei kysytty"}
    flow.back()
    flow.comment(client_survey, "")
    assert flow.comments == {}


def test_next_needs_an_answer_and_skip_only_optional(weekly):
    flow = flow_for(weekly)
    flow.start(weekly)
    with pytest.raises(AnswerError, match="an answer is needed"):
        flow.next(weekly)
    with pytest.raises(AnswerError, match="cannot be skipped"):
        flow.skip(weekly)
    assert flow.step == 0


def test_bad_answers_are_refused_before_they_are_kept(weekly, client_survey):
    flow = flow_for(weekly)
    flow.start(weekly)
    with pytest.raises(AnswerError):
        flow.choose(weekly, 5)
    assert flow.values == {} and flow.step == 0
    flow.step = 4
    with pytest.raises(AnswerError, match="at most 500"):
        flow.choose(weekly, "x" * 501)
    other = flow_for(client_survey)
    other.start(client_survey)
    with pytest.raises(AnswerError, match="at most 1000"):
        other.comment(client_survey, "y" * 1001)


def test_back_goes_to_the_start_at_most(weekly):
    flow = flow_for(weekly)
    flow.start(weekly)
    flow.back()
    flow.back()
    assert flow.step == START and flow.screen(weekly) == "start"


def test_review_lists_missing(weekly):
    flow = flow_for(weekly)
    flow.start(weekly)
    flow.choose(weekly, 3)
    flow.step = len(weekly.questions)
    assert flow.missing(weekly) == [2, 3, 4]
    with pytest.raises(AnswerError):
        flow.answers(weekly)


def test_idle_time(weekly):
    flow = flow_for(weekly)
    flow.touch(now=100.0)
    assert flow.idle_for(now=130.0) == 30.0


def test_kiosk_pin_is_hashed_checked_and_locks(store, monkeypatch):
    rnd = store.open_round("viikkofiilis", "puupaja")
    with pytest.raises(auth.AuthError):
        auth.set_kiosk_pin(store, rnd.id, "12a4")
    auth.set_kiosk_pin(store, rnd.id, "4321", thanks_s=5, idle_s=30)
    rnd = store.round_by_id(rnd.id)
    assert rnd.kiosk and (rnd.kiosk_thanks_s, rnd.kiosk_idle_s) == (5, 30)
    assert rnd.kiosk_pin_hash.startswith("$argon2id$") and "4321" not in rnd.kiosk_pin_hash
    assert auth.check_kiosk_pin(store, rnd, "4321", "b1", now=1000.0)
    for _ in range(auth.FREE_FAILURES + 1):
        assert not auth.check_kiosk_pin(store, rnd, "0000", "b1", now=1000.0)
    # Locked now: even the right PIN waits.
    assert not auth.check_kiosk_pin(store, rnd, "4321", "b2", now=1001.0)
    assert auth.check_kiosk_pin(store, rnd, "4321", "b2", now=1000.0 + auth.MAX_LOCK_S)


def test_kiosk_settings_are_checked(store):
    from raati.store import StoreError

    rnd = store.open_round("viikkofiilis", "puupaja")
    with pytest.raises(StoreError):
        store.set_kiosk(rnd.id, enabled=True, thanks_s=0)
    with pytest.raises(StoreError):
        store.set_kiosk(rnd.id, enabled=True, idle_s=4)
    store.set_kiosk(rnd.id, enabled=False, thanks_s=9, idle_s=60)
    got = store.round_by_id(rnd.id)
    assert (bool(got.kiosk), got.kiosk_thanks_s, got.kiosk_idle_s, got.kiosk_pin_hash) == (
        False, 9, 60, None)


def test_client_script_holds_no_markup():
    # Streamlit sanitizes st.html; markup inside the script would stop it from running.
    import re

    js = (Path(__file__).resolve().parent.parent / "raati" / "assets" / "client.js").read_text()
    assert not re.search(r"<[A-Za-z/!]", js)


# -- issue 11: taps on an outdated screen, kiosk PIN lockouts --------------------------


def test_a_tap_drawn_on_an_earlier_screen_is_outdated(weekly):
    from raati.answering import OutdatedScreen

    flow = flow_for(weekly)
    flow.expect_step(START)
    flow.start(weekly)
    drawn_on = flow.step
    flow.choose(weekly, 4)  # moves on by itself
    with pytest.raises(OutdatedScreen):
        flow.expect_step(drawn_on)
    flow.expect_step(drawn_on + 1)


def test_a_text_question_takes_only_text(weekly):
    flow = flow_for(weekly)
    flow.start(weekly)
    for point in (4, 3, 2, 1):
        flow.choose(weekly, point)
    assert flow.question(weekly).type == "text"
    with pytest.raises(AnswerError):
        flow.choose(weekly, 1)  # a number from a scale button is never someone's text
    assert "muuta" not in flow.values
    flow.choose(weekly, "Hyvä viikko")
    assert flow.values["muuta"] == "Hyvä viikko"


def test_kiosk_pin_result_says_how_long_a_lock_lasts(store):
    rnd = store.open_round("viikkofiilis", "puupaja")
    auth.set_kiosk_pin(store, rnd.id, "4321")
    rnd = store.round_by_id(rnd.id)
    for _ in range(auth.FREE_FAILURES):
        assert auth.try_kiosk_pin(store, rnd, "0000", "b1", now=1000.0) == \
            auth.KioskPinResult(False, 0)
    # The next wrong PIN starts the first lock, and says so.
    assert auth.try_kiosk_pin(store, rnd, "0000", "b1", now=1000.0) == \
        auth.KioskPinResult(False, int(auth.FIRST_LOCK_S))
    # The right PIN during the lock is not checked: the seconds left, rounded up.
    during = auth.try_kiosk_pin(store, rnd, "4321", "b1", now=1001.5)
    assert not during and during.wait_s == 4
    after = auth.try_kiosk_pin(store, rnd, "4321", "b1", now=1000.0 + auth.FIRST_LOCK_S)
    assert after and after.wait_s == 0


def test_submit_after_a_lost_reply_stores_the_response_once(store, weekly, monkeypatch):
    """The database took the write but its answer never came back (the connection
    dropped): the client sends again and the response is stored once, with its id."""
    import psycopg

    from raati.store import Store

    rnd = store.open_round(weekly.id, "puupaja")
    flow = _answered(weekly)
    real = Store.submit_response

    def committed_then_lost(self, response):
        real(self, response)
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Store, "submit_response", committed_then_lost)
    with pytest.raises(psycopg.OperationalError):
        flow.submit(store, weekly, rnd)
    assert flow.pending_id
    monkeypatch.setattr(Store, "submit_response", real)
    assert flow.submit(store, weekly, rnd) == flow.pending_id
    assert store.count_responses(weekly.id) == 1
    assert store.existing_response_ids([flow.pending_id]) == {flow.pending_id: weekly.id}


def _answered(weekly) -> AnswerFlow:
    flow = flow_for(weekly)
    flow.start(weekly, "fi")
    for point in (4, 3, 2, 1):
        flow.choose(weekly, point)
    return flow


def test_submit_refuses_a_second_response_with_a_taken_id(store, weekly, monkeypatch):
    """Without a failed send before it, an id already stored is an error, not a retry."""
    import raati.answering as answering
    from raati.store.backend import integrity_errors

    rnd = store.open_round(weekly.id, "puupaja")
    taken = _answered(weekly).submit(store, weekly, rnd)
    monkeypatch.setattr(answering, "new_response_id", lambda: taken)
    with pytest.raises(integrity_errors()):
        _answered(weekly).submit(store, weekly, rnd)
    assert store.count_responses(weekly.id) == 1
