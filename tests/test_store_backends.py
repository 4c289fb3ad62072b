"""The store on both backends (issue 16): the database setting, the placeholder
translation, the schema being the same on SQLite and PostgreSQL, and the guarantees
that must hold across app processes (one writer at a time, the periodic jobs claimed
once, the panel dot limit)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from raati.store import Store, StoreError
from raati.store.backend import parse_target, pg_sql

REPO = Path(__file__).resolve().parent.parent
BOOKKEEPING = {"_sqlite_migrations", "raati_migrations", "sqlite_sequence"}


# -- the setting ---------------------------------------------------------------------------


def test_parse_target_kinds(tmp_path):
    assert parse_target("data/raati.db").path == Path("data/raati.db")
    assert parse_target(tmp_path / "x.db").kind == "sqlite"
    assert parse_target("sqlite:///data/x.db").path == Path("data/x.db")
    assert parse_target("sqlite:////abs/x.db").path == Path("/abs/x.db")
    pg = parse_target("postgresql://raati:s3cret@db.example:5432/raati")
    assert pg.is_postgres and pg.path is None
    assert pg.label == "postgresql://raati@db.example:5432/raati"
    assert parse_target("postgres://h/db").is_postgres
    libpq = parse_target("host=localhost dbname=raati user=u password=TopSecret")
    assert libpq.is_postgres and libpq.label == "postgresql://u@localhost/raati"
    # Wherever the password is written, the label never has it.
    for address in ("postgresql://walk@localhost/w?password=TopSecret",
                    "postgresql://walk:TopSecret@localhost/w?options=-csearch_path%3Dx",
                    "postgresql://walk:Top@Secret@localhost/w",
                    "postgresql://walk:TopSecret@localhost/w?sslmode=nonsense&&&"):
        label = parse_target(address).label
        assert "Secret" not in label and "TopSecret" not in label, label
    for bad in ("", "   ", "mysql://h/db", "https://example.com/x.db"):
        with pytest.raises(ValueError):
            parse_target(bad)


def test_config_db_path_keeps_a_postgres_address(monkeypatch):
    from raati import config

    monkeypatch.setenv("RAATI_DB", "postgresql://u:p@h:5432/db")
    assert config.db_path() == "postgresql://u:p@h:5432/db"  # not collapsed by Path()
    monkeypatch.setenv("RAATI_DB", "sqlite:///data/x.db")
    assert config.db_path() == Path("data/x.db")
    monkeypatch.setenv("RAATI_DB", "data/y.db")
    assert config.db_path() == Path("data/y.db")


def test_pg_sql_translates_placeholders_outside_quotes_only():
    assert pg_sql("SELECT a FROM t WHERE b = ? AND c IN (?, ?)") == \
        "SELECT a FROM t WHERE b = %s AND c IN (%s, %s)"
    assert pg_sql("SELECT '?', 'it''s ?', x FROM t WHERE y = ?") == \
        "SELECT '?', 'it''s ?', x FROM t WHERE y = %s"
    assert pg_sql("SELECT 5 % 2, '%' FROM t WHERE z LIKE ?") == \
        "SELECT 5 %% 2, '%%' FROM t WHERE z LIKE %s"


def test_cli_refuses_an_unreachable_postgres_without_printing_its_password(capsys):
    from raati.cli import main

    code = main(["round", "list", "--db", "postgresql://raati:TopSecret@127.0.0.1:1/none"])
    out = capsys.readouterr()
    assert code == 1
    assert "cannot use the PostgreSQL database" in out.err + out.out
    assert "TopSecret" not in out.err + out.out
    assert "Traceback" not in out.err + out.out


def test_cli_refuses_an_unknown_scheme(capsys):
    from raati.cli import main

    assert main(["round", "list", "--db", "mysql://h/db"]) == 1
    assert "PostgreSQL (postgresql://" in capsys.readouterr().err


# -- one schema on both ----------------------------------------------------------------------


def _pg_primary_keys(store: Store) -> dict[str, list[str]]:
    from _helpers import raw_rows

    rows = raw_rows(store, """
        SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu
          ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
        ORDER BY tc.table_name, kcu.ordinal_position""")
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _sqlite_primary_keys(store: Store) -> dict[str, list[str]]:
    import sqlite3

    conn = sqlite3.connect(str(store.path))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type ="
                                             " 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for table in tables:
            cols = sorted((r[5], r[1]) for r in conn.execute(f"PRAGMA table_info({table})")
                          if r[5])
            out[table] = [c for _, c in cols]
        return out
    finally:
        conn.close()


def test_same_tables_columns_and_keys_on_both(sqlite_store, pg_store):
    lite = {t: c for t, c in sqlite_store.table_columns().items() if t not in BOOKKEEPING}
    pg = {t: c for t, c in pg_store.table_columns().items() if t not in BOOKKEEPING}
    assert set(lite) == set(pg)
    for table in lite:
        assert lite[table] == pg[table], table  # same columns, same order
    lite_keys = {t: k for t, k in _sqlite_primary_keys(sqlite_store).items()
                 if t not in BOOKKEEPING}
    assert lite_keys == {t: k for t, k in _pg_primary_keys(pg_store).items()
                         if t not in BOOKKEEPING}


def test_user_names_ignore_case_on_both(store):
    store.add_user("Paula", "staff", None)
    assert store.user_by_name("paula").name == "Paula"
    with pytest.raises(StoreError):
        store.add_user("PAULA", "staff", None)


def test_pg_identity_ids_are_never_reused(pg_store):
    first = pg_store.open_round("kysely", "puupaja")
    pg_store.delete_round(first.id)
    assert pg_store.open_round("kysely", "puupaja").id == first.id + 1


# -- across processes ---------------------------------------------------------------------------


def test_periodic_jobs_are_claimed_once_per_interval_across_stores(store):
    """Eight "processes" (each its own Store on the same database) ask at once: one
    gets the run; the next interval, again one."""
    results: list[bool] = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def ask(now: float) -> None:
        own = Store(store.target)
        barrier.wait()
        got = own.claim_jobs(now, 600.0)
        with lock:
            results.append(got)

    for now in (1000.0, 1300.0, 1700.0):
        results.clear()
        threads = [threading.Thread(target=ask, args=(now,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        expected = 0 if now == 1300.0 else 1  # 1300 is inside the first claim's interval
        assert results.count(True) == expected, (now, results)
        assert len(results) == 8


_TAP = textwrap.dedent("""
    import sys
    from raati.panels import DotLimit
    from raati.store import Store
    store = Store(sys.argv[1])
    panel, device, ideas = int(sys.argv[2]), sys.argv[3], [int(x) for x in sys.argv[4:]]
    placed = 0
    for k in range(12):
        try:
            store.add_dot(panel, device, ideas[k % len(ideas)])
            placed += 1
        except DotLimit:
            pass
    print(placed)
