"""Raati: the router. Reads the entry URL once, then shows either the client pages
(a round link ``/?r=TOKEN`` or a survey draft's preview ``/?esikatselu=TOKEN``:
answering only, no menu, no login) or the staff pages, by role. No business logic
here; every page also checks its own access (``raati.ui.guard``), so hiding a page from
the menu is never the only protection."""

import re

import streamlit as st

from raati import config, ui
from raati.i18n import UI_LANGUAGES, language_name, t
from raati.panels import normalise_join_code
from raati.routes import CLIENT_ONLY, ROUTES
from raati.said_did import normalise_unit
from raati.store.backend import unavailable_errors


def preview_token(raw: str | None) -> str:
    """The preview token in ``raw`` (at most 64 characters looked at), or ''."""
    found = re.search(r"[A-Za-z0-9_-]+", (raw or "")[:64])
    return found.group(0) if found else ""


# The entry URL is read once per browser session, so that a client who came through a
# round link stays on the client pages whatever happens to the address bar afterwards.
if "entry" not in st.session_state:
    params = st.query_params
    st.session_state.entry = {
        # Tokens are letters and digits: "TOKEN." or "TOKEN)" from a mail or chat app
        # still opens the round.
        # A link whose token is empty or has no letter or digit (cut short, or another
        # script) still opens the client page, which says the survey was not found:
        # a client never lands on the staff login.
        "round": config.link_token(params.get("r")) or ("-" if "r" in params else ""),
        # The kiosk link's token (or anything typed there): the answer page honours it
        # only if it is the round's own kiosk token (raati.flood), the panel page only
        # if it is the session's own (raati.panels.kiosk_link).
        "kiosk": config.link_token(params.get("kiosk")),
        # A panel session's join code (/?p=CODE, contract §5: case, spaces and dashes
        # ignored); "-" for a code that cannot be one (the page then asks for it again).
        "panel_page": "p" in params,
        "panel": (normalise_join_code(params.get("p")) or
                  ("-" if (params.get("p") or "").strip() else "")),
        # A unit's public "you said, we did" page (/?u=UNIT, contract §6); "-" for an
        # address that cannot name a unit (the page says so, never the staff login).
        "unit": normalise_unit(params.get("u")) or ("-" if "u" in params else ""),
        # The survey builder's live preview of a draft (/?esikatselu=TOKEN): the answer
        # page, but nothing is stored. Its token is URL-safe base64 (letters, digits, "-"
        # and "_": raati.store.surveys), so those stay; other punctuation glued on by a
        # mail or chat app is left out. "-" when the link has no usable token (the page
        # then says the survey was not found). ``kysymys=N`` opens question N (1-based;
        # pages/answer.py checks it against the draft).
        "preview": (preview_token(params.get("esikatselu")) or
                    ("-" if "esikatselu" in params else "")),
        "preview_question": (params.get("kysymys") or "")[:6],
    }
entry = st.session_state.entry

# Clients get a narrow, calm column; staff tables need the width.
st.set_page_config(page_title="Raati", page_icon="💬",
                   layout="centered" if entry["round"] or entry.get("preview")
                   or entry.get("panel_page") or entry.get("unit") else "wide")


def start_maintenance() -> None:
    """The background maintenance thread, once per browser session (it needs the
    database: if that cannot be reached, the next run of the page tries again)."""
    if "maintenance" not in st.session_state:
        ui.start_maintenance(str(config.db_path()), str(config.defs_dir()))
        st.session_state.maintenance = True


def staff_pages(user, lang: str) -> list:
    """Every staff page, registered so that its URL always reaches its own guard; the
    menu shows only what ``user`` (None: not logged in) may open."""
    from raati.auth import can_open

    pages = []
    for route in ROUTES:
        shown = can_open(route.roles, user) and route.page not in CLIENT_ONLY
        pages.append(st.Page(route.page, title=t(route.title_key, lang), icon=route.icon,
                             url_path=route.url_path or None, default=route.path == "/",
                             visibility="visible" if shown else "hidden"))
    return pages


# The database cannot be reached now (a PostgreSQL server down or refusing this app's
# password, no pooled connection in time, SQLite locked too long): a plain notice, never
# Streamlit's English crash box. Only these exceptions: st.rerun() and st.stop() are of
# other types and pass through.
UNAVAILABLE = unavailable_errors()
client_page = ("pages/answer.py" if entry["round"] or entry.get("preview") else
               "pages/panel.py" if entry.get("panel_page") else
               "pages/said_did.py" if entry.get("unit") else None)
if client_page:
    # Client pages: public, no menu, nothing else is reachable from here.
    # The page is registered twice: as the default (the link /?u=UNIT) and at its own
    # path (/teimme?u=UNIT): a default page is served only at the root, so a client who
    # opens the path would otherwise get Streamlit's English "Page not found".
    route = next(r for r in ROUTES if r.page == client_page)
    title = t(route.title_key)
    nav = st.navigation([st.Page(route.page, title=title, default=True),
                         st.Page(route.page, title=title, url_path=route.url_path)],
                        position="hidden")
    try:
        start_maintenance()
        nav.run()
    except UNAVAILABLE as exc:
        ui.database_unavailable(exc, ui.client_language())
else:
    lang = ui.ui_lang()
    try:
        start_maintenance()
        ui.first_start(str(config.db_path()))
        user = ui.current_user()
    except UNAVAILABLE as exc:
        # Who is logged in cannot be known: no menu and no page, only the notice (the
        # pages are still registered, so Streamlit never falls back to its own menu).
        st.navigation(staff_pages(None, lang), position="hidden")
        ui.database_unavailable(exc, lang)
        st.stop()
    nav = st.navigation(staff_pages(user, lang), position="sidebar" if user else "hidden")
    try:
        with st.sidebar:
            if user:
                st.caption(t("logged_in_as", lang, name=ui.plain(user.name),
                             role=t(f"role_{user.role}", lang)))
                st.button(t("logout", lang), key="logout", on_click=ui.logout, args=(user,))
            st.selectbox(t("ui_language", lang), UI_LANGUAGES, format_func=language_name,
                         key="ui_lang")
        ui.render_cookie_update()
        ui.page_language(lang)
        nav.run()
    except UNAVAILABLE as exc:
        ui.database_unavailable(exc, lang)
