"""AppTest: a database that cannot be reached (PostgreSQL down or refusing, no pooled
connection in time, SQLite locked too long) gives a plain notice in the reader's
language, never Streamlit's English crash box; a client's answers stay to be sent again,
and sending again stores the response once."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import psycopg
import psycopg_pool
import pytest

from raati.store import Store
from raati.store.backend import unavailable_errors, unavailable_reason
from tests.test_app_answer import answer_the_scales, app_for, response_rows, tap

# What psycopg says when the server refuses the app's password: the log must not get
# the server's address or port from it.
REFUSED = ('connection failed: connection to server at "10.9.8.7", port 6543 failed: '
           'FATAL:  password authentication failed for user "raati"\nsecond line')


@pytest.fixture
def env(app_env):
    return app_env


def html_text(at) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def notices(at) -> str:
    return "\n".join(str(e.value) for e in at.error)


@pytest.fixture
def router_every_run(monkeypatch):
    """Every AppTest run goes through app.py, as on the server. (AppTest forgets between
    runs that app.py calls st.navigation, takes the app for an old pages/ folder app and,
    from the second run on, runs a page whose address matches a file in pages/ directly,
    without the router; a server does so at most on a process's first run.)"""
    from streamlit.commands.navigation import _navigation
    from streamlit.navigation.page import _create_page
    from streamlit.runtime.scriptrunner import script_runner

    def main_script_only(main_script_path: str) -> None:
        main = _create_page(Path(main_script_path).resolve(), default=True)
        _navigation([main], position="hidden", expanded=False).run()

    monkeypatch.setattr(script_runner, "_mpa_v1", main_script_only)


def outage(monkeypatch, method: str, error: BaseException) -> set:
    """Store.<method> raises ``error`` while the returned set is not empty (``.clear()``:
    the database is back)."""
    real = getattr(Store, method)
    down = {True}

    def patched(self, *args, **kwargs):
        if down:
            raise error
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, method, patched)
    return down


def to_review(at, title: str = "Valmis!"):
    """The viikkofiilis survey answered up to "Lähetä vastaus" (``title``: the review
    screen's title in the client's language)."""
    answer_the_scales(at)
    at.text_area(key="text_muuta").input("Hyvä viikko")
    tap(at, "next")
    assert at.title[0].value == title
    return at


def test_the_unreachable_errors_are_the_database_ones_and_never_control_flow():
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    from raati.store import StoreError

    errors = unavailable_errors()
    for exc in (psycopg.OperationalError("x"), psycopg_pool.PoolTimeout("x"),
                sqlite3.OperationalError("database is locked")):
        assert isinstance(exc, errors)
    for cls in (StoreError, RerunException, StopException, sqlite3.IntegrityError,
                psycopg.IntegrityError, ValueError):
        assert not issubclass(cls, errors)
    said = unavailable_reason(psycopg.OperationalError(REFUSED))
    assert said.startswith("OperationalError: connection failed")
    assert "password authentication failed" in said
    assert "10.9.8.7" not in said and "6543" not in said and "second line" not in said
    assert unavailable_reason(sqlite3.OperationalError("database is locked")) == \
        "OperationalError: database is locked"


def test_a_send_that_meets_an_unreachable_database_keeps_the_answers_to_send_again(
        env, tmp_path, monkeypatch, caplog):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    real = Store.submit_response
    sent_ids = []

    def unreachable_once(self, response):
        sent_ids.append(response.id)
        if len(sent_ids) == 1:
            raise psycopg.OperationalError(REFUSED)
        return real(self, response)

    monkeypatch.setattr(Store, "submit_response", unreachable_once)
    at = to_review(app_for(rnd.token))
    given = dict(at.session_state["flow"].values)
    assert given == {"viikko": 2, "apu": 2, "ryhma": 2, "tyo": 2, "muuta": "Hyvä viikko"}
    with caplog.at_level(logging.WARNING, logger="raati"):
        tap(at, "send")
    assert not at.exception
    # The same screen, a plain Finnish notice, the answers as they were, nothing stored.
    assert at.title[0].value == "Valmis!"
    assert "Vastausta ei voitu tallentaa" in notices(at)
    assert "”Lähetä vastaus”" in notices(at)
    flow = at.session_state["flow"]
    assert flow.values == given and not flow.submitted
    assert response_rows(tmp_path / "raati.db") == []
    assert not at.button(key="send").disabled
    # The server's log says what happened, never where the database is.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "raati")
    assert "OperationalError: connection failed" in logged
    assert "10.9.8.7" not in logged and "6543" not in logged
    # Sending again (the database is back) stores the response once.
    tap(at, "send")
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    assert len(response_rows(tmp_path / "raati.db")) == 1
    [response] = list(store.responses_with_answers("viikkofiilis"))
    assert sorted((a.question, a.value) for a in response["answers"]) == [
        ("apu", "2"), ("muuta", "Hyvä viikko"), ("ryhma", "2"), ("tyo", "2"), ("viikko", "2")]
    assert len(sent_ids) == 2 and sent_ids[0] == sent_ids[1] == response["id"]
    assert at.session_state["flow"].pending_id == ""  # the next person starts clean


