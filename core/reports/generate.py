"""Generating reports: one file per unit, or one merged document, from a template compiled once.

A template from outside is checked, compiled and rendered in the bounded worker process (worker.py); the
built-in ones, which ship with the program, in this process. Every file is written to a temporary name and
renamed; a file that cannot be replaced (open in Word, blocked) is a failure of that unit only: the batch
goes on, and the result lists what was written and what was not. A template error stops the batch with a
Chinese message naming the template, the unit, the place and the expression. Every output is recorded as a
Report.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from core import files
from core.db import Database
from core.errors import UserError
from core.models import Report, Template, Unit
from core.progress import Cancelled, Progress, no_progress
from core.reports import worker
from core.reports.batch import BatchSession
from core.reports.certificates import CertificateReader, uses_certificates
from core.reports.context import Period, ReportOptions, report_context
from core.reports.library import TemplateLibrary
from core.reports.limits import Limits
from core.reports.merge import MergeOptions
from core.reports.output import (
    NotWritten,
    held_open,
    merged_file_name,
    merged_target,
    place,
    report_file_name,
    report_file_names,
    single_target,
    why_not_written,
)
from core.reports.summary_generate import (
    PreparedSummary,
    SummaryOptions,
    summary_fields,
    summary_target,
    summed_units,
)
from core.temporary import dot_file, release, temporary_beside
from core.vocab import is_summary_kind

log = logging.getLogger(__name__)

__all__ = [
    "GenerateRequest",
    "GenerateResult",
    "Generated",
    "UnitFailure",
    "generate_reports",
    "merged_file_name",
    "report_file_name",
]


@dataclass(frozen=True)
class GenerateRequest:
    template: str  # template name
    unit_ids: Sequence[int]
    period: Period
    written_on: dt.date
    output: Path  # a folder (one file per unit), NAME.docx (one unit, or merged)
    merge: bool = False
    options: ReportOptions = field(default_factory=ReportOptions)  # undated honours: omit or list; author
    continuous: bool = False  # merged: page numbers through the batch, with a 目录 page
    keep_active: bool = False  # keep the template's active/external content (otherwise stripped)
    summary: SummaryOptions | None = None  # a summary template: its scope's name, issuer, 版头
    # The units whose files are named apart from one another (report_file_names); a retry's are those of the
    # run it repeats, so that each unit's file keeps its name. Empty: unit_ids.
    named_among: Sequence[int] = ()
    # A summary's fields as its pre-flight read them (SummaryPlan.prepared): used when the choices and the
    # records are still the same, else the fields are read again.
    prepared: PreparedSummary | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Generated:
    unit_id: int | None  # None: a summary over many units
    unit_name: str
    path: Path
    summed: int = 0  # a summary: the units it speaks for (its 单位数量)


@dataclass(frozen=True)
class UnitFailure:
    unit_id: int
    unit_name: str
    message: str  # Chinese


class GenerateResult(list[Generated]):
    """What was written (a list, as before) and, per unit, what could not be."""

    def __init__(
        self,
        generated: Sequence[Generated] = (),
        failures: Sequence[UnitFailure] = (),
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(generated)
        self.failures: list[UnitFailure] = list(failures)
        self.warnings: list[str] = list(warnings)  # Chinese: what was generated but left out (a certificate)

    def summary(self) -> str:
        files = len({g.path for g in self})
        text = f"已为 {len(self)} 个单位生成汇报，共 {files} 个文件"
        if self.failures:
            text += f"；{len(self.failures)} 个单位未能生成"
        if self.warnings:
            text += f"；提示 {len(self.warnings)} 条"
        return text + "。"


class Session(Protocol):
    def open(self, path: str, name: str, *, check: bool = True, keep_active: bool = False) -> Any: ...
    def render_file(self, context: dict[str, Any], unit_name: str, target: str) -> None: ...
    def render_streamed(
        self, context: dict[str, Any], unit_name: str, target: str, units: int = 1
    ) -> None: ...
    def names(self) -> list[str]: ...
    def merge_begin(self, target: str, total: int, options: MergeOptions) -> None: ...
    def merge_add(self, context: dict[str, Any], unit_name: str) -> None: ...
    def merge_end(self) -> None: ...
    def merge_abort(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class _Batch:
    database: Database
    request: GenerateRequest
    template: Template
    session: Session
    progress: Progress
    names: dict[int, str]
    result: GenerateResult = field(default_factory=GenerateResult)
    certificates: CertificateReader | None = None  # when the template shows 证书附件 and the user wants them

    @property
    def total(self) -> int:
        return len(self.request.unit_ids)

    def context(self, unit_id: int) -> dict[str, Any]:
        request = self.request
        with self.database.session() as session:
            context = report_context(
                session,
                unit_id,
                request.period,
                request.written_on,
                template=self.template.name,
                options=request.options,
                certificates=self.certificates,
            )
        if self.certificates is not None:
            self.result.warnings += self.certificates.warnings
            self.certificates.warnings.clear()
        return context

    def fail(self, unit_id: int, message: str) -> None:
        self.result.failures.append(UnitFailure(unit_id, self.names.get(unit_id, str(unit_id)), message))


def generate_reports(
    database: Database,
    request: GenerateRequest,
    progress: Progress = no_progress,
    limits: Limits | None = None,
) -> GenerateResult:
    """Render the template for each unit; raises TemplateRefused before anything runs when it is unsafe."""
    if not request.unit_ids:
        raise UserError("请至少选择一个单位。")
    library = TemplateLibrary(database)
    template = library.get(request.template)
    source = library.path(template)
    limits = limits or worker.DEFAULT_LIMITS
    session: Session = (
        BatchSession(limits.render_seconds)
        if template.builtin
        else worker.WorkerSession(template.name, limits)
    )
    batch = _Batch(database, request, template, session, progress, _unit_names(database, request.unit_ids))
    if request.options.certificates and uses_certificates(template.name, template.fields_used or ()):
        batch.certificates = CertificateReader(database)
    try:
        session.open(str(source), template.name, check=not template.builtin, keep_active=request.keep_active)
        for unit_id in request.unit_ids:
            if unit_id not in batch.names:
                batch.fail(unit_id, f"找不到编号为 {unit_id} 的单位，它可能已被删除。")
        if is_summary_kind(template.kind):  # one document over all the units (summary_generate.py)
            _summary(batch)
        elif request.merge:
            _merged(batch)
        else:
            _separate(batch)
    except Cancelled as cancelled:
        _record(batch)  # the files already written stay, and are listed
        cancelled.generated = batch.result  # type: ignore[attr-defined]
        raise
    except UserError as error:
        _record(batch)
        if batch.result:
            stopped = type(error)(f"{error.message}{_kept_and_left(batch)}")
            stopped.generated = batch.result  # type: ignore[attr-defined]  # the window lists what was kept
            raise stopped from error
        raise
    finally:
        session.close()
    _record(batch)
    progress(batch.total, batch.total, "完成")
    return batch.result


def retry_request(request: GenerateRequest, failures: Sequence[UnitFailure]) -> GenerateRequest:
    """What 重试 generates once the files held open are closed: the units left out, each under the name
    the first run gave it. Named apart from the first run's other units, a unit whose name had a character a
    file name cannot hold (城关镇中心小学/幼儿园) keeps its mark; named alone, it would take the file of
    城关镇中心小学_幼儿园, written by that first run."""
    named_among = tuple(request.named_among or request.unit_ids)
    return replace(request, unit_ids=[failure.unit_id for failure in failures], named_among=named_among)


def planned_outputs(database: Database, request: GenerateRequest) -> list[Path]:
    """The files generate_reports() would write for the request (before it runs): the overwrite question."""
    template = TemplateLibrary(database).get(request.template)
    year = request.written_on.year
    if is_summary_kind(template.kind):
        subject = (request.summary or SummaryOptions()).subject
        return [summary_target(request.output, subject, template.name, request.period)]
    if request.merge:
        return [merged_target(request.output, merged_file_name(template.name, year))]
    single = single_target(request.output) if len(request.unit_ids) == 1 else None
    if single is not None:
        return [single]
    folder = Path(request.output)
    file_names = _file_names(database, request, template.name, folder)
    return [
        folder / file_names[unit_id] for unit_id in dict.fromkeys(request.unit_ids) if unit_id in file_names
    ]


def _kept_and_left(batch: _Batch) -> str:
    """此前已生成的 2 份汇报保留，其余 3 个单位（从“东湖区第三小学”起）未生成。"""
    done = {result.unit_id for result in batch.result} | {
        failure.unit_id for failure in batch.result.failures
    }
    left = [unit_id for unit_id in batch.request.unit_ids if unit_id in batch.names and unit_id not in done]
    text = f"此前已生成的 {len(batch.result)} 份汇报保留"
    if left:
        text += f"，其余 {len(left)} 个单位（从“{batch.names[left[0]]}”起）未生成"
    return text + "。"


def _unit_names(database: Database, unit_ids: Sequence[int]) -> dict[int, str]:
    with database.session() as session:
        rows = session.execute(
            select(Unit.id, Unit.name).where(Unit.id.in_(list(unit_ids)), Unit.deleted_at.is_(None))
        )
        return {unit_id: name for unit_id, name in rows}


def _separate(batch: _Batch) -> None:
    request = batch.request
    single = single_target(request.output) if batch.total == 1 else None
    folder = single.parent if single is not None else Path(request.output)
    file_names = _file_names(batch.database, request, batch.template.name, folder)
    for index, unit_id in enumerate(request.unit_ids):
        name = batch.names.get(unit_id)
        if name is None:
            continue
        batch.progress(index, batch.total, f"正在生成“{name}”（{index + 1}/{batch.total}）")
        target = single or folder / file_names[unit_id]
        if held_open(target):
            batch.fail(unit_id, why_not_written(target))
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(why_not_written(target, error)) from error
        files.check_path_length(
            dot_file(target), target
        )  # Windows' 260 characters: a folder too deep for any name
        temporary = temporary_beside(target)
        try:
            batch.session.render_file(batch.context(unit_id), name, str(temporary))
            place(temporary, target)
        except NotWritten as error:
            batch.fail(unit_id, error.message)
            continue
        finally:
            release(temporary)
        batch.result.append(Generated(unit_id, name, target))


def _file_names(database: Database, request: GenerateRequest, template: str, folder: Path) -> dict[int, str]:
    """unit id → its file's name, chosen among the units the request names its files among."""
    among = list(dict.fromkeys([*request.named_among, *request.unit_ids]))
    return batch_file_names(_unit_names(database, among), among, template, request.written_on, folder)


