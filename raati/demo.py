"""Demo content: units, rounds and realistic responses, so a new installation shows
something. Deterministic (a fixed seed) and idempotent (a second run adds nothing)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from raati import config
from raati.responses import build_answers
from raati.store import NewResponse, Store
from raati.surveys import Survey, SurveyError, find_survey

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


@dataclass(frozen=True)
class DemoResult:
    created: bool
    units: int = 0
    rounds: int = 0
    responses: int = 0


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
    """Fill ``store`` with demo units, rounds and responses (once)."""
    if store.existing_response_ids([MARKER_ID]):
        return DemoResult(created=False)
    today = today or config.today()
    rng = random.Random(2026)
    surveys: dict[str, Survey] = {}
    for sid in ("asiakaskysely", "viikkofiilis", "palvelukahvila"):
        try:
            surveys[sid] = find_survey(defs_dir, sid)
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
    return DemoResult(created=True, units=len(DEMO_UNITS), rounds=rounds,
                      responses=len(responses))
