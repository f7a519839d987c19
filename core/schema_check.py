"""Whether a SQLite file's schema is exactly what its revision says: the tables, columns, foreign keys,
indexes, triggers and views that HonourDesk's migrations make at that revision, nothing missing, nothing
more and nothing different. A backup from outside is refused otherwise (a foreign trigger could delete
records at the next import; a schema labelled with the wrong revision would break its migration).

The expected schema of a revision is made by running the migrations up to it in a scratch file, so it
is exactly what the program itself would have built (the FTS5 unit_search table and its triggers from
migration 0003 included); tests/core/test_schema.py keeps the migrations equal to the models.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

# Tables SQLite itself may add to any file, whose presence says nothing about the schema.
_IGNORED_TABLES = ("sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4")
TABLE_LABELS = {
    "units": "单位",
    "honours": "荣誉",
    "materials": "工作材料",
    "templates": "模板",
    "reports": "汇报记录",
    "import_batches": "导入记录",
    "change_log": "修改记录",
    "attachments": "附件",
    "column_mappings": "列对应",
    "title_terms": "称号词表",
    "alembic_version": "结构版本",
    "unit_search": "单位搜索索引",
}
SHOWN_DIFFERENCES = 5

# Words of a CREATE TABLE or CREATE INDEX that give it behaviour PRAGMA table_xinfo and index_info do
# not show: a CHECK runs its expression on every write (and integrity_check runs it on every row), ON
# CONFLICT REPLACE silently deletes the row a write collides with, COLLATE changes what counts as equal,
# AS makes a computed column. HonourDesk's migrations write each a known number of times (mostly none).
_CLAUSE_WORDS = {
    "CHECK": "检查约束（CHECK）",
    "COLLATE": "排序规则（COLLATE）",
    "AS": "计算列（AS）",
    "GENERATED": "计算列（GENERATED）",
    "CONFLICT": "冲突处理（ON CONFLICT）",
    "REPLACE": "冲突时替换（REPLACE）",
    "IGNORE": "冲突时忽略（IGNORE）",
    "WITHOUT": "无行号存储（WITHOUT ROWID）",
    "STRICT": "严格类型（STRICT）",
    "AUTOINCREMENT": "自增（AUTOINCREMENT）",
    "DEFERRABLE": "延迟约束（DEFERRABLE）",
    "ASC": "排序方向（ASC）",
    "DESC": "排序方向（DESC）",
}
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]")


@dataclass
class Schema:
    tables: dict[str, tuple[object, ...]] = field(default_factory=dict)  # columns, foreign keys, clauses
    virtual: dict[str, str] = field(default_factory=dict)  # virtual tables: their normalised SQL
    indexes: dict[str, tuple[object, ...]] = field(
        default_factory=dict
    )  # table, unique, columns, where, clauses
    triggers: dict[str, tuple[str, str]] = field(default_factory=dict)  # table, normalised SQL
    views: dict[str, str] = field(default_factory=dict)


def label(table: str) -> str:
    """A table's name for a user: 荣誉表（honours）."""
    if table.startswith("unit_search_"):
        return f"单位搜索索引的表“{table}”"
    name = TABLE_LABELS.get(table)
    return f"{name}表（{table}）" if name else f"表“{table}”"


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


def clauses(sql: str | None) -> tuple[tuple[str, int], ...]:
    """How often each of _CLAUSE_WORDS occurs in a CREATE statement, outside quotes and names."""
    words = re.findall(r"[A-Za-z_]\w*", _QUOTED.sub(" ", sql or ""))
    counts: dict[str, int] = {}
    for word in (word.upper() for word in words):
        if word in _CLAUSE_WORDS:
            counts[word] = counts.get(word, 0) + 1
    return tuple(sorted(counts.items()))


def read_schema(connection: sqlite3.Connection) -> Schema:
    schema = Schema()
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in rows:
        if kind == "table" and name not in _IGNORED_TABLES:
            if _normal(sql).upper().startswith("CREATE VIRTUAL TABLE"):
                schema.virtual[name] = _normal(sql)
            else:
                schema.tables[name] = (*_table(connection, name), clauses(sql))
        elif kind == "index":
            schema.indexes[name] = _index(connection, name, table, sql)
        elif kind == "trigger":
            schema.triggers[name] = (table, _normal(sql))
        elif kind == "view":
            schema.views[name] = _normal(sql)
    return schema


def _table(connection: sqlite3.Connection, name: str) -> tuple[object, ...]:
    quoted = name.replace('"', '""')
    columns = tuple(
        (column, str(kind).upper(), notnull, _normal(default), pk, hidden)
        for _cid, column, kind, notnull, default, pk, hidden in connection.execute(
            f'PRAGMA table_xinfo("{quoted}")'
        )
    )
    keys = tuple(
        sorted(
            (str(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]))
            for row in connection.execute(f'PRAGMA foreign_key_list("{quoted}")')
        )
    )
    return columns, keys


