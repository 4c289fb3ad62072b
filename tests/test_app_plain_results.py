"""AppTest: the plain-language results view (issue 14) on the results page. Developer-
clients get it instead of the statistics and see only their units; staff switch it on;
a question under the minimum group says so and shows no number."""

from __future__ import annotations

import re

import pytest

from analysis.plain import plain_results, successes_and_improvements
from analysis.views import build_view, published_counts, restrict_units
from raati import config
from raati.demo import fill_demo
from raati.i18n import t
from raati.responses import build_answers
from raati.store import NewResponse
from raati.surveys import find_survey
from tests._helpers import staff_app


@pytest.fixture
def demo(app_env):
    store, defs = app_env
    fill_demo(store, defs)
    return store, defs


def with_arabic(defs) -> None:
    """The copied demo survey lists Arabic too (its texts have none: they fall back to
    Finnish), so the plain view offers Arabic."""
    path = defs / "asiakaskysely.yaml"
    text = path.read_text(encoding="utf-8")
    assert "languages: [fi, sv, en]\n" in text
    path.write_text(text.replace("languages: [fi, sv, en]\n", "languages: [fi, sv, en, ar]\n"),
                    encoding="utf-8")


def html_of(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def shown_text(at) -> str:
    """Everything the page shows as text (not its CSS or script)."""
    body = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", html_of(at), flags=re.S)
    parts = [body] + [e.value for e in at.markdown] + [e.value for e in at.text]
    parts += [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.subheader] + [e.value for e in at.title]
    parts += [str(d.value) for d in at.dataframe]
    return "\n".join(map(str, parts))


def expected_plain(store, defs, units, lang="fi"):
    survey = find_survey(defs, "asiakaskysely")
    data = restrict_units(published_counts(store, survey, config.min_group()), units)
    view = build_view(survey, data, config.min_group())
    return (plain_results(survey, view, lang, min_group=config.min_group()),
            successes_and_improvements(survey, view, lang, min_group=config.min_group()))


def test_developer_client_reads_plain_sentences_never_statistics(demo):
    store, defs = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    body = html_of(at)
    text = shown_text(at)
    plain, (good, bad) = expected_plain(store, defs, ["puupaja"])
    assert any(not p.suppressed for p in plain)
    for p in plain:
        assert p.sentence in body
        if not p.suppressed:
            # The icon array is one image named by the sentence, x filled of d.
            assert f'role="img" aria-label="{p.sentence}"' in body
    assert "Tässä onnistuimme" in text and "Tätä pitää parantaa" in text
    for line in good + bad:
        assert line in text
    assert "Tulokset selkokielellä" in text
    # No statistics: no percentages, intervals, p-values, means, "None", tables, charts.
    for word in ("Wilson", "%", "None", "Newcombe", "Bonferroni", "keskiarvo", "luottamus"):
        assert word not in text, word
    assert not at.dataframe and not at.get("plotly_chart") and not at.tabs
    # Read-aloud buttons in the view's language.
    assert 'class="raati-say"' in body and 'data-lang="fi-FI"' in body


def test_developer_client_sees_only_their_units(demo):
    store, defs = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("ompelimo",))
    options = at.selectbox(key="res_unit").options
    assert "Ompelimo" in options and "Puupaja" not in options
    mine, _ = expected_plain(store, defs, ["ompelimo"])
    theirs, _ = expected_plain(store, defs, ["puupaja"])
    body = html_of(at)
    shown_mine = [p.sentence for p in mine if not p.suppressed]
    assert shown_mine and all(s in body for s in shown_mine)
    # Puupaja's sentences that differ from Ompelimo's are not there.
    other = {p.sentence for p in theirs if not p.suppressed} - {p.sentence for p in mine}
    assert other and not any(s in body for s in other)
    assert "9 vastausta" in shown_text(at) and "25 vastausta" not in shown_text(at)


