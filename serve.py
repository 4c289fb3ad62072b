"""Raati's server: the Streamlit app (app.py) plus the HTTP routes Streamlit has no
API for: the route that sets the staff login cookies HttpOnly and SameSite=Strict
(raati.cookies), and GET /_raati/health, whether this process can read its database
(raati.health, for load balancers). Start it as any Streamlit app:

    streamlit run serve.py [--server.port 8501 ...]

(`streamlit run` finds the ``st.App`` below and serves it; app.py stays the script that
runs for every browser, and AppTest keeps testing app.py directly.)"""

import streamlit as st

from raati import cookies, health

_base = st.get_option("server.baseUrlPath")
# /_raati/cookie (login cookies) and /_raati/health (the database check for load
# balancers: raati.health, deploy/haproxy.cfg).
app = st.App("app.py", routes=cookies.routes(_base) + health.routes(_base))



def _freeze_startup_objects() -> None:
    """Streamlit runs a full garbage collection after every script run (the option
    runner.postScriptGC, kept on: it bounds memory). A full collection walks every
    tracked object, and a server that has imported Streamlit, plotly and Raati holds
    more than 160 000 of them: on 2 cores it was most of a tap's server time. Import
    every module of Raati (raati.*, analysis.*: all the pages use) now, and move
    everything alive at startup to the permanent generation (gc.freeze, as CPython's
    documentation suggests for pre-fork servers), so that the collection after a run
    walks only what runs created. Measured: with only the answer page's modules frozen,
    a panel phone's 5-second check cost the server about 30 ms, 25 ms of it the
    collection walking the 41 000 objects of the panel modules imported later
    (bench/panel_live.py, py-spy); with every module frozen the collection takes well
    under a millisecond.

    The "lost taps" once seen with this in the browser tests were not lost: the old
    test helper waited for the page's script state to change into "running", and a run
    this quick can finish before the browser ever draws that state (measured: 40 of 40
    taps moved to the next screen, 6 of them without "running" seen); the tests wait
    for the app's own state instead (tests/browser/conftest.py), and bench/tap_load.py
    counts every response stored."""
    import gc
    import importlib
    import pkgutil

    import plotly.graph_objects  # noqa: F401 - the results pages' charts

    import analysis
    import raati

    for package in (raati, analysis):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            try:
                importlib.import_module(module.name)
            except ImportError:  # an optional extra not installed (raati.sso: Authlib)
                pass

    gc.collect()
    gc.freeze()


_freeze_startup_objects()
