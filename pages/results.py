"""Results for staff and developer-clients: diverging bars of the 1–4 scale, the weakest
and strongest themes, change between rounds, units side by side, what people wrote
(moderated, personal data masked) and reports. Every figure obeys the minimum-group
rule of analysis.views; developer-clients see no raw answers."""

from functools import partial

import streamlit as st

from analysis import results as res
from analysis.charts import likert_chart, likert_compare_chart, option_chart
from analysis.formatting import fi_number, fi_percent
from analysis.likert import response_rate, themes
from analysis.views import build_view, languages_of, periods_of, restrict_units, shown_texts
from raati import auth, config, ui
from raati.i18n import language_name, t

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
rounds = {f"r{r.id}": r for r in store.rounds()}
round_names = {k: f"{unit_names.get(r.unit, r.unit)} · {r.name or r.opens}"
               for k, r in rounds.items()}

c1, c2 = st.columns(2)
survey = surveys[c1.selectbox(t("col_survey", lang), list(surveys), key="res_survey",
                              format_func=lambda s: surveys[s].text(surveys[s].title, lang))]
data = restrict_units(ui.block_counts(survey), allowed)
# Views and charts are computed once per change of the data and choice of filters, and
# shared read-only: a click that changes nothing redraws from them.
stamp = (ui.data_stamp(), survey.id, survey.version, min_group, lang,
         None if allowed is None else tuple(sorted(allowed)))


def cached(*key, build):
    """``build()`` once per data stamp, survey, language, my units and ``key``."""
    return ui.computed((stamp, *key), build)


my_units = sorted({b[0] for b in data["respondents"]})
unit = c2.selectbox(t("unit_filter", lang), [""] + my_units, key="res_unit",
                    format_func=lambda u: unit_names.get(u, u) if u else (
                        t("all_units", lang) if allowed is None else t("all_my_units", lang)))
units = [unit] if unit else None
all_periods = [p for p in periods_of(data)
               if units is None or any(b[0] in units and b[1] == p for b in data["respondents"])]
c3, c4 = st.columns(2)
periods = c3.multiselect(t("filter_periods", lang), all_periods, key="res_periods",
                         format_func=lambda p: res.period_label(p, round_names),
                         placeholder=t("choose", lang)) or None
answer_lang = c4.selectbox(t("filter_lang", lang), [""] + languages_of(data), key="res_lang",
                           format_func=lambda c: language_name(c) if c else t("all_languages", lang))
answer_lang = answer_lang or None

filters = (unit, tuple(periods or ()), answer_lang)
view = cached("view", *filters, build=lambda: build_view(
    survey, data, min_group, units=units, periods=periods, lang=answer_lang))
labels = {q.id: survey.text(q.text, lang) for q in survey.questions}
scale_labels = {p: survey.text(survey.scale[p], lang) for p in (1, 2, 3, 4)}

st.subheader(t("results_n", lang, n=view.responses))
if view.left_out:
    # A left-out count under the minimum would tell a small group's size: "Alle 5".
    left = t("fewer_than", lang, k=min_group) if view.left_out < min_group else view.left_out
    st.caption(t("left_out", lang, n=left, k=min_group))
if periods and len(periods) == 1 and periods[0] in rounds and rounds[periods[0]].expected:
    rnd = rounds[periods[0]]
    rate = response_rate(view.responses, rnd.expected)
    st.write(t("rate", lang, rate=fi_percent(rate), n=view.responses, expected=rnd.expected))
if view.responses == 0:
    st.info(t("no_results", lang) if not view.left_out
            else t("results_suppressed", lang, k=min_group))
    st.stop()

# Only the open tab is computed (on_change="rerun" gives each tab .open): the units tab
# alone builds a view per unit, and nobody should wait for tabs they did not open.
tabs = st.tabs([t("tab_overview", lang), t("tab_rounds", lang), t("tab_units", lang),
                t("tab_texts", lang), t("tab_reports", lang)], key="res_tab",
               on_change="rerun")

