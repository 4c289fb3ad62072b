"""Free text of the answers: words, lemmas, stopwords, keyword counts, word clouds,
keyword in context, and the masking of personal data.

Languages are Finnish (``"fi"``), Swedish (``"sv"``) and English (``"en"``).

Lemmas come from simplemma in its low-memory mode (``DefaultStrategy(low_memory=True)``:
a front-coded dictionary decoded on demand, about 46 MB RSS for Finnish instead of about
345 MB, the same lemmas; engineering.md). One :class:`simplemma.Lemmatizer` per language
is built on first use and kept, with its cache of looked-up words. Finnish words of the
field (työvalmentaja, puupaja, metallipaja, asiakasraati, Kela, ...) come from Raati's
domain lexicon ``analysis/data/sanasto_fi.tsv`` before simplemma, and simplemma's
guesses that change a word beyond Finnish inflection are not taken (:func:`lemma`).
Keyword lists and word clouds leave out the stopwords of fi, sv, en and of the survey's
languages (:func:`keyword_stopwords`).

Personal data (product.md, "Privacy is the product"): :func:`find_personal_data` finds
personal identity codes, phone numbers, e-mail addresses, street addresses and names;
:func:`mask_personal_data` replaces them with ``[hetu]``, ``[puhelin]``,
``[sähköposti]``, ``[osoite]`` and ``[nimi]``. Masking is idempotent (masking masked text
changes nothing) and a span is always replaced whole. It is a safety net before a
moderator reads the text, not a guarantee: see the module's "Known limits" below.

Names are found with hand-compiled lists of common first names and surnames in Finland
(``analysis/data/etunimet.txt``, ``sukunimet.txt``) whose inflected forms are generated
at load time (Mikko -> Mikon, Mikolle, Mikkoa; Korhonen -> Korhosen, Korhoselle;
Niemi -> Niemen; Laine -> Laineen), and with two heuristics: a capitalised word right
after a role word (``ohjaaja Liisa``, ``työvalmentajamme Xyz``) and a capitalised word
inside a sentence that the dictionary does not know (``kiitos Zoltanille``). Words in
``analysis/data/sallitut_nimet.txt`` (Kela, Espoo, Puupaja, ...) and in ``allow`` are
never masked as names.

Known limits of the masking:

* A listed name that is also an everyday word (Toivo/toivon, Anna/annan, Tuuli/tuuli;
  ``nimet_yleissanoina.txt``) is masked only where it is clearly a name. Written in lower
  case it is never masked ("kova tuuli"); "!"-marked ones (Toivo, Anna, Kai and surnames
  such as Ranta, Koski) are not masked at the start of a sentence either, so "Toivo
  auttoi." keeps its name; inside a sentence, after a role word or before a surname
  they are masked ("kiitos Toivolle", "Toivo Korhonen").
* A name written in lower case is masked only in Finnish text and only if the form is
  not an everyday word (``kiitos mikolle`` is masked, ``päiville`` is not: it is also
  "to the days").
* A name in neither list is found only inside a sentence, capitalised, and unknown to
  simplemma's dictionary ("kiitos Zoltanille"); at the start of a sentence ("Zoltan
  auttoi") it is not. The same heuristic over-masks unknown places and brands inside a
  sentence ("Nuuksiossa" -> "[nimi]") unless they are in ``sallitut_nimet.txt`` or
  ``allow``. Towns that are also surnames (Lahti, Salo) are allowed only in place cases
  ("Lahdessa", "Salosta"); "Lahden" and "Salolle" are masked.
* A phone number must start with 0, + or 00 and have 7+ digits ("40 123 4567" and a
  number glued to other digits, "2024040 123 4567", are not found). A street address
  needs a street word (-katu, -tie, -kuja, ...) and a house number ("Asun
  Koivukujalla" alone is not masked).
* An identity code is masked when it has the shape and a real date, whatever its check
  character; an impossible date ("311399-1234") is taken for an ordinary number.
* Nicknames, initials ("M. K."), indirect identification ("the only woman in the
  metal workshop") are not detected: a moderator still reads every text.
* Names in scripts without capital letters (Arabic, Persian, Thai, Chinese) are found
  only when listed and written in Latin letters. Digits of any script (٠-٩, ۰-۹, ０-９)
  count as digits in phone numbers, identity codes and addresses (``plain_digits``).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
LANGS = ("fi", "sv", "en")

# Kinds of personal data, in priority order (an overlap of two kinds is masked as the
# first), and what each is replaced with.
MASKS: dict[str, str] = {
    "sähköposti": "[sähköposti]",
    "hetu": "[hetu]",
    "puhelin": "[puhelin]",
    "osoite": "[osoite]",
    "nimi": "[nimi]",
}
_PRIORITY = {kind: i for i, kind in enumerate(MASKS)}
_MASK_TOKEN_RE = re.compile("|".join(re.escape(token) for token in MASKS.values()))

# Colours for word clouds: each has a contrast ratio of at least 4.5:1 on white
# (WCAG 2.1 AA for normal text; checked in tests/test_text.py).
WORD_CLOUD_PALETTE: tuple[str, ...] = (
    "#1f4e79",  # dark blue
    "#8b1e3f",  # wine red
    "#1b5e20",  # dark green
    "#5b2a86",  # purple
    "#7a4100",  # brown
    "#00586b",  # teal
    "#333333",  # dark grey
)

# -- words ------------------------------------------------------------------------

_LETTERS = r"[^\W\d_]"
# A word: letters (å, ä, ö included), joined by hyphens or apostrophes
# (TE-toimisto, Anna-Liisa, don't). Digits split words and never make one.
_WORD_RE = re.compile(rf"{_LETTERS}+(?:[-'’]{_LETTERS}+)*")


def tokens(text: str) -> list[str]:
    """The words of ``text``, lowercased, in order.

    Words are runs of letters (å, ä, ö and other Unicode letters included); a hyphen or
    an apostrophe between letters keeps a compound together ("TE-toimisto" ->
    "te-toimisto"). Numbers and punctuation are not words, so digits-only tokens never
    appear.
    """
    return [m.group().lower() for m in _WORD_RE.finditer(text)]


def text_language(lang: str) -> str:
    """The language the text analysis uses for texts of a survey in ``lang``: fi, sv and
    en as themselves; any other language (ar, so, ru, ...) with Finnish rules, which
    leave its words as written (simplemma and the lexicon know no Arabic or Somali
    words) while its stopwords come through ``languages`` (keyword_stopwords).
    Never raises: a survey in any language has keywords and a word cloud."""
    return lang if lang in LANGS else "fi"


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


@functools.cache
def lemmatizer(lang: str):
    """The cached low-memory :class:`simplemma.Lemmatizer` for ``lang``.

    simplemma 2.0 selects the memory-frugal dictionary backend with
    ``DefaultStrategy(low_memory=True)`` (its ``StreamDictionaryFactory``): the
    dictionary stays compressed in memory and is decoded per lookup.
    """
    from simplemma import Lemmatizer

    _check_lang(lang)
    return Lemmatizer(lemmatization_strategy=_strategy())


def lemma(word: str, lang: str = "fi") -> str:
    """The lemma (dictionary form) of ``word`` in ``lang``, lowercased.

    ``lemma("ohjaajan") == "ohjaaja"``, ``lemma("te-toimistossa") == "te-toimisto"``.
    A word simplemma does not know comes back lowercased as it is.

    Finnish goes through :func:`_fi_lemma`: Raati's domain lexicon
    (``analysis/data/sanasto_fi.tsv``: ``työvalmentajan`` -> ``"työvalmentaja"``,
    ``metallipajassa`` -> ``"metallipaja"``) overrides simplemma, and a simplemma guess
    that changes the word beyond Finnish inflection (``puupajassa`` -> "puupaika") is
    not taken. Raises ValueError for a language other than fi, sv, en.
    """
    _check_lang(lang)
    word = word.strip().lower()
    if not word:
        return word
    if lang == "fi":
        return _fi_lemma(word)
    return lemmatizer(lang).lemmatize(word, lang).lower()


# -- Finnish domain lexicon and the guard against simplemma's guesses -------------

_VOWELS = "aeiouyäö"
# Two vowels that make one syllable: long vowels and diphthongs (Finnish orthography).
_ONE_SYLLABLE = {v + v for v in _VOWELS} | {
    "ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "ou", "iu", "ey", "äy", "öy",
    "ie", "uo", "yö",
}
# Consonant gradation, strong -> weak, of the consonants before a word's last vowel
# (Finnish grammar, Iso suomen kielioppi § 41-44): the longest matching cluster wins.
_GRADATION = (
    ("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("mp", "mm"), ("lt", "ll"),
    ("nt", "nn"), ("rt", "rr"), ("ht", "hd"), ("uku", "uvu"), ("yky", "yvy"),
    ("ik", "j"), ("k", ""), ("p", "v"), ("t", "d"),
)
# Clusters that do not alternate: s+k/p/t, t+k, h+k/p (toimisto, keskus, matka).
_NO_GRADATION_RE = re.compile(r"(?:s[kpt]|tk|h[kp])$")


def _syllables(word: str) -> int:
    """Rough Finnish syllable count: vowel runs, split where two vowels are not a long
    vowel or a diphthong (keittiö: 3, paja: 2, valmentaja: 4)."""
    count = 0
    for run in re.findall(f"[{_VOWELS}]+", word):
        i = 0
        while i < len(run):
            i += 2 if run[i : i + 2] in _ONE_SYLLABLE else 1
            count += 1
    return count


def _weak(stem: str) -> str:
    """``stem`` (ending in a vowel) with its last consonant cluster in the weak grade
    (palkka -> palka, tauko -> tauo, raati -> raadi, toiminta -> toiminna, aika -> aja);
    unchanged when the cluster does not alternate (toimisto, paja, kahvila)."""
    m = re.search(f"([^{_VOWELS}]+)([{_VOWELS}]+)$", stem)
    if not m or len(m.group(2)) > 1:
        return stem
    head, cluster, vowel = stem[: m.start()], m.group(1), m.group(2)
    if _NO_GRADATION_RE.search(cluster) or not head:
        return stem
    for strong, weak in _GRADATION:
        if strong in ("uku", "yky"):
            if (head[-1:] + cluster + vowel).endswith(strong):
                return head[:-1] + weak[:-1] + vowel
            continue
        if strong == "ik":
            if cluster == "k" and head.endswith("i") and len(head) >= 2 and head[-2] in _VOWELS:
                return head[:-1] + "j" + vowel  # aika -> ajan, poika -> pojan
            continue
        if cluster.endswith(strong):
            if len(strong) == 1 and (len(cluster) > 1 or head[-1] not in _VOWELS):
                continue  # single k/p/t alternates only after a vowel
            return head + cluster[: -len(strong)] + weak + vowel
    return stem


def fi_noun_forms(word: str, *, grade: bool = True, plural: bool = True) -> dict[str, set[str]]:
    """The case forms of a Finnish noun or adjective ``word`` (lowercase, ending in a
    vowel, or in -us / -nen), by case name.

    Returns ``{case: {forms}}`` for "nominatiivi", "genetiivi", "partitiivi",
    "inessiivi", "elatiivi", "illatiivi", "adessiivi", "ablatiivi", "allatiivi",
    "essiivi", "translatiivi" and, with ``plural``, the same names with "_mon" (plural).
    ``fi_noun_forms("paja")["inessiivi"] == {"pajassa"}``,
    ``fi_noun_forms("valmentaja")["ablatiivi"] == {"valmentajalta"}``,
    ``fi_noun_forms("palkka")["genetiivi"] == {"palkan"}``.

    Rules (Iso suomen kielioppi; Kotus declension types 1-5, 9-10, 12, 39): vowel
    harmony by the word's vowels; consonant gradation (:func:`_weak`, off with
    ``grade=False`` for loanwords) in the closed-syllable cases; plural stems: -o/-u/-ö
    + i (tauoissa), 2-syllable -a + oi or, after o/u, -i (pajoissa, koirissa), -ja/-va
    and -ä + i (valmentajissa), 3+ syllable -la/-na/-ra + oi with -ita/-iden
    (kahviloissa, kahviloita), -i + ei (raadeissa), -us + ksi (valmennuksissa).
    Raises ValueError for a word these rules do not cover (a consonant other than
    -us/-nen at the end).
    """
    w = word.lower()
    back = any(v in w for v in "aou")
    a, o, u = ("a", "o", "u") if back else ("ä", "ö", "y")
    if w.endswith(("us", "ys")) and len(w) > 3:
        strong = weak = w[:-1] + "kse"  # valmennus -> valmennukse-
        part_stem = w
        ill = strong + "en"
        pl_strong = pl_weak = w[:-1] + "ksi"
        pl_gen = {w + "ten", pl_strong + "en"}
        pl_part = {pl_strong + a}
        pl_ill = {pl_strong + "in"}
        part = {part_stem + "t" + a}
    elif w.endswith("nen") and len(w) > 4:
        strong = weak = w[:-3] + "se"  # ihminen -> ihmise-
        ill = strong + "en"
        part = {w[:-3] + "st" + a}
        pl_strong = pl_weak = w[:-3] + "si"
        pl_gen = {w[:-3] + "sten", pl_strong + "en"}
        pl_part = {pl_strong + a}
        pl_ill = {pl_strong + "in"}
    elif w[-1:] in _VOWELS and len(w) >= 2:
        strong = w
        weak = _weak(w) if grade else w
        last = w[-1]
        two_vowels = w[-2] in _VOWELS and w[-2] != last
        part = {w + ("t" + a if two_vowels else a)}
        ill = w + last + "n"  # pajaan, raatiin, keittiöön
        syl = _syllables(w)
        first_vowel = re.search(f"[{_VOWELS}]", w).group()
        ita = False  # plural partitive -ita/-itä, genitive -iden/-iden
        if two_vowels:  # keittiö, radio
            pl, ita = w, True
        elif last in "ouyö":
            pl = w
            ita = syl >= 3
        elif last == "i":
            pl = w[:-1] + "e"
            ita = syl >= 3
        elif last in "aä":
            if syl <= 2 and last == "a" and first_vowel not in "ou":
                pl = w[:-1] + "o"  # paja -> pajo-, palkka -> palkko-
            elif syl >= 3 and re.search(f"[{_VOWELS}][lnr]a$", w):
                pl, ita = w[:-1] + "o", True  # kahvila -> kahviloi-
            elif syl >= 3 and not re.search(f"[jv{_VOWELS}]{last}$", w) and last == "a":
                pl = w[:-1] + "o"  # toiminta -> toiminto-
            else:
                pl = w[:-1]  # valmentaja -> valmentaji-, koira -> koiri-, kylä -> kyli-
        else:  # -e (huone, perhe): weak-grade stems, not covered
            raise ValueError(f"no declension rule for {word!r}")
        pl_weak_base = (_weak(pl + (a if pl[-1] not in _VOWELS else "")) if grade else pl)
        if pl[-1] not in _VOWELS:
            pl_weak_base = pl_weak_base[:-1] if grade else pl
        pl_strong = pl + "i"
        pl_weak = pl_weak_base + "i"
        if pl[-1] in _VOWELS:
            pl_gen = {pl + "jen"} if not ita else {pl + "iden", pl + "itten"}
            pl_part = {pl + "j" + a} if not ita else {pl + "it" + a}
            if ita and last in "ouyö" and not two_vowels:  # toimistoja, toimistoita
                pl_gen |= {pl + "jen"}
                pl_part |= {pl + "j" + a}
            if last == "i":  # raatien, kaverien
                pl_gen = (pl_gen if ita else set()) | {w + "en"}
        else:
            pl_gen = {pl + "ien"}
            pl_part = {pl + "i" + a}
        pl_ill = {pl_strong + "hin"} if pl[-1] in _VOWELS else {pl + "iin"}
    else:
        raise ValueError(f"no declension rule for {word!r}")
    forms: dict[str, set[str]] = {
        "nominatiivi": {w},
        "genetiivi": {weak + "n"},
        "partitiivi": part,
        "inessiivi": {weak + "ss" + a},
        "elatiivi": {weak + "st" + a},
        "illatiivi": {ill},
        "adessiivi": {weak + "ll" + a},
        "ablatiivi": {weak + "lt" + a},
        "allatiivi": {weak + "lle"},
        "essiivi": {strong + "n" + a},
        "translatiivi": {weak + "ksi"},
    }
    if plural:
        forms |= {
            "nominatiivi_mon": {weak + "t"},
            "genetiivi_mon": pl_gen,
            "partitiivi_mon": pl_part,
            "inessiivi_mon": {pl_weak + "ss" + a},
            "elatiivi_mon": {pl_weak + "st" + a},
            "illatiivi_mon": pl_ill,
            "adessiivi_mon": {pl_weak + "ll" + a},
            "ablatiivi_mon": {pl_weak + "lt" + a},
            "allatiivi_mon": {pl_weak + "lle"},
            "essiivi_mon": {pl_strong + "n" + a},
            "translatiivi_mon": {pl_weak + "ksi"},
        }
    return forms


@dataclass(frozen=True)
class _Lexicon:
    forms: dict[str, str]  # form -> lemma, whole words (työvalmentajalta -> työvalmentaja)
    tails: dict[str, str]  # form -> lemma of words that may end a compound
    phrases: dict[tuple[str, ...], str]  # (kuntouttavassa, työtoiminnassa) -> lemma


# Clitics and possessive suffixes stripped before a lexicon lookup (ohjaajallekin,
# pajassamme, työvalmentajani); a genitive -n drops before a possessive (ohjaajiemme).
_LEX_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö")
_LEX_POSSESSIVES = ("nsa", "nsä", "mme", "nne", "ni", "si")


@functools.cache
def _lexicon() -> _Lexicon:
    """The Finnish domain lexicon ``analysis/data/sanasto_fi.tsv`` with its generated
    case forms (see that file's header for its columns and tags)."""
    forms: dict[str, str] = {}
    tails: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for line in _data_lines("sanasto_fi.tsv"):
        cols = line.split("\t")
        marked = cols[0].strip().lower()
        tags = set() if len(cols) < 2 or cols[1].strip() == "-" else set(cols[1].split(","))
        extra = cols[2].split() if len(cols) > 2 else []
        words = marked.split()
        per_word: list[dict[str, set[str]]] = []
        for word in words:
            head, _, last = word.rpartition("|")
            if "hand" in tags:
                cases = {"nominatiivi": {last}}
            else:
                cases = fi_noun_forms(
                    last, grade="nograd" not in tags, plural="name" not in tags
                )
            per_word.append({case: {head + f for f in fs} for case, fs in cases.items()})
        lemma_ = marked.replace("|", "")
        if len(words) > 1:
            for case, last_forms in per_word[-1].items():
                for combo in _product([pw.get(case, set()) for pw in per_word[:-1]]):
                    for f in last_forms:
                        phrases.setdefault((*combo, f), lemma_)
            continue
        all_forms = {f for fs in per_word[0].values() for f in fs} | {e.lower() for e in extra}
        for form in all_forms:
            forms.setdefault(form, lemma_)
            if "tail" in tags and "name" not in tags:
                tails.setdefault(form, lemma_)
    return _Lexicon(forms=forms, tails=tails, phrases=phrases)


def _product(sets: list[set[str]]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = [()]
    for options in sets:
        out = [(*done, o) for done in out for o in sorted(options)]
    return out


def _lex_candidates(word: str) -> list[str]:
    """``word`` and the forms it may be without a clitic and a possessive suffix."""
    out = [word]
    for w in list(out):
        for clitic in _LEX_CLITICS:
            if w.endswith(clitic) and len(w) - len(clitic) >= 3:
                out.append(w[: -len(clitic)])
    for w in list(out):
        for poss in _LEX_POSSESSIVES:
            if w.endswith(poss) and len(w) - len(poss) >= 3:
                out += [w[: -len(poss)], w[: -len(poss)] + "n"]
        if len(w) >= 5 and w[-1] == "n" and w[-2] == w[-3] and w[-2] in _VOWELS:
            out.append(w[:-2])  # pajassaan -> pajassa (3rd person possessive)
    return out


def domain_lemma(word: str) -> str | None:
    """The lemma of a Finnish ``word`` from Raati's domain lexicon
    (``analysis/data/sanasto_fi.tsv``), or None when the lexicon does not know it.

    A listed word in any generated case form, also with a clitic or a possessive suffix
    (``työvalmentajaltakin``, ``pajassamme``), gives its lemma; a compound whose last
    part is a form of a word tagged ``tail`` keeps its whole first part
    (``metallipajassa`` -> ``"metallipaja"``, ``yksilövalmentajalta`` ->
    ``"yksilövalmentaja"``). The compound is not split into parts.
    """
    w = word.strip().lower()
    lex = _lexicon()
    for cand in _lex_candidates(w):
        if cand in lex.forms:
            return lex.forms[cand]
    for cut in range(2, len(w) - 3):  # the longest known last part wins
        head, tail = w[:cut], w[cut:]
        if not re.search(f"[{_VOWELS}]", head):
            continue
        for cand in _lex_candidates(tail):
            if cand in lex.tails:
                return head + lex.tails[cand]
    return None


@functools.cache
def _dictionary_lookup():
    """simplemma's plain dictionary lookup on the same low-memory dictionaries: the
    lemma of a word only when the dictionary lists that very form (no guessing)."""
    from simplemma.strategies import DictionaryLookupStrategy
    from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY

    return DictionaryLookupStrategy(LOW_MEMORY_DICTIONARY_FACTORY)


def _attested(word: str, lang: str) -> str | None:
    """The dictionary's lemma of ``word`` when the dictionary lists the form itself."""
    found = _dictionary_lookup().get_lemma(word, lang)
    return found.lower() if found is not None else None


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _drops_a_part(word: str, found: str) -> bool:
    """True when ``found`` is ``word`` cut short by a whole word of 4+ letters
    (metallipaja -> "metalli", asiakasraati -> "asiakas"): a lost compound part, not
    an inflectional ending."""
    if not word.startswith(found) or word == found:
        return False
    rest = word[len(found) :].lstrip("-")
    return len(rest) >= 4 and _attested(rest, "fi") is not None


def _prefix_compatible(word: str, found: str) -> bool:
    """The guard on a lemma that simplemma GUESSED (by rules or by splitting the word).

    Finnish inflection changes only the end of a word's stem: the final vowel
    (kahvi/kahveja), consonant gradation in the last syllable (tauko/tauolla,
    palkka/palkan), -nen/-se-, -us/-ukse-, -i/-e- (Iso suomen kielioppi § 41-73). So a
    guessed lemma is taken when it keeps the word's beginning and differs from it only
    in its last three letters, and the word does not continue with a whole word of its
    own (:func:`_drops_a_part`). "työvalmentajan" -> "työvalmentaika" passes this test
    (aika/ajan is real gradation): such wrong splits are caught before, by
    :func:`_compound_lemma`.
    """
    k = _common_prefix(word, found)
    return k >= 2 and len(found) - k <= 3 and not _drops_a_part(word, found)


def _compound_lemma(word: str) -> str | None:
    """A compound's lemma as first part + the dictionary lemma of its last part.

    The longest last part (4+ letters) that the dictionary lists as a form, after a
    first part of 3+ letters that is itself a dictionary word, wins: "puupajassa" ->
    "puu" + "pajassa" -> "puupaja" (not "puup" + "ajassa" -> "puupaika"). The last
    part's lemma must be prefix-compatible with it (:func:`_prefix_compatible`).
    """
    for cut in range(3, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        found = _attested(tail, "fi")
        if found is None or _attested(head.rstrip("-"), "fi") is None:
            continue
        if found == tail or _prefix_compatible(tail, found):
            return head + found
    return None


@functools.lru_cache(maxsize=65536)
def _fi_lemma(word: str) -> str:
    """The Finnish lemma of a lowercase ``word``: the domain lexicon first
    (:func:`domain_lemma`), then simplemma's dictionary (when it lists the form and
    does not cut off a compound part), then a compound of dictionary words
    (:func:`_compound_lemma`), then simplemma's guess if it is prefix-compatible
    (:func:`_prefix_compatible`); otherwise the word itself."""
    found = domain_lemma(word)
    if found is not None:
        return found
    attested = _attested(word, "fi")
    if attested is not None and not _drops_a_part(word, attested):
        return attested
    found = _compound_lemma(word)
    if found is not None:
        return found
    guess = lemmatizer("fi").lemmatize(word, "fi").lower()
    if guess == word or _prefix_compatible(word, guess):
        return guess
    return word


# -- stopwords --------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a file in ``analysis/data``."""
    lines = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


@functools.cache
def stopwords(lang: str = "fi") -> frozenset[str]:
    """Words left out of keyword counts and word clouds in ``lang``.

    The stopwords-iso list (package ``stopwordsiso``) with Raati's changes from
    ``analysis/data/stopwords_<lang>.txt``: the setting itself ("kuntouttava",
    "työtoiminta") and colloquial forms added; praise and help words ("hyvä",
    "kiitos", "apu") taken out, so that a cloud is not tilted towards complaints.
    Negation ("ei") is a stopword here: it is kept in :func:`keyword_in_context`.
    """
    _check_lang(lang)
    added, removed = _stopword_changes(lang)
    return frozenset((_iso_stopwords(lang) | added) - removed)


def _iso_stopwords(code: str) -> set[str]:
    """The stopwords-iso list of language ``code`` (lowercased); empty for a language
    stopwords-iso does not have."""
    import stopwordsiso

    if not stopwordsiso.has_lang(code):
        return set()
    return {w.lower() for w in stopwordsiso.stopwords(code)}


@functools.cache
def _stopword_changes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """``(added, removed)`` words of ``analysis/data/stopwords_<lang>.txt``."""
    added, removed = set(), set()
    for line in _data_lines(f"stopwords_{lang}.txt"):
        if line.startswith("-"):
            removed.add(line[1:].lower())
        else:
            added.add(line.lower())
    return frozenset(added), frozenset(removed)


def _language_code(code: str) -> str:
    """"fi", "sv-FI", "pt_BR" -> "fi", "sv", "pt"."""
    return re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]


def keyword_stopwords(lang: str = "fi", languages: Iterable[str] = ()) -> frozenset[str]:
    """The stopwords left out of ``lang``'s keyword lists and word clouds: those of
    ``lang`` and of every other language people may have mixed in.

    That is :func:`stopwords` of ``lang``, of Finnish, Swedish and English always
    (clients mix languages: "with", "mer" must not reach a Finnish cloud) and of each
    code in ``languages`` (the survey's languages; "ar", "so", "ru", "sv-FI" ...; from
    stopwords-iso, package ``stopwordsiso``; a language it does not have adds nothing).
    ``lang``'s own stopwords always count; another language's stopword does not when
    one of fi/sv/en's ``stopwords_<lang>.txt`` files takes it out ("-hyvä", "-good",
    "-bra", and Finnish everyday words that other languages list: "-sade" (Swedish
    "sade"), "-home" (English "home") stay in a Finnish cloud).
    Raises ValueError when ``lang`` is not fi, sv or en.
    """
    _check_lang(lang)
    others = {_language_code(c) for c in (*LANGS, *languages)} - {lang, ""}
    return _keyword_stopwords(lang, tuple(sorted(others)))


@functools.cache
def _keyword_stopwords(lang: str, others: tuple[str, ...]) -> frozenset[str]:
    foreign: set[str] = set()
    for code in others:
        foreign |= stopwords(code) if code in LANGS else _iso_stopwords(code)
    for code in LANGS:
        foreign -= _stopword_changes(code)[1]
    return stopwords(lang) | frozenset(foreign)


# -- keywords ---------------------------------------------------------------------


def _strip_masks(text: str) -> str:
    """``text`` with mask tokens ([nimi], [puhelin], ...) replaced by spaces."""
    return _MASK_TOKEN_RE.sub(" ", text)


def _text_lemmas(text: str, lang: str, stop: frozenset[str]) -> list[str]:
    """Lemmas of the words of ``text`` that count as keywords, in order. A Finnish
    multi-word term of the domain lexicon ("kuntouttavassa työtoiminnassa") is one
    keyword, its lemma ("kuntouttava työtoiminta")."""
    out = []
    words = tokens(_strip_masks(text))
    phrases = _lexicon().phrases if lang == "fi" else {}
    skip = 0
    for i, token in enumerate(words):
        if skip:
            skip -= 1
            continue
        for size in {len(key) for key in phrases}:
            phrase = phrases.get(tuple(words[i : i + size]))
            if phrase is not None:
                skip = size - 1
                if phrase not in stop:
                    out.append(phrase)
                break
        else:
            phrase = None
        if phrase is not None:
            continue
        if len(token) < 2 or token in stop:
            continue
        lem = lemma(token, lang)
        if len(lem) < 2 or lem in stop:
            continue
        out.append(lem)
    return out


def keyword_counts(
    texts: Iterable[str],
    lang: str = "fi",
    top: int | None = 30,
    *,
    mask: bool = True,
    languages: Iterable[str] = (),
) -> list[tuple[str, int]]:
    """The most common keyword lemmas in ``texts`` with their counts, most common first.

    Counts are document frequencies: a lemma counts once per text however often that
    text repeats it, so one long answer cannot fill a word cloud ("ohjaajat",
    "ohjaajan" and "ohjaaja" in one answer count 1 for "ohjaaja").

    Left out: stopwords of ``lang``, of fi/sv/en and of the survey's ``languages``
    (:func:`keyword_stopwords`, checked for the word and its lemma), one-letter words,
    numbers and mask tokens such as ``[nimi]``. With ``mask`` (the default) personal
    data is masked first, so a name cannot become a keyword. Finnish lemmas come from
    :func:`lemma` (the domain lexicon first: "työvalmentajalta" counts for
    "työvalmentaja", "metallipajassa" for "metallipaja").
    Ties are ordered alphabetically; ``top=None`` returns all.
    Raises ValueError when ``lang`` is not fi, sv or en.
    """
    _check_lang(lang)
    stop = keyword_stopwords(lang, languages)
    counts: Counter[str] = Counter()
    for text in texts:
        if not text:
            continue
        if mask:
            text = mask_personal_data(text, lang=lang)
        counts.update(set(_text_lemmas(text, lang, stop)))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked if top is None else ranked[:top]


# -- word clouds ------------------------------------------------------------------


def _palette_colour(word: str, *_args, **_kwargs) -> str:
    """A palette colour for ``word``, always the same one for the same word."""
    return WORD_CLOUD_PALETTE[zlib.crc32(word.encode("utf-8")) % len(WORD_CLOUD_PALETTE)]


def _word_cloud(
    texts: Iterable[str],
    lang: str,
    width: int,
    height: int,
    max_words: int,
    languages: Iterable[str] = (),
):
    """A laid-out ``wordcloud.WordCloud``, or None when there are no keywords."""
    from wordcloud import WordCloud

    from raati.config import FONT_REGULAR

    counts = keyword_counts(texts, lang=lang, top=max_words, languages=languages)
    if not counts:
        return None
    cloud = WordCloud(
        font_path=str(FONT_REGULAR),
        width=width,
        height=height,
        background_color="white",
        color_func=_palette_colour,
        max_words=max_words,
        prefer_horizontal=0.9,
        random_state=7,  # the same answers give the same picture
        collocations=False,
    )
    return cloud.generate_from_frequencies(dict(counts))


def word_cloud_png(
    texts: Iterable[str],
    lang: str = "fi",
    width: int = 1200,
    height: int = 700,
    *,
    max_words: int = 100,
    languages: Iterable[str] = (),
) -> bytes | None:
    """A PNG word cloud of the keywords of ``texts``, or None if there are none.

    Word sizes follow :func:`keyword_counts` (document frequency, personal data masked,
    stopwords of ``lang``, fi/sv/en and the survey's ``languages`` left out; words as
    people wrote them, never split compounds: "metallipaja", not "metalli"). Drawn with
    the bundled DejaVu Sans (å, ä, ö) on white, in :data:`WORD_CLOUD_PALETTE` colours
    (each at least 4.5:1 contrast on white), the same layout every time for the same
    texts.
    """
    cloud = _word_cloud(texts, lang, width, height, max_words, languages)
    if cloud is None:
        return None
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def word_cloud_svg(
    texts: Iterable[str],
    lang: str = "fi",
    width: int = 1200,
    height: int = 700,
    *,
    max_words: int = 100,
    embed_font: bool = False,
    languages: Iterable[str] = (),
) -> str | None:
    """The word cloud of :func:`word_cloud_png` as SVG text, or None if no keywords.

    Without ``embed_font`` the SVG names the font ("DejaVu Sans") and a viewer without
    it uses a fallback font (so the layout may differ); with it a subset of the bundled
    font holding just the glyphs used is embedded as WOFF (a few KB). ``languages`` as
    in :func:`word_cloud_png`.
    """
    cloud = _word_cloud(texts, lang, width, height, max_words, languages)
    if cloud is None:
        return None
    return cloud.to_svg(embed_font=embed_font)


# -- keyword in context -----------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def keyword_in_context(
    texts: Iterable[str],
    keyword_lemma: str,
    lang: str = "fi",
    width: int = 40,
    *,
    mask: bool = True,
) -> list[tuple[str, str, str]]:
    """Every occurrence of a lemma in ``texts``, with its surroundings.

    Returns ``(left, word, right)`` triples in text order: ``word`` as written in the
    text ("Ohjaajat"), ``left``/``right`` at most ``width`` characters of text before
    and after it, cut at a word boundary, with whitespace runs shown as one space.
    Words match when their lemma equals ``keyword_lemma`` (compared lowercased), so
    "ohjaaja" finds "ohjaajan" and "Ohjaajat". Stopwords are NOT removed here: the
    context keeps negations ("ei ohjaajaa"). With ``mask`` (the default) personal data
    is masked first.
    """
    _check_lang(lang)
    target = keyword_lemma.strip().lower()
    if not target:
        return []
    hits = []
    for text in texts:
        if not text:
            continue
        if mask:
            text = mask_personal_data(text, lang=lang)
        for m in _WORD_RE.finditer(text):
            word = m.group()
            if word.lower() != target and lemma(word, lang) != target:
                continue
            start, end = m.span()
            left = text[max(0, start - width) : start]
            if start - width > 0 and not text[start - width - 1].isspace():
                left = re.sub(r"^\S*", "", left, count=1)  # no half word at the edge
            right = text[end : end + width]
            if end + width < len(text) and not text[end + width].isspace():
                right = re.sub(r"\S*$", "", right, count=1)
            hits.append((_squash(left).lstrip(), word, _squash(right).rstrip()))
    return hits


# -- personal data: patterns ------------------------------------------------------

_DANGLING_EMAIL_RE = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![^\W\d_])")

