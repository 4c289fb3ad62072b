"""Plain-language hints while staff write a survey (issue 15, part 3): for each text
(question text, its "easy" text, option labels, the intro) :func:`measure` gives the
sentence and word lengths shown beside it, and :func:`hints` flags what plain language
warns against. Hints are advice, never blocks: every rule here is a heuristic on the
words of the text, without a dictionary or a parser, and may be wrong both ways.

Rules and sources:

- **Short sentences** (``long_sentence``): a sentence of more than 15 words. Selkokeskus
  (Finnish plain language centre, selkokielen mittari / Selkomittari): short sentences,
  one thing in a sentence; the project's limit is 15 words (analysis.plain.MAX_WORDS).
- **Short, common words** (``long_word``): a word of 13 or more letters
  (analysis.plain.LONG_WORD); in Finnish these are mostly long compounds
  ("työllistymismahdollisuudet", "kuntoutussuunnitelma"). Selkokeskus: common, short
  words; plainlanguage.gov: "use short, simple words"; Klarspråk (Språkrådet,
  Institutet för språk och folkminnen): "skriv korta ord och meningar".
- **Active voice** (``passive``): Selkokeskus: say who does what, avoid the passive;
  plainlanguage.gov and Klarspråk say the same. Finnish: the present passive
  ("tehdään", "suunnitellaan", "mennään", "voidaan"), the past passive ("tehtiin",
  "kuunneltiin", "saatiin"), each also with the question clitic -ko/-kö, and
  "on / oli / ei ole ... + -ttu/-tty/-tu/-ty" ("on tehty", "ei ole kuunneltu").
  Swedish: the past s-passive "-ades/-des/-tes" ("planerades", "gjordes"), not the
  deponent verbs ("lyckades", "kändes", "trivdes"). Not detected (too many look-alike
  forms for a rule without a dictionary): Finnish "-staan"/"-ltaan"/"-ntaan" passives
  ("pestään"), "-illaan" passives ("kokeillaan", like "kavereillaan"), the negative passive ("ei tehdä"), the Swedish present "-s" passive
  ("görs", "planeras") and the "bli + participle" passive, English passives.
- **One thing at a time** (``two_questions``): two asks in one text (Selkokeskus: one
  question asks one thing; plainlanguage.gov; Klarspråk). Found when the text has more
  than one question mark, or when "ja"/"tai" (sv "och"/"eller", en "and"/"or") in a
  question is followed by a second ask: in Finnish a word with the question clitic
  -ko/-kö ("saitko") anywhere after it or a question word ("miten") right after it; in
  Swedish and English a question word right after it, or a verb followed by its subject
  ("och fick du", "and did you"). "Saitko apua ja tukea?" asks one thing (no hint).
- **Positive wording** (``negation``): a negation word ("ei", "en", "ilman"; sv "inte",
  "aldrig"; en "not", "don't", "never"). Selkokeskus: say things positively, negations
  (double ones above all) are hard to read. A whole text that is a usual answer label
  ("Ei", "En osaa sanoa", "Not at all") gets no such hint: a "no" option is not negative
  wording.
- **A yes/no question on a 1–4 scale** (``yes_no_on_scale``, likert questions only):
  a sentence that starts with a yes/no question word (fi a verb with -ko/-kö: "Onko",
  "Saitko", "Kuunneltiinko"; sv a verb first: "Är", "Fick", "Kan"; en "Is", "Did",
  "Can"...). A "how well" scale needs a statement or a "Kuinka hyvin…" / "Miten…"
  question (the four points of the scale are degrees, not yes and no).

Hints for other languages than fi, sv and en: long sentences and long words, and more
than one question mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.plain import _SENTENCE_END, _WORD, LONG_WORD, MAX_WORDS
from raati.i18n import t

# In the order hints() lists them.
HINT_KINDS = ("long_sentence", "long_word", "passive", "two_questions", "negation",
              "yes_no_on_scale")

_VOWELS = "aeiouyäö"
# Finnish diphthongs (two vowels in one syllable); any other two different vowels are
# two syllables ("ha-e-taan", "lu-e-taan").
_DIPHTHONGS = frozenset({"ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou",
                         "ey", "iy", "äy", "öy", "ie", "uo", "yö"})
_FI_CLITICS = ("kö", "ko", "kin", "hän", "han")

# Present passive endings with t/d/n/l/r + aan/ään. "-Vtaan" needs 3 or more syllables:
# two-syllable words like "sotaan", "työtään", "maataan" are illatives or possessive
# partitives. "-llaan" only after consonant + e (kuunnellaan, suunnitellaan): after a
# long vowel or a/o/u it is an adessive with a possessive ("tavallaan", "perheellään").
_FI_PRESENT = re.compile(
    r"(?:[aeiouyäö]{2}daan|[aeiouyäö]{2}dään|hdaan|hdään|nnaan|nnään|rraan|rrään"
    r"|[^aeiouyäö]ell(?:aan|ään)|^(?:oll|tull)aan)$")
_FI_PRESENT_T = re.compile(r"[aeiouyäö]t(?:aan|ään)$")
# Past passive: "-ttiin" (3+ syllables: "nettiin", "korttiin" are illatives), or "-tiin"
# after a long vowel / diphthong ("saatiin", "käytiin") or after l, n, r, s, h
# ("kuunneltiin", "mentiin", "tehtiin"); "kotiin" (short vowel + tiin) is not.
_FI_PAST_TT = re.compile(r"ttiin$")
_FI_PAST_T = re.compile(r"(?:[aeiouyäö]{2}|[lnrsh])tiin$")
# Passive past participle after on / oli / ei ole: "tehty", "kuunneltu", "saatu".
_FI_PARTICIPLE = re.compile(r"(?:tt|[^aeiouyäö]t|[aeiouyäö]{2}t)[uy]$")
_FI_AUX = frozenset({"on", "oli", "ole", "olisi", "onko", "oliko", "olisiko", "ollut", "ei",
                    "eikö", "eikä"})
# Common words these endings would wrongly catch.
_FI_NOT_PASSIVE = frozenset({
    "mielellään", "itsellään", "kädellään", "kielellään", "nimellään", "hetkellään",
    "lapsellaan", "veljellään", "kanadaan", "pakettiin", "tablettiin", "konserttiin",
    "kasettiin", "toalettiin", "kabinettiin", "tuntiin", "kuntiin", "lehtiin", "tekstiin",
    "testiin", "postiin", "tuttu", "tutut", "laatu",
})
_FI_NOT_PASSIVE_ENDINGS = ("linnaan",)

# Swedish past s-passive; deponent verbs (active meaning) are left out.
_SV_PAST_PASSIVE = re.compile(r"(?:ades|[^aeiouyåäö]des|[^aeiouyåäö]tes)$")
_SV_DEPONENTS = frozenset({
    "lyckades", "hoppades", "andades", "låtsades", "brottades", "träffades", "samlades",
    "kändes", "trivdes", "skämdes", "syntes", "möttes", "kräktes", "fanns", "minns",
})

_CONJUNCTIONS = {"fi": {"ja", "tai"}, "sv": {"och", "eller"}, "en": {"and", "or"}}
_QUESTION_WORDS = {
    "fi": {"mitä", "mikä", "mitkä", "miten", "kuinka", "miksi", "missä", "mistä", "mihin",
           "milloin", "kuka", "ketkä", "kenen", "kenelle", "kenet", "keneltä", "keitä",
           "millainen", "millaista", "millaisia", "minkälainen", "minkä", "montako",
           "paljonko"},
    "sv": {"hur", "vad", "varför", "när", "var", "vem", "vilken", "vilket", "vilka",
           "vart", "varifrån"},
    "en": {"how", "what", "why", "when", "where", "who", "whom", "which", "whose"},
}
# Words that may stand before a subject without being a verb ("och om du", "och sedan du").
_SV_NOT_VERBS = frozenset({"som", "att", "om", "då", "sedan", "eftersom", "innan", "medan",
                           "så", "än", "för", "och", "eller", "men", "fast", "tills"})
_SV_SUBJECTS = frozenset({"du", "ni", "det", "man", "de", "han", "hon", "vi", "jag",
                          "den", "detta", "personalen"})
_EN_AUX = frozenset({"is", "are", "was", "were", "do", "does", "did", "have", "has", "had",
                     "can", "could", "will", "would", "should", "shall", "may", "might",
                     "am"})
_EN_SUBJECTS = frozenset({"you", "it", "i", "we", "they", "he", "she", "the", "there",
                          "this", "that", "your", "my", "our", "staff"})
_SV_YES_NO_VERBS = frozenset({
    "är", "har", "hade", "fick", "får", "kan", "kunde", "känner", "kände", "vill", "ville",
    "ska", "skulle", "blev", "blir", "tycker", "tyckte", "trivs", "trivdes", "finns",
    "fanns", "gör", "gjorde", "brukar", "upplever", "upplevde", "behöver", "behövde",
    "hjälpte", "lyssnade", "tror", "känns", "kändes",
})
# Finnish -ko/-kö words that are not the question clitic (nouns, "koko").
_FI_NOT_CLITIC = frozenset({"koko", "jako", "teko", "pako", "loko", "tiko", "kuokko",
                            "montako", "paljonko"})

_NEGATIONS = {
    "fi": {"ei", "en", "et", "emme", "ette", "eivät", "älä", "älkää", "ilman", "eikä",
           "enkä", "etkä", "emmekä", "ettekä", "eivätkä", "eikö", "enkö", "etkö",
           "eivätkö", "ellei", "elleivät"},
    "sv": {"inte", "ej", "aldrig", "ingen", "inget", "inga", "ingenting", "ingenstans",
           "icke"},
    "en": {"not", "never", "no", "none", "nobody", "nothing", "neither", "nor", "cannot",
           "nowhere"},
}
# Whole texts that are usual answer labels, not negative wording.
_ANSWER_LABELS = frozenset({
    "ei", "en", "en osaa sanoa", "en tiedä", "ei lainkaan", "ei juurikaan", "ei koskaan",
    "nej", "jag vet inte", "vet inte", "inte alls", "knappast", "aldrig",
    "no", "i don't know", "i don’t know", "don't know", "not at all", "never", "none",
})


@dataclass(frozen=True)
class Hint:
    """One plain-language hint on a text.

    ``kind``: one of :data:`HINT_KINDS`. ``words``: the words of the text the hint is
    about, as written: the long words, the passive verbs, the negation words, the
    conjunction and the second ask ("ja", "saitko"), the first word of a yes/no question,
    every word of the longest sentence for ``long_sentence`` (its count is the length);
    may be empty (two question marks). The message is made by :func:`hint_message`."""

    kind: str
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextMeasure:
    """Lengths of one text: ``sentences`` (count), ``longest_sentence`` (words in the
    longest one), ``long_words`` (words of 13+ letters), ``longest_word`` (letters)."""

    sentences: int
    longest_sentence: int
    long_words: int
    longest_word: int


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _sentences(text: str) -> list[str]:
    # The same sentences as analysis.plain.readability.
    return [s for s in _SENTENCE_END.split(text or "") if s.strip()]


def measure(text: str) -> TextMeasure:
    """The lengths of ``text`` shown beside it while writing: sentences and words split as
    analysis.plain.readability does (sentences end at . ! ? … ؟ before a space, and at
    line breaks; a word is a run of letters or digits with inner hyphens or apostrophes),
    so (longest_sentence, long_words) == readability(text). Empty text: all zeros."""
    sentences = _sentences(text)
    words = _WORD.findall(text or "")
    return TextMeasure(
        sentences=len(sentences),
        longest_sentence=max((len(_WORD.findall(s)) for s in sentences), default=0),
        long_words=sum(1 for w in words if _letters(w) >= LONG_WORD),
        longest_word=max((_letters(w) for w in words), default=0),
    )


def _syllables(word: str) -> int:
    """Finnish syllables, roughly: vowel groups, a long vowel or diphthong being one."""
    count = 0
    for run in re.findall(f"[{_VOWELS}]+", word):
        i = 0
        while i < len(run):
            pair = run[i:i + 2]
            i += 2 if len(pair) == 2 and (pair[0] == pair[1] or pair in _DIPHTHONGS) else 1
            count += 1
    return count


def _fi_passive_form(word: str) -> bool:
    """Is ``word`` (lower case) a finite Finnish passive by its ending (heuristic)?"""
    forms = [word] + [word[: -len(c)] for c in _FI_CLITICS
                      if word.endswith(c) and len(word) > len(c) + 3]
    for w in forms:
        if w in _FI_NOT_PASSIVE or w.endswith(_FI_NOT_PASSIVE_ENDINGS):
            continue
        if _FI_PRESENT.search(w) or _FI_PAST_T.search(w):
            return True
        if (_FI_PRESENT_T.search(w) or _FI_PAST_TT.search(w)) and _syllables(w) >= 3:
            return True
    return False


def _passive(tokens: list[str], lang: str) -> list[str]:
    found: list[str] = []
    low = [w.lower() for w in tokens]
    for i, w in enumerate(low):
        if lang == "fi":
            hit = _fi_passive_form(w)
            if not hit and w not in _FI_NOT_PASSIVE and _FI_PARTICIPLE.search(w):
                # "on tehty", "oli jo tehty", "ei ole kuunneltu": an auxiliary just before.
                hit = any(v in _FI_AUX for v in low[max(0, i - 2):i])
        elif lang == "sv":
            hit = len(w) >= 6 and w not in _SV_DEPONENTS and bool(_SV_PAST_PASSIVE.search(w))
        else:
            hit = False
        if hit and tokens[i] not in found:
            found.append(tokens[i])
    return found


def _fi_clitic_question(word: str) -> bool:
    """A Finnish word with the question clitic -ko/-kö ("onko", "saitko")."""
    w = word.lower()
    return (w.endswith(("ko", "kö")) and not w.endswith(("kko", "kkö")) and len(w) >= 4
            and w not in _FI_NOT_CLITIC)


def _starts_ask(words: list[str], lang: str) -> bool:
    """Do ``words`` (lower case, a clause's start) begin a question of their own?"""
    if not words:
        return False
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in _QUESTION_WORDS[lang]:
        return True
    if lang == "fi":
        return _fi_clitic_question(first)
    if lang == "sv":
        return second in _SV_SUBJECTS and first not in _SV_NOT_VERBS and first not in _SV_SUBJECTS
    return first in _EN_AUX and second in _EN_SUBJECTS


def _two_questions(text: str, lang: str) -> tuple[str, ...] | None:
    if text.count("?") + text.count("؟") > 1:
        return ()
    if lang not in _CONJUNCTIONS:
        return None
    for sentence in _sentences(text):
        matches = list(_WORD.finditer(sentence))
        words = [m.group() for m in matches]
        low = [w.lower() for w in words]
        is_question = sentence.rstrip().endswith("?")
        for i, w in enumerate(low):
            if w not in _CONJUNCTIONS[lang] or i == 0:
                continue
            before = low[:i]
            asks_before = is_question or any(
                v in _QUESTION_WORDS[lang] or (lang == "fi" and _fi_clitic_question(v))
                for v in before)
            if not asks_before:
                continue
            rest = low[i + 1:]
            if _starts_ask(rest, lang):
                return words[i], words[i + 1]
            if lang == "fi":
                for j, v in enumerate(rest, start=i + 1):
                    # a relative clause after a comma ("…, jota") is not a second ask
                    comma = "," in sentence[matches[j - 1].end():matches[j].start()]
                    if _fi_clitic_question(v) and not comma:
                        return words[i], words[j]
    return None


def _negations(tokens: list[str], lang: str) -> list[str]:
    if lang not in _NEGATIONS:
        return []
    label = " ".join(w.lower() for w in tokens)
    if label in _ANSWER_LABELS:
        return []
    found: list[str] = []
    for w in tokens:
        low = w.lower().replace("’", "'")
        if low in _NEGATIONS[lang] or (lang == "en" and low.endswith("n't")):
            if w not in found:
                found.append(w)
    return found


def _yes_no(text: str, lang: str) -> str | None:
    if lang not in _QUESTION_WORDS:
        return None
    for sentence in _sentences(text):
        words = _WORD.findall(sentence)  # skips leading quotes and punctuation
        if not words:
            continue
        low = [w.lower() for w in words]
        first = low[0]
        # sv "var" is "where" or "was": "Var det bra?" is a yes/no question
        verb_var = lang == "sv" and first == "var" and len(low) > 1 and low[1] in _SV_SUBJECTS
        if first in _QUESTION_WORDS[lang] and not verb_var:
            continue
        if lang == "fi":
            hit = _fi_clitic_question(first)
        elif lang == "sv":
            hit = first in _SV_YES_NO_VERBS or (
                sentence.rstrip().endswith("?") and len(low) > 1 and low[1] in _SV_SUBJECTS
                and first not in _SV_SUBJECTS and first not in _SV_NOT_VERBS)
        else:
            hit = first in _EN_AUX and (len(low) == 1 or low[1] != "not")
        if hit:
            return words[0]
    return None


def hints(text: str, lang: str = "fi", *, question_type: str | None = None) -> list[Hint]:
    """Plain-language hints on ``text`` written in ``lang`` ("fi", "sv", "en"; a regional
    tag like "fi-FI" counts as "fi"; other languages get the language-free hints only),
    in the order of :data:`HINT_KINDS`, at most one of each kind; [] for an empty text.
    ``question_type`` is the survey question's type ("likert", "choice", ...; None for
    an intro or an option label): ``yes_no_on_scale`` is only for "likert".

    Heuristics (see the module docstring for each rule and its source): a hint is advice
    for the writer, never a reason to refuse a text. Never raises for any string."""
    text = text or ""
    lang = (lang or "").split("-")[0].lower()
    tokens = _WORD.findall(text)
    if not tokens:
        return []
    out: list[Hint] = []
    longest: list[str] = []
    for sentence in _sentences(text):
        words = _WORD.findall(sentence)
        if len(words) > len(longest):
            longest = words
    if len(longest) > MAX_WORDS:
        out.append(Hint("long_sentence", tuple(longest)))
    long_words = list(dict.fromkeys(w for w in tokens if _letters(w) >= LONG_WORD))
    if long_words:
        out.append(Hint("long_word", tuple(long_words)))
    passive = _passive(tokens, lang)
    if passive:
        out.append(Hint("passive", tuple(passive)))
    two = _two_questions(text, lang)
    if two is not None:
        out.append(Hint("two_questions", two))
    negations = _negations(tokens, lang)
    if negations:
        out.append(Hint("negation", tuple(negations)))
    if question_type == "likert":
        first = _yes_no(text, lang)
        if first:
            out.append(Hint("yes_no_on_scale", (first,)))
    return out


MAX_SHOWN_WORD = 40  # letters of one word quoted in a hint (a pasted 500-letter word)


def hint_message(hint: Hint, ui_lang: str) -> str:
    """The advice of ``hint`` in the staff interface language ``ui_lang`` (raati.i18n
    key ``hint_<kind>``; fi, sv, en), with {words} = the hint's words joined by ", " and
    {n} = how many (for ``long_sentence`` the words in the sentence); a word longer
    than MAX_SHOWN_WORD letters is quoted cut, with "…".
    Raises ValueError for an unknown kind."""
    if hint.kind not in HINT_KINDS:
        raise ValueError(f"hint_message: unknown hint kind {hint.kind!r}; "
                         f"expected one of {', '.join(HINT_KINDS)}")
    shown = [w if len(w) <= MAX_SHOWN_WORD else w[:MAX_SHOWN_WORD] + "…" for w in hint.words]
    return t(f"hint_{hint.kind}", ui_lang, n=len(hint.words), words=", ".join(shown))


def measure_message(m: TextMeasure, ui_lang: str) -> str:
    """The line shown beside a text: words in its longest sentence and letters in its
    longest word (raati.i18n key ``measure_line``), e.g. "8 sanaa pisimmässä virkkeessä ·
    pisin sana 12 kirjainta"."""
    return t("measure_line", ui_lang, n=m.longest_sentence, letters=m.longest_word)
