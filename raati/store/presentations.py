"""Running presentations (pages/presentation.py): which slide each one shows now.

Deliberately NOT in the database: a presentation lasts one event, and both of its windows
(the projector's audience view and the presenter's view with the notes) are browser
sessions of the SAME Streamlit server process, so a module-level dict guarded by a lock,
keyed by a random presentation id, is all the shared state they need. Nothing of a
client is in it: only the slides built from published (minimum-group) results, the
current slide's number and the id of the event-feedback round. A server restart forgets
them (staff start the presentation again), and several server processes would each have
their own (the app already needs session affinity: engineering.md).

Old presentations are forgotten after :data:`KEEP_S` seconds without use, and at most
:data:`MAX_RUNNING` are kept (the oldest goes first).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

KEEP_S = 12 * 3600.0  # an evening's event and then some
MAX_RUNNING = 200


@dataclass
class RunningPresentation:
    """One running presentation: ``slides`` (analysis.presentation.Slide, read-only),
    ``current`` (0-based), the ``unit`` it is about (who may open it is checked against
    it), the ``owner``'s name, the event-feedback round's id (or None) and the time of
    the last use (time.monotonic); ``choice`` is what the slides were built from (opaque
    here: raati.presentation_control.Choice), so that they can be built again."""

    id: str
    slides: tuple
    unit: str
    owner: str
    survey: str
    feedback_round: int | None = None
    current: int = 0
    used: float = field(default_factory=time.monotonic)
    choice: object = None


_lock = threading.Lock()
_running: dict[str, RunningPresentation] = {}


def _forget_old(now: float) -> None:
    for pid in [p for p, r in _running.items() if now - r.used > KEEP_S]:
        del _running[pid]
    while len(_running) > MAX_RUNNING:
        oldest = min(_running.values(), key=lambda r: r.used)
        del _running[oldest.id]


def start(slides, *, unit: str, owner: str, survey: str,
          feedback_round: int | None = None, choice: object = None) -> str:
    """Keep a new presentation of ``slides`` (a non-empty sequence) at its first slide;
    returns its id (random, unguessable: 128 bits). Raises ValueError for no slides."""
    slides = tuple(slides)
    if not slides:
        raise ValueError("a presentation needs at least one slide")
    pid = secrets.token_urlsafe(16)
    now = time.monotonic()
    with _lock:
        _forget_old(now)
        _running[pid] = RunningPresentation(pid, slides, unit, owner, survey, feedback_round,
                                            0, now, choice)
    return pid


def get(pid: str | None) -> RunningPresentation | None:
    """The running presentation ``pid`` (its fields are a snapshot: change it only through
    this module), or None for an unknown or forgotten one."""
    if not pid or not isinstance(pid, str):
        return None
    with _lock:
        found = _running.get(pid)
        if found is None:
            return None
        found.used = time.monotonic()
        return RunningPresentation(found.id, found.slides, found.unit, found.owner,
                                   found.survey, found.feedback_round, found.current,
                                   found.used, found.choice)


def go(pid: str, where: str | int) -> int | None:
    """Move presentation ``pid`` to another slide: ``where`` is "next", "prev", "first",
    "last" or a slide number (0-based, clamped to the slides). Returns the new current
    slide, None for an unknown presentation. Raises ValueError for another ``where``."""
    with _lock:
        found = _running.get(pid)
        if found is None:
            return None
        last = len(found.slides) - 1
        if where == "next":
            target = found.current + 1
        elif where == "prev":
            target = found.current - 1
        elif where == "first":
            target = 0
        elif where == "last":
            target = last
        elif isinstance(where, int) and not isinstance(where, bool):
            target = where
        else:
            raise ValueError(f"where: {where!r} is not next, prev, first, last or a number")
        found.current = max(0, min(last, target))
        found.used = time.monotonic()
        return found.current


def _same_slide(old: tuple, current: int, new: tuple) -> int:
    """The index in ``new`` of the slide ``old[current]`` was: the same kind and the same
    place among the slides of that kind (the second slide of quotes stays the second),
    the last of that kind when there are fewer now; else the same index, clamped."""
    kind = old[current].kind
    nth = sum(1 for s in old[:current] if s.kind == kind)
    same = [i for i, s in enumerate(new) if s.kind == kind]
    if same:
        return same[min(nth, len(same) - 1)]
    return max(0, min(len(new) - 1, current))


def replace_slides(pid: str, slides) -> int | None:
    """Put ``slides`` (built again from the store: raati.presentation_control.refresh) in
    place of those of presentation ``pid``, keeping the slide shown now (_same_slide).
    Returns the new current slide, None for an unknown presentation. Raises ValueError
    for no slides."""
    slides = tuple(slides)
    if not slides:
        raise ValueError("a presentation needs at least one slide")
    with _lock:
        found = _running.get(pid)
        if found is None:
            return None
        found.current = _same_slide(found.slides, found.current, slides)
        found.slides = slides
        found.used = time.monotonic()
        return found.current


def set_feedback_round(pid: str, round_id: int | None) -> bool:
    """Remember the event-feedback round of ``pid``; False for an unknown presentation."""
    with _lock:
        found = _running.get(pid)
        if found is None:
            return False
        found.feedback_round = round_id
        return True


def stop(pid: str) -> None:
    """Forget presentation ``pid`` (nothing happens for an unknown one)."""
    with _lock:
        _running.pop(pid, None)
