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
    assert "1 idea<" in screen and "1 ideaa" not in screen  # the singular for one


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
    assert "3 pistettä annettu · äänestäneitä 2" in screen
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


def test_options_results_after_close_and_idea_text_retention(store):
    panel = store.open_panel("puupaja", "Raati")
    at, user = open_as(store)
    assert not at.toggle[0].value  # results stay with staff by default
    at.toggle[0].set_value(True)
    assert not at.toggle[1].value and at.number_input[-1].value == 30  # off, a month offered
    at.toggle[1].set_value(True)
    at.number_input[-1].set_value(30)
    at.button(key="FormSubmitter:panels_options-Tallenna asetukset").click().run()
    assert not at.exception
    saved = store.panel(panel.id)
    assert (saved.results_public, saved.text_retention_days) == (True, 30)
    assert "Asetukset tallennettu." in everything(at)
    details = {e.detail for e in store.audit_entries(actor=user.name)}
    assert {"results shown after close", "idea texts kept 30 days after closing"} <= details
    # Switched off: kept until the session is deleted.
    at.toggle[1].set_value(False)
    at.button(key="FormSubmitter:panels_options-Tallenna asetukset").click().run()
    assert store.panel(panel.id).text_retention_days is None


def test_purged_texts_are_said_on_the_page(store):
    panel = store.open_panel("puupaja", "Raati")
    store.add_idea(panel.id, "Pidempi tauko", None)
    store.set_panel_phase(panel.id, "closed", today="2027-03-04")
    store.purge_panel_texts(panel.id, "2027-04-04")
    at, _ = open_as(store)
    assert not at.exception
    assert "Ideoiden tekstit poistettiin säilytysajan päätyttyä 2027-04-04." in everything(at)


# -- a session's starting themes from a survey round (issue 12) ---------------------------

@pytest.fixture
def demo(app_env, store):
    from raati.demo import fill_demo

    fill_demo(store, app_env[1])
    return store


def demo_round(store, unit: str, name: str):
    return next(r for r in store.rounds("asiakaskysely") if r.unit == unit and r.name == name)


def test_open_a_session_from_a_rounds_themes(demo):
    spring = demo_round(demo, "puupaja", "Kevät")
    at, user = open_as(demo)
    picker = at.selectbox(key="panels_open_round_puupaja")
    # Only the unit's own rounds are offered (ompelimo's are not), and none by default.
    assert picker.value is None
    own = [r for r in demo.rounds() if r.unit == "puupaja"]
    assert len(own) < len(demo.rounds())
    assert picker.options[0] == "Ei kierrosta"
    assert [o.split(" · ")[0] for o in picker.options[1:]] == [r.name for r in own]
    picker.set_value(spring.id).run()
    assert not at.exception
    boxes = [c for c in at.checkbox if (c.key or "").startswith(f"panels_theme_{spring.id}_")]
    assert len(boxes) == 4 and all(c.value for c in boxes)
    assert [c.label.replace("\\", "").split(":")[0] for c in boxes] == [
        "Heikko", "Heikko", "Vahva", "Vahva"]
    assert "vastasi 1–2, n = 14" in boxes[0].label.replace("\\", "").replace("\u2060", "")
    boxes[1].uncheck()
    next(i for i in at.text_input if i.label == "Raadin aihe").input("Kevään tulokset")
    at.button(key="FormSubmitter:panel_open-Avaa raati").click().run()
    assert not at.exception
    made = next(p for p in demo.panels() if p.title == "Kevään tulokset")
    assert (made.survey, made.round_id) == ("asiakaskysely", spring.id)
    assert [t["kind"] for t in made.themes] == ["weak", "strong", "strong"]
    assert all(t["text"] and t["n"] == 14 for t in made.themes)
    assert at.selectbox(key="panels_open_round_puupaja").value is None  # ready for the next
    # The chosen session lists them; the shared screen shows them in the ideas phase.
    assert made.themes[0]["text"] in everything(at)
    screen_at, _ = open_as(demo, page="pages/panel_screen.py")
    screen_at.selectbox(key="panel_screen_pick").set_value(made.id).run()
    screen = "\n".join(h.proto.body for h in screen_at.get("html"))
    assert "<h2>Mitä tehdään näille?</h2>" in screen
    assert all(f"</span> {t['text']}</li>" in screen for t in made.themes)
    assert "Kehitettävää" in screen and "Toimii hyvin" in screen


