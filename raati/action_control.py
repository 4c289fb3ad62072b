"""Staff's actions on "you said, we did" (contract §6): who may record or change an action
of which unit, the checks that need the survey folder (pictures, survey questions), the
audit log, and the CSV export. The pages and ``raati action`` call these; the rules are
raati.actions, the SQL raati.store.actions.

Roles: staff and admins record and change actions of the units they may act on
(raati.auth.may_act_on_unit); developer-clients read those of their own units that staff
made public (what clients may see on the unit's public page, with its history and
source): a staff-only action can be about a person or an internal matter ("ikävää puhetta
pukuhuoneessa"), and developer-clients are clients; nobody else sees any."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from raati import actions as rules
from raati import auth
from raati.actions import Action, ActionError, HistoryEntry
from raati.i18n import t
from raati.store import Store, User
from raati.surveys import Survey

READ_ROLES = ("admin", "staff", "developer-client")
CSV_COLUMNS = ("id", "unit", "said", "did", "status", "public", "responsible", "due",
               "overdue", "source", "panel", "proposal", "survey", "question", "picture",
               "created", "updated", "done_on", "history")


class NotAllowed(ActionError):
    """The user may not do this to actions of this unit (or at all)."""


def may_read(user: User, unit: str) -> bool:
    """Whether ``user`` may see the actions of ``unit``: staff, admins and developer-clients
    of that unit (admins: every unit)."""
    return user.role in READ_ROLES and auth.may_act_on_unit(user, unit)


def may_edit(user: User, unit: str) -> bool:
    """Whether ``user`` may record or change actions of ``unit``: staff and admins who may
    act on it (raati.auth.may_act_on_unit)."""
    return user.role in auth.STAFF_ROLES and auth.may_act_on_unit(user, unit)


def sees_staff_only(user: User) -> bool:
    """Whether ``user`` sees actions staff did not make public: staff and admins;
    developer-clients see only public ones."""
    return user.role in auth.STAFF_ROLES


def readable(user: User, actions: Iterable[Action]) -> list[Action]:
    """Those of ``actions`` that ``user`` may read: of units they may read (may_read), and
    for a developer-client only the public ones."""
    return [a for a in actions if may_read(user, a.unit)
            and (a.public or sees_staff_only(user))]


def actions_for(store: Store, user: User, statuses: Iterable[str] | None = None,
                unit: str | None = None) -> list[Action]:
    """The actions ``user`` may see (may_read; a developer-client only public ones),
    newest first, optionally only of ``statuses`` or of one ``unit``; [] for a role that
    sees none."""
    if user.role not in READ_ROLES:
        return []
    found = store.actions(unit=unit, units=auth.unit_filter(user), statuses=statuses)
    return found if sees_staff_only(user) else [a for a in found if a.public]


def check_survey_source(surveys: Mapping[str, Survey], survey: str | None,
                        question: str | None) -> None:
    """Raise ActionError unless ``survey`` (when given) is one of ``surveys`` and
    ``question`` (when given) one of its questions."""
    if survey is None:
        if question is not None:
            raise ActionError("question: give its survey too", "action_question_needs_survey")
        return
    found = surveys.get(survey)
    if found is None:
        raise ActionError(f"survey: '{survey}' is not one of the surveys", "action_no_survey",
                          survey=survey)
    if question is not None and found.question(question) is None:
        raise ActionError(f"question: '{question}' is not a question of survey '{survey}'",
                          "action_no_question", question=question)


def record(store: Store, user: User, unit: str, said: str, did: str, *,
           surveys: Mapping[str, Survey] | None = None, defs_dir: Path | None = None,
           picture: str | None = None, survey: str | None = None,
           question: str | None = None, **fields) -> Action:
    """Record an action (raati.store.ActionStore.add_action ``fields``: status, public,
    responsible, due, panel, proposal, note) by ``user`` at ``unit``, with its picture
    checked against the survey folder ``defs_dir`` and its survey and question against
    ``surveys``; logged (audit ``action``, target ``action ID``).

    Raises NotAllowed (may_edit) or ActionError; nothing is stored then."""
    if not may_edit(user, unit):
        raise NotAllowed(f"{user.name} may not record actions of unit {unit}", "no_access")
    picture = rules.check_picture(picture, defs_dir)
    check_survey_source(surveys or {}, survey, question)
    action = store.add_action(unit, said, did, picture=picture, survey=survey,
                              question=question, **fields)
    store.audit(user.name, "action", f"action {action.id}",
                f"add {unit} {action.status} ({action.source})")
    return action


def _own(store: Store, user: User, action_id: int) -> Action:
    action = store.action(action_id)
    if action is None or not may_read(user, action.unit):
        raise ActionError(f"action: no action {action_id}", "action_not_found")
    if not may_edit(user, action.unit):
        raise NotAllowed(f"{user.name} may not change action {action_id}", "no_access")
    return action


def change(store: Store, user: User, action_id: int, *, defs_dir: Path | None = None,
           **changes) -> Action:
    """Change an action (raati.store.ActionStore.update_action ``changes``: status, did,
    note, said, public, responsible, due, picture — a picture checked against
    ``defs_dir``) by ``user``; logged with what changed (audit ``action``).

    Raises ActionError (unknown, or a refused value) or NotAllowed."""
    old = _own(store, user, action_id)
    if changes.get("picture"):
        changes["picture"] = rules.check_picture(changes["picture"], defs_dir)
    new = store.update_action(action_id, **changes)
    what = [k for k in ("status", "did", "said", "public", "responsible", "due", "picture")
            if getattr(new, k) != getattr(old, k)]
    if changes.get("note"):
        what.append("note")
    if what:
        detail = ", ".join(f"status {new.status}" if k == "status" else k for k in what)
        store.audit(user.name, "action", f"action {action_id}", f"change: {detail}")
    return new


def remove(store: Store, user: User, action_id: int) -> None:
    """Delete an action by ``user`` (may_edit); logged. Raises ActionError or NotAllowed."""
    action = _own(store, user, action_id)
    store.delete_action(action_id)
    store.audit(user.name, "action", f"action {action_id}", f"delete {action.unit}")


def set_done_shown_days(store: Store, user: User, unit: str, days: int) -> None:
    """How long the unit's public page keeps done actions (days, 0..3650), by ``user``
    (may_edit); logged. Raises NotAllowed or ActionError."""
    if not may_edit(user, unit):
        raise NotAllowed(f"{user.name} may not change unit {unit}", "no_access")
    store.set_done_shown_days(unit, days)
    store.audit(user.name, "action_settings", unit, f"done actions shown {days} days")


def csv_header(lang: str = "fi") -> list[str]:
    """The CSV export's header: the columns CSV_COLUMNS (in that order) named in ``lang``
    (raati.i18n keys ``action_csv_<column>``; fi, sv, en; another: as raati.i18n.t
    falls back)."""
    return [t(f"action_csv_{column}", lang) for column in CSV_COLUMNS]


def changed_text(entry: HistoryEntry, lang: str = "fi") -> str:
    """What a history entry changed, in words of ``lang``: ``muutettu: Tila, Julkinen``
    (the CSV's column names); "" for an entry that names no field (the recording, a
    note alone)."""
    if not entry.changed:
        return ""
    return t("action_csv_changed", lang,
             fields=", ".join(t(f"action_csv_{f}", lang) for f in entry.changed))


def _history_text(entry: HistoryEntry, lang: str) -> str:
    """One history entry for the CSV: ``2027-01-20 Suunnitteilla (muutettu: Tila): note``."""
    text = f"{entry.date} {t(f'action_status_{entry.status}', lang)}"
    if entry.changed:
        text += f" ({changed_text(entry, lang)})"
    return text + (f": {entry.note}" if entry.note else "")


def csv_rows(actions: Iterable[Action], today: dt.date, lang: str = "fi") -> list[list[str]]:
    """Rows for the CSV export, for staff reading it in Excel: the header
    (:func:`csv_header` in ``lang``), then one row per action in CSV_COLUMNS order. The
    status and the source are words in ``lang`` as the staff page shows them (``Tehty``,
    ``Kuultu``); public and overdue are ``kyllä``/``ei`` (in ``lang``); dates stay
    YYYY-MM-DD; the history is its entries (:func:`_history_text`) joined by `` | ``.
    ``raati action list --json`` keeps the contract's codes (contract §6)."""
    yes, no = t("action_csv_yes", lang), t("action_csv_no", lang)
    rows = [csv_header(lang)]
    for a in actions:
        history = " | ".join(_history_text(h, lang) for h in a.history)
        rows.append([str(a.id), a.unit, a.said, a.did, t(f"action_status_{a.status}", lang),
                     yes if a.public else no, a.responsible or "", a.due or "",
                     yes if a.overdue(today) else no,
                     t(f"action_csv_from_{a.source}", lang),
                     "" if a.panel is None else str(a.panel),
                     "" if a.proposal is None else str(a.proposal), a.survey or "",
                     a.question or "", a.picture or "", a.created, a.updated,
                     a.done_on or "", history])
    return rows


def export_csv(actions: Iterable[Action], today: dt.date, excel: bool = False,
               lang: str = "fi") -> bytes:
    """The actions as CSV (raati.transfer.write_csv: formula protection; ``excel``: ``;``
    and a BOM for Excel), columns CSV_COLUMNS with headers and words in ``lang`` (the
    staff member's interface language: fi, sv, en; :func:`csv_rows`)."""
    from raati.transfer import write_csv

    buf = io.BytesIO()
    write_csv(csv_rows(actions, today, lang), buf, excel=excel)
    return buf.getvalue()
