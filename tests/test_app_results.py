"""AppTest: moderation, and the results page's figures, changes, texts and reports."""

from __future__ import annotations

import io
import json
import re
import secrets
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raati import auth
from raati.demo import fill_demo
from tests._helpers import moderation_cards, moderation_shown, show_phone_text

REPO = Path(__file__).resolve().parent.parent
APP = str(REPO / "app.py")


@pytest.fixture
def env(app_env):
    store, defs = app_env
    fill_demo(store, defs)
    return store


def open_as(store, role, page, units=("puupaja", "ompelimo"), tab=None):
    """Log in as a new account of ``role`` and open ``page`` (on the results page with
    the tab named ``tab`` open: only the open tab is computed)."""
    user = auth.create_user(store, f"{role}-r", role, secrets.token_urlsafe(16), units)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = auth.start_session(store, user)
    if tab:
        at.session_state["res_tab"] = tab
    at.run()
    return at.switch_page(page).run()


def all_text(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.text]
    parts += [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.subheader] + [e.value for e in at.title]
    parts += [str(d.value) for d in at.dataframe]
    return "\n".join(map(str, parts))


def test_moderation_masks_then_approves_or_hides(env):
    at = show_phone_text(open_as(env, "staff", "pages/moderation.py"), env)
    assert not at.exception
    shown = moderation_shown(at)
    phone = [k for k, v in shown.items() if "040" in v or "[puhelin]" in v]
    assert phone, "the demo's text with a phone number is waiting"
    assert "[puhelin]" in shown[phone[0]] and "040 123 4567" not in shown[phone[0]]
    rid, question, kind = phone[0].split("|")
    at.button(key=f"approve_{rid}|{question}|{kind}").click().run()
    decided = env.moderation_state("asiakaskysely")
    status, text = decided[(rid, question, kind)]
    assert status == "approved" and "[puhelin]" in text and "040" not in text
    # Hide the next one.
    first = moderation_cards(at)[0]
    rid2, q2, k2 = first.split("|")
    at.button(key=f"hide_{rid2}|{q2}|{k2}").click().run()
    assert env.moderation_state("asiakaskysely")[(rid2, q2, k2)] == ("hidden", "")
    assert [e.action for e in env.audit_entries()][:2] == ["moderation", "moderation"]


def test_results_show_only_approved_masked_texts(env):
    texts = env.free_texts("asiakaskysely", ["parasta", "muutettavaa"])
    approve = next(i for i in texts if "040" in i["text"])
    hide = next(i for i in texts if i is not approve)
    env.moderate(approve["response_id"], approve["question"], approve["kind"], "approved",
                 "Soittakaa minulle [puhelin] jos tulee työpaikka.", "x")
    env.moderate(hide["response_id"], hide["question"], hide["kind"], "hidden", "", "x")
    at = open_as(env, "developer-client", "pages/results.py", tab="Mitä kirjoitettiin")
    assert not at.exception
    text = all_text(at)
    assert "Soittakaa minulle [puhelin] jos tulee työpaikka." in text
    assert "040 123 4567" not in text
    assert hide["text"] not in text or hide["text"] == approve["text"]
    # Other texts are waiting for moderation and are not shown.
    waiting = [i for i in texts if i is not approve and i is not hide]
    assert all(i["text"] not in text for i in waiting if i["text"] != approve["text"])


def test_results_chart_is_diverging_bars_with_n(env):
    at = open_as(env, "staff", "pages/results.py")
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    xs = [x for trace in spec["data"] for x in trace.get("x", []) if isinstance(x, (int, float))]
    assert min(xs) < 0 < max(xs)  # 1–2 left of zero, 3–4 right
    notes = " ".join(a.get("text", "") for a in spec["layout"].get("annotations", []))
    assert "n = " in notes
    assert "vastausta" in all_text(at)
    assert "Heikoimmat" in all_text(at)


def test_results_filters_and_rounds_change(env):
    at = open_as(env, "staff", "pages/results.py", units=("puupaja",))
    assert "25 vastausta" in all_text(at)  # puupaja: spring 14 + autumn 11
    # Only the open tab is computed: the change between rounds is not, until opened.
    assert "Muutos merkitään vain, kun se on todellinen" not in all_text(at)
    at.session_state["res_tab"] = "Muutos kierrosten välillä"
    at.run()
    assert "Muutos merkitään vain, kun se on todellinen" in all_text(at)
    at.selectbox(key="res_lang").set_value("sv").run()
    assert not at.exception
    # Swedish answers are a handful: not shown on their own, only counted as left out.
    text = all_text(at)
    assert "0 vastausta" in text and "vastausta ei ole mukana luvuissa" in text
    assert not at.get("plotly_chart")


