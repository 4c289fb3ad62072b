"""The order in which people answered must not survive in the database files.

SQLite puts each new cell of a page below the older ones, and the WAL appends one image
of a page per commit: read raw, both give away who answered before whom on the same
day. These tests read the files byte by byte, as an attacker with a copy of them would,
and measure how well the byte positions of response ids predict the order of writing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import struct
import time
from pathlib import Path

from _helpers import raw_rows

from raati.maintenance import compaction_due, run_maintenance
from raati.store import Answer, NewResponse, Store


def _pages(path: Path) -> list[bytes]:
    data = path.read_bytes()
    size = struct.unpack(">H", data[16:18])[0]
    size = 65536 if size == 1 else size
    return [data[i:i + size] for i in range(0, len(data), size)]


def _wal_pages(path: Path) -> list[bytes]:
    if not path.exists() or path.stat().st_size < 32:
        return []
    data = path.read_bytes()
    size = struct.unpack(">I", data[8:12])[0]
    frames = []
    for at in range(32, len(data) - 24 - size + 1, 24 + size):
        frames.append(data[at + 24:at + 24 + size])
    return frames


def order_signal(pages: list[bytes], order: list[str], day: dict[str, int]) -> tuple[float, int]:
    """Of pairs of same-day responses whose ids lie on the same page, the share in which
    the one written later lies at a lower byte offset (SQLite's cell placement): about
    0.5 when the layout says nothing about the order, near 1 when it gives it away.
    Returns (share, pairs)."""
    rank = {rid.encode(): i for i, rid in enumerate(order)}
    agree = pairs = 0
    for page in pages:
        found = []
        for rid, i in rank.items():
            at = page.find(rid)
            if at >= 0:
                found.append((at, i))
        for (a_at, a_i), (b_at, b_i) in itertools.combinations(found, 2):
            if day[order[a_i]] != day[order[b_i]]:
                continue
            pairs += 1
            agree += (a_i < b_i) == (a_at > b_at)
    return (agree / pairs if pairs else 0.5), pairs


def signal_by_tree(path: Path, order: list[str], day: dict[str, int]) -> dict:
    """order_signal for the leaf pages of each table and index (SQLite's dbstat)."""
    pages = _pages(path)
    trees: dict[str, list[bytes]] = {}
    with sqlite3.connect(path) as conn:
        for name, pageno in conn.execute("SELECT name, pageno FROM dbstat"
                                         " WHERE pagetype = 'leaf'"):
            trees.setdefault(name, []).append(pages[pageno - 1])
    return {name: order_signal(p, order, day) for name, p in trees.items()}


def _wal_order_signal(frames: list[bytes], order: list[str]) -> tuple[float, int]:
    """Of pairs of ids, the share whose first appearance in the WAL's frames follows
    the order of writing (the WAL appends commits in order)."""
    first: dict[int, int] = {}
    for k, frame in enumerate(frames):
        for i, rid in enumerate(order):
            if i not in first and rid.encode() in frame:
                first[i] = k
    pairs = agree = 0
    for (_, ka), (_, kb) in itertools.combinations(sorted(first.items()), 2):
        if ka != kb:
            pairs += 1
            agree += ka < kb
    return (agree / pairs if pairs else 0.5), pairs


def _fill(store: Store, days: int = 40, per_day: int = 6) -> tuple[list[str], dict[str, int]]:
    """A kiosk's answers: ``per_day`` people a day for ``days`` days, one after another.
    Returns the ids in the order written and each id's day."""
    store.ensure_unit("puupaja")
    order, day = [], {}
    for d in range(days):
        date = (dt.date(2026, 1, 5) + dt.timedelta(days=d)).isoformat()
        for i in range(per_day):
            rid = store.submit_response(NewResponse(
                survey="s", date=date, lang="fi", unit="puupaja",
                answers=(Answer("q1", "value", str(1 + i % 4)),
                         Answer("q2", "value", str(1 + (i * 7) % 4)),
                         Answer("q3", "comment", f"teksti numero {i}"))))
            order.append(rid)
            day[rid] = d
    return order, day


def test_the_layout_gives_the_order_away_before_compaction(sqlite_store):
    """The attack works on a file as written (this is what the compaction must undo,
    and it shows that the measure can fail)."""
    store = sqlite_store
    reader = sqlite3.connect(store.path)  # an open connection keeps the WAL file
    try:
        reader.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        order, day = _fill(store)
        wal_share, wal_pairs = _wal_order_signal(_wal_pages(Path(f"{store.path}-wal")), order)
        assert wal_pairs > 100 and wal_share > 0.8
        reader.execute("PRAGMA wal_checkpoint(PASSIVE)")
        signals = signal_by_tree(store.path, order, day)
        share, pairs = signals["responses_survey_date"]
        assert pairs > 300 and share > 0.7, signals
    finally:
        reader.close()


def test_compaction_erases_the_order_from_file_and_wal(sqlite_store):
    store = sqlite_store
    order, day = _fill(store)
    result = store.compact("2026-03-04")
    wal = Path(f"{store.path}-wal")
    assert result["wal_bytes"] == 0
    assert not wal.exists() or wal.stat().st_size == 0
    signals = signal_by_tree(store.path, order, day)
    share, pairs = signals["responses_survey_date"]
    assert pairs > 300 and 0.4 < share < 0.6, signals
    agree = sum(s * n for s, n in signals.values())
    pairs = sum(n for _, n in signals.values())
    # (How many same-day pairs share a page depends on the random ids: about 950–1150
    # here; 600 pairs still put 0.42–0.58 four standard deviations from 0.5.)
    assert pairs > 600 and 0.42 < agree / pairs < 0.58, signals
    # And nothing of the answers was lost.
    assert store.count_responses("s") == len(order)
    assert store.maintenance_state()["writes_since_compact"] == "0"


def test_compaction_is_due_daily_and_when_a_round_closes(store):
    import datetime as dt

    day = dt.date(2026, 3, 4)
    assert not compaction_due(store.maintenance_state(), day)  # nothing written yet
    _fill(store, 3)
    assert compaction_due(store.maintenance_state(), day)
    store.compact(day.isoformat())
    assert not compaction_due(store.maintenance_state(), day)
    _fill(store, 2)  # later the same day: compacted on the next day at the latest
    assert not compaction_due(store.maintenance_state(), day)
    assert compaction_due(store.maintenance_state(), day + dt.timedelta(days=1))
    store.request_compaction()  # a round was closed: now
    assert compaction_due(store.maintenance_state(), day)
    run = run_maintenance(store, {}, day)
    assert run.compaction is not None
    assert not compaction_due(store.maintenance_state(), day)
    assert any(e.action == "db_compact" for e in store.audit_entries())


def test_deleted_text_is_overwritten_not_left_in_free_space(sqlite_store):
    """secure_delete is set by Raati, not left to how SQLite was built."""
    store = sqlite_store
    r = store.open_round("s", "puupaja", opens="2026-03-01")
    store.submit_response(NewResponse(survey="s", date="2026-03-04", lang="fi", unit="puupaja",
                                      round_id=r.id, answers=(Answer("t", "value",
                                                                     "salainen-teksti-123"),)))
    # Checkpoint so the text is in the main file, then purge it.
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"salainen-teksti-123" in store.path.read_bytes()
    store.purge_round_texts(r.id, ["t"], "2026-03-05")
    with sqlite3.connect(store.path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"salainen-teksti-123" not in store.path.read_bytes()
    wal = Path(f"{store.path}-wal")
    assert not wal.exists() or b"salainen-teksti-123" not in wal.read_bytes()
    with store._read() as db:
        assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_cli_db_compact_and_round_close(tmp_path, capsys):
    from raati.cli import main

    db = tmp_path / "raati.db"
    store = Store(db)
    order, day = _fill(store, 20, 6)
    assert main(["db", "compact", "--db", str(db)]) == 0
    assert "compacted" in capsys.readouterr().out
    share, pairs = signal_by_tree(db, order, day)["responses_survey_date"]
    assert pairs > 100 and 0.35 < share < 0.65
    r = store.open_round("s", "puupaja", opens="2026-03-01")
    assert main(["round", "close", "--round", str(r.id), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "closed" in out and "compacted" in out
    assert store.round_by_id(r.id).status() == "closed"
    assert store.maintenance_state().get("compact_requested") is None


def test_the_app_thread_compacts_and_applies_retention(tmp_path, shipped_defs):
    """The app's background thread runs maintenance at once, then waits to be woken
    (as when a round is closed)."""
    from raati.maintenance import request_compaction, start_thread

    store = Store(tmp_path / "raati.db")
    _fill(store, 2, 3)
    thread = start_thread(str(store.path), str(shipped_defs))
    deadline = time.monotonic() + 30
    while store.maintenance_state().get("writes_since_compact") != "0":
        assert time.monotonic() < deadline, "the first run did not compact"
        time.sleep(0.05)
    _fill(store, 1, 2)
    request_compaction(store)  # wakes the thread
    while store.maintenance_state().get("compact_requested") == "1":
        assert time.monotonic() < deadline, "a closed round's compaction did not run"
        time.sleep(0.05)
    assert thread.is_alive()


# -- PostgreSQL: the physical order of the rows (ctid) and their transaction ids (xmin) ---
# A copy of the server's data files (or a superuser's SELECT ctid, xmin) shows where each
# row lies and which transaction wrote it: both follow the order of writing until
# Store.compact gives every row of the order-sensitive tables one new version in a
# single transaction and rewrites each table in primary-key order (CLUSTER).


def _pg_layout(store: Store, table: str, key: str) -> tuple[list, list, int]:
    """(the rows' keys in physical order, the keys in primary-key order, how many
    distinct transaction ids wrote the rows)."""
    physical = raw_rows(store, f"SELECT {key} FROM {table} ORDER BY ctid")
    by_key = raw_rows(store, f"SELECT {key} FROM {table} ORDER BY {key}")
    [(xmins,)] = raw_rows(store, f"SELECT count(DISTINCT xmin::text) FROM {table}")
    return physical, by_key, xmins


def _in_order(physical: list, written: list) -> float:
    """The share of pairs of ``written`` (keys in the order written) that lie in that
    order physically, taking each key's first row (0.5: no signal; 1.0: the order
    itself). Not an exact match: each pooled connection fills a page of its own choice,
    so a short row may land in a page before a longer one written earlier."""
    place: dict = {}
    for n, k in enumerate(physical):
        place.setdefault(k, n)
    ranks = [place[k] for k in written]
    pairs = list(itertools.combinations(ranks, 2))
    return sum(a < b for a, b in pairs) / len(pairs)


ANSWER_KEY = "response_id, question, kind, value"


def test_pg_compaction_puts_responses_and_answers_in_key_order(pg_store):
    store = pg_store
    order, _ = _fill(store, 10, 4)
    for table, key in (("responses", "id"), ("answers", ANSWER_KEY)):
        physical, by_key, xmins = _pg_layout(store, table, key)
        # As written: the physical order is the order of answering, one transaction each.
        assert _in_order([r[0] for r in physical], order) > 0.9, table
        assert physical != by_key, table
        assert xmins == len(order), table
    store.compact("2026-03-04")
    seen_xmins = set()
    for table, key in (("responses", "id"), ("answers", ANSWER_KEY)):
        physical, by_key, xmins = _pg_layout(store, table, key)
        assert physical == by_key, table
        assert xmins == 1, table
        seen_xmins |= {x for (x,) in raw_rows(store, f"SELECT DISTINCT xmin::text FROM {table}")}
    assert len(seen_xmins) == 1  # the same one transaction for both tables
    assert store.count_responses("s") == len(order)
    assert len(raw_rows(store, "SELECT 1 FROM answers")) == 3 * len(order)


def test_pg_compaction_puts_panel_ideas_and_votes_in_key_order(pg_store):
    from raati.panels import device_key, new_device_token

    store = pg_store
    store.ensure_unit("puupaja")
    panel = store.open_panel("puupaja", "Mitä muutetaan?", moderation="post",
                             votes_per_person=1, max_per_idea=1, today="2027-03-04")
    phones = [device_key(new_device_token()) for _ in range(16)]
    ideas = []
    for n, phone in enumerate(phones):
        store.join_panel(panel.id, phone)
        ideas.append(store.add_idea(panel.id, f"Idea numero {n}", phone).id)
    physical, by_key, xmins = _pg_layout(store, "panel_ideas", "id")
    assert _in_order([r[0] for r in physical], ideas) > 0.9  # the order of writing
    assert physical != by_key and xmins == len(ideas)
    authors, author_keys, _ = _pg_layout(store, "panel_idea_authors", "idea_id")
    assert _in_order([r[0] for r in authors], ideas) > 0.9 and authors != author_keys
    store.set_panel_phase(panel.id, "voting")
    voted = [ideas[(5 * n) % len(ideas)] for n in range(len(phones))]
    for phone, idea in zip(phones, voted, strict=True):
        store.add_dot(panel.id, phone, idea)
    vote_key = "panel_id, device, idea_id"
    physical, by_key, xmins = _pg_layout(store, "panel_votes", vote_key)
    assert _in_order([r[2] for r in physical], voted) > 0.9  # the order of the dots
    assert physical != by_key and xmins == len(voted)
    physical, by_key, xmins = _pg_layout(store, "panel_ideas", "id")
    # each dot wrote its idea's tally again, at the end of the table
    assert _in_order([r[0] for r in physical], voted) > 0.9
    assert physical != by_key and xmins > 1

    store.compact("2027-03-04")
    seen_xmins = set()
    for table, key in (("panel_ideas", "id"), ("panel_votes", vote_key),
                       ("panel_devices", "panel_id, device"),
                       ("panel_idea_authors", "idea_id")):
        physical, by_key, xmins = _pg_layout(store, table, key)
        assert physical == by_key, table
        assert xmins == 1, table
        seen_xmins |= {x for (x,) in raw_rows(store, f"SELECT DISTINCT xmin::text FROM {table}")}
    assert len(seen_xmins) == 1
    assert {i.id: i.votes for i in store.ideas(panel.id)} == dict.fromkeys(ideas, 1)