def overview_tab() -> None:
    likert = [r for r in view.results if r.question.type == "likert"]
    if likert:
        st.plotly_chart(cached("likert", *filters, build=lambda: likert_chart(
                            likert, labels, scale_labels, min_group=min_group)),
                        key="chart_overview", config={"displaylogo": False})
        weakest, strongest = themes(likert)
        cw, cs = st.columns(2)
        for col, key, items in ((cw, "weakest", weakest), (cs, "strongest", strongest)):
            col.markdown(f"**{t(key, lang)}**")
            for r in items:
                col.text(t("theme_line", lang, q=labels[r.question.id],
                           p=fi_percent(r.share_high.value)))
    table = []
    for r in view.results:
        row = {t("col_question", lang): labels[r.question.id], t("col_n", lang): r.n}
        if r.share_high is not None:
            row[t("col_low", lang)] = fi_percent(r.share_low.value)
            row[t("col_high_ci", lang)] = (f"{fi_percent(r.share_high.value)} "
                                           f"({fi_percent(r.share_high.low)}–"
                                           f"{fi_percent(r.share_high.high)})")
        if r.mean is not None:
            row[t("col_mean", lang)] = fi_number(r.mean)
        if r.question.type == "text":
            row[t("col_counts", lang)] = t("text_answers_n", lang, n=r.n)
        table.append(row)
    st.dataframe(table, hide_index=True, width="stretch")
    for r in view.results:
        if r.question.type in ("grade", "choice", "multi") and r.n:
            option_labels = {o.id: survey.text(o.label, lang) for o in r.question.options}
            st.plotly_chart(cached("option", r.question.id, *filters, build=partial(
                                option_chart, r, option_labels, labels[r.question.id],
                                min_group=min_group)),
                            key=f"chart_{r.question.id}", config={"displaylogo": False})

def rounds_tab() -> None:
    choices = all_periods
    if len(choices) < 2:
        st.info(t("need_two_rounds", lang))
    else:
        ca, cb = st.columns(2)
        before = ca.selectbox(t("compare_from", lang), choices, index=len(choices) - 2,
                              format_func=lambda p: res.period_label(p, round_names),
                              key="cmp_before")
        after = cb.selectbox(t("compare_to", lang), choices, index=len(choices) - 1,
                             format_func=lambda p: res.period_label(p, round_names),
                             key="cmp_after")
        names = (res.period_label(before, round_names), res.period_label(after, round_names))
        a, b, changes = cached("changes", before, after, *filters, build=lambda: (
            res.round_changes(survey, data, min_group, before, after, units, answer_lang)))
        st.plotly_chart(cached("rounds", before, after, names, *filters,
                               build=lambda: likert_compare_chart(
                                   [(names[0], a.results), (names[1], b.results)],
                                   labels, scale_labels, min_group=min_group)),
                        key="chart_rounds", config={"displaylogo": False})
        flagged = [c for c in changes if c.difference.flagged]
        for c in flagged:
            key = "changed_up" if c.difference.value > 0 else "changed_down"
            st.write(t(key, lang, q=ui.plain(labels[c.after.question.id]),
                       a=fi_percent(c.before.share_high.value),
                       b=fi_percent(c.after.share_high.value)))
        if not flagged:
            st.write(t("no_real_change", lang))
        st.caption(t("change_rule", lang))

def units_tab() -> None:
    shown_units = units or my_units
    names = tuple(unit_names.get(u, u) for u in shown_units)

    def build():
        views = res.unit_views(survey, data, min_group, shown_units, periods, answer_lang)
        groups = [(unit_names.get(u, u), v.results) for u, v in views]
        return likert_compare_chart(groups, labels, scale_labels, min_group=min_group)

    st.plotly_chart(cached("units", names, *filters, build=build), key="chart_units",
                    config={"displaylogo": False})

