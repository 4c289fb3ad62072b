"""Admin: the audit log of staff actions on data and accounts."""

import pandas as pd
import streamlit as st

from raati import ui
from raati.i18n import t

ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()

st.title(t("audit_title", lang))
st.write(t("audit_intro", lang))
entries = store.audit_entries(limit=1000)
actors = sorted({e.actor for e in entries})
actions = sorted({e.action for e in entries})
c1, c2 = st.columns(2)
actor = c1.selectbox(t("filter_actor", lang), [""] + actors,
                     format_func=lambda a: a or t("any", lang))
action = c2.selectbox(t("filter_action", lang), [""] + actions,
                      format_func=lambda a: a or t("any", lang))
shown = [e for e in entries if (not actor or e.actor == actor) and (not action or e.action == action)]
st.dataframe(pd.DataFrame([
    {t("col_at", lang): e.at.replace("T", " ")[:19], t("col_actor", lang): e.actor,
     t("col_action", lang): e.action, t("col_target", lang): e.target,
     t("col_detail", lang): e.detail}
    for e in shown
], columns=[t(k, lang) for k in ("col_at", "col_actor", "col_action", "col_target", "col_detail")]),
    hide_index=True, width="stretch")
