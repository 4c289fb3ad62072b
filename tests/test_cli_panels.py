"""``raati panel ...`` (contract §5): open, list, phase, idea, moderate, export; refusals
exit 1 with a one-line message and no traceback."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from raati.cli import main
from raati.panels import CODE_ALPHABET, device_key, new_device_token
from raati.store import Store

pytestmark = pytest.mark.usefixtures("clean_env")

OPENED = re.compile(r"^panel (?P<id>\d+)\tcode (?P<code>[A-Z2-9]{6})\t(?P<link>\S+)\n"
                    r"kiosk\t(?P<kiosk>\S+)\n$")


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv) -> str:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (1, ""), err
    assert len(err.splitlines()) == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    return err.strip()


def open_panel(capsys, db, *extra, unit="puupaja", title="Mitä muutetaan syksyllä?"):
    code, out, err = run(capsys, "panel", "open", "--db", db, "--unit", unit,
                         "--title", title, *extra)
    assert (code, err) == (0, ""), err
    m = OPENED.match(out)
    assert m, out
    return int(m["id"]), m["code"], m["link"]


@pytest.fixture
def db(tmp_path):
    """A database with the units the tests open sessions at (a session's unit must exist:
    units are made by rounds, imports and the admin's pages, never by a session)."""
    path = tmp_path / "raati.db"
    store = Store(path)
    for unit in ("puupaja", "ompelimo"):
        store.ensure_unit(unit)
    return path


def test_open_prints_id_code_and_link(capsys, db):
    pid, code, link = open_panel(capsys, db)
    assert set(code) <= set(CODE_ALPHABET)
    assert link == f"http://localhost:8501/?p={code}"
    panel = Store(db).panel(pid)
    assert (panel.code, panel.phase, panel.votes_per_person, panel.max_per_idea,
            panel.moderation) == (code, "ideas", 3, 1, "pre")


def test_open_with_settings_and_base_url(capsys, db, monkeypatch):
    monkeypatch.setenv("RAATI_BASE_URL", "http://10.0.0.5:8501/")
    _, code, link = open_panel(capsys, db)
    assert link == f"http://10.0.0.5:8501/?p={code}"
    pid, code, link = open_panel(capsys, db, "--votes", "5", "--max-per-idea", "2",
                                 "--moderation", "post", "--base-url",
                                 "https://raati.example.fi/")
    assert link == f"https://raati.example.fi/?p={code}"
    panel = Store(db).panel(pid)
    assert (panel.votes_per_person, panel.max_per_idea, panel.moderation) == (5, 2, "post")


def test_list_tab_separated_and_json(capsys, db):
    first, code1, _ = open_panel(capsys, db)
    second, code2, _ = open_panel(capsys, db, unit="ompelimo", title="Kahvila-aamut")
    store = Store(db)
    store.add_idea(first, "Pidempi kahvitauko")
    store.add_idea(first, "Odottaa", device=device_key(new_device_token()))
    today = store.panel(first).opened
    code, out, err = run(capsys, "panel", "list", "--db", db)
    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()]
    assert lines[0][:7] == ["id", "unit", "title", "phase", "participants", "ideas", "date"]
    rows = {r[0]: dict(zip(lines[0], r, strict=True)) for r in lines[1:]}
    assert len(rows) == 2
    assert {k: rows[str(first)][k] for k in lines[0][:7]} == {
        "id": str(first), "unit": "puupaja", "title": "Mitä muutetaan syksyllä?",
        "phase": "ideas", "participants": "1", "ideas": "2", "date": today}
    assert rows[str(second)]["unit"] == "ompelimo"
    assert code1 != code2
    code, out, _ = run(capsys, "panel", "list", "--db", db, "--unit", "ompelimo", "--json")
    data = json.loads(out)
    assert code == 0 and [d["id"] for d in data] == [second]
    assert {k: data[0][k] for k in ("unit", "title", "phase", "participants", "ideas",
                                    "date")} == {
        "unit": "ompelimo", "title": "Kahvila-aamut", "phase": "ideas", "participants": 0,
        "ideas": 0, "date": today}


