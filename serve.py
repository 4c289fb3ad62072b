"""Raati's server: the Streamlit app (app.py) plus the one HTTP route Streamlit has no
API for, the route that sets the staff login cookies HttpOnly and SameSite=Strict
(raati.cookies). Start it as any Streamlit app:

    streamlit run serve.py [--server.port 8501 ...]

(`streamlit run` finds the ``st.App`` below and serves it; app.py stays the script that
runs for every browser, and AppTest keeps testing app.py directly.)"""

import streamlit as st

from raati import cookies

app = st.App("app.py", routes=cookies.routes(st.get_option("server.baseUrlPath")))



def _freeze_startup_objects() -> None:
    """Streamlit runs a full garbage collection after every script run (the option
    runner.postScriptGC, kept on: it bounds memory). A full collection walks every
    tracked object, and a server that has imported Streamlit, plotly and Raati holds
    more than 100 000 of them: on 2 cores it was most of a tap's server time. Import
    what the pages use now, and move everything alive at startup to the permanent
    generation (gc.freeze, as CPython's documentation suggests for pre-fork servers), so
    that the collection after a run walks only what runs created.

    The "lost taps" once seen with this in the browser tests were not lost: the old
    test helper waited for the page's script state to change into "running", and a run
    this quick can finish before the browser ever draws that state (measured: 40 of 40
    taps moved to the next screen, 6 of them without "running" seen); the tests wait
    for the app's own state instead (tests/browser/conftest.py), and bench/tap_load.py
    counts every response stored."""
    import gc

    import plotly.graph_objects  # noqa: F401 - the results pages' charts

    import analysis.charts  # noqa: F401
    import analysis.summary  # noqa: F401
    import analysis.views  # noqa: F401
    import raati.answering  # noqa: F401
    import raati.auth  # noqa: F401
    import raati.flood  # noqa: F401
    import raati.maintenance  # noqa: F401
    import raati.ui  # noqa: F401

    gc.collect()
    gc.freeze()


_freeze_startup_objects()
