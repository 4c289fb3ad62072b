"""The results charts are readable on a phone, a tablet and a wide screen (issue 11,
item 7): the diverging bars of the first chart take most of the chart's width and the
axis tick labels do not overlap, at 390×844, 1024×768 and 1440×900, in real Chromium.

Set RAATI_SHOTS=<folder> to keep screenshots at each size: the screen as seen and the
whole first chart."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from raati import auth
from raati.demo import fill_demo
from raati.store import Store

from .conftest import PHONE, TABLET, log_in, wait_for_login_cookie, wait_ready
from .test_results_flow import SURVEY_TITLE, choose

PASSWORD = "R-" + secrets.token_urlsafe(12)
SIZES = {
    "phone-390x844": PHONE,
    "tablet-1024x768": TABLET,
    "desktop-1440x900": {"viewport": {"width": 1440, "height": 900}},
}

# The boxes of the first chart on the page, in CSS px: the chart, every bar segment
# (plotly draws each as a path in .barlayer), and every x-axis tick label.
MEASURE = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  if (!plot) return null;
  const box = el => { const r = el.getBoundingClientRect();
                      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                              width: r.width, height: r.height}; };
  const bars = [...plot.querySelectorAll('.barlayer .point path')]
    .map(box).filter(b => b.width > 0.5 && b.height > 0.5);
  // A tick label plotly hid (cut by the chart's edge) has an empty box: not shown.
  const ticks = [...plot.querySelectorAll('.xaxislayer-above .xtick text')]
    .map(t => ({...box(t), text: t.textContent.trim()}))
    .filter(t => t.text !== '' && t.width > 0);
  return {chart: box(plot), bars, ticks};
}"""


@pytest.fixture(scope="module")
def staff(server):
    store = Store(server.db)
    fill_demo(store, server.defs)
    if store.user_by_name("kaavio-staff") is None:
        auth.create_user(store, "kaavio-staff", "staff", PASSWORD, ("puupaja", "ompelimo"))
    return "kaavio-staff"


@pytest.mark.parametrize("size", list(SIZES))
def test_first_chart_bars_are_wide_and_ticks_apart(browser, server, staff, size):
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    log_in(page, server, staff, PASSWORD)
    wait_for_login_cookie(page)
    page.goto(server.url + "/tulokset")
    wait_ready(page)
    choose(page, "Kysely", SURVEY_TITLE)
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .barlayer .point path').length > 0")
    box = page.evaluate(MEASURE)
    if os.environ.get("RAATI_SHOTS"):
        folder = Path(os.environ["RAATI_SHOTS"])
        folder.mkdir(parents=True, exist_ok=True)
        # As seen: the tabs at the top (under the app's header), the chart below them.
        page.get_by_role("tablist").first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(folder / f"results-screen-{size}.png"))
        # The whole chart: a taller window of the same width (the same layout), since
        # the app's scrolling main area shows only the window's height of it.
        viewport = SIZES[size]["viewport"]
        tall = int(chart.bounding_box()["height"]) + 400
        page.set_viewport_size({"width": viewport["width"], "height": max(tall, viewport["height"])})
        wait_ready(page)
        chart.screenshot(path=str(folder / f"results-chart-{size}.png"))
    context.close()

    chart_w = box["chart"]["width"]
    assert chart_w > 0
    # The chart fits the screen: no sideways scrolling to read it.
    viewport_w = SIZES[size]["viewport"]["width"]
    assert box["chart"]["left"] >= -1 and box["chart"]["right"] <= viewport_w + 1, box["chart"]
    # The bars' track, from the "100 %" tick on the left (-100) to the one on the right
    # (+100), takes most of the chart: nothing (a label margin) eats its width.
    ticks = sorted(box["ticks"], key=lambda b: b["left"])
    assert len(ticks) >= 3, ticks
    assert ticks[0]["text"] == ticks[-1]["text"] == "100 %", ticks  # both ends shown
    centre = [(b["left"] + b["right"]) / 2 for b in ticks]
    track = centre[-1] - centre[0]
    assert track >= 0.6 * chart_w, (size, track, chart_w)
    # Each bar is drawn on that track: a row's segments add up to 100 % of the answers,
    # which is half the track (-100..100), so the widest row is about track / 2.
    rows: dict[int, float] = {}
    for b in box["bars"]:
        key = round((b["top"] + b["bottom"]) / 2)
        rows[key] = rows.get(key, 0.0) + b["width"]
    assert rows, "no bars drawn"
    assert max(rows.values()) >= 0.45 * track, (size, max(rows.values()), track)
    left = min(b["left"] for b in box["bars"])
    right = max(b["right"] for b in box["bars"])
    assert centre[0] - 2 <= left and right <= centre[-1] + 2  # bars stay on the track
    # Tick labels of the x axis: none overlapping its neighbour.
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert a["right"] <= b["left"] + 0.5, (size, a, b)
