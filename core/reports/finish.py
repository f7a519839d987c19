"""Finishing a rendered report: the layout that depends on the text the template was filled with.

- 落款 (GB/T 9704-2012 7.3.5.2, a document without a seal): the signature two characters in from the right,
  the date on the line below with its first character two characters right of the signature's first; a date
  longer than that stands two characters in from the right and the signature moves left to keep the two
  characters. Computed from the signature's width and set as left indents, so the date never sticks out left.
- 荣誉一览表 tables: optional columns that are empty in every row are dropped (文号 where none is recorded,
  获得者 in the unit's own list, 时间 among undated honours) and the widths follow the content: a date, a
  level and a 序号 never break inside themselves; the rest of the 156 mm goes where it saves the table the
  most lines, and a 文号 that must wrap breaks before its year (浙爱卫 / 〔2020〕12号).
- the paragraph (or table row) before the 落款 is kept on its page, so the signature never stands alone.

finish_body() works on the bare XML tree of word/document.xml (lxml, as any renderer has it: docxtpl's
python-docx document or a renderer of its own) and touches only paragraphs in the 落款 style and tables in
the 荣誉一览表 style, so it is safe for every template. finish_report() does the same on a python-docx
document and sets its properties (title, author, created and modified now).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt

from core.reports import layout

TEXT_WIDTH = Mm(156)
SIGNATURE_GAP_CHARS = 2  # 右空二字; the date's first character two characters right of the signature's
BODY_CHAR = Pt(layout.SIZE_SAN_HAO + layout.CONDENSE_SAN_HAO.pt)  # one character of 三号 as laid out
ATTACHMENT_NOTE = re.compile(r"附件\d*[：:]")  # 附件说明 (GB/T 9704-2012 7.3.4): 附件：荣誉证书复印件
MIXED_SCRIPT_GAP = 0.2  # em, LibreOffice's space between Chinese and Latin characters
TABLE_SLACK = Pt(3)  # Word and LibreOffice round widths differently; a date must still fit on its line

# Columns of the 荣誉一览表 whose text must not break (dates, levels, numbers) and those that may wrap.
RIGID_COLUMNS = frozenset({"序号", "级别", "时间", "等级"})
# A 文号 breaks before its year (浙爱卫 / 〔2020〕12号), never inside 〔2020〕12号; titles and bodies wrap as
# sentences do, between any two characters.
FIRM_COLUMNS = frozenset({"文号"})
_BEFORE_YEAR = re.compile(r"(?=[〔［\[（(])")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
_SIZE = layout.SIZE_SI_HAO
BALANCED_ROWS = 100  # larger tables share the room in proportion to their text (they run to pages anyway)
OPTIONAL_COLUMNS = frozenset({"获得者", "授予单位", "级别", "时间", "文号", "等级"})

# The children of w:pPr in the schema's order, for putting a property where Word expects it.
PPR_ORDER = tuple(
    qn(f"w:{name}")
    for name in [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
_TCPR_ORDER = tuple(
    qn(f"w:{name}") for name in ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders")
)


def char_width(char: str) -> float:
    """A character's advance in em: CJK, full-width and the shared punctuation 1, Times New Roman digits ½."""
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.0
    if char.isdigit() or char.islower():
        return 0.5
    if char.isupper():
        return 0.7
    return 0.33  # spaces and ASCII punctuation


def text_width(text: str, size: float, spacing: float = 0.0) -> Length:
    """The width of one line of text in a font size (points), with a character spacing (points)."""
    return Pt(sum(char_width(c) * size + spacing for c in text))


def cell_line_width(text: str, size: float) -> Length:
    """A table cell's line as the widest renderer sets it: LibreOffice puts a fifth of an em between
    Chinese and Latin text (2015 年 12 月) even where the style turns that spacing off; Word does not."""
    wide = [char_width(c) == 1.0 for c in text if not c.isspace()]
    switches = sum(1 for left, right in pairwise(wide) if left != right)
    return Pt(text_width(text, size).pt + switches * MIXED_SCRIPT_GAP * size)


# ---------------------------------------------------------------- the XML


