"""My account: who I am, my units, and changing my password."""

import streamlit as st

from raati import ui
from raati.i18n import t

user = ui.guard(__file__)
lang = ui.ui_lang()

st.title(t("account_title", lang))
st.write(t("logged_in_as", lang, name=ui.plain(user.name), role=t(f"role_{user.role}", lang)))
if user.role != "admin":
    st.write(t("your_units", lang,
               units=ui.plain(", ".join(user.units)) or t("no_units", lang)))
if user.sso_subject:
    st.info(t("sso_account", lang))
else:
    st.subheader(t("change_password", lang))
    ui.password_change_form(user, forced=False)
