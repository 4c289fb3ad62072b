"""AppTest: a unit's public page *Te sanoitte – me teimme* (``/?u=UNIT``, issue 13,
contract §6) and the latest actions on the kiosk's thank-you screen: only the unit's
public actions, newest first, done ones only for the unit's days, status words in the
chosen language, personal data masked, staff text shown as text, an unknown unit said in
plain language (never the staff login)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raati import config, said_did
from raati.i18n import t

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


def days_ago(n: int) -> str:
    return (config.today() - dt.timedelta(days=n)).isoformat()


@pytest.fixture
def env(app_env):
    store, _defs = app_env
    store.ensure_unit("puupaja", "Puupaja")
    store.ensure_unit("kahvila", "Kahvila")
    return store


def open_unit(unit: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if unit is not None:
        at.query_params["u"] = unit
    return at.run()


def page_html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def cards(at: AppTest) -> list[str]:
    """The cards on the page, each as its HTML (in the order shown)."""
    return re.findall(r'<li class="raati-action .*?</li>', page_html(at), re.S)


def test_only_public_actions_of_the_unit_newest_first_and_old_done_ones_gone(env):
    store = env
    store.set_done_shown_days("puupaja", 30)
    store.add_action("puupaja", "Tauot ovat liian lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     status="done", today=days_ago(10))
    store.add_action("puupaja", "Salainen asia", "Ei julkinen", public=False,
                     today=days_ago(2))
    store.add_action("kahvila", "Kahvi loppuu", "Ostimme lisää kahvia", today=days_ago(1))
    store.add_action("puupaja", "Vanha toive", "Vanha teko", status="done",
                     today=days_ago(40))  # done 40 days ago: past the unit's 30
    newest = store.add_action("puupaja", "Työkaluja on liian vähän.",
                              "Tilaamme uusia sahoja.", status="planned", today=days_ago(3))
    store.update_action(newest.id, status="in_progress", today=days_ago(1))

    at = open_unit("puupaja")
    assert not at.exception
    assert at.title[0].value == "Te sanoitte – me teimme"
    assert "Puupaja" in page_html(at)
    shown = cards(at)
    assert len(shown) == 2
    assert "Työkaluja on liian vähän." in shown[0] and "Tauot ovat liian lyhyitä." in shown[1]
    assert "Me teemme:" in shown[0] and "Työn alla" in shown[0]
    assert "Me teimme:" in shown[1] and "Tehty" in shown[1] and "✅" in shown[1]
    body = page_html(at)
    for hidden in ("Salainen asia", "Kahvi loppuu", "Vanha toive"):
        assert hidden not in body
    # the symbol is hidden from screen readers; the texts carry their own language
    assert '<span class="raati-action-symbol" aria-hidden="true">' in shown[0]
    assert '<span lang="fi" dir="auto">Tilaamme uusia sahoja.</span>' in shown[0]
    assert shown[0].count('class="raati-say"') == 1  # read aloud, one button a card
    # never the staff login, never the staff menu
    assert not [i for i in at.text_input if i.label == "Salasana"]


def test_status_words_follow_the_chosen_language_the_texts_stay_finnish(env):
    store = env
    store.add_action("puupaja", "Tauot ovat liian lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     status="done")
    at = open_unit("puupaja")
    at.button(key="lang_sv").click().run()
    assert not at.exception
    assert at.title[0].value == t("said_did_title", "sv") == "Ni sade – vi gjorde"
    card = cards(at)[0]
    assert t("action_status_done", "sv") in card and "Vi gjorde:" in card
    assert "Tauko on nyt 20 minuuttia." in card
    at.button(key="lang_ar").click().run()
    assert 'data-dir="rtl"' in page_html(at) and 'data-lang="ar"' in page_html(at)
    card = cards(at)[0]
    assert t("action_status_done", "ar") in card and t("said_did_you_said", "ar") in card
    assert '<span lang="fi" dir="auto">Tauot ovat liian lyhyitä.</span>' in card
    # read aloud with a Finnish voice: the texts are Finnish (the button's label in Arabic)
    assert 'data-lang="fi-FI"' in card and t("listen", "ar") in card


@pytest.mark.parametrize("status,label", [("received", "Me selvitämme:"),
                                          ("planned", "Suunnitelmamme:"),
                                          ("not_possible", "Miksi emme voi:")])
def test_each_status_has_its_own_words(env, status, label):
    env.add_action("puupaja", "Toive", "Vastaus", status=status)
    card = cards(open_unit("puupaja"))[0]
    assert label in card and t(f"action_status_{status}", "fi") in card
    assert said_did.SYMBOLS[status] in card


def test_personal_data_is_masked_and_staff_text_is_shown_as_text(env):
    store = env
    store.add_action("puupaja", "<b>x</b> **y** [linkki](https://example.org)",
                     "Soita numeroon 040 123 4567, niin kerromme lisää.", status="in_progress")
    at = open_unit("puupaja")
    assert not at.exception
    card = cards(at)[0]
    assert "040 123 4567" not in page_html(at)
    assert "[puhelin]" in card
    assert "&lt;b&gt;x&lt;/b&gt; **y** [linkki](https://example.org)" in card
    assert "<b>x</b>" not in page_html(at)


def test_the_responsible_person_and_private_actions_are_never_shown(env):
    store = env
    store.add_action("puupaja", "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     status="done", responsible="Ohjaaja Maija Virtanen")
    store.add_action("puupaja", "Sisäinen asia.", "Käsitellään tiimissä.", public=False)
    html = page_html(open_unit("puupaja"))
    assert "Tauko on nyt 20 minuuttia." in html
    assert "Maija" not in html and "Virtanen" not in html
    assert "Käsitellään tiimissä." not in html


def test_no_actions_is_a_friendly_empty_page(env):
    at = open_unit("kahvila")
    assert not at.exception
    assert at.title[0].value == "Te sanoitte – me teimme"
    assert t("said_did_empty", "fi") in page_html(at)
    assert not cards(at)


@pytest.mark.parametrize("unit", ["eiole", "<script>", "", "استبيان", " PUUPAJA. "])
def test_an_unknown_unit_says_so_never_the_staff_login(env, unit):
    at = open_unit(unit)
    assert not at.exception
    if unit == " PUUPAJA. ":  # as a chat app passes the link on: still the unit
        assert at.title[0].value == "Te sanoitte – me teimme"
        return
    assert at.title[0].value == "Sivua ei löytynyt"
    assert t("said_did_unknown_body", "fi") in page_html(at)
    assert not [i for i in at.text_input if i.label == "Salasana"]


def test_the_route_without_a_unit_says_so(env):
    """/teimme opened without ?u=: the page's own guard is public, it names no unit."""
    at = open_unit(None)
    at.switch_page("pages/said_did.py").run()
    assert not at.exception
    assert at.title[0].value == "Sivua ei löytynyt"


