"""PDF files from outside, opened by pdfium in a child process with limits on memory, CPU and wall time.

A PDF of a few hundred kilobytes can hold a page whose content stream inflates to hundreds of megabytes of
drawing operators, and pdfium builds an object for each: reading the text of one such page took 270 s and
13 GB, rendering it 70 s and 6.6 GB. Nothing in the file's bytes tells such a page from an ordinary one
before pdfium has parsed it, so pdfium runs where the operating system can stop it: a spawned child
(core/reports/office.py's run_in_child, which kills it after the wall time) that first limits its own
address space and CPU time (POSIX; on Windows the wall time alone bounds it).
"""

from __future__ import annotations

from typing import Any

from core.reports.limits import MB, Limits

LIMITS = Limits(cpu_seconds=60, wall_seconds=90.0, memory_bytes=1024 * MB)


class PdfError(Exception):
    """What stopped the reading: "password", "corrupt", "pages" (count in `pages`) or "heavy" (the child
    went past its limits: a page too complex to read safely)."""

    def __init__(self, kind: str, pages: int = 0) -> None:
        super().__init__(kind)
        self.kind = kind
        self.pages = pages


def page_texts(data: bytes, max_pages: int) -> list[str]:
    """The text of every page, in order; PdfError when the file cannot (or may not) be read."""
    return list(_run(_texts_in_child, (data, max_pages)))


def render_page(path: str, index: int, dpi: float, max_side: float) -> tuple[int, int, bytes]:
    """Page `index` (from 0) rendered at dpi, its longer side at most max_side pixels: (width, height,
    RGB bytes)."""
    return _run(_render_in_child, (path, index, dpi, max_side))  # type: ignore[no-any-return]


def _run(target: Any, args: tuple[Any, ...], limits: Limits = LIMITS) -> Any:
    from core.reports.office import ChildFailed, ChildTimeout, run_in_child

    try:
        kind, value = run_in_child(target, (*args, limits), limits.wall_seconds)
    except (ChildFailed, ChildTimeout) as error:  # out of memory, out of CPU time, or killed
        raise PdfError("heavy") from error
    if kind != "ok":
        raise PdfError(kind, value)
    return value


# -- in the child ------------------------------------------------------------------------------------


def _limit(limits: Limits) -> None:
    import sys

    if sys.platform == "win32":
        return
    import resource

    from core.reports.limits import apply_posix_limits

    apply_posix_limits(limits)
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))


def _opened(source: Any, limits: Limits) -> Any:
    """("ok", document) or the answer for a file pdfium cannot open."""
    import pypdfium2 as pdfium

    _limit(limits)
    try:
        return "ok", pdfium.PdfDocument(source)
    except pdfium.PdfiumError as error:
        return ("password" if "password" in str(error).lower() else "corrupt"), 0


def _texts_in_child(data: bytes, max_pages: int, limits: Limits, report_pid: Any) -> tuple[str, Any]:
    kind, document = _opened(data, limits)
    if kind != "ok":
        return kind, document
    try:
        if len(document) > max_pages:
            return "pages", len(document)
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "ok", texts
    finally:
        document.close()


def _render_in_child(
    path: str, index: int, dpi: float, max_side: float, limits: Limits, report_pid: Any
) -> tuple[str, Any]:
    import pypdfium2 as pdfium

    kind, document = _opened(path, limits)
    if kind != "ok":
        return kind, document
    try:
        page = document[index]
        width, height = page.get_size()
        scale = min(dpi / 72, max_side / max(width, height, 1))
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
        return "ok", (image.width, image.height, image.tobytes())
    except pdfium.PdfiumError:
        return "corrupt", 0
    finally:
        document.close()
