"""The closing-event presentation (päättäjäiset, issue 14 item 3) as slides: what each
slide says, built once from a survey view and drawn by the browser
(pages/presentation.py) and as a PowerPoint deck (analysis.presentation_pptx).

One idea per slide, in plain language (analysis.plain: natural frequencies, never
percentages, intervals or means):

1. title: the survey, the unit, the period;
2. how many answered: "34 ihmistä vastasi", and with the rounds' expected numbers the
   response rate as a natural frequency ("Noin 5 / 10 kutsutuista vastasi") with an
   icon array of 10;
3. what went well and 4. what to improve: the strongest and weakest themes (at most
   THEMES each, as analysis.plain.successes_and_improvements picks them), each item the
   question's easy text (analysis.plain.question_text), one short sentence ("9 / 10
   teistä sanoi: melko hyvin tai erittäin hyvin.") and its icon array, and the change
   since the last round in words when round_changes flags it;
5. what people wrote: ONLY the texts of analysis.views.shown_texts (approved by staff,
   as approved: masked), masked once more here (analysis.text.mask_personal_data);
6. what was done: the unit's actions as its public page shows them (raati.said_did:
   public, "Te sanoitte: …", the status word and symbol of raati.actions);
7. last, the event feedback: a QR code to a one-question round (survey
   ``tilaisuuspalaute``) whose answers the page shows live.

The minimum-group rule holds on every slide: the view has left small blocks out
(analysis.views), and a slide whose result is suppressed says only "Liian vähän
vastauksia, jotta voisimme näyttää tämän." with no number. Pure: no store, no
Streamlit; the caller passes the view, the texts and the actions. The slides' HTML
(slide_html) is made here too, from the slides alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from analysis.likert import themes
from analysis.plain import (
    IMPROVE_HEADING,
    IMPROVE_MIN,
    IMPROVE_NONE,
    SUCCESS_HEADING,
    SUCCESS_MIN,
    SUCCESS_NONE,
    natural_frequency,
    plain_results,
    season_words,
)
from analysis.views import View
from raati.i18n import t
from raati.surveys import Survey

TEXTS_PER_SLIDE = 3  # quotes on one slide: readable from the back of a room
TEXT_SLIDES = 2  # at most this many slides of quotes
TEXT_MAX_CHARS = 220  # longer answers stay in the report (a slide is not for reading)
ACTIONS_PER_SLIDE = 2
ACTION_SLIDES = 3
THEMES = 3  # strongest and weakest themes shown
FEEDBACK_SURVEY = "tilaisuuspalaute"  # survey_defs/tilaisuuspalaute.yaml
TEXT_LANG = "fi"  # free texts and actions carry no language of their own

KINDS = ("title", "answered", "went_well", "improve", "texts", "actions", "feedback")


@dataclass(frozen=True)
class ChartRow:
    """One row of a slide's chart: ``label``, ``k`` of ``n`` (an icon array: k filled
    icons of n; a count chart: a bar of k on an axis to n)."""

    label: str
    k: int
    n: int


@dataclass(frozen=True)
class SlideChart:
    """A slide's chart as numbers: ``kind`` "icons" (each row an icon array of at most
    10 people: natural frequencies) or "counts" (bars of counts, e.g. actions by
    status); ``caption`` says what a filled icon or a bar is."""

    kind: str
    rows: tuple[ChartRow, ...]
    caption: str = ""


@dataclass(frozen=True)
class Slide:
    """One slide: ``kind`` (KINDS), ``title``, ``lines`` (plain-language sentences,
    user text as written: never markup), ``chart`` (or None), ``notes`` (for the
    presenter only) and ``kicker`` (a small line above the title). On an actions slide
    the lines come in pairs: what was said, then the status and what was done."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()
    chart: SlideChart | None = None
    notes: str = ""
    kicker: str = ""


def _mask(text: str) -> str:
    """Personal data masked once more (approved texts were masked when approved; an
    edit by a moderator must not put a phone number on the wall)."""
    from analysis.text import mask_personal_data

    return mask_personal_data(text or "", lang=TEXT_LANG).strip()


def _picked_texts(texts: Sequence[dict]) -> list[str]:
    """Of the shown texts, the ones for slides: short enough, each once, picked by a hash
    of the text (reproducible; neither the order of answering nor the alphabet
    decides), at most TEXTS_PER_SLIDE × TEXT_SLIDES."""
    seen: set[str] = set()
    bodies = []
    for item in texts:
        body = " ".join(_mask(item.get("text", "")).split())
        if body and len(body) <= TEXT_MAX_CHARS and body.casefold() not in seen:
            seen.add(body.casefold())
            bodies.append(body)
    bodies.sort(key=lambda b: hashlib.sha256(b.encode("utf-8", "surrogatepass")).digest())
    return bodies[: TEXTS_PER_SLIDE * TEXT_SLIDES]


