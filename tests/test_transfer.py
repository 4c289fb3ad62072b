"""Responses in and out as files (contract §2): round trips, idempotent import, every
refusal naming row and column with the database left untouched, Excel formula protection,
and a property test: a corrupted file is refused and the database file is byte-for-byte
the same afterwards."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from _helpers import SHIPPED_DEFS, SMALL_COLUMNS, db_fingerprint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raati.responses import build_answers
from raati.store import Answer, NewResponse, Store
from raati.surveys import find_survey
from raati.transfer import (
    RefusedFile,
    export_bytes,
    export_rows,
    import_file,
    read_rows,
)

pytestmark = pytest.mark.usefixtures("clean_env")

SHIPPED = ("asiakaskysely", "viikkofiilis", "palvelukahvila")
SUFFIX = {"csv": ".csv", "excel-csv": ".csv", "xlsx": ".xlsx"}


def write_csv(path: Path, rows, delimiter: str = ",", bom: bool = False,
              lineterminator: str = "\r\n") -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8"))
    return path


def parse_csv_bytes(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def good_rows() -> list[list[str]]:
    return [
        list(SMALL_COLUMNS),
        ["r1", "kysely", "puupaja", "2025-03-01", "fi", "3", "Hyvä ohjaaja", "8", "a", "x|y", "Kiitos"],
        ["r2", "kysely", "ompelimo", "2025-03-02", "sv", "1", "", "10", "b", "y", ""],
        ["r3", "", "", "2025-03-03", "", "", "", "", "", "", ""],
    ]


@pytest.fixture
def seeded(store, small_survey):
    """A store that already holds some responses (so 'unchanged' means something)."""
    store.submit_response(NewResponse(survey="muu", date="2025-01-01", lang="fi",
                                      answers=(Answer("z", "value", "1"),), id="taken"))
    store.submit_response(NewResponse(survey="kysely", date="2025-01-02", lang="fi",
                                      answers=(Answer("q1", "value", "4"),), id="old",
                                      unit="puupaja"))
    return store


# -- good imports ----------------------------------------------------------------------


def test_import_good_file(seeded, small_survey, tmp_path):
    path = write_csv(tmp_path / "kysely.csv", good_rows())
    result = import_file(seeded, small_survey, path)
    assert (result.rows, result.imported, result.already_present) == (3, 3, 0)
    got = {r["id"]: r for r in seeded.responses_with_answers("kysely")}
    assert set(got) == {"old", "r1", "r2", "r3"}
    r1 = got["r1"]
    assert (r1["unit"], r1["date"], r1["lang"]) == ("puupaja", "2025-03-01", "fi")
    assert set(r1["answers"]) == {
        Answer("q1", "value", "3"), Answer("q1", "comment", "Hyvä ohjaaja"),
        Answer("q2", "value", "8"), Answer("q3", "value", "a"),
        Answer("q4", "value", "x"), Answer("q4", "value", "y"), Answer("q5", "value", "Kiitos"),
    }
    assert got["r2"]["lang"] == "sv"
    assert got["r3"]["answers"] == [] and got["r3"]["lang"] == "fi"  # empty lang: default
    assert got["r3"]["unit"] == ""
    assert {u.id for u in seeded.units()} == {"puupaja", "ompelimo"}


def test_import_twice_adds_nothing(seeded, small_survey, tmp_path):
    path = write_csv(tmp_path / "kysely.csv", good_rows())
    import_file(seeded, small_survey, path)
    before = db_fingerprint(seeded)[1]
    again = import_file(seeded, small_survey, path)
    assert (again.imported, again.already_present) == (0, 3)
    assert db_fingerprint(seeded)[1] == before
    assert seeded.count_responses("kysely") == 4


def test_import_twice_with_empty_response_ids(store, small_survey, tmp_path):
    rows = good_rows()
    for row in rows[1:]:
        row[0] = ""
    path = write_csv(tmp_path / "paperi.csv", rows)
    first = import_file(store, small_survey, path)
    assert first.imported == 3
    ids = [r["id"] for r in store.responses_with_answers("kysely")]
    assert len(set(ids)) == 3 and all(i.startswith("imp-") for i in ids)
    second = import_file(store, small_survey, path)
    assert (second.imported, second.already_present) == (0, 3)
    assert store.count_responses("kysely") == 3
    # the same file under another name is the same content: still nothing new
    shutil.copyfile(path, tmp_path / "kopio.csv")
    assert import_file(store, small_survey, tmp_path / "kopio.csv").imported == 0


def test_semicolon_bom_file_imports(store, small_survey, tmp_path):
    text = (
        "\ufeffresponse_id;survey;unit;date;lang;q1;q1__comment;q2;q3;q4;q5\r\n"
        "s1;kysely;puupaja;2025-03-01;fi;4;;9;b;x;Hyvä, kiitos\r\n"
        's2;kysely;;2025-03-02;sv;2;"Sanoi ""hei"";";5;a;y|x;\r\n'
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("utf-8"))
    assert import_file(store, small_survey, path).imported == 2
    got = {r["id"]: r for r in store.responses_with_answers("kysely")}
    assert Answer("q5", "value", "Hyvä, kiitos") in got["s1"]["answers"]
    assert Answer("q1", "comment", 'Sanoi "hei";') in got["s2"]["answers"]
    assert {a.value for a in got["s2"]["answers"] if a.question == "q4"} == {"x", "y"}


def test_columns_matched_by_name_in_any_order(store, small_survey, tmp_path):
    rows = [["q2", "date", "q3", "lang"], ["7", "2025-03-01", "a", "sv"], ["", "2025-03-02", "", ""]]
    path = write_csv(tmp_path / "osa.csv", rows)
    assert import_file(store, small_survey, path).imported == 2
    assert store.answer_counts("kysely") == {"q2": {"7": 1}, "q3": {"a": 1}}


def test_cells_are_trimmed_and_blank_lines_skipped(store, small_survey, tmp_path):
    rows = [list(SMALL_COLUMNS),
            ["t1", " kysely ", " puupaja ", " 2025-03-01 ", " sv ", " 4 ", "", " 07 ", " b ",
             " x | y ", "  teksti  "],
            [""] * len(SMALL_COLUMNS), []]
    path = write_csv(tmp_path / "trim.csv", rows)
    assert import_file(store, small_survey, path).imported == 1
    (r,) = store.responses_with_answers("kysely")
    assert (r["unit"], r["date"], r["lang"]) == ("puupaja", "2025-03-01", "sv")
    assert set(r["answers"]) == {
        Answer("q1", "value", "4"), Answer("q2", "value", "7"), Answer("q3", "value", "b"),
        Answer("q4", "value", "x"), Answer("q4", "value", "y"), Answer("q5", "value", "teksti"),
    }


def test_text_at_max_length_fits(store, small_survey, tmp_path):
    rows = good_rows()[:2]
    rows[1][10] = "ä" * 20
    rows[1][6] = "k" * 1000
    assert import_file(store, small_survey, write_csv(tmp_path / "max.csv", rows)).imported == 1


def test_handmade_xlsx_with_typed_cells(store, small_survey, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(SMALL_COLUMNS)
    ws.append(["x1", "kysely", "puupaja", dt.date(2025, 3, 1), "fi", 3, None, 8, "a", "x|y", "Hei"])
    ws.append([None, None, None, dt.datetime(2025, 3, 2, 0, 0), None, 4.0, "kommentti", 10,
               None, None, None])
    path = tmp_path / "kasin.xlsx"
    wb.save(path)
    assert import_file(store, small_survey, path).imported == 2
    rs = list(store.responses_with_answers("kysely"))
    assert [r["date"] for r in rs] == ["2025-03-01", "2025-03-02"]
    assert store.answer_counts("kysely")["q1"] == {"3": 1, "4": 1}
    assert store.answer_counts("kysely")["q2"] == {"8": 1, "10": 1}
    assert import_file(store, small_survey, path).imported == 0


# -- round trips: export -> import into an empty database -> the same summary --------------


def _add_tricky_texts(store: Store) -> None:
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    texts = ["=SUM(A1)", "+358 40 123 4567", "-5 pistettä", "@kaikki", "'lainaus'",
             "puoli;piste", 'lainaus "x", pilkku', "rivi\nvaihto", "ääkköset ÅÄÖ"]
    for i, text in enumerate(texts):
        answers = build_answers(survey, {"elamantilanne": 1 + i % 4, "parasta": text},
                                {"elamantilanne": "=1+1" if i == 0 else ""}, require=False)
        store.submit_response(NewResponse(survey="asiakaskysely", date="2026-01-05", lang="fi",
                                          answers=answers, unit="puupaja", id=f"tricky-{i}"))


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
def test_round_trip_same_summary(demo_store, tmp_path, fmt):
    _add_tricky_texts(demo_store)
    empty = Store(tmp_path / "empty.db")
    for sid in SHIPPED:
        survey = find_survey(SHIPPED_DEFS, sid)
        path = tmp_path / f"{sid}{SUFFIX[fmt]}"
        path.write_bytes(export_bytes(demo_store, survey, fmt))
        result = import_file(empty, survey, path)
        assert result.imported == demo_store.count_responses(sid) > 0
        # The same answers (rounds are not in the CSV: the copy's blocks are months, so
        # its minimum-group summary may differ; the raw counts may not).
        assert empty.answer_counts(sid) == demo_store.answer_counts(sid)
        assert empty.answered_counts(sid) == demo_store.answered_counts(sid)
        for unit in ("puupaja", "ompelimo", "kahvila"):
            assert empty.answer_counts(sid, unit=unit) == demo_store.answer_counts(sid, unit=unit)
        # raw responses, every value and comment included, are the same too
        assert export_bytes(empty, survey, "csv") == export_bytes(demo_store, survey, "csv")
        # and importing the export again adds nothing
        assert import_file(empty, survey, path).imported == 0


def test_round_trip_keeps_tricky_texts(demo_store, tmp_path):
    _add_tricky_texts(demo_store)
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    wanted = {a.value for r in demo_store.responses_with_answers("asiakaskysely", unit="puupaja")
              for a in r["answers"] if a.question == "parasta"}
    assert "=SUM(A1)" in wanted and "rivi\nvaihto" in wanted
    for fmt in ("csv", "excel-csv", "xlsx"):
        empty = Store(tmp_path / f"{fmt}.db")
        path = tmp_path / f"out-{fmt}{SUFFIX[fmt]}"
        path.write_bytes(export_bytes(demo_store, survey, fmt))
        import_file(empty, survey, path)
        got = {a.value for r in empty.responses_with_answers("asiakaskysely", unit="puupaja")
               for a in r["answers"] if a.question == "parasta"}
        assert got == wanted, fmt


def test_export_header_and_row_shape(demo_store):
    survey = find_survey(SHIPPED_DEFS, "palvelukahvila")
    rows = list(export_rows(demo_store, survey))
    assert rows[0] == survey.csv_columns
    assert rows[0][:5] == ["response_id", "survey", "unit", "date", "lang"]
    assert all(len(r) == len(rows[0]) for r in rows)
    assert len(rows) - 1 == demo_store.count_responses("palvelukahvila")
    ordered = [(r[3], r[0]) for r in rows[1:]]
    assert ordered == sorted(ordered)  # by date, then id: never in answering order
    col = rows[0].index("tarpeet")
    opts = survey.question("tarpeet").option_ids
    for r in rows[1:]:
        if r[col]:
            parts = r[col].split("|")
            assert parts == [o for o in opts if o in parts]  # survey order, no repeats


def test_export_filters(demo_store):
    survey = find_survey(SHIPPED_DEFS, "asiakaskysely")
    rows = list(export_rows(demo_store, survey, unit="ompelimo"))
    assert len(rows) - 1 == demo_store.count_responses("asiakaskysely", unit="ompelimo")
    assert {r[2] for r in rows[1:]} == {"ompelimo"}
    with pytest.raises(ValueError):
        export_bytes(demo_store, survey, "pdf")


def test_export_formats_bytes(demo_store):
    survey = find_survey(SHIPPED_DEFS, "viikkofiilis")
    plain = export_bytes(demo_store, survey, "csv")
    excel = export_bytes(demo_store, survey, "excel-csv")
    xlsx = export_bytes(demo_store, survey, "xlsx")
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert plain.decode("utf-8").splitlines()[0] == ",".join(survey.csv_columns)
    assert excel.startswith(b"\xef\xbb\xbf")
    assert excel.decode("utf-8-sig").splitlines()[0] == ";".join(survey.csv_columns)
    assert parse_csv_bytes(plain) == parse_csv_bytes(excel, ";")
    assert zipfile.is_zipfile(io.BytesIO(xlsx))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)] \
        == parse_csv_bytes(plain)


# -- Excel formula protection ------------------------------------------------------------


@pytest.fixture
def empty_store(store, request, tmp_path):
    """A second empty store on the backend of ``store``."""
    if store.is_postgres:
        return request.getfixturevalue("pg_store")
    return Store(tmp_path / "empty.db")


@pytest.fixture
def formula_store(store, small_survey):
    answers = build_answers(small_survey, {"q1": 2, "q5": "=SUM(A1)"}, {"q1": "+1 kommentti"},
                            require=False)
    store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                      answers=answers, id="f1"))
    return store


def test_excel_csv_protects_formulas(formula_store, small_survey):
    rows = parse_csv_bytes(export_bytes(formula_store, small_survey, "excel-csv"), ";")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["q5"] == "'=SUM(A1)"
    assert row["q1__comment"] == "'+1 kommentti"
    assert row["q1"] == "2"
    # the plain CSV is the raw data
    raw = dict(zip(*parse_csv_bytes(export_bytes(formula_store, small_survey, "csv")), strict=True))
    assert raw["q5"] == "=SUM(A1)"


def test_xlsx_keeps_formula_text_as_text(formula_store, small_survey, tmp_path):
    data = export_bytes(formula_store, small_survey, "xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("q5") + 1)
    assert cell.value == "=SUM(A1)"
    assert cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
def test_formula_text_round_trips(formula_store, small_survey, tmp_path, fmt, empty_store):
    path = tmp_path / f"f{SUFFIX[fmt]}"
    path.write_bytes(export_bytes(formula_store, small_survey, fmt))
    empty = empty_store
    assert import_file(empty, small_survey, path).imported == 1
    (r,) = empty.responses_with_answers("kysely")
    assert Answer("q5", "value", "=SUM(A1)") in r["answers"]
    assert Answer("q1", "comment", "+1 kommentti") in r["answers"]


# -- refusals: the row and the column are named, and nothing changes --------------------------


def _mut(fn):
    def mutate(rows):
        rows = copy.deepcopy(rows)
        fn(rows)
        return rows
    return mutate


def _cell(col: str, value: str, row: int = 2):
    def fn(rows):
        rows[row][SMALL_COLUMNS.index(col)] = value
    return _mut(fn)


def _add_column(rows):
    rows[0].append("q9")
    for r in rows[1:]:
        r.append("")


def _drop_date(rows):
    for r in rows:
        del r[3]


F = "kysely.csv"
ROW_CASES = {
    "unknown column": (_mut(_add_column),
                       [f"{F}: row 1: unknown column 'q9' (not a column of survey kysely)"]),
    "duplicate column": (_mut(lambda rows: rows[0].__setitem__(7, "q1")),
                         [f"{F}: row 1: column 'q1' appears twice"]),
    "missing date column": (_mut(_drop_date), [f"{F}: row 1: the column 'date' is missing"]),
    "too few cells": (_mut(lambda rows: rows[2].pop()),
                      [f"{F}: row 3: has 10 cells but the header has 11"]),
    "too many cells": (_mut(lambda rows: rows[2].append("x")),
                       [f"{F}: row 3: has 12 cells but the header has 11"]),
    "likert 5": (_cell("q1", "5"), [f"{F}: row 3, column q1: '5' is not a whole number 1..4"]),
    "likert 0": (_cell("q1", "0"), [f"{F}: row 3, column q1: '0' is not a whole number 1..4"]),
    "likert decimal": (_cell("q1", "3.0"), [f"{F}: row 3, column q1: '3.0' is not a whole number 1..4"]),
    "likert superscript": (_cell("q1", "²"), [f"{F}: row 3, column q1: '²' is not a whole number 1..4"]),
    "likert word": (_cell("q1", "hyvä"), [f"{F}: row 3, column q1: 'hyvä' is not a whole number 1..4"]),
    "grade 3": (_cell("q2", "3"), [f"{F}: row 3, column q2: '3' is not a whole number 4..10"]),
    "grade 11": (_cell("q2", "11"), [f"{F}: row 3, column q2: '11' is not a whole number 4..10"]),
    "grade 7,5": (_cell("q2", "7,5"), [f"{F}: row 3, column q2: '7,5' is not a whole number 4..10"]),
    "unknown option": (_cell("q3", "c"), [f"{F}: row 3, column q3: 'c' is not an option (a, b)"]),
    "two options in a choice": (
        _cell("q3", "a|b"), [f"{F}: row 3, column q3: 'a|b' is not an option (a, b)"]),
    "multi unknown option": (_cell("q4", "x|z"), [f"{F}: row 3, column q4: 'z' is not an option (x, y)"]),
    "multi empty part": (_cell("q4", "x|"), [f"{F}: row 3, column q4: '' is not an option (x, y)"]),
    "multi duplicate option": (
        _cell("q4", "x|y|x"), [f"{F}: row 3, column q4: 'x|y|x' names an option twice"]),
    "text too long": (
        _cell("q5", "a" * 21), [f"{F}: row 3, column q5: the text has 21 characters; at most 20 fit"]),
    "comment too long": (
        _cell("q1__comment", "k" * 1001),
        [f"{F}: row 3, column q1__comment: the text has 1001 characters; at most 1000 fit"]),
    "bad date": (_cell("date", "2025-02-30"),
                 [f"{F}: row 3, column date: '2025-02-30' is not a date YYYY-MM-DD (or D.M.YYYY)"]),
    "impossible finnish date": (_cell("date", "31.2.2025"),
                                [f"{F}: row 3, column date: '31.2.2025' is not a date YYYY-MM-DD (or D.M.YYYY)"]),
    "date with a time": (_cell("date", "2025-03-02T10:15"),
                         [f"{F}: row 3, column date: '2025-03-02T10:15' is not a date YYYY-MM-DD (or D.M.YYYY)"]),
    "empty date": (_cell("date", ""), [f"{F}: row 3, column date: '' is not a date YYYY-MM-DD (or D.M.YYYY)"]),
    "bad lang": (_cell("lang", "de"),
                 [f"{F}: row 3, column lang: 'de' is not one of the survey's languages (fi, sv)"]),
    "bad unit": (_cell("unit", "Puu Paja"),
                 [f"{F}: row 3, column unit: 'Puu Paja' must match [a-z0-9-]{{1,40}}"]),
    "survey mismatch": (_cell("survey", "muu"),
                        [f"{F}: row 3, column survey: 'muu' is not the survey being imported (kysely)"]),
    "duplicate response_id": (_cell("response_id", "r1"),
                              [f"{F}: row 3, column response_id: 'r1' is also used on row 2"]),
    "response_id with a space": (
        _cell("response_id", "r 2"),
        [f"{F}: row 3, column response_id: 'r 2' contains a space; a response id has no"
         " spaces, control or invisible characters"]),
    "response_id with ESC": (
        _cell("response_id", "r\x1b[31m2"),
        [f"{F}: row 3, column response_id: 'r\\x1b[31m2' contains a control character"
         " (U+001B); a response id has no spaces, control or invisible characters"]),
    "response_id with NUL": (
        _cell("response_id", "r\x002"),
        [f"{F}: row 3, column response_id: 'r\\x002' contains a control character"
         " (U+0000); a response id has no spaces, control or invisible characters"]),
    "response_id with a right-to-left override": (
        _cell("response_id", "r\u202e2"),
        [f"{F}: row 3, column response_id: 'r\\u202e2' contains an invisible character"
         " (U+202E); a response id has no spaces, control or invisible characters"]),
    "response_id too long": (
        _cell("response_id", "x" * 101),
        [f"{F}: row 3, column response_id: '{'x' * 60}… (101 characters)' is too long:"
         " a response id has at most 100 characters"]),
    "cell longer than any answer": (
        _cell("q3", "a" * 20_001),
        [f"{F}: row 3, column q3: the cell has 20,001 characters; at most 20,000 are read"]),
    "unknown column with a long name": (
        _mut(lambda rows: [r.append("q" * 5000 if i == 0 else "") for i, r in enumerate(rows)]),
        [f"{F}: row 1: unknown column '{'q' * 60}… (5000 characters)' (not a column of"
         " survey kysely)"]),
    "response_id of another survey": (
        _cell("response_id", "taken"),
        [f"{F}: row 3, column response_id: 'taken' already belongs to survey muu"]),
    "several problems": (
        _mut(lambda rows: (rows[1].__setitem__(5, "9"), rows[3].__setitem__(4, "en"),
                           rows[3].__setitem__(9, "z"))),
        [f"{F}: row 2, column q1: '9' is not a whole number 1..4",
         f"{F}: row 4, column lang: 'en' is not one of the survey's languages (fi, sv)",
         f"{F}: row 4, column q4: 'z' is not an option (x, y)"]),
}


@pytest.mark.parametrize("mutate, expected", list(ROW_CASES.values()), ids=list(ROW_CASES))
def test_refused_rows(seeded, small_survey, tmp_path, mutate, expected):
    path = write_csv(tmp_path / F, mutate(good_rows()))
    before = db_fingerprint(seeded)
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, path)
    assert exc.value.problems == expected
    assert str(exc.value) == "\n".join(expected)
    assert db_fingerprint(seeded) == before


BYTE_CASES = {
    "not utf-8": (
        "response_id,date,q5\r\nr1,2025-03-01,Hyvä\r\n".encode("latin-1"),
        [f"{F}: the file is not UTF-8 text (byte 38); save it as 'CSV UTF-8'"]),
    "empty file": (b"", [f"{F}: the file is empty; it needs a header row"]),
    "only blank lines": (b"\r\n \r\n\r\n", [f"{F}: the file is empty; it needs a header row"]),
    "only a bom": (b"\xef\xbb\xbf", [f"{F}: the file is empty; it needs a header row"]),
    "header row empty": (b",,,\r\nr1,2025-03-01,3\r\n", [f"{F}: row 1: the header row is missing"]),
    "quote inside a cell": (
        b'response_id,date,q5\r\nr1,2025-03-01,ok\r\nr2,2025-03-02,"Kii"tos\r\n',
        [f"{F}: row 3: broken CSV: ',' expected after '\"'"]),
    "unclosed quote": (
        b'response_id,date,q5\r\nr1,2025-03-01,ok\r\nr2,2025-03-02,"Kiitos\r\n',
        [f"{F}: row 3: broken CSV: unexpected end of data"]),
}


@pytest.mark.parametrize("raw, expected", list(BYTE_CASES.values()), ids=list(BYTE_CASES))
def test_refused_files(seeded, small_survey, tmp_path, raw, expected):
    path = tmp_path / F
    path.write_bytes(raw)
    before = db_fingerprint(seeded)
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, path)
    assert exc.value.problems == expected
    assert db_fingerprint(seeded) == before


def test_refused_broken_xlsx_and_missing_file(seeded, small_survey, tmp_path):
    before = db_fingerprint(seeded)
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, path)
    assert exc.value.problems == [
        "rikki.xlsx: not a readable .xlsx file: not a valid zip package (File is not a zip file)"]
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, tmp_path / "eiole.csv")
    assert exc.value.problems[0].startswith("eiole.csv: cannot read the file: ")
    assert db_fingerprint(seeded) == before


def test_refused_xlsx_names_row_and_column(seeded, small_survey, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in good_rows():
        ws.append(row)
    ws.cell(row=3, column=SMALL_COLUMNS.index("q2") + 1, value=3)
    path = tmp_path / "taulukko.xlsx"
    wb.save(path)
    before = db_fingerprint(seeded)
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, path)
    assert exc.value.problems == ["taulukko.xlsx: row 3, column q2: '3' is not a whole number 4..10"]
    assert db_fingerprint(seeded) == before


def test_many_problems_are_capped(seeded, small_survey, tmp_path):
    rows = [list(SMALL_COLUMNS)] + [
        [f"b{i}", "", "", "2025-03-01", "", "7", "", "", "", "", ""] for i in range(60)
    ]
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, write_csv(tmp_path / F, rows))
    problems = exc.value.problems
    assert len(problems) == 51
    assert problems[0] == f"{F}: row 2, column q1: '7' is not a whole number 1..4"
    assert problems[49] == f"{F}: row 51, column q1: '7' is not a whole number 1..4"
    assert problems[50] == f"{F}: ... and 10 more problems"


def test_one_bad_row_refuses_the_good_ones(seeded, small_survey, tmp_path):
    rows = good_rows() + [["r4", "", "", "2025-03-04", "", "", "", "", "", "", "b" * 21]]
    with pytest.raises(RefusedFile):
        import_file(seeded, small_survey, write_csv(tmp_path / F, rows))
    assert seeded.existing_response_ids(["r1", "r2", "r3"]) == {}
    assert seeded.count_responses("kysely") == 1


def test_read_rows_detects_delimiter(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("a;b;c\n1;2,5;3\n", encoding="utf-8")
    assert read_rows(p) == [["a", "b", "c"], ["1", "2,5", "3"]]
    p.write_text("a,b,c\n1,\"2;5\",3\n", encoding="utf-8")
    assert read_rows(p) == [["a", "b", "c"], ["1", "2;5", "3"]]


# -- property: any corruption of a valid export is refused, and the database is untouched ---

INVALID_WORDS = ["x", "ei", "?", "1|2", "²", "٣", "3.0", "-1", "0x3", " - ", "NULL", "'=1"]


def _valid_number(value: str, allowed: range) -> bool:
    v = value.strip()
    return v == "" or (re.fullmatch(r"[0-9]+", v) is not None and int(v) in allowed)


def _valid_multi(value: str, options: tuple[str, ...]) -> bool:
    if not value.strip():
        return True
    parts = [p.strip() for p in value.split("|")]
    return all(p in options for p in parts) and len(set(parts)) == len(parts)


def _valid_date(value: str) -> bool:
    """A date the import takes: YYYY-MM-DD, or D.M.YYYY as Finnish Excel saves it."""
    from raati.transfer import _finnish_date

    v = value.strip()
    if _finnish_date(v) is not None:
        return True
    try:
        return len(v) == 10 and dt.date.fromisoformat(v) is not None
    except ValueError:
        return False


TEXTS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                min_size=1, max_size=12)


def _bad_value(draw, survey, col: str, rows: list[list[str]], current: str) -> str:
    """A value that makes ``col`` invalid (``current`` is the cell's value now)."""
    q = survey.question(col)
    comment_of = {x.comment_column: x for x in survey.questions if x.comment}
    if col == "response_id":
        others = [r[0] for r in rows[1:] if r[0] and r[0] != current]
        choices = [st.sampled_from(["a b", "x" * 101, "tab\there", "rivi\nvaihto"])]
        if others:
            choices.append(st.sampled_from(others))  # clashes with another row's id
        return draw(st.one_of(*choices))
    if col == "survey":
        return draw(st.one_of(
            st.sampled_from([s for s in SHIPPED if s != survey.id] + ["muu", "ASIAKASKYSELY"]),
            TEXTS.filter(lambda v: v.strip() and v.strip() != survey.id)))
    if col == "unit":
        return draw(st.one_of(
            st.sampled_from(["Puu Paja", "puu_paja", "PUUPAJA", "ä", "a" * 41]),
            TEXTS.filter(lambda v: v.strip() and not re.fullmatch(r"[a-z0-9-]{1,40}", v.strip()))))
    if col == "date":
        return draw(st.one_of(
            st.sampled_from(["", "2025-02-30", "2025-13-01", "31.2.2025", "2025-3-1",
                             "20250301", "2025-03-01T10:00", "huomenna"]),
            TEXTS.filter(lambda v: not _valid_date(v))))
    if col == "lang":
        return draw(st.one_of(
            st.sampled_from(["de", "FI", "suomi", "fin"]),
            TEXTS.filter(lambda v: v.strip() and v.strip() not in survey.languages)))
    if col in comment_of:
        return draw(st.integers(1001, 1100).map(lambda n: "ö" * n))
    assert q is not None, col
    if q.type in ("likert", "grade"):
        allowed = range(1, 5) if q.type == "likert" else range(4, 11)
        return draw(st.one_of(
            st.sampled_from(INVALID_WORDS),
            st.integers(-50, 200).filter(lambda n: n not in allowed).map(str),
            TEXTS.filter(lambda v: not _valid_number(v, allowed))))
    if q.type == "choice":
        return draw(st.one_of(
            st.sampled_from(["|".join(q.option_ids[:2]), q.option_ids[0].upper(), "muu"]),
            TEXTS.filter(lambda v: v.strip() and v.strip() not in q.option_ids)))
    if q.type == "multi":
        o = q.option_ids
        return draw(st.one_of(
            st.sampled_from([f"{o[0]}|{o[0]}", f"{o[0]}|", "|", f"{o[0]},{o[1]}", "kaikki"]),
            TEXTS.filter(lambda v: not _valid_multi(v, o))))
    # text: longer than the question allows
    return draw(st.integers(q.max_length + 1, q.max_length + 60).map(lambda n: "å" * n))


class _Env(dict):
    def __init__(self, **kw):
        super().__init__(**kw)

    def __repr__(self) -> str:  # keep Hypothesis' failure reports short
        return f"<demo database {self['store'].path}>"


@pytest.fixture(scope="module")
def corrupt_env(demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("corrupt")
    path = folder / "raati.db"
    shutil.copyfile(demo_template, path)
    store = Store(path)
    surveys = {sid: find_survey(SHIPPED_DEFS, sid) for sid in SHIPPED}
    exports = {sid: parse_csv_bytes(export_bytes(store, surveys[sid], "csv")) for sid in SHIPPED}
    # the untouched export is accepted (and adds nothing): refusals below are the corruption's
    for sid in SHIPPED:
        assert len(exports[sid]) > 2
        ok = write_csv(folder / f"{sid}.csv", exports[sid])
        assert import_file(store, surveys[sid], ok).imported == 0
    return _Env(folder=folder, store=store, surveys=surveys, exports=exports)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_corrupted_file_is_refused_and_db_unchanged(corrupt_env, data):
    sid = data.draw(st.sampled_from(SHIPPED), label="survey")
    survey = corrupt_env["surveys"][sid]
    rows = copy.deepcopy(corrupt_env["exports"][sid])
    header = rows[0]
    kind = data.draw(st.sampled_from(
        ["cell", "cell", "cell", "drop", "extra", "unknown_column", "dup_column", "no_date"]),
        label="kind")
    n = data.draw(st.integers(1, len(rows) - 1), label="row")
    expect = None
    if kind == "cell":
        c = data.draw(st.integers(0, len(header) - 1), label="column")
        rows[n][c] = _bad_value(data.draw, survey, header[c], rows, rows[n][c])
        # a response_id used twice is reported on the later of the two rows
        expect = (", column response_id: " if header[c] == "response_id"
                  else f"row {n + 1}, column {header[c]}: ")
    elif kind == "drop":
        del rows[n][data.draw(st.integers(0, len(header) - 1), label="cell")]
        expect = f"row {n + 1}: has {len(header) - 1} cells"
    elif kind == "extra":
        rows[n].insert(data.draw(st.integers(0, len(header)), label="at"), data.draw(TEXTS))
        expect = f"row {n + 1}: has {len(header) + 1} cells"
    elif kind == "unknown_column":
        name = data.draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
                         .filter(lambda s: s not in survey.csv_columns), label="name")
        at = data.draw(st.integers(0, len(header)), label="at")
        for i, row in enumerate(rows):
            row.insert(at, name if i == 0 else "")
        expect = f"row 1: unknown column '{name}'"
    elif kind == "dup_column":
        i, j = data.draw(st.lists(st.integers(0, len(header) - 1), min_size=2, max_size=2,
                                  unique=True), label="columns")
        header[j] = header[i]
        expect = "row 1: "
    else:  # no_date
        at = header.index("date")
        for row in rows:
            del row[at]
        expect = "row 1: the column 'date' is missing"
    excel = data.draw(st.booleans(), label="excel")
    path = write_csv(corrupt_env["folder"] / f"{sid}-bad.csv", rows,
                     delimiter=";" if excel else ",", bom=excel)

    # Every connection closed before each look (db_fingerprint): the last one to close
    # checkpoints the WAL, and a pool closed by something else meanwhile (a pool evicted
    # by another database's use) would change the file's bytes, not its content.
    corrupt_env["store"].close()
    before = db_fingerprint(corrupt_env["store"].path)
    with pytest.raises(RefusedFile) as exc:
        import_file(corrupt_env["store"], survey, path)
    corrupt_env["store"].close()
    after = db_fingerprint(corrupt_env["store"].path)
    assert after[0] == before[0]  # the file, byte for byte
    assert after[1] == before[1]  # and its content
    problems = exc.value.problems
    assert problems and all(p.startswith(f"{path.name}: ") for p in problems)
    assert any(expect in p for p in problems), (expect, problems)


def test_compact_and_week_dates_are_refused(seeded, small_survey, tmp_path):
    before = db_fingerprint(seeded)
    rows = good_rows()
    rows[1][3] = "20250301"
    rows[2][3] = "2025-W10-1"
    with pytest.raises(RefusedFile) as err:
        import_file(seeded, small_survey, write_csv(tmp_path / "d.csv", rows))
    assert err.value.problems == [
        "d.csv: row 2, column date: '20250301' is not a date YYYY-MM-DD (or D.M.YYYY)",
        "d.csv: row 3, column date: '2025-W10-1' is not a date YYYY-MM-DD (or D.M.YYYY)",
    ]
    assert db_fingerprint(seeded) == before


# -- hostile files (issue 8): bounded reading, a clear refusal, the database untouched ------

import random  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import raati.transfer as transfer  # noqa: E402

SHEET = "xl/worksheets/sheet1.xml"


def rezip(raw: bytes, parts: dict[str, bytes | str]) -> bytes:
    """The workbook ``raw`` with some parts replaced (deflated, as spreadsheets write)."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = parts.get(info.filename, src.read(info.filename))
            z.writestr(info.filename, data.encode() if isinstance(data, str) else data)
    return out.getvalue()


def small_xlsx(rows=None) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows or good_rows():
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_of(raw: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(raw)).read(SHEET).decode()


def with_rows(raw: bytes, rows_xml: str) -> bytes:
    """The workbook with its sheet's rows replaced by ``rows_xml``."""
    sheet = re.sub(r"<sheetData>.*</sheetData>|<sheetData/>", f"<sheetData>{rows_xml}</sheetData>",
                   sheet_of(raw), flags=re.S)
    return rezip(raw, {SHEET: sheet})


def xrow(r, cells) -> str:
    """A sheet row: ``cells`` are (reference or None, text)."""
    inner = "".join(f'<c{f" r={chr(34)}{ref}{chr(34)}" if ref else ""} t="inlineStr">'
                    f"<is><t>{text}</t></is></c>" for ref, text in cells)
    return f'<row{f" r={chr(34)}{r}{chr(34)}" if r is not None else ""}>{inner}</row>'


def refusal(store: Store, survey, raw: bytes, name: str) -> list[str]:
    """The problems of importing ``raw``; the database must be unchanged."""
    before = db_fingerprint(store)
    with pytest.raises(RefusedFile) as exc:
        transfer.import_bytes(store, survey, raw, name)
    assert db_fingerprint(store) == before
    return exc.value.problems


def test_dimension_bomb_is_refused_fast_and_small(seeded, small_survey):
    """A 5 KB workbook whose <dimension> claims A1:XFD1048576 with one cell at row
    1 048 576 made openpyxl build every padded row (1.5 GB in 9 s)."""
    raw = export_bytes(seeded, small_survey, "xlsx")
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', sheet_of(raw))
    sheet = sheet.replace("</sheetData>", '<row r="1048576"><c r="A1048576" t="inlineStr">'
                                          "<is><t>x</t></is></c></row></sheetData>")
    bomb = rezip(raw, {SHEET: sheet})
    assert len(bomb) < 10_000
    tracemalloc.start()
    start = time.perf_counter()
    try:
        problems = refusal(seeded, small_survey, bomb, "pommi.xlsx")
        took = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems == ["pommi.xlsx: row 1048576: the file has more rows than 50,001"
                        " (a header and 50,000 responses); split it into smaller files"]
    assert took < 3 and peak < 20 * 2**20, (took, peak)


def test_wrong_small_dimension_still_reads_every_row(store, small_survey):
    """WPS Office writes <dimension ref="A1"/> whatever the sheet holds."""
    raw = small_xlsx()
    sheet = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1"/>', sheet_of(raw))
    assert '<dimension ref="A1"/>' in sheet
    result = transfer.import_bytes(store, small_survey, rezip(raw, {SHEET: sheet}), "wps.xlsx")
    assert (result.rows, result.imported) == (3, 3)
    r1 = next(r for r in store.responses_with_answers("kysely") if r["id"] == "r1")
    assert Answer("q5", "value", "Kiitos") in r1["answers"]  # the last column too


HEADER4 = list(zip([None] * 4, ["response_id", "date", "q1", "q5"], strict=True))


def test_gap_rows_keep_their_numbers_and_are_not_padded(store, small_survey):
    raw = with_rows(small_xlsx(), xrow(1, HEADER4)
                    + xrow(2, [("A2", "g1"), ("B2", "2025-03-01"), ("C2", "4")])
                    + xrow(40, [("A40", "g2"), ("B40", "2025-03-02"), ("C40", "7")]))
    assert refusal(store, small_survey, raw, "v.xlsx") == [
        "v.xlsx: row 40, column q1: '7' is not a whole number 1..4"]
    # the same layout with good values imports both rows (a cell without r follows the last)
    fixed = with_rows(small_xlsx(), xrow(1, HEADER4)
                      + xrow(2, [("A2", "g1"), ("B2", "2025-03-01"), ("C2", "4")])
                      + xrow(40, [("A40", "g2"), ("B40", "2025-03-02"), (None, "3"),
                                  ("D40", "x")]))
    assert transfer.import_bytes(store, small_survey, fixed, "v.xlsx").imported == 2
    g2 = next(r for r in store.responses_with_answers("kysely") if r["id"] == "g2")
    assert set(g2["answers"]) == {Answer("q1", "value", "3"), Answer("q5", "value", "x")}


@pytest.mark.parametrize("rows_xml, expected", [
    (xrow(1, [("A1", "date")]) + xrow(3, [("A3", "2025-03-01")]) + xrow(2, [("A2", "2025-03-01")]),
     "v.xlsx: row 2: the rows of the sheet are out of order (row 2 after row 3); open the file"
     " in a spreadsheet program and save it again"),
    (xrow(1, [("A1", "date")]) + xrow(1, [("A1", "2025-03-01")]),
     "v.xlsx: row 1: the rows of the sheet are out of order (row 1 after row 1); open the file"
     " in a spreadsheet program and save it again"),
    (xrow(1, [("B1", "date"), ("A1", "q1")]),
     "v.xlsx: row 1: the cells of the row are out of order (column A after B); open the file"
     " in a spreadsheet program and save it again"),
    (xrow(1, [("A1", "date"), ("A1", "q1")]),
     "v.xlsx: row 1: the cell in column A is written twice; open the file in a spreadsheet"
     " program and save it again"),
    (xrow(1, [("A1", "date"), ("XFD1", "x")]),
     "v.xlsx: row 1, column XFD: the file has more columns than 1,000"),
    (xrow(1, [("A1", "date"), ("1A", "x")]),
     "v.xlsx: not a readable .xlsx file: row 1: '1A' is not a cell reference"),
    (xrow("x", [("A1", "date")]), "v.xlsx: not a readable .xlsx file: 'x' is not a row number"),
    (xrow("1e400", [("A1", "date")]),
     "v.xlsx: not a readable .xlsx file: '1e400' is not a row number"),
    (xrow(1, [("A1", "date")]) + "<row><row/></row>",
     "v.xlsx: not a readable .xlsx file: a row inside a row or a string in " + SHEET),
    (xrow(1, [("A1", "date")]) + "<x>" * 70 + "</x>" * 70,
     f"v.xlsx: not a readable .xlsx file: the XML of {SHEET} is nested too deep"),
], ids=["rows out of order", "row twice", "cells out of order", "cell twice", "column XFD",
        "bad cell reference", "bad row number", "infinite row number", "row in a row",
        "deep XML"])
def test_sheets_openpyxl_would_misread_are_refused(seeded, small_survey, rows_xml, expected):
    assert refusal(seeded, small_survey, with_rows(small_xlsx(), rows_xml), "v.xlsx") == [expected]


def test_xml_with_a_dtd_is_refused(seeded, small_survey):
    raw = small_xlsx()
    sheet = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">]>' + sheet_of(raw).split("?>")[-1]
    assert refusal(seeded, small_survey, rezip(raw, {SHEET: sheet}), "v.xlsx") == [
        f"v.xlsx: not a readable .xlsx file: {SHEET} declares a DTD or entities"]


def test_zip_bomb_and_unpacked_size_are_refused(seeded, small_survey, monkeypatch):
    raw = small_xlsx()
    padded = rezip(raw, {SHEET: sheet_of(raw) + " " * 3_000_000})  # whitespace after the root
    (line,) = refusal(seeded, small_survey, padded, "v.xlsx")
    assert re.fullmatch(r"v\.xlsx: the workbook unpacks to [0-9,]+ times its size \(a zip bomb\?\);"
                        r" it is not read", line), line
    monkeypatch.setattr(transfer, "MAX_XLSX_UNPACKED", 2**20)
    noise = random.Random(1).randbytes(800_000).hex()  # compresses about 2:1, not a bomb
    big = rezip(raw, {SHEET: sheet_of(raw) + f"<!-- {noise} -->"})
    assert refusal(seeded, small_survey, big, "v.xlsx") == [
        "v.xlsx: the workbook unpacks to 1.5 MB; at most 1 MB is read (split it into smaller files)"]


@pytest.mark.parametrize("limit, value, expected", [
    ("MAX_ROWS", 2, "v.{ext}: row 4: the file has more rows than 3 (a header and 2 responses);"
                    " split it into smaller files"),
    ("MAX_CELLS", 15, "v.{ext}: row 2: the file has more than 15 cells; split it into smaller"
                      " files"),
])
@pytest.mark.parametrize("ext", ["csv", "xlsx"])
def test_row_and_cell_limits(seeded, small_survey, monkeypatch, tmp_path, limit, value,
                             expected, ext):
    monkeypatch.setattr(transfer, limit, value)
    raw = small_xlsx() if ext == "xlsx" else write_csv(tmp_path / "v.csv", good_rows()).read_bytes()
    assert refusal(seeded, small_survey, raw, f"v.{ext}") == [expected.format(ext=ext)]


def test_column_limits(seeded, small_survey, monkeypatch, tmp_path):
    monkeypatch.setattr(transfer, "MAX_COLUMNS", 5)
    raw = write_csv(tmp_path / "v.csv", good_rows()).read_bytes()
    assert refusal(seeded, small_survey, raw, "v.csv") == [
        "v.csv: row 1: has 11 cells; at most 5 columns are read"]
    assert refusal(seeded, small_survey, small_xlsx(), "v.xlsx") == [
        "v.xlsx: row 1, column F: the file has more columns than 5"]


def test_xml_element_limits(seeded, small_survey, monkeypatch):
    monkeypatch.setattr(transfer, "MAX_XML_IN_ROW", 20)
    assert refusal(seeded, small_survey, small_xlsx(), "v.xlsx") == [
        "v.xlsx: not a readable .xlsx file: row 1 has more than 20 XML elements"]
    monkeypatch.setattr(transfer, "MAX_XML_IN_ROW", 50_000)
    monkeypatch.setattr(transfer, "MAX_XML_OTHER", 10)
    assert refusal(seeded, small_survey, small_xlsx(), "v.xlsx") == [
        "v.xlsx: not a readable .xlsx file: more than 10 XML elements outside the rows and strings"]


def test_file_size_is_capped_before_reading(seeded, small_survey, monkeypatch, tmp_path):
    monkeypatch.setattr(transfer, "MAX_FILE_BYTES", 1000)
    path = write_csv(tmp_path / "iso.csv", good_rows() * 20)
    before = db_fingerprint(seeded)
    with pytest.raises(RefusedFile) as exc:
        import_file(seeded, small_survey, path)
    assert exc.value.problems == [
        "iso.csv: the file is larger than 1,000 bytes; split it into smaller files"]
    if Path("/dev/zero").exists():  # a file that never ends is not read to its end
        with pytest.raises(RefusedFile) as exc:
            import_file(seeded, small_survey, "/dev/zero")
        assert exc.value.problems == [
            "zero: the file is larger than 1,000 bytes; split it into smaller files"]
    assert db_fingerprint(seeded) == before


@pytest.mark.parametrize("name, raw", [
    ("vanha.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
    ("taulukko.ods", b"PK\x03\x04 odf"),
    ("nimetty.csv", small_xlsx()),
])
def test_other_spreadsheet_formats_get_a_hint(seeded, small_survey, name, raw):
    assert refusal(seeded, small_survey, raw, name) == [
        f"{name}: only .xlsx workbooks and CSV files can be imported; save it as .xlsx or as"
        " 'CSV UTF-8'"]


def test_csv_limits_and_message_sizes(seeded, small_survey, tmp_path):
    many = "date," + ",".join(f"x{i}" for i in range(100_000)) + "\r\n"
    (line,) = refusal(seeded, small_survey, many.encode(), "leveä.csv")
    assert line == "leveä.csv: row 1: has 100,001 cells; at most 1,000 columns are read"
    # 999 unknown columns (under the column limit): 50 lines and a count, each line short
    header = ["date"] + [f"tuntematon_{'y' * 200}_{i}" for i in range(998)]
    problems = refusal(seeded, small_survey, ",".join(header).encode(), "l.csv")
    assert len(problems) == 51 and problems[-1] == "l.csv: ... and 948 more problems"
    assert problems[0] == (f"l.csv: row 1: unknown column '{'tuntematon_' + 'y' * 49}…"
                           " (213 characters)' (not a column of survey kysely)")
    assert sum(len(p) for p in problems) < 10_000
    long_cell = b'date,q5\r\n2025-03-01,"' + b"a" * 200_000 + b'"\r\n'
    assert refusal(seeded, small_survey, long_cell, "pitkä.csv") == [
        f"pitkä.csv: row 2: a cell is longer than {csv.field_size_limit():,} characters"]


def test_many_bad_cells_cost_no_more_than_fifty(seeded, small_survey, tmp_path):
    rows = [list(SMALL_COLUMNS)] + [
        [f"b{i}", "", "", "2025-03-01", "", "9", "", "99", "c", "z", ""] for i in range(20_000)]
    start = time.perf_counter()
    problems = refusal(seeded, small_survey, write_csv(tmp_path / F, rows).read_bytes(), F)
    assert len(problems) == 51 and problems[-1] == f"{F}: ... and 79950 more problems"
    assert time.perf_counter() - start < 10


def test_echoed_values_are_printable(seeded, small_survey, tmp_path):
    rows = good_rows()
    rows[1][2] = "\x1b[2J\x1b[31mpaja"
    rows[2][4] = "fi\u202e"
    problems = refusal(seeded, small_survey, write_csv(tmp_path / F, rows).read_bytes(), F)
    assert problems == [
        f"{F}: row 2, column unit: '\\x1b[2J\\x1b[31mpaja' must match [a-z0-9-]{{1,40}}",
        f"{F}: row 3, column lang: 'fi\\u202e' is not one of the survey's languages (fi, sv)",
    ]
    assert all(p.isprintable() for p in problems)


# -- a leading apostrophe: only the one our Excel exports add is removed ---------------------

APOSTROPHE_TEXTS = ["'lainaus'", "'=1+1", "''=x", "=SUM(A1)", "+358 40", "-5 p", "@kaikki",
                    "'", "'-", "'@x", "'+", "x'=y"]


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
def test_apostrophe_and_formula_texts_round_trip(store, small_survey, fmt, empty_store):
    for i, text in enumerate(APOSTROPHE_TEXTS):
        answers = build_answers(small_survey, {"q1": 1, "q5": text}, {"q1": text}, require=False)
        store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                          answers=answers, id=f"a{i}"))
    data = export_bytes(store, small_survey, fmt)
    empty = empty_store
    assert transfer.import_bytes(empty, small_survey, data, f"f{SUFFIX[fmt]}").imported == 12
    for r in empty.responses_with_answers("kysely"):
        text = APOSTROPHE_TEXTS[int(r["id"][1:])]
        assert Answer("q5", "value", text) in r["answers"], (fmt, text, r["answers"])
        assert Answer("q1", "comment", text) in r["answers"], (fmt, text, r["answers"])
    assert export_bytes(empty, small_survey, "csv") == export_bytes(store, small_survey, "csv")
    assert transfer.import_bytes(empty, small_survey, data, f"f{SUFFIX[fmt]}").imported == 0