def _text(element: Any) -> str:
    """An element's visible text, a line break as a newline."""
    return "".join(
        "\n" if node.tag == qn("w:br") else node.text or "" for node in element.iter(qn("w:t"), qn("w:br"))
    )


def child_in_order(parent: Any, tag: str, order: tuple[str, ...]) -> Any:
    """parent's child element tag, made and put in its place in the schema's order when missing."""
    found = parent.find(tag)
    if found is not None:
        return found
    element = parent.makeelement(tag, {})
    later = order[order.index(tag) + 1 :]
    for index, child in enumerate(parent):
        if child.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _ppr(paragraph: Any) -> Any:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = paragraph.makeelement(qn("w:pPr"), {})
        paragraph.insert(0, ppr)
    return ppr


def _style_of(paragraph: Any) -> str | None:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def _body(root: Any) -> Any:
    body = root.find(qn("w:body"))
    return body if body is not None else root


def _paragraphs_in(root: Any, style: str) -> list[Any]:
    """The body's paragraphs in a style (our styles' ids are their names)."""
    return [p for p in _body(root).iterchildren(qn("w:p")) if _style_of(p) == style]


def _keep_with_next(paragraph: Any) -> None:
    keep = child_in_order(_ppr(paragraph), qn("w:keepNext"), PPR_ORDER)
    keep.attrib.pop(qn("w:val"), None)


# ---------------------------------------------------------------- 落款


def signature_indents(unit: str, date: str) -> tuple[Length, Length]:
    """(signature's left indent, date's left indent) after GB/T 9704-2012 7.3.5.2, for left-aligned lines.

    Left indents place each line's first character exactly: the date's is two characters right of the
    signature's whatever the renderer makes of the widths of its digits. Only where the date is the longer
    line does its measured width decide where the two stand (the date two characters in from the right).
    """
    spacing = layout.CONDENSE_SAN_HAO.pt
    signature = text_width(unit, layout.SIZE_SAN_HAO, spacing)
    dated = text_width(date, layout.SIZE_SAN_HAO, spacing)
    gap = BODY_CHAR * SIGNATURE_GAP_CHARS
    signature_left = TEXT_WIDTH - gap - signature
    date_left = signature_left + gap
    if date_left + dated > TEXT_WIDTH - gap:  # a longer date keeps 右空二字; the signature moves left
        date_left = TEXT_WIDTH - gap - dated
        signature_left = date_left - gap
    return Emu(max(0, round(signature_left))), Emu(max(0, round(date_left)))


def place_signature(root: Any) -> None:
    """The last two 落款 paragraphs with text (the unit, the date) placed; what precedes kept with them."""
    signed = [p for p in _paragraphs_in(root, layout.STYLE_SIGNATURE) if _text(p).strip()]
    if len(signed) < 2:
        return
    unit, date = signed[-2:]
    indents = signature_indents(_text(unit).strip(), _text(date).strip())
    for paragraph, indent in zip((unit, date), indents, strict=True):
        ppr = _ppr(paragraph)
        ind = child_in_order(ppr, qn("w:ind"), PPR_ORDER)
        for name in ("w:end", "w:hanging", "w:firstLineChars", "w:leftChars", "w:startChars", "w:rightChars"):
            ind.attrib.pop(qn(name), None)
        ind.set(qn("w:left"), str(Length(indent).twips))
        ind.set(qn("w:right"), "0")  # the style's 右空二字 would narrow the line: the indents already hold it
        ind.set(qn("w:firstLine"), "0")
        child_in_order(ppr, qn("w:jc"), PPR_ORDER).set(qn("w:val"), "left")
    _keep_before(unit)
    # The date ends the block: what follows it (the 附件 pages) is not to be pulled onto its page.
    child_in_order(_ppr(date), qn("w:keepNext"), PPR_ORDER).set(qn("w:val"), "0")


def _keep_before(signature: Any) -> None:
    """Keep the last text (or the last table row) before the 落款 on the signature's page; an 附件说明
    between them is kept too, so the signature never stands on a page with nothing but the 附件 line."""
    element = signature.getprevious()
    while element is not None:
        if element.tag == qn("w:tbl"):
            rows = element.findall(qn("w:tr"))
            if rows:
                for paragraph in rows[-1].iter(qn("w:p")):
                    _keep_with_next(paragraph)
            return
        if element.tag == qn("w:p"):
            _keep_with_next(element)
            if _text(element).strip() and not ATTACHMENT_NOTE.match(_text(element).strip()):
                return
        element = element.getprevious()


