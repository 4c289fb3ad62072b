"""Small helpers shared by the Streamlit pages (the only raati module that imports
Streamlit; the core never imports it)."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from raati import config
from raati.store import Store
from raati.survey_catalog import Catalog, load_catalog
from raati.surveys import Survey, survey_files

# Text written by people (survey files, answers, names of units, rounds and staff, error
# messages that quote input) reaches Streamlit elements that render Markdown: titles,
# captions, alerts, toasts, the labels of widgets, expanders and tabs, the options of
# radio, pills and segmented_control. There Markdown loads pictures from anywhere (a
# survey's ``![](https://…)`` was a tracking pixel on every client device) and makes
# links, colours, icons and LaTeX. plain() is the one way to pass such text there.
# (st.text, st.code, st.html of html.escape'd text, dataframes and the options of
# selectbox and multiselect show text as it is: never plain() for those.)
#
# 1. Syntax is cancelled by a backslash before the characters that start it (CommonMark
#    shows an escaped ASCII punctuation character as itself). Other punctuation is left
#    alone: a few widgets also copy their label, as it is, into aria-label.
# 2. Streamlit changes some text after parsing, where a backslash no longer counts: bare
#    URLs, www. and e-mail addresses become links, :shortcodes: emoji, :material/…:
#    icons, :streamlit: a logo, and " -> ", " <- ", " -- ", " >= " … arrows and dashes.
#    An invisible WORD JOINER (U+2060: no width, no line break, not read aloud) inside
#    each of these keeps it text that looks exactly as written.
WORD_JOINER = "\u2060"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#~$|&])")
_AFTER_PARSE = re.compile(
    r"(?<=:)(?=[\w+\-/])"  # :smile:, :+1:, :material/home:, :streamlit:, :red[…], https://
    r"|(?<=@)(?=[\w\-])"  # me@example.org
    r"|(?i:(?<=www))(?=\.)"  # www.example.org
)
_ARROW_OR_DASH = re.compile(r"(?<![^\s\ufeff])(<->|->|<-|--|>=|<=|~=)(?![^\s\ufeff])")
_LINE_START_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)  # 4 spaces: a code block
_LINE_START_BULLET = re.compile(r"^([-+=])", re.MULTILINE)  # lists, setext headings
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)])", re.MULTILINE)  # numbered lists


def plain(text: str) -> str:
    """``text`` for an element that renders Markdown, shown exactly as written: no
    formatting, link, picture, emoji, icon, colour or formula comes of it. (Leading
    spaces of a line go, as Markdown drops them anyway.)"""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")  # Markdown's line ends
    text = _LINE_START_INDENT.sub("", text)
    text = _ARROW_OR_DASH.sub(lambda m: m[1][0] + WORD_JOINER + m[1][1:], text)
    text = _AFTER_PARSE.sub(WORD_JOINER, text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START_BULLET.sub(r"\\\1", text)
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)


def store() -> Store:
    return Store(config.db_path())


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_catalog(defs: str, db: str, stamp: tuple, revision: int) -> Catalog:
    return load_catalog(defs, Store(db))


def catalog() -> Catalog:
    """Every survey (the survey folder's files and the surveys stored in the database,
    raati.survey_catalog), reloaded when a file changes or a stored survey is
    published, archived or deleted (from any process)."""
    defs = config.defs_dir()
    stamp = tuple((p.name, s.st_mtime_ns, s.st_size)
                  for p, s in ((p, p.stat()) for p in survey_files(defs))) \
        if defs.is_dir() else ()
    db = store()
    return _load_catalog(str(defs), db.spec, stamp, db.survey_revision())


def surveys() -> tuple[dict[str, Survey], list[str]]:
    """The valid surveys by id (catalog()) and the problems of broken files or stored
    versions (a broken one never takes the good ones down)."""
    found = catalog()
    return found.surveys, found.problems


# Defined here, not in app.py: app.py runs again on every tap, and decorating a function
# with st.cache_resource there each time costs more than the router's own work.
@st.cache_resource(show_spinner=False)
def first_start(db_path: str) -> bool:
    """Once per server and database: the first admin's one-time password, printed in
    the terminal. With several app processes starting together on one database, one of
    them does it (Store.claim), so no process prints a password that another one has
    already replaced."""
    import time

    from raati.auth import ensure_first_admin

    db = store()
    if db.claim("first_admin", time.time(), FIRST_ADMIN_CLAIM_S):
        ensure_first_admin(db)
    return True


FIRST_ADMIN_CLAIM_S = 300.0  # processes started within 5 minutes of each other


@st.cache_resource(show_spinner=False)
def start_maintenance(db_path: str, defs: str):
    """Once per server and database: the background thread that applies retention and
    compacts the database file (raati.maintenance), for client and staff pages alike."""
    from raati.maintenance import start_thread

    return start_thread(db_path, defs)


def app_base_url() -> str:
    """The address clients reach the app at (app_base_url_source)."""
    return app_base_url_source()[0]


def app_base_url_source() -> tuple[str, str]:
    """(address, source) of answer links and QR codes, in the order of
    raati.config.resolve_base_url: $RAATI_BASE_URL, the address an admin saved in the
    app, this browser's address, the default."""
    browser = None
    try:
        parts = urlsplit(st.context.url)
        if parts.scheme and parts.netloc:
            browser = f"{parts.scheme}://{parts.netloc}"
    except Exception:  # no browser context (AppTest)
        pass
    return config.resolve_base_url(store().setting(config.BASE_URL_SETTING), browser)


