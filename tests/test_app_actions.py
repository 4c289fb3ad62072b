"""AppTest: the staff page of "you said, we did" actions (issue 13, contract §6): record an
action (stored with its history and an audit entry), a refusal in Finnish that stores
nothing, change the status in the dialog (a history entry), filters and the overdue mark,
CSV export, delete with a confirmation, the public page's days; developer-clients read
and cannot change, staff of another unit see nothing; "Kirjaa toimenpide" from a panel
proposal and from a results theme opens the form pre-filled and saves the link."""

from __future__ import annotations

import datetime as dt

import pytest

from raati import config
from tests._helpers import staff_app

PAGE = "pages/actions.py"


@pytest.fixture
def store(app_env):
    store = app_env[0]
    store.ensure_unit("puupaja", "Puupaja")
    store.ensure_unit("ompelimo", "Ompelimo")
    return store


def open_as(store, role="staff", units=("puupaja",), page=PAGE):
    return staff_app(store, role, page, units)


def everything(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.success] + [e.value for e in at.info]
    parts += [e.value for e in at.text] + [e.value for e in at.subheader]
    return "\n".join(map(str, parts)).replace("\u2060", "").replace("\\", "")


def fill_form(at, said: str, did: str, **more):
    at.text_area(key="act_new_said").input(said)
    at.text_area(key="act_new_did").input(did)
    for key, value in more.items():
        widget = next(w for kind in ("selectbox", "text_input", "toggle", "date_input")
                      for w in at.get(kind) if w.key == f"act_new_{key}")
        widget.set_value(value)
    return at


def form_is_on_top(at) -> bool:
    """The add form's unit choice is drawn before the overview's unit filter."""
    keys = [w.key for w in at.selectbox]
    return keys.index("act_new_unit") < keys.index("act_f_unit")


def test_staff_record_an_action_with_its_history_and_audit(store):
    at, user = open_as(store)
    assert "Toimenpiteitä ei ole vielä kirjattu." in everything(at)
    fill_form(at, "Tauot ovat liian lyhyitä.", "Tauko on nyt 20 minuuttia.",
              status="done", responsible="Ohjaajatiimi", picture="pictures/kahvi.svg",
              due=dt.date(2026, 5, 1))
    at.button(key="act_new_save").click().run()
    assert not at.exception
    [action] = store.actions()
    assert (action.unit, action.said, action.did, action.status, action.public,
            action.responsible, action.picture, action.due, action.source) == (
        "puupaja", "Tauot ovat liian lyhyitä.", "Tauko on nyt 20 minuuttia.", "done", True,
        "Ohjaajatiimi", "pictures/kahvi.svg", "2026-05-01", "heard")
    assert [h.status for h in action.history] == ["done"]
    [entry] = store.audit_entries(action="action", actor=user.name)
    assert entry.target == f"action {action.id}"
    text = everything(at)
    assert f"Toimenpide {action.id} tallennettu." in text
    # The card: said, did, status as a word and a symbol, source, the form emptied.
    assert "Tauot ovat liian lyhyitä." in text and "Tauko on nyt 20 minuuttia." in text
    assert "✅ Tehty" in text and "Lähde: Kuultu" in text and "Vastuu: Ohjaajatiimi" in text
    assert at.text_area(key="act_new_said").value == ""


def test_a_too_long_text_is_refused_in_finnish_and_nothing_is_stored(store):
    at, _ = open_as(store)
    fill_form(at, "x" * 301, "Tehdään jotain.")
    at.button(key="act_new_save").click().run()
    assert not at.exception
    assert "Teksti on liian pitkä: 301 merkkiä, enintään 300." in everything(at)
    assert store.actions() == []
    assert at.text_area(key="act_new_said").value == "x" * 301  # kept for shortening
    # and an empty "did" is refused too
    fill_form(at, "Tauot ovat lyhyitä.", "   ")
    at.button(key="act_new_save").click().run()
    assert "Kirjoita, mitä tehdään tai tehtiin." in everything(at)
    assert store.actions() == []


