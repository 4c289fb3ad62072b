"""Staff home: who is logged in, their units, and where to go next."""

import streamlit as st

from raati import ui
from raati.i18n import t

user = ui.guard(__file__)
lang = ui.ui_lang()

st.title(t("home_title", lang))
st.write(t("home_intro", lang))
if user.role == "admin":
    units = t("all_units", lang)
else:
    names = {u.id: u.name for u in ui.store().units()}
    units = ", ".join(names.get(u, u) for u in user.units) or t("no_units", lang)
st.write(t("your_units", lang, units=ui.plain(units)))
if user.role in ("admin", "staff"):
    st.page_link("pages/rounds.py", label=t("go_rounds", lang), icon="🔗")
st.page_link("pages/results.py", label=t("go_results", lang), icon="📊")
