"""The panel's shared screen in real Chromium at 1920×1080 and 1280×720, with 3 prompts,
4 themes and 6 or 30 ideas (some of them grouped), in the ideas, voting and results
phases: the whole screen fits the window (nothing scrolls, every idea card and tally row,
or the "+ N muuta ideaa" line, inside the window), the type of the ideas is at least
20 px at 1280×720, groups are one card, the join code and QR are in view and the address
to type is the client's join page (/raati). And the facilitator's list "Näytöllä (n)"
takes in an idea posted straight to the screen (post-moderation) without a reload.
Screenshots go to /tmp/shots12/layout/ (RAATI_SHOTS_LAYOUT)."""

from __future__ import annotations

import os
import re
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
# Ideas of the lengths people write: a few words to a few lines. One is markup, which
# must show as text.
IDEAS = ["Pidemmät tauot iltapäivällä", "Retki luontopolulle ennen lumia",
         "Uusi kahvinkeitin keittiöön", "Enemmän ompelutöitä ja uusia kankaita",
         "Yhteinen aamupala perjantaisin", "Selkeämpi viikko-ohjelma ilmoitustaululle",
         "Puutyöpajaan uusi höylä", "Kuukausittain yhteinen palaveri kaikille",
         "Ei <b>lihavointia</b> & muuta",
         "Bussikortti kaikille, jotka tulevat kauempaa, niin ettei matka maksa itse",
         "Kesällä töitä ulkona puutarhassa, kun sää sallii", "Musiikkia taukotilaan",
         "Oma kaappi jokaiselle vaatteita ja tavaroita varten",
         "Ohjaajat kertoisivat etukäteen, jos päivän ohjelma muuttuu",
         "Lisää kuvia ohjeisiin", "Kokkikerho kerran viikossa",
         "Hiljainen huone, jossa voi levätä, jos on huono päivä tai väsyttää",
         "Työpaikkavierailuja yrityksiin", "Parempi valaistus ompelimoon",
         "Liikuntavuoro salilla", "Palautetta tehdystä työstä useammin",
         "Tietokonekurssi aloittelijoille", "Pyöräkatos pihalle",
         "Vuorotellen saa valita radiokanavan",
         "Enemmän vaihtelua työtehtäviin, ettei sama työ toistu koko viikkoa",
         "Retki museoon", "Kahvihuoneeseen uusi sohva", "Yhteiset pelit perjantaina",
         "Mahdollisuus kokeilla eri pajoja ennen kuin valitsee oman",
         "Juhlat kevään lopuksi"]
# Over 30: more than fits; the newest are shown with "+ N muuta ideaa".
IDEAS += [f"Lisäidea {k}: vielä yksi ehdotus tämän syksyn ohjelmaan" for k in range(15)]
GROUPS = {6: {"Tauot ja aamupala": [0, 4]},
          30: {"Tauot ja aamupala": [0, 4, 11], "Retket": [1, 17, 25],
               "Ohjelma ja tiedottaminen": [5, 13]}}
GROUPS[45] = GROUPS[30]
VIEWPORTS = [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}]

# Everything the screen has to show, with where it is: inside the window, nothing
# scrolling anywhere (the page, or any element that scrolls), the type of the ideas
# (cards, and the labels of the tallies).
MEASURE = """() => {
  const W = window.innerWidth, H = window.innerHeight;
  const box = e => { const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, h: r.height,
            text: e.textContent}; };
  const scrolls = [document.scrollingElement, ...document.querySelectorAll('*')]
    .filter(e => e && e.scrollHeight > e.clientHeight + 1
      && (e === document.scrollingElement
          || ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)))
    .map(e => (e.dataset && e.dataset.testid) || e.tagName);
  const items = [...document.querySelectorAll(
    '.raati-ideas > li, .raati-tally li, .raati-more')].map(box);
  const fonts = [...document.querySelectorAll(
    '.raati-ideas li, .raati-tally li > span:first-child')]
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  const link = document.querySelector('.raati-link');
  return {W, H, docHeight: document.documentElement.scrollHeight, scrolls, items, fonts,
          code: box(document.querySelector('.raati-code')),
          qr: box(document.querySelector('.raati-join img')),
          qrLoaded: document.querySelector('.raati-join img').complete,
          link: {...box(link), cut: link.scrollWidth > link.clientWidth + 1}};
}"""


def staff_page(browser, server, unit: str, viewport: dict):
    store = Store(server.db)
    name = f"ohjaaja-{unit}"
    if store.user_by_name(name) is None:
        auth.create_user(store, name, "staff", PASSWORD, (unit,))
    ctx = browser.new_context(viewport=viewport, locale="fi-FI")
    page = ctx.new_page()
    log_in(page, server, name, PASSWORD)
    return ctx, page


def inside(b: dict, W: int, H: int) -> bool:
    return b["h"] > 0 and b["top"] >= 0 and b["bottom"] <= H and b["left"] >= 0 \
        and b["right"] <= W


def check_fits(page, name: str, small_screen: bool) -> dict:
    """Measure the screen, save a screenshot and assert that it fits: returns the
    measurement."""
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    m = page.evaluate(MEASURE)
    W, H = m["W"], m["H"]
    assert m["docHeight"] <= H and not m["scrolls"], (name, m["docHeight"], m["scrolls"])
    out = [b["text"][:40] for b in m["items"] if not inside(b, W, H)]
    assert m["items"] and not out, (name, out)
    assert m["fonts"], name
    if small_screen:
        assert min(m["fonts"]) >= 20, (name, min(m["fonts"]))
    assert inside(m["code"], W, H) and inside(m["qr"], W, H) and m["qrLoaded"], name
    assert m["qr"]["h"] >= 0.2 * H, (name, m["qr"])  # a QR a phone can read from afar
    assert inside(m["link"], W, H) and not m["link"]["cut"], (name, m["link"])
    assert m["link"]["text"].endswith("/raati"), m["link"]["text"]
    return m


