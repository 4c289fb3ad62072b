"""Staff: collection rounds with their answer links and QR codes; open, close (after a
confirmation) and reopen rounds."""

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from raati import auth, config, maintenance, poster, retention, ui
from raati.i18n import t
from raati.qr import link_warning, qr_png, qr_svg
from raati.store import DuplicateRound, StoreError

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, problems = ui.surveys()
base, base_source = ui.app_base_url_source()
today = config.today()

st.title(t("rounds_title", lang))
st.write(t("rounds_intro", lang))
# Which address the links and QR codes use, and a warning when a phone cannot open it.
st.caption(ui.plain(t("base_url_in_use", lang, url=base,
                      source=t(f"base_source_{base_source}", lang))))
warning = link_warning(base, lang)
if warning:
    st.warning(ui.plain(warning), icon="⚠️")
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


# The buttons below act in callbacks: they run before the page is drawn again, so the
# table and the QR picker show the change at once. Each checks the login again
# (auth.acting_user, with the login session given at drawing time).
login = (user.id, st.session_state.get("session_token"))


def ask_to_close(round_id: int) -> None:
    st.session_state["close_confirm"] = round_id


def cancel_close() -> None:
    st.session_state.pop("close_confirm", None)


def close_confirmed(rnd) -> None:
    st.session_state.pop("close_confirm", None)
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    if who is None or not auth.may_act_on_unit(who, rnd.unit):
        return
    maintenance.close_round(store, rnd, who.name, config.today().isoformat())
    st.session_state["flash_rounds"] = t("round_closed_done", lang)


def reopen(rnd) -> None:
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    if who is None or not auth.may_act_on_unit(who, rnd.unit):
        return
    maintenance.reopen_round(store, rnd, who.name)
    st.session_state["flash_rounds"] = t("round_reopened_done", lang)


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
    if st.session_state.get("rounds_pick") not in labels:
        st.session_state.pop("rounds_pick", None)  # deleted, or not this user's
    chosen = st.selectbox(t("pick_round", lang), [r.id for r in rounds], format_func=labels.get,
                          key="rounds_pick")
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
        done = st.session_state.pop("flash_rounds", None)
        if done:
            st.success(done)
        if rnd.status(today) == "open":
            if st.session_state.get("close_confirm") == rnd.id:
                # Closing stops the link and QR code at once: ask first (it can be undone).
                st.warning(ui.plain(t("close_round_confirm", lang,
                                      name=rnd.name or fi_date(rnd.opens))))
                y, n = st.columns(2)
                y.button(t("close_round_yes", lang), key=f"close_yes_{rnd.id}", type="primary",
                         on_click=close_confirmed, args=(rnd,), width="stretch")
                n.button(t("cancel", lang), key=f"close_no_{rnd.id}", on_click=cancel_close,
                         width="stretch")
            else:
                st.button(t("close_round", lang), key=f"close_{rnd.id}", width="stretch",
                          on_click=ask_to_close, args=(rnd.id,))
        elif rnd.status(today) == "closed":
            st.button(t("reopen_round", lang), key=f"reopen_{rnd.id}", width="stretch",
                      on_click=reopen, args=(rnd,))

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


def open_new_round() -> None:
    """The form's button: open the round before the page is drawn again (so the table
    and the QR picker show it at once), then clear the form. A second press of the same
    form (the browser sends the same values again) opens nothing and shows the round
    the first opened; an identical round opened today by anyone else is refused with a
    sentence (maintenance.open_round)."""
    ss = st.session_state
    ss.pop("round_open_error", None)
    who = auth.acting_user(store, login, idle_timeout_s=config.idle_timeout_s())
    if who is None:
        return
    mine = auth.unit_filter(who)
    unit = ((ss.get("new_round_new_unit") if mine is None else "") or
            ss.get("new_round_unit") or "").strip()
    opens, closes = ss.get("new_round_opens") or today, ss.get("new_round_closes")
    name = (ss.get("new_round_name") or "").strip()
    signature = (ss.get("new_round_survey"), unit, name, opens.isoformat())
    if ss.get("round_opened_sig") == signature and ss.get("round_opened"):
        # The same press again (it came with the form and the picker as they were
        # before the first): the round is open; show it and clear the form again.
        show_opened(ss["round_opened"], mine)
        return
    # Every use of session state is a point where Streamlit may stop this callback for
    # the next press. A press that was stopped after opening its round leaves its
    # note behind: the next press of the same form then shows that round.
    earlier = ss.get("round_open_pending")
    ss.pop("round_opened", None)
    ss["round_open_pending"] = signature
    try:
        round_id = maintenance.open_round(
            store, who, ss.get("new_round_survey"), unit, name=name, opens=opens.isoformat(),
            closes=closes.isoformat() if closes else None,
            expected=int(ss.get("new_round_expected") or 0) or None,
            own_press=earlier == signature,  # this session's own press, stopped half-way
        )
    except DuplicateRound as exc:
        ss["round_open_error"] = t("round_duplicate", lang, id=exc.round_id)
    except auth.AuthError as exc:
        ss["round_open_error"] = ui.plain(t(exc.key, lang))
    except StoreError as exc:
        ss["round_open_error"] = ui.plain(str(exc))  # it may quote what was typed
    else:
        ss["round_opened_sig"] = signature
        show_opened(round_id, mine)
    ss.pop("round_open_pending", None)


def show_opened(round_id: int, mine) -> None:
    """After opening: the new round chosen in the QR picker, the form empty."""
    ss = st.session_state
    ss["round_opened"] = ss["rounds_pick"] = round_id
    ss["new_round_unit"], ss["new_round_name"], ss["new_round_expected"] = "", "", 0
    ss["new_round_opens"], ss["new_round_closes"] = today, None
    if mine is None:
        ss["new_round_new_unit"] = ""


# The form's starting values live in session state only (show_opened resets them
# there); a widget given a value= as well would warn about the double source.
for key, start in (("new_round_opens", today), ("new_round_closes", None),
                   ("new_round_expected", 0)):
    st.session_state.setdefault(key, start)
with st.form("open_round"):  # the values are read by open_new_round
    st.selectbox(t("col_survey", lang), list(ui.catalog().open_for_rounds()),
                 format_func=survey_title, key="new_round_survey")
    st.selectbox(t("unit_existing", lang), [""] + unit_choices,
                 format_func=lambda u: units.get(u, u) or "–", key="new_round_unit")
    if allowed is None:  # only an admin creates units; staff open rounds at their own
        st.text_input(t("unit_new", lang), max_chars=40, key="new_round_new_unit")
    st.text_input(t("round_name", lang), max_chars=100, key="new_round_name")
    c1, c2 = st.columns(2)
    c1.date_input(t("opens_on", lang), format="DD.MM.YYYY", key="new_round_opens")
    c2.date_input(t("closes_on", lang), format="DD.MM.YYYY",
                  help=t("no_close", lang), key="new_round_closes")
    st.number_input(t("expected", lang), min_value=0, max_value=100000, step=1,
                    help="0 = –", key="new_round_expected")
    st.form_submit_button(t("open_button", lang), type="primary", on_click=open_new_round)

if st.session_state.get("round_open_error"):
    st.error(st.session_state.pop("round_open_error"))
# The note of the new round stays while it is the one chosen above.
opened = store.round_by_id(st.session_state["round_opened"]) \
    if st.session_state.get("round_opened") else None
if opened is not None and st.session_state.get("rounds_pick") == opened.id:
    st.success(ui.plain(t("round_opened_named", lang,
                          name=opened.name or fi_date(opened.opens))))
    st.code(config.answer_link(base, opened.token), language=None)
