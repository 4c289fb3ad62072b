"""Survey definitions: load and validate ``survey_defs/*.yaml`` (contract §1).

A definition that breaks the contract is refused with one line per problem, each naming
the file, the question (or option) and the field, e.g.
``asiakaskysely.yaml: questions[3] (hyoty): options: a choice question needs 2..30 options``.
Question positions are counted from 1, as a person reading the file counts them.
"""

from __future__ import annotations

import hashlib
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from raati import i18n

QUESTION_TYPES = ("likert", "grade", "choice", "multi", "text")
SURVEY_ID_RE = re.compile(r"^[a-z0-9-]{2,40}$")
QUESTION_ID_RE = re.compile(r"^[a-z0-9_]{1,40}$")
# Option ids end up joined by "|" in CSV cells, so the same safe alphabet as question ids.
OPTION_ID_RE = re.compile(r"^[a-z0-9_-]{1,40}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
# Columns of the responses CSV that come before the questions (contract §2).
FIXED_COLUMNS = ("response_id", "survey", "unit", "date", "lang")
COMMENT_SUFFIX = "__comment"
DEFAULT_MAX_LENGTH = 1000
MAX_MAX_LENGTH = 5000
GRADE_VALUES = tuple(range(4, 11))
LIKERT_VALUES = (1, 2, 3, 4)

DEFAULT_SCALE: dict[int, dict[str, str]] = {
    1: {"fi": "Ei lainkaan", "sv": "Inte alls", "en": "Not at all"},
    2: {"fi": "Ei juurikaan", "sv": "Knappast", "en": "Hardly"},
    3: {"fi": "Melko hyvin", "sv": "Ganska bra", "en": "Fairly well"},
    4: {"fi": "Erittäin hyvin", "sv": "Mycket bra", "en": "Very well"},
}
# The same words in every language of the app's catalogues (raati/locale, keys scale_1..4,
# issue 11): a survey in Arabic without its own `scale` gets Arabic scale words.
for _point, _words in DEFAULT_SCALE.items():
    _words.update(i18n.scale_words(_point))

SURVEY_KEYS = {"id", "title", "intro", "intro_easy", "languages", "scale", "questions"}
QUESTION_KEYS = {
    "id", "type", "text", "easy", "picture", "picture_alt", "comment", "optional", "options",
    "max_length", "scale",
}
OPTION_KEYS = {"id", "label", "picture", "picture_alt"}

# Limits on what reading one survey file may cost (issue 8: one broken or hostile file
# must not hang `raati validate` or take the other surveys and pages down).
MAX_YAML_BYTES = 1_000_000  # a survey file; the shipped ones are about 10 KB
MAX_YAML_NODES = 200_000  # values in the document once every alias is expanded
MAX_YAML_ALIASES = 5_000  # alias uses (``*name``)
MAX_YAML_DEPTH = 50  # nesting of mappings and lists (a survey needs about 6)
MAX_FILE_PROBLEMS = 50  # problem lines listed per file; the rest are counted
MAX_SHOWN_CHARS = 60  # a value from the file quoted in a message
MAX_LINE_CHARS = 400  # one problem line

Localized = dict[str, str]


class SurveyError(Exception):
    """A survey file (or files) broke the contract; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]):
        self.problems = [_clean_line(p) for p in problems]
        super().__init__("\n".join(self.problems))


def _clean_line(line: str) -> str:
    """A message line safe to print: control and invisible characters escaped (a file
    cannot write terminal escapes through an error), and at most MAX_LINE_CHARS long."""
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in line)
    if len(line) > MAX_LINE_CHARS:
        line = line[: MAX_LINE_CHARS - 100] + " … " + line[-97:]
    return line


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring = 2, 4, 4, MAX_SHOWN_CHARS
_SHORT.maxother = MAX_SHOWN_CHARS


def shown(value: Any) -> str:
    """A value from a file as a message quotes it: a text as is, anything else as a short
    repr; cut to MAX_SHOWN_CHARS, cheap even for a huge nested value."""
    if isinstance(value, str):
        return value if len(value) <= MAX_SHOWN_CHARS else value[:MAX_SHOWN_CHARS] + "…"
    return _SHORT.repr(value)


def _capped(problems: list[str], name: str) -> list[str]:
    if len(problems) <= MAX_FILE_PROBLEMS:
        return problems
    more = len(problems) - MAX_FILE_PROBLEMS
    return problems[:MAX_FILE_PROBLEMS] + [f"{name}: ... and {more} more problems"]


@dataclass(frozen=True)
class Option:
    id: str
    label: Localized
    picture: str | None = None
    # The picture's text alternative (WCAG 1.1.1), localized; an extension of contract §1
    # (issue 15): without it the picture is shown as decoration beside its text.
    picture_alt: Localized | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: Localized
    easy: Localized | None = None
    picture: str | None = None
    picture_alt: Localized | None = None  # as Option.picture_alt
    comment: bool = False
    optional: bool = False
    options: tuple[Option, ...] = ()
    max_length: int = DEFAULT_MAX_LENGTH
    # A likert question's own words for some of the points 1..4 (contract §1); the
    # points not given keep the survey's words (see Survey.scale_for).
    scale: dict[int, Localized] = field(default_factory=dict)

    @property
    def comment_column(self) -> str:
        return self.id + COMMENT_SUFFIX

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


@dataclass(frozen=True)
class Survey:
    id: str
    title: Localized
    languages: tuple[str, ...]
    questions: tuple[Question, ...]
    intro: Localized | None = None
    scale: dict[int, Localized] = field(default_factory=lambda: dict(DEFAULT_SCALE))
    # The intro in plain language (selkokieli), as a question's ``easy`` (contract §1).
    intro_easy: Localized | None = None
    path: Path | None = None
    # What exactly was answered: a short hash of the file's bytes, or the number of a
    # version stored in the database (issue 15, raati.survey_catalog).
    version: str = ""
    # The folder its ``picture`` paths are relative to: the survey folder for a file, a
    # folder the stored version's pictures were written to for a stored survey.
    picture_dir: Path | None = None

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def text_question_ids(self) -> frozenset[str]:
        """The ids of the free-text questions (the store counts them without the text)."""
        return frozenset(q.id for q in self.questions if q.type == "text")

    def scale_for(self, question: Question) -> dict[int, Localized]:
        """The words of the points 1..4 for ``question``: its own where it gives them
        (contract §1, a likert question's ``scale``), else the survey's."""
        return {**self.scale, **question.scale}

    def scale_words(self, question: Question, lang: str) -> dict[int, str]:
        """The words of the points 1..4 of ``question`` in ``lang`` (its own where it
        gives them, else the survey's; each in ``lang``, else the default language)."""
        return {p: self.text(label, lang) for p, label in self.scale_for(question).items()}

    def own_scale_words(self, lang: str) -> dict[str, dict[int, str]]:
        """{question id: words of 1..4 in ``lang``} of the likert questions whose words
        differ from the survey's in ``lang``: the questions a chart or a report must
        name their own words for, since its legend shows the survey's."""
        survey_words = {p: self.text(label, lang) for p, label in self.scale.items()}
        return {q.id: words for q in self.questions
                if q.type == "likert" and q.scale
                and (words := self.scale_words(q, lang)) != survey_words}

    def intro_for(self, lang: str, easy: bool = False) -> str:
        """The first screen's intro in ``lang``: the plain-language ``intro_easy`` when
        ``easy`` (Selkokieli on) and the survey has one, else ``intro``; each falls back
        to the default language like any localized string. "" if there is no intro."""
        if easy and self.intro_easy:
            return self.text(self.intro_easy, lang)
        return self.text(self.intro, lang)

    @property
    def csv_columns(self) -> list[str]:
        """The responses CSV header of this survey, in the contract's order (§2)."""
        cols = list(FIXED_COLUMNS)
        for q in self.questions:
            cols.append(q.id)
            if q.comment:
                cols.append(q.comment_column)
        return cols

    def text(self, value: Localized | None, lang: str) -> str:
        """The text of a localized string in ``lang``, else in the default language."""
        return localize(value, lang, self.default_language)

    def picture_file(self, rel: str | None) -> Path | None:
        """The file of a ``picture`` path of this survey (a question's or an option's),
        or None when there is none or it is missing on disk."""
        if not rel or self.picture_dir is None:
            return None
        path = self.picture_dir / rel
        return path if path.is_file() else None


def localize(value: Localized | None, lang: str, default_lang: str) -> str:
    """One way to render a localized string: the wanted language, else the default."""
    if not value:
        return ""
    return value.get(lang) or value.get(default_lang) or next(iter(value.values()), "")


# ---------------------------------------------------------------------------------------
# YAML reading: duplicate keys are errors (PyYAML would silently keep the last one).


# libyaml's parser (PyYAML's C loader, in every PyYAML wheel) reads plain texts as YAML
# specifies: PyYAML's pure-Python scanner ends ``{fi: Mikä on ollut parasta?}`` at the "?"
# (yaml/pyyaml#128), which would refuse the contract's own example.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    def construct_object(self, node, deep=False):
        # A scalar PyYAML cannot convert (``title: 2025-13-45`` read as a date, an int
        # of 5000 digits) raises a bare ValueError; name its line like any other error.
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as exc:
            reason = str(exc).split(":")[0].split("\n")[0][:80]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {shown(getattr(node, 'value', ''))!r}"
                f" ({reason}); put a text in quotes", node.start_mark) from None


class YamlWord:
    """A word that YAML 1.1 reads as true or false (yes, no, on, off, y, n, true,
    false in any case), remembered as written: where the contract wants a text (a
    language code like ``no``, an id, a label ``Yes``) the checker names the word and
    says to put it in quotes; where it wants true/false it is that value."""

    __slots__ = ("word", "value")

    def __init__(self, word: str, value: bool):
        self.word = word
        self.value = value

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, YamlWord):
            return self.value == other.value
        return isinstance(other, bool) and other == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return self.word

    __repr__ = __str__


class _YamlInt(int):
    """An integer as YAML read it, with the digits as written (``010``, ``1_000``)."""

    source: str = ""


class _YamlFloat(float):
    """A decimal number as YAML read it, with the text as written (``1.50``)."""

    source: str = ""


def _construct_bool(loader: _StrictLoader, node: yaml.ScalarNode) -> YamlWord:
    return YamlWord(node.value, loader.construct_yaml_bool(node))


def _construct_number(kind: type, construct: str):
    def construct_number(loader: _StrictLoader, node: yaml.ScalarNode):
        number = kind(getattr(loader, construct)(node))
        number.source = node.value
        return number
    return construct_number


def as_text(value: Any) -> Any:
    """A number where the contract wants a text (a label ``1``, an option id ``2``) is
    that text, as written in the file; anything else is returned unchanged."""
    if isinstance(value, (_YamlInt, _YamlFloat)):
        return value.source
    return value


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_number(_YamlInt, "construct_yaml_int"))
_StrictLoader.add_constructor("tag:yaml.org,2002:float",
                              _construct_number(_YamlFloat, "construct_yaml_float"))


