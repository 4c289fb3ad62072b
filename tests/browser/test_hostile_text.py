"""Survey, answer and staff texts full of Markdown, HTML, shortcodes and links (issue 8,
item 5: a survey's ``![](https://…)`` loaded a tracking pixel on every client device),
walked in real Chromium through every client screen on a phone and every staff screen
that shows them. On every screen: no request leaves the app's own server, no link or
picture points anywhere else, and each text reads exactly as it was written."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import pytest
import yaml
from _hostile_text import FOREIGN_REFERENCES, TRACKER_PIXEL, as_seen, hostile, hostile_line
from playwright.sync_api import expect

from analysis.text import mask_personal_data
from raati import auth, config
from raati.moderation import PAGE_SIZE
from raati.responses import build_answers
from raati.store import NewResponse, Store
from raati.surveys import load_survey

from .conftest import PHONE, Server, client_settled, log_in, wait_ready

PASSWORD = "H-" + secrets.token_urlsafe(12)
ADMIN = "vihamielinen-admin"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SURVEY_ID = "vihamielinen"
UNIT = "paja"
TEXT = {tag: hostile(tag) for tag in (
    "OTSIKKO", "JOHDANTO", "ASTEIKKO1", "ASTEIKKO2", "ASTEIKKO3", "ASTEIKKO4",
    "KYSYMYS1", "SELKO1", "KYSYMYS2", "VAIHTOEHTO2A", "VAIHTOEHTO2B",
    "KYSYMYS3", "VAIHTOEHTO3A", "VAIHTOEHTO3B", "KYSYMYS4", "VASTAUS", "KOMMENTTI")}
UNIT_NAME = hostile_line("YKSIKKO")
ROUND_NAMES = (hostile_line("KIERROS1"), hostile_line("KIERROS2"))
SURVEY = {
    "id": SURVEY_ID,
    "title": TEXT["OTSIKKO"],
    "intro": TEXT["JOHDANTO"],
    "scale": {p: TEXT[f"ASTEIKKO{p}"] for p in (1, 2, 3, 4)},
    "questions": [
        {"id": "arvio", "type": "likert", "text": TEXT["KYSYMYS1"], "easy": TEXT["SELKO1"],
         "comment": True},
        {"id": "valinta", "type": "choice", "text": TEXT["KYSYMYS2"],
         "options": [{"id": "a", "label": TEXT["VAIHTOEHTO2A"]},
                     {"id": "b", "label": TEXT["VAIHTOEHTO2B"]}]},
        {"id": "monta", "type": "multi", "text": TEXT["KYSYMYS3"],
         "options": [{"id": "a", "label": TEXT["VAIHTOEHTO3A"]},
                     {"id": "b", "label": TEXT["VAIHTOEHTO3B"]}]},
        {"id": "vapaa", "type": "text", "text": TEXT["KYSYMYS4"], "max_length": 3000},
    ],
}

@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A server of its own whose survey folder holds only the hostile survey."""
    root = tmp_path_factory.mktemp("hostile")
    srv = Server(root)
    srv.defs.mkdir()
    (srv.defs / f"{SURVEY_ID}.yaml").write_text(
        yaml.safe_dump(SURVEY, allow_unicode=True, sort_keys=False), encoding="utf-8")
    srv.start()
    store = Store(srv.db)
    auth.create_user(store, ADMIN, "admin", PASSWORD)
    store.ensure_unit(UNIT, UNIT_NAME)
    srv.rounds = [store.open_round(SURVEY_ID, UNIT, name=n) for n in ROUND_NAMES]
    yield srv
    srv.stop()


class Walk:
    """What one browser context saw: requests to other hosts, and per screen the
    foreign references in the DOM and the texts missing or altered."""

    def __init__(self, context, server):
        self.server_netloc = urlsplit(server.url).netloc
        self.requests: list[str] = []
        self.problems: list[str] = []
        context.on("request", self._request)

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.netloc != self.server_netloc:
            self.requests.append(request.url)

    def check(self, page, screen: str, texts: dict[str, str],
              charts: dict[str, str] | None = None) -> None:
        """``texts`` must read as written on the page (in its visible text, or as the
        chosen option of a selectbox, whose one-line box drops line breaks); ``charts``
        in the text of its plotly charts (wrapped there: compared without spaces)."""
        wait_ready(page)
        # An element whose code is still loading shows a skeleton until it is drawn.
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0)
        self.problems += [f"{screen}: {ref}" for ref in page.evaluate(FOREIGN_REFERENCES)]
        chosen = page.locator("input[role='combobox']").evaluate_all(
            "inputs => inputs.map(i => i.value)")
        seen = as_seen(" ".join([page.locator("body").inner_text(), *chosen]))
        for name, text in texts.items():
            if as_seen(text) not in seen and as_seen(text.replace("\n", "")) not in seen:
                self.problems.append(f"{screen}: {name} is not shown as written")
        if charts:
            drawn = "".join(page.locator(".js-plotly-plot .main-svg").all_text_contents())
            drawn = "".join(as_seen(drawn).split())
            for name, text in charts.items():
                if "".join(as_seen(text).split()) not in drawn:
                    self.problems.append(f"{screen}: chart text {name} is not shown as written")


