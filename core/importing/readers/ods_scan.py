"""What python-calamine does not say about an .ods workbook, from one streaming pass over content.xml.

A cell or row of an .ods file can stand for millions ("number-columns-repeated"), and calamine expands
them into one dense block per sheet: the pass adds up the cells that hold something before calamine is
asked, and refuses a sheet over the limits. The same pass finds hidden (collapsed or filtered) rows,
merged ranges (calamine gives none for .ods) and formulas without a saved result.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from core.importing.readers.cells import FORMULA_WITHOUT_VALUE, Flaw
from core.importing.readers.errors import MAX_COLUMNS, MAX_ROWS
from core.importing.readers.xlsx_scan import MAX_CELLS, SheetFacts

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_SHEET, _ROW = _TABLE + "table", _TABLE + "table-row"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_HIDDEN = ("collapse", "collapsed", "filter")

Merged = tuple[
    tuple[int, int], tuple[int, int]
]  # ((first row, first column), (last row, last column)), 0-based


@dataclass
class OdsSheet:
    facts: SheetFacts = field(default_factory=SheetFacts)
    merged: list[Merged] = field(default_factory=list)
    too_large: str | None = None  # why the sheet cannot be read ("rows" or "cells")


@dataclass
class _State:
    sheet: OdsSheet
    row: int = 0  # rows before the current one
    cells: int = 0
    repeat: int = 1
    hidden: bool = False
    column: int = 0
    filled: int = 0  # cells with something in the current row (repeats counted)
    widest: int = 0
    flaws: list[Flaw] = field(default_factory=list)


def scan_ods(package: zipfile.ZipFile) -> dict[str, OdsSheet]:
    """Each sheet's facts, merged ranges and verdict, by sheet name."""
    sheets: dict[str, OdsSheet] = {}
    state: _State | None = None
    with package.open("content.xml") as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _SHEET:
                    state = _State(sheets.setdefault(element.get(_TABLE + "name", ""), OdsSheet()))
                elif state is None or state.sheet.too_large:
                    continue
                elif tag == _ROW:
                    _start_row(state, element)
                elif tag in _CELLS:
                    _cell(state, element)
            elif tag == _ROW and state is not None and not state.sheet.too_large:
                _end_row(state)
                element.clear()
            elif tag == _SHEET:
                element.clear()
                state = None
    return sheets


def _start_row(state: _State, element: ElementTree.Element) -> None:
    state.repeat = int(element.get(_TABLE + "number-rows-repeated", "1") or 1)
    state.hidden = element.get(_TABLE + "visibility", "visible") in _HIDDEN
    state.column = state.filled = 0
    state.flaws = []


def _cell(state: _State, element: ElementTree.Element) -> None:
    repeat = int(element.get(_TABLE + "number-columns-repeated", "1") or 1)
    formula = element.get(_TABLE + "formula")
    has_value = element.get(_OFFICE + "value-type") is not None
    if has_value or formula:
        state.filled += repeat
        state.widest = max(state.widest, state.column + repeat)
        if formula and not has_value:
            state.flaws.append(Flaw(state.column, FORMULA_WITHOUT_VALUE))
    rows = int(element.get(_TABLE + "number-rows-spanned", "1") or 1)
    columns = int(element.get(_TABLE + "number-columns-spanned", "1") or 1)
    if (rows > 1 or columns > 1) and has_value:
        first = (state.row, state.column)
        state.sheet.merged.append((first, (state.row + rows - 1, state.column + columns - 1)))
    state.column += repeat


def _end_row(state: _State) -> None:
    sheet = state.sheet
    if state.filled:
        state.cells += state.filled * state.repeat
        last = state.row + state.repeat
        if last > MAX_ROWS or state.widest > MAX_COLUMNS:
            sheet.too_large = "rows"
        elif state.cells > MAX_CELLS or last * state.widest > MAX_CELLS:
            sheet.too_large = "cells"
        else:
            numbers = range(state.row + 1, last + 1)
            if state.hidden:
                sheet.facts.hidden_rows.update(numbers)
            if state.flaws:
                for number in numbers:
                    sheet.facts.flaws[number] = list(state.flaws)
    state.row += state.repeat