def picture_path(rel: str | None, survey: Survey | None = None) -> Path | None:
    """The file of a picture path: the survey's own (Survey.picture_file: its folder,
    or where a stored survey's pictures were written), else relative to the survey
    folder (an action's picture). None when there is none."""
    if not rel:
        return None
    if survey is not None:
        return survey.picture_file(rel)
    path = config.defs_dir() / rel
    return path if path.is_file() else None


# -- staff login ---------------------------------------------------------------------------

SESSION_COOKIE = "raati_session"  # = raati.cookies.SESSION_COOKIE
DEVICE_COOKIE = "raati_device"  # = raati.cookies.DEVICE_COOKIE


def ui_lang() -> str:
    return st.session_state.get("ui_lang", "fi")


def _xsrf_browser_key() -> str | None:
    from raati.cookies import browser_key_from_xsrf

    return browser_key_from_xsrf(st.context.cookies.get("_streamlit_xsrf", ""))


def browser_key() -> str:
    """A stable, anonymous key of this browser for counting failed logins: a hash of the
    secret inside Streamlit's XSRF cookie (masked anew on every page load), else this
    browser session's id."""
    key = _xsrf_browser_key()
    if key:
        return key
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return "session-" + (ctx.session_id if ctx else "unknown")


def context_cookie(name: str) -> str | None:
    """The cookie ``name`` this browser sent when the page loaded, or None (also when
    there is no browser, as in AppTest)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) and value else None


def _cookie_token() -> str | None:
    """The session cookie this browser sent when the page loaded, unless this browser
    session already knows it has ended (st.context.cookies does not change until the
    next page load)."""
    value = context_cookie(SESSION_COOKIE)
    return None if value and value == st.session_state.get("dead_session_cookie") else value


def _queue_cookie(name: str, value: str | None, max_age: int | None = None) -> None:
    """Queue a cookie to be set (``value``) or cleared (None) by the server on this run."""
    from raati.cookies import CookieChange

    st.session_state.setdefault("cookie_update", {})[name] = CookieChange(name, value, max_age)


def _set_cookie(token: str | None) -> None:
    """Queue the login cookie to be written (or cleared) on this run."""
    _queue_cookie(SESSION_COOKIE, token or None)


_warned_no_route = False


def page_language(lang: str) -> None:
    """Say the page's language on ``<html lang>`` (WCAG 3.1.1): on staff pages the
    interface language; client pages set theirs in client.js. Streamlit's own is "en".
    The same element numbers the runs of this browser session (``data-raati-run``), as
    the client pages' settings do: a browser test waits for the run its click started
    by that number, since a run of a few milliseconds may never show as "running"."""
    import json

    run = st.session_state["raati_run"] = st.session_state.get("raati_run", 0) + 1
    # The element takes no room (its gap would push a full-screen page's buttons down).
    st.html('<style>[data-testid="stElementContainer"]:has(script[data-raati-lang])'
            "{display:none}</style><script data-raati-lang>"
            f"document.documentElement.lang = {json.dumps(lang)};</script>"
            f'<span hidden data-raati-run="{run}"></span>',
            unsafe_allow_javascript=True)


def render_cookie_update() -> None:
    """Have the server write the queued login cookies into this browser (called by app.py
    on every run). The page only posts a one-time ticket, bound to this browser, to the
    server's cookie route (raati.cookies, served by serve.py); the cookies come back
    HttpOnly and SameSite=Strict (Secure on https), so no script ever sees the tokens.
    They hold only random tokens; the server keeps their hashes. Without the route (the
    app started as ``streamlit run app.py``, or AppTest) nothing is written and a login
    lasts for this browser tab only."""
    global _warned_no_route
    changes = st.session_state.pop("cookie_update", None)
    if not changes:
        return
    from raati import cookies

    if not cookies.route_installed():
        if not _warned_no_route:
            _warned_no_route = True
            import logging

            logging.getLogger("raati").warning(
                "login cookies need the cookie route: start Raati with `streamlit run "
                "serve.py`; until then a login lasts for one browser tab only")
        return
    import json

    ticket = cookies.issue_ticket(list(changes.values()), _xsrf_browser_key())
    path = cookies.route_path(st.get_option("server.baseUrlPath"))
    # keepalive: the request completes even if the person navigates away at once.
    st.html(
        f"<script>fetch(location.origin + {json.dumps(path)}, {{method: 'POST', "
        f"body: {json.dumps(ticket)}, credentials: 'same-origin', cache: 'no-store', "
        "keepalive: true, headers: {'Content-Type': 'text/plain'}});</script>",
        unsafe_allow_javascript=True,
    )


def _sso_rules():
    from raati.sso import parse_rules

    try:
        return parse_rules(st.secrets.get("raati_sso", {}).get("rules"))
    except FileNotFoundError:
        return []


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def current_user():
    """The logged-in staff member of this browser, checked against the database on
    every run (a removed, disabled or changed account takes effect at once)."""
    from raati import auth

    store_ = store()
    if sso_configured() and st.user.is_logged_in:
        from raati.sso import map_claims

        grant = map_claims(dict(st.user.to_dict()), _sso_rules())
        if grant is None:
            return None
        return auth.sso_user(store_, grant)
    token = st.session_state.get("session_token") or _cookie_token()
    user = auth.session_user(store_, token, idle_timeout_s=config.idle_timeout_s())
    if user is None:
        if st.session_state.pop("session_token", None) or _cookie_token():
            _set_cookie(None)
            st.session_state["dead_session_cookie"] = context_cookie(SESSION_COOKIE)
        return None
    st.session_state["session_token"] = token
    return user


def panel_join_box(lang: str | None = None, key: str = "front") -> None:
    """The box for a panel session's join code (contract §5): first on the front page for
    clients who typed the app's address (above the staff login, pages/home.py), under
    the login on the other staff pages, and on the panel page for a wrong or missing
    code. A code that opens a session sends this browser to its join link
    (/?p=CODE: a new page load, as from the QR code, since the client pages are chosen
    from the address a browser session starts with); another is refused in a sentence."""
    from raati.i18n import t
    from raati.panels import normalise_join_code

    lang = lang or ui_lang()
    # Client targets at least 48 px tall on a phone (the code box and Liity), as on every
    # client screen; the box's own key scopes the rule. (``key`` is a fixed identifier.)
    st.html(f"<style>.st-key-{key}_panel_join_box input{{min-height:48px;font-size:1.1rem}}"
            f".st-key-{key}_panel_join_box button{{min-height:48px;min-width:48px;"
            f"padding-inline:1.5rem}}</style>")
    with st.container(key=f"{key}_panel_join_box"), \
            st.form(f"{key}_panel_join", border=True):
        st.subheader(f"🗳️ {t('panel_join_title', lang)}", anchor=False)
        # The hint is visible text under the box, not help= (whose tooltip button
        # Streamlit names in English: "Help for …").
        typed = st.text_input(t("panel_join_label", lang), max_chars=20,
                              key=f"{key}_panel_code")
        # Full-strength text (st.caption's 0.6 opacity is under WCAG AA's 4.5:1 contrast).
        st.html(f'<p style="margin:0 0 .5rem 0">{html.escape(t("panel_join_help", lang))}</p>')
        go = st.form_submit_button(t("panel_join_button", lang), type="primary")
    if go:
        code = normalise_join_code(typed)
        if code and store().panel_by_code(code):
            st.html(f'<script>window.location.assign("?p={code}");</script>',
                    unsafe_allow_javascript=True)
            st.markdown(f"[{t('panel_join_button', lang)} →](?p={code})")
            st.stop()
        st.error(t("panel_code_wrong", lang))


def login_form() -> None:
    """The staff login form (a password field and nothing of the page behind it)."""
    from raati import auth
    from raati.i18n import t

    lang = ui_lang()
    st.title(t("login_title", lang))
    st.write(t("login_intro", lang))
    if auth.first_admin_waiting(store()):
        st.info(t("first_admin_hint", lang))
    if sso_configured():
        if st.user.is_logged_in:
            st.error(t("sso_no_role", lang))
            if st.button(t("logout", lang)):
                st.logout()
        elif st.button(t("login_sso", lang), type="primary"):
            st.login()
        st.divider()
    with st.form("login"):
        name = st.text_input(t("user_name", lang), max_chars=64, autocomplete="username")
        password = st.text_input(t("password", lang), type="password", max_chars=256,
                                 autocomplete="current-password")
        sent = st.form_submit_button(t("login_button", lang), type="primary")
    if sent:
        store_ = store()
        # This browser's device cookie (raati.auth.trust_device): the one given in this
        # browser session, else the one the browser sent when the page loaded.
        device = st.session_state.get("device_token") or context_cookie(DEVICE_COOKIE)
        result = auth.authenticate(store_, name, password, browser_key(), device=device)
        if result.user is None:
            if result.error in ("login_locked", "login_locked_untrusted"):
                st.error(t(result.error, lang, s=result.wait_s))
            else:
                st.error(t("login_failed", lang))
            return
        token = auth.start_session(store_, result.user)
        st.session_state["session_token"] = token
        _set_cookie(token)
        device = auth.trust_device(store_, result.user, replacing=device)
        st.session_state["device_token"] = device
        _queue_cookie(DEVICE_COOKIE, device, max_age=auth.DEVICE_COOKIE_DAYS * 86400)
        store_.audit(result.user.name, "login")
        st.rerun()


def logout(user) -> None:
    """End the login session (a button callback: it runs before the next run draws)."""
    from raati import auth

    store_ = store()
    auth.end_session(store_, st.session_state.pop("session_token", None) or _cookie_token())
    _set_cookie(None)  # the device cookie stays: this browser is still a known one
    st.session_state["dead_session_cookie"] = context_cookie(SESSION_COOKIE)
    store_.audit(user.name, "logout")
    if sso_configured() and st.user.is_logged_in:
        st.logout()


def password_change_form(user, forced: bool) -> None:
    from raati import auth
    from raati.i18n import t

    lang = ui_lang()
    if forced:
        st.title(t("must_change_title", lang))
        st.write(t("must_change_intro", lang, n=auth.MIN_PASSWORD))
    with st.form("change_password", clear_on_submit=True):
        current = "" if forced else st.text_input(
            t("current_password", lang), type="password", autocomplete="current-password")
        new = st.text_input(t("new_password", lang), type="password",
                            autocomplete="new-password", max_chars=auth.MAX_PASSWORD)
        again = st.text_input(t("new_password_again", lang), type="password",
                              autocomplete="new-password", max_chars=auth.MAX_PASSWORD)
        sent = st.form_submit_button(t("change_password", lang), type="primary")
    if not sent:
        return
    if not forced and not auth.verify_password(user.password_hash, current):
        st.error(t("pw_wrong_current", lang))
        return
    if new != again:
        st.error(t("pw_mismatch", lang))
        return
    try:
        auth.change_password(store(), user, new)
    except auth.AuthError as exc:
        st.error(t(exc.key, lang, **exc.values))
        return
    store().audit(user.name, "password_change", user.name)
    st.session_state["flash"] = t("password_changed", lang)
    st.rerun()


def guard(page_file: str):
    """Check, on every run of a page, that this browser may see it. Shows the login
    form (and stops the page) when nobody is logged in, the forced password change
    after a one-time password, and a refusal for a role the page is not for.
    Returns the user (None on a public page with nobody logged in)."""
    from raati import auth
    from raati.i18n import t
    from raati.routes import route_for

    route = route_for(page_file)
    if auth.PUBLIC in route.roles:
        return None
    user = current_user()
    if user is None:
        login_form()
        panel_join_box()  # for clients who typed the app's address (under the login)
        st.stop()
    if user.must_change:
        password_change_form(user, forced=True)
        st.stop()
    if not auth.can_open(route.roles, user):
        st.error(t("no_access", ui_lang()))
        st.stop()
    flash = st.session_state.pop("flash", None)
    if flash:
        # At the top of the page, and as a toast: a form far down the page (kiosk
        # settings, retention) would otherwise show its confirmation out of sight.
        st.success(flash)
        st.toast(flash, icon="✅")
    return user


# -- st.file_uploader in the interface language ------------------------------------------

def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, for ``content:``. Quotes, backslashes, ``<``,
    ``>`` and ``&`` (so that nothing can end the <style> element) and control characters
    become CSS hex escapes (``\\22 `` for a double quote); everything else stays as it is."""
    out = []
    for ch in text:
        if ch in '"\'\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F or ch in "\u2028\u2029":
            out.append(f"\\{ord(ch):X} ")  # the space ends the escape; CSS drops it
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_DROPZONE = '[data-testid="stFileUploaderDropzone"]'


