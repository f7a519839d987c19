"""The Chinese fields of one report: a unit, what may be said of its honours and materials in a period, dates.

Only what the records hold (DESIGN.md 6a): 荣誉, 荣誉按年度, 荣誉概述 and 荣誉数量 are the unit's own honours
dated inside the period; a person's honours are in 个人荣誉 only; honours without a year appear only in
未注明时间的荣誉, and only when the user asked for them; honours outside the period appear nowhere.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from core import former_names
from core.fields import HONOUR_FIELDS, UNIT_FIELDS, Kind
from core.models import Honour, Unit
from core.partial_date import PartialDate
from core.reports import honour_text
from core.reports.certificates import FIELD as CERTIFICATES_FIELD
from core.reports.certificates import CertificateReader, certificate_fields
from core.reports.facts import facts_sentence
from core.reports.prose import chinese_date, self_reference
from core.reports.records import (
    UNDATED_LIST,
    UNDATED_OMIT,
    HonourSplit,
    Period,
    ReportOptions,
    UnitRecords,
    by_importance,
    is_personal,
    load_records,
)
from core.reports.sections import (
    DEFAULT_SECTIONS,
    MATERIAL_PLACEHOLDER,
    FilledSection,
    fill_sections,
    sections_for,
)
from core.vocab import LEVELS, MATERIAL_TOPICS

__all__ = ["UNDATED_LIST", "UNDATED_OMIT", "Period", "ReportOptions", "build_context", "report_context"]

BASIS_KEY = "自查依据"  # the unit's 其他信息 entry a 自查报告 opens with
UNLEVELLED = "未定级"


def report_context(
    session: Session,
    unit_id: int,
    period: Period,
    written_on: dt.date,
    today: dt.date | None = None,
    *,
    template: str | None = None,
    options: ReportOptions | None = None,
    certificates: CertificateReader | None = None,
) -> dict[str, Any]:
    """The fields of one unit's report from the given template (its declared sections, if built in);
    证书附件 read through `certificates` when given (only for a template that shows them)."""
    options = options or ReportOptions()
    records = load_records(session, unit_id, period, written_on)
    shown = certificate_fields(certificates, session, records.unit.name, records.honours, options)
    return build_context(records, written_on, today, template=template, options=options, certificates=shown)


def build_context(
    records: UnitRecords,
    written_on: dt.date,
    today: dt.date | None = None,
    *,
    template: str | None = None,
    options: ReportOptions | None = None,
    certificates: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    options = options or ReportOptions()
    unit, period, split = records.unit, records.period, records.honours
    subject = self_reference(unit.name, unit.category)
    former = unit.former_names  # an honour before a rename names the unit as it was called then
    own = [honour_fields(h, former) for h in split.collective]
    persons = [honour_fields(h, former) for h in split.personal]
    undated = [honour_fields(h, former) for h in split.undated] if options.list_undated else []
    sections = _sections(records, subject, options, template)
    formerly = former_names.former_in_period(unit.former_names, period.first_year) or ""
    return {
        "单位": {**unit_fields(unit), **_as_of_fields(records), "自称": subject, "原名": formerly},
        "单位概况": facts_sentence(
            former_names.with_former_name(subject, unit.former_names, period.first_year), records.as_of.facts
        ),
        "荣誉": own,
        "集体荣誉": own,
        "个人荣誉": persons,
        "未注明时间的荣誉": undated,
        "荣誉按年度": _by_year(split.collective, former),
        "荣誉按级别": _by_level(own),
        "荣誉概述": honour_text.summary(split.collective),
        "荣誉数量": len(own),
        "个人荣誉数量": len(persons),
        "个人荣誉表述": honour_text.personal_paragraph(split.personal, with_years=True),
        "未注明时间的荣誉表述": honour_text.undated_paragraph(split.undated, subject) if undated else "",
        "荣誉部分": _honour_parts(split, period, subject, options, former),
        CERTIFICATES_FIELD: certificates or [],
        **_material_fields(records),
        "章节": {name: "\n".join(s.paragraphs) for name, s in sections.items()},
        "章节段落": {name: list(s.paragraphs) for name, s in sections.items()},
        "自查依据": _basis(unit),
        "文档作者": options.author or unit.name,
        "期间": period.chinese(),
        "起始年份": period.first_year,
        "截止年份": period.last_year,
        "成文日期": chinese_date(written_on),
        "今天": chinese_date(today or dt.date.today()),
    }


def unit_fields(unit: Unit) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field in UNIT_FIELDS:
        value = getattr(unit, field.key)
        if field.kind is Kind.MAPPING:
            fields["其他信息"] = dict(value or {})
        elif field.kind is Kind.FORMER_NAMES:
            fields[field.label] = former_names.text_of(value)
        else:
            fields[field.label] = _text(value)
    fields["成立年份"] = unit.founded_year or ""
    return fields


def _as_of_fields(records: UnitRecords) -> dict[str, str]:
    """单位简介 and 特色 without the sentences the report may not state (unit_time.py)."""
    return {"单位简介": records.as_of.profile, "特色": records.as_of.features}


def honour_fields(honour: Honour, former: Any = None) -> dict[str, Any]:
    """An honour as a template reads it; former: the unit's 曾用名, for 获奖时名称."""
    fields = {field.label: _text(getattr(honour, field.key)) for field in HONOUR_FIELDS}
    fields["称号"] = honour.title
    fields["年份"] = honour.awarded_year or ""
    fields["日期"] = fields.pop("授予时间", "")
    personal = is_personal(honour)
    fields["获得者"] = (honour.recipient or "") if personal else ""
    fields["类别"] = fields.pop("荣誉类别", fields.get("类别", ""))
    fields["等级"] = _text(getattr(honour, "grade", None))
    fields["名称"] = honour_text.award_of(honour).full_name
    fields["证书编号"] = _text(getattr(honour, "certificate_no", None))
    fields["获奖时名称"] = former_names.name_at(former, honour.awarded) or ""
    fields["表述"] = (
        honour_text.person_clauses([honour]) if personal else honour_text.awards_sentence_of([honour])
    )
    return fields


