"""The interface texts' gettext catalogues (raati/locale) and scripts/i18n.py: every key
in every catalogue, placeholders kept, client texts translated into every client
language, `update` idempotent and moving old-form entries, and t()'s fallback order."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from raati import i18n
from raati.i18n import CLIENT_KEYS, CLIENT_LANGUAGES, MESSAGES, RTL, SPEECH_TAGS, t

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "raati" / "locale"
NEW_LANGUAGES = ("ar", "so", "ru", "uk", "et", "fa", "se")

_spec = importlib.util.spec_from_file_location("i18n_script", REPO / "scripts" / "i18n.py")
script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(script)


def po(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "raati.po").open("rb") as f:
        return read_po(f)


def pot():
    with (LOCALE / "raati.pot").open("rb") as f:
        return read_po(f)


def messages(cat) -> dict:
    return {m.context: m for m in cat if m.id}


def test_every_client_language_has_a_catalogue_and_nothing_else_has_one():
    on_disk = {p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/raati.po")}
    assert on_disk == set(CLIENT_LANGUAGES) - {"fi"}
    assert set(NEW_LANGUAGES) <= set(CLIENT_LANGUAGES)


@pytest.mark.parametrize("lang", [c for c in CLIENT_LANGUAGES if c != "fi"])
def test_every_key_is_in_the_catalogue_with_the_current_finnish_text(lang):
    by_key = messages(po(lang))
    assert set(by_key) == set(MESSAGES)
    for key, m in by_key.items():
        assert m.id == MESSAGES[key]["fi"], key


def test_the_template_has_every_key_and_no_translations():
    by_key = messages(pot())
    assert set(by_key) == set(MESSAGES)
    assert all(not m.string for m in by_key.values())
    assert {k: m.id for k, m in by_key.items()} == {k: v["fi"] for k, v in MESSAGES.items()}


@pytest.mark.parametrize("lang", [c for c in CLIENT_LANGUAGES if c != "fi"])
def test_placeholders_are_the_same_in_msgid_and_msgstr(lang):
    for m in po(lang):
        if m.id and m.string:
            assert script.placeholders(m.string) == script.placeholders(m.id), (lang, m.context)
            if script.placeholders(m.id):
                assert "python-brace-format" in m.flags, (lang, m.context)


@pytest.mark.parametrize("lang", CLIENT_LANGUAGES)
def test_every_client_text_is_translated(lang):
    missing = sorted(k for k in CLIENT_KEYS if not i18n.translation(k, lang))
    assert missing == [], f"{lang}: {missing}"


@pytest.mark.parametrize("lang", NEW_LANGUAGES)
def test_machine_translations_are_marked_unreviewed(lang):
    for m in po(lang):
        if m.id and m.string:
            assert i18n.UNREVIEWED in m.user_comments, (lang, m.context)
    row = next(r for r in i18n.translation_status() if r["lang"] == lang)
    assert row["unreviewed"] == row["translated"] >= len(CLIENT_KEYS)
    assert row["reviewed"] == 0


def test_texts_the_answer_page_and_poster_use_are_client_texts():
    """A text added to a client screen must be translated into every client language."""
    used = set()
    for name in ("pages/answer.py", "raati/poster.py"):
        source = (REPO / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"(\w+)"', source))
        used |= {k for pair in re.findall(r'notice\(\s*"(\w+)",\s*"(\w+)"', source) for k in pair}
        used |= set(re.findall(r'flow_error = \(?"(\w+)"', source))
    used |= {"listen", "no_voice"}  # raati.ui.speaker_button on the answer page
    assert used - CLIENT_KEYS == set()


def test_every_client_language_has_a_speech_tag_and_an_own_name():
    for lang in CLIENT_LANGUAGES:
        assert SPEECH_TAGS[lang].split("-")[0] == lang
        assert i18n.language_name(lang) != lang


# -- t() -----------------------------------------------------------------------------------

def test_t_gives_the_text_of_each_language():
    assert t("thanks_title", "fi") == "Kiitos vastauksestasi!"
    assert t("thanks_title", "sv") == "Tack för ditt svar!"
    assert t("thanks_title", "ar") == "شكرًا على إجابتك!"
    assert t("start_button", "ru") == "Начать"
    assert t("start_button", "se") == "Álgge"


def test_fallback_order():
    # Staff texts have no Arabic, Somali or Sámi translation.
    assert not i18n.translation("login_title", "ar")
    assert t("login_title", "ar") == "Log in"  # immigrant languages: English first
    assert t("login_title", "so") == "Log in"
    assert t("login_title", "se") == "Kirjaudu sisään"  # Sámi: Finnish
    assert t("login_title", "sv") == "Logga in"
    assert t("login_title", "xx") == "Log in"
    assert i18n.fallback_chain("ar") == ("ar", "en", "fi")
    assert i18n.fallback_chain("fi") == ("fi",)
    assert all(i18n.fallback_chain(c)[-1] == "fi" for c in CLIENT_LANGUAGES)
    with pytest.raises(KeyError):
        t("no_such_key", "fi")


def test_right_to_left_values_are_isolated_and_left_to_right_ones_are_not():
    assert t("progress", "ar", n=1, total=5) == "السؤال \u20681\u2069 من \u20685\u2069"
    assert t("progress", "fa", n=2, total=5) == "پرسش \u20682\u2069 از \u20685\u2069"
    assert t("progress", "fi", n=1, total=5) == "Kysymys 1 / 5"
    assert {"ar", "fa"} <= RTL


def test_a_stale_or_fuzzy_translation_is_not_used(monkeypatch):
    i18n._text.cache_clear()
    monkeypatch.setitem(i18n.catalogue("ar"), "thanks_title", ("Vanha teksti", "قديم", False))
    try:
        assert t("thanks_title", "ar") == "Thank you for your answer!"
    finally:
        i18n._text.cache_clear()


def test_default_scale_words_come_in_every_client_language():
    from raati.surveys import DEFAULT_SCALE

    assert DEFAULT_SCALE[1]["fi"] == "Ei lainkaan"
    assert DEFAULT_SCALE[4]["ar"] == "جيد جدًا"
    assert all(set(CLIENT_LANGUAGES) <= set(DEFAULT_SCALE[p]) for p in (1, 2, 3, 4))


def test_the_poster_speaks_the_survey_language():
    assert i18n.ui_language("ar") == "ar"
    assert i18n.ui_language("zz") == "fi"


# -- scripts/i18n.py -------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of raati/i18n.py and raati/locale to run the script on."""
    (tmp_path / "raati").mkdir()
    shutil.copy(REPO / "raati" / "i18n.py", tmp_path / "raati" / "i18n.py")
    shutil.copytree(LOCALE, tmp_path / "raati" / "locale")
    return tmp_path


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_the_catalogues_are_up_to_date():
    assert script.check(REPO) == []