_EMAIL_RE = re.compile(
    r"[\w.+%-]+"
    r"(?:@|\s?[(\[{]\s?(?:at|ät)\s?[)\]}]\s?)"  # also "etunimi.sukunimi(at)espoo.fi"
    r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![^\W\d_])",
    re.IGNORECASE,
)

# Personal identity code: DDMMYY, century sign, individual number, check character.
_HETU_RE = re.compile(
    r"(?<!\d)(\d{2})(\d{2})(\d{2})([-+ABCDEFYXWVU\u2010\u2011\u2013\u2212])(\d{3})([A-Z]|\d(?!\d))",
    re.IGNORECASE,
)
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_HETU_CENTURY = {"+": 1800, "A": 2000, "B": 2000, "C": 2000, "D": 2000, "E": 2000, "F": 2000}


def hetu_check_char(digits9: str) -> str:
    """The check character of a personal identity code from its nine digits
    (DDMMYY + individual number): ``hetu_check_char("131052308") == "T"``."""
    return _HETU_CHECK[int(digits9) % 31]


# A phone number: 0, +CC or 00CC, then digits with single separators (space, hyphen)
# between; "(09)" area codes and "+358 (0)40" are allowed. Dots and slashes are not
# separators, so dates (01.02.2024) and times (klo 09.30) never match.
_PHONE_RE = re.compile(
    # letters may touch it ("puh0401234567"); a 0 or 00 start not inside other digits
    r"(?:\+\d{1,3}(?:[ \u00a0]?\(0\))?"
    r"|(?<![\d+])(?:00\d{1,3}(?:[ \u00a0]?\(0\))?|\(0\d{1,4}\)|0))"
    r"(?:[ \u00a0]?[-\u2013]?[ \u00a0]?\d){5,}"
    r"(?!\d)"
)

