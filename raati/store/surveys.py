"""The store's part for surveys made or imported in the app (issue 15): published
versions, the builder's working copies (drafts) and the pictures they use.

A version is the survey's definition as contract §1 YAML text plus a map from each
``picture`` path in it (``pictures/kuuntelu.svg``) to a stored picture's SHA-256. Pictures
are stored once by content, with their licence, author and text alternative. Versions
are never changed once published; a draft is what staff edit until they publish it.
Dates only, never a time of day; who did what is in the audit log (the caller writes it).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass

from raati import config

_SURVEY_ID = re.compile(r"^[a-z0-9-]{2,40}$")  # raati.surveys.SURVEY_ID_RE
_SHA = re.compile(r"^[0-9a-f]{64}$")
MAX_DEFINITION_BYTES = 1_000_000  # raati.surveys.MAX_YAML_BYTES
MAX_PICTURE_BYTES = 2_000_000  # raati.pictures.MAX_UPLOAD_BYTES


@dataclass(frozen=True)
class StoredSurvey:
    """A survey the store holds: its id, whether it is archived (no new rounds), the
    number of its newest published version (0 = only a draft so far) and that
    version's date, and whether a draft is waiting."""

    id: str
    archived: bool
    version: int
    published_on: str | None
    has_draft: bool


@dataclass(frozen=True)
class SurveyVersion:
    survey: str
    version: int
    definition: str  # §1 YAML
    pictures: dict[str, str]  # picture path -> sha256
    published_on: str


@dataclass(frozen=True)
class SurveyDraft:
    survey: str
    definition: str  # §1 YAML, possibly not (yet) valid
    pictures: dict[str, str]
    preview_token: str  # unguessable: the preview answer page's link
    based_on: int  # the version it was started from, 0 = a new survey
    updated_on: str


@dataclass(frozen=True)
class StoredPicture:
    sha256: str
    mime: str
    data: bytes
    licence: str
    author: str
    alt: dict[str, str]
    source: str


