"""Before generating: what each unit's report will be filled from, and what it will leave out.

Per unit: each section's source (a material, a fallback, the unit's 简介 or figures, honours) or the
placeholder it will show; the honours that are undated (left out, or listed apart on request), a person's
(stated with the person), outside the period or revoked (never stated). The generate dialog shows this
before anything is written; the command line prints its summary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from core.db import Database
from core.models import Honour
from core.progress import Progress, no_progress
from core.reports.certificates import attachments_of, certificate_honours, uses_certificates
from core.reports.honour_text import award_of, holder
from core.reports.prose import chinese_date, self_reference
from core.reports.records import Period, ReportOptions, UnitRecords, is_personal, load_records
from core.reports.sections import DEFAULT_SECTIONS, Section, fill_sections, sections_for
from core.vocab import MATERIAL_TOPICS

_MATERIAL_FIELDS = ("材料", "材料段落", "有材料")
_SECTION_FIELDS = ("章节", "章节段落")
LATE_AFTER_YEARS = 1  # a 成文日期 more than this many years after the period is questioned


@dataclass(frozen=True)
class SectionPlan:
    name: str
    sources: tuple[str, ...]
    placeholder: bool
    placeholder_text: str = ""

    def describe(self) -> str:
        """材料“工作成效”（2021年）、荣誉 3 项 — or the placeholder it will show."""
        if self.placeholder:
            return f"无可用材料，将显示{self.placeholder_text}"
        return "、".join(self.sources)


@dataclass(frozen=True)
class UnitPlan:
    unit_id: int
    unit_name: str
    sections: tuple[SectionPlan, ...]
    stated: tuple[str, ...]  # the unit's honours in the period, stated
    personal: tuple[str, ...]  # stated with the person
    undated: tuple[str, ...]  # left out, or listed apart when the user asks
    outside: tuple[str, ...]  # never stated
    revoked: tuple[str, ...]  # never stated
    undated_listed: bool
    later: tuple[str, ...] = ()  # in the period but after the 成文日期: never stated
    # 附件 (a template that shows 证书附件): None when it does not, else the certificates to attach
    certificates: int | None = None
    without_certificate: tuple[str, ...] = ()  # listed honours that have none
    certificates_wanted: bool = True
    # 简介, 特色 and figures the report does not state (of another time than the report's): unit_time.py
    facts_left_out: tuple[str, ...] = ()
    facts_to_check: tuple[str, ...] = ()  # figures stated as 现有 that were recorded before the period

    @property
    def placeholders(self) -> list[str]:
        return [s.name for s in self.sections if s.placeholder]

    def summary(self) -> str:
        """One line: 3 项荣誉写入；个人荣誉 1 项；未注明时间 12 项（不写入）；期间外 2 项；待补充：存在问题."""
        parts = [f"本单位荣誉 {len(self.stated)} 项写入" if self.stated else "期间内没有本单位的荣誉"]
        if self.personal:
            parts.append(f"个人荣誉 {len(self.personal)} 项（写明获得者）")
        if self.undated:
            parts.append(
                f"未注明时间 {len(self.undated)} 项（{'单列' if self.undated_listed else '不写入'}）"
            )
        if self.outside:
            parts.append(f"期间外 {len(self.outside)} 项（不写入）")
        if self.revoked:
            parts.append(f"已撤销 {len(self.revoked)} 项（不写入）")
        if self.later:
            parts.append(f"晚于成文日期 {len(self.later)} 项（不写入）")
        if self.facts_left_out:
            parts.append(f"单位信息不写入 {len(self.facts_left_out)} 处")
        if self.facts_to_check:
            parts.append("单位人数、面积登记于期间以前，请核对")
        if self.certificates is not None:
            parts.append(self._certificates())
        if self.placeholders:
            parts.append("待补充：" + "、".join(self.placeholders))
        return "；".join(parts)

    def _certificates(self) -> str:
        if not self.certificates_wanted:
            return "证书复印件不附"
        lacking = f"，{len(self.without_certificate)} 项荣誉没有证书" if self.without_certificate else ""
        if not self.certificates:
            return f"没有可附的证书复印件{lacking}"
        return f"附证书复印件 {self.certificates} 份{lacking}"


@dataclass(frozen=True)
class Preflight:
    template: str
    period: Period
    written_on: dt.date
    options: ReportOptions
    units: tuple[UnitPlan, ...]
    warnings: tuple[str, ...]

    @property
    def undated(self) -> int:
        return sum(len(u.undated) for u in self.units)

    @property
    def shows_certificates(self) -> bool:
        """Whether the template ends with 证书附件 (the 附件 pages)."""
        return any(u.certificates is not None for u in self.units)

    @property
    def certificates(self) -> int:
        """The certificates the listed honours have, over all units (attached unless the user says not)."""
        return sum(u.certificates or 0 for u in self.units)

    @property
    def summed_units(self) -> int | None:
        """A summary's units, those it speaks for (its 单位数量: a region's summary reads the units that left it
        for their earlier honours but does not count them); None for a unit report's plan."""
        return getattr(self.units[0], "unit_count", None) if len(self.units) == 1 else None

    def lines(self) -> list[str]:
        """The whole plan as text, one unit after another (the command line prints it)."""
        lines = [
            f"模板“{self.template}”，期间 {self.period.chinese()}，成文日期 {chinese_date(self.written_on)}"
        ]
        lines += [f"注意：{warning}" for warning in self.warnings]
        for unit in self.units:
            lines.append(f"{unit.unit_name}：{unit.summary()}")
            lines += [f"  注意：{note}。" for note in (*unit.facts_left_out, *unit.facts_to_check)]
            lines += [f"  {s.name}：{s.describe()}" for s in unit.sections]
        return lines


