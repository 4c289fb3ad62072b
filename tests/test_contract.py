"""The contract's own example (survey-format.md): its survey file (§1) loads as written, a
responses CSV written by hand as a third party would (§2) goes through the command line
(§3), and ``raati summary --json`` prints the summary of §4. Exit codes: 0 ok, 1 refused
input, 2 wrong usage."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _helpers import TINY_SVG

from raati.cli import main

pytestmark = pytest.mark.usefixtures("clean_env")

CONTRACT_FILE = Path("/work/shared/design/survey-format.md")

# Verbatim from contract §1 (checked against the contract file below when it is at hand).
INTRO_EASY = """\
intro_easy:                       # optional. plain-language (selkokieli) version of the
  fi: Vastaa niin kuin ajattelet. Emme kysy nimeäsi.  # intro, shown when Selkokieli is on
"""
CONTRACT_YAML = """\
id: asiakaskysely                 # required. [a-z0-9-]{2,40}; unique; equals the file's stem
title:                            # required. a localized string (see below)
  fi: Kysely kuntouttavasta työtoiminnasta
  sv: Enkät om arbetsverksamhet i rehabiliteringssyfte
  en: Survey on rehabilitative work activity
intro:                            # optional. shown on the first screen
  fi: Vastaa omien kokemustesi mukaan. Et kerro nimeäsi.
intro_easy:                       # optional. plain-language (selkokieli) version of the
  fi: Vastaa niin kuin ajattelet. Emme kysy nimeäsi.  # intro, shown when Selkokieli is on
languages: [fi, sv, en]           # optional. first = default; default [fi]. Every required
                                  # localized string must exist in the default language.
scale:                            # optional. labels of the 1–4 points of every `likert` question
  1: {fi: Ei lainkaan,     sv: Inte alls,      en: Not at all}
  2: {fi: Ei juurikaan,    sv: Knappast,       en: Hardly}
  3: {fi: Melko hyvin,     sv: Ganska bra,     en: Fairly well}
  4: {fi: Erittäin hyvin,  sv: Mycket bra,     en: Very well}
questions:                        # required, 1..200 items
  - id: elamantilanne             # required. [a-z0-9_]{1,40}; unique within the survey
    type: likert                  # required. likert | grade | choice | multi | text
    text:                         # required. the question, localized
      fi: Elämäntilanteeni otettiin huomioon, kun työtoimintaa suunniteltiin.
    easy:                         # optional. plain-language (selkokieli) version, localized
      fi: Kuunneltiinko sinua, kun suunnittelimme työtoimintaa?
    picture: pictures/kuuntelu.svg  # optional. path relative to survey_defs/; must exist
    scale:                        # optional (likert). this question's own words for 1–4,
      1: {fi: Ei yhtään}          # same shape as the survey's `scale`; points not given
      4: {fi: Todella paljon}     # keep the survey's words
    comment: true                 # optional (likert, grade, choice): adds an optional
                                  # "Kerro lisää" free-text box under the item
    optional: false               # optional. default false for likert/grade/choice/multi,
                                  # true for text
  - id: arvosana
    type: grade                   # Finnish school grade 4..10
    text: {fi: Anna palvelulle kouluarvosana.}
  - id: hyoty
    type: choice                  # exactly one option
    text: {fi: Oliko kurssista hyötyä työllistymisessä tai koulutuksessa?}
    options:                      # required for choice and multi, 2..30 items
      - {id: kylla, label: {fi: Kyllä}, picture: pictures/kylla.svg}
      - {id: ei,    label: {fi: Ei}}
      - {id: eos,   label: {fi: En osaa sanoa}}
  - id: tarpeet
    type: multi                   # zero or more options
    text: {fi: Mistä asioista haluaisit lisää tietoa?}
    options:
      - {id: terveys, label: {fi: Terveys ja hyvinvointi}}
      - {id: koulutus, label: {fi: Koulutus}}
  - id: parasta
    type: text
    text: {fi: Mikä on ollut parasta?}
    max_length: 1000              # optional, default 1000, at most 5000
