"""Results in plain language, for developer-clients and closing events (issue 14): each
likert question as a natural frequency ("8 / 10 teistä sanoi: melko hyvin tai erittäin
hyvin"), the words of its 1–4 scale with how many out of 10 gave each, change since the
last round in words only, and the strongest and weakest themes as short sentences.
Pure Python; every text comes from raati.i18n.

Rules and sources:

- **Natural frequencies**, not percentages: "8 out of 10" is understood by far more
  people, including those with low numeracy, than "80 %" or "p = 0.8" (Gigerenzer &
  Hoffrage 1995, "How to improve Bayesian reasoning without instruction: frequency
  formats", Psychological Review 102(4); Galesic, Garcia-Retamero & Gigerenzer 2009,
  "Using icon arrays to communicate medical risks", Health Psychology 28(2):
  icon arrays help people with low numeracy most). The denominator is 10, or the real
  number of answers when fewer than 10 answered (never "8 / 10" of 6 people).
- **Rounded as people expect**: half up (4.5 -> 5, never Python's half-to-even), but
  never 0 when somebody gave the answer and never all when somebody did not ("9 / 10"
  for 97 %, "1 / 10" for 3 %): the words "nobody" and "everybody" must be true.
- **No interval, p-value or mean** ever: a change since the last round is said in words
  ("enemmän kuin viime keväänä") and only when analysis.results.round_changes flags it
  (the Newcombe interval with Bonferroni excludes zero); a bigger change that may be
  chance says nothing.
- **The minimum-group rule** holds as everywhere (analysis.views): a question whose
  figures are left out (n = 0 in the view, or under ``min_group`` when given) says only
  "Liian vähän vastauksia, jotta voisimme näyttää tämän." with no number at all.
- **Short sentences** (selkokieli, Selkokeskus's guidelines: short sentences, common
  words; Selkokeskus, Selkomittari): every sentence made here has at most 15 words;
  :func:`readability` measures it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fractions import Fraction

from analysis.likert import QuestionResult, themes
from raati.i18n import RTL, t
from raati.surveys import Question, Survey

# The raati.i18n keys of the two theme headings of successes_and_improvements().
SUCCESS_HEADING = "plain_success"  # "Tässä onnistuimme"
IMPROVE_HEADING = "plain_improve"  # "Tätä pitää parantaa"
# The raati.i18n keys of the sentence a heading shows when no theme is clear enough.
SUCCESS_NONE = "plain_success_none"  # "Tällä kertaa mikään ei noussut selvästi esiin."
IMPROVE_NONE = "plain_improve_none"  # "Ei selvää parannettavaa: useimmat olivat …"
# How many in 10 must have said 1–2 for a theme to be listed "to improve", and 3–4 for
# it to be listed as a success, as the sentence shows it (x / d of natural_frequency).
# The weakest questions are always the weakest, even when 8 / 10 were happy with them;
# listing one under "Tätä pitää parantaa" then tells a group something untrue about
# itself ("2 / 10 said not at all" reads as a problem when it is the few). 3 in 10 is
# the smallest share that is more than "one or two of us" in a group of ten, and 6 in 10
# a clear majority (more than half, and never a tie of 5 / 10). A group of fewer than
# ten (d = n) is held to the same share.
IMPROVE_MIN = Fraction(3, 10)
SUCCESS_MIN = Fraction(6, 10)
MAX_WORDS = 15  # words in one sentence made here
LONG_WORD = 13  # letters that make a word long (readability)
LIKERT = ("1", "2", "3", "4")
# Seasons by month (kevät 3–5, kesä 6–8, syksy 9–11, talvi 12–2).
SEASONS = {3: "spring", 4: "spring", 5: "spring", 6: "summer", 7: "summer", 8: "summer",
           9: "autumn", 10: "autumn", 11: "autumn", 12: "winter", 1: "winter", 2: "winter"}


def natural_frequency(k: int, n: int, base: int = 10) -> tuple[int, int]:
    """``k`` of ``n`` as "x out of d": (x, d) with d = ``base`` when n >= base, else
    d = n and x = k (exact: "3 / 6", never "5 / 10" of six people).

    Rounded half up (k/n = 0.45 -> 5 / 10), but x is never 0 when k > 0 and never d when
    k < n (97 % -> 9 / 10, 3 % -> 1 / 10). Natural frequencies: Gigerenzer & Hoffrage
    1995; Galesic, Garcia-Retamero & Gigerenzer 2009 (see the module docstring).
    Raises ValueError for k < 0, n <= 0, k > n or base < 2."""
    if type(k) is not int or type(n) is not int or type(base) is not int:
        raise ValueError(f"natural_frequency needs whole numbers, got k={k!r}, n={n!r}, "
                         f"base={base!r}")
    if n <= 0 or k < 0 or k > n:
        raise ValueError(f"natural_frequency needs 0 <= k <= n and n > 0, got k={k}, n={n}")
    if base < 2:
        raise ValueError(f"natural_frequency needs base >= 2, got {base}")
    if n <= base:
        return k, n
    d = base
    x = (2 * k * d + n) // (2 * n)  # floor(k*d/n + 1/2): half up, in whole numbers
    if k > 0:
        x = max(x, 1)
    if k < n:
        x = min(x, d - 1)
    return x, d


def _apportion(counts: list[int], seats: int) -> list[int]:
    """``seats`` shared out in proportion to ``counts`` by the largest-remainder (Hare)
    method: each gets the whole part of its quota, the seats left go to the largest
    remainders (ties: the larger count, then the earlier one). Then a non-zero count
    left with no seat takes one from the one with the most seats (of more than one)
    while there is such a seat: nobody's answer disappears where that is possible."""
    total = sum(counts)
    if seats <= 0 or total <= 0:
        return [0] * len(counts)
    quotas = [Fraction(c * seats, total) for c in counts]
    out = [int(q) for q in quotas]
    order = sorted(range(len(counts)), key=lambda i: (-(quotas[i] - out[i]), -counts[i], i))
    for i in order[: seats - sum(out)]:
        out[i] += 1
    for i in sorted(range(len(counts)), key=lambda i: -counts[i]):
        if counts[i] and not out[i]:
            donors = [j for j in range(len(counts)) if out[j] > 1]
            if not donors:
                break
            j = max(donors, key=lambda j: (out[j], -(quotas[j] - int(quotas[j])), -j))
            out[j] -= 1
            out[i] += 1
    return out


