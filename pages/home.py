"""Staff home: who is logged in, their units, and where to go next. Nobody logged in:
the front page of a client who typed only the app's address, so the panel join box
comes first and the staff login under it (raati.ui.guard draws them the other way round
on the other staff pages)."""

import streamlit as st

from raati import ui
from raati.i18n import t

if ui.current_user() is None:
    ui.panel_join_box(ui.ui_lang(), key="front")
    st.divider()
    ui.login_form()
    st.stop()
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
