"""Results for staff and developer-clients: diverging bars of the 1–4 scale, the weakest
and strongest themes, change between rounds, units side by side, what people wrote
(moderated, personal data masked) and reports. Every figure obeys the minimum-group
rule of analysis.views; developer-clients see no raw answers."""

import datetime as dt
import html
from functools import partial

import streamlit as st

from analysis import results as res
from analysis.charts import likert_chart, likert_compare_chart, option_chart
from analysis.formatting import fi_number, fi_percent
from analysis.likert import response_rate, themes
from analysis.scope import latest_round_pair, unit_periods
from analysis.views import build_view, languages_of, periods_of, restrict_units, shown_texts
from raati import action_control, auth, config, ui
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
if user.role == "developer-client":
    # A developer-client is offered only the surveys that have rounds or answers at
    # their units: another survey would only say "too few answers".
    with_rounds = {r.survey for r in rounds.values() if allowed is None or r.unit in allowed}
    surveys = {sid: s for sid, s in surveys.items() if sid in with_rounds
               or restrict_units(ui.block_counts(s), allowed)["respondents"]}
    if not surveys:
        st.info(t("plain_no_surveys", lang))
        st.stop()

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
                         placeholder=t("choose", lang),
                         # No "all" entry: Streamlit's is English ("Select all"), and an
                         # empty choice already means all rounds and periods.
                         select_all=False) or None
answer_lang = c4.selectbox(t("filter_lang", lang), [""] + languages_of(data), key="res_lang",
                           format_func=lambda c: language_name(c) if c else t("all_languages", lang))
answer_lang = answer_lang or None

filters = (unit, tuple(periods or ()), answer_lang)
view = cached("view", *filters, build=lambda: build_view(
    survey, data, min_group, units=units, periods=periods, lang=answer_lang))
labels = {q.id: survey.text(q.text, lang) for q in survey.questions}
scale_labels = {p: survey.text(survey.scale[p], lang) for p in (1, 2, 3, 4)}
own_scales = survey.own_scale_words(lang)  # questions with their own words for 1..4
# Charts follow their container's width (phone, tablet, projector).
CHART_CONFIG = {"displaylogo": False, "responsive": True}

# Developer-clients read the results in plain language, never the statistics (issue 14);
# staff can switch to the same view.
plain_mode = user.role == "developer-client" or st.toggle(t("plain_toggle", lang),
                                                         key="res_plain")

if not plain_mode:  # the plain view says its count, or "too few", in its own words
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


def plain_changes() -> tuple[list | None, "dt.date | None", "dt.date | None"]:
    """For the plain view of one unit's one round: (round_changes' changes against the
    unit's previous round with figures, that round's opening day, this one's); (None,
    None, None) for any other view (several units or periods: no "last round")."""
    scope = units or (my_units if len(my_units) == 1 else [])
    if len(scope) != 1 or not periods or len(periods) != 1:
        return None, None, None
    return res.previous_round_changes(survey, data, min_group, scope[0], periods[0], rounds,
                                      answer_lang)