# ---------------------------------------------------------------- 荣誉一览表


def _cells(row: Any) -> list[Any]:
    return row.findall(qn("w:tc"))


def _plain(table: Any) -> bool:
    """Our own tables only: no merged cells, every row as wide as the grid."""
    grid = table.find(qn("w:tblGrid"))
    if grid is None:
        return False
    columns = len(grid.findall(qn("w:gridCol")))
    for row in table.findall(qn("w:tr")):
        cells = _cells(row)
        if len(cells) != columns:
            return False
        for cell in cells:
            if cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") is not None:
                return False
            if cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None:
                return False
    return True


def _drop_empty_columns(table: Any, rows: list[list[str]]) -> list[list[str]]:
    header, body = rows[0], rows[1:]
    if not body:
        return rows
    empty = [
        index
        for index, name in enumerate(header)
        if name.strip() in OPTIONAL_COLUMNS and all(not row[index].strip() for row in body)
    ]
    grid = table.find(qn("w:tblGrid"))
    for index in reversed(empty):
        for row in table.findall(qn("w:tr")):
            row.remove(_cells(row)[index])
        grid.remove(grid.findall(qn("w:gridCol"))[index])
    return [[text for index, text in enumerate(row) if index not in empty] for row in rows]


def column_widths(rows: Sequence[Sequence[str]], total: Length = TEXT_WIDTH) -> list[Length]:
    """Widths for a table's columns from their text: rigid columns as wide as their widest line, the others
    sharing the rest so that the table takes as few lines as it can (never narrower than their header)."""
    header = rows[0]
    margins = layout.CELL_MARGIN * 2 + TABLE_SLACK
    cells = [_Cells(name, [row[index] for row in rows[1:]]) for index, name in enumerate(header)]
    natural = [int(max(c.head, c.widest) + margins) for c in cells]
    flexible = [i for i, c in enumerate(cells) if not c.rigid]
    # a 文号 keeps its widest part on one line while the table has room for it, else only its header
    minimum = [natural[i] if c.rigid else int(max(c.head, c.unbroken) + margins) for i, c in enumerate(cells)]
    if sum(minimum[i] for i in flexible) > total - sum(natural[i] for i, c in enumerate(cells) if c.rigid):
        minimum = [natural[i] if c.rigid else int(c.head + margins) for i, c in enumerate(cells)]
    if not flexible:
        return _scaled(natural, total)
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible)
    wanted = sum(natural[i] for i in flexible)
    room = total - fixed
    widths = list(natural)
    if fixed + wanted <= total:
        for i in flexible:
            widths[i] = natural[i] + (room - wanted) * natural[i] // wanted
    elif sum(minimum[i] for i in flexible) <= room:
        widths = list(minimum)
        if len(rows) - 1 <= BALANCED_ROWS:
            _balance(cells, widths, flexible, room - sum(minimum[i] for i in flexible), int(margins))
        _share(widths, natural, flexible, room - sum(widths[i] for i in flexible))
    else:
        return _scaled(natural, total)
    widths[flexible[-1]] += total - sum(widths)  # rounding: the table spans the text block exactly
    return [Emu(w) for w in widths]


class _Cells:
    """One column's cells, measured once: how many lines each takes in a given text width."""

    def __init__(self, name: str, texts: list[str]) -> None:
        self.rigid = name in RIGID_COLUMNS
        self.firm = name in FIRM_COLUMNS
        self.head = int(text_width(name, _SIZE))
        # each cell: its lines, each line as (its width, the width of its widest part, how many parts)
        self.cells = [[self._measure(line, _SIZE) for line in text.split("\n")] for text in texts]
        self.widest = max([width for cell in self.cells for width, _, _ in cell] or [0])
        # what a firm column must not break: each line's widest part (0 for a column that wraps freely)
        self.unbroken = (
            max([part or width for cell in self.cells for width, part, _ in cell] or [0]) if self.firm else 0
        )

    def _measure(self, line: str, size: float) -> tuple[int, int, int]:
        width = int(cell_line_width(line, size))
        parts = [p for p in _BEFORE_YEAR.split(line, maxsplit=1) if p] if self.firm else []
        if len(parts) < 2:
            return width, 0, 0
        return width, max(int(cell_line_width(part, size)) for part in parts), len(parts)

    def lines(self, row: int, room: int) -> int:
        if self.rigid:
            return len(self.cells[row])
        return sum(_line_count(line, room) for line in self.cells[row])

    def next_room(self, row: int, room: int) -> int | None:
        """The least text width above room at which the cell takes fewer lines; None when none does."""
        found = [n for line in self.cells[row] if (n := _fewer_at(line, room)) is not None]
        return min(found) if found else None


