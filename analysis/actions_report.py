""""You said, we did" actions (contract §6) in the reports and, as plain data, for the
presentation mode at closing events (issue 13, item 5).

- :func:`actions_summary`: counts by status, overdue and staff-only counts, the newest
  done ones, as plain JSON-able data: what a closing event's slides need. Pure.
- :func:`actions_section`: the report's section (:class:`analysis.report.ActionsSection`)
  from a list of actions; pure, texts in the report's language (fi, sv, en).
- :func:`report_actions`: which actions a survey report shows (its units and period, as
  the panel section scopes them, :mod:`analysis.panel_report`), read from the store.

A staff report carries public and staff-only actions alike (it is for staff and decision
makers); staff-only ones are marked. The public page's rules (what it keeps, for how
long) are raati.actions.shown_publicly and apply there, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from analysis.report import ActionItem, ActionsSection, Chart, ChartRow, _count_ticks, fi_date
from analysis.text import mask_personal_data
from raati.actions import CLOSED_STATUSES, STATUSES, SYMBOLS, Action
from raati.i18n import UI_LANGUAGES, t
from raati.said_did import did_label_key

NEWEST_DONE = 5  # done actions a summary names: a slide's worth


def in_period(action: Action, start: str | None, end: str | None) -> bool:
    """Whether ``action`` belongs to the days ``start``..``end`` (YYYY-MM-DD, both
    included; None: open-ended): it was created or changed in them (its ``created``,
    ``updated`` or a history entry's date falls there). Neither given: True."""
    if not start and not end:
        return True
    days = {action.created, action.updated, *(h.date for h in action.history)} - {"", None}
    return any((not start or d >= start) and (not end or d <= end) for d in days)


def report_order(actions: Iterable[Action], today: dt.date) -> list[Action]:
    """``actions`` in the order a report lists them: by status as an action goes
    (STATUSES: received, planned, in progress, done, not possible); within a status the
    overdue ones first, then by due date (none last), then the newest change (done ones:
    the newest done first)."""
    newest = sorted(actions, key=lambda a: (a.done_on or a.updated, a.id), reverse=True)
    return sorted(newest, key=lambda a: (
        STATUSES.index(a.status), not a.overdue(today),
        "" if a.status in CLOSED_STATUSES else (a.due or "9999-12-31")))


def actions_summary(actions: Iterable[Action], today: dt.date,
                    newest_done: int = NEWEST_DONE) -> dict:
    """The actions as plain data for a closing event's slides (the presentation mode)
    and the report's counts. ``today`` decides what is overdue
    (:meth:`raati.actions.Action.overdue`). Returns::

        {"total": 6,                      # actions given
         "counts": {"received": 1, "planned": 1, "in_progress": 2, "done": 1,
                    "not_possible": 1},   # every status, in STATUSES order
         "overdue": 1,                    # due date passed, not done or not possible
         "private": 1,                    # staff only (not on the public page)
         "overdue_ids": [4],              # by due date, oldest first
         "newest_done": [                 # at most ``newest_done``, newest done first
             {"id": 3, "unit": "puupaja", "said": "...", "did": "...",
              "done_on": "2026-03-02", "picture": "pictures/kahvi.svg" or None,
              "public": True}]}

    ``said`` and ``did`` are masked for personal data (analysis.text.mask_personal_data).
    Pure: reads nothing, raises nothing of its own."""
    actions = list(actions)
    late = sorted((a for a in actions if a.overdue(today)), key=lambda a: (a.due, a.id))
    done = sorted((a for a in actions if a.status == "done"),
                  key=lambda a: (a.done_on or a.updated, a.id), reverse=True)
    return {
        "total": len(actions),
        "counts": {s: sum(a.status == s for a in actions) for s in STATUSES},
        "overdue": len(late),
        "private": sum(not a.public for a in actions),
        "overdue_ids": [a.id for a in late],
        "newest_done": [{"id": a.id, "unit": a.unit, "said": mask_personal_data(a.said),
                         "did": mask_personal_data(a.did),
                         "done_on": a.done_on, "picture": a.picture, "public": a.public}
                        for a in done[:max(newest_done, 0)]],
    }


def status_label(status: str, lang: str) -> str:
    """A status as its symbol and word, "✅ Tehty" (raati.actions.SYMBOLS, raati.i18n)."""
    return f"{SYMBOLS[status]} {t(f'action_status_{status}', lang)}"


def _day(date: str) -> str:
    return fi_date(dt.date.fromisoformat(date))


def actions_section(actions: Sequence[Action], today: dt.date, *, lang: str = "fi",
                    unit_names: dict[str, str] | None = None,
                    sources: dict[int, str] | None = None) -> ActionsSection:
    """The report's actions section (:class:`analysis.report.ActionsSection`) of
    ``actions`` (public and staff-only alike): the counts of :func:`actions_summary`
    (as of ``today``) as a count chart, one row per status in STATUSES order with its
    symbol and word; then every action in :func:`report_order`, each with what clients
    said, what is or was done (why not, for one not possible) under the public page's
    heading for its status (raati.said_did.did_label_key: "Me selvitämme:", "Me
    teimme:" …) and its status word as the public page shows it, the overdue and
    staff-only marks ("myöhässä", "vain henkilökunnalle"), its status and dates,
    responsible person, unit (when there are several) and source.

    ``unit_names`` maps unit ids to names (missing: the id); ``sources`` maps action ids
    to their source text ("lähde: asiakasraati ”...”, ehdotus ”...”"; missing: from the
    action's source kind alone, :func:`source_text`). ``lang`` fi, sv or en (another:
    Finnish, as the report's own words). Pure; raises nothing of its own."""
    lang = lang if lang in UI_LANGUAGES else "fi"
    names = unit_names or {}
    sources = sources or {}
    summary = actions_summary(actions, today)
    counts = summary["counts"]
    ticks = _count_ticks(max(counts.values(), default=0))
    chart = Chart(t("rep_actions_by_status", lang), "count", (t("rep_actions_series", lang),),
                  tuple(ChartRow(status_label(s, lang), n, (n / ticks[-1],))
                        for s, n in counts.items()), ticks)
    units = sorted({a.unit for a in actions}, key=lambda u: names.get(u, u).casefold())
    items = []
    for a in report_order(actions, today):
        late = a.overdue(today)
        marks = [t("rep_actions_overdue", lang)] if late else []
        if not a.public:
            marks.append(t("rep_actions_private", lang))
        status = status_label(a.status, lang)
        if a.status in CLOSED_STATUSES and a.done_on:
            status = f"{status} {_day(a.done_on)}"
        facts = []
        if a.due and a.status not in CLOSED_STATUSES:
            facts.append(t("rep_actions_due", lang, date=_day(a.due)))
        if a.responsible:
            facts.append(t("rep_actions_responsible", lang, who=a.responsible))
        if len(units) > 1:
            facts.append(t("rep_actions_unit", lang, unit=names.get(a.unit, a.unit)))
        facts.append(sources.get(a.id) or source_text(a, lang))
        items.append(ActionItem(
            # Staff write these, but they may quote a client: masked as every text a
            # report carries (as on the public page).
            said=t("rep_actions_said", lang, text=mask_personal_data(a.said)),
            # Under the public page's heading for its status ("Me selvitämme:", "Me
            # teimme:" …), so staff and clients read the same words.
            did=f"{t(did_label_key(a.status), lang)} {mask_personal_data(a.did)}",
            status=status, facts=" · ".join(facts),
            marks=" · ".join(marks), overdue=late))
    return ActionsSection(
        lang=lang, kicker=t("rep_actions_kicker", lang), title=t("rep_actions_title", lang),
        meta=t("rep_actions_units", lang, units=", ".join(names.get(u, u) for u in units)),
        counts=t("rep_actions_counts", lang, n=summary["total"], late=summary["overdue"],
                 private=summary["private"]),
        chart_heading=t("rep_actions_by_status", lang), chart=chart,
        list_heading=t("rep_actions_list", lang), note=t("rep_actions_note", lang),
        items=tuple(items))


def source_text(action: Action, lang: str = "fi", *, panel: str | None = None,
                proposal: str | None = None, survey: str | None = None,
                question: str | None = None) -> str:
    """Where ``action`` came from, for a report: a panel session's title and proposal,
    a survey's title and question, or "heard"; the names given (``panel`` title,
    ``proposal`` text, ``survey`` title, ``question`` text), else the ids the action
    holds. Pure."""
    if action.source == "panel":
        title = panel or f"#{action.panel}"
        if action.proposal is not None:
            return t("rep_actions_from_panel", lang, panel=title,
                     proposal=proposal or f"#{action.proposal}")
        return t("rep_actions_from_panel_only", lang, panel=title)
    if action.source == "survey":
        if action.question:
            return t("rep_actions_from_survey", lang, survey=survey or action.survey,
                     question=question or action.question)
        return t("rep_actions_from_survey_only", lang, survey=survey or action.survey)
    return t("rep_actions_from_heard", lang)


def _sources(store, actions: Sequence[Action], lang: str, surveys: dict,
             defs_dir: str | Path | None) -> dict[int, str]:
    """{action id: its source text}, naming panels, proposals, surveys and questions."""
    from raati.survey_catalog import find_survey
    from raati.surveys import SurveyError

    panels: dict[int, object] = {}
    proposals: dict[int, str] = {}
    out = {}
    for a in actions:
        names: dict[str, str | None] = {}
        if a.panel is not None:
            if a.panel not in panels:
                panels[a.panel] = store.panel(a.panel)
                proposals.update({p.id: p.text for p in store.proposals(a.panel)})
            found = panels[a.panel]
            names = {"panel": found.title if found else None,
                     "proposal": proposals.get(a.proposal)}
        elif a.survey is not None:
            if a.survey not in surveys and defs_dir is not None:
                try:
                    surveys[a.survey] = find_survey(defs_dir, store, a.survey)
                except (SurveyError, OSError):
                    surveys[a.survey] = None
            survey = surveys.get(a.survey)
            if survey is not None:
                q = survey.question(a.question) if a.question else None
                names = {"survey": survey.text(survey.title, lang) or survey.id,
                         "question": survey.text(q.text, lang).rstrip(". ") if q else None}
        out[a.id] = source_text(a, lang, **names)
    return out


def report_actions(store, survey, data: dict, *, unit: str | None = None,
                   periods: Iterable[str] | None = None, since: str | None = None,
                   until: str | None = None, lang: str = "fi",
                   today: dt.date | None = None,
                   defs_dir: str | Path | None = None) -> ActionsSection | None:
    """The actions section of a survey report of ``data`` (block counts, already cut to
    what the reader may see) for ``actions=`` of :func:`analysis.report.report_pdf` /
    ``report_pptx``, read now from ``store``; None when no action is in scope (the
    report then has no such section). ``raati report`` and the results page's
    downloads.

    - units: ``unit`` when one was chosen, else the units with answers in ``data`` (as
      :func:`analysis.panel_report.report_sessions`);
    - period: with ``since``/``until`` (YYYY-MM-DD) those days; with ``periods`` (the
      results page's rounds or months) their span; neither: every action. An action
      belongs to the days it was created or changed in (:func:`in_period`);
    - every action of those units, public or staff-only, whatever its source.

    ``survey`` (raati.surveys.Survey) names its own questions; another survey's come
    from ``defs_dir`` when given (else its id is shown). ``today`` (default: the app's
    day, raati.config.today) decides what is overdue."""
    from analysis.panel_report import _period_span
    from raati import config

    units = {unit} if unit else {b[0] for b in data["respondents"]}
    units.discard("")
    units.discard(None)
    if not units:
        return None
    start, end = since, until
    if periods and not (since or until):
        start, end, _rounds = _period_span(store, periods)
    found = [a for a in store.actions(units=sorted(units)) if in_period(a, start, end)]
    if not found:
        return None
    lang = lang if lang in UI_LANGUAGES else "fi"
    names = {u.id: u.name for u in store.units()}
    sources = _sources(store, found, lang, {survey.id: survey} if survey else {}, defs_dir)
    return actions_section(found, today or config.today(), lang=lang, unit_names=names,
                           sources=sources)
