"""Every path of `raati routes`, opened in real Chromium unauthenticated and as each
role: each role sees exactly what it may, and without a login a staff page shows a
login form (a password field) and none of the page's data."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from raati import auth
from raati.store import Store

from .conftest import TABLET, wait_for_login_cookie, wait_ready
from .conftest import log_in as login

# A fresh random password per run: no credential is written in the repository.
PASSWORD = "S-" + secrets.token_urlsafe(12)
ROLE_USERS = {"admin": "r-admin", "staff": "r-staff", "developer-client": "r-dev"}
HEADINGS = {
    "/vastaa": "Kyselyä ei löytynyt",
    "/tietoa": "Raati",
    "/teimme": "Sivua ei löytynyt",  # without ?u=UNIT: says so, never the login
    "/": "Tervetuloa Raatiin",
    "/kierrokset": "Keruukierrokset",
    "/tulokset": "Tulokset",
    "/moderointi": "Avointen vastausten moderointi",
    "/aineisto": "Aineisto: tuonti ja vienti",
    "/kyselyt": "Kyselyt",
    "/tili": "Oma tili",
    "/kayttajat": "Käyttäjät",
    "/loki": "Tapahtumaloki",
    "/raati": "Liity asiakasraatiin",
    "/raadit": "Asiakasraadit",
    # The shared screen's heading is the shown session's title (of a session other tests
    # opened in this server's database), else the page's name: see expected_heading.
    "/raatinaytto": "Raatinäyttö",
    "/toimenpiteet": "Toimenpiteet",
    "/esitys": "Esitys päättäjäisiin",
}
SECRET_ROUND_NAME = "SALAINEN-KIERROS"


def routes() -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "raati.cli", "routes", "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def accounts(server):
    store = Store(server.db)
    for role, name in ROLE_USERS.items():
        if store.user_by_name(name) is None:
            auth.create_user(store, name, role, PASSWORD, ("puupaja",))
    rnd = store.open_round("asiakaskysely", "puupaja", name=SECRET_ROUND_NAME)
    return rnd


def expected_heading(server, path: str):
    """The page's heading: HEADINGS[path], or on the shared screen also the title of any
    session in the database (it shows the first open one of the person's units), with
    the count of ideas on its line in the ideas phase."""
    if path != "/raatinaytto":
        return HEADINGS[path]
    titles = [HEADINGS[path]] + [p.title for p in Store(server.db).panels()]
    # in the ideas phase the count of ideas stands on the title's line ("1 idea")
    return re.compile("^(" + "|".join(re.escape(t) for t in titles) + r")(\d+ ideaa?)?$")


def heading_named(page, name):
    """A heading with exactly this name (a string) or matching this pattern."""
    if isinstance(name, re.Pattern):
        return page.get_by_role("heading", name=name)
    return page.get_by_role("heading", name=name, exact=True)


def password_fields(page):
    return page.locator("input[type='password']")


def test_routes_lists_every_page_once():
    paths = [r["path"] for r in routes()]
    assert sorted(paths) == sorted(HEADINGS)
    public = {r["path"] for r in routes() if "public" in r["roles"]}
    assert public == {"/vastaa", "/raati", "/teimme", "/tietoa"}


def test_unauthenticated_visits(browser, server, accounts):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    for route in routes():
        page.goto(server.url + route["path"])
        wait_ready(page)
        body = page.locator("body")
        if "public" in route["roles"]:
            expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[route["path"]])
            expect(password_fields(page)).to_have_count(0)
        else:
            expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
            expect(password_fields(page)).to_have_count(1)
            expect(heading_named(page, HEADINGS[route["path"]])).to_have_count(0)
            expect(body).not_to_contain_text(SECRET_ROUND_NAME)
            expect(body).not_to_contain_text(accounts.token)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
            expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    context.close()


def log_in(page, server, name: str) -> None:
    login(page, server, name, PASSWORD)


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_sees_exactly_its_pages(browser, server, accounts, role):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    log_in(page, server, ROLE_USERS[role])
    # The login survives opening a page by its address (a new Streamlit session).
    wait_for_login_cookie(page)  # HttpOnly: not in document.cookie
    for route in routes():
        page.goto(server.url + route["path"])
        wait_ready(page)
        body = page.locator("body")
        expect(page.get_by_role("heading", name="Kirjaudu sisään")).to_have_count(0)
        expect(page.locator("html")).to_have_attribute("lang", "fi")  # WCAG 3.1.1
        if route["path"] not in ("/vastaa", "/raati", "/teimme"):  # staff pages number runs
            expect(page.locator("[data-raati-run]")).to_have_count(1)
        if "public" in route["roles"] or role in route["roles"]:
            expect(page.get_by_role("heading", level=1)).to_have_text(
                expected_heading(server, route["path"]))
            expect(body).not_to_contain_text("Sinulla ei ole oikeutta")
        else:
            expect(body).to_contain_text("Sinulla ei ole oikeutta tälle sivulle.")
            expect(heading_named(page, expected_heading(server, route["path"]))
                   ).to_have_count(0)
            expect(body).not_to_contain_text(accounts.token)
            expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    # Staff see the round's answer link; a developer-client never does.
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    expect(page.locator("body")).not_to_contain_text(accounts.token)
    context.close()


def test_logging_out_ends_the_login_for_every_page(browser, server, accounts):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    log_in(page, server, ROLE_USERS["staff"])
    wait_for_login_cookie(page)  # HttpOnly: not in document.cookie
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    page.goto(server.url + "/kierrokset")
    wait_ready(page)
    expect(password_fields(page)).to_have_count(1)
    expect(page.locator("body")).not_to_contain_text(accounts.token)
    context.close()