def test_excel_csv_shows_a_genuine_apostrophe_as_is(store, small_survey):
    answers = build_answers(small_survey, {"q5": "'lainaus'"}, {"q1": "'=1"}, require=False)
    store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                      answers=answers, id="a1"))
    rows = parse_csv_bytes(export_bytes(store, small_survey, "excel-csv"), ";")
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["q5"], row["q1__comment"]) == ("'lainaus'", "''=1")


@pytest.mark.parametrize("delimiter, bom, stored", [
    (",", False, "'=SUM(A1)"),  # plain CSV: exactly as written
    (";", True, "=SUM(A1)"),  # Excel-CSV: our export's protection removed
    (";", False, "=SUM(A1)"),
    (",", True, "=SUM(A1)"),
])
def test_handmade_csv_apostrophes(store, small_survey, tmp_path, delimiter, bom, stored):
    rows = [["response_id", "date", "q5", "q1__comment"],
            ["h1", "2025-03-01", "'=SUM(A1)", "'lainaus"]]
    path = write_csv(tmp_path / "h.csv", rows, delimiter=delimiter, bom=bom)
    assert import_file(store, small_survey, path).imported == 1
    (r,) = store.responses_with_answers("kysely")
    assert set(r["answers"]) == {Answer("q5", "value", stored), Answer("q1", "comment", "'lainaus")}