def test_the_link(env):
    assert config.actions_link("https://raati.example.fi/", "puupaja") == \
        "https://raati.example.fi/?u=puupaja"


def answer_and_send(at: AppTest) -> AppTest:
    def tap(key):
        at.button(key=key).click().run()
        assert not at.exception

    tap("start")
    for qid in ("viikko", "apu", "ryhma", "tyo"):
        tap(f"scale_2_{qid}")
    tap("skip")
    tap("send")
    return at


def test_the_kiosk_thank_you_shows_the_latest_actions(env):
    store = env
    for n in range(5):
        store.add_action("puupaja", f"Toive {n}", f"Teko {n}", status="done",
                         today=days_ago(10 - n))
    store.add_action("puupaja", "Ei näy", "Yksityinen", public=False)
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = rnd.kiosk_token
    answer_and_send(at.run())
    body = page_html(at)
    assert 'data-screen="thanks"' in body and "raati-thanks-left" in body  # the timer stays
    assert "Vastaaminen kannattaa. Teimme näin:" in [s.value for s in at.subheader]
    shown = cards(at)
    # two cards: all of it above the fold of a 1024×768 tablet
    assert len(shown) == said_did.KIOSK_CARDS == 2
    assert ["Toive 4" in shown[0], "Toive 3" in shown[1]] == [True] * 2
    assert 'class="raati-actions raati-actions-compact"' in body and "Ei näy" not in body
    at.button(key="next_person").click().run()  # the next person starts as before
    assert at.title[0].value.startswith("Viikkofiilis")


def test_a_phone_gets_a_link_to_the_public_page_only_when_it_shows_something(env):
    store = env
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    answer_and_send(at.run())
    assert 'class="raati-actions-link"' not in page_html(at) and not cards(at)

    store.add_action("puupaja", "Toive", "Teko", status="done")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    answer_and_send(at.run())
    body = page_html(at)
    assert 'href="/?u=puupaja"' in body and t("said_did_link", "fi") in body
    assert not cards(at)  # a phone gets the link, not the cards