def plain_marks(results, plang: str, big: bool = False, strong: bool = False) -> None:
    """Pick what to take forward (issue 14, item 2): in a view of one unit, each shown
    theme can be marked "to discuss" (store.mark_theme; who did it goes to the audit
    log). A marked theme shows its public actions only, for every role (staff put this
    view on a screen for clients), as "you said, we did" (raati.plain_view.actions_html:
    status, what clients said and what was done, masked) and, for staff, "Avaa raati
    tästä": the panels page's open form pre-filled with the theme (session state
    "panel_prefill", as "action_prefill" for actions)."""
    from analysis.plain import question_text
    from raati import panels, plain_view

    st.subheader(t("plain_marked_title", plang), anchor=False)
    scope = units or (my_units if len(my_units) == 1 else [])
    if len(scope) != 1 or (allowed is not None and scope[0] not in allowed):
        st.info(t("plain_mark_pick_unit", plang))
        return
    u = scope[0]
    marked = {m.question for m in store.theme_marks(survey=survey.id, units=[u])}

    def toggle(qid: str, key: str) -> None:
        on = bool(st.session_state[key])
        changed = (store.mark_theme(u, survey.id, qid) if on
                   else store.unmark_theme(u, survey.id, qid))
        if changed:
            store.audit(user.name, "theme mark" if on else "theme unmark",
                        f"{survey.id}/{qid}", u)

    st.markdown(t("plain_mark_help", plang))
    for p in results:
        if p.suppressed:
            continue
        qid = p.question.id
        key = f"plain_mark_{u}_{survey.id}_{qid}"
        with st.container(key=f"plain_theme_{qid}"):
            if not st.checkbox(ui.plain(p.text), value=qid in marked, key=key,
                               on_change=toggle, args=(qid, key)):
                continue
            linked = [a for a in action_control.readable(user, store.actions(
                survey=survey.id, question=qid, units=[u], public_only=True)) if a.public]
            if linked:
                st.html(plain_view.page_html(
                    f'<p class="raati-plain-n">{html.escape(t("plain_actions", plang))}</p>'
                    + plain_view.actions_html(linked, plang), plang, big=big, strong=strong))
            else:
                st.text(t("plain_no_actions", plang))
            if user.role in auth.STAFF_ROLES and st.button(
                    t("plain_open_panel", lang), key=f"plain_panel_{qid}", icon="💬"):
                statement = survey.text(p.question.text, lang)
                cut = panels.TITLE_MAX_LENGTH
                prefill = {
                    "unit": u,
                    "title": statement if len(statement) <= cut else statement[:cut - 1] + "…",
                    "prompt": question_text(survey, p.question, lang)[:panels.PROMPT_MAX_LENGTH]}
                # A view of one round of this unit: the panel starts from its results.
                one = rounds.get(periods[0]) if periods and len(periods) == 1 else None
                if one is not None and one.unit == u and one.survey == survey.id:
                    prefill["round"] = one.id
                st.session_state["panel_prefill"] = prefill
                st.switch_page("pages/panels.py")


def plain_page() -> None:
    """The plain-language view (raati.plain_view) of ``view``: its own language (the
    survey's languages that are client languages), bigger text and strong colours, "Tässä onnistuimme" and "Tätä
    pitää parantaa", a card per likert question, and what people wrote (approved and
    masked texts only, analysis.views.shown_texts). No percentage, interval or mean."""
    from analysis.plain import (
        IMPROVE_HEADING,
        IMPROVE_NONE,
        SUCCESS_HEADING,
        SUCCESS_NONE,
        plain_results,
        theme_lines,
    )
    from raati import plain_view
    from raati.i18n import CLIENT_LANGUAGES

    # Only the survey's own languages: in any other its texts and scale words would be
    # Finnish inside the sentences of that language.
    choices = [c for c in survey.languages if c in CLIENT_LANGUAGES] or ["fi"]
    default = lang if lang in choices else choices[0]
    if st.session_state.get("plain_lang", default) not in choices:
        del st.session_state["plain_lang"]  # chosen for another survey
    shown_lang = st.session_state.get("plain_lang", default)
    with st.container(key="plain_settings", horizontal=True):
        plang = st.selectbox(t("choose_language", shown_lang), choices,
                             index=choices.index(default), key="plain_lang",
                             format_func=language_name)
        big = st.toggle(t("big_text_switch", plang), key="plain_big")
        strong = st.toggle(t("contrast_switch", plang), key="plain_strong")
    st.html(plain_view.page_css())
    title = f"<h2>{html.escape(t('plain_title', plang))}</h2>"
    if view.responses < max(min_group, 1):  # all under the minimum group (or nobody): no count
        with st.container(key="plain_view"):
            st.html(plain_view.page_html(
                title + f'<p class="raati-plain-sentence raati-plain-suppressed">'
                f'{html.escape(t("plain_suppressed", plang))}</p>', plang, big=big, strong=strong))
        return

    def build() -> tuple[list, str]:
        changes, earlier, now = cached("plain_changes", *filters, build=plain_changes)
        results = plain_results(survey, view, plang, changes, earlier, now, min_group=min_group)
        good, bad = theme_lines(survey, view, plang, min_group=min_group)
        return results, (
            title + f'<p class="raati-plain-n">{html.escape(t("plain_n", plang, n=view.responses))}</p>'
            # Left-out rounds or blocks: said in words, never how many (a number under
            # the minimum group would tell a small group's size).
            + (f'<p class="raati-plain-n raati-plain-left-out">'
               f'{html.escape(t("plain_left_out", plang))}</p>' if view.left_out else "")
            + plain_view.themes_html(SUCCESS_HEADING, good, plang, good=True,
                                     empty_key=SUCCESS_NONE)
            + plain_view.themes_html(IMPROVE_HEADING, bad, plang, good=False,
                                     empty_key=IMPROVE_NONE)
            + "".join(plain_view.result_html(
                p, plang, picture_uri=plain_view.picture_data_uri(p.question.picture,
                                                             survey.picture_dir))
                for p in results))

    # The sentences and cards once per data, filters and language: a rerun that changes
    # nothing (a theme ticked, bigger text) redraws from them.
    results, body = cached("plain_body", plang, *filters, build=build)
    with st.container(key="plain_view"):
        st.html(plain_view.page_html(body, plang, big=big, strong=strong))
        # The read-aloud buttons' script (raati/assets/client.js) without a client page's
        # settings: it does not touch this staff page's language or layout.
        st.html(f"<script>{ui.asset('client.js')}</script>", unsafe_allow_javascript=True)
    plain_marks(results, plang, big, strong)
    texts = shown_texts(view, ui.free_texts(survey, allowed), store.moderation_state(survey.id))
    if texts:
        st.subheader(t("plain_texts", plang), anchor=False)
        with st.container(key="plain_texts"):
            for x in texts:
                st.text("– " + x["text"])  # as text: never Markdown or HTML


