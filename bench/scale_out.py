#!/usr/bin/env python
"""Scale-out (issue 16): the store on SQLite and on PostgreSQL, and the answer flow
through one app process against two behind HAProxy, on this one machine.

Usage (from the repo root, in the venv; PostgreSQL and HAProxy installed)::

    python bench/scale_out.py                          # about 5 minutes on 2 cores
    python bench/scale_out.py --ns 1 10 --store-seconds 4 --store-reps 1 --app-reps 1
    python bench/scale_out.py --skip-app               # only the store level
    python bench/scale_out.py --pg postgresql://user:pw@host/db

``--pg`` (default $RAATI_TEST_PG, else postgresql://raati:raati@localhost/raati_test)
is a database in which this script may create schemas: every database used here is a
fresh schema (``scaleout_<hex>``), dropped at the end; the SQLite files live in a temp
folder, removed at the end.

1. Store level: ``--writers`` (8) threads, each with its own ``Store`` object (as app
   sessions have; the Store objects of one process share its connection pool), submit
   complete responses of the shipped ``asiakaskysely`` (12 questions; about 10 answers a
   response, as bench/speed_bench.py makes them) through ``Store.submit_response``, one
   transaction each, for
   ``--store-seconds`` s; on SQLite (a temp file) and on PostgreSQL (a fresh schema),
   alternated ``--store-reps`` times, each run on a new database. Printed: responses per
   second, per-submit p50/p95 (ms), and PostgreSQL / SQLite (best run of each). The rows
   are counted with plain SQL after every run: stored = submitted.
2. App level: simulated browser respondents from ``bench/tap_load.py`` (Streamlit's
   websocket protocol, no browser: link → start screen → "Aloita" → first question,
   then the whole survey, 20 taps, to the thank-you screen). For each N of ``--ns``
   (1 10 30) all N open at once and answer at once, against

   - ``sqlite 1 direct``: one app process on SQLite, its own port (reference);
   - ``pg 1 direct``: one app process on PostgreSQL, its own port;
   - ``pg 1 via LB``: the same process through HAProxy (what the hop costs);
   - ``pg 2 via LB``: HAProxy in front of two processes on PostgreSQL.

   The processes are started by ``raati.cluster`` (serve.py, deploy/haproxy.cfg), with a
   copy of survey_defs/ and a fresh database each, all up at once (idle ones cost next
   to nothing); after a warm-up, for each N the setups run in turn, ``--app-reps`` (2)
   times, the order rotated each time, so other work on the machine falls on all of them
   alike; the repetitions are pooled. Printed per setup and N: link → first
   question p50/p95, tap → next screen (the tap's run finished) p50/p95, completed
   submits per second (thank-you screens / wall time from the links' opening to the last
   thank-you), the app processes' CPU (cores: CPU s / wall s; 1.00 = one core), how busy
   the whole machine was (/proc/stat), and the ratios ``pg 2 via LB`` / ``pg 1 direct``
   (plus the LB hop and PostgreSQL / SQLite). Each round is counted in the database
   after: responses stored = thank-you screens seen ("0 lost").

The load generator runs on the same cores as the app processes, HAProxy and PostgreSQL:
compare ratios of the same run. A benchmark, not a test: it prints figures (and exits 1
if a response was lost or a count does not match).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answer_speed import REPO, SURVEY, pct  # noqa: E402
from speed_bench import fake_answers  # noqa: E402
from tap_load import Result, RunStats, load, proc_cpu_s, run_n, versions  # noqa: E402

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DEFAULT_PG = "postgresql://raati:raati@localhost/raati_test"
DEFAULT_NS = (1, 10, 30)
SETUPS = ("sqlite 1 direct", "pg 1 direct", "pg 1 via LB", "pg 2 via LB")
UNIT = "puupaja"


# -- databases ----------------------------------------------------------------------------

class Databases:
    """Fresh databases for one run: SQLite files in a temp folder, PostgreSQL schemas in
    ``base``; all removed by :meth:`drop`."""

    def __init__(self, base: str, tmp: Path):
        self.base, self.tmp = base, tmp
        self.schemas: list[str] = []
        self.n = 0

    def sqlite(self) -> str:
        self.n += 1
        return str(self.tmp / f"scale-{self.n}.db")

    def pg(self) -> str:
        import psycopg

        name = "scaleout_" + secrets.token_hex(6)
        with psycopg.connect(self.base, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        self.schemas.append(name)
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options=-csearch_path%3D{name}"

    def drop(self) -> None:
        import psycopg

        from raati.store import Store

        Store.close_all()
        if not self.schemas:
            return
        with psycopg.connect(self.base, autocommit=True) as conn:
            for name in self.schemas:
                conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def raw_count(target: str, sql: str, params: tuple = ()) -> int:
    """One count by plain SQL (? placeholders), outside the store."""
    if target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchone()[0]
    conn = sqlite3.connect(target)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def count_round(target: str, round_id: int) -> tuple[int, int]:
    """(responses, answers) stored in a round."""
    return (raw_count(target, "SELECT COUNT(*) FROM responses WHERE round_id = ?", (round_id,)),
            raw_count(target, "SELECT COUNT(*) FROM answers a JOIN responses r"
                              " ON r.id = a.response_id WHERE r.round_id = ?", (round_id,)))


def busy_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def busy_since(t0: tuple[int, int]) -> float:
    b1, t1 = busy_ticks()
    return (b1 - t0[0]) / (t1 - t0[1]) if t1 > t0[1] else float("nan")


def background_busy(seconds: float = 3.0) -> float:
    """How busy the machine is with none of this script's work running (other jobs)."""
    ticks = busy_ticks()
    time.sleep(seconds)  # a measuring window, not a wait for state
    return busy_since(ticks)


