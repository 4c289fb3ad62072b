""""You said, we did" (Te sanoitte – me teimme): actions that answer the clients, the
rules without SQL (contract §6, ``../shared/design/survey-format.md``).

An action records what clients said (in plain language), what the organisation does or
did about it, its status, who is responsible and by when, an optional picture from the
survey picture library, and where it came from: a panel proposal, a survey question (a
weak theme, say) or something staff heard. Every change is a dated entry in its history
(dates only, as everywhere in Raati). Staff choose which actions the unit's public page
shows; the public page masks personal data once more and never names the responsible
person.

Sources: the statuses and their Finnish names are contract §6; closing the feedback loop
by telling people what was done with what they said is the "you said, we did" practice of
participatory service development (e.g. the UK NHS Friends and Family Test guidance,
2014, and the OSKU/KARI client panel reports in ``../shared/seeds/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

# Contract §6, in the order an action usually goes; ``not_possible`` ends one too.
STATUSES = ("received", "planned", "in_progress", "done", "not_possible")
CLOSED_STATUSES = ("done", "not_possible")
SOURCES = ("panel", "survey", "heard")
# A status as a symbol beside its word (never the only cue): for the public cards.
SYMBOLS = {"received": "📥", "planned": "🗓️", "in_progress": "🔧", "done": "✅",
           "not_possible": "⛔"}

SAID_MAX_LENGTH = 300  # characters: a sentence or two in plain language
DID_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 300
RESPONSIBLE_MAX_LENGTH = 80
# The public page keeps done (and not possible) actions this many days after they were
# done, unless staff choose otherwise for the unit: about half a year, a season of
# workshop groups, so the next group still sees what the last one got.
DEFAULT_DONE_SHOWN_DAYS = 180
MAX_DONE_SHOWN_DAYS = 3650


class ActionError(ValueError):
    """A refused action change; the message is a sentence for people (English, for the
    CLI and logs). ``key`` names the interface text (raati.i18n) that says the same to
    staff in their language, ``values`` fills it."""

    def __init__(self, message: str, key: str = "action_refused", **values: object):
        super().__init__(message)
        self.key = key
        self.values = values


# The fields of an action whose change writes a history entry naming them, in the order
# an entry lists them: every field staff can change (contract §6: "every change is a
# dated entry in its history"); what clients see on the public page (status, said, did,
# public, picture) first.
HISTORY_FIELDS = ("status", "said", "did", "public", "picture", "responsible", "due")


@dataclass(frozen=True)
class HistoryEntry:
    """One dated change of an action (a date only, never a time of day): its status after
    the change, a note, and ``changed``, the fields the change changed (HISTORY_FIELDS, in
    that order). The first entry, the recording, names none; so does an entry that only
    adds a note."""

    date: str
    status: str
    note: str = ""
    changed: tuple[str, ...] = ()

    def as_json(self) -> dict:
        """``{date, status, note}`` (contract §6) with the extension ``changed`` (a list)."""
        return {"date": self.date, "status": self.status, "note": self.note,
                "changed": list(self.changed)}


@dataclass(frozen=True)
class Action:
    """One action as stored. ``due``, ``created``, ``updated`` and ``done_on`` are dates
    (YYYY-MM-DD); ``picture`` a path in the survey picture library (``pictures/x.svg``,
    relative to the survey folder); the source is ``panel`` (+ ``proposal``), ``survey``
    (+ ``question``) or ``heard``; ``history`` oldest first."""

    id: int
    unit: str
    said: str
    did: str
    status: str
    public: bool
    responsible: str | None = None
    due: str | None = None
    picture: str | None = None
    panel: int | None = None
    proposal: int | None = None
    survey: str | None = None
    question: str | None = None
    created: str = ""
    updated: str = ""
    done_on: str | None = None
    history: tuple[HistoryEntry, ...] = ()

    @property
    def source(self) -> str:
        """``panel``, ``survey`` or ``heard`` (SOURCES)."""
        if self.panel is not None:
            return "panel"
        if self.survey is not None:
            return "survey"
        return "heard"

    def overdue(self, today: dt.date) -> bool:
        """Whether its due date has passed and it is not done or found not possible."""
        return (self.due is not None and self.status not in CLOSED_STATUSES
                and dt.date.fromisoformat(self.due) < today)

    def as_json(self) -> dict:
        """The contract §6 JSON object (``id``, ``unit``, ``said``, ``did``, ``status``,
        ``public``, ``responsible``, ``due``, ``panel``, ``proposal``, ``survey``,
        ``question``, ``history`` as ``[{date, status, note}]``) with the extensions
        ``picture``, ``created``, ``updated`` and, in each history entry, ``changed``
        (HistoryEntry.as_json)."""
        return {"id": self.id, "unit": self.unit, "said": self.said, "did": self.did,
                "status": self.status, "public": self.public,
                "responsible": self.responsible, "due": self.due, "panel": self.panel,
                "proposal": self.proposal, "survey": self.survey, "question": self.question,
                "history": [h.as_json() for h in self.history],
                "picture": self.picture, "created": self.created, "updated": self.updated}


def check_status(status: object) -> str:
    """``status`` if it is one of STATUSES; ActionError (key ``action_bad_status``)
    naming the allowed ones otherwise."""
    if status not in STATUSES:
        raise ActionError(f"status: '{status}' is not one of {', '.join(STATUSES)}",
                          "action_bad_status")
    return str(status)


def _text(value: object, limit: int, what: str, *, empty_ok: bool = False) -> str:
    # (imported here: raati.responses needs the store, which needs this module)
    from raati.responses import TextTooLong, check_text

    if value is None and empty_ok:
        return ""
    if not isinstance(value, str):
        raise ActionError(f"{what}: the text is missing", f"action_{what}_needed")
    try:
        cleaned = check_text(value, limit)
    except TextTooLong as exc:
        raise ActionError(f"{what}: {exc.length} characters, at most {limit}",
                          "action_too_long", n=exc.length, k=limit) from None
    if not cleaned and not empty_ok:
        raise ActionError(f"{what}: the text is empty", f"action_{what}_needed")
    return cleaned


def check_said(text: object) -> str:
    """What clients said, cleaned (raati.responses.check_text); ActionError when empty or
    over SAID_MAX_LENGTH characters (refused whole, never cut)."""
    return _text(text, SAID_MAX_LENGTH, "said")


def check_did(text: object) -> str:
    """What the organisation does or did (for ``not_possible``: why not), cleaned;
    ActionError when empty or over DID_MAX_LENGTH characters."""
    return _text(text, DID_MAX_LENGTH, "did")


def check_note(text: object) -> str:
    """A history note, cleaned; may be empty; ActionError over NOTE_MAX_LENGTH."""
    return _text(text, NOTE_MAX_LENGTH, "note", empty_ok=True)


def check_responsible(text: object) -> str | None:
    """The responsible person or team, cleaned; None when not given or empty;
    ActionError over RESPONSIBLE_MAX_LENGTH characters."""
    cleaned = _text(text, RESPONSIBLE_MAX_LENGTH, "responsible", empty_ok=True)
    return cleaned or None


def check_due(due: object) -> str | None:
    """A due date as YYYY-MM-DD (a date or its ISO text), None when not given;
    ActionError (key ``action_bad_due``) for anything else."""
    if due is None or due == "":
        return None
    if isinstance(due, dt.date):
        return due.isoformat()
    text = str(due).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ActionError(f"due: '{due}' is not a date YYYY-MM-DD", "action_bad_due")


def check_picture(picture: object, defs_dir: Path | None) -> str | None:
    """A picture of the survey picture library: a path ``pictures/NAME.svg|png`` relative
    to the survey folder ``defs_dir`` that exists there; None when not given. ActionError
    (key ``action_bad_picture``) for another path (no ``..``, no absolute paths)."""
    if picture is None or picture == "":
        return None
    text = str(picture).strip().replace("\\", "/")
    name = text.removeprefix("pictures/")
    good = ("/" not in name and name and not name.startswith(".")
            and Path(name).suffix.lower() in (".svg", ".png"))
    if good and defs_dir is not None:
        good = (Path(defs_dir) / "pictures" / name).is_file()
    if not good:
        raise ActionError(f"picture: '{picture}' is not a picture of the library "
                          "(pictures/NAME.svg in the survey folder)", "action_bad_picture")
    return f"pictures/{name}"


def library_pictures(defs_dir: Path) -> list[str]:
    """The pictures of the survey picture library (``pictures/*.svg|png`` under the survey
    folder ``defs_dir``) as ``pictures/NAME``, sorted; [] when there is none."""
    folder = Path(defs_dir) / "pictures"
    if not folder.is_dir():
        return []
    return sorted(f"pictures/{p.name}" for p in folder.iterdir()
                  if p.suffix.lower() in (".svg", ".png") and p.is_file())


def check_done_shown_days(days: object) -> int:
    """Days the public page keeps a done action: a whole number 0..MAX_DONE_SHOWN_DAYS;
    ActionError (key ``action_bad_days``) otherwise."""
    if type(days) is not int or not 0 <= days <= MAX_DONE_SHOWN_DAYS:
        raise ActionError(f"days: {days!r} must be a whole number 0–{MAX_DONE_SHOWN_DAYS}",
                          "action_bad_days", k=MAX_DONE_SHOWN_DAYS)
    return days


def shown_publicly(action: Action, today: dt.date, done_shown_days: int) -> bool:
    """Whether the unit's public page shows ``action``: marked public, and if done or not
    possible, for ``done_shown_days`` days after that (from ``done_on``)."""
    if not action.public:
        return False
    if action.status in CLOSED_STATUSES and action.done_on:
        return dt.date.fromisoformat(action.done_on) + dt.timedelta(days=done_shown_days) \
            >= today
    return True


def public_order(actions: list[Action]) -> list[Action]:
    """Newest first, as the public page and the kiosk show them: by the last change
    (``updated``), then the newer id."""
    return sorted(actions, key=lambda a: (a.updated, a.id), reverse=True)
