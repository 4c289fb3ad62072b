"""The survey summary of contract §4: counts, means and shares per question, with the
minimum-group rule of every view (analysis.views): figures are sums of whole blocks
(unit, period) that lie wholly inside the cut and have at least ``min_group`` answers,
taken from their published states; a question with n under ``min_group`` shows nothing
but its n."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from analysis.likert import answer_values
from raati.surveys import Survey

DEFAULT_MIN_GROUP = 5


def round_half_up(value: Fraction, places: int) -> float:
    """Round as people do by hand (0.0625 -> 0.063), not banker's rounding."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def question_summary(
    question, counts: dict[str, int], n: int, min_group: int = DEFAULT_MIN_GROUP
) -> dict:
    """One question's entry of the summary. ``counts`` maps stored values to how often
    they were given; ``n`` is how many responses answered the question."""
    entry: dict = {"id": question.id, "type": question.type, "n": n}
    suppressed = n < min_group
    if question.type == "text":
        entry["suppressed"] = suppressed
        return entry
    # Every possible answer, zero-filled, in order: the same list the results pages use.
    full = {v: counts.get(v, 0) for v in answer_values(question)}
    if question.type in ("likert", "grade"):
        total = sum(full.values())
        mean = (
            round_half_up(Fraction(sum(int(v) * c for v, c in full.items()), total), 2)
            if total else None
        )
        entry["counts"] = None if suppressed else full
        entry["mean"] = None if suppressed else mean
        if question.type == "likert":
            low = full["1"] + full["2"]
            high = full["3"] + full["4"]
            entry["share_low"] = (
                None if suppressed or not total else round_half_up(Fraction(low, total), 3)
            )
            entry["share_high"] = (
                None if suppressed or not total else round_half_up(Fraction(high, total), 3)
            )
    else:  # choice, multi
        entry["counts"] = None if suppressed else full
    entry["suppressed"] = suppressed
    return entry


def survey_summary(
    survey: Survey,
    responses: int,
    answer_counts: dict[str, dict[str, int]],
    answered: dict[str, int],
    min_group: int = DEFAULT_MIN_GROUP,
    left_out: int = 0,
) -> dict:
    """The whole summary (contract §4) from counts that already obey the block rule."""
    return {
        "survey": survey.id,
        "responses": responses,
        "min_group": min_group,
        "left_out": left_out,
        "questions": [
            question_summary(q, answer_counts.get(q.id, {}), answered.get(q.id, 0), min_group)
            for q in survey.questions
        ],
    }


def blocks_in_cut(data: dict, unit: str | None = None, since: str | None = None,
                  until: str | None = None, round_id: int | None = None
                  ) -> tuple[list[str] | None, list[tuple[str, str]]]:
    """The (unit, period) blocks wholly inside a cut (contract §4: a block with any
    response outside the dates is left out whole). Returns (units filter or None, the
    blocks)."""
    blocks = []
    for (b_unit, period), (first, last) in data.get("dates", {}).items():
        if unit is not None and b_unit != unit:
            continue
        if since and first < since or until and last > until:
            continue
        if round_id is not None and period != f"r{round_id}":
            continue
        blocks.append((b_unit, period))
    return ([unit] if unit is not None else None), blocks


def cut_data(data: dict, unit: str | None = None, since: str | None = None,
             until: str | None = None, round_id: int | None = None) -> dict:
    """Block counts (published_counts) of only the blocks wholly inside the cut (see
    blocks_in_cut): what the summary and the reports count."""
    _, blocks = blocks_in_cut(data, unit, since, until, round_id)
    wanted = set(blocks)
    return {**data,
            "respondents": {b: n for b, n in data["respondents"].items() if b[:2] in wanted},
            "counts": {k: n for k, n in data["counts"].items() if k[0][:2] in wanted},
            "answered": {k: n for k, n in data["answered"].items() if k[0][:2] in wanted},
            "held_back": {k: n for k, n in data.get("held_back", {}).items() if k in wanted}}


def summarize(store, survey: Survey, min_group: int = DEFAULT_MIN_GROUP, *,
              unit: str | None = None, since: str | None = None, until: str | None = None,
              round_id: int | None = None) -> dict:
    """Summary (contract §4) of the stored responses of ``survey`` in the cut given by
    ``unit``, ``since``, ``until`` (YYYY-MM-DD) and ``round_id``: one implementation of
    the block rule for the CLI, reports and pages (analysis.views.build_view over the
    published block counts of analysis.views.published_counts). Raises StoreError for
    a malformed date."""
    from analysis.views import build_view, published_counts
    from raati.store import StoreError, parse_iso_date

    for name, value in (("since", since), ("until", until)):
        if value is not None and parse_iso_date(value) is None:
            raise StoreError(f"{name}: '{value}' is not a date YYYY-MM-DD")
    data = cut_data(published_counts(store, survey, min_group), unit, since, until, round_id)
    view = build_view(survey, data, min_group)
    counts = {r.question.id: r.counts for r in view.results}
    answered = {r.question.id: r.n for r in view.results}
    # Left out: every response of the cut not counted (small blocks, blocks that reach
    # outside the dates, answers held back since the last published state).
    matching = store.count_responses(survey.id, unit=unit, since=since, until=until,
                                     round_id=round_id)
    return survey_summary(survey, view.responses, counts, answered, min_group,
                          left_out=max(0, matching - view.responses))
