"""Proposals from certificates, reviewed by the clerk, written as one undoable batch.

A batch is an ImportBatch of kind "certificate": its honours point at it, the units it had to create
are listed in undo_data (as for an Excel import), and so are the attachment files it stored, so that
undoing the batch from the import history removes all of it. The image of each certificate is stored
as its honour's attachment (core/attachments.py) in the same transaction: the very bytes recognised and
reviewed (reading.py's private copy), checked against their hash as they are stored. An honour already
recorded for the same unit, title and year is skipped: reading the same certificates twice adds nothing.
The batch's file_hash is of the certificates' content (and pages), not their names and sizes.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.attachments import store_attachment
from core.certificates.bodies import KnownUnit
from core.certificates.reading import CertificateResult
from core.changelog import record_change
from core.changes import Changes
from core.db import Database
from core.errors import FieldProblem, UserError, ValidationError
from core.fields import HONOUR_FIELDS, Field, clean_values
from core.former_names import find_by_former_name
from core.importing.infer import Inference
from core.inferred import LEVEL_MARK, marked
from core.models import Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.pinyin_keys import search_keys
from core.progress import Progress, no_progress
from core.services.honours import find_duplicate
from core.text import clean_text, name_key
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)

KIND = "certificate"
_OWN_FIELDS = (
    Field("certificate_no", "证书编号", max_length=100, help="证书上印的编号，不是文号"),
    Field("grade", "等级/名次", max_length=30, help="如 一等奖、第一名"),
)
# The honour form's fields, and the two a certificate prints that the form may not have yet.
CERTIFICATE_FIELDS: tuple[Field, ...] = (
    *HONOUR_FIELDS,
    *(f for f in _OWN_FIELDS if f.key not in {h.key for h in HONOUR_FIELDS}),
)
UNIT_LABEL = "单位"


@dataclass
class Proposal:
    """One honour to be: the form's values as text, the unit it goes to, and its certificate image."""

    image: Path
    image_name: str  # the name the attachment keeps: the file's, or 扫描件-第2页.jpg
    unit_name: str
    values: dict[str, Any]
    unit_id: int | None = None
    accepted: bool = True
    duplicate_of: int | None = None  # an honour already recorded, found by mark_duplicates()
    problems: list[FieldProblem] = field(default_factory=list)
    # The level the reading inferred and its rule, kept as the honour's 级别推断 mark when saved with
    # that level; None once the clerk changes the level (a level chosen by hand is not a guess).
    level_inferred: Inference | None = None
    # SHA-256 of the image file as recognised and reviewed (None for a PDF page, saved from its rendering)
    image_digest: str | None = None
    content_key: str | None = None  # CertificateResult.content_key: the bytes read and the page

    def edit(self, unit_name: str, values: dict[str, Any]) -> None:
        """The clerk's text for the proposal (what the form shows)."""
        if values.get("level") != self.values.get("level"):
            self.level_inferred = None
        self.unit_name, self.values = unit_name, values

    def level_mark(self, values: dict[str, Any]) -> dict[str, Any]:
        """The cleaned values, with the mark in extra when they keep the inferred level."""
        inferred = self.level_inferred
        if inferred is None or not values.get("level") or values["level"] != inferred.value:
            return values
        return {**values, "extra": marked(values.get("extra"), LEVEL_MARK, inferred.rule)}


