"""What python-calamine does not say about an .xls sheet: hidden rows and error cells (#N/A, #DIV/0!).

calamine gives an error cell as "" and knows nothing of row heights. A quick look for the BIFF records
that would carry either (a ROW record with its zero-height flag, a BOOLERR or FORMULA record holding an
error) decides whether xlrd, which reads both, is asked; most files hold neither and are not read twice.
"""

from __future__ import annotations

import logging
import mmap
import re
from pathlib import Path

import xlrd
import xlrd.compdoc

from core.importing.readers.xlsx_scan import SheetFacts

log = logging.getLogger("core.importing.readers")

_HIDDEN_ROW = re.compile(rb"\x08\x02\x10\x00.{12}[\x20-\x3f\x60-\x7f\xa0-\xbf\xe0-\xff]", re.S)
_HIDDEN_DEFAULT = re.compile(rb"\x25\x02\x04\x00[\x02\x03\x06\x07\x0a\x0b\x0e\x0f]", re.S)
_BOOL_ERROR = re.compile(rb"\x05\x02\x08\x00.{7}\x01", re.S)
_FORMULA_ERROR = re.compile(rb"\x06\x00..(?:.{6})\x02.{5}\xff\xff", re.S)


class XlrdLog:
    """xlrd writes its warnings to a file object (stdout by default); send them to the log instead."""

    def write(self, text: str) -> int:
        if text.strip():
            log.debug("xlrd: %s", text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass


XLRD_LOG = XlrdLog()


def may_hold_facts(path: Path) -> bool:
    """Whether the workbook stream holds a record that could be a hidden row or an error cell."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mem:
        try:
            document = xlrd.compdoc.CompDoc(mem, logfile=XLRD_LOG)
            stream = document.get_named_stream("Workbook") or document.get_named_stream("Book")
        except Exception as exc:
            log.info("Cannot read the workbook stream of %s: %r", path, exc)
            return False
    if not stream:
        return False
    return any(p.search(stream) for p in (_HIDDEN_ROW, _HIDDEN_DEFAULT, _BOOL_ERROR, _FORMULA_ERROR))


def scan_xls(path: Path) -> dict[str, SheetFacts]:
    """Each sheet's hidden rows and error cells, as xlrd reads them; {} when xlrd cannot."""
    try:
        book = xlrd.open_workbook(
            str(path), formatting_info=True, on_demand=True, ragged_rows=True, logfile=XLRD_LOG
        )
    except Exception as exc:
        log.info("xlrd cannot read the row formats of %s: %r", path, exc)
        return {}
    try:
        return {name: _sheet_facts(book, name) for name in book.sheet_names()}
    except Exception as exc:
        log.info("xlrd cannot read the row formats of %s: %r", path, exc)
        return {}
    finally:
        book.release_resources()


def _sheet_facts(book: xlrd.Book, name: str) -> SheetFacts:
    sheet = book.sheet_by_name(name)
    facts = SheetFacts()
    for index in range(sheet.nrows):
        info = sheet.rowinfo_map.get(index)
        if (info.hidden if info is not None else sheet.default_row_hidden) and sheet.row_len(index):
            facts.hidden_rows.add(index + 1)
        for column, kind in enumerate(sheet.row_types(index)):
            if kind == xlrd.XL_CELL_ERROR:
                code = sheet.cell_value(index, column)
                facts.errors.setdefault(index + 1, {})[column] = xlrd.error_text_from_code.get(code, "#N/A")
    book.unload_sheet(name)
    return facts
