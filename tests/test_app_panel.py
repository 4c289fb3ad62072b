"""AppTest: the client's page of a panel session (issue 12, contract §5): joining by
the code (in any case, with spaces or dashes, in the link or typed on the front page),
writing ideas, voting with dots within the limits, results, the closed session."""

from __future__ import annotations

import html
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
    store.ensure_unit("puupaja")
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
    # st.html, but not the page's CSS and script (client_static, client_step)
    parts += [h.proto.body for h in at.get("html") if not h.proto.body.startswith("<style")]
    return "\n".join(str(p) for p in parts)


def page_title(at: AppTest) -> str:
    """The page's one h1: the session's title (st.html, isolated in its own direction),
    or the join form's st.title."""
    import html
    import re

    for h in at.get("html"):
        found = re.search(r'<h1 class="raati-title" dir="auto" lang="fi">(.*?)</h1>', h.proto.body)
        if found:
            return html.unescape(found[1])
    return at.title[0].value


def messy(code: str) -> str:
    """The code as a person might type it: small letters, a dash and spaces."""
    return f" {code[:3].lower()}-{code[3:].lower()} "


def test_the_join_link_opens_the_session_in_any_case_and_counts_the_device(env):
    store, panel = env
    at = open_code(messy(panel.code))
    assert not at.exception
    assert page_title(at) == "Mitä muutetaan syksyllä?"
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
    assert page_title(follow) == "Mitä muutetaan syksyllä?"
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
    # Own idea listed with its state, as escaped text (never Markdown or HTML), isolated
    # in its own direction inside the sentence.
    assert f"<bdi>{html.escape(hostile)}</bdi>  (odottaa)" in shown(at)
    assert hostile not in "\n".join(m.value for m in at.markdown)
    assert hostile not in shown(at)


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
    store.set_panel_options(panel.id, results_public=True)
    at = open_code(panel.code)
    assert not at.exception
    text = shown(at)
    assert "Raati on päättynyt" in "\n".join(h.value for h in at.header)
    assert text.index("Idea 2") < text.index("Idea 1") < text.index("Idea 0")
    # counts in the singular for one ("1 piste"), the plural otherwise
    assert "2 pistettä" in text and "1 piste" in text and "1 pistettä" not in text
    assert "• Tauot pidemmiksi" in text
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
    store.ensure_unit("puupaja")
    panel = store.open_panel("puupaja", "Raati", moderation="post")
    send_idea(open_code(panel.code), "Numeroni on 040 123 4567, soittakaa")
    [idea] = store.ideas(panel.id)
    assert idea.status == "approved"
    assert "040 123 4567" not in idea.text and "[puhelin]" in idea.text


# -- kiosk ("pass the tablet"), the closed session, the idea box, singular forms ------------

