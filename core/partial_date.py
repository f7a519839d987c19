"""Dates known only to the year or the month, as registers give them.

A PartialDate never holds a day (or a month) that its source did not give.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from core.text import to_halfwidth

MIN_YEAR = 1900

_CN_NUMERALS = frozenset("〇零○一二三四五六七八九十")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
_CN_MONTH_DAY = re.compile(r"([一二三四五六七八九十]{1,3})(月|日|号)")

_NUMERIC = re.compile(
    r"""^(?P<y>\d{4})\s*(?:年|[-./])?\s*
        (?:(?P<m>\d{1,2})\s*(?:月|[-./])?\s*
           (?:(?P<d>\d{1,2})\s*(?:日|号)?)?)?
        \s*(?:年度)?$""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?$")


class PartialDateError(ValueError):
    """The text is not a date, or names an impossible one. The message is Chinese."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        check_parts(self.year, self.month, self.day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def iso(self) -> str:
        """2019 / 2019-12 / 2019-12-05."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    def chinese(self) -> str:
        """2019年 / 2019年12月 / 2019年12月5日 (no leading zeros)."""
        text = f"{self.year}年"
        if self.month is not None:
            text += f"{self.month}月"
            if self.day is not None:
                text += f"{self.day}日"
        return text

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        return self.iso()


def check_parts(year: int, month: int | None, day: int | None) -> None:
    """Raise PartialDateError unless the parts make a real (possibly partial) date."""
    if month is None and day is not None:
        raise PartialDateError("只有日而没有月")
    if not MIN_YEAR <= year <= 9999:
        raise PartialDateError(f"年份 {year} 不在 {MIN_YEAR} 年以后")
    if month is not None and not 1 <= month <= 12:
        raise PartialDateError(f"月份 {month} 应在 1 到 12 之间")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise PartialDateError(f"{year}年{month}月没有 {day} 日")


def check_not_future(value: PartialDate, today: dt.date | None = None) -> None:
    """A founding or award date cannot lie after today (a partial one: its earliest day)."""
    today = today or dt.date.today()
    if value.earliest() > today:
        raise PartialDateError("是将来的日期" + wrong_clock_hint(today))


# No copy of this program ran before this day: a PC whose clock says earlier has lost its date (a flat CMOS
# battery, an office PC never online to set it).
PROGRAM_EXISTS_SINCE = dt.date(2026, 1, 1)


def wrong_clock_hint(today: dt.date) -> str:
    """Said after a date refused as lying in the future when the PC's own date cannot be right: else the
    clerk sees last year's honour refused and no reason why."""
    if today >= PROGRAM_EXISTS_SINCE:
        return ""
    return (
        f"（这台电脑的日期是{today.year}年{today.month}月{today.day}日，显然不对："
        "请先在 Windows 的“设置 → 时间和语言 → 日期和时间”中校正，再重新输入）"
    )


def parse_partial_date(value: object, *, allow_future: bool = False) -> PartialDate | None:
    """Read 2019, 2019年, 2019.12, 2019-12, 2019/12/5, 2019年12月5日, 二〇一九年十二月, 20191205 and dates.

    Blank gives None. Anything else raises PartialDateError with a Chinese reason.
    """
    result = _parse(value)
    if result is not None and not allow_future:
        check_not_future(result)
    return result


def _parse(value: object) -> PartialDate | None:
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = to_halfwidth(str(value)).strip()
    if not text:
        return None
    text = _chinese_numerals_to_digits(text)
    match = _NUMERIC.match(text) or _COMPACT.match(text)
    if not match:
        raise PartialDateError("不是可识别的日期（可写作 2019、2019-12 或 2019-12-05）")
    year = int(match["y"])
    month = int(match["m"]) if match["m"] else None
    day = int(match["d"]) if match["d"] else None
    return PartialDate(year, month, day)


def _chinese_numerals_to_digits(text: str) -> str:
    """二〇一九年十二月五日 → 2019年12月5日 (the numerals by cn2an). Other text passes through, and so does
    a month or day not written as a number (一二月, 十十日): the date is then refused, not guessed."""
    if not _CN_NUMERALS.intersection(text):
        return text
    import cn2an  # loads in about 0.4 s: only once a date is written in Chinese numerals

    def year(match: re.Match[str]) -> str:  # digit by digit: 二〇一九 → 2019
        return str(cn2an.cn2an(match[1].replace("○", "〇"), "direct")) + "年"

    def month_or_day(match: re.Match[str]) -> str:  # 十 → 10, 二十五 → 25; strict: 一二 is not a number
        try:
            return str(cn2an.cn2an(match[1], "strict")) + match[2]
        except ValueError:
            return match[0]

    return _CN_MONTH_DAY.sub(month_or_day, _CN_YEAR.sub(year, text))
