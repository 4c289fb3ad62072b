"""AppTest: the client's page of a panel session (issue 12, contract §5): joining by
the code (in any case, with spaces or dashes, in the link or typed on the front page),
writing ideas, voting with dots within the limits, results, the closed session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raati import panels

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


@pytest.fixture
def env(app_env):
    store, _defs = app_env
    panel = store.open_panel("puupaja", "Mitä muutetaan syksyllä?",
                             prompts=["Mikä tauoissa toimii?"])
    return store, panel


def open_code(code: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if code is not None:
        at.query_params["p"] = code
    return at.run()


def shown(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.markdown]
    parts += [e.value for e in at.text] + [e.value for e in at.caption]
    parts += [e.value for e in at.success] + [e.value for e in at.error]
    parts += [e.value for e in at.warning] + [e.value for e in at.subheader]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def messy(code: str) -> str:
    """The code as a person might type it: small letters, a dash and spaces."""
    return f" {code[:3].lower()}-{code[3:].lower()} "


def test_the_join_link_opens_the_session_in_any_case_and_counts_the_device(env):
    store, panel = env
    at = open_code(messy(panel.code))
    assert not at.exception
    assert at.title[0].value == "Mitä muutetaan syksyllä?"
    assert "Mikä tauoissa toimii?" in "\n".join(str(h.value) for h in at.get("html"))
    assert store.panel(panel.id).participants == 1
    at.run()  # a rerun of the same browser is the same device
    assert store.panel(panel.id).participants == 1


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "<script>", "OOOOOO"])
def test_a_wrong_code_asks_again_in_a_sentence(env, code):
    at = open_code(code)
    assert not at.exception
    assert at.title[0].value == "Liity asiakasraatiin"
    assert "Koodilla ei löytynyt raatia" in shown(at)


def test_the_code_typed_on_the_front_page_leads_to_the_session(env):
    store, panel = env
    at = open_code(None)
    assert not at.exception
    box = next(i for i in at.text_input if i.key == "front_panel_code")
    box.input("nonsense")
    at.button(key="FormSubmitter:front_panel_join-Liity").click().run()
    assert "Koodilla ei löytynyt raatia" in shown(at)
    box = next(i for i in at.text_input if i.key == "front_panel_code")
    box.input(messy(panel.code))
    at.button(key="FormSubmitter:front_panel_join-Liity").click().run()
    assert not at.exception
    # The browser goes to the join link itself (a new page load), as from the QR code.
    scripts = "\n".join(h.proto.body for h in at.get("html"))
    assert f'window.location.assign("?p={panel.code}")' in scripts
    assert f"(?p={panel.code})" in "\n".join(m.value for m in at.markdown)
    follow = open_code(f"{panel.code}")
    assert follow.title[0].value == "Mitä muutetaan syksyllä?"
    assert store.panel(panel.id).participants == 1


def send_idea(at: AppTest, text: str) -> AppTest:
    at.text_area[0].input(text)
    at.button(key="FormSubmitter:panel_idea-Lähetä idea").click().run()
    return at


def test_an_idea_waits_for_approval_and_is_shown_as_text(env):
    store, panel = env
    at = open_code(panel.code)
    hostile = "<b>Pidempi</b> **tauko** [linkki](http://x)"
    send_idea(at, hostile)
    assert not at.exception
    assert "näkyy näytöllä, kun ohjaaja on katsonut sen" in shown(at)
    [idea] = store.ideas(panel.id)
    assert (idea.text, idea.status, idea.source) == (hostile, "waiting", "client")
    # Own idea listed with its state, as plain text (never Markdown or HTML).
    assert f"{hostile}  (odottaa)" in [t.value for t in at.text]
    assert hostile not in "\n".join(m.value for m in at.markdown)


def test_an_empty_idea_is_refused_in_a_sentence(env):
    store, panel = env
    at = send_idea(open_code(panel.code), "   ")
    assert "Kirjoita ensin idea." in shown(at)
    assert store.ideas(panel.id) == []


def test_after_the_ideas_phase_no_idea_box_and_a_late_idea_is_refused(env):
    store, panel = env
    at = open_code(panel.code)
    at.text_area[0].input("Myöhästynyt idea")
    store.set_panel_phase(panel.id, "voting")
    at.button(key="FormSubmitter:panel_idea-Lähetä idea").click().run()
    assert not at.exception
    assert "Uusia ideoita ei nyt oteta vastaan." in shown(at)
    assert store.ideas(panel.id) == []
    at.run()
    assert not at.text_area  # the voting screen has no text box


def voting(store, panel, n: int = 3):
    ideas = [store.add_idea(panel.id, f"Idea {i}") for i in range(n)]
    store.set_panel_phase(panel.id, "voting")
    return ideas


def dot_button(at: AppTest, idea_id: int, add: bool = True):
    return at.button(key=f"dot_{'add' if add else 'remove'}_{idea_id}")


def test_dots_are_placed_and_taken_back_within_the_limits(env):
    store, panel = env  # 3 dots, at most 1 on one idea
    ideas = voting(store, panel, 4)
    at = open_code(panel.code)
    assert "Pisteitä jäljellä: 3 / 3" in shown(at)
    dot_button(at, ideas[0].id).click().run()
    assert "Pisteitä jäljellä: 2 / 3" in shown(at)
    assert dot_button(at, ideas[0].id).disabled  # its one dot is given
    dot_button(at, ideas[1].id).click().run()
    dot_button(at, ideas[2].id).click().run()
    assert "Pisteitä jäljellä: 0 / 3" in shown(at)
    assert dot_button(at, ideas[3].id).disabled
    dot_button(at, ideas[1].id, add=False).click().run()
    assert "Pisteitä jäljellä: 1 / 3" in shown(at)
    votes = {i.id: i.votes for i in store.ideas(panel.id)}
    assert votes == {ideas[0].id: 1, ideas[1].id: 0, ideas[2].id: 1, ideas[3].id: 0}


def test_a_dot_refused_by_the_server_is_said_in_a_sentence(env):
    store, panel = env
    ideas = voting(store, panel, 2)
    at = open_code(panel.code)
    store.set_panel_phase(panel.id, "results")  # staff moved on while the page was open
    dot_button(at, ideas[0].id).click().run()
    assert not at.exception
    assert sum(i.votes for i in store.ideas(panel.id)) == 0


def test_results_and_the_closed_session_show_ranked_ideas_and_proposals(env):
    store, panel = env
    ideas = voting(store, panel, 3)
    for n, idea in enumerate(ideas):
        for d in range(n):
            store.add_dot(panel.id, panels.device_key(f"dev{d}"), idea.id)
    store.add_proposal(panel.id, "Tauot pidemmiksi", [ideas[2].id])
    store.set_panel_phase(panel.id, "closed")
    at = open_code(panel.code)
    assert not at.exception
    text = shown(at)
    assert "Raati on päättynyt" in "\n".join(h.value for h in at.header)
    assert text.index("Idea 2") < text.index("Idea 1") < text.index("Idea 0")
    assert "2 pistettä" in text and "• Tauot pidemmiksi" in text
    assert not at.text_area
    assert not [b for b in at.button if (b.key or "").startswith("dot_")]


def test_no_device_is_stored_with_an_idea_after_close(env):
    store, panel = env
    at = send_idea(open_code(panel.code), "Enemmän retkiä")
    store.set_panel_phase(panel.id, "closed")
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM panel_devices").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM panel_idea_authors").fetchone()[0] == 0
    assert [i.text for i in store.ideas(panel.id)] == ["Enemmän retkiä"]
    assert store.panel(panel.id).participants == 1
    assert not at.exception


def test_under_post_moderation_an_idea_reaches_the_screen_masked(app_env):
    store, _ = app_env
    panel = store.open_panel("puupaja", "Raati", moderation="post")
    send_idea(open_code(panel.code), "Numeroni on 040 123 4567, soittakaa")
    [idea] = store.ideas(panel.id)
    assert idea.status == "approved"
    assert "040 123 4567" not in idea.text and "[puhelin]" in idea.text
