"""Finishing a rendered report: the layout that depends on the text the template was filled with.

- 落款 (GB/T 9704-2012 7.3.5.2, a document without a seal): the signature two characters in from the right,
  the date on the line below with its first character two characters right of the signature's first; a date
  longer than that stands two characters in from the right and the signature moves left to keep the two
  characters. Computed from the signature's width and set as left indents, so the date never sticks out left.
  A name wider than its line (about 26 characters) is broken after an organ's or a region's name
  (signature_lines.py), its lines from the same first character, never wrapped by the renderer.
- 荣誉一览表 tables: optional columns that are empty in every row are dropped (文号 where none is recorded,
  获得者 in the unit's own list, 时间 among undated honours) and the widths follow the content (table_widths:
  a date, a level and a 序号 never break inside themselves; the rest of the 156 mm goes to the layout with
  the fewest lines); a 文号 that must wrap breaks before its year (浙爱卫 / 〔2020〕12号).
- the paragraph (or table row) before the 落款 is kept on its page, so the signature never stands alone.
- 发文机关标志 (the red 方正小标宋简体 mark of a 版头, GB/T 9704 7.2.1): no wider than the text block, a long
  organ's mark made smaller; joint issuers' table fitted to the longest organ's name beside “文件”.

finish_body() works on the bare XML tree of word/document.xml (lxml, as any renderer has it: docxtpl's
python-docx document or a renderer of its own) and touches only paragraphs in the 落款 style, tables in
the 荣誉一览表 style and text that is all red 方正小标宋简体, so it is safe for every template. finish_report() does the same on a python-docx
document and sets its properties (title, author, created and modified now).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Pt

from core.reports import layout
from core.reports.cell_lines import cell_line_width, text_width
from core.reports.signature_lines import signature_lines
from core.reports.table_widths import (
    FIRM_BREAKS,
    SIZE,
    TABLE_SLACK,
    TEXT_WIDTH,
    column_widths,
)
from core.reports.title_lines import break_long_title_lines

__all__ = [
    "cell_line_width",
    "column_widths",
    "finish_body",
    "finish_report",
    "signature_indents",
    "text_width",
]

SIGNATURE_GAP_CHARS = 2  # 右空二字; the date's first character two characters right of the signature's
BODY_CHAR = Pt(layout.SIZE_SAN_HAO + layout.CONDENSE_SAN_HAO.pt)  # one character of 三号 as laid out
ATTACHMENT_NOTE = re.compile(r"附件\d*[：:]")  # 附件说明 (GB/T 9704-2012 7.3.4): 附件：荣誉证书复印件
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"
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
    # joint issuers (GB/T 9704 7.3.5.2) one below the other, all from the same first character: the widest
    signature = max(
        (text_width(line.strip(), layout.SIZE_SAN_HAO, spacing) for line in unit.splitlines()), default=Pt(0)
    )
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
    if len(signed) >= 2:
        place_signature_on(*signed[-2:])


def signed_text(element: Any) -> str:
    """A body element's text when it is a 落款 paragraph with text (a candidate for the signature), else ""."""
    if element.tag != qn("w:p") or _style_of(element) != layout.STYLE_SIGNATURE:
        return ""
    return _text(element).strip()


def signature_room() -> float:
    """The width (points) a 落款's line may take: the text block less 右空二字."""
    return Length(TEXT_WIDTH).pt - BODY_CHAR.pt * SIGNATURE_GAP_CHARS


def _signature_width(text: str) -> float:
    return text_width(text, layout.SIZE_SAN_HAO, layout.CONDENSE_SAN_HAO.pt).pt


def break_long_signature(unit: Any) -> None:
    """A 落款 line wider than its room broken into lines of the organ's words (signature_lines.py), as
    line breaks in its first run; a signature that fits, or is already broken, is left alone."""
    text = _text(unit).strip()
    if "\n" in text:
        return
    lines = signature_lines(text, signature_room(), _signature_width)
    texts = list(unit.iter(qn("w:t")))
    if len(lines) < 2 or not texts:
        return
    first = texts[0]
    for other in texts[1:]:
        other.getparent().remove(other)
    first.text = lines[0]
    first.set(_PRESERVE, "preserve")
    last = first
    for line in lines[1:]:
        brk = first.makeelement(qn("w:br"), {})
        last.addnext(brk)
        tail = first.makeelement(qn("w:t"), {_PRESERVE: "preserve"})
        tail.text = line
        brk.addnext(tail)
        last = tail


