"""AppTest: the closing-event presentation page (/esitys): staff only; starting it opens
the day's event-feedback round and shows the slides; the buttons move the shared current
slide that both windows follow; the presenter view shows the notes and the next title;
only approved, masked texts reach a slide; the deck downloads."""

from __future__ import annotations

import io
import re
import secrets

import pytest
from streamlit.testing.v1 import AppTest

from raati import auth, config
from raati import presentation_control as control
from raati.demo import fill_demo
from raati.qr import link_warning
from raati.surveys import find_survey
from tests._helpers import REPO, SHIPPED_DEFS, staff_app

PAGE = "pages/presentation.py"
APP = str(REPO / "app.py")


@pytest.fixture
def env(app_env):
    store, defs = app_env
    fill_demo(store, defs)
    return store


def running_of(env, pid: str):
    """The running presentation ``pid`` as its windows show it (presentation_control.get:
    read from the database, with the slides this process built last)."""
    from analysis.views import published_counts
    from raati import modcache

    surveys = {s: find_survey(SHIPPED_DEFS, s) for s in ("asiakaskysely", "tilaisuuspalaute")}
    src = control.Sources(env, surveys,
                          lambda s: published_counts(env, s, config.min_group()),
                          lambda s, units: modcache.free_texts(env, s, units),
                          config.min_group())
    return control.get(src, pid)


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
    running = running_of(env, pid)
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
    assert running_of(env, pid).current == 1
    assert 'data-slide="2"' in html_of(at) and "Kuinka moni vastasi?" in html_of(at)
    at.button(key="pres_last").click().run()
    assert running_of(env, pid).current == len(running.slides) - 1
    last = html_of(at)
    assert "Mitä pidit tästä tilaisuudesta?" in last
    assert f"?r={rnd.token}" in last and "data:image/png;base64," in last
    assert "0 vastausta" in last
    at.button(key="pres_first").click().run()
    assert running_of(env, pid).current == 0
    # Starting again the same day reuses the same round (one round per event day).
    again, _ = staff_app(env, "staff", PAGE, units=("puupaja",))
    start(again)
    assert running_of(env, again.session_state["pres_id"]).feedback_round == rnd.id


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
    slides = running_of(env, pid).slides
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
    slides = running_of(env, at.session_state["pres_id"]).slides
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


# -- issue 14 item 3, a fresh walk: the deck is the slides, warnings, said once ----------