def test_developer_client_sees_approved_masked_texts_only(demo):
    store, _ = demo
    texts = store.free_texts("asiakaskysely", ["parasta", "muutettavaa"])
    phone = next(i for i in texts if "040" in i["text"])
    store.moderate(phone["response_id"], phone["question"], phone["kind"], "approved",
                   "Soittakaa minulle [puhelin] jos tulee työpaikka.", "x")
    at, _ = staff_app(store, "developer-client", "pages/results.py",
                      units=(phone["unit"],))
    text = shown_text(at)
    assert "Mitä kirjoititte" in text
    assert "Soittakaa minulle [puhelin] jos tulee työpaikka." in text
    assert "040 123 4567" not in text
    unapproved = [i["text"] for i in texts if i is not phone and i["unit"] == phone["unit"]]
    assert unapproved and not any(u in text for u in unapproved)


def test_plain_view_has_its_own_language_and_bigger_text(demo):
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    at.selectbox(key="plain_lang").set_value("sv").run()
    body = html_of(at)
    assert "av er svarade:" in body and "teistä sanoi" not in body
    assert "Här lyckades vi" in body and 'lang="sv"' in body
    assert 'class="raati-plain" lang="sv"' in body  # neither bigger nor strong yet
    at.toggle(key="plain_big").set_value(True).run()
    at.toggle(key="plain_strong").set_value(True).run()
    body = html_of(at)
    assert 'class="raati-plain raati-plain-big raati-plain-strong" lang="sv"' in body


def test_plain_view_offers_only_the_surveys_languages(app_env):
    """The language picker offers the survey's own languages (Survey.languages), not
    every client language: in another, its texts would be Finnish inside, say, Arabic
    sentences. A survey that lists Arabic gets Arabic (right to left)."""
    store, defs = app_env
    fill_demo(store, defs)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    assert at.selectbox(key="plain_lang").options == ["suomi", "svenska", "English"]
    with_arabic(defs)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    assert at.selectbox(key="plain_lang").options == ["suomi", "svenska", "English",
                                                      "العربية"]
    at.selectbox(key="plain_lang").set_value("ar").run()
    assert not at.exception
    body = html_of(at)
    assert 'dir="rtl"' in body and "منكم" in body
    # Another survey without Arabic: the choice goes back to one it has.
    at.selectbox(key="res_survey").set_value("viikkofiilis").run()
    assert not at.exception
    assert at.selectbox(key="plain_lang").value == "fi"


def test_staff_switch_to_the_plain_view(demo):
    store, defs = demo
    at, _ = staff_app(store, "staff", "pages/results.py", units=("puupaja",))
    assert "raati-plain-card" not in html_of(at)
    assert at.tabs and at.dataframe  # the statistics
    at.toggle(key="res_plain").set_value(True).run()
    assert not at.exception
    body = html_of(at)
    plain, _ = expected_plain(store, defs, ["puupaja"])
    assert "raati-plain-card" in body and all(p.sentence in body for p in plain)
    assert not at.tabs and not at.dataframe
    assert at.toggle(key="res_plain").label == "Selkokielinen näkymä"
    at.toggle(key="res_plain").set_value(False).run()
    assert at.tabs and "raati-plain-card" not in html_of(at)


def test_developer_client_has_no_switch_back_to_statistics(demo):
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    assert not [t for t in at.toggle if t.key == "res_plain"]


def test_a_question_under_the_minimum_group_says_so(app_env):
    store, defs = app_env
    survey = find_survey(defs, "viikkofiilis")
    store.ensure_unit("puupaja", "Puupaja")
    rnd = store.open_round("viikkofiilis", "puupaja", name="Viikko", opens="2026-03-02")
    responses = []
    for i in range(8):
        values = {"viikko": 3 + i % 2, "apu": 2 + i % 3, "ryhma": 4}
        if i < 3:
            values["tyo"] = 1  # only three answered this one: under the minimum of 5
        responses.append(NewResponse(
            survey="viikkofiilis", date="2026-03-03", lang="fi",
            answers=build_answers(survey, values, require=False),
            survey_version=survey.version, unit="puupaja", round_id=rnd.id,
            id=f"t-{i}", text_questions=survey.text_question_ids))
    store.import_responses(responses)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    at.selectbox(key="res_survey").set_value("viikkofiilis").run()
    assert not at.exception and "8 vastausta" in shown_text(at)
    body = html_of(at)
    cards = dict(re.findall(r'data-question="(\w+)">(.*?)</article>', body, flags=re.S))
    assert set(cards) == {"viikko", "apu", "ryhma", "tyo"}
    assert "Liian vähän vastauksia, jotta voisimme näyttää tämän." in cards["tyo"]
    tyo = re.sub(r"<[^>]+>", " ", cards["tyo"])
    assert not re.search(r"\d", tyo)  # no number at all: not n, not x / d
    assert "raati-icons" not in cards["tyo"] and "raati-plain-scale" not in cards["tyo"]
    assert "8 / 8 teistä sanoi: melko paljon tai paljon" in cards["ryhma"]
    assert "Liian vähän" not in cards["ryhma"]


