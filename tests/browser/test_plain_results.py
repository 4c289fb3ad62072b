"""A developer-client reads the plain-language results (issue 14) on a tablet (1024×768)
in real Chromium: sentences and icon arrays, no statistics, axe-core clean (WCAG 2.1
AA), bigger text and another language."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect

from analysis.plain import plain_results
from analysis.views import build_view, published_counts, restrict_units
from raati import auth, config
from raati.demo import fill_demo
from raati.store import Store
from raati.surveys import find_survey

from .conftest import TABLET, log_in, rerun_after, wait_for_login_cookie, wait_ready
from .test_answer_flow import serious_violations
from .test_results_flow import choose

# Other tests add surveys to the shared server's folder: pick the demo's survey by name.
SURVEY_TITLE = "Asiakaskysely: kuntouttava työtoiminta"

PASSWORD = "P-" + secrets.token_urlsafe(12)
USER = "selko-dev"


def test_developer_client_reads_the_plain_view_on_a_tablet(browser, server):
    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name(USER) is None:
        auth.create_user(store, USER, "developer-client", PASSWORD, ("puupaja",))
    survey = find_survey(server.defs, "asiakaskysely")
    data = restrict_units(published_counts(store, survey, config.min_group()), ["puupaja"])
    expected = plain_results(survey, build_view(survey, data, config.min_group()), "fi",
                             min_group=config.min_group())
    shown = [p for p in expected if not p.suppressed]
    assert shown

    context = browser.new_context(**TABLET)
    page = context.new_page()
    log_in(page, server, USER, PASSWORD)
    wait_for_login_cookie(page)
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tulokset")
    view = page.locator(".raati-plain")
    expect(view.get_by_role("heading", name="Tulokset selkokielellä")).to_be_visible()
    expect(view.get_by_role("heading", name="Tässä onnistuimme")).to_be_visible()
    expect(view.get_by_role("heading", name="Tätä pitää parantaa")).to_be_visible()
    # Each shown question: its sentence, and the icon array named by it with d persons.
    for p in shown:
        card = page.locator(f'article[data-question="{p.question.id}"]')
        expect(card.locator(".raati-plain-sentence")).to_have_text(p.sentence)
        icons = card.get_by_role("img", name=p.sentence, exact=True)
        expect(icons).to_have_count(1)
        expect(icons.locator(".raati-person-yes")).to_have_count(p.high[0])
        expect(icons.locator(".raati-person")).to_have_count(p.high[1])
    # No statistics anywhere on the page.
    body = page.locator("body").inner_text()
    for word in ("Wilson", "%", "None", "Newcombe", "keskiarvo"):
        assert word not in body, word
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    # Fits the tablet's width: nothing scrolls sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
    # The question's and the sentence's read-aloud buttons (a Chromium without voices
    # says so in their names: raati/assets/client.js).
    first = page.locator(f'article[data-question="{shown[0].question.id}"]')
    buttons = first.locator("button.raati-say")
    expect(buttons).to_have_count(2)
    expect(buttons.nth(1)).to_have_attribute("data-say", shown[0].sentence)
    expect(buttons.nth(1)).to_have_attribute("data-lang", "fi-FI")
    expect(buttons.nth(1)).to_have_accessible_name(re.compile(r"\S"))
    assert serious_violations(page) == []

    # Bigger text and strong colours, still clean; then Swedish.
    rerun_after(page, lambda: page.get_by_text("Isompi teksti", exact=True).click())
    rerun_after(page, lambda: page.get_by_text("Vahvat värit", exact=True).click())
    expect(page.locator(".raati-plain.raati-plain-big.raati-plain-strong")).to_have_count(1)
    assert serious_violations(page) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024
    page.get_by_role("combobox", name="Kieli", exact=True).click()
    option = page.get_by_role("option", name=re.compile("^svenska$"))
    expect(option).to_be_visible()
    rerun_after(page, option.click)
    expect(page.locator('.raati-plain[lang="sv"]')).to_have_count(1)
    expect(page.get_by_role("heading", name="Här lyckades vi")).to_be_visible()
    assert serious_violations(page) == []
    context.close()


def test_plain_view_touch_targets_and_read_aloud_without_a_voice(browser, server):
    """On a 1024×768 tablet the view's switches and the themes' checkboxes are at least
    48 px tall; in a Chromium without voices a 🔊 button says so: its name is the
    no-voice note (also on buttons drawn by a later run) and a click shows the note on
    the screen, not hidden under Streamlit's layers."""
    from raati.i18n import t

    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name(USER) is None:
        auth.create_user(store, USER, "developer-client", PASSWORD, ("puupaja",))
    context = browser.new_context(**TABLET)
    page = context.new_page()
    log_in(page, server, USER, PASSWORD)
    wait_for_login_cookie(page)
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    expect(page.locator(".raati-plain")).to_have_count(1)

    def heights(selector: str) -> list[float]:
        return page.evaluate(
            "s => Array.from(document.querySelectorAll(s)).map("
            "e => e.getBoundingClientRect().height)", selector)

    switches = heights('.st-key-plain_settings [data-testid="stCheckbox"] label')
    themes = heights('[class*="st-key-plain_theme_"] [data-testid="stCheckbox"] label')
    assert len(switches) == 2 and len(themes) >= 3, (switches, themes)
    assert min(switches + themes) >= 48, (switches, themes)

    novoice = t("no_voice", "fi")
    buttons = page.locator(".raati-plain button.raati-say")
    expect(buttons.first).to_have_attribute("aria-label", novoice)
    assert page.evaluate("() => speechSynthesis.getVoices().length") == 0
    target = buttons.nth(2)
    target.scroll_into_view_if_needed()
    target.click()
    live = page.locator("#raati-live")
    expect(live).to_have_text(novoice)
    expect(live).to_be_in_viewport()
    # On screen over the app: fixed to the viewport, below Streamlit's header, on top.
    place = page.evaluate(
        "() => { const n = document.getElementById('raati-live');"
        " const r = n.getBoundingClientRect(); const s = getComputedStyle(n);"
        " const h = document.querySelector('header[data-testid=\"stHeader\"]');"
        " return {position: s.position, display: s.display, top: r.top, bottom: r.bottom,"
        " height: innerHeight, header: h ? h.getBoundingClientRect().bottom : 0,"
        " z: Number(s.zIndex), headerZ: h ? Number(getComputedStyle(h).zIndex) || 0 : 0}; }")
    assert place["position"] == "fixed" and place["display"] != "none", place
    assert place["header"] <= place["top"] and place["bottom"] <= place["height"], place
    assert place["z"] > place["headerZ"], place
    # A later run draws new buttons (another language): they get the note in it.
    chooser = page.get_by_role("combobox", name="Kieli", exact=True)
    chooser.scroll_into_view_if_needed()  # a list opened while the page scrolls closes
    chooser.click()
    option = page.get_by_role("option", name=re.compile("^svenska$"))
    expect(option).to_be_visible()
    rerun_after(page, option.click)
    expect(page.locator('.raati-plain[lang="sv"]')).to_have_count(1)
    expect(buttons.first).to_have_attribute("aria-label", t("no_voice", "sv"))
    expect(buttons.last).to_have_attribute("aria-label", t("no_voice", "sv"))
    context.close()


