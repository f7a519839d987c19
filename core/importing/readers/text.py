"""Delimited text (CSV): its encoding found and named, its records parsed strictly.

Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM or without one (told by where its NUL bytes
fall), UTF-32 with a BOM, GB18030 (GBK); text with a stray NUL byte is refused naming its line. A file in Big5 (traditional Chinese) is refused naming Big5, and a file mixing
encodings line by line (UTF-8 and GBK, GBK and Big5) is refused naming the first line that differs.

Parsing is strict: a quote that is never closed, or closed in the middle of a field, refuses the file
naming the row it opened on, and so does a quoted field that swallowed whole lines of fields (a stray
quote closed rows later by another). Nothing is silently merged into one record.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from core.importing.readers.errors import BIG5, HTML, NOT_SPREADSHEET, XML_2003, UnreadableFileError, log
from core.importing.readers.tables import Table

MAX_LINE_CHARS = 8 * 1024 * 1024  # a "CSV" line longer than this is not a register
FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters
_CHUNK = 1024 * 1024
_SAMPLE_BYTES = 64 * 1024
_BIG5_SHARE = 0.3  # of a line's non-ASCII characters outside GB2312 when read as GBK: Big5 text
_CONTROL = frozenset(chr(c) for c in range(32)) - frozenset("\t\n\r\f\v\x1a")
_CONTROLS_IN_BINARY = 16
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<meta", "<table", "mime-version:")
_NAMES = {"utf-8": " UTF-8 ", "gb18030": " GBK ", "big5": "繁体 Big5 "}


def unbalanced_quote(number: int) -> str:
    return f'第 {number} 行的引号（"）没有配对，从这里起的内容无法正确分列。请在这一行补全或删去引号后再导入'


def misplaced_quote(number: int) -> str:
    return f'第 {number} 行有引号（"）只包住了单元格的一部分，无法正确分列。请删去这个引号，或用引号包住整个单元格后再导入'


def field_too_long(number: int) -> str:
    return f"第 {number} 行有一个单元格超过 {FIELD_LIMIT:,} 个字符，不像登记表的内容，无法读取"


def mixed_encodings(first: tuple[int, str], other: tuple[int, str]) -> str:
    return (
        f"混用了不同的文字编码：第 {first[0]} 行是{_NAMES[first[1]]}编码，第 {other[0]} 行却是"
        f"{_NAMES[other[1]]}编码。请把全部内容用同一种编码（最好是 UTF-8）另存后再导入"
    )


def unknown_encoding(number: int) -> str:
    return f"第 {number} 行的文字编码无法识别（不是 UTF-8、GBK 或 UTF-16）。请检查这一行，或另存为 UTF-8 编码后再导入"


class CsvTable(Table):
    def __init__(self, path: Path) -> None:
        self._encoding = detect_encoding(path)
        sample = _read_sample(path, self._encoding)
        _refuse_markup(path, sample)
        self._delimiter = _sniff_delimiter(sample)
        super().__init__(path, "csv", [path.stem], [])

    def _raw_rows(self, sheet: str) -> Iterator[tuple[int, Sequence[object]]]:
        with self.path.open(encoding=self._encoding, newline="") as fh:
            records = csv.reader(fh, delimiter=self._delimiter, strict=True)
            number, line = 0, 1
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise self._refusal(error, number + 1, records.line_num > line) from error
                number += 1
                if records.line_num > line and _swallowed(record, self._delimiter):
                    raise UnreadableFileError(self.path, unbalanced_quote(number))
                line = records.line_num + 1
                yield number, record

    def _refusal(self, error: csv.Error, number: int, spanned: bool) -> UnreadableFileError:
        """spanned: the record ran on past its first line before the error."""
        log.info("CSV %s: record %d: %s", self.path, number, error)
        if "field larger than field limit" in str(error):
            return UnreadableFileError(self.path, field_too_long(number))
        if "expected after" in str(error) and not spanned:
            return UnreadableFileError(self.path, misplaced_quote(number))
        return UnreadableFileError(self.path, unbalanced_quote(number))


def _swallowed(record: list[str], delimiter: str) -> bool:
    """A quoted field that holds lines of several fields each: a stray quote closed rows later."""
    for value in record:
        lines = value.splitlines()
        if len(lines) > 1 and any(line.count(delimiter) >= 2 for line in lines[1:]):
            return True
    return False


# --- the encoding -------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in sample:
        encoding = _utf16_without_bom(sample) or ""
    elif _decodes(path, "utf-8"):
        encoding = "utf-8"
    else:
        encoding = _legacy_encoding(path)
    if not encoding or not _is_text(path, encoding):
        _refuse_stray_nul(path)
        raise UnreadableFileError(path, NOT_SPREADSHEET)
    return encoding


def nul_character(number: int) -> str:
    return (
        f"第 {number} 行含有空字符（值为 0 的字节），文件可能在导出或复制时损坏。"
        "请用 Excel 或 WPS 打开它，另存为 .xlsx 后再导入"
    )


STRAY_NULS = 2  # NUL bytes a broken export may leave in text of any length


def _refuse_stray_nul(path: Path) -> None:
    """Text (UTF-8 or GBK) with a few NUL bytes in it, as a broken export leaves: refused naming the
    first line that has one, instead of being called no spreadsheet at all."""
    data = path.read_bytes() if path.stat().st_size <= 64 * _CHUNK else b""
    number = stray_nul_line(data)
    if number is not None:
        raise UnreadableFileError(path, nul_character(number))


def stray_nul_line(data: bytes) -> int | None:
    """The line of the first NUL byte in text (UTF-8 or GBK) that holds a few, as a broken export or copy
    leaves; None when there is none, or too many for text (binary data). Old reports (.txt) use it too."""
    nuls = data.count(b"\x00")
    if not nuls or nuls > max(STRAY_NULS, len(data) // 100):  # a short file may be under 100 bytes a NUL
        return None
    clean = data.replace(b"\x00", b"")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = clean.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _mostly_control(text):
            return data[: data.index(b"\x00")].count(b"\n") + 1
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text has the NUL half of every ASCII character (commas, digits, line ends) all on one side."""
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half // 20 and even * 10 < odd:
        return "utf-16-le"
    if even > half // 20 and odd * 10 < even:
        return "utf-16-be"
    return None


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError:
                return False
            if not chunk:
                return True


