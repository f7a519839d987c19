"""Finishing a rendered report: the layout that depends on the text the template was filled with.

- 落款 (GB/T 9704-2012 7.3.5.2, a document without a seal): the signature two characters in from the right,
  the date on the line below with its first character two characters right of the signature's first; a date
  longer than that stands two characters in from the right and the signature moves left to keep the two
  characters. Computed from the signature's width and set as left indents, so the date never sticks out left.
- 荣誉一览表 tables: optional columns that are empty in every row are dropped (文号 where none is recorded,
  获得者 in the unit's own list, 时间 among undated honours) and the widths follow the content: a date, a
  level and a 序号 never break inside themselves, the rest of the 156 mm goes to the text columns.
- the paragraph (or table row) before the 落款 is kept on its page, so the signature never stands alone;
- document properties: the title (the 公文标题's text), the author, created and modified now.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from core.reports import layout

TEXT_WIDTH = Mm(156)
SIGNATURE_GAP_CHARS = 2  # 右空二字; the date's first character two characters right of the signature's
BODY_CHAR = Pt(layout.SIZE_SAN_HAO + layout.CONDENSE_SAN_HAO.pt)  # one character of 三号 as laid out
TABLE_SLACK = Pt(3)  # Word and LibreOffice round widths differently; a date must still fit on its line

# Columns of the 荣誉一览表 whose text must not break (dates, levels, numbers) and those that may wrap.
RIGID_COLUMNS = frozenset({"序号", "级别", "时间", "等级"})
OPTIONAL_COLUMNS = frozenset({"获得者", "授予单位", "级别", "时间", "文号", "等级"})


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


def _text(element: BaseOxmlElement) -> str:
    """An element's visible text, a line break as a newline (python-docx's .text is many times slower)."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:br")):
        parts.append("\n" if node.tag == qn("w:br") else node.text or "")
    return "".join(parts)


def _in_style(document: Document, style: str) -> list[Paragraph]:
    """The body's paragraphs in a style, found by the style's id without resolving every paragraph's style."""
    try:
        style_id = document.styles[style].style_id
    except KeyError:
        return []
    body = document.element.body
    return [
        Paragraph(p, document._body)
        for p in body.iterchildren(qn("w:p"))
        if p.pPr is not None and p.pPr.pStyle is not None and p.pPr.pStyle.val == style_id
    ]


def _signature(document: Document) -> tuple[Paragraph, Paragraph] | None:
    """The last two 落款 paragraphs with text: the unit and the date."""
    signed = [p for p in _in_style(document, layout.STYLE_SIGNATURE) if _text(p._p).strip()]
    return (signed[-2], signed[-1]) if len(signed) >= 2 else None


def place_signature(document: Document) -> None:
    found = _signature(document)
    if found is None:
        return
    unit, date = found
    indents = signature_indents(_text(unit._p).strip(), _text(date._p).strip())
    for paragraph, indent in zip((unit, date), indents, strict=True):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.right_indent = Emu(0)
        paragraph.paragraph_format.first_line_indent = Emu(0)
    _keep_before(unit)


def _keep_before(signature: Paragraph) -> None:
    """Keep the last text (or the last table row) before the 落款 on the signature's page."""
    element = signature._p.getprevious()
    while element is not None:
        if element.tag == qn("w:tbl"):
            rows = element.findall(qn("w:tr"))
            if rows:
                for paragraph in rows[-1].iter(qn("w:p")):
                    Paragraph(paragraph, signature._parent).paragraph_format.keep_with_next = True
            return
        if element.tag == qn("w:p"):
            Paragraph(element, signature._parent).paragraph_format.keep_with_next = True
            if _text(element).strip():
                return
        element = element.getprevious()


# ---------------------------------------------------------------- 荣誉一览表


def _cell_lines(cell_texts: Sequence[str]) -> list[str]:
    return [line for text in cell_texts for line in text.split("\n")]


def _plain(table: Table) -> bool:
    """Our own tables only: no merged cells, every row as wide as the grid."""
    columns = len(table._tbl.tblGrid.gridCol_lst)
    for tr in table._tbl.tr_lst:
        if len(tr.tc_lst) != columns:
            return False
        for tc in tr.tc_lst:
            if tc.tcPr is not None and ((tc.tcPr.gridSpan or 1) > 1 or tc.tcPr.vMerge is not None):
                return False
    return True