def shown_count(page) -> int:
    """How many ideas the screen accounts for: the ideas on it plus "+ N muuta"."""
    more = page.locator(".raati-more")
    hidden = int(re.search(r"\d+", more.text_content()).group()) if more.count() else 0
    return page.locator(".raati-ideas li:not(.raati-group-card)").count() + hidden


@pytest.mark.parametrize("n", [6, 30, 45])
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=["1080p", "720p"])
def test_every_phase_fits_one_screen(browser, server, viewport, n):
    store = Store(server.db)
    unit = f"raati-fit-{viewport['height']}-{n}"
    small_screen = viewport["height"] == 720
    store.ensure_unit(unit)  # a session's unit must exist
    panel = store.open_panel(unit, "Mitä muutetaan syksyllä?", moderation="post",
                             prompts=PROMPTS, themes=THEMES, votes_per_person=5,
                             max_per_idea=2, new_unit=True)
    ideas = [store.add_idea(panel.id, text) for text in IDEAS[:n]]
    for group, members in GROUPS[n].items():
        store.group_ideas([ideas[i].id for i in members], group)
    n_groups = len(GROUPS[n])
    n_cards = n - sum(len(m) for m in GROUPS[n].values()) + n_groups
    ctx, page = staff_page(browser, server, unit, viewport)
    page.goto(f"{server.url}/raatinaytto?panel={panel.id}")
    wait_ready(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tag = f"{viewport['height']}-{n}"

    # -- ideas: groups as one card each, the newest ideas in view ----------------------
    expect(page.locator(".raati-code")).to_have_text(panel.code)
    # Groups are one card each (over 30, the oldest, grouped first, are left out).
    expect(page.locator(".raati-group-card")).to_have_count(n_groups if n <= 30 else 0)
    expect(page.locator(".raati-ideas")).to_contain_text(IDEAS[n - 1])  # the newest
    first_group, first_members = next(iter(GROUPS[n].items()))
    card = page.locator(".raati-group-card", has_text=first_group)
    if n <= 30:  # up to 30 ideas all fit, the oldest (grouped first) too
        expect(card.locator("li")).to_have_text([IDEAS[i] for i in first_members])
    else:
        expect(page.locator(".raati-more")).to_have_count(1)
    assert shown_count(page) == n
    if n == 6:  # few ideas: all of them, no "+ N muuta"
        expect(page.locator(".raati-ideas > li")).to_have_count(n_cards)
        expect(page.locator(".raati-more")).to_have_count(0)
    elif n == 30:  # markup stays text
        expect(page.locator(".raati-ideas")).to_contain_text("Ei <b>lihavointia</b> & muuta")
    check_fits(page, f"fit-{tag}-ideas", small_screen)

    # -- voting: every idea's tally ------------------------------------------------------
    store.set_panel_phase(panel.id, "voting")
    for k in range(12):
        device = panels.device_key(f"fit-{tag}-{k}")
        store.join_panel(panel.id, device)
        for j in (k % n, (3 * k + 1) % n):
            store.add_dot(panel.id, device, ideas[j].id)
    expect(page.locator(".raati-tally li").first).to_be_visible()
    voted = store.ideas(panel.id, ["approved"])
    total = sum(i.votes for i in voted)
    expect(page.locator(".raati-count")).to_contain_text(f"{total} pistettä")
    if n > 30:  # the first ones, then "+ N muuta"
        expect(page.locator(".raati-more")).to_have_count(1)
        assert shown_count(page) - page.locator(".raati-ideas li").count() + \
            page.locator(".raati-tally li").count() == n
    else:
        expect(page.locator(".raati-tally li")).to_have_count(n)  # up to 30: all of them
    on_screen = voted[:page.locator(".raati-tally li").count()]  # in the order shown
    for idea in on_screen:
        row = page.locator(".raati-tally li").filter(
            has=page.locator("span", has_text=re.compile(f"^{re.escape(idea.text)}$")))
        expect(row.locator("strong")).to_have_text(str(idea.votes))
    check_fits(page, f"fit-{tag}-voting", small_screen)

    # -- results: most dots first, groups combined, a proposal above -----------------------
    top = panels.ranked(voted)
    store.add_proposal(panel.id, "Pidemmät tauot ja yhteinen aamupala perjantaisin",
                       [i.id for i in top[0][1]])
    store.set_panel_phase(panel.id, "results")
    expect(page.locator(".raati-proposals li")).to_have_count(1)
    rows = page.locator(".raati-tally li")
    expect(rows.first.locator("strong")).to_have_text(str(top[0][2]))
    expect(rows.nth(1).locator("strong")).to_have_text(str(top[1][2]))
    more = page.locator(".raati-more")
    hidden = int(re.search(r"\d+", more.text_content()).group()) if more.count() else 0
    assert rows.count() <= len(top)
    assert sum(len(m) for _, m, _ in top[:rows.count()]) + hidden == n
    check_fits(page, f"fit-{tag}-results", small_screen)
    ctx.close()


def test_the_facilitators_screen_list_takes_in_posted_ideas(browser, server):
    store = Store(server.db)
    unit = "raati-layout-control"
    store.ensure_unit(unit)  # a session's unit must exist
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