def _line_count(line: tuple[int, int, int], room: int) -> int:
    width, widest_part, parts = line
    if width <= room:
        return 1
    if parts and widest_part <= room:
        return parts
    return -(-width // max(room, 1)) + (1 if parts else 0)  # a 文号 broken inside itself: a line more


def _fewer_at(line: tuple[int, int, int], room: int) -> int | None:
    width, widest_part, parts = line
    now = _line_count(line, room)
    if now == 1:
        return None
    if parts and widest_part > room:
        return widest_part
    if parts or now == 2:
        return width
    return -(-width // (now - 1))


def _balance(cells: list[_Cells], widths: list[int], flexible: list[int], spare: int, margins: int) -> None:
    """Hand the spare width, a step at a time, to the column whose widening saves the table the most lines
    for the width it takes. A row is as tall as its tallest cell; a cell losing a line where another cell
    stays as tall counts a little (_CELL_LINE), so that two columns can be widened one after the other."""
    rows = range(len(cells[0].cells))
    lines = [[column.lines(row, widths[i] - margins) for i, column in enumerate(cells)] for row in rows]
    for _step in range(_MOST_STEPS):  # each step saves a line or more; the rest is shared (_share)
        if spare <= 0:
            return
        best: tuple[float, int, int] | None = None
        for i in flexible:
            room = widths[i] - margins
            needs = sorted(
                (need - room, row)
                for row in rows
                if (need := cells[i].next_room(row, room)) is not None and need - room <= spare
            )[:_STEPS]
            saved = 0.0
            for extra, row in needs:
                line = lines[row]
                others = max((n for j, n in enumerate(line) if j != i), default=0)
                saved += max(others, line[i]) - max(others, line[i] - 1) + _CELL_LINE
                if best is None or saved / extra > best[0]:
                    best = (saved / extra, i, extra)
        if best is None:
            return
        _, i, extra = best
        widths[i] += extra
        spare -= extra
        for row in rows:
            lines[row][i] = cells[i].lines(row, widths[i] - margins)


_CELL_LINE = 0.1  # what a cell's line is worth against a row's
_STEPS = 12  # widenings of a column looked at in one step
_MOST_STEPS = 60  # a table of very long cells would otherwise take seconds to settle


def _share(widths: list[int], natural: list[int], flexible: list[int], spare: int) -> None:
    """What is left goes to the columns that wrap as sentences, in proportion to the text they still wrap."""
    if spare <= 0:
        return
    want = {i: max(natural[i] - widths[i], 0) for i in flexible}
    stretch = sum(want.values())
    for i in flexible:
        widths[i] += spare * want[i] // stretch if stretch else spare // len(flexible)


def _scaled(widths: list[int], total: Length) -> list[Length]:
    whole = sum(widths) or 1
    scaled = [w * total // whole for w in widths]
    scaled[-1] += total - sum(scaled)
    return [Emu(w) for w in scaled]


def _fit_rows(table: Any) -> list[list[str]] | None:
    """A fittable table's text, row by row, its empty optional columns dropped; None when not ours."""
    if not _plain(table) or not table.findall(qn("w:tr")):
        return None
    rows = [[_text(cell) for cell in _cells(row)] for row in table.findall(qn("w:tr"))]
    return _drop_empty_columns(table, rows)


def _set_widths(table: Any, widths: list[Length]) -> None:
    twips = [str(Length(w).twips) for w in widths]
    for grid_col, width in zip(table.find(qn("w:tblGrid")).findall(qn("w:gridCol")), twips, strict=True):
        grid_col.set(qn("w:w"), width)
    for row in table.findall(qn("w:tr")):
        for cell, width in zip(_cells(row), twips, strict=True):
            tcpr = cell.find(qn("w:tcPr"))
            if tcpr is None:
                tcpr = cell.makeelement(qn("w:tcPr"), {})
                cell.insert(0, tcpr)
            tcw = child_in_order(tcpr, qn("w:tcW"), _TCPR_ORDER)
            tcw.set(qn("w:w"), width)
            tcw.set(qn("w:type"), "dxa")


def fit_table(table: Any) -> None:
    rows = _fit_rows(table)
    if rows is not None:
        widths = column_widths(rows)
        _set_widths(table, widths)
        _break_before_year(table, rows[0], widths)


def _break_before_year(table: Any, header: Sequence[str], widths: list[Length]) -> None:
    """A 文号 too wide for its column gets its line break before the year (甬党 / 〔2021〕3号): left to
    themselves Word and LibreOffice fill the first line as far as it goes (甬党〔2021〕3 / 号)."""
    margins = layout.CELL_MARGIN * 2 + TABLE_SLACK
    for index, name in enumerate(header):
        if name not in FIRM_COLUMNS:
            continue
        for row in table.findall(qn("w:tr"))[1:]:
            for text in list(_cells(row)[index].iter(qn("w:t"))):
                value = text.text or ""
                parts = _BEFORE_YEAR.split(value, maxsplit=1)
                if len(parts) == 2 and all(parts) and cell_line_width(value, _SIZE) > widths[index] - margins:
                    text.text = parts[0]
                    text.set(_PRESERVE, "preserve")
                    text.addnext(text.makeelement(qn("w:br"), {}))
                    tail = text.makeelement(qn("w:t"), {_PRESERVE: "preserve"})
                    tail.text = parts[1]
                    text.getnext().addnext(tail)


def fit_honour_tables(root: Any) -> None:
    """Fit the document's own tables; tables with the same header (a name list's table per title) get the
    same widths, fitted to all their rows, so that their columns line up down the pages."""
    groups: dict[tuple[str, ...], list[tuple[Any, list[list[str]]]]] = {}
    for table in _body(root).iter(qn("w:tbl")):
        style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        if style is None or style.get(qn("w:val")) != layout.STYLE_TABLE:
            continue
        _keep_start_together(table)
        rows = _fit_rows(table)
        if rows is not None:
            groups.setdefault(tuple(rows[0]), []).append((table, rows))
    for header, members in groups.items():
        widths = column_widths([list(header), *(row for _table, rows in members for row in rows[1:])])
        for table, _rows in members:
            _set_widths(table, widths)
            _break_before_year(table, header, widths)


def _keep_start_together(table: Any) -> None:
    """The heading above a table, its header row and first row kept with the row after: a page never ends
    with a heading and a header over one row (a name list's table per title). The last row is not kept
    with what follows the table: small tables (one title, one unit) would chain into one block that no
    page holds, leaving pages half empty."""
    heading = table.getprevious()
    if heading is not None and heading.tag == qn("w:p") and _text(heading).strip():
        _keep_with_next(heading)
    rows = table.findall(qn("w:tr"))
    for row in rows[: min(2, len(rows) - 1)]:
        for paragraph in row.iter(qn("w:p")):
            _keep_with_next(paragraph)


# ---------------------------------------------------------------- the whole document


def document_title(root: Any) -> str:
    """The 公文标题's text on one line (a title broken over lines is one title)."""
    for paragraph in _paragraphs_in(root, layout.STYLE_TITLE):
        text = _text(paragraph)
        if text.strip():
            return "".join(line.strip() for line in text.splitlines())
    return ""


def finish_body(root: Any) -> None:
    """The 落款 and the 荣誉一览表 tables of a rendered word/document.xml (its root or its w:body)."""
    place_signature(root)
    fit_honour_tables(root)


def finish_report(document: Document, *, author: str, now: dt.datetime | None = None) -> None:
    """finish_body() on a python-docx document, and its properties: title, author, created and modified now."""
    finish_body(document.element)
    layout.set_core_properties(document, title=document_title(document.element), author=author, now=now)
