"""PDF files from outside, opened by pdfium in a child process with limits on memory, CPU and wall time.

A PDF of a few hundred kilobytes can hold a page whose content stream inflates to hundreds of megabytes of
drawing operators, and pdfium builds an object for each: reading the text of one such page took 270 s and
13 GB, rendering it 70 s and 6.6 GB. Nothing in the file's bytes tells such a page from an ordinary one
before pdfium has parsed it, so pdfium runs where the operating system can stop it: a spawned child that
limits its own address space and CPU time (POSIX) or that the parent puts into a job object with a memory
and CPU-time limit (Windows, core/reports/limits.py), before it is sent the file.

One child serves a whole file (starting one costs more than rendering a page): the parent asks for one
page at a time, so the caller reports progress and may stop between pages. Each page is a job with its own
CPU budget and wall time; a page that breaks a limit kills the child and is refused, and the next page is
read by a new child. The time spent waiting on children for one file has a cap that grows with its page
count, so a file of many heavy pages ends in minutes, not hours.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
from typing import Any

from core import clock
from core.reports.limits import MB, READY, START_SECONDS, Limits, WindowsJob, on_windows

log = logging.getLogger(__name__)

LIMITS = Limits(cpu_seconds=60, wall_seconds=90.0, memory_bytes=1024 * MB)  # opening the file, or one page
PAGE_SECONDS = 10.0  # what each page adds to the file's wall-time budget
FILE_SECONDS = 300.0  # the file's budget never passes this, however many pages it has


class PdfError(Exception):
    """What stopped the reading: "password", "corrupt", "pages" (count in `pages`), "heavy" (the child
    went past its limits: a page too complex to read safely; `page` from 1, 0 when opening the file),
    "budget" (earlier heavy pages used up the file's time: this page was not tried) or "blocked" (the
    child could not start: security software, limits.BLOCKED_HINT; the file was not looked at)."""

    def __init__(self, kind: str, pages: int = 0, page: int = 0) -> None:
        super().__init__(kind)
        self.kind = kind
        self.pages = pages
        self.page = page


def file_seconds(pages: int, limits: Limits = LIMITS) -> float:
    """The wall time a file of `pages` pages may take in its children, all pages and restarts together."""
    return min(limits.wall_seconds + PAGE_SECONDS * pages, FILE_SECONDS)


class BoundedPdf:
    """One PDF (a path, or its bytes) read page by page in bounded children; close() ends the child."""

    def __init__(self, source: str | bytes, limits: Limits = LIMITS) -> None:
        self.source = source
        self.limits = limits
        self.pages: int | None = None
        self.spent = 0.0  # seconds waited on children for this file
        self._child: _Child | None = None
        self._failed: PdfError | None = None

    def page_count(self) -> int:
        if self.pages is None:
            self._opened(0)
        assert self.pages is not None
        return self.pages

    def render(self, index: int, dpi: float, max_side: float) -> tuple[int, int, bytes]:
        """Page `index` (from 0) at dpi, its longer side at most max_side pixels: (width, height, RGB)."""
        return self._page(index, ("render", index, dpi, max_side))  # type: ignore[no-any-return]

    def text(self, index: int) -> str:
        return self._page(index, ("text", index))  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def __enter__(self) -> BoundedPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the jobs

    def _opened(self, page: int) -> _Child:
        """The child holding the open file; `page` (from 1) is the one wanted, for the errors."""
        if self._failed is not None:
            raise self._failed
        if self._child is None:
            if self._budget() <= 0:
                raise PdfError("budget", page=page)
            child = _Child(self.limits)
            try:
                kind, value = self._ask(child, ("open", self.source), page)
            except PdfError as error:  # the file itself is too heavy to open: so would every page be
                self._failed = PdfError(error.kind)
                raise self._failed from error
            if kind != "ok":
                child.close()
                self._failed = PdfError(kind)
                raise self._failed
            self.pages, self._child = value, child
        return self._child

    def _page(self, index: int, message: tuple[Any, ...]) -> Any:
        child = self._opened(index + 1)
        kind, value = self._ask(child, message, page=index + 1)
        if kind == "ok":
            return value
        if kind == "memory":  # pdfium may be left half-way: the next page gets a fresh child
            self._drop(child)
            raise PdfError("heavy", page=index + 1)
        if kind == "crash":
            log.error("PDF child failed on page %s:\n%s", index + 1, value)
        raise PdfError("corrupt", page=index + 1)

    def _budget(self) -> float:
        return file_seconds(self.pages or 0, self.limits) - self.spent

    def _ask(self, child: _Child, message: tuple[Any, ...], page: int) -> tuple[str, Any]:
        budget = self._budget()
        if budget <= 0:
            self._drop(child)
            raise PdfError("budget", page=page)
        try:
            child.await_start()  # the copy's start (scanned by security software) is not the file's time
        except NotStarted as error:
            log.warning("PDF child did not start: %s", error)
            self._drop(child)
            raise PdfError("blocked", page=page) from error
        started = clock.awake()
        try:
            return child.call(message, min(self.limits.wall_seconds, budget))
        except _Stopped as error:  # out of memory, out of CPU time, or past its wall time: killed
            log.warning("PDF child stopped on page %s: %s", page, error)
            self._drop(child)
            raise PdfError("heavy", page=page) from error
        finally:
            self.spent += clock.awake() - started

    def _drop(self, child: _Child) -> None:
        child.kill()
        if self._child is child:
            self._child = None


def page_texts(data: bytes, max_pages: int) -> list[str]:
    """The text of every page, in order; PdfError when the file cannot (or may not) be read."""
    with BoundedPdf(data) as pdf:
        count = pdf.page_count()
        if count > max_pages:
            raise PdfError("pages", count)
        return [pdf.text(index) for index in range(count)]


def page_counts(paths: list[str], limits: Limits = LIMITS) -> list[int | PdfError]:
    """The page count of each file, or the PdfError that stopped it, read in one bounded child (a new
    one after a file that broke the limits): a crafted file list (a page tree of millions of nodes, a
    cross-reference table that inflates to gigabytes) is as hostile as a crafted page."""
    results: list[int | PdfError] = []
    child: _Child | None = None
    try:
        for path in paths:
            child = child or _Child(limits)
            try:
                kind, value = child.call(("count", path), limits.wall_seconds)
            except NotStarted as error:  # a copy that cannot start now will not for the next file either
                log.warning("PDF child did not start: %s", error)
                child.kill()
                child = None
                results.extend(PdfError("blocked") for _ in range(len(paths) - len(results)))
                break
            except _Stopped as error:
                log.warning("PDF child stopped counting the pages of %s: %s", path, error)
                kind, value = "memory", 0
            if kind == "crash":
                log.error("PDF child failed counting the pages of %s:\n%s", path, value)
            if kind in ("memory", "crash"):
                child.kill()
                child = None
            results.append(value if kind == "ok" else PdfError("heavy" if kind == "memory" else kind))
    finally:
        if child is not None:
            child.close()
    return results


def render_page(path: str, index: int, dpi: float, max_side: float) -> tuple[int, int, bytes]:
    """Page `index` (from 0) of one file, in a child of its own (BoundedPdf serves many pages)."""
    with BoundedPdf(path) as pdf:
        return pdf.render(index, dpi, max_side)


# -- the parent's handle on one child ---------------------------------------------------------------


class _Stopped(Exception):
    pass


class NotStarted(_Stopped):
    """The child never said it runs (limits.READY): stopped from outside before it saw the file."""


class _Child:
    """A spawned child serving jobs (`_serve`), under a job object on Windows before its first job.
    job: the module-level function that answers one message (core/image_bounded.py has its own)."""

    def __init__(self, limits: Limits, job: Any = None, name: str = "honourdesk-pdf") -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, end = context.Pipe()
        self.process = context.Process(target=_serve, args=(end, limits, job or _job), name=name, daemon=True)
        self.job: WindowsJob | None = None
        self.started = False
        self.refused: OSError | None = None  # Windows would not start it
        try:
            self.process.start()
        except OSError as error:
            self.refused = error
            return
        finally:
            end.close()
        if on_windows():
            try:
                self.job = WindowsJob(limits)
                self.job.assign(self.process.pid)  # nothing from the file has been read yet
            except OSError:  # the wall time still holds
                log.warning("cannot put the PDF child into a job object", exc_info=True)
                self._release_job()

    def call(self, message: tuple[Any, ...], wall: float) -> tuple[str, Any]:
        self.await_start()
        if not self.process.is_alive():
            raise _Stopped(f"exited with {self.process.exitcode}")
        try:
            if self.job is not None:
                self.job.cpu_budget()
            self.connection.send(message)
            if not self.connection.poll(wall):
                raise _Stopped(f"no answer within {wall:.0f} s")
            return self.connection.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError) as error:
            self.process.join(2)
            raise _Stopped(f"exited with {self.process.exitcode}") from error

    def await_start(self) -> None:
        if self.started:
            return
        if self.refused is not None:
            raise NotStarted(f"not started: {self.refused!r}")
        with contextlib.suppress(EOFError, OSError):
            self.started = self.connection.poll(START_SECONDS) and self.connection.recv()[0] == READY
        if not self.started:
            self.process.join(2)
            raise NotStarted(f"gone before it was ready, exit code {self.process.exitcode}")

    def close(self) -> None:
        """Ask the child to end; kill it when it does not."""
        if self.refused is None and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.connection.send(None)
            self.process.join(2)
        self.kill()

    def kill(self) -> None:
        if self.refused is None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(5)
        self.connection.close()
        self._release_job()

    def _release_job(self) -> None:
        if self.job is not None:
            self.job.close()
            self.job = None


# -- in the child ------------------------------------------------------------------------------------


def _serve(connection: Any, limits: Limits, job: Any = None) -> None:
    """The child's loop: one job per message, None (or the parent gone) to end."""
    import sys

    posix = sys.platform != "win32"
    if posix:
        _limit(limits)
    connection.send((READY, None))
    document: list[Any] = []
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        if posix:
            from core.reports.limits import posix_cpu_budget

            posix_cpu_budget(limits)
        try:
            reply = (job or _job)(message, document)
        except MemoryError:
            reply = ("memory", 0)
        except Exception:  # reported to the parent, which logs it
            import traceback

            reply = ("crash", traceback.format_exc())
        connection.send(reply)


