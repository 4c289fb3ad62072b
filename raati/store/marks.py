"""The store's part for themes marked "to discuss" (issue 14, item 2): a developer-client
group or staff pick which themes of a survey's results at a unit to take forward. A mark
is (unit, survey, question, the date it was marked) and nothing else: who marked it is
in the audit log (the page writes it), never here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from raati import config
from raati.store.sql import sql_in

_ID = re.compile(r"^[a-z0-9_-]{1,40}$")  # survey ids and question ids (raati.surveys)


@dataclass(frozen=True)
class ThemeMark:
    unit: str
    survey: str
    question: str
    marked_on: str  # YYYY-MM-DD


class MarkStore:
    """Theme marks in the store (mixed into :class:`raati.store.Store`)."""

    @staticmethod
    def _check_mark(db, unit: str, survey: str, question: str) -> None:
        from raati.store import StoreError

        for name, value in (("survey", survey), ("question", question)):
            if not isinstance(value, str) or not _ID.match(value):
                raise StoreError(f"theme mark: {name} {value!r} is not an id "
                                 "(a-z, 0-9, _ and -, at most 40)")
        if not db.execute("SELECT 1 FROM units WHERE id = ?", [unit]).fetchone():
            raise StoreError(f"theme mark: there is no unit {unit!r}")

    def mark_theme(self, unit: str, survey: str, question: str,
                   today: str | None = None) -> bool:
        """Mark the theme ``question`` of ``survey`` at ``unit`` "to discuss", dated
        ``today`` (default: config.today()). True if it was not marked before (a mark
        already there keeps its first date). Raises StoreError for an unknown unit or
        a survey or question that is not an id; nothing is stored then."""
        day = today or config.today().isoformat()
        with self._write() as db:
            self._check_mark(db, unit, survey, question)
            cur = db.execute("INSERT INTO theme_marks (unit, survey, question, marked_on)"
                             " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                             [unit, survey, question, day])
            return cur.rowcount == 1

    def unmark_theme(self, unit: str, survey: str, question: str) -> bool:
        """Take the mark off; True if there was one."""
        with self._write() as db:
            cur = db.execute("DELETE FROM theme_marks WHERE unit = ? AND survey = ? AND"
                             " question = ?", [unit, survey, question])
            return cur.rowcount == 1

    def theme_marks(self, survey: str | None = None,
                    units: Iterable[str] | None = None) -> list[ThemeMark]:
        """The marks of ``survey`` (None: every survey) at ``units`` (None: every unit),
        by unit, survey and question."""
        where, params = [], []
        if survey is not None:
            where.append("survey = ?")
            params.append(survey)
        if units is not None:
            units = list(units)
            where.append(sql_in("unit", units))
            params += units
        sql = "SELECT unit, survey, question, marked_on FROM theme_marks"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as db:
            rows = db.execute(sql + " ORDER BY unit, survey, question", params).fetchall()
        return [ThemeMark(*row) for row in rows]
