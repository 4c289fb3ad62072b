"""``raati.ui.uploader_texts_css`` and ``raati.ui.css_string``: st.file_uploader's English
words hidden and the catalogue's words shown by CSS alone, safely quoted. (In real
Chromium: tests/browser/test_uploader_texts.py.)"""

from __future__ import annotations

import re

import pytest
import streamlit as st

from raati import i18n, ui

# The rules of the stylesheet, "selector { declarations }" (no nested braces).
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
STRING = r'"(?:[^"\\]|\\.)*"'  # a double-quoted CSS string
CSS_ESCAPE = re.compile(r"\\([0-9A-Fa-f]{1,6}) ?|\\(.)", re.S)


def unquote(css: str) -> str:
    """The text of a double-quoted CSS string (the inverse of css_string)."""
    assert css.startswith('"') and css.endswith('"'), css
    return CSS_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], css[1:-1])


def rules(css: str) -> dict[str, str]:
    assert css.startswith("<style") and css.endswith("</style>")
    body = css[css.index(">") + 1:-len("</style>")]
    found = {sel.strip(): decl.strip() for sel, decl in RULE.findall(body)}
    assert found
    return found


def contents(css: str) -> dict[str, str]:
    """selector -> the text its ``content:`` shows."""
    out = {}
    for sel, decl in rules(css).items():
        m = re.search(r"content:\s*(" + STRING + ")", decl)
        if m:
            out[sel] = unquote(m[1])
    return out


@pytest.mark.parametrize("text", [
    "Valitse tiedosto", 'say "hi"', "back\\slash", "</style><script>alert(1)</script>",
    "a\nb\tc", "it's & <b>", "\u2028\u2029", "ääkköset ja العربية", "\\22 ", "",
])
def test_css_string_round_trips_and_cannot_end_the_style_element(text):
    quoted = ui.css_string(text)
    assert unquote(quoted) == text
    inner = quoted[1:-1]
    assert not set(inner) & set("\"'<>&\n\r\t")
    # A backslash in the output only ever starts a hex escape.
    assert re.fullmatch(r"(?:[^\\]|\\[0-9A-F]{1,6} )*", inner), inner


@pytest.mark.parametrize("lang", i18n.UI_LANGUAGES)
def test_the_catalogue_texts_in_each_interface_language(lang):
    shown = set(contents(ui.uploader_texts_css(lang, max_mb=7)).values())
    assert shown == {i18n.t("upload_browse", lang), i18n.t("upload_drag", lang),
                     i18n.t("upload_drop", lang), i18n.t("upload_limit", lang, mb=7)}


def test_finnish_words_and_nothing_english():
    css = ui.uploader_texts_css("fi", max_mb=20)
    shown = contents(css)
    assert set(shown.values()) == {"Valitse tiedosto", "Vedä tiedosto tähän",
                                   "Pudota tiedosto tähän", "Enintään 20 Mt, CSV tai XLSX"}
    button = next(v for k, v in shown.items() if " button " in k)
    assert button == "Valitse tiedosto"
    for word in ("Upload", "Browse", "Drag and drop", "per file"):
        assert not any(word in text for text in shown.values())


def test_swedish_and_english_words():
    assert set(contents(ui.uploader_texts_css("sv", max_mb=20)).values()) == {
        "Välj fil", "Dra filen hit", "Släpp filen här", "Högst 20 MB, CSV eller XLSX"}
    assert set(contents(ui.uploader_texts_css("en", max_mb=20)).values()) == {
        "Choose file", "Drag a file here", "Drop the file here", "At most 20 MB, CSV or XLSX"}


def test_the_english_texts_are_hidden_also_from_assistive_technology():
    found = rules(ui.uploader_texts_css("fi", max_mb=20))
    hidden = {sel: decl for sel, decl in found.items() if "::" not in sel}
    # The button's label, the instructions, the overlay while dragging, the file input.
    assert len(hidden) == 4
    for sel, decl in hidden.items():
        # display: none and visibility: hidden take an element out of the accessibility
        # tree (font-size 0 or opacity 0 alone would not).
        assert "display: none" in decl or "visibility: hidden" in decl, sel
    for sel, decl in found.items():
        if "::" in sel and "visibility" in decl:  # shown inside a hidden element
            assert "visibility: visible" in decl, sel
    for sel in found:
        assert sel.startswith('[data-testid="stFileUploaderDropzone"]'), sel


def test_the_limit_is_the_servers_configured_upload_size(monkeypatch):
    assert st.get_option("server.maxUploadSize") == 20  # .streamlit/config.toml
    assert "Enintään 20 Mt" in ui.uploader_texts_css("fi")
    real = st.get_option
    monkeypatch.setattr(st, "get_option",
                        lambda name: 150 if name == "server.maxUploadSize" else real(name))
    assert "Enintään 150 Mt, CSV tai XLSX" in contents(ui.uploader_texts_css("fi")).values()


def test_catalogue_text_is_escaped(monkeypatch):
    hostile = '"; } body { display: none } </style><script>alert(1)</script>\\'
    english = ui.uploader_texts_css("en", max_mb=20)
    monkeypatch.setattr(i18n, "t", lambda key, lang="fi", **values: hostile)
    css = ui.uploader_texts_css("fi", max_mb=20)
    assert css.count("<") == 2 and css.count("</") == 1  # <style ...> and </style>
    content = r"content: (" + STRING + ")"
    assert [unquote(s) for s in re.findall(content, css)] == [hostile] * 4
    # Apart from its texts, the stylesheet is the same as with harmless ones.
    assert re.sub(content, "content: ''", css) == re.sub(content, "content: ''", english)
