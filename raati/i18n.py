"""The app's own interface texts: Finnish source texts here, translations in gettext
catalogues.

``MESSAGES`` maps a key to its Finnish source text, ``{"fi": "..."}``. Every other
language is in ``raati/locale/<lang>/LC_MESSAGES/raati.po`` (template ``raati/locale/
raati.pot``): msgctxt = the key, msgid = the Finnish text, msgstr = the translation, so
translators can work in Poedit, Weblate or any gettext tool. ``scripts/i18n.py update``
keeps the catalogues in step with MESSAGES (README, "Translations").

``t(key, lang, **values)`` gives a text in ``lang``; a language that lacks the text falls
back along :data:`FALLBACKS` (English, then Finnish, for the languages of immigrants;
Finnish for Swedish and Northern Sámi). A translation whose msgid is not the current
Finnish text, or that is marked ``fuzzy``, is not used. Survey content is localized in
the survey files; this module holds only the app's own words.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from pathlib import Path

# Languages of the staff pages (the app's sidebar selector). Client screens (answering,
# the QR poster) come in every language of CLIENT_LANGUAGES.
UI_LANGUAGES = ("fi", "sv", "en")

# Languages with a catalogue of their own, in the order the About page lists them.
CLIENT_LANGUAGES = ("fi", "sv", "en", "ar", "so", "ru", "uk", "et", "fa", "se")

# Where a language lacks a text: the next languages to try, in order (Finnish is always
# last). Swedish and Sámi speakers in Finland read Finnish; others more likely English.
FALLBACKS = {"fi": (), "sv": ("fi",), "se": ("fi",), "en": ("fi",)}
DEFAULT_FALLBACK = ("en", "fi")

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "raati"
# The translator comment that marks a translation no native speaker has checked yet
# (a reviewer deletes it in Poedit's or Weblate's comment field once the text is checked).
UNREVIEWED = "unreviewed: machine translation, not checked by a native speaker"

# Language names in the language itself: people choose their language by its own name.
LANGUAGE_NAMES = {
    "fi": "suomi", "sv": "svenska", "en": "English", "se": "davvisámegiella",
    "ar": "العربية", "so": "Soomaali", "ru": "русский", "uk": "українська",
    "et": "eesti", "fa": "فارسی", "ku": "kurdî", "es": "español", "fr": "français",
    "de": "Deutsch", "th": "ไทย", "vi": "Tiếng Việt", "zh": "中文", "tr": "Türkçe",
}

# Languages written right to left.
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "ckb"})

# BCP 47 tags for the html lang attribute and speech synthesis.
# Northern Sámi (se-FI) has no voice in common browsers: its read-aloud buttons then say so
# in Sámi (message "no_voice") instead of reading with a wrong voice (raati/assets/client.js).
SPEECH_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB", "ar": "ar", "ru": "ru-RU",
               "et": "et-EE", "so": "so-SO", "uk": "uk-UA", "fa": "fa-IR", "se": "se-FI"}

# key -> {"fi": Finnish source text}. A new text may be added as {"fi": ..., "sv": ...,
# "en": ...}: it works at once, and `scripts/i18n.py update` moves its translations into
# raati/locale and leaves {"fi": ...} here (tests/test_i18n_catalogues.py insists on it).
MESSAGES: dict[str, dict[str, str]] = {
    # -- issue 11: staff login ----------------------------------------------------------
    "first_admin_hint": {"fi": "Ensimmäinen käyttäjätunnus on **admin**. Sen kertakäyttöinen salasana "
              "tulostui Raatin käynnistysikkunaan (palvelimen lokiin) ensimmäisen avauksen "
              "jälkeen. Jos se on kadonnut, käynnistä Raati uudelleen: uusi salasana "
              "tulostuu samaan paikkaan. Palvelimella myös `raati user passwd admin` "
              "antaa uuden."},
    # -- client: answering ---------------------------------------------------------------
    "choose_language": {"fi": "Kieli"},
    "anonymous_note": {"fi": "Vastaat nimettömästi. Emme kysy nimeäsi. Kukaan ei näe, mitä sinä vastasit."},
    "question_n": {"fi": "Kysymys {n} / {total}"},
    "optional": {"fi": "(voit jättää vastaamatta)"},
    "tell_more": {"fi": "Kerro lisää (jos haluat)"},
    "no_names": {"fi": "Älä kirjoita nimiä tai puhelinnumeroita. Enintään {n} merkkiä."},
    "choose_any": {"fi": "Voit valita monta."},
    "grade_help": {"fi": "4 = huono, 10 = erinomainen"},
    "submit": {"fi": "Lähetä vastaus"},
    "missing_answers": {"fi": "Vastaa vielä näihin kysymyksiin: {which}"},
    "thanks_title": {"fi": "Kiitos vastauksestasi!"},
    "thanks_body": {"fi": "Vastauksesi tallentui nimettömänä. Ohjaajat ja asiakasraati käyvät vastaukset "
              "läpi yhdessä. Kerromme, mitä muutamme vastausten perusteella."},
    "not_found_title": {"fi": "Kyselyä ei löytynyt"},
    "not_found_body": {"fi": "Tällä linkillä ei ole kyselyä. Tarkista linkki tai kysy ohjaajalta uusi "
              "QR-koodi."},
    "closed_title": {"fi": "Kysely on päättynyt"},
    "closed_body": {"fi": "Tähän kyselyyn ei voi enää vastata. Kiitos kiinnostuksestasi!"},
    "not_open_title": {"fi": "Kysely ei ole vielä alkanut"},
    "not_open_body": {"fi": "Voit vastata {date} alkaen."},
    "unavailable_title": {"fi": "Kysely ei ole nyt käytettävissä"},
    "unavailable_body": {"fi": "Kerro asiasta ohjaajalle. Vika ei ole sinussa."},
    "save_failed": {"fi": "Vastauksen tallennus ei onnistunut. Yritä hetken päästä uudelleen."},
    # -- staff -------------------------------------------------------------------------
    "nav_rounds": {"fi": "Kierrokset"},
    "nav_surveys": {"fi": "Kyselyt"},
    "nav_about": {"fi": "Tietoa Raatista"},
    "nav_answer": {"fi": "Vastaa"},
    "panel_screen_none": {"fi": "Ei vielä raateja. Avaa raati Raadit-sivulla."},
    "nav_panel": {"fi": "Asiakasraati"},
    "rounds_title": {"fi": "Keruukierrokset"},
    "rounds_intro": {"fi": "Avaa kierros yksikössä, tulosta QR-koodi ja jaa vastauslinkki asiakkaille."},
    "no_rounds": {"fi": "Ei vielä kierroksia. Avaa ensimmäinen alta."},
    "col_survey": {"fi": "Kysely"},
    "col_unit": {"fi": "Yksikkö"},
    "col_name": {"fi": "Kierros"},
    "col_opens": {"fi": "Alkaa"},
    "col_closes": {"fi": "Päättyy"},
    "col_status": {"fi": "Tila"},
    "col_answers": {"fi": "Vastauksia"},
    "col_rate": {"fi": "Vastaus-%"},
    "col_link": {"fi": "Vastauslinkki"},
    "status_open": {"fi": "auki"},
    "status_closed": {"fi": "päättynyt"},
    "status_not_yet_open": {"fi": "alkaa myöhemmin"},
    "pick_round": {"fi": "Valitse kierros"},
    "qr_caption": {"fi": "QR-koodi vastauslinkkiin"},
    "download_png": {"fi": "Lataa QR (PNG, tulostukseen)"},
    "download_svg": {"fi": "Lataa QR (SVG)"},
    "close_round": {"fi": "Päätä kierros tänään"},
    "round_closed_done": {"fi": "Kierros päätetty."},
    "open_round": {"fi": "Avaa uusi kierros"},
    "unit_existing": {"fi": "Yksikkö"},
    "unit_new": {"fi": "… tai uusi yksikkö (tunnus, esim. puupaja)"},
    "round_name": {"fi": "Kierroksen nimi (esim. Kevät 2027)"},
    "expected": {"fi": "Odotettu vastaajamäärä"},
    "closes_on": {"fi": "Viimeinen vastauspäivä"},
    "opens_on": {"fi": "Ensimmäinen vastauspäivä"},
    "no_close": {"fi": "Ei päättymispäivää"},
    "open_button": {"fi": "Avaa kierros"},
    "round_opened": {"fi": "Kierros avattu. Vastauslinkki:"},
    "no_surveys": {"fi": "Kyselyitä ei voi ladata:"},
    "surveys_title": {"fi": "Kyselyt"},
    "surveys_ok": {"fi": "{n} kyselyä kunnossa kansiossa {dir}."},
    "questions_count": {"fi": "{n} kysymystä"},
    "languages": {"fi": "Kielet"},
    "easy_version": {"fi": "Selkokielellä"},
    "ui_language": {"fi": "Käyttökieli"},
}


def _cache_dir() -> Path:
    """Where parsed catalogues are kept between processes: the user's own cache folder
    (not a shared temporary folder, whose files another user could plant)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "raati" / "i18n"


