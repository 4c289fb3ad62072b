"""Surveys stored in the database (issue 15): versions, the meaning-change rules, which
survey is used when a file and a stored survey share an id, pictures, and the
``raati survey import/export/list`` commands (contract §3)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import yaml
from _helpers import SHIPPED_DEFS, SMALL_SURVEY, TINY_SVG, db_fingerprint, write_survey
from test_contract import CONTRACT_YAML

from raati import survey_catalog
from raati.cli import main
from raati.store import NewResponse, Store, StoreError
from raati.surveys import SurveyError, load_survey

pytestmark = pytest.mark.usefixtures("clean_env")


def _same(a, b) -> bool:
    """Two Surveys equal in everything a client or a result sees."""
    skip = {"path", "version", "picture_dir"}
    return ({k: v for k, v in dataclasses.asdict(a).items() if k not in skip}
            == {k: v for k, v in dataclasses.asdict(b).items() if k not in skip})


def _answer(store: Store, survey: str, answers: dict, version: str = "", n: int = 1):
    from raati.store import Answer

    for _ in range(n):
        store.submit_response(NewResponse(
            survey=survey, survey_version=version, date="2026-03-02", lang="fi",
            answers=tuple(Answer(q, "value", v) for q, vs in answers.items()
                          for v in (vs if isinstance(vs, list) else [vs]))))


@pytest.fixture
def db(store, tmp_path, monkeypatch) -> Store:
    """The store on each backend; on PostgreSQL its files (survey pictures) go to a
    folder of the test's own."""
    monkeypatch.setenv("RAATI_FILES_DIR", str(tmp_path / "files"))
    return store


@pytest.fixture
def defs(tmp_path) -> Path:
    folder = tmp_path / "defs"
    write_survey(folder, SMALL_SURVEY)
    (folder / "pictures" / "LICENSES.md").write_text(
        "| file | source | original | annotation | author | licence | attribution |\n"
        "|---|---|---|---|---|---|---|\n"
        "| `p.svg` | test@1 | `p.svg` | a square | Tester | CC0 1.0 | none |\n",
        encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(p.name for p in SHIPPED_DEFS.glob("*.yaml")))
def test_every_shipped_survey_round_trips_yaml_store_yaml(tmp_path, db, name):
    original = load_survey(SHIPPED_DEFS / name)
    published = survey_catalog.import_file(db, SHIPPED_DEFS, SHIPPED_DEFS / name)
    assert published.version == 1 and published.shadowed_file == SHIPPED_DEFS / name
    assert _same(published.survey, original)
    text, pictures = survey_catalog.export(db, SHIPPED_DEFS, original.id)
    assert text == (SHIPPED_DEFS / name).read_text(encoding="utf-8")
    licences = pictures.pop("pictures/LICENSES.md", b"").decode("utf-8")
    for rel, data in pictures.items():
        assert data == (SHIPPED_DEFS / rel).read_bytes()
        assert f"| `{Path(rel).name}` | openmoji@17.0.0" in licences  # each credited
    # Written out and read back: the same survey again, and into another database as
    # it was (the licences travel with the pictures).
    out = tmp_path / "out"
    (out / "pictures").mkdir(parents=True)
    (out / name).write_text(text, encoding="utf-8")
    for rel, data in pictures.items():
        (out / rel).write_bytes(data)
    (out / "pictures" / "LICENSES.md").write_text(licences, encoding="utf-8")
    assert _same(load_survey(out / name), original)
    assert survey_catalog.import_file(db, out, out / name).unchanged
    other = Store(tmp_path / "other" / "raati.db")
    again = survey_catalog.import_file(other, out, out / name)
    assert again.version == 1 and _same(again.survey, original)
    for sha in other.survey_version(original.id).pictures.values():
        assert other.picture(sha).licence == "CC BY-SA 4.0"


