#!/usr/bin/env python
"""How quickly does a round link answer a tap? Raati's client answer flow next to a bare
one-button Streamlit page, in headless Chromium on a phone-sized screen.

Usage (from the repo root, in the venv)::

    python bench/answer_speed.py --reps 20

Measured, each ``--reps`` times, every opening in a fresh browser context:

* open: ``page.goto(link)`` → the start screen ready (the "Aloita" button visible and
  enabled, the app idle), and → the first question ready (tapping "Aloita" included).
  Bare page: ``page.goto`` → its button ready.
* tap: tapping a scale button of question k → question k+1 on screen and the app idle.
  A question with a comment box waits for "Seuraava", so there the sample is tap → answer
  marked → tap "Seuraava" → next question (two round trips, as a person does it).
  Bare page: tapping the button → the counter shows the new value and the app is idle.

"Idle" is ``[data-testid="stApp"][data-test-script-state="notRunning"]``. A benchmark,
not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("RAATI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3, "locale": "fi-FI"}
SURVEY = "asiakaskysely"
TIMEOUT_MS = 30_000

BARE_APP = '''import streamlit as st


def _more():
    st.session_state.n = st.session_state.get("n", 0) + 1


st.button("Paina", key="b", on_click=_more)
st.write(st.session_state.get("n", 0))
'''

# Polled on every animation frame (~16 ms) by page.wait_for_function.
# True when the app is idle, every selector matches a visible, enabled element, and the
# optional text check holds (selector, exact trimmed text).
READY_JS = """([sels, textSel, text]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (textSel !== null) {
    const els = document.querySelectorAll(textSel);
    if (!Array.from(els).some(e => e.textContent.trim() === text)) return false;
  }
  for (const s of sels) {
    const el = document.querySelector(s);
    if (!el || el.disabled) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
  }
  return true;
}"""


def free_port(taken: set[int]) -> int:
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in taken:
            taken.add(port)
            return port


class Server:
    """``streamlit run SCRIPT`` on a free port, waited for through /_stcore/health."""

    def __init__(self, name: str, script: Path, port: int, log: Path, env: dict[str, str]):
        self.name, self.script, self.port, self.log_path, self.env = name, script, port, log, env
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen | None = None
        self.log = None

    def start(self) -> None:
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} server exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)  # polling the server's start, not part of any timing
        raise RuntimeError(f"the {self.name} server did not become healthy in 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.log:
            self.log.close()


@contextlib.contextmanager
def bench_servers(prefix: str, bare_app: str, extra_env: dict[str, str] | None = None):
    """A temp folder with a fresh database and a copy of ``survey_defs/`` (this process's
    RAATI_DB and RAATI_DEFS pointed at them), Raati started as ``scripts/start.sh`` does
    (``serve.py``) and the bare page ``bare_app`` on free ports, both healthy. Yields
    ``(tmp, db, defs, raati, bare)``; afterwards stops both and removes the folder, and
    if the body failed prints the tail of each server's log."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    servers: list[Server] = []
    try:
        db, defs = tmp / "raati.db", tmp / "defs"
        shutil.copytree(REPO / "survey_defs", defs)
        os.environ["RAATI_DB"], os.environ["RAATI_DEFS"] = str(db), str(defs)
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        env = {**os.environ, **(extra_env or {})}
        env.pop("RAATI_BASE_URL", None)
        bare_script = tmp / "bare_button.py"
        bare_script.write_text(bare_app)
        ports: set[int] = set()
        servers = [Server("Raati", REPO / "serve.py", free_port(ports), tmp / "raati.log", env),
                   Server("bare", bare_script, free_port(ports), tmp / "bare.log", env)]
        for srv in servers:
            srv.start()
        for srv in servers:
            srv.wait_healthy()
        yield tmp, db, defs, servers[0], servers[1]
    except Exception:
        for srv in servers:
            if srv.log_path.exists():
                print(f"--- {srv.name} server log (tail) ---", file=sys.stderr)
                print(srv.log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
        raise
    finally:
        for srv in servers:
            srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def wait_ready(page, sels: list[str], text_sel: str | None = None, text: str = "") -> None:
    page.wait_for_function(READY_JS, arg=[sels, text_sel, text], polling="raf",
                           timeout=TIMEOUT_MS)


def answer_controls(q) -> list[str]:
    """Selectors of the controls that must be usable before question q counts as ready."""
    if q.type == "likert":
        sels = [f".st-key-scale_{p}_{q.id} button" for p in (1, 2, 3, 4)]
    elif q.type == "grade":
        sels = [f".st-key-grade_{g}_{q.id} button" for g in range(4, 11)]
    elif q.type == "choice":
        sels = [f".st-key-opt_{q.id}_{o.id} button" for o in q.options]
    elif q.type == "multi":
        sels = [f".st-key-multi_{q.id}_{o.id} input" for o in q.options]
    else:
        sels = [f".st-key-text_{q.id} textarea"]
    if q.comment:
        sels += [f".st-key-comment_{q.id} textarea", ".st-key-next button"]
    return sels


def tap_control(q) -> str:
    if q.type == "likert":
        return f".st-key-scale_3_{q.id} button"
    if q.type == "grade":
        return f".st-key-grade_8_{q.id} button"
    if q.type == "choice":
        return f".st-key-opt_{q.id}_{q.options[0].id} button"
    raise ValueError(f"{q.id}: {q.type} is not answered with one tap")


@dataclass
class Samples:
    raati_start: list[float] = field(default_factory=list)      # link → start screen
    raati_first_q: list[float] = field(default_factory=list)    # link → first question
    raati_aloita: list[float] = field(default_factory=list)     # tap Aloita → first q
    raati_next: list[float] = field(default_factory=list)       # tap → next question
    raati_next_auto: list[float] = field(default_factory=list)  # ... no comment box
    raati_next_comm: list[float] = field(default_factory=list)  # ... tap + Seuraava
    raati_mark: list[float] = field(default_factory=list)       # tap → answer marked
    raati_seuraava: list[float] = field(default_factory=list)   # Seuraava → next q
    bare_open: list[float] = field(default_factory=list)
    bare_tap: list[float] = field(default_factory=list)


def ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def raati_visit(browser, link: str, survey, s: Samples, taps_wanted: int) -> None:
    """One fresh context: open the link, tap Aloita, then answer questions while fewer
    than ``taps_wanted`` tap samples are in ``s``."""
    ctx = browser.new_context(**PHONE)
    try:
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(link, wait_until="commit")
        wait_ready(page, [".st-key-start button"])
        start_ms = ms(t0)
        total = len(survey.questions)
        t1 = time.perf_counter()
        page.locator(".st-key-start button").tap(force=True)
        wait_ready(page, answer_controls(survey.questions[0]), "p.raati-progress",
                   f"Kysymys 1 / {total}")
        s.raati_start.append(start_ms)
        s.raati_aloita.append(ms(t1))
        s.raati_first_q.append(ms(t0))
        for k, q in enumerate(survey.questions[:-1]):
            if len(s.raati_next) >= taps_wanted:
                break
            if q.type not in ("likert", "grade", "choice"):
                break  # text and multi questions are not answered with a tap
            nxt = survey.questions[k + 1]
            t0 = time.perf_counter()
            page.locator(tap_control(q)).tap(force=True)
            if q.comment:  # the answer is marked; "Seuraava" moves on
                wait_ready(page, [tap_control(q).replace(
                    " button", ' [data-testid="stBaseButton-primary"]')])
                s.raati_mark.append(ms(t0))
                t1 = time.perf_counter()
                page.locator(".st-key-next button").tap(force=True)
            wait_ready(page, answer_controls(nxt), "p.raati-progress",
                       f"Kysymys {k + 2} / {total}")
            s.raati_next.append(ms(t0))
            if q.comment:
                s.raati_next_comm.append(ms(t0))
                s.raati_seuraava.append(ms(t1))
            else:
                s.raati_next_auto.append(ms(t0))
    finally:
        ctx.close()


def bare_visit(browser, url: str, s: Samples, taps_wanted: int, per_visit: int) -> None:
    """One fresh context: open the page, then tap (at most ``per_visit`` times) while fewer
    than ``taps_wanted`` tap samples are in ``s``."""
    ctx = browser.new_context(**PHONE)
    try:
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        wait_ready(page, [".st-key-b button"], '[data-testid="stMarkdownContainer"] p', "0")
        s.bare_open.append(ms(t0))
        for n in range(1, per_visit + 1):
            if len(s.bare_tap) >= taps_wanted:
                break
            t0 = time.perf_counter()
            page.locator(".st-key-b button").tap(force=True)
            wait_ready(page, [".st-key-b button"], '[data-testid="stMarkdownContainer"] p',
                       str(n))
            s.bare_tap.append(ms(t0))
    finally:
        ctx.close()


def pct(xs: list[float], p: float) -> float:
    """Percentile with linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(xs)
    if not xs:
        return math.nan
    pos = (len(xs) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def machine(browser_version: str) -> str:
    from importlib.metadata import version

    import streamlit

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"nproc {os.cpu_count()}{f' ({cpu})' if cpu else ''}; "
            f"Python {platform.python_version()}; Streamlit {streamlit.__version__}; "
            f"Chromium {browser_version} (headless); Playwright {version('playwright')}; "
            f"{platform.system()} {platform.release()}; load average now {load}")


def report(s: Samples, reps: int, machine_line: str, warm: dict[str, float],
           wall_s: float) -> None:
    def row(label: str, r: list[float], b: list[float] | None) -> str:
        rm, rp = pct(r, 50), pct(r, 95)
        if b:
            bm, bp = pct(b, 50), pct(b, 95)
            return (f"{label:<44} {len(r):>3} {rm:>8.0f} {rp:>8.0f} {bm:>8.0f} {bp:>8.0f}"
                    f" {rm / bm:>7.1f}x {rp / bp:>7.1f}x")
        return f"{label:<44} {len(r):>3} {rm:>8.0f} {rp:>8.0f} {'':>8} {'':>8} {'':>8} {'':>8}"

    head = (f"{'measure (ms)':<44} {'n':>3} {'Raati':>8} {'Raati':>8} {'bare':>8} {'bare':>8}"
            f" {'ratio':>8} {'ratio':>8}\n"
            f"{'':<44} {'':>3} {'median':>8} {'p95':>8} {'median':>8} {'p95':>8}"
            f" {'median':>8} {'p95':>8}")
    print()
    print(f"answer_speed: survey {SURVEY} ({reps} reps; every opening in a fresh context;"
          f" phone viewport 390x844)")
    print(f"machine: {machine_line}")
    print(head)
    print("-" * len(head.splitlines()[0]))
    print(row("a. link -> start screen ready", s.raati_start, s.bare_open))
    print(row("a. link -> first question ready (+Aloita)", s.raati_first_q, s.bare_open))
    print(row("b. tap -> next question ready (all)", s.raati_next, s.bare_tap))
    print("breakdown of b. and of the Aloita tap (each next to the bare page's tap):")
    print(row("   tap Aloita -> first question ready", s.raati_aloita, s.bare_tap))
    print(row("   tap -> next q, no comment box (1 trip)", s.raati_next_auto, s.bare_tap))
    print(row("   tap+Seuraava -> next q, comment (2 trips)", s.raati_next_comm, s.bare_tap))
    print(row("     of which tap -> answer marked", s.raati_mark, s.bare_tap))
    print(row("     of which Seuraava -> next q ready", s.raati_seuraava, s.bare_tap))
    print(f"warm-up (first visit after server start, not in the table): Raati link -> start"
          f" screen {warm['raati']:.0f} ms; bare goto -> button {warm['bare']:.0f} ms")
    print(f"bare = one st.button + st.write counter; p95 by linear interpolation;"
          f" whole run {wall_s:.0f} s")


def parse_browser_bench_args(ap: argparse.ArgumentParser) -> argparse.Namespace | None:
    """Parse the arguments of a browser benchmark (they have ``--reps``): a count under 1
    is refused by argparse; None (after saying why) when Debian's Chromium is missing."""
    args = ap.parse_args()
    if args.reps < 1:
        ap.error("--reps must be 1 or more")
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return None
    return args


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=20,
                    help="samples per measure (fresh contexts for every opening; default 20)")
    args = parse_browser_bench_args(ap)
    if args is None:
        return 2

    started = time.perf_counter()
    load_before = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with bench_servers("raati-bench-", BARE_APP) as (_tmp, db, defs, raati, bare):
        from raati.store import Store
        from raati.surveys import load_surveys

        survey = load_surveys(defs)[SURVEY]
        rnd = Store(db).open_round(SURVEY, "puupaja")
        link = f"{raati.url}/?r={rnd.token}"

        from playwright.sync_api import sync_playwright

        # Taps per answering context: the one-tap questions up to the first text question.
        per_visit = sum(1 for _ in _tap_questions(survey))
        s = Samples()
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=CHROMIUM_ARGS)
            try:
                warm_s, warm_b = Samples(), Samples()
                raati_visit(browser, link, survey, warm_s, taps_wanted=1)
                bare_visit(browser, bare.url, warm_b, taps_wanted=1, per_visit=1)
                warm = {"raati": warm_s.raati_start[0], "bare": warm_b.bare_open[0]}
                for i in range(args.reps):
                    raati_visit(browser, link, survey, s, taps_wanted=args.reps)
                    bare_visit(browser, bare.url, s, taps_wanted=args.reps,
                               per_visit=per_visit)
                    print(f"  rep {i + 1}/{args.reps} done", file=sys.stderr, flush=True)
                machine_line = machine(browser.version)
            finally:
                browser.close()
        raati.stop()
        bare.stop()
        report(s, args.reps, f"{machine_line} (at start {load_before})", warm,
               time.perf_counter() - started)
        return 0


def _tap_questions(survey):
    for q in survey.questions[:-1]:
        if q.type not in ("likert", "grade", "choice"):
            return
        yield q


if __name__ == "__main__":
    sys.exit(main())
