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

# Languages written right to left.
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "ckb"})

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

MESSAGES.update({
    "nav_home": {"fi": "Etusivu", "sv": "Startsida", "en": "Home"},
    "nav_results": {"fi": "Tulokset", "sv": "Resultat", "en": "Results"},
    "nav_data": {"fi": "Aineisto", "sv": "Data", "en": "Data"},
    "nav_account": {"fi": "Oma tili", "sv": "Mitt konto", "en": "My account"},
    "nav_users": {"fi": "Käyttäjät", "sv": "Användare", "en": "Users"},
    "nav_audit": {"fi": "Tapahtumaloki", "sv": "Händelselogg", "en": "Audit log"},
    "login_title": {"fi": "Kirjaudu sisään", "sv": "Logga in", "en": "Log in"},
    "login_intro": {
        "fi": "Tämä sivu on henkilöstölle. Asiakkaat vastaavat kyselyyn QR-koodin tai "
              "linkin kautta eivätkä tarvitse tunnusta.",
        "sv": "Den här sidan är för personalen. Klienterna svarar via QR-koden eller "
              "länken och behöver inget konto.",
        "en": "This page is for staff. Clients answer through the QR code or link and "
              "need no account.",
    },
    "user_name": {"fi": "Käyttäjätunnus", "sv": "Användarnamn", "en": "User name"},
    "password": {"fi": "Salasana", "sv": "Lösenord", "en": "Password"},
    "login_button": {"fi": "Kirjaudu", "sv": "Logga in", "en": "Log in"},
    "login_sso": {"fi": "Kirjaudu organisaation tunnuksella",
                  "sv": "Logga in med organisationens konto",
                  "en": "Log in with your organisation's account"},
    "login_failed": {"fi": "Käyttäjätunnus tai salasana on väärin.",
                     "sv": "Fel användarnamn eller lösenord.",
                     "en": "Wrong user name or password."},
    "login_locked": {
        "fi": "Liian monta väärää yritystä. Odota {s} sekuntia ja yritä sitten uudelleen.",
        "sv": "För många felaktiga försök. Vänta {s} sekunder och försök sedan igen.",
        "en": "Too many wrong attempts. Wait {s} seconds, then try again.",
    },
    # The account's lock for browsers it has never logged in on (raati.auth): staff on
    # a browser they have logged in with before are not held by it.
    "login_locked_untrusted": {
        "fi": "Liian monta väärää yritystä. Odota {s} sekuntia ja yritä sitten uudelleen. "
              "Selaimella, jolla olet aiemmin kirjautunut Raatiin, voit kirjautua odottamatta.",
        "sv": "För många felaktiga försök. Vänta {s} sekunder och försök sedan igen. "
              "I en webbläsare där du har loggat in i Raati förut kan du logga in utan "
              "att vänta.",
        "en": "Too many wrong attempts. Wait {s} seconds, then try again. In a browser "
              "where you have logged in to Raati before, you can log in without waiting.",
    },
    "sso_no_role": {
        "fi": "Organisaatiotunnuksellasi ei ole oikeutta Raatiin. Pyydä pääkäyttäjää "
              "lisäämään sinut oikeaan ryhmään.",
        "sv": "Ditt organisationskonto har ingen behörighet till Raati. Be administratören "
              "lägga till dig i rätt grupp.",
        "en": "Your organisation account has no access to Raati. Ask an administrator to "
              "add you to the right group.",
    },
    "no_access": {"fi": "Sinulla ei ole oikeutta tälle sivulle.",
                  "sv": "Du har inte behörighet till den här sidan.",
                  "en": "You do not have access to this page."},
    "logout": {"fi": "Kirjaudu ulos", "sv": "Logga ut", "en": "Log out"},
    "logged_in_as": {"fi": "Kirjautunut: {name} ({role})", "sv": "Inloggad: {name} ({role})",
                     "en": "Logged in: {name} ({role})"},
    "role_admin": {"fi": "pääkäyttäjä", "sv": "administratör", "en": "administrator"},
    "role_staff": {"fi": "henkilöstö", "sv": "personal", "en": "staff"},
    "role_developer-client": {"fi": "kehittäjäasiakas", "sv": "utvecklingsklient",
                              "en": "developer-client"},
    "must_change_title": {"fi": "Vaihda salasana", "sv": "Byt lösenord",
                          "en": "Change your password"},
    "must_change_intro": {
        "fi": "Kirjauduit kertakäyttöisellä salasanalla. Valitse nyt oma salasana "
              "(vähintään {n} merkkiä).",
        "sv": "Du loggade in med ett engångslösenord. Välj nu ett eget lösenord "
              "(minst {n} tecken).",
        "en": "You logged in with a one-time password. Choose your own password now "
              "(at least {n} characters).",
    },
    "current_password": {"fi": "Nykyinen salasana", "sv": "Nuvarande lösenord",
                         "en": "Current password"},
    "new_password": {"fi": "Uusi salasana", "sv": "Nytt lösenord", "en": "New password"},
    "new_password_again": {"fi": "Uusi salasana uudelleen", "sv": "Nytt lösenord igen",
                           "en": "New password again"},
    "change_password": {"fi": "Vaihda salasana", "sv": "Byt lösenord",
                        "en": "Change password"},
    "password_changed": {"fi": "Salasana vaihdettu.", "sv": "Lösenordet byttes.",
                         "en": "Password changed."},
    "pw_mismatch": {"fi": "Uudet salasanat eivät ole samat.", "sv": "De nya lösenorden "
                    "är inte lika.", "en": "The new passwords differ."},
    "pw_wrong_current": {"fi": "Nykyinen salasana on väärin.",
                         "sv": "Det nuvarande lösenordet är fel.",
                         "en": "The current password is wrong."},
    "pw_too_short": {"fi": "Salasanassa pitää olla vähintään {n} merkkiä.",
                     "sv": "Lösenordet måste ha minst {n} tecken.",
                     "en": "The password needs at least {n} characters."},
    "pw_too_long": {"fi": "Salasanassa saa olla enintään {n} merkkiä.",
                    "sv": "Lösenordet får ha högst {n} tecken.",
                    "en": "The password may have at most {n} characters."},
    "pw_too_simple": {"fi": "Salasana on liian helppo arvata.",
                      "sv": "Lösenordet är för lätt att gissa.",
                      "en": "The password is too easy to guess."},
    "pw_same": {"fi": "Uuden salasanan pitää olla eri kuin vanha.",
                "sv": "Det nya lösenordet måste skilja sig från det gamla.",
                "en": "The new password must differ from the old one."},
    "bad_user_name": {"fi": "Käyttäjätunnuksessa on 2–64 merkkiä: a–z, å, ä, ö, numerot "
                      "ja . _ - @", "sv": "Ett användarnamn har 2–64 tecken: a–z, å, ä, ö, "
                      "siffror och . _ - @", "en": "A user name has 2–64 characters: a–z, "
                      "å, ä, ö, digits and . _ - @"},
    "bad_role": {"fi": "Tuntematon rooli.", "sv": "Okänd roll.", "en": "Unknown role."},
    "bad_unit": {"fi": "Yksikön tunnuksessa saa olla vain a–z, 0–9 ja -.",
                 "sv": "En enhetskod får bara ha a–z, 0–9 och -.",
                 "en": "A unit id may only have a–z, 0–9 and -."},
    "user_exists": {"fi": "Käyttäjä {name} on jo olemassa.", "sv": "Användaren {name} "
                    "finns redan.", "en": "The user {name} already exists."},
})

