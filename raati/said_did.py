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
# At most this many cards on the kiosk's thank-you screen: a glance between respondents.
KIOSK_CARDS = 3
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
    mime = "image/png" if path.lower().endswith(".png") else "image/svg+xml"
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


def card_html(action: Action, lang: str, *, defs_dir: Path | None = None) -> str:
    """One action as a card (an ``<li>`` of cards_html's list): its picture, status word
    and symbol, "Te sanoitte: …", "Me teimme: …" and a read-aloud button, everything
    escaped as text. ``lang`` is the interface language of the words around the texts."""
    from raati.ui import speaker_button

    said_head, said, did_head, did, status = card_text(action, lang)
    symbol = SYMBOLS.get(action.status, "")
    uri = picture_uri(action.picture, defs_dir)
    # Read aloud in the texts' own language, the headings too, so one voice reads it all.
    fi = card_text(action, TEXT_LANG)
    say = " ".join(_sentence(f"{head} {text}") for head, text in ((fi[0], fi[1]), (fi[2], fi[3])))
    say += " " + _sentence(fi[4])
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
        f'</div>{speaker_button(say, TEXT_LANG, lang)}</li>')


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
    return (f'<ul class="{classes}" role="list" lang="{html.escape(lang)}" dir="{direction}"'
            f'{named}>' + "".join(card_html(a, lang, defs_dir=defs_dir) for a in actions)
            + "</ul>")
