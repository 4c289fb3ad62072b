"""The survey summary of contract §4: counts, means and shares per question, with the
minimum-group rule (a question answered by fewer than ``min_group`` people shows nothing
but its n)."""

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
) -> dict:
    """The whole summary (contract §4) from the store's counts."""
    return {
        "survey": survey.id,
        "responses": responses,
        "min_group": min_group,
        "questions": [
            question_summary(q, answer_counts.get(q.id, {}), answered.get(q.id, 0), min_group)
            for q in survey.questions
        ],
    }


def summarize(store, survey: Survey, min_group: int = DEFAULT_MIN_GROUP, **filters) -> dict:
    """Summary of the stored responses of ``survey`` matching ``filters``
    (unit, since, until, round_id)."""
    return survey_summary(
        survey,
        store.count_responses(survey.id, **filters),
        store.answer_counts(survey.id, **filters),
        store.answered_counts(survey.id, **filters),
        min_group,
    )