_STREET_ANY_CASE = (
    "katu kadu tie kuja polku polu väylä kaari kaare kaar raitti raiti bulevardi "
    "esplanadi kaarre kaartee kujanne kujantee gatan vägen gränd gränden stigen allén"
).split()
_STREET_CAPITALISED = (
    "tori aukio puisto ranta ranna mäki mäe mäke rinne rintee rinnet niitty niity "
    "kallio kangas kankaa harju piha portti porti torget backen"
).split()
_STREET_ENDINGS = (
    r"(?:|n|a|ä|ta|tä|ll[aeä]|lt[aä]|ss[aä]|st[aä]|n[aä]|ksi|[aeiouyäö]n|hen|seen)"
)
_STREET_WORD_RE = re.compile(
    rf"{_LETTERS}[\w-]+?(?P<stem>"
    + "|".join(sorted(_STREET_ANY_CASE + _STREET_CAPITALISED, key=len, reverse=True))
    + rf"){_STREET_ENDINGS}",
    re.IGNORECASE,
)
_UNITS = (
    r"km|m|min|h|kpl|kertaa|kerran|krt|€|e|eur|euroa|%|prosenttia|tuntia|tunnin|t|"
    r"vuotta|vuoden|v|päivää|päivän|pv|viikkoa|viikon|kk|kuukautta|minuuttia|sekuntia|"
    r"astetta|metriä|kilometriä|kg|kiloa|litraa|l|hlö|henkeä"
)
_HOUSE_NUMBER_RE = re.compile(
    r"[ \u00a0]+\d{1,4}(?![.,:]\d)(?!\d)"
    rf"(?![ \u00a0]*(?:{_UNITS})(?!\w))"
    r"(?:[ \u00a0]?[-\u2013][ \u00a0]?\d{1,4})?"  # 3-5
    r"(?:[ \u00a0]?[A-ZÅÄÖa-zåäö](?!\w))?"  # staircase: 12 B, 12B
    r"(?:[ \u00a0]?(?:as\.?|asunto|krs\.?)?[ \u00a0]?\d{1,4}(?![.,:]\d)(?!\d))?"  # flat
    r"(?::[a-zåäö]+)?"  # Kauppakatu 3:ssa
    r"(?:,?[ \u00a0]\d{5}(?:[ \u00a0]" + _LETTERS + r"+)?)?",  # , 00100 Helsinki
    re.IGNORECASE,
)

