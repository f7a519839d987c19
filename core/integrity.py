"""SQLite's integrity checks, told in Chinese: what is damaged and where (which table or index, which
page). A file so damaged that the check itself cannot run is a verdict too, never a crash.

quick_check verifies every page and b-tree; integrity_check also that every index matches its table,
which is what a byte flipped inside an index entry breaks (quick_check passes such a file).
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from core.schema_check import label

log = logging.getLogger(__name__)

MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Verdict:
    ok: bool
    problems: tuple[str, ...]  # Chinese, one per damaged place
    index_only: bool = False  # every problem is an index out of step with its table: the data is sound

    def detail(self, shown: int = 5) -> str:
        if self.ok:
            return "正常"
        text = "；".join(self.problems[:shown])
        return text + (f" 等 {len(self.problems)} 处" if len(self.problems) > shown else "")


def check(connection: sqlite3.Connection, pragma: str = "integrity_check") -> Verdict:
    """Run quick_check or integrity_check on a sqlite3 connection and translate its answer."""
    try:
        rows = connection.execute(f"PRAGMA {pragma}({MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as error:
        log.warning("%s 无法完成：%s", pragma, error)
        if pragma == "integrity_check":  # the quicker check stops at fewer kinds of damage
            quick = check(connection, "quick_check")
            if not quick.ok and quick.problems != (unreadable(error),):
                return quick
        return Verdict(False, _damaged_tables(connection) or (unreadable(error),))
    lines = [line for row in rows for line in str(row[0]).splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("*** in database")]
    if lines == ["ok"]:
        return Verdict(True, ())
    log.warning("%s 发现问题：%s", pragma, lines)
    objects = _objects(connection, lines)
    problems = tuple(dict.fromkeys(translate(line, objects) for line in lines))
    return Verdict(False, problems, all(_INDEX_ONLY.match(line) for line in lines))


def _damaged_tables(connection: sqlite3.Connection) -> tuple[str, ...]:
    """Which tables cannot be read, checked one by one, when the whole file's check cannot run."""
    try:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError:
        return ()
    damaged = []
    for table in tables:
        quoted = table.replace('"', '""')
        try:
            verdict = connection.execute(f'PRAGMA quick_check("{quoted}")').fetchone()[0]
        except sqlite3.DatabaseError:
            verdict = "damaged"
        if verdict != "ok":
            damaged.append(f"{label(table)}损坏，无法读取")
    return tuple(damaged)


def unreadable(error: BaseException) -> str:
    text = str(error).lower()
    if "not a database" in text:
        return "文件头已损坏，SQLite 不认为它是数据库文件"
    if "malformed" in text:
        return "数据库文件的结构已损坏（如文件被截断或部分被覆盖），无法逐页检查"
    return "数据库文件无法读取"


_INDEX_ONLY = re.compile(
    r"(row \d+ missing from index|wrong # of entries in index|non-unique entry in index)"
)


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


Describe = Callable[[re.Match[str], dict[int, str]], str]

_TRANSLATIONS: tuple[tuple[re.Pattern[str], Describe], ...] = (
    (
        _pattern(r"row (\d+) missing from index (\S+)"),
        lambda m, o: f"索引“{m[2]}”缺少第 {m[1]} 行的条目",
    ),
    (_pattern(r"wrong # of entries in index (\S+)"), lambda m, o: f"索引“{m[1]}”的条目数与表不符"),
    (_pattern(r"non-unique entry in index (\S+)"), lambda m, o: f"索引“{m[1]}”中有不应重复的条目"),
    (_pattern(r"NULL value in (\w+)\.(\w+)"), lambda m, o: f"{label(m[1])}的列“{m[2]}”有不应为空的空值"),
    (_pattern(r"CHECK constraint failed in (\w+)"), lambda m, o: f"{label(m[1])}有记录违反检查约束"),
    (
        _pattern(r"(?:On tree page|Tree \d+ page) (\d+) cell (\d+)"),
        lambda m, o: f"第 {m[1]} 页{_of(int(m[1]), o)}的第 {m[2]} 个单元损坏",
    ),
    (_pattern(r"page (\d+)(?: is|:) never used"), lambda m, o: f"第 {m[1]} 页未被使用（空间记录不一致）"),
    (_pattern(r"2nd reference to page (\d+)"), lambda m, o: f"第 {m[1]} 页被重复引用"),
    (_pattern(r"page (\d+)"), lambda m, o: f"第 {m[1]} 页{_of(int(m[1]), o)}损坏"),
    (_pattern(r"freelist"), lambda m, o: "空闲页列表损坏"),
)


def translate(line: str, objects: dict[int, str]) -> str:
    for pattern, describe in _TRANSLATIONS:
        match = pattern.search(line)
        if match:
            return describe(match, objects)
    return "其他损坏（详见日志）"


def _of(page: int, objects: dict[int, str]) -> str:
    owner = objects.get(page)
    return f"（属于{owner}）" if owner else ""


def _objects(connection: sqlite3.Connection, lines: list[str]) -> dict[int, str]:
    """Which table or index each damaged page belongs to, where SQLite can still say (dbstat, else the
    root pages in sqlite_master); empty when it cannot."""
    pages = {int(number) for line in lines for number in re.findall(r"page (\d+)", line, re.IGNORECASE)}
    if not pages:
        return {}
    names: dict[str, str] = {}
    objects: dict[int, str] = {}
    try:
        for kind, name, table, root in connection.execute(
            "SELECT type, name, tbl_name, rootpage FROM sqlite_master WHERE rootpage > 0"
        ):
            names[name] = f"索引“{name}”，{label(table)}" if kind == "index" else label(name)
            objects[int(root)] = names[name]
        marks = ",".join("?" * len(pages))
        for name, page in connection.execute(
            f"SELECT name, pageno FROM dbstat WHERE pageno IN ({marks})", sorted(pages)
        ):
            objects[int(page)] = names.get(name, f"“{name}”")
    except sqlite3.Error:  # no dbstat in this build, or too damaged to say: the page number alone
        pass
    return objects
