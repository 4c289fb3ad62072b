"""The QR poster of a collection round: an A4 PDF that staff print and put on the wall.

Big and simple, for people who read little: a picture, the survey's title, "answer on your
phone", a large QR code of the answer link, the link as text to type, and two plain-language
lines on anonymity. Text is set in the bundled DejaVu fonts, embedded and shaped, so å, ä, ö, Cyrillic,
Sámi letters and joined right-to-left Arabic and Persian print right on every printer;
emoji, Thai and Chinese come from fallback fonts (:mod:`raati.pdffonts`). No Streamlit here: the rounds page only calls :func:`qr_poster_pdf`.
"""

from __future__ import annotations

import io
import logging
import math
import re
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy

from raati import config
from raati.i18n import t, ui_language
from raati.pdffonts import RaatiFontsMixin
from raati.qr import qr_png
from raati.surveys import Survey

log = logging.getLogger(__name__)

# A4 portrait, in millimetres.
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 16.0
CONTENT_W = PAGE_W - 2 * MARGIN
TOP, BOTTOM = 12.0, PAGE_H - 10.0
QR_MAX, QR_MIN = 150.0, 120.0  # the QR code's side, its white quiet zone included
PICTURE_H = 30.0
BOX_PAD = 5.0
PT = 25.4 / 72  # one point in millimetres

INK = (17, 17, 17)  # near black on white: the highest contrast that prints well
ACCENT = (11, 79, 138)  # dark blue, 8:1 against white
MUTED = (70, 70, 70)  # 10:1 against white
SOFT = (232, 240, 248)  # the light box behind the anonymity lines

# For "answering takes about N minutes". People who read slowly answer too: about half a
# minute for each closed question and a minute for each open one, never under 2 minutes.
SECONDS_CLOSED, SECONDS_TEXT, MIN_MINUTES = 30, 60, 2

# Sizes in points, biggest first: each text takes the biggest one that fits.
TITLE_SIZES = range(34, 17, -1)
CALL_SIZES = range(24, 15, -1)
LINK_SIZES = range(18, 12, -1)  # on one line; a longer link goes on two lines at 13 pt
LINK_BREAKS = "/?&=."


def answer_minutes(survey: Survey) -> int:
    """About how many minutes answering ``survey`` takes."""
    seconds = sum(SECONDS_TEXT if q.type == "text" else SECONDS_CLOSED for q in survey.questions)
    return max(MIN_MINUTES, math.ceil(seconds / 60))


def poster_picture(survey: Survey, defs_dir: str | Path | None = None) -> Path | None:
    """The picture of the survey's first question that has one, as a file, or None."""
    rel = next((q.picture for q in survey.questions if q.picture), None)
    if not rel:
        return None
    if defs_dir is None:
        defs_dir = survey.picture_dir or config.defs_dir()
    path = Path(defs_dir) / rel
    return path if path.is_file() else None


