"""What the privacy guarantees of issue 8 cost, as ratios against references measured in
the same run:

1. compaction (``Store.compact``: VACUUM in key order + WAL truncation) against copying
   the same database file byte for byte (shutil.copyfile), and how long writers wait;
2. published block counts (``analysis.views.published_counts``: the live counts moved
   on only in steps of the minimum group) against the live counts alone
   (``Store.block_counts``), as the results page and the summary read them.

    python bench/privacy_bench.py                 # 100 000 responses × 12 answers
    python bench/privacy_bench.py --sizes 20000 100000
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.views import published_counts  # noqa: E402
from raati.store import Store  # noqa: E402
from raati.surveys import load_survey  # noqa: E402

QUESTIONS = [f"q{i}" for i in range(1, 13)]
SURVEY_YAML = "id: bench\ntitle: {fi: Bench}\nquestions:\n" + "".join(
    f"  - {{id: {q}, type: likert, text: {{fi: Kysymys {q}}}}}\n" for q in QUESTIONS)


def generate(db: Path, n: int) -> None:
    store = Store(db)
    rounds = []
    for u in range(20):
        store.ensure_unit(f"paja-{u:02d}")
        rounds.append(store.open_round("bench", f"paja-{u:02d}", opens="2026-01-01"))
    rng = random.Random(1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous = OFF")
    with conn:
        for _ in range(n):
            rid = uuid.uuid4().hex  # random, as the app's ids
            rnd = rng.choice(rounds)
            conn.execute("INSERT INTO responses (id, survey, survey_version, round_id, unit,"
                         " date, lang) VALUES (?, 'bench', '', ?, ?, ?, 'fi')",
                         (rid, rnd.id, rnd.unit, f"2026-01-{rng.randint(1, 28):02d}"))
            conn.executemany("INSERT INTO answers VALUES (?, ?, 'value', ?)",
                             [(rid, q, str(rng.randint(1, 4))) for q in QUESTIONS])
        conn.execute("INSERT INTO maintenance (key, value) VALUES ('writes_since_compact', ?)",
                     (str(n),))
    conn.close()


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "defs").mkdir()
        (tmp / "defs" / "bench.yaml").write_text(SURVEY_YAML, encoding="utf-8")
        survey = load_survey(tmp / "defs" / "bench.yaml", tmp / "defs")
        for n in args.sizes:
            db = tmp / f"b{n}.db"
            generate(db, n)
            store = Store(db)
            size_mb = db.stat().st_size / 1e6
            copy_s = best_of(lambda db=db: shutil.copyfile(db, tmp / "copy.db"))
            compact_s = best_of(lambda store=store: store.compact(), repeat=2)
            live_s = best_of(lambda store=store: store.block_counts("bench", []))
            published_counts(store, survey, 5)  # the first read publishes
            pub_s = best_of(lambda store=store: published_counts(store, survey, 5))
            print(f"{n} responses × 12 answers ({size_mb:.0f} MB)")
            print(f"  compaction {compact_s:6.2f} s   file copy {copy_s:6.2f} s   "
                  f"ratio {compact_s / copy_s:5.1f}×   (writers wait this long, none fail)")
            print(f"  published counts {pub_s:6.2f} s   live counts {live_s:6.2f} s   "
                  f"ratio {pub_s / live_s:5.2f}×")


if __name__ == "__main__":
    main()
