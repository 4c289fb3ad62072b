"""Client screens in real Chromium on the phone (390×844) and the kiosk tablet (1024×768),
issue 11: strong colours keep every picture; the start screen's language choice, easy
language and "Aloita" fit on the first screen; the display switches take effect at once;
the review and thank-you screens have a picture and read-aloud and no heading anchors;
the kiosk PIN says "wait N s" during a lockout and leaving kiosk mode is for good; fast
taps never lose what was typed."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from raati import auth
from raati.store import Store
from raati.surveys import find_survey, survey_files

from .conftest import PHONE, REPO, TABLET, client_settled, client_tap
from .test_answer_flow import FAKE_VOICES, serious_violations

DEVICES = {"phone": PHONE, "tablet": TABLET}
SHIPPED = [p.stem for p in survey_files(REPO / "survey_defs")]


def open_round(browser, server, device: str, survey: str = "viikkofiilis", **context):
    rnd = Store(server.db).open_round(survey, "puupaja")
    ctx = browser.new_context(**DEVICES[device], **context)
    page = ctx.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    client_settled(page)
    return rnd, ctx, page


def tap(page, locator) -> None:
    client_tap(page, locator)


# What each display switch adds to the screen's own CSS (raati.ui.client_step).
SWITCH_CSS = {"Isompi teksti": "font-size: 1.9rem", "Vahvat värit": "#000 !important"}


def switch(page, label: str) -> None:
    """Flip a display switch of the start screen by its visible label and wait until
    the run that tap started has drawn the screen with it: the switch's CSS in this
    screen's settings (#raati-config) on or off as the switch now is. (With the old
    one-tap-late bug that never happened.)"""
    toggle = page.locator(".st-key-display label", has_text=label).locator("input")
    now_on = not toggle.is_checked()
    page.get_by_text(label, exact=True).tap()
    page.wait_for_function(
        "([marker, on]) => { const c = document.getElementById('raati-config');"
        " return c !== null && c.textContent.includes(marker) === on; }",
        arg=[SWITCH_CSS[label], now_on])
    client_settled(page)


def background_image(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundImage")


def assert_has_picture(locator) -> None:
    assert background_image(locator).startswith('url("data:image/svg+xml'), \
        background_image(locator)[:60]


def no_heading_anchors(page) -> None:
    # Streamlit's 🔗 beside st.title/st.header is a link inside the heading.
    expect(page.locator("h1 a, h2 a, h3 a, [data-testid='stHeaderActionElements']")) \
        .to_have_count(0)


# -- item 1: strong colours keep the faces and the option pictures --------------------


@pytest.mark.parametrize("big_text", [False, True], ids=["contrast", "contrast+big"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_strong_colours_keep_every_picture_and_pass_axe(browser, server, device, big_text):
    _rnd, ctx, page = open_round(browser, server, device, "palvelukahvila")
    switch(page, "Vahvat värit")
    if big_text:
        switch(page, "Isompi teksti")
    # The switch showed at once: the start screen is already black on white.
    expect(page.locator(".st-key-start button")).to_have_css("background-color", "rgb(0, 0, 0)")
    tap(page, page.get_by_role("button", name="Aloita"))
    tap(page, page.get_by_role("button", name="Seuraava →"))  # the multi question
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 2 / 5")
    options = page.locator("[class*='st-key-opt_apu_'] button")
    expect(options).to_have_count(4)
    for i in range(4):
        assert_has_picture(options.nth(i))
    assert serious_violations(page) == []
    tap(page, page.get_by_role("button", name="Kyllä", exact=True))
    # The chosen option (black, primary) keeps its picture too.
    assert_has_picture(page.locator(".st-key-opt_apu_kylla button"))
    tap(page, page.get_by_role("button", name="Seuraava →"))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 3 / 5")
    for point in (1, 2, 3, 4):
        button = page.locator(f".st-key-scale_{point}_tervetullut button")
        assert_has_picture(button)
        expect(button).to_have_css("border-top-width", "3px")  # strong colours are on
    assert serious_violations(page) == []
    ctx.close()


# -- item 2: the first screen ---------------------------------------------------------------


def inside_viewport(page, locator) -> None:
    view = page.viewport_size
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"], (box, view)
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"], (box, view)


@pytest.mark.parametrize("survey", SHIPPED)
@pytest.mark.parametrize("device", list(DEVICES))
def test_language_easy_switch_and_start_fit_without_scrolling(browser, server, device, survey):
    _rnd, ctx, page = open_round(browser, server, device, survey)
    assert page.evaluate("() => window.scrollY") == 0
    languages = find_survey(server.defs, survey).languages
    buttons = page.locator("[class*='st-key-lang_'] button")
    expect(buttons).to_have_count(len(languages) if len(languages) > 1 else 0)
    for i in range(buttons.count()):
        inside_viewport(page, buttons.nth(i))
    inside_viewport(page, page.locator(".st-key-easy label"))
    inside_viewport(page, page.get_by_role("button", name="Aloita"))
    # The anonymity note is next to "Aloita", the introduction after them.
    note = page.locator(".raati-note")
    expect(note).to_contain_text("nimettömästi")
    start_box = page.get_by_role("button", name="Aloita").bounding_box()
    assert note.bounding_box()["y"] > start_box["y"]
    no_heading_anchors(page)
    assert serious_violations(page) == []
    ctx.close()


@pytest.mark.parametrize("device", list(DEVICES))
def test_display_switches_show_at_once(browser, server, device):
    _rnd, ctx, page = open_round(browser, server, device)
    note = page.locator(".raati-note")
    size = note.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    switch(page, "Isompi teksti")
    bigger = note.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert bigger > size * 1.2, (size, bigger)
    switch(page, "Vahvat värit")
    expect(page.locator(".st-key-start button")).to_have_css("background-color", "rgb(0, 0, 0)")
    switch(page, "Isompi teksti")  # and off again, also at once
    assert note.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") == size
    ctx.close()


# -- item 5: review and thank-you ---------------------------------------------------------


@pytest.mark.parametrize("device", list(DEVICES))
def test_review_and_thanks_have_a_picture_read_aloud_and_no_heading_anchor(
        browser, server, device):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    ctx = browser.new_context(**DEVICES[device])
    ctx.add_init_script(FAKE_VOICES)
    page = ctx.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    client_settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    for _ in range(4):
        tap(page, page.get_by_role("button", name=re.compile("^3 – ")))
    tap(page, page.get_by_role("button", name="Ohita"))
    # The review screen, then (after sending) the thank-you screen: each with its
    # picture and read-aloud, no heading link icon, axe-clean.
    for heading, picture, then in (("Valmis!", "Vihreä merkki: valmis", "Lähetä vastaus"),
                                   ("Kiitos vastauksestasi!", "Peukku ylös: kiitos", None)):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("img", name=picture)).to_be_visible()
        no_heading_anchors(page)
        assert serious_violations(page) == []
        page.get_by_role("button", name=re.compile(f"^Kuuntele: {heading}")).tap()
        if then:
            tap(page, page.get_by_role("button", name=then))
    spoken = page.evaluate("window.__spoken")
    assert [s[0] for s in spoken] == [
        "Valmis! Olet vastannut kaikkiin kysymyksiin. Lähetä vastauksesi.",
        "Kiitos vastauksestasi! Vastauksesi tallentui nimettömänä. Ohjaajat ja asiakasraati "
        "käyvät vastaukset läpi yhdessä. Kerromme, mitä muutamme vastausten perusteella."]
    assert {s[1] for s in spoken} == {"fi-FI"}
    ctx.close()


# -- item 6: the kiosk PIN ------------------------------------------------------------------


def kiosk_link_round(server, pin: str):
    store = Store(server.db)
    rnd = store.open_round("viikkofiilis", "puupaja")
    # Kiosk through its link only (the round's own link stays a phone link).
    auth.set_kiosk_pin(store, rnd.id, pin, enabled=False, thanks_s=5, idle_s=3600)
    return store.round_by_token(rnd.token)


def try_pin(page, pin: str) -> None:
    page.get_by_label("Kioskitilan PIN-koodi").fill(pin)
    tap(page, page.get_by_role("button", name="Lopeta kioskitila"))


def test_kiosk_pin_lockout_says_wait_and_leaving_is_for_good(browser, server):
    rnd = kiosk_link_round(server, "4321")
    kiosk_url = f"{server.url}/?r={rnd.token}&kiosk={rnd.kiosk_token}"
    ctx = browser.new_context(**TABLET)
    page = ctx.new_page()
    page.goto(kiosk_url)
    client_settled(page)
    expect(page.locator("html.raati-kiosk")).to_have_count(1)
    page.get_by_text("Henkilöstölle").click()
    for _ in range(auth.FREE_FAILURES):
        try_pin(page, "1111")
        expect(page.get_by_text("Väärä PIN-koodi.")).to_be_visible()
    try_pin(page, "1111")  # this one starts a lock
    expect(page.get_by_text(f"Odota {int(auth.FIRST_LOCK_S)} s")).to_be_visible()
    try_pin(page, "4321")  # the right PIN during the lock: "wait", never "wrong PIN"
    locked = page.locator("[data-testid='stAlertContentError']")
    expect(locked).to_have_text(re.compile(r"Liian monta väärää PIN-koodia\. Odota [1-5] s"))
    expect(page.get_by_text("Väärä PIN-koodi.")).to_have_count(0)
    with sqlite3.connect(server.db) as conn:  # the lock is over (the app's state, not a wait)
        conn.execute("UPDATE login_failures SET locked_until = 0")
    try_pin(page, "4321")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kioskitila on suljettu")
    expect(page.get_by_text("kioskilinkki")).to_be_visible()
    no_heading_anchors(page)
    assert serious_violations(page) == []
    # The kiosk token has left the address; a reload does not open the kiosk again.
    page.wait_for_function("() => !location.search.includes('kiosk=')")
    assert {c["name"]: c["value"] for c in ctx.cookies()}[f"raati_kiosk_left_{rnd.id}"] == "1"
    page.reload()
    client_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kioskitila on suljettu")
    expect(page.get_by_role("button", name="Aloita")).to_have_count(0)
    expect(page.locator("html.raati-kiosk")).to_have_count(0)
    # Staff open the kiosk link again: kiosk mode is back, and the mark is gone.
    page.goto(kiosk_url)
    client_settled(page)
    expect(page.get_by_role("button", name="Aloita")).to_be_visible()
    expect(page.locator("html.raati-kiosk")).to_have_count(1)
    page.wait_for_function(f"() => !document.cookie.includes('raati_kiosk_left_{rnd.id}=')")
    ctx.close()


# -- a first-time user's finding: fast taps and typed text ------------------------------

CLICK_SCALE = """point => {
  // Taps as a hurried finger makes them, on whatever is on screen at that moment.
  const find = n => [...document.querySelectorAll('button')]
    .find(b => b.innerText.trim().startsWith(n + ' – '));
  const first = find(point);
  if (first) first.click();
  return first ? first.innerText : null;
}"""

DOUBLE_TAP = """([a, b, gap]) => {
  const find = n => [...document.querySelectorAll('button')]
    .find(x => x.innerText.trim().startsWith(n + ' – '));
  const second = find(b);
  find(a).click();
  setTimeout(() => second.click(), gap);  // the same (now outdated) screen's button
}"""


def stored_answers(server, rnd) -> dict[str, str]:
    [response] = list(Store(server.db).responses_with_answers("viikkofiilis", round_id=rnd.id))
    return {a.question: a.value for a in response["answers"] if a.kind == "value"}


def type_send_and_read(page, server, rnd, text: str) -> dict[str, str]:
    box = page.get_by_role("textbox")
    box.wait_for()  # the text question is drawn: type at once, runs may still be coming
    box.tap()
    page.keyboard.type(text, delay=20)
    assert box.input_value() == text  # nothing replaced what was typed
    tap(page, page.get_by_role("button", name="Seuraava →"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Valmis!")
    tap(page, page.get_by_role("button", name="Lähetä vastaus"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    return stored_answers(server, rnd)


@pytest.mark.parametrize("gap_ms", [0, 30])
def test_a_second_tap_on_an_outdated_screen_is_ignored_and_text_is_kept(
        browser, server, gap_ms):
    """Found by a first-time user: a double tap on the last scale question answered it
    and put the second tap's number into the text question, which then replaced what
    the person typed ("1Hyvä viikko")."""
    rnd, ctx, page = open_round(browser, server, "phone")
    tap(page, page.get_by_role("button", name="Aloita"))
    for n, point in enumerate((4, 4, 3), start=1):
        # Each tap on the screen of its own question: a tap that lands while the
        # previous screen is still shown is (rightly) ignored by the step guard.
        expect(page.locator(".raati-progress")).to_have_text(f"Kysymys {n} / 5")
        tap(page, page.get_by_role("button", name=re.compile(f"^{point} – ")))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 4 / 5")
    page.evaluate(DOUBLE_TAP, [2, 1, gap_ms])
    got = type_send_and_read(page, server, rnd, "Hyvä viikko, kiitos")
    # Two taps that reach the server together answer question 4 once, with either
    # (the server runs both callbacks in one run, in its own order); the other tap is
    # ignored: it never answers the next question or becomes its text.
    assert got.pop("tyo") in ("1", "2")
    assert got == {"viikko": "4", "apu": "4", "ryhma": "3", "muuta": "Hyvä viikko, kiitos"}
    ctx.close()


@pytest.mark.parametrize("device", list(DEVICES))
def test_fast_taps_through_to_the_text_question_never_lose_typed_text(
        browser, server, device):
    rnd, ctx, page = open_round(browser, server, device)
    tap(page, page.get_by_role("button", name="Aloita"))
    tapped = []
    for i in range(80):  # a burst, 0.10–0.15 s apart, until the text question is there
        if page.locator("textarea").count():
            break
        label = page.evaluate(CLICK_SCALE, 4 - i % 4)
        if label:
            tapped.append(int(label[0]))
        page.wait_for_timeout(100 + 25 * (i % 3))  # the rhythm of the taps under test
    got = type_send_and_read(page, server, rnd, "Tosi hyvä viikko")
    assert got["muuta"] == "Tosi hyvä viikko"
    assert set(got) == {"viikko", "apu", "ryhma", "tyo", "muuta"}
    assert {int(got[q]) for q in ("viikko", "apu", "ryhma", "tyo")} <= set(tapped)
    ctx.close()
