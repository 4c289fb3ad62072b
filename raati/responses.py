"""Answers: how a value of each question type is checked and stored.

One place decides what a valid answer is, for the app's answer path and for CSV import
alike. Stored values are text: likert ``"1".."4"``, grade ``"4".."10"``, choice an option
id, multi one row per chosen option id, text the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from raati.chars import clean_chars
from raati.store import Answer
from raati.surveys import DEFAULT_MAX_LENGTH, GRADE_VALUES, LIKERT_VALUES, Question, Survey

COMMENT_MAX_LENGTH = DEFAULT_MAX_LENGTH
MULTI_SEPARATOR = "|"


class AnswerError(ValueError):
    """An answer that does not fit its question; the message is a sentence for people."""


def clean_text(text: str) -> str:
    """Free text as stored, the one rule of every entry (answer page texts and comments,
    CSV/XLSX import; issue 9 item 1): by :func:`raati.chars.clean_chars` (every kind of
    line break as ``\\n``; control characters other than tab and line feed, surrogates,
    noncharacters such as U+FFFF and U+FFFE, and U+FEFF dropped; NFC), then surrounding
    whitespace (also no-break spaces) trimmed. The result can be written to XLSX, PPTX,
    SVG, PDF and CSV.

    These characters are dropped silently, never refused: they are invisible, the person
    cannot see them to remove them, and they carry nothing the person meant to say (they
    come with pasted text or from other programs' files). A text that is empty after
    cleaning is not answered."""
    return clean_chars(text).strip()


def _number(q: Question, cell: str, allowed: Iterable[int]) -> str:
    allowed = tuple(allowed)
    value = cell.strip()
    # ASCII digits only: str.isdigit() is also true for '²', which int() cannot read.
    if not (value.isascii() and value.isdigit()) or int(value) not in allowed:
        raise AnswerError(f"'{cell}' is not a whole number {allowed[0]}..{allowed[-1]}")
    return str(int(value))


def parse_cell(q: Question, cell: str) -> tuple[str, ...]:
    """The stored values of a CSV cell for question ``q``; empty cell = not answered."""
    if cell is None or not cell.strip():
        return ()
    if q.type == "likert":
        return (_number(q, cell, LIKERT_VALUES),)
    if q.type == "grade":
        return (_number(q, cell, GRADE_VALUES),)
    if q.type == "choice":
        value = cell.strip()
        if value not in q.option_ids:
            raise AnswerError(f"'{value}' is not an option ({', '.join(q.option_ids)})")
        return (value,)
    if q.type == "multi":
        parts = [p.strip() for p in cell.split(MULTI_SEPARATOR)]
        for p in parts:
            if p not in q.option_ids:
                raise AnswerError(f"'{p}' is not an option ({', '.join(q.option_ids)})")
        if len(set(parts)) != len(parts):
            raise AnswerError(f"'{cell}' names an option twice")
        return tuple(o for o in q.option_ids if o in parts)  # survey order
    text = check_text(cell, q.max_length)
    return (text,) if text else ()


class TextTooLong(AnswerError):
    """A free text over its limit: refused whole, never cut (the person is told)."""

    def __init__(self, length: int, max_length: int, where: str = ""):
        self.length = length
        self.max_length = max_length
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}the text has {length} characters; at most {max_length} fit")


def _in_question(q: Question, exc: AnswerError) -> AnswerError:
    """The refusal named by its question, of the same kind (a too long text stays
    TextTooLong, so the answer page can say so)."""
    if isinstance(exc, TextTooLong):
        return TextTooLong(exc.length, exc.max_length, where=q.id)
    return AnswerError(f"{q.id}: {exc}")


def check_text(text: str, max_length: int) -> str:
    """The text cleaned for storing; raises TextTooLong over ``max_length`` characters."""
    cleaned = clean_text(text)
    if len(cleaned) > max_length:
        raise TextTooLong(len(cleaned), max_length)
    return cleaned


def format_cell(q: Question, values: Iterable[str]) -> str:
    """The CSV cell of stored values (the inverse of ``parse_cell``)."""
    values = list(values)
    if q.type == "multi":
        return MULTI_SEPARATOR.join(o for o in q.option_ids if o in values)
    return values[0] if values else ""


def build_answers(
    survey: Survey,
    values: Mapping[str, object],
    comments: Mapping[str, str] | None = None,
    *,
    require: bool = True,
) -> tuple[Answer, ...]:
    """Answers of one response from what a person gave in the app.

    ``values`` maps question id to: an int (likert, grade), an option id (choice), a list
    of option ids (multi) or a text; missing or empty means not answered. With
    ``require``, a question that is not optional must be answered. Raises AnswerError
    naming the question."""
    comments = comments or {}
    unknown = (set(values) | set(comments)) - {q.id for q in survey.questions}
    if unknown:
        raise AnswerError(f"unknown question {sorted(unknown)[0]}")
    answers: list[Answer] = []
    for q in survey.questions:
        raw = values.get(q.id)
        if isinstance(raw, (list, tuple, set, frozenset)):
            cell = MULTI_SEPARATOR.join(str(v) for v in raw)
        elif raw is None:
            cell = ""
        else:
            cell = str(raw)
        try:
            stored = parse_cell(q, cell)
        except AnswerError as exc:
            raise _in_question(q, exc) from None
        if not stored and require and not q.optional:
            raise AnswerError(f"{q.id}: an answer is needed")
        answers.extend(Answer(q.id, "value", v) for v in stored)
        comment = comments.get(q.id)
        if comment and comment.strip():
            if not q.comment:
                raise AnswerError(f"{q.id}: this question has no comment box")
            try:
                answers.append(Answer(q.id, "comment", check_text(comment, COMMENT_MAX_LENGTH)))
            except AnswerError as exc:
                raise _in_question(q, exc) from None
    return tuple(answers)


def missing_questions(survey: Survey, values: Mapping[str, object]) -> list[Question]:
    """The questions that need an answer but have none in ``values``."""
    missing = []
    for q in survey.questions:
        raw = values.get(q.id)
        empty = raw is None or raw == "" or (isinstance(raw, (list, tuple, set)) and not raw)
        if isinstance(raw, str) and not raw.strip():
            empty = True
        if empty and not q.optional:
            missing.append(q)
    return missing
