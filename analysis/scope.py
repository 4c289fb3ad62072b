"""The scope of a results view or a report, shared by the results page and ``raati
report``: which periods come in which order, which two rounds to compare by default, how
a report names its units and period and how many people were asked, and the groups a
report draws side by side. One implementation, so the page's PDF/PPTX and the command
line's carry the same content.

A period is a block's second key (analysis.views): ``r<id>`` for a round, ``YYYY-MM``
for responses imported without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from analysis.views import View, build_view
from raati import config
from raati.surveys import Survey

MAX_COMPARE_GROUPS = 8  # groups a report's comparison chart can hold side by side


class TooManyGroups(ValueError):
    """A report comparison would have more groups than fit side by side
    (:data:`MAX_COMPARE_GROUPS`). ``compare`` is "units" or "rounds", ``groups`` the
    number there would be."""

    def __init__(self, compare: str, groups: int):
        self.compare, self.groups = compare, groups
        super().__init__(f"{compare}: {groups} groups; at most {MAX_COMPARE_GROUPS} fit "
                         "side by side")


def period_start(period: str, rounds: Mapping[str, object]) -> str:
    """The first day of ``period`` as YYYY-MM-DD: a round's opening day (``rounds`` maps
    ``r<id>`` to raati.store.Round), a month's first day; anything else as it is."""
    if period in rounds:
        return rounds[period].opens
    if len(period) == 7 and period[4] == "-":
        return f"{period}-01"
    return period


def ordered_periods(periods: Iterable[str], rounds: Mapping[str, object]) -> list[str]:
    """``periods`` oldest first, by their first day (:func:`period_start`), then by round
    id: not by their text, where "r10" would come before "r9"."""
    def key(period: str) -> tuple:
        number = int(period[1:]) if period[:1] == "r" and period[1:].isdigit() else 0
        return (period_start(period, rounds), number, period)

    return sorted(set(periods), key=key)


