"""Where a survey comes from (issue 15): the survey folder's files (``--defs`` /
``RAATI_DEFS``, contract §1) and the surveys stored in the database (made in the builder
or brought in with ``raati survey import``), with one validator for both.

Rules:

- **Which one is used.** A stored survey and a file with the same id: the stored one is
  used (it is what staff published last); the file is listed as not used
  (``Catalog.shadowed``), and every list of surveys says so.
- **Versions.** Publishing makes a new version, numbered 1, 2, …; a response keeps the
  version it was given to (``responses.survey_version``). A file survey's version stays
  the short hash of its bytes.
- **Meaning.** A new version may not change what stored answers mean
  (:func:`meaning_changes`): a question with answers cannot be removed or change its
  type, an option or a 1–4/4–10 value with answers cannot go, a comment box with
  comments cannot be removed. Rewording is allowed.
- **Pictures** of a stored version live in the database; they are written once to
  ``<database folder>/survey_pictures/<id>/v<version>/`` (or ``draft-<token>``) with a
  LICENSES.md listing each picture's licence and author, so every page and report finds
  them as files, as a file survey's.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

import yaml

from raati.store import Store
from raati.surveys import (
    GRADE_VALUES,
    LIKERT_VALUES,
    Survey,
    SurveyError,
    parse_survey,
    read_yaml_bytes,
    survey_files,
    validate_files,
)

PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}


@dataclass(frozen=True)
class SurveySource:
    """Where the catalog's survey ``id`` comes from: ``kind`` "file" (``file`` is its
    path) or "stored" (``version`` its newest version, ``archived``: no new rounds).
    ``shadowed_file``: a file with the same id that is not used."""

    kind: str
    file: Path | None = None
    version: int | None = None
    archived: bool = False
    shadowed_file: Path | None = None


@dataclass(frozen=True)
class Catalog:
    """Every survey by id, the problems of broken files or versions (one line each;
    a broken one never takes the others down) and where each survey comes from."""

    surveys: dict[str, Survey]
    problems: list[str] = field(default_factory=list)
    sources: dict[str, SurveySource] = field(default_factory=dict)

    @property
    def shadowed(self) -> dict[str, Path]:
        """{survey id: the file of that id that is not used (the stored one is)}."""
        return {sid: s.shadowed_file for sid, s in self.sources.items() if s.shadowed_file}

    def open_for_rounds(self) -> dict[str, Survey]:
        """The surveys a new round may use: all but archived stored ones."""
        return {sid: s for sid, s in self.surveys.items()
                if not self.sources.get(sid, SurveySource("file")).archived}


def pictures_root(store: Store) -> Path:
    """The folder stored pictures are written to: beside the database file; for a
    PostgreSQL database, a folder of its own (named by a digest of its address) under
    the app server's files folder (Store.files_dir), written anew on each server."""
    if store.path is not None:
        return store.path.parent / "survey_pictures"
    tag = hashlib.sha256(store.key.encode("utf-8")).hexdigest()[:12]
    return store.files_dir / "survey_pictures" / f"pg-{tag}"


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _licences_md(rows: list[tuple[str, object]]) -> str:
    lines = ["# Pictures of a survey stored in Raati", "",
             "| file | source | author | licence |", "|---|---|---|---|"]
    for path, pic in rows:
        cell = [str(v).replace("|", "/").replace("\n", " ")
                for v in (PurePosixPath(path).name, pic.source, pic.author, pic.licence)]
        lines.append(f"| `{cell[0]}` | {cell[1]} | {cell[2]} | {cell[3]} |")
    return "\n".join(lines) + "\n"


