"""Responses in and out as files (contract §2): CSV, Excel-CSV (``;`` and a BOM) and XLSX.

Import is all-or-nothing: every row is checked first, and if any is bad nothing is written
and each problem names the row (as a spreadsheet numbers it: the header is row 1) and the
column. Import is idempotent by ``response_id``; a row with an empty id gets an id derived
from the file's content and the row number, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from raati.responses import COMMENT_MAX_LENGTH, AnswerError, check_text, format_cell, parse_cell
from raati.store import UNIT_ID_RE, Answer, NewResponse, Store, parse_iso_date
from raati.surveys import Survey

FORMATS = ("csv", "excel-csv", "xlsx")
MAX_LISTED_PROBLEMS = 50
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RefusedFile(Exception):
    """A responses file was refused; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class ImportResult:
    rows: int
    imported: int
    already_present: int


# -- reading -------------------------------------------------------------------------------


def _read_csv(raw: bytes, name: str) -> list[list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedFile([
            f"{name}: the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'"
        ]) from None
    if not text.strip():
        raise RefusedFile([f"{name}: the file is empty; it needs a header row"])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        raise RefusedFile([f"{name}: row {len(rows) + 1}: broken CSV: {exc}"]) from None
    return rows


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise RefusedFile([f"{name}: not a readable .xlsx workbook ({type(exc).__name__})"]) from None
    try:
        sheet = wb.worksheets[0]
        rows = [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        wb.close()
    # Spreadsheets pad rows with empty cells to the widest row; trim the padding.
    width = max((len(r) for r in rows), default=0)
    while width and all(len(r) < width or r[width - 1] == "" for r in rows):
        width -= 1
    return [r[:width] for r in rows]


def read_rows(path: str | Path) -> list[list[str]]:
    """The rows of a responses file (.csv in UTF-8 with ``,`` or ``;``, or .xlsx)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RefusedFile([f"{path.name}: cannot read the file: {exc.strerror or exc}"]) from None
    return rows_of(raw, path.name)


def rows_of(raw: bytes, name: str) -> list[list[str]]:
    """The rows of a responses file's bytes; ``name`` tells .xlsx from CSV."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(raw, name)
    return _read_csv(raw, name)


def _unescape_formula(cell: str) -> str:
    # Undo the protection the Excel exports add (a leading apostrophe before =, +, -, @).
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell


# -- checking ------------------------------------------------------------------------------


def parse_responses(
    survey: Survey,
    rows: list[list[str]],
    name: str,
    file_digest: str,
    row_numbers: dict[str, int] | None = None,
    allowed_units: list[str] | None = None,
) -> list[NewResponse]:
    """Check every row of a responses table; return them all or raise RefusedFile.
    If given, ``row_numbers`` is filled with each response id's row number, and
    ``allowed_units`` limits the units the rows may name (a staff member's own)."""
    if not rows or not any(c.strip() for c in rows[0]):
        raise RefusedFile([f"{name}: row 1: the header row is missing"])
    header = [c.strip() for c in rows[0]]
    known = survey.csv_columns
    problems: list[str] = []
    seen: set[str] = set()
    for col in header:
        if col in seen:
            problems.append(f"{name}: row 1: column '{col}' appears twice")
        elif col not in known:
            problems.append(
                f"{name}: row 1: unknown column '{col}' (not a column of survey {survey.id})"
            )
        seen.add(col)
    if "date" not in header:
        problems.append(f"{name}: row 1: the column 'date' is missing")
    if problems:
        raise RefusedFile(problems)

    questions = {q.id: q for q in survey.questions}
    comment_of = {q.comment_column: q for q in survey.questions if q.comment}
    responses: list[NewResponse] = []
    ids: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # a blank line, as spreadsheets leave at the end
        if len(row) != len(header):
            problems.append(
                f"{name}: row {number}: has {len(row)} cells but the header has {len(header)}"
            )
            continue
        cells = {col: _unescape_formula(cell) for col, cell in zip(header, row, strict=True)}

        def bad(col: str, what: str, number: int = number) -> None:
            problems.append(f"{name}: row {number}, column {col}: {what}")

        rid = cells.get("response_id", "").strip()
        if rid:
            if len(rid) > 100 or any(ch.isspace() for ch in rid):
                bad("response_id", "must be at most 100 characters without spaces")
            elif rid in ids:
                bad("response_id", f"'{rid}' is also used on row {ids[rid]}")
            ids.setdefault(rid, number)
        else:
            rid = "imp-" + hashlib.sha256(f"{file_digest}:{number}".encode()).hexdigest()[:24]
        sid = cells.get("survey", "").strip()
        if sid and sid != survey.id:
            bad("survey", f"'{sid}' is not the survey being imported ({survey.id})")
        unit = cells.get("unit", "").strip()
        if unit and not UNIT_ID_RE.match(unit):
            bad("unit", f"'{unit}' must match [a-z0-9-]{{1,40}}")
        elif allowed_units is not None and unit not in allowed_units:
            bad("unit", f"'{unit}' is not one of your units ({', '.join(allowed_units) or '-'})")
        date = cells.get("date", "").strip()
        parsed = parse_iso_date(date)
        date = parsed.isoformat() if parsed else None
        if date is None:
            bad("date", f"'{cells.get('date', '')}' is not a date YYYY-MM-DD")
        lang = cells.get("lang", "").strip() or survey.default_language
        if lang not in survey.languages:
            bad("lang", f"'{lang}' is not one of the survey's languages ({', '.join(survey.languages)})")
        answers: list[Answer] = []
        for col, cell in cells.items():
            try:
                if col in questions:
                    answers.extend(Answer(col, "value", v) for v in parse_cell(questions[col], cell))
                elif col in comment_of and cell.strip():
                    text = check_text(cell, COMMENT_MAX_LENGTH)
                    if text:
                        answers.append(Answer(comment_of[col].id, "comment", text))
            except AnswerError as exc:
                bad(col, str(exc))
        if date:
            if row_numbers is not None:
                row_numbers[rid] = number
            responses.append(NewResponse(
                survey=survey.id, date=date, lang=lang, answers=tuple(answers),
                survey_version=survey.version, unit=unit or None, id=rid,
            ))
    if problems:
        if len(problems) > MAX_LISTED_PROBLEMS:
            more = len(problems) - MAX_LISTED_PROBLEMS
            problems = problems[:MAX_LISTED_PROBLEMS] + [f"{name}: ... and {more} more problems"]
        raise RefusedFile(problems)
    return responses


def import_file(store: Store, survey: Survey, path: str | Path,
                allowed_units: list[str] | None = None) -> ImportResult:
    """Import a responses file all-or-nothing (contract §2)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RefusedFile([f"{path.name}: cannot read the file: {exc.strerror or exc}"]) from None
    return import_bytes(store, survey, raw, path.name, allowed_units)


def import_bytes(store: Store, survey: Survey, raw: bytes, name: str,
                 allowed_units: list[str] | None = None) -> ImportResult:
    """Import a responses file's bytes all-or-nothing; ``name`` is used in messages."""
    rows = rows_of(raw, name)
    digest = hashlib.sha256(raw).hexdigest()
    row_of: dict[str, int] = {}
    responses = parse_responses(survey, rows, name, digest, row_of, allowed_units)
    existing = store.existing_response_ids(r.id for r in responses)
    clashes = [
        f"{name}: row {row_of[rid]}, column response_id: '{rid}' already belongs to"
        f" survey {sid}"
        for rid, sid in sorted(existing.items(), key=lambda item: row_of[item[0]])
        if sid != survey.id
    ]
    if clashes:
        raise RefusedFile(clashes)
    imported = store.import_responses(responses)
    return ImportResult(rows=len(responses), imported=imported,
                        already_present=len(responses) - imported)


# -- export --------------------------------------------------------------------------------


def export_rows(store: Store, survey: Survey, **filters) -> Iterator[list[str]]:
    """The header and one row per response, as the contract's CSV (§2) has them."""
    yield survey.csv_columns
    for r in store.responses_with_answers(survey.id, **filters):
        values: dict[str, list[str]] = {}
        comments: dict[str, str] = {}
        for a in r["answers"]:
            if a.kind == "comment":
                comments[a.question] = a.value
            else:
                values.setdefault(a.question, []).append(a.value)
        row = [r["id"], r["survey"], r["unit"], r["date"], r["lang"]]
        for q in survey.questions:
            row.append(format_cell(q, values.get(q.id, [])))
            if q.comment:
                row.append(comments.get(q.id, ""))
        yield row


def _protect_formula(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def write_csv(rows: Iterable[list[str]], out: io.TextIOBase | io.BufferedIOBase, *, excel: bool) -> None:
    """Write rows as UTF-8 CSV; ``excel`` = semicolons, a BOM and formula protection."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";" if excel else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_protect_formula(c) for c in row] if excel else row)
    data = ("\ufeff" if excel else "") + text.getvalue()
    if isinstance(out, io.TextIOBase):
        out.write(data)
    else:
        out.write(data.encode("utf-8"))


def write_xlsx(rows: Iterable[list[str]], out, sheet_title: str = "vastaukset") -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title[:31]
    for row in rows:
        ws.append(row)
    # openpyxl would store a text that starts with "=" as a formula: keep every cell text.
    for line in ws.iter_rows():
        for cell in line:
            if cell.data_type == "f":
                cell.data_type = "s"
    wb.save(out)


def export_bytes(store: Store, survey: Survey, fmt: str, **filters) -> bytes:
    """The survey's responses as a file in ``fmt`` (one of FORMATS)."""
    buf = io.BytesIO()
    rows = export_rows(store, survey, **filters)
    if fmt == "xlsx":
        write_xlsx(rows, buf)
    elif fmt in ("csv", "excel-csv"):
        write_csv(rows, buf, excel=fmt == "excel-csv")
    else:
        raise ValueError(f"unknown format {fmt}")
    return buf.getvalue()
