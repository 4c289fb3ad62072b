"""The client's page of a panel session (asiakasraati), reached by the join code
(``/?p=CODE``, or typed here): write ideas, see the ideas on the shared screen, vote with
dots, see the results. No account, no name: a random token in a cookie of this browser
lets a phone that slept or reloaded come back to its ideas and dots (raati.panels).

Kiosk mode, the workshop's shared tablet passed from person to person, is opened only
by the session's own kiosk link (raati.panels.kiosk_link): no cookie, a *Seuraava
henkilö* button that gives the next person a fresh device (their own dots, an empty
screen), and the idle reset of raati/assets/client.js after KIOSK_IDLE_S without a touch.
A closed session shows the thank-you and the proposals; the ideas with their dots only
where staff made the results public, and never once the idea texts were deleted.

On a phone the idea box comes first, its note (sent, or why not) right under it; texts
that staff or clients wrote keep their own direction on an Arabic or Persian page
(dir="auto"); the language and display settings outlast a reload in a cookie (never on
a kiosk, which has its Seuraava henkilö button also at the end of the page).

The rules are raati.panels and the store; this page only draws and passes taps on."""

import html
import re
import secrets

import streamlit as st

from raati import panels, said_did, ui
from raati.i18n import CLIENT_LANGUAGES, RTL, language_name, t
from raati.modcache import masked_suggestion
from raati.panels import PanelError
from raati.responses import TextTooLong

store = ui.store()
ss = st.session_state
entry = ss.entry
code = entry.get("panel") or ""
panel = store.panel_by_code(code) if code else None
# Kiosk mode only through the session's own kiosk link: "&kiosk=1" or a wrong token on a
# phone link opens the session as on a phone.
kiosk = bool(panel and panel.kiosk_token and entry.get("kiosk") and
             secrets.compare_digest(entry["kiosk"], panel.kiosk_token))

# A phone's display settings (language, bigger text, strong colours) outlast a reload
# (a phone that slept) in a cookie of this site, written by client.js: "lang,big,contrast"
# ("ar,1,0"), nothing about the person. Never on a kiosk: the next person starts afresh.
PREFS_COOKIE = "raati_panel_prefs"


def prefs_from_cookie(value: str | None) -> dict | None:
    """The settings in a raati_panel_prefs cookie, or None for a missing or malformed one."""
    parts = (value or "").split(",")
    if len(parts) != 3 or parts[0] not in CLIENT_LANGUAGES or \
            not {parts[1], parts[2]} <= {"0", "1"}:
        return None
    return {"lang": parts[0], "big_text": parts[1] == "1", "high_contrast": parts[2] == "1"}


def default_client(remembered: bool = False) -> dict:
    """The display settings a person starts with (also the next person on a kiosk); with
    ``remembered``, those this phone kept in its cookie, if any."""
    kept = prefs_from_cookie(ui.context_cookie(PREFS_COOKIE)) if remembered else None
    return kept or {"lang": ui.ui_lang() if ui.ui_lang() in CLIENT_LANGUAGES else "fi",
                    "big_text": False, "high_contrast": False}


client = ss.setdefault("panel_client", default_client(remembered=not kiosk))
lang = client["lang"]


def prefs_value() -> str:
    """The cookie value for client.js: written once the settings differ from the
    defaults or a cookie is already there (so going back to the defaults is kept too)."""
    if kiosk:
        return ""
    value = f"{client['lang']},{int(client['big_text'])},{int(client['high_contrast'])}"
    if client == default_client() and ui.context_cookie(PREFS_COOKIE) is None:
        return ""
    return value


def page_settings(**more) -> None:
    ui.client_page(client["big_text"], client["high_contrast"], {}, lang=lang,
                   dir="rtl" if lang in RTL else "ltr", panel_prefs=prefs_value(), **more)
    if client["big_text"]:  # this page's own texts (client.css), a third bigger too
        st.html("<style>.raati-text, .raati-why, .raati-theme-kind { font-size: 1.5rem; }"
                ".raati-idea-row .raati-text { font-size: 1.6rem; }</style>")


