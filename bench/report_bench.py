#!/usr/bin/env python
"""How long do reports take, and how do the results views scale?

Usage (from the repo root, in the venv)::

    python bench/report_bench.py                    # everything (1M rows: a few minutes)
    python bench/report_bench.py --sizes 100000     # only the 100 000 responses part
    python bench/report_bench.py --skip-reports     # only the scaling part

1. Reports: the PDF and the PPTX of the demo survey (``asiakaskysely``, 12 questions: 9 on
   the 1–4 scale, a grade, 2 open) and of a survey of 12 questions on the 1–4 scale. For
   each: the PDF (charts drawn as vectors by fpdf2) and the PPTX (PowerPoint's own
   charts), the first in the process and again, and their parts (content, layout).
2. Scaling: 100 000 and 1 000 000 responses × 12 scale questions (one in five with a
   comment), written into a temp SQLite database of the app's own schema through the
   store's write paths with its real random ids (:func:`generate`). At 100 000 the PDF
   and the PPTX report are timed in a fresh process with the view built (cold, then
   warm). Each measure runs in a fresh child process, so its peak RSS is its own:

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
sys.path.insert(0, str(REPO / "bench"))  # text_bench's comments

SURVEY_ID = "bench12"
QUESTIONS = [f"k{i:02d}" for i in range(1, 13)]
BATCH = 20_000  # responses per transaction
COMMENTED = QUESTIONS[:3]  # the questions with a "Kerro lisää" comment box
COMMENT_SHARE = 0.2  # of responses with a comment (on one of COMMENTED)
SUBMITTED = 2_000  # responses written one by one, as the answer page writes them
REPORT_SIZE = 100_000  # the database size at which the PDF and PPTX are timed


def survey_yaml() -> str:
    import yaml

    return yaml.safe_dump({
        "id": SURVEY_ID, "title": {"fi": "Vertailukysely – 12 väittämää (å, ä, ö)"},
        "languages": ["fi", "sv", "en"],
        "questions": [{"id": qid, "type": "likert", "text": {
            "fi": f"Väittämä {i}: työtoiminta on auttanut minua asiassa {i}."},
            **({"comment": True} if qid in COMMENTED else {})}
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

        t0 = time.perf_counter()
        pdf = report.report_pdf(survey, view, texts, **kwargs)
        t_pdf_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.report_pdf(survey, view, texts, **kwargs)
        t_pdf_warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        pptx = report.report_pptx(survey, view, texts, **kwargs)
        t_pptx_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        content = report.report_content(survey, view, texts, **kwargs)
        t_content = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.pdf_from_content(content)
        t_pdf_layout = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.pptx_from_content(content)
        t_pptx_layout = time.perf_counter() - t0
        t0 = time.perf_counter()
        report.report_pptx(survey, view, texts, **kwargs)
        t_pptx_warm = time.perf_counter() - t0
        n_questions = len(survey.questions)
        n_likert = sum(q.type == "likert" for q in survey.questions)
        n_charts = sum(len(charts) for charts in (content.likert_charts,
                                                  content.compare_charts,
                                                  content.option_charts))
        print(f"{sid}: {n_questions} questions ({n_likert} on 1–4), {view.responses} responses,"
              f" {len(texts)} texts, {len(comparisons)} units compared, "
              f"{n_charts} charts per report")
        print(f"  PDF,  first in the process: {t_pdf_cold:6.2f} s  ({len(pdf) / 1024:.0f} KB);"
              f" again: {t_pdf_warm:6.2f} s")
        print(f"  PPTX, after the PDF:        {t_pptx_cold:6.2f} s  ({len(pptx) / 1024:.0f} KB);"
              f" again: {t_pptx_warm:6.2f} s")
        print(f"  of which: content {t_content:.3f} s, PDF layout {t_pdf_layout:.3f} s, "
              f"PPTX layout {t_pptx_layout:.3f} s")
    print()


# -- 2. scaling ---------------------------------------------------------------------------


def generate(db: Path, defs: Path, n: int) -> dict:
    """n responses × 12 likert answers (and comments on one response in five) into a
    fresh database, through the store's own write paths and with its real key shape
    (``new_response_id``: random uuid4 hex, so the B-trees fill in random order, as in
    use): the first :data:`SUBMITTED` one response per transaction
    (``Store.submit_response``, as the answer page writes), the rest in batches of
    :data:`BATCH` through ``Store.import_responses`` (``raati import``). Returns the
    seconds of each part and the number of comments."""
    from text_bench import make_comments

    from raati.store import Answer, NewResponse, Store, new_response_id

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
    values = "1234"
    cum = [[sum(w[: i + 1]) / sum(w) for i in range(4)] for w in weights]
    comments = iter(make_comments(int(n * COMMENT_SHARE * 1.1) + 10, seed=11))
    n_comments = 0

    def response() -> NewResponse:
        nonlocal n_comments
        if rng.random() < 0.1:  # one in ten imported from paper, without a round
            unit = rng.choice(units)
            date, round_id = f"2025-{rng.randint(1, 12):02d}-15", None
        else:
            rnd, unit, opens = rng.choice(rounds)
            date, round_id = opens[:8] + "20", rnd.id
        lang = rng.choices(("fi", "sv", "en"), (8, 1, 1))[0]
        answers = []
        for j, q in enumerate(QUESTIONS):
            if rng.random() < 0.04:  # some leave a question unanswered
                continue
            r, c = rng.random(), cum[j % 3]
            answers.append(Answer(q, "value", values[next(k for k in range(4) if r <= c[k])]))
        if rng.random() < COMMENT_SHARE:
            answers.append(Answer(rng.choice(COMMENTED), "comment", next(comments)))
            n_comments += 1
        return NewResponse(survey=SURVEY_ID, date=date, lang=lang, answers=tuple(answers),
                           unit=unit, round_id=round_id, id=new_response_id())

    t0 = time.perf_counter()
    submitted = min(n, SUBMITTED)
    for _ in range(submitted):
        store.submit_response(response())
    t1 = time.perf_counter()
    for start in range(submitted, n, BATCH):
        store.import_responses([response() for _ in range(start, min(n, start + BATCH))])
    t2 = time.perf_counter()
    import sqlite3

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds everything
    conn.execute("ANALYZE")
    conn.close()
    return {"submit": t1 - t0, "submitted": submitted, "import": t2 - t1,
            "seconds": time.perf_counter() - t0, "comments": n_comments}


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


def measure_report(db: str, defs: str, kind: str) -> dict:
    """A fresh process with the view already computed (what the results page holds):
    the report (PDF or PPTX) twice, cold (first in the process: modules import, fonts
    load) and warm."""
    from analysis import report
    from analysis.views import build_view, shown_texts
    from raati.store import Store
    from raati.surveys import find_survey

    survey = find_survey(defs, SURVEY_ID)
    store = Store(db)
    data = store.block_counts(SURVEY_ID, [])
    view = build_view(survey, data, 5)
    free = store.free_texts(SURVEY_ID, [q.id for q in survey.questions if q.type == "text"])
    # Every text approved as written (the moderation table itself is not the point).
    moderation = {(t["response_id"], t["question"], t["kind"]): ("approved", t["text"])
                  for t in free}
    texts = shown_texts(view, free, moderation)
    make = report.report_pdf if kind == "pdf" else report.report_pptx
    args = dict(units_label="Kaikki yksiköt", period_label="2025–2026", min_group=5)
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        out = make(survey, view, texts, **args)
        times.append(time.perf_counter() - t0)
    return {"cold": times[0], "warm": times[1], "kb": len(out) / 1024, "texts": len(texts),
            "responses": view.responses, "kaleido": "kaleido" in sys.modules,
            "rss_peak_mb": rss_mb()}


def measure_pandas(db: str, blocks: bool, survey: str = SURVEY_ID) -> dict:
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
            conn, params=[survey])
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
        gen = generate(db, defs, n)
        size_mb = db.stat().st_size / 2**20
        print(f"\n{n:,} responses".replace(",", " ")
              + f" ({gen['comments']} with a comment): generated in {gen['seconds']:.1f} s"
              f" ({gen['submitted']} by submit_response {gen['submit']:.1f} s, the rest by"
              f" import_responses {gen['import']:.1f} s); {size_mb:.0f} MB database"
              " (random uuid4 ids)")
        if n == REPORT_SIZE:
            for kind in ("pdf", "pptx"):
                rep = child(f"report-{kind}", db, defs)
                print(f"  {kind.upper():4} report, fresh process with the view built: cold "
                      f"{rep['cold']:5.2f} s, warm {rep['warm']:5.2f} s ({rep['kb']:.0f} KB, "
                      f"{rep['texts']} texts given, kaleido imported: {rep['kaleido']},"
                      " peak"
                      f" RSS {rep['rss_peak_mb']:.0f} MB)")
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
    parser.add_argument("--child", choices=("raati", "pandas", "pandas-blocks",
                                             "report-pdf", "report-pptx"))
    parser.add_argument("--db")
    parser.add_argument("--defs")
    args = parser.parse_args()
    if args.child:
        if args.child == "raati":
            result = measure_raati(args.db, args.defs)
        elif args.child.startswith("report-"):
            result = measure_report(args.db, args.defs, args.child.removeprefix("report-"))
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
