"""Open spreadsheet files and stream their rows: the one place the importer touches file formats.

The format is decided by the file's bytes, not its name: a zip holding a workbook part is .xlsx/.xlsm
(openpyxl, read-only) or .xlsb; a zip whose mimetype says so is .ods (both through python-calamine); an OLE2
compound file is .xls (xlrd) unless it is an encrypted OOXML package; anything else is text and read as CSV.
When openpyxl or xlrd cannot open a workbook that python-calamine can, calamine reads it instead.

Every failure, on opening or while iterating rows(), reaches the caller as UnreadableFileError with a Chinese
message that names the file and the reason; the library's own exception is logged with its traceback.

Cell values come out as str, int, float, bool, datetime.date, datetime.datetime or None: empty strings become
None, a datetime at midnight becomes a date, a whole-number float becomes an int, times of day and durations
become text ("10:10:10", "250:10:10"). Rows with no value at all are skipped; Row.number keeps the row number
Excel shows, so skipped rows leave gaps.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import logging
import mmap
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

import openpyxl
import python_calamine
import xlrd
import xlrd.compdoc

from core.errors import UserError

log = logging.getLogger(__name__)

MAX_ROWS = 1_048_576  # Excel's own limits; a sheet claiming more is refused rather than allocated
MAX_COLUMNS = 16_384
MAX_PART_BYTES = 512 * 1024 * 1024  # uncompressed size of any one member of a zip-based workbook
MAX_LINE_CHARS = 8 * 1024 * 1024  # a "CSV" line longer than this is not a register
_CHUNK = 1024 * 1024
_SAMPLE_BYTES = 32 * 1024

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

# Reasons, completing "文件“名称”…。"
EMPTY = "是空文件"
PASSWORD = "设有打开密码，请在 Excel 中取消密码后另存再导入"
CORRUPT = "已损坏或格式不完整，无法读取"
NOT_SPREADSHEET = "不是电子表格文件"
NO_VISIBLE_SHEET = "没有可见的工作表"
TOO_LARGE = "内容过大，超出可以读取的范围"
HTML = "其实是网页（HTML）格式，并非真正的 Excel 文件，请在 Excel 中打开后另存为 .xlsx 再导入"
XML_2003 = "是 Excel 2003 XML 格式，请在 Excel 中打开后另存为 .xlsx 再导入"
MISSING = "不存在，可能已被移动或删除"
NO_ACCESS = "无法访问，可能没有读取权限或正被其他程序占用"


def sheet_too_large(sheet: str) -> str:
    return f"中的工作表“{sheet}”超过 Excel 的上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列），无法读取"


class UnreadableFileError(UserError):
    """A file that cannot be read as a spreadsheet; the message names the file (not its folder) and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"文件“{self.path.name}”{reason}。")


@dataclass(frozen=True)
class Row:
    number: int  # 1-based row number as Excel shows it (CSV: the record number)
    values: list[object]  # trailing Nones trimmed; never all None


class TableFile(Protocol):
    path: Path
    kind: str  # "xlsx", "xls", "xlsb", "ods", "csv"
    sheet_names: list[str]  # visible worksheets in workbook order

    def rows(self, sheet: str) -> Iterator[Row]: ...

    def close(self) -> None: ...

    def __enter__(self) -> TableFile: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def open_table_file(path: Path) -> TableFile:
    """Open a spreadsheet or CSV file for reading; raises UnreadableFileError."""
    path = Path(path)
    with _Guard(path, "open"):
        kind = _detect_kind(path)
        table = _OPENERS[kind](path)
    if not table.sheet_names:
        table.close()
        raise UnreadableFileError(path, NO_VISIBLE_SHEET)
    log.info("Opened %s as %s with sheets %s", path, table.kind, table.sheet_names)
    return table


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes, read in chunks; raises UnreadableFileError."""
    path = Path(path)
    digest = hashlib.sha256()
    with _Guard(path, "hash"), path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- the exception boundary -------------------------------------------------------------------------


def _is_panic(exc: BaseException) -> bool:
    """pyo3's PanicException (raised by python-calamine) derives from BaseException."""
    return type(exc).__name__ == "PanicException"


def _reason_for(exc: BaseException) -> str | None:
    if isinstance(exc, FileNotFoundError):
        return MISSING
    if isinstance(exc, PermissionError):
        return NO_ACCESS
    if isinstance(exc, IsADirectoryError):
        return NOT_SPREADSHEET
    if isinstance(exc, python_calamine.PasswordError):
        return PASSWORD
    if isinstance(exc, MemoryError):
        return TOO_LARGE
    if isinstance(exc, Exception) or _is_panic(exc):
        return CORRUPT
    return None  # KeyboardInterrupt, SystemExit, GeneratorExit pass through


class _Guard:
    """Turns any library exception into UnreadableFileError, logging the original with its traceback."""

    def __init__(self, path: Path, action: str) -> None:
        self.path = path
        self.action = action

    def __enter__(self) -> _Guard:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is None or isinstance(exc, UnreadableFileError):
            return
        reason = _reason_for(exc)
        if reason is None:
            return
        log.warning("Cannot %s %s: %r", self.action, self.path, exc, exc_info=exc)
        raise UnreadableFileError(self.path, reason) from exc


