"""Generating a summary: one document over the chosen units (全区文明创建工作情况汇报, 获奖单位名单, 表彰决定, or
an added template that uses the summary's fields), with its pre-flight view.

A summary is rendered once, not once per unit; its file is named after its scope: 全区-表彰决定-2025.docx.
The units are a selection, the list's filter, all units, a category or a region (summary_scopes()).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from core import former_regions
from core.db import Database
from core.decisions.terms import revoked_by
from core.holders import collective
from core.models import ChangeLog, Honour, Unit
from core.pinyin_keys import sort_key
from core.reports.preflight import Preflight, SectionPlan, UnitPlan, date_warnings, honour_label
from core.reports.records import Period, ReportOptions, awarded_after
from core.reports.summary_context import (
    OFFICE_PLACEHOLDER,
    SummaryFields,
    SummaryScope,
    same_document_number,
    summary_fields_of,
)
from core.reports.summary_regions import region_name, same_region
from core.vocab import UNIT_CATEGORIES

DEFAULT_SUBJECT = "全区"
COMMENDATION = "表彰决定"  # its honours are those of its own 发文字号 (summary_context._commended)
NARRATIVE = {  # the parts of the built-in summaries the office writes itself
    "全区文明创建工作情况汇报": ("主要做法", "存在问题", "下一步打算"),
    "表彰决定": ("主送机关", "表彰的缘由和依据", "希望和号召"),
}


@dataclass(frozen=True)
class SummaryOptions:
    """What a summary says of its scope and its issuer."""

    subject: str = DEFAULT_SUBJECT  # 主语: 全区, 全区学校, 东湖区
    description: str = "全部单位"
    office: str = ""  # 发文机关: the 落款 and the 版头
    document_no: str = ""  # 发文字号
    letterhead: bool = False  # the red 版头 (表彰决定)
    region: str | None = None  # a region's summary: honours count under the region of their award date


@dataclass(frozen=True)
class ScopeChoice:
    """One way to choose a summary's units: all of them, a category, a region."""

    caption: str  # 全部单位（45 个） / 类别：学校（18 个） / 地区：东湖区（12 个）
    subject: str
    category: str | None = None
    region: str | None = None
    count: int = 0

    def unit_ids(self, database: Database) -> list[int]:
        """The units the caption counts: of exactly this region (the list's filter would also take 西东湖区
        and 东湖区东街道 for 东湖区); for a region, also the units that belonged to it before a 区划调整
        (their honours of those years count for it: summary_regions)."""
        from core.services.units import UnitFilter, UnitService

        ids = UnitService(database).listing(UnitFilter(category=self.category))
        if self.region is None:
            return ids
        with database.session() as session:
            query = select(Unit.id).where(Unit.region == self.region, Unit.deleted_at.is_(None))
            exact = set(session.scalars(query)) | _formerly_in(session, self.region)
        return [unit_id for unit_id in ids if unit_id in exact]


def _formerly_in(session: Session, region: str) -> set[int]:
    query = select(Unit.id, Unit.region, Unit.former_regions).where(
        Unit.deleted_at.is_(None), cast(Unit.former_regions, Text) != "[]"
    )
    return {
        unit_id
        for unit_id, now, former in session.execute(query)
        if former_regions.ever_in(region, now, former)
    }


def summary_scopes(database: Database, area: str = DEFAULT_SUBJECT) -> list[ScopeChoice]:
    """全部单位, then each category and each region that has live units, with their counts."""
    with database.session() as session:
        live = Unit.deleted_at.is_(None)
        total = session.scalar(select(func.count()).where(live)) or 0
        categories = dict(
            session.execute(select(Unit.category, func.count()).where(live).group_by(Unit.category)).all()
        )
        regions = session.execute(
            select(Unit.region, func.count()).where(live, Unit.region.is_not(None)).group_by(Unit.region)
        ).all()
    choices = [ScopeChoice(f"全部单位（{total} 个）", area, count=total)]
    for category in UNIT_CATEGORIES:
        if categories.get(category):
            count = categories[category]
            choices.append(
                ScopeChoice(f"类别：{category}（{count} 个）", f"{area}{category}", category, None, count)
            )
    for region, count in sorted(regions, key=lambda row: sort_key(str(row[0]))):  # as the unit list sorts
        short = _region_name(str(region))
        choices.append(ScopeChoice(f"地区：{region}（{count} 个）", short, None, str(region), count))
    current = {str(region) for region, _count in regions}
    for region in sorted(_former_regions(database) - current, key=sort_key):  # merged away (区划调整)
        choices.append(ScopeChoice(f"地区：{region}（区划调整前）", _region_name(region), None, region, 0))
    return choices


