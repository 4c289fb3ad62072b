"""Admin: staff accounts, their roles and units; the app's public address (the base of
answer links and QR codes)."""

import pandas as pd
import streamlit as st

from raati import auth, config, ui
from raati.i18n import t
from raati.qr import link_warning

admin = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()

st.title(t("users_title", lang))
users = store.users()
unit_names = {u.id: u.name for u in store.units()}


def state_of(u) -> str:
    if u.disabled:
        return t("state_disabled", lang)
    if u.sso_subject:
        return t("state_sso", lang)
    if u.must_change:
        return t("state_must_change", lang)
    return t("state_active", lang)


st.dataframe(pd.DataFrame([
    {
        t("col_user", lang): u.name,
        t("col_role", lang): t(f"role_{u.role}", lang),
        t("col_units", lang): ", ".join(unit_names.get(x, x) for x in u.units) or "–",
        t("col_state", lang): state_of(u),
    }
    for u in users
]), hide_index=True, width="stretch")

one_time = st.session_state.pop("one_time_password", None)
if one_time:
    st.warning(t("one_time_password", lang, name=ui.plain(one_time[0])))
    st.code(one_time[1], language=None)

role_label = {r: t(f"role_{r}", lang) for r in auth.ROLES}

st.subheader(t("add_user", lang))
with st.form("add_user", clear_on_submit=True):
    name = st.text_input(t("user_name", lang), max_chars=64, key="new_user_name")
    role = st.selectbox(t("col_role", lang), auth.ROLES, index=1, format_func=role_label.get,
                        key="new_user_role")
    units = st.multiselect(t("col_units", lang), list(unit_names),
                           format_func=lambda u: unit_names.get(u, u), key="new_user_units",
                           placeholder=t("choose", lang))
    add = st.form_submit_button(t("add_button", lang), type="primary")
if add:
    password = auth.generate_password()
    try:
        new = auth.create_user(store, name, role, password, units, must_change=True)
    except auth.AuthError as exc:
        st.error(t(exc.key, lang, **{k: ui.plain(str(v)) for k, v in exc.values.items()}))
    else:
        store.audit(admin.name, "user_add", new.name,
                    f"role {new.role}, units {', '.join(new.units) or '-'}")
        st.session_state["one_time_password"] = (new.name, password)
        st.rerun()

if users:
    st.subheader(t("edit_user", lang))
    by_id = {u.id: u for u in users}
    chosen = by_id[st.selectbox(t("col_user", lang), list(by_id),
                                format_func=lambda i: by_id[i].name)]
    active_admins = [u for u in users if u.role == "admin" and not u.disabled]
    # Nobody disables or demotes themselves, nor the last active admin.
    protected = chosen.id == admin.id or [u.id for u in active_admins] == [chosen.id]
    with st.form(f"edit_{chosen.id}"):
        new_role = st.selectbox(t("col_role", lang), auth.ROLES,
                                index=auth.ROLES.index(chosen.role), format_func=role_label.get,
                                disabled=protected)
        new_units = st.multiselect(t("col_units", lang), sorted(set(unit_names) | set(chosen.units)),
                                   default=list(chosen.units), placeholder=t("choose", lang),
                                   format_func=lambda u: unit_names.get(u, u))
        disabled = st.checkbox(t("disabled", lang), value=chosen.disabled, disabled=protected)
        save = st.form_submit_button(t("save", lang))
    if save:
        store.update_user(chosen.id, role=None if protected else new_role, units=new_units,
                          disabled=None if protected else disabled)
        store.audit(admin.name, "user_update", chosen.name,
                    f"role {new_role}, units {', '.join(new_units) or '-'}, "
                    f"{'disabled' if disabled else 'active'}")
        st.session_state["flash"] = t("saved", lang)
        st.rerun()
    if protected:
        st.caption(t("not_yourself", lang))
    c1, c2 = st.columns(2)
    if not chosen.sso_subject and c1.button(t("reset_password", lang), key=f"reset_{chosen.id}"):
        password = auth.generate_password()
        store.set_password_hash(chosen.id, auth.hash_password(password), must_change=True)
        store.audit(admin.name, "password_reset", chosen.name)
        st.session_state["one_time_password"] = (chosen.name, password)
        st.rerun()
    if not protected:
        sure = c2.checkbox(t("confirm_remove_user", lang, name=ui.plain(chosen.name)),
                           key=f"sure_{chosen.id}")
        if c2.button(t("remove_user", lang), disabled=not sure, key=f"remove_{chosen.id}"):
            store.delete_user(chosen.id)
            store.audit(admin.name, "user_remove", chosen.name)
            st.session_state["flash"] = t("user_removed", lang)
            st.rerun()

# -- issue 11: the public address of answer links and QR codes (stored, audited) ----------
st.subheader(t("base_url_title", lang))
st.write(t("base_url_intro", lang))
saved = store.setting(config.BASE_URL_SETTING)
in_use, source = ui.app_base_url_source()
st.caption(ui.plain(t("base_url_in_use", lang, url=in_use,
                      source=t(f"base_source_{source}", lang))))
if config.base_url():
    st.info(ui.plain(t("base_url_env_wins", lang, url=config.base_url())))
address_warning = link_warning(in_use, lang)
if address_warning:
    st.warning(ui.plain(address_warning), icon="⚠️")
with st.form("base_url"):
    typed = st.text_input(t("base_url_label", lang), value=saved or "",
                          max_chars=config.BASE_URL_MAX + 20, key="base_url_input",
                          placeholder="https://raati.kunta.fi")
    save_address = st.form_submit_button(t("save", lang), type="primary")
if save_address:
    try:
        address = config.check_base_url(typed)
    except config.BaseUrlError as exc:
        st.error(t(exc.key, lang, **exc.values))
    else:
        store.set_setting(config.BASE_URL_SETTING, address)
        store.audit(admin.name, "setting_change", config.BASE_URL_SETTING,
                    f"{saved or '-'} -> {address}")
        st.session_state["flash"] = t("base_url_saved", lang)
        st.rerun()
if saved and st.button(t("base_url_clear", lang), key="base_url_clear"):
    store.set_setting(config.BASE_URL_SETTING, None)
    store.audit(admin.name, "setting_change", config.BASE_URL_SETTING, f"{saved} -> -")
    st.session_state["flash"] = t("base_url_cleared", lang)
    st.rerun()