def materialize_pictures(store: Store, folder: Path, pictures: dict[str, str]) -> Path:
    """Write the stored pictures ``{path: sha256}`` under ``folder`` (each at its path,
    once: a file already there with the right bytes is kept) and a LICENSES.md beside
    each; return ``folder``. A path leaving the folder or a picture missing from the
    store is skipped (validation then names it as missing)."""
    root = folder.resolve()
    by_dir: dict[Path, list] = {}
    for rel, sha in sorted(pictures.items()):
        target = (folder / rel).resolve()
        if PurePosixPath(rel).is_absolute() or root not in target.parents:
            continue
        pic = store.picture(sha)
        if pic is None:
            continue
        if not (target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == sha):
            _write_atomically(target, pic.data)
        by_dir.setdefault(target.parent, []).append((rel, pic))
    for parent, rows in by_dir.items():
        text = _licences_md(rows).encode("utf-8")
        licences = parent / "LICENSES.md"
        if not licences.is_file() or licences.read_bytes() != text:
            _write_atomically(licences, text)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parse_definition(store: Store, definition: str, pictures: dict[str, str],
                     folder: Path, name: str, survey_id: str | None = None) -> Survey:
    """A stored definition as a Survey: its pictures written to ``folder``, then
    validated as a file would be (raati.surveys.parse_survey; with ``survey_id`` its
    ``id`` must be that). Raises SurveyError with one line per problem, each starting
    with ``name``."""
    data, problems = read_yaml_bytes(definition.encode("utf-8"), name)
    if problems:
        raise SurveyError(problems)
    materialize_pictures(store, folder, pictures)
    survey = parse_survey(data, name, folder, stem=survey_id)
    return replace(survey, picture_dir=folder)


@lru_cache(maxsize=256)
def _stored_version(db_path: str, survey_id: str, version: int, digest: str,
                    files: str) -> Survey:
    # ``files``: where the pictures are written (part of the key: RAATI_FILES_DIR).
    store = Store(db_path)
    row = store.survey_version(survey_id, version)
    folder = pictures_root(store) / survey_id / f"v{version}"
    survey = parse_definition(store, row.definition, row.pictures, folder,
                              f"{survey_id} (version {version})", survey_id)
    return replace(survey, version=str(version))


def stored_survey(store: Store, survey_id: str, version: int | None = None) -> Survey:
    """Version ``version`` (None: the newest) of a stored survey, parsed once per
    process. Raises SurveyError when there is none or it no longer validates."""
    row = store.survey_version(survey_id, version)
    if row is None:
        which = "any version" if version is None else f"version {version}"
        raise SurveyError([f"survey '{survey_id}': the database has no {which} of it"])
    digest = hashlib.sha256((row.definition + json.dumps(row.pictures, sort_keys=True))
                            .encode("utf-8")).hexdigest()
    return _stored_version(store.spec, survey_id, row.version, digest,
                           str(pictures_root(store)))


def load_catalog(defs_dir: str | Path, store: Store | None) -> Catalog:
    """The surveys of the survey folder and the store (see the module's rules). A
    missing folder is a problem line, not an error: the stored surveys still load."""
    defs = Path(defs_dir)
    surveys: dict[str, Survey] = {}
    sources: dict[str, SurveySource] = {}
    problems: list[str] = []
    if defs.is_dir():
        good, problems = validate_files(survey_files(defs), defs)
        for s in good:
            surveys[s.id] = s
            sources[s.id] = SurveySource("file", file=s.path)
    else:
        problems = [f"{defs}: the survey folder does not exist"]
    if store is None:
        return Catalog(surveys, problems, sources)
    for row in store.stored_surveys():
        if not row.version:
            continue  # only a draft: not answerable yet
        try:
            survey = stored_survey(store, row.id, row.version)
        except SurveyError as exc:
            problems.extend(exc.problems)
            continue
        shadowed = sources[row.id].file if row.id in sources else None
        surveys[row.id] = survey
        sources[row.id] = SurveySource("stored", version=row.version, archived=row.archived,
                                       shadowed_file=shadowed)
    return Catalog(dict(sorted(surveys.items())), problems, sources)


def find_survey(defs_dir: str | Path, store: Store | None, survey_id: str) -> Survey:
    """The survey ``survey_id``: the stored one if the store has it, else its file in
    ``defs_dir`` (raati.surveys.find_survey). Raises SurveyError naming what exists."""
    from raati.surveys import find_survey as find_file_survey

    if store is not None and store.survey_version(survey_id) is not None:
        return stored_survey(store, survey_id)
    try:
        return find_file_survey(defs_dir, survey_id)
    except SurveyError as exc:
        if store is None:
            raise
        stored = [s.id for s in store.stored_surveys() if s.version]
        if not stored:
            raise
        raise SurveyError([exc.problems[0].rstrip(")") + "; stored: "
                           + ", ".join(stored) + ")"]) from None