# -- an id already stored with different content refuses the file -----------------------------


def test_changed_rows_under_stored_ids_refuse_the_file(seeded, small_survey, tmp_path):
    import_file(seeded, small_survey, write_csv(tmp_path / F, good_rows()))
    rows = good_rows()
    rows[1][5] = "4"  # r1: q1 3 -> 4
    rows[2][2] = "puupaja"  # r2: unit ompelimo -> puupaja
    rows[3][9] = "x"  # r3: q4 '' -> x
    rows.append(["r4", "", "", "2025-03-04", "", "", "", "", "", "", ""])  # a new one
    problems = refusal(seeded, small_survey, write_csv(tmp_path / F, rows).read_bytes(), F)
    assert problems == [
        f"{F}: 3 response ids are already stored with different content, so nothing was"
        " imported: an import never changes a stored response; remove these rows or give them"
        " new response ids",
        f"{F}: row 2, column response_id: 'r1' is already stored with different content (in q1)",
        f"{F}: row 3, column response_id: 'r2' is already stored with different content (in unit)",
        f"{F}: row 4, column response_id: 'r3' is already stored with different content (in q4)",
    ]
    assert seeded.existing_response_ids(["r4"]) == {}


def test_same_content_in_fewer_columns_is_skipped_silently(seeded, small_survey, tmp_path):
    import_file(seeded, small_survey, write_csv(tmp_path / F, good_rows()))
    # a file that states only some columns agrees with what is stored there
    rows = [["response_id", "date", "q1", "q4"], ["r1", "2025-03-01", "3", "y|x"],
            ["r5", "2025-03-05", "2", ""]]
    result = import_file(seeded, small_survey, write_csv(tmp_path / "osa.csv", rows))
    assert (result.imported, result.already_present) == (1, 1)
    # an answer the file leaves empty, where one is stored, is different content
    rows[1][2] = ""
    (first, line) = refusal(seeded, small_survey, write_csv(tmp_path / "osa.csv", rows)
                            .read_bytes(), "osa.csv")
    assert line == ("osa.csv: row 2, column response_id: 'r1' is already stored with different"
                    " content (in q1)")
    assert first.startswith("osa.csv: 1 response id is already stored with different content")


