"""The six built-in templates, one for each kind of report in the seeds, in the official layout.

Each is an ordinary docxtpl template written with python-docx (layout.py): the fixed structure (title,
numbered headings, generic framing sentences) plus Chinese fields from fields.py. The prose itself always comes
from the context: a unit's materials, or the context's "（此处请补充“X”材料）" where a topic has none.

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

UNIT = "{{ 单位.名称 }}"
SIGN_DATE = "{{ 成文日期 }}"

# The unit's figures, each only when filled, joined into one sentence:
# 宁波市荷花庄小学成立于1989年9月，占地面积7000平方米，建筑面积5000平方米，现有教职工43人、学生800人、班级24个。
_PEOPLE = (
    "{%p set 人员 = ["
    "(('教职工' if 单位.类别 in ['学校', '幼儿园'] else '职工') ~ 单位.职工人数 ~ '人') if 单位.职工人数 else '', "
    "(('幼儿' if 单位.类别 == '幼儿园' else '学生') ~ 单位.学生人数 ~ '人') if 单位.学生人数 else '', "
    "('班级' ~ 单位.班级数 ~ '个') if 单位.班级数 else '', "
    "('党员' ~ 单位.党员人数 ~ '名') if 单位.党员人数 else '', "
    "(单位.户数 ~ '户') if 单位.户数 else '', "
    "('人口' ~ 单位.人口 ~ '人') if 单位.人口 else ''"
    "] | select | join('、') %}"
)
_FACTS = (
    "{%p set 概况 = ["
    "('成立于' ~ 单位.成立时间) if 单位.成立时间 else '', "
    "('占地面积' ~ 单位.占地面积 ~ '平方米') if 单位.占地面积 else '', "
    "('建筑面积' ~ 单位.建筑面积 ~ '平方米') if 单位.建筑面积 else '', "
    "('现有' ~ 人员) if 人员 else ''"
    "] | select | join('，') %}"
)

HONOUR_COLUMNS: tuple[layout.Column, ...] = (
    # 156 mm, the width of the text block, with cells of 四号 text (Times New Roman digits): 荣誉称号
    # nine characters a line, 级别 县区级 on one line, 时间 2019年 over 12月5日, 文号 甘委发 over 〔2018〕19号.
    layout.Column("序号", Mm(12)),
    layout.Column("荣誉称号", Mm(46), WD_ALIGN_PARAGRAPH.LEFT),
    layout.Column("授予单位", Mm(26)),
    layout.Column("级别", Mm(17)),
    layout.Column("时间", Mm(22)),
    layout.Column("文号", Mm(33)),
)
HONOUR_ROW: tuple[str, ...] = (
    "{{ loop.index }}",
    "{{ 项.称号 }}{% if 项.获得者 %}（{{ 项.获得者 }}）{% endif %}",
    "{{ 项.授予单位 }}",
    "{{ 项.级别 }}",
    "{{ 项.日期 }}",
    "{{ 项.文号 }}",
)
YEAR_LINE = (
    "{% if 年.年份 is number %}{{ 年.年份 }}年，{% elif not loop.first %}此外，{% endif %}{{ 年.表述 }}。"
)
HONOUR_LINE = (
    "{{ loop.index }}.{% if 项.获得者 %}{{ 项.获得者 }}获{% endif %}{{ 项.称号 }}"
    "{% if 项.授予单位 or 项.日期 or 项.文号 %}"
    "（{{ [项.授予单位, 项.日期, 项.文号] | select | join('，') }}）{% endif %}"
)
NO_HONOURS = "（期间内未登记荣誉，如有请补充）"


# ---------------------------------------------------------------- reusable parts


def _opening(document: Document, what: str) -> None:
    layout.add_body(document, f"现将{UNIT}{{{{ 期间 }}}}{what}如下：")


def _loop(document: Document, loop: str, text: str, *, last_kept_with_next: bool = False) -> None:
    """One body paragraph per item of a {%p for … %} loop.

    With last_kept_with_next the loop's last paragraph is a copy marked "keep with next", chosen by
    {%p if loop.last %}: it goes to the next page with the signature, which never stands there alone.
    """
    layout.add_tag(document, f"{{%p for {loop} %}}")
    if last_kept_with_next:
        layout.add_tag(document, "{%p if loop.last %}")
        layout.add_body(document, text).paragraph_format.keep_with_next = True
        layout.add_tag(document, "{%p else %}")
    layout.add_body(document, text)
    if last_kept_with_next:
        layout.add_tag(document, "{%p endif %}")
    layout.add_tag(document, "{%p endfor %}")


def _material(document: Document, topic: str, *, before_signature: bool = False) -> None:
    """Every paragraph of one topic's material (or the context's placeholder when there is none)."""
    _loop(document, f"段 in 材料段落.{topic}", "{{ 段 }}", last_kept_with_next=before_signature)


def _unit_facts(document: Document) -> None:
    """One sentence of the unit's registered figures, each clause only when the field is filled."""
    layout.add_tag(document, _PEOPLE)
    layout.add_tag(document, _FACTS)
    layout.add_tag(document, "{%p if 概况 %}")
    layout.add_body(document, f"{UNIT}{{{{ 概况 }}}}。")
    layout.add_tag(document, "{%p endif %}")


