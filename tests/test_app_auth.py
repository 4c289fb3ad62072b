"""AppTest: staff pages need a login, each role sees exactly its pages and units, and
clients never log in."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raati import auth
from raati.routes import ROUTES
from raati.store import Store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
# A fresh random password per run: no credential is written in the repository.
PASSWORD = "T-" + secrets.token_urlsafe(12)
STAFF_ONLY_MARKERS = {  # something only the page itself shows
    "pages/home.py": "Tervetuloa Raatiin",
    "pages/rounds.py": "Keruukierrokset",
    "pages/results.py": "Tulokset",
    "pages/moderation.py": "Avointen vastausten moderointi",
    "pages/data.py": "Aineisto: tuonti ja vienti",
    "pages/surveys.py": "Kyselyt",
    "pages/account.py": "Oma tili",
    "pages/users.py": "Käyttäjät",
    "pages/audit.py": "Tapahtumaloki",
    "pages/panels.py": "Avaa uusi raati",
    "pages/panel_screen.py": "Avaa raati Raadit-sivulla",
    "pages/actions.py": "Te sanoitte – me teimme",
    "pages/presentation.py": "Esitys päättäjäisiin",
}


@pytest.fixture
def env(app_env):
    store, _ = app_env
    # An account exists, so the app does not create the first admin in these tests.
    auth.create_user(store, "admin", "admin", PASSWORD)
    return store


def everything(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.markdown]
    parts += [e.value for e in at.error] + [e.value for e in at.subheader]
    parts += [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.code] + [e.label for e in at.expander]
    parts += [str(df.value.to_dict()) for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


def has_password_field(at: AppTest) -> bool:
    return any(ti.proto.type == ti.proto.PASSWORD for ti in at.text_input)


def open_as(store: Store, role: str | None, page: str | None = None,
            units=("puupaja",)) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if role is not None:
        user = store.user_by_name(f"{role}-x") or auth.create_user(
            store, f"{role}-x", role, PASSWORD, units)
        at.session_state["session_token"] = auth.start_session(store, user)
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def login(at: AppTest, name: str, password: str) -> AppTest:
    """Log in with the staff login form (on the front page it comes after the panel join
    box, so its fields are found by their labels)."""
    next(i for i in at.text_input if i.label == "Käyttäjätunnus").input(name)
    next(i for i in at.text_input if i.label == "Salasana").input(password)
    return next(b for b in at.button if b.label == "Kirjaudu").click().run()


def test_the_front_page_offers_the_panel_join_box_first_then_the_staff_login(env):
    """A client who typed only the app's address lands on the front page: "Liity
    asiakasraatiin" comes before "Kirjaudu sisään – Tämä sivu on henkilöstölle", and the
    staff login under it still works."""
    at = open_as(env, None)
    assert not at.exception
    order = []
    for node in at.main:
        kind = getattr(node, "type", "")
        if kind in ("title", "subheader"):
            order.append(f"{kind}:{node.value}")
        elif kind == "text_input":
            order.append(f"input:{node.label}")
    join = order.index("subheader:🗳️ Liity asiakasraatiin")
    assert order[join + 1] == "input:Raadin koodi (6 merkkiä)"
    assert join < order.index("title:Kirjaudu sisään") < order.index("input:Käyttäjätunnus")
    assert order[0] == "subheader:🗳️ Liity asiakasraatiin"  # the very first thing
    login(at, "admin", PASSWORD)
    assert not at.exception
    assert at.title[0].value == "Tervetuloa Raatiin"
    assert not [i for i in at.text_input if i.key == "front_panel_code"]  # staff: no box


def test_no_account_at_all_creates_the_first_admin(tmp_path, monkeypatch, capsys):
    db = tmp_path / "first.db"
    monkeypatch.setenv("RAATI_DB", str(db))
    monkeypatch.setenv("RAATI_DEFS", str(REPO / "survey_defs"))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(APP, default_timeout=30).run()
    printed = capsys.readouterr().out
    assert "one-time password:" in printed
    password = printed.split("one-time password:")[1].split()[0]
    # The login page says where that password is (issue 11 item 12).
    assert "admin" in at.info[0].value and "lokiin" in at.info[0].value
    store = Store(db)
    [admin] = store.users()
    assert (admin.name, admin.role, admin.must_change) == ("admin", "admin", True)
    assert auth.verify_password(admin.password_hash, password)
    assert password.encode() not in db.read_bytes()
    # Logging in with it asks for a new password before anything else.
    login(at, "admin", password)
    assert at.title[0].value == "Vaihda salasana"
    at.text_input[0].input("Uusi-hyvä-salasana-77")
    at.text_input[1].input("Uusi-hyvä-salasana-77")
    at.button[0].click().run()
    assert at.title[0].value == "Tervetuloa Raatiin"
    assert not store.user_by_name("admin").must_change
    assert [e.action for e in store.audit_entries()][:2] == ["password_change", "login"]
    # Once the first admin has logged in, the login page no longer says it.
    assert not auth.first_admin_waiting(store)
    again = AppTest.from_file(APP, default_timeout=30).run()
    assert not again.info and has_password_field(again)


@pytest.mark.parametrize("route", [r for r in ROUTES if "public" not in r.roles],
                         ids=lambda r: r.path)
def test_not_logged_in_every_staff_page_shows_only_a_login_form(env, route):
    env.open_round("asiakaskysely", "puupaja", name="SALAINEN-KIERROS")
    at = open_as(env, None, route.page)
    assert not at.exception
    assert [t.value for t in at.title] == ["Kirjaudu sisään"]
    assert has_password_field(at)
    text = everything(at)
    assert STAFF_ONLY_MARKERS[route.page] not in text
    assert "SALAINEN-KIERROS" not in text and "?r=" not in text
    assert not at.dataframe


def test_login_with_the_form_and_a_wrong_password(env):
    at = open_as(env, None)
    login(at, "admin", "väärä-salasana")
    assert "Käyttäjätunnus tai salasana on väärin." in everything(at)
    assert has_password_field(at)
    login(at, "admin", PASSWORD)
    assert at.title[0].value == "Tervetuloa Raatiin"
    assert [e.action for e in env.audit_entries()][0] == "login"


def test_repeated_failures_lock_the_account_with_a_clear_message(env):
    at = open_as(env, None)
    for _ in range(auth.FREE_FAILURES + 1):
        login(at, "admin", "väärä-salasana")
    assert "Liian monta väärää yritystä. Odota" in everything(at)
    login(at, "admin", PASSWORD)  # even the right password waits
    assert "Liian monta väärää yritystä" in everything(at)
    assert has_password_field(at)


def test_an_attacker_cannot_lock_staff_out_of_their_usual_browser(env):
    """OWASP device cookies: guesses from unknown browsers lock only unknown browsers."""
    at = open_as(env, None)
    login(at, "admin", PASSWORD)  # yesterday, on the office browser: it gets a device cookie
    device = at.session_state["device_token"]
    assert device and env.device_cookie(hashlib.sha256(device.encode()).hexdigest())
    # an attacker's guesses from browsers of their own lock the account for unknown ones
    for i in range(auth.FREE_FAILURES + 1):
        auth.authenticate(env, "admin", "arvaus", f"hyökkääjä-{i}")
    unknown = open_as(env, None)
    login(unknown, "admin", PASSWORD)
    text = everything(unknown)
    assert "Liian monta väärää yritystä. Odota" in text
    assert "Selaimella, jolla olet aiemmin kirjautunut Raatiin" in text
    assert has_password_field(unknown)
    # the office browser, sending its device cookie, logs in at once with the password
    office = AppTest.from_file(APP, default_timeout=30)
    office.session_state["device_token"] = device
    office.run()
    login(office, "admin", PASSWORD)
    assert office.title[0].value == "Tervetuloa Raatiin"
    assert office.session_state["device_token"] != device  # a new one at every login
    # the attacker's lock on unknown browsers stays
    with sqlite3.connect(env.path) as conn:
        keys = {k for (k,) in conn.execute("SELECT key FROM login_failures")}
    assert "user:admin" in keys


ALLOWED = {
    "admin": {r.page for r in ROUTES},
    "staff": {r.page for r in ROUTES if "staff" in r.roles or "public" in r.roles},
    "developer-client": {r.page for r in ROUTES
                         if "developer-client" in r.roles or "public" in r.roles},
}


@pytest.mark.parametrize("role", ["admin", "staff", "developer-client"])
def test_each_role_opens_exactly_its_pages(env, role):
    for route in ROUTES:
        if route.page == "pages/answer.py":
            continue
        at = open_as(env, role, route.page)
        assert not at.exception, (role, route.path)
        text = everything(at)
        if route.page in ALLOWED[role]:
            assert "Sinulla ei ole oikeutta" not in text, (role, route.path)
            if route.page in STAFF_ONLY_MARKERS:
                assert STAFF_ONLY_MARKERS[route.page] in text, (role, route.path)
        else:
            assert "Sinulla ei ole oikeutta tälle sivulle." in text, (role, route.path)
            assert not at.dataframe and not at.download_button, (role, route.path)
            assert not at.get("plotly_chart"), (role, route.path)


def test_home_links_only_to_the_pages_of_the_role(env):
    dev = [p.proto.label for p in open_as(env, "developer-client").get("page_link")]
    staff = [p.proto.label for p in open_as(env, "staff").get("page_link")]
    assert dev == ["Tulokset"]
    assert staff == ["Kierrokset ja QR-koodit", "Tulokset"]


def test_staff_sees_only_their_units_rounds(env):
    mine = env.open_round("viikkofiilis", "puupaja", name="OMA")
    other = env.open_round("viikkofiilis", "ompelimo", name="VIERAS")
    at = open_as(env, "staff", "pages/rounds.py")
    text = everything(at)
    assert mine.token in text and other.token not in text
    assert "VIERAS" not in text


def test_developer_client_sees_aggregates_of_their_units_only(env):
    from raati.demo import fill_demo

    fill_demo(env, REPO / "survey_defs")
    at = open_as(env, "developer-client", "pages/results.py", units=("ompelimo",))
    # Developer-clients read the plain-language view (issue 14), drawn as HTML.
    text = everything(at) + "\n".join(h.proto.body for h in at.get("html"))
    # ompelimo has 9 + 3 asiakaskysely responses in the demo (spring and autumn); the
    # autumn round's 3 are under the minimum and left out; puupaja's 25 are not theirs.
    assert "9 vastausta" in text
    # 3 left out, under the minimum: the page does not tell the small group's size.
    assert "3 vastausta" not in text and "12 vastausta" not in text
    assert "25 vastausta" not in text and "37 vastausta" not in text
    # Only aggregated reports to download, no raw export.
    assert {b.key for b in at.download_button} <= {"dl_pdf", "dl_pptx", "dl_agg"}
    # No unmoderated free text is ever shown.
    assert "Soittakaa minulle" not in text


def test_a_disabled_account_is_logged_out_on_its_next_run(env):
    at = open_as(env, "staff", "pages/rounds.py")
    assert at.title[0].value == "Keruukierrokset"
    env.update_user(env.user_by_name("staff-x").id, disabled=True)
    at.run()
    assert at.title[0].value == "Kirjaudu sisään"


def test_idle_session_ends(env, monkeypatch):
    at = open_as(env, "staff")
    assert at.title[0].value == "Tervetuloa Raatiin"
    with sqlite3.connect(env.path) as conn:
        conn.execute("UPDATE sessions SET last_seen = ?", [time.time() - 31 * 60])
    at.run()
    assert at.title[0].value == "Kirjaudu sisään"
    with sqlite3.connect(env.path) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_logout_ends_the_session(env):
    at = open_as(env, "staff")
    at.sidebar.button(key="logout").click().run()
    assert at.title[0].value == "Kirjaudu sisään"
    with sqlite3.connect(env.path) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    assert [e.action for e in env.audit_entries()][0] == "logout"


def test_admin_adds_a_user_and_sees_the_one_time_password_once(env):
    at = open_as(env, "admin", "pages/users.py")
    at.text_input(key="new_user_name").input("maija")
    at.selectbox(key="new_user_role").set_value("developer-client")
    at.button(key="FormSubmitter:add_user-Lisää").click().run()
    assert not at.exception
    [password] = [c.value for c in at.code]
    user = env.user_by_name("maija")
    assert (user.role, user.must_change) == ("developer-client", True)
    assert auth.verify_password(user.password_hash, password)
    at.run()
    assert password not in everything(at)  # shown once only
    entry = env.audit_entries()[0]
    assert (entry.actor, entry.action, entry.target) == ("admin-x", "user_add", "maija")


def test_staff_export_is_logged_and_limited_to_their_units(env):
    from raati.store import Answer, NewResponse

    for unit in ("puupaja", "ompelimo"):
        env.submit_response(NewResponse(survey="viikkofiilis", date="2026-11-02", lang="fi",
                                        answers=(Answer("viikko", "value", "3"),), unit=unit))
    at = open_as(env, "staff", "pages/data.py")
    assert len(at.download_button) == 3
    from raati.surveys import find_survey
    from raati.transfer import export_bytes

    data = export_bytes(env, find_survey(REPO / "survey_defs", "viikkofiilis"), "csv",
                        units=["puupaja"])
    assert b"puupaja" in data and b"ompelimo" not in data


def test_client_round_link_needs_no_login(env):
    rnd = env.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.run()
    assert at.title[0].value.startswith("Viikkofiilis")
    assert not has_password_field(at)


def test_staff_set_kiosk_mode_with_a_pin(env):
    rnd = env.open_round("viikkofiilis", "puupaja")
    at = open_as(env, "staff", "pages/rounds.py")
    assert any(f"?r={rnd.token}&kiosk={rnd.kiosk_token}" in c.value for c in at.code)
    form_inputs = [ni for ni in at.number_input]
    form_inputs[0].set_value(7)
    form_inputs[1].set_value(45)
    [pin] = [ti for ti in at.text_input if ti.label.startswith("Uusi PIN-koodi")]
    pin.input("24680")
    [always] = [c for c in at.checkbox if c.label.startswith("Kierroksen linkki")]
    always.check()
    at.button(key=f"FormSubmitter:kiosk_{rnd.id}-Tallenna").click().run()
    assert not at.exception
    got = env.round_by_id(rnd.id)
    assert (bool(got.kiosk), got.kiosk_thanks_s, got.kiosk_idle_s) == (True, 7, 45)
    assert auth.verify_password(got.kiosk_pin_hash, "24680")
    assert env.audit_entries()[0].action == "kiosk_set"
