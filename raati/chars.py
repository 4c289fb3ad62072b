"""Characters of free text: which are kept, which become a line break, which are dropped.

One rule for every text that is stored or written out (issue 9 item 1): a text must be
writable to every output (XLSX, PPTX, SVG, PDF, CSV) and readable back in. XML 1.0 (the
inside of XLSX and PPTX, and SVG) holds only tab, line feed, carriage return, U+0020..U+D7FF,
U+E000..U+FFFD and U+10000..U+10FFFF (https://www.w3.org/TR/xml/#charsets); UTF-8 (CSV,
SQLite) cannot hold a lone surrogate at all. So:

- line breaks of every kind (CR LF, CR, vertical tab, form feed, U+0085 NEL, U+2028,
  U+2029) become ``\\n``;
- dropped: control characters other than tab and line feed (C0, DEL, C1), surrogates,
  noncharacters (U+FDD0..U+FDEF and the last two code points of every plane, among them
  U+FFFE and U+FFFF), and U+FEFF (a byte order mark left inside a text);
- kept: everything else, including the invisible format characters that carry meaning
  in the survey's scripts (zero-width joiner and non-joiner, the left-to-right and
  right-to-left marks, soft hyphen);
- the result is NFC-normalised (a composed "ä" and an "a" with a combining diaeresis
  are one text).

This module imports nothing of the app, so the report (which never opens the store) and
the answer, import and export paths can all use it.
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_DROPPED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # controls but tab, line breaks (done first)
    "\ud800-\udfff"  # surrogates: not characters; UTF-8 cannot hold them
    f"{_NONCHARACTERS}\ufeff]")
# What XML 1.0 cannot hold (and surrogates, which no UTF encoding can).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_chars(text: str) -> str:
    """``text`` by the rule of this module: line breaks as ``\\n``, controls (but tab),
    surrogates, noncharacters and U+FEFF dropped, NFC. Surrounding whitespace is kept
    (``raati.responses.clean_text`` trims it). The result is writable to XML and UTF-8."""
    if text.isascii() and text.isprintable():
        return text  # the common case, cheap
    text = _DROPPED.sub("", _LINE_BREAK.sub("\n", text))
    return unicodedata.normalize("NFC", text)


def xml_safe(text: str, replacement: str = "\ufffd") -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by ``replacement``
    (U+FFFD by default): for a value that is written out but must not change in length
    or lose where something was (a response id, a unit), unlike :func:`clean_chars`."""
    return XML_ILLEGAL.sub(replacement, text)
