#!/usr/bin/env python3
"""Keep Raati's gettext catalogues in step with the Finnish source texts.

    .venv/bin/python scripts/i18n.py update        # .pot and every .po from raati/i18n.py
    .venv/bin/python scripts/i18n.py check         # exit 1 if `update` would change anything
    .venv/bin/python scripts/i18n.py add LANG      # start the catalogue of a new language
    .venv/bin/python scripts/i18n.py status        # translated / unreviewed per language

The source is ``MESSAGES`` in raati/i18n.py, read without importing it (its dict literals,
with :mod:`ast`): key -> {"fi": Finnish text}. The catalogues are
raati/locale/raati.pot and raati/locale/<lang>/LC_MESSAGES/raati.po, one message per key:
msgctxt = key, msgid = the Finnish text, msgstr = the translation.

``update``
- adds new keys (untranslated) to the template and every catalogue;
- where the Finnish text of a key changed, puts the new msgid in, keeps the old
  translation marked ``fuzzy`` with the old msgid as ``#| msgid`` (not used by the app
  until a translator checks it and removes the flag);
- drops keys no longer in MESSAGES;
- takes entries still in the old form {"fi": ..., "sv": ..., "en": ...} (any language
  codes): their translations go into the catalogues (created if missing), and those
  entries of raati/i18n.py are rewritten to {"fi": ...} only;
- writes a file only when its messages changed, so running it twice changes nothing.

``--root DIR`` works on another checkout (the tests use a copy).
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "raati"
UNREVIEWED = "unreviewed: machine translation, not checked by a native speaker"
# Languages whose texts in MESSAGES the team writes and checks itself; a text of any other
# language taken in from MESSAGES is marked UNREVIEWED until a native speaker checks it
# (and removes the comment in the catalogue).
REVIEWED = frozenset({"sv", "en"})
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


# -- the source: MESSAGES in raati/i18n.py ---------------------------------------------

def _message_dicts(tree: ast.Module) -> list[ast.Dict]:
    """The dict literals that make MESSAGES: its assignment and every MESSAGES.update()."""
    out = []
    for node in tree.body:
        value = None
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "MESSAGES" for t in targets):
                value = node.value
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            f = node.value.func
            if (isinstance(f, ast.Attribute) and f.attr == "update"
                    and isinstance(f.value, ast.Name) and f.value.id == "MESSAGES"
                    and node.value.args):
                value = node.value.args[0]
        if isinstance(value, ast.Dict):
            out.append(value)
    return out


def read_source(path: Path) -> tuple[dict[str, dict[str, str]], list[tuple[ast.Dict, str]]]:
    """MESSAGES of the raati/i18n.py at ``path`` as {key: {lang: text}} in file order, and
    the entries with other languages than "fi" as (value node, key) for rewriting.
    Raises ValueError for an entry that is not a literal dict with a Finnish text."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    messages: dict[str, dict[str, str]] = {}
    legacy = []
    for d in _message_dicts(tree):
        for k, v in zip(d.keys, d.values, strict=True):
            key = ast.literal_eval(k)
            texts = ast.literal_eval(v)
            if not isinstance(texts, dict) or not isinstance(texts.get("fi"), str):
                raise ValueError(f"{path}: MESSAGES[{key!r}] has no Finnish text")
            messages[key] = texts
            if set(texts) - {"fi"}:
                legacy.append((v, key))
    return messages, legacy


def finnish_only(path: Path, legacy: list[tuple[ast.Dict, str]]) -> bool:
    """Rewrite each entry of ``legacy`` in the file at ``path`` to {"fi": ...}, keeping
    the Finnish text's own source (its quotes and line breaks). True if the file changed."""
    if not legacy:
        return False
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line.encode("utf-8")))
    data = "".join(lines).encode("utf-8")

    def offset(lineno: int, col: int) -> int:
        return starts[lineno - 1] + col

    edits = []
    for node, _key in legacy:
        fi = next(v for k, v in zip(node.keys, node.values, strict=True)
                  if ast.literal_eval(k) == "fi")
        fi_src = data[offset(fi.lineno, fi.col_offset):offset(fi.end_lineno, fi.end_col_offset)]
        edits.append((offset(node.lineno, node.col_offset),
                      offset(node.end_lineno, node.end_col_offset),
                      b'{"fi": ' + fi_src + b"}"))
    for start, end, new in sorted(edits, reverse=True):
        data = data[:start] + new + data[end:]
    path.write_bytes(data)
    return True