def _drop_empty_columns(table: Table, rows: list[list[str]]) -> list[list[str]]:
    header, body = rows[0], rows[1:]
    if not body:
        return rows
    empty = [
        index
        for index, name in enumerate(header)
        if name.strip() in OPTIONAL_COLUMNS and all(not row[index].strip() for row in body)
    ]
    grid = table._tbl.tblGrid
    for index in reversed(empty):
        for tr in table._tbl.tr_lst:
            tr.remove(tr.tc_lst[index])
        grid.remove(grid.gridCol_lst[index])
    return [[text for index, text in enumerate(row) if index not in empty] for row in rows]


def column_widths(rows: Sequence[Sequence[str]], total: Length = TEXT_WIDTH) -> list[Length]:
    """Widths for a table's columns from their text: rigid columns as wide as their widest line, the others
    sharing the rest in proportion to their text (never narrower than their header)."""
    header = rows[0]
    margins = layout.CELL_MARGIN * 2 + TABLE_SLACK
    size = layout.SIZE_SI_HAO
    natural: list[int] = []
    minimum: list[int] = []
    for index, name in enumerate(header):
        head = text_width(name, size)
        widest = max(
            [text_width(line, size) for line in _cell_lines([r[index] for r in rows[1:]])] or [Emu(0)]
        )
        natural.append(int(max(head, widest) + margins))
        minimum.append(int(head + margins) if name not in RIGID_COLUMNS else natural[-1])
    rigid = [name in RIGID_COLUMNS for name in header]
    fixed = sum(w for w, r in zip(natural, rigid, strict=True) if r)
    flexible = [i for i, r in enumerate(rigid) if not r]
    if not flexible:
        return _scaled(natural, total)
    wanted = sum(natural[i] for i in flexible)
    room = total - fixed
    widths = list(natural)
    if fixed + wanted <= total:
        for i in flexible:
            widths[i] = natural[i] + (room - wanted) * natural[i] // wanted
    elif sum(minimum[i] for i in flexible) <= room:
        spare = room - sum(minimum[i] for i in flexible)
        stretch = sum(natural[i] - minimum[i] for i in flexible) or 1
        for i in flexible:
            widths[i] = minimum[i] + spare * (natural[i] - minimum[i]) // stretch
    else:
        return _scaled(natural, total)
    widths[flexible[-1]] += total - sum(widths)  # rounding: the table spans the text block exactly
    return [Emu(w) for w in widths]


def _scaled(widths: list[int], total: Length) -> list[Length]:
    whole = sum(widths) or 1
    scaled = [w * total // whole for w in widths]
    scaled[-1] += total - sum(scaled)
    return [Emu(w) for w in scaled]


def fit_table(table: Table) -> None:
    if not _plain(table) or not table._tbl.tr_lst:
        return
    rows = [[_text(tc) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    rows = _drop_empty_columns(table, rows)
    widths = column_widths(rows)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid_col.w = width
    for tr in table._tbl.tr_lst:
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width


def fit_honour_tables(document: Document) -> None:
    try:
        style_id = document.styles[layout.STYLE_TABLE].style_id
    except KeyError:
        return
    for table in document.tables:
        tbl_style = table._tbl.tblPr.find(qn("w:tblStyle"))
        if tbl_style is not None and tbl_style.get(qn("w:val")) == style_id:
            fit_table(table)


# ---------------------------------------------------------------- the whole document


def document_title(document: Document) -> str:
    """The 公文标题's text on one line (a title broken over lines is one title)."""
    for paragraph in document.paragraphs:
        if (
            paragraph.style is not None
            and paragraph.style.name == layout.STYLE_TITLE
            and paragraph.text.strip()
        ):
            return "".join(line.strip() for line in paragraph.text.splitlines())
    return ""


def finish_report(document: Document, *, author: str, now: dt.datetime | None = None) -> None:
    """Everything of the layout that depends on the filled-in text, and the document properties."""
    place_signature(document)
    fit_honour_tables(document)
    layout.set_core_properties(document, title=document_title(document), author=author, now=now)
