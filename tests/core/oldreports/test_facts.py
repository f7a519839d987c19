"""Facts an old report states of its own unit, and counts that are no such fact: new party members, a
whole county's pupils."""

from __future__ import annotations

from core.oldreports.facts import find_facts
from core.partial_date import PartialDate


def facts(*sentences: str) -> dict[str, object]:
    return {fact.field: fact.value for fact in find_facts(list(sentences))}


def test_new_party_members_are_not_the_party_member_count() -> None:
    assert facts("今年教育局党工委共培养入党积极分子56人，发展新党员27人。") == {}
    assert facts("支部有预备党员3名。") == {}
    assert facts("支部现有党员35名，今年发展新党员2名。") == {"party_member_count": 35}


def test_a_sentence_about_the_whole_county_gives_no_count_in_any_clause() -> None:
    sentence = "全县现有高中4所，初中33所，完全小学190所，县直幼儿园1所，在校学生共82437人。"
    assert facts(sentence) == {}


def test_a_school_named_with_a_national_title_keeps_its_own_counts() -> None:
    sentence = "学校是全国文明单位，现有教学班24个，学生1020人，教职工68人。"
    assert facts(sentence) == {"class_count": 24, "student_count": 1020, "staff_count": 68}


def test_what_the_unit_set_up_is_not_when_it_was_founded() -> None:
    assert facts("学校于2019年成立家长委员会。") == {}
    assert facts("学校2018年成立了书法社团。") == {}
    assert facts("学校创建于2015年9月的书香活动深受欢迎。") == {}
    assert facts("学校于1958年成立，现有学生800人。") == {
        "founded": PartialDate(1958),
        "student_count": 800,
    }
    assert facts("学校创建于1989年9月，占地10.5亩。")["founded"] == PartialDate(1989, 9)


def test_some_pupils_are_not_the_pupil_count() -> None:
    assert facts("今年毕业学生280人。") == {}
    assert facts("学校有留守儿童学生120人。") == {}
    assert facts("学校招收新生300人。") == {}


def test_founded_built_or_formed_after_a_reform_and_staff_by_other_names() -> None:
    assert facts("清源县图书馆建于1978年，2016年迁入新馆。") == {"founded": PartialDate(1978)}
    assert facts("县卫生健康局于2019年3月机构改革后组建，内设科室12个。") == {"founded": PartialDate(2019, 3)}
    assert facts("城区中队现有民辅警60名，其中民警18名，党员14名。") == {
        "staff_count": 60,
        "party_member_count": 14,
    }
    assert facts("公司现有员工860人。") == {"staff_count": 860}
    assert facts("学校教学楼建于2010年。") == {}  # a building's year, not the unit's
