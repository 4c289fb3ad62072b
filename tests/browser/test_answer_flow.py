"""The client's whole answering flow in real Chromium on a tablet (1024×768, touch) and a
phone (390×844), in Finnish and Swedish with easy language on; kiosk resets; read-aloud;
right-to-left; every client screen checked with axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from raati import auth, config
from raati.store import Store

from .conftest import PHONE, TABLET, client_settled, client_tap, wait_ready

AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
DEVICES = {"phone": PHONE, "tablet": TABLET}
TEXTS = {
    "fi": {"start": "Aloita", "send": "Lähetä vastaus", "thanks": "Kiitos vastauksestasi!",
           "skip": "Ohita", "done": "Valmis!", "progress": "Kysymys {n} / {total}",
           "easy": "Selkokieli",
           "q2_easy": "Kun tarvitsit apua, kuinka hyvin sait sitä?",
           "scale": {1: "Ei lainkaan", 2: "Ei juurikaan", 3: "Melko hyvin", 4: "Erittäin hyvin"}},
    "sv": {"start": "Börja", "send": "Skicka svaret", "thanks": "Tack för ditt svar!",
           "skip": "Hoppa över", "done": "Klart!", "progress": "Fråga {n} / {total}",
           "easy": "Lättläst",
           "q2_easy": "När du behövde hjälp, hur bra fick du det?",
           "scale": {1: "Inte alls", 2: "Knappast", 3: "Ganska bra", 4: "Mycket bra"}},
}


def serious_violations(page) -> list[str]:
    results = AXE.run(page, options=AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def settled(page) -> None:
    client_settled(page)


def tap(page, locator) -> None:
    client_tap(page, locator)


def scale_button(page, lang: str, point: int):
    """The answer button of ``point``: "N – words", the words being the question's own
    where it has them (viikkofiilis: issue 11, item 4), else the survey's."""
    return page.get_by_role("button", name=re.compile(f"^{point} – \\S"))


def stored(db, round_id: int) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT r.lang, a.question, a.kind, a.value FROM responses r JOIN answers a"
            " ON a.response_id = r.id WHERE r.round_id = ? ORDER BY a.question", [round_id],
        ).fetchall()


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("device", list(DEVICES))
def test_whole_flow_with_easy_language_and_no_accessibility_violations(
        browser, server, device, lang):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    context = browser.new_context(**DEVICES[device], locale=f"{lang}-FI")
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    texts = TEXTS[lang]
    violations = {}
    if lang != "fi":
        tap(page, page.get_by_role("button", name="svenska"))
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.get_by_text(texts["easy"], exact=True).tap()  # the switch by its visible label
    settled(page)
    violations["start"] = serious_violations(page)
    tap(page, page.get_by_role("button", name=texts["start"], exact=True))
    total = 5
    answers = [4, 3, 2, 1]
    for n, point in enumerate(answers, start=1):
        expect(page.locator(".raati-progress")).to_have_text(
            texts["progress"].format(n=n, total=total))
        if n == 2:
            # Easy language shows the plain-language version of the question.
            expect(page.locator(".raati-q p")).to_have_text(texts["q2_easy"])
            violations["question"] = serious_violations(page)
        # Every answer button is at least 48×48 CSS px.
        button = scale_button(page, lang, point)
        expect(button).to_be_visible()
        settled(page)
        box = button.bounding_box()
        assert box is not None and box["width"] >= 48 and box["height"] >= 48
        tap(page, scale_button(page, lang, point))
    expect(page.locator(".raati-progress")).to_have_text(texts["progress"].format(n=5, total=5))
    page.get_by_role("textbox").fill("Hyvä viikko!")
    # Streamlit's English key hint ("Press Ctrl+Enter to apply") is not shown to clients.
    expect(page.locator('[data-testid="InputInstructions"]')).to_be_hidden()
    violations["text"] = serious_violations(page)
    tap(page, page.get_by_role("button", name={"fi": "Seuraava →", "sv": "Nästa →"}[lang]))
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["done"])
    violations["review"] = serious_violations(page)
    tap(page, page.get_by_role("button", name=texts["send"]))
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["thanks"])
    violations["thanks"] = serious_violations(page)
    assert stored(server.db, rnd.id) == sorted(
        [(lang, "muuta", "value", "Hyvä viikko!")]
        + [(lang, q, "value", str(p)) for q, p in zip(("viikko", "apu", "ryhma", "tyo"),
                                                        answers, strict=True)],
        key=lambda r: r[1])
    assert {k: v for k, v in violations.items() if v} == {}
    context.close()


