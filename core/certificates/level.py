"""The level of an honour (国家级 … 单位内部) inferred from the awarding body, else from the title.

A small function of its own: the import's level column is read as written (core/importing/normalise.py),
and no inference from names existed when this was written. The most local place a name begins with
decides: 浙江省宁波市鄞州区教育局 → 县区级; a name with no place is national when it says so (中央, 全国,
国务院, 教育部) and a unit's own prize when a school or company gives it.
"""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"[\u4e00-\u9fa5]{1,7}?(自治区|自治州|特别行政区|省|市|州|盟|县|区|旗|街道|乡|镇)")
_SUFFIX_LEVEL = {
    "自治区": "省级",
    "特别行政区": "省级",
    "省": "省级",
    "市": "市级",
    "州": "市级",
    "自治州": "市级",
    "盟": "市级",
    "县": "县区级",
    "区": "县区级",
    "旗": "县区级",
    "街道": "乡镇级",
    "乡": "乡镇级",
    "镇": "乡镇级",
}
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_NATIONAL = re.compile(
    r"^(中共中央|中央|全国|国家|国务院|中华人民共和国|中华全国|中国|共青团中央)|^[^省市县区]{2,8}部$"
)
_OWN_UNIT = re.compile(r"(学校|小学|中学|幼儿园|学院|大学|医院|公司|集团)$")
_TITLE_LEVEL = re.compile(r"^(国家级|省级|市级|县级|区级|县区级|乡镇级|校级)")
_TITLE_WORDS = {"国家级": "国家级", "省级": "省级", "市级": "市级", "县级": "县区级", "区级": "县区级"}
_TITLE_WORDS |= {"县区级": "县区级", "乡镇级": "乡镇级", "校级": "单位内部"}


def level_of_name(name: str) -> str | None:
    """The level a body's (or a title's) name shows, or None."""
    name = re.sub(r"\s", "", name).removeprefix("中共")
    if _NATIONAL.match(name):
        return "国家级"
    if _OWN_UNIT.search(name):
        return "单位内部"
    segments = []
    position = 0
    while (match := _SEGMENT.match(name, position)) is not None:
        segments.append(match.group(0))
        position = match.end()
    if segments:
        suffix = _SEGMENT.match(segments[-1]).group(1)  # type: ignore[union-attr]
        level = _SUFFIX_LEVEL[suffix]
        if level == "市级" and len(segments) == 1 and segments[0] in _MUNICIPALITIES:
            return "省级"
        if level == "市级" and len(segments) > 1 and segments[-2].endswith("市"):
            return "县区级"  # a county-level city under a city: 宁波市慈溪市
        return level
    return None


def infer_level(awarded_by: str | None, title: str | None) -> tuple[str | None, float]:
    """The level and how sure: the body's names (the highest of several) first, then the title."""
    if awarded_by:
        levels = [level_of_name(part) for part in re.split(r"[、，\s]+", awarded_by) if part]
        found = [level for level in levels if level]
        if found:
            from core.vocab import level_rank

            return min(found, key=level_rank), 0.9
    if title:
        word = _TITLE_LEVEL.match(title)
        if word:
            return _TITLE_WORDS[word.group(1)], 0.8
        level = level_of_name(title)
        if level and level != "单位内部":
            return level, 0.6
    return None, 0.0
