"""The survey builder's edits on a survey definition (issue 15), without Streamlit.

A definition here is the plain data of contract §1 (a dict, as YAML loads it): the builder
page keeps one in the working copy (``Store.save_survey_draft``), changes it with these
functions and saves it again; ``raati.survey_catalog`` validates and publishes it. Every
function changes the dict in place and raises :class:`BuildError` (with an i18n key) for
an edit that cannot be made; validation of the whole survey stays with
``raati.surveys.parse_survey``, so the builder shows the CLI's own messages.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable

from raati.surveys import QUESTION_ID_RE, QUESTION_TYPES, SURVEY_ID_RE

# Types offered in the builder, in the order a staff member meets them.
BUILDER_TYPES = ("likert", "choice", "multi", "text", "grade")
TEXT_FIELDS = ("text", "easy")
_PROBLEM_AT = re.compile(r"^[^:]+: questions\[(\d+)\]")


class BuildError(ValueError):
    """An edit the builder refuses: ``key`` is the raati.i18n key of its message."""

    def __init__(self, key: str, message: str, **values):
        self.key, self.values = key, values
        super().__init__(message)


def slug(text: str, pattern: re.Pattern = SURVEY_ID_RE, max_len: int = 40,
         sep: str = "-") -> str:
    """An id made of ``text`` for people who type Finnish: ä → a, ö → o, å → a, other
    letters without their accents, lower case, anything else ``sep``; cut to
    ``max_len``. "" when nothing is left."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    out = re.sub(r"[^a-z0-9]+", sep, folded).strip(sep)[:max_len].strip(sep)
    return out if pattern.match(out or "") else ""


def unique_id(base: str, taken: Iterable[str], max_len: int = 40, sep: str = "-") -> str:
    """``base``, or ``base-2``, ``base-3`` … (``sep``) the first not in ``taken``."""
    taken = set(taken)
    if base not in taken:
        return base
    n = 2
    while True:
        tail = f"{sep}{n}"
        candidate = base[: max_len - len(tail)] + tail
        if candidate not in taken:
            return candidate
        n += 1


def new_definition(survey_id: str, title: str, lang: str = "fi") -> dict:
    """A new survey: its id, title in ``lang`` and one 1–4 question to start from.
    Raises BuildError for an id that is not 2..40 of a-z, 0-9 and - or an empty title."""
    if not SURVEY_ID_RE.match(survey_id or ""):
        raise BuildError("builder_bad_id", f"'{survey_id}' is not an id", id=survey_id)
    if not (title or "").strip():
        raise BuildError("builder_title_missing", "a survey needs a title")
    return {"id": survey_id, "title": {lang: title.strip()}, "languages": [lang],
            "questions": [_blank_question("likert", "q1", lang)]}


def from_template(data: dict, survey_id: str) -> dict:
    """A copy of a survey's definition (a shipped template or another survey) under a
    new id."""
    if not SURVEY_ID_RE.match(survey_id or ""):
        raise BuildError("builder_bad_id", f"'{survey_id}' is not an id", id=survey_id)
    out = copy.deepcopy(data)
    out["id"] = survey_id
    return out


def languages(data: dict) -> list[str]:
    """The survey's languages, the default first ([fi] when not given, contract §1)."""
    langs = data.get("languages")
    return [x for x in langs if isinstance(x, str)] if isinstance(langs, list) and langs \
        else ["fi"]


def _blank_question(qtype: str, qid: str, lang: str) -> dict:
    q: dict = {"id": qid, "type": qtype, "text": {lang: ""}}
    if qtype in ("choice", "multi"):
        q["options"] = [{"id": "a", "label": {lang: ""}}, {"id": "b", "label": {lang: ""}}]
    return q


def _questions(data: dict) -> list:
    qs = data.get("questions")
    if not isinstance(qs, list):
        qs = data["questions"] = []
    return qs


def _question_ids(data: dict) -> list[str]:
    return [q.get("id") for q in _questions(data) if isinstance(q, dict)]


def add_question(data: dict, qtype: str, at: int | None = None) -> dict:
    """Add an empty question of ``qtype`` (at index ``at``, default the end) with a new
    id (``q<n>``); return it. A choice or multi question starts with two options."""
    if qtype not in QUESTION_TYPES:
        raise BuildError("builder_bad_type", f"'{qtype}' is not a question type")
    qs = _questions(data)
    if len(qs) >= 200:
        raise BuildError("builder_too_many", "a survey has at most 200 questions")
    taken = set(_question_ids(data))
    n = len(qs) + 1
    while f"q{n}" in taken:
        n += 1
    q = _blank_question(qtype, f"q{n}", languages(data)[0])
    qs.insert(len(qs) if at is None else max(0, min(at, len(qs))), q)
    return q


