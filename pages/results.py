"""Results for staff and developer-clients: aggregated, with the minimum-group rule,
only for the units the person may see. No raw answers here."""

import pandas as pd
import streamlit as st

from analysis.formatting import fi_number, fi_percent
from analysis.summary import summarize
from raati import auth, config, ui
from raati.i18n import t

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()
min_group = config.min_group()

st.title(t("results_title", lang))
if not surveys:
    st.info(t("no_results", lang))
    st.stop()

allowed = auth.unit_filter(user)
unit_names = {u.id: u.name for u in store.units()}
choices = [""] + (list(unit_names) if allowed is None else list(allowed))
c1, c2 = st.columns(2)
survey = surveys[c1.selectbox(t("col_survey", lang), list(surveys),
                              format_func=lambda s: surveys[s].text(surveys[s].title, lang))]
unit = c2.selectbox(t("unit_filter", lang), choices, format_func=lambda u: unit_names.get(
    u, u) if u else (t("all_units", lang) if allowed is None else t("all_my_units", lang)))

filters = {"unit": unit} if unit else {"units": allowed}
summary = summarize(store, survey, min_group, **filters)
if summary["responses"] == 0:
    st.info(t("no_results", lang))
    st.stop()
st.subheader(t("results_n", lang, n=summary["responses"]))
if summary["responses"] < min_group:
    st.warning(t("results_suppressed", lang, k=min_group))
    st.stop()

rows = []
for q, entry in zip(survey.questions, summary["questions"], strict=True):
    row = {t("col_question", lang): survey.text(q.text, lang), t("col_n", lang): entry["n"]}
    if entry["suppressed"]:
        row[t("col_counts", lang)] = t("results_suppressed", lang, k=min_group)
    elif q.type == "text":
        row[t("col_counts", lang)] = t("text_answers_n", lang, n=entry["n"])
    else:
        labels = ({o.id: survey.text(o.label, lang) for o in q.options} if q.options else {})
        row[t("col_counts", lang)] = " · ".join(
            f"{labels.get(k, k)}: {v}" for k, v in entry["counts"].items())
        if q.type == "likert":
            row[t("col_low", lang)] = fi_percent(entry["share_low"])
            row[t("col_high", lang)] = fi_percent(entry["share_high"])
        if entry.get("mean") is not None:
            row[t("col_mean", lang)] = fi_number(entry["mean"])
    rows.append(row)
st.dataframe(pd.DataFrame(rows).fillna(""), hide_index=True, width="stretch")