def test_many_changed_ids_are_listed_briefly(store, small_survey, tmp_path):
    rows = [["response_id", "date", "q1"]] + [[f"id{i:02d}", "2025-03-01", "1"] for i in range(15)]
    import_file(store, small_survey, write_csv(tmp_path / F, rows))
    for row in rows[1:]:
        row[2] = "2"
    problems = refusal(store, small_survey, write_csv(tmp_path / F, rows).read_bytes(), F)
    assert len(problems) == 12
    assert problems[0].startswith(f"{F}: 15 response ids are already stored with different")
    assert problems[1] == (f"{F}: row 2, column response_id: 'id00' is already stored with"
                           " different content (in q1)")
    assert problems[-1] == f"{F}: ... and 5 more ids"


def test_xlsx_export_survives_a_control_character_in_a_stored_id(store, small_survey, tmp_path):
    # ids like this came in through the import before it refused them
    store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                      answers=(Answer("q1", "value", "2"),), id="old\x1bid"))
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes(store, small_survey, "xlsx"))).worksheets[0]
    assert ws.cell(row=2, column=1).value == "old\ufffdid"


# -- fuzz: every mutated workbook imports or is refused, never a traceback --------------------

_FUZZ_INSERTS = [b"<row>", b"<c/>", b"</row>", b'<c r="B1"><v>1</v></c>', b'<row r="3">',
                 b"<!DOCTYPE x>", b'<c t="s"><v>99</v></c>', b'<c t="d"><v>x</v></c>',
                 b'<c s="1"><v>1e308</v></c>', b'<row r="1048576"><c r="XFD1048576"/></row>']
