"""Approving all shown texts on a later filter's first page of several (walk of
issue 14: the page crashed with "'<=' not supported between int and str")."""

from __future__ import annotations

from _helpers import REPO, moderation_page

SURVEY = "asiakaskysely"


def test_approve_all_shown_with_a_unit_and_round_that_have_several_pages(demo_moderation):
    store = demo_moderation
    items = [i for i in store.free_texts(SURVEY, ["parasta", "muutettavaa"])
             if i["unit"] == "puupaja"]
    periods = {}
    for i in items:
        periods[i["period"]] = periods.get(i["period"], 0) + 1
    period = max(periods, key=periods.get)
    at = moderation_page(store)
    at.selectbox(key="mod_unit").set_value("puupaja").run()
    at.selectbox(key="mod_round").set_value(period).run()
    assert not at.exception
    approve = at.button(key="mod_approve_all")
    approve.click().run()
    assert not at.exception
    assert "Hyväksytäänkö" in at.warning[0].value
    at.button(key="mod_approve_all_yes").click().run()
    assert not at.exception


def test_a_page_choice_left_as_text_by_the_browser_does_not_break_the_page(demo_moderation):
    """Streamlit gives back a selectbox's shown text when it is no longer an option
    (e.g. "2 / 3" after the number of pages changed): the page starts at page 1."""
    import secrets

    from streamlit.testing.v1 import AppTest

    from raati import auth

    store = demo_moderation
    user = auth.create_user(store, "staff-paging", "staff", secrets.token_urlsafe(16),
                            ["puupaja", "ompelimo"])
    for stale in ("2 / 3", 99):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
        at.session_state["session_token"] = auth.start_session(store, user)
        at.run()
        at.session_state["mod_page"] = stale
        at = at.switch_page("pages/moderation.py").run()
        assert not at.exception
        assert at.selectbox(key="mod_page").value == 1