MESSAGES.update({
    "home_title": {"fi": "Tervetuloa Raatiin", "sv": "Välkommen till Raati",
                   "en": "Welcome to Raati"},
    "home_intro": {
        "fi": "Raati kerää asiakkaiden nimettömän palautteen ja auttaa tekemään siitä muutoksia.",
        "sv": "Raati samlar in klienternas anonyma respons och hjälper er att göra förändringar.",
        "en": "Raati collects clients' anonymous feedback and helps turn it into change.",
    },
    "your_units": {"fi": "Yksikkösi: {units}", "sv": "Dina enheter: {units}",
                   "en": "Your units: {units}"},
    "all_units": {"fi": "kaikki yksiköt", "sv": "alla enheter", "en": "all units"},
    "no_units": {"fi": "ei yksiköitä – pyydä pääkäyttäjää lisäämään sinut yksikköön",
                 "sv": "inga enheter – be administratören lägga till dig i en enhet",
                 "en": "no units – ask an administrator to add you to a unit"},
    "go_rounds": {"fi": "Kierrokset ja QR-koodit", "sv": "Omgångar och QR-koder",
                  "en": "Rounds and QR codes"},
    "go_results": {"fi": "Tulokset", "sv": "Resultat", "en": "Results"},
})

MESSAGES.update({
    # account
    "account_title": {"fi": "Oma tili", "sv": "Mitt konto", "en": "My account"},
    "sso_account": {"fi": "Tiliäsi hallitaan organisaatiosi kirjautumispalvelussa.",
                    "sv": "Ditt konto hanteras i organisationens inloggningstjänst.",
                    "en": "Your account is managed by your organisation's sign-in service."},
    # users (admin)
    "users_title": {"fi": "Käyttäjät", "sv": "Användare", "en": "Users"},
    "col_user": {"fi": "Käyttäjä", "sv": "Användare", "en": "User"},
    "col_role": {"fi": "Rooli", "sv": "Roll", "en": "Role"},
    "col_units": {"fi": "Yksiköt", "sv": "Enheter", "en": "Units"},
    "col_state": {"fi": "Tila", "sv": "Status", "en": "State"},
    "state_active": {"fi": "käytössä", "sv": "aktiv", "en": "active"},
    "state_disabled": {"fi": "estetty", "sv": "spärrad", "en": "disabled"},
    "state_must_change": {"fi": "odottaa salasanan vaihtoa", "sv": "väntar på lösenordsbyte",
                          "en": "waiting for a password change"},
    "state_sso": {"fi": "organisaatiotunnus", "sv": "organisationskonto",
                  "en": "organisation account"},
    "add_user": {"fi": "Lisää käyttäjä", "sv": "Lägg till användare", "en": "Add a user"},
    "add_button": {"fi": "Lisää", "sv": "Lägg till", "en": "Add"},
    "one_time_password": {
        "fi": "Käyttäjän {name} kertakäyttöinen salasana (näytetään vain nyt; vaihdetaan "
              "ensimmäisellä kirjautumisella):",
        "sv": "Engångslösenord för {name} (visas bara nu; byts vid första inloggningen):",
        "en": "One-time password of {name} (shown only now; changed at the first login):",
    },
    "edit_user": {"fi": "Muokkaa käyttäjää", "sv": "Redigera användare", "en": "Edit a user"},
    "disabled": {"fi": "Estetty (ei voi kirjautua)", "sv": "Spärrad (kan inte logga in)",
                 "en": "Disabled (cannot log in)"},
    "save": {"fi": "Tallenna", "sv": "Spara", "en": "Save"},
    "saved": {"fi": "Tallennettu.", "sv": "Sparat.", "en": "Saved."},
    "reset_password": {"fi": "Anna uusi kertakäyttöinen salasana",
                       "sv": "Ge ett nytt engångslösenord", "en": "Give a new one-time password"},
    "remove_user": {"fi": "Poista käyttäjä", "sv": "Ta bort användare", "en": "Remove user"},
    "confirm_remove_user": {"fi": "Kyllä, poista {name}", "sv": "Ja, ta bort {name}",
                            "en": "Yes, remove {name}"},
    "user_removed": {"fi": "Käyttäjä poistettu.", "sv": "Användaren togs bort.",
                     "en": "The user was removed."},
    "not_yourself": {"fi": "Et voi estää tai poistaa omaa tiliäsi etkä poistaa viimeistä "
                     "pääkäyttäjää.", "sv": "Du kan inte spärra eller ta bort ditt eget konto "
                     "eller den sista administratören.", "en": "You cannot disable or remove "
                     "your own account or the last administrator."},
    # audit
    "audit_title": {"fi": "Tapahtumaloki", "sv": "Händelselogg", "en": "Audit log"},
    "audit_intro": {"fi": "Henkilöstön toimet, jotka koskevat aineistoa tai tilejä. "
                    "Asiakkaiden vastauksista ei kirjata aikaa.",
                    "sv": "Personalens åtgärder som rör data eller konton. Ingen tid "
                    "registreras för klienternas svar.",
                    "en": "Staff actions on data and accounts. Client answers are never "
                    "given a time."},
    "col_at": {"fi": "Aika", "sv": "Tid", "en": "Time"},
    "col_actor": {"fi": "Kuka", "sv": "Vem", "en": "Who"},
    "col_action": {"fi": "Mitä", "sv": "Vad", "en": "What"},
    "col_target": {"fi": "Kohde", "sv": "Mål", "en": "Target"},
    "col_detail": {"fi": "Lisätiedot", "sv": "Detaljer", "en": "Details"},
    "filter_actor": {"fi": "Kuka", "sv": "Vem", "en": "Who"},
    "filter_action": {"fi": "Toiminto", "sv": "Åtgärd", "en": "Action"},
    "any": {"fi": "kaikki", "sv": "alla", "en": "any"},
    # data
    "data_title": {"fi": "Aineisto: tuonti ja vienti", "sv": "Data: import och export",
                   "en": "Data: import and export"},
    "data_intro": {
        "fi": "Raakavastaukset ovat vain henkilöstölle. Vienti ja tuonti kirjataan "
              "tapahtumalokiin.",
        "sv": "Råsvaren är endast för personalen. Export och import loggas.",
        "en": "Raw answers are for staff only. Exports and imports are logged.",
    },
    "export_title": {"fi": "Vie vastaukset", "sv": "Exportera svar", "en": "Export answers"},
    "import_title": {"fi": "Tuo vastauksia (esim. paperilomakkeet)",
                     "sv": "Importera svar (t.ex. pappersformulär)",
                     "en": "Import answers (e.g. paper forms)"},
    "import_help": {
        "fi": "CSV (pilkku tai puolipiste, UTF-8) tai Excel (.xlsx), sarakkeet kuten "
              "viennissä. Jos yksikin rivi on virheellinen, mitään ei tuoda.",
        "sv": "CSV (komma eller semikolon, UTF-8) eller Excel (.xlsx), kolumner som i "
              "exporten. Om en rad är fel importeras ingenting.",
        "en": "CSV (comma or semicolon, UTF-8) or Excel (.xlsx), columns as in the export. "
              "If any row is wrong, nothing is imported.",
    },
    "import_button": {"fi": "Tuo", "sv": "Importera", "en": "Import"},
    "import_done": {"fi": "Tuotiin {new} vastausta ({present} oli jo tallessa).",
                    "sv": "{new} svar importerades ({present} fanns redan).",
                    "en": "Imported {new} responses ({present} were already there)."},
    "import_refused": {"fi": "Tiedostoa ei tuotu. Korjaa nämä ja yritä uudelleen:",
                       "sv": "Filen importerades inte. Rätta följande och försök igen:",
                       "en": "The file was not imported. Fix these and try again:"},
    "download": {"fi": "Lataa {fmt}", "sv": "Ladda ner {fmt}", "en": "Download {fmt}"},
    "unit_filter": {"fi": "Yksikkö", "sv": "Enhet", "en": "Unit"},
    "all_my_units": {"fi": "kaikki omat yksiköt", "sv": "alla egna enheter",
                     "en": "all my units"},
    # results (aggregated)
    "results_title": {"fi": "Tulokset", "sv": "Resultat", "en": "Results"},
    "results_n": {"fi": "{n} vastausta", "sv": "{n} svar", "en": "{n} responses"},
    "results_suppressed": {
        "fi": "Alle {k} vastaajaa: tulosta ei näytetä, jotta kukaan ei ole tunnistettavissa.",
        "sv": "Färre än {k} svarande: resultatet visas inte, så att ingen kan identifieras.",
        "en": "Fewer than {k} respondents: not shown, so that nobody can be identified.",
    },
    "col_question": {"fi": "Kysymys", "sv": "Fråga", "en": "Question"},
    "col_n": {"fi": "n", "sv": "n", "en": "n"},
    "col_low": {"fi": "1–2 (ei)", "sv": "1–2 (nej)", "en": "1–2 (no)"},
    "col_high": {"fi": "3–4 (kyllä)", "sv": "3–4 (ja)", "en": "3–4 (yes)"},
    "col_mean": {"fi": "Keskiarvo", "sv": "Medelvärde", "en": "Mean"},
    "col_counts": {"fi": "Jakauma", "sv": "Fördelning", "en": "Distribution"},
    "no_results": {"fi": "Ei vielä vastauksia.", "sv": "Inga svar ännu.",
                   "en": "No responses yet."},
    "text_answers_n": {"fi": "{n} avointa vastausta", "sv": "{n} öppna svar",
                       "en": "{n} open answers"},
    # rounds: retention and deletion
    "retention_title": {"fi": "Avointen vastausten säilytys ja poisto",
                        "sv": "Lagring och radering av öppna svar",
                        "en": "Keeping and deleting open answers"},
    "retention_days": {
        "fi": "Poista avoimet vastaukset näin monen päivän kuluttua kierroksen päättymisestä "
              "(tyhjä = säilytetään)",
        "sv": "Radera öppna svar så här många dagar efter att omgången slutat "
              "(tomt = sparas)",
        "en": "Delete open answers this many days after the round closes (empty = keep)",
    },
    "retention_saved": {"fi": "Säilytysaika tallennettu.", "sv": "Lagringstiden sparades.",
                        "en": "Retention saved."},
    "purge_now": {"fi": "Poista kierroksen avoimet vastaukset nyt",
                  "sv": "Radera omgångens öppna svar nu",
                  "en": "Delete the round's open answers now"},
    "purge_confirm": {"fi": "Ymmärrän: tekstit poistuvat pysyvästi, asteikkovastaukset jäävät.",
                      "sv": "Jag förstår: texterna raderas för gott, skalsvaren blir kvar.",
                      "en": "I understand: the texts are deleted for good, scale answers stay."},
    "purged": {"fi": "Poistettiin {n} tekstiä.", "sv": "{n} texter raderades.",
               "en": "{n} texts were deleted."},
    "delete_round": {"fi": "Poista koko kierros vastauksineen",
                     "sv": "Radera hela omgången med svar",
                     "en": "Delete the whole round with its answers"},
    "delete_round_confirm": {"fi": "Kirjoita POISTA vahvistukseksi",
                             "sv": "Skriv RADERA för att bekräfta",
                             "en": "Type DELETE to confirm"},
    "delete_word": {"fi": "POISTA", "sv": "RADERA", "en": "DELETE"},
    "round_deleted": {"fi": "Kierros ja {n} vastausta poistettu.",
                      "sv": "Omgången och {n} svar raderades.",
                      "en": "The round and {n} responses were deleted."},
    "texts_purged_on": {"fi": "Avoimet vastaukset poistettu {date}.",
                        "sv": "Öppna svar raderades {date}.",
                        "en": "Open answers deleted on {date}."},
})

