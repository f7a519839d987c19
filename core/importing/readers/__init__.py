"""Open spreadsheet files and stream their rows: the one place the importer touches file formats.

The format is decided by the file's bytes, not its name: a zip holding a workbook part is .xlsx/.xlsm or
.xlsb, a zip whose mimetype says so is .ods, an OLE2 compound file is .xls unless it is an encrypted OOXML
package; anything else is text and read as CSV (text.py). Workbooks are read through python-calamine
(tables.py says what else each format needs and where openpyxl-free helpers or xlrd fill in). A zip
package is sized from its directory before anything unpacks it (core/zip_guard.py), and each sheet's
extent is checked before calamine builds it.

The user's file is read once: open_table_file() copies it into a private temporary file, hashing as it
copies (core.temporary.PrivateCopy), and every check, sizer and library reads only that copy, which is
deleted on close(). The hash recorded for an import is the copy's, so it names exactly the bytes read; a
file still being written on a U 盘 or share cannot be measured in one state and read in another. The
table's `path` is the user's file, named in every message; `source` is the copy the readers read.

Every failure, on opening or while iterating rows(), reaches the caller as UnreadableFileError with a
Chinese message that names the file and the reason; the library's own exception is logged with its
traceback. Rows come as cells.Row: Excel's row number, values normalised (cells.py), the cells whose
value cannot be used, and whether the row is hidden. Rows with no value at all are skipped, so row
numbers leave gaps.
"""

from __future__ import annotations

import contextlib
import mmap
import weakref
import zipfile
from collections.abc import Generator, Iterator
from pathlib import Path
from types import TracebackType
from typing import Protocol

import python_calamine
import xlrd
import xlrd.compdoc

from core import files
from core.importing.readers import xls_scan
from core.importing.readers.cells import Flaw, Row, clean_text
from core.importing.readers.errors import (
    BIG5,
    CORRUPT,
    EMPTY,
    HTML,
    MAX_COLUMNS,
    MAX_ROWS,
    MISSING,
    NO_ACCESS,
    NO_VISIBLE_SHEET,
    NOT_SPREADSHEET,
    PASSWORD,
    TOO_LARGE,
    XML_2003,
    ZIP_BOMB,
    Guard,
    UnreadableFileError,
    log,
    sheet_too_large,
)
from core.importing.readers.tables import (
    MisdecodedText,
    OdsTable,
    Table,
    XlrdTable,
    XlsbTable,
    XlsTable,
    XlsxTable,
    check_xls_text,
)
from core.importing.readers.text import CsvTable
from core.temporary import PrivateCopy
from core.zip_guard import WORKBOOK_LIMITS, OversizedPackageError, check_package

__all__ = [
    "BIG5",
    "CORRUPT",
    "EMPTY",
    "HTML",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MISSING",
    "NOT_SPREADSHEET",
    "NO_ACCESS",
    "NO_VISIBLE_SHEET",
    "PASSWORD",
    "TOO_LARGE",
    "XML_2003",
    "ZIP_BOMB",
    "Flaw",
    "Row",
    "TableFile",
    "UnreadableFileError",
    "clean_text",
    "open_table_file",
    "sheet_too_large",
]

_CHUNK = 1024 * 1024
MAX_FILE_BYTES = 1024 * _CHUNK  # far beyond any register; a file still growing is not copied for ever
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_OOXML_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xltx", ".xltm")
_XLSX_CONTENT_TYPES = (
    b"spreadsheetml.sheet.main",
    b"spreadsheetml.template.main",
    b"ms-excel.sheet.macroEnabled.main",
    b"ms-excel.template.macroEnabled.main",
)
_XLSB_CONTENT_TYPE = b"ms-excel.sheet.binary.macroEnabled.main"


class TableFile(Protocol):
    path: Path  # the user's file, named in messages and recorded
    source: Path  # what is read: the private copy of path
    sha256: str  # of the bytes read
    kind: str  # "xlsx", "xls", "xlsb", "ods", "csv"
    sheet_names: list[str]  # visible worksheets in workbook order
    hidden_sheets: list[str]  # hidden worksheets, not read

    def rows(self, sheet: str, *, fill_merged: bool = False) -> Iterator[Row]: ...

    def load_ahead(self, sheet: str) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> TableFile: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def open_table_file(path: Path) -> TableFile:
    """Open a spreadsheet or CSV file for reading, from a private copy made here; raises
    UnreadableFileError (naming path). The caller closes the table, which deletes the copy."""
    path = Path(path)
    if files.is_special(path):
        raise UnreadableFileError(path, files.NOT_A_FILE)
    try:  # outside Guard: a temporary folder that failed is said as such (a UserError of its own)
        copy = PrivateCopy(path, limit=MAX_FILE_BYTES, too_large=lambda: UnreadableFileError(path, TOO_LARGE))
    except OSError as error:
        with Guard(path, "copy"):  # the user's file could not be read: why, in Chinese
            raise error from None
    try:
        with _named(path), Guard(path, "open"):
            kind = _detect_kind(copy.path)
            table = _OPENERS[kind](copy.path)
    except BaseException:
        copy.release()
        raise
    opened = CopiedTable(table, copy)
    if not opened.sheet_names:
        opened.close()
        raise UnreadableFileError(path, NO_VISIBLE_SHEET)
    log.info("Opened %s as %s with sheets %s", path, opened.kind, opened.sheet_names)
    return opened


