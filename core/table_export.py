"""Export exactly the rows a table shows: a title row, the date, 序号 and the visible columns, as text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.files import write_atomically

SERIAL = "序号"
MAX_WIDTH = 60
MAX_SHEET_TITLE = 31  # Excel's limit
_NOT_IN_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")  # characters Excel refuses in a sheet's name


def table_caption(title: str, count: int, on: dt.date | None = None) -> str:
    """荣誉一览（共 12 条，2026年3月5日）"""
    day = on or dt.date.today()
    return f"{title}（共 {count} 条，{day.year}年{day.month}月{day.day}日）"


def export_table(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """Write the rows to an .xlsx: the title across the top, then 序号 and the headers, then the rows.
    Every cell is written as text (never a formula), as the table showed it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    columns = [SERIAL, *headers]
    sheet.append([table_caption(title, len(rows))])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.append(columns)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *(_text(value) for value in row)])
        for cell in sheet[sheet.max_row][1:]:
            cell.data_type = "s"  # a value like "=1+1" stays the text it was
    for index, header in enumerate(columns, start=1):
        widest = max([len(str(header)), *(len(str(r[index - 2])) for r in rows if index > 1)], default=4)
        sheet.column_dimensions[get_column_letter(index)].width = min(widest * 2 + 2, MAX_WIDTH)
    sheet.freeze_panes = "A3"
    return write_atomically(Path(path), lambda temporary: workbook.save(temporary), editor="Excel")


def sheet_title(title: str) -> str:
    """The sheet's name: the title without what Excel refuses there (a unit named 城关镇中心小学/幼儿园),
    at most 31 characters; the title row keeps the title as it is."""
    name = _NOT_IN_SHEET_TITLE.sub("_", title)[:MAX_SHEET_TITLE].strip("'")
    return name or "表格"


def _text(value: object) -> str:
    return "" if value is None else str(value)
