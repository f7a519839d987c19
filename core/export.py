"""Export of units, honours and work material to one .xlsx that imports back to the same records.

Sheets 单位, 荣誉 and 工作材料, each with the header an import recognises; extra fields as columns named
其他·<name>. Text is written as text: a value starting with =, +, - or @ is a string cell marked to stay
text when edited (never a formula), and control characters, which a workbook cannot hold, become U+FFFD.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import former_names
from core.db import Database
from core.errors import UserError
from core.fields import HONOUR_FIELDS, UNIT_FIELDS, Field, Kind
from core.files import write_atomically
from core.importing.headers import EXTRA_PREFIX
from core.models import Honour, Material, Unit
from core.partial_date import PartialDate
from core.progress import Progress, no_progress
from core.services.honours import HonourFilter, honour_query
from core.vocab import LEVELS, MATERIAL_TOPICS, UNCATEGORISED, UNIT_CATEGORIES, UNLEVELLED

UNIT_SHEET = "单位"
HONOUR_SHEET = "荣誉"
MATERIAL_SHEET = "工作材料"
MATERIAL_HEADER = ["单位名称", "年度", "主题", "内容"]
_UNIT_COLUMNS = [f for f in UNIT_FIELDS if f.kind is not Kind.MAPPING]
_HONOUR_COLUMNS = [f for f in HONOUR_FIELDS if f.kind is not Kind.MAPPING]
_HONOUR_HEAD = ["单位名称", "统一社会信用代码"]
_HONOUR_LABELS = {"title": "荣誉称号"}  # the field label 称号 alone reads oddly as a column head
_FORMULA_START = ("=", "+", "-", "@")
# What a worksheet cannot hold (openpyxl refuses it): C0 controls but tab, line feed and carriage return.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


class ExportCounts(NamedTuple):
    units: int
    honours: int
    materials: int = 0


def export_all(database: Database, path: Path, progress: Progress = no_progress) -> ExportCounts:
    """Every live unit (with its extra fields), honour and material, each on its own sheet."""
    with database.session() as session:
        units = list(
            session.scalars(select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.pinyin_full))
        )
        honours = list(session.scalars(honour_query(HonourFilter())))
        materials = _materials(session)
    names = {u.id: u for u in units}
    total = len(units) + len(honours) + len(materials)
    workbook = Workbook(write_only=True)
    _unit_sheet(workbook, units)
    progress(len(units), total, "正在写入单位")
    _honour_sheet(workbook, honours, names)
    progress(len(units) + len(honours), total, "正在写入荣誉")
    _material_sheet(workbook, materials, names)
    _save(workbook, path)
    return ExportCounts(len(units), len(honours), len(materials))


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


def _materials(session: Session) -> list[Material]:
    """Live materials of live units, by unit (as the unit sheet orders them), year and the usual order
    of topics."""
    query = (
        select(Material, Unit.pinyin_full)
        .join(Unit, Unit.id == Material.unit_id)
        .where(Material.deleted_at.is_(None), Unit.deleted_at.is_(None))
    )
    order = {topic: index for index, topic in enumerate(MATERIAL_TOPICS)}
    rows = list(session.execute(query))
    rows.sort(key=lambda r: (r[1], r[0].unit_id, r[0].year, order.get(r[0].topic, len(order)), r[0].id))
    return [material for material, _ in rows]


def _extra_keys(records: Iterable[Unit | Honour]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in (record.extra or {})))


def _unit_sheet(workbook: Workbook, units: list[Unit]) -> None:
    extra_keys = _extra_keys(units)
    headers = [f.label for f in _UNIT_COLUMNS] + [EXTRA_PREFIX + key for key in extra_keys]
    sheet = _sheet(workbook, UNIT_SHEET, headers, [_width(f) for f in _UNIT_COLUMNS] + [16] * len(extra_keys))
    for unit in units:
        values = [_cell(getattr(unit, f.key), f) for f in _UNIT_COLUMNS]
        _append(sheet, values + [(unit.extra or {}).get(key) for key in extra_keys])


def _honour_sheet(workbook: Workbook, honours: list[Honour], units: dict[int, Unit]) -> None:
    extra_keys = _extra_keys(honours)
    headers = (
        _HONOUR_HEAD
        + [_HONOUR_LABELS.get(f.key, f.label) for f in _HONOUR_COLUMNS]
        + [EXTRA_PREFIX + key for key in extra_keys]
    )
    widths = [28, 22] + [_width(f) for f in _HONOUR_COLUMNS] + [16] * len(extra_keys)
    sheet = _sheet(workbook, HONOUR_SHEET, headers, widths)
    for honour in honours:
        unit = units[honour.unit_id]
        values = [unit.name, unit.credit_code] + [_cell(getattr(honour, f.key), f) for f in _HONOUR_COLUMNS]
        _append(sheet, values + [(honour.extra or {}).get(key) for key in extra_keys])


def _material_sheet(workbook: Workbook, materials: list[Material], units: dict[int, Unit]) -> None:
    sheet = _sheet(workbook, MATERIAL_SHEET, MATERIAL_HEADER, [28, 8, 12, 80])
    for material in materials:
        _append(sheet, [units[material.unit_id].name, material.year, material.topic, material.text])


def _sheet(workbook: Workbook, title: str, headers: list[str], widths: list[int]) -> WriteOnlyWorksheet:
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    bold = Font(bold=True)
    centred = Alignment(horizontal="center", vertical="center")
    cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=_text(text))
        cell.font, cell.alignment = bold, centred
        cells.append(cell)
    sheet.append(cells)
    return sheet


def _append(sheet: WriteOnlyWorksheet, values: list[Any]) -> None:
    """One row, its text made safe: never a formula, never a character the workbook cannot hold."""
    sheet.append([_safe(sheet, value) if isinstance(value, str) else value for value in values])


def _safe(sheet: WriteOnlyWorksheet, value: str) -> Any:
    """Text as a cell value, or as a string cell where openpyxl would take it for a formula."""
    value = _text(value)
    if not value.startswith(_FORMULA_START):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would write "=…" as a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _text(value: str) -> str:
    return _ILLEGAL.sub(REPLACEMENT, value)


def _width(field: Field) -> int:
    if field.kind is Kind.LONG_TEXT:
        return 40
    if field.kind in (Kind.INTEGER, Kind.NUMBER, Kind.CHOICE):
        return 10
    if field.key in ("name", "title", "address", "awarded_by", "supervisor", "region"):
        return 26
    return 16


def _cell(value: Any, field: Field) -> Any:
    """Dates as Chinese text (2019年12月5日), numbers as numbers, everything else as text; a blank level
    as 未定级 and a blank unit category as 未分类."""
    if value is None:
        if field.choices == LEVELS:
            return UNLEVELLED
        if field.choices == UNIT_CATEGORIES:
            return UNCATEGORISED
        return None
    if field.kind is Kind.FORMER_NAMES:
        return former_names.text_of(value) or None
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
