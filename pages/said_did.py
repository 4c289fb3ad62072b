"""A unit's public page *Te sanoitte – me teimme* ("you said, we did", contract §6),
reached without a login by the unit's link ``/?u=UNIT`` and its QR poster: what the
organisation did with what clients said, one plain-language card per action that staff
marked public (raati.said_did: done ones only for the unit's chosen days, newest first),
with the status as a word and a symbol, read-aloud, bigger text, strong colours and the
client languages as on the panel page.

Nothing here identifies anybody: no responsible person, the texts masked once more for
personal data and shown as text. An address that names no unit says so in plain
language (never the staff login). Nothing is stored about the visitor."""

import html

import streamlit as st

from raati import said_did, ui
from raati.i18n import CLIENT_LANGUAGES, RTL, language_name, t

store = ui.store()
ss = st.session_state
unit_id = ss.entry.get("unit") or ""
units = {u.id: u.name for u in store.units()}
# The display settings outlast a reload (a phone that slept) in the cookie the panel page
# keeps them in (raati.said_did.PREFS_COOKIE), nothing about the person.
default = {"lang": ui.ui_lang() if ui.ui_lang() in CLIENT_LANGUAGES else "fi",
           "big_text": False, "high_contrast": False}
cookie = ui.context_cookie(said_did.PREFS_COOKIE)
client = ss.setdefault("said_did_client", said_did.prefs_from_cookie(cookie) or dict(default))
lang = client["lang"]
ui.client_page(client["big_text"], client["high_contrast"], {}, lang=lang,
               dir="rtl" if lang in RTL else "ltr", screen="said-did", step=0,
               panel_prefs=said_did.prefs_value(client, default, cookie))
# Touch targets of at least 48 px: the settings' fold and its switches.
st.html(f"<style>{said_did.PAGE_CSS}</style>")


def set_lang(code: str) -> None:
    client["lang"] = code


def show(field: str) -> None:
    client[field] = bool(ss[f"said_did_{field}"])


def settings() -> None:
    """The language buttons and the display switches, folded away as on the panel page."""
    with st.container(key="said_did_settings"), \
            st.expander(f"🌐 {language_name(lang)} · {t('settings', lang)}"):
        with st.container(horizontal=True, key="languages"):
            for code in CLIENT_LANGUAGES:
                st.button(language_name(code), key=f"lang_{code}",
                          type="primary" if code == lang else "secondary",
                          on_click=set_lang, args=(code,))
        for field, label in (("big_text", "big_text_switch"),
                             ("high_contrast", "contrast_switch")):
            st.toggle(t(label, lang), value=client[field], key=f"said_did_{field}",
                      on_change=show, args=(field,))


if unit_id not in units:
    st.title(t("said_did_unknown_title", lang), anchor=False)
    settings()
    st.html(ui.question_block(t("said_did_unknown_body", lang), lang, lang, intro=True))
    st.stop()

st.title(t("said_did_title", lang), anchor=False)
# The unit's name as staff wrote it (Finnish, as its actions are).
st.html(f'<p class="raati-action-unit"><span lang="{said_did.TEXT_LANG}" dir="auto">'
        f'{html.escape(units[unit_id])}</span></p>')
settings()
st.html(ui.question_block(t("said_did_intro", lang), lang, lang, intro=True))
actions = said_did.public_actions(store, unit_id)
if not actions:
    st.html(ui.question_block(t("said_did_empty", lang), lang, lang, intro=True))
    st.stop()
st.html(said_did.cards_html(actions, lang, big=client["big_text"],
                            strong=client["high_contrast"], label=t("said_did_title", lang)))
if any(a.picture for a in actions):
    st.html('<p class="raati-credit" dir="ltr">Kuvat / Bilder / Pictures: OpenMoji '
            "(openmoji.org), CC BY-SA 4.0</p>")
