"""The database health route of an app process, for load balancers and monitoring.

Streamlit's own ``/_stcore/health`` says only that the process serves; this route says
whether the process can also read its database: ``GET /_raati/health`` (under
``server.baseUrlPath``) answers 200 ``{"status": "ok"}`` after one cheap read
(``Store.data_version()``: one row of the maintenance table), or 503
``{"status": "unavailable"}`` when that read fails or takes longer than
CHECK_TIMEOUT_S seconds. The answer never holds an error text, address or password.

The read runs in a worker thread, and the route waits for it at most CHECK_TIMEOUT_S:
the store's PostgreSQL pool waits up to 30 s for a connection, and a health check must
answer quickly whatever the database does. At most one read is under way per process
(later checks wait for the same one), so a database that hangs cannot pile up threads
however often the balancer asks. Importable without Streamlit; Starlette is imported
only where the route is made.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading

log = logging.getLogger(__name__)
ROUTE = "/_raati/health"
CHECK_TIMEOUT_S = 2.0

_lock = threading.Lock()
_running: concurrent.futures.Future | None = None


def _read_database(future: concurrent.futures.Future) -> None:
    from raati import config
    from raati.store import Store

    try:
        future.set_result(Store(config.db_path()).data_version())
    except BaseException as exc:  # handed to the waiting check
        from raati.store.backend import error_line

        # The cause goes to the process's log (the route's answer never says it); the
        # driver's first line names host, port and cause, never a password.
        log.warning("database check failed: %s: %s", type(exc).__name__, error_line(exc))
        future.set_exception(exc)


def _start_read() -> concurrent.futures.Future:
    # A daemon thread (not an executor's): a read hanging on a dead server must not
    # hold up the process's exit.
    future: concurrent.futures.Future = concurrent.futures.Future()
    threading.Thread(target=_read_database, args=(future,), name="raati-health",
                     daemon=True).start()
    return future


def database_ok(timeout_s: float | None = None) -> bool:
    """Can this process read its database (RAATI_DB) now? True when one cheap read
    (Store.data_version) succeeded within ``timeout_s`` seconds (default
    CHECK_TIMEOUT_S); False when it raised (any exception: nothing of it is passed on)
    or is still running. Never raises; blocks the calling thread at most ``timeout_s``
    seconds. A read still running from an earlier check is waited for, not repeated."""
    global _running
    timeout_s = CHECK_TIMEOUT_S if timeout_s is None else timeout_s
    with _lock:
        if _running is None or _running.done():
            _running = _start_read()
        future = _running
    try:
        future.result(timeout=timeout_s)
    except Exception:  # any failure: "unavailable", and nothing more
        return False
    return True


def route_path(base_url_path: str = "") -> str:
    """The route's path under Streamlit's ``server.baseUrlPath``."""
    base = (base_url_path or "").strip("/")
    return f"/{base}{ROUTE}" if base else ROUTE


async def health_endpoint(request):
    """200 ``{"status": "ok"}`` or 503 ``{"status": "unavailable"}``, never cached."""
    import asyncio

    from starlette.responses import JSONResponse

    ok = await asyncio.to_thread(database_ok)
    return JSONResponse({"status": "ok" if ok else "unavailable"},
                        status_code=200 if ok else 503,
                        headers={"Cache-Control": "no-store"})


def routes(base_url_path: str = "") -> list:
    """The Starlette routes to give ``st.App(..., routes=...)``: GET (and HEAD)
    ``/_raati/health`` under ``base_url_path``."""
    from starlette.routing import Route

    return [Route(route_path(base_url_path), health_endpoint, methods=["GET", "HEAD"])]