# -- catalogues ----------------------------------------------------------------------------

def placeholders(text: str) -> list[str]:
    """The names of the {placeholders} of a str.format text, sorted."""
    return sorted(m.group(1) for m in PLACEHOLDER.finditer(text))


def _flags(fi: str) -> set[str]:
    return {"python-brace-format"} if placeholders(fi) else set()


def _po_path(root: Path, lang: str) -> Path:
    return root / "raati" / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(root: Path) -> list[str]:
    """The languages that have a catalogue under ``root``/raati/locale."""
    base = root / "raati" / "locale"
    return sorted(p.name for p in base.iterdir()
                  if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()) if base.is_dir() else []


def _read(path: Path) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, ignore_obsolete=True)


def _signature(cat: Catalog | None) -> list[tuple]:
    """What of a catalogue matters (its messages), without header dates or tool versions."""
    if cat is None:
        return []
    return [(m.context, m.id, m.string, sorted(m.flags), list(m.user_comments),
             list(m.auto_comments), m.previous_id) for m in cat if m.id]


def _write(path: Path, cat: Catalog, old: Catalog | None) -> bool:
    if old is not None and _signature(old) == _signature(cat):
        return False
    if old is not None:  # keep the template's creation date: only the messages changed
        cat.creation_date = old.creation_date
    buf = io.BytesIO()
    write_po(buf, cat, width=92, sort_output=False, ignore_obsolete=True,
             include_previous=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return True


def _new_catalog(lang: str | None) -> Catalog:
    cat = Catalog(locale=lang, domain=DOMAIN, project="Raati", version="1",
                  copyright_holder="Raati contributors", charset="utf-8",
                  fuzzy=False)
    cat.language_team = f"{lang} <raati@localhost>" if lang else "LANGUAGE <LL@li.org>"
    cat.last_translator = "Raati"
    return cat


def template(messages: dict[str, dict[str, str]]) -> Catalog:
    """The .pot: every key with its Finnish text, no translations."""
    cat = _new_catalog(None)
    for key, texts in messages.items():
        cat.add(texts["fi"], "", context=key, flags=_flags(texts["fi"]))
    return cat


def merged(lang: str, messages: dict[str, dict[str, str]], old: Catalog | None) -> Catalog:
    """The catalogue of ``lang`` for the current ``messages``: the old translations kept
    (fuzzy with the old msgid where the Finnish text changed), translations still in
    MESSAGES taken in (sv and en are the project's own texts; any other language's are
    marked UNREVIEWED), keys no longer in MESSAGES dropped."""
    by_key = {m.context: m for m in old if m.id and m.context} if old is not None else {}
    cat = _new_catalog(lang)
    for key, texts in messages.items():
        fi = texts["fi"]
        was = by_key.get(key)
        flags = _flags(fi)
        string, comments, previous = "", [], None
        if was is not None:
            string = was.string or ""
            comments = list(was.user_comments)
            flags |= {f for f in was.flags if f not in ("python-format", "python-brace-format")}
            previous = was.previous_id or None
            if was.id != fi:
                if string:
                    flags.add("fuzzy")
                previous = was.id
        if texts.get(lang):
            string = texts[lang]
            flags.discard("fuzzy")
            previous = None
            comments = [c for c in comments if not c.startswith("unreviewed")]
            if lang not in REVIEWED:  # written by the team without a native speaker
                comments.append(UNREVIEWED)
        if "fuzzy" not in flags:
            previous = None
        cat.add(fi, string, context=key, flags=flags, user_comments=comments,
                previous_id=previous or ())
    return cat


def update(root: Path = ROOT, rewrite_source: bool = True) -> list[Path]:
    """Bring the .pot and every .po under ``root`` up to date with raati/i18n.py; move old
    {fi, sv, en}-form translations into catalogues and rewrite those entries to Finnish
    only. Returns the files written (empty when everything was up to date)."""
    source = root / "raati" / "i18n.py"
    messages, legacy = read_source(source)
    written = []
    pot = root / "raati" / "locale" / f"{DOMAIN}.pot"
    if _write(pot, template(messages), _read(pot)):
        written.append(pot)
    wanted = set(languages(root)) | {c for texts in messages.values() for c in texts} - {"fi"}
    for lang in sorted(wanted):
        path = _po_path(root, lang)
        old = _read(path)
        if _write(path, merged(lang, messages, old), old):
            written.append(path)
    if rewrite_source and finnish_only(source, legacy):
        written.append(source)
    return written


def check(root: Path = ROOT) -> list[str]:
    """What ``update`` would change, as sentences (empty when up to date)."""
    messages, legacy = read_source(root / "raati" / "i18n.py")
    problems = [f"MESSAGES[{key!r}] still has its translations in raati/i18n.py"
                for _node, key in legacy]
    pot = root / "raati" / "locale" / f"{DOMAIN}.pot"
    if _signature(_read(pot)) != _signature(template(messages)):
        problems.append(f"{pot.relative_to(root)} is not up to date")
    for lang in languages(root):
        path = _po_path(root, lang)
        old = _read(path)
        if _signature(old) != _signature(merged(lang, messages, old)):
            problems.append(f"{path.relative_to(root)} is not up to date")
    return problems


def add_language(lang: str, root: Path = ROOT) -> Path:
    """Start the catalogue of ``lang`` (every key, untranslated). Raises ValueError for a
    code Babel does not know or a language that already has one."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(lang)
    except (ValueError, UnknownLocaleError) as exc:
        raise ValueError(f"unknown language code {lang!r}: {exc}") from exc
    path = _po_path(root, lang)
    if path.exists():
        raise ValueError(f"{path.relative_to(root)} exists already")
    messages, _legacy = read_source(root / "raati" / "i18n.py")
    _write(path, merged(lang, messages, None), None)
    return path


def status(root: Path = ROOT) -> list[tuple[str, int, int, int]]:
    """(lang, keys, translated, unreviewed) for every catalogue."""
    messages, _legacy = read_source(root / "raati" / "i18n.py")
    rows = []
    for lang in languages(root):
        cat = _read(_po_path(root, lang))
        good = [m for m in cat if m.id and m.string and not m.fuzzy and m.context in messages]
        unreviewed = sum(1 for m in good if any(c.startswith("unreviewed")
                                                 for c in m.user_comments))
        rows.append((lang, len(messages), len(good), unreviewed))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to work on")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("update", help="update the .pot and every .po from raati/i18n.py")
    up.add_argument("--keep-source", action="store_true",
                    help="copy old-form translations but leave raati/i18n.py as it is")
    sub.add_parser("check", help="exit 1 if update would change anything")
    add = sub.add_parser("add", help="start the catalogue of a new language")
    add.add_argument("lang")
    sub.add_parser("status", help="translated and unreviewed texts per language")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            written = update(args.root, rewrite_source=not args.keep_source)
            for path in written:
                print(f"updated {path.relative_to(args.root)}")
            if not written:
                print("catalogues up to date")
        elif args.command == "check":
            problems = check(args.root)
            for line in problems:
                print(line, file=sys.stderr)
            if problems:
                print("run: .venv/bin/python scripts/i18n.py update", file=sys.stderr)
                return 1
            print("catalogues up to date")
        elif args.command == "add":
            path = add_language(args.lang, args.root)
            print(f"created {path.relative_to(args.root)}; translate it and add "
                  f"{args.lang!r} to CLIENT_LANGUAGES in raati/i18n.py")
        else:
            for lang, total, done, unreviewed in status(args.root):
                print(f"{lang}\t{done}/{total} translated\t{unreviewed} unreviewed")
    except (OSError, ValueError, SyntaxError) as exc:
        print(f"i18n: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
