"""The ``raati`` command line (contract §3): every command, its settings and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys

import openpyxl
import pytest
from _helpers import SHIPPED_DEFS, SMALL_COLUMNS, SMALL_SURVEY, write_survey

from raati.cli import main
from raati.store import Store
from raati.surveys import find_survey
from raati.transfer import export_bytes

pytestmark = pytest.mark.usefixtures("clean_env")

LINK = re.compile(r"^(?P<base>.+)/\?r=(?P<token>[A-Za-z0-9]{12})$")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def small_csv(path, rows=None):
    rows = rows or [
        SMALL_COLUMNS,
        ["r1", "kysely", "puupaja", "2025-03-01", "fi", "3", "", "8", "a", "x|y", "Kiitos"],
        ["r2", "kysely", "ompelimo", "2025-04-01", "sv", "4", "", "9", "b", "y", ""],
    ]
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


# -- validate --------------------------------------------------------------------------------


def test_validate_shipped(capsys):
    assert run(capsys, "validate", "--defs", SHIPPED_DEFS) == (0, "ok: 4 surveys\n", "")


def test_validate_given_files(capsys, small_defs, tmp_path):
    elsewhere = tmp_path / "muualla"
    other = dict(SMALL_SURVEY, id="toinen")
    path = write_survey(elsewhere, other)  # pictures next to it, not in --defs
    code, out, err = run(capsys, "validate", small_defs / "kysely.yaml", path,
                         "--defs", tmp_path / "eiole")
    assert (code, out, err) == (0, "ok: 2 surveys\n", "")
    assert run(capsys, "validate", SHIPPED_DEFS / "viikkofiilis.yaml") == (0, "ok: 1 surveys\n", "")


def test_validate_missing_file(capsys, tmp_path):
    code, out, err = run(capsys, "validate", tmp_path / "eiole.yaml")
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'eiole.yaml'}: no such file\n"


def test_validate_failing_prints_every_line(capsys, tmp_path):
    defs = tmp_path / "defs"
    bad = dict(SMALL_SURVEY, titel="x")
    write_survey(defs, bad)
    (defs / "rikki.yaml").write_text("id: rikki\ntitle: [auki\n", encoding="utf-8")
    code, out, err = run(capsys, "validate", "--defs", defs)
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[0] == ("kysely.yaml: titel: unknown key "
                        "(allowed: id, intro, intro_easy, languages, questions, scale, title)")
    assert lines[1].startswith("rikki.yaml: line 3, column 1: YAML syntax error: ")
    assert len(lines) == 2
    assert "Traceback" not in err


def test_validate_missing_folder(capsys, tmp_path):
    code, out, err = run(capsys, "validate", "--defs", tmp_path / "eiole")
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'eiole'}: the survey folder does not exist\n"


def test_validate_defaults_to_survey_defs_in_cwd(capsys, tmp_path, monkeypatch):
    shutil.copytree(SHIPPED_DEFS, tmp_path / "survey_defs")
    (tmp_path / "survey_defs" / "palvelukahvila.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "validate") == (0, "ok: 3 surveys\n", "")


def test_validate_uses_raati_defs(capsys, small_defs, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAATI_DEFS", str(small_defs))
    assert run(capsys, "validate") == (0, "ok: 1 surveys\n", "")


def test_validate_alias_bomb_returns_fast(capsys, tmp_path):
    """A 464-byte YAML alias bomb in survey_defs/ hung `raati validate` (and every page)."""
    import time

    defs = tmp_path / "defs"
    shutil.copytree(SHIPPED_DEFS, defs)
    lines = ["id: pommi", "title: Pommi", "a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]" for p, c in
              zip("abcdefgh", "bcdefghi", strict=True)]
    lines += ["languages: *i", "questions:", "  - {id: q1, type: *i, text: K}"]
    (defs / "pommi.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    code, out, err = run(capsys, "validate", "--defs", defs)
    assert time.perf_counter() - start < 3
    assert (code, out) == (1, "")
    assert err == ("pommi.yaml: line 8: too many aliases/anchors (YAML alias expansion would"
                   " make more than 200,000 values)\n")
    # the file named alone says the same; the good ones are fine
    assert run(capsys, "validate", defs / "pommi.yaml")[2] == err
    assert run(capsys, "validate", defs / "asiakaskysely.yaml", "--defs", defs)[0] == 0


# -- import / export / summary ------------------------------------------------------------


def test_import_and_db_flag(capsys, small_defs, tmp_path):
    db = tmp_path / "oma" / "raati.db"
    code, out, err = run(capsys, "import", small_csv(tmp_path / "v.csv"), "--survey", "kysely",
                         "--db", db, "--defs", small_defs)
    assert (code, out, err) == (0, "imported 2 responses to kysely\n", "")
    assert db.is_file()
    assert Store(db).count_responses("kysely") == 2
    code, out, _ = run(capsys, "import", tmp_path / "v.csv", "--survey", "kysely",
                       "--db", db, "--defs", small_defs)
    assert out == "imported 0 responses to kysely (2 already present)\n"


def test_import_refused(capsys, small_defs, tmp_path):
    db = tmp_path / "t.db"
    rows = [SMALL_COLUMNS, ["r1", "kysely", "", "2025-03-01", "fi", "", "", "12", "", "", ""]]
    code, out, err = run(capsys, "import", small_csv(tmp_path / "v.csv", rows),
                         "--survey", "kysely", "--db", db, "--defs", small_defs)
    assert (code, out) == (1, "")
    assert err == "v.csv: row 2, column q2: '12' is not a whole number 4..10\n"
    assert Store(db).count_responses("kysely") == 0


def test_import_missing_file(capsys, small_defs, tmp_path):
    code, _, err = run(capsys, "import", tmp_path / "eiole.csv", "--survey", "kysely",
                       "--db", tmp_path / "t.db", "--defs", small_defs)
    assert code == 1 and err.startswith("eiole.csv: cannot read the file")


def test_import_hostile_workbooks_is_one_message(capsys, small_defs, tmp_path):
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(SMALL_COLUMNS)
    wb.save(tmp_path / "ok.xlsx")
    src = zipfile.ZipFile(tmp_path / "ok.xlsx")
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet)
    sheet = sheet.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr">'
                                          "<is><t>x</t></is></c></row></sheetData>")
    with zipfile.ZipFile(tmp_path / "pommi.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, sheet if info.filename.endswith("sheet1.xml")
                       else src.read(info.filename))
    (tmp_path / "rikki.xlsx").write_bytes((tmp_path / "ok.xlsx").read_bytes()[:-200])
    db = tmp_path / "t.db"
    for name, message in [
        ("pommi.xlsx", "pommi.xlsx: row 1048576: the file has more rows than 50,001 (a header"
                       " and 50,000 responses); split it into smaller files\n"),
        ("rikki.xlsx", "rikki.xlsx: not a readable .xlsx file: not a valid zip package (File is"
                       " not a zip file)\n"),
    ]:
        code, out, err = run(capsys, "import", tmp_path / name, "--survey", "kysely",
                             "--db", db, "--defs", small_defs)
        assert (code, out, err) == (1, "", message)
    assert Store(db).count_responses("kysely") == 0


def test_import_changed_rows_under_stored_ids(capsys, small_defs, tmp_path):
    db = tmp_path / "t.db"
    args = ["--survey", "kysely", "--db", db, "--defs", small_defs]
    assert run(capsys, "import", small_csv(tmp_path / "v.csv"), *args)[0] == 0
    rows = [SMALL_COLUMNS,
            ["r1", "kysely", "puupaja", "2025-03-01", "fi", "2", "", "8", "a", "x|y", "Kiitos"],
            ["r2", "kysely", "ompelimo", "2025-04-01", "sv", "4", "", "9", "b", "y", ""],
            ["r3", "kysely", "ompelimo", "2025-04-02", "sv", "4", "", "9", "b", "y", ""]]
    code, out, err = run(capsys, "import", small_csv(tmp_path / "v2.csv", rows), *args)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "v2.csv: 1 response id is already stored with different content, so nothing was"
        " imported: an import never changes a stored response; remove these rows or give them"
        " new response ids",
        "v2.csv: row 2, column response_id: 'r1' is already stored with different content"
        " (in q1)"]
    assert Store(db).count_responses("kysely") == 2


def test_raati_db_environment_default(capsys, small_defs, tmp_path, monkeypatch):
    env_db = tmp_path / "env.db"
    monkeypatch.setenv("RAATI_DB", str(env_db))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "import", small_csv(tmp_path / "v.csv"), "--survey", "kysely",
               "--defs", small_defs)[0] == 0
    assert Store(env_db).count_responses("kysely") == 2
    assert not (tmp_path / "data").exists()
    # --db wins over the environment
    flag_db = tmp_path / "flag.db"
    run(capsys, "import", tmp_path / "v.csv", "--survey", "kysely", "--db", flag_db,
        "--defs", small_defs)
    assert Store(flag_db).count_responses("kysely") == 2


def test_default_db_is_data_raati_db(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "round", "open", "--survey", "asiakaskysely", "--unit", "puupaja",
                       "--defs", SHIPPED_DEFS)
    assert code == 0
    assert (tmp_path / "data" / "raati.db").is_file()
    assert len(Store(tmp_path / "data" / "raati.db").rounds()) == 1


def test_export_formats(capsysbinary, demo_store, tmp_path):
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    db = demo_store.path
    for fmt, suffix in (("csv", ".csv"), ("excel-csv", ".csv"), ("xlsx", ".xlsx")):
        out_file = tmp_path / f"out-{fmt}{suffix}"
        code = main(["export", "--survey", "asiakaskysely", "--format", fmt, "--out",
                     str(out_file), "--db", str(db), "--defs", str(SHIPPED_DEFS)])
        assert code == 0
        if fmt != "xlsx":  # a workbook carries its creation time
            assert out_file.read_bytes() == export_bytes(demo_store, survey, fmt)
    wb = openpyxl.load_workbook(tmp_path / "out-xlsx.xlsx")
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == survey.csv_columns
    assert len(rows) - 1 == demo_store.count_responses("asiakaskysely")
    assert (tmp_path / "out-excel-csv.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert capsysbinary.readouterr().out == b""  # with --out nothing goes to stdout


def test_export_to_stdout_and_filters(capsysbinary, demo_store):
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    args = ["export", "--survey", "asiakaskysely", "--db", str(demo_store.path),
            "--defs", str(SHIPPED_DEFS)]
    assert main(args) == 0
    assert capsysbinary.readouterr().out == export_bytes(demo_store, survey, "csv")
    assert main(args + ["--unit", "ompelimo", "--since", "2025-01-01"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert len(rows) - 1 == demo_store.count_responses("asiakaskysely", unit="ompelimo")
    assert {r[2] for r in rows[1:]} == {"ompelimo"}


def test_export_xlsx_to_a_terminal_is_refused(capsys, demo_store, monkeypatch):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = run(capsys, "export", "--survey", "asiakaskysely", "--format", "xlsx",
                         "--db", demo_store.path, "--defs", SHIPPED_DEFS)
    assert (code, out, err) == (1, "", "xlsx is a binary file: give --out FILE\n")


def test_summary_json_and_filters(capsys, demo_store):
    base = ["summary", "--survey", "asiakaskysely", "--db", demo_store.path,
            "--defs", SHIPPED_DEFS, "--json"]
    code, out, err = run(capsys, *base)
    assert (code, err) == (0, "")
    whole = json.loads(out)
    # Every response is either counted or left out (blocks under the minimum group).
    assert whole["responses"] + whole["left_out"] == demo_store.count_responses("asiakaskysely")
    assert whole["responses"] > 0 and whole["min_group"] == 5
    _, out, _ = run(capsys, *base, "--unit", "ompelimo")
    ompelimo = json.loads(out)
    assert ompelimo["responses"] + ompelimo["left_out"] == demo_store.count_responses(
        "asiakaskysely", unit="ompelimo")
    _, out, _ = run(capsys, *base, "--since", "2100-01-01")
    assert json.loads(out)["responses"] == 0
    _, out, _ = run(capsys, *base, "--until", "2000-01-01")
    assert json.loads(out)["responses"] == 0
    _, out, _ = run(capsys, *base, "--min-group", "1000")
    assert all(q["suppressed"] for q in json.loads(out)["questions"])
    assert json.loads(out)["min_group"] == 1000


def test_summary_min_group_from_environment(capsys, demo_store, monkeypatch):
    monkeypatch.setenv("RAATI_MIN_GROUP", "7")
    _, out, _ = run(capsys, "summary", "--survey", "viikkofiilis", "--db", demo_store.path,
                    "--defs", SHIPPED_DEFS, "--json")
    assert json.loads(out)["min_group"] == 7


def test_summary_text(capsys, demo_store):
    code, out, err = run(capsys, "summary", "--survey", "asiakaskysely", "--db", demo_store.path,
                         "--defs", SHIPPED_DEFS, "--unit", "ompelimo", "--since", "2026-01-01")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Asiakaskysely: kuntouttava työtoiminta (asiakaskysely)"
    # The only ompelimo block since 2026 has 3 people: left out, its size not told.
    assert lines[1].startswith("responses: 0   left out: fewer than 5 ")
    assert "(fewer than 5 answers: not shown)" in lines[2]
    _, out, _ = run(capsys, "summary", "--survey", "asiakaskysely", "--db", demo_store.path,
                    "--defs", SHIPPED_DEFS)
    line = next(x for x in out.splitlines() if x.strip().startswith("elamantilanne"))
    assert re.search(r"1:\d+  2:\d+  3:\d+  4:\d+  mean \d,\d\d$", line)


def test_unknown_survey_is_refused(capsys, tmp_path):
    for command in (["summary", "--json"], ["export"], ["import", "x.csv"]):
        code, out, err = run(capsys, *command, "--survey", "eiole", "--db", tmp_path / "t.db",
                             "--defs", SHIPPED_DEFS)
        assert (code, out) == (1, "")
        assert err.startswith("survey 'eiole': no such survey in ")


# -- rounds ------------------------------------------------------------------------------------


def test_round_open_prints_link(capsys, tmp_path):
    db = tmp_path / "t.db"
    code, out, err = run(capsys, "round", "open", "--survey", "asiakaskysely", "--unit", "puupaja",
                         "--base-url", "https://raati.example.fi/", "--expected", "15",
                         "--closes", "2099-12-31", "--name", "Kevät 2027",
                         "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, err) == (0, "")
    m = LINK.match(out.strip())
    assert m and m["base"] == "https://raati.example.fi"
    rnd = Store(db).round_by_token(m["token"])
    assert rnd is not None
    assert (rnd.survey, rnd.unit, rnd.name, rnd.expected, rnd.closes) == (
        "asiakaskysely", "puupaja", "Kevät 2027", 15, "2099-12-31")
    assert [u.id for u in Store(db).units()] == ["puupaja"]  # created on first use


def test_round_open_base_url_sources(capsys, tmp_path, monkeypatch):
    args = ["round", "open", "--survey", "viikkofiilis", "--unit", "puupaja",
            "--db", tmp_path / "t.db", "--defs", SHIPPED_DEFS]
    _, out, _ = run(capsys, *args)
    assert LINK.match(out.strip())["base"] == "http://localhost:8501"
    monkeypatch.setenv("RAATI_BASE_URL", "http://10.0.0.5:8501/")
    _, out, _ = run(capsys, *args)
    assert LINK.match(out.strip())["base"] == "http://10.0.0.5:8501"
    _, out, _ = run(capsys, *args, "--base-url", "http://tabletti.local")
    assert LINK.match(out.strip())["base"] == "http://tabletti.local"


@pytest.mark.parametrize("extra, message", [
    (["--unit", "Puu Paja"], "unit: 'Puu Paja' must match [a-z0-9-]{1,40}\n"),
    (["--unit", "puupaja", "--opens", "2030-05-01", "--closes", "2030-04-01"],
     "closes: 2030-04-01 is before the round opens (2030-05-01)\n"),
])
def test_round_open_refused(capsys, tmp_path, extra, message):
    db = tmp_path / "t.db"
    code, out, err = run(capsys, "round", "open", "--survey", "asiakaskysely", *extra,
                         "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, out, err) == (1, "", message)
    assert Store(db).rounds() == []


def test_round_list(capsys, tmp_path, demo_store):
    db = demo_store.path
    code, out, err = run(capsys, "round", "list", "--db", db, "--defs", SHIPPED_DEFS,
                         "--base-url", "http://x.test")
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 6
    assert all(len(fields) == 9 for fields in lines)
    counts = demo_store.round_response_counts()
    for fields, rnd in zip(lines, demo_store.rounds(), strict=True):
        round_id, survey, unit, name, opens, closes, status, answered, link = fields
        assert (round_id, survey, unit, opens) == (str(rnd.id), rnd.survey, rnd.unit, rnd.opens)
        assert name == (rnd.name or "-") and closes == (rnd.closes or "-")
        assert status == rnd.status() and status in ("open", "closed", "not_yet_open")
        n = counts.get(rnd.id, 0)
        assert answered == (f"{n}/{rnd.expected}" if rnd.expected else str(n))
        assert link == f"http://x.test/?r={rnd.token}"
    syksy = next(f for f in lines if f[2] == "ompelimo" and f[3] == "Syksy")
    assert syksy[7] == "3/15"
    _, out, _ = run(capsys, "round", "list", "--survey", "viikkofiilis", "--db", db,
                    "--defs", SHIPPED_DEFS)
    assert [line.split("\t")[1:4] for line in out.splitlines()] == [
        ["viikkofiilis", "puupaja", "Viikkofiilis"]]


def test_round_list_empty(capsys, tmp_path):
    Store(tmp_path / "t.db")
    assert run(capsys, "round", "list", "--db", tmp_path / "t.db") == (0, "", "")


@pytest.mark.parametrize("argv", [
    ["round", "list"], ["summary", "--survey", "viikkofiilis"],
    ["export", "--survey", "viikkofiilis"],
    ["db", "compact"], ["user", "list"]])
def test_commands_that_only_read_refuse_a_missing_database(capsys, tmp_path, argv):
    # A mistyped --db must not quietly make a new, empty database (and an empty answer).
    typo = tmp_path / "typo" / "raati.db"
    code, out, err = run(capsys, *argv, "--db", typo, "--defs", SHIPPED_DEFS)
    assert code == 1 and f"--db {typo}: no database there" in err and out == ""
    assert not typo.parent.exists()


# -- demo ----------------------------------------------------------------------------------------


def test_demo_command(capsys, tmp_path):
    db = tmp_path / "demo.db"
    code, out, err = run(capsys, "demo", "--db", db, "--defs", SHIPPED_DEFS)
    assert (code, err) == (0, "")
    m = re.fullmatch(r"demo: 3 units, 6 rounds, (\d+) responses, 1 panel session\n", out)
    assert m and int(m[1]) == sum(Store(db).surveys_with_responses().values())
    assert run(capsys, "demo", "--db", db, "--defs", SHIPPED_DEFS) == (
        0, "demo: the demo content is already there\n", "")