def _lower_first(word: str) -> str:
    """"Melko hyvin" -> "melko hyvin" (an abbreviation such as "OK" stays), as in
    analysis.plain's sentences."""
    if len(word) > 1 and word[1].isupper():
        return word
    return word[:1].lower() + word[1:]


def _chunks(items: list, size: int) -> list[list]:
    return [items[i: i + size] for i in range(0, len(items), size)]


def build_slides(survey: Survey, view: View, *, lang: str = "fi", unit_label: str = "",
                 period_label: str = "", texts: Sequence[dict] = (),
                 actions: Sequence = (), expected: int | None = None,
                 min_group: int = 5, today: dt.date | None = None,
                 feedback: bool = True, changes: Sequence | None = None,
                 earlier: dt.date | None = None,
                 rounds_left_out: bool = False) -> list[Slide]:
    """The slides of a closing-event presentation of ``view`` (analysis.views.View of one
    unit and the chosen rounds), in ``lang`` (fi, sv, en; raati.i18n).

    ``texts``: the output of analysis.views.shown_texts for ``view`` (approved, masked;
    nothing else may be passed); ``actions``: raati.actions.Action items to show (the
    page passes raati.said_did.public_actions of the unit); ``expected``: how many were
    asked in the rounds whose answers ``view`` counts (response_base; None: no response
    rate); ``rounds_left_out``: some rounds' answers are not counted (too few: the
    notes say so, without a number);
    ``min_group``: the minimum group (raati.config.min_group); ``feedback``: end with the
    event-feedback slide; ``changes``: analysis.results.round_changes' changes of the
    previous round against this view (None: no change words), ``earlier`` that round's
    first day and ``today`` this one's (they name the season: analysis.plain). A theme
    says its change in words only when round_changes flags it. Returns the slides in
    order (see the module docstring)."""
    from raati.actions import SYMBOLS
    from raati.said_did import did_label_key

    today = today or dt.date.today()
    title = survey.text(survey.title, lang)
    too_few = t("plain_suppressed", lang)
    shown_any = view.responses >= min_group
    slides: list[Slide] = []

    # 1. Title.
    meta = [x for x in (unit_label, period_label) if x]
    slides.append(Slide("title", title, tuple(meta) + (t("pres_date", lang,
                                                          date=f"{today.day}.{today.month}."
                                                          f"{today.year}"),),
                        notes=t("pres_note_title", lang, m=min_group),
                        kicker=t("pres_kicker", lang)))

    # 2. How many answered.
    if not shown_any:
        slides.append(Slide("answered", t("pres_answered_title", lang), (too_few,),
                            notes=t("pres_note_suppressed", lang, m=min_group)))
    else:
        n = view.responses
        lines = [t("pres_answered_n", lang, n=n)]
        chart = None
        notes = [t("pres_note_answered", lang, m=min_group)]
        if expected and expected >= n:
            x, d = natural_frequency(n, expected)
            lines.append(t("pres_answered_rate", lang, x=x, d=d))
            # The sentence says "x / d" once; the icons' key says what a figure is.
            chart = SlideChart("icons", (ChartRow(t("pres_answered_row", lang), x, d),),
                               t("pres_answered_key", lang))
            notes.append(t("pres_note_rate", lang, n=n, expected=expected))
        if rounds_left_out:
            notes.append(t("pres_note_rounds_left_out", lang))
        slides.append(Slide("answered", t("pres_answered_title", lang), tuple(lines), chart,
                            " ".join(notes)))

    # 3.–4. What went well, what to improve: each item the question's easy text (the
    # chart row's label), one short sentence and its icon array; a real change since
    # the last round in words.
    plain = {p.question.id: p for p in plain_results(survey, view, lang, changes, earlier,
                                                     today, min_group=min_group)}
    shown = [r for r in view.results if r.question.type == "likert" and not r.suppressed
             and r.share_high is not None and r.n >= min_group
             and r.question.id in plain and not plain[r.question.id].suppressed]
    weakest, strongest = themes(shown, THEMES)
    # As the plain view lists them (analysis.plain.IMPROVE_MIN, SUCCESS_MIN): a theme
    # only where a clear share said so, never "to improve" what 8 / 10 were happy with.
    strongest = [r for r in strongest
                 if Fraction(*plain[r.question.id].high) >= SUCCESS_MIN]
    weakest = [r for r in weakest if Fraction(plain[r.question.id].high[1]
                                              - plain[r.question.id].high[0],
                                              plain[r.question.id].high[1]) >= IMPROVE_MIN]
    flagged = {c.after.question.id: c.difference.value for c in (changes or ())
               if c.difference.flagged}

    def theme_items(results, high: bool) -> tuple[tuple[str, ...], SlideChart | None, str]:
        lines, rows, pairs = [], [], []
        for r in results:
            p = plain[r.question.id]
            x, d = p.high
            k = x if high else d - x
            words = survey.scale_words(r.question, lang)
            a, b = (words[3], words[4]) if high else (words[1], words[2])
            pairs.append((_lower_first(a), _lower_first(b)))
            line = t("plain_sentence", lang, x=k, d=d, a=_lower_first(a), b=_lower_first(b)) + "."
            change = p.change if high else None
            if not high and r.question.id in flagged:
                # The change words of analysis.plain are about the answers 3–4: on this
                # slide the sentence is about 1–2, so the direction turns.
                change = t("plain_less" if flagged[r.question.id] > 0 else "plain_more", lang,
                           when=season_words(earlier, today, lang))
            if change:
                line += " " + t("plain_change_line", lang, change=change)
            lines.append(line)
            rows.append(ChartRow(p.text, k, d))
        if not rows:
            return (), None, ""
        # The key and the note name the answer words when the questions share them
        # (a "Kuinka paljon…" question has its own: "ei lainkaan", "vähän"); else they
        # say "the two best / weakest answers", true of every question.
        kind = "went_well" if high else "improve"
        if len(set(pairs)) == 1:
            a, b = pairs[0]
            caption = t(f"pres_icons_{kind}_words", lang, a=a, b=b)
            note = t(f"pres_note_{kind}_words", lang, a=a, b=b)
        else:
            caption = t(f"pres_icons_{kind}_mixed", lang)
            note = t(f"pres_note_{kind}_mixed", lang)
        return tuple(lines), SlideChart("icons", tuple(rows), caption), note

    for kind, key, results, high in (("went_well", SUCCESS_HEADING, strongest, True),
                                     ("improve", IMPROVE_HEADING, weakest, False)):
        lines, chart, note = theme_items(results, high)
        if lines:
            slides.append(Slide(kind, t(key, lang), lines, chart, note))
        elif shown:  # answers enough, but no theme clear enough to name
            slides.append(Slide(kind, t(key, lang), (t(SUCCESS_NONE if high else IMPROVE_NONE,
                                                       lang),)))
        else:
            slides.append(Slide(kind, t(key, lang), (too_few,),
                                notes=t("pres_note_suppressed", lang, m=min_group)))

    # 5. What people wrote: approved, masked texts only.
    bodies = _picked_texts(texts) if shown_any else []
    if bodies:
        for chunk in _chunks(bodies, TEXTS_PER_SLIDE):
            slides.append(Slide("texts", t("pres_texts_title", lang),
                                tuple(f"”{b}”" for b in chunk),
                                notes=t("pres_note_texts", lang, n=len(texts))))
    else:
        slides.append(Slide("texts", t("pres_texts_title", lang), (t("pres_no_texts", lang),),
                            notes=t("pres_note_texts", lang, n=len(texts))))

    # 6. What was done: the unit's public actions with their status words.
    if actions:
        from raati.said_did import masked

        shown_actions = list(actions)[: ACTIONS_PER_SLIDE * ACTION_SLIDES]
        counts = Counter(a.status for a in actions)
        from raati.actions import STATUSES

        chart = SlideChart("counts", tuple(
            ChartRow(f"{SYMBOLS[s]} {t('action_status_' + s, lang)}", counts[s], len(actions))
            for s in STATUSES if counts[s]), t("pres_actions_caption", lang))
        # The counts by status on a slide of their own: beside two actions' texts they
        # pushed the slide past a 1280×720 screen (found by a user walk).
        slides.append(Slide("actions", t("pres_actions_title", lang),
                            (t("pres_actions_n", lang, n=len(actions)),), chart,
                            t("pres_note_actions", lang, n=len(actions))))
        for chunk in _chunks(shown_actions, ACTIONS_PER_SLIDE):
            lines = []
            for a in chunk:
                lines.append(f"{t('said_did_you_said', lang)} {masked(a.said)}")
                lines.append(f"{SYMBOLS.get(a.status, '')} "
                             f"{t('action_status_' + a.status, lang)} – "
                             f"{t(did_label_key(a.status), lang)} {masked(a.did)}")
            slides.append(Slide("actions", t("pres_actions_title", lang), tuple(lines),
                                None, t("pres_note_actions", lang, n=len(actions))))
    else:
        slides.append(Slide("actions", t("pres_actions_title", lang),
                            (t("pres_no_actions", lang),),
                            notes=t("pres_note_actions", lang, n=0)))

    # 7. The event feedback (its QR code and live answers are drawn by the page).
    if feedback:
        slides.append(Slide("feedback", t("pres_feedback_title", lang),
                            (t("pres_feedback_line", lang),),
                            notes=t("pres_note_feedback", lang, m=min_group)))
    return slides


