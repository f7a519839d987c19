"""A material's 今年, 去年, 明年 as the years they meant, where a report would read them otherwise.

A material is filed under its year (a 2022 report's 今年我校… is the 2022 material's). Inside a report of
that one year signed in that year, 今年 still means 2022 and stays. Anywhere else (a 2019—2024 report, a 2022
report signed in January 2023) the reader counts 今年 from the 成文日期, so the material's words are written
as its years: 今年 → 2022年, 本年度 → 2022年度, 去年/上年 → 2021年, 前年 → 2020年, 明年 → 2023年,
a bare 上半年/下半年 → 2022年上半年, 今年以来 → 2022年 (not 2022年以来, which would reach the 成文日期), and
去年以来 → 2021年至2022年.

Left as written, being no year the material's own can name: 近年来, 近几年, 近三年, 一年来, 多年来,
近半年来, 目前, 现有, 截至目前, 本学期, 本学年, 来年, 当年. Words that only contain the characters (如今年轻,
至今年均, 说明年度, 学前年龄, 三年前年轻, 过去年代, 以上年度, 本年级, 成本年均) are not dates and stay.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# (the word's name, its pattern), longest words first
_NOT_AGE = r"(?![轻龄纪代份均级])"
_WORDS: tuple[tuple[str, str], ...] = (
    ("this_since", r"今年以来"),
    ("last_since", r"(?<![过失除回离逝褪])去年以来"),
    ("this_term", r"(?:本|今)年度"),
    ("last_term", r"(?<!以)上一?年度"),
    ("next_term", r"(?<![说证表声标透阐查简发聪文光鲜分辨英注载申开清黎严])明年度"),
    ("this", rf"今年{_NOT_AGE}|(?<![基根资成日样版账读课剧文脚范标书原])本年{_NOT_AGE}"),
    ("last", rf"(?<![过失除回离逝褪])去年{_NOT_AGE}|(?<![以向])上一?年{_NOT_AGE}"),
    ("before_last", rf"(?<![学提年之空日月天周以])前年{_NOT_AGE}"),
    ("next", rf"(?<![说证表声标透阐查简发聪文光鲜分辨英注载申开清黎严])明年{_NOT_AGE}"),
    ("half", r"(?<![年\d〇零一二三四五六七八九每])(?:上|下)半年"),
)
# the lookahead first: at most positions one character class fails, before any word is tried
# how each word is written, from the material's year
_WRITTEN = {
    "this_since": "{year}年",
    "last_since": "{last}年至{year}年",
    "this_term": "{year}年度",
    "last_term": "{last}年度",
    "next_term": "{next}年度",
    "this": "{year}年",
    "last": "{last}年",
    "before_last": "{before}年",
    "next": "{next}年",
    "half": "{year}年{word}",
}
_PATTERN = re.compile("(?=[今本去上前明下])(?:" + "|".join(f"(?P<{n}>{p})" for n, p in _WORDS) + ")")


@dataclass(frozen=True)
class Rewritten:
    text: str
    words: tuple[str, ...]  # the relative words written as years, as the material had them


def keeps_relative_words(year: int, first_year: int, last_year: int, written_on: dt.date | None) -> bool:
    """Whether a material of the year reads right with its 今年 in a report of the period, signed then:
    only a report of that one year, signed in it (or not yet dated)."""
    return first_year == last_year == year and (written_on is None or written_on.year == year)


def with_years(text: str, year: int) -> Rewritten:
    """The text with its relative year words written as the years they meant in a material of the year."""
    found: list[str] = []

    def replace(match: re.Match[str]) -> str:
        found.append(match[0])
        return _WRITTEN[match.lastgroup or ""].format(
            year=year, last=year - 1, before=year - 2, next=year + 1, word=match[0]
        )

    text = _PATTERN.sub(replace, text)
    return Rewritten(text, tuple(dict.fromkeys(found)))
