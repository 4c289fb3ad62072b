"""The findings report for decision makers, as PDF (fpdf2) and PowerPoint (python-pptx).

Both formats show the same content, built once by :func:`report_content`: a title page,
key figures, the weakest and strongest themes in plain sentences, the diverging 1–4
chart, a table per question (n, 1–2 %, 3–4 % with its Wilson 95 % interval, mean), and
the moderated free texts grouped by question; then a page (slide) per client panel
session in the report's scope (:class:`PanelSection`: its ideas ranked by dots as a bar
chart, and its proposals); last the "you said, we did" actions of the report's units
and period (:class:`ActionsSection`: counts by status as a bar chart, then each action).

What a report may carry: only a :class:`~analysis.views.View` (aggregated, every figure
from blocks of at least ``min_group`` people) and the texts given to it, which must be
:func:`analysis.views.shown_texts` (approved by staff, personal data masked). This module
never opens the store, so it cannot reach a raw answer or an unmoderated text.

Charts are drawn from their numbers (:class:`Chart`, :class:`ChartRow`) in each format's
own way: PowerPoint's native, editable bar charts in the PPTX; vector drawing (rectangles,
lines and real, selectable text in the embedded DejaVu fonts, shaped) in the PDF. No
browser or image renderer is involved, so the first report of a process waits for no
browser to start. Both follow the one chart style for the 1–4 scale
(``../shared/design/engineering.md``, :mod:`analysis.charts`): diverging stacked bars,
1–2 left of zero in reds, 3–4 right in greens, n printed beside every bar.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from analysis.charts import (
    MIN_SEGMENT_TEXT,
    OPTION_COLOR,
    SCALE_COLORS,
    is_shown,
    likert_shares,
)
from analysis.formatting import fi_number, fi_percent
from analysis.likert import (
    QuestionResult,
    answer_values,
    bonferroni_z,
    compare_shares,
    response_rate,
    themes,
)
from analysis.views import View
from raati import config
from raati.chars import clean_chars
from raati.i18n import UI_LANGUAGES, t
from raati.panels import Idea, Panel, Proposal, ranked
from raati.surveys import Survey

TEXTS_PER_GROUP = 40  # open answers shown per question: a report, not the whole list
LIKERT_PER_CHART = 12  # questions per diverging chart (one page / one slide each)
COMPARE_ROWS_PER_CHART = 22  # rows (question headings and group bars) per comparison chart

# The report's own words. Finnish first; a language without a text falls back to it.
TEXTS: dict[str, dict[str, str]] = {
    "kicker": {"fi": "Tulosraportti", "en": "Findings report"},
    "units": {"fi": "Yksiköt", "en": "Units"},
    "period": {"fi": "Ajanjakso", "en": "Period"},
    "made_on": {"fi": "Laadittu {date}", "en": "Made on {date}"},
    "privacy": {
        "fi": "Raportissa on vain yhteenvetoja. Tuloksia, joissa on alle {m} vastaajaa, ei "
              "näytetä. Avoimet vastaukset on tarkistettu, ja tunnistettavat tiedot on "
              "peitetty.",
        "en": "This report holds only summaries. Results from fewer than {m} respondents "
              "are not shown. Open answers were reviewed and identifying details masked.",
    },
    "key_figures": {"fi": "Keskeiset luvut", "en": "Key figures"},
    "responses": {"fi": "Vastauksia", "en": "Responses"},
    "rate_value": {"fi": "Vastausprosentti ({k} / {n})", "en": "Response rate ({k} / {n})"},
    "likert_questions": {"fi": "Kysymyksiä asteikolla 1–4", "en": "Questions on the 1–4 scale"},
    "all_high": {"fi": "Kaikista 1–4-vastauksista 3–4", "en": "Of all 1–4 answers, 3–4"},
    "left_out": {
        "fi": "Lisäksi {k} vastausta jätettiin pois: ne tulivat alle {m} vastaajan "
              "ryhmistä, tai ne ovat uusimpia, joita on vielä alle {m}.",
        "en": "{k} further responses were left out: they came from groups of fewer than "
              "{m} respondents, or they are the latest ones, still fewer than {m}.",
    },
    "fewer_than": {"fi": "alle {m}", "en": "fewer than {m}"},
    "too_few": {
        "fi": "Tuloksia ei näytetä: vastaajia on alle {m}.",
        "en": "No results are shown: there are fewer than {m} respondents.",
    },
    "themes": {"fi": "Heikoimmat ja vahvimmat teemat", "en": "Weakest and strongest themes"},
    "weakest": {"fi": "Heikoimmat", "en": "Weakest"},
    "strongest": {"fi": "Vahvimmat", "en": "Strongest"},
    "theme_item": {"fi": "{label} ({pct} vastasi 3–4)", "en": "{label} ({pct} answered 3–4)"},
    "themes_lead": {
        "fi": "Teemat järjestettiin sen mukaan, kuinka moni vastasi 3 tai 4.",
        "en": "Themes are ranked by how many answered 3 or 4.",
    },
    "likert_results": {"fi": "Tulokset asteikolla 1–4", "en": "Results on the 1–4 scale"},
    "scale_note": {
        "fi": "Punaiset (1–2) nollaviivan vasemmalla, vihreät (3–4) oikealla; n = vastaajia.",
        "en": "Red (1–2) left of the zero line, green (3–4) right of it; n = respondents.",
    },
    "comparison": {"fi": "Vertailu", "en": "Comparison"},
    "changes": {"fi": "Selvät erot", "en": "Clear differences"},
    "change_up": {"fi": "{label}: 3–4 vastanneita {a} ({ga}) → {b} ({gb}), nousu.",
                  "en": "{label}: answered 3–4 {a} ({ga}) → {b} ({gb}), up."},
    "change_down": {"fi": "{label}: 3–4 vastanneita {a} ({ga}) → {b} ({gb}), lasku.",
                    "en": "{label}: answered 3–4 {a} ({ga}) → {b} ({gb}), down."},
    "no_changes": {
        "fi": "Ryhmien välillä ei ole selviä eroja: näkyvät erot voivat johtua sattumasta.",
        "en": "No clear differences between the groups: the differences seen may be chance.",
    },
    "other_questions": {"fi": "Muut kysymykset", "en": "Other questions"},
    "table": {"fi": "Tulokset kysymyksittäin", "en": "Results by question"},
    "col_question": {"fi": "Kysymys", "en": "Question"},
    "col_n": {"fi": "n", "en": "n"},
    "col_low": {"fi": "1–2", "en": "1–2"},
    "col_high": {"fi": "3–4 (95 % luottamusväli)", "en": "3–4 (95 % interval)"},
    "col_mean": {"fi": "Keskiarvo", "en": "Mean"},
    "table_note": {
        "fi": "1–2 = ei lainkaan tai ei juurikaan, 3–4 = melko tai erittäin hyvin. "
              "Luottamusväli (Wilson) kertoo, missä osuus todennäköisesti on.",
        "en": "1–2 = not at all or hardly, 3–4 = fairly or very well. The interval "
              "(Wilson) shows where the share probably lies.",
    },
    "suppressed": {"fi": "alle {m} vastausta", "en": "fewer than {m} answers"},
    "texts": {"fi": "Avoimet vastaukset", "en": "Open answers"},
    "texts_note": {
        "fi": "Vain henkilökunnan hyväksymät vastaukset; henkilötiedot on peitetty.",
        "en": "Only answers approved by staff; personal details are masked.",
    },
    "no_texts": {"fi": "Ei näytettäviä avoimia vastauksia.", "en": "No open answers to show."},
    "unprintable": {
        "fi": "Merkki {mark} on sellaisen merkin paikalla, jota PDF:n fonteissa ei ole "
              "(esim. uusi emoji). Alkuperäinen teksti näkyy sovelluksessa.",
        "en": "The mark {mark} stands for a character that the PDF's fonts lack (such as "
              "a new emoji). The original text shows in the app.",
    },
    "comments_of": {"fi": "{label} – lisäkommentit", "en": "{label} – comments"},
    "sample": {"fi": "{heading} ({k} / {n}; kaikki näkyvät sovelluksessa)",
               "en": "{heading} ({k} of {n}; all show in the app)"},
    "page": {"fi": "Sivu {n}/{{nb}}", "en": "Page {n}/{{nb}}"},
    "continued": {"fi": "(jatkuu)", "sv": "(fortsätter)", "en": "(continued)"},
}


def _t(key: str, lang: str, **values) -> str:
    entry = TEXTS[key]
    text = entry.get(lang) or entry["fi"]
    return text.format(**values) if values else text


def fi_date(day: dt.date) -> str:
    """16.3.2026, as Finns write a date."""
    return f"{day.day}.{day.month}.{day.year}"


# ---------------------------------------------------------------------------------------
# The content, shared by both formats.


@dataclass(frozen=True)
class ChartRow:
    """One bar of a chart as numbers, from which each format draws it: ``shares`` (each
    0..1) of each category in order (1, 2, 3, 4 for the scale; the options for the
    others), ``n`` the respondents behind them.

    ``shares`` is None for a row without a bar: a heading row (a question above its
    groups in a comparison) when ``note`` is empty, else a result under the minimum group,
    whose ``note`` says so ("alle 5 vastausta"; shown where the bar would be)."""

    label: str
    n: int | None
    shares: tuple[float, ...] | None
    note: str = ""

    @property
    def is_heading(self) -> bool:
        return self.shares is None and not self.note


@dataclass(frozen=True)
class Chart:
    """A chart of the report as numbers: ``kind`` "likert" (the 1–4 scale, also the
    comparisons), "option" (grade, choice, multi: one row whose shares are the
    options') or "count" (a panel session's dots: one row per idea or group, ``n`` its
    dots, ``shares`` its one bar as a share of the axis, whose tick values are
    ``ticks``, 0 first); ``categories`` are the scale's or the options' names, in order
    (a count chart's one series name)."""

    heading: str
    kind: str = ""
    categories: tuple[str, ...] = ()
    rows: tuple[ChartRow, ...] = ()
    ticks: tuple[int, ...] = ()


@dataclass(frozen=True)
class TableRow:
    label: str
    n: str
    low: str
    high: str
    mean: str
    suppressed: bool


@dataclass
class ReportContent:
    lang: str
    title: str
    kicker: str
    title_extra: str
    units_label: str
    period_label: str
    date_label: str
    privacy_note: str
    key_figures: list[tuple[str, str]]  # (value, what it is): ("34", "Vastauksia")
    notes: list[str]
    weakest: list[str]
    strongest: list[str]
    likert_charts: list[Chart]
    compare_charts: list[Chart]
    changes: list[str]
    option_charts: list[Chart]
    table: list[TableRow]
    text_groups: list[tuple[str, list[str]]]
    headings: dict[str, str] = field(default_factory=dict)
    panels: list[PanelSection] = field(default_factory=list)
    actions: ActionsSection | None = None


@dataclass(frozen=True)
class PanelSection:
    """One client panel session (asiakasraati, contract §5) as a report shows it: a page
    of the PDF, a slide of the deck. Built by :func:`panel_section`; every text is
    already in the report's language, user text (idea texts, proposals, group names,
    the title) as written, never markup."""

    lang: str
    kicker: str  # "Asiakasraati"
    title: str  # the session's title
    meta: str  # "Yksikkö: Puupaja · 4.3.2026"
    counts: str  # "Osallistujia 9 · annettuja pisteitä 27 (kullakin 3) · ideoita 8"
    notes: tuple[str, ...]  # texts purged; session still open
    chart_heading: str
    chart_note: str
    chart: Chart  # kind "count": the ranked ideas and groups with their dots
    proposals_heading: str
    proposals: tuple[str, ...]  # "Tauot pidemmiksi (11 pistettä)", most dots first
    no_ideas: str
    no_proposals: str


@dataclass(frozen=True)
class ActionItem:
    """One action of :class:`ActionsSection` as lines of text in the report's language:
    ``said`` ("Asiakkaat sanoivat: ..."), ``did`` ("Me teimme: ..."; for one found not
    possible, why), ``status`` (its symbol and word, and when it was done: "✅ Tehty
    2.3.2026"; one short line), ``marks`` ("myöhässä · vain henkilökunnalle", or empty)
    and ``facts`` (due date, responsible, unit, source). ``overdue`` draws the marks as
    a warning. User text (said, did, names, titles) as written, never markup."""

    said: str
    did: str
    status: str
    facts: str
    marks: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class ActionsSection:
    """The "you said, we did" actions (contract §6) of a report's units and period: a
    page (or more) of the PDF, slides of the deck. Built by
    :func:`analysis.actions_report.actions_section`; every text already in the
    report's language."""

    lang: str
    kicker: str  # "Te sanoitte – me teimme"
    title: str  # "Toimenpiteet"
    meta: str  # "Yksiköt: Puupaja, Ompelimo"
    counts: str  # "Toimenpiteitä: 6 · myöhässä: 1 · vain henkilökunnalle: 1"
    chart_heading: str
    chart: Chart  # kind "count": one row per status (symbol and word), n its actions
    list_heading: str
    note: str  # staff-only actions are included
    items: tuple[ActionItem, ...]


def _writable(value):
    """``value`` (a text, or a ReportContent, Chart, TableRow, list, tuple or dict holding
    texts) with every text by :func:`raati.chars.clean_chars`: what XML (PPTX) or a PDF
    cannot hold (U+FFFF, U+0000, lone surrogates, ...) is dropped, line breaks are
    ``\\n``. Free texts, survey texts and labels of an old database or survey file may
    hold such characters (issue 9 item 1); python-pptx refuses them with a traceback."""
    if isinstance(value, str):
        return clean_chars(value)
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_writable(v) for v in value)
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{
            f.name: _writable(getattr(value, f.name)) for f in dataclasses.fields(value)
            if f.init})
    return value


