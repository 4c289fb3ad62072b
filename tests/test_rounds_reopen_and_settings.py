"""Issue 11: opening a round once, reopening it (store, CLI), the settings table, the
public address of links (check, order, reach) and guarded moderation decisions."""

from __future__ import annotations

import datetime as dt

import pytest

from raati import config
from raati.cli import main
from raati.maintenance import close_round, reopen_round
from raati.store import Answer, DuplicateRound, NewResponse, StoreError


def test_an_identical_round_today_is_refused_only_when_asked(store):
    first = store.open_round("s", "puupaja", name=" Kevät ")
    with pytest.raises(DuplicateRound) as refused:
        store.open_round("s", "puupaja", name="Kevät", refuse_duplicate=True)
    assert refused.value.round_id == first.id
    # Another name, unit or survey is another round; the CLI may still open twins.
    store.open_round("s", "puupaja", name="Kevät 2", refuse_duplicate=True)
    store.open_round("s", "ompelimo", name="Kevät", refuse_duplicate=True)
    store.open_round("t", "puupaja", name="Kevät", refuse_duplicate=True)
    store.open_round("s", "puupaja", name="Kevät")
    assert len(store.rounds()) == 5


def test_reopen_a_closed_round(store):
    rnd = store.open_round("s", "puupaja", opens="2020-01-01", closes="2099-01-01")
    close_round(store, rnd, "tester")
    assert store.round_by_id(rnd.id).status() == "closed"
    reopen_round(store, rnd, "tester")
    again = store.round_by_id(rnd.id)
    assert (again.status(), again.closes) == ("open", None)
    entry = store.audit_entries(action="round_reopen")[0]
    assert (entry.actor, entry.target) == ("tester", f"round {rnd.id}")
    later = (config.today() + dt.timedelta(days=7)).isoformat()
    store.reopen_round(rnd.id, later)
    assert store.round_by_id(rnd.id).closes == later
    with pytest.raises(StoreError, match="in the past"):
        store.reopen_round(rnd.id, "2020-06-01")
    with pytest.raises(StoreError, match="no round"):
        store.reopen_round(9999)


def test_a_round_closed_before_it_opened_reopens_on_its_first_day(store):
    ahead = (config.today() + dt.timedelta(days=3)).isoformat()
    rnd = store.open_round("s", "puupaja", opens=ahead)
    store.close_round(rnd.id)
    assert store.round_by_id(rnd.id).status() == "closed"
    store.reopen_round(rnd.id)
    assert store.round_by_id(rnd.id).status() == "not_yet_open"


def test_cli_round_reopen(tmp_path, capsys, clean_env):
    from raati.store import Store

    db = tmp_path / "r.db"
    store = Store(db)
    rnd = store.open_round("s", "puupaja", opens="2020-01-01")
    assert main(["round", "close", "--round", str(rnd.id), "--db", str(db)]) == 0
    assert main(["round", "reopen", "--round", str(rnd.id), "--db", str(db)]) == 0
    assert "reopened (open; last day of answering none)" in capsys.readouterr().out
    assert Store(db).round_by_id(rnd.id).status() == "open"
    assert main(["round", "reopen", "--round", str(rnd.id), "--closes", "2020-02-02",
                 "--db", str(db)]) == 1
    assert "in the past" in capsys.readouterr().err
    assert main(["round", "reopen", "--round", "77", "--db", str(db)]) == 1


def test_settings_are_stored_and_removed(store):
    assert store.setting("public_base_url") is None
    store.set_setting("public_base_url", "https://a.fi")
    store.set_setting("public_base_url", "https://b.fi")
    assert store.setting("public_base_url") == "https://b.fi"
    store.set_setting("public_base_url", None)
    assert store.setting("public_base_url") is None
    assert store.table_columns()["settings"] == ["key", "value"]


@pytest.mark.parametrize(("raw", "key"), [
    ("raati.kunta.fi", "base_url_bad_scheme"), ("ftp://x.fi", "base_url_bad_scheme"),
    ("javascript:alert(1)", "base_url_bad_scheme"), ("https://", "base_url_no_host"),
    ("https://x.fi:port", "base_url_no_host"), ("https://a b.fi", "base_url_bad_part"),
    ("https://u:p@x.fi", "base_url_bad_part"), ("https://x.fi/?r=1", "base_url_bad_part"),
    ("https://x.fi/#a", "base_url_bad_part"), ("https://x.fi/" + "a" * 200, "base_url_too_long"),
])
def test_a_bad_public_address_is_refused_with_its_sentence(raw, key):
    with pytest.raises(config.BaseUrlError) as refused:
        config.check_base_url(raw)
    assert refused.value.key == key
    from raati.i18n import MESSAGES

    assert key in MESSAGES


def test_a_good_public_address_is_normalised():
    assert config.check_base_url(" https://raati.kunta.fi/ ") == "https://raati.kunta.fi"
    assert config.check_base_url("http://10.0.0.5:8501/raati") == "http://10.0.0.5:8501/raati"


def test_the_order_of_addresses(monkeypatch):
    monkeypatch.delenv("RAATI_BASE_URL", raising=False)
    assert config.resolve_base_url(None, None) == ("http://localhost:8501", "default")
    assert config.resolve_base_url(None, "http://b:1") == ("http://b:1", "browser")
    assert config.resolve_base_url("https://s.fi", "http://b:1") == ("https://s.fi", "stored")
    monkeypatch.setenv("RAATI_BASE_URL", "https://env.fi/")
    assert config.resolve_base_url("https://s.fi", "http://b:1") == ("https://env.fi", "env")


@pytest.mark.parametrize(("url", "reach"), [
    ("http://localhost:8501", "loopback"), ("http://127.0.0.1:8501", "loopback"),
    ("http://[::1]:8501", "loopback"), ("http://0.0.0.0:8501", "loopback"),
    ("http://app.localhost", "loopback"), ("http://192.168.1.5:8501", "private"),
    ("http://10.1.2.3", "private"), ("http://172.20.0.1", "private"),
    ("http://[fd00::1]", "private"), ("http://169.254.1.1", "private"),
    ("http://raati:8501", "private"), ("http://raati.local", "private"),
    ("https://raati.kunta.fi", "public"), ("http://8.8.8.8", "public"),
])
def test_link_reach(url, reach):
    assert config.link_reach(url) == reach


def test_link_warning_names_the_host():
    from raati.qr import link_warning

    assert link_warning("https://raati.kunta.fi", "fi") is None
    assert "localhost:8501" in link_warning("http://localhost:8501", "fi")
    assert "same network" in link_warning("http://192.168.1.5:8501", "en")


def test_a_guarded_decision_is_made_once(store):
    rnd = store.open_round("s", "puupaja")
    rid = store.submit_response(NewResponse("s", "2026-03-02", "fi", (Answer("t", "value", "x"),),
                                            unit="puupaja", round_id=rnd.id,
                                            text_questions=frozenset({"t"})))
    assert store.moderate(rid, "t", "value", "approved", "x", "a", expect=None) is True
    assert store.moderate(rid, "t", "value", "approved", "x", "b", expect=None) is False
    assert store.moderate(rid, "t", "value", "hidden", "", "b", expect=None) is False
    assert store.moderation_state("s") == {(rid, "t", "value"): ("approved", "x")}
    # Without expect a decision is made whatever the state (as before).
    assert store.moderate(rid, "t", "value", "hidden", "", "c") is True
    assert store.moderate_many([(rid, "t", "value", "y"), ("gone", "t", "value", "z")],
                               "approved", "d", expect="hidden") == 1
    assert store.moderation_state("s") == {(rid, "t", "value"): ("approved", "y")}
