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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

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
    "{{ 项.名称 }}",
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
    """创建文明单位申报材料: 基本情况, 做法, 亮点, 成效, 近年获奖情况 (the count, then each honour in its year)."""
    layout.add_title(document, f"{UNIT}\n创建文明单位申报材料")
    _opening(document, "创建文明单位工作情况报告")
    following = _sections(document, "创建文明单位申报材料")
    _honour_parts(document, following)
    _sign(document)


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
        title = "".join(line.strip() for line in document.paragraphs[0].text.splitlines())
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


def builtin_template(name: str) -> BuiltinTemplate:
    for template in BUILTIN_TEMPLATES:
        if template.name == name:
            return template
    raise KeyError(name)


def write_builtin_templates(directory: Path) -> list[Path]:
    """Write all six into directory as <name>.docx; returns the paths."""
    return [t.write(Path(directory) / f"{t.name}.docx") for t in BUILTIN_TEMPLATES]