def uploader_texts_css(lang: str, max_mb: int | None = None) -> str:
    """A <style> element that shows st.file_uploader's own words in ``lang``: Streamlit
    1.67 writes them only in English and has no parameter for them (streamlit issue
    #13500). For the CSV/XLSX import of pages/data.py; draw it with st.html right before
    the uploader (nothing but a <style>, so Streamlit puts it outside the layout and it
    is drawn reliably; a script swapping the texts was not).

    The English words stay in the page but are hidden from sight and from assistive
    technology (``display: none`` or ``visibility: hidden``); CSS generated content
    (``::before``/``::after``, which Chromium also reads as the button's accessible name)
    shows the texts of the catalogue (keys upload_browse, upload_drag, upload_limit and,
    while a file is dragged over, upload_drop). ``max_mb`` is the size limit shown,
    by default the server's ``server.maxUploadSize`` (the limit Streamlit enforces).
    The hidden file input's English aria-label ("file upload") is taken out of the
    accessibility tree the same way; the visible button opens the file dialog."""
    from raati.i18n import t

    if max_mb is None:
        max_mb = int(st.get_option("server.maxUploadSize"))
    browse, drag, drop, limit = (
        css_string(t("upload_browse", lang)), css_string(t("upload_drag", lang)),
        css_string(t("upload_drop", lang)), css_string(t("upload_limit", lang, mb=max_mb)))
    hidden_text = "visibility: hidden; font-size: 0;"
    shown = "visibility: visible; display: block; font-size: 0.875rem; line-height: 1.6;"
    rules = [
        # The button: its label (Markdown "Upload") out, ours in its place.
        f"{_DROPZONE} button [data-testid=\"stMarkdownContainer\"] p {{ display: none; }}",
        f"{_DROPZONE} button [data-testid=\"stMarkdownContainer\"]::after "
        f"{{ content: {browse}; }}",
        # "20MB per file • CSV, XLSX": the span keeps its colour (also when disabled).
        f"{_DROPZONE} [data-testid=\"stFileUploaderDropzoneInstructions\"] span "
        f"{{ {hidden_text} }}",
        f"{_DROPZONE} [data-testid=\"stFileUploaderDropzoneInstructions\"] span::before "
        f"{{ content: {drag}; {shown} }}",
        f"{_DROPZONE} [data-testid=\"stFileUploaderDropzoneInstructions\"] span::after "
        f"{{ content: {limit}; {shown} }}",
        # "Drag and drop a file here", the overlay while a file is dragged over (a div
        # without a data-testid, the only one whose child is a span).
        f"{_DROPZONE} > div:not([data-testid]) > span {{ {hidden_text} }}",
        f"{_DROPZONE} > div:not([data-testid]) > span::after {{ content: {drop}; {shown} }}",
        # The zero-sized file input (aria-label "file upload"): out of the accessibility
        # tree; it still takes files (the button opens its dialog).
        f"{_DROPZONE} [data-testid=\"stFileUploaderDropzoneInput\"] {{ visibility: hidden; }}",
    ]
    return '<style class="raati-uploader-texts">' + "\n".join(rules) + "</style>"