def test_the_contracts_example_round_trips(tmp_path, db):
    folder = tmp_path / "contract"
    (folder / "pictures").mkdir(parents=True)
    shutil.copy(SHIPPED_DEFS / "pictures" / "kuuntelu.svg", folder / "pictures")
    shutil.copy(SHIPPED_DEFS / "pictures" / "kylla.svg", folder / "pictures")
    shutil.copy(SHIPPED_DEFS / "pictures" / "LICENSES.md", folder / "pictures")
    (folder / "asiakaskysely.yaml").write_text(CONTRACT_YAML, encoding="utf-8")
    published = survey_catalog.import_file(db, folder, folder / "asiakaskysely.yaml")
    assert _same(published.survey, load_survey(folder / "asiakaskysely.yaml"))
    text, pictures = survey_catalog.export(db, folder, "asiakaskysely")
    assert text == CONTRACT_YAML  # comments and all
    assert sorted(pictures) == ["pictures/LICENSES.md", "pictures/kuuntelu.svg",
                                "pictures/kylla.svg"]


def test_versions_and_responses_keep_the_version_they_were_given_to(db, defs):
    path = defs / "kysely.yaml"
    first = survey_catalog.import_file(db, defs, path)
    assert first.version == 1 and first.survey.version == "1"
    again = survey_catalog.import_file(db, defs, path)
    assert again.unchanged and again.version == 1
    assert [v.version for v in db.survey_versions("kysely")] == [1]
    _answer(db, "kysely", {"q1": "3"}, version=first.survey.version)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["questions"][0]["text"]["fi"] = "Kysymys yksi, uusin sanoin"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    second = survey_catalog.import_file(db, defs, path)
    assert second.version == 2 and not second.unchanged
    _answer(db, "kysely", {"q1": "4"}, version=second.survey.version)
    with db._read() as conn:
        versions = [r[0] for r in conn.execute("SELECT survey_version FROM responses")]
    assert sorted(versions) == ["1", "2"]
    # Both versions stay readable; the catalog gives the newest.
    assert survey_catalog.stored_survey(db, "kysely", 1).questions[0].text["fi"] == "Kysymys yksi"
    catalog = survey_catalog.load_catalog(defs, db)
    assert catalog.surveys["kysely"].version == "2"
    assert catalog.sources["kysely"].shadowed_file == path
    assert catalog.shadowed == {"kysely": path}


def _publish_changed(db, defs, change) -> None:
    data = yaml.safe_load((defs / "kysely.yaml").read_text(encoding="utf-8"))
    change(data)
    pictures = {"pictures/p.svg": db.put_picture(TINY_SVG.encode(), "image/svg+xml",
                                                 licence="CC0", author="T", alt={})}
    survey_catalog.publish(db, defs, survey_catalog.dump_definition(data), pictures)


@pytest.mark.parametrize("change, answers, expected", [
    (lambda d: d["questions"][2]["options"].__setitem__(1, {"id": "c", "label": "C"}),
     {"q3": "b"},
     "kysely: questions[3] (q3): options: 'b' was chosen 3 times; removing it would change"
     " what those answers mean. Keep the option (you can reword its label)."),
    (lambda d: d["questions"].pop(1), {"q2": "8"},
     "kysely: questions: 'q2' has 3 stored answers; removing it would drop them from"
     " results and exports. Keep the question (you can make it optional and reword it),"
     " or start a new survey."),
    (lambda d: d["questions"][0].update(type="grade", comment=False), {"q1": "2"},
     "kysely: questions[1] (q1): type: has 3 stored answers as likert; as grade they would"
     " mean something else. Add a new question (a new id) instead."),
    (lambda d: d["questions"][3]["options"].__setitem__(0, {"id": "z", "label": "Z"}),
     {"q4": ["x", "y"]},
     "kysely: questions[4] (q4): options: 'x' was chosen 3 times; removing it would change"
     " what those answers mean. Keep the option (you can reword its label)."),
])
def test_a_change_of_meaning_is_refused_and_nothing_is_stored(db, defs, change, answers,
                                                             expected):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    _answer(db, "kysely", answers, n=3)
    db.close_all()
    before = db_fingerprint(db)
    with pytest.raises(SurveyError) as exc:
        _publish_changed(db, defs, change)
    assert exc.value.problems == [expected]
    db.close_all()
    assert db_fingerprint(db)[1] == before[1]
    assert [v.version for v in db.survey_versions("kysely")] == [1]