def open_kiosk(code: str, kiosk: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["p"] = code
    if kiosk is not None:
        at.query_params["kiosk"] = kiosk
    return at.run()


def config(at: AppTest) -> str:
    """The screen's settings for client.js (the element #raati-config)."""
    return next(h.proto.body for h in at.get("html") if 'id="raati-config"' in h.proto.body)


def test_the_kiosk_link_is_the_join_link_with_the_sessions_kiosk_token():
    assert panels.kiosk_link("https://raati.example/", "ABC234", "Tok3n") == \
        "https://raati.example/?p=ABC234&kiosk=Tok3n"
    assert panels.kiosk_link("", "ABC234", "Tok3n") == "/?p=ABC234&kiosk=Tok3n"
    with pytest.raises(ValueError):
        panels.kiosk_link("", "ABC234", "")


def test_next_person_on_the_kiosk_gets_a_fresh_device_with_all_dots(env):
    store, panel = env
    ideas = voting(store, panel, 3)
    at = open_kiosk(panel.code, panel.kiosk_token)
    assert not at.exception
    settings = config(at)
    # no device cookie on a shared tablet; the idle reset reloads the kiosk link
    assert 'data-kiosk="1"' in settings and 'data-panel-cookie=""' in settings
    assert 'data-panel-token=""' in settings
    assert f'data-restart="/?p={panel.code}&amp;kiosk={panel.kiosk_token}"' in settings
    assert "Tämä on yhteinen tabletti" in shown(at)
    assert store.panel(panel.id).participants == 0  # counted when they act
    dot_button(at, ideas[0].id).click().run()
    assert "Pisteitä jäljellä: 2 / 3" in shown(at)
    assert store.panel(panel.id).participants == 1
    at.button(key="panel_next_person").click().run()
    assert not at.exception
    text = shown(at)
    assert "Pisteitä jäljellä: 3 / 3" in text and "Näyttö on tyhjennetty" in text
    assert not dot_button(at, ideas[0].id).disabled  # person 2 may put a dot there too
    assert store.panel(panel.id).participants == 1
    dot_button(at, ideas[0].id).click().run()
    assert store.panel(panel.id).participants == 2
    assert {i.id: i.votes for i in store.ideas(panel.id)}[ideas[0].id] == 2
    assert 'data-panel-cookie=""' in config(at)


def test_next_person_gets_an_empty_idea_box_and_no_earlier_ideas(env):
    store, panel = env
    at = open_kiosk(panel.code, panel.kiosk_token)
    send_idea(at, "Ensimmäisen henkilön idea")
    assert "<bdi>Ensimmäisen henkilön idea</bdi>  (odottaa)" in shown(at)
    at.text_area[0].input("Kesken jäänyt teksti")  # typed, not sent
    at.button(key="panel_next_person").click().run()
    assert not at.exception
    assert [a.value for a in at.text_area] == [""]
    assert "Ensimmäisen henkilön idea" not in shown(at)
    assert "Sinun ideasi" not in [s.value for s in at.subheader]
    assert store.panel(panel.id).participants == 1  # the second person has not acted yet
    send_idea(at, "Toisen henkilön idea")
    assert store.panel(panel.id).participants == 2


def test_a_kiosk_counts_a_person_only_when_they_act_a_phone_on_first_view(env):
    """3 phones and a kiosk whose Seuraava henkilö is pressed and which is reloaded, with
    nobody at the tablet: 3 joined, not 6 (the walk's finding)."""
    store, panel = env
    for _ in range(3):
        assert not open_code(panel.code).exception  # each a new phone (browser session)
    assert store.panel(panel.id).participants == 3
    kiosk = open_kiosk(panel.code, panel.kiosk_token)
    kiosk.button(key="panel_next_person").click().run()
    kiosk.button(key="panel_next_person_end").click().run()
    assert not kiosk.exception
    open_kiosk(panel.code, panel.kiosk_token)  # a reload (also the idle reset)
    assert store.panel(panel.id).participants == 3
    send_idea(kiosk, "Tabletilta kirjoitettu idea")
    assert store.panel(panel.id).participants == 4


@pytest.mark.parametrize("kiosk", [None, "1", "WRONGTOKEN", "<x>"])
def test_without_the_sessions_own_kiosk_token_the_link_is_a_phone_link(env, kiosk):
    store, panel = env
    at = open_kiosk(panel.code, kiosk)
    assert not at.exception
    settings = config(at)
    assert 'data-kiosk="0"' in settings
    assert f'data-panel-cookie="raati_panel_{panel.id}"' in settings
    assert 'data-panel-token=""' not in settings
    assert not [b for b in at.button if b.key == "panel_next_person"]
    assert "Tämä on yhteinen tabletti" not in shown(at)


def closed_session(store, panel):
    ideas = voting(store, panel, 2)
    store.add_dot(panel.id, panels.device_key("dev"), ideas[1].id)
    store.add_proposal(panel.id, "Tauot pidemmiksi", [ideas[1].id])
    store.set_panel_phase(panel.id, "closed")
    return ideas


def test_a_closed_session_shows_only_thanks_and_proposals_unless_results_are_public(env):
    store, panel = env
    closed_session(store, panel)
    at = open_code(panel.code)
    assert not at.exception
    text = shown(at)
    assert "Raati on päättynyt" in "\n".join(h.value for h in at.header)
    assert "Kiitos, että olit mukana!" in text and "• Tauot pidemmiksi" in text
    assert "Idea 0" not in text and "Idea 1" not in text and "piste" not in text
    assert "Tulokset" not in [s.value for s in at.subheader]
    assert not [b for b in at.button if b.key == "panel_next_person"]


def test_a_closed_session_with_public_results_shows_the_ideas_and_dots(env):
    store, panel = env
    closed_session(store, panel)
    store.set_panel_options(panel.id, results_public=True)
    text = shown(open_code(panel.code))
    assert text.index("Idea 1") < text.index("Idea 0")
    assert "1 piste" in text and "0 pistettä" in text and "• Tauot pidemmiksi" in text


def test_after_the_idea_texts_are_deleted_only_the_proposals_are_shown(env):
    store, panel = env
    closed_session(store, panel)
    store.set_panel_options(panel.id, results_public=True)
    store.purge_panel_texts(panel.id, "2026-01-31")
    at = open_code(panel.code)
    assert not at.exception
    text = shown(at)
    assert "• Tauot pidemmiksi" in text and "Kiitos, että olit mukana!" in text
    assert "Tulokset" not in [s.value for s in at.subheader] and "piste" not in text


def test_a_closed_session_on_the_kiosk_link_has_no_next_person(env):
    store, panel = env
    closed_session(store, panel)
    at = open_kiosk(panel.code, panel.kiosk_token)
    assert not at.exception
    assert not [b for b in at.button if b.key == "panel_next_person"]
    assert 'data-kiosk="0"' in config(at)


def test_a_long_idea_stays_in_the_box_and_is_refused_in_a_sentence(env):
    store, panel = env
    at = open_code(panel.code)
    box = at.text_area[0]
    assert not box.max_chars  # Streamlit's max_chars drops a paste over the limit
    long = "Pidempi tauko ja " * 25  # 425 characters
    send_idea(at, long)
    assert not at.exception
    assert "Idea on liian pitkä (424 merkkiä). Lyhennä se 280 merkkiin." in shown(at)
    assert at.text_area[0].value == long  # kept for shortening, never lost
    assert store.ideas(panel.id) == []
    counter = next(h.proto.body for h in at.get("html") if 'id="raati-idea-counter"' in h.proto.body)
    assert 'class="raati-counter raati-over"' in counter and ">425</span> / 280" in counter
    send_idea(at, long[:200])
    assert [i.text for i in store.ideas(panel.id)] == [long[:200].strip()]
    assert at.text_area[0].value == ""  # a sent idea leaves the box


@pytest.mark.parametrize(("lang", "one", "many"), [
    ("fi", "1 piste", "2 pistettä"), ("sv", "1 poäng", "2 poäng"), ("en", "1 dot", "2 dots")])
def test_counts_of_one_use_the_singular(lang, one, many):
    from raati.i18n import t

    assert t("panel_votes_n", lang, n=1) == one and t("panel_votes_n", lang, n=2) == many
    assert t("panel_screen_ideas_n", lang, n=1) == {"fi": "1 idea", "sv": "1 idé",
                                                    "en": "1 idea"}[lang]
    assert t("panel_screen_ideas_n", "fi", n=0) == "0 ideaa"
    # a text whose count is k (no n): "enintään 1 pistettä" becomes a sentence of its own
    assert t("panel_idea_full", "fi", k=1) == "Yhdelle idealle voi antaa vain yhden pisteen."
    assert t("panel_idea_full", "fi", k=2) == "Yhdelle idealle voi antaa enintään 2 pistettä."
    assert "1 pistettä" not in t("panel_no_dots_left", "fi", n=1)
    assert t("panel_screen_dots", "fi", n=1, v=1) == "1 piste annettu · äänestäneitä 1"


# -- a fresh walk of the page: what comes first on a phone, notes where the person looks,
# reasons for a disabled button, texts in their own direction, settings kept -----------------

def in_order(at: AppTest) -> list[str]:
    """Every element of the page as a text, in the order drawn (the page's CSS left out):
    "html:<body>", "subheader:<value>", "error:<value>", "button:<key>", "text_area", ..."""
    out = []
    for node in at.main:
        kind = getattr(node, "type", "")
        if kind == "html":
            if not node.proto.body.startswith("<style"):
                out.append(f"html:{node.proto.body}")
        elif kind in ("subheader", "error", "success", "warning", "caption", "markdown"):
            out.append(f"{kind}:{node.value}")
        elif kind in ("button", "form_submit_button"):
            out.append(f"button:{node.key}")
        elif kind == "text_area":
            out.append("text_area")
    return out


def first(items: list[str], needle: str) -> int:
    return next(i for i, item in enumerate(items) if needle in item)


THEMES = [{"text": "Tauot ovat liian lyhyitä", "kind": "weak"},
          {"text": "Ohjaajat kuuntelevat", "kind": "strong"},
          {"text": "Ruoka on hyvää", "kind": "strong"},
          {"text": "Kuljetukset myöhästelevät", "kind": "weak"}]


@pytest.fixture
def walked(app_env):
    store, _ = app_env
    store.ensure_unit("puupaja")
    panel = store.open_panel("puupaja", "Mikä auttaa jaksamaan?",
                             prompts=["Mikä tauoissa toimii?", "Mitä muuttaisit?",
                                      "Mikä ilahduttaa?"], themes=THEMES)
    return store, panel


def test_the_idea_box_comes_first_then_prompts_and_themes_with_their_kind(walked):
    store, panel = walked
    at = open_code(panel.code)
    assert not at.exception
    items = in_order(at)
    box, send = items.index("text_area"), first(items, "button:FormSubmitter:panel_idea")
    heading = items.index("subheader:Mietitään yhdessä")
    assert box < send < heading  # the box right under the title, before every prompt
    assert heading < first(items, "Mikä tauoissa toimii?") < first(items, "Ideat näytöllä")
    # each theme with its kind in words, as on the shared screen, not like a question
    for theme in THEMES:
        block = items[first(items, theme["text"])]
        label = "Kehitettävää" if theme["kind"] == "weak" else "Toimii hyvin"
        assert f'<p class="raati-theme-kind">{label}</p>' in block
        assert f'raati-theme-{theme["kind"]}' in block
    assert heading < first(items, "Tauot ovat liian lyhyitä")


def test_the_theme_labels_are_in_every_client_language():
    from raati.i18n import CLIENT_KEYS, CLIENT_LANGUAGES, t

    for key in ("panel_theme_weak", "panel_theme_strong"):
        assert key in CLIENT_KEYS
        texts = {code: t(key, code) for code in CLIENT_LANGUAGES}
        assert all(texts.values()) and len(set(texts.values())) == len(texts), texts


@pytest.mark.parametrize(("text", "note"), [
    ("   ", "Kirjoita ensin idea."),
    ("Pidempi tauko ja " * 25, "Idea on liian pitkä"),
    ("Pidempi tauko", "näkyy näytöllä, kun ohjaaja on katsonut sen")])
def test_the_idea_boxs_note_is_right_under_the_box(walked, text, note):
    store, panel = walked
    at = send_idea(open_code(panel.code), text)
    assert not at.exception
    items = in_order(at)
    where = first(items, note)
    assert first(items, "button:FormSubmitter:panel_idea") < where
    assert where < items.index("subheader:Mietitään yhdessä")
    assert items[where].startswith(("error:", "success:"))


def test_kiosk_has_a_second_next_person_button_at_the_end_that_works(env):
    store, panel = env
    ideas = voting(store, panel, 3)
    at = open_kiosk(panel.code, panel.kiosk_token)
    items = in_order(at)
    buttons = [i for i in items if i.startswith("button:")]
    assert buttons[-1] == "button:panel_next_person_end"  # the last thing on the page
    assert items.index("button:panel_next_person") < first(items, "Pisteitä jäljellä")
    assert at.button(key="panel_next_person_end").label == \
        at.button(key="panel_next_person").label
    dot_button(at, ideas[0].id).click().run()
    assert "Pisteitä jäljellä: 2 / 3" in shown(at)
    at.button(key="panel_next_person_end").click().run()
    assert not at.exception
    assert "Pisteitä jäljellä: 3 / 3" in shown(at) and "Näyttö on tyhjennetty" in shown(at)
    assert store.panel(panel.id).participants == 1  # the next person has given no dot yet
    # never on a phone
    phone = open_code(panel.code)
    assert not [b for b in phone.button if b.key == "panel_next_person_end"]


def test_voting_reads_each_idea_aloud_and_says_why_a_dot_cannot_be_given(env):
    store, panel = env  # 3 dots, at most 1 on one idea
    ideas = voting(store, panel, 4)
    at = open_code(panel.code)
    for idea in ideas:
        card = next(h.proto.body for h in at.get("html")
                    if f'data-say="{idea.text}"' in h.proto.body)
        assert f'<p class="raati-text" dir="auto">{idea.text}</p>' in card
        assert 'data-lang="fi-FI"' in card  # read with a Finnish voice on a Finnish page
    assert "raati-why" not in shown(at)  # every button can be tapped: no reasons
    dot_button(at, ideas[0].id).click().run()
    items = in_order(at)
    full = "Yhdelle idealle voi antaa vain yhden pisteen."
    assert first(items, f"button:dot_add_{ideas[0].id}") < first(items, full) < \
        first(items, f"button:dot_add_{ideas[1].id}")
    assert sum(full in i for i in items) == 1
    dot_button(at, ideas[1].id).click().run()
    dot_button(at, ideas[2].id).click().run()
    items = in_order(at)
    used = "Kaikki 3 pistettäsi on käytetty. Ota ensin yksi pois."
    assert dot_button(at, ideas[3].id).disabled
    assert first(items, f"button:dot_add_{ideas[3].id}") < first(items, used)
    assert sum(used in i for i in items) == 1 and sum(full in i for i in items) == 3
    assert sum("raati-why" in i for i in items) == 4
    # taking a dot back makes the others possible again: their reasons go
    dot_button(at, ideas[1].id, add=False).click().run()
    assert used not in shown(at) and not dot_button(at, ideas[3].id).disabled


def test_an_arabic_idea_is_read_with_the_arabic_voice_on_an_arabic_page(env):
    store, panel = env
    ideas = [store.add_idea(panel.id, "استراحة أطول"), store.add_idea(panel.id, "Pidempi tauko")]
    store.set_panel_phase(panel.id, "voting")
    at = open_code(panel.code)
    at.button(key="lang_ar").click().run()
    cards = {i.text: next(h.proto.body for h in at.get("html")
                          if f'data-say="{i.text}"' in h.proto.body) for i in ideas}
    assert 'data-lang="ar"' in cards["استراحة أطول"]
    assert 'data-lang="fi-FI"' in cards["Pidempi tauko"]
    assert '<p class="raati-text" dir="auto">استراحة أطول</p>' in cards["استراحة أطول"]


def test_staff_and_client_texts_keep_their_own_direction_on_an_arabic_page(walked):
    store, panel = walked
    store.add_idea(panel.id, "Pidempi tauko?")  # staff's own: shown at once
    at = open_code(panel.code)
    at.button(key="lang_ar").click().run()
    assert not at.exception
    assert 'data-lang="ar"' in config(at) and 'data-dir="rtl"' in config(at)
    assert page_title(at) == "Mikä auttaa jaksamaan?"
    body = shown(at)
    assert '<h1 class="raati-title" dir="auto" lang="fi">Mikä auttaa jaksamaan?</h1>' in body
    # a prompt: in Finnish, left to right, read with a Finnish voice, labels in Arabic
    prompt = next(h.proto.body for h in at.get("html") if "Mikä tauoissa toimii?" in h.proto.body)
    assert 'lang="fi" dir="ltr"' in prompt and 'data-lang="fi-FI"' in prompt
    assert "يحتاج إلى تحسين" in body and "يعمل بشكل جيد" in body
    # an idea: any language, so its direction from its own letters (no lang)
    assert '<p class="raati-text" dir="auto">• Pidempi tauko?</p>' in body


def test_the_display_settings_are_kept_for_a_reload_but_never_on_a_kiosk(env, monkeypatch):
    store, panel = env
    at = open_code(panel.code)
    assert 'data-panel-prefs=""' in config(at)  # nothing chosen: no cookie
    at.button(key="lang_ar").click().run()
    at.toggle(key="panel_big_text").set_value(True).run()
    assert 'data-panel-prefs="ar,1,0"' in config(at)
    # the next page load (a phone that slept) sends the cookie back: the same settings
    from raati import ui

    cookies = {"raati_panel_prefs": "ar,1,0"}
    monkeypatch.setattr(ui, "context_cookie", lambda name: cookies.get(name))
    again = open_code(panel.code)
    assert 'data-lang="ar"' in config(again) and 'data-dir="rtl"' in config(again)
    assert again.toggle(key="panel_big_text").value is True
    assert 'data-panel-prefs="ar,1,0"' in config(again)
    # a kiosk neither reads nor writes it: the next person starts afresh
    kiosk = open_kiosk(panel.code, panel.kiosk_token)
    assert 'data-lang="fi"' in config(kiosk) and 'data-panel-prefs=""' in config(kiosk)
    assert kiosk.toggle(key="panel_big_text").value is False
    # a malformed cookie is ignored
    for bad in ("xx,1,0", "ar,2,0", "ar,1", "<x>,1,0", ""):
        cookies["raati_panel_prefs"] = bad
        assert 'data-lang="fi"' in config(open_code(panel.code))


def test_the_join_box_hint_is_visible_text_not_a_tooltip(env):
    at = open_code(None)
    box = next(i for i in at.text_input if i.key == "front_panel_code")
    assert not box.help
    assert any("Koodi näkyy yhteisellä näytöllä" in h.proto.body for h in at.get("html"))


def test_a_closed_session_shows_what_was_done_with_its_proposals(env):
    """The loop closes on the session's own page too: the public actions recorded from its
    proposals show as the public page's cards; a staff-only one and one of another
    session do not."""
    store, panel = env
    closed_session(store, panel)
    [proposal] = store.proposals(panel.id)
    store.add_action(panel.unit, "Tauot ovat liian lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     status="done", panel=panel.id, proposal=proposal.id)
    store.add_action(panel.unit, "Pukuhuone.", "Puhutaan ryhmissä.", public=False,
                     panel=panel.id, proposal=proposal.id)
    store.add_action(panel.unit, "Kahvi.", "Uusi kahvinkeitin.", status="done")
    at = open_code(panel.code)
    assert not at.exception
    assert "Näin ehdotuksille on tehty" in [s.value for s in at.subheader]
    # the cards come with their own <style> (raati.said_did.cards_html)
    text = "\n".join(h.proto.body for h in at.get("html") if "raati-actions" in h.proto.body)
    assert "Tauko on nyt 20 minuuttia." in text
    assert "Puhutaan ryhmissä." not in text and "Uusi kahvinkeitin." not in text
