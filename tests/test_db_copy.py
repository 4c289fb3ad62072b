"""Moving a database between SQLite and PostgreSQL (issue 16: "``raati db copy --from
SQLITE --to POSTGRES`` (and back), all-or-nothing, verified by counts and the summary of
every survey being equal before and after"), and ``raati db check``'s server settings.

Needs the test PostgreSQL server (RAATI_TEST_PG); the tests skip without one."""

from __future__ import annotations

import hashlib
import os

import pytest
from _helpers import (
    SHIPPED_DEFS,
    db_fingerprint,
    new_pg_store,
    raw_rows,
)

from raati import auth
from raati.cli import main
from raati.store import Answer, NewResponse, Store, StoreError, new_response_id
from raati.store import copy as copy_mod
from raati.store.copy import NEW_STORE_ROWS, copy_database, schema_tables
from raati.store.server_settings import (
    judge_privacy_settings,
    privacy_problems,
    read_privacy_settings,
)

# Every byte value, a NUL among them: what BLOB/BYTEA must carry unchanged.
PICTURE = bytes(range(256)) * 4 + b"\x00\xff\x00end"
# Floats whose shortest decimal form has 17 digits: a lossy copy changes them.
SESSION_TIMES = (1773650000.1234567, 0.1 + 0.2)
SURVEYS = ("asiakaskysely", "viikkofiilis", "palvelukahvila")
REAL_DIGEST = copy_mod.survey_digest


@pytest.fixture
def second_pg():
    """Another empty PostgreSQL schema (a store in it), dropped afterwards."""
    yield from new_pg_store()


@pytest.fixture
def source(demo_store) -> Store:
    """The demo content plus one row or more of the tables the demo leaves empty: an
    account with a session, device cookie and login failures (REAL columns), a stored
    picture (BLOB), a published survey using it, a setting, an audit entry, a theme
    mark, and a deleted action (so the action counter is above the largest id)."""
    s = demo_store
    user = auth.create_user(s, "anna", "admin", "pitka-salasana-123", ["puupaja"])
    s.create_session("a" * 64, user.id, SESSION_TIMES[0])
    s.add_device_cookie("b" * 64, user.id, SESSION_TIMES[1])
    raw_rows(s, "INSERT INTO login_failures (key, failures, locked_until) VALUES (?, ?, ?)",
             ["user:anna", 3, SESSION_TIMES[0] + 900])
    sha = s.put_picture(PICTURE, "image/png", licence="CC0", author="Testaaja",
                        alt={"fi": "Kuva"})
    s.publish_survey_version("oma", "id: oma\ntitle: Oma\n", {"pictures/p.png": sha},
                             today="2026-03-01")
    s.set_setting("base_url", "https://raati.example")
    s.audit("cli:test", "test", "kohde", "tieto")
    s.mark_theme("puupaja", "asiakaskysely", "tyopaikka", today="2026-03-02")
    newest = max(a.id for a in s.actions())
    s.delete_action(newest)
    return s


def all_rows(store: Store) -> dict[str, set[tuple]]:
    """Every table's rows (as sets of tuples), columns in sorted order."""
    out = {}
    for table, columns in schema_tables(store).items():
        cols = ", ".join(f'"{c}"' for c in sorted(columns))
        out[table] = {tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                      for row in raw_rows(store, f'SELECT {cols} FROM "{table}"')}
    return out


def summaries(store: Store) -> dict:
    """The contract §4 summary of each demo survey, and the block counts behind it."""
    from analysis.summary import summarize
    from raati.survey_catalog import find_survey

    out = {}
    for sid in SURVEYS:
        survey = find_survey(SHIPPED_DEFS, store, sid)
        multi = [q.id for q in survey.questions if q.type == "multi"]
        out[sid] = (summarize(store, survey, 5), store.block_counts(sid, multi),
                    store.answer_counts(sid), store.count_responses(sid))
    return out


def sqlite_action_counter(store: Store) -> int:
    return raw_rows(store, "SELECT seq FROM sqlite_sequence WHERE name = 'actions'")[0][0]


