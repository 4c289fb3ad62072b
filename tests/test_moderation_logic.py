"""The logic behind the moderation and rounds pages, without Streamlit: who acts
(auth.acting_user), who may decide which text and one click one decision
(raati.moderation), and a round opened once per press (maintenance.open_round)."""

from __future__ import annotations

import pytest

from analysis.text import mask_personal_data
from raati import auth, moderation
from raati.maintenance import open_round
from raati.store import Answer, DuplicateRound, NewResponse, StoreError

SURVEY = "s"
PHONE_TEXT = "Soittakaa numeroon 040 123 4567 kiitos"


def add_text(store, unit: str, text: str, question: str = "t") -> dict:
    """One free text of ``unit``, as Store.free_texts gives it."""
    rnd = next((r for r in store.rounds(SURVEY) if r.unit == unit), None)
    rnd = rnd or store.open_round(SURVEY, unit)
    rid = store.submit_response(NewResponse(
        SURVEY, "2026-03-02", "fi", (Answer(question, "value", text),), unit=unit,
        round_id=rnd.id, text_questions=frozenset({question})))
    return next(i for i in store.free_texts(SURVEY, [question]) if i["response_id"] == rid)


def user(store, name: str, role: str = "staff", units=("puupaja",)):
    return auth.create_user(store, name, role, None, units)


# -- auth.acting_user ------------------------------------------------------------------

def test_acting_user_is_the_drawing_user_while_logged_in_with_a_staff_role(store):
    staff = user(store, "staff-a")
    token = auth.start_session(store, staff)
    assert auth.acting_user(store, (staff.id, token)).id == staff.id
    # Another user's id with this session, a dead session, a client role: nobody.
    other = user(store, "staff-b")
    assert auth.acting_user(store, (other.id, token)) is None
    assert auth.acting_user(store, (staff.id, "no-such-token")) is None
    client = user(store, "client-a", "developer-client")
    assert auth.acting_user(store, (client.id, auth.start_session(store, client))) is None
    # The idle timeout ends the session.
    assert auth.acting_user(store, (staff.id, token), idle_timeout_s=-1) is None
    assert auth.acting_user(store, (staff.id, token)) is None


def test_acting_user_without_a_token_is_the_account_while_enabled(store):
    staff = user(store, "sso-staff")  # single sign-on: no session token of our own
    assert auth.acting_user(store, (staff.id, None)).id == staff.id
    store.update_user(staff.id, disabled=True)
    assert auth.acting_user(store, (staff.id, None)) is None
    assert auth.acting_user(store, (9999, None)) is None


# -- raati.moderation ------------------------------------------------------------------

def test_a_text_of_a_unit_the_user_may_not_act_on_is_refused(store):
    item = add_text(store, "ompelimo", "hyvä paikka")
    staff = user(store, "staff-puupaja")
    assert not moderation.may_moderate(staff, item)
    assert moderation.decide(store, staff, SURVEY, item, "approved", "pending") is False
    assert moderation.decide(store, staff, SURVEY, item, "hidden", "pending") is False
    assert store.moderation_state(SURVEY) == {}
    assert store.audit_entries(action="moderation") == []
    # An admin acts on every unit.
    admin = user(store, "admin-a", "admin", ())
    assert moderation.decide(store, admin, SURVEY, item, "hidden", "pending") is True
    assert store.moderation_state(SURVEY) == {moderation.text_id(item): ("hidden", "")}


def test_a_text_someone_else_decided_is_refused_by_the_expected_state(store):
    item = add_text(store, "puupaja", PHONE_TEXT)
    first, second = user(store, "staff-first"), user(store, "staff-second")
    # Both saw the card waiting; the first decides it, the second's click is refused.
    assert moderation.decide(store, first, SURVEY, item, "approved", "pending") is True
    assert moderation.decide(store, second, SURVEY, item, "hidden", "pending") is False
    assert moderation.decide(store, second, SURVEY, item, "approved", "pending",
                             typed="toinen teksti") is False
    decided = store.moderation_state(SURVEY)
    assert decided == {moderation.text_id(item): ("approved", mask_personal_data(PHONE_TEXT))}
    assert moderation.status_of(item, decided) == "approved"
    [entry] = store.audit_entries(action="moderation")
    assert (entry.actor, entry.target, entry.detail) == ("staff-first", SURVEY, "approved t")
    # Whoever saw it approved may hide it: the state is what their card showed.
    assert moderation.decide(store, second, SURVEY, item, "hidden", "approved") is True
    assert store.moderation_state(SURVEY)[moderation.text_id(item)] == ("hidden", "")


def test_an_approval_shows_the_typed_text_masked_and_a_deleted_text_decides_nothing(store):
    item = add_text(store, "puupaja", "alkuperäinen")
    staff = user(store, "staff-typer")
    typed = "  Muokattu, soita 040 123 4567  "
    assert moderation.decide(store, staff, SURVEY, item, "approved", "pending", typed)
    shown = store.moderation_state(SURVEY)[moderation.text_id(item)][1]
    assert shown == mask_personal_data("Muokattu, soita 040 123 4567")
    assert "040" not in shown and "[puhelin]" in shown
    gone = dict(item, response_id="no-such-response")
    assert moderation.decide(store, staff, SURVEY, gone, "hidden", "pending") is False
    with pytest.raises(ValueError):
        moderation.decide(store, staff, SURVEY, item, "pending", "approved")
    with pytest.raises(ValueError):
        moderation.decide(store, staff, SURVEY, item, "hidden", "waiting")


