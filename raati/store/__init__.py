"""The response store: the only module that speaks SQL.

Embedded SQLite through sqlite-utils: schema by migrations, WAL, a busy timeout, and one
small ``BEGIN IMMEDIATE`` transaction per write (one response = one transaction).

Privacy by construction: no table has a column for an IP address, user agent, device or
time of day; responses carry the date only. Responses and answers are ``WITHOUT ROWID``
tables keyed by a random response id, so not even SQLite's hidden rowid keeps the order in
which people answered (that order, next to the date, could tell who sat at the tablet).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import re
import secrets
import sqlite3
import string
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from raati import config
from raati.store.backend import PgDatabase, Target, dialect, parse_target
from raati.store.pg_schema import ORDER_SENSITIVE_TABLES, PG_MIGRATIONS
from raati.store.sql import sql_in

BUSY_TIMEOUT_MS = 5000
# PostgreSQL advisory lock keys (64-bit, database-wide): one writer at a time across every
# app process, as SQLite's BEGIN IMMEDIATE gives on one machine; the migrations; the
# hourly jobs (raati.maintenance).
PG_WRITE_LOCK = 0x52414154_49000001
PG_MIGRATE_LOCK = 0x52414154_49000002
PG_POOL_SIZE = 10  # connections per app process (RAATI_PG_POOL)
PG_CONNECT_TIMEOUT_S = 5  # a server that does not answer is an error, not a hang
# How long a request waits for a pooled PostgreSQL connection (all busy, or the server
# unreachable) before psycopg_pool.PoolTimeout: a client pressing "Lähetä vastaus"
# should hear within seconds that it did not work (and keep the answers to send again),
# not stare at a greyed-out button for half a minute.
PG_CHECKOUT_TIMEOUT_S = 8
WAL_SIZE_LIMIT = 8 * 2**20  # bytes
UNIT_ID_RE = re.compile(r"^[a-z0-9-]{1,40}$")
TOKEN_ALPHABET = string.ascii_letters + string.digits
TOKEN_LENGTH = 12  # 62^12 ≈ 3·10^21: not guessable, still short in a QR code

migrations = Migrations("raati")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE units (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_on TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            survey TEXT NOT NULL,
            unit TEXT NOT NULL REFERENCES units(id),
            name TEXT NOT NULL DEFAULT '',
            opens TEXT NOT NULL,
            closes TEXT,
            expected INTEGER CHECK (expected IS NULL OR expected > 0),
            created_on TEXT NOT NULL
        )"""
    )
    # Date only, never a time of day; no IP, user agent or device columns exist.
    db.execute(
        """
        CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            survey TEXT NOT NULL,
            survey_version TEXT NOT NULL DEFAULT '',
            round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
            unit TEXT REFERENCES units(id),
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            lang TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID"""
    )
    # One row per answered item; a multi question has one row per chosen option.
    # kind: 'value' for the answer itself, 'comment' for its "Kerro lisää" text.
    db.execute(
        """
        CREATE TABLE answers (
            response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
            question TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('value', 'comment')),
            value TEXT NOT NULL,
            PRIMARY KEY (response_id, question, kind, value)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX responses_survey_date ON responses(survey, date)")
    db.execute("CREATE INDEX answers_question ON answers(question, kind)")
    db.execute("CREATE INDEX rounds_survey ON rounds(survey, unit)")


@migrations()
def m002_accounts(db: sqlite_utils.Database) -> None:
    # Staff accounts. Clients never have one. Passwords only as argon2id hashes; an
    # account from single sign-on has sso_subject instead.
    db.execute(
        """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'developer-client')),
            password_hash TEXT,
            must_change INTEGER NOT NULL DEFAULT 0,
            disabled INTEGER NOT NULL DEFAULT 0,
            sso_subject TEXT UNIQUE,
            created_on TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE user_units (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            unit TEXT NOT NULL,
            PRIMARY KEY (user_id, unit)
        )"""
    )
    # Staff login sessions (a hash of the browser's session cookie, never the cookie).
    db.execute(
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at REAL NOT NULL,
            last_seen REAL NOT NULL
        )"""
    )
    # Failed logins per account and per browser, for growing delays and lockouts.
    db.execute(
        """
        CREATE TABLE login_failures (
            key TEXT PRIMARY KEY,
            failures INTEGER NOT NULL,
            locked_until REAL NOT NULL
        )"""
    )
    # What staff did to data. Staff actions carry a time; client answers never do.
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("ALTER TABLE rounds ADD COLUMN text_retention_days INTEGER"
               " CHECK (text_retention_days IS NULL OR text_retention_days >= 0)")
    db.execute("ALTER TABLE rounds ADD COLUMN texts_purged_on TEXT")


@migrations()
def m003_kiosk(db: sqlite_utils.Database) -> None:
    # Kiosk mode for a shared tablet: the thank-you screen returns to the start after
    # kiosk_thanks_s seconds, an unfinished answer is cleared after kiosk_idle_s
    # seconds without a touch, and only staff with the PIN leave kiosk mode.
    db.execute("ALTER TABLE rounds ADD COLUMN kiosk INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE rounds ADD COLUMN kiosk_thanks_s INTEGER NOT NULL DEFAULT 15"
               " CHECK (kiosk_thanks_s BETWEEN 1 AND 600)")
    db.execute("ALTER TABLE rounds ADD COLUMN kiosk_idle_s INTEGER NOT NULL DEFAULT 120"
               " CHECK (kiosk_idle_s BETWEEN 5 AND 3600)")
    db.execute("ALTER TABLE rounds ADD COLUMN kiosk_pin_hash TEXT")


@migrations()
def m004_moderation(db: sqlite_utils.Database) -> None:
    # Staff decide on every free text before anyone else sees it: approved (with the
    # text as shown: personal data masked, possibly edited) or hidden. No row = waiting.
    db.execute(
        """
        CREATE TABLE moderation (
            response_id TEXT NOT NULL,
            question TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('value', 'comment')),
            status TEXT NOT NULL CHECK (status IN ('approved', 'hidden')),
            shown_text TEXT NOT NULL DEFAULT '',
            moderator TEXT NOT NULL,
            decided_on TEXT NOT NULL,
            PRIMARY KEY (response_id, question, kind),
            FOREIGN KEY (response_id) REFERENCES responses(id) ON DELETE CASCADE
        ) WITHOUT ROWID"""
    )