def slide_texts(slides: Sequence[Slide]) -> list[str]:
    """Every text of ``slides`` (titles, kickers, lines, chart labels and captions,
    notes): what a test or a check reads to see what the presentation carries."""
    out = []
    for s in slides:
        out += [s.kicker, s.title, *s.lines, s.notes]
        if s.chart:
            out.append(s.chart.caption)
            out += [r.label for r in s.chart.rows]
    return [x for x in out if x]


def response_base(view: View, data: dict, rounds: Mapping[str, object], unit: str,
                  periods: Iterable[str] | None = None) -> tuple[int | None, bool]:
    """(expected, rounds_left_out) of the "how many answered" slide of ``view`` (one
    ``unit``, ``periods`` of ``data``, None = all; ``rounds`` maps "r<id>" periods to
    rounds with an ``expected`` number, analysis.scope).

    The numerator of the response rate is ``view.responses``: only the blocks the view
    counts (a round under the minimum group is left out). The denominator must come
    from the same rounds: ``expected`` is the expected numbers of exactly the rounds
    whose answers the view counts, added up, or None when a counted period is not a
    round or a counted round does not know how many were asked (no rate then).
    ``rounds_left_out`` is True when some period of the unit had answers that the view
    does not count (too few): the notes say so, never how many."""
    periods = None if periods is None else set(periods)
    seen = {b[1] for b in data["respondents"]
            if b[0] == unit and (periods is None or b[1] in periods)}
    counted = {b[1] for kept in view.kept.values() for b in kept if b[0] == unit}
    left_out = bool(seen - counted)
    if not counted or not all(p in rounds for p in counted):
        return None, left_out
    asked = [getattr(rounds[p], "expected", None) for p in counted]
    if not all(asked):
        return None, left_out
    return sum(asked), left_out