def test_approve_all_applies_exactly_the_shown_texts_with_their_masked_suggestions(store):
    shown = [add_text(store, "puupaja", PHONE_TEXT), add_text(store, "puupaja", "hyvä"),
             add_text(store, "puupaja", "edited")]
    not_shown = add_text(store, "puupaja", "ei näytetty")
    other_unit = add_text(store, "ompelimo", "toisen yksikön")
    already = add_text(store, "puupaja", "jo päätetty")
    staff = user(store, "staff-all")
    assert moderation.decide(store, staff, SURVEY, already, "hidden", "pending")
    typed = {moderation.text_id(shown[2]): "muokattu 040 123 4567",
             moderation.text_id(shown[1]): None}  # None: its box was not read
    n = moderation.approve_all(store, staff, SURVEY, [*shown, other_unit, already], typed)
    assert n == 3
    decided = store.moderation_state(SURVEY)
    assert decided[moderation.text_id(shown[0])] == ("approved", mask_personal_data(PHONE_TEXT))
    assert "040" not in decided[moderation.text_id(shown[0])][1]
    assert decided[moderation.text_id(shown[1])] == ("approved", "hyvä")
    assert decided[moderation.text_id(shown[2])] == (
        "approved", mask_personal_data("muokattu 040 123 4567"))
    assert decided[moderation.text_id(already)] == ("hidden", "")  # not waiting: kept
    assert moderation.text_id(not_shown) not in decided
    assert moderation.text_id(other_unit) not in decided  # not this user's unit
    assert store.audit_entries(action="moderation")[0].detail == "approved 3 texts (all shown)"
    # The same confirmation again (a second press) approves nothing and logs nothing.
    assert moderation.approve_all(store, staff, SURVEY, shown, typed) == 0
    assert len(store.audit_entries(action="moderation")) == 2


def test_the_box_starts_with_the_approved_text_or_the_suggestion(store):
    item = add_text(store, "puupaja", PHONE_TEXT)
    assert moderation.box_value(item, {}) == mask_personal_data(PHONE_TEXT)
    assert moderation.box_value(item, {}, suggest=str.upper) == PHONE_TEXT.upper()
    approved = {moderation.text_id(item): ("approved", "näin")}
    assert moderation.box_value(item, approved) == "näin"
    hidden = {moderation.text_id(item): ("hidden", "")}
    assert moderation.box_value(item, hidden) == mask_personal_data(PHONE_TEXT)
    assert moderation.status_of(item, {}) == "pending"
    assert moderation.status_of(item, hidden) == "hidden"


# -- maintenance.open_round ------------------------------------------------------------

def test_a_round_is_opened_once_and_a_duplicate_press_is_refused(store):
    staff = user(store, "staff-rounds")
    first = open_round(store, staff, "viikkofiilis", "puupaja", name="Syksy ",
                       opens="2026-03-02", expected=9)
    rnd = store.round_by_id(first)
    assert (rnd.survey, rnd.unit, rnd.name, rnd.expected) == (
        "viikkofiilis", "puupaja", "Syksy", 9)
    [entry] = store.audit_entries(action="round_open")
    assert (entry.actor, entry.target) == ("staff-rounds", f"round {first}")
    # Another press (another session, or the same press without its note): refused.
    with pytest.raises(DuplicateRound) as refused:
        open_round(store, staff, "viikkofiilis", "puupaja", name="Syksy")
    assert refused.value.round_id == first
    # This session's own press, stopped after opening: that round, not logged again.
    assert open_round(store, staff, "viikkofiilis", "puupaja", name="Syksy",
                      own_press=True) == first
    assert [r.id for r in store.rounds()] == [first]
    assert len(store.audit_entries(action="round_open")) == 1
    # Another name is another round.
    second = open_round(store, staff, "viikkofiilis", "puupaja", name="Syksy 2")
    assert second != first and len(store.rounds()) == 2


def test_a_round_at_a_unit_the_user_may_not_act_on_is_refused(store):
    staff = user(store, "staff-own-unit")
    with pytest.raises(auth.AuthError) as refused:
        open_round(store, staff, "viikkofiilis", "ompelimo")
    assert refused.value.key == "no_access"
    with pytest.raises(auth.AuthError):
        open_round(store, staff, "viikkofiilis", "")  # no unit chosen
    admin = user(store, "admin-rounds", "admin", ())
    with pytest.raises(StoreError):
        open_round(store, admin, "viikkofiilis", "Ei Kelpaa")  # not a unit id
    with pytest.raises(StoreError):
        open_round(store, admin, "viikkofiilis", "ompelimo", opens="2026-03-02",
                   closes="2026-03-01")
    assert store.rounds() == [] and store.audit_entries(action="round_open") == []
    assert store.round_by_id(open_round(store, admin, "viikkofiilis", "ompelimo")).unit \
        == "ompelimo"
