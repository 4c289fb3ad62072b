"""The QR poster (raati/poster.py): an A4 PDF read back with pypdf, its QR code decoded."""

from __future__ import annotations

import io
import re

import pytest
from _helpers import SHIPPED_DEFS, SMALL_SURVEY, write_survey
from pypdf import PdfReader

from raati import config
from raati.i18n import t, translated_languages
from raati.poster import QR_MIN, answer_minutes, is_openmoji, poster_picture, qr_poster_pdf
from raati.surveys import find_survey

LINK = "https://raati.example.fi/?r=Ab3dEfG1IjKl"
MM = 72 / 25.4  # points in a millimetre


@pytest.fixture(scope="module")
def viikko():
    return find_survey(SHIPPED_DEFS, "viikkofiilis")


@pytest.fixture(scope="module")
def fi_pdf(viikko) -> bytes:
    return qr_poster_pdf(viikko, LINK, "fi", "Työpaja Åkerö")


def read(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader, reader.pages[0]


def text_of(page) -> str:
    """The page's text with every run of white space as one space (titles wrap)."""
    return " ".join(page.extract_text().split())


def qr_images(page):
    """(name, width in pt) of each image drawn on the page, from its content stream."""
    content = page.get_contents().get_data().decode("latin-1")
    return [(name, float(w)) for w, name in
            re.findall(r"([\d.]+) 0 0 [\d.]+ [\d.]+ [\d.]+ cm\s*/(\w+) Do", content)]


def test_one_a4_portrait_page(fi_pdf):
    _, page = read(fi_pdf)
    assert abs(float(page.mediabox.width) - 595) <= 1
    assert abs(float(page.mediabox.height) - 842) <= 1


def test_finnish_poster_says_it_all_with_a_a_o_right(fi_pdf):
    _, page = read(fi_pdf)
    text = text_of(page)
    assert "Viikkofiilis: miten viikko meni?" in text
    assert "Työpaja Åkerö" in text
    assert LINK in text
    assert t("poster_call", "fi") in text  # Vastaa kyselyyn puhelimellasi
    assert "Emme kysy nimeäsi. Kukaan ei näe, mitä sinä vastasit." in text
    assert "Vastaaminen vie noin 3 minuuttia." in text
    assert "Kuvat: OpenMoji, CC BY-SA 4.0" in text  # viikko.svg is an OpenMoji picture


def test_swedish_poster(viikko):
    _, page = read(qr_poster_pdf(viikko, LINK, "sv"))
    text = text_of(page)
    assert "Veckokänslan: hur gick veckan?" in text
    assert "Svara på enkäten med din telefon" in text
    assert t("poster_anonymous", "sv") in text
    assert "Bilder: OpenMoji, CC BY-SA 4.0" in text
    assert "Vastaa" not in text and LINK in text


def test_title_falls_back_to_the_default_language_and_words_to_finnish(small_defs):
    survey = find_survey(small_defs, "kysely")  # title in fi and sv only
    _, page = read(qr_poster_pdf(survey, LINK, "en"))
    text = text_of(page)
    assert text.startswith("Kysely") and "Answer the survey on your phone" in text
    # A survey language the app itself does not speak: the poster's words in Finnish.
    _, page = read(qr_poster_pdf(survey, LINK, "de"))
    assert t("poster_anonymous", "fi") in text_of(page)
    # One it speaks (issue 11: a catalogue in raati/locale): the poster's words in it.
    _, page = read(qr_poster_pdf(survey, LINK, "so"))
    assert t("poster_anonymous", "so") in text_of(page)


def test_metadata_title_and_language(fi_pdf, viikko):
    reader, _ = read(fi_pdf)
    assert reader.metadata.title == "Viikkofiilis: miten viikko meni?"
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    reader, _ = read(qr_poster_pdf(viikko, LINK, "sv"))
    assert reader.metadata.title == "Veckokänslan: hur gick veckan?"
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_fonts_are_embedded(fi_pdf):
    _, page = read(fi_pdf)
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert len(fonts) >= 2  # regular and bold at least
    for font in fonts:
        descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                      if "/DescendantFonts" in font else font["/FontDescriptor"]).get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]
        assert "DejaVu" in font["/BaseFont"]


