"""Client panel sessions (asiakasraati): the rules, without SQL.

A panel session is a meeting of clients at a unit, led by staff on a shared screen:
clients post ideas anonymously, staff moderate and group them, everyone votes with dots,
and the top ideas become proposals (contract §5, ``../shared/design/survey-format.md``).

This module decides what a session may do: its phases and the moves between them, the
join code, the limits of ideas and dots, and the device token a phone or tablet keeps
in a cookie. The store (``raati.store``) applies these rules inside one transaction, so
they hold for many taps at once; the pages and the CLI only call the store.

Sources: the join code alphabet, the phases, the defaults (3 dots, at most 1 per idea,
pre-moderation) and the 280-character idea limit are contract §5. Dot voting (also called
multi-voting) gives each person a small fixed number of dots to spread over the ideas, as
in facilitation practice (Kaner et al., *Facilitator's Guide to Participatory
Decision-Making*, 3rd ed., 2014); here the limit is enforced on the server.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field

# Contract §5: 6 characters without the look-alikes 0/O, 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
IDEA_MAX_LENGTH = 280  # characters, contract §5
PROPOSAL_MAX_LENGTH = 500  # characters: a proposal is a sentence or two in plain language
TITLE_MAX_LENGTH = 120
PROMPT_MAX_LENGTH = 200
MAX_PROMPTS = 10
GROUP_MAX_LENGTH = 60

# In order; a session moves forward and may step back, except out of ``closed``.
PHASES = ("ideas", "voting", "results", "closed")
MODERATION = ("pre", "post")
# Staff add ideas said aloud or written on paper while ideas are gathered or voted on;
# once the results are shown (and after close) the list of ideas is final.
STAFF_IDEA_PHASES = ("ideas", "voting")
IDEA_STATES = ("waiting", "approved", "hidden")

DEFAULT_VOTES = 3  # dots per person, contract §5
DEFAULT_MAX_PER_IDEA = 1  # contract §5
MAX_VOTES = 20  # more dots than this is no longer a choice
# Offered when staff switch idea-text retention on: about a month, time to report the
# session and record its actions (issue 13) before the clients' own words are deleted.
DEFAULT_TEXT_RETENTION_DAYS = 30
MAX_TEXT_RETENTION_DAYS = 3650  # about ten years: longer is keeping them for good

# A device token: 128 random bits, URL-safe (cookie value). Only its SHA-256 is stored.
DEVICE_TOKEN_BYTES = 16


class PanelError(ValueError):
    """A refused panel action; the message is a sentence for people (English, for the CLI
    and logs). ``key`` names the interface text (raati.i18n) that says the same to a
    client or staff member in their language, ``values`` fills it."""

    def __init__(self, message: str, key: str = "panel_refused", **values: object):
        super().__init__(message)
        self.key = key
        self.values = values


class WrongPhase(PanelError):
    """The action does not belong to the session's phase (an idea after the ideas phase,
    a vote outside voting, anything once closed)."""


class DotLimit(PanelError):
    """A dot over the person's dots or over the limit on one idea."""


@dataclass(frozen=True)
class Panel:
    """One panel session as stored.

    ``prompts`` are staff's discussion prompts; ``themes`` the starting points taken from a
    survey round (each ``{"question", "text", "share_low", "n"}``, weakest and strongest);
    ``participants`` counts devices that joined (kept after close, the devices are not);
    ``opened``/``closed`` are dates (YYYY-MM-DD), never times; ``kiosk_token`` is the
    secret of the session's kiosk link (the workshop's shared tablet, "Seuraava
    henkilö"); ``text_retention_days`` how many days after closing the idea texts are
    kept (None: until the session is deleted), ``texts_purged_on`` when they were
    deleted; ``results_public`` whether the join code still shows the ideas and their
    dots after the session closed (staff choose; otherwise only the proposals)."""

    id: int
    unit: str
    title: str
    code: str
    phase: str
    votes_per_person: int
    max_per_idea: int
    moderation: str
    opened: str
    closed: str | None
    participants: int
    prompts: tuple[str, ...] = ()
    themes: tuple[dict, ...] = ()
    survey: str | None = None
    round_id: int | None = None
    kiosk_token: str | None = None
    text_retention_days: int | None = None
    texts_purged_on: str | None = None
    results_public: bool = False


