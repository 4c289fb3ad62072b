"""Moderation decisions: who may decide which free text, what an approved text shows,
and the one-click-one-decision rule (issue 11, item 10). The moderation page
(pages/moderation.py) only draws and calls these; nothing here reads Streamlit state.

An item is one free text as ``Store.free_texts`` gives it (a mapping with response_id,
question, kind, text, unit, period, lang); ``decided`` is ``Store.moderation_state``:
(response_id, question, kind) -> (status, shown text) of the texts decided so far.
A text's status is ``pending`` (waiting: no row), ``approved`` or ``hidden``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from analysis.text import mask_personal_data
from raati import auth
from raati.responses import clean_text
from raati.store import Store, StoreError, User

STATUSES = ("pending", "approved", "hidden")
DECISIONS = ("approved", "hidden")

TextId = tuple[str, str, str]  # (response_id, question, kind): a text's stable id

# Cards on one page of the moderation list: a screen or two of decisions. A card with a
# text box in it cost the browser about 20 ms to draw (50 cards: 3.5x a bare page's time
# to ready, 20: 2.2x); the cards now show the suggestion as text and edit it in a dialog,
# and 10 of them make the page 1.7x bare with the demo, 2.1x with 100 000 more responses
# (bench/pages_speed.py --only /moderointi /kierrokset /tili).
PAGE_SIZE = 10


def text_id(item: Mapping) -> TextId:
    """The stable id of ``item``: (response_id, question, kind), the key of
    ``Store.moderation_state`` and of a decision."""
    return (item["response_id"], item["question"], item["kind"])


def status_of(item: Mapping, decided: Mapping[TextId, tuple[str, str]]) -> str:
    """The status of ``item`` in ``decided`` (Store.moderation_state): one of STATUSES,
    ``pending`` when it has not been decided."""
    found = decided.get(text_id(item))
    return found[0] if found else "pending"


def may_moderate(who: User, item: Mapping) -> bool:
    """Whether ``who`` may decide ``item``: only a text of a unit they may act on
    (auth.may_act_on_unit: admins every unit, staff their own). Raises nothing."""
    return auth.may_act_on_unit(who, item["unit"])


def box_value(item: Mapping, decided: Mapping[TextId, tuple[str, str]],
              suggest: Callable[[str], str] = mask_personal_data) -> str:
    """What a card's text box starts with: the text as approved, if it was approved,
    else the suggestion ``suggest(item["text"])`` (personal data masked; the page passes
    the cached raati.modcache.masked_suggestion)."""
    found = decided.get(text_id(item))
    return found[1] if found and found[0] == "approved" else suggest(item["text"])


def shown_text(item: Mapping, typed: str | None,
               suggest: Callable[[str], str] = mask_personal_data) -> str:
    """The text an approval of ``item`` shows everywhere: what its box holds (``typed``;
    None = the box was never drawn or read, so the suggestion ``suggest(item["text"])``),
    cleaned (raati.responses.clean_text) and masked once more
    (analysis.text.mask_personal_data): whatever the moderator typed is masked before
    it is shown to anyone."""
    if typed is None:
        typed = suggest(item["text"])
    return mask_personal_data(clean_text(typed))


def decide(store: Store, who: User, survey_id: str, item: Mapping, status: str,
           seen: str, typed: str | None = None,
           suggest: Callable[[str], str] = mask_personal_data) -> bool:
    """One click on one card: approve (showing ``shown_text(item, typed, suggest)``) or
    hide ``item``, by ``who``, only if the text is still ``seen`` (one of STATUSES: the
    status its card showed). The check and the write are one transaction
    (Store.moderate's ``expect``), so a second click on the same card, or a card that
    another moderator decided meanwhile, decides nothing. Written decisions are logged
    (audit action ``moderation``, target ``survey_id``).

    Returns whether the decision was written: False also when ``who`` may not act on
    the text's unit (may_moderate) or the text was deleted meanwhile (retention).
    Raises ValueError for a ``status`` not in DECISIONS or a ``seen`` not in STATUSES."""
    if status not in DECISIONS:
        raise ValueError(f"status: one of {DECISIONS}, not {status!r}")
    if seen not in STATUSES:
        raise ValueError(f"seen: one of {STATUSES}, not {seen!r}")
    if not may_moderate(who, item):
        return False
    text = shown_text(item, typed, suggest) if status == "approved" else ""
    try:
        done = store.moderate(*text_id(item), status, text, who.name,
                              expect=None if seen == "pending" else seen)
    except StoreError:  # the text was deleted meanwhile (retention)
        return False
    if done:
        store.audit(who.name, "moderation", survey_id,
                    f"{'approved' if status == 'approved' else 'hid'} {item['question']}")
    return done


def approve_all(store: Store, who: User, survey_id: str, batch: Iterable[Mapping],
                typed: Mapping[TextId, str | None] | None = None,
                suggest: Callable[[str], str] = mask_personal_data) -> int:
    """"Approve all shown": approve every text of ``batch`` (the cards that were shown
    when the moderator confirmed) that ``who`` may decide (may_moderate) and that is
    still waiting, each showing ``shown_text(item, typed.get(text_id(item)), suggest)``,
    in one transaction (Store.moderate_many, expect None = waiting); texts deleted
    meanwhile are skipped. Logged once (audit action ``moderation``) when any was
    written.

    Returns how many were approved (0 when none); raises nothing of its own."""
    typed = typed or {}
    decisions = [(*text_id(i), shown_text(i, typed.get(text_id(i)), suggest))
                 for i in batch if may_moderate(who, i)]
    n = store.moderate_many(decisions, "approved", who.name, expect=None)
    if n:
        store.audit(who.name, "moderation", survey_id, f"approved {n} texts (all shown)")
    return n
