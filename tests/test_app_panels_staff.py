"""AppTest: the facilitator's page of panel sessions and the shared screen (issue 12):
open a session, approve (with the masked suggestion) or hide ideas, add a spoken idea,
move the phases with a confirmation before closing, group ideas, make a proposal,
export; staff of another unit cannot act; the shared screen shows code, QR and ideas."""

from __future__ import annotations

from pathlib import Path

import pytest

from raati import panels
from tests._helpers import staff_app

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


@pytest.fixture
def store(app_env):
    store = app_env[0]
    store.ensure_unit("puupaja", "Puupaja")
    store.ensure_unit("ompelimo", "Ompelimo")
    return store


def open_as(store, page="pages/panels.py", role="staff", units=("puupaja",)):
    return staff_app(store, role, page, units)


def everything(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.success] + [e.value for e in at.info]
    parts += [e.value for e in at.text] + [e.value for e in at.subheader]
    return "\n".join(map(str, parts)).replace("\u2060", "").replace("\\", "")


def test_staff_open_a_session_at_their_unit(store):
    at, user = open_as(store)
    at.text_input[0].input("Mitä muutetaan syksyllä?")
    at.text_area[0].input("Tauot\n\nRetket")
    at.button(key="FormSubmitter:panel_open-Avaa raati").click().run()
    assert not at.exception
    [panel] = store.panels()
    assert (panel.unit, panel.title, panel.prompts, panel.phase) == (
        "puupaja", "Mitä muutetaan syksyllä?", ("Tauot", "Retket"), "ideas")
    assert f"Liittymiskoodi: {panel.code}" in everything(at)
    assert f"/?p={panel.code}" in "\n".join(c.value for c in at.code)
    assert store.audit_entries(action="panel", actor=user.name)


def test_an_empty_topic_is_refused_in_finnish(store):
    at, _ = open_as(store)
    at.button(key="FormSubmitter:panel_open-Avaa raati").click().run()
    assert "Anna raadille aihe" in everything(at)
    assert store.panels() == []


def test_approve_uses_the_masked_suggestion_and_hide_takes_it_off(store):
    panel = store.open_panel("puupaja", "Raati")
    dev = panels.device_key("d1")
    with_phone = store.add_idea(panel.id, "Soita Matille 040 123 4567 tauoista", dev)
    other = store.add_idea(panel.id, "Enemmän retkiä", dev)
    at, _ = open_as(store)
    assert "Odottaa hyväksyntää (2)" in everything(at)
    at.button(key=f"panels_ok_{with_phone.id}").click().run()
    at.button(key=f"panels_hide_{other.id}").click().run()
    assert not at.exception
    done = store.idea(with_phone.id)
    assert done.status == "approved" and "040 123 4567" not in done.text
    assert store.idea(other.id).status == "hidden"


def test_a_stale_second_click_does_not_decide_again(store):
    panel = store.open_panel("puupaja", "Raati")
    idea = store.add_idea(panel.id, "Pidempi tauko", panels.device_key("d1"))
    at, _ = open_as(store)
    store.moderate_idea(idea.id, "hidden")  # another facilitator was quicker
    at.button(key=f"panels_ok_{idea.id}").click().run()
    assert store.idea(idea.id).status == "hidden"
    assert "Joku muu ehti jo käsitellä tämän idean." in everything(at)


def test_phases_move_and_closing_asks_first(store):
    panel = store.open_panel("puupaja", "Raati")
    at, _ = open_as(store)
    at.button(key="panels_next").click().run()
    assert store.panel(panel.id).phase == "voting"
    at.button(key="panels_next").click().run()
    assert store.panel(panel.id).phase == "results"
    at.button(key="panels_next").click().run()  # "Päätä raati" asks first
    assert store.panel(panel.id).phase == "results"
    assert "Päätetäänkö raati?" in everything(at)
    at.button(key="panels_close_yes").click().run()
    assert store.panel(panel.id).phase == "closed"


