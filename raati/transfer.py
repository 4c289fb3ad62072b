"""Responses in and out as files (contract §2): CSV, Excel-CSV (``;`` and a BOM) and XLSX.

Import is all-or-nothing: every row is checked first, and if any is bad nothing is written
and each problem names the row (as a spreadsheet numbers it: the header is row 1) and the
column. Import is idempotent by ``response_id``; a row with an empty id gets an id derived
from the file's content and the row number, so importing the same file again adds nothing.
A row whose id is already stored with the same content is skipped; one whose id is stored
with different content refuses the file (an import never changes a stored response).

Reading is bounded (issue 8): a file of a few kilobytes must not cost gigabytes or minutes.
The limits below are checked before anything big is built, and every unreadable file is
refused with a message naming the file, never with a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from raati.chars import clean_chars, xml_safe
from raati.responses import (
    COMMENT_MAX_LENGTH,
    AnswerError,
    check_text,
    clean_text,
    format_cell,
    parse_cell,
)
from raati.store import UNIT_ID_RE, Answer, NewResponse, Store, parse_iso_date
from raati.surveys import FIXED_COLUMNS, Survey

FORMATS = ("csv", "excel-csv", "xlsx")
MAX_LISTED_PROBLEMS = 50  # problem lines in one refusal; the rest are counted
MAX_LISTED_CONFLICTS = 10  # ids already stored with different content, listed by row
MAX_PROBLEM_CHARS = 400  # one problem line
MAX_SHOWN_CHARS = 60  # a value from the file quoted in a message
MAX_RESPONSE_ID = 100  # characters of a response_id
# Limits on reading one file. Streamlit's upload limit (.streamlit/config.toml) is 20 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # response rows, the header not counted
MAX_COLUMNS = 1_000  # a survey has at most 5 + 200 questions + their comment columns
MAX_CELLS = 1_000_000  # cells read (CSV fields; XLSX cells written in the sheet)
MAX_CELL_CHARS = 20_000  # one cell (the longest answer fits 5000 characters)
MAX_XLSX_UNPACKED = 64 * 1024 * 1024  # the workbook's parts, unpacked
MAX_XLSX_RATIO = 100  # unpacked : packed, checked above 1 MB unpacked (a zip bomb)
MAX_XLSX_PARTS = 1_000  # files inside the workbook
MAX_XML_ELEMENTS = 4_000_000  # XML elements in all the parts (a cell is 2..4)
MAX_XML_OTHER = 200_000  # elements outside sheet rows and shared strings (built whole)
MAX_XML_IN_ROW = 20_000  # elements inside one sheet row or one shared string
MAX_XML_DEPTH = 64
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _clean_line(line: str) -> str:
    """A message line safe to print: control and invisible characters escaped (a file
    cannot send terminal escapes or bidi overrides through an error), at most
    MAX_PROBLEM_CHARS long (cut in the middle, so the end of the sentence stays)."""
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)
    if len(line) > MAX_PROBLEM_CHARS:
        line = line[: MAX_PROBLEM_CHARS - 120] + " … " + line[-117:]
    return line


def _shown(value: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """A value from the file as a message quotes it: cut to ``limit`` characters."""
    return value if len(value) <= limit else f"{value[:limit]}… ({len(value)} characters)"


def _size(n: int) -> str:
    """A size in bytes for people: '20 MB', '1.5 MB', '1,000 bytes'."""
    if n < 2**20:
        return f"{n:,} bytes"
    return f"{n / 2**20:,.1f}".removesuffix(".0") + " MB"


def _describe_char(ch: str) -> str:
    """A character people cannot see, in words: 'a space', 'a control character (U+001B)'."""
    named = {" ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a line break"}
    if ch in named:
        return named[ch]
    kind = "a control character" if unicodedata.category(ch) == "Cc" else "an invisible character"
    return f"{kind} (U+{ord(ch):04X})"


class RefusedFile(Exception):
    """A responses file was refused; ``problems`` holds one line per problem: at most
    MAX_LISTED_PROBLEMS lines (then one "... and N more problems"), each printable
    and at most MAX_PROBLEM_CHARS long. ``name`` is the file's name, for that last line."""

    def __init__(self, problems: list[str], name: str = "", *, limit: int = MAX_LISTED_PROBLEMS):
        lines = [_clean_line(p) for p in problems[:limit]]
        if len(problems) > limit:
            more = len(problems) - limit
            lines.append(_clean_line(f"{name + ': ' if name else ''}... and {more} more problems"))
        self.problems = lines
        super().__init__("\n".join(lines))


