"""Moving a Raati database between SQLite and PostgreSQL (issue 16: "``raati db copy
--from SQLITE --to POSTGRES`` (and back), all-or-nothing, verified by counts and the
summary of every survey being equal before and after").

:func:`copy_database` copies every table of the schema from one store to another that
is empty, in one transaction on the destination, in key order (never in the source's
physical order: that would carry the order in which people answered into the new
database), and checks the result before and after its commit.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from raati.store import Store, StoreError
from raati.store.backend import PgDatabase, dialect

# Bookkeeping of the engines and of the migrations: each database keeps its own.
SKIPPED_TABLES = frozenset({"_sqlite_migrations", "raati_migrations", "sqlite_sequence"})
# The one row a new store has (m009 and the PostgreSQL baseline: "no responses yet,
# every survey's tallies are complete"); a destination holding only it is empty. It is replaced by the source's
# rows of tally_surveys.
NEW_STORE_ROWS = {"tally_surveys": [("*",)]}
READ_BATCH = 2000


@dataclass(frozen=True)
class CopyResult:
    """What copy_database copied: ``tables`` maps each table (in the order copied:
    parents before the tables that refer to them) to its number of rows;
    ``surveys_verified`` is how many surveys with responses had equal summaries in
    source and destination after the commit."""

    tables: dict[str, int] = field(default_factory=dict)
    surveys_verified: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def schema_tables(store: Store) -> dict[str, list[str]]:
    """The tables of the Raati schema in ``store`` and their columns (Store.table_columns
    without the engines' and the migrations' bookkeeping)."""
    return {t: cols for t, cols in store.table_columns().items()
            if t not in SKIPPED_TABLES and not t.startswith("sqlite_")}


def schema_level(store: Store) -> tuple[int, str]:
    """(number of schema tables, name of the last migration applied) of ``store``."""
    table = "raati_migrations" if store.is_postgres else "_sqlite_migrations"
    with store._read() as db:
        names = [r[0] for r in db.execute(f"SELECT name FROM {table}")]
    return len(schema_tables(store)), max(names, default="")


def schema_differences(source: dict[str, list[str]], dest: dict[str, list[str]]) -> list[str]:
    """How two schemas (schema_tables) differ, one line per table; empty if they have
    the same tables with the same column sets (the order of columns may differ)."""
    lines = []
    for table in sorted(set(source) | set(dest)):
        if table not in dest:
            lines.append(f"table {table}: only in the source")
        elif table not in source:
            lines.append(f"table {table}: only in the destination")
        elif set(source[table]) != set(dest[table]):
            only_s = sorted(set(source[table]) - set(dest[table]))
            only_d = sorted(set(dest[table]) - set(source[table]))
            parts = ([f"only in the source: {', '.join(only_s)}"] if only_s else []) + (
                [f"only in the destination: {', '.join(only_d)}"] if only_d else [])
            lines.append(f"table {table}: columns {'; '.join(parts)}")
    return lines


# -- the schema as each engine tells it -----------------------------------------------------


def _primary_keys(db, tables) -> dict[str, list[str]]:
    """Each table's primary-key columns in key order (empty for a table without one)."""
    out: dict[str, list[str]] = {}
    if dialect(db) == "postgresql":
        rows = db.execute(
            "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c"
            " JOIN information_schema.key_column_usage k ON k.constraint_name ="
            " c.constraint_name AND k.table_schema = c.table_schema AND k.table_name ="
            " c.table_name WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema ="
            " current_schema() ORDER BY k.table_name, k.ordinal_position").fetchall()
        for table, column in rows:
            out.setdefault(table, []).append(column)
        return {t: out.get(t, []) for t in tables}
    for table in tables:
        info = db.execute(f'PRAGMA table_info("{table}")').fetchall()
        out[table] = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
    return out


def _parents(db, tables) -> dict[str, set[str]]:
    """Each table's parent tables (those its foreign keys refer to), itself left out."""
    out: dict[str, set[str]] = {t: set() for t in tables}
    if dialect(db) == "postgresql":
        rows = db.execute(
            "SELECT a.relname, b.relname FROM pg_constraint c"
            " JOIN pg_class a ON a.oid = c.conrelid JOIN pg_class b ON b.oid = c.confrelid"
            " JOIN pg_namespace n ON n.oid = a.relnamespace"
            " WHERE c.contype = 'f' AND n.nspname = current_schema()").fetchall()
    else:
        rows = [(t, r[2]) for t in tables
                for r in db.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()]
    for child, parent in rows:
        if child in out and parent != child:
            out[child].add(parent)
    return out


