"""The staff login cookies in real Chromium: set by the server (serve.py's cookie route)
HttpOnly and SameSite=Strict, so the page's JavaScript never sees them; the login still
survives a reload; logging out clears the session cookie; and the device cookie keeps a
staff member's usual browser in while an attacker has locked unknown browsers out."""

from __future__ import annotations

import secrets
import time

import pytest
from playwright.sync_api import expect

from raati import auth
from raati.store import Store

from .conftest import TABLET, wait_for_login_cookie, wait_ready
from .conftest import log_in as login

PASSWORD = "C-" + secrets.token_urlsafe(12)  # a fresh random password per run


@pytest.fixture(scope="module")
def staff(server):
    store = Store(server.db)
    for name in ("keksi-staff", "keksi-lukko"):
        if store.user_by_name(name) is None:
            auth.create_user(store, name, "staff", PASSWORD, ("puupaja",))
    return store


def log_in(page, server, name: str) -> None:
    login(page, server, name, PASSWORD)


def by_name(context) -> dict[str, dict]:
    return {c["name"]: c for c in context.cookies()}


def test_login_cookies_are_httponly_and_survive_a_reload(browser, server, staff):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    log_in(page, server, "keksi-staff")
    session = wait_for_login_cookie(page)
    cookies = by_name(context)
    device = cookies["raati_device"]
    for cookie in (session, device):
        assert cookie["httpOnly"] is True, cookie["name"]
        assert cookie["sameSite"] == "Strict", cookie["name"]
        assert cookie["path"] == "/"
        assert cookie["secure"] is False  # plain http here; Secure on https
    assert session["expires"] == -1  # ends with the browser
    assert device["expires"] > 0
    # no script on the page can read them
    visible = page.evaluate("document.cookie")
    assert "raati_session" not in visible and "raati_device" not in visible
    assert session["value"] not in visible and device["value"] not in visible
    # the login survives a reload and opening a page by its address (new Streamlit sessions)
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa Raatiin")
    expect(page.locator("input[type='password']")).to_have_count(0)
    page.goto(server.url + "/kierrokset")
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Keruukierrokset")
    # logging out clears the session cookie (server-side too); the device cookie stays
    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    wait_for_login_cookie(page, present=False)
    assert by_name(context)["raati_device"]["value"] == device["value"]
    page.reload()
    wait_ready(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    context.close()


def test_usual_browser_gets_in_while_unknown_browsers_are_locked(browser, server, staff):
    usual = browser.new_context(**TABLET)
    page = usual.new_page()
    log_in(page, server, "keksi-lukko")
    wait_for_login_cookie(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    wait_for_login_cookie(page, present=False)
    # an attacker guesses from browsers of their own until unknown browsers are locked,
    # waiting out each lock (here: jumping the clock) until the lock is long enough to
    # outlast this test on a slow machine
    now = time.time()
    for i in range(auth.FREE_FAILURES + 6):
        result = auth.authenticate(staff, "keksi-lukko", "arvaus", f"hyökkääjä-{i}", now=now)
        now += result.wait_s
    assert now - time.time() > 60  # the last lock holds for minutes from here
    # a browser that never logged in to the account waits, with the hint
    other = browser.new_context(**TABLET)
    page2 = other.new_page()
    page2.goto(server.url + "/")
    wait_ready(page2)
    page2.get_by_label("Käyttäjätunnus").fill("keksi-lukko")
    page2.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page2.get_by_role("button", name="Kirjaudu").click()
    expect(page2.get_by_text("Selaimella, jolla olet aiemmin kirjautunut")).to_be_visible()
    other.close()
    # the usual browser, in a new page load (the device cookie comes from the browser)
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_label("Käyttäjätunnus").fill("keksi-lukko")
    page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa Raatiin")
    usual.close()