def unit_periods(data: dict, rounds: Mapping[str, object],
                 units: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Each unit's periods with any respondents in ``data`` (block counts), oldest first;
    only ``units`` when given."""
    wanted = None if units is None else set(units)
    found: dict[str, set[str]] = {}
    for unit, period, _lang in data["respondents"]:
        if wanted is None or unit in wanted:
            found.setdefault(unit, set()).add(period)
    return {unit: ordered_periods(periods, rounds) for unit, periods in found.items()}


def latest_round_pair(survey: Survey, data: dict, min_group: int,
                      rounds: Mapping[str, object], units: Iterable[str] | None = None,
                      lang: str | None = None) -> tuple[str, str, str] | None:
    """The default comparison between rounds: (unit, earlier period, later period), the
    two latest periods of one unit that both have figures to show (a view of each has
    respondents under the minimum-group rule), of the unit whose such pair is the most
    recent (by the later period's first day, then the earlier's). None when no unit has
    two such periods. Comparing two units' rounds, or a round with too few answers,
    would read "alle 5" on every row (issue 11)."""
    best: tuple | None = None
    for unit, periods in unit_periods(data, rounds, units).items():
        shown = [p for p in periods if build_view(survey, data, min_group, units=[unit],
                                                  periods=[p], lang=lang).responses > 0]
        if len(shown) < 2:
            continue
        before, after = shown[-2:]
        key = (period_start(after, rounds), period_start(before, rounds), after, unit)
        if best is None or key > best[0]:
            best = (key, (unit, before, after))
    return best[1] if best else None


def report_labels(store, survey: Survey, data: dict, view: View,
                  units: Iterable[str] | None = None, periods: Iterable[str] | None = None,
                  *, unit: str | None = None, since: str | None = None,
                  until: str | None = None) -> tuple[str, str, int | None]:
    """(units label, period label, expected respondents or None) of a report of ``view``
    over ``data`` (block counts) cut to ``units`` and ``periods`` (None = all).

    - units label: the units whose answers the report counts (not small left-out ones),
      by name, "12 yksikköä" beyond six; the one ``unit`` chosen, when one was;
    - period label: "1.9.2025–31.10.2025", from ``since``/``until`` (YYYY-MM-DD) when
      given, else from the periods in scope (a round from its opening to its closing day
      or today, a month whole); "" when there is nothing;
    - expected: the rounds' expected numbers added up, only where every period in scope
      is a round and every such round knows how many were asked (a response rate needs
      all of them), else None.

    ``store`` is a raati.store.Store (read: units, rounds)."""
    from analysis.report import fi_date

    units = None if units is None else set(units)
    periods = None if periods is None else set(periods)
    names = {u.id: u.name for u in store.units()}
    rounds = {f"r{r.id}": r for r in store.rounds(survey.id)}
    blocks = [b for b in data["respondents"]
              if (units is None or b[0] in units) and (periods is None or b[1] in periods)]
    counted = {b[0] for kept in view.kept.values() for b in kept}
    in_scope = sorted({names.get(u, u) for u in counted if u}, key=str.casefold)
    units_label = (", ".join(in_scope) if len(in_scope) <= 6
                   else f"{len(in_scope)} yksikköä")
    if unit:
        units_label = names.get(unit, unit)

    today = config.today().isoformat()
    spans = []
    for period in {b[1] for b in blocks}:
        if period in rounds:
            r = rounds[period]
            spans.append((r.opens, min(r.closes or today, today)))
        elif not period.startswith("r"):
            year, month = (int(x) for x in period.split("-"))
            last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            spans.append((f"{period}-01", last.isoformat()))
    start = since or (min(s for s, _ in spans) if spans else None)
    end = until or (max(e for _, e in spans) if spans else None)
    period_label = ("–".join(fi_date(dt.date.fromisoformat(d)) if d else "…"
                             for d in (start, end)) if start or end else "")

    # A response rate only where every response came through a round that knows how
    # many were asked: the expected numbers of the rounds in scope, added up.
    expected = None
    periods_seen = {b[1] for b in blocks}
    scoped_rounds = [r for key, r in rounds.items()
                     if (units is None or r.unit in units)
                     and (periods is None or key in periods)
                     and (key in periods_seen or periods is not None)]
    if periods_seen and all(p in rounds for p in periods_seen) and scoped_rounds \
            and all(r.expected for r in scoped_rounds):
        expected = sum(r.expected for r in scoped_rounds)
    return units_label, period_label, expected


def report_comparisons(store, survey: Survey, data: dict, compare: str | None,
                       min_group: int, units: Iterable[str] | None = None,
                       periods: Iterable[str] | None = None,
                       lang: str | None = None) -> list[tuple[str, View]]:
    """The groups a report draws side by side, as (name, view) pairs: ``compare``
    "units" (each unit in scope, by name) or "rounds" (each round in scope, oldest
    first, named "Unit: round"); [] for None or "". Each view obeys the minimum-group
    rule on its own (a group under it stays, its rows saying so). Raises
    :class:`TooManyGroups` beyond :data:`MAX_COMPARE_GROUPS` (before building any view)
    and ValueError for another ``compare``."""
    from analysis.report import fi_date

    if not compare:
        return []
    if compare not in ("units", "rounds"):
        raise ValueError(f"compare: '{compare}' is not units or rounds")
    units = None if units is None else list(units)
    periods = None if periods is None else list(periods)
    names = {u.id: u.name for u in store.units()}
    blocks = [b for b in data["respondents"]
              if (units is None or b[0] in units) and (periods is None or b[1] in periods)]
    if compare == "units":
        keys = sorted({b[0] for b in blocks}, key=lambda u: names.get(u, u).casefold())
    else:
        rounds = {f"r{r.id}": r for r in store.rounds(survey.id)}
        keys = sorted({b[1] for b in blocks if b[1] in rounds},
                      key=lambda k: (rounds[k].opens, rounds[k].id))
    if len(keys) > MAX_COMPARE_GROUPS:
        raise TooManyGroups(compare, len(keys))
    groups = []
    for key in keys:
        if compare == "units":
            groups.append((names.get(key, key) or "–", build_view(
                survey, data, min_group, units=[key], periods=periods, lang=lang)))
        else:
            r = rounds[key]
            label = (f"{names.get(r.unit, r.unit)}: "
                     f"{r.name or fi_date(dt.date.fromisoformat(r.opens))}")
            groups.append((label, build_view(survey, data, min_group, units=units,
                                             periods=[key], lang=lang)))
    return groups