def _legacy_encoding(path: Path) -> str:
    """gb18030 for a file that is not UTF-8; refuses Big5, mixed encodings and undecodable lines."""
    first: tuple[int, str] | None = None
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            kind = _line_encoding(line)
            if kind is None:
                continue
            if kind == "unknown":
                if first is None and number == 1:
                    return ""  # not text at all
                raise UnreadableFileError(path, unknown_encoding(number))
            if first is None:
                first = (number, kind)
            elif kind != first[1]:
                raise UnreadableFileError(path, mixed_encodings(first, (number, kind)))
    if first is not None and first[1] == "big5":
        raise UnreadableFileError(path, BIG5)
    if first is not None and first[1] == "utf-8":  # and a line too short to tell is not UTF-8
        raise UnreadableFileError(path, mixed_encodings(first, (_first_not_utf8(path), "gb18030")))
    return "gb18030"


def _first_not_utf8(path: Path) -> int:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not _decodes_as(line, "utf-8"):
                return number
    return 0


def _line_encoding(line: bytes) -> str | None:
    """ "utf-8", "gb18030" or "big5" for a line that tells, None for one that does not, else "unknown"."""
    if line.isascii():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # GBK text rarely decodes as UTF-8, and then with few three-byte characters
        return "utf-8" if sum(0x800 <= ord(ch) <= 0xFFFF for ch in text) >= 2 else None
    try:
        text = line.decode("gb18030")
    except UnicodeDecodeError:
        return "big5" if _decodes_as(line, "big5") else "unknown"
    wide = [ch for ch in text if not ch.isascii()]
    outside = sum(not _in_gb2312(ch) for ch in wide)
    if len(wide) >= 3 and outside >= _BIG5_SHARE * len(wide) and _decodes_as(line, "big5"):
        return "big5"
    return "gb18030" if len(wide) >= 3 else None  # too short to tell GBK from Big5


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _decodes_as(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


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


def _mostly_control(text: str) -> bool:
    """Binary data that happens to decode: many control characters (a stray one is the cell's problem)."""
    sample = text[:_SAMPLE_BYTES]
    controls = sum(ch in _CONTROL for ch in sample)
    return controls >= _CONTROLS_IN_BINARY and controls * 100 > len(sample)


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


def _sniff_delimiter(sample: str) -> str:
    if not sample.strip():
        return ","
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error as exc:
        log.debug("No delimiter found (%r); using a comma", exc)
        return ","
