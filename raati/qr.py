"""QR codes of answer links: PNG for print, SVG for posters and the web."""

from __future__ import annotations

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


def qr_png(url: str) -> bytes:
    buf = io.BytesIO()
    _code(url).make_image().save(buf, format="PNG")
    return buf.getvalue()


def qr_svg(url: str) -> bytes:
    buf = io.BytesIO()
    _code(url).make_image(image_factory=qrcode.image.svg.SvgPathImage).save(buf)
    return buf.getvalue()