if plain_mode:
    plain_page()
    st.stop()

# Only the open tab is computed (on_change="rerun" gives each tab .open): the units tab
# alone builds a view per unit, and nobody should wait for tabs they did not open.
tabs = st.tabs([t("tab_overview", lang), t("tab_rounds", lang), t("tab_units", lang),
                t("tab_texts", lang), t("tab_reports", lang)], key="res_tab",
               on_change="rerun")

def fewer() -> str:
    """A suppressed cell: "alle 5 vastausta" (never "None", never a bare 0)."""
    return t("fewer_answers", lang, k=min_group)


def share_cell(r) -> str:
    """A likert result as one cell: "62 % (n = 9)", or "alle 5 vastausta"."""
    if r is None or r.share_high is None:
        return fewer()
    return t("cell_share_n", lang, p=fi_percent(r.share_high.value), n=r.n)


def overview_rows() -> list[dict[str, str]]:
    """The overview table: every row has every column, all text. A column that does
    not apply to the question (1–2 % of a grade, the mean of a choice) is empty; a
    question under the minimum group says so in its n."""
    cols = [t(k, lang) for k in ("col_question", "col_n", "col_low", "col_high_ci",
                                 "col_mean", "col_counts")]
    rows = []
    for r in view.results:
        cells = [labels[r.question.id], str(r.n) if r.n else fewer(), "", "", "", ""]
        if r.share_high is not None:
            cells[2] = fi_percent(r.share_low.value)
            cells[3] = (f"{fi_percent(r.share_high.value)} ({fi_percent(r.share_high.low)}–"
                        f"{fi_percent(r.share_high.high)})")
        if r.mean is not None:
            cells[4] = fi_number(r.mean)
        if r.question.type == "text" and r.n:
            cells[5] = t("text_answers_n", lang, n=r.n)
        rows.append(dict(zip(cols, cells, strict=True)))
    return rows