def test_phase(capsys, db):
    pid, _, _ = open_panel(capsys, db)
    assert run(capsys, "panel", "phase", "--db", db, "--panel", pid, "voting") == (
        0, f"panel {pid}: voting\n", "")
    assert run(capsys, "panel", "phase", "--db", db, "--panel", pid, "closed") == (
        0, f"panel {pid}: closed\n", "")
    assert Store(db).panel(pid).closed is not None
    err = refused(capsys, "panel", "phase", "--db", db, "--panel", pid, "voting")
    assert "closed" in err
    assert Store(db).panel(pid).phase == "closed"


def test_idea_and_moderate(capsys, db):
    pid, _, _ = open_panel(capsys, db)
    code, out, err = run(capsys, "panel", "idea", "--db", db, "--panel", pid,
                         "--text", "  Enemmän retkiä  ")
    assert (code, err) == (0, "")
    m = re.fullmatch(r"idea (\d+) added \(approved\)\n", out)
    assert m
    store = Store(db)
    staff = store.idea(int(m[1]))
    assert (staff.text, staff.status, staff.source) == ("Enemmän retkiä", "approved", "staff")
    ids = [store.add_idea(pid, f"Idea {i}", device=device_key(new_device_token())).id
           for i in range(3)]
    assert run(capsys, "panel", "moderate", "--db", db, "--panel", pid, "--approve",
               ids[0]) == (0, f"idea {ids[0]}: approved\n", "")
    assert run(capsys, "panel", "moderate", "--db", db, "--panel", pid, "--hide",
               ids[1]) == (0, f"idea {ids[1]}: hidden\n", "")
    assert run(capsys, "panel", "moderate", "--db", db, "--panel", pid,
               "--approve-all") == (0, "approved 1 ideas\n", "")
    assert {i.id: i.status for i in store.ideas(pid)} == {
        staff.id: "approved", ids[0]: "approved", ids[1]: "hidden", ids[2]: "approved"}
    # an idea of another session is not found through this one
    other, _, _ = open_panel(capsys, db)
    err = refused(capsys, "panel", "moderate", "--db", db, "--panel", other, "--hide",
                  ids[0])
    assert err == f"idea: no idea {ids[0]} in session {other}"
    assert store.idea(ids[0]).status == "approved"
    # exactly one of the three actions
    with pytest.raises(SystemExit) as exc:
        main(["panel", "moderate", "--db", str(db), "--panel", str(pid)])
    assert exc.value.code == 2
    capsys.readouterr()


def _finished_session(capsys, db):
    pid, _, _ = open_panel(capsys, db)
    store = Store(db)
    a = store.add_idea(pid, "Pidempi kahvitauko")
    b = store.add_idea(pid, '=HYPERLINK("http://x") tauot')
    c = store.add_idea(pid, "Enemmän retkiä")
    hidden = store.add_idea(pid, "Piilotettava", device=device_key(new_device_token()))
    store.moderate_idea(hidden.id, "hidden")
    store.group_ideas([a.id, b.id], "tauot")
    store.set_panel_phase(pid, "voting")
    for _ in range(3):
        dev = device_key(new_device_token())
        store.add_dot(pid, dev, a.id)
        store.add_dot(pid, dev, c.id)
    store.add_dot(pid, device_key(new_device_token()), b.id)
    prop = store.add_proposal(pid, "Tauot pidemmiksi", [a.id, b.id])
    store.set_panel_phase(pid, "closed")
    return pid, a, b, c, prop, store


