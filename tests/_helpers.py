"""Helpers shared by the unit tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SHIPPED_DEFS = REPO / "survey_defs"
DEMO_TODAY = dt.date(2026, 3, 16)
TINY_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>\n'

RAATI_ENV = ("RAATI_DB", "RAATI_DEFS", "RAATI_MIN_GROUP", "RAATI_BASE_URL")

# The PostgreSQL server the store tests also run on (scripts/test.sh starts one and sets
# it); each test gets a schema of its own in it.
PG_URL_ENV = "RAATI_TEST_PG"


def pg_base_url() -> str | None:
    """The test PostgreSQL address, or None. In CI a missing server is an error, not a
    skip: the store's tests must have run on both backends."""
    import os

    import pytest

    url = os.environ.get(PG_URL_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_URL_ENV} is not set: the PostgreSQL store tests cannot run"
                    " (scripts/test.sh starts a server and sets it)")
    return None


def new_pg_schema(base: str) -> tuple[str, str]:
    """A new empty schema in the test server: (its name, an address whose connections
    use it)."""
    import secrets

    import psycopg

    name = "t_" + secrets.token_hex(6)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    return name, f"{base}{sep}options=-csearch_path%3D{name}"


def new_pg_store():
    """A generator fixture body: a Store in a new, empty PostgreSQL schema, closed and
    dropped afterwards (skipped without a test server)."""
    import pytest

    from raati.store import Store

    base = pg_base_url()
    if base is None:
        pytest.skip("no PostgreSQL server for the tests (RAATI_TEST_PG)")
    name, url = new_pg_schema(base)
    store = Store(url)
    try:
        yield store
    finally:
        store.close()
        drop_pg_schema(base, name)