# -- 1. store level -------------------------------------------------------------------------

@dataclass
class StoreRun:
    engine: str
    rep: int
    wall: float
    lat_ms: list[float]
    errors: list[str]
    stored: int
    answers_submitted: int
    answers_stored: int
    busy: float

    @property
    def submitted(self) -> int:
        return len(self.lat_ms)

    @property
    def per_s(self) -> float:
        return self.submitted / self.wall if self.wall > 0 else float("nan")


def store_run(engine: str, target: str, rep: int, writers: int, seconds: float,
              survey) -> StoreRun:
    from raati.store import NewResponse, Store

    setup = Store(target)
    rnd = setup.open_round(SURVEY, UNIT, name=f"scale_out {engine} {rep}")
    # One warm-up submit outside the timing (schema checks, the pool's first connection).
    warm = setup.open_round(SURVEY, UNIT, name=f"warm-up {engine} {rep}")
    setup.submit_response(NewResponse(
        survey=SURVEY, date="2026-03-02", lang="fi", answers=fake_answers(survey, random.Random(0)),
        survey_version=survey.version, unit=UNIT, round_id=warm.id,
        text_questions=survey.text_question_ids))
    lat: list[list[float]] = [[] for _ in range(writers)]
    answers_n = [0] * writers
    errors: list[str] = []
    barrier = threading.Barrier(writers + 1)
    stop_at = [0.0]

    def writer(k: int) -> None:
        store = Store(target)  # each thread its own Store object, as app sessions
        rng = random.Random(1000 * rep + k)
        work = [fake_answers(survey, rng) for _ in range(64)]
        barrier.wait()
        i = 0
        while time.perf_counter() < stop_at[0]:
            answers = work[i % len(work)]
            i += 1
            t0 = time.perf_counter()
            try:
                store.submit_response(NewResponse(
                    survey=SURVEY, date="2026-03-02", lang="fi", answers=answers,
                    survey_version=survey.version, unit=UNIT, round_id=rnd.id,
                    text_questions=survey.text_question_ids))
            except Exception as exc:  # noqa: BLE001 - counted and printed
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            lat[k].append((time.perf_counter() - t0) * 1000)
            answers_n[k] += len(answers)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    ticks = busy_ticks()
    stop_at[0] = time.perf_counter() + seconds
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    busy = busy_since(ticks)
    stored, answers_stored = count_round(target, rnd.id)
    Store.close_all()
    return StoreRun(engine, rep, wall, [x for xs in lat for x in xs], errors, stored,
                    sum(answers_n), answers_stored, busy)


