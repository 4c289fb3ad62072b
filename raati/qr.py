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
