"""Small helpers shared by the Streamlit pages (the only raati module that imports
Streamlit; the core never imports it)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from raati import config
from raati.store import Store
from raati.surveys import Survey, survey_files, validate_files

# Characters that start Markdown (or Streamlit's :color[...] / :emoji:) syntax, and the
# marks of links the renderer would make by itself (http://, www., e-mail). Ordinary
# punctuation is left alone, so screen readers do not read stray backslashes.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#~$|@]|:(?=[A-Za-z/])|(?<=www)\.)")
_LINE_START_BULLET = re.compile(r"^(\s*)([-+=])", re.MULTILINE)
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def plain(text: str) -> str:
    """Text made safe for places that render Markdown (widget labels): Markdown syntax
    is escaped, so what a person wrote is shown exactly as written."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text or "")
    escaped = _LINE_START_BULLET.sub(r"\1\\\2", escaped)
    return _LINE_START_NUMBER.sub(r"\1\\\2", escaped)


def store() -> Store:
    return Store(config.db_path())


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_surveys(defs: str, stamp: tuple) -> tuple[dict[str, Survey], list[str]]:
    if not Path(defs).is_dir():
        return {}, [f"{defs}: the survey folder does not exist"]
    good, problems = validate_files(survey_files(defs), Path(defs))
    return {s.id: s for s in good}, problems


def surveys() -> tuple[dict[str, Survey], list[str]]:
    """The valid surveys of the survey folder by id, reloaded when a file changes, and
    the problems of broken files (a broken file never takes the good ones down)."""
    defs = config.defs_dir()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in survey_files(defs)) \
        if defs.is_dir() else ()
    return _load_surveys(str(defs), stamp)


def app_base_url() -> str:
    """The address clients reach the app at: $RAATI_BASE_URL, else this browser's."""
    configured = config.base_url()
    if configured:
        return configured
    try:
        parts = urlsplit(st.context.url)
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    except Exception:  # no browser context (AppTest)
        pass
    return config.DEFAULT_BASE_URL


def picture_path(rel: str | None) -> Path | None:
    if not rel:
        return None
    path = config.defs_dir() / rel
    return path if path.is_file() else None
