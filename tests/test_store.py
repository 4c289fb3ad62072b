"""The response store: a schema that cannot hold who answered, WAL, unguessable round
tokens, round validation, answers as rows, and many writers at once."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import string
import threading

import pytest
from _helpers import integrity_error, raw_rows

from raati.store import (
    TOKEN_ALPHABET,
    TOKEN_LENGTH,
    Answer,
    NewResponse,
    Round,
    Store,
    StoreError,
)

pytestmark = pytest.mark.usefixtures("clean_env")

FORBIDDEN = re.compile(r"(^|_)(ip|ua)($|_)|addr|agent|device|time|created|stamp|browser|host")


def _sql_of(store: Store, table: str) -> str:
    conn = sqlite3.connect(str(store.path))
    try:
        row = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
    finally:
        conn.close()
    assert row, table
    return row[0]


def _response(**kw) -> NewResponse:
    fields = dict(survey="kysely", date="2025-03-01", lang="fi",
                  answers=(Answer("q1", "value", "3"),))
    fields.update(kw)
    return NewResponse(**fields)


def _rows(store: Store, sql: str, params=()) -> list[tuple]:
    return raw_rows(store, sql, params)


# -- schema and privacy --------------------------------------------------------------------


def test_no_identifying_columns(store):
    cols = store.table_columns()
    assert set(cols["responses"]) == {
        "id", "survey", "survey_version", "round_id", "unit", "date", "lang"
    }
    assert set(cols["answers"]) == {"response_id", "question", "kind", "value"}
    for table in ("responses", "answers"):
        for col in cols[table]:
            assert not FORBIDDEN.search(col.lower()), f"{table}.{col}"
    # the day only: 'date' is the one column of a response about when
    when = [c for c in cols["responses"] if re.search(r"date|day|when|time", c)]
    assert when == ["date"]


def test_forbidden_pattern_catches_what_it_should():
    # the privacy check above is only worth something if its pattern bites
    for name in ("ip", "client_ip", "ip_address", "user_agent", "device", "created_at",
                 "timestamp", "time_of_day", "answered_time"):
        assert FORBIDDEN.search(name), name
    for name in ("response_id", "survey_version", "round_id", "unit", "date", "lang"):
        assert not FORBIDDEN.search(name), name


def test_date_column_refuses_a_time_of_day(store):
    with pytest.raises(integrity_error()):
        raw_rows(store, "INSERT INTO responses (id, survey, date)"
                 " VALUES ('x', 'kysely', '2025-03-01 12:30')")
    with pytest.raises(integrity_error()):
        raw_rows(store, "INSERT INTO responses (id, survey, date)"
                 " VALUES ('x', 'kysely', '2025-03-01T00')")
    raw_rows(store, "INSERT INTO responses (id, survey, date) VALUES ('y', 'kysely', '2025-03-01')")
    assert _rows(store, "SELECT id FROM responses") == [("y",)]


@pytest.mark.parametrize("table", ["responses", "answers"])
def test_without_rowid(sqlite_store, table):
    store = sqlite_store
    assert "WITHOUT ROWID" in _sql_of(store, table).upper()
    conn = sqlite3.connect(str(store.path))
    try:
        with pytest.raises(sqlite3.OperationalError):
            conn.execute(f"SELECT rowid FROM {table}")
    finally:
        conn.close()


def test_wal_mode(sqlite_store):
    store = sqlite_store
    conn = sqlite3.connect(str(store.path))
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_reopening_keeps_data(store):
    store.submit_response(_response(id="r1"))
    again = Store(store.target)
    assert again.count_responses("kysely") == 1


def test_submit_date_only(store):
    rid = store.submit_response(_response(date="2025-03-01"))
    assert _rows(store, "SELECT date FROM responses WHERE id = ?", [rid]) == [("2025-03-01",)]
    with pytest.raises(StoreError, match="date: '2025-02-30' is not a date YYYY-MM-DD"):
        store.submit_response(_response(date="2025-02-30"))
    with pytest.raises(StoreError):
        store.submit_response(_response(date="1.3.2025"))
    assert store.count_responses("kysely") == 1


# -- rounds --------------------------------------------------------------------------------


def test_round_tokens(store):
    tokens = [store.open_round("kysely", "puupaja").token for _ in range(150)]
    assert len(set(tokens)) == len(tokens)
    for t in tokens:
        assert len(t) == TOKEN_LENGTH == 12
        assert re.fullmatch(r"[A-Za-z0-9]{12}", t)
    assert set(TOKEN_ALPHABET) == set(string.ascii_letters + string.digits)
    # random over the whole alphabet, not a counter or a timestamp
    used = set("".join(tokens))
    assert len(used) >= 55
    assert len({t[:6] for t in tokens}) == len(tokens)
    assert any(c.isupper() for c in used) and any(c.isdigit() for c in used)


def test_round_by_token(store):
    r = store.open_round("kysely", "puupaja", name=" Kevät ", expected=12, closes="2099-01-01")
    assert store.round_by_token(r.token) == r
    assert r.name == "Kevät" and r.expected == 12 and r.closes == "2099-01-01"
    assert store.round_by_token("x" * 12) is None
    assert store.round_by_token("") is None
    assert store.round_by_token("x" * 65) is None
    assert store.round_by_token(None) is None
    assert store.round_by_id(r.id) == r
    assert store.round_by_id(999) is None


def test_round_status():
    r = Round(1, "t", "kysely", "puupaja", "", "2025-03-10", "2025-03-20", None)
    day = dt.date.fromisoformat
    assert r.status(day("2025-03-09")) == "not_yet_open"
    assert r.status(day("2025-03-10")) == "open"
    assert r.status(day("2025-03-20")) == "open"
    assert r.status(day("2025-03-21")) == "closed"
    endless = Round(2, "t2", "kysely", "puupaja", "", "2025-03-10", None, None)
    assert endless.status(day("2099-01-01")) == "open"
    assert endless.status(day("2025-03-09")) == "not_yet_open"


def test_round_status_defaults_to_today(store):
    from raati import config

    today = config.today()  # Finnish time: after 22:00 UTC it is already tomorrow
    r = store.open_round("kysely", "puupaja")
    assert r.opens == today.isoformat() and r.closes is None
    assert r.status() == "open"
    later = store.open_round("kysely", "puupaja", opens=(today + dt.timedelta(days=3)).isoformat())
    assert later.status() == "not_yet_open"


def test_open_round_creates_unit(store):
    assert store.units() == []
    store.open_round("kysely", "uusi-paja")
    assert [u.id for u in store.units()] == ["uusi-paja"]
    assert store.units()[0].name == "uusi-paja"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(unit="Puu Paja"), "unit: 'Puu Paja' must match [a-z0-9-]{1,40}"),
        (dict(unit=""), "unit: '' must match [a-z0-9-]{1,40}"),
        (dict(unit="a" * 41), f"unit: '{'a' * 41}' must match [a-z0-9-]{{1,40}}"),
        (dict(unit="puupaja", opens="2025-03-10", closes="2025-03-09"),
         "closes: 2025-03-09 is before the round opens (2025-03-10)"),
        (dict(unit="puupaja", opens="2025-02-30"), "opens: '2025-02-30' is not a date YYYY-MM-DD"),
        (dict(unit="puupaja", closes="huomenna"), "closes: 'huomenna' is not a date YYYY-MM-DD"),
        (dict(unit="puupaja", expected=0),
         "expected: the expected number of respondents must be 1 or more"),
        (dict(unit="puupaja", expected=-3),
         "expected: the expected number of respondents must be 1 or more"),
        (dict(unit="puupaja", expected=True),
         "expected: the expected number of respondents must be 1 or more"),
    ],
)
def test_open_round_refusals(store, kwargs, message):
    with pytest.raises(StoreError) as exc:
        store.open_round("kysely", **kwargs)
    assert str(exc.value) == message
    assert store.rounds() == [] and store.units() == []


def test_open_round_same_day_open_and_close_is_allowed(store):
    r = store.open_round("kysely", "puupaja", opens="2025-03-10", closes="2025-03-10", expected=1)
    assert (r.opens, r.closes, r.expected) == ("2025-03-10", "2025-03-10", 1)


def test_rounds_list_order_and_filter(store):
    a = store.open_round("kysely", "puupaja", opens="2025-01-01")
    b = store.open_round("kysely", "ompelimo", opens="2025-06-01")
    c = store.open_round("muu", "puupaja", opens="2025-06-01")
    d = store.open_round("kysely", "puupaja", opens="2025-03-01")
    assert [r.id for r in store.rounds()] == [c.id, b.id, d.id, a.id]
    assert [r.id for r in store.rounds("kysely")] == [b.id, d.id, a.id]
    assert store.rounds("eiole") == []


def test_close_round_open_since_earlier(store):
    r = store.open_round("kysely", "puupaja", opens="2025-03-01")
    store.close_round(r.id, on="2025-03-10")
    closed = store.round_by_id(r.id)
    assert closed.closes == "2025-03-09"
    assert closed.status(dt.date(2025, 3, 9)) == "open"
    assert closed.status(dt.date(2025, 3, 10)) == "closed"
    assert closed.status(dt.date(2026, 1, 1)) == "closed"


def test_close_round_default_today(store):
    today = dt.date.today()
    r = store.open_round("kysely", "puupaja", opens=(today - dt.timedelta(days=5)).isoformat())
    assert r.status() == "open"
    store.close_round(r.id)
    assert store.round_by_id(r.id).status() == "closed"


def test_close_round_opened_the_same_day(store):
    # Closing must close: a round opened today and closed today takes no more answers.
    r = store.open_round("kysely", "puupaja", opens="2025-03-10")
    store.close_round(r.id, on="2025-03-10")
    assert store.round_by_id(r.id).status(dt.date(2025, 3, 10)) == "closed"
    assert store.round_by_id(r.id).status(dt.date(2025, 3, 11)) == "closed"


def test_close_round_not_yet_open_never_opens(store):
    r = store.open_round("kysely", "puupaja", opens="2025-04-01")
    store.close_round(r.id, on="2025-03-10")
    closed = store.round_by_id(r.id)
    assert closed.status(dt.date(2025, 3, 9)) == "not_yet_open"
    for day in ("2025-03-10", "2025-03-31", "2025-04-01", "2025-04-02", "2026-01-01"):
        assert closed.status(dt.date.fromisoformat(day)) == "closed", day


def test_close_round_keeps_an_earlier_end(store):
    r = store.open_round("kysely", "puupaja", opens="2025-01-01", closes="2025-01-31")
    store.close_round(r.id, on="2025-06-01")
    assert store.round_by_id(r.id).closes == "2025-01-31"


def test_close_round_bad_date(store):
    r = store.open_round("kysely", "puupaja")
    with pytest.raises(StoreError):
        store.close_round(r.id, on="yesterday")


def test_round_response_counts(store):
    r1 = store.open_round("kysely", "puupaja")
    r2 = store.open_round("kysely", "ompelimo")
    for _ in range(3):
        store.submit_response(_response(round_id=r1.id, unit="puupaja"))
    store.submit_response(_response(round_id=r2.id, unit="ompelimo"))
    store.submit_response(_response())
    assert store.round_response_counts() == {r1.id: 3, r2.id: 1}
    assert store.count_responses("kysely", round_id=r1.id) == 3


# -- units -------------------------------------------------------------------------------


def test_units(store):
    u = store.ensure_unit("puupaja", "Puupaja")
    assert (u.id, u.name) == ("puupaja", "Puupaja")
    assert store.ensure_unit("puupaja", "Toinen nimi").name == "Puupaja"  # first use wins
    store.rename_unit("puupaja", "  Puutyöpaja ")
    assert [(x.id, x.name) for x in store.units()] == [("puupaja", "Puutyöpaja")]
    with pytest.raises(StoreError):
        store.ensure_unit("Puu paja")
    with pytest.raises(StoreError):
        store.rename_unit("puupaja", "   ")
    with pytest.raises(StoreError):
        store.rename_unit("puupaja", "x" * 101)
    with pytest.raises(StoreError, match="no unit 'eiole'"):
        store.rename_unit("eiole", "Nimi")


# -- responses -----------------------------------------------------------------------------


def test_submit_response_stores_answers(store):
    answers = (
        Answer("q1", "value", "3"),
        Answer("q1", "comment", "Hyvä ohjaaja"),
        Answer("q2", "value", "8"),
        Answer("q5", "value", "Kiitos"),
    )
    rid = store.submit_response(
        _response(answers=answers, unit="puupaja", lang="sv", survey_version="abc123")
    )
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    assert _rows(store, "SELECT id, survey, survey_version, unit, date, lang FROM responses") == [
        (rid, "kysely", "abc123", "puupaja", "2025-03-01", "sv")
    ]
    stored = _rows(store, "SELECT question, kind, value FROM answers WHERE response_id = ?"
                   " ORDER BY question, kind", [rid])
    assert stored == [("q1", "comment", "Hyvä ohjaaja"), ("q1", "value", "3"),
                      ("q2", "value", "8"), ("q5", "value", "Kiitos")]
    assert [u.id for u in store.units()] == ["puupaja"]
    got = list(store.responses_with_answers("kysely"))
    assert len(got) == 1 and got[0]["id"] == rid and set(got[0]["answers"]) == set(answers)


def test_submit_response_with_own_id_twice_is_refused(store):
    store.submit_response(_response(id="r1"))
    with pytest.raises(integrity_error()):
        store.submit_response(_response(id="r1", answers=(Answer("q2", "value", "9"),)))
    # the failed one left nothing behind
    assert _rows(store, "SELECT question FROM answers") == [("q1",)]


def test_multi_one_row_per_option(store):
    answers = (Answer("q4", "value", "x"), Answer("q4", "value", "y"))
    rid = store.submit_response(_response(answers=answers))
    assert _rows(store, "SELECT value FROM answers WHERE response_id = ? AND question = 'q4'"
                 " ORDER BY value", [rid]) == [("x",), ("y",)]
    store.submit_response(_response(answers=(Answer("q4", "value", "x"),)))
    assert store.answer_counts("kysely")["q4"] == {"x": 2, "y": 1}
    assert store.answered_counts("kysely")["q4"] == 2  # a response counts once


def test_counts_and_filters(store):
    store.submit_response(_response(unit="puupaja", date="2025-01-15",
                                    answers=(Answer("q1", "value", "1"),)))
    store.submit_response(_response(unit="puupaja", date="2025-02-15",
                                    answers=(Answer("q1", "value", "4"),
                                             Answer("q1", "comment", "x"))))
    store.submit_response(_response(unit="ompelimo", date="2025-03-15",
                                    answers=(Answer("q1", "value", "4"),)))
    store.submit_response(_response(survey="muu", date="2025-03-15"))
    assert store.count_responses("kysely") == 3
    assert store.count_responses("kysely", unit="puupaja") == 2
    assert store.count_responses("kysely", since="2025-02-01") == 2
    assert store.count_responses("kysely", until="2025-02-15") == 2
    assert store.count_responses("kysely", since="2025-02-01", until="2025-02-28") == 1
    assert store.answer_counts("kysely") == {"q1": {"1": 1, "4": 2}}  # comments not counted
    assert store.answer_counts("kysely", unit="ompelimo") == {"q1": {"4": 1}}
    assert store.answered_counts("kysely", unit="puupaja") == {"q1": 2}
    assert store.surveys_with_responses() == {"kysely": 3, "muu": 1}
    with pytest.raises(StoreError):
        store.count_responses("kysely", since="eilen")


def test_responses_not_in_answering_order(store):
    ids = [store.submit_response(_response(date="2025-03-01")) for _ in range(30)]
    listed = [r["id"] for r in store.responses_with_answers("kysely")]
    assert listed == sorted(ids)  # by date, then the random id


def test_existing_response_ids(store):
    store.submit_response(_response(id="a1"))
    store.submit_response(_response(id="b1", survey="muu"))
    many = [f"z{i}" for i in range(1200)] + ["a1", "b1"]
    assert store.existing_response_ids(many) == {"a1": "kysely", "b1": "muu"}
    assert store.existing_response_ids([]) == {}


def test_import_responses_skips_existing(store):
    rs = [_response(id=f"r{i}", unit="puupaja") for i in range(5)]
    assert store.import_responses(rs) == 5
    assert store.import_responses(rs + [_response(id="r9")]) == 1
    assert store.count_responses("kysely") == 6


def test_import_responses_all_or_nothing(store):
    rs = [_response(id="ok1"), _response(id="ok2"), _response(id="bad", date="2025-13-01")]
    with pytest.raises(StoreError):
        store.import_responses(rs)
    assert store.count_responses("kysely") == 0
    assert _rows(store, "SELECT count(*) FROM answers") == [(0,)]


def test_concurrent_submissions(tmp_path):
    path = tmp_path / "busy.db"
    Store(path)
    threads, per_thread = 8, 25
    errors: list[BaseException] = []
    ids: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        store = Store(path) if n % 2 else shared  # both shared and own Store instances
        start.wait()
        for i in range(per_thread):
            try:
                rid = store.submit_response(_response(
                    unit=f"paja-{n}",
                    answers=(Answer("q1", "value", str(1 + i % 4)),
                             Answer("q4", "value", "x"), Answer("q4", "value", "y")),
                ))
            except BaseException as exc:  # noqa: BLE001 - collected and reported
                with lock:
                    errors.append(exc)
            else:
                with lock:
                    ids.append(rid)

    shared = Store(path)
    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not errors, [str(e) for e in errors[:3]]
    total = threads * per_thread
    assert len(set(ids)) == total
    check = Store(path)
    assert check.count_responses("kysely") == total
    assert check.answered_counts("kysely") == {"q1": total, "q4": total}
    assert sum(check.answer_counts("kysely")["q1"].values()) == total
    assert len(check.units()) == threads


@pytest.mark.parametrize("value", ["20250301", "2025-W10-1", "2025-3-1", "2025-02-30", "", None])
def test_dates_must_be_exactly_yyyy_mm_dd(store, value):
    from raati.store import StoreError, parse_iso_date

    assert parse_iso_date(value) is None
    with pytest.raises(StoreError, match="is not a date YYYY-MM-DD"):
        store.open_round("kysely", "puupaja", opens=value or "x")
