"""How large a block of cells each .xlsb sheet makes, counted from its BIFF12 records before calamine
loads it.

calamine holds a sheet as one dense block from its first cell to its last: an .xlsb of a few kilobytes
with one cell in A1 and one in XFD1048576 asked for 550 GB, and the allocator aborted the whole program
(the window with it) without a word. The records are simple — a type and a size, each a variable-length
integer — and the ones that matter start with what is needed: a row header with its row, a cell with its
column. The package itself was sized from its zip directory before this reads it (core/zip_guard.py).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROW_HEADER = 0x00
CELLS = range(0x01, 0x0C)  # BrtCellBlank … BrtFmlaError: each starts with its column
END_OF_CELLS = 0x92  # BrtEndSheetData
SHEET_ENTRY = 0x9C  # BrtBundleSh in workbook.bin: state, tab id, relationship id, name
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Block:
    sheet: str
    rows: int
    columns: int


def scan_xlsb(path: Path) -> list[Block]:
    """The block of cells of every worksheet (empty sheets give 0 × 0)."""
    with zipfile.ZipFile(path) as package:
        names = {info.filename.replace("\\", "/").lower(): info.filename for info in package.infolist()}
        blocks = []
        for sheet, part in _worksheets(package, names).items():
            with package.open(names[part]) as stream:
                blocks.append(_block(sheet, stream))
        return blocks


def _worksheets(package: zipfile.ZipFile, names: dict[str, str]) -> dict[str, str]:
    """Sheet name → its part (lower case), from workbook.bin and its relationships; every worksheet
    part under its own name where they cannot be read."""
    found: dict[str, str] = {}
    workbook = next((name for name in names if name.endswith("workbook.bin")), None)
    rels = workbook and posixpath.join(posixpath.dirname(workbook), "_rels", "workbook.bin.rels")
    if workbook and rels in names:
        folder = posixpath.dirname(workbook)
        targets = {
            key: posixpath.normpath(posixpath.join(folder, target)).lower()
            for key, target in _relationships(package.read(names[rels]).decode("utf-8", "replace"))
        }
        with package.open(names[workbook]) as stream:
            for kind, body in _records(stream, keep=2048):
                if kind == SHEET_ENTRY:
                    relation, name = _sheet_entry(body)
                    if targets.get(relation) in names:
                        found[name] = targets[relation]
    if not found:
        found = {
            posixpath.basename(name): name
            for name in names
            if "/worksheets/" in name and name.endswith(".bin") and "binaryindex" not in name
        }
    return found


def _relationships(text: str) -> Iterator[tuple[str, str]]:
    for element in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", text):
        key, target = re.search(r'\bId="([^"]*)"', element), re.search(r'\bTarget="([^"]*)"', element)
        if key and target:
            yield key[1], target[1]


def _sheet_entry(body: bytes) -> tuple[str, str]:
    """The relationship id and name of a BrtBundleSh (after two four-byte fields, two wide strings)."""
    texts, position = [], 8
    for _ in range(2):
        length = int.from_bytes(body[position : position + 4], "little")
        texts.append(body[position + 4 : position + 4 + 2 * length].decode("utf-16-le", "replace"))
        position += 4 + 2 * length
    return texts[0], texts[1]


def _block(sheet: str, stream: IO[bytes]) -> Block:
    row = 0
    rows: list[int] = []  # first and last row, first and last column, of the cells
    columns: list[int] = []
    for kind, body in _records(stream, keep=4):
        if kind == ROW_HEADER:
            row = int.from_bytes(body, "little")
        elif kind in CELLS:
            column = int.from_bytes(body, "little")
            rows = [min(rows[0], row), max(rows[1], row)] if rows else [row, row]
            columns = [min(columns[0], column), max(columns[1], column)] if columns else [column, column]
        elif kind == END_OF_CELLS:
            break
    if not rows:
        return Block(sheet, 0, 0)
    return Block(sheet, rows[1] - rows[0] + 1, columns[1] - columns[0] + 1)


def _records(stream: IO[bytes], keep: int) -> Iterator[tuple[int, bytes]]:
    """(type, the first `keep` bytes of the body) of each record, reading a chunk at a time."""
    buffer, position = b"", 0
    while True:
        if len(buffer) - position < 12 + keep:
            buffer, position = buffer[position:] + stream.read(CHUNK), 0
            if not buffer:
                return
        try:
            kind, position = _number(buffer, position, 2)
            size, position = _number(buffer, position, 4)
        except IndexError:  # cut off in the middle of a header: the end
            return
        yield kind, buffer[position : position + min(size, keep)]
        position += size
        while position > len(buffer):  # a body longer than what is read: skip it
            position -= len(buffer)
            buffer = stream.read(max(CHUNK, position))
            if not buffer:
                return


def _number(buffer: bytes, position: int, most: int) -> tuple[int, int]:
    value = 0
    for shift in range(most):
        byte = buffer[position]
        position += 1
        value |= (byte & 0x7F) << (7 * shift)
        if not byte & 0x80:
            break
    return value, position
