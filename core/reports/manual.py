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
            "生成汇报时程序把标记换成各单位的内容，其余文字和格式原样保留。",
            "1.填入一项内容：写 {{ 单位.名称 }}，即两个左花括号、字段名、两个右花括号，字段名两边可留空格。"
            "生成时换成单位的名称，如“宁波市荷花庄小学”。",
            "2.在一段之内逐项列出：写 {% for 项 in 荣誉 %}{{ 项.称号 }}、{% endfor %}。"
            "for 和 endfor 之间的内容对每一项荣誉写一次，得到“甲、乙、丙、”。",
            "3.一项一段：把 {%p for 项 in 荣誉 %} 单独写成一段，把 {%p endfor %} 也单独写成一段，"
            "中间的段落对每一项写一次（标记里的 p 表示整段）；这两段标记本身不会出现在汇报中。",
            "4.表格一项一行：在表格某一行的第一格写 {%tr for 项 in 荣誉 %}，在下面第二行的第一格写 {%tr endfor %}，"
            "夹在中间的那一行对每一项写一行（标记里的 tr 表示表格行）。",
            "5.有才写：{% if 有材料.存在问题 %}……{% endif %}，中间的内容只在有“存在问题”材料时出现；"
            "整段的取舍写作 {%p if … %} 和 {%p endif %}，各占一段。",
            "6.换一种写法：在字段后加一条竖线和写法的名称，把内容换一种写法（程序里称为“过滤器”）。"
            "{{ 荣誉数量|中文数字 }} 把 12 写成“十二”；{{ loop.index|序号 }} 在逐项列出时写出“一、”“二、”……；"
            "{{ 单位.其他信息['验收日期']|中文日期 }} 把 2026-03-05 写成“2026年3月5日”。各写法见下表末尾。",
            "7.逐项列出时，{{ loop.index }} 是当前的第几项（从 1 起），可用作序号。",
            "缺少材料的地方，汇报中写明“（此处请补充“存在问题”材料）”这样的提示（用中文圆括号），"
            "提醒补写，不编造内容。",
            "标记中的花括号、百分号、竖线和引号都应是英文半角符号；在 Word 中输入时，"
            "请关闭把直引号自动改为中文引号的“自动更正”。",
            "写好的模板可以在程序的“模板管理”中用“检查…”查看用到的字段和错误，再用“添加模板…”加入程序。",
        ),
    ),
    (
        "二、汇报只写记录中有的内容",
        (
            "荣誉、荣誉按年度、荣誉概述、荣誉数量只含本单位在期间内、记有年份的荣誉；"
            "个人荣誉（填有获得者的）只在 个人荣誉 中，连同获得者姓名；期间以外的荣誉不写入。",
            "没有记录获得时间的荣誉，默认不写入；生成时选择“单列”后，它们出现在 未注明时间的荣誉 和"
            " 荣誉部分 的“获得时间未记录的荣誉”中，并写明获得时间未记录，不计入任何年度或数量。",
        ),
    ),
)
TABLE_HEADING = "三、字段一览"


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
    layout.set_core_properties(document, title=MANUAL_TITLE, author=layout.APPLICATION)
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