def test_own_phone_answers_once_per_round(browser, server):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    for point in (3, 3, 3, 3):
        tap(page, scale_button(page, "fi", point))
    tap(page, page.get_by_role("button", name="Ohita"))
    tap(page, page.get_by_role("button", name="Lähetä vastaus"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    page.wait_for_function("document.cookie.includes('raati_done_')")
    page.reload()
    settled(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Olet jo vastannut")
    # The marker says nothing about the person: just this round, in this browser.
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    assert cookies[f"raati_done_{rnd.id}"] == "1"
    context.close()


def kiosk_round(server, thanks_s=2, idle_s=3600, pin=None):
    """A kiosk round. Only the idle test asks for a short idle time: with 5 s, a slow
    run on a busy machine let the idle countdown clear the answer of the other tests."""
    store = Store(server.db)
    rnd = store.open_round("viikkofiilis", "puupaja")
    if pin:
        auth.set_kiosk_pin(store, rnd.id, pin, thanks_s=thanks_s, idle_s=idle_s)
    else:
        store.set_kiosk(rnd.id, enabled=True, thanks_s=thanks_s, idle_s=idle_s)
    return rnd


def test_kiosk_returns_to_the_start_after_sending_and_back_shows_nothing(browser, server):
    rnd = kiosk_round(server, thanks_s=2)
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    for point in (1, 2, 3, 4):
        tap(page, scale_button(page, "fi", point))
    page.get_by_role("textbox").fill("SALAISUUS-123")
    tap(page, page.get_by_role("button", name="Seuraava →"))
    tap(page, page.get_by_role("button", name="Lähetä vastaus"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    expect(page.locator("#raati-thanks-left")).to_be_visible()
    # By itself, back to the start for the next person.
    expect(page.get_by_role("button", name="Aloita")).to_be_visible(timeout=15_000)
    settled(page)
    assert not page.get_by_text("Kiitos vastauksestasi!").is_visible()
    # The shared tablet is never marked as answered.
    assert not [c for c in context.cookies() if c["name"].startswith("raati_done_")]
    # Browser storage holds nothing of the previous person (Streamlit keeps only its own
    # settings there).
    stored_text = page.evaluate(
        "() => JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])")
    assert "SALAISUUS" not in stored_text and "viikko" not in stored_text, stored_text
    # Back and forward again: nothing of the previous person.
    page.go_back()
    page.go_forward()
    settled(page)
    expect(page.get_by_role("button", name="Aloita")).to_be_visible()
    tap(page, page.get_by_role("button", name="Aloita"))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 1 / 5")
    expect(page.locator("button[kind='primary']", has_text="4 – ")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("SALAISUUS-123")
    context.close()


def test_kiosk_clears_an_unfinished_answer_after_idle_with_a_countdown(browser, server):
    rnd = kiosk_round(server, idle_s=5)
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    tap(page, scale_button(page, "fi", 4))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 2 / 5")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("Oletko vielä siellä?")
    expect(dialog).to_contain_text("sekunnin kuluttua")
    assert serious_violations(page) == []
    # "Continue" keeps the answer...
    dialog.get_by_role("button", name="Jatka vastaamista").tap()
    expect(dialog).to_be_hidden()
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 2 / 5")
    # ...but left alone again, it is cleared and the start screen returns.
    expect(dialog).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Aloita")).to_be_visible(timeout=15_000)
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    expect(page.locator(".raati-progress")).to_have_text("Kysymys 1 / 5")
    expect(page.locator("button[kind='primary']", has_text="4 – ")).to_have_count(0)
    with sqlite3.connect(server.db) as conn:
        assert conn.execute("SELECT count(*) FROM responses WHERE round_id = ?",
                            [rnd.id]).fetchone()[0] == 0
    context.close()


def test_only_staff_with_the_pin_leave_kiosk_mode(browser, server):
    rnd = kiosk_round(server, pin="4321")
    context = browser.new_context(**TABLET)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    expect(page.get_by_test_id("stToolbar")).to_be_hidden()
    page.get_by_text("Henkilöstölle").click()
    page.get_by_label("Kioskitilan PIN-koodi").fill("1111")
    tap(page, page.get_by_role("button", name="Lopeta kioskitila"))
    expect(page.get_by_text("Väärä PIN-koodi.")).to_be_visible()
    page.get_by_label("Kioskitilan PIN-koodi").fill("4321")
    tap(page, page.get_by_role("button", name="Lopeta kioskitila"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kioskitila on suljettu")
    context.close()


FAKE_VOICES = """
window.__spoken = [];
const voices = [{lang: "fi-FI", name: "Satu", default: true, localService: true, voiceURI: "fi"}];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => voices, speak: (u) => window.__spoken.push([u.text, u.lang, u.voice && u.voice.lang]),
  cancel: () => {}, addEventListener: () => {}, speaking: false}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_read_aloud_speaks_in_the_language_or_says_there_is_no_voice(browser, server):
    rnd = Store(server.db).open_round("viikkofiilis", "puupaja")
    context = browser.new_context(**PHONE)
    context.add_init_script(FAKE_VOICES)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    page.get_by_role("button", name="Kuuntele: Kuinka hyvin viikkosi pajalla meni?").tap()
    page.get_by_role("button", name="Kuuntele: 3 – Melko hyvin").tap()
    assert page.evaluate("window.__spoken") == [
        ["Kuinka hyvin viikkosi pajalla meni?", "fi-FI", "fi-FI"],
        ["3 – Melko hyvin", "fi-FI", "fi-FI"]]
    # Swedish has no voice on this "device": the button says so and reads nothing.
    tap(page, page.get_by_role("button", name="← Takaisin"))
    tap(page, page.get_by_role("button", name="svenska"))
    tap(page, page.get_by_role("button", name="Börja"))
    expect(page.locator(".raati-progress")).to_have_text("Fråga 1 / 5")
    speaker = page.locator(".raati-q button.raati-say")
    expect(speaker).to_have_attribute("aria-label", "Den här enheten har ingen röst för det "
                                                    "här språket.")
    speaker.tap()
    expect(page.locator("#raati-live")).to_have_text(
        "Den här enheten har ingen röst för det här språket.")
    assert len(page.evaluate("window.__spoken")) == 2
    context.close()


def test_arabic_is_laid_out_right_to_left(browser, server):
    (server.defs / "arabia.yaml").write_text(
        "id: arabia\n"
        "title: {fi: Kysely, ar: استبيان}\n"
        "languages: [fi, ar]\n"
        "questions:\n"
        "  - id: q\n"
        "    type: likert\n"
        "    text: {fi: Viihdyitkö?, ar: هل استمتعت؟}\n", encoding="utf-8")
    rnd = Store(server.db).open_round("arabia", "puupaja")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/?r={rnd.token}")
    settled(page)
    tap(page, page.get_by_role("button", name="العربية"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("استبيان")
    context.close()


def test_unknown_link_is_a_friendly_page(browser, server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.url}/?r=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kyselyä ei löytynyt")
    assert serious_violations(page) == []
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
    settled(page)
    tap(page, page.get_by_role("button", name="Aloita"))
    expect(page.locator(".raati-q p")).to_have_text(
        "Onko *tämä* [linkki](http://example.org) <b>lihava</b> :red[punainen]?")
    expect(page.locator("a[href='http://example.org']:visible")).to_have_count(0)
    expect(page.locator("b:visible", has_text="lihava")).to_have_count(0)
    context.close()


def test_answers_given_here_keep_only_todays_date(server):
    with sqlite3.connect(server.db) as conn:
        dates = {d for (d,) in conn.execute(
            "SELECT DISTINCT date FROM responses WHERE id NOT LIKE 'demo-%'"
            " AND id NOT LIKE 'paper-%'")}  # (paper answers are imported with their date)
        columns = [c[1] for c in conn.execute("PRAGMA table_info(responses)")]
    assert dates == {config.today().isoformat()}
    assert columns == ["id", "survey", "survey_version", "round_id", "unit", "date", "lang"]