def _shown(result: QuestionResult, min_group: int | None) -> bool:
    """Does the minimum-group rule let this likert result show any figure?"""
    return (result.question.type == "likert" and not result.suppressed
            and result.share_high is not None and result.n > 0
            and (min_group is None or result.n >= min_group))


def scale_frequencies(result: QuestionResult, base: int = 10) -> list[tuple[str, int]]:
    """A likert result's answers "1".."4", each with how many out of d gave it:
    [("1", x1), ("2", x2), ("3", x3), ("4", x4)] adding up to d (d as in
    :func:`natural_frequency`: ``base``, or the number of answers when fewer).

    Consistent with the sentence: x3 + x4 is exactly the natural frequency of 3–4 (and
    x1 + x2 the rest); within each pair the largest-remainder method shares it out, and
    an answer somebody gave gets at least 1 where the pair has room. [] for a result with
    nothing to show (suppressed, nobody answered, not likert): no numbers at all."""
    if result.question.type != "likert" or result.suppressed or not result.counts:
        return []
    counts = [int(result.counts.get(v, 0)) for v in LIKERT]
    total = sum(counts)
    if total <= 0:
        return []
    x_high, d = natural_frequency(counts[2] + counts[3], total, base)
    low = _apportion(counts[:2], d - x_high)
    high = _apportion(counts[2:], x_high)
    return list(zip(LIKERT, low + high, strict=True))