def theme_actions(col, key: str, r) -> None:
    """Under a weakest/strongest theme: its actions (issue 13) with their status, and for
    staff "Kirjaa toimenpide", which opens the actions page pre-filled with the theme."""
    from raati.actions import SYMBOLS

    qid = r.question.id
    linked = action_control.readable(user, store.actions(
        survey=survey.id, question=qid, units=[unit] if unit else allowed))
    if linked:
        col.caption(ui.plain(t("actions_linked", lang, items="; ".join(
            f"{SYMBOLS[a.status]} {t('action_status_' + a.status, lang)}: {a.did}"
            for a in linked[:3]) + (" …" if len(linked) > 3 else ""))))
    if user.role in auth.STAFF_ROLES and col.button(
            t("actions_record", lang), key=f"res_act_{key}_{qid}", icon="✅"):
        low = key == "weakest"
        st.session_state["action_prefill"] = {
            "unit": unit or (my_units[0] if len(my_units) == 1 else None),
            "survey": survey.id, "question": qid,
            # The figure is the finding, shown beside the form; what clients said is for
            # staff to write in plain words (the question's own statement, with a share,
            # could say the opposite of what they answered, and would go public).
            "finding": t("actions_theme_low" if low else "actions_theme_high", lang,
                         q=labels[qid],
                         p=fi_percent((r.share_low if low else r.share_high).value))}
        st.switch_page("pages/actions.py")


def overview_tab() -> None:
    likert = [r for r in view.results if r.question.type == "likert"]
    if likert:
        st.plotly_chart(cached("likert", *filters, build=lambda: likert_chart(
                            likert, labels, scale_labels, min_group=min_group,
                            own_scales=own_scales)),
                        key="chart_overview", config=CHART_CONFIG)
        weakest, strongest = themes(likert)
        cw, cs = st.columns(2)
        for col, key, items in ((cw, "weakest", weakest), (cs, "strongest", strongest)):
            col.markdown(f"**{t(key, lang)}**")
            for r in items:
                col.text(t("theme_line", lang, q=labels[r.question.id],
                           p=fi_percent(r.share_high.value)))
                theme_actions(col, key, r)
    st.dataframe(overview_rows(), hide_index=True, width="stretch")
    for r in view.results:
        if r.question.type in ("grade", "choice", "multi") and r.n:
            option_labels = {o.id: survey.text(o.label, lang) for o in r.question.options}
            st.plotly_chart(cached("option", r.question.id, *filters, build=partial(
                                option_chart, r, option_labels, labels[r.question.id],
                                min_group=min_group)),
                            key=f"chart_{r.question.id}", config=CHART_CONFIG)

def round_only_name(period: str) -> str:
    """A period without its unit: the round's name (or opening day), a month "5/2026"."""
    r = rounds.get(period)
    return (r.name or r.opens) if r else res.period_label(period, {})