def settled(page) -> None:
    client_settled(page)


def tap(page, selector: str) -> None:
    page.locator(selector).tap()
    settled(page)


def scale_labels() -> dict[str, str]:
    return {f"ASTEIKKO{p}": f"{p} – {TEXT[f'ASTEIKKO{p}']}" for p in (1, 2, 3, 4)}


def answer_on_a_phone(browser, server) -> Walk:
    context = browser.new_context(**PHONE)
    walk = Walk(context, server)
    page = context.new_page()
    page.goto(f"{server.url}/?r={server.rounds[0].token}")
    settled(page)
    walk.check(page, "start", {k: TEXT[k] for k in ("OTSIKKO", "JOHDANTO")})
    page.get_by_text("Selkokieli", exact=True).tap()
    settled(page)
    tap(page, ".st-key-start button")

    expect(page.locator(".raati-progress")).to_have_text("Kysymys 1 / 4")
    walk.check(page, "question 1 (easy language)", {"SELKO1": TEXT["SELKO1"], **scale_labels()})
    page.locator(".st-key-comment_arvio textarea").fill(TEXT["KOMMENTTI"])
    tap(page, ".st-key-scale_2_arvio [data-testid^='stBaseButton']")
    tap(page, ".st-key-next button")

    expect(page.locator(".raati-progress")).to_have_text("Kysymys 2 / 4")
    walk.check(page, "question 2 (choice)",
               {k: TEXT[k] for k in ("KYSYMYS2", "VAIHTOEHTO2A", "VAIHTOEHTO2B")})
    tap(page, ".st-key-opt_valinta_a [data-testid^='stBaseButton']")

    expect(page.locator(".raati-progress")).to_have_text("Kysymys 3 / 4")
    walk.check(page, "question 3 (multi)",
               {k: TEXT[k] for k in ("KYSYMYS3", "VAIHTOEHTO3A", "VAIHTOEHTO3B")})
    tap(page, ".st-key-multi_monta_a [data-testid='stCheckbox'] label >> nth=0")
    tap(page, ".st-key-next button")

    expect(page.locator(".raati-progress")).to_have_text("Kysymys 4 / 4")
    walk.check(page, "question 4 (text)", {"KYSYMYS4": TEXT["KYSYMYS4"]})
    page.locator(".st-key-text_vapaa textarea").fill(TEXT["VASTAUS"])
    tap(page, ".st-key-next button")

    expect(page.get_by_role("heading", level=1)).to_have_text("Valmis!")
    walk.check(page, "review", {})
    tap(page, ".st-key-send button")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos vastauksestasi!")
    walk.check(page, "thank-you", {})
    context.close()
    return walk


def add_answers(server) -> None:
    """Enough answers for every round to pass the minimum group (the one from the phone
    and four more in the first round, five in the second)."""
    store = Store(server.db)
    survey = load_survey(server.defs / f"{SURVEY_ID}.yaml")
    values = {"arvio": 3, "valinta": "b", "monta": ["a", "b"], "vapaa": TEXT["VASTAUS"]}
    for rnd, n in zip(server.rounds, (4, 5), strict=True):
        for _ in range(n):
            store.submit_response(NewResponse(
                survey=SURVEY_ID, date=config.today().isoformat(), lang="fi",
                answers=build_answers(survey, values, {"arvio": TEXT["KOMMENTTI"]}),
                survey_version=survey.version, unit=UNIT, round_id=rnd.id))


def approve_every_text(server) -> None:
    store = Store(server.db)
    for item in store.free_texts(SURVEY_ID, ["vapaa"]):
        store.moderate(item["response_id"], item["question"], item["kind"], "approved",
                       mask_personal_data(item["text"]), ADMIN)


