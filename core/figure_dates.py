"""The date a unit's figure (人数, 面积) is as of, where that is not the day it was written.

An old report's figures are the report's own (as of its 成文日期, else the end of its year), not the figures of
the day it is imported. The import keeps that date in the unit's extra fields (其他信息) under AS_OF_KEY, in
words the clerk reads in the window and an export carries as a column of its own (其他·截至), so that the
record round-trips through a workbook unchanged:

    截至: 职工人数、学生人数：2021年12月20日；占地面积：2019年

A figure written without a date of its own (typed in the unit form, read from a register column) loses its
entry: it is as of the day it was written, which the report reads from the record's write time
(core/reports/unit_time.py). A write that sets the entry itself (an undo, a register's own 截至 column)
keeps what it sets.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from core.changelog import plain
from core.fields import UNIT_FIELDS
from core.partial_date import PartialDate, PartialDateError, parse_partial_date

AS_OF_KEY = "截至"
_FIGURE_KEYS = (
    "staff_count",
    "student_count",
    "class_count",
    "party_member_count",
    "household_count",
    "population",
    "land_area_m2",
    "building_area_m2",
)
FIGURES: dict[str, str] = {f.key: f.label for f in UNIT_FIELDS if f.key in _FIGURE_KEYS}  # key → 职工人数
_BY_LABEL = {label: key for key, label in FIGURES.items()}
_GROUPS = re.compile(r"[；;\n]")
_LABELS = re.compile(r"[、，,\s]+")


def dates_of(extra: Mapping[str, Any] | None) -> dict[str, PartialDate]:
    """The figures' own dates (field key → date) the extra fields hold; an entry that does not read as one
    (edited by hand into something else) is left out, so that the figure is as of its writing."""
    text = (extra or {}).get(AS_OF_KEY)
    if not isinstance(text, str):
        return {}
    dates: dict[str, PartialDate] = {}
    for group in _GROUPS.split(text):
        labels, colon, when = group.replace("：", ":").partition(":")
        if not colon:
            continue
        try:
            date = parse_partial_date(when, allow_future=True)
        except PartialDateError:
            continue
        if date is None:
            continue
        for label in _LABELS.split(labels.strip()):
            if label in _BY_LABEL:
                dates[_BY_LABEL[label]] = date
    return dates


def text_of(dates: Mapping[str, PartialDate]) -> str:
    """职工人数、学生人数：2021年12月20日；占地面积：2019年 — the fields in the form's order, grouped by date."""
    groups: dict[PartialDate, list[str]] = {}
    for key, label in FIGURES.items():
        if key in dates:
            groups.setdefault(dates[key], []).append(label)
    return "；".join(f"{'、'.join(labels)}：{date.chinese()}" for date, labels in groups.items())


def with_dates(extra: Mapping[str, Any] | None, dates: Mapping[str, PartialDate | None]) -> dict[str, Any]:
    """The extra fields with the given figures' dates set (None: removed); no entry when none is left."""
    held = dates_of(extra)
    for key, date in dates.items():
        if date is None:
            held.pop(key, None)
        else:
            held[key] = date
    result = {key: value for key, value in (extra or {}).items() if key != AS_OF_KEY}
    if held:
        result[AS_OF_KEY] = text_of(held)
    return result


# A register's column giving the date its figures are as of (kept as an extra field under its header)
DATE_COLUMNS = (
    "截至日期",
    "截止日期",
    "截至时间",
    "截止时间",
    "数据截至",
    "统计时间",
    "统计日期",
    "统计截止日期",
)


def from_register(unit: dict[str, Any]) -> dict[str, Any]:
    """A register row's unit values, its figures dated by the row's own date column (统计时间 …) where it
    has one that reads as a date; as they were otherwise (the figures are then as of the import)."""
    extra = unit.get("extra") or {}
    figures = [key for key in FIGURES if unit.get(key) is not None]
    column = next((name for name in DATE_COLUMNS if extra.get(name)), None)
    if not figures or column is None:
        return unit
    try:
        date = parse_partial_date(extra[column])
    except PartialDateError:
        return unit
    if date is None:
        return unit
    return {**unit, "extra": with_dates(extra, dict.fromkeys(figures, date))}


def merged(current: Mapping[str, Any] | None, written: Mapping[str, Any]) -> dict[str, Any]:
    """The extra fields a register row writes over the unit's: its figures' dates join those the unit
    holds for other figures, instead of replacing them."""
    result = {**(current or {}), **written}
    if AS_OF_KEY in written and dates_of(written):
        result[AS_OF_KEY] = text_of({**dates_of(current), **dates_of(written)})
    return result


def settled(
    current: Callable[[str], Any], current_extra: Mapping[str, Any] | None, values: Mapping[str, Any]
) -> dict[str, Any]:
    """The values of a write, with the dates of the figures they change dropped: a figure written without
    a date of its own is as of its writing. current: the stored value of a field; values that set the
    entry themselves (an undo putting it back) are left as they are."""
    held = dates_of(current_extra)
    changed = [key for key in held if key in values and plain(values[key]) != plain(current(key))]
    if not changed:
        return dict(values)
    extra = values.get("extra", current_extra)
    if dates_of(extra) != held:
        return dict(values)  # the write sets the dates itself
    return {**values, "extra": with_dates(extra, dict.fromkeys(changed))}


def last_day(date: PartialDate) -> dt.date:
    """The last day a partial date covers: 2021 → 2021-12-31, 2021-02 → 2021-02-28."""
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return dt.date(date.year, month, day)


def spoken(date: PartialDate) -> str:
    """The date as a report's 截至… says it: 2021年底, 2021年12月, 2021年12月20日."""
    return f"{date.year}年底" if date.month is None else date.chinese()