MESSAGES.update({
    "choose": {"fi": "Valitse", "sv": "Välj", "en": "Choose"},
})

# -- the client's answering screens (plain language) ---------------------------------------
MESSAGES.update({
    "start_button": {"fi": "Aloita", "sv": "Börja", "en": "Start"},
    "choose_your_language": {"fi": "Valitse kieli", "sv": "Välj språk",
                             "en": "Choose your language"},
    "settings": {"fi": "Näin näet ja kuulet paremmin", "sv": "Så ser och hör du bättre",
                 "en": "To see and hear better"},
    "easy_switch": {"fi": "Selkokieli", "sv": "Lättläst", "en": "Easy language"},
    "big_text_switch": {"fi": "Isompi teksti", "sv": "Större text", "en": "Bigger text"},
    "contrast_switch": {"fi": "Vahvat värit", "sv": "Starka färger", "en": "High contrast"},
    "progress": {"fi": "Kysymys {n} / {total}", "sv": "Fråga {n} / {total}",
                 "en": "Question {n} / {total}"},
    "back": {"fi": "← Takaisin", "sv": "← Tillbaka", "en": "← Back"},
    "skip": {"fi": "Ohita", "sv": "Hoppa över", "en": "Skip"},
    "next": {"fi": "Seuraava →", "sv": "Nästa →", "en": "Next →"},
    "bursts_seen": {"fi": "Tähän kierrokseen tuli poikkeuksellisen paljon vastauksia lyhyessä "
                          "ajassa, ja osa torjuttiin: {days}. Jos joku lähetti samoja "
                          "vastauksia monta kertaa, voit poistaa kierroksen vastauksineen.",
                    "sv": "Omgången fick ovanligt många svar på kort tid och en del "
                          "avvisades: {days}. Om någon skickade samma svar många gånger kan "
                          "du ta bort omgången med dess svar.",
                    "en": "This round got unusually many answers in a short time and some "
                          "were refused: {days}. If someone sent answers many times over, "
                          "you can delete the round with its answers."},
    "burst_day": {"fi": "{date} ({n} torjuttu)", "sv": "{date} ({n} avvisade)",
                  "en": "{date} ({n} refused)"},
    "text_too_long": {"fi": "Tekstissä on {n} merkkiä. Siihen mahtuu {k}. Lyhennä tekstiä, "
                            "niin pääset eteenpäin.",
                      "sv": "Texten har {n} tecken. Det ryms {k}. Korta texten för att gå "
                            "vidare.",
                      "en": "The text has {n} characters. {k} fit. Make it shorter to go on."},
    "burst_wait": {"fi": "Vastauksia tulee juuri nyt tavallista enemmän. Vastauksesi ovat "
                         "vielä tallessa tällä sivulla. Odota hetki ja paina Lähetä vastaus uudelleen.",
                   "sv": "Det kommer ovanligt många svar just nu. Dina svar finns kvar på "
                         "den här sidan. Vänta en stund och tryck på Skicka svaret igen.",
                   "en": "Unusually many answers are coming in right now. Your answers are "
                         "still on this page. Wait a moment and press Send my answer again."},
    "answer_needed": {"fi": "Valitse vastaus, niin pääset eteenpäin.",
                      "sv": "Välj ett svar för att gå vidare.",
                      "en": "Choose an answer to go on."},
    "optional_hint": {"fi": "Tähän ei ole pakko vastata.", "sv": "Du behöver inte svara på "
                      "den här.", "en": "You do not have to answer this."},
    "listen": {"fi": "Kuuntele", "sv": "Lyssna", "en": "Listen"},
    "no_voice": {"fi": "Tällä laitteella ei ole puheääntä tälle kielelle.",
                 "sv": "Den här enheten har ingen röst för det här språket.",
                 "en": "This device has no voice for this language."},
    "review_title": {"fi": "Valmis!", "sv": "Klart!", "en": "Done!"},
    "review_body": {"fi": "Olet vastannut kaikkiin kysymyksiin. Lähetä vastauksesi.",
                    "sv": "Du har svarat på alla frågor. Skicka ditt svar.",
                    "en": "You have answered all the questions. Send your answer."},
    "review_missing": {"fi": "Vastaa vielä näihin kysymyksiin: {which}",
                       "sv": "Svara ännu på de här frågorna: {which}",
                       "en": "Please answer these questions too: {which}"},
    "go_to_question": {"fi": "Kysymys {n}", "sv": "Fråga {n}", "en": "Question {n}"},
    "thanks_next": {"fi": "Seuraava vastaaja voi aloittaa {s} sekunnin kuluttua.",
                    "sv": "Nästa person kan börja om {s} sekunder.",
                    "en": "The next person can start in {s} seconds."},
    "start_over": {"fi": "Seuraava vastaaja", "sv": "Nästa person", "en": "Next person"},
    "already_title": {"fi": "Olet jo vastannut", "sv": "Du har redan svarat",
                      "en": "You have already answered"},
    "already_body": {"fi": "Kiitos! Tähän kyselyyn voi vastata kerran.",
                     "sv": "Tack! Man kan svara på den här enkäten en gång.",
                     "en": "Thank you! This survey can be answered once."},
    "idle_title": {"fi": "Oletko vielä siellä?", "sv": "Är du kvar?", "en": "Are you still there?"},
    "idle_body": {"fi": "Vastaus tyhjennetään {s} sekunnin kuluttua.",
                  "sv": "Svaret töms om {s} sekunder.",
                  "en": "The answer will be cleared in {s} seconds."},
    "idle_continue": {"fi": "Jatka vastaamista", "sv": "Fortsätt svara", "en": "Continue"},
    "text_limit": {"fi": "Enintään {n} merkkiä.", "sv": "Högst {n} tecken.",
                   "en": "At most {n} characters."},
    "kiosk_exit": {"fi": "Henkilöstölle", "sv": "För personalen", "en": "For staff"},
    "kiosk_pin": {"fi": "Kioskitilan PIN-koodi", "sv": "Kioskläge: PIN-kod",
                  "en": "Kiosk mode PIN"},
    "kiosk_pin_wrong": {"fi": "Väärä PIN-koodi.", "sv": "Fel PIN-kod.", "en": "Wrong PIN."},
    "kiosk_left": {"fi": "Kioskitila lopetettu tässä selaimessa.",
                   "sv": "Kioskläget avslutades i den här webbläsaren.",
                   "en": "Kiosk mode ended in this browser."},
    "kiosk_leave": {"fi": "Lopeta kioskitila", "sv": "Avsluta kioskläget",
                    "en": "Leave kiosk mode"},
    "cancel": {"fi": "Peruuta", "sv": "Avbryt", "en": "Cancel"},
})

