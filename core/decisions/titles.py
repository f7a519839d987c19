"""Titles as the office counts them: 2021年度市级文明单位 and 市级文明单位 are one title held twice."""

from __future__ import annotations

import re
from functools import lru_cache

from core.reports.prose import TitleKind, title_kind
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


_PRIZES = (TitleKind.AWARD, TitleKind.RANK, TitleKind.MERIT)


@lru_cache(maxsize=10_000)
def is_civilisation_title(title: str) -> bool:
    """A 文明创建 title by its name: 文明单位, 文明校园, 文明村镇, 文明家庭, 文明窗口, 精神文明建设先进单位 — not a
    prize that has 文明 in its name (田径运动会文明奖, 精神文明奖, 文明风尚杯): a 奖 is not a 称号."""
    plain = plain_title(title)
    return "文明" in plain and title_kind(plain) not in _PRIZES


# A level word a title may start with: 市级文明单位 and 省级文明单位 are one title at two levels.
_LEVEL_PREFIX = re.compile(r"^(?:全国|国家级|省级|市级|地市级|县区级|区级|县级|乡镇级|镇级|街道级)")
# 文明村, 文明乡镇 and 文明镇 are the 文明村镇 of their level (区级文明村 then 市级文明村镇).
_VILLAGE_TITLES = re.compile(r"文明(?:村镇|村|乡镇|镇)$")


def title_family(title: str) -> str:
    """The key under which titles are one title at different levels: 全国文明单位, 浙江省文明单位 and 市级文明单位
    are 文明单位; 区级文明村 and 省级文明村镇 are 文明村镇; 省级绿色学校 and 市级绿色学校 are 绿色学校.
    A 文明 title counts from its 文明 on, whatever place or level names it; any other title loses a leading
    level word only (全市环卫工作一等奖 stays whole)."""
    plain = name_key(plain_title(title))
    if is_civilisation_title(plain):
        family = plain[plain.rindex("文明") :]
        return _VILLAGE_TITLES.sub("文明村镇", family)
    return _LEVEL_PREFIX.sub("", plain) or plain


_PLACE_END = "国省市区县州旗盟镇乡级"  # what a place or a level word in front of 文明 ends with


def names_its_level(title: str) -> bool:
    """Whether the title itself says at what level (or whose) it is: 市级文明单位, 浙江省文明单位, 全国文明单位
    do; 文明单位, 文明村 and 先进集体 do not, and are told apart by the level recorded beside them."""
    plain = name_key(plain_title(title))
    if is_civilisation_title(plain):
        prefix = plain[: plain.rindex("文明")]
        return bool(prefix) and prefix[-1] in _PLACE_END
    return bool(_LEVEL_PREFIX.match(plain))
