"""What python-calamine does not say about an .xlsx sheet, read from the sheet's XML before calamine loads it.

calamine builds a sheet as one dense block of rows × columns, so the block's size is checked first (a
337 KB file can hold one row of three million cells); it gives a formula without a saved result and an
error cell (#N/A) alike as "", and it says nothing of hidden rows. One streaming pass over the sheet's
part counts its cells and finds its extent; only when the part holds formulas, error cells or hidden rows
does a second pass look at them row by row. Both passes read the part in chunks, whatever its size.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from core.importing.readers.cells import FORMULA_WITHOUT_VALUE, Flaw
from core.importing.readers.errors import MAX_COLUMNS, MAX_ROWS

MAX_CELLS = 4_000_000  # a sheet's block of rows × columns; calamine keeps ~32 bytes per cell
_CHUNK = 1024 * 1024

_NAME = rb"(?:[\w.-]+:)?"  # an element name's optional namespace prefix
_ROW = re.compile(rb"<" + _NAME + rb"row\b([^>]*?)(?:/>|>(.*?)</" + _NAME + rb"row>)", re.S)
_CELL = re.compile(rb"<" + _NAME + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _NAME + rb"c>)", re.S)
_FORMULA = re.compile(rb"<" + _NAME + rb"f\b")
_VALUE = re.compile(rb"<" + _NAME + rb"v>([^<]*)</" + _NAME + rb"v>")
_INLINE = re.compile(rb"<" + _NAME + rb"is\b")
_REF = re.compile(rb'\br="([A-Za-z]*)(\d*)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
# What makes a second, closer look worth it: a formula ("<f" with the prefix), an error cell, a hidden row.
_MARKERS = (b't="e"', b'hidden="')
_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet\b")
# A reference of two or three letters, of a cell with something in it (not an empty tag "<c …/>").
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})\d+"[^>/]*>')


@dataclass
class SheetFacts:
    hidden_rows: set[int] = field(default_factory=set)
    flaws: dict[int, list[Flaw]] = field(default_factory=dict)  # row number → its unusable cells
    errors: dict[int, dict[int, str]] = field(default_factory=dict)  # row → column → "#N/A"

    def __bool__(self) -> bool:
        return bool(self.hidden_rows or self.flaws or self.errors)


class SheetTooLarge(Exception):
    """The sheet's extent or cell count is over the limits; args[0] says which ("rows", "cells")."""


def column_index(letters: bytes | str) -> int:
    """0-based column of Excel letters: A → 0, AA → 26."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - 64
    return number - 1


def sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name → its part's name in the package, from the workbook and its relationships."""
    members = {name.replace("\\", "/").lower(): name for name in package.namelist()}
    workbook = _target(package, members, "_rels/.rels", "", "officeDocument") or "xl/workbook.xml"
    folder = posixpath.dirname(workbook)
    rels = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    targets = _relationships(package, members, rels, folder)
    parts: dict[str, str] = {}
    root = _parse(package, members, workbook)
    if root is None:
        return parts
    for element in root.iter():
        if _local(element.tag) != "sheet":
            continue
        rel = next((v for k, v in element.attrib.items() if _local(k) == "id" and k.startswith("{")), None)
        name, target = element.get("name"), targets.get(rel or "")
        if name is not None and target is not None and target.lower() in members:
            parts[name] = members[target.lower()]
    return parts


MAX_SHARED_STRINGS = 10_000_000  # calamine reserves ~24 bytes per declared string before reading one
_UNIQUE_COUNT = re.compile(rb"<(?:[\w.-]+:)?sst\b[^>]*?\buniqueCount\s*=\s*[\"'](\d+)", re.S)