def proposal_from(result: CertificateResult, default_unit: KnownUnit | None = None) -> Proposal:
    """What the clerk sees first: the reading's fields, the holder's unit or else the current one."""
    reading = result.reading
    image_name = result.image.name
    values: dict[str, Any] = {f.key: None for f in CERTIFICATE_FIELDS}
    values["status"] = DEFAULT_HONOUR_STATUS
    if reading is None:
        unit = default_unit
        made = Proposal(
            result.image, image_name, unit.name if unit else "", values, unit.id if unit else None
        )
        return _with_content(made, result)
    for key in ("title", "recipient", "level", "awarded_by", "document_no", "certificate_no", "grade"):
        found = getattr(reading, key, None)
        values[key] = found.value if found else None
    values["awarded"] = reading.date.value.iso() if reading.date else None
    if reading.unit is not None:
        made = Proposal(result.image, image_name, reading.unit.value, values, reading.unit_id)
    else:
        made = Proposal(
            result.image,
            image_name,
            default_unit.name if default_unit else "",
            values,
            default_unit.id if default_unit else None,
        )
    made.accepted = reading.honour  # a 聘书 or a notice is shown unticked: there is no honour to record
    if reading.level is not None and reading.level_rule:
        made.level_inferred = Inference(reading.level.value, reading.level_rule)
    return _with_content(made, result)


def _with_content(made: Proposal, result: CertificateResult) -> Proposal:
    made.content_key = result.content_key
    if result.source.page is None:  # the image is the file read itself (its private copy)
        made.image_digest = result.digest
    return made


def check_proposal(proposal: Proposal) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The cleaned values, or the problems: what the form shows beside its fields."""
    problems: list[FieldProblem] = []
    if not clean_text(proposal.unit_name):
        problems.append(FieldProblem("unit", UNIT_LABEL, None, "不能为空：请选择或填写单位"))
    try:
        values = clean_values(CERTIFICATE_FIELDS, proposal.values)
    except ValidationError as error:
        return {}, problems + error.problems
    return values, problems


def mark_duplicates(database: Database, proposals: Sequence[Proposal]) -> None:
    """Set duplicate_of on each proposal whose honour is already recorded (and un-accept it)."""
    with database.session() as session:
        for proposal in proposals:
            values, problems = check_proposal(proposal)
            proposal.duplicate_of = None
            if problems:
                continue
            unit_id = _existing_unit_id(session, proposal)
            if unit_id is None:
                continue
            other = find_duplicate(session, _honour(unit_id, values, None))
            if other is not None:
                proposal.duplicate_of = other.id
                proposal.accepted = False


@dataclass
class CertificateBatch:
    batch_id: int | None
    honours_created: int
    duplicates: int
    units_created: int
    attachments: int

    @property
    def changes(self) -> Changes:
        """What the window refreshes: the honours, their certificates, the import history (and units)."""
        return Changes(units=self.units_created > 0, honours=True, attachments=True, imports=True)


def apply_proposals(
    database: Database, proposals: Sequence[Proposal], label: str, progress: Progress = no_progress
) -> CertificateBatch:
    """Write the accepted proposals in one transaction after a backup. Raises ValidationError (nothing
    written) when an accepted proposal has a bad field; each proposal's problems are set on it."""
    accepted = [p for p in proposals if p.accepted]
    checked = []
    for proposal in accepted:
        values, proposal.problems = check_proposal(proposal)
        checked.append((proposal, values))
    bad = [p for p in accepted if p.problems]
    if bad:
        raise ValidationError(bad[0].problems)
    if not accepted:
        raise UserError("没有接受任何一项，未保存。")
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-certificates")
    folder = _attachment_folder(database)
    stored: list[Path] = []
    try:
        with database.session(write=True) as session:
            return _write(session, checked, label, folder, stored, progress)
    except BaseException:
        for path in stored:  # the transaction rolled back: its copies go too
            path.unlink(missing_ok=True)
        raise


