"""Generating reports: one file per unit, or one merged document with a page break between units.

Every file is written to a temporary name and renamed, so a failure never leaves half a document;
a target that is open in Word is reported, not overwritten. Every output is recorded as a Report.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError

from core.db import Database
from core.errors import UserError
from core.files import write_atomically
from core.models import Report, Template, Unit
from core.progress import Cancelled, Progress, no_progress
from core.reports.context import Period, ReportOptions, report_context
from core.reports.finish import finish_report
from core.reports.inspect import check_usable
from core.reports.library import TemplateLibrary
from core.reports.sandbox import ReportEnvironment, TemplateLimitError

log = logging.getLogger(__name__)

_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class GenerateRequest:
    template: str  # template name
    unit_ids: Sequence[int]
    period: Period
    written_on: dt.date
    output: Path  # a folder (one file per unit) or, with merge, the .docx to write
    merge: bool = False
    options: ReportOptions = field(default_factory=ReportOptions)  # undated honours: omit or list; author


@dataclass(frozen=True)
class Generated:
    unit_id: int
    unit_name: str
    path: Path


def report_file_name(unit_name: str, template_name: str, year: int) -> str:
    """宁波市荷花庄小学-情况汇报-2026.docx"""
    return _UNSAFE_FILE_CHARS.sub("_", f"{unit_name}-{template_name}-{year}") + ".docx"


def generate_reports(
    database: Database, request: GenerateRequest, progress: Progress = no_progress
) -> list[Generated]:
    """Render the template for each unit; raises TemplateRefused before anything runs when it is unsafe."""
    if not request.unit_ids:
        raise UserError("请至少选择一个单位。")
    library = TemplateLibrary(database)
    template = library.get(request.template)
    source = library.path(template)
    check_usable(source, template.name)
    blob = source.read_bytes()
    environment = ReportEnvironment()
    rendered: list[tuple[Unit, DocxTemplate]] = []
    results: list[Generated] = []
    try:
        _render_all(database, request, template, blob, environment, progress, rendered, results)
    except Cancelled:
        _record(database, template, request, results)  # the files already written stay, and are listed
        raise
    if request.merge:
        target = Path(request.output)
        _save_atomically(target, lambda path: _merged(rendered).save(path))
        results = [Generated(unit.id, unit.name, target) for unit, _ in rendered]
    _record(database, template, request, results)
    progress(len(request.unit_ids), len(request.unit_ids), "完成")
    return results


def _render_all(
    database: Database,
    request: GenerateRequest,
    template: Template,
    blob: bytes,
    environment: ReportEnvironment,
    progress: Progress,
    rendered: list[tuple[Unit, DocxTemplate]],
    results: list[Generated],
) -> None:
    total = len(request.unit_ids)
    for index, unit_id in enumerate(request.unit_ids):
        with database.session() as session:
            unit = session.get(Unit, unit_id)
            if unit is None or unit.is_deleted:
                raise UserError(f"找不到编号为 {unit_id} 的单位，它可能已被删除。")
            context = report_context(
                session,
                unit_id,
                request.period,
                request.written_on,
                template=template.name,
                options=request.options,
            )
        progress(index, total, f"正在生成“{unit.name}”")
        document = _render(blob, context, environment, template.name, unit.name)
        finish_report(document.docx, author=request.options.author or unit.name)
        if request.merge:
            rendered.append((unit, document))
        else:
            target = Path(request.output) / report_file_name(
                unit.name, template.name, request.written_on.year
            )
            _save_atomically(target, document.save)
            results.append(Generated(unit.id, unit.name, target))


def _render(
    blob: bytes, context: dict, environment: ReportEnvironment, template_name: str, unit_name: str
) -> DocxTemplate:
    document = DocxTemplate(io.BytesIO(blob))
    try:
        document.render(context, environment, autoescape=True)
    except TemplateLimitError as error:
        raise UserError(
            f"模板“{template_name}”为“{unit_name}”生成时超出限制：{error}。已停止，未写入文件。"
        ) from error
    except RecursionError as error:
        raise UserError(f"模板“{template_name}”嵌套或递归过深，已停止，未写入文件。") from error
    except TemplateError as error:
        raise UserError(
            f"模板“{template_name}”为“{unit_name}”生成时出错：{error.message}。未写入文件。"
        ) from error
    return document


def _merged(documents: list[tuple[Unit, DocxTemplate]]):  # type: ignore[no-untyped-def]
    from docxcompose.composer import Composer

    first = documents[0][1].docx
    composer = Composer(first)
    for _unit, document in documents[1:]:
        first.add_page_break()
        composer.append(document.docx)
    return composer


def _save_atomically(target: Path, save) -> None:  # type: ignore[no-untyped-def]
    """Write beside the target, then rename; a target open in Word is reported and left alone."""
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise UserError(f"输出文件“{target.name}”应以 .docx 结尾。")
    if _open_in_word(target):
        raise UserError(f"“{target.name}”正在 Word 或 WPS 中打开，请先关闭它再生成。")
    write_atomically(target, save)


def _open_in_word(target: Path) -> bool:
    """Word keeps a ~$ lock file beside an open document (its name loses the first two characters)."""
    if not target.exists():
        return False
    stem = target.name
    candidates = {f"~${stem[2:]}", f"~${stem[1:]}", f"~${stem}", f".~lock.{stem}#"}
    return any((target.parent / name).exists() for name in candidates)


def _record(
    database: Database, template: Template, request: GenerateRequest, results: list[Generated]
) -> None:
    parameters = {
        "from": request.period.first_year,
        "to": request.period.last_year,
        "date": request.written_on.isoformat(),
        "merge": request.merge,
    }
    with database.session(write=True) as session:
        for result in results:
            session.add(
                Report(
                    unit_id=result.unit_id,
                    template_id=template.id,
                    template_name=template.name,
                    parameters=parameters,
                    output_path=str(result.path),
                )
            )
