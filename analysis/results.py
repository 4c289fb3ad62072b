"""What the results pages and reports show, computed from the store's block counts:
a view, changes between rounds, units side by side and the aggregated table."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from analysis.formatting import fi_number, fi_percent
from analysis.likert import Difference, QuestionResult, bonferroni_z, compare_shares
from analysis.scope import period_start, unit_periods
from analysis.views import View, build_view
from raati.surveys import Survey


@dataclass(frozen=True)
class Change:
    before: QuestionResult
    after: QuestionResult
    difference: Difference


def round_changes(survey: Survey, data: dict, min_group: int, before: str, after: str,
                  units=None, lang=None) -> tuple[View, View, list[Change]]:
    """Two periods side by side, and for each likert question whether the share of
    3–4 really changed (Newcombe interval, Bonferroni over the questions compared)."""
    a = build_view(survey, data, min_group, units=units, periods=[before], lang=lang)
    b = build_view(survey, data, min_group, units=units, periods=[after], lang=lang)
    pairs = [(ra, rb) for ra, rb in zip(a.results, b.results, strict=True)
             if ra.share_high is not None and rb.share_high is not None
             and ra.n and rb.n]
    z = bonferroni_z(len(pairs))
    changes = [Change(ra, rb, compare_shares(ra.share_high, rb.share_high, z))
               for ra, rb in pairs]
    return a, b, changes


def previous_round_changes(survey: Survey, data: dict, min_group: int, unit: str,
                           period: str, rounds, lang=None
                           ) -> tuple[list[Change] | None, dt.date | None, dt.date | None]:
    """One unit's ``period`` against the unit's previous period with answers (the plain
    view's and the closing-event slides' "since the last round"): (round_changes'
    changes, the earlier period's first day, this one's first day); (None, None, None)
    when the unit has no earlier period with answers; a day is None where a period's
    start is not a date. ``rounds`` maps "r<id>" periods to rounds (analysis.scope)."""
    order = unit_periods(data, rounds, [unit]).get(unit, [])
    if period not in order:
        return None, None, None
    before = next((p for p in reversed(order[:order.index(period)])
                   if build_view(survey, data, min_group, units=[unit], periods=[p],
                                 lang=lang).responses > 0), None)
    if before is None:
        return None, None, None
    _, _, changes = round_changes(survey, data, min_group, before, period, [unit], lang)
    try:
        return (changes, dt.date.fromisoformat(period_start(before, rounds)),
                dt.date.fromisoformat(period_start(period, rounds)))
    except ValueError:
        return changes, None, None


def unit_views(survey: Survey, data: dict, min_group: int, units: list[str],
               periods=None, lang=None) -> list[tuple[str, View]]:
    """Each unit's own view (each obeys the minimum-group rule on its own)."""
    return [(u, build_view(survey, data, min_group, units=[u], periods=periods, lang=lang))
            for u in units]


def _excel_text(text: str) -> str:
    """Survey text as an Excel cell that is never run as a formula (OWASP "CSV
    Injection"): a leading ', as the raw Excel export does (raati.transfer)."""
    from raati.transfer import FORMULA_STARTS

    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def aggregated_csv(survey: Survey, view: View, lang: str = "fi") -> bytes:
    """The view's aggregated results as CSV (UTF-8 with BOM, ';' as Finnish Excel
    expects): per question n, the count of every answer, the shares and the mean.
    Survey text that starts like a formula (=, +, -, @) gets a leading '."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["question", "text", "type", "n", "answer", "count", "share",
                     "share_1_2", "share_3_4", "share_3_4_low95", "share_3_4_high95", "mean"])
    for r in view.results:
        q = r.question
        if q.type == "text" or not r.n:
            writer.writerow([q.id, _excel_text(survey.text(q.text, lang)), q.type, r.n]
                            + [""] * 8)
            continue
        high = r.share_high
        for value, count in r.counts.items():
            writer.writerow([
                q.id, _excel_text(survey.text(q.text, lang)), q.type, r.n, value, count,
                fi_number(count / r.n, 3),
                fi_number(r.share_low.value, 3) if r.share_low else "",
                fi_number(high.value, 3) if high else "",
                fi_number(high.low, 3) if high else "", fi_number(high.high, 3) if high else "",
                fi_number(r.mean, 2) if r.mean is not None else "",
            ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def period_label(period: str, round_names: dict[str, str]) -> str:
    """'r12' -> the round's name; '2026-05' -> '5/2026'."""
    if period in round_names:
        return round_names[period]
    if len(period) == 7 and period[4] == "-":
        return f"{int(period[5:])}/{period[:4]}"
    return period


def share_text(share) -> str:
    return fi_percent(share.value) if share is not None else "–"