def _former_regions(database: Database) -> set[str]:
    """The regions live units belonged to before a 区划调整: a summary of their earlier years is asked for."""
    with database.session() as session:
        query = select(Unit.former_regions).where(
            Unit.deleted_at.is_(None), cast(Unit.former_regions, Text) != "[]"
        )
        return {entry.name for stored in session.scalars(query) for entry in former_regions.entries(stored)}


def _region_name(region: str) -> str:
    return region_name(region)


def summary_file_name(subject: str, template: str, period: Period) -> str:
    """全区-表彰决定-2024.docx; 全区学校-文明创建工作情况汇报-2019-2024.docx (not 全区学校-全区文明创建…: the
    template's own 全区 is the scope's word, which the file already starts with). Named for the period the
    document speaks of, as the clerk files it: the 2024 summary signed in January 2025 is 2024's."""
    from core.reports.generate import report_file_name

    if template.startswith(DEFAULT_SUBJECT) and len(template) > len(DEFAULT_SUBJECT):
        template = template[len(DEFAULT_SUBJECT) :]
    return report_file_name(subject, template, period_label(period))


def period_label(period: Period) -> str:
    """2024, or 2019-2024 for a period of several years."""
    if period.first_year == period.last_year:
        return str(period.last_year)
    return f"{period.first_year}-{period.last_year}"


def summary_target(output: Path, subject: str, template: str, period: Period) -> Path:
    """A .docx path is the file; anything else is the folder it goes into."""
    output = Path(output)
    if output.suffix.lower() == ".docx":
        return output
    return output / summary_file_name(subject, template, period)


def summary_fields(
    database: Database,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    options: SummaryOptions,
    today: dt.date | None = None,
    wanted: Collection[str] | None = None,
) -> dict[str, object]:
    """The summary's fields; wanted: only these (a template's names), None: all."""
    scope = SummaryScope(unit_ids, options.subject, options.description, options.region)
    with database.session() as session:
        fields = summary_fields_of(
            session, scope, period, written_on, today, wanted=wanted, **_issuer(options)
        )
        return fields.context(wanted)


def _issuer(options: SummaryOptions) -> dict[str, Any]:
    return {"office": options.office, "document_no": options.document_no, "letterhead": options.letterhead}


@dataclass(eq=False)
class PreparedSummary:
    """A summary's fields as its pre-flight read them, for the document generated next from the same choices:
    the records are read and the lists built once (building them again took a third of a city's summary).
    Taken once: the document's generation releases it, and the memory of its lists with it."""

    unit_ids: tuple[int, ...]
    period: Period
    written_on: dt.date
    options: SummaryOptions
    stamp: int | None  # the change log's last entry when the records were read
    fields: SummaryFields | None

    def take(
        self,
        database: Database,
        unit_ids: Sequence[int],
        period: Period,
        written_on: dt.date,
        options: SummaryOptions,
    ) -> SummaryFields | None:
        """The fields, when they are of these choices and no record changed since (else None); once."""
        fields, self.fields = self.fields, None
        same = (tuple(unit_ids), period, written_on, options) == (
            self.unit_ids,
            self.period,
            self.written_on,
            self.options,
        )
        if fields is None or not same or records_stamp(database) != self.stamp:
            return None
        return fields


def records_stamp(database: Database) -> int | None:
    """The last entry of the change log: every create, update, delete, import, restore and undo adds one."""
    with database.session() as session:
        return session.scalar(select(func.max(ChangeLog.id)))