def foreign_key_order(parents: dict[str, set[str]]) -> list[str]:
    """The tables with every parent before its children (ties by name); StoreError if
    the foreign keys go round in a circle."""
    order: list[str] = []
    left = {t: set(p) & set(parents) for t, p in parents.items()}
    while left:
        ready = sorted(t for t, p in left.items() if not p)
        if not ready:
            raise StoreError("the tables' foreign keys go round in a circle: "
                             + ", ".join(sorted(left)))
        for t in ready:
            order.append(t)
            del left[t]
        for p in left.values():
            p.difference_update(ready)
    return order


def _sequences(db) -> dict[str, tuple[str, str, int | None, bool]]:
    """The id counters: table -> (column, sequence, position, is_called). PostgreSQL:
    each identity column's sequence (its last_value and is_called); SQLite: the
    AUTOINCREMENT tables' sqlite_sequence entries (column and sequence '', position
    None when the table has none)."""
    out = {}
    if dialect(db) == "postgresql":
        for table, column in db.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE"
                " table_schema = current_schema() AND is_identity = 'YES'").fetchall():
            seq = db.execute("SELECT pg_get_serial_sequence(?, ?)", [table, column]
                             ).fetchone()[0]
            last, called = db.execute(f"SELECT last_value, is_called FROM {seq}").fetchone()
            out[table] = (column, seq, int(last), bool(called))
        return out
    auto = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                     " AND upper(sql) LIKE '%AUTOINCREMENT%'").fetchall()]
    seen = dict(db.execute("SELECT name, seq FROM sqlite_sequence").fetchall()) if auto else {}
    for table in auto:
        out[table] = ("", "", seen.get(table), True)
    return out


def _high_water(db, table: str, column: str, counter) -> int:
    """The highest id the table has given: its largest id, or its counter's position
    if that is higher (ids of deleted rows are never given again)."""
    top = db.execute(f'SELECT max("{column}") FROM "{table}"').fetchone()[0] or 0
    if counter is not None and counter[2] is not None and counter[3]:
        top = max(top, counter[2])
    return int(top)


# -- the source, read as one snapshot ---------------------------------------------------------


@contextlib.contextmanager
def _snapshot(store: Store) -> Iterator:
    """A read-only connection to ``store`` that sees one state of the database from its
    first read to the end (SQLite: a read transaction in WAL mode; PostgreSQL: a
    REPEATABLE READ, READ ONLY transaction)."""
    if store.is_postgres:
        with store._pool().pg.connection() as raw:
            raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            try:
                yield PgDatabase(raw)
            finally:
                raw.execute("ROLLBACK")
        return
    with store._read() as db:
        db.conn.execute("BEGIN")
        try:
            yield db
        finally:
            db.conn.rollback()


def _rows(db, table: str, columns: list[str], key: list[str]) -> Iterator[tuple]:
    """The table's rows in key order (all columns when it has no primary key), read in
    batches (a server-side cursor on PostgreSQL)."""
    cols = ", ".join(f'"{c}"' for c in columns)
    order = ", ".join(f'"{c}"' for c in (key or columns))
    sql = f'SELECT {cols} FROM "{table}" ORDER BY {order}'
    if dialect(db) == "postgresql":
        with db.conn.raw.cursor(name=f"raati_copy_{table}") as cur:
            cur.itersize = READ_BATCH
            cur.execute(sql)
            yield from (tuple(r) for r in cur)
        return
    cur = db.execute(sql)
    while batch := cur.fetchmany(READ_BATCH):
        yield from batch


def _write_rows(db, table: str, columns: list[str], rows: Iterator[tuple]) -> int:
    """Insert ``rows`` in the order given (COPY on PostgreSQL); returns how many."""
    cols = ", ".join(f'"{c}"' for c in columns)
    n = 0
    if dialect(db) == "postgresql":
        with db.conn.raw.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        return n
    sql = f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(columns))})'
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= READ_BATCH:
            db.conn.executemany(sql, batch)
            n += len(batch)
            batch = []
    if batch:
        db.conn.executemany(sql, batch)
        n += len(batch)
    return n