_FUZZ_VALUES = [b"1048576", b"-1", b"0", b"1e9", b"XFD1", b"a1", b"", b"9" * 30, b"nan", b"2.5",
                b"s", b"inlineStr", b"b", b"d", b"e", b"str", b"n", b"99999999", b"A1:XFD1048576"]


def _edit_xml(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not b:
            break
        i = rng.randrange(len(b))
        j = min(len(b), i + rng.randint(1, 40))
        op = rng.randrange(6)
        if op == 0:
            del b[i:j]
        elif op == 1:
            b[i:i] = b[i:j]
        elif op == 2:  # an attribute's value
            q = b.find(b'"', i)
            q2 = b.find(b'"', q + 1) if q >= 0 else -1
            if q2 > q >= 0:
                b[q + 1:q2] = rng.choice(_FUZZ_VALUES)
        elif op == 3:  # a digit
            digits = [k for k in range(len(b)) if 48 <= b[k] <= 57]
            if digits:
                b[rng.choice(digits)] = rng.choice(b"0123456789")
        elif op == 4:
            b[i:i] = rng.randbytes(rng.randint(1, 8))
        else:
            t = b.find(b"<", i)
            if t >= 0:
                b[t:t] = rng.choice(_FUZZ_INSERTS)
    return bytes(b)


def mutated_workbook(raw: bytes, seed: int) -> bytes:
    """Deterministic damage: bit flips inside a zip entry, truncation, or a part's XML
    edited (slices cut or doubled, attribute values and digits changed, tags inserted)
    and zipped again."""
    rng = random.Random(seed)
    kind = ("flip", "truncate", "xml", "xml", "xml")[seed % 5]
    if kind == "truncate":
        return raw[: rng.randrange(len(raw))]
    z = zipfile.ZipFile(io.BytesIO(raw))
    infos = z.infolist()
    if kind == "flip":
        info = rng.choice(infos)
        start = info.header_offset + 30 + len(info.filename.encode())
        b = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(start, start + max(1, info.compress_size))] ^= 1 << rng.randrange(8)
        return bytes(b)
    target = rng.choice([i.filename for i in infos] + [SHEET] * 4 + ["xl/sharedStrings.xml"] * 2)
    return rezip(raw, {target: _edit_xml(z.read(target), rng)} if target in z.namelist() else {})


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl's notes on damaged parts
def test_fuzzed_workbooks_import_or_are_refused(seeded, small_survey, tmp_path):
    for i, text in enumerate(["=SUM(A1)", "'lainaus", "Hyvä", "+1"]):
        answers = build_answers(small_survey, {"q1": 1 + i, "q3": "ab"[i % 2], "q4": ["x"],
                                               "q5": text}, {"q1": "kommentti"}, require=False)
        seeded.submit_response(NewResponse(survey="kysely", date=f"2025-03-0{i + 1}", lang="fi",
                                           answers=answers, unit="puupaja", id=f"v{i}"))
    raw = export_bytes(seeded, small_survey, "xlsx")
    counts = {"imported": 0, "refused": 0}
    for seed in range(300):
        data = mutated_workbook(raw, seed)
        before = db_fingerprint(seeded)
        try:
            transfer.import_bytes(seeded, small_survey, data, "m.xlsx")
        except RefusedFile as exc:
            counts["refused"] += 1
            assert db_fingerprint(seeded) == before, seed
            assert exc.problems and all(
                p.startswith("m.xlsx: ") and p.isprintable() and len(p) <= 400
                for p in exc.problems), (seed, exc.problems)
        except Exception as exc:  # pragma: no cover - the failure this test is about
            pytest.fail(f"seed {seed}: {type(exc).__name__}: {exc}")
        else:
            counts["imported"] += 1
    assert counts["refused"] > 150 and counts["imported"] > 10, counts