class SurveyStore:
    """Stored surveys in the store (mixed into :class:`raati.store.Store`)."""

    @staticmethod
    def _check_survey_id(survey: str) -> None:
        from raati.store import StoreError

        if not isinstance(survey, str) or not _SURVEY_ID.match(survey):
            raise StoreError(f"survey {survey!r}: an id is 2..40 of a-z, 0-9 and -")

    @staticmethod
    def _check_version_parts(definition: str, pictures: dict[str, str]) -> None:
        from raati.store import StoreError

        if len(definition.encode("utf-8")) > MAX_DEFINITION_BYTES:
            raise StoreError(f"a survey definition is at most {MAX_DEFINITION_BYTES:,} bytes")
        for path, sha in pictures.items():
            if not isinstance(path, str) or not isinstance(sha, str) or not _SHA.match(sha):
                raise StoreError(f"picture {path!r}: not a stored picture's SHA-256")

    @staticmethod
    def _note_survey_change(db) -> None:
        """Move the surveys' revision (see survey_revision) inside the caller's
        transaction."""
        db.execute("INSERT INTO maintenance (key, value) VALUES ('survey_revision', '1')"
                   " ON CONFLICT (key) DO UPDATE SET"
                   " value = CAST(CAST(maintenance.value AS INTEGER) + 1 AS TEXT)")

    def survey_revision(self) -> int:
        """A number that grows with every publish, archive, restore and delete of a
        stored survey, from any process: what caches of the survey list are keyed by.
        Drafts do not move it (they are never answered)."""
        with self._read() as db:
            row = db.execute("SELECT value FROM maintenance WHERE key = 'survey_revision'"
                             ).fetchone()
        return int(row[0]) if row else 0

    # -- pictures ----------------------------------------------------------------------

    def put_picture(self, data: bytes, mime: str, *, licence: str, author: str,
                    alt: dict[str, str], source: str = "") -> str:
        """Store a picture's bytes (checked by the caller: raati.pictures.check_upload)
        with its licence, author, text alternative per language and source; return its
        SHA-256 (hex). The same bytes stored again keep their first licence and author.
        Raises StoreError for empty or too large data or a missing licence or author."""
        from raati.store import StoreError

        if not data or len(data) > MAX_PICTURE_BYTES:
            raise StoreError(f"a picture is 1..{MAX_PICTURE_BYTES:,} bytes")
        if not licence.strip() or not author.strip():
            raise StoreError("a picture needs its licence and author")
        sha = hashlib.sha256(data).hexdigest()
        with self._write() as db:
            db.execute("INSERT INTO survey_pictures (sha256, mime, data, licence, author,"
                       " alt, source) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       [sha, mime, data, licence.strip(), author.strip(),
                        json.dumps(alt, ensure_ascii=False, sort_keys=True), source])
        return sha

    def picture(self, sha256: str) -> StoredPicture | None:
        """The stored picture with this SHA-256, or None."""
        with self._read() as db:
            row = db.execute("SELECT sha256, mime, data, licence, author, alt, source FROM"
                             " survey_pictures WHERE sha256 = ?", [sha256]).fetchone()
        if not row:
            return None
        return StoredPicture(row[0], row[1], bytes(row[2]), row[3], row[4],
                             json.loads(row[5] or "{}"), row[6])

    # -- versions ----------------------------------------------------------------------

    def stored_surveys(self) -> list[StoredSurvey]:
        """Every survey the store holds (published or only drafted), by id."""
        with self._read() as db:
            rows = db.execute(
                "SELECT s.id, s.archived, v.version, v.published_on,"
                " EXISTS (SELECT 1 FROM survey_drafts d WHERE d.survey = s.id)"
                " FROM (SELECT id, archived FROM stored_surveys UNION"
                "       SELECT survey, 0 FROM survey_drafts"
                "       WHERE survey NOT IN (SELECT id FROM stored_surveys)) s"
                " LEFT JOIN survey_versions v ON v.survey = s.id AND v.version ="
                "   (SELECT max(version) FROM survey_versions WHERE survey = s.id)"
                " ORDER BY s.id").fetchall()
        return [StoredSurvey(r[0], bool(r[1]), r[2] or 0, r[3], bool(r[4])) for r in rows]

    def survey_version(self, survey: str, version: int | None = None) -> SurveyVersion | None:
        """Version ``version`` of a stored survey (None: the newest), or None."""
        sql = ("SELECT survey, version, definition, pictures, published_on FROM"
               " survey_versions WHERE survey = ?")
        params: list = [survey]
        if version is None:
            sql += " ORDER BY version DESC LIMIT 1"
        else:
            sql += " AND version = ?"
            params.append(version)
        with self._read() as db:
            row = db.execute(sql, params).fetchone()
        if not row:
            return None
        return SurveyVersion(row[0], row[1], row[2], json.loads(row[3]), row[4])

    def survey_versions(self, survey: str) -> list[SurveyVersion]:
        """Every published version of ``survey``, oldest first."""
        with self._read() as db:
            rows = db.execute("SELECT survey, version, definition, pictures, published_on"
                              " FROM survey_versions WHERE survey = ? ORDER BY version",
                              [survey]).fetchall()
        return [SurveyVersion(r[0], r[1], r[2], json.loads(r[3]), r[4]) for r in rows]

    def publish_survey_version(self, survey: str, definition: str,
                               pictures: dict[str, str], today: str | None = None,
                               *, expected_version: int | None = None) -> int:
        """Store a new version of ``survey`` (checked by the caller:
        raati.survey_catalog.publish) and remove its draft; return the version's number
        (1 for a new survey). With ``expected_version``, refuse (StoreError) when the
        newest version is no longer that one: someone else published in between.
        Raises StoreError for a bad id, a picture not stored, or a too large text."""
        from raati.store import StoreError

        self._check_survey_id(survey)
        self._check_version_parts(definition, pictures)
        day = today or config.today().isoformat()
        with self._write() as db:
            newest = db.execute("SELECT coalesce(max(version), 0) FROM survey_versions"
                                " WHERE survey = ?", [survey]).fetchone()[0]
            if expected_version is not None and newest != expected_version:
                raise StoreError(f"survey {survey}: version {newest} was published meanwhile;"
                                 f" this change was made on version {expected_version}")
            missing = [p for p, sha in pictures.items() if not db.execute(
                "SELECT 1 FROM survey_pictures WHERE sha256 = ?", [sha]).fetchone()]
            if missing:
                raise StoreError(f"survey {survey}: pictures not stored: {', '.join(missing)}")
            db.execute("INSERT INTO stored_surveys (id, archived, created_on)"
                       " VALUES (?, 0, ?) ON CONFLICT DO NOTHING", [survey, day])
            db.execute("INSERT INTO survey_versions (survey, version, definition, pictures,"
                       " published_on) VALUES (?, ?, ?, ?, ?)",
                       [survey, newest + 1, definition,
                        json.dumps(pictures, sort_keys=True), day])
            db.execute("DELETE FROM survey_drafts WHERE survey = ?", [survey])
            self._note_survey_change(db)
        return newest + 1

    def set_survey_archived(self, survey: str, archived: bool) -> bool:
        """Archive a stored survey (no new rounds; its results stay) or bring it back;
        True if it changed."""
        with self._write() as db:
            cur = db.execute("UPDATE stored_surveys SET archived = ? WHERE id = ? AND"
                             " archived != ?", [int(archived), survey, int(archived)])
            if cur.rowcount:
                self._note_survey_change(db)
            return cur.rowcount == 1

    def delete_stored_survey(self, survey: str) -> None:
        """Delete a stored survey, its versions and its draft. Refused (StoreError) when
        it has responses or rounds: those need their definition (archive it instead)."""
        from raati.store import StoreError

        with self._write() as db:
            responses = db.execute("SELECT count(*) FROM responses WHERE survey = ?",
                                   [survey]).fetchone()[0]
            if responses:
                raise StoreError(f"survey {survey}: has {responses} responses; archive it"
                                 " instead of deleting")
            rounds = db.execute("SELECT count(*) FROM rounds WHERE survey = ?",
                                [survey]).fetchone()[0]
            if rounds:
                raise StoreError(f"survey {survey}: has {rounds} rounds; archive it instead"
                                 " of deleting")
            db.execute("DELETE FROM survey_drafts WHERE survey = ?", [survey])
            db.execute("DELETE FROM survey_versions WHERE survey = ?", [survey])
            db.execute("DELETE FROM stored_surveys WHERE id = ?", [survey])
            self._note_survey_change(db)

    def stored_answer_facts(self, survey: str) -> dict[str, dict]:
        """What the stored answers of ``survey`` hold, for the meaning-change rules
        (raati.survey_catalog.meaning_changes): {question id: {"answers": n (responses
        with a value), "comments": n, "values": {value: n}}}; the values only of answers
        of at most 40 characters (likert, grade and option ids; a free text's own words
        are never needed)."""
        facts: dict[str, dict] = {}
        join = "FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.survey = ?"
        with self._read() as db:
            totals = db.execute(f"SELECT a.question, a.kind, count(DISTINCT a.response_id)"
                                f" {join} GROUP BY 1, 2", [survey]).fetchall()
            values = db.execute(f"SELECT a.question, a.value, count(*) {join} AND"
                                " a.kind = 'value' AND length(a.value) <= 40 GROUP BY 1, 2",
                                [survey]).fetchall()
        for question, kind, people in totals:
            f = facts.setdefault(question, {"answers": 0, "comments": 0, "values": {}})
            f["comments" if kind == "comment" else "answers"] = people
        for question, value, n in values:
            facts[question]["values"][value] = n
        return facts

    # -- drafts ------------------------------------------------------------------------

    def save_survey_draft(self, survey: str, definition: str, pictures: dict[str, str],
                          based_on: int, today: str | None = None) -> SurveyDraft:
        """Keep the builder's working copy of ``survey`` (created on first save, with an
        unguessable preview token that stays for the draft's life). Raises StoreError
        for a bad id or a too large text."""
        self._check_survey_id(survey)
        self._check_version_parts(definition, pictures)
        day = today or config.today().isoformat()
        with self._write() as db:
            db.execute(
                "INSERT INTO survey_drafts (survey, definition, pictures, preview_token,"
                " based_on, updated_on) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (survey) DO"
                " UPDATE SET definition = excluded.definition, pictures = excluded.pictures,"
                " updated_on = excluded.updated_on",
                [survey, definition, json.dumps(pictures, sort_keys=True),
                 secrets.token_urlsafe(16), based_on, day])
        draft = self.survey_draft(survey)
        assert draft is not None
        return draft

    def _draft_where(self, where: str, value: str) -> SurveyDraft | None:
        with self._read() as db:
            row = db.execute("SELECT survey, definition, pictures, preview_token, based_on,"
                             f" updated_on FROM survey_drafts WHERE {where} = ?",
                             [value]).fetchone()
        if not row:
            return None
        return SurveyDraft(row[0], row[1], json.loads(row[2]), row[3], row[4], row[5])

    def survey_draft(self, survey: str) -> SurveyDraft | None:
        """The working copy of ``survey``, or None."""
        return self._draft_where("survey", survey)

    def survey_draft_by_preview(self, token: str) -> SurveyDraft | None:
        """The working copy whose preview link carries ``token``, or None."""
        if not isinstance(token, str) or not 10 <= len(token) <= 64:
            return None
        return self._draft_where("preview_token", token)

    def discard_survey_draft(self, survey: str) -> bool:
        """Throw the working copy away; True if there was one."""
        with self._write() as db:
            return db.execute("DELETE FROM survey_drafts WHERE survey = ?",
                              [survey]).rowcount == 1
