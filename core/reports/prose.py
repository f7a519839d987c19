"""Ready-made Chinese: honour sentences in the seeds' phrasing, numerals, ordinals and dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from core.partial_date import PartialDate

_DIGITS = "零一二三四五六七八九"
_UNITS = ("", "十", "百", "千")
SUMMARY_TITLES = 6  # how many titles the 概述 names before 等


def chinese_number(value: object) -> str:
    """43 → 四十三, 10 → 十, 105 → 一百零五, 2026 → 二千零二十六; text that is not a whole number is returned as is."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return str(value)
    if number < 0:
        return "负" + chinese_number(-number)
    if number == 0:
        return _DIGITS[0]
    if number >= 10_000:
        high, low = divmod(number, 10_000)
        rest = _below_10000(low)
        head = "两" if high == 2 else chinese_number(high)
        return head + "万" + (("零" if low < 1000 else "") + rest if low else "")
    return _below_10000(number)


def _below_10000(number: int) -> str:
    digits = [int(d) for d in str(number)]
    text = ""
    zero = False
    for position, digit in enumerate(digits):
        unit = _UNITS[len(digits) - position - 1]
        if digit == 0:
            zero = True
            continue
        if zero and text:
            text += "零"
        zero = False
        text += ("两" if digit == 2 and position == 0 and unit == "千" else _DIGITS[digit]) + unit
    return text[1:] if text.startswith("一十") else text  # 十五, not 一十五


def ordinal(number: object, style: str = "一、") -> str:
    """Headings' numbering: 1 → 一、 / （一） / 1. / （1）."""
    index = int(str(number))
    if style == "（一）":
        return f"（{chinese_number(index)}）"
    if style == "1.":
        return f"{index}."
    if style == "（1）":
        return f"（{index}）"
    return f"{chinese_number(index)}、"


def chinese_date(value: object) -> str:
    """A date as 2026年3月5日 (no leading zeros); partial dates as far as they go; text as is."""
    if isinstance(value, PartialDate):
        return value.chinese()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if value is None:
        return ""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def join_titles(titles: Sequence[str]) -> str:
    return "、".join(titles)


def year_sentence(honours: Iterable[dict[str, object]]) -> str:
    """One year's honours as the seeds put it: 被省建设厅评为城市市容环境卫生先进集体，被市委、市政府授予先进单位称号.

    Honours are grouped by awarding body in the order they first appear; one without a body is 荣获.
    """
    groups: dict[str, list[str]] = {}
    for honour in honours:
        groups.setdefault(str(honour.get("授予单位") or ""), []).append(str(honour["称号"]))
    clauses = []
    for index, (body, titles) in enumerate(groups.items()):
        named = join_titles(titles)
        if not body:
            clauses.append(f"荣获{named}")
        elif index % 2:  # alternate the verb, as the seeds do, so a long year does not read as a list
            clauses.append(f"被{body}授予{named}称号")
        else:
            clauses.append(f"被{body}评为{named}")
    return "，".join(clauses)


def summary_sentence(titles: Sequence[str]) -> str:
    """先后荣获甲、乙、丙等荣誉称号 (the most important first; at most SUMMARY_TITLES named)."""
    if not titles:
        return ""
    named = join_titles(titles[:SUMMARY_TITLES])
    return f"先后荣获{named}等荣誉称号" if len(titles) > 1 else f"荣获{named}称号"
