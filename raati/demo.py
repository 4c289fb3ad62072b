"""Demo content: units, rounds, realistic responses, a finished client panel session and
"you said, we did" actions answering them, so a new installation shows something. Deterministic (a fixed seed; only the join code,
the idea ids and the throwaway device keys are random) and idempotent (a second run adds
nothing)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from raati import actions as action_rules
from raati import config
from raati import panels as panel_rules
from raati.responses import build_answers
from raati.store import NewResponse, Store
from raati.survey_catalog import find_survey
from raati.surveys import Survey, SurveyError

DEMO_UNITS = {
    "puupaja": "Puupaja",
    "ompelimo": "Ompelimo",
    "kahvila": "Palvelukahvila Kipinä",
}
MARKER_ID = "demo-000000"  # the first demo response; its presence means "already done"

# Likely answer per question (1..4 weights); Espoo's survey found plans for the future
# and belief in getting work weakest, the work sites and tasks strongest.
LIKERT_WEIGHTS = {
    "elamantilanne": (1, 2, 6, 4), "tutustuminen": (1, 1, 4, 6), "tyopaikka": (1, 1, 5, 6),
    "tehtavat": (1, 2, 6, 5), "jatkosuunnitelma": (3, 5, 4, 2), "tulevaisuus": (3, 5, 4, 2),
    "tyollistyminen": (4, 5, 3, 1), "tavoitteet": (1, 3, 6, 3), "tiedot": (2, 3, 5, 3),
}
DEFAULT_WEIGHTS = (1, 2, 5, 4)

TEXTS = {
    "parasta": [
        "Työkaverit ja hyvä porukka.", "Sain taas rytmiä päivään.",
        "Ohjaaja kuunteli ja auttoi.", "Puutyöt, sain tehdä oman linnunpöntön!",
        "Ruokailu yhdessä.", "Että on paikka minne tulla aamulla.",
        "Det bästa är gemenskapen.", "Learning new skills with wood.",
    ],
    "muutettavaa": [
        "Enemmän tietoa siitä mitä jakson jälkeen tapahtuu.",
        "Jatkosuunnitelma pitäisi tehdä yhdessä eikä minun puolestani.",
        "Kahvitauko voisi olla pidempi.", "Lisää suomen kielen opetusta.",
        "Soittakaa minulle 040 123 4567 jos tulee työpaikka.",
        "Työkalut ovat vanhoja.", "Mer information om framtiden.",
    ],
    "muuta": ["Kiitos tästä viikosta.", "Väsytti vähän.", "Hyvä meininki!"],
    "toiveet": [
        "Apua Kelan lomakkeiden kanssa.", "Tietoa asumisesta.", "Lisää kahvila-aamuja!",
        "Terveydenhoitaja paikalle useammin.",
    ],
}
COMMENTS = ["Ohjaaja oli tosi mukava.", "Ei kysytty mitään.", "Vähän liian nopeasti.",
            "Hyvin meni.", "En tiennyt mitä tapahtuu seuraavaksi."]


# The finished panel session (contract §3: "demo ... and a panel session"), at the first
# unit: ideas as clients wrote them (text, group of similar ideas, written by a client?),
# one hidden for the personal data in it, dots from PANEL_DEVICES phones.
PANEL_TITLE = "Mitä muutetaan kevään aikana?"
PANEL_IDEAS = [
    ("Pidempi kahvitauko", "Tauot", True),
    ("Tauko myös iltapäivällä", "Tauot", True),
    ("Enemmän retkiä", None, True),
    ("Tietokoneapua vertaisilta", None, True),
    ("Uudet työkalut puupajaan", None, True),
    ("Yhteinen aamupala perjantaisin", None, True),
    ("Viikon ohjelma isosti seinälle", None, True),
    ("Saisiko kokeilla välillä ompelimoa?", None, False),  # said aloud, added by staff
]
PANEL_HIDDEN_IDEA = "Soittakaa Mikalle 040 765 4321, hän tietää lisää"
# How much the demo's phones like each idea (in PANEL_IDEAS order).
PANEL_LIKING = (9, 6, 7, 5, 3, 4, 2, 1)
PANEL_DEVICES = 9
PANEL_PROPOSALS = [
    ("Tauot pidemmiksi ja toinen tauko iltapäivään", (0, 1)),
    ("Retkipäivä kerran kuussa", (2,)),
]


# "You said, we did" (contract §6): what the demo units did with what their clients said,
# in plain language. Each: unit, said, did, the status path as (days before today, status)
# oldest first, due (days from today, or None), public?, responsible, picture, source
# (the demo panel's proposal by index, the survey question, or None: heard).
# Statuses spread; one staff-only, one overdue, one with a picture of the library.
DEMO_SURVEY_QUESTION = ("asiakaskysely", "tyollistyminen")  # the demo's weakest theme
DEMO_ACTIONS = [
    ("puupaja", "Tauot ovat liian lyhyitä, ja iltapäivällä tarvitaan toinen tauko.",
     "Kahvitauko on nyt 20 minuuttia, ja kello 13.30 on toinen tauko.",
     ((20, "planned"), (14, "in_progress"), (7, "done")), None, True, "Puupajan ohjaajat",
     "pictures/kahvi.svg", ("proposal", 0)),
    ("puupaja", "Haluamme retkiä useammin.",
     "Suunnittelemme retkipäivän kerran kuussa. Ensimmäinen retki on huhtikuussa.",
     ((18, "planned"),), 30, True, "Puupajan ohjaajat", None, ("proposal", 1)),
    ("puupaja", "Moni ei usko, että työtoiminta auttaa saamaan töitä.",
     "Työhönvalmentaja tulee puupajaan joka toinen tiistai ja auttaa työnhaussa.",
     ((28, "received"), (25, "in_progress")), -5, True, "Työhönvalmentaja",
     None, ("question", None)),
    ("puupaja", "Pukuhuoneessa on ollut ikävää puhetta.",
     "Ohjaajat puhuvat asiasta ryhmän kanssa ja käyvät pukuhuoneessa useammin.",
     ((12, "in_progress"),), 20, False, "Puupajan ohjaajat", None, None),
    ("ompelimo", "Ompelimossa on aamuisin kylmä.",
     "Selvitämme kiinteistöhuollon kanssa, voiko lämpöä nostaa.",
     ((3, "received"),), None, True, None, None, None),
    ("kahvila", "Kahvila voisi olla auki myös lauantaisin.",
     "Lauantaisin ohjaajat eivät ole töissä, joten kahvila ei voi olla silloin auki.",
     ((40, "received"), (33, "not_possible")), None, True, "Kahvilan ohjaaja", None, None),
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    units: int = 0
    rounds: int = 0
    responses: int = 0
    panels: int = 0
    actions: int = 0


def _fake_values(survey: Survey, rng: random.Random) -> tuple[dict, dict]:
    values: dict = {}
    comments: dict = {}
    for q in survey.questions:
        if q.optional and rng.random() < 0.35:
            continue
        if q.type == "likert":
            values[q.id] = rng.choices((1, 2, 3, 4), LIKERT_WEIGHTS.get(q.id, DEFAULT_WEIGHTS))[0]
        elif q.type == "grade":
            values[q.id] = rng.choices(range(4, 11), (0, 1, 2, 5, 7, 4, 1))[0]
        elif q.type == "choice":
            values[q.id] = rng.choice(q.option_ids)
        elif q.type == "multi":
            values[q.id] = [o for o in q.option_ids if rng.random() < 0.4] or [q.option_ids[0]]
        elif q.type == "text" and rng.random() < 0.6:
            values[q.id] = rng.choice(TEXTS.get(q.id, TEXTS["muuta"]))
        if q.comment and rng.random() < 0.15:
            comments[q.id] = rng.choice(COMMENTS)
    return values, comments


def fill_demo(store: Store, defs_dir: str | Path, today: dt.date | None = None) -> DemoResult:
    """Fill ``store`` with demo units, rounds, responses, a panel session and actions
    (once)."""
    if store.existing_response_ids([MARKER_ID]):
        return DemoResult(created=False)
    today = today or config.today()
    rng = random.Random(2026)
    surveys: dict[str, Survey] = {}
    for sid in ("asiakaskysely", "viikkofiilis", "palvelukahvila"):
        try:
            surveys[sid] = find_survey(defs_dir, store, sid)
        except SurveyError:
            continue
    for unit, name in DEMO_UNITS.items():
        store.ensure_unit(unit, name)

    day = dt.timedelta(days=1)
    # (survey, unit, name, opens, closes, expected, number of responses)
    plan = [
        ("asiakaskysely", "puupaja", "Kevät", today - 240 * day, today - 180 * day, 20, 14),
        ("asiakaskysely", "puupaja", "Syksy", today - 30 * day, today + 30 * day, 20, 11),
        ("asiakaskysely", "ompelimo", "Kevät", today - 240 * day, today - 180 * day, 15, 9),
        ("asiakaskysely", "ompelimo", "Syksy", today - 30 * day, today + 30 * day, 15, 3),
        ("viikkofiilis", "puupaja", "Viikkofiilis", today - 60 * day, None, None, 25),
        ("palvelukahvila", "kahvila", "Kahvila-aamut", today - 90 * day, None, 60, 30),
    ]
    responses: list[NewResponse] = []
    rounds = 0
    for sid, unit, name, opens, closes, expected, count in plan:
        survey = surveys.get(sid)
        if survey is None:
            continue
        rnd = store.open_round(sid, unit, name=name, opens=opens.isoformat(),
                               closes=closes.isoformat() if closes else None, expected=expected)
        rounds += 1
        last = min(closes or today, today)
        span = max((last - opens).days, 0)
        for _ in range(count):
            values, comments = _fake_values(survey, rng)
            lang = rng.choices(survey.languages, [8] + [1] * (len(survey.languages) - 1))[0]
            responses.append(NewResponse(
                survey=sid, date=(opens + rng.randint(0, span) * day).isoformat(), lang=lang,
                answers=build_answers(survey, values, comments, require=False),
                survey_version=survey.version, unit=unit, round_id=rnd.id,
                id=f"demo-{len(responses):06d}", text_questions=survey.text_question_ids,
            ))
    store.import_responses(responses)
    made = _demo_panel(store, next(iter(DEMO_UNITS)), today - 21 * day, rng)
    actions = _demo_actions(store, defs_dir, today, surveys)
    return DemoResult(created=True, units=len(DEMO_UNITS), rounds=rounds,
                      responses=len(responses), panels=made, actions=actions)


def _demo_actions(store: Store, defs_dir: str | Path, today: dt.date,
                  surveys: dict[str, Survey]) -> int:
    """The DEMO_ACTIONS, made through the store's rules with their dated history (each
    status change on its day); linked to the demo panel's proposals and the survey's
    weakest theme question where those are there (else recorded as heard). Returns how
    many were made: 0 if they are there already."""
    units = list(DEMO_UNITS)
    if any(a.said == DEMO_ACTIONS[0][1] for a in store.actions(units=units)):
        return 0
    panel = next((p for p in store.panels(unit=units[0]) if p.title == PANEL_TITLE), None)
    proposals = {p.text: p.id for p in store.proposals(panel.id)} if panel else {}
    sid, qid = DEMO_SURVEY_QUESTION
    survey = surveys.get(sid)
    has_question = survey is not None and survey.question(qid) is not None
    made = 0
    for unit, said, did, path, due, public, responsible, picture, source in DEMO_ACTIONS:
        link: dict = {}
        if source and source[0] == "proposal" and panel is not None:
            proposal = proposals.get(PANEL_PROPOSALS[source[1]][0])
            if proposal is not None:
                link = {"panel": panel.id, "proposal": proposal}
        elif source and source[0] == "question" and has_question:
            link = {"survey": sid, "question": qid}
        try:
            picture = action_rules.check_picture(picture, Path(defs_dir))
        except action_rules.ActionError:
            picture = None  # a survey folder without the picture library
        (first_days, first), *later = path
        action = store.add_action(
            unit, said, did, status=first, public=public, responsible=responsible,
            due=(today + dt.timedelta(days=due)).isoformat() if due is not None else None,
            picture=picture, note="", today=(today - dt.timedelta(days=first_days)).isoformat(),
            **link)
        for days, status in later:
            store.update_action(action.id, status=status,
                                today=(today - dt.timedelta(days=days)).isoformat())
        made += 1
    return made


def _demo_panel(store: Store, unit: str, day: dt.date, rng: random.Random) -> int:
    """One closed panel session at ``unit`` held on ``day``, made through the store's
    rules (phases, moderation, dot limits) like a real one; 0 if it is there already."""
    if any(p.title == PANEL_TITLE for p in store.panels(unit=unit)):
        return 0
    panel = store.open_panel(unit, PANEL_TITLE, votes_per_person=3, max_per_idea=1,
                             moderation="pre", today=day.isoformat())
    devices = [panel_rules.device_key(panel_rules.new_device_token())
               for _ in range(PANEL_DEVICES)]
    ideas = []
    for n, (text, _group, by_client) in enumerate(PANEL_IDEAS):
        ideas.append(store.add_idea(panel.id, text,
                                    device=devices[n % len(devices)] if by_client else None))
    hidden = store.add_idea(panel.id, PANEL_HIDDEN_IDEA, device=devices[-1])
    for idea in ideas:  # approved in the order written, so the screen's order is fixed
        if idea.status == "waiting":
            store.moderate_idea(idea.id, "approved", expect="waiting")
    store.moderate_idea(hidden.id, "hidden", expect="waiting")
    groups: dict[str, list[int]] = {}
    for idea, (_text, group, _by_client) in zip(ideas, PANEL_IDEAS, strict=True):
        if group:
            groups.setdefault(group, []).append(idea.id)
    for group, ids in groups.items():
        store.group_ideas(ids, group)
    store.set_panel_phase(panel.id, "voting")
    for device in devices:
        # each phone's three favourites, drawn by PANEL_LIKING (weighted, no repeats)
        order = sorted(range(len(ideas)), key=lambda i: -rng.random() ** (1 / PANEL_LIKING[i]))
        store.join_panel(panel.id, device)
        for i in order[:panel.votes_per_person]:
            store.add_dot(panel.id, device, ideas[i].id)
    store.set_panel_phase(panel.id, "results")
    for text, picks in PANEL_PROPOSALS:
        store.add_proposal(panel.id, text, [ideas[i].id for i in picks])
    store.set_panel_phase(panel.id, "closed", today=day.isoformat())
    return 1