# -- meaning-change rules ---------------------------------------------------------------


def meaning_changes(new: Survey, facts: dict[str, dict], old: Survey | None,
                    name: str) -> list[str]:
    """Why ``new`` would change what stored answers mean, one line each (empty: it may
    be published). ``facts`` are the store's answers of the survey
    (Store.stored_answer_facts); ``old`` the definition in use now, if any (its types).

    Refused (issue 15, "a change that would change the meaning of stored answers"):
    removing a question that has answers; changing the type of a question that has
    answers; removing an option that was chosen; a value stored for a likert (1–4) or
    grade (4–10) question that the new type would not allow; removing the comment box
    of a question that has comments. Rewording texts, adding questions and options,
    and reordering are allowed."""
    lines: list[str] = []
    position = {q.id: i for i, q in enumerate(new.questions, start=1)}
    for qid, f in sorted(facts.items()):
        if not f["answers"] and not f["comments"]:
            continue
        q = new.question(qid)
        if q is None:
            what = (f"{f['answers']} stored answers" if f["answers"]
                    else f"{f['comments']} stored comments")
            lines.append(f"{name}: questions: '{qid}' has {what}; removing it would drop"
                         " them from results and exports. Keep the question (you can make"
                         " it optional and reword it), or start a new survey.")
            continue
        where = f"{name}: questions[{position[qid]}] ({qid})"
        old_q = old.question(qid) if old else None
        if f["answers"] and old_q is not None and old_q.type != q.type:
            lines.append(f"{where}: type: has {f['answers']} stored answers as {old_q.type};"
                         f" as {q.type} they would mean something else. Add a new question"
                         " (a new id) instead.")
            continue
        if f["comments"] and not q.comment:
            lines.append(f"{where}: comment: has {f['comments']} stored comments; the"
                         " comment box cannot be removed.")
        values = f["values"]
        if q.type in ("choice", "multi"):
            gone = sorted(v for v in values if v not in q.option_ids)
            for v in gone:
                times = "once" if values[v] == 1 else f"{values[v]} times"
                lines.append(f"{where}: options: '{v}' was chosen {times};"
                             " removing it would change what those answers mean. Keep the"
                             " option (you can reword its label).")
        elif q.type in ("likert", "grade"):
            allowed = {str(v) for v in (LIKERT_VALUES if q.type == "likert" else GRADE_VALUES)}
            bad = sorted(v for v in values if v not in allowed)
            if bad:
                lines.append(f"{where}: type: stored answers {', '.join(bad)} are not"
                             f" {q.type} values; add a new question (a new id) instead.")
    return lines


# -- import, publish, export ------------------------------------------------------------


def _picture_paths(data: dict) -> list[str]:
    paths = []
    for q in data.get("questions") or []:
        if isinstance(q, dict):
            if isinstance(q.get("picture"), str):
                paths.append(q["picture"])
            for o in q.get("options") or []:
                if isinstance(o, dict) and isinstance(o.get("picture"), str):
                    paths.append(o["picture"])
    return list(dict.fromkeys(paths))


@dataclass(frozen=True)
class Published:
    survey: Survey
    version: int
    shadowed_file: Path | None  # a survey-folder file of the same id, no longer used
    unchanged: bool = False  # the same text and pictures as the newest version: not stored


def publish(store: Store, defs_dir: str | Path, definition: str, pictures: dict[str, str],
            *, expected_version: int | None = None, name: str | None = None) -> Published:
    """Validate ``definition`` (§1 YAML whose picture paths are keys of ``pictures``,
    stored pictures' SHA-256) and the meaning-change rules against the stored answers,
    then store it as the survey's next version. Raises SurveyError with every problem
    (nothing stored) or StoreError (someone published in between)."""
    data, problems = read_yaml_bytes(definition.encode("utf-8"), name or "survey")
    if problems:
        raise SurveyError(problems)
    sid = data.get("id") if isinstance(data, dict) else None
    name = name or (sid if isinstance(sid, str) else "survey")
    with tempfile.TemporaryDirectory() as tmp:
        survey = parse_definition(store, definition, pictures, Path(tmp), name)
    catalog = load_catalog(defs_dir, store)
    old = catalog.surveys.get(survey.id)
    lines = meaning_changes(survey, store.stored_answer_facts(survey.id), old, name)
    if lines:
        raise SurveyError(lines)
    used = {p: pictures[p] for p in _picture_paths(data) if p in pictures}
    source = catalog.sources.get(survey.id)
    shadowed = source.file if source and source.kind == "file" else (
        source.shadowed_file if source else None)
    newest = store.survey_version(survey.id)
    if newest and newest.definition == definition and newest.pictures == used:
        return Published(stored_survey(store, survey.id), newest.version, shadowed, True)
    version = store.publish_survey_version(survey.id, definition, used,
                                           expected_version=expected_version)
    return Published(stored_survey(store, survey.id, version), version, shadowed)