def store_level(args, dbs: Databases, defs: Path) -> tuple[list[StoreRun], bool]:
    from raati.surveys import load_surveys

    survey = load_surveys(defs)[SURVEY]
    runs: list[StoreRun] = []
    for rep in range(1, args.store_reps + 1):
        for engine in ("sqlite", "postgresql"):
            target = dbs.sqlite() if engine == "sqlite" else dbs.pg()
            r = store_run(engine, target, rep, args.writers, args.store_seconds, survey)
            runs.append(r)
            print(f"  store {engine} run {rep}: {r.submitted} submits, {r.per_s:.0f}/s, "
                  f"{len(r.errors)} errors", file=sys.stderr, flush=True)
    ok = True
    print()
    print(f"1. Store level: {args.writers} writer threads (each its own Store), "
          f"Store.submit_response of '{SURVEY}' ({len(survey.questions)} questions), "
          f"{args.store_seconds:g} s a run, engines alternated")
    head = (f"{'engine':<11}{'run':>4}{'submits':>9}{'resp/s':>8}{'p50 ms':>8}{'p95 ms':>8}"
            f"{'max ms':>8}{'busy':>6}{'err':>5}  stored (responses, answers)")
    print(head)
    print("-" * len(head))
    for r in runs:
        match = r.stored == r.submitted and r.answers_stored == r.answers_submitted
        ok &= match and not r.errors
        print(f"{r.engine:<11}{r.rep:>4}{r.submitted:>9}{r.per_s:>8.0f}"
              f"{pct(r.lat_ms, 50):>8.1f}{pct(r.lat_ms, 95):>8.1f}{max(r.lat_ms, default=0):>8.0f}"
              f"{r.busy:>6.0%}{len(r.errors):>5}  {r.stored} = {r.submitted}, "
              f"{r.answers_stored} = {r.answers_submitted}"
              f"{'' if match else '  MISMATCH'}")
    best = {e: max((r for r in runs if r.engine == e), key=lambda r: r.per_s)
            for e in ("sqlite", "postgresql")}
    s, p = best["sqlite"], best["postgresql"]
    print(f"PostgreSQL / SQLite (best run of each): responses/s {p.per_s / s.per_s:.2f}x, "
          f"p50 {pct(p.lat_ms, 50) / pct(s.lat_ms, 50):.2f}x, "
          f"p95 {pct(p.lat_ms, 95) / pct(s.lat_ms, 95):.2f}x")
    print("(On PostgreSQL every write transaction takes one advisory lock shared by all app "
          "processes, Store._write, as BEGIN IMMEDIATE does on SQLite:")
    print(" the PostgreSQL rate is the ceiling of the whole cluster, however many processes "
          "submit.)")
    errs = [(r.engine, e) for r in runs for e in r.errors]
    for engine, e in errs[:5]:
        print(f"  error ({engine}): {e}")
    return runs, ok


# -- 2. app level ---------------------------------------------------------------------------

@dataclass
class AppRun:
    setup: str
    n: int
    stats: RunStats
    app_cpu: float            # CPU s of the app processes during the run
    lb_cpu: float             # CPU s of HAProxy (0 when not in the path)
    gen_cpu: float            # CPU s of this generator
    busy: float               # the whole machine, 0..1
    wall: float
    stored: int = 0
    answers: int = 0
    per_process: dict[str, int] = field(default_factory=dict)  # HAProxy sessions

    @property
    def done(self) -> int:
        return self.stats.res.done

    @property
    def submits_per_s(self) -> float:
        return self.done / self.wall if self.wall > 0 else float("nan")

    def open(self, p: float) -> float:
        return pct(self.stats.res.open_ms, p)

    def tap(self, p: float) -> float:
        return self.stats.lat(p)


