"""What a 表彰决定 says of those it commends: the units (先进集体) and the persons (先进个人) recorded under its
own 发文字号, each title with the verb its kind wants (DESIGN.md 6a).

命名东湖区第一小学等2家单位为“区级文明单位”，授予王丽等3名同志“优秀教师”称号 — the persons are those whose
honours the records hold under the decision's 文号 (a 获得者 of a unit), each with the unit they were of
(王丽（东湖区第一小学）), and no one else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from core.pinyin_keys import collation_key
from core.reports.prose import Award, TitleKind, award_clauses
from core.reports.sandbox import FieldMap
from core.reports.title_lines import broken_title
from core.text import name_key
from core.vocab import level_rank

ITEM = "项"  # a list item's name in a placeholder, as summary_context names them
PERSON_MEASURE = "名"
GROUP_MEASURE = "个"
# A 获得者 that names a person: two to four Chinese characters, or a name with a middle dot (阿依古丽·买买提);
# a longer one (驻望奎县工作组) is a group of the unit, never called 同志.
_PERSON_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+)$")


@dataclass(frozen=True)
class CommendedHolder:
    """A person (or a group of a unit) the decision commends, as the records hold them."""

    title: str  # plain title with its grade
    group: str  # the title's group key (summary_context._group_key)
    level: str
    holder: str  # the 获得者 as recorded
    unit: str  # the unit as named when the honour was awarded
    order: tuple[Any, ...]  # the unit's place in the unit list


def is_person(holder: str) -> bool:
    return bool(_PERSON_NAME.match(holder.strip()))


def holders_by_title(holders: Iterable[CommendedHolder]) -> list[dict[str, Any]]:
    """先进个人 by title (highest level first, then most persons), each person once per title with their unit,
    numbered 1..n: 称号, 级别, 数量, 量词, 获得者栏, 个人 (序号, 姓名, 单位, 名单项), 名单."""
    groups: dict[str, dict[tuple[str, str], CommendedHolder]] = {}
    for person in holders:
        groups.setdefault(person.group, {}).setdefault((person.unit, name_key(person.holder)), person)
    titles = []
    for members in groups.values():
        people = sorted(members.values(), key=lambda p: p.order)
        numbers = count(1)
        everyone_a_person = all(is_person(p.holder) for p in people)
        titles.append(
            FieldMap(
                {
                    "称号": people[0].title,
                    "级别": people[0].level,
                    "数量": len(people),
                    "量词": PERSON_MEASURE if everyone_a_person else GROUP_MEASURE,
                    "获得者栏": "姓名" if everyone_a_person else "获得者",
                    "个人": [
                        FieldMap(
                            {"序号": next(numbers), "姓名": p.holder, "单位": p.unit, "名单项": _listed(p)},
                            ITEM,
                        )
                        for p in people
                    ],
                    "名单": "、".join(_listed(p) for p in people),
                },
                ITEM,
            )
        )
    return sorted(titles, key=lambda t: (level_rank(t["级别"]), -t["数量"], *title_order(t["称号"])))


def title_order(title: str) -> tuple[str, str]:
    """Titles as many as each other are listed by pinyin (绿色学校 before 平安单位), as the unit list sorts
    names, in every list of a summary alike; grades and places by their number (特等奖, 一等奖, 二等奖, 三等奖;
    金奖 before 银奖; 第二名 before 第十名), never by the pinyin of the numeral."""
    return (collation_key(_GRADE.sub(_grade_number, title)), title)


_NUMERALS = "一二三四五六七八九"
_GRADE = re.compile(
    r"(特|[一二三四五六七八九十]+)(?=等[奖功])|(?<=第)([一二三四五六七八九十]+)(?=名)|([金银铜])(?=奖)"
)
_MEDALS = {"金": 1, "银": 2, "铜": 3}


def _grade_number(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "特":
        return "000"
    if text in _MEDALS:
        return f"{_MEDALS[text]:03d}"
    tens, _, units = text.rpartition("十")
    value = (_NUMERALS.index(tens) + 1 if tens else 1) * 10 if "十" in text else 0
    return f"{value + (_NUMERALS.index(units) + 1 if units else 0):03d}"


def _listed(person: CommendedHolder) -> str:
    """王丽（东湖区第一小学）"""
    return f"{person.holder}（{person.unit}）"


def _persons_phrase(title: dict[str, Any]) -> str:
    """王丽等3名同志; 王丽同志; 驻望奎县工作组等2个集体和个人 (not 同志: a group is not a person)."""
    people = title["个人"]
    first = people[0]["姓名"]
    persons = [is_person(p["姓名"]) for p in people]
    if len(people) == 1:
        return f"{first}同志" if persons[0] else first
    if all(persons):
        return f"{first}等{len(people)}名同志"
    return f"{first}等{len(people)}个{'集体' if not any(persons) else '集体和个人'}"


def _units_phrase(title: dict[str, Any]) -> str:
    """东湖区第一小学等20家单位, or the one unit."""
    first = title["单位"][0]["名称"]
    return f"{first}等{title['数量']}家单位" if title["数量"] > 1 else first


def _conferred(
    titles: list[dict[str, Any]], who: Callable[[dict[str, Any]], str], *, persons: bool = False
) -> list[str]:
    """命名甲为“区级文明单位”，授予乙“先进集体”称号，授予丙“环卫工作一等奖”，表彰在拔河比赛中取得第三名的丁，
    为戊记集体三等功 — the verb as the title's kind wants it (a 奖 or a 名次 is never a 称号). A person is never
    命名 (that is for units and places): 授予王丽同志“文明家庭”称号. Titles of one kind conferred on the same
    units are one clause: 授予甲“优秀等级区县”“教育强区”称号."""
    groups: dict[tuple[Any, ...], list[Award]] = {}
    whom: dict[tuple[Any, ...], str] = {}
    for title in titles:
        award = Award(title["称号"])
        kind = TitleKind.TITLE if award.kind is TitleKind.RATED else award.kind
        if kind is TitleKind.NAMED and persons:
            kind = TitleKind.TITLE
        members = tuple(
            m.get("名称") or m.get("名单项") for m in title.get("单位") or title.get("个人") or ()
        )
        kind = TitleKind.TITLE if kind is TitleKind.AWARD else kind  # 授予 both: 授予甲“乙”称号和“丙奖”
        key = (members, kind) if kind in _GROUPED_KINDS else (members, kind, award.full_name)
        groups.setdefault(key, []).append(award)
        whom.setdefault(key, who(title))
    return [_conferral(key[1], whom[key], awards) for key, awards in groups.items()]


_GROUPED_KINDS = (TitleKind.NAMED, TitleKind.TITLE)


def _conferral(kind: TitleKind, named: str, awards: list[Award]) -> str:
    """One clause of a decision's conferring: its verb by the titles' kind (授予 for 称号 and 奖 alike)."""
    phrase = _CONFERRALS.get(kind)
    return phrase(named, awards) if phrase else f"授予{named}{_titles_and_prizes(awards)}"


_CONFERRALS: dict[TitleKind, Callable[[str, list[Award]], str]] = {
    TitleKind.NAMED: lambda named, awards: f"命名{named}为{''.join(f'“{a.name}”' for a in awards)}",
    TitleKind.RANK: lambda named, awards: f"表彰{award_clauses(awards)[0]}的{named}",
    TitleKind.MERIT: lambda named, awards: f"为{named}记{awards[0].name}",
}


def _titles_and_prizes(awards: list[Award]) -> str:
    """“甲”“乙”称号和“丙奖”: the 称号 first, so that 称号 names them alone; a 奖 is never a 称号."""
    titles = "".join(f"“{a.name}”" for a in awards if a.kind is not TitleKind.AWARD)
    prizes = "".join(f"“{a.name}”" for a in awards if a.kind is TitleKind.AWARD)
    return f"{titles}称号" + (f"和{prizes}" if prizes else "") if titles else prizes


def commendation(unit_titles: list[dict[str, Any]], person_titles: list[dict[str, Any]]) -> str:
    """The decision's words for what its own 发文字号 confers: the units' titles, then the persons'."""
    persons = _conferred(person_titles, _persons_phrase, persons=True)
    return "，".join(_conferred(unit_titles, _units_phrase) + persons)


