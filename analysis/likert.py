"""Results of the 1–4 scale and the other closed questions: distributions with n, the
shares of 1–2 and 3–4 with Wilson 95 % intervals, means, the weakest and strongest
themes, comparisons between rounds and units, response rates. Pure Python.

Comparisons flag a difference only when the Newcombe hybrid-score interval of the
difference of two shares (built from Wilson intervals; Newcombe 1998, method 10)
excludes zero at 95 % confidence, Bonferroni-corrected for the number of comparisons
shown together. So with 9 questions compared at once, each uses 99.4 %.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from raati.surveys import GRADE_VALUES, LIKERT_VALUES, Question

Z95 = NormalDist().inv_cdf(0.975)


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of the share k/n (0..1)."""
    if n <= 0:
        return (0.0, 1.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return (low, high)


@dataclass(frozen=True)
class Share:
    k: int
    n: int

    @property
    def value(self) -> float:
        return self.k / self.n if self.n else 0.0

    def interval(self, z: float = Z95) -> tuple[float, float]:
        return wilson_interval(self.k, self.n, z)

    @property
    def low(self) -> float:
        return self.interval()[0]

    @property
    def high(self) -> float:
        return self.interval()[1]


@dataclass(frozen=True)
class QuestionResult:
    """One question's result in one view. ``counts`` maps each answer (as stored: "1".."4",
    "4".."10" or an option id) to how many gave it; for multi, n is the number of
    respondents and counts may add up to more."""

    question: Question
    n: int
    counts: dict[str, int]
    suppressed: bool

    @property
    def mean(self) -> float | None:
        if self.suppressed or self.question.type not in ("likert", "grade") or not self.n:
            return None
        total = sum(int(v) * c for v, c in self.counts.items())
        return total / sum(self.counts.values())

    @property
    def share_low(self) -> Share | None:
        """Share of 1–2 ("ei lainkaan", "ei juurikaan") of a likert question."""
        if self.suppressed or self.question.type != "likert" or not self.n:
            return None
        return Share(self.counts.get("1", 0) + self.counts.get("2", 0), self.n)

    @property
    def share_high(self) -> Share | None:
        """Share of 3–4 ("melko hyvin", "erittäin hyvin") of a likert question."""
        if self.suppressed or self.question.type != "likert" or not self.n:
            return None
        return Share(self.counts.get("3", 0) + self.counts.get("4", 0), self.n)

    def option_share(self, option: str) -> Share | None:
        if self.suppressed or not self.n:
            return None
        return Share(self.counts.get(option, 0), self.n)


def answer_values(question: Question) -> tuple[str, ...]:
    """Every possible stored answer of a closed question, in order."""
    if question.type == "likert":
        return tuple(str(p) for p in LIKERT_VALUES)
    if question.type == "grade":
        return tuple(str(g) for g in GRADE_VALUES)
    return question.option_ids


def question_result(question: Question, n: int, counts: dict[str, int],
                    min_group: int) -> QuestionResult:
    """A question's result; with fewer than ``min_group`` answers nothing but that is
    kept (the counts are dropped, not just hidden)."""
    suppressed = 0 < n < min_group
    full = {} if suppressed else {v: counts.get(v, 0) for v in answer_values(question)}
    return QuestionResult(question, n, full, suppressed)


def themes(results: list[QuestionResult], k: int = 3) -> tuple[list[QuestionResult],
                                                               list[QuestionResult]]:
    """The weakest and the strongest likert themes by the share of 3–4 (ties: by n)."""
    shown = [r for r in results if r.share_high is not None]
    ranked = sorted(shown, key=lambda r: (r.share_high.value, -r.n))
    weakest = ranked[: min(k, len(ranked) // 2)]
    strongest = [r for r in reversed(ranked) if r not in weakest][: min(k, len(ranked) // 2)]
    return weakest, strongest


@dataclass(frozen=True)
class Difference:
    """Share ``b`` minus share ``a`` with its interval; ``flagged`` when the interval
    excludes zero (a real change, not noise)."""

    a: Share
    b: Share
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.b.value - self.a.value

    @property
    def flagged(self) -> bool:
        return self.low > 0 or self.high < 0


def bonferroni_z(comparisons: int, alpha: float = 0.05) -> float:
    """The two-sided z for ``comparisons`` tests at family-wise level ``alpha``."""
    return NormalDist().inv_cdf(1 - alpha / (2 * max(1, comparisons)))


def compare_shares(a: Share, b: Share, z: float = Z95) -> Difference:
    """Newcombe's hybrid score interval for b − a (no continuity correction)."""
    l1, u1 = a.interval(z)
    l2, u2 = b.interval(z)
    p1, p2 = a.value, b.value
    d = p2 - p1
    low = d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
    high = d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
    return Difference(a, b, low, high)


def response_rate(responses: int, expected: int | None) -> float | None:
    """34 / 64 -> 0.531; None without an expected number."""
    if not expected:
        return None
    return responses / expected