def _honour_summary(document: Document) -> None:
    """先后荣获……等荣誉称号, when the period has honours."""
    layout.add_tag(document, "{%p if 荣誉概述 %}")
    layout.add_body(document, f"{{{{ 期间 }}}}，{UNIT}{{{{ 荣誉概述 }}}}。")
    layout.add_tag(document, "{%p endif %}")


def _honours_by_year(document: Document) -> None:
    """Every honour: one paragraph per year (2019年，被……评为……); the undated group last, as 此外，……."""
    _loop(document, "年 in 荣誉按年度", YEAR_LINE)


def _honour_list(document: Document) -> None:
    """Every honour as a numbered line: 1.称号（授予单位，日期，文号）; the last kept with the signature."""
    _loop(document, "项 in 荣誉", HONOUR_LINE, last_kept_with_next=True)


def _sign(document: Document) -> None:
    layout.add_signature(document, UNIT, SIGN_DATE)


# ---------------------------------------------------------------- the six templates


def build_situation_report(document: Document) -> None:
    """情况汇报: 基本情况, 主要做法, 工作成效 (with every honour), 存在问题, 下一步打算."""
    layout.add_title(document, f"{UNIT}情况汇报")
    _opening(document, "有关工作情况汇报")
    layout.add_heading(document, "一、基本情况")
    _unit_facts(document)
    _material(document, "基本情况")
    layout.add_heading(document, "二、主要做法")
    _material(document, "主要做法")
    layout.add_heading(document, "三、工作成效")
    _material(document, "工作成效")
    _honour_summary(document)
    _honours_by_year(document)
    layout.add_heading(document, "四、存在问题")
    _material(document, "存在问题")
    layout.add_heading(document, "五、下一步打算")
    _material(document, "下一步打算", before_signature=True)
    _sign(document)


def build_civilised_unit_application(document: Document) -> None:
    """创建文明单位申报材料: 基本情况, 做法, 亮点, 成效, 近年获奖情况 (by year, then every honour listed)."""
    layout.add_title(document, f"{UNIT}\n创建文明单位申报材料")
    _opening(document, "创建文明单位工作情况报告")
    layout.add_heading(document, "一、基本情况")
    _unit_facts(document)
    _material(document, "基本情况")
    layout.add_heading(document, "二、主要做法")
    _material(document, "主要做法")
    layout.add_heading(document, "三、特色亮点")
    _material(document, "特色亮点")
    layout.add_heading(document, "四、工作成效")
    _material(document, "工作成效")
    layout.add_heading(document, "五、近年获奖情况")
    layout.add_tag(document, "{%p if 荣誉 %}")
    layout.add_body(document, f"{{{{ 期间 }}}}，{UNIT}共获得各级各类荣誉{{{{ 荣誉数量 }}}}项。")
    layout.add_heading(document, "（一）分年度获奖情况", 2)
    _honours_by_year(document)
    layout.add_heading(document, "（二）荣誉清单", 2)
    _honour_list(document)
    layout.add_tag(document, "{%p else %}")
    layout.add_body(document, NO_HONOURS).paragraph_format.keep_with_next = True
    layout.add_tag(document, "{%p endif %}")
    _sign(document)


