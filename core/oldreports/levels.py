"""The level of an honour (core/vocab.py's LEVELS) from its awarding body and its title.

A small stand-in until a shared level inference exists in core/importing/: the body decides when it names
one ("省建设厅" → 省级, "市委、市政府" → 市级); otherwise the title's opening words ("全国写字教育先进集体",
"宁波市首批特色学校", "全区爱国卫生先进单位"); otherwise unknown (None), never a guess.
"""

from __future__ import annotations

import re

NATIONAL, PROVINCIAL, CITY, COUNTY, TOWN, INTERNAL = "国家级", "省级", "市级", "县区级", "乡镇级", "单位内部"

_PLACE = r"[\u4e00-\u9fff]{2,4}?"
_OPENINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        NATIONAL,
        re.compile(
            r"^(?:全国|国家|中国|中华|中央|国务院|团中央|全总|共青团中央|教育部|公安部|文化部|民政部|[\u4e00-\u9fff]{2}部(?![门分])|国家级)"
        ),
    ),
    (PROVINCIAL, re.compile(rf"^(?:全省|省级|省|团省委|{_PLACE}(?:省|自治区)(?!级)|自治区)")),
    (
        CITY,
        re.compile(
            rf"^(?:全市|市级|市(?![场民])|团市委|地区|{_PLACE}市(?![场民级])|{_PLACE}(?:州|盟)(?=[\u4e00-\u9fff]{{2}}))"
        ),
    ),
    (
        COUNTY,
        re.compile(rf"^(?:全县|全区|县级|区级|县|区|城区|团县委|团区委|{_PLACE}(?:县|区|旗)(?![级域]))"),
    ),
    (TOWN, re.compile(rf"^(?:全镇|全乡|镇|乡|街道|{_PLACE}(?:镇|乡|街道))")),
)
_BODY_ENDINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (PROVINCIAL, re.compile(r"厅$")),
    (NATIONAL, re.compile(r"总局$|^[\u4e00-\u9fff]{2,3}部$")),
)


def infer_level(awarded_by: str | None, title: str) -> str | None:
    """国家级 … 乡镇级 from the awarding body, else from the title; None when neither says."""
    if awarded_by:
        first = re.split(r"[、，,和及与]", awarded_by.strip())
        levels = [lvl for lvl in (_level_of(part) for part in first if part) if lvl]
        if levels:
            order = (NATIONAL, PROVINCIAL, CITY, COUNTY, TOWN)
            return min(levels, key=order.index)  # several bodies together: the highest
    return _level_of(re.sub(r"^[“”\"]", "", title))


def _level_of(text: str) -> str | None:
    text = text.strip().lstrip("“")
    for level, pattern in _OPENINGS:
        if pattern.search(text):
            return level
    for level, pattern in _BODY_ENDINGS:
        if pattern.search(text):
            return level
    return None