@functools.cache
def catalogue(lang: str) -> dict[str, tuple[str, str, bool]]:
    """The catalogue of ``lang`` as {key: (msgid, msgstr, reviewed)}, read once per
    process from raati/locale/<lang>/LC_MESSAGES/raati.po with Babel's ``read_po``.
    Untranslated and ``fuzzy`` entries are left out; ``reviewed`` is False for an entry
    with the :data:`UNREVIEWED` translator comment. {} for a language without a file.

    Babel takes some 20–60 ms a file (and 0.2 s to import), so the result is also kept
    as JSON in :func:`_cache_dir`, named by the SHA-256 of the .po file's bytes: an
    edited catalogue gets a new cache file, a stale one is never read. A cache that
    cannot be written (read-only home) only costs the parse again next time."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    raw = path.read_bytes()
    cache = _cache_dir() / f"{lang}-{hashlib.sha256(raw).hexdigest()[:20]}.json"
    try:
        return {k: (v[0], v[1], bool(v[2]))
                for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        pass
    from babel.messages.pofile import read_po

    cat = read_po(io.BytesIO(raw), ignore_obsolete=True)
    out = {}
    for m in cat:
        if m.id and m.context and m.string and not m.fuzzy:
            reviewed = not any(c.startswith("unreviewed") for c in m.user_comments)
            out[m.context] = (m.id, m.string, reviewed)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return out


def translation(key: str, lang: str) -> str | None:
    """The text ``key`` in exactly ``lang``, or None: Finnish from MESSAGES; another
    language from an entry still in the old {fi, sv, en} form in MESSAGES (one added
    before ``scripts/i18n.py update`` moved it), else from the catalogue, if that
    translation was made from the current Finnish text."""
    texts = MESSAGES[key]
    own = texts.get(lang)
    if own:
        return own
    entry = catalogue(lang).get(key)
    if entry and entry[0] == texts["fi"]:
        return entry[1]
    return None


def fallback_chain(lang: str) -> tuple[str, ...]:
    """The languages tried for a text in ``lang``, in order; always ends with Finnish."""
    rest = FALLBACKS.get(lang, DEFAULT_FALLBACK)
    return (lang, *rest) if lang != "fi" else ("fi",)


@functools.cache
def _text(key: str, lang: str) -> str:
    for code in fallback_chain(lang):
        text = translation(key, code)
        if text:
            return text
    return MESSAGES[key]["fi"]


def t(key: str, lang: str = "fi", **values) -> str:
    """The interface text ``key`` in ``lang`` (along :func:`fallback_chain` where that
    language lacks it), with ``values`` put into its {placeholders}. In a right-to-left
    language each value is wrapped in Unicode isolates (U+2068 ... U+2069) so that a
    number or a Latin name inside Arabic or Persian text keeps its own direction.
    Raises KeyError for an unknown key. Cached: the same (key, lang) costs a dict lookup.

    Counts: a text may have a singular variant ``<key>_one`` in MESSAGES ("{n} piste"
    beside "{n} pistettä"); it is used when the count is 1, the count being the value
    ``n``, or ``k`` in a text without ``n``. Every language has its own text of the
    variant (it falls back like any text); languages with more plural forms than these
    two write a form that holds for every count ("Баллов: {n}")."""
    if key not in MESSAGES:
        raise KeyError(key)
    count = values.get("n", values.get("k"))
    if type(count) is int and count == 1 and f"{key}_one" in MESSAGES:
        key = f"{key}_one"
    text = _text(key, lang)
    if not values:
        return text
    if lang in RTL:
        values = {k: f"\u2068{v}\u2069" for k, v in values.items()}
    return text.format(**values)


def translated_languages(key: str) -> set[str]:
    """The languages that have their own text for ``key`` (Finnish always)."""
    return {code for code in CLIENT_LANGUAGES if translation(key, code)}


def translation_status() -> list[dict]:
    """One row per language of CLIENT_LANGUAGES for the About page: {"lang", "name",
    "total" (keys in MESSAGES), "translated", "reviewed", "unreviewed" (translated but
    marked :data:`UNREVIEWED`), "client_total" (keys in CLIENT_KEYS), "client_translated"}.
    Finnish is the source, all reviewed; Swedish and English are the project's own texts.
    A translation counts only if made from the current Finnish text and not fuzzy."""
    rows = []
    for code in CLIENT_LANGUAGES:
        translated = reviewed = client = 0
        for key, texts in MESSAGES.items():
            own = texts.get(code)
            entry = catalogue(code).get(key)
            if own:
                ok, checked = True, True
            elif entry and entry[0] == texts["fi"]:
                ok, checked = True, entry[2]
            else:
                continue
            translated += ok
            reviewed += checked
            client += key in CLIENT_KEYS
        rows.append({"lang": code, "name": language_name(code), "total": len(MESSAGES),
                     "translated": translated, "reviewed": reviewed,
                     "unreviewed": translated - reviewed,
                     "client_total": len(CLIENT_KEYS), "client_translated": client})
    return rows


def ui_language(lang: str) -> str:
    """The interface language for a survey language: the language itself where the app
    has a catalogue for it (CLIENT_LANGUAGES), else Finnish."""
    return lang if lang in CLIENT_LANGUAGES else "fi"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)

MESSAGES.update({
    "nav_home": {"fi": "Etusivu"},
    "nav_results": {"fi": "Tulokset"},
    "nav_data": {"fi": "Aineisto"},
    "nav_account": {"fi": "Oma tili"},
    "nav_users": {"fi": "Käyttäjät"},
    "nav_audit": {"fi": "Tapahtumaloki"},
    "login_title": {"fi": "Kirjaudu sisään"},
    "login_intro": {"fi": "Tämä sivu on henkilöstölle. Asiakkaat vastaavat kyselyyn QR-koodin tai "
              "linkin kautta eivätkä tarvitse tunnusta."},
    "user_name": {"fi": "Käyttäjätunnus"},
    "password": {"fi": "Salasana"},
    "login_button": {"fi": "Kirjaudu"},
    "login_sso": {"fi": "Kirjaudu organisaation tunnuksella"},
    "login_failed": {"fi": "Käyttäjätunnus tai salasana on väärin."},
    "login_locked": {"fi": "Liian monta väärää yritystä. Odota {s} sekuntia ja yritä sitten uudelleen."},
    # The account's lock for browsers it has never logged in on (raati.auth): staff on
    # a browser they have logged in with before are not held by it.
    "login_locked_untrusted": {"fi": "Liian monta väärää yritystä. Odota {s} sekuntia ja yritä sitten uudelleen. "
              "Selaimella, jolla olet aiemmin kirjautunut Raatiin, voit kirjautua odottamatta."},
    "sso_no_role": {"fi": "Organisaatiotunnuksellasi ei ole oikeutta Raatiin. Pyydä pääkäyttäjää "
              "lisäämään sinut oikeaan ryhmään."},
    "no_access": {"fi": "Sinulla ei ole oikeutta tälle sivulle."},
    "logout": {"fi": "Kirjaudu ulos"},
    "logged_in_as": {"fi": "Kirjautunut: {name} ({role})"},
    "role_admin": {"fi": "pääkäyttäjä"},
    "role_staff": {"fi": "henkilöstö"},
    "role_developer-client": {"fi": "kehittäjäasiakas"},
    "must_change_title": {"fi": "Vaihda salasana"},
    "must_change_intro": {"fi": "Kirjauduit kertakäyttöisellä salasanalla. Valitse nyt oma salasana "
              "(vähintään {n} merkkiä)."},
    "current_password": {"fi": "Nykyinen salasana"},
    "new_password": {"fi": "Uusi salasana"},
    "new_password_again": {"fi": "Uusi salasana uudelleen"},
    "change_password": {"fi": "Vaihda salasana"},
    "password_changed": {"fi": "Salasana vaihdettu."},
    "pw_mismatch": {"fi": "Uudet salasanat eivät ole samat."},
    "pw_wrong_current": {"fi": "Nykyinen salasana on väärin."},
    "pw_too_short": {"fi": "Salasanassa pitää olla vähintään {n} merkkiä."},
    "pw_too_long": {"fi": "Salasanassa saa olla enintään {n} merkkiä."},
    "pw_too_simple": {"fi": "Salasana on liian helppo arvata."},
    "pw_same": {"fi": "Uuden salasanan pitää olla eri kuin vanha."},
    "bad_user_name": {"fi": "Käyttäjätunnuksessa on 2–64 merkkiä: a–z, å, ä, ö, numerot "
                      "ja . _ - @"},
    "bad_role": {"fi": "Tuntematon rooli."},
    "bad_unit": {"fi": "Yksikön tunnuksessa saa olla vain a–z, 0–9 ja -."},
    "user_exists": {"fi": "Käyttäjä {name} on jo olemassa."},
})

MESSAGES.update({
    "home_title": {"fi": "Tervetuloa Raatiin"},
    "home_intro": {"fi": "Raati kerää asiakkaiden nimettömän palautteen ja auttaa tekemään siitä muutoksia."},
    "your_units": {"fi": "Yksikkösi: {units}"},
    "all_units": {"fi": "kaikki yksiköt"},
    "no_units": {"fi": "ei yksiköitä – pyydä pääkäyttäjää lisäämään sinut yksikköön"},
    "go_rounds": {"fi": "Kierrokset ja QR-koodit"},
    "go_results": {"fi": "Tulokset"},
})

MESSAGES.update({
    # account
    "account_title": {"fi": "Oma tili"},
    "sso_account": {"fi": "Tiliäsi hallitaan organisaatiosi kirjautumispalvelussa."},
    # users (admin)
    "users_title": {"fi": "Käyttäjät"},
    "col_user": {"fi": "Käyttäjä"},
    "col_role": {"fi": "Rooli"},
    "col_units": {"fi": "Yksiköt"},
    "col_state": {"fi": "Tila"},
    "state_active": {"fi": "käytössä"},
    "state_disabled": {"fi": "estetty"},
    "state_must_change": {"fi": "odottaa salasanan vaihtoa"},
    "state_sso": {"fi": "organisaatiotunnus"},
    "add_user": {"fi": "Lisää käyttäjä"},
    "add_button": {"fi": "Lisää"},
    "one_time_password": {"fi": "Käyttäjän {name} kertakäyttöinen salasana (näytetään vain nyt; vaihdetaan "
              "ensimmäisellä kirjautumisella):"},
    "edit_user": {"fi": "Muokkaa käyttäjää"},
    "disabled": {"fi": "Estetty (ei voi kirjautua)"},
    "save": {"fi": "Tallenna"},
    "saved": {"fi": "Tallennettu."},
    "reset_password": {"fi": "Anna uusi kertakäyttöinen salasana"},
    "remove_user": {"fi": "Poista käyttäjä"},
    "confirm_remove_user": {"fi": "Kyllä, poista {name}"},
    "user_removed": {"fi": "Käyttäjä poistettu."},
    "not_yourself": {"fi": "Et voi estää tai poistaa omaa tiliäsi etkä poistaa viimeistä "
                     "pääkäyttäjää."},
    # audit
    "audit_title": {"fi": "Tapahtumaloki"},
    "audit_intro": {"fi": "Henkilöstön toimet, jotka koskevat aineistoa tai tilejä. "
                    "Asiakkaiden vastauksista ei kirjata aikaa."},
    "col_at": {"fi": "Aika"},
    "col_actor": {"fi": "Kuka"},
    "col_action": {"fi": "Mitä"},
    "col_target": {"fi": "Kohde"},
    "col_detail": {"fi": "Lisätiedot"},
    "filter_actor": {"fi": "Kuka"},
    "filter_action": {"fi": "Toiminto"},
    "any": {"fi": "kaikki"},
    # data
    "data_title": {"fi": "Aineisto: tuonti ja vienti"},
    "data_intro": {"fi": "Raakavastaukset ovat vain henkilöstölle. Vienti ja tuonti kirjataan "
              "tapahtumalokiin."},
    "export_title": {"fi": "Vie vastaukset"},
    "import_title": {"fi": "Tuo vastauksia (esim. paperilomakkeet)"},
    "import_help": {"fi": "CSV (pilkku tai puolipiste, UTF-8) tai Excel (.xlsx), sarakkeet kuten "
              "viennissä. Jos yksikin rivi on virheellinen, mitään ei tuoda."},
    "import_button": {"fi": "Tuo"},
    "import_done": {"fi": "Tuotiin {new} vastausta ({present} oli jo tallessa)."},
    "import_refused": {"fi": "Tiedostoa ei tuotu. Korjaa nämä ja yritä uudelleen:"},
    # the file uploader's own words (raati.ui.uploader_texts_css; Streamlit has only English)
    "upload_browse": {"fi": "Valitse tiedosto"},
    "upload_drag": {"fi": "Vedä tiedosto tähän"},
    "upload_drop": {"fi": "Pudota tiedosto tähän"},
    "upload_limit": {"fi": "Enintään {mb} Mt, CSV tai XLSX"},
    "download": {"fi": "Lataa {fmt}"},
    "unit_filter": {"fi": "Yksikkö"},
    "all_my_units": {"fi": "kaikki omat yksiköt"},
    # results (aggregated)
    "results_title": {"fi": "Tulokset"},
    "results_n": {"fi": "{n} vastausta"},
    "results_suppressed": {"fi": "Alle {k} vastaajaa: tulosta ei näytetä, jotta kukaan ei ole tunnistettavissa."},
    "col_question": {"fi": "Kysymys"},
    "col_n": {"fi": "n"},
    "col_low": {"fi": "1–2 (ei)"},
    "col_high": {"fi": "3–4 (kyllä)"},
    "col_mean": {"fi": "Keskiarvo"},
    "col_counts": {"fi": "Jakauma"},
    "no_results": {"fi": "Ei vielä vastauksia."},
    "text_answers_n": {"fi": "{n} avointa vastausta"},
    # rounds: retention and deletion
    "retention_title": {"fi": "Avointen vastausten säilytys ja poisto"},
    "retention_days": {"fi": "Poista avoimet vastaukset näin monen päivän kuluttua kierroksen päättymisestä "
              "(tyhjä = säilytetään)"},
    "retention_saved": {"fi": "Säilytysaika tallennettu."},
    "purge_now": {"fi": "Poista kierroksen avoimet vastaukset nyt"},
    "purge_confirm": {"fi": "Ymmärrän: tekstit poistuvat pysyvästi, asteikkovastaukset jäävät."},
    "purged": {"fi": "Poistettiin {n} tekstiä."},
    "delete_round": {"fi": "Poista koko kierros vastauksineen"},
    "delete_round_confirm": {"fi": "Kirjoita POISTA vahvistukseksi"},
    "delete_word": {"fi": "POISTA"},
    "round_deleted": {"fi": "Kierros ja {n} vastausta poistettu."},
    "texts_purged_on": {"fi": "Avoimet vastaukset poistettu {date}."},
})

MESSAGES.update({
    "choose": {"fi": "Valitse"},
})

# -- the client's answering screens (plain language) ---------------------------------------
MESSAGES.update({
    "start_button": {"fi": "Aloita"},
    "choose_your_language": {"fi": "Valitse kieli"},
    "settings": {"fi": "Näin näet ja kuulet paremmin"},
    "easy_switch": {"fi": "Selkokieli"},
    "big_text_switch": {"fi": "Isompi teksti"},
    "contrast_switch": {"fi": "Vahvat värit"},
    "progress": {"fi": "Kysymys {n} / {total}"},
    "back": {"fi": "← Takaisin"},
    "skip": {"fi": "Ohita"},
    "next": {"fi": "Seuraava →"},
    "bursts_seen": {"fi": "Tähän kierrokseen tuli poikkeuksellisen paljon vastauksia lyhyessä "
                          "ajassa, ja osa torjuttiin: {days}. Jos joku lähetti samoja "
                          "vastauksia monta kertaa, voit poistaa kierroksen vastauksineen."},
    "burst_day": {"fi": "{date} ({n} torjuttu)"},
    "text_too_long": {"fi": "Tekstissä on {n} merkkiä. Siihen mahtuu {k}. Lyhennä tekstiä, "
                            "niin pääset eteenpäin."},
    "burst_wait": {"fi": "Vastauksia tulee juuri nyt tavallista enemmän. Vastauksesi ovat "
                         "vielä tallessa tällä sivulla. Odota hetki ja paina Lähetä vastaus uudelleen."},
    "answer_needed": {"fi": "Valitse vastaus, niin pääset eteenpäin."},
    "optional_hint": {"fi": "Tähän ei ole pakko vastata."},
    "listen": {"fi": "Kuuntele"},
    "no_voice": {"fi": "Tällä laitteella ei ole puheääntä tälle kielelle."},
    "review_title": {"fi": "Valmis!"},
    "review_body": {"fi": "Olet vastannut kaikkiin kysymyksiin. Lähetä vastauksesi."},
    "review_missing": {"fi": "Vastaa vielä näihin kysymyksiin: {which}"},
    "go_to_question": {"fi": "Kysymys {n}"},
    "thanks_next": {"fi": "Seuraava vastaaja voi aloittaa {s} sekunnin kuluttua."},
    "start_over": {"fi": "Seuraava vastaaja"},
    "already_title": {"fi": "Olet jo vastannut"},
    "already_body": {"fi": "Kiitos! Tähän kyselyyn voi vastata kerran."},
    "idle_title": {"fi": "Oletko vielä siellä?"},
    "idle_body": {"fi": "Vastaus tyhjennetään {s} sekunnin kuluttua."},
    "idle_continue": {"fi": "Jatka vastaamista"},
    "text_limit": {"fi": "Enintään {n} merkkiä."},
    "kiosk_exit": {"fi": "Henkilöstölle"},
    "kiosk_pin": {"fi": "Kioskitilan PIN-koodi"},
    "kiosk_pin_wrong": {"fi": "Väärä PIN-koodi."},
    "kiosk_left": {"fi": "Kioskitila lopetettu tässä selaimessa."},
    "kiosk_leave": {"fi": "Lopeta kioskitila"},
    "cancel": {"fi": "Peruuta"},
})

# -- QR poster (raati/poster.py) and its download button on the rounds page ---------------
MESSAGES.update({
    "download_poster": {"fi": "Lataa QR-juliste (A4, PDF)"},
    "poster_call": {"fi": "Vastaa kyselyyn puhelimellasi"},
    "poster_scan": {"fi": "Avaa puhelimen kamera. Osoita kameralla tätä koodia."},
    "poster_type_link": {"fi": "Tai kirjoita tämä osoite selaimeen:"},
    "poster_anonymous": {"fi": "Emme kysy nimeäsi. Kukaan ei näe, mitä sinä vastasit."},
    "poster_time": {"fi": "Vastaaminen vie noin {n} minuuttia."},
    "poster_credit": {"fi": "Kuvat: OpenMoji, CC BY-SA 4.0"},
    "poster_qr_alt": {"fi": "QR-koodi, joka avaa kyselyn"},
})

MESSAGES.update({
    "bad_pin": {"fi": "PIN-koodissa on 4–12 numeroa."},
})

MESSAGES.update({
    "kiosk_title": {"fi": "Kioskitila (pajan yhteinen tabletti)"},
    "kiosk_intro": {"fi": "Avaa tabletilla alla oleva kioskilinkki. Kiitos-näkymä palaa itsestään alkuun "
              "seuraavaa vastaajaa varten, ja kesken jäänyt vastaus tyhjennetään."},
    "kiosk_always": {"fi": "Kierroksen linkki avautuu aina kioskitilassa"},
    "kiosk_thanks_s": {"fi": "Kiitos-näkymä näkyy (sekuntia)"},
    "kiosk_idle_s": {"fi": "Kesken jäänyt vastaus tyhjennetään (sekuntia ilman kosketusta)"},
    "kiosk_new_pin": {"fi": "Uusi PIN-koodi kioskitilasta poistumiseen (tyhjä = ennallaan)"},
    "kiosk_link": {"fi": "Kioskilinkki tabletille:"},
})

MESSAGES.update({
    "nav_moderation": {"fi": "Moderointi"},
    "moderation_title": {"fi": "Avointen vastausten moderointi"},
    "moderation_intro": {"fi": "Avoimet vastaukset näkyvät muille (tulokset, esitykset, raportit) vasta, kun "
              "hyväksyt ne. Henkilötiedot on peitetty ehdotukseen valmiiksi; voit muokata "
              "tekstiä ennen hyväksymistä tai piilottaa sen."},
    "mod_filter": {"fi": "Näytä"},
    "mod_pending": {"fi": "odottaa"},
    "mod_approved": {"fi": "hyväksytty"},
    "mod_hidden": {"fi": "piilotettu"},
    "mod_original": {"fi": "Alkuperäinen (vain moderoijalle)"},
    "mod_shown": {"fi": "Näin teksti näytetään muille"},
    "mod_approve": {"fi": "Hyväksy"},
    "mod_hide": {"fi": "Piilota"},
    "mod_edit": {"fi": "Muokkaa"},
    "mod_none": {"fi": "Ei tekstejä tällä valinnalla."},
    "mod_counts": {"fi": "{pending} odottaa · {approved} hyväksytty · {hidden} piilotettu"},
    "mod_comment_of": {"fi": "Kerro lisää -kommentti kysymykseen"},
})

MESSAGES.update({
    "filter_periods": {"fi": "Kierrokset / ajanjaksot"},
    "filter_lang": {"fi": "Vastauskieli"},
    "all_languages": {"fi": "kaikki kielet"},
    "left_out": {"fi": "{n} vastausta ei ole mukana luvuissa: ryhmät, joissa on alle {k} vastaajaa, "
              "ja uusimmat vastaukset, kunnes niitä on tullut vähintään {k} lisää (jotta "
              "ketään ei voi tunnistaa)."},
    "fewer_than": {"fi": "Alle {k}"},
    "rate": {"fi": "Vastausprosentti {rate} ({n} / {expected})"},
    "weakest": {"fi": "Heikoimmat"},
    "strongest": {"fi": "Vahvimmat"},
    "theme_line": {"fi": "{q} – {p} vastasi 3–4"},
    "tab_overview": {"fi": "Yleiskuva"},
    "tab_rounds": {"fi": "Muutos kierrosten välillä"},
    "tab_units": {"fi": "Yksiköt rinnakkain"},
    "tab_texts": {"fi": "Mitä kirjoitettiin"},
    "tab_reports": {"fi": "Raportit ja viennit"},
    "compare_from": {"fi": "Vertaa kierrosta"},
    "compare_to": {"fi": "kierrokseen"},
    "change_rule": {"fi": "Muutos merkitään vain, kun se on todellinen: 3–4-vastausten osuuksien eron 95 %:n "
              "luottamusväli (Newcomben menetelmä, Bonferroni-korjattu kysymysten määrällä) "
              "ei sisällä nollaa."},
    "changed_up": {"fi": "▲ {q}: {a} → {b}"},
    "changed_down": {"fi": "▼ {q}: {a} → {b}"},
    "no_real_change": {"fi": "Ei todellisia muutoksia – erot mahtuvat satunnaisvaihteluun."},
    "need_two_rounds": {"fi": "Vertailuun tarvitaan kaksi kierrosta."},
    "keywords": {"fi": "Yleisimmät sanat"},
    "word_cloud_alt": {"fi": "Sanapilvi avoimista vastauksista"},
    "texts_waiting": {"fi": "{n} tekstiä odottaa moderointia."},
    "kwic": {"fi": "Sana lauseyhteydessään"},
    "download_pdf": {"fi": "Lataa raportti (PDF)"},
    "download_pptx": {"fi": "Lataa esitys (PowerPoint)"},
    "download_agg_csv": {"fi": "Lataa koostetut tulokset (CSV)"},
    "col_high_ci": {"fi": "3–4 (95 % luottamusväli)"},
})

# -- issue 11: rounds (open once, confirm closing, reopen), the public address of links
# and QR codes, moderation (filters, paging, approve all shown)
MESSAGES.update({
    "round_duplicate": {"fi": "Samanniminen kierros on jo avattu tänään tälle kyselylle ja yksikölle "
              "(kierros {id}). Uutta kierrosta ei avattu. Käytä sitä, tai anna uudelle "
              "kierrokselle eri nimi."},
    "round_opened_named": {"fi": "Kierros {name} avattu. Vastauslinkki:"},
    "close_round_confirm": {"fi": "Päätetäänkö kierros {name}? Sen linkki ja QR-koodi eivät ota vastauksia "
              "tästä päivästä alkaen. Voit avata kierroksen myöhemmin uudelleen."},
    "close_round_yes": {"fi": "Kyllä, päätä kierros"},
    "reopen_round": {"fi": "Avaa kierros uudelleen"},
    "round_reopened_done": {"fi": "Kierros avattu uudelleen: linkki ja QR-koodi ottavat taas vastauksia."},
    "link_loopback": {"fi": "Tämä linkki ja QR-koodi osoittavat osoitteeseen {host}, joka toimii vain "
              "tällä samalla tietokoneella. Puhelimella QR-koodi ei avaudu. Korjaa näin: "
              "pääkäyttäjä asettaa sovelluksen julkisen osoitteen Käyttäjät-sivulla, tai "
              "palvelimelle asetetaan RAATI_BASE_URL, tai avaa tämä sivu sovelluksen "
              "julkisesta osoitteesta."},
    "link_private": {"fi": "Tämä linkki ja QR-koodi osoittavat osoitteeseen {host}, joka toimii vain "
              "samassa verkossa (esimerkiksi työpaikan Wi-Fi). Puhelimen omalla "
              "mobiiliyhteydellä se ei avaudu. Jos vastaajia on verkon ulkopuolella, "
              "pääkäyttäjä asettaa julkisen osoitteen Käyttäjät-sivulla."},
    "base_url_in_use": {"fi": "Linkkien ja QR-koodien osoite: {url} ({source})"},
    "base_source_env": {"fi": "palvelimen ympäristömuuttujasta RAATI_BASE_URL"},
    "base_source_stored": {"fi": "pääkäyttäjän asettama"},
    "base_source_browser": {"fi": "tämän selaimen osoiterivistä"},
    "base_source_default": {"fi": "oletus"},
    "base_url_title": {"fi": "Sovelluksen julkinen osoite"},
    "base_url_intro": {"fi": "Osoite, josta asiakkaat avaavat sovelluksen omalla puhelimellaan. Sitä "
              "käytetään vastauslinkeissä, QR-koodeissa ja julisteissa. Esimerkki: "
              "https://raati.kunta.fi. Järjestys: palvelimen RAATI_BASE_URL, jos se on "
              "asetettu; muuten tässä tallennettu osoite; muuten selaimen osoite."},
    "base_url_label": {"fi": "Julkinen osoite (http:// tai https://)"},
    "base_url_env_wins": {"fi": "Palvelimella on asetettu RAATI_BASE_URL = {url}. Se on etusijalla: tässä "
              "tallennettu osoite otetaan käyttöön vasta, kun muuttuja poistetaan."},
    "base_url_saved": {"fi": "Julkinen osoite tallennettu."},
    "base_url_cleared": {"fi": "Tallennettu osoite poistettu."},
    "base_url_clear": {"fi": "Poista tallennettu osoite"},
    "base_url_bad_scheme": {"fi": "Osoitteen pitää alkaa http:// tai https://, esimerkiksi https://raati.kunta.fi."},
    "base_url_no_host": {"fi": "Osoitteesta puuttuu palvelimen nimi, esimerkiksi https://raati.kunta.fi."},
    "base_url_bad_part": {"fi": "Osoitteessa ei saa olla välilyöntejä, käyttäjätunnusta tai salasanaa, "
              "?-osaa eikä #-osaa. Anna vain alku, esimerkiksi https://raati.kunta.fi."},
    "base_url_too_long": {"fi": "Osoite on liian pitkä (enintään {n} merkkiä)."},
    "mod_filter_status": {"fi": "Tila"},
    "mod_filter_unit": {"fi": "Yksikkö"},
    "mod_filter_round": {"fi": "Kierros tai kuukausi"},
    "mod_filter_question": {"fi": "Kysymys"},
    "mod_all": {"fi": "kaikki"},
    "mod_month": {"fi": "{month} (ilman kierrosta)"},
    "mod_where": {"fi": "Yksikkö: {unit} · Kierros: {round}"},
    "mod_question_line": {"fi": "Kysymys: {q}"},
    "mod_page": {"fi": "Sivu"},
    "mod_showing": {"fi": "Näytetään {first}–{last} / {total}. {more} lisää muilla sivuilla."},
    "mod_showing_all": {"fi": "Näytetään kaikki {total}."},
    "mod_approve_all": {"fi": "Hyväksy kaikki näytetyt ({n})"},
    "mod_approve_all_confirm": {"fi": "Hyväksytäänkö {n} näytettyä tekstiä sellaisina kuin ne näkyvät laatikoissa "
              "(henkilötiedot peitettyinä)? Ne näkyvät sen jälkeen tuloksissa ja raporteissa."},
    "mod_approve_all_yes": {"fi": "Kyllä, hyväksy {n}"},
    "mod_approved_n": {"fi": "{n} tekstiä hyväksytty."},
    "mod_decided_elsewhere": {"fi": "Tästä tekstistä oli jo päätetty (ehkä toinen moderoija). Näet nyt sen tilan."},
})

# -- issue 11: results details (tables without "None", the round comparison's default,
# the reports' period, units and comparison)
MESSAGES.update({
    "fewer_answers": {"fi": "alle {k} vastausta"},
    "cell_share_n": {"fi": "{p} (n = {n})"},
    "col_share_high_of": {"fi": "{name}: 3–4"},
    "col_change": {"fi": "Muutos"},
    "change_real": {"fi": "{d} %-yks. – todellinen muutos"},
    "change_chance": {"fi": "{d} %-yks. – mahtuu satunnaisvaihteluun"},
    "change_none": {"fi": "ei vertailtavissa"},
    "cells_note": {"fi": "Solussa on 3–4-vastausten osuus ja vastaajien määrä (n). ”Alle {k} "
              "vastausta”: vastaajia on liian vähän, jotta tuloksen voisi näyttää."},
    "cmp_unit": {"fi": "Yksikkö, jonka kierroksia verrataan"},
    "only_one_round": {"fi": "Yksiköllä {unit} on vain yksi kierros ({round}). Vertailuun tarvitaan kaksi "
              "saman yksikön kierrosta."},
    "rep_scope": {"fi": "Raporttiin tulee: yksiköt {units} · ajanjakso {period}"},
    "rep_rate": {"fi": "Vastausprosentti lasketaan kierrosten odotetuista vastaajista "
                       "({n})."},
    "rep_compare": {"fi": "Vertailu raportissa"},
    "rep_compare_none": {"fi": "Ei vertailua"},
    "rep_compare_units": {"fi": "Yksiköt rinnakkain"},
    "rep_compare_rounds": {"fi": "Kierrokset rinnakkain"},
    "rep_title": {"fi": "Lisärivi otsikon alle (esim. Kevät 2026)"},
    "rep_too_many": {"fi": "Vertailuun tulisi {n} ryhmää, mutta rinnakkain mahtuu enintään {m}. Valitse "
              "yllä yksikkö tai kierrokset, tai valitse toinen vertailu."},
})

# -- issue 11: client screens (start screen, review and thank-you pictures, kiosk PIN) --
MESSAGES.update({
    "review_picture_alt": {"fi": "Vihreä merkki: valmis"},
    "thanks_picture_alt": {"fi": "Peukku ylös: kiitos"},
    "kiosk_pin_locked": {"fi": "Liian monta väärää PIN-koodia. Odota {s} s ja yritä sitten uudelleen."},
    "kiosk_closed_title": {"fi": "Kioskitila on suljettu"},
    "kiosk_closed_body": {"fi": "Tällä laitteella ei nyt vastata kyselyyn. Henkilöstö voi avata kioskitilan "
              "uudelleen: avaa kierroksen kioskilinkki Keruukierrokset-sivulta."},
})

# -- issue 11: languages beyond fi/sv/en ----------------------------------------------------
# The words of the default 1–4 scale (raati.surveys.DEFAULT_SCALE) in every catalogue
# language, so that a survey in Arabic without its own `scale` gets Arabic words.
MESSAGES.update({
    "scale_1": {"fi": "Ei lainkaan"},
    "scale_2": {"fi": "Ei juurikaan"},
    "scale_3": {"fi": "Melko hyvin"},
    "scale_4": {"fi": "Erittäin hyvin"},
    # -- issue 12: client panel sessions, staff pages --------------------------------------
    "import_choose_file": {"fi": "Valitse ensin tiedosto."},
    "nav_panels": {"fi": "Raadit"},
    "nav_panel_screen": {"fi": "Raatinäyttö"},
    "panels_title": {"fi": "Asiakasraadit"},
    "panels_intro": {"fi": "Avaa raati, näytä raatinäyttö yhteisellä näytöllä ja ohjaa "
                     "raatia täältä: hyväksy ideat, vaihda vaihetta, tee ehdotukset."},
    "panel_none_yet": {"fi": "Ei vielä raateja. Avaa ensimmäinen yllä."},
    "panels_open": {"fi": "Avaa uusi raati"},
    "panels_session_title": {"fi": "Raadin aihe"},
    "panels_title_example": {"fi": "Esim. Mitä muutetaan syksyllä?"},
    "panels_prompts": {"fi": "Keskustelun aiheet (yksi riville, valinnainen)"},
    "panels_prompts_help": {"fi": "Näkyvät kaikille puhelimissa ja näytöllä. Kirjoita "
                            "selkokielellä."},
    "panels_votes": {"fi": "Pisteitä henkilöä kohden"},
    "panels_max_per_idea": {"fi": "Enintään pisteitä yhdelle idealle"},
    "panels_moderation": {"fi": "Ideoiden tarkistus"},
    "panels_moderation_pre": {"fi": "Ohjaaja hyväksyy ennen näyttöä"},
    "panels_moderation_post": {"fi": "Heti näytölle, ohjaaja voi piilottaa"},
    "panels_open_button": {"fi": "Avaa raati"},
    "panels_opened": {"fi": "Raati avattu. Liittymiskoodi: {code}"},
    "panels_title_needed": {"fi": "Anna raadille aihe (enintään 120 merkkiä)."},
    "panels_max_over_votes": {"fi": "Yhdelle idealle ei voi antaa enemmän pisteitä kuin "
                              "henkilöllä on."},
    "panels_too_many_prompts": {"fi": "Enintään {n} keskustelun aihetta."},
    "panels_col_title": {"fi": "Aihe"},
    "panels_col_phase": {"fi": "Vaihe"},
    "panels_col_people": {"fi": "Osallistujia"},
    "panels_col_date": {"fi": "Päivä"},
    "panels_col_code": {"fi": "Koodi"},
    "panels_phase_ideas": {"fi": "ideat"},
    "panels_phase_voting": {"fi": "äänestys"},
    "panels_phase_results": {"fi": "tulokset"},
    "panels_phase_closed": {"fi": "päättynyt"},
    "panels_pick": {"fi": "Ohjattava raati"},
    "panels_join_line": {"fi": "Liittyminen: QR-koodi tai koodi **{code}** Raadin "
                         "etusivulla."},
    "panels_open_screen": {"fi": "Avaa raatinäyttö (yhteinen näyttö)"},
    "panels_status_line": {"fi": "Vaihe: {phase} · {n} liittynyt · {waiting} odottaa · "
                           "{approved} näytöllä · {hidden} piilotettu"},
    "panels_to_voting": {"fi": "Aloita äänestys"},
    "panels_to_results": {"fi": "Näytä tulokset"},
    "panels_to_closed": {"fi": "Päätä raati"},
    "panels_back_to_ideas": {"fi": "Takaisin ideoihin"},
    "panels_back_to_voting": {"fi": "Takaisin äänestykseen"},
    "panels_close_confirm": {"fi": "Päätetäänkö raati? Sen jälkeen ideoita ja pisteitä ei "
                             "voi enää lisätä, ja tieto siitä, mikä laite äänesti mitä, "
                             "poistetaan. Tulokset ja ehdotukset jäävät."},
    "panels_close_yes": {"fi": "Kyllä, päätä raati"},
    "panels_tab_ideas": {"fi": "Ideat"},
    "panels_tab_proposals": {"fi": "Ehdotukset"},
    "panels_tab_export": {"fi": "Vienti"},
    "panels_add_idea": {"fi": "Lisää ääneen sanottu tai paperille kirjoitettu idea"},
    "panels_add_idea_help": {"fi": "Näkyy heti näytöllä. Älä kirjoita nimiä."},
    "panels_add_idea_button": {"fi": "Lisää idea"},
    "panels_waiting": {"fi": "Odottaa hyväksyntää ({n})"},
    "panels_approve_all": {"fi": "Hyväksy kaikki {n}"},
    "panels_masked": {"fi": "Ehdotus, jossa henkilötiedot on peitetty (tämä hyväksytään):"},
    "panels_edit": {"fi": "Muokkaa"},
    "panels_edit_text": {"fi": "Idea näytöllä"},
    "panels_on_screen": {"fi": "Näytöllä ({n})"},
    "panels_group_title": {"fi": "Yhdistä samankaltaiset ideat ryhmäksi"},
    "panels_group_ideas": {"fi": "Ideat"},
    "panels_group_name": {"fi": "Ryhmän nimi"},
    "panels_group_help": {"fi": "Ryhmä saa ideoidensa pisteet yhteen. Tyhjä nimi purkaa "
                          "ryhmän."},
    "panels_group_button": {"fi": "Tallenna ryhmä"},
    "panels_hidden": {"fi": "Piilotetut ({n})"},
    "panels_restore": {"fi": "Palauta"},
    "panels_proposals_intro": {"fi": "Tee eniten pisteitä saaneista ideoista ehdotuksia "
                               "selkokielellä. Ehdotuksiin vastataan toimenpiteillä."},
    "panels_proposal_ideas": {"fi": "Ideat, joista ehdotus tulee"},
    "panels_proposal_text": {"fi": "Ehdotus selkokielellä"},
    "panels_proposal_help": {"fi": "Lyhyt lause, esim. Tauot pidemmiksi."},
    "panels_proposal_button": {"fi": "Lisää ehdotus"},
    "panels_proposal_added": {"fi": "Ehdotus lisätty."},
    "panels_proposal_delete": {"fi": "Poista ehdotus"},
    "panels_export_json": {"fi": "Lataa tulos (JSON)"},
    "panels_export_csv": {"fi": "Lataa tulos (CSV Exceliin)"},
    "panels_delete": {"fi": "Poista raati"},
    "panels_delete_confirm": {"fi": "Poistetaanko raati ideoineen ja ehdotuksineen pysyvästi?"},
    "panels_delete_yes": {"fi": "Kyllä, poista"},
    "panels_report_pdf": {"fi": "Lataa raportti (PDF)"},
    "panels_report_pptx": {"fi": "Lataa esitys (PowerPoint)"},
    "panels_kiosk": {"fi": "Jaettu tabletti (kioski)"},
    "panels_kiosk_help": {"fi": "Avaa tämä linkki työpajan yhteisellä tabletilla. Jokainen käyttäjä saa omat "
              "pisteensä, kun painaa Seuraava henkilö. Älä jaa tätä linkkiä puhelimiin: "
              "puhelimet liittyvät koodilla."},
    "panels_options": {"fi": "Raadin asetukset"},
    "panels_results_public": {"fi": "Liittymiskoodi näyttää ideat ja pisteet myös raadin päätyttyä"},
    "panels_results_public_help": {"fi": "Muuten päättynyt raati näyttää asiakkaille vain kiitoksen ja ehdotukset."},
    "panels_retention_on": {"fi": "Poista ideoiden tekstit säilytysajan jälkeen"},
    "panels_retention": {"fi": "Säilytysaika: päiviä raadin päättymisestä"},
    "panels_retention_help": {"fi": "Tyhjä: tekstit säilyvät, kunnes raati poistetaan. Pisteet, ryhmät ja "
              "ehdotukset säilyvät aina."},
    "panels_options_save": {"fi": "Tallenna asetukset"},
    "panels_options_saved": {"fi": "Asetukset tallennettu."},
    "panel_retention_range": {"fi": "Säilytysaika on 0–3650 päivää."},
    "panels_texts_purged": {"fi": "Ideoiden tekstit poistettiin säilytysajan päätyttyä {date}."},
    "panel_screen_title": {"fi": "Raatinäyttö"},
    "panel_screen_choose": {"fi": "Näytettävä raati"},
    "panel_screen_session": {"fi": "Raati"},
    "panel_screen_f11": {"fi": "Koko näyttö: paina F11."},
    "panel_screen_qr_alt": {"fi": "QR-koodi raatiin liittymiseen"},
    "panel_screen_joined": {"fi": "{n} mukana"},
    "panel_screen_ideas_n": {"fi": "{n} ideaa"},
    "panel_screen_dots": {"fi": "{n} pistettä annettu · äänestäneitä {v}"},
    "panel_screen_more": {"fi": "+ {n} muuta ideaa"},
    "panel_screen_more_one": {"fi": "+ {n} muu idea"},
    "panel_screen_go_to": {"fi": "tai mene osoitteeseen"},
    "panel_screen_type_code": {"fi": "ja kirjoita koodi"},
    # -- issue 12: a session's starting themes from a survey round ------------------------
    "panels_round": {"fi": "Lähtökohdaksi kyselykierroksen tulokset (valinnainen)"},
    "panels_round_help": {"fi": "Kierroksen heikoimmat ja vahvimmat teemat näkyvät raatinäytöllä "
                          "ja puhelimissa keskustelun pohjana. Vain kierrokset, joissa on "
                          "tarpeeksi vastauksia, antavat teemoja."},
    "panels_round_none": {"fi": "Ei kierrosta"},
    "panels_themes_pick": {"fi": "Teemat mukaan (poista rasti, jos et halua teemaa)"},
    "panels_theme_weak": {"fi": "Heikko: {q} ({p} vastasi 1–2, n = {n})"},
    "panels_theme_strong": {"fi": "Vahva: {q} ({p} vastasi 3–4, n = {n})"},
    "panels_proposal_groups": {"fi": "Ryhmät, joista ehdotus tulee"},
    "panels_proposal_groups_help": {"fi": "Ryhmän kaikki ideat tulevat ehdotukseen, ja "
                                    "ehdotus saa ryhmän pisteet."},
    "panels_session_themes": {"fi": "Lähtökohdat kyselystä ({n})"},
    "panel_themes_too_small": {"fi": "Kierroksella on alle {k} vastausta, joten siitä ei näytetä "
                               "teemoja (vähimmäisryhmä {k}, kuten tuloksissa)."},
    "panel_themes_none": {"fi": "Kierroksella ei ole tarpeeksi asteikkokysymyksiä, joihin on "
                          "vähintään {k} vastausta, heikoimpien ja vahvimpien teemojen "
                          "nimeämiseen."},
    "panel_round_not_found": {"fi": "Kierrosta ei löytynyt. Se on ehkä poistettu."},
    "panel_round_other_unit": {"fi": "Kierros on toisen yksikön. Raati voi lähteä vain oman "
                               "yksikkönsä tuloksista."},
    "panel_screen_themes": {"fi": "Mitä tehdään näille?"},
    "panel_screen_theme_weak": {"fi": "Kehitettävää"},
    "panel_screen_theme_strong": {"fi": "Toimii hyvin"},
    # -- issue 12: client panel sessions, the client's page ------------------------------
    "panel_word": {"fi": "Asiakasraati"},
    "panel_join_title": {"fi": "Liity asiakasraatiin"},
    "panel_join_label": {"fi": "Raadin koodi (6 merkkiä)"},
    "panel_join_help": {"fi": "Koodi näkyy yhteisellä näytöllä. Voit kirjoittaa isoilla tai "
                        "pienillä kirjaimilla."},
    "panel_join_button": {"fi": "Liity"},
    "panel_code_wrong": {"fi": "Koodilla ei löytynyt raatia. Tarkista koodi näytöltä."},
    "panel_anonymous": {"fi": "Osallistut nimettömästi. Kukaan ei näe, kuka kirjoitti idean "
                        "tai antoi pisteen."},
    "panel_prompts": {"fi": "Mietitään yhdessä"},
    "panel_idea_label": {"fi": "Sinun ideasi"},
    "panel_idea_help": {"fi": "Kirjoita lyhyesti, mitä pitäisi muuttaa tai mikä on hyvää. "
                        "Älä kirjoita nimiä. Enintään {n} merkkiä."},
    "panel_idea_send": {"fi": "Lähetä idea"},
    "panel_idea_sent_waiting": {"fi": "Kiitos! Ideasi näkyy näytöllä, kun ohjaaja on "
                                "katsonut sen."},
    "panel_idea_sent_shown": {"fi": "Kiitos! Ideasi näkyy nyt näytöllä."},
    "panel_your_ideas": {"fi": "Sinun ideasi"},
    "panel_state_waiting": {"fi": "odottaa"},
    "panel_state_approved": {"fi": "näytöllä"},
    "panel_state_hidden": {"fi": "ei näytetä"},
    "panel_ideas_shown": {"fi": "Ideat näytöllä"},
    "panel_no_ideas": {"fi": "Ei vielä ideoita."},
    "panel_voting_title": {"fi": "Äänestä pisteillä"},
    "panel_voting_help": {"fi": "Anna pisteesi ideoille, jotka ovat sinusta tärkeimmät. "
                          "Voit ottaa pisteen pois."},
    "panel_dots_left": {"fi": "Pisteitä jäljellä: {n} / {total}"},
    "panel_add_dot": {"fi": "Anna piste"},
    "panel_remove_dot": {"fi": "Ota piste pois"},
    "panel_your_dots": {"fi": "Sinun pisteesi: {n}"},
    "panel_wait_title": {"fi": "Odotetaan hetki"},
    "panel_wait_body": {"fi": "Ideoiden kirjoitus on päättynyt. Äänestys alkaa pian. Tämä "
                        "sivu päivittyy itse."},
    "panel_results_title": {"fi": "Tulokset"},
    "panel_votes_n": {"fi": "{n} pistettä"},
    "panel_proposals": {"fi": "Ehdotukset"},
    "panel_closed_title": {"fi": "Raati on päättynyt"},
    "panel_closed_body": {"fi": "Kiitos, että olit mukana! Kerromme, mitä ehdotuksille "
                          "tehdään."},
    "panel_actions_title": {"fi": "Näin ehdotuksille on tehty"},
    "panel_not_voting": {"fi": "Äänestys ei ole nyt auki."},
    "panel_no_dots_left": {"fi": "Kaikki {n} pistettäsi on käytetty. Ota ensin yksi pois."},
    "panel_idea_full": {"fi": "Yhdelle idealle voi antaa enintään {k} pistettä."},
    "panel_no_more_ideas": {"fi": "Uusia ideoita ei nyt oteta vastaan."},
    "panel_idea_empty": {"fi": "Kirjoita ensin idea."},
    "panel_idea_too_long": {"fi": "Idea on liian pitkä ({n} merkkiä). Lyhennä se {k} "
                            "merkkiin."},
    "panel_idea_not_found": {"fi": "Tätä ideaa ei ole enää näytöllä."},
    "panel_closed": {"fi": "Raati on päättynyt."},
    "panel_refused": {"fi": "Tämä ei onnistunut. Yritä uudelleen."},
    "panel_not_found": {"fi": "Raatia ei löytynyt."},
    "panel_idea_changed": {"fi": "Joku muu ehti jo käsitellä tämän idean."},
})

# The panel section of the reports (analysis.report, staff and decision makers).
MESSAGES.update({
    "rep_panel_kicker": {"fi": "Asiakasraati"},
    "rep_panel_meta": {"fi": "Yksikkö: {unit} · {date}"},
    "rep_panel_counts": {"fi": "Osallistujia {n} · annettuja pisteitä {dots} (kullakin {k}) · "
                               "ideoita {ideas}"},
    "rep_panel_ranked": {"fi": "Ideat pisteiden mukaan"},
    "rep_panel_ranked_note": {"fi": "Vain hyväksytyt ideat. Samankaltaiset ideat on ryhmitelty: ryhmä saa ideoidensa "
              "yhteiset pisteet."},
    "rep_panel_dots": {"fi": "Pisteet"},
    "rep_panel_proposals": {"fi": "Ehdotukset"},
    "rep_panel_proposal_item": {"fi": "{text} ({n} pistettä)"},
    "rep_panel_no_ideas": {"fi": "Ei hyväksyttyjä ideoita."},
    "rep_panel_no_proposals": {"fi": "Ehdotuksia ei ole tehty."},
    "rep_panel_purged": {"fi": "Ideoiden tekstit poistettiin säilytysajan jälkeen {date}. Pisteet, ryhmien nimet "
              "ja ehdotukset säilyvät."},
    "rep_panel_idea_n": {"fi": "Idea {n}"},
    "rep_panel_group_n": {"fi": "{group} ({n} ideaa)"},
    "rep_panel_not_closed": {"fi": "Raati on vielä kesken: luvut voivat muuttua."},
})

# Plain-language hints while writing a survey (analysis.writing_hints, issue 15; staff).
MESSAGES.update({
    "hint_long_sentence": {"fi": "Virkkeessä on {n} sanaa. Selkokielessä alle 15 sanan virke on helpompi."},
    "hint_long_word_one": {"fi": "Pitkä sana: {words}. Voisiko sen sanoa lyhyemmin tai kahdella sanalla?"},
    "hint_long_word": {"fi": "Pitkiä sanoja: {words}. Voisiko ne sanoa lyhyemmin tai kahdella sanalla?"},
    "hint_passive": {"fi": "Passiivi ({words}): sano, kuka tekee – esimerkiksi ”me suunnittelemme”."},
    "hint_two_questions": {"fi": "Tässä kysytään kahta asiaa. Tee niistä kaksi kysymystä."},
    "hint_negation": {"fi": "Kieltosana ({words}) tekee tekstistä vaikeamman. Voisiko sen sanoa "
              "myönteisesti?"},
    "hint_yes_no_on_scale": {"fi": "Tähän voi vastata kyllä tai ei, mutta asteikko on 1–4. Kysy ”Kuinka hyvin…” "
              "tai kirjoita väite."},
    "measure_line_one": {"fi": "{n} sana pisimmässä virkkeessä · pisin sana {letters} kirjainta"},
    "measure_line": {"fi": "{n} sanaa pisimmässä virkkeessä · pisin sana {letters} kirjainta"},
})

# The texts a client sees (answer page, its notices and kiosk, the QR poster): every
# language of CLIENT_LANGUAGES must translate all of them (tests/test_i18n_catalogues.py).
# Staff pages are in UI_LANGUAGES only; in another language they fall back to English.
CLIENT_KEYS = frozenset({
    "choose_language", "anonymous_note", "question_n", "optional", "tell_more", "no_names",
    "choose_any", "grade_help", "submit", "missing_answers", "thanks_title", "thanks_body",
    "not_found_title", "not_found_body", "closed_title", "closed_body", "not_open_title",
    "not_open_body", "unavailable_title", "unavailable_body", "save_failed", "start_button",
    "choose_your_language", "settings", "easy_switch", "big_text_switch", "contrast_switch",
    "progress", "back", "skip", "next", "text_too_long", "burst_wait", "answer_needed",
    "optional_hint", "listen", "no_voice", "review_title", "review_body", "review_missing",
    "go_to_question", "thanks_next", "start_over", "already_title", "already_body",
    "idle_title", "idle_body", "idle_continue", "text_limit", "kiosk_exit", "kiosk_pin",
    "kiosk_pin_wrong", "kiosk_left", "kiosk_leave", "cancel", "poster_call", "poster_scan",
    "poster_type_link", "poster_anonymous", "poster_time", "poster_credit", "poster_qr_alt",
    "scale_1", "scale_2", "scale_3", "scale_4", "review_picture_alt", "thanks_picture_alt",
    "kiosk_pin_locked", "kiosk_closed_title", "kiosk_closed_body",
    # issue 12: the client panel page
    "panel_word", "panel_join_title", "panel_join_label", "panel_join_help",
    "panel_join_button", "panel_code_wrong", "panel_anonymous", "panel_prompts",
    "panel_idea_label", "panel_idea_help", "panel_idea_send", "panel_idea_sent_waiting",
    "panel_idea_sent_shown", "panel_your_ideas", "panel_state_waiting", "panel_state_approved",
    "panel_state_hidden", "panel_ideas_shown", "panel_no_ideas", "panel_voting_title",
    "panel_voting_help", "panel_dots_left", "panel_add_dot", "panel_remove_dot",
    "panel_your_dots", "panel_wait_title", "panel_wait_body", "panel_results_title",
    "panel_votes_n", "panel_proposals", "panel_closed_title", "panel_closed_body",
    "panel_not_voting", "panel_no_dots_left", "panel_idea_full", "panel_no_more_ideas",
    "panel_idea_empty", "panel_idea_too_long", "panel_idea_not_found", "panel_closed",
    "panel_refused", "panel_not_found", "panel_idea_changed", "panel_actions_title",
})

# -- issue 12: the client panel page's kiosk ("pass the tablet"), idea counter, and the
# singular forms of count texts (t(): "<key>_one" is used when the count is 1) ------------
MESSAGES.update({
    "panel_next_person": {"fi": "Seuraava henkilö"},
    "panel_kiosk_note": {"fi": "Tämä on yhteinen tabletti. Kun olet valmis, paina Seuraava henkilö. Silloin "
              "näyttö tyhjenee ja seuraava saa omat pisteensä."},
    "panel_next_ready": {"fi": "Näyttö on tyhjennetty. Seuraava henkilö voi aloittaa."},
    "panel_idle_body": {"fi": "Näyttö tyhjennetään seuraavalle henkilölle {s} sekunnin kuluttua."},
    "panel_idle_continue": {"fi": "Jatka"},
    "panel_idea_over": {"fi": "Liian pitkä. Lyhennä ennen lähettämistä."},
    "panel_votes_n_one": {"fi": "{n} piste"},
    "panel_no_dots_left_one": {"fi": "Pisteesi on käytetty. Ota se ensin pois."},
    "panel_idea_full_one": {"fi": "Yhdelle idealle voi antaa vain yhden pisteen."},
    # the shared screen and the staff page (fi/sv/en)
    "panel_screen_ideas_n_one": {"fi": "{n} idea"},
    "panel_screen_dots_one": {"fi": "{n} piste annettu · äänestäneitä {v}"},
    "panels_approve_all_one": {"fi": "Hyväksy odottava idea"},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "panel_next_person", "panel_kiosk_note", "panel_next_ready", "panel_idle_body",
    "panel_idle_continue", "panel_idea_over", "panel_votes_n_one", "panel_no_dots_left_one",
    "panel_idea_full_one",
}

# -- the client panel page: a survey round's themes with their kind, as on the shared
# screen (panel_screen_theme_*), so that they do not read like questions ----------------
MESSAGES.update({
    "panel_theme_weak": {"fi": "Kehitettävää"},
    "panel_theme_strong": {"fi": "Toimii hyvin"},
})
CLIENT_KEYS = CLIENT_KEYS | {"panel_theme_weak", "panel_theme_strong"}

# -- the database cannot be reached now (a PostgreSQL server down or refusing, SQLite
# locked for too long): the answer page keeps the answers to send again (save_unavailable,
# {button} = the send button's text); any page says so instead of a crash (app.py) ------
MESSAGES.update({
    "save_unavailable": {"fi": "Vastausta ei voitu tallentaa. Yhteys ei juuri nyt toimi. Vastauksesi ovat "
              "yhä tallessa tässä. Paina hetken päästä uudelleen ”{button}”."},
    "db_unavailable_title": {"fi": "Yhteys ei juuri nyt toimi"},
    "db_unavailable": {"fi": "Vika ei ole sinussa. Odota hetki ja yritä sitten uudelleen."},
    "db_retry": {"fi": "Yritä uudelleen"},
})
CLIENT_KEYS = CLIENT_KEYS | {"save_unavailable", "db_unavailable_title", "db_unavailable",
                             "db_retry"}


# -- issue 13: "you said, we did" actions: statuses (clients see them) and refusals -------
MESSAGES.update({
    "action_status_received": {"fi": "Vastaanotettu"},
    "action_status_planned": {"fi": "Suunnitteilla"},
    "action_status_in_progress": {"fi": "Työn alla"},
    "action_status_done": {"fi": "Tehty"},
    "action_status_not_possible": {"fi": "Ei mahdollista"},
    # refusals for staff (raati.actions.ActionError keys)
    "action_refused": {"fi": "Toimenpidettä ei voitu tallentaa. Yritä uudelleen."},
    "action_not_found": {"fi": "Toimenpidettä ei löytynyt."},
    "action_bad_status": {"fi": "Tuntematon tila."},
    "action_bad_due": {"fi": "Määräpäivä on annettava muodossa VVVV-KK-PP."},
    "action_bad_picture": {"fi": "Kuvaa ei löytynyt kuvakirjastosta."},
    "action_bad_days": {"fi": "Anna päivien määrä väliltä 0–{k}."},
    "action_too_long": {"fi": "Teksti on liian pitkä: {n} merkkiä, enintään {k}."},
    "action_said_needed": {"fi": "Kirjoita, mitä asiakkaat sanoivat."},
    "action_did_needed": {"fi": "Kirjoita, mitä tehdään tai tehtiin."},
    "action_note_needed": {"fi": "Kirjoita huomautus."},
    "action_responsible_needed": {"fi": "Kirjoita vastuuhenkilö."},
    "action_no_unit": {"fi": "Yksikköä {unit} ei ole."},
    "action_no_panel": {"fi": "Raatia ei löytynyt."},
    "action_no_proposal": {"fi": "Ehdotusta ei löytynyt tästä raadista."},
    "action_panel_other_unit": {"fi": "Raati on toisen yksikön."},
    "action_question_needs_survey": {"fi": "Valitse myös kysely."},
    "action_no_survey": {"fi": "Kyselyä {survey} ei ole."},
    "action_no_question": {"fi": "Kysymystä {question} ei ole tässä kyselyssä."},
    "action_survey_other_unit": {"fi": "Kyselyllä {survey} ei ole kierroksia eikä vastauksia yksikössä {unit}. Valitse "
              "kysely, jota yksikössä on käytetty."},
    # the CSV export of actions for staff (raati.action_control.csv_rows): its headers in
    # raati.action_control.CSV_COLUMNS order, the yes/no words, the sources, and the
    # fields a history entry changed
    "action_csv_id": {"fi": "Tunnus"},
    "action_csv_unit": {"fi": "Yksikkö"},
    "action_csv_said": {"fi": "Asiakkaat sanoivat"},
    "action_csv_did": {"fi": "Mitä teemme tai teimme"},
    "action_csv_status": {"fi": "Tila"},
    "action_csv_public": {"fi": "Julkinen"},
    "action_csv_responsible": {"fi": "Vastuuhenkilö tai tiimi"},
    "action_csv_due": {"fi": "Määräpäivä"},
    "action_csv_overdue": {"fi": "Myöhässä"},
    "action_csv_source": {"fi": "Lähde"},
    "action_csv_panel": {"fi": "Raati"},
    "action_csv_proposal": {"fi": "Ehdotus"},
    "action_csv_survey": {"fi": "Kysely"},
    "action_csv_question": {"fi": "Kysymys"},
    "action_csv_picture": {"fi": "Kuva"},
    "action_csv_created": {"fi": "Kirjattu"},
    "action_csv_updated": {"fi": "Muutettu"},
    "action_csv_done_on": {"fi": "Päättynyt"},
    "action_csv_history": {"fi": "Historia"},
    "action_csv_yes": {"fi": "kyllä"},
    "action_csv_no": {"fi": "ei"},
    "action_csv_from_heard": {"fi": "kuultu asiakkailta"},
    "action_csv_from_panel": {"fi": "asiakasraati"},
    "action_csv_from_survey": {"fi": "kysely"},
    "action_csv_changed": {"fi": "muutettu: {fields}"},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "action_status_received", "action_status_planned", "action_status_in_progress",
    "action_status_done", "action_status_not_possible",
}


# -- issue 13: the staff page of actions, "Kirjaa toimenpide" on results and panels -------
MESSAGES.update({
    "nav_actions": {"fi": "Toimenpiteet"},
    "actions_title": {"fi": "Toimenpiteet"},
    "actions_intro": {"fi": "Te sanoitte – me teimme: mitä asiakkaat sanoivat ja mitä sille tehdään. "
              "Julkiseksi merkityt näkyvät yksikön julkisella sivulla ja kioskissa."},
    "actions_read_only": {"fi": "Voit lukea yksikkösi toimenpiteet. Henkilökunta kirjaa ja muuttaa niitä."},
    "actions_no_units": {"fi": "Sinulla ei ole yksiköitä, joiden toimenpiteitä voisit nähdä."},
    "actions_not_allowed": {"fi": "Sinulla ei ole oikeutta muuttaa tämän yksikön toimenpiteitä."},
    "actions_filter_status": {"fi": "Tila"},
    "actions_all_statuses": {"fi": "kaikki tilat"},
    "actions_only_overdue": {"fi": "Vain myöhässä olevat"},
    "actions_count": {"fi": "{n} toimenpidettä · myöhässä {late}"},
    "actions_count_one": {"fi": "{n} toimenpide · myöhässä {late}"},
    "actions_late_warning": {"fi": "Myöhässä: {n} toimenpidettä, joiden määräpäivä on mennyt."},
    "actions_late_warning_one": {"fi": "Myöhässä: {n} toimenpide, jonka määräpäivä on mennyt."},
    "actions_overdue": {"fi": "Myöhässä (määräpäivä {date})"},
    "actions_csv": {"fi": "Lataa CSV"},
    "actions_csv_excel": {"fi": "Lataa CSV Exceliin"},
    "actions_none": {"fi": "Toimenpiteitä ei ole vielä kirjattu."},
    "actions_none_shown": {"fi": "Valinnoilla ei löytynyt toimenpiteitä."},
    "actions_said": {"fi": "Asiakkaat sanoivat"},
    "actions_did": {"fi": "Mitä teemme tai teimme"},
    "actions_said_help": {"fi": "Selkeällä kielellä, ilman nimiä. Enintään {k} merkkiä."},
    "actions_did_help": {"fi": "Selkeällä kielellä. Jos asia ei ole mahdollinen, kerro miksi. Enintään {k} "
              "merkkiä."},
    "actions_said_example": {"fi": "Tauot ovat liian lyhyitä."},
    "actions_did_example": {"fi": "Tauko on nyt 20 minuuttia."},
    "actions_status": {"fi": "Tila"},
    "actions_responsible": {"fi": "Vastuuhenkilö tai tiimi"},
    "actions_responsible_help": {"fi": "Näkyy vain henkilökunnalle, ei koskaan julkisella sivulla. Enintään {k} "
              "merkkiä."},
    "actions_due": {"fi": "Määräpäivä (valinnainen)"},
    "actions_public": {"fi": "Näytä julkisella sivulla"},
    "actions_public_help": {"fi": "Julkinen sivu (Te sanoitte – me teimme) ja kioski näyttävät, mitä asiakkaat "
              "sanoivat, mitä tehtiin, tilan ja kuvan. Vastuuhenkilöä ne eivät näytä koskaan."},
    "actions_picture": {"fi": "Kuva"},
    "actions_picture_help": {"fi": "Kuva kyselyjen kuvakirjastosta."},
    "actions_no_picture": {"fi": "ei kuvaa"},
    "actions_source": {"fi": "Mistä asia tuli"},
    "actions_source_heard": {"fi": "Kuultu"},
    "actions_source_panel": {"fi": "Raadin ehdotus"},
    "actions_source_survey": {"fi": "Kyselyn kysymys"},
    "actions_panel": {"fi": "Raati"},
    "actions_proposal": {"fi": "Ehdotus"},
    "actions_whole_panel": {"fi": "ei tiettyä ehdotusta (koko raati)"},
    "actions_question": {"fi": "Kysymys"},
    "actions_whole_survey": {"fi": "ei tiettyä kysymystä (koko kysely)"},
    "actions_no_panels": {"fi": "Tällä yksiköllä ei ole raateja."},
    "actions_no_surveys": {"fi": "Kyselyitä ei ole."},
    "actions_no_surveys_at_unit": {"fi": "Tämän yksikön kyselyillä ei ole vielä kierroksia eikä vastauksia."},
    "actions_pick_panel": {"fi": "Valitse raati."},
    "actions_pick_survey": {"fi": "Valitse kysely."},
    "actions_from_heard": {"fi": "Kuultu"},
    "actions_from_panel": {"fi": "Raati: {title}"},
    "actions_from_proposal": {"fi": "Raati: {title} – ehdotus: {proposal}"},
    "actions_from_survey": {"fi": "Kysely: {survey}"},
    "actions_from_question": {"fi": "Kysely: {survey} – {question}"},
    "actions_source_line": {"fi": "Lähde: {source}"},
    "actions_public_yes": {"fi": "Julkinen"},
    "actions_public_no": {"fi": "Ei julkinen"},
    "actions_due_line": {"fi": "Määräpäivä {date}"},
    "actions_responsible_line": {"fi": "Vastuu: {name}"},
    "actions_history": {"fi": "Historia ({n} merkintää)"},
    "actions_history_one": {"fi": "Historia ({n} merkintä)"},
    "actions_edit": {"fi": "Muokkaa"},
    "actions_note": {"fi": "Huomautus historiaan (valinnainen)"},
    "actions_note_help": {"fi": "Esimerkiksi mitä muuttui. Enintään {k} merkkiä."},
    "actions_changed": {"fi": "Toimenpide päivitetty."},
    "actions_delete": {"fi": "Poista"},
    "actions_delete_confirm": {"fi": "Poistetaanko toimenpide historioineen? Sitä ei voi palauttaa."},
    "actions_delete_yes": {"fi": "Poista toimenpide"},
    "actions_deleted": {"fi": "Toimenpide poistettu."},
    "actions_add": {"fi": "Kirjaa toimenpide"},
    "actions_prefilled": {"fi": "Lomake on täytetty valmiiksi löydöksestä. Tarkista teksti ja kirjoita, mitä "
              "tehdään."},
    "actions_save": {"fi": "Tallenna toimenpide"},
    "actions_saved": {"fi": "Toimenpide {n} tallennettu."},
    "actions_public_page": {"fi": "Julkinen sivu"},
    "actions_public_page_help": {"fi": "Tehdyt ja mahdottomiksi todetut toimenpiteet pysyvät julkisella sivulla näin "
              "monta päivää. Sivulle pääsee yksikön linkillä ilman kirjautumista."},
    "actions_days": {"fi": "{unit}: näytä tehdyt toimenpiteet julkisella sivulla (päivää)"},
    "actions_days_saved": {"fi": "Tallennettu: {unit}."},
    # results themes and panel proposals
    "actions_record": {"fi": "Kirjaa toimenpide"},
    "actions_linked": {"fi": "Toimenpiteet: {items}"},
    "actions_theme_low": {"fi": "{q}: {p} vastasi 1–2"},
    "actions_theme_high": {"fi": "{q}: {p} vastasi 3–4"},
})


# -- issue 13: the public page "Te sanoitte – me teimme" (/?u=UNIT), its kiosk cards and
# its QR poster (clients see them); the page's title in the staff route table ------------
MESSAGES.update({
    "nav_said_did": {"fi": "Te sanoitte – me teimme"},
    "said_did_title": {"fi": "Te sanoitte – me teimme"},
    "said_did_intro": {"fi": "Te kerroitte meille, mitä pitää muuttaa. Tässä näet, mitä olemme tehneet."},
    "said_did_you_said": {"fi": "Te sanoitte:"},
    "said_did_we_received": {"fi": "Me selvitämme:"},
    "said_did_we_planned": {"fi": "Suunnitelmamme:"},
    "said_did_we_in_progress": {"fi": "Me teemme:"},
    "said_did_we_done": {"fi": "Me teimme:"},
    "said_did_we_not_possible": {"fi": "Miksi emme voi:"},
    "said_did_status": {"fi": "Tilanne: {status}"},
    "said_did_empty": {"fi": "Täällä ei ole vielä mitään. Kun muutamme jotain sen perusteella, mitä "
              "sanoitte, kerromme siitä tässä."},
    "said_did_unknown_title": {"fi": "Sivua ei löytynyt"},
    "said_did_unknown_body": {"fi": "Tällä osoitteella ei löytynyt yksikköä. Tarkista osoite tai skannaa "
              "QR-koodi uudelleen."},
    "said_did_link": {"fi": "Katso, mitä olemme tehneet"},
    "said_did_poster_call": {"fi": "Katso puhelimella, mitä olemme tehneet"},
    "said_did_poster_box": {"fi": "Sivulla ei ole kenenkään nimiä. Sivun voi myös kuunnella."},
    "said_did_poster_qr_alt": {"fi": "QR-koodi, joka avaa sivun Te sanoitte – me teimme"},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "said_did_title", "said_did_intro", "said_did_you_said", "said_did_we_received",
    "said_did_we_planned", "said_did_we_in_progress", "said_did_we_done",
    "said_did_we_not_possible", "said_did_status", "said_did_empty",
    "said_did_unknown_title", "said_did_unknown_body",
    "said_did_link", "said_did_poster_call", "said_did_poster_box", "said_did_poster_qr_alt",
}

# -- issue 13: the actions section of the reports (analysis.actions_report; staff and
# decision makers, fi/sv/en) -----------------------------------------------------------
MESSAGES.update({
    "rep_actions_kicker": {"fi": "Te sanoitte – me teimme"},
    "rep_actions_title": {"fi": "Toimenpiteet"},
    "rep_actions_units": {"fi": "Yksiköt: {units}"},
    "rep_actions_counts": {"fi": "Toimenpiteitä: {n} · myöhässä: {late} · vain "
                                 "henkilökunnalle: {private}"},
    "rep_actions_by_status": {"fi": "Toimenpiteet tilan mukaan"},
    "rep_actions_series": {"fi": "Toimenpiteitä"},
    "rep_actions_list": {"fi": "Mitä sanottiin ja mitä tehtiin"},
    "rep_actions_note": {"fi": "Mukana ovat myös vain henkilökunnalle merkityt "
                               "toimenpiteet. Yksikön julkinen sivu näyttää vain julkiset."},
    "rep_actions_said": {"fi": "Asiakkaat sanoivat: {text}"},
    "rep_actions_due": {"fi": "määräpäivä {date}"},
    "rep_actions_overdue": {"fi": "myöhässä"},
    "rep_actions_private": {"fi": "vain henkilökunnalle"},
    "rep_actions_responsible": {"fi": "vastuu: {who}"},
    "rep_actions_unit": {"fi": "yksikkö: {unit}"},
    "rep_actions_from_panel": {"fi": "lähde: asiakasraati ”{panel}”, ehdotus ”{proposal}”"},
    "rep_actions_from_panel_only": {"fi": "lähde: asiakasraati ”{panel}”"},
    "rep_actions_from_survey": {"fi": "lähde: kysely ”{survey}”, kysymys ”{question}”"},
    "rep_actions_from_survey_only": {"fi": "lähde: kysely ”{survey}”"},
    "rep_actions_from_heard": {"fi": "lähde: kuultu asiakkailta"},
})

MESSAGES.update({
    "actions_poster": {"fi": "Lataa QR-juliste: {unit} (PDF)"},
})
MESSAGES.update({
    "actions_prefilled_finding": {"fi": "Löydös: {finding}. Kirjoita omin sanoin, mitä asiakkaat sanoivat (se näkyy "
              "julkisella sivulla), ja mitä tehdään."},
})

# -- issue 13, user walk: proposals that are final or answered, the form's source note,
# the unit choice, the picture thumbnails (staff); the kiosk's headings (clients) ---------
MESSAGES.update({
    "panel_proposal_closed": {"fi": "Raati on päättynyt, joten sen ehdotukset ovat lopullisia eikä niitä voi poistaa."},
    "panel_proposal_has_actions": {"fi": "Ehdotusta ei voi poistaa: siitä on kirjattu {n} toimenpidettä ({items}). "
              "Toimenpiteen lähde ei saa kadota."},
    "panel_proposal_has_actions_one": {"fi": "Ehdotusta ei voi poistaa: siitä on kirjattu toimenpide ({items}). "
              "Toimenpiteen lähde ei saa kadota."},
    "panel_proposal_not_found": {"fi": "Ehdotusta ei löytynyt. Se on ehkä jo poistettu."},
    "panels_proposal_delete_confirm": {"fi": "Poistetaanko ehdotus? Sitä ei voi palauttaa."},
    "panels_proposal_delete_yes": {"fi": "Kyllä, poista ehdotus"},
    "panels_proposal_deleted": {"fi": "Ehdotus poistettu."},
    "actions_prefilled_proposal": {"fi": "Lomake on täytetty valmiiksi raadin ehdotuksesta. Tarkista teksti ja kirjoita, "
              "mitä tehdään."},
    "actions_add_unit": {"fi": "Yksikkö, jolle toimenpide kirjataan"},
    "actions_unit_placeholder": {"fi": "Valitse yksikkö"},
    "actions_pick_unit": {"fi": "Valitse yksikkö, jolle toimenpide kirjataan."},
    "actions_pictures_shown": {"fi": "Kuvakirjaston kuvat"},
    "said_did_kiosk_done": {"fi": "Vastaaminen kannattaa. Teimme näin:"},
    "said_did_kiosk_progress": {"fi": "Vastaaminen kannattaa. Näin olemme edenneet:"},
    "said_did_kiosk_received": {"fi": "Vastaaminen kannattaa. Nämä asiat olemme ottaneet käsittelyyn:"},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "said_did_kiosk_done", "said_did_kiosk_progress", "said_did_kiosk_received",
}

# -- issue 14: results in plain language (analysis.plain, raati.plain_view): developer-
# clients read them, so every client language --------------------------------------------
MESSAGES.update({
    "plain_sentence": {"fi": "{x} / {d} teistä sanoi: {a} tai {b}"},
    "plain_suppressed": {"fi": "Liian vähän vastauksia, jotta voisimme näyttää tämän."},
    "plain_more": {"fi": "enemmän kuin {when}"},
    "plain_less": {"fi": "vähemmän kuin {when}"},
    "plain_when_last_time": {"fi": "viime kerralla"},
    "plain_when_this_spring": {"fi": "keväällä"},
    "plain_when_this_summer": {"fi": "kesällä"},
    "plain_when_this_autumn": {"fi": "syksyllä"},
    "plain_when_this_winter": {"fi": "talvella"},
    "plain_when_last_spring": {"fi": "viime keväänä"},
    "plain_when_last_summer": {"fi": "viime kesänä"},
    "plain_when_last_autumn": {"fi": "viime syksynä"},
    "plain_when_last_winter": {"fi": "viime talvena"},
    "plain_when_year_spring": {"fi": "keväällä {year}"},
    "plain_when_year_summer": {"fi": "kesällä {year}"},
    "plain_when_year_autumn": {"fi": "syksyllä {year}"},
    "plain_when_year_winter": {"fi": "talvella {year}"},
    "plain_success": {"fi": "Tässä onnistuimme"},
    "plain_improve": {"fi": "Tätä pitää parantaa"},
    # raati.plain_view: the view's own words
    "plain_title": {"fi": "Tulokset selkokielellä"},
    "plain_count": {"fi": "{x} / {d}"},
    "plain_change_line": {"fi": "Tämä on {change}."},
    "plain_texts": {"fi": "Mitä kirjoititte"},
    # how many answered, in the view's language (never under the minimum group)
    "plain_n": {"fi": "{n} vastausta"},
    "plain_n_one": {"fi": "{n} vastaus"},
    # staff: the switch on the results page
    "plain_toggle": {"fi": "Selkokielinen näkymä"},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "plain_sentence", "plain_suppressed", "plain_more", "plain_less", "plain_when_last_time",
    "plain_when_this_spring", "plain_when_this_summer", "plain_when_this_autumn",
    "plain_when_this_winter", "plain_when_last_spring", "plain_when_last_summer",
    "plain_when_last_autumn", "plain_when_last_winter", "plain_when_year_spring",
    "plain_when_year_summer", "plain_when_year_autumn", "plain_when_year_winter",
    "plain_success", "plain_improve", "plain_title", "plain_count", "plain_change_line",
    "plain_texts", "plain_n", "plain_n_one",
}

# -- issue 14, item 2: themes to take forward in the plain view (developer-clients read
# them; the panel button and its note are for staff) --------------------------------------
MESSAGES.update({
    "plain_marked_title": {"fi": "Näistä haluamme puhua"},
    "plain_mark_help": {"fi": "Valitse aiheet, joista haluatte puhua."},
    "plain_mark_pick_unit": {"fi": "Valitse yksi yksikkö. Sitten voitte valita aiheet, joista haluatte puhua."},
    "plain_actions": {"fi": "Mitä olemme tehneet:"},
    "plain_no_actions": {"fi": "Tästä ei ole vielä kirjattu toimenpiteitä."},
    "plain_open_panel": {"fi": "Avaa raati tästä"},
    "panels_prefilled_theme": {"fi": "Lomake on täytetty valmiiksi tulosten aiheesta. Tarkista otsikko ja kysymys."},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "plain_marked_title", "plain_mark_help", "plain_mark_pick_unit", "plain_actions",
    "plain_no_actions",
}

# -- issue 14 fixes: clear themes only, left-out answers, surveys with answers -----------
MESSAGES.update({
    "plain_success_none": {"fi": "Tällä kertaa mikään ei noussut selvästi esiin."},
    "plain_improve_none": {"fi": "Ei selvää parannettavaa: useimmat olivat tyytyväisiä kaikkeen."},
    "plain_left_out": {"fi": "Osa vastauksista ei ole mukana, koska niitä oli liian vähän näytettäväksi."},
    "plain_no_surveys": {"fi": "Yksiköissäsi ei ole vielä kyselyjä, joissa on vastauksia."},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "plain_success_none", "plain_improve_none", "plain_left_out", "plain_no_surveys",
}

# -- issue 14 item 3: the closing-event presentation (analysis.presentation,
# pages/presentation.py; staff present, fi/sv/en) -------------------------------------
MESSAGES.update({
    "nav_presentation": {"fi": "Esitys"},
    "pres_kicker": {"fi": "Näin te vastasitte"},
    "pres_date": {"fi": "Päivämäärä {date}"},
    "pres_answered_title": {"fi": "Kuinka moni vastasi?"},
    "pres_answered_n": {"fi": "{n} ihmistä vastasi."},
    "pres_answered_n_one": {"fi": "1 ihminen vastasi."},
    "pres_answered_rate": {"fi": "Noin {x} / {d} kysytyistä vastasi."},
    "pres_answered_row": {"fi": "Vastasi"},
    "pres_answered_key": {"fi": "Täysi hahmo: vastasi"},
    "pres_texts_title": {"fi": "Mitä kirjoititte"},
    "pres_no_texts": {"fi": "Tarkistettuja kirjoituksia ei ole vielä."},
    "pres_actions_title": {"fi": "Mitä teimme"},
    "pres_actions_caption": {"fi": "Toimenpiteet tilan mukaan"},
    "pres_actions_n": {"fi": "Olemme kirjanneet {n} toimenpidettä sen perusteella, mitä sanoitte."},
    "pres_actions_n_one": {"fi": "Olemme kirjanneet yhden toimenpiteen sen perusteella, mitä sanoitte."},
    "pres_no_actions": {"fi": "Kerromme tässä, mitä teemme sen perusteella, mitä sanoitte."},
    "pres_feedback_title": {"fi": "Mitä pidit tästä tilaisuudesta?"},
    "pres_feedback_line": {"fi": "Skannaa QR-koodi puhelimella ja valitse kasvo."},
    "pres_note_title": {"fi": "Kerro, että vastaukset ovat nimettömiä. Tuloksia alle {m} "
                              "vastaajan ryhmistä ei näytetä."},
    "pres_note_answered": {"fi": "Kiitä vastaajia. Mukana ovat vain ryhmät, joissa on "
                                 "vähintään {m} vastaajaa."},
    "pres_note_rate": {"fi": "Tarkat luvut: {n} vastasi, kysyttiin {expected}."},
    "pres_note_suppressed": {"fi": "Vastauksia on liian vähän (alle {m}), joten lukuja ei "
                                   "näytetä."},
    "pres_note_texts": {"fi": "Vain henkilökunnan hyväksymiä tekstejä, henkilötiedot "
                              "peitetty. Hyväksyttyjä tekstejä on {n}."},
    "pres_note_actions": {"fi": "Yksikön julkiset toimenpiteet ({n}), kuten julkisella "
                                "sivulla."},
    "pres_note_feedback": {"fi": "Pyydä palautetta. Kasvojen määrät näkyvät, kun "
                                 "vastauksia on vähintään {m}."},
    # the page (staff)
    "pres_page_title": {"fi": "Esitys päättäjäisiin"},
    "pres_intro": {"fi": "Valitse kysely, yksikkö ja kierrokset. Esitys näyttää tulokset "
                         "selkokielellä koko ruudulla, yksi asia kerrallaan."},
    "pres_unit": {"fi": "Yksikkö"},
    "pres_rounds": {"fi": "Kierrokset (tyhjä: kaikki)"},
    "pres_feedback_opt": {"fi": "Lopuksi palaute tilaisuudesta QR-koodilla (avaa "
                                "tilaisuuspalautteen kierroksen tälle päivälle)"},
    "pres_feedback_missing": {"fi": "Tilaisuuspalautteen kyselyä (tilaisuuspalaute.yaml) "
                                    "ei löytynyt."},
    "pres_start": {"fi": "Aloita esitys"},
    "pres_next": {"fi": "Seuraava"},
    "pres_prev": {"fi": "Edellinen"},
    "pres_first": {"fi": "Alkuun"},
    "pres_last": {"fi": "Loppuun"},
    "pres_stop": {"fi": "Lopeta esitys"},
    "pres_presenter_link": {"fi": "Esittäjän näkymä"},
    "pres_audience_link": {"fi": "Yleisön näkymä (projektori)"},
    "pres_slide_n": {"fi": "Dia {n} / {total}"},
    "pres_next_title": {"fi": "Seuraavaksi: {title}"},
    "pres_next_none": {"fi": "Tämä on viimeinen dia."},
    "pres_notes": {"fi": "Muistiinpanot"},
    "pres_keys_help": {"fi": "Näppäimet: nuolet, Page Up/Down (esityskaukosäädin), Home/End "
                             "ja välilyönti. F11 vaihtaa koko näytön tilaan."},
    "pres_download": {"fi": "Lataa esitys PowerPointina"},
    "pres_feedback_n": {"fi": "{n} vastausta"},
    "pres_feedback_n_one": {"fi": "1 vastaus"},
    "pres_feedback_steps": {"fi": "Kasvojen määrät näkyvät, kun vastauksia on vähintään {k}."},
    "pres_face_n": {"fi": "{word}: {n}"},
    "pres_gone": {"fi": "Esitystä ei löytynyt (palvelin on ehkä käynnistetty uudelleen). "
                        "Aloita esitys uudelleen."},
    "pres_round_name": {"fi": "Tilaisuuspalaute: {title}"},
    "pres_no_data": {"fi": "Tällä kyselyllä ei ole vielä vastauksia yksiköissäsi."},
    "pres_feedback_held": {"fi": "Uusimmat vastaukset näkyvät kasvoissa, kun niitä on kertynyt lisää."},
})

# -- issue 14 item 3, a fresh tester: each question's own answer words, the QR's text
# alternative, a deck without a round says how to get the QR code, refreshing a running
# presentation, rounds left out of the response rate ----------------------------------
MESSAGES.update({
    "pres_icons_went_well_words": {"fi": "Täysi hahmo: vastasi {a} tai {b}"},
    "pres_icons_improve_words": {"fi": "Täysi hahmo: vastasi {a} tai {b}"},
    "pres_icons_went_well_mixed": {"fi": "Täysi hahmo: valitsi jommankumman kahdesta "
                                         "parhaasta vastauksesta"},
    "pres_icons_improve_mixed": {"fi": "Täysi hahmo: valitsi jommankumman kahdesta "
                                       "heikoimmasta vastauksesta"},
    "pres_note_went_well_words": {"fi": "Nämä asiat saivat eniten vastauksia {a} tai {b}. "
                                        "Kysy, mikä niissä toimii."},
    "pres_note_improve_words": {"fi": "Nämä asiat saivat eniten vastauksia {a} tai {b}. "
                                      "Kysy, mitä pitäisi muuttaa."},
    "pres_note_went_well_mixed": {"fi": "Nämä asiat saivat eniten kahta parasta vastausta. "
                                        "Kysy, mikä niissä toimii."},
    "pres_note_improve_mixed": {"fi": "Nämä asiat saivat eniten kahta heikointa vastausta. "
                                      "Kysy, mitä pitäisi muuttaa."},
    "pres_note_rounds_left_out": {"fi": "Osa kierroksista ei ole mukana, koska vastaajia "
                                        "oli liian vähän."},
    "pres_qr_alt_link": {"fi": "QR-koodi: palaute tilaisuudesta, osoite {link}"},
    "pres_qr_name": {"fi": "QR-koodi palautteeseen"},
    "pres_feedback_how": {"fi": "QR-koodi tulee tähän, kun aloitat esityksen Raatissa "
                                "(Esitys → Aloita esitys) ja lataat esityksen sen jälkeen "
                                "esittäjän näkymästä."},
    "pres_refresh": {"fi": "Päivitä sisältö"},
    "pres_refresh_help": {"fi": "Hakee dioille juuri hyväksytyt kirjoitukset ja "
                                "toimenpiteet. Dia pysyy samana. Sisältö päivittyy myös, "
                                "kun siirryt toiselle dialle."},
})

# -- issue 12, a fresh walk of Raadit: refusals at their form, Finnish pickers ------------
MESSAGES.update({
    "panels_proposal_empty": {"fi": "Kirjoita ehdotus ennen kuin lisäät sen."},
    "panels_proposal_too_long": {"fi": "Ehdotus on liian pitkä ({n} merkkiä). Lyhennä se {k} "
                                       "merkkiin."},
    "panels_proposal_idea_gone": {"fi": "Jokin valituista ideoista ei ole enää näytöllä. "
                                        "Valitse ideat uudelleen."},
    "panels_group_pick": {"fi": "Valitse ensin ideat, jotka yhdistetään ryhmäksi."},
    "panels_group_too_long": {"fi": "Ryhmän nimi on liian pitkä ({n} merkkiä). Lyhennä se {k} "
                                    "merkkiin."},
    "panels_prompt_too_long": {"fi": "Keskustelun aihe on liian pitkä ({n} merkkiä). Lyhennä "
                                     "se {k} merkkiin."},
    "panels_pick_placeholder": {"fi": "Valitse…"},
})

# -- issue 15: pictures of the survey builder (raati/pictures.py), staff-facing ----------
MESSAGES.update({
    "picture_empty": {"fi": "Tiedosto on tyhjä. Valitse kuvatiedosto."},
    "picture_too_big": {"fi": "Kuvatiedosto on liian suuri. Suurin sallittu koko on {max} Mt: pienennä kuvaa "
              "tai tallenna se pienemmällä laadulla."},
    "picture_unknown_type": {"fi": "Tiedosto ei ole kuva, jota Raati voi käyttää. Käytä PNG-, JPEG-, WebP-, GIF- "
              "tai SVG-kuvaa."},
    "picture_wrong_extension": {"fi": "Tiedoston nimi on {name}, mutta se on {kind}-kuva. Anna tiedostolle pääte {ext} "
              "tai valitse toinen kuva."},
    "picture_broken": {"fi": "Kuvatiedosto on rikki tai keskeneräinen, eikä sitä voi avata. Tallenna kuva "
              "uudelleen ja yritä sitten uudestaan."},
    "picture_too_large_dims": {"fi": "Kuva on liian suuri: {width} × {height} pikseliä. Enintään {max} × {max} "
              "pikseliä: pienennä kuvaa."},
    "picture_too_small_dims": {"fi": "Kuva on liian pieni: {width} × {height} pikseliä. Vähintään {min} × {min} "
              "pikseliä, jotta kuvan erottaa."},
    "picture_animated": {"fi": "Kuva liikkuu (animaatio). Raatin kuvat eivät saa liikkua, koska liike vie "
              "huomion kysymyksestä (saavutettavuus, WCAG 2.2.2). Käytä liikkumatonta kuvaa."},
    "picture_svg_script": {"fi": "SVG-kuvassa on ohjelmakoodia ({what}): sitä ei voi käyttää. Tallenna kuva ilman "
              "sitä tai käytä PNG-kuvaa."},
    "picture_svg_external": {"fi": "SVG-kuva hakee sisältöä toisesta paikasta ({what}): sitä ei voi käyttää. Kuvan "
              "kaikkien osien pitää olla itse tiedostossa."},
    "picture_svg_doctype": {"fi": "SVG-kuvassa on DOCTYPE-määrittely tai entiteettejä: sitä ei voi käyttää. "
              "Tallenna kuva uudelleen ilman niitä (esim. Inkscapessa ”Optimoitu SVG”)."},
    "picture_svg_not_svg": {"fi": "Tiedosto ei ole SVG-kuva: sen pitää alkaa svg-elementillä, jossa on "
              "SVG-nimiavaruus (xmlns=\"http://www.w3.org/2000/svg\")."},
    "picture_licence_missing": {"fi": "Kerro kuvan lisenssi, esimerkiksi CC BY 4.0 tai ”oma kuva, käyttölupa annettu”."},
    "picture_author_missing": {"fi": "Kerro kuvan tekijä (henkilön tai organisaation nimi)."},
    "picture_alt_missing": {"fi": "Kirjoita kuvalle tekstivastine (kieli: {language}). Ruudunlukija lukee sen niille, "
              "jotka eivät näe kuvaa."},
    "picture_alt_too_long": {"fi": "Kuvan tekstivastine (kieli: {language}) on liian pitkä ({n} merkkiä). Lyhennä se "
              "{max} merkkiin: kerro lyhyesti, mitä kuvassa on."},
})

# -- issue 15: the survey builder's live preview of a draft on the answer page
# (pages/answer.py): staff read it, but the page follows the survey's language ---------
MESSAGES.update({
    "preview_banner": {"fi": "Esikatselu – vastauksia ei tallenneta"},
    "preview_invalid_title": {"fi": "Esikatselua ei voi näyttää"},
    "preview_invalid_body": {"fi": "Kyselyssä on virheitä. Korjaa ne editorissa, niin esikatselu päivittyy."},
    "preview_not_saved": {"fi": "Esikatselu: vastausta ei tallennettu."},
})
CLIENT_KEYS = CLIENT_KEYS | {
    "preview_banner", "preview_invalid_title", "preview_invalid_body", "preview_not_saved",
}


def scale_words(point: int) -> dict[str, str]:
    """The default scale word of ``point`` (1–4) in every language of CLIENT_LANGUAGES
    that has it: {lang: word}. Raises KeyError for another point."""
    key = f"scale_{point}"
    return {code: text for code in CLIENT_LANGUAGES if (text := translation(key, code))}

# Issue 15: the survey builder (staff).
MESSAGES.update({
    "qtype_likert": {"fi": "Asteikko 1–4"},
    "qtype_choice": {"fi": "Yksi vaihtoehto"},
    "qtype_multi": {"fi": "Monta vaihtoehtoa"},
    "qtype_text": {"fi": "Vapaa teksti"},
    "qtype_grade": {"fi": "Kouluarvosana 4–10"},
    "builder_add": {"fi": "Lisää kysymys"},
    "builder_add_type": {"fi": "Uuden kysymyksen tyyppi"},
    "builder_archive": {"fi": "Arkistoi"},
    "builder_archived": {"fi": "Arkistoitu: ei uusia kierroksia"},
    "builder_back": {"fi": "Takaisin listaan"},
    "builder_bad_id": {"fi": "Tunnus ”{id}” ei kelpaa: käytä 2–40 merkkiä a–z, 0–9 ja -."},
    "builder_bad_question_id": {"fi": "Kysymyksen tunnus ”{id}” ei kelpaa: käytä merkkejä a–z, 0–9 ja _."},
    "builder_bad_type": {"fi": "Tuntematon kysymystyyppi."},
    "builder_based_on": {"fi": "Luonnos. Pohjana julkaistu versio {n}; vastaajat näkevät sen, kunnes julkaiset."},
    "builder_cannot": {"fi": "Tätä ei voitu tehdä:"},
    "builder_comment": {"fi": "”Kerro lisää” -tekstilaatikko"},
    "builder_continue": {"fi": "Jatka luonnosta"},
    "builder_create": {"fi": "Uusi kysely"},
    "builder_create_go": {"fi": "Luo ja avaa editori"},
    "builder_delete": {"fi": "Poista"},
    "builder_delete_confirm": {"fi": "Poistetaanko kysely ja sen kaikki versiot? Kyselyä, jolla on vastauksia tai kierroksia, ei voi poistaa: arkistoi se."},
    "builder_delete_refused": {"fi": "Kyselyllä on vastauksia tai kierroksia, joten sitä ei poistettu. Arkistoi se."},
    "builder_delete_yes": {"fi": "Kyllä, poista"},
    "builder_deleted": {"fi": "Kysely {id} poistettiin."},
    "builder_discard": {"fi": "Hylkää luonnos"},
    "builder_discard_confirm": {"fi": "Luonnoksen muutokset katoavat. Julkaistu versio pysyy ennallaan."},
    "builder_discard_yes": {"fi": "Kyllä, hylkää"},
    "builder_discarded": {"fi": "Luonnos hylättiin."},
    "builder_download": {"fi": "Lataa (YAML ja kuvat)"},
    "builder_drafts": {"fi": "Julkaisemattomat luonnokset"},
    "builder_duplicate": {"fi": "Kopioi kysymys"},
    "builder_easy": {"fi": "Selkokielellä"},
    "builder_edit": {"fi": "Muokkaa"},
    "builder_intro": {"fi": "Aloitusteksti"},
    "builder_intro_easy": {"fi": "Aloitusteksti selkokielellä"},
    "builder_language_needed": {"fi": "Kyselyllä pitää olla vähintään yksi kieli."},
    "builder_languages": {"fi": "Kielet (ensimmäinen on oletuskieli)"},
    "builder_languages_help": {"fi": "Jokainen teksti tarvitaan oletuskielellä. Puuttuvat käännökset merkitään ⚠️; vastaaja näkee niiden tilalla oletuskielen tekstin."},
    "builder_last_question": {"fi": "Kyselyssä pitää olla vähintään yksi kysymys."},
    "builder_missing": {"fi": "käännös puuttuu"},
    "builder_missing_n": {"fi": "{n} käännöstä puuttuu."},
    "builder_missing_n_one": {"fi": "1 käännös puuttuu."},
    "builder_move_down": {"fi": "Siirrä alas"},
    "builder_move_up": {"fi": "Siirrä ylös"},
    "builder_new": {"fi": "Uusi kysely, ei vielä julkaistu."},
    "builder_new_id": {"fi": "Tunnus (vapaaehtoinen)"},
    "builder_new_id_help": {"fi": "Näkyy tiedostoissa ja raporteissa. Tyhjänä se tehdään otsikosta, esim. ”viikkopalaute”."},
    "builder_option": {"fi": "Vaihtoehto {n}"},
    "builder_option_add": {"fi": "Lisää vaihtoehto"},
    "builder_option_remove": {"fi": "Poista vaihtoehto"},
    "builder_optional": {"fi": "Vapaaehtoinen (voi ohittaa)"},
    "builder_options": {"fi": "Vaihtoehdot"},
    "builder_phone": {"fi": "Puhelin"},
    "builder_picture_alt": {"fi": "Kuvan tekstivastine (mitä kuvassa on)"},
    "builder_picture_choose": {"fi": "Lisää kuva"},
    "builder_picture_none": {"fi": "Hakusanalla ei löytynyt kuvia."},
    "builder_picture_pick": {"fi": "Valitse"},
    "builder_picture_remove": {"fi": "Poista kuva"},
    "builder_picture_search": {"fi": "Etsi kuvaa"},
    "builder_picture_search_hint": {"fi": "esim. kahvi, työ, bussi"},
    "builder_preview": {"fi": "Esikatselu"},
    "builder_preview_alt": {"fi": "Kyselyn esikatselu vastaussivulla"},
    "builder_preview_at": {"fi": "Näytä"},
    "builder_preview_broken": {"fi": "Esikatselu näkyy, kun virheet on korjattu."},
    "builder_preview_open": {"fi": "Avaa esikatselu omaan välilehteen"},
    "builder_preview_question": {"fi": "Kysymys {n}"},
    "builder_preview_start": {"fi": "Aloitussivu"},
    "builder_problems": {"fi": "{n} korjattavaa ennen julkaisua (punaisella kysymysten kohdalla)."},
    "builder_problems_one": {"fi": "1 korjattava ennen julkaisua (punaisella kysymyksen kohdalla)."},
    "builder_publish": {"fi": "Julkaise uusi versio"},
    "builder_publish_admins_only": {"fi": "Vain ylläpitäjä voi julkaista. Luonnos säilyy."},
    "builder_publish_refused": {"fi": "Julkaisu estettiin, jotta tallennettujen vastausten merkitys ei muutu:"},
    "builder_published": {"fi": "Kysely {id} julkaistiin: versio {n}. Avoimet kierrokset käyttävät nyt sitä."},
    "builder_question_id_taken": {"fi": "Tunnus ”{id}” on jo toisella kysymyksellä."},
    "builder_read_through": {"fi": "Lue kysymykset"},
    "builder_remove": {"fi": "Poista kysymys"},
    "builder_responses": {"fi": "{n} vastausta"},
    "builder_responses_one": {"fi": "1 vastaus"},
    "builder_restore": {"fi": "Palauta käyttöön"},
    "builder_scale": {"fi": "Omat sanat asteikolle"},
    "builder_scale_hint": {"fi": "Tyhjä kohta käyttää kyselyn sanoja (1 ei lainkaan … 4 erittäin hyvin)."},
    "builder_scale_point": {"fi": "Kohta {n}"},
    "builder_shadowed": {"fi": "Tiedostoa {file} ei käytetä: tallennettu kysely samalla tunnuksella on käytössä."},
    "builder_source_file": {"fi": "tiedosto {file}"},
    "builder_source_stored": {"fi": "tallennettu, versio {n}"},
    "builder_survey_fields": {"fi": "Kysely"},
    "builder_survey_title": {"fi": "Otsikko"},
    "builder_tablet": {"fi": "Tabletti"},
    "builder_template": {"fi": "Pohja"},
    "builder_template_empty": {"fi": "Tyhjä kysely"},
    "builder_text": {"fi": "Kysymys"},
    "builder_title": {"fi": "Muokkaat: {title}"},
    "builder_title_missing": {"fi": "Kirjoita kyselylle otsikko."},
    "builder_too_many": {"fi": "Kyselyssä voi olla enintään 200 kysymystä."},
    "builder_too_many_options": {"fi": "Kysymyksellä voi olla enintään 30 vaihtoehtoa."},
    "builder_two_options": {"fi": "Valintakysymyksessä pitää olla vähintään kaksi vaihtoehtoa."},
    "builder_type": {"fi": "Kysymyksen tyyppi"},
    "builder_unpublished": {"fi": "ei vielä julkaistu"},
    "builder_upload_alt": {"fi": "Mitä kuvassa on ({language})"},
    "builder_upload_author": {"fi": "Tekijä"},
    "builder_upload_file": {"fi": "Kuvatiedosto (PNG, JPEG, WebP, GIF tai SVG, enintään 2 Mt)"},
    "builder_upload_licence": {"fi": "Lisenssi"},
    "builder_upload_save": {"fi": "Tallenna kuva"},
    "builder_upload_title": {"fi": "Tai lataa oma kuva"},
    "builder_valid": {"fi": "Kysely on kunnossa ja valmis julkaistavaksi."},
    "builder_who_publishes": {"fi": "Kuka saa julkaista kyselyitä"},
    "builder_publishers_staff": {"fi": "Henkilökunta ja ylläpitäjät"},
    "builder_publishers_admin": {"fi": "Vain ylläpitäjät"},
})

MESSAGES.update({
    "mod_page_of": {"fi": "Sivu ({pages} sivua)"},
})

MESSAGES.update({
    "builder_option_label": {"fi": "vaihtoehdon teksti"},
    "builder_picture_alt_short": {"fi": "kuvan tekstivastine"},
    "builder_picture_short": {"fi": "kuva"},
    "builder_explain_empty": {"fi": "{where}: kirjoita {field} ({language})."},
    "builder_explain_alt": {"fi": "{where}: kerro, mitä kuvassa on (kuvan tekstivastine)."},
    "builder_explain_options": {"fi": "{where}: vaihtoehtoja pitää olla 2–30."},
    "builder_explain_id_taken": {"fi": "{where}: tunnus on jo toisella kysymyksellä."},
    "builder_where_option": {"fi": "Kysymys {q}, vaihtoehto {o}"},
    "builder_where_question": {"fi": "Kysymys {q}"},
    "builder_where_survey": {"fi": "Kysely"},
    "builder_question_id": {"fi": "Tunnus tiedostoissa: {id}"},
})

MESSAGES.update({
    "builder_field_text": {"fi": "kysymyksen teksti"},
    "builder_field_easy": {"fi": "selkokielinen versio"},
    "builder_field_title": {"fi": "kyselyn otsikko"},
    "builder_field_intro": {"fi": "aloitusteksti"},
    "builder_field_intro_easy": {"fi": "selkokielinen aloitusteksti"},
})

MESSAGES.update({
    "builder_explain_option_answered": {"fi": "{where}: vaihtoehto ”{label}” on valittu tallennetuissa vastauksissa ({n} kertaa). Sitä ei voi poistaa, koska vastausten merkitys muuttuisi. Voit muuttaa sen tekstiä."},
    "builder_explain_question_answered": {"fi": "Kysymykseen ”{label}” on {n} tallennettua vastausta, joten sitä ei voi poistaa. Hylkää luonnos tai lisää kysymys takaisin samalla tunnuksella; voit muuttaa sen tekstiä tai tehdä siitä vapaaehtoisen."},
    "builder_explain_type_answered": {"fi": "{where}: kysymykseen on {n} tallennettua vastausta nykyisellä tyypillä. Tyypin vaihtaminen muuttaisi niiden merkityksen: lisää mieluummin uusi kysymys."},
    "builder_explain_comment_answered": {"fi": "{where}: ”Kerro lisää” -laatikkoon on kirjoitettu {n} kertaa, joten sitä ei voi poistaa."},
})

MESSAGES.update({
    "builder_option_picture": {"fi": "Kuva vaihtoehdolle {n}"},
    "builder_surveys_count": {"fi": "{n} kyselyä: {files} tiedostoa kansiossa {dir}, {stored} tallennettu sovellukseen."},
})

MESSAGES.update({
    "questions_count_one": {"fi": "1 kysymys"},
})