@st.cache_data(show_spinner=False, max_entries=20)
def cached_cloud(bodies: tuple[str, ...], text_lang: str,
                 languages: tuple[str, ...] = ()) -> bytes | None:
    """The word cloud of these (approved, masked) texts; drawn once, not on every run."""
    from analysis.text import word_cloud_png

    return word_cloud_png(list(bodies), lang=text_lang, languages=languages)


def texts_now() -> tuple[list[dict], dict, list[dict]]:
    """(every free text of the survey in my units, the moderation state read now, the
    texts this view may show): approval is read fresh every time."""
    free = ui.free_texts(survey, allowed)
    moderation = store.moderation_state(survey.id)
    return free, moderation, shown_texts(view, free, moderation)


def texts_tab() -> None:
    from analysis.text import keyword_counts, keyword_in_context, text_language

    free, moderation, texts = texts_now()
    waiting = sum(1 for i in free
                  if (i["response_id"], i["question"], i["kind"]) not in moderation)
    if waiting and user.role != "developer-client":
        st.info(t("texts_waiting", lang, n=waiting))
    bodies = [x["text"] for x in texts]
    if bodies:
        # Stopwords of every survey language (and fi, sv, en): people mix languages.
        text_lang = text_language(survey.default_language)  # Arabic-first surveys too
        words = keyword_counts(bodies, lang=text_lang, top=20, languages=survey.languages)
        cloud = cached_cloud(tuple(bodies), text_lang, survey.languages)
        if cloud:
            st.image(cloud, caption=t("word_cloud_alt", lang), alt=t("word_cloud_alt", lang))
        if words:
            st.markdown(f"**{t('keywords', lang)}**")
            st.dataframe([{"": w, "n": n} for w, n in words], hide_index=True)
            word = st.selectbox(t("kwic", lang), [w for w, _ in words], key="kwic_word")
            for left, hit, right in keyword_in_context(bodies, word, lang=text_lang)[:20]:
                st.text(f"…{left} [{hit}] {right}…")
        for q in survey.questions:
            mine = [x for x in texts if x["question"] == q.id]
            if mine:
                st.markdown(f"**{ui.plain(labels[q.id])}**")
                for x in mine:
                    st.text("– " + x["text"])  # as text: never Markdown or HTML
    else:
        st.info(t("mod_none", lang))

def reports_tab() -> None:
    from analysis.report import report_pdf, report_pptx

    scope = unit_names.get(unit, unit) if unit else (
        t("all_units", lang) if allowed is None else ", ".join(unit_names.get(u, u)
                                                                for u in my_units))
    period_text = ", ".join(res.period_label(p, round_names) for p in periods) if periods \
        else ""

    def final_texts() -> list[dict]:
        return texts_now()[2]  # at the click, with the moderation state of then

    def log(kind: str) -> None:
        store.audit(user.name, "report", survey.id, f"{kind} {scope} {period_text}".strip())

    args = dict(lang=lang, units_label=scope, period_label=period_text, min_group=min_group)
    st.download_button(t("download_pdf", lang), width="stretch", key="dl_pdf",
                       data=lambda: report_pdf(survey, view, final_texts(), **args),
                       file_name=f"raati-{survey.id}-raportti.pdf", mime="application/pdf",
                       on_click=lambda: log("pdf"))
    st.download_button(t("download_pptx", lang), width="stretch", key="dl_pptx",
                       data=lambda: report_pptx(survey, view, final_texts(), **args),
                       file_name=f"raati-{survey.id}-esitys.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml"
                            ".presentation", on_click=lambda: log("pptx"))
    st.download_button(t("download_agg_csv", lang), width="stretch", key="dl_agg",
                       data=lambda: res.aggregated_csv(survey, view, lang),
                       file_name=f"raati-{survey.id}-tulokset.csv", mime="text/csv",
                       on_click=lambda: log("aggregated csv"))


for tab, draw in zip(tabs, (overview_tab, rounds_tab, units_tab, texts_tab, reports_tab),
                     strict=True):
    if tab.open:
        with tab:
            draw()
