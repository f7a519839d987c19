"""Facts an old report states of its own unit, and counts that are no such fact: new party members, a
whole county's pupils."""

from __future__ import annotations

from core.oldreports.facts import find_facts


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
