"""The fields a template can use: names in Chinese, each with a one-line explanation and an example.

This list is the template author's manual: the program shows it and can write it out as 字段说明.docx.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.fields import UNIT_FIELDS, Kind
from core.reports.sections import BUILTIN_SECTIONS, DEFAULT_SECTIONS, MATERIAL_PLACEHOLDER
from core.vocab import MATERIAL_TOPICS


@dataclass(frozen=True)
class ReportField:
    name: str  # as written in a template: 单位.名称
    explanation: str
    example: str = ""


UNIT_ENTRY = "单位"

_UNIT_EXAMPLES = {
    "name": "宁波市荷花庄小学",
    "category": "学校",
    "supervisor": "江东区教育局",
    "founded": "1989年9月",
    "leader": "王丽",
    "staff_count": "43",
}


def _section_names() -> list[str]:
    names = [s.name for s in DEFAULT_SECTIONS]
    for sections in BUILTIN_SECTIONS.values():
        names += [s.name for s in sections]
    return list(dict.fromkeys(names))


_HONOUR_ITEM = (
    "每项有 称号、名称、等级、获得者、级别、授予单位、年份、日期、文号、证书编号、类别、状态、备注、有效期至、"
    "其他信息、表述、获奖时名称（单位改名前获得的：当时的单位名称；否则为空）"
)

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
        "单位.原名",
        "汇报期间内还在使用的曾用名（最近的一个），期间内未改名时为空；单位概况据此写作“我校（原名…）”",
        "武侯区第二小学",
    ),
    ReportField(
        "单位.自称",
        "单位在正文中对自己的称呼，按名称和类别：学校为“我校”，幼儿园“我园”，局“我局”，村“我村”，"
        "派出所等“我所”，其他“我单位”",
        "我校",
    ),
    ReportField(
        "单位概况",
        "现成的一句话：成立时间、占地面积、建筑面积和现有人员等已填写的数字；都未填时为空",
        "我校成立于1989年9月，占地面积7000平方米，现有教职工43人。",
    ),
    ReportField(
        "荣誉",
        "本单位（集体）在期间内、记有年份的荣誉，按时间先后；不含个人荣誉、期间以外、未记年份、已撤销和晚于成文日期的荣誉。"
        + _HONOUR_ITEM,
        "{% for 项 in 荣誉 %}{{ 项.称号 }}、{% endfor %}",
    ),
    ReportField("集体荣誉", "同 荣誉", "{% for 项 in 集体荣誉 %}{{ 项.称号 }}、{% endfor %}"),
    ReportField(
        "个人荣誉",
        "期间内记有年份、填有获得者的荣誉（个人的，不写作本单位的荣誉），按时间先后；各项同 荣誉",
        "{% for 项 in 个人荣誉 %}{{ 项.获得者 }}：{{ 项.称号 }}；{% endfor %}",
    ),
    ReportField(
        "未注明时间的荣誉",
        "没有记录获得时间的荣誉（含个人的）；只有在生成时选择“单列”才有内容，否则为空",
        "{% for 项 in 未注明时间的荣誉 %}{{ 项.称号 }}、{% endfor %}",
    ),
    ReportField("项.称号", "（在荣誉的逐项列出中）荣誉称号，按原记录", "省卫生先进单位"),
    ReportField("项.名称", "称号连同等级或名次", "四川省第7届中小学生艺术节一等奖"),
    ReportField("项.等级", "等级或名次；没有时为空", "一等奖"),
    ReportField("项.级别", "国家级 / 省级 / 市级 / 县区级 / 乡镇级 / 单位内部", "省级"),
    ReportField("项.授予单位", "授予或颁发的机关", "省爱卫会"),
    ReportField("项.年份", "获得的年份（数字）", "2008"),
    ReportField("项.日期", "获得时间，按原记录的精度写作 2008年、2008年12月 或 2008年12月5日", "2008年12月"),
    ReportField("项.文号", "表彰文件的文号", "浙爱卫〔2008〕12号"),
    ReportField("项.证书编号", "证书上的编号", ""),
    ReportField("项.获得者", "个人荣誉的获得者姓名；集体荣誉为空", "王丽"),
    ReportField(
        "项.其他信息",
        "登记表中没有对应字段的各列：名称 → 内容，如 项.其他信息['指导教师']",
        "{{ 项.其他信息['指导教师'] }}",
    ),
    ReportField(
        "项.表述",
        "这一项的现成说法，动词随称号而定：评为、命名为、授予……称号、荣获……奖、取得第几名",
        "被省爱卫会评为省卫生先进单位",
    ),
    ReportField(
        "荣誉按年度",
        "本单位期间内的荣誉按年份分组，年份从早到晚；每组有 年份、荣誉（逐项）、表述（现成的句子）",
        "{% for 年 in 荣誉按年度 %}{{ 年.年份 }}年，{{ 年.表述 }}。{% endfor %}",
    ),
    ReportField(
        "年.表述",
        "（在荣誉按年度的逐项列出中）该年荣誉的说法，同一机关、同一动词的称号用“、”连接",
        "被省建设厅评为城市市容环境卫生先进集体，被市委、市政府评为防汛工作先进单位",
    ),
    ReportField(
        "荣誉按级别", "本单位期间内的荣誉按级别分组（国家级在前）；每组有 级别、荣誉（逐项）、数量", ""
    ),
    ReportField(
        "荣誉概述",
        "现成的概述：先后荣获……等荣誉称号，级别高的在前，最多列六项；期间内没有本单位的荣誉时为空",
        "先后荣获全国写字教育先进集体、省卫生先进单位等荣誉称号",
    ),
    ReportField("荣誉数量", "本单位期间内荣誉的项数（数字），与 荣誉 的项数相同", "12"),
    ReportField("个人荣誉数量", "期间内个人荣誉的项数（数字）", "2"),
    ReportField(
        "个人荣誉表述",
        "现成的一段：个人荣誉方面，某年，某人被……评为……；没有个人荣誉时为空",
        "个人荣誉方面，2021年，刘龙被评为全县十佳政法干警，荣获富民兴聊劳动奖章。",
    ),
    ReportField(
        "未注明时间的荣誉表述",
        "现成的一段，写明获得时间未记录；只有在生成时选择“单列”才有内容",
        "以下荣誉的获得时间未记录：我校曾被评为全国写字教育先进集体。",
    ),
    ReportField(
        "荣誉部分",
        "获奖情况的各部分：集体荣誉、个人荣誉、（选择单列时）获得时间未记录的荣誉，没有的部分不出现；"
        "每部分有 标题、段落（现成的句子，逐段）、荣誉（逐项）、数量",
        "{%p for 部分 in 荣誉部分 %}",
    ),
    ReportField(
        "证书附件",
        "汇报列出的本单位荣誉（期间内记有年份的；选择“单列”时连同未注明时间的）的证书复印件，按汇报中的顺序，"
        "PDF 证书取第一页；没有证书的荣誉不出现，个人荣誉、期间以外和已撤销的荣誉的证书不附；生成时选择不附证书时为空。"
        "每项有 图片、说明、称号、名称、年份、授予单位、另起一页",
        "{%p for 项 in 证书附件 %}",
    ),
    ReportField(
        "项.图片",
        "（在证书附件的逐项列出中）证书的图片，写在单独的一段里；大小已按公文版心（156×225 毫米）算好，"
        "横版两张一页、竖版一张一页，可用 |图片大小 另定",
        "{{ 项.图片 }}",
    ),
    ReportField(
        "项.说明",
        "（在证书附件的逐项列出中）图片下的说明：年份、称号和授予单位；未注明时间的写明获得时间未记录",
        "2021年 浙江省文明单位（浙江省精神文明建设委员会）",
    ),
    ReportField(
        "项.另起一页",
        "（在证书附件的逐项列出中）这张证书应从新的一页开始时为真（按上面的大小排页，第一页在“附件”标题下）",
        "{%p if 项.另起一页 %}",
    ),
    *(
        ReportField(
            f"材料.{topic}",
            f"期间内“{topic}”的工作材料，原文照录（多段以换行分开）；缺少时为"
            + MATERIAL_PLACEHOLDER.format(topic=topic),
            MATERIAL_PLACEHOLDER.format(topic=topic),
        )
        for topic in MATERIAL_TOPICS
    ),
    ReportField(
        "材料段落",
        "同 材料，但每个主题是逐段的列表，用于一段一段地输出",
        "{%p for 段 in 材料段落.主要做法 %}",
    ),
    ReportField(
        "有材料", "各主题期间内有没有材料：有材料.主要做法 为 真/假", "{% if 有材料.存在问题 %}…{% endif %}"
    ),
    *(
        ReportField(
            f"章节.{name}",
            f"“{name}”一节的全部内容：先用对应主题的材料，缺少时按内置模板的约定用替代的材料"
            "（如 基本情况 用单位简介和概况），都没有时为待补充提示",
        )
        for name in _section_names()
    ),
    ReportField(
        "章节段落",
        "同 章节，但每节是逐段的列表，用于一段一段地输出",
        "{%p for 段 in 章节段落.主要工作成绩 %}",
    ),
    ReportField(
        "自查依据",
        "单位“其他信息”中“自查依据”一项（开展自查所依据的文件），去掉开头的“根据”和末尾的“的要求”；"
        "没有时为空",
        "《中共甘垛镇委员会巡察工作实施办法》（甘委发〔2018〕19号）",
    ),
    ReportField(
        "文档作者",
        "文档属性中的作者：生成时填写的本办公室名称，未填时为单位名称（可写在模板的文档属性里）",
        "江东区文明办",
    ),
    ReportField("期间", "汇报的期间", "2019年至2021年"),
    ReportField("起始年份", "期间的起始年份（数字）", "2019"),
    ReportField("截止年份", "期间的截止年份（数字）", "2021"),
    ReportField("成文日期", "落款日期，写作 2026年3月5日（不补零）", "2026年3月5日"),
    ReportField("今天", "生成当天的日期，写作 2026年11月22日", "2026年11月22日"),
    ReportField(
        "|中文数字",
        "把数字写成汉字：在字段后加“|中文数字”。{{ 荣誉数量|中文数字 }} 在有 12 项时写成“十二”；"
        "43 → 四十三，10010 → 一万零一十，2026 → 二千零二十六",
        "{{ 荣誉数量|中文数字 }}",
    ),
    ReportField(
        "|序号",
        "把数字写成标题的序号：{{ 1|序号 }} 写成“一、”，{{ 2|序号('（一）') }} 写成“（二）”，"
        "{{ 3|序号('1.') }} 写成“3.”，{{ 4|序号('（1）') }} 写成“（4）”",
        "{{ loop.index|序号 }}",
    ),
    ReportField(
        "|中文日期",
        "把日期写成“2026年3月5日”（不补零）：{{ 单位.其他信息['验收日期']|中文日期 }}，"
        "原文为 2026-03-05 时写成 2026年3月5日",
        "{{ 单位.其他信息['验收日期']|中文日期 }}",
    ),
    ReportField(
        "|图片大小",
        "改变图片的大小，保持比例：{{ 项.图片|图片大小(120) }} 宽 120 毫米；{{ 项.图片|图片大小(150, 100) }} "
        "放进宽 150、高 100 毫米的方框（5 到 400 毫米）",
        "{{ 项.图片|图片大小(150, 100) }}",
    ),
)

TOP_LEVEL_NAMES: frozenset[str] = frozenset(
    f.name.split(".")[0] for f in REPORT_FIELDS if not f.name.startswith(("|", "项.", "年.", "部分."))
)
FILTER_NAMES: frozenset[str] = frozenset(f.name[1:] for f in REPORT_FIELDS if f.name.startswith("|"))
