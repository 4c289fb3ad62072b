""""You said, we did" shown to clients (contract §6): the action cards of a unit's public
page ``/?u=UNIT`` (pages/said_did.py) and of the kiosk's thank-you screen between
respondents (pages/answer.py). One card component for both, as HTML for ``st.html``.

What a card shows: "Te sanoitte: <said>", then what the organisation does or did under a
heading that fits its status ("Me teimme:" when done, "Suunnitelmamme:" when planned,
"Miksi emme voi:" when not possible ...), the status as a word and a symbol
(raati.actions.SYMBOLS; the symbol is hidden from screen readers, the word says it), the
action's picture from the survey picture library (decorative: the text says it all) and
a read-aloud button. Never the responsible person, never a due date, never anything of
a client: ``said`` and ``did`` are staff's words, and personal data is masked once more
here (analysis.text.mask_personal_data) before they are escaped as text.

The interface words follow the chosen language; ``said`` and ``did`` are in the language
staff wrote them in, taken to be Finnish (TEXT_LANG): their spans carry ``lang="fi"`` so
that screen readers pronounce them right, and the read-aloud button reads the whole card
in Finnish with a Finnish voice (or says the device has none).

Which actions: raati.actions.shown_publicly (public, and done ones only for the unit's
chosen number of days) in raati.actions.public_order (newest first).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import re
from pathlib import Path

from raati import config
from raati.actions import SYMBOLS, Action, public_order, shown_publicly
from raati.i18n import RTL, t

# The language actions are written in (they have no language field of their own).
TEXT_LANG = "fi"
# At most this many cards on the kiosk's thank-you screen: a glance between respondents,
# all of it above the fold of a 1024×768 tablet (with bigger text too).
KIOSK_CARDS = 2
# Which actions the kiosk prefers (lower first): what was done or is being done says
# most that answering matters; then plans; an action only received comes last.
_KIOSK_RANK = {"done": 0, "in_progress": 0, "planned": 1, "not_possible": 2, "received": 3}
# Of a unit id in a link (``?u=…``), at most this many characters are looked at.
_UNIT_LINK_MAX = 64


def normalise_unit(raw: str | None) -> str:
    """The unit id in a public page's link ``/?u=UNIT`` as people pass it on: spaces
    around it, capitals, punctuation glued to its ends (``Puupaja.``, ``<puupaja>``) do
    not matter. Returns the id if it can be one (raati.store.UNIT_ID_RE), else ''.
    Whether such a unit exists is for the store to say."""
    from raati.store import UNIT_ID_RE

    text = (raw or "")[:_UNIT_LINK_MAX].strip().lower()
    text = re.sub(r"^[^a-z0-9]+|[^a-z0-9]+$", "", text)
    return text if UNIT_ID_RE.match(text) else ""


# A phone's display settings outlast a reload in the cookie the panel page keeps them in
# (pages/panel.py, written by raati/assets/client.js from data-panel-prefs): "lang,big,
# contrast" ("ar,1,0"), nothing about the person. One phone, one set of settings.
PREFS_COOKIE = "raati_panel_prefs"


def prefs_from_cookie(value: str | None) -> dict | None:
    """The settings in a PREFS_COOKIE value as ``{"lang", "big_text", "high_contrast"}``,
    or None for a missing or malformed one (an unknown language, another shape)."""
    from raati.i18n import CLIENT_LANGUAGES

    parts = (value or "").split(",")
    if len(parts) != 3 or parts[0] not in CLIENT_LANGUAGES or \
            not {parts[1], parts[2]} <= {"0", "1"}:
        return None
    return {"lang": parts[0], "big_text": parts[1] == "1", "high_contrast": parts[2] == "1"}


def prefs_value(client: dict, default: dict, cookie: str | None) -> str:
    """The PREFS_COOKIE value client.js is to write for the settings ``client``: '' (no
    cookie) while they are the ``default`` ones and no cookie is there yet, else
    "lang,big,contrast" (so going back to the defaults is kept too)."""
    if client == default and cookie is None:
        return ""
    return f"{client['lang']},{int(client['big_text'])},{int(client['high_contrast'])}"


def public_actions(store, unit: str, today: dt.date | None = None,
                   limit: int | None = None) -> list[Action]:
    """The actions of ``unit`` its public page shows today (raati.actions.shown_publicly
    with the unit's ``store.done_shown_days``), newest first (public_order), at most
    ``limit`` of them (None: all). [] for a unit without any (or an unknown unit)."""
    today = today or config.today()
    days = store.done_shown_days(unit)
    shown = [a for a in store.actions(unit=unit, public_only=True)
             if shown_publicly(a, today, days)]
    ordered = public_order(shown)
    return ordered if limit is None else ordered[:limit]


def kiosk_actions(store, unit: str, today: dt.date | None = None) -> tuple[list[Action], str]:
    """The cards of the kiosk's thank-you screen and the raati.i18n key of their heading:
    of the unit's public actions (public_actions), at most KIOSK_CARDS, done and in
    progress ones first, then planned, not possible and received ones, each group newest
    first. The heading says no more than the cards do (kiosk_heading_key). ([], key) for
    none."""
    shown = sorted(public_actions(store, unit, today), key=lambda a: _KIOSK_RANK[a.status])
    chosen = shown[:KIOSK_CARDS]
    return chosen, kiosk_heading_key(chosen)


def kiosk_heading_key(actions: list[Action]) -> str:
    """The kiosk heading's raati.i18n key for the cards shown: "Teimme näin" only when
    every card is done, "Näin olemme edenneet" when one is done, in progress or planned,
    else (only received or not possible) "Nämä asiat olemme ottaneet käsittelyyn"."""
    statuses = {a.status for a in actions}
    if statuses and statuses == {"done"}:
        return "said_did_kiosk_done"
    if statuses & {"done", "in_progress", "planned"}:
        return "said_did_kiosk_progress"
    return "said_did_kiosk_received"


@functools.lru_cache(maxsize=512)
def masked(text: str) -> str:
    """``text`` with personal data masked (analysis.text.mask_personal_data), computed
    once per text: the kiosk shows the same cards to every respondent."""
    from analysis.text import mask_personal_data

    return mask_personal_data(text or "", lang=TEXT_LANG)


def did_label_key(status: str) -> str:
    """The raati.i18n key of the heading before ``did`` for ``status`` (a status of
    raati.actions.STATUSES): "Me teimme:" for done, "Me teemme:" in progress, ..."""
    return f"said_did_we_{status}"


@functools.lru_cache(maxsize=256)
def _picture_uri(path: str, stamp: tuple[int, int]) -> str:
    from raati.survey_catalog import PICTURE_TYPES

    mime = PICTURE_TYPES.get(Path(path).suffix.lower(), "image/svg+xml")
    return f"data:{mime};base64," + base64.b64encode(Path(path).read_bytes()).decode()


def picture_uri(picture: str | None, defs_dir: Path | None = None) -> str | None:
    """An action's library picture (``pictures/NAME.svg|png`` under the survey folder
    ``defs_dir``, default raati.config.defs_dir()) as a data: URI, read again only when
    the file changes; None when it has none or the file is gone."""
    if not picture:
        return None
    base = Path(defs_dir) if defs_dir is not None else config.defs_dir()
    path = base / picture
    if ".." in Path(picture).parts or not path.is_file():
        return None
    stat = path.stat()
    return _picture_uri(str(path), (stat.st_mtime_ns, stat.st_size))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def card_text(action: Action, lang: str) -> tuple[str, str, str, str, str]:
    """The words of ``action``'s card in ``lang``: (said heading, said, did heading, did,
    status line "Tilanne: Tehty"); ``said`` and ``did`` masked, not yet escaped."""
    status_word = t(f"action_status_{action.status}", lang)
    return (t("said_did_you_said", lang), masked(action.said),
            t(did_label_key(action.status), lang), masked(action.did),
            t("said_did_status", lang, status=status_word))


def speaker_button(say: str, label: str, lang: str) -> str:
    """A card's 🔊 button (the markup of raati.ui.speaker_button, which client.js reads):
    it reads ``say`` with a Finnish voice (TEXT_LANG), while its label (``label``, for
    screen readers and as its tooltip) and its "no voice" notice are in the page's
    language ``lang``."""
    from raati.i18n import SPEECH_TAGS

    label = f"{t('listen', lang)}: {label}"
    return (f'<button type="button" class="raati-say" data-say="{html.escape(say)}" '
            f'data-lang="{html.escape(SPEECH_TAGS.get(TEXT_LANG, TEXT_LANG))}" '
            f'data-label="{html.escape(label)}" '
            f'data-novoice="{html.escape(t("no_voice", lang))}" '
            f'aria-label="{html.escape(label)}">🔊</button>')


def card_html(action: Action, lang: str, *, defs_dir: Path | None = None) -> str:
    """One action as a card (an ``<li>`` of cards_html's list): its picture, status word
    and symbol, "Te sanoitte: …", "Me teimme: …" and a read-aloud button, everything
    escaped as text. ``lang`` is the interface language of the words around the texts
    (also of the read-aloud button's label; it reads the card in Finnish)."""
    said_head, said, did_head, did, status = card_text(action, lang)
    symbol = SYMBOLS.get(action.status, "")
    uri = picture_uri(action.picture, defs_dir)
    # Read aloud in the texts' own language, the headings too, so one voice reads it all.
    fi = card_text(action, TEXT_LANG)
    say = " ".join(_sentence(f"{head} {text}") for head, text in ((fi[0], fi[1]), (fi[2], fi[3])))
    say += " " + _sentence(fi[4])
    label = " ".join(_sentence(f"{head} {text}") for head, text in (
        (said_head, said), (did_head, did))) + " " + _sentence(status)
    picture = (f'<img class="raati-action-picture" alt="" src="{uri}">' if uri else "")
    return (
        f'<li class="raati-action raati-action-{html.escape(action.status)}">'
        f'{picture}<div class="raati-action-body">'
        f'<p class="raati-action-status"><span class="raati-action-symbol" aria-hidden="true">'
        f'{symbol}</span> {html.escape(status)}</p>'
        f'<p class="raati-action-said"><strong>{html.escape(said_head)}</strong> '
        f'<span lang="{TEXT_LANG}" dir="auto">{html.escape(said)}</span></p>'
        f'<p class="raati-action-did"><strong>{html.escape(did_head)}</strong> '
        f'<span lang="{TEXT_LANG}" dir="auto">{html.escape(did)}</span></p>'
        f'</div>{speaker_button(say, label, lang)}</li>')


# The public page's settings (pages/said_did.py): its fold and switches are touch
# targets of at least 48 px (3rem), as the answer pages' buttons are.
PAGE_CSS = (
    ".st-key-said_did_settings summary { min-height: 3rem; display: flex;"
    " align-items: center; }"
    " .st-key-said_did_settings .stCheckbox label { min-height: 3rem; align-items: center; }")

# The cards' own layout beside raati/assets/client.css: with bigger text on a narrow
# screen (a phone) the picture goes above the text, so the text keeps the card's width
# instead of a narrow column beside the picture and the read-aloud button.
CARDS_CSS = (
    "@media (max-width: 640px) {"
    " .raati-actions.raati-actions-big .raati-action { flex-wrap: wrap; }"
    # the picture's own line: its margin fills the rest of it
    " .raati-actions.raati-actions-big .raati-action-picture {"
    " margin-inline-end: calc(100% - 3.5rem); }"
    " .raati-actions.raati-actions-big .raati-action-body { flex: 1 1 12rem; } }")


def cards_html(actions: list[Action], lang: str, *, defs_dir: Path | None = None,
               big: bool = False, strong: bool = False, compact: bool = False,
               label: str | None = None) -> str:
    """The cards of ``actions`` (in the order given) as one list for ``st.html``; ''
    for none. ``big`` and ``strong`` are the client's bigger text and strong colours,
    ``compact`` the kiosk's smaller cards; ``label`` names the list for screen readers."""
    if not actions:
        return ""
    classes = " ".join(c for c, on in (("raati-actions", True), ("raati-actions-big", big),
                                       ("raati-actions-strong", strong),
                                       ("raati-actions-compact", compact)) if on)
    named = f' aria-label="{html.escape(label)}"' if label else ""
    direction = "rtl" if lang in RTL else "ltr"
    return (f"<style>{CARDS_CSS}</style>"
            f'<ul class="{classes}" role="list" lang="{html.escape(lang)}" dir="{direction}"'
            f'{named}>' + "".join(card_html(a, lang, defs_dir=defs_dir) for a in actions)
            + "</ul>")
