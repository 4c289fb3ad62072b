"""Shared fixtures of the unit tests (surveys, store, transfer, summary, CLI, demo).

Nothing here is autouse: the app and browser tests in this folder are written separately
and must not be affected. Modules that want a clean environment use ``clean_env``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _helpers import DEMO_TODAY, RAATI_ENV, SHIPPED_DEFS, SMALL_SURVEY, make_defs, write_survey
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


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path / "raati.db")


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