def test_qr_code_is_an_image_at_least_120_mm_wide(fi_pdf):
    _, page = read(fi_pdf)
    xobjects = {name.lstrip("/"): x.get_object()
                for name, x in page["/Resources"]["/XObject"].items()}
    drawn = qr_images(page)
    assert drawn and all(xobjects[name]["/Subtype"] == "/Image" for name, _ in drawn)
    assert max(width for _, width in drawn) >= QR_MIN * MM - 0.5


def test_qr_code_decodes_back_to_the_link(fi_pdf):
    zxingcpp = pytest.importorskip("zxingcpp")
    _, page = read(fi_pdf)
    found = [b.text for image in page.images for b in zxingcpp.read_barcodes(image.image)]
    assert found == [LINK]


def test_long_title_and_link_still_fit_on_one_page(small_defs):
    data = {**SMALL_SURVEY, "id": "pitka",
            "title": "Kuntouttavan työtoiminnan ja työvalmennuksen asiakaskysely syksyllä "
                     "2025: miten palvelu on sinua auttanut arjessa ja mitä toivot?"}
    write_survey(small_defs, data)
    link = "https://raati.palvelut.esimerkkikaupunki.fi/tyotoiminta/palaute/?r=Ab3dEfG1IjKl"
    survey = find_survey(small_defs, "pitka")
    _, page = read(qr_poster_pdf(survey, link, "fi", "Työpaja Pajala, Itäkeskuksen toimipiste"))
    text = text_of(page)
    assert "miten palvelu on sinua auttanut" in text
    # A long link goes on two lines, broken after a "/" and never inside the token.
    assert "esimerkkikaupunki.fi/tyotoiminta/palaute/ ?r=Ab3dEfG1IjKl" in text
    assert max(w for _, w in qr_images(page)) >= QR_MIN * MM - 0.5
    assert t("poster_time", "fi", n=answer_minutes(survey)) in text


def test_picture_that_cannot_be_drawn_leaves_it_out(small_defs):
    (small_defs / "pictures" / "p.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><g",
                                                    encoding="utf-8")
    survey = find_survey(small_defs, "kysely")
    assert poster_picture(survey) == small_defs / "pictures" / "p.svg"
    _, page = read(qr_poster_pdf(survey, LINK, "fi"))
    text = text_of(page)
    assert LINK in text and "OpenMoji" not in text


def test_credit_only_for_openmoji_pictures(small_defs):
    survey = find_survey(small_defs, "kysely")  # p.svg is a picture of its own
    assert not is_openmoji(small_defs / "pictures" / "p.svg")
    assert "OpenMoji" not in text_of(read(qr_poster_pdf(survey, LINK, "fi"))[1])
    assert is_openmoji(SHIPPED_DEFS / "pictures" / "viikko.svg")


def test_survey_without_pictures(small_defs):
    data = {**SMALL_SURVEY, "id": "kuvaton",
            "questions": [{k: v for k, v in q.items() if k != "picture"}
                          for q in SMALL_SURVEY["questions"]]}
    write_survey(small_defs, data)
    survey = find_survey(small_defs, "kuvaton")
    assert poster_picture(survey) is None
    text = text_of(read(qr_poster_pdf(survey, LINK, "fi"))[1])
    assert LINK in text and "OpenMoji" not in text


def test_answer_minutes():
    assert answer_minutes(find_survey(SHIPPED_DEFS, "viikkofiilis")) == 3  # 4 scales + a text
    assert answer_minutes(find_survey(SHIPPED_DEFS, "asiakaskysely")) == 7  # 10 + 2 texts


def test_texts_in_three_languages_and_fonts_with_their_licence():
    for key in ("download_poster", "poster_call", "poster_scan", "poster_type_link",
                "poster_anonymous", "poster_time", "poster_credit", "poster_qr_alt"):
        assert translated_languages(key) >= {"fi", "sv", "en"}, key
    assert t("download_poster", "fi") == "Lataa QR-juliste (A4, PDF)"
    for font in (config.FONT_REGULAR, config.FONT_BOLD, config.FONT_MONO):
        assert font.is_file()
    licence = (config.FONTS_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Arev" in licence