# -- the round trip ------------------------------------------------------------------------------


def test_sqlite_to_postgresql_and_back_keeps_every_row(source, pg_store, tmp_path):
    before = all_rows(source)
    counter = sqlite_action_counter(source)
    assert counter > max(r[0] for r in raw_rows(source, "SELECT id FROM actions"))

    there = copy_database(source, pg_store)
    back = Store(tmp_path / "back.db")
    again = copy_database(pg_store, back)

    assert all_rows(pg_store) == before
    assert all_rows(back) == before
    assert there.tables == again.tables == {t: len(rows) for t, rows in before.items()}
    assert there.rows == sum(len(rows) for rows in before.values()) > 1000
    assert there.surveys_verified == again.surveys_verified == len(SURVEYS)
    for store in (pg_store, back):
        assert store.picture(hashlib.sha256(PICTURE).hexdigest()).data == PICTURE
        assert {r[0] for r in raw_rows(store, "SELECT created_at FROM sessions")} == {
            SESSION_TIMES[0]}
    assert summaries(pg_store) == summaries(source) == summaries(back)
    assert pg_store.data_version() == source.data_version() == back.data_version()


def test_ids_continue_after_the_copy(source, pg_store, tmp_path):
    counter = sqlite_action_counter(source)
    top_round = raw_rows(source, "SELECT max(id) FROM rounds")[0][0]
    copy_database(source, pg_store)
    back = Store(tmp_path / "back.db")
    copy_database(pg_store, back)

    assert pg_store.open_round("asiakaskysely", "puupaja", name="Uusi").id == top_round + 1
    # The deleted action's id is not given again, on either engine.
    assert pg_store.add_action("puupaja", "sanoitte", "teimme").id == counter + 1
    assert sqlite_action_counter(back) == counter
    assert back.add_action("puupaja", "sanoitte", "teimme").id == counter + 1
    assert back.open_round("asiakaskysely", "puupaja", name="Uusi").id == top_round + 1
    user = auth.create_user(pg_store, "bertta", "staff", "pitka-salasana-456", ["puupaja"])
    assert user.id == max(r[0] for r in raw_rows(source, "SELECT id FROM users")) + 1


def test_postgresql_copy_is_in_key_order_not_in_the_order_of_answers(pg_store, second_pg):
    pg_store.ensure_unit("puupaja")
    for n in range(40):
        pg_store.submit_response(NewResponse(
            "kysely", "2026-03-01", "fi", (Answer("q1", "value", str(1 + n % 4)),),
            unit="puupaja", id=new_response_id()))
    by_arrival = [r[0] for r in raw_rows(pg_store, "SELECT id FROM responses ORDER BY ctid")]
    assert by_arrival != sorted(by_arrival)  # the source's physical order is the arrival

    copy_database(pg_store, second_pg)

    stored = [r[0] for r in raw_rows(second_pg, "SELECT id FROM responses ORDER BY ctid")]
    assert stored == sorted(by_arrival)
    answers = raw_rows(second_pg, "SELECT response_id FROM answers ORDER BY ctid")
    assert [r[0] for r in answers] == sorted(by_arrival)
    # One transaction wrote them all: no transaction id tells one row from another.
    assert raw_rows(second_pg, "SELECT count(DISTINCT xmin::text) FROM responses") == [(1,)]


def test_sqlite_to_new_sqlite_copies_too(source, tmp_path):
    dest = Store(tmp_path / "copy.db")
    result = copy_database(source, dest)
    assert all_rows(dest) == all_rows(source)
    assert result.surveys_verified == len(SURVEYS)


# -- refusals: nothing written --------------------------------------------------------------------


def test_refused_when_the_destination_has_data(source, pg_store, tmp_path):
    pg_store.ensure_unit("ompelimo")
    pg_before = db_fingerprint(pg_store)
    with pytest.raises(StoreError, match="table units has 1 rows"):
        copy_database(source, pg_store)
    assert db_fingerprint(pg_store) == pg_before

    dest = Store(tmp_path / "other.db")
    dest.audit("cli:test", "made", "", "")
    dest.close()
    sqlite_before = db_fingerprint(dest)
    with pytest.raises(StoreError, match="table audit_log has 1 rows"):
        copy_database(source, dest)
    dest.close()
    assert db_fingerprint(dest) == sqlite_before