# -- client pages: the HTML that Streamlit widgets cannot make --------------------------

@functools.cache
def asset(name: str) -> str:
    """A file of raati/assets, read once per process (they change only with the code)."""
    return (config.ASSETS_DIR / name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=256)
def _data_uri(path: str, stamp: tuple[int, int]) -> str:
    import base64

    from raati.survey_catalog import PICTURE_TYPES

    mime = PICTURE_TYPES.get(Path(path).suffix.lower(), "image/svg+xml")
    return f"data:{mime};base64," + base64.b64encode(Path(path).read_bytes()).decode()


def data_uri(path: Path) -> str:
    """The picture at ``path`` (SVG, PNG, JPEG, WebP or GIF, by its suffix) as a data:
    URI, read again only when the file changes."""
    stat = path.stat()
    return _data_uri(str(path), (stat.st_mtime_ns, stat.st_size))


@functools.cache
def client_static() -> str:
    """What every client page needs and never changes: the CSS (big targets, the faces of
    the 1–4 scale) and raati/assets/client.js. The same bytes on every run, so that
    Streamlit sends the element to a browser once and afterwards only its hash (its
    cache of messages of at least ``global.minCachedMessageSize``, 10 kB, that the
    browser already has): a tap no longer carries 16 kB of CSS and script. What
    changes from screen to screen is in client_step()."""
    css = [asset("client.css")]
    for point in (1, 2, 3, 4):
        face = config.ASSETS_DIR / "faces" / f"{point}.svg"
        css.append(f'[class*="st-key-scale_{point}_"] button '
                   f'{{ background-image: url("{data_uri(face)}"); }}')
    return "<style>" + "\n".join(css) + f"</style><script>{asset('client.js')}</script>"