# -- item 2: pick what to take forward ---------------------------------------------------

MARK = "plain_mark_puupaja_asiakaskysely_tyollistyminen"
DID = "Työhönvalmentaja tulee puupajaan joka toinen tiistai ja auttaa työnhaussa."


def test_developer_client_marks_a_theme_and_sees_its_actions(demo):
    store, defs = demo
    [action] = [a for a in store.actions(unit="puupaja") if a.did == DID]
    at, user = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    plain, _ = expected_plain(store, defs, ["puupaja"])
    assert not next(p for p in plain if p.question.id == "tyollistyminen").suppressed
    assert "Näistä haluamme puhua" in shown_text(at)
    assert DID not in shown_text(at)  # actions show under a marked theme only
    at.checkbox(key=MARK).check().run()
    assert not at.exception
    [mark] = store.theme_marks(survey="asiakaskysely")
    assert (mark.unit, mark.question) == ("puupaja", "tyollistyminen")
    entry = store.audit_entries(actor=user.name, action="theme mark")[0]
    assert (entry.target, entry.detail) == ("asiakaskysely/tyollistyminen", "puupaja")
    text = shown_text(at)
    assert "Mitä olemme tehneet:" in text
    # You said, we did: what clients said and what was done, with the status.
    body = html_of(at)
    [card] = re.findall(r'<li class="raati-plain-action">.*?</li>', body, flags=re.S)
    plain_card = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))
    assert "Tilanne: Työn alla" in plain_card
    assert f"Te sanoitte: {action.said}" in plain_card
    assert f"Me teemme: {DID}" in plain_card
    assert f'<bdi lang="fi">{action.said}</bdi>' in card
    # Another marked theme without actions says so.
    at.checkbox(key="plain_mark_puupaja_asiakaskysely_tiedot").check().run()
    assert "Tästä ei ole vielä kirjattu toimenpiteitä." in shown_text(at)
    # Developer-clients open no panel sessions.
    assert not [b for b in at.button if (b.key or "").startswith("plain_panel_")]
    # A new visit shows the marks; unmarking takes them off.
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    assert at.checkbox(key=MARK).value is True
    at.checkbox(key=MARK).uncheck().run()
    assert [m.question for m in store.theme_marks(survey="asiakaskysely")] == ["tiedot"]


def test_marking_needs_one_unit(demo):
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py",
                      units=("puupaja", "ompelimo"))
    assert "Valitse yksi yksikkö." in shown_text(at)
    assert not [c for c in at.checkbox if (c.key or "").startswith("plain_mark_")]
    at.selectbox(key="res_unit").set_value("ompelimo").run()
    assert [c for c in at.checkbox if (c.key or "").startswith("plain_mark_ompelimo_")]


def test_staff_open_a_panel_from_a_marked_theme(demo):
    store, defs = demo
    at, _ = staff_app(store, "staff", "pages/results.py", units=("puupaja",))
    at.toggle(key="res_plain").set_value(True).run()
    at.checkbox(key=MARK).check().run()
    at.button(key="plain_panel_tyollistyminen").click().run()
    assert not at.exception
    assert at.title[0].value == "Asiakasraadit"
    assert any("täytetty valmiiksi tulosten aiheesta" in i.value for i in at.info)
    survey = find_survey(defs, "asiakaskysely")
    q = survey.question("tyollistyminen")
    [title] = [w for w in at.text_input if w.label == "Raadin aihe"]
    assert title.value == q.text["fi"]
    [prompts] = [w for w in at.text_area if w.label == t("panels_prompts")]
    assert prompts.value == q.easy["fi"]
    assert at.selectbox(key="panels_open_unit").value == "puupaja"


