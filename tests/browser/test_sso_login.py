"""Single sign-on end to end: Streamlit's st.login against a local OpenID Connect
provider (oidc-provider-mock), with the claims mapped to a role and units."""

from __future__ import annotations

import shutil

import oidc_provider_mock
import pytest
from playwright.sync_api import expect

from raati.store import Store

from .conftest import REPO, TABLET, Server, _free_port, wait_ready


@pytest.fixture(scope="module")
def provider():
    users = [
        oidc_provider_mock.User(sub="matti", claims={
            "email": "matti@kunta.example", "groups": ["puupaja-ohjaajat"]}),
        oidc_provider_mock.User(sub="ulkopuolinen", claims={
            "email": "ulko@muu.example", "groups": ["kirjasto"]}),
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory, provider):
    root = tmp_path_factory.mktemp("sso")
    port = _free_port()
    secrets = root / "secrets.toml"
    secrets.write_text(f"""
[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "test-cookie-secret-for-raati-sso-only"
client_id = "raati"
client_secret = "raati-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[[raati_sso.rules]]
claim = "groups"
value = "puupaja-ohjaajat"
role = "staff"
units = ["puupaja"]
""", encoding="utf-8")
    srv = Server(root, extra_args=("--secrets.files", str(secrets)))
    srv.port = port
    srv.url = f"http://localhost:{port}"
    shutil.copytree(REPO / "survey_defs", srv.defs)
    srv.start()
    yield srv
    srv.stop()


def sign_in(page, srv, sub: str) -> None:
    page.goto(srv.url + "/")
    wait_ready(page)
    page.get_by_role("button", name="Kirjaudu organisaation tunnuksella").click()
    # The provider's own page: one click on a predefined user authorizes.
    page.get_by_role("button", name=sub).click()
    page.wait_for_url(f"{srv.url}/**")
    wait_ready(page)


def test_sso_login_maps_claims_to_role_and_units(browser, sso_server):
    store = Store(sso_server.db)
    rnd = store.open_round("viikkofiilis", "puupaja", name="PUUPAJAN-KIERROS")
    other = store.open_round("viikkofiilis", "ompelimo", name="OMPELIMON-KIERROS")
    context = browser.new_context(**TABLET)
    page = context.new_page()
    sign_in(page, sso_server, "matti")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa Raatiin")
    user = store.user_by_name("matti@kunta.example")
    assert (user.role, user.units, user.password_hash) == ("staff", ("puupaja",), None)
    page.goto(sso_server.url + "/kierrokset")
    wait_ready(page)
    expect(page.locator("body")).to_contain_text(rnd.token)
    expect(page.locator("body")).not_to_contain_text(other.token)
    page.goto(sso_server.url + "/kayttajat")
    wait_ready(page)
    expect(page.locator("body")).to_contain_text("Sinulla ei ole oikeutta tälle sivulle.")
    context.close()


def test_sso_login_without_a_matching_rule_gets_no_access(browser, sso_server):
    context = browser.new_context(**TABLET)
    page = context.new_page()
    sign_in(page, sso_server, "ulkopuolinen")
    expect(page.get_by_text("Organisaatiotunnuksellasi ei ole oikeutta Raatiin")).to_be_visible()
    expect(page.locator("input[type='password']")).to_have_count(1)
    assert Store(sso_server.db).user_by_name("ulko@muu.example") is None
    context.close()
