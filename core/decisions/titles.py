"""Titles as the office counts them: 2021年度市级文明单位 and 市级文明单位 are one title held twice."""

from __future__ import annotations

import re
from functools import lru_cache

from core.text import name_key

_YEAR_PREFIX = re.compile(
    r"^(?:\d{4}\s*(?:[-—–至~～]\s*\d{2,4}\s*)?(?:年度|学年度|学年|年)"
    r"|第\s*[一二三四五六七八九十百\d]+\s*(?:届|批|次)"
    r"|[（(]\s*\d{4}\s*(?:年度|年)?\s*[)）])\s*"
)


@lru_cache(maxsize=10_000)
def plain_title(title: str) -> str:
    """The title without the year or round it starts with: 2021年度市级文明单位 → 市级文明单位,
    第六届全国文明单位 → 全国文明单位. A title that is nothing but such a prefix is kept whole."""
    text = title.strip()
    previous = None
    while text != previous:
        previous = text
        stripped = _YEAR_PREFIX.sub("", text, count=1)
        if stripped:
            text = stripped
    return text


def title_group(title: str) -> str:
    """The key under which honours count as the same title."""
    return name_key(plain_title(title))
