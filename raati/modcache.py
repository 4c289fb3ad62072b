"""The moderation page's reads, done once per change instead of on every rerun: the
survey's free texts (read again when the store's data version moves) and
the masked suggestion of each text (it depends on the text alone).

The moderation state is never cached: the page reads it fresh on every run, so an
approval withdrawn or a decision just made shows at once. When free text is purged,
every cached copy of free text (and of its masked suggestions) is dropped at once, so
retention also deletes it from memory.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

import streamlit as st

from analysis.text import mask_personal_data
from raati.store import Store
from raati.surveys import Survey


@functools.lru_cache(maxsize=512)
def masked_suggestion(text: str) -> str:
    """``text`` with personal data masked (:func:`analysis.text.mask_personal_data`),
    computed once per text: the page shows up to 50 on every click."""
    return mask_personal_data(text)


# One read-only copy shared by every session (st.cache_data would unpickle a fresh copy
# on every run: about 100 ms for 10 000 texts).
@st.cache_resource(show_spinner=False, max_entries=16)
def _free_texts(db: str, survey_id: str, text_questions: tuple[str, ...],
                units: tuple[str, ...] | None, stamp: int) -> tuple[Mapping, ...]:
    return tuple(MappingProxyType(item) for item in Store(db).free_texts(
        survey_id, text_questions, units=None if units is None else list(units)))


# The data version the cached copies were read at (per database file).
_version_seen: dict[str, int] = {}


def free_texts(store: Store, survey: Survey, units: list[str] | None) -> tuple[Mapping, ...]:
    """The survey's free texts to moderate (:meth:`Store.free_texts`, read-only), read
    once per change of the store's data version (it moves with every response written
    and every text deleted, in any process). When it moves, every cached copy of free
    text and of its masked suggestions is dropped, so a purged text leaves memory too."""
    version = store.data_version()
    if _version_seen.setdefault(store.key, version) != version:
        _free_texts.clear()
        masked_suggestion.cache_clear()
        _version_seen[store.key] = version
    text_questions = tuple(q.id for q in survey.questions if q.type == "text")
    return _free_texts(store.spec, survey.id, text_questions,
                       None if units is None else tuple(units), version)