def test_edit_status_in_the_dialog_writes_a_history_entry(store):
    action = store.add_action("puupaja", "Tauot ovat lyhyitä.", "Selvitetään.",
                              status="planned")
    at, user = open_as(store)
    at.button(key=f"act_edit_{action.id}").click().run()
    at.selectbox(key=f"act_edit_status_{action.id}").set_value("in_progress")
    at.text_input(key=f"act_edit_note_{action.id}").input("Kokeillaan maaliskuussa")
    at.button(key="act_edit_save").click().run()
    assert not at.exception
    changed = store.action(action.id)
    assert changed.status == "in_progress"
    assert [(h.status, h.note) for h in changed.history] == [
        ("planned", ""), ("in_progress", "Kokeillaan maaliskuussa")]
    assert "Toimenpide päivitetty." in everything(at)
    assert not [w for w in at.text_input if w.key.startswith("act_edit_")]  # dialog closed
    assert store.audit_entries(action="action", actor=user.name)
    # The history is shown in the card's expander, dated.
    day = config.today()
    assert f"{day.day}.{day.month}.{day.year} · 🔧 Työn alla · Kokeillaan maaliskuussa" in \
        everything(at)


def test_a_refused_change_keeps_the_dialog_open_and_stores_nothing(store):
    action = store.add_action("puupaja", "Tauot ovat lyhyitä.", "Selvitetään.")
    at, _ = open_as(store)
    at.button(key=f"act_edit_{action.id}").click().run()
    at.text_area(key=f"act_edit_did_{action.id}").input("y" * 501)
    at.button(key="act_edit_save").click().run()
    assert "Teksti on liian pitkä: 501 merkkiä, enintään 500." in everything(at)
    assert store.action(action.id).did == "Selvitetään."
    assert len(store.action(action.id).history) == 1


def test_filters_and_the_overdue_mark(store):
    yesterday = (config.today() - dt.timedelta(days=1)).isoformat()
    late = store.add_action("puupaja", "Kahvi on pahaa.", "Vaihdetaan kahvi.",
                            status="planned", due=yesterday)
    store.add_action("puupaja", "Ovi narisee.", "Ovi korjattiin.", status="done",
                     due=yesterday)  # done: never overdue
    store.add_action("ompelimo", "Sakset ovat tylsiä.", "Teroitetaan.", status="planned")
    at, _ = open_as(store, units=("puupaja", "ompelimo"))
    text = everything(at)
    assert "3 toimenpidettä · myöhässä 1" in text
    assert "Myöhässä: 1 toimenpide, jonka määräpäivä on mennyt." in text
    badges = [m.value for m in at.markdown if "Myöhässä (määräpäivä" in m.value]
    assert len(badges) == 1 and "red" in badges[0]
    # the overdue card comes first, though it is the oldest
    said = [e.value for e in at.text if e.value.endswith((" pahaa.", " narisee.", " tylsiä."))]
    assert said == [late.said, "Sakset ovat tylsiä.", "Ovi narisee."]
    at.multiselect(key="act_f_status").set_value(["done"]).run()
    text = everything(at)
    assert "Ovi korjattiin." in text and "Vaihdetaan kahvi." not in text
    assert "1 toimenpide · myöhässä 0" in text
    at.multiselect(key="act_f_status").set_value([]).run()
    at.selectbox(key="act_f_unit").set_value("ompelimo").run()
    text = everything(at)
    assert "Teroitetaan." in text and "Vaihdetaan kahvi." not in text
    at.selectbox(key="act_f_unit").set_value("").run()
    at.toggle(key="act_f_late").set_value(True).run()
    text = everything(at)
    assert "Vaihdetaan kahvi." in text and "Ovi korjattiin." not in text
    assert "Teroitetaan." not in text


