"""Staff pages speak the page's language also where Streamlit's own widgets would speak
English: the file uploader of the data page (issue 11 item 12), in real Chromium."""

from __future__ import annotations

import secrets

from playwright.sync_api import expect

from raati import auth
from raati.store import Store

from .conftest import log_in, wait_ready

PASSWORD = "U-" + secrets.token_urlsafe(12)


def test_the_file_uploader_speaks_finnish(browser, server):
    store = Store(server.db)
    if store.user_by_name("aineisto-staff") is None:
        auth.create_user(store, "aineisto-staff", "staff", PASSWORD, ("puupaja",))
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, server, "aineisto-staff", PASSWORD)
    page.goto(server.url + "/aineisto")
    wait_ready(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    expect(zone.locator("button [data-testid=\"stMarkdownContainer\"]")).to_have_text(
        "Valitse tiedosto")
    expect(zone.locator('[data-testid="stFileUploaderDropzoneInstructions"]')).to_have_text(
        "Enintään 20 Mt tiedostoa kohden • CSV, XLSX")
    expect(zone.locator('[data-testid="stFileUploaderDropzoneInput"]')).to_have_attribute(
        "aria-label", "Tuotava tiedosto")
    body = page.locator('[data-testid="stMain"]').inner_text()
    for english in ("Upload", "per file", "Drag and drop", "Browse files"):
        assert english not in body
    # A file chosen, its remove button has a Finnish name too.
    zone.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "vastaukset.csv", "mimeType": "text/csv", "buffer": b"a;b\n"}])
    expect(page.locator('[data-testid="stFileChipDeleteBtn"] button')).to_have_attribute(
        "aria-label", "Poista valittu tiedosto: vastaukset.csv")
    expect(page.locator('[data-testid="stFileUploader"] [data-testid="stBaseButton-borderlessIcon"]')
           ).to_have_attribute("aria-label", "Valitse toinen tiedosto")
