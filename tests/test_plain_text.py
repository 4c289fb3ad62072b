"""``raati.ui.plain``, the one way to pass survey, answer and staff text to a Streamlit
element that renders Markdown (issue 8, item 5), and the plotly labels of
``analysis.charts``.

Round trip: what a CommonMark renderer shows of ``plain(text)`` (a backslash before
ASCII punctuation shows that character) is ``text``, once the invisible word joiners
are taken out; no Markdown syntax is left unescaped; and none of the rewrites that
Streamlit 1.67 makes in the parsed text (autolinks, emoji and icon shortcodes, its logo,
arrows and dashes) finds anything. tests/browser/test_plain_text_rendering.py checks
the same against Streamlit's own renderer in Chromium."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from _hostile_text import ALL, INLINE, hostile
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from analysis.charts import likert_chart, likert_compare_chart, option_chart
from analysis.likert import QuestionResult
from analysis.report import report_pdf, report_pptx
from analysis.views import build_view
from raati.store import Store
from raati.surveys import Option, Question, load_survey
from raati.ui import WORD_JOINER, plain

ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark backslash escapes
SYNTAX = set("\\`*_[]<>#~$|&")  # characters that start Markdown (or HTML) anywhere
LINE_SYNTAX = re.compile(r"^(?:[ \t]|[-+=]|\d+[.)])", re.MULTILINE)  # ... at a line start
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# What Streamlit 1.67 rewrites after parsing, in the text a reader would see (ported from
# its StreamlitMarkdown chunk and mdast-util-gfm-autolink-literal; JavaScript's \w is ASCII).
AFTER_PARSE = {
    "url autolink": re.compile(r"(?:https?://|www(?=\.))[-.\w]", re.I | re.A),
    "e-mail autolink": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.A),
    "emoji shortcode": re.compile(r":\+1:|:-1:|:[\w-]+:", re.A),
    "material icon": re.compile(r":material_\w+:", re.A),
    "streamlit logo": re.compile(r":streamlit:"),
    "arrow or dash": re.compile(
        rf"(?:^|[{JS_SPACE}])(?:<->|->|<-|--|>=|<=|~=)(?=[{JS_SPACE}]|$)"),
}
# ... and in the Markdown source itself, before parsing.
IN_SOURCE = {
    ":material/ (made :material_ before parsing)": re.compile(r":material/"),
    "remark-emoji gets loaded": re.compile(r":(?!material/|streamlit:)[\w+-][\w+-]*:", re.A),
    "directive :name[ / :name{ / :name": re.compile(r":[A-Za-z]"),
}

ORDINARY = (
    "Kuinka hyvin viikkosi pajalla meni?",
    "Sain apua, kun tarvitsin sitä. (Valitse 1–4.)",
    "Fick du hjälp när du behövde det?",
    "Mitä sinä muuttaisit työtoiminnassa – vai muuttaisitko mitään?",
    "هل حصلت على المساعدة؟",
    "Puupaja · kevät 2026",
)


def shown(markdown: str) -> str:
    """The text a CommonMark renderer shows of ``markdown`` with no syntax in it."""
    return ESCAPED.sub(r"\1", markdown)


def as_written(text: str) -> str:
    """``text`` as Markdown shows it at best: its own line ends, no leading blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)


def unescaped_syntax(markdown: str) -> list[str]:
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown) and ESCAPED.match(markdown, i):
            i += 2
            continue
        if markdown[i] in SYNTAX:
            found.append(markdown[i])
        i += 1
    found += [m[0] for m in LINE_SYNTAX.finditer(markdown)]
    return found


def problems(text: str) -> list[str]:
    markdown = plain(text)
    seen = shown(markdown)
    out = []
    if seen.replace(WORD_JOINER, "") != as_written(text):
        out.append(f"shows {seen!r}")
    out += [f"unescaped {c!r}" for c in unescaped_syntax(markdown)]
    out += [name for name, rule in AFTER_PARSE.items() if rule.search(seen)]
    out += [name for name, rule in IN_SOURCE.items() if rule.search(markdown)]
    return out


@pytest.mark.parametrize("text", ALL)
def test_each_construct_is_shown_as_written(text):
    assert problems(text) == []


def test_every_construct_together_on_many_lines():
    assert problems(hostile("OTSIKKO")) == []
    assert problems("\r\n".join(ALL)) == []


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_left_as_it_is(text):
    # Some widgets copy their label into aria-label as it is: no stray backslashes there.
    assert plain(text) == text