def shared_strings_overstated(package: zipfile.ZipFile) -> int | None:
    """The string count a shared-strings part declares when it cannot be true: more than its bytes could
    hold (an entry takes at least “<si/>”), or past MAX_SHARED_STRINGS. calamine reserves memory for the
    declared count before it reads a string: a 1 KB file saying 4,000,000,000 made it ask for 96 GB and
    abort the whole program (a Rust allocation failure is no Python exception)."""
    for info in package.infolist():
        if not info.filename.replace("\\", "/").lower().endswith("sharedstrings.xml"):
            continue
        try:
            with package.open(info) as part:
                head = part.read(4096)
        except Exception:  # a member zipfile cannot unpack: calamine's own error names the file
            continue
        found = _UNIQUE_COUNT.search(head)
        declared = int(found.group(1)) if found else 0
        if declared > min(MAX_SHARED_STRINGS, info.file_size // 5 + 1):
            return declared
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _parse(package: zipfile.ZipFile, members: dict[str, str], name: str) -> ElementTree.Element | None:
    real = members.get(name.lower())
    if real is None or package.getinfo(real).file_size > 16 * _CHUNK:
        return None
    try:
        return ElementTree.fromstring(package.read(real))
    except ElementTree.ParseError:
        return None


def _relationships(
    package: zipfile.ZipFile, members: dict[str, str], rels: str, folder: str
) -> dict[str, str]:
    root = _parse(package, members, rels)
    if root is None:
        return {}
    found = {}
    for element in root.iter():
        target, rel = element.get("Target"), element.get("Id")
        if _local(element.tag) == "Relationship" and target and rel:
            target = target.replace("\\", "/")
            found[rel] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
    return found


def _target(
    package: zipfile.ZipFile, members: dict[str, str], rels: str, folder: str, kind: str
) -> str | None:
    root = _parse(package, members, rels)
    if root is None:
        return None
    for element in root.iter():
        if (element.get("Type") or "").endswith("/" + kind) and element.get("Target"):
            target = (element.get("Target") or "").replace("\\", "/")
            return target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return None


def _chunks(package: zipfile.ZipFile, part: str, cut: re.Pattern[bytes] | bytes) -> Iterator[bytes]:
    """The part in pieces of about _CHUNK bytes, each ending after the last match of cut (or the end)."""
    tail = b""
    with package.open(part) as stream:
        while True:
            data = stream.read(_CHUNK)
            buffer = tail + data
            if not data:
                if buffer:
                    yield buffer
                return
            end = _last_end(buffer, cut)
            yield buffer[:end]
            tail = buffer[end:]


def _last_end(buffer: bytes, cut: re.Pattern[bytes] | bytes) -> int:
    if isinstance(cut, bytes):
        return buffer.rfind(cut) + len(cut) if cut in buffer else 0
    position = len(buffer)
    while position > 0:  # the last row end: search backwards from each "row>"
        position = buffer.rfind(b"row>", 0, position)
        if position < 0:
            return 0
        match = cut.search(buffer, max(0, position - 64), position + 4)
        if match:
            return match.end()
    return 0


@dataclass
class _Extent:
    cells: int = 0  # cells with something in them (an empty styled cell is one empty tag, "<c …/>")
    rows: int = 0
    last_row: int = 0  # of a cell with something in it
    widest: int = 0
    marked: bool = False  # formulas, error cells or hidden rows: look closer


def check_and_scan(package: zipfile.ZipFile, part: str) -> SheetFacts:
    """The facts of one sheet part; raises SheetTooLarge before anything big is built."""
    extent = _measure(package, part)
    if extent.last_row > MAX_ROWS or extent.widest > MAX_COLUMNS:
        raise SheetTooLarge("rows")
    if extent.cells > max(extent.rows, extent.last_row, 1) * MAX_COLUMNS:  # a row over Excel's width
        raise SheetTooLarge("rows")
    if extent.cells > MAX_CELLS or max(extent.last_row, extent.rows) * max(extent.widest, 1) > MAX_CELLS:
        raise SheetTooLarge("cells")
    return _scan(package, part) if extent.marked else SheetFacts()


def _measure(package: zipfile.ZipFile, part: str) -> _Extent:
    extent = _Extent()
    prefix = b""
    for number, chunk in enumerate(_chunks(package, part, b">")):
        if number == 0:
            root = _ROOT.search(chunk)
            prefix = root.group(1) + b":" if root and root.group(1) else b""
        extent.cells += chunk.count(b"</" + prefix + b"c>")
        extent.last_row = max(extent.last_row, _last_row(chunk, prefix))
        if not extent.last_row:  # rows without numbers: count them
            extent.rows += chunk.count(b"<" + prefix + b"row ") + chunk.count(b"<" + prefix + b"row>")
        extent.widest = max(extent.widest, _widest(chunk))
        if extent.cells > MAX_CELLS or extent.cells > max(extent.rows, extent.last_row, 1) * MAX_COLUMNS:
            break  # too many cells, or a row wider than Excel's: no need to read on
        if not extent.marked:
            extent.marked = b"<" + prefix + b"f" in chunk or any(marker in chunk for marker in _MARKERS)
    return extent


def _last_row(chunk: bytes, prefix: bytes) -> int:
    """The row of the chunk's last cell with something in it (rows come in order)."""
    end = chunk.rfind(b"</" + prefix + b"c>")
    start = chunk.rfind(b"<" + prefix + b"c ", 0, end) if end >= 0 else -1
    ref = _REF.search(chunk, start, chunk.find(b">", start)) if start >= 0 else None
    return int(ref.group(2)) if ref and ref.group(2) else 0


def _widest(chunk: bytes) -> int:
    """The widest column a reference of a cell with something in it names (1-based); 26 at least when
    the chunk holds a cell (wider columns need two letters)."""
    found = set(_WIDE_REF.findall(chunk))
    if found:
        return max(column_index(letters) for letters in found) + 1
    return 26 if b"</c>" in chunk or b":c>" in chunk else 0


def _scan(package: zipfile.ZipFile, part: str) -> SheetFacts:
    facts = SheetFacts()
    number = 0
    row_end = re.compile(rb"</" + _NAME + rb"row>|<" + _NAME + rb"row\b[^>]*/>")
    for chunk in _chunks(package, part, row_end):
        for row in _ROW.finditer(chunk):
            attributes, body = row.group(1), row.group(2)
            ref = _REF.search(attributes)
            number = int(ref.group(2)) if ref and ref.group(2) else number + 1
            if _HIDDEN.search(attributes):
                facts.hidden_rows.add(number)
            if body and (b't="e"' in body or _FORMULA.search(body)):
                _scan_cells(facts, number, body)
    return facts


def _scan_cells(facts: SheetFacts, number: int, body: bytes) -> None:
    column = -1
    for cell in _CELL.finditer(body):
        attributes, content = cell.group(1), cell.group(2) or b""
        ref = _REF.search(attributes)
        column = column_index(ref.group(1)) if ref and ref.group(1) else column + 1
        kind = _TYPE.search(attributes)
        value = _VALUE.search(content)
        if kind and kind.group(1) == b"e" and value and value.group(1):
            facts.errors.setdefault(number, {})[column] = value.group(1).decode("utf-8", "replace")
        elif _FORMULA.search(content) and not _INLINE.search(content):
            has_value = value is not None and (value.group(1) or (kind and kind.group(1) == b"str"))
            if not has_value:
                facts.flaws.setdefault(number, []).append(Flaw(column, FORMULA_WITHOUT_VALUE))