# -- personal data: names ---------------------------------------------------------

_V = "aeiouyäöå"
_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä", "ko", "kö")
# strong -> weak consonant gradation; the geminates are tried first
_GRADATION_CLUSTERS = (
    ("kk", "k"), ("pp", "p"), ("tt", "t"),
    ("nk", "ng"), ("mp", "mm"), ("nt", "nn"), ("lt", "ll"), ("rt", "rr"), ("ht", "hd"),
    ("rk", "r"), ("lk", "l"),
)
_GRADATION_SINGLE = (("k", ""), ("p", "v"), ("t", "d"))
# weak -> strong, for e-stems (Rinne -> Rinteen)
_REVERSE_GRADATION = (("nn", "nt"), ("ll", "lt"), ("rr", "rt"), ("mm", "mp"), ("ng", "nk"))


def _harmony(word: str) -> str:
    """'a' for back-vowel words (Korhonen), 'ä' for front-vowel ones (Mäkinen)."""
    for ch in reversed(word.lower()):
        if ch in "aou":
            return "a"
        if ch in "äöy":
            return "ä"
    return "ä"


def _weak_stems(stem: str, single: bool) -> set[str]:
    """``stem`` and its weak grades (Mikko -> Miko, Helsinki -> Helsingi, Aalto ->
    Aallo; with ``single`` also Mäke -> Mäe, Repo -> Revo, Satu -> Sadu)."""
    out = {stem}
    m = re.match(rf"^(.*?[{_V}])([^{_V}]+)([{_V}]+)$", stem, re.IGNORECASE)
    if not m:
        return out
    head, cluster, tail = m.groups()
    for strong, weak in _GRADATION_CLUSTERS:
        if cluster.lower().endswith(strong):
            out.add(head + cluster[: -len(strong)] + weak + tail)
            return out
    if single and len(cluster) == 1:
        for strong, weak in _GRADATION_SINGLE:
            if cluster.lower() == strong:
                out.add(head + weak + tail)
    return out


