"""Issue 11, item 4 and the easy intro: a likert question's own words for 1..4 (contract
§1, ``questions[].scale``), the plain-language intro (``intro_easy``), and the shipped
surveys' questions fitting the words they are answered with."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
from _helpers import SMALL_SURVEY, write_survey
from streamlit.testing.v1 import AppTest

from raati.surveys import DEFAULT_SCALE, SurveyError, load_survey, load_surveys

pytestmark = pytest.mark.usefixtures("clean_env")

HOW_MUCH = {1: {"fi": "Ei lainkaan", "sv": "Inte alls"}, 2: {"fi": "Vähän"},
            3: {"fi": "Melko paljon"}, 4: {"fi": "Paljon", "sv": "Mycket"}}


def survey_with(tmp_path: Path, mutate) -> object:
    data = copy.deepcopy(SMALL_SURVEY)
    mutate(data)
    return load_survey(write_survey(tmp_path, data, "kysely.yaml"))


def problems(tmp_path: Path, mutate) -> list[str]:
    try:
        survey_with(tmp_path, mutate)
    except SurveyError as exc:
        return exc.problems
    return []


# -- a question's own words ----------------------------------------------------------------


def test_own_words_replace_the_surveys_for_that_question_only(tmp_path):
    s = survey_with(tmp_path, lambda d: d["questions"][0].update(scale=HOW_MUCH))
    q1 = s.question("q1")
    assert s.scale_words(q1, "fi") == {1: "Ei lainkaan", 2: "Vähän", 3: "Melko paljon",
                                       4: "Paljon"}
    # A language the words lack falls back to the default language, as every text does.
    assert s.scale_words(q1, "sv") == {1: "Inte alls", 2: "Vähän", 3: "Melko paljon",
                                       4: "Mycket"}
    assert s.own_scale_words("fi") == {"q1": s.scale_words(q1, "fi")}
    # Points not given keep the survey's words.
    s = survey_with(tmp_path, lambda d: d["questions"][0].update(scale={4: "Todella paljon"}))
    assert s.scale_words(s.question("q1"), "fi") == {
        **{p: w["fi"] for p, w in DEFAULT_SCALE.items()}, 4: "Todella paljon"}
    # The same words as the survey's are nothing of its own to name.
    s = survey_with(tmp_path, lambda d: d["questions"][0].update(scale={1: "Ei lainkaan"}))
    assert s.own_scale_words("fi") == {}


@pytest.mark.parametrize(("scale", "line"), [
    ({1: "a", 5: "e"}, "kysely.yaml: questions[1] (q1): scale.5: the scale has only the points"
                       " 1, 2, 3 and 4"),
    ({0: "z"}, "kysely.yaml: questions[1] (q1): scale.0: the scale has only the points"
               " 1, 2, 3 and 4"),
    ({4: {"sv": "d"}}, "kysely.yaml: questions[1] (q1): scale.4: has no text in the default"
                       " language 'fi'"),
    ({2: ""}, "kysely.yaml: questions[1] (q1): scale.2: must not be empty"),
    (["a", "b"], "kysely.yaml: questions[1] (q1): scale: must map some of 1, 2, 3, 4 to its"
                 " label"),
    ({}, "kysely.yaml: questions[1] (q1): scale: must map some of 1, 2, 3, 4 to its label"),
])
def test_own_words_are_checked_like_the_surveys(tmp_path, scale, line):
    assert problems(tmp_path, lambda d: d["questions"][0].update(scale=scale)) == [line]


def test_only_likert_questions_have_own_words(tmp_path):
    assert problems(tmp_path, lambda d: d["questions"][1].update(scale={1: "a"})) == [
        "kysely.yaml: questions[2] (q2): scale: only likert questions have their own scale,"
        " not grade"]


# -- the easy intro ----------------------------------------------------------------------


def test_intro_for_gives_the_easy_intro_when_selkokieli_is_on(tmp_path):
    def mutate(d):
        d["intro"] = {"fi": "Pitkä johdanto.", "sv": "Lång inledning."}
        d["intro_easy"] = {"fi": "Lyhyt johdanto."}

    s = survey_with(tmp_path, mutate)
    assert s.intro_for("fi") == "Pitkä johdanto."
    assert s.intro_for("fi", easy=True) == "Lyhyt johdanto."
    assert s.intro_for("sv") == "Lång inledning."
    assert s.intro_for("sv", easy=True) == "Lyhyt johdanto."  # the default language's
    # No easy intro: the intro itself; no intro at all: nothing.
    s = survey_with(tmp_path, lambda d: d.update(intro="Johdanto."))
    assert s.intro_for("fi", easy=True) == "Johdanto."
    assert survey_with(tmp_path, lambda d: None).intro_for("fi", easy=True) == ""


def test_intro_easy_is_checked_like_a_localized_string(tmp_path):
    assert problems(tmp_path, lambda d: d.update(intro="I", intro_easy={"sv": "x"})) == [
        "kysely.yaml: intro_easy: has no text in the default language 'fi'"]
    assert problems(tmp_path, lambda d: d.update(intro_easy="Vain helppo.")) == [
        "kysely.yaml: intro_easy: an easy intro needs the intro itself (intro) as well"]


# -- the shipped surveys -----------------------------------------------------------------

# A yes/no question: Finnish by the -ko/-kö ending of its first word ("Pääsitkö ...?"),
# Swedish and English by a verb first. None of them fits "melko hyvin" or "melko paljon".
YES_NO = {
    "fi": re.compile(r"^\w+(ko|kö)\b", re.I),
    "sv": re.compile(r"^(fick|har|är|var|kände|känns|kändes|lyssnade|trivs|tror|vet|"
                     r"gjorde|kan|vill|tycker)\b", re.I),
    "en": re.compile(r"^(did|do|does|is|are|was|were|has|have|can|will)\b", re.I),
}


def questions_of(text: str) -> list[str]:
    """The sentences of ``text`` that ask something."""
    return [q.strip() for q in re.findall(r"[^.?!]*\?", text)]


def test_shipped_scale_questions_fit_their_answer_words(shipped_defs):
    """Every likert question of the shipped surveys, as text and as easy text in every
    language, asks one thing, and not as a yes/no question (it is answered with words
    like "melko hyvin" or "melko paljon", issue 11)."""
    checked = 0
    for survey in load_surveys(shipped_defs).values():
        for q in survey.questions:
            if q.type != "likert":
                continue
            for field in (q.text, q.easy):
                for lang in survey.languages:
                    text = survey.text(field, lang)
                    asked = questions_of(text)
                    where = f"{survey.id} {q.id} {lang}: {text}"
                    assert len(asked) <= 1, f"two questions at once: {where}"
                    for question in asked:
                        assert not YES_NO[lang].match(question), f"yes/no: {where}"
                    checked += 1
            words = survey.scale_words(q, "fi")
            assert sorted(words) == [1, 2, 3, 4] and all(words.values())
    assert checked >= 15 * 2 * 3  # 15 likert questions, text and easy, fi/sv/en


def test_shipped_surveys_use_own_words_where_they_read_better(shipped_defs):
    surveys = load_surveys(shipped_defs)
    how_much = {1: "Ei lainkaan", 2: "Vähän", 3: "Melko paljon", 4: "Paljon"}
    asiakas, viikko = surveys["asiakaskysely"], surveys["viikkofiilis"]
    assert asiakas.own_scale_words("fi") == {
        "tehtavat": how_much, "tulevaisuus": how_much, "tyollistyminen": how_much}
    assert viikko.own_scale_words("fi") == {
        "viikko": {1: "Huonosti", 2: "Melko huonosti", 3: "Melko hyvin", 4: "Hyvin"},
        "ryhma": how_much, "tyo": how_much}
    assert viikko.own_scale_words("sv")["ryhma"] == {
        1: "Inte alls", 2: "Lite", 3: "Ganska mycket", 4: "Mycket"}
    assert viikko.own_scale_words("en")["viikko"][1] == "Badly"
    # Every own word exists in each of the survey's languages (nothing falls back).
    for survey in surveys.values():
        for q in survey.questions:
            for label in q.scale.values():
                assert set(label) == set(survey.languages), (survey.id, q.id)


def test_shipped_surveys_have_an_easy_intro_in_every_language(shipped_defs):
    for survey in load_surveys(shipped_defs).values():
        assert survey.intro_easy is not None
        assert set(survey.intro_easy) == set(survey.languages)
        for lang in survey.languages:
            easy, full = survey.intro_for(lang, easy=True), survey.intro_for(lang)
            assert easy != full
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", easy) if s]
            # Short plain sentences (selkokieli: one thing per sentence, few words).
            assert all(len(s.split()) <= 10 for s in sentences), (survey.id, lang, sentences)


# -- the answer page -------------------------------------------------------------------


def html_of(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def test_answer_page_shows_the_easy_intro_and_own_words(app_env):
    store, _ = app_env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"),
                           default_timeout=30)
    at.query_params["r"] = rnd.token
    at.run()
    assert not at.exception
    assert "Neljä lyhyttä kysymystä tästä viikosta." in html_of(at)
    assert "Valitse kuva." not in html_of(at)
    at.toggle(key="easy").set_value(True).run()
    assert "Valitse kuva." in html_of(at)  # the easy intro, on the same run
    assert "Neljä lyhyttä kysymystä" not in html_of(at)
    at.button(key="start").click().run()
    # The first question has its own words: "Huonosti ... Hyvin".
    assert at.button(key="scale_1_viikko").label == "1 – Huonosti"
    assert at.button(key="scale_4_viikko").label == "4 – Hyvin"
    assert "Kuinka hyvin sinun viikkosi meni pajalla?" in html_of(at)
    at.button(key="scale_3_viikko").click().run()
    # The second has the survey's words.
    assert at.button(key="scale_3_apu").label == "3 – Melko hyvin"


# -- reports -------------------------------------------------------------------------------


def test_report_charts_name_a_questions_own_words(shipped_defs):
    """The PDF and PowerPoint draw from report_content: a question with its own words
    names them after its label (the charts' legend keeps the survey's words)."""
    import datetime as dt

    from analysis.likert import question_result
    from analysis.report import report_content, report_pptx
    from analysis.views import View

    survey = load_surveys(shipped_defs)["viikkofiilis"]
    counts = {"1": 2, "2": 3, "3": 5, "4": 10}
    results = [question_result(q, 20, counts, 5) if q.type == "likert"
               else question_result(q, 0, {}, 5) for q in survey.questions]
    view = View(responses=20, left_out=0, results=results, kept={})
    content = report_content(survey, view, [], lang="fi", today=dt.date(2026, 3, 16))
    rows = {row.label: row for chart in content.likert_charts for row in chart.rows}
    assert ("Kuinka hyvin viikkosi pajalla meni? (1 Huonosti · 2 Melko huonosti · "
            "3 Melko hyvin · 4 Hyvin)") in rows
    assert "Sain apua, kun tarvitsin sitä." in rows  # the survey's words: just the label
    assert any(label.startswith("Tunsin kuuluvani ryhmään. (1 Ei lainkaan · 2 Vähän")
               for label in rows)
    assert content.likert_charts[0].categories == (
        "1 Ei lainkaan", "2 Ei juurikaan", "3 Melko hyvin", "4 Erittäin hyvin")
    # Swedish: the Swedish own words.
    content = report_content(survey, view, [], lang="sv", today=dt.date(2026, 3, 16))
    labels = [row.label for chart in content.likert_charts for row in chart.rows]
    assert any(label.endswith("(1 Dåligt · 2 Ganska dåligt · 3 Ganska bra · 4 Bra)")
               for label in labels)
    # And the PowerPoint carries them.
    from io import BytesIO

    from pptx import Presentation

    deck = Presentation(BytesIO(report_pptx(survey, view, [], lang="fi")))
    shown = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                shown.extend(shape.chart.plots[0].categories)
            if shape.has_text_frame:
                shown.append(shape.text_frame.text)
    assert any("4 Hyvin" in str(text) for text in shown)
