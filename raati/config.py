"""Settings shared by the command line and the app (contract §3)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "data/raati.db"
DEFAULT_DEFS = "survey_defs"
DEFAULT_BASE_URL = "http://localhost:8501"


def db_path() -> Path:
    return Path(os.environ.get("RAATI_DB") or DEFAULT_DB)


def defs_dir() -> Path:
    return Path(os.environ.get("RAATI_DEFS") or DEFAULT_DEFS)


def min_group() -> int:
    """The minimum group size below which no result is shown (default 5)."""
    raw = os.environ.get("RAATI_MIN_GROUP", "")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else 5


def base_url() -> str | None:
    """The public address of the app, for answer links and QR codes, if set."""
    return (os.environ.get("RAATI_BASE_URL") or "").rstrip("/") or None


def link_token(raw: str | None) -> str:
    """The token in a link's parameter as people's mail and chat apps pass it on:
    tokens are letters and digits only (raati.store.TOKEN_ALPHABET), so punctuation
    or spaces glued to either end (``TOKEN.``, ``TOKEN)``, ``<TOKEN>``) are left out.
    Returns '' when there is no letter or digit. At most 64 characters are looked at."""
    import re

    found = re.search(r"[A-Za-z0-9]+", (raw or "")[:64])
    return found.group(0) if found else ""


def answer_link(base: str, token: str, kiosk_token: str | None = None) -> str:
    """The link clients open to answer a round; with the round's ``kiosk_token``, the
    link of the workshop's shared tablet (kiosk mode: answered again and again)."""
    return f"{base.rstrip('/')}/?r={token}" + (f"&kiosk={kiosk_token}" if kiosk_token else "")


def now():
    """The time in Finland, for staff actions (audit log). Never stored with answers."""
    import datetime as dt

    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Europe/Helsinki"))
    except Exception:  # no time zone data on the machine
        return dt.datetime.now().astimezone()


def today():
    """Today's date in Finland (answers keep the date only, never the time of day)."""
    return now().date()


ASSETS_DIR = Path(__file__).parent / "assets"
# DejaVu fonts (Bitstream Vera licence, fonts/LICENSE-DejaVu.txt): å, ä, ö and much more,
# for PDFs (posters, reports) and word clouds.
FONTS_DIR = ASSETS_DIR / "fonts"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
FONT_MONO = FONTS_DIR / "DejaVuSansMono.ttf"


def idle_timeout_s() -> float:
    """How long a staff login stays alive without use (RAATI_IDLE_MINUTES, default 30)."""
    raw = os.environ.get("RAATI_IDLE_MINUTES", "")
    try:
        minutes = float(raw) if raw else 30.0
    except ValueError:
        minutes = 30.0
    return max(minutes, 0.05) * 60
