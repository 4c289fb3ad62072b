"""The presentation as a PowerPoint deck (analysis.presentation_pptx), read back with
python-pptx: one deck slide per slide, native charts, notes pages, large type, the QR
code on the last slide, and no unapproved or unmasked text (a hostile fixture)."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Pt

from analysis.presentation import build_slides
from analysis.presentation_pptx import presentation_pptx
from analysis.views import build_view, published_counts, shown_texts
from raati.actions import Action
from raati.qr import qr_png
from raati.surveys import find_survey
from tests._helpers import SHIPPED_DEFS, pptx_text
from tests._hostile_text import hostile

LINK = "https://raati.example.fi/?r=Xk3p9Qa2"


@pytest.fixture
def survey():
    return find_survey(SHIPPED_DEFS, "asiakaskysely")


@pytest.fixture
def hostile_deck(demo_store, survey):
    """A deck of the demo's Puupaja with: one approved text holding a phone number and
    an e-mail address (masked at approval: what the store gives), one approved text a
    moderator edited to hold them unmasked, one approved hostile Markdown text, the
    rest unmoderated; an action whose said holds a phone number."""
    free = demo_store.free_texts(survey.id, ["parasta", "muutettavaa"])
    mine = [i for i in free if i["unit"] == "puupaja"]
    decisions = {
        0: "Soittakaa minulle [puhelin] jos tulee työpaikka.",
        1: "Minulle voi kirjoittaa maija.virtanen@example.org tai soittaa 040 765 4321",
        2: hostile("HOSTILE")[:200],
    }
    for i, text in decisions.items():
        item = mine[i]
        demo_store.moderate(item["response_id"], item["question"], item["kind"],
                            "approved", text, "x")
    unapproved = [i["text"] for i in mine[3:] if len(i["text"]) >= 15]
    view = build_view(survey, published_counts(demo_store, survey, 5), 5, units=["puupaja"])
    texts = shown_texts(view, free, demo_store.moderation_state(survey.id))
    acts = [Action(1, "puupaja", "Soittakaa 040 111 2222", "Tauot pidemmiksi", "done", True)]
    slides = build_slides(survey, view, texts=texts, actions=acts, expected=40,
                          unit_label="Puupaja")
    data = presentation_pptx(slides, title="Asiakaskysely", feedback_link=LINK,
                             qr_png=qr_png(LINK))
    return slides, data, unapproved


def test_one_deck_slide_per_slide_with_notes(hostile_deck):
    slides, data, _ = hostile_deck
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == len(slides)
    for slide, page in zip(slides, deck.slides, strict=True):
        assert page.has_notes_slide
        assert page.notes_slide.notes_text_frame.text == slide.notes
        texts = [sh.text_frame.text for sh in page.shapes if sh.has_text_frame]
        assert any(slide.title in x for x in texts)


def test_native_charts_where_the_slides_have_charts(hostile_deck):
    slides, data, _ = hostile_deck
    deck = Presentation(io.BytesIO(data))
    for slide, page in zip(slides, deck.slides, strict=True):
        charts = [sh for sh in page.shapes if sh.has_chart]
        assert len(charts) == (1 if slide.chart is not None else 0), slide.kind
        assert not [sh for sh in page.shapes if sh.shape_type == 13 and slide.chart]
        if slide.chart is not None:
            chart = charts[0].chart
            values = list(chart.plots[0].series[0].values)
            assert values == [r.k for r in slide.chart.rows]
            assert chart.value_axis.maximum_scale == max(r.n for r in slide.chart.rows)
    kinds = {s.kind for s in slides if s.chart is not None}
    assert {"answered", "went_well", "improve", "actions"} <= kinds


def test_large_type(hostile_deck):
    _, data, _ = hostile_deck
    deck = Presentation(io.BytesIO(data))
    sizes = [run.font.size for page in deck.slides for sh in page.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for run in p.runs if run.text.strip()]
    assert sizes and min(sizes) >= Pt(18)
    titles = [page.shapes[0].text_frame.paragraphs[0].runs[0].font.size
              for page in list(deck.slides)[1:]]
    assert all(size >= Pt(40) for size in titles)


def test_qr_code_and_link_on_the_last_slide(hostile_deck):
    slides, data, _ = hostile_deck
    last = list(Presentation(io.BytesIO(data)).slides)[-1]
    assert slides[-1].kind == "feedback"
    pictures = [sh for sh in last.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.blob == qr_png(LINK)
    assert LINK in "\n".join(sh.text_frame.text for sh in last.shapes if sh.has_text_frame)


def test_no_unapproved_no_unmasked_no_hidden_text(hostile_deck):
    slides, data, unapproved = hostile_deck
    text = pptx_text(data)
    notes = "\n".join(p.notes_slide.notes_text_frame.text
                      for p in Presentation(io.BytesIO(data)).slides)
    everything = text + "\n" + notes
    assert "Soittakaa minulle [puhelin] jos tulee työpaikka." in text
    assert "maija.virtanen@example.org" not in everything and "[sähköposti]" in text
    for number in ("040 765 4321", "040 111 2222", "040 123 4567"):
        assert number not in everything
    assert unapproved
    for item in unapproved:
        assert item not in everything
    assert "HOSTILE" in text  # the hostile text is shown as written, as text
    # Nothing hidden: every shape on the slide, none marked hidden.
    deck = Presentation(io.BytesIO(data))
    for page in deck.slides:
        for sh in page.shapes:
            assert sh._element.xpath("./*[1]/p:cNvPr/@hidden") in ([], ["0"])
            assert sh.left >= 0 and sh.top >= 0
            assert sh.left + sh.width <= deck.slide_width
            assert sh.top + sh.height <= deck.slide_height


def test_characters_xml_cannot_hold_are_dropped(survey, demo_store):
    view = build_view(survey, published_counts(demo_store, survey, 5), 5, units=["puupaja"])
    texts = [{"question": "parasta", "kind": "value", "text": "Hyvä\x00 paikka\ufffe"}]
    data = presentation_pptx(build_slides(survey, view, texts=texts))
    assert "Hyvä paikka" in pptx_text(data)


def test_no_slides_refused():
    with pytest.raises(ValueError):
        presentation_pptx([])


def slide_text(page) -> str:
    return "\n".join(sh.text_frame.text for sh in page.shapes if sh.has_text_frame)


def test_the_deck_says_what_the_browser_says(hostile_deck):
    """The same titles in the same order; the response-rate sentence and its chart on
    "Kuinka moni vastasi?"; each theme item's question (easy text) and sentence."""
    slides, data, _ = hostile_deck
    pages = list(Presentation(io.BytesIO(data)).slides)
    assert slides[0].title in pages[0].shapes[0].text_frame.text
    assert [p.shapes[0].text_frame.text for p in pages[1:]] == [s.title for s in slides[1:]]
    answered = next(p for s, p in zip(slides, pages, strict=True) if s.kind == "answered")
    assert "Noin 6 / 10 kysytyistä vastasi." in slide_text(answered)
    assert [sh for sh in answered.shapes if sh.has_chart]
    for slide, page in zip(slides, pages, strict=True):
        if slide.kind in ("went_well", "improve"):
            text = slide_text(page)
            for line, row in zip(slide.lines, slide.chart.rows, strict=True):
                assert f"{row.label}\n{line}" in text


