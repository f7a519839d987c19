"""The rows an import rejected, written back as an .xlsx the clerk can correct and import again.

The sheet keeps the source's header labels and column order, the cells as the register held them,
and adds a 错误原因 column last. Rows rejected on several sheets of one workbook go to sheets of the
same names, so that the corrected file imports each again as what it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from core.errors import UserError
from core.files import write_atomically
from core.importing.plan import registers_of
from core.importing.register import Register, RowProblem
from core.importing.workbook import RegisterFile

REASON_HEADER = "错误原因"
SHEET_TITLE = "被拒绝的行"
_REASON_WIDTH = 50
_COLUMN_WIDTH = 16


def write_rejected_rows(source: Register | RegisterFile, errors: list[RowProblem], path: Path) -> int:
    """Write the register rows named in errors to path (.xlsx). Returns the number of rows written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"保存文件“{path.name}”应以 .xlsx 结尾。")
    registers = registers_of(source)[0]
    single = len(registers) == 1
    rejected = [
        (register, rejection_reasons(e for e in errors if single or e.sheet == register.sheet))
        for register in registers
    ]
    rejected = [(register, reasons) for register, reasons in rejected if reasons]
    workbook = Workbook(write_only=True)
    written = 0
    for register, reasons in rejected:
        title = SHEET_TITLE if len(rejected) == 1 else register.sheet
        written += _write_sheet(workbook.create_sheet(title), register, reasons)
    if not rejected:
        _write_sheet(workbook.create_sheet(SHEET_TITLE), registers[0], {})
    _save(workbook, path)
    return written


def _write_sheet(sheet: WriteOnlyWorksheet, register: Register, reasons: dict[int, str]) -> int:
    rows = [row for row in register.rows if row.number in reasons]
    width = max([len(register.header.labels), *(len(row.raw) for row in rows)])
    _write_header(sheet, [register.column_label(column) for column in range(width)])
    for row in rows:
        cells = [_cell(sheet, value) for value in _padded(row.raw, width)]
        sheet.append([*cells, _cell(sheet, reasons[row.number])])
    return len(rows)


def rejection_reasons(errors: Iterable[RowProblem]) -> dict[int, str]:
    """Row number → its problems as one text, in the order found, joined with "；"."""
    collected: dict[int, list[str]] = {}
    for problem in errors:
        text = _reason(problem)
        reasons = collected.setdefault(problem.row, [])
        if text not in reasons:
            reasons.append(text)
    return {row: "；".join(texts) for row, texts in collected.items()}


def _reason(problem: RowProblem) -> str:
    """The message, led by the column's name unless the message already names it."""
    if not problem.column or problem.column in problem.message:
        return problem.message
    return f"{problem.column}：{problem.message}"


def _write_header(sheet: WriteOnlyWorksheet, labels: list[str]) -> None:
    sheet.freeze_panes = "A2"
    for column in range(1, len(labels) + 2):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = _REASON_WIDTH if column > len(labels) else _COLUMN_WIDTH
    bold = Font(bold=True)
    cells = []
    for label in [*labels, REASON_HEADER]:
        cell = _cell(sheet, label)
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


def _padded(values: list[object], width: int) -> list[object]:
    return list(values[:width]) + [None] * (width - len(values))


def _cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A cell holding the value as the source showed it; text is never taken for a formula."""
    if value is None or isinstance(value, (bool, int, float, dt.datetime, dt.date, dt.time)):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text such as "=SUM(…)" is never taken for a formula
    return cell


def _save(workbook: Workbook, path: Path) -> None:
    write_atomically(path, workbook.save, editor="Excel")