# -- the slides as HTML (pages/presentation.py draws them with st.html; every text is
# escaped: user text is never markup) ----------------------------------------------------

# A figure of an icon array: a span drawn by presentation.css (st.html's sanitizer drops
# inline SVG); the words "k / n" beside the figures say the same for screen readers.
PERSON = '<span class="raati-person{cls}" aria-hidden="true"></span>'


@dataclass(frozen=True)
class FeedbackLive:
    """The event-feedback slide's live state (raati.presentation_control.feedback_live):
    the answer ``link``, the ``total`` of answers, and the published ``faces`` as
    (point, its word, count) from 4 down to 1: empty while the round's published
    figures are under the minimum group (``min_group``); ``held``: some newer answers
    wait for the next step of the minimum group (never shown one by one)."""

    link: str
    total: int
    faces: tuple[tuple[int, str, int], ...]
    held: bool
    min_group: int


def _esc(text: object) -> str:
    return html.escape(str(text))


def icons_html(k: int, n: int) -> str:
    """An icon array: ``k`` filled figures of ``n``, named "k / n" for screen readers.
    The number is not written beside it: the sentence with it says "k / n" once."""
    figures = "".join(PERSON.format(cls=" raati-on" if i < k else "") for i in range(n))
    return f'<div class="raati-icons" role="img" aria-label="{k} / {n}">{figures}</div>'


def chart_html(slide: Slide) -> str:
    """The slide's chart as HTML: icon arrays, or bars of counts; "" without a chart."""
    chart = slide.chart
    if chart is None:
        return ""
    if chart.kind == "icons" and len(chart.rows) == 1:
        # One row (how many answered): the key below says what a filled figure is.
        rows = f"<li>{icons_html(chart.rows[0].k, chart.rows[0].n)}</li>"
    elif chart.kind == "icons":
        rows = "".join(f'<li><span class="raati-pres-label">{_esc(r.label)}</span>'
                       f"{icons_html(r.k, r.n)}</li>" for r in chart.rows)
    else:
        top = max([r.n for r in chart.rows] + [1])
        rows = "".join(
            f'<li class="raati-count"><span class="raati-pres-label">{_esc(r.label)}</span>'
            f'<span class="raati-bar" aria-hidden="true"><span style="width:'
            f'{round(100 * r.k / top)}%"></span></span><strong>{r.k}</strong></li>'
            for r in chart.rows)
    caption = (f'<p class="raati-pres-caption">{_esc(chart.caption)}</p>'
               if chart.caption else "")
    return f'<ul class="raati-pres-chart raati-pres-{_esc(chart.kind)}">{rows}</ul>{caption}'