def own_text(text: str, staff: bool = False, cls: str = "raati-text") -> str:
    """A text that staff (Finnish: ``staff``) or a client (any language) wrote, as escaped
    HTML isolated in its own direction (dir="auto"): on an Arabic or Persian page its
    punctuation stays on its own side ("Mikä auttaa?", never "?Mikä auttaa")."""
    lang_attr = ' lang="fi"' if staff else ""
    return f'<p class="{cls}" dir="auto"{lang_attr}>{html.escape(text)}</p>'


def join_form(wrong: bool) -> None:
    """For a wrong or missing code: the code box (raati.ui.panel_join_box)."""
    page_settings(screen="panel-join", step=0)
    st.title(t("panel_join_title", lang), anchor=False)
    if wrong:
        st.error(t("panel_code_wrong", lang))
    ui.panel_join_box(lang, key="page")
    st.stop()


if panel is None:
    join_form(wrong=bool(code))

# This browser's device token for this session: from its cookie (a reload, a phone that
# slept), else the one this browser session already has, else a new one; client.js keeps
# it in a cookie of this site only. The store sees only its hash (panels.device_key).
# A kiosk keeps its person's token only in this browser session, never in a cookie: a
# reload (also the idle reset) or Seuraava henkilö starts the next person afresh.
cookie = f"raati_panel_{panel.id}"
kiosk_key = f"panel_kiosk_token_{panel.id}"
if kiosk:
    token = ss[kiosk_key] = panels.device_token(ss.get(kiosk_key))
else:
    token = ss[cookie] = panels.device_token(ss.get(cookie) or ui.context_cookie(cookie))
device = panels.device_key(token)
# The person at a kiosk (0, 1, 2, ...): keys of what one person typed carry it, so that
# the next person gets empty boxes, also of what was typed but not sent.
person = ss.get("panel_person", 0)
idea_key = "panel_idea_text" if person == 0 else f"panel_idea_text_{person}"
if panel.phase != "closed" and not kiosk:
    # A phone is counted as joined on its first visit (participants), nothing else about
    # the device. A kiosk person is counted only when they act (an idea or a dot: the
    # store's add_idea/add_dot join the device): a reload or Seuraava henkilö with
    # nobody at the tablet counts no one.
    if not ss.get(f"panel_joined_{panel.id}"):
        store.join_panel(panel.id, device)
        ss[f"panel_joined_{panel.id}"] = True

keep_cookie = panel.phase != "closed" and not kiosk
page_settings(screen=f"panel-{panel.phase}", step=f"{panel.phase}-{person}",
              panel_cookie=cookie if keep_cookie else "",
              panel_token=token if keep_cookie else "",
              kiosk="1" if kiosk and panel.phase != "closed" else "0", person=person,
              idle=panels.KIOSK_IDLE_S, warn=panels.KIOSK_WARN_S,
              restart=panels.kiosk_link("", panel.code, panel.kiosk_token) if kiosk else "",
              idle_title=t("idle_title", lang), idle_body=t("panel_idle_body", lang),
              idle_continue=t("panel_idle_continue", lang))


def message(exc: PanelError | TextTooLong) -> str:
    if isinstance(exc, TextTooLong):
        return t("panel_idea_too_long", lang, n=exc.length, k=exc.max_length)
    return t(exc.key, lang, **exc.values)


# -- the top: title, language, display -------------------------------------------------
# The page's one h1: the staff's title isolated in its own direction (own_text).
st.html(f'<h1 class="raati-title" dir="auto" lang="fi">{html.escape(panel.title)}</h1>')
units = {u.id: u.name for u in store.units()}
st.caption(ui.plain(f"{t('panel_word', lang)} · {units.get(panel.unit, panel.unit)}"))


def set_lang(code_: str) -> None:
    client["lang"] = code_


with st.expander(f"🌐 {language_name(lang)} · {t('settings', lang)}"):
    with st.container(horizontal=True, key="languages"):
        for code_ in CLIENT_LANGUAGES:
            st.button(language_name(code_), key=f"lang_{code_}",
                      type="primary" if code_ == lang else "secondary",
                      on_click=set_lang, args=(code_,))

    def show(field: str) -> None:
        client[field] = bool(ss[f"panel_{field}"])

    for field, label in (("big_text", "big_text_switch"), ("high_contrast", "contrast_switch")):
        st.toggle(t(label, lang), value=client[field], key=f"panel_{field}",
                  on_change=show, args=(field,))