def import_file(store: Store, defs_dir: str | Path, path: str | Path,
                licence: str = "", author: str = "") -> Published:
    """``raati survey import FILE.yaml``: the file validated (its pictures found
    relative to the file's folder) and stored as a new version with its pictures.
    A picture's licence and author come from a LICENSES.md beside it (the shipped
    pictures' table), else from ``licence``/``author``; without either the import is
    refused. Raises SurveyError (nothing stored)."""
    from raati.surveys import load_survey

    path = Path(path)
    load_survey(path, path.parent)  # the contract's checks, pictures included
    text = path.read_bytes().decode("utf-8-sig")
    data, _ = read_yaml_bytes(text.encode("utf-8"), path.name)
    pictures: dict[str, str] = {}
    problems = []
    for rel in _picture_paths(data):
        file = path.parent / rel
        meta = library_metadata(file)
        lic = meta.get("licence") or licence
        by = meta.get("author") or author
        if not lic or not by:
            problems.append(f"{path.name}: picture '{rel}': no licence and author known"
                            " (a LICENSES.md row beside it, or --licence and --author)")
            continue
        mime = PICTURE_TYPES.get(file.suffix.lower())
        if mime is None:
            problems.append(f"{path.name}: picture '{rel}': not an SVG, PNG, JPEG, WebP or"
                            " GIF file")
            continue
        pictures[rel] = store.put_picture(file.read_bytes(), mime, licence=lic, author=by,
                                          alt=meta.get("alt", {}),
                                          source=meta.get("source", ""))
    if problems:
        raise SurveyError(problems)
    return publish(store, defs_dir, text, pictures, name=path.name)


_ROW = re.compile(r"^\|\s*`(?P<file>[^`]+)`\s*\|(?P<rest>.*)\|\s*$")


def library_metadata(file: Path) -> dict:
    """A picture's licence, author and source from the LICENSES.md table beside it
    (the shipped OpenMoji table: file, package, original file, annotation, author,
    licence, attribution; or the table materialize_pictures writes), else {}."""
    licences = file.parent / "LICENSES.md"
    if not licences.is_file():
        return {}
    for line in licences.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m or m["file"] != file.name:
            continue
        cells = [c.strip() for c in m["rest"].split("|")]
        if len(cells) >= 6:  # the OpenMoji table
            return {"source": f"{cells[0]} {cells[1]}".replace("`", ""),
                    "author": cells[3], "licence": cells[4]}
        if len(cells) == 3:  # materialize_pictures' table
            return {"source": cells[0], "author": cells[1], "licence": cells[2]}
    return {}


LICENCES_NAME = "LICENSES.md"