def _vowel_stem_forms(strong: str, weak: set[str], a: str) -> set[str]:
    """Singular case forms of a vowel stem (plus the plural nominative)."""
    forms = {strong, strong + a, strong + "n" + a}
    if len(strong) > 1 and strong[-2] in _V:
        # long vowel or diphthong: Mäenpäätä, Mäenpäähän, Espooseen, Kaita, Kaihin
        forms |= {strong + "t" + a, strong + "seen", strong + "h" + strong[-1] + "n"}
    forms.add(strong + strong[-1] + "n")  # illative: Mikkoon, Päiviin, Liisaan
    for w in weak | {strong}:
        forms |= {
            w + "n", w + "lle", w + "ll" + a, w + "lt" + a, w + "ss" + a, w + "st" + a,
            w + "ksi", w + "t",
        }
    return forms


def name_forms(name: str, surname: bool = False) -> set[str]:
    """Inflected forms of a personal or place name, lowercased, the name included.

    Over-generates a little (both grades for every ending), which is harmless for
    matching: ``"mikolle"``, ``"mikon"``, ``"mikkoa"`` are all in
    ``name_forms("Mikko")``; ``"korhoselle"`` in ``name_forms("Korhonen", True)``.
    ``surname`` also adds the old e-stems (Niemi -> Niemen, Laine -> Laineen) and
    single-consonant gradation (Mäki -> Mäen, Repo -> Revon).
    """
    n = name.strip().lower()
    if not n:
        return set()
    a = _harmony(n)
    forms = {n}
    if n.endswith("nen") and len(n) > 4:
        s = n[:-3] + "s"  # Korhonen -> Korhos-
        forms |= {
            s + "en", s + "t" + a, s + "elle", s + "ell" + a, s + "elt" + a, s + "ess" + a,
            s + "est" + a, s + "eksi", s + "en" + a, s + "een", s + "ett" + a,
            s + "et", s + "ten", s + "ien", s + "i" + a, s + "ille", s + "ill" + a,
            s + "ilt" + a, s + "iss" + a, s + "ist" + a, s + "iin", s + "in" + a, s + "iksi",
        }
        return forms
    if n[-1] in _V:
        forms |= _vowel_stem_forms(n, _weak_stems(n, single=surname), a)
        if surname and n.endswith("i") and len(n) > 3:
            # old e-stem: Niemi -> Niemen, Koski -> Kosken, Lahti -> Lahden, Mäki -> Mäen
            e = n[:-1] + "e"
            weak = _weak_stems(e, single=True)
            forms |= {e + a, e + "n" + a, e + "en"}
            for w in weak:
                forms |= {w + "n", w + "lle", w + "ll" + a, w + "lt" + a, w + "ss" + a,
                          w + "st" + a, w + "ksi", w + "t"}
            if n[-2] in "lrns":
                forms.add(n[:-1] + "t" + a)  # Saari -> Saarta, Kuusi -> Kuusta
        if surname and n.endswith("e") and len(n) > 3:
            # e-stem: Laine -> Laineen, Rinne -> Rinteen, Tampere -> Tampereella
            bases = {n[:-1]}
            for weak, strong in _REVERSE_GRADATION:
                if n[:-1].endswith(weak):
                    bases.add(n[:-1][: -len(weak)] + strong)
            forms.add(n + "tt" + a)
            for b in bases:
                ee = b + "ee"
                forms |= {ee + "n", ee + "lle", ee + "ll" + a, ee + "lt" + a, ee + "ss" + a,
                          ee + "st" + a, ee + "ksi", ee + "n" + a, ee + "t", ee + "seen"}
        return forms
    if re.search(rf"[{_V}]s$", n):
        # Elias -> Eliaksen, Eliasta; Tuomas -> Tuomakselle
        k = n[:-1] + "kse"
        forms |= {n + "t" + a, k + "n", k + "lle", k + "ll" + a, k + "lt" + a, k + "ss" + a,
                  k + "st" + a, k + "ksi", k + "n" + a, k + "en", k + "t"}
    # consonant ending: Joel -> Joelin, Joelia, Joelille; also colloquial Eliasin
    i = n + "i"
    forms |= {i + "n", i + a, i + "n" + a, i + "lle", i + "ll" + a, i + "lt" + a,
              i + "ss" + a, i + "st" + a, i + "ksi", i + "in", i + "t"}
    return forms


