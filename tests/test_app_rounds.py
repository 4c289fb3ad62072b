"""AppTest: the rounds page opens a round once and shows it at once, asks before closing,
reopens; the links' address (issue 11, items 8 and 9) and the admin's setting of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from raati import config
from tests._helpers import staff_app

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
OPEN = "FormSubmitter:open_round-Avaa kierros"


@pytest.fixture
def store(app_env):
    return app_env[0]


def open_as(store, role, page="pages/rounds.py", units=("puupaja",)):
    return staff_app(store, role, page, units)[0]


def everything(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.error]
    parts += [e.value for e in at.success] + [e.value for e in at.info]
    parts += [c.value for c in at.code]
    return unplain("\n".join(map(str, parts)))


def unplain(text: str) -> str:
    """Text as read: ui.plain puts word joiners and backslashes into Markdown text."""
    return text.replace("\u2060", "").replace("\\", "")


def fill_open_form(at, survey="viikkofiilis", unit="puupaja", name="Syksy"):
    at.selectbox(key="new_round_survey").set_value(survey)
    at.selectbox(key="new_round_unit").set_value(unit)
    at.text_input(key="new_round_name").input(name)


def test_a_new_round_shows_at_once_and_the_form_is_cleared(store):
    store.ensure_unit("puupaja")
    store.open_round("asiakaskysely", "puupaja", name="Vanha", opens="2020-01-01")
    at = open_as(store, "admin")
    fill_open_form(at)
    at.number_input(key="new_round_expected").set_value(9)
    at.button(key=OPEN).click().run()
    assert not at.exception
    [new] = [r for r in store.rounds() if r.name == "Syksy"]
    # In the table, chosen in the QR picker, its link shown: without another run.
    assert "Syksy" in list(at.dataframe[0].value["Kierros"])
    assert at.selectbox(key="rounds_pick").value == new.id
    assert any(c.value.endswith(f"?r={new.token}") for c in at.code)
    assert "Kierros Syksy avattu" in everything(at)
    # The form is empty again.
    assert at.text_input(key="new_round_name").value == ""
    assert at.selectbox(key="new_round_unit").value == ""
    assert at.number_input(key="new_round_expected").value == 0


def test_a_second_press_opens_no_second_round(store):
    store.ensure_unit("puupaja")
    at = open_as(store, "admin")
    fill_open_form(at)
    at.button(key=OPEN).click().run()
    # The browser sends the same form again (a double press that arrived late).
    fill_open_form(at)
    at.button(key=OPEN).click().run()
    assert not at.exception
    assert [r.name for r in store.rounds()] == ["Syksy"]
    assert not at.error  # the same press: nothing to tell
    assert len(store.audit_entries(action="round_open")) == 1


def test_an_identical_round_opened_today_elsewhere_is_refused(store):
    store.ensure_unit("puupaja")
    first = store.open_round("viikkofiilis", "puupaja", name="Syksy")
    at = open_as(store, "staff")  # another staff member, another session
    fill_open_form(at)
    at.button(key=OPEN).click().run()
    assert [r.id for r in store.rounds()] == [first.id]
    assert f"(kierros {first.id})" in at.error[0].value
    assert "Uutta kierrosta ei avattu" in at.error[0].value
    # Another name is a new round.
    at.text_input(key="new_round_name").input("Syksy, ryhmä 2")
    at.button(key=OPEN).click().run()
    assert sorted(r.name for r in store.rounds()) == ["Syksy", "Syksy, ryhmä 2"]


def test_closing_asks_first_and_a_closed_round_can_be_reopened(store):
    rnd = store.open_round("viikkofiilis", "puupaja", name="Kevät", opens="2020-01-01")
    at = open_as(store, "staff")
    at.button(key=f"close_{rnd.id}").click().run()
    assert store.round_by_id(rnd.id).status() == "open"
    assert "Päätetäänkö kierros Kevät?" in everything(at)
    at.button(key=f"close_no_{rnd.id}").click().run()  # cancel
    assert store.round_by_id(rnd.id).status() == "open"
    assert not [b for b in at.button if b.key == f"close_yes_{rnd.id}"]
    at.button(key=f"close_{rnd.id}").click().run()
    at.button(key=f"close_yes_{rnd.id}").click().run()
    assert not at.exception
    assert store.round_by_id(rnd.id).status() == "closed"
    assert list(at.dataframe[0].value["Tila"]) == ["päättynyt"]  # at once
    assert "Kierros päätetty." in everything(at)
    at.button(key=f"reopen_{rnd.id}").click().run()
    assert not at.exception
    again = store.round_by_id(rnd.id)
    assert (again.status(), again.closes) == ("open", None)
    assert list(at.dataframe[0].value["Tila"]) == ["auki"]
    entry = store.audit_entries(action="round_reopen")[0]
    assert entry.target == f"round {rnd.id}" and entry.actor.startswith("staff-")


def test_staff_cannot_close_another_units_round_by_a_stale_button(store):
    rnd = store.open_round("viikkofiilis", "puupaja", name="Kevät", opens="2020-01-01")
    at = open_as(store, "staff")
    at.button(key=f"close_{rnd.id}").click().run()
    # Meanwhile an admin takes the unit away from this staff member.
    staff = next(u for u in store.users() if u.role == "staff")
    store.update_user(staff.id, units=["ompelimo"])
    at.button(key=f"close_yes_{rnd.id}").click().run()
    assert store.round_by_id(rnd.id).status() == "open"


def test_localhost_links_are_warned_about_and_the_source_is_shown(store):
    store.open_round("viikkofiilis", "puupaja")
    at = open_as(store, "staff")
    text = everything(at)
    assert "Linkkien ja QR-koodien osoite: http://localhost:8501 (oletus)" in text
    [warning] = [unplain(w.value) for w in at.warning if "toimii vain" in w.value]
    assert "localhost:8501" in warning
    assert "toimii vain tällä samalla tietokoneella" in warning and "RAATI_BASE_URL" in warning


def test_a_stored_address_is_used_and_the_environment_comes_first(store, monkeypatch):
    rnd = store.open_round("viikkofiilis", "puupaja")
    store.set_setting(config.BASE_URL_SETTING, "https://raati.kunta.fi")
    at = open_as(store, "staff")
    assert list(at.dataframe[0].value["Vastauslinkki"]) == [
        f"https://raati.kunta.fi/?r={rnd.token}"]
    assert "(pääkäyttäjän asettama)" in everything(at)
    assert not [w for w in at.warning if "toimii vain" in w.value]
    monkeypatch.setenv("RAATI_BASE_URL", "http://192.168.1.20:8501")
    at.run()
    assert list(at.dataframe[0].value["Vastauslinkki"]) == [
        f"http://192.168.1.20:8501/?r={rnd.token}"]
    assert "RAATI_BASE_URL" in everything(at)
    assert any("toimii vain samassa verkossa" in w.value for w in at.warning)


def test_the_admin_sets_the_public_address_checked_and_logged(store):
    at = open_as(store, "admin", "pages/users.py")
    at.text_input(key="base_url_input").input("raati.kunta.fi")
    at.button(key="FormSubmitter:base_url-Tallenna").click().run()
    assert "alkaa http:// tai https://" in at.error[0].value
    assert store.setting(config.BASE_URL_SETTING) is None
    at.text_input(key="base_url_input").input(" https://raati.kunta.fi/ ")
    at.button(key="FormSubmitter:base_url-Tallenna").click().run()
    assert not at.exception
    assert store.setting(config.BASE_URL_SETTING) == "https://raati.kunta.fi"
    entry = store.audit_entries(action="setting_change")[0]
    assert entry.actor.startswith("admin-") and entry.target == "public_base_url"
    assert entry.detail == "- -> https://raati.kunta.fi"
    assert "(pääkäyttäjän asettama)" in everything(at)
    at.button(key="base_url_clear").click().run()
    assert store.setting(config.BASE_URL_SETTING) is None
    assert store.audit_entries(action="setting_change")[0].detail == \
        "https://raati.kunta.fi -> -"


def test_staff_do_not_get_the_address_setting(store):
    at = open_as(store, "staff", "pages/users.py")
    assert not [t for t in at.text_input if t.key == "base_url_input"]
