"""Actions, "you said, we did" (issue 13, contract §6): statuses, texts, the dated
history, links to a panel proposal or a survey question, who may do what, and what the
unit's public page keeps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from raati import action_control, auth
from raati import actions as rules
from raati.actions import ActionError
from raati.store import Store
from raati.surveys import survey_files, validate_files

REPO = Path(__file__).resolve().parent.parent
DEFS = REPO / "survey_defs"
D = dt.date.fromisoformat


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(tmp_path / "raati.db")
    store.ensure_unit("puupaja", "Puupaja")
    store.ensure_unit("ompelimo", "Ompelimo")
    return store


@pytest.fixture
def surveys():
    return {s.id: s for s in validate_files(survey_files(DEFS), DEFS)[0]}


def user(store, role="staff", units=("puupaja",), name=None):
    return auth.create_user(store, name or f"{role}-{'-'.join(units) or 'none'}", role,
                            "Salasana-123456", units)


# -- rules -------------------------------------------------------------------------------

def test_statuses_are_the_contracts():
    assert rules.STATUSES == ("received", "planned", "in_progress", "done", "not_possible")
    for status in rules.STATUSES:
        assert rules.check_status(status) == status
        assert rules.SYMBOLS[status]
    with pytest.raises(ActionError, match="not one of received, planned"):
        rules.check_status("finished")


@pytest.mark.parametrize("due, expected", [("2027-03-01", "2027-03-01"), (None, None),
                                           ("", None), (dt.date(2027, 3, 1), "2027-03-01")])
def test_due_dates(due, expected):
    assert rules.check_due(due) == expected


@pytest.mark.parametrize("due", ["1.3.2027", "2027-02-30", "2027-3-1", "tomorrow", "²027-03-01"])
def test_bad_due_dates_refused(due):
    with pytest.raises(ActionError) as caught:
        rules.check_due(due)
    assert caught.value.key == "action_bad_due"


def test_texts_cleaned_and_limits_refused_whole():
    assert rules.check_said("  Tauot\x07 ovat lyhyitä ") == "Tauot ovat lyhyitä"
    with pytest.raises(ActionError) as caught:
        rules.check_said("x" * (rules.SAID_MAX_LENGTH + 1))
    assert caught.value.key == "action_too_long"
    assert caught.value.values == {"n": rules.SAID_MAX_LENGTH + 1, "k": rules.SAID_MAX_LENGTH}
    for empty in ("", "   ", None):
        with pytest.raises(ActionError):
            rules.check_did(empty)
    assert rules.check_responsible("  ") is None


def test_pictures_only_from_the_library():
    assert rules.check_picture("pictures/kahvi.svg", DEFS) == "pictures/kahvi.svg"
    assert rules.check_picture("kahvi.svg", DEFS) == "pictures/kahvi.svg"
    assert rules.check_picture(None, DEFS) is None
    for bad in ("pictures/../../etc/passwd", "/etc/passwd", "pictures/ei-ole.svg",
                "pictures/LICENSES.md", "pictures/.svg"):
        with pytest.raises(ActionError):
            rules.check_picture(bad, DEFS)
    assert "pictures/kahvi.svg" in rules.library_pictures(DEFS)


def test_overdue_and_shown_publicly():
    base = rules.Action(1, "puupaja", "s", "d", "planned", True, due="2027-03-01",
                        updated="2027-01-01")
    assert base.overdue(D("2027-03-02")) and not base.overdue(D("2027-03-01"))
    done = rules.Action(2, "puupaja", "s", "d", "done", True, due="2027-03-01",
                        done_on="2027-03-05")
    assert not done.overdue(D("2028-01-01"))
    assert rules.shown_publicly(done, D("2027-03-15"), 10)
    assert not rules.shown_publicly(done, D("2027-03-16"), 10)
    hidden = rules.Action(3, "puupaja", "s", "d", "planned", False)
    assert not rules.shown_publicly(hidden, D("2027-01-01"), 180)


# -- store -------------------------------------------------------------------------------

def test_add_and_history_of_every_change(store):
    a = store.add_action("puupaja", "Tauot ovat liian lyhyitä", "Selvitämme asian",
                         responsible="Tiimi A", due="2027-03-01", today="2027-01-10")
    assert (a.status, a.public, a.created, a.source) == ("received", True, "2027-01-10",
                                                         "heard")
    assert a.history == (rules.HistoryEntry("2027-01-10", "received", ""),)
    a = store.update_action(a.id, status="planned", note="Käsitelty tiimissä",
                            today="2027-01-20")
    a = store.update_action(a.id, status="done", did="Tauko on nyt 20 minuuttia",
                            today="2027-02-01")
    assert [(h.date, h.status, h.note) for h in a.history] == [
        ("2027-01-10", "received", ""), ("2027-01-20", "planned", "Käsitelty tiimissä"),
        ("2027-02-01", "done", "")]
    assert (a.did, a.done_on, a.updated) == ("Tauko on nyt 20 minuuttia", "2027-02-01",
                                            "2027-02-01")
    # Back to work: no longer done.
    a = store.update_action(a.id, status="in_progress", today="2027-02-03")
    assert a.done_on is None
    # A change of nothing writes nothing.
    assert store.update_action(a.id, status="in_progress", today="2027-02-04") == a


def test_refusals_store_nothing(store):
    for kwargs in ({"unit": "ei-ole"}, {"status": "valmis"}, {"due": "31.12.2027"},
                   {"said": ""}, {"did": "x" * 501}, {"panel": 99},
                   {"proposal": 5}, {"question": "q1"}):
        args = {"unit": "puupaja", "said": "Sanoitte", "did": "Teimme", **kwargs}
        with pytest.raises(ActionError):
            store.add_action(args.pop("unit"), args.pop("said"), args.pop("did"), **args)
    assert store.actions() == []
    a = store.add_action("puupaja", "Sanoitte", "Teimme")
    with pytest.raises(ActionError):
        store.update_action(a.id, status="valmis")
    with pytest.raises(ActionError):
        store.update_action(999, status="done")
    assert store.action(a.id) == a


def test_a_proposal_links_its_panel_of_the_same_unit(store):
    panel = store.open_panel("puupaja", "Raati")
    proposal = store.add_proposal(panel.id, "Tauot pidemmiksi")
    a = store.add_action("puupaja", "Tauot pidemmiksi", "Tauko 20 min", proposal=proposal.id)
    assert (a.panel, a.proposal, a.source) == (panel.id, proposal.id, "panel")
    assert store.actions(proposal=proposal.id) == [a]
    with pytest.raises(ActionError) as caught:
        store.add_action("ompelimo", "x", "y", proposal=proposal.id)
    assert caught.value.key == "action_panel_other_unit"
    other = store.open_panel("puupaja", "Toinen")
    with pytest.raises(ActionError):
        store.add_action("puupaja", "x", "y", panel=other.id, proposal=proposal.id)


def test_newest_first_and_filters(store):
    first = store.add_action("puupaja", "a", "b", today="2027-01-01")
    second = store.add_action("ompelimo", "c", "d", status="done", today="2027-01-02")
    third = store.add_action("puupaja", "e", "f", public=False, today="2027-01-02")
    assert [a.id for a in store.actions()] == [third.id, second.id, first.id]
    assert [a.id for a in store.actions(unit="puupaja")] == [third.id, first.id]
    assert [a.id for a in store.actions(units=["ompelimo"])] == [second.id]
    assert store.actions(units=[]) == []
    assert [a.id for a in store.actions(statuses=["done"])] == [second.id]
    assert [a.id for a in store.actions(public_only=True)] == [second.id, first.id]


def test_done_shown_days_per_unit(store):
    assert store.done_shown_days("puupaja") == rules.DEFAULT_DONE_SHOWN_DAYS
    store.set_done_shown_days("puupaja", 30)
    assert store.done_shown_days("puupaja") == 30
    assert store.done_shown_days("ompelimo") == rules.DEFAULT_DONE_SHOWN_DAYS
    for bad in (-1, 4000, 1.5, True):
        with pytest.raises(ActionError):
            store.set_done_shown_days("puupaja", bad)
    assert store.done_shown_days("puupaja") == 30


# -- who may do what -----------------------------------------------------------------------

def test_staff_record_and_change_at_their_units_only(store, surveys):
    staff = user(store)
    a = action_control.record(store, staff, "puupaja", "Tauot ovat lyhyitä", "Tauko 20 min",
                              surveys=surveys, defs_dir=DEFS, picture="pictures/kahvi.svg",
                              survey="asiakaskysely", question="jatkosuunnitelma", status="planned")
    assert (a.picture, a.survey, a.question, a.source) == (
        "pictures/kahvi.svg", "asiakaskysely", "jatkosuunnitelma", "survey")
    entry = store.audit_entries(action="action")[0]
    assert (entry.actor, entry.target) == (staff.name, f"action {a.id}")
    with pytest.raises(action_control.NotAllowed):
        action_control.record(store, staff, "ompelimo", "x", "y")
    changed = action_control.change(store, staff, a.id, status="done", note="Valmis")
    assert changed.status == "done"
    assert store.audit_entries(action="action")[0].detail == "change: status done, note"
    other = user(store, units=("ompelimo",))
    with pytest.raises(ActionError):
        action_control.change(store, other, a.id, status="planned")
    assert store.action(a.id).status == "done"


def test_developer_clients_read_their_units_and_change_nothing(store):
    a = store.add_action("puupaja", "x", "y")
    store.add_action("ompelimo", "z", "w")
    dev = user(store, "developer-client")
    assert [x.id for x in action_control.actions_for(store, dev)] == [a.id]
    with pytest.raises(action_control.NotAllowed):
        action_control.change(store, dev, a.id, status="done")
    with pytest.raises(action_control.NotAllowed):
        action_control.record(store, dev, "puupaja", "x", "y")
    admin = user(store, "admin", units=())
    assert len(action_control.actions_for(store, admin)) == 2


def test_survey_source_checked(store, surveys):
    staff = user(store)
    for survey, question in (("ei-ole", None), ("asiakaskysely", "ei-ole"), (None, "jatkosuunnitelma")):
        with pytest.raises(ActionError):
            action_control.record(store, staff, "puupaja", "x", "y", surveys=surveys,
                                  survey=survey, question=question)
    assert store.actions() == []


def test_csv_export_protects_formulas_and_marks_overdue(store):
    store.add_action("puupaja", "=HYPERLINK(\"x\")", "Teimme", due="2027-01-01",
                     status="planned", today="2026-12-01")
    raw = action_control.export_csv(store.actions(), D("2027-02-01"), excel=True)
    text = raw.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(";")[:5] == ["id", "unit", "said", "did", "status"]
    assert "'=HYPERLINK" in row and ";yes;" in row  # formula protected; overdue


def test_every_refusal_has_an_interface_text():
    import re

    from raati.i18n import MESSAGES

    sources = "".join((REPO / "raati" / f).read_text(encoding="utf-8") for f in
                      ("actions.py", "action_control.py", "store/actions.py"))
    keys = set(re.findall(r'"(action_[a-z_]+)"', sources))
    keys |= {f"action_{what}_needed" for what in ("said", "did", "note", "responsible")}
    keys -= {"action_settings"}  # an audit action, not a text
    assert keys and not keys - set(MESSAGES)
    assert {f"action_status_{s}" for s in rules.STATUSES} <= set(MESSAGES)