def haproxy_sessions(cluster) -> dict[str, int]:
    try:
        return {name: int(row.get("stot") or 0) for name, row in cluster.stats().items()}
    except OSError:
        return {}


async def one_n(setup: str, cluster, url: str, target: str, n: int, args,
                seed: int) -> AppRun:
    from raati.store import Store

    store = Store(target)
    rnd = store.open_round(SURVEY, UNIT, name=f"scale_out {setup} N={n}", expected=n)
    apps, lb = cluster.procs[:-1], cluster.procs[-1]
    via_lb = "LB" in setup
    before = haproxy_sessions(cluster)
    cpu0 = sum(proc_cpu_s(p.pid) for p in apps)
    lb0, g0, ticks = proc_cpu_s(lb.pid), time.process_time(), busy_ticks()
    stats = await run_n("Raati", url, f"r={rnd.token}", n, args, apps[0].pid, seed)
    run = AppRun(setup, n, stats, sum(proc_cpu_s(p.pid) for p in apps) - cpu0,
                 proc_cpu_s(lb.pid) - lb0 if via_lb else 0.0, time.process_time() - g0,
                 busy_since(ticks), stats.open_wall + stats.tap_wall)
    after = haproxy_sessions(cluster)
    if via_lb:
        run.per_process = {k: v - before.get(k, 0) for k, v in after.items()}
    run.stored, run.answers = count_round(target, rnd.id)
    return run


def merge(runs: list[AppRun]) -> AppRun:
    """The runs of one setup and N (one per --app-reps) as one: samples pooled, walls,
    CPU, answers and counts summed, busy weighted by wall time."""
    if len(runs) == 1:
        return runs[0]
    res = Result()
    for r in runs:
        res.open_ms += r.stats.res.open_ms
        res.taps += r.stats.res.taps
        res.errors += r.stats.res.errors
        res.done += r.stats.res.done
    stats = RunStats("Raati", runs[0].n, res)
    stats.open_wall = sum(r.stats.open_wall for r in runs)
    stats.tap_wall = sum(r.stats.tap_wall for r in runs)
    wall = sum(r.wall for r in runs)
    per: dict[str, int] = {}
    for r in runs:
        for k, v in r.per_process.items():
            per[k] = per.get(k, 0) + v
    return AppRun(runs[0].setup, runs[0].n, stats, sum(r.app_cpu for r in runs),
                  sum(r.lb_cpu for r in runs), sum(r.gen_cpu for r in runs),
                  sum(r.busy * r.wall for r in runs) / wall if wall else float("nan"),
                  wall, sum(r.stored for r in runs), sum(r.answers for r in runs), per)


async def measure(clusters: dict, args, runs: list[AppRun]) -> None:
    from raati.store import Store

    # Warm-up (not in the figures): twice one respondent per process, through HAProxy.
    for c, procs, target, _setups in clusters.values():
        rnd = Store(target).open_round(SURVEY, UNIT, name="warm-up", expected=2 * procs)
        for _ in range(2):
            w = await run_n("Raati", c.url, f"r={rnd.token}", procs, args, c.procs[0].pid, 0)
            if w.res.errors:
                print(f"  warm-up errors: {w.res.errors[:2]}", file=sys.stderr)
    order = [(setup, key) for key, (_, _, _, setups) in clusters.items() for setup in setups]
    for n in args.ns:
        for rep in range(args.app_reps):
            # The setups interleaved (and rotated each repetition), so that other work on
            # the machine falls on all of them alike.
            k = rep % len(order)
            for setup, key in order[k:] + order[:k]:
                c, _, target, _ = clusters[key]
                url = c.url if "LB" in setup else c.app_urls[0]
                r = await one_n(setup, c, url, target, n, args, 100 * n + rep)
                runs.append(r)
                print(f"  {setup} N={n} ({rep + 1}/{args.app_reps}): {r.done}/{n} done, "
                      f"{r.stats.n_taps} taps, tap p50 {r.tap(50):.0f} ms p95 "
                      f"{r.tap(95):.0f} ms, {len(r.stats.res.errors)} errors",
                      file=sys.stderr, flush=True)
                await asyncio.sleep(1)  # let the server drop the closed sessions