def test_refused_when_the_schemas_differ(source, pg_store):
    raw_rows(pg_store, "ALTER TABLE settings ADD COLUMN extra TEXT")
    before = db_fingerprint(pg_store)
    with pytest.raises(StoreError, match=r"schema level.*table settings: columns only in"
                       r" the destination: extra"):
        copy_database(source, pg_store)
    assert db_fingerprint(pg_store) == before
    # Nothing but the one row every new database has (raati.store.copy.NEW_STORE_ROWS).
    assert all(not rows or rows == set(NEW_STORE_ROWS.get(table, ()))
               for table, rows in all_rows(pg_store).items())


def test_refused_to_copy_a_database_onto_itself(source):
    with pytest.raises(StoreError, match="same database"):
        copy_database(source, Store(source.path))


def _break_verification(monkeypatch, surveys: int) -> None:
    """Make the digests read from the destination (after the commit) of the next copy
    differ from the source's."""
    real = REAL_DIGEST
    calls = []

    def digest(db, survey):
        out = real(db, survey)
        calls.append(survey)
        if len(calls) > surveys:  # the source's were read first
            out["responses"] = {(-1,)}
        return out

    monkeypatch.setattr(copy_mod, "survey_digest", digest)


def test_a_summary_that_differs_after_the_commit_undoes_the_copy(source, pg_store,
                                                                   tmp_path, monkeypatch):
    fresh = db_fingerprint(pg_store)
    _break_verification(monkeypatch, len(SURVEYS))
    with pytest.raises(StoreError, match="survey asiakaskysely: its summary differs"):
        copy_database(source, pg_store)
    # Rows and identity sequences as they were.
    assert db_fingerprint(pg_store) == fresh

    dest = Store(tmp_path / "new.db")
    empty = all_rows(dest)
    _break_verification(monkeypatch, len(SURVEYS))
    with pytest.raises(StoreError, match="copy was undone"):
        copy_database(source, dest)
    assert all_rows(dest) == empty
    assert raw_rows(dest, "SELECT * FROM sqlite_sequence") == []


# -- the command line -------------------------------------------------------------------------------


def test_cli_copy_prints_counts_and_no_password(source, pg_store, tmp_path, capsys):
    url = pg_store.spec
    password = url.split("://", 1)[1].split("@", 1)[0].split(":", 1)[1]
    assert password
    source.close()
    expected_rows = sum(len(r) for r in all_rows(source).values())

    assert main(["db", "copy", "--from", str(source.path), "--to", url]) == 0
    out, err = capsys.readouterr()
    tables = len(schema_tables(source))
    assert f"copied {expected_rows} rows in {tables} tables; summaries equal for 3 surveys" in out
    assert "  responses " in out and "  survey_pictures " in out
    assert f":{password}@" not in out + err
    entry = pg_store.audit_entries(action="db_copy")[0]
    assert entry.target == str(source.path)
    assert f"{expected_rows} rows" in entry.detail

    # Again: the destination has data now; exit 1, nothing written.
    before = db_fingerprint(pg_store)
    assert main(["db", "copy", "--from", str(source.path), "--to", url]) == 1
    out, err = capsys.readouterr()
    assert "already has data" in err and out == ""
    assert f":{password}@" not in err
    assert db_fingerprint(pg_store) == before

    # And back, into a new file given as sqlite:///.
    back = tmp_path / "back.db"
    assert main(["db", "copy", "--from", url, "--to", f"sqlite:///{back}"]) == 0
    out, err = capsys.readouterr()
    assert f"copied {expected_rows + 1} rows" in out  # the audit entry of the first copy
    assert f":{password}@" not in out + err
    assert Store(back).audit_entries(action="db_copy")[0].target == pg_store.label


