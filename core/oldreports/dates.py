"""Dates as old reports write them in prose.

二〇二一年十月 and 去年十月 are read as 2021年10月 and 去年10月 (the numerals by cn2an), so that the honour
reader's patterns, written for digits, see them; nothing else in a sentence is touched (十佳, 第六名, 三等功
stay as written).
"""

from __future__ import annotations

import re

_ZERO = str.maketrans({"○": "〇", "Ｏ": "〇", "O": "〇"})
_YEAR = r"[一二][〇○Ｏ零九][〇○Ｏ零一二三四五六七八九]{2}\s*年"
_RELATIVE = r"(?:今年|本年|去年|上年|前年)"
_MONTH_DAY = r"(?:\s*[一二三四五六七八九十]{1,3}\s*月(?:\s*[一二三四五六七八九十]{1,3}\s*[日号])?)"
_CN_DATE = re.compile(rf"{_YEAR}{_MONTH_DAY}?|(?<={_RELATIVE}){_MONTH_DAY}|(?<=\d年){_MONTH_DAY}")
_NUMBER = re.compile(r"[〇零一二三四五六七八九十]+")


def digits_in_dates(text: str) -> str:
    """The text with the Chinese numerals of its dates written in digits: 二〇二一年十月八日 → 2021年10月8日,
    去年十月 → 去年10月, 2021年十月 → 2021年10月."""
    return _CN_DATE.sub(_in_digits, text)


def _in_digits(match: re.Match[str]) -> str:
    date = match[0].translate(_ZERO)
    return _NUMBER.sub(lambda number: str(_number(number[0])), date)


def _number(numerals: str) -> int:
    """A year written digit by digit (二〇二一) or a month or day (十, 十二, 三十一)."""
    import cn2an  # loads in about 0.3 s: only once a report writes a date so

    mode = "direct" if len(numerals) == 4 and "十" not in numerals else "smart"
    return int(cn2an.cn2an(numerals, mode))