# -- QR poster (raati/poster.py) and its download button on the rounds page ---------------
MESSAGES.update({
    "download_poster": {"fi": "Lataa QR-juliste (A4, PDF)", "sv": "Ladda ner QR-affisch (A4, PDF)",
                        "en": "Download QR poster (A4, PDF)"},
    "poster_call": {"fi": "Vastaa kyselyyn puhelimellasi", "sv": "Svara på enkäten med din telefon",
                    "en": "Answer the survey on your phone"},
    "poster_scan": {
        "fi": "Avaa puhelimen kamera. Osoita kameralla tätä koodia.",
        "sv": "Öppna telefonens kamera. Rikta kameran mot koden.",
        "en": "Open your phone's camera. Point it at this code.",
    },
    "poster_type_link": {"fi": "Tai kirjoita tämä osoite selaimeen:",
                         "sv": "Eller skriv den här adressen i webbläsaren:",
                         "en": "Or type this address in your browser:"},
    "poster_anonymous": {
        "fi": "Emme kysy nimeäsi. Kukaan ei näe, mitä sinä vastasit.",
        "sv": "Vi frågar inte ditt namn. Ingen ser vad just du svarade.",
        "en": "We do not ask your name. Nobody sees what you answered.",
    },
    "poster_time": {"fi": "Vastaaminen vie noin {n} minuuttia.",
                    "sv": "Det tar ungefär {n} minuter att svara.",
                    "en": "Answering takes about {n} minutes."},
    "poster_credit": {"fi": "Kuvat: OpenMoji, CC BY-SA 4.0", "sv": "Bilder: OpenMoji, CC BY-SA 4.0",
                      "en": "Pictures: OpenMoji, CC BY-SA 4.0"},
    "poster_qr_alt": {"fi": "QR-koodi, joka avaa kyselyn", "sv": "QR-kod som öppnar enkäten",
                      "en": "QR code that opens the survey"},
})