def place_signature_on(unit: Any, date: Any) -> None:
    """The 落款's two paragraphs placed; what precedes the unit's is kept with it (the elements before it
    must still be in the tree: a streamed body keeps them till then, see body_stream.py)."""
    break_long_signature(unit)
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


def keeps_before(element: Any) -> bool:
    """Whether _keep_before() stops at this element (a table, or text that is not an 附件说明)."""
    if element.tag == qn("w:tbl"):
        return True
    text = _text(element).strip() if element.tag == qn("w:p") else ""
    return bool(text) and not ATTACHMENT_NOTE.match(text)


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
    """A 文号 too wide for its column gets its line break before the year (甬党 / 〔2021〕3号), a date before
    its month (2022年 / 1月10日): left to themselves Word and LibreOffice fill the first line as far as it
    goes (甬党〔2021〕3 / 号)."""
    margins = layout.CELL_MARGIN * 2 + TABLE_SLACK
    for index, name in enumerate(header):
        if name not in FIRM_BREAKS:
            continue
        for row in table.findall(qn("w:tr"))[1:]:
            for text in list(_cells(row)[index].iter(qn("w:t"))):
                value = text.text or ""
                parts = FIRM_BREAKS[name].split(value, maxsplit=1)
                if len(parts) == 2 and all(parts) and cell_line_width(value, SIZE) > widths[index] - margins:
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
    for table in honour_tables(_body(root)):
        _keep_start_together(table)
        rows = _fit_rows(table)
        if rows is not None:
            groups.setdefault(tuple(rows[0]), []).append((table, rows))
    for header, members in groups.items():
        widths = column_widths([list(header), *(row for _table, rows in members for row in rows[1:])])
        for table, _rows in members:
            _set_widths(table, widths)
            _break_before_year(table, header, widths)


def honour_tables(element: Any) -> Iterator[Any]:
    """The tables in the 荣誉一览表 style in (or being) the element, in document order."""
    for table in element.iter(qn("w:tbl")):
        style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        if style is not None and style.get(qn("w:val")) == layout.STYLE_TABLE:
            yield table


def table_rows(element: Any, rows_by_header: dict[tuple[str, ...], list[list[str]]]) -> None:
    """A streamed body's first pass: the rows of the element's tables (header → rows after it), which
    fix_tables_with() fits their widths to as fit_honour_tables() does over a whole document. The
    element's tables lose their empty optional columns (the pass keeps no tree)."""
    for table in honour_tables(element):
        rows = _fit_rows(table)
        if rows is not None:
            rows_by_header.setdefault(tuple(rows[0]), []).extend(rows[1:])


def header_widths(
    rows_by_header: dict[tuple[str, ...], list[list[str]]],
) -> dict[tuple[str, ...], list[Length]]:
    return {header: column_widths([list(header), *rows]) for header, rows in rows_by_header.items()}


def fit_tables_with(element: Any, widths: dict[tuple[str, ...], list[Length]]) -> None:
    """fit_honour_tables() for one element of a streamed body, with the widths of the whole document."""
    for table in honour_tables(element):
        _keep_start_together(table)
        rows = _fit_rows(table)
        if rows is not None:
            header = tuple(rows[0])
            _set_widths(table, widths[header])
            _break_before_year(table, header, widths[header])


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


# ---------------------------------------------------------------- 发文机关标志

MARK_COLOR = "FF0000"
MARK_FILL = 0.97  # of the text block's width: a renderer's rounding never pushes the mark onto two lines
MARK_GAP_CHARS = 0.5  # between the stacked organs and “文件”
MARK_SLACK_CHARS = 0.3  # the organs' column is this much wider than the longest name, so none wraps


