"""What an import of an office register gave, in the terms of office_registers.Expected, and how many of
the expected fields it matches."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import select

from core.db import Database
from core.importing.apply import ImportResult
from core.inferred import CATEGORY_MARK, LEVEL_MARK
from core.models import Honour as HonourRecord
from core.models import Unit
from core.partial_date import PartialDate
from tests.core.importing.office_registers import Expected, Honour


def outcome(database: Database, result: ImportResult) -> Expected:
    """The records in database after the import result (into an empty database), as an Expected."""
    assert result.plan is not None
    with database.session() as session:
        units = {u.id: u for u in session.scalars(select(Unit))}
        honours = [
            Honour(
                units[h.unit_id].name,
                h.title,
                h.level,
                LEVEL_MARK in (h.extra or {}),
                _iso(h.awarded_year, h.awarded_month, h.awarded_day),
                h.awarded_by,
                h.recipient,
                h.document_no,
                h.notes,
                h.valid_until.isoformat() if h.valid_until else None,
            )
            for h in session.scalars(select(HonourRecord).order_by(HonourRecord.id))
        ]
        unit_values = {u.name: (u.category, CATEGORY_MARK in (u.extra or {})) for u in units.values()}
    plan = result.plan
    return Expected(
        units=unit_values,
        honours=honours,
        duplicates=result.counts["duplicates"],
        skipped_rows={(r.sheet, s.number): s.reason for r in plan.registers for s in r.skipped_rows},
        skipped_sheets={s.sheet: s.reason for s in plan.skipped_sheets},
        rejected={(e.sheet, e.row): e.message for e in result.errors},
    )


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    return PartialDate(year, month, day).iso() if year else None


def compare(expected: Expected, actual: Expected) -> tuple[int, int, list[str]]:
    """(fields matched, fields compared, what differs). A record expected and missing counts all its
    fields as missed; a record not expected counts one miss."""
    matched, total, wrong = 0, 0, []

    def check(ok: bool, what: str, weight: int = 1) -> None:
        nonlocal matched, total
        total += weight
        if ok:
            matched += weight
        else:
            wrong.append(what)

    for name, (category, inferred) in expected.units.items():
        got = actual.units.get(name)
        check(got is not None, f"单位“{name}”缺失", 1)
        if got is not None:
            check(got[0] == category, f"单位“{name}”类别 {got[0]!r}，应为 {category!r}")
            check(got[1] == inferred, f"单位“{name}”推断标记 {got[1]}，应为 {inferred}")
        else:
            total += 2
    for name in actual.units.keys() - expected.units.keys():
        check(False, f"多出单位“{name}”")
    keys = [f.name for f in fields(Honour)][2:]
    remaining = list(actual.honours)
    for honour in expected.honours:
        found = next(
            (
                h
                for h in remaining
                if (h.unit, h.title, h.recipient) == (honour.unit, honour.title, honour.recipient)
            ),
            None,
        )
        check(found is not None, f"荣誉“{honour.unit}·{honour.title}·{honour.recipient}”缺失")
        if found is None:
            total += len(keys)
            continue
        remaining.remove(found)
        for key in keys:
            want, got = getattr(honour, key), getattr(found, key)
            check(want == got, f"荣誉“{honour.title}”{key} {got!r}，应为 {want!r}")
    for honour in remaining:
        check(False, f"多出荣誉“{honour.unit}·{honour.title}·{honour.recipient}”")
    check(actual.duplicates == expected.duplicates, f"重复 {actual.duplicates}，应为 {expected.duplicates}")
    _compare_map(expected.skipped_rows, actual.skipped_rows, "跳过行", check, lambda w, g: w == g)
    _compare_map(expected.skipped_sheets, actual.skipped_sheets, "跳过工作表", check, lambda w, g: w == g)
    _compare_map(expected.rejected, actual.rejected, "拒绝行", check, lambda w, g: w in g)
    return matched, total, wrong


def _compare_map(want: dict[Any, str], got: dict[Any, str], what: str, check: Any, same: Any) -> None:
    for key, value in want.items():
        check(key in got and same(value, got[key]), f"{what} {key}：{got.get(key)!r}，应为 {value!r}")
    for key in got.keys() - want.keys():
        check(False, f"多出{what} {key}：{got[key]!r}")
