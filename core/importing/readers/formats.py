"""Number formats of a few cells, read only when a value cannot be understood without them.

calamine gives values but not how Excel shows them: 2019.10 typed as a number is stored as 2019.1, and only
the cell's format ("0.00") says that the clerk saw 2019.10. Formats come from openpyxl (.xlsx/.xlsm, the
sheet streamed once in read-only mode over the rows asked for) or xlrd (.xls); other kinds give none.
The file was already sized and read by the import, so this is a second, narrow look at the same file.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

log = logging.getLogger(__name__)

Cell = tuple[int, int]  # (row number from 1, column index from 0), as the register counts them
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DECIMALS = re.compile(r"\.([0#?]+)")


def number_formats(path: Path, sheet: str, cells: Iterable[Cell]) -> dict[Cell, str]:
    """The format of each cell asked for, where the file kind keeps formats; {} when it cannot be read."""
    wanted = set(cells)
    if not wanted:
        return {}
    suffix = Path(path).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_formats(path, sheet, wanted)
        if suffix == ".xls":
            return _xls_formats(path, sheet, wanted)
    except Exception:  # formats are evidence, not data: without them the cell stays "could be either"
        log.warning("number formats of %s (%s) could not be read", path, sheet, exc_info=True)
    return {}


def shown_decimals(number_format: str) -> int | None:
    """How many decimals a number format shows ("0.00" → 2, "0.0" → 1); None for General and the like."""
    section = _QUOTED.sub("", number_format.split(";")[0])
    if not section or section.lower() == "general" or "@" in section:
        return None
    found = _DECIMALS.search(section)
    return len(found.group(1)) if found else 0


def _xlsx_formats(path: Path, sheet: str, wanted: set[Cell]) -> dict[Cell, str]:
    import openpyxl

    rows = [row for row, _ in wanted]
    columns = [column for _, column in wanted]
    found: dict[Cell, str] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's English warnings never reach the user
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            worksheet = book[sheet]
            for cells in worksheet.iter_rows(
                min_row=min(rows), max_row=max(rows), min_col=min(columns) + 1, max_col=max(columns) + 1
            ):
                for cell in cells:
                    row, column = getattr(cell, "row", None), getattr(cell, "column", None)
                    if row is not None and column is not None and (row, column - 1) in wanted:
                        found[(row, column - 1)] = cell.number_format or "General"
        finally:
            book.close()
    return found


def _xls_formats(path: Path, sheet: str, wanted: set[Cell]) -> dict[Cell, str]:
    import xlrd

    from core.importing.readers.xls_scan import XLRD_LOG

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True, logfile=XLRD_LOG)
    try:
        data = book.sheet_by_name(sheet)
        found: dict[Cell, str] = {}
        for row, column in wanted:
            if row - 1 < data.nrows and column < data.row_len(row - 1):
                xf = book.xf_list[data.cell_xf_index(row - 1, column)]
                found[(row, column)] = book.format_map[xf.format_key].format_str
        return found
    finally:
        book.release_resources()