@dataclass(frozen=True)
class _Names:
    """Lookup tables for names, built once from ``analysis/data``."""

    forms: dict[str, str]  # lowercased form -> the (lowercased) name it is a form of
    first_forms: frozenset[str]  # forms of first names
    everyday: frozenset[str]  # forms that are everyday words in lower case
    everyday_initial: frozenset[str]  # ... and also capitalised at a sentence start
    allowed: frozenset[str]  # forms of sallitut_nimet.txt


def _read_name_file(name: str) -> list[tuple[str, list[str]]]:
    """``(name, extra forms)`` pairs of a name list (``Name: Form1 Form2``)."""
    out = []
    for line in _data_lines(name):
        base, _, extra = line.partition(":")
        out.append((base.strip(), extra.split()))
    return out


@functools.cache
def _names() -> _Names:
    forms: dict[str, str] = {}
    by_name: dict[str, set[str]] = {}
    first: set[str] = set()
    for filename, surname in (("etunimet.txt", False), ("sukunimet.txt", True)):
        for base, extra in _read_name_file(filename):
            generated = name_forms(base, surname=surname) | {e.lower() for e in extra}
            by_name.setdefault(base.lower(), set()).update(generated)
            for form in generated:
                forms.setdefault(form, base.lower())
            if not surname:
                first |= generated
    everyday: set[str] = set()
    everyday_initial: set[str] = set()
    for line in _data_lines("nimet_yleissanoina.txt"):
        word = line.split()[0].lower()
        initial = word.startswith("!")
        word = word.lstrip("!")
        if word.endswith("*"):
            found = by_name.get(word[:-1], set())
            if not found:
                raise ValueError(f"nimet_yleissanoina.txt: {word[:-1]!r} is in no name list")
        else:
            found = {word}
        everyday |= found
        if initial:
            everyday_initial |= found
    allowed: set[str] = set()
    for base, extra in _read_name_file("sallitut_nimet.txt"):
        allowed |= name_forms(base, surname=True) | {e.lower() for e in extra}
    return _Names(
        forms=forms,
        first_forms=frozenset(first),
        everyday=frozenset(everyday),
        everyday_initial=frozenset(everyday_initial),
        allowed=frozenset(allowed),
    )