def test_one_round_of_one_unit_compares_with_the_round_before(demo):
    """The demo's puupaja autumn round against its spring round: change words appear
    only for changes round_changes flags (the same figures the staff rounds tab uses)."""
    from analysis.results import round_changes

    store, defs = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    rounds = sorted((r for r in store.rounds("asiakaskysely") if r.unit == "puupaja"),
                    key=lambda r: r.opens)
    spring, autumn = (f"r{r.id}" for r in rounds)
    at.multiselect(key="res_periods").set_value([autumn]).run()
    assert not at.exception
    survey = find_survey(defs, "asiakaskysely")
    data = restrict_units(published_counts(store, survey, config.min_group()), ["puupaja"])
    _, after, changes = round_changes(survey, data, config.min_group(), spring, autumn,
                                      ["puupaja"])
    flagged = {c.after.question.id for c in changes if c.difference.flagged}
    assert flagged  # the demo has a real change (and bigger-looking ones that are not)
    body = html_of(at)
    cards = dict(re.findall(r'data-question="(\w+)">(.*?)</article>', body, flags=re.S))
    for qid, card in cards.items():
        assert ("raati-plain-change" in card) == (qid in flagged), qid
    up = {c.after.question.id for c in changes if c.difference.flagged and c.difference.value > 0}
    assert all("Tämä on enemmän kuin " in cards[qid] for qid in up)
    assert "%" not in shown_text(at)


# -- walk fixes ----------------------------------------------------------------------------

def _round_key(store, unit: str, name: str) -> str:
    [rnd] = [r for r in store.rounds("asiakaskysely") if r.unit == unit and r.name == name]
    return f"r{rnd.id}"


def test_a_round_under_the_minimum_says_only_too_few(demo):
    """Ompelimo's autumn round has 3 answers (minimum 5): the plain view says only "too
    few answers" — no count (not 0, not 3), no staff caption about left-out answers."""
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("ompelimo",))
    at.multiselect(key="res_periods").set_value([_round_key(store, "ompelimo", "Syksy")]).run()
    assert not at.exception
    text = shown_text(at)
    assert "Liian vähän vastauksia, jotta voisimme näyttää tämän." in text
    assert "vastausta" not in text and "Alle 5" not in text, text
    assert "ei ole mukana luvuissa" not in text and "tulosta ei näytetä" not in text
    # The staff page's own filter still shows the round (only its figures are hidden).
    assert at.multiselect(key="res_periods").value


def test_survey_texts_are_isolated_on_an_arabic_page(demo):
    """The demo survey has no Arabic: on an Arabic (RTL) plain view every Finnish question
    text and scale word sits in its own <bdi lang="fi"> (or an element with dir="auto"
    and lang="fi"), so its punctuation and numbers stay in place."""
    store, defs = demo
    with_arabic(defs)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    at.selectbox(key="plain_lang").set_value("ar").run()
    assert not at.exception
    body = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", html_of(at), flags=re.S)
    plain, _ = expected_plain(store, defs, ["puupaja"], "ar")
    shown = [p for p in plain if not p.suppressed]
    # The app's default 1–4 words have Arabic; the questions' own words are Finnish only.
    assert shown and all(p.text_lang == "fi" for p in shown)
    assert {p.scale_langs for p in shown} == {("fi",) * 4, ("ar",) * 4}
    words = {_lower(w) for p in shown if p.scale_langs[0] == "fi" for _, w, _ in p.scale}
    assert '<bdi lang="fi">melko paljon</bdi>' in body and '<bdi lang="ar">' in body
    # Take away every isolated part, and every attribute: no Finnish text is left.
    rest = re.sub(r'<bdi lang="fi">[^<]*</bdi>', "", body)
    rest = re.sub(r'<(p|h2)[^>]*lang="fi" dir="auto"[^>]*>[^<]*</\1>', "", rest)
    rest = re.sub(r"<[^>]+>", " ", rest)
    for p in shown:
        assert p.text not in rest, p.text
        assert p.text.rstrip("?.!") not in rest, p.text
    for word in words:
        assert word not in rest and word.capitalize() not in rest, word


def _lower(word: str) -> str:
    return word[:1].lower() + word[1:]


