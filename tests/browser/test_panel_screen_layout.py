"""The panel's shared screen in real Chromium at 1920×1080 and 1280×720 with 3 prompts,
4 themes and 8 ideas: the join card (code and QR) stays in view when the page is
scrolled to its end, the join link keeps to one line, the prompts and themes step back
(smaller) once ideas are in. And the facilitator's list "Näytöllä (n)" takes in an idea
posted straight to the screen (post-moderation) without a reload. Screenshots go to
/tmp/shots12/layout/ (RAATI_SHOTS_LAYOUT)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from raati import auth, panels
from raati.i18n import t
from raati.store import Store

from .conftest import log_in, wait_ready

SHOTS = Path(os.environ.get("RAATI_SHOTS_LAYOUT", "/tmp/shots12/layout"))
PASSWORD = "R-" + secrets.token_urlsafe(12)
PROMPTS = ["Mikä tauoissa toimii?", "Mitä haluaisit oppia syksyllä?",
           "Miten viikko-ohjelmasta saisi selkeämmän?"]
THEMES = [
    {"question": "q1", "text": "Saan tarvitsemaani tukea arjen asioihin", "kind": "weak",
     "share_low": 0.455, "n": 11},
    {"question": "q2", "text": "Tiedän, mitä seuraavaksi tapahtuu", "kind": "weak",
     "share_low": 0.364, "n": 11},
    {"question": "q3", "text": "Minua kohdellaan kunnioittavasti", "kind": "strong",
     "share_low": 0.091, "n": 11},
    {"question": "q4", "text": "Työtehtävät ovat mielekkäitä", "kind": "strong",
     "share_low": 0.1, "n": 10},
]
IDEAS = ["Pidemmät tauot iltapäivällä", "Retki luontopolulle ennen lumia",
         "Uusi kahvinkeitin keittiöön", "Enemmän ompelutöitä ja uusia kankaita",
         "Yhteinen aamupala perjantaisin", "Selkeämpi viikko-ohjelma ilmoitustaululle",
         "Puutyöpajaan uusi höylä", "Kuukausittain yhteinen palaveri kaikille"]


def staff_page(browser, server, unit: str, viewport: dict):
    store = Store(server.db)
    name = f"ohjaaja-{unit}"
    if store.user_by_name(name) is None:
        auth.create_user(store, name, "staff", PASSWORD, (unit,))
    ctx = browser.new_context(viewport=viewport, locale="fi-FI")
    page = ctx.new_page()
    log_in(page, server, name, PASSWORD)
    return ctx, page


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }", selector)


@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080},
                                      {"width": 1280, "height": 720}], ids=["1080p", "720p"])
def test_the_join_card_stays_in_view_and_the_link_on_one_line(browser, server, viewport):
    store = Store(server.db)
    unit = f"raati-layout-{viewport['height']}"
    panel = store.open_panel(unit, "Mitä muutetaan syksyllä?", moderation="post",
                             prompts=PROMPTS, themes=THEMES)
    for text in IDEAS:
        store.add_idea(panel.id, text)
    ctx, page = staff_page(browser, server, unit, viewport)
    page.goto(f"{server.url}/raatinaytto?panel={panel.id}")
    wait_ready(page)
    expect(page.locator(".raati-code")).to_have_text(panel.code)
    expect(page.locator(".raati-ideas li")).to_have_count(len(IDEAS))
    # Ideas are in: the prompts and themes are the compact ones.
    expect(page.locator("p.raati-compact")).to_have_count(1)
    expect(page.locator(".raati-themes.raati-compact")).to_have_count(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"screen-{viewport['height']}-top.png"))
    # The link: one line, whatever the width of its card.
    line = page.evaluate(
        "() => { const e = document.querySelector('.raati-link');"
        " return [e.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(e).lineHeight)]; }")
    assert line[0] <= line[1] * 1.2, line
    # Scrolled to the end of the page, the way in is still in view.
    page.evaluate("() => { for (const e of document.querySelectorAll('*'))"
                  " if (e.scrollHeight > e.clientHeight + 5) e.scrollTop = e.scrollHeight; }")
    page.locator(".raati-ideas li").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"screen-{viewport['height']}-end.png"))
    assert in_view(page, ".raati-code") and in_view(page, ".raati-join img")
    ctx.close()


def test_the_facilitators_screen_list_takes_in_posted_ideas(browser, server):
    store = Store(server.db)
    unit = "raati-layout-control"
    panel = store.open_panel(unit, "Jälkimoderointi", moderation="post")
    ctx, page = staff_page(browser, server, unit, {"width": 1280, "height": 900})
    page.goto(server.url + "/raadit")
    wait_ready(page)
    expect(page.get_by_text(t("panels_on_screen", "fi", n=0))).to_be_visible()
    # A phone posts an idea: under post-moderation it goes straight onto the screen.
    store.add_idea(panel.id, "Uusi kahvinkeitin", device=panels.device_key("puhelin-1"))
    # The list refreshes itself (a fragment every 3 s): no reload, no click.
    expect(page.get_by_text(t("panels_on_screen", "fi", n=1))).to_be_visible()
    expect(page.get_by_text("Uusi kahvinkeitin", exact=False)).to_be_visible()
    ctx.close()