@pytest.mark.parametrize(("text", "markdown"), [
    ("![x](http://tracker.example/p.png)",
     f"!\\[x\\](http:{WORD_JOINER}//tracker.example/p.png)"),
    ("www.tracker.example", f"www{WORD_JOINER}.tracker.example"),
    ("me@tracker.example", f"me@{WORD_JOINER}tracker.example"),
    (":smile:", f":{WORD_JOINER}smile:"),
    ("a -> b", f"a -{WORD_JOINER}\\> b"),
    ("1. item", "1\\. item"),
    ("- item", "\\- item"),
    ("    koodi", "koodi"),
    ("Työ & arki", "Työ \\& arki"),
    ("", ""),
])
def test_how_plain_escapes(text, markdown):
    assert plain(text) == markdown


@given(st.text())
def test_any_text_is_shown_as_written(text):
    assert problems(text) == []


@given(st.text(alphabet=st.sampled_from(list("\\`*_[]<>#~$|&:/@.-+=!()1 \n\twhtpsmxa:")),
               max_size=40))
def test_any_text_of_markdown_characters_is_shown_as_written(text):
    assert problems(text) == []


# -- plotly ----------------------------------------------------------------------------

def _strings(node, keys=("text", "hovertext", "name", "ticktext")):
    """Every string plotly reads markup from in a figure's JSON."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys:
                yield from ([value] if isinstance(value, str) else
                            [v for v in value if isinstance(v, str)]
                            if isinstance(value, (list, tuple)) else [])
            yield from _strings(value, keys)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _strings(value, keys)


def test_chart_labels_titles_legends_and_hover_texts_are_escaped():
    likert = Question("q", "likert", {"fi": ALL[1]})
    choice = Question("c", "choice", {"fi": ALL[1]},
                      options=(Option("a", {"fi": ALL[1]}), Option("b", {"fi": "b"})))
    result = QuestionResult(question=likert, n=10, counts={"1": 2, "2": 3, "3": 4, "4": 1},
                            suppressed=False)
    chosen = QuestionResult(question=choice, n=10, counts={"a": 6, "b": 4}, suppressed=False)
    hostile_labels = {p: f"{ALL[1]} {ALL[2]}" for p in (1, 2, 3, 4)}
    figures = [
        likert_chart([result], {"q": ALL[1]}, hostile_labels, title=ALL[2]),
        likert_compare_chart([(ALL[1], [result]), ("<b>x</b>", [result])], {"q": ALL[1]},
                             hostile_labels),
        option_chart(chosen, {"a": ALL[1], "b": "b"}, ALL[1]),
    ]
    for fig in figures:
        texts = list(_strings(fig.to_plotly_json()))
        assert any("&lt;img" in t for t in texts)
        for text in texts:
            # Only the chart's own line breaks and bold headings are markup.
            assert "<" not in re.sub(r"<br>|</?b>", "", text), text


# -- reports ---------------------------------------------------------------------------

def test_reports_print_survey_text_as_written_and_link_nowhere(tmp_path):
    """PDF and PPTX are not Markdown: the text goes in as it is and makes no link. (A
    survey with no answers yet: its report has the title, and no charts to render.)"""
    path = tmp_path / "vihamielinen.yaml"
    path.write_text(yaml.safe_dump({
        "id": "vihamielinen", "title": hostile("OTSIKKO"),
        "questions": [{"id": "q", "type": "likert", "text": hostile("KYSYMYS")}],
    }, allow_unicode=True), encoding="utf-8")
    survey = load_survey(path)
    view = build_view(survey, Store(tmp_path / "raati.db").block_counts(survey.id, ()), 5)

    def squeezed(text: str) -> str:  # lines are wrapped on the page
        return "".join(text.split())

    pdf = PdfReader(io.BytesIO(report_pdf(survey, view, [])))
    printed = squeezed("".join(page.extract_text() for page in pdf.pages))
    assert [c for c in INLINE if squeezed(c) not in printed] == []
    assert [a for page in pdf.pages for a in page.get("/Annots") or []] == []

    deck = Presentation(io.BytesIO(report_pptx(survey, view, [])))
    runs = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for para in shape.text_frame.paragraphs for run in para.runs]
    shown = squeezed("".join(run.text for run in runs))
    assert [c for c in INLINE if squeezed(c) not in shown] == []
    assert [run.hyperlink.address for run in runs if run.hyperlink.address] == []
    assert deck.core_properties.title == survey.text(survey.title, "fi")[:255]
