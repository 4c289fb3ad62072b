"""Issue 15 in real Chromium: a staff member builds a three-question survey with a
picture and an easy text on a laptop (1366×900), publishes it, opens a round, and a
client answers it on a phone (390×844). A screenshot of the builder goes to
/tmp/builder_shots/ (RAATI_BUILDER_SHOTS), for a person to look at; it is not asserted."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from pathlib import Path

import yaml
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from raati import auth, pictures
from raati.i18n import language_name
from raati.store import Store

from .conftest import APP_READY, PHONE, client_settled, client_tap, log_in, wait_ready

PASSWORD = "R-" + secrets.token_urlsafe(12)
LAPTOP = {"viewport": {"width": 1366, "height": 900}}
SHOTS = Path(os.environ.get("RAATI_BUILDER_SHOTS", "/tmp/builder_shots"))
FI = language_name("fi")  # "suomi": the builder's fields are "<label> · <language>"
Q1, Q1_EASY = "Miten viikko meni?", "Oliko viikko hyvä?"
Q2, OPTIONS = "Mikä ruoka oli parasta?", ("Keitto", "Puuro")
Q3, FREE_TEXT = "Mitä muuta haluat sanoa?", "Kiitos hyvästä viikosta!"


class StaffRuns:
    """The runs of the staff page that the server has finished, told by its websocket.

    conftest.rerun_after counts the page's changes into "running"; a run of under
    ~0.1 s (the builder's edits are that quick) can come and go within one frame of
    the browser, which then never shows "running", and the wait goes on forever. The
    server's own "script finished" message is never missed. The preview iframes (the
    answer page, /vastaa) have websockets of their own: they are told apart by the page
    their runs ask for."""

    def __init__(self, page):
        self.page = page
        self.main = None  # the staff page's websocket (a new one after each goto)
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        def sent(frame) -> None:  # a socket's first run tells whose it is
            msg = BackMsg()
            msg.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
            if msg.WhichOneof("type") == "rerun_script":
                ws.remove_listener("framesent", sent)
                if msg.rerun_script.page_name != "vastaa":
                    self.main = ws
        ws.on("framesent", sent)

    @staticmethod
    def _finished(frame) -> bool:
        if not isinstance(frame, bytes):
            return False
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        return msg.WhichOneof("type") == "script_finished" and \
            msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY

    def after(self, action) -> None:
        """Do ``action`` (which makes the page run again) and wait until the server has
        finished a run begun after it, and the browser has drawn it (wait_ready)."""
        assert self.main is not None, "no staff page open"
        with self.main.expect_event("framereceived", predicate=self._finished,
                                    timeout=30_000):
            action()
        wait_ready(self.page)


def field(page, label: str, n: int = 0):
    """The n-th text field labelled "<label> · suomi" (one per question, in order)."""
    return page.get_by_label(f"{label} · {FI}", exact=True).nth(n)


def open_staff_page(page, url: str, heading: str) -> None:
    """Go to a staff page and wait until its first run has ended. Right after the page
    has loaded, the app says "not running" before that run has even begun: wait for
    the page's heading (drawn by the run) first, then for the run's end."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    wait_ready(page)


def type_into(runs: StaffRuns, locator, text: str) -> None:
    """Type a text and commit it with Enter (Streamlit sends a text field's value only
    on Enter or blur); wait for the run that saves it to the working copy."""
    def type_and_enter():
        locator.fill(text)
        locator.press("Enter")
    runs.after(type_and_enter)
    expect(locator).to_have_value(text)


# True once the element has kept its place for two animation frames: a click lands on
# a selectbox that is no longer scrolling (a scroll right after the click closes its list).
STILL = """el => { const top = el.getBoundingClientRect().top;
  const still = el.__raatiTop === top; el.__raatiTop = top; return still; }"""