class CopiedTable:
    """A table read from a private copy: named, in every message, after the user's file."""

    def __init__(self, table: Table, copy: PrivateCopy) -> None:
        self._table, self._copy = table, copy
        self.path, self.source, self.sha256 = copy.shown, copy.path, copy.sha256
        self.kind, self.sheet_names, self.hidden_sheets = table.kind, table.sheet_names, table.hidden_sheets
        self._inner: dict[str, str] = {}  # a CSV's one sheet is named after the file: the user's
        if table.kind == "csv" and table.sheet_names != [self.path.stem]:
            self._inner, self.sheet_names = {self.path.stem: table.sheet_names[0]}, [self.path.stem]
        self._streams: weakref.WeakSet[Generator[Row, None, None]] = weakref.WeakSet()

    def rows(self, sheet: str, *, fill_merged: bool = False) -> Iterator[Row]:
        stream = self._named_rows(self._table.rows(self._inner.get(sheet, sheet), fill_merged=fill_merged))
        self._streams.add(stream)
        return stream

    def _named_rows(self, rows: Iterator[Row]) -> Generator[Row, None, None]:
        with _named(self.path):
            yield from rows

    def load_ahead(self, sheet: str) -> None:
        self._table.load_ahead(self._inner.get(sheet, sheet))

    def close(self) -> None:
        """Close the table and any rows still being read (a CSV's stream holds its file open), then
        delete the copy: on Windows a file still open cannot be deleted."""
        try:
            for stream in list(self._streams):
                stream.close()
            with _named(self.path):
                self._table.close()
        finally:
            self._copy.release()

    def __enter__(self) -> CopiedTable:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """An UnreadableFileError raised about the copy, raised again about the user's file."""
    try:
        yield
    except UnreadableFileError as error:
        if error.path == path:
            raise
        raise UnreadableFileError(path, error.reason) from error


# --- deciding the format ------------------------------------------------------------------------------


def _detect_kind(path: Path) -> str:
    if path.stat().st_size == 0:
        raise UnreadableFileError(path, EMPTY)
    with path.open("rb") as fh:
        head = fh.read(len(OLE_MAGIC))
    if head.startswith(ZIP_MAGICS):
        return _zip_kind(path)
    if head == OLE_MAGIC:
        return _ole_kind(path)
    return "csv"


def _zip_kind(path: Path) -> str:
    try:
        check_package(path, WORKBOOK_LIMITS)
    except OversizedPackageError as error:
        log.warning("Refused %s: %s", path, error.message)
        raise UnreadableFileError(path, ZIP_BOMB) from None
    with zipfile.ZipFile(path) as zf:
        members = {info.filename.replace("\\", "/").lower(): info for info in zf.infolist()}
        names = set(members)
        if any(name == "workbook.bin" or name.endswith("/workbook.bin") for name in names):
            return "xlsb"
        if any(name == "workbook.xml" or name.endswith("/workbook.xml") for name in names):
            return "xlsx"
        if _small_member(zf, members, "mimetype").strip().startswith(ODS_MIMETYPE):
            if b"encryption-data" in _small_member(zf, members, "meta-inf/manifest.xml"):
                raise UnreadableFileError(path, PASSWORD)
            return "ods"
        content_types = _small_member(zf, members, "[content_types].xml")
        if _XLSB_CONTENT_TYPE in content_types:
            return "xlsb"
        if any(marker in content_types for marker in _XLSX_CONTENT_TYPES):
            return "xlsx"
    raise UnreadableFileError(path, NOT_SPREADSHEET)


def _small_member(zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], name: str) -> bytes:
    info = members.get(name)
    if info is None or info.file_size > _CHUNK:
        return b""
    return zf.read(info)


def _ole_kind(path: Path) -> str:
    """An OLE2 compound file: a real .xls, or an encrypted OOXML package (what Excel writes for a password)."""
    names = _ole_stream_names(path)
    if names is None:  # the directory is damaged; calamine (and xlrd after it) will decide
        return "xls"
    if names & {"encryptedpackage", "encryptioninfo"}:
        raise UnreadableFileError(path, PASSWORD)
    if names & {"workbook", "book"}:
        return "xls"
    if path.suffix.lower() in _OOXML_SUFFIXES:
        raise UnreadableFileError(path, PASSWORD)
    raise UnreadableFileError(path, NOT_SPREADSHEET)


def _ole_stream_names(path: Path) -> set[str] | None:
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mem:
        try:
            doc = xlrd.compdoc.CompDoc(mem, logfile=xls_scan.XLRD_LOG)
        except Exception as exc:
            log.info("Cannot list the streams of %s: %r", path, exc, exc_info=exc)
            return None
        return {entry.name.lower() for entry in doc.dirlist}


# --- opening each kind ------------------------------------------------------------------------------


def _open_xlsx(path: Path) -> Table:
    return XlsxTable(path)


def _open_xls(path: Path) -> Table:
    try:
        table = XlsTable(path)
    except MemoryError:
        raise
    except python_calamine.PasswordError:
        raise
    except Exception as exc:
        log.info("python-calamine cannot open %s, trying xlrd", path, exc_info=exc)
        return _xlrd(path)
    try:
        check_xls_text(table)
    except MisdecodedText as sheet:
        log.info("python-calamine misreads the text of sheet %s of %s; reading it with xlrd", sheet, path)
        table.close()
        return _xlrd(path)
    return table


def _xlrd(path: Path) -> Table:
    try:
        return XlrdTable(path)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise UnreadableFileError(path, PASSWORD) from exc
        raise


def _open_xlsb(path: Path) -> Table:
    return XlsbTable(path)


def _open_ods(path: Path) -> Table:
    return OdsTable(path)


_OPENERS = {
    "xlsx": _open_xlsx,
    "xls": _open_xls,
    "xlsb": _open_xlsb,
    "ods": _open_ods,
    "csv": CsvTable,
}