# -- what is compared --------------------------------------------------------------------------


def survey_digest(db, survey: str) -> dict[str, set]:
    """What a survey's summary is made of, read with ``db`` (a store's connection) and
    nothing written: its number of responses; how often each value and comment was
    given per question and kind, and how many responses answered each question; the
    responses per (unit, round, date, language); its running counts (tally_*), its
    published block states and its moderation decisions by status. The summary of
    contract §4 (analysis.summary.summarize) is a function of the survey's tallies and
    published states (with its definition and the minimum group), so equal digests
    mean equal summaries; summarize itself is not called here because it saves the
    published states it moves on (a write, also in the source)."""
    def rows(sql: str) -> set:
        return {tuple(r) for r in db.execute(sql, [survey]).fetchall()}

    return {
        "responses": rows("SELECT count(*) FROM responses WHERE survey = ?"),
        "values": rows(
            "SELECT a.question, a.kind, a.value, count(*) FROM answers a JOIN responses r"
            " ON r.id = a.response_id WHERE r.survey = ? GROUP BY a.question, a.kind,"
            " a.value"),
        "answered": rows(
            "SELECT a.question, count(DISTINCT a.response_id) FROM answers a JOIN responses"
            " r ON r.id = a.response_id WHERE r.survey = ? AND a.kind = 'value'"
            " GROUP BY a.question"),
        "blocks": rows(
            "SELECT coalesce(unit, ''), coalesce(CAST(round_id AS TEXT), ''), date, lang,"
            " count(*) FROM responses WHERE survey = ? GROUP BY unit, round_id, date, lang"),
        "tally_blocks": rows("SELECT unit, period, lang, n, first_date, last_date FROM"
                             " tally_blocks WHERE survey = ?"),
        "tally_answers": rows("SELECT unit, period, lang, question, value, n FROM"
                              " tally_answers WHERE survey = ?"),
        "tally_surplus": rows("SELECT unit, period, lang, question, n FROM tally_surplus"
                              " WHERE survey = ?"),
        "tally_complete": rows("SELECT survey FROM tally_surveys WHERE survey IN (?, '*')"),
        "published": rows("SELECT unit, period, item, n, data FROM published_blocks"
                          " WHERE survey = ?"),
        "moderation": rows(
            "SELECT m.question, m.kind, m.status, count(*) FROM moderation m JOIN responses"
            " r ON r.id = m.response_id WHERE r.survey = ? GROUP BY m.question, m.kind,"
            " m.status"),
    }


def _surveys(db) -> list[str]:
    return sorted(r[0] for r in db.execute("SELECT DISTINCT survey FROM responses").fetchall())


def _first_data(db, tables) -> tuple[str, int] | None:
    """The first table (by name) with rows a new store does not have, and how many."""
    for table in sorted(tables):
        n = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        allowed = NEW_STORE_ROWS.get(table)
        if n and allowed is not None:
            have = {tuple(r) for r in db.execute(f'SELECT * FROM "{table}"').fetchall()}
            if have <= set(allowed):
                continue
        if n:
            return table, n
    return None


# -- the copy -------------------------------------------------------------------------------


