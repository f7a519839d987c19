"""What units, honours and materials share: validated create/update with optimistic locking,
soft delete, restore, purge, and a change-log row for each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import ACTION_NAMES, changes_since, local_time, plain, record_change
from core.changes import Changes
from core.db import Database
from core.errors import ConflictError, NotFoundError, UserError
from core.fields import Field, clean_values
from core.inferred import settled
from core.models import Honour, Material, Unit, utcnow

Record = TypeVar("Record", Unit, Honour, Material)


class RecordService(Generic[Record]):
    model: ClassVar[type]
    fields: ClassVar[tuple[Field, ...]]
    entity: ClassVar[str]  # change-log name: "unit"
    noun: ClassVar[str]  # Chinese: "单位"
    marks: ClassVar[dict[str, str]] = {}  # field → the extra field marking it inferred (core/inferred.py)

    def __init__(self, database: Database) -> None:
        self.db = database

    @property
    def changes(self) -> Changes:
        """What a write through this service changes."""
        return Changes.of(self.entity)

    # -- hooks for the concrete services ---------------------------------------------------------

    def _describe(self, record: Record) -> str:
        """A short Chinese description for messages and the change log."""
        raise NotImplementedError

    def _before_save(self, session: Session, record: Record) -> None:
        """Derive columns and check uniqueness; raise ValidationError to refuse."""

    def _settled(self, record: Record, values: Mapping[str, Any]) -> Mapping[str, Any]:
        """An update's values with the marks it makes untrue dropped: a value set by hand is no longer
        marked as inferred."""
        for key, mark in self.marks.items():
            values = settled(getattr(record, key), getattr(record, "extra", None), values, key, mark)
        return values

    def _check_can_restore(self, session: Session, record: Record) -> None:
        self._before_save(session, record)

    def _after_purge(self, record: Record) -> None:
        """Clean up files after a purge has been committed."""

    # -- reading ------------------------------------------------------------------------------

    def get(self, record_id: int, *, include_deleted: bool = False) -> Record:
        with self.db.session() as session:
            return self._load(session, record_id, include_deleted=include_deleted)

    def _load(self, session: Session, record_id: int, *, include_deleted: bool = False) -> Record:
        record = session.get(self.model, record_id)
        if record is None or (record.is_deleted and not include_deleted):
            raise NotFoundError(f"找不到这条{self.noun}记录，它可能已被删除或彻底删除。")
        return record  # type: ignore[no-any-return]

    def field_values(self, record: Record) -> dict[str, Any]:
        """Every field of the record as a plain value: what a later step can check is still there."""
        return {field.key: plain(getattr(record, field.key)) for field in self.fields}

    def current_values(self, record_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """field_values of live records, by id."""
        with self.db.session() as session:
            return {record_id: self.field_values(self._load(session, record_id)) for record_id in record_ids}

    def list_deleted(self) -> list[Record]:
        """The recycle bin for this kind of record, most recently deleted first."""
        with self.db.session() as session:
            query = select(self.model).where(self.model.deleted_at.is_not(None))
            return list(session.scalars(query.order_by(self.model.deleted_at.desc())).all())

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def _work(self, session: Session | None, *, write: bool = True) -> Iterator[Session]:
        """The caller's transaction when one is given (a batch such as an import), else a new one."""
        if session is not None:
            yield session
        else:
            with self.db.session(write=write) as own:
                yield own

    def _create(self, data: Mapping[str, Any], session: Session | None = None, **owned: Any) -> Record:
        values = clean_values(self.fields, data)
        with self._work(session) as session:
            record = self.model(**owned)
            _assign(record, values)
            self._before_save(session, record)
            session.add(record)
            session.flush()
            after = {key: plain(value) for key, value in values.items() if value not in (None, {}, "")}
            self._log(session, "create", record, {"version": record.version, "values": after})
        return record

    def update(self, record_id: int, data: Mapping[str, Any], *, expected_version: int) -> Record:
        """Change some fields. Refused when the record changed since expected_version was read."""
        values = clean_values(self.fields, data, partial=True)
        with self.db.session(write=True) as session:
            return self._update_in(session, record_id, values, expected_version)

    def update_each(
        self,
        values_by_id: Mapping[int, Mapping[str, Any]],
        *,
        expected: Mapping[int, Mapping[str, Any]] | None = None,
    ) -> list[Record]:
        """Change several records in one transaction (a batch edit or its undo): all or none.

        With expected (record id → the values it should still hold, as plain values), refused with a
        ConflictError when any of them was changed meanwhile (by another PC or the command line)."""
        cleaned = {
            record_id: clean_values(self.fields, data, partial=True)
            for record_id, data in values_by_id.items()
        }
        with self.db.session(write=True) as session:
            if expected is not None:
                for record_id, values in expected.items():
                    self._check_values(session, record_id, values)
            return [
                self._update_in(session, record_id, values, None) for record_id, values in cleaned.items()
            ]

    def _check_values(self, session: Session, record_id: int, expected: Mapping[str, Any]) -> None:
        record = self._load(session, record_id)
        labels = {f.key: f.label for f in self.fields}
        changed = {
            key: (value, plain(getattr(record, key)))
            for key, value in expected.items()
            if plain(getattr(record, key)) != plain(value)
        }
        if changed:
            detail = "、".join(
                f"{labels.get(key, key)}（现为“{new if new is not None else ''}”）"
                for key, (_, new) in changed.items()
            )
            raise ConflictError(
                f"{self._describe(record)}已被其他人修改，改动了：{detail}。没有改动任何记录。", changed
            )

    def _update_in(
        self, session: Session, record_id: int, values: Mapping[str, Any], expected_version: int | None
    ) -> Record:
        record = self._load(session, record_id)
        if expected_version is not None:
            self._check_version(session, record, expected_version)
        values = self._settled(record, values)
        changes = {
            key: [plain(getattr(record, key)), plain(value)]
            for key, value in values.items()
            if plain(getattr(record, key)) != plain(value)
        }
        if not changes:
            return record
        _assign(record, values)
        self._before_save(session, record)
        session.flush()
        self._log(session, "update", record, {"version": record.version, "changes": changes})
        return record

    def delete(self, record_id: int, *, expected_version: int | None = None) -> Record:
        """Move to the recycle bin."""
        with self.db.session(write=True) as session:
            return self._delete_in(session, record_id, expected_version)

    def delete_many(
        self, record_ids: Sequence[int], *, expected: Mapping[int, Mapping[str, Any]] | None = None
    ) -> list[Record]:
        """Move several records to the recycle bin in one transaction: all or none.

        With expected (record id → the values it should still hold, as field_values gives them),
        refused with a ConflictError when any of them was changed meanwhile: an undo or redo that
        moves records to the bin does not put another PC's newer change out of sight."""
        with self.db.session(write=True) as session:
            for record_id, values in (expected or {}).items():
                self._check_values(session, record_id, values)
            return [self._delete_in(session, record_id, None) for record_id in record_ids]

    def _delete_in(self, session: Session, record_id: int, expected_version: int | None) -> Record:
        record = self._load(session, record_id)
        if expected_version is not None:
            self._check_version(session, record, expected_version)
        record.deleted_at = utcnow()
        session.flush()
        self._log(session, "delete", record, {"version": record.version})
        return record

    def restore(self, record_id: int) -> Record:
        """Bring back from the recycle bin."""
        with self.db.session(write=True) as session:
            return self._restore_in(session, record_id)

    def restore_many(self, record_ids: Sequence[int]) -> list[Record]:
        """Bring several records back in one transaction: all or none."""
        with self.db.session(write=True) as session:
            return [self._restore_in(session, record_id) for record_id in record_ids]

    def _restore_in(self, session: Session, record_id: int) -> Record:
        record = self._load(session, record_id, include_deleted=True)
        if not record.is_deleted:
            return record
        record.deleted_at = None
        self._check_can_restore(session, record)
        session.flush()
        self._log(session, "restore", record, {"version": record.version})
        return record

    def purge(self, record_id: int) -> None:
        """Remove for good a record that is in the recycle bin."""
        with self.db.session(write=True) as session:
            record = self._load(session, record_id, include_deleted=True)
            if not record.is_deleted:
                raise UserError(f"{self._describe(record)}不在回收站中，不能彻底删除；请先删除。")
            self._log(session, "purge", record, {})
            self._collect_for_purge(session, record)
            session.delete(record)
        self._after_purge(record)

    def _collect_for_purge(self, session: Session, record: Record) -> None:
        """Load what _after_purge needs before the row is gone."""

    # -- helpers ------------------------------------------------------------------------------

    def _check_version(self, session: Session, record: Record, expected_version: int) -> None:
        if record.version == expected_version:
            return
        changed: dict[str, tuple[object, object]] = {}
        who: list[str] = []
        for row in changes_since(session, self.entity, record.id, expected_version):
            who.append(
                f"{row.user}于{local_time(row.at):%Y-%m-%d %H:%M}{ACTION_NAMES.get(row.action, row.action)}"
            )
            for key, (old, new) in row.details.get("changes", {}).items():
                changed[key] = (changed.get(key, (old, new))[0], new)
        labels = {f.key: f.label for f in self.fields}
        detail = "、".join(
            f"{labels.get(k, k)}（现为“{new if new is not None else ''}”）" for k, (_, new) in changed.items()
        )
        message = f"{self._describe(record)}已被其他人修改（{'；'.join(who) or '修改者不详'}）"
        message += f"，改动了：{detail}。" if detail else "。"
        message += "您的修改没有保存，请刷新后重新修改。"
        raise ConflictError(message, changed)

    def _log(self, session: Session, action: str, record: Record, details: dict[str, Any]) -> None:
        summary = f"{ACTION_NAMES[action]}{self.noun}：{self._describe(record)}"
        record_change(session, action, self.entity, record.id, summary, details)


def _assign(record: Any, values: Mapping[str, Any]) -> None:
    for key, value in values.items():
        setattr(record, key, value)