class _Problems:
    """Collects the problems of a file, keeping the first ``limit`` and counting the rest
    (so a file with a million bad cells costs no more than one with fifty)."""

    def __init__(self, name: str, limit: int = MAX_LISTED_PROBLEMS, noun: str = "problems"):
        self.name, self.limit, self.noun = name, limit, noun
        self.lines: list[str] = []
        self.more = 0

    def add(self, line: str) -> None:
        if len(self.lines) < self.limit:
            self.lines.append(line)
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.lines)

    def refusal(self, first: list[str] = ()) -> RefusedFile:
        tail = [f"{self.name}: ... and {self.more} more {self.noun}"] if self.more else []
        lines = [*first, *self.lines, *tail]
        return RefusedFile(lines, self.name, limit=len(lines))  # already capped


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``rows`` responses in the file (blank lines not counted),
    ``imported`` new ones stored, ``already_present`` skipped because their id was
    already stored with the same content."""

    rows: int
    imported: int
    already_present: int


# -- reading -------------------------------------------------------------------------------


def _too_many_rows(name: str, number: int) -> RefusedFile:
    return RefusedFile([f"{name}: row {number}: the file has more rows than {MAX_ROWS + 1:,}"
                        f" (a header and {MAX_ROWS:,} responses); split it into smaller files"])


def _too_many_cells(name: str, number: int) -> RefusedFile:
    return RefusedFile([f"{name}: row {number}: the file has more than {MAX_CELLS:,} cells;"
                        " split it into smaller files"])


def _read_csv(raw: bytes, name: str) -> list[list[str]]:
    """Rows of a UTF-8 CSV (``,`` or ``;``, as the first line has more of). A file with a
    BOM or ``;`` is Excel-CSV: the apostrophe our export puts before a formula is removed.
    Refused beyond MAX_ROWS rows, MAX_COLUMNS columns or MAX_CELLS cells; a cell longer
    than the csv module's field limit (131 072 characters, process-wide) is refused too."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RefusedFile([
            f"{name}: the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'"
        ]) from None
    if not text.strip():
        raise RefusedFile([f"{name}: the file is empty; it needs a header row"])
    first_line = text.partition("\n")[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    excel = delimiter == ";" or raw.startswith(b"\xef\xbb\xbf")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in reader:
            number = len(rows) + 1
            if number > MAX_ROWS + 1:
                raise _too_many_rows(name, number)
            if len(row) > MAX_COLUMNS:
                raise RefusedFile([f"{name}: row {number}: has {len(row):,} cells; at most"
                                   f" {MAX_COLUMNS:,} columns are read"])
            cells += len(row)
            if cells > MAX_CELLS:
                raise _too_many_cells(name, number)
            rows.append([_unprotect_formula(c) for c in row] if excel else row)
    except csv.Error as exc:
        number = len(rows) + 1
        if "field larger than field limit" in str(exc):
            raise RefusedFile([f"{name}: row {number}: a cell is longer than"
                               f" {csv.field_size_limit():,} characters"]) from None
        raise RefusedFile([f"{name}: row {number}: broken CSV: {exc}"]) from None
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


_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW_TAG, _SI_TAG = f"{_MAIN_NS} row", f"{_MAIN_NS} si"  # as expat names them
_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


class _WorkbookScan:
    """Scan a workbook's XML parts with expat, which builds nothing, before openpyxl
    reads them; refuse (RefusedFile) what would cost too much or be read wrongly.

    openpyxl keeps the elements of one sheet row (or one shared string) in memory and
    builds parts other than the sheets and shared strings whole; it pads a row to its
    last cell and fills gaps between row numbers; and it silently drops a row or cell
    written out of order. So: rows and cells are numbered exactly as openpyxl numbers
    them, and refused beyond MAX_ROWS / MAX_COLUMNS / MAX_CELLS or out of order; and
    the elements are bounded (MAX_XML_ELEMENTS in all, MAX_XML_IN_ROW in one row or
    shared string, MAX_XML_OTHER elsewhere, MAX_XML_DEPTH deep). A DTD is refused."""

    def __init__(self, name: str):
        self.name = name
        self.elements = self.other = self.strings = self.cells = 0

    def _unreadable(self, reason: str) -> RefusedFile:
        return RefusedFile([f"{self.name}: not a readable .xlsx file: {reason}"])

    def part(self, part_name: str, stream) -> None:
        head = stream.read(65536)
        start = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if not (start.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))):
            return  # not XML (a picture, a printer setting): openpyxl does not parse it
        self.part_name = part_name
        self.depth = self.row = self.col = self.row_depth = self.si_depth = self.inside = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        try:
            chunk = head
            while chunk:
                parser.Parse(chunk, False)
                chunk = stream.read(65536)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise self._unreadable(
                f"broken XML in {part_name} (line {exc.lineno}, column {exc.offset + 1}:"
                f" {expat.ErrorString(exc.code)})") from None

    def _doctype(self, *args) -> None:
        raise self._unreadable(f"{self.part_name} declares a DTD or entities")

    def _start(self, tag: str, attrs: dict) -> None:
        self.depth += 1
        self.elements += 1
        if (self.row_depth and tag != _ROW_TAG and self.inside < MAX_XML_IN_ROW
                and self.depth <= MAX_XML_DEPTH and self.elements <= MAX_XML_ELEMENTS):
            self.inside += 1  # inside a row, within every limit: the common case, kept short
            if self.depth == self.row_depth + 1:
                self._cell(attrs.get("r"))  # openpyxl reads every child of a row as a cell
            return
        if self.depth > MAX_XML_DEPTH:
            raise self._unreadable(f"the XML of {self.part_name} is nested too deep")
        if self.elements > MAX_XML_ELEMENTS:
            raise self._unreadable(f"more than {MAX_XML_ELEMENTS:,} XML elements")
        if tag == _ROW_TAG:
            if self.row_depth or self.si_depth:
                raise self._unreadable(f"a row inside a row or a string in {self.part_name}")
            self._row(attrs.get("r"))
            self.row_depth, self.inside = self.depth, 0
        elif self.row_depth or self.si_depth:
            self.inside += 1
            if self.inside > MAX_XML_IN_ROW:
                where = f"row {self.row}" if self.row_depth else f"string {self.strings}"
                raise self._unreadable(f"{where} has more than {MAX_XML_IN_ROW:,} XML elements")
            if self.row_depth and self.depth == self.row_depth + 1:
                self._cell(attrs.get("r"))  # openpyxl reads every child of a row as a cell
        elif tag == _SI_TAG:
            self.strings += 1
            if self.strings > MAX_CELLS:
                raise self._unreadable(f"more than {MAX_CELLS:,} shared strings")
            self.si_depth, self.inside = self.depth, 0
        else:
            self.other += 1
            if self.other > MAX_XML_OTHER:
                raise self._unreadable(f"more than {MAX_XML_OTHER:,} XML elements outside"
                                       " the rows and strings")

    def _end(self, tag: str) -> None:
        if self.depth == self.row_depth:
            self.row_depth = 0
        elif self.depth == self.si_depth:
            self.si_depth = 0
        self.depth -= 1

    def _row(self, ref: str | None) -> None:
        # As openpyxl's WorkSheetParser.parse_row numbers a row.
        if ref is None:
            number = self.row + 1
        else:
            try:
                number = int(ref)
            except ValueError:
                try:
                    value = float(ref)
                except ValueError:
                    value = 0.5
                if not value.is_integer():  # also inf and nan
                    raise self._unreadable(f"'{_shown(ref)}' is not a row number") from None
                number = int(value)
        if number > MAX_ROWS + 1:
            raise _too_many_rows(self.name, number)
        if number <= self.row:
            raise RefusedFile([f"{self.name}: row {number}: the rows of the sheet are out of"
                               f" order (row {number} after row {self.row}); open the file in"
                               " a spreadsheet program and save it again"])
        self.row, self.col = number, 0

    def _cell(self, ref: str | None) -> None:
        # As openpyxl's WorkSheetParser.parse_cell numbers a cell's column.
        if ref:
            column = _column_of(ref)
            if not column:
                raise self._unreadable(f"row {self.row}: '{_shown(ref)}' is not a cell reference")
        else:
            column = self.col + 1
        if column <= MAX_COLUMNS and column > self.col:  # the usual case, and cheap
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _too_many_cells(self.name, self.row)
            self.col = column
            return
        from openpyxl.utils import get_column_letter

        if column > MAX_COLUMNS:
            raise RefusedFile([f"{self.name}: row {self.row}, column {get_column_letter(column)}:"
                               f" the file has more columns than {MAX_COLUMNS:,}"])
        if column == self.col:
            raise RefusedFile([f"{self.name}: row {self.row}: the cell in column"
                               f" {get_column_letter(column)} is written twice; open the file"
                               " in a spreadsheet program and save it again"])
        raise RefusedFile([f"{self.name}: row {self.row}: the cells of the row are out of"
                           f" order (column {get_column_letter(column)} after"
                           f" {get_column_letter(self.col)}); open the file in a"
                           " spreadsheet program and save it again"])


