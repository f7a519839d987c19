"""Checking that a register's every value comes back in an export of the records it was imported into."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook

from core.db import Database
from core.export import HONOUR_SHEET, UNIT_SHEET, export_all
from core.importing.normalise import CellError, cell_date, cell_level, cell_text
from core.text import name_key


def write_register(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    """An .xlsx register as a clerk types it: text stays text, even "=1" (openpyxl would make it a formula)."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    book.save(path)
    return path


def canonical(value: object) -> str | None:
    """A cell as what it means: a date in its Chinese form, a level in the vocabulary, else its text."""
    text = cell_text(value)
    if text is None:
        return None
    for reading in (cell_date, cell_level):
        try:
            meaning = reading(value)
        except CellError:
            continue
        if meaning is not None:
            return meaning.chinese() if hasattr(meaning, "chinese") else str(meaning)
    return name_key(text.removeprefix("其他·"))


def exported_rows(database: Database, path: Path) -> tuple[dict[str, set[str]], dict[str, list[set[str]]]]:
    """Export, then each unit's cells (by name key) and each unit's honour rows' cells, as canonical texts."""
    export_all(database, path)
    book = load_workbook(path, read_only=True)
    units: dict[str, set[str]] = {}
    for values in list(book[UNIT_SHEET].iter_rows(values_only=True))[1:]:
        units[name_key(str(values[0]))] = {c for c in map(canonical, values) if c}
    honours: dict[str, list[set[str]]] = {}
    sheet = list(book[HONOUR_SHEET].iter_rows(values_only=True))
    header = [canonical(h) for h in sheet[0]]
    for values in sheet[1:]:
        cells = {c for c in map(canonical, values) if c}
        # an extra field's name is kept as the column's header: it counts as a value of the row
        cells |= {header[i] for i, v in enumerate(values) if v is not None and header[i]}
        honours.setdefault(name_key(str(values[0])), []).append(cells)
    book.close()
    return units, honours


def lost_cells(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    units: dict[str, set[str]],
    honours: dict[str, list[set[str]]],
    *,
    name_column: int,
    title_column: int,
    skip: Sequence[int] = (),
) -> list[tuple[int, str, object]]:
    """(row, header, value) of every non-empty register cell that is found neither in its honour's
    exported row nor in its unit's."""
    lost = []
    for number, row in enumerate(rows, start=2):
        unit = name_key(cell_text(row[name_column]) or "")
        title = canonical(row[title_column])
        [honour] = [cells for cells in honours.get(unit, []) if title in cells] or [set()]
        found = honour | units.get(unit, set())
        for column, value in enumerate(row):
            meaning = canonical(value)
            if column in skip or meaning is None:
                continue
            if meaning not in found:
                lost.append((number, header[column], value))
    return lost