# --- cell values ------------------------------------------------------------------------------------


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value or None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _duration_text(value)
    if value is None or isinstance(value, (bool, int, dt.date)):
        return value
    return str(value)


def _duration_text(value: dt.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"


def _make_row(number: int, values: Sequence[object]) -> Row | None:
    # Text, whole numbers and empty cells, nearly every cell, are handled inline.
    cleaned = [
        (v or None) if type(v) is str else v if v is None or type(v) is int else _clean(v) for v in values
    ]
    while cleaned and cleaned[-1] is None:
        cleaned.pop()
    return Row(number, cleaned) if cleaned else None


# --- the table files --------------------------------------------------------------------------------


class _Table:
    """Shared behaviour: the context manager, the closed check and the guarded row stream."""

    def __init__(self, path: Path, kind: str, sheet_names: list[str]) -> None:
        self.path = path
        self.kind = kind
        self.sheet_names = sheet_names
        self._closed = False

    def rows(self, sheet: str) -> Iterator[Row]:
        if self._closed:
            raise ValueError(f"{self.path} is closed")
        if sheet not in self.sheet_names:
            raise KeyError(sheet)
        return self._guarded_rows(sheet)

    def _guarded_rows(self, sheet: str) -> Iterator[Row]:
        with _Guard(self.path, f"read sheet {sheet!r} of"):
            for number, values in self._raw_rows(sheet):
                if number > MAX_ROWS or len(values) > MAX_COLUMNS:
                    raise UnreadableFileError(self.path, sheet_too_large(sheet))
                row = _make_row(number, values)
                if row is not None:
                    yield row

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        raise NotImplementedError

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            with _Guard(self.path, "close"):
                self._release()

    def _release(self) -> None:
        pass

    def __enter__(self) -> _Table:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _XlsxTable(_Table):
    """.xlsx/.xlsm through openpyxl in read-only mode: sheets are streamed from the zip, never loaded whole."""

    def __init__(self, path: Path) -> None:
        # A file object, not the path: openpyxl would refuse a genuine .xlsx whose name ends in .xls.
        self._fh = path.open("rb")
        try:
            self._wb = openpyxl.load_workbook(self._fh, read_only=True, data_only=True, keep_links=False)
        except BaseException:
            self._fh.close()
            raise
        # openpyxl silently drops the sheets of a Strict Open XML workbook; then calamine must read it.
        self.has_worksheets = bool(self._wb.worksheets)
        names = [ws.title for ws in self._wb.worksheets if ws.sheet_state == "visible"]
        super().__init__(path, "xlsx", names)

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        ws = self._wb[sheet]
        # The <dimension> element is often wrong (A1:XFD1048576); without it openpyxl yields only real
        # rows (and an empty tuple for each missing one), each as wide as its last cell.
        ws.reset_dimensions()
        yield from enumerate(ws.iter_rows(values_only=True), start=1)

    def _release(self) -> None:
        try:
            self._wb.close()
        finally:
            self._fh.close()


class _XlrdLog:
    """xlrd writes its warnings to a file object (stdout by default); send them to the log instead."""

    def write(self, text: str) -> int:
        if text.strip():
            log.debug("xlrd: %s", text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass


_XLRD_LOG = _XlrdLog()


class _XlsTable(_Table):
    """.xls through xlrd; each sheet is parsed when first read and unloaded afterwards."""

    def __init__(self, path: Path) -> None:
        self._book = xlrd.open_workbook(
            str(path), formatting_info=False, on_demand=True, ragged_rows=True, logfile=_XLRD_LOG
        )
        # xlrd records every sheet's visibility (0 visible, 1 hidden, 2 very hidden) without loading it.
        visibility = getattr(self._book, "_sheet_visibility", None) or []
        names = self._book.sheet_names()
        if len(visibility) == len(names):
            names = [name for name, state in zip(names, visibility, strict=True) if state == 0]
        super().__init__(path, "xls", names)

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


class _CalamineTable(_Table):
    """.xlsb and .ods (and the fallback for .xlsx/.xls) through python-calamine."""

    def __init__(self, path: Path, kind: str) -> None:
        if path.suffix == f".{kind}":  # calamine picks its parser by the name and reports precise errors
            self._wb = python_calamine.CalamineWorkbook.from_path(path)
        else:  # by content, but any failure is reported as "Cannot detect file format"
            with path.open("rb") as fh:
                self._wb = python_calamine.CalamineWorkbook.from_filelike(fh)
        names = [
            meta.name
            for meta in self._wb.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
            and meta.visible == python_calamine.SheetVisibleEnum.Visible
        ]
        super().__init__(path, kind, names)

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        data = self._wb.get_sheet_by_name(sheet)
        start = data.start
        if start is None:
            return
        if start[0] + data.height > MAX_ROWS or start[1] + data.width > MAX_COLUMNS:
            raise UnreadableFileError(self.path, sheet_too_large(sheet))
        # iter_rows() yields from the sheet's first row (leading empty rows included) but from the data's
        # first column, so rows need padding on the left only.
        padding: list[object] = [None] * start[1]
        for index, values in enumerate(data.iter_rows()):
            yield index + 1, padding + values

    def _release(self) -> None:
        self._wb.close()


class _CsvTable(_Table):
    """Delimited text: UTF-8 (with or without BOM), UTF-16 with BOM or GB18030; comma, semicolon or tab."""

    def __init__(self, path: Path) -> None:
        self._encoding = _detect_encoding(path)
        sample = _read_sample(path, self._encoding)
        _refuse_markup(path, sample)
        self._delimiter = _sniff_delimiter(sample)
        super().__init__(path, "csv", [path.stem])

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        with self.path.open(encoding=self._encoding, newline="") as fh:
            records = csv.reader(fh, delimiter=self._delimiter)
            for number, record in enumerate(records, start=1):
                yield number, [value.strip() for value in record]


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
    with zipfile.ZipFile(path) as zf:
        members = {info.filename.replace("\\", "/").lower(): info for info in zf.infolist()}
        if any(info.file_size > MAX_PART_BYTES for info in members.values()):
            raise UnreadableFileError(path, TOO_LARGE)
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
    if names is None:  # the directory is damaged; xlrd (and calamine after it) will decide
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
            doc = xlrd.compdoc.CompDoc(mem, logfile=_XLRD_LOG)
        except Exception as exc:
            log.info("Cannot list the streams of %s: %r", path, exc, exc_info=exc)
            return None
        return {entry.name.lower() for entry in doc.dirlist}


# --- opening each kind ------------------------------------------------------------------------------


def _open_xlsx(path: Path) -> _Table:
    try:
        table = _XlsxTable(path)
    except MemoryError:
        raise
    except Exception as exc:
        log.info("openpyxl cannot open %s, trying python-calamine", path, exc_info=exc)
    else:
        if table.has_worksheets:
            return table
        table.close()
        log.info("openpyxl finds no worksheet in %s (Strict Open XML?), trying python-calamine", path)
    return _calamine_fallback(path, "xlsx")


def _open_xls(path: Path) -> _Table:
    try:
        return _XlsTable(path)
    except MemoryError:
        raise
    except Exception as exc:
        if isinstance(exc, xlrd.XLRDError) and "encrypted" in str(exc).lower():
            raise UnreadableFileError(path, PASSWORD) from exc
        log.info("xlrd cannot open %s, trying python-calamine", path, exc_info=exc)
    return _calamine_fallback(path, "xls")


def _calamine_fallback(path: Path, kind: str) -> _Table:
    with _Guard(path, f"open (as {kind}, through python-calamine)"):
        return _CalamineTable(path, kind)


def _open_xlsb(path: Path) -> _Table:
    return _CalamineTable(path, "xlsb")


def _open_ods(path: Path) -> _Table:
    return _CalamineTable(path, "ods")


_OPENERS = {
    "xlsx": _open_xlsx,
    "xls": _open_xls,
    "xlsb": _open_xlsb,
    "ods": _open_ods,
    "csv": _CsvTable,
}


# --- text files ---------------------------------------------------------------------------------------


def _detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        if _is_text(path, encoding):
            return encoding
    raise UnreadableFileError(path, NOT_SPREADSHEET)


def _is_text(path: Path, encoding: str) -> bool:
    """The whole file decodes, holds no NUL, few control characters and no absurdly long line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line_length = 0
    first = True
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                return False
            if "\x00" in text or (first and _mostly_control(text)):
                return False
            first = False
            end = max(text.rfind("\n"), text.rfind("\r"))
            line_length = line_length + len(text) if end < 0 else len(text) - end - 1
            if line_length > MAX_LINE_CHARS:
                return False
            if not chunk:
                return True


_CONTROL = frozenset(chr(c) for c in range(32)) - frozenset("\t\n\r\f\v\x1a")


def _mostly_control(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    return sum(ch in _CONTROL for ch in sample) * 100 > len(sample)


def _read_sample(path: Path, encoding: str) -> str:
    with path.open("rb") as fh:
        raw = fh.read(_SAMPLE_BYTES)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(raw)
    end = max(text.rfind("\n"), text.rfind("\r"))
    return text[:end] if end > 0 and len(raw) == _SAMPLE_BYTES else text


def _refuse_markup(path: Path, sample: str) -> None:
    """Web pages and Excel 2003 XML saved with an .xls name are common; say what they are."""
    head = sample.lstrip("\ufeff \t\r\n").lower()[:4096]
    if head.startswith(_HTML_STARTS):
        raise UnreadableFileError(path, HTML)
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise UnreadableFileError(path, XML_2003)
        if "<html" in head:
            raise UnreadableFileError(path, HTML)
        raise UnreadableFileError(path, NOT_SPREADSHEET)


_HTML_STARTS = ("<!doctype html", "<html", "<head", "<meta", "<table", "mime-version:")


def _sniff_delimiter(sample: str) -> str:
    if not sample.strip():
        return ","
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error as exc:
        log.debug("No delimiter found (%r); using a comma", exc)
        return ","