def _text(value: Any) -> Any:
    """Field values as a template shows them: dates in Chinese, whole numbers without .0, None as ''."""
    if value is None:
        return ""
    if isinstance(value, (PartialDate, dt.date)):
        return chinese_date(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _by_year(honours: tuple[Honour, ...], former: Any = None) -> list[dict[str, Any]]:
    return [
        {
            "年份": year,
            "荣誉": [honour_fields(h, former) for h in held],
            "表述": honour_text.awards_sentence_of(held),
        }
        for year, held in honour_text.by_year(honours)
    ]


def _by_level(honours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = {level: [h for h in honours if h["级别"] == level] for level in LEVELS}
    unlevelled = [h for h in honours if h["级别"] not in LEVELS]
    result = [{"级别": level, "荣誉": items, "数量": len(items)} for level, items in groups.items() if items]
    if unlevelled:
        result.append({"级别": UNLEVELLED, "荣誉": unlevelled, "数量": len(unlevelled)})
    return result


def _honour_parts(
    split: HonourSplit, period: Period, subject: str, options: ReportOptions, former: Any = None
) -> list[dict[str, Any]]:
    """The honours of a 获奖情况 part or a 荣誉一览表: the unit's, the persons', and (on request) the undated."""
    parts: list[dict[str, Any]] = []
    alone = not split.personal and not (options.list_undated and split.undated)
    if split.collective:
        what = "荣誉" if alone else "集体荣誉"
        count = honour_text.count_sentence(period, subject, len(split.collective), what)
        parts.append(
            _part("集体荣誉", split.collective, [count, *honour_text.year_lines(split.collective)], former)
        )
    if split.personal:
        parts.append(
            _part("个人荣誉", split.personal, honour_text.personal_year_lines(split.personal), former)
        )
    if options.list_undated and split.undated:
        paragraph = honour_text.undated_paragraph(split.undated, subject)
        parts.append(_part("获得时间未记录的荣誉", tuple(by_importance(split.undated)), [paragraph], former))
    return parts


def _part(
    title: str, honours: tuple[Honour, ...], paragraphs: list[str], former: Any = None
) -> dict[str, Any]:
    items = [honour_fields(h, former) for h in honours]
    return {"标题": title, "荣誉": items, "数量": len(items), "段落": paragraphs}


def _material_fields(records: UnitRecords) -> dict[str, Any]:
    """材料, 材料段落 and 有材料: each topic's material as recorded, or the placeholder."""
    topics = list(dict.fromkeys([*MATERIAL_TOPICS, *records.materials]))
    paragraphs = {
        topic: list(records.materials[topic].paragraphs)
        if topic in records.materials
        else [MATERIAL_PLACEHOLDER.format(topic=topic)]
        for topic in topics
    }
    return {
        "材料": {topic: "\n".join(lines) for topic, lines in paragraphs.items()},
        "材料段落": paragraphs,
        "有材料": {topic: topic in records.materials for topic in topics},
    }


def _sections(
    records: UnitRecords, subject: str, options: ReportOptions, template: str | None
) -> dict[str, FilledSection]:
    """章节: the template's declared sections, and for every topic a section of its own name."""
    declared = sections_for(template)
    filled = {s.name: s for s in fill_sections(records, subject, options, declared)}
    rest = [s for s in DEFAULT_SECTIONS if s.name not in filled]
    for section in fill_sections(records, subject, options, rest):
        filled.setdefault(section.name, section)
    return filled


def filled_sections(
    records: UnitRecords, subject: str, options: ReportOptions, template: str | None
) -> list[FilledSection]:
    """The declared sections of a built-in template as they will be filled (for the pre-flight view)."""
    return fill_sections(records, subject, options, sections_for(template))


_BASIS_FRAME = re.compile(r"^(根据|按照|依据)|(的)?(要求|规定|精神)$")


def _basis(unit: Unit) -> str:
    """The unit's 自查依据 as the opening's 根据……的要求 needs it: 《…》（甘委发〔2018〕19号）."""
    text = str((unit.extra or {}).get(BASIS_KEY) or "").strip().rstrip("。，,;；")
    return _BASIS_FRAME.sub("", text).strip()