def test_plain_view_speaks_its_own_language_and_filters_have_no_english(demo):
    """Switched to Swedish, everything inside the plain view (the count, the switches,
    the themes to pick) is Swedish; the staff page's filters above keep the staff
    language, and the rounds filter has no Streamlit "Select all" (English)."""
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    periods = at.multiselect(key="res_periods")
    assert periods.proto.select_all == 0 and periods.placeholder == "Valitse"
    assert "25 vastausta" in html_of(at)
    at.selectbox(key="plain_lang").set_value("sv").run()
    assert not at.exception
    body = html_of(at)
    assert t("plain_n", "sv", n=25) in body and "vastausta" not in body
    assert at.selectbox(key="plain_lang").label == t("choose_language", "sv")
    assert at.toggle(key="plain_big").label == t("big_text_switch", "sv")
    assert at.toggle(key="plain_strong").label == t("contrast_switch", "sv")
    subheaders = [s.value for s in at.subheader]
    assert t("plain_marked_title", "sv") in subheaders
    assert t("plain_mark_help", "sv") in [m.value for m in at.markdown]
    # The staff page's own filters stay in the staff language (Finnish here).
    assert at.selectbox(key="res_unit").label == "Yksikkö"
    assert at.multiselect(key="res_periods").label == "Kierrokset / ajanjaksot"
    assert [o for o in at.selectbox(key="plain_lang").options] == [
        "suomi", "svenska", "English"]


def test_open_a_panel_from_one_round_starts_from_that_round(demo):
    """"Avaa raati tästä" in a view of one round: the panel form's "Lähtökohdaksi
    kyselykierroksen tulokset" is that round; in a view of all rounds it stays empty."""
    store, _ = demo
    autumn = _round_key(store, "puupaja", "Syksy")
    at, _ = staff_app(store, "staff", "pages/results.py", units=("puupaja",))
    at.toggle(key="res_plain").set_value(True).run()
    at.multiselect(key="res_periods").set_value([autumn]).run()
    at.checkbox(key=MARK).check().run()
    at.button(key="plain_panel_tyollistyminen").click().run()
    assert not at.exception and at.title[0].value == "Asiakasraadit"
    assert at.selectbox(key="panels_open_round_puupaja").value == int(autumn[1:])
    # The round's themes to tick appear with it.
    assert [c for c in at.checkbox if (c.key or "").startswith(f"panels_theme_{autumn[1:]}_")]

    at, _ = staff_app(store, "staff", "pages/results.py", units=("puupaja",))
    at.toggle(key="res_plain").set_value(True).run()
    assert at.checkbox(key=MARK).value is True  # marked above
    at.button(key="plain_panel_tyollistyminen").click().run()
    assert at.selectbox(key="panels_open_round_puupaja").value is None


# -- a fresh tester's findings -----------------------------------------------------------

PRIVATE = "Henkilökunta käy läpi yhden asiakkaan tilanteen erikseen."


@pytest.mark.parametrize("role", ["staff", "developer-client"])
def test_a_marked_theme_shows_only_public_actions_to_every_role(demo, role):
    """Staff put the plain view on a screen for clients: a staff-only action of a marked
    theme is never in it (for staff as for developer-clients); the public one is, with
    what clients said and what was done."""
    store, _ = demo
    store.add_action("puupaja", "Yksi asiakas kertoi ongelmasta.", PRIVATE, public=False,
                     status="planned", survey="asiakaskysely", question="tyollistyminen")
    [public] = [a for a in store.actions(unit="puupaja") if a.did == DID]
    at, _ = staff_app(store, role, "pages/results.py", units=("puupaja",))
    if role == "staff":
        at.toggle(key="res_plain").set_value(True).run()
    at.checkbox(key=MARK).check().run()
    assert not at.exception
    text = shown_text(at)
    assert "Mitä olemme tehneet:" in text and DID in text and public.said in text
    assert PRIVATE not in text and "Yksi asiakas kertoi ongelmasta." not in text
    # Staff's statistics still list it under the theme (they may read staff-only ones).
    if role == "staff":
        at.toggle(key="res_plain").set_value(False).run()
        assert any(PRIVATE in c.value for c in at.caption)


LEFT_OUT = "Osa vastauksista ei ole mukana, koska niitä oli liian vähän näytettäväksi."