def _chunks(items: list, size: int) -> list[list]:
    return [items[i: i + size] for i in range(0, len(items), size)] or []


def _likert(results: Iterable[QuestionResult]) -> list[QuestionResult]:
    return [r for r in results if r.question.type == "likert"]


def _table_row(r: QuestionResult, label: str, lang: str, min_group: int) -> TableRow:
    if not is_shown(r):
        return TableRow(label, "", "", _t("suppressed", lang, m=min_group), "", True)
    low = high = mean = ""
    if r.question.type == "likert":
        lo_share, hi_share = r.share_low, r.share_high
        a, b = hi_share.interval()
        low = fi_percent(lo_share.value)
        high = f"{fi_percent(hi_share.value)} ({fi_number(100 * a, 0)}–{fi_percent(b)})"
    if r.mean is not None:
        mean = fi_number(r.mean)
    return TableRow(label, str(r.n), low, high, mean, False)


def _changes(comparisons: Sequence[tuple[str, View]], labels: dict[str, str],
             lang: str) -> list[str]:
    """Clear differences in the share of 3–4 between two groups (Newcombe interval,
    Bonferroni-corrected for the number of questions compared)."""
    (name_a, view_a), (name_b, view_b) = comparisons[0], comparisons[-1]
    pairs = []
    for ra in _likert(view_a.results):
        rb = view_b.result(ra.question.id)
        if rb is not None and ra.share_high is not None and rb.share_high is not None:
            pairs.append((ra, rb))
    if not pairs:
        return []
    z = bonferroni_z(len(pairs))
    lines = []
    for ra, rb in pairs:
        diff = compare_shares(ra.share_high, rb.share_high, z)
        if diff.flagged:
            key = "change_up" if diff.value > 0 else "change_down"
            lines.append(_t(key, lang, label=labels[ra.question.id].rstrip(". "),
                            a=fi_percent(ra.share_high.value), ga=name_a,
                            b=fi_percent(rb.share_high.value), gb=name_b))
    return lines or [_t("no_changes", lang)]


