"""Export of units and honours to one .xlsx that imports back to the same data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select

from core.db import Database
from core.errors import UserError
from core.fields import HONOUR_FIELDS, UNIT_FIELDS, Field, Kind
from core.files import write_atomically
from core.importing.headers import EXTRA_PREFIX
from core.models import Honour, Unit
from core.partial_date import PartialDate
from core.progress import Progress, no_progress
from core.services.honours import HonourFilter, honour_query

UNIT_SHEET = "单位"
HONOUR_SHEET = "荣誉"
_UNIT_COLUMNS = [f for f in UNIT_FIELDS if f.kind is not Kind.MAPPING]
_HONOUR_HEAD = ["单位名称", "统一社会信用代码"]
_HONOUR_LABELS = {"title": "荣誉称号"}  # the field label 称号 alone reads oddly as a column head


def export_all(database: Database, path: Path, progress: Progress = no_progress) -> tuple[int, int]:
    """Every live unit (with its extra fields) and every live honour. Returns (units, honours)."""
    with database.session() as session:
        units = list(
            session.scalars(select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.pinyin_full))
        )
        honours = list(session.scalars(honour_query(HonourFilter())))
    names = {u.id: u for u in units}
    workbook = Workbook(write_only=True)
    _unit_sheet(workbook, units)
    progress(len(units), len(units) + len(honours), "正在写入单位")
    _honour_sheet(workbook, honours, names)
    _save(workbook, path)
    return len(units), len(honours)


def export_honours(
    database: Database, path: Path, criteria: HonourFilter, unit_ids: Sequence[int] | None = None
) -> int:
    """The honours of a filter (and, when given, of those units only), as one 荣誉 sheet."""
    with database.session() as session:
        query = honour_query(criteria)
        if unit_ids is not None:
            query = query.where(Honour.unit_id.in_(unit_ids))
        honours = list(session.scalars(query))
        units = {
            u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_({h.unit_id for h in honours})))
        }
    workbook = Workbook(write_only=True)
    _honour_sheet(workbook, honours, units)
    _save(workbook, path)
    return len(honours)


def _unit_sheet(workbook: Workbook, units: list[Unit]) -> None:
    extra_keys = list(dict.fromkeys(key for unit in units for key in (unit.extra or {})))
    headers = [f.label for f in _UNIT_COLUMNS] + [EXTRA_PREFIX + key for key in extra_keys]
    sheet = _sheet(workbook, UNIT_SHEET, headers, [_width(f) for f in _UNIT_COLUMNS] + [16] * len(extra_keys))
    for unit in units:
        values = [_cell(f, getattr(unit, f.key)) for f in _UNIT_COLUMNS]
        sheet.append(values + [(unit.extra or {}).get(key) for key in extra_keys])


def _honour_sheet(workbook: Workbook, honours: Iterable[Honour], units: dict[int, Unit]) -> None:
    headers = _HONOUR_HEAD + [_HONOUR_LABELS.get(f.key, f.label) for f in HONOUR_FIELDS]
    widths = [28, 22] + [_width(f) for f in HONOUR_FIELDS]
    sheet = _sheet(workbook, HONOUR_SHEET, headers, widths)
    for honour in honours:
        unit = units[honour.unit_id]
        sheet.append(
            [unit.name, unit.credit_code] + [_cell(f, getattr(honour, f.key)) for f in HONOUR_FIELDS]
        )


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center")
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.alignment = bold, centred
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _width(field: Field) -> int:
    if field.kind is Kind.LONG_TEXT:
        return 40
    if field.kind in (Kind.INTEGER, Kind.NUMBER, Kind.CHOICE):
        return 10
    if field.key in ("name", "title", "address", "awarded_by", "supervisor", "region"):
        return 26
    return 16


def _cell(field: Field, value: Any) -> Any:
    """Dates as Chinese text (2019年12月5日), numbers as numbers, everything else as text."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.chinese()
    if isinstance(value, dt.date):
        return PartialDate.from_date(value).chinese()
    return value


def _save(workbook: Workbook, path: Path) -> None:
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件“{path.name}”应以 .xlsx 结尾。")
    write_atomically(path, workbook.save, editor="Excel")
