"""Numeric year.month cells (2019.1: January, or October that Excel stores as 2019.1 when typed 2019.10),
settled from the evidence the register gives: the column's other cells, then the cell's number format;
what stays unsure is read as January with a warning naming the rows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from core.importing.normalise import cell_text, month_style
from core.importing.readers.formats import number_formats, shown_decimals
from core.partial_date import PartialDate

if TYPE_CHECKING:
    from core.importing.register import Register, RegisterRow

MONTH_DATES = ("unit.founded", "honour.awarded")  # partial dates a numeric 2019.1 may stand in


def settle_months(register: Register, source: Path) -> None:
    """Numeric 2019.1 cells of a date column: Excel stores 2019.10 as 2019.1, so such a cell is October
    when the column writes months with two digits (2019.01 elsewhere in it) or the cell's format shows
    two decimals, January when its format shows one, and otherwise January with a warning naming the rows.
    source: the file the rows were read from (the private copy: formats of the same bytes)."""
    from core.importing.register import RowProblem  # register.py calls this module as it reads

    for column, target in register.mapping.items():
        if target not in MONTH_DATES:
            continue
        entity, key = target.split(".")
        styles = [
            (row, month_style(row.raw[column]))
            for row in register.rows
            if column < len(row.raw) and type(row.raw[column]) in (float, str)
        ]
        unsure = [row for row, style in styles if style == "ambiguous" and row.ok]
        if not unsure:
            continue
        label = register.column_label(column)
        if any(style == "two" for _, style in styles):
            for row in unsure:
                _set_month(row, entity, key, 10)
            continue
        unsure = _months_by_format(register, source, column, entity, key, unsure)
        if not unsure:
            continue
        numbers = "、".join(str(row.number) for row in unsure[:10]) + (
            f" 等 {len(unsure)} 行" if len(unsure) > 10 else ""
        )
        written = cell_text(unsure[0].raw[column])
        register.warnings.append(
            RowProblem(
                unsure[0].number,
                label,
                f"第 {numbers} 行的数字 {written} 可能是 1 月，也可能是 10 月（Excel 把 {written}0 存成 {written}），"
                "已按 1 月读取；如为 10 月，请导入后修改，或把该列设为文本后重新导入",
            )
        )


def _set_month(row: RegisterRow, entity: str, key: str, month: int) -> None:
    values = row.unit if entity == "unit" else row.honour
    values[key] = PartialDate(values[key].year, month)


def _months_by_format(
    register: Register, source: Path, column: int, entity: str, key: str, unsure: list[RegisterRow]
) -> list[RegisterRow]:
    """The cell's number format says how Excel showed it: "0.00" shows 2019.1 as 2019.10 (October),
    "0.0" as 2019.1 (January). Read (from the file, once) only for these cells; the rows left unsure."""
    formats = number_formats(source, register.sheet, [(row.number, column) for row in unsure])
    left = []
    for row in unsure:
        decimals = shown_decimals(formats.get((row.number, column), "General"))
        if decimals is not None and decimals >= 2:
            _set_month(row, entity, key, 10)
        elif decimals != 1:
            left.append(row)
    return left
