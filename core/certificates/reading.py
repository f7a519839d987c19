"""The whole way from files to readings: check every file, then recognise and understand each image.

Every file is checked (kind, size, header, PDF page count) before the first image is recognised, so a
bad file stops the run before any time is spent; an image that fails to decode later is reported on its
own and the others are read.

Given a page_folder (the window's private folder), each file is first copied there once, hashed as it
is copied (files.copy_hashed), and everything after reads the copy: the checks, the recogniser, the
image the clerk reviews and the attachment an honour gets are the same bytes, whatever happens to the
file on its U 盘 or share meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import files
from core.certificates.bodies import KnownNames
from core.certificates.engine import engine
from core.certificates.images import (
    MAX_FILE_BYTES,
    Loader,
    Source,
    all_sources,
    check_file,
    expand,
    save_page,
    save_preview,
)
from core.certificates.understand import Reading, understand
from core.errors import UserError
from core.progress import Progress, no_progress
from core.temporary import failed_on_copy_side

log = logging.getLogger(__name__)


@dataclass
class CertificateResult:
    """One image read: where it came from, the file that shows it, and what it says."""

    source: Source
    image: Path  # the image file itself, or a PDF page saved as JPEG (what an honour gets attached)
    reading: Reading | None
    size: tuple[int, int] = (0, 0)  # of the image the lines' boxes are in (preview's, when there is one)
    error: str | None = None
    preview: Path | None = None  # a large image shrunk, to show instead of decoding the file again
    digest: str | None = None  # SHA-256 of the bytes read (the private copy of the image or the PDF)

    @property
    def content_key(self) -> str | None:
        """What the certificate is, by content: the bytes read, and the page of a PDF."""
        return f"{self.digest}:{self.source.page or 0}" if self.digest else None

    def as_json(self) -> dict[str, Any]:
        """The fields in the order `read-certificate --json` promises, then the extras."""
        r = self.reading

        def value(name: str) -> Any:
            found = getattr(r, name) if r else None
            return found.as_json() if found else None

        return {
            "file": str(self.source.path),
            "title": value("title"),
            "awarded_by": value("awarded_by"),
            "year": r.year if r else None,
            "date": value("date"),
            "unit": value("unit"),
            "recipient": value("recipient"),
            "document_no": value("document_no"),
            "level": value("level"),
            "confidence": r.confidences() if r else {},
            "lines": [line.text for line in r.lines] if r else [],
            "page": self.source.page,
            "certificate_no": value("certificate_no"),
            "notes": ([*r.notes] if r else []) + ([self.error] if self.error else []),
            "level_inferred": bool(r and r.level and r.level_rule),
            "level_rule": r.level_rule if r and r.level else None,
        }


def read_certificates(
    paths: Iterable[Path],
    known: KnownNames | None = None,
    *,
    progress: Progress = no_progress,
    page_folder: Path | None = None,
    today: dt.date | None = None,
) -> list[CertificateResult]:
    """Read each image (each page of a PDF), in order. page_folder: where a PDF page is saved as
    the JPEG that shows it; without one a page's result points at the PDF itself."""
    copies = _private_copies(expand(paths), page_folder) if page_folder is not None else {}
    sources = all_sources(copies or paths)
    progress(0, len(sources), "正在载入识别模型")
    ocr = engine()
    results = []
    with Loader() as loader:  # one bounded child per PDF, ended on cancel too
        for done, source in enumerate(sources):
            progress(done, len(sources), f"正在识别 {source.label}（{done + 1}/{len(sources)}）")
            original, digest = copies.get(source.path, (source.path, None))
            named = Source(original, source.page)  # the clerk's file, the copy's bytes
            try:
                decoded = loader.decode(source)
            except UserError as error:
                results.append(
                    CertificateResult(named, source.path, None, error=error.message, digest=digest)
                )
                continue
            image = decoded.image
            page = ocr.recognise(image)
            reading = understand(page, known, today)
            shown = save_page(image, page_folder, source) if source.page and page_folder else source.path
            preview = None
            if source.page is None and page_folder and decoded.size != image.size:
                preview = save_preview(image, page_folder, source, done)
            results.append(
                CertificateResult(named, shown, reading, image.size, preview=preview, digest=digest)
            )
    progress(len(sources), len(sources), "")
    return results


def _private_copies(paths: list[Path], folder: Path) -> dict[Path, tuple[Path, str]]:
    """Each file copied once into folder (a numbered subfolder each, under the file's own name, which
    the messages show), hashed as it is copied: copy → (the clerk's file, the copy's SHA-256)."""
    copies: dict[Path, tuple[Path, str]] = {}
    for number, path in enumerate(paths):
        check_file(path)
        target = folder / "原件" / str(number + 1) / path.name
        copies[target] = (path, _copy(path, target))
    return copies


def _copy(path: Path, target: Path) -> str:
    def too_large() -> UserError:
        return UserError(f"文件“{path.name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，请缩小后再识别。")

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, _size = files.copy_hashed(path, target, limit=MAX_FILE_BYTES, too_large=too_large)
    except OSError as error:
        log.info("无法复制 %s", path, exc_info=error)
        if failed_on_copy_side(error, target.parent) or not target.parent.is_dir():
            reason = files.why_not_written(target, error)
            raise UserError(f"无法把文件“{path.name}”复制到本机的临时文件夹后识别：{reason}") from error
        reason = files.why_not_read(error) or "无法读取，可能已被移走、没有读取权限或正被其他程序占用"
        raise UserError(f"文件“{path.name}”{reason}。") from error
    return digest