def rounds_tab() -> None:
    # One unit's rounds side by side (rounds of two units are different people, and a
    # round under the minimum reads "alle 5" on every row): by default the two latest
    # rounds with figures of the unit whose such pair is the most recent.
    scope = tuple(units or my_units)
    by_unit = cached("unit_periods", *filters, build=lambda: unit_periods(data, rounds, scope))
    cmp_unit = unit
    if not unit and by_unit:
        first = cached("round_pair", *filters, build=lambda: latest_round_pair(
            survey, data, min_group, rounds, scope, answer_lang))
        unit_choices = sorted(by_unit, key=lambda u: unit_names.get(u, u).casefold())
        cmp_unit = st.selectbox(t("cmp_unit", lang), unit_choices, key="cmp_unit",
                                index=unit_choices.index(first[0]) if first else 0,
                                format_func=lambda u: unit_names.get(u, u))
    choices = by_unit.get(cmp_unit, [])
    if len(choices) == 1:
        st.info(t("only_one_round", lang, unit=unit_names.get(cmp_unit, cmp_unit),
                  round=round_only_name(choices[0])))
    elif len(choices) < 2:
        st.info(t("need_two_rounds", lang))
    else:
        pair = cached("round_pair", cmp_unit, *filters, build=lambda: latest_round_pair(
            survey, data, min_group, rounds, [cmp_unit], answer_lang))
        start, end = ((choices.index(pair[1]), choices.index(pair[2])) if pair
                      else (len(choices) - 2, len(choices) - 1))
        ca, cb = st.columns(2)
        # Keys of their unit: another unit's rounds start from that unit's default pair.
        before = ca.selectbox(t("compare_from", lang), choices, index=start,
                              format_func=lambda p: res.period_label(p, round_names),
                              key=f"cmp_before_{cmp_unit}")
        after = cb.selectbox(t("compare_to", lang), choices, index=end,
                             format_func=lambda p: res.period_label(p, round_names),
                             key=f"cmp_after_{cmp_unit}")
        names = (res.period_label(before, round_names), res.period_label(after, round_names))
        a, b, changes = cached("changes", cmp_unit, before, after, *filters, build=lambda: (
            res.round_changes(survey, data, min_group, before, after, [cmp_unit],
                              answer_lang)))
        st.plotly_chart(cached("rounds", before, after, names, *filters,
                               build=lambda: likert_compare_chart(
                                   [(names[0], a.results), (names[1], b.results)],
                                   labels, scale_labels, min_group=min_group,
                                   own_scales=own_scales)),
                        key="chart_rounds", config=CHART_CONFIG)
        flagged = [c for c in changes if c.difference.flagged]
        for c in flagged:
            key = "changed_up" if c.difference.value > 0 else "changed_down"
            question = labels[c.after.question.id].rstrip(". ")  # "…kanssani: 14 %"
            st.write(t(key, lang, q=ui.plain(question),
                       a=fi_percent(c.before.share_high.value),
                       b=fi_percent(c.after.share_high.value)))
        if not flagged:
            st.write(t("no_real_change", lang))
        st.dataframe(change_rows(names, a, b, changes), hide_index=True, width="stretch")
        st.caption(t("cells_note", lang, k=min_group) + " " + t("change_rule", lang))


def change_rows(names: tuple[str, str], a, b, changes) -> list[dict[str, str]]:
    """The change table: per likert question the share of 3–4 in each round (or "alle 5
    vastausta") and the change in percentage points, said to be real or within chance
    (the Newcombe rule of res.round_changes); "ei vertailtavissa" without both."""
    by_q = {c.after.question.id: c for c in changes}
    cols = [t("col_question", lang), t("col_share_high_of", lang, name=names[0]),
            t("col_share_high_of", lang, name=names[1]), t("col_change", lang)]
    rows = []
    for ra in a.results:
        if ra.question.type != "likert":
            continue
        rb = b.result(ra.question.id)
        c = by_q.get(ra.question.id)
        if c is None:
            change = t("change_none", lang)
        else:
            whole = round(100 * c.difference.value)
            points = ("+" if whole > 0 else "") + fi_number(whole, 0)
            arrow = ("▲ " if c.difference.value > 0 else "▼ ") if c.difference.flagged else ""
            change = arrow + t("change_real" if c.difference.flagged else "change_chance",
                               lang, d=points)
        rows.append(dict(zip(cols, [labels[ra.question.id], share_cell(ra), share_cell(rb),
                                    change], strict=True)))
    return rows

def units_tab() -> None:
    shown_units = units or my_units
    names = tuple(unit_names.get(u, u) for u in shown_units)

    def views_now():
        return cached("unit_views", names, *filters, build=lambda: res.unit_views(
            survey, data, min_group, shown_units, periods, answer_lang))

    def build():
        views = views_now()
        groups = [(unit_names.get(u, u), v.results) for u, v in views]
        return likert_compare_chart(groups, labels, scale_labels, min_group=min_group,
                                    own_scales=own_scales)

    st.plotly_chart(cached("units", names, *filters, build=build), key="chart_units",
                    config=CHART_CONFIG)
    st.dataframe(unit_rows(views_now()), hide_index=True, width="stretch")
    st.caption(t("cells_note", lang, k=min_group))


