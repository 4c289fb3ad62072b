"""Settings shared by the command line and the app (contract §3)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "data/raati.db"
DEFAULT_DEFS = "survey_defs"
DEFAULT_BASE_URL = "http://localhost:8501"


def db_path() -> Path | str:
    """The database (RAATI_DB, default data/raati.db): a Path to a SQLite file (also
    from ``sqlite:///path``), or a ``postgresql://`` address as it was given
    (raati.store.backend.parse_target)."""
    raw = os.environ.get("RAATI_DB") or DEFAULT_DB
    if raw.startswith(("postgresql://", "postgres://")):
        return raw
    return Path(raw.removeprefix("sqlite:///"))


def files_dir() -> Path:
    """Where an app server keeps files made from a PostgreSQL database (survey pictures
    written out for the pages): RAATI_FILES_DIR, default data/. With SQLite they lie
    beside the database file."""
    return Path(os.environ.get("RAATI_FILES_DIR") or Path(DEFAULT_DB).parent)


def defs_dir() -> Path:
    return Path(os.environ.get("RAATI_DEFS") or DEFAULT_DEFS)


def min_group() -> int:
    """The minimum group size below which no result is shown (default 5)."""
    raw = os.environ.get("RAATI_MIN_GROUP", "")
    return int(raw) if raw.isdigit() and int(raw) >= 1 else 5


def base_url() -> str | None:
    """The public address of the app, for answer links and QR codes, if set."""
    return (os.environ.get("RAATI_BASE_URL") or "").rstrip("/") or None


# The key of the public address in the store's settings (raati.store m010).
BASE_URL_SETTING = "public_base_url"
BASE_URL_MAX = 200


class BaseUrlError(ValueError):
    """A public address that cannot be used; ``key`` names the sentence in raati.i18n
    (with ``values``), the message is for the command line."""

    def __init__(self, key: str, detail: str, **values):
        self.key = key
        self.values = values
        super().__init__(detail)


def check_base_url(raw: str) -> str:
    """The public address ``raw`` as links use it: ``scheme://host[:port][/path]``,
    without the trailing slash. Raises BaseUrlError when it is not an http(s) address
    with a server name, holds spaces, a user name or password, a ``?`` or ``#`` part,
    or is longer than BASE_URL_MAX characters."""
    from urllib.parse import urlsplit

    value = (raw or "").strip()
    if len(value) > BASE_URL_MAX:
        raise BaseUrlError("base_url_too_long", f"longer than {BASE_URL_MAX}", n=BASE_URL_MAX)
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # e.g. a port that is not a number
        raise BaseUrlError("base_url_no_host", f"'{value}' is no address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BaseUrlError("base_url_bad_scheme", f"'{value}' is not http(s)")
    if any(c.isspace() for c in value) or "@" in parts.netloc or "?" in value \
            or "#" in value:
        raise BaseUrlError("base_url_bad_part", f"'{value}' holds a part links cannot use")
    if not parts.hostname or not port_ok:
        raise BaseUrlError("base_url_no_host", f"'{value}' has no server name")
    return value.rstrip("/")


def resolve_base_url(stored: str | None, browser: str | None) -> tuple[str, str]:
    """The address of answer links and QR codes, and where it came from: ``(url,
    source)``, source one of 'env', 'stored', 'browser', 'default'. The order (README,
    "Settings"): $RAATI_BASE_URL, set by whoever runs the server, comes first; then the
    address an admin saved in the app (settings table); then the address of the staff
    member's browser; then DEFAULT_BASE_URL."""
    if base_url():
        return base_url(), "env"
    if stored:
        return stored.rstrip("/"), "stored"
    if browser:
        return browser.rstrip("/"), "browser"
    return DEFAULT_BASE_URL, "default"


def link_reach(url: str) -> str:
    """Who can open a link to ``url``: 'loopback' (localhost, 127.x, ::1, 0.0.0.0: only
    the computer itself; never a phone), 'private' (a private or link-local IP address
    (RFC 1918, RFC 4193, RFC 3927), a name without a dot, or a name under .local, .lan,
    .internal, .home.arpa: only the same network) or 'public'."""
    import ipaddress
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return "public"
    if host in ("localhost", "0.0.0.0", "::") or host.endswith(".localhost"):
        return "loopback"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host or host.endswith((".local", ".lan", ".internal", ".home.arpa",
                                             ".intranet", ".corp")):
            return "private"
        return "public"
    if ip.is_loopback or ip.is_unspecified:
        return "loopback"
    if ip.is_private or ip.is_link_local:
        return "private"
    return "public"


def link_host(url: str) -> str:
    """The host (and port) of ``url``, as a warning names it."""
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).netloc or url
    except ValueError:
        return url


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


def join_link(base: str, code: str) -> str:
    """The link that joins a client panel session by its join code (contract §5:
    ``/?p=CODE``); the same address a person reaches by typing the code."""
    return f"{base.rstrip('/')}/?p={code}"


def actions_link(base: str, unit: str) -> str:
    """The link of a unit's public "you said, we did" page (contract §6: ``/?u=UNIT``,
    e.g. ``https://raati.example.fi/?u=puupaja``), for its QR poster and the kiosk.
    ``unit`` is a unit id (raati.store.UNIT_ID_RE: small letters, digits, dashes), so it
    needs no quoting; ``base`` may end in a slash."""
    return f"{base.rstrip('/')}/?u={unit}"


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
