"""AppTest: the closing-event presentation page (/esitys): staff only; starting it opens
the day's event-feedback round and shows the slides; the buttons move the shared current
slide that both windows follow; the presenter view shows the notes and the next title;
only approved, masked texts reach a slide; the deck downloads."""

from __future__ import annotations

import secrets

import pytest
from streamlit.testing.v1 import AppTest

from raati import auth
from raati.demo import fill_demo
from raati.store import presentations as board
from tests._helpers import REPO, staff_app

PAGE = "pages/presentation.py"
APP = str(REPO / "app.py")


@pytest.fixture
def env(app_env):
    store, defs = app_env
    fill_demo(store, defs)
    return store


def html_of(at) -> str:
    return "\n".join(str(e.proto.body) for e in at.get("html"))


def everything(at) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.markdown]
    parts += [e.value for e in at.text] + [e.value for e in at.caption]
    parts += [e.value for e in at.error] + [e.value for e in at.info]
    parts += [e.value for e in at.subheader]
    return "\n".join(map(str, parts)) + "\n" + html_of(at)


def start(at, unit: str = "puupaja"):
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    at.selectbox(key="pres_unit").set_value(unit).run()
    at.button(key="pres_start").click().run()
    assert not at.exception
    return at


def test_developer_clients_are_refused_also_a_running_presentation(env):
    staff, _ = staff_app(env, "staff", PAGE)
    start(staff)
    pid = staff.session_state["pres_id"]
    at, _ = staff_app(env, "developer-client", PAGE)
    for query in ({}, {"id": pid}, {"id": pid, "presenter": "1"}):
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        text = everything(at)
        assert "Sinulla ei ole oikeutta tälle sivulle." in text
        assert "Esitys päättäjäisiin" not in text and "raati-pres" not in html_of(at)
        assert not [b for b in at.button if (b.key or "").startswith("pres_")]
        assert not at.download_button


def test_not_logged_in_gets_only_the_login_form(env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert [t.value for t in at.title] == ["Kirjaudu sisään"]
    assert "Esitys päättäjäisiin" not in everything(at)
    assert not at.download_button


def test_a_running_presentation_is_refused_to_staff_of_another_unit(env):
    at, _ = staff_app(env, "staff", PAGE, units=("puupaja",))
    start(at)
    pid = at.session_state["pres_id"]
    other, _ = staff_app(env, "staff", PAGE, units=("ompelimo",))
    other.query_params["id"] = pid
    other.run()
    assert "Sinulla ei ole oikeutta tälle sivulle." in everything(other)
    assert "raati-pres" not in html_of(other)


def test_staff_start_step_and_open_the_feedback_round(env):
    at, user = staff_app(env, "staff", PAGE, units=("puupaja", "ompelimo"))
    assert "Esitys päättäjäisiin" in everything(at)
    assert "tilaisuuspalaute" not in at.selectbox(key="pres_survey").options
    start(at)
    pid = at.session_state["pres_id"]
    running = board.get(pid)
    assert running is not None and running.unit == "puupaja" and running.current == 0
    kinds = [s.kind for s in running.slides]
    assert kinds[0] == "title" and kinds[-1] == "feedback"
    # The day's event-feedback round, opened for the unit and today only.
    rnd = env.round_by_id(running.feedback_round)
    assert (rnd.survey, rnd.unit, rnd.opens, rnd.closes) == (
        "tilaisuuspalaute", "puupaja", rnd.opens, rnd.opens)
    assert "round_open" in [e.action for e in env.audit_entries()]
    html = html_of(at)
    assert 'data-slide="1"' in html and "Asiakaskysely" in html
    # Next, next: the shared slide moves, the page shows it.
    at.button(key="pres_next").click().run()
    assert board.get(pid).current == 1
    assert 'data-slide="2"' in html_of(at) and "Kuinka moni vastasi?" in html_of(at)
    at.button(key="pres_last").click().run()
    assert board.get(pid).current == len(running.slides) - 1
    last = html_of(at)
    assert "Mitä pidit tästä tilaisuudesta?" in last
    assert f"?r={rnd.token}" in last and "data:image/png;base64," in last
    assert "0 vastausta" in last
    at.button(key="pres_first").click().run()
    assert board.get(pid).current == 0
    # Starting again the same day reuses the same round (one round per event day).
    again, _ = staff_app(env, "staff", PAGE, units=("puupaja",))
    start(again)
    assert board.get(again.session_state["pres_id"]).feedback_round == rnd.id


def test_presenter_view_follows_and_shows_notes_and_next_title(env):
    at, user = staff_app(env, "staff", PAGE)
    start(at)
    pid = at.session_state["pres_id"]
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = pid
    presenter.query_params["presenter"] = "1"
    presenter.run()
    assert not presenter.exception
    text = everything(presenter)
    slides = board.get(pid).slides
    assert slides[0].notes in text
    assert f"Seuraavaksi: {slides[1].title}" in text
    # The audience window moves on: the presenter's view follows on its next run.
    at.button(key="pres_next").click().run()
    presenter.run()
    text = everything(presenter)
    assert "Dia 2 / " in text and slides[1].notes in text
    assert presenter.download_button


def test_only_approved_masked_texts_reach_the_slides(env):
    texts = env.free_texts("asiakaskysely", ["parasta", "muutettavaa"])
    phone = next(i for i in texts if "040" in i["text"] and i["unit"] == "puupaja")
    others = [i for i in texts if i is not phone and i["unit"] == "puupaja"]
    env.moderate(phone["response_id"], phone["question"], phone["kind"], "approved",
                 "Soittakaa minulle [puhelin] jos tulee työpaikka.", "x")
    # An approved text that a moderator edited with an e-mail address in it: masked again.
    env.moderate(others[0]["response_id"], others[0]["question"], others[0]["kind"],
                 "approved", "Kirjoittakaa osoitteeseen matti.meikalainen@example.org", "x")
    unapproved = [i["text"] for i in others[1:] if len(i["text"]) > 12]
    at, _ = staff_app(env, "staff", PAGE)
    start(at)
    slides = board.get(at.session_state["pres_id"]).slides
    lines = "\n".join(x for s in slides for x in s.lines)
    assert "Soittakaa minulle [puhelin] jos tulee työpaikka." in lines
    assert "matti.meikalainen@example.org" not in lines and "[sähköposti]" in lines
    assert "040 123 4567" not in lines
    for text in unapproved:
        assert text not in lines


def test_the_deck_download_is_offered_before_and_while_presenting(env):
    at, _ = staff_app(env, "staff", PAGE)
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    assert at.download_button(key="pres_dl").proto.label == "Lataa esitys PowerPointina"
    start(at)
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = at.session_state["pres_id"]
    presenter.query_params["presenter"] = "1"
    presenter.run()
    assert presenter.download_button(key="pres_dl_running").proto.label == (
        "Lataa esitys PowerPointina")


def test_logins_of_other_roles_see_no_presentation_in_the_menu(env):
    """A developer-client's menu has no presentation page; staff's has."""
    for role, shown in (("developer-client", False), ("staff", True)):
        user = auth.create_user(env, f"{role}-{secrets.token_hex(3)}", role,
                                secrets.token_urlsafe(16), ("puupaja",))
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["session_token"] = auth.start_session(env, user)
        at.run()
        assert not at.exception
        from raati.auth import can_open
        from raati.routes import by_path

        assert can_open(by_path("/esitys").roles, user) is shown