def test_cli_copy_refusals(source, tmp_path, capsys, monkeypatch):
    missing = tmp_path / "missing.db"
    assert main(["db", "copy", "--from", str(missing), "--to", str(tmp_path / "x.db")]) == 1
    assert f"--from {missing}: no database there" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()

    assert main(["db", "copy", "--from", str(source.path), "--to", str(source.path)]) == 1
    assert "the same database" in capsys.readouterr().err

    assert main(["db", "copy", "--from", str(source.path), "--to", "mysql://x/y"]) == 1
    assert capsys.readouterr().err.startswith("--to: database mysql://")

    # A copy undone after its commit leaves no new file behind.
    _break_verification(monkeypatch, len(SURVEYS))
    new = tmp_path / "new.db"
    assert main(["db", "copy", "--from", str(source.path), "--to", str(new)]) == 1
    assert "copy was undone" in capsys.readouterr().err
    assert not new.exists() and not (tmp_path / "new.db-wal").exists()


def test_cli_copy_from_an_unreachable_server_names_no_password(tmp_path, capsys):
    url = "postgresql://raati:salainen-sana@127.0.0.1:1/none?connect_timeout=2"
    assert main(["db", "copy", "--from", url, "--to", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--from postgresql://raati@127.0.0.1:1/none")
    assert "salainen-sana" not in err
    assert not (tmp_path / "x.db").exists()


# -- db check ---------------------------------------------------------------------------------------

GOOD = {"track_commit_timestamp": "off", "log_statement": "ddl",
        "log_min_duration_statement": "-1", "log_min_duration_sample": "-1",
        "log_transaction_sample_rate": "0"}


def test_server_settings_judged():
    assert judge_privacy_settings(GOOD) == []
    assert judge_privacy_settings({}) == []  # nothing known, nothing judged
    problems = judge_privacy_settings({**GOOD, "track_commit_timestamp": "on"})
    assert len(problems) == 1
    assert problems[0].startswith("track_commit_timestamp = on:")
    assert "set track_commit_timestamp = off" in problems[0]
    for value in ("mod", "all"):
        (line,) = judge_privacy_settings({**GOOD, "log_statement": value})
        assert line.startswith(f"log_statement = {value}:") and "'none'" in line
    assert judge_privacy_settings({**GOOD, "log_statement": "none"}) == []
    for value in ("0", "250"):
        (line,) = judge_privacy_settings({**GOOD, "log_min_duration_statement": value})
        assert "set log_min_duration_statement = -1" in line
    (line,) = judge_privacy_settings({**GOOD, "log_transaction_sample_rate": "0.01"})
    assert "log_transaction_sample_rate = 0" in line
    everything = judge_privacy_settings({
        "track_commit_timestamp": "on", "log_statement": "all",
        "log_min_duration_statement": "0", "log_min_duration_sample": "10",
        "log_transaction_sample_rate": "1"})
    assert len(everything) == 5


def test_server_settings_of_the_test_server(pg_store, sqlite_store, capsys):
    settings = read_privacy_settings(pg_store)
    assert set(settings) >= {"track_commit_timestamp", "log_statement",
                             "log_min_duration_statement"}
    problems = privacy_problems(pg_store)
    assert problems == judge_privacy_settings(settings)
    assert privacy_problems(sqlite_store) == [] and read_privacy_settings(sqlite_store) == {}

    code = main(["db", "check", "--db", pg_store.spec])
    out, err = capsys.readouterr()
    assert code == (1 if problems else 0)
    assert out.startswith(f"backend: postgresql ({pg_store.label})\n")
    assert f"schema: {len(schema_tables(pg_store))} tables, last migration m0" in out
    assert err.splitlines() == problems
    ok = [line for line in out.splitlines() if line.startswith("ok: ")]
    assert len(ok) + len(problems) == len(settings)
    password = os.environ.get("RAATI_TEST_PG", "").split("@")[0].rsplit(":", 1)[-1]
    if password and not password.startswith("//"):
        assert f":{password}@" not in out + err


def test_db_check_on_sqlite(sqlite_store, capsys):
    assert main(["db", "check", "--db", str(sqlite_store.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"backend: sqlite ({sqlite_store.path})\n")
    assert "ok: SQLite has no server settings" in out