def speak(text: str) -> None:
    st.html(ui.question_block(text, lang, lang, intro=True))


# -- phases ----------------------------------------------------------------------------


def watch_phase() -> None:
    """Inside a refreshing fragment: when staff move the session on, draw the page anew."""
    now = store.panel(panel.id)
    if now is not None and now.phase != panel.phase:
        st.rerun(scope="app")


def send_idea() -> None:
    """The idea box's button (a callback: it runs before the page is drawn, so a refusal
    shows also when staff moved the session on meanwhile and the box is gone). A refused
    text stays in the box (a text over the limit is to be shortened, never lost); a sent
    one leaves it."""
    try:
        idea = store.add_idea(panel.id, ss.get(idea_key) or "", device,
                              suggest=masked_suggestion)
    except (PanelError, TextTooLong) as exc:
        ss.panel_idea_note = ("error", message(exc))
    else:
        ss[idea_key] = ""
        ss.panel_idea_note = ("success", t("panel_idea_sent_shown" if idea.status == "approved"
                                           else "panel_idea_sent_waiting", lang))


def next_person() -> None:
    """Seuraava henkilö (kiosk; its button at the top and at the end of the page): a fresh
    device token (counted as a participant once it gives an idea or a dot), with all its
    dots; the boxes, notes and display settings of the previous person are gone (their
    ideas and dots stay in the session, tied to their own token)."""
    ss[kiosk_key] = panels.new_device_token()
    ss.pop(f"panel_joined_{panel.id}", None)
    ss.panel_person = person + 1
    for key in (idea_key, "panel_refused", "panel_idea_note", "panel_big_text",
                "panel_high_contrast"):
        ss.pop(key, None)
    ss.panel_client = default_client()
    ss.panel_note = ("success", t("panel_next_ready", ss.panel_client["lang"]))


if kiosk and panel.phase != "closed":
    # The shared tablet: what it is, read aloud too, and the button for the next person.
    with st.container(key="panel_kiosk"):
        speak(t("panel_kiosk_note", lang))
        st.button(f"➡️ {t('panel_next_person', lang)}", key="panel_next_person",
                  width="stretch", on_click=next_person)

def show_note(note: tuple[str, str] | None) -> None:
    if note:
        getattr(st, note[0])(note[1])


show_note(ss.pop("panel_note", None))
if panel.phase != "ideas":
    # An idea refused because staff moved the session on while it was typed: the box is
    # gone, so its note is said here.
    show_note(ss.pop("panel_idea_note", None))


def prompts_and_themes() -> None:
    """The staff's questions (read aloud in Finnish, the language they are written in)
    and a survey round's themes, each with its kind in words ("Kehitettävää" / "Toimii
    hyvin", as on the shared screen), so that a theme does not read like a question."""
    st.subheader(t("panel_prompts", lang), anchor=False)
    for prompt in panel.prompts:
        st.html(ui.question_block(prompt, "fi", lang))
    for theme in panel.themes:
        text = str(theme.get("text") or "")
        if not text:
            continue
        kind = theme.get("kind") if theme.get("kind") in ("weak", "strong") else "other"
        label = (f'<p class="raati-theme-kind">{html.escape(t(f"panel_theme_{kind}", lang))}</p>'
                 if kind != "other" else "")
        st.html(f'<div class="raati-theme raati-theme-{kind}">{label}'
                f'{ui.question_block(text, "fi", lang, intro=True)}</div>')