def _selected_texts(texts: Sequence[dict]) -> tuple[list[dict], dict[tuple[str, str], int]]:
    """Of each question's (and kind's) texts at most :data:`TEXTS_PER_GROUP`, picked by
    a hash of the text: reproducible, and neither the order of answering nor the
    alphabet decides which. Returns them (copies) and how many each group had."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for item in texts:
        groups.setdefault((item["question"], item["kind"]), []).append(item)
    picked = []
    for items in groups.values():
        if len(items) > TEXTS_PER_GROUP:
            items = sorted(items, key=lambda item: hashlib.sha256(
                item["text"].encode("utf-8", "surrogatepass")).digest())[:TEXTS_PER_GROUP]
        picked.extend(dict(item) for item in items)
    return picked, {key: len(items) for key, items in groups.items()}


def report_content(survey: Survey, view: View, texts: Sequence[dict], *, lang: str = "fi",
                   title_extra: str = "", units_label: str = "", period_label: str = "",
                   min_group: int = 5,
                   comparisons: Sequence[tuple[str, View]] | None = None,
                   expected: int | None = None, today: dt.date | None = None,
                   panels: Sequence[PanelSection] = (),
                   actions: ActionsSection | None = None,
                   ) -> ReportContent:
    """Everything a report shows; its charts as numbers (:class:`Chart`), which each
    format draws itself (nothing is rendered here).

    ``texts`` are the output of :func:`analysis.views.shown_texts` (question, kind,
    text); ``comparisons`` are (group name, view) pairs drawn side by side (two rounds,
    several units); ``expected`` is the number of people asked, for the response rate;
    ``panels`` the client panel sessions in the report's scope (:func:`panel_section`,
    chosen by :func:`analysis.panel_report.report_panels`), each a page / slide after
    the open answers; ``actions`` the actions of the report's units and period
    (:func:`analysis.actions_report.report_actions`; None: no such section), last.
    Of a question's open answers at most :data:`TEXTS_PER_GROUP` are shown, picked by a
    hash of the text (neither answering order nor the alphabet decides which).
    """
    # Texts from the survey file and the store, made writable before charts and pages.
    labels = {q.id: clean_chars(survey.text(q.text, lang)) for q in survey.questions}
    scale = {p: clean_chars(survey.text(label, lang)) for p, label in survey.scale.items()}
    # A question with its own words for 1..4 (contract §1) names them after its label in
    # the charts: their legend shows the survey's words.
    chart_labels = dict(labels)
    for qid, words in survey.own_scale_words(lang).items():
        named = " · ".join(f"{p} {clean_chars(w)}" for p, w in sorted(words.items()))
        chart_labels[qid] = f"{labels[qid]} ({named})"
    texts, text_totals = _selected_texts(texts)
    texts = _writable(texts)
    title_extra, units_label, period_label = _writable((title_extra, units_label,
                                                        period_label))
    shown_any = view.responses >= min_group

    # -- key figures -------------------------------------------------------------------
    likert = _likert(view.results)
    key_figures = [(str(view.responses), _t("responses", lang))]
    rate = response_rate(view.responses + view.left_out, expected)
    if rate is not None:
        key_figures.append((fi_percent(rate), _t(
            "rate_value", lang, k=view.responses + view.left_out, n=expected)))
    if likert:
        key_figures.append((str(len(likert)), _t("likert_questions", lang)))
        shown = [r for r in likert if is_shown(r)]
        total = sum(sum(r.counts.values()) for r in shown)
        if total:
            high = sum(r.counts.get("3", 0) + r.counts.get("4", 0) for r in shown)
            key_figures.append((fi_percent(high / total), _t("all_high", lang)))
    notes = []
    if view.left_out:
        # A left-out count under the minimum would tell a small group's size.
        left = (_t("fewer_than", lang, m=min_group) if view.left_out < min_group
                else str(view.left_out))
        notes.append(_t("left_out", lang, k=left, m=min_group))
    if not shown_any:
        notes.append(_t("too_few", lang, m=min_group))

    # -- themes ------------------------------------------------------------------------
    weakest_r, strongest_r = themes(likert)

    def theme(r: QuestionResult) -> str:
        return _t("theme_item", lang, label=labels[r.question.id].rstrip(". "),
                  pct=fi_percent(r.share_high.value))

    # -- charts, as numbers --------------------------------------------------------------
    charts: dict[str, list[Chart]] = {"likert": [], "compare": [], "option": []}
    scale_names = tuple(f"{p} {scale.get(p, '')}".strip() for p in (1, 2, 3, 4))

    def likert_rows(rows: Iterable[tuple[str, QuestionResult | None]]) -> Chart:
        out = []
        for label, r in rows:
            if r is None:
                out.append(ChartRow(label, None, None))
            elif not is_shown(r):
                out.append(ChartRow(label, None, None, _t("suppressed", lang, m=min_group)))
            else:
                shares = likert_shares(r)
                out.append(ChartRow(label, r.n, tuple(shares[p] for p in (1, 2, 3, 4))))
        return Chart("", "likert", scale_names, tuple(out))

    if likert and shown_any:
        chunks = _chunks(likert, LIKERT_PER_CHART)
        for i, chunk in enumerate(chunks):
            heading = _t("likert_results", lang) + (
                f" ({i + 1}/{len(chunks)})" if len(chunks) > 1 else "")
            charts["likert"].append(dataclasses.replace(
                likert_rows((chart_labels[r.question.id], r) for r in chunk),
                heading=heading))
    comparisons = list(comparisons or [])
    with_data = [c for c in comparisons if c[1].responses > 0]
    changes: list[str] = []
    if len(with_data) >= 2:  # a group under the minimum stays, as a row saying so
        qids = [r.question.id for r in _likert(comparisons[0][1].results)]
        chunks = _chunks(qids, max(1, COMPARE_ROWS_PER_CHART // (len(comparisons) + 1)))
        for i, chunk in enumerate(chunks):
            groups = [(name, [r for r in v.results if r.question.id in chunk])
                      for name, v in comparisons]
            heading = _t("comparison", lang) + (
                f" ({i + 1}/{len(chunks)})" if len(chunks) > 1 else "")
            rows: list[tuple[str, QuestionResult | None]] = []
            for qid in chunk:
                rows.append((chart_labels[qid], None))
                rows.extend((name, r) for name, results in groups for r in results
                            if r.question.id == qid)
            charts["compare"].append(dataclasses.replace(likert_rows(rows), heading=heading))
        if len(with_data) == 2:  # "what changed" is a question about two groups
            changes = _changes(with_data, labels, lang)
    if shown_any:
        for r in view.results:
            if r.question.type in ("grade", "choice", "multi"):
                if r.question.type == "grade":
                    opt_labels = {v: v for v in r.counts}
                else:
                    opt_labels = {o.id: clean_chars(survey.text(o.label, lang))
                                  for o in r.question.options}
                values = list(answer_values(r.question))
                row = (ChartRow("", r.n, tuple(r.counts.get(v, 0) / r.n for v in values))
                       if is_shown(r) else
                       ChartRow("", None, None, _t("suppressed", lang, m=min_group)))
                charts["option"].append(Chart(labels[r.question.id], "option", tuple(
                    opt_labels.get(v, v) for v in values), (row,)))

    # -- table and texts ---------------------------------------------------------------
    table = [_table_row(r, labels[r.question.id], lang, min_group)
             for r in view.results if r.question.type in ("likert", "grade", "choice", "multi")]
    groups: dict[tuple[str, str], list[str]] = {}
    for item in texts:
        groups.setdefault((item["question"], item["kind"]), []).append(item["text"])
    text_groups = []
    for q in survey.questions:
        for kind in ("value", "comment"):
            found = groups.get((q.id, kind))
            if not found:
                continue
            heading = labels[q.id] if kind == "value" else _t("comments_of", lang,
                                                              label=labels[q.id])
            total = text_totals[(q.id, kind)]
            if total > len(found):
                heading = _t("sample", lang, heading=heading, k=len(found),
                             n=fi_number(total, 0))
            # Alphabetical: neither the order of answering nor of dates shows through.
            text_groups.append((heading, sorted(found, key=str.casefold)))

    title = clean_chars(survey.text(survey.title, lang)) or survey.id
    return ReportContent(
        lang=lang, title=title, kicker=_t("kicker", lang), title_extra=title_extra,
        units_label=units_label, period_label=period_label,
        date_label=_t("made_on", lang, date=fi_date(today or config.today())),
        privacy_note=_t("privacy", lang, m=min_group),
        key_figures=key_figures, notes=notes,
        weakest=[theme(r) for r in weakest_r], strongest=[theme(r) for r in strongest_r],
        likert_charts=charts["likert"], compare_charts=charts["compare"], changes=changes,
        option_charts=charts["option"], table=table, text_groups=text_groups,
        headings={k: _t(k, lang) for k in (
            "key_figures", "themes", "weakest", "strongest", "themes_lead", "scale_note",
            "comparison", "changes", "other_questions", "table", "col_question", "col_n",
            "col_low", "col_high", "col_mean", "table_note", "texts", "texts_note",
            "no_texts", "units", "period", "continued", "likert_results")},
        panels=list(panels), actions=actions,
    )


def _count_ticks(top: int) -> tuple[int, ...]:
    """The axis ticks of a count chart whose longest bar is ``top`` (0 or more): 0 up
    to a multiple of a step of 1, 2 or 5 × 10^k, at most 6 steps, covering ``top``."""
    step = 1
    while -(-max(top, 1) // step) > 6:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    end = max(step, -(-top // step) * step)
    return tuple(range(0, end + 1, step))


def panel_section(panel: Panel, ideas: Sequence[Idea], proposals: Sequence[Proposal], *,
                  unit_name: str = "", lang: str = "fi") -> PanelSection:
    """A panel session for a report (:class:`PanelSection`), from what the store holds
    of it (``ideas``: all or only the approved; only approved ones are shown, as
    :func:`raati.panels.ranked` ranks them: a group of similar ideas is one row with
    its ideas' combined dots, "Tauot: Pidempi kahvitauko · Tauko myös iltapäivällä").

    Once the session's idea texts were deleted after their retention time
    (``panel.texts_purged_on`` set), no idea text is shown even if one were left: an
    ungrouped idea is "Idea 1", "Idea 2" … in rank order, a group its name and how many
    ideas it has ("Tauot (2 ideaa)"; group names and proposals are staff's words and stay,
    as in raati.retention). ``lang`` is the report's language; the panel texts come
    from raati.i18n in fi, sv or en (another language: Finnish, as the report's own
    words). Raises nothing of its own."""
    lang = lang if lang in UI_LANGUAGES else "fi"
    purged = bool(panel.texts_purged_on)
    rows = []
    single = 0
    for group, members, dots in ranked(list(ideas)):
        if purged and group:
            label = t("rep_panel_group_n", lang, group=group, n=len(members))
        elif purged:
            single += 1
            label = t("rep_panel_idea_n", lang, n=single)
        else:
            texts = " · ".join(i.text for i in members)
            label = f"{group}: {texts}" if group else texts
        rows.append((label, dots))
    ticks = _count_ticks(max((dots for _, dots in rows), default=0))
    chart = Chart(t("rep_panel_ranked", lang), "count", (t("rep_panel_dots", lang),),
                  tuple(ChartRow(label, dots, (dots / ticks[-1],)) for label, dots in rows),
                  ticks)
    approved = [i for i in ideas if i.status == "approved"]
    notes = []
    if purged:
        notes.append(t("rep_panel_purged", lang,
                       date=fi_date(dt.date.fromisoformat(panel.texts_purged_on))))
    if panel.phase != "closed":
        notes.append(t("rep_panel_not_closed", lang))
    ordered = sorted(proposals, key=lambda p: -p.votes)  # ties: in the order made
    return PanelSection(
        lang=lang, kicker=t("rep_panel_kicker", lang), title=panel.title,
        meta=t("rep_panel_meta", lang, unit=unit_name or panel.unit,
               date=fi_date(dt.date.fromisoformat(panel.opened))),
        counts=t("rep_panel_counts", lang, n=panel.participants,
                 dots=sum(i.votes for i in approved), k=panel.votes_per_person,
                 ideas=len(approved)),
        notes=tuple(notes), chart_heading=t("rep_panel_ranked", lang),
        chart_note=t("rep_panel_ranked_note", lang), chart=chart,
        proposals_heading=t("rep_panel_proposals", lang),
        proposals=tuple(t("rep_panel_proposal_item", lang, text=p.text, n=p.votes)
                        for p in ordered),
        no_ideas=t("rep_panel_no_ideas", lang), no_proposals=t("rep_panel_no_proposals", lang))


# ---------------------------------------------------------------------------------------
# PDF


A4_W, A4_H = 210.0, 297.0
MARGIN = 18.0
CONTENT_W = A4_W - 2 * MARGIN
INK = (17, 17, 17)
ACCENT = (11, 79, 138)
MUTED = (70, 70, 70)
RULE = (200, 200, 200)
SOFT = (240, 244, 248)
WHITE = (255, 255, 255)
OVERDUE = (163, 21, 21)  # an overdue action's mark: 7:1 on white

# Charts, drawn as vectors (sizes in mm, fonts in pt). Their text is 7.5–8.5 pt, about the
# 14 px of the web charts (analysis.charts) at a full A4 width.
PT = 25.4 / 72  # mm per point
CHART_PT = 8.5  # row labels, legend
SMALL_PT = 7.5  # percentages, n, axis ticks
LINE_H = 3.7  # mm per line of a row label
BAR_H = 5.6  # mm: the thickness of a bar
ROW_PAD = 2.4  # mm between two bars
LABEL_MAX = 0.36 * CONTENT_W  # a longer row label wraps
COUNT_LABEL_MAX = 0.55 * CONTENT_W  # a panel's ideas: sentences, more room than a question
FIT_SLACK = 2.0  # mm: a label this much narrower than its room is surely one line
INSET = 1.0  # mm: row labels start where the text above them does (fpdf2's cell margin)
GRID = (225, 225, 225)  # the web charts' #e5e5e5, a touch darker for print
SWATCH = 3.2  # mm: a legend's colour square
AXIS_H = 5.0  # mm: the tick labels under a chart
LIKERT_TICKS = (-100, -75, -50, -25, 0, 25, 50, 75, 100)
OPTION_TICKS = (0, 25, 50, 75, 100)


def _rgb(color: str) -> tuple[int, int, int]:
    """``"#b2182b"`` as (178, 24, 43)."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance 0..1 of an sRGB colour (0..255 each), as WCAG 2.x defines it."""
    def linear(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours, 1..21 (4.5 is AA for small text)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color_on(fill: str) -> tuple[int, int, int]:
    """The text colour for a label on ``fill`` (``"#rrggbb"``): white or the report's
    near-black ink, whichever contrasts more (WCAG 2.x ratio; white on the dark shades of
    the scale, ink on the light ones, as :data:`analysis.charts.SEGMENT_TEXT_COLORS`)."""
    rgb = _rgb(fill)
    return max((WHITE, INK), key=lambda text: contrast_ratio(rgb, text))


@dataclass(frozen=True)
class _Bar:
    """One drawn row of a PDF chart: ``shares`` the likert row's 4 shares or an option's
    one share, None for a heading row or one under the minimum group (``note``)."""

    label: str
    lines: int  # lines of the wrapped label
    height: float  # mm
    heading: bool = False
    shares: tuple[float, ...] | None = None
    n: int | None = None
    note: str = ""


@dataclass(frozen=True)
class _Layout:
    """Where a PDF chart's parts go, in mm: the label column from the left margin,
    the plot from ``x0`` to ``x1`` (likert: −100..100 %, zero in the middle; option:
    0..100 %), n or the values right of it; ``top`` (the legend, or the option chart's
    n) above the rows and the axis labels under them."""

    kind: str
    label_w: float
    x0: float
    x1: float
    legend: tuple[tuple[tuple[float, str, str], ...], ...]  # lines of (width, text, fill)
    top: float
    bars: tuple[_Bar, ...]
    n: int | None = None  # an option chart's respondents
    note: str = ""  # an option chart under the minimum group
    ticks: tuple[int, ...] = ()  # a count chart's axis values, 0 first

    def height(self, bars: Sequence[_Bar] | None = None) -> float:
        return self.top + sum(b.height for b in (self.bars if bars is None else bars)) \
            + AXIS_H


def _is_rtl(text: str) -> bool:
    """Whether ``text``'s first strongly directional letter is right-to-left (Arabic,
    Persian, Hebrew: Unicode bidi classes R and AL), as in UAX #9 rules P2-P3."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _pdf_class():
    from fpdf import FPDF

    from raati.pdffonts import RaatiFontsMixin

    class _ReportPDF(RaatiFontsMixin, FPDF):
        def __init__(self, content: ReportContent) -> None:
            super().__init__(orientation="portrait", unit="mm", format="A4")
            self.content = content
            self._layouts: dict[Chart, _Layout] = {}
            self.set_margins(MARGIN, MARGIN, MARGIN)
            self.set_auto_page_break(True, margin=MARGIN)
            # The bundled DejaVu fonts, embedded (subset) and shaped: å, ä, ö, Cyrillic,
            # Sámi letters and joined right-to-left Arabic and Persian print everywhere;
            # emoji and other scripts from fallback fonts (raati.pdffonts).
            self.setup_fonts()
            self.alias_nb_pages()

        def footer(self) -> None:
            if self.page_no() == 1:
                return
            self.set_y(-12)
            self.set_font("DejaVu", "", 8)
            self.set_text_color(*MUTED)
            self.cell(CONTENT_W / 2, 5, self.content.title[:90], align="L")
            # The {nb} alias (page count) is not replaced in shaped text (fpdf2 #1090):
            # the page numbers are digits and fi/en words, which need no shaping.
            shaping = self.text_shaping
            self.text_shaping = None
            self.cell(CONTENT_W / 2, 5, _t("page", self.content.lang, n=self.page_no()),
                      align="R")
            self.text_shaping = shaping

        def text_block(self, text: str, size: float = 11, style: str = "",
                       color=INK, h: float | None = None, indent: float = 0) -> None:
            self.set_font("DejaVu", style, size)
            self.set_text_color(*color)
            self.set_x(MARGIN + indent)
            self.multi_cell(CONTENT_W - indent, h or size * 0.5, text,
                            align="R" if _is_rtl(text) else "L",
                            new_x="LMARGIN", new_y="NEXT")

        def heading(self, text: str, size: float = 16, need: float = 40) -> None:
            """A heading kept together with the next ``need`` mm."""
            if self.get_y() > A4_H - MARGIN - 14 - need:
                self.add_page()
            self.ln(3)
            self.text_block(text, size, "B", ACCENT)
            self.ln(2)

        def text_height(self, text: str, size: float = 11, style: str = "",
                        h: float | None = None, indent: float = 0) -> float:
            """The height (mm) :meth:`text_block` with these arguments takes."""
            return len(self._lines(text, CONTENT_W - indent, size, style)) * (h or size * 0.5)

        def _lines(self, text: str, width: float, size: float, style: str = "") -> list:
            """``text`` wrapped to ``width`` mm in DejaVu ``style`` ``size`` pt (shaped),
            as fpdf2 breaks it; leaves that font set."""
            self.set_font("DejaVu", style, size)
            return self.multi_cell(width, size * PT, text, dry_run=True, output="LINES",
                                   padding=0) or [""]

        def panel_page(self, s: PanelSection) -> None:
            """A client panel session on a new page: kicker, title, unit and date, the
            counts, notes, its ranked ideas as a count chart (continued on the next
            page when long) and its proposals. Every text as text, never markup."""
            self.add_page()
            self.text_block(s.kicker.upper(), 11, "B", ACCENT, h=6)
            self.text_block(s.title, 20, "B", h=9)
            self.ln(1)
            self.text_block(s.meta, 11, color=MUTED, h=6)
            self.text_block(s.counts, 11, color=MUTED, h=6)
            for note in s.notes:
                self.ln(1)
                self.text_block(note, 10, color=MUTED, h=5)
            note_h = self.text_height(s.chart_note, 9.5, h=5)
            if s.chart.rows:
                # A chart taller than a page starts here and goes on (chart() splits it);
                # one that fits a page stays whole with its heading.
                tall = self._chart_layout(s.chart).height() > A4_H - 2 * MARGIN - note_h - 20
                self.heading(s.chart_heading, 14,
                             need=(60 if tall else self.chart_height(s.chart)) + note_h)
                self.text_block(s.chart_note, 9.5, color=MUTED, h=5)
                self.chart(s.chart, f"{s.chart_heading} {_t('continued', s.lang)}")
            else:
                self.heading(s.chart_heading, 14, need=10)
                self.text_block(s.no_ideas, 11, h=6)
            first = s.proposals[0] if s.proposals else s.no_proposals
            self.heading(s.proposals_heading, 14,
                         need=self.text_height(f"•  {first}", 11, h=6, indent=4))
            if not s.proposals:
                self.text_block(s.no_proposals, 11, h=6)
            for item in s.proposals:
                self.text_block(f"•  {item}", 11, h=6, indent=4)
                self.ln(1)

        def _action_height(self, item: ActionItem) -> float:
            """The height (mm) :meth:`actions_page` takes for ``item``."""
            return (self.text_height(item.said, 11, "B", h=5.6)
                    + self.text_height(item.did, 11, h=5.6)
                    + self.text_height(item.status, 9.5, "B", h=4.8)
                    + (self.text_height(item.marks, 9.5, "B", h=4.8) if item.marks else 0)
                    + self.text_height(item.facts, 9.5, h=4.8) + 4)

        def actions_page(self, s: ActionsSection) -> None:
            """The actions on a new page: kicker, title, units, counts, the counts by
            status as a count chart, then each action (said, did, its marks and facts),
            an action kept whole on a page where it fits; a long list goes on to further
            pages under the list's heading "(jatkuu)". Every text as text, never markup."""
            self.add_page()
            self.text_block(s.kicker.upper(), 11, "B", ACCENT, h=6)
            self.text_block(s.title, 20, "B", h=9)
            self.ln(1)
            self.text_block(s.meta, 11, color=MUTED, h=6)
            self.text_block(s.counts, 11, color=MUTED, h=6)
            self.heading(s.chart_heading, 14, need=self.chart_height(s.chart))
            self.chart(s.chart)
            first = self._action_height(s.items[0]) if s.items else 10
            note_h = self.text_height(s.note, 9.5, h=5)
            self.heading(s.list_heading, 14, need=first + note_h)
            self.text_block(s.note, 9.5, color=MUTED, h=5)
            self.ln(2)
            bottom = A4_H - MARGIN - 2
            for item in s.items:
                need = self._action_height(item)
                if self.get_y() + need > bottom and need < bottom - MARGIN - 20:
                    self.add_page()
                    self.heading(f"{s.list_heading} {_t('continued', s.lang)}", 14, need=need)
                top, page = self.get_y(), self.page_no()
                self.text_block(item.said, 11, "B", h=5.6, indent=3)
                self.text_block(item.did, 11, h=5.6, indent=3)
                # The status alone on its line, and the font set again after it: after
                # a symbol from a fallback font (raati.pdffonts) fpdf2 2.8 takes the
                # page's font as still set, so the next line would print in the wrong
                # font (garbled).
                self.text_block(item.status, 9.5, "B", h=4.8, indent=3)
                self.current_font_is_set_on_page = False
                if item.marks:
                    self.text_block(item.marks, 9.5, "B", OVERDUE if item.overdue else ACCENT,
                                    h=4.8, indent=3)
                self.text_block(item.facts, 9.5, color=MUTED, h=4.8, indent=3)
                if self.page_no() == page:  # a rule beside the action (on one page)
                    self.set_fill_color(*(OVERDUE if item.overdue else RULE))
                    self.rect(MARGIN, top + 0.5, 1.2, self.get_y() - top - 1, style="F")
                self.ln(4)

        # -- charts, drawn as vectors ----------------------------------------------------

        def _chart_layout(self, chart: Chart) -> _Layout:
            """Measure ``chart``: label column, plot, legend and every row's height
            (once per chart: :meth:`chart_height` and :meth:`chart` both ask)."""
            if chart not in self._layouts:
                self._layouts[chart] = self._measure_chart(chart)
            return self._layouts[chart]

        def _measure_chart(self, chart: Chart) -> _Layout:
            margin, self.c_margin = self.c_margin, 0
            try:
                if chart.kind == "likert":
                    items = [(r.label, r.is_heading) for r in chart.rows]
                elif chart.kind == "count":
                    items = [(r.label, False) for r in chart.rows]
                else:
                    items = [(name, False) for name in chart.categories]
                label_max = COUNT_LABEL_MAX if chart.kind == "count" else LABEL_MAX
                self.set_font("DejaVu", "", CHART_PT)
                widths = {label: self.get_string_width(label) for label, head in items
                          if not head}
                label_w = min(max(max(widths.values(), default=0) + 1, 20), label_max)
                # fpdf2's line breaking measures shaped right-to-left text a little wider
                # (about 1 mm) than get_string_width: a label meant for one line gets the
                # room it needs.
                for label, width in widths.items():
                    while label_w - FIT_SLACK < width <= label_w - 1 and label_w < label_max \
                            and len(self._lines(label, label_w, CHART_PT)) > 1:
                        label_w = min(label_w + 0.5, label_max)

                def lines_of(label: str, width: float, style: str = "") -> int:
                    self.set_font("DejaVu", style, CHART_PT)
                    if self.get_string_width(label) <= width - FIT_SLACK:
                        return 1  # surely one line: no dry run of fpdf2's line breaking
                    return len(self._lines(label, width, CHART_PT, style))
                self.set_font("DejaVu", "", SMALL_PT)
                right = MARGIN + CONTENT_W
                if chart.kind == "likert":
                    right_w = max((self.get_string_width(f"n = {r.n}") for r in chart.rows
                                   if r.n is not None), default=0) + 2
                    right_w = max(right_w, 14)
                elif chart.kind == "count":  # the widest count a bar can end in
                    right_w = max((self.get_string_width(str(r.n)) for r in chart.rows
                                   if r.n is not None), default=0) + 3
                else:  # the widest value text an option's bar can end in
                    n = chart.rows[0].n if chart.rows and chart.rows[0].n else 0
                    right_w = self.get_string_width(f"100 % ({n})") + 2
                x0, x1 = MARGIN + INSET + label_w + 2, right - right_w
                bars = []
                if chart.kind == "likert":
                    for i, row in enumerate(chart.rows):
                        if row.is_heading:
                            lines = lines_of(row.label, x1 - MARGIN - INSET, "B")
                            bars.append(_Bar(row.label, lines, lines * LINE_H
                                             + (1.2 if i == 0 else 3.2), heading=True))
                        else:
                            lines = lines_of(row.label, label_w)
                            bars.append(_Bar(row.label, lines, max(
                                BAR_H + ROW_PAD, lines * LINE_H + 1.6), shares=row.shares,
                                n=row.n, note=row.note))
                    legend = self._legend_lines(chart)
                elif chart.kind == "count":
                    for row in chart.rows:
                        lines = lines_of(row.label, label_w)
                        bars.append(_Bar(row.label, lines, max(BAR_H + ROW_PAD,
                                                              lines * LINE_H + 1.6),
                                         shares=row.shares, n=row.n))
                    legend = ()
                else:
                    row = chart.rows[0] if chart.rows else ChartRow("", None, None)
                    for i, name in enumerate(chart.categories):
                        lines = lines_of(name, label_w)
                        bars.append(_Bar(name, lines, max(BAR_H + ROW_PAD,
                                                          lines * LINE_H + 1.6),
                                         shares=None if row.shares is None
                                         else (row.shares[i],), n=row.n))
                    legend = ()
                top = len(legend) * 4.6 + 2.5 if chart.kind == "likert" else \
                    1.5 if chart.kind == "count" else 5.0
                single = chart.rows and chart.kind == "option"  # one row of options
                return _Layout(chart.kind, label_w, x0, x1, legend, top, tuple(bars),
                               n=chart.rows[0].n if single else None,
                               note=chart.rows[0].note if single else "",
                               ticks=chart.ticks)
            finally:
                self.c_margin = margin

        def _legend_lines(self, chart: Chart) -> tuple:
            """The scale's legend: (width, text, fill) items in order 1..4, flowed onto
            lines of at most the content width."""
            self.set_font("DejaVu", "", CHART_PT)
            lines, line, used = [], [], 0.0
            for point, name in zip((1, 2, 3, 4), chart.categories, strict=False):
                w = SWATCH + 1.3 + self.get_string_width(name)
                if line and used + 5 + w > CONTENT_W:
                    lines.append(tuple(line))
                    line, used = [], 0.0
                used += (5 if line else 0) + w
                line.append((w, name, SCALE_COLORS[point]))
            if line:
                lines.append(tuple(line))
            return tuple(lines)

        def chart_height(self, chart: Chart) -> float:
            """The height (mm) :meth:`chart` takes for ``chart`` at most on one page:
            for a heading's ``need``."""
            return min(self._chart_layout(chart).height() + 3, A4_H - 2 * MARGIN - 40)

        def chart(self, chart: Chart, continued: str = "") -> None:
            """Draw ``chart`` at the current position, full width, and move below it.
            It is kept on one page: moved to the next page when it does not fit in what
            is left of this one. Only a chart taller than a whole page is split, between
            rows, each part with its legend and axis and the next ones under the heading
            ``continued``: before a comparison's question heading where one fits, so a
            question stays with its groups (a heading never ends a part)."""
            if not chart.rows and not chart.categories:
                return
            lay = self._chart_layout(chart)
            bottom = A4_H - MARGIN
            full = bottom - MARGIN
            base = lay.top + AXIS_H
            room = bottom - self.get_y()
            if lay.height() > room and (lay.height() <= full or room < base + 40):
                self.add_page()
                room = full
            room_next = full - (self.text_height(continued, 16) + 5 if continued else 0)
            parts: list[list[_Bar]] = []
            part: list[_Bar] = []
            used = base
            for i, bar in enumerate(lay.bars):
                following = lay.bars[i + 1].height if bar.heading and i + 1 < len(lay.bars) \
                    else 0
                need = bar.height + following  # a heading row comes with its first bar
                if part and used + need > room:
                    cut = max((j for j, b in enumerate(part) if b.heading and j), default=0)
                    carry = part[cut:] if cut else []
                    if base + sum(b.height for b in carry) + need > room_next:
                        carry = []
                    parts.append(part[:len(part) - len(carry)])
                    part, room = carry, room_next
                    used = base + sum(b.height for b in carry)
                part.append(bar)
                used += bar.height
            parts.append(part)
            margin, self.c_margin = self.c_margin, 0
            try:
                for i, bars in enumerate(parts):
                    if i:
                        self.add_page()
                        if continued:
                            self.heading(continued)
                    y = self.get_y()
                    auto, self.auto_page_break = self.auto_page_break, False
                    # Colours, line width and font restored afterwards (PDF q/Q): what
                    # comes next (the table) draws with the state it had before.
                    with self.local_context():
                        y = self._draw_chart(lay, bars, y)
                    self.auto_page_break = auto
                    self.set_y(y)
            finally:
                self.c_margin = margin
            self.set_xy(MARGIN, self.get_y() + 3)

        def _label(self, text: str, x: float, y: float, w: float, lines: int,
                   style: str = "", color=INK) -> None:
            """A wrapped row label of ``lines`` lines, vertically centred on ``y``,
            right-aligned when it is right-to-left (Arabic, Persian, Hebrew)."""
            self.set_font("DejaVu", style, CHART_PT)
            self.set_text_color(*color)
            self.set_xy(x, y - lines * LINE_H / 2)
            self.multi_cell(w, LINE_H, text, align="R" if _is_rtl(text) else "L",
                            new_x="LMARGIN", new_y="NEXT", padding=0)

        def _small(self, text: str, x: float, y: float, align: str = "L", color=MUTED,
                   background: tuple[int, int, int] | None = None) -> None:
            """A short text in :data:`SMALL_PT`, vertically centred on ``y``: starting
            at ``x`` (align L), ending there (R) or centred on it (C)."""
            self.set_font("DejaVu", "", SMALL_PT)
            self.set_text_color(*color)
            w = self.get_string_width(text) + (1.6 if background else 0)
            left = x if align == "L" else x - w if align == "R" else x - w / 2
            if background:
                self.set_fill_color(*background)
            self.set_xy(left, y - 2)
            # Figures and the report's own fi/en words need no shaping (a third of a
            # chart's time); as in the footer.
            shaping = self.text_shaping
            if text.isascii():
                self.text_shaping = None
            self.cell(w, 4, text, align="C", fill=background is not None)
            self.text_shaping = shaping

        def _grid(self, lay: _Layout, top: float, height: float) -> float:
            """The light grid lines across one row; returns the zero line's x."""
            span = lay.x1 - lay.x0
            if lay.kind == "likert":
                ticks, zero = LIKERT_TICKS, lay.x0 + span / 2
                xs = [lay.x0 + span * (v + 100) / 200 for v in ticks if v]
            elif lay.kind == "count":
                zero = lay.x0
                xs = [lay.x0 + span * v / lay.ticks[-1] for v in lay.ticks if v]
            else:
                ticks, zero = OPTION_TICKS, lay.x0
                xs = [lay.x0 + span * v / 100 for v in ticks if v]
            self.set_draw_color(*GRID)
            self.set_line_width(0.2)
            for x in xs:
                self.line(x, top, x, top + height)
            return zero

        def _draw_chart(self, lay: _Layout, bars: Sequence[_Bar], y: float) -> float:
            """Draw the ``bars`` of ``lay`` from ``y`` down; returns the y under them."""
            span = lay.x1 - lay.x0
            # -- above the rows: the legend (scale) or n (options) -----------------------
            if lay.kind == "likert":
                self.set_font("DejaVu", "", CHART_PT)
                for i, line in enumerate(lay.legend):
                    width = sum(w for w, _, _ in line) + 5 * (len(line) - 1)
                    x, ly = MARGIN + (CONTENT_W - width) / 2, y + 1 + i * 4.6
                    for w, name, fill in line:
                        self.set_fill_color(*_rgb(fill))
                        self.rect(x, ly + 0.6, SWATCH, SWATCH, style="F")
                        self.set_text_color(*INK)
                        self.set_xy(x + SWATCH + 1.3, ly + 0.2)
                        self.cell(w - SWATCH - 1.3, 4, name)
                        x += w + 5
            elif lay.n is not None:
                self._small(f"n = {lay.n}", MARGIN + CONTENT_W, y + 2, align="R")
            y += lay.top
            # -- the rows ----------------------------------------------------------------
            zeros: list[tuple[float, float, float]] = []  # (x, top, height) per bar row
            notes: list[tuple[str, float, float]] = []  # (text, x, y) over the zero line
            for bar in bars:
                mid = y + bar.height / 2
                if bar.heading:
                    self._label(bar.label, MARGIN + INSET, y + bar.height
                                - bar.lines * LINE_H / 2 - 0.6, lay.x1 - MARGIN - INSET,
                                bar.lines, "B")
                    y += bar.height
                    continue
                zero = self._grid(lay, y, bar.height)
                zeros.append((zero, y, bar.height))
                self._label(bar.label, MARGIN + INSET, mid, lay.label_w, bar.lines)
                if bar.shares is not None and lay.kind == "likert":
                    self._likert_bar(bar, zero, span / 200, mid)
                elif bar.shares is not None and lay.kind == "count":
                    w = span * bar.shares[0]
                    self.set_fill_color(*_rgb(OPTION_COLOR))
                    if w > 0:
                        self.rect(lay.x0, mid - BAR_H / 2, w, BAR_H, style="F")
                    self._small(str(bar.n), lay.x0 + w + 1, mid, color=INK)
                elif bar.shares is not None:
                    share = bar.shares[0]
                    w = span * share
                    self.set_fill_color(*_rgb(OPTION_COLOR))
                    if w > 0:
                        self.rect(lay.x0, mid - BAR_H / 2, w, BAR_H, style="F")
                    count = round(share * bar.n) if bar.n is not None else None
                    text = fi_percent(share) + (f" ({count})" if count is not None else "")
                    self._small(text, lay.x0 + w + 1, mid, color=INK)
                elif bar.note:
                    notes.append((bar.note, zero, mid))
                y += bar.height
            # The zero line over the bars' inner ends.
            self.set_draw_color(*INK)
            self.set_line_width(0.45)
            for x, top, height in zeros:
                self.line(x, top, x, top + height)
            for text, x, mid in notes:  # a row under the minimum group: no bar, this
                self._small(text, x, mid, align="C", background=WHITE)
            if lay.kind == "option" and lay.note and bars:
                first = y - sum(b.height for b in bars)
                self._small(lay.note, lay.x0 + span / 2, (first + y) / 2, align="C",
                            background=WHITE)
            # -- the axis ----------------------------------------------------------------
            if lay.kind == "count":
                for v in lay.ticks:
                    self._small(str(v), lay.x0 + span * v / lay.ticks[-1], y + AXIS_H / 2,
                                align="C")
                return y + AXIS_H
            ticks = LIKERT_TICKS if lay.kind == "likert" else OPTION_TICKS
            for v in ticks:
                x = lay.x0 + span * ((v + 100) / 200 if lay.kind == "likert" else v / 100)
                self._small(f"{abs(v)} %", x, y + AXIS_H / 2, align="C")
            return y + AXIS_H

        def _likert_bar(self, bar: _Bar, zero: float, per_pct: float, mid: float) -> None:
            """One diverging bar: 2 then 1 left of ``zero``, 3 then 4 right of it, each
            segment wide enough carrying its percentage; n right of the plot."""
            s1, s2, s3, s4 = bar.shares
            spans = {2: (zero - 100 * s2 * per_pct, 100 * s2 * per_pct),
                     1: (zero - 100 * (s1 + s2) * per_pct, 100 * s1 * per_pct),
                     3: (zero, 100 * s3 * per_pct),
                     4: (zero + 100 * s3 * per_pct, 100 * s4 * per_pct)}
            self.set_draw_color(*WHITE)  # a hairline between segments, as on the web
            self.set_line_width(0.25)
            for point, (x, w) in spans.items():
                if w <= 0:
                    continue
                self.set_fill_color(*_rgb(SCALE_COLORS[point]))
                self.rect(x, mid - BAR_H / 2, w, BAR_H, style="FD")
            self.set_font("DejaVu", "", SMALL_PT)
            for point, (x, w) in spans.items():
                share = bar.shares[point - 1]
                text = fi_percent(share)
                if share >= MIN_SEGMENT_TEXT and self.get_string_width(text) + 1 <= w:
                    self._small(text, x + w / 2, mid, align="C",
                                color=text_color_on(SCALE_COLORS[point]))
            if bar.n is not None:
                self._small(f"n = {bar.n}", zero + 100 * per_pct + 2, mid)

    return _ReportPDF


def report_pdf(survey: Survey, view: View, texts: Sequence[dict], *, lang: str = "fi",
               title_extra: str = "", units_label: str = "", period_label: str = "",
               min_group: int = 5, comparisons: Sequence[tuple[str, View]] | None = None,
               expected: int | None = None, today: dt.date | None = None,
               panels: Sequence[PanelSection] = (),
               actions: ActionsSection | None = None) -> bytes:
    """The report as an A4 PDF (bytes), fonts embedded, charts drawn as vectors (no
    browser or image renderer). See :func:`report_content` and :func:`pdf_from_content`."""
    content = report_content(survey, view, texts, lang=lang, title_extra=title_extra,
                             units_label=units_label, period_label=period_label,
                             min_group=min_group, comparisons=comparisons,
                             expected=expected, today=today, panels=panels,
                             actions=actions)
    return pdf_from_content(content)


def _content_strings(c: ReportContent) -> list[str]:
    """Every text of ``c`` that the PDF draws from the survey or its answers."""
    out = [c.title, c.title_extra, c.units_label, c.period_label, *c.weakest, *c.strongest,
           *c.changes]
    for chart in (*c.likert_charts, *c.compare_charts, *c.option_charts):
        out += [chart.heading, *chart.categories, *(row.label for row in chart.rows)]
    out += [row.label for row in c.table]
    for heading, items in c.text_groups:
        out += [heading, *items]
    for section in c.panels:
        out += _panel_strings(section)
    if c.actions is not None:
        out += _actions_strings(c.actions)
    return out


def _actions_strings(s: ActionsSection) -> list[str]:
    """Every text of an actions section drawn from the store (said, did, names)."""
    out = [s.meta, *(row.label for row in s.chart.rows)]
    for item in s.items:
        out += [item.said, item.did, item.status, item.facts]
    return out


def _panel_strings(s: PanelSection) -> list[str]:
    """Every text of a panel section drawn from the store (titles, ideas, proposals)."""
    return [s.title, s.meta, *(row.label for row in s.chart.rows), *s.proposals]


def pdf_from_content(c: ReportContent) -> bytes:
    """The report ``c`` as an A4 PDF (bytes): DejaVu embedded, text shaped (Arabic and
    Persian joined, right-to-left runs right to left, such paragraphs right-aligned),
    emoji and other scripts from fallback fonts; a character no font has is printed as
    U+FFFD with a note above the open answers (:mod:`raati.pdffonts`). The charts are
    drawn as vectors from ``c``'s numbers, each kept on one page with its heading (a
    chart taller than a page is split between rows, its legend and axis repeated)."""
    from fpdf.fonts import FontFace

    from raati.pdffonts import PLACEHOLDER, printable

    c = _writable(c)  # characters a PDF cannot hold dropped (issue 9 item 1)
    pdf = _pdf_class()(c)
    h = c.headings
    pdf.set_title(c.title)
    pdf.set_subject(c.kicker)
    pdf.set_creator("Raati")
    pdf.set_lang(c.lang)

    # -- title page --------------------------------------------------------------------
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, A4_W, 6, style="F")
    pdf.set_y(70)
    pdf.text_block(c.kicker.upper(), 12, "B", ACCENT)
    pdf.ln(3)
    pdf.text_block(c.title, 26, "B", h=12)
    if c.title_extra:
        pdf.ln(2)
        pdf.text_block(c.title_extra, 16, "", MUTED, h=8)
    pdf.ln(10)
    for label, value in ((h["units"], c.units_label), (h["period"], c.period_label)):
        if value:
            pdf.text_block(f"{label}: {value}", 13, h=7)
    pdf.text_block(c.date_label, 13, h=7)
    pdf.set_y(A4_H - 60)
    pdf.set_fill_color(*SOFT)
    pdf.rect(MARGIN, pdf.get_y() - 4, CONTENT_W, 30, style="F")
    pdf.set_x(MARGIN + 4)
    pdf.set_font("DejaVu", "", 10.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(CONTENT_W - 8, 5.5, c.privacy_note, align="L", new_x="LMARGIN",
                   new_y="NEXT")

    # -- key figures and themes --------------------------------------------------------
    pdf.add_page()
    pdf.heading(h["key_figures"])
    box_w = (CONTENT_W - 6 * (len(c.key_figures) - 1)) / max(len(c.key_figures), 1)
    y = pdf.get_y()
    for i, (value, label) in enumerate(c.key_figures):
        x = MARGIN + i * (box_w + 6)
        pdf.set_fill_color(*SOFT)
        pdf.rect(x, y, box_w, 30, style="F")
        pdf.set_xy(x + 3, y + 3)
        pdf.set_font("DejaVu", "B", 18)
        pdf.set_text_color(*ACCENT)
        pdf.multi_cell(box_w - 6, 9, value, align="L")
        pdf.set_xy(x + 3, y + 15)
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(*INK)
        pdf.multi_cell(box_w - 6, 4.5, label, align="L")
    pdf.set_y(y + 34)
    for note in c.notes:
        pdf.text_block(note, 10.5, color=MUTED, h=5.5)
    if c.weakest or c.strongest:
        pdf.heading(h["themes"])
        pdf.text_block(h["themes_lead"], 10.5, color=MUTED, h=5.5)
        for head, items in ((h["weakest"], c.weakest), (h["strongest"], c.strongest)):
            if not items:
                continue
            pdf.ln(2)
            pdf.text_block(f"{head}:", 12, "B", h=6.5)
            for item in items:
                pdf.text_block(f"•  {item}", 11, h=6, indent=4)

    # -- charts ------------------------------------------------------------------------
    # Drawn as vectors from their numbers, each kept on one page with its heading.
    for chart in c.likert_charts:
        pdf.heading(chart.heading, need=pdf.chart_height(chart)
                    + pdf.text_height(h["scale_note"], 9.5, h=5))
        pdf.text_block(h["scale_note"], 9.5, color=MUTED, h=5)
        pdf.chart(chart, f"{chart.heading} {h['continued']}")
    for i, chart in enumerate(c.compare_charts):
        changes = 0.0
        if i == 0 and c.changes:
            changes = 8 + sum(pdf.text_height(f"•  {line}", 10.5, h=5.5, indent=4)
                              for line in c.changes)
        pdf.heading(chart.heading, need=pdf.chart_height(chart) + changes)
        if i == 0 and c.changes:
            pdf.text_block(f"{h['changes']}:", 11, "B", h=6)
            for line in c.changes:
                pdf.text_block(f"•  {line}", 10.5, h=5.5, indent=4)
            pdf.ln(2)
        pdf.chart(chart, f"{chart.heading} {h['continued']}")
    if c.option_charts:
        first = c.option_charts[0]
        pdf.heading(h["other_questions"], need=pdf.chart_height(first)
                    + pdf.text_height(first.heading, 11, "B", h=6))
        for i, chart in enumerate(c.option_charts):
            need = pdf.text_height(chart.heading, 11, "B", h=6) + pdf.chart_height(chart)
            if i and pdf.get_y() + 3 + need > A4_H - MARGIN:
                pdf.add_page()
            elif i:
                pdf.ln(3)
            pdf.text_block(chart.heading, 11, "B", h=6)
            pdf.chart(chart, f"{h['other_questions']} {h['continued']}")

    # -- table -------------------------------------------------------------------------
    if c.table:
        pdf.add_page()
        pdf.heading(h["table"])
        pdf.set_font("DejaVu", "", 9)
        pdf.set_text_color(*INK)
        heading_style = FontFace(emphasis="BOLD", fill_color=SOFT)
        with pdf.table(col_widths=(78, 12, 16, 42, 26), text_align=(
                "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"), line_height=5,
                headings_style=heading_style, borders_layout="HORIZONTAL_LINES",
                padding=1.5) as table:
            row = table.row()
            for key in ("col_question", "col_n", "col_low", "col_high", "col_mean"):
                row.cell(h[key])
            for r in c.table:
                row = table.row()
                row.cell(r.label)
                if r.suppressed:
                    row.cell(r.high, colspan=4, align="CENTER")
                else:
                    for value in (r.n, r.low, r.high, r.mean):
                        row.cell(value)
        pdf.ln(2)
        pdf.text_block(h["table_note"], 9, color=MUTED, h=4.5)

    # -- free texts --------------------------------------------------------------------
    pdf.add_page()
    pdf.heading(h["texts"])
    pdf.text_block(h["texts_note"], 10, color=MUTED, h=5)
    if not all(printable(s) for s in _content_strings(c)):
        pdf.text_block(_t("unprintable", c.lang, mark=PLACEHOLDER), 10, color=MUTED, h=5)
    if not c.text_groups:
        pdf.ln(2)
        pdf.text_block(h["no_texts"], 11, h=6)
    for heading, items in c.text_groups:
        pdf.ln(3)
        if pdf.get_y() > A4_H - MARGIN - 25:
            pdf.add_page()
        pdf.text_block(heading, 12, "B", h=6.5)
        for item in items:
            pdf.ln(1)
            pdf.text_block(f"”{item}”", 10.5, h=5.5, indent=4)

    # -- client panel sessions ---------------------------------------------------------
    for section in c.panels:
        pdf.panel_page(section)
    # -- "you said, we did" actions ------------------------------------------------------
    if c.actions is not None:
        pdf.actions_page(c.actions)
    return bytes(pdf.output())


@dataclass(frozen=True)
class _PanelDoc:
    """What the PDF's footer needs of a document of one panel session."""

    title: str
    lang: str


def panel_pdf(section: PanelSection) -> bytes:
    """One panel session on its own as an A4 PDF (bytes): the page(s) of
    :meth:`panel_page` as in the survey report, fonts embedded, the chart drawn as
    vectors; a note where a character no font has is printed as U+FFFD."""
    from raati.pdffonts import PLACEHOLDER, printable

    section = _writable(section)
    pdf = _pdf_class()(_PanelDoc(section.title, section.lang))
    pdf.set_title(section.title)
    pdf.set_subject(section.kicker)
    pdf.set_creator("Raati")
    pdf.set_lang(section.lang)
    pdf.panel_page(section)
    if not all(printable(x) for x in _panel_strings(section)):
        pdf.ln(3)
        pdf.text_block(_t("unprintable", section.lang, mark=PLACEHOLDER), 9, color=MUTED,
                       h=4.5)
    return bytes(pdf.output())


# ---------------------------------------------------------------------------------------
# PowerPoint


def report_pptx(survey: Survey, view: View, texts: Sequence[dict], *, lang: str = "fi",
                title_extra: str = "", units_label: str = "", period_label: str = "",
                min_group: int = 5, comparisons: Sequence[tuple[str, View]] | None = None,
                expected: int | None = None, today: dt.date | None = None,
                panels: Sequence[PanelSection] = (),
                actions: ActionsSection | None = None) -> bytes:
    """The report as a 16:9 PowerPoint deck (bytes). See :func:`report_content`. Its
    charts are PowerPoint's own (staff can edit them), drawn from their numbers."""
    content = report_content(survey, view, texts, lang=lang, title_extra=title_extra,
                             units_label=units_label, period_label=period_label,
                             min_group=min_group, comparisons=comparisons,
                             expected=expected, today=today, panels=panels,
                             actions=actions)
    return pptx_from_content(content)


TABLE_ROWS_PER_SLIDE = 8
# A text slide's room, in lines of a 15 pt answer across the 12.1 in text box (a 16:9
# slide, 1.3–6.7 in from its top): ~100 characters of Calibri (or its metric twin
# Carlito) fit a line with room to spare, 20 lines with the spacing of paragraphs and a
# heading or two. So a slide holds about TEXT_CHARS_PER_SLIDE characters of answers.
TEXT_LINES_PER_SLIDE = 20
TEXT_CHARS_PER_LINE = 100
HEADING_CHARS_PER_LINE = 80  # an 18 pt bold heading
CHANGE_CHARS_PER_LINE = 105  # a 14 pt line of what changed
CHANGE_LINES_ABOVE_CHART = 3  # at most this many go above a comparison chart
TEXT_CHARS_PER_SLIDE = TEXT_LINES_PER_SLIDE * TEXT_CHARS_PER_LINE
PARAGRAPH_GAP = 0.35  # lines of space after a paragraph (space_after = 0.4 × its size)
HEADING_LINES = 1.3  # an 18 pt line, in 15 pt lines
MIN_SPLIT_LINES = 3  # a long answer starts on a slide only with this much room left


def _lines(text: str, per_line: int) -> int:
    """How many lines ``text`` takes, wrapped at ``per_line`` characters (a rough,
    generous count: each of its own lines rounded up)."""
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _split_text(text: str, lines: int, per_line: int = TEXT_CHARS_PER_LINE
                ) -> tuple[str, str]:
    """``text`` cut in two so that the first part (with " …" added) takes at most
    ``lines`` lines: at a sentence's end if one is in the second half of the room, else
    at a space, else anywhere. The second part starts with "… ". Raises ValueError for
    a room of no line."""
    if lines < 1:
        raise ValueError("lines: a part needs at least one line")
    room = lines * per_line - 2
    while room > per_line // 2 and _lines(text[:room] + " …", per_line) > lines:
        room -= per_line // 4  # a line break in the text took a line early
    cut = max(text.rfind(mark, room // 2, room) for mark in (". ", "! ", "? ", ".\n"))
    cut = cut + 1 if cut > 0 else text.rfind(" ", room // 2, room)
    if cut <= 0:
        cut = room
    if not text[cut:].strip():
        return text, ""
    return text[:cut].rstrip() + " …", "… " + text[cut:].lstrip()


def text_slides(groups: Sequence[tuple[str, Sequence[str]]], continued: str = "(jatkuu)",
                lines_per_slide: int = TEXT_LINES_PER_SLIDE,
                per_line: int = TEXT_CHARS_PER_LINE) -> list[list[tuple[str, bool]]]:
    """The free texts laid out on slides: each slide a list of (text, is heading)
    paragraphs, answers already in quotes. Short answers share a slide, several
    questions' groups too, up to ``lines_per_slide`` lines (see :data:`TEXT_LINES_PER_
    SLIDE`); an answer that does not fit the rest of a slide starts the next, and one
    longer than a whole slide is split across slides (" …" / "… "). A heading never
    stands alone at a slide's end: it goes with its first answer; a group that goes on
    to a new slide repeats its heading with ``continued``."""
    slides: list[list[tuple[str, bool]]] = []
    page: list[tuple[str, bool]] = []
    used = 0.0

    def turn() -> None:
        nonlocal page, used
        if page:
            slides.append(page)
        page, used = [], 0.0

    for heading, items in groups:
        shown = started = False  # the heading is on this slide / was on one
        for item in items:
            rest = f"”{item}”"
            while rest:
                head = 0.0 if shown and page else HEADING_LINES * _lines(
                    heading, HEADING_CHARS_PER_LINE) + PARAGRAPH_GAP
                room = lines_per_slide - used - head - PARAGRAPH_GAP
                need = _lines(rest, per_line)
                whole_slide = lines_per_slide - head - PARAGRAPH_GAP
                if need > room and page and (need <= whole_slide or room < MIN_SPLIT_LINES):
                    turn()  # to a new slide, where it fits (or starts) whole
                    shown = False
                    continue
                if head:
                    page.append((f"{heading} {continued}" if started else heading, True))
                    used += head
                    shown = started = True
                if need <= room:
                    part, rest = rest, ""
                else:
                    part, rest = _split_text(rest, max(1, int(room)), per_line)
                    if not rest and _lines(part, per_line) > room and page:
                        rest = part  # could not be cut: whole, on the next slide
                        turn()
                        shown = False
                        continue
                page.append((part, False))
                used += _lines(part, per_line) + PARAGRAPH_GAP
    turn()
    return slides


def pptx_from_content(c: ReportContent) -> bytes:
    """The report ``c`` as a PowerPoint deck (bytes); every text in it made writable
    first (python-pptx raises on a character XML cannot hold; issue 9 item 1)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Emu, Inches, Pt

    c = _writable(c)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = c.title[:255]  # the file property holds at most 255
    prs.core_properties.subject = c.kicker
    prs.core_properties.author = "Raati"
    prs.core_properties.language = c.lang
    blank = prs.slide_layouts[6]
    h = c.headings
    accent = RGBColor(*ACCENT)
    muted = RGBColor(*MUTED)
    left, width = Inches(0.6), Inches(12.133)

    def textbox(slide, top, height, paragraphs, *, left=left, width=width):
        """paragraphs: (text, size, bold, color) tuples."""
        return _pptx_textbox(slide, left, top, width, height, paragraphs)

    def slide_with_title(title):
        slide = prs.slides.add_slide(blank)
        textbox(slide, Inches(0.35), Inches(0.9), [(title, 28, True, accent)])
        return slide

    def native_chart(slide, chart: Chart, top=None) -> None:
        """``chart`` as PowerPoint's own bar chart: the 1–4 scale diverging (1–2 left of
        zero, 3–4 right, n in each row's name), the options as plain bars; from ``top``
        (default under the title) to the slide's foot."""
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION

        data = CategoryChartData(number_format='0" %";0" %";""')
        top = Inches(1.35) if top is None else top
        hgt = prs.slide_height - top - Inches(0.3)
        if chart.kind == "likert":
            data.categories = [f"{row.label} (n = {row.n})" if row.n is not None
                               else f"{row.label} ({row.note})" if row.note
                               else row.label for row in chart.rows]
            # Within each side, the series added first lies next to zero: 2, 1, 3, 4.
            for point in (2, 1, 3, 4):
                sign = -1 if point <= 2 else 1
                data.add_series(chart.categories[point - 1], [
                    None if row.shares is None else sign * 100 * row.shares[point - 1]
                    for row in chart.rows])
            kind, colors = XL_CHART_TYPE.BAR_STACKED, [SCALE_COLORS[p] for p in (2, 1, 3, 4)]
        else:
            data.categories = list(chart.categories)
            data.add_series(chart.heading, [
                None if share is None else 100 * share
                for row in chart.rows
                for share in (row.shares or [None] * len(chart.categories))])
            kind, colors = XL_CHART_TYPE.BAR_CLUSTERED, [OPTION_COLOR]
        frame = slide.shapes.add_chart(kind, left, top, width, hgt, data)
        ch = frame.chart
        ch.font.size = Pt(12)
        plot = ch.plots[0]
        plot.gap_width = 40
        if chart.kind == "likert":
            plot.overlap = 100
        plot.has_data_labels = True
        plot.data_labels.number_format = '0" %";0" %";""'
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
        for series, color in zip(plot.series, colors, strict=True):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(color.lstrip("#"))
            series.invert_if_negative = False
        cat, val = ch.category_axis, ch.value_axis
        cat.reverse_order = True  # the first row on top
        cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # names left of the bars
        cat.format.line.fill.background()
        val.tick_labels.number_format = '0" %";0" %";0" %"'
        val.tick_labels.number_format_is_linked = False
        val.has_major_gridlines = True
        if chart.kind == "likert":
            val.minimum_scale, val.maximum_scale, val.major_unit = -100, 100, 25
            ch.has_legend = True
            ch.legend.position = XL_LEGEND_POSITION.TOP
            ch.legend.include_in_layout = False
        else:
            n = chart.rows[0].n if chart.rows else None
            val.minimum_scale, val.maximum_scale = 0, 100
            ch.has_legend = False
            ch.has_title = True
            ch.chart_title.text_frame.text = (
                f"n = {n}" if n is not None else chart.rows[0].note)

    # -- title -------------------------------------------------------------------------
    slide = prs.slides.add_slide(blank)
    paras = [(c.kicker.upper(), 16, True, accent), (c.title, 40, True, None)]
    if c.title_extra:
        paras.append((c.title_extra, 24, False, muted))
    textbox(slide, Inches(1.6), Inches(3.2), paras)
    lines = [(f"{label}: {value}", 18, False, None)
             for label, value in ((h["units"], c.units_label), (h["period"], c.period_label))
             if value]
    lines.append((c.date_label, 18, False, None))
    textbox(slide, Inches(4.6), Inches(1.5), lines)
    textbox(slide, Inches(6.3), Inches(0.9), [(c.privacy_note, 12, False, muted)])

    # -- key figures and themes --------------------------------------------------------
    slide = slide_with_title(h["key_figures"])
    n = max(len(c.key_figures), 1)
    gap = Inches(0.3)
    box_w = Emu(int((width - gap * (n - 1)) / n))
    for i, (value, label) in enumerate(c.key_figures):
        textbox(slide, Inches(1.6), Inches(1.8),
                [(value, 40, True, accent), (label, 16, False, None)],
                left=left + i * (box_w + gap), width=box_w)
    if c.notes:
        textbox(slide, Inches(3.8), Inches(1.2), [(note, 14, False, muted) for note in c.notes])
    if c.weakest or c.strongest:
        slide = slide_with_title(h["themes"])
        paras = [(h["themes_lead"], 14, False, muted)]
        for head, items in ((h["weakest"], c.weakest), (h["strongest"], c.strongest)):
            if items:
                paras.append((f"{head}:", 20, True, None))
                paras.extend((f"•  {item}", 16, False, None) for item in items)
        textbox(slide, Inches(1.3), Inches(5.8), paras)

    # -- charts ------------------------------------------------------------------------
    def draw(slide, chart: Chart, top=None) -> None:
        if chart.rows:
            native_chart(slide, chart, top)

    for chart in c.likert_charts:
        draw(slide_with_title(chart.heading), chart)
    # What changed: a line or two goes above the first comparison chart (a slide of its
    # own would stand nearly empty), more get their own slide.
    change_lines = sum(_lines(f"•  {line}", CHANGE_CHARS_PER_LINE) for line in c.changes)
    for i, chart in enumerate(c.compare_charts):
        if i == 0 and c.changes and change_lines <= CHANGE_LINES_ABOVE_CHART:
            slide = slide_with_title(chart.heading)
            box_h = Inches(0.36) * change_lines + Inches(0.15)
            textbox(slide, Inches(1.25), box_h,
                    [(f"•  {line}", 14, False, None) for line in c.changes])
            draw(slide, chart, Inches(1.3) + box_h)
            continue
        if i == 0 and c.changes:
            slide = slide_with_title(f"{chart.heading}: {h['changes'].lower()}")
            textbox(slide, Inches(1.4), Inches(5.6),
                    [(f"•  {line}", 16, False, None) for line in c.changes])
        draw(slide_with_title(chart.heading), chart)
    for chart in c.option_charts:
        draw(slide_with_title(chart.heading), chart)

    # -- table -------------------------------------------------------------------------
    # Rows spread evenly over the slides it takes (9 rows: 5 + 4, not 8 + 1).
    count = -(-len(c.table) // TABLE_ROWS_PER_SLIDE)
    pages = _chunks(c.table, -(-len(c.table) // count)) if count else []
    for p, rows in enumerate(pages):
        title = h["table"] + (f" ({p + 1}/{len(pages)})" if len(pages) > 1 else "")
        slide = slide_with_title(title)
        shape = slide.shapes.add_table(len(rows) + 1, 5, left, Inches(1.35), width,
                                       Inches(0.5) * (len(rows) + 1))
        table = shape.table
        for col, w in enumerate((6.1, 0.8, 1.0, 2.6, 1.6)):
            table.columns[col].width = Inches(w)
        header = [h[k] for k in ("col_question", "col_n", "col_low", "col_high", "col_mean")]
        for col, text in enumerate(header):
            table.cell(0, col).text = text
        for r_i, r in enumerate(rows, start=1):
            table.cell(r_i, 0).text = r.label
            if r.suppressed:
                table.cell(r_i, 1).merge(table.cell(r_i, 4))
                table.cell(r_i, 1).text = r.high
            else:
                for col, value in enumerate((r.n, r.low, r.high, r.mean), start=1):
                    table.cell(r_i, col).text = value
        for row in table.rows:
            for cell in row.cells:
                for para in cell.text_frame.paragraphs:
                    for run in para.runs:
                        run.font.size = Pt(13)
    if c.table:
        textbox(slide, prs.slide_height - Inches(0.8), Inches(0.5),
                [(h["table_note"], 11, False, muted)])

    # -- free texts --------------------------------------------------------------------
    if not c.text_groups:
        slide = slide_with_title(h["texts"])
        textbox(slide, Inches(1.4), Inches(1), [(h["no_texts"], 18, False, None)])
    # Several groups' answers share a slide, up to a slide's room; a long one is split.
    for p, page in enumerate(text_slides(c.text_groups, h["continued"])):
        slide = slide_with_title(h["texts"])
        textbox(slide, Inches(1.3), Inches(5.4),
                [(text, 18, True, None) if is_heading else (text, 15, False, None)
                 for text, is_heading in page])
        if p == 0:
            textbox(slide, prs.slide_height - Inches(0.7), Inches(0.4),
                    [(h["texts_note"], 11, False, muted)])

    # -- client panel sessions ---------------------------------------------------------
    for section in c.panels:
        _pptx_panel_slides(prs, section)
    # -- "you said, we did" actions ------------------------------------------------------
    if c.actions is not None:
        _pptx_actions_slides(prs, c.actions)

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


PANEL_ROWS_PER_SLIDE = 12  # ideas (or groups) per panel chart slide


def _pptx_textbox(slide, left, top, width, height, paragraphs):
    """A text box of ``paragraphs`` ((text, size pt, bold, RGBColor or None) each) that
    wraps its lines; the text as written (python-pptx escapes it for XML). Returns the
    shape."""
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if color is not None:
            run.font.color.rgb = color
        para.space_after = Pt(size * 0.4)
    return box


def _pptx_counts(slide, chart: Chart, box, kind: str, font_pt: int, label_pt: int,
                 gap: int):
    """PowerPoint's own clustered chart (``kind`` "bar" or "column") of a count chart
    (:class:`Chart` kind "count"), editable: one category per row (its label), one series,
    the count on each bar, the value axis from 0 to the chart's last tick with its
    gridlines. ``box`` = (left, top, width, height). Returns the pptx chart."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Pt

    data = CategoryChartData(number_format="0")
    data.categories = [row.label for row in chart.rows]
    data.add_series(chart.categories[0] if chart.categories else "",
                    [row.n or 0 for row in chart.rows])
    chart_type = XL_CHART_TYPE.BAR_CLUSTERED if kind == "bar" else XL_CHART_TYPE.COLUMN_CLUSTERED
    ch = slide.shapes.add_chart(chart_type, *box, data).chart
    ch.font.size = Pt(font_pt)
    ch.has_legend = False
    pptx_count_plot(ch, gap, label_pt)
    val = ch.value_axis
    val.minimum_scale, val.maximum_scale = 0, chart.ticks[-1] if chart.ticks else None
    if len(chart.ticks) > 1:
        val.major_unit = chart.ticks[1]
    val.has_major_gridlines = True
    return ch


def pptx_count_plot(ch, gap: int, label_pt: int) -> None:
    """A native count chart's one series as Raati draws counts: bars ``gap`` % apart in
    OPTION_COLOR, each labelled with its whole number in ``label_pt`` points (the report's
    panel and actions slides, analysis.presentation_pptx)."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    plot = ch.plots[0]
    plot.gap_width = gap
    plot.has_data_labels = True
    plot.data_labels.number_format = "0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(label_pt)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = RGBColor.from_string(OPTION_COLOR.lstrip("#"))


def _pptx_count_chart(slide, chart: Chart, left, top, width, height) -> None:
    """A count chart (:class:`Chart` kind "count") as PowerPoint's own clustered bar
    chart, editable: one category per row (its label), one series of the dots, the
    first row on top, the count at each bar's end."""
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    ch = _pptx_counts(slide, chart, (left, top, width, height), "bar", 12, 12, 40)
    ch.category_axis.reverse_order = True  # the most dots on top
    ch.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW


def _pptx_panel_slides(prs, s: PanelSection) -> None:
    """A panel session's slide(s) in ``prs`` (16:9): kicker and title, unit and date,
    counts and notes; the ranked ideas as a native bar chart on the left and the
    proposals on the right; more than :data:`PANEL_ROWS_PER_SLIDE` ideas go on to
    further slides ("(jatkuu)")."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    accent, muted = RGBColor(*ACCENT), RGBColor(*MUTED)
    blank = prs.slide_layouts[6]
    left = Inches(0.6)
    chunks = _chunks(list(s.chart.rows), PANEL_ROWS_PER_SLIDE) or [[]]
    for n, rows in enumerate(chunks):
        slide = prs.slides.add_slide(blank)
        title = s.title if n == 0 else f"{s.title} {_t('continued', s.lang)}"
        _pptx_textbox(slide, left, Inches(0.3), Inches(12.1), Inches(1.0),
                      [(s.kicker.upper(), 14, True, accent), (title, 26, True, None)])
        lines = [(s.meta, 14, False, muted), (s.counts, 14, False, muted)]
        lines += [(note, 12, False, muted) for note in s.notes]
        _pptx_textbox(slide, left, Inches(1.45), Inches(12.1), Inches(0.9), lines)
        top = Inches(2.45 + 0.3 * len(s.notes))
        height = prs.slide_height - top - Inches(0.3)
        chart_w = Inches(7.6) if n == 0 else Inches(12.1)
        _pptx_textbox(slide, left, top, chart_w, Inches(0.8),
                      [(s.chart_heading, 18, True, accent),
                       (s.chart_note if rows else s.no_ideas, 11 if rows else 15, False,
                        muted if rows else None)])
        if rows:
            _pptx_count_chart(slide, dataclasses.replace(s.chart, rows=tuple(rows)),
                              left, top + Inches(0.85), chart_w, height - Inches(0.85))
        if n == 0:
            items = [(f"•  {item}", 14, False, None) for item in s.proposals] or \
                [(s.no_proposals, 14, False, None)]
            _pptx_textbox(slide, Inches(8.5), top, Inches(4.2), height,
                          [(s.proposals_heading, 18, True, accent), *items])


FACT_CHARS_PER_LINE = 125  # a 12 pt line of an action's facts across the text box
FACT_LINES = 0.8  # a 12 pt line, in 15 pt lines


def _action_lines(item: ActionItem) -> float:
    """The room (15 pt lines, as :data:`TEXT_LINES_PER_SLIDE`) an action takes."""
    return (_lines(item.said, TEXT_CHARS_PER_LINE) + _lines(item.did, TEXT_CHARS_PER_LINE)
            + FACT_LINES * (1 + _lines(item.facts, FACT_CHARS_PER_LINE)
                            + (_lines(item.marks, FACT_CHARS_PER_LINE) if item.marks else 0))
            + 4 * PARAGRAPH_GAP)


def action_slides(items: Sequence[ActionItem]) -> list[list[ActionItem]]:
    """``items`` in slides of at most :data:`TEXT_LINES_PER_SLIDE` lines (less the
    heading's), in order; an action is never split."""
    room = TEXT_LINES_PER_SLIDE - HEADING_LINES
    slides: list[list[ActionItem]] = []
    page: list[ActionItem] = []
    used = 0.0
    for item in items:
        need = _action_lines(item)
        if page and used + need > room:
            slides.append(page)
            page, used = [], 0.0
        page.append(item)
        used += need
    if page:
        slides.append(page)
    return slides


def _pptx_status_chart(slide, chart: Chart, left, top, width, height) -> None:
    """The counts by status (:class:`Chart` kind "count") as PowerPoint's own clustered
    column chart, editable: one category per status (its symbol and word), one series,
    the count on each column."""
    _pptx_counts(slide, chart, (left, top, width, height), "column", 13, 14, 60)


def _pptx_actions_slides(prs, s: ActionsSection) -> None:
    """The actions' slides in ``prs`` (16:9): kicker and title, units and counts, the
    counts by status as a native column chart; then the actions, as many as fit a slide
    (:func:`action_slides`), further slides headed "(jatkuu)"."""
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    accent, muted, late = RGBColor(*ACCENT), RGBColor(*MUTED), RGBColor(*OVERDUE)
    blank = prs.slide_layouts[6]
    left, width = Inches(0.6), Inches(12.1)
    slide = prs.slides.add_slide(blank)
    _pptx_textbox(slide, left, Inches(0.3), width, Inches(1.0),
                  [(s.kicker.upper(), 14, True, accent), (s.title, 26, True, None)])
    _pptx_textbox(slide, left, Inches(1.45), width, Inches(0.9),
                  [(s.meta, 14, False, muted), (s.counts, 14, False, muted)])
    top = Inches(2.45)
    _pptx_textbox(slide, left, top, width, Inches(0.5),
                  [(s.chart_heading, 18, True, accent)])
    _pptx_status_chart(slide, s.chart, left, top + Inches(0.6), Inches(9.0),
                       prs.slide_height - top - Inches(0.9))
    for n, items in enumerate(action_slides(s.items)):
        slide = prs.slides.add_slide(blank)
        heading = s.list_heading if n == 0 else f"{s.list_heading} {_t('continued', s.lang)}"
        _pptx_textbox(slide, left, Inches(0.4), width, Inches(0.7),
                      [(heading, 24, True, accent)])
        paragraphs = []
        for item in items:
            paragraphs += [(item.said, 15, True, None), (item.did, 15, False, None),
                           (item.status, 12, True, None)]
            if item.marks:
                paragraphs.append((item.marks, 12, True, late if item.overdue else accent))
            paragraphs.append((item.facts, 12, False, muted))
        _pptx_textbox(slide, left, Inches(1.2), width, Inches(5.4), paragraphs)
        if n == 0:
            _pptx_textbox(slide, left, prs.slide_height - Inches(0.7), width, Inches(0.4),
                          [(s.note, 11, False, muted)])


def panel_pptx(section: PanelSection) -> bytes:
    """One panel session on its own as a 16:9 PowerPoint deck (bytes): the slide(s) of
    the survey report's panel section, its chart PowerPoint's own (editable); every
    text made writable first (python-pptx raises on a character XML cannot hold)."""
    from pptx import Presentation
    from pptx.util import Inches

    section = _writable(section)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = section.title[:255]
    prs.core_properties.subject = section.kicker
    prs.core_properties.author = "Raati"
    prs.core_properties.language = section.lang
    _pptx_panel_slides(prs, section)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
