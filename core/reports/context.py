"""The Chinese fields of one report: a unit, its honours and materials in a period, and the dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.fields import HONOUR_FIELDS, UNIT_FIELDS, Kind
from core.models import Honour, Material, Unit
from core.partial_date import PartialDate
from core.reports.fields import MATERIAL_PLACEHOLDER
from core.reports.prose import chinese_date, summary_sentence, year_sentence
from core.vocab import LEVELS, MATERIAL_TOPICS, level_rank

UNDATED = "年份不详"


@dataclass(frozen=True)
class Period:
    first_year: int
    last_year: int

    def __post_init__(self) -> None:
        if self.first_year > self.last_year:
            raise ValueError("first year after last year")

    def holds(self, year: int | None) -> bool:
        return year is None or self.first_year <= year <= self.last_year

    def chinese(self) -> str:
        if self.first_year == self.last_year:
            return f"{self.first_year}年"
        return f"{self.first_year}年至{self.last_year}年"

    @classmethod
    def recent(cls, years: int = 3, today: dt.date | None = None) -> Period:
        """The last few years up to this one: 近三年."""
        year = (today or dt.date.today()).year
        return cls(year - years + 1, year)


def report_context(
    session: Session, unit_id: int, period: Period, written_on: dt.date, today: dt.date | None = None
) -> dict[str, Any]:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.is_deleted:
        from core.errors import NotFoundError

        raise NotFoundError(f"找不到编号为 {unit_id} 的单位。")
    honours = [h for h in _honours(session, unit_id) if period.holds(h.awarded_year)]
    materials = _materials(session, unit_id, period)
    honour_items = [honour_fields(h) for h in honours]
    return {
        "单位": unit_fields(unit),
        "荣誉": honour_items,
        "荣誉按年度": _by_year(honour_items),
        "荣誉按级别": _by_level(honour_items),
        "荣誉概述": summary_sentence([h["称号"] for h in sorted(honour_items, key=_importance)]),
        "荣誉数量": len(honour_items),
        "材料": {topic: "\n".join(paragraphs) for topic, paragraphs in materials.items()},
        "材料段落": materials,
        "有材料": {
            topic: not paragraphs[0].startswith("（此处请补充") for topic, paragraphs in materials.items()
        },
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
        else:
            fields[field.label] = _text(value)
    fields["成立年份"] = unit.founded_year or ""
    return fields


def honour_fields(honour: Honour) -> dict[str, Any]:
    fields = {field.label: _text(getattr(honour, field.key)) for field in HONOUR_FIELDS}
    fields["称号"] = honour.title
    fields["年份"] = honour.awarded_year or ""
    fields["日期"] = fields.pop("授予时间")
    fields["获得者"] = honour.recipient or ""
    fields["类别"] = fields.pop("荣誉类别")
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


def _honours(session: Session, unit_id: int) -> list[Honour]:
    query = select(Honour).where(Honour.unit_id == unit_id, Honour.deleted_at.is_(None))
    honours = list(session.scalars(query))
    # Oldest first, as a report tells a history; undated ones after the dated.
    return sorted(
        honours, key=lambda h: (h.awarded is None, h.awarded.sort_key() if h.awarded else (0, 0, 0), h.id)
    )


def _materials(session: Session, unit_id: int, period: Period) -> dict[str, list[str]]:
    """Each topic's paragraphs from the period's materials (earlier years first), or the placeholder."""
    query = (
        select(Material)
        .where(
            Material.unit_id == unit_id,
            Material.deleted_at.is_(None),
            Material.year >= period.first_year,
            Material.year <= period.last_year,
        )
        .order_by(Material.year, Material.id)
    )
    found: dict[str, list[str]] = {}
    for material in session.scalars(query):
        paragraphs = [line.strip() for line in material.text.splitlines() if line.strip()]
        found.setdefault(material.topic, []).extend(paragraphs)
    topics = list(dict.fromkeys([*MATERIAL_TOPICS, *found]))
    return {topic: found.get(topic) or [MATERIAL_PLACEHOLDER.format(topic=topic)] for topic in topics}


def _importance(honour: dict[str, Any]) -> tuple[int, int]:
    year = honour["年份"] if isinstance(honour["年份"], int) else 0
    return (level_rank(honour["级别"] or None), -year)


def _by_year(honours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[Any, list[dict[str, Any]]] = {}
    for honour in honours:
        groups.setdefault(honour["年份"] or UNDATED, []).append(honour)
    return [{"年份": year, "荣誉": items, "表述": year_sentence(items)} for year, items in groups.items()]


def _by_level(honours: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = {level: [h for h in honours if h["级别"] == level] for level in LEVELS}
    unlevelled = [h for h in honours if h["级别"] not in LEVELS]
    result = [{"级别": level, "荣誉": items, "数量": len(items)} for level, items in groups.items() if items]
    if unlevelled:
        result.append({"级别": "未定级", "荣誉": unlevelled, "数量": len(unlevelled)})
    return result
