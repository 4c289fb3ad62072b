"""Where a Raati database lives: an embedded SQLite file (the default) or a PostgreSQL
server (issue 16), chosen by one setting.

``RAATI_DB`` / ``--db`` takes a file path or ``sqlite:///path`` (SQLite through
sqlite-utils) or a ``postgresql://user:password@host:port/name`` address (PostgreSQL
through psycopg 3 and its connection pool). The store (raati.store.Store) writes one SQL
that both engines run: ``ON CONFLICT … DO UPDATE/NOTHING`` and ``RETURNING`` (SQLite
3.35+), ``coalesce``, ``CASE``; the only translation here is the placeholder: the store
writes ``?`` (sqlite3's style) and psycopg takes ``%s`` (:func:`pg_sql`).

Why psycopg 3 and not SQLAlchemy Core: the store is some 300 hand-written statements
that already run on both engines once the placeholder is changed; SQLAlchemy would
mean rewriting each of them into its expression language (or passing the same text
through ``exec_driver_sql``, which leaves the placeholder to us all the same). psycopg 3
is PostgreSQL's own maintained adapter, and psycopg_pool gives the connection pool with
health checks and reconnection that a several-process deployment needs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"
# A libpq "key=value …" connection string (host=db dbname=raati user=raati …).
_LIBPQ_KEYWORDS = re.compile(r"^(host|hostaddr|dbname|user|port|service)\s*=", re.I)


@dataclass(frozen=True)
class Target:
    """A parsed database setting. ``kind`` is 'sqlite' (``path`` set) or 'postgresql'
    (``conninfo`` set: the address as given, libpq's URI form)."""

    kind: str
    path: Path | None = None
    conninfo: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgresql"

    @property
    def key(self) -> str:
        """What identifies the database within this process (pool and cache keys)."""
        return str(self.path.resolve()) if self.path is not None else str(self.conninfo)

    @property
    def label(self) -> str:
        """The setting as it may be printed, logged or audited: for PostgreSQL only the
        user, host, port and database (``postgresql://raati@db:5432/raati``), never a
        password, wherever the address carries it (``user:pw@``, ``?password=``, a
        libpq ``key=value`` string) and never the other parameters."""
        if self.path is not None:
            return str(self.path)
        from psycopg.conninfo import conninfo_to_dict

        try:
            parts = conninfo_to_dict(str(self.conninfo))
        except Exception:  # psycopg.ProgrammingError for an address libpq cannot read
            return "postgresql://(an address that cannot be read)"
        host, port = str(parts.get("host", "")), str(parts.get("port", ""))
        if "@" in host:  # a password with an unwritten "@" ran into the host name
            return "postgresql://(an address with '@' in its password: write it as %40)"
        user = f"{parts['user']}@" if parts.get("user") else ""
        return (f"postgresql://{user}{host}{':' + port if port else ''}"
                f"/{parts.get('dbname', '')}")


def is_postgres_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(POSTGRES_SCHEMES)


def parse_target(value: str | Path | Target) -> Target:
    """The database a setting names: a ``postgresql://`` (or ``postgres://``) address or
    a libpq ``host=… dbname=…`` string, ``sqlite:///relative/path`` or
    ``sqlite:////absolute/path``, or a plain file path. Raises ValueError for
    an empty setting or another scheme (``mysql://…``), so a typing error is not taken
    for a file name."""
    if isinstance(value, Target):
        return value
    if isinstance(value, Path):
        return Target("sqlite", path=value)
    text = str(value).strip()
    if not text:
        raise ValueError("the database setting is empty")
    if is_postgres_url(text) or _LIBPQ_KEYWORDS.match(text):
        return Target("postgresql", conninfo=text)
    if text.startswith(SQLITE_SCHEME):
        return Target("sqlite", path=Path(text[len(SQLITE_SCHEME):]))
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        raise ValueError(f"database {text.split('://')[0]}://: Raati stores in SQLite (a"
                         " file path) or PostgreSQL (postgresql://…)")
    return Target("sqlite", path=Path(text))


@functools.lru_cache(maxsize=4096)
def pg_sql(sql: str) -> str:
    """The store's SQL for psycopg: each ``?`` outside quotes becomes ``%s`` and each
    ``%`` becomes ``%%`` (psycopg reads ``%`` as the start of a placeholder)."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)


class PgConnection:
    """A psycopg connection with the few methods of sqlite3.Connection the store uses
    (execute, executemany, in_transaction, commit, rollback, close), taking the store's
    ``?`` placeholders."""

    dialect = "postgresql"

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params=()):
        params = list(params or ())
        _refuse_nul(params)
        cur = self.raw.cursor()
        cur.execute(pg_sql(sql), params)
        return cur

    def executemany(self, sql: str, rows):
        rows = list(rows)
        for row in rows:
            _refuse_nul(row)
        cur = self.raw.cursor()
        if rows:
            cur.executemany(pg_sql(sql), rows)
        return cur

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def commit(self) -> None:
        self.raw.commit()

    def rollback(self) -> None:
        self.raw.rollback()

    def close(self) -> None:
        self.raw.close()


def _refuse_nul(params) -> None:
    """PostgreSQL's text cannot hold U+0000 (psycopg raises DataError). Clients' texts
    are cleaned of control characters before they reach the store (raati.chars); any
    other text with one is refused as the store refuses other bad input: StoreError."""
    for value in params:
        if isinstance(value, str) and "\x00" in value:
            from raati.store import StoreError

            raise StoreError("text: contains a NUL character (U+0000), which cannot be"
                             " stored")


class PgDatabase:
    """What the store's methods get as ``db`` on PostgreSQL: like sqlite_utils.Database,
    ``db.execute(sql, params)`` and ``db.conn``."""

    dialect = "postgresql"

    def __init__(self, raw):
        self.conn = PgConnection(raw)

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql, params)


def error_line(exc: BaseException) -> str:
    """One line saying why a database operation failed, for a refusal message: the
    first line of the driver's message (libpq's first line names the host, port and
    cause, e.g. 'connection to server at "db", port 5432 failed: Connection refused';
    the lines after it are hints and a caret), spaces squeezed; the exception's class
    name if it has no text. libpq never puts a password in its messages."""
    for line in str(exc).splitlines():
        line = " ".join(line.split())
        if line and not line.endswith("All failures were:"):
            return line.removeprefix("connection failed: ")
    return type(exc).__name__


def dialect(db) -> str:
    """'postgresql' or 'sqlite': the engine behind a store method's ``db``."""
    return getattr(db, "dialect", "sqlite")


