"""Pictures for survey questions and options: the bundled picture library and checks of
uploaded pictures (no Streamlit here; the survey builder shows the results).

Library
    ``survey_defs/pictures/*`` with ``LICENSES.md`` beside it (a markdown table: file,
    source package + version, original file, emoji annotation, author, licence,
    attribution). Only pictures listed there are offered: a picture whose licence is not
    known is never offered. Search words and short text alternatives (fi/sv/en) are in
    ``raati/assets/picture_words.json``; the table's English emoji annotation also counts
    as English search words.

Uploads
    :func:`check_upload` decides the type from the bytes (never from the file name),
    refuses what could harm a reader of the survey (scripts or external references in
    SVG, decompression bombs, broken files) or distract (animation, WCAG 2.2.2), and
    :func:`check_licence` insists on a licence, an author and a text alternative in the
    survey's default language (WCAG 1.1.1). Rules follow the OWASP File Upload Cheat
    Sheet (https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html):
    allow-listed types, type by content, extension must agree, size limits, SVG parsed
    with a hardened parser (defusedxml) and refused when it holds active content.
"""

from __future__ import annotations

import functools
import io
import json
import re
import threading
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from defusedxml import (
    DefusedXmlException,
    DTDForbidden,
    EntitiesForbidden,
    ExternalReferenceForbidden,
)
from defusedxml.ElementTree import DefusedXMLParser
from PIL import Image, UnidentifiedImageError

from raati.i18n import language_name, t

WORDS_FILE = Path(__file__).parent / "assets" / "picture_words.json"
LICENSES_FILE = "LICENSES.md"
PICTURES_DIR = "pictures"

MAX_UPLOAD_BYTES = 2_000_000
MAX_SIDE = 4000          # pixels, each side
MIN_SIDE = 16            # pixels, each side: smaller cannot be seen on a phone
MAX_ALT_CHARS = 250      # a text alternative is a short description, not a caption

SVG_NS = "http://www.w3.org/2000/svg"

# Display names of picture projects named in the source column (package name -> name).
_PROJECT_NAMES = {"openmoji": "OpenMoji"}


class PictureError(ValueError):
    """A picture or its details refused. ``str(err)`` is an English sentence for staff;
    ``key`` names the text in :data:`raati.i18n.MESSAGES` and ``values`` fills its
    placeholders, so the UI shows it translated: ``err.text(lang)``."""

    def __init__(self, key: str, **values):
        self.key = key
        self.values = dict(values)
        super().__init__(t(key, "en", **self.values))

    def text(self, lang: str) -> str:
        """The message in ``lang`` (falls back like every interface text)."""
        return t(self.key, lang, **self.values)


# -- the library ------------------------------------------------------------------------

@dataclass(frozen=True)
class LibraryPicture:
    """One bundled picture. ``path`` is relative to the survey folder (what a survey's
    ``picture:`` holds); ``words`` are search words per language; ``alt`` a short text
    alternative per language (WCAG 1.1.1)."""

    path: str
    file: Path
    words: dict[str, tuple[str, ...]]
    alt: dict[str, str]
    author: str
    licence: str
    source: str
    attribution: str = ""


_cache: dict[Path, tuple[tuple, list[LibraryPicture]]] = {}
_cache_lock = threading.Lock()


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [c.strip().strip("`").strip() for c in inner.split("|")]


def _licence_rows(text: str) -> list[dict[str, str]]:
    """The rows of the first markdown table whose header has a ``file`` column, as
    {lower-case header: cell}."""
    header: list[str] | None = None
    rows = []
    for line in text.splitlines():
        if not line.lstrip().startswith("|"):
            if header is not None and rows:
                break
            continue
        cells = _cells(line)
        if header is None:
            if "file" in [c.lower() for c in cells]:
                header = [c.lower() for c in cells]
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the |---|---| line
        rows.append(dict(zip(header, cells, strict=False)))
    return rows


def _annotation(cell: str) -> str:
    """``"👂️ ear"`` -> ``"ear"``: the emoji in front dropped (a first token with no letter
    or digit of the Latin alphabet)."""
    first, _, rest = cell.partition(" ")
    if rest and not re.search(r"[A-Za-z0-9]", first):
        return rest.strip()
    return cell.strip()