def ideas_phase() -> None:
    """The idea box first, right under the title (on a phone it is in view without
    scrolling), its note (sent, or why not) right under it, then the staff's prompts and
    themes, then the lists of ideas."""
    # The idea box is outside every refreshing fragment (a refresh would lose the text).
    # No max_chars: Streamlit then ignores a paste that would go over the limit (the text
    # is lost) and shows English instructions; the counter is ours (client.js), the limit
    # is checked on sending (panel_idea_too_long, the text stays in the box).
    with st.form("panel_idea"):
        help_text = t("panel_idea_help", lang, n=panels.IDEA_MAX_LENGTH)
        st.html(ui.question_block(t("panel_idea_label", lang), lang, lang, hint=help_text,
                                  say=f"{t('panel_idea_label', lang)}. {help_text}"))
        st.text_area(t("panel_idea_label", lang), label_visibility="collapsed", height=120,
                     key=idea_key)
        typed = len(ss.get(idea_key) or "")
        over = typed > panels.IDEA_MAX_LENGTH
        st.html(f'<p id="raati-idea-counter" class="raati-counter{" raati-over" if over else ""}"'
                f' data-max="{panels.IDEA_MAX_LENGTH}"'
                f' data-over="{html.escape(t("panel_idea_over", lang))}">'
                f'<span class="raati-count">{typed}</span> / {panels.IDEA_MAX_LENGTH}'
                f' <span class="raati-over-text" aria-live="polite">'
                f'{html.escape(t("panel_idea_over", lang)) if over else ""}</span></p>')
        st.form_submit_button(t("panel_idea_send", lang), type="primary", width="stretch",
                              on_click=send_idea)
    with st.container(key="panel_idea_note"):
        show_note(ss.pop("panel_idea_note", None))
    st.html(f'<p class="raati-note">{html.escape(t("panel_anonymous", lang))}</p>')
    if panel.prompts or panel.themes:
        prompts_and_themes()
    ideas_lists()


@st.fragment(run_every=4)
def ideas_lists() -> None:
    """Own ideas with their state and the ideas on the shared screen, refreshed every few
    seconds while the person waits (no input here)."""
    watch_phase()
    mine = store.device_state(panel.id, device).ideas
    all_ideas = store.ideas(panel.id)
    own = [i for i in all_ideas if i.id in mine]
    if own:
        st.subheader(t("panel_your_ideas", lang), anchor=False)
        for idea in own:
            # The idea in its own direction (<bdi>) inside the sentence of the page's language.
            st.html(f'<p class="raati-text"><bdi>{html.escape(idea.text)}</bdi>  '
                    f'({html.escape(t("panel_state_" + idea.status, lang))})</p>')
    st.subheader(t("panel_ideas_shown", lang), anchor=False)
    shown = [i for i in all_ideas if i.status == "approved"]
    if not shown:
        st.write(t("panel_no_ideas", lang))
    for idea in shown:
        st.html(own_text(f"• {idea.text}"))


def voting_seen(phase: str, ideas: list, dots: dict) -> tuple:
    """What the voting list shows, in short: the phase, the approved ideas (id, text) and
    this device's dots per idea."""
    return phase, tuple((i.id, i.text) for i in ideas), tuple(sorted(dots.items()))


@st.fragment(run_every=5)
def watch_voting() -> None:
    """Every few seconds, a look without drawing anything: when staff moved the session
    on, or changed the ideas, or this device's dots changed in another tab, the page is
    drawn anew. The list itself is not redrawn on a timer (with 30 phones that was most of
    the server's work while nobody voted), only on the phone's own taps."""
    now = store.panel(panel.id)
    seen = voting_seen(now.phase if now else "closed", store.ideas(panel.id, ["approved"]),
                       store.device_state(panel.id, device).dots)
    if seen != ss.get("panel_voting_seen", seen):
        st.rerun(scope="app")


@st.fragment
def voting_phase() -> None:
    """The ideas with this device's dots; a tap reruns only this part of the page."""
    state = store.device_state(panel.id, device)
    approved = store.ideas(panel.id, ["approved"])
    ss.panel_voting_seen = voting_seen(panel.phase, approved, state.dots)
    left = panel.votes_per_person - state.dots_used()
    st.subheader(t("panel_voting_title", lang), anchor=False)
    st.html(ui.question_block(t("panel_voting_help", lang), lang, lang, intro=True))
    dots = "●" * state.dots_used() + "○" * left
    left_text = t("panel_dots_left", lang, n=left, total=panel.votes_per_person)
    # The dots left stay in view while the list is scrolled (client.css: sticky).
    with st.container(key="panel_dots_left"):
        st.html(f'<div class="raati-dots-row"><p class="raati-dots-left" role="status">'
                f'{html.escape(left_text)} <span aria-hidden="true">{dots}</span></p>'
                f'{ui.speaker_button(left_text, lang, lang)}</div>')
    refused = ss.pop("panel_refused", None)
    if refused:
        st.warning(refused)
    for idea in approved:
        mine = state.dots.get(idea.id, 0)
        # Why "Anna piste" cannot be tapped, in words under it: this idea has its most
        # dots, or all of this person's dots are given.
        if mine >= panel.max_per_idea:
            why = t("panel_idea_full", lang, k=panel.max_per_idea)
        elif left <= 0:
            why = t("panel_no_dots_left", lang, n=panel.votes_per_person)
        else:
            why = ""
        with st.container(border=True, key=f"idea_{idea.id}"):
            st.html(f'<div class="raati-idea-row">{own_text(idea.text)}'
                    f'{ui.speaker_button(idea.text, voice(idea.text), lang)}</div>')
            if mine:
                st.caption(t("panel_your_dots", lang, n=mine))
            with st.container(horizontal=True):
                st.button(f"＋ {t('panel_add_dot', lang)}", key=f"dot_add_{idea.id}",
                          type="primary", disabled=bool(why),
                          on_click=vote, args=(idea.id, True))
                if mine:
                    st.button(f"－ {t('panel_remove_dot', lang)}", key=f"dot_remove_{idea.id}",
                              on_click=vote, args=(idea.id, False))
            if why:
                st.html(f'<p class="raati-why">{html.escape(why)}</p>')


