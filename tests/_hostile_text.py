"""Text that Streamlit would render as Markdown if it reached a widget unescaped: the
constructs of issue 8 item 5 (a survey's ``![](https://…)`` loaded tracking pixels on
client devices), shared by the unit tests of ``raati.ui.plain`` and the browser tests."""

from __future__ import annotations

# Every construct is shown, character for character, as text: none may become an
# element, load anything or change a character.
INLINE = (
    "![x](http://tracker.example/p.png)",
    "<img src=http://tracker.example/i.png>",
    "[link](http://evil.example)",
    "https://tracker.example/bare",
    "www.tracker.example",
    ":red[red]",
    "$x^2$",
    "**bold**",
    ":material/home:",
    ":smile:",
    ":streamlit:",
    "<http://auto.example>",
    "me@tracker.example",
    "mailto:me@tracker.example",
    "[ref][r]",
    "[^1]",
    "_under_",
    "~~strike~~",
    "`code`",
    "&amp; &lt;",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    ":blue-background[bg]",
    ":help[tip]",
    "$$y$$",
    "back\\slash",
)
# Constructs that count only at the start of a line (the code fences last: they would
# hide what follows them).
LINE_START = (
    "# heading",
    "- item",
    "+ plus",
    "* star",
    "1. item",
    "2) item",
    "> quote",
    "| a | b |",
    "| - | - |",
    "[r]: http://tracker.example/ref",
    "***",
    "    indented",
    "Title",
    "===",
    "```",
    "~~~",
)
ALL = INLINE + LINE_START
TRACKER_PIXEL = INLINE[0]


def hostile(tag: str) -> str:
    """A survey text with every construct: a heading ``tag`` (it tells the texts apart
    on a screen), the inline ones on one line, then the block ones each on a line."""
    return "\n".join((f"# {tag}", " ".join(INLINE), *LINE_START[1:]))


def hostile_line(tag: str) -> str:
    """The inline constructs on one line (for names that must stay short)."""
    return f"{tag} {INLINE[0]} {INLINE[3]} {INLINE[4]} {INLINE[5]}"


# The DOM of a screen: every link, picture or other resource that points away from the
# app's own server (a bare-URL autolink, a Markdown image, a mailto: link ...).
FOREIGN_REFERENCES = """() => {
  const out = [];
  const selector = 'a, img, image, source, video, audio, iframe, object, embed, use';
  for (const el of document.querySelectorAll(selector)) {
    for (const attr of ['href', 'xlink:href', 'src', 'srcset', 'data', 'poster']) {
      const value = el.getAttribute(attr);
      if (!value) continue;
      let url;
      try { url = new URL(value, location.href); } catch (e) { out.push(value); continue; }
      if (['data:', 'blob:', 'about:'].includes(url.protocol)) continue;
      if (url.origin !== location.origin)
        out.push(`<${el.tagName.toLowerCase()} ${attr}="${value}">`);
    }
  }
  return out;
}"""

WORD_JOINER = "\u2060"


def as_seen(text: str) -> str:
    """Text as a reader sees it: the invisible word joiners that ``plain`` puts into
    bare links and shortcodes removed, and runs of white space as one space (a
    Markdown paragraph shows a line break as a space)."""
    return " ".join(text.replace(WORD_JOINER, "").split())