def build_self_inspection(document: Document) -> None:
    """自查报告: 基本情况, 主要工作成绩 (with the honours), 存在具体问题, 下一步整改措施."""
    layout.add_title(document, f"{UNIT}自查报告")
    _opening(document, "自查情况报告")
    layout.add_heading(document, "一、基本情况")
    _unit_facts(document)
    _material(document, "基本情况")
    layout.add_heading(document, "二、主要工作成绩")
    _material(document, "工作成效")
    _honour_summary(document)
    layout.add_heading(document, "三、存在具体问题")
    _material(document, "存在问题")
    layout.add_heading(document, "四、下一步整改措施")
    _material(document, "整改措施", before_signature=True)
    _sign(document)


def build_work_summary(document: Document) -> None:
    """工作总结: 主要做法, 工作成效 (with the honours), 存在问题, 下一步打算."""
    layout.add_title(document, f"{UNIT}\n{{{{ 期间 }}}}工作总结")
    _opening(document, "工作情况总结")
    layout.add_heading(document, "一、主要做法")
    _material(document, "主要做法")
    layout.add_heading(document, "二、工作成效")
    _material(document, "工作成效")
    _honour_summary(document)
    layout.add_heading(document, "三、存在问题")
    _material(document, "存在问题")
    layout.add_heading(document, "四、下一步打算")
    _material(document, "下一步打算", before_signature=True)
    _sign(document)


def build_highlights(document: Document) -> None:
    """亮点工作汇报: 特色亮点 first, then 主要做法, 工作成效 (with the honours), 下一步打算."""
    layout.add_title(document, f"{UNIT}亮点工作汇报")
    _opening(document, "亮点工作汇报")
    layout.add_heading(document, "一、特色亮点")
    _material(document, "特色亮点")
    layout.add_heading(document, "二、主要做法")
    _material(document, "主要做法")
    layout.add_heading(document, "三、工作成效")
    _material(document, "工作成效")
    _honour_summary(document)
    layout.add_heading(document, "四、下一步打算")
    _material(document, "下一步打算", before_signature=True)
    _sign(document)


def build_honour_table(document: Document) -> None:
    """荣誉一览表: a bordered table, one row per honour of the period, 序号 1..n."""
    layout.add_title(document, f"{UNIT}荣誉一览表\n（{{{{ 期间 }}}}）")
    blank = ("",) * (len(HONOUR_COLUMNS) - 1)
    rows = [
        ("{%tr for 项 in 荣誉 %}", *blank),
        ("{%tr if loop.last %}", *blank),
        HONOUR_ROW,  # the last honour: kept on the page of the signature
        ("{%tr else %}", *blank),
        HONOUR_ROW,
        ("{%tr endif %}", *blank),
        ("{%tr endfor %}", *blank),
    ]
    table = layout.add_table(document, HONOUR_COLUMNS, rows)
    for cell in table.rows[3].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    layout.add_tag(document, "{%p if not 荣誉 %}")
    layout.add_body(document, NO_HONOURS).paragraph_format.keep_with_next = True
    layout.add_tag(document, "{%p endif %}")
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
        document.core_properties.title = self.name
        self.build(document)
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
        "创建文明单位申报材料：基本情况、做法、亮点、成效，近年获奖情况按年度表述并逐项列出",
        build_civilised_unit_application,
    ),
    BuiltinTemplate(
        "自查报告",
        "自查报告",
        "自查报告：基本情况、主要工作成绩、存在具体问题、下一步整改措施",
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
        "期间荣誉一览表：序号、荣誉称号、授予单位、级别、时间、文号",
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