def test_a_round_under_the_minimum_group_offers_no_themes(demo):
    autumn = demo_round(demo, "ompelimo", "Syksy")  # 3 answers
    at, _ = open_as(demo, units=("ompelimo",))
    at.selectbox(key="panels_open_round_ompelimo").set_value(autumn.id).run()
    assert not at.exception
    assert "Kierroksella on alle 5 vastausta, joten siitä ei näytetä teemoja" in everything(at)
    assert not [c for c in at.checkbox if (c.key or "").startswith("panels_theme_")]
    next(i for i in at.text_input if i.label == "Raadin aihe").input("Syksyn raati")
    at.button(key="FormSubmitter:panel_open-Avaa raati").click().run()
    made = next(p for p in demo.panels() if p.title == "Syksyn raati")
    assert (made.themes, made.survey, made.round_id) == ((), None, None)


def test_kiosk_link_for_staff_and_the_session_report_downloads(store):
    panel = store.open_panel("puupaja", "Raati")
    store.add_idea(panel.id, "Pidempi tauko")
    at, _ = open_as(store)
    codes = "\n".join(c.value for c in at.code)
    assert f"/?p={panel.code}&kiosk={panel.kiosk_token}" in codes
    # The shared screen never shows the kiosk token (it would give anyone fresh dots).
    screen, _ = open_as(store, page="pages/panel_screen.py")
    assert panel.kiosk_token not in "\n".join(h.proto.body for h in screen.get("html"))
    keys = {b.key for b in at.get("download_button")}
    assert {"panels_report_pdf", "panels_report_pptx"} <= keys


def test_the_shared_screen_goes_compact_with_many_ideas(store):
    panel = store.open_panel("puupaja", "Raati")
    for n in range(9):
        store.add_idea(panel.id, f"Idea numero {n}")
    store.set_panel_phase(panel.id, "voting")
    at, _ = open_as(store, page="pages/panel_screen.py")
    screen = "\n".join(h.proto.body for h in at.get("html"))
    assert 'class="raati-tally raati-many"' in screen  # two columns of smaller type


def forms(at) -> set[str]:
    return {b.key for b in at.button if (b.key or "").startswith("FormSubmitter:")}


def test_a_closed_session_offers_no_grouping_and_results_take_no_new_ideas(store):
    panel = store.open_panel("puupaja", "Raati")
    a, b = store.add_idea(panel.id, "Pidempi tauko"), store.add_idea(panel.id, "Tauot")
    at, _ = open_as(store)
    assert {"FormSubmitter:panels_add_idea-Lisää idea",
            "FormSubmitter:panels_group-Tallenna ryhmä"} <= forms(at)
    store.set_panel_phase(panel.id, "voting")
    at.run()
    assert "FormSubmitter:panels_add_idea-Lisää idea" in forms(at)  # said aloud while voting
    store.set_panel_phase(panel.id, "results")
    at.run()
    assert "FormSubmitter:panels_add_idea-Lisää idea" not in forms(at)
    assert "FormSubmitter:panels_group-Tallenna ryhmä" in forms(at)
    store.set_panel_phase(panel.id, "closed")
    at.run()
    assert not at.exception
    assert not {"FormSubmitter:panels_add_idea-Lisää idea",
                "FormSubmitter:panels_group-Tallenna ryhmä"} & forms(at)
    # The proposals are still written up after the meeting.
    assert "FormSubmitter:panels_proposal-Lisää ehdotus" in forms(at)
    assert "Yhdistä samankaltaiset ideat ryhmäksi" not in everything(at)
    assert {store.idea(a.id).group, store.idea(b.id).group} == {None}
    # The closed session's code still opens its thank-you page: the table shows it.
    [table] = at.dataframe
    assert panel.code in table.value.to_string()


def test_a_group_as_a_proposals_source_and_no_dots_without_ideas(store):
    panel = store.open_panel("puupaja", "Raati")
    a, b, c = (store.add_idea(panel.id, text) for text in ("Tauot", "Kahvi", "Retki"))
    store.group_ideas([a.id, b.id], "Tauot ja kahvi")
    store.set_panel_phase(panel.id, "voting")
    for n, idea in enumerate((a, b, b, c)):
        store.add_dot(panel.id, panels.device_key(f"d{n}"), idea.id)
    at, _ = open_as(store)
    source = next(m for m in at.multiselect if m.label == "Ryhmät, joista ehdotus tulee")
    assert source.options == ["Tauot ja kahvi (3)"]
    source.set_value(["Tauot ja kahvi"])
    next(a for a in at.text_area if a.label == "Ehdotus selkokielellä").input("Tauot pidemmiksi")
    at.button(key="FormSubmitter:panels_proposal-Lisää ehdotus").click().run()
    assert not at.exception
    [proposal] = store.proposals(panel.id)
    assert (proposal.ideas, proposal.votes) == (tuple(sorted([a.id, b.id])), 3)
    assert "3 pistettä · " in everything(at)
    # Staff's own words with no idea behind them: no dot count at all.
    store.add_proposal(panel.id, "Kysytään ensi kerralla uudelleen")
    at.run()
    assert "0 pistettä" not in everything(at)
    assert "Kysytään ensi kerralla uudelleen" in everything(at)