@pytest.fixture
def downloads(monkeypatch):
    """The callables of the page's deferred download buttons, by file name: what a
    click would download."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def capture(self, data, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data
        return real(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return found


def visible(at) -> str:
    """What a sighted user reads: the texts, and the HTML without its tags (attributes
    such as aria-label are for screen readers)."""
    plain = re.sub(r"<[^>]*>", " ", html_of(at))
    parts = [e.value for e in at.subheader] + [e.value for e in at.text]
    parts += [e.value for e in at.markdown] + [e.value for e in at.caption]
    return "\n".join(map(str, parts)) + "\n" + plain


def test_opening_the_page_or_the_deck_opens_no_round(env, downloads):
    """Opening /esitys, choosing, and downloading the deck before the start open NO
    event-feedback round (a deck made the day before would carry the QR code of a round
    closed by the event day): that deck's last slide says how to get the QR code.
    Starting opens the day's round; a deck downloaded after that, from the choice screen
    or the presenter's view, carries its QR code (described for screen readers) and
    the same slides as the presentation."""
    from pptx import Presentation

    at, _ = staff_app(env, "staff", PAGE)
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    at.selectbox(key="pres_unit").set_value("puupaja").run()
    assert not at.exception and not env.rounds("tilaisuuspalaute")
    before = Presentation(io.BytesIO(downloads["raati-asiakaskysely-esitys.pptx"]()))
    assert not env.rounds("tilaisuuspalaute")
    last = "\n".join(sh.text_frame.text for sh in list(before.slides)[-1].shapes
                     if sh.has_text_frame)
    assert "QR-koodi tulee tähän, kun aloitat esityksen Raatissa" in last
    assert not [sh for sh in list(before.slides)[-1].shapes if sh.shape_type == 13]
    answered = "\n".join(sh.text_frame.text for sh in list(before.slides)[1].shapes
                         if sh.has_text_frame)
    assert "Noin 6 / 10 kysytyistä vastasi." in answered

    at.button(key="pres_start").click().run()
    (rnd,) = env.rounds("tilaisuuspalaute")
    running = running_of(env, at.session_state["pres_id"])
    assert running.feedback_round == rnd.id
    link = config.answer_link(config.DEFAULT_BASE_URL, rnd.token)
    # The choice screen again (another window): its deck has today's round's QR code.
    again, _ = staff_app(env, "staff", PAGE)
    again.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    again.selectbox(key="pres_unit").set_value("puupaja").run()
    from_choice = downloads["raati-asiakaskysely-esitys.pptx"]
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = at.session_state["pres_id"]
    presenter.query_params["presenter"] = "1"
    presenter.run()
    assert not presenter.exception
    from_presenter = downloads["raati-asiakaskysely-esitys.pptx"]
    assert from_presenter is not from_choice
    for data in (from_choice(), from_presenter()):
        deck = Presentation(io.BytesIO(data))
        pages = list(deck.slides)
        assert len(pages) == len(running.slides)
        assert [p.shapes[0].text_frame.text for p in pages[1:]] == [
            s.title for s in running.slides[1:]]
        text = "\n".join(sh.text_frame.text for sh in pages[-1].shapes if sh.has_text_frame)
        assert f"?r={rnd.token}" in text
        (qr,) = [sh for sh in pages[-1].shapes if sh.shape_type == 13]
        assert qr._element.nvPicPr.cNvPr.get("descr") == (
            f"QR-koodi: palaute tilaisuudesta, osoite {link}")
    assert len(env.rounds("tilaisuuspalaute")) == 1  # still the one round


def test_the_deck_without_the_feedback_option_has_no_feedback_slide(env, downloads):
    from pptx import Presentation

    at, _ = staff_app(env, "staff", PAGE)
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    at.checkbox(key="pres_feedback").uncheck().run()
    deck = Presentation(io.BytesIO(downloads["raati-asiakaskysely-esitys.pptx"]()))
    assert not env.rounds("tilaisuuspalaute")
    at.button(key="pres_start").click().run()
    running = running_of(env, at.session_state["pres_id"])
    assert len(deck.slides) == len(running.slides)
    assert running.slides[-1].kind == "actions"


def test_a_localhost_qr_is_warned_on_the_choice_screen_and_to_the_presenter_only(env):
    at, _ = staff_app(env, "staff", PAGE)
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    warnings = [w.value for w in at.warning]
    assert any("toimii vain tällä samalla tietokoneella" in w for w in warnings), warnings
    start(at)
    assert not [w for w in at.warning if "tietokoneella" in w.value]  # the audience view
    assert "tietokoneella" not in html_of(at)
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = at.session_state["pres_id"]
    presenter.query_params["presenter"] = "1"
    presenter.run()
    rnd = env.round_by_id(running_of(env, at.session_state["pres_id"]).feedback_round)
    expected = link_warning(config.answer_link(config.DEFAULT_BASE_URL, rnd.token), "fi")
    assert expected and "localhost" in expected
    (warned,) = [w.value for w in presenter.warning]
    assert warned.replace("\u2060", "").replace("\\", "") == expected


def test_no_warning_for_a_public_address(env, monkeypatch):
    monkeypatch.setenv("RAATI_BASE_URL", "https://raati.example.fi")
    at, _ = staff_app(env, "staff", PAGE)
    at.selectbox(key="pres_survey").set_value("asiakaskysely").run()
    assert not at.warning


def test_the_slide_number_and_the_response_rate_are_said_once(env):
    at, _ = staff_app(env, "staff", PAGE)
    start(at)
    pid = at.session_state["pres_id"]
    total = len(running_of(env, pid).slides)
    at.button(key="pres_next").click().run()
    text = visible(at)
    assert "Noin 6 / 10 kysytyistä vastasi." in text
    assert text.count("6 / 10") == 1, text
    assert 'aria-label="6 / 10"' in html_of(at)  # the icon row, for screen readers
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = pid
    presenter.query_params["presenter"] = "1"
    presenter.run()
    assert visible(presenter).count(f"Dia 2 / {total}") == 1
    assert visible(at).count(f"Dia 2 / {total}") == 1  # the audience's toolbar


def test_held_back_answers_are_explained_never_shown(env):
    """Six answers, published in steps of five: the slide says 6 answers, the faces add
    up to 5, and a line says the newest show later."""
    from raati.store import Answer, NewResponse

    at, _ = staff_app(env, "staff", PAGE)
    start(at)
    rnd = env.round_by_id(running_of(env, at.session_state["pres_id"]).feedback_round)

    def answer(value: str) -> None:
        env.submit_response(NewResponse(survey="tilaisuuspalaute", date=rnd.opens, lang="fi",
                                        answers=(Answer("tilaisuus", "value", value),),
                                        unit=rnd.unit, round_id=rnd.id))

    for value in ("4", "4", "3", "2", "1"):
        answer(value)
    at.button(key="pres_last").click().run()  # five: published
    assert "5 vastausta" in html_of(at)
    assert "Uusimmat vastaukset" not in html_of(at)
    answer("3")  # the sixth waits for the next step of five
    at.run()
    page = html_of(at)
    assert "6 vastausta" in page
    faces = re.findall(r'<ul class="raati-faces">(.*?)</ul>', page, re.S)
    assert faces, page
    counts = [int(n) for n in re.findall(r":\s*(\d+)</span>", faces[0])]
    assert len(counts) == 4 and sum(counts) == 5
    assert "Uusimmat vastaukset näkyvät kasvoissa, kun niitä on kertynyt lisää." in page


# -- a fresh tester: the response rate of the counted rounds, slides that update --------


def test_the_response_rate_counts_only_the_rounds_shown(env):
    """Ompelimo, all rounds: spring 9 answers of 15 asked, autumn 3 of 15 (under the
    minimum group). Slide 2 says 9 answered, about 6 in 10 (9 of 15), never 3 in 10
    (9 of 30); the notes say some rounds are left out, with no number of them."""
    at, _ = staff_app(env, "staff", PAGE, units=("ompelimo",))
    start(at, unit="ompelimo")
    pid = at.session_state["pres_id"]
    answered = running_of(env, pid).slides[1]
    assert answered.kind == "answered"
    assert answered.lines == ("9 ihmistä vastasi.", "Noin 6 / 10 kysytyistä vastasi.")
    assert "Tarkat luvut: 9 vastasi, kysyttiin 15." in answered.notes
    assert "Osa kierroksista ei ole mukana, koska vastaajia oli liian vähän." in answered.notes
    at.button(key="pres_next").click().run()
    assert "Noin 6 / 10 kysytyistä vastasi." in html_of(at)
    assert "3 / 10" not in html_of(at)


def approvable(env, unit: str = "puupaja") -> list[dict]:
    """Free texts of ``unit`` short enough for a slide, not yet moderated."""
    texts = env.free_texts("asiakaskysely", ["parasta", "muutettavaa"])
    return [i for i in texts if i["unit"] == unit and i["kind"] == "value"
            and i["question"] in ("parasta", "muutettavaa") and 15 <= len(i["text"]) <= 150]


def test_texts_approved_after_the_start_appear_when_the_slide_moves(env):
    """A text approved while presenting reaches the slides at the next move of either
    window (the slides are built again, the slide shown stays the same), and at once
    with the presenter's "Päivitä sisältö"."""
    at, _ = staff_app(env, "staff", PAGE)
    start(at)
    pid = at.session_state["pres_id"]
    kinds = [s.kind for s in running_of(env, pid).slides]
    texts_at = kinds.index("texts")
    assert running_of(env, pid).slides[texts_at].lines == ("Tarkistettuja kirjoituksia ei ole vielä.",)
    first, second = approvable(env)[:2]
    env.moderate(first["response_id"], first["question"], first["kind"], "approved",
                 "Ohjaajat ovat ystävällisiä.", "x")
    # The audience window moves to the texts slide: the approved text is on it.
    for _ in range(texts_at):
        at.button(key="pres_next").click().run()
    assert running_of(env, pid).current == texts_at
    assert "”Ohjaajat ovat ystävällisiä.”" in html_of(at)
    # The presenter's view: another approval, "Päivitä sisältö": the same slide, updated.
    env.moderate(second["response_id"], second["question"], second["kind"], "approved",
                 "Ruoka on hyvää.", "x")
    presenter, _ = staff_app(env, "staff", PAGE)
    presenter.query_params["id"] = pid
    presenter.query_params["presenter"] = "1"
    presenter.run()
    assert "Ruoka on hyvää." not in html_of(presenter)
    presenter.button(key="pres_refresh").click().run()
    assert not presenter.exception
    assert running_of(env, pid).current == texts_at
    assert "”Ruoka on hyvää.”" in html_of(presenter)
    assert "”Ohjaajat ovat ystävällisiä.”" in html_of(presenter)
    at.run()  # the audience window's next poll shows it too
    assert "”Ruoka on hyvää.”" in html_of(at)
