"""The survey builder on *Kyselyt* (issue 15) in AppTest: who may open and publish, a
survey made from empty and from a template, edits kept in the working copy and logged,
the CLI's messages as you type, hints, and a publish refused when it would change what
stored answers mean."""

from __future__ import annotations

import pytest
from _helpers import staff_app

from raati import survey_catalog
from raati.store import Answer, NewResponse
from raati.surveys import SurveyError

PAGE = "pages/surveys.py"


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _errors(at) -> list[str]:
    """The error boxes' texts as shown (Markdown escapes taken out)."""
    return [e.value.replace("\\", "") for e in at.error]


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption).replace("\\", "")


def _new_survey(at, title: str, template: str = ""):
    at.text_input(key="bf_new_title").input(title)
    if template:
        at.selectbox(key="bf_new_template").select(template)
    return _button(at, "Luo ja avaa editori").click().run()


def test_developer_clients_cannot_open_the_builder(app_env):
    store, _ = app_env
    at, _ = staff_app(store, "developer-client", PAGE)
    assert [b.key for b in at.button] == ["logout"]
    assert "Kyselyt" not in [t.value for t in at.title] and at.error


def test_staff_make_a_survey_edit_it_see_hints_and_publish(app_env):
    store, defs = app_env
    at, user = staff_app(store, "staff", PAGE)
    at = _new_survey(at, "Viikon palaute")
    assert not at.exception
    assert at.title[0].value == "Muokkaat: Viikon palaute"
    draft = store.survey_draft("viikon-palaute")
    assert draft is not None and draft.based_on == 0
    # The blank question is a problem in plain words, with the CLI's line under it,
    # beside the question.
    assert "Kysymys 1: kirjoita kysymyksen teksti (suomi)." in _errors(at)
    assert "viikon-palaute: questions[1] (q1): text.fi: must be a non-empty text" in _captions(at)
    assert _button(at, "Julkaise uusi versio").disabled
    # Typing the question: saved, logged, measured and hinted.
    widget = "bf:viikon-palaute:questions[1].text:fi"
    at.text_input(key=widget).input(
        "Eikö työtoimintaa suunniteltu ja kuunneltiinko sinua, kun työllistymismahdollisuuksista"
        " puhuttiin?").run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "työllistymismahdollisuuksista" in captions  # a long word named
    assert "kahta asiaa" in captions  # two questions in one
    assert "Kieltosana" in captions
    assert not [e for e in _errors(at) if "Kysymys 1" in e]
    assert not _button(at, "Julkaise uusi versio").disabled
    audit = [(e.action, e.target, e.detail) for e in store.audit_entries(actor=user.name)]
    assert ("survey_draft_edit", "viikon-palaute", "questions[1].text.fi") in audit
    # Add a choice question: two empty options are problems until they have labels.
    at.selectbox(key="bf:viikon-palaute:newtype").select("choice")
    at = _button(at, "Lisää kysymys").click().run()
    assert [e for e in _errors(at) if "Kysymys 2" in e] == [
        "Kysymys 2: kirjoita kysymyksen teksti (suomi).",
        "Kysymys 2, vaihtoehto 1: kirjoita vaihtoehdon teksti (suomi).",
        "Kysymys 2, vaihtoehto 2: kirjoita vaihtoehdon teksti (suomi)."]
    assert "viikon-palaute: questions[2] (q2): options[2] (b): label.fi: must be a non-empty" \
        " text" in _captions(at)
    at.text_input(key="bf:viikon-palaute:questions[2].text:fi").input("Mitä söit?").run()
    at.text_input(key="bf:viikon-palaute:questions[2].options[1].label:fi").input("Keittoa").run()
    at.text_input(key="bf:viikon-palaute:questions[2].options[2].label:fi").input("Salaattia").run()
    at = _button(at, "Julkaise uusi versio").click().run()
    assert not at.exception
    assert "Kysely viikon-palaute julkaistiin: versio 1." in " ".join(s.value for s in at.success)
    survey = survey_catalog.load_catalog(defs, store).surveys["viikon-palaute"]
    assert survey.version == "1"
    assert [o.id for o in survey.questions[1].options] == ["a", "b"]
    assert store.survey_draft("viikon-palaute") is None
    assert ("survey_publish", "viikon-palaute", "version 1 from the builder") in [
        (e.action, e.target, e.detail) for e in store.audit_entries(actor=user.name)]