def integrity_errors() -> tuple[type[BaseException], ...]:
    """The exception classes of a broken constraint, on either engine."""
    import sqlite3

    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return (sqlite3.IntegrityError,)
    return (sqlite3.IntegrityError, psycopg.IntegrityError)


def unavailable_errors() -> tuple[type[BaseException], ...]:
    """The exception classes that mean "the database cannot be reached now" (try again
    in a moment), on either engine: psycopg's OperationalError (no connection, a wrong
    password, a server restarting; also a serialization failure or deadlock), the pool's
    PoolTimeout (no connection within PG_CHECKOUT_TIMEOUT_S), and sqlite3's
    OperationalError ("database is locked" after the busy timeout, a file that cannot be
    opened). Never StoreError (refused input) nor Streamlit's st.rerun/st.stop."""
    import sqlite3

    try:
        import psycopg
        from psycopg_pool import PoolTimeout
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return (sqlite3.OperationalError,)
    return (sqlite3.OperationalError, psycopg.OperationalError, PoolTimeout)


_ADDRESS_RES = (
    re.compile(r"[a-z][a-z0-9+.-]*://\S*", re.I),  # a whole URL (may hold a password)
    re.compile(r'"[^"]*"'),  # psycopg quotes hosts, sockets, users and databases
    re.compile(r"'[^']*'"),
    re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"),  # an IPv4 address
    re.compile(r"\[?[0-9a-f]*:[0-9a-f:]*:[0-9a-f:]+\]?", re.I),  # an IPv6 address
    re.compile(r"\bport \d+", re.I),
    re.compile(r"(?<=host name )[^\s\"']+", re.I),
)


def unavailable_reason(exc: BaseException) -> str:
    """What may be logged of a database-unreachable error: its type and the first line
    of its message, with addresses, names and ports left out (``"…"``), e.g.
    ``OperationalError: connection failed: connection to server at "…", port … failed``."""
    first = (str(exc).strip().splitlines() or [""])[0][:300]
    for pattern in _ADDRESS_RES:
        first = pattern.sub(lambda m: "port …" if m.group(0).lower().startswith("port")
                            else '"…"', first)
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