def test_csv_download_of_what_the_filters_show(store):
    store.add_action("puupaja", "Kahvi on pahaa.", "Vaihdetaan kahvi.")
    at, _ = open_as(store)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["Lataa CSV", "Lataa CSV Exceliin"]


def test_delete_asks_first(store):
    action = store.add_action("puupaja", "Kahvi on pahaa.", "Vaihdetaan kahvi.")
    at, user = open_as(store)
    at.button(key=f"act_del_{action.id}").click().run()
    assert store.action(action.id) is not None
    assert "Poistetaanko toimenpide historioineen?" in everything(at)
    at.button(key=f"act_del_yes_{action.id}").click().run()
    assert store.action(action.id) is None
    assert "Toimenpide poistettu." in everything(at)
    assert [e.detail for e in store.audit_entries(action="action", actor=user.name)] == [
        "delete puupaja"]


def test_days_the_public_page_keeps_done_actions(store):
    at, user = open_as(store)
    assert store.done_shown_days("puupaja") == 180
    at.number_input(key="act_days_puupaja").set_value(30)
    at.button(key="act_days_save_puupaja").click().run()
    assert store.done_shown_days("puupaja") == 30
    assert store.audit_entries(action="action_settings", actor=user.name)
    assert "/?u=puupaja" in "\n".join(c.value for c in at.code)
    assert "act_poster_puupaja" in {b.key for b in at.get("download_button")}


def test_developer_client_reads_own_unit_only_and_cannot_change(store):
    own = store.add_action("puupaja", "Kahvi on pahaa.", "Vaihdetaan kahvi.")
    store.add_action("ompelimo", "Sakset ovat tylsiä.", "Teroitetaan.")
    at, _ = open_as(store, role="developer-client")
    text = everything(at)
    assert "Vaihdetaan kahvi." in text and "Teroitetaan." not in text
    assert "Voit lukea yksikkösi toimenpiteet." in text
    keys = [b.key or "" for b in at.button]
    assert not [k for k in keys if k.startswith(("act_edit_", "act_del_", "act_new_",
                                                 "act_days_"))]
    assert not at.text_area and not at.number_input
    assert store.action(own.id) is not None


def test_staff_of_another_unit_see_nothing_of_this_unit(store):
    store.add_action("ompelimo", "Sakset ovat tylsiä.", "Teroitetaan.")
    at, _ = open_as(store, units=("puupaja",))
    text = everything(at)
    assert "Teroitetaan." not in text and "Sakset" not in text
    assert "Toimenpiteitä ei ole vielä kirjattu." in text
    assert at.selectbox(key="act_new_unit").options == ["Puupaja"]
    assert "act_days_ompelimo" not in [n.key for n in at.number_input]


def test_record_from_a_panel_proposal(store):
    panel = store.open_panel("puupaja", "Kevään raati")
    idea = store.add_idea(panel.id, "Pidempi tauko")
    proposal = store.add_proposal(panel.id, "Tauot pidemmiksi", [idea.id])
    store.set_panel_phase(panel.id, "closed")
    at, _ = open_as(store, page="pages/panels.py")
    at.button(key=f"panels_act_{proposal.id}").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Toimenpiteet"]
    assert at.text_area(key="act_new_said").value == "Tauot pidemmiksi"
    assert at.radio(key="act_new_source").value == "panel"
    assert at.selectbox(key="act_new_proposal").value == proposal.id
    # The note names the proposal as the source (not "a finding"), and the form comes
    # first on the page, before the filters and the list (not out of sight below them).
    note = next(i.value for i in at.info if i.value.startswith("Lomake on täytetty"))
    assert "raadin ehdotuksesta" in note and "löydöksestä" not in note
    assert form_is_on_top(at)
    # (AppTest runs the page it was told last; the browser stays where switch_page went.)
    at.switch_page(PAGE)
    at.text_area(key="act_new_did").input("Tauko on nyt 20 minuuttia.")
    at.button(key="act_new_save").click().run()
    [action] = store.actions()
    assert (action.unit, action.panel, action.proposal, action.said, action.source) == (
        "puupaja", panel.id, proposal.id, "Tauot pidemmiksi", "panel")
    assert "Lähde: Raati: Kevään raati – ehdotus: Tauot pidemmiksi" in everything(at)
    # The proposal shows its action and status.
    back = open_as(store, page="pages/panels.py")[0]
    assert "Toimenpiteet: 📥 Vastaanotettu: Tauko on nyt 20 minuuttia." in everything(back)