@dataclass(frozen=True)
class Idea:
    """An idea of a session. ``source`` is ``client`` (posted on a device) or ``staff``
    (said aloud or written on paper, added by staff). ``votes`` is the tally, kept also
    after close; ``group`` a label staff gave to similar ideas; ``shown`` the order in
    which staff let ideas onto the shared screen (not when they were written)."""

    id: int
    panel_id: int
    text: str
    status: str
    source: str
    votes: int = 0
    group: str | None = None
    shown: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposal made of top ideas: plain-language ``text`` and the ``ideas`` it came
    from; ``votes`` is their combined dots."""

    id: int
    panel_id: int
    text: str
    ideas: tuple[int, ...]
    votes: int = 0


@dataclass(frozen=True)
class DeviceState:
    """What one device sees of its own part while a session is open: its dots per idea
    and the ids of its own ideas (both forgotten when the session closes)."""

    dots: dict[int, int] = field(default_factory=dict)
    ideas: tuple[int, ...] = ()

    def dots_used(self) -> int:
        return sum(self.dots.values())


def new_join_code() -> str:
    """A random join code: CODE_LENGTH characters of CODE_ALPHABET (32^6 ≈ 10^9 codes;
    the store retries on the rare clash with a code in use)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_join_code(typed: object) -> str | None:
    """The join code in a typed or scanned text, or None if there is none: case, spaces,
    dashes and dots are ignored ("abc-2de", " ABC 2DE ") and so are the look-alikes a
    person may type for the characters left out of the alphabet (O→0 is not in the
    alphabet, so O and 0 are both read as a mistake: None). Contract §5."""
    if not isinstance(typed, str):
        return None
    code = re.sub(r"[\s\-–.·_]", "", typed).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


def new_device_token() -> str:
    """A random token for one device's cookie (never tied to a person)."""
    return secrets.token_urlsafe(DEVICE_TOKEN_BYTES)


def device_token(sent: object) -> str:
    """The device token to keep: ``sent`` (from the browser's cookie) if it has the form
    of one of ours (URL-safe base64, at most 64 characters), else a new one. A
    tampered or foreign cookie value is never stored; it only costs that browser its
    earlier dots and ideas."""
    if isinstance(sent, str) and 0 < len(sent) <= 64 and \
            sent.replace("-", "").replace("_", "").isalnum() and sent.isascii():
        return sent
    return new_device_token()


def device_key(token: str) -> str:
    """What the store keeps of a device token while the session is open: its SHA-256
    (hex). A stolen database copy does not give the cookie value."""
    return hashlib.sha256(token.encode()).hexdigest()


# Seconds without a touch after which a panel kiosk clears the screen for the next person
# (after a warning of KIOSK_WARN_S): the survey kiosk's default (rounds.kiosk_idle_s).
KIOSK_IDLE_S = 120
KIOSK_WARN_S = 20


def kiosk_link(base: str, code: str, kiosk_token: str) -> str:
    """The link of a session's kiosk, the workshop's shared tablet passed from person to
    person: ``{base}/?p=CODE&kiosk=KIOSK_TOKEN`` (``base`` as in
    :func:`raati.config.join_link`, "" for this site; ``kiosk_token`` is
    Panel.kiosk_token).
    The panel page honours the kiosk token only if it is the session's own: it then keeps
    no device cookie and offers *Seuraava henkilö* (a fresh device for the next person);
    with another token (or ``kiosk=1``) the link opens the session as on a phone.
    Raises ValueError for an empty ``kiosk_token`` (that would be a phone link)."""
    from raati.config import join_link

    if not kiosk_token:
        raise ValueError("kiosk link: the session has no kiosk token")
    return f"{join_link(base, code)}&kiosk={kiosk_token}"


def check_phase_move(current: str, new: str) -> None:
    """Raise WrongPhase unless a session in ``current`` may move to ``new``: any phase of
    PHASES may follow any other (staff may step back from voting to ideas, say), except
    that ``closed`` is final: closing forgets which device voted for what."""
    if new not in PHASES:
        raise PanelError(f"phase: '{new}' is not one of {', '.join(PHASES)}")
    if current == "closed" and new != "closed":
        raise WrongPhase("the session is closed; a closed session cannot be opened again",
                         "panel_closed")


