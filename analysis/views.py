"""Results views with the minimum-group rule that holds for every cut.

Responses fall into blocks: (unit, period, language), the period being the round (or
the month, for responses imported without one). For each question:

- a view without a language filter takes a (unit, period) block only if at least
  ``min_group`` people answered the question in it (all its languages together);
- a view of one language takes that language's part of a (unit, period) block only if
  the part has at least ``min_group`` answers AND the rest of the block has none or at
  least ``min_group``.

Every figure is then a sum of whole blocks (or block parts) of ``min_group`` or more,
and the difference of any two views (a unit against all units, one language against
all, one round against two) is a sum of such blocks too: nothing under the minimum can
be seen directly or recovered by subtraction. Blocks left out are counted, so a page
can say how many answers are not shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.likert import QuestionResult, answer_values
from raati.surveys import Survey

Block = tuple[str, str, str]  # (unit, period, lang)


@dataclass(frozen=True)
class View:
    responses: int  # respondents counted in this view
    left_out: int  # respondents of matching blocks not counted (small groups)
    results: list[QuestionResult]
    kept: dict[str, frozenset[Block]]  # question -> the blocks its figures come from

    def result(self, question_id: str) -> QuestionResult | None:
        return next((r for r in self.results if r.question.id == question_id), None)


def _block_n(data: dict, survey: Survey) -> dict[tuple[Block, str], int]:
    """(block, question) -> how many answered."""
    n: dict[tuple[Block, str], int] = defaultdict(int)
    multi = {q.id for q in survey.questions if q.type == "multi"}
    for (block, question, _value), count in data["counts"].items():
        if question not in multi:
            n[(block, question)] += count
    for key, count in data["answered"].items():
        n[key] = count
    return n


def _safe(part: int, whole: int, min_group: int) -> bool:
    rest = whole - part
    return part >= min_group and (rest == 0 or rest >= min_group)


def build_view(survey: Survey, data: dict, min_group: int, *,
               units: Iterable[str] | None = None, periods: Iterable[str] | None = None,
               lang: str | None = None) -> View:
    """The results of the blocks matching ``units``, ``periods`` and ``lang`` (None =
    all), with the rule above. ``data`` is Store.block_counts()."""
    units = None if units is None else set(units)
    periods = None if periods is None else set(periods)

    def matches(block: Block) -> bool:
        unit, period, _ = block
        return (units is None or unit in units) and (periods is None or period in periods)

    def included(parts: dict[str, int]) -> dict[str, int]:
        """Of one (unit, period) block's language parts, which count (lang -> n)."""
        whole = sum(parts.values())
        if lang is None:
            return dict(parts) if whole >= min_group else {}
        part = parts.get(lang, 0)
        return {lang: part} if _safe(part, whole, min_group) else {}

    # Respondents.
    by_up: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for block, n in data["respondents"].items():
        if matches(block):
            by_up[block[:2]][block[2]] = n
    responses = left_out = 0
    for parts in by_up.values():
        kept = included(parts)
        responses += sum(kept.values())
        left_out += (parts.get(lang, 0) if lang else sum(parts.values())) - sum(kept.values())

    # Questions.
    block_n = _block_n(data, survey)
    results = []
    kept: dict[str, frozenset[Block]] = {}
    for q in survey.questions:
        parts_by_up: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for (block, question), n in block_n.items():
            if question == q.id and matches(block):
                parts_by_up[block[:2]][block[2]] = n
        keep: set[Block] = set()
        n_total = 0
        for up, parts in parts_by_up.items():
            for language, n in included(parts).items():
                keep.add((*up, language))
                n_total += n
        counts: dict[str, int] = defaultdict(int)
        if q.type != "text":
            values = set(answer_values(q))
            for (block, question, value), count in data["counts"].items():
                if question == q.id and block in keep and value in values:
                    counts[value] += count
        full = {v: counts.get(v, 0) for v in answer_values(q)} if q.type != "text" else {}
        results.append(QuestionResult(q, n_total, full, suppressed=False))
        kept[q.id] = frozenset(keep)
    return View(responses, left_out, results, kept)


def shown_texts(view: View, free_texts: list[dict],
                moderation: dict[tuple[str, str, str], tuple[str, str]]) -> list[dict]:
    """The free texts others may see in ``view``: approved by staff (as approved: masked
    and possibly edited) and from blocks the view counts for that question (a comment
    goes with its question). Each: question, kind, text."""
    shown = []
    for item in free_texts:
        decision = moderation.get((item["response_id"], item["question"], item["kind"]))
        if not decision or decision[0] != "approved":
            continue
        block = (item["unit"], item["period"], item["lang"])
        if block in view.kept.get(item["question"], frozenset()):
            shown.append({"question": item["question"], "kind": item["kind"],
                          "text": decision[1]})
    return shown


def restrict_units(data: dict, units: Iterable[str] | None) -> dict:
    """Block counts of only these units (None = all): a person's own units, applied
    before anything is computed."""
    if units is None:
        return data
    units = set(units)
    return {
        "respondents": {b: n for b, n in data["respondents"].items() if b[0] in units},
        "counts": {k: n for k, n in data["counts"].items() if k[0][0] in units},
        "answered": {k: n for k, n in data["answered"].items() if k[0][0] in units},
    }


def periods_of(data: dict) -> list[str]:
    return sorted({block[1] for block in data["respondents"]})


def languages_of(data: dict) -> list[str]:
    return sorted({block[2] for block in data["respondents"]})