def test_record_from_a_results_theme(store):
    from raati.demo import fill_demo

    fill_demo(store, config.defs_dir())
    at, _ = open_as(store, units=("puupaja",), page="pages/results.py")
    buttons = [b for b in at.button if (b.key or "").startswith("res_act_weakest_")]
    assert buttons and all(b.label == "Kirjaa toimenpide" for b in buttons)
    question = buttons[0].key.removeprefix("res_act_weakest_")
    buttons[0].click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Toimenpiteet"]
    # The figure is shown as the finding; what clients said is left for staff to write.
    assert at.text_area(key="act_new_said").value == ""
    finding = next(i.value for i in at.info if i.value.startswith("Löydös:"))
    assert "vastasi 1–2" in finding and "%" in finding
    assert form_is_on_top(at)
    said = "Jatkosuunnitelmaa ei tehty yhdessä kanssamme."
    at.text_area(key="act_new_said").input(said)
    assert at.radio(key="act_new_source").value == "survey"
    assert at.selectbox(key="act_new_question").value == question
    at.switch_page(PAGE)
    at.text_area(key="act_new_did").input("Jatkosuunnitelmat käydään läpi kahden kesken.")
    at.button(key="act_new_save").click().run()
    [action] = [a for a in store.actions(survey="asiakaskysely", question=question)
                if a.did.startswith("Jatkosuunnitelmat käydään")]
    assert (action.unit, action.said, action.source) == ("puupaja", said, "survey")
    # The theme on the results page shows its action.
    res = open_as(store, units=("puupaja",), page="pages/results.py")[0]
    assert any("Jatkosuunnitelmat käydään läpi kahden kesken." in c.value
               and "Vastaanotettu" in c.value for c in res.caption)


def test_developer_client_gets_no_record_button_on_results(store):
    from raati.demo import fill_demo

    fill_demo(store, config.defs_dir())
    at, _ = open_as(store, role="developer-client", page="pages/results.py")
    assert not at.exception
    assert not [b for b in at.button if (b.key or "").startswith("res_act_")]


def test_the_form_is_below_the_list_when_not_pre_filled(store):
    at, _ = open_as(store)
    assert not form_is_on_top(at)


def test_a_localhost_public_link_is_warned_about(store, monkeypatch):
    at, _ = open_as(store)
    warnings = [w.value.replace("\u2060", "").replace("\\", "") for w in at.warning]
    [warning] = [w for w in warnings if "localhost:8501" in w]
    assert "toimii vain tällä samalla tietokoneella" in warning
    monkeypatch.setenv("RAATI_BASE_URL", "https://raati.example.fi")
    at, _ = open_as(store)
    assert "https://raati.example.fi/?u=puupaja" in "\n".join(c.value for c in at.code)
    assert not [w for w in at.warning if "toimii vain" in w.value]


