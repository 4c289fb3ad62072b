"""Staff: collection rounds with their answer links and QR codes; open and close rounds."""

import datetime as dt

import pandas as pd
import streamlit as st

from raati import config, ui
from raati.i18n import t
from raati.qr import qr_png, qr_svg
from raati.store import StoreError

lang = st.session_state.get("ui_lang", "fi")
store = ui.store()
surveys, problems = ui.surveys()
base = ui.app_base_url()
today = config.today()

st.title(t("rounds_title", lang))
st.write(t("rounds_intro", lang))
if problems:
    st.warning(t("no_surveys", lang) + "\n\n" + "\n".join(f"- {ui.plain(p)}" for p in problems))

rounds = store.rounds()
units = {u.id: u.name for u in store.units()}
counts = store.round_response_counts()


def survey_title(survey_id: str) -> str:
    s = surveys.get(survey_id)
    return s.text(s.title, lang) if s else survey_id


def fi_date(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%-d.%-m.%Y") if iso else "–"


if not rounds:
    st.info(t("no_rounds", lang))
else:
    table = pd.DataFrame([
        {
            t("col_survey", lang): survey_title(r.survey),
            t("col_unit", lang): units.get(r.unit, r.unit),
            t("col_name", lang): r.name,
            t("col_opens", lang): fi_date(r.opens),
            t("col_closes", lang): fi_date(r.closes),
            t("col_status", lang): t(f"status_{r.status(today)}", lang),
            t("col_answers", lang): counts.get(r.id, 0),
            t("col_rate", lang): (
                f"{round(100 * counts.get(r.id, 0) / r.expected)} %" if r.expected else "–"
            ),
            t("col_link", lang): config.answer_link(base, r.token),
        }
        for r in rounds
    ])
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        t("col_link", lang): st.column_config.LinkColumn(),
    })

    labels = {
        r.id: f"{survey_title(r.survey)} · {units.get(r.unit, r.unit)} · {r.name or fi_date(r.opens)}"
        for r in rounds
    }
    chosen = st.selectbox(t("pick_round", lang), [r.id for r in rounds], format_func=labels.get)
    rnd = next(r for r in rounds if r.id == chosen)
    link = config.answer_link(base, rnd.token)
    left, right = st.columns([1, 1])
    with left:
        st.image(qr_png(link), caption=t("qr_caption", lang), width=240)
    with right:
        st.code(link, language=None)
        st.download_button(t("download_png", lang), qr_png(link), mime="image/png",
                           file_name=f"raati-{rnd.survey}-{rnd.unit}-qr.png", width="stretch")
        st.download_button(t("download_svg", lang), qr_svg(link), mime="image/svg+xml",
                           file_name=f"raati-{rnd.survey}-{rnd.unit}-qr.svg", width="stretch")
        if rnd.status(today) == "open" and st.button(t("close_round", lang), width="stretch"):
            store.close_round(rnd.id, today.isoformat())
            st.toast(t("round_closed_done", lang))
            st.rerun()

st.subheader(t("open_round", lang))
if not surveys:
    st.stop()
with st.form("open_round"):
    survey_id = st.selectbox(t("col_survey", lang), list(surveys), format_func=survey_title)
    unit_choice = st.selectbox(t("unit_existing", lang), [""] + list(units),
                               format_func=lambda u: units.get(u, u) or "–")
    new_unit = st.text_input(t("unit_new", lang), max_chars=40)
    name = st.text_input(t("round_name", lang), max_chars=100)
    c1, c2 = st.columns(2)
    opens = c1.date_input(t("opens_on", lang), value=today, format="DD.MM.YYYY")
    closes = c2.date_input(t("closes_on", lang), value=None, format="DD.MM.YYYY",
                           help=t("no_close", lang))
    expected = st.number_input(t("expected", lang), min_value=0, max_value=100000, value=0,
                               step=1, help="0 = –")
    submitted = st.form_submit_button(t("open_button", lang), type="primary")

if submitted:
    unit = (new_unit or unit_choice).strip()
    try:
        rnd = store.open_round(
            survey_id, unit, name=name, opens=opens.isoformat(),
            closes=closes.isoformat() if closes else None, expected=int(expected) or None,
        )
    except StoreError as exc:
        st.error(str(exc))
    else:
        st.success(t("round_opened", lang))
        st.code(config.answer_link(base, rnd.token), language=None)
