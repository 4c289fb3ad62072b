"""Staff open the results, filter, moderate a comment and download the PDF report, in
real Chromium."""

from __future__ import annotations

import io
import re
import secrets

from playwright.sync_api import expect
from pypdf import PdfReader

from raati import auth
from raati.demo import fill_demo
from raati.store import Store
from raati.surveys import find_survey

from .conftest import log_in, rerun_after, wait_for_login_cookie, wait_ready

PASSWORD = "R-" + secrets.token_urlsafe(12)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


SURVEY_TITLE = "Asiakaskysely: kuntouttava työtoiminta"


def choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label."""
    page.get_by_role("combobox", name=label, exact=True).click()
    item = page.get_by_role("option", name=re.compile(f"^{re.escape(option)}$", re.I))
    if item.get_attribute("aria-selected") == "true":  # already chosen: no new run
        item.click()
        wait_ready(page)
    else:
        rerun_after(page, item.click)


def test_staff_moderate_filter_and_download_the_report(browser, server):
    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name("tulos-staff") is None:
        auth.create_user(store, "tulos-staff", "staff", PASSWORD, ("puupaja", "ompelimo"))
    context = browser.new_context(**DESKTOP, accept_downloads=True)
    page = context.new_page()
    log_in(page, server, "tulos-staff", PASSWORD)
    wait_for_login_cookie(page)  # HttpOnly: not in document.cookie

    # Moderate: the suggestion has the phone number masked; approve it.
    page.goto(server.url + "/moderointi")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    # A page of cards at a time: narrow to the question of the demo's text with a phone
    # number.
    phone = next(i for i in store.free_texts("asiakaskysely", ["parasta", "muutettavaa"])
                 if "040" in i["text"])
    choose(page, "Yksikkö", {u.id: u.name for u in store.units()}[phone["unit"]])
    choose(page, "Kysymys", find_survey(server.defs, "asiakaskysely").text(
        find_survey(server.defs, "asiakaskysely").question(phone["question"]).text, "fi"))
    masked = page.locator("[class*='st-key-mod_card_']").filter(has_text="[puhelin]")
    expect(masked.first).to_be_visible()
    waiting = masked.count()
    card = masked.first
    expect(card).to_contain_text("040 123 4567")  # the moderator sees the original
    rerun_after(page, lambda: card.get_by_role("button", name="Hyväksy", exact=True).click())
    expect(masked).to_have_count(waiting - 1)

    # Results: filter to one unit and find the approved, masked text.
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    expect(page.get_by_text("Heikoimmat")).to_be_visible()
    choose(page, "Yksikkö", "Puupaja")
    expect(page.get_by_role("heading", name="25 vastausta")).to_be_visible()
    wait_ready(page)  # the run has ended: no stale elements of the previous one are left
    page.get_by_role("tab", name="Mitä kirjoitettiin").click()
    expect(page.get_by_text("[puhelin]").first).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("040 123 4567")

    # The PDF report.
    page.get_by_role("tab", name="Raportit ja viennit").click()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Lataa raportti (PDF)").click()
    data = open(info.value.path(), "rb").read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Asiakaskysely" in text and "puupaja" in text.lower()
    assert "[puhelin]" in text and "040 123 4567" not in text
    assert store.audit_entries(limit=5, action="report")
    context.close()
