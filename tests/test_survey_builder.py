"""The builder's edits on a definition (raati.survey_builder, issue 15): ids, questions
and options added, moved, copied and removed, localized texts, missing translations,
text alternatives, and every result still validating as contract §1."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _helpers import SHIPPED_DEFS

from raati import survey_builder as sb
from raati.surveys import SurveyError, parse_survey


def _valid(data: dict):
    return parse_survey(yaml.safe_load(yaml.safe_dump(data, allow_unicode=True)), "x",
                        SHIPPED_DEFS)


def test_slug_and_unique_ids_for_finnish_titles():
    assert sb.slug("Äänestys: Työpaja & Kahvila 2027!") == "aanestys-tyopaja-kahvila-2027"
    assert sb.slug("Ö") == "" and sb.slug("!!!") == ""
    assert sb.unique_id("kysely", {"kysely", "kysely-2"}) == "kysely-3"
    assert sb.unique_id("q1", {"q1"}, sep="_") == "q1_2"


def test_a_new_survey_is_one_blank_question_the_validator_names():
    data = sb.new_definition("viikko", "Viikko")
    with pytest.raises(SurveyError) as exc:
        _valid(data)
    assert exc.value.problems == ["x: questions[1] (q1): text.fi: must be a non-empty text"]
    sb.set_localized(data["questions"][0], "text", "fi", "  Miten meni?  ")
    assert _valid(data).questions[0].text == {"fi": "Miten meni?"}
    with pytest.raises(sb.BuildError) as bad:
        sb.new_definition("Viikko!", "V")
    assert bad.value.key == "builder_bad_id"
    with pytest.raises(sb.BuildError) as bad:
        sb.new_definition("viikko", "  ")
    assert bad.value.key == "builder_title_missing"


def test_questions_added_moved_copied_removed_keep_unique_ids():
    data = sb.new_definition("kk", "K")
    sb.set_localized(data["questions"][0], "text", "fi", "Yksi")
    q2 = sb.add_question(data, "choice")
    assert q2["id"] == "q2" and len(q2["options"]) == 2
    for o, label in zip(q2["options"], ("A", "B"), strict=True):
        sb.set_localized(o, "label", "fi", label)
    sb.set_localized(q2, "text", "fi", "Kaksi")
    copy = sb.duplicate_question(data, 1)
    assert copy["id"] == "q2_2" and copy["options"] == q2["options"]
    assert sb.move_question(data, 2, -5) == 0
    assert [q["id"] for q in data["questions"]] == ["q2_2", "q1", "q2"]
    q4 = sb.add_question(data, "text", at=1)
    assert q4["id"] == "q4"
    sb.set_localized(q4, "text", "fi", "Kerro")
    survey = _valid(data)
    assert [q.id for q in survey.questions] == ["q2_2", "q4", "q1", "q2"]
    sb.remove_question(data, 1)
    sb.remove_question(data, 0)
    sb.remove_question(data, 0)
    with pytest.raises(sb.BuildError) as exc:
        sb.remove_question(data, 0)
    assert exc.value.key == "builder_last_question"


def test_options_and_type_changes():
    data = sb.new_definition("kk", "K")
    q = data["questions"][0]
    sb.set_localized(q, "text", "fi", "Mitä?")
    q["comment"] = True
    q["scale"] = {1: {"fi": "Ei yhtään"}}
    sb.set_question_type(data, 0, "multi")
    assert "comment" not in q and "scale" not in q and len(q["options"]) == 2
    opt = sb.add_option(data, 0)
    assert opt["id"] == "c"
    for o, label in zip(q["options"], "ABC", strict=True):
        sb.set_localized(o, "label", "fi", label)
    sb.move_option(data, 0, 2, -1)
    assert [o["id"] for o in q["options"]] == ["a", "c", "b"]
    sb.remove_option(data, 0, 0)
    with pytest.raises(sb.BuildError) as exc:
        sb.remove_option(data, 0, 0)
    assert exc.value.key == "builder_two_options"
    sb.set_question_type(data, 0, "likert")
    assert "options" not in q
    sb.set_scale_word(data, 0, 4, "fi", "Todella paljon")
    assert _valid(data).questions[0].scale == {4: {"fi": "Todella paljon"}}
    sb.set_scale_word(data, 0, 4, "fi", "")
    assert "scale" not in q
    with pytest.raises(sb.BuildError):
        sb.set_question_type(data, 0, "slider")


def test_question_ids_checked():
    data = sb.new_definition("kk", "K")
    sb.add_question(data, "text")
    with pytest.raises(sb.BuildError) as exc:
        sb.set_question_id(data, 1, "q1")
    assert exc.value.key == "builder_question_id_taken"
    with pytest.raises(sb.BuildError) as exc:
        sb.set_question_id(data, 1, "Kysymys 2")
    assert exc.value.key == "builder_bad_question_id"
    sb.set_question_id(data, 1, "palaute")
    assert data["questions"][1]["id"] == "palaute"


def test_missing_translations_and_normalize():
    data = {"id": "k", "title": "Otsikko", "languages": ["fi", "sv"],
            "questions": [{"id": "q1", "type": "choice", "text": "Mitä?",
                           "easy": {"fi": "Mitä?", "sv": "Vad?"},
                           "options": [{"id": "a", "label": "A"},
                                       {"id": "b", "label": {"fi": "B", "sv": "B"}}]}]}
    sb.normalize(data)
    assert data["title"] == {"fi": "Otsikko"}
    assert sb.missing_translations(data) == [
        ("title", "sv"), ("questions[1].text", "sv"), ("questions[1].options[1].label", "sv")]
    sb.set_localized(data, "title", "sv", "Rubrik")
    assert ("title", "sv") not in sb.missing_translations(data)
    sb.set_localized(data["questions"][0], "easy", "fi", "")
    sb.set_localized(data["questions"][0], "easy", "sv", "")
    assert "easy" not in data["questions"][0]  # an optional field left empty is no field


def test_every_picture_needs_a_text_alternative_and_the_library_fills_them():
    data = yaml.safe_load((SHIPPED_DEFS / "palvelukahvila.yaml").read_text(encoding="utf-8"))
    sb.normalize(data)
    missing = sb.missing_alt_texts(data)
    pictured = sum(1 for q in data["questions"] if q.get("picture")) + sum(
        1 for q in data["questions"] for o in q.get("options") or [] if o.get("picture"))
    assert len(missing) == pictured > 0
    assert missing[0].endswith("picture_alt: a picture needs its text alternative (what it"
                               " shows)")
    from raati import pictures

    alts = {p.path: p.alt for p in pictures.library(Path(SHIPPED_DEFS))}
    sb.fill_alt_texts(data, alts)
    assert sb.missing_alt_texts(data) == []
    first = next(q for q in data["questions"] if q.get("picture"))
    assert first["picture_alt"]["fi"] == alts[first["picture"]]["fi"]
    assert _valid(data).questions[0].picture_alt is not None


def test_problems_grouped_by_question():
    lines = ["k.yaml: title: has no text", "k.yaml: questions[2] (q2): text.fi: x",
             "k.yaml: questions[2] (q2): options[1] (a): label.fi: y",
             "k.yaml: questions[10] (q10): type: z"]
    assert sb.problems_by_question(lines) == {None: [lines[0]], 1: lines[1:3], 9: [lines[3]]}


def test_validator_lines_explained_in_plain_words():
    from raati.i18n import t

    key, v = sb.explain("kk: questions[2] (q2): options[1] (a): label.fi: must be a non-empty text")
    assert key == "builder_explain_empty" and (v["q"], v["o"], v["lang"]) == (2, 1, "fi")
    where = t("builder_where_option", "fi", q=v["q"], o=v["o"])
    assert t(key, "fi", where=where, field=t(v["field"], "fi"), language="suomi") == \
        "Kysymys 2, vaihtoehto 1: kirjoita vaihtoehdon teksti (suomi)."
    key, v = sb.explain("kk: title: has no text in the default language 'fi'")
    assert key == "builder_explain_empty" and v["lang"] == "fi" and v["q"] == 0
    assert sb.explain("kk: questions[1] (q1): picture_alt: a picture needs its text"
                      " alternative (what it shows)")[0] == "builder_explain_alt"
    assert sb.explain("kk: questions[3] (q3): options: a choice question needs 2..30 options"
                      )[0] == "builder_explain_options"
    assert sb.explain("kk: line 3, column 1: YAML syntax error: x") is None
