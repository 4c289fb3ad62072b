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
Streamlit; the caller passes the view, the texts and the actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.likert import themes
from analysis.plain import (
    IMPROVE_HEADING,
    SUCCESS_HEADING,
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
                 earlier: dt.date | None = None) -> list[Slide]:
    """The slides of a closing-event presentation of ``view`` (analysis.views.View of one
    unit and the chosen rounds), in ``lang`` (fi, sv, en; raati.i18n).

    ``texts``: the output of analysis.views.shown_texts for ``view`` (approved, masked;
    nothing else may be passed); ``actions``: raati.actions.Action items to show (the
    page passes raati.said_did.public_actions of the unit); ``expected``: how many were
    asked (the rounds' expected numbers added up; None: no response rate);
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
    flagged = {c.after.question.id: c.difference.value for c in (changes or ())
               if c.difference.flagged}

    def theme_items(results, high: bool) -> tuple[tuple[str, ...], SlideChart | None]:
        lines, rows = [], []
        for r in results:
            p = plain[r.question.id]
            x, d = p.high
            k = x if high else d - x
            words = survey.scale_words(r.question, lang)
            a, b = (words[3], words[4]) if high else (words[1], words[2])
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
            return (), None
        return tuple(lines), SlideChart("icons", tuple(rows),
                                        t("pres_icons_high" if high else "pres_icons_low", lang))

    for kind, key, results, high in (("went_well", SUCCESS_HEADING, strongest, True),
                                     ("improve", IMPROVE_HEADING, weakest, False)):
        lines, chart = theme_items(results, high)
        if lines:
            slides.append(Slide(kind, t(key, lang), lines, chart, t(f"pres_note_{kind}", lang)))
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
