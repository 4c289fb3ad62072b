"""Shared fixtures of the unit tests (surveys, store, transfer, summary, CLI, demo).

Nothing here is autouse: the app and browser tests in this folder are written separately
and must not be affected. Modules that want a clean environment use ``clean_env``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _helpers import (
    DEMO_TODAY,
    RAATI_ENV,
    SHIPPED_DEFS,
    SMALL_SURVEY,
    drop_pg_schema,
    make_defs,
    new_pg_schema,
    new_pg_store,
    pg_base_url,
    write_survey,
)
from hypothesis import settings as hypothesis_settings

from raati.store import Store

# In CI the property tests run a fixed, reproducible set of examples (a failure there is
# a regression, not a newly drawn edge case); on a developer's machine they explore.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture
def clean_env(monkeypatch):
    """No RAATI_* settings leak in from the developer's shell."""
    for name in RAATI_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def shipped_defs() -> Path:
    return SHIPPED_DEFS


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Store:
    """An empty store on each backend: a SQLite file, and on PostgreSQL (RAATI_TEST_PG;
    skipped without one, an error in CI) one schema of the test session, migrated once
    and emptied before each test (TRUNCATE … RESTART IDENTITY: ids start at 1 again, as
    in a new database). A test that needs a second, separate PostgreSQL database takes
    ``pg_store``."""
    if request.param == "sqlite":
        yield Store(tmp_path / "raati.db")
        return
    yield _emptied_pg_store(request)


_SHARED_PG: dict[str, str] = {}


def _emptied_pg_store(request) -> Store:
    import psycopg

    base = pg_base_url()
    if base is None:
        pytest.skip("no PostgreSQL server for the tests (RAATI_TEST_PG)")
    if not _SHARED_PG:
        name, url = new_pg_schema(base)
        _SHARED_PG.update(name=name, url=url)
        request.session.config.add_cleanup(lambda: drop_pg_schema(base, name))
        Store(url)  # migrated once
    url = _SHARED_PG["url"]
    store = Store(url)
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            " AND tablename != 'raati_migrations'")]
        conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        conn.execute("INSERT INTO tally_surveys (survey) VALUES ('*')")  # as a new database
    pool = Store._pg_pools.get(store.key)
    if pool is not None:
        pool.units.clear()  # the units this process knew to exist are gone
    return store


@pytest.fixture
def sqlite_store(tmp_path) -> Store:
    """An empty SQLite store, for tests of the file itself (its bytes, WAL, copies)."""
    return Store(tmp_path / "raati.db")


@pytest.fixture
def pg_store():
    """An empty PostgreSQL store in a schema of its own (skipped without a server)."""
    yield from new_pg_store()


# -- a small survey of every question type, written into a temporary survey folder -----


@pytest.fixture
def small_defs(tmp_path) -> Path:
    defs = make_defs(tmp_path / "defs")
    write_survey(defs, SMALL_SURVEY)
    return defs


@pytest.fixture
def small_survey(small_defs):
    from raati.surveys import find_survey

    return find_survey(small_defs, "kysely")


# -- demo data, built once per session and copied for each test that wants it ---------


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from raati.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = fill_demo(Store(path), SHIPPED_DEFS, today=DEMO_TODAY)
    assert result.created and result.responses > 0
    Store.close_all()  # the last connection closed: the WAL is checkpointed into the file
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path) -> Store:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return Store(path)


@pytest.fixture
def app_env(tmp_path, monkeypatch) -> tuple[Store, Path]:
    """For AppTest: a fresh database and a copy of the shipped surveys, wired to the app
    through RAATI_DB / RAATI_DEFS (and no other RAATI_* setting from the shell)."""
    for name in RAATI_ENV + ("RAATI_IDLE_MINUTES",):
        monkeypatch.delenv(name, raising=False)
    defs = tmp_path / "defs"
    shutil.copytree(SHIPPED_DEFS, defs)
    db = tmp_path / "raati.db"
    monkeypatch.setenv("RAATI_DB", str(db))
    monkeypatch.setenv("RAATI_DEFS", str(defs))
    monkeypatch.chdir(SHIPPED_DEFS.parent)
    return Store(db), defs


@pytest.fixture
def demo_moderation(app_env) -> Store:
    """app_env with the demo content, and the moderation page's caches (raati.modcache)
    emptied, so no earlier test's texts or masks are served."""
    from raati import modcache
    from raati.demo import fill_demo

    store, defs = app_env
    fill_demo(store, defs)
    modcache.masked_suggestion.cache_clear()
    modcache._free_texts.clear()
    return store
