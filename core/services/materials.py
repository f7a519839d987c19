"""Work materials (工作材料): a unit's prose by year and topic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import FieldProblem, UserError, ValidationError
from core.fields import MATERIAL_FIELDS
from core.models import Material, Unit
from core.services.records import RecordService


class MaterialService(RecordService[Material]):
    model = Material
    fields = MATERIAL_FIELDS
    entity = "material"
    noun = "工作材料"

    def create(self, unit_id: int, data: Mapping[str, Any], *, session: Session | None = None) -> Material:
        return self._create(data, session, unit_id=unit_id)

    def list(self, unit_id: int, *, year: int | None = None, topic: str | None = None) -> list[Material]:
        """A unit's live materials, newest year first, topics in their usual order."""
        query = select(Material).where(Material.unit_id == unit_id, Material.deleted_at.is_(None))
        if year is not None:
            query = query.where(Material.year == year)
        if topic:
            query = query.where(Material.topic == topic)
        with self.db.session() as session:
            materials = list(session.scalars(query).all())
        topics = {topic: index for index, topic in enumerate(self.fields[1].choices)}
        return sorted(materials, key=lambda m: (-m.year, topics.get(m.topic, len(topics)), m.id))

    def _describe(self, record: Material) -> str:
        return f"{record.year}年“{record.topic}”"

    def _before_save(self, session: Session, record: Material) -> None:
        unit = session.get(Unit, record.unit_id)
        if unit is None or unit.is_deleted:
            raise UserError("工作材料所属的单位已不在档案中（可能已被删除），无法保存。")
        query = select(Material.id).where(
            Material.unit_id == record.unit_id,
            Material.year == record.year,
            Material.topic == record.topic,
            Material.deleted_at.is_(None),
        )
        if record.id is not None:
            query = query.where(Material.id != record.id)
        other = session.scalar(query.limit(1))
        if other is not None:
            raise ValidationError(
                [
                    FieldProblem(
                        "topic",
                        "主题",
                        record.topic,
                        f"单位“{unit.name}”{record.year}年已有这一主题的材料，请直接修改它",
                    )
                ]
            )