def commendation_of_holders(titles: list[dict[str, Any]]) -> str:
    """对获得“区级文明单位”称号的东湖区第一小学等20家单位、在拔河比赛中取得第三名的丙予以表彰 — for a decision
    whose honours are not recorded under its own 发文字号: the records say the units got the titles, not that
    this document conferred them, so it neither 命名 nor 授予 (a district never names a 省级 title). The titles
    of the same units are said once before them: 获得“优秀等级区县”称号和“进步最快奖”的成都市武侯区教育局."""
    held: dict[tuple[str, ...], list[Award]] = {}
    whom: dict[tuple[str, ...], str] = {}
    for title in titles:
        units = tuple(u["名称"] for u in title["单位"])
        held.setdefault(units, []).append(Award(title["称号"]))
        whom.setdefault(units, _units_phrase(title))
    holders = [f"{_what_was_won(awards)}的{whom[units]}" for units, awards in held.items()]
    return f"对{'、'.join(holders)}予以表彰" if holders else ""


def _what_was_won(awards: list[Award]) -> str:
    """获得“甲”“乙”称号和“丙奖”、在拔河比赛中取得第三名、记三等功: 称号 first, so that 称号 names them alone."""
    held = [a for a in awards if a.kind not in (TitleKind.RANK, TitleKind.MERIT)]
    parts = [f"获得{_titles_and_prizes(held)}"] if held else []
    for award in awards:
        if award.kind is TitleKind.RANK:
            parts.append(award_clauses([award])[0])
        elif award.kind is TitleKind.MERIT:
            parts.append(f"记{award.name}")
    return "、".join(parts)


