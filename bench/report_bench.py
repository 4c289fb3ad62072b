#!/usr/bin/env python
"""How long do reports take, and how do the results views scale?

Usage (from the repo root, in the venv)::

    python bench/report_bench.py                    # everything (1M rows: a few minutes)
    python bench/report_bench.py --sizes 100000     # only the 100 000 responses part
    python bench/report_bench.py --skip-reports     # only the scaling part

1. Reports: the PDF and the PPTX of the demo survey (``asiakaskysely``, 12 questions: 9 on
   the 1–4 scale, a grade, 2 open) and of a survey of 12 questions on the 1–4 scale. For
   each: rendering the charts (kaleido: one Chromium start plus about half a second a
   figure), laying out the PDF, laying out the PPTX (reusing the PNGs from the cache).
2. Scaling: 100 000 and 1 000 000 responses × 12 scale questions, written straight into
   a temp SQLite database of the app's own schema (``Store`` creates it; rows go in with
   ``executemany`` in batches, sequential ids). Each measure runs in a fresh child process,
   so its peak RSS (``resource.getrusage``) is its own:

   - raati: ``Store.block_counts`` + ``analysis.views.build_view`` + ``likert_chart``
     (the figure object, no rendering);
   - pandas: read the answers table into a DataFrame and ``groupby(question, value)``
     (the plain count, no units, periods or minimum-group rule), and the same with the
     response's unit, period and language joined in (what block_counts computes).

A benchmark, not a test: it prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SURVEY_ID = "bench12"
QUESTIONS = [f"k{i:02d}" for i in range(1, 13)]
BATCH = 20_000  # responses per transaction


def survey_yaml() -> str:
    import yaml

    return yaml.safe_dump({
        "id": SURVEY_ID, "title": {"fi": "Vertailukysely – 12 väittämää (å, ä, ö)"},
        "languages": ["fi", "sv", "en"],
        "questions": [{"id": qid, "type": "likert", "text": {
            "fi": f"Väittämä {i}: työtoiminta on auttanut minua asiassa {i}."}}
            for i, qid in enumerate(QUESTIONS, start=1)],
    }, allow_unicode=True, sort_keys=False)


def rss_mb() -> float:
    """Peak RSS of this process so far, in MB. VmHWM where Linux has it: getrusage's
    ru_maxrss of a child keeps the parent's peak at the fork (it survives exec on Linux),
    which would hide the child's own figure."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. reports ---------------------------------------------------------------------------


def bench_reports(tmp: Path, defs: Path) -> None:
    import datetime as dt

    from analysis import report
    from analysis.views import build_view, shown_texts
    from raati.demo import fill_demo
    from raati.store import Answer, NewResponse, Store
    from raati.surveys import find_survey

    print("== reports ==")
    store = Store(tmp / "demo.db")
    fill_demo(store, defs, today=dt.date(2026, 3, 16))
    # The 12-question survey: 300 responses in 3 units.
    rng = random.Random(1)
    rounds = {u: store.open_round(SURVEY_ID, u, opens="2026-01-01", closes="2026-02-28",
                                  expected=120) for u in ("puupaja", "ompelimo", "kahvila")}
    store.import_responses([
        NewResponse(survey=SURVEY_ID, date="2026-01-15", lang="fi", unit=u,
                    round_id=rounds[u].id, id=f"b-{u}-{i}",
                    answers=tuple(Answer(q, "value", str(rng.choices((1, 2, 3, 4),
                                                                     (1, 2, 4, 3))[0]))
                                  for q in QUESTIONS))
        for u in rounds for i in range(100)])

    for sid in ("asiakaskysely", SURVEY_ID):
        survey = find_survey(defs, sid)
        data = store.block_counts(sid, [q.id for q in survey.questions if q.type == "multi"])
        view = build_view(survey, data, 5)
        text_qs = [q.id for q in survey.questions if q.type == "text"]
        free = store.free_texts(sid, text_qs)
        moderation = {(t["response_id"], t["question"], t["kind"]): ("approved", t["text"])
                      for t in free}
        texts = shown_texts(view, free, moderation)
        units = sorted({b[0] for b in data["respondents"]})
        comparisons = [(u, build_view(survey, data, 5, units=[u])) for u in units]
        kwargs = dict(units_label=", ".join(units), period_label="2025–2026",
                      comparisons=comparisons, expected=None)

        report._png_cache.clear()
        t0 = time.perf_counter()
        pdf = report.report_pdf(survey, view, texts, **kwargs)
        t_pdf_cold = time.perf_counter() - t0
        rendered = report.render_stats["rendered"]
        t0 = time.perf_counter()
        pptx = report.report_pptx(survey, view, texts, **kwargs)
        t_pptx_warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        content = report.report_content(survey, view, texts, **kwargs)
        t_content = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.pdf_from_content(content)
        t_pdf_layout = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.pptx_from_content(content)
        t_pptx_layout = time.perf_counter() - t0
        report._png_cache.clear()
        t0 = time.perf_counter()
        report.report_pptx(survey, view, texts, **kwargs)
        t_pptx_cold = time.perf_counter() - t0
        n_questions = len(survey.questions)
        n_likert = sum(q.type == "likert" for q in survey.questions)
        print(f"{sid}: {n_questions} questions ({n_likert} on 1–4), {view.responses} responses,"
              f" {len(texts)} texts, {len(comparisons)} units compared, "
              f"{rendered} charts per report")
        print(f"  PDF,  cold (renders every chart, starts Chromium): {t_pdf_cold:6.2f} s"
              f"  ({len(pdf) / 1024:.0f} KB)")
        print(f"  PPTX, after the PDF (PNGs from the cache):         {t_pptx_warm:6.2f} s"
              f"  ({len(pptx) / 1024:.0f} KB)")
        print(f"  PPTX, cold:                                        {t_pptx_cold:6.2f} s")
        print(f"  of which: content with cached PNGs {t_content:.3f} s, PDF layout "
              f"{t_pdf_layout:.3f} s, PPTX layout {t_pptx_layout:.3f} s")
        report.render_stats["rendered"] = 0
    print()