def move_question(data: dict, index: int, delta: int) -> int:
    """Move question ``index`` by ``delta`` places (clamped); return its new index."""
    qs = _questions(data)
    new = max(0, min(len(qs) - 1, index + delta))
    qs.insert(new, qs.pop(index))
    return new


def duplicate_question(data: dict, index: int) -> dict:
    """A copy of question ``index`` right after it, with a new id (``<id>_2`` …)."""
    qs = _questions(data)
    if len(qs) >= 200:
        raise BuildError("builder_too_many", "a survey has at most 200 questions")
    q = copy.deepcopy(qs[index])
    base = q.get("id") if isinstance(q.get("id"), str) else "q"
    q["id"] = unique_id(base[:36], set(_question_ids(data)), sep="_")
    qs.insert(index + 1, q)
    return q


def remove_question(data: dict, index: int) -> dict:
    """Remove question ``index`` and return it; the last question stays (a survey needs
    one: BuildError)."""
    qs = _questions(data)
    if len(qs) <= 1:
        raise BuildError("builder_last_question", "a survey needs at least one question")
    return qs.pop(index)


def set_question_type(data: dict, index: int, qtype: str) -> None:
    """Change question ``index`` to ``qtype``: options are added (two empty ones) or
    dropped, and the fields the new type cannot have (comment box, own scale words,
    max_length) go. Whether stored answers allow it is decided at publishing
    (raati.survey_catalog.meaning_changes)."""
    if qtype not in QUESTION_TYPES:
        raise BuildError("builder_bad_type", f"'{qtype}' is not a question type")
    q = _questions(data)[index]
    q["type"] = qtype
    lang = languages(data)[0]
    if qtype in ("choice", "multi"):
        if not isinstance(q.get("options"), list) or len(q["options"]) < 2:
            q["options"] = [{"id": "a", "label": {lang: ""}}, {"id": "b", "label": {lang: ""}}]
    else:
        q.pop("options", None)
    if qtype in ("multi", "text"):
        q.pop("comment", None)
    if qtype != "likert":
        q.pop("scale", None)
    if qtype != "text":
        q.pop("max_length", None)


def set_question_id(data: dict, index: int, new_id: str) -> None:
    """Give question ``index`` the id ``new_id`` ([a-z0-9_]{1,40}, unique). An id is
    what stored answers are filed under: the page offers this only before publishing."""
    if not QUESTION_ID_RE.match(new_id or ""):
        raise BuildError("builder_bad_question_id", f"'{new_id}' is not a question id",
                         id=new_id)
    others = set(_question_ids(data)) - {_questions(data)[index].get("id")}
    if new_id in others:
        raise BuildError("builder_question_id_taken", f"'{new_id}' is already used",
                         id=new_id)
    _questions(data)[index]["id"] = new_id


def normalize(data: dict) -> dict:
    """Write every localized string as a mapping (a plain string is the default
    language's text, contract §1), so the builder edits one shape; returns ``data``."""
    default = languages(data)[0]

    def fix(item: dict, key: str) -> None:
        if isinstance(item.get(key), str):
            item[key] = {default: item[key]}

    for key in ("title", "intro", "intro_easy"):
        fix(data, key)
    for q in _questions(data):
        if not isinstance(q, dict):
            continue
        for key in ("text", "easy", "picture_alt"):
            fix(q, key)
        for o in q.get("options") or []:
            if isinstance(o, dict):
                fix(o, "label")
                fix(o, "picture_alt")
        if isinstance(q.get("scale"), dict):
            for point in q["scale"]:
                fix(q["scale"], point)
    return data


def set_localized(item: dict, key: str, lang: str, text: str) -> None:
    """Set ``item[key]`` (a mapping from language to text: see normalize) in ``lang`` to
    ``text``; an empty text removes that language, and an empty mapping the key itself
    (an optional field left empty is no field)."""
    value = item.get(key)
    value = dict(value) if isinstance(value, dict) else {}
    text = (text or "").strip()
    if text:
        value[lang] = text
    else:
        value.pop(lang, None)
    if value:
        item[key] = value
    else:
        item.pop(key, None)


