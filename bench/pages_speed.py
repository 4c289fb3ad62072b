#!/usr/bin/env python
"""Every staff page's time to ready, against a bare Streamlit page in the same run.

Usage (from the repo root, in the venv; needs /usr/bin/chromium)::

    python bench/pages_speed.py                 # demo size, then 100 000 responses
    python bench/pages_speed.py --reps 3 --sizes demo

Raati (``serve.py``, as ``scripts/start.sh`` runs it) and a bare one-button page run on
free ports over a temp database (``answer_speed.bench_servers``). An admin account logs
in once in headless Chromium; then each staff page of ``raati routes`` is opened by its
address (a new page load: the browser reconnects and the login cookie is read again),
``--reps`` times, interleaved with the bare page. Time to ready = from the navigation's
start until the page's heading is drawn, its script has finished and no element of an
earlier run is left (Streamlit's own state, never a fixed wait). The bare page's time to
ready is its button drawn and its script finished.

Two sizes: the demo content (``raati demo``), then the same database with 100 000
responses more (``speed_bench.generate``: 20 units × 3 rounds, written through the
store's import path with random ids). Prints per page the median and the worst time and
the ratio of medians against the bare page; issue 11 asks for ≤ 2× at demo size and
≤ 4× at 100 000 responses. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from answer_speed import BARE_APP, CHROMIUM, REPO, bench_servers, parse_browser_bench_args  # noqa: E402

READY = """heading => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]'))
    return false;
  return heading ? document.querySelector('[data-testid="stMain"] h1') !== null
                 : document.querySelector('[data-testid="stMain"] button') !== null;
}"""
TARGETS = {"demo": 2.0, "100000": 4.0}


def staff_routes() -> list[dict]:
    out = subprocess.run([sys.executable, "-m", "raati.cli", "routes", "--json"], cwd=REPO,
                         capture_output=True, text=True, check=True)
    return [r for r in json.loads(out.stdout) if "public" not in r["roles"]]


def time_to_ready(page, url: str, heading: bool) -> float:
    # The measured tab in front: a background tab gets no animation frames (READY polls
    # on them) and throttled timers, which added about a second to whichever of the two
    # tabs was behind (the Raati tab, before this was done).
    page.bring_to_front()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(READY, arg=heading, timeout=120_000, polling="raf")
    return time.perf_counter() - t0


def measure(browser, raati_url: str, bare_url: str, routes: list[dict], user: str,
            password: str, reps: int) -> dict[str, list[float]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(raati_url + "/")
    page.wait_for_function(READY, arg=True, timeout=120_000)
    page.get_by_label("Käyttäjätunnus").fill(user)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("heading", name="Tervetuloa Raatiin").wait_for(timeout=60_000)
    # The login cookie is set by the page's script through the cookie route: wait for it.
    deadline = time.monotonic() + 30
    while not any(c["name"] == "raati_session" for c in context.cookies()):
        if time.monotonic() > deadline:
            raise RuntimeError("no login cookie after 30 s")
        page.wait_for_timeout(100)  # polling for the cookie, not part of any timing
    bare_page = context.new_page()
    times: dict[str, list[float]] = {"bare": []}
    for route in routes:  # one visit each first: not in the figures (first imports)
        time_to_ready(page, raati_url + route["path"], True)
    time_to_ready(bare_page, bare_url, False)
    for _ in range(reps):
        for route in routes:
            times.setdefault(route["path"], []).append(
                time_to_ready(page, raati_url + route["path"], True))
            times["bare"].append(time_to_ready(bare_page, bare_url, False))
    context.close()
    return times


def report(size: str, times: dict[str, list[float]], routes: list[dict]) -> None:
    bare = statistics.median(times["bare"])
    target = TARGETS.get(size)
    print(f"\n== {size} responses ==" if size != "demo" else "\n== demo content ==")
    print(f"  {'page':14s} {'median s':>9s} {'max s':>7s} {'× bare':>7s}")
    print(f"  {'bare page':14s} {bare:9.2f} {max(times['bare']):7.2f} {1.0:7.1f}")
    misses = []
    for route in routes:
        ts = times[route["path"]]
        ratio = statistics.median(ts) / bare
        if target and ratio > target:
            misses.append(route["path"])
        print(f"  {route['path']:14s} {statistics.median(ts):9.2f} {max(ts):7.2f} {ratio:7.1f}")
    if target:
        print(f"  target ≤ {target:g}× bare: " + (f"missed by {', '.join(misses)}" if misses
                                                 else "every page within it"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=5, help="visits per page (default 5)")
    ap.add_argument("--sizes", nargs="+", default=["demo", "100000"],
                    help="'demo' and/or a number of responses to add (default demo 100000)")
    ap.add_argument("--only", nargs="+", metavar="PATH",
                    help="only these pages, e.g. --only /moderointi /tulokset")
    args = parse_browser_bench_args(ap)
    if args is None:
        return 2
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"pages_speed: machine {os.cpu_count()} cores, load at start {load}")
    routes = staff_routes()
    if args.only:
        unknown = set(args.only) - {r["path"] for r in routes}
        if unknown:
            ap.error(f"--only: not a staff page: {', '.join(sorted(unknown))}")
        routes = [r for r in routes if r["path"] in args.only]
    with bench_servers("raati-pages-", BARE_APP) as (_tmp, db, defs, raati, bare):
        from playwright.sync_api import sync_playwright
        from speed_bench import generate

        from raati import auth
        from raati.demo import fill_demo
        from raati.store import Store

        store = Store(db)
        fill_demo(store, defs)
        password = "P-" + secrets.token_urlsafe(12)
        auth.create_user(store, "bench-admin", "admin", password, ())
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu"])
            try:
                for size in args.sizes:
                    if size != "demo":
                        seconds = generate(db, defs, int(size))
                        print(f"\n({size} responses written in {seconds:.0f} s)")
                    times = measure(browser, raati.url, bare.url, routes, "bench-admin",
                                    password, args.reps)
                    report(size, times, routes)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
