"""Issue 11 in real Chromium: three quick approvals on the moderation page are three
decisions (of exactly those texts); a new round shows at once and closing asks first."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from playwright.sync_api import expect

from raati import auth
from raati.demo import fill_demo
from raati.store import Store

from .conftest import log_in, rerun_after, wait_ready

PASSWORD = "R-" + secrets.token_urlsafe(12)
SURVEY = "asiakaskysely"
SURVEY_TITLE = "Asiakaskysely: kuntouttava työtoiminta"
SHOTS = Path(os.environ.get("RAATI_SHOTS", "/tmp/shots11/rounds-moderation"))
SIZES = {"phone": {"width": 390, "height": 844}, "tablet": {"width": 1024, "height": 768},
         "desktop": {"width": 1440, "height": 900}}


def staff_page(browser, server, size="desktop"):
    store = Store(server.db)
    fill_demo(store, server.defs)
    name = f"mod-{size}"
    if store.user_by_name(name) is None:
        auth.create_user(store, name, "admin", PASSWORD, ("puupaja", "ompelimo"))
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    log_in(page, server, name, PASSWORD)
    return store, context, page


def choose_survey(page) -> None:
    box = page.get_by_role("combobox", name="Kysely", exact=True)
    if SURVEY_TITLE not in (box.input_value() or box.inner_text()):
        box.click()
        rerun_after(page, page.get_by_role("option", name=SURVEY_TITLE).click)


def test_three_quick_approvals_are_three_decisions(browser, server):
    store, context, page = staff_page(browser, server)
    page.goto(server.url + "/moderointi")
    wait_ready(page)
    choose_survey(page)
    cards = page.locator("[class*='st-key-mod_card_']")
    expect(cards.first).to_be_visible()
    before = store.moderation_state(SURVEY)
    # The three cards' own buttons, found by their stable keys before any click.
    keys = [c.get_attribute("class") for c in cards.all()[:3]]
    targets = [k.split("st-key-mod_card_")[1].split()[0] for k in keys]
    for target in targets:  # as fast as the browser takes them, no waiting between
        card = page.locator(f"[class*='st-key-mod_card_{target}']")
        card.get_by_role("button", name="Hyväksy", exact=True).click(no_wait_after=True)
    # Wait for the app's state: each clicked card leaves the waiting list.
    for target in targets:
        expect(page.locator(f"[class*='st-key-mod_card_{target}']")).to_have_count(0)
    wait_ready(page)
    after = store.moderation_state(SURVEY)
    new = {k: v for k, v in after.items() if k not in before}
    assert {"_".join(k) for k in new} == set(targets)  # exactly those three
    assert all(v[0] == "approved" for v in new.values())
    assert len(store.audit_entries(action="moderation", actor="mod-desktop")) == 3
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "after-moderation-desktop-1440.png"), full_page=False)
    context.close()


def test_a_text_edited_in_the_dialog_is_approved_as_typed(browser, server):
    store, context, page = staff_page(browser, server, "phone")
    page.goto(server.url + "/moderointi")
    wait_ready(page)
    choose_survey(page)
    cards = page.locator("[class*='st-key-mod_card_']")
    expect(cards.first).to_be_visible()
    expect(page.locator("textarea")).to_have_count(0)  # the cards have no text boxes
    target = cards.first.get_attribute("class").split("st-key-mod_card_")[1].split()[0]
    card = page.locator(f"[class*='st-key-mod_card_{target}']")
    # Dismissed with Escape: nothing is decided, and the dialog stays closed.
    rerun_after(page, card.get_by_role("button", name="Muokkaa").click)
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("textarea")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    wait_ready(page)
    # Edited and approved: the text shows as typed, with the phone number masked.
    rerun_after(page, card.get_by_role("button", name="Muokkaa").click)
    dialog.locator("textarea").fill("Kiitos! Soittakaa 050 765 4321")
    rerun_after(page, dialog.get_by_role("button", name="Hyväksy", exact=True).click)
    expect(dialog).to_have_count(0)
    expect(card).to_have_count(0)
    wait_ready(page)
    shown = {"_".join(k): v for k, v in store.moderation_state(SURVEY).items()}
    assert shown[target] == ("approved", "Kiitos! Soittakaa [puhelin]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "after-edit-phone-390.png"), full_page=False)
    context.close()


def test_a_new_round_shows_at_once_and_closing_asks(browser, server):
    store, context, page = staff_page(browser, server, "tablet")
    page.goto(server.url + "/kierrokset")
    wait_ready(page)
    # Opened from 127.0.0.1: the page warns that a phone cannot open the QR code.
    expect(page.get_by_text("toimii vain tällä samalla tietokoneella")).to_be_visible()
    name = "Talvi " + secrets.token_hex(2)
    page.get_by_label("Kierroksen nimi (esim. Kevät 2027)").fill(name)
    page.get_by_label("… tai uusi yksikkö (tunnus, esim. puupaja)").fill("puupaja")
    open_button = page.get_by_role("button", name="Avaa kierros", exact=True)
    open_button.dblclick()  # a double press
    wait_ready(page)
    expect(page.get_by_text(f"Kierros {name} avattu")).to_be_visible()
    assert [r.name for r in store.rounds()].count(name) == 1
    # The new round is chosen in the QR picker.
    expect(page.get_by_role("combobox", name="Valitse kierros")).to_have_value(
        re.compile(re.escape(name) + "$"))
    expect(page.get_by_label("Kierroksen nimi (esim. Kevät 2027)")).to_have_value("")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "after-rounds-opened-tablet-1024.png"), full_page=True)
    rerun_after(page, page.get_by_role("button", name="Päätä kierros tänään").click)
    expect(page.get_by_text(f"Päätetäänkö kierros {name}?")).to_be_visible()
    page.screenshot(path=str(SHOTS / "after-rounds-close-confirm-tablet-1024.png"),
                    full_page=True)
    rnd = next(r for r in store.rounds() if r.name == name)
    assert store.round_by_id(rnd.id).status() == "open"
    rerun_after(page, page.get_by_role("button", name="Kyllä, päätä kierros").click)
    assert store.round_by_id(rnd.id).status() == "closed"
    expect(page.get_by_role("button", name="Avaa kierros uudelleen")).to_be_visible()
    rerun_after(page, page.get_by_role("button", name="Avaa kierros uudelleen").click)
    assert store.round_by_id(rnd.id).status() == "open"
    context.close()