def test_a_write_committed_before_the_connection_broke_is_not_stored_twice(
        env, tmp_path, monkeypatch):
    """The commit reached the database but its answer was lost: sending again finds the
    response (the same id) and thanks the client, with one response stored."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    real = Store.submit_response
    calls = []

    def lost_answer_once(self, response):
        calls.append(response.id)
        stored = real(self, response)
        if len(calls) == 1:
            raise psycopg.OperationalError("consuming input failed: server closed the connection")
        return stored

    monkeypatch.setattr(Store, "submit_response", lost_answer_once)
    at = to_review(app_for(rnd.token))
    tap(at, "send")
    assert "Vastausta ei voitu tallentaa" in notices(at)
    assert len(response_rows(tmp_path / "raati.db")) == 1
    tap(at, "send")
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    assert len(response_rows(tmp_path / "raati.db")) == 1
    assert calls[0] == calls[1]


def test_the_send_notice_is_in_the_clients_own_language(env, monkeypatch):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")

    def unreachable(self, response):
        raise psycopg_pool.PoolTimeout("couldn't get a connection after 8.00 sec")

    monkeypatch.setattr(Store, "submit_response", unreachable)
    at = app_for(rnd.token)
    tap(at, "lang_sv")
    to_review(at, "Klart!")
    tap(at, "send")
    assert not at.exception
    assert "Svaret kunde inte sparas" in notices(at)
    assert "”Skicka svaret”" in notices(at)


UNREACHABLE = [psycopg.OperationalError(REFUSED),
               psycopg_pool.PoolTimeout("couldn't get a connection after 8.00 sec"),
               sqlite3.OperationalError("database is locked")]


@pytest.mark.parametrize("error", UNREACHABLE, ids=lambda e: type(e).__module__)
def test_a_client_page_that_cannot_reach_the_database_says_so_plainly(
        env, monkeypatch, caplog, error):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")

    down = outage(monkeypatch, "round_by_token", error)
    with caplog.at_level(logging.WARNING, logger="raati"):
        at = app_for(rnd.token)
    assert not at.exception
    page = html_text(at)
    assert "Yhteys ei juuri nyt toimi" in page and 'role="alert"' in page
    assert 'lang="fi"' in page
    assert at.button(key="db_retry").label == "Yritä uudelleen"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "raati")
    assert type(error).__name__ in logged and "10.9.8.7" not in logged
    # The database is back: trying again opens the survey.
    down.clear()
    tap(at, "db_retry")
    assert not at.exception
    assert at.title[0].value.startswith("Viikkofiilis")
    assert "Yhteys ei juuri nyt toimi" not in html_text(at)


def test_answers_survive_a_page_that_could_not_reach_the_database(env, tmp_path, monkeypatch,
                                                                 router_every_run):
    """The tester's case: the send press's run fails already at the top of the page (the
    round cannot be read). The notice is in the client's language, and "try again" brings
    back the review screen with every answer, to send them."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(rnd.token)
    tap(at, "lang_en")
    to_review(at, "Done!")
    given = dict(at.session_state["flow"].values)

    down = outage(monkeypatch, "round_by_token",
                  psycopg_pool.PoolTimeout("couldn't get a connection after 8.00 sec"))
    tap(at, "send")
    assert not at.exception
    assert "The connection is not working right now" in html_text(at)
    assert 'lang="en"' in html_text(at)
    assert response_rows(tmp_path / "raati.db") == []
    down.clear()
    tap(at, "db_retry")
    assert at.title[0].value == "Done!"
    assert at.session_state["flow"].values == given
    tap(at, "send")
    assert not at.exception
    assert len(response_rows(tmp_path / "raati.db")) == 1


def test_a_staff_page_that_cannot_reach_the_database_says_so_plainly(env, monkeypatch):
    store, _ = env
    at = app_for(None, login=(store, "admin"), page="pages/rounds.py")
    assert not at.exception

    down = outage(monkeypatch, "rounds", psycopg.OperationalError(REFUSED))
    at.run()
    assert not at.exception
    assert "Yhteys ei juuri nyt toimi" in html_text(at)
    assert at.button(key="db_retry")
    down.clear()
    tap(at, "db_retry")
    assert not at.exception
    assert "Yhteys ei juuri nyt toimi" not in html_text(at)


def test_a_staff_visit_when_not_even_the_login_can_be_checked(env, monkeypatch):
    """A process started with a wrong password: who is logged in cannot be read. The
    notice (in the selected staff language), no menu, no page, no crash."""
    store, _ = env

    down = outage(monkeypatch, "claim", psycopg.OperationalError(REFUSED))
    from raati import ui

    ui.first_start.clear()
    at = app_for(None)
    assert not at.exception
    assert "Yhteys ei juuri nyt toimi" in html_text(at)
    assert not at.text_input  # no login form: it could not be checked anyway
    down.clear()
    tap(at, "db_retry")
    assert not at.exception
    assert "Yhteys ei juuri nyt toimi" not in html_text(at)
