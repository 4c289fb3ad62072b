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
from raati.i18n import t
from raati.store import Store
from raati.surveys import survey_files, validate_files
from tests._helpers import make_defs, raw_rows

REPO = Path(__file__).resolve().parent.parent
DEFS = REPO / "survey_defs"
D = dt.date.fromisoformat


@pytest.fixture
def store(store) -> Store:
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
    assert [(h.date, h.status, h.note, h.changed) for h in a.history] == [
        ("2027-01-10", "received", "", ()),
        ("2027-01-20", "planned", "Käsitelty tiimissä", ("status",)),
        ("2027-02-01", "done", "", ("status", "did"))]
    assert (a.did, a.done_on, a.updated) == ("Tauko on nyt 20 minuuttia", "2027-02-01",
                                            "2027-02-01")
    # Back to work: no longer done.
    a = store.update_action(a.id, status="in_progress", today="2027-02-03")
    assert a.done_on is None
    # A change of nothing writes nothing.
    assert store.update_action(a.id, status="in_progress", today="2027-02-04") == a


def test_every_change_is_a_dated_entry_naming_what_changed(store, tmp_path):
    """Found by a user walk: a change of ``did`` alone wrote an entry, one of ``said``
    none. Now every change writes one entry (the date only) naming its fields."""
    defs = make_defs(tmp_path / "defs")
    a = store.add_action("puupaja", "Tauot ovat lyhyitä", "Selvitämme", today="2027-01-10")
    steps = [({"said": "Tauot ovat liian lyhyitä"}, ("said",)),
             ({"did": "Kokeilemme pidempää taukoa"}, ("did",)),
             ({"public": False}, ("public",)),
             ({"picture": rules.check_picture("p.svg", defs)}, ("picture",)),
             ({"responsible": "Tiimi A", "due": "2027-03-01"}, ("responsible", "due")),
             ({"status": "planned", "said": "Tauot", "public": True},
              ("status", "said", "public")),
             ({"note": "Puhuttu tiimissä"}, ())]
    for day, (change, fields) in enumerate(steps, start=11):
        a = store.update_action(a.id, today=f"2027-01-{day}", **change)
        last = a.history[-1]
        assert (last.date, last.changed) == (f"2027-01-{day}", fields), change
        assert a.updated == last.date
    assert len(a.history) == 1 + len(steps)
    assert a.history[-1] == rules.HistoryEntry("2027-01-17", "planned", "Puhuttu tiimissä")
    assert a.history[-1].as_json() == {"date": "2027-01-17", "status": "planned",
                                       "note": "Puhuttu tiimissä", "changed": []}
    assert a.as_json()["history"][1] == {"date": "2027-01-11", "status": "received",
                                         "note": "", "changed": ["said"]}
    # the same values again: no change, no entry
    assert store.update_action(a.id, said="Tauot", public=True, today="2027-01-20") == a


def test_action_ids_are_never_reused(store):
    """Found by a user walk: after deleting the newest action the next one got its id,
    so an old link, CSV row or audit entry named another action."""
    first = store.add_action("puupaja", "a", "b")
    second = store.add_action("puupaja", "c", "d")
    store.delete_action(second.id)
    third = store.add_action("puupaja", "e", "f")
    assert third.id > second.id > first.id
    store.delete_action(first.id)
    store.delete_action(third.id)
    assert store.add_action("puupaja", "g", "h").id > third.id


def test_migration_keeps_actions_and_history_and_ids_are_not_reused(tmp_path):
    """A database made before m014: its actions and history stay; the next id is above
    every id it gave, including a deleted one the audit log names."""
    import sqlite3

    import sqlite_utils

    from raati.store import migrations

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    old.execute("PRAGMA foreign_keys = ON")
    migrations.apply(old, stop_before="m014_action_ids_never_reused")
    with old.conn:
        old.execute("INSERT INTO units (id, name, created_on) VALUES"
                    " ('puupaja', 'Puupaja', '2027-01-01')")
        for aid, status in ((1, "done"), (2, "planned")):
            old.execute(
                "INSERT INTO actions (id, unit, said, did, status, public, created, updated,"
                " done_on) VALUES (?, 'puupaja', 'Sanoitte', 'Teimme', ?, 1, '2027-01-01',"
                " '2027-01-03', NULL)", [aid, status])
        old.conn.executemany(
            "INSERT INTO action_history (action_id, seq, date, status, note) VALUES"
            " (?, ?, ?, ?, ?)",
            [(1, 1, "2027-01-01", "received", ""), (1, 2, "2027-01-02", "received", ""),
             (1, 3, "2027-01-03", "done", "Valmis"), (2, 1, "2027-01-01", "planned", "")])
        # action 3 was given and deleted: only the audit log remembers it
        old.execute("INSERT INTO audit_log (at, actor, action, target, detail) VALUES"
                    " ('2027-01-02T10:00:00', 'cli:x', 'action', 'action 3', 'delete')")
    old.conn.close()

    store = Store(path)
    one = store.action(1)
    assert (one.status, one.said, one.created) == ("done", "Sanoitte", "2027-01-01")
    assert [(h.date, h.status, h.note, h.changed) for h in one.history] == [
        ("2027-01-01", "received", "", ()), ("2027-01-02", "received", "", ("did",)),
        ("2027-01-03", "done", "Valmis", ("status",))]
    assert [h.status for h in store.action(2).history] == ["planned"]
    assert store.add_action("puupaja", "x", "y").id == 4
    store.delete_action(2)  # the cascade still works on the rebuilt tables
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM action_history WHERE action_id = 2"
                            ).fetchone() == (0,)
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'actions'"
                              ).fetchone()[0]
        assert "AUTOINCREMENT" in schema
        assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE"
                                           " tbl_name = 'actions' AND type = 'index'")} >= {
            "actions_unit", "actions_proposal"}


