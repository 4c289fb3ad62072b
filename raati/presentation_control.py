"""Staff's closing-event presentation (pages/presentation.py, issue 14 item 3): building
the slides of a choice from the store, starting a presentation, the day's event-feedback
round, building the slides again while it runs, the feedback slide's live answers and the
PowerPoint deck. The page reads its widgets, calls these and draws; the slides' content
is analysis.presentation, the shared current slide raati.store.presentations (in the
database: the two windows of a presentation may be served by different app processes).

Every run of a window reads the presentation from the database (:func:`get`); its slides
are built again from the stored choice, kept per process until the presentation's slides
are built again anywhere (its ``built`` count moves: a move or "Päivitä sisältö" in any
process), so each window shows the slide and the content that the last move made.

The event-feedback round (survey ``tilaisuuspalaute``, one question) is opened only when
staff START a presentation: for today only, or the one already opened today for the same
unit and survey is reused (one QR code per event day). Opening the page or downloading
the deck never opens one: a deck downloaded before the start carries the QR code only
when today's round already exists (the presentation was started today), else its last
slide says how to get the QR code (start the presentation in Raati, then download the
deck from the presenter's view). A deck downloaded the day before would otherwise carry
the QR code of a round closed by the event day, and merely preparing would leave open
rounds at the unit."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from analysis.presentation import FEEDBACK_SURVEY, FeedbackLive, Slide, build_slides, response_base
from raati import auth, config, maintenance
from raati.i18n import t
from raati.store import DuplicateRound, Round, Store, StoreError, User
from raati.surveys import Survey


@dataclass(frozen=True)
class Choice:
    """What to present: ``survey`` (id), ``unit``, ``periods`` ("r<id>" or "YYYY-MM"
    block periods; None = all), the slides' ``lang`` and whether they end with the
    event-feedback slide (``feedback``: asked for, and the feedback survey exists)."""

    survey: str
    unit: str
    periods: tuple[str, ...] | None
    lang: str
    feedback: bool

    def as_json(self) -> dict:
        """The choice as JSON-able data (stored with a running presentation)."""
        return {"survey": self.survey, "unit": self.unit,
                "periods": list(self.periods) if self.periods is not None else None,
                "lang": self.lang, "feedback": self.feedback}

    @classmethod
    def from_json(cls, data: object) -> Choice | None:
        """The choice ``as_json`` gave, or None for anything else."""
        if not isinstance(data, Mapping):
            return None
        survey, unit, periods = data.get("survey"), data.get("unit"), data.get("periods")
        lang, feedback = data.get("lang"), data.get("feedback")
        if not (isinstance(survey, str) and isinstance(unit, str) and isinstance(lang, str)
                and isinstance(feedback, bool)):
            return None
        if periods is not None:
            if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
                return None
            periods = tuple(periods)
        return cls(survey, unit, periods, lang, feedback)


@dataclass(frozen=True)
class RunningPresentation:
    """A running presentation as a window shows it now: its ``slides`` (built from the
    stored ``choice``), the ``current`` slide (0-based, read from the database), the
    ``unit`` (who may open it is checked against it), the ``owner``'s name, the
    ``survey`` and the event-feedback round's id (or None)."""

    id: str
    slides: tuple[Slide, ...]
    unit: str
    owner: str
    survey: str
    feedback_round: int | None
    current: int
    choice: Choice


@dataclass(frozen=True)
class Sources:
    """Where the slides' data come from: the ``store``, the ``surveys`` by id, and the
    page's cached readers ``block_counts(survey)`` (raati.ui.block_counts: published
    block counts) and ``free_texts(survey, units)`` (raati.ui.free_texts); ``min_group``
    is raati.config.min_group()."""

    store: Store
    surveys: Mapping[str, Survey]
    block_counts: Callable[[Survey], dict]
    free_texts: Callable[[Survey, list[str] | None], list]
    min_group: int


def survey_title(src: Sources, survey_id: str, lang: str) -> str:
    """The survey's title in ``lang``, or its id when it is gone."""
    s = src.surveys.get(survey_id)
    return s.text(s.title, lang) if s else survey_id


