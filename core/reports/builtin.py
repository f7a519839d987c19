"""The six built-in templates, one for each kind of report in the seeds, in the official layout.

Each is an ordinary docxtpl template written with python-docx (layout.py): the fixed structure (title,
numbered headings, the opening sentence) plus Chinese fields from fields.py. The prose always comes from the
context: each section's paragraphs as sections.py declares and fills them (the unit's material, a fallback,
its 简介 and figures, its honours), or "（此处请补充“X”材料）" where nothing fits.

`scripts/build_templates.py` writes them into resources/templates/<name>.docx.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat

from core.reports import layout
from core.reports.prose import ordinal
from core.reports.sections import BUILTIN_SECTIONS

UNIT = "{{ 单位.名称 }}"
SELF = "{{ 单位.自称 }}"
SIGN_DATE = "{{ 成文日期 }}"

HONOUR_COLUMNS: tuple[layout.Column, ...] = (
    # 156 mm, the width of the text block. These are the widths the template shows in Word; a generated
    # table gets widths from its content (finish.py) and loses the optional columns no row fills.
    layout.Column("序号", Mm(12)),
    layout.Column("荣誉称号", Mm(40), WD_ALIGN_PARAGRAPH.LEFT),
    layout.Column("获得者", Mm(16)),
    layout.Column("授予单位", Mm(24)),
    layout.Column("级别", Mm(17)),
    layout.Column("时间", Mm(26)),
    layout.Column("文号", Mm(21)),
)
HONOUR_ROW: tuple[str, ...] = (
    "{{ loop.index }}",
    "{{ 项.名称 }}{% if 项.获奖时名称 %}（时称{{ 项.获奖时名称 }}）{% endif %}",
    "{{ 项.获得者 }}",
    "{{ 项.授予单位 }}",
    "{{ 项.级别 }}",
    "{{ 项.日期 }}",
    "{{ 项.文号 }}",
)
NO_HONOURS = "（{{ 期间 }}未登记荣誉，如有请补充）"
# A part is named unless it is the unit's own list alone: the persons' and the undated always say what they are.
PART_HEADING = "{%p if 荣誉部分|length > 1 or 部分.标题 != '集体荣誉' %}"
# numbered only when there are several: 一、集体荣誉 二、个人荣誉, but a lone part is just named
PART_TITLE_LEVEL_1 = "{% if 荣誉部分|length > 1 %}{{ loop.index|序号 }}{% endif %}{{ 部分.标题 }}"
PART_TITLE_LEVEL_2 = "{% if 荣誉部分|length > 1 %}{{ loop.index|序号('（一）') }}{% endif %}{{ 部分.标题 }}"


# ---------------------------------------------------------------- reusable parts


def _opening(document: Document, what: str) -> None:
    layout.add_body(document, f"现将{SELF}{{{{ 期间 }}}}{what}如下：")


def _loop(document: Document, loop: str, text: str) -> None:
    """One body paragraph per item of a {%p for … %} loop."""
    layout.add_tag(document, f"{{%p for {loop} %}}")
    layout.add_body(document, text)
    layout.add_tag(document, "{%p endfor %}")


def _section(document: Document, number: int, name: str) -> None:
    """A numbered heading and its section's paragraphs, as the context filled them (sections.py)."""
    layout.add_heading(document, f"{ordinal(number)}{name}")
    _loop(document, f"段 in 章节段落.{name}", "{{ 段 }}")


def _sections(document: Document, template: str, first: int = 1) -> int:
    """Every section the template declares, numbered from first; returns the next number."""
    for offset, section in enumerate(BUILTIN_SECTIONS[template]):
        _section(document, first + offset, section.name)
    return first + len(BUILTIN_SECTIONS[template])


def _honour_parts(document: Document, number: int) -> None:
    """获奖情况: the unit's honours by year with their count, then the persons', then (on request) the undated;
    numbered （一）（二） only when there is more than one part."""
    layout.add_heading(document, f"{ordinal(number)}近年获奖情况")
    _no_honours(document)
    layout.add_tag(document, "{%p for 部分 in 荣誉部分 %}")
    layout.add_tag(document, PART_HEADING)
    layout.add_heading(document, PART_TITLE_LEVEL_2, 2)
    layout.add_tag(document, "{%p endif %}")
    _loop(document, "段 in 部分.段落", "{{ 段 }}")
    layout.add_tag(document, "{%p endfor %}")


def _no_honours(document: Document) -> None:
    """The one sentence that stands where the period has no dated honour (undated ones may follow)."""
    layout.add_tag(document, "{%p if not (集体荣誉 or 个人荣誉) %}")
    layout.add_body(document, NO_HONOURS)
    layout.add_tag(document, "{%p endif %}")


