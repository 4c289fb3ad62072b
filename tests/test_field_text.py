"""Issue 9 item 1: every stored free text can be written to every output.

A character XML cannot hold (U+FFFF, U+FFFE, a lone surrogate, U+0000 and the other C0
controls but tab and line feed) used to be stored from a typed or pasted text, and from
then on every XLSX export and PowerPoint deck of that survey failed with a traceback.

The rule (``raati.chars``, ``raati.responses.clean_text``): at every entry such characters
are dropped silently (with U+FEFF, C1 controls and noncharacters), line breaks of every
kind become ``\\n``, the text is NFC and trimmed; and every writer (CSV, Excel-CSV, XLSX,
PDF, PPTX) makes what an old database already holds writable the same way.
"""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl
import pytest
from _helpers import SMALL_COLUMNS, pptx_text

from analysis.report import report_pdf, report_pptx
from analysis.views import build_view, shown_texts
from raati.chars import XML_ILLEGAL, clean_chars, xml_safe
from raati.responses import build_answers, clean_text
from raati.store import Answer, NewResponse, Store, StoreError
from raati.transfer import FORMATS, export_bytes, import_bytes

pytestmark = pytest.mark.usefixtures("clean_env")

# name: (the text as typed, pasted or stored long ago, the text as stored now)
DIRTY = {
    "U+FFFF": ("Hyvä\uffff paja", "Hyvä paja"),
    "U+FFFE": ("\ufffeHyvä", "Hyvä"),
    "noncharacter of plane 1": ("a\U0001fffeb", "ab"),
    "noncharacter U+FDD0": ("a\ufdd0b", "ab"),
    "lone high surrogate": ("a\ud800b", "ab"),
    "lone low surrogate": ("a\udfffb", "ab"),
    "NUL": ("a\x00b", "ab"),
    "escape sequence": ("\x1b[31mpunainen", "[31mpunainen"),
    "backspace": ("a\x08b", "ab"),
    "DEL": ("a\x7fb", "ab"),
    "C1 control": ("a\x9bb", "ab"),
    "BOM inside": ("a\ufeffb", "ab"),
    "vertical tab (a PowerPoint line break)": ("rivi\x0bvaihto", "rivi\nvaihto"),
    "form feed": ("a\x0cb", "a\nb"),
    "NEL": ("a\x85b", "a\nb"),
    "line separator": ("a\u2028b", "a\nb"),
    "paragraph separator": ("a\u2029b", "a\nb"),
    "CR LF and CR": ("a\r\nb\rc", "a\nb\nc"),
    "decomposed ä": ("a\u0308iti", "äiti"),
    "no-break spaces around": ("\xa0hyvä\u3000", "hyvä"),
}
# Format characters that carry meaning in the survey's scripts, and the like: kept.
KEPT = ["sarake\tsarake", "👩\u200d💻 koodaa", "می\u200cخواهم", "\u200fمرحبا", "pitkä\xadsana",
        "oma\ue000merkki", "rivi\nrivi", "\ufffd korvattu"]
NAMES = list(DIRTY)
# What SQLite (UTF-8) can store: an old database may hold all but the surrogates.
STORABLE = [n for n in NAMES if "surrogate" not in n]
# PostgreSQL's text cannot hold NUL either: no database of it ever held one (the store
# refuses one, test_xlsx_export_marks_an_unwritable_character_in_a_stored_id).
PG_STORABLE = [n for n in STORABLE if n != "NUL"]


def _storable(store) -> list[str]:
    return PG_STORABLE if store.is_postgres else STORABLE


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_drops_what_no_output_can_hold(name):
    typed, stored = DIRTY[name]
    assert clean_text(typed) == stored
    assert clean_text(stored) == stored  # idempotent
    assert not XML_ILLEGAL.search(clean_text(typed))


@pytest.mark.parametrize("text", KEPT)
def test_clean_text_keeps_meaningful_invisible_characters(text):
    assert clean_text(text) == text
    assert clean_chars(f" {text} ") == f" {text} "  # clean_chars does not trim