def is_openmoji(picture: Path) -> bool:
    """Whether the LICENSES.md beside ``picture`` lists it as an OpenMoji picture."""
    try:
        text = (picture.parent / "LICENSES.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    row = re.compile(rf"`{re.escape(picture.name)}`.*openmoji", re.IGNORECASE)
    return any(row.search(line) for line in text.splitlines())


class _Poster(RaatiFontsMixin, FPDF):
    """FPDF with the bundled fonts, text shaping (Arabic and Persian joined, right to
    left), fallback fonts for emoji and other scripts (:mod:`raati.pdffonts`) and a few
    measuring helpers (sizes in pt, lengths in mm)."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.c_margin = 0
        self.setup_fonts(mono=True)

    def lines(self, text: str, size: float, style: str = "", w: float = CONTENT_W,
              family: str = "DejaVu") -> int:
        self.set_font(family, style, size)
        return len(self.multi_cell(w, text=text, dry_run=True, output="LINES"))

    def height(self, text: str, size: float, style: str = "", w: float = CONTENT_W,
               family: str = "DejaVu", leading: float = 1.2) -> float:
        return self.lines(text, size, style, w, family) * size * leading * PT

    def fit(self, text: str, sizes: range, max_lines: int, style: str = "B") -> int:
        """The biggest size of ``sizes`` at which ``text`` takes at most ``max_lines``."""
        return next((s for s in sizes if self.lines(text, s, style) <= max_lines), sizes[-1])

    def balanced(self, text: str, size: float, style: str = "B") -> str:
        """``text`` on two lines of about equal width when it needs two, breaking after a
        colon or comma if there is one, so that no word is left alone on the last line."""
        if "\n" in text or self.lines(text, size, style) != 2:
            return text
        self.set_font("DejaVu", style, size)
        words = text.split(" ")
        best, best_key = text, None
        for i in range(1, len(words)):
            first, second = " ".join(words[:i]), " ".join(words[i:])
            widest = max(self.get_string_width(first), self.get_string_width(second))
            key = (not first.endswith((":", ",", ";", "–", "—")), widest)
            if widest <= CONTENT_W and (best_key is None or key < best_key):
                best, best_key = f"{first}\n{second}", key
        return best

    def sentence_lines(self, text: str, size: float, style: str = "",
                       w: float = CONTENT_W) -> str:
        """``text`` if it fits on one line, else one sentence a line, as plain language is
        set: a short sentence is never broken in the middle."""
        if self.lines(text, size, style, w) <= 1:
            return text
        return "\n".join(re.split(r"(?<=[.!?])\s+", text.strip()))

    def link_text(self, link: str) -> tuple[str, int]:
        """The link and its size: on one line if it fits at 13 pt or more, else broken
        once after a / ? & = or . (never inside a word of the token) onto two lines."""
        self.set_font("DejaVuMono", "", LINK_SIZES[0])
        for size in LINK_SIZES:
            self.set_font_size(size)
            if self.get_string_width(link) <= CONTENT_W:
                return link, size
        size = LINK_SIZES[-1]
        self.set_font_size(size)
        cuts = [i + 1 for i, ch in enumerate(link) if ch in LINK_BREAKS
                and self.get_string_width(link[: i + 1]) <= CONTENT_W]
        cut = cuts[-1] if cuts else len(link) // 2
        return f"{link[:cut]}\n{link[cut:]}", size

    def block(self, text: str, size: float, *, style: str = "", family: str = "DejaVu",
              color: tuple[int, int, int] = INK, leading: float = 1.2,
              x: float = MARGIN, w: float = CONTENT_W) -> None:
        """Centred text at the current height; the current height moves below it."""
        self.set_font(family, style, size)
        self.set_text_color(*color)
        self.set_x(x)
        self.multi_cell(w, h=size * leading * PT, text=text, align="C",
                        new_x="LMARGIN", new_y="NEXT")


def _draw_svg(pdf: FPDF, svg: bytes, x: float, y: float, h: float) -> None:
    # A survey picture may only draw: it must not make fpdf2 fetch files or URLs.
    pdf.image(io.BytesIO(svg), x=x, y=y, w=h, h=h, keep_aspect_ratio=True,
              resource_access_policy=ResourceAccessPolicy.NONE)


def _drawable_svg(picture: Path | None) -> bytes | None:
    """The picture's SVG if fpdf2 can draw it (tried on a scratch page), else None:
    a picture that cannot be drawn leaves the poster without a picture, never broken."""
    if picture is None:
        return None
    try:
        svg = picture.read_bytes()
        scratch = FPDF(unit="mm")
        scratch.add_page()
        _draw_svg(scratch, svg, 0, 0, PICTURE_H)
    except Exception as exc:
        log.warning("QR poster without its picture: cannot draw %s: %s", picture, exc)
        return None
    return svg


def _qr_link_and_box(pdf, link: str, qr_alt: str, qr_side: float, spare: float, lead: str,
                     link_text: str, link_size: float, box_h: float, inner_w: float,
                     box_bold: str, box_plain: str) -> None:
    """The lower half both posters share, from the current y: the QR code of ``link``
    (``qr_side`` mm, clickable, ``qr_alt`` its text alternative), the ``lead`` line, the
    link as text (clickable), and the soft box of a bold and a plain line; ``spare`` mm
    of free height spread before the QR code and the box."""
    y = pdf.get_y() + 2 + spare
    pdf.image(io.BytesIO(qr_png(link)), x=(PAGE_W - qr_side) / 2, y=y, w=qr_side, h=qr_side,
              link=link, alt_text=qr_alt)
    pdf.set_y(y + qr_side)
    pdf.block(lead, 12, color=MUTED)
    link_top = pdf.get_y()
    pdf.block(link_text, link_size, family="DejaVuMono")
    pdf.link(MARGIN, link_top, CONTENT_W, pdf.get_y() - link_top, link)

    box_y = pdf.get_y() + 6 + spare
    pdf.set_fill_color(*SOFT)
    pdf.rect(MARGIN, box_y, CONTENT_W, box_h, style="F", round_corners=True, corner_radius=4)
    pdf.set_y(box_y + BOX_PAD)
    pdf.block(box_bold, 15, style="B", x=MARGIN + BOX_PAD, w=inner_w)
    pdf.set_y(pdf.get_y() + 1.5)
    pdf.block(box_plain, 15, x=MARGIN + BOX_PAD, w=inner_w)


def qr_poster_pdf(survey: Survey, link: str, lang: str = "fi", unit_name: str | None = None,
                  *, defs_dir: str | Path | None = None) -> bytes:
    """The A4 QR poster of a round of ``survey`` answered at ``link``, as PDF bytes.

    The survey's title is in ``lang``, else in the survey's default language; the poster's
    own words in ``lang`` if the app has that language, else in Finnish. ``defs_dir`` is
    where the survey's pictures are (default: the folder of the survey file).
    """
    ui = ui_language(lang)
    title = survey.text(survey.title, lang) or survey.id
    unit_name = (unit_name or "").strip() or None
    picture = poster_picture(survey, defs_dir)
    svg = _drawable_svg(picture)

    pdf = _Poster()
    pdf.set_title(title)
    pdf.set_subject(t("poster_call", ui))
    pdf.set_creator("Raati")
    pdf.set_lang(lang)
    pdf.add_page()

    # -- what to write, and how big ------------------------------------------------------
    inner_w = CONTENT_W - 2 * BOX_PAD
    call = t("poster_call", ui)
    call_size = pdf.fit(call, CALL_SIZES, max_lines=1)
    scan = pdf.sentence_lines(t("poster_scan", ui), 14)
    lead = t("poster_type_link", ui)
    link_text, link_size = pdf.link_text(link)
    anon = pdf.sentence_lines(t("poster_anonymous", ui), 15, "B", inner_w)
    time = pdf.sentence_lines(t("poster_time", ui, n=answer_minutes(survey)), 15, "", inner_w)
    box_h = 2 * BOX_PAD + pdf.height(anon, 15, "B", inner_w) + 1.5 + pdf.height(time, 15, "", inner_w)
    credit = t("poster_credit", ui) if svg and is_openmoji(picture) else None

    fixed = (
        ((PICTURE_H + 4) if svg else 0)
        + ((pdf.height(unit_name, 17) + 1) if unit_name else 0)
        + 5 + pdf.height(call, call_size, "B") + pdf.height(scan, 14) + 2
        + pdf.height(lead, 12) + pdf.height(link_text, link_size, family="DejaVuMono")
        + 6 + box_h
        + (7 if credit else 0)
    )
    # The title takes the biggest size at which it fits on two lines (a very long one:
    # three), smaller still if the QR code would otherwise get less than QR_MIN; the QR
    # code gets all the room that is left.
    title_lines = 2 if pdf.lines(title, TITLE_SIZES[-1], "B") <= 2 else 3
    title_size = pdf.fit(title, TITLE_SIZES, max_lines=title_lines)
    for size in range(title_size, TITLE_SIZES[-1] - 1, -1):
        title_size, title_text = size, pdf.balanced(title, size)
        room = BOTTOM - TOP - fixed - pdf.height(title_text, size, "B", leading=1.15)
        if room >= QR_MIN:
            break
    qr_side = max(QR_MIN, min(QR_MAX, room))
    spare = max(0.0, room - qr_side) / 3  # what is left over: around the QR code and box

    # -- draw, top to bottom ---------------------------------------------------------------
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, PAGE_W, 5, style="F")  # a thin band of colour, friendly and cheap on ink
    y = TOP
    if svg:
        _draw_svg(pdf, svg, (PAGE_W - PICTURE_H) / 2, y, PICTURE_H)
        y += PICTURE_H + 4
    pdf.set_y(y)
    pdf.block(title_text, title_size, style="B", leading=1.15)
    if unit_name:
        pdf.set_y(pdf.get_y() + 1)
        pdf.block(unit_name, 17, color=MUTED)

    pdf.set_y(pdf.get_y() + 5)
    pdf.block(call, call_size, style="B", color=ACCENT)
    pdf.block(scan, 14)

    _qr_link_and_box(pdf, link, t("poster_qr_alt", ui), qr_side, spare, lead, link_text,
                     link_size, box_h, inner_w, anon, time)

    if credit:
        pdf.set_y(PAGE_H - 11)
        pdf.block(credit, 8, color=MUTED)
    return bytes(pdf.output())


def actions_poster_pdf(unit_name: str, link: str, lang: str = "fi") -> bytes:
    """The A4 QR poster of a unit's public "you said, we did" page (contract §6), as PDF
    bytes: the title *Te sanoitte – me teimme*, the unit's name, "see on your phone what
    we have done", a large QR code of ``link`` (raati.config.actions_link), the link as
    text and two plain-language lines (what the page is; no names on it, it can be
    listened to). The words in ``lang`` if the app has that language, else in Finnish;
    the same fonts and layout rules as the round poster (qr_poster_pdf)."""
    ui = ui_language(lang)
    title = t("said_did_title", ui)
    unit_name = (unit_name or "").strip() or None

    pdf = _Poster()
    pdf.set_title(f"{title} · {unit_name}" if unit_name else title)
    pdf.set_subject(t("said_did_poster_call", ui))
    pdf.set_creator("Raati")
    pdf.set_lang(ui)
    pdf.add_page()

    inner_w = CONTENT_W - 2 * BOX_PAD
    call = t("said_did_poster_call", ui)
    call_size = pdf.fit(call, CALL_SIZES, max_lines=2)
    call = pdf.balanced(call, call_size)
    scan = pdf.sentence_lines(t("poster_scan", ui), 14)
    lead = t("poster_type_link", ui)
    link_text, link_size = pdf.link_text(link)
    intro = pdf.sentence_lines(t("said_did_intro", ui), 15, "B", inner_w)
    note = pdf.sentence_lines(t("said_did_poster_box", ui), 15, "", inner_w)
    box_h = (2 * BOX_PAD + pdf.height(intro, 15, "B", inner_w) + 1.5
             + pdf.height(note, 15, "", inner_w))
    title_size = pdf.fit(title, TITLE_SIZES, max_lines=2)
    title_text = pdf.balanced(title, title_size)
    fixed = (pdf.height(title_text, title_size, "B", leading=1.15)
             + ((pdf.height(unit_name, 20) + 1) if unit_name else 0)
             + 6 + pdf.height(call, call_size, "B") + pdf.height(scan, 14) + 2
             + pdf.height(lead, 12) + pdf.height(link_text, link_size, family="DejaVuMono")
             + 6 + box_h)
    room = BOTTOM - TOP - 8 - fixed
    qr_side = max(QR_MIN, min(QR_MAX, room))
    spare = max(0.0, room - qr_side) / 3

    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, PAGE_W, 5, style="F")
    pdf.set_y(TOP + 8)
    pdf.block(title_text, title_size, style="B", leading=1.15)
    if unit_name:
        pdf.set_y(pdf.get_y() + 1)
        pdf.block(unit_name, 20, color=MUTED)
    pdf.set_y(pdf.get_y() + 6)
    pdf.block(call, call_size, style="B", color=ACCENT)
    pdf.block(scan, 14)

    _qr_link_and_box(pdf, link, t("said_did_poster_qr_alt", ui), qr_side, spare, lead,
                     link_text, link_size, box_h, inner_w, intro, note)
    return bytes(pdf.output())
