"""``raati action add|update|list`` (contract §6): the JSON fields, exit codes, and
refusals (bad status, unknown unit, …) that say what and store nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from raati.cli import main
from raati.store import Store

pytestmark = pytest.mark.usefixtures("clean_env")
DEFS = str(Path(__file__).resolve().parent.parent / "survey_defs")
FIELDS = {"id", "unit", "said", "did", "status", "public", "responsible", "due", "panel",
          "proposal", "survey", "question", "history"}


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "raati.db"
    Store(path).ensure_unit("puupaja", "Puupaja")
    return str(path)


def dump(db: str) -> list[str]:
    """Every table's rows (the audit log too): what "nothing stored" means."""
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, db, *argv) -> str:
    before = dump(db)
    code, out, err = run(capsys, *argv, "--db", db, "--defs", DEFS)
    assert (code, out) == (1, ""), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert Store(db).actions() == []
    assert dump(db) == before
    return err.strip()


def add(capsys, db, *extra) -> int:
    code, out, err = run(capsys, "action", "add", "--db", db, "--defs", DEFS,
                         "--unit", "puupaja", "--said", "Tauot ovat liian lyhyitä",
                         "--did", "Tauko on nyt 20 minuuttia", *extra)
    assert (code, err) == (0, ""), err
    assert out.strip().isdigit()
    return int(out)


