"""The built-in summary templates: documents the office writes over many units, in the GB/T 9704-2012 layout.

- 全区文明创建工作情况汇报: the figures (units by category, titles held and new in the period, level by
  level with the units), 复查 and revocations, then placeholders for the office's own narrative;
- 获奖单位名单: a table per title (highest level first), its units grouped by category with 序号 1..n,
  headed “附件” so that it can follow a document as its attachment;
- 表彰决定: the decision's body (发文字号 in the optional red 版头 with its separator line, the titles and their
  counts), the 落款, and the name list as its 附件 on a new page.

Every figure and list comes from summary_context.py; the templates add only the fixed words around them.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from core.reports import layout
from core.reports.cell_lines import text_width

OFFICE = "{{ 发文机关 }}"
SIGN_DATE = "{{ 成文日期 }}"
RED = RGBColor(0xFF, 0x00, 0x00)
# The 发文机关标志, red 方正小标宋简体: its size is the office's choice (GB/T 9704 7.2.2); 30 pt keeps a mark of
# 14 characters (东湖区精神文明建设委员会文件) on one line of the 156 mm text block.
MARK_SIZE = 30.0
MARK_TOP = Mm(35)  # GB/T 9704 7.2.2: its top edge 35 mm below the top of the text block
JOINT_MARK_WIDTHS = (Mm(120), Mm(30))  # the organs, “文件”: finish.fit_letterhead sets them to the text
SEPARATOR_GAP = Pt(11)  # 7.2.4: the red line 4 mm below the 发文字号
SEPARATOR_EIGHTHS = 12  # 1.5 pt

NAME_LIST_COLUMNS: tuple[layout.Column, ...] = (
    # 156 mm; finish.py fits the widths to the text. 时间 is the year: the title's heading and the decision
    # say the rest, and a year never breaks inside itself.
    layout.Column("序号", Mm(14)),
    layout.Column("单位名称", Mm(98), WD_ALIGN_PARAGRAPH.LEFT),
    layout.Column("单位类别", Mm(24)),
    layout.Column("时间", Mm(20)),
)
NAME_LIST_ROW: tuple[str, ...] = (
    "{{ 单位.序号 }}",
    "{{ 单位.名称 }}",
    "{{ 单位.类别 }}",
    "{{ 单位.时间 }}",
)
# A decision's 附件: all of one date, which its body states. 156 mm too: the table's own width stays as built.
ANNEX_COLUMNS: tuple[layout.Column, ...] = (
    layout.Column("序号", Mm(14)),
    layout.Column("单位名称", Mm(112), WD_ALIGN_PARAGRAPH.LEFT),
    layout.Column("单位类别", Mm(30)),
)
ANNEX_ROW = NAME_LIST_ROW[:3]
# The decision's 先进个人: each person with the unit they are of (姓名 reads 获得者 where a group of a unit is one).
PEOPLE_COLUMNS: tuple[layout.Column, ...] = (
    layout.Column("序号", Mm(14)),
    layout.Column("{{ 称号.获得者栏 }}", Mm(40)),
    layout.Column("工作单位", Mm(102), WD_ALIGN_PARAGRAPH.LEFT),
)
PEOPLE_ROW: tuple[str, ...] = ("{{ 人.序号 }}", "{{ 人.姓名 }}", "{{ 人.单位 }}")
COMMENDS = "表彰按称号 or 表彰个人按称号"
BOTH = "表彰按称号 and 表彰个人按称号"  # units and persons: two 附件
# 单位和个人 / 单位 / 个人: whom the decision commends, as its closing sentence names them
COMMENDED_WHO = (
    "{% if 表彰按称号 and 表彰个人按称号 %}单位和个人{% elif 表彰个人按称号 %}个人{% else %}单位{% endif %}"
)
NO_AWARDS = "（{{ 期间 }}未登记获奖单位）"


def _flush_left(paragraph) -> None:  # type: ignore[no-untyped-def]
    """No first-line indent: 附件 labels and the 主送机关 start at the margin (GB/T 9704 7.3.2, 8.1)."""
    paragraph.paragraph_format.first_line_indent = Pt(0)


def _heading_flush_left(document: Document, text: str) -> None:
    _flush_left(layout.add_heading(document, text))


def _attachment_label(document: Document, *, new_page: bool = False, text: str = "附件") -> None:
    """“附件” (or “附件1”) in 三号黑体 at the top left of the attachment's first page, a blank line below it
    (GB/T 9704 8.1)."""
    label = layout.add_heading(document, text)
    _flush_left(label)
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.page_break_before = new_page
    layout.add_blank_line(document).paragraph_format.keep_with_next = True  # 8.1: the title on line three


def _attachment_note(document: Document, text: str, *, number: str = "") -> Paragraph:
    """附件说明 (GB/T 9704 7.3.4): 左空二字 “附件：”, a long name wrapping under its own first character; with
    a number (“附件：1.”) the names of the next ones (_attachment_note_after) start under the first's."""
    note = layout.add_body(document, text)
    label = len("附件：") * layout.INDENT_TWO_CHARS // 2 + _number_width(number)
    note.paragraph_format.left_indent = layout.INDENT_TWO_CHARS + label
    note.paragraph_format.first_line_indent = -label
    return note


