"""Raati's server: the Streamlit app (app.py) plus the one HTTP route Streamlit has no
API for, the route that sets the staff login cookies HttpOnly and SameSite=Strict
(raati.cookies). Start it as any Streamlit app:

    streamlit run serve.py [--server.port 8501 ...]

(`streamlit run` finds the ``st.App`` below and serves it; app.py stays the script that
runs for every browser, and AppTest keeps testing app.py directly.)"""

import streamlit as st

from raati import cookies

app = st.App("app.py", routes=cookies.routes(st.get_option("server.baseUrlPath")))