# -- issue 9 item 2: what spreadsheet programs add around the data ----------------------------


def _file(rows, fmt: str) -> tuple[bytes, str]:
    """``rows`` as a csv, excel-csv (``;`` and a BOM) or xlsx (openpyxl) file."""
    if fmt == "xlsx":
        return small_xlsx(rows), "k.xlsx"
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";" if fmt == "excel-csv" else ",",
               lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if fmt == "excel-csv" else "") + buf.getvalue()).encode(), "k.csv"


def _trailing_padding(rows):
    """As Excel saves a sheet whose used range is wider and longer than the data
    (``...;q5;;`` on every line, then ``;;;;`` lines); one "empty" cell holds a space."""
    rows = [r + ["", ""] for r in rows]
    rows[0][-1] = " "
    rows[2][-2] = "\xa0"
    return rows + [[""] * len(rows[0]) for _ in range(3)] + [["", " ", ""]]


def _column_between(rows):
    """A column without a name and without values between date and lang."""
    return [r[:4] + [""] + r[4:] for r in rows]


def _names_with_invisibles(rows):
    """Header names with no-break spaces around them, a byte order mark inside the
    header (two files joined, or a BOM written twice) and a zero-width space."""
    rows[0] = ["\ufeff" + rows[0][0], *rows[0][1:]]
    rows[0][5] = "\xa0q1\xa0"
    rows[0][6] = "\ufeffq1__comment"
    rows[0][10] = "q5\u200b"
    return rows