def honour_label(honour: Honour) -> str:
    """刘龙：全县十佳政法干警（2021年） / 省卫生先进单位（2019年12月） / 省卫生先进单位."""
    title = award_of(honour).full_name
    who = f"{holder(honour)}：" if is_personal(honour) else ""
    when = f"（{honour.awarded.chinese()}）" if honour.awarded is not None else ""
    return f"{who}{title}{when}"


def template_sections(template: str, fields_used: Sequence[str] = ()) -> tuple[Section, ...]:
    """The sections a template fills: a built-in's declared ones, else one per topic its fields name."""
    declared = sections_for(template)
    if declared:
        return declared
    defaults = {s.name: s for s in DEFAULT_SECTIONS}
    sections: dict[str, Section] = {}
    for name in fields_used:
        head, _, key = name.partition(".")
        if head in _MATERIAL_FIELDS and key in MATERIAL_TOPICS:
            sections.setdefault(key, Section(key, (key,)))
        elif head in _SECTION_FIELDS and key in defaults:
            sections.setdefault(key, defaults[key])
    return tuple(sections.values())


def unit_plan(
    records: UnitRecords,
    options: ReportOptions,
    sections: Sequence[Section],
    attachments: dict[int, int] | None = None,
    fields_used: Sequence[str] = (),
) -> UnitPlan:
    """attachments: the number of certificates of each honour, when the template shows 证书附件."""
    unit, split = records.unit, records.honours
    listed = certificate_honours(split, options) if attachments is not None else []
    subject = self_reference(unit.name, unit.category)
    filled = fill_sections(records, subject, options, sections)
    by_name = {s.name: s for s in sections}
    return UnitPlan(
        unit_id=unit.id,
        unit_name=unit.name,
        sections=tuple(
            SectionPlan(f.name, f.sources, f.placeholder, by_name[f.name].placeholder) for f in filled
        ),
        stated=tuple(honour_label(h) for h in split.collective),
        personal=tuple(honour_label(h) for h in split.personal),
        undated=tuple(honour_label(h) for h in split.undated),
        outside=tuple(honour_label(h) for h in split.outside),
        revoked=tuple(honour_label(h) for h in split.revoked),
        later=tuple(honour_label(h) for h in split.later),
        undated_listed=options.list_undated,
        certificates=None if attachments is None else sum(attachments.get(h.id, 0) for h in listed),
        without_certificate=tuple(honour_label(h) for h in listed if not (attachments or {}).get(h.id)),
        certificates_wanted=options.certificates,
        facts_left_out=(
            records.as_of.left_out
            if _states_unit_facts(sections, [f for f in fields_used if f in _FILTERED_FIELDS])
            else ()
        ),
        facts_to_check=(
            (*records.as_of.to_check, *_raw_figures(records, fields_used))
            if _states_unit_facts(sections, fields_used)
            else ()
        ),
    )