MESSAGES.update({
    "bad_pin": {"fi": "PIN-koodissa on 4–12 numeroa.", "sv": "PIN-koden har 4–12 siffror.",
                "en": "A PIN has 4–12 digits."},
})

MESSAGES.update({
    "kiosk_title": {"fi": "Kioskitila (pajan yhteinen tabletti)",
                    "sv": "Kioskläge (verkstadens gemensamma surfplatta)",
                    "en": "Kiosk mode (the workshop's shared tablet)"},
    "kiosk_intro": {
        "fi": "Avaa tabletilla alla oleva kioskilinkki. Kiitos-näkymä palaa itsestään alkuun "
              "seuraavaa vastaajaa varten, ja kesken jäänyt vastaus tyhjennetään.",
        "sv": "Öppna kiosklänken nedan på surfplattan. Tack-vyn återgår av sig själv till "
              "början för nästa person, och ett ofärdigt svar töms.",
        "en": "Open the kiosk link below on the tablet. The thank-you screen returns to the "
              "start for the next person by itself, and an unfinished answer is cleared.",
    },
    "kiosk_always": {"fi": "Kierroksen linkki avautuu aina kioskitilassa",
                     "sv": "Omgångens länk öppnas alltid i kioskläge",
                     "en": "The round's link always opens in kiosk mode"},
    "kiosk_thanks_s": {"fi": "Kiitos-näkymä näkyy (sekuntia)", "sv": "Tack-vyn visas (sekunder)",
                       "en": "Thank-you screen shows (seconds)"},
    "kiosk_idle_s": {"fi": "Kesken jäänyt vastaus tyhjennetään (sekuntia ilman kosketusta)",
                     "sv": "Ett ofärdigt svar töms (sekunder utan beröring)",
                     "en": "An unfinished answer is cleared (seconds without a touch)"},
    "kiosk_new_pin": {"fi": "Uusi PIN-koodi kioskitilasta poistumiseen (tyhjä = ennallaan)",
                      "sv": "Ny PIN-kod för att lämna kioskläget (tomt = oförändrad)",
                      "en": "New PIN to leave kiosk mode (empty = unchanged)"},
    "kiosk_link": {"fi": "Kioskilinkki tabletille:", "sv": "Kiosklänk för surfplattan:",
                   "en": "Kiosk link for the tablet:"},
})