def copy_database(source: Store, dest: Store) -> CopyResult:
    """Copy every table of the Raati schema from ``source`` to ``dest`` (SQLite or
    PostgreSQL, either way; the migrations' bookkeeping tables stay each database's own).

    - ``dest`` must hold no data (an empty schema, as a new Store makes, is fine) and
      both must be at the same schema level (the same tables with the same columns);
      otherwise StoreError naming the first table with rows and how many, or the
      tables that differ, and nothing is written.
    - One transaction on ``dest`` (Store._write: BEGIN IMMEDIATE on SQLite, the
      writers' advisory lock on PostgreSQL), parents before children; the source is
      read as one snapshot. Each table's rows are read ORDER BY its primary key, never
      in the source's physical order, so the new database does not carry the order in
      which people answered (on PostgreSQL every row also gets the same xmin).
    - Values are copied as they are: BLOB/BYTEA byte for byte, REAL/DOUBLE exactly,
      the maintenance counters (data_version, survey_revision) with the rows.
    - Id counters move past every id the source has given: PostgreSQL identity
      sequences are set to the largest id (or the source counter, if higher); SQLite's
      AUTOINCREMENT ``actions`` gets its sqlite_sequence entry (m014: an action id is
      never given twice).
    - Before the commit each table's row count must equal the source's; after it, the
      summary of every survey with responses (survey_digest) read from the source
      snapshot and from ``dest`` must be equal. If not, every copied row is deleted and
      the counters set back (all-or-nothing) and StoreError names the survey.

    Copy a database no one writes to (stop the app): a source changing during the copy
    is not in the copy beyond its snapshot. Returns a CopyResult. Raises StoreError as
    above, or for a row the destination refuses (e.g. text with a NUL character into
    PostgreSQL), naming the table. Source: issue 16."""
    started = time.perf_counter()
    if source.key == dest.key:
        raise StoreError("the source and the destination are the same database")
    tables = schema_tables(source)
    diff = schema_differences(tables, schema_tables(dest))
    if diff:
        raise StoreError("the source and the destination are not at the same schema level"
                         " (open both with the same version of Raati; nothing was written): "
                         + "; ".join(diff))
    copied: dict[str, int] = {}
    source_digests: dict[str, dict] = {}
    with _snapshot(source) as src:
        keys = _primary_keys(src, tables)
        src_counters = _sequences(src)
        with dest._write() as dst:
            order = foreign_key_order(_parents(dst, tables))
            found = _first_data(dst, tables)
            if found:
                raise StoreError(f"the destination already has data: table {found[0]} has"
                                 f" {found[1]} rows; copy only into an empty database"
                                 " (nothing was written)")
            before_counters = _sequences(dst)
            new_rows = {t: [tuple(r) for r in dst.execute(f'SELECT * FROM "{t}"').fetchall()]
                        for t in NEW_STORE_ROWS}
            for table in NEW_STORE_ROWS:
                dst.execute(f'DELETE FROM "{table}"')
            for table in order:
                columns = tables[table]
                try:
                    copied[table] = _write_rows(dst, table, columns,
                                                _rows(src, table, columns, keys[table]))
                except StoreError:
                    raise
                except Exception as exc:
                    raise StoreError(f"table {table}: the destination refused a row"
                                     f" ({_reason(exc)}); nothing was written") from None
            for table in order:
                want = src.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                have = dst.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                if not want == have == copied[table]:
                    raise StoreError(f"table {table}: {want} rows in the source, {have} in"
                                     " the destination; nothing was written")
            _move_counters(dst, src, before_counters, src_counters)
            surveys = _surveys(src)
            for survey in surveys:
                source_digests[survey] = survey_digest(src, survey)
    with dest._read() as db:
        differs = next((s for s in surveys if survey_digest(db, s) != source_digests[s]), None)
    if differs is not None:
        _undo(dest, order, before_counters, new_rows)
        raise StoreError(f"survey {differs}: its summary differs between the source and the"
                         " copy; the copy was undone (the destination is empty again)")
    return CopyResult({t: copied[t] for t in order}, len(surveys),
                      round(time.perf_counter() - started, 3))


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _move_counters(dst, src, before: dict, src_counters: dict) -> None:
    """Move the destination's id counters past every id copied (and past the source's
    own counter positions)."""
    for table, counter in before.items():
        column = counter[0] or "id"
        top = max(_high_water(dst, table, column, None),
                  _high_water(src, table, column, src_counters.get(table)))
        if not top:
            continue
        if dialect(dst) == "postgresql":
            dst.execute("SELECT setval(?, ?)", [counter[1], top])
        else:
            dst.execute("DELETE FROM sqlite_sequence WHERE name = ?", [table])
            dst.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", [table, top])


def _undo(dest: Store, order: list[str], before: dict,
          new_rows: dict[str, list[tuple]]) -> None:
    """Delete every row copied (children first) and set the id counters back as they
    were; the rows of a new store (NEW_STORE_ROWS) it had come back too."""
    with dest._write() as db:
        for table in reversed(order):
            db.execute(f'DELETE FROM "{table}"')
        for table, rows in new_rows.items():
            for row in rows:
                db.execute(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(row))})',
                           list(row))
        if dest.is_postgres:
            for _column, seq, last, called in before.values():
                db.execute("SELECT setval(?, ?, ?)", [seq, last, called])
        else:
            db.execute("DELETE FROM sqlite_sequence")
            for table, (_c, _s, last, _called) in before.items():
                if last is not None:
                    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                               [table, last])