def _attachment_note_after(document: Document, text: str, number: str) -> Paragraph:
    """The second and later names of a 附件说明: “2.” under the first's “1.”, the name under its name."""
    note = layout.add_body(document, text)
    label = len("附件：") * layout.INDENT_TWO_CHARS // 2 + _number_width(number)
    note.paragraph_format.left_indent = layout.INDENT_TWO_CHARS + label
    note.paragraph_format.first_line_indent = -_number_width(number)
    return note


def _number_width(number: str) -> Length:
    return text_width(number, layout.SIZE_SAN_HAO, layout.CONDENSE_SAN_HAO.pt) if number else Pt(0)


def _attachment_notes(document: Document) -> None:
    """附件：名单, or — units and persons, each a 附件 of its own — 附件：1.…先进集体名单 / 2.…先进个人名单."""
    layout.add_tag(document, f"{{%p if {BOTH} %}}")
    first = _attachment_note(document, "附件：1.{{ 期间 }}{{ 表述.表彰集体称号 }}名单", number="1.")
    first.paragraph_format.keep_with_next = True
    _attachment_note_after(document, "2.{{ 期间 }}{{ 表述.表彰个人称号 }}名单", "2.")
    layout.add_tag(document, "{%p else %}")
    _attachment_note(document, "附件：{{ 期间 }}{{ 表述.表彰称号 }}名单")
    layout.add_tag(document, "{%p endif %}")


def _loop(document: Document, loop: str, text: str) -> None:
    layout.add_tag(document, f"{{%p for {loop} %}}")
    layout.add_body(document, text)
    layout.add_tag(document, "{%p endfor %}")


def _name_tables(
    document: Document,
    columns: tuple[layout.Column, ...] = NAME_LIST_COLUMNS,
    row: tuple[str, ...] = NAME_LIST_ROW,
    titles: str = "荣誉按称号",
    *,
    say_none: bool = True,
) -> None:
    """A heading and a table per title: 序号 1..n across the title's categories; say_none: a sentence where
    there is no title."""
    layout.add_tag(document, f"{{%p for 称号 in {titles} %}}")
    layout.add_heading(document, "{{ loop.index|序号 }}{{ 称号.称号 }}（{{ 称号.数量 }}家）")
    blank = ("",) * (len(columns) - 1)
    rows = [
        ("{%tr for 组 in 称号.按类别 %}", *blank),
        ("{%tr for 单位 in 组.单位 %}", *blank),
        row,
        ("{%tr endfor %}", *blank),
        ("{%tr endfor %}", *blank),
    ]
    layout.add_table(document, columns, rows)
    layout.add_tag(document, "{%p endfor %}")
    if say_none:
        layout.add_tag(document, f"{{%p if not {titles} %}}")
        layout.add_body(document, NO_AWARDS)
        layout.add_tag(document, "{%p endif %}")