def client_step(big_text: bool, high_contrast: bool, pictures: dict[str, Path],
                **data: str) -> str:
    """This screen's part of the client page, small: its settings for client.js
    (``data``, as data- attributes of the element with id raati-config) and its own CSS:
    option pictures (``pictures`` maps a widget key prefix to its picture), bigger text,
    contrast. It is one <style> element, so that Streamlit puts it outside the page's
    layout (st.html of nothing but styles takes no room), after client_static()'s."""
    import html

    css = []
    for key, path in pictures.items():
        css.append(f'.st-key-{key} button {{ background-image: url("{data_uri(path)}");'
                   " background-repeat: no-repeat; background-position: 1rem center;"
                   " background-size: 2.75rem; padding-left: 4.5rem; }")
    if big_text:
        css.append(asset("client-big.css"))
    if high_contrast:
        css.append(asset("client-contrast.css"))
    attrs = " ".join(f'data-{k.replace("_", "-")}="{html.escape(str(v))}"' for k, v in data.items())
    return f'<style id="raati-config" {attrs}>' + "\n".join(css) + "</style>"


def client_page(big_text: bool, high_contrast: bool, pictures: dict[str, Path],
                **data: str) -> None:
    """Draw the client page's CSS and script (client_static, sent once) and this screen's
    settings and CSS (client_step). The settings carry the number of this run of the
    page in this browser session (``run``): a tap is over when the run it started has
    drawn its screen (client.js and the browser tests read it)."""
    st.session_state.client_run = st.session_state.get("client_run", 0) + 1
    data.setdefault("run", st.session_state.client_run)
    st.html(client_static(), unsafe_allow_javascript=True)
    st.html(client_step(big_text, high_contrast, pictures, **data))