def _name_of(word: str) -> tuple[str, str] | None:
    """``(form, name)`` when ``word`` (any case) is a form of a listed name, also with
    a clitic (Mikollekin, Liisahan)."""
    table = _names().forms
    w = word.lower()
    if w in table:
        return w, table[w]
    for clitic in _CLITICS:
        if w.endswith(clitic) and w[: -len(clitic)] in table:
            return w[: -len(clitic)], table[w[: -len(clitic)]]
    return None


@functools.cache
def _strategy():
    """The one low-memory simplemma strategy (shares simplemma's process-wide
    low-memory dictionary cache, so each language's dictionary is loaded once)."""
    from simplemma.strategies import DefaultStrategy

    return DefaultStrategy(low_memory=True)


@functools.lru_cache(maxsize=65536)
def _known_word(word: str, lang: str) -> bool:
    """True when ``word`` is a word of ``lang`` or of Finnish as far as simplemma's
    dictionary tells: a dictionary form, an inflected form whose lemma is in the
    dictionary (Kontulassa -> kontu), or a compound of two dictionary words of 4+
    letters each (Itäkeskuksessa is not, Kaisaniemessä is). simplemma's rules guess a
    lemma for anything with a Finnish ending (Zoltanille -> "zoltani"); such a guess
    only counts when the guessed lemma is itself in the dictionary."""
    strategy = _strategy()

    def member(token: str, code: str) -> bool:
        return strategy.is_dictionary_member(token, code) or strategy.is_dictionary_member(
            token.lower(), code
        )

    for code in dict.fromkeys((lang, "fi")):
        for candidate in (word, word.lower()):
            if member(candidate, code):
                return True
            found = strategy.get_lemma(candidate, code)
            if found is not None and found != candidate and member(found, code):
                return True
    low = word.lower()
    for cut in range(4, len(low) - 3):
        head, tail = low[:cut], low[cut:]
        if member(head, "fi"):
            found = strategy.get_lemma(tail, "fi")
            if member(tail, "fi") or (found is not None and member(found, "fi")):
                return True
    return False


_ROLE_RE = re.compile(
    r"^[\w-]*(?:ohjaaja|valmentaja|hoitaja|esimie|esihenkilö|pomo|sossu|johtaja|opettaja|"
    r"kouluttaja|kaveri|ystävä|terapeut|psykolog|lääkär|kuraattor|työntekijä|mestari|"
    r"virkailija|asiantuntija|koordinaattor|vetäjä|emäntä|isäntä|naapuri|harjoittelija|"
    r"opiskelija|kollega|tuttava)\w{0,8}$"
    r"|^(?:rouva|herra|neiti|tohtori|äiti|isä|veli|velje|sisko|sisar|serkku|mummo|mummi|"
    r"vaari|pappa|poika|tytär|tyttäre|vaimo|mies|miehe|puoliso|avopuoliso|tyttöystävä|"
    r"poikaystävä)\w{0,6}$",
    re.IGNORECASE,
)