def test_export_json_contract_shape(capsys, db):
    pid, a, b, c, prop, store = _finished_session(capsys, db)
    code, out, err = run(capsys, "panel", "export", "--db", db, "--panel", pid)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["panel", "unit", "title", "phase", "date", "votes_per_person",
                          "max_per_idea", "participants", "hidden_ideas", "waiting_ideas",
                          "ideas", "proposals"]
    assert data == {
        "panel": pid, "unit": "puupaja", "title": "Mitä muutetaan syksyllä?",
        "phase": "closed", "date": store.panel(pid).opened, "votes_per_person": 3,
        "max_per_idea": 1, "participants": 5, "hidden_ideas": 1, "waiting_ideas": 0,
        "ideas": [{"id": a.id, "text": "Pidempi kahvitauko", "group": "tauot", "votes": 3},
                  {"id": c.id, "text": "Enemmän retkiä", "group": None, "votes": 3},
                  {"id": b.id, "text": '=HYPERLINK("http://x") tauot', "group": "tauot",
                   "votes": 1}],
        "proposals": [{"id": prop.id, "text": "Tauot pidemmiksi",
                       "ideas": sorted([a.id, b.id]), "votes": 4}],
    }
    assert "Piilotettava" not in out


def test_export_counts_waiting_ideas_apart_from_hidden_ones(capsys, db):
    """The walk: nothing hidden by staff and three ideas waiting for approval gave
    "hidden_ideas": 3, which reads as "staff hid three". The contract's hidden_ideas counts
    every idea not shown; waiting_ideas says how many of them nobody decided on."""
    pid, _, _ = open_panel(capsys, db)
    store = Store(db)
    shown = store.add_idea(pid, "Pidempi kahvitauko")
    waiting = [store.add_idea(pid, f"Odottaa {i}", device=device_key(new_device_token()))
               for i in range(3)]
    assert {i.status for i in waiting} == {"waiting"}
    code, out, err = run(capsys, "panel", "export", "--db", db, "--panel", pid)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["hidden_ideas"], data["waiting_ideas"]) == (3, 3)
    assert [i["id"] for i in data["ideas"]] == [shown.id] and "Odottaa" not in out
    store.moderate_idea(waiting[0].id, "hidden")
    data = json.loads(run(capsys, "panel", "export", "--db", db, "--panel", pid)[1])
    assert (data["hidden_ideas"], data["waiting_ideas"]) == (3, 2)


