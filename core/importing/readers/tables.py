"""Workbooks read through python-calamine: .xlsx/.xlsm, .xls, .ods and .xlsb.

calamine gives values, dates, merged ranges (.xlsx, .xls) and each sheet's visibility. What it cannot
give comes from elsewhere, each in its own module:

- .xlsx: hidden rows, formulas without a saved result, error cells and the sheet's size before it is
  loaded — xlsx_scan.py, from the sheet's XML;
- .ods: the same and merged ranges — ods_scan.py, from content.xml;
- .xls: each sheet's size before calamine opens it, hidden rows and error cells — xls_scan.py, from its
  BIFF records; and the whole workbook through xlrd when calamine decodes its text wrongly (it reads
  some BIFF text in the wrong code page, giving NULs and C1 control characters) or cannot open it;
- .xlsb: each sheet's block of cells before calamine loads it — xlsb_scan.py, from its BIFF12 records
  (after its zip directory is checked for size).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

import python_calamine
import xlrd

from core.importing.readers import ods_scan, xls_scan, xlsb_scan, xlsx_scan
from core.importing.readers.cells import Row, TextCleaner, make_row
from core.importing.readers.errors import (
    MAX_COLUMNS,
    MAX_FILLED_ROWS,
    MAX_ROWS,
    Guard,
    UnreadableFileError,
    log,
    overstated_strings,
    sheet_too_large,
    too_many_cells,
    too_many_rows,
)
from core.importing.readers.ods_scan import Merged
from core.importing.readers.xlsx_scan import MAX_CELLS, SheetFacts, SheetTooLarge

_MISDECODED = re.compile("[\x00\x80-\x9f]")
_NO_FACTS = SheetFacts()
_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "xlsb": (".xlsb",), "ods": (".ods",)}


class Table:
    """What every table file shares: the context manager, the closed check, the guarded row stream."""

    def __init__(self, path: Path, kind: str, sheet_names: list[str], hidden_sheets: list[str]) -> None:
        self.path = path
        self.kind = kind
        self.sheet_names = sheet_names  # visible worksheets, in workbook order
        self.hidden_sheets = hidden_sheets  # hidden worksheets: not read, but named as skipped
        self._closed = False
        self._text = TextCleaner()
        self._facts_of: dict[str, SheetFacts] = {}  # each sheet's, found once

    def rows(self, sheet: str, *, fill_merged: bool = False) -> Iterator[Row]:
        """The sheet's rows with anything in them; fill_merged repeats the value of a cell merged over
        several rows into each of them (a unit name merged over its honours)."""
        if self._closed:
            raise ValueError(f"{self.path} is closed")
        if sheet not in self.sheet_names:
            raise KeyError(sheet)
        return self._guarded_rows(sheet, fill_merged)

    def _guarded_rows(self, sheet: str, fill_merged: bool) -> Iterator[Row]:
        with Guard(self.path, f"read sheet {sheet!r} of"):
            try:
                facts = self._facts_of.get(sheet)  # an empty SheetFacts is falsy: test for None
                if facts is None:
                    facts = self._facts_of[sheet] = self._facts(sheet)
            except SheetTooLarge as error:
                reason = (
                    sheet_too_large(sheet) if error.args[0] == "rows" else too_many_cells(sheet, MAX_CELLS)
                )
                raise UnreadableFileError(self.path, reason) from None
            raw = self._raw_rows(sheet)
            if fill_merged:
                raw = _filled(raw, self._merged(sheet))
            filled = 0
            for number, values in raw:
                if number > MAX_ROWS or len(values) > MAX_COLUMNS:
                    raise UnreadableFileError(self.path, sheet_too_large(sheet))
                if facts:
                    values = _with_errors(values, facts.errors.get(number))
                    flaws = facts.flaws.get(number, ())
                    row = make_row(number, values, self._text, flaws, hidden=number in facts.hidden_rows)
                else:
                    row = make_row(number, values, self._text)
                if row is not None:
                    filled += 1
                    if filled > MAX_FILLED_ROWS:
                        raise UnreadableFileError(self.path, too_many_rows(sheet))
                    yield row

    def load_ahead(self, sheet: str) -> None:
        """Measure and load the sheet before it is read (on another thread, while the caller works);
        a sheet that fails is left for rows() to refuse, with its message."""
        try:
            if self._facts_of.get(sheet) is None:
                self._facts_of[sheet] = self._facts(sheet)
            self._load(sheet)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # calamine's panics are BaseExceptions (pyo3's PanicException)
            log.debug("Reading sheet %r of %s ahead stopped: %r", sheet, self.path, exc)

    def _facts(self, sheet: str) -> SheetFacts:
        return _NO_FACTS

    def _load(self, sheet: str) -> None:
        pass

    def _merged(self, sheet: str) -> list[Merged]:
        return []

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        raise NotImplementedError

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with Guard(self.path, "close"):
                self._release()

    def _release(self) -> None:
        pass

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _too_large(sheet: str, what: str) -> str:
    return sheet_too_large(sheet) if what == "rows" else too_many_cells(sheet, MAX_CELLS)


def _with_errors(values: Sequence[object], errors: dict[int, str] | None) -> Sequence[object]:
    """An error cell (#N/A) as its text, as Excel shows it, where calamine gives ""."""
    if not errors:
        return values
    values = list(values)
    for column, text in errors.items():
        if column >= len(values):
            values.extend([None] * (column + 1 - len(values)))
        if values[column] in ("", None):
            values[column] = text
    return values


def _filled(
    raw: Iterator[tuple[int, Sequence[object]]], merged: list[Merged]
) -> Iterator[tuple[int, Sequence[object]]]:
    """Rows with each vertically merged range's value repeated in its first column, row by row."""
    starts: dict[int, list[tuple[int, int]]] = {}
    for (top, column), (bottom, _right) in merged:
        if bottom > top:
            starts.setdefault(top + 1, []).append((column, bottom + 1))
    if not starts:
        yield from raw
        return
    active: list[tuple[int, int, object]] = []  # column, last row number, value
    for number, values in raw:
        active = [entry for entry in active if entry[1] >= number]
        if active:
            values = list(values)
            for column, _last, value in active:
                if column >= len(values):
                    values.extend([None] * (column + 1 - len(values)))
                if values[column] in ("", None):
                    values[column] = value
        for column, last in starts.get(number, ()):
            value = values[column] if column < len(values) else None
            if value not in ("", None):
                active.append((column, last, value))
        yield number, values


class CalamineTable(Table):
    """Any workbook calamine reads; the kinds below add what calamine does not give."""

    def __init__(self, path: Path, kind: str) -> None:
        if path.suffix.lower() in _SUFFIXES[kind]:  # calamine picks its parser by the name
            self._wb = python_calamine.CalamineWorkbook.from_path(path)
        else:  # by content, but any failure is reported as "Cannot detect file format"
            with path.open("rb") as fh:
                self._wb = python_calamine.CalamineWorkbook.from_filelike(fh)
        worksheets = [m for m in self._wb.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        visible = python_calamine.SheetVisibleEnum.Visible
        super().__init__(
            path,
            kind,
            [m.name for m in worksheets if m.visible == visible],
            [m.name for m in worksheets if m.visible != visible],
        )
        self._loaded: tuple[str, python_calamine.CalamineSheet] | None = None

    def _sheet(self, sheet: str) -> python_calamine.CalamineSheet:
        if self._loaded is None or self._loaded[0] != sheet:
            self._loaded = None  # the previous sheet's memory goes first
            self._loaded = (sheet, self._wb.get_sheet_by_name(sheet))
        return self._loaded[1]

    def _load(self, sheet: str) -> None:
        self._sheet(sheet)

    def _merged(self, sheet: str) -> list[Merged]:
        return list(self._sheet(sheet).merged_cell_ranges or [])

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        data = self._sheet(sheet)
        start = data.start
        if start is None:
            return
        if start[0] + data.height > MAX_ROWS or start[1] + data.width > MAX_COLUMNS:
            raise UnreadableFileError(self.path, sheet_too_large(sheet))
        # iter_rows() yields from the sheet's first row (leading empty rows included) but from the data's
        # first column, so rows need padding on the left only.
        padding: list[object] = [None] * start[1]
        for index, values in enumerate(data.iter_rows()):
            yield index + 1, padding + values if padding else values

    def _release(self) -> None:
        self._loaded = None
        self._wb.close()


class XlsxTable(CalamineTable):
    """.xlsx/.xlsm: each sheet's XML is measured (and looked into when needed) before calamine loads it."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as package:  # before calamine, which reserves what the file declares
            declared = xlsx_scan.shared_strings_overstated(package)
            if declared is not None:
                raise UnreadableFileError(path, overstated_strings(declared))
            self._parts = xlsx_scan.sheet_parts(package)
        super().__init__(path, "xlsx")

    def _facts(self, sheet: str) -> SheetFacts:
        part = self._parts.get(sheet)
        with zipfile.ZipFile(self.path) as package:
            if part is not None:
                return xlsx_scan.check_and_scan(package, part)
            # A workbook whose parts cannot be told apart: every worksheet part is measured.
            log.info("No part found for sheet %r of %s; measuring every worksheet", sheet, self.path)
            for name in package.namelist():
                if "worksheets/" in name.replace("\\", "/").lower() and name.lower().endswith(".xml"):
                    xlsx_scan.check_and_scan(package, name)
        return _NO_FACTS


class OdsTable(CalamineTable):
    """.ods: content.xml is looked through once, before calamine loads the sheets (all of them, at once)."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as package:
            self._scanned = ods_scan.scan_ods(package)
        for sheet, scanned in self._scanned.items():
            if scanned.too_large:
                raise UnreadableFileError(path, _too_large(sheet, scanned.too_large))
        super().__init__(path, "ods")

    def _facts(self, sheet: str) -> SheetFacts:
        scanned = self._scanned.get(sheet)
        return scanned.facts if scanned is not None else _NO_FACTS

    def _merged(self, sheet: str) -> list[Merged]:
        scanned = self._scanned.get(sheet)
        return scanned.merged if scanned is not None else []


class XlsTable(CalamineTable):
    """.xls through calamine, once its records say every sheet fits; their hidden rows and error cells."""

    def __init__(self, path: Path) -> None:
        # Before calamine builds every sheet, as it opens; a damaged container goes to xlrd, which refuses it.
        scanned = xls_scan.scan_xls(path) or []
        for sheet in scanned:
            if max(sheet.rows * sheet.columns, sheet.declared) > MAX_CELLS:  # xlrd reads it instead
                raise UnreadableFileError(path, too_many_cells(sheet.name, MAX_CELLS))
        super().__init__(path, "xls")
        names = [meta.name for meta in self._wb.sheets_metadata]
        if len(names) != len(scanned):  # calamine and the records disagree: go by the names read
            names = [sheet.name for sheet in scanned]
        self._scanned = {name: sheet.facts for name, sheet in zip(names, scanned, strict=False)}

    def _facts(self, sheet: str) -> SheetFacts:
        return self._scanned.get(sheet, _NO_FACTS)


class XlsbTable(CalamineTable):
    """.xlsb through calamine, once its records say every sheet's block of cells fits."""

    def __init__(self, path: Path) -> None:
        for block in xlsb_scan.scan_xlsb(path):  # calamine would allocate first to last cell, densely
            if block.rows > MAX_ROWS or block.columns > MAX_COLUMNS:
                raise UnreadableFileError(path, sheet_too_large(block.sheet))
            if block.rows * block.columns > MAX_CELLS:
                raise UnreadableFileError(path, too_many_cells(block.sheet, MAX_CELLS))
        super().__init__(path, "xlsb")


class MisdecodedText(Exception):
    """calamine read an .xls's text in the wrong code page."""


def check_xls_text(table: XlsTable) -> None:
    """Raise MisdecodedText when any visible sheet's text holds what only a wrong code page gives."""
    for sheet in table.sheet_names:
        rows = table._sheet(sheet).to_python(skip_empty_area=False)
        texts = [value for row in rows for value in row if type(value) is str and value]
        if _MISDECODED.search("".join(texts)):
            raise MisdecodedText(sheet)


class XlrdTable(Table):
    """.xls through xlrd: when calamine cannot open the file or decodes its text wrongly."""

    def __init__(self, path: Path) -> None:
        try:  # the formats too, for hidden rows; a few files xlrd reads only without them
            self._book = self._open(path, formatting=True)
        except Exception as exc:
            log.info("xlrd cannot read the formats of %s: %r", path, exc)
            self._book = self._open(path, formatting=False)
        # xlrd records every sheet's visibility (0 visible, 1 hidden, 2 very hidden) without loading it.
        visibility = getattr(self._book, "_sheet_visibility", None) or []
        names = self._book.sheet_names()
        states = visibility if len(visibility) == len(names) else [0] * len(names)
        super().__init__(
            path,
            "xls",
            [n for n, s in zip(names, states, strict=True) if s == 0],
            [n for n, s in zip(names, states, strict=True) if s != 0],
        )

    @staticmethod
    def _open(path: Path, *, formatting: bool) -> xlrd.Book:
        return xlrd.open_workbook(
            str(path), formatting_info=formatting, on_demand=True, ragged_rows=True, logfile=xls_scan.XLRD_LOG
        )

    def _facts(self, sheet: str) -> SheetFacts:
        data = self._book.sheet_by_name(sheet)
        facts = SheetFacts()
        for index, info in getattr(data, "rowinfo_map", {}).items():
            if info.hidden:
                facts.hidden_rows.add(index + 1)
        return facts

    def _merged(self, sheet: str) -> list[Merged]:
        ranges = getattr(self._book.sheet_by_name(sheet), "merged_cells", [])
        return [((r0, c0), (r1 - 1, c1 - 1)) for r0, r1, c0, c1 in ranges]

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        data = self._book.sheet_by_name(sheet)
        try:
            for index in range(data.nrows):
                types, values = data.row_types(index), data.row_values(index)
                yield index + 1, [self._value(t, v) for t, v in zip(types, values, strict=True)]
        finally:
            if not self._closed:
                self._book.unload_sheet(sheet)

    def _value(self, ctype: int, value: object) -> object:
        if ctype == xlrd.XL_CELL_DATE:
            return _xls_date(value, self._book.datemode)
        if ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(value)
        if ctype == xlrd.XL_CELL_ERROR:
            return xlrd.error_text_from_code.get(value, "#N/A")
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return value

    def _release(self) -> None:
        self._book.release_resources()


def _xls_date(value: object, datemode: int) -> object:
    """An Excel serial in a date-formatted cell, in the book's 1900 or 1904 date system."""
    if not isinstance(value, float) or value < 0:
        return value
    try:
        moment = xlrd.xldate_as_datetime(value, datemode)
    except (OverflowError, ValueError) as exc:
        log.debug("Date serial %r is out of range, kept as a number: %r", value, exc)
        return value
    return moment.time() if value < 1 else moment
