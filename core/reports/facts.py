"""The unit's registered figures as one sentence, leaving out what a material already states.

我校成立于1989年9月，占地面积7000平方米，建筑面积5000平方米，现有教职工43人、学生800人、班级24个。
A fact the text beside it already gives (创建于1989年9月…现有教师43人) is not stated again: the report keeps
the material's words and does not add a second version of the same figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core import figure_dates
from core.models import Unit
from core.partial_date import PartialDate

_FOUNDING_VERBS = "成立|创建|始建|建于|创办|组建|建校|建园|设立|创立|兴办"
_NUMBER_TAIL = "(?:人|名|个|户|位|所|平方米|亩)"


@dataclass(frozen=True)
class Fact:
    clause: str  # 占地面积7000平方米, or 教职工43人 for the 现有… list
    people: bool  # one of the 现有… figures
    stated_by: re.Pattern[str]  # matches a text that already states it
    label: str = ""  # the field it comes from, as the unit form names it: 职工人数
    current: bool = True  # a state of the unit when recorded (人数, 面积), not a date in its history
    as_of: PartialDate | None = None  # stated as of this date (截至2021年底…), not as the present

    def stated_in(self, text: str) -> bool:
        return bool(self.stated_by.search(text))


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# What a material calls each figure: 教师43人 or 43名教职工 states the staff; 死亡4人 or 24个社团 states none.
_FIGURE_WORDS = {
    "staff": "教职工|教职员工|教师|老师|职工|员工|工作人员|干警|民警|在编",
    "students": "学生|在校生|学员|幼儿|儿童|孩子|小朋友",
    "classes": "班级|教学班|班",
    "population": "人口|村民|居民|常住",
    "party": "党员",
}


def _figure(number: str, kind: str) -> re.Pattern[str]:
    """The number on its own (not inside a longer one) with a counting word, said of the figure's own kind:
    the kind's word shortly before it (现有教师共43人) or just after it (43名教职工, 8个教学班)."""
    figure = rf"(?<![\d.]){re.escape(number)}(?![\d.])\s*(?:余|多)?\s*"
    if kind == "households":  # 300户 is households whatever word comes before
        return re.compile(f"{figure}户")
    words = _FIGURE_WORDS[kind]
    figure += _NUMBER_TAIL
    return re.compile(rf"(?:{words})[^。；，,、\d]{{0,6}}?{figure}|{figure}(?:{words})")


def _founded(founded: PartialDate) -> Fact:
    year = str(founded.year)
    # 创建于1989年, 始建于1989, 1989年9月建校: the verb and the year together (创建文明单位…2019年 is no founding)
    when = r"(?:\d{1,2}月(?:\d{1,2}日)?)?(?:正式|开始)?"
    pattern = re.compile(
        rf"(?:{_FOUNDING_VERBS})(?:于|在|时间为|时间是)?\s*{year}|{year}年{when}(?:{_FOUNDING_VERBS})(?!了)"
    )  # 2019年成立了家长委员会 is another body's founding
    return Fact(f"成立于{founded.chinese()}", False, pattern, "成立时间", current=False)


def unit_facts(unit: Unit) -> list[Fact]:
    """The unit's filled figures, in the order a 基本情况 gives them."""
    facts: list[Fact] = []
    if unit.founded is not None:
        facts.append(_founded(unit.founded))
    if unit.land_area_m2:
        facts.append(
            Fact(f"占地面积{_number(unit.land_area_m2)}平方米", False, re.compile("占地"), "占地面积")
        )
    if unit.building_area_m2:
        facts.append(
            Fact(f"建筑面积{_number(unit.building_area_m2)}平方米", False, re.compile("建筑面积"), "建筑面积")
        )
    school = unit.category in ("学校", "幼儿园")
    people: list[tuple[int | None, str, str, str, str]] = [
        (unit.staff_count, "教职工" if school else "职工", "人", "staff", "职工人数"),
        (unit.student_count, "幼儿" if unit.category == "幼儿园" else "学生", "人", "students", "学生人数"),
        (unit.class_count, "班级", "个", "classes", "班级数"),
        (unit.household_count, "", "户", "households", "户数"),
        (unit.population, "人口", "人", "population", "人口"),
        (unit.party_member_count, "党员", "名", "party", "党员人数"),
    ]
    for value, word, counter, kind, label in people:
        if value:
            number = _number(value)
            facts.append(Fact(f"{word}{number}{counter}", True, _figure(number, kind), label))
    return facts


def facts_sentence(subject: str, facts: Sequence[Fact]) -> str:
    """我校成立于…，占地面积…，现有教职工43人、学生800人。 — or "" when there is nothing to say. Figures
    as of an earlier date follow in a sentence of their own that names it, as reports write them:
    截至2021年底，我校占地面积7000平方米，有教职工43人。"""
    sentences = [_sentence(subject, [f for f in facts if f.as_of is None], "现有")]
    dates = sorted({f.as_of for f in facts if f.as_of is not None}, key=PartialDate.sort_key)
    for date in dates:
        dated = [f for f in facts if f.as_of == date]
        sentences.append(f"截至{figure_dates.spoken(date)}，" + _sentence(subject, dated, "有"))
    return "".join(sentences)


def _sentence(subject: str, facts: Sequence[Fact], having: str) -> str:
    clauses = [f.clause for f in facts if not f.people]
    people = [f.clause for f in facts if f.people]
    if people:
        clauses.append(having + "、".join(people))
    return f"{subject}{'，'.join(clauses)}。" if clauses else ""


def unstated(facts: Sequence[Fact], texts: Sequence[str]) -> list[Fact]:
    """The facts none of the texts states."""
    joined = "\n".join(texts)
    return [f for f in facts if not f.stated_in(joined)]
