"""What staff do to a panel session from the app: each action checks that the user may
act on the session's unit (:func:`raati.auth.may_act_on_unit`), applies it through the
store (where the rules of :mod:`raati.panels` hold in one transaction) and writes the
audit log. No Streamlit here; the facilitator's page and the shared screen only draw.

The audit log says who did what to which session; it never names an idea's id next to
the time of day (dates only with anything clients wrote, as elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from raati import auth
from raati import panels as rules
from raati.panels import Idea, Panel, PanelError, Proposal
from raati.store import Store, User


class NotYourUnit(PanelError):
    """The user may not act on this session's unit."""


def _own(store: Store, user: User, panel_id: int) -> Panel:
    panel = store.panel(panel_id)
    if panel is None:
        raise PanelError(f"panel: no session {panel_id}", "panel_not_found")
    if not auth.may_act_on_unit(user, panel.unit):
        raise NotYourUnit(f"panel {panel_id}: {user.name} may not act on unit {panel.unit}",
                          "no_access")
    return panel


def sessions_for(store: Store, user: User) -> list[Panel]:
    """The sessions ``user`` may run (:func:`raati.auth.unit_filter`): all for an admin,
    else those of their own units; newest first."""
    units = auth.unit_filter(user)
    return store.panels(units=units)


def open_session(store: Store, user: User, unit: str, title: str, **settings) -> Panel:
    """Open a session at ``unit`` (raati.store.PanelStore.open_panel ``settings``: votes,
    max per idea, moderation, prompts, themes, survey, round) and log it. Raises
    NotYourUnit, PanelError or StoreError."""
    if not auth.may_act_on_unit(user, unit):
        raise NotYourUnit(f"{user.name} may not open a session at unit {unit}", "no_access")
    panel = store.open_panel(unit, title, **settings)
    store.audit(user.name, "panel", str(panel.id), f"open {unit}")
    return panel


def move_phase(store: Store, user: User, panel_id: int, phase: str) -> Panel:
    """Move the session to ``phase`` (closing forgets the devices) and log it."""
    _own(store, user, panel_id)
    panel = store.set_panel_phase(panel_id, phase)
    store.audit(user.name, "panel", str(panel_id), f"phase {phase}")
    return panel


def moderate(store: Store, user: User, idea_id: int, status: str, *, text: str | None = None,
             expect: str | None = None) -> Idea:
    """Approve, hide or return to waiting an idea (with staff's edited ``text``, e.g. the
    masked suggestion) if it is still in state ``expect``; logged without the idea's id.
    Raises PanelError (gone, changed meanwhile), NotYourUnit, TextTooLong."""
    idea = store.idea(idea_id)
    if idea is None:
        raise PanelError(f"idea: no idea {idea_id}", "panel_idea_not_found")
    _own(store, user, idea.panel_id)
    done = store.moderate_idea(idea_id, status, text=text, expect=expect)
    edited = " (edited)" if text is not None and text != idea.text else ""
    store.audit(user.name, "panel", str(idea.panel_id), f"idea {status}{edited}")
    return done


def approve_all(store: Store, user: User, panel_id: int, ids: Iterable[int] | None = None,
                suggest: Callable[[str], str] | None = None) -> int:
    """Approve the waiting ideas (only ``ids`` of them, the ones shown, if given), each
    as ``suggest`` makes it (the masked suggestion shown on its card); logged with how
    many. Returns how many."""
    _own(store, user, panel_id)
    n = store.approve_waiting_ideas(panel_id, ids, suggest=suggest)
    store.audit(user.name, "panel", str(panel_id), f"approved {n} waiting ideas")
    return n


def add_idea(store: Store, user: User, panel_id: int, text: str) -> Idea:
    """An idea said aloud or written on paper, approved at once; logged."""
    _own(store, user, panel_id)
    idea = store.add_idea(panel_id, text)
    store.audit(user.name, "panel", str(panel_id), "idea added by staff")
    return idea


def group(store: Store, user: User, panel_id: int, idea_ids: Iterable[int],
          name: str | None) -> int:
    """Give ideas of the session a group label (None: take them out of their group)."""
    _own(store, user, panel_id)
    ids = list(idea_ids)
    ideas = {i.id for i in store.ideas(panel_id)}
    if any(i not in ideas for i in ids):
        raise PanelError("group: an idea is not of this session", "panel_idea_not_found")
    n = store.group_ideas(ids, name)
    store.audit(user.name, "panel", str(panel_id), f"grouped {n} ideas")
    return n


def add_proposal(store: Store, user: User, panel_id: int, text: str,
                 idea_ids: Iterable[int]) -> Proposal:
    """A proposal in plain language from approved ideas of the session; logged."""
    _own(store, user, panel_id)
    proposal = store.add_proposal(panel_id, text, idea_ids)
    store.audit(user.name, "panel", str(panel_id), f"proposal {proposal.id} added")
    return proposal


def delete_proposal(store: Store, user: User, panel_id: int, proposal_id: int) -> None:
    _own(store, user, panel_id)
    if proposal_id not in {p.id for p in store.proposals(panel_id)}:
        raise PanelError(f"proposal: no proposal {proposal_id} in session {panel_id}")
    store.delete_proposal(proposal_id)
    store.audit(user.name, "panel", str(panel_id), f"proposal {proposal_id} deleted")


def delete_session(store: Store, user: User, panel_id: int) -> None:
    """Delete a session with its ideas and proposals; logged."""
    panel = _own(store, user, panel_id)
    store.delete_panel(panel_id)
    store.audit(user.name, "panel", str(panel_id), f"deleted ({panel.unit})")


EXPORT_FORMATS = ("json", "csv", "excel-csv")


def export_outcome(store: Store, panel: Panel, fmt: str) -> bytes:
    """The session's outcome (:func:`raati.panels.outcome`, contract §5) as a file, read
    when asked: ``json`` (UTF-8, indented), ``csv`` or ``excel-csv`` (``;``, a BOM and
    formula protection, :func:`raati.transfer.write_csv`) with the columns
    OUTCOME_CSV_COLUMNS. The one export of the app and ``raati panel export``. Raises
    ValueError for another format."""
    import io
    import json

    from raati.transfer import write_csv

    data = rules.outcome(panel, store.ideas(panel.id), store.proposals(panel.id))
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format: '{fmt}' is not one of {', '.join(EXPORT_FORMATS)}")
    buf = io.BytesIO()
    write_csv([list(rules.OUTCOME_CSV_COLUMNS), *rules.outcome_rows(data)], buf,
              excel=fmt == "excel-csv")
    return buf.getvalue()
