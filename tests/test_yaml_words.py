"""YAML 1.1 reads yes/no/on/off as true/false and 1 as a number. In a survey file the
contract wants texts in those places: numbers are taken as the text written, and a
yes/no word is refused with a message that names it and says to quote it (issue 9)."""

from __future__ import annotations

import pytest
from test_surveys import problems_of_text

from raati.surveys import load_survey

HEAD = """\
id: kysely
title: {fi: Kysely, en: Survey}
languages: [fi, en]
questions:
"""


def _load(tmp_path, text: str):
    problems = problems_of_text(tmp_path, text)
    if problems:
        return problems
    return load_survey(tmp_path / "kysely.yaml")


@pytest.mark.parametrize("text, expected", [
    (HEAD + "  - {id: q1, type: choice, text: {fi: Oliko?, en: Was it?},\n"
     "     options: [{id: kylla, label: {fi: Kyllä, en: Yes}}, {id: ei, label: {fi: Ei, en: No}}]}\n",
     ["kysely.yaml: questions[1] (q1): options[1] (kylla): label.en: 'Yes' was read as a yes/no"
      " value (YAML); put the word in quotes: \"Yes\"",
      "kysely.yaml: questions[1] (q1): options[2] (ei): label.en: 'No' was read as a yes/no"
      " value (YAML); put the word in quotes: \"No\""]),
    (HEAD.replace("[fi, en]", "[fi, no]") + "  - {id: q1, type: likert, text: Hyvä?}\n",
     ["kysely.yaml: languages: 'no' was read as a yes/no value (YAML); put the word in quotes:"
      " \"no\""]),
    (HEAD + "  - {id: on, type: likert, text: Hyvä?}\n",
     ["kysely.yaml: questions[1]: id: 'on' was read as a yes/no value (YAML); put the word in"
      " quotes: \"on\""]),
    (HEAD + "  - {id: q1, type: likert, text: {fi: Hyvä?, off: x}}\n",
     ["kysely.yaml: questions[1] (q1): text: 'off' was read as a yes/no value (YAML); put the"
      " word in quotes: \"off\""]),
    ("id: OFF\n" + HEAD[HEAD.index("title"):] + "  - {id: q1, type: likert, text: Hyvä?}\n",
     ["kysely.yaml: id: 'OFF' was read as a yes/no value (YAML); put the word in quotes:"
      " \"OFF\""]),
])
def test_yes_no_words_name_the_word_and_the_fix(tmp_path, text, expected):
    assert _load(tmp_path, text) == expected


def test_numbers_are_fine_as_text(tmp_path):
    survey = _load(tmp_path, HEAD + """\
  - id: 1
    type: choice
    text: {fi: 2025, en: 1.50}
    options:
      - {id: 1, label: 1}
      - {id: 2, label: {fi: 010, en: 1_000}}
  - {id: q2, type: likert, text: Hyvä?, comment: yes, optional: no}
""")
    assert not isinstance(survey, list), survey
    q1 = survey.question("1")
    assert q1.text == {"fi": "2025", "en": "1.50"}  # as written, not 1.5
    assert [(o.id, o.label) for o in q1.options] == [
        ("1", {"fi": "1"}), ("2", {"fi": "010", "en": "1_000"})]
    q2 = survey.question("q2")
    assert q2.comment is True and q2.optional is False  # where true/false belongs: fine


def test_quoted_words_load(tmp_path):
    survey = _load(tmp_path, HEAD.replace("[fi, en]", '[fi, "no"]') + """\
  - {id: "on", type: choice, text: {fi: Oliko?, "no": Var det?},
     options: [{id: kylla, label: {fi: Kyllä, "no": "Ja"}}, {id: ei, label: {fi: Ei, "no": "Nei"}}]}
""")
    assert not isinstance(survey, list), survey
    assert survey.languages == ("fi", "no")
    assert survey.question("on").options[0].label == {"fi": "Kyllä", "no": "Ja"}


@pytest.mark.parametrize("escape", ["\\uFFFF", "\\uFFFE", "\\x07", "\\x1b"])
def test_a_character_no_report_can_hold_is_refused_with_its_code(tmp_path, escape):
    problems = _load(tmp_path, HEAD + f'  - {{id: q1, type: likert, text: {{fi: "Hyvä{escape}?"}}}}\n')
    code = f"{ord(escape.encode().decode('unicode_escape')):04X}"
    assert problems == [f"kysely.yaml: questions[1] (q1): text.fi: contains the character"
                        f" U+{code}, which no report or spreadsheet can hold; remove it"]
