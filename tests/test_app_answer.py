"""AppTest: the client's answer path behind a round link, and the staff rounds page."""

from __future__ import annotations

import datetime as dt
import secrets
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
def env(app_env):
    return app_env


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


@pytest.mark.parametrize("token", ["استبيان", "", "   ", "!!!"])
def test_a_link_with_no_usable_token_is_not_found_never_the_staff_login(env, token):
    """Found by a first-time walk: /?r=<Arabic letters> and /?r= opened the staff login."""
    at = app_for(token)
    assert not at.exception
    assert at.title[0].value == "Kyselyä ei löytynyt"
    assert not at.text_input  # no user name or password box


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


def tap(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def answer_the_scales(at: AppTest) -> AppTest:
    """Start viikkofiilis and answer its four scale questions with 2."""
    tap(at, "start")
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        tap(at, f"scale_2_{qid}")
    return at


def html_text(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def test_answering_one_question_per_screen_stores_one_anonymous_response(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    assert not at.exception
    assert at.title[0].value.startswith("Viikkofiilis")
    tap(at, "start")
    assert "Kysymys 1 / 5" in html_text(at)
    assert "Kuinka hyvin viikkosi pajalla meni?" in html_text(at)
    # Tapping a face answers and moves on by itself.
    for n, (qid, value) in enumerate((("viikko", 4), ("apu", 3), ("ryhma", 2), ("tyo", 1)),
                                     start=1):
        assert f"Kysymys {n} / 5" in html_text(at)
        tap(at, f"scale_{value}_{qid}")
    assert "Kysymys 5 / 5" in html_text(at)
    assert "Älä kirjoita nimiä" in html_text(at)  # the free-text box warns about names
    at.text_area(key="text_muuta").input("Hyvä viikko *oikeasti*")
    tap(at, "next")
    assert at.title[0].value == "Valmis!"
    assert response_rows(tmp_path / "raati.db") == []  # nothing is stored before sending
    tap(at, "send")
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    rows = response_rows(tmp_path / "raati.db")
    assert rows == [("viikkofiilis", "puupaja", config.today().isoformat(), "fi", rnd.id)]
    [response] = list(store.responses_with_answers("viikkofiilis"))
    assert sorted((a.question, a.value) for a in response["answers"]) == [
        ("apu", "3"), ("muuta", "Hyvä viikko *oikeasti*"), ("ryhma", "2"), ("tyo", "1"),
        ("viikko", "4")]
    # Nothing of the answers stays in the session once they are stored.
    flow = at.session_state["flow"]
    assert flow.submitted and flow.values == {} and flow.comments == {}
    assert not [k for k in at.session_state if str(k).startswith("text_")]


def test_back_and_skip_and_a_required_question(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    tap(at, "scale_4_viikko")
    tap(at, "back")
    assert "Kysymys 1 / 5" in html_text(at)
    # Coming back shows the earlier answer chosen, and "next" keeps it.
    assert at.button(key="scale_4_viikko").proto.type == "primary"
    tap(at, "next")
    assert "Kysymys 2 / 5" in html_text(at)
    # A required question has no skip button.
    assert not [b for b in at.button if b.key == "skip"]
    for qid in ("apu", "ryhma", "tyo"):
        tap(at, f"scale_3_{qid}")
    tap(at, "skip")  # the optional text question
    assert at.title[0].value == "Valmis!"
    tap(at, "send")
    [response] = list(store.responses_with_answers("viikkofiilis"))
    assert {a.question for a in response["answers"]} == {"viikko", "apu", "ryhma", "tyo"}


def test_next_without_an_answer_says_what_to_do(env, tmp_path):
    store, _ = env
    rnd = store.open_round("asiakaskysely", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    # elamantilanne has a comment box, so it waits for "next".
    tap(at, "next")
    assert "Valitse vastaus, niin pääset eteenpäin." in [e.value for e in at.error]
    assert "Kysymys 1 / 12" in html_text(at)
    tap(at, "scale_2_elamantilanne")
    assert "Kysymys 1 / 12" in html_text(at)  # waits: the person may write more
    at.text_area(key="comment_elamantilanne").input("Ei kysytty toiveita")
    tap(at, "next")
    assert "Kysymys 2 / 12" in html_text(at)
    assert at.session_state["flow"].comments == {"elamantilanne": "Ei kysytty toiveita"}


def test_answering_in_swedish_with_easy_language_big_text_and_contrast(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "lang_sv")
    assert at.title[0].value.startswith("Veckokänslan")
    assert at.button(key="start").label == "Börja"
    at.toggle(key="easy").set_value(True).run()
    at.toggle(key="big_text").set_value(True).run()
    at.toggle(key="contrast").set_value(True).run()
    tap(at, "start")
    page = html_text(at)
    # Question 1 in easy Swedish (question 2's easy text is not on this screen).
    assert "När du behövde hjälp" not in page and "Hur bra gick din vecka i verkstaden?" in page
    assert "Större text" not in page and "raati-big" not in page
    assert "font-size: 1.9rem" in page  # the bigger-text style is on
    assert "#000 !important" in page  # the strong-colour style is on
    assert 'data-lang="sv"' in page and 'lang="sv"' in page
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        tap(at, f"scale_3_{qid}")
    tap(at, "skip")
    tap(at, "send")
    assert at.title[0].value == "Tack för ditt svar!"
    assert response_rows(tmp_path / "raati.db")[0][3] == "sv"


def test_every_question_type_can_be_answered(env):
    store, _ = env
    rnd = store.open_round("palvelukahvila", "kahvila")
    at = app_for(rnd.token)
    tap(at, "start")
    at.checkbox(key="multi_tarpeet_terveys").check().run()
    at.checkbox(key="multi_tarpeet_kielikurssit").check().run()
    tap(at, "next")
    tap(at, "opt_apu_osittain")
    at.text_area(key="comment_apu").input("Sain neuvoja")
    tap(at, "next")
    tap(at, "scale_4_tervetullut")
    tap(at, "scale_3_kuultu")
    tap(at, "skip")
    tap(at, "send")
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    [response] = list(store.responses_with_answers("palvelukahvila"))
    got = sorted((a.question, a.kind, a.value) for a in response["answers"])
    assert got == [
        ("apu", "comment", "Sain neuvoja"), ("apu", "value", "osittain"),
        ("kuultu", "value", "3"), ("tarpeet", "value", "kielikurssit"),
        ("tarpeet", "value", "terveys"), ("tervetullut", "value", "4"),
    ]


def test_grade_questions_have_a_button_per_grade(env):
    store, _ = env
    rnd = store.open_round("asiakaskysely", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    at.session_state["flow"].step = 9  # the grade question
    at.run()
    assert [b.label for b in at.button if str(b.key).startswith("grade_")] == [
        str(g) for g in range(4, 11)]
    tap(at, "grade_8_arvosana")
    assert at.session_state["flow"].values["arvosana"] == 8
    assert "Kysymys 11 / 12" in html_text(at)


def test_review_lists_missing_answers_and_cannot_send(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    at.session_state["flow"].step = 5  # jump to the end without answering
    at.run()
    assert "Vastaa vielä näihin kysymyksiin: 1, 2, 3, 4" in [w.value for w in at.warning]
    assert at.button(key="send").disabled
    tap(at, "goto_2")
    assert "Kysymys 2 / 5" in html_text(at)


def test_kiosk_thanks_screen_offers_the_next_person_a_fresh_start(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = rnd.kiosk_token  # the kiosk link staff were given
    at.run()
    tap(at, "start")
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        tap(at, f"scale_2_{qid}")
    tap(at, "skip")
    tap(at, "send")
    assert 'data-kiosk="1"' in html_text(at) and 'data-screen="thanks"' in html_text(at)
    assert 'data-answered=""' in html_text(at)  # a shared tablet is never marked answered
    assert "raati-thanks-left" in html_text(at)
    tap(at, "next_person")
    assert at.title[0].value.startswith("Viikkofiilis")
    assert at.session_state["flow"].values == {} and not at.session_state["flow"].submitted


def test_own_phone_marks_the_round_answered_in_this_browser(env, tmp_path):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = answer_the_scales(app_for(rnd.token))
    tap(at, "skip")
    tap(at, "send")
    assert f'data-answered="{rnd.id}"' in html_text(at)


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
    assert "4 kyselyä: 4 tiedostoa kansiossa" in texts(at)


def test_a_too_long_text_is_refused_with_its_length_never_cut(env):
    """A pasted text over the limit is kept in the box and the person is told how long
    it is and how much fits (the browser's maxlength would cut it without a word)."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = answer_the_scales(app_for(rnd.token))
    [box] = at.text_area
    assert not box.max_chars  # no browser limit that would cut a paste
    long_text = "Pitkä teksti. " * 250  # 3500 characters
    box.set_value(long_text)
    tap(at, "next")
    assert any("Tekstissä on 3499 merkkiä. Siihen mahtuu 500." in e.value for e in at.error)
    assert at.text_area[0].value == long_text  # nothing was cut
    assert "Kysymys 5 / 5" in html_text(at)  # still on the same question
    at.text_area[0].set_value("Lyhyt.")
    tap(at, "next")
    assert not at.error


def client_elements(at: AppTest) -> tuple[list[str], list[str]]:
    """The bodies of the client page's CSS-and-script element and of its #raati-config."""
    bodies = [str(h.proto.body) for h in at.get("html")]
    return ([b for b in bodies if "<script>" in b],
            [b for b in bodies if b.startswith('<style id="raati-config"')])


def test_css_and_script_are_the_same_bytes_on_every_tap(env):
    """Streamlit sends an element a browser already has as just its hash (when it is at
    least global.minCachedMessageSize): the CSS and script must never change between
    taps, and only the small #raati-config element may."""
    from streamlit import config as st_config

    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    static, step = client_elements(at)
    seen_steps = [step]
    at.toggle(key="big_text").set_value(True).run()
    assert client_elements(at)[0] == static
    for key in ("start", "scale_2_viikko", "scale_3_apu", "back"):
        tap(at, key)
        assert client_elements(at)[0] == static, key
        seen_steps.append(client_elements(at)[1])
        assert "font-size: 1.9rem" in seen_steps[-1][0]  # bigger text: in the step's CSS
    assert len(static) == 1 and len(static[0]) >= st_config.get_option(
        "global.minCachedMessageSize")
    assert all(len(s) == 1 and len(s[0]) < 2000 for s in seen_steps)
    assert [s[0].split('data-step="')[1].split('"')[0] for s in seen_steps] == [
        "-1", "0", "1", "2", "1"]
    # The pages that only say something (here: an unknown link) send the same element.
    assert client_elements(app_for("EiOleOlemassa"))[0] == static


# -- issue 11: client screens -----------------------------------------------------------


def test_a_second_tap_meant_for_an_outdated_screen_is_ignored(env):
    """Two taps that reach the server together (a fast double tap): the first answers
    question 1 and moves on; the second was drawn on question 1 too and must not answer
    question 2, which the person has not seen yet."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    at.button(key="scale_4_viikko").click()
    at.button(key="scale_1_viikko").click()
    at.run()
    assert "Kysymys 2 / 5" in html_text(at)
    # One of the two answered question 1 (Streamlit runs the callbacks in its own
    # order); the other was ignored, and question 2 is still unanswered.
    values = at.session_state["flow"].values
    assert list(values) == ["viikko"] and values["viikko"] in (1, 4)
    # A double tap on "back" goes back one screen, not two.
    at.button(key="back").click()
    at.run()
    assert "Kysymys 1 / 5" in html_text(at)


def test_a_scale_tap_never_becomes_the_text_of_a_text_question(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    for qid in ("viikko", "apu", "ryhma"):
        tap(at, f"scale_3_{qid}")
    at.button(key="scale_2_tyo").click()
    at.button(key="scale_1_tyo").click()
    at.run()
    assert "Kysymys 5 / 5" in html_text(at)
    [box] = at.text_area
    assert box.value == ""  # not "1" or "2"
    values = at.session_state["flow"].values
    assert "muuta" not in values and values["tyo"] in (1, 2)


def test_the_display_switches_show_in_the_same_run(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    at.toggle(key="big_text").set_value(True).run()
    assert "font-size: 1.9rem" in client_elements(at)[1][0]
    at.toggle(key="contrast").set_value(True).run()
    assert "#000 !important" in client_elements(at)[1][0]
    at.toggle(key="big_text").set_value(False).run()
    assert "font-size: 1.9rem" not in client_elements(at)[1][0]


def in_order(node) -> list:
    """The elements of an AppTest tree in the order they are drawn."""
    children = getattr(node, "children", None)
    if not children:
        return [node]
    return [e for key in sorted(children) for e in in_order(children[key])]


def test_start_screen_order_language_switches_start_then_note_and_intro(env):
    """Language, easy language and "Aloita" come first (they fit on the first screen);
    the anonymity note right after "Aloita", the survey's introduction after that."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    kinds = []
    for element in in_order(at.main):
        key = getattr(element, "key", None) or ""
        body = str(getattr(element.proto, "body", ""))
        if element.type == "title":
            kinds.append("title")
        elif key.startswith("lang_"):
            kinds.append("language")
        elif key in ("easy", "big_text", "contrast", "start"):
            kinds.append(key)
        elif body.startswith('<p class="raati-note"'):
            kinds.append("note")
        elif body.startswith('<div class="raati-q raati-intro"'):
            kinds.append("intro")
    assert kinds == ["title", "language", "language", "language", "easy", "big_text",
                     "contrast", "start", "note", "intro"]
    assert all(title.proto.hide_anchor for title in at.title)


def test_review_and_thanks_have_a_picture_read_aloud_and_no_heading_anchor(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = answer_the_scales(app_for(rnd.token))
    tap(at, "skip")
    assert at.title[0].value == "Valmis!" and at.title[0].proto.hide_anchor
    page = html_text(at)
    assert 'alt="Vihreä merkki: valmis"' in page
    assert 'data-say="Valmis! Olet vastannut kaikkiin kysymyksiin. Lähetä vastauksesi."' in page
    tap(at, "send")
    assert at.title[0].value == "Kiitos vastauksestasi!" and at.title[0].proto.hide_anchor
    page = html_text(at)
    assert 'alt="Peukku ylös: kiitos"' in page
    assert 'data-say="Kiitos vastauksestasi! Vastauksesi tallentui nimettömänä.' in page


def test_review_with_missing_answers_reads_them_aloud(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "start")
    at.session_state["flow"].step = 5
    at.run()
    assert 'data-say="Valmis! Vastaa vielä näihin kysymyksiin: 1, 2, 3, 4"' in html_text(at)


def kiosk_app(store, pin: str):
    from raati.auth import set_kiosk_pin

    rnd = store.open_round("viikkofiilis", "puupaja")
    set_kiosk_pin(store, rnd.id, pin, enabled=False)
    rnd = store.round_by_token(rnd.token)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = rnd.kiosk_token
    at.run()
    return rnd, at


def leave_kiosk(at: AppTest, pin: str) -> AppTest:
    at.text_input[0].input(pin)
    return at.button(key="FormSubmitter:kiosk_pin-Lopeta kioskitila").click().run()


def test_kiosk_pin_during_a_lockout_says_how_long_to_wait(env, tmp_path):
    from raati import auth

    store, _ = env
    rnd, at = kiosk_app(store, "4321")
    assert f'data-kiosk-back="{rnd.id}"' in html_text(at)  # the kiosk link forgets a leave
    for _ in range(auth.FREE_FAILURES):
        leave_kiosk(at, "1111")
        assert [e.value for e in at.error] == ["Väärä PIN-koodi."]
    leave_kiosk(at, "1111")
    assert [e.value for e in at.error] == [
        "Liian monta väärää PIN-koodia. Odota 5 s ja yritä sitten uudelleen."]
    leave_kiosk(at, "4321")  # right, but during the lock: not checked, and not "wrong"
    [error] = [e.value for e in at.error]
    assert error.startswith("Liian monta väärää PIN-koodia. Odota ") and "Väärä" not in error
    with sqlite3.connect(tmp_path / "raati.db") as conn:
        conn.execute("UPDATE login_failures SET locked_until = 0")
    leave_kiosk(at, "4321")
    assert at.title[0].value == "Kioskitila on suljettu"
    assert "kioskilinkki" in texts(at)
    # client.js keeps the leave in this browser and takes the token out of the address.
    assert f'data-kiosk-left="{rnd.id}"' in html_text(at)
    assert 'data-kiosk="1"' not in html_text(at)
