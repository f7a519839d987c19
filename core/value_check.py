"""The values of a SQLite database against the types the models give its columns.

SQLite keeps whatever it is given: a backup written by another program (or a live file edited by hand)
may hold "garbage" in a date column, "{" or a list in a JSON column meant for a mapping, text in a count,
or five million characters in a 200-character name. PostgreSQL would have refused each of them; the
program, trusting the types, would fail (or work for minutes) on the first screen, export or report that
reads the record. Text is refused only far beyond its column's width (OVERLONG times), so that a backup of
this program's own, which on SQLite nothing held to the exact width, is never refused for a long path.
Checked here column by column, mostly in SQL (typeof, length, json_valid), dates and times through the
very conversion that reads them, so that a restore refuses such a file and the check names the record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, LargeBinary, String, Text
from sqlalchemy.dialects import sqlite

from core.schema_check import label

OVERLONG = 10
MAX_FOUND = 20  # enough to say what is wrong; a file full of bad values is not listed to the end
_DIALECT = sqlite.dialect()
_NOT_UTF8 = "honourdesk_not_utf8"
GARBLED = "含有无法识别的文字（不是 UTF-8 编码的文字）"


@dataclass(frozen=True)
class BadValue:
    table: str
    column: str
    rowid: int
    why: str  # Chinese: 不是整数, 超过 100 个字符, …

    def __str__(self) -> str:
        return f"{label(self.table)}第 {self.rowid} 行的“{self.column}”{self.why}"


def find_bad_values(connection: sqlite3.Connection, limit: int = MAX_FOUND) -> list[BadValue]:
    """Values that do not fit their column's type in the models (the schema of the latest revision)."""
    from core.models import Base

    connection.create_function(_NOT_UTF8, 1, _not_utf8, deterministic=True)
    found: list[BadValue] = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            for rowid, why in _column_problems(connection, table.name, column):
                found.append(BadValue(table.name, column.name, rowid, why))
                if len(found) >= limit:
                    return found
    return found


def summary(found: list[BadValue]) -> str:
    shown = "；".join(str(bad) for bad in found[:3])
    return shown + (f" 等 {len(found)} 处" if len(found) > 3 else "")


def _column_problems(
    connection: sqlite3.Connection, table: str, column: Column[Any]
) -> Iterator[tuple[int, str]]:
    name = f'"{column.name}"'
    kind = column.type
    if isinstance(kind, String | JSON | DateTime | Date):  # read as text: bytes that are not UTF-8 fail
        undecodable = list(
            _where(
                connection,
                table,
                f"typeof({name}) = 'text' AND {_NOT_UTF8}(CAST({name} AS BLOB))",
                name,
                GARBLED,
            )
        )
        if undecodable:  # nothing else in the column can be read to be checked
            yield from undecodable
            return
    if isinstance(kind, Boolean):
        yield from _where(
            connection, table, f"typeof({name}) != 'integer' OR {name} NOT IN (0, 1)", name, "不是是/否"
        )
    elif isinstance(kind, Integer):
        yield from _where(connection, table, f"typeof({name}) != 'integer'", name, "不是整数")
    elif isinstance(kind, Float):
        yield from _where(connection, table, f"typeof({name}) NOT IN ('integer', 'real')", name, "不是数字")
    elif isinstance(kind, LargeBinary):
        yield from _where(connection, table, f"typeof({name}) != 'blob'", name, "不是二进制数据")
    elif isinstance(kind, JSON):
        yield from _json(connection, table, column, name)
    elif isinstance(kind, DateTime | Date):
        yield from _converted(
            connection, table, name, kind.dialect_impl(_DIALECT).result_processor(_DIALECT, None)
        )
    elif isinstance(kind, String):  # Text included
        yield from _where(connection, table, f"typeof({name}) != 'text'", name, "不是文字")
        if kind.length is not None and not isinstance(kind, Text):
            most = int(kind.length) * OVERLONG
            yield from _where(connection, table, f"length({name}) > {most}", name, f"超过 {most} 个字符")


def _json(
    connection: sqlite3.Connection, table: str, column: Column[Any], name: str
) -> Iterator[tuple[int, str]]:
    yield from _where(
        connection, table, f"typeof({name}) != 'text' OR NOT json_valid({name})", name, "不是有效的数据"
    )
    default = getattr(column.default, "arg", None)
    made = getattr(default, "__wrapped__", default)  # SQLAlchemy wraps a callable default
    shape = {dict: ("object", "不是名称与值的对照"), list: ("array", "不是列表")}.get(made)  # type: ignore[call-overload]
    if shape is not None:
        condition = f"json_valid({name}) AND json_type({name}) != '{shape[0]}'"
        yield from _where(connection, table, condition, name, shape[1])


def _not_utf8(raw: bytes | None) -> bool:
    """True for stored text that is not UTF-8: Python (and the program) could not read it."""
    try:
        (raw or b"").decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _where(
    connection: sqlite3.Connection, table: str, condition: str, name: str, why: str
) -> Iterator[tuple[int, str]]:
    query = f'SELECT rowid FROM "{table}" WHERE {name} IS NOT NULL AND ({condition}) LIMIT {MAX_FOUND}'
    for (rowid,) in connection.execute(query):
        yield int(rowid), why


def _converted(
    connection: sqlite3.Connection, table: str, name: str, convert: Callable[[Any], Any] | None
) -> Iterator[tuple[int, str]]:
    query = f'SELECT rowid, {name} FROM "{table}" WHERE {name} IS NOT NULL'
    for rowid, value in connection.execute(query):
        try:
            if not isinstance(value, str) or convert is None:
                raise ValueError(value)
            convert(value)
        except ValueError:
            yield int(rowid), "不是日期或时间"