def test_export_csv_and_out_file(capsys, db, tmp_path):
    pid, a, b, c, prop, _ = _finished_session(capsys, db)
    code, out, err = run(capsys, "panel", "export", "--db", db, "--panel", pid,
                         "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["kind", "id", "text", "group", "votes", "ideas"]
    assert rows[1] == ["idea", str(a.id), "Pidempi kahvitauko", "tauot", "3", ""]
    assert rows[2] == ["idea", str(c.id), "Enemmän retkiä", "", "3", ""]
    # plain CSV keeps the text as written (as `raati export --format csv` does)
    assert rows[3] == ["idea", str(b.id), '=HYPERLINK("http://x") tauot', "tauot", "1", ""]
    assert rows[4] == ["proposal", str(prop.id), "Tauot pidemmiksi", "", "4",
                       ";".join(map(str, sorted([a.id, b.id])))]
    assert len(rows) == 5
    assert "Piilotettava" not in out

    # excel-csv: semicolons, a BOM, and a text never read as a formula
    code, out, err = run(capsys, "panel", "export", "--db", db, "--panel", pid,
                         "--format", "excel-csv")
    assert (code, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["kind", "id", "text", "group", "votes", "ideas"]
    assert rows[3][2] == "'=HYPERLINK(\"http://x\") tauot"

    target = tmp_path / "tulos.json"
    code, out, err = run(capsys, "panel", "export", "--db", db, "--panel", pid,
                         "--out", target)
    assert (code, out, err) == (0, f"wrote {target}\n", "")
    assert json.loads(target.read_text(encoding="utf-8"))["panel"] == pid
    target = tmp_path / "tulos.csv"
    assert run(capsys, "panel", "export", "--db", db, "--panel", pid, "--format", "csv",
               "--out", target)[0] == 0
    assert target.read_bytes().decode("utf-8").splitlines()[0] == "kind,id,text,group,votes,ideas"
    err = refused(capsys, "panel", "export", "--db", db, "--panel", pid, "--out",
                  tmp_path / "eiole" / "x.json")
    assert "does not exist" in err


def test_refusals(capsys, db, tmp_path):
    err = refused(capsys, "panel", "list", "--db", tmp_path / "eiole.db")
    assert "no database there" in err
    assert not (tmp_path / "eiole.db").exists()
    err = refused(capsys, "panel", "open", "--db", db, "--unit", "puupaja", "--title", "  ")
    assert err == "title: the text is empty"
    err = refused(capsys, "panel", "open", "--db", db, "--unit", "puupaja", "--title", "T",
                  "--votes", "2", "--max-per-idea", "3")
    assert err.startswith("max per idea: 3")
    err = refused(capsys, "panel", "open", "--db", db, "--unit", "Puu Paja", "--title", "T")
    assert err.startswith("unit:")
    assert Store(db).panels() == []
    pid, _, _ = open_panel(capsys, db)
    for action in (("phase", "voting"), ("idea", "--text", "x"), ("export",),
                   ("moderate", "--approve-all")):
        err = refused(capsys, "panel", action[0], "--db", db, "--panel", "999", *action[1:])
        assert err == "panel: no session 999 (see raati panel list)"
    err = refused(capsys, "panel", "idea", "--db", db, "--panel", pid, "--text", "x" * 281)
    assert err == "idea: the text has 281 characters; at most 280 fit"
    err = refused(capsys, "panel", "idea", "--db", db, "--panel", pid, "--text", " \x07 ")
    assert err == "idea: the text is empty"
    err = refused(capsys, "panel", "moderate", "--db", db, "--panel", pid, "--approve",
                  "123456")
    assert err == f"idea: no idea 123456 in session {pid}"
    assert Store(db).ideas(pid) == []
    run(capsys, "panel", "phase", "--db", db, "--panel", pid, "closed")
    err = refused(capsys, "panel", "phase", "--db", db, "--panel", pid, "ideas")
    assert err == "the session is closed; a closed session cannot be opened again"
    err = refused(capsys, "panel", "idea", "--db", db, "--panel", pid, "--text", "Myöhään")
    assert err == "the session has ended"


def test_cli_approve_masks_personal_data(tmp_path, capsys):
    from raati import panels
    from raati.cli import main
    from raati.store import Store

    db = tmp_path / "p.db"
    store = Store(db)
    store.ensure_unit("puupaja")
    panel = store.open_panel("puupaja", "Raati")
    dev = panels.device_key("d")
    one = store.add_idea(panel.id, "Soita 040 123 4567", dev)
    two = store.add_idea(panel.id, "Minun numero 040 765 4321", dev)
    assert main(["panel", "moderate", "--panel", str(panel.id), "--approve", str(one.id),
                 "--db", str(db)]) == 0
    assert main(["panel", "moderate", "--panel", str(panel.id), "--approve-all",
                 "--db", str(db)]) == 0
    texts = {i.id: i.text for i in store.ideas(panel.id)}
    assert "040" not in texts[one.id] and "040" not in texts[two.id]
    assert "[puhelin]" in texts[one.id] and "[puhelin]" in texts[two.id]


# -- --round: a session's starting themes from a survey round (issue 12) ----------------

def demo_round(store, unit: str, name: str, survey: str = "asiakaskysely"):
    return next(r for r in store.rounds(survey) if r.unit == unit and r.name == name)


def test_open_with_a_rounds_themes(capsys, demo_store, shipped_defs):
    from analysis.likert import themes
    from analysis.views import build_view, published_counts
    from raati.surveys import find_survey

    spring = demo_round(demo_store, "puupaja", "Kevät")
    code, out, err = run(capsys, "panel", "open", "--db", demo_store.path, "--defs",
                         shipped_defs, "--unit", "puupaja", "--title", "Kevään tulokset",
                         "--round", spring.id)
    assert (code, err) == (0, "")
    first, kiosk, *lines = out.splitlines()
    assert OPENED.match(first + "\n" + kiosk + "\n")
    panel = Store(demo_store.path).panel(int(OPENED.match(first + "\n" + kiosk + "\n")["id"]))
    assert (panel.survey, panel.round_id, len(panel.themes)) == ("asiakaskysely", spring.id, 4)
    assert [t["kind"] for t in panel.themes] == ["weak", "weak", "strong", "strong"]
    # The same ranking as the results page's view of that round, in plain language.
    survey = find_survey(shipped_defs, "asiakaskysely")
    view = build_view(survey, published_counts(demo_store, survey, 5), 5,
                      units=["puupaja"], periods=[f"r{spring.id}"])
    weakest, strongest = themes([r for r in view.results if r.question.type == "likert"], 2)
    assert [t["question"] for t in panel.themes] == [r.question.id for r in weakest + strongest]
    easy = {q.id: q.easy["fi"] for q in survey.questions if q.easy}
    assert all(t["text"] == easy.get(t["question"], t["text"]) for t in panel.themes)
    assert lines == [f"theme {t['kind']}\t{t['question']}\tshare_low {t['share_low']}"
                     f"\tn {t['n']}\t{t['text']}" for t in panel.themes]
    code, out, _ = run(capsys, "panel", "open", "--db", demo_store.path, "--defs",
                       shipped_defs, "--unit", "puupaja", "--title", "Yksi kummastakin",
                       "--round", spring.id, "--themes", "1")
    assert code == 0 and [line.split("\t")[0] for line in out.splitlines()[2:]] == [
        "theme weak", "theme strong"]


@pytest.mark.parametrize("unit, name, message", [
    ("ompelimo", "Syksy", "has fewer than 5 answers counted (the minimum group), so it gives"
                          " no themes; no session opened"),
    ("ompelimo", "puupaja:Kevät", "is a round of unit puupaja, not of ompelimo; no session"
                                  " opened"),
    ("puupaja", None, "no round 999 (see raati round list); no session opened"),
])
def test_round_refusals_store_nothing(capsys, demo_store, shipped_defs, unit, name, message):
    import sqlite3

    from _helpers import db_fingerprint

    if name is None:
        round_id = 999
    else:
        of_unit, _, round_name = name.rpartition(":")
        round_id = demo_round(demo_store, of_unit or unit, round_name).id
    # Publish the survey's results first, as any results view does; the refusal itself
    # must then change nothing in the database file.
    assert run(capsys, "summary", "--survey", "asiakaskysely", "--db", demo_store.path,
               "--defs", shipped_defs, "--json")[0] == 0
    Store.close_all()
    before = db_fingerprint(demo_store.path)
    err = refused(capsys, "panel", "open", "--db", demo_store.path, "--defs", shipped_defs,
                  "--unit", unit, "--title", "Raati", "--round", round_id)
    subject = "" if name is None else f"round {round_id} "
    assert err == f"--round {round_id}: {subject}{message}"
    Store.close_all()
    assert db_fingerprint(demo_store.path) == before
    with sqlite3.connect(demo_store.path) as conn:
        assert conn.execute("SELECT count(*) FROM panels WHERE title = 'Raati'").fetchone() \
            == (0,)


def test_round_needs_a_database_and_themes_need_a_round(capsys, tmp_path, shipped_defs):
    missing = tmp_path / "ei.db"
    assert "no database there" in refused(capsys, "panel", "open", "--db", missing, "--unit",
                                          "puupaja", "--title", "Raati", "--round", "1")
    assert not missing.exists()
    with pytest.raises(SystemExit) as exc:
        main(["panel", "open", "--db", str(missing), "--unit", "puupaja", "--title", "Raati",
              "--themes", "2"])
    assert exc.value.code == 2
    assert "--themes needs --round ID" in capsys.readouterr().err
    assert not missing.exists()


def test_open_prints_the_kiosk_link_on_its_second_line(capsys, db):
    from raati.panels import kiosk_link

    _, out, _ = run(capsys, "panel", "open", "--db", db, "--unit", "puupaja", "--title",
                    "Toinen", "--base-url", "https://raati.example.fi/")
    m = OPENED.match(out)
    panel = Store(db).panel(int(m["id"]))
    assert m["kiosk"] == f"https://raati.example.fi/?p={panel.code}&kiosk={panel.kiosk_token}"
    assert m["kiosk"] == kiosk_link("https://raati.example.fi/", panel.code, panel.kiosk_token)


def test_list_of_no_sessions_says_so_on_stderr_only(capsys, db):
    open_panel(capsys, db)
    code, out, err = run(capsys, "panel", "list", "--db", db, "--unit", "ompelimo")
    assert code == 0
    assert out.splitlines() == ["id\tunit\ttitle\tphase\tparticipants\tideas\tdate\tcode"]
    assert err == "no sessions of unit ompelimo\n"
    code, out, err = run(capsys, "panel", "list", "--db", db, "--unit", "ompelimo", "--json")
    assert (code, json.loads(out), err) == (0, [], "no sessions of unit ompelimo\n")


def test_an_unknown_unit_is_refused_as_action_add_refuses_it(capsys, db):
    """A mistyped unit neither opens a session nor makes the unit (after which `action
    add --unit nosuch` would work too); the words and exit code are `action add`'s."""
    from _helpers import db_fingerprint

    Store.close_all()
    before = db_fingerprint(db)
    said = refused(capsys, "action", "add", "--db", db, "--unit", "nosuch", "--said", "x",
                   "--did", "y")
    assert said == "unit: no unit 'nosuch'"
    assert refused(capsys, "panel", "open", "--db", db, "--unit", "nosuch", "--title",
                   "X") == said
    assert refused(capsys, "panel", "list", "--db", db, "--unit", "nosuch") == said
    assert refused(capsys, "panel", "list", "--db", db, "--unit", "nosuch", "--json") == said
    Store.close_all()
    assert db_fingerprint(db) == before
    assert "nosuch" not in {u.id for u in Store(db).units()}
    assert refused(capsys, "action", "add", "--db", db, "--unit", "nosuch", "--said", "x",
                   "--did", "y") == said


def test_the_store_refuses_a_session_at_an_unknown_unit_unless_told_to_make_it(db):
    from raati.store import StoreError

    store = Store(db)
    with pytest.raises(StoreError, match="^unit: no unit 'nosuch'$"):
        store.open_panel("nosuch", "Raati")
    assert store.panels() == [] and "nosuch" not in {u.id for u in store.units()}
    made = store.open_panel("uusi-paja", "Raati", new_unit=True)  # an admin's new unit
    assert made.unit == "uusi-paja" and "uusi-paja" in {u.id for u in store.units()}


def test_retention_days_over_the_limit_is_refused_in_plain_words(capsys, db):
    pid, _, _ = open_panel(capsys, db)
    err = refused(capsys, "panel", "retention", "--db", db, "--panel", pid, "--days",
                  "99999999")
    assert err.startswith("raati: --days: at most 3650") or "--days: at most 3650" in err
    assert "text_retention_days" not in err
    assert Store(db).panel(pid).text_retention_days is None
    code, out, _ = run(capsys, "panel", "retention", "--db", db, "--panel", pid, "--days",
                       "3650")
    assert code == 0 and Store(db).panel(pid).text_retention_days == 3650