def drop_pg_schema(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


SMALL_SURVEY = {
    "id": "kysely",
    "title": {"fi": "Kysely", "sv": "Enkät"},
    "languages": ["fi", "sv"],
    "questions": [
        {"id": "q1", "type": "likert", "text": {"fi": "Kysymys yksi", "sv": "Fråga ett"},
         "comment": True, "picture": "pictures/p.svg"},
        {"id": "q2", "type": "grade", "text": "Anna arvosana"},
        {"id": "q3", "type": "choice", "text": "Valitse yksi",
         "options": [{"id": "a", "label": "A"},
                     {"id": "b", "label": {"fi": "Bee"}, "picture": "pictures/p.svg"}]},
        {"id": "q4", "type": "multi", "text": "Valitse monta",
         "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}]},
        {"id": "q5", "type": "text", "text": "Kerro", "max_length": 20},
    ],
}
SMALL_COLUMNS = ["response_id", "survey", "unit", "date", "lang",
                 "q1", "q1__comment", "q2", "q3", "q4", "q5"]


def make_defs(folder: Path) -> Path:
    """A survey folder with a pictures/ subfolder holding p.svg."""
    (folder / "pictures").mkdir(parents=True, exist_ok=True)
    (folder / "pictures" / "p.svg").write_text(TINY_SVG, encoding="utf-8")
    return folder


def write_survey(folder: Path, data, name: str | None = None) -> Path:
    """Write ``data`` as YAML into ``folder`` (a survey folder); return the file."""
    make_defs(folder)
    if name is None:
        name = f"{data['id']}.yaml"
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def db_fingerprint(path) -> tuple[str, list[str]]:
    """The sha256 of the database file (and of its WAL, if one is left) plus a full SQL
    dump. Every connection of the Store must be closed for the hash to mean anything.
    Given a PostgreSQL store (a Store or a postgresql:// address): the sha256 of every
    row of every table and each identity sequence's position, and those rows."""
    target = getattr(path, "target", path)
    if getattr(target, "is_postgres", False) or str(target).startswith("postgresql://"):
        return _pg_fingerprint(getattr(target, "conninfo", None) or str(target))
    path = getattr(path, "path", None) or path
    digest = hashlib.sha256(Path(path).read_bytes())
    wal = Path(str(path) + "-wal")
    if wal.exists():
        digest.update(b"wal:" + wal.read_bytes())
    conn = sqlite3.connect(str(path))
    try:
        dump = list(conn.iterdump())
    finally:
        conn.close()
    return digest.hexdigest(), dump


def pptx_text(data: bytes) -> str:
    """Every text of a PowerPoint deck (text frames and table cells), slide by slide."""
    import io

    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def staff_app(store, role: str, page: str, units=("puupaja",)):
    """The app in AppTest as a new account of ``role`` at ``units``, switched to ``page``
    after one run; returns (AppTest, user)."""
    import secrets

    from streamlit.testing.v1 import AppTest

    from raati import auth

    user = auth.create_user(store, f"{role}-{secrets.token_hex(3)}", role,
                            secrets.token_urlsafe(16), units)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["session_token"] = auth.start_session(store, user)
    at.run()
    at = at.switch_page(page).run()
    assert not at.exception
    return at, user


def moderation_page(store, user=None, units=("puupaja", "ompelimo")):
    """The moderation page in AppTest as a staff account of ``units`` (a new one unless
    ``user`` is given), after one run."""
    import secrets

    from streamlit.testing.v1 import AppTest

    from raati import auth

    if user is None:
        user = auth.create_user(store, f"staff-{secrets.token_hex(3)}", "staff",
                                secrets.token_urlsafe(16), units)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["session_token"] = auth.start_session(store, user)
    at.run()
    at = at.switch_page("pages/moderation.py").run()
    assert not at.exception
    return at


def show_phone_text(at, store, survey: str = "asiakaskysely"):
    """Narrow the moderation page's filters (unit, round, question) to the demo's text
    with a phone number in it, so that its card is on the first page (raati.moderation.PAGE_SIZE);
    returns the AppTest after the runs."""
    texts = store.free_texts(survey, ["parasta", "muutettavaa"])
    item = next(i for i in texts if "040" in i["text"])
    at.selectbox(key="mod_unit").set_value(item["unit"]).run()
    at.selectbox(key="mod_round").set_value(item["period"]).run()
    at.selectbox(key="mod_question").set_value(item["question"]).run()
    return at


def moderation_cards(at) -> list[str]:
    """The keys of the text cards the moderation page shows, in order."""
    return [b.key.removeprefix("approve_") for b in at.button
            if b.key and b.key.startswith("approve_")]


def moderation_shown(at) -> dict[str, str]:
    """What each card of the moderation page shows its text as (the text after the
    "Näin teksti näytetään muille:" line), by card key."""
    texts = [e.value for e in at.text]
    marks = [n for n, v in enumerate(texts) if v.startswith("Näin teksti näytetään muille")]
    return dict(zip(moderation_cards(at), (texts[n + 1] for n in marks), strict=True))


def moderation_counts(at) -> str:
    """The moderation page's caption of counts ("... odottaa ...")."""
    return next(c.value for c in at.caption if "odottaa" in c.value)


def raw_rows(store, sql: str, params=()) -> list[tuple]:
    """Run ``sql`` (with ``?`` placeholders) straight on the store's database, around the
    store, and commit: what a test reads or plants behind the store's back, on SQLite
    or PostgreSQL alike. Returns the rows (empty for a statement without any)."""
    if store.is_postgres:
        import psycopg

        from raati.store.backend import pg_sql

        with psycopg.connect(store.target.conninfo, autocommit=True) as conn:
            cur = conn.execute(pg_sql(sql), list(params))
            return [tuple(r) for r in cur.fetchall()] if cur.description else []
    conn = sqlite3.connect(str(store.path))
    try:
        with conn:
            cur = conn.execute(sql, list(params))
            return cur.fetchall()
    finally:
        conn.close()


def integrity_error():
    """The exceptions a broken constraint raises on either backend."""
    from raati.store.backend import integrity_errors

    return integrity_errors()


def _pg_fingerprint(conninfo: str) -> tuple[str, list[str]]:
    import psycopg

    lines: list[str] = []
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")]
        for table in tables:
            n = conn.execute("SELECT count(*) FROM information_schema.columns WHERE"
                             " table_schema = current_schema() AND table_name = %s",
                             [table]).fetchone()[0]
            order = ", ".join(str(i) for i in range(1, n + 1))
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
                lines.append(f"{table}: {row!r}")
        for (seq,) in conn.execute("SELECT sequence_name FROM information_schema.sequences"
                                   " WHERE sequence_schema = current_schema() ORDER BY 1"):
            lines.append(f"{seq}: {conn.execute(f'SELECT last_value, is_called FROM {seq}').fetchone()!r}")
    digest = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass"))
    return digest.hexdigest(), lines