def test_developer_client_is_told_when_answers_are_left_out(demo):
    """Ompelimo's autumn round (3 answers, minimum 5) is left out of its view: the plain
    view says so in words, never how many; Puupaja's view leaves nothing out."""
    store, defs = demo
    survey = find_survey(defs, "asiakaskysely")
    data = restrict_units(published_counts(store, survey, config.min_group()), ["ompelimo"])
    view = build_view(survey, data, config.min_group())
    assert 0 < view.left_out < config.min_group() and view.responses >= config.min_group()
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("ompelimo",))
    text = shown_text(at)
    assert LEFT_OUT in text and f"{view.responses} vastausta" in text
    [line] = re.findall(r'<p class="raati-plain-n raati-plain-left-out">(.*?)</p>',
                        html_of(at))
    assert line == LEFT_OUT and not re.search(r"\d", line)  # never how many
    assert "Alle 5" not in text and "ei ole mukana luvuissa" not in text
    at.selectbox(key="plain_lang").set_value("sv").run()
    assert t("plain_left_out", "sv") in shown_text(at)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    assert LEFT_OUT not in shown_text(at)


def test_developer_client_is_offered_only_surveys_with_rounds_or_answers(demo):
    """The survey list has only the surveys with rounds or answers at the user's units
    (not Palvelukahvila at Puupaja); a unit with none gets one plain sentence."""
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    titles = at.selectbox(key="res_survey").options
    assert len(titles) == 2 and not any("kahvila" in x.lower() for x in titles), titles
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("ompelimo",))
    assert len(at.selectbox(key="res_survey").options) == 1
    # Staff keep every survey.
    at, _ = staff_app(store, "staff", "pages/results.py", units=("puupaja",))
    assert len(at.selectbox(key="res_survey").options) == 4
    store.ensure_unit("tyhja", "Tyhjä paja")
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("tyhja",))
    assert not at.exception
    assert [i.value for i in at.info] == [t("plain_no_surveys", "fi")]
    assert "Liian vähän vastauksia" not in shown_text(at)
    assert not [s for s in at.selectbox if s.key == "res_survey"]


def test_the_theme_lists_say_when_nothing_is_clear(app_env):
    """Everybody happy with everything: no "to improve" items at all, one plain
    sentence instead (and no list item that most people were happy with)."""
    store, defs = app_env
    survey = find_survey(defs, "viikkofiilis")
    store.ensure_unit("puupaja", "Puupaja")
    rnd = store.open_round("viikkofiilis", "puupaja", name="Viikko", opens="2026-03-02")
    responses = [NewResponse(
        survey="viikkofiilis", date="2026-03-03", lang="fi",
        answers=build_answers(survey, {"viikko": 4, "apu": 3 if i else 1, "ryhma": 4,
                                       "tyo": 3}, require=False),
        survey_version=survey.version, unit="puupaja", round_id=rnd.id, id=f"h-{i}",
        text_questions=survey.text_question_ids) for i in range(10)]
    store.import_responses(responses)
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    at.selectbox(key="res_survey").set_value("viikkofiilis").run()
    assert not at.exception
    body = html_of(at)
    [bad] = re.findall(r'<section class="raati-plain-themes raati-plain-themes-bad">(.*?)'
                       r"</section>", body, flags=re.S)
    assert "Ei selvää parannettavaa: useimmat olivat tyytyväisiä kaikkeen." in bad
    assert "<li>" not in bad  # "1 / 10 teistä sanoi: …" is no theme to improve
    [good] = re.findall(r'<section class="raati-plain-themes raati-plain-themes-good">(.*?)'
                        r"</section>", body, flags=re.S)
    assert "<li>" in good


def test_the_fraction_keeps_together_in_the_page(demo):
    store, _ = demo
    at, _ = staff_app(store, "developer-client", "pages/results.py", units=("puupaja",))
    body = html_of(at)
    cards = re.findall(r'<p class="raati-plain-sentence">(.*?)</p>', body, flags=re.S)
    assert cards and all(re.search(r'<span class="raati-plain-frac">\d+ / \d+</span>', c)
                         for c in cards)
    themes = re.findall(r'<section class="raati-plain-themes[^"]*">.*?</section>', body,
                        flags=re.S)
    for section in themes:
        for li in re.findall(r"<li>(.*?)</li>", section, flags=re.S):
            assert re.search(r'<span class="raati-plain-frac">\d+ / \d+</span>', li), li