def prepare_summary(
    database: Database,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    options: SummaryOptions,
) -> PreparedSummary:
    """The summary's fields over the records as they are now, each built when first read."""
    stamp = records_stamp(database)  # before the reading: a change while it reads makes the next take() miss
    scope = SummaryScope(unit_ids, options.subject, options.description, options.region)
    with database.session() as session:
        fields = summary_fields_of(session, scope, period, written_on, **_issuer(options))
    return PreparedSummary(tuple(unit_ids), period, written_on, options, stamp, fields)


# -- pre-flight -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """What a summary states of the honours, by the fields its lists are built from: the pre-flight counts
    these and nothing else (a document over 文明创建 titles does not state a 先进集体 or an 一等奖)."""

    new: str  # the field of the period's titles it lists
    label: str  # what those are called: 期间内各单位的荣誉
    section: str  # the pre-flight's part for them
    held: str | None  # the field of the titles held it lists, if any
    due: bool  # whether it states 复查 and revocations
    none: str = "未登记获奖单位"  # what the document says when the period has none: （2024年未登记获奖单位）
    held_none: str = "（无）"  # … when none is held; {截至}: the day 现有 speaks of
    undated: str | None = None  # the 表述 that says, in its place, that titles are registered without a year


GENERAL = Statement("荣誉按称号", "期间内各单位的荣誉", "期间获得的称号", "现有称号", True)
STATEMENTS = {  # the built-in summaries (summary_builtin.py); an added template: GENERAL
    "全区文明创建工作情况汇报": Statement(
        "文明创建称号",
        "期间新获的文明创建称号",
        "期间新获的文明创建称号",
        "现有文明创建称号",
        True,
        "未登记新获文明创建称号，如有请补充",
        "（截至{截至}未登记文明创建称号，如有请补充）",
        "未注明时间文明创建",
    ),
    "获奖单位名单": Statement("荣誉按称号", "期间内各单位的荣誉", "期间获得的称号", None, False),
    COMMENDATION: Statement("荣誉按称号", "期间内各单位的荣誉", "表彰的称号", None, False),
}


def summary_preflight(
    database: Database,
    template: str,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    options: SummaryOptions,
) -> Preflight:
    """The summary as one entry of the pre-flight view: what each part will state, what it leaves out. Its
    plan carries the fields it read (SummaryPlan.prepared), for the document generated next."""
    prepared = prepare_summary(database, unit_ids, period, written_on, options)
    fields = prepared.fields
    assert fields is not None
    statement = STATEMENTS.get(template, GENERAL)
    own = template == COMMENDATION and bool(fields["表彰按文号"])  # it states its own 文号's honours alone
    sections = [
        SectionPlan(
            "单位",
            (f"{fields['单位数量']} 个单位：" + "、".join(c["表述"] for c in fields["单位按类别"]),),
            False,
        ),
        _titles_plan(statement.section, fields[statement.new], f"（{period.chinese()}{statement.none}）")
        if template != COMMENDATION
        else _titles_plan(
            "表彰的称号",
            fields["表彰按称号"],
            f"（{period.chinese()}未登记表彰的单位）",
            fields["表彰个人按称号"],
        ),
    ]
    if statement.held:
        undated = fields["表述"][statement.undated] if statement.undated else ""
        none = f"{undated}。" if undated else statement.held_none.format(截至=fields["现有截至"])
        sections.append(_titles_plan("截至期末现有的称号", fields[statement.held], none))
    if statement.due:
        sections.append(SectionPlan("待复查", (f"{fields['待复查数量']} 项",), False))
        sections.append(SectionPlan("经复查撤销", (f"{fields['已撤销数量']} 项",), False))
    for part in NARRATIVE.get(template, ()):
        sections.append(SectionPlan(part, (), True, f"（此处请补充：{part}）"))
    if fields["发文机关"] == OFFICE_PLACEHOLDER:
        sections.append(SectionPlan("发文机关", (), True, OFFICE_PLACEHOLDER))
    left_out = _left_out(database, unit_ids, period, written_on, options.document_no, options.region, own=own)
    stated_titles = fields["表彰按称号"] if template == COMMENDATION else fields[statement.new]
    plan = SummaryPlan(
        personal_count=len(left_out["personal"]),
        unit_count=int(fields["单位数量"]),
        own_number=options.document_no if own else "",
        others=len(left_out["others"]),
        unit_id=0,
        unit_name=f"{options.subject}（{fields['单位数量']} 个单位）",
        sections=tuple(sections),
        stated=_commended_stated(fields) if own else _stated(stated_titles),
        personal=(),
        undated=left_out["undated"],
        outside=left_out["outside"],
        revoked=left_out["revoked"],
        undated_listed=False,
        later=left_out["later"],
        stated_label=statement.label,
        unstated=0 if own else _unstated(fields["荣誉按称号"], stated_titles),
        states_held=statement.held is not None,
        prepared=prepared,
    )
    warnings = list(date_warnings(period, written_on))
    if options.letterhead and not options.document_no:
        warnings.append("选择了红色版头但未填发文字号，版头中将显示待补充提示。")
    if template == COMMENDATION and fields["荣誉按称号"] and not fields["表彰按文号"]:
        which = f"没有以文号“{options.document_no}”录入的荣誉" if options.document_no else "未填发文字号"
        warnings.append(
            f"{which}，表彰决定将列出期间内新获的全部称号（包括上级授予的），写作“对获得……称号的……予以表彰”；"
            "只表彰本机关授予的称号时，"
            "请填发文字号，并用“按表彰文件批量录入”以同一文号录入这些荣誉。"
        )
    return Preflight(template, period, written_on, ReportOptions(), (plan,), tuple(warnings))


def prepared_summary(plan: Preflight | None) -> PreparedSummary | None:
    """The fields a summary's pre-flight read, for its document (None: not a summary's plan)."""
    units = plan.units if plan is not None else ()
    return units[0].prepared if len(units) == 1 and isinstance(units[0], SummaryPlan) else None


def _stated(titles: Sequence[dict[str, object]]) -> tuple[str, ...]:
    """Each unit under each title the document lists, once, with the dates the list gives it."""
    return tuple(
        f"{u['名称']}：{t['称号']}（{u['日期'] if u['次数'] == 1 else u['时间']}）"
        for t in titles
        for u in t["单位"]  # type: ignore[attr-defined]
    )


def _unstated(every: Sequence[dict[str, object]], stated: Sequence[dict[str, object]]) -> int:
    """The period's units' honours of the titles the document does not list (a 文明创建 report's 先进集体)."""
    listed = {id(t) for t in stated}
    return sum(int(t["荣誉数量"]) for t in every if id(t) not in listed)  # type: ignore[call-overload]


@dataclass(frozen=True)
class SummaryPlan(UnitPlan):
    """The whole summary as one entry of the pre-flight view."""

    personal_count: int = 0
    unit_count: int = 0  # the units the summary speaks for
    own_number: str = ""  # a 表彰决定's 发文字号, when it states the honours recorded under it alone
    others: int = 0  # with own_number: the period's honours recorded under another 文号 or none
    stated_label: str = "期间内各单位的荣誉"  # what the stated are (期间新获的文明创建称号)
    unstated: int = 0  # the period's units' honours of titles the document does not list
    states_held: bool = True  # whether the document states the titles held (现有)
    prepared: PreparedSummary | None = field(default=None, compare=False, repr=False)

    def summary(self) -> str:
        """荣誉 9 项计入；个人荣誉 1 项（不计入）；…；期间外 13 项（…）；待补充：主要做法."""
        if self.own_number:
            parts = [f"以文号“{self.own_number}”录入的荣誉 {len(self.stated)} 项写入（单位和个人）"]
        else:
            parts = [
                f"{self.stated_label} {len(self.stated)} 项计入" if self.stated else "期间内没有计入的荣誉"
            ]
        for label, count in (
            ("期间内不是以此文号录入的荣誉", self.others),
            ("期间内其他称号和奖项", self.unstated),
            ("个人荣誉", self.personal_count),
            ("未注明时间", len(self.undated)),
            ("已撤销", len(self.revoked)),
            ("晚于成文日期", len(self.later)),
        ):
            if count:
                parts.append(f"{label} {count} 项（不计入）")
        if self.outside:
            held = "；期间以前获得的计入现有称号" if self.states_held else ""
            parts.append(f"期间外 {len(self.outside)} 项（不计入期间的数字{held}）")
        if self.placeholders:
            parts.append("待补充：" + "、".join(self.placeholders))
        return "；".join(parts)


def _titles_plan(
    name: str, titles: list[dict[str, object]], empty: str, people: Sequence[dict[str, object]] = ()
) -> SectionPlan:
    if not titles and not people:
        return SectionPlan(name, (), True, empty)
    lines = [f"{t['称号']} {t['数量']} 家" for t in titles]
    lines += [f"{t['称号']} {t['数量']} {t['量词']}（个人）" for t in people]
    return SectionPlan(name, tuple(lines), False)


def _commended_stated(fields: dict[str, object]) -> tuple[str, ...]:
    """What a 表彰决定 by its own 文号 states: each unit under each title, each person with their unit."""
    units = [
        f"{u['名称']}：{t['称号']}（{u['日期']}）"
        for t in fields["表彰按称号"]  # type: ignore[attr-defined]
        for u in t["单位"]
    ]
    people = [
        f"{p['名单项']}：{t['称号']}"
        for t in fields["表彰个人按称号"]  # type: ignore[attr-defined]
        for p in t["个人"]
    ]
    return tuple(units + people)


def summed_units(database: Database, unit_ids: Collection[int], region: str | None) -> int:
    """The live units a summary speaks for, as its 单位数量 counts them: all of them, or for a region's
    summary those in it now (a unit that left is read for its earlier honours, not counted)."""
    ids = list(unit_ids)
    count = 0
    with database.session() as session:
        for start in range(0, len(ids), 500):
            query = select(Unit.region).where(
                Unit.id.in_(ids[start : start + 500]), Unit.deleted_at.is_(None)
            )
            count += sum(1 for now in session.scalars(query) if not region or same_region(now, region))
    return count


def _left_out(
    database: Database,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    document_no: str,
    region: str | None = None,
    *,
    own: bool = False,
) -> dict[str, tuple[str, ...]]:
    """The units' honours no figure of the summary counts: undated, outside the period, persons', revoked,
    awarded after the 成文日期 (unless conferred by this document's own 发文字号). A region's summary takes
    undated ones of the units in it now only (a unit that left it is there for its dated honours). own: a
    表彰决定 that states the honours recorded under its 发文字号 alone — those are stated, units' and persons'
    alike, and the period's other honours are left out ("others")."""
    groups: dict[str, list[str]] = {
        "undated": [], "outside": [], "personal": [], "revoked": [], "later": [], "others": []
    }  # fmt: skip
    ids = list(unit_ids)
    with database.session() as session:
        query = select(Unit.id, Unit.name, Unit.short_name, Unit.region).where(Unit.id.in_(ids))
        named = session.execute(query).all()
        names = {unit_id: name for unit_id, name, _, _ in named}
        short_names = {unit_id: short for unit_id, _, short, _ in named}
        left = {unit_id for unit_id, *_, now in named if region and now != region}
        for start in range(0, len(ids), 500):
            query = select(Honour).where(
                Honour.unit_id.in_(ids[start : start + 500]), Honour.deleted_at.is_(None)
            )
            for honour in session.scalars(query):
                label = f"{names.get(honour.unit_id, '')}：{honour_label(honour)}"
                if revoked_by(honour.status, honour.notes, written_on):
                    groups["revoked"].append(label)
                elif own and same_document_number(honour.document_no, document_no):
                    continue  # stated by the decision
                elif own and honour.awarded_year is not None and period.holds(honour.awarded_year):
                    groups["others"].append(label)
                elif not collective(
                    honour.recipient, names.get(honour.unit_id), short_names.get(honour.unit_id)
                ):
                    groups["personal"].append(label)
                elif honour.awarded_year is None:
                    if honour.unit_id not in left:
                        groups["undated"].append(label)
                elif not period.holds(honour.awarded_year):
                    groups["outside"].append(label)
                elif awarded_after(honour, written_on) and not same_document_number(
                    honour.document_no, document_no
                ):
                    groups["later"].append(label)
    return {key: tuple(sorted(labels)) for key, labels in groups.items()}
