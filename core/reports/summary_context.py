"""The Chinese fields of a summary: one document over many units (全区文明创建工作情况汇报, 获奖单位名单, 表彰决定).

The same truth rules as a unit's report (DESIGN.md 6a), applied to every unit at once:

- only the units' own honours count: one with a 获得者 is a person's and is never counted as a unit's;
- an honour without a year is never counted, nor placed in a period, a year or a sentence that names one;
- an honour outside the period is never new in it; 已撤销 is never held (revoked titles are listed as such),
  unless its notes date the 撤销 after the 成文日期 (then it was held as far as the summary's date knows);
- a title counts units, not awards: a unit holding 市级文明单位 from 2018 and again from 2021 is one 家;
- every count equals the length of the list it stands beside.

"现有" (held) means awarded by the end of the period, not revoked and not lapsed: a title whose term (its valid_until,
or its award plus the title's 复查周期) ended before the end of the period — or before the 成文日期, when that
comes first — with no 复查 recorded (复查合格 moves valid_until on) is no longer held as far as the records
say; it is listed under 复查 as 已过期、未见复查记录 instead. "新获" awarded inside the period;
"此前已有" awarded before it. An award dated after the summary's 成文日期 counts nowhere (a summary signed
2024年6月30日 cannot know of a 2024年12月 title). Titles are grouped under plain_title (2021年度市级文明单位 is 市级文明单位).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import count
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import former_names
from core.decisions.terms import REVOKED, DueReview, Terms, reviews_due, revoked_by, term_end
from core.decisions.titles import (
    is_civilisation_title,
    names_its_level,
    plain_title,
    title_family,
    title_group,
)
from core.holders import collective
from core.models import Honour, Unit
from core.partial_date import PartialDate
from core.pinyin_keys import collation_key
from core.reports import summary_regions
from core.reports.commendation import (
    CommendedHolder,
    CommendedNames,
    commendation,
    commendation_of_holders,
    commended_names,
    headed,
    holders_by_title,
    title_order,
    titles_commended,
)
from core.reports.context import Period
from core.reports.prose import Award, chinese_date
from core.reports.sandbox import FieldMap
from core.vocab import LEVELS, UNCATEGORISED, UNIT_CATEGORIES, UNLEVELLED, level_rank

# How a category is counted: 学校18所、机关9个、企业5家 (the seeds' words).
MEASURES = {"学校": "所", "幼儿园": "所", "机关": "个", "村": "个", "社区": "个"}
TITLE_MEASURE = "家"
OFFICE_PLACEHOLDER = "（此处请补充：发文机关）"
NUMBER_PLACEHOLDER = "（此处请补充：发文字号）"
TITLES_PLACEHOLDER = "（此处请补充：表彰的称号）"  # no title to commend: never “关于表彰2024年的决定”
# Joint issuers (联合行文) as a clerk enters them: 中共东湖区委员会 东湖区人民政府, 区委、区政府, 区委和区政府.
# 和 parts two organs only after an organ's ending: 住房和城乡建设局 and 发展和改革委员会 are one organ each.
_ORGAN_SEPARATORS = re.compile(r"[\s\u3000、，,；;／/]+")
_ORGAN_AND = re.compile(r"(?<=[会府室委局办部厅院联团所处组])和(?=\w{2})")
_REVOKED_NOTE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?[^\n]*撤销")
CIVILISATION_CATEGORY = "文明创建"
PENDING = "待复查"  # an honour's status: held, awaiting its 复查
DUE_FIELDS = frozenset({"待复查", "待复查数量", "待复查按称号", "表述"})  # the fields that need the 复查 due
ITEM = "项"  # what a list's item is called (engine.ITEM_NAMES): 荣誉按级别's are 级, 荣誉按年度's 年


def _item(values: dict[str, Any]) -> FieldMap:
    """A list's item as the template sees it, named as engine.wrap_fields() names it: built so, the
    fields are not copied once more for the template (a summary over 10,000 units holds hundreds of MB)."""
    return FieldMap(values, ITEM)


def measure(category: str | None) -> str:
    return MEASURES.get(category or "", "家")


@dataclass(frozen=True)
class SummaryScope:
    """Which units a summary speaks for, and how it names them: 全区, 全区学校, 东湖区."""

    unit_ids: Sequence[int]
    subject: str = "全区"  # 主语 of the ready-made sentences
    description: str = "全部单位"  # what the user chose, for the pre-flight view and the file name
    region: str | None = None  # a region's summary: honours count where they were awarded (summary_regions)


@dataclass(frozen=True)
class _Unit:
    id: int
    name: str
    short_name: str | None
    category: str
    region: str
    sort_key: str  # pinyin: names in the order the unit list shows them
    former: tuple[former_names.FormerName, ...] = ()  # 曾用名: awards before a rename name the unit so
    former_regions: tuple[former_names.FormerName, ...] = ()  # 原属地区 (区划调整)
    elsewhere: str = ""  # （现属西湖区）: a region's summary names a unit that has left it so


@dataclass(frozen=True)
class _Award:
    unit: _Unit
    title: str  # plain title with its grade (全市环卫工作一等奖): the group's name
    group: str
    level: str
    year: int | None
    awarded: PartialDate | None
    awarded_by: str
    document_no: str
    honour_category: str
    personal: bool
    revoked: bool
    pending: bool  # its status says 待复查
    notes: str
    id: int
    valid_until: dt.date | None = None
    event_here: bool = True  # a region's summary: counts as awarded in it (新获, 此前: summary_regions)
    held_here: bool = True  # counts as held in it at the period's end (现有, 过期, 复查)
    holder: str = ""  # the 获得者 of a person's honour

    @property
    def named(self) -> str:
        """The unit as a list of awards names it: by its name when it received this one."""
        return former_names.named_then(self.unit.name, self.unit.former, self.awarded) + self.unit.elsewhere


def issuing_organs(office: str) -> list[str]:
    """The organs of a 发文机关 as entered, the host organ first (GB/T 9704 7.2.1): one for a single issuer."""
    parts = (_ORGAN_AND.split(part) for part in _ORGAN_SEPARATORS.split(office.strip()))
    return list(dict.fromkeys(organ for group in parts for organ in group if organ))


def summary_context(
    session: Session,
    scope: SummaryScope,
    period: Period,
    written_on: dt.date,
    today: dt.date | None = None,
    *,
    wanted: Collection[str] | None = None,
    **issuer: Any,
) -> dict[str, Any]:
    """The fields of a summary over the scope's units (live ones only) for the period; issuer: office,
    document_no, letterhead (summary_fields_of()); wanted: the fields to compute (None: all; a summary over
    thousands of units holds only what its template names)."""
    return summary_fields_of(session, scope, period, written_on, today, wanted=wanted, **issuer).context(
        wanted
    )


class SummaryFields:
    """The fields of one summary, each computed when it is first asked for and kept: the pre-flight and the
    document read the same values (what the pre-flight counts is what the document states), and a field
    both read is built once."""

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        self._makers = makers
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def context(self, wanted: Collection[str] | None = None) -> dict[str, Any]:
        """The fields named (None: all of them), in the order the summary declares them."""
        return {name: self[name] for name in self._makers if wanted is None or name in wanted}


def summary_fields_of(
    session: Session,
    scope: SummaryScope,
    period: Period,
    written_on: dt.date,
    today: dt.date | None = None,
    *,
    office: str = "",
    document_no: str = "",
    letterhead: bool = False,
    wanted: Collection[str] | None = None,
) -> SummaryFields:
    """The summary's fields, each computed when first read; the records are read now (the session may
    close). office: the issuing body (发文机关, the 落款); document_no: the 发文字号; letterhead: the red 版头
    of GB/T 9704 (表彰决定); wanted: the fields that will be read (None: any; the titles due for 复查 are
    read only for DUE_FIELDS)."""
    units = _units(session, scope.unit_ids)
    awards = _awards(session, units)
    due_read = wanted is None or bool(DUE_FIELDS & set(wanted))
    reviews = _reviews(session, units, written_on) if due_read else []
    region_note = ("", "", "")
    if scope.region:  # the titles due are those the region counts: of its awards at their date
        everyone = units
        units, awards, region_note = _of_region(scope.region, units, awards, period, written_on)
        held = {a.id for a in awards if a.held_here}
        units_named = {**everyone, **{a.unit.id: a.unit for a in awards}}
        reviews = [r for r in reviews if r.honour_id in held]
        due = [_due_fields(d, units_named, written_on) for d in reviews]
    else:
        due = [_due_fields(d, units, written_on) for d in reviews]
    return build_summary(
        units,
        awards,
        scope,
        period,
        written_on,
        today or dt.date.today(),
        due,
        terms=Terms.load(session),
        office=office,
        document_no=document_no,
        letterhead=letterhead,
        region_note=region_note,
    )


def _of_region(
    region: str, units: dict[int, _Unit], awards: list[_Award], period: Period, written_on: dt.date
) -> tuple[dict[int, _Unit], list[_Award], tuple[str, str, str]]:
    """The units now in the region, the awards that count for it (each marked for events, for titles held
    at the period's end; the units that have left it named so), and the note saying the rule changed a
    count (summary_regions): an award the summary's date cannot know of counts in none of its figures,
    and one revoked by then in none of a list of awards'."""
    holders = [(u.id, u.region, u.former_regions) for u in units.values()]
    end = PartialDate(period.last_year, 12, 31)
    counted = [_counted(a, period) and _known_by(a, written_on, "") for a in awards]
    regional = summary_regions.place(
        region, holders, [(a.unit.id, a.awarded, c) for a, c in zip(awards, counted, strict=True)], end
    )
    listed = summary_regions.place(  # a list of awards counts no revoked title
        region,
        holders,
        [
            (a.unit.id, a.awarded, c and not (a.revoked and revoked_by(REVOKED, a.notes, written_on)))
            for a, c in zip(awards, counted, strict=True)
        ],
        end,
    )
    moved = {
        unit_id: replace(unit, elsewhere=summary_regions.now_elsewhere(region, unit.region))
        for unit_id, unit in units.items()
        if unit_id not in regional.members
    }
    kept = []
    for placed in regional.placed:
        award = awards[placed.index]
        kept.append(
            replace(
                award,
                unit=moved.get(award.unit.id, award.unit),
                event_here=placed.event,
                held_here=placed.held,
            )
        )
    members = {unit_id: unit for unit_id, unit in units.items() if unit_id in regional.members}
    civil = summary_regions.place(  # the same rule over 文明创建 titles alone: the district report's figures
        region,
        holders,
        [(a.unit.id, a.awarded, c and _civil(a)) for a, c in zip(awards, counted, strict=True)],
        end,
    )
    return members, kept, (regional.note, listed.award_note, civil.note)


def _civil(award: _Award) -> bool:
    """A 文明创建 title: its name says so (文明单位, not 文明奖), or its honour category is 文明创建."""
    return is_civilisation_title(award.title) or award.honour_category == CIVILISATION_CATEGORY


def _counted(award: _Award, period: Period) -> bool:
    """Whether an award can enter a figure of a summary over the period (dated, collective, by its end)."""
    return not award.personal and award.year is not None and award.year <= period.last_year


def build_summary(
    units: dict[int, _Unit],
    awards: list[_Award],
    scope: SummaryScope,
    period: Period,
    written_on: dt.date,
    today: dt.date,
    due: list[dict[str, Any]],
    *,
    terms: Terms | None = None,
    office: str = "",
    document_no: str = "",
    letterhead: bool = False,
    region_note: tuple[str, str, str] = ("", "", ""),
) -> SummaryFields:
    """The summary's fields, each computed when first read. region_note: what a region's summary says of
    honours counted where they were awarded (a report's, a list of awards', a report's over 文明创建 titles
    alone). terms: the 复查周期 by which a title held lapses (None: no title lapses, as in a template's trial)."""
    subject = scope.subject
    awards = [_as_of(a, written_on) for a in awards if _known_by(a, written_on, document_no)]
    counted = [a for a in awards if not a.personal and not a.revoked and a.year is not None]
    new = [a for a in counted if a.event_here and _within(period, a.year)]
    before = [a for a in counted if a.event_here and a.year < period.first_year]
    holding = [a for a in awards if a.held_here]
    lost = _lost_titles([a for a in holding if a.year is None or a.year <= period.last_year])
    lapsed = lapsed_titles(holding, terms, period, written_on) - lost if terms else frozenset()
    until_end = [
        a for a in counted if a.held_here and a.year <= period.last_year and (a.group, a.unit.id) not in lost
    ]
    held_any = [a for a in until_end if (a.group, a.unit.id) not in lapsed]
    lower = _outranked(held_any, held_any)
    held = [a for a in held_any if (a.group, a.unit.id) not in lower]
    expired = [a for a in until_end if (a.group, a.unit.id) in lapsed]
    before_units = {(a.group, a.unit.id) for a in before}
    unit_list = sorted(units.values(), key=_unit_order)
    due = _with_pending(due, held)
    all_revoked = [a for a in awards if a.revoked and not a.personal and a.event_here]
    revoked = [a for a in all_revoked if _revoked_within(a, period, written_on)]
    undated = [a for a in awards if a.year is None and not a.personal and not a.revoked]
    personal = [
        a for a in awards if a.personal and not a.revoked and a.event_here and _within(period, a.year)
    ]
    people = _commended_people(awards, document_no)
    commended, by_number = _commended(new, counted, document_no, bool(people))

    # The groupings hold a dict per holder: computed once, and only for the fields asked for.
    @cache
    def by_title() -> list[dict[str, Any]]:
        return _by_title(new, before_units)

    @cache
    def held_titles() -> list[dict[str, Any]]:
        return _by_title(held, set())

    @cache
    def civil_new() -> list[dict[str, Any]]:
        return [t for t in by_title() if t["文明创建"]]

    @cache
    def civil_held() -> list[dict[str, Any]]:
        return [t for t in held_titles() if t["文明创建"]]

    @cache
    def expired_titles() -> list[dict[str, Any]]:
        outranked = _outranked(expired, held)
        return _by_title([a for a in expired if (a.group, a.unit.id) not in outranked], set())

    @cache
    def civil_expired() -> list[dict[str, Any]]:
        return [t for t in expired_titles() if t["文明创建"]]

    @cache
    def commended_titles() -> list[dict[str, Any]]:
        return _by_title(commended, before_units) if by_number else by_title()

    @cache
    def commended_people() -> list[dict[str, Any]]:
        return holders_by_title(_holder(a) for a in people)

    @cache
    def categories() -> list[dict[str, Any]]:
        return _by_category(unit_list)

    def names() -> list[str]:
        return titles_commended(commended_titles(), commended_people())

    @cache
    def named() -> CommendedNames:
        return commended_names(
            period.chinese(), commended_titles(), commended_people(), conferred=bool(by_number)
        )

    def sentences() -> FieldMap:
        return FieldMap(
            {
                **_sentences(subject, period, unit_list, categories(), by_title(), civil_new(), due),
                **_highest_level_notes(subject, held_titles(), civil_held(), held_any, lower),
                "过期文明创建": _expired_sentence(subject, civil_expired(), bool(civil_held())),
                "期间文明创建即现有": _new_as_held(subject, period, civil_new(), civil_held()),
                "未注明时间文明创建": _undated_sentence(
                    subject, [a for a in undated if a.unit.id in units and _civil(a)], bool(civil_held() or civil_expired())
                ),
                "表彰称号": "、".join(named().all) or TITLES_PLACEHOLDER,
                "表彰决定标题": headed(f"关于表彰{period.chinese()}", named().all or [TITLES_PLACEHOLDER], "的决定"),
                "表彰名单标题": headed(period.chinese(), named().all or [TITLES_PLACEHOLDER], "名单"),
                "表彰集体称号": "、".join(named().units),
                "表彰集体名单标题": headed(period.chinese(), named().units, "名单") if named().units else "",
                "表彰个人称号": "、".join(named().persons),
                "表彰个人名单标题": headed(period.chinese(), named().persons, "名单") if named().persons else "",
                "表彰决定": commendation(commended_titles(), commended_people())
                if by_number
                else commendation_of_holders(by_title()),
                "待复查名单": "、".join(f"{d['单位']}（{d['称号']}，{_due_note(d)}）" for d in due),
                "已撤销": "、".join(f"{a.named}（{a.title}）" for a in sorted(revoked, key=_award_order)),
                "区划说明": region_note[0],
                "名单区划说明": region_note[1],
                "文明创建区划说明": region_note[2],
            },
            "表述",
        )  # fmt: skip

    fields: dict[str, Callable[[], Any]] = {
        "范围": lambda: subject,
        "范围说明": lambda: scope.description,
        "单位": lambda: [_unit_fields(u) for u in unit_list],
        "单位数量": lambda: len(unit_list),
        "单位按类别": categories,
        "单位按地区": lambda: _by_region(unit_list),
        "荣誉": lambda: [_award_fields(a) for a in sorted(new, key=_award_order)],
        "荣誉数量": lambda: len(new),
        "获奖单位数量": lambda: len({a.unit.id for a in new}),
        "荣誉按级别": lambda: _by_level(by_title(), "级"),
        "荣誉按称号": by_title,
        "荣誉按年度": lambda: _by_year(new),
        "现有称号": held_titles,
        "现有按级别": lambda: _by_level(held_titles()),
        "现有较低级别称号": lambda: _by_title([a for a in held_any if (a.group, a.unit.id) in lower], set()),
        "过期称号": expired_titles,
        "过期文明创建称号": civil_expired,
        "此前称号": lambda: _by_title(before, set()),
        "文明创建称号": civil_new,
        "文明创建按级别": lambda: _by_level(civil_new()),
        "现有文明创建称号": civil_held,
        "现有文明创建按级别": lambda: _by_level(civil_held()),
        "表彰按称号": commended_titles,
        "表彰按文号": lambda: by_number,
        "表彰个人按称号": commended_people,
        "表彰个人数量": lambda: sum(t["数量"] for t in commended_people()),
        "待复查": lambda: due,
        "待复查数量": lambda: len(due),
        "待复查按称号": lambda: _due_by_title(due),
        "已撤销": lambda: [_award_fields(a) for a in sorted(revoked, key=_award_order)],
        "已撤销数量": lambda: len(revoked),
        "全部已撤销数量": lambda: len(all_revoked),
        "未注明时间的荣誉": lambda: [_award_fields(a) for a in sorted(undated, key=_award_order)],
        "个人荣誉": lambda: [_award_fields(a) for a in sorted(personal, key=_award_order)],
        "个人荣誉数量": lambda: len(personal),
        "表述": sentences,
        "版头": lambda: letterhead,
        "发文机关": lambda: "\n".join(issuing_organs(office)) or OFFICE_PLACEHOLDER,
        "发文机关列表": lambda: issuing_organs(office) or [OFFICE_PLACEHOLDER],
        "发文机关标志": lambda: (
            f"{' '.join(issuing_organs(office))}文件" if office.strip() else OFFICE_PLACEHOLDER
        ),
        "发文字号": lambda: document_no or NUMBER_PLACEHOLDER,
        "文档作者": lambda: office or subject,
        "期间": period.chinese,
        "起始年份": lambda: period.first_year,
        "截止年份": lambda: period.last_year,
        "现有截至": lambda: held_as_of(period, written_on),
        "成文日期": lambda: chinese_date(written_on),
        "今天": lambda: chinese_date(today),
    }
    return SummaryFields(fields)


def held_as_of(period: Period, written_on: dt.date) -> str:
    """The day 现有 speaks of: the period's last year (2024年), or the 成文日期 when the summary is signed
    before that year is out (2024年6月30日): a summary signed mid-year cannot say what is held at its end."""
    if written_on < dt.date(period.last_year, 12, 31):
        return chinese_date(written_on)
    return f"{period.last_year}年"


def _within(period: Period, year: int | None) -> bool:
    """A year inside the period; an unknown year never is."""
    return year is not None and period.first_year <= year <= period.last_year


def _known_by(award: _Award, written_on: dt.date, document_no: str) -> bool:
    """Whether the summary's date can know of the award: not awarded after it, unless this very document
    confers it (a 表彰决定 dated a few days before its honours were recorded still names them)."""
    if award.awarded is None or award.awarded.earliest() <= written_on:
        return True
    return same_document_number(award.document_no, document_no)


def _as_of(award: _Award, written_on: dt.date) -> _Award:
    """The award as the summary's date knows it: a title revoked after that date is still held then."""
    if award.revoked and not revoked_by(REVOKED, award.notes, written_on):
        return replace(award, revoked=False)
    return award


def same_document_number(recorded: str | None, own: str) -> bool:
    """Whether a recorded 文号 is the document's own 发文字号 (brackets of any kind, spaces aside)."""
    key = _number_key(own)
    return bool(key) and _number_key(recorded or "") == key


def _commended(
    new: list[_Award], counted: list[_Award], document_no: str, people: bool
) -> tuple[list[_Award], bool]:
    """What a 表彰决定 commends of the units: the honours recorded under its own 发文字号 when there are any,
    units' or persons' (a district's decision never names the 省级 and 全国 titles its units got from
    others), whatever year they are recorded in (a decision of 2025年1月 names the 2024年度 titles: the clerk
    picks 2024 as its period), else everything new in the period."""
    key = _number_key(document_no)
    own = [a for a in counted if key and _number_key(a.document_no) == key]
    return (own, True) if own or people else (new, False)


def _commended_people(awards: list[_Award], document_no: str) -> list[_Award]:
    """The persons' honours recorded under the decision's own 发文字号 (not revoked as of its date): its
    先进个人, whatever year they are recorded in. None without a 发文字号."""
    key = _number_key(document_no)
    if not key:
        return []
    return [
        a for a in awards if a.personal and a.holder and not a.revoked and _number_key(a.document_no) == key
    ]


def _holder(award: _Award) -> CommendedHolder:
    return CommendedHolder(
        award.title, award.group, award.level, award.holder, award.named, (*_unit_order(award.unit), award.id)
    )


def _number_key(number: str) -> str:
    """东文明委〔2025〕3号 as 东文明委[2025]3号 (brackets of any kind, spaces) for comparing 文号."""
    return re.sub(r"\s+", "", number).translate(_NUMBER_BRACKETS)


_NUMBER_BRACKETS = str.maketrans({c: "[" for c in "〔［【(（"} | {c: "]" for c in "〕］】)）"})


def _lost_titles(awards: list[_Award]) -> set[tuple[str, int]]:
    """(title group, unit) whose latest collective award is revoked: 复查 revokes the latest award of a title,
    and the unit holds that title no more, whatever older awards of it say. The caller passes the awards up
    to the period's end: one awarded again later does not make the title held at the end of the period."""
    latest: dict[tuple[str, int], _Award] = {}
    for award in awards:
        if award.personal:
            continue
        key = (award.group, award.unit.id)
        if key not in latest or _recency(award) > _recency(latest[key]):
            latest[key] = award
    return {key for key, award in latest.items() if award.revoked}


def lapsed_titles(
    awards: list[_Award], terms: Terms, period: Period, written_on: dt.date
) -> frozenset[tuple[str, int]]:
    """Of the awards the summary's date knows of: (title group, unit) whose latest collective award up to the period's end ran out of its term (its
    valid_until, else its award plus the title's 复查周期) before the period's end — or before the 成文日期,
    when that comes first — with no 复查 recorded: a 复查合格 moves valid_until on, so the records do not say
    the unit still holds it. An award without a year or a term never lapses."""
    cutoff = min(dt.date(period.last_year, 12, 31), written_on)
    latest: dict[tuple[str, int], _Award] = {}
    for award in awards:
        if award.personal or (award.year or 0) > period.last_year:
            continue
        key = (award.group, award.unit.id)
        if key not in latest or _recency(award) > _recency(latest[key]):
            latest[key] = award
    ends = {key: _term_end(award, terms) for key, award in latest.items()}
    return frozenset(key for key, end in ends.items() if end is not None and end < cutoff)


def _outranked(awards: list[_Award], held: list[_Award]) -> set[tuple[str, int]]:
    """(title group, unit) of the awards whose unit holds the same title at a higher level (市级文明村镇 beside
    省级文明村镇, title_family): the office counts each unit once per title, at its highest level, so that the
    levels' figures add up to the units holding the title."""
    best: dict[tuple[str, int], int] = {}
    for award in held:
        key = (title_family(award.title), award.unit.id)
        best[key] = min(best.get(key, len(LEVELS) + 1), level_rank(award.level))
    own: dict[tuple[str, int], tuple[str, int]] = {}
    for award in awards:
        key = (award.group, award.unit.id)
        rank = min(own[key][1], level_rank(award.level)) if key in own else level_rank(award.level)
        own[key] = (title_family(award.title), rank)
    return {
        (group, unit)
        for (group, unit), (family, rank) in own.items()
        if best.get((family, unit), rank) < rank
    }


def _term_end(award: _Award, terms: Terms) -> dt.date | None:
    if award.valid_until is not None:
        return award.valid_until
    years = terms.years_for(award.title)
    return term_end(award.awarded, years)[0] if years and award.awarded else None


def _recency(award: _Award) -> tuple[bool, int, int, int, int]:
    when = award.awarded
    return (
        when is not None,
        when.year if when else 0,
        (when and when.month) or 0,
        (when and when.day) or 0,
        award.id,
    )


def _revoked_within(award: _Award, period: Period, written_on: dt.date) -> bool:
    """Whether the notes record the title revoked inside the period and by the summary's date (记录复查结果
    writes 2024年12月5日复查未通过，撤销称号: a summary signed 2024年6月30日 does not report it)."""
    found = _REVOKED_NOTE.search(award.notes)
    if not found:
        return False
    year = int(found[1])
    try:
        on = PartialDate(year, *(int(part) if part else None for part in found.groups()[1:]))
    except ValueError:  # 2024年13月…: the year alone
        return _within(period, year) and year <= written_on.year
    return _within(period, year) and on.earliest() <= written_on


# -- reading --------------------------------------------------------------------------------------


def _units(session: Session, unit_ids: Sequence[int]) -> dict[int, _Unit]:
    found: dict[int, _Unit] = {}
    ids = list(dict.fromkeys(unit_ids))
    for start in range(0, len(ids), 500):
        query = select(
            Unit.id,
            Unit.name,
            Unit.short_name,
            Unit.category,
            Unit.region,
            Unit.pinyin_full,
            Unit.former_names,
            Unit.former_regions,
        ).where(Unit.id.in_(ids[start : start + 500]), Unit.deleted_at.is_(None))
        for unit_id, name, short, category, region, pinyin, former, regions in session.execute(query):
            found[unit_id] = _Unit(
                unit_id,
                name,
                short,
                category or UNCATEGORISED,
                region or "",
                pinyin or name,
                tuple(former_names.entries(former)),
                tuple(former_names.entries(regions)),
            )
    return found


def _awards(session: Session, units: dict[int, _Unit]) -> list[_Award]:
    ids = list(units)
    awards: list[_Award] = []
    for start in range(0, len(ids), 500):
        query = select(Honour).where(
            Honour.unit_id.in_(ids[start : start + 500]), Honour.deleted_at.is_(None)
        )
        awards += [_award(h, units[h.unit_id]) for h in session.scalars(query)]
    return awards


def _award(h: Honour, unit: _Unit) -> _Award:
    name = Award(h.title.strip(), grade=(h.grade or "").strip()).full_name  # 全市环卫工作 + 一等奖
    return _Award(
        unit=unit,
        title=plain_title(name),
        group=_group_key(name, h.level or UNLEVELLED),
        level=h.level or UNLEVELLED,
        year=h.awarded_year,
        awarded=h.awarded,
        awarded_by=h.awarded_by or "",
        document_no=h.document_no or "",
        honour_category=h.category or "",
        personal=not collective(h.recipient, unit.name, unit.short_name),
        revoked=h.status == REVOKED,
        pending=h.status == PENDING,
        notes=(h.notes or "").strip().splitlines()[-1] if (h.notes or "").strip() else "",
        id=h.id,
        valid_until=h.valid_until,
        holder=(h.recipient or "").strip(),
    )


def _group_key(name: str, level: str) -> str:
    """The key of a title's group: 文明单位 recorded at 省级 for one unit and at 市级 for another is two
    titles (a list by level must not put the 市级 one under 省级); 2021年度市级文明单位 and 市级文明单位 are one."""
    group = title_group(name)
    return group if names_its_level(name) else f"{group}|{level}"


def summary_of_records(
    records: Sequence[Unit], honours: Sequence[Honour], period: Period, written_on: dt.date, **options: Any
) -> dict[str, Any]:
    """The fields of a summary over units and honours that are not stored (ids set): a summary template's
    trial (trial.py). Every title the period holds is also listed as due for 复查, so that the template's
    复查 part is tried too."""
    units = {
        u.id: _Unit(
            u.id,
            u.name,
            u.short_name,
            u.category or UNCATEGORISED,
            u.region or "",
            u.name,
            tuple(former_names.entries(u.former_names)),
            tuple(former_names.entries(u.former_regions)),
        )
        for u in records
    }
    awards = [_award(h, units[h.unit_id]) for h in honours]
    due = [
        _item(
            {"单位": a.unit.name, "类别": a.unit.category, "称号": a.title, "级别": a.level}
            | {"到期": f"{period.last_year}年12月31日", "已过期": False}
        )
        for a in awards
        if a.year is not None and not a.personal
    ]
    scope = SummaryScope(list(units))
    return build_summary(units, awards, scope, period, written_on, written_on, due, **options).context()


def _reviews(session: Session, units: dict[int, _Unit], written_on: dt.date) -> list[DueReview]:
    """Titles of the units due for 复查 on the 成文日期: their term's last day has come by then. One whose
    term ends later (even within the period or the writing year) is not yet 到期 on the day the summary
    is signed, and is still held."""
    due = reviews_due(session, today=written_on, within_days=0, unit_ids=list(units), known_by=written_on)
    return sorted(due, key=lambda d: (level_rank(d.level), d.due, *_unit_order(units[d.unit_id])))


def _due_fields(review: DueReview, units: dict[int, _Unit], written_on: dt.date) -> dict[str, Any]:
    return _item(
        {
            "单位": units[review.unit_id].name + units[review.unit_id].elsewhere,
            "类别": units[review.unit_id].category,
            "称号": plain_title(review.title),
            "级别": review.level or UNLEVELLED,
            "到期": review.due_text,
            "已过期": review.due < written_on,
        }
    )


# -- grouping -------------------------------------------------------------------------------------


def _unit_order(unit: _Unit) -> tuple[int, str, str]:
    return (_category_rank(unit.category), unit.sort_key, unit.name)


def _category_rank(category: str) -> int:
    return UNIT_CATEGORIES.index(category) if category in UNIT_CATEGORIES else len(UNIT_CATEGORIES)


def _award_order(award: _Award) -> tuple[Any, ...]:
    return (level_rank(award.level), -(award.year or 0), *title_order(award.title), *_unit_order(award.unit))


def _unit_fields(unit: _Unit, **extra: Any) -> dict[str, Any]:
    return _item(
        {
            "名称": unit.name,
            "简称": unit.short_name or "",
            "类别": unit.category,
            "地区": unit.region,
            **extra,
        }
    )


def _award_fields(award: _Award) -> dict[str, Any]:
    return _item(
        {
            "单位": award.named,
            "类别": award.unit.category,
            "称号": award.title,
            "级别": award.level,
            "年份": award.year or "",
            "日期": award.awarded.chinese() if award.awarded else "",
            "授予单位": award.awarded_by,
            "文号": award.document_no,
            "说明": award.notes,
        }
    )


def _category_groups(
    units: Iterable[_Unit], render: Callable[[_Unit], dict[str, Any]] = _unit_fields
) -> list[dict[str, Any]]:
    """Units by category (vocabulary order, then by name), each group counted with its measure word."""
    groups: dict[str, list[_Unit]] = {}
    for unit in sorted(units, key=_unit_order):
        groups.setdefault(unit.category, []).append(unit)
    return [
        _item(
            {
                "类别": category,
                "数量": len(members),
                "量词": measure(category),
                "表述": f"{category}{len(members)}{measure(category)}",
                "单位": [render(u) for u in members],
                "单位名单": "、".join(u.name for u in members),
            }
        )
        for category, members in groups.items()
    ]


def _by_category(units: list[_Unit]) -> list[dict[str, Any]]:
    return _category_groups(units)


def _by_region(units: list[_Unit]) -> list[dict[str, Any]]:
    groups: dict[str, list[_Unit]] = {}
    for unit in units:
        groups.setdefault(unit.region or "未填地区", []).append(unit)
    return [
        _item({"地区": region, "数量": len(members), "单位": [_unit_fields(u) for u in members]})
        for region, members in sorted(
            groups.items(), key=lambda item: (item[0] == "未填地区", collation_key(item[0]), item[0])
        )
    ]


def _by_title(awards: list[_Award], held_before: set[tuple[str, int]]) -> list[dict[str, Any]]:
    """Titles, highest level first then most units, each with the units holding it (once each)."""
    groups: dict[str, list[_Award]] = {}
    for award in awards:
        groups.setdefault(award.group, []).append(award)
    titles = []
    for group, members in groups.items():
        by_unit: dict[int, list[_Award]] = {}
        for award in sorted(members, key=lambda a: (a.year or 0, a.id)):
            by_unit.setdefault(award.unit.id, []).append(award)
        holders = sorted((a[-1] for a in by_unit.values()), key=lambda a: _unit_order(a.unit))
        level = _main_level(members)
        categories = _category_groups(a.unit for a in holders)
        numbered = _numbered(holders, by_unit)
        kept = [a.unit.name for a in holders if (group, a.unit.id) in held_before]
        titles.append(
            _item(
                {
                    "称号": _common_title(members),
                    "级别": level,
                    "数量": len(holders),
                    "量词": TITLE_MEASURE,
                    "荣誉数量": len(members),
                    "单位": [_holder_fields(a, by_unit[a.unit.id]) for a in holders],
                    "单位名单": "、".join(a.named for a in holders),
                    "按类别": numbered,
                    "类别表述": _category_clause(categories),
                    "新增单位数量": len(holders) - len(kept),
                    "此前已有单位": kept,
                    "文明创建": any(_civil(a) for a in members),
                }
            )
        )
    _name_levels(titles)
    return sorted(titles, key=lambda t: (level_rank(t["级别"]), -t["数量"], *title_order(t["称号"])))


def _name_levels(titles: list[dict[str, Any]]) -> None:
    """文明单位 at two levels: each is named with its level (省级文明单位, 市级文明单位), or the list would name
    one title twice with two counts."""
    names: dict[str, int] = {}
    for title in titles:
        names[title["称号"]] = names.get(title["称号"], 0) + 1
    for title in titles:
        if names[title["称号"]] > 1 and title["级别"] != UNLEVELLED:
            title["称号"] = f"{title['级别']}{title['称号']}"


def _holder_fields(award: _Award, awards: list[_Award], number: int | None = None) -> dict[str, Any]:
    """A unit under a title: 年份, 日期 and 文号 of its latest award, 时间 every year it was awarded the title
    (2022年、2024年: a name list leaves out none of its awards)."""
    years = dict.fromkeys(a.year for a in awards if a.year is not None)
    fields = _unit_fields(
        award.unit,
        名称=award.named,
        年份=award.year or "",
        时间="、".join(f"{year}年" for year in years),
        次数=len(awards),
        日期=award.awarded.chinese() if award.awarded else "",
        授予单位=award.awarded_by,
        文号=award.document_no,
    )
    if number is not None:
        fields["序号"] = number
    return fields


def _numbered(holders: list[_Award], by_unit: dict[int, list[_Award]]) -> list[dict[str, Any]]:
    """A title's holders by category, numbered 1, 2, 3 … across the groups (a 附件's 序号)."""
    numbers = count(1)
    return _category_groups(
        (a.unit for a in holders),
        lambda unit: _holder_fields(by_unit[unit.id][-1], by_unit[unit.id], next(numbers)),
    )


def _main_level(awards: list[_Award]) -> str:
    """The level most of a title's awards record (the highest on a tie)."""
    counts: dict[str, int] = {}
    for award in awards:
        counts[award.level] = counts.get(award.level, 0) + 1
    return min(counts, key=lambda level: (-counts[level], level_rank(level)))


def _common_title(awards: list[_Award]) -> str:
    counts: dict[str, int] = {}
    for award in awards:
        counts[award.title] = counts.get(award.title, 0) + 1
    return min(counts, key=lambda title: (-counts[title], title))


def _by_level(titles: list[dict[str, Any]], item: str = ITEM) -> list[dict[str, Any]]:
    levels = [*LEVELS, UNLEVELLED]
    result = []
    for level in levels:
        members = [t for t in titles if t["级别"] == level]
        if not members:
            continue
        units = {u["名称"] for t in members for u in t["单位"]}
        result.append(
            FieldMap(
                {
                    "级别": level,
                    "称号": members,
                    "称号数量": len(members),
                    "单位数量": len(units),
                    # what the titles' lines add up to: a unit holding two titles counts twice
                    "项数": sum(t["数量"] for t in members),
                    "表述": "、".join(f"{t['称号']}{t['数量']}{TITLE_MEASURE}" for t in members),
                },
                item,
            )
        )
    return result


def _by_year(awards: list[_Award]) -> list[dict[str, Any]]:
    years: dict[int, list[_Award]] = {}
    for award in awards:
        years.setdefault(award.year, []).append(award)  # type: ignore[arg-type]
    return [
        FieldMap(
            {
                "年份": year,
                "数量": len(members),
                "单位数量": len({a.unit.id for a in members}),
                "称号": _by_title(members, set()),
            },
            "年",
        )
        for year, members in sorted(years.items())
    ]


# -- sentences ------------------------------------------------------------------------------------


def _category_clause(categories: list[dict[str, Any]]) -> str:
    """其中学校18所、机关9个 (nothing when every unit is of one category or none has one)."""
    known = [c for c in categories if c["类别"] != UNCATEGORISED]  # 未分类 is no category to name
    if len(categories) < 2 or not known:
        return ""
    return "其中" + "、".join(c["表述"] for c in known)


def _titles_clause(titles: list[dict[str, Any]]) -> str:
    return "、".join(f"{t['称号']}{t['数量']}{TITLE_MEASURE}" for t in titles)


def _new_titles_clause(titles: list[dict[str, Any]]) -> str:
    """市级文明单位2家（其中1家此前已获得）: a unit awarded a title it already held before the period is
    counted, as it was awarded again, but not passed off as new to the title."""
    return "、".join(
        f"{t['称号']}{t['数量']}{TITLE_MEASURE}"
        + (f"（其中{len(t['此前已有单位'])}{TITLE_MEASURE}此前已获得）" if t["此前已有单位"] else "")
        for t in titles
    )


def _sentences(
    subject: str,
    period: Period,
    units: list[_Unit],
    categories: list[dict[str, Any]],
    new: list[dict[str, Any]],
    civil_new: list[dict[str, Any]],
    due: list[dict[str, Any]],
) -> dict[str, str]:
    """Ready-made sentences in the seeds' style, without the closing 。 (the template adds it)."""
    return {
        "单位概况": _overview(subject, units, categories),
        **_title_sentences(subject, period, new, civil_new, due),
    }


def _overview(subject: str, units: list[_Unit], categories: list[dict[str, Any]]) -> str:
    """全区共有各类单位45个，其中学校18所…; over one category 全区学校共50所 (not “各类单位50个”)."""
    if not units:
        return ""
    if len(categories) == 1 and categories[0]["类别"] != UNCATEGORISED:
        only = categories[0]
        if subject.endswith(only["类别"]):
            return f"{subject}共{only['数量']}{only['量词']}"
        return f"{subject}共有{only['表述']}"
    clause = _category_clause(categories)
    return f"{subject}共有各类单位{len(units)}个" + (f"，{clause}" if clause else "")


def _title_sentences(
    subject: str,
    period: Period,
    new: list[dict[str, Any]],
    civil_new: list[dict[str, Any]],
    due: list[dict[str, Any]],
) -> dict[str, str]:
    return {
        "期间新获": f"{period.chinese()}，{subject}新获{_new_titles_clause(new)}" if new else "",
        "期间文明创建": f"{period.chinese()}，{subject}新获{_new_titles_clause(civil_new)}"
        if civil_new
        else "",
        "期间文明创建合计": f"{period.chinese()}，{subject}新获文明创建称号{_total(civil_new)}项{_again(civil_new)}"
        if civil_new
        else "",
        "待复查": _due_sentence(subject, due),
    }


HIGHEST_LEVEL_NOTE = "（同一单位获得同一称号多个级别的，按最高级别计）"


def _highest_level_notes(
    subject: str,
    held: list[dict[str, Any]],
    civil_held: list[dict[str, Any]],
    held_any: list[_Award],
    lower: set[tuple[str, int]],
) -> dict[str, str]:
    """表述.现有荣誉 and 表述.现有文明创建 with the note that says a lower level of a title is not counted
    beside its higher one, when the records hold such a pair (else the reader adds up more units than exist)."""
    folded = [a for a in held_any if (a.group, a.unit.id) in lower]
    civil = [a for a in folded if _civil(a)]
    return {
        "现有荣誉": f"{subject}现有{_titles_clause(held)}{HIGHEST_LEVEL_NOTE if folded else ''}"
        if held
        else "",
        "现有文明创建": f"{subject}现有{_titles_clause(civil_held)}{HIGHEST_LEVEL_NOTE if civil else ''}"
        if civil_held
        else "",
        "现有文明创建合计": f"{subject}现有文明创建称号{_total(civil_held)}项{HIGHEST_LEVEL_NOTE if civil else ''}"
        if civil_held
        else "",
    }


def _new_as_held(subject: str, period: Period, new: list[dict[str, Any]], held: list[dict[str, Any]]) -> str:
    """2024年，全区新获文明创建称号3项，即上文所列的全部现有称号: when every title held was awarded in the
    period and every one awarded then is held, the same lines twice would list the same units twice; the
    second list says so in one sentence. Empty otherwise."""
    if not new or _lines(new) != _lines(held):
        return ""
    return (
        f"{period.chinese()}，{subject}新获文明创建称号{_total(new)}项{_again(new)}，即上文所列的全部现有称号"
    )


def _lines(titles: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    """A list of titles as its lines name them: 称号, 家数, the units."""
    return sorted((t["称号"], t["数量"], t["单位名单"]) for t in titles)


def _total(titles: list[dict[str, Any]]) -> int:
    """What the titles' lines add up to (称号 N家 each): a unit holding two titles counts twice."""
    return sum(t["数量"] for t in titles)


def _again(titles: list[dict[str, Any]]) -> str:
    """（其中3项为此前已获得的称号）: a unit awarded again a title it held before the period."""
    again = sum(len(t["此前已有单位"]) for t in titles)
    return f"（其中{again}项为此前已获得的称号）" if again else ""


def _expired_sentence(subject: str, expired: list[dict[str, Any]], others_held: bool) -> str:
    """全区另有市级文明单位2家已过有效期、未见复查记录 (另 when some are held)."""
    if not expired:
        return ""
    return f"{subject}{'另' if others_held else ''}有{_titles_clause(expired)}已过有效期、未见复查记录"


def _undated_sentence(subject: str, undated: list[_Award], others_listed: bool) -> str:
    """全区另有2家单位的3项文明创建称号未记录获得时间，未列入统计: registered, but in no figure or list of
    the report (a report that listed nothing would otherwise read as if none were registered)."""
    if not undated:
        return ""
    units = len({a.unit.id for a in undated})
    if others_listed:
        return f"{subject}另有{units}家单位的{len(undated)}项文明创建称号未记录获得时间，未列入统计"
    return f"{subject}已登记的{len(undated)}项文明创建称号（{units}家单位）均未记录获得时间，未列入统计"


def _due_by_title(due: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The due titles one by one (highest level first, as due is sorted), each with its units and when."""
    titles: dict[str, list[dict[str, Any]]] = {}
    for item in due:
        titles.setdefault(item["称号"], []).append(item)
    return [
        _item(
            {
                "称号": title,
                "级别": items[0]["级别"],
                "数量": len(items),
                "单位": items,
                "单位名单": "、".join(f"{d['单位']}（{_due_note(d)}）" for d in items),
            }
        )
        for title, items in titles.items()
    ]


def _with_pending(due: list[dict[str, Any]], held: list[_Award]) -> list[dict[str, Any]]:
    """The due titles, and the held ones whose latest award the records mark 待复查 though no term of theirs
    ends by then: a 复查 part never says “没有待复查的称号” over a record that says 待复查."""
    latest: dict[tuple[str, int], _Award] = {}
    for award in held:
        key = (award.group, award.unit.id)
        if key not in latest or _recency(award) > _recency(latest[key]):
            latest[key] = award
    listed = {(d["单位"], title_group(d["称号"])) for d in due}
    pending = [
        _item(
            {
                "单位": a.unit.name + a.unit.elsewhere,
                "类别": a.unit.category,
                "称号": a.title,
                "级别": a.level,
            }
            | {"到期": "", "已过期": False}
        )
        for a in sorted(latest.values(), key=_award_order)
        if a.pending and (a.unit.name + a.unit.elsewhere, title_group(a.title)) not in listed
    ]
    return sorted(due + pending, key=lambda d: level_rank(d["级别"]))


def _due_note(item: dict[str, Any]) -> str:
    """2024年12月到期 — and, once that day has passed by the 成文日期, 未见复查记录: a 复查合格 would have moved
    the day on, so the records hold no review of it."""
    if not item["到期"]:
        return "登记为待复查"
    return f"{item['到期']}到期" + ("，未见复查记录" if item["已过期"] else "")


def _due_sentence(subject: str, due: list[dict[str, Any]]) -> str:
    if not due:
        return ""
    titles: dict[str, int] = {}
    for item in due:
        titles[item["称号"]] = titles.get(item["称号"], 0) + 1
    named = "、".join(f"{title}{count}{TITLE_MEASURE}" for title, count in titles.items())
    due = "到期" if all(item["到期"] for item in due) else ""  # 登记为待复查 without a due day is not 到期
    return f"{subject}{due}待复查的有{named}"