def _yaml_cost_problem(text: str, name: str) -> str | None:
    """Walk the YAML parser's events (no values are built, so this is cheap for any
    file under MAX_YAML_BYTES) and return the problem of a document that would cost too
    much to load: more than MAX_YAML_NODES values once aliases are expanded (a "billion
    laughs" alias bomb is a few hundred bytes), more than MAX_YAML_ALIASES aliases, an
    alias inside its own anchor, or nesting deeper than MAX_YAML_DEPTH. None if fine.
    Raises yaml.MarkedYAMLError for a syntax error, as loading would."""
    anchors: dict[str, int] = {}  # anchor -> its value's size, aliases expanded
    stack: list[list] = []  # each open mapping or list: [size so far, its anchor]
    total = aliases = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([1, event.anchor])  # the mapping or list is a value itself
            total += 1
            if len(stack) > MAX_YAML_DEPTH:
                return f"{name}: line {line}: nested more than {MAX_YAML_DEPTH} levels deep"
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            size, anchor = stack.pop()
            if anchor is not None:
                anchors[anchor] = size
            if stack:
                stack[-1][0] += size
            continue
        elif isinstance(event, (yaml.AliasEvent, yaml.ScalarEvent)):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if any(anchor == event.anchor for _, anchor in stack):
                    return (f"{name}: line {line}: the alias *{shown(event.anchor)} is inside"
                            " its own anchor (a value cannot contain itself)")
                size = anchors.get(event.anchor, 1)  # an unknown alias: loading says so
            else:
                size = 1
                if event.anchor is not None:
                    anchors[event.anchor] = 1
            total += size
            if stack:
                stack[-1][0] += size
        else:
            continue  # stream and document start and end
        if aliases > MAX_YAML_ALIASES:
            return (f"{name}: line {line}: too many aliases/anchors (more than"
                    f" {MAX_YAML_ALIASES:,} aliases)")
        if total > MAX_YAML_NODES:
            if aliases:
                return (f"{name}: line {line}: too many aliases/anchors (YAML alias expansion"
                        f" would make more than {MAX_YAML_NODES:,} values)")
            return f"{name}: line {line}: the file has more than {MAX_YAML_NODES:,} values"
    return None


