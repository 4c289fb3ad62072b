"""The ``raati`` command line for accounts, routes, deleting and retention (contract §3):
``user add/list/passwd/remove``, ``routes``, ``round delete/purge-texts/retention``,
``retention apply``, ``round list`` and the audit entries of import and export."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import sys

import pytest
from _helpers import SHIPPED_DEFS, SMALL_COLUMNS, db_fingerprint
from argon2 import PasswordHasher

from raati import auth
from raati.cli import main
from raati.i18n import t
from raati.routes import ROUTES
from raati.store import Answer, NewResponse, Store

pytestmark = pytest.mark.usefixtures("clean_env")

PW = "Kuusi-puuta-metsässä"
ONE_TIME = re.compile(r"^one-time password \(shown only now; to be changed at the first "
                      r"login\): (\S+)$", re.M)


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch):
    """A cheap argon2id: the commands hash and verify many times."""
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", cheap)
    monkeypatch.setattr(auth, "_DUMMY_HASH", cheap.hash("dummy-password"))


@pytest.fixture
def stdin(monkeypatch):
    """Standard input that is not a terminal, with the given text."""
    def give(text: str = "") -> io.StringIO:
        fake = io.StringIO(text)
        monkeypatch.setattr(sys, "stdin", fake)
        return fake
    give()
    return give


@pytest.fixture
def db(tmp_path):
    return tmp_path / "raati.db"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys, stdin, db, name, role="staff", password=PW, *extra):
    stdin(password + "\n")
    return run(capsys, "user", "add", name, "--role", role, *extra, "--password-stdin",
               "--db", db)


def _rows(path, sql, params=()):
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# -- user add --------------------------------------------------------------------------------

NO_ADMIN_NOTE = "note: there is no admin account; add one with `raati user add NAME --role admin`\n"


def test_user_add_with_password_stdin(capsys, stdin, db):
    code, out, err = add(capsys, stdin, db, "Matti", "staff", PW, "--unit", "a", "--unit", "b")
    assert (code, out, err) == (0, "added matti (staff; units a, b)\n", NO_ADMIN_NOTE)
    user = Store(db).user_by_name("matti")
    assert (user.role, user.units, user.must_change) == ("staff", ("a", "b"), False)
    assert user.password_hash.startswith("$argon2id$")
    assert auth.verify_password(user.password_hash, PW)
    assert auth.authenticate(Store(db), "matti", PW, "b", now=1e9).user is not None
    [entry] = Store(db).audit_entries()
    assert entry.actor.startswith("cli") and (entry.action, entry.target) == ("user_add",
                                                                              "matti")
    assert entry.detail == "role staff, units a, b"
    assert PW not in entry.detail


def test_user_add_admin_without_units(capsys, stdin, db):
    code, out, _ = add(capsys, stdin, db, "paaka", "admin")
    assert (code, out) == (0, "added paaka (admin)\n")


def test_user_add_password_stdin_keeps_spaces_and_strips_newline(capsys, stdin, db):
    add(capsys, stdin, db, "matti", "staff", "  välilyönti alussa ")
    user = Store(db).user_by_name("matti")
    assert auth.verify_password(user.password_hash, "  välilyönti alussa ")


def test_user_add_empty_password_stdin(capsys, stdin, db):
    stdin("")
    code, out, err = run(capsys, "user", "add", "matti", "--role", "staff",
                         "--password-stdin", "--db", db)
    assert (code, out, err) == (1, "", "--password-stdin: no password on standard input\n")
    assert Store(db).count_users() == 0


def test_user_add_generates_a_one_time_password(capsys, stdin, db):
    code, out, err = run(capsys, "user", "add", "liisa", "--role", "developer-client",
                         "--unit", "puupaja", "--db", db)
    # The first account is not an admin: the app will make none now, so it says so.
    assert (code, err) == (0, NO_ADMIN_NOTE)
    lines = out.splitlines()
    assert lines[0] == "added liisa (developer-client; units puupaja)"
    [password] = ONE_TIME.findall(out)
    assert len(password) >= 16
    assert out.count(password) == 1  # printed once
    user = Store(db).user_by_name("liisa")
    assert user.must_change
    assert auth.verify_password(user.password_hash, password)
    assert password not in "".join(e.detail for e in Store(db).audit_entries())


def test_user_add_on_a_terminal_asks_twice(capsys, db, monkeypatch):
    import getpass

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    answers = iter([PW, PW])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    code, out, _ = run(capsys, "user", "add", "matti", "--role", "staff", "--db", db)
    assert (code, out) == (0, "added matti (staff)\n")
    assert not Store(db).user_by_name("matti").must_change
    answers = iter([PW, PW + "x"])
    code, out, err = run(capsys, "user", "add", "liisa", "--role", "staff", "--db", db)
    assert (code, out, err) == (1, "", "the passwords differ\n")
    assert Store(db).user_by_name("liisa") is None


def test_user_add_bad_role_is_wrong_usage(capsys, stdin, db):
    with pytest.raises(SystemExit) as exc:
        main(["user", "add", "matti", "--role", "superuser", "--db", str(db)])
    assert exc.value.code == 2
    assert "invalid choice: 'superuser'" in capsys.readouterr().err
    assert not db.exists() or Store(db).count_users() == 0


@pytest.mark.parametrize("name, password, message", [
    ("m", PW, "user: a user name is 2..64 characters"),
    ("matti meikäläinen", PW, "user: a user name is 2..64 characters"),
    ("matti", "lyhyt", "user: the password must be at least 10 characters"),
    ("matti", "matti-2027-kevät", "user: the password is too easy to guess"),
    ("matti", "aaaaaaaaaaaaaaa", "user: the password is too easy to guess"),
])
def test_user_add_refused(capsys, stdin, db, name, password, message):
    code, out, err = add(capsys, stdin, db, name, "staff", password)
    assert (code, out) == (1, "")
    assert err.startswith(message) and err.endswith("\n") and err.count("\n") == 1
    assert Store(db).count_users() == 0
    assert Store(db).audit_entries() == []


def test_user_add_bad_unit_refused(capsys, stdin, db):
    code, out, err = add(capsys, stdin, db, "matti", "staff", PW, "--unit", "Puu Paja")
    assert (code, out) == (1, "")
    assert "unit: 'Puu Paja' must match" in err
    assert Store(db).count_users() == 0


def test_user_add_duplicate(capsys, stdin, db):
    assert add(capsys, stdin, db, "matti")[0] == 0
    code, out, err = add(capsys, stdin, db, "MATTI", "admin", PW + "2")
    assert (code, out, err) == (1, "", "user: name: there is already an account 'matti'\n")
    [user] = Store(db).users()
    assert user.role == "staff" and auth.verify_password(user.password_hash, PW)


# -- user list / passwd / remove ---------------------------------------------------------------


def test_user_list(capsys, stdin, db):
    Store(db)
    assert run(capsys, "user", "list", "--db", db) == (0, "", "")
    add(capsys, stdin, db, "matti", "staff", PW, "--unit", "puupaja", "--unit", "ompelimo")
    stdin("")
    run(capsys, "user", "add", "liisa", "--role", "developer-client", "--db", db)
    add(capsys, stdin, db, "paaka", "admin")
    store = Store(db)
    store.update_user(store.user_by_name("paaka").id, disabled=True)
    store.add_user("sso-henkilo", "staff", None, ["kahvila"], sso_subject="iss|1")
    code, out, err = run(capsys, "user", "list", "--db", db)
    assert (code, err) == (0, "")
    assert [line.split("\t") for line in out.splitlines()] == [
        ["liisa", "developer-client", "-", "must-change-password"],
        ["matti", "staff", "ompelimo,puupaja", "-"],
        ["paaka", "admin", "-", "disabled"],
        ["sso-henkilo", "staff", "kahvila", "sso"],
    ]


def test_user_passwd(capsys, stdin, db):
    add(capsys, stdin, db, "matti")
    stdin("uusi salasana 2027\n")
    code, out, err = run(capsys, "user", "passwd", "Matti", "--password-stdin", "--db", db)
    assert (code, out, err) == (0, "password of matti changed\n", "")
    user = Store(db).user_by_name("matti")
    assert auth.verify_password(user.password_hash, "uusi salasana 2027")
    assert not auth.verify_password(user.password_hash, PW)
    assert not user.must_change
    assert Store(db).audit_entries()[0].action == "password_reset"
    assert Store(db).audit_entries()[0].actor.startswith("cli")


def test_user_passwd_generated_must_be_changed(capsys, stdin, db):
    add(capsys, stdin, db, "matti")
    stdin("")
    code, out, _ = run(capsys, "user", "passwd", "matti", "--db", db)
    assert code == 0
    [password] = ONE_TIME.findall(out)
    user = Store(db).user_by_name("matti")
    assert user.must_change and auth.verify_password(user.password_hash, password)


def test_user_passwd_refused(capsys, stdin, db):
    add(capsys, stdin, db, "matti")
    before = Store(db).user_by_name("matti")
    stdin(PW + "\n")
    code, out, err = run(capsys, "user", "passwd", "matti", "--password-stdin", "--db", db)
    assert (code, out, err) == (1, "", "user: the new password must differ from the old one\n")
    stdin("lyhyt\n")
    code, _, err = run(capsys, "user", "passwd", "matti", "--password-stdin", "--db", db)
    assert code == 1 and err.startswith("user: the password must be at least")
    stdin(PW + "\n")
    code, _, err = run(capsys, "user", "passwd", "eiole", "--password-stdin", "--db", db)
    assert (code, err) == (1, "user: no account 'eiole'\n")
    assert Store(db).user_by_name("matti") == before


def test_user_remove_needs_yes_when_not_a_terminal(capsys, stdin, db):
    add(capsys, stdin, db, "paaka", "admin")
    add(capsys, stdin, db, "matti")
    stdin("")
    code, out, err = run(capsys, "user", "remove", "matti", "--db", db)
    assert (code, out) == (1, "")
    assert err == "Remove the account matti? Give --yes to confirm.\n"
    assert Store(db).user_by_name("matti") is not None
    code, out, err = run(capsys, "user", "remove", "matti", "--yes", "--db", db)
    assert (code, out, err) == (0, "removed matti\n", "")
    assert Store(db).user_by_name("matti") is None
    entry = Store(db).audit_entries()[0]
    assert (entry.action, entry.target) == ("user_remove", "matti")
    assert entry.actor.startswith("cli")


def test_user_remove_ends_the_sessions(capsys, stdin, db):
    add(capsys, stdin, db, "paaka", "admin")
    add(capsys, stdin, db, "matti")
    store = Store(db)
    token = auth.start_session(store, store.user_by_name("matti"), now=1e9)
    assert run(capsys, "user", "remove", "matti", "--yes", "--db", db)[0] == 0
    assert auth.session_user(store, token, now=1e9) is None
    assert _rows(db, "SELECT count(*) FROM sessions") == [(0,)]


def test_user_remove_on_a_terminal_asks(capsys, stdin, db, monkeypatch):
    add(capsys, stdin, db, "paaka", "admin")
    add(capsys, stdin, db, "matti")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt="": "ei")
    code, _, err = run(capsys, "user", "remove", "matti", "--db", db)
    assert (code, err) == (1, "not confirmed: nothing was deleted\n")
    assert Store(db).user_by_name("matti") is not None
    monkeypatch.setattr("builtins.input", lambda prompt="": " YES ")
    assert run(capsys, "user", "remove", "matti", "--db", db)[:2] == (0, "removed matti\n")


def test_user_remove_refuses_the_last_admin(capsys, stdin, db):
    add(capsys, stdin, db, "paaka", "admin")
    add(capsys, stdin, db, "matti", "staff")
    code, out, err = run(capsys, "user", "remove", "paaka", "--yes", "--db", db)
    assert (code, out, err) == (1, "", "user: this is the last admin; add another admin first\n")
    assert Store(db).user_by_name("paaka") is not None
    # a disabled admin does not count as another admin
    add(capsys, stdin, db, "toinen", "admin")
    store = Store(db)
    store.update_user(store.user_by_name("toinen").id, disabled=True)
    assert run(capsys, "user", "remove", "paaka", "--yes", "--db", db)[0] == 1
    # with another active admin it may go
    store.update_user(store.user_by_name("toinen").id, disabled=False)
    assert run(capsys, "user", "remove", "paaka", "--yes", "--db", db)[0] == 0


def test_user_remove_a_disabled_admin_beside_the_last_active_one(capsys, stdin, db):
    add(capsys, stdin, db, "paaka", "admin")
    add(capsys, stdin, db, "entinen", "admin")
    store = Store(db)
    store.update_user(store.user_by_name("entinen").id, disabled=True)
    code, out, err = run(capsys, "user", "remove", "entinen", "--yes", "--db", db)
    assert (code, out, err) == (0, "removed entinen\n", "")
    assert [u.name for u in Store(db).users()] == ["paaka"]


def test_user_remove_unknown(capsys, db):
    Store(db)
    assert run(capsys, "user", "remove", "eiole", "--yes", "--db", db) == (
        1, "", "user: no account 'eiole'\n")


# -- routes ----------------------------------------------------------------------------------


def test_routes_text(capsys):
    code, out, err = run(capsys, "routes")
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines == [[r.path, t(r.title_key, "fi"), ",".join(r.roles)] for r in ROUTES]
    assert ["/vastaa", t("nav_answer", "fi"), "public"] in lines
    assert all(len(fields) == 3 and fields[0].startswith("/") and fields[1]
               for fields in lines)


def test_routes_json(capsys):
    code, out, err = run(capsys, "routes", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert rows == [{"path": r.path, "title": t(r.title_key, "fi"), "roles": list(r.roles)}
                    for r in ROUTES]
    assert all(set(row) == {"path", "title", "roles"} for row in rows)
    public = {row["path"] for row in rows if "public" in row["roles"]}
    assert public == {"/vastaa", "/raati", "/teimme", "/tietoa"}
    for row in rows:
        if "public" in row["roles"]:
            assert row["roles"] == ["public"]  # public pages name no staff role
        else:
            assert set(row["roles"]) <= {"admin", "staff", "developer-client"}
            assert "admin" in row["roles"]  # an admin may open every staff page
    by_path = {row["path"]: row["roles"] for row in rows}
    assert by_path["/kayttajat"] == ["admin"] and by_path["/loki"] == ["admin"]
    assert "developer-client" not in by_path["/aineisto"]  # raw data
    assert len(by_path) == len(rows)  # every path once


def test_routes_name_existing_pages():
    from _helpers import REPO

    for route in ROUTES:
        assert (REPO / route.page).is_file(), route.page


# -- rounds: list, delete, purge-texts, retention -------------------------------------------------


def _answers(i: int) -> tuple[Answer, ...]:
    return (Answer("elamantilanne", "value", str(1 + i % 4)),
            Answer("elamantilanne", "comment", f"kommentti {i}"),
            Answer("parasta", "value", f"parasta on {i}"))


@pytest.fixture
def two_rounds(db):
    """Two closed rounds of asiakaskysely with 3 and 2 responses, one more response
    outside rounds."""
    store = Store(db)
    a = store.open_round("asiakaskysely", "puupaja", name="kevät", opens="2020-03-01",
                         closes="2020-03-31")
    b = store.open_round("asiakaskysely", "ompelimo", opens="2020-03-01", closes="2020-03-31")
    for i, rnd_id in enumerate([a.id, a.id, a.id, b.id, b.id, None]):
        store.submit_response(NewResponse(survey="asiakaskysely", date="2020-03-10", lang="fi",
                                          answers=_answers(i), unit="puupaja",
                                          round_id=rnd_id))
    return a, b


def _texts(db, round_id):
    return _rows(db, "SELECT a.question, a.kind FROM answers a JOIN responses r"
                     " ON r.id = a.response_id WHERE r.round_id = ? AND"
                     " (a.kind = 'comment' OR a.question = 'parasta')", [round_id])


def test_shipped_survey_has_the_text_question_used_here():
    from raati.surveys import find_survey

    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    types = {q.id: q.type for q in survey.questions}
    assert types["parasta"] == "text" and types["elamantilanne"] == "likert"


def test_round_list_starts_with_the_round_id(capsys, db, two_rounds):
    a, b = two_rounds
    code, out, err = run(capsys, "round", "list", "--db", db, "--base-url", "http://x.test")
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert [fields[0] for fields in lines] == [str(b.id), str(a.id)]
    assert lines[1] == [str(a.id), "asiakaskysely", "puupaja", "kevät", "2020-03-01",
                        "2020-03-31", "closed", "3", f"http://x.test/?r={a.token}"]


def test_round_delete_needs_yes(capsys, stdin, db, two_rounds):
    a, _ = two_rounds
    before = db_fingerprint(db)
    code, out, err = run(capsys, "round", "delete", "--round", a.id, "--db", db)
    assert (code, out) == (1, "")
    assert err == (f"Delete round {a.id} (asiakaskysely / puupaja / kevät) and all its "
                   "responses? Give --yes to confirm.\n")
    assert db_fingerprint(db) == before


def test_round_delete(capsys, stdin, db, two_rounds):
    a, b = two_rounds
    code, out, err = run(capsys, "round", "delete", "--round", a.id, "--yes", "--db", db)
    assert (code, out, err) == (0, f"deleted round {a.id} and 3 responses\n", "")
    store = Store(db)
    assert store.round_by_id(a.id) is None and store.round_by_id(b.id) is not None
    assert store.count_responses("asiakaskysely") == 3
    assert store.count_responses("asiakaskysely", round_id=b.id) == 2
    [entry] = store.audit_entries()
    assert entry.actor.startswith("cli")
    assert (entry.action, entry.target) == ("round_delete", f"round {a.id}")
    assert entry.detail.endswith(": 3 responses")


def test_round_delete_unknown_round(capsys, db, two_rounds):
    code, out, err = run(capsys, "round", "delete", "--round", 999, "--yes", "--db", db)
    assert (code, out, err) == (1, "", "round: no round 999 (see raati round list)\n")
    with pytest.raises(SystemExit) as exc:
        main(["round", "delete", "--round", "0", "--yes", "--db", str(db)])
    assert exc.value.code == 2


def test_round_purge_texts(capsys, stdin, db, two_rounds):
    a, b = two_rounds
    before = db_fingerprint(db)
    code, _, err = run(capsys, "round", "purge-texts", "--round", a.id, "--db", db,
                       "--defs", SHIPPED_DEFS)
    assert code == 1 and err.endswith("Give --yes to confirm.\n")
    assert db_fingerprint(db) == before
    code, out, err = run(capsys, "round", "purge-texts", "--round", a.id, "--yes", "--db", db,
                         "--defs", SHIPPED_DEFS)
    assert (code, out, err) == (
        0, f"deleted 6 texts of round {a.id}; other answers stay\n", "")
    assert _texts(db, a.id) == []
    assert len(_texts(db, b.id)) == 4
    store = Store(db)
    assert store.answer_counts("asiakaskysely", round_id=a.id)["elamantilanne"] == {
        "1": 1, "2": 1, "3": 1}
    [entry] = store.audit_entries()
    assert entry.actor.startswith("cli") and entry.action == "texts_delete"


def test_round_purge_texts_missing_survey(capsys, db):
    rnd = Store(db).open_round("poistettu", "puupaja", opens="2020-01-01")
    code, out, err = run(capsys, "round", "purge-texts", "--round", rnd.id, "--yes",
                         "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, out) == (1, "")
    assert err.startswith("survey 'poistettu': no such survey")
    assert Store(db).audit_entries() == []


def test_round_retention(capsys, db, two_rounds):
    a, b = two_rounds
    code, out, err = run(capsys, "round", "retention", "--round", a.id, "--days", "30",
                         "--db", db)
    assert (code, out, err) == (
        0, f"round {a.id}: free text deleted 30 days after the round closes\n", "")
    assert Store(db).round_by_id(a.id).text_retention_days == 30
    entry = Store(db).audit_entries()[0]
    assert (entry.action, entry.target) == ("retention_set", f"round {a.id}")
    assert entry.actor.startswith("cli") and "30" in entry.detail
    code, out, _ = run(capsys, "round", "retention", "--round", a.id, "--days", "0", "--db", db)
    assert code == 0 and Store(db).round_by_id(a.id).text_retention_days == 0
    code, out, err = run(capsys, "round", "retention", "--round", a.id, "--days", "none",
                         "--db", db)
    assert (code, out, err) == (0, f"round {a.id}: free text kept (no rule)\n", "")
    assert Store(db).round_by_id(a.id).text_retention_days is None
    assert Store(db).audit_entries()[0].detail == "no retention rule"
    assert Store(db).round_by_id(b.id).text_retention_days is None


@pytest.mark.parametrize("days", ["-1", "abc", "1.5", "", " 3", "²", "٣"])
def test_round_retention_bad_days(capsys, db, two_rounds, days):
    a, _ = two_rounds
    Store(db).set_text_retention(a.id, 7)
    before = db_fingerprint(db)
    code, out, err = run(capsys, "round", "retention", "--round", a.id, "--days", days,
                         "--db", db)
    assert (code, out) == (1, "")
    assert err == f"--days: '{days}' is not a whole number of days or 'none'\n"
    assert db_fingerprint(db) == before


def test_round_retention_unknown_round(capsys, db):
    Store(db)
    assert run(capsys, "round", "retention", "--round", 5, "--days", "3", "--db", db) == (
        1, "", "round: no round 5 (see raati round list)\n")


def test_retention_apply(capsys, db, two_rounds):
    a, b = two_rounds
    store = Store(db)
    store.set_text_retention(a.id, 30)  # closed 2020: long due
    future = store.open_round("asiakaskysely", "puupaja", opens="2020-01-01",
                              closes="2099-12-31")
    store.set_text_retention(future.id, 0)
    store.submit_response(NewResponse(survey="asiakaskysely", date="2020-03-10", lang="fi",
                                      answers=_answers(9), unit="puupaja", round_id=future.id))
    code, out, err = run(capsys, "retention", "apply", "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, err) == (0, "")
    # Purged text must not linger in the file either: the database is compacted too.
    purged, summary, compacted = out.splitlines()
    assert (purged, summary) == (f"round {a.id}: deleted 6 texts", "retention: 1 rounds purged")
    assert compacted.startswith("compacted: ")
    assert _texts(db, a.id) == []
    assert len(_texts(db, b.id)) == 4  # no rule
    assert len(_texts(db, future.id)) == 2  # still open
    compact, entry = Store(db).audit_entries()
    assert entry.actor.startswith("cli") and entry.action == "texts_delete"
    assert compact.action == "db_compact"
    assert Store(db).count_responses("asiakaskysely", round_id=a.id) == 3
    # a second run finds nothing
    code, out, _ = run(capsys, "retention", "apply", "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, out) == (0, "retention: 0 rounds purged\n")


def test_retention_apply_missing_folder(capsys, db, two_rounds, tmp_path):
    a, _ = two_rounds
    Store(db).set_text_retention(a.id, 0)
    code, out, err = run(capsys, "retention", "apply", "--db", db, "--defs", tmp_path / "eiole")
    assert code == 0
    assert err == f"{tmp_path / 'eiole'}: the survey folder does not exist\n"
    assert out.splitlines()[0] == "retention: 0 rounds purged"
    assert len(_texts(db, a.id)) == 6  # nothing deleted without the survey
    assert "texts_delete_skipped" in [e.action for e in Store(db).audit_entries()]


# -- audit of import and export ------------------------------------------------------------------


def test_import_and_export_are_audited(capsys, tmp_path, small_defs, db):
    path = tmp_path / "v.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([
            SMALL_COLUMNS,
            ["r1", "kysely", "puupaja", "2025-03-01", "fi", "3", "", "8", "a", "x|y", "Kiitos"],
        ])
    assert main(["import", str(path), "--survey", "kysely", "--db", str(db),
                 "--defs", str(small_defs)]) == 0
    [entry] = Store(db).audit_entries()
    assert entry.actor.startswith("cli")
    assert (entry.action, entry.target, entry.detail) == ("import", "kysely",
                                                          "v.csv: 1 new, 0 present")
    assert main(["export", "--survey", "kysely", "--format", "excel-csv", "--unit", "puupaja",
                 "--out", str(tmp_path / "o.csv"), "--db", str(db),
                 "--defs", str(small_defs)]) == 0
    entry = Store(db).audit_entries()[0]
    assert entry.actor.startswith("cli")
    assert (entry.action, entry.target, entry.detail) == ("export", "kysely",
                                                          "excel-csv unit=puupaja")
    assert len(Store(db).audit_entries()) == 2


def test_refused_import_is_not_audited(capsys, tmp_path, small_defs, db):
    path = tmp_path / "v.csv"
    path.write_text("response_id,survey\nr1,kysely\n", encoding="utf-8")
    assert main(["import", str(path), "--survey", "kysely", "--db", str(db),
                 "--defs", str(small_defs)]) == 1
    assert Store(db).audit_entries() == []


def test_cli_actor_names_the_os_user(capsys, monkeypatch, stdin, db):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "ohjaaja")
    add(capsys, stdin, db, "matti")
    assert Store(db).audit_entries()[0].actor == "cli:ohjaaja"

    def no_user():
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", no_user)
    add(capsys, stdin, db, "liisa")
    assert Store(db).audit_entries()[0].actor == "cli"
