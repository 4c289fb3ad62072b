"""Scripts other than Latin in the PDFs (QR poster and report) and in masking (issue 9.5).

The PDFs are read back with pypdf: the text in logical order (pypdf reorders an unshaped
right-to-left run the wrong way round) and the glyphs of the embedded font subsets (joined
Arabic and Persian letters are their own glyphs: initial, medial and final forms).
"""

from __future__ import annotations

import io
import os
import re

import pytest
from _helpers import SMALL_SURVEY, write_survey
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from analysis.report import Chart, ReportContent, TableRow, pdf_from_content
from analysis.text import find_personal_data, mask_personal_data
from raati.i18n import LANGUAGE_NAMES
from raati.pdffonts import FALLBACKS, PLACEHOLDER, fallback_fonts, printable
from raati.poster import qr_poster_pdf
from raati.surveys import find_survey

LINK = "https://raati.example.fi/?r=Ab3dEfG1IjKl"

# A survey title in each script the answer pages offer (raati.i18n.LANGUAGE_NAMES).
TITLES = {
    "ar": "استبيان ورشة العمل",
    "fa": "نظرسنجی کارگاه پیشه",
    "ru": "Опрос мастерской",
    "uk": "Опитування майстерні: ї є ґ",
    "se": "Bargobáji jearahallan: ŋ š ž č đ ŧ",
    "et": "Töökoja küsitlus: õ ä ö ü š ž",
    "so": "Sahanka aqoon-isweydaarsiga",
    "ku": "Anketa atolyeyê: ç ê î û ş",
    "vi": "Khảo sát xưởng",
    "tr": "Atölye anketi: ğ ı ş",
    "th": "แบบสำรวจโรงงาน",
    "zh": "工作坊问卷",
}
RTL_TITLES = ("ar", "fa")
# Scripts that DejaVu lacks: they print only with the fallback font of raati.pdffonts.
NEEDS_FALLBACK = {"th": "Loma", "zh": "DroidSansFallback"}

ANSWER = "الموظفون لطيفون جدا 👍 kiitos 🙂"


def _has_fallback(family: str) -> bool:
    return any(f == family for f, _ in fallback_fonts())


def need_fallback(family: str) -> None:
    """Skip where the Debian package of ``family`` is missing; on CI (.ci/run installs
    it) fail instead, so a broken install step cannot hide."""
    if _has_fallback(family):
        return
    package = next(p for f, p, _ in FALLBACKS if f == family)
    if os.environ.get("CI"):
        pytest.fail(f"font {family} missing: .ci/run must install {package}")
    pytest.skip(f"font {family} missing: apt-get install {package}")