def app_level(args, dbs: Databases, defs: Path, tmp: Path) -> tuple[list[AppRun], bool]:
    import contextlib

    from raati import cluster as rc
    from raati.store import Store

    runs: list[AppRun] = []
    wanted = [s for s in SETUPS if s in args.setups]
    # One cluster per engine and process count, all up at once (idle ones cost next to
    # nothing); "pg 1 direct" and "pg 1 via LB" share one.
    groups = []
    if "sqlite 1 direct" in wanted:
        groups.append(("sqlite", 1, ["sqlite 1 direct"]))
    pg1 = [s for s in ("pg 1 direct", "pg 1 via LB") if s in wanted]
    if pg1:
        groups.append(("pg", 1, pg1))
    if "pg 2 via LB" in wanted:
        groups.append(("pg", 2, ["pg 2 via LB"]))
    with contextlib.ExitStack() as stack:
        clusters = {}
        for engine, procs, setups in groups:
            target = dbs.sqlite() if engine == "sqlite" else dbs.pg()
            env = {"RAATI_DB": target, "RAATI_DEFS": str(defs),
                   "RAATI_FILES_DIR": str(tmp / f"files-{engine}-{procs}")}
            Store(target).ensure_unit(UNIT)  # the schema made before the processes start
            Store.close_all()
            t_start = time.perf_counter()
            c = stack.enter_context(rc.run(procs, env=env,
                                           root=tmp / f"cluster-{engine}-{procs}"))
            print(f"  {engine}: {procs} process(es) + HAProxy up in "
                  f"{time.perf_counter() - t_start:.0f} s", file=sys.stderr, flush=True)
            clusters[(engine, procs)] = (c, procs, target, setups)
        asyncio.run(measure(clusters, args, runs))
    Store.close_all()
    ok = all(r.stored == r.done and not r.stats.res.errors for r in runs)
    merged = [merge([r for r in runs if (r.setup, r.n) == key])
              for key in dict.fromkeys((r.setup, r.n) for r in runs)]
    merged.sort(key=lambda r: (SETUPS.index(r.setup), r.n))
    return merged, ok


def f0(x: float) -> str:
    return "-" if x != x else f"{x:.0f}"


def ratio(a: float, b: float) -> str:
    return "-" if a != a or b != b or b == 0 else f"{a / b:.2f}"