def test_a_comment_box_with_comments_stays(db, defs):
    from raati.store import Answer

    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    db.submit_response(NewResponse(survey="kysely", date="2026-03-02", lang="fi", answers=(
        Answer("q1", "value", "3"), Answer("q1", "comment", "Hyvä"))))
    with pytest.raises(SurveyError, match=r"questions\[1\] \(q1\): comment: has 1 stored"):
        _publish_changed(db, defs, lambda d: d["questions"][0].pop("comment"))


def test_rewording_adding_and_reordering_are_allowed_with_answers(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    _answer(db, "kysely", {"q1": "3", "q2": "9", "q3": "a", "q4": ["x"]}, n=2)

    def change(d):
        d["questions"][2]["options"][0]["label"] = "Aa, uusin sanoin"
        d["questions"][2]["options"].append({"id": "c", "label": "Cee"})
        d["questions"].insert(0, d["questions"].pop(4))
        d["questions"].append({"id": "q6", "type": "likert", "text": "Uusi kysymys"})

    _publish_changed(db, defs, change)
    survey = survey_catalog.load_catalog(defs, db).surveys["kysely"]
    assert survey.version == "2"
    assert [q.id for q in survey.questions] == ["q5", "q1", "q2", "q3", "q4", "q6"]


def test_a_type_change_without_answers_is_allowed(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    _publish_changed(db, defs, lambda d: d["questions"][1].update(type="likert"))
    assert survey_catalog.stored_survey(db, "kysely").question("q2").type == "likert"


def test_someone_publishing_in_between_is_refused(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    text, _ = survey_catalog.export(db, defs, "kysely")
    with pytest.raises(StoreError, match="version 1 was published meanwhile"):
        survey_catalog.publish(db, defs, text.replace("Kysymys yksi", "Uusi"),
                               db.survey_version("kysely").pictures, expected_version=0)


def test_delete_is_refused_with_responses_or_rounds_archive_hides_from_rounds(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    db.open_round("kysely", "puupaja")
    with pytest.raises(StoreError, match="has 1 rounds; archive it instead"):
        db.delete_stored_survey("kysely")
    _answer(db, "kysely", {"q1": "2"})
    with pytest.raises(StoreError, match="has 1 responses; archive it instead"):
        db.delete_stored_survey("kysely")
    revision = db.survey_revision()
    assert db.set_survey_archived("kysely", True)
    assert db.survey_revision() > revision
    catalog = survey_catalog.load_catalog(defs, db)
    assert "kysely" in catalog.surveys  # results stay readable
    assert "kysely" not in catalog.open_for_rounds()
    with pytest.raises(StoreError, match="survey kysely is archived"):
        db.open_round("kysely", "puupaja", name="uusi")
    assert db.set_survey_archived("kysely", False)
    assert "kysely" in survey_catalog.load_catalog(defs, db).open_for_rounds()


def test_a_survey_without_responses_can_be_deleted_and_the_file_comes_back(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    db.delete_stored_survey("kysely")
    catalog = survey_catalog.load_catalog(defs, db)
    assert catalog.sources["kysely"].kind == "file" and not catalog.shadowed


def test_stored_pictures_are_written_beside_the_database_with_their_licences(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    survey = survey_catalog.load_catalog(defs, db).surveys["kysely"]
    root = db.files_dir / "survey_pictures"
    if db.is_postgres:  # the server's files folder: a folder of each database's own
        [root] = root.iterdir()
        assert root.name.startswith("pg-")
    assert survey.picture_dir == root / "kysely" / "v1"
    picture = survey.picture_file(survey.questions[0].picture)
    assert picture.read_text(encoding="utf-8") == TINY_SVG
    licences = (picture.parent / "LICENSES.md").read_text(encoding="utf-8")
    assert "| `p.svg` | test@1 p.svg | Tester | CC0 1.0 |" in licences
    assert survey_catalog.library_metadata(picture)["author"] == "Tester"
    # A deleted copy is written again from the database.
    picture.unlink()
    survey_catalog.materialize_pictures(db, survey.picture_dir, db.survey_version("kysely").pictures)
    assert picture.read_text(encoding="utf-8") == TINY_SVG


def test_a_picture_without_a_known_licence_is_refused_on_import(tmp_path, db):
    folder = tmp_path / "nolicence"
    write_survey(folder, SMALL_SURVEY)
    with pytest.raises(SurveyError, match=r"picture 'pictures/p.svg': no licence and author"):
        survey_catalog.import_file(db, folder, folder / "kysely.yaml")
    assert db.stored_surveys() == []
    published = survey_catalog.import_file(db, folder, folder / "kysely.yaml",
                                           licence="CC BY 4.0", author="Minä")
    assert published.version == 1


def test_a_broken_stored_version_does_not_take_the_others_down(db, defs):
    survey_catalog.import_file(db, defs, defs / "kysely.yaml")
    with db._write() as conn:  # a version broken behind the app's back
        conn.execute("UPDATE survey_versions SET definition = 'id: [' WHERE survey = 'kysely'")
    catalog = survey_catalog.load_catalog(SHIPPED_DEFS, db)
    assert "asiakaskysely" in catalog.surveys and "kysely" not in catalog.surveys
    assert catalog.problems and catalog.problems[0].startswith("kysely (version 1): line 2")


# -- the command line ----------------------------------------------------------------------


def _cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_import_list_export(tmp_path, capsys, defs):
    dbp = str(tmp_path / "cli.db")
    common = ["--db", dbp, "--defs", str(defs)]
    code, out, _ = _cli(capsys, "survey", "import", str(defs / "kysely.yaml"), *common)
    assert code == 0
    assert out.splitlines() == [
        "imported kysely as version 1: 5 questions, 1 pictures",
        f"note: {defs / 'kysely.yaml'} has the same id; the stored survey is used from now on"]
    code, out, _ = _cli(capsys, "survey", "import", str(defs / "kysely.yaml"), *common)
    assert out.startswith("unchanged: kysely version 1 is the same")
    code, out, _ = _cli(capsys, "survey", "list", "--json", *common)
    [row] = json.loads(out)
    assert row == {"id": "kysely", "title": "Kysely", "version": "1", "questions": 5,
                   "responses": 0, "source": "stored", "archived": False,
                   "file": str(defs / "kysely.yaml"), "file_used": False}
    code, out, _ = _cli(capsys, "survey", "list", *common)
    assert out == (f"kysely\tKysely\tversion 1\t5 questions\t0 responses\tstored (file"
                   f" {defs / 'kysely.yaml'} not used)\n")
    outdir = tmp_path / "export"
    outdir.mkdir()
    code, out, _ = _cli(capsys, "survey", "export", "--survey", "kysely",
                        "--out", str(outdir / "kysely.yaml"), *common)
    assert code == 0 and out == f"wrote {outdir / 'kysely.yaml'} and 1 pictures beside it\n"
    assert (outdir / "pictures" / "p.svg").read_text(encoding="utf-8") == TINY_SVG
    assert "| `p.svg` | test@1 p.svg | Tester | CC0 1.0 |" in (
        outdir / "pictures" / "LICENSES.md").read_text(encoding="utf-8")
    code, out, _ = _cli(capsys, "survey", "import", str(outdir / "kysely.yaml"), *common)
    assert code == 0 and out.startswith("unchanged: kysely version 1")  # a round trip
    # Into a folder that already credits other pictures: our rows are added.
    shared = tmp_path / "shared"
    (shared / "pictures").mkdir(parents=True)
    (shared / "pictures" / "LICENSES.md").write_text(
        "| file | source | author | licence |\n|---|---|---|---|\n| `x.svg` | s | A | CC0 |\n",
        encoding="utf-8")
    assert _cli(capsys, "survey", "export", "--survey", "kysely", "--out",
                str(shared / "k.yaml"), *common)[0] == 0
    merged = (shared / "pictures" / "LICENSES.md").read_text(encoding="utf-8")
    assert "| `x.svg` | s | A | CC0 |" in merged and "| `p.svg` |" in merged
    assert _same(load_survey(outdir / "kysely.yaml"), load_survey(defs / "kysely.yaml"))
    code, out, err = _cli(capsys, "survey", "export", "--survey", "kysely", *common)
    assert out == (defs / "kysely.yaml").read_text(encoding="utf-8")
    assert "1 pictures not written" in err
    audit = [(e.action, e.target, e.detail) for e in Store(dbp).audit_entries()]
    assert ("survey_publish", "kysely", "version 1 from kysely.yaml") in audit


def test_cli_refuses_bad_input_and_stores_nothing(tmp_path, capsys, defs):
    dbp = tmp_path / "cli.db"
    common = ["--db", str(dbp), "--defs", str(defs)]
    assert _cli(capsys, "survey", "import", str(defs / "kysely.yaml"), *common)[0] == 0
    bad = tmp_path / "kysely.yaml"
    bad.write_text("id: kysely\ntitle: X\nquestions:\n  - {id: q1, type: valinta, text: X}\n",
                   encoding="utf-8")
    Store(dbp).close_all()
    before = db_fingerprint(dbp)
    code, out, err = _cli(capsys, "survey", "import", str(bad), *common)
    assert code == 1 and out == ""
    assert err.strip() == ("kysely.yaml: questions[1] (q1): type: is 'valinta'; must be one of"
                           " likert, grade, choice, multi, text")
    code, _, err = _cli(capsys, "survey", "import", str(tmp_path / "nothere.yaml"), *common)
    assert code == 1 and "no such file" in err
    code, _, err = _cli(capsys, "survey", "export", "--survey", "eiole", *common)
    assert code == 1 and "survey 'eiole': no such survey" in err and "stored: kysely" in err
    # Exporting over a different picture of the same name is refused.
    clash = tmp_path / "clash"
    (clash / "pictures").mkdir(parents=True)
    (clash / "pictures" / "p.svg").write_text("<svg/>", encoding="utf-8")
    code, _, err = _cli(capsys, "survey", "export", "--survey", "kysely",
                        "--out", str(clash / "k.yaml"), *common)
    assert code == 1 and "pictures/p.svg already exists there with other content" in err
    assert not (clash / "k.yaml").exists()
    Store(dbp).close_all()
    assert db_fingerprint(dbp)[1] == before[1]


def test_every_command_uses_the_stored_survey(tmp_path, capsys, defs):
    """A round opened and a summary read through the CLI use the stored version."""
    dbp = str(tmp_path / "cli.db")
    common = ["--db", dbp, "--defs", str(defs)]
    data = yaml.safe_load((defs / "kysely.yaml").read_text(encoding="utf-8"))
    data["questions"].append({"id": "uusi", "type": "likert", "text": "Vain tallennetussa"})
    other = tmp_path / "other"
    write_survey(other, data)
    shutil.copy(defs / "pictures" / "LICENSES.md", other / "pictures")
    assert _cli(capsys, "survey", "import", str(other / "kysely.yaml"), *common)[0] == 0
    code, out, _ = _cli(capsys, "summary", "--survey", "kysely", "--json", *common)
    assert code == 0
    assert [q["id"] for q in json.loads(out)["questions"]][-1] == "uusi"


def test_pictures_go_to_the_page_with_their_own_type(tmp_path):
    """An uploaded PNG or JPEG was sent as image/svg+xml and showed broken (walk)."""
    from PIL import Image

    from raati import said_did, ui

    for name, fmt, mime in (("kuva.png", "PNG", "image/png"), ("kuva.jpg", "JPEG", "image/jpeg"),
                            ("kuva.webp", "WEBP", "image/webp")):
        Image.new("RGB", (20, 20)).save(tmp_path / name, fmt)
        assert ui.data_uri(tmp_path / name).startswith(f"data:{mime};base64,")
        assert said_did.picture_uri(name, tmp_path).startswith(f"data:{mime};base64,")
    (tmp_path / "p.svg").write_text(TINY_SVG, encoding="utf-8")
    assert ui.data_uri(tmp_path / "p.svg").startswith("data:image/svg+xml;base64,")
