"""Staff login cookies that the page's JavaScript can never read.

A Streamlit script cannot answer an HTTP request, so it cannot send ``Set-Cookie``
itself, and a cookie written by JavaScript (``document.cookie``) can never be HttpOnly.
Streamlit 1.53+ runs on Starlette and lets an ``st.App`` add HTTP routes (serve.py);
this module is that route and its bookkeeping:

1. after a login (or logout) the script calls ``issue_ticket`` with the cookies to set
   (or clear); the changes wait here, in this process's memory, under a random one-time
   ticket that is bound to the browser and lives TICKET_TTL_S seconds;
2. the page POSTs the ticket to ``/_raati/cookie`` (raati.ui.render_cookie_update);
3. the route redeems the ticket and answers with ``Set-Cookie: ...; HttpOnly;
   SameSite=Strict; Path=/`` (``Secure`` on https). The cookie values never reach
   JavaScript; the script reads them back with ``st.context.cookies``.

Tickets live in one process: several server processes need session affinity anyway
(see the engineering notes). Importable without Streamlit; Starlette is imported only
where the route is made.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

SESSION_COOKIE = "raati_session"  # the login session (a browser-session cookie)
DEVICE_COOKIE = "raati_device"  # the device cookie of raati.auth.trust_device
ROUTE = "/_raati/cookie"
TICKET_TTL_S = 60.0
MAX_TICKETS = 10_000  # a bound on memory, whatever happens

_tickets: dict[str, tuple[float, str | None, tuple[CookieChange, ...]]] = {}
_lock = threading.Lock()
_route_installed = False


@dataclass(frozen=True)
class CookieChange:
    """One cookie to set (``value``) or to clear (``value`` None). ``max_age`` None
    makes a browser-session cookie."""

    name: str
    value: str | None
    max_age: int | None = None


def browser_key_from_xsrf(raw: object) -> str | None:
    """A stable, anonymous key of a browser from Streamlit's ``_streamlit_xsrf`` cookie
    (format ``2|mask|masked secret|time``, masked anew on every page load): a hash of
    the unmasked secret, or None if the cookie is missing or not in that format."""
    parts = raw.split("|") if isinstance(raw, str) else []
    if len(parts) != 4 or parts[0] != "2":
        return None
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except ValueError:
        return None
    key = (mask * (len(masked) // len(mask) + 1))[: len(masked)] if mask else b""
    secret = bytes(a ^ b for a, b in zip(masked, key, strict=True))
    return hashlib.sha256(secret).hexdigest()[:32]


def issue_ticket(changes: tuple[CookieChange, ...] | list[CookieChange],
                 browser: str | None, now: float | None = None) -> str:
    """Keep ``changes`` for the browser whose key (browser_key_from_xsrf) is ``browser``
    and return the one-time ticket that sets them (None = not bound to a browser, for a
    browser whose XSRF cookie could not be read)."""
    now = time.monotonic() if now is None else now
    ticket = secrets.token_urlsafe(32)
    with _lock:
        for old in [t for t, (until, _, _) in _tickets.items() if until <= now]:
            del _tickets[old]
        while len(_tickets) >= MAX_TICKETS:
            del _tickets[next(iter(_tickets))]  # the oldest
        _tickets[ticket] = (now + TICKET_TTL_S, browser, tuple(changes))
    return ticket


def redeem_ticket(ticket: object, browser: str | None,
                  now: float | None = None) -> tuple[CookieChange, ...] | None:
    """The changes of a live ticket, once: a ticket is gone after its first try, and
    a ticket bound to another browser (or expired, or unknown) gives None."""
    if not isinstance(ticket, str) or not 20 <= len(ticket) <= 100:
        return None
    now = time.monotonic() if now is None else now
    with _lock:
        found = _tickets.pop(ticket, None)
    if found is None:
        return None
    until, bound_to, changes = found
    if until <= now or (bound_to is not None and bound_to != browser):
        return None
    return changes


def route_path(base_url_path: str = "") -> str:
    """The route's path under Streamlit's ``server.baseUrlPath``."""
    base = (base_url_path or "").strip("/")
    return f"/{base}{ROUTE}" if base else ROUTE


def route_installed() -> bool:
    """Is the cookie route served in this process (the app started through serve.py)?"""
    return _route_installed


def _secure(request) -> bool:
    """Secure cookies when the browser is on https: the request itself (uvicorn honours
    X-Forwarded-Proto from a local proxy) or the configured $RAATI_BASE_URL."""
    from raati import config

    return request.url.scheme == "https" or (config.base_url() or "").startswith("https:")


async def _cookie_endpoint(request):
    from starlette.responses import Response

    body = (await request.body())[:200].decode("ascii", "replace").strip()
    changes = redeem_ticket(body, browser_key_from_xsrf(request.cookies.get("_streamlit_xsrf")))
    if changes is None:
        return Response(status_code=403, headers={"Cache-Control": "no-store"})
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = _secure(request)
    for change in changes:
        if change.value is None:
            response.delete_cookie(change.name, path="/", secure=secure, httponly=True,
                                   samesite="strict")
        else:
            response.set_cookie(change.name, change.value, max_age=change.max_age, path="/",
                                secure=secure, httponly=True, samesite="strict")
    return response


def routes(base_url_path: str = "") -> list:
    """The Starlette routes to give ``st.App(..., routes=...)``: POST ``/_raati/cookie``
    (under ``base_url_path``) redeems a ticket into HttpOnly, SameSite=Strict cookies."""
    global _route_installed
    from starlette.routing import Route

    _route_installed = True
    return [Route(route_path(base_url_path), _cookie_endpoint, methods=["POST"])]