def check_settings(votes_per_person: int, max_per_idea: int, moderation: str) -> None:
    """Raise PanelError for settings a session cannot run with: dots 1…MAX_VOTES, at most
    that many on one idea (1 or more), moderation ``pre`` or ``post``."""
    if type(votes_per_person) is not int or not 1 <= votes_per_person <= MAX_VOTES:
        raise PanelError(f"votes: {votes_per_person!r} must be a whole number 1–{MAX_VOTES}")
    if type(max_per_idea) is not int or not 1 <= max_per_idea <= votes_per_person:
        raise PanelError(f"max per idea: {max_per_idea!r} must be a whole number from 1 to "
                         f"the dots per person ({votes_per_person})", "panels_max_over_votes")
    if moderation not in MODERATION:
        raise PanelError(f"moderation: '{moderation}' must be pre or post")


def check_title(title: object) -> str:
    """The session's title cleaned; PanelError if empty or over TITLE_MAX_LENGTH."""
    try:
        return _short_text(title, TITLE_MAX_LENGTH, "title")
    except PanelError as exc:
        raise PanelError(str(exc), "panels_title_needed") from None


def check_prompts(prompts: object) -> tuple[str, ...]:
    """Discussion prompts cleaned (empty ones dropped); PanelError over MAX_PROMPTS or a
    prompt over PROMPT_MAX_LENGTH characters."""
    if prompts is None:
        return ()
    items = [p for p in (_short_text(p, PROMPT_MAX_LENGTH, "prompt", empty_ok=True)
                         for p in prompts) if p]
    if len(items) > MAX_PROMPTS:
        raise PanelError(f"prompts: {len(items)} given, at most {MAX_PROMPTS} fit",
                         "panels_too_many_prompts", n=MAX_PROMPTS)
    return tuple(items)


def check_idea_text(text: object) -> str:
    """An idea's text as stored (:func:`raati.responses.check_text`: invisible control
    characters dropped, NFC, trimmed). Raises TextTooLong over IDEA_MAX_LENGTH characters
    (refused whole, never cut) and PanelError when it is empty."""
    # (imported here: raati.responses needs the store, which needs this module)
    from raati.responses import TextTooLong, check_text

    if not isinstance(text, str):
        raise PanelError("idea: the text is missing", "panel_idea_empty")
    try:
        cleaned = check_text(text, IDEA_MAX_LENGTH)
    except TextTooLong as exc:
        raise TextTooLong(exc.length, exc.max_length, where="idea") from None
    if not cleaned:
        raise PanelError("idea: the text is empty", "panel_idea_empty")
    return cleaned


def check_proposal_text(text: object) -> str:
    """A proposal's text cleaned; PanelError if empty or over PROPOSAL_MAX_LENGTH."""
    return _short_text(text, PROPOSAL_MAX_LENGTH, "proposal")


def check_group(name: object) -> str | None:
    """A group label cleaned; None (no group) for an empty one; PanelError if too long."""
    if name is None:
        return None
    return _short_text(name, GROUP_MAX_LENGTH, "group", empty_ok=True) or None


def _short_text(value: object, limit: int, what: str, *, empty_ok: bool = False) -> str:
    """``value`` cleaned (raati.responses.check_text). Raises PanelError with the key
    ``panels_<what>_empty`` (empty, unless ``empty_ok``) or ``panels_<what>_too_long``
    (``n`` characters, at most ``k``): the staff page says which, at the form."""
    from raati.responses import TextTooLong, check_text

    if not isinstance(value, str):
        raise PanelError(f"{what}: text expected")
    try:
        cleaned = check_text(value, limit)
    except TextTooLong as exc:
        raise PanelError(f"{what}: {exc}", f"panels_{what}_too_long", n=exc.length,
                         k=exc.max_length) from exc
    if not cleaned and not empty_ok:
        raise PanelError(f"{what}: the text is empty", f"panels_{what}_empty")
    return " ".join(cleaned.split()) if what != "proposal" else cleaned