def localized_text(value, lang: str, default_lang: str) -> str:
    """The text of a localized value in ``lang`` exactly ("" when that language has none;
    a plain string counts as the default language's)."""
    if isinstance(value, str):
        return value if lang == default_lang else ""
    if isinstance(value, dict):
        text = value.get(lang)
        return text if isinstance(text, str) else ""
    return ""


def add_option(data: dict, index: int) -> dict:
    """Add an empty option to question ``index`` (at most 30) with a new id."""
    q = _questions(data)[index]
    options = q.setdefault("options", [])
    if len(options) >= 30:
        raise BuildError("builder_too_many_options", "a question has at most 30 options")
    taken = {o.get("id") for o in options if isinstance(o, dict)}
    letters = "abcdefghijklmnopqrstuvwxyz"
    oid = next((c for c in letters if c not in taken), None) or unique_id("o", taken, sep="_")
    option = {"id": oid, "label": {languages(data)[0]: ""}}
    options.append(option)
    return option


def move_option(data: dict, index: int, option: int, delta: int) -> None:
    options = _questions(data)[index]["options"]
    new = max(0, min(len(options) - 1, option + delta))
    options.insert(new, options.pop(option))


def remove_option(data: dict, index: int, option: int) -> None:
    """Remove an option; a question keeps two (BuildError)."""
    options = _questions(data)[index]["options"]
    if len(options) <= 2:
        raise BuildError("builder_two_options", "a choice question needs at least two options")
    options.pop(option)


def missing_translations(data: dict) -> list[tuple[str, str]]:
    """(where, language) of every text a survey language lacks while the default
    language has it: the builder marks these. ``where`` is "title", "intro",
    "questions[3].text", "questions[3].options[2].label" …"""
    langs = languages(data)
    default, others = langs[0], langs[1:]
    out: list[tuple[str, str]] = []

    def check(where: str, value) -> None:
        if not value:
            return
        for lang in others:
            if not localized_text(value, lang, default).strip():
                out.append((where, lang))

    for key in ("title", "intro", "intro_easy"):
        check(key, data.get(key))
    for i, q in enumerate(_questions(data), start=1):
        if not isinstance(q, dict):
            continue
        for key in ("text", "easy", "picture_alt"):
            check(f"questions[{i}].{key}", q.get(key))
        for j, o in enumerate(q.get("options") or [], start=1):
            if isinstance(o, dict):
                check(f"questions[{i}].options[{j}].label", o.get("label"))
    return out


def problems_by_question(problems: list[str]) -> dict[int | None, list[str]]:
    """The validator's problem lines grouped by question index (0-based; None for the
    survey's own fields), as the builder shows each beside its question."""
    out: dict[int | None, list[str]] = {}
    for line in problems:
        m = _PROBLEM_AT.match(line)
        out.setdefault(int(m.group(1)) - 1 if m else None, []).append(line)
    return out


def set_scale_word(data: dict, index: int, point: int, lang: str, text: str) -> None:
    """Set this likert question's own word for ``point`` (1..4) in ``lang``; an empty
    text removes it, and the question's ``scale`` goes when no point has words left
    (the survey's words are then used, contract §1)."""
    q = _questions(data)[index]
    scale = q.get("scale") if isinstance(q.get("scale"), dict) else {}
    set_localized(scale, point, lang, text)
    if scale:
        q["scale"] = scale
    else:
        q.pop("scale", None)


def missing_alt_texts(data: dict) -> list[str]:
    """One problem line per picture without a text alternative in the default language
    (WCAG 1.1.1; issue 15: "every picture must have a text alternative"), in the
    validator's shape: ``<id>: questions[2] (q2): options[1] (a): picture_alt: …``. The
    builder does not publish while there are any; a survey file without them still
    loads (contract §1 makes ``picture_alt`` optional)."""
    default = languages(data)[0]
    sid = data.get("id", "")
    lines = []
    for i, q in enumerate(_questions(data), start=1):
        if not isinstance(q, dict):
            continue
        where = f"{sid}: questions[{i}] ({q.get('id')})"
        items = [(where, q)] + [(f"{where}: options[{j}] ({o.get('id')})", o)
                                for j, o in enumerate(q.get("options") or [], start=1)
                                if isinstance(o, dict)]
        for at, item in items:
            if item.get("picture") and not localized_text(item.get("picture_alt"), default,
                                                         default).strip():
                lines.append(f"{at}: picture_alt: a picture needs its text alternative"
                             " (what it shows)")
    return lines


