"""Survey definitions (contract §1): the shipped files load, and every way a file can break
the contract is refused with one line per problem, ``FILE: questions[N] (qid): field: what``
(positions counted from 1)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from _helpers import SHIPPED_DEFS, SMALL_COLUMNS, SMALL_SURVEY, TINY_SVG, make_defs, write_survey

from raati.surveys import (
    DEFAULT_SCALE,
    FIXED_COLUMNS,
    SurveyError,
    find_survey,
    load_survey,
    load_surveys,
    localize,
    survey_files,
    validate_files,
)

pytestmark = pytest.mark.usefixtures("clean_env")

QUESTION_KEYS_TEXT = "comment, easy, id, max_length, optional, options, picture, picture_alt, scale, text, type"
TYPES_TEXT = "likert, grade, choice, multi, text"


def problems_of(folder: Path, data, name: str = "kysely.yaml") -> list[str]:
    """The problem lines of a survey file with ``data``, or [] if it loads."""
    path = write_survey(folder, data, name)
    try:
        load_survey(path)
    except SurveyError as exc:
        assert str(exc) == "\n".join(exc.problems)
        return exc.problems
    return []


def problems_of_text(folder: Path, text: str | bytes, name: str = "kysely.yaml") -> list[str]:
    make_defs(folder)
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    try:
        load_survey(path)
    except SurveyError as exc:
        return exc.problems
    return []


def base() -> dict:
    return copy.deepcopy(SMALL_SURVEY)


# -- the shipped surveys ------------------------------------------------------------------


def test_shipped_surveys_load(shipped_defs):
    surveys = load_surveys(shipped_defs)
    assert set(surveys) == {"asiakaskysely", "viikkofiilis", "palvelukahvila",
                           "tilaisuuspalaute"}
    for sid, survey in surveys.items():
        assert survey.path == shipped_defs / f"{sid}.yaml"
        assert len(survey.version) == 12 and int(survey.version, 16) >= 0
        assert survey.default_language == "fi"
        assert survey.text(survey.title, "fi")
        for q in survey.questions:
            assert survey.text(q.text, "fi")
            for pic in [q.picture] + [o.picture for o in q.options]:
                if pic:
                    assert (shipped_defs / pic).is_file(), pic


def test_shipped_asiakaskysely_columns_and_types(shipped_defs):
    s = find_survey(shipped_defs, "asiakaskysely")
    cols = s.csv_columns
    assert cols[:5] == list(FIXED_COLUMNS)
    assert cols[5:7] == ["elamantilanne", "elamantilanne__comment"]
    assert cols[7] == "tutustuminen"  # no comment box on this one
    assert s.question("arvosana").type == "grade"
    assert s.question("parasta").optional is True  # text defaults to optional
    assert s.question("elamantilanne").optional is False
    assert s.scale == DEFAULT_SCALE  # no scale key: the Espoo default


def test_shipped_viikkofiilis_max_length(shipped_defs):
    s = find_survey(shipped_defs, "viikkofiilis")
    assert s.question("muuta").max_length == 500
    assert s.question("viikko").max_length == 1000


def test_find_survey_unknown(shipped_defs):
    with pytest.raises(SurveyError) as exc:
        find_survey(shipped_defs, "eiole")
    line = exc.value.problems[0]
    assert line.startswith("survey 'eiole': no such survey in ")
    assert "asiakaskysely" in line
    with pytest.raises(SurveyError):
        find_survey(shipped_defs, "../survey_defs/asiakaskysely")


def test_load_surveys_missing_folder(tmp_path):
    with pytest.raises(SurveyError) as exc:
        load_surveys(tmp_path / "nope")
    assert exc.value.problems == [f"{tmp_path / 'nope'}: the survey folder does not exist"]


def test_small_survey_loads_with_every_field(tmp_path):
    path = write_survey(tmp_path, base())
    s = load_survey(path)
    assert s.id == "kysely"
    assert s.languages == ("fi", "sv")
    assert s.title == {"fi": "Kysely", "sv": "Enkät"}
    q1, q2, q3, q4, q5 = s.questions
    assert (q1.type, q1.comment, q1.picture) == ("likert", True, "pictures/p.svg")
    assert q2.text == {"fi": "Anna arvosana"}  # a plain string is the default language's
    assert q3.option_ids == ("a", "b") and q3.option("b").label == {"fi": "Bee"}
    assert q3.option("b").picture == "pictures/p.svg" and q3.option("zz") is None
    assert q4.type == "multi" and q4.optional is False
    assert q5.max_length == 20 and q5.optional is True
    assert s.csv_columns == SMALL_COLUMNS


def test_csv_columns_comment_right_after_item(tmp_path):
    data = base()
    data["questions"][1]["comment"] = True  # grade
    data["questions"][2]["comment"] = True  # choice
    s = load_survey(write_survey(tmp_path, data))
    assert s.csv_columns == [
        "response_id", "survey", "unit", "date", "lang",
        "q1", "q1__comment", "q2", "q2__comment", "q3", "q3__comment", "q4", "q5",
    ]


def test_optional_flag_explicit(tmp_path):
    data = base()
    data["questions"][0]["optional"] = True
    data["questions"][4]["optional"] = False
    s = load_survey(write_survey(tmp_path, data))
    assert s.questions[0].optional is True
    assert s.questions[4].optional is False


def test_yml_suffix_and_custom_scale(tmp_path):
    data = base()
    data["scale"] = {1: {"fi": "Huono"}, 2: "Välttävä", "3": {"fi": "Hyvä"}, 4: {"fi": "Loistava"}}
    path = write_survey(tmp_path, data, "kysely.yml")
    s = load_survey(path)
    assert s.scale[2] == {"fi": "Välttävä"}
    assert s.scale[3] == {"fi": "Hyvä"}
    assert survey_files(tmp_path) == [path]


def test_defaults_without_languages(tmp_path):
    data = base()
    del data["languages"]
    data["title"] = "Kysely"
    data["questions"][0]["text"] = "Kysymys"
    s = load_survey(write_survey(tmp_path, data))
    assert s.languages == ("fi",)
    assert s.title == {"fi": "Kysely"}


# -- localize --------------------------------------------------------------------------


def test_localize_fallback():
    value = {"fi": "Kyllä", "sv": "Ja"}
    assert localize(value, "sv", "fi") == "Ja"
    assert localize(value, "en", "fi") == "Kyllä"  # missing language: the default's text
    assert localize({"sv": "Ja"}, "en", "fi") == "Ja"  # neither: the first there is
    assert localize(None, "fi", "fi") == ""
    assert localize({}, "fi", "fi") == ""


def test_survey_text_falls_back_to_default(tmp_path):
    s = load_survey(write_survey(tmp_path, base()))
    q1 = s.questions[0]
    assert s.text(q1.text, "sv") == "Fråga ett"
    assert s.text(q1.text, "en") == "Kysymys yksi"
    assert s.text(s.questions[1].text, "sv") == "Anna arvosana"


# -- version -----------------------------------------------------------------------------


def test_version_changes_with_file(tmp_path):
    path = write_survey(tmp_path, base())
    v1 = load_survey(path).version
    assert v1 == load_survey(path).version  # same bytes, same version
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    v2 = load_survey(path).version
    assert v2 != v1 and len(v2) == 12


# -- refusals: each mutation gives exactly the one expected line ------------------------


def _set(path, value):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _del(path):
    def mutate(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


Q = "questions"
CASES = {
    # survey level
    "unknown survey key": (
        _set(["titel"], "x"),
        "kysely.yaml: titel: unknown key (allowed: id, intro, intro_easy, languages, questions, scale, title)",
    ),
    "missing id": (_del(["id"]), "kysely.yaml: id: is required and must match [a-z0-9-]{2,40}"),
    "bad id": (_set(["id"], "Kysely_1"), "kysely.yaml: id: is required and must match [a-z0-9-]{2,40}"),
    "one-letter id": (_set(["id"], "k"), "kysely.yaml: id: is required and must match [a-z0-9-]{2,40}"),
    "id is not the stem": (_set(["id"], "toinen"), "kysely.yaml: id: 'toinen' must equal the file name 'kysely'"),
    "missing title": (_del(["title"]), "kysely.yaml: title: is required"),
    "empty title": (_set(["title"], "  "), "kysely.yaml: title: must not be empty"),
    "title without default language": (
        _set(["title"], {"sv": "Enkät"}),
        "kysely.yaml: title: has no text in the default language 'fi'",
    ),
    "title a list": (
        _set(["title"], ["a"]),
        "kysely.yaml: title: must be a text or a mapping from language code to text",
    ),
    "intro empty language text": (
        _set(["intro"], {"fi": ""}), "kysely.yaml: intro.fi: must be a non-empty text"),
    "languages duplicate": (
        _set(["languages"], ["fi", "sv", "fi"]), "kysely.yaml: languages: 'fi' is listed twice"),
    "languages bad code": (
        _set(["languages"], ["fi", "Finnish"]),
        "kysely.yaml: languages: 'Finnish' is not a language code (like fi, sv, en)",
    ),
    "languages empty": (
        _set(["languages"], []),
        "kysely.yaml: languages: must be a list of language codes, like [fi, sv, en]",
    ),
    "languages a string": (
        _set(["languages"], "fi"),
        "kysely.yaml: languages: must be a list of language codes, like [fi, sv, en]",
    ),
    "scale extra point": (
        _set(["scale"], {1: "a", 2: "b", 3: "c", 4: "d", 5: "e"}),
        "kysely.yaml: scale.5: the scale has only the points 1, 2, 3 and 4",
    ),
    "scale point zero": (
        _set(["scale"], {0: "z", 1: "a", 2: "b", 3: "c", 4: "d"}),
        "kysely.yaml: scale.0: the scale has only the points 1, 2, 3 and 4",
    ),
    "scale missing point": (
        _set(["scale"], {1: "a", 2: "b", 3: "c"}),
        "kysely.yaml: scale: needs a label for every point; missing 4",
    ),
    "scale missing points": (
        _set(["scale"], {2: "b", 3: "c"}),
        "kysely.yaml: scale: needs a label for every point; missing 1, 4",
    ),
    "scale label without default language": (
        _set(["scale"], {1: "a", 2: "b", 3: "c", 4: {"sv": "d"}}),
        "kysely.yaml: scale.4: has no text in the default language 'fi'",
    ),
    "scale not a mapping": (
        _set(["scale"], ["a", "b", "c", "d"]),
        "kysely.yaml: scale: must map each of 1, 2, 3, 4 to its label",
    ),
    "questions missing": (_del([Q]), "kysely.yaml: questions: is required: a list of 1..200 questions"),
    "questions empty": (_set([Q], []), "kysely.yaml: questions: is required: a list of 1..200 questions"),
    "questions a mapping": (
        _set([Q], {"id": "q1"}), "kysely.yaml: questions: is required: a list of 1..200 questions"),
    "questions over 200": (
        _set([Q], [{"id": f"q{i}", "type": "grade", "text": "x"} for i in range(201)]),
        "kysely.yaml: questions: is required: a list of 1..200 questions",
    ),
    # question level
    "question not a mapping": (
        _set([Q, 1], "q2"), "kysely.yaml: questions[2]: a question must be a mapping with id, type and text"),
    "unknown question key": (
        _set([Q, 2, "typo"], 1),
        f"kysely.yaml: questions[3] (q3): typo: unknown key (allowed: {QUESTION_KEYS_TEXT})",
    ),
    "question id missing": (
        _del([Q, 1, "id"]), "kysely.yaml: questions[2]: id: is required and must match [a-z0-9_]{1,40}"),
    "question id bad": (
        _set([Q, 1, "id"], "Q-2"),
        "kysely.yaml: questions[2] (Q-2): id: is required and must match [a-z0-9_]{1,40}",
    ),
    "question id too long": (
        _set([Q, 1, "id"], "q" * 41),
        f"kysely.yaml: questions[2] ({'q' * 41}): id: is required and must match [a-z0-9_]{{1,40}}",
    ),
    "duplicate question id": (
        _set([Q, 3, "id"], "q2"), "kysely.yaml: questions[4] (q2): id: is already used by questions[2]"),
    "comment column clash": (
        _set([Q, 1, "id"], "q1__comment"),
        "kysely.yaml: questions[2] (q1__comment): id: clashes with the comment column of 'q1'",
    ),
    "bad type": (
        _set([Q, 1, "type"], "scale"),
        f"kysely.yaml: questions[2] (q2): type: is 'scale'; must be one of {TYPES_TEXT}",
    ),
    "missing type": (
        _del([Q, 1, "type"]), f"kysely.yaml: questions[2] (q2): type: is missing; must be one of {TYPES_TEXT}"),
    "missing text": (_del([Q, 1, "text"]), "kysely.yaml: questions[2] (q2): text: is required"),
    "empty text": (_set([Q, 1, "text"], ""), "kysely.yaml: questions[2] (q2): text: must not be empty"),
    "blank language text": (
        _set([Q, 0, "text"], {"fi": "Kysymys", "sv": "   "}),
        "kysely.yaml: questions[1] (q1): text.sv: must be a non-empty text",
    ),
    "text without default language": (
        _set([Q, 0, "text"], {"sv": "Fråga"}),
        "kysely.yaml: questions[1] (q1): text: has no text in the default language 'fi'",
    ),
    "text bad language code": (
        _set([Q, 0, "text"], {"fi": "Kysymys", "Suomi": "x"}),
        "kysely.yaml: questions[1] (q1): text.Suomi: is not a language code (like fi, sv, en)",
    ),
    "easy without default language": (
        _set([Q, 0, "easy"], {"sv": "Lätt"}),
        "kysely.yaml: questions[1] (q1): easy: has no text in the default language 'fi'",
    ),
    "picture missing": (
        _set([Q, 0, "picture"], "pictures/nope.svg"),
        "kysely.yaml: questions[1] (q1): picture: 'pictures/nope.svg' does not exist",
    ),
    "picture escapes with ..": (
        _set([Q, 0, "picture"], "../outside.svg"),
        "kysely.yaml: questions[1] (q1): picture: '../outside.svg' must stay inside the survey folder",
    ),
    "picture escapes through subfolder": (
        _set([Q, 0, "picture"], "pictures/../../outside.svg"),
        "kysely.yaml: questions[1] (q1): picture: 'pictures/../../outside.svg' must stay inside the survey folder",
    ),
    "picture absolute": (
        _set([Q, 0, "picture"], "/etc/hostname"),
        "kysely.yaml: questions[1] (q1): picture: '/etc/hostname' must stay inside the survey folder",
    ),
    "picture not a string": (
        _set([Q, 0, "picture"], 5),
        "kysely.yaml: questions[1] (q1): picture: must be a path relative to the survey folder",
    ),
    "comment not boolean": (
        _set([Q, 0, "comment"], "kyllä"), "kysely.yaml: questions[1] (q1): comment: must be true or false"),
    "optional not boolean": (
        _set([Q, 0, "optional"], 1), "kysely.yaml: questions[1] (q1): optional: must be true or false"),
    "comment on multi": (
        _set([Q, 3, "comment"], True),
        "kysely.yaml: questions[4] (q4): comment: a multi question cannot have a comment box",
    ),
    "comment on text": (
        _set([Q, 4, "comment"], True),
        "kysely.yaml: questions[5] (q5): comment: a text question cannot have a comment box",
    ),
    "options on likert": (
        _set([Q, 0, "options"], [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]),
        "kysely.yaml: questions[1] (q1): options: only choice and multi questions have options, not likert",
    ),
    "options on text": (
        _set([Q, 4, "options"], []),
        "kysely.yaml: questions[5] (q5): options: only choice and multi questions have options, not text",
    ),
    "choice with one option": (
        _set([Q, 2, "options"], [{"id": "a", "label": "A"}]),
        "kysely.yaml: questions[3] (q3): options: a choice question needs 2..30 options",
    ),
    "choice without options": (
        _del([Q, 2, "options"]), "kysely.yaml: questions[3] (q3): options: a choice question needs 2..30 options"),
    "multi with 31 options": (
        _set([Q, 3, "options"], [{"id": f"o{i}", "label": f"O{i}"} for i in range(31)]),
        "kysely.yaml: questions[4] (q4): options: a multi question needs 2..30 options",
    ),
    "duplicate option id": (
        _set([Q, 2, "options"], [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}]),
        "kysely.yaml: questions[3] (q3): options[2] (a): id: 'a' is used twice in this question",
    ),
    "unknown option key": (
        _set([Q, 2, "options", 1, "colour"], "red"),
        "kysely.yaml: questions[3] (q3): options[2] (b): colour: unknown key (allowed: id, label, picture, picture_alt)",
    ),
    "option bad id": (
        _set([Q, 2, "options", 0, "id"], "A B"),
        "kysely.yaml: questions[3] (q3): options[1] (A B): id: is required and must match [a-z0-9_-]{1,40}",
    ),
    "option without label": (
        _del([Q, 2, "options", 0, "label"]), "kysely.yaml: questions[3] (q3): options[1] (a): label: is required"),
    "option not a mapping": (
        _set([Q, 2, "options", 0], "a"),
        "kysely.yaml: questions[3] (q3): options[1]: an option must be a mapping with id and label",
    ),
    "option picture missing": (
        _set([Q, 2, "options", 1, "picture"], "pictures/nope.svg"),
        "kysely.yaml: questions[3] (q3): options[2] (b): picture: 'pictures/nope.svg' does not exist",
    ),
    "option picture escapes": (
        _set([Q, 2, "options", 1, "picture"], "../outside.svg"),
        "kysely.yaml: questions[3] (q3): options[2] (b): picture: '../outside.svg' must stay inside the survey folder",
    ),
    "max_length on grade": (
        _set([Q, 1, "max_length"], 100),
        "kysely.yaml: questions[2] (q2): max_length: only text questions have max_length, not grade",
    ),
    "max_length zero": (
        _set([Q, 4, "max_length"], 0), "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000"),
    "max_length over 5000": (
        _set([Q, 4, "max_length"], 5001), "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000"),
    "max_length a string": (
        _set([Q, 4, "max_length"], "100"), "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000"),
    "max_length boolean": (
        _set([Q, 4, "max_length"], True), "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000"),
    "max_length float": (
        _set([Q, 4, "max_length"], 100.5), "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000"),
}


@pytest.mark.parametrize("mutate, expected", list(CASES.values()), ids=list(CASES))
def test_refused_with_one_exact_line(tmp_path, mutate, expected):
    defs = tmp_path / "defs"
    (tmp_path / "outside.svg").write_text(TINY_SVG, encoding="utf-8")  # exists, but outside
    data = base()
    mutate(data)
    assert problems_of(defs, data) == [expected]


@pytest.mark.parametrize("qid", list(FIXED_COLUMNS))
def test_reserved_question_ids(tmp_path, qid):
    data = base()
    data["questions"][1]["id"] = qid
    assert problems_of(tmp_path, data) == [
        f"kysely.yaml: questions[2] ({qid}): id: '{qid}' is reserved for a column of the responses CSV"
    ]


@pytest.mark.parametrize("max_length", [1, 5000])
def test_max_length_bounds_accepted(tmp_path, max_length):
    data = base()
    data["questions"][4]["max_length"] = max_length
    s = load_survey(write_survey(tmp_path, data))
    assert s.questions[4].max_length == max_length


@pytest.mark.parametrize("count", [2, 30])
def test_option_count_bounds_accepted(tmp_path, count):
    data = base()
    data["questions"][3]["options"] = [{"id": f"o{i}", "label": "x"} for i in range(count)]
    assert len(load_survey(write_survey(tmp_path, data)).questions[3].options) == count


def test_200_questions_accepted(tmp_path):
    data = base()
    data["questions"] = [{"id": f"q{i}", "type": "grade", "text": "x"} for i in range(200)]
    assert len(load_survey(write_survey(tmp_path, data)).questions) == 200


def test_every_problem_is_listed(tmp_path):
    data = base()
    data["titel"] = "typo"
    data["questions"][0]["type"] = "likertti"
    data["questions"][2]["options"] = [{"id": "a", "label": "A"}]
    data["questions"][4]["max_length"] = 9999
    assert problems_of(tmp_path, data) == [
        "kysely.yaml: titel: unknown key (allowed: id, intro, intro_easy, languages, questions, scale, title)",
        f"kysely.yaml: questions[1] (q1): type: is 'likertti'; must be one of {TYPES_TEXT}",
        "kysely.yaml: questions[3] (q3): options: a choice question needs 2..30 options",
        "kysely.yaml: questions[5] (q5): max_length: must be a whole number 1..5000",
    ]


def test_not_a_mapping(tmp_path):
    assert problems_of_text(tmp_path, "- id: kysely\n") == [
        "kysely.yaml: a survey file must be a mapping with id, title and questions"
    ]
    assert problems_of_text(tmp_path, "") == [
        "kysely.yaml: a survey file must be a mapping with id, title and questions"
    ]


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    text = "id: kysely\ntitle: Kysely\nquestions:\n  - id: q1\n    text: [auki\n    type: likert\n"
    problems = problems_of_text(tmp_path, text)
    assert problems == [
        "kysely.yaml: line 6, column 9: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_yaml_syntax_error_bad_indentation_line(tmp_path):
    text = "id: kysely\ntitle: Kysely\n  oops: 1\nquestions: []\n"
    assert problems_of_text(tmp_path, text) == [
        "kysely.yaml: line 3, column 7: YAML syntax error: mapping values are not allowed in this context"
    ]


def test_duplicate_yaml_keys(tmp_path):
    text = "id: kysely\ntitle: Kysely\nid: toinen\nquestions: []\n"
    assert problems_of_text(tmp_path, text) == [
        "kysely.yaml: line 3, column 1: YAML syntax error: duplicate key 'id' (first on line 1)"
    ]


def test_duplicate_keys_in_a_question(tmp_path):
    text = (
        "id: kysely\ntitle: Kysely\nquestions:\n"
        "  - id: q1\n    type: likert\n    text: Yksi\n    type: grade\n"
    )
    assert problems_of_text(tmp_path, text) == [
        "kysely.yaml: line 7, column 5: YAML syntax error: duplicate key 'type' (first on line 5)"
    ]


def test_not_utf8(tmp_path):
    text = "id: kysely\ntitle: Kysely äö\nquestions:\n  - {id: q1, type: grade, text: x}\n"
    raw = text.encode("latin-1")
    first_bad = raw.index("ä".encode("latin-1"))
    assert problems_of_text(tmp_path, raw) == [
        f"kysely.yaml: the file is not UTF-8 text (byte {first_bad})"
    ]


def test_utf8_bom_accepted(tmp_path):
    text = "id: kysely\ntitle: Kysely äö\nquestions:\n  - {id: q1, type: grade, text: x}\n"
    assert problems_of_text(tmp_path, b"\xef\xbb\xbf" + text.encode()) == []


def test_two_files_with_the_same_id(tmp_path):
    a = write_survey(tmp_path, base(), "kysely.yaml")
    b = write_survey(tmp_path, base(), "kysely.yml")
    surveys, problems = validate_files([a, b], tmp_path)
    assert [s.id for s in surveys] == ["kysely"]
    assert problems == ["kysely.yml: id: 'kysely' is also the id of kysely.yaml"]
    with pytest.raises(SurveyError) as exc:
        load_surveys(tmp_path)
    assert exc.value.problems == problems


def test_validate_files_keeps_good_and_lists_bad(tmp_path):
    good = write_survey(tmp_path, base())
    other = base()
    other["id"] = "toinen"
    other["questions"][0]["type"] = "nope"
    bad = write_survey(tmp_path, other)
    surveys, problems = validate_files([good, bad], tmp_path)
    assert [s.id for s in surveys] == ["kysely"]
    assert problems == [f"toinen.yaml: questions[1] (q1): type: is 'nope'; must be one of {TYPES_TEXT}"]


def test_pictures_resolve_against_defs_dir(tmp_path):
    defs = make_defs(tmp_path / "defs")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    path = elsewhere / "kysely.yaml"
    write_survey(defs, base())
    path.write_bytes((defs / "kysely.yaml").read_bytes())
    # Against its own folder the pictures are missing; against the survey folder they exist.
    with pytest.raises(SurveyError) as exc:
        load_survey(path)
    assert "questions[1] (q1): picture: 'pictures/p.svg' does not exist" in exc.value.problems[0]
    assert load_survey(path, defs).id == "kysely"


def test_question_marks_in_flow_mappings(tmp_path):
    # as in contract §1: "text: {fi: Mikä on ollut parasta?}" (PyYAML alone refuses this)
    text = (
        "id: kysely\ntitle: {fi: Kysely?, sv: Enkät?}\nlanguages: [fi, sv]\nquestions:\n"
        "  - id: parasta\n    type: text\n    text: {fi: Mikä on ollut parasta?}\n"
        "  - id: hyoty\n    type: choice\n    text: {fi: Oliko hyötyä? Kerro, sv: Nytta?}\n"
        "    options:\n      - {id: kylla, label: {fi: Kyllä!}}\n"
        "      - {id: eos, label: {fi: En tiedä?}}\n"
    )
    assert problems_of_text(tmp_path, text) == []
    s = load_survey(tmp_path / "kysely.yaml")
    assert s.title == {"fi": "Kysely?", "sv": "Enkät?"}
    assert s.questions[0].text == {"fi": "Mikä on ollut parasta?"}
    assert s.questions[1].text == {"fi": "Oliko hyötyä? Kerro", "sv": "Nytta?"}
    assert s.questions[1].option("eos").label == {"fi": "En tiedä?"}


# -- hostile files: bounded reading, and one bad file never takes the others down (issue 8) --


def alias_bomb(levels: int = 9) -> str:
    """A "billion laughs" survey file: nine anchors, each nine aliases of the one before,
    used in ``languages`` and ``type`` (9**9 values once expanded, from 464 bytes)."""
    names = "abcdefghi"[:levels]
    lines = ["id: pommi", "title: Pommi", "a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip(names, names[1:], strict=False):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    last = names[-1]
    lines += [f"languages: *{last}", "questions:", f"  - {{id: q1, type: *{last}, text: K}}"]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_fast_and_the_good_surveys_still_load(tmp_path):
    import time

    import raati.surveys as surveys_mod

    defs = tmp_path / "defs"
    shutil.copytree(SHIPPED_DEFS, defs)
    (defs / "pommi.yaml").write_text(alias_bomb(), encoding="utf-8")
    assert (defs / "pommi.yaml").stat().st_size < 500
    start = time.perf_counter()
    good, problems = validate_files(survey_files(defs), defs)
    assert time.perf_counter() - start < 2
    assert sorted(s.id for s in good) == ["asiakaskysely", "palvelukahvila",
                                          "tilaisuuspalaute", "viikkofiilis"]
    assert problems == [
        "pommi.yaml: line 8: too many aliases/anchors (YAML alias expansion would make more"
        f" than {surveys_mod.MAX_YAML_NODES:,} values)"]
    with pytest.raises(SurveyError) as exc:
        load_surveys(defs)
    assert exc.value.problems == problems
    # the same anchors expanded a little are fine as YAML (then refused by the contract)
    small = problems_of_text(tmp_path / "small", alias_bomb(levels=2), "pommi.yaml")
    assert small and all("alias" not in p for p in small)


def test_many_aliases_refused(tmp_path, monkeypatch):
    import raati.surveys as surveys_mod

    monkeypatch.setattr(surveys_mod, "MAX_YAML_ALIASES", 10)
    text = "id: kysely\nx: &x fi\nlanguages: [" + ", ".join(["*x"] * 11) + "]\n"
    assert problems_of_text(tmp_path, text) == [
        "kysely.yaml: line 3: too many aliases/anchors (more than 10 aliases)"]


@pytest.mark.parametrize("text, expected", [
    ("id: kysely\nlanguages: &a [fi, *a]\n",
     "kysely.yaml: line 2: the alias *a is inside its own anchor (a value cannot contain itself)"),
    ("id: kysely\ntitle: " + "[" * 60 + "]" * 60 + "\n",
     "kysely.yaml: line 2: nested more than 50 levels deep"),
    ("id: kysely\nquestions: [" + ", ".join(["x"] * 200_001) + "]\n",
     "kysely.yaml: line 2: the file has more than 200,000 values"),
    ("id: kysely\ntitle: 2025-13-45\n",
     "kysely.yaml: line 2, column 8: YAML syntax error: cannot read the value '2025-13-45'"
     " (month must be in 1..12); put a text in quotes"),
    ("id: kysely\ntitle: 2025-02-30\n",
     "kysely.yaml: line 2, column 8: YAML syntax error: cannot read the value '2025-02-30'"
     " (day is out of range for month); put a text in quotes"),
    ("id: kysely\nquestions:\n  - max_length: " + "9" * 5000 + "\n",
     "kysely.yaml: line 3, column 17: YAML syntax error: cannot read the value"
     f" '{'9' * 60}…' (Exceeds the limit (4300 digits) for integer string conversion);"
     " put a text in quotes"),
], ids=["recursive alias", "deep nesting", "too many values", "month 13", "30 February",
        "5000-digit number"])
def test_costly_or_unreadable_yaml_is_one_line(tmp_path, text, expected):
    assert problems_of_text(tmp_path, text) == [expected]


def test_yaml_that_crashed_the_loader_does_not_take_the_others_down(tmp_path):
    defs = make_defs(tmp_path / "defs")
    good = write_survey(defs, base())
    bad = defs / "rikki.yaml"
    bad.write_text("id: rikki\ntitle: 2025-13-45\n", encoding="utf-8")
    surveys, problems = validate_files([good, bad], defs)
    assert [s.id for s in surveys] == ["kysely"]
    assert len(problems) == 1 and problems[0].startswith("rikki.yaml: line 2, column 8: ")


def test_file_size_is_capped(tmp_path, monkeypatch):
    import raati.surveys as surveys_mod

    monkeypatch.setattr(surveys_mod, "MAX_YAML_BYTES", 1000)
    text = "id: kysely\n# " + "x" * 1000 + "\n"
    assert problems_of_text(tmp_path, text) == [
        "kysely.yaml: the file is larger than 1,000 bytes; a survey file is much smaller"]


def test_problems_per_file_are_capped_and_printable(tmp_path):
    data = base()
    for i in range(80):
        data[f"typo{i}"] = 1
    problems = problems_of(tmp_path, data)
    assert len(problems) == 51
    assert problems[-1] == "kysely.yaml: ... and 30 more problems"
    # a value from the file is quoted short and without its control characters
    data = base()
    data["languages"] = ["fi", "\x1b[31m" + "x" * 500]
    (line,) = problems_of(tmp_path, data)
    assert line == (f"kysely.yaml: languages: '\\x1b[31m{'x' * 55}…' is not a language code"
                    " (like fi, sv, en)")
    # and a huge nested value costs nothing to quote
    data["languages"] = ["fi", [[list(range(1000))] * 100]]
    (line,) = problems_of(tmp_path, data)
    assert line.startswith("kysely.yaml: languages: '[[[...], [...], [...], [...], ...]]'")
    assert len(line) < 150