def _index(connection: sqlite3.Connection, name: str, table: str, sql: str | None) -> tuple[object, ...]:
    quoted = name.replace('"', '""')
    columns = tuple(row[2] for row in connection.execute(f'PRAGMA index_info("{quoted}")'))
    text = _normal(sql)
    unique = text.upper().startswith("CREATE UNIQUE") or sql is None
    where = text[text.upper().rfind(" WHERE ") + 7 :].replace('"', "") if " WHERE " in text.upper() else ""
    return table, unique, columns, where, clauses(sql)


@functools.cache
def reference_schema(revision: str) -> Schema:
    """The schema HonourDesk's migrations make at revision, built in a scratch file."""
    from alembic import command

    from core.db import Database, sqlite_url
    from core.migrate import alembic_config

    with tempfile.TemporaryDirectory(prefix="honourdesk-schema-") as folder:
        path = Path(folder) / "reference.db"
        scratch = Database(sqlite_url(path))
        try:
            with scratch.engine.begin() as connection:
                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
        finally:
            scratch.dispose()
        with closing(sqlite3.connect(path)) as connection:
            return read_schema(connection)


def differences(actual: Schema, expected: Schema) -> list[str]:
    """What differs, in Chinese: what could act on the data first (foreign triggers and views), then
    tables and columns, then what is missing or different elsewhere."""
    found = _extra("触发器", actual.triggers, expected.triggers, lambda value: f"（{label(value[0])}）")
    found += _extra("视图", actual.views, expected.views)
    found += _changed("触发器", actual.triggers, expected.triggers)
    found += [f"缺少{label(name)}" for name in sorted(expected.tables.keys() - actual.tables.keys())]
    found += [f"多出{label(name)}" for name in sorted(actual.tables.keys() - expected.tables.keys())]
    for name in sorted(actual.tables.keys() & expected.tables.keys()):
        found += _columns(name, actual.tables[name], expected.tables[name])
    found += _extra("虚拟表", actual.virtual, expected.virtual) + _missing(
        "虚拟表", actual.virtual, expected.virtual
    )
    found += _changed("虚拟表", actual.virtual, expected.virtual)
    found += _missing("触发器", actual.triggers, expected.triggers)
    found += _extra("索引", actual.indexes, expected.indexes, lambda value: f"（{label(str(value[0]))}）")
    found += _missing("索引", actual.indexes, expected.indexes)
    found += _changed("索引", actual.indexes, expected.indexes)
    return found


def _extra(kind: str, actual: dict, expected: dict, where=lambda value: "") -> list[str]:  # type: ignore[no-untyped-def,type-arg]
    return [f"多出{kind}“{name}”{where(actual[name])}" for name in sorted(actual.keys() - expected.keys())]


def _missing(kind: str, actual: dict, expected: dict) -> list[str]:  # type: ignore[type-arg]
    return [f"缺少{kind}“{name}”" for name in sorted(expected.keys() - actual.keys())]


def _changed(kind: str, actual: dict, expected: dict) -> list[str]:  # type: ignore[type-arg]
    return [
        f"{kind}“{name}”的定义与本程序的不同"
        for name in sorted(actual.keys() & expected.keys())
        if actual[name] != expected[name]
    ]


def _columns(table: str, actual: tuple[object, ...], expected: tuple[object, ...]) -> list[str]:
    have = {column[0]: column for column in actual[0]}  # type: ignore[union-attr]
    want = {column[0]: column for column in expected[0]}  # type: ignore[union-attr]
    found = [f"{label(table)}缺少列“{name}”" for name in want if name not in have]
    found += [f"{label(table)}多出列“{name}”" for name in have if name not in want]
    found += [
        f"{label(table)}的列“{name}”定义不同" for name in want if name in have and have[name] != want[name]
    ]
    if not found and actual[1] != expected[1]:
        found.append(f"{label(table)}的外键与本程序的不同")
    if not found and actual[2] != expected[2]:
        found.append(f"{label(table)}的定义与本程序的不同：{_clause_difference(actual[2], expected[2])}")
    return found


def _clause_difference(actual: object, expected: object) -> str:
    have, want = dict(actual), dict(expected)  # type: ignore[call-overload]
    more = [_CLAUSE_WORDS[word] for word in sorted(have) if have[word] > want.get(word, 0)]
    less = [_CLAUSE_WORDS[word] for word in sorted(want) if want[word] > have.get(word, 0)]
    return "；".join([f"多出{'、'.join(more)}"] * bool(more) + [f"缺少{'、'.join(less)}"] * bool(less))


def verify(connection: sqlite3.Connection, revision: str) -> list[str]:
    """The differences between the connected file's schema and what revision says it should be."""
    return differences(read_schema(connection), reference_schema(revision))


def summary(found: list[str]) -> str:
    shown = "；".join(found[:SHOWN_DIFFERENCES])
    return shown + (f" 等 {len(found)} 处" if len(found) > SHOWN_DIFFERENCES else "")