@migrations()
def m005_maintenance(db: sqlite_utils.Database) -> None:
    # Housekeeping state, one value per key: when the file was last compacted (a date),
    # how many response writes happened since, and whether a closed round asks for a
    # compaction now. Nothing here is about a person.
    db.execute(
        """
        CREATE TABLE maintenance (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


@migrations()
def m006_published_blocks(db: sqlite_utils.Database) -> None:
    # What the results show of each block (unit, period) and item (a question, or ''
    # for the respondents): a snapshot that moves on only when at least min_group more
    # people are in it, so no two states differ by fewer (analysis.views.publish).
    # Counts only, never a text or a response id.
    db.execute(
        """
        CREATE TABLE published_blocks (
            survey TEXT NOT NULL,
            unit TEXT NOT NULL,
            period TEXT NOT NULL,
            item TEXT NOT NULL,
            n INTEGER NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (survey, unit, period, item)
        ) WITHOUT ROWID"""
    )


@migrations()
def m007_kiosk_token_and_bursts(db: sqlite_utils.Database) -> None:
    # Kiosk mode (answer again and again on one device) only through a link staff were
    # given: the round's kiosk token, separate from its answer token.
    db.execute("ALTER TABLE rounds ADD COLUMN kiosk_token TEXT")
    for (round_id,) in db.execute("SELECT id FROM rounds").fetchall():
        db.execute("UPDATE rounds SET kiosk_token = ? WHERE id = ?", [_new_token(), round_id])
    # Unusual bursts of answers to a round, per day (for staff); nothing about a person.
    db.execute(
        """
        CREATE TABLE round_bursts (
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            refused INTEGER NOT NULL,
            PRIMARY KEY (round_id, date)
        ) WITHOUT ROWID"""
    )


@migrations()
def m008_device_cookies(db: sqlite_utils.Database) -> None:
    # Staff browsers that have logged in (OWASP "device cookies"): the SHA-256 of the
    # random cookie only, bound to one staff account. Failed logins from such a browser
    # count in its own bucket, so that guessing from elsewhere cannot lock staff out.
    # Staff accounts only; clients never log in and never get one.
    db.execute(
        """
        CREATE TABLE device_cookies (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            created_at REAL NOT NULL
        )"""
    )
    db.execute("CREATE INDEX device_cookies_user ON device_cookies (user_id, created_at)")


@migrations()
def m009_tallies(db: sqlite_utils.Database) -> None:
    # Issue 10 (speed). answers_question(question, kind) served no query and doubled the
    # B-tree inserts of every answer; the rounds page counts responses per round.
    db.execute("DROP INDEX IF EXISTS answers_question")
    db.execute("CREATE INDEX IF NOT EXISTS responses_round ON responses(round_id)")
    # Running counts per block (unit, period, language), kept in the same transaction as
    # every write of responses, so results need not count millions of answer rows.
    # Counts and dates only: no response id, no order, no time of day. A free-text
    # question's answers are counted under the value '' (the text is never copied).
    db.execute(
        """
        CREATE TABLE tally_blocks (
            survey TEXT NOT NULL,
            unit TEXT NOT NULL,
            period TEXT NOT NULL,
            lang TEXT NOT NULL,
            n INTEGER NOT NULL,
            first_date TEXT NOT NULL,
            last_date TEXT NOT NULL,
            PRIMARY KEY (survey, unit, period, lang)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE tally_answers (
            survey TEXT NOT NULL,
            unit TEXT NOT NULL,
            period TEXT NOT NULL,
            lang TEXT NOT NULL,
            question TEXT NOT NULL,
            value TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (survey, unit, period, lang, question, value)
        ) WITHOUT ROWID"""
    )
    # For questions with several values per response (multi): the sum over responses of
    # (values given - 1), so that responses answering = sum of counts - surplus.
    db.execute(
        """
        CREATE TABLE tally_surplus (
            survey TEXT NOT NULL,
            unit TEXT NOT NULL,
            period TEXT NOT NULL,
            lang TEXT NOT NULL,
            question TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (survey, unit, period, lang, question)
        ) WITHOUT ROWID"""
    )
    # Surveys whose tallies are complete (rebuilt from the answers once, then kept);
    # '*' = all of them: the database had no responses when the tallies began.
    db.execute("CREATE TABLE tally_surveys (survey TEXT PRIMARY KEY) WITHOUT ROWID")
    if not db.execute("SELECT 1 FROM responses LIMIT 1").fetchone():
        db.execute("INSERT INTO tally_surveys (survey) VALUES ('*')")


@migrations()
def m010_settings(db: sqlite_utils.Database) -> None:
    # Issue 11: settings an admin changes in the app, one value per key (today the public
    # address of answer links and QR codes, raati.config.BASE_URL_SETTING). Who changed
    # what, and when, is in the audit log. Nothing here is about a client.
    db.execute(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


@migrations()
def m011_panels(db: sqlite_utils.Database) -> None:
    # Issue 12, contract §5: client panel sessions. Dates only, never times. Ideas have
    # random ids in WITHOUT ROWID tables, so neither an id nor SQLite's rowid keeps the
    # order in which people wrote; ``shown`` is the order in which staff let ideas onto
    # the shared screen. Which device wrote an idea or placed a dot is kept only while
    # the session is open (panel_devices, panel_idea_authors, panel_votes; they enforce
    # the dot limit and let a phone come back) and deleted when it closes.
    db.execute(
        """
        CREATE TABLE panels (
            id INTEGER PRIMARY KEY,
            unit TEXT NOT NULL REFERENCES units(id),
            title TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            phase TEXT NOT NULL,
            votes_per_person INTEGER NOT NULL,
            max_per_idea INTEGER NOT NULL,
            moderation TEXT NOT NULL,
            opened TEXT NOT NULL,
            closed TEXT,
            participants INTEGER NOT NULL DEFAULT 0,
            prompts TEXT NOT NULL DEFAULT '[]',
            themes TEXT NOT NULL DEFAULT '[]',
            survey TEXT,
            round_id INTEGER REFERENCES rounds(id) ON DELETE SET NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE panel_devices (
            panel_id INTEGER NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
            device TEXT NOT NULL,
            PRIMARY KEY (panel_id, device)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE panel_ideas (
            id INTEGER PRIMARY KEY,
            panel_id INTEGER NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            status TEXT NOT NULL,
            source TEXT NOT NULL,
            grp TEXT,
            shown INTEGER,
            votes INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX panel_ideas_panel ON panel_ideas (panel_id)")
    db.execute(
        """
        CREATE TABLE panel_idea_authors (
            idea_id INTEGER PRIMARY KEY REFERENCES panel_ideas(id) ON DELETE CASCADE,
            panel_id INTEGER NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
            device TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE panel_votes (
            panel_id INTEGER NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
            device TEXT NOT NULL,
            idea_id INTEGER NOT NULL REFERENCES panel_ideas(id) ON DELETE CASCADE,
            dots INTEGER NOT NULL,
            PRIMARY KEY (panel_id, device, idea_id)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE panel_proposals (
            id INTEGER PRIMARY KEY,
            panel_id INTEGER NOT NULL REFERENCES panels(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            ideas TEXT NOT NULL DEFAULT '[]'
        )"""
    )


@migrations()
def m012_panel_kiosk_and_retention(db: sqlite_utils.Database) -> None:
    # Issue 12: a session's kiosk link (its own token, as a round's: only the workshop's
    # shared tablet gets "Seuraava henkilö", which gives each person fresh dots), and the
    # retention of its idea texts as for survey free text: deleted the given number of
    # days after the session closes (the tallies, groups and proposals stay).
    db.execute("ALTER TABLE panels ADD COLUMN kiosk_token TEXT")
    db.execute("ALTER TABLE panels ADD COLUMN text_retention_days INTEGER"
               " CHECK (text_retention_days BETWEEN 0 AND 3650)")
    db.execute("ALTER TABLE panels ADD COLUMN texts_purged_on TEXT")
    # Whether the join code still shows the results after the session closed (staff
    # choose; by default the closed session only thanks and shows its proposals).
    db.execute("ALTER TABLE panels ADD COLUMN results_public INTEGER NOT NULL DEFAULT 0")
    for (panel_id,) in db.execute("SELECT id FROM panels").fetchall():
        db.execute("UPDATE panels SET kiosk_token = ? WHERE id = ?",
                   [_new_token(), panel_id])


@migrations()
def m013_actions(db: sqlite_utils.Database) -> None:
    # Issue 13, contract §6: "you said, we did". Staff records (not clients' answers), so
    # ordinary ids and dates; still dates only, never times. The history keeps every
    # change as a dated entry (who changed it is in the audit log).
    db.execute(
        """
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            unit TEXT NOT NULL REFERENCES units(id),
            said TEXT NOT NULL,
            did TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('received', 'planned', 'in_progress', 'done', 'not_possible')),
            public INTEGER NOT NULL DEFAULT 1,
            responsible TEXT,
            due TEXT,
            picture TEXT,
            panel_id INTEGER REFERENCES panels(id) ON DELETE SET NULL,
            proposal_id INTEGER REFERENCES panel_proposals(id) ON DELETE SET NULL,
            survey TEXT,
            question TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            done_on TEXT
        )"""
    )
    db.execute("CREATE INDEX actions_unit ON actions (unit)")
    db.execute("CREATE INDEX actions_proposal ON actions (proposal_id)")
    db.execute(
        """
        CREATE TABLE action_history (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            date TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (action_id, seq)
        ) WITHOUT ROWID"""
    )


@migrations()
def m014_action_ids_never_reused(db: sqlite_utils.Database) -> None:
    # Issue 13, found by a user walk: an action's id, once given, never names another
    # action (links, CSV exports and the audit log refer to ids), so the table is rebuilt
    # with AUTOINCREMENT; its counter starts above every id the table or the audit log
    # ("action N") has seen, so an id deleted before this migration is not given again
    # either. Each history entry gets ``changed``, the fields its change changed
    # (raati.actions.HISTORY_FIELDS, comma-separated). For the entries before it this is
    # what can be told: a status other than the entry before means "status"; the same
    # status without a note was a change of "did" (the only other change that wrote an
    # entry); the first entry (the recording) and a note alone name none.
    #
    # The connection has foreign keys on (an implicit DELETE of a dropped parent table
    # would cascade), so the history is copied aside and dropped before its parent.
    db.execute("CREATE TABLE action_history_old AS SELECT * FROM action_history")
    db.execute("DROP TABLE action_history")
    db.execute("ALTER TABLE actions RENAME TO actions_old")
    db.execute(
        """
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit TEXT NOT NULL REFERENCES units(id),
            said TEXT NOT NULL,
            did TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('received', 'planned', 'in_progress', 'done', 'not_possible')),
            public INTEGER NOT NULL DEFAULT 1,
            responsible TEXT,
            due TEXT,
            picture TEXT,
            panel_id INTEGER REFERENCES panels(id) ON DELETE SET NULL,
            proposal_id INTEGER REFERENCES panel_proposals(id) ON DELETE SET NULL,
            survey TEXT,
            question TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            done_on TEXT
        )"""
    )
    columns = ("id, unit, said, did, status, public, responsible, due, picture, panel_id,"
               " proposal_id, survey, question, created, updated, done_on")
    db.execute(f"INSERT INTO actions ({columns}) SELECT {columns} FROM actions_old")
    db.execute("DROP TABLE actions_old")  # its indexes go with it
    db.execute("CREATE INDEX actions_unit ON actions (unit)")
    db.execute("CREATE INDEX actions_proposal ON actions (proposal_id)")
    db.execute(
        """
        CREATE TABLE action_history (
            action_id INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            date TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            changed TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (action_id, seq)
        ) WITHOUT ROWID"""
    )
    rows, before = [], None
    for action_id, seq, date, status, note in db.execute(
            "SELECT action_id, seq, date, status, note FROM action_history_old"
            " ORDER BY action_id, seq").fetchall():
        changed = ""
        if before is not None and before[0] == action_id:
            changed = "status" if status != before[1] else "" if note else "did"
        rows.append((action_id, seq, date, status, note, changed))
        before = (action_id, status)
    if rows:
        _insert_many(db.conn, "INSERT INTO action_history (action_id, seq, date, status,"
                     " note, changed)", rows)
    db.execute("DROP TABLE action_history_old")
    seen = db.execute(
        "SELECT max(coalesce((SELECT max(id) FROM actions), 0), coalesce((SELECT"
        " max(CAST(substr(target, 8) AS INTEGER)) FROM audit_log WHERE action = 'action'"
        " AND target GLOB 'action [0-9]*'), 0))").fetchone()[0]
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'actions'")
    if seen:
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('actions', ?)", [seen])


@migrations()
def m015_theme_marks(db: sqlite_utils.Database) -> None:
    # Issue 14, item 2: themes a developer-client group or staff marked "to discuss": the
    # unit, the survey, the question and the date only (who marked it: the audit log).
    db.execute(
        """
        CREATE TABLE theme_marks (
            unit TEXT NOT NULL REFERENCES units(id) ON DELETE CASCADE,
            survey TEXT NOT NULL,
            question TEXT NOT NULL,
            marked_on TEXT NOT NULL,
            PRIMARY KEY (unit, survey, question)
        ) WITHOUT ROWID"""
    )


@migrations()
def m016_stored_surveys(db: sqlite_utils.Database) -> None:
    # Issue 15: surveys made or imported in the app. A version is §1 YAML text and the
    # map of its picture paths to stored pictures; published versions never change.
    # Dates only. Who published or edited: the audit log.
    db.execute(
        """
        CREATE TABLE stored_surveys (
            id TEXT PRIMARY KEY,
            archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
            created_on TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE survey_versions (
            survey TEXT NOT NULL REFERENCES stored_surveys(id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version > 0),
            definition TEXT NOT NULL,
            pictures TEXT NOT NULL DEFAULT '{}',
            published_on TEXT NOT NULL,
            PRIMARY KEY (survey, version)
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE survey_drafts (
            survey TEXT PRIMARY KEY,
            definition TEXT NOT NULL,
            pictures TEXT NOT NULL DEFAULT '{}',
            preview_token TEXT NOT NULL UNIQUE,
            based_on INTEGER NOT NULL DEFAULT 0,
            updated_on TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute(
        """
        CREATE TABLE survey_pictures (
            sha256 TEXT PRIMARY KEY,
            mime TEXT NOT NULL,
            data BLOB NOT NULL,
            licence TEXT NOT NULL,
            author TEXT NOT NULL,
            alt TEXT NOT NULL DEFAULT '{}',
            source TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID"""
    )


@migrations()
def m017_presentations(db: sqlite_utils.Database) -> None:
    # Issue 16: running presentations (raati.store.presentations), so that both windows
    # of one follow the same slide when different app processes serve them. Staff's
    # things only: what the slides are built from, the kinds of the slides as last
    # built, the slide shown, the feedback round and when staff last used it.
    db.execute(
        """
        CREATE TABLE presentations (
            id TEXT PRIMARY KEY,
            unit TEXT NOT NULL,
            owner TEXT NOT NULL,
            survey TEXT NOT NULL,
            choice TEXT NOT NULL,
            kinds TEXT NOT NULL,
            slide INTEGER NOT NULL DEFAULT 0 CHECK (slide >= 0),
            built INTEGER NOT NULL DEFAULT 0,
            feedback_round INTEGER REFERENCES rounds(id) ON DELETE SET NULL,
            last_used REAL NOT NULL
        ) WITHOUT ROWID"""
    )


def _while_locked(conn: sqlite3.Connection, sql: str, step_s: float, tries: int = 20) -> None:
    """Run ``sql``, trying again while another connection holds the lock ("database is
    locked"), waiting step_s, 2·step_s … between tries; raises the last error after
    ``tries`` (or any other error at once)."""
    for attempt in range(tries):
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(step_s * (attempt + 1))


def _insert_many(conn: sqlite3.Connection, head: str, rows: list[tuple], tail: str = "",
                 per_statement: int = 100) -> None:
    """Insert ``rows`` (tuples of equal length) with ``head`` ("INSERT INTO t (a, b)")
    and ``tail`` (an ON CONFLICT clause), up to ``per_statement`` rows in one statement:
    a submit writes about a dozen answers and as many counts, and each statement costs
    more than its row (issue 10)."""
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        marks = "(" + ", ".join("?" * len(chunk[0])) + ")"
        conn.execute(f"{head} VALUES {', '.join([marks] * len(chunk))}{tail}",
                     [x for row in chunk for x in row])


def _close_pools_at_exit() -> None:
    Store.close_all()


atexit.register(_close_pools_at_exit)


def _new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


class StoreError(Exception):
    """Refused input for the store (unknown unit id, bad date...), with a sentence."""


class DuplicateRound(StoreError):
    """``open_round(..., refuse_duplicate=True)`` found a round of the same survey, unit
    and name opened today (a second press of the open button): ``round_id`` is that one."""

    def __init__(self, round_id: int):
        self.round_id = round_id
        super().__init__(f"round: an identical round ({round_id}) was opened today")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str


@dataclass(frozen=True)
class Round:
    id: int
    token: str
    survey: str
    unit: str
    name: str
    opens: str
    closes: str | None
    expected: int | None
    text_retention_days: int | None = None
    texts_purged_on: str | None = None
    kiosk: bool = False
    kiosk_thanks_s: int = 15
    kiosk_idle_s: int = 120
    kiosk_pin_hash: str | None = None
    kiosk_token: str | None = None

    def status(self, today: dt.date | None = None) -> str:
        """'open', 'not_yet_open' or 'closed' on ``today``."""
        day = (today or config.today()).isoformat()
        if self.closes and day > self.closes:
            return "closed"
        if day < self.opens:
            return "not_yet_open"
        return "open"


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    units: tuple[str, ...]
    must_change: bool
    disabled: bool
    password_hash: str | None
    sso_subject: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    target: str
    detail: str


@dataclass(frozen=True)
class LoginAttempt:
    """What Store.take_login_attempt decided: ``allowed`` (the password may be checked,
    the attempt is already counted) and ``locked``, each locked key with its seconds:
    when refused, how long each lock still holds; when allowed, the lock this attempt
    has set, should its password turn out wrong (keys without a lock are left out)."""

    allowed: bool
    locked: dict[str, float]


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # 'value' | 'comment'
    value: str


@dataclass(frozen=True)
class NewResponse:
    survey: str
    date: str
    lang: str
    answers: tuple[Answer, ...]
    survey_version: str = ""
    unit: str | None = None
    round_id: int | None = None
    id: str | None = None
    # The survey's free-text questions: counted in the tallies without their text.
    text_questions: frozenset[str] = frozenset()


def new_response_id() -> str:
    return uuid.uuid4().hex


ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: object) -> dt.date | None:
    """A strict YYYY-MM-DD date (Python alone would also take 20250301 or 2025-W10-1)."""
    if not isinstance(value, str) or not ISO_DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _check_date(value: str, what: str) -> str:
    day = parse_iso_date(value)
    if day is None:
        raise StoreError(f"{what}: '{value}' is not a date YYYY-MM-DD")
    return day.isoformat()


class _Pool:
    """Idle connections to one database file (one inode), reused across threads.

    Opening a connection and setting its PRAGMAs costs more than a small write (issue 10:
    raw inserts at 0.37× with a connection per operation). A connection is used by one
    thread at a time: taken for one operation, given back after it (Streamlit runs each
    rerun in a new thread, so per-thread connections would not be reused)."""

    def __init__(self, ino: tuple[int, int] | None):
        self.ino = ino
        # Each connection kept with its sqlite-utils wrapper (made once, not per use).
        self.idle: list[sqlite_utils.Database] = []
        self.units: set[str] = set()  # units known to exist in this file

    def close(self) -> None:
        while self.idle:
            self.idle.pop().conn.close()


class _PgPool:
    """A psycopg_pool.ConnectionPool to one PostgreSQL database (autocommit connections:
    each read statement sees the latest commit; writes open their own transaction),
    checked on checkout so a restarted or failed-over server is reconnected to."""

    def __init__(self, conninfo: str):
        import os

        from psycopg_pool import ConnectionPool

        size = int(os.environ.get("RAATI_PG_POOL") or PG_POOL_SIZE)
        self.pg = ConnectionPool(conninfo, min_size=1, max_size=max(1, size),
                                 kwargs={"autocommit": True,
                                         "connect_timeout": PG_CONNECT_TIMEOUT_S},
                                 open=True, name="raati",
                                 check=ConnectionPool.check_connection,
                                 timeout=PG_CHECKOUT_TIMEOUT_S)
        self.units: set[str] = set()

    def close(self) -> None:
        self.pg.close()


from raati.store.actions import ActionStore  # noqa: E402  (it uses the names above)
from raati.store.marks import MarkStore  # noqa: E402
from raati.store.panels import PanelStore  # noqa: E402
from raati.store.presentations import PresentationStore  # noqa: E402
from raati.store.surveys import SurveyStore  # noqa: E402


class Store(PanelStore, ActionStore, MarkStore, SurveyStore, PresentationStore):
    """Access to one Raati database file. Cheap to create and safe to share between
    Streamlit sessions (threads): each operation takes a pooled connection (at most
    MAX_IDLE kept per file, for the MAX_POOLS files used last) and gives it back."""

    _migrated: set[tuple[str, tuple[int, int] | None]] = set()
    _migrate_lock = threading.Lock()
    _pools: dict[str, _Pool] = {}
    _pg_pools: dict[str, _PgPool] = {}
    _pools_lock = threading.Lock()
    # One writer at a time per file within this process: a writer waiting here wakes as
    # soon as the one before commits, where SQLite's busy handler would sleep on in
    # growing steps (1, 2, 5, 10 … ms); writers of other processes still meet at
    # SQLite's own lock (BEGIN IMMEDIATE, busy_timeout).
    _writer_locks: dict[str, threading.RLock] = {}
    MAX_IDLE = 8
    MAX_POOLS = 8

    def __init__(self, target: str | Path | Target):
        """``target``: a file path or ``sqlite:///path`` (SQLite), or a
        ``postgresql://`` address (raati.store.backend.parse_target; ValueError for
        another scheme). The schema is brought up to date on first use."""
        self.target = parse_target(target)
        self.is_postgres = self.target.is_postgres
        # The SQLite file (None on PostgreSQL).
        self.path: Path | None = self.target.path
        self._key = self.target.key
        self._ensure_schema()

    @property
    def key(self) -> str:
        """Which database this is, within this process: the resolved file path or the
        PostgreSQL address (for cache keys; never printed: it may hold a password)."""
        return self._key

    @property
    def spec(self) -> str:
        """The setting that opens this database again (Store(spec)): the file path or the
        PostgreSQL address. It may hold a password: for cache keys and Store() within
        this process, never for printing (see label)."""
        return str(self.path) if self.path is not None else str(self.target.conninfo)

    @property
    def label(self) -> str:
        """The database as it may be shown: the file path, or the address without its
        password."""
        return self.target.label

    @property
    def files_dir(self) -> Path:
        """The folder for files made from the database (survey pictures): beside the
        SQLite file, or RAATI_FILES_DIR (default data/) on PostgreSQL, on each app
        server's own disk (they are written again from the database when missing)."""
        if self.path is not None:
            return self.path.parent
        return config.files_dir()

    # -- connections -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Deleted content is overwritten with zeros, not left in free space (the
        # default depends on how SQLite was built, so it is set on every connection).
        conn.execute("PRAGMA secure_delete = ON")
        # After a large import the WAL is cut back to 8 MB when SQLite resets it. Not to
        # nothing: regrowing the file after every checkpoint cost a third of the write
        # speed (issue 10), and its stale frames hold only writes since the last
        # compaction, whose order the database file shows anyway until then; compact()
        # cuts the WAL to zero bytes (wal_checkpoint(TRUNCATE)).
        conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
        return conn

    def _identity(self) -> tuple[int, int] | None:
        """Which file is at the path now: (device, inode), None if there is none. A file
        deleted and created anew cannot get the inode of the old one while a pooled
        connection still holds the old one open, so pooled connections never outlive
        their file."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_dev, st.st_ino)

    def _pool(self) -> _Pool | _PgPool:
        """This file's pool; a new one when the file was replaced (see _identity). On
        PostgreSQL the address's connection pool."""
        if self.is_postgres:
            # Kept apart from the SQLite pools, which are evicted beyond MAX_POOLS: a
            # PostgreSQL pool is closed only by close() / close_all().
            with self._pools_lock:
                pool = self._pg_pools.get(self._key)
                if pool is None:
                    pool = self._pg_pools[self._key] = _PgPool(self.target.conninfo)
                return pool
        ino = self._identity()
        with self._pools_lock:
            pool = self._pools.pop(self._key, None)
            if pool is not None and pool.ino != ino:
                pool.close()
                pool = None
            if pool is None:
                pool = _Pool(ino)
            self._pools[self._key] = pool  # most recently used last
            while len(self._pools) > self.MAX_POOLS:
                self._pools.pop(next(iter(self._pools))).close()
            return pool

    def _acquire(self, pool: _Pool | None = None) -> tuple[_Pool, sqlite_utils.Database]:
        pool = pool or self._pool()
        with self._pools_lock:
            db = pool.idle.pop() if pool.idle else None
        return pool, db or sqlite_utils.Database(self._connect(), execute_plugins=False)

    def _release(self, pool: _Pool, db: sqlite_utils.Database) -> None:
        if db.conn.in_transaction:
            db.conn.rollback()
        with self._pools_lock:
            if self._pools.get(self._key) is pool and len(pool.idle) < self.MAX_IDLE:
                pool.idle.append(db)
                return
        db.conn.close()

    def close(self) -> None:
        """Close this database's pooled connections (the next operation opens new ones)."""
        with self._pools_lock:
            pool = (self._pg_pools if self.is_postgres else self._pools).pop(self._key, None)
        if pool is not None:
            pool.close()

    @classmethod
    def close_all(cls) -> None:
        """Close every pooled connection (of every file). When the last connection to a
        file closes, SQLite checkpoints its WAL into it, so a plain copy of the file
        then holds everything (also run when the process exits). PostgreSQL pools too."""
        with cls._pools_lock:
            for pool in [*cls._pools.values(), *cls._pg_pools.values()]:
                pool.close()
            cls._pools.clear()
            cls._pg_pools.clear()

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite_utils.Database]:
        if self.is_postgres:
            with self._pool().pg.connection() as raw:
                yield PgDatabase(raw)
            return
        pool, db = self._acquire()
        try:
            yield db
        except BaseException:
            db.conn.close()  # a cursor may be left half-read: never hand it on
            raise
        else:
            self._release(pool, db)

    @contextlib.contextmanager
    def _write(self, pool: _Pool | None = None) -> Iterator[sqlite_utils.Database]:
        """One small write transaction, taken with BEGIN IMMEDIATE so that a writer never
        fails half-way on a lock upgrade; retried while another writer holds the lock.
        The connection is taken before the process's writer lock, so the lock is held
        only for the transaction itself."""
        with self._pools_lock:
            writer = self._writer_locks.setdefault(self._key, threading.RLock())
        if self.is_postgres:
            # One writer at a time across every process (an advisory lock held until
            # the transaction ends): the store's check-then-write steps (the dot limit,
            # a duplicate round, the moderation state) keep the meaning they have on
            # SQLite, where BEGIN IMMEDIATE gives the same.
            with (pool or self._pool()).pg.connection() as raw, writer, raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(%s)", [PG_WRITE_LOCK])
                yield PgDatabase(raw)
            return
        pool, db = self._acquire(pool)
        with writer:
            yield from self._write_locked(pool, db)

    def _write_locked(self, pool: _Pool, db: sqlite_utils.Database
                      ) -> Iterator[sqlite_utils.Database]:
        conn = db.conn
        try:
            _while_locked(conn, "BEGIN IMMEDIATE", 0.05)
            try:
                yield db
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        except BaseException:
            conn.close()
            raise
        self._release(pool, db)

    def _ensure_schema(self) -> None:
        if self.is_postgres:
            self._ensure_pg_schema()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ino = self._identity()
        if ino is not None and (self._key, ino) in self._migrated:
            return
        with self._migrate_lock:
            conn = self._connect()
            try:
                db = sqlite_utils.Database(conn, execute_plugins=False)
                db.execute("PRAGMA journal_mode = WAL")
                migrations.apply(db)
            finally:
                conn.close()
            self._migrated.add((self._key, self._identity()))

    def _ensure_pg_schema(self) -> None:
        """Apply the PostgreSQL migrations not yet applied (raati.store.pg_schema), each
        in its own transaction, under an advisory lock so that app processes starting
        together do not race."""
        if (self._key, None) in self._migrated:
            return
        import psycopg

        with self._migrate_lock, psycopg.connect(self.target.conninfo, autocommit=True) as raw:
            raw.execute("SELECT pg_advisory_lock(%s)", [PG_MIGRATE_LOCK])
            try:
                raw.execute("CREATE TABLE IF NOT EXISTS raati_migrations (name TEXT PRIMARY"
                            " KEY, applied_on TEXT NOT NULL)")
                done = {r[0] for r in raw.execute("SELECT name FROM raati_migrations")}
                for name, sql in PG_MIGRATIONS:
                    if name not in done:
                        with raw.transaction():
                            raw.execute(sql)
                            raw.execute("INSERT INTO raati_migrations (name, applied_on)"
                                        " VALUES (%s, %s)", [name, config.today().isoformat()])
            finally:
                raw.execute("SELECT pg_advisory_unlock(%s)", [PG_MIGRATE_LOCK])
        self._migrated.add((self._key, None))

    # -- units -------------------------------------------------------------------------

    def ensure_unit(self, unit_id: str, name: str | None = None) -> Unit:
        """The unit with this id, created on first use (its name defaults to the id)."""
        if not UNIT_ID_RE.match(unit_id or ""):
            raise StoreError(f"unit: '{unit_id}' must match [a-z0-9-]{{1,40}}")
        with self._write() as db:
            self._ensure_unit(db, unit_id, name)
            row = db.execute("SELECT id, name FROM units WHERE id = ?", [unit_id]).fetchone()
        return Unit(*row)

    @staticmethod
    def _ensure_unit(db: sqlite_utils.Database, unit_id: str, name: str | None = None) -> None:
        db.execute(
            "INSERT INTO units (id, name, created_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [unit_id, name or unit_id, config.today().isoformat()],
        )

    def rename_unit(self, unit_id: str, name: str) -> None:
        name = name.strip()
        if not name or len(name) > 100:
            raise StoreError("name: a unit's name must be 1..100 characters")
        with self._write() as db:
            cur = db.execute("UPDATE units SET name = ? WHERE id = ?", [name, unit_id])
            if cur.rowcount == 0:
                raise StoreError(f"unit: no unit '{unit_id}'")

    def units(self) -> list[Unit]:
        with self._read() as db:
            return [Unit(*r) for r in db.execute("SELECT id, name FROM units ORDER BY name, id")]

    # -- rounds ------------------------------------------------------------------------

    def open_round(
        self,
        survey: str,
        unit: str,
        *,
        name: str = "",
        opens: str | None = None,
        closes: str | None = None,
        expected: int | None = None,
        refuse_duplicate: bool = False,
    ) -> Round:
        """Open a collection round of ``survey`` at ``unit`` with a new unguessable token.
        With ``refuse_duplicate``, a round of the same survey, unit and name (after
        stripping spaces) created today raises :class:`DuplicateRound` instead; the
        check and the insert are one transaction, so two presses open one round."""
        if not UNIT_ID_RE.match(unit or ""):
            raise StoreError(f"unit: '{unit}' must match [a-z0-9-]{{1,40}}")
        opens = _check_date(opens, "opens") if opens else config.today().isoformat()
        if closes:
            closes = _check_date(closes, "closes")
            if closes < opens:
                raise StoreError(f"closes: {closes} is before the round opens ({opens})")
        if expected is not None and (isinstance(expected, bool) or expected < 1):
            raise StoreError("expected: the expected number of respondents must be 1 or more")
        token, kiosk_token = _new_token(), _new_token()
        with self._write() as db:
            if db.execute("SELECT 1 FROM stored_surveys WHERE id = ? AND archived = 1",
                          [survey]).fetchone():
                raise StoreError(f"survey {survey} is archived; restore it on the Kyselyt"
                                 " page to open rounds")
            if refuse_duplicate:
                same = db.execute(
                    "SELECT id FROM rounds WHERE survey = ? AND unit = ? AND name = ?"
                    " AND created_on = ? ORDER BY id DESC LIMIT 1",
                    [survey, unit, name.strip(), config.today().isoformat()]).fetchone()
                if same:
                    raise DuplicateRound(same[0])
            self._ensure_unit(db, unit)
            cur = db.execute(
                "INSERT INTO rounds (token, survey, unit, name, opens, closes, expected,"
                " created_on, kiosk_token) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [token, survey, unit, name.strip(), opens, closes, expected,
                 config.today().isoformat(), kiosk_token],
            )
            round_id = cur.fetchone()[0]
        return Round(round_id, token, survey, unit, name.strip(), opens, closes, expected,
                     kiosk_token=kiosk_token)

    _ROUND_COLUMNS = (
        "id, token, survey, unit, name, opens, closes, expected, text_retention_days,"
        " texts_purged_on, kiosk, kiosk_thanks_s, kiosk_idle_s, kiosk_pin_hash, kiosk_token"
    )

    def round_by_token(self, token: str) -> Round | None:
        if not isinstance(token, str) or not 1 <= len(token) <= 64:
            return None
        with self._read() as db:
            row = db.execute(
                f"SELECT {self._ROUND_COLUMNS} FROM rounds WHERE token = ?", [token]
            ).fetchone()
        return Round(*row) if row else None

    def round_by_id(self, round_id: int) -> Round | None:
        with self._read() as db:
            row = db.execute(
                f"SELECT {self._ROUND_COLUMNS} FROM rounds WHERE id = ?", [round_id]
            ).fetchone()
        return Round(*row) if row else None

    def rounds(self, survey: str | None = None) -> list[Round]:
        sql = f"SELECT {self._ROUND_COLUMNS} FROM rounds"
        params: list = []
        if survey:
            sql += " WHERE survey = ?"
            params.append(survey)
        sql += " ORDER BY opens DESC, id DESC"
        with self._read() as db:
            return [Round(*r) for r in db.execute(sql, params)]

    def close_round(self, round_id: int, on: str | None = None) -> None:
        """Close a round: from ``on`` (default today) its link takes no answers. The last
        day of answering becomes the day before ``on`` (an earlier end is kept); a round
        closed before it opened never opens."""
        day = parse_iso_date(_check_date(on, "closes")) if on else config.today()
        yesterday = (day - dt.timedelta(days=1)).isoformat()
        with self._write() as db:
            db.execute(
                "UPDATE rounds SET closes = CASE WHEN closes IS NOT NULL AND closes < ?"
                " THEN closes ELSE ? END WHERE id = ?",
                [yesterday, yesterday, round_id],
            )

    def reopen_round(self, round_id: int, closes: str | None = None) -> None:
        """Reopen a closed round: its link takes answers again until ``closes`` (the last
        day of answering, today or later; default None = no end date). A round whose
        first day is still ahead opens on that day. Raises StoreError for an unknown
        round or a ``closes`` before today or before the round opens."""
        today = config.today().isoformat()
        if closes is not None:
            closes = _check_date(closes, "closes")
            if closes < today:
                raise StoreError(f"closes: {closes} is in the past")
        with self._write() as db:
            row = db.execute("SELECT opens FROM rounds WHERE id = ?", [round_id]).fetchone()
            if row is None:
                raise StoreError(f"round: no round {round_id}")
            if closes is not None and closes < row[0]:
                raise StoreError(f"closes: {closes} is before the round opens ({row[0]})")
            db.execute("UPDATE rounds SET closes = ? WHERE id = ?", [closes, round_id])

    def round_response_counts(self) -> dict[int, int]:
        with self._read() as db:
            rows = db.execute(
                "SELECT round_id, count(*) FROM responses WHERE round_id IS NOT NULL"
                " GROUP BY round_id"
            )
            return dict(rows.fetchall())

    # -- responses ---------------------------------------------------------------------

    def submit_response(self, response: NewResponse) -> str:
        """Store one response and its answers in one small transaction; return its id."""
        response_id = response.id or new_response_id()
        date = _check_date(response.date, "date")
        # Everything computed before the write lock is taken: the lock is held only
        # for the statements themselves.
        rows = self._response_rows(response_id, response, date)
        tallies = self._tally_rows([(response, date)])
        pool = self._pool()
        with self._write(pool) as db:
            # A unit is never deleted: once known in this file, not inserted again.
            if response.unit and response.unit not in pool.units:
                self._ensure_unit(db, response.unit)
            self._insert_rows(db, *rows)
            self._insert_tallies(db, *tallies)
            self._note_writes(db, 1)
        if response.unit:
            pool.units.add(response.unit)
        return response_id

    @staticmethod
    def _response_rows(response_id: str, r: NewResponse, date: str) -> tuple[list, list]:
        return ([response_id, r.survey, r.survey_version, r.round_id, r.unit or None, date,
                 r.lang],
                [(response_id, a.question, a.kind, a.value) for a in r.answers])

    @staticmethod
    def _insert_rows(db, response_row: list, answer_rows: list) -> None:
        db.conn.execute(
            "INSERT INTO responses (id, survey, survey_version, round_id, unit, date, lang)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)", response_row)
        _insert_many(db.conn, "INSERT INTO answers (response_id, question, kind, value)",
                     answer_rows)

    @classmethod
    def _insert_response(cls, db, response_id: str, r: NewResponse, date: str) -> None:
        cls._insert_rows(db, *cls._response_rows(response_id, r, date))

    def existing_response_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Of ``ids``, those already stored, mapped to the survey they belong to."""
        with self._read() as db:
            return self._existing_ids(db, list(ids))

    @staticmethod
    def _existing_ids(db: sqlite_utils.Database, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                db.execute(f"SELECT id, survey FROM responses WHERE id IN ({marks})", chunk)
            )
        return found

    def import_responses(self, responses: list[NewResponse]) -> int:
        """Insert many already-validated responses all-or-nothing; skip ids already
        stored (import is idempotent by response id). Return how many were new."""
        with self._write() as db:
            # Checked inside the write transaction, so two imports at once cannot race.
            existing = self._existing_ids(db, [r.id for r in responses if r.id])
            new = [r for r in responses if r.id not in existing]
            for unit in sorted({r.unit for r in new if r.unit}):
                self._ensure_unit(db, unit)
            dated = [(r, _check_date(r.date, "date")) for r in new]
            for r, date in dated:
                self._insert_response(db, r.id, r, date)
            self._tally(db, dated)
            self._note_writes(db, len(new))
        return len(new)

    # -- tallies: running counts per block -------------------------------------------------

    @classmethod
    def _tally(cls, db: sqlite_utils.Database, items: list[tuple[NewResponse, str]]) -> None:
        """Add the responses ``items`` (response, its date) to the running counts of
        their blocks, inside the caller's write transaction."""
        cls._insert_tallies(db, *cls._tally_rows(items))

    @staticmethod
    def _tally_rows(items: list[tuple[NewResponse, str]]) -> tuple[list, list, list]:
        """The tally rows to add for ``items``: (blocks, values, surplus), see _tally."""
        blocks: dict[tuple, list] = {}
        values: dict[tuple, int] = {}
        surplus: dict[tuple, int] = {}
        for r, date in items:
            period = f"r{r.round_id}" if r.round_id is not None else date[:7]
            block = (r.survey, r.unit or "", period, r.lang)
            entry = blocks.setdefault(block, [0, date, date])
            entry[0] += 1
            entry[1], entry[2] = min(entry[1], date), max(entry[2], date)
            given: dict[str, int] = {}
            for a in r.answers:
                if a.kind != "value":
                    continue
                value = "" if a.question in r.text_questions else a.value
                key = (*block, a.question, value)
                values[key] = values.get(key, 0) + 1
                given[a.question] = given.get(a.question, 0) + 1
            for question, k in given.items():
                if k > 1:
                    surplus[(*block, question)] = surplus.get((*block, question), 0) + k - 1
        return ([(*b, n, first, last) for b, (n, first, last) in blocks.items()],
                [(*k, n) for k, n in values.items()],
                [(*k, n) for k, n in surplus.items()])

    @staticmethod
    def _insert_tallies(db: sqlite_utils.Database, blocks: list, values: list,
                        surplus: list) -> None:
        db.conn.executemany(
            "INSERT INTO tally_blocks (survey, unit, period, lang, n, first_date, last_date)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (survey, unit, period, lang) DO UPDATE"
            " SET n = tally_blocks.n + excluded.n, first_date = CASE WHEN"
            " excluded.first_date < tally_blocks.first_date THEN excluded.first_date ELSE"
            " tally_blocks.first_date END, last_date = CASE WHEN excluded.last_date >"
            " tally_blocks.last_date THEN excluded.last_date ELSE tally_blocks.last_date END",
            blocks)
        _insert_many(
            db.conn, "INSERT INTO tally_answers (survey, unit, period, lang, question, value, n)",
            values, " ON CONFLICT (survey, unit, period, lang, question, value) DO UPDATE"
            " SET n = tally_answers.n + excluded.n")
        if surplus:
            db.conn.executemany(
                "INSERT INTO tally_surplus (survey, unit, period, lang, question, n)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (survey, unit, period, lang, question)"
                " DO UPDATE SET n = tally_surplus.n + excluded.n", surplus)

    _PERIOD_SQL = "coalesce('r' || r.round_id, substr(r.date, 1, 7))"

    def _rebuild_tallies(self, db: sqlite_utils.Database, survey: str,
                         text_questions: Iterable[str]) -> None:
        """Count a survey's blocks anew from its answers (one pass per table), inside
        the caller's write transaction, and mark its tallies complete."""
        period = self._PERIOD_SQL
        for table in ("tally_blocks", "tally_answers", "tally_surplus"):
            db.execute(f"DELETE FROM {table} WHERE survey = ?", [survey])
        texts = sorted(set(text_questions))
        db.execute(
            "INSERT INTO tally_blocks (survey, unit, period, lang, n, first_date, last_date)"
            f" SELECT r.survey, coalesce(r.unit, ''), {period}, r.lang, count(*),"
            " min(r.date), max(r.date) FROM responses r WHERE r.survey = ? GROUP BY 1, 2, 3, 4",
            [survey])
        db.execute(
            "INSERT INTO tally_answers (survey, unit, period, lang, question, value, n)"
            f" SELECT r.survey, coalesce(r.unit, ''), {period}, r.lang, a.question,"
            f" CASE WHEN {sql_in('a.question', texts)} THEN '' ELSE a.value"
            " END, count(*) FROM answers a JOIN responses r ON r.id = a.response_id"
            " WHERE r.survey = ? AND a.kind = 'value' GROUP BY 1, 2, 3, 4, 5, 6",
            [*texts, survey])
        db.execute(
            "INSERT INTO tally_surplus (survey, unit, period, lang, question, n)"
            f" SELECT r.survey, coalesce(r.unit, ''), {period}, r.lang, m.question,"
            " sum(m.k - 1) FROM (SELECT response_id, question, count(*) AS k FROM answers"
            " WHERE kind = 'value' GROUP BY response_id, question HAVING count(*) > 1) m"
            " JOIN responses r ON r.id = m.response_id WHERE r.survey = ? GROUP BY 1, 2, 3, 4, 5",
            [survey])
        db.execute("INSERT INTO tally_surveys (survey) VALUES (?) ON CONFLICT DO NOTHING",
                   [survey])

    def rebuild_tallies(self, survey: str, text_questions: Iterable[str] = ()) -> None:
        """Recount the running counts of ``survey`` from its stored answers (after a
        change made outside Raati, say). ``text_questions``: its free-text questions,
        counted without their text."""
        with self._write() as db:
            self._rebuild_tallies(db, survey, text_questions)
            self._note_change(db)

    def _filter_sql(
        self,
        survey: str,
        unit: str | None = None,
        since: str | None = None,
        until: str | None = None,
        round_id: int | None = None,
        units: Iterable[str] | None = None,
    ) -> tuple[str, list]:
        where = ["r.survey = ?"]
        params: list = [survey]
        if unit:
            where.append("r.unit = ?")
            params.append(unit)
        if units is not None:  # only these units' responses (a staff member's units)
            units = list(units)
            where.append(sql_in("r.unit", units))
            params.extend(units)
        if since:
            where.append("r.date >= ?")
            params.append(_check_date(since, "since"))
        if until:
            where.append("r.date <= ?")
            params.append(_check_date(until, "until"))
        if round_id is not None:
            where.append("r.round_id = ?")
            params.append(round_id)
        return " AND ".join(where), params

    def count_responses(self, survey: str, **filters) -> int:
        """How many responses of ``survey`` match the filters (see _filter_sql). Without
        a date or units filter it is read from the running counts when they are
        complete (a sum over blocks: no scan of the responses)."""
        dated = filters.get("since") or filters.get("until") or filters.get("units") is not None
        if not dated:
            sql = "SELECT coalesce(sum(n), 0) FROM tally_blocks WHERE survey = ?"
            params: list = [survey]
            if filters.get("unit"):
                sql += " AND unit = ?"
                params.append(filters["unit"])
            if filters.get("round_id") is not None:
                sql += " AND period = ?"
                params.append(f"r{filters['round_id']}")
            with self._read() as db:
                complete = db.execute("SELECT 1 FROM tally_surveys WHERE survey IN (?, '*')",
                                      [survey]).fetchone()
                if complete:
                    return int(db.execute(sql, params).fetchone()[0])
        where, params = self._filter_sql(survey, **filters)
        with self._read() as db:
            return db.execute(f"SELECT count(*) FROM responses r WHERE {where}", params).fetchone()[0]

    def answer_counts(self, survey: str, **filters) -> dict[str, dict[str, int]]:
        """For each question: how many times each value was given (kind 'value')."""
        where, params = self._filter_sql(survey, **filters)
        counts: dict[str, dict[str, int]] = {}
        with self._read() as db:
            rows = db.execute(
                "SELECT a.question, a.value, count(*) FROM answers a"
                " JOIN responses r ON r.id = a.response_id"
                f" WHERE {where} AND a.kind = 'value' GROUP BY a.question, a.value",
                params,
            )
            for question, value, n in rows:
                counts.setdefault(question, {})[value] = n
        return counts

    def answered_counts(self, survey: str, **filters) -> dict[str, int]:
        """For each question: how many responses answered it (a multi question counts a
        response once, however many options it chose)."""
        where, params = self._filter_sql(survey, **filters)
        with self._read() as db:
            rows = db.execute(
                "SELECT a.question, count(DISTINCT a.response_id) FROM answers a"
                " JOIN responses r ON r.id = a.response_id"
                f" WHERE {where} AND a.kind = 'value' GROUP BY a.question",
                params,
            )
            return dict(rows.fetchall())

    def responses_with_answers(self, survey: str, **filters) -> Iterator[dict]:
        """Raw responses (staff only), ordered by date and then the random id — never in
        the order they were given. Each: id, survey, unit, date, lang, answers."""
        where, params = self._filter_sql(survey, **filters)
        with self._read() as db:
            current: dict | None = None
            rows = db.execute(
                "SELECT r.id, r.survey, r.unit, r.date, r.lang, a.question, a.kind, a.value"
                " FROM responses r LEFT JOIN answers a ON a.response_id = r.id"
                f" WHERE {where} ORDER BY r.date, r.id",
                params,
            )
            for rid, survey_id, unit, date, lang, question, kind, value in rows:
                if current is None or current["id"] != rid:
                    if current is not None:
                        yield current
                    current = {"id": rid, "survey": survey_id, "unit": unit or "",
                               "date": date, "lang": lang, "answers": []}
                if question is not None:
                    current["answers"].append(Answer(question, kind, value))
            if current is not None:
                yield current

    def block_counts(self, survey: str, multi_questions: Iterable[str] = (),
                     text_questions: Iterable[str] = ()) -> dict:
        """Everything the results views need, by block = (unit, period, language): the
        period is the round ("r12"), or the month for responses without a round.
        Returns {"respondents": {block: n}, "counts": {(block, question, value): n},
        "answered": {(block, question): n}, "dates": {(unit, period): (first, last)}}
        (answered only for multi questions; for the others it is the sum of their
        counts; dates are the first and last YYYY-MM-DD of the (unit, period) block).
        A free-text question (``text_questions``) is counted under the value ''.

        Read from the running counts (tally tables) kept with every write, so it takes
        milliseconds whatever the number of answers; in a database that had answers
        before the tallies began, the first call for a survey counts its answers once."""
        multi = set(multi_questions)
        out: dict = {"respondents": {}, "counts": {}, "answered": {}, "dates": {}}
        complete = "SELECT 1 FROM tally_surveys WHERE survey IN (?, '*')"
        with self._read() as db:
            ready = db.execute(complete, [survey]).fetchone()
        if not ready:
            with self._write() as db:
                if not db.execute(complete, [survey]).fetchone():
                    self._rebuild_tallies(db, survey, text_questions)
        with self._read() as db:
            for unit, per, lang, n, first, last in db.execute(
                    "SELECT unit, period, lang, n, first_date, last_date FROM tally_blocks"
                    " WHERE survey = ? AND n > 0", [survey]):
                out["respondents"][(unit, per, lang)] = n
                old = out["dates"].get((unit, per))
                out["dates"][(unit, per)] = (first, last) if old is None else (
                    min(old[0], first), max(old[1], last))
            counts = out["counts"]
            for unit, per, lang, question, value, n in db.execute(
                    "SELECT unit, period, lang, question, value, n FROM tally_answers"
                    " WHERE survey = ? AND n > 0", [survey]):
                counts[((unit, per, lang), question, value)] = n
            if multi:
                answered = out["answered"]
                for (block, question, _value), n in counts.items():
                    if question in multi:
                        answered[(block, question)] = answered.get((block, question), 0) + n
                for unit, per, lang, question, n in db.execute(
                        "SELECT unit, period, lang, question, n FROM tally_surplus"
                        " WHERE survey = ? AND n > 0", [survey]):
                    key = ((unit, per, lang), question)
                    if question in multi and key in answered:
                        answered[key] -= n
        return out

    def data_version(self) -> int:
        """A number that grows with every change of responses or answers (written,
        imported, purged, deleted; from any process): what caches of counts and texts
        are keyed by. Moderation decisions do not move it: they are never cached."""
        with self._read() as db:
            row = db.execute("SELECT value FROM maintenance WHERE key = 'data_version'"
                             ).fetchone()
        return int(row[0]) if row else 0

    def block_publications(self, survey: str) -> dict[tuple[str, str, str], tuple[int, dict]]:
        """The published state of each block item: (unit, period, item) -> (n, data), as
        saved by save_block_publications (item '' = the respondents)."""
        with self._read() as db:
            rows = db.execute("SELECT unit, period, item, n, data FROM published_blocks"
                              " WHERE survey = ?", [survey])
            return {(u, p, i): (n, json.loads(d)) for u, p, i, n, d in rows}

    def save_block_publications(self, survey: str,
                                changes: dict[tuple[str, str, str], tuple[int, dict] | None]
                                ) -> None:
        """Set (or with None remove) published block items in one transaction."""
        if not changes:
            return
        with self._write() as db:
            for (unit, period, item), value in changes.items():
                if value is None:
                    db.execute("DELETE FROM published_blocks WHERE survey = ? AND unit = ?"
                               " AND period = ? AND item = ?", [survey, unit, period, item])
                else:
                    db.execute(
                        "INSERT INTO published_blocks (survey, unit, period, item, n, data)"
                        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (survey, unit, period, item)"
                        " DO UPDATE SET n = excluded.n, data = excluded.data",
                        [survey, unit, period, item, value[0],
                         json.dumps(value[1], sort_keys=True)])

    def free_texts(self, survey: str, text_questions: Iterable[str],
                   units: Iterable[str] | None = None) -> list[dict]:
        """Every free text of a survey (text answers and comments) with where it came
        from, for moderation and text analysis. Each: response_id, question, kind,
        text, unit, period, lang."""
        where, params = self._filter_sql(survey, units=units)
        texts = sorted(set(text_questions))
        with self._read() as db:
            rows = db.execute(
                "SELECT a.response_id, a.question, a.kind, a.value, coalesce(r.unit, ''),"
                " coalesce('r' || r.round_id, substr(r.date, 1, 7)), r.lang"
                " FROM answers a JOIN responses r ON r.id = a.response_id"
                f" WHERE {where} AND (a.kind = 'comment' OR {sql_in('a.question', texts)})"
                " ORDER BY r.date, a.response_id",
                [*params, *texts])
            return [dict(zip(("response_id", "question", "kind", "text", "unit", "period",
                              "lang"), r, strict=True)) for r in rows]

    def moderation_state(self, survey: str) -> dict[tuple[str, str, str], tuple[str, str]]:
        """(response_id, question, kind) -> (status, shown text) of decided texts."""
        with self._read() as db:
            rows = db.execute(
                "SELECT m.response_id, m.question, m.kind, m.status, m.shown_text"
                " FROM moderation m JOIN responses r ON r.id = m.response_id"
                " WHERE r.survey = ?", [survey])
            return {(a, b, c): (d, e) for a, b, c, d, e in rows}

    _NOT_GIVEN = object()

    def moderate(self, response_id: str, question: str, kind: str, status: str,
                 shown_text: str, moderator: str, *, expect=_NOT_GIVEN) -> bool:
        """Approve (with the text as it will be shown) or hide one free text. With
        ``expect`` (the status the moderator saw: None = waiting, 'approved', 'hidden'),
        the decision is made only if the text is still in that state, so a second click
        on the same card, or a card another moderator decided meanwhile, changes
        nothing. Returns whether the decision was written."""
        if status not in ("approved", "hidden"):
            raise StoreError("status: approved or hidden")
        with self._write() as db:
            return self._moderate(db, response_id, question, kind, status, shown_text,
                                  moderator, expect)

    def moderate_many(self, decisions: Iterable[tuple[str, str, str, str]], status: str,
                      moderator: str, *, expect=None) -> int:
        """Decide many free texts in one transaction: ``decisions`` are (response_id,
        question, kind, shown_text); each is written only if the text is still in the
        ``expect`` state (default None = waiting) and still exists. Returns how many
        were written."""
        if status not in ("approved", "hidden"):
            raise StoreError("status: approved or hidden")
        done = 0
        with self._write() as db:
            for response_id, question, kind, shown_text in decisions:
                try:
                    done += self._moderate(db, response_id, question, kind, status,
                                           shown_text, moderator, expect)
                except StoreError:  # deleted meanwhile (retention): nothing to decide
                    continue
        return done

    @classmethod
    def _moderate(cls, db, response_id: str, question: str, kind: str, status: str,
                  shown_text: str, moderator: str, expect) -> bool:
        if expect is not cls._NOT_GIVEN:
            row = db.execute("SELECT status FROM moderation WHERE response_id = ? AND"
                             " question = ? AND kind = ?",
                             [response_id, question, kind]).fetchone()
            if (row[0] if row else None) != expect:
                return False
        exists = db.execute("SELECT 1 FROM answers WHERE response_id = ? AND question = ?"
                            " AND kind = ?", [response_id, question, kind]).fetchone()
        if not exists:
            raise StoreError("moderation: no such text (it may have been deleted)")
        db.execute(
            "INSERT INTO moderation (response_id, question, kind, status, shown_text,"
            " moderator, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (response_id, question, kind) DO UPDATE SET"
            " status = excluded.status, shown_text = excluded.shown_text,"
            " moderator = excluded.moderator, decided_on = excluded.decided_on",
            [response_id, question, kind, status,
             shown_text if status == "approved" else "", moderator,
             config.today().isoformat()])
        return True

    def surveys_with_responses(self) -> dict[str, int]:
        with self._read() as db:
            return dict(db.execute("SELECT survey, count(*) FROM responses GROUP BY survey"))

    def table_columns(self) -> dict[str, list[str]]:
        """Every table's columns (used by the privacy test of the schema)."""
        with self._read() as db:
            if dialect(db) == "postgresql":
                rows = db.execute(
                    "SELECT table_name, column_name FROM information_schema.columns"
                    " WHERE table_schema = current_schema() ORDER BY table_name,"
                    " ordinal_position").fetchall()
                out: dict[str, list[str]] = {}
                for table, column in rows:
                    out.setdefault(table, []).append(column)
                return out
            return {t.name: [c.name for c in t.columns] for t in db.tables}

    def set_kiosk(self, round_id: int, *, enabled: bool, thanks_s: int = 15,
                  idle_s: int = 120, pin_hash: str | None = None) -> None:
        """Kiosk settings of a round (pin_hash None keeps the PIN it has)."""
        if not 1 <= thanks_s <= 600:
            raise StoreError("kiosk: the thank-you screen shows 1..600 seconds")
        if not 5 <= idle_s <= 3600:
            raise StoreError("kiosk: an unfinished answer is cleared after 5..3600 seconds")
        with self._write() as db:
            db.execute("UPDATE rounds SET kiosk = ?, kiosk_thanks_s = ?, kiosk_idle_s = ?,"
                       " kiosk_pin_hash = coalesce(?, kiosk_pin_hash) WHERE id = ?",
                       [int(enabled), thanks_s, idle_s, pin_hash, round_id])

    # -- compaction: the order of answers leaves the file --------------------------------

    @staticmethod
    def _note_writes(db: sqlite_utils.Database, n: int) -> None:
        """Count response writes since the last compaction, and move the data version
        (inside the write's own transaction, so a crash cannot lose the count)."""
        if n:
            db.execute(
                "INSERT INTO maintenance (key, value) VALUES ('writes_since_compact', ?),"
                " ('data_version', ?) ON CONFLICT (key) DO UPDATE SET"
                " value = CAST(CAST(maintenance.value AS INTEGER)"
                " + CAST(excluded.value AS INTEGER) AS TEXT)",
                [str(n), str(n)])

    @staticmethod
    def _rows_forgotten(db) -> None:
        """Clients' rows were deleted or emptied (retention, a deleted round, a closed
        panel session), inside the caller's transaction. SQLite overwrites them with
        zeros at once (secure_delete); PostgreSQL keeps the old row versions in the
        table's file until it is rewritten, so ask for a compaction (Store.compact
        rewrites those tables; the app's maintenance runs it within minutes)."""
        if dialect(db) == "postgresql":
            Store._ask_compaction(db)

    @staticmethod
    def _ask_compaction(db) -> None:
        """Ask for a compaction (see request_compaction) inside the caller's transaction."""
        db.execute("INSERT INTO maintenance (key, value) VALUES ('compact_requested', '1')"
                   " ON CONFLICT (key) DO UPDATE SET value = '1'")

    @staticmethod
    def _note_change(db: sqlite_utils.Database) -> None:
        """Move the data version (see data_version) inside the caller's transaction."""
        db.execute("INSERT INTO maintenance (key, value) VALUES ('data_version', '1')"
                   " ON CONFLICT (key) DO UPDATE SET"
                   " value = CAST(CAST(maintenance.value AS INTEGER) + 1 AS TEXT)")

    def maintenance_state(self) -> dict[str, str]:
        """The housekeeping values: ``compacted_on`` (YYYY-MM-DD), ``writes_since_compact``
        (an integer as text) and ``compact_requested`` ('1' when a closed round asks for
        a compaction); a key is missing until first set."""
        with self._read() as db:
            return dict(db.execute("SELECT key, value FROM maintenance"))

    def claim_jobs(self, now: float, every_s: float) -> bool:
        """Claim the next run of the periodic jobs (retention, compaction) for this
        process: True for exactly one caller per ``every_s`` seconds across every app
        process using this database (the claim is one write transaction: SQLite's
        BEGIN IMMEDIATE, PostgreSQL's writers' lock), False for the others, which skip
        it. ``now`` is seconds since the epoch (time.time()); what is stored is when
        the next run is due, a housekeeping time that says nothing about answers.
        Source: issue 16, "hourly jobs run once across all processes"."""
        return self.claim("jobs", now, every_s)

    def claim(self, name: str, now: float, every_s: float) -> bool:
        """Claim the once-per-``every_s``-seconds task ``name`` ('jobs', 'first_admin'):
        True for exactly one caller per interval across every process (see claim_jobs,
        which is claim('jobs', …)). ``now`` in seconds since the epoch."""
        key = f"{name}_due"
        with self._write() as db:
            row = db.execute("SELECT value FROM maintenance WHERE key = ?", [key]).fetchone()
            if row is not None and now < float(row[0]):
                return False
            db.execute("INSERT INTO maintenance (key, value) VALUES (?, ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       [key, repr(float(now + every_s))])
            return True

    def request_compaction(self) -> None:
        """Ask for a compaction at the next maintenance run (a round was closed)."""
        with self._write() as db:
            self._ask_compaction(db)

    @staticmethod
    def _truncate_wal(conn: sqlite3.Connection, tries: int = 50) -> bool:
        """Checkpoint and cut the WAL to zero bytes; readers still using it keep it from
        being truncated, so wait a little for them. True if it was truncated."""
        for _ in range(tries):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            time.sleep(0.1)
        return False

    def compact(self, today: str | None = None) -> dict:
        """Rebuild the database file in key order and empty the WAL, so that the order
        in which answers were written cannot be read from the files any more.

        Why: SQLite places each new cell of a page below the older ones, so the byte
        offsets of same-day responses in a page (and the frames of the WAL) give away
        the order in which people answered. ``VACUUM`` writes every table and index
        anew in key order (response ids are random), with no free space left holding old
        content; ``wal_checkpoint(TRUNCATE)`` then cuts the WAL to zero bytes.

        It holds the write lock for its duration (about 3.5 s per 100 000 responses of
        12 answers on a 2-core machine; writers wait, none fail). Returns
        ``{"bytes": size of the file after, "wal_bytes": size of the WAL after,
        "seconds": duration}``. Raises sqlite3.OperationalError if the database stays
        locked beyond the busy timeout.

        On PostgreSQL a table's rows lie in the order they were inserted (their ``ctid``)
        and each carries the id of the transaction that wrote it (``xmin``, a growing
        number): both give away the order of answers just as SQLite's cells do. So the
        tables of what clients gave (raati.store.pg_schema.ORDER_SENSITIVE_TABLES) get
        every row a new version in one transaction (one ``xmin`` for all), and then
        ``CLUSTER`` writes each into a new file in primary-key order (random ids) and
        drops the old file. ``bytes`` is then the database's size and ``wal_bytes`` 0
        (PostgreSQL's WAL is recycled by the server; deploy/README.md says what that
        means for archives and backups)."""
        started = time.perf_counter()
        day = _check_date(today, "today") if today else config.today().isoformat()
        before = int(self.maintenance_state().get("writes_since_compact", "0"))
        if self.is_postgres:
            self._compact_pg()
        else:
            conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None)
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("PRAGMA journal_size_limit = 0")
                _while_locked(conn, "VACUUM", 0.1)
                self._truncate_wal(conn)
            finally:
                conn.close()
        with self._write() as db:
            # Writes that came in after the VACUUM stay counted for the next one.
            db.execute("INSERT INTO maintenance (key, value) VALUES ('writes_since_compact',"
                       " '0') ON CONFLICT (key) DO UPDATE SET value = CAST(CASE WHEN"
                       " CAST(maintenance.value AS INTEGER) > ? THEN"
                       " CAST(maintenance.value AS INTEGER) - ? ELSE 0 END AS TEXT)",
                       [before, before])
            db.execute("INSERT INTO maintenance (key, value) VALUES ('compacted_on', ?)"
                       " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [day])
            db.execute("DELETE FROM maintenance WHERE key = 'compact_requested'")
        if self.is_postgres:
            with self._read() as db:
                size = db.execute("SELECT pg_database_size(current_database())").fetchone()
            return {"bytes": int(size[0]), "wal_bytes": 0,
                    "seconds": round(time.perf_counter() - started, 3)}
        # That last small write went through the WAL again: empty it once more.
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA journal_size_limit = 0")
            self._truncate_wal(conn)
        finally:
            conn.close()
        wal = Path(str(self.path) + "-wal")
        return {"bytes": self.path.stat().st_size,
                "wal_bytes": wal.stat().st_size if wal.exists() else 0,
                "seconds": round(time.perf_counter() - started, 3)}

    def _compact_pg(self) -> None:
        """PostgreSQL's compaction (see compact): new row versions in one transaction,
        committed, then CLUSTER of each table by its primary key. CLUSTER keeps row
        versions that a running transaction may still see, so it runs after the commit;
        both steps hold the writers' lock."""
        with self._pool().pg.connection() as raw:
            with raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(%s)", [PG_WRITE_LOCK])
                for table, column in ORDER_SENSITIVE_TABLES.items():
                    raw.execute(f"UPDATE {table} SET {column} = {column}")
            with raw.transaction():
                raw.execute("SELECT pg_advisory_xact_lock(%s)", [PG_WRITE_LOCK])
                for table in ORDER_SENSITIVE_TABLES:
                    raw.execute(f"CLUSTER {table} USING {table}_pkey")

    # -- bursts ------------------------------------------------------------------------------

    def record_burst(self, round_id: int, refused: int = 1, on: str | None = None) -> None:
        """Count submissions to a round refused as an unusual burst (raati.flood), per
        day: what staff see on the rounds page. Nothing about who sent them."""
        day = _check_date(on, "on") if on else config.today().isoformat()
        with self._write() as db:
            db.execute("INSERT INTO round_bursts (round_id, date, refused) VALUES (?, ?, ?)"
                       " ON CONFLICT (round_id, date) DO UPDATE SET"
                       " refused = round_bursts.refused + excluded.refused", [round_id, day, refused])

    def round_bursts(self, round_id: int) -> list[tuple[str, int]]:
        """(date, refused submissions) of a round's unusual bursts, newest first."""
        with self._read() as db:
            return list(db.execute("SELECT date, refused FROM round_bursts WHERE round_id = ?"
                                   " ORDER BY date DESC", [round_id]))

    # -- retention and deletion ------------------------------------------------------------

    def set_text_retention(self, round_id: int, days: int | None) -> None:
        if days is not None and (isinstance(days, bool) or days < 0):
            raise StoreError("retention: days must be 0 or more")
        with self._write() as db:
            db.execute("UPDATE rounds SET text_retention_days = ? WHERE id = ?", [days, round_id])

    def purge_round_texts(self, round_id: int, text_questions: Iterable[str], on: str) -> int:
        """Delete the free text of a round (text questions and comment boxes); the
        scale, grade and choice answers stay. Return how many texts were deleted."""
        questions = list(text_questions)
        marks = ",".join("?" * len(questions)) or "''"
        with self._write() as db:
            cur = db.execute(
                "DELETE FROM answers WHERE response_id IN"
                " (SELECT id FROM responses WHERE round_id = ?)"
                f" AND (kind = 'comment' OR question IN ({marks}))",
                [round_id, *questions],
            )
            db.execute("DELETE FROM moderation WHERE response_id IN"
                       " (SELECT id FROM responses WHERE round_id = ?)", [round_id])
            db.execute("UPDATE rounds SET texts_purged_on = ? WHERE id = ?",
                       [_check_date(on, "on"), round_id])
            # The running counts of those texts go too (they were counted under '', or
            # under the text itself if a caller did not say which questions are text).
            db.execute(f"DELETE FROM tally_answers WHERE period = ? AND question IN ({marks})",
                       [f"r{round_id}", *questions])
            self._note_change(db)
            self._rows_forgotten(db)
            return cur.rowcount

    def delete_round(self, round_id: int) -> int:
        """Delete a round and every response given through it; return how many."""
        with self._write() as db:
            n = db.execute("SELECT count(*) FROM responses WHERE round_id = ?",
                           [round_id]).fetchone()[0]
            db.execute("DELETE FROM answers WHERE response_id IN"
                       " (SELECT id FROM responses WHERE round_id = ?)", [round_id])
            db.execute("DELETE FROM moderation WHERE response_id IN"
                       " (SELECT id FROM responses WHERE round_id = ?)", [round_id])
            db.execute("DELETE FROM responses WHERE round_id = ?", [round_id])
            db.execute("DELETE FROM published_blocks WHERE period = ?", [f"r{round_id}"])
            for table in ("tally_blocks", "tally_answers", "tally_surplus"):
                db.execute(f"DELETE FROM {table} WHERE period = ?", [f"r{round_id}"])
            cur = db.execute("DELETE FROM rounds WHERE id = ?", [round_id])
            if cur.rowcount == 0:
                raise StoreError(f"round: no round {round_id}")
            self._note_change(db)
            self._rows_forgotten(db)
        return n

    # -- accounts ----------------------------------------------------------------------

    _USER_COLUMNS = "id, name, role, must_change, disabled, password_hash, sso_subject"

    def _user_from(self, db, row) -> User:
        units = tuple(u for (u,) in db.execute(
            "SELECT unit FROM user_units WHERE user_id = ? ORDER BY unit", [row[0]]))
        return User(id=row[0], name=row[1], role=row[2], units=units,
                    must_change=bool(row[3]), disabled=bool(row[4]), password_hash=row[5],
                    sso_subject=row[6])

    def _user_where(self, where: str, params: list) -> User | None:
        with self._read() as db:
            row = db.execute(f"SELECT {self._USER_COLUMNS} FROM users WHERE {where}",
                             params).fetchone()
            return self._user_from(db, row) if row else None

    def user_by_id(self, user_id: int) -> User | None:
        return self._user_where("id = ?", [user_id])

    def user_by_name(self, name: str) -> User | None:
        """The account with this name (case ignored), or None. A name with U+0000 in it
        finds nobody (no stored name can hold one: PostgreSQL text cannot), so a login
        form fed one fails as a wrong name does, on both backends."""
        if "\x00" in name:
            return None
        return self._user_where("name = ?", [name])

    def user_by_sso_subject(self, subject: str) -> User | None:
        if "\x00" in subject:
            return None
        return self._user_where("sso_subject = ?", [subject])

    def users(self) -> list[User]:
        with self._read() as db:
            rows = db.execute(f"SELECT {self._USER_COLUMNS} FROM users ORDER BY name").fetchall()
            return [self._user_from(db, r) for r in rows]

    def count_users(self) -> int:
        with self._read() as db:
            return db.execute("SELECT count(*) FROM users").fetchone()[0]

    def add_user(self, name: str, role: str, password_hash: str | None,
                 units: Iterable[str] = (), *, must_change: bool = False,
                 sso_subject: str | None = None) -> int:
        with self._write() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
                raise StoreError(f"name: there is already an account '{name}'")
            cur = db.execute(
                "INSERT INTO users (name, role, password_hash, must_change, sso_subject,"
                " created_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                [name, role, password_hash, int(must_change), sso_subject,
                 config.today().isoformat()],
            )
            user_id = cur.fetchone()[0]
            self._set_units(db, user_id, units)
            return user_id

    @staticmethod
    def _set_units(db, user_id: int, units: Iterable[str]) -> None:
        db.execute("DELETE FROM user_units WHERE user_id = ?", [user_id])
        for unit in sorted(set(units)):
            if not UNIT_ID_RE.match(unit):
                raise StoreError(f"unit: '{unit}' must match [a-z0-9-]{{1,40}}")
            db.execute("INSERT INTO user_units (user_id, unit) VALUES (?, ?)", [user_id, unit])

    def update_user(self, user_id: int, *, role: str | None = None,
                    units: Iterable[str] | None = None, disabled: bool | None = None) -> None:
        with self._write() as db:
            if role is not None:
                db.execute("UPDATE users SET role = ? WHERE id = ?", [role, user_id])
            if disabled is not None:
                db.execute("UPDATE users SET disabled = ? WHERE id = ?", [int(disabled), user_id])
                if disabled:
                    db.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])
            if units is not None:
                self._set_units(db, user_id, units)

    def set_password_hash(self, user_id: int, password_hash: str, *, must_change: bool) -> None:
        with self._write() as db:
            db.execute("UPDATE users SET password_hash = ?, must_change = ? WHERE id = ?",
                       [password_hash, int(must_change), user_id])

    def delete_user(self, user_id: int) -> None:
        with self._write() as db:
            db.execute("DELETE FROM users WHERE id = ?", [user_id])

    # -- sessions and failed logins ------------------------------------------------------

    def create_session(self, token_hash: str, user_id: int, now: float) -> None:
        with self._write() as db:
            db.execute("INSERT INTO sessions (token_hash, user_id, created_at, last_seen)"
                       " VALUES (?, ?, ?, ?)", [token_hash, user_id, now, now])

    def session(self, token_hash: str) -> tuple[int, float] | None:
        """(user id, last seen) of a login session."""
        with self._read() as db:
            row = db.execute("SELECT user_id, last_seen FROM sessions WHERE token_hash = ?",
                             [token_hash]).fetchone()
        return (row[0], row[1]) if row else None

    def touch_session(self, token_hash: str, now: float) -> None:
        with self._write() as db:
            db.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, token_hash])

    def delete_session(self, token_hash: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", [token_hash])

    def delete_sessions_before(self, last_seen: float) -> None:
        with self._write() as db:
            db.execute("DELETE FROM sessions WHERE last_seen < ?", [last_seen])

    def login_failures(self, keys: Iterable[str]) -> dict[str, tuple[int, float]]:
        keys = list(keys)
        with self._read() as db:
            rows = db.execute(
                "SELECT key, failures, locked_until FROM login_failures"
                f" WHERE {sql_in('key', keys)}", keys)
            return {k: (f, u) for k, f, u in rows}

    def take_login_attempt(self, keys: Iterable[str], now: float,
                           lock_for: Callable[[int], float]) -> LoginAttempt:
        """Decide on one login (or kiosk PIN) attempt and count it, in one write
        transaction, before its password is checked: if any key is locked at ``now`` the
        attempt is refused and not counted; otherwise each key's count goes up by one
        (an upsert with RETURNING, so parallel attempts can never read the same count)
        and gets the lock ``lock_for(count)`` (seconds, 0 = none) for the case that the
        password is wrong. A right password then clears the keys
        (clear_login_failures). Two attempts can never both see the last free count."""
        keys = list(dict.fromkeys(keys))
        marks = ",".join("?" * len(keys))
        with self._write() as db:
            rows = db.execute(f"SELECT key, locked_until FROM login_failures WHERE key IN"
                              f" ({marks}) AND locked_until > ?", [*keys, now]).fetchall()
            if rows:
                return LoginAttempt(False, {k: until - now for k, until in rows})
            locked = {}
            for key in keys:
                [failures] = db.execute(
                    "INSERT INTO login_failures (key, failures, locked_until) VALUES (?, 1, ?)"
                    " ON CONFLICT(key) DO UPDATE SET failures = login_failures.failures + 1,"
                    " locked_until = excluded.locked_until RETURNING failures",
                    [key, now]).fetchone()
                lock = lock_for(failures)
                if lock > 0:
                    db.execute("UPDATE login_failures SET locked_until = ? WHERE key = ?",
                               [now + lock, key])
                    locked[key] = lock
            return LoginAttempt(True, locked)

    def clear_login_failures(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        with self._write() as db:
            db.execute(f"DELETE FROM login_failures WHERE {sql_in('key', keys)}", keys)

    def add_device_cookie(self, token_hash: str, user_id: int, now: float, *,
                          replacing: str | None = None, keep: int = 10) -> None:
        """Remember a staff browser's device cookie (its hash), bound to ``user_id``;
        ``replacing`` (the hash of the cookie it had) is removed, and only the ``keep``
        newest of the account are kept."""
        with self._write() as db:
            if replacing:
                db.execute("DELETE FROM device_cookies WHERE token_hash = ?", [replacing])
            db.execute("INSERT INTO device_cookies (token_hash, user_id, created_at)"
                       " VALUES (?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET"
                       " user_id = excluded.user_id, created_at = excluded.created_at",
                       [token_hash, user_id, now])
            db.execute("DELETE FROM device_cookies WHERE user_id = ? AND token_hash NOT IN"
                       " (SELECT token_hash FROM device_cookies WHERE user_id = ?"
                       "  ORDER BY created_at DESC LIMIT ?)", [user_id, user_id, keep])

    def device_cookie(self, token_hash: str) -> tuple[int, float] | None:
        """(user id, created at) of a remembered device cookie."""
        with self._read() as db:
            row = db.execute("SELECT user_id, created_at FROM device_cookies"
                             " WHERE token_hash = ?", [token_hash]).fetchone()
        return (row[0], row[1]) if row else None

    def delete_device_cookies_before(self, created_at: float) -> None:
        with self._write() as db:
            db.execute("DELETE FROM device_cookies WHERE created_at < ?", [created_at])

    # -- settings changed in the app (m010) ---------------------------------------------

    def setting(self, key: str) -> str | None:
        """The stored value of setting ``key`` (e.g. raati.config.BASE_URL_SETTING), or
        None when it was never set or was removed."""
        with self._read() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str | None) -> None:
        """Store ``value`` under ``key``; None removes the setting. The caller checks the
        value and writes the audit entry (who changed what)."""
        with self._write() as db:
            if value is None:
                db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                db.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key)"
                           " DO UPDATE SET value = excluded.value", [key, value])

    # -- audit log -----------------------------------------------------------------------

    def audit(self, actor: str, action: str, target: str = "", detail: str = "") -> None:
        """Record a staff action on data or accounts: who, what, when."""
        at = config.now().isoformat(timespec="seconds")
        with self._write() as db:
            db.execute("INSERT INTO audit_log (at, actor, action, target, detail)"
                       " VALUES (?, ?, ?, ?, ?)", [at, actor, action, target, detail])

    def audit_entries(self, limit: int = 200, actor: str | None = None,
                      action: str | None = None) -> list[AuditEntry]:
        where, params = [], []
        if actor:
            where.append("actor = ?")
            params.append(actor)
        if action:
            where.append("action = ?")
            params.append(action)
        sql = "SELECT at, actor, action, target, detail FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as db:
            rows = db.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
            return [AuditEntry(*r) for r in rows]