@dataclass(frozen=True)
class PlainResult:
    """One likert question in plain language.

    - ``question``: the raati.surveys.Question; ``text``: its easy text in the language
      (else its text);
    - ``suppressed``: True when the minimum-group rule leaves its figures out; then
      ``n`` is 0, ``high`` None, ``scale`` () and ``sentence`` says only that there are
      too few answers to show;
    - ``high``: the answers 3–4 as a natural frequency (x, d);
    - ``sentence``: e.g. "8 / 10 teistä sanoi: melko hyvin tai erittäin hyvin";
    - ``scale``: ((value, word, x), ...) for "1".."4" with the survey's own scale words
      (the question's own where it has them) in the language, adding up to d;
    - ``change``: e.g. "enemmän kuin viime keväänä", only when the change is real by
      round_changes' flag, else None; never a number;
    - ``text_lang``: the language ``text`` is in (the asked one, else the survey's
      default language it fell back to); ``scale_langs``: the same for the words of
      "1".."4" (() when suppressed): an RTL page isolates each in its own direction."""

    question: Question
    text: str
    suppressed: bool
    n: int
    high: tuple[int, int] | None
    sentence: str
    scale: tuple[tuple[str, str, int], ...]
    change: str | None
    text_lang: str = ""
    scale_langs: tuple[str, ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        """The two scale words in ``sentence`` (those of 3 and 4, first letter lowered)."""
        return (_lower_first(self.scale[2][1]), _lower_first(self.scale[3][1])) if self.scale else ()


@dataclass(frozen=True)
class ThemeLine:
    """One "Tässä onnistuimme" / "Tätä pitää parantaa" item in its parts: ``text`` (the
    question's easy text, in ``text_lang``), ``x`` / ``d`` and the two scale ``words``
    (in ``words_langs``) of the sentence in the asked language ``lang``. ``line`` is it
    all as one plain string (successes_and_improvements); where either language is
    written right to left, the question's text in it is isolated (U+2068 … U+2069, as
    raati.i18n.t isolates values), so that a Finnish text keeps its order inside an
    Arabic sentence (a read-aloud button's name and tooltip show ``line``)."""

    text: str
    text_lang: str
    x: int
    d: int
    words: tuple[str, str]
    words_langs: tuple[str, str]
    sentence: str
    lang: str = ""

    @property
    def line(self) -> str:
        return _with_text(self.text, self.sentence,
                          isolate=bool({self.lang, self.text_lang} & RTL))


def _lower_first(word: str) -> str:
    """"Melko hyvin" -> "melko hyvin" (an abbreviation such as "OK" stays)."""
    if len(word) > 1 and word[1].isupper():
        return word
    return word[:1].lower() + word[1:]


def text_language(survey: Survey, value: dict | None, lang: str) -> str:
    """The language a localized survey text ``value`` is shown in for ``lang``: ``lang``
    when the survey has it, else the default language it falls back to (as Survey.text)."""
    if value and value.get(lang):
        return lang
    if not value or value.get(survey.default_language):
        return survey.default_language
    return next(iter(value))


def question_text_language(survey: Survey, question: Question, lang: str) -> str:
    """The language :func:`question_text` is in for ``lang``."""
    return text_language(survey, question.easy or question.text, lang)


def scale_languages(survey: Survey, question: Question, lang: str) -> tuple[str, ...]:
    """The languages of the words of "1".."4" of ``question`` for ``lang``."""
    scale = survey.scale_for(question)
    return tuple(text_language(survey, scale.get(p), lang) for p in (1, 2, 3, 4))


def question_text(survey: Survey, question: Question, lang: str) -> str:
    """The question's easy text in ``lang`` (else its text), as the plain view shows it."""
    return survey.text(question.easy, lang) if question.easy else survey.text(question.text, lang)


def _pair_sentence(survey: Survey, question: Question, lang: str, x: int, d: int,
                   points: tuple[int, int]) -> str:
    words = survey.scale_words(question, lang)
    return t("plain_sentence", lang, x=x, d=d, a=_lower_first(words[points[0]]),
             b=_lower_first(words[points[1]]))


def season_words(earlier: dt.date | None, now: dt.date | None, lang: str) -> str:
    """When ``earlier`` was, said from ``now`` by its season: the same season-year
    "keväällä" (this spring), one year before "viime keväänä" (last spring), longer ago
    "keväällä 2024"; sv "i våras" / "förra våren" / "våren 2024", en "this spring" /
    "last spring" / "in spring 2024". Seasons by month: spring 3–5, summer 6–8, autumn
    9–11, winter 12–2; a December belongs to the winter of the next year (the winter
    that ends then), so December and the February after are one winter. The same season
    of the same year (two rounds one spring), an earlier date after ``now`` or no date:
    "viime kerralla" (last time). ``now`` defaults to today."""
    if earlier is None:
        return t("plain_when_last_time", lang)
    now = now or dt.date.today()

    def season(day: dt.date) -> tuple[str, int]:
        return SEASONS[day.month], day.year + (1 if day.month == 12 else 0)

    (s_then, y_then), (s_now, y_now) = season(earlier), season(now)
    if earlier > now or (s_then, y_then) == (s_now, y_now):
        return t("plain_when_last_time", lang)
    if y_then == y_now:
        return t(f"plain_when_this_{s_then}", lang)
    if y_now - y_then == 1:
        return t(f"plain_when_last_{s_then}", lang)
    return t(f"plain_when_year_{s_then}", lang, year=y_then)


def plain_results(survey: Survey, view, lang: str, changes: list | None = None,
                  earlier: dt.date | None = None, now: dt.date | None = None, *,
                  min_group: int | None = None) -> list[PlainResult]:
    """The likert questions of ``view`` (an analysis.views.View) in plain language, in
    the survey's order, texts in ``lang`` (raati.i18n; survey texts in ``lang`` else the
    survey's default language).

    ``changes``: analysis.results.Change items of round_changes (the earlier round
    against this view's); a question's ``change`` words come only from a flagged one.
    ``earlier``: a date of the earlier round (its opening day), ``now`` of this one
    (default today): they name the season ("viime keväänä"). ``min_group``: when given,
    a result under it is suppressed too (the view has already left small blocks out)."""
    by_q = {c.after.question.id: c for c in (changes or [])}
    out = []
    for r in view.results:
        q = r.question
        if q.type != "likert":
            continue
        text = question_text(survey, q, lang)
        if not _shown(r, min_group):
            out.append(PlainResult(q, text, True, 0, None, t("plain_suppressed", lang), (),
                                   None, question_text_language(survey, q, lang)))
            continue
        high = natural_frequency(r.share_high.k, r.share_high.n)
        words = survey.scale_words(q, lang)
        scale = tuple((v, words[int(v)], x) for v, x in scale_frequencies(r))
        change = None
        c = by_q.get(q.id)
        if c is not None and c.difference.flagged:
            key = "plain_more" if c.difference.value > 0 else "plain_less"
            change = t(key, lang, when=season_words(earlier, now, lang))
        out.append(PlainResult(q, text, False, r.n, high,
                               _pair_sentence(survey, q, lang, *high, (3, 4)), scale, change,
                               question_text_language(survey, q, lang),
                               scale_languages(survey, q, lang)))
    return out


def _with_text(text: str, sentence: str, isolate: bool = False) -> str:
    """The question's text, ended as a sentence (isolated in U+2068 … U+2069 when
    ``isolate``), then ``sentence``."""
    text = text.strip()
    if text and text[-1] not in ".?!…":
        text += "."
    if text and isolate:
        text = f"\u2068{text}\u2069"
    return f"{text} {sentence}." if text else f"{sentence}."


def successes_and_improvements(survey: Survey, view, lang: str, k: int = 3, *,
                               min_group: int | None = None) -> tuple[list[str], list[str]]:
    """The strongest and the weakest likert themes of ``view`` (analysis.likert.themes,
    as on the staff results page: by the share of 3–4, at most ``k`` each and at most
    half of the shown questions each) as plain sentences for the headings
    ``t(SUCCESS_HEADING)`` "Tässä onnistuimme" and ``t(IMPROVE_HEADING)`` "Tätä pitää
    parantaa": (successes, improvements), strongest and weakest first.

    Each item is the question's easy text and one sentence made here: for a success the
    natural frequency of 3–4 ("9 / 10 teistä sanoi: melko hyvin tai erittäin hyvin."),
    for an improvement that of 1–2 ("6 / 10 teistä sanoi: ei lainkaan tai ei
    juurikaan."). Sentences made here have at most 15 words; the question's text is the
    survey's own (easy texts are short by design). Suppressed questions never appear.

    Only clear themes are listed: an improvement when at least IMPROVE_MIN (3 in 10)
    said 1–2, a success when at least SUCCESS_MIN (6 in 10) said 3–4, each as the
    sentence shows it. A list may so be empty: the page then says ``t(IMPROVE_NONE)``
    or ``t(SUCCESS_NONE)`` under its heading."""
    good, bad = theme_lines(survey, view, lang, k, min_group=min_group)
    return [x.line for x in good], [x.line for x in bad]


def theme_lines(survey: Survey, view, lang: str, k: int = 3, *,
                min_group: int | None = None) -> tuple[list[ThemeLine], list[ThemeLine]]:
    """:func:`successes_and_improvements` in parts (:class:`ThemeLine`), so that a page
    can isolate the survey's texts and words in their own language and direction. The
    same thresholds (IMPROVE_MIN, SUCCESS_MIN): each list may be empty."""
    likert = [r for r in view.results if _shown(r, min_group)]
    weakest, strongest = themes(likert, k)

    def line(r: QuestionResult, points: tuple[int, int]) -> ThemeLine:
        x_high, d = natural_frequency(r.share_high.k, r.share_high.n)
        x = x_high if points == (3, 4) else d - x_high
        q = r.question
        words = survey.scale_words(q, lang)
        langs = scale_languages(survey, q, lang)
        return ThemeLine(question_text(survey, q, lang), question_text_language(survey, q, lang),
                         x, d, (_lower_first(words[points[0]]), _lower_first(words[points[1]])),
                         (langs[points[0] - 1], langs[points[1] - 1]),
                         _pair_sentence(survey, q, lang, x, d, points), lang)

    good = [x for x in (line(r, (3, 4)) for r in strongest) if clear_theme(x, SUCCESS_MIN)]
    bad = [x for x in (line(r, (1, 2)) for r in weakest) if clear_theme(x, IMPROVE_MIN)]
    return good, bad


def clear_theme(item: ThemeLine, share: Fraction) -> bool:
    """Does ``item``'s sentence say that at least ``share`` of the group gave its
    answers (x / d >= share, e.g. 3 / 10 >= 3/10, 2 / 6 >= 3/10)? See IMPROVE_MIN."""
    return Fraction(item.x, item.d) >= share


_SENTENCE_END = re.compile(r"(?<=[.!?…؟])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def readability(text: str) -> tuple[int, int]:
    """A simple readability measure of ``text``: (words in its longest sentence, words of
    13 or more letters in it). Sentences end at . ! ? … ؟ before a space or the end, and
    at line breaks; a word is a run of letters or digits (with inner hyphens or
    apostrophes), so "8 / 10" is two words. Selkokieli asks for short sentences and
    common, short words (Selkokeskus, Selkomittari)."""
    sentences = [s for s in _SENTENCE_END.split(text or "") if s.strip()]
    longest = max((len(_WORD.findall(s)) for s in sentences), default=0)
    long_words = sum(1 for w in _WORD.findall(text or "")
                     if sum(ch.isalpha() for ch in w) >= LONG_WORD)
    return longest, long_words