def speaker_button(text: str, lang: str, ui_lang_: str) -> str:
    """A 🔊 button that reads ``text`` aloud in ``lang`` with the browser's voice (or
    says that the device has none for that language)."""
    import html

    from raati.i18n import SPEECH_TAGS, t

    tag = SPEECH_TAGS.get(lang, lang)
    label = f"{t('listen', ui_lang_)}: {text}"
    return (f'<button type="button" class="raati-say" data-say="{html.escape(text)}" '
            f'data-lang="{html.escape(tag)}" data-label="{html.escape(label)}" '
            f'data-novoice="{html.escape(t("no_voice", ui_lang_))}" '
            f'aria-label="{html.escape(label)}">🔊</button>')


def question_block(text: str, lang: str, ui_lang_: str, hint: str = "",
                   intro: bool = False, say: str | None = None) -> str:
    """The question (or with ``intro`` the survey's introduction, or another screen's
    text) as escaped text, never Markdown or HTML, with its read-aloud button; that
    reads ``say`` where given (e.g. a screen's heading and text together), else ``text``."""
    import html

    from raati.i18n import RTL

    direction = "rtl" if lang in RTL else "ltr"
    hint_html = f'<p class="raati-hint">{html.escape(hint)}</p>' if hint else ""
    speaker = speaker_button(text if say is None else say, lang, ui_lang_)
    return (f'<div class="raati-q{" raati-intro" if intro else ""}" '
            f'lang="{html.escape(lang)}" dir="{direction}">'
            f'<p>{html.escape(text)}</p>{speaker}</div>{hint_html}')