"""

# Verbatim from contract §4.
CONTRACT_SUMMARY = """\
{
  "survey": "asiakaskysely",
  "responses": 60,
  "min_group": 5,
  "left_out": 0,
  "questions": [
    {"id": "elamantilanne", "type": "likert", "n": 58,
     "counts": {"1": 3, "2": 9, "3": 30, "4": 16},
     "mean": 3.02, "share_low": 0.207, "share_high": 0.793, "suppressed": false},
    {"id": "arvosana", "type": "grade", "n": 17,
     "counts": {"4": 0, "5": 0, "6": 2, "7": 5, "8": 7, "9": 3, "10": 0}, "mean": 7.65,
     "suppressed": false},
    {"id": "hyoty", "type": "choice", "n": 11, "counts": {"kylla": 3, "ei": 2, "eos": 6},
     "suppressed": false},
    {"id": "tarpeet", "type": "multi", "n": 33, "counts": {"terveys": 31, "koulutus": 4},
     "suppressed": false},
    {"id": "parasta", "type": "text", "n": 25, "suppressed": false}
  ]
}
"""

HEADER = ["response_id", "survey", "unit", "date", "lang", "elamantilanne",
          "elamantilanne__comment", "arvosana", "hyoty", "tarpeet", "parasta"]

def _spread(values: list[str], total: int, seed: int) -> list[str]:
    import random

    cells = values + [""] * (total - len(values))
    random.Random(seed).shuffle(cells)
    return cells


def contract_rows() -> list[list[str]]:
    """60 responses that give exactly the counts of contract §4 (two of the 33 people who
    answered tarpeet chose both options)."""
    n = 60
    likert = _spread(["1"] * 3 + ["2"] * 9 + ["3"] * 30 + ["4"] * 16, n, 1)
    grade = _spread(["6"] * 2 + ["7"] * 5 + ["8"] * 7 + ["9"] * 3, n, 2)
    hyoty = _spread(["kylla"] * 3 + ["ei"] * 2 + ["eos"] * 6, n, 3)
    tarpeet = _spread(["terveys"] * 29 + ["terveys|koulutus"] * 2 + ["koulutus"] * 2, n, 4)
    texts = ["Ohjaaja kuunteli.", "Työkaverit, ja hyvä porukka", 'Sanoin "kiitos"',
             "Rivi yksi\nrivi kaksi", "Det bästa är gemenskapen."]
    parasta = _spread([texts[i % len(texts)] + f" ({i})" for i in range(25)], n, 5)
    comments = _spread(["Kerron lisää.", "Ei kysytty mitään."], n, 6)
    rows = [list(HEADER)]
    for i in range(n):
        rows.append([
            "" if i % 7 == 0 else f"paperi-{i:03d}",  # paper forms without an id
            "asiakaskysely" if i % 3 else "",
            "puupaja",  # one block (unit, month): every question has 5 or more answers
            f"2026-01-{1 + i % 28:02d}",
            ("fi", "fi", "sv", "en", "")[i % 5],
            likert[i], comments[i] if likert[i] else "", grade[i], hyoty[i], tarpeet[i],
            parasta[i],
        ])
    return rows


def expected_reachable() -> dict:
    return json.loads(CONTRACT_SUMMARY)


@pytest.fixture
def contract_defs(tmp_path) -> Path:
    defs = tmp_path / "survey_defs"
    (defs / "pictures").mkdir(parents=True)
    for name in ("kuuntelu.svg", "kylla.svg"):
        (defs / "pictures" / name).write_text(TINY_SVG, encoding="utf-8")
    (defs / "asiakaskysely.yaml").write_text(CONTRACT_YAML, encoding="utf-8")
    return defs


@pytest.fixture
def contract_csv(tmp_path) -> Path:
    path = tmp_path / "vastaukset.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(contract_rows())
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _summary_via_cli(capsys, defs: Path, csv_path: Path, db: Path) -> dict:
    assert _run(capsys, "validate", "--defs", defs) == (0, "ok: 1 surveys\n", "")
    code, out, err = _run(capsys, "import", csv_path, "--survey", "asiakaskysely",
                          "--db", db, "--defs", defs)
    assert (code, err) == (0, "")
    assert out == "imported 60 responses to asiakaskysely\n"
    code, out, err = _run(capsys, "summary", "--survey", "asiakaskysely", "--db", db,
                          "--defs", defs, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_embedded_copies_match_the_contract():
    if not CONTRACT_FILE.is_file():
        pytest.skip("the contract file is not at hand")
    blocks: dict[str, list[str]] = {}
    for kind, body in re.findall(r"```(yaml|json)\n(.*?)```", CONTRACT_FILE.read_text("utf-8"),
                                 re.S):
        blocks.setdefault(kind, []).append(body)
    # §1, with the repository's documented extension (README "Extensions of the
    # contract") or without it: a contract copy that predates the extension still
    # matches everything else, line for line.
    assert blocks["yaml"][0] in (CONTRACT_YAML, CONTRACT_YAML.replace(INTRO_EASY, ""))
    assert blocks["json"][0] == CONTRACT_SUMMARY  # §4


def test_contract_survey_loads(contract_defs):
    from raati.surveys import load_survey

    s = load_survey(contract_defs / "asiakaskysely.yaml")
    assert s.languages == ("fi", "sv", "en")
    assert s.csv_columns == HEADER
    assert s.scale[4] == {"fi": "Erittäin hyvin", "sv": "Mycket bra", "en": "Very well"}
    assert [q.type for q in s.questions] == ["likert", "grade", "choice", "multi", "text"]
    assert s.question("hyoty").option("kylla").picture == "pictures/kylla.svg"
    assert s.question("parasta").optional is True and s.question("parasta").max_length == 1000
    assert s.question("elamantilanne").easy == {
        "fi": "Kuunneltiinko sinua, kun suunnittelimme työtoimintaa?"}


def test_contract_summary_via_cli(capsys, contract_defs, contract_csv, tmp_path):
    got = _summary_via_cli(capsys, contract_defs, contract_csv, tmp_path / "t.db")
    expected = expected_reachable()
    assert got == expected
    # the same keys in the same order as the contract
    assert json.dumps(got) == json.dumps(expected)


def test_contract_import_is_idempotent(capsys, contract_defs, contract_csv, tmp_path):
    db = tmp_path / "t.db"
    first = _summary_via_cli(capsys, contract_defs, contract_csv, db)
    code, out, _ = _run(capsys, "import", contract_csv, "--survey", "asiakaskysely",
                        "--db", db, "--defs", contract_defs)
    assert code == 0
    assert out == "imported 0 responses to asiakaskysely (60 already present)\n"
    code, out, _ = _run(capsys, "summary", "--survey", "asiakaskysely", "--db", db,
                        "--defs", contract_defs, "--json")
    assert json.loads(out) == first


def _raati_command() -> list[str]:
    script = Path(sys.executable).with_name("raati")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "raati.cli"]


def _clean_environ() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("RAATI_")}


def test_contract_summary_via_the_raati_program(contract_defs, contract_csv, tmp_path):
    db = tmp_path / "p.db"
    run = [*_raati_command()]
    imp = subprocess.run(run + ["import", str(contract_csv), "--survey", "asiakaskysely",
                                "--db", str(db), "--defs", str(contract_defs)],
                         capture_output=True, text=True, cwd=tmp_path, env=_clean_environ(),
                         timeout=60)
    assert imp.returncode == 0, imp.stderr
    summ = subprocess.run(run + ["summary", "--survey", "asiakaskysely", "--db", str(db),
                                 "--defs", str(contract_defs), "--json"],
                          capture_output=True, text=True, cwd=tmp_path, env=_clean_environ(),
                          timeout=60)
    assert summ.returncode == 0, summ.stderr
    assert json.dumps(json.loads(summ.stdout)) == json.dumps(expected_reachable())
    usage = subprocess.run(run + ["summary", "--db", str(db), "--json"], capture_output=True,
                           text=True, cwd=tmp_path, env=_clean_environ(), timeout=60)
    assert usage.returncode == 2
    assert "--survey" in usage.stderr


# -- exit codes ---------------------------------------------------------------------------


def test_exit_1_refused_input_names_file_row_column(capsys, contract_defs, tmp_path):
    rows = contract_rows()
    rows[4][HEADER.index("elamantilanne")] = "7"
    bad = tmp_path / "huono.csv"
    with open(bad, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    db = tmp_path / "t.db"
    code, out, err = _run(capsys, "import", bad, "--survey", "asiakaskysely", "--db", db,
                          "--defs", contract_defs)
    assert code == 1
    assert out == ""
    assert err == "huono.csv: row 5, column elamantilanne: '7' is not a whole number 1..4\n"
    assert "Traceback" not in err
    code, out, _ = _run(capsys, "summary", "--survey", "asiakaskysely", "--db", db,
                        "--defs", contract_defs, "--json")
    assert json.loads(out)["responses"] == 0  # nothing was imported


def test_exit_1_unknown_survey(capsys, contract_defs, tmp_path):
    code, out, err = _run(capsys, "summary", "--survey", "eiole", "--db", tmp_path / "t.db",
                          "--defs", contract_defs, "--json")
    assert code == 1 and out == ""
    assert err.startswith("survey 'eiole': no such survey in ")


def test_exit_1_broken_survey_file(capsys, contract_defs):
    path = contract_defs / "asiakaskysely.yaml"
    path.write_text(CONTRACT_YAML.replace("type: choice", "type: valinta"), encoding="utf-8")
    code, out, err = _run(capsys, "validate", "--defs", contract_defs)
    assert code == 1 and out == ""
    assert err == ("asiakaskysely.yaml: questions[3] (hyoty): type: is 'valinta'; must be one "
                   "of likert, grade, choice, multi, text\n")


DB_DEFS = ["--db", "{db}", "--defs", "{defs}"]


@pytest.mark.parametrize("argv", [
    ["summary", "--json", *DB_DEFS],  # missing --survey
    ["import", "x.csv", *DB_DEFS],  # missing --survey
    ["export", "--survey", "asiakaskysely", "--format", "pdf", *DB_DEFS],  # bad --format
    ["summary", "--survey", "asiakaskysely", "--since", "1.1.2026", *DB_DEFS],  # bad date
    ["summary", "--survey", "asiakaskysely", "--min-group", "0", *DB_DEFS],
    ["round", "open", "--survey", "asiakaskysely", *DB_DEFS],  # missing --unit
    ["round", "open", "--survey", "asiakaskysely", "--unit", "puupaja", "--expected", "nolla",
     *DB_DEFS],
    ["summary", "--survey", "asiakaskysely", "--bogus", *DB_DEFS],  # unknown option
    ["round"],  # missing sub-command
    ["eikomento"],  # unknown command
    [],
])
def test_exit_2_wrong_usage(capsys, contract_defs, tmp_path, argv):
    db = tmp_path / "t.db"
    argv = [a.format(db=db, defs=contract_defs) for a in argv]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: raati" in err
    assert not db.exists()  # wrong usage touches nothing