# -- 2. scaling ---------------------------------------------------------------------------


def generate(db: Path, defs: Path, n: int) -> float:
    """n responses × 12 likert answers into a fresh database; returns seconds."""
    import sqlite3

    from raati.store import Store

    store = Store(db)  # the app's schema, by its migrations
    units = [f"paja-{i:02d}" for i in range(20)]
    rounds = []
    for u in units:
        store.ensure_unit(u)
        for opens, closes in (("2025-02-01", "2025-03-31"), ("2025-09-01", "2025-10-31"),
                              ("2026-02-01", "2026-03-31")):
            rounds.append((store.open_round(SURVEY_ID, u, opens=opens, closes=closes,
                                            expected=max(5, n // 60)), u, opens))
    rng = random.Random(7)
    weights = [(1, 2, 4, 3), (3, 4, 3, 1), (1, 1, 4, 6)]
    t0 = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    values = "1234"
    cum = [[sum(w[: i + 1]) / sum(w) for i in range(4)] for w in weights]
    for start in range(0, n, BATCH):
        resp, ans = [], []
        for i in range(start, min(n, start + BATCH)):
            rid = f"{i:09d}"  # sequential: the B-trees fill in order (real ids are random)
            if rng.random() < 0.1:  # one in ten imported from paper, without a round
                unit = rng.choice(units)
                date, round_id = f"2025-{rng.randint(1, 12):02d}-15", None
            else:
                rnd, unit, opens = rng.choice(rounds)
                date, round_id = opens[:8] + "20", rnd.id
            lang = rng.choices(("fi", "sv", "en"), (8, 1, 1))[0]
            resp.append((rid, SURVEY_ID, "", round_id, unit, date, lang))
            for j, q in enumerate(QUESTIONS):
                if rng.random() < 0.04:  # some leave a question unanswered
                    continue
                r, c = rng.random(), cum[j % 3]
                ans.append((rid, q, "value", values[next(k for k in range(4) if r <= c[k])]))
        with conn:
            conn.executemany("INSERT INTO responses (id, survey, survey_version, round_id,"
                             " unit, date, lang) VALUES (?, ?, ?, ?, ?, ?, ?)", resp)
            conn.executemany("INSERT INTO answers (response_id, question, kind, value)"
                             " VALUES (?, ?, ?, ?)", ans)
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - t0


def measure_raati(db: str, defs: str) -> dict:
    base = rss_mb()
    from analysis.charts import likert_chart
    from analysis.views import build_view
    from raati.store import Store
    from raati.surveys import find_survey

    survey = find_survey(defs, SURVEY_ID)
    store = Store(db)
    imported = rss_mb()
    t0 = time.perf_counter()
    data = store.block_counts(SURVEY_ID, [])
    t1 = time.perf_counter()
    view = build_view(survey, data, 5)
    view_unit = build_view(survey, data, 5, units=["paja-03"])
    t2 = time.perf_counter()
    labels = {q.id: survey.text(q.text, "fi") for q in survey.questions}
    scale = {p: survey.text(lab, "fi") for p, lab in survey.scale.items()}
    likert_chart(view.results, labels, scale)
    t3 = time.perf_counter()
    return {"block_counts": t1 - t0, "build_view": (t2 - t1) / 2, "likert_chart": t3 - t2,
            "total": t1 - t0 + (t2 - t1) / 2 + (t3 - t2), "responses": view.responses,
            "unit_responses": view_unit.responses, "blocks": len(data["respondents"]),
            "rss_start_mb": base, "rss_imports_mb": imported, "rss_peak_mb": rss_mb()}


def measure_pandas(db: str, blocks: bool) -> dict:
    import sqlite3

    import pandas as pd

    imported = rss_mb()
    conn = sqlite3.connect(db)
    t0 = time.perf_counter()
    if blocks:
        df = pd.read_sql_query(
            "SELECT coalesce(r.unit, '') AS unit, coalesce('r' || r.round_id,"
            " substr(r.date, 1, 7)) AS period, r.lang, a.question, a.value FROM answers a"
            " JOIN responses r ON r.id = a.response_id WHERE r.survey = ? AND a.kind = 'value'",
            conn, params=[SURVEY_ID])
        t1 = time.perf_counter()
        counts = df.groupby(["unit", "period", "lang", "question", "value"]).size()
    else:
        df = pd.read_sql_query("SELECT question, value FROM answers WHERE kind = 'value'", conn)
        t1 = time.perf_counter()
        counts = df.groupby(["question", "value"]).size()
    t2 = time.perf_counter()
    conn.close()
    return {"read": t1 - t0, "groupby": t2 - t1, "total": t2 - t0, "rows": len(df),
            "groups": len(counts), "rss_imports_mb": imported, "rss_peak_mb": rss_mb()}


def child(kind: str, db: Path, defs: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db),
                          "--defs", str(defs)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_scaling(tmp: Path, defs: Path, sizes: list[int]) -> None:
    print("== scaling: responses × 12 questions on the 1–4 scale ==")
    for n in sizes:
        db = tmp / f"big-{n}.db"
        seconds = generate(db, defs, n)
        size_mb = db.stat().st_size / 2**20
        print(f"\n{n:,} responses".replace(",", " ")
              + f": generated in {seconds:.1f} s ({size_mb:.0f} MB database)")
        r = child("raati", db, defs)
        p = child("pandas", db, defs)
        pb = child("pandas-blocks", db, defs)
        print(f"  raati  block_counts {r['block_counts']:6.2f} s + build_view "
              f"{r['build_view']:.3f} s + likert_chart {r['likert_chart']:.3f} s = "
              f"{r['total']:6.2f} s; peak RSS {r['rss_peak_mb']:.0f} MB "
              f"(after imports {r['rss_imports_mb']:.0f} MB); {r['blocks']} blocks, "
              f"{r['responses']} responses counted")
        print(f"  pandas read {p['read']:6.2f} s + groupby(question, value) {p['groupby']:.3f} s"
              f" = {p['total']:6.2f} s; peak RSS {p['rss_peak_mb']:.0f} MB; {p['rows']} rows")
        print(f"  pandas with unit/period/lang joined: read {pb['read']:6.2f} s + groupby "
              f"{pb['groupby']:.3f} s = {pb['total']:6.2f} s; peak RSS {pb['rss_peak_mb']:.0f} MB")
        print(f"  ratio raati / pandas (plain): time {r['total'] / p['total']:.2f}, peak RSS "
              f"{r['rss_peak_mb'] / p['rss_peak_mb']:.2f}")
        print(f"  ratio raati / pandas (blocks): time {r['total'] / pb['total']:.2f}, peak RSS "
              f"{r['rss_peak_mb'] / pb['rss_peak_mb']:.2f}")
        db.unlink()
        for extra in ("-wal", "-shm"):
            Path(str(db) + extra).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--skip-reports", action="store_true")
    parser.add_argument("--child", choices=("raati", "pandas", "pandas-blocks"))
    parser.add_argument("--db")
    parser.add_argument("--defs")
    args = parser.parse_args()
    if args.child:
        if args.child == "raati":
            result = measure_raati(args.db, args.defs)
        else:
            result = measure_pandas(args.db, blocks=args.child == "pandas-blocks")
        print(json.dumps(result))
        return

    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, "
          f"Python {platform.python_version()}, {platform.platform()}")
    tmp = Path(tempfile.mkdtemp(prefix="raati-bench-"))
    try:
        defs = tmp / "defs"
        shutil.copytree(REPO / "survey_defs", defs)
        (defs / f"{SURVEY_ID}.yaml").write_text(survey_yaml(), encoding="utf-8")
        if not args.skip_reports:
            bench_reports(tmp, defs)
        if args.sizes:
            bench_scaling(tmp, defs, args.sizes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