def pdf_text(data: bytes) -> str:
    """All pages' text, every run of white space as one space. Control characters are
    left out: a glyph that shaping makes from part of a letter (Thai ำ is drawn as two)
    has no text of its own and comes out as one."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(p.extract_text() for p in reader.pages)
    return " ".join("".join(ch for ch in text if ch.isspace() or ch >= " ").split())


def embedded_fonts(data: bytes) -> dict[str, TTFont]:
    """The embedded font subsets of the PDF by base font name (``ABCDEF+DejaVuSans``)."""
    reader = PdfReader(io.BytesIO(data))
    out = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            out[str(font["/BaseFont"])] = TTFont(io.BytesIO(desc["/FontFile2"].get_object().get_data()))
    return out


def joined_forms(data: bytes) -> set[str]:
    """Glyph names of Arabic-script contextual forms in the PDF's fonts: the presentation
    forms (U+FB50-FDFF, U+FE70-FEFF) or ``.init/.medi/.fina`` glyphs. An unshaped text
    only ever embeds the isolated base letters (U+0600-06FF)."""
    names = set()
    for font in embedded_fonts(data).values():
        for name in font.getGlyphOrder():
            m = re.fullmatch(r"uni([0-9A-F]{4})(?:\.\w+)?", name)
            if m and (0xFB50 <= int(m.group(1), 16) <= 0xFDFF
                      or 0xFE70 <= int(m.group(1), 16) <= 0xFEFF
                      or name.endswith((".init", ".medi", ".fina"))):
                names.add(name)
    return names


def survey_in(defs, lang: str, title: str):
    data = {**SMALL_SURVEY, "id": f"kysely{lang}", "title": {"fi": "Kysely", lang: title},
            "languages": ["fi", lang] if lang != "fi" else ["fi"]}
    write_survey(defs, data)
    return find_survey(defs, f"kysely{lang}")


def content(title: str, texts: list[str], label: str | None = None) -> ReportContent:
    """A report of a survey titled ``title`` with ``texts`` as its open answers; the
    table row and the text heading are ``label`` (default: the title)."""
    label = label or title
    return ReportContent(
        lang="fi", title=title, kicker="Raportti", title_extra="", units_label="Puupaja",
        period_label="", date_label="Tehty 16.3.2026", privacy_note="Yksityisyys.",
        key_figures=[("20", "Vastauksia")], notes=[], weakest=[label], strongest=[],
        likert_charts=[Chart(label)], compare_charts=[], changes=[], option_charts=[],
        table=[TableRow(label, "20", "10 %", "90 %", "3,4", False)],
        text_groups=[(label, texts)],
        headings={k: k for k in (
            "key_figures", "themes", "weakest", "strongest", "themes_lead", "scale_note",
            "comparison", "changes", "other_questions", "table", "col_question", "col_n",
            "col_low", "col_high", "col_mean", "table_note", "texts", "texts_note",
            "no_texts", "units", "period", "continued", "likert_results")},
    )


def test_every_answer_page_language_has_a_title_here():
    assert set(LANGUAGE_NAMES) - {"fi", "sv", "en", "de", "es", "fr"} <= set(TITLES)


# -- the QR poster ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_poster_prints_the_title_in_every_script(small_defs, lang):
    if lang in NEEDS_FALLBACK:
        need_fallback(NEEDS_FALLBACK[lang])
    pdf = qr_poster_pdf(survey_in(small_defs, lang, TITLES[lang]), LINK, lang)
    assert TITLES[lang] in pdf_text(pdf)  # every letter, in the order it was written


@pytest.mark.parametrize("lang", RTL_TITLES)
def test_poster_joins_arabic_and_persian_letters(small_defs, lang):
    pdf = qr_poster_pdf(survey_in(small_defs, lang, TITLES[lang]), LINK, lang)
    assert joined_forms(pdf)


def test_poster_of_a_latin_survey_embeds_no_fallback_font(small_defs):
    pdf = qr_poster_pdf(survey_in(small_defs, "so", TITLES["so"]), LINK, "fi")
    assert all("DejaVu" in name for name in embedded_fonts(pdf))


def test_poster_prints_emoji(small_defs):
    need_fallback("Symbola")
    pdf = qr_poster_pdf(survey_in(small_defs, "fi", "Kysely 👍 ja 🙂"), LINK, "fi")
    assert "Kysely 👍 ja 🙂" in pdf_text(pdf)
    assert any("Symbola" in name for name in embedded_fonts(pdf))


# -- the PDF report --------------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(TITLES))
def test_report_prints_title_table_and_answers_in_every_script(lang):
    if lang in NEEDS_FALLBACK:
        need_fallback(NEEDS_FALLBACK[lang])
    title = TITLES[lang]
    text = pdf_text(pdf_from_content(content(title, [f"{title}: hyvä"])))
    assert text.count(title) >= 4  # title page, themes, table, answers (and the footer)
    assert PLACEHOLDER not in text


@pytest.mark.parametrize("lang", RTL_TITLES)
def test_report_joins_arabic_and_persian_letters(lang):
    pdf = pdf_from_content(content(TITLES[lang], [TITLES[lang]]))
    assert joined_forms(pdf)


def test_report_with_mixed_arabic_finnish_and_emoji_answer():
    need_fallback("Symbola")
    text = pdf_text(pdf_from_content(content("Työpajakysely", [ANSWER])))
    # A right-to-left paragraph (its first letter is Arabic): the Latin run and the
    # emoji stand left of the Arabic, each run in its own order (UAX #9).
    assert "🙂 kiitos 👍 ”الموظفون لطيفون جدا" in text
    assert "Sivu 2/" in text and "{nb}" not in text  # the page count still filled in


def test_report_marks_characters_no_font_has_and_says_so():
    # U+1FAE0 (melting face, Unicode 14) is in none of the fonts; nor is a private-use one.
    missing = "\U0001FAE0\ue000"
    assert not printable(missing)
    text = pdf_text(pdf_from_content(content("Työpajakysely", [f"Hyvä päivä {missing}"])))
    assert f"Hyvä päivä {PLACEHOLDER}{PLACEHOLDER}" in text
    assert f"Merkki {PLACEHOLDER} on sellaisen merkin paikalla" in text


def test_report_without_unprintable_characters_has_no_note():
    text = pdf_text(pdf_from_content(content("Työpajakysely", ["Hyvä päivä"])))
    assert "merkin paikalla" not in text


# -- masking: digits of every script -----------------------------------------------------

DIGITS = {
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
    "full-width": "０１２３４５６７８９",
    "devanagari": "०१२३४५६७८९",
}

PHONES = ["040 123 4567", "050-123 45 67", "+358 40 1234567", "00358 40 1234567",
          "(09) 123 4567", "0401234567"]
HETUS = ["131052-308T", "131052A308T", "010101-123N"]


def in_digits(text: str, system: str) -> str:
    return text.translate(str.maketrans("0123456789", DIGITS[system]))


@pytest.mark.parametrize("system", sorted(DIGITS))
@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_in_other_digits_are_masked(system, phone):
    number = in_digits(phone, system)
    assert mask_personal_data(f"اتصل بي {number} شكرا") == "اتصل بي [puhelin] شكرا"
    assert mask_personal_data(f"Soita {number}.") == "Soita [puhelin]."


@pytest.mark.parametrize("system", sorted(DIGITS))
@pytest.mark.parametrize("hetu", HETUS)
def test_identity_codes_in_other_digits_are_masked(system, hetu):
    code = in_digits(hetu, system)
    assert mask_personal_data(f"Hetu {code} tässä") == "Hetu [hetu] tässä"


def test_full_width_signs_and_letters_count_too():
    assert mask_personal_data("puh ＋３５８ ４０ １２３４５６７") == "puh [puhelin]"
    assert mask_personal_data("hetu １３１０５２Ａ３０８Ｔ") == "hetu [hetu]"
    assert mask_personal_data("hetu １３１０５２－３０８Ｔ") == "hetu [hetu]"


def test_bidi_marks_inside_a_number_do_not_hide_it():
    # Phones put U+200F/U+200E/U+061C around numbers in right-to-left text.
    for mark in ("\u200f", "\u200e", "\u061c"):
        number = f"{mark}٠٤٠{mark} ١٢٣ ٤٥٦٧{mark}"
        assert "[puhelin]" in mask_personal_data(f"رقمي {number}")


def test_rest_of_the_text_is_kept_as_written():
    text = "رقمي ٠٤٠ ١٢٣ ٤٥٦٧ وعمري ٣٥ سنة، ＡＢＣ ١٢٣"
    assert mask_personal_data(text) == "رقمي [puhelin] وعمري ٣٥ سنة، ＡＢＣ ١٢٣"
    spans = find_personal_data(text)
    assert [text[s:e] for s, e, _ in spans] == ["٠٤٠ ١٢٣ ٤٥٦٧"]


@pytest.mark.parametrize("system", sorted(DIGITS))
def test_dates_and_times_in_other_digits_stay(system):
    text = in_digits("Tapaaminen 01.02.2024 klo 09.30, huone 0123", system)
    assert mask_personal_data(text) == text