def test_a_survey_in_arabic_first_has_keywords_and_a_word_cloud(env):
    """Text analysis works for a survey whose first language is not fi, sv or en
    (it used to raise "unsupported language 'ar'" on the results page)."""
    from raati.store import Answer, NewResponse

    defs = Path(env.path).parent / "defs"
    (defs / "arabia.yaml").write_text(
        "id: arabia\ntitle: {ar: استبيان, fi: Kysely}\nlanguages: [ar, fi]\nquestions:\n"
        "  - {id: q1, type: likert, text: {ar: هل أنت راض؟, fi: Oletko tyytyväinen?}}\n"
        "  - {id: q2, type: text, text: {ar: ماذا تريد أن تقول؟, fi: Mitä haluat sanoa?}}\n",
        encoding="utf-8")
    texts = ["الورشة جيدة جدا", "الورشة مكان جيد", "أحب العمل في الورشة", "القهوة جيدة",
             "Puupajassa on hyvä olla", "الورشة"]
    for text in texts:
        rid = env.submit_response(NewResponse(
            survey="arabia", date="2026-03-02", lang="ar", unit="puupaja",
            answers=(Answer("q1", "value", "3"), Answer("q2", "value", text))))
        env.moderate(rid, "q2", "value", "approved", text, "tester")
    at = open_as(env, "staff", "pages/results.py", tab="Mitä kirjoitettiin")
    at.selectbox(key="res_survey").select("arabia").run()
    assert not at.exception
    words = "\n".join(str(d.value) for d in at.dataframe)
    assert "الورشة" in words  # the workshop, counted as written
    assert at.get("image")  # the word cloud was drawn


# -- issue 11: results details -----------------------------------------------------------


def table_cells(at) -> list[str]:
    """Every cell of every table on the page, as the reader sees it."""
    cells = []
    for frame in at.dataframe:
        df = frame.value
        assert not df.isna().any().any(), df  # a missing value would read "None"
        cells += [str(v) for v in df.to_numpy().ravel()]
    return cells


def round_key(store, unit: str, name: str) -> str:
    return next(f"r{r.id}" for r in store.rounds("asiakaskysely")
                if r.unit == unit and r.name == name)


def test_results_tables_never_read_none(env):
    """Overview, units side by side and change between rounds: a cell that does not
    apply is empty, a small group reads "alle 5 vastausta", never "None" or "nan"."""
    at = open_as(env, "staff", "pages/results.py")
    assert not at.exception
    cells = table_cells(at)
    assert cells and not {"None", "nan", "NaN", "<NA>"} & set(cells)
    overview = at.dataframe[0].value
    grade = overview[overview["Kysymys"].str.contains("kouluarvosana")].iloc[0]
    assert grade["1–2 (ei)"] == "" and grade["Keskiarvo"] not in ("", "–")
    # Autumn only: ompelimo's autumn has 3 answers, its cells say so.
    at.multiselect(key="res_periods").set_value(
        [round_key(env, "puupaja", "Syksy"), round_key(env, "ompelimo", "Syksy")]).run()
    at.session_state["res_tab"] = "Yksiköt rinnakkain"
    at.run()
    assert not at.exception
    units = at.dataframe[0].value
    assert sorted(units.columns) == ["Kysymys", "Ompelimo: 3–4", "Puupaja: 3–4"]
    assert set(units["Ompelimo: 3–4"]) == {"alle 5 vastausta"}
    assert all(re.fullmatch(r"\d+ % \(n = 11\)", c) for c in units["Puupaja: 3–4"])
    assert not {"None", "nan"} & set(table_cells(at))
    at.session_state["res_tab"] = "Muutos kierrosten välillä"
    at.run()
    assert not at.exception
    assert not {"None", "nan"} & set(table_cells(at))


