"""Running presentations (pages/presentation.py): which slide each one shows now.

In the database (table ``presentations``, migration m017; issue 16): the app runs as
several server processes behind a load balancer, and the two windows of one
presentation (the projector's audience view and the presenter's view with the notes)
are two browser sessions that may well be served by DIFFERENT processes. Memory of one
process would leave the audience view behind the presenter, so every run of either
window reads the slide shown from here, and every move writes it here.

A row is staff's thing only, never a client's: a random id (128 bits, unguessable), the
unit, the owner's name, the survey, the choice the slides are built from (JSON,
raati.presentation_control.Choice), the KINDS of the slides as last built (for moving
within them and keeping the slide shown when they are built again), the current slide's
number, how many times the slides were built again (``built``: other processes build
their copy again when it moves), the event-feedback round's id and when it was last
used (seconds since the epoch: staff activity). The slides themselves are not stored:
they are built again from the store (raati.presentation_control, which keeps a copy per
process keyed by ``built``).

Old presentations are forgotten after :data:`KEEP_S` seconds without use, and at most
:data:`MAX_RUNNING` are kept (the oldest goes first).
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

KEEP_S = 12 * 3600.0  # an evening's event and then some
MAX_RUNNING = 200
# A look at a presentation (each window polls twice a second) writes its last use only
# when the one stored is older than this: reads stay reads.
TOUCH_S = 60.0
_PID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # secrets.token_urlsafe; anything else: unknown
WHERE = ("next", "prev", "first", "last")


@dataclass(frozen=True)
class Presentation:
    """One running presentation as stored: ``slide`` is the current slide (0-based) of
    the ``kinds`` of its slides as last built; ``choice`` the decoded JSON the slides are
    built from; ``built`` how many times they were built again; ``last_used`` seconds
    since the epoch."""

    id: str
    unit: str
    owner: str
    survey: str
    choice: object
    kinds: tuple[str, ...]
    slide: int
    built: int
    feedback_round: int | None
    last_used: float


def same_slide(old: Sequence[str], current: int, new: Sequence[str]) -> int:
    """The index in ``new`` (slide kinds) of the slide ``old[current]`` was: the same kind
    and the same place among the slides of that kind (the second slide of quotes stays
    the second), the last of that kind when there are fewer now; else the same index,
    clamped."""
    if not old:
        return max(0, min(len(new) - 1, current))
    current = max(0, min(len(old) - 1, current))
    kind = old[current]
    nth = sum(1 for k in old[:current] if k == kind)
    same = [i for i, k in enumerate(new) if k == kind]
    if same:
        return same[min(nth, len(same) - 1)]
    return max(0, min(len(new) - 1, current))


def moved(current: int, count: int, where: str | int) -> int:
    """The slide ``where`` ("next", "prev", "first", "last" or a 0-based number) leads to
    from ``current`` among ``count`` slides, clamped to them. Raises ValueError for
    another ``where``."""
    last = max(0, count - 1)
    if where == "next":
        target = current + 1
    elif where == "prev":
        target = current - 1
    elif where == "first":
        target = 0
    elif where == "last":
        target = last
    elif isinstance(where, int) and not isinstance(where, bool):
        target = where
    else:
        raise ValueError(f"where: {where!r} is not next, prev, first, last or a number")
    return max(0, min(last, target))


def _kinds(kinds: Sequence[str]) -> list[str]:
    out = [str(k) for k in kinds]
    if not out:
        raise ValueError("a presentation needs at least one slide")
    return out


def _pid_ok(pid: object) -> bool:
    return isinstance(pid, str) and bool(_PID.match(pid))


_COLUMNS = ("id, unit, owner, survey, choice, kinds, slide, built, feedback_round,"
            " last_used")


class PresentationStore:
    """Running presentations in the store (mixed into :class:`raati.store.Store`)."""

    def start_presentation(self, *, unit: str, owner: str, survey: str,
                           choice: Mapping | None, kinds: Sequence[str],
                           feedback_round: int | None = None,
                           now: float | None = None) -> str:
        """Keep a new presentation of slides of ``kinds`` (non-empty) at its first slide,
        forgetting the old ones (KEEP_S, MAX_RUNNING); returns its id (random,
        unguessable: 128 bits). ``choice`` is stored as JSON. Raises ValueError for no
        slides."""
        kinds = _kinds(kinds)
        now = time.time() if now is None else now
        pid = secrets.token_urlsafe(16)
        with self._write() as db:
            db.execute("DELETE FROM presentations WHERE last_used < ?", [now - KEEP_S])
            db.execute("DELETE FROM presentations WHERE id NOT IN (SELECT id FROM"
                       " presentations ORDER BY last_used DESC, id LIMIT ?)",
                       [MAX_RUNNING - 1])
            db.execute(f"INSERT INTO presentations ({_COLUMNS})"
                       " VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                       [pid, unit, owner, survey,
                        json.dumps(choice, ensure_ascii=False, sort_keys=True),
                        json.dumps(kinds, ensure_ascii=False), feedback_round, now])
        return pid

    @staticmethod
    def _presentation_row(db, pid: str, now: float) -> Presentation | None:
        row = db.execute(f"SELECT {_COLUMNS} FROM presentations WHERE id = ?",
                         [pid]).fetchone()
        if row is None or now - row[9] > KEEP_S:
            return None
        pid, unit, owner, survey, choice, kinds, slide, built, feedback_round, used = row
        return Presentation(pid, unit, owner, survey, json.loads(choice),
                            tuple(json.loads(kinds)), int(slide), int(built),
                            None if feedback_round is None else int(feedback_round),
                            float(used))

    def presentation(self, pid: str | None, now: float | None = None
                     ) -> Presentation | None:
        """The running presentation ``pid`` as stored now, or None for an unknown or
        forgotten one (or an id that is not one). Notes its use (at most every TOUCH_S)."""
        if not _pid_ok(pid):
            return None
        now = time.time() if now is None else now
        with self._read() as db:
            found = self._presentation_row(db, pid, now)
        if found is not None and now - found.last_used > TOUCH_S:
            with self._write() as db:
                db.execute("UPDATE presentations SET last_used = ? WHERE id = ? AND"
                           " last_used < ?", [now, pid, now])
        return found

    def move_presentation(self, pid: str, where: str | int,
                          now: float | None = None) -> int | None:
        """Move presentation ``pid`` to another slide (:func:`moved`'s ``where``, within
        the slides as last built). Returns the new current slide, None for an unknown
        presentation. Raises ValueError for another ``where``."""
        moved(0, 1, where)  # a wrong ``where`` is refused for any presentation

        def move(db, found: Presentation, now: float) -> int:
            slide = moved(found.slide, len(found.kinds), where)
            db.execute("UPDATE presentations SET slide = ?, last_used = ? WHERE id = ?",
                       [slide, now, pid])
            return slide

        return self._change_presentation(pid, now, move)

    def replace_presentation_slides(self, pid: str, kinds: Sequence[str],
                                    now: float | None = None) -> tuple[int, int] | None:
        """The slides of ``pid`` were built again and are now of ``kinds``: keep the slide
        shown (:func:`same_slide`) and count the build (``built``). Returns (the new
        current slide, the new ``built``), None for an unknown presentation. Raises
        ValueError for no slides."""
        kinds = _kinds(kinds)

        def replace(db, found: Presentation, now: float) -> tuple[int, int]:
            slide = same_slide(found.kinds, found.slide, kinds)
            db.execute("UPDATE presentations SET kinds = ?, slide = ?,"
                       " built = built + 1, last_used = ? WHERE id = ?",
                       [json.dumps(kinds, ensure_ascii=False), slide, now, pid])
            return slide, found.built + 1

        return self._change_presentation(pid, now, replace)

    def _change_presentation(self, pid: str, now: float | None, change):
        """``change(db, presentation, now)`` for the running presentation ``pid`` in one
        write transaction, returning what it returns; None for an unknown one."""
        if not _pid_ok(pid):
            return None
        now = time.time() if now is None else now
        with self._write() as db:
            found = self._presentation_row(db, pid, now)
            return None if found is None else change(db, found, now)

    def stop_presentation(self, pid: str) -> bool:
        """Forget presentation ``pid``; False when there was none."""
        if not _pid_ok(pid):
            return False
        with self._write() as db:
            return db.execute("DELETE FROM presentations WHERE id = ?", [pid]).rowcount == 1

    def presentation_ids(self) -> list[str]:
        """The ids of the stored presentations, the one used last first (for tests and
        housekeeping)."""
        with self._read() as db:
            return [r[0] for r in db.execute("SELECT id FROM presentations ORDER BY"
                                             " last_used DESC, id")]
