"""Issue 13 in real Chromium: an action recorded from a panel proposal appears on the
unit's public page *Te sanoitte – me teimme* (``/?u=UNIT``, no login) on a phone
(390×844) in Finnish and in Arabic (right to left: dir=rtl on <html>, the cards laid out
from the right), and on the 1024×768 tablet; each screen is axe-core clean (WCAG 2.1 AA,
no serious or critical violations) and every card has its read-aloud button. A private
action never shows. Screenshots go to /tmp/shots13/ (RAATI_SHOTS)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from raati.i18n import t
from raati.store import Store

from .conftest import PHONE, TABLET, client_settled, client_tap
from .test_answer_flow import AXE, AXE_OPTIONS

SHOTS = Path(os.environ.get("RAATI_SHOTS", "/tmp/shots13"))
UNIT = "teimme-testi"  # a unit of its own: the server is shared with other tests
SAID = "Tauot ovat liian lyhyitä."
DID = "Tauko on nyt 20 minuuttia."


def serious_violations(page) -> list[str]:
    found = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}): {n['target']} {n['html'][:200]}"
            for v in found if v["impact"] in ("serious", "critical") for n in v["nodes"][:3]]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def actions(server):
    """A closed panel's proposal answered by a done action (with a library picture), one
    in progress, and one private action that must never show."""
    store = Store(server.db)
    store.ensure_unit(UNIT, "Puutyöpaja")
    panel = store.open_panel(UNIT, "Mitä muutetaan syksyllä?")
    proposal = store.add_proposal(panel.id, "Pidemmät tauot iltapäivällä")
    store.add_action(UNIT, "Työkaluja on liian vähän.", "Tilaamme uusia sahoja.",
                     status="in_progress")
    done = store.add_action(UNIT, SAID, DID, status="done", proposal=proposal.id,
                            picture="pictures/kahvi.svg")
    assert done.panel == panel.id and done.source == "panel"
    store.add_action(UNIT, "Yksityinen asia", "Ei näy kenellekään", public=False)
    return store


def open_page(browser, server, device: dict):
    context = browser.new_context(**device, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server.url}/?u={UNIT}")
    client_settled(page)
    return context, page


def check_cards(page, lang: str) -> None:
    cards = page.locator("li.raati-action")
    expect(cards).to_have_count(2)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("said_did_title", lang))
    # newest first: the action from the proposal was recorded last
    first = cards.nth(0)
    expect(first).to_contain_text(f"{t('said_did_you_said', lang)} {SAID}")
    expect(first).to_contain_text(f"{t('said_did_we_done', lang)} {DID}")
    expect(first).to_contain_text(t("said_did_status", lang,
                                    status=t("action_status_done", lang)))
    expect(first.locator(".raati-action-symbol")).to_have_attribute("aria-hidden", "true")
    expect(first.locator("img.raati-action-picture")).to_have_attribute("alt", "")
    expect(first.locator("span[lang='fi']").first).to_have_text(SAID)
    expect(cards.nth(1)).to_contain_text(t("action_status_in_progress", lang))
    expect(page.locator("li.raati-action button.raati-say")).to_have_count(2)
    assert "Yksityinen asia" not in page.locator("body").inner_text()


def test_the_public_page_on_a_phone_in_finnish_and_arabic(browser, server, actions):
    context, page = open_page(browser, server, PHONE)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    check_cards(page, "fi")
    expect(page.get_by_text("Puutyöpaja", exact=True)).to_be_visible()
    # no staff login and no menu on a client page
    expect(page.locator("input[type='password']")).to_have_count(0)
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    assert serious_violations(page) == []
    shot(page, "phone-fi")

    page.get_by_text(t("settings", "fi")).click()
    client_tap(page, page.get_by_role("button", name="العربية", exact=True))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    check_cards(page, "ar")
    first = page.locator("li.raati-action").first
    expect(first).to_have_css("direction", "rtl")
    # right to left: the picture (the card's first item) at the right, the text to its
    # left, and the status line ending at the right edge of the text column
    picture = first.locator("img.raati-action-picture").bounding_box()
    body = first.locator(".raati-action-body").bounding_box()
    card = first.bounding_box()
    assert picture and body and card
    assert picture["x"] > body["x"]
    assert picture["x"] + picture["width"] > card["x"] + card["width"] - 40
    status = first.locator(".raati-action-status")
    line = page.evaluate(
        """el => { const r = document.createRange(); r.selectNodeContents(el);
                   const b = r.getBoundingClientRect(); return b.right; }""",
        status.element_handle())
    assert abs(line - (body["x"] + body["width"])) < 4
    assert "Tehty" not in page.locator("body").inner_text()  # the interface is Arabic
    assert serious_violations(page) == []
    shot(page, "phone-ar")
    context.close()


def test_the_public_page_on_the_tablet(browser, server, actions):
    context, page = open_page(browser, server, TABLET)
    check_cards(page, "fi")
    assert serious_violations(page) == []
    shot(page, "tablet-fi")
    # bigger text and strong colours, as on the answer pages
    page.get_by_text(t("settings", "fi")).click()
    before = page.locator(".raati-action-did").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)")
    client_tap(page, page.get_by_text(t("big_text_switch", "fi")))
    expect(page.locator("ul.raati-actions")).to_have_class("raati-actions raati-actions-big")
    after = page.locator(".raati-action-did").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)")
    assert after > before
    assert serious_violations(page) == []
    shot(page, "tablet-fi-big")
    context.close()


def test_an_unknown_unit_on_a_phone(browser, server):
    context = browser.new_context(**PHONE, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server.url}/?u=ei-tallaista")
    client_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("said_did_unknown_title", "fi"))
    expect(page.locator("input[type='password']")).to_have_count(0)
    assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("path", [f"/teimme?u={UNIT}", "/vastaa?r=eiole", "/raati?p=eiole"])
def test_a_client_link_with_its_path_opens_without_an_english_toast(browser, server, actions,
                                                                     path):
    """A link with the page's own path (as the address bar shows it after a visit) opens
    the client page itself, with no Streamlit "Page not found" toast."""
    context = browser.new_context(**PHONE, locale="fi-FI")
    page = context.new_page()
    page.goto(server.url + path)
    client_settled(page)
    if path.startswith("/teimme"):
        expect(page.get_by_role("heading", level=1)).to_have_text(t("said_did_title", "fi"))
        expect(page.locator("li.raati-action")).to_have_count(2)
    expect(page.locator("input[type='password']")).to_have_count(0)
    assert "Page not found" not in page.locator("body").inner_text()  # Streamlit's toast
    context.close()


def test_the_settings_are_big_enough_to_tap_and_outlast_a_reload(browser, server, actions):
    context, page = open_page(browser, server, PHONE)
    fold = page.locator(".st-key-said_did_settings summary")
    box = fold.bounding_box()
    assert box and box["height"] >= 48
    fold.click()
    switches = page.locator(".st-key-said_did_settings [data-testid='stCheckbox'] label")
    expect(switches).to_have_count(2)
    for i in range(2):
        box = switches.nth(i).bounding_box()
        assert box and box["height"] >= 48, box
    client_tap(page, page.get_by_role("button", name="svenska", exact=True))
    page.locator(".st-key-said_did_settings summary").click()  # (folded again)
    # the fold open and its switch drawn in Swedish before the tap (a tap while the fold
    # was still opening started no run now and then)
    expect(page.locator(".st-key-said_did_settings details")).to_have_attribute("open", "")
    switch = page.locator(".st-key-said_did_big_text label")
    expect(switch).to_contain_text(t("big_text_switch", "sv"))
    expect(switch).to_be_in_viewport()
    client_tap(page, switch)
    expect(page.locator("ul.raati-actions")).to_have_class("raati-actions raati-actions-big")
    page.reload()
    client_settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("said_did_title", "sv"))
    expect(page.locator("ul.raati-actions")).to_have_class("raati-actions raati-actions-big")
    context.close()


def test_bigger_text_on_a_phone_puts_the_picture_above_the_text(browser, server, actions):
    context, page = open_page(browser, server, PHONE)
    page.locator(".st-key-said_did_settings summary").click()
    expect(page.get_by_text(t("big_text_switch", "fi"))).to_be_visible()
    client_tap(page, page.get_by_text(t("big_text_switch", "fi")))
    expect(page.locator("ul.raati-actions")).to_have_class("raati-actions raati-actions-big")
    card = page.locator("li.raati-action").first  # the one with the picture
    picture = card.locator("img.raati-action-picture").bounding_box()
    body = card.locator(".raati-action-body").bounding_box()
    assert picture and body
    assert body["width"] >= 250, body
    assert picture["y"] + picture["height"] <= body["y"] + 1  # above the text
    assert serious_violations(page) == []
    shot(page, "phone-fi-big")
    context.close()
