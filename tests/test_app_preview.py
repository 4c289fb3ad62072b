"""AppTest: the survey builder's live preview of a draft (issue 15) is the real answer
page behind ``/?esikatselu=TOKEN``: a banner on every screen, ``kysymys=N`` opens
question N, and nothing is ever stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from raati import flood
from raati.i18n import t
from raati.store import Store

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")
BANNER = "Esikatselu – vastauksia ei tallenneta"

DRAFT = {
    "id": "luonnos",
    "title": {"fi": "Luonnoskysely", "sv": "Utkastenkät"},
    "languages": ["fi", "sv"],
    "questions": [
        {"id": "fiilis", "type": "likert", "text": {"fi": "Miten viikko meni?",
                                                    "sv": "Hur gick veckan?"}},
        {"id": "ruoka", "type": "choice", "text": {"fi": "Mikä ruoka oli parasta?",
                                                   "sv": "Vilken mat var bäst?"},
         "options": [{"id": "keitto", "label": {"fi": "Keitto", "sv": "Soppa"}},
                     {"id": "puuro", "label": {"fi": "Puuro", "sv": "Gröt"}}]},
        {"id": "muuta", "type": "text", "optional": True,
         "text": {"fi": "Kerro vielä", "sv": "Berätta mer"}},
    ],
}


@pytest.fixture
def env(app_env):
    return app_env


def save_draft(store: Store, data: dict | str = DRAFT, survey: str = "luonnos"):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True,
                                                              sort_keys=False)
    return store.save_survey_draft(survey, text, {}, based_on=0)


def preview_app(token: str, question: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["esikatselu"] = token
    if question is not None:
        at.query_params["kysymys"] = question
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.markdown]
    parts += [e.value for e in at.text] + [e.value for e in at.info] + [e.value for e in at.error]
    return "\n".join(str(p) for p in parts)


def html_text(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def tap(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def stored_rows(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0],
                conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0])


def assert_banner(at: AppTest) -> None:
    body = html_text(at)
    assert BANNER in body
    assert 'role="status"' in body


def test_preview_of_a_draft_shows_the_banner_and_the_start_screen(env):
    store, _ = env
    draft = save_draft(store)
    at = preview_app(draft.preview_token)
    assert not at.exception
    assert at.title[0].value == "Luonnoskysely"
    assert_banner(at)
    assert at.button(key="start") is not None
    assert not at.text_input  # no staff login on a preview link
    assert 'data-screen="start"' in html_text(at)


def test_answering_a_preview_through_to_send_stores_nothing(env, tmp_path, monkeypatch):
    store, _ = env
    draft = save_draft(store)

    def refuse(*_args, **_kwargs):
        raise AssertionError("a preview must not reach this")

    # Not admitted against a burst limit and never stored: both would fail the run.
    monkeypatch.setattr(flood, "admit_submission", refuse)
    monkeypatch.setattr(Store, "submit_response", refuse)
    at = preview_app(draft.preview_token)
    tap(at, "start")
    assert "Kysymys 1 / 3" in html_text(at) and "Miten viikko meni?" in html_text(at)
    assert_banner(at)
    tap(at, "scale_3_fiilis")
    assert "Kysymys 2 / 3" in html_text(at)
    assert_banner(at)
    tap(at, "opt_ruoka_puuro")
    assert "Kysymys 3 / 3" in html_text(at)
    at.text_area(key="text_muuta").input("Hyvä luonnos")
    tap(at, "next")
    assert at.title[0].value == "Valmis!"
    assert_banner(at)
    tap(at, "send")
    assert not at.exception
    assert at.title[0].value == "Kiitos vastauksestasi!"
    assert_banner(at)
    assert "Esikatselu: vastausta ei tallennettu." in html_text(at)
    assert t("thanks_body", "fi") not in html_text(at)  # not "your answer was saved"
    # No "already answered" cookie is asked for: the screen's settings name no round.
    assert 'data-answered=""' in html_text(at)
    assert stored_rows(tmp_path / "raati.db") == (0, 0)
    assert store.count_responses("luonnos") == 0
    # Nothing of the answers stays in the session either.
    flow = at.session_state["flow"]
    assert flow.submitted and flow.values == {}


def test_the_preview_follows_the_survey_language(env):
    store, _ = env
    draft = save_draft(store)
    at = preview_app(draft.preview_token)
    tap(at, "lang_sv")
    assert at.title[0].value == "Utkastenkät"
    assert "Förhandsvisning – svaren sparas inte" in html_text(at)
    assert BANNER not in html_text(at)


def test_kysymys_opens_the_preview_at_that_question(env):
    store, _ = env
    draft = save_draft(store)
    at = preview_app(draft.preview_token, "2")
    assert not at.exception
    assert "Kysymys 2 / 3" in html_text(at)
    assert "Mikä ruoka oli parasta?" in html_text(at)
    assert_banner(at)
    tap(at, "back")  # the rest of the flow works from there
    assert "Kysymys 1 / 3" in html_text(at)


@pytest.mark.parametrize("question", ["0", "4", "-1", "kaksi", "2.5", "", "²"])
def test_a_kysymys_out_of_range_or_not_a_number_opens_the_start_screen(env, question):
    store, _ = env
    draft = save_draft(store)
    at = preview_app(draft.preview_token, question)
    assert not at.exception
    assert at.title[0].value == "Luonnoskysely"
    assert 'data-screen="start"' in html_text(at)


@pytest.mark.parametrize("token", ["EiOleOlemassaOlevaTunnus", "-", "!!!", ""])
def test_an_unknown_preview_token_is_just_not_found(env, token):
    store, _ = env
    save_draft(store)
    at = preview_app(token)
    assert not at.exception
    assert at.title[0].value == "Kyselyä ei löytynyt"
    assert not at.button and not at.text_input  # no staff login, nothing to send


def test_a_draft_that_does_not_validate_shows_a_notice(env):
    store, _ = env
    draft = save_draft(store, "id: xx\ntitle: X\nquestions: []\n", survey="xx")
    at = preview_app(draft.preview_token)
    assert not at.exception
    assert at.title[0].value == "Esikatselua ei voi näyttää"
    assert "Korjaa ne editorissa" in texts(at)
    assert not at.button


def test_a_draft_that_is_not_even_yaml_shows_the_notice(env):
    store, _ = env
    draft = save_draft(store, "id: luonnos\ntitle: [\n")
    at = preview_app(draft.preview_token)
    assert not at.exception
    assert at.title[0].value == "Esikatselua ei voi näyttää"


def test_a_draft_changed_while_previewing_drops_the_answers_not_the_page(env, tmp_path):
    store, _ = env
    draft = save_draft(store)
    at = preview_app(draft.preview_token, "2")
    tap(at, "opt_ruoka_keitto")
    assert at.session_state["flow"].values == {"ruoka": "keitto"}
    # The builder turns "ruoka" into a multiple choice: the old answer no longer fits.
    changed = yaml.safe_load(yaml.safe_dump(DRAFT))
    changed["questions"][1]["type"] = "multi"
    save_draft(store, changed)
    tap(at, "back")
    assert not at.exception
    assert at.session_state["flow"].values == {}
    assert "Kysymys 2 / 3" in html_text(at)
    assert at.checkbox(key="multi_ruoka_keitto").value is False
    assert stored_rows(tmp_path / "raati.db") == (0, 0)


def test_a_round_link_still_stores_its_answers(env, tmp_path):
    """The preview's changes leave the round link as it was."""
    store, _ = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.run()
    assert BANNER not in html_text(at)
    tap(at, "start")
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        tap(at, f"scale_2_{qid}")
    tap(at, "next")
    tap(at, "send")
    assert at.title[0].value == "Kiitos vastauksestasi!"
    assert "vastausta ei tallennettu" not in html_text(at)
    assert f'data-answered="{rnd.id}"' in html_text(at)
    assert stored_rows(tmp_path / "raati.db")[0] == 1
