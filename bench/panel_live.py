#!/usr/bin/env python
"""A client panel session live: N phones voting at once against one shared screen.
How long from a phone's tap until the projector shows the new tally, and what the server
spends on it (issue 12; target: median ≤ 1 s and p95 ≤ 2 s with 30 phones).

Usage (from the repo root, in the venv)::

    python bench/panel_live.py                 # N = 10 30 60; about 6 minutes on 2 cores
    python bench/panel_live.py --ns 10 30      # some N only
    python bench/panel_live.py --quick         # shorter windows (about half the time)

It makes a temp folder with a fresh database and a copy of survey_defs/, starts Raati
(``serve.py``, as scripts/start.sh does) on a free port and, in headless Chromium
(``/usr/bin/chromium`` or RAATI_CHROMIUM): one staff browser on the shared screen
(/raatinaytto at 1280×720, refreshed by the page every second) and the phones (390×844,
``--per-browser`` contexts to a Chromium process). Only ``--browser-phones`` of the N
phones (default 5) are Chromium pages; the others are wire phones (bench/streamlit_wire.py):
Streamlit's own websocket protocol, as a tab speaks it, without drawing. Thirty Chromium
pages on the server's own 2 cores keep the machine 93 % busy before anyone votes, so the
phones' drawing (done on each phone's own processor in a room) would be measured instead
of the server; the wire phones give the server the same sessions, runs and refreshes.
``--browser-phones 1000`` makes every phone a Chromium page again. For each N, a new
session in the voting phase with ``--ideas`` approved ideas and ``--dots`` dots a person:

1. idle: N phones open on the voting screen, nobody voting (each phone still refreshes
   its list every few seconds), for ``--idle`` seconds;
2. voting: the same phones give all their dots at random moments within ``--window``
   seconds.

Each phase reports the server process's CPU share (CPU seconds / wall seconds, from
/proc/PID/stat: 1.00 = one core busy) and RSS (/proc/PID/status), and the whole
machine's busy share of all cores (/proc/stat; the browsers run on the same cores, so a
busy machine slows the server down too). References measured in the same run: the
server with only the projector open (0 phones) for the CPU ratios, and one phone voting
for the latency ratios.

Latency, per dot: the tap's time is taken in the phone page (``performance.timeOrigin +
performance.now()``, then ``button.click()``); a MutationObserver in the projector page
logs each change of a tally with the same clock (all pages run on one machine, so the
epoch clocks agree to well under a millisecond). The k-th tap on an idea (in tap order)
has arrived when the projector first shows a tally ≥ k for it (no dot is taken back, so a
tally only grows). Two taps on one idea closer together than the server's order could
swap are rare: the scheduler avoids giving an idea a second dot within
``--gap`` seconds when another idea is free, and the count of such close pairs is printed.
"Shows" is the DOM change; the paint follows within a frame. The phone's own update
(its dots-left line) is timed the same way; on a wire phone the tap is the moment its
click leaves and the update the moment the new dots-left line arrives (the same epoch
clock; nothing is drawn). Latencies are given for all phones and for the Chromium ones.

A benchmark, not a test: it only prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from raati import auth  # noqa: E402
from raati.i18n import t  # noqa: E402
from raati.store import Store  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streamlit_wire import WireTab, epoch_ms  # noqa: E402

CHROMIUM = os.environ.get("RAATI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Many pages in one process: none of them counts as hidden or in the background.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
# Scale factor 1: the phones' drawing shares the server's cores here, unlike in a room.
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1, "locale": "fi-FI"}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}, "locale": "fi-FI"}
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 60_000
UNIT = "bench"
STAFF = "bench-ohjaaja"
PASSWORD = "B-" + secrets.token_urlsafe(12)

# The projector: log every change of a tally with the epoch clock.
WATCH_JS = """() => {
  if (window.__tallyLog) return;
  window.__tallyLog = [];
  const last = new Map();
  const scan = () => {
    const now = performance.timeOrigin + performance.now();
    for (const li of document.querySelectorAll('.raati-tally li')) {
      const label = li.querySelector('span').textContent;
      const n = Number(li.querySelector('strong').textContent);
      if (last.get(label) !== n) { last.set(label, n); window.__tallyLog.push([label, n, now]); }
    }
  };
  new MutationObserver(scan).observe(document.body,
    {subtree: true, childList: true, characterData: true});
  scan();
}"""

# A phone: tap the idea's "+" and wait (in the page) for its own dots-left line to show
# one dot fewer. Returns [tap time, own update time or null] in epoch milliseconds.
TAP_JS = """([key, before, timeoutMs]) => new Promise(resolve => {
  const button = document.querySelector('.st-key-' + key + ' button');
  if (!button || button.disabled) { resolve([null, null]); return; }
  const left = () => { const p = document.querySelector('.raati-dots-left');
                       return p ? p.textContent : ''; };
  const t0 = performance.timeOrigin + performance.now();
  let done = false;
  const finish = t => { if (!done) { done = true; observer.disconnect(); resolve([t0, t]); } };
  const observer = new MutationObserver(() => {
    if (!left().startsWith(before)) finish(performance.timeOrigin + performance.now());
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  setTimeout(() => finish(null), timeoutMs);
  button.click();
})"""


# -- the server and its process figures ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run serve.py`` on a free port with its own database."""

    def __init__(self, root: Path):
        self.root, self.db, self.defs = root, root / "raati.db", root / "defs"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = None

    def start(self) -> None:
        shutil.copytree(REPO / "survey_defs", self.defs)
        env = {**os.environ, "RAATI_DB": str(self.db), "RAATI_DEFS": str(self.defs)}
        env.pop("RAATI_BASE_URL", None)
        self.log = open(self.root / "streamlit.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "serve.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.root / "streamlit.log").read_text())
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not become healthy in 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.log:
            self.log.close()


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (/proc/PID/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, kb = line.split()[:2]
            values[key] = int(kb) / 1024
    return values.get("VmRSS:", 0.0), values.get("VmHWM:", 0.0)


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores (/proc/stat)."""
    parts = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts) - idle, sum(parts)


@dataclass
class Window:
    """CPU and memory over one measured stretch of time."""

    pid: int
    t0: float = 0.0
    cpu0: float = 0.0
    m0: tuple[int, int] = (0, 0)
    wall: float = 0.0
    cpu_share: float = 0.0
    machine: float = 0.0
    rss: float = 0.0

    def __enter__(self):
        self.t0, self.cpu0, self.m0 = time.monotonic(), cpu_seconds(self.pid), machine_ticks()
        return self

    def __exit__(self, *exc):
        self.wall = time.monotonic() - self.t0
        self.cpu_share = (cpu_seconds(self.pid) - self.cpu0) / self.wall
        busy, total = machine_ticks()
        self.machine = (busy - self.m0[0]) / max(1, total - self.m0[1])
        self.rss = rss_mb(self.pid)[0]


# -- the session and the pages ----------------------------------------------------------


def new_session(store: Store, ideas: int, dots: int):
    """A session in the voting phase with ``ideas`` approved ideas; returns it and the
    ideas' texts by id."""
    panel = store.open_panel(UNIT, "Mitä muutetaan syksyllä?", votes_per_person=dots,
                             max_per_idea=dots, moderation="pre")
    texts = {}
    for k in range(ideas):
        idea = store.add_idea(panel.id, f"Idea numero {k + 1}: retki, tauot ja kahvi")
        store.moderate_idea(idea.id, "approved")
        texts[idea.id] = idea.text
    store.set_panel_phase(panel.id, "voting")
    return panel, texts


async def log_in(page, url: str) -> None:
    await page.goto(url + "/")
    await page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    await page.get_by_label("Käyttäjätunnus").fill(STAFF)
    await page.get_by_label("Salasana", exact=True).fill(PASSWORD)
    await page.get_by_role("button", name="Kirjaudu").click()
    await page.get_by_role("heading", level=1).filter(has_text="Tervetuloa").wait_for(
        timeout=TIMEOUT_MS)


async def open_projector(page, url: str, panel_id: int, n_ideas: int) -> None:
    await page.goto(f"{url}/raatinaytto?panel={panel_id}")
    await page.wait_for_function(
        "n => document.querySelectorAll('.raati-tally li').length === n", arg=n_ideas,
        timeout=TIMEOUT_MS)
    await page.evaluate(WATCH_JS)


async def open_phone(browser, url: str, code: str):
    ctx = await browser.new_context(**PHONE)
    page = await ctx.new_page()
    page.set_default_navigation_timeout(TIMEOUT_MS)
    await page.goto(f"{url}/?p={code}")
    await page.wait_for_selector(".raati-dots-left", timeout=TIMEOUT_MS)
    await page.wait_for_selector(APP_IDLE, timeout=TIMEOUT_MS)
    return ctx, page


async def open_wire_phone(url: str, code: str) -> WireTab:
    tab = WireTab(url, f"p={code}")
    await tab.open(TIMEOUT_MS / 1000)
    return tab


@dataclass
class Tap:
    phone: int
    idea: int
    browser: bool = True
    t_tap: float | None = None
    t_own: float | None = None
    t_screen: float | None = None


@dataclass
class Result:
    label: str
    n: int
    idle: Window | None = None
    vote: Window | None = None
    taps: list[Tap] = field(default_factory=list)
    close_pairs: int = 0
    screen_ok: bool = True
    not_made: int = 0


def schedule(n: int, dots: int, ideas: list[int], window: float, gap: float,
             rng: random.Random) -> list[tuple[float, int, int]]:
    """(second, phone, idea) for every dot: random moments in the window, each phone's
    dots on different ideas, an idea not given two dots within ``gap`` s if another is free."""
    moments = sorted((rng.uniform(0, window), p) for p in range(n) for _ in range(dots))
    last: dict[int, float] = {}
    used: dict[int, set[int]] = {p: set() for p in range(n)}
    plan = []
    for when, p in moments:
        free = [i for i in ideas if i not in used[p] and when - last.get(i, -1e9) >= gap]
        choices = free or [i for i in ideas if i not in used[p]] or ideas
        idea = rng.choice(choices) if free else min(choices, key=lambda i: last.get(i, -1e9))
        used[p].add(idea)
        last[idea] = when
        plan.append((when, p, idea))
    return plan


async def run_n(browsers, projector, server: Server, store: Store, n: int, args,
                rng: random.Random) -> Result:
    panel, texts = new_session(store, args.ideas, args.dots)
    await open_projector(projector, server.url, panel.id, args.ideas)
    result = Result(f"{n} phones", n)
    phones = []
    sem = asyncio.Semaphore(4)  # phones come in a few at a time, as people scan the QR

    async def join(i: int):
        async with sem:
            if i < args.browser_phones:
                phones.append((i, *await open_phone(browsers[i // args.per_browser],
                                                    server.url, panel.code)))
            else:
                phones.append((i, None, await open_wire_phone(server.url, panel.code)))

    await asyncio.gather(*(join(i) for i in range(n)))
    pages = {i: page for i, _ctx, page in phones}
    await asyncio.sleep(2)  # let the joins' runs finish before measuring
    with Window(server.proc.pid) as idle:
        await asyncio.sleep(args.idle)
    result.idle = idle

    plan = schedule(n, args.dots, list(texts), args.window, args.gap, rng)
    used: dict[int, int] = {i: 0 for i in pages}
    taps: list[Tap] = []
    start = time.monotonic()

    async def tap(when: float, p: int, idea: int):
        await asyncio.sleep(max(0.0, start + when - time.monotonic()))
        page = pages[p]
        record = Tap(p, idea, browser=not isinstance(page, WireTab))
        taps.append(record)
        # The dots-left line before this tap, up to the number ("Pisteitä jäljellä: 3 /").
        before = t("panel_dots_left", "fi", n=args.dots - used[p], total=args.dots)
        before = before[:before.rindex(str(args.dots))]
        used[p] += 1
        if record.browser:
            record.t_tap, record.t_own = await page.evaluate(
                TAP_JS, [f"dot_add_{idea}", before, 20_000])
            return
        old = f'class="raati-dots-left" role="status">{html.escape(before)}'
        own = page.watch_html(lambda b: 'class="raati-dots-left"' in b and old not in b, 20)
        record.t_tap = epoch_ms()
        if not await page.click(f"dot_add_{idea}"):
            record.t_tap = None
        record.t_own = await own

    with Window(server.proc.pid) as vote:
        await asyncio.gather(*(tap(w, p, i) for w, p, i in plan))
        # the last dots reach the projector (or 20 s pass)
        want = {texts[i]: sum(1 for _, _, j in plan if j == i) for i in texts}
        with contextlib.suppress(Exception):
            await projector.wait_for_function(
                "want => { const got = {}; for (const li of document.querySelectorAll("
                "'.raati-tally li')) got[li.querySelector('span').textContent] ="
                " Number(li.querySelector('strong').textContent);"
                " return Object.entries(want).every(([k, v]) => got[k] >= v); }",
                arg=want, timeout=20_000)
    result.vote = vote
    log = await projector.evaluate("window.__tallyLog")
    # The k-th tap on an idea (tap order) arrived when the projector first showed >= k.
    by_idea: dict[int, list[Tap]] = {}
    for record in sorted((x for x in taps if x.t_tap), key=lambda x: x.t_tap):
        by_idea.setdefault(record.idea, []).append(record)
    for idea, records in by_idea.items():
        shown = [(n_, t) for label, n_, t in log if label == texts[idea]]
        for k, record in enumerate(records, 1):
            record.t_screen = next((t for n_, t in shown if n_ >= k), None)
        result.close_pairs += sum(1 for a, b in zip(records, records[1:], strict=False)
                                  if b.t_tap - a.t_tap < 1000 * args.gap)
    result.taps = taps
    # The store holds exactly the dots tapped (a tap a phone could not make, its button
    # gone or disabled at that moment, is counted apart).
    made = {texts[i]: sum(1 for x in taps if x.idea == i and x.t_tap) for i in texts}
    stored = {texts[i.id]: i.votes for i in store.ideas(panel.id, ["approved"])}
    result.screen_ok = stored == made
    result.not_made = sum(1 for x in taps if not x.t_tap)
    for _i, ctx, page in phones:
        await (ctx.close() if ctx is not None else page.close())
    return result


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


async def main_async(args) -> None:
    from playwright.async_api import async_playwright

    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="raati-panel-live-"))
    server = Server(root)
    try:
        server.start()
        store = Store(server.db)
        store.ensure_unit(UNIT, "Penkki")
        auth.create_user(store, STAFF, "staff", PASSWORD, (UNIT,))
        async with async_playwright() as pw:
            launch = {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}
            screen_browser = await pw.chromium.launch(**launch)
            screen_ctx = await screen_browser.new_context(**PROJECTOR)
            projector = await screen_ctx.new_page()
            await log_in(projector, server.url)
            most = max(args.ns)
            browsers = [await pw.chromium.launch(**launch)
                        for _ in range(-(-min(most, args.browser_phones) // args.per_browser))]
            results = []
            # Reference: the server with only the projector open.
            panel, _texts = new_session(store, args.ideas, args.dots)
            await open_projector(projector, server.url, panel.id, args.ideas)
            await asyncio.sleep(2)
            with Window(server.proc.pid) as bare:
                await asyncio.sleep(args.idle)
            print(f"reference, projector only: server CPU {bare.cpu_share:.2f} core, "
                  f"RSS {bare.rss:.0f} MB, machine busy {bare.machine:.0%}", flush=True)
            for n in [1, *args.ns]:
                t0 = time.monotonic()
                try:
                    result = await run_n(browsers, projector, server, store, n, args, rng)
                except Exception as exc:  # the machine did not cope: report what we have
                    print(f"{n} phones: stopped, {type(exc).__name__}: "
                          f"{str(exc).splitlines()[0]}", flush=True)
                    break
                results.append(result)
                lat = [x.t_screen - x.t_tap for x in result.taps if x.t_screen and x.t_tap]
                print(f"{result.label} ({min(n, args.browser_phones)} in Chromium): "
                      f"{len(lat)}/{len(result.taps)} dots timed, median "
                      f"{pct(lat, .5):.0f} ms, p95 {pct(lat, .95):.0f} ms; server CPU idle "
                      f"{result.idle.cpu_share:.2f}, voting {result.vote.cpu_share:.2f} core, "
                      f"machine busy {result.vote.machine:.0%} "
                      f"({time.monotonic() - t0:.0f} s)", flush=True)
            for b in (*browsers, screen_browser):
                await b.close()
        report(args, bare, results, rss_mb(server.proc.pid))
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def report(args, bare: Window, results: list[Result], rss: tuple[float, float]) -> None:
    ref = results[0]
    ref_lat = [x.t_screen - x.t_tap for x in ref.taps if x.t_screen and x.t_tap]
    ref_median = statistics.median(ref_lat) if ref_lat else float("nan")
    print()
    print(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end,"
          f" Python {platform.python_version()}, Chromium {CHROMIUM}")
    print(f"Session: {args.ideas} ideas, {args.dots} dots a phone, voting window "
          f"{args.window:.0f} s, idle window {args.idle:.0f} s; projector refreshes every 0.5 s,"
          " phones every 5 s")
    print("CPU share = server CPU seconds / wall seconds (1.00 = one core); machine = all "
          "cores busy (browsers too)")
    print()
    print("| phones | phase | server CPU | × projector-only | machine busy | RSS MB |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    print(f"| 0 | projector only (reference) | {bare.cpu_share:.2f} | 1.0 | "
          f"{bare.machine:.0%} | {bare.rss:.0f} |")
    for r in results:
        for name, w in (("idle (open, not voting)", r.idle), ("voting", r.vote)):
            print(f"| {r.n} | {name} | {w.cpu_share:.2f} | "
                  f"{w.cpu_share / max(bare.cpu_share, 1e-9):.1f} | {w.machine:.0%} | "
                  f"{w.rss:.0f} |")
    print()
    print("| phones (Chromium) | dots | timed | tap → projector median ms | p95 ms | max ms "
          "| × 1 phone (median) | Chromium phones' taps: median / p95 ms "
          "| tap → own phone median ms | p95 ms | close pairs | taps not made "
          "| store = taps |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
          "| ---: | --- |")
    for r in results:
        lat = [x.t_screen - x.t_tap for x in r.taps if x.t_screen and x.t_tap]
        real = [x.t_screen - x.t_tap for x in r.taps if x.t_screen and x.t_tap and x.browser]
        own = [x.t_own - x.t_tap for x in r.taps if x.t_own and x.t_tap]
        med = pct(lat, .5)
        print(f"| {r.n} ({min(r.n, args.browser_phones)}) | {len(r.taps)} | {len(lat)} | "
              f"{med:.0f} | {pct(lat, .95):.0f} | "
              f"{max(lat, default=float('nan')):.0f} | {med / ref_median:.2f} | "
              f"{pct(real, .5):.0f} / {pct(real, .95):.0f} | "
              f"{pct(own, .5):.0f} | {pct(own, .95):.0f} | {r.close_pairs} | {r.not_made} | "
              f"{'yes' if r.screen_ok else 'NO'} |")
    print()
    print(f"Server RSS at the end {rss[0]:.0f} MB, peak {rss[1]:.0f} MB.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ns", type=int, nargs="+", default=[10, 30, 60],
                        help="numbers of phones (a 1-phone reference run comes first)")
    parser.add_argument("--quick", action="store_true", help="shorter windows")
    parser.add_argument("--ideas", type=int, default=12)
    parser.add_argument("--dots", type=int, default=3)
    parser.add_argument("--window", type=float, help="voting window, s (default 30; quick 15)")
    parser.add_argument("--idle", type=float, help="idle window, s (default 20; quick 10)")
    parser.add_argument("--gap", type=float, default=1.0)
    parser.add_argument("--browser-phones", type=int, default=5,
                        help="phones that are Chromium pages; the rest are wire phones")
    parser.add_argument("--per-browser", type=int, default=10,
                        help="phone contexts to a Chromium process")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    args.window = args.window or (15.0 if args.quick else 30.0)
    args.idle = args.idle or (10.0 if args.quick else 20.0)
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
