"""Interface texts in Finnish, Swedish and English (Finnish first).

``t(key, lang, **values)`` gives a text in ``lang``, falling back to Finnish. Survey
content is localized in the survey files; this module holds only the app's own words.
"""

from __future__ import annotations

UI_LANGUAGES = ("fi", "sv", "en")

# Language names in the language itself: people choose their language by its own name.
LANGUAGE_NAMES = {
    "fi": "suomi", "sv": "svenska", "en": "English", "se": "davvisámegiella",
    "ar": "العربية", "so": "Soomaali", "ru": "русский", "uk": "українська",
    "et": "eesti", "fa": "فارسی", "ku": "kurdî", "es": "español", "fr": "français",
    "de": "Deutsch", "th": "ไทย", "vi": "Tiếng Việt", "zh": "中文", "tr": "Türkçe",
}

# BCP 47 tags for the html lang attribute and speech synthesis.
SPEECH_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB", "ar": "ar", "ru": "ru-RU",
               "et": "et-EE", "so": "so-SO", "uk": "uk-UA", "fa": "fa-IR"}

MESSAGES: dict[str, dict[str, str]] = {
    # -- client: answering ---------------------------------------------------------------
    "choose_language": {"fi": "Kieli", "sv": "Språk", "en": "Language"},
    "anonymous_note": {
        "fi": "Vastaat nimettömästi. Emme kysy nimeäsi. Kukaan ei näe, mitä sinä vastasit.",
        "sv": "Du svarar anonymt. Vi frågar inte ditt namn. Ingen ser vad just du svarade.",
        "en": "You answer anonymously. We do not ask your name. Nobody can see what you answered.",
    },
    "question_n": {"fi": "Kysymys {n} / {total}", "sv": "Fråga {n} / {total}",
                   "en": "Question {n} / {total}"},
    "optional": {"fi": "(voit jättää vastaamatta)", "sv": "(du kan låta bli att svara)",
                 "en": "(you may skip this)"},
    "tell_more": {"fi": "Kerro lisää (jos haluat)", "sv": "Berätta mer (om du vill)",
                  "en": "Tell us more (if you like)"},
    "no_names": {
        "fi": "Älä kirjoita nimiä tai puhelinnumeroita. Enintään {n} merkkiä.",
        "sv": "Skriv inte namn eller telefonnummer. Högst {n} tecken.",
        "en": "Do not write names or phone numbers. At most {n} characters.",
    },
    "choose_any": {"fi": "Voit valita monta.", "sv": "Du kan välja flera.",
                   "en": "You can choose several."},
    "grade_help": {"fi": "4 = huono, 10 = erinomainen", "sv": "4 = dåligt, 10 = utmärkt",
                   "en": "4 = poor, 10 = excellent"},
    "submit": {"fi": "Lähetä vastaus", "sv": "Skicka svaret", "en": "Send my answer"},
    "missing_answers": {
        "fi": "Vastaa vielä näihin kysymyksiin: {which}",
        "sv": "Svara ännu på de här frågorna: {which}",
        "en": "Please still answer these questions: {which}",
    },
    "thanks_title": {"fi": "Kiitos vastauksestasi!", "sv": "Tack för ditt svar!",
                     "en": "Thank you for your answer!"},
    "thanks_body": {
        "fi": "Vastauksesi tallentui nimettömänä. Ohjaajat ja asiakasraati käyvät vastaukset "
              "läpi yhdessä. Kerromme, mitä muutamme vastausten perusteella.",
        "sv": "Ditt svar sparades anonymt. Handledarna och klientrådet går igenom svaren "
              "tillsammans. Vi berättar vad vi ändrar utifrån svaren.",
        "en": "Your answer was saved anonymously. Staff and the client panel go through the "
              "answers together. We will tell you what we change because of them.",
    },
    "not_found_title": {"fi": "Kyselyä ei löytynyt", "sv": "Enkäten hittades inte",
                        "en": "Survey not found"},
    "not_found_body": {
        "fi": "Tällä linkillä ei ole kyselyä. Tarkista linkki tai kysy ohjaajalta uusi "
              "QR-koodi.",
        "sv": "Det finns ingen enkät bakom den här länken. Kontrollera länken eller be "
              "handledaren om en ny QR-kod.",
        "en": "There is no survey at this link. Check the link or ask staff for a new QR code.",
    },
    "closed_title": {"fi": "Kysely on päättynyt", "sv": "Enkäten har stängts",
                     "en": "The survey has ended"},
    "closed_body": {
        "fi": "Tähän kyselyyn ei voi enää vastata. Kiitos kiinnostuksestasi!",
        "sv": "Det går inte längre att svara på enkäten. Tack för ditt intresse!",
        "en": "This survey no longer takes answers. Thank you for your interest!",
    },
    "not_open_title": {"fi": "Kysely ei ole vielä alkanut", "sv": "Enkäten har inte börjat",
                       "en": "The survey has not started yet"},
    "not_open_body": {
        "fi": "Voit vastata {date} alkaen.", "sv": "Du kan svara från och med {date}.",
        "en": "You can answer from {date}.",
    },
    "unavailable_title": {"fi": "Kysely ei ole nyt käytettävissä",
                          "sv": "Enkäten är inte tillgänglig just nu",
                          "en": "The survey is not available right now"},
    "unavailable_body": {
        "fi": "Kerro asiasta ohjaajalle. Vika ei ole sinussa.",
        "sv": "Berätta det för handledaren. Felet ligger inte hos dig.",
        "en": "Please tell staff. It is not your fault.",
    },
    "save_failed": {
        "fi": "Vastauksen tallennus ei onnistunut. Yritä hetken päästä uudelleen.",
        "sv": "Svaret kunde inte sparas. Försök igen om en stund.",
        "en": "Your answer could not be saved. Please try again in a moment.",
    },
    # -- staff -------------------------------------------------------------------------
    "nav_rounds": {"fi": "Kierrokset", "sv": "Omgångar", "en": "Rounds"},
    "nav_surveys": {"fi": "Kyselyt", "sv": "Enkäter", "en": "Surveys"},
    "nav_about": {"fi": "Tietoa Raatista", "sv": "Om Raati", "en": "About Raati"},
    "nav_answer": {"fi": "Vastaa", "sv": "Svara", "en": "Answer"},
    "rounds_title": {"fi": "Keruukierrokset", "sv": "Insamlingsomgångar",
                     "en": "Collection rounds"},
    "rounds_intro": {
        "fi": "Avaa kierros yksikössä, tulosta QR-koodi ja jaa vastauslinkki asiakkaille.",
        "sv": "Öppna en omgång vid en enhet, skriv ut QR-koden och dela svarslänken.",
        "en": "Open a round at a unit, print the QR code and share the answer link.",
    },
    "no_rounds": {"fi": "Ei vielä kierroksia. Avaa ensimmäinen alta.",
                  "sv": "Inga omgångar ännu. Öppna den första nedan.",
                  "en": "No rounds yet. Open the first one below."},
    "col_survey": {"fi": "Kysely", "sv": "Enkät", "en": "Survey"},
    "col_unit": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
    "col_name": {"fi": "Kierros", "sv": "Omgång", "en": "Round"},
    "col_opens": {"fi": "Alkaa", "sv": "Börjar", "en": "Opens"},
    "col_closes": {"fi": "Päättyy", "sv": "Slutar", "en": "Closes"},
    "col_status": {"fi": "Tila", "sv": "Status", "en": "Status"},
    "col_answers": {"fi": "Vastauksia", "sv": "Svar", "en": "Answers"},
    "col_rate": {"fi": "Vastaus-%", "sv": "Svars-%", "en": "Response rate"},
    "col_link": {"fi": "Vastauslinkki", "sv": "Svarslänk", "en": "Answer link"},
    "status_open": {"fi": "auki", "sv": "öppen", "en": "open"},
    "status_closed": {"fi": "päättynyt", "sv": "stängd", "en": "closed"},
    "status_not_yet_open": {"fi": "alkaa myöhemmin", "sv": "börjar senare",
                            "en": "opens later"},
    "pick_round": {"fi": "Valitse kierros", "sv": "Välj omgång", "en": "Choose a round"},
    "qr_caption": {"fi": "QR-koodi vastauslinkkiin", "sv": "QR-kod till svarslänken",
                   "en": "QR code of the answer link"},
    "download_png": {"fi": "Lataa QR (PNG, tulostukseen)", "sv": "Ladda ner QR (PNG)",
                     "en": "Download QR (PNG, for print)"},
    "download_svg": {"fi": "Lataa QR (SVG)", "sv": "Ladda ner QR (SVG)",
                     "en": "Download QR (SVG)"},
    "close_round": {"fi": "Päätä kierros tänään", "sv": "Stäng omgången i dag",
                    "en": "Close the round today"},
    "round_closed_done": {"fi": "Kierros päätetty.", "sv": "Omgången stängdes.",
                          "en": "The round was closed."},
    "open_round": {"fi": "Avaa uusi kierros", "sv": "Öppna en ny omgång",
                   "en": "Open a new round"},
    "unit_existing": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
    "unit_new": {"fi": "… tai uusi yksikkö (tunnus, esim. puupaja)",
                 "sv": "… eller en ny enhet (kod, t.ex. snickeri)",
                 "en": "… or a new unit (id, e.g. woodshop)"},
    "round_name": {"fi": "Kierroksen nimi (esim. Kevät 2027)",
                   "sv": "Omgångens namn (t.ex. Våren 2027)",
                   "en": "Round name (e.g. Spring 2027)"},
    "expected": {"fi": "Odotettu vastaajamäärä", "sv": "Förväntat antal svarande",
                 "en": "Expected number of respondents"},
    "closes_on": {"fi": "Viimeinen vastauspäivä", "sv": "Sista svarsdag",
                  "en": "Last day of answering"},
    "opens_on": {"fi": "Ensimmäinen vastauspäivä", "sv": "Första svarsdag",
                 "en": "First day of answering"},
    "no_close": {"fi": "Ei päättymispäivää", "sv": "Inget slutdatum", "en": "No end date"},
    "open_button": {"fi": "Avaa kierros", "sv": "Öppna omgången", "en": "Open the round"},
    "round_opened": {"fi": "Kierros avattu. Vastauslinkki:", "sv": "Omgången öppnades. Länk:",
                     "en": "Round opened. Answer link:"},
    "no_surveys": {"fi": "Kyselyitä ei voi ladata:", "sv": "Enkäterna kan inte läsas:",
                   "en": "The surveys cannot be loaded:"},
    "surveys_title": {"fi": "Kyselyt", "sv": "Enkäter", "en": "Surveys"},
    "surveys_ok": {"fi": "{n} kyselyä kunnossa kansiossa {dir}.",
                   "sv": "{n} enkäter i ordning i mappen {dir}.",
                   "en": "{n} surveys valid in {dir}."},
    "questions_count": {"fi": "{n} kysymystä", "sv": "{n} frågor", "en": "{n} questions"},
    "languages": {"fi": "Kielet", "sv": "Språk", "en": "Languages"},
    "easy_version": {"fi": "Selkokielellä", "sv": "På lättläst språk", "en": "In plain language"},
    "ui_language": {"fi": "Käyttökieli", "sv": "Gränssnittets språk",
                    "en": "Interface language"},
}


def t(key: str, lang: str = "fi", **values) -> str:
    """The interface text ``key`` in ``lang`` (Finnish if that language lacks it)."""
    texts = MESSAGES[key]
    text = texts.get(lang) or texts["fi"]
    return text.format(**values) if values else text


def ui_language(lang: str) -> str:
    """The interface language used for a survey language (Finnish for ones we lack)."""
    return lang if lang in UI_LANGUAGES else "fi"


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
