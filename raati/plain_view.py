"""The plain-language results view as HTML for ``st.html`` (issue 14): developer-clients
read it on the results page (pages/results.py), staff switch it on there, and it is made
to be read on a tablet or phone and shown to a group.

One card per likert question (:func:`result_html`): its picture, its easy text, the
sentence ("8 / 10 teistä sanoi: melko hyvin tai erittäin hyvin") with an icon array of
d person icons (x filled, the rest outlined with a dashed line: the shape differs, not
only the colour; the array is one ``role="img"`` whose name is the sentence), the words
of the 1–4 scale with their faces and how many out of d gave each, the change since the
last round in words, and read-aloud buttons (raati.ui.speaker_button). Every survey and
user text is escaped. Colours meet WCAG 2.1 AA (text 4.5:1, the icons' outlines and
fills 3:1 against white); "strong" colours and "big" text as on the client pages.

The figures come from analysis.plain (natural frequencies, the minimum-group rule): a
suppressed question's card has its text and the "too few answers" sentence, no number.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from analysis.plain import PlainResult
from raati import config
from raati.i18n import RTL, t

# Two shapes of a person, 24×24: filled, and outlined with a dashed line. Streamlit's
# st.html drops inline <svg>, so they are CSS backgrounds of <span>s (data: URIs).
_PERSON = ("M12 2.5a4.25 4.25 0 1 1 0 8.5a4.25 4.25 0 1 1 0-8.5z"
           "M4 21.5c0-4.6 3.6-8 8-8s8 3.4 8 8z")


def _person_uri(fill: str, stroke: str, dashed: bool) -> str:
    dash = ' stroke-dasharray="2.2 1.6"' if dashed else ""
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="{_PERSON}" '
           f'fill="{fill}" stroke="{stroke}" stroke-width="{1.6 if dashed else 1}"{dash}/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


_FILLED = '<span class="raati-person raati-person-yes"></span>'
_OUTLINED = '<span class="raati-person raati-person-no"></span>'

PAGE_CSS = """
.raati-plain { color: #1d1d1d; font-size: 1.2rem; line-height: 1.45; overflow-wrap: anywhere;
  min-width: 0; }