# Scripts whose text a voice of the page's language reads better than a Finnish one.
_SCRIPTS = {"ar": "\u0600-\u06ff", "fa": "\u0600-\u06ff", "ru": "\u0400-\u04ff",
            "uk": "\u0400-\u04ff"}


def voice(text: str) -> str:
    """The language to read a client's idea aloud in: the page's language where the idea
    is in its script (an Arabic idea on an Arabic page), else Finnish, the session's
    language (an idea's language is not known; Latin-script ideas are mostly Finnish)."""
    letters = _SCRIPTS.get(lang)
    return lang if letters and re.search(f"[{letters}]", text) else "fi"


def vote(idea_id: int, add: bool) -> None:
    try:
        if add:
            store.add_dot(panel.id, device, idea_id)
        else:
            store.remove_dot(panel.id, device, idea_id)
    except PanelError as exc:
        ss.panel_refused = message(exc)


def results(ideas: bool = True) -> None:
    """The proposals, after the ideas ranked with their dots unless ``ideas`` is False."""
    if ideas:
        st.subheader(t("panel_results_title", lang), anchor=False)
        for group, members, votes in panels.ranked(store.ideas(panel.id, ["approved"])):
            with st.container(border=True):
                if group:
                    st.html(f'<p class="raati-text raati-group" dir="auto" lang="fi">'
                            f'<strong>{html.escape(group)}</strong></p>')
                for idea in members:
                    st.html(own_text(idea.text))
                st.caption(t("panel_votes_n", lang, n=votes))
    proposals = store.proposals(panel.id)
    if proposals:
        st.subheader(t("panel_proposals", lang), anchor=False)
        for proposal in proposals:
            st.html(own_text(f"• {proposal.text}", staff=True))


@st.fragment(run_every=5)
def results_phase() -> None:
    watch_phase()
    results()


if panel.phase == "ideas":
    ideas_phase()
elif panel.phase == "voting":
    voting_phase()
    watch_voting()
elif panel.phase == "results":
    results_phase()
else:
    # Closed: anyone with the code sees the thank-you and the proposals (staff's words);
    # the ideas and their dots only where staff made the results public, and not once
    # the idea texts were deleted (retention).
    st.header(t("panel_closed_title", lang), anchor=False)
    speak(t("panel_closed_body", lang))
    results(ideas=panel.results_public and not panel.texts_purged_on)
    # "You said, we did" (issue 13): what was done with this session's proposals, the
    # public actions recorded from it, as cards of the unit's public page.
    done = [a for a in said_did.public_actions(store, panel.unit) if a.panel == panel.id]
    if done:
        heading = t("panel_actions_title", lang)
        st.subheader(heading, anchor=False)
        st.html(said_did.cards_html(done, lang, big=client["big_text"],
                                    strong=client["high_contrast"], label=heading))

if kiosk and panel.phase != "closed":
    # The same button at the end of the page: after voting far down the list the next
    # person need not scroll back up.
    st.button(f"➡️ {t('panel_next_person', lang)}", key="panel_next_person_end",
              width="stretch", on_click=next_person)
