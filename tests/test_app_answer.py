"""AppTest: the client's answer path behind a round link, and the staff rounds page."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raati import config
from raati.auth import create_user, start_session
from raati.store import Store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh database and a copy of the shipped surveys, wired to the app."""
    defs = tmp_path / "defs"
    shutil.copytree(REPO / "survey_defs", defs)
    db = tmp_path / "raati.db"
    monkeypatch.setenv("RAATI_DB", str(db))
    monkeypatch.setenv("RAATI_DEFS", str(defs))
    monkeypatch.delenv("RAATI_BASE_URL", raising=False)
    monkeypatch.chdir(REPO)
    return Store(db), defs


def app_for(token: str | None, login: tuple[Store, str] | None = None,
            page: str | None = None) -> AppTest:
    """The app opened with a round link (``token``) or as staff; ``login`` = (store,
    role) logs in a fresh account of that role first."""
    at = AppTest.from_file(APP, default_timeout=30)
    if token is not None:
        at.query_params["r"] = token
    if login is not None:
        store, role = login
        user = create_user(store, f"{role}-tester", role, secrets.token_urlsafe(16), ("puupaja",))
        at.session_state["session_token"] = start_session(store, user)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.markdown]
    parts += [e.value for e in at.text] + [e.value for e in at.info] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def response_rows(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT survey, unit, date, lang, round_id FROM responses").fetchall()


def test_unknown_token_shows_a_friendly_page(env):
    at = app_for("EiOleOlemassa")
    assert not at.exception
    assert at.title[0].value == "Kyselyä ei löytynyt"
    assert "QR-koodi" in texts(at)
    assert not at.button  # nothing to submit


def test_tampered_token_is_just_not_found(env):
    at = app_for("<script>alert(1)</script>' OR 1=1 --")
    assert not at.exception
    assert at.title[0].value == "Kyselyä ei löytynyt"


def test_closed_and_future_rounds_take_no_answers(env):
    store, _ = env
    today = config.today()
    closed = store.open_round("viikkofiilis", "puupaja", opens=(today - dt.timedelta(days=20)).isoformat(),
                              closes=(today - dt.timedelta(days=1)).isoformat())
    future = store.open_round("viikkofiilis", "puupaja", opens=(today + dt.timedelta(days=3)).isoformat())
    at = app_for(closed.token)
    assert at.title[0].value == "Kysely on päättynyt"
    assert not at.radio
    at = app_for(future.token)
    assert at.title[0].value == "Kysely ei ole vielä alkanut"
    day = today + dt.timedelta(days=3)
    assert f"{day.day}.{day.month}.{day.year}" in texts(at)


def test_answering_stores_one_anonymous_response(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    assert not at.exception
    assert at.title[0].value.startswith("Viikkofiilis")
    for qid, value in (("viikko", 4), ("apu", 3), ("ryhma", 2), ("tyo", 1)):
        at.radio(key=f"q_{qid}").set_value(value)
    at.text_area(key="q_muuta").input("Hyvä viikko *oikeasti*")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    rows = response_rows(tmp_path / "raati.db")
    assert rows == [("viikkofiilis", "puupaja", config.today().isoformat(), "fi", rnd.id)]
    from analysis.summary import summarize
    from raati.surveys import find_survey

    summary = summarize(store, find_survey(env[1], "viikkofiilis"), min_group=1)
    counts = {q["id"]: q.get("counts") for q in summary["questions"]}
    assert counts["viikko"] == {"1": 0, "2": 0, "3": 0, "4": 1}
    assert counts["tyo"] == {"1": 1, "2": 0, "3": 0, "4": 0}
    exported = [a.value for r in store.responses_with_answers("viikkofiilis") for a in r["answers"]
                if a.question == "muuta"]
    assert exported == ["Hyvä viikko *oikeasti*"]
    # A rerun of the same session shows the thank-you, not the form again.
    at.run()
    assert at.title[0].value == "Kiitos vastauksestasi!"


def test_missing_required_answers_are_named_and_nothing_is_stored(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    at.radio(key="q_viikko").set_value(4)
    at.radio(key="q_ryhma").set_value(3)
    at.button[0].click().run()
    assert "Vastaa vielä näihin kysymyksiin: 2, 4" in texts(at)
    assert response_rows(tmp_path / "raati.db") == []
    # What was already chosen is kept.
    assert at.radio(key="q_viikko").value == 4


def test_answering_in_swedish_with_plain_language(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    at.radio(key="answer_lang").set_value("sv").run()
    assert at.title[0].value.startswith("Veckokänslan")
    plain_label = at.radio(key="q_apu").label
    at.toggle(key="answer_easy").set_value(True).run()
    assert at.radio(key="q_apu").label != plain_label
    assert "Fick du hjälp" in at.radio(key="q_apu").label
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        at.radio(key=f"q_{qid}").set_value(3)
    at.button[0].click().run()
    assert at.title[0].value == "Tack för ditt svar!"
    assert response_rows(tmp_path / "raati.db")[0][3] == "sv"


def test_every_question_type_can_be_answered(env):
    store, _ = env
    rnd = store.open_round("palvelukahvila", "kahvila")
    at = app_for(rnd.token)
    at.checkbox(key="q_tarpeet_terveys").check()
    at.checkbox(key="q_tarpeet_kielikurssit").check()
    at.radio(key="q_apu").set_value("osittain")
    at.text_area(key="c_apu").input("Sain neuvoja")
    at.radio(key="q_tervetullut").set_value(4)
    at.radio(key="q_kuultu").set_value(3)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    [response] = list(store.responses_with_answers("palvelukahvila"))
    got = sorted((a.question, a.kind, a.value) for a in response["answers"])
    assert got == [
        ("apu", "comment", "Sain neuvoja"), ("apu", "value", "osittain"),
        ("kuultu", "value", "3"), ("tarpeet", "value", "kielikurssit"),
        ("tarpeet", "value", "terveys"), ("tervetullut", "value", "4"),
    ]


def test_a_broken_survey_file_gives_a_friendly_page(env):
    store, defs = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    (defs / "viikkofiilis.yaml").write_text("id: viikkofiilis\nquestions: [\n", encoding="utf-8")
    at = app_for(rnd.token)
    assert not at.exception
    assert at.title[0].value == "Kysely ei ole nyt käytettävissä"


def test_client_link_shows_no_staff_navigation(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    assert not at.sidebar.selectbox  # no staff language menu, no page menu content
    assert "Keruukierrokset" not in texts(at)


def test_staff_rounds_page_lists_links_and_opens_rounds(env):
    store, _ = env
    rnd = store.open_round("asiakaskysely", "puupaja", name="Kevät", expected=20)
    at = app_for(None, login=(store, "admin"), page="pages/rounds.py")
    assert not at.exception
    assert at.title[0].value == "Keruukierrokset"
    frame = at.dataframe[0].value
    assert list(frame["Vastauslinkki"]) == [f"http://localhost:8501/?r={rnd.token}"]
    assert list(frame["Vastaus-%"]) == ["0 %"]
    assert any(f"?r={rnd.token}" in c.value for c in at.code)
    # Open a new round at a new unit.
    at.selectbox(key="new_round_survey").set_value("viikkofiilis")
    at.text_input(key="new_round_new_unit").input("ompelimo")
    at.text_input(key="new_round_name").input("Syksy 2027")
    at.number_input(key="new_round_expected").set_value(12)
    at.button(key="FormSubmitter:open_round-Avaa kierros").click().run()
    assert not at.exception
    new = [r for r in store.rounds() if r.unit == "ompelimo"]
    assert [(r.survey, r.name, r.expected) for r in new] == [("viikkofiilis", "Syksy 2027", 12)]
    assert any(f"?r={new[0].token}" in c.value for c in at.code)


def test_staff_open_round_refuses_a_bad_unit_id(env):
    store, _ = env
    at = app_for(None, login=(store, "admin"), page="pages/rounds.py")
    at.text_input(key="new_round_new_unit").input("Puu Paja!")
    at.button(key="FormSubmitter:open_round-Avaa kierros").click().run()
    assert "unit" in texts(at)
    assert store.rounds() == []


def test_surveys_page_lists_the_shipped_surveys(env):
    at = app_for(None, login=(env[0], "staff"), page="pages/surveys.py")
    assert not at.exception
    assert "3 kyselyä kunnossa" in texts(at)
