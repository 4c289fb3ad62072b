"""Two app processes behind HAProxy on one PostgreSQL database (issue 16), in real
Chromium, through the balancer's address only: a client answers on a phone, staff on
another process see the result and download the PDF report. Both processes serve, and
each browser stays on its own (the raati_srv affinity cookie): its Streamlit session,
login cookie ticket and download live in that process's memory. And a dot tapped on a
phone served by one process reaches the panel's shared screen served by the other within
the panel latency target (issue 12: p95 <= 2 s). Both tests share one cluster."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import statistics
import time
from types import SimpleNamespace

import pytest
from _helpers import SHIPPED_DEFS, drop_pg_schema, new_pg_schema, pg_base_url
from playwright.sync_api import expect

from raati import auth, cluster
from raati.i18n import t
from raati.store import Store

from .conftest import PHONE, client_settled, client_tap, log_in, wait_for_login_cookie, wait_ready
from .test_results_flow import choose

PASSWORD = "R-" + secrets.token_urlsafe(12)
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SURVEY_TITLE = "Viikkofiilis: miten viikko meni?"
AFFINITY = "raati_srv"
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
PANEL_UNIT = "lb-raati"
PANEL_IDEAS = ["Pidemmät tauot iltapäivällä", "Retki luontopolulle", "Uusi kahvinkeitin"]
PANEL_VOTES = 3  # dots per person, at most one per idea
P95_TARGET_S = 2.0  # issue 12: a dot shows on the shared screen, p95 <= 2 s


@pytest.fixture(scope="module")
def lb_cluster(tmp_path_factory):
    """Two app processes behind HAProxy on one fresh PostgreSQL schema, shared by the
    module's tests: SimpleNamespace(lb=the Cluster, store=a Store on the same schema).
    The staff account lb-staff (unit puupaja) exists."""
    base = pg_base_url()
    if base is None:
        pytest.skip("no PostgreSQL server for the tests (RAATI_TEST_PG)")
    if shutil.which("haproxy") is None:
        if os.environ.get("CI"):
            pytest.fail("haproxy is missing: apt-get install -y haproxy")
        pytest.skip("HAProxy is not installed")
    name, url = new_pg_schema(base)
    root = tmp_path_factory.mktemp("lb")
    defs = root / "defs"
    shutil.copytree(SHIPPED_DEFS, defs)
    store = Store(url)
    try:
        auth.create_user(store, "lb-staff", "staff", PASSWORD, ("puupaja",))
        env = {"RAATI_DB": url, "RAATI_DEFS": str(defs),
               "RAATI_FILES_DIR": str(root / "files"), "RAATI_MIN_GROUP": "1"}
        with cluster.run(2, env=env, root=root / "cluster") as running:
            yield SimpleNamespace(lb=running, store=store)
    finally:
        store.close()
        drop_pg_schema(base, name)


def affinity(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == AFFINITY), None)


def test_answer_and_results_through_haproxy_with_two_processes(browser, lb_cluster):
    lb, store = lb_cluster.lb, lb_cluster.store
    rnd = store.open_round("viikkofiilis", "puupaja")
    # A client answers on a phone, through the balancer.
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.goto(f"{lb.url}/?r={rnd.token}")
    client_settled(page)
    client_server = affinity(phone)
    assert client_server in lb.server_names
    client_tap(page, page.get_by_role("button", name="Aloita"))
    for point in (4, 3, 3, 2):
        client_tap(page, page.get_by_role("button", name=f"{point} – ", exact=False))
    client_tap(page, page.get_by_role("button", name="Ohita"))
    client_tap(page, page.get_by_role("button", name="Lähetä vastaus"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kiitos vastauksestasi!")
    assert affinity(phone) == client_server  # the phone kept its process
    assert store.data_version() >= 1  # written to PostgreSQL

    # Staff on a laptop: new browsers are dealt out in turn, so within a few
    # one lands on the other process.
    for _ in range(4):
        laptop = browser.new_context(**LAPTOP, accept_downloads=True)
        staff = laptop.new_page()
        staff.goto(lb.url + "/")
        wait_ready(staff)
        if affinity(laptop) not in (None, client_server):
            break
        laptop.close()
    else:
        pytest.fail("every new browser was sent to the client's process")
    staff_server = affinity(laptop)
    assert staff_server in lb.server_names
    log_in(staff, SimpleNamespace(url=lb.url), "lb-staff", PASSWORD)
    wait_for_login_cookie(staff)  # set by /_raati/cookie on the same process

    # The answer given on the other process is in the results.
    staff.goto(lb.url + "/tulokset")
    wait_ready(staff)
    choose(staff, "Kysely", SURVEY_TITLE)
    expect(staff.get_by_role("heading", name="1 vastausta")).to_be_visible()
    wait_ready(staff)
    staff.get_by_role("tab", name="Raportit ja viennit").click()
    with staff.expect_download(timeout=120_000) as info:
        staff.get_by_role("button", name="Lataa raportti (PDF)").click()
    with open(info.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
    assert affinity(laptop) == staff_server  # the laptop kept its process

    # HAProxy's own count: both processes served browsers, both are healthy
    # (their /_raati/health checks pass).
    stats = lb.stats()
    assert {name: row["status"] for name, row in stats.items()} == {
        "app1": "UP", "app2": "UP"}
    assert all(int(row["req_tot"] or 0) > 0 for row in stats.values()), stats
    phone.close()
    laptop.close()


# Called on the shared screen before a tap: a MutationObserver notes the moment
# (Date.now(), the wall clock Python's time.time() also reads) the idea's tally row
# first shows a count other than its count now. Playwright's expect polls every 0.5 s at
# worst; this notes the redraw itself.
_WATCH_COUNT = """([label, before]) => {
  window.__raatiSeen = null;
  const rowCount = () => {
    for (const li of document.querySelectorAll('.raati-tally li')) {
      const span = li.querySelector('span'), strong = li.querySelector('strong');
      if (span && strong && span.textContent === label) return strong.textContent;
    }
    return null;
  };
  if (rowCount() !== before) return rowCount();  // not the state the tap starts from
  const observer = new MutationObserver(() => {
    const now = rowCount();
    if (now !== null && now !== before) {
      window.__raatiSeen = {at: Date.now(), count: now};
      observer.disconnect();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  return before;
}"""


def tally_count(screen, text: str):
    """The shared screen's dot count (its <strong>) on the tally row of the idea ``text``."""
    return screen.locator(".raati-tally li").filter(
        has=screen.locator("span", has_text=re.compile(f"^{re.escape(text)}$"))
    ).locator("strong")


def test_a_dot_on_one_process_reaches_the_screen_on_the_other(browser, lb_cluster):
    """Issue 16 with issue 12's target: a phone served by one app process places dots;
    the shared screen, served by the other, shows each new count within 2 s of the tap
    (p95 target; each tap measured, median reported)."""
    lb, store = lb_cluster.lb, lb_cluster.store
    panel = store.open_panel(PANEL_UNIT, "Mitä muutetaan syksyllä?",
                             votes_per_person=PANEL_VOTES, max_per_idea=1, new_unit=True)
    ideas = [store.add_idea(panel.id, text) for text in PANEL_IDEAS]  # staff: approved
    store.set_panel_phase(panel.id, "voting")
    auth.create_user(store, "lb-ohjaaja", "staff", PASSWORD, (PANEL_UNIT,))

    # Staff open the shared screen (a projector) through the balancer.
    projector = browser.new_context(**PROJECTOR, locale="fi-FI")
    screen = projector.new_page()
    log_in(screen, SimpleNamespace(url=lb.url), "lb-ohjaaja", PASSWORD)
    wait_for_login_cookie(screen)
    screen_server = affinity(projector)
    assert screen_server in lb.server_names
    screen.goto(f"{lb.url}/raatinaytto?panel={panel.id}")
    wait_ready(screen)
    expect(screen.locator(".raati-code")).to_have_text(panel.code)
    for text in PANEL_IDEAS:
        expect(tally_count(screen, text)).to_have_text("0")

    # A phone on the other process: new browsers are dealt out in turn.
    for _ in range(6):
        phone_ctx = browser.new_context(**PHONE, locale="fi-FI")
        phone = phone_ctx.new_page()
        phone.goto(lb.url + "/")
        wait_ready(phone)
        if affinity(phone_ctx) not in (None, screen_server):
            break
        phone_ctx.close()
    else:
        pytest.fail("every new phone was sent to the shared screen's process")
    phone_server = affinity(phone_ctx)
    assert phone_server in lb.server_names and phone_server != screen_server
    phone.goto(f"{lb.url}/?p={panel.code}")
    client_settled(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mitä muutetaan syksyllä?")
    dots_left = phone.locator(".raati-dots-left")
    expect(dots_left).to_contain_text(
        t("panel_dots_left", "fi", n=PANEL_VOTES, total=PANEL_VOTES))

    # Each tap: from the tap until the screen shows the idea's new count.
    latencies = []
    for k, idea in enumerate(ideas):
        count = tally_count(screen, idea.text)
        expect(count).to_have_text("0")
        assert screen.evaluate(_WATCH_COUNT, [idea.text, "0"]) == "0"
        add = phone.locator(f".st-key-dot_add_{idea.id} button")
        expect(add).to_be_enabled()
        tapped = time.time()
        add.tap()
        expect(count).to_have_text("1", timeout=30_000)
        waited = time.time() - tapped
        seen = screen.evaluate("() => window.__raatiSeen")
        assert seen is not None and seen["count"] == "1", seen
        latency = seen["at"] / 1000 - tapped
        assert 0 < latency <= waited + 0.05, (latency, waited)
        latencies.append(latency)
        print(f"dot {k + 1}: on the other process's screen {latency:.3f} s after the tap "
              f"(expect saw it after {waited:.3f} s)")
        # The phone's own count too, before its next tap.
        expect(dots_left).to_contain_text(
            t("panel_dots_left", "fi", n=PANEL_VOTES - k - 1, total=PANEL_VOTES))
    print(f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s")
    assert max(latencies) <= P95_TARGET_S, latencies
    assert {i.text: i.votes for i in store.ideas(panel.id, ["approved"])} == \
        dict.fromkeys(PANEL_IDEAS, 1)
    expect(screen.get_by_text(t("panel_screen_dots", "fi", n=len(ideas), v=1))).to_be_visible()
    # Each browser stayed on its own process all along.
    assert affinity(projector) == screen_server and affinity(phone_ctx) == phone_server
    phone_ctx.close()
    projector.close()