def _is_titlecase(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _sentence_initial(text: str, start: int) -> bool:
    """True when the word at ``start`` begins a sentence, a line or the text."""
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“”„«»‘’(-–—*•":
        i -= 1
    if i < 0:
        return True
    ch = text[i]
    if ch in ".!?…:;\n\r":
        return True
    if ch == ")" and i > 0 and text[i - 1] in ":;=8":
        return True  # after a smiley
    return unicodedata.category(ch) == "So"  # after an emoji


_PLACE_CASE_RE = re.compile(r"(?:ss[aä]|st[aä]|([aeiouyäö])\1n|seen|h[aeiouyäö]n)$")


def _allowed(word: str, extra: frozenset[str]) -> bool:
    """True when ``word`` is an organisation, place or brand, not to be masked.

    A form that is also a form of a listed name (Lahti, Salo, Elisa) counts as the
    place only in the place cases (Lahdessa, Lahdesta, Lahteen): "Salolle" and "Lahden"
    may be a person and are masked."""
    w = word.lower()
    if w in extra:
        return True
    names = _names()
    if w not in names.allowed:
        return False
    return w not in names.forms or bool(_PLACE_CASE_RE.search(w))


@dataclass
class _Word:
    start: int
    end: int
    text: str
    initial: bool  # begins a sentence
    name: bool = False  # to be masked as a name
    first: bool = False  # a form of a listed first name


def _is_name_word(w: _Word, lang: str, allow: frozenset[str]) -> tuple[bool, bool]:
    """``(name, first name)`` for one word on its own (neighbours are looked at
    later). A hyphenated word is a name if any part is (Anna-Liisa, Liisa-ohjaaja)."""
    names = _names()
    if _allowed(w.text, allow):
        return False, False
    for k, part in enumerate(w.text.split("-")):
        if not part or _allowed(part, allow):
            continue
        initial = w.initial and k == 0
        hit = _name_of(part)
        if hit is not None:
            form = hit[0]
            if _is_titlecase(part):
                name = not initial or form not in names.everyday_initial
            else:  # lower case or ALL CAPS: "kiitos mikolle"
                name = lang == "fi" and len(form) >= 3 and form not in names.everyday
            if name:
                return True, form in names.first_forms
        elif (
            _is_titlecase(part)
            and not initial
            and len(part) >= 2
            and not _known_word(part, lang)
        ):
            return True, False  # a capitalised word inside a sentence, not a known word
    return False, False


def _name_spans(
    text: str, taken: list[tuple[int, int]], lang: str, allow: frozenset[str]
) -> list[tuple[int, int]]:
    """Spans of names in ``text`` outside the ``taken`` spans."""
    names = _names()
    words: list[_Word] = []
    pos = 0
    # words are read between the taken spans, so "308TMikolle" after a [hetu] is seen
    # as "Mikolle", as it will be once the code is masked
    for start, end in sorted(taken) + [(len(text), len(text))]:
        for m in _WORD_RE.finditer(text, pos, max(pos, start)):
            words.append(
                _Word(m.start(), m.end(), m.group(), _sentence_initial(text, m.start()))
            )
        pos = max(pos, end)
    for w in words:
        w.name, w.first = _is_name_word(w, lang, allow)

    def joined(i: int) -> bool:  # words[i] and words[i + 1] have only spaces between
        return i + 1 < len(words) and not text[words[i].end : words[i + 1].start].strip(
            " \u00a0\t"
        )

    for i in range(len(words) - 1):
        w, nxt = words[i], words[i + 1]
        if not joined(i) or not _is_titlecase(nxt.text) or _allowed(nxt.text, allow):
            continue
        if _ROLE_RE.match(w.text):
            nxt.name = True  # "ohjaaja Liisa", "sossu Kari", "työvalmentajamme Xyz"
        elif w.name and w.first:
            nxt.name = True  # "Liisa Kukkanen"
    for i in range(len(words) - 2, -1, -1):
        w, nxt = words[i], words[i + 1]
        if not w.name and nxt.name and joined(i) and _is_titlecase(w.text):
            hit = _name_of(w.text)
            if hit is not None and hit[0] in names.first_forms:
                w.name = True  # "Toivo Korhonen" at the start of a sentence
    spans: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        if not w.name:
            continue
        if spans and words[i - 1].name and joined(i - 1):
            spans[-1] = (spans[-1][0], w.end)  # "Liisa Korhonen" -> one [nimi]
        else:
            spans.append((w.start, w.end))
    return spans


# -- personal data: the public functions ------------------------------------------


# Bidi marks and isolates (LRM, RLM, ALM, LRE..RLO, LRI..PDI): phones put them around
# numbers in right-to-left text, where they are invisible.
_BIDI_MARKS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                        "\u2066\u2067\u2068\u2069")


def plain_digits(text: str) -> tuple[str, list[int]]:
    """``text`` as the number patterns read it, and where each of its characters came
    from: ``(plain, where)`` with ``text[where[i]]`` the source of ``plain[i]``.

    * a decimal digit of any script (Unicode category Nd, read with
      ``unicodedata.decimal``: Arabic-Indic ٠-٩, Persian ۰-۹, full-width ０-９,
      Devanagari ...) becomes its ASCII digit;
    * a full-width ASCII form (U+FF01-FF5E: ＋, －, （, Ａ) becomes its ASCII character
      and the ideographic space U+3000 a space: their NFKC forms, one character each;
    * bidi marks (:data:`_BIDI_MARKS`) are left out.

    Everything else is kept. ``plain_digits("٠٤٠")[0] == "040"``.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _BIDI_MARKS:
            continue
        if ch.isdecimal():
            ch = str(unicodedata.decimal(ch))
        elif "\uff01" <= ch <= "\uff5e":
            ch = chr(ord(ch) - 0xFEE0)
        elif ch == "\u3000":
            ch = " "
        out.append(ch)
        where.append(i)
    return "".join(out), where


def _valid_hetu_date(day: str, month: str, year: str, sign: str) -> bool:
    century = _HETU_CENTURY.get(sign.upper(), 1900)
    try:
        dt.date(century + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def find_personal_data(
    text: str, *, lang: str = "fi", allow: Iterable[str] = ()
) -> list[tuple[int, int, str]]:
    """Spans of personal data in ``text``: sorted, non-overlapping
    ``(start, end, kind)`` with ``kind`` one of :data:`MASKS` ("hetu", "puhelin",
    "sähköposti", "osoite", "nimi").

    * hetu: a personal identity code shape (DDMMYY, century sign ``+ - A B C D E F X Y
      W V U``, three digits, a check character) with a valid date. The check character
      is NOT required to be right: a mistyped code still identifies a person, and an
      ordinary number does not have this shape.
    * puhelin: a number starting with 0, +CC or 00CC with 7+ digits, spaces or hyphens
      between ("040 123 4567", "050-123 45 67", "+358 40 1234567", "(09) 123 4567").
    * sähköposti: an e-mail address, also written with "(at)".
    * osoite: a street word (Kauppakatu, Koivukujalla, Mannerheimintie) with a house
      number and optional staircase, flat and postcode ("Koivukujalla 5 B 12").
    * nimi: a listed first name or surname in any inflected form, a capitalised word
      after a role word ("ohjaaja Xyz"), a capitalised unknown word inside a sentence;
      neighbouring name words form one span ("Liisa Korhonen").

    Digits of any script (Arabic-Indic, Persian, full-width ...), full-width ＋ － Ａ and
    bidi marks inside a number are read through :func:`plain_digits`; the spans are
    positions in ``text`` as written.

    Where two findings overlap they become one span of the higher-priority kind, so no
    part of a finding is ever left showing. Words in ``allow`` (and in
    ``analysis/data/sallitut_nimet.txt``) are never names. ``lang`` is the language of
    the text, used to recognise ordinary capitalised words.
    """
    _check_lang(lang)
    allow_forms = frozenset(f for word in allow for f in name_forms(word, surname=True))
    found: list[tuple[int, int, str]] = []
    masks = [(m.start(), m.end()) for m in _MASK_TOKEN_RE.finditer(text)]

    def free(s: int, e: int) -> bool:
        return not any(ms < e and s < me for ms, me in masks)

    # E-mail, hetu, phone and address patterns read digits of every script as ASCII
    # (plain_digits); their spans are mapped back onto ``text``, which stays as written.
    plain, where = plain_digits(text)

    def span(s: int, e: int) -> tuple[int, int]:
        return where[s], where[e - 1] + 1

    for m in _EMAIL_RE.finditer(plain):
        if free(*span(*m.span())):
            found.append((*span(*m.span()), "sähköposti"))
    # The domain of an address glued to the one before it ("a@x.fib@y.fi").
    for m in _DANGLING_EMAIL_RE.finditer(plain):
        if free(*span(*m.span())):
            found.append((*span(*m.span()), "sähköposti"))
    for m in _HETU_RE.finditer(plain):
        day, month, year, sign = m.group(1), m.group(2), m.group(3), m.group(4)
        if _valid_hetu_date(day, month, year, sign) and free(*span(*m.span())):
            found.append((*span(*m.span()), "hetu"))
    for m in _PHONE_RE.finditer(plain):
        digits = re.sub(r"\D", "", m.group())
        if m.group().startswith(("+", "00")):
            enough = len(digits) >= 8
        else:
            enough = len(digits) >= 7
        if enough and free(*span(*m.span())):
            found.append((*span(*m.span()), "puhelin"))
    for m in _WORD_RE.finditer(plain):
        street = _STREET_WORD_RE.fullmatch(m.group())
        if not street:
            continue
        if street.group("stem").lower() in _STREET_CAPITALISED and not _is_titlecase(m.group()):
            continue
        number = _HOUSE_NUMBER_RE.match(plain, m.end())
        if number and free(*span(m.start(), number.end())):
            found.append((*span(m.start(), number.end()), "osoite"))
    taken = [(s, e) for s, e, _ in found] + masks
    for s, e in _name_spans(text, taken, lang, allow_forms):
        found.append((s, e, "nimi"))
    return _merge(found)


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans joined into one, of the kind that comes first in MASKS."""
    merged: list[tuple[int, int, str]] = []
    for s, e, kind in sorted(spans):
        if merged and s < merged[-1][1]:
            ps, pe, pkind = merged[-1]
            best = pkind if _PRIORITY[pkind] <= _PRIORITY[kind] else kind
            merged[-1] = (ps, max(pe, e), best)
        else:
            merged.append((s, e, kind))
    return merged


def mask_personal_data(text: str, *, lang: str = "fi", allow: Iterable[str] = ()) -> str:
    """``text`` with every span of :func:`find_personal_data` replaced by its mask
    (``[hetu]``, ``[puhelin]``, ``[sähköposti]``, ``[osoite]``, ``[nimi]``).

    ``mask_personal_data("Soita Mikolle 040 123 4567")`` ->
    ``"Soita [nimi] [puhelin]"``. Idempotent: masking the result again changes nothing.
    """
    if not text:
        return text
    out, pos = [], 0
    for start, end, kind in find_personal_data(text, lang=lang, allow=allow):
        out.append(text[pos:start])
        out.append(MASKS[kind])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _candidate_collisions() -> list[tuple[str, str, str]]:
    """Developer aid: listed-name forms that the Finnish dictionary knows as forms of
    an everyday word, as ``(form, name, lemma)``. Reviewed by hand into
    ``analysis/data/nimet_yleissanoina.txt``; run ``python -m analysis.text``."""
    from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY

    names = _names()
    dictionary = LOW_MEMORY_DICTIONARY_FACTORY.get_dictionary("fi")
    out = []
    for form, base in sorted(names.forms.items()):
        found = dictionary.get(form)
        if found is not None and found.lower() not in set(names.forms.values()):
            out.append((form, base, found))
    return out


if __name__ == "__main__":  # pragma: no cover
    for form, base, found in _candidate_collisions():
        print(f"{form}\t{base}\t{found}")
