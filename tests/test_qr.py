"""QR codes of answer links: drawn once per link and kept (the rounds page reruns on
every click)."""

from __future__ import annotations

import pytest

from raati import qr

LINK = "http://localhost:8501/?r=abc123"


@pytest.fixture
def drawn(monkeypatch):
    """The links the QR library was asked to encode, in order."""
    qr.qr_png.cache_clear()
    qr.qr_svg.cache_clear()
    calls: list[str] = []
    real = qr._code

    def counting(url):
        calls.append(url)
        return real(url)

    monkeypatch.setattr(qr, "_code", counting)
    yield calls
    qr.qr_png.cache_clear()
    qr.qr_svg.cache_clear()


def test_png_is_drawn_once_per_link_and_is_the_same_bytes(drawn):
    first = qr.qr_png(LINK)
    assert first.startswith(b"\x89PNG")
    assert qr.qr_png(LINK) == first and qr.qr_png(LINK) is first
    assert drawn == [LINK]
    other = qr.qr_png(LINK + "x")
    assert other != first and drawn == [LINK, LINK + "x"]


def test_svg_is_drawn_once_per_link(drawn):
    first = qr.qr_svg(LINK)
    assert b"<svg" in first
    assert qr.qr_svg(LINK) == first
    assert drawn == [LINK]


def test_kept_code_is_the_code_drawn_afresh(drawn):
    kept = qr.qr_png(LINK)
    assert qr.qr_png.__wrapped__(LINK) == kept
    assert qr.qr_svg.__wrapped__(LINK) == qr.qr_svg(LINK)


def test_rounds_page_draws_the_code_once_and_the_files_on_demand(app_env, drawn):
    """Reruns of the rounds page (every click) draw no QR code again; the SVG is drawn
    only when its button is pressed."""
    import secrets

    from streamlit.testing.v1 import AppTest

    from raati import auth
    from tests._helpers import REPO

    store, _ = app_env
    rnd = store.open_round("asiakaskysely", "puupaja", name="Kevät")
    user = auth.create_user(store, "admin-qr", "admin", secrets.token_urlsafe(16))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["session_token"] = auth.start_session(store, user)
    at.run()
    at = at.switch_page("pages/rounds.py").run()
    assert not at.exception
    link = f"http://localhost:8501/?r={rnd.token}"
    assert drawn == [link]  # the PNG on screen; the SVG waits for its button
    at.run()
    at.run()
    assert drawn == [link]
    assert len(at.get("download_button")) >= 2
