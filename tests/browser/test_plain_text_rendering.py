"""``raati.ui.plain`` against Streamlit's own Markdown renderer, in real Chromium: every
hostile construct (tests/_hostile_text.py) in every kind of element that renders
Markdown reads exactly as written, as text: no link (bare URLs included), picture,
emoji, icon, colour, formula, heading, list or table, and no request to another host.
And the elements that do not render Markdown (selectbox and multiselect options,
st.text) show the text as it is, so plain() is not for them."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from _hostile_text import ALL, FOREIGN_REFERENCES, as_seen
from playwright.sync_api import expect

from .conftest import Server, wait_healthy, wait_ready

PAGE = __file__.replace("test_plain_text_rendering.py", "plain_text_page.py")
# Where the text of each kind of element is, and whether it must equal the construct
# (else contain it: an expander's summary also holds its arrow icon's name, a radio
# group its label).
KINDS = {
    "markdown": ("[data-testid='stMarkdownContainer']", True),
    "caption": ("[data-testid='stCaptionContainer']", True),
    "title": ("h1", True),
    "info": ("[data-testid='stAlertContentInfo']", True),
    "button": ("button", True),
    "checkbox": ("label", True),
    "toggle": ("label", True),
    "textarea": ("[data-testid='stWidgetLabel']", True),
    "expander": ("summary", False),
    "tab": ("[role='tab']", True),
    "radio": ("[role='radiogroup']", True),
    "pills": ("[data-testid='stButtonGroup'] button", True),
    "metric": ("[data-testid='stMetricLabel']", True),
    "selectbox": ("input[role='combobox']", True),  # the chosen option is its value
    "multiselect": ("[data-testid='stMultiSelectTagsContainer']", True),
    "text": ("[data-testid='stText']", True),
}
# Per element of the page: its text, and the elements that Markdown made inside its text
# (anything but paragraphs and plain spans is formatting, a link, a picture, an icon or
# a formula; a title's own h1 aside).
READ = """([count, kinds]) => {
  const out = {};
  for (let i = 0; i < count; i++) {
    for (const [kind, selector] of Object.entries(kinds)) {
      const box = document.querySelector(`.st-key-k${i}_${kind}`);
      const found = [...box.querySelectorAll(selector)];
      const text = found.map(e => kind === 'selectbox' ? e.value : e.innerText).join(' ');
      const made = [];
      for (const md of box.querySelectorAll('[data-testid="stMarkdownContainer"]')) {
        for (const el of md.querySelectorAll('*')) {
          const tag = el.tagName.toLowerCase();
          if (['p', 'div', 'br'].includes(tag) || (kind === 'title' && tag === 'h1')) continue;
          if (tag === 'span' && !el.getAttribute('role') && !el.getAttribute('style')
              && !/stMarkdown|katex/.test(el.className)) continue;
          made.push(tag + (el.className ? '.' + el.className : ''));
        }
      }
      out[`${i} ${kind}`] = [text, made];
    }
  }
  return out;
}"""


class PageServer(Server):
    """The conftest server, running the test page instead of the app."""

    def start(self) -> None:
        self.log = open(self.root / "streamlit.log", "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", PAGE, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_healthy(self.proc, self.url, self.root / "streamlit.log", "the test page's server")


@pytest.fixture(scope="module")
def page_server(tmp_path_factory):
    srv = PageServer(tmp_path_factory.mktemp("plain"))
    srv.start()
    yield srv
    srv.stop()


def test_every_construct_reads_as_written_in_every_kind_of_element(browser, page_server):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    netloc = urlsplit(page_server.url).netloc
    elsewhere: list[str] = []
    context.on("request", lambda r: elsewhere.append(r.url) if urlsplit(r.url).scheme
               not in ("data", "blob") and urlsplit(r.url).netloc != netloc else None)
    page = context.new_page()
    page.goto(page_server.url)
    wait_ready(page)
    # Elements whose code is still loading show a skeleton: wait until none is left.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=60_000)

    seen = page.evaluate(READ, [len(ALL), {k: sel for k, (sel, _) in KINDS.items()}])
    failures: dict[str, list[str]] = {}
    for i, text in enumerate(ALL):
        for kind, (_, exact) in KINDS.items():
            shown, made = seen[f"{i} {kind}"]
            shown, wanted = as_seen(shown), as_seen(text)
            if (shown != wanted) if exact else (wanted not in shown):
                failures.setdefault(text, []).append(f"{kind} shows {shown!r}")
            if made:
                failures.setdefault(text, []).append(f"{kind} made {made}")
    foreign = page.evaluate(FOREIGN_REFERENCES)
    context.close()
    report = "\n".join(f"{text!r}: {'; '.join(f)}" for text, f in failures.items())
    assert not failures and not foreign and not elsewhere, (
        f"{len(ALL) - len(failures)} of {len(ALL)} constructs read as written in all "
        f"{len(KINDS)} kinds of element; {len(elsewhere)} requests to other hosts; "
        f"links/pictures elsewhere: {foreign[:5]}\n{report}")