MESSAGES.update({
    "nav_moderation": {"fi": "Moderointi", "sv": "Moderering", "en": "Moderation"},
    "moderation_title": {"fi": "Avointen vastausten moderointi",
                         "sv": "Moderering av öppna svar", "en": "Moderating open answers"},
    "moderation_intro": {
        "fi": "Avoimet vastaukset näkyvät muille (tulokset, esitykset, raportit) vasta, kun "
              "hyväksyt ne. Henkilötiedot on peitetty ehdotukseen valmiiksi; voit muokata "
              "tekstiä ennen hyväksymistä tai piilottaa sen.",
        "sv": "Öppna svar visas för andra (resultat, presentationer, rapporter) först när du "
              "godkänner dem. Personuppgifter är redan dolda i förslaget; du kan redigera "
              "texten före godkännandet eller dölja den.",
        "en": "Open answers are shown to others (results, presentations, reports) only once "
              "you approve them. Personal data is already masked in the suggestion; you can "
              "edit the text before approving, or hide it.",
    },
    "mod_filter": {"fi": "Näytä", "sv": "Visa", "en": "Show"},
    "mod_pending": {"fi": "odottaa", "sv": "väntar", "en": "waiting"},
    "mod_approved": {"fi": "hyväksytty", "sv": "godkänd", "en": "approved"},
    "mod_hidden": {"fi": "piilotettu", "sv": "dold", "en": "hidden"},
    "mod_original": {"fi": "Alkuperäinen (vain moderoijalle)", "sv": "Original (bara för "
                     "moderatorn)", "en": "Original (moderators only)"},
    "mod_shown": {"fi": "Näin teksti näytetään muille", "sv": "Så visas texten för andra",
                  "en": "As others will see it"},
    "mod_approve": {"fi": "Hyväksy", "sv": "Godkänn", "en": "Approve"},
    "mod_hide": {"fi": "Piilota", "sv": "Dölj", "en": "Hide"},
    "mod_none": {"fi": "Ei tekstejä tällä valinnalla.", "sv": "Inga texter med detta val.",
                 "en": "No texts with this choice."},
    "mod_counts": {"fi": "{pending} odottaa · {approved} hyväksytty · {hidden} piilotettu",
                   "sv": "{pending} väntar · {approved} godkända · {hidden} dolda",
                   "en": "{pending} waiting · {approved} approved · {hidden} hidden"},
    "mod_comment_of": {"fi": "Kerro lisää -kommentti kysymykseen", "sv": "Kommentar till "
                       "frågan", "en": "Comment on the question"},
})

