"""Staff: collection rounds with their answer links and QR codes; open and close rounds."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from raati import auth, config, maintenance, poster, retention, ui
from raati.i18n import t
from raati.qr import qr_png, qr_svg
from raati.store import StoreError

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, problems = ui.surveys()
base = ui.app_base_url()
today = config.today()

st.title(t("rounds_title", lang))
st.write(t("rounds_intro", lang))
if problems:
    st.warning(t("no_surveys", lang) + "\n\n" + "\n".join(f"- {ui.plain(p)}" for p in problems))

all_units = {u.id: u.name for u in store.units()}
allowed = auth.unit_filter(user)  # None = every unit (admin)
rounds = [r for r in store.rounds() if allowed is None or r.unit in allowed]
units = {u: n for u, n in all_units.items() if allowed is None or u in allowed}
unit_choices = list(units) if allowed is None else sorted(set(units) | set(allowed))
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
    png = qr_png(link)
    left, right = st.columns([1, 1])
    with left:
        st.image(png, caption=t("qr_caption", lang), width=240)
    with right:
        st.code(link, language=None)
        # The files are made (once per link, raati.qr keeps them) only when a button is pressed.
        st.download_button(t("download_png", lang), partial(qr_png, link), mime="image/png",
                           file_name=f"raati-{rnd.survey}-{rnd.unit}-qr.png", width="stretch")
        st.download_button(t("download_svg", lang), partial(qr_svg, link),
                           mime="image/svg+xml", width="stretch",
                           file_name=f"raati-{rnd.survey}-{rnd.unit}-qr.svg")
        if rnd.survey in surveys:  # the poster is made only when the button is pressed
            st.download_button(
                t("download_poster", lang), mime="application/pdf", width="stretch",
                data=partial(poster.qr_poster_pdf, surveys[rnd.survey], link, lang,
                             units.get(rnd.unit, rnd.unit)),
                file_name=f"raati-{rnd.survey}-{rnd.unit}-juliste.pdf")
        if rnd.status(today) == "open" and st.button(t("close_round", lang), width="stretch"):
            maintenance.close_round(store, rnd, user.name, today.isoformat())
            st.toast(t("round_closed_done", lang))
            st.rerun()

    bursts = store.round_bursts(rnd.id)
    if bursts:  # someone may be flooding the round: staff decide (delete the round, ...)
        st.warning(t("bursts_seen", lang, days=", ".join(
            t("burst_day", lang, date=fi_date(day), n=n) for day, n in bursts[:5])))

    with st.expander(t("kiosk_title", lang)):
        st.write(t("kiosk_intro", lang))
        st.write(t("kiosk_link", lang))
        st.code(config.answer_link(base, rnd.token, kiosk_token=rnd.kiosk_token), language=None)
        with st.form(f"kiosk_{rnd.id}"):
            always = st.checkbox(t("kiosk_always", lang), value=bool(rnd.kiosk))
            c1, c2 = st.columns(2)
            thanks_s = c1.number_input(t("kiosk_thanks_s", lang), min_value=1, max_value=600,
                                       value=rnd.kiosk_thanks_s, step=1)
            idle_s = c2.number_input(t("kiosk_idle_s", lang), min_value=5, max_value=3600,
                                     value=rnd.kiosk_idle_s, step=5)
            pin = st.text_input(t("kiosk_new_pin", lang), type="password", max_chars=12)
            if st.form_submit_button(t("save", lang)):
                try:
                    if pin:
                        auth.set_kiosk_pin(store, rnd.id, pin, enabled=always,
                                           thanks_s=int(thanks_s), idle_s=int(idle_s))
                    else:
                        store.set_kiosk(rnd.id, enabled=always, thanks_s=int(thanks_s),
                                        idle_s=int(idle_s))
                except auth.AuthError as exc:
                    st.error(t(exc.key, lang))
                else:
                    store.audit(user.name, "kiosk_set", f"round {rnd.id}",
                                f"{'on' if always else 'link only'}, thanks {thanks_s} s, idle "
                                f"{idle_s} s{', new PIN' if pin else ''}")
                    st.session_state["flash"] = t("saved", lang)
                    st.rerun()

    with st.expander(t("retention_title", lang)):
        if rnd.texts_purged_on:
            st.info(t("texts_purged_on", lang, date=fi_date(rnd.texts_purged_on)))
        with st.form(f"retention_{rnd.id}"):
            days = st.number_input(t("retention_days", lang), min_value=0, max_value=3650,
                                   value=rnd.text_retention_days, step=1)
            if st.form_submit_button(t("save", lang)):
                store.set_text_retention(rnd.id, None if days is None else int(days))
                store.audit(user.name, "retention_set", f"round {rnd.id}",
                            f"free text kept {int(days)} days after closing"
                            if days is not None else "no retention rule")
                st.session_state["flash"] = t("retention_saved", lang)
                st.rerun()
        survey_of_round = surveys.get(rnd.survey)
        if survey_of_round is not None:
            sure = st.checkbox(t("purge_confirm", lang), key=f"purge_ok_{rnd.id}")
            if st.button(t("purge_now", lang), disabled=not sure, key=f"purge_{rnd.id}"):
                purge = retention.purge_texts(store, rnd, survey_of_round, user.name, today)
                st.session_state["flash"] = t("purged", lang, n=purge.texts_deleted)
                st.rerun()
        st.divider()
        word = st.text_input(t("delete_round_confirm", lang), key=f"delete_word_{rnd.id}")
        if st.button(t("delete_round", lang), type="primary", key=f"delete_{rnd.id}",
                     disabled=word.strip() != t("delete_word", lang)):
            n = retention.delete_round(store, rnd, user.name)
            st.session_state["flash"] = t("round_deleted", lang, n=n)
            st.rerun()

st.subheader(t("open_round", lang))
if not surveys:
    st.stop()
with st.form("open_round"):
    survey_id = st.selectbox(t("col_survey", lang), list(surveys), format_func=survey_title,
                             key="new_round_survey")
    unit_choice = st.selectbox(t("unit_existing", lang), [""] + unit_choices,
                               format_func=lambda u: units.get(u, u) or "–", key="new_round_unit")
    # Only an admin creates units; staff open rounds at their own units.
    new_unit = (st.text_input(t("unit_new", lang), max_chars=40, key="new_round_new_unit")
                if allowed is None else "")
    name = st.text_input(t("round_name", lang), max_chars=100, key="new_round_name")
    c1, c2 = st.columns(2)
    opens = c1.date_input(t("opens_on", lang), value=today, format="DD.MM.YYYY")
    closes = c2.date_input(t("closes_on", lang), value=None, format="DD.MM.YYYY",
                           help=t("no_close", lang))
    expected = st.number_input(t("expected", lang), min_value=0, max_value=100000, value=0,
                               step=1, help="0 = –", key="new_round_expected")
    submitted = st.form_submit_button(t("open_button", lang), type="primary")

if submitted:
    unit = (new_unit or unit_choice).strip()
    try:
        if allowed is not None and unit not in allowed:
            raise StoreError(t("no_access", lang))
        rnd = store.open_round(
            survey_id, unit, name=name, opens=opens.isoformat(),
            closes=closes.isoformat() if closes else None, expected=int(expected) or None,
        )
    except StoreError as exc:
        st.error(ui.plain(str(exc)))  # it may quote what was typed
    else:
        store.audit(user.name, "round_open", f"round {rnd.id}",
                    f"{rnd.survey} / {rnd.unit} / {rnd.name}")
        st.success(t("round_opened", lang))
        st.code(config.answer_link(base, rnd.token), language=None)