def _people_tables(document: Document) -> None:
    """The decision's 先进个人 (a 附件 of their own): a heading per title and a table of its persons with
    their units."""
    layout.add_tag(document, "{%p for 称号 in 表彰个人按称号 %}")
    layout.add_heading(document, "{{ loop.index|序号 }}{{ 称号.称号 }}（{{ 称号.数量 }}{{ 称号.量词 }}）")
    blank = ("",) * (len(PEOPLE_COLUMNS) - 1)
    rows = [("{%tr for 人 in 称号.个人 %}", *blank), PEOPLE_ROW, ("{%tr endfor %}", *blank)]
    layout.add_table(document, PEOPLE_COLUMNS, rows)
    layout.add_tag(document, "{%p endfor %}")


def _letterhead(document: Document) -> None:
    """版头 (GB/T 9704 7.2), when the 版头 option is chosen: the red 发文机关标志 35 mm below the top of the
    text block, two blank lines, the 发文字号 centred, 4 mm below it a red line as wide as the text, and two
    blank lines before the title. Joint issuers (联合行文, 7.2.1): their names stacked, the host organ first,
    “文件” to their right, centred across them; finish.py fits the mark's size and widths to the names."""
    layout.add_tag(document, "{%p if 版头 %}")
    layout.add_tag(document, "{%p if 发文机关列表|length > 1 %}")
    _joint_mark(document)
    layout.add_tag(document, "{%p else %}")
    mark = document.add_paragraph(style=layout.STYLE_BODY)  # not 公文标题: the document's title follows
    _mark_run(mark, "{{ 发文机关标志 }}")
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.space_before = MARK_TOP
    layout.add_tag(document, "{%p endif %}")
    layout.add_blank_line(document)
    layout.add_blank_line(document)
    number = layout.add_body(document, "{{ 发文字号 }}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _flush_left(number)
    _red_rule_below(number)
    layout.add_blank_line(document)  # 7.3.1: the title two lines below the red line
    layout.add_blank_line(document)
    layout.add_tag(document, "{%p endif %}")


def _mark_run(paragraph: Paragraph, text: str) -> None:
    """The 发文机关标志's red 方正小标宋简体 text, its paragraph set solid (no body line pitch to clip it)."""
    run = layout.add_text_run(paragraph, text, layout.TextFormat(layout.FONT_TITLE, MARK_SIZE))
    run.font.color.rgb = RED
    _flush_left(paragraph)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _joint_mark(document: Document) -> None:
    """联合行文's mark: a borderless table of two columns, the organs one per line on the left (each
    spread over the column, as wide as each other), “文件” on the right, centred across them."""
    above = document.add_paragraph(style=layout.STYLE_BODY).paragraph_format  # a table has no space before
    above.space_before = MARK_TOP
    above.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    above.line_spacing = Pt(1)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    names, word = table.rows[0].cells
    names.paragraphs[0].add_run("{%p for 机关 in 发文机关列表 %}")
    name = names.add_paragraph()
    _mark_run(name, "{{ 机关 }}")
    name.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
    names.add_paragraph().add_run("{%p endfor %}")
    _mark_run(word.paragraphs[0], "文件")
    word.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for cell, width in zip((names, word), JOINT_MARK_WIDTHS, strict=True):
        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in layout.TABLE_EDGES:
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    tblpr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")
    margins = OxmlElement("w:tblCellMar")  # no cell margins: the columns are as wide as their text
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tblpr.insert_element_before(margins, "w:tblLook")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, JOINT_MARK_WIDTHS, strict=True):
        grid_col.w = width