def _sign(document: Document) -> None:
    layout.add_signature(document, UNIT, SIGN_DATE)


# ---------------------------------------------------------------- the six templates


def build_situation_report(document: Document) -> None:
    """情况汇报: 基本情况, 主要做法, 工作成效 (with every honour of the period by year), 存在问题, 下一步打算."""
    layout.add_title(document, f"{UNIT}情况汇报")
    _opening(document, "有关工作情况汇报")
    _sections(document, "情况汇报")
    _sign(document)


def build_civilised_unit_application(document: Document) -> None:
    """创建文明单位申报材料: 基本情况, 做法, 亮点, 成效, 近年获奖情况 (the count, then each honour in its year);
    where the listed honours have certificates (and the user wants them), 附件 pages with their copies."""
    layout.add_title(document, f"{UNIT}\n创建文明单位申报材料")
    _opening(document, "创建文明单位工作情况报告")
    following = _sections(document, "创建文明单位申报材料")
    _honour_parts(document, following)
    _attachment_note(document)
    _sign(document)
    _certificate_pages(document)


CERTIFICATES_TITLE = "荣誉证书复印件"


def _attachment_note(document: Document) -> None:
    """附件说明 (GB/T 9704-2012 7.3.4): a blank line under the body, then 附件：荣誉证书复印件, two characters in."""
    layout.add_tag(document, "{%p if 证书附件 %}")
    layout.add_blank_line(document)
    layout.add_body(document, f"附件：{CERTIFICATES_TITLE}")
    layout.add_tag(document, "{%p endif %}")


def _certificate_pages(document: Document) -> None:
    """附件 (GB/T 9704-2012 8): on a new page "附件" in 黑体 at the top left, the title centred on the third
    line, then each certificate centred with its caption under it; 项.另起一页 says where a page begins (the
    sizes and the pages are computed from the images, core/reports/certificates.py)."""
    layout.add_tag(document, "{%p if 证书附件 %}")
    mark = layout.add_paragraph(document)
    layout.add_text_run(mark, "附件", layout.HEADING_FORMATS[1])
    _unindented(mark).page_break_before = True
    mark.paragraph_format.space_after = layout.LINE_PITCH
    mark.paragraph_format.keep_with_next = True
    layout.add_title(document, CERTIFICATES_TITLE)
    layout.add_tag(document, "{%p for 项 in 证书附件 %}")
    layout.add_tag(document, "{%p if 项.另起一页 %}")
    _picture_paragraph(document).page_break_before = True
    layout.add_tag(document, "{%p else %}")
    _picture_paragraph(document)
    layout.add_tag(document, "{%p endif %}")
    caption = _unindented(layout.add_body(document, "{{ 项.说明 }}"))
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.space_after = Pt(layout.LINE_PITCH.pt / 2)
    layout.add_tag(document, "{%p endfor %}")
    layout.add_tag(document, "{%p endif %}")


def _picture_paragraph(document: Document) -> ParagraphFormat:
    """A centred paragraph holding a certificate, single-spaced (a fixed line height would cut the picture
    to one line) and kept with its caption."""
    paragraph_format = _unindented(layout.add_body(document, "{{ 项.图片 }}"))
    paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph_format.keep_with_next = True
    return paragraph_format


def _unindented(paragraph: Paragraph) -> ParagraphFormat:
    paragraph_format = paragraph.paragraph_format
    paragraph_format.first_line_indent = Pt(0)
    return paragraph_format


def build_self_inspection(document: Document) -> None:
    """自查报告 as the seed writes it: 根据……的要求 (the unit's 自查依据, where recorded), then 主要工作成绩
    (with the honours), 存在具体问题, 下一步整改措施."""
    layout.add_title(document, f"{UNIT}自查报告")
    layout.add_body(
        document,
        f"{{% if 自查依据 %}}根据{{{{ 自查依据 }}}}的要求，{{% endif %}}现将{SELF}{{{{ 期间 }}}}自查情况报告如下：",
    )
    _sections(document, "自查报告")
    _sign(document)


def build_work_summary(document: Document) -> None:
    """工作总结: 主要做法, 工作成效 (with the honours summed up), 存在问题, 下一步打算."""
    layout.add_title(document, f"{UNIT}\n{{{{ 期间 }}}}工作总结")
    _opening(document, "工作情况总结")
    _sections(document, "工作总结")
    _sign(document)


def build_highlights(document: Document) -> None:
    """亮点工作汇报: 特色亮点 first, then 主要做法, 工作成效 (with the honours summed up), 下一步打算."""
    layout.add_title(document, f"{UNIT}亮点工作汇报")
    _opening(document, "亮点工作汇报")
    _sections(document, "亮点工作汇报")
    _sign(document)