def build(src: Sources, choice: Choice, *, feedback: bool | None = None) -> list[Slide]:
    """The slides of ``choice`` from the published figures, the moderation state and the
    unit's public actions read now (analysis.presentation.build_slides). The response
    rate counts only the rounds whose answers the slides count (response_base).
    ``feedback`` overrides ``choice.feedback`` (a start whose round could not be opened
    ends without the feedback slide). Raises KeyError for an unknown survey."""
    from analysis import results as res
    from analysis.scope import report_labels
    from analysis.views import build_view, restrict_units, shown_texts
    from raati.said_did import public_actions

    store = src.store
    survey = src.surveys[choice.survey]
    units = [choice.unit]
    data = restrict_units(src.block_counts(survey), units)
    periods = list(choice.periods) if choice.periods else None
    view = build_view(survey, data, src.min_group, units=units, periods=periods)
    unit_label, period_label, _ = report_labels(store, survey, data, view, units, periods,
                                                unit=choice.unit)
    rounds = {f"r{r.id}": r for r in store.rounds(survey.id)}
    expected, left_out = response_base(view, data, rounds, choice.unit, periods)
    texts = shown_texts(view, src.free_texts(survey, units),
                        store.moderation_state(survey.id))
    changes = earlier = None
    if periods and len(periods) == 1:  # one round: its changes since the unit's previous
        changes, earlier, _ = res.previous_round_changes(survey, data, src.min_group,
                                                         choice.unit, periods[0], rounds)
    return build_slides(survey, view, lang=choice.lang, unit_label=unit_label,
                        period_label=period_label, texts=texts,
                        actions=public_actions(store, choice.unit), expected=expected,
                        min_group=src.min_group, today=config.today(),
                        feedback=choice.feedback if feedback is None else feedback,
                        changes=changes, earlier=earlier, rounds_left_out=left_out)


def _round_name(src: Sources, choice: Choice) -> str:
    return t("pres_round_name", choice.lang,
             title=survey_title(src, choice.survey, choice.lang)).strip()


def todays_feedback_round(src: Sources, choice: Choice) -> Round | None:
    """The event-feedback round that starting ``choice`` today would reuse (the same
    unit and name, opened for today), or None: read only, nothing is opened."""
    today = config.today().isoformat()
    name = _round_name(src, choice)
    found = [r for r in src.store.rounds(FEEDBACK_SURVEY)
             if r.unit == choice.unit and r.name == name and r.opens == today]
    return max(found, key=lambda r: r.id) if found else None


def open_feedback_round(src: Sources, who: User, choice: Choice
                        ) -> tuple[int | None, str | None]:
    """The day's event-feedback round of the unit: opened now for today only
    (raati.maintenance.open_round, logged), or the one already opened today (one round
    per event day: starting twice shows the same QR code). Returns (round id, None) or
    (None, the refusal's text: no access, an archived survey...)."""
    today = config.today().isoformat()
    try:
        return maintenance.open_round(src.store, who, FEEDBACK_SURVEY, choice.unit,
                                      opens=today, closes=today,
                                      name=_round_name(src, choice)), None
    except DuplicateRound as exc:  # presented earlier today: the same round
        return exc.round_id, None
    except (auth.AuthError, StoreError) as exc:
        return None, str(exc)


# The slides built in this process: (store key, presentation id) -> (built, slides), the
# ones used last at the end. A window's run takes them when the stored ``built`` is the
# same, else builds them again (another process moved the presentation or refreshed it).
_built: OrderedDict[tuple[str, str], tuple[int, tuple[Slide, ...]]] = OrderedDict()
_built_lock = threading.Lock()
MAX_BUILT = 32


def _keep_built(store: Store, pid: str, built: int, slides) -> None:
    with _built_lock:
        _built[(store.key, pid)] = (built, tuple(slides))
        _built.move_to_end((store.key, pid))
        while len(_built) > MAX_BUILT:
            _built.popitem(last=False)


def _forget_built(store: Store, pid: str) -> None:
    with _built_lock:
        _built.pop((store.key, pid), None)


def get(src: Sources, pid: str | None) -> RunningPresentation | None:
    """The running presentation ``pid``: read from the database on every call (the slide
    shown, the round …), with its slides as last built (this process's copy while the
    stored ``built`` count is the same, else built again from the store now). None for an
    unknown or forgotten presentation, or one whose survey is gone."""
    stored = src.store.presentation(pid)
    if stored is None:
        return None
    choice = Choice.from_json(stored.choice)
    if choice is None:
        return None
    with _built_lock:
        kept = _built.get((src.store.key, stored.id))
    if kept is not None and kept[0] == stored.built:
        slides = kept[1]
    else:
        if choice.survey not in src.surveys:
            return None
        slides = tuple(build(src, choice, feedback=stored.feedback_round is not None))
        if not slides:
            return None
        _keep_built(src.store, stored.id, stored.built, slides)
    return RunningPresentation(stored.id, slides, stored.unit, stored.owner, stored.survey,
                               stored.feedback_round,
                               max(0, min(len(slides) - 1, stored.slide)), choice)