def _raw_figures(records: UnitRecords, fields_used: Sequence[str]) -> tuple[str, ...]:
    """A template's own 单位.职工人数 (and the like) shows the figure as recorded, whenever that was."""
    named = [label for label in records.as_of.later if f"单位.{label}" in fields_used]
    notes = [
        f"模板引用的“{label}”是截至{when}的数字，模板照登记的数字写出，不注明日期，请核对"
        for label, when in records.as_of.dated
        if f"单位.{label}" in fields_used
    ]
    if named:
        notes.insert(
            0,
            f"单位信息最后修改于{chinese_date(records.as_of.recorded)}，晚于成文日期：模板引用的"
            f"“{'”“'.join(named)}”是修改后的数字，请核对",
        )
    return tuple(notes)


# The fields of a template of the user's own that state the unit's 简介, 特色 or figures as the report
# may (unit_time.py), and all those that state them
_FILTERED_FIELDS = ("单位概况", "单位.单位简介", "单位.特色")
_UNIT_FACT_FIELDS = frozenset(
    {
        "单位概况",
        "单位.单位简介",
        "单位.特色",
        "单位.成立时间",
        "单位.成立年份",
        "单位.占地面积",
        "单位.建筑面积",
    }
    | {f"单位.{label}" for label in ("职工人数", "学生人数", "班级数", "党员人数", "户数", "人口")}
)


def _states_unit_facts(sections: Sequence[Section], fields_used: Sequence[str]) -> bool:
    """Whether a section of the template is filled from the 简介, 特色 or figures, or it names them."""
    return any(s.profile or s.features or s.facts for s in sections) or bool(
        _UNIT_FACT_FIELDS.intersection(fields_used)
    )


def date_warnings(period: Period, written_on: dt.date) -> list[str]:
    """A report signed years after its period (a 2016–2018 自查报告 signed 2026), or before its period ends
    (a 2025–2027 report signed 2026), is questioned."""
    late = written_on.year - period.last_year
    if late > LATE_AFTER_YEARS:
        return [
            f"成文日期（{chinese_date(written_on)}）比汇报期间（{period.chinese()}）晚 {late} 年，请核对期间或成文日期。"
        ]
    if period.first_year > written_on.year:
        return [f"汇报期间（{period.chinese()}）在成文日期（{chinese_date(written_on)}）之后，请核对。"]
    if period.last_year > written_on.year:  # 2025年至2027年, signed 2026: the report speaks of 2027
        return [
            f"汇报期间（{period.chinese()}）到成文日期（{chinese_date(written_on)}）以后才结束，请核对期间或成文日期。"
        ]
    return []


def preflight(
    database: Database,
    template: str,
    unit_ids: Sequence[int],
    period: Period,
    written_on: dt.date,
    options: ReportOptions | None = None,
    *,
    fields_used: Sequence[str] = (),
    progress: Progress = no_progress,
) -> Preflight:
    """What generating the template for these units will write, unit by unit, before anything is written."""
    options = options or ReportOptions()
    sections = template_sections(template, fields_used)
    shows_certificates = uses_certificates(template, fields_used)
    plans = []
    with database.session() as session:
        for index, unit_id in enumerate(unit_ids):
            progress(index, len(unit_ids), "")
            records = load_records(session, unit_id, period, written_on)
            counts = None
            if shows_certificates:
                found = attachments_of(session, certificate_honours(records.honours, options))
                counts = {honour_id: len(items) for honour_id, items in found.items()}
            plans.append(unit_plan(records, options, sections, counts, fields_used))
    return Preflight(
        template, period, written_on, options, tuple(plans), tuple(date_warnings(period, written_on))
    )
