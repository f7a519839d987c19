"""The fields a template can use: names in Chinese, each with a one-line explanation and an example.

This list is the template author's manual: the program shows it and can write it out as 字段说明.docx.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.fields import UNIT_FIELDS, Kind
from core.vocab import MATERIAL_TOPICS


@dataclass(frozen=True)
class ReportField:
    name: str  # as written in a template: 单位.名称
    explanation: str
    example: str = ""


UNIT_ENTRY = "单位"
MATERIAL_PLACEHOLDER = "（此处请补充“{topic}”材料）"

_UNIT_EXAMPLES = {
    "name": "宁波市荷花庄小学",
    "category": "学校",
    "supervisor": "江东区教育局",
    "founded": "1989年9月",
    "leader": "王丽",
    "staff_count": "43",
}

REPORT_FIELDS: tuple[ReportField, ...] = (
    *(
        ReportField(
            f"单位.{f.label}",
            f"单位的{f.label}"
            + ("（写作 1989年9月）" if f.kind is Kind.PARTIAL_DATE else "")
            + (f"，单位：{f.unit}" if f.unit else "")
            + "；未填时为空",
            _UNIT_EXAMPLES.get(f.key, ""),
        )
        for f in UNIT_FIELDS
        if f.kind is not Kind.MAPPING
    ),
    ReportField("单位.成立年份", "成立的年份（数字）", "1989"),
    ReportField("单位.其他信息", "登记表中其他各列：名称 → 内容，如 单位.其他信息['校园网址']"),
    ReportField(
        "荣誉",
        "期间内的荣誉（含未注明年份的），按时间先后；每项有 称号、级别、等级、授予单位、年份、日期、文号、"
        "证书编号、获得者、类别、状态、备注、有效期至、其他信息",
        "{% for 项 in 荣誉 %}{{ 项.称号 }}{% endfor %}",
    ),
    ReportField("项.称号", "（在 荣誉 的循环中）荣誉称号", "省卫生先进单位"),
    ReportField("项.级别", "国家级 / 省级 / 市级 / 县区级 / 乡镇级 / 单位内部", "省级"),
    ReportField("项.授予单位", "授予或颁发的机关", "省爱卫会"),
    ReportField("项.年份", "获得的年份（数字；不详时为空）", "2008"),
    ReportField("项.日期", "获得时间，按原记录的精度写作 2008年、2008年12月 或 2008年12月5日", "2008年12月"),
    ReportField("项.文号", "表彰文件的文号", "浙爱卫〔2008〕12号"),
    ReportField("项.获得者", "个人荣誉的获得者姓名；集体荣誉为空", ""),
    ReportField("项.等级", "竞赛类荣誉的等级或名次，如 一等奖、第六名、金奖；没有时为空", "一等奖"),
    ReportField("项.证书编号", "证书上的编号（不同于表彰文件的文号）；没有时为空", "KJ2021-0031"),
    ReportField(
        "项.其他信息",
        "登记表中没有对应字段的各列：名称 → 内容，如 项.其他信息['指导教师']",
        "{{ 项.其他信息['指导教师'] }}",
    ),
    ReportField(
        "荣誉按年度",
        "按年份分组的荣誉，年份从早到晚；每组有 年份、荣誉（列表）、表述（现成的句子）",
        "{% for 年 in 荣誉按年度 %}{{ 年.年份 }}年，{{ 年.表述 }}。{% endfor %}",
    ),
    ReportField(
        "年.表述",
        "（在 荣誉按年度 的循环中）该年荣誉的表述：被授予单位评为……，被……授予……称号",
        "被省建设厅评为城市市容环境卫生先进集体，被市委、市政府授予先进单位称号",
    ),
    ReportField("荣誉按级别", "按级别分组的荣誉（国家级在前）；每组有 级别、荣誉（列表）、数量", ""),
    ReportField(
        "荣誉概述",
        "现成的概述句：先后荣获……等荣誉称号；期间内没有荣誉时为空",
        "先后荣获全国书法艺术教育实验学校、省卫生先进单位等荣誉称号",
    ),
    ReportField("荣誉数量", "期间内荣誉的项数（数字）", "12"),
    *(
        ReportField(
            f"材料.{topic}",
            f"期间内“{topic}”的工作材料（多段以换行分开）；缺少时为方括号内的待补充提示",
            MATERIAL_PLACEHOLDER.format(topic=topic),
        )
        for topic in MATERIAL_TOPICS
    ),
    ReportField(
        "材料段落",
        "同 材料，但每个主题是段落的列表，用于逐段输出：{%p for 段 in 材料段落.主要做法 %}",
        "{%p for 段 in 材料段落.主要做法 %}{{ 段 }}{%p endfor %}",
    ),
    ReportField(
        "有材料", "各主题是否有材料：有材料.主要做法 为 真/假", "{% if 有材料.存在问题 %}…{% endif %}"
    ),
    ReportField("期间", "汇报的期间", "2019年至2021年"),
    ReportField("起始年份", "期间的起始年份（数字）", "2019"),
    ReportField("截止年份", "期间的截止年份（数字）", "2021"),
    ReportField("成文日期", "落款日期，写作 2026年3月5日（不补零）", "2026年3月5日"),
    ReportField("今天", "生成当天的日期，写作 2026年11月22日", "2026年11月22日"),
    ReportField("|中文数字", "过滤器：数字写成汉字，{{ 43|中文数字 }} → 四十三", "四十三"),
    ReportField(
        "|序号",
        "过滤器：序号，{{ 1|序号 }} → 一、；{{ 1|序号('（一）') }} → （一）；{{ 1|序号('1.') }} → 1.",
        "一、",
    ),
    ReportField("|中文日期", "过滤器：日期写成 2026年3月5日", "2026年3月5日"),
)

TOP_LEVEL_NAMES: frozenset[str] = frozenset(
    f.name.split(".")[0] for f in REPORT_FIELDS if not f.name.startswith(("|", "项.", "年."))
)
FILTER_NAMES: frozenset[str] = frozenset(f.name[1:] for f in REPORT_FIELDS if f.name.startswith("|"))