def screen_picture(name: str, alt: str) -> str:
    """One of the app's own pictures (raati/assets/pictures/<name>.svg: review and
    thank-you) as an <img> with its ``alt`` text escaped. Raises FileNotFoundError for
    a picture that is not there (a packaging error, not input)."""
    import html

    path = config.ASSETS_DIR / "pictures" / f"{name}.svg"
    return (f'<img class="raati-picture" alt="{html.escape(alt)}" '
            f'src="{data_uri(path)}">')


# cache_resource, not cache_data: one copy shared read-only by every session (cache_data
# would unpickle a fresh copy of tens of thousands of counts on every click).
@st.cache_resource(show_spinner=False, max_entries=16)
def _block_counts(db: str, survey_id: str, version: str, min_group: int, stamp: tuple,
                  _survey: Survey) -> dict:
    from analysis.views import published_counts

    return published_counts(Store(db), _survey, min_group)


def data_stamp() -> tuple[int, str]:
    """What cached results are keyed by: the store's data version (it moves with every
    change of responses or moderation, in any process) and today's date."""
    return (store().data_version(), config.today().isoformat())


def block_counts(survey: Survey) -> dict:
    """The survey's published block counts (analysis.views.published_counts: the live
    counts moved on only in steps of the minimum group), computed once per change of
    the data (data_stamp): a results page reruns on every click."""
    db = config.db_path()
    return _block_counts(str(db), survey.id, survey.version, config.min_group(),
                         data_stamp(), survey)


def free_texts(survey: Survey, units: list[str] | None):
    """The survey's free texts (read-only mappings), read once per change of the data:
    the one cache of texts that the moderation and results pages share
    (raati.modcache.free_texts, which drops every cached copy when the data moves, so
    text deleted by retention leaves memory too). Who may see which text is still
    decided from the moderation state, read fresh on every run."""
    from raati import modcache

    return modcache.free_texts(store(), survey, units)


@st.cache_resource(show_spinner=False, max_entries=256)
def _computed(key: tuple, _build):
    return _build()


def computed(key: tuple, build):
    """``build()``, computed once per ``key`` and shared read-only by every session: a
    page passes what the result depends on (data_stamp() and its filters), so a click
    that changes nothing redraws from it. Never change what it returns."""
    return _computed(key, build)


def client_language() -> str:
    """The language a client reads on the page now: the answer flow's, the panel's or
    the actions page's setting, else the staff selector's if a client language, else
    Finnish. Read from the session only (the database may be the thing that failed)."""
    from raati.i18n import CLIENT_LANGUAGES

    flow = st.session_state.get("flow")
    for lang in (getattr(flow, "lang", None),
                 (st.session_state.get("panel_client") or {}).get("lang"),
                 (st.session_state.get("said_did_client") or {}).get("lang"),
                 ui_lang()):
        if lang in CLIENT_LANGUAGES:
            return lang
    return "fi"


def database_unavailable(exc: BaseException, lang: str) -> None:
    """In place of Streamlit's English error box when the database cannot be reached
    (raati.store.backend.unavailable_errors): a plain notice in ``lang`` and a button
    that tries again. A client's answers are in the session (the answer flow), so they
    are all there when the page comes back. The server's log gets the exception's type
    and first line, never the database's address."""
    import logging

    from raati.i18n import RTL, t
    from raati.store.backend import unavailable_reason

    logging.getLogger("raati").warning("a page could not reach the database: %s",
                                       unavailable_reason(exc))
    title = html.escape(t("db_unavailable_title", lang))
    body = html.escape(t("db_unavailable", lang))
    st.html(f'<div class="raati-db-unavailable" role="alert" lang="{lang}" '
            f'dir="{"rtl" if lang in RTL else "ltr"}" style="margin:1rem 0;padding:1rem '
            '1.25rem;border:2px solid #7a5c00;border-radius:0.5rem;background:#fff4c2;'
            f'color:#1f1a00;font-size:1.15rem"><p style="margin:0 0 0.5rem;font-weight:700">'
            f'{title}</p><p style="margin:0">{body}</p></div>')
    st.button(t("db_retry", lang), key="db_retry", type="primary")  # a click runs anew