def _red_rule_below(paragraph) -> None:  # type: ignore[no-untyped-def]
    """The paragraph's bottom border: a red line across the text block, SEPARATOR_GAP below the text."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(SEPARATOR_EIGHTHS)),
        ("w:space", str(int(SEPARATOR_GAP.pt))),
        ("w:color", "FF0000"),
    ):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # w:pBdr follows pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl, numPr, suppressLineNumbers
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
        "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange",
    )  # fmt: skip


# ---------------------------------------------------------------- the three templates


def build_district_report(document: Document) -> None:
    """全区文明创建工作情况汇报: 基本情况 (figures, titles held level by level), 创建成效 (new in the period),
    复查情况, then 主要做法, 存在问题, 下一步打算 for the office to write."""
    layout.add_title(document, "{{ 范围 }}文明创建工作情况汇报")
    layout.add_body(document, "现将{{ 期间 }}{{ 范围 }}文明创建工作情况汇报如下：")
    layout.add_heading(document, "一、基本情况")
    layout.add_tag(document, "{%p if 表述.单位概况 %}")
    layout.add_body(document, "{{ 表述.单位概况 }}。")
    layout.add_tag(document, "{%p endif %}")
    _region_note(document, "本报告中的", "文明创建区划说明")  # its figures are of 文明创建 titles alone
    layout.add_tag(document, "{%p if 现有文明创建称号 %}")
    # the total only: the titles follow level by level, each level's 项数 the sum of its titles' lines and its
    # 单位数量 the units named under it (a unit holding two titles is named twice, counted once)
    layout.add_body(document, "截至{{ 现有截至 }}，{{ 表述.现有文明创建合计 }}，按级别分列如下：")
    layout.add_tag(document, "{%p for 级 in 现有文明创建按级别 %}")
    layout.add_heading(
        document,
        "{{ loop.index|序号('（一）') }}{{ 级.级别 }}：{{ 级.单位数量 }}家单位获得{{ 级.项数 }}项",
        2,
    )
    _loop(document, "称号 in 级.称号", "{{ 称号.称号 }}{{ 称号.数量 }}家：{{ 称号.单位名单 }}。")
    layout.add_tag(document, "{%p endfor %}")
    layout.add_tag(document, "{%p if 过期文明创建称号 %}")
    layout.add_body(document, "此外，{{ 表述.过期文明创建 }}，见“复查情况”。")
    layout.add_tag(document, "{%p endif %}")
    layout.add_tag(document, "{%p elif 过期文明创建称号 %}")
    layout.add_body(document, "截至{{ 现有截至 }}，{{ 表述.过期文明创建 }}，见“复查情况”。")
    layout.add_tag(document, "{%p endif %}")
    # titles registered without the year they were awarded: said, so that no sentence reads as if none were
    layout.add_tag(document, "{%p if 表述.未注明时间文明创建 %}")
    layout.add_body(document, "{{ 表述.未注明时间文明创建 }}。")
    layout.add_tag(document, "{%p elif not 现有文明创建称号 and not 过期文明创建称号 %}")
    layout.add_body(document, "（截至{{ 现有截至 }}未登记文明创建称号，如有请补充）")
    layout.add_tag(document, "{%p endif %}")

    layout.add_heading(document, "二、创建成效")
    layout.add_tag(document, "{%p if 表述.期间文明创建即现有 %}")  # the lines of 一 again: said, not listed
    layout.add_body(document, "{{ 表述.期间文明创建即现有 }}。")
    layout.add_tag(document, "{%p elif 文明创建称号 %}")
    layout.add_body(document, "{{ 表述.期间文明创建合计 }}：")
    _loop(
        document,
        "称号 in 文明创建称号",
        "{{ 称号.称号 }}{{ 称号.数量 }}家{% if 称号.类别表述 or 称号.此前已有单位 %}（{{ 称号.类别表述 }}"
        "{% if 称号.类别表述 and 称号.此前已有单位 %}；{% endif %}{% if 称号.此前已有单位 %}"
        "{{ 称号.此前已有单位|length }}家此前已获得{% endif %}）{% endif %}：{{ 称号.单位名单 }}。",
    )
    layout.add_tag(document, "{%p else %}")
    layout.add_body(document, "（{{ 期间 }}未登记新获文明创建称号，如有请补充）")
    layout.add_tag(document, "{%p endif %}")
    layout.add_body(document, "（此处请补充：创建工作取得的其他成效）")

    layout.add_heading(document, "三、复查情况")
    layout.add_tag(document, "{%p if 待复查按称号|length == 1 %}")
    layout.add_body(document, "{{ 表述.待复查 }}：{{ 待复查按称号[0].单位名单 }}。")
    layout.add_tag(document, "{%p elif 待复查 %}")
    layout.add_body(document, "{{ 表述.待复查 }}。")
    _loop(document, "称号 in 待复查按称号", "{{ 称号.称号 }}{{ 称号.数量 }}家：{{ 称号.单位名单 }}。")
    layout.add_tag(document, "{%p else %}")
    layout.add_body(document, "截至{{ 成文日期 }}，没有到期待复查的称号。")
    layout.add_tag(document, "{%p endif %}")
    layout.add_tag(document, "{%p if 已撤销 %}")
    layout.add_body(document, "{{ 期间 }}经复查撤销的称号：{{ 表述.已撤销 }}。")
    layout.add_tag(document, "{%p endif %}")

    for number, topic in ((4, "主要做法"), (5, "存在问题"), (6, "下一步打算")):
        layout.add_heading(document, f"{'四五六'[number - 4]}、{topic}")
        layout.add_body(document, f"（此处请补充“{topic}”材料）")
    layout.add_signature(document, OFFICE, SIGN_DATE)


def build_award_list(document: Document) -> None:
    """获奖单位名单: 附件 label, title, and a table per title of the period (units by category, 序号)."""
    _attachment_label(document)
    layout.add_title(document, "{{ 范围 }}{{ 期间 }}获奖单位名单")
    _name_tables(document)
    _region_note(document, "注：名单中的", "名单区划说明")


def _region_note(document: Document, lead: str, field: str = "区划说明") -> None:
    """A region's summary over units that moved (区划调整) says where their honours are counted."""
    layout.add_tag(document, f"{{%p if 表述.{field} %}}")
    layout.add_body(document, lead + f"{{{{ 表述.{field} }}}}。")
    layout.add_tag(document, "{%p endif %}")