def test_an_admin_chooses_the_unit_on_purpose_and_it_is_remembered(store):
    at, _ = open_as(store, role="admin", units=())
    unit = at.selectbox(key="act_new_unit")
    assert unit.label == "Yksikkö, jolle toimenpide kirjataan"
    assert unit.value is None and set(unit.options) == {"Puupaja", "Ompelimo"}
    fill_form(at, "Sakset ovat tylsiä.", "Teroitetaan sakset.")
    at.button(key="act_new_save").click().run()
    assert "Valitse yksikkö, jolle toimenpide kirjataan." in everything(at)
    assert store.actions() == []
    at.selectbox(key="act_new_unit").set_value("ompelimo").run()
    fill_form(at, "Sakset ovat tylsiä.", "Teroitetaan sakset.")
    at.button(key="act_new_save").click().run()
    assert [(a.unit, a.did) for a in store.actions()] == [("ompelimo", "Teroitetaan sakset.")]
    # Another page and back: the choice stays for this browser session.
    at.switch_page("pages/results.py").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key="act_new_unit").value == "ompelimo"


def test_the_picture_picker_shows_the_library_as_thumbnails(store):
    from raati.actions import library_pictures

    at, _ = open_as(store)
    body = "\n".join(h.proto.body for h in at.get("html"))
    names = [p.removeprefix("pictures/").removesuffix(".svg")
             for p in library_pictures(config.defs_dir())]
    assert "kahvi" in names and "tyo" in names
    words = {"kylla": "kyllä", "tyo": "työ", "tyopaikka": "työpaikka",
             "tehtavat": "tehtävät", "yhdessa": "yhdessä"}
    for name in names:  # the names as words, with their Finnish letters
        assert f'alt="{words.get(name, name)}"' in body
    assert 'alt="tyo"' not in body
    assert body.count('<img src="data:image/svg+xml;base64,') >= len(names)
    assert "Kuvakirjaston kuvat" in everything(at)


def test_from_a_survey_only_the_units_own_surveys_are_offered(store):
    """An action of a unit may name only a survey with a round or answers at that unit
    (the store refuses the others): the form offers those, once the unit is chosen."""
    from raati.surveys import load_surveys

    surveys = load_surveys(config.defs_dir())
    assert len(surveys) >= 2
    at, _ = open_as(store, units=("puupaja", "ompelimo"))
    at.radio(key="act_new_source").set_value("survey").run()
    assert "Valitse yksikkö, jolle toimenpide kirjataan." in everything(at)
    assert not [w for w in at.selectbox if w.key == "act_new_survey"]
    at.selectbox(key="act_new_unit").set_value("puupaja").run()
    assert "Tämän yksikön kyselyillä ei ole vielä kierroksia eikä vastauksia." in everything(at)
    used = sorted(surveys)[0]
    store.open_round(used, "puupaja", name="Kevät")
    at.run()
    assert at.selectbox(key="act_new_survey").options == [surveys[used].text(
        surveys[used].title, "fi")]


def test_developer_client_reads_only_the_public_actions(store):
    """A staff-only action (an internal matter) is not shown to developer-clients, who are
    clients: neither on the actions page, nor in its CSV, nor under a results theme."""
    from raati import action_control
    from raati.store import User

    public = store.add_action("puupaja", "Kahvi on pahaa.", "Vaihdetaan kahvi.")
    private = store.add_action("puupaja", "Pukuhuoneessa on ollut ikävää puhetta.",
                               "Puhutaan asiasta ryhmissä.", public=False)
    at, _ = open_as(store, role="developer-client")
    text = everything(at)
    assert "Vaihdetaan kahvi." in text
    assert "Pukuhuoneessa" not in text and "Puhutaan asiasta ryhmissä." not in text
    dev = User(1, "kehittaja", "developer-client", ("puupaja",), False, False, None)
    assert [a.id for a in action_control.actions_for(store, dev)] == [public.id]
    assert [a.id for a in action_control.readable(dev, [public, private])] == [public.id]
    staff = User(2, "ohjaaja", "staff", ("puupaja",), False, False, None)
    assert {a.id for a in action_control.actions_for(store, staff)} == {public.id, private.id}
    # staff see both on the page
    assert "Puhutaan asiasta ryhmissä." in everything(open_as(store)[0])