def titles_commended(unit_titles: list[dict[str, Any]], person_titles: list[dict[str, Any]]) -> list[str]:
    """区级文明单位, 区级优秀教师: the decision's titles for its heading, each once."""
    return list(dict.fromkeys(t["称号"] for t in [*unit_titles, *person_titles]))


# A decision's title over more lines than this names its honourees by kind (先进集体和先进个人), as offices
# title a decision of many titles, instead of listing every title: 关于表彰2023年度先进集体和先进个人的决定.
MOST_TITLE_LINES = 3
UNITS_KIND = "先进集体"
PERSONS_KIND = "先进个人"
# … and, for a decision over the titles the records hold (not conferred under its own 发文字号), what the units
# are: 先进集体 is a title of its own, which the records do not say they hold.
HOLDERS_KIND = "获奖单位"


@dataclass(frozen=True)
class CommendedNames:
    """What the decision's title, its 附件说明 and its 附件 titles call what it commends, all alike."""

    all: list[str]  # the title's and, with one 附件, its 附件's
    units: list[str]  # 附件1's, when there are units and persons
    persons: list[str]  # 附件2's


def commended_names(
    period: str,
    unit_titles: list[dict[str, Any]],
    person_titles: list[dict[str, Any]],
    *,
    conferred: bool = True,
) -> CommendedNames:
    """The titles, each once; or, where the decision's title would run past MOST_TITLE_LINES lines listing
    them (a decision over every new title of a city: sixty titles, a title of two pages and a 附件说明 of
    twenty lines), 先进集体 / 先进个人 instead — or 获奖单位 when the decision does not confer the titles
    itself (conferred False: they are the titles the records hold, under whatever 文号)."""
    units = titles_commended(unit_titles, [])
    persons = [t for t in titles_commended([], person_titles) if t not in units]
    everything = [*units, *persons]
    if everything and headed(f"关于表彰{period}", everything, "的决定").count("\n") >= MOST_TITLE_LINES:
        units = [UNITS_KIND if conferred else HOLDERS_KIND] if unit_titles else []
        persons = [PERSONS_KIND] if person_titles else []
        return CommendedNames(["和".join([*units, *persons])], units, persons)
    return CommendedNames(everything, units, titles_commended([], person_titles))


def headed(before: str, names: Sequence[str], after: str) -> str:
    """关于表彰2022年至2024年 / 区级文明单位、区级优秀教师的决定: a title over its titles, broken between them
    where it needs two lines (title_lines)."""
    listed = [f"{name}、" for name in names[:-1]] + [f"{names[-1]}{after}"] if names else [after]
    return broken_title([before, *listed])