def test_add_prints_its_id_and_list_json_has_the_contract_fields(capsys, db):
    first = add(capsys, db, "--status", "done", "--responsible", "Tiimi A",
                "--due", "2027-03-01", "--picture", "pictures/kahvi.svg")
    Store(db).open_round("asiakaskysely", "puupaja")
    second = add(capsys, db, "--private", "--survey", "asiakaskysely",
                 "--question", "jatkosuunnitelma")
    code, out, _ = run(capsys, "action", "list", "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    assert [a["id"] for a in data] == [second, first]  # newest first
    assert all(FIELDS <= set(a) for a in data)
    one = data[1]
    assert (one["status"], one["public"], one["responsible"], one["due"]) == (
        "done", True, "Tiimi A", "2027-03-01")
    # contract §6: {date, status, note}; the extension "changed": none at the recording
    assert one["history"] == [{"date": one["created"], "status": "done", "note": "",
                               "changed": []}]
    assert (data[0]["public"], data[0]["survey"], data[0]["question"]) == (
        False, "asiakaskysely", "jatkosuunnitelma")
    code, out, _ = run(capsys, "action", "list", "--db", db)
    assert out.splitlines()[0].split("\t")[:3] == [str(second), "puupaja", "received"]
    entry = Store(db).audit_entries(action="action")[0]
    assert entry.actor.startswith("cli") and entry.target == f"action {second}"


def test_update_writes_a_dated_history_entry(capsys, db):
    aid = add(capsys, db)
    code, out, err = run(capsys, "action", "update", "--db", db, "--action", aid,
                         "--status", "not_possible", "--did", "Tila ei riitä",
                         "--note", "Selvitetty")
    assert (code, out, err) == (0, f"action {aid}: not_possible\n", "")
    [action] = json.loads(run(capsys, "action", "list", "--db", db, "--json")[1])
    assert action["did"] == "Tila ei riitä"
    assert [h["status"] for h in action["history"]] == ["received", "not_possible"]
    assert action["history"][1]["note"] == "Selvitetty"
    assert action["history"][1]["changed"] == ["status", "did"]
    code, out, _ = run(capsys, "action", "update", "--db", db, "--action", aid,
                       "--status", "not_possible")
    assert (code, out) == (0, f"action {aid}: not_possible (nothing changed)\n")


def test_list_filters_by_unit_and_status(capsys, db):
    Store(db).ensure_unit("ompelimo")
    aid = add(capsys, db, "--status", "planned")
    code, out, _ = run(capsys, "action", "list", "--db", db, "--unit", "ompelimo", "--json")
    assert (code, json.loads(out)) == (0, [])  # a unit without actions: an empty list
    code, out, _ = run(capsys, "action", "list", "--db", db, "--status", "planned", "--json")
    assert [a["id"] for a in json.loads(out)] == [aid]


@pytest.mark.parametrize("extra, says", [
    (("--status", "valmis"), "status: 'valmis' is not one of received, planned"),
    (("--due", "31.12.2027"), "31.12.2027"),
    (("--picture", "../../etc/passwd"), "picture"),
    (("--survey", "ei-ole"), "survey: 'ei-ole'"),
    (("--survey", "asiakaskysely", "--question", "ei-ole"), "question: 'ei-ole'"),
    (("--question", "jatkosuunnitelma"), "question: give its survey too"),
    (("--panel", "7"), "panel: no session 7"),
    (("--proposal", "3"), "--proposal: give its --panel too"),
])
def test_refused_input_says_what_and_stores_nothing(capsys, db, extra, says):
    err = refused(capsys, db, "action", "add", "--unit", "puupaja", "--said", "x",
                  "--did", "y", *extra)
    assert says in err


def test_unknown_unit_and_empty_texts_refused(capsys, db):
    assert "unit: no unit 'ei-ole'" in refused(capsys, db, "action", "add", "--unit",
                                               "ei-ole", "--said", "x", "--did", "y")
    assert "said" in refused(capsys, db, "action", "add", "--unit", "puupaja",
                             "--said", "  ", "--did", "y")
    assert "at most 300" in refused(capsys, db, "action", "add", "--unit", "puupaja",
                                    "--said", "x" * 301, "--did", "y")


def test_update_refusals(capsys, db):
    aid = add(capsys, db)
    for argv, says in ((("--action", "99", "--status", "done"), "no action 99"),
                       (("--action", aid, "--status", "valmis"), "not one of"),
                       (("--action", aid), "nothing to change")):
        code, out, err = run(capsys, "action", "update", "--db", db, *argv)
        assert (code, out) == (1, "") and says in err
    [action] = Store(db).actions()
    assert action.status == "received" and len(action.history) == 1


def test_wrong_usage_exits_2(capsys, db):
    with pytest.raises(SystemExit) as caught:
        main(["action", "add", "--db", db, "--unit", "puupaja"])  # --said, --did missing
    assert caught.value.code == 2


def test_update_said_alone_is_a_dated_history_entry(capsys, db):
    """Found by a user walk: ``--said`` changed what clients read on the public page but
    left no history entry (while ``--did`` alone wrote one)."""
    aid = add(capsys, db)
    code, out, err = run(capsys, "action", "update", "--db", db, "--action", aid,
                         "--said", "Tauot ovat aivan liian lyhyitä")
    assert (code, out, err) == (0, f"action {aid}: received\n", "")
    code, out, err = run(capsys, "action", "update", "--db", db, "--action", aid,
                         "--private", "--picture", "pictures/kahvi.svg", "--defs", DEFS)
    assert code == 0, err
    [action] = json.loads(run(capsys, "action", "list", "--db", db, "--json")[1])
    history = action["history"]
    assert [(h["status"], h["changed"]) for h in history] == [
        ("received", []), ("received", ["said"]), ("received", ["public", "picture"])]
    assert all(len(h["date"]) == 10 for h in history)  # dates only, no time of day
    assert action["said"] == "Tauot ovat aivan liian lyhyitä" and action["public"] is False


def test_list_refuses_an_unknown_unit(capsys, db):
    """Found by a user walk: ``action list --unit nosuch`` printed nothing and exited 0,
    as if the unit had no actions."""
    add(capsys, db)
    for extra in ((), ("--json",)):
        code, out, err = run(capsys, "action", "list", "--db", db, "--unit", "nosuch",
                             *extra)
        assert (code, out, err) == (1, "", "unit: no unit 'nosuch'\n")


def test_a_survey_of_another_unit_is_refused(capsys, db):
    """Found by a user walk: ``--survey`` of a survey only another unit used was taken."""
    store = Store(db)
    store.ensure_unit("ompelimo")
    store.open_round("asiakaskysely", "ompelimo")
    err = refused(capsys, db, "action", "add", "--unit", "puupaja", "--said", "x",
                  "--did", "y", "--survey", "asiakaskysely", "--question", "jatkosuunnitelma")
    assert err == ("survey: 'asiakaskysely' has no round or answers at unit 'puupaja' "
                   "(it has them at: ompelimo)")
    code, out, err = run(capsys, "action", "add", "--db", db, "--defs", DEFS, "--unit",
                         "ompelimo", "--said", "x", "--did", "y", "--survey", "asiakaskysely")
    assert (code, err) == (0, "") and out.strip().isdigit()


def test_list_keeps_the_contract_codes(capsys, db):
    """The CSV export for staff is in their language (raati.action_control); the CLI
    stays to contract §6: status codes and JSON booleans, no translated words."""
    aid = add(capsys, db, "--status", "not_possible", "--private")
    [action] = json.loads(run(capsys, "action", "list", "--db", db, "--json")[1])
    assert (action["id"], action["status"], action["public"]) == (aid, "not_possible", False)
    out = run(capsys, "action", "list", "--db", db)[1]
    assert out.split("\t")[:5] == [str(aid), "puupaja", "not_possible", "-", "private"]
    with pytest.raises(SystemExit) as caught:  # no CSV format on the command line
        main(["action", "list", "--db", db, "--format", "csv"])
    assert caught.value.code == 2
