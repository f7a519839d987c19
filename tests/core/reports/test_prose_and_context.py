"""The Chinese the reports are made of, and the fields of one unit's report."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.reports.context import Period, report_context
from core.reports.prose import chinese_date, chinese_number, ordinal, summary_sentence, year_sentence
from core.services import Services


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (15, "十五"),
        (43, "四十三"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2026, "两千零二十六"),
        (10000, "一万"),
        (12345, "一万两千三百四十五"),
        (100000, "十万"),
    ],
)
def test_chinese_numbers(number: int, text: str) -> None:
    assert chinese_number(number) == text


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numbers_use_only_numerals(number: int) -> None:
    assert set(chinese_number(number)) <= set("零一二两三四五六七八九十百千万")


def test_ordinals_and_dates() -> None:
    assert [ordinal(3), ordinal(3, "（一）"), ordinal(3, "1."), ordinal(12)] == [
        "三、",
        "（三）",
        "3.",
        "十二、",
    ]
    assert chinese_date(dt.date(2026, 3, 5)) == "2026年3月5日"
    assert chinese_date("2026-11-22") == "2026年11月22日"


def test_year_sentence_follows_the_seeds() -> None:
    honours = [
        {"称号": "城市市容环境卫生先进集体", "授予单位": "省建设厅"},
        {"称号": "先进单位", "授予单位": "市委、市政府"},
    ]
    assert year_sentence(honours) == "被省建设厅评为城市市容环境卫生先进集体，被市委、市政府授予先进单位称号"
    assert year_sentence([{"称号": "文明单位", "授予单位": ""}]) == "荣获文明单位"


def test_summary_sentence() -> None:
    expected = "先后荣获全国书法艺术教育实验学校、省卫生先进单位等荣誉称号"
    assert summary_sentence(["全国书法艺术教育实验学校", "省卫生先进单位"]) == expected
    assert summary_sentence([]) == ""


@pytest.fixture
def school(services: Services) -> int:
    unit = services.units.create(
        {"name": "宁波市荷花庄小学", "founded": "1989-09", "staff_count": "43", "land_area_m2": "7000"}
    )
    for title, level, body, when in [
        ("省卫生先进单位", "省级", "省爱卫会", "2019-12"),
        ("全国写字教育先进集体", "国家级", "教育部", "2020"),
        ("市文明单位", "市级", "市文明委", "2021-05-01"),
        ("老荣誉", "市级", "市教育局", "2010"),
        ("年份不详的荣誉", "县区级", None, None),
    ]:
        services.honours.create(
            unit.id, {"title": title, "level": level, "awarded_by": body, "awarded": when}
        )
    services.materials.create(unit.id, {"year": 2020, "topic": "主要做法", "text": "做法一。\n做法二。"})
    services.materials.create(unit.id, {"year": 2015, "topic": "存在问题", "text": "期间外的问题"})
    return unit.id


def test_context_for_a_period(services: Services, school: int) -> None:
    with services.db.session() as session:
        context = report_context(session, school, Period(2019, 2021), dt.date(2026, 3, 5))
    assert context["单位"]["名称"] == "宁波市荷花庄小学"
    assert context["单位"]["成立时间"] == "1989年9月" and context["单位"]["职工人数"] == 43
    assert context["单位"]["占地面积"] == 7000 and context["单位"]["负责人"] == ""
    titles = [h["称号"] for h in context["荣誉"]]
    assert titles == [
        "省卫生先进单位",
        "全国写字教育先进集体",
        "市文明单位",
        "年份不详的荣誉",
    ]  # 2010 is outside
    assert context["荣誉数量"] == 4
    assert context["荣誉"][0]["日期"] == "2019年12月" and context["荣誉"][0]["年份"] == 2019
    assert [group["年份"] for group in context["荣誉按年度"]] == [2019, 2020, 2021, "年份不详"]
    assert context["荣誉按年度"][0]["表述"] == "被省爱卫会评为省卫生先进单位"
    assert [group["级别"] for group in context["荣誉按级别"]] == ["国家级", "省级", "市级", "县区级"]
    assert context["荣誉概述"].startswith("先后荣获全国写字教育先进集体、省卫生先进单位")
    assert context["材料段落"]["主要做法"] == ["做法一。", "做法二。"]
    assert context["材料"]["存在问题"] == "（此处请补充“存在问题”材料）"  # the 2015 one is outside the period
    assert context["有材料"] == {**dict.fromkeys(context["有材料"], False), "主要做法": True}
    assert (context["期间"], context["起始年份"], context["截止年份"]) == ("2019年至2021年", 2019, 2021)
    assert context["成文日期"] == "2026年3月5日"


def test_one_year_period_reads_naturally() -> None:
    assert Period(2021, 2021).chinese() == "2021年"
    assert Period.recent(3, dt.date(2026, 6, 1)) == Period(2024, 2026)
