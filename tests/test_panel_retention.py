"""Retention of a panel session's idea texts (issue 12, item 6): deleted the chosen number
of days after the session closes, as a round's free text; tallies, group names and
proposals stay. ``raati panel retention`` sets the rule, ``raati retention apply`` (and
the app's hourly maintenance) carries it out."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from _helpers import raw_rows

from raati import config
from raati.cli import main
from raati.maintenance import run_maintenance
from raati.panels import PanelError, WrongPhase, device_key, new_device_token
from raati.retention import apply_panel_retention, panel_purge_due_on
from raati.store import Store

pytestmark = pytest.mark.usefixtures("clean_env")
D = dt.date.fromisoformat


@pytest.fixture
def store(store) -> Store:
    store.ensure_unit("puupaja")  # a session's unit must exist (open_panel refuses others)
    return store


def closed_session(store: Store, days: int | None, closed: str = "2027-03-04"):
    """A session with two ideas (one voted, one hidden), a group and a proposal, closed
    on ``closed`` with idea texts kept ``days`` days."""
    panel = store.open_panel("puupaja", "Mitä muutetaan?", today="2027-03-04")
    phone = device_key(new_device_token())
    store.join_panel(panel.id, phone)
    first = store.add_idea(panel.id, "Pidempi kahvitauko, soita 040 123 4567", phone)
    second = store.add_idea(panel.id, "Uusi kahvinkeitin", phone)
    store.moderate_idea(first.id, "approved", text="Pidempi kahvitauko")
    store.moderate_idea(second.id, "hidden")
    store.group_ideas([first.id], "tauot")
    store.add_proposal(panel.id, "Tauot pidemmiksi", [first.id])
    store.set_panel_phase(panel.id, "voting")
    store.add_dot(panel.id, phone, first.id)
    store.set_panel_phase(panel.id, "closed", today=closed)
    return store.set_panel_options(panel.id, text_retention_days=days), first, second


def test_due_day_is_the_day_after_closing_plus_days(store):
    panel, *_ = closed_session(store, 30)
    assert panel_purge_due_on(panel) == D("2027-04-04")
    assert panel_purge_due_on(store.set_panel_options(panel.id, text_retention_days=0)) \
        == D("2027-03-05")
    assert panel_purge_due_on(store.set_panel_options(panel.id, text_retention_days=None)) \
        is None
    still_open = store.open_panel("puupaja", "Auki")
    store.set_panel_options(still_open.id, text_retention_days=0)
    assert panel_purge_due_on(store.panel(still_open.id)) is None


def test_texts_go_and_tallies_groups_and_proposals_stay(store):
    panel, first, second = closed_session(store, 30)
    assert apply_panel_retention(store, today=D("2027-04-03")) == []
    assert store.idea(first.id).text == "Pidempi kahvitauko"
    [done] = apply_panel_retention(store, today=D("2027-04-04"), actor="ajastin")
    assert (done.panel.id, done.texts_deleted) == (panel.id, 2)
    assert {i.text for i in store.ideas(panel.id)} == {""}
    kept = store.idea(first.id)
    assert (kept.votes, kept.group, kept.status) == (1, "tauot", "approved")
    assert [p.text for p in store.proposals(panel.id)] == ["Tauot pidemmiksi"]
    assert store.panel(panel.id).texts_purged_on == "2027-04-04"
    entry = store.audit_entries(action="texts_delete")[0]
    assert (entry.actor, entry.target) == ("ajastin", f"panel {panel.id}")
    # Nothing of the texts is left in the database's tables.
    raw = "\n".join(str(row) for table in ("panel_ideas", "panel_proposals", "panels")
                     for row in raw_rows(store, f"SELECT * FROM {table}"))
    assert "kahvitauko" not in raw and "040 123" not in raw and "kahvinkeitin" not in raw
    # Once is enough: the next runs do nothing.
    assert apply_panel_retention(store, today=D("2027-05-01")) == []


def test_open_sessions_and_sessions_without_a_rule_keep_their_texts(store):
    closed_session(store, None)
    still_open = store.open_panel("puupaja", "Auki")
    store.add_idea(still_open.id, "Lisää retkiä", None)
    store.set_panel_options(still_open.id, text_retention_days=0)
    assert apply_panel_retention(store, today=D("2035-01-01")) == []
    with pytest.raises(WrongPhase):
        store.purge_panel_texts(still_open.id, "2035-01-01")
    assert [i.text for i in store.ideas(still_open.id)] == ["Lisää retkiä"]


def test_maintenance_purges_panels_and_asks_for_compaction(store):
    panel, *_ = closed_session(store, 0)
    run = run_maintenance(store, {}, today=D("2027-03-05"))
    assert [p.panel.id for p in run.panel_purges] == [panel.id]
    assert run.compaction is not None  # purged text must not linger in free pages


def test_retention_days_out_of_range_are_refused(store):
    panel, *_ = closed_session(store, None)
    for bad in (-1, 3651, 1.5, True, "30"):
        with pytest.raises(PanelError):
            store.set_panel_options(panel.id, text_retention_days=bad)
    assert store.panel(panel.id).text_retention_days is None


def test_cli_sets_the_rule_and_retention_apply_carries_it_out(store, capsys, monkeypatch):
    panel, *_ = closed_session(store, None)
    db = str(store.target.path or store.target.conninfo)
    assert main(["panel", "retention", "--panel", str(panel.id), "--days", "0",
                 "--db", db]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (f"panel {panel.id}: idea texts deleted 0 days after the session"
                          " closes\n", "")
    assert store.panel(panel.id).text_retention_days == 0
    assert store.audit_entries()[0].action == "retention_set"
    assert main(["panel", "retention", "--panel", str(panel.id), "--days", "²",
                 "--db", db]) == 1
    assert "not a whole number" in capsys.readouterr().err
    assert main(["panel", "retention", "--panel", "999", "--days", "3", "--db", db]) == 1
    assert "no session 999" in capsys.readouterr().err
    assert main(["panel", "retention", "--panel", str(panel.id), "--days", "4000",
                 "--db", db]) == 1
    capsys.readouterr()
    assert store.panel(panel.id).text_retention_days == 0
    monkeypatch.setattr(config, "today", lambda: D("2027-03-05"))
    assert main(["retention", "apply", "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"panel {panel.id}: deleted 2 idea texts" in out
    exported = json.loads(store.panel(panel.id) and _export(store, panel.id))
    assert [i["text"] for i in exported["ideas"]] == [""]
    assert exported["proposals"][0]["text"] == "Tauot pidemmiksi"


def _export(store: Store, panel_id: int) -> str:
    from raati.panel_control import export_outcome

    return export_outcome(store, store.panel(panel_id), "json").decode("utf-8")