""")


def test_dot_limit_holds_across_processes_on_postgres(pg_store):
    """Two app processes tapping for the same phone at once: the limit of 3 dots holds
    (the check and the write are one transaction under the writers' lock)."""
    from raati.panels import device_key

    panel = pg_store.open_panel("puupaja", "Raati", votes_per_person=3, max_per_idea=2,
                                new_unit=True)
    ideas = [pg_store.add_idea(panel.id, f"Idea {i}") for i in range(3)]
    pg_store.set_panel_phase(panel.id, "voting")
    dev = device_key("phone-1")
    procs = [subprocess.Popen([sys.executable, "-c", _TAP, pg_store.spec, str(panel.id), dev,
                               *[str(i.id) for i in ideas]], cwd=REPO, stdout=subprocess.PIPE,
                              text=True) for _ in range(3)]
    placed = [int(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(placed) == 3
    state = pg_store.device_state(panel.id, dev)
    assert state.dots_used() == 3 and max(state.dots.values()) <= 2
    assert sum(i.votes for i in pg_store.ideas(panel.id)) == 3


def test_pg_refuses_a_nul_character_as_bad_input(pg_store):
    """PostgreSQL text cannot hold U+0000: a staff text with one is refused like other
    bad input (StoreError, shown as a message), and nothing is stored."""
    from _helpers import db_fingerprint

    before = db_fingerprint(pg_store)
    with pytest.raises(StoreError, match="NUL"):
        pg_store.open_round("kysely", "puupaja", name="Kevät\x00")
    assert db_fingerprint(pg_store) == before


def test_pg_deleting_clients_rows_asks_for_a_compaction(pg_store):
    """PostgreSQL keeps deleted row versions in the table's file until it is rewritten:
    closing a panel session (its device keys go) or deleting a round asks for the
    compaction that rewrites them."""
    from raati.maintenance import compaction_due
    from raati.store import Answer, NewResponse

    panel = pg_store.open_panel("puupaja", "Raati", new_unit=True)
    assert pg_store.maintenance_state().get("compact_requested") is None
    pg_store.set_panel_phase(panel.id, "closed")
    assert pg_store.maintenance_state().get("compact_requested") == "1"
    pg_store.compact()
    assert pg_store.maintenance_state().get("compact_requested") is None
    rnd = pg_store.open_round("kysely", "puupaja")
    pg_store.submit_response(NewResponse("kysely", "2025-03-01", "fi",
                                         (Answer("q1", "value", "3"),), round_id=rnd.id))
    pg_store.delete_round(rnd.id)
    import datetime as dt

    assert compaction_due(pg_store.maintenance_state(), dt.date(2025, 3, 1))
    assert pg_store.maintenance_state().get("compact_requested") == "1"


def test_a_login_name_with_nul_fails_as_a_wrong_name_on_both(store):
    from raati import auth

    store.add_user("paula", "staff", auth.hash_password("pitkä salasana 123"))
    result = auth.authenticate(store, "pau\x00la", "pitkä salasana 123", "b", now=1.8e9)
    assert result.user is None and result.error == "login_failed"
    assert store.user_by_sso_subject("x\x00") is None


def test_pg_compaction_leaves_no_last_answer_in_the_running_counts(pg_store):
    """Each response also moves the running counts (tally tables) in its own transaction:
    before compaction the rows with the newest xmin tell what the last person answered;
    after it every table of clients' data has one xmin and lies in key order."""
    from _helpers import raw_rows

    from raati.store import Answer, NewResponse
    from raati.store.pg_schema import ORDER_SENSITIVE_TABLES

    rnd = pg_store.open_round("kysely", "puupaja")
    for value in ("4", "1", "3", "2"):  # written out of key order
        pg_store.submit_response(NewResponse("kysely", "2025-03-01", "fi",
                                             (Answer("q1", "value", value),),
                                             unit="puupaja", round_id=rnd.id))
    newest = raw_rows(pg_store, "SELECT value FROM tally_answers WHERE xmin::text ="
                      " (SELECT max(xmin::text::bigint)::text FROM tally_answers)")
    assert newest == [("2",)]  # the last person's answer, readable before compaction
    order = "SELECT value FROM tally_answers ORDER BY ctid"
    assert raw_rows(pg_store, order) != sorted(raw_rows(pg_store, order))
    pg_store.compact()
    tables = {"tally_blocks", "tally_answers", "tally_surplus", "published_blocks"}
    assert tables <= set(ORDER_SENSITIVE_TABLES)
    for table in tables | set(ORDER_SENSITIVE_TABLES):
        n = raw_rows(pg_store, f"SELECT count(DISTINCT xmin::text) FROM {table}")[0][0]
        assert n <= 1, table
    assert raw_rows(pg_store, order) == sorted(raw_rows(pg_store, order))


def test_cli_says_why_a_server_cannot_be_used(capsys):
    """The first line of libpq's message (host, port, cause), not its hint or caret."""
    from raati.cli import main

    assert main(["round", "list", "--db",
                 "postgresql://raati:x@127.0.0.1:1/none?connect_timeout=2"]) == 1
    err = capsys.readouterr().err
    assert 'connection to server at "127.0.0.1", port 1 failed: Connection refused' in err
    assert "\t" not in err and "Is the server running" not in err
