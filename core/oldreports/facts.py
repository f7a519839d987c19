"""Facts about the unit stated in a report: founded, areas, people, classes, households, party members.

Each fact is a proposed value for one unit field (core/fields.py's UNIT_FIELDS) with the sentence it came
from. Counts stated roughly ("40余人", "近百名") and counts of a whole system or of someone else ("全省系统
5200名职工", "其中…") are not proposed: a record holds the unit's own exact figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import cn2an

from core.partial_date import PartialDate, PartialDateError

MU_M2 = 10000 / 15  # 1 亩 = 666.67 平方米
_NUM = r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+(?:点[零〇一二三四五六七八九]+)?)"
_NOT_OWN = re.compile(
    r"全省|全市|全县|全区|全国|全系统|系统内|其中|各类|荣誉|先进|优秀|骨干|新增|增加|减少|比去年|参加|组织|培训"
    r"|发展|新党员|预备|入党|积极分子|流动|退休|离休|慰问|走访"
    r"|毕业|招收|招生|新生|录取|留守|贫困|困难|残疾|住宿|寄宿|转入|转出|资助|受助|获奖"
)
# a sentence about a whole area or system, whatever its clauses count: "全县现有高中4所，…，在校学生共82437人"
_WHOLE_AREA = re.compile(r"(?:^|[，；：])\s*全(?:省|市|县|区|国|镇|乡|系统)(?:现有|共有|有|共|拥有)")

FIELD_LABELS = {
    "founded": "成立时间",
    "land_area_m2": "占地面积",
    "building_area_m2": "建筑面积",
    "staff_count": "职工人数",
    "student_count": "学生人数",
    "class_count": "班级数",
    "household_count": "户数",
    "population": "人口",
    "party_member_count": "党员人数",
    "category": "类别",
}


@dataclass
class Fact:
    field: str  # a UNIT_FIELDS key
    value: object  # int, float (平方米) or PartialDate
    display: str  # as the user reads it: "10.5亩（约 7,000 平方米）", "1989年9月", "43人"
    source: str  # the sentence it came from
    current: object = None  # the unit's value now, filled in by the proposal
    accepted: bool = True
    overwrite: bool = False  # replace a value the unit already has (the user ticks it)
    rule: str | None = None  # inferred, not read: the rule that gave it (the unit's 类别 from its name)

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]


def number(text: str) -> float:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    return float(cn2an.cn2an(text.replace("两", "二"), "smart"))


_FOUNDED = (
    re.compile(
        r"(?:创建|创办|始建|建立|成立|组建|兴建|建校|建园|创立|(?<![楼舍房])建)(?:于|在)\s*"
        r"((?:19|20)\d{2}|[一二][〇○零九][〇○零一二三四五六七八九]{2})\s*年"
        r"(?:\s*([0-9一二三四五六七八九十]{1,3})\s*月)?(?:\s*([0-9一二三四五六七八九十]{1,3})\s*日)?"
        r"(?![\s0-9一二三四五六七八九十月日]*的)"  # 创建于2015年的“书香校园”活动: something else's start
    ),
    re.compile(
        r"(?:于|在)?((?:19|20)\d{2})\s*年(?:\s*(\d{1,2})\s*月)?(?:\s*(\d{1,2})\s*日)?"
        # 于2019年3月机构改革后组建, 于2018年7月国税地税征管体制改革后挂牌成立
        r"(?:[^，。；\d]{0,14}?(?:机构改革|改革|合并|整合|撤并|撤销[^，。；]{1,8})后)?"
        r"(?:(?:在|经|由)[^，。；]{1,16}?)?(?:登记|注册|批准|挂牌)?"  # 于2013年4月在市场监管部门登记成立
        r"(?:正式)?(?:创建|创办|始建|成立|建校|建园|创立|组建)(?=\s*(?:[，。；,;]|$|至今|以来))"
        # the unit itself (学校于1958年成立，…), not what it set up (2019年成立家长委员会)
    ),
)
_LAND = re.compile(
    rf"占地(?:总)?(?:面积)?(?:为|约|达|近|共|有)?\s*{_NUM}\s*(多|余)?\s*(亩|平方米|㎡|平米|万平方米|公顷)"
)
_BUILDING = re.compile(rf"建筑面积(?:为|约|达|近|共|有)?\s*{_NUM}\s*(多|余)?\s*(平方米|㎡|平米|万平方米)")
_COUNTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "staff_count",
        re.compile(
            rf"(?:教职工|教职员工|干部职工|在编职工|在职职工|全体职工|在编人员|在职人员|"
            rf"(?<=现有)(?:职工|员工|民辅警|工作人员|消防救援人员|指战员))(?:共|有|共有)?\s*"
            rf"{_NUM}\s*(余|多)?\s*(?:人|名)"
        ),
    ),
    (
        "staff_count",
        re.compile(rf"{_NUM}\s*(余|多)?\s*(?:名|位|个)?(?:教职工|教职员工|干部职工|在编职工|在职职工)"),
    ),
    (
        "staff_count",
        re.compile(
            rf"(?:^|[，、；：]|现有|共有|全校|全园|专任)(?:专任)?(?:教师|老师|干警|民警)(?:共|有|共有)?\s*{_NUM}\s*(余|多)?\s*(?:人|名)"
        ),
    ),
    (
        "staff_count",
        re.compile(
            rf"(?:^|[，、；：]|现有|共有){_NUM}\s*(余|多)?\s*(?:名|位)(?:专任)?(?:教师|老师|干警|民警)"
        ),
    ),
    (
        "student_count",
        re.compile(
            rf"(?:在校学生|在校生|在园幼儿|学生|幼儿)(?:共|有|共有)?\s*{_NUM}\s*(余|多)?\s*(?:人|名)(?!次)"
        ),
    ),
    (
        "student_count",
        re.compile(rf"(?:^|[，、；：]|现有|共有){_NUM}\s*(余|多)?\s*(?:名|位)(?:在校)?(?:学生|幼儿|在校生)"),
    ),
    (
        "class_count",
        re.compile(
            rf"{_NUM}\s*(余|多)?\s*个(?:教学班|班级)|(?:教学班|班级)(?:共|有)?\s*{_NUM}\s*(余|多)?\s*个"
        ),
    ),
    (
        "household_count",
        re.compile(rf"(?:全村|现有|共有|辖|下辖|农户|共)(?:农户|居民|住户)?\s*{_NUM}\s*(余|多)?\s*户"),
    ),
    ("population", re.compile(rf"(?:总人口|人口|全村)(?:共|有|为)?\s*{_NUM}\s*(余|多)?\s*(?:人|口)(?!次)")),
    (
        "population",  # 现有居民3250户、8600人
        re.compile(rf"(?:现有|共有)(?:居民|农户|住户)\d+户[、，]\s*{_NUM}\s*(余|多)?\s*(?:人|口)(?!次)"),
    ),
    (
        "party_member_count",
        re.compile(rf"(?:党员|共产党员)(?:共|有|共有)?\s*{_NUM}\s*(余|多)?\s*(?:名|人)(?!干部|次)"),
    ),
    (
        "party_member_count",
        re.compile(rf"(?:^|[，、；：]|现有|共有|有){_NUM}\s*(余|多)?\s*名(?:正式)?党员(?!干部)"),
    ),
)


def find_facts(sentences: list[str]) -> list[Fact]:
    """The first fact of each field, in reading order."""
    found: dict[str, Fact] = {}
    for sentence in sentences:
        for fact in _facts_in(sentence):
            found.setdefault(fact.field, fact)
    return list(found.values())


def _facts_in(written: str) -> list[Fact]:
    """The facts of one sentence (full-width digits read as digits); each keeps the sentence as written."""
    facts = [replace(fact, source=written) for fact in _facts_of(written.translate(_FULLWIDTH_DIGITS))]
    return facts


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
# 其中 counts part of what came before ("其中女教师…"), except the unit's party members among its staff
_OWN_PART = re.compile(r"其中(?:共产)?党员")


def _facts_of(sentence: str) -> list[Fact]:
    facts: list[Fact] = []
    founded = _founded(sentence)
    if founded:
        facts.append(founded)
    for field, pattern in (("land_area_m2", _LAND), ("building_area_m2", _BUILDING)):
        match = pattern.search(sentence)
        if match and not match[2]:
            facts.append(_area(field, match, sentence))
    for field, pattern in _COUNTS:
        for match in pattern.finditer(sentence):
            groups = [g for g in match.groups()]
            value_text = next((g for g in groups if g and g not in ("余", "多")), None)
            rough = any(g in ("余", "多") for g in groups if g)
            clause = _clause_before(sentence, match.start())
            own_part = field == "party_member_count" and _OWN_PART.match(clause + match[0])
            not_own = (_NOT_OWN.search(clause + match[0]) and not own_part) or _WHOLE_AREA.search(
                sentence, 0, match.start()
            )
            if value_text is None or rough or not_own:
                continue
            try:
                value = number(value_text)
            except (ValueError, KeyError):
                continue
            if value != int(value) or value <= 0:
                continue
            unit = "户" if field == "household_count" else "个" if field == "class_count" else "人"
            if field == "party_member_count":
                unit = "名"
            facts.append(Fact(field, int(value), f"{int(value)}{unit}", sentence))
            break
    return facts


def _clause_before(sentence: str, position: int) -> str:
    start = max(sentence.rfind(mark, 0, position) for mark in "，；：、。")
    return sentence[start + 1 : position]


def _founded(sentence: str) -> Fact | None:
    for pattern in _FOUNDED:
        match = pattern.search(sentence)
        if not match:
            continue
        try:
            year = int(number(match[1]) if not match[1].isdigit() else match[1])
            month = int(number(match[2])) if match[2] else None
            day = int(number(match[3])) if match[3] and month else None
            value = PartialDate(year, month, day)
        except (ValueError, KeyError, PartialDateError):
            continue
        return Fact("founded", value, value.chinese(), sentence)
    return None


def _area(field: str, match: re.Match[str], sentence: str) -> Fact:
    amount = number(match[1])
    unit = match[3]
    shown = f"{match[1]}{unit}"
    if unit == "亩":
        square_metres = amount * MU_M2
        shown += f"（约 {square_metres:,.0f} 平方米）"
    elif unit == "公顷":
        square_metres = amount * 10000
        shown += f"（{square_metres:,.0f} 平方米）"
    elif unit == "万平方米":
        square_metres = amount * 10000
    else:
        square_metres = amount
    return Fact(field, round(square_metres, 1), shown, sentence)