def test_xml_safe_keeps_length_and_marks_the_place():
    assert xml_safe("id\x00\uffff\ud800x") == "id\ufffd\ufffd\ufffdx"
    assert xml_safe("tab\tline\nok") == "tab\tline\nok"


# -- entries: the answer page and the import ---------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_answer_page_stores_the_cleaned_text(store, small_survey, name):
    typed, stored = DIRTY[name]
    answers = build_answers(small_survey, {"q1": 3, "q5": typed}, {"q1": f"kommentti {typed}"},
                            require=False)
    assert Answer("q5", "value", stored) in answers
    assert Answer("q1", "comment", clean_text(f"kommentti {typed}")) in answers
    # A lone surrogate used to reach SQLite, which cannot encode it (a traceback).
    rid = store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                            answers=answers, id="a1"))
    got = next(iter(store.responses_with_answers("kysely")))
    assert got["id"] == rid and Answer("q5", "value", stored) in got["answers"]


def _csv_bytes(rows, delimiter=",", bom=False) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "excel-csv", "xlsx"])
def test_import_stores_the_cleaned_text(store, small_survey, fmt):
    # What the file format can carry: UTF-8 has no surrogates, XML none of XML_ILLEGAL.
    names = [n for n in STORABLE if fmt != "xlsx" or not XML_ILLEGAL.search(DIRTY[n][0])]
    rows = [SMALL_COLUMNS]
    for i, name in enumerate(names):
        row = dict.fromkeys(SMALL_COLUMNS, "")
        row.update(response_id=f"r{i}", date="2025-03-01", q1="2", q5=DIRTY[name][0],
                   q1__comment=f"k {DIRTY[name][0]}")
        rows.append([row[c] for c in SMALL_COLUMNS])
    if fmt == "xlsx":
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        buf = io.BytesIO()
        wb.save(buf)
        raw, file_name = buf.getvalue(), "t.xlsx"
    else:
        raw = _csv_bytes(rows, ";" if fmt == "excel-csv" else ",", bom=fmt == "excel-csv")
        file_name = "t.csv"
    assert import_bytes(store, small_survey, raw, file_name).imported == len(names)
    got = {r["id"]: r["answers"] for r in store.responses_with_answers("kysely")}
    for i, name in enumerate(names):
        stored = DIRTY[name][1]
        assert Answer("q5", "value", stored) in got[f"r{i}"], name
        assert Answer("q1", "comment", clean_text(f"k {DIRTY[name][0]}")) in got[f"r{i}"], name


# -- writers: what an old database holds ------------------------------------------------------


@pytest.fixture
def old_store(store):
    """Texts stored before the entry cleaned them (written straight to the store)."""
    for i, name in enumerate(_storable(store)):
        typed, _ = DIRTY[name]
        store.submit_response(NewResponse(
            survey="kysely", date="2025-03-01", lang="fi", unit="puupaja", id=f"old{i}",
            answers=(Answer("q1", "value", "3"), Answer("q1", "comment", f"k {typed}"),
                     Answer("q5", "value", typed))))
    return store


def _exported(data: bytes, fmt: str) -> list[dict[str, str]]:
    if fmt == "xlsx":
        ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    else:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                               delimiter=";" if fmt == "excel-csv" else ","))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_old_texts_export_cleaned(old_store, small_survey, tmp_path, fmt, request):
    storable = _storable(old_store)
    data = export_bytes(old_store, small_survey, fmt)  # used to fail for xlsx
    by_id = {r["response_id"]: r for r in _exported(data, fmt)}
    assert len(by_id) == len(storable)
    for i, name in enumerate(storable):
        typed, stored = DIRTY[name]
        assert by_id[f"old{i}"]["q5"] == stored, name
        assert by_id[f"old{i}"]["q1__comment"] == clean_text(f"k {typed}"), name
    # The export imports again: into the same database it adds nothing (its texts are the
    # stored ones as the import stores them), into an empty one it gives the clean texts.
    name = "t.xlsx" if fmt == "xlsx" else "t.csv"
    result = import_bytes(old_store, small_survey, data, name)
    assert (result.imported, result.already_present) == (0, len(storable))
    fresh = (request.getfixturevalue("pg_store") if old_store.is_postgres
             else Store(tmp_path / "fresh.db"))
    assert import_bytes(fresh, small_survey, data, name).imported == len(storable)
    got = {r["id"]: r["answers"] for r in fresh.responses_with_answers("kysely")}
    for i, name in enumerate(storable):
        assert Answer("q5", "value", DIRTY[name][1]) in got[f"old{i}"]


