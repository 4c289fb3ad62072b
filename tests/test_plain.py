"""Plain-language results (analysis.plain, issue 14): natural frequencies rounded as
people expect, the scale out of 10 adding up, the minimum-group rule, change words only
for a real change, season words in Finnish, Swedish and English, short sentences."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from fractions import Fraction
from pathlib import Path

import pytest

from analysis.likert import QuestionResult, question_result, themes
from analysis.plain import (
    IMPROVE_HEADING,
    SUCCESS_HEADING,
    PlainResult,
    natural_frequency,
    plain_results,
    readability,
    scale_frequencies,
    season_words,
    successes_and_improvements,
    theme_lines,
)
from analysis.results import round_changes
from analysis.views import View, build_view
from raati.i18n import t
from raati.surveys import find_survey

DEFS = Path(__file__).resolve().parent.parent / "survey_defs"
MIN = 5


@pytest.fixture(scope="module")
def survey():
    return find_survey(DEFS, "viikkofiilis")


@pytest.fixture(scope="module")
def big_survey():
    return find_survey(DEFS, "asiakaskysely")


def likert_ids(survey) -> list[str]:
    return [q.id for q in survey.questions if q.type == "likert"]


def view_of(survey, counts: dict[str, dict[str, int]]) -> View:
    """A view with these likert counts per question id ({} = left out: n 0)."""
    results = []
    for q in survey.questions:
        c = counts.get(q.id, {})
        n = sum(c.values())
        full = {v: c.get(v, 0) for v in ("1", "2", "3", "4")} if q.type == "likert" and n \
            else {}
        results.append(QuestionResult(q, n, full, suppressed=False))
    return View(max((sum(c.values()) for c in counts.values()), default=0), 0, results, {})


def block_data(rounds: dict[str, dict[str, dict[str, int]]]) -> dict:
    """Store.block_counts-shaped data: period -> question -> {value: count} at puupaja."""
    data = {"respondents": {}, "counts": {}, "answered": {}}
    for period, questions in rounds.items():
        block = ("puupaja", period, "fi")
        data["respondents"][block] = max(sum(c.values()) for c in questions.values())
        for qid, counts in questions.items():
            for value, count in counts.items():
                data["counts"][(block, qid, value)] = count
    return data


# -- natural frequencies --------------------------------------------------------------


@pytest.mark.parametrize(("k", "n", "expected"), [
    (0, 20, (0, 10)),        # nobody: 0
    (20, 20, (10, 10)),      # everybody: all
    (1, 100, (1, 10)),       # 1 %: never 0 when somebody did
    (3, 100, (1, 10)),       # 3 % -> 1 / 10
    (97, 100, (9, 10)),      # 97 % -> 9 / 10, never 10 when somebody did not
    (99, 100, (9, 10)),
    (1, 20, (1, 10)),        # 5 %: exactly half of one -> up
    (1, 21, (1, 10)),        # 4.8 %: rounds to 0, but somebody did
    (9, 20, (5, 10)),        # 45 %: 4.5 -> 5 (half up, not Python's half to even)
    (49, 100, (5, 10)),      # 4.9 -> 5
    (44, 100, (4, 10)),      # 4.4 -> 4
    (50, 100, (5, 10)),      # exactly 5
    (5, 20, (3, 10)),        # 25 %: 2.5 -> 3 (half to even would say 2)
    (15, 20, (8, 10)),       # 75 %: 7.5 -> 8
    (17, 20, (9, 10)),       # 85 %: 8.5 -> 9
    (19, 20, (9, 10)),       # 95 %: 9.5 -> 10, but one did not: 9
    (3, 6, (3, 6)),          # a small group: its own size, exact
    (0, 1, (0, 1)),
    (1, 1, (1, 1)),
    (7, 10, (7, 10)),        # exactly the base: as it is
    (8, 11, (7, 10)),        # 7.27 -> 7
])
def test_natural_frequency_rounds_as_people_expect(k, n, expected):
    assert natural_frequency(k, n) == expected


def test_natural_frequency_other_bases_and_every_case_keeps_its_promises():
    assert natural_frequency(37, 200, base=100) == (19, 100)  # 18.5 -> 19
    for n in range(1, 60):
        for k in range(n + 1):
            x, d = natural_frequency(k, n)
            assert d == min(n, 10)
            assert (x == 0) == (k == 0) and (x == d) == (k == n)
            assert abs(x - k * d / n) <= 1  # never far from the truth


@pytest.mark.parametrize(("k", "n"), [(-1, 10), (0, 0), (1, 0), (11, 10), (0, -3)])
def test_natural_frequency_refuses_impossible_counts(k, n):
    with pytest.raises(ValueError, match="natural_frequency"):
        natural_frequency(k, n)


def test_natural_frequency_refuses_a_base_under_two():
    with pytest.raises(ValueError, match="base"):
        natural_frequency(1, 20, base=1)


# -- the scale out of 10 ------------------------------------------------------------------


def test_scale_frequencies_add_up_and_match_the_sentence(survey):
    q = survey.question("apu")
    for counts in itertools.product(range(0, 9, 2), range(0, 7, 3), range(0, 30, 7),
                                    range(1, 15, 4)):
        n = sum(counts)
        r = question_result(q, n, dict(zip("1234", counts, strict=True)), MIN)
        if r.suppressed:
            assert scale_frequencies(r) == []
            continue
        freq = scale_frequencies(r)
        assert [v for v, _ in freq] == ["1", "2", "3", "4"]
        xs = [x for _, x in freq]
        x_high, d = natural_frequency(counts[2] + counts[3], n)
        assert sum(xs) == d
        assert xs[2] + xs[3] == x_high  # the icon array and the words say the same
        for c, x in zip(counts, xs, strict=True):
            assert (c == 0) <= (x == 0)  # nobody gave it: 0


def test_scale_frequencies_largest_remainder_example(survey):
    q = survey.question("apu")
    # 3, 9, 30, 16 of 58: quotas 0.52, 1.55 | 5.17, 2.76 of 2 and 8 -> 1, 1 | 5, 3.
    r = question_result(q, 58, {"1": 3, "2": 9, "3": 30, "4": 16}, MIN)
    assert scale_frequencies(r) == [("1", 1), ("2", 1), ("3", 5), ("4", 3)]
    # An answer one person gave is not lost: 1, 0, 0, 29 -> 1, 0, 0, 9.
    r = question_result(q, 30, {"1": 1, "4": 29}, MIN)
    assert scale_frequencies(r) == [("1", 1), ("2", 0), ("3", 0), ("4", 9)]
    # A small group: its own counts exactly.
    r = question_result(q, 6, {"1": 1, "2": 1, "3": 2, "4": 2}, MIN)
    assert scale_frequencies(r) == [("1", 1), ("2", 1), ("3", 2), ("4", 2)]


# -- suppression --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_question_under_the_minimum_group_shows_no_number_at_all(survey, lang):
    # apu is left out of the view (n 0, as build_view leaves small blocks out); ryhma has 4
    # answers in a hand-made result: under the minimum when it is given.
    view = view_of(survey, {"viikko": {"3": 8, "4": 4}, "ryhma": {"1": 1, "4": 3}})
    results = {p.question.id: p for p in plain_results(survey, view, lang, min_group=MIN)}
    for qid in ("apu", "ryhma", "tyo"):
        p = results[qid]
        assert p.suppressed and p.n == 0 and p.high is None and p.scale == ()
        assert p.change is None
        assert p.sentence == t("plain_suppressed", lang)
        assert not any(ch.isdigit() for ch in p.sentence)
    assert t("plain_suppressed", "fi") == "Liian vähän vastauksia, jotta voisimme näyttää tämän."
    shown = results["viikko"]
    assert not shown.suppressed and shown.n == 12 and shown.high == (10, 10)
    # The suppressed ones are never a theme either.
    good, bad = successes_and_improvements(survey, view, lang, min_group=MIN)
    assert good == bad == []  # one question shown: nothing to rank


def test_a_suppressed_result_object_is_never_shown(survey):
    q = survey.question("apu")
    r = question_result(q, 3, {"1": 1, "4": 2}, MIN)
    assert r.suppressed and scale_frequencies(r) == []
    view = View(3, 0, [r], {})
    [p] = plain_results(survey, view, "fi")
    assert p.suppressed and p.scale == () and p.high is None


# -- sentences ----------------------------------------------------------------------------


def test_sentences_and_scale_words_in_three_languages(survey, big_survey):
    view = view_of(survey, {"viikko": {"1": 1, "2": 2, "3": 9, "4": 8},
                            "apu": {"2": 3, "3": 2, "4": 1}})
    fi = {p.question.id: p for p in plain_results(survey, view, "fi")}
    # 17 of 20 -> 8.5 -> 9 out of 10; viikko has its own words for 3 and 4.
    assert fi["viikko"].sentence == "9 / 10 teistä sanoi: melko hyvin tai hyvin"
    assert fi["viikko"].text == "Kuinka hyvin sinun viikkosi meni pajalla?"  # easy text
    assert fi["viikko"].scale == (("1", "Huonosti", 0), ("2", "Melko huonosti", 1),
                                  ("3", "Melko hyvin", 5), ("4", "Hyvin", 4))
    # 6 answers: out of 6, never "of 10".
    assert fi["apu"].sentence == "3 / 6 teistä sanoi: melko hyvin tai erittäin hyvin"
    assert isinstance(fi["apu"], PlainResult) and fi["apu"].high == (3, 6)
    sv = {p.question.id: p for p in plain_results(survey, view, "sv")}
    assert sv["apu"].sentence == "3 av 6 av er svarade: ganska bra eller mycket bra"
    en = {p.question.id: p for p in plain_results(survey, view, "en")}
    assert en["apu"].sentence == "3 out of 6 of you said: fairly well or very well"
    for p in list(fi.values()) + list(sv.values()) + list(en.values()):
        assert "%" not in p.sentence and "None" not in p.sentence


def test_successes_and_improvements_are_the_staff_themes_in_words(big_survey):
    counts = {"elamantilanne": {"3": 6, "4": 4}, "tutustuminen": {"1": 5, "2": 3, "3": 2},
              "tyopaikka": {"2": 1, "3": 5, "4": 4}, "tehtavat": {"1": 2, "2": 4, "3": 4},
              "tiedot": {"3": 3, "4": 7}, "tavoitteet": {"1": 1, "2": 1, "3": 4, "4": 4}}
    view = view_of(big_survey, counts)
    good, bad = successes_and_improvements(big_survey, view, "fi")
    assert t(SUCCESS_HEADING, "fi") == "Tässä onnistuimme"
    assert t(IMPROVE_HEADING, "fi") == "Tätä pitää parantaa"
    # The third weakest (tavoitteet: 2 / 10 said 1–2) is no theme to improve: 8 / 10
    # were happy with it (IMPROVE_MIN).
    assert len(good) == 3 and len(bad) == 2
    assert not any(big_survey.question("tavoitteet").easy["fi"] in b for b in bad)
    assert good[0] == ("Kuinka hyvin sait tietoa työtoiminnasta? "
                       "10 / 10 teistä sanoi: melko hyvin tai erittäin hyvin.")
    # The weakest: 2 of 10 said 3–4, so 8 of 10 said 1–2.
    assert bad[0] == ("Kuinka hyvin pääsit tutustumaan paikkaan, ennen kuin päätit "
                      "aloittaa? 8 / 10 teistä sanoi: ei lainkaan tai ei juurikaan.")
    # Its own scale words: tehtavat's 1 and 2 are "Ei lainkaan" and "Vähän".
    assert any(b.endswith("6 / 10 teistä sanoi: ei lainkaan tai vähän.") for b in bad)
    # The left-out questions (jatkosuunnitelma, tulevaisuus, tyollistyminen) never appear.
    shown = " ".join(good + bad)
    for qid in ("jatkosuunnitelma", "tulevaisuus", "tyollistyminen"):
        easy = big_survey.question(qid).easy["fi"]
        assert easy not in shown
    sv_good, sv_bad = successes_and_improvements(big_survey, view, "sv")
    assert t(SUCCESS_HEADING, "sv") == "Här lyckades vi" and sv_good[0].endswith(
        "10 av 10 av er svarade: ganska bra eller mycket bra.")
    en_good, _ = successes_and_improvements(big_survey, view, "en")
    assert t(IMPROVE_HEADING, "en") == "What we need to improve"
    assert en_good[0].endswith("10 out of 10 of you said: fairly well or very well.")


# -- change words -------------------------------------------------------------------------


def test_change_words_only_when_the_change_is_real(survey):
    # apu: 5 of 30 -> 27 of 30 said 3–4 (real); viikko: 2 of 5 -> 5 of 5 (60 points, but
    # five people each time: within chance); ryhma: the same both times.
    before = {"apu": {"1": 10, "2": 15, "3": 5}, "viikko": {"2": 3, "3": 2},
              "ryhma": {"2": 10, "3": 20}}
    after = {"apu": {"2": 3, "3": 20, "4": 7}, "viikko": {"3": 3, "4": 2},
             "ryhma": {"2": 10, "3": 20}}
    data = block_data({"r1": before, "r2": after})
    a, b, changes = round_changes(survey, data, MIN, "r1", "r2")
    flagged = {c.after.question.id for c in changes if c.difference.flagged}
    assert flagged == {"apu"}
    big = next(c for c in changes if c.after.question.id == "viikko")
    assert big.difference.value >= 0.5 and not big.difference.flagged
    spring, autumn = dt.date(2026, 4, 1), dt.date(2026, 10, 1)
    got = {p.question.id: p.change for p in plain_results(
        survey, b, "fi", changes, earlier=spring, now=autumn)}
    assert got["apu"] == "enemmän kuin keväällä"
    assert got["viikko"] is None and got["ryhma"] is None
    # The other way round: fewer.
    _, b2, back = round_changes(survey, block_data({"r1": after, "r2": before}), MIN,
                                "r1", "r2")
    got = {p.question.id: p.change for p in plain_results(
        survey, b2, "en", back, earlier=dt.date(2025, 4, 1), now=autumn)}
    assert got["apu"] == "fewer than last spring" and got["viikko"] is None
    # Never a number, and no change words without changes.
    assert all(p.change is None for p in plain_results(survey, b, "fi"))
    assert not any(ch.isdigit() for ch in "enemmän kuin keväällä")


@pytest.mark.parametrize(("earlier", "now", "fi", "sv", "en"), [
    ("2026-04-10", "2026-10-05", "keväällä", "i våras", "this spring"),
    ("2025-04-10", "2026-10-05", "viime keväänä", "förra våren", "last spring"),
    ("2024-05-31", "2026-03-01", "keväällä 2024", "våren 2024", "in spring 2024"),
    ("2026-07-01", "2026-09-01", "kesällä", "i somras", "this summer"),
    ("2025-06-01", "2026-06-01", "viime kesänä", "förra sommaren", "last summer"),
    ("2025-09-01", "2026-03-01", "viime syksynä", "förra hösten", "last autumn"),
    ("2023-11-30", "2026-03-01", "syksyllä 2023", "hösten 2023", "in autumn 2023"),
    ("2026-01-15", "2026-05-01", "talvella", "i vintras", "this winter"),
    ("2025-12-15", "2026-04-01", "talvella", "i vintras", "this winter"),  # Dec: next winter
    ("2025-02-01", "2026-04-01", "viime talvena", "förra vintern", "last winter"),
    ("2026-03-01", "2026-05-20", "viime kerralla", "förra gången", "last time"),  # one spring
    ("2025-12-01", "2026-02-01", "viime kerralla", "förra gången", "last time"),  # one winter
])
def test_season_words(earlier, now, fi, sv, en):
    a, b = dt.date.fromisoformat(earlier), dt.date.fromisoformat(now)
    assert (season_words(a, b, "fi"), season_words(a, b, "sv"),
            season_words(a, b, "en")) == (fi, sv, en)


def test_season_words_without_a_date_say_last_time():
    assert season_words(None, dt.date(2026, 4, 1), "fi") == "viime kerralla"
    assert t("plain_more", "fi", when=season_words(
        dt.date(2025, 4, 1), dt.date(2026, 4, 1), "fi")) == "enemmän kuin viime keväänä"
    assert t("plain_less", "sv", when="förra våren") == "färre än förra våren"


# -- readability ---------------------------------------------------------------------------


def test_readability_counts_words_and_long_words():
    assert readability("") == (0, 0)
    assert readability("8 / 10 teistä sanoi: melko hyvin tai erittäin hyvin") == (9, 0)
    assert readability("Lyhyt lause. Toinen vähän pidempi lause tässä!") == (5, 0)
    assert readability("Työtoimintapaikka on kuntouttavassa työtoiminnassa.") == (4, 3)
    assert readability("Yksi.\nKaksi sanaa") == (2, 0)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_sentence_made_is_short_and_plain(big_survey, survey, lang):
    """Every sentence analysis.plain makes, of every likert question of the shipped
    surveys, in every outcome: at most 15 words and no more than one long word."""
    sentences = set()
    for s in (big_survey, survey):
        ids = likert_ids(s)
        for counts in ({"1": 7, "2": 2, "3": 1}, {"3": 5, "4": 5}, {"2": 1, "3": 1, "4": 4},
                       {"1": 1, "2": 3, "3": 3, "4": 9}):
            view = view_of(s, {qid: counts for qid in ids[::2]})
            for p in plain_results(s, view, lang):
                sentences.add(p.sentence)
                sentences.update(f"{w}: {t('plain_count', lang, x=x, d=10)}"
                                 for _, w, x in p.scale)
            view = view_of(s, {qid: dict(counts, **{"4": i + 1}) for i, qid in enumerate(ids)})
            good, bad = successes_and_improvements(s, view, lang)
            # Only the sentence made here: the question's own text is the survey's.
            sentences.update(x.rsplit("? ", 1)[-1] for x in good + bad)
    for when in ("this", "last", "year"):
        for season in ("spring", "summer", "autumn", "winter"):
            words = t(f"plain_when_{when}_{season}", lang, year=2024)
            for key in ("plain_more", "plain_less"):
                sentences.add(t("plain_change_line", lang,
                                change=t(key, lang, when=words)))
    sentences.add(t("plain_suppressed", lang))
    assert len(sentences) > 20
    for sentence in sentences:
        words, long_words = readability(sentence)
        assert 1 <= words <= 15, sentence
        assert long_words <= 1, sentence
        assert "%" not in sentence and "None" not in sentence


def test_plain_view_of_the_demo_data_obeys_the_minimum_group(demo_store, shipped_defs):
    """On the demo data: every shown sentence's numbers come from a result the
    minimum-group view shows, and the ones it leaves out say so."""
    from analysis.views import published_counts

    s = find_survey(shipped_defs, "asiakaskysely")
    data = published_counts(demo_store, s, MIN)
    view = build_view(s, data, MIN, units=["ompelimo"])
    plain = plain_results(s, view, "fi", min_group=MIN)
    assert len(plain) == len(likert_ids(s))
    for p, r in zip(plain, [r for r in view.results if r.question.type == "likert"],
                    strict=True):
        assert p.suppressed == (r.n < MIN)
        if not p.suppressed:
            assert p.high == natural_frequency(r.share_high.k, r.n)
            assert sum(x for _, _, x in p.scale) == p.high[1]


# -- the languages of survey texts (an RTL page isolates them) -----------------------------


def test_survey_texts_carry_the_language_they_are_in(big_survey):
    """asiakaskysely has fi/sv/en texts; the app's 1–4 words have Arabic, a question's
    own words do not: in Arabic the text is Finnish (the default it falls back to) and
    the words Arabic or Finnish. ThemeLine's line is the sentence successes_and_
    improvements gives."""
    from analysis.plain import (
        question_text,
        question_text_language,
        scale_languages,
        theme_lines,
    )

    own = next(q for q in big_survey.questions if q.type == "likert" and q.scale)
    shared = next(q for q in big_survey.questions if q.type == "likert" and not q.scale)
    assert question_text_language(big_survey, own, "ar") == "fi"
    assert question_text_language(big_survey, own, "sv") == "sv"
    assert scale_languages(big_survey, own, "ar") == ("fi",) * 4
    assert scale_languages(big_survey, shared, "ar") == ("ar",) * 4
    counts = {q: {"1": 2, "2": 3, "3": 10, "4": 5} for q in likert_ids(big_survey)}
    counts[own.id] = {"1": 10, "2": 5, "3": 3, "4": 2}
    view = view_of(big_survey, counts)
    good, bad = theme_lines(big_survey, view, "ar")
    assert ([x.line for x in good], [x.line for x in bad]) == successes_and_improvements(
        big_survey, view, "ar")
    [weak] = [x for x in bad if x.text == question_text(big_survey, own, "ar")]
    assert weak.text_lang == "fi" and weak.words_langs == ("fi", "fi")
    assert (weak.x, weak.d) == (7, 10)  # 1–2 of 20: 10 - round_half_up(5 / 20 * 10)
    plain = {p.question.id: p for p in plain_results(big_survey, view, "ar")}
    assert plain[own.id].text_lang == "fi" and plain[own.id].scale_langs == ("fi",) * 4
    assert plain[own.id].words == tuple(
        w[:1].lower() + w[1:] for w in (big_survey.scale_words(own, "ar")[3],
                                          big_survey.scale_words(own, "ar")[4]))


# -- only clear themes (a fresh tester's findings) ----------------------------------------

NONE_SENTENCES = {
    "fi": ("Tällä kertaa mikään ei noussut selvästi esiin.",
           "Ei selvää parannettavaa: useimmat olivat tyytyväisiä kaikkeen."),
    "sv": ("Den här gången stack inget ut tydligt.",
           "Inget tydligt att förbättra: de flesta var nöjda med allt."),
    "en": ("This time nothing stood out clearly.",
           "Nothing clear to improve: most of you were happy with everything."),
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_theme_most_were_happy_with_is_nothing_to_improve(big_survey, lang):
    """8 / 10 happy everywhere: the weakest questions are still the weakest, but "2 / 10
    said not at all" is no theme to improve (IMPROVE_MIN: 3 in 10); the page says so."""
    from analysis.plain import IMPROVE_MIN, IMPROVE_NONE, SUCCESS_MIN, SUCCESS_NONE

    assert (IMPROVE_MIN, SUCCESS_MIN) == (Fraction(3, 10), Fraction(6, 10))
    assert (t(SUCCESS_NONE, lang), t(IMPROVE_NONE, lang)) == NONE_SENTENCES[lang]
    for sentence in NONE_SENTENCES[lang]:
        words, long_words = readability(sentence)
        assert words <= 15 and long_words <= 1, sentence
    ids = likert_ids(big_survey)
    view = view_of(big_survey, {q: {"1": 1, "2": 1, "3": 4 + i % 3, "4": 4 - i % 3}
                                for i, q in enumerate(ids)})
    good, bad = successes_and_improvements(big_survey, view, lang)
    assert bad == []
    assert len(good) == 3  # 8 / 10 said 3–4: clear successes
    # The same figures in the sentence the staff theme would have made: 2 / 10 of 1–2.
    weakest, _ = themes([r for r in view.results if r.question.type == "likert"], 3)
    assert weakest and all(r.share_low.k * 10 // r.share_low.n == 2 for r in weakest)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_themes_at_the_thresholds(big_survey, lang):
    """At the edges, as the sentence shows the share: 3 / 10 of 1–2 is a theme to
    improve, 2 / 10 is not; 6 / 10 of 3–4 a success, 5 / 10 not. 26 of 100 is "3 / 10"
    in the sentence, so it counts, 25 of 100 is "2 / 10"; a group under ten is held to
    the same share (2 / 6 is, 1 / 6 is not)."""
    ids = likert_ids(big_survey)

    def lists(counts_by_index):
        view = view_of(big_survey, {q: counts_by_index(i) for i, q in enumerate(ids)})
        good, bad = theme_lines(big_survey, view, lang)
        return [(x.x, x.d) for x in good], [(x.x, x.d) for x in bad]

    # Every question 5 / 10 happy: nothing is a success, all weakest are to improve.
    good, bad = lists(lambda i: {"1": 2, "2": 3, "3": 3, "4": 2})
    assert good == [] and bad == [(5, 10)] * 3
    # 6 / 10 and 7 / 10 happy (3 and 4 / 10 unhappy): both lists, each clear.
    good, bad = lists(lambda i: {"1": 1, "2": 2 + i % 2, "3": 4, "4": 3 - i % 2})
    assert good == [(7, 10)] * 3 and bad == [(4, 10)] * 3
    good, bad = lists(lambda i: {"2": 3, "3": 3, "4": 4} if i % 2 else {"2": 4, "3": 6})
    assert good == [(7, 10)] * 3 and bad == [(4, 10)] * 3
    # 3 / 10 and 2 / 10 unhappy: only the 3 / 10 ones are to improve.
    good, bad = lists(lambda i: {"2": 3, "3": 7} if i < 2 else {"2": 2, "4": 8})
    assert bad == [(3, 10)] * 2
    # 6 / 10 happy is a success, 5 / 10 is not.
    good, _ = lists(lambda i: {"2": 4, "3": 6} if i < 2 else {"2": 5, "4": 5})
    assert good == [(6, 10)] * 2
    # As the sentence shows it (10 less the rounded 3–4): 26 of 100 said 1–2 is
    # "3 / 10"; 25 of 100 is "2 / 10" (75 of 100 said 3–4: 8 / 10), not a theme.
    _, bad = lists(lambda i: {"1": 26, "4": 74} if i < 1 else {"1": 25, "4": 75})
    assert bad == [(3, 10)]
    # Six answers: 2 / 6 said 1–2 (a third) is a theme to improve, 1 / 6 is not.
    _, bad = lists(lambda i: {"1": 2, "3": 4} if i < 1 else {"1": 1, "3": 5})
    assert bad == [(2, 6)]


def test_an_rtl_theme_line_isolates_the_survey_text(big_survey):
    """ThemeLine.line (a read-aloud button's name and tooltip): in Arabic the Finnish
    question text is isolated (U+2068 … U+2069), so "9 من 10" does not run into it."""
    counts = {q: {"1": 4, "2": 4, "3": 1, "4": 1} for q in likert_ids(big_survey)}
    counts[likert_ids(big_survey)[0]] = {"3": 1, "4": 9}
    view = view_of(big_survey, counts)
    good, bad = theme_lines(big_survey, view, "ar")
    assert good and bad
    for item in good + bad:
        assert item.text_lang == "fi"
        assert item.line.startswith("\u2068" + item.text.strip())
        assert item.line.index("\u2069") < item.line.index(item.sentence)
    fi_good, _ = theme_lines(big_survey, view, "fi")
    assert "\u2068" not in fi_good[0].line


# -- plain_view: the fraction on one line, empty theme lists, you said we did -------------


@pytest.mark.parametrize(("lang", "frac"), [
    ("fi", "9 / 10"), ("sv", "9 av 10"), ("en", "9 out of 10"),
    ("ar", "\u20689\u2069 من \u206810\u2069")])
def test_the_fraction_is_one_unbroken_span(lang, frac):
    """"9 / 10" never breaks as "9 /" and "10 teistä": one span with white-space:
    nowrap; its text is the sentence's own (screen readers read it as before)."""
    from raati.plain_view import PAGE_CSS, sentence_html

    out = sentence_html(lang, 9, 10, ("melko hyvin", "hyvin"), ("fi", "fi"))
    assert f'<span class="raati-plain-frac">{frac}</span>' in out
    assert re.search(r"\.raati-plain-frac \{ white-space: nowrap; \}", PAGE_CSS)
    text = re.sub(r"<[^>]+>", "", out).replace("\u2068", "").replace("\u2069", "")
    assert text == t("plain_sentence", lang, x=9, d=10, a="melko hyvin", b="hyvin").replace(
        "\u2068", "").replace("\u2069", "")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_an_empty_theme_list_says_so_in_one_sentence(lang):
    from analysis.plain import IMPROVE_NONE, SUCCESS_NONE
    from raati.plain_view import themes_html

    assert themes_html(IMPROVE_HEADING, [], lang, good=False) == ""
    out = themes_html(IMPROVE_HEADING, [], lang, good=False, empty_key=IMPROVE_NONE)
    assert f"<h2>{t(IMPROVE_HEADING, lang)}</h2>" in out
    assert f'<p class="raati-plain-none">{NONE_SENTENCES[lang][1]}</p>' in out
    assert "<ul>" not in out
    out = themes_html(SUCCESS_HEADING, [], lang, good=True, empty_key=SUCCESS_NONE)
    assert NONE_SENTENCES[lang][0] in out and "raati-plain-themes-good" in out


def test_actions_show_what_you_said_and_what_we_did():
    """A marked theme's action as "you said, we did" (raati.said_did's card words): the
    status, what clients said and what was done, escaped and isolated as Finnish."""
    from types import SimpleNamespace

    from raati.plain_view import actions_html

    action = SimpleNamespace(said="Tauot ovat <lyhyitä>.", did="Tauko on 20 min.",
                             status="done")
    out = actions_html([action], "sv")
    assert (f'<strong>{t("said_did_you_said", "sv")}</strong> <bdi lang="fi">Tauot ovat '
            f'&lt;lyhyitä&gt;.</bdi>') in out
    assert (f'<strong>{t("said_did_we_done", "sv")}</strong> <bdi lang="fi">Tauko on 20 '
            f'min.</bdi>') in out
    assert t("said_did_status", "sv", status=t("action_status_done", "sv")) in out
    assert "<lyhyitä>" not in out
    assert actions_html([], "fi") == ""
