#!/usr/bin/env python
"""How fast are Raati's text tools on a large round? Masking of personal data, keyword
counts and a word cloud over generated Finnish comments.

Usage (from the repo root, in the venv)::

    python bench/text_bench.py               # 10 000 comments
    python bench/text_bench.py --comments 2000 --seed 3

Each comment is 1-3 sentences from hand-written templates of workshop feedback with names
(inflected: Mikolle, Korhosen), phone numbers, e-mail addresses, identity codes and
street addresses mixed into about a third of them. Measured with
``time.perf_counter``, each step once, in this order (later steps profit from caches
filled by earlier ones, as they would in the app):

1. first use: loading the name lists and simplemma's low-memory Finnish dictionary;
2. ``mask_personal_data`` over all comments;
3. ``keyword_counts`` without masking (lemmas and stopwords only);
4. ``keyword_counts`` with masking (the default);
5. ``word_cloud_png`` 1200 x 700 (masking, counting and drawing).

Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss``. A benchmark, not a test:
it only prints figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import text as T  # noqa: E402

TEMPLATES = [
    "Ohjaajat ovat {adj} ja {name_all} auttoi minua paljon.",
    "Kiitos {name_all}! Paja on ollut minulle tärkeä paikka.",
    "Kahvia pitäisi olla enemmän, ei ole aina kahvia. {extra}",
    "Työpajassa on liian {temp} talvella, muuten {adj}.",
    "Ruoka on {adj} mutta lounas voisi olla aikaisemmin.",
    "Olen oppinut uusia taitoja puutöissä ja ompelussa. {extra}",
    "Toivon että pääsisin kurssille. Soita {phone} jos on tilaa.",
    "Kelan ja TE-toimiston kanssa asiointi on raskasta, ohjaaja {name} neuvoi.",
    "En tykkää maanantaista, mutta perjantaisin on mukavaa. {extra}",
    "{name} on paras ohjaaja! Hän kuuntelee aina.",
    "Työkaverit ovat mukavia, paitsi {name} joka valittaa.",
    "Minun sähköposti on {email}, laittakaa tietoa retkistä.",
    "Asun {street} ja bussilla pääsee hyvin pajalle.",
    "Hetu {hetu} piti antaa lomakkeeseen, en tiedä miksi.",
    "Haluaisin oppia lisää tietokoneesta ja Excelistä.",
    "Päivät ovat sopivan pituisia ja tauot riittävät.",
    "Liikaa melua metallipajassa, kuulosuojaimia tarvitaan lisää.",
    "Retki Nuuksioon oli kiva, samoin keilaus.",
]
ADJ = ["mukavia", "hyviä", "ystävällisiä", "kiireisiä", "reiluja", "asiallisia"]
TEMP = ["kylmä", "kuuma", "vetoisa"]
EXTRA = ["", "", "Kiitos!", "Hyvä paikka.", "Ei valittamista.", "Lisää retkiä!"]
NAMES_ALL = ["Mikolle", "Päiville", "Liisalle", "Korhoselle", "Virtaselle", "Jukalle",
             "ohjaaja Tiinalle", "Annelle"]
NAMES = ["Mikko", "Päivi", "Liisa Korhonen", "Jari", "Sari Virtanen", "Antti", "Tuula"]
PHONES = ["040 123 4567", "050-765 43 21", "+358 44 1234567", "09 876 5432"]
EMAILS = ["matti.virtanen@example.fi", "liisa.k@gmail.com", "pajalainen(at)espoo.fi"]
STREETS = ["Koivukujalla 5 B 12", "Mannerheimintie 12", "Kauppakadulla 3", "Puistotie 7 A"]
HETUS = ["131052-308T", "010594Y9032", "290200B456C"]


def make_comments(n: int, seed: int) -> list[str]:
    """``n`` comments from the templates, reproducibly."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sentences = [
            template.format(
                adj=rng.choice(ADJ), temp=rng.choice(TEMP), extra=rng.choice(EXTRA),
                name_all=rng.choice(NAMES_ALL), name=rng.choice(NAMES),
                phone=rng.choice(PHONES), email=rng.choice(EMAILS),
                street=rng.choice(STREETS), hetu=rng.choice(HETUS),
            ).strip()
            for template in rng.sample(TEMPLATES, rng.randint(1, 3))
        ]
        out.append(" ".join(sentences))
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def timed(label: str, n: int | None, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    rate = f"{n / seconds:10.0f} comments/s" if n else " " * 21
    print(f"{label:<46} {seconds:8.2f} s {rate}   peak RSS {peak_rss_mb():6.0f} MB")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.2f}")
    comments = make_comments(args.comments, args.seed)
    n = len(comments)
    words = sum(len(T.tokens(c)) for c in comments)
    print(f"{n} comments, {words} words, {len(set(comments))} distinct; "
          f"peak RSS before: {peak_rss_mb():.0f} MB\n")

    timed("1. first use (name lists + fi dictionary)", None,
          lambda: (T.mask_personal_data("Kiitos Zoltanille"), T.lemma("ohjaajat")))
    masked = timed("2. mask_personal_data", n, lambda: [T.mask_personal_data(c) for c in comments])
    timed("3. keyword_counts(mask=False)", n, lambda: T.keyword_counts(comments, mask=False))
    counts = timed("4. keyword_counts (masking included)", n, lambda: T.keyword_counts(comments))
    png = timed("5. word_cloud_png 1200x700 (all included)", n,
                lambda: T.word_cloud_png(comments))

    changed = sum(1 for a, b in zip(comments, masked, strict=True) if a != b)
    print(f"\nmasked comments: {changed} of {n}; "
          f"left digits of phones: {sum('4567' in m or '4321' in m for m in masked)}")
    print("top keywords:", ", ".join(f"{w} {c}" for w, c in counts[:10]))
    print(f"PNG: {len(png) / 1024:.0f} KiB; peak RSS at the end: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