def test_feedback_slide_without_a_round_says_when_the_qr_comes(survey, demo_store):
    view = build_view(survey, published_counts(demo_store, survey, 5), 5, units=["puupaja"])
    slides = build_slides(survey, view)
    pages = list(Presentation(io.BytesIO(presentation_pptx(slides))).slides)
    assert len(pages) == len(slides) and slides[-1].kind == "feedback"
    text = slide_text(pages[-1])
    assert "Mitä pidit tästä tilaisuudesta?" in text
    assert ("QR-koodi tulee tähän, kun aloitat esityksen Raatissa (Esitys → Aloita esitys) "
            "ja lataat esityksen sen jälkeen esittäjän näkymästä.") in text
    assert not [sh for sh in pages[-1].shapes if sh.shape_type == 13]


# -- a fresh tester: the QR picture's text alternative, whole chart labels ---------------


def test_the_qr_picture_has_a_real_text_alternative(hostile_deck):
    _, data, _ = hostile_deck
    last = list(Presentation(io.BytesIO(data)).slides)[-1]
    (picture,) = [sh for sh in last.shapes if sh.shape_type == 13]
    descr = picture._element.nvPicPr.cNvPr.get("descr")
    assert descr == f"QR-koodi: palaute tilaisuudesta, osoite {LINK}"
    assert picture.name != "image.png" and "QR" in picture.name


def test_chart_labels_wrap_whole_never_cut(hostile_deck):
    """A theme slide's chart names each question whole (its easy text), on lines of at
    most 26 characters: never cut with "…"."""
    from analysis.presentation_pptx import THEME_LABEL_CHARS

    slides, data, _ = hostile_deck
    pages = list(Presentation(io.BytesIO(data)).slides)
    long_seen = False
    for slide, page in zip(slides, pages, strict=True):
        if slide.chart is None:
            continue
        (chart,) = [sh.chart for sh in page.shapes if sh.has_chart]
        categories = list(chart.plots[0].categories)
        assert [" ".join(c.split()) for c in categories] == [r.label for r in slide.chart.rows]
        assert not any("…" in c for c in categories)
        if slide.kind in ("went_well", "improve"):
            for c in categories:
                long_seen |= "\n" in c
                assert all(len(line) <= THEME_LABEL_CHARS for line in c.split("\n")), c
    assert long_seen  # the demo's questions are longer than a line
