"""One person cannot flood a round: kiosk mode only where staff gave it, and a limit on
bursts per round that stores nothing about anyone (raati.flood)."""

from __future__ import annotations

import pytest
from _helpers import raw_rows
from streamlit.testing.v1 import AppTest
from test_app_answer import APP, answer_the_scales, app_for, html_text, tap
from test_app_auth import open_as

from raati import flood
from raati.flood import MIN_ROUND_LIMIT, RoundBursts, round_limit


@pytest.fixture
def env(app_env, monkeypatch):
    monkeypatch.setattr(flood, "bursts", RoundBursts())
    return app_env


def _answer_viikkofiilis(at: AppTest) -> AppTest:
    answer_the_scales(at)
    tap(at, "skip")
    return tap(at, "send")


def _count(store) -> int:
    [(n,)] = raw_rows(store, "SELECT count(*) FROM responses")
    return n


def test_round_limit_fits_a_whole_workshop():
    assert round_limit(None) == MIN_ROUND_LIMIT == 30
    assert round_limit(10) == 30 and round_limit(40) == 80


def test_bursts_slide_and_give_back():
    bursts = RoundBursts(window_s=60)
    for i in range(30):
        assert bursts.admit("tok", None, now=i)
    assert not bursts.admit("tok", None, now=30)
    assert bursts.admit("other", None, now=30)  # rounds are counted apart
    bursts.release("tok")
    assert bursts.admit("tok", None, now=31)
    assert not bursts.admit("tok", None, now=59.5)
    assert bursts.admit("tok", None, now=60.5)  # the first one left the window


def test_kiosk_1_on_a_phone_link_is_not_kiosk_mode(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    other_last = "y" if rnd.kiosk_token.endswith("x") else "x"
    for value in ("1", "true", rnd.token, rnd.kiosk_token[:-1] + other_last):
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["r"] = rnd.token
        at.query_params["kiosk"] = value
        at.run()
        assert 'data-kiosk="0"' in html_text(at), value
    # The phone is marked answered after sending, as any phone.
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = "1"
    at.run()
    _answer_viikkofiilis(at)
    assert f'data-answered="{rnd.id}"' in html_text(at)
    assert not [b for b in at.button if b.key == "next_person"]


def test_the_kiosk_link_and_the_kiosk_setting_give_kiosk_mode(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = rnd.kiosk_token
    at.run()
    assert 'data-kiosk="1"' in html_text(at)
    store.set_kiosk(rnd.id, enabled=True)
    assert 'data-kiosk="1"' in html_text(app_for(rnd.token))


def test_a_burst_over_the_limit_is_refused_kept_on_screen_and_shown_to_staff(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja", expected=10)
    for _ in range(round_limit(rnd.expected)):  # a whole workshop just answered
        assert flood.bursts.admit(rnd.token, rnd.expected)
    at = _answer_viikkofiilis(app_for(rnd.token))
    assert "Vastauksia tulee juuri nyt tavallista enemmän" in " ".join(
        w.value for w in at.warning)
    assert _count(store) == 0
    assert at.session_state["flow"].values  # nothing the person gave is lost
    assert store.round_bursts(rnd.id) and store.round_bursts(rnd.id)[0][1] == 1
    staff = open_as(store, "staff", "pages/rounds.py")
    assert any("poikkeuksellisen paljon vastauksia" in w.value for w in staff.warning)
    # When the window has room again, the same screen sends.
    flood.bursts.release(rnd.token)
    tap(at, "send")
    assert _count(store) == 1
    assert 'data-screen="thanks"' in html_text(at)


def test_bursts_store_nothing_about_the_person(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    store.record_burst(rnd.id, 3, on="2026-03-04")
    store.record_burst(rnd.id, 2, on="2026-03-04")
    assert store.round_bursts(rnd.id) == [("2026-03-04", 5)]
    assert store.table_columns()["round_bursts"] == ["round_id", "date", "refused"]
    store.delete_round(rnd.id)
    assert store.round_bursts(rnd.id) == []


@pytest.mark.parametrize("glued", ["{t}.", "{t})", "{t},", " {t} ", "<{t}>", "{t}!?", "({t})",
                                   "{t}%20", "{t}\u200b"])
def test_a_round_link_with_punctuation_glued_to_it_opens_the_round(env, glued):
    """Mail and chat apps keep the full stop or bracket after a link (issue 9)."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = app_for(glued.format(t=rnd.token))
    assert at.title[0].value.startswith("Viikkofiilis")
    kiosk = AppTest.from_file(APP, default_timeout=30)
    kiosk.query_params["r"] = rnd.token + "."
    kiosk.query_params["kiosk"] = rnd.kiosk_token + ")"
    kiosk.run()
    assert 'data-kiosk="1"' in html_text(kiosk)


def test_link_token():
    from raati.config import link_token

    assert link_token("Xk3p9Qa2bC1d.") == "Xk3p9Qa2bC1d"
    assert link_token(None) == link_token("...") == ""
    assert link_token("a" * 100) == "a" * 64


def test_closing_a_round_on_the_rounds_page_asks_for_compaction(env):
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja", opens="2020-01-01")
    at = open_as(store, "staff", "pages/rounds.py")
    [close] = [b for b in at.button if b.label == "Päätä kierros tänään"]
    close.click().run()
    assert store.round_by_id(rnd.id).status() == "open"  # it asks first (issue 11)
    at.button(key=f"close_yes_{rnd.id}").click().run()
    assert not at.exception
    assert store.round_by_id(rnd.id).status() == "closed"
    assert store.audit_entries(action="round_close")
    # Asked for (or, by the app's maintenance thread, already done).
    state = store.maintenance_state()
    assert state.get("compact_requested") == "1" or state.get("compacted_on")