def _write(
    session: Session,
    checked: list[tuple[Proposal, dict[str, Any]]],
    label: str,
    folder: Path,
    stored: list[Path],
    progress: Progress,
) -> CertificateBatch:
    batch = ImportBatch(
        kind=KIND, file_name=label[:500], file_hash=_batch_hash(checked), sheet=None, mapping={}
    )
    session.add(batch)
    session.flush()
    created_units: list[int] = []
    created = duplicates = 0
    for done, (proposal, values) in enumerate(checked):
        progress(done, len(checked), f"正在保存 {proposal.image_name}")
        unit_id = _existing_unit_id(session, proposal)
        if unit_id is None:
            unit_id = _create_unit(session, proposal.unit_name)
            created_units.append(unit_id)
        honour = _honour(unit_id, proposal.level_mark(values), batch.id)
        if find_duplicate(session, honour) is not None:
            duplicates += 1
            continue
        session.add(honour)
        session.flush()
        attachment = store_attachment(session, folder, honour, proposal.image, proposal.image_name)
        stored.append(folder / attachment.stored_path)
        if proposal.image_digest is not None and attachment.sha256 != proposal.image_digest:
            log.warning(
                "%s 在识别之后被改动：%s ≠ %s", proposal.image, attachment.sha256, proposal.image_digest
            )
            raise UserError(
                f"证书图片“{proposal.image_name}”在识别之后被改动过，未保存任何一项；请重新识别。"
            )
        created += 1
    counts = {
        "units_created": len(created_units),
        "units_updated": 0,
        "honours_created": created,
        "duplicates": duplicates,
        "rejected": 0,
    }
    batch.counts = counts
    batch.undo_data = {
        "created_units": created_units,
        "updated_units": {},
        "attachment_files": [path.relative_to(folder).as_posix() for path in stored],
    }
    record_change(
        session,
        "import",
        "import_batch",
        batch.id,
        f"从证书识别（{label}）：新增荣誉 {created} 项，新建单位 {len(created_units)} 个，重复 {duplicates} 项",
        {"counts": counts, "kind": KIND},
    )
    progress(len(checked), len(checked), "")
    return CertificateBatch(batch.id, created, duplicates, len(created_units), len(stored))


def _attachment_folder(database: Database) -> Path:
    if database.data_dir is None:
        raise ValueError("certificates need a data directory for their images")
    return database.data_dir.attachments


def _existing_unit_id(session: Session, proposal: Proposal) -> int | None:
    if proposal.unit_id is not None:
        unit = session.get(Unit, proposal.unit_id)
        if unit is not None and not unit.is_deleted and name_key(unit.name) == name_key(proposal.unit_name):
            return unit.id
    query = select(Unit.id).where(Unit.deleted_at.is_(None), Unit.name_key == name_key(proposal.unit_name))
    found = session.scalar(query)
    if found is None and (formerly := find_by_former_name(session, proposal.unit_name)) is not None:
        return formerly[0].id  # the name the certificate gives is the unit's former one
    return found


def _create_unit(session: Session, name: str) -> int:
    name = clean_text(name) or name
    full, initials = search_keys(name, None)
    unit = Unit(name=name, name_key=name_key(name), pinyin_full=full, pinyin_initials=initials, extra={})
    session.add(unit)
    session.flush()
    record_change(session, "create", "unit", unit.id, f"从证书识别新建单位“{name}”", {})
    return unit.id


def _honour(unit_id: int, values: dict[str, Any], batch_id: int | None) -> Honour:
    awarded: PartialDate | None = values.get("awarded")
    columns = {key: value for key, value in values.items() if key != "awarded" and hasattr(Honour, key)}
    columns["extra"] = columns.get("extra") or {}  # HONOUR_FIELDS holds the extra fields (a mapping)
    honour = Honour(unit_id=unit_id, import_batch_id=batch_id, **columns)
    honour.title_key = name_key(honour.title)
    honour.status = honour.status or DEFAULT_HONOUR_STATUS
    honour.awarded = awarded
    return honour


def _batch_hash(checked: list[tuple[Proposal, dict[str, Any]]]) -> str:
    """The certificates by content: what was read (and which page), not the files' names and sizes."""
    digest = hashlib.sha256()
    for proposal, _values in checked:
        digest.update((proposal.content_key or _content_of(proposal.image)).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _content_of(image: Path) -> str:
    """SHA-256 of an image file, read in chunks ("" when it is gone)."""
    digest = hashlib.sha256()
    try:
        with image.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
