#!/usr/bin/env python
"""The survey builder's server work per edit (issue 15), against the survey list.

Usage (from the repo root, in the venv)::

    python bench/builder_speed.py              # 15 edits per case
    python bench/builder_speed.py --reps 30

A temp database and a copy of ``survey_defs/``. In Streamlit's AppTest (the page's own
script run in this process, no browser: what the server does for one tap), a staff
account opens *Kyselyt* and makes a working copy of each shipped survey as a template
(asiakaskysely: 12 questions in 3 languages; viikkofiilis: 5). Each edit types a new
text into question 1 (the widget's callback saves the working copy, logs it, and the
page validates and draws every question with its hints again). The reference, measured
in the same run and interleaved, is a rerun of the survey list (the read-only page this
builder replaced). Also timed: publishing a version (validate, meaning-change rules,
store). Prints the median and p95 (ms) and the ratio of medians. A benchmark, not a
test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="raati-builder-bench-"))
    try:
        shutil.copytree(REPO / "survey_defs", tmp / "defs")
        os.environ["RAATI_DB"] = str(tmp / "raati.db")
        os.environ["RAATI_DEFS"] = str(tmp / "defs")
        from streamlit.testing.v1 import AppTest

        from raati import auth, survey_catalog
        from raati.store import Store

        store = Store(tmp / "raati.db")
        user = auth.create_user(store, "bench-staff", "staff", secrets.token_urlsafe(16),
                                ["puupaja"])

        def app():
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
            at.session_state["session_token"] = auth.start_session(store, user)
            at.run()
            return at.switch_page("pages/surveys.py").run()

        results = {}
        for template in ("asiakaskysely", "viikkofiilis"):
            sid = f"bench-{template}"
            data, pictures = survey_catalog.template_definition(store, tmp / "defs", template)
            data["id"] = sid
            survey_catalog.new_draft(store, tmp / "defs", sid,
                                     survey_catalog.dump_definition(data), pictures)
            listing = app()
            editor = app()
            editor.session_state["builder_survey"] = sid
            editor.run()
            key = f"bf:{sid}:questions[1].text:fi"
            edits, lists = [], []
            for i in range(args.reps):
                start = time.perf_counter()
                listing.run()
                lists.append(time.perf_counter() - start)
                editor.text_input(key=key).input(f"Miten viikko meni? ({i})")
                start = time.perf_counter()
                editor.run()
                edits.append(time.perf_counter() - start)
                assert not editor.exception, editor.exception
            draft = store.survey_draft(sid)
            start = time.perf_counter()
            survey_catalog.publish(store, tmp / "defs", draft.definition, draft.pictures)
            publish = time.perf_counter() - start
            results[template] = (edits, lists, publish)
        print(f"builder edit vs survey list rerun, {args.reps} reps, AppTest in-process"
              f" ({os.cpu_count()} cores, load {os.getloadavg()[0]:.2f})")
        print(f"{'template':<15}{'edit median/p95 ms':>22}{'list median/p95 ms':>22}"
              f"{'ratio':>8}{'publish ms':>12}")
        for template, (edits, lists, publish) in results.items():
            em, lm = statistics.median(edits) * 1000, statistics.median(lists) * 1000
            print(f"{template:<15}{em:>12.0f} / {_p95(edits) * 1000:<7.0f}"
                  f"{lm:>12.0f} / {_p95(lists) * 1000:<7.0f}{em / lm:>8.1f}"
                  f"{publish * 1000:>12.0f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
