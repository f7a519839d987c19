"""A batch of reports from one template, as one object with a few calls: inspect or open the template
(compiled once), then render a file per unit, or begin a merged document, add units, and end it.

The same object runs in the program's process for the built-in templates and inside the bounded worker
process (worker.py) for every template from outside; the parent talks to it through WorkerSession, which
has the same methods. Files are written to the temporary paths the caller gives; renaming them to their
final names, and telling the user about files open in Word, is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.errors import UserError
from core.reports.engine import CompiledTemplate
from core.reports.inspect import TemplateRefused, TemplateReport, inspect_package
from core.reports.limits import Limits
from core.reports.merge import MergedWriter, MergeOptions
from core.reports.output import NotWritten, why_not_written
from core.reports.package import TemplatePackage
from core.reports.sandbox import TIME_LIMIT
from core.temporary import target_of


class BatchSession:
    def __init__(self, time_limit: float = TIME_LIMIT) -> None:
        self.time_limit = time_limit
        self.template: CompiledTemplate | None = None
        self.merged: MergedWriter | None = None

    def inspect(self, path: str, name: str) -> TemplateReport:
        return inspect_package(TemplatePackage.open(Path(path), name))

    def open(
        self, path: str, name: str, *, check: bool = True, keep_active: bool = False
    ) -> TemplateReport | None:
        """Read, (check,) and compile the template once; TemplateRefused when it may not be used."""
        package = TemplatePackage.open(Path(path), name)
        report = None
        if check:
            report = inspect_package(package)
            if not report.usable:
                raise TemplateRefused(report)
        self.template = CompiledTemplate(package, keep_active=keep_active, time_limit=self.time_limit)
        return report

    def _compiled(self) -> CompiledTemplate:
        if self.template is None:
            raise UserError("模板尚未打开。")
        return self.template

    def render_file(self, context: dict[str, Any], unit_name: str, target: str) -> None:
        template = self._compiled()
        rendered = template.render(context, unit_name)
        try:
            template.write(rendered, Path(target))
        except OSError as error:
            Path(target).unlink(missing_ok=True)
            raise NotWritten(why_not_written(target_of(Path(target)), error)) from error

    def names(self) -> list[str]:
        """The fields the open template names (a summary computes only these)."""
        return self._compiled().names()

    def render_streamed(
        self,
        context: dict[str, Any],
        unit_name: str,
        target: str,
        units: int = 1,
        seconds: float | None = None,
    ) -> None:
        """render_file() for a large document (a summary over thousands of units): its body is
        streamed, so memory follows the fields, not the output. The sandbox's time limit grows with the
        units the context covers (Limits.for_units); seconds: the worker's job's, which already has."""
        template = self._compiled()
        template.time_limit = (
            seconds or Limits(render_seconds=self.time_limit).for_units(units).render_seconds
        )
        try:
            template.write_streamed(context, unit_name, Path(target))
        except OSError as error:
            Path(target).unlink(missing_ok=True)
            raise NotWritten(why_not_written(target_of(Path(target)), error)) from error
        finally:
            template.time_limit = self.time_limit

    def try_render(self, context: dict[str, Any], unit_name: str) -> None:
        """Render once and keep nothing: the trial of `templates check` and `add` (TemplateRunError)."""
        self._compiled().render(context, unit_name)

    def merge_begin(self, target: str, total: int, options: MergeOptions) -> None:
        self.merge_abort()
        with _writing(target):
            self.merged = MergedWriter(self._compiled(), Path(target), total, options)

    def merge_add(self, context: dict[str, Any], unit_name: str) -> None:
        if self.merged is None:
            raise UserError("合并文档尚未开始。")
        rendered = self._compiled().render(context, unit_name)
        with _writing(self.merged.target):
            self.merged.add(rendered)

    def merge_end(self) -> None:
        if self.merged is not None:
            with _writing(self.merged.target):
                self.merged.close()
            self.merged = None

    def merge_abort(self) -> None:
        if self.merged is not None:
            self.merged.abort()
            self.merged = None

    def close(self) -> None:
        self.merge_abort()
        self.template = None


@contextmanager
def _writing(temporary: str | Path) -> Iterator[None]:
    """A merged document that cannot be written on (a full disk, a USB stick pulled out): NotWritten, naming
    the file the user would have got and why."""
    try:
        yield
    except OSError as error:
        raise NotWritten(why_not_written(target_of(Path(temporary)), error)) from error