def _read_yaml(path: Path, name: str) -> tuple[Any, list[str]]:
    """The parsed YAML of a survey file and no problems, or None and the problems.
    The file is read only up to MAX_YAML_BYTES and checked with _yaml_cost_problem
    before any value is built."""
    try:
        if not path.is_file():
            return None, [f"{name}: not a regular file"]
        with path.open("rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)
    except OSError as exc:
        return None, [f"{name}: cannot read the file: {exc.strerror or exc}"]
    return read_yaml_bytes(raw, name)


def read_yaml_bytes(raw: bytes, name: str) -> tuple[Any, list[str]]:
    """The parsed YAML of a survey definition's bytes (a file's, or a version stored in
    the database) and no problems, or None and the problems: more than MAX_YAML_BYTES,
    not UTF-8, too costly to load (_yaml_cost_problem), a syntax error with its line and
    column, or a duplicate key. ``name`` starts every problem line."""
    if len(raw) > MAX_YAML_BYTES:
        return None, [f"{name}: the file is larger than {MAX_YAML_BYTES:,} bytes;"
                      " a survey file is much smaller"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [f"{name}: the file is not UTF-8 text (byte {exc.start})"]
    try:
        problem = _yaml_cost_problem(text, name)
        if problem:
            return None, [problem]
        return yaml.load(text, Loader=_StrictLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = exc.problem or exc.context or "invalid YAML"
        return None, [f"{name}: {where}YAML syntax error: {what}"]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly all errors
        return None, [f"{name}: YAML syntax error: {exc}"]


# ---------------------------------------------------------------------------------------
# Validation. Each check appends "file: where: field: what" lines to ``problems``.


class _Checker:
    def __init__(self, name: str, defs_dir: Path):
        self.name = name
        self.defs_dir = defs_dir
        self.problems: list[str] = []

    def add(self, where: str, fld: str, what: str) -> None:
        parts = [self.name] + [p for p in (where, fld) if p] + [what]
        self.problems.append(": ".join(parts))

    def yes_no_word(self, where: str, fld: str, value: Any) -> bool:
        """If ``value`` is a word YAML 1.1 read as true/false where a text belongs, say
        so (naming the word and the fix) and return True."""
        if isinstance(value, YamlWord):
            self.add(where, fld, f"'{shown(value.word)}' was read as a yes/no value (YAML);"
                     f" put the word in quotes: \"{shown(value.word)}\"")
            return True
        return False

    def unprintable(self, where: str, fld: str, text: str) -> bool:
        """If ``text`` holds a character no report or spreadsheet can hold (a control
        character, U+FFFE/U+FFFF, a lone surrogate: raati.chars.XML_ILLEGAL), say which
        and return True: a survey's texts go into every export and report."""
        from raati.chars import XML_ILLEGAL

        found = XML_ILLEGAL.search(text)
        if found:
            self.add(where, fld, f"contains the character U+{ord(found.group()):04X}, which"
                     " no report or spreadsheet can hold; remove it")
            return True
        return False

    def unknown_keys(self, where: str, data: dict, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                known = ", ".join(sorted(allowed))
                self.add(where, shown(key), f"unknown key (allowed: {known})")

    def localized(
        self, where: str, fld: str, value: Any, default_lang: str, required: bool
    ) -> Localized | None:
        if value is None:
            if required:
                self.add(where, fld, "is required")
            return None
        value = as_text(value)
        if self.yes_no_word(where, fld, value):
            return None
        if isinstance(value, str):
            if self.unprintable(where, fld, value):
                return None
            if not value.strip():
                self.add(where, fld, "must not be empty")
                return None
            return {default_lang: value}
        if not isinstance(value, dict) or not value:
            self.add(where, fld, "must be a text or a mapping from language code to text")
            return None
        result: Localized = {}
        ok = True
        for lang, text in value.items():
            text = as_text(text)
            if self.yes_no_word(where, fld, lang):
                ok = False
            elif self.yes_no_word(where, f"{fld}.{lang}", text):
                ok = False
            elif not isinstance(lang, str) or not LANG_RE.match(lang):
                self.add(where, f"{fld}.{shown(lang)}", "is not a language code (like fi, sv, en)")
                ok = False
            elif not isinstance(text, str) or not text.strip():
                self.add(where, f"{fld}.{lang}", "must be a non-empty text")
                ok = False
            elif self.unprintable(where, f"{fld}.{lang}", text):
                ok = False
            else:
                result[lang] = text
        if ok and default_lang not in result:
            self.add(where, fld, f"has no text in the default language '{default_lang}'")
            return None
        return result if ok else None

    def picture(self, where: str, fld: str, value: Any) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, fld, "must be a path relative to the survey folder")
            return None
        rel = Path(value)
        target = (self.defs_dir / rel).resolve()
        root = self.defs_dir.resolve()
        if rel.is_absolute() or root not in target.parents:
            self.add(where, fld, f"'{shown(value)}' must stay inside the survey folder")
            return None
        if not target.is_file():
            self.add(where, fld, f"'{shown(value)}' does not exist")
            return None
        return value

    def picture_alt(self, where: str, item: dict, lang: str) -> Localized | None:
        alt = self.localized(where, "picture_alt", item.get("picture_alt"), lang,
                             required=False)
        if "picture_alt" in item and "picture" not in item:
            self.add(where, "picture_alt", "a text alternative needs a picture")
        return alt

    def boolean(self, where: str, fld: str, value: Any, default: bool) -> bool:
        if value is None:
            return default
        if isinstance(value, YamlWord):
            return value.value
        if not isinstance(value, bool):
            self.add(where, fld, "must be true or false")
            return default
        return value


def _check_options(c: _Checker, where: str, q: dict, qtype: str, lang: str) -> tuple[Option, ...]:
    raw = q.get("options")
    if qtype not in ("choice", "multi"):
        if raw is not None:
            c.add(where, "options", f"only choice and multi questions have options, not {qtype}")
        return ()
    if not isinstance(raw, list) or not 2 <= len(raw) <= 30:
        c.add(where, "options", f"a {qtype} question needs 2..30 options")
        return ()
    options: list[Option] = []
    seen: set[str] = set()
    for i, o in enumerate(raw, start=1):
        oid = as_text(o.get("id")) if isinstance(o, dict) else None
        owhere = f"{where}: options[{i}]" + (f" ({shown(oid)})" if isinstance(oid, str) else "")
        if not isinstance(o, dict):
            c.add(owhere, "", "an option must be a mapping with id and label")
            continue
        c.unknown_keys(owhere, o, OPTION_KEYS)
        if c.yes_no_word(owhere, "id", oid):
            pass
        elif not isinstance(oid, str) or not OPTION_ID_RE.match(oid):
            c.add(owhere, "id", "is required and must match [a-z0-9_-]{1,40}")
        elif oid in seen:
            c.add(owhere, "id", f"'{oid}' is used twice in this question")
        else:
            seen.add(oid)
        label = c.localized(owhere, "label", o.get("label"), lang, required=True)
        picture = c.picture(owhere, "picture", o.get("picture"))
        alt = c.picture_alt(owhere, o, lang)
        if isinstance(oid, str) and label:
            options.append(Option(id=oid, label=label, picture=picture, picture_alt=alt))
    return tuple(options)


def _check_question(c: _Checker, i: int, q: Any, lang: str) -> Question | None:
    qid = as_text(q.get("id")) if isinstance(q, dict) else None
    where = f"questions[{i}]" + (f" ({shown(qid)})" if isinstance(qid, str) else "")
    if not isinstance(q, dict):
        c.add(where, "", "a question must be a mapping with id, type and text")
        return None
    before = len(c.problems)
    c.unknown_keys(where, q, QUESTION_KEYS)
    if c.yes_no_word(where, "id", qid):
        pass
    elif not isinstance(qid, str) or not QUESTION_ID_RE.match(qid):
        c.add(where, "id", "is required and must match [a-z0-9_]{1,40}")
    elif qid in FIXED_COLUMNS:
        c.add(where, "id", f"'{qid}' is reserved for a column of the responses CSV")
    qtype = q.get("type")
    if qtype not in QUESTION_TYPES:
        given = "missing" if qtype is None else f"'{shown(qtype)}'"
        c.add(where, "type", f"is {given}; must be one of {', '.join(QUESTION_TYPES)}")
        qtype = None
    text = c.localized(where, "text", q.get("text"), lang, required=True)
    easy = c.localized(where, "easy", q.get("easy"), lang, required=False)
    picture = c.picture(where, "picture", q.get("picture"))
    picture_alt = c.picture_alt(where, q, lang)
    comment = c.boolean(where, "comment", q.get("comment"), False)
    if comment and qtype in ("multi", "text"):
        c.add(where, "comment", f"a {qtype} question cannot have a comment box")
    optional = c.boolean(where, "optional", q.get("optional"), qtype == "text")
    options = _check_options(c, where, q, qtype, lang) if qtype else ()
    max_length = DEFAULT_MAX_LENGTH
    if "max_length" in q:
        ml = q["max_length"]
        if qtype not in ("text", None):
            c.add(where, "max_length", f"only text questions have max_length, not {qtype}")
        elif isinstance(ml, bool) or not isinstance(ml, int) or not 1 <= ml <= MAX_MAX_LENGTH:
            c.add(where, "max_length", f"must be a whole number 1..{MAX_MAX_LENGTH}")
        else:
            max_length = ml
    own_scale: dict[int, Localized] = {}
    if "scale" in q:
        if qtype not in ("likert", None):
            c.add(where, "scale", f"only likert questions have their own scale, not {qtype}")
        else:
            own_scale = _check_scale(c, q["scale"], lang, where=where, partial=True)
    if len(c.problems) > before or qtype is None or text is None:
        return None
    return Question(
        id=qid, type=qtype, text=text, easy=easy, picture=picture, picture_alt=picture_alt,
        comment=comment,
        optional=optional, options=options, max_length=max_length, scale=own_scale,
    )


def _check_languages(c: _Checker, raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ("fi",)
    if not isinstance(raw, list) or not raw:
        c.add("", "languages", "must be a list of language codes, like [fi, sv, en]")
        return ("fi",)
    langs: list[str] = []
    for lang in raw:
        if c.yes_no_word("", "languages", lang):
            continue
        if not isinstance(lang, str) or not LANG_RE.match(lang):
            c.add("", "languages", f"'{shown(lang)}' is not a language code (like fi, sv, en)")
        elif lang in langs:
            c.add("", "languages", f"'{lang}' is listed twice")
        else:
            langs.append(lang)
    return tuple(langs) or ("fi",)


def _check_scale(c: _Checker, raw: Any, lang: str, where: str = "",
                 partial: bool = False) -> dict[int, Localized]:
    """The survey's scale (every point 1..4 needed), or with ``partial`` a likert
    question's own words for some points (only the points given are returned)."""
    if raw is None:
        return {} if partial else dict(DEFAULT_SCALE)
    if not isinstance(raw, dict) or (partial and not raw):
        c.add(where, "scale", "must map " + ("some of" if partial else "each of")
              + " 1, 2, 3, 4 to its label")
        return {} if partial else dict(DEFAULT_SCALE)
    scale: dict[int, Localized] = {}
    given: set[int] = set()
    for key, label in raw.items():
        if isinstance(key, bool) or str(key) not in ("1", "2", "3", "4"):
            c.add(where, f"scale.{shown(key)}", "the scale has only the points 1, 2, 3 and 4")
            continue
        point = int(key)
        given.add(point)
        text = c.localized(where, f"scale.{point}", label, lang, required=True)
        if text:
            scale[point] = text
    if partial:
        return scale
    missing = [str(p) for p in LIKERT_VALUES if p not in given]
    if missing:
        c.add("", "scale", f"needs a label for every point; missing {', '.join(missing)}")
    return {**DEFAULT_SCALE, **scale}


def parse_survey(data: Any, name: str, defs_dir: Path, stem: str | None = None) -> Survey:
    """Validate already-parsed YAML ``data``; raise SurveyError listing every problem."""
    c = _Checker(name, defs_dir)
    if not isinstance(data, dict):
        raise SurveyError([f"{name}: a survey file must be a mapping with id, title and questions"])
    c.unknown_keys("", data, SURVEY_KEYS)
    sid = as_text(data.get("id"))
    if c.yes_no_word("", "id", sid):
        pass
    elif not isinstance(sid, str) or not SURVEY_ID_RE.match(sid):
        c.add("", "id", "is required and must match [a-z0-9-]{2,40}")
    elif stem is not None and sid != stem:
        c.add("", "id", f"'{shown(sid)}' must equal the file name '{shown(stem)}'")
    languages = _check_languages(c, data.get("languages"))
    lang = languages[0]
    title = c.localized("", "title", data.get("title"), lang, required=True)
    intro = c.localized("", "intro", data.get("intro"), lang, required=False)
    intro_easy = c.localized("", "intro_easy", data.get("intro_easy"), lang, required=False)
    if "intro_easy" in data and "intro" not in data:
        c.add("", "intro_easy", "an easy intro needs the intro itself (intro) as well")
    scale = _check_scale(c, data.get("scale"), lang)
    raw_questions = data.get("questions")
    questions: list[Question] = []
    if not isinstance(raw_questions, list) or not 1 <= len(raw_questions) <= 200:
        c.add("", "questions", "is required: a list of 1..200 questions")
        raw_questions = []
    seen: dict[str, int] = {}
    for i, q in enumerate(raw_questions, start=1):
        question = _check_question(c, i, q, lang)
        qid = as_text(q.get("id")) if isinstance(q, dict) else None
        if isinstance(qid, str):
            if qid in seen:
                c.add(f"questions[{i}] ({shown(qid)})", "id",
                      f"is already used by questions[{seen[qid]}]")
            seen.setdefault(qid, i)
        if question:
            questions.append(question)
    for q in questions:
        if q.comment and q.comment_column in seen:
            c.add(f"questions[{seen[q.comment_column]}] ({q.comment_column})", "id",
                  f"clashes with the comment column of '{q.id}'")
    if c.problems:
        raise SurveyError(_capped(c.problems, name))
    return Survey(
        id=sid, title=title, languages=languages, questions=tuple(questions), intro=intro,
        scale=scale, intro_easy=intro_easy,
    )


def load_survey(path: str | Path, defs_dir: str | Path | None = None) -> Survey:
    """Load and validate one survey file. Pictures resolve against ``defs_dir``
    (default: the file's folder)."""
    path = Path(path)
    defs = Path(defs_dir) if defs_dir is not None else path.parent
    data, problems = _read_yaml(path, path.name)
    if problems:
        raise SurveyError(problems)
    survey = parse_survey(data, path.name, defs, stem=path.stem)
    version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return Survey(**{**survey.__dict__, "path": path, "version": version,
                     "picture_dir": defs})


def survey_files(defs_dir: str | Path) -> list[Path]:
    defs = Path(defs_dir)
    return sorted(p for p in defs.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def validate_files(paths: list[Path], defs_dir: Path | None = None) -> tuple[list[Survey], list[str]]:
    """Validate many files; return the good surveys and every problem of the bad ones.
    One file's problem never stops the others from loading: each file's problems are
    listed (at most MAX_FILE_PROBLEMS lines per file) and the good files are returned."""
    surveys: list[Survey] = []
    problems: list[str] = []
    ids: dict[str, str] = {}
    for path in paths:
        try:
            survey = load_survey(path, defs_dir)
        except SurveyError as exc:
            problems.extend(exc.problems)
            continue
        except Exception as exc:  # a case not foreseen must still not take the rest down
            problems.append(_clean_line(
                f"{path.name}: cannot be read ({type(exc).__name__}: {shown(str(exc))})"))
            continue
        if survey.id in ids:
            problems.append(f"{path.name}: id: '{survey.id}' is also the id of {ids[survey.id]}")
            continue
        ids[survey.id] = path.name
        surveys.append(survey)
    return surveys, problems


def load_surveys(defs_dir: str | Path) -> dict[str, Survey]:
    """All surveys of a folder by id; raise SurveyError if any file is broken."""
    defs = Path(defs_dir)
    if not defs.is_dir():
        raise SurveyError([f"{defs}: the survey folder does not exist"])
    surveys, problems = validate_files(survey_files(defs), defs)
    if problems:
        raise SurveyError(problems)
    return {s.id: s for s in surveys}


def find_survey(defs_dir: str | Path, survey_id: str) -> Survey:
    """Load just the survey ``survey_id`` from its file in ``defs_dir``."""
    defs = Path(defs_dir)
    if SURVEY_ID_RE.match(survey_id or ""):
        for suffix in (".yaml", ".yml"):
            path = defs / f"{survey_id}{suffix}"
            if path.is_file():
                return load_survey(path, defs)
    available = ", ".join(p.stem for p in survey_files(defs)) or "none"
    raise SurveyError([f"survey '{survey_id}': no such survey in {defs}/ (there: {available})"])
