"""What python-calamine does not say about an .xls workbook, from one walk over its BIFF records.

calamine builds every sheet of an .xls as one dense block of rows × columns when it opens the file, so a
5 KB file with a value in A1 and one in IV65536 would take a gigabyte: the walk finds each sheet's
extent from its cell records first. calamine also gives an error cell (#N/A) as "" and says nothing of
hidden rows; the same walk reads both (ROW records with their zero-height flag, BOOLERR and FORMULA
records holding an error). Only BIFF5 and BIFF8 (Excel 95 to 2003) are walked; anything else is left
to the readers as it is.
"""

from __future__ import annotations

import logging
import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path

import xlrd
import xlrd.compdoc

from core.importing.readers.xlsx_scan import SheetFacts

log = logging.getLogger("core.importing.readers")

_BOF, _EOF, _BOUNDSHEET, _CODEPAGE = 0x0809, 0x000A, 0x0085, 0x0042
_ROW, _MULRK, _DIMENSIONS = 0x0208, 0x00BD, 0x0200
_FORMULA, _BOOLERR = 0x0006, 0x0205
_VALUES = frozenset({_FORMULA, 0x0203, 0x0204, _BOOLERR, 0x027E, 0x00FD, 0x00D6})  # cells holding a value
_HIDDEN_ROW = 0x0020  # ROW: fDyZero (rows hidden by default, DEFAULTROWHEIGHT's flag, are not looked for)
_BIFF_VERSIONS = (0x0500, 0x0600)


class XlrdLog:
    """xlrd writes its warnings to a file object (stdout by default); send them to the log instead."""

    def write(self, text: str) -> int:
        if text.strip():
            log.debug("xlrd: %s", text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass


XLRD_LOG = XlrdLog()


@dataclass
class XlsSheet:
    name: str
    facts: SheetFacts = field(default_factory=SheetFacts)
    rows: int = 0  # one past the last row holding a value
    columns: int = 0  # one past the last column holding a value
    cells: int = 0
    declared: int = 0  # the rows × columns its DIMENSIONS record states: calamine reserves that many cells


class BrokenCompoundFile(Exception):
    """The OLE2 container itself is damaged (a sector chain that loops or points past the end): calamine
    follows such a chain without end, until the allocator aborts the whole program. Not for calamine."""


def workbook_stream(path: Path) -> bytes | None:
    """The BIFF stream of an OLE2 .xls, or None when it has none; raises BrokenCompoundFile when the
    container cannot be walked."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mem:
        try:
            document = xlrd.compdoc.CompDoc(mem, logfile=XLRD_LOG)
            return document.get_named_stream("Workbook") or document.get_named_stream("Book")
        except Exception as exc:
            log.info("Cannot read the workbook stream of %s: %r", path, exc)
            raise BrokenCompoundFile(path) from exc


def scan_xls(path: Path) -> list[XlsSheet] | None:
    """Every sheet of the workbook in its order (BOUNDSHEET records), with its extent and facts; None
    when the stream is not BIFF5/BIFF8 (the readers then go on without). Raises BrokenCompoundFile."""
    stream = workbook_stream(path)
    if not stream or len(stream) < 8:
        return None
    kind, _length, version = struct.unpack_from("<HHH", stream, 0)
    if kind != _BOF or version not in _BIFF_VERSIONS:
        return None
    try:
        return _walk(stream, biff8=version == 0x0600)
    except _EndsEarly as early:  # the sheets are named at the start: what precedes the cut is right
        log.info("The BIFF records of %s end early: %r", path, early.__cause__)
        return early.sheets


class _EndsEarly(Exception):
    def __init__(self, sheets: list[XlsSheet]) -> None:
        self.sheets = sheets


def _walk(stream: bytes, *, biff8: bool) -> list[XlsSheet]:
    sheets: list[XlsSheet] = []
    try:
        _walk_into(sheets, stream, biff8=biff8)
    except struct.error as exc:
        raise _EndsEarly(sheets) from exc
    return sheets


def _walk_into(sheets: list[XlsSheet], stream: bytes, *, biff8: bool) -> None:
    unpack = struct.unpack_from
    starts: dict[int, XlsSheet] = {}  # substream offset → its sheet
    codepage = "cp1252"
    current: XlsSheet | None = None
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, length = unpack("<HH", stream, position)
        data = position + 4
        if kind in _VALUES and current is not None:
            _value(current, stream, data, kind, length)
        elif kind == _MULRK and current is not None:
            row, first = unpack("<HH", stream, data)
            last = unpack("<H", stream, data + length - 2)[0]
            _extend(current, row, last, last - first + 1)
        elif kind == _DIMENSIONS and current is not None:
            current.declared = max(current.declared, _declared_cells(stream, data, biff8))
        elif kind == _ROW and current is not None:
            row, flags = unpack("<H", stream, data)[0], unpack("<H", stream, data + 12)[0]
            if flags & _HIDDEN_ROW:
                current.facts.hidden_rows.add(row + 1)
        elif kind == _BOF:
            current = starts.get(position)
        elif kind == _EOF:
            current = None
        elif kind == _BOUNDSHEET:
            sheet = XlsSheet(_sheet_name(stream, data, codepage, biff8))
            sheets.append(sheet)
            starts[unpack("<I", stream, data)[0]] = sheet
        elif kind == _CODEPAGE:
            codepage = f"cp{unpack('<H', stream, data)[0]}"
        position = data + length


def _declared_cells(stream: bytes, data: int, biff8: bool) -> int:
    """The block a DIMENSIONS record states (rows then columns, first and one past the last): calamine
    reserves a cell for each before it reads one, so a record claiming 268 million rows × 65,535 columns
    made it ask for 700 TB, and the allocator abort the whole program."""
    if biff8:
        first_row, last_row, first_column, last_column = struct.unpack_from("<IIHH", stream, data)
    else:
        first_row, last_row, first_column, last_column = struct.unpack_from("<HHHH", stream, data)
    return max(last_row - first_row + 1, 0) * max(last_column - first_column + 1, 0)


def _value(sheet: XlsSheet, stream: bytes, data: int, kind: int, length: int) -> None:
    row, column = struct.unpack_from("<HH", stream, data)
    _extend(sheet, row, column, 1)
    error = None
    if kind == _BOOLERR and length >= 8 and stream[data + 7] == 1:
        error = stream[data + 6]
    elif (
        kind == _FORMULA
        and length >= 14
        and stream[data + 6] == 2
        and stream[data + 12 : data + 14] == b"\xff\xff"
    ):
        error = stream[data + 8]
    if error is not None:
        text = xlrd.error_text_from_code.get(error, "#N/A")
        sheet.facts.errors.setdefault(row + 1, {})[column] = text


def _extend(sheet: XlsSheet, row: int, column: int, cells: int) -> None:
    sheet.cells += cells
    if row >= sheet.rows:
        sheet.rows = row + 1
    if column >= sheet.columns:
        sheet.columns = column + 1


def _sheet_name(stream: bytes, data: int, codepage: str, biff8: bool) -> str:
    """A BOUNDSHEET record's name: BIFF8 as one-byte or UTF-16 characters, BIFF5 in the code page."""
    count = stream[data + 6]
    try:
        if biff8:
            wide = stream[data + 7] & 1
            return stream[data + 8 : data + 8 + count * (1 + wide)].decode("utf-16-le" if wide else "latin-1")
        return stream[data + 7 : data + 7 + count].decode(codepage, "replace")
    except (LookupError, UnicodeDecodeError):
        return ""
