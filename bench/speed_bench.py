#!/usr/bin/env python
"""Where people wait, against references measured in the same run (issue 10).

Usage (from the repo root, in the venv)::

    python bench/speed_bench.py                       # everything (1M: several minutes)
    python bench/speed_bench.py --sizes 100000        # summary and results page at 100k
    python bench/speed_bench.py --skip-submits --skip-page

1. Submits: 8 writer threads each write responses of 12 answers, one response per
   transaction, through ``Store.submit_response`` (pooled connections, tallies, the
   write counter) — against raw ``sqlite3`` writing the response and answer rows into
   the same schema (one connection per thread, ``BEGIN IMMEDIATE``, WAL), and against raw
   ``sqlite3`` writing exactly Raati's rows (the running counts and the change counter
   too). Alternated three times, best of each; the rows counted after: 0 lost.
2. Summary: ``analysis.summary.summarize`` (the contract's summary with the block rule,
   published states and left-out count) of N responses × 12 questions, against a plain
   pandas read of the same answers joined with their unit, period and language and a
   ``groupby`` (what the summary counts). Each in a fresh child process.
3. Results page (AppTest, a logged-in staff account, N responses): the first open in a
   fresh process and a click with nothing changed (a rerun).

Databases are written through the store's import path with the real key shape (random
uuid4 ids). A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SURVEY_ID = "asiakaskysely"  # the shipped survey: 9 on the 1–4 scale, a grade, 2 open


def machine() -> str:
    import streamlit

    return (f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, Python "
            f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}, Streamlit "
            f"{streamlit.__version__}")


def fake_answers(survey, rng: random.Random):
    from raati.store import Answer

    answers = []
    for q in survey.questions:
        if rng.random() < 0.04:
            continue
        if q.type == "likert":
            answers.append(Answer(q.id, "value", str(rng.choices((1, 2, 3, 4), (1, 2, 4, 3))[0])))
        elif q.type == "grade":
            answers.append(Answer(q.id, "value", str(rng.randint(4, 10))))
        elif q.type == "text" and rng.random() < 0.15:
            answers.append(Answer(q.id, "value", rng.choice(
                ("Enemmän ohjausta", "Hyvä paikka", "Kahvi on hyvää", "Lisää taukoja"))))
        elif q.type in ("choice", "multi") and q.options:
            answers.append(Answer(q.id, "value", rng.choice(q.options).id))
    return tuple(answers)


def generate(db: Path, defs: Path, n: int, seed: int = 7) -> float:
    """n responses of the shipped survey in 20 units × 3 rounds (one in ten without a
    round, as imported from paper), written through Store.import_responses in batches
    with random ids; returns seconds."""
    from raati.store import NewResponse, Store
    from raati.surveys import find_survey

    survey = find_survey(defs, SURVEY_ID)
    store = Store(db)
    rounds = []
    for i in range(20):
        unit = f"paja-{i:02d}"
        for opens, closes in (("2025-02-01", "2025-03-31"), ("2025-09-01", "2025-10-31"),
                              ("2026-02-01", "2026-03-31")):
            rounds.append((store.open_round(SURVEY_ID, unit, opens=opens, closes=closes,
                                            expected=max(5, n // 60)), unit, opens))
    rng = random.Random(seed)
    t0 = time.perf_counter()
    for start in range(0, n, 20_000):
        batch = []
        for _ in range(start, min(n, start + 20_000)):
            rnd, unit, opens = rng.choice(rounds)
            round_id, date = rnd.id, opens[:8] + f"{rng.randint(1, 28):02d}"
            if rng.random() < 0.1:
                round_id, date = None, f"2024-{rng.randint(1, 12):02d}-15"
            batch.append(NewResponse(
                survey=SURVEY_ID, date=date, lang=rng.choices(("fi", "sv", "en"), (8, 1, 1))[0],
                answers=fake_answers(survey, rng), survey_version=survey.version, unit=unit,
                round_id=round_id, id=uuid.uuid4().hex,
                text_questions=survey.text_question_ids))
        store.import_responses(batch)
    store.close_all()
    return time.perf_counter() - t0


# -- 1. submits -------------------------------------------------------------------------


def bench_submits(tmp: Path, defs: Path, threads: int, per_thread: int) -> None:
    from raati.store import NewResponse, Store
    from raati.surveys import find_survey

    survey = find_survey(defs, SURVEY_ID)
    rng = random.Random(3)
    work = [[fake_answers(survey, rng) for _ in range(per_thread)] for _ in range(threads)]

    def run(target) -> tuple[float, list]:
        errors: list = []
        barrier = threading.Barrier(threads + 1)
        ts = [threading.Thread(target=target, args=(k, barrier, errors)) for k in range(threads)]
        for t in ts:
            t.start()
        barrier.wait()
        t0 = time.perf_counter()
        for t in ts:
            t.join()
        return time.perf_counter() - t0, errors

    # Raati: the real submit path.
    raati_db = tmp / "submits-raati.db"
    store = Store(raati_db)
    store.ensure_unit("puupaja")
    rnd = store.open_round(SURVEY_ID, "puupaja")

    def raati_writer(k, barrier, errors):
        barrier.wait()
        for answers in work[k]:
            try:
                store.submit_response(NewResponse(
                    survey=SURVEY_ID, date="2026-03-02", lang="fi", answers=answers,
                    survey_version=survey.version, unit="puupaja", round_id=rnd.id,
                    text_questions=survey.text_question_ids))
            except Exception as exc:  # noqa: BLE001 - counted
                errors.append(exc)

    # Reference: raw sqlite3, the same rows into the same schema (a copy of the empty
    # database), one connection per thread, one transaction per response.
    raw_db = tmp / "submits-raw.db"
    Store(raw_db).ensure_unit("puupaja")
    # Second reference: raw sqlite3 writing also the rows Raati adds to each response
    # (the running counts of m009 and the change counter), i.e. exactly Raati's rows.
    raw_counts_db = tmp / "submits-raw-counts.db"
    Store(raw_counts_db).ensure_unit("puupaja")
    Store.close_all()

    def raw_writer(k, barrier, errors, counts=False):
        conn = sqlite3.connect(raw_db if not counts else raw_counts_db, timeout=30,
                               isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        block = (SURVEY_ID, "puupaja", "r1", "fi")
        texts = set(survey.text_question_ids)
        barrier.wait()
        for answers in work[k]:
            rid = uuid.uuid4().hex
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO responses (id, survey, survey_version, round_id,"
                             " unit, date, lang) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [rid, SURVEY_ID, survey.version, 1, "puupaja", "2026-03-02", "fi"])
                conn.executemany("INSERT INTO answers (response_id, question, kind, value)"
                                 " VALUES (?, ?, ?, ?)",
                                 [(rid, a.question, a.kind, a.value) for a in answers])
                if counts:  # the rows Raati adds: its running counts and change counter
                    conn.execute(
                        "INSERT INTO tally_blocks VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT"
                        " DO UPDATE SET n = n + 1", [*block, "2026-03-02", "2026-03-02"])
                    conn.executemany(
                        "INSERT INTO tally_answers VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT"
                        " DO UPDATE SET n = n + 1",
                        [(*block, a.question, "" if a.question in texts else a.value)
                         for a in answers if a.kind == "value"])
                    conn.execute(
                        "INSERT INTO maintenance (key, value) VALUES ('data_version', '1')"
                        " ON CONFLICT DO UPDATE SET value = CAST(value AS INTEGER) + 1")
                conn.execute("COMMIT")
            except Exception as exc:  # noqa: BLE001 - counted
                errors.append(exc)
                conn.execute("ROLLBACK")
        conn.close()

    def raw_counts_writer(k, barrier, errors):
        raw_writer(k, barrier, errors, counts=True)

    total = threads * per_thread
    print(f"\n== 1. submits: {threads} writer threads × {per_thread} responses ==")
    results = {}
    # Alternated three times, best of each: fsync times on a shared disk vary run to run.
    for name, target in [pair for k in range(3) for pair in (
            (f"raw sqlite3 #{k + 1}", raw_writer), (f"raati #{k + 1}", raati_writer),
            (f"raw+counts #{k + 1}", raw_counts_writer))]:
        seconds, errors = run(target)
        results.setdefault(name.split()[0], []).append(total / seconds)
        print(f"  {name:18s} {total / seconds:8.0f} responses/s ({seconds:.2f} s, "
              f"{len(errors)} errors)")
    stored_raati = Store(raati_db).count_responses(SURVEY_ID)
    conn = sqlite3.connect(raw_db)
    stored_raw = conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    conn.close()
    print(f"  stored: raati {stored_raati} of {3 * total}, raw {stored_raw} of {3 * total}"
          f" (lost: {3 * total - stored_raati})")
    raati, raw, counts = (max(results[k]) for k in ("raati", "raw", "raw+counts"))
    print(f"  ratio raati / raw sqlite3, response and answer rows (best of three each):"
          f" {raati / raw:.2f}×")
    print(f"  ratio raati / raw sqlite3, the same rows as Raati (running counts too):"
          f" {raati / counts:.2f}×")


# -- 2. summary ---------------------------------------------------------------------------


def child_summary(db: str, defs: str) -> dict:
    from analysis.summary import summarize
    from raati.store import Store
    from raati.surveys import find_survey

    survey = find_survey(defs, SURVEY_ID)
    store = Store(db)
    t0 = time.perf_counter()
    summary = summarize(store, survey, 5)
    t1 = time.perf_counter()
    summarize(store, survey, 5, unit="paja-03")
    t2 = time.perf_counter()
    return {"first": t1 - t0, "unit": t2 - t1, "responses": summary["responses"],
            "left_out": summary["left_out"]}


def child_pandas(db: str) -> dict:
    """The pandas reference (read the answers with their block, group by): the same
    measure as report_bench's, so the two benches' figures compare."""
    from report_bench import measure_pandas

    return measure_pandas(db, blocks=True, survey=SURVEY_ID)


def child(kind: str, db: Path, defs: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db),
                          "--defs", str(defs)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- 3. results page ---------------------------------------------------------------------


def child_page(db: str, defs: str) -> dict:
    import secrets

    os.environ["RAATI_DB"] = db
    os.environ["RAATI_DEFS"] = defs
    from streamlit.testing.v1 import AppTest

    from raati import auth
    from raati.store import Store

    store = Store(db)
    user = auth.create_user(store, f"bench-{secrets.token_hex(3)}", "staff",
                            secrets.token_urlsafe(16), [f"paja-{i:02d}" for i in range(20)])
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
    at.session_state["session_token"] = auth.start_session(store, user)
    at.run()
    t0 = time.perf_counter()
    at.switch_page("pages/results.py").run()
    t1 = time.perf_counter()
    assert not at.exception, at.exception
    clicks = []
    for _ in range(5):
        t2 = time.perf_counter()
        at.run()
        clicks.append(time.perf_counter() - t2)
    t3 = time.perf_counter()
    at.session_state["res_tab"] = "Yksiköt rinnakkain"
    at.run()
    t4 = time.perf_counter()
    return {"first": t1 - t0, "clicks": sorted(clicks), "units_tab": t4 - t3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=250)
    parser.add_argument("--skip-submits", action="store_true")
    parser.add_argument("--skip-page", action="store_true")
    parser.add_argument("--child", choices=("summary", "pandas", "page"))
    parser.add_argument("--db")
    parser.add_argument("--defs")
    args = parser.parse_args()
    if args.child:
        result = {"summary": lambda: child_summary(args.db, args.defs),
                  "pandas": lambda: child_pandas(args.db),
                  "page": lambda: child_page(args.db, args.defs)}[args.child]()
        print(json.dumps(result))
        return

    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="raati-speed-"))
    try:
        defs = tmp / "defs"
        shutil.copytree(REPO / "survey_defs", defs)
        if not args.skip_submits:
            bench_submits(tmp, defs, args.threads, args.per_thread)
        for n in args.sizes:
            db = tmp / f"big-{n}.db"
            seconds = generate(db, defs, n)
            print(f"\n== {n:,} responses".replace(",", " ") + f" (written in {seconds:.0f} s"
                  f" through the import path, {db.stat().st_size / 2**20:.0f} MB) ==")
            s = child("summary", db, defs)
            p = child("pandas", db, defs)
            print(f"  2. summary (first, fresh process) {s['first']:6.2f} s, of one unit "
                  f"{s['unit']:.2f} s; {s['responses']} counted, {s['left_out']} left out")
            print(f"     pandas read {p['read']:6.2f} s + groupby {p['groupby']:.2f} s = "
                  f"{p['total']:6.2f} s ({p['rows']} rows, {p['groups']} groups)")
            print(f"     ratio summary / pandas: {s['first'] / p['total']:.3f}×")
            if not args.skip_page:
                pg = child("page", db, defs)
                print(f"  3. results page: first open {pg['first']:.2f} s; a click with "
                      f"nothing changed: median {pg['clicks'][2]:.3f} s, max "
                      f"{pg['clicks'][-1]:.3f} s; opening the units tab {pg['units_tab']:.2f} s")
            db.unlink()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