@pytest.mark.parametrize("bad", ["\x00", "\uffff", "\ufffe", "\x0b"])
def test_xlsx_export_marks_an_unwritable_character_in_a_stored_id(store, small_survey, bad):
    if bad == "\x00" and store.is_postgres:
        # PostgreSQL's text cannot hold NUL: the store refuses it (no traceback), keeps nothing.
        with pytest.raises(StoreError, match="NUL"):
            store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                              answers=(Answer("q1", "value", "2"),),
                                              id=f"old{bad}id"))
        assert store.count_responses("kysely") == 0
        return
    store.submit_response(NewResponse(survey="kysely", date="2025-03-01", lang="fi",
                                      answers=(Answer("q1", "value", "2"),), id=f"old{bad}id"))
    ws = openpyxl.load_workbook(io.BytesIO(export_bytes(store, small_survey, "xlsx"))).worksheets[0]
    assert ws.cell(row=2, column=1).value == "old\ufffdid"


# -- the report (PDF and PPTX) ------------------------------------------------------------------


def _pdf_text(data: bytes, footer: str = "Kysely") -> str:
    """The PDF's text, each page without its footer ("<title> Sivu n/m"), so that a text
    broken over two pages reads whole."""
    from pypdf import PdfReader

    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    for n in range(1, len(pages)):
        end = f"{footer} Sivu {n + 1}/{len(pages)}"
        assert pages[n].endswith(end), pages[n][-80:]
        pages[n] = pages[n].removesuffix(end)
    return " ".join(" ".join(pages).split())


def test_report_writes_old_and_unwritable_texts(old_store, small_survey):
    store = old_store
    storable = _storable(store)
    # Moderation used to store the moderator's edit as typed.
    for i, name in enumerate(storable):
        store.moderate(f"old{i}", "q5", "value", "approved", f"T{i} {DIRTY[name][0]}", "x")
        store.moderate(f"old{i}", "q1", "comment", "approved", f"K{i} {DIRTY[name][0]}", "x")
    # Survey texts (from a survey file) with such characters too.
    q1 = dataclasses.replace(small_survey.questions[0], text={"fi": "Kysymys\uffff yksi\x00"})
    survey = dataclasses.replace(small_survey, title={"fi": "Kysely\ufffe\x1b"},
                                 questions=(q1, *small_survey.questions[1:]))
    view = build_view(survey, store.block_counts(survey.id, []), 5)
    texts = shown_texts(view, store.free_texts(survey.id, ["q5", "q1"]),
                        store.moderation_state(survey.id))
    assert len(texts) == 2 * len(storable)
    # A text handed over directly may even hold a lone surrogate.
    texts.append({"question": "q5", "kind": "value", "text": "S \ud800surrogaatti\udfff"})
    kwargs = dict(units_label="Puupaja\uffff", period_label="2025\x00", today=None)
    outputs = {"pdf": _pdf_text(report_pdf(survey, view, texts, **kwargs)),
               "pptx": " ".join(pptx_text(report_pptx(survey, view, texts, **kwargs)).split())}
    for fmt, text in outputs.items():
        assert "Kysely" in text and "Kysymys yksi" in text, fmt
        assert "S surrogaatti" in text, fmt
        for i, name in enumerate(storable):
            shown = " ".join(clean_text(f"T{i} {DIRTY[name][0]}").split())
            assert shown in text, (fmt, name)
        assert "_x00" not in text and not XML_ILLEGAL.search(text), fmt