def test_round_comparison_defaults_to_the_two_latest_rounds_of_one_unit(env):
    """Not two units' rounds, nor a round with too few answers: the demo's latest
    rounds with figures are puupaja's spring (14) and autumn (11); ompelimo's autumn
    has 3."""
    at = open_as(env, "staff", "pages/results.py", tab="Muutos kierrosten välillä")
    assert not at.exception
    assert at.selectbox(key="cmp_unit").value == "puupaja"
    spring, autumn = round_key(env, "puupaja", "Kevät"), round_key(env, "puupaja", "Syksy")
    assert at.selectbox(key="cmp_before_puupaja").value == spring
    assert at.selectbox(key="cmp_after_puupaja").value == autumn
    (table,) = [f.value for f in at.dataframe]
    assert list(table.columns) == ["Kysymys", "Puupaja · Kevät: 3–4", "Puupaja · Syksy: 3–4",
                                   "Muutos"]
    cells = table_cells(at)
    assert "alle 5 vastausta" not in cells
    assert all(c.endswith(("(n = 14)", "(n = 11)")) for c in table.iloc[:, 1:3].to_numpy()
               .ravel())
    assert all("%-yks." in c for c in table["Muutos"])
    # Another unit: its own rounds only; ompelimo's autumn is too small and says so.
    at.selectbox(key="cmp_unit").set_value("ompelimo").run()
    assert at.selectbox(key="cmp_before_ompelimo").value == round_key(env, "ompelimo",
                                                                      "Kevät")
    table = at.dataframe[0].value
    assert set(table["Ompelimo · Syksy: 3–4"]) == {"alle 5 vastausta"}
    assert set(table["Muutos"]) == {"ei vertailtavissa"}


def test_a_unit_with_one_round_is_told_so_plainly(env):
    from raati.store import Answer, NewResponse

    env.ensure_unit("kahvio", "Kahvio")
    rnd = env.open_round("asiakaskysely", "kahvio", name="Talvi", opens="2026-01-05")
    for i in range(6):
        env.submit_response(NewResponse(
            survey="asiakaskysely", date="2026-01-07", lang="fi", unit="kahvio",
            round_id=rnd.id, answers=(Answer("elamantilanne", "value", str(1 + i % 4)),)))
    at = open_as(env, "staff", "pages/results.py", units=("kahvio",),
                 tab="Muutos kierrosten välillä")
    assert not at.exception
    assert "Yksiköllä Kahvio on vain yksi kierros (Talvi)." in all_text(at)
    assert not at.dataframe and not at.get("plotly_chart")


@pytest.fixture
def downloads(monkeypatch):
    """The callables of the page's deferred download buttons, by file name: what a
    click would download."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, object] = {}
    real = MediaFileManager.add_deferred

    def capture(self, data, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data
        return real(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return found


def test_page_reports_carry_period_units_rate_and_comparison(env, downloads):
    """The reports tab gives the same content as `raati report --compare rounds
    --title ...`: the units and period labels, the response rate and the rounds side
    by side (one implementation, analysis.scope)."""
    from _helpers import pptx_text
    from pypdf import PdfReader

    at = open_as(env, "staff", "pages/results.py", tab="Raportit ja viennit")
    at.selectbox(key="res_unit").set_value("puupaja").run()
    assert not at.exception
    rounds = {r.name: r for r in env.rounds("asiakaskysely") if r.unit == "puupaja"}
    text = all_text(at)
    assert "Raporttiin tulee: yksiköt Puupaja" in text
    assert "Vastausprosentti 62 % (25 / 40)" in text  # 14 + 11 of 20 + 20 asked
    at.radio(key="rep_compare").set_value("rounds").run()
    at.text_input(key="rep_title").input("Vuosi 2026").run()
    assert not at.exception
    deck = pptx_text(downloads["raati-asiakaskysely-esitys.pptx"]())
    flat = " ".join(deck.split())
    opens = rounds["Kevät"].opens
    assert f"Ajanjakso: {int(opens[8:])}.{int(opens[5:7])}.{opens[:4]}–" in flat
    assert "Yksiköt: Puupaja" in flat and "Vuosi 2026" in flat
    assert "(25 / 40)" in flat  # the response rate
    assert "Puupaja: Kevät" in flat and "Puupaja: Syksy" in flat  # the rounds compared
    pdf = downloads["raati-asiakaskysely-raportti.pdf"]()
    pdf_text = " ".join("\n".join(p.extract_text() for p in PdfReader(
        io.BytesIO(pdf)).pages).split())
    assert "Vuosi 2026" in pdf_text and "Puupaja: Syksy" in pdf_text
    assert "(25 / 40)" in pdf_text