def _limit(limits: Limits) -> None:
    """Memory and no core files; CPU time counted job by job (posix_cpu_budget) up to the file's cap."""
    import resource

    from core.reports.limits import apply_posix_limits

    apply_posix_limits(limits)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cap = int(FILE_SECONDS) + 5
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (min(limits.cpu_seconds, cap), cap))


def _job(message: tuple[Any, ...], document: list[Any]) -> tuple[str, Any]:
    import pypdfium2 as pdfium

    kind, *args = message
    if kind == "count":
        try:
            counted = pdfium.PdfDocument(args[0])
        except pdfium.PdfiumError as error:
            return ("password" if "password" in str(error).lower() else "corrupt"), 0
        try:
            return "ok", len(counted)
        finally:
            counted.close()
    if kind == "open":
        try:
            document.append(pdfium.PdfDocument(args[0]))
        except pdfium.PdfiumError as error:
            return ("password" if "password" in str(error).lower() else "corrupt"), 0
        return "ok", len(document[0])
    try:
        page = document[0][args[0]]
        try:
            return "ok", (_render(page, *args[1:]) if kind == "render" else _text(page))
        finally:
            page.close()
    except pdfium.PdfiumError:
        return "corrupt", 0


def _render(page: Any, dpi: float, max_side: float) -> tuple[int, int, bytes]:
    width, height = page.get_size()
    scale = min(dpi / 72, max_side / max(width, height, 1))
    image = page.render(scale=scale).to_pil().convert("RGB")
    return image.width, image.height, image.tobytes()


def _text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()  # type: ignore[no-any-return]
    finally:
        textpage.close()