@pytest.mark.parametrize("lang", ["fi", "sv", "ar", "se"])
def test_the_qr_poster_of_the_public_page(lang):
    """An A4 page with the title, the unit's name, the link as text and as a link."""
    import io

    from pypdf import PdfReader

    from raati.poster import actions_poster_pdf

    link = config.actions_link("https://raati.example.fi", "puupaja")
    reader = PdfReader(io.BytesIO(actions_poster_pdf("Puupaja", link, lang)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert [round(float(v)) for v in page.mediabox[2:]] == [595, 842]  # A4 in points
    text = " ".join(page.extract_text().split())
    assert "Puupaja" in text and "raati.example.fi/?u=puupaja" in text.replace(" ", "")
    if lang in ("fi", "sv", "se"):
        assert t("said_did_title", lang) in text
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert link in links


def kiosk_thanks(store) -> AppTest:
    rnd = store.open_round("viikkofiilis", "puupaja")
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["r"] = rnd.token
    at.query_params["kiosk"] = rnd.kiosk_token
    return answer_and_send(at.run())


def test_the_kiosk_prefers_done_and_in_progress_and_its_heading_promises_no_more(env):
    store = env
    # only received: the heading must not say anything was done or changed
    store.add_action("puupaja", "Ovi narisee.", "Selvitämme oven.", today=days_ago(1))
    at = kiosk_thanks(store)
    headings = [s.value for s in at.subheader]
    assert "Vastaaminen kannattaa. Nämä asiat olemme ottaneet käsittelyyn:" in headings
    assert not [h for h in headings if "Teimme" in h or "muuttaneet" in h]
    # a newer received one, an older done and an in-progress one: the latter two shown
    store.add_action("puupaja", "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     status="done", today=days_ago(30))
    store.add_action("puupaja", "Työkaluja on vähän.", "Tilaamme sahoja.",
                     status="in_progress", today=days_ago(20))
    store.add_action("puupaja", "Kahvi loppuu.", "Selvitämme kahvin.", today=days_ago(0))
    at = kiosk_thanks(store)
    shown = cards(at)
    assert len(shown) == 2
    assert "Tilaamme sahoja." in shown[0] and "Tauko on nyt 20 minuuttia." in shown[1]
    assert "Vastaaminen kannattaa. Näin olemme edenneet:" in [s.value for s in at.subheader]


def test_the_kiosk_heading_follows_what_is_shown():
    from raati.actions import Action

    def action(status):
        return Action(1, "puupaja", "s", "d", status, True)

    key = said_did.kiosk_heading_key
    assert key([action("done"), action("done")]) == "said_did_kiosk_done"
    assert key([action("done"), action("received")]) == "said_did_kiosk_progress"
    assert key([action("planned")]) == "said_did_kiosk_progress"
    assert key([action("received"), action("not_possible")]) == "said_did_kiosk_received"
    for k in ("said_did_kiosk_done", "said_did_kiosk_progress", "said_did_kiosk_received"):
        assert t(k, "ar") != t(k, "fi") and t(k, "se") != t(k, "fi")


def config_div(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if 'id="raati-config"' in h.proto.body)


def test_the_settings_outlast_a_reload_in_the_prefs_cookie(env, monkeypatch):
    from raati import ui

    env.add_action("puupaja", "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                   status="done")
    at = open_unit("puupaja")
    assert 'data-panel-prefs=""' in config_div(at)  # nothing chosen: no cookie
    at.button(key="lang_sv").click().run()
    at.toggle(key="said_did_big_text").set_value(True).run()
    assert 'data-panel-prefs="sv,1,0"' in config_div(at)
    # the next page load sends the cookie back: the same settings
    cookies = {said_did.PREFS_COOKIE: "sv,1,0"}
    monkeypatch.setattr(ui, "context_cookie", lambda name: cookies.get(name))
    again = open_unit("puupaja")
    assert again.title[0].value == "Ni sade – vi gjorde"
    assert again.toggle(key="said_did_big_text").value is True
    assert 'class="raati-actions raati-actions-big"' in page_html(again)
    # a malformed cookie is ignored
    cookies[said_did.PREFS_COOKIE] = "xx,1,0"
    assert open_unit("puupaja").title[0].value == "Te sanoitte – me teimme"


def test_the_read_aloud_label_is_in_the_pages_language(env):
    env.add_action("puupaja", "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                   status="done")
    at = open_unit("puupaja")
    at.button(key="lang_ar").click().run()
    button = re.search(r'<button type="button" class="raati-say"[^>]*>', cards(at)[0]).group(0)
    label = re.search(r'aria-label="([^"]*)"', button).group(1)
    assert label.startswith(t("listen", "ar") + ": " + t("said_did_you_said", "ar"))
    assert t("said_did_we_done", "ar") in label
    assert "Te sanoitte" not in label and "Me teimme" not in label and "Tilanne" not in label
    # it still reads the card in Finnish, with a Finnish voice
    assert 'data-say="Te sanoitte: Tauot ovat lyhyitä.' in button
    assert 'data-lang="fi-FI"' in button
    assert f'data-novoice="{t("no_voice", "ar")}"' in button
