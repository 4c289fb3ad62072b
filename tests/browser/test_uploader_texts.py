"""The file uploader of the import (pages/data.py) speaks the interface language, in real
Chromium: Streamlit 1.67 writes its dropzone only in English ("Upload", "20MB per file",
"Drag and drop a file here"); raati.ui.uploader_texts_css hides those words from sight
and from the accessibility tree and shows the catalogue's texts instead. Checked after
other staff pages have run in the same browser session (where a script that swapped the
texts once failed to run), together with an import through the translated button."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import expect

from raati import auth
from raati.store import Store

from .conftest import log_in, rerun_after, wait_for_login_cookie, wait_ready

PASSWORD = "U-" + secrets.token_urlsafe(12)
USER = "tuonti-staff"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
ENGLISH = ("upload", "browse", "drag and drop", "per file", "file upload")
UPLOADER = '[data-testid="stFileUploader"]'
INSTRUCTIONS = '[data-testid="stFileUploaderDropzoneInstructions"] span'


@pytest.fixture(scope="module")
def staff(server):
    store = Store(server.db)
    if store.user_by_name(USER) is None:
        auth.create_user(store, USER, "staff", PASSWORD, ("puupaja",))
    return USER


def ax_names(page) -> list[str]:
    """The names of the nodes in Chromium's own accessibility tree (what a screen reader
    gets), ignored nodes left out."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return [n["name"]["value"] for n in nodes
            if not n.get("ignored") and n.get("name", {}).get("value")]


def generated(page, selector: str, pseudo: str) -> str:
    """The text a ::before or ::after shows (its CSS content, unquoted), or "" if hidden."""
    return page.locator(selector).evaluate(
        """(el, pseudo) => { const s = getComputedStyle(el, pseudo);
             if (s.visibility !== 'visible' || s.display === 'none' || s.content === 'none')
               return '';
             return JSON.parse(s.content); }""", pseudo)


def open_by_sidebar(page, link: str, heading: str) -> None:
    """Open a staff page by its sidebar link: the same Streamlit session, no reload."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    wait_ready(page)


def test_the_uploader_speaks_finnish_after_other_pages_and_still_imports(
        browser, server, staff, tmp_path):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    log_in(page, server, staff, PASSWORD)
    wait_for_login_cookie(page)
    # Two other staff pages first, in this same browser session.
    open_by_sidebar(page, "Kierrokset", "Keruukierrokset")
    open_by_sidebar(page, "Tulokset", "Tulokset")
    open_by_sidebar(page, "Aineisto", "Aineisto: tuonti ja vienti")
    # The survey of the paper answers (other tests add surveys to this server's folder,
    # and the first one is chosen by default).
    survey = page.get_by_role("combobox", name="Kysely", exact=True)
    survey.click()
    option = page.get_by_role("option", name="Asiakaskysely: kuntouttava työtoiminta")
    if option.get_attribute("aria-selected") == "true":
        option.click()
        wait_ready(page)
    else:
        rerun_after(page, option.click)

    uploader = page.locator(UPLOADER)
    expect(uploader).to_be_visible()
    button = page.get_by_role("button", name="Valitse tiedosto", exact=True)
    expect(button).to_be_visible()
    # innerText leaves out what is hidden; the material icon's ligature "upload" is
    # drawn as a picture (aria-hidden), hence the check for the word "Upload" with a
    # capital and the full check in the accessibility tree below.
    shown = uploader.inner_text()
    for word in ("Upload", "Browse", "Drag and drop", "per file", "MB"):
        assert word not in shown, (word, shown)
    for word in ("Upload", "Browse files", "file upload"):
        expect(page.get_by_role("button", name=word)).to_have_count(0)
    # The button's accessible name is the Finnish text alone (nothing English beside it).
    assert button.evaluate("b => b.innerText.trim()") in ("upload", "")
    names = ax_names(page)
    assert "Valitse tiedosto" in names
    for name in names:
        assert not any(word in name.lower() for word in ENGLISH), name
    assert "Vedä tiedosto tähän" in names
    assert "Enintään 20 Mt, CSV tai XLSX" in names  # .streamlit/config.toml: 20
    # Seen on the page: the instructions come from CSS generated content of a span that
    # is itself hidden (Playwright calls it hidden), so its box is measured.
    expect(page.get_by_test_id("stFileUploaderDropzoneInstructions")).to_be_visible()
    box = page.locator(INSTRUCTIONS).bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 20, box
    assert generated(page, INSTRUCTIONS, "::before") == "Vedä tiedosto tähän"
    assert generated(page, INSTRUCTIONS, "::after") == "Enintään 20 Mt, CSV tai XLSX"
    assert page.locator(INSTRUCTIONS).evaluate(
        "e => getComputedStyle(e).visibility") == "hidden"  # "20MB per file • CSV, XLSX"

    # The translated button still opens the file dialog, and the import goes through.
    file_input = page.get_by_test_id("stFileUploaderDropzoneInput")
    expect(file_input).to_be_enabled()
    response_id = "paper-" + secrets.token_hex(4)
    paper = tmp_path / "paperit.csv"
    paper.write_text("response_id,survey,unit,date,lang,arvosana\n"
                     f"{response_id},asiakaskysely,puupaja,2025-03-01,fi,8\n", encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(paper)
    expect(uploader.get_by_test_id("stFileChipName")).to_have_text("paperit.csv")
    import_button = page.get_by_role("button", name="Tuo", exact=True)
    expect(import_button).to_be_visible()
    wait_ready(page)
    rerun_after(page, import_button.click)
    expect(page.get_by_text("Tuotiin 1 vastausta (0 oli jo tallessa).")).to_be_visible()
    assert Store(server.db).existing_response_ids([response_id])

    # In Swedish, the Swedish words of the catalogue (a new uploader: its label changed).
    page.get_by_role("combobox", name="Käyttökieli", exact=True).click()
    rerun_after(page, page.get_by_role("option", name="svenska").click)
    expect(page.get_by_role("button", name="Välj fil", exact=True)).to_be_visible()
    names = ax_names(page)
    assert "Dra filen hit" in names and "Högst 20 MB, CSV eller XLSX" in names
    assert not any(word in name.lower() for name in names for word in ENGLISH)
    context.close()