def batch_file_names(
    names: dict[int, str], unit_ids: Sequence[int], template: str, written_on: dt.date, folder: Path
) -> dict[int, str]:
    """unit id → its file's name in the folder, none shared by two units of the batch."""
    chosen = [unit_id for unit_id in dict.fromkeys(unit_ids) if unit_id in names]
    file_names = report_file_names([names[unit_id] for unit_id in chosen], template, written_on.year, folder)
    return dict(zip(chosen, file_names, strict=True))


def _summary(batch: _Batch) -> None:
    """A summary template, rendered once over every unit of the request into one file."""
    request = batch.request
    options = request.summary or SummaryOptions()
    target = summary_target(request.output, options.subject, batch.template.name, request.period)
    if held_open(target):
        raise NotWritten(why_not_written(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(why_not_written(target, error)) from error
    batch.progress(0, 1, f"正在生成“{batch.template.name}”（汇总 {batch.total} 个单位）")
    wanted = batch.session.names()  # only what the template names: a city's summary holds no more
    prepared = request.prepared and request.prepared.take(
        batch.database, request.unit_ids, request.period, request.written_on, options
    )
    fields = (
        prepared.context(wanted)
        if prepared
        else summary_fields(
            batch.database, request.unit_ids, request.period, request.written_on, options, wanted=wanted
        )
    )
    count = summed_units(batch.database, batch.names, options.region)
    temporary = temporary_beside(target)
    try:
        batch.session.render_streamed(fields, options.subject, str(temporary), units=len(batch.names))
        place(temporary, target)
    finally:
        release(temporary)
    batch.result.append(Generated(None, f"{options.subject}（{count} 个单位）", target, count))


def _merged(batch: _Batch) -> None:
    request = batch.request
    target = merged_target(request.output, merged_file_name(batch.template.name, request.written_on.year))
    if held_open(target):
        raise NotWritten(why_not_written(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(why_not_written(target, error)) from error
    units = [(unit_id, batch.names[unit_id]) for unit_id in request.unit_ids if unit_id in batch.names]
    contents = tuple(name for _, name in units) if request.continuous else ()
    temporary = temporary_beside(target)
    try:
        batch.session.merge_begin(str(temporary), len(units), MergeOptions(request.continuous, contents))
        for index, (unit_id, name) in enumerate(units):
            batch.progress(index, batch.total, f"正在合并“{name}”（{index + 1}/{batch.total}）")
            batch.session.merge_add(batch.context(unit_id), name)
        batch.session.merge_end()
        place(temporary, target)
    except BaseException:
        _quietly(batch.session.merge_abort)
        raise
    finally:
        release(temporary)
    batch.result.extend(Generated(unit_id, name, target) for unit_id, name in units)


def _quietly(action: Any) -> None:
    try:
        action()
    except Exception:  # the worker may already be gone; the temporary file is removed anyway
        log.info("cleaning up a merged batch failed", exc_info=True)


def _record(batch: _Batch) -> None:
    request = batch.request
    parameters = {
        "from": request.period.first_year,
        "to": request.period.last_year,
        "date": request.written_on.isoformat(),
        "merge": request.merge,
    }
    if not batch.result:
        return
    with batch.database.session(write=True) as session:
        for result in batch.result:
            session.add(
                Report(
                    unit_id=result.unit_id,
                    template_id=batch.template.id,
                    template_name=batch.template.name,
                    parameters=parameters,
                    output_path=str(result.path),
                )
            )
