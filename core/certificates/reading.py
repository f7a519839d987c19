"""The whole way from files to readings: check every file, then recognise and understand each image.

Every file is checked (kind, size, header, PDF page count) before the first image is recognised, so a
bad file stops the run before any time is spent; an image that fails to decode later is reported on its
own and the others are read.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.certificates.bodies import KnownNames
from core.certificates.engine import engine
from core.certificates.images import Loader, Source, all_sources, save_page, save_preview
from core.certificates.understand import Reading, understand
from core.errors import UserError
from core.progress import Progress, no_progress

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
    sources = all_sources(paths)
    progress(0, len(sources), "正在载入识别模型")
    ocr = engine()
    results = []
    with Loader() as loader:  # one bounded child per PDF, ended on cancel too
        for done, source in enumerate(sources):
            progress(done, len(sources), f"正在识别 {source.label}（{done + 1}/{len(sources)}）")
            try:
                decoded = loader.decode(source)
            except UserError as error:
                results.append(CertificateResult(source, source.path, None, error=error.message))
                continue
            image = decoded.image
            page = ocr.recognise(image)
            reading = understand(page, known, today)
            shown = save_page(image, page_folder, source) if source.page and page_folder else source.path
            preview = None
            if source.page is None and page_folder and decoded.size != image.size:
                preview = save_preview(image, page_folder, source, done)
            results.append(CertificateResult(source, shown, reading, image.size, preview=preview))
    progress(len(sources), len(sources), "")
    return results