def start(src: Sources, who: User, choice: Choice) -> tuple[str, str | None]:
    """Start presenting ``choice`` for ``who`` (checked by the caller: may act on the
    unit): open the day's feedback round when the choice ends with it (the ONLY place a
    presentation opens a round), build the slides, keep the presentation (at its first
    slide) and log it. Returns (presentation id, None) or (id, the text of why the
    feedback round could not be opened: the slides then end without it)."""
    round_id, error = None, None
    if choice.feedback:
        round_id, error = open_feedback_round(src, who, choice)
    slides = build(src, choice, feedback=round_id is not None)
    pid = src.store.start_presentation(unit=choice.unit, owner=who.name,
                                       survey=choice.survey, choice=choice.as_json(),
                                       kinds=[s.kind for s in slides],
                                       feedback_round=round_id)
    _keep_built(src.store, pid, 0, slides)
    src.store.audit(who.name, "presentation", choice.survey,
                    f"{choice.unit} {list(choice.periods or ()) or ''}".strip())
    return pid, error


def refresh(src: Sources, pid: str) -> bool:
    """Build the slides of running presentation ``pid`` again from the store (texts
    approved and actions recorded since the start appear), keeping the slide shown now
    (raati.store.presentations.same_slide); every process's window shows them at its
    next run. False for an unknown presentation or one whose survey is gone."""
    stored = src.store.presentation(pid)
    if stored is None:
        return False
    choice = Choice.from_json(stored.choice)
    if choice is None or choice.survey not in src.surveys:
        return False
    slides = build(src, choice, feedback=stored.feedback_round is not None)
    if not slides:
        return False
    done = src.store.replace_presentation_slides(stored.id, [s.kind for s in slides])
    if done is None:
        return False
    _keep_built(src.store, stored.id, done[1], slides)
    return True


def go(src: Sources, pid: str, where: str | int) -> int | None:
    """Move presentation ``pid`` (raati.store.presentations.moved's ``where``) after
    building its slides again (refresh): the slide moved to shows what the store holds
    now. Returns the new current slide, None for an unknown presentation."""
    refresh(src, pid)
    return src.store.move_presentation(pid, where)


def stop(src: Sources, pid: str) -> None:
    """Forget presentation ``pid`` (in the database: every window says it is gone)."""
    src.store.stop_presentation(pid)
    _forget_built(src.store, pid)


def feedback_live(src: Sources, round_id: int | None, base_url: str,
                  lang: str) -> FeedbackLive | None:
    """The live state of the feedback slide of round ``round_id``: its answer link, the
    number of answers, and the counts per face only from the round's published figures
    when they reach the minimum group (analysis.views: they move in steps of it); None
    without the round or the feedback survey."""
    from analysis.views import build_view

    fsurvey = src.surveys.get(FEEDBACK_SURVEY)
    rnd = src.store.round_by_id(round_id) if round_id else None
    if fsurvey is None or rnd is None:
        return None
    link = config.answer_link(base_url, rnd.token)
    total = src.store.count_responses(FEEDBACK_SURVEY, round_id=rnd.id)
    view = build_view(fsurvey, src.block_counts(fsurvey), src.min_group, units=[rnd.unit],
                      periods=[f"r{rnd.id}"])
    question = fsurvey.questions[0]
    result = view.result(question.id)
    faces: tuple[tuple[int, str, int], ...] = ()
    held = False
    if result is not None and not result.suppressed and result.n >= src.min_group:
        words = fsurvey.scale_words(question, lang)
        faces = tuple((p, words[p], result.counts.get(str(p), 0)) for p in (4, 3, 2, 1))
        held = total > sum(n for _, _, n in faces)
    return FeedbackLive(link, total, faces, held, src.min_group)


def deck(src: Sources, choice: Choice, *, actor: str, base_url: str,
         pid: str | None = None) -> bytes:
    """The PowerPoint deck (analysis.presentation_pptx) of running presentation ``pid``
    (its slides now, built again from the store) or, without one, of the slides that
    starting ``choice`` would show. Its feedback slide carries the QR code and link of
    the presentation's round, or before the start of today's round when it already
    exists (todays_feedback_round); never opens one: else that slide says how to get the
    QR code. Logged as a report of ``actor``."""
    from analysis.presentation_pptx import presentation_pptx
    from raati.qr import qr_png

    rnd = None
    if pid is not None and (running := get(src, pid)) is not None:
        refresh(src, pid)
        running = get(src, pid) or running
        slides = list(running.slides)
        rnd = (src.store.round_by_id(running.feedback_round)
               if running.feedback_round else None)
        survey_id = running.survey
    else:
        slides = build(src, choice)
        if choice.feedback:
            rnd = todays_feedback_round(src, choice)
        survey_id = choice.survey
    link = config.answer_link(base_url, rnd.token) if rnd else None
    src.store.audit(actor, "report", survey_id, f"presentation pptx {choice.unit}")
    return presentation_pptx(slides, title=survey_title(src, survey_id, choice.lang),
                             lang=choice.lang, feedback_link=link,
                             qr_png=qr_png(link) if link else None)