def open_page(page, name: str, heading: str) -> None:
    """Open a staff page from the menu (the same browser session: no new login)."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible()
    wait_ready(page)


def staff_screens(browser, server) -> Walk:
    context = browser.new_context(**DESKTOP)
    walk = Walk(context, server)
    page = context.new_page()
    log_in(page, server, ADMIN, PASSWORD)
    wait_ready(page)

    open_page(page, "Moderointi", "Avointen vastausten moderointi")
    # Every text and comment waits: a page of cards at a time, with the rest counted.
    expect(page.locator("[class*='st-key-mod_card_']")).to_have_count(min(20, PAGE_SIZE))
    expect(page.get_by_text("20 odottaa · 0 hyväksytty · 0 piilotettu")).to_be_visible()
    walk.check(page, "moderation", {
        "KYSYMYS4": TEXT["KYSYMYS4"], "KYSYMYS1": TEXT["KYSYMYS1"],
        "VASTAUS": TEXT["VASTAUS"], "KOMMENTTI": TEXT["KOMMENTTI"]})
    approve_every_text(server)

    open_page(page, "Tulokset", "Tulokset")
    # The charts of every tab (only the open tab is drawn): the overview (likert, choice,
    # multi), the change between the two rounds and the units side by side.
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    walk.check(page, "results: overview", {"OTSIKKO": TEXT["OTSIKKO"]}, charts={
        k: TEXT[k] for k in (
            "KYSYMYS1", "KYSYMYS2", "KYSYMYS3", "ASTEIKKO1", "ASTEIKKO2", "ASTEIKKO3",
            "ASTEIKKO4", "VAIHTOEHTO2A", "VAIHTOEHTO2B", "VAIHTOEHTO3A", "VAIHTOEHTO3B")})
    tabs = page.get_by_role("tab")
    tabs.nth(1).click()
    wait_ready(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    walk.check(page, "results: change between rounds", {}, charts={
        "KIERROS1": ROUND_NAMES[0], "KIERROS2": ROUND_NAMES[1], "KYSYMYS1": TEXT["KYSYMYS1"]})
    tabs.nth(2).click()
    wait_ready(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    walk.check(page, "results: units side by side", {}, charts={"YKSIKKO": UNIT_NAME})
    tabs.nth(3).click()
    wait_ready(page)
    expect(page.get_by_role("tabpanel").get_by_test_id("stText").first).to_be_visible()
    walk.check(page, "results: what people wrote", {
        "KYSYMYS4": TEXT["KYSYMYS4"], "VASTAUS (approved)": mask_personal_data(TEXT["VASTAUS"]),
        "KOMMENTTI (approved)": mask_personal_data(TEXT["KOMMENTTI"])})
    tabs.nth(4).click()
    wait_ready(page)
    walk.check(page, "results: reports", {})

    open_page(page, "Kierrokset", "Keruukierrokset")
    walk.check(page, "rounds", {"OTSIKKO": TEXT["OTSIKKO"]})

    open_page(page, "Kyselyt", "Kyselyt")
    # Each survey's questions, read through (the survey list's "Lue kysymykset").
    readers = page.get_by_test_id("stExpander").filter(has_text="Lue kysymykset")
    for n in range(readers.count()):
        readers.nth(n).locator("summary").click()
        expect(readers.nth(n).get_by_test_id("stExpanderDetails")).to_be_visible()
    walk.check(page, "surveys", {k: TEXT[k] for k in (
        "OTSIKKO", "JOHDANTO", "KYSYMYS1", "SELKO1", "KYSYMYS2", "VAIHTOEHTO2A",
        "VAIHTOEHTO2B", "KYSYMYS3", "VAIHTOEHTO3A", "VAIHTOEHTO3B", "KYSYMYS4")})

    open_page(page, "Aineisto", "Aineisto: tuonti ja vienti")
    walk.check(page, "data export", {"OTSIKKO": TEXT["OTSIKKO"]})
    context.close()
    return walk


def test_hostile_survey_and_answers_show_as_text_and_load_nothing_from_elsewhere(
        browser, hostile_server):
    client = answer_on_a_phone(browser, hostile_server)
    add_answers(hostile_server)
    staff = staff_screens(browser, hostile_server)
    requests = client.requests + staff.requests
    problems = client.problems + staff.problems
    assert not requests and not problems, (
        f"{len(requests)} requests to other hosts, e.g. {requests[:3]} "
        f"({sum(TRACKER_PIXEL[5:-1] in r for r in requests)} of the tracking pixel); "
        f"{len(problems)} problems:\n" + "\n".join(problems))
