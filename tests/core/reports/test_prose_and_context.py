"""The Chinese the reports are made of, and the fields of one unit's report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.reports import prose
from core.reports.context import Period, ReportOptions, report_context
from core.reports.prose import (
    Award,
    TitleKind,
    awards_sentence,
    chinese_date,
    chinese_number,
    ordinal,
    self_reference,
    summary_sentence,
    title_kind,
)
from core.reports.records import suggest_period
from core.services import Services
from tests.core.reports.entered import entered_before

# ---------------------------------------------------------------- numerals

_DIGIT = dict(zip("零一二两三四五六七八九", [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9], strict=True))
_SMALL = {"十": 10, "百": 100, "千": 1000}
_LARGE = {"万": 10**4, "亿": 10**8}


def read_chinese_number(text: str) -> int:
    """An independent reader of the numerals chinese_number writes (the test's own, not cn2an's)."""
    total, section, digit = 0, 0, None
    large_seen: list[int] = []
    for char in text:
        if char in _DIGIT:
            digit = _DIGIT[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char in _LARGE:
            section += digit or 0
            unit = _LARGE[char]
            if large_seen and unit > large_seen[-1]:  # 一万亿: the 万 counts the 亿
                total = (total + section) * unit
            else:
                total += section * unit
            large_seen.append(unit)
            section, digit = 0, None
        else:
            raise ValueError(char)
    return total + section + (digit or 0)


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
        (2026, "二千零二十六"),
        (10000, "一万"),
        (10010, "一万零一十"),
        (12345, "一万二千三百四十五"),
        (100000, "十万"),
        (100_000_000, "一亿"),
        (100_100_100, "一亿零一十万零一百"),
        (10**12, "一万亿"),
    ],
)
def test_chinese_numbers(number: int, text: str) -> None:
    assert chinese_number(number) == text


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_numbers_read_back_to_the_number(number: int) -> None:
    text = chinese_number(number)
    assert read_chinese_number(text) == number
    assert "万万" not in text and "零零" not in text and (number == 0 or not text.endswith("零"))
    assert set(text) <= set("零一二三四五六七八九十百千万亿")


def test_the_docstring_says_what_chinese_number_does() -> None:
    examples = re.findall(r"(\d+) → ([零一二三四五六七八九十百千万亿]+)", prose.chinese_number.__doc__ or "")
    assert len(examples) >= 5
    for digits, text in examples:
        assert chinese_number(int(digits)) == text, digits


def test_text_that_is_not_a_whole_number_stays() -> None:
    assert chinese_number("十二") == "十二" and chinese_number("3.5") == "3.5"


def test_ordinals_and_dates() -> None:
    assert [ordinal(3), ordinal(3, "（一）"), ordinal(3, "1."), ordinal(12)] == [
        "三、",
        "（三）",
        "3.",
        "十二、",
    ]
    assert chinese_date(dt.date(2026, 3, 5)) == "2026年3月5日"
    assert chinese_date("2026-11-22") == "2026年11月22日"


# ---------------------------------------------------------------- verbs by the kind of title


@pytest.mark.parametrize(
    ("award", "clause"),
    [
        # the seeds' own sentences
        (Award("城市市容环境卫生先进集体", "省建设厅"), "被省建设厅评为城市市容环境卫生先进集体"),
        (Award("全国第二书法实验小学"), "被命名为全国第二书法实验小学"),
        (Award("省直机关文明单位", "省文明办"), "被省文明办命名为省直机关文明单位"),
        (Award("全省环卫行业建设劳动奖状", "省建设厅"), "被省建设厅授予全省环卫行业建设劳动奖状"),
        (Award("县级优秀组织奖", "省教育厅"), "被省教育厅授予县级优秀组织奖"),
        (Award("富民兴聊劳动奖章"), "荣获富民兴聊劳动奖章"),
        (Award("个人三等功", "县委县政府"), "被县委县政府记个人三等功"),
        (
            Award("全市第二届百万妇女健身活动大赛拔河比赛第六名"),
            "在全市第二届百万妇女健身活动大赛拔河比赛中取得第六名",
        ),
        (Award("优秀共产党员称号", "县委"), "被县委授予优秀共产党员称号"),
        (
            Award("四川省第7届中小学生艺术节", "省教育厅", "一等奖"),
            "被省教育厅授予四川省第7届中小学生艺术节一等奖",
        ),
        (Award("拔河比赛", "", "第六名"), "在拔河比赛中取得第六名"),
    ],
)
def test_the_verb_follows_the_kind_of_title(award: Award, clause: str) -> None:
    assert awards_sentence([award]) == clause
    assert "奖称号" not in clause


def test_kinds() -> None:
    assert title_kind("长治市精神文明建设先进单位") is TitleKind.RATED  # 先进 before 文明
    assert title_kind("市校园文化示范校") is TitleKind.NAMED
    assert title_kind("环卫优胜杯先进单位") is TitleKind.RATED  # a 杯 inside the title is not an award
    assert title_kind("进步最快奖") is TitleKind.AWARD


def test_same_verb_and_body_join_with_the_list_mark_in_first_appearance_order() -> None:
    awards = [
        Award("市政杯竞赛活动先进单位", "市委、市政府"),
        Award("全民义务植树及造林绿化先进单位"),
        Award("防汛工作先进单位", "市委、市政府"),
        Award("107国道综合整治先进单位", "市委、市政府"),
    ]
    assert awards_sentence(awards) == (
        "被市委、市政府评为市政杯竞赛活动先进单位、防汛工作先进单位、107国道综合整治先进单位，"
        "被评为全民义务植树及造林绿化先进单位"
    )


def test_summary_sentence() -> None:
    titles = [Award("全国书法艺术教育实验学校"), Award("省卫生先进单位")]
    assert summary_sentence(titles) == "先后荣获全国书法艺术教育实验学校、省卫生先进单位等荣誉称号"
    with_award = [*titles, Award("县级优秀组织奖")]
    assert (
        summary_sentence(with_award)
        == "先后获得全国书法艺术教育实验学校、省卫生先进单位、县级优秀组织奖等荣誉"
    )
    assert summary_sentence([Award("省卫生先进单位", "省爱卫会")]) == "被省爱卫会评为省卫生先进单位"
    assert summary_sentence([]) == ""


@pytest.mark.parametrize(
    ("name", "category", "word"),
    [
        ("宁波市荷花庄小学", "学校", "我校"),
        ("口东中心幼儿园", "幼儿园", "我园"),
        ("金水区市政管理局", "机关", "我局"),
        ("甘垛镇荷花村", "村", "我村"),
        ("东鲁派出所", "机关", "我所"),
        ("胜利油田石油开发中心", "企业", "我中心"),
        ("某某合作社", "其他", "我单位"),
    ],
)
def test_how_a_unit_names_itself(name: str, category: str, word: str) -> None:
    assert self_reference(name, category) == word


# ---------------------------------------------------------------- the context


@pytest.fixture
def school(services: Services) -> int:
    unit = services.units.create(
        {"name": "宁波市荷花庄小学", "category": "学校", "founded": "1989-09", "staff_count": "43"}
    )
    for title, level, body, when, who in [
        ("省卫生先进单位", "省级", "省爱卫会", "2019-12", None),
        ("全国写字教育先进集体", "国家级", "教育部", "2020", None),
        ("市文明单位", "市级", "市文明委", "2021-05-01", None),
        ("老荣誉", "市级", "市教育局", "2010", None),
        ("年份不详的荣誉", "县区级", None, None, None),
        ("全国优秀教师", "国家级", "教育部", "2020", "王丽"),
    ]:
        services.honours.create(
            unit.id, {"title": title, "level": level, "awarded_by": body, "awarded": when, "recipient": who}
        )
    services.materials.create(unit.id, {"year": 2020, "topic": "主要做法", "text": "做法一。\n做法二。"})
    services.materials.create(unit.id, {"year": 2015, "topic": "存在问题", "text": "期间外的问题"})
    return unit.id


def test_context_for_a_period(services: Services, school: int) -> None:
    entered_before(services, school, dt.date(2026, 3, 5))
    with services.db.session() as session:
        context = report_context(session, school, Period(2019, 2021), dt.date(2026, 3, 5))
    assert context["单位"]["名称"] == "宁波市荷花庄小学" and context["单位"]["自称"] == "我校"
    assert context["单位"]["成立时间"] == "1989年9月" and context["单位"]["职工人数"] == 43
    assert context["单位概况"] == "我校成立于1989年9月，现有教职工43人。"
    # only the unit's own honours dated in the period: not 2010, not the undated one, not 王丽's
    assert [h["称号"] for h in context["荣誉"]] == ["省卫生先进单位", "全国写字教育先进集体", "市文明单位"]
    assert context["集体荣誉"] == context["荣誉"] and context["荣誉数量"] == 3
    assert [(h["称号"], h["获得者"]) for h in context["个人荣誉"]] == [("全国优秀教师", "王丽")]
    assert context["未注明时间的荣誉"] == [] and context["未注明时间的荣誉表述"] == ""
    assert context["荣誉"][0]["日期"] == "2019年12月" and context["荣誉"][0]["年份"] == 2019
    assert [group["年份"] for group in context["荣誉按年度"]] == [2019, 2020, 2021]
    assert context["荣誉按年度"][0]["表述"] == "被省爱卫会评为省卫生先进单位"
    assert [group["级别"] for group in context["荣誉按级别"]] == ["国家级", "省级", "市级"]
    assert context["荣誉概述"] == "先后荣获全国写字教育先进集体、省卫生先进单位、市文明单位等荣誉称号"
    assert context["个人荣誉表述"] == "个人荣誉方面，2020年，王丽被教育部评为全国优秀教师。"
    assert context["材料段落"]["主要做法"] == ["做法一。", "做法二。"]
    assert context["材料"]["存在问题"] == "（此处请补充“存在问题”材料）"  # the 2015 one is outside the period
    assert context["有材料"] == {**dict.fromkeys(context["有材料"], False), "主要做法": True}
    assert (context["期间"], context["起始年份"], context["截止年份"]) == ("2019年至2021年", 2019, 2021)
    assert context["成文日期"] == "2026年3月5日"


def test_undated_honours_only_when_asked_and_apart(services: Services, school: int) -> None:
    with services.db.session() as session:
        context = report_context(
            session, school, Period(2019, 2021), dt.date(2026, 3, 5), options=ReportOptions("list")
        )
    assert [h["称号"] for h in context["未注明时间的荣誉"]] == ["年份不详的荣誉"]
    assert context["未注明时间的荣誉表述"] == "以下荣誉的获得时间未记录：我校曾被评为年份不详的荣誉。"
    assert context["荣誉数量"] == 3 and "年份不详的荣誉" not in context["荣誉概述"]
    assert [part["标题"] for part in context["荣誉部分"]] == ["集体荣誉", "个人荣誉", "获得时间未记录的荣誉"]
    assert context["荣誉部分"][0]["段落"][0] == "2019年至2021年，我校共获得集体荣誉3项。"


def test_one_year_period_reads_naturally() -> None:
    assert Period(2021, 2021).chinese() == "2021年"
    assert Period.recent(3, dt.date(2026, 6, 1)) == Period(2024, 2026)
    assert not Period(2019, 2021).holds(None)


def test_the_default_period_is_the_recent_span_with_records(services: Services, school: int) -> None:
    with services.db.session() as session:
        assert suggest_period(session, [school], dt.date(2026, 3, 5)) == Period(2019, 2021)
        # the period last used, while the unit has records in it
        assert suggest_period(session, [school], dt.date(2026, 3, 5), Period(2010, 2012)) == Period(
            2010, 2012
        )
        assert suggest_period(session, [school], dt.date(2026, 3, 5), Period(2000, 2002)) == Period(
            2019, 2021
        )
        empty = services.units.create({"name": "新单位"}).id
        assert suggest_period(session, [empty], dt.date(2026, 3, 5)) == Period(2024, 2026)


def test_an_honour_a_material_names_is_recognised() -> None:
    from core.models import Honour
    from core.reports.honour_text import mentioned_in

    material = "9个艺术节目获省一等奖，被省教育厅授予县级优秀组织奖。被表彰为“优秀等级”区县。"
    assert mentioned_in(
        Honour(title="四川省第7届中小学生艺术节县级优秀组织奖", awarded_by="省教育厅"), material
    )
    assert mentioned_in(Honour(title="优秀等级区县"), material)  # quotation marks aside
    # the same tail from another body, or too short a tail, is another honour
    assert not mentioned_in(
        Honour(title="四川省第7届中小学生艺术节县级优秀组织奖", awarded_by="团省委"), material
    )
    assert not mentioned_in(
        Honour(title="全省两基工作先进单位", awarded_by="省委"), "被省委评为招飞工作先进单位。"
    )
