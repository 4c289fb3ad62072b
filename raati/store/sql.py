"""Small pieces of SQL text the store's modules share."""

from __future__ import annotations

from collections.abc import Sized


def sql_in(column: str, values: Sized) -> str:
    """``column IN (?, ?, …)`` with one placeholder per value (the values themselves go
    as parameters, never into the text), or ``1 = 0`` (false, on SQLite and PostgreSQL)
    when there are none: SQLite takes ``IN ()`` only as an extension."""
    return f"{column} IN ({', '.join('?' * len(values))})" if len(values) else "1 = 0"
