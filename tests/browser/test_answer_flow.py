"""A client opens a round link on a phone and on a tablet, answers, submits, and the
response is in the database."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import expect

from raati import config
from raati.store import Store

from .conftest import PHONE, TABLET, wait_ready

ANSWERS = [
    ("Kuinka hyvin viikkosi pajalla meni?", "4 – Erittäin hyvin", "4"),
    ("Sain apua, kun tarvitsin sitä.", "3 – Melko hyvin", "3"),
    ("Tunsin kuuluvani ryhmään.", "2 – Ei juurikaan", "2"),
    ("Tein tällä viikolla mielekästä työtä.", "1 – Ei lainkaan", "1"),
]


def stored(db, round_id: int) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT r.date, r.lang, r.unit, a.question, a.kind, a.value FROM responses r"
            " JOIN answers a ON a.response_id = r.id WHERE r.round_id = ?"
            " ORDER BY a.question, a.kind", [round_id],
        ).fetchall()


@pytest.mark.parametrize("device", [PHONE, TABLET], ids=["phone", "tablet"])
def test_answer_a_round_link(browser, server, device):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    context = browser.new_context(**device, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Viikkofiilis: miten viikko meni?")
    # No staff menu on a client page.
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    for question, option, _ in ANSWERS:
        page.get_by_role("radiogroup", name=question).get_by_text(option, exact=True).tap()
    page.get_by_role("textbox", name="Haluatko kertoa vielä jotain?").fill("Kiva viikko, kiitos!")
    page.get_by_role("button", name="Lähetä vastaus").tap()
    expect(page.get_by_role("heading", name="Kiitos vastauksestasi!")).to_be_visible()
    rows = stored(server.db, rnd.id)
    today = config.today().isoformat()
    assert rows == sorted(
        [(today, "fi", "puupaja", "muuta", "value", "Kiva viikko, kiitos!")]
        + [(today, "fi", "puupaja", qid, "value", value)
           for qid, (_, _, value) in zip(("viikko", "apu", "ryhma", "tyo"), ANSWERS, strict=True)],
        key=lambda r: (r[3], r[4]),
    )
    context.close()


def test_missing_answer_is_named_on_a_phone(browser, server):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    context = browser.new_context(**PHONE, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    wait_ready(page)
    page.get_by_role("radiogroup", name=ANSWERS[0][0]).get_by_text(ANSWERS[0][1]).tap()
    page.get_by_role("button", name="Lähetä vastaus").tap()
    expect(page.get_by_text("Vastaa vielä näihin kysymyksiin: 2, 3, 4")).to_be_visible()
    assert stored(server.db, rnd.id) == []
    context.close()


def test_unknown_link_is_a_friendly_page(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/?r=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyselyä ei löytynyt")
    expect(page.get_by_text("Traceback")).to_have_count(0)
    context.close()


def test_survey_text_is_shown_as_written_not_as_markdown(browser, server):
    (server.defs / "merkit.yaml").write_text(
        "id: merkit\n"
        "title: Merkit\n"
        "questions:\n"
        "  - id: q\n"
        "    type: likert\n"
        "    text: 'Onko *tämä* [linkki](http://example.org) <b>lihava</b> :red[punainen]?'\n",
        encoding="utf-8",
    )
    rnd = Store(server.db).open_round("merkit", "puupaja")
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    wait_ready(page)
    expect(page.get_by_role("radiogroup", name=(
        "Onko *tämä* [linkki](http://example.org) <b>lihava</b> :red[punainen]?"))).to_be_visible()
    question = page.locator(".st-key-qtext_q").get_by_test_id("stText")
    expect(question).to_have_text(
        "Onko *tämä* [linkki](http://example.org) <b>lihava</b> :red[punainen]?")
    expect(page.locator("a[href='http://example.org']:visible")).to_have_count(0)
    expect(page.locator("b:visible", has_text="lihava")).to_have_count(0)
    context.close()