def build_commendation(document: Document) -> None:
    """表彰决定: optional red 版头, title, 主送机关, body with the titles and their counts, 附件 line, 落款,
    then the name list as 附件 on a page of its own."""
    _letterhead(document)
    layout.add_title(document, "{{ 表述.表彰决定标题 }}")
    _flush_left(layout.add_body(document, "（此处请补充：主送机关）："))
    layout.add_tag(document, f"{{%p if {COMMENDS} %}}")
    layout.add_body(document, "{{ 期间 }}，（此处请补充：表彰的缘由和依据）。")
    layout.add_body(document, "为表彰先进、树立典型，经研究，决定{{ 表述.表彰决定 }}。")
    # the closing sentence goes with the 附件说明 and the 落款: no page holds them without body text
    last = layout.add_body(
        document, f"希望受到表彰的{COMMENDED_WHO}珍惜荣誉，再接再厉。（此处请补充：希望和号召）"
    )
    last.paragraph_format.keep_with_next = True
    layout.add_blank_line(document).paragraph_format.keep_with_next = True
    _attachment_notes(document)
    layout.add_tag(document, "{%p else %}")
    layout.add_body(document, "（{{ 期间 }}未登记表彰的单位）")
    layout.add_tag(document, "{%p endif %}")
    layout.add_signature(document, OFFICE, SIGN_DATE)
    # 附件1 先进集体, 附件2 先进个人, each from a new page; one 附件 where the decision commends only one kind
    layout.add_tag(document, "{%p if 表彰按称号 %}")
    _attachment_label(document, new_page=True, text="附件{% if 表彰个人按称号 %}1{% endif %}")
    layout.add_title(
        document,
        "{% if 表彰个人按称号 %}{{ 表述.表彰集体名单标题 }}{% else %}{{ 表述.表彰名单标题 }}{% endif %}",
    )
    _name_tables(document, ANNEX_COLUMNS, ANNEX_ROW, "表彰按称号", say_none=False)
    layout.add_tag(document, "{%p endif %}")
    layout.add_tag(document, "{%p if 表彰个人按称号 %}")
    _attachment_label(document, new_page=True, text="附件{% if 表彰按称号 %}2{% endif %}")
    layout.add_title(
        document, "{% if 表彰按称号 %}{{ 表述.表彰个人名单标题 }}{% else %}{{ 表述.表彰名单标题 }}{% endif %}"
    )
    _people_tables(document)
    layout.add_tag(document, "{%p endif %}")
