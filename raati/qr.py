"""QR codes of answer links: PNG for print, SVG for posters and the web. Each is drawn
once per link and kept (the rounds page reruns on every click, the poster needs it too)."""

from __future__ import annotations

import functools
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(url: str) -> qrcode.QRCode:
    # Medium error correction survives a poster that gets a little dirty or creased.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=16, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


@functools.lru_cache(maxsize=64)
def qr_png(url: str) -> bytes:
    """The link's QR code as PNG (16 px a module, 4 modules of quiet zone)."""
    buf = io.BytesIO()
    _code(url).make_image().save(buf, format="PNG")
    return buf.getvalue()


@functools.lru_cache(maxsize=64)
def qr_svg(url: str) -> bytes:
    """The link's QR code as SVG paths."""
    buf = io.BytesIO()
    _code(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buf)
    return buf.getvalue()


def link_warning(url: str, lang: str) -> str | None:
    """The warning to show beside a link or QR code to ``url`` that a phone may not
    open (raati.config.link_reach): localhost and its kind work on the same computer
    only, private addresses in the same network only. None for a public address."""
    from raati.config import link_host, link_reach
    from raati.i18n import t

    reach = link_reach(url)
    if reach == "public":
        return None
    return t("link_loopback" if reach == "loopback" else "link_private", lang,
             host=link_host(url))
