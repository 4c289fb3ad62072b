"""The store's running counts per block (tally tables, issue 10) always equal a count of
the stored answers, through every kind of write; free text is never copied into them;
the data version moves with every change; pooled connections are reused and never
outlive their file."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from _helpers import raw_rows

from raati.store import Answer, NewResponse, Store

pytestmark = pytest.mark.usefixtures("clean_env")

TEXTS = frozenset({"vapaa"})
MULTI = ["monta"]


def recount(store, survey: str, multi=(), texts=TEXTS) -> dict:
    """Store.block_counts as the answers themselves say (the queries it used before the
    tallies), read through a connection of its own."""
    period = "coalesce('r' || CAST(r.round_id AS TEXT), substr(r.date, 1, 7))"
    out: dict = {"respondents": {}, "counts": {}, "answered": {}, "dates": {}}
    for unit, per, first, last in raw_rows(
            store, f"SELECT coalesce(r.unit, ''), {period}, min(r.date), max(r.date)"
            " FROM responses r WHERE r.survey = ? GROUP BY 1, 2", [survey]):
        out["dates"][(unit, per)] = (first, last)
    for unit, per, lang, n in raw_rows(
            store, f"SELECT coalesce(r.unit, ''), {period}, r.lang, count(*) FROM responses r"
            " WHERE r.survey = ? GROUP BY 1, 2, 3", [survey]):
        out["respondents"][(unit, per, lang)] = n
    for unit, per, lang, question, value, n in raw_rows(
            store, f"SELECT coalesce(r.unit, ''), {period}, r.lang, a.question, a.value,"
            " count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
            " WHERE r.survey = ? AND a.kind = 'value' GROUP BY 1, 2, 3, 4, 5", [survey]):
        key = ((unit, per, lang), question, "" if question in texts else value)
        out["counts"][key] = out["counts"].get(key, 0) + n
    for unit, per, lang, question, n in raw_rows(
            store, f"SELECT coalesce(r.unit, ''), {period}, r.lang, a.question,"
            " count(DISTINCT a.response_id) FROM answers a"
            " JOIN responses r ON r.id = a.response_id WHERE r.survey = ?"
            " AND a.kind = 'value' GROUP BY 1, 2, 3, 4", [survey]):
        if question in multi:
            out["answered"][((unit, per, lang), question)] = n
    return out


def count_sql(store, unit=None, round_id=None) -> int:
    """How many responses of 'kysely' the responses table holds for these filters."""
    [(n,)] = raw_rows(
        store, "SELECT count(*) FROM responses WHERE survey = 'kysely'"
        " AND (CAST(? AS TEXT) IS NULL OR unit = ?)"
        " AND (CAST(? AS INTEGER) IS NULL OR round_id = ?)",
        [unit, unit, round_id, round_id])
    return n


def response(i: int, **kw) -> NewResponse:
    answers = [Answer("asteikko", "value", str(1 + i % 4)),
               Answer("asteikko", "comment", f"kommentti {i}")]
    answers += [Answer("monta", "value", o) for o in ("a", "b", "c")[: i % 3 + 1]]
    if i % 2:
        answers.append(Answer("vapaa", "value", f"salainen teksti {i}"))
    fields = dict(survey="kysely", date=f"2026-03-{1 + i % 28:02d}", lang=("fi", "sv")[i % 2],
                  answers=tuple(answers), unit=("puupaja", "kahvila")[i % 2],
                  text_questions=TEXTS)
    fields.update(kw)
    return NewResponse(**fields)


def test_tallies_follow_every_write(store):
    rnd = store.open_round("kysely", "puupaja", opens="2026-03-01")
    other = store.open_round("kysely", "kahvila", opens="2026-03-01")
    for i in range(30):
        store.submit_response(response(i, round_id=(rnd.id, other.id, None)[i % 3]))
    store.import_responses([response(i, id=f"imp-{i}", round_id=rnd.id if i % 2 else None)
                            for i in range(40)])
    store.import_responses([response(i, id=f"imp-{i}") for i in range(45)])  # 5 new
    store.submit_response(response(3, survey="muu"))
    assert store.block_counts("kysely", MULTI, TEXTS) == recount(store, "kysely", MULTI)
    assert store.block_counts("muu", MULTI, TEXTS) == recount(store, "muu", MULTI)

    for filters in ({}, {"unit": "puupaja"}, {"round_id": rnd.id},
                    {"unit": "kahvila", "round_id": other.id}, {"unit": "nowhere"}):
        assert store.count_responses("kysely", **filters) == count_sql(store, **filters)
    store.purge_round_texts(rnd.id, ["vapaa"], on="2026-04-01")
    assert store.block_counts("kysely", MULTI, TEXTS) == recount(store, "kysely", MULTI)
    store.delete_round(other.id)
    after = store.block_counts("kysely", MULTI, TEXTS)
    assert after == recount(store, "kysely", MULTI)
    assert not any(b[1] == f"r{other.id}" for b in after["respondents"])


def test_free_text_is_never_copied_into_the_tallies(store):
    for i in range(6):
        store.submit_response(response(i))
    store.import_responses([response(i, id=f"imp-{i}") for i in range(6)])
    Store.close_all()
    values = {v for (v,) in raw_rows(store, "SELECT value FROM tally_answers"
                                            " WHERE question = 'vapaa'")}
    every = " ".join(str(v) for row in raw_rows(store, "SELECT * FROM tally_answers")
                     for v in row)
    assert values == {""}
    assert "salainen" not in every and "kommentti" not in every


def test_a_database_from_before_the_tallies_is_counted_once(store):
    for i in range(12):
        store.submit_response(response(i))
    expected = recount(store, "kysely", MULTI)
    # As a database migrated from before the tallies: answers, but no running counts.
    Store.close_all()
    for table in ("tally_blocks", "tally_answers", "tally_surplus", "tally_surveys"):
        raw_rows(store, f"DELETE FROM {table}")
    assert store.block_counts("kysely", MULTI, TEXTS) == expected
    store.submit_response(response(99))  # and kept from then on
    assert store.block_counts("kysely", MULTI, TEXTS) == recount(store, "kysely", MULTI)


def test_tallies_under_concurrent_writers(store):
    path = store.target
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(n: int) -> None:
        store = Store(path)
        start.wait()
        for i in range(20):
            try:
                store.submit_response(response(n * 100 + i))
            except BaseException as exc:  # noqa: BLE001 - collected and reported
                errors.append(exc)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not errors
    counts = Store(path).block_counts("kysely", MULTI, TEXTS)
    assert sum(counts["respondents"].values()) == 160
    assert counts == recount(store, "kysely", MULTI)


def test_data_version_moves_with_every_change(store):
    seen = [store.data_version()]

    def moved() -> bool:
        seen.append(store.data_version())
        return seen[-1] > seen[-2]

    rnd = store.open_round("kysely", "puupaja", opens="2026-03-01")
    rid = store.submit_response(response(1, round_id=rnd.id))
    assert moved()
    store.import_responses([response(2, id="x-2", round_id=rnd.id)])
    assert moved()
    store.count_responses("kysely")
    store.block_counts("kysely", MULTI, TEXTS)
    assert not moved()  # reading changes nothing
    store.moderate(rid, "vapaa", "value", "approved", "teksti", "ohjaaja")
    assert not moved()  # decisions are read fresh, never cached
    store.purge_round_texts(rnd.id, ["vapaa"], on="2026-04-01")
    assert moved()
    store.delete_round(rnd.id)
    assert moved()
    assert Store(store.target).data_version() == seen[-1]  # in the database, for all


def test_connections_are_reused(tmp_path, monkeypatch):
    store = Store(tmp_path / "t.db")
    opened = []
    real = Store._connect

    def counting(self):
        opened.append(1)
        return real(self)

    monkeypatch.setattr(Store, "_connect", counting)
    for i in range(20):
        store.submit_response(response(i))
        store.count_responses("kysely")
    assert len(opened) <= 1


def test_a_replaced_file_gets_new_connections(tmp_path):
    path = tmp_path / "t.db"
    store = Store(path)
    store.submit_response(response(1))
    for name in ("t.db", "t.db-wal", "t.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    fresh = Store(path)  # same path, a new file: its schema, none of the old answers
    assert fresh.count_responses("kysely") == 0
    store.submit_response(response(2))
    assert fresh.count_responses("kysely") == 1


def test_a_submit_creates_its_unit_in_a_replaced_file_too(tmp_path):
    # The store remembers units it has seen per file, to skip inserting them again; a
    # new file at the same path must not inherit that memory.
    path = tmp_path / "t.db"
    Store(path).submit_response(response(1))  # unit kahvila
    for name in ("t.db", "t.db-wal", "t.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    fresh = Store(path)
    fresh.submit_response(response(3))  # kahvila again, in the new file
    assert [u.id for u in fresh.units()] == ["kahvila"]


def test_indexes_match_the_queries(tmp_path):
    store = Store(tmp_path / "t.db")
    conn = sqlite3.connect(str(store.path))
    try:
        names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master"
                                            " WHERE type = 'index'")}
        plan = " ".join(str(r) for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT round_id, count(*) FROM responses"
            " WHERE round_id IS NOT NULL GROUP BY round_id"))
    finally:
        conn.close()
    assert "answers_question" not in names  # used by no query; doubled every insert
    assert "responses_round" in plan


def test_a_new_database_never_recounts(store, monkeypatch):
    for i in range(8):
        store.submit_response(response(i))
    store.import_responses([response(i, id=f"imp-{i}") for i in range(8)])

    def recounting(*args, **kwargs):
        raise AssertionError("a database with tallies from its start needs no recount")

    monkeypatch.setattr(Store, "_rebuild_tallies", recounting)
    assert store.block_counts("kysely", MULTI, TEXTS) == recount(store, "kysely", MULTI)