def fill_alt_texts(data: dict, alts: dict[str, dict[str, str]]) -> dict:
    """Give each picture without a text alternative the one the picture library has for
    that picture path (``alts``: {path: {lang: text}}), in the survey's languages;
    returns ``data``."""
    langs = languages(data)
    for q in _questions(data):
        if not isinstance(q, dict):
            continue
        for item in [q] + [o for o in q.get("options") or [] if isinstance(o, dict)]:
            alt = alts.get(item.get("picture") or "")
            if alt and not item.get("picture_alt"):
                chosen = {x: alt[x] for x in langs if alt.get(x)}
                if chosen.get(langs[0]):
                    item["picture_alt"] = chosen
    return data


# The validator's lines (raati.surveys, English, for files and the CLI) that a builder
# user meets while typing, as raati.i18n keys with the field named in words.
_LINE = re.compile(r"^[^:]+: (?:questions\[(?P<q>\d+)\] \((?P<qid>[^)]*)\): )?"
                   r"(?:options\[(?P<o>\d+)\] \([^)]*\): )?(?P<field>[a-z_.0-9]+): (?P<what>.*)$")
_FIELDS = {"text": "builder_field_text", "easy": "builder_field_easy",
           "label": "builder_option_label", "title": "builder_field_title",
           "intro": "builder_field_intro", "intro_easy": "builder_field_intro_easy",
           "picture_alt": "builder_picture_alt_short", "picture": "builder_picture_short"}


def explain(line: str) -> tuple[str, dict] | None:
    """A validator line as (raati.i18n key, values) in plain words for the builder, or
    None when there is no plainer way to say it (the line itself is then shown).
    Values: ``where`` (question n, option m), ``field`` (an i18n key), ``lang``."""
    m = _LINE.match(line)
    if not m:
        return None
    field, _, lang = m["field"].partition(".")
    values = {"q": int(m["q"]) if m["q"] else 0, "o": int(m["o"]) if m["o"] else 0,
              "qid": m["qid"] or "",
              "field": _FIELDS.get(field, ""), "lang": lang}
    what = m["what"]
    chosen = re.match(r"'([^']+)' was chosen (once|\d+ times)", what)
    if field == "options" and chosen:  # raati.survey_catalog.meaning_changes
        values.update(option_id=chosen[1], n=1 if chosen[2] == "once" else int(chosen[2].split()[0]))
        return "builder_explain_option_answered", values
    answered = re.match(r"'([^']+)' has (\d+) stored (answers|comments); removing it", what)
    if field == "questions" and answered:
        values.update(question_id=answered[1], n=int(answered[2]))
        return "builder_explain_question_answered", values
    if field == "type" and (typed := re.match(r"has (\d+) stored answers as", what)):
        values.update(n=int(typed[1]))
        return "builder_explain_type_answered", values
    if field == "comment" and (comments := re.match(r"has (\d+) stored comments", what)):
        values.update(n=int(comments[1]))
        return "builder_explain_comment_answered", values
    if what == "must be a non-empty text" and values["field"]:
        return "builder_explain_empty", values
    if what.startswith("has no text in the default language") and values["field"]:
        values["lang"] = what.rsplit("'", 2)[-2] if "'" in what else ""
        return "builder_explain_empty", values
    if field == "picture_alt" and "text alternative" in what:
        return "builder_explain_alt", values
    if what.startswith("a choice question needs") or what.startswith("a multi question needs"):
        return "builder_explain_options", values
    if field == "id" and "already used" in what:
        return "builder_explain_id_taken", values
    return None


def answered_label(values: dict, old, lang: str) -> str:
    """The text a person knows an option or a question by, in ``lang``, for a line of
    :func:`explain` about stored answers (``values`` with ``option_id`` and its
    question's id ``qid``, or ``question_id``), read from ``old``, the published Survey
    (the id itself when ``old`` lacks it)."""
    if values.get("question_id"):
        q = old.question(values["question_id"]) if old is not None else None
        return old.text(q.text, lang) if q else values["question_id"]
    oid = values.get("option_id") or ""
    q = old.question(values.get("qid", "")) if old is not None else None
    option = q.option(oid) if q is not None else None
    return old.text(option.label, lang) if option else oid
