"""The store's part for client panel sessions (contract §5; the rules are in
:mod:`raati.panels`, this module applies them in SQL).

Every change is one ``BEGIN IMMEDIATE`` transaction that reads what the rule needs and
writes in the same transaction, so the dot limit holds for a burst of taps from one
device, for two tabs of it and for several app processes on one database file.

Privacy: no time of day anywhere; idea ids are random; the link between a device and its
ideas or dots exists only while the session is open and is deleted in the transaction
that closes it (``participants`` and each idea's ``votes`` stay as counts).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable

from raati import config
from raati import panels as rules
from raati.panels import DeviceState, Idea, Panel, PanelError, Proposal, WrongPhase
from raati.store.sql import sql_in

_PANEL_COLUMNS = ("id, unit, title, code, phase, votes_per_person, max_per_idea, moderation,"
                  " opened, closed, participants, prompts, themes, survey, round_id,"
                  " kiosk_token, text_retention_days, texts_purged_on, results_public")
_IDEA_COLUMNS = "id, panel_id, text, status, source, votes, grp, shown"
# Idea ids: random, 6 digits (short enough to type in `raati panel moderate`).
_IDEA_ID_MIN, _IDEA_ID_MAX = 100_000, 999_999


def _panel(row) -> Panel:
    (pid, unit, title, code, phase, votes, max_per, moderation, opened, closed,
     participants, prompts, themes, survey, round_id, kiosk_token, retention_days,
     purged_on, results_public) = row
    return Panel(pid, unit, title, code, phase, votes, max_per, moderation, opened, closed,
                 participants, tuple(json.loads(prompts or "[]")),
                 tuple(json.loads(themes or "[]")), survey, round_id, kiosk_token,
                 retention_days, purged_on, bool(results_public))


def _masked(text: str) -> str:
    """``text`` with personal data masked (analysis.text.mask_personal_data), for what
    staff type into an idea: names, phone numbers, e-mail addresses … never reach the
    shared screen unmasked, whoever typed them."""
    from analysis.text import mask_personal_data  # (analysis imports the store)

    return mask_personal_data(text)


def _idea(row) -> Idea:
    return Idea(*row)


class PanelStore:
    """Panel sessions in the store (mixed into :class:`raati.store.Store`)."""

    # -- sessions ----------------------------------------------------------------------

    def open_panel(self, unit: str, title: str, *, votes_per_person: int = rules.DEFAULT_VOTES,
                   max_per_idea: int = rules.DEFAULT_MAX_PER_IDEA, moderation: str = "pre",
                   prompts: Iterable[str] = (), themes: Iterable[dict] = (),
                   survey: str | None = None, round_id: int | None = None,
                   today: str | None = None, new_unit: bool = False) -> Panel:
        """Open a session at ``unit`` in phase ``ideas`` with a new join code; returns it.
        The unit must exist (a mistyped unit is refused, not made: ``raati panel open``
        and the app's unit list), unless ``new_unit`` (an admin typing a new unit on
        *Raadit*, as on the rounds page): then it is created in the same transaction.
        Raises PanelError for a bad title, prompts or settings
        (:func:`raati.panels.check_settings`), StoreError for a bad unit id or, without
        ``new_unit``, for a unit that does not exist (``unit: no unit 'x'``, as
        ``raati action add`` says it); nothing is stored then."""
        title = rules.check_title(title)
        prompts = rules.check_prompts(list(prompts))
        rules.check_settings(votes_per_person, max_per_idea, moderation)
        themes = [dict(t) for t in themes]
        opened = today or config.today().isoformat()
        from raati.store import UNIT_ID_RE, StoreError, _new_token

        if not UNIT_ID_RE.match(unit or ""):
            raise StoreError(f"unit: '{unit}' must match [a-z0-9-]{{1,40}}")
        with self._write() as db:
            if new_unit:
                self._ensure_unit(db, unit)
            elif not db.execute("SELECT 1 FROM units WHERE id = ?", [unit]).fetchone():
                raise StoreError(f"unit: no unit '{unit}'")
            for _attempt in range(20):
                code = rules.new_join_code()
                row = db.execute(
                    "INSERT INTO panels (unit, title, code, phase, votes_per_person,"
                    " max_per_idea, moderation, opened, prompts, themes, survey, round_id,"
                    " kiosk_token) VALUES (?, ?, ?, 'ideas', ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (code) DO NOTHING RETURNING id",
                    [unit, title, code, votes_per_person, max_per_idea, moderation, opened,
                     json.dumps(list(prompts), ensure_ascii=False),
                     json.dumps(themes, ensure_ascii=False), survey, round_id,
                     _new_token()]).fetchone()
                if row:  # None: the join code is taken; draw another
                    break
            else:  # pragma: no cover - 20 clashes in 10^9 codes
                raise PanelError("no free join code; try again")
            return self._panel_in(db, row[0])

    @staticmethod
    def _panel_in(db, panel_id: int) -> Panel | None:
        row = db.execute(f"SELECT {_PANEL_COLUMNS} FROM panels WHERE id = ?",
                         [panel_id]).fetchone()
        return _panel(row) if row else None

    def panel(self, panel_id: int) -> Panel | None:
        """The session with this id, or None."""
        with self._read() as db:
            return self._panel_in(db, panel_id)

    def panel_by_code(self, code: str) -> Panel | None:
        """The session whose join code is ``code`` (already normalised, see
        :func:`raati.panels.normalise_join_code`), closed ones too; None if none."""
        with self._read() as db:
            row = db.execute(f"SELECT {_PANEL_COLUMNS} FROM panels WHERE code = ?",
                             [code]).fetchone()
        return _panel(row) if row else None

    def panels(self, unit: str | None = None, units: Iterable[str] | None = None) -> list[Panel]:
        """Sessions, newest first; only ``unit``'s, or only those of ``units`` if given."""
        sql, params = f"SELECT {_PANEL_COLUMNS} FROM panels", []
        where = []
        if unit is not None:
            where.append("unit = ?")
            params.append(unit)
        if units is not None:
            units = list(units)
            where.append(sql_in("unit", units))
            params += units
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as db:
            return [_panel(r) for r in db.execute(sql + " ORDER BY opened DESC, id DESC",
                                                  params)]

    def _panel_for_write(self, db, panel_id: int) -> Panel:
        panel = self._panel_in(db, panel_id)
        if panel is None:
            raise PanelError(f"panel: no session {panel_id}", "panel_not_found")
        return panel

    def set_panel_phase(self, panel_id: int, phase: str, today: str | None = None) -> Panel:
        """Move a session to ``phase`` (:func:`raati.panels.check_phase_move`); returns it.
        Closing deletes, in the same transaction, which device joined, wrote which idea
        and placed which dot: only the counts stay. Raises PanelError / WrongPhase."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            rules.check_phase_move(panel.phase, phase)
            if phase == "closed":
                for table in ("panel_votes", "panel_idea_authors", "panel_devices"):
                    db.execute(f"DELETE FROM {table} WHERE panel_id = ?", [panel_id])
                db.execute("UPDATE panels SET phase = 'closed', closed = coalesce(closed, ?)"
                           " WHERE id = ?", [today or config.today().isoformat(), panel_id])
                self._rows_forgotten(db)
            else:
                db.execute("UPDATE panels SET phase = ? WHERE id = ?", [phase, panel_id])
            return self._panel_in(db, panel_id)

    _UNSET = object()

    def set_panel_options(self, panel_id: int, *, results_public: bool | None = None,
                          text_retention_days: int | None | object = _UNSET) -> Panel:
        """Change a session's options: ``results_public`` (the join code shows the ideas
        and dots after close) and ``text_retention_days`` (0..3650 days after close; None
        keeps the texts until the session is deleted); an option not given stays. Returns
        the session. Raises PanelError for an unknown session or days out of range."""
        if text_retention_days is not self._UNSET and text_retention_days is not None:
            if (isinstance(text_retention_days, bool) or not isinstance(text_retention_days, int)
                    or not 0 <= text_retention_days <= rules.MAX_TEXT_RETENTION_DAYS):
                raise PanelError(f"text_retention_days: 0..3650 days, not "
                                 f"{text_retention_days!r}", "panel_retention_range")
        with self._write() as db:
            self._panel_for_write(db, panel_id)
            if results_public is not None:
                db.execute("UPDATE panels SET results_public = ? WHERE id = ?",
                           [int(bool(results_public)), panel_id])
            if text_retention_days is not self._UNSET:
                db.execute("UPDATE panels SET text_retention_days = ? WHERE id = ?",
                           [text_retention_days, panel_id])
            return self._panel_in(db, panel_id)

    def purge_panel_texts(self, panel_id: int, on: str) -> int:
        """Delete the idea texts of a closed session (retention, as a round's free text:
        raati.retention): every idea's text becomes empty; the tallies, the groups staff
        named and the proposals (staff's words) stay, and ``texts_purged_on`` = ``on``
        (YYYY-MM-DD). Returns how many texts were deleted. Raises PanelError for an
        unknown session, WrongPhase for one that is not closed."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            if panel.phase != "closed":
                raise WrongPhase(f"panel {panel_id}: texts are deleted only after closing")
            cur = db.execute("UPDATE panel_ideas SET text = '' WHERE panel_id = ?"
                             " AND text != ''", [panel_id])
            db.execute("UPDATE panels SET texts_purged_on = ? WHERE id = ?", [on, panel_id])
            self._rows_forgotten(db)
            return cur.rowcount

    def delete_panel(self, panel_id: int) -> None:
        """Delete a session with its ideas and proposals. Raises PanelError if none."""
        with self._write() as db:
            self._panel_for_write(db, panel_id)
            db.execute("DELETE FROM panels WHERE id = ?", [panel_id])
            self._rows_forgotten(db)

    # -- devices -----------------------------------------------------------------------

    def join_panel(self, panel_id: int, device: str) -> bool:
        """Count a device (its key, :func:`raati.panels.device_key`) as joined; True the
        first time. A closed session is not joined (WrongPhase)."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            if panel.phase == "closed":
                raise WrongPhase("the session has ended", "panel_closed")
            cur = db.execute("INSERT INTO panel_devices (panel_id, device)"
                             " VALUES (?, ?) ON CONFLICT DO NOTHING", [panel_id, device])
            if cur.rowcount:
                db.execute("UPDATE panels SET participants = participants + 1 WHERE id = ?",
                           [panel_id])
            return bool(cur.rowcount)

    @staticmethod
    def _device_state(db, panel_id: int, device: str) -> DeviceState:
        dots = dict(db.execute("SELECT idea_id, dots FROM panel_votes WHERE panel_id = ?"
                               " AND device = ?", [panel_id, device]).fetchall())
        ideas = tuple(r[0] for r in db.execute(
            "SELECT idea_id FROM panel_idea_authors WHERE panel_id = ? AND device = ?",
            [panel_id, device]))
        return DeviceState(dots=dots, ideas=ideas)

    def device_state(self, panel_id: int, device: str) -> DeviceState:
        """This device's dots per idea and its own ideas (empty once the session closed)."""
        with self._read() as db:
            return self._device_state(db, panel_id, device)

    # -- ideas -------------------------------------------------------------------------

    def add_idea(self, panel_id: int, text: str, device: str | None = None,
                 suggest: Callable[[str], str] | None = None) -> Idea:
        """Add an idea. From a device (``device`` given): only in phase ``ideas``, waiting
        for approval under pre-moderation and shown at once under post-moderation, then
        as ``suggest`` makes it (personal data masked: nothing unmasked reaches the
        shared screen without a person's decision). From
        staff (``device`` None: said aloud or written on paper): in the ideas and voting
        phases (raati.panels.STAFF_IDEA_PHASES), approved at once, with personal data masked (analysis.text.mask_personal_data:
        what staff type is masked as a moderator's edit of survey free text is,
        raati.moderation.shown_text). Raises WrongPhase, PanelError (empty), TextTooLong
        (over 280)."""
        text = rules.check_idea_text(text)
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            if panel.phase == "closed":
                raise WrongPhase("the session has ended", "panel_closed")
            if device is not None and panel.phase != "ideas":
                raise WrongPhase(f"new ideas are taken only in the ideas phase (now"
                                 f" {panel.phase})", "panel_no_more_ideas")
            if device is None and panel.phase not in rules.STAFF_IDEA_PHASES:
                raise WrongPhase(f"staff add ideas in the {' and '.join(rules.STAFF_IDEA_PHASES)}"
                                 f" phases (now {panel.phase})", "panel_no_more_ideas")
            if device is not None:
                self._join_in(db, panel_id, device)
            approved = device is None or panel.moderation == "post"
            shown = self._next_shown(db, panel_id) if approved else None
            if device is None:  # staff typed it: masked as a moderator's edit is
                text = _masked(text)
            elif approved and suggest is not None:
                text = suggest(text)
            for _attempt in range(50):
                idea_id = _IDEA_ID_MIN + secrets.randbelow(_IDEA_ID_MAX - _IDEA_ID_MIN + 1)
                if db.execute("INSERT INTO panel_ideas (id, panel_id, text, status, source,"
                              " shown) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
                              " RETURNING id",
                              [idea_id, panel_id, text, "approved" if approved else "waiting",
                               "client" if device is not None else "staff", shown]).fetchone():
                    break  # else the id is taken: draw another
            else:  # pragma: no cover - the id space is far from full
                raise PanelError("no free idea id; try again")
            if device is not None:
                db.execute("INSERT INTO panel_idea_authors (idea_id, panel_id, device)"
                           " VALUES (?, ?, ?)", [idea_id, panel_id, device])
            return self._idea_in(db, idea_id)

    @staticmethod
    def _join_in(db, panel_id: int, device: str) -> None:
        cur = db.execute("INSERT INTO panel_devices (panel_id, device) VALUES (?, ?)"
                         " ON CONFLICT DO NOTHING", [panel_id, device])
        if cur.rowcount:
            db.execute("UPDATE panels SET participants = participants + 1 WHERE id = ?",
                       [panel_id])

    @staticmethod
    def _next_shown(db, panel_id: int) -> int:
        return db.execute("SELECT coalesce(max(shown), 0) + 1 FROM panel_ideas"
                          " WHERE panel_id = ?", [panel_id]).fetchone()[0]

    @staticmethod
    def _idea_in(db, idea_id: int) -> Idea | None:
        row = db.execute(f"SELECT {_IDEA_COLUMNS} FROM panel_ideas WHERE id = ?",
                         [idea_id]).fetchone()
        return _idea(row) if row else None

    def idea(self, idea_id: int) -> Idea | None:
        with self._read() as db:
            return self._idea_in(db, idea_id)

    def ideas(self, panel_id: int, statuses: Iterable[str] | None = None) -> list[Idea]:
        """The session's ideas (only those in ``statuses`` if given): the ones on the
        shared screen in the order shown, then the waiting ones (in id order, which is
        random, not the order written)."""
        sql = f"SELECT {_IDEA_COLUMNS} FROM panel_ideas WHERE panel_id = ?"
        params: list = [panel_id]
        if statuses is not None:
            statuses = list(statuses)
            sql += f" AND {sql_in('status', statuses)}"
            params += statuses
        with self._read() as db:
            return [_idea(r) for r in db.execute(
                sql + " ORDER BY shown IS NULL, shown, id", params)]

    def moderate_idea(self, idea_id: int, status: str, *, text: str | None = None,
                      expect: str | None = None) -> Idea:
        """Approve or hide an idea (``status`` ``approved`` / ``hidden`` / ``waiting``),
        optionally with staff's edited ``text``, which is stored with personal data masked
        (analysis.text.mask_personal_data, as a moderator's edit of survey free text). A
        closed session's ideas no longer change (WrongPhase). With
        ``expect``, only if the idea is still in that state (a second moderator's click
        on a stale screen is refused, PanelError). An idea approved for the first time
        goes to the end of the shared screen. Hiding an idea (or taking it back to
        waiting) takes back its dots: a device's dots never stay on an idea it cannot see
        or vote on."""
        if status not in rules.IDEA_STATES:
            raise PanelError(f"status: '{status}' is not one of {', '.join(rules.IDEA_STATES)}")
        if text is not None:
            text = _masked(rules.check_idea_text(text))
        with self._write() as db:
            idea = self._idea_in(db, idea_id)
            if idea is None:
                raise PanelError(f"idea: no idea {idea_id}", "panel_idea_not_found")
            panel = self._panel_for_write(db, idea.panel_id)
            if panel.phase == "closed":
                raise WrongPhase("the session has ended", "panel_closed")
            if expect is not None and idea.status != expect:
                raise PanelError(f"idea {idea_id} is already {idea.status}",
                                 "panel_idea_changed")
            shown = idea.shown
            if status == "approved" and shown is None:
                shown = self._next_shown(db, idea.panel_id)
            if status != "approved":
                db.execute("DELETE FROM panel_votes WHERE idea_id = ?", [idea_id])
                db.execute("UPDATE panel_ideas SET votes = 0 WHERE id = ?", [idea_id])
            db.execute("UPDATE panel_ideas SET status = ?, shown = ?, text = coalesce(?, text)"
                       " WHERE id = ?", [status, shown, text, idea_id])
            return self._idea_in(db, idea_id)

    def approve_waiting_ideas(self, panel_id: int, ids: Iterable[int] | None = None,
                              suggest: Callable[[str], str] | None = None) -> int:
        """Approve every waiting idea of the session (or only those of ``ids`` that are
        still waiting), in id order, each as ``suggest`` makes its text (the masked
        suggestion the facilitator saw); returns how many."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            if panel.phase == "closed":
                raise WrongPhase("the session has ended", "panel_closed")
            waiting = db.execute(
                "SELECT id, text FROM panel_ideas WHERE panel_id = ? AND status = 'waiting'"
                " ORDER BY id", [panel_id]).fetchall()
            if ids is not None:
                wanted = set(ids)
                waiting = [(i, text) for i, text in waiting if i in wanted]
            shown = self._next_shown(db, panel_id)
            for n, (idea_id, text) in enumerate(waiting):
                db.execute("UPDATE panel_ideas SET status = 'approved', shown = ?, text = ?"
                           " WHERE id = ?",
                           [shown + n, suggest(text) if suggest else text, idea_id])
            return len(waiting)

    def group_ideas(self, idea_ids: Iterable[int], group: str | None) -> int:
        """Give ideas of one session a group label (None or empty: no group); returns how
        many. Raises PanelError for ideas of several sessions or an unknown id, WrongPhase
        once the session is closed (its ranking, export and report are final)."""
        group = rules.check_group(group)
        idea_ids = sorted(set(idea_ids))
        if not idea_ids:
            return 0
        with self._write() as db:
            rows = db.execute("SELECT id, panel_id FROM panel_ideas WHERE"
                              f" {sql_in('id', idea_ids)}", idea_ids).fetchall()
            if len(rows) != len(idea_ids):
                missing = set(idea_ids) - {r[0] for r in rows}
                raise PanelError(f"idea: no idea {', '.join(map(str, sorted(missing)))}")
            if len({r[1] for r in rows}) != 1:
                raise PanelError("group: the ideas are of different sessions")
            if self._panel_for_write(db, rows[0][1]).phase == "closed":
                raise WrongPhase("the session has ended", "panel_closed")
            db.execute(f"UPDATE panel_ideas SET grp = ? WHERE {sql_in('id', idea_ids)}",
                       [group, *idea_ids])
            return len(rows)

    # -- dots --------------------------------------------------------------------------

    def add_dot(self, panel_id: int, device: str, idea_id: int) -> DeviceState:
        """Place one of the device's dots on an approved idea, checked and written in one
        transaction (:func:`raati.panels.check_dot`); returns the device's state after.
        Raises WrongPhase outside voting, DotLimit over a limit, PanelError for an idea
        that is not on the shared screen of this session."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            idea = self._idea_in(db, idea_id)
            if idea is None or idea.panel_id != panel_id or idea.status != "approved":
                raise PanelError(f"idea: {idea_id} is not an idea of this session to vote on",
                                 "panel_idea_not_found")
            state = self._device_state(db, panel_id, device)
            rules.check_dot(state, idea_id, panel)
            self._join_in(db, panel_id, device)
            db.execute("INSERT INTO panel_votes (panel_id, device, idea_id, dots)"
                       " VALUES (?, ?, ?, 1) ON CONFLICT (panel_id, device, idea_id)"
                       " DO UPDATE SET dots = panel_votes.dots + 1", [panel_id, device, idea_id])
            db.execute("UPDATE panel_ideas SET votes = votes + 1 WHERE id = ?", [idea_id])
            return self._device_state(db, panel_id, device)

    def remove_dot(self, panel_id: int, device: str, idea_id: int) -> DeviceState:
        """Take back one of the device's dots from an idea (nothing happens if it has none
        there); only while voting (WrongPhase otherwise). Returns the state after."""
        with self._write() as db:
            panel = self._panel_for_write(db, panel_id)
            if panel.phase != "voting":
                raise WrongPhase(f"voting is not open (the session is in phase {panel.phase})",
                                 "panel_not_voting")
            cur = db.execute("UPDATE panel_votes SET dots = dots - 1 WHERE panel_id = ? AND"
                             " device = ? AND idea_id = ? AND dots > 0",
                             [panel_id, device, idea_id])
            if cur.rowcount:
                db.execute("DELETE FROM panel_votes WHERE panel_id = ? AND device = ? AND"
                           " idea_id = ? AND dots = 0", [panel_id, device, idea_id])
                db.execute("UPDATE panel_ideas SET votes = votes - 1 WHERE id = ?", [idea_id])
            return self._device_state(db, panel_id, device)

    def panel_voters(self, panel_id: int) -> int:
        """How many devices have at least one dot placed now (0 once closed)."""
        with self._read() as db:
            return db.execute("SELECT count(DISTINCT device) FROM panel_votes"
                              " WHERE panel_id = ?", [panel_id]).fetchone()[0]

    # -- proposals ---------------------------------------------------------------------

    def add_proposal(self, panel_id: int, text: str, idea_ids: Iterable[int] = ()) -> Proposal:
        """A proposal in plain language made from approved ideas of the session, in any
        phase (also after close: proposals are often written up after the meeting).
        Raises PanelError for an empty text or an idea not approved in this session."""
        text = rules.check_proposal_text(text)
        idea_ids = sorted(set(idea_ids))
        with self._write() as db:
            self._panel_for_write(db, panel_id)
            self._check_own_ideas(db, panel_id, idea_ids)
            cur = db.execute("INSERT INTO panel_proposals (panel_id, text, ideas) VALUES"
                             " (?, ?, ?) RETURNING id", [panel_id, text, json.dumps(idea_ids)])
            return self._proposals_in(db, panel_id, cur.fetchone()[0])[0]

    def update_proposal(self, proposal_id: int, text: str | None = None,
                        idea_ids: Iterable[int] | None = None) -> Proposal:
        """Change a proposal's text and/or its ideas. Raises PanelError if none."""
        with self._write() as db:
            row = db.execute("SELECT panel_id FROM panel_proposals WHERE id = ?",
                             [proposal_id]).fetchone()
            if row is None:
                raise PanelError(f"proposal: no proposal {proposal_id}")
            if text is not None:
                db.execute("UPDATE panel_proposals SET text = ? WHERE id = ?",
                           [rules.check_proposal_text(text), proposal_id])
            if idea_ids is not None:
                idea_ids = sorted(set(idea_ids))
                self._check_own_ideas(db, row[0], idea_ids)
                db.execute("UPDATE panel_proposals SET ideas = ? WHERE id = ?",
                           [json.dumps(idea_ids), proposal_id])
            return self._proposals_in(db, row[0], proposal_id)[0]

    def delete_proposal(self, proposal_id: int) -> None:
        """Delete a proposal of a session that is not closed and that no action answers
        (contract §6: an action's source must not vanish; a closed session's outcome is
        final, as its ideas and groups are). Raises PanelError if there is no such
        proposal, WrongPhase (key ``panel_proposal_closed``) once the session is closed,
        PanelError (key ``panel_proposal_has_actions``, values ``n`` and ``items``: the
        actions' "did" texts joined by "; ") when actions were recorded from it."""
        with self._write() as db:
            row = db.execute("SELECT panel_id FROM panel_proposals WHERE id = ?",
                             [proposal_id]).fetchone()
            if row is None:
                raise PanelError(f"proposal: no proposal {proposal_id}")
            if self._panel_for_write(db, row[0]).phase == "closed":
                raise WrongPhase(f"proposal {proposal_id}: the session is closed; its"
                                 " proposals are final", "panel_proposal_closed")
            linked = [r[0] for r in db.execute(
                "SELECT did FROM actions WHERE proposal_id = ? ORDER BY id", [proposal_id])]
            if linked:
                raise PanelError(f"proposal {proposal_id}: {len(linked)} action(s) answer it;"
                                 " an action's source stays", "panel_proposal_has_actions",
                                 n=len(linked), items="; ".join(linked))
            db.execute("DELETE FROM panel_proposals WHERE id = ?", [proposal_id])

    @staticmethod
    def _check_own_ideas(db, panel_id: int, idea_ids: list[int]) -> None:
        if not idea_ids:
            return
        found = {r[0] for r in db.execute(
            "SELECT id FROM panel_ideas WHERE panel_id = ? AND status = 'approved' AND"
            f" {sql_in('id', idea_ids)}", [panel_id, *idea_ids])}
        missing = [i for i in idea_ids if i not in found]
        if missing:
            raise PanelError(f"proposal: {', '.join(map(str, missing))} is not an approved idea"
                             f" of session {panel_id}", "panels_proposal_idea_gone")

    @staticmethod
    def _proposals_in(db, panel_id: int, proposal_id: int | None = None) -> list[Proposal]:
        votes = dict(db.execute("SELECT id, votes FROM panel_ideas WHERE panel_id = ?"
                                " AND status = 'approved'", [panel_id]).fetchall())
        sql = "SELECT id, panel_id, text, ideas FROM panel_proposals WHERE panel_id = ?"
        params: list = [panel_id]
        if proposal_id is not None:
            sql += " AND id = ?"
            params.append(proposal_id)
        out = []
        for pid, pan, text, ideas in db.execute(sql + " ORDER BY id", params):
            ids = tuple(i for i in json.loads(ideas) if i in votes)
            out.append(Proposal(pid, pan, text, ids, sum(votes[i] for i in ids)))
        return out

    def proposals(self, panel_id: int) -> list[Proposal]:
        """The session's proposals in the order made, each with its ideas' combined dots
        (ideas hidden since are left out)."""
        with self._read() as db:
            return self._proposals_in(db, panel_id)

    def panel_texts_count(self, panel_id: int) -> dict[str, int]:
        """How many ideas the session has per status (``waiting``/``approved``/``hidden``)."""
        with self._read() as db:
            return dict(db.execute("SELECT status, count(*) FROM panel_ideas WHERE"
                                   " panel_id = ? GROUP BY status", [panel_id]).fetchall())
