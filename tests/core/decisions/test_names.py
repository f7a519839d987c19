"""Name lists pasted from a decision's 附件, matched to the units they name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.decisions.names import (
    AMBIGUOUS,
    BY_NAME,
    BY_NORMALISED,
    BY_PART,
    BY_SHORT_NAME,
    MATCHED,
    UNMATCHED,
    UnitMatcher,
    UnitRef,
    split_names,
)
from core.services import Services

UNITS = [
    UnitRef(1, "东湖区第一小学", "东湖一小", "学校"),
    UnitRef(2, "西湖区第一小学", None, "学校"),
    UnitRef(3, "东湖区实验幼儿园", "东湖实幼", "幼儿园"),
    UnitRef(4, "中共东湖区委党校", None, "机关"),
    UnitRef(5, "东湖区人民政府办公室(区外事办)", None, "机关"),
    UnitRef(6, "东湖区卫生健康局", None, "机关"),
    UnitRef(7, "东湖区新华街道东风社区", None, "社区"),
    UnitRef(8, "宁波市荷花庄小学", "荷花庄小学", "学校"),
    UnitRef(9, "东湖区城关镇张家村", None, "村"),
    UnitRef(10, "东湖区第二中学", None, "学校"),
]

# A 附件 as it is copied out of a Word decision: title lines, numbered headings with counts, numbered
# names, a name with full-width brackets, one typed with spaces to fill the line, a run with 、
ANNEX = """附件

东湖区2023年度文明单位名单

一、区级文明单位标兵（2个）

1.东湖区第一小学
2.东湖区人民政府办公室（区外事办）

二、区级文明单位（共5家）

