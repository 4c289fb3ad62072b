"""The store's part for "you said, we did" actions (contract §6; the rules are in
:mod:`raati.actions`, this module applies them in SQL). Every change is one transaction
that writes the action and its dated history entry together."""

from __future__ import annotations

from collections.abc import Iterable

from raati import actions as rules
from raati import config
from raati.actions import Action, ActionError, HistoryEntry
from raati.store.sql import sql_in

_COLUMNS = ("id, unit, said, did, status, public, responsible, due, picture, panel_id,"
            " proposal_id, survey, question, created, updated, done_on")
_UNSET = object()
DONE_DAYS_SETTING = "actions_done_shown_days:"  # + unit id


def _action(row, history: tuple[HistoryEntry, ...]) -> Action:
    (aid, unit, said, did, status, public, responsible, due, picture, panel, proposal,
     survey, question, created, updated, done_on) = row
    return Action(aid, unit, said, did, status, bool(public), responsible, due, picture,
                  panel, proposal, survey, question, created, updated, done_on, history)


class ActionStore:
    """Actions in the store (mixed into :class:`raati.store.Store`)."""

    @staticmethod
    def _actions_in(db, where: str = "", params: Iterable = ()) -> list[Action]:
        rows = db.execute(f"SELECT {_COLUMNS} FROM actions {where}"
                          " ORDER BY created DESC, id DESC", list(params)).fetchall()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        history: dict[int, list[HistoryEntry]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for aid, date, status, note, changed in db.execute(
                    f"SELECT action_id, date, status, note, changed FROM action_history"
                    f" WHERE action_id IN ({marks}) ORDER BY action_id, seq", chunk):
                history[aid].append(HistoryEntry(date, status, note,
                                                 tuple(filter(None, changed.split(",")))))
        return [_action(r, tuple(history[r[0]])) for r in rows]

    def action(self, action_id: int) -> Action | None:
        """The action with this id, with its history; None when there is none."""
        with self._read() as db:
            found = self._actions_in(db, "WHERE id = ?", [action_id])
        return found[0] if found else None

    def actions(self, unit: str | None = None, units: Iterable[str] | None = None,
                statuses: Iterable[str] | None = None, public_only: bool = False,
                proposal: int | None = None, survey: str | None = None,
                question: str | None = None) -> list[Action]:
        """Actions newest first (created, then id), each with its history, narrowed by
        ``unit``, ``units`` (None: every unit), ``statuses``, ``public_only``, the panel
        ``proposal`` they answer, or the ``survey`` (and ``question``) they came from."""
        where, params = [], []
        if unit is not None:
            where.append("unit = ?")
            params.append(unit)
        if units is not None:
            units = list(units)
            where.append(sql_in("unit", units))
            params += units
        if statuses is not None:
            statuses = list(statuses)
            where.append(sql_in("status", statuses))
            params += statuses
        if public_only:
            where.append("public = 1")
        for column, value in (("proposal_id", proposal), ("survey", survey),
                              ("question", question)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        with self._read() as db:
            return self._actions_in(db, "WHERE " + " AND ".join(where) if where else "",
                                    params)

    def add_action(self, unit: str, said: str, did: str, *, status: str = "received",
                   public: bool = True, responsible: str | None = None,
                   due: str | None = None, picture: str | None = None,
                   panel: int | None = None, proposal: int | None = None,
                   survey: str | None = None, question: str | None = None,
                   note: str = "", today: str | None = None) -> Action:
        """Record an action at an existing ``unit`` with its first history entry (today,
        ``status``, ``note``, no ``changed``); returns it. Its id is new: an id once
        given never names another action, even after a delete (AUTOINCREMENT, store
        migration m014). Texts are checked by raati.actions (said, did, responsible, due,
        note); ``picture`` must already be checked (raati.actions.check_picture, which
        needs the survey folder), as must ``survey`` and ``question`` be of the survey
        definitions (raati.action_control.check_survey_source). A ``survey`` must have a
        round or answers at ``unit`` (key ``action_survey_other_unit``). A ``proposal``
        must be one of ``panel``'s (the panel is taken from the proposal when not given),
        and the panel of the same unit.

        Raises ActionError (raati.actions) for any refused value; nothing is stored."""
        said, did = rules.check_said(said), rules.check_did(did)
        status = rules.check_status(status)
        responsible, due = rules.check_responsible(responsible), rules.check_due(due)
        note = rules.check_note(note)
        if question is not None and survey is None:
            raise ActionError("question: give its survey too", "action_question_needs_survey")
        day = today or config.today().isoformat()
        with self._write() as db:
            self._check_unit(db, unit)
            panel = self._check_source(db, unit, panel, proposal)
            if survey is not None:
                self._check_survey_at(db, unit, survey)
            cur = db.execute(
                f"INSERT INTO actions ({_COLUMNS.removeprefix('id, ')}) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [unit, said, did, status, int(bool(public)), responsible, due, picture,
                 panel, proposal, survey, question, day, day,
                 day if status in rules.CLOSED_STATUSES else None])
            action_id = cur.fetchone()[0]
            db.execute("INSERT INTO action_history (action_id, seq, date, status, note)"
                       " VALUES (?, 1, ?, ?, ?)", [action_id, day, status, note])
            return self._actions_in(db, "WHERE id = ?", [action_id])[0]

    @staticmethod
    def _check_unit(db, unit: str) -> None:
        if not db.execute("SELECT 1 FROM units WHERE id = ?", [unit]).fetchone():
            raise ActionError(f"unit: no unit '{unit}'", "action_no_unit", unit=unit)

    def surveys_used_at(self, unit: str) -> set[str]:
        """The ids of the surveys with a round or answers at ``unit``: those an action of
        that unit may name as its source (add_action refuses the others)."""
        with self._read() as db:
            return {s for (s,) in db.execute(
                "SELECT survey FROM rounds WHERE unit = ? UNION"
                " SELECT DISTINCT survey FROM responses WHERE unit = ?", [unit, unit])}

    @staticmethod
    def _check_survey_at(db, unit: str, survey: str) -> None:
        """ActionError (key ``action_survey_other_unit``) unless ``survey`` has a round or
        answers at ``unit``: an action from a survey answers a finding of that unit's
        clients, not of another unit's. The message names the units it has them at."""
        if db.execute("SELECT EXISTS (SELECT 1 FROM rounds WHERE survey = ? AND unit = ?)"
                      " OR EXISTS (SELECT 1 FROM responses WHERE survey = ? AND unit = ?)",
                      [survey, unit, survey, unit]).fetchone()[0]:
            return
        units = sorted(u for (u,) in db.execute(
            "SELECT unit FROM rounds WHERE survey = ? UNION SELECT DISTINCT unit FROM"
            " responses WHERE survey = ? AND unit IS NOT NULL", [survey, survey]))
        where = f" (it has them at: {', '.join(units)})" if units else " (nor at any unit)"
        raise ActionError(f"survey: '{survey}' has no round or answers at unit '{unit}'"
                          + where, "action_survey_other_unit", survey=survey, unit=unit)

    @staticmethod
    def _check_source(db, unit: str, panel: int | None, proposal: int | None) -> int | None:
        """The panel an action answers (from its proposal when only that is given),
        checked: it exists, is of ``unit``, and ``proposal`` is one of its proposals."""
        if proposal is not None:
            row = db.execute("SELECT panel_id FROM panel_proposals WHERE id = ?",
                             [proposal]).fetchone()
            if row is None or (panel is not None and row[0] != panel):
                raise ActionError(f"proposal: no proposal {proposal}"
                                  + (f" in panel {panel}" if panel is not None else ""),
                                  "action_no_proposal")
            panel = row[0]
        if panel is not None:
            row = db.execute("SELECT unit FROM panels WHERE id = ?", [panel]).fetchone()
            if row is None:
                raise ActionError(f"panel: no session {panel}", "action_no_panel")
            if row[0] != unit:
                raise ActionError(f"panel: session {panel} is of unit '{row[0]}', not "
                                  f"'{unit}'", "action_panel_other_unit")
        return panel

    def update_action(self, action_id: int, *, status: str | None = None,
                      did: str | None = None, note: str | None = None,
                      said: str | None = None, public: bool | None = None,
                      responsible: str | None | object = _UNSET,
                      due: str | None | object = _UNSET,
                      picture: str | None | object = _UNSET,
                      today: str | None = None) -> Action:
        """Change an action; what is not given (or given as it is) stays. Every change
        writes one dated history entry: today, the status after the change, the ``note``
        and ``changed``, the fields it changed (raati.actions.HISTORY_FIELDS: status,
        said, did, public, picture, responsible, due); a note alone writes an entry that
        names no field; nothing changed and no note writes nothing. Reaching ``done`` or
        ``not_possible`` sets ``done_on``, leaving them clears it. Returns the action.
        Raises ActionError for an unknown action or a refused value; nothing is stored
        then."""
        changes: dict[str, object] = {}
        if status is not None:
            changes["status"] = rules.check_status(status)
        if did is not None:
            changes["did"] = rules.check_did(did)
        if said is not None:
            changes["said"] = rules.check_said(said)
        if public is not None:
            changes["public"] = int(bool(public))
        if responsible is not _UNSET:
            changes["responsible"] = rules.check_responsible(responsible)
        if due is not _UNSET:
            changes["due"] = rules.check_due(due)
        if picture is not _UNSET:
            changes["picture"] = picture or None
        note = rules.check_note(note) if note is not None else ""
        day = today or config.today().isoformat()
        with self._write() as db:
            found = self._actions_in(db, "WHERE id = ?", [action_id])
            if not found:
                raise ActionError(f"action: no action {action_id}", "action_not_found")
            old = found[0]
            changes = {k: v for k, v in changes.items()
                       if v != (int(old.public) if k == "public" else getattr(old, k))}
            if not changes and not note:
                return old
            new_status = changes.get("status", old.status)
            if "status" in changes:
                changes["done_on"] = day if new_status in rules.CLOSED_STATUSES else None
            changes["updated"] = day
            db.execute(f"UPDATE actions SET {', '.join(f'{k} = ?' for k in changes)}"
                       " WHERE id = ?", [*changes.values(), action_id])
            changed = ",".join(f for f in rules.HISTORY_FIELDS if f in changes)
            seq = db.execute("SELECT coalesce(max(seq), 0) + 1 FROM action_history"
                             " WHERE action_id = ?", [action_id]).fetchone()[0]
            db.execute("INSERT INTO action_history (action_id, seq, date, status, note,"
                       " changed) VALUES (?, ?, ?, ?, ?, ?)",
                       [action_id, seq, day, new_status, note, changed])
            return self._actions_in(db, "WHERE id = ?", [action_id])[0]

    def delete_action(self, action_id: int) -> None:
        """Delete an action and its history; its id is not given again. Raises
        ActionError for an unknown one."""
        with self._write() as db:
            if db.execute("DELETE FROM actions WHERE id = ?", [action_id]).rowcount == 0:
                raise ActionError(f"action: no action {action_id}", "action_not_found")

    def done_shown_days(self, unit: str) -> int:
        """How many days the unit's public page keeps a done action (a setting per unit;
        raati.actions.DEFAULT_DONE_SHOWN_DAYS when not set)."""
        value = self.setting(DONE_DAYS_SETTING + unit)
        return int(value) if value is not None and value.isdigit() else \
            rules.DEFAULT_DONE_SHOWN_DAYS

    def set_done_shown_days(self, unit: str, days: int) -> None:
        """Set how many days the unit's public page keeps a done action
        (raati.actions.check_done_shown_days). Raises ActionError for a bad value."""
        self.set_setting(DONE_DAYS_SETTING + unit, str(rules.check_done_shown_days(days)))