/* The page's choices (survey, unit, rounds, language) are touch targets of 48 px too. */
[data-testid="stSelectbox"] [role="group"],
[data-testid="stMultiSelect"] [role="group"] { min-height: 48px; }
.raati-plain h2 { font-size: 1.6rem; margin: 1.25rem 0 0.5rem; color: inherit; }
.raati-plain-card { border: 2px solid #6b6b6b; border-radius: 0.75rem; padding: 1rem;
  margin: 0 0 1.25rem; background: #fff; color: #1d1d1d; }
.raati-plain-head { display: flex; align-items: flex-start; gap: 0.75rem; }
.raati-plain-picture { flex: none; width: 4.5rem; height: 4.5rem; }
.raati-plain-text { flex: 1; font-size: 1.4rem; font-weight: 650; margin: 0; }
.raati-plain-row { display: flex; align-items: center; gap: 0.75rem; margin: 0.75rem 0 0.25rem; }
.raati-plain-sentence { flex: 1; font-size: 1.35rem; font-weight: 600; margin: 0; }
.raati-plain-suppressed { font-style: italic; font-weight: 400; }
.raati-icons { display: flex; flex-wrap: wrap; gap: 0.2rem; margin: 0.25rem 0 0.75rem; }
.raati-person { display: inline-block; width: 2.4rem; height: 2.4rem;
  background: no-repeat center / contain; }
.raati-person-yes { background-image: url("@YES@"); }
.raati-person-no { background-image: url("@NO@"); }
.stApp ul.raati-plain-scale { list-style: none; padding: 0; margin: 0.25rem 0; display: grid;
  grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.5rem; }
.raati-plain-scale li { display: flex; align-items: center; gap: 0.5rem; margin: 0;
  font-size: 1.15rem; }
.raati-plain-face { display: inline-block; width: 2.5rem; height: 2.5rem; flex: none;
  background: no-repeat center / contain; }
.raati-plain-scale .raati-plain-count { font-weight: 700; white-space: nowrap; }
.raati-plain-change { font-size: 1.25rem; font-weight: 700; margin: 0.5rem 0 0; }
.raati-plain-themes { border-inline-start: 0.5rem solid #6b6b6b; padding-inline-start: 0.75rem;
  margin: 0 0 1rem; }
.raati-plain-themes-good { border-inline-start-color: #1b6e2c; }
.raati-plain-themes-bad { border-inline-start-color: #a34a00; }
.raati-plain-themes ul { margin: 0; padding-inline-start: 1.25rem; }
.raati-plain-themes li { font-size: 1.25rem; margin: 0 0 0.4rem; }
.raati-plain-themes p.raati-plain-none { font-size: 1.25rem; margin: 0 0 0.4rem; }
/* "9 / 10" stays on one line (a phone broke it as "9 /" and "10 teistä"). */
.raati-plain-frac { white-space: nowrap; }
.raati-plain button.raati-say { flex: none; width: 3.25rem; height: 3.25rem; font-size: 1.5rem;
  border: 2px solid #0b5394; background: #fff; color: #0b5394; border-radius: 50%;
  cursor: pointer; line-height: 1; }
.raati-plain :focus-visible { outline: 3px solid #0b3d91; outline-offset: 3px; }
.raati-plain.raati-plain-big { font-size: 1.5rem; }
.raati-plain-big .raati-plain-text { font-size: 1.8rem; }
.raati-plain-big .raati-plain-sentence { font-size: 1.75rem; }
.raati-plain-big .raati-plain-scale li, .raati-plain-big .raati-plain-themes li,
.raati-plain-big .raati-plain-themes p.raati-plain-none { font-size: 1.5rem; }
.raati-plain-big .raati-person { width: 3rem; height: 3rem; }
.raati-plain-big .raati-plain-picture { width: 6rem; height: 6rem; }
.raati-plain.raati-plain-strong, .raati-plain-strong .raati-plain-card { color: #000; background: #fff; }
.raati-plain-strong .raati-plain-card { border-color: #000; border-width: 3px; }
.raati-plain-strong .raati-person-yes { background-image: url("@YES_STRONG@"); }
.raati-plain-strong .raati-person-no { background-image: url("@NO_STRONG@"); }
.raati-plain-strong button.raati-say { border-color: #000; color: #000; }
.st-key-plain_texts [data-testid="stText"], .st-key-plain_texts .stText { font-size: 1.2rem; }
.raati-plain-n { font-size: 1.25rem; font-weight: 600; margin: 0 0 0.75rem; }
/* Touch targets of 48 px (3rem) or more: the view's switches and the themes' checkboxes
   (Streamlit draws their labels 21 px tall), as raati/assets/client.css does. */
.st-key-plain_settings label, [class*="st-key-plain_theme_"] .stCheckbox label {
  min-height: 3rem; align-items: center; }
/* The themes' checkbox labels in the view's size (the themes' lists are 1.25rem;
   Streamlit's own labels are 14 px), bigger with the view's bigger text. */
[class*="st-key-plain_theme_"] .stCheckbox label p,
[class*="st-key-plain_theme_"] .stCheckbox label [data-testid="stMarkdownContainer"] {
  font-size: 1.25rem; line-height: 1.4; }
.stMain:has(.raati-plain-big) [class*="st-key-plain_theme_"] .stCheckbox label p,
.stMain:has(.raati-plain-big) [class*="st-key-plain_theme_"] .stCheckbox label
  [data-testid="stMarkdownContainer"] { font-size: 1.5rem; }
/* A marked theme's actions: what you said, what we did (raati.said_did's card words). */
.raati-plain ul.raati-plain-actions { list-style: none; padding: 0; margin: 0.25rem 0 0.75rem; }
.raati-plain-actions li { border-inline-start: 0.4rem solid #0b5394; padding: 0.25rem 0.75rem;
  margin: 0 0 0.75rem; }
.raati-plain-actions p { margin: 0 0 0.3rem; font-size: 1.2rem; }
.raati-plain-big .raati-plain-actions p { font-size: 1.5rem; }
.raati-plain-actions .raati-plain-action-status { font-weight: 700; }
.raati-plain-strong .raati-plain-actions li { border-inline-start-color: #000; }
/* Read-aloud without a voice (raati/assets/client.js): its note #raati-live, appended to
   the page's body, is fixed at the bottom of the screen, over Streamlit's own layers, so
   it shows wherever the button was; a button without a voice has a dashed edge. */
.raati-live { position: fixed; bottom: 1rem; left: 1rem; right: 1rem; z-index: 1000001;
  text-align: center; font-size: 1.2rem; background: #1d1d1d; color: #fff;
  border-radius: 0.5rem; padding: 0.6rem; pointer-events: none; }
.raati-live:empty { display: none; }
.raati-plain button.raati-say.raati-novoice { border-style: dashed; }
"""
PAGE_CSS = (PAGE_CSS.replace("@YES_STRONG@", _person_uri("#000", "#000", False))
            .replace("@NO_STRONG@", _person_uri("#fff", "#000", True))
            .replace("@YES@", _person_uri("#0b5394", "#0b5394", False))
            .replace("@NO@", _person_uri("#fff", "#595959", True)))
# The faces of 1–4, once in the CSS rather than in every card (9 cards made the HTML
# 117 kB, 36 copies of 4 pictures).
PAGE_CSS += "".join(
    f'.raati-plain-face-{p} {{ background-image: url("data:image/svg+xml;base64,'
    + base64.b64encode((config.ASSETS_DIR / "faces" / f"{p}.svg").read_bytes()).decode()
    + '"); }\n' for p in ("1", "2", "3", "4"))


def _direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def isolated(text: str, lang: str) -> str:
    """``text`` (a survey's text or scale word) escaped in a ``<bdi>`` of its language
    ``lang``: its own direction inside a sentence of another (Finnish words keep their
    punctuation and numbers in place on an Arabic page), as pages/panel.py own_text()."""
    return f'<bdi lang="{html.escape(lang)}">{html.escape(text)}</bdi>'


# Private-use marks for the words and numbers while the sentence is escaped.
_A, _B, _X, _D = "\ue000", "\ue001", "\ue002", "\ue003"


def sentence_html(lang: str, x: int, d: int, words: tuple[str, str],
                  words_langs: tuple[str, str]) -> str:
    """The sentence "x / d teistä sanoi: a tai b" in ``lang`` as escaped HTML with the
    two scale ``words`` each isolated in its language (:func:`isolated`); its text is
    analysis.plain's sentence (less the Unicode isolates t() puts around values in RTL).
    The natural frequency ("9 / 10", "9 من 10") is one ``raati-plain-frac`` span that
    does not break across lines; its text is unchanged, so screen readers read it as is."""
    out = html.escape(t("plain_sentence", lang, x=_X, d=_D, a=_A, b=_B))
    start, end = out.find(_X), out.find(_D)
    if 0 <= start < end:
        start -= out[start - 1:start] == "\u2068"  # the isolates t() puts in RTL stay inside
        end += 1 + (out[end + 1:end + 2] == "\u2069")
        out = (f'{out[:start]}<span class="raati-plain-frac">{out[start:end]}</span>'
               f"{out[end:]}")
    out = out.replace(_X, str(x)).replace(_D, str(d))
    for mark, word, word_lang in ((_A, words[0], words_langs[0]), (_B, words[1], words_langs[1])):
        out = out.replace(f"\u2068{mark}\u2069", mark).replace(mark, isolated(word, word_lang))
    return out


def _speaker(text: str, lang: str, ui_lang: str) -> str:
    from raati.ui import speaker_button

    return speaker_button(text, lang, ui_lang)


def icon_array(x: int, d: int, label: str) -> str:
    """``d`` person icons, the first ``x`` filled and the rest outlined (dashed), as one
    image named ``label`` for screen readers (the icons themselves are hidden from
    them). Raises ValueError unless 0 <= x <= d."""
    if not 0 <= x <= d:
        raise ValueError(f"icon_array needs 0 <= x <= d, got x={x}, d={d}")
    return (f'<div class="raati-icons" role="img" aria-label="{html.escape(label)}">'
            + _FILLED * x + _OUTLINED * (d - x) + "</div>")


def result_html(result: PlainResult, lang: str, *, text_lang: str | None = None,
                picture_uri: str | None = None) -> str:
    """One question's card (an ``<article>``) in ``lang``: the picture (``picture_uri``,
    a data: URI, alt text the question's text), the easy text with its read-aloud
    button, the sentence with its button, the icon array, the scale words with their
    faces and counts out of d, and the change words. ``text_lang`` is the language the
    survey's text is in (the survey's default language where it lacks ``lang``): its
    element and read-aloud voice use it. Everything is escaped as text."""
    text_lang = text_lang or result.text_lang or lang
    text = html.escape(result.text)
    picture = (f'<img class="raati-plain-picture" alt="{text}" src="{html.escape(picture_uri)}">'
               if picture_uri else "")
    parts = [f'<article class="raati-plain-card" data-question="{html.escape(result.question.id)}">',
             f'<div class="raati-plain-head">{picture}'
             f'<p class="raati-plain-text" lang="{html.escape(text_lang)}" dir="auto">{text}</p>'
             f'{_speaker(result.text, text_lang, lang)}</div>']
    if result.suppressed:
        parts.append(f'<div class="raati-plain-row"><p class="raati-plain-sentence '
                     f'raati-plain-suppressed">{html.escape(result.sentence)}</p></div>')
        return "".join(parts) + "</article>"
    change = t("plain_change_line", lang, change=result.change) if result.change else ""
    say = result.sentence + ". " + change if change else result.sentence
    x, d = result.high
    langs = result.scale_langs or (text_lang,) * 4
    sentence = (sentence_html(lang, x, d, result.words, (langs[2], langs[3])) if result.scale
                else html.escape(result.sentence))
    parts.append(f'<div class="raati-plain-row"><p class="raati-plain-sentence">'
                 f'{sentence}</p>{_speaker(say, lang, lang)}</div>')
    parts.append(icon_array(x, d, result.sentence))
    items = []
    for (value, word, count), word_lang in zip(result.scale, langs, strict=False):
        items.append(f'<li><span class="raati-plain-face raati-plain-face-{value}"></span>'
                     f'<span>{isolated(word, word_lang)}</span>'
                     f'<span class="raati-plain-count">'
                     f'{html.escape(t("plain_count", lang, x=count, d=d))}</span></li>')
    parts.append(f'<ul class="raati-plain-scale">{"".join(items)}</ul>')
    if change:
        parts.append(f'<p class="raati-plain-change">{html.escape(change)}</p>')
    return "".join(parts) + "</article>"


def _theme_line(item, lang: str) -> str:
    """An analysis.plain.ThemeLine (made in ``lang``) as escaped HTML: its question text
    and its scale words each isolated in their own language (:func:`isolated`)."""
    text = item.text.strip()
    if text and text[-1] not in ".?!…":
        text += "."
    head = isolated(text, item.text_lang) + " " if text else ""
    return head + sentence_html(lang, item.x, item.d, item.words, item.words_langs) + "."


def themes_html(heading_key: str, items: list, lang: str, good: bool,
                empty_key: str | None = None) -> str:
    """A "Tässä onnistuimme" (``good``) or "Tätä pitää parantaa" section: the heading
    (raati.i18n key ``heading_key``) as an <h2> with a read-aloud button and the theme
    sentences as a list, escaped. ``items``: strings, or analysis.plain.ThemeLine (made
    in ``lang``) whose survey texts and words are isolated in their own language and
    direction. Without items: the heading and the sentence ``empty_key`` (e.g.
    analysis.plain.IMPROVE_NONE, "Ei selvää parannettavaa: …"), or "" without one."""
    kind = "good" if good else "bad"
    heading = t(heading_key, lang)
    if not items:
        if not empty_key:
            return ""
        none = t(empty_key, lang)
        return (f'<section class="raati-plain-themes raati-plain-themes-{kind}">'
                f'<div class="raati-plain-row"><h2>{html.escape(heading)}</h2>'
                f'{_speaker(heading + ". " + none, lang, lang)}</div>'
                f'<p class="raati-plain-none">{html.escape(none)}</p></section>')
    lis = "".join(f"<li>{html.escape(item) if isinstance(item, str) else _theme_line(item, lang)}"
                  f"</li>" for item in items)
    say = heading + ". " + " ".join(i if isinstance(i, str) else i.line for i in items)
    return (f'<section class="raati-plain-themes raati-plain-themes-{kind}">'
            f'<div class="raati-plain-row"><h2>{html.escape(heading)}</h2>'
            f'{_speaker(say, lang, lang)}</div><ul>{lis}</ul></section>')


def actions_html(actions: list, lang: str) -> str:
    """A marked theme's actions (raati.actions.Action, public ones: the caller picks
    them) as "you said, we did" in ``lang``, with raati.said_did's card words: the
    status with its symbol, "Te sanoitte: <said>" and "Me teimme: <did>" (the heading
    of the status). ``said`` and ``did`` are masked (said_did.masked), escaped and
    isolated as Finnish (said_did.TEXT_LANG) inside the page's language. "" for none."""
    from raati.actions import SYMBOLS
    from raati.said_did import TEXT_LANG, card_text

    items = []
    for a in actions:
        said_head, said, did_head, did, status = card_text(a, lang)
        said_line = (f'<p class="raati-plain-action-said"><strong>{html.escape(said_head)}'
                     f'</strong> {isolated(said, TEXT_LANG)}</p>' if said.strip() else "")
        items.append(
            f'<li class="raati-plain-action"><p class="raati-plain-action-status">'
            f'<span aria-hidden="true">{SYMBOLS.get(a.status, "")}</span> '
            f'{html.escape(status)}</p>{said_line}'
            f'<p class="raati-plain-action-did"><strong>{html.escape(did_head)}</strong> '
            f'{isolated(did, TEXT_LANG)}</p></li>')
    return f'<ul class="raati-plain-actions">{"".join(items)}</ul>' if items else ""


def page_css() -> str:
    """The plain view's CSS as a <style> element for ``st.html`` (PAGE_CSS)."""
    return f"<style>{PAGE_CSS}</style>"


def page_html(body: str, lang: str, *, big: bool = False, strong: bool = False) -> str:
    """``body`` (cards and sections made here) in the plain view's wrapper: its language
    and direction, bigger text and strong colours when asked. Its CSS is :func:`page_css`
    (a separate element: the same bytes on every run, sent to a browser once)."""
    classes = "raati-plain" + (" raati-plain-big" if big else "") + (
        " raati-plain-strong" if strong else "")
    return (f'<div class="{classes}" lang="{html.escape(lang)}" dir="{_direction(lang)}">'
            f"{body}</div>")


def picture_data_uri(picture: str | None, defs_dir: Path | None = None) -> str | None:
    """A question's picture (relative to the survey folder) as a data: URI, or None."""
    from raati.said_did import picture_uri

    return picture_uri(picture, defs_dir)