def open_list(page, label: str):
    """Open the list of the selectbox labelled ``label``; return the box."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.scroll_into_view_if_needed()
    page.wait_for_function(STILL, arg=box.element_handle(), polling="raf")
    box.click()
    expect(page.get_by_role("listbox")).to_be_visible()
    return box


def pick(runs: StaffRuns, label: str, option: str) -> None:
    """Pick an option of a selectbox (not in a form): its change runs the page again."""
    box = open_list(runs.page, label)
    runs.after(runs.page.get_by_role("option", name=option, exact=True).click)
    expect(box).to_have_value(option)


def pick_in_form(page, label: str, option: str) -> None:
    """Pick an option of a selectbox inside a form (no run until the form is sent)."""
    box = open_list(page, label)
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)


def add_question(runs: StaffRuns, type_name: str, n: int) -> None:
    """Add question ``n`` of the type shown as ``type_name``; it opens for editing."""
    page = runs.page
    pick(runs, "Uuden kysymyksen tyyppi", type_name)
    runs.after(page.get_by_role("button", name="Lisää kysymys").click)
    expect(page.get_by_text(f"{n}. {type_name}", exact=True)).to_be_visible()
    box = page.get_by_role("combobox", name="Kysymyksen tyyppi", exact=True)
    expect(box).to_have_count(1)
    expect(box).to_have_value(type_name)
    expect(field(page, "Kysymys")).to_have_value("")


def errors(page):
    return page.locator('[data-testid="stAlertContentError"]')


def test_staff_build_publish_and_open_a_round_and_a_phone_answers(browser, server):
    store = Store(server.db)
    tag = secrets.token_hex(3)
    title, sid = f"Selaintesti {tag}", f"selaintesti-{tag}"
    unit, unit_name = f"rakennin-{tag}", f"Rakentajan paja {tag}"
    store.ensure_unit(unit, unit_name)
    staff = f"rakentaja-{tag}"
    auth.create_user(store, staff, "staff", PASSWORD, (unit,))
    kahvi = next(p for p in pictures.search(pictures.library(server.defs), "kahvi", "fi")
                 if p.path == "pictures/kahvi.svg")
    assert kahvi.alt.get("fi")  # the library picture carries a text alternative

    # -- 1. a new survey from empty, on a laptop ------------------------------------------
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    runs = StaffRuns(page)
    log_in(page, server, staff, PASSWORD)
    open_staff_page(page, server.url + "/kyselyt", "Kyselyt")
    page.get_by_text("Uusi kysely", exact=True).click()
    type_into(runs, page.get_by_label("Otsikko", exact=True), title)
    type_into(runs, page.get_by_label("Tunnus (vapaaehtoinen)", exact=True), sid)
    expect(page.get_by_role("combobox", name="Pohja", exact=True)).to_have_value("Tyhjä kysely")
    runs.after(page.get_by_role("button", name="Luo ja avaa editori").click)
    expect(page.get_by_role("heading", level=1, name=f"Muokkaat: {title}")).to_be_visible()
    publish = page.get_by_role("button", name="Julkaise uusi versio")
    # The new survey's first question has no text yet: shown in red, publishing refused.
    expect(errors(page).first).to_be_visible()
    expect(publish).to_be_disabled()

    # -- 2. question 1: a 1–4 scale with an easy text and a library picture ----------------
    expect(page.get_by_role("combobox", name="Kysymyksen tyyppi", exact=True)).to_have_value(
        "Asteikko 1–4")
    type_into(runs, field(page, "Kysymys"), Q1)
    type_into(runs, field(page, "Selkokielellä"), Q1_EASY)
    # The plain-language hint under the easy text: a yes/no question on a 1–4 scale.
    hint = page.get_by_text(re.compile("kyllä tai ei"))
    expect(hint).to_have_count(1)
    expect(hint).to_be_visible()
    easy_box = field(page, "Selkokielellä").bounding_box()
    hint_box = hint.bounding_box()
    assert easy_box and hint_box and hint_box["y"] > easy_box["y"]  # under the field
    page.get_by_text("Lisää kuva", exact=True).click()
    type_into(runs, page.get_by_label("Etsi kuvaa", exact=True), "kahvi")
    choose_button = page.get_by_role("button", name="Valitse", exact=True)
    expect(choose_button.first).to_be_visible()
    # The thumbnail of the coffee cup (its caption is its text alternative) and its button.
    expect(page.get_by_text(kahvi.alt["fi"], exact=True).first).to_be_visible()
    runs.after(choose_button.first.click)
    # The chosen picture is named by its text alternative, not by its file.
    expect(page.get_by_text(kahvi.alt["fi"], exact=True)).to_be_visible()
    expect(page.get_by_text("pictures/kahvi.svg", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Poista kuva")).to_be_visible()
    expect(page.get_by_label(f"Kuvan tekstivastine (mitä kuvassa on) · {FI}",
                             exact=True)).to_have_value(kahvi.alt["fi"])
    expect(page.get_by_text("Lisää kuva", exact=True)).to_have_count(0)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "builder-question1-laptop-1366.png"))

    # -- 3. question 2 (one choice) and question 3 (free text) ---------------------------
    # One question is open at a time: a new one opens, the others are a line each with
    # a "Muokkaa" button.
    add_question(runs, "Yksi vaihtoehto", 2)
    expect(errors(page).first).to_be_visible()  # its texts are still missing
    page.screenshot(path=str(SHOTS / "builder-problems-laptop-1366.png"))
    closed = page.get_by_role("button", name="Muokkaa", exact=True)
    expect(closed).to_have_count(1)
    expect(page.get_by_text(f"1. {Q1}")).to_be_visible()  # question 1's line
    type_into(runs, field(page, "Kysymys"), Q2)
    for n, label in enumerate(OPTIONS, start=1):
        type_into(runs, field(page, f"Vaihtoehto {n}"), label)
    add_question(runs, "Vapaa teksti", 3)
    expect(closed).to_have_count(2)
    type_into(runs, field(page, "Kysymys"), Q3)

    # -- 4. no problems left: publish ------------------------------------------------------
    expect(errors(page)).to_have_count(0)
    expect(page.get_by_text("korjattava")).to_have_count(0)  # nor on the closed lines
    expect(page.get_by_text("Kysely on kunnossa ja valmis julkaistavaksi.")).to_be_visible()
    expect(publish).to_be_enabled()
    # The preview beside the editor is the real answer page of the working copy.
    draft = store.survey_draft(sid)
    assert draft is not None
    frames = page.locator(f'iframe[src*="esikatselu={draft.preview_token}"]')
    expect(frames).to_have_count(2)  # a phone-sized and a tablet-sized frame
    expect(frames.first).to_be_visible()
    # The phone frame draws the answer page itself, with its "nothing is stored" banner.
    expect(page.frame_locator(f'iframe[src*="esikatselu={draft.preview_token}"]').first
           .get_by_text("Esikatselu – vastauksia ei tallenneta")).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "builder-laptop-1366.png"))
    # The page scrolls inside Streamlit's main area, not the window: a tall window shows
    # all of it, then the laptop's size again.
    tall = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1366, "height": max(900, tall)})
    page.screenshot(path=str(SHOTS / "builder-laptop-1366-whole.png"))
    page.set_viewport_size(LAPTOP["viewport"])
    runs.after(publish.click)
    expect(page.locator('[data-testid="stAlertContentSuccess"]',
                        has_text=f"Kysely {sid} julkaistiin: versio 1")).to_be_visible()
    wait_ready(page)

    version = store.survey_version(sid, 1)
    assert version is not None and store.survey_version(sid).version == 1
    definition = yaml.safe_load(version.definition)
    questions = definition["questions"]
    assert [(q["type"], q["text"]["fi"]) for q in questions] == [
        ("likert", Q1), ("choice", Q2), ("text", Q3)]
    assert questions[0]["easy"]["fi"] == Q1_EASY
    assert questions[0]["picture"] == "pictures/kahvi.svg"
    assert questions[0]["picture_alt"]["fi"] == kahvi.alt["fi"]
    assert [o["label"]["fi"] for o in questions[1]["options"]] == list(OPTIONS)
    stored_picture = store.picture(version.pictures["pictures/kahvi.svg"])
    assert stored_picture is not None
    assert stored_picture.data == kahvi.file.read_bytes()
    assert stored_picture.alt.get("fi") == kahvi.alt["fi"] and stored_picture.licence

    # -- 5. a round at the staff member's unit ---------------------------------------------
    open_staff_page(page, server.url + "/kierrokset", "Keruukierrokset")
    round_name = f"Rakennintesti {tag}"
    pick_in_form(page, "Kysely", title)
    pick_in_form(page, "Yksikkö", unit_name)
    page.get_by_label("Kierroksen nimi (esim. Kevät 2027)").fill(round_name)
    runs.after(page.get_by_role("button", name="Avaa kierros", exact=True).click)
    expect(page.get_by_text(f"Kierros {round_name} avattu")).to_be_visible()
    rounds = store.rounds(survey=sid)
    assert [(r.unit, r.name) for r in rounds] == [(unit, round_name)]
    link = page.locator('[data-testid="stCode"]', has_text=f"?r={rounds[0].token}").last
    expect(link).to_be_visible()
    url = link.inner_text().strip()
    assert url.endswith(f"/?r={rounds[0].token}"), url
    assert url.startswith(server.url), url  # this server's own address
    context.close()

    # -- 6. a client answers on a phone ----------------------------------------------------
    phone = browser.new_context(**PHONE, locale="fi-FI")
    page = phone.new_page()
    page.goto(url)
    client_settled(page)
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    client_tap(page, page.get_by_role("button", name="Aloita"))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 1 / 3")
    expect(page.locator(".raati-q p")).to_have_text(Q1)
    picture = page.locator("img.raati-picture")
    expect(picture).to_have_count(1)
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("alt", kahvi.alt["fi"])
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    client_tap(page, page.get_by_role("button", name=re.compile(r"^3 – \S")))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 2 / 3")
    expect(page.locator(".raati-q p")).to_have_text(Q2)
    client_tap(page, page.get_by_role("button", name=OPTIONS[1], exact=True))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 3 / 3")
    expect(page.locator(".raati-q p")).to_have_text(Q3)
    page.get_by_role("textbox").fill(FREE_TEXT)
    client_tap(page, page.get_by_role("button", name="Seuraava →"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmis!")
    client_tap(page, page.get_by_role("button", name="Lähetä vastaus"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    page.wait_for_selector(APP_READY)
    phone.close()

    with sqlite3.connect(server.db) as conn:
        responses = conn.execute("SELECT id, survey_version, round_id, unit FROM responses"
                                 " WHERE survey = ?", [sid]).fetchall()
        assert [r[1:] for r in responses] == [("1", rounds[0].id, unit)]
        answers = conn.execute("SELECT question, value FROM answers WHERE response_id = ?"
                               " ORDER BY question", [responses[0][0]]).fetchall()
    option_b = questions[1]["options"][1]["id"]
    assert answers == [("q1", "3"), ("q2", option_b), ("q3", FREE_TEXT)]