PADDINGS = {"trailing columns and rows": _trailing_padding,
            "an empty column between": _column_between,
            "names with invisible characters": _names_with_invisibles}


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
@pytest.mark.parametrize("pad", list(PADDINGS), ids=list(PADDINGS))
def test_padding_around_the_data_is_ignored(store, small_survey, fmt, pad):
    raw, name = _file(PADDINGS[pad](good_rows()), fmt)
    result = transfer.import_bytes(store, small_survey, raw, name)
    assert (result.rows, result.imported) == (3, 3)
    r1 = next(r for r in store.responses_with_answers("kysely") if r["id"] == "r1")
    assert Answer("q5", "value", "Kiitos") in r1["answers"]  # the last named column
    assert Answer("q1", "comment", "Hyvä ohjaaja") in r1["answers"]
    assert r1["unit"] == "puupaja" and r1["lang"] == "fi"
    # the same file again adds nothing (the header read the same way both times)
    assert transfer.import_bytes(store, small_survey, raw, name).imported == 0


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
def test_a_value_under_a_column_without_a_name_is_refused(seeded, small_survey, fmt):
    rows = _column_between(_trailing_padding(good_rows()))
    rows[3][-1] = "x"  # row 4 of the file, column 14 (N)
    rows[2][4] = "muuta"  # row 3, column 5 (E): between date and lang
    raw, name = _file(rows, fmt)
    assert refusal(seeded, small_survey, raw, name) == [
        f"{name}: row 1, column 5 (E): the column has no name, but row 3 has a value in it"
        " ('muuta'); name the column or delete it",
        f"{name}: row 1, column 14 (N): the column has no name, but row 4 has a value in it"
        " ('x'); name the column or delete it",
    ]


@pytest.mark.parametrize("fmt", ["csv", "excel-csv"])
def test_line_breaks_inside_quoted_cells(store, small_survey, fmt):
    rows = good_rows()
    rows[1][6] = "eka\r\ntoka\rkolmas\nneljäs"  # Windows, old Mac and Unix line breaks
    raw, name = _file(rows, fmt)
    assert transfer.import_bytes(store, small_survey, raw, name).imported == 3
    r1 = next(r for r in store.responses_with_answers("kysely") if r["id"] == "r1")
    assert Answer("q1", "comment", "eka\ntoka\nkolmas\nneljäs") in r1["answers"]



def test_dates_as_finnish_excel_saves_them_are_read(store, small_survey, tmp_path):
    """Finnish Excel writes dates as D.M.YYYY when it saves a CSV again (issue 9)."""
    rows = good_rows()
    rows[1][3] = "2.3.2025"
    rows[2][3] = "05.03.2025"
    result = import_file(store, small_survey, write_csv(tmp_path / "fi.csv", rows))
    assert result.imported == len(rows) - 1
    dates = sorted(r["date"] for r in store.responses_with_answers(small_survey.id))
    assert "2025-03-02" in dates and "2025-03-05" in dates
