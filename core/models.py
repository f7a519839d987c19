"""The database tables, as SQLAlchemy 2.0 typed models (DESIGN.md section 4).

Alembic owns the schema: a change here needs a migration in core/migrations/versions/.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, MetaData, String, Text, func, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.partial_date import PartialDate
from core.vocab import DEFAULT_HONOUR_STATUS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_LIVE = text("deleted_at IS NULL")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=func.current_timestamp()
    )


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps the version."""

    version: Mapped[int] = mapped_column(default=1, server_default="1")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def _partial(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    return PartialDate(year, month, day) if year is not None else None


class Unit(Timestamped, Versioned, Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    short_name: Mapped[str | None] = mapped_column(String(100))
    category: Mapped[str | None] = mapped_column(String(20), index=True)
    supervisor: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    founded_year: Mapped[int | None]
    founded_month: Mapped[int | None]
    founded_day: Mapped[int | None]
    leader: Mapped[str | None] = mapped_column(String(50))
    leader_title: Mapped[str | None] = mapped_column(String(50))
    contact_person: Mapped[str | None] = mapped_column(String(50))
    phone: Mapped[str | None] = mapped_column(String(50))
    staff_count: Mapped[int | None]
    student_count: Mapped[int | None]
    class_count: Mapped[int | None]
    party_member_count: Mapped[int | None]
    household_count: Mapped[int | None]
    population: Mapped[int | None]
    land_area_m2: Mapped[float | None]
    building_area_m2: Mapped[float | None]
    profile: Mapped[str | None] = mapped_column(Text)
    motto: Mapped[str | None] = mapped_column(Text)
    features: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # 曾用名: [{"name": …, "until": "2015" | "2015-09" | None}], oldest first (core/former_names.py)
    former_names: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # 原属地区 before a 区划调整, in the same shape (core/former_regions.py)
    former_regions: Mapped[list[Any]] = mapped_column(default=list, server_default="[]")
    # The former names' search keys (name key, pinyin, initials), for the unit search (migration 0008)
    former_keys: Mapped[str] = mapped_column(Text, default="", server_default="")
    pinyin_full: Mapped[str] = mapped_column(Text, default="")
    pinyin_initials: Mapped[str] = mapped_column(Text, default="")

    honours: Mapped[list[Honour]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True
    )
    materials: Mapped[list[Material]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": Versioned.version}  # type: ignore[dict-item]
    __table_args__ = (
        # A name (and a credit code) belongs to one live unit; deleted ones may repeat it.
        Index(
            "uq_units_live_name_key",
            "name_key",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        Index(
            "uq_units_live_credit_code",
            "credit_code",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        Index("ix_units_live_pinyin", "deleted_at", "pinyin_full"),  # the unit list's order
        Index("ix_units_live_region", "deleted_at", "region"),  # the region filter's choices
    )

    @property
    def founded(self) -> PartialDate | None:
        return _partial(self.founded_year, self.founded_month, self.founded_day)

    @founded.setter
    def founded(self, value: PartialDate | None) -> None:
        self.founded_year, self.founded_month, self.founded_day = (
            (value.year, value.month, value.day) if value else (None, None, None)
        )

    def __repr__(self) -> str:
        return f"Unit(id={self.id}, name={self.name!r})"


class Honour(Timestamped, Versioned, Base):
    __tablename__ = "honours"

    id: Mapped[int] = mapped_column(primary_key=True)
    # unit_id, level and awarded_year have no index of their own: the composite indexes below lead
    # with them (unit_id) or with deleted_at before them, and serve every query (migration 0006).
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300), index=True)
    recipient: Mapped[str | None] = mapped_column(String(100))  # None: the unit itself (集体)
    level: Mapped[str | None] = mapped_column(String(10))
    awarded_by: Mapped[str | None] = mapped_column(String(200))
    awarded_year: Mapped[int | None]
    awarded_month: Mapped[int | None]
    awarded_day: Mapped[int | None]
    document_no: Mapped[str | None] = mapped_column(String(100))  # 文号 of the awarding document
    grade: Mapped[str | None] = mapped_column(String(30))  # 等级/名次: 一等奖, 第六名, 金奖
    certificate_no: Mapped[str | None] = mapped_column(String(100))  # 证书编号, not the 文号
    valid_until: Mapped[dt.date | None]
    category: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=DEFAULT_HONOUR_STATUS)
    notes: Mapped[str | None] = mapped_column(Text)
    # Register columns with no field of their own: column name → value (项.其他信息 in templates).
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )

    unit: Mapped[Unit] = relationship(back_populates="honours")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="honour", cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": Versioned.version}  # type: ignore[dict-item]
    # Covering indexes: honour counts per unit and the dashboard's figures read no table rows.
    __table_args__ = (
        Index("ix_honours_unit_live", "unit_id", "deleted_at", "awarded_year"),
        Index("ix_honours_live_level", "deleted_at", "level", "unit_id"),
        Index("ix_honours_live_year", "deleted_at", "awarded_year", "unit_id"),
        Index("ix_honours_live_valid_until", "deleted_at", "valid_until"),
    )

    @property
    def awarded(self) -> PartialDate | None:
        return _partial(self.awarded_year, self.awarded_month, self.awarded_day)

    @awarded.setter
    def awarded(self, value: PartialDate | None) -> None:
        self.awarded_year, self.awarded_month, self.awarded_day = (
            (value.year, value.month, value.day) if value else (None, None, None)
        )

    def __repr__(self) -> str:
        return f"Honour(id={self.id}, title={self.title!r}, year={self.awarded_year})"


class Attachment(Base):
    """A scanned certificate, copied into the data directory's attachments/ folder."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    honour_id: Mapped[int] = mapped_column(ForeignKey("honours.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(260))
    stored_path: Mapped[str] = mapped_column(String(300))  # relative to attachments/
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    honour: Mapped[Honour] = relationship(back_populates="attachments")


class Material(Timestamped, Versioned, Base):
    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batches.id", ondelete="SET NULL"), index=True
    )  # set when the material came from an old report (导入往年材料), so undoing the batch removes it

    unit: Mapped[Unit] = relationship(back_populates="materials")

    __mapper_args__ = {"version_id_col": Versioned.version}  # type: ignore[dict-item]
    __table_args__ = (
        Index(
            "uq_materials_live_unit_year_topic",
            "unit_id",
            "year",
            "topic",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )

    def __repr__(self) -> str:
        return f"Material(id={self.id}, year={self.year}, topic={self.topic!r})"


class Template(Timestamped, Base):
    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_path: Mapped[str] = mapped_column(String(300))  # built-in: under resources/; else under templates/
    builtin: Mapped[bool] = mapped_column(default=False)
    fields_used: Mapped[list[Any]] = mapped_column(default=list)
    description: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))  # an added template's content (SharedFile key)


class Report(Base):
    """One generated document: what was asked and where it went."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    template_name: Mapped[str] = mapped_column(String(100))
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    output_path: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ImportBatch(Base):
    """One applied import: what an undo of the batch removes."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What was read: "register" (Excel 登记表), "report" (old Word report), "certificate", "decision" (表彰文件)
    kind: Mapped[str] = mapped_column(String(20), default="register", server_default="register")
    file_name: Mapped[str] = mapped_column(String(500))
    file_hash: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str | None] = mapped_column(String(100))
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[dt.datetime | None]
    # What undoing needs beyond the honours that point here: units created, fields changed (old values).
    undo_data: Mapped[dict[str, Any]] = mapped_column(default=dict, server_default="{}")


class SharedFile(Base):
    """A file every PC must see when the records live on a server: certificate scans and added templates.

    They are copied into each PC's data directory (attachments/, templates/) as on a local database; with a
    PostgreSQL server their bytes are kept here too, once per content, and a PC that lacks the file fetches
    it. On SQLite the table stays empty: the files sit beside the database.
    """

    __tablename__ = "shared_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TitleTerm(Base):
    """How many years a title holds before its 复查 (文明单位: three), set per title by the office."""

    __tablename__ = "title_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    title_key: Mapped[str] = mapped_column(String(300), unique=True)
    years: Mapped[int]


class ColumnMapping(Base):
    """A column mapping the user confirmed, reused for the next file whose header looks the same."""

    __tablename__ = "column_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature: Mapped[str] = mapped_column(Text, unique=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)  # column index (as text) → target
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChangeLog(Base):
    """Who changed what, when: one row per create, update, delete, restore, purge, import."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    __table_args__ = (Index("ix_change_log_entity", "entity", "entity_id"),)
