"""The survey builder's live preview (issue 15) in real Chromium on a phone (390×844):
the real answer page behind /?esikatselu=TOKEN, with its banner on every screen,
axe-clean, and nothing stored: no response row, no "already answered" cookie."""

from __future__ import annotations

import re
import sqlite3

import yaml
from playwright.sync_api import expect

from raati.store import Store

from .conftest import PHONE, client_settled, client_tap
from .test_answer_flow import serious_violations

SURVEY = "esikatselu-selain"
DRAFT = {
    "id": SURVEY,
    "title": "Esikatselun kysely",
    "languages": ["fi"],
    "questions": [
        {"id": "fiilis", "type": "likert", "text": "Miten viikko meni?"},
        {"id": "ruoka", "type": "choice", "text": "Mikä ruoka oli parasta?",
         "options": [{"id": "keitto", "label": "Keitto"}, {"id": "puuro", "label": "Puuro"}]},
    ],
}
BANNER = "Esikatselu – vastauksia ei tallenneta"


def response_counts(db) -> tuple[int, int]:
    """(responses of the draft's survey, responses of any survey)."""
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT COUNT(*) FROM responses WHERE survey = ?",
                             [SURVEY]).fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0])


def test_preview_on_a_phone_answers_through_and_stores_nothing(browser, server):
    draft = Store(server.db).save_survey_draft(
        SURVEY, yaml.safe_dump(DRAFT, allow_unicode=True, sort_keys=False), {}, based_on=0)
    _, total_before = response_counts(server.db)
    ctx = browser.new_context(**PHONE)
    page = ctx.new_page()
    page.goto(f"{server.url}/?esikatselu={draft.preview_token}")
    client_settled(page)
    banner = page.locator('[role="status"]', has_text=BANNER)
    expect(page.get_by_role("heading", level=1, name="Esikatselun kysely")).to_be_visible()
    expect(banner).to_be_in_viewport()

    client_tap(page, page.get_by_role("button", name="Aloita"))
    expect(page.get_by_text("Kysymys 1 / 2")).to_be_visible()
    expect(banner).to_be_in_viewport()
    violations = serious_violations(page)
    assert violations == [], violations
    client_tap(page, page.get_by_role("button", name=re.compile(r"^3 – \S")))

    expect(page.get_by_text("Kysymys 2 / 2")).to_be_visible()
    expect(banner).to_be_visible()
    client_tap(page, page.get_by_role("button", name="Puuro", exact=True))

    expect(page.get_by_role("heading", level=1, name="Valmis!")).to_be_visible()
    expect(banner).to_be_visible()
    client_tap(page, page.get_by_role("button", name="Lähetä vastaus"))

    expect(page.get_by_role("heading", level=1, name="Kiitos vastauksestasi!")).to_be_visible()
    expect(page.get_by_text("Esikatselu: vastausta ei tallennettu.")).to_be_visible()
    expect(banner).to_be_visible()
    # client.js has taken the thank-you screen in (client_tap waited for it): a round's
    # thank-you would have set its "already answered" cookie by now; a preview sets none.
    assert [c["name"] for c in ctx.cookies() if c["name"].startswith("raati_done_")] == []
    assert response_counts(server.db) == (0, total_before)
    ctx.close()
