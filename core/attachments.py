"""Scanned certificates attached to honours, copied into the data directory's attachments/."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import files, shared_files
from core.changelog import record_change
from core.db import Database
from core.errors import NotFoundError, UserError
from core.models import Attachment, Honour
from core.stored_paths import stored_file, stored_file_or_none

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".pdf")
MAX_BYTES = 50 * 1024 * 1024
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


class AttachmentService:
    def __init__(self, database: Database) -> None:
        if database.data_dir is None:
            raise ValueError("attachments need a data directory")
        self.db = database
        self.folder = database.data_dir.attachments

    def add(self, honour_id: int, source: Path) -> Attachment:
        source = Path(source)
        if not source.is_file():
            raise UserError(f"找不到文件“{source}”。")
        if source.suffix.lower() not in ALLOWED_SUFFIXES:
            raise UserError(
                f"文件“{source.name}”不是图片或 PDF，只能附加 {'、'.join(ALLOWED_SUFFIXES)} 文件。"
            )
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise UserError(f"文件“{source.name}”超过 50 MB，请压缩后再附加。")
        with self.db.session(write=True) as session:
            honour = session.get(Honour, honour_id)
            if honour is None or honour.is_deleted:
                raise NotFoundError("找不到这项荣誉，它可能已被删除。")
            attachment = store_attachment(session, self.folder, honour, source)
        return attachment

    def list(self, honour_id: int) -> list[Attachment]:
        with self.db.session() as session:
            query = select(Attachment).where(Attachment.honour_id == honour_id).order_by(Attachment.id)
            return list(session.scalars(query).all())

    def counts(self, honour_ids: list[int]) -> dict[int, int]:
        with self.db.session() as session:
            rows = session.scalars(select(Attachment.honour_id).where(Attachment.honour_id.in_(honour_ids)))
            result: dict[int, int] = {}
            for honour_id in rows:
                result[honour_id] = result.get(honour_id, 0) + 1
            return result

    def path(self, attachment: Attachment) -> Path:
        """The file on this PC; with a server, fetched first when another PC added it."""
        target = stored_file(
            self.folder, attachment.stored_path, ALLOWED_SUFFIXES, f"证书附件“{attachment.original_name}”"
        )
        return shared_files.ensure_local(self.db, attachment.sha256, target)

    def remove(self, attachment_id: int) -> None:
        """Delete the attachment and, when no other record uses it, its file. A file held open (a viewer
        on Windows) is reported in Chinese and nothing is deleted: the file is moved aside before the
        record goes, and moved back if the record cannot go."""
        aside: tuple[Path, Path] | None = None
        try:
            with self.db.session(write=True) as session:
                attachment = session.get(Attachment, attachment_id)
                if attachment is None:
                    raise NotFoundError("找不到这份证书附件，它可能已被移除。")
                if not self._used_elsewhere(session, attachment):
                    aside = self._move_aside(attachment)
                record_change(
                    session,
                    "purge",
                    "attachment",
                    attachment.id,
                    f"删除附件“{attachment.original_name}”",
                    {"honour_id": attachment.honour_id},
                )
                session.delete(attachment)
                session.flush()
                shared_files.unshare_if_unused(session, attachment.sha256)
        except BaseException:
            if aside is not None:
                files.replace(aside[1], aside[0])
            raise
        if aside is not None:
            files.discard(aside[1])

    def _used_elsewhere(self, session: Session, attachment: Attachment) -> bool:
        query = select(Attachment.id).where(
            Attachment.stored_path == attachment.stored_path, Attachment.id != attachment.id
        )
        return session.scalar(query) is not None

    def _move_aside(self, attachment: Attachment) -> tuple[Path, Path] | None:
        stored = stored_file_or_none(self.folder, attachment.stored_path, ALLOWED_SUFFIXES)
        if stored is None or not stored.exists():  # a path leaving attachments/ is never touched
            return None
        aside = stored.with_name(f".{stored.name}.deleting")
        try:
            files.replace(stored, aside)
        except OSError as error:
            raise UserError(
                f"无法删除附件“{attachment.original_name}”：{files.why_not_written(stored, error)}附件未删除。"
            ) from error
        return stored, aside


def store_attachment(
    session: Session, folder: Path, honour: Honour, source: Path, name: str | None = None
) -> Attachment:
    """Copy source into folder/<honour id>/ and record it, in the caller's transaction (the copy stays
    behind if that transaction rolls back; an identical file is stored once per honour)."""
    name = name or source.name
    directory = folder / str(honour.id)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise files.write_failure(directory, error, verb="保存附件") from error
    copied, digest, size = _copy_hashed(source, directory, name)
    relative = f"{honour.id}/{digest[:12]}-{_UNSAFE.sub('_', name)}"
    target = folder / relative
    try:
        files.check_path_length(target)
        files.replace(copied, target)  # retried while a scanner looks at the fresh copy
    except BaseException as error:
        copied.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise files.write_failure(target, error, verb="保存附件") from error
        raise
    attachment = Attachment(
        honour_id=honour.id,
        original_name=name,
        stored_path=relative,
        size=size,
        sha256=digest,
    )
    session.add(attachment)
    session.flush()
    shared_files.share(session, target, digest)
    record_change(
        session,
        "create",
        "attachment",
        attachment.id,
        f"为荣誉“{honour.title}”附加证书“{name}”",
        {"honour_id": honour.id},
    )
    return attachment


def _copy_hashed(source: Path, directory: Path, name: str) -> tuple[Path, str, int]:
    """The source copied once into directory under a temporary name, hashed and counted as it is copied:
    the record then names exactly the bytes stored. Hashed first and copied after, a file that changed
    in between (a scanner still writing it) was stored under another content's hash, and overwrote an
    earlier attachment of the honour stored under that hash. A file that grows past MAX_BYTES while
    it is copied is refused."""
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".adding-")
    copied = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as out:
            digest, size = files.copy_hashed(
                source,
                out,
                limit=MAX_BYTES,
                too_large=lambda: UserError(
                    f"文件“{name}”超过 {MAX_BYTES // 1024 // 1024} MB，请压缩后再附加。"
                ),
            )
        with contextlib.suppress(OSError):
            shutil.copystat(source, copied)
    except BaseException as error:
        copied.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise files.write_failure(directory / name, error, verb="保存附件") from error
        raise
    return copied, digest, size