def report_app(runs: list[AppRun], args) -> None:
    print()
    print(f"2. App level: N simulated respondents open the round link at once and answer "
          f"the whole '{SURVEY}' (20 taps each, think {args.think:g} s) to the thank-you "
          f"screen; {args.app_reps} run(s) of each setup and N, interleaved, pooled")
    print("open = link -> first question ready (Aloita included); tap = a tap -> its run "
          "finished (the next screen); submits/s = thank-you screens / wall time of the "
          "run;")
    print("app CPU = the app processes' CPU s / wall s (1.00 = one core), LB = HAProxy's; "
          "gen = this load generator's; busy = all cores of the machine")
    head = (f"{'setup':<16}{'N':>4}{'done':>5}{'err':>4}{'open p50':>9}{'p95':>7}"
            f"{'tap p50':>8}{'p95':>7}{'subm/s':>7}{'app CPU':>8}{'LB':>6}{'gen':>6}"
            f"{'busy':>6}  stored")
    print(head)
    print("-" * len(head))
    for r in runs:
        w = r.wall or float("nan")
        lost = r.done - r.stored
        split = ("  sessions " + "/".join(f"{v}" for _, v in sorted(r.per_process.items()))
                 if len(r.per_process) > 1 else "")
        print(f"{r.setup:<16}{r.n:>4}{r.done:>5}{len(r.stats.res.errors):>4}"
              f"{f0(r.open(50)):>9}{f0(r.open(95)):>7}{f0(r.tap(50)):>8}{f0(r.tap(95)):>7}"
              f"{r.submits_per_s:>7.2f}{r.app_cpu / w:>8.2f}{r.lb_cpu / w:>6.2f}"
              f"{r.gen_cpu / w:>6.2f}{r.busy:>6.0%}  "
              f"{r.stored} = {r.done}{' (0 lost)' if lost == 0 else f' ({lost} LOST)'}"
              f"{split}")
    by = {(r.setup, r.n): r for r in runs}
    pairs = [("pg 2 via LB", "pg 1 direct", "two processes behind HAProxy / one process "
              "directly"),
             ("pg 1 via LB", "pg 1 direct", "the HAProxy hop: one process through it / "
              "directly"),
             ("pg 1 direct", "sqlite 1 direct", "the engine: one process on PostgreSQL / "
              "on SQLite")]
    for a_name, b_name, title in pairs:
        rows = [(n, by.get((a_name, n)), by.get((b_name, n))) for n in args.ns]
        rows = [(n, a, b) for n, a, b in rows if a and b]
        if not rows:
            continue
        print()
        print(f"{title} (x; below 1 is faster / fewer for the first):")
        h = (f"{'N':>4}{'open p50':>9}{'open p95':>9}{'tap p50':>8}{'tap p95':>8}"
             f"{'subm/s':>8}{'app CPU/answer':>15}")
        print(h)
        print("-" * len(h))
        for n, a, b in rows:
            print(f"{n:>4}{ratio(a.open(50), b.open(50)):>9}{ratio(a.open(95), b.open(95)):>9}"
                  f"{ratio(a.tap(50), b.tap(50)):>8}{ratio(a.tap(95), b.tap(95)):>8}"
                  f"{ratio(a.submits_per_s, b.submits_per_s):>8}"
                  f"{ratio(a.app_cpu / max(1, a.done), b.app_cpu / max(1, b.done)):>15}")
    errs = [(r.setup, r.n, e) for r in runs for e in r.stats.res.errors]
    print()
    print(f"errors ({len(errs)}; first 10):" if errs else "errors: none")
    for setup, n, e in errs[:10]:
        print(f"  {setup} N={n}: {e}")


def interpret(runs: list[AppRun], args, cores: int, background: float) -> None:
    by = {(r.setup, r.n): r for r in runs}
    top = max(args.ns)
    one, two = by.get(("pg 1 direct", top)), by.get(("pg 2 via LB", top))
    print()
    print("Reading:")
    print(f"- This machine has {cores} cores. The app processes, HAProxy, PostgreSQL and "
          "this load generator all share them: a second app process here is not a second "
          "machine,")
    print("  it can only use what the first leaves idle of the second core (minus what "
          "the generator, HAProxy and PostgreSQL take).")
    one_proc = [r for r in runs if r.setup in ("pg 1 direct", "sqlite 1 direct")]
    if one_proc:
        peak = max(one_proc, key=lambda r: r.app_cpu / (r.wall or 1))
        print(f"- One process at most {peak.app_cpu / (peak.wall or 1):.2f} core "
              f"({peak.setup}, N={peak.n}; 1.00 = one core: a Python process runs one "
              "script at a time), the machine "
              f"{peak.busy:.0%} busy then.")
    if one and two:
        print(f"- N={top}: tap p95 {f0(one.tap(95))} ms with one process directly, "
              f"{f0(two.tap(95))} ms with two behind HAProxy ({ratio(two.tap(95), one.tap(95))}x);"
              f" submits/s {one.submits_per_s:.2f} -> {two.submits_per_s:.2f} "
              f"({ratio(two.submits_per_s, one.submits_per_s)}x); app CPU "
              f"{one.app_cpu / (one.wall or 1):.2f} -> {two.app_cpu / (two.wall or 1):.2f} "
              f"cores, machine {one.busy:.0%} -> {two.busy:.0%} busy.")
        if two.busy >= 0.9:
            print("  With two processes the machine's cores were (nearly) all busy: past "
                  "that, more processes on this machine cannot help; more cores or another "
                  "machine would.")
    print(f"- Before the app level, with nothing of this script running, the machine was "
          f"{background:.0%} busy (other jobs): busy figures above include them.")
    print("- Figures from one run on a machine that may be busy with other work; "
          "compare the ratios of the same run, not milliseconds across runs.")


