"""Dates as certificates print them, kept as precise as printed: 二〇二二年十二月, 2021年9月10日, 2021.9.10.

Chinese numerals go through cn2an; the recogniser's usual slips in a Chinese year (O, 0, ○, 口 for 〇)
are mended first. A date that names no real day, or lies in the future, is no date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from core.partial_date import PartialDate, PartialDateError, check_not_future

_CN = "〇零一二三四五六七八九十"
_DIGITS = {"〇": 0, "零": 0, **{ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}}
# The recogniser's readings of 〇 inside a Chinese year.
_ZERO_LOOKALIKES = "OoＯ○0口DQ"
# the recogniser may part a spaced-out date (二〇二三 年 十二 月); 元月 is January, 廿 and 卅 20 and 30
_CN_DATE = re.compile(
    rf"([{_CN}]{{4}})\s*年(?:\s*([{_CN}]{{1,2}}|元)\s*月(?:\s*([{_CN}廿卅]{{1,3}})\s*[日号])?)?"
)
_ARABIC_DATE = re.compile(
    r"((?:19|20)\d{2})\s*(?:年|[.\-/])\s*(?:(\d{1,2})\s*(?:月|[.\-/])\s*(?:(\d{1,2})\s*[日号]?)?)?"
)
_YEAR_ONLY = re.compile(r"((?:19|20)\d{2})\s*年度?")
FIRST_YEAR = 1949


@dataclass(frozen=True)
class DateHit:
    date: PartialDate
    start: int
    end: int
    complete: bool  # the text held a year and a month (or said 年度), not a bare year


def mend_zeros(text: str) -> str:
    """二O二二 → 二〇二二: a look-alike of 〇 between Chinese numerals."""
    pattern = re.compile(rf"(?<=[{_CN}])[{_ZERO_LOOKALIKES}]|[{_ZERO_LOOKALIKES}](?=[{_CN}]{{1,3}}年)")
    return pattern.sub("〇", text)


def _cn_number(text: str | None) -> int | None:
    if not text:
        return None
    if text == "元":
        return 1
    import cn2an

    text = re.sub(r"^廿", "二十", re.sub(r"^卅", "三十", text))
    if len(text) == 4 and "十" not in text:  # a year is read digit by digit: 二〇二二
        return int("".join(str(_DIGITS[ch]) for ch in text))
    return int(cn2an.cn2an(text.replace("〇", "零"), "normal"))


def find_dates(text: str, today: dt.date | None = None) -> list[DateHit]:
    """Every plausible date in the text, in order."""
    text = mend_zeros(text)
    hits: list[DateHit] = []
    for match in _CN_DATE.finditer(text):
        try:
            parts = (_cn_number(match[1]), _cn_number(match[2]), _cn_number(match[3]))
        except (ValueError, KeyError):
            continue
        _add(hits, parts, match, today)
    for match in _ARABIC_DATE.finditer(text):
        if not any(hit.start <= match.start() < hit.end for hit in hits):
            parts = (int(match[1]), int(match[2]) if match[2] else None, int(match[3]) if match[3] else None)
            _add(hits, parts, match, today)
    return sorted(hits, key=lambda hit: hit.start)


def _add(
    hits: list[DateHit],
    parts: tuple[int | None, int | None, int | None],
    match: re.Match[str],
    today: dt.date | None,
) -> None:
    year, month, day = parts
    if year is None or year < FIRST_YEAR:
        return
    try:
        date = PartialDate(year, month, day)
        check_not_future(date, today)
    except PartialDateError:
        return
    complete = month is not None or match.group(0).endswith("年度")
    hits.append(DateHit(date, match.start(), match.end(), complete))


def year_mentions(text: str, today: dt.date | None = None) -> list[int]:
    """Years named in running text (2022年度, 二〇二二年度), for when no date line was read."""
    years = [hit.date.year for hit in find_dates(text, today)]
    years += [int(m[1]) for m in _YEAR_ONLY.finditer(text)]
    limit = (today or dt.date.today()).year
    return [year for year in years if FIRST_YEAR <= year <= limit]