def test_a_survey_of_another_unit_is_refused(store, surveys):
    """Found by a user walk: an action at one unit could name a survey only another
    unit had used. A survey needs a round or answers at the action's unit."""
    staff = user(store, units=("puupaja", "ompelimo"))
    store.open_round("asiakaskysely", "ompelimo")
    with pytest.raises(ActionError) as caught:
        action_control.record(store, staff, "puupaja", "x", "y", surveys=surveys,
                              survey="asiakaskysely")
    assert caught.value.key == "action_survey_other_unit"
    assert caught.value.values == {"survey": "asiakaskysely", "unit": "puupaja"}
    assert "'asiakaskysely'" in str(caught.value) and "unit 'puupaja'" in str(caught.value)
    assert "ompelimo" in str(caught.value)  # where it was used
    assert t(caught.value.key, "fi", **caught.value.values).startswith(
        "Kyselyllä asiakaskysely ei ole kierroksia eikä vastauksia yksikössä puupaja.")
    assert store.actions() == [] and not store.audit_entries(action="action")
    made = action_control.record(store, staff, "ompelimo", "x", "y", surveys=surveys,
                                 survey="asiakaskysely", question="jatkosuunnitelma")
    assert (made.unit, made.survey) == ("ompelimo", "asiakaskysely")
    # answers imported without a round count as the survey's use at their unit
    store.ensure_unit("kahvila")
    raw_rows(store, "INSERT INTO responses (id, survey, unit, date) VALUES"
                    " ('r1', 'asiakaskysely', 'kahvila', '2027-01-01')")
    assert store.add_action("kahvila", "x", "y", survey="asiakaskysely").unit == "kahvila"
    # what a form may offer at each unit
    assert store.surveys_used_at("ompelimo") == store.surveys_used_at("kahvila") == {
        "asiakaskysely"}
    assert store.surveys_used_at("puupaja") == set()


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
    store.open_round("asiakaskysely", "puupaja")
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
    assert header.split(";")[:5] == ["Tunnus", "Yksikkö", "Asiakkaat sanoivat",
                                     "Mitä teemme tai teimme", "Tila"]
    assert "'=HYPERLINK" in row and ";kyllä;" in row  # formula protected; overdue


def test_csv_export_speaks_the_staff_language(store):
    """Found by a user walk: the CSV for staff in Finnish municipalities had English
    headers and codes. Headers, statuses, sources, yes/no and the history's words follow
    the interface language; the columns keep their order; dates stay YYYY-MM-DD."""
    import csv
    import io

    a = store.add_action("puupaja", "Tauot ovat lyhyitä", "Selvitämme", status="received",
                         due="2027-01-01", public=False, today="2026-12-01")
    store.update_action(a.id, status="done", did="Tauko on 20 min", note="Valmis",
                        today="2027-01-05")
    rows = {lang: list(csv.reader(io.StringIO(action_control.export_csv(
        store.actions(), D("2027-02-01"), lang=lang).decode("utf-8"))))
        for lang in ("fi", "sv", "en")}
    fi_header, fi_row = rows["fi"]
    assert fi_header == ["Tunnus", "Yksikkö", "Asiakkaat sanoivat", "Mitä teemme tai teimme",
                         "Tila", "Julkinen", "Vastuuhenkilö tai tiimi", "Määräpäivä",
                         "Myöhässä", "Lähde", "Raati", "Ehdotus", "Kysely", "Kysymys", "Kuva",
                         "Kirjattu", "Muutettu", "Päättynyt", "Historia"]
    assert len(fi_header) == len(action_control.CSV_COLUMNS)
    got = dict(zip(action_control.CSV_COLUMNS, fi_row, strict=True))
    assert (got["id"], got["status"], got["public"], got["overdue"], got["source"]) == (
        str(a.id), "Tehty", "ei", "ei", "kuultu asiakkailta")
    assert (got["due"], got["created"], got["done_on"]) == ("2027-01-01", "2026-12-01",
                                                            "2027-01-05")
    assert got["history"] == ("2026-12-01 Vastaanotettu | 2027-01-05 Tehty (muutettu: Tila, "
                              "Mitä teemme tai teimme): Valmis")
    sv_header, sv_row = rows["sv"]
    assert sv_header[:5] == ["Id", "Enhet", "Klienterna sa", "Vad vi gör eller gjorde",
                             "Status"]
    assert (sv_row[4], sv_row[5]) == ("Klart", "nej")
    en_header, en_row = rows["en"]
    assert en_header[4:6] == ["Status", "Public"] and (en_row[4], en_row[5]) == ("Done", "no")
    assert "changed: Status, What we do or did" in en_row[-1]
    [_, entry] = store.action(a.id).history
    assert action_control.changed_text(entry, "fi") == "muutettu: Tila, Mitä teemme tai teimme"
    assert action_control.changed_text(store.action(a.id).history[0], "fi") == ""
    # the status word is the one the staff page and the public page show
    assert got["status"] == t("action_status_done", "fi")


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