def export(store: Store | None, defs_dir: str | Path, survey_id: str) -> tuple[str, dict[str, bytes]]:
    """``raati survey export``: the survey's current definition as §1 YAML text and its
    files {path relative to the YAML file: bytes}: its pictures, and beside them a
    LICENSES.md naming each picture's source, author and licence (what ``survey import``
    reads, so an export imports again as it was). A stored survey gives its newest
    version's text as published; a file survey its file. Raises SurveyError."""
    survey = find_survey(defs_dir, store, survey_id)
    rows: list[tuple[str, object]] = []
    files: dict[str, bytes] = {}
    if survey.path is not None:
        text = survey.path.read_bytes().decode("utf-8-sig")
        base = survey.picture_dir or survey.path.parent
        data, _ = read_yaml_bytes(text.encode("utf-8"), survey.path.name)
        for rel in _picture_paths(data):
            if (base / rel).is_file():
                files[rel] = (base / rel).read_bytes()
                meta = library_metadata(base / rel)
                if meta.get("licence"):
                    rows.append((rel, _Credit(meta.get("source", ""), meta.get("author", ""),
                                              meta["licence"])))
    else:
        assert store is not None
        row = store.survey_version(survey_id)
        text = row.definition
        for rel, sha in row.pictures.items():
            pic = store.picture(sha)
            if pic is not None:
                files[rel] = pic.data
                rows.append((rel, pic))
    by_dir: dict[str, list] = {}
    for rel, credit in rows:
        by_dir.setdefault(str(PurePosixPath(rel).parent), []).append((rel, credit))
    for folder, credits in by_dir.items():
        files[str(PurePosixPath(folder) / LICENCES_NAME)] = _licences_md(credits).encode("utf-8")
    return text, files


@dataclass(frozen=True)
class _Credit:
    source: str
    author: str
    licence: str


def merge_licences(existing: str, new: str) -> str:
    """A LICENSES.md already in the folder an export writes to, with the rows of ``new``
    whose files it does not list yet added at the end (nothing is removed)."""
    listed = {m["file"] for line in existing.splitlines() if (m := _ROW.match(line))}
    extra = [line for line in new.splitlines()
             if (m := _ROW.match(line)) and m["file"] not in listed]
    if not extra:
        return existing
    return existing.rstrip("\n") + "\n" + "\n".join(extra) + "\n"


def load_definition(text: str) -> dict:
    """A definition's YAML text (a working copy, a stored version or a validated file)
    as the builder's plain data, every localized string a mapping (survey_builder
    .normalize); {} for an empty text or one that is not a mapping. The text's cost was
    checked where it came in (read_yaml_bytes); libyaml reads it."""
    from raati.survey_builder import normalize

    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) \
        if text.strip() else {}
    return normalize(data) if isinstance(data, dict) else {}


def dump_definition(data: dict) -> str:
    """A survey definition (the builder's plain data) as §1 YAML text: keys in the
    contract's order as given, Unicode kept, no line wrapping of long texts."""
    out = io.StringIO()
    yaml.dump(data, out, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
              allow_unicode=True, sort_keys=False, width=10_000)
    return out.getvalue()


def draft_survey(store: Store, draft) -> tuple[Survey | None, list[str]]:
    """The builder's working copy (a raati.store.surveys.SurveyDraft) as a Survey, its
    pictures written to ``survey_pictures/<id>/draft-<preview token>/``, and no
    problems; or None and one line per problem (the validator's messages, each starting
    with the survey's id). Its ``version`` is "draft"."""
    folder = pictures_root(store) / draft.survey / f"draft-{draft.preview_token}"
    try:
        survey = parse_definition(store, draft.definition, draft.pictures, folder,
                                  draft.survey, draft.survey)
    except SurveyError as exc:
        return None, exc.problems
    return replace(survey, version="draft"), []


# -- the builder's working copies --------------------------------------------------------


def _file_pictures(store: Store, base: Path, data: dict, name: str) -> dict[str, str]:
    """The pictures of a survey file put into the store: {path: sha256}. Raises
    SurveyError naming each picture without a known licence and author."""
    pictures: dict[str, str] = {}
    problems = []
    for rel in _picture_paths(data):
        file = base / rel
        meta = library_metadata(file)
        mime = PICTURE_TYPES.get(file.suffix.lower())
        if not file.is_file() or mime is None or not meta.get("licence") \
                or not meta.get("author"):
            problems.append(f"{name}: picture '{rel}': no licence and author known (a"
                            " LICENSES.md row beside it)")
            continue
        pictures[rel] = store.put_picture(file.read_bytes(), mime, licence=meta["licence"],
                                          author=meta["author"], alt={},
                                          source=meta.get("source", ""))
    if problems:
        raise SurveyError(problems)
    return pictures


def library_alts(defs_dir: str | Path) -> dict[str, dict[str, str]]:
    """{picture path: its text alternative per language} of the picture library."""
    from raati import pictures as library

    return {p.path: p.alt for p in library.library(Path(defs_dir))}