# -- main -------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pg", default=os.environ.get("RAATI_TEST_PG") or DEFAULT_PG,
                    help="PostgreSQL database where fresh schemas may be made")
    ap.add_argument("--writers", type=int, default=8, help="store level: threads (8)")
    ap.add_argument("--store-seconds", type=float, default=8.0,
                    help="store level: seconds of each run (8)")
    ap.add_argument("--store-reps", type=int, default=2,
                    help="store level: runs per engine, alternated (2)")
    ap.add_argument("--ns", type=int, nargs="+", default=list(DEFAULT_NS),
                    help="app level: simultaneous respondents (1 10 30)")
    ap.add_argument("--setups", nargs="+", choices=SETUPS, default=list(SETUPS),
                    metavar="SETUP", help=f"app level: which of {', '.join(SETUPS)} (all)")
    ap.add_argument("--app-reps", type=int, default=2,
                    help="app level: runs of each setup and N, interleaved, pooled (2)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="app level: think time before each tap, s (0.5x-1.5x at random; 0)")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="app level: seconds one tap may take (60)")
    ap.add_argument("--deadline", type=float, default=300.0,
                    help="app level: seconds a phase (open, taps) of one N may take (300)")
    ap.add_argument("--skip-store", action="store_true")
    ap.add_argument("--skip-app", action="store_true")
    args = ap.parse_args()
    if min(*args.ns, args.writers, args.store_reps, args.app_reps) < 1:
        ap.error("--ns, --writers, --store-reps and --app-reps must be 1 or more")
    args.taps, args.max_taps = 0, 60  # what tap_load.run_n reads

    started = time.perf_counter()
    load_before = load()
    tmp = Path(tempfile.mkdtemp(prefix="raati-scaleout-"))
    dbs = Databases(args.pg, tmp)
    ok = True
    try:
        defs = tmp / "defs"
        shutil.copytree(REPO / "survey_defs", defs)
        os.environ["RAATI_DEFS"] = str(defs)
        store_ok = app_ok = True
        if not args.skip_store:
            _, store_ok = store_level(args, dbs, defs)
        app_runs: list[AppRun] = []
        if not args.skip_app:
            background = background_busy()
            app_runs, app_ok = app_level(args, dbs, defs, tmp)
            report_app(app_runs, args)
            interpret(app_runs, args, os.cpu_count() or 0, background)
        ok = store_ok and app_ok
        import psycopg

        with psycopg.connect(args.pg) as conn:
            pgv = conn.execute("SHOW server_version").fetchone()[0]
        hav = subprocess.run(["haproxy", "-v"], capture_output=True, text=True,
                             check=False).stdout.split(" - ")[0].strip()
        print()
        print(f"machine: {versions()}; SQLite {sqlite3.sqlite_version}; PostgreSQL {pgv}; "
              f"{hav}")
        print(f"load average at start {load_before}, at end {load()}; "
              f"whole run {time.perf_counter() - started:.0f} s; "
              f"counts {'all match (0 lost)' if ok else 'DO NOT ALL MATCH or errors: see above'}")
    finally:
        dbs.drop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