@functools.lru_cache(maxsize=4096)
def _column_letters(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number if number < 18279 else 0  # openpyxl reads columns A..ZZZ


def _column_of(ref: str) -> int:
    """The column number of a cell reference as openpyxl reads it ("B7" -> 2), 0 if
    openpyxl could not read the reference."""
    match = _CELL_REF.fullmatch(ref)
    return _column_letters(match[1]) if match else 0


def _check_workbook(raw: bytes, name: str) -> None:
    """Refuse (RefusedFile) a workbook too costly to read, before openpyxl opens it:
    more than MAX_XLSX_PARTS parts, more than MAX_XLSX_UNPACKED bytes unpacked (the
    sizes the zip declares bound what it yields: zipfile stops there and fails the CRC),
    packed more than MAX_XLSX_RATIO times (a zip bomb), or XML that _WorkbookScan refuses.
    A broken zip raises zipfile's own errors (the caller words them)."""
    # zipfile reads the whole central directory first (240 000 empty entries fit in 20 MB
    # and take seconds): count its entries' signatures before, an upper bound at C speed.
    if raw.count(b"PK\x01\x02") > MAX_XLSX_PARTS:
        raise RefusedFile([f"{name}: not a readable .xlsx file: more than"
                           f" {MAX_XLSX_PARTS:,} parts inside"])
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        parts = z.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            raise RefusedFile([f"{name}: not a readable .xlsx file: more than"
                               f" {MAX_XLSX_PARTS:,} parts inside"])
        unpacked = sum(p.file_size for p in parts)
        packed = max(1, sum(p.compress_size for p in parts))
        if unpacked > MAX_XLSX_UNPACKED:
            raise RefusedFile([f"{name}: the workbook unpacks to {_size(unpacked)}; at"
                               f" most {_size(MAX_XLSX_UNPACKED)} is read (split it into"
                               " smaller files)"])
        if unpacked > 2**20 and unpacked > MAX_XLSX_RATIO * packed:
            raise RefusedFile([f"{name}: the workbook unpacks to {unpacked // packed:,} times its"
                               " size (a zip bomb?); it is not read"])
        scan = _WorkbookScan(name)
        for part in parts:
            if not part.is_dir():
                with z.open(part) as stream:
                    scan.part(part.filename, stream)


def _reason(exc: Exception) -> str:
    """A short, printable reason for an exception raised while reading a workbook."""
    if isinstance(exc, zipfile.BadZipFile):
        text = f"not a valid zip package ({exc})"
    elif isinstance(exc, zlib.error):
        text = f"the packed data is damaged ({exc})"
    elif isinstance(exc, KeyError):
        text = f"a part is missing ({exc})"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return _shown(text.splitlines()[0] if text.strip() else type(exc).__name__, 160)


def _read_xlsx(raw: bytes, name: str) -> list[list[str]]:
    """Rows of the first sheet of an .xlsx workbook, as text, every row as wide as the
    widest (blank rows stay empty lists, so row numbers hold). The sheet's <dimension> is
    not trusted (WPS Office writes "A1"; a bomb claims A1:XFD1048576): the rows are read
    as written, after _check_workbook bounded them. Refuses every unreadable workbook
    with "<name>: not a readable .xlsx file: <reason>"."""
    import openpyxl

    rows: list[list[str]] = []
    try:
        _check_workbook(raw, name)
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            if not wb.worksheets:
                raise RefusedFile([f"{name}: not a readable .xlsx file: it has no sheet"])
            sheet = wb.worksheets[0]
            sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                rows.append([_unprotect_formula(_xlsx_cell(v)) for v in row])
        finally:
            wb.close()
    except RefusedFile:
        raise
    except Exception as exc:  # openpyxl, zipfile and lxml raise many kinds for a broken file
        after = f" (after row {len(rows)})" if rows else ""
        raise RefusedFile([f"{name}: not a readable .xlsx file: {_reason(exc)}{after}"]) from None
    # Each row is as wide as its last written cell; make them as wide as the widest
    # non-empty cell (trailing empty cells are padding).
    width = 0
    for r in rows:
        last = next((i for i in range(len(r) - 1, -1, -1) if r[i] != ""), -1)
        width = max(width, last + 1)
    return [r[:width] + [""] * (width - len(r)) if any(r) else [] for r in rows]


def _read_file(path: Path) -> bytes:
    """A file's bytes, read only up to MAX_FILE_BYTES (+1, to tell that it is larger),
    so a huge file or a device that never ends is not read into memory."""
    try:
        with path.open("rb") as f:
            return f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise RefusedFile([f"{path.name}: cannot read the file: {exc.strerror or exc}"]) from None


def read_rows(path: str | Path) -> list[list[str]]:
    """The rows of a responses file (.csv in UTF-8 with ``,`` or ``;``, or .xlsx), as
    ``rows_of`` reads them. Raises RefusedFile."""
    path = Path(path)
    return rows_of(_read_file(path), path.name)


def rows_of(raw: bytes, name: str) -> list[list[str]]:
    """The rows of a responses file's bytes, each a list of cell texts; ``name`` tells
    .xlsx from CSV. In Excel-CSV (a BOM or ``;``) and .xlsx the apostrophe our export
    puts before a formula is removed; plain CSV is read exactly. Raises RefusedFile for a
    file over MAX_FILE_BYTES, an unreadable one, or one beyond the row, column and cell
    limits (MAX_ROWS, MAX_COLUMNS, MAX_CELLS; XLSX also MAX_XLSX_* and MAX_XML_*)."""
    if len(raw) > MAX_FILE_BYTES:
        raise RefusedFile([f"{name}: the file is larger than {_size(MAX_FILE_BYTES)};"
                           " split it into smaller files"])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(raw, name)
    if lower.endswith((".xls", ".xlsm", ".xlsb", ".ods", ".numbers")) or raw.startswith(b"PK\x03\x04"):
        raise RefusedFile([f"{name}: only .xlsx workbooks and CSV files can be imported;"
                           " save it as .xlsx or as 'CSV UTF-8'"])
    return _read_csv(raw, name)


def _unprotect_formula(cell: str) -> str:
    """Undo _protect_formula: drop the one apostrophe the Excel exports put before a
    text that starts (after any apostrophes of its own) with a formula character."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


# -- checking ------------------------------------------------------------------------------


def _column_name(cell: str) -> str:
    """A header cell as the column name it is matched by: characters no one can see
    dropped anywhere (controls, U+FEFF left by joined files, zero-width spaces and other
    format characters; see raati.chars) and whitespace, also no-break spaces, trimmed.
    "" is a column without a name."""
    name = clean_chars(cell)
    if not name.isascii():
        name = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return name.strip()


def _column_label(index: int) -> str:
    """A column as people find it in a spreadsheet: index 11 -> '12 (L)'."""
    from openpyxl.utils import get_column_letter

    return f"{index + 1} ({get_column_letter(index + 1)})" if index < 18278 else str(index + 1)


def parse_responses(
    survey: Survey,
    rows: list[list[str]],
    name: str,
    file_digest: str,
    row_numbers: dict[str, int] | None = None,
    allowed_units: list[str] | None = None,
) -> list[NewResponse]:
    """Check every row of a responses table (``rows[0]`` is the header; cells as
    ``rows_of`` gives them); return them all or raise RefusedFile naming row and column
    (at most MAX_LISTED_PROBLEMS lines, then how many more).
    If given, ``row_numbers`` is filled with each response id's row number, and
    ``allowed_units`` limits the units the rows may name (a staff member's own).
    A cell longer than MAX_CELL_CHARS is refused without being read further; a
    ``response_id`` is at most MAX_RESPONSE_ID printable characters without spaces.

    Header names are read by ``_column_name`` (invisible characters and surrounding
    whitespace dropped). A column without a name is padding (Excel adds empty columns
    after the data, ``...;muuta;;``) and is ignored if every cell under it is empty;
    one with a value anywhere is refused, naming its column number and letter (issue 9
    item 2). Every row has as many cells as the header (Excel pads each row alike); a
    row with no value at all is skipped."""
    header = [_column_name(c) for c in rows[0]] if rows else []
    named = [i for i, col in enumerate(header) if col]
    if not named:
        raise RefusedFile([f"{name}: row 1: the header row is missing"])
    known = set(survey.csv_columns)
    problems = _Problems(name)
    for i in range(len(header)):
        if not header[i]:
            used = next(((n, r[i]) for n, r in enumerate(rows[1:], start=2)
                         if i < len(r) and r[i].strip()), None)
            if used:
                problems.add(f"{name}: row 1, column {_column_label(i)}: the column has no"
                             f" name, but row {used[0]} has a value in it"
                             f" ('{_shown(used[1])}'); name the column or delete it")
    seen: set[str] = set()
    for col in (header[i] for i in named):
        if col in seen:
            problems.add(f"{name}: row 1: column '{_shown(col)}' appears twice")
        elif col not in known:
            problems.add(
                f"{name}: row 1: unknown column '{_shown(col)}' (not a column of survey {survey.id})"
            )
        seen.add(col)
    if "date" not in header:
        problems.add(f"{name}: row 1: the column 'date' is missing")
    if problems:
        raise problems.refusal()

    questions = {q.id: q for q in survey.questions}
    comment_of = {q.comment_column: q for q in survey.questions if q.comment}
    responses: list[NewResponse] = []
    ids: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue  # a blank line, as spreadsheets leave at the end (also ";;;;")
        if len(row) != len(header):  # a cell lost or added shifts every later one
            problems.add(
                f"{name}: row {number}: has {len(row)} cells but the header has {len(header)}"
            )
            continue
        cells = {header[i]: row[i] for i in named}

        def bad(col: str, what: str, number: int = number) -> None:
            problems.add(f"{name}: row {number}, column {_shown(col)}: {what}")

        too_long = [col for col, cell in cells.items() if len(cell) > MAX_CELL_CHARS]
        for col in too_long:
            bad(col, f"the cell has {len(cells[col]):,} characters; at most"
                     f" {MAX_CELL_CHARS:,} are read")
        if too_long:
            continue
        rid = cells.get("response_id", "").strip()
        if rid:
            odd = next((ch for ch in rid if ch.isspace() or not ch.isprintable()), None)
            if len(rid) > MAX_RESPONSE_ID:
                bad("response_id", f"'{_shown(rid)}' is too long: a response id has at most"
                                   f" {MAX_RESPONSE_ID} characters")
            elif odd is not None:
                bad("response_id", f"'{rid}' contains {_describe_char(odd)}; a response id has"
                                   " no spaces, control or invisible characters")
            elif rid in ids:
                bad("response_id", f"'{rid}' is also used on row {ids[rid]}")
            ids.setdefault(rid, number)
        else:
            rid = "imp-" + hashlib.sha256(f"{file_digest}:{number}".encode()).hexdigest()[:24]
        sid = cells.get("survey", "").strip()
        if sid and sid != survey.id:
            bad("survey", f"'{_shown(sid)}' is not the survey being imported ({survey.id})")
        unit = cells.get("unit", "").strip()
        if unit and not UNIT_ID_RE.match(unit):
            bad("unit", f"'{_shown(unit)}' must match [a-z0-9-]{{1,40}}")
        elif allowed_units is not None and unit not in allowed_units:
            bad("unit", f"'{_shown(unit)}' is not one of your units"
                        f" ({', '.join(allowed_units) or '-'})")
        date = cells.get("date", "").strip()
        parsed = parse_iso_date(date) or _finnish_date(date)
        date = parsed.isoformat() if parsed else None
        if date is None:
            bad("date", f"'{_shown(cells.get('date', ''))}' is not a date YYYY-MM-DD"
                        " (or D.M.YYYY)")
        lang = cells.get("lang", "").strip() or survey.default_language
        if lang not in survey.languages:
            bad("lang", f"'{_shown(lang)}' is not one of the survey's languages"
                        f" ({', '.join(survey.languages)})")
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
                text_questions=survey.text_question_ids,
            ))
    if problems:
        raise problems.refusal()
    return responses


def import_file(store: Store, survey: Survey, path: str | Path,
                allowed_units: list[str] | None = None) -> ImportResult:
    """Import a responses file all-or-nothing (contract §2), as ``import_bytes`` does;
    at most MAX_FILE_BYTES of the file are read. Raises RefusedFile."""
    path = Path(path)
    return import_bytes(store, survey, _read_file(path), path.name, allowed_units)


def _by_column(answers: Iterable[Answer], survey: Survey) -> dict[str, list[str]]:
    """Answers as the CSV columns hold them: question id or comment column -> values."""
    comment_column = {q.id: q.comment_column for q in survey.questions}
    out: dict[str, list[str]] = {}
    for a in answers:
        col = a.question if a.kind == "value" else comment_column.get(a.question, a.question)
        # As the import stores a text: a response stored before clean_text had its rule
        # is "the same content" as its own export (issue 9 item 1).
        out.setdefault(col, []).append(clean_text(a.value))
    return {col: sorted(values) for col, values in out.items()}


def _differing_columns(survey: Survey, header: set[str], new: NewResponse,
                       stored: dict) -> list[str]:
    """The columns of the file in which ``new`` differs from the ``stored`` response with
    the same id (survey version and round are not in the file, so never compared)."""
    cols = []
    if "unit" in header and (new.unit or "") != (stored["unit"] or ""):
        cols.append("unit")
    if new.date != stored["date"]:
        cols.append("date")
    if "lang" in header and new.lang != stored["lang"]:
        cols.append("lang")
    mine, theirs = _by_column(new.answers, survey), _by_column(stored["answers"], survey)
    cols.extend(col for col in survey.csv_columns[len(FIXED_COLUMNS):]
                if col in header and mine.get(col, []) != theirs.get(col, []))
    return cols


def _refuse_changed(store: Store, survey: Survey, name: str, header: set[str],
                    responses: list[NewResponse], row_of: dict[str, int]) -> None:
    """Raise RefusedFile if a row's response_id is already stored with other content:
    the import would skip the row, and what the file says would silently vanish."""
    wanted = {r.id: r for r in responses}
    found = []
    for stored in store.responses_with_answers(survey.id):
        new = wanted.get(stored["id"])
        if new is not None:
            cols = _differing_columns(survey, header, new, stored)
            if cols:
                found.append((row_of[new.id], new.id, cols))
    if not found:
        return
    found.sort()
    lines = _Problems(name, MAX_LISTED_CONFLICTS, "ids")
    for row, rid, cols in found:
        lines.add(f"{name}: row {row}, column response_id: '{rid}' is already stored with"
                  f" different content (in {', '.join(cols)})")
    n = len(found)
    raise lines.refusal(first=[
        f"{name}: {n} response {'id is' if n == 1 else 'ids are'} already stored with different"
        " content, so nothing was imported: an import never changes a stored response;"
        " remove these rows or give them new response ids"])


def import_bytes(store: Store, survey: Survey, raw: bytes, name: str,
                 allowed_units: list[str] | None = None) -> ImportResult:
    """Import a responses file's bytes all-or-nothing; ``name`` (the file's name) tells
    .xlsx from CSV and is used in messages.

    Rows whose ``response_id`` is already stored with the same content (in the file's
    columns) are skipped (``already_present``); the file is refused if an id belongs to
    another survey or is stored with different content (the first MAX_LISTED_CONFLICTS
    ids listed with their rows). Raises RefusedFile (see ``rows_of`` and
    ``parse_responses`` for the limits and checks); on refusal nothing is written."""
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
        raise RefusedFile(clashes, name)
    present = [r for r in responses if existing.get(r.id) == survey.id]
    if present:
        header = {_column_name(c) for c in rows[0]} - {""}
        _refuse_changed(store, survey, name, header, present, row_of)
    imported = store.import_responses(responses)
    return ImportResult(rows=len(responses), imported=imported,
                        already_present=len(responses) - imported)


# -- export --------------------------------------------------------------------------------


def export_rows(store: Store, survey: Survey, **filters) -> Iterator[list[str]]:
    """The header and one row per response, as the contract's CSV (§2) has them.

    Free texts (text answers and comments) are written as an import would store them
    (``raati.responses.clean_text``): a database from before that rule may hold
    characters no spreadsheet or XML can (U+FFFF, U+0000, ...), and an export must not
    fail on them or pass them on (issue 9 item 1)."""
    yield survey.csv_columns
    texts = {q.id for q in survey.questions if q.type == "text"}
    for r in store.responses_with_answers(survey.id, **filters):
        values: dict[str, list[str]] = {}
        comments: dict[str, str] = {}
        for a in r["answers"]:
            if a.kind == "comment":
                comments[a.question] = clean_text(a.value)
            else:
                value = clean_text(a.value) if a.question in texts else a.value
                values.setdefault(a.question, []).append(value)
        row = [r["id"], r["survey"], r["unit"], r["date"], r["lang"]]
        for q in survey.questions:
            row.append(format_cell(q, values.get(q.id, [])))
            if q.comment:
                row.append(comments.get(q.id, ""))
        yield row


def _protect_formula(cell: str) -> str:
    """Excel-CSV: an apostrophe before a text a spreadsheet would run as a formula, and
    before one that only looks protected ("'=x" becomes "''=x"), so the import's
    _unprotect_formula gives back exactly the text."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


_FINNISH_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _finnish_date(value: str) -> dt.date | None:
    """A date as Finnish Excel writes it when it saves a CSV again (15.4.2026, 05.04.2026),
    or None."""
    found = _FINNISH_DATE_RE.match(value)
    if not found:
        return None
    day, month, year = (int(g) for g in found.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _xlsx_text(cell: str) -> str:
    """A text as an .xlsx cell holds it. Cells are stored as text (never formulas), so
    only a text that looks protected ("'=x") gets the apostrophe _unprotect_formula
    removes; characters XML cannot hold (in ids from old imports) become U+FFFD."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        cell = "'" + cell
    return xml_safe(cell)


_SURROGATE = re.compile("[\ud800-\udfff]")


def write_csv(rows: Iterable[list[str]], out: io.TextIOBase | io.BufferedIOBase, *, excel: bool) -> None:
    """Write rows as UTF-8 CSV; ``excel`` = semicolons, a BOM and formula protection.
    A lone surrogate, which UTF-8 cannot hold, is written as U+FFFD."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=";" if excel else ",", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_protect_formula(c) for c in row] if excel else row)
    data = _SURROGATE.sub("\ufffd", ("\ufeff" if excel else "") + text.getvalue())
    if isinstance(out, io.TextIOBase):
        out.write(data)
    else:
        out.write(data.encode("utf-8"))


def write_xlsx(rows: Iterable[list[str]], out, sheet_title: str = "vastaukset") -> None:
    """Write rows of texts as an .xlsx workbook with one sheet; every cell is text."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet_title[:31]
    for row in rows:
        ws.append([_xlsx_text(c) for c in row])
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
