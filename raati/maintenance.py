"""Housekeeping that keeps the privacy promises over time: retention of free text and
compaction of the database file (so the order in which people answered cannot be read
from it).

The promise (README, "Privacy by construction"): the order of answers survives in the
database file at most until the next compaction, which runs

- on the first maintenance run of each day after a day with answers (the app runs
  maintenance every ``CHECK_EVERY_S`` seconds in a background thread; ``raati db
  compact`` or ``raati retention apply`` from cron do the same), and
- as soon as a round is closed (the rounds page and ``raati round close`` ask for it).

Between compactions the WAL file beside the database holds the most recent writes (at
most about 1000 pages, SQLite's auto-checkpoint); it is cut to zero bytes whenever a
checkpoint resets it and at every compaction.

Opening, closing and reopening a round (open_round, close_round, reopen_round) live here
too: closing asks for that compaction, and each is logged the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from raati import config
from raati.auth import AuthError, may_act_on_unit
from raati.store import DuplicateRound, Store, User
from raati.store.backend import is_postgres_url
from raati.surveys import Survey

CHECK_EVERY_S = 600.0
log = logging.getLogger(__name__)


@dataclass
class MaintenanceRun:
    """What one run did: the rounds whose texts were purged (raati.retention.Purge), the
    panel sessions whose idea texts were (raati.retention.PanelPurge), and the
    compaction's figures (None when none was due)."""

    purges: list = field(default_factory=list)
    panel_purges: list = field(default_factory=list)
    compaction: dict | None = None


def compaction_due(state: dict[str, str], today: dt.date) -> bool:
    """Is a compaction due, given ``Store.maintenance_state()``? Yes when a closed
    round asked for one, or when answers were written and the file was not compacted
    today (so the answers of a day are compacted at the latest on the next day)."""
    if state.get("compact_requested") == "1":
        return True
    writes = int(state.get("writes_since_compact", "0") or 0)
    return writes > 0 and state.get("compacted_on") != today.isoformat()


def run_maintenance(store: Store, surveys: dict[str, Survey],
                    today: dt.date | None = None, actor: str = "system") -> MaintenanceRun:
    """Apply due retention, then compact the file if due (see the module's docstring).
    Compactions are written to the audit log with their figures."""
    from raati.retention import apply_panel_retention, apply_retention

    today = today or config.today()
    run = MaintenanceRun()
    run.purges = apply_retention(store, surveys, today, actor)
    run.panel_purges = apply_panel_retention(store, today, actor)
    if run.purges or run.panel_purges:
        # Purged text must not linger in the WAL or in reused pages either.
        store.request_compaction()
    if compaction_due(store.maintenance_state(), today):
        run.compaction = store.compact(today.isoformat())
        store.audit(actor, "db_compact", store.path.name if store.path else "postgresql",
                    f"{run.compaction['bytes']} bytes, {run.compaction['seconds']} s")
    return run


_threads: dict[str, MaintenanceThread] = {}


def request_compaction(store: Store) -> None:
    """Ask for a compaction now (a round was closed): recorded in the store, so that
    it happens even if this process stops, and the app's maintenance thread is woken
    to do it at once (the person who closed the round does not wait for it)."""
    store.request_compaction()
    thread = _threads.get(store.key)
    if thread is not None and thread.is_alive():
        thread.wake.set()


def open_round(store: Store, who: User, survey: str, unit: str, *, name: str = "",
               opens: str | None = None, closes: str | None = None,
               expected: int | None = None, own_press: bool = False) -> int:
    """Open a round of ``survey`` at ``unit`` for ``who`` (the rounds page's form) and log
    it; returns the round's id. Dates are ISO strings (``opens`` default today),
    ``expected`` None or 1 or more. The one way the app opens a round.

    A press is opened once: an identical round (same survey, unit and name) opened today
    is refused (Store.open_round with refuse_duplicate, one transaction), except that
    with ``own_press`` (this session's note says the same press was stopped half-way,
    after its round was opened: Streamlit stops a callback when the next press arrives)
    that round's id is returned, not logged again.

    Raises AuthError (key ``no_access``) when ``who`` may not act on ``unit``
    (auth.may_act_on_unit: staff open rounds only at their own units), DuplicateRound
    (its ``round_id``) for an identical round opened today by anyone else or another
    press, StoreError for a bad unit id, date or expected count (Store.open_round)."""
    if not may_act_on_unit(who, unit):
        raise AuthError("no_access", f"{who.name} may not open rounds at unit {unit!r}")
    try:
        rnd = store.open_round(survey, unit, name=name, opens=opens, closes=closes,
                               expected=expected, refuse_duplicate=True)
    except DuplicateRound as exc:
        if own_press:
            return exc.round_id
        raise
    store.audit(who.name, "round_open", f"round {rnd.id}",
                f"{rnd.survey} / {rnd.unit} / {rnd.name}")
    return rnd.id


def close_round(store: Store, rnd, actor: str, on: str | None = None) -> None:
    """Close round ``rnd`` (from ``on``, default today: Store.close_round), log it,
    and ask for the compaction that removes the order of its answers from the file
    (request_compaction). The one way the app and the command line close a round."""
    store.close_round(rnd.id, on)
    store.audit(actor, "round_close", f"round {rnd.id}", f"{rnd.survey} / {rnd.unit} / {rnd.name}")
    request_compaction(store)


def reopen_round(store: Store, rnd, actor: str, closes: str | None = None) -> None:
    """Reopen the closed round ``rnd`` (Store.reopen_round: answering again from today,
    until ``closes`` or without an end date) and log it. The one way the app and the
    command line reopen a round. Raises StoreError for a bad ``closes``."""
    store.reopen_round(rnd.id, closes)
    store.audit(actor, "round_reopen", f"round {rnd.id}",
                f"{rnd.survey} / {rnd.unit} / {rnd.name}; closes {closes or '-'}")


class MaintenanceThread(threading.Thread):
    """Runs ``run_maintenance`` every ``interval`` seconds (and at once when woken, as
    after a round is closed) in the background of the app process."""

    def __init__(self, db_path: str, load_surveys, interval: float = CHECK_EVERY_S):
        super().__init__(name="raati-maintenance", daemon=True)
        self.db_path = db_path
        self.load_surveys = load_surveys
        self.interval = interval
        self.wake = threading.Event()
        self.runs = 0
        self.key = Store(db_path).key
        _threads[self.key] = self

    def run(self) -> None:  # pragma: no cover - exercised through the app
        woken = False
        while True:
            if not is_postgres_url(self.db_path) and not Path(self.db_path).exists():
                return  # the database file was removed: stop
            try:
                store = Store(self.db_path)
                # With several app processes on one database, one of them runs the
                # periodic jobs each interval (Store.claim_jobs); a wake-up (a round
                # closed here) runs them at once.
                if woken or store.claim_jobs(time.time(), self.interval):
                    run_maintenance(store, self.load_surveys())
            except Exception:  # keep the thread alive; the next run tries again
                log.exception("maintenance run failed")
            self.runs += 1
            woken = self.wake.wait(self.interval)
            self.wake.clear()


def start_thread(db_path: str, defs: str) -> MaintenanceThread:
    """Start the app's maintenance thread for this database and survey folder. The
    surveys (files and stored, raati.survey_catalog) are read anew at each run; a
    broken one never stops the others' retention."""
    from raati.survey_catalog import load_catalog

    def good_surveys() -> dict[str, Survey]:
        return load_catalog(defs, Store(db_path)).surveys

    thread = MaintenanceThread(db_path, good_surveys)
    thread.start()
    return thread
