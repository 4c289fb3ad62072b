"""Client panel sessions (asiakasraati) in the reports: which sessions a survey report
shows, and the report of one session on its own (issue 12, item 7).

This module reads the store; :mod:`analysis.report` only draws what it is given
(:class:`analysis.report.PanelSection`). What a report carries of a session: its title,
unit, date, the number of devices that joined, the approved ideas ranked by their dots
(a group of similar ideas as one row with the combined dots, :func:`raati.panels.ranked`)
and the proposals with their combined dots. Hidden or waiting ideas are never shown, and
nothing names a device (the store keeps none after close, contract §5). After the
session's idea texts were deleted (retention), only the tallies, group names and
proposals are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from analysis.report import PanelSection, panel_pdf, panel_pptx, panel_section
from raati.panels import Panel

FORMATS = ("pdf", "pptx")


def section_of(store, panel: Panel, lang: str = "fi") -> PanelSection:
    """The report section of ``panel`` (:func:`analysis.report.panel_section`), read now
    from ``store`` (raati.store.Store): its approved ideas, its proposals and its unit's
    name."""
    names = {u.id: u.name for u in store.units()}
    return panel_section(panel, store.ideas(panel.id, ["approved"]), store.proposals(panel.id),
                         unit_name=names.get(panel.unit, panel.unit), lang=lang)


def panel_report(store, panel: Panel, fmt: str, lang: str = "fi") -> bytes:
    """One session's report on its own: ``fmt`` "pdf" (A4, the chart drawn as vectors)
    or "pptx" (16:9, PowerPoint's own editable chart), texts in ``lang`` (fi, sv, en;
    another: Finnish). A session still open gets a note that its figures may change.
    The one implementation of ``raati panel report`` and the app's download. Raises
    ValueError for another format."""
    if fmt not in FORMATS:
        raise ValueError(f"format: '{fmt}' is not one of {', '.join(FORMATS)}")
    section = section_of(store, panel, lang)
    return panel_pdf(section) if fmt == "pdf" else panel_pptx(section)


def _period_span(store, periods: Iterable[str]) -> tuple[str | None, str | None, set[int]]:
    """(first day, last day, round ids) of result periods (``r<id>`` a round: its opening
    to its closing day or today; ``YYYY-MM`` a month, whole), as
    :func:`analysis.scope.report_labels` reads them."""
    from raati import config

    rounds = {f"r{r.id}": r for r in store.rounds()}
    today = config.today().isoformat()
    starts, ends, ids = [], [], set()
    for period in periods:
        if period in rounds:
            r = rounds[period]
            starts.append(r.opens)
            ends.append(min(r.closes or today, today))
            ids.add(r.id)
        elif len(period) == 7 and period[4] == "-":
            year, month = (int(x) for x in period.split("-"))
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            starts.append(f"{period}-01")
            ends.append(last.isoformat())
    return (min(starts) if starts else None), (max(ends) if ends else None), ids


def report_sessions(store, survey_id: str, data: dict, *, unit: str | None = None,
                    periods: Iterable[str] | None = None, since: str | None = None,
                    until: str | None = None) -> list[Panel]:
    """The closed panel sessions a survey report of ``data`` (block counts, already cut
    to what the reader may see) shows, oldest first:

    - units: ``unit`` when one was chosen, else the units with answers in ``data``
      (so the results page's own units only, and not a unit of another survey);
    - period: with ``since``/``until`` (YYYY-MM-DD, ``raati report``), sessions held in
      those days; with ``periods`` (the results page's rounds or months), sessions held
      within their span or linked to one of their rounds (a session about a round's
      results is often held after it closed); neither: every session;
    - a session started from another survey's round (``panel.survey``) is left out.

    Only ``closed`` sessions: an open one's figures still change."""
    units = {unit} if unit else {b[0] for b in data["respondents"]}
    start, end, round_ids = since, until, set()
    if periods and not (since or until):
        start, end, round_ids = _period_span(store, periods)
    out = []
    for panel in store.panels(units=sorted(units)):
        if panel.phase != "closed" or (panel.survey and panel.survey != survey_id):
            continue
        in_days = (not start or panel.opened >= start) and (not end or panel.opened <= end)
        if in_days or (panel.round_id is not None and panel.round_id in round_ids):
            out.append(panel)
    return sorted(out, key=lambda p: (p.opened, p.id))


def report_panels(store, survey_id: str, data: dict, *, unit: str | None = None,
                  periods: Iterable[str] | None = None, since: str | None = None,
                  until: str | None = None, lang: str = "fi") -> list[PanelSection]:
    """The panel sections of a survey report (:func:`report_sessions`), read now, for
    ``panels=`` of :func:`analysis.report.report_pdf` / ``report_pptx``: ``raati
    report`` and the results page's downloads."""
    return [section_of(store, p, lang) for p in report_sessions(
        store, survey_id, data, unit=unit, periods=periods, since=since, until=until)]