def test_join_line_and_a_strong_themes_share_of_3_to_4(store):
    themes = [{"question": "q1", "text": "Tuki arkeen", "kind": "weak", "share_low": 0.455,
               "n": 11},
              {"question": "q3", "text": "Kunnioitus", "kind": "strong", "share_low": 0.091,
               "n": 11}]
    panel = store.open_panel("puupaja", "Raati", themes=themes)
    at, _ = open_as(store)
    text = everything(at)
    assert f"koodi {panel.code} Raadin etusivulla" in text.replace("*", "")
    assert "Heikko: Tuki arkeen (46 % vastasi 1–2, n = 11)" in text
    assert "Vahva: Kunnioitus (91 % vastasi 3–4, n = 11)" in text


def test_deleting_a_proposal_asks_first_and_never_takes_an_actions_source(store):
    panel = store.open_panel("puupaja", "Raati")
    free = store.add_proposal(panel.id, "Retki keväällä")
    answered = store.add_proposal(panel.id, "Tauot pidemmiksi")
    store.add_action("puupaja", "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     proposal=answered.id)
    at, user = open_as(store)
    # One click only asks; "Peruuta" keeps it.
    at.button(key=f"panels_pdel_{free.id}").click().run()
    assert "Poistetaanko ehdotus? Sitä ei voi palauttaa." in everything(at)
    at.button(key=f"panels_pdel_no_{free.id}").click().run()
    assert [p.id for p in store.proposals(panel.id)] == [free.id, answered.id]
    at.button(key=f"panels_pdel_{free.id}").click().run()
    at.button(key=f"panels_pdel_yes_{free.id}").click().run()
    assert not at.exception
    assert [p.id for p in store.proposals(panel.id)] == [answered.id]
    assert "Ehdotus poistettu." in everything(at)
    assert f"proposal {free.id} deleted" in [e.detail for e in store.audit_entries(
        action="panel", actor=user.name)]
    # An answered proposal is refused, naming its action; the action keeps its source.
    at.button(key=f"panels_pdel_{answered.id}").click().run()
    assert ("Ehdotusta ei voi poistaa: siitä on kirjattu toimenpide (Tauko on nyt 20 "
            "minuuttia.). Toimenpiteen lähde ei saa kadota.") in everything(at)
    assert [p.id for p in store.proposals(panel.id)] == [answered.id]
    assert [a.proposal for a in store.actions()] == [answered.id]
    # A closed session's proposals are final: no delete button, and the rule holds.
    loose = store.add_proposal(panel.id, "Kahvi paremmaksi")
    store.set_panel_phase(panel.id, "closed")
    at.run()
    assert not [b for b in at.button if (b.key or "").startswith("panels_pdel_")]
    from raati import panel_control
    from raati.panels import WrongPhase

    with pytest.raises(WrongPhase) as refused:
        panel_control.delete_proposal(store, user, panel.id, loose.id)
    assert refused.value.key == "panel_proposal_closed"
    assert loose.id in [p.id for p in store.proposals(panel.id)]


def test_an_approved_idea_is_edited_masked_and_keeps_its_place_and_dots(store):
    """README: staff "edit or hide" the ideas on the screen, not only the waiting ones."""
    panel = store.open_panel("puupaja", "Raati")
    first = store.add_idea(panel.id, "Pidempi tauko")
    second = store.add_idea(panel.id, "Retkiä")
    store.set_panel_phase(panel.id, "voting")
    store.add_dot(panel.id, panels.device_key("d1"), first.id)
    at, user = open_as(store)
    at.button(key=f"panels_edit2_{first.id}").click().run()
    box = next(a for a in at.text_area if a.label == "Idea näytöllä")
    assert box.value == "Pidempi tauko"
    box.input("Pidempi kahvitauko, soita Matille 040 123 4567")
    assert at.button(key="panels_edit_ok").label == "Tallenna"
    at.button(key="panels_edit_ok").click().run()
    assert not at.exception
    edited = store.idea(first.id)
    assert edited.status == "approved" and "040 123 4567" not in edited.text
    assert edited.text.startswith("Pidempi kahvitauko") and "[puhelin]" in edited.text
    assert (edited.votes, edited.shown) == (1, first.shown)
    assert [i.id for i in store.ideas(panel.id, ["approved"])] == [first.id, second.id]
    assert "040 123 4567" not in everything(at)
    store.set_panel_phase(panel.id, "closed")  # a closed session's ideas are final
    at.run()
    assert not [b for b in at.button if (b.key or "").startswith("panels_edit2_")]


def test_a_waiting_idea_is_edited_and_approved_in_the_dialog_which_then_closes(store):
    panel = store.open_panel("puupaja", "Raati")
    idea = store.add_idea(panel.id, "Soita Matille 040 123 4567", panels.device_key("d1"))
    at, _ = open_as(store)
    at.button(key=f"panels_edit_{idea.id}").click().run()
    box = next(a for a in at.text_area if a.label == "Idea näytöllä")
    assert "040 123 4567" not in box.value  # the masked suggestion to start from
    box.input("Pidemmät tauot, soita 050 765 4321")
    at.button(key="panels_edit_ok").click().run()
    assert not at.exception
    done = store.idea(idea.id)
    assert done.status == "approved" and done.text == "Pidemmät tauot, soita [puhelin]"
    assert not [b for b in at.button if b.key == "panels_edit_ok"]  # the dialog closed


def in_order(at) -> list[str]:
    """The page's messages, subheaders and form buttons in the order drawn."""
    out = []
    for node in at.main:
        kind = getattr(node, "type", "")
        if kind in ("error", "success", "subheader"):
            out.append(f"{kind}:{node.value}")
        elif kind == "button" and (node.key or "").startswith("FormSubmitter:"):
            out.append(f"button:{node.key}")
    return out


def test_an_empty_proposal_is_refused_at_its_form_in_words_of_its_own(store):
    """The walk: "Lisää ehdotus" with no text said "Tämä ei onnistunut. Yritä uudelleen."
    at the top of the page, far from the form."""
    panel = store.open_panel("puupaja", "Raati")
    store.add_idea(panel.id, "Pidempi tauko")
    store.add_idea(panel.id, "Retkiä")
    at, _ = open_as(store)
    at.button(key="FormSubmitter:panels_proposal-Lisää ehdotus").click().run()
    assert not at.exception and store.proposals(panel.id) == []
    order = in_order(at)
    said = "error:Kirjoita ehdotus ennen kuin lisäät sen."
    assert said in order and "Tämä ei onnistunut" not in everything(at)
    # right under its own button, not at the top of the page
    assert order.index(said) == order.index(
        "button:FormSubmitter:panels_proposal-Lisää ehdotus") + 1
    # the other forms of the page say theirs at their own button too
    at.button(key="FormSubmitter:panels_group-Tallenna ryhmä").click().run()
    order = in_order(at)
    assert order.index("error:Valitse ensin ideat, jotka yhdistetään ryhmäksi.") == \
        order.index("button:FormSubmitter:panels_group-Tallenna ryhmä") + 1
    at.button(key="FormSubmitter:panels_add_idea-Lisää idea").click().run()
    order = in_order(at)
    assert order.index("error:Kirjoita ensin idea.") == \
        order.index("button:FormSubmitter:panels_add_idea-Lisää idea") + 1
    assert [i.text for i in store.ideas(panel.id)] == ["Pidempi tauko", "Retkiä"]
    # a proposal written: its confirmation at the form as well
    next(a for a in at.text_area if a.label == "Ehdotus selkokielellä").input("Tauot")
    at.button(key="FormSubmitter:panels_proposal-Lisää ehdotus").click().run()
    order = in_order(at)
    assert order.index("success:Ehdotus lisätty.") == \
        order.index("button:FormSubmitter:panels_proposal-Lisää ehdotus") + 1


def test_the_pickers_speak_finnish_and_the_open_form_has_one_title(store):
    panel = store.open_panel("puupaja", "Raati")
    a, b = store.add_idea(panel.id, "Tauot"), store.add_idea(panel.id, "Kahvi")
    store.group_ideas([a.id, b.id], "Tauot ja kahvi")
    at, _ = open_as(store)
    assert len(at.multiselect) == 3  # grouping, a proposal's groups and its ideas
    assert {m.placeholder for m in at.multiselect} == {"Valitse…"}
    assert "Avaa uusi raati" not in [s.value for s in at.subheader]
    assert [e.label for e in at.expander].count("Avaa uusi raati") == 1
