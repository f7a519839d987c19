"""字段说明.docx: the template author's manual, written from REPORT_FIELDS.

It uses the official layout of core/reports/layout.py where that is available and plain python-docx
otherwise. The file is written beside its target and renamed, so a failure never leaves half a document.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document as _open_document
from docx.shared import Mm

from core.files import write_atomically
from core.reports.fields import REPORT_FIELDS

log = logging.getLogger(__name__)

MANUAL_FILE_NAME = "字段说明.docx"
MANUAL_TITLE = "汇报模板字段说明"
TABLE_HEADERS = ("字段", "说明", "示例")
COLUMN_WIDTHS = (Mm(42), Mm(74), Mm(40))  # the 156 mm text block

HOW_TO: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "一、怎样写模板",
        (
            "模板是用 Word 或 WPS 编写的普通 .docx 文件。在需要填入内容的地方写上字段标记，"
            "生成汇报时程序把标记替换为各单位的内容，其余文字和格式原样保留。",
            "1.填入字段：写作 {{ 单位.名称 }}，两侧各用两个花括号，字段名与括号之间可留空格。",
            "2.逐项列出：{% for 项 in 荣誉 %}{{ 项.称号 }}、{% endfor %}，在同一段之内逐项重复。",
            "3.逐段列出：把 {%p for 项 in 荣誉 %} 和 {%p endfor %} 各自单独写成一段，"
            "两者之间的段落对每一项重复一次。",
            "4.表格逐行：在表格某一行的第一格写 {%tr for 项 in 荣誉 %}，在其后第二行写 {%tr endfor %}，"
            "两者之间的一行对每一项重复一次。",
            "5.按条件取舍：{% if 有材料.存在问题 %}……{% endif %}，条件不成立时中间的内容不出现。",
            "6.过滤器：在字段后加竖线，如 {{ 荣誉数量|中文数字 }} 写成汉字。",
            "标记中的花括号、百分号、竖线和引号都应是英文半角符号；在 Word 中输入时，"
            "请关闭把直引号自动改为中文引号的“自动更正”。",
            "写好的模板可以在程序的“模板管理”中用“检查…”查看用到的字段和错误，再用“添加模板…”加入程序。",
        ),
    ),
)
TABLE_HEADING = "二、字段一览"


def field_rows() -> list[tuple[str, str, str]]:
    """(field, explanation, example) of every report field, in the manual's order."""
    return [(f.name, f.explanation, f.example) for f in REPORT_FIELDS]


def write_field_manual(path: Path) -> Path:
    """Write the manual to path (usually 字段说明.docx) atomically; returns the path."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    document = _build_document()
    return write_atomically(path, lambda temporary: document.save(str(temporary)))


def _build_document() -> Any:
    try:
        from core.reports import layout
    except ImportError:  # the official layout is optional here
        return _plain_document()
    try:
        return _official_document(layout)
    except Exception:  # a layout helper that changed shape: the manual still comes out, plainly
        log.exception("按公文版式生成字段说明失败，改用普通版式")
        return _plain_document()


def _official_document(layout: Any) -> Any:
    document = layout.new_document()
    layout.add_title(document, MANUAL_TITLE)
    for heading, paragraphs in HOW_TO:
        layout.add_heading(document, heading, 1)
        for text in paragraphs:
            layout.add_body(document, text)
    layout.add_heading(document, TABLE_HEADING, 1)
    left = layout.WD_ALIGN_PARAGRAPH.LEFT
    columns = [
        layout.Column(header, width, left) for header, width in zip(TABLE_HEADERS, COLUMN_WIDTHS, strict=True)
    ]
    layout.add_table(document, columns, field_rows())
    return document


def _plain_document() -> Any:
    document = _open_document()
    document.add_heading(MANUAL_TITLE, 0)
    for heading, paragraphs in HOW_TO:
        document.add_heading(heading, 1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.add_heading(TABLE_HEADING, 1)
    _plain_table(document, field_rows())
    return document


def _plain_table(document: Any, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1 + len(rows), cols=len(TABLE_HEADERS))
    table.style = "Table Grid"
    for row, texts in zip(table.rows, [TABLE_HEADERS, *rows], strict=True):
        for cell, text, width in zip(row.cells, texts, COLUMN_WIDTHS, strict=True):
            cell.width = width
            cell.text = text