def start_draft(store: Store, defs_dir: str | Path, survey_id: str):
    """The builder's working copy of ``survey_id``: the one waiting, else a new one made
    of the survey's current version (a stored survey's text and pictures, or a file's,
    its pictures then stored with their licences), its pictures without a text
    alternative given the library's. Raises SurveyError."""
    from raati import survey_builder as sb

    draft = store.survey_draft(survey_id)
    if draft is not None:
        return draft
    row = store.survey_version(survey_id)
    if row is not None:
        text, pictures, based_on = row.definition, row.pictures, row.version
    else:
        survey = find_survey(defs_dir, store, survey_id)
        text, based_on = survey.path.read_bytes().decode("utf-8-sig"), 0
        data, problems = read_yaml_bytes(text.encode("utf-8"), survey.path.name)
        if problems:
            raise SurveyError(problems)
        pictures = _file_pictures(store, survey.picture_dir or survey.path.parent, data,
                                  survey.path.name)
    data = load_definition(text)
    if sb.missing_alt_texts(data):  # written anew only then: the text keeps its comments
        text = dump_definition(sb.fill_alt_texts(data, library_alts(defs_dir)))
    return store.save_survey_draft(survey_id, text, pictures, based_on)


def new_draft(store: Store, defs_dir: str | Path, survey_id: str, definition: str,
              pictures: dict[str, str]):
    """A working copy of a new survey ``survey_id``. Raises SurveyError when a survey
    (a file, a stored one or a draft) already has that id."""
    taken = set(load_catalog(defs_dir, store).surveys) | {s.id for s in store.stored_surveys()}
    if survey_id in taken:
        raise SurveyError([f"survey '{survey_id}': the id is already used"])
    return store.save_survey_draft(survey_id, definition, pictures, 0)


def template_definition(store: Store, defs_dir: str | Path, template_id: str
                        ) -> tuple[dict, dict[str, str]]:
    """A survey's current definition as plain data and its pictures stored
    ({path: sha256}): what a new survey made from it as a template starts with."""
    row = store.survey_version(template_id)
    if row is not None:
        return load_definition(row.definition), dict(row.pictures)
    survey = find_survey(defs_dir, store, template_id)  # validated, so safe to load
    data = load_definition(survey.path.read_bytes().decode("utf-8-sig"))
    return data, _file_pictures(store, survey.picture_dir or survey.path.parent, data,
                                survey.path.name)


def picture_name(stem: str, extension: str, taken) -> str:
    """A picture path for the working copy: ``pictures/<stem><extension>`` with a
    Finnish-friendly file name, numbered when taken."""
    from raati.survey_builder import slug, unique_id

    base = slug(stem, re.compile(r"^[a-z0-9_-]{1,60}$"), 60) or "kuva"
    names = {PurePosixPath(p).stem for p in taken if PurePosixPath(p).suffix == extension}
    return f"pictures/{unique_id(base, names, 60)}{extension}"


def create_draft(store: Store, defs_dir: str | Path, title: str, survey_id: str = "",
                 template: str = "", lang: str = "fi") -> str:
    """A new survey's working copy: empty (one 1–4 question, raati.survey_builder
    .new_definition) or a copy of ``template`` (its pictures stored, their text
    alternatives from the picture library); ``title`` in the default language; the id
    ``survey_id`` or one made of the title, numbered when taken. Returns the id.
    Raises survey_builder.BuildError (a bad id or title) or SurveyError (id taken, a
    template picture without a licence)."""
    from raati import survey_builder as sb

    title = title.strip()
    taken = set(load_catalog(defs_dir, store).surveys) | {s.id for s in store.stored_surveys()}
    sid = survey_id.strip() or sb.unique_id(sb.slug(title) or "kysely", taken)
    if template:
        data, pictures = template_definition(store, defs_dir, template)
        data = sb.fill_alt_texts(sb.from_template(data, sid), library_alts(defs_dir))
        if title:
            data["title"] = {sb.languages(data)[0]: title}
    else:
        data, pictures = sb.new_definition(sid, title, lang), {}
    new_draft(store, defs_dir, sid, dump_definition(data), pictures)
    return sid