（一）机关（3个）
东湖区卫生健康局、中共东湖区委 党校、东湖区城市管理局
（二）学校（2所）
东 湖 区 实 验 幼 儿 园
西湖区第一小学；
三、区级文明社区、文明村
新华街道东风社区，张家村
"""


@pytest.fixture
def matcher() -> UnitMatcher:
    return UnitMatcher(UNITS)


def test_annex_gives_its_names_and_drops_its_headings() -> None:
    found = split_names(ANNEX)
    assert found.names == [
        "东湖区第一小学",
        "东湖区人民政府办公室（区外事办）",
        "东湖区卫生健康局",
        "中共东湖区委 党校",
        "东湖区城市管理局",
        "东 湖 区 实 验 幼 儿 园",
        "西湖区第一小学",
        "新华街道东风社区",
        "张家村",
    ]
    assert "东湖区2023年度文明单位名单" in found.ignored
    assert "区级文明单位（共5家）" in found.ignored
    assert "机关（3个）" in found.ignored


def test_annex_names_find_their_units(matcher: UnitMatcher) -> None:
    results = matcher.match_all(split_names(ANNEX).names)
    by_text = {r.text: r for r in results}
    assert [(r.text, r.unit.id if r.unit else None) for r in results] == [
        ("东湖区第一小学", 1),
        ("东湖区人民政府办公室（区外事办）", 5),
        ("东湖区卫生健康局", 6),
        ("中共东湖区委 党校", 4),
        ("东湖区城市管理局", None),
        ("东 湖 区 实 验 幼 儿 园", 3),
        ("西湖区第一小学", 2),
        ("新华街道东风社区", 7),
        ("张家村", 9),
    ]
    assert by_text["东湖区城市管理局"].status == UNMATCHED
    assert by_text["新华街道东风社区"].how == BY_PART  # the end of 东湖区新华街道东风社区, no other


@pytest.mark.parametrize(
    ("text", "unit_id", "how"),
    [
        ("东湖区第一小学", 1, BY_NAME),
        ("东湖一小", 1, BY_SHORT_NAME),
        ("荷花庄小学", 8, BY_SHORT_NAME),
        ("东湖区人民政府办公室（区外事办）", 5, BY_NAME),  # full-width brackets: the same name
        ("东湖区人民政府办公室区外事办", 5, BY_NORMALISED),
        ("东湖区人民政府办公室", 5, BY_NORMALISED),  # the bracketed note left out
        ("中共东湖区委（党校）", 4, BY_NORMALISED),
        (" 东湖区 第二中学 ", 10, BY_NAME),
        ("东湖区第二中学\u3000", 10, BY_NAME),
        ("第二中学", 10, BY_PART),
        ("浙江省宁波市荷花庄小学", 8, BY_PART),  # a longer name ending with the unit's
        ("ＤＯＮＧ东湖区第二中学", 10, BY_PART),
    ],
)
def test_one_name(matcher: UnitMatcher, text: str, unit_id: int, how: str) -> None:
    result = matcher.match(text)
    assert (result.status, result.unit.id if result.unit else None, result.how) == (MATCHED, unit_id, how)


def test_ambiguous_short_name_names_its_candidates(matcher: UnitMatcher) -> None:
    result = matcher.match("第一小学")
    assert result.status == AMBIGUOUS
    assert [u.id for u in result.candidates] == [1, 2]
    assert "东湖区第一小学、西湖区第一小学" in result.describe()


@pytest.mark.parametrize("text", ["小学", "东湖区", "第三小学", "东湖区城市管理局", ""])
def test_no_guessing(matcher: UnitMatcher, text: str) -> None:
    assert matcher.match(text).status == UNMATCHED


def test_names_laid_out_in_columns_are_split(matcher: UnitMatcher) -> None:
    results = matcher.match_all(
        split_names("东湖区第一小学　　东湖区卫生健康局\n东湖区第二中学    张家村").names
    )
    assert [r.unit.id for r in results if r.unit] == [1, 6, 10, 9]


def test_same_unit_twice_is_one_recipient(matcher: UnitMatcher) -> None:
    results = matcher.match_all(["东湖区第一小学", "东湖一小", "东湖区第一小学（本部）"])
    assert [(r.text, r.unit.id) for r in results if r.unit] == [("东湖区第一小学", 1)]


def test_table_pasted_from_word() -> None:
    text = "序号\t单位名称\t类别\n1\t东湖区第一小学\t学校\n2\t东湖区卫生健康局\t机关\n"
    found = split_names(text)
    assert found.names == ["东湖区第一小学", "东湖区卫生健康局"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "附件：1、东湖区第一小学 2、东湖区卫生健康局；3、张家村",
            ["东湖区第一小学", "东湖区卫生健康局", "张家村"],
        ),
        ("名单1、东湖区第一小学2、张家村", ["东湖区第一小学", "张家村"]),
        ("1.东湖区第一小学 2.张家村", ["东湖区第一小学", "张家村"]),
        ("东湖区第1小学、第2中学", ["东湖区第1小学", "第2中学"]),  # a number inside a name stays
    ],
)
def test_a_numbered_list_whose_line_breaks_were_lost(text: str, names: list[str]) -> None:
    assert split_names(text).names == names


def test_separators_inside_brackets_stay() -> None:
    assert split_names("甲单位（一、二部），乙单位").names == ["甲单位（一、二部）", "乙单位"]


@given(st.text(max_size=300))
def test_any_paste_gives_names_or_nothing(text: str) -> None:
    found = split_names(text)
    assert all(name.strip() and "\n" not in name for name in found.names)
    UnitMatcher(UNITS).match_all(found.names)


def test_unknown_name_offers_alike_units(matcher: UnitMatcher) -> None:
    result = matcher.match("东湖区卫生局")
    assert result.status == UNMATCHED
    assert [u.name for u in result.candidates][:1] == ["东湖区卫生健康局"]
    assert "相近的有：东湖区卫生健康局" in result.describe()


# A list as a clerk pastes it from a WPS decision: a 附件 line, a counted heading, 1、 numbering, a stray
# space inside a name and before it, a trailing 。, half-width brackets where the records have none
# (full-width ones are stored as given), a short name, a name the records do not hold, a part two units share,
# and several names run together on one line with 、 and ；.
PASTED = """附件：
2024年度东湖区文明单位名单
（共10家）
1、东湖区第一小学\u3000
2、东湖实幼
3、东湖区人民政府办公室（区外事办）
4、 中共东湖区委(党校)
5、东湖区卫生 健康局。
6、东湖区城市管理局
7、东风社区
8、荷花庄小学、张家村；新华街道东风社区
"""


def test_a_real_pasted_list_against_the_records(services: Services) -> None:
    from core.decisions.award import Decision, apply_decision

    ids = {
        name: services.units.create({"name": name, "short_name": short}).id
        for name, short in [
            ("东湖区第一小学", "东湖一小"),
            ("西湖区第一小学", None),
            ("东湖区实验幼儿园", "东湖实幼"),
            ("中共东湖区委党校", None),
            ("东湖区人民政府办公室(区外事办)", None),
            ("东湖区卫生健康局", None),
            ("东湖区新华街道东风社区", None),
            ("西湖区北山街道东风社区", None),
            ("宁波市荷花庄小学", "荷花庄小学"),
            ("东湖区城关镇张家村", None),
        ]
    }
    names = split_names(PASTED).names
    assert "2024年度东湖区文明单位名单" not in names and "（共10家）" not in names
    with services.db.session() as session:
        results = UnitMatcher.of_live_units(session).match_all(names)
    found = [
        (r.text, r.status, r.unit.name if r.unit else "、".join(u.name for u in r.candidates))
        for r in results
    ]
    assert found == [
        ("东湖区第一小学", MATCHED, "东湖区第一小学"),
        ("东湖实幼", MATCHED, "东湖区实验幼儿园"),
        ("东湖区人民政府办公室（区外事办）", MATCHED, "东湖区人民政府办公室（区外事办）"),  # stored so
        ("中共东湖区委(党校)", MATCHED, "中共东湖区委党校"),
        ("东湖区卫生 健康局", MATCHED, "东湖区卫生健康局"),
        ("东湖区城市管理局", UNMATCHED, ""),
        ("东风社区", AMBIGUOUS, "东湖区新华街道东风社区、西湖区北山街道东风社区"),
        ("荷花庄小学", MATCHED, "宁波市荷花庄小学"),
        ("张家村", MATCHED, "东湖区城关镇张家村"),
        ("新华街道东风社区", MATCHED, "东湖区新华街道东风社区"),
    ]
    decision = Decision.checked(
        {"title": "区级文明单位", "level": "县区级", "awarded_by": "东湖区文明委", "awarded": "2024-12"}
    )
    matched = [r.unit.id for r in results if r.matched]
    left = [r.text for r in results if not r.matched]
    result = apply_decision(services.db, decision, matched, unmatched=left)
    assert (result.honours_created, result.unmatched) == (8, ["东湖区城市管理局", "东风社区"])
    assert ids["西湖区北山街道东风社区"] not in matched and ids["西湖区第一小学"] not in matched
    again = apply_decision(services.db, decision, matched, unmatched=left)
    assert (again.honours_created, len(again.duplicates)) == (0, 8)  # pasting the list twice adds nothing


def test_title_family_and_level_words() -> None:
    from core.decisions.titles import names_its_level, title_family

    assert {title_family(t) for t in ("全国文明单位", "浙江省文明单位", "2021年度市级文明单位")} == {
        "文明单位"
    }
    assert title_family("区级文明村") == title_family("省级文明村镇") == "文明村镇"
    assert title_family("省级绿色学校") == title_family("市级绿色学校") == "绿色学校"
    assert title_family("全市环卫工作一等奖") == "全市环卫工作一等奖"
    assert [
        names_its_level(t) for t in ("市级文明单位", "浙江省文明单位", "文明单位", "文明村", "先进集体")
    ] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_unit_in_the_recycle_bin_is_named_as_such(services: Services) -> None:
    """A name list naming a deleted unit: the clerk is told it is in the 回收站, not that it does not exist."""
    services.units.create({"name": "东湖区第一小学", "category": "学校"})
    gone = services.units.create({"name": "东湖区城关中学", "category": "学校"}).id
    services.units.delete(gone)
    with services.db.session() as session:
        matcher = UnitMatcher.of_live_units(session)
    result = matcher.match("东湖区城关中学")
    assert result.status == UNMATCHED and result.unit is None
    assert result.describe() == "“东湖区城关中学”是已删除的单位（在回收站中），恢复后才能录入"
    assert "找不到" in matcher.match("东湖区城南中学").describe()