def test_spoken_idea_group_and_proposal(store):
    panel = store.open_panel("puupaja", "Raati")
    at, _ = open_as(store)
    box = next(i for i in at.text_input if "ääneen" in i.label)
    box.input("Kahvitauko 20 minuuttia")
    at.button(key="FormSubmitter:panels_add_idea-Lisää idea").click().run()
    spoken = store.ideas(panel.id)
    assert [(i.text, i.status, i.source) for i in spoken] == [
        ("Kahvitauko 20 minuuttia", "approved", "staff")]
    second = store.add_idea(panel.id, "Pidempi tauko")
    at.run()
    at.multiselect[0].set_value([spoken[0].id, second.id])
    next(i for i in at.text_input if i.label == "Ryhmän nimi").input("Tauot")
    at.button(key="FormSubmitter:panels_group-Tallenna ryhmä").click().run()
    assert {i.group for i in store.ideas(panel.id)} == {"Tauot"}
    at.multiselect[-1].set_value([second.id])
    next(a for a in at.text_area if a.label == "Ehdotus selkokielellä").input("Tauot pidemmiksi")
    at.button(key="FormSubmitter:panels_proposal-Lisää ehdotus").click().run()
    [proposal] = store.proposals(panel.id)
    assert (proposal.text, proposal.ideas) == ("Tauot pidemmiksi", (second.id,))


def test_export_is_the_contract_outcome(store):
    panel = store.open_panel("puupaja", "Raati")
    store.add_idea(panel.id, "Enemmän retkiä")
    at, _ = open_as(store)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Lataa tulos (JSON)" in labels and "Lataa tulos (CSV Exceliin)" in labels
    data = panels.outcome(store.panel(panel.id), store.ideas(panel.id), [])
    assert [i["text"] for i in data["ideas"]] == ["Enemmän retkiä"]


def test_staff_of_another_unit_see_and_do_nothing_there(store):
    panel = store.open_panel("ompelimo", "Ompelimon raati")
    idea = store.add_idea(panel.id, "Uusi kone", panels.device_key("d"))
    at, user = open_as(store, units=("puupaja",))
    assert "Ompelimon raati" not in everything(at)
    assert not [b for b in at.button if (b.key or "").endswith(str(idea.id))]
    from raati import panel_control

    with pytest.raises(panel_control.NotYourUnit):
        panel_control.moderate(store, user, idea.id, "approved")
    assert store.idea(idea.id).status == "waiting"


def test_the_shared_screen_shows_code_qr_and_approved_ideas_only(store):
    panel = store.open_panel("puupaja", "Mitä muutetaan?")
    store.add_idea(panel.id, "<b>Retket</b>")  # staff: approved at once
    store.add_idea(panel.id, "Odottava", panels.device_key("d"))
    at, _ = open_as(store, page="pages/panel_screen.py")
    screen = "\n".join(h.proto.body for h in at.get("html"))
    assert panel.code in screen and 'alt="QR-koodi raatiin liittymiseen"' in screen
    assert "&lt;b&gt;Retket&lt;/b&gt;" in screen and "<b>Retket" not in screen
    assert "Odottava" not in screen
    assert "1 ideaa" in screen


def test_the_shared_screen_tallies_dots_while_voting(store):
    panel = store.open_panel("puupaja", "Raati", votes_per_person=2)
    a = store.add_idea(panel.id, "Retket")
    b = store.add_idea(panel.id, "Tauot")
    store.set_panel_phase(panel.id, "voting")
    for d in ("d1", "d2"):
        store.add_dot(panel.id, panels.device_key(d), b.id)
    store.add_dot(panel.id, panels.device_key("d1"), a.id)
    at, _ = open_as(store, page="pages/panel_screen.py")
    screen = "\n".join(h.proto.body for h in at.get("html"))
    assert "3 pistettä annettu · 2 äänestänyt" in screen
    assert "<strong>2</strong>" in screen and "<strong>1</strong>" in screen


def test_approve_all_shows_only_the_masked_suggestions(store):
    """Found by a fresh walk: "Hyväksy kaikki" put a phone number on the shared screen."""
    panel = store.open_panel("puupaja", "Raati")
    dev = panels.device_key("d1")
    ideas = [store.add_idea(panel.id, "Soittakaa minulle 040 123 4567 jos tarvitsette", dev),
             store.add_idea(panel.id, "Enemmän retkiä", dev)]
    at, _ = open_as(store)
    at.button(key="panels_approve_all").click().run()
    assert not at.exception
    shown = {i.id: (i.status, i.text) for i in store.ideas(panel.id)}
    assert all(status == "approved" for status, _ in shown.values())
    assert "040 123 4567" not in shown[ideas[0].id][1] and "[puhelin]" in shown[ideas[0].id][1]
    assert shown[ideas[1].id][1] == "Enemmän retkiä"