def body_html(slide: Slide) -> str:
    """The slide's lines and chart as HTML. On a theme slide each item is the question's
    easy text (its chart row's label), then its icon array beside its one sentence (the
    rows follow the sentences one to one)."""
    chart = slide.chart
    if (slide.kind in ("went_well", "improve") and chart is not None
            and len(chart.rows) == len(slide.lines)):
        items = "".join(f'<li><p class="raati-pres-q">{_esc(r.label)}</p>'
                        f'<div class="raati-pres-said">{icons_html(r.k, r.n)}'
                        f"<p>{_esc(line)}</p></div></li>"
                        for line, r in zip(slide.lines, chart.rows, strict=True))
        caption = f'<p class="raati-pres-caption">{_esc(chart.caption)}</p>'
        return f'<ul class="raati-pres-themes">{items}</ul>{caption}'
    if slide.kind == "actions":
        pairs = [slide.lines[i: i + 2] for i in range(0, len(slide.lines), 2)]
        items = "".join("<li>" + "".join(f"<p>{_esc(x)}</p>" for x in pair) + "</li>"
                        for pair in pairs)
        return f'<ul class="raati-pres-actions">{items}</ul>' + chart_html(slide)
    cls = ' class="raati-pres-quotes"' if slide.kind == "texts" else ""
    lines = "".join(f"<p>{_esc(x)}</p>" for x in slide.lines)
    return f"<div{cls}>{lines}</div>" + chart_html(slide)


def feedback_html(live: FeedbackLive | None, *, lang: str, qr_src: str,
                  face_src: Mapping[int, str]) -> str:
    """The feedback slide's QR code (``qr_src``: a data: URI of its PNG), link and live
    answers as HTML: the number of answers, and the counts per face (``face_src``: point
    -> the face picture's URI) only when ``live.faces`` holds published figures; "" for
    no round."""
    if live is None:
        return ""
    parts = [f'<p class="raati-feedback-n" aria-live="polite">'
             f'{_esc(t("pres_feedback_n", lang, n=live.total))}</p>']
    if live.faces:
        faces = "".join(
            f'<li><img alt="" src="{_esc(face_src.get(p, ""))}">'
            f'<span>{_esc(t("pres_face_n", lang, word=word, n=n))}</span></li>'
            for p, word, n in live.faces)
        parts.append(f'<ul class="raati-faces">{faces}</ul>')
        if live.held:
            # The published figures move in steps of the minimum group: the newest
            # answers wait (their faces are never shown one by one).
            parts.append(f'<p class="raati-pres-caption raati-feedback-held">'
                         f'{_esc(t("pres_feedback_held", lang))}</p>')
    else:
        parts.append(f'<p class="raati-pres-caption">'
                     f'{_esc(t("pres_feedback_steps", lang, k=live.min_group))}</p>')
    alt = t("pres_qr_alt_link", lang, link=live.link)
    return (f'<div class="raati-feedback"><div class="raati-feedback-live">{"".join(parts)}'
            f'</div><div class="raati-feedback-qr"><img alt="{_esc(alt)}" '
            f'src="{_esc(qr_src)}"><p class="raati-pres-link">{_esc(live.link)}</p></div></div>')


def slide_html(slide: Slide, number: int, total: int, *, lang: str, extra: str = "",
               preview: bool = False) -> str:
    """Slide ``number`` of ``total`` as one HTML section (presentation.css draws it);
    ``extra`` (HTML made here, e.g. feedback_html) goes after the body; ``preview``: the
    smaller copy in the presenter view."""
    kicker = f'<p class="raati-pres-kicker">{_esc(slide.kicker)}</p>' if slide.kicker else ""
    body = body_html(slide) + extra
    dense = " raati-dense" if slide.kind != "title" and (
        len(slide.lines) > 2 or sum(map(len, slide.lines)) > 160) else ""
    cls = f"raati-pres raati-pres-{_esc(slide.kind)}{dense}" + (" raati-preview" if preview
                                                                 else "")
    label = _esc(t("pres_slide_n", lang, n=number, total=total))
    return (f'<section class="{cls}" aria-roledescription="slide" aria-label="{label}" '
            f'data-slide="{number}" data-total="{total}">{kicker}<h1>{_esc(slide.title)}</h1>'
            f"{body}</section>")
