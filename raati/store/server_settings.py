"""PostgreSQL server settings that would keep WHEN people answered (issue 16: "no column
or ordering that reveals who answered when (on PostgreSQL too: physical order, ctid,
sequences and logs)").

Raati's tables hold dates only, but the server can keep times of its own: the commit
time of every transaction (``track_commit_timestamp``) and, in its log, every INSERT with
its time and parameters (``log_statement``, ``log_min_duration_statement`` and the
sampled statement logging). :func:`judge_privacy_settings` judges given values (pure, so
it can be tested without changing a server); :func:`read_privacy_settings` reads them
from a store's server; :func:`privacy_problems` does both (``raati db check``, and what
the app may show an admin).
"""

from __future__ import annotations

from collections.abc import Mapping

# The settings judged, as pg_settings names them.
PRIVACY_SETTINGS = (
    "track_commit_timestamp",
    "log_statement",
    "log_min_duration_statement",
    "log_min_duration_sample",
    "log_transaction_sample_rate",
)


def read_privacy_settings(store) -> dict[str, str]:
    """The PRIVACY_SETTINGS of the store's PostgreSQL server as pg_settings gives them
    for the store's connections (``setting``: durations in milliseconds, '-1' = off;
    settings this server version does not have are missing). Empty for SQLite."""
    if not store.is_postgres:
        return {}
    from raati.store.sql import sql_in

    with store._read() as db:
        rows = db.execute("SELECT name, setting FROM pg_settings WHERE "
                          + sql_in("name", PRIVACY_SETTINGS), list(PRIVACY_SETTINGS))
        return {name: str(value) for name, value in rows}


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def judge_privacy_settings(settings: Mapping[str, str]) -> list[str]:
    """The problems in ``settings`` (name -> value as pg_settings' ``setting`` column
    gives it: 'on'/'off', 'none'/'ddl'/'mod'/'all', milliseconds with '-1' = off), one
    line each naming the setting, its value, why it matters and what to set; empty if
    none. A setting missing from ``settings`` is not judged (an older server)."""
    problems: list[str] = []
    value = settings.get("track_commit_timestamp")
    if value is not None and value.lower() not in ("off", "false", "0"):
        problems.append(
            f"track_commit_timestamp = {value}: the server keeps the commit time of every"
            " transaction, i.e. when each answer was given; set track_commit_timestamp ="
            " off in postgresql.conf and restart the server")
    value = settings.get("log_statement")
    if value is not None and value.lower() not in ("none", "ddl"):
        problems.append(
            f"log_statement = {value}: the server log gets every INSERT with its time and"
            " values (who answered when, and what); set log_statement = 'none' (or 'ddl')")
    for name in ("log_min_duration_statement", "log_min_duration_sample"):
        value = settings.get(name)
        number = _number(value) if value is not None else None
        if value is not None and (number is None or number >= 0):
            problems.append(
                f"{name} = {value}: statements slower than that are logged with their"
                f" time and parameters (a slow INSERT of an answer too); set {name} = -1")
    value = settings.get("log_transaction_sample_rate")
    if value is not None and (_number(value) is None or _number(value) > 0):
        problems.append(
            f"log_transaction_sample_rate = {value}: every statement of a share of the"
            " transactions is logged with its time and parameters; set"
            " log_transaction_sample_rate = 0")
    return problems


def privacy_problems(store) -> list[str]:
    """What in the store's server settings would keep when people answered (see
    judge_privacy_settings); empty on SQLite (no server, no log) and on a server set
    as deploy/README.md says. Raises psycopg.Error if the server cannot be reached."""
    return judge_privacy_settings(read_privacy_settings(store))