MESSAGES.update({
    "filter_periods": {"fi": "Kierrokset / ajanjaksot", "sv": "Omgångar / perioder",
                       "en": "Rounds / periods"},
    "filter_lang": {"fi": "Vastauskieli", "sv": "Svarsspråk", "en": "Answer language"},
    "all_languages": {"fi": "kaikki kielet", "sv": "alla språk", "en": "all languages"},
    "left_out": {
        "fi": "{n} vastausta ei ole mukana luvuissa: ryhmät, joissa on alle {k} vastaajaa, "
              "ja uusimmat vastaukset, kunnes niitä on tullut vähintään {k} lisää (jotta "
              "ketään ei voi tunnistaa).",
        "sv": "{n} svar ingår inte i siffrorna: grupper med färre än {k} svarande och de "
              "senaste svaren, tills minst {k} till har kommit in (så att ingen kan "
              "identifieras).",
        "en": "{n} answers are not in the figures: groups of fewer than {k} respondents, "
              "and the latest answers until at least {k} more have come in (so that nobody "
              "can be identified).",
    },
    "fewer_than": {"fi": "Alle {k}", "sv": "Färre än {k}", "en": "Fewer than {k}"},
    "rate": {"fi": "Vastausprosentti {rate} ({n} / {expected})",
             "sv": "Svarsprocent {rate} ({n} / {expected})",
             "en": "Response rate {rate} ({n} / {expected})"},
    "weakest": {"fi": "Heikoimmat", "sv": "Svagast", "en": "Weakest"},
    "strongest": {"fi": "Vahvimmat", "sv": "Starkast", "en": "Strongest"},
    "theme_line": {"fi": "{q} – {p} vastasi 3–4", "sv": "{q} – {p} svarade 3–4",
                   "en": "{q} – {p} answered 3–4"},
    "tab_overview": {"fi": "Yleiskuva", "sv": "Översikt", "en": "Overview"},
    "tab_rounds": {"fi": "Muutos kierrosten välillä", "sv": "Förändring mellan omgångar",
                   "en": "Change between rounds"},
    "tab_units": {"fi": "Yksiköt rinnakkain", "sv": "Enheter sida vid sida",
                  "en": "Units side by side"},
    "tab_texts": {"fi": "Mitä kirjoitettiin", "sv": "Vad skrevs", "en": "What people wrote"},
    "tab_reports": {"fi": "Raportit ja viennit", "sv": "Rapporter och export",
                    "en": "Reports and exports"},
    "compare_from": {"fi": "Vertaa kierrosta", "sv": "Jämför omgången", "en": "Compare round"},
    "compare_to": {"fi": "kierrokseen", "sv": "med omgången", "en": "with round"},
    "change_rule": {
        "fi": "Muutos merkitään vain, kun se on todellinen: 3–4-vastausten osuuksien eron 95 %:n "
              "luottamusväli (Newcomben menetelmä, Bonferroni-korjattu kysymysten määrällä) "
              "ei sisällä nollaa.",
        "sv": "En förändring markeras bara när den är verklig: 95 % konfidensintervallet för "
              "skillnaden i andelen 3–4 (Newcombes metod, Bonferroni-korrigerat för antalet "
              "frågor) innehåller inte noll.",
        "en": "A change is flagged only when it is real: the 95 % confidence interval of the "
              "difference in the share of 3–4 (Newcombe's method, Bonferroni-corrected for "
              "the number of questions) excludes zero.",
    },
    "changed_up": {"fi": "▲ {q}: {a} → {b}", "sv": "▲ {q}: {a} → {b}", "en": "▲ {q}: {a} → {b}"},
    "changed_down": {"fi": "▼ {q}: {a} → {b}", "sv": "▼ {q}: {a} → {b}",
                     "en": "▼ {q}: {a} → {b}"},
    "no_real_change": {"fi": "Ei todellisia muutoksia – erot mahtuvat satunnaisvaihteluun.",
                       "sv": "Inga verkliga förändringar – skillnaderna ryms i slumpen.",
                       "en": "No real changes – the differences are within chance."},
    "need_two_rounds": {"fi": "Vertailuun tarvitaan kaksi kierrosta.",
                        "sv": "För en jämförelse behövs två omgångar.",
                        "en": "A comparison needs two rounds."},
    "keywords": {"fi": "Yleisimmät sanat", "sv": "Vanligaste orden", "en": "Most common words"},
    "word_cloud_alt": {"fi": "Sanapilvi avoimista vastauksista", "sv": "Ordmoln av öppna svar",
                       "en": "Word cloud of the open answers"},
    "texts_waiting": {"fi": "{n} tekstiä odottaa moderointia.",
                      "sv": "{n} texter väntar på moderering.",
                      "en": "{n} texts wait for moderation."},
    "kwic": {"fi": "Sana lauseyhteydessään", "sv": "Ordet i sitt sammanhang",
             "en": "The word in context"},
    "download_pdf": {"fi": "Lataa raportti (PDF)", "sv": "Ladda ner rapport (PDF)",
                     "en": "Download report (PDF)"},
    "download_pptx": {"fi": "Lataa esitys (PowerPoint)", "sv": "Ladda ner presentation "
                      "(PowerPoint)", "en": "Download presentation (PowerPoint)"},
    "download_agg_csv": {"fi": "Lataa koostetut tulokset (CSV)",
                         "sv": "Ladda ner sammanställda resultat (CSV)",
                         "en": "Download aggregated results (CSV)"},
    "col_high_ci": {"fi": "3–4 (95 % luottamusväli)", "sv": "3–4 (95 % konfidensintervall)",
                    "en": "3–4 (95 % interval)"},
})