def test_plain_view_fractions_stay_on_one_line_and_theme_labels_are_its_size(browser, server):
    """On a phone (390 px, bigger text) and a tablet, "9 / 10" is never broken as "9 /"
    and "10 teistä": every fraction of a sentence is one line box. The themes'
    checkbox labels ("Näistä haluamme puhua") are the view's size, not Streamlit's 14 px.
    A marked theme shows what clients said and what was done."""
    from .conftest import PHONE

    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name(USER) is None:
        auth.create_user(store, USER, "developer-client", PASSWORD, ("puupaja",))
    [action] = [a for a in store.actions(unit="puupaja", public_only=True)
                if a.question == "tyollistyminen"]
    marked = {m.question for m in store.theme_marks(survey="asiakaskysely", units=["puupaja"])}
    # One word of 150 letters must wrap inside the card, not push the page sideways.
    long_word = store.add_action("puupaja", "Ä" * 150, "Korjasimme", status="done",
                                 survey="asiakaskysely", question="tyollistyminen")
    try:
        for device in (PHONE, TABLET):
            _fractions_and_labels(browser, server, device, action)
    finally:  # the server is shared: leave the marks and actions as they were
        store.delete_action(long_word.id)
        if "tyollistyminen" not in marked:
            store.unmark_theme("puupaja", "asiakaskysely", "tyollistyminen")


def _fractions_and_labels(browser, server, device: dict, action) -> None:
    """One device's part of the test above."""
    from .conftest import PHONE

    context = browser.new_context(**device)
    page = context.new_page()
    log_in(page, server, USER, PASSWORD)
    wait_for_login_cookie(page)
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    expect(page.locator(".st-key-plain_view .raati-plain")).to_have_count(1)
    if device is PHONE:
        rerun_after(page, lambda: page.get_by_text("Isompi teksti", exact=True).click())
        expect(page.locator(".st-key-plain_view .raati-plain.raati-plain-big")).to_have_count(1)
    fracs = page.evaluate(
        "() => Array.from(document.querySelectorAll("
        "'.st-key-plain_view .raati-plain .raati-plain-frac'))"
        ".map(e => [e.textContent, e.getClientRects().length])")
    assert len(fracs) >= 5, fracs
    for text, boxes in fracs:
        assert re.fullmatch(r"\d+ / \d+", text) and boxes == 1, (text, boxes, device)
    # The sentence's text is read as before: the fraction is plain text in it.
    first = page.locator(".raati-plain-card .raati-plain-sentence").first
    assert re.match(r"\d+ / \d+ teistä sanoi: ", first.inner_text())

    label_px = page.evaluate(
        "() => Array.from(document.querySelectorAll("
        "'[class*=\"st-key-plain_theme_\"] [data-testid=\"stCheckbox\"] label p'))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    item_px = page.evaluate(
        "() => parseFloat(getComputedStyle("
        "document.querySelector('.raati-plain-themes li, .raati-plain-themes p'))"
        ".fontSize)")
    assert label_px and min(label_px) >= item_px - 0.5 and item_px >= 19, (
        label_px, item_px)

    mark = page.locator(
        '[class*="st-key-plain_theme_tyollistyminen"] [data-testid="stCheckbox"]')
    mark.scroll_into_view_if_needed()
    if not mark.locator("input").is_checked():
        rerun_after(page, lambda: mark.locator("label").click())
    said = page.locator(".raati-plain-action-said")
    expect(said.filter(has_text=action.said)).to_have_count(1)
    expect(page.locator(".raati-plain-action-did").filter(has_text=action.did)).to_have_count(1)
    expect(said.filter(has_text="Ä" * 20)).to_have_count(1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= \
        device["viewport"]["width"]
    main = page.evaluate("() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
                         " return [m.scrollWidth, m.clientWidth]; }")
    assert main[0] <= main[1], (main, device)  # nothing scrolls sideways
    heights = page.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=\"stSelectbox\"],"
        " [data-testid=\"stMultiSelect\"]')).map(e =>"
        " e.querySelector('[role=\"group\"]').getBoundingClientRect().height)")
    assert heights and min(heights) >= 48, heights  # the choices are touch targets too
    context.close()