def _source(package: str, original: str) -> str:
    name, _, version = package.partition("@")
    name = _PROJECT_NAMES.get(name.lower(), name)
    return " ".join(part for part in (name, version, original) if part)


def _tokens(phrase: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", phrase) if w]


def _load_words() -> dict:
    try:
        data = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _build(folder: Path) -> list[LibraryPicture]:
    try:
        text = (folder / LICENSES_FILE).read_text(encoding="utf-8")
    except OSError:
        return []
    words_of = _load_words()
    out = []
    for row in _licence_rows(text):
        name = row.get("file", "")
        # A plain file name only: the table cannot point outside the folder.
        if not name or Path(name).name != name or name.startswith("."):
            continue
        file = folder / name
        if not file.is_file():
            continue
        author = row.get("author", "")
        licence = row.get("licence", "") or row.get("license", "")
        if not author or not licence:
            continue
        annotation = _annotation(row.get("emoji (annotation)", "") or row.get("emoji", ""))
        entry = words_of.get(name) or {}
        words: dict[str, list[str]] = {"fi": [], "sv": [], "en": []}
        for lang in ("fi", "sv", "en"):
            for w in entry.get(lang) or ():
                if isinstance(w, str) and w.strip():
                    words[lang].append(w.strip())
        if annotation:
            words["en"] += [annotation, *_tokens(annotation)]
        words["fi"].append(Path(name).stem)
        alt = {lang: text.strip() for lang, text in (entry.get("alt") or {}).items()
               if isinstance(text, str) and text.strip()}
        if not alt and annotation:
            alt = {"en": annotation[:1].upper() + annotation[1:]}
        for lang, text in alt.items():
            words.setdefault(lang, []).append(text)
        out.append(LibraryPicture(
            path=f"{PICTURES_DIR}/{name}",
            file=file.resolve(),
            words={lang: tuple(dict.fromkeys(ws)) for lang, ws in words.items()},
            alt=alt,
            author=author,
            licence=licence,
            source=_source(row.get("source package + version", ""),
                           row.get("original file", "")),
            attribution=row.get("attribution", ""),
        ))
    out.sort(key=lambda p: p.path)
    return out


def library(defs_dir: Path) -> list[LibraryPicture]:
    """The pictures of ``<defs_dir>/pictures`` that its ``LICENSES.md`` lists (with an
    author and a licence), in file-name order. A file not in the table is not offered
    (its licence is not known); a row whose file is missing is skipped. Search words and
    text alternatives come from ``raati/assets/picture_words.json`` plus the table's
    English emoji annotation and the file's own name.

    Cached per folder; read again when the folder, its LICENSES.md or the words file
    changes (modification times). Returns [] when the folder or table is missing; never
    raises for a malformed table row (the row is skipped)."""
    folder = (Path(defs_dir) / PICTURES_DIR).resolve()

    def stamp(p: Path) -> int:
        try:
            return p.stat().st_mtime_ns
        except OSError:
            return -1

    key = (stamp(folder), stamp(folder / LICENSES_FILE), stamp(WORDS_FILE))
    with _cache_lock:
        hit = _cache.get(folder)
        if hit and hit[0] == key:
            return list(hit[1])
    pictures = _build(folder)
    with _cache_lock:
        _cache[folder] = (key, pictures)
    return list(pictures)


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``text`` for matching: case-folded, accents removed (``"Työ"`` -> ``"tyo"``),
    whitespace collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def search(pictures: list[LibraryPicture], query: str, lang: str = "fi") -> list[LibraryPicture]:
    """The pictures whose words match ``query``, best first. Matching is case- and
    accent-insensitive (``"tyo"`` finds ``"työ"``) over the words of every language, and
    over each single word of a many-word phrase. Ranking: a match in a word of ``lang``
    before one in another language; then an exact word before a word that starts with
    the query before a word that merely contains it; then file name. An empty (or
    blank) query returns every picture in file-name order."""
    q = fold(query or "")
    if not q:
        return sorted(pictures, key=lambda p: p.path)
    ranked = []
    for pic in pictures:
        best: tuple[int, int] | None = None
        for wlang, words in pic.words.items():
            lang_rank = 0 if wlang == lang else 1
            for word in words:
                w = fold(word)
                for candidate in (w, *w.split()):
                    if candidate == q:
                        rank = (lang_rank, 0)
                    elif candidate.startswith(q):
                        rank = (lang_rank, 1)
                    elif q in candidate:
                        rank = (lang_rank, 2)
                    else:
                        continue
                    if best is None or rank < best:
                        best = rank
        if best is not None:
            ranked.append((best, pic.path, pic))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [pic for _, _, pic in ranked]


# -- uploads ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload: the bytes to store (a raster picture saved anew without its
    metadata, an SVG as uploaded), its MIME type, the file extension to store it under,
    and its size in pixels (None for SVG)."""

    data: bytes
    mime: str
    extension: str
    width: int | None
    height: int | None


# Pillow format -> (MIME type, extension to store, extensions a name may have, kind shown)
_RASTER = {
    "PNG": ("image/png", ".png", {".png"}, "PNG"),
    "JPEG": ("image/jpeg", ".jpg", {".jpg", ".jpeg", ".jpe", ".jfif"}, "JPEG"),
    "WEBP": ("image/webp", ".webp", {".webp"}, "WebP"),
    "GIF": ("image/gif", ".gif", {".gif"}, "GIF"),
}
# A JPEG with more pictures inside (MPO: some phone cameras add a depth map or a second
# view). Browsers show its first picture, as any JPEG; its other pictures are no animation.
_RASTER["MPO"] = _RASTER["JPEG"]
_SVG = ("image/svg+xml", ".svg", {".svg"}, "SVG")


def _short(text: str, n: int = 80) -> str:
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _check_extension(name: str, kind: tuple) -> None:
    suffix = Path(name or "").suffix.lower()
    if suffix not in kind[2]:
        raise PictureError("picture_wrong_extension", name=_short(Path(name or "").name),
                           kind=kind[3], ext=kind[1])


def check_upload(name: str, data: bytes) -> CheckedUpload:
    """Check an uploaded picture: ``name`` is the uploaded file's name, ``data`` its
    bytes. Returns a :class:`CheckedUpload` (the bytes unchanged) or raises
    :class:`PictureError` (``key`` in brackets):

    - empty (``picture_empty``) or over :data:`MAX_UPLOAD_BYTES` (``picture_too_big``);
    - type by content only: PNG, JPEG, WebP or GIF recognised by Pillow from the magic
      bytes, or SVG (XML whose root is ``svg`` in the SVG namespace); anything else
      ``picture_unknown_type``; the name's extension must agree with the content
      (``picture_wrong_extension``: a .png that holds JPEG data is refused);
    - raster: at most :data:`MAX_SIDE` and at least :data:`MIN_SIDE` pixels a side
      (``picture_too_large_dims``, ``picture_too_small_dims``; checked from the header,
      before any decoding, and Pillow's decompression-bomb guard on top); no animation
      (``picture_animated``, WCAG 2.2.2 Pause, Stop, Hide: moving pictures distract);
      ``verify()`` and a full decode must succeed (``picture_broken``);
    - SVG: parsed with defusedxml; DOCTYPE or entities ``picture_svg_doctype``; not
      well-formed ``picture_broken``; root not SVG ``picture_svg_not_svg``; scripts,
      ``foreignObject``, event attributes (``on*``), ``javascript:`` URLs
      ``picture_svg_script``; any reference outside the file (``href`` other than
      ``#fragment`` or a base64 PNG/JPEG/GIF/WebP data URI, ``url()`` other than
      ``url(#…)``, ``@import``, ``xml-stylesheet``) ``picture_svg_external``.

    Source: OWASP File Upload Cheat Sheet (allow-list, type by content, size limits,
    hardened XML parsing)."""
    if not data:
        raise PictureError("picture_empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PictureError("picture_too_big", max=MAX_UPLOAD_BYTES // 1_000_000)
    fmt = None
    try:
        with warnings.catch_warnings():
            # the size is checked against MAX_SIDE below, before any decoding
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "WEBP", "GIF"]) as img:
                fmt = img.format
    except Image.DecompressionBombError:
        # over twice Image.MAX_IMAGE_PIXELS: Pillow refuses even to read the header
        raise PictureError("picture_too_large_dims", width="?", height="?",
                           max=MAX_SIDE) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        fmt = None
    if fmt in _RASTER:
        return _check_raster(name, data, fmt)
    if _looks_like_xml(data):
        return _check_svg(name, data)
    raise PictureError("picture_unknown_type")


def _check_raster(name: str, data: bytes, fmt: str) -> CheckedUpload:
    kind = _RASTER[fmt]
    opener = "JPEG" if fmt == "MPO" else fmt  # Pillow opens MPO through its JPEG plugin
    _check_extension(name, kind)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[opener]) as img:
                width, height = img.size
                if width > MAX_SIDE or height > MAX_SIDE:
                    raise PictureError("picture_too_large_dims", width=width, height=height,
                                       max=MAX_SIDE)
                if width < MIN_SIDE or height < MIN_SIDE:
                    raise PictureError("picture_too_small_dims", width=width, height=height,
                                       min=MIN_SIDE)
                if fmt != "MPO" and (getattr(img, "is_animated", False)
                                     or getattr(img, "n_frames", 1) > 1):
                    raise PictureError("picture_animated")
                img.verify()
        # verify() leaves the image unusable and does not decode the pixels: decode them
        # too (a JPEG's verify checks almost nothing), with Pillow's decompression-bomb
        # guard (Image.MAX_IMAGE_PIXELS) as an error.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[opener]) as img:
                img.load()
                data, width, height = _without_metadata(img, kind[3])
    except PictureError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError("picture_too_large_dims", width="?", height="?",
                           max=MAX_SIDE) from None
    except Exception:  # Pillow raises many kinds of error for a broken file
        raise PictureError("picture_broken") from None
    return CheckedUpload(data=data, mime=kind[0], extension=kind[1], width=width,
                         height=height)


def _without_metadata(img: Image.Image, kind: str) -> tuple[bytes, int, int]:
    """The picture's pixels saved anew in its own format, without what a camera or an
    editor wrote beside them: EXIF (a phone photo's GPS position, time and device),
    XMP, comments, PNG text chunks. The EXIF orientation is applied first, so the
    picture stands as it did; the colour profile stays. Returns (bytes, width, height).
    (OWASP File Upload Cheat Sheet: rewrite uploaded images.)"""
    from PIL import ImageOps

    icc = img.info.get("icc_profile")
    turned = (ImageOps.exif_transpose(img) or img).copy()
    turned.info = {}  # Pillow writes a JPEG comment or PNG text kept here back on save
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if kind == "JPEG":
        rgb = turned if turned.mode in ("RGB", "L", "CMYK") else turned.convert("RGB")
        rgb.save(out, "JPEG", quality=90, optimize=True, **extra)
    elif kind == "WebP":
        turned.save(out, "WEBP", quality=90, **extra)
    elif kind == "GIF":
        turned.save(out, "GIF")
    else:
        turned.save(out, "PNG", optimize=True, **extra)
    return out.getvalue(), turned.size[0], turned.size[1]


def _looks_like_xml(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip().startswith(b"<")


class _Target(ET.TreeBuilder):
    """Builds the tree and remembers processing instructions (ElementTree drops them,
    but a browser obeys ``<?xml-stylesheet href=…?>``)."""

    def __init__(self):
        super().__init__()
        self.pis: list[tuple[str, str]] = []

    def pi(self, target, data=None):
        self.pis.append((target or "", data or ""))
        return super().pi(target, data)


_ACTIVE_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed",
                    "object", "frame", "frameset", "applet", "meta", "base", "link"}
_ANIMATION_ELEMENTS = {"animate", "set", "animatetransform", "animatemotion", "animatecolor",
                       "discard"}
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z",
                         re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)\s*(.?)", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _squeeze(text: str) -> str:
    """Lower-case, without whitespace and control characters (``java\\tscript:``)."""
    return "".join(c for c in text.lower() if not c.isspace() and c.isprintable())


def _css_unescape(css: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            try:
                return chr(int(m.group(1), 16))
            except (ValueError, OverflowError):
                return "\ufffd"
        return m.group(2)
    return _CSS_ESCAPE.sub(repl, css)


def _check_css(css: str) -> None:
    plain = _squeeze(_css_unescape(css))
    for scheme in _SCRIPT_SCHEMES:
        if scheme in plain:
            raise PictureError("picture_svg_script", what=scheme)
    if "expression(" in plain or "behavior:" in plain or "-moz-binding" in plain:
        raise PictureError("picture_svg_script", what="CSS")
    if "@import" in plain:
        raise PictureError("picture_svg_external", what="@import")
    if "image-set(" in plain:
        raise PictureError("picture_svg_external", what="image-set()")
    for m in _URL.finditer(plain):
        if m.group(2) != "#":
            raise PictureError("picture_svg_external", what="url()")


def _check_svg(name: str, data: bytes) -> CheckedUpload:
    target = _Target()
    parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except (DTDForbidden, EntitiesForbidden):
        raise PictureError("picture_svg_doctype") from None
    except ExternalReferenceForbidden:
        raise PictureError("picture_svg_external", what="DOCTYPE") from None
    except DefusedXmlException:
        raise PictureError("picture_svg_doctype") from None
    except (ET.ParseError, ValueError, UnicodeError):
        raise PictureError("picture_broken") from None
    if not isinstance(root.tag, str) or root.tag != f"{{{SVG_NS}}}svg":
        raise PictureError("picture_svg_not_svg")
    _check_extension(name, _SVG)
    for pi_target, pi_data in target.pis:
        if pi_target.lower() == "xml-stylesheet" or "href" in pi_data.lower():
            raise PictureError("picture_svg_external", what=f"<?{_short(pi_target, 30)}?>")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # a processing instruction inside the tree (checked above)
        tag = _local(el.tag)
        if tag in _ACTIVE_ELEMENTS:
            raise PictureError("picture_svg_script", what=_local(el.tag) if tag != "foreignobject"
                               else "foreignObject")
        if tag == "style":
            _check_css("".join(el.itertext()))
        for attr, value in el.attrib.items():
            aname = _local(attr)
            if aname.startswith("on"):
                raise PictureError("picture_svg_script", what=_short(aname, 30))
            plain = _squeeze(value)
            for scheme in _SCRIPT_SCHEMES:
                if scheme in plain:
                    raise PictureError("picture_svg_script", what=scheme)
            if tag in _ANIMATION_ELEMENTS and aname == "attributename" and (
                    _local(plain).startswith("on") or _local(plain).endswith("href")
                    or plain.endswith(":href")):
                # SMIL could set an event handler or a link target after the check
                raise PictureError("picture_svg_script", what=f"<{tag} attributeName>")
            if aname in ("href", "src"):
                stripped = value.strip()
                if not (stripped.startswith("#") or _DATA_IMAGE.match(stripped)):
                    raise PictureError("picture_svg_external", what=_short(stripped, 60))
            elif aname == "style" or "url(" in plain or "@import" in plain:
                _check_css(value)
        if el.text and tag != "style" and "url(" in _squeeze(el.text):
            # text of an unknown element a browser might still treat as CSS
            _check_css(el.text)
    return CheckedUpload(data=data, mime=_SVG[0], extension=_SVG[1], width=None, height=None)


def check_licence(licence: str, author: str, alt: dict[str, str], default_lang: str) -> None:
    """Check the details staff give with an uploaded picture. Raises
    :class:`PictureError` when ``licence`` is blank (``picture_licence_missing``),
    ``author`` is blank (``picture_author_missing``), ``alt`` (text alternative per
    language) has no non-blank text in ``default_lang`` (``picture_alt_missing``), or
    any of its texts is over :data:`MAX_ALT_CHARS` characters (``picture_alt_too_long``).
    Returns None when all is well.

    Sources: WCAG 2.1/2.2 success criterion 1.1.1 Non-text Content (every picture has a
    text alternative); a picture's reuse needs its licence and author (CC licences
    require attribution)."""
    if not (licence or "").strip():
        raise PictureError("picture_licence_missing")
    if not (author or "").strip():
        raise PictureError("picture_author_missing")
    alt = alt or {}
    if not (alt.get(default_lang) or "").strip():
        raise PictureError("picture_alt_missing", language=language_name(default_lang))
    for lang, text in alt.items():
        n = len((text or "").strip())
        if n > MAX_ALT_CHARS:
            raise PictureError("picture_alt_too_long", language=language_name(lang), n=n,
                               max=MAX_ALT_CHARS)
