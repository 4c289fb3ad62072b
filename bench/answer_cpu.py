#!/usr/bin/env python
"""Server work per tap on the client answer page, next to a bare one-button page.

Usage (from the repo root, in the venv)::

    python bench/answer_cpu.py --passes 5

No browser and no server: both pages are driven in this process by Streamlit's AppTest.
A pass through Raati opens a round link of ``asiakaskysely`` (12 questions), taps
"Aloita", answers every question (a scale button, "Seuraava" where a comment box waits
for it, a grade, the two text questions) up to the send screen. A pass through the bare
page taps its one button as many times. The first pass of each is a warm-up.

AppTest compiles the page scripts anew on every run; a server compiles them once and keeps
the bytecode in its ScriptCache. Here, as on a server, one ScriptCache serves all runs,
so the figures are the pages' own work, not the compiling.

Printed, per tap: CPU time of the process (``time.process_time`` around the tap's run,
AppTest's own work included, the same for both pages) and the bytes of the messages the
run produced, as sent to a browser that keeps Streamlit's message cache: a cacheable
message (a new element of at least ``global.minCachedMessageSize`` bytes) that the
browser got in one of the last ``global.maxCachedMessageAge`` runs goes as a reference to
its hash. Raati's figures are also given as ratios against the bare page of the same
run. A benchmark, not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SURVEY = "asiakaskysely"

BARE_APP = '''import streamlit as st


def _more():
    st.session_state.n = st.session_state.get("n", 0) + 1


st.button("Paina", key="b", on_click=_more)
st.write(st.session_state.get("n", 0))
'''


class Wire:
    """The messages of each run, and their bytes as a caching browser would get them."""

    def __init__(self) -> None:
        from streamlit import config as st_config

        self.min_size = int(st_config.get_option("global.minCachedMessageSize"))
        self.max_age = int(st_config.get_option("global.maxCachedMessageAge"))
        self.last_msgs: list = []
        self.seen: list[set[str]] = []  # hashes the browser holds, newest run last

    def install(self) -> None:
        from streamlit.testing.v1 import local_script_runner

        original = local_script_runner.parse_tree_from_messages

        def capture(msgs):
            self.last_msgs = list(msgs)
            return original(msgs)

        local_script_runner.parse_tree_from_messages = capture

    def bytes_of_last_run(self) -> int:
        from streamlit.runtime.forward_msg_cache import create_reference_msg

        held = set().union(*self.seen[-self.max_age:]) if self.seen else set()
        total, cached_now = 0, set()
        for msg in self.last_msgs:
            if msg.metadata.cacheable and msg.hash:
                cached_now.add(msg.hash)
                if msg.hash in held:
                    total += len(create_reference_msg(msg).SerializeToString())
                    continue
            total += len(msg.SerializeToString())
        self.seen.append(cached_now)
        return total

    def reset(self) -> None:
        self.seen = []


def share_script_cache() -> None:
    """One ScriptCache for every AppTest run, as a server keeps one (see above)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def timed(at, action, wire: Wire) -> tuple[float, int]:
    """Run one tap; its CPU seconds and the bytes of its messages."""
    start = time.process_time()
    action(at)
    cpu = time.process_time() - start
    assert not at.exception, at.exception
    return cpu, wire.bytes_of_last_run()


def raati_taps(survey) -> list:
    """The taps of one pass through the survey, as functions of an AppTest."""

    def click(key):
        return lambda at: at.button(key=key).click().run()

    taps = [click("start")]
    for q in survey.questions:
        if q.type == "likert":
            taps.append(click(f"scale_3_{q.id}"))
            if q.comment:
                taps.append(click("next"))
        elif q.type == "grade":
            taps.append(click(f"grade_8_{q.id}"))
        elif q.type == "text":
            taps.append(click("next" if q.optional else "skip"))
        else:
            raise SystemExit(f"{q.id}: no tap for a {q.type} question in this benchmark")
    return taps


def raati_pass(token: str, survey, wire: Wire) -> list[tuple[float, int]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["r"] = token
    wire.reset()
    at.run()
    wire.bytes_of_last_run()
    samples = [timed(at, tap, wire) for tap in raati_taps(survey)]
    assert at.title and at.title[0].value, "the pass did not reach the send screen"
    return samples


def bare_pass(path: Path, taps: int, wire: Wire) -> list[tuple[float, int]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=60)
    wire.reset()
    at.run()
    wire.bytes_of_last_run()
    return [timed(at, lambda a: a.button(key="b").click().run(), wire) for _ in range(taps)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=5, help="measured passes (default 5)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="raati-answer-cpu-"))
    try:
        shutil.copytree(REPO / "survey_defs", tmp / "defs")
        os.environ["RAATI_DB"] = str(tmp / "raati.db")
        os.environ["RAATI_DEFS"] = str(tmp / "defs")
        for name in ("RAATI_BASE_URL", "RAATI_MIN_GROUP"):
            os.environ.pop(name, None)
        os.chdir(REPO)
        sys.path.insert(0, str(REPO))
        from raati.store import Store
        from raati.surveys import find_survey

        survey = find_survey(tmp / "defs", SURVEY)
        token = Store(tmp / "raati.db").open_round(SURVEY, "puupaja").token
        bare = tmp / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        from streamlit import logger

        logger.set_log_level("error")  # AppTest's taps: "missing ScriptRunContext"
        share_script_cache()
        wire = Wire()
        wire.install()

        raati_pass(token, survey, wire)  # warm-up: imports, caches, first reads
        n_taps = len(raati_taps(survey))
        bare_pass(bare, n_taps, wire)
        raati, plain = [], []
        for _ in range(args.passes):  # interleaved: both see the same machine load
            raati += raati_pass(token, survey, wire)
            plain += bare_pass(bare, n_taps, wire)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def figures(samples):
        cpu = [s[0] * 1000 for s in samples]
        sent = [s[1] for s in samples]
        return statistics.median(cpu), statistics.mean(cpu), statistics.median(sent), \
            statistics.mean(sent)

    r, b = figures(raati), figures(plain)
    import streamlit

    print(f"answer page CPU per tap: {args.passes} passes × {n_taps} taps, AppTest, "
          f"Python {platform.python_version()}, Streamlit {streamlit.__version__}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"{'':24}{'Raati':>10}{'bare':>10}{'Raati/bare':>12}")
    rows = [("CPU ms, median", 0, "{:.1f}"), ("CPU ms, mean", 1, "{:.1f}"),
            ("bytes sent, median", 2, "{:.0f}"), ("bytes sent, mean", 3, "{:.0f}")]
    for label, i, fmt in rows:
        print(f"{label:24}{fmt.format(r[i]):>10}{fmt.format(b[i]):>10}{r[i] / b[i]:>11.2f}×")


if __name__ == "__main__":
    main()
