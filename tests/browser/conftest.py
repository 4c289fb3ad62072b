"""Real-browser tests: a Streamlit server on a free port with its own database, driven by
Playwright in Debian's Chromium (/usr/bin/chromium, headless, no sandbox)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from raati.cluster import free_port as _free_port

# Streamlit reruns take a moment on a busy 2-core machine; a missing element still
# fails, just later.
expect.set_options(timeout=15_000)

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("RAATI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 3}
TABLET = {"viewport": {"width": 1024, "height": 768}, "is_mobile": True, "has_touch": True,
          "device_scale_factor": 2}
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": CHROMIUM_ARGS}




class Server:
    def __init__(self, root: Path, extra_args: tuple[str, ...] = ()):
        self.extra_args = extra_args
        self.root = root
        self.defs = root / "defs"
        self.db = root / "raati.db"
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "RAATI_DB": str(self.db), "RAATI_DEFS": str(self.defs)}
        env.pop("RAATI_BASE_URL", None)
        self.log = open(self.root / "streamlit.log", "wb")
        self.proc = subprocess.Popen(
            # serve.py: app.py plus the route that sets the login cookies HttpOnly
            [sys.executable, "-m", "streamlit", "run", str(REPO / "serve.py"),
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *self.extra_args],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_healthy(self.proc, self.url, self.root / "streamlit.log", "the Streamlit server")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("server")
    srv = Server(root)
    shutil.copytree(REPO / "survey_defs", srv.defs)
    srv.start()
    yield srv
    srv.stop()


def wait_ready(page) -> None:
    """Wait until the app is idle: its script is not running and no element of an
    earlier run is still on the page (Streamlit marks those data-stale="true" until the
    new run has replaced them). Never a fixed wait."""
    page.wait_for_selector(APP_READY, timeout=30_000)
    page.wait_for_function(
        "() => document.querySelector('" + APP_READY.replace("'", "\\'") + "') !== null"
        " && document.querySelector('[data-testid=\"stElementContainer\"][data-stale=\"true\"]')"
        " === null", timeout=30_000)


_COUNT_RUNS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.__raatiRuns !== undefined) return app ? app.__raatiRuns : -1;
  app.__raatiRuns = 0;
  // Every change into "running" counts, also one that was over before this callback
  // ran: record i's new value is record i+1's old value (or the current one).
  new MutationObserver(records => {
    records.forEach((record, i) => {
      const value = i + 1 < records.length ? records[i + 1].oldValue
                                           : app.getAttribute('data-test-script-state');
      if (value === 'running') app.__raatiRuns += 1;
    });
  }).observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ['data-test-script-state']});
  return 0;
}"""


# The number of the page's newest run: staff pages number their runs in
# [data-raati-run] (raati.ui.page_language), client pages in #raati-config[data-run].
_RUN_NUMBER = """() => {
  const marks = document.querySelectorAll('[data-raati-run], #raati-config[data-run]');
  let n = -1;
  marks.forEach(m => { n = Math.max(n, parseInt(m.dataset.raatiRun || m.dataset.run, 10)); });
  return n;
}"""


def rerun_after(page, action) -> None:
    """Do ``action`` (a click that makes Streamlit run the page again), then wait for
    that new run to start and to end: the app's own state, never time. (Waiting only
    for "not running" can pass before the new run has begun, and then a click finds
    the previous run's elements beside the new ones.) A run is seen begun when the
    page has shown "running" since, or its run number has moved on: a run of a few
    milliseconds can come and go without the browser ever showing "running"."""
    before = page.evaluate(_COUNT_RUNS)
    number = page.evaluate(_RUN_NUMBER)
    action()
    page.wait_for_function(
        "([before, number]) => { const app = document.querySelector("
        "'[data-testid=\"stApp\"]'); if (!app) return false;"
        " if (app.__raatiRuns === undefined || app.__raatiRuns > before) return true;"
        f" return number >= 0 && ({_RUN_NUMBER})() > number; }}",
        arg=[before, number], timeout=30_000)
    wait_ready(page)


CLIENT_SETTLED = """() => {
  const c = document.getElementById('raati-config');
  return c !== null && document.documentElement.lang === c.dataset.lang
    && window.__raati !== undefined
    && window.__raati.lastScreen === c.dataset.screen + ':' + c.dataset.step;
}"""


def client_tap(page, locator) -> None:
    """Tap a button of a client screen and wait until the run that tap started has
    drawn its screen: the run number in the screen's settings (#raati-config data-run,
    counted by pages/answer.py) has moved on and client.js has taken the screen in.
    Waiting only for "settled" could pass before the tap reached the server, and the
    next tap would then land on the previous screen."""
    before = page.evaluate(
        "() => { const c = document.getElementById('raati-config');"
        " return c ? Number(c.dataset.run) : -1; }")
    locator.tap()
    page.wait_for_function(
        "before => { const c = document.getElementById('raati-config');"
        " return c !== null && Number(c.dataset.run) > before; }",
        arg=before, timeout=30_000)
    client_settled(page)


def client_settled(page) -> None:
    """A client page is done: the run has ended (wait_ready) and raati/assets/client.js
    has taken in this screen (its language set, and a new screen scrolled to its top:
    a tap aimed before that scroll would land beside its button)."""
    wait_ready(page)
    page.wait_for_function(CLIENT_SETTLED, timeout=30_000)


def log_in(page, server, name: str, password: str) -> None:
    """Log in on the app's first page and wait for the staff home page."""
    page.goto(server.url + "/")
    wait_ready(page)
    page.get_by_label("Käyttäjätunnus").fill(name)
    page.get_by_label("Salasana", exact=True).fill(password)
    page.get_by_role("button", name="Kirjaudu").click()
    # While the page redraws, the login's heading can still be there beside the new one:
    # wait for the welcome, then for the old heading to be gone.
    expect(page.get_by_role("heading", level=1, name="Tervetuloa Raatiin")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)


def wait_healthy(proc, url: str, log: Path, what: str, seconds: float = 60) -> None:
    """Poll a started Streamlit server's /_stcore/health until it answers ok (never a
    fixed sleep before use); raise with its log if it stops or does not come up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not become healthy in {seconds:.0f} s")


def wait_for_login_cookie(page, present: bool = True, timeout_s: float = 15.0) -> dict | None:
    """Wait until the browser holds (or, with ``present`` False, no longer holds) the
    login session cookie. It is HttpOnly, so it is looked for in the browser context,
    never in document.cookie. Returns the cookie (as Playwright gives it) or None."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = next((c for c in page.context.cookies() if c["name"] == "raati_session"),
                     None)
        if (found is not None) == present:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"raati_session {'never came' if present else 'stayed'}")
        page.wait_for_timeout(100)