def build_honour_table(document: Document) -> None:
    """荣誉一览表: a bordered table per part (the unit's, the persons', on request the undated), 序号 1..n;
    one sentence instead of an empty table."""
    layout.add_title(document, f"{UNIT}荣誉一览表\n（{{{{ 期间 }}}}）")
    blank = ("",) * (len(HONOUR_COLUMNS) - 1)
    _no_honours(document)
    layout.add_tag(document, "{%p for 部分 in 荣誉部分 %}")
    layout.add_tag(document, PART_HEADING)
    layout.add_heading(document, PART_TITLE_LEVEL_1)
    layout.add_tag(document, "{%p endif %}")
    rows = [("{%tr for 项 in 部分.荣誉 %}", *blank), HONOUR_ROW, ("{%tr endfor %}", *blank)]
    layout.add_table(document, HONOUR_COLUMNS, rows)
    layout.add_tag(document, "{%p endfor %}")
    _sign(document)


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class BuiltinTemplate:
    name: str
    kind: str  # one of core.vocab.TEMPLATE_KINDS
    description: str
    build: Callable[[Document], None]  # appends the body to a document in the official layout

    def document(self) -> Document:
        document = layout.new_document()
        self.build(document)
        # The properties are fields too: a generated report is titled as its first line and by its author.
        first = next(p for p in document.paragraphs if p.style.name == layout.STYLE_TITLE)  # after any 版头
        title = "".join(line.strip() for line in first.text.splitlines())
        layout.set_core_properties(document, title=title, author="{{ 文档作者 }}")
        return document

    def write(self, path: Path) -> Path:
        """Write this template's .docx (docxtpl tags, official layout) to path."""
        return layout.save(self.document(), path)


BUILTIN_TEMPLATES: tuple[BuiltinTemplate, ...] = (
    BuiltinTemplate(
        "情况汇报",
        "情况汇报",
        "单位情况汇报：基本情况、主要做法、工作成效（含期间全部荣誉）、存在问题、下一步打算",
        build_situation_report,
    ),
    BuiltinTemplate(
        "创建文明单位申报材料",
        "申报材料",
        "创建文明单位申报材料：基本情况、做法、亮点、成效，近年获奖情况按年度逐项表述",
        build_civilised_unit_application,
    ),
    BuiltinTemplate(
        "自查报告",
        "自查报告",
        "自查报告：开头写明自查依据，再写主要工作成绩、存在具体问题、下一步整改措施",
        build_self_inspection,
    ),
    BuiltinTemplate(
        "工作总结",
        "工作总结",
        "期间工作总结：主要做法、工作成效、存在问题、下一步打算",
        build_work_summary,
    ),
    BuiltinTemplate(
        "亮点工作汇报",
        "亮点汇报",
        "亮点工作汇报：特色亮点在前，再写主要做法、工作成效、下一步打算",
        build_highlights,
    ),
    BuiltinTemplate(
        "荣誉一览表",
        "荣誉一览表",
        "期间荣誉一览表：集体荣誉和个人荣誉分表列出序号、荣誉称号、授予单位、级别、时间、文号",
        build_honour_table,
    ),
)


def _summary_templates() -> tuple[BuiltinTemplate, ...]:
    """The office's own documents over many units (summary_builtin.py), rendered once per batch."""
    from core.reports import summary_builtin as summary

    return (
        BuiltinTemplate(
            "全区文明创建工作情况汇报",
            "全区汇报",
            "汇总：各类单位和文明创建称号的数字、按级别列出的单位、期间新获、复查情况，主要做法等待补充",
            summary.build_district_report,
        ),
        BuiltinTemplate(
            "获奖单位名单",
            "获奖名单",
            "汇总：期间获奖单位按称号分表、按单位类别排列并编序号，可作附件",
            summary.build_award_list,
        ),
        BuiltinTemplate(
            "表彰决定",
            "表彰决定",
            "汇总：表彰决定正文（称号和单位数），名单作附件；可选红色版头（发文机关标志、发文字号和分隔线）",
            summary.build_commendation,
        ),
    )


SUMMARY_TEMPLATES: tuple[BuiltinTemplate, ...] = _summary_templates()
ALL_BUILTIN_TEMPLATES: tuple[BuiltinTemplate, ...] = BUILTIN_TEMPLATES + SUMMARY_TEMPLATES  # unit ones first


def builtin_template(name: str) -> BuiltinTemplate:
    for template in ALL_BUILTIN_TEMPLATES:
        if template.name == name:
            return template
    raise KeyError(name)


def write_builtin_templates(directory: Path) -> list[Path]:
    """Write every built-in template into directory as <name>.docx; returns the paths."""
    return [t.write(Path(directory) / f"{t.name}.docx") for t in ALL_BUILTIN_TEMPLATES]