def test_update_twice_changes_nothing_the_second_time(tree):
    script.update(tree)
    first = snapshot(tree)
    assert script.update(tree) == []
    assert snapshot(tree) == first
    assert script.check(tree) == []


def test_update_moves_old_form_entries_and_marks_changed_texts_fuzzy(tree):
    source = tree / "raati" / "i18n.py"
    text = source.read_text(encoding="utf-8")
    # A key added the old way, a Finnish text changed, a key removed.
    text += ('\nMESSAGES.update({\n    "test_new": {"fi": "Uusi {n}", "sv": "Ny {n}",\n'
             '                 "en": "New {n}"},\n})\n')
    text = text.replace('"fi": "Kiitos vastauksestasi!"', '"fi": "Kiitos paljon!"')
    text = text.replace('    "choose": {"fi": "Valitse"', '    "xchoose": {"fi": "Valitse"')
    source.write_text(text, encoding="utf-8")
    script.update(tree)

    entries, legacy = script.read_source(source)
    assert legacy == []
    assert entries["test_new"] == {"fi": "Uusi {n}"}
    ast.parse(source.read_text(encoding="utf-8"))
    sv = {m.context: m for m in read_po((tree / "raati/locale/sv/LC_MESSAGES/raati.po")
                                        .open("rb")) if m.id}
    assert sv["test_new"].string == "Ny {n}" and "python-brace-format" in sv["test_new"].flags
    assert "choose" not in sv
    ar = {m.context: m for m in read_po((tree / "raati/locale/ar/LC_MESSAGES/raati.po")
                                        .open("rb")) if m.id}
    assert ar["thanks_title"].id == "Kiitos paljon!"
    assert ar["thanks_title"].fuzzy and ar["thanks_title"].string == "شكرًا على إجابتك!"
    # The old Finnish text beside it for the translator (Babel writes it, does not read it).
    assert '#| msgid "Kiitos vastauksestasi!"' in (
        tree / "raati/locale/ar/LC_MESSAGES/raati.po").read_text(encoding="utf-8")
    assert ar["test_new"].string == ""  # new key: untranslated, falls back
    assert script.update(tree) == []


def test_machine_translations_from_messages_are_marked_unreviewed(tree):
    source = tree / "raati" / "i18n.py"
    source.write_text(source.read_text(encoding="utf-8") + (
        '\nMESSAGES.update({\n    "test_mt": {"fi": "Hei", "sv": "Hej", "en": "Hi",'
        ' "ar": "مرحبا"},\n})\n'), encoding="utf-8")
    script.update(tree)

    def entry(lang):
        path = tree / f"raati/locale/{lang}/LC_MESSAGES/raati.po"
        return next(m for m in read_po(path.open("rb")) if m.context == "test_mt")

    assert entry("ar").string == "مرحبا"
    assert entry("ar").user_comments == [script.UNREVIEWED]
    assert entry("sv").string == "Hej" and entry("sv").user_comments == []


def test_add_a_language(tree):
    path = script.add_language("de", tree)
    cat = read_po(path.open("rb"))
    assert {m.context for m in cat if m.id} == set(MESSAGES)
    assert all(not m.string for m in cat if m.id)
    with pytest.raises(ValueError):
        script.add_language("de", tree)
    with pytest.raises(ValueError):
        script.add_language("not a language", tree)


def test_check_fails_when_the_source_changed(tree, capsys):
    source = tree / "raati" / "i18n.py"
    source.write_text(source.read_text(encoding="utf-8").replace(
        '"fi": "Kiitos vastauksestasi!"', '"fi": "Kiitos!"'), encoding="utf-8")
    assert script.main(["--root", str(tree), "check"]) == 1
    assert "not up to date" in capsys.readouterr().err


def test_the_about_page_counts_checked_and_unchecked_texts_per_language():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "pages" / "about.py"), default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Koodi"]) == list(CLIENT_LANGUAGES)
    ar = table[table["Koodi"] == "ar"].iloc[0]
    assert ar["Tarkistettu"] == 0 and ar["Tarkistamatta"] >= len(CLIENT_KEYS)
    assert ar["Vastaajan tekstejä"] == f"{len(CLIENT_KEYS)} / {len(CLIENT_KEYS)}"
    sv = table[table["Koodi"] == "sv"].iloc[0]
    assert sv["Tarkistamatta"] == 0