def test_a_template_copy_and_a_publish_refused_for_meaning(app_env):
    store, defs = app_env
    at, _ = staff_app(store, "staff", PAGE)
    at = _new_survey(at, "Oma kahvila", template="palvelukahvila")
    assert not at.exception
    draft = store.survey_draft("oma-kahvila")
    survey, problems = survey_catalog.draft_survey(store, draft)
    assert problems == [] and len(survey.questions) == 5
    assert survey.picture_file(survey.questions[0].picture).is_file()
    at = _button(at, "Julkaise uusi versio").click().run()
    assert store.survey_version("oma-kahvila").version == 1
    # Answers arrive; then a new version that drops an answered option is refused.
    choice = next(q for q in survey.questions if q.type == "choice")
    store.submit_response(NewResponse(survey="oma-kahvila", date="2026-03-02",
                                      lang="fi", answers=(Answer(choice.id, "value",
                                                                 choice.options[0].id),)))
    edit = next(b for b in at.button if b.key == "bl:edit:oma-kahvila")
    at = edit.click().run()
    i = [q.id for q in survey.questions].index(choice.id)
    # Closed questions are one line each; their problems are counted there.
    at = next(b for b in at.button if b.key == f"bf:oma-kahvila:{choice.id}:open").click().run()
    remove = next(b for b in at.button
                  if b.key == f"bf:oma-kahvila:{choice.id}:{choice.options[0].id}:del")
    at = remove.click().run()
    assert not at.exception
    # Said while editing, in plain words naming the option, before anyone presses publish.
    label = choice.options[0].label["fi"]
    assert f"Kysymys {i + 1}: vaihtoehto ”{label}” on valittu tallennetuissa vastauksissa" \
        " (1 kertaa)." in " ".join(_errors(at))
    assert f"questions[{i + 1}] ({choice.id}): options: '{choice.options[0].id}' was chosen" \
        " once" in _captions(at)
    assert _button(at, "Julkaise uusi versio").disabled
    # Publishing it anyway (another way in) is refused by the same rule.
    draft = store.survey_draft("oma-kahvila")
    with pytest.raises(SurveyError):
        survey_catalog.publish(store, defs, draft.definition, draft.pictures)
    assert [v.version for v in store.survey_versions("oma-kahvila")] == [1]
    assert store.survey_draft("oma-kahvila") is not None  # the draft stays


@pytest.mark.parametrize("setting, role, may", [
    ("admin", "staff", False), ("admin", "admin", True), ("staff", "staff", True)])
def test_an_admin_can_restrict_publishing(app_env, setting, role, may):
    store, _ = app_env
    store.set_setting("survey_publishers", setting)
    at, _ = staff_app(store, role, PAGE)
    at = _new_survey(at, "Lyhyt")
    at.text_input(key="bf:lyhyt:questions[1].text:fi").input("Miten viikko meni?").run()
    assert _button(at, "Julkaise uusi versio").disabled is not may
    infos = " ".join(i.value for i in at.info)
    assert ("Vain ylläpitäjä voi julkaista" in infos) is not may


def test_fields_follow_the_options_and_questions_when_they_move(app_env):
    """A walk found kept field values staying in place while options moved: an edit then
    landed on another option, changing what stored answers meant."""
    store, _ = app_env
    at, _ = staff_app(store, "staff", PAGE)
    at = _new_survey(at, "Liikkuvat")
    sid = "liikkuvat"
    at.selectbox(key=f"bf:{sid}:q1:type").select("choice").run()
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1:addopt").click().run()
    for j, label in enumerate(("Puutyö", "Ompelu", "Kahvila"), start=1):
        at.text_input(key=f"bf:{sid}:questions[1].options[{j}].label:fi").input(label).run()

    def shown() -> list[str]:
        return [at.text_input(key=f"bf:{sid}:questions[1].options[{j}].label:fi").value
                for j in (1, 2, 3)]

    assert shown() == ["Puutyö", "Ompelu", "Kahvila"]
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1:c:up").click().run()
    assert shown() == ["Puutyö", "Kahvila", "Ompelu"]  # the fields follow the options
    at.text_input(key=f"bf:{sid}:questions[1].options[2].label:fi").input("Kahvio").run()
    import yaml

    options = yaml.safe_load(store.survey_draft(sid).definition)["questions"][0]["options"]
    assert [(o["id"], o["label"]["fi"]) for o in options] == [
        ("a", "Puutyö"), ("c", "Kahvio"), ("b", "Ompelu")]
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1:a:del").click().run()
    assert [at.text_input(key=f"bf:{sid}:questions[1].options[{j}].label:fi").value
            for j in (1, 2)] == ["Kahvio", "Ompelu"]
    # Questions: a copy removed leaves the original's own texts in the open question.
    at.text_input(key=f"bf:{sid}:questions[1].text:fi").input("Missä olit?").run()
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1:dup").click().run()
    at.text_input(key=f"bf:{sid}:questions[2].text:fi").input("Kopio").run()
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1_2:del").click().run()
    at = next(b for b in at.button if b.key == f"bf:{sid}:q1:open").click().run() \
        if any(b.key == f"bf:{sid}:q1:open" for b in at.button) else at
    assert at.text_input(key=f"bf:{sid}:questions[1].text:fi").value == "Missä olit?"
    assert not at.exception
