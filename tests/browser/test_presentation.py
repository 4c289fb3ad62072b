"""Issue 14 item 3 in real Chromium: staff start the closing-event presentation at
1920×1080 and step through it with the keyboard (ArrowRight, PageDown, End, Home, Space,
ArrowLeft, PageUp); Streamlit's header and sidebar are hidden and the type is big; the
presenter view in a second window follows the slide and shows the notes; a phone opens
the event-feedback round from the link on the last slide, taps a face and sends, and the
answer appears on that slide. The slides also fit 1280×720 and stay readable on a
phone and a tablet."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from analysis.plain import readability
from raati import auth
from raati.demo import fill_demo
from raati.store import Store

from .conftest import PHONE, TABLET, client_settled, client_tap, log_in, rerun_after, wait_ready
from .test_answer_flow import serious_violations
from .test_results_flow import choose

PASSWORD = "P-" + secrets.token_urlsafe(12)
PROJECTOR = {"width": 1920, "height": 1080}
BEAMER = {"width": 1280, "height": 720}


def slide_number(page) -> int:
    return int(page.locator("section.raati-pres").first.get_attribute("data-slide"))


def expect_slide(page, n: int) -> None:
    expect(page.locator("section.raati-pres")).to_have_attribute("data-slide", str(n))


@pytest.fixture(scope="module")
def staff(server):
    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name("esitys-staff") is None:
        auth.create_user(store, "esitys-staff", "staff", PASSWORD, ("puupaja", "ompelimo"))
    return store


def start_presentation(page, server) -> None:
    log_in(page, server, "esitys-staff", PASSWORD)
    page.goto(server.url + "/esitys")
    wait_ready(page)
    expect(page.get_by_role("heading", name="Esitys päättäjäisiin")).to_be_visible()
    # Other tests add surveys to the shared server's folder: the demo's survey by name.
    choose(page, "Kysely", "Asiakaskysely: kuntouttava työtoiminta")
    rerun_after(page, lambda: page.get_by_role("button", name="Aloita esitys").click())
    expect_slide(page, 1)


def test_keyboard_presenter_view_and_live_feedback(browser, server, staff):
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    start_presentation(page, server)
    # Full screen: no Streamlit header, sidebar or toolbar; the title in big type.
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.locator('header[data-testid="stHeader"]')).to_be_hidden()
    title = page.locator("section.raati-pres h1")
    expect(title).to_have_text("Asiakaskysely: kuntouttava työtoiminta")
    assert float(title.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 72
    total = int(page.locator("section.raati-pres").get_attribute("data-total"))
    assert total >= 7

    body = page.locator("body")
    body.press("ArrowRight")
    expect_slide(page, 2)
    expect(page.locator("section.raati-pres h1")).to_have_text("Kuinka moni vastasi?")
    text_px = page.locator("section.raati-pres p").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)")
    assert text_px >= 40  # readable from the back of a room at 1920 px
    body.press("PageDown")
    expect_slide(page, 3)
    expect(page.locator("section.raati-pres h1")).to_have_text("Tässä onnistuimme")
    expect(page.locator("section.raati-pres .raati-icons").first).to_be_visible()
    body.press(" ")
    expect_slide(page, 4)
    body.press("PageUp")
    expect_slide(page, 3)
    body.press("ArrowLeft")
    expect_slide(page, 2)
    body.press("End")
    expect_slide(page, total)
    body.press("Home")
    expect_slide(page, 1)
    # Every slide fits the projector without scrolling.
    for n in range(1, total + 1):
        expect_slide(page, n)
        height = page.evaluate("document.querySelector('section.raati-pres').scrollHeight")
        assert height <= PROJECTOR["height"], (n, height)
        if n < total:
            body.press("ArrowRight")

    # The presenter view in another window: the notes, the next title, the same slide.
    pid = re.search(r"[?&]id=([^&]+)", page.url)[1]
    presenter = context.new_page()
    presenter.goto(f"{server.url}/esitys?id={pid}&presenter=1")
    wait_ready(presenter)
    expect_slide(presenter, total)
    expect(presenter.get_by_text("Tämä on viimeinen dia.")).to_be_visible()
    presenter.locator("body").press("Home")
    expect_slide(presenter, 1)
    expect_slide(page, 1)  # the audience window follows the presenter
    expect(presenter.get_by_text("Seuraavaksi: Kuinka moni vastasi?")).to_be_visible()
    expect(presenter.get_by_text("Kerro, että vastaukset ovat nimettömiä.",
                                 exact=False)).to_be_visible()
    presenter.locator("body").press("End")
    expect_slide(page, total)

    # The last slide: the feedback round's QR code and link; no answers yet.
    live = page.locator(".raati-feedback-n")
    expect(live).to_have_text("0 vastausta")
    link = page.locator(".raati-pres-link").inner_text().strip()
    assert "?r=" in link
    expect(page.get_by_role("img", name=f"QR-koodi: palaute tilaisuudesta, osoite {link}")
           ).to_be_visible()

    # A phone opens the link, taps a face and sends: the slide counts it.
    phone_context = browser.new_context(**PHONE)
    phone = phone_context.new_page()
    phone.goto(link)
    client_settled(phone)
    client_tap(phone, phone.get_by_role("button", name="Aloita"))
    client_tap(phone, phone.get_by_role("button", name=re.compile(r"^4 – \S")))
    send = phone.get_by_role("button", name="Lähetä vastaus")
    expect(send).to_be_visible()
    client_tap(phone, send)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    expect(live).to_have_text("1 vastaus")
    expect(presenter.locator(".raati-feedback-n")).to_have_text("1 vastaus")
    # One answer is under the minimum group: no counts per face.
    expect(page.locator(".raati-faces")).to_have_count(0)
    phone_context.close()
    context.close()


@pytest.mark.parametrize("size", [BEAMER, TABLET["viewport"], PHONE["viewport"]],
                         ids=["1280x720", "tablet", "phone"])
def test_slides_readable_on_other_screens(browser, server, staff, size):
    context = browser.new_context(viewport=size)
    page = context.new_page()
    start_presentation(page, server)
    body = page.locator("body")
    body.press("ArrowRight")
    expect_slide(page, 2)
    body.press("ArrowRight")
    expect_slide(page, 3)
    icons = page.locator("section.raati-pres .raati-icons").first
    expect(icons).to_be_visible()
    # The icon array stays in one row inside the screen, each figure big enough to see.
    box = icons.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"] + 1
    figure = page.locator("section.raati-pres .raati-person").first.bounding_box()
    assert figure["width"] >= 20 and figure["height"] >= 20
    first_y = page.locator("section.raati-pres .raati-icons").first.locator(
        ".raati-person").evaluate_all("els => new Set(els.map(e => Math.round(e.getBoundingClientRect().top))).size")
    assert first_y == 1  # ten figures on one line
    if size["width"] >= 1024:
        height = page.evaluate("document.querySelector('section.raati-pres').scrollHeight")
        assert height <= size["height"], height
    context.close()


def px(locator) -> float:
    return float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_type_sizes_at_1280x720_and_every_slide_fits(browser, server, staff):
    """At 1280×720 (a common projector): body text at least 28 px, the chart key at
    least 20 px, the buttons at least 16 px; a theme slide has at most 3 items, each
    the question's easy text and one sentence of at most 15 words; every slide fits."""
    context = browser.new_context(viewport=BEAMER)
    page = context.new_page()
    start_presentation(page, server)
    total = int(page.locator("section.raati-pres").get_attribute("data-total"))
    body = page.locator("body")
    body.press("ArrowRight")
    expect_slide(page, 2)
    assert px(page.locator("section.raati-pres p").first) >= 28
    assert px(page.locator("section.raati-pres .raati-pres-caption")) >= 20
    body.press("ArrowRight")
    expect_slide(page, 3)
    items = page.locator("section.raati-pres .raati-pres-themes > li")
    assert 1 <= items.count() <= 3
    for i in range(items.count()):
        item = items.nth(i)
        sentence = item.locator(".raati-pres-said p")
        assert px(item.locator(".raati-pres-q")) >= 28 and px(sentence) >= 28
        assert readability(sentence.inner_text())[0] <= 15
    assert px(page.locator("section.raati-pres .raati-pres-caption")) >= 20
    for key in ("pres_next", "pres_prev"):
        label = page.locator(f".st-key-{key} button p").first
        assert px(label) >= 16, key
    assert px(page.locator(".raati-pres-count")) >= 16
    body.press("Home")
    for n in range(1, total + 1):
        expect_slide(page, n)
        height = page.evaluate("document.querySelector('section.raati-pres').scrollHeight")
        assert height <= BEAMER["height"], (n, height)
        # the buttons under the slide stay on the screen too (a presenter without a
        # remote needs them; the walk found them under the edge on the actions slide)
        bar = page.locator(".st-key-pres_toolbar").bounding_box()
        assert bar["y"] + bar["height"] <= BEAMER["height"], (n, bar)
        if n < total:
            body.press("ArrowRight")
    context.close()


def test_slides_have_no_serious_axe_violations(browser, server, staff):
    """axe-core (WCAG 2.1 AA) on the title, a chart slide, a theme slide and the last
    slide at 1920×1080."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    start_presentation(page, server)
    total = int(page.locator("section.raati-pres").get_attribute("data-total"))
    found = {"title": serious_violations(page)}
    body = page.locator("body")
    body.press("ArrowRight")
    expect_slide(page, 2)
    found["answered"] = serious_violations(page)
    body.press("ArrowRight")
    expect_slide(page, 3)
    found["went_well"] = serious_violations(page)
    body.press("End")
    expect_slide(page, total)
    expect(page.locator(".raati-feedback-n")).to_be_visible()
    found["feedback"] = serious_violations(page)
    assert not any(found.values()), found
    context.close()
