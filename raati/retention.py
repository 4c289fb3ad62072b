"""Retention of free text: a round can keep its raw free text (text questions and
"Kerro lisää" comments) only for a chosen number of days after it closes; then the text
is deleted and the scale, grade and choice answers (the aggregates) stay.

A client panel session follows the same rule for its idea texts (issue 12, item 6): the
given number of days after the session closes they are deleted; the dot tallies, group
names and proposals (staff's own words) stay."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from raati import config
from raati.panels import Panel
from raati.store import Round, Store
from raati.surveys import Survey


@dataclass(frozen=True)
class Purge:
    round: Round
    texts_deleted: int


@dataclass(frozen=True)
class PanelPurge:
    panel: Panel
    texts_deleted: int


def text_questions(survey: Survey) -> list[str]:
    return [q.id for q in survey.questions if q.type == "text"]


def purge_due_on(rnd: Round) -> dt.date | None:
    """The first day on which the round's free text is deleted, if it has a rule."""
    if rnd.text_retention_days is None or not rnd.closes:
        return None
    return dt.date.fromisoformat(rnd.closes) + dt.timedelta(days=rnd.text_retention_days + 1)


def purge_texts(store: Store, rnd: Round, survey: Survey, actor: str,
                today: dt.date | None = None) -> Purge:
    """Delete a round's free text now, and log it."""
    today = today or config.today()
    deleted = store.purge_round_texts(rnd.id, text_questions(survey), today.isoformat())
    store.audit(actor, "texts_delete", f"round {rnd.id}",
                f"{rnd.survey} / {rnd.unit} / {rnd.name}: {deleted} texts")
    return Purge(rnd, deleted)


def apply_retention(store: Store, surveys: dict[str, Survey],
                    today: dt.date | None = None, actor: str = "system") -> list[Purge]:
    """Delete the free text of every round whose retention time has passed."""
    today = today or config.today()
    done = []
    for rnd in store.rounds():
        due = purge_due_on(rnd)
        if due is None or due > today or rnd.texts_purged_on:
            continue
        survey = surveys.get(rnd.survey)
        if survey is None:
            # Logged once, not on every hourly run.
            target = f"round {rnd.id}"
            if not any(e.target == target
                       for e in store.audit_entries(limit=10_000, action="texts_delete_skipped")):
                store.audit(actor, "texts_delete_skipped", target,
                            f"survey {rnd.survey} is missing: its text questions are unknown")
            continue
        done.append(purge_texts(store, rnd, survey, actor, today))
    return done


def delete_round(store: Store, rnd: Round, actor: str) -> int:
    """Delete a round with all its responses, and log it."""
    n = store.delete_round(rnd.id)
    store.audit(actor, "round_delete", f"round {rnd.id}",
                f"{rnd.survey} / {rnd.unit} / {rnd.name}: {n} responses")
    return n


def panel_purge_due_on(panel: Panel) -> dt.date | None:
    """The first day on which a panel session's idea texts are deleted: the day after
    ``closed`` + ``text_retention_days`` (as purge_due_on for a round); None when the
    session has no rule or is not closed."""
    if panel.text_retention_days is None or not panel.closed:
        return None
    return (dt.date.fromisoformat(panel.closed)
            + dt.timedelta(days=panel.text_retention_days + 1))


def apply_panel_retention(store: Store, today: dt.date | None = None,
                          actor: str = "system") -> list[PanelPurge]:
    """Delete the idea texts of every closed panel session whose retention time has
    passed (Store.purge_panel_texts), each logged (audit action ``texts_delete``, target
    ``panel ID``). Returns what was done, one PanelPurge per session; raises nothing of
    its own."""
    today = today or config.today()
    done = []
    for panel in store.panels():
        due = panel_purge_due_on(panel)
        if due is None or due > today or panel.texts_purged_on:
            continue
        deleted = store.purge_panel_texts(panel.id, today.isoformat())
        store.audit(actor, "texts_delete", f"panel {panel.id}",
                    f"{panel.unit} / {panel.title}: {deleted} idea texts")
        done.append(PanelPurge(panel, deleted))
    return done
