"""Raati: the router. Reads the entry URL once, then shows either the client pages
(a round link ``/?r=TOKEN``: answering only, no menu, no login) or the staff pages.
No business logic here."""

import streamlit as st

from raati.i18n import UI_LANGUAGES, language_name, t

# The entry URL is read once per browser session, so that a client who came through a
# round link stays on the client pages whatever happens to the address bar afterwards.
if "entry" not in st.session_state:
    params = st.query_params
    st.session_state.entry = {
        "round": (params.get("r") or "").strip(),
        "kiosk": params.get("kiosk") == "1",
    }
entry = st.session_state.entry

# Clients get a narrow, calm column; staff tables need the width.
st.set_page_config(page_title="Raati", page_icon="💬",
                   layout="centered" if entry["round"] else "wide")

if entry["round"]:
    # Client pages: public, nothing else is reachable from here.
    client_pages = [
        st.Page("pages/answer.py", title=t("nav_answer"), icon="💬", url_path="vastaa",
                default=True),
    ]
    st.navigation(client_pages, position="hidden").run()
else:
    # Staff pages. (Login and roles come with the accounts feature.)
    lang = st.session_state.get("ui_lang", "fi")
    staff_pages = [
        st.Page("pages/rounds.py", title=t("nav_rounds", lang), icon="🔗",
                url_path="kierrokset", default=True),
        st.Page("pages/surveys.py", title=t("nav_surveys", lang), icon="📋",
                url_path="kyselyt"),
        st.Page("pages/about.py", title=t("nav_about", lang), icon="ℹ️", url_path="tietoa"),
    ]
    nav = st.navigation(staff_pages)
    with st.sidebar:
        st.selectbox(t("ui_language", lang), UI_LANGUAGES, format_func=language_name,
                     key="ui_lang")
    nav.run()
