"""Fonts and text shaping for Raati's PDFs (the QR poster and the PDF report).

Every PDF sets its text in the bundled DejaVu fonts (Latin, Cyrillic, Greek, Arabic and
Persian letters, Sámi and Estonian letters, many symbols), with fpdf2's text shaping
(HarfBuzz, the ``uharfbuzz`` package) switched on, so Arabic and Persian letters join and
right-to-left text runs right to left (fpdf2's bidi algorithm, Unicode UAX #9).

What DejaVu lacks comes from system fallback fonts, taken only when a text needs them
(see :data:`FALLBACKS`, installed by ``.ci/run`` and ``scripts/test.sh`` from Debian's
packages): most emoji (Symbola: monochrome, so it embeds; Debian's colour emoji font is
CBDT and fpdf2 cannot embed it), Thai (Loma) and Chinese/Japanese (Droid Sans Fallback).
A character that no available font has is replaced by :data:`PLACEHOLDER` rather than
vanishing; :attr:`RaatiFontsMixin.unprintable` collects those, so a PDF can say so.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from raati import config

# Shown in place of a character that no font can print (newer emoji, rare scripts).
PLACEHOLDER = "\ufffd"

# (fpdf2 family, Debian package, font files tried in order): added to a PDF only when a
# character of its text is missing from DejaVu. Symbola first: emoji and symbols.
FALLBACKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Symbola", "fonts-symbola", (
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
        "/usr/share/fonts/truetype/symbola/Symbola.ttf",
        "/usr/share/fonts/truetype/ancient-scripts/Symbola.ttf",
    )),
    ("Loma", "fonts-tlwg-loma-ttf", (
        "/usr/share/fonts/truetype/tlwg/Loma.ttf",
        "/usr/share/fonts/opentype/tlwg/Loma.otf",
    )),
    ("DroidSansFallback", "fonts-droid-fallback", (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts-droid-fallback/truetype/DroidSansFallbackFull.ttf",
    )),
)


def _invisible(ch: str) -> bool:
    """Whether ``ch`` is a control or format character (ZWJ, variation selectors, bidi
    marks, line breaks): these need no glyph, the shaper uses or drops them."""
    return unicodedata.category(ch) in ("Cc", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F


@functools.cache
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or ())


@functools.cache
def fallback_fonts() -> tuple[tuple[str, str], ...]:
    """The fallback fonts found on this machine, as ``(family, path)`` in order of
    :data:`FALLBACKS`; a missing package is simply left out."""
    found = []
    for family, _package, paths in FALLBACKS:
        path = next((p for p in paths if Path(p).is_file()), None)
        if path:
            found.append((family, path))
    return tuple(found)


def printable(text: str) -> bool:
    """Whether every character of ``text`` prints in a Raati PDF on this machine
    (DejaVu or an installed fallback font has it), so nothing becomes :data:`PLACEHOLDER`."""
    fonts = [str(config.FONT_REGULAR)] + [path for _family, path in fallback_fonts()]
    return all(_invisible(ch) or any(ord(ch) in _cmap(f) for f in fonts) for ch in text)


def _shaping_key(params: dict | None) -> tuple:
    """The text shaping parameters as a key; their one dict (the OpenType features)
    counts by identity (the cache keeps it alive, so its id is not reused)."""
    if not params:
        return ()
    features = params.get("features")
    if not isinstance(features, dict):
        return tuple(params.items())
    return (*(kv for kv in params.items() if kv[0] != "features"), id(features))


@functools.cache
def _memo_font_class():
    from fpdf.fonts import TTFFont

    class MemoTTFFont(TTFFont):
        """fpdf2's TTFFont that remembers its text widths within its document. fpdf2's
        line breaking asks for the width of every character and of every piece of a
        line, and with text shaping on each answer is a HarfBuzz call (about half the
        time of a PDF with many texts, issue 10); a width depends only on the text, the
        size and the shaping parameters, so each is shaped once."""

        __slots__ = ("_raati_widths",)

        def get_text_width(self, text, font_size_pt, text_shaping_params):
            key = (text, font_size_pt, _shaping_key(text_shaping_params))
            width = self._raati_widths.get(key)
            if width is None:
                width = super().get_text_width(text, font_size_pt, text_shaping_params)
                self._raati_widths[key] = width
                features = (text_shaping_params or {}).get("features")
                if isinstance(features, dict):  # kept alive: its id stays its own
                    self._raati_widths[("features", id(features))] = features
            elif font_size_pt > self.biggest_size_pt:  # as fpdf2 notes on each call
                self.biggest_size_pt = font_size_pt
            return width

    return MemoTTFFont


def memoize_widths(font):
    """``font`` (an fpdf2 TTFFont just added, not yet used) as one that remembers its
    text widths; any other font as it is."""
    from fpdf.fonts import TTFFont

    if type(font) is not TTFFont:
        return font
    memo = object.__new__(_memo_font_class())
    for cls in TTFFont.__mro__:  # the font's state is all in slots
        for name in getattr(cls, "__slots__", ()):
            if hasattr(font, name):
                setattr(memo, name, getattr(font, name))
    memo._raati_widths = {}
    return memo


class RaatiFontsMixin:
    """For an ``FPDF`` subclass: :meth:`setup_fonts` in ``__init__``; every text drawn
    then gets fallback fonts as needed, or placeholders: the characters replaced are in
    :attr:`unprintable` (a set, empty when everything printed)."""

    def setup_fonts(self, *, mono: bool = False) -> None:
        """Register DejaVu ("DejaVu" regular and bold, "DejaVuMono" if ``mono``) and switch
        text shaping on. Raises fpdf2's FPDFException if ``uharfbuzz`` is not installed."""
        self.add_font("DejaVu", "", config.FONT_REGULAR)
        self.add_font("DejaVu", "B", config.FONT_BOLD)
        if mono:
            self.add_font("DejaVuMono", "", config.FONT_MONO)
        self.set_text_shaping(True)
        self._fallbacks_used: list[str] = []
        self.unprintable: set[str] = set()

    def add_font(self, *args, **kwargs) -> None:
        super().add_font(*args, **kwargs)
        for key, font in self.fonts.items():
            self.fonts[key] = memoize_widths(font)

    def _fallback_for(self, ch: str) -> str | None:
        for family, path in fallback_fonts():
            if ord(ch) in _cmap(path):
                if family not in self._fallbacks_used:
                    self.add_font(family, "", path)
                    self._fallbacks_used.append(family)
                    # Bold text may take the regular fallback: there is no bold emoji.
                    self.set_fallback_fonts(self._fallbacks_used, exact_match=False)
                return family
        return None

    def normalize_text(self, text: str) -> str:  # called by fpdf2 for every text it draws
        font = getattr(self, "current_font", None)
        cmap = getattr(font, "cmap", None)
        if cmap is None or not hasattr(self, "_fallbacks_used"):
            return super().normalize_text(text)
        out = []
        for ch in text:
            if ord(ch) in cmap or _invisible(ch) or self._fallback_for(ch):
                out.append(ch)
            else:
                out.append(PLACEHOLDER)
                self.unprintable.add(ch)
        return super().normalize_text("".join(out))
