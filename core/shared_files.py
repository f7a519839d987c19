"""Certificate scans and added templates seen from every PC when the records live on a server.

Each PC keeps the files in its own data directory (attachments/, templates/), as with a local database.
With a PostgreSQL server the bytes are also stored in the database (SharedFile, once per content), so a
PC that lacks a file another PC added fetches it on first use. On SQLite nothing is stored twice.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import files
from core.db import Database
from core.models import Attachment, SharedFile, Template
from core.progress import Progress, no_progress

log = logging.getLogger(__name__)


def on_server(session: Session) -> bool:
    return session.get_bind().dialect.name != "sqlite"


def share(session: Session, path: Path, digest: str) -> None:
    """On a server, keep path's bytes in the database (once per content), in the caller's transaction."""
    if not on_server(session) or session.get(SharedFile, digest) is not None:
        return
    data = Path(path).read_bytes()
    session.add(SharedFile(sha256=digest, size=len(data), data=data))


def unshare_if_unused(session: Session, digest: str | None) -> None:
    """Drop the stored bytes once no attachment or template refers to them."""
    if digest is None or not on_server(session):
        return
    used = session.scalar(
        select(Attachment.id).where(Attachment.sha256 == digest).limit(1)
    ) or session.scalar(select(Template.id).where(Template.sha256 == digest).limit(1))
    stored = session.get(SharedFile, digest)
    if not used and stored is not None:
        session.delete(stored)


def ensure_local(database: Database, digest: str | None, target: Path) -> Path:
    """target, written from the database first when this PC lacks it (a file another PC added).

    Returns target whether or not it could be fetched; the caller says when the file is missing.
    """
    if target.exists() or digest is None or database.is_sqlite:
        return target
    with database.session() as session:
        data = session.scalar(select(SharedFile.data).where(SharedFile.sha256 == digest))
    if data is None:
        log.warning("服务器上也没有文件 %s（%s）", target.name, digest)
        return target
    if hashlib.sha256(data).hexdigest() != digest:
        log.error("服务器上的文件 %s 内容与记录不符，未使用", target.name)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomically(target, lambda temporary: temporary.write_bytes(data))
    log.info("已从服务器取回文件 %s", target)
    return target


def upload_local_files(
    database: Database, attachments: Path, templates: Path, progress: Progress = no_progress
) -> int:
    """Store on a server the files this PC holds that the server lacks (after copying local records up).

    Returns how many files were stored.
    """
    from core.attachments import ALLOWED_SUFFIXES
    from core.stored_paths import stored_file_or_none

    if database.is_sqlite:
        return 0
    with database.session() as session:
        wanted = [  # a path leaving attachments/ is never read
            (digest, stored_file_or_none(attachments, stored, ALLOWED_SUFFIXES))
            for digest, stored in session.execute(select(Attachment.sha256, Attachment.stored_path))
        ]
        wanted += [
            (digest, templates / Path(path).name)
            for digest, path in session.execute(
                select(Template.sha256, Template.file_path).where(
                    Template.builtin.is_(False), Template.sha256.is_not(None)
                )
            )
        ]
        present = set(session.scalars(select(SharedFile.sha256)))
    missing = {
        digest: path
        for digest, path in wanted
        if digest not in present and path is not None and path.is_file()
    }
    for done, (digest, path) in enumerate(missing.items(), start=1):
        progress(done, len(missing), f"正在上传证书和模板文件（{done}/{len(missing)}）…")
        with database.session(write=True) as session:
            share(session, path, digest)
    return len(missing)