def _is_mark(element: Any) -> bool:
    """A body paragraph or table whose text is all red 方正小标宋简体: the 版头's 发文机关标志."""
    if element.tag not in (qn("w:p"), qn("w:tbl")):
        return False
    runs = [r for r in element.iter(qn("w:r")) if _text(r).strip()]
    return bool(runs) and all(
        r.find(f"{qn('w:rPr')}/{qn('w:color')}") is not None
        and r.find(f"{qn('w:rPr')}/{qn('w:color')}").get(qn("w:val"), "").upper() == MARK_COLOR
        and r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is not None
        and r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == layout.FONT_TITLE
        for r in runs
    )


def _run_size(element: Any) -> float:
    """The largest font size (points) of the element's runs."""
    sizes = [float(sz.get(qn("w:val"))) / 2 for sz in element.iter(qn("w:sz")) if sz.get(qn("w:val"))]
    return max(sizes, default=layout.SIZE_ER_HAO)


def _set_run_size(element: Any, size: float) -> None:
    half_points = str(int(size * 2))  # whole half points, rounded down: Word keeps no finer size
    for sz in element.iter(qn("w:sz"), qn("w:szCs")):
        sz.set(qn("w:val"), half_points)


def fit_letterhead(element: Any) -> None:
    """The 发文机关标志 (GB/T 9704 7.2.1) no wider than the text block: one organ's “XX文件” on one line,
    made smaller where it is long; joint issuers' table (the organs stacked, “文件” right of them) with the
    size that fits the longest organ on its line beside “文件”, and its columns as wide as their text."""
    if not _is_mark(element):
        return
    room = Length(TEXT_WIDTH).pt * MARK_FILL
    if element.tag == qn("w:p"):
        per_point = text_width(_text(element).strip(), 1.0).pt
        _set_run_size(element, min(_run_size(element), room / per_point))
        return
    cells = [cell for row in element.findall(qn("w:tr"))[:1] for cell in _cells(row)]
    if len(cells) != 2:
        return
    names = [_text(p).strip() for p in cells[0].iter(qn("w:p")) if _text(p).strip()]
    word = _text(cells[1]).strip()
    longest = max((text_width(name, 1.0).pt for name in names), default=0.0)
    word_width = text_width(word, 1.0).pt
    size = min(_run_size(element), room / (longest + MARK_SLACK_CHARS + MARK_GAP_CHARS + word_width))
    size = int(size * 2) / 2
    _set_run_size(element, size)
    widths = [Pt((longest + MARK_SLACK_CHARS) * size), Pt((word_width + MARK_GAP_CHARS) * size)]
    _set_widths(element, widths)
    tblw = element.find(f"{qn('w:tblPr')}/{qn('w:tblW')}")
    if tblw is not None:
        tblw.set(qn("w:w"), str(sum(Length(w).twips for w in widths)))
        tblw.set(qn("w:type"), "dxa")


# ---------------------------------------------------------------- the whole document


def document_title(root: Any) -> str:
    """The 公文标题's text on one line (a title broken over lines is one title)."""
    for paragraph in _paragraphs_in(root, layout.STYLE_TITLE):
        text = _text(paragraph)
        if text.strip():
            return "".join(line.strip() for line in text.splitlines())
    return ""


def break_title(element: Any) -> None:
    """A body's element as finish_body() leaves it if it is a 公文标题: a line too long broken between words."""
    if element.tag == qn("w:p") and _style_of(element) == layout.STYLE_TITLE:
        break_long_title_lines([element])


def finish_body(root: Any) -> None:
    """The 落款 and the 荣誉一览表 tables of a rendered word/document.xml (its root or its w:body)."""
    place_signature(root)
    fit_honour_tables(root)
    for element in list(_body(root)):
        fit_letterhead(element)
    break_long_title_lines(_paragraphs_in(root, layout.STYLE_TITLE))  # GB/T 9704 7.3.1: 词意完整


def finish_report(document: Document, *, author: str, now: dt.datetime | None = None) -> None:
    """finish_body() on a python-docx document, and its properties: title, author, created and modified now."""
    finish_body(document.element)
    layout.set_core_properties(document, title=document_title(document.element), author=author, now=now)