def unit_rows(views) -> list[dict[str, str]]:
    """The units table: per likert question each unit's share of 3–4 with its n, or
    "alle 5 vastausta" (each unit's view obeys the minimum-group rule on its own)."""
    cols = [t("col_question", lang)] + [t("col_share_high_of", lang,
                                          name=unit_names.get(u, u)) for u, _ in views]
    rows = []
    for q in survey.questions:
        if q.type == "likert":
            rows.append(dict(zip(cols, [labels[q.id]] + [share_cell(v.result(q.id))
                                                         for _, v in views], strict=True)))
    return rows

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
    from analysis.scope import (
        MAX_COMPARE_GROUPS,
        TooManyGroups,
        report_comparisons,
        report_labels,
    )

    # The same content as `raati report`: one implementation of the units and period
    # labels, the expected respondents and the groups side by side (analysis.scope).
    scope, period_text, expected = cached("report_labels", *filters, build=lambda: (
        report_labels(store, survey, data, view, units, periods, unit=unit or None)))
    compare = st.radio(t("rep_compare", lang), ["", "units", "rounds"], key="rep_compare",
                       horizontal=True, format_func=lambda k: t(
                           f"rep_compare_{k or 'none'}", lang))
    title_extra = st.text_input(t("rep_title", lang), key="rep_title", max_chars=120)
    # Unit names are staff-written text: shown as written, never as Markdown.
    st.caption(t("rep_scope", lang, units=ui.plain(scope or "–"),
                 period=ui.plain(period_text or "–")))
    if expected:
        answered = view.responses + view.left_out
        st.caption(t("rate", lang, rate=fi_percent(response_rate(answered, expected)),
                     n=answered, expected=expected))
    try:
        comparisons = cached("report_cmp", compare, *filters, build=lambda: (
            report_comparisons(store, survey, data, compare, min_group, units=units,
                               periods=periods, lang=answer_lang)))
    except TooManyGroups as e:
        st.warning(t("rep_too_many", lang, n=e.groups, m=MAX_COMPARE_GROUPS))
        comparisons = None

    def final_texts() -> list[dict]:
        return texts_now()[2]  # at the click, with the moderation state of then

    def final_panels() -> list:
        """The closed panel sessions of my units in scope, read at the click."""
        from analysis.panel_report import report_panels

        return report_panels(store, survey.id, data, unit=unit or None, periods=periods,
                             lang=lang)

    def final_actions():
        """The actions of my units in scope (public and staff-only), read at the click."""
        from analysis.actions_report import report_actions

        return report_actions(store, survey, data, unit=unit or None, periods=periods,
                              lang=lang, defs_dir=config.defs_dir())

    def log(kind: str) -> None:
        detail = f"{kind} {scope} {period_text}" + (f" compare={compare}" if compare else "")
        store.audit(user.name, "report", survey.id, detail.strip())

    args = dict(lang=lang, units_label=scope, period_label=period_text, min_group=min_group,
                title_extra=title_extra.strip(), comparisons=comparisons or [],
                expected=expected)
    st.download_button(t("download_pdf", lang), width="stretch", key="dl_pdf",
                       data=lambda: report_pdf(survey, view, final_texts(),
                                               panels=final_panels(),
                                               actions=final_actions(), **args),
                       file_name=f"raati-{survey.id}-raportti.pdf", mime="application/pdf",
                       on_click=lambda: log("pdf"), disabled=comparisons is None)
    st.download_button(t("download_pptx", lang), width="stretch", key="dl_pptx",
                       data=lambda: report_pptx(survey, view, final_texts(),
                                                panels=final_panels(),
                                                actions=final_actions(), **args),
                       file_name=f"raati-{survey.id}-esitys.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml"
                            ".presentation", on_click=lambda: log("pptx"),
                       disabled=comparisons is None)
    st.download_button(t("download_agg_csv", lang), width="stretch", key="dl_agg",
                       data=lambda: res.aggregated_csv(survey, view, lang),
                       file_name=f"raati-{survey.id}-tulokset.csv", mime="text/csv",
                       on_click=lambda: log("aggregated csv"))


for tab, draw in zip(tabs, (overview_tab, rounds_tab, units_tab, texts_tab, reports_tab),
                     strict=True):
    if tab.open:
        with tab:
            draw()
