"""The client's way through a survey, one question per screen: a small state machine,
kept in the browser session and drawn by pages/answer.py. No Streamlit here.

Screens: ``start`` (language, easy language, text size, contrast) → ``question`` (one
per screen; back, skip for optional questions) → ``review`` (send) → ``thanks``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from raati import config
from raati.responses import AnswerError, build_answers, check_text
from raati.store import Answer, NewResponse, Round, Store, new_response_id
from raati.store.backend import integrity_errors, unavailable_errors
from raati.surveys import Question, Survey

START = -1
# Tapping one of these answers moves on by itself; items with a comment box wait for
# "Seuraava" so the person can write more if they want.
AUTO_ADVANCE = ("likert", "grade", "choice")


class OutdatedScreen(AnswerError):
    """A tap that was meant for a screen the flow has already left: a fast second tap,
    or one on a button that was still shown while the next screen was on its way. It
    is ignored, never applied to the screen that came after (the person has not seen
    that question yet)."""


@dataclass
class AnswerFlow:
    survey_id: str
    round_id: int
    lang: str
    easy: bool = False
    big_text: bool = False
    high_contrast: bool = False
    step: int = START
    values: dict[str, object] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    last_activity: float = field(default_factory=time.monotonic)
    submitted: bool = False
    # The response id of a send that met an unreachable database (pages/answer.py): the
    # next press sends with the same id, so that a write whose commit did reach the
    # database (only its answer was lost) is found there and never stored twice. Empty
    # until such a failure; a new flow (the next person) never inherits it.
    pending_id: str = ""

    # -- where we are ----------------------------------------------------------------

    def screen(self, survey: Survey) -> str:
        if self.submitted:
            return "thanks"
        if self.step == START:
            return "start"
        if self.step >= len(survey.questions):
            return "review"
        return "question"

    def question(self, survey: Survey) -> Question | None:
        if 0 <= self.step < len(survey.questions):
            return survey.questions[self.step]
        return None

    def progress(self, survey: Survey) -> tuple[int, int]:
        """(this question's number, how many) for "3 / 12"."""
        return self.step + 1, len(survey.questions)

    def touch(self, now: float | None = None) -> None:
        self.last_activity = time.monotonic() if now is None else now

    def idle_for(self, now: float | None = None) -> float:
        return (time.monotonic() if now is None else now) - self.last_activity

    def expect_step(self, step: int) -> None:
        """Check that a tap drawn on screen ``step`` (``self.step`` when its button was
        drawn) still belongs to the screen shown now; raises OutdatedScreen if not."""
        if step != self.step:
            raise OutdatedScreen(f"a tap for step {step}, the flow is at step {self.step}")

    # -- moves -----------------------------------------------------------------------

    def start(self, survey: Survey, lang: str | None = None) -> None:
        if lang is not None:
            if lang not in survey.languages:
                raise AnswerError(f"'{lang}' is not one of the survey's languages")
            self.lang = lang
        self.step = 0
        self.touch()

    def choose(self, survey: Survey, value: object) -> None:
        """The answer to the current question (an int for likert/grade, an option id
        for choice, a list of option ids for multi, a text)."""
        q = self._current(survey)
        if q.type == "text" and value is not None and not isinstance(value, str):
            # e.g. a number from a scale button: never stored as someone's text
            raise AnswerError(f"{q.id}: a text question takes text, not {value!r}")
        # The same check as when the response is stored: an unknown option or a too
        # long text is refused here already.
        build_answers(_only(survey, q), {q.id: value}, require=False)
        if value in (None, "", []):
            self.values.pop(q.id, None)
        else:
            self.values[q.id] = value
        self.touch()
        if q.type in AUTO_ADVANCE and not q.comment:
            self.step += 1

    def comment(self, survey: Survey, text: str) -> None:
        q = self._current(survey)
        if not q.comment:
            raise AnswerError(f"{q.id}: this question has no comment box")
        text = check_text(text or "", 1000)
        if text:
            self.comments[q.id] = text
        else:
            self.comments.pop(q.id, None)
        self.touch()

    def next(self, survey: Survey) -> None:
        """Move on; a question that needs an answer and has none raises AnswerError."""
        q = self._current(survey)
        if not q.optional and self.values.get(q.id) in (None, "", []):
            raise AnswerError(f"{q.id}: an answer is needed")
        self.step += 1
        self.touch()

    def skip(self, survey: Survey) -> None:
        q = self._current(survey)
        if not q.optional:
            raise AnswerError(f"{q.id}: this question cannot be skipped")
        self.values.pop(q.id, None)
        self.comments.pop(q.id, None)
        self.step += 1
        self.touch()

    def back(self) -> None:
        self.step = max(START, self.step - 1)
        self.touch()

    def missing(self, survey: Survey) -> list[int]:
        """Numbers (from 1) of the questions that still need an answer."""
        return [i for i, q in enumerate(survey.questions, start=1)
                if not q.optional and self.values.get(q.id) in (None, "", [])]

    def answers(self, survey: Survey) -> tuple[Answer, ...]:
        """Everything given, checked as the store will take it."""
        return build_answers(survey, self.values, self.comments)

    def submit(self, store: Store, survey: Survey, rnd: Round) -> str:
        """Store this person's answers as one response of round ``rnd``; returns its id.
        Raises AnswerError (answers not valid), StoreError (refused), or one of
        raati.store.backend.unavailable_errors() when the database cannot be reached:
        then ``pending_id`` keeps the response's id, so that the next send uses the same
        one, and a write whose commit had in fact reached the database (only its answer
        was lost) is found there instead of being stored twice."""
        answers = self.answers(survey)
        response_id = self.pending_id or new_response_id()
        try:
            store.submit_response(NewResponse(
                survey=survey.id, date=config.today().isoformat(), lang=self.lang,
                answers=answers, survey_version=survey.version, unit=rnd.unit,
                round_id=rnd.id, text_questions=survey.text_question_ids, id=response_id))
        except integrity_errors():
            if not (self.pending_id and store.existing_response_ids([response_id])):
                raise
        except unavailable_errors():
            self.pending_id = response_id
            raise
        return response_id

    def _current(self, survey: Survey) -> Question:
        q = self.question(survey)
        if q is None:
            raise AnswerError("there is no question on this screen")
        return q


def _only(survey: Survey, q: Question) -> Survey:
    """The survey with just one question (for checking one answer)."""
    return Survey(id=survey.id, title=survey.title, languages=survey.languages,
                  questions=(q,), scale=survey.scale)