def check_dot(state: DeviceState, idea_id: int, panel: Panel) -> None:
    """Raise if one more dot from this device on ``idea_id`` breaks the session's rules:
    WrongPhase outside voting, DotLimit when the device's dots are used up
    (votes_per_person) or the idea has max_per_idea of its dots already. The store calls
    this inside the transaction that adds the dot (contract §5: the limit holds on the
    server, also for many taps at once)."""
    if panel.phase != "voting":
        raise WrongPhase(f"voting is not open (the session is in phase {panel.phase})",
                         "panel_not_voting")
    if state.dots_used() >= panel.votes_per_person:
        raise DotLimit(f"all {panel.votes_per_person} dots are used; take one back first",
                       "panel_no_dots_left", n=panel.votes_per_person)
    if state.dots.get(idea_id, 0) >= panel.max_per_idea:
        raise DotLimit(f"at most {panel.max_per_idea} dots on one idea",
                       "panel_idea_full", k=panel.max_per_idea)


def ranked(ideas: list[Idea]) -> list[tuple[str | None, list[Idea], int]]:
    """Approved ideas ranked for the results: each group of similar ideas (same ``group``
    label) as one entry with its combined dots, each ungrouped idea as its own entry;
    most dots first, ties by the order shown. Returns ``[(group or None, ideas, dots)]``.
    Issue 12: "a group ranks by its combined dots"."""
    entries: dict[object, list[Idea]] = {}
    for idea in ideas:
        if idea.status != "approved":
            continue
        entries.setdefault(("g", idea.group) if idea.group else ("i", idea.id), []).append(idea)
    out = []
    for key, members in entries.items():
        members.sort(key=lambda i: (-i.votes, i.shown or 0))
        out.append((key[1] if key[0] == "g" else None, members,
                    sum(i.votes for i in members)))
    out.sort(key=lambda e: (-e[2], min(i.shown or 0 for i in e[1])))
    return out


def group_members(ideas: list[Idea], groups: list[str]) -> list[int]:
    """The ids of the approved ideas labelled with any of ``groups`` (group names as
    staff gave them), in id order: a group chosen as a proposal's source stands for its
    ideas, so the proposal's dots equal the group's combined dots (:func:`ranked`)."""
    wanted = set(groups)
    return sorted(i.id for i in ideas if i.status == "approved" and i.group in wanted)


def outcome(panel: Panel, ideas: list[Idea], proposals: list[Proposal]) -> dict:
    """The session's outcome as in contract §5 (``raati panel export``): its settings,
    ``participants`` (devices that joined), the approved ideas most votes first (ties in
    the order shown) with their group and dots, ``hidden_ideas`` (as the contract says,
    the others: every idea not shown, hidden by staff or still waiting) and
    ``waiting_ideas`` (of those, the ones nobody approved or hid; an extension of the
    contract, so that "hidden" need not be read as "staff hid them"), both counted only,
    never their text, and the proposals with their ideas' combined dots. Nothing in it
    names a device."""
    approved = sorted((i for i in ideas if i.status == "approved"),
                      key=lambda i: (-i.votes, i.shown or 0))
    return {
        "panel": panel.id, "unit": panel.unit, "title": panel.title, "phase": panel.phase,
        "date": panel.opened, "votes_per_person": panel.votes_per_person,
        "max_per_idea": panel.max_per_idea, "participants": panel.participants,
        "hidden_ideas": sum(1 for i in ideas if i.status != "approved"),
        "waiting_ideas": sum(1 for i in ideas if i.status == "waiting"),
        "ideas": [{"id": i.id, "text": i.text, "group": i.group, "votes": i.votes}
                  for i in approved],
        "proposals": [{"id": p.id, "text": p.text, "ideas": list(p.ideas), "votes": p.votes}
                      for p in proposals],
    }


OUTCOME_CSV_COLUMNS = ("kind", "id", "text", "group", "votes", "ideas")


def outcome_rows(data: dict) -> list[list[str]]:
    """The outcome (:func:`outcome`) as CSV rows under OUTCOME_CSV_COLUMNS: one row per
    approved idea (``kind`` idea), then one per proposal (``kind`` proposal, ``ideas`` its
    idea ids joined by ``;``). Texts are as written (the ``excel-csv`` writer puts an
    apostrophe before a text a spreadsheet would run as a formula)."""
    rows = [["idea", str(i["id"]), i["text"], i["group"] or "", str(i["votes"]), ""]
            for i in data["ideas"]]
    rows += [["proposal", str(p["id"]), p["text"], "", str(p["votes"]),
              ";".join(map(str, p["ideas"]))] for p in data["proposals"]]
    return rows
