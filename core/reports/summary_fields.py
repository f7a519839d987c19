"""The fields of a summary template (summary_context.py): the template author's manual for documents the
office writes over many units, and how a template that uses them is told from a unit's template."""

from __future__ import annotations

from collections.abc import Iterable

from core.reports.fields import TOP_LEVEL_NAMES, ReportField

_TITLE_ITEM = (
    "每项有 称号、级别、数量（单位数）、量词（家）、单位（逐个，有 名称、类别、地区、年份、日期、文号，为最近一次的；"
    "时间 为各次获得的年份，如 2022年、2024年；次数）、"
    "单位名单（以、连接）、按类别（每类有 类别、数量、量词、表述、单位，单位带 序号）、类别表述、新增单位数量、"
    "此前已有单位"
)

SUMMARY_FIELDS: tuple[ReportField, ...] = (
    ReportField("范围", "汇总所指的范围，作句子的主语：全部单位为“全区”，选定类别时如“全区学校”", "全区"),
    ReportField("范围说明", "生成时选择的单位范围", "学校（18个）"),
    ReportField(
        "单位", "所选的各单位，按类别、名称排列；每个有 名称、简称、类别、地区", "{% for 项 in 单位 %}"
    ),
    ReportField("单位数量", "所选单位的个数（数字）", "45"),
    ReportField(
        "单位按类别",
        "所选单位按类别分组；每组有 类别、数量、量词（所/个/家）、表述（如 学校18所）、单位、单位名单",
        "{% for 类 in 单位按类别 %}{{ 类.表述 }}、{% endfor %}",
    ),
    ReportField("单位按地区", "所选单位按所在地区分组；每组有 地区、数量、单位", ""),
    ReportField(
        "荣誉",
        "期间内、记有年份的各单位集体荣誉，级别高的在前；不含个人荣誉、未记年份、已撤销和晚于成文日期的；"
        "每项有 单位、类别、称号、级别、年份、日期、授予单位、文号",
        "{% for 项 in 荣誉 %}",
    ),
    ReportField("荣誉数量", "期间内各单位集体荣誉的项数（数字），与 荣誉 的项数相同", "56"),
    ReportField("获奖单位数量", "期间内获得荣誉的单位个数（数字）", "30"),
    ReportField(
        "荣誉按称号",
        "期间内获得的称号（“2021年度市级文明单位”记作“市级文明单位”），级别高的在前；" + _TITLE_ITEM,
        "{% for 称号 in 荣誉按称号 %}{{ 称号.称号 }}{{ 称号.数量 }}家{% endfor %}",
    ),
    ReportField(
        "荣誉按级别",
        "荣誉按称号 按级别分组；每组有 级别、称号（同上）、称号数量、单位数量（不同的单位）、项数（各称号家数之和）、表述（如 省级文明单位12家）",
        "{% for 级 in 荣誉按级别 %}",
    ),
    ReportField(
        "荣誉按年度", "期间内的荣誉按年份分组，从早到晚；每组有 年份、数量、单位数量、称号（同上）", ""
    ),
    ReportField(
        "表彰按称号",
        "表彰决定表彰的称号，同 荣誉按称号 的写法：填了发文字号且有以此文号录入的荣誉时只含这些，否则同 荣誉按称号",
        "",
    ),
    ReportField("表彰按文号", "表彰按称号 是否按发文字号选出（真/假）", ""),
    ReportField(
        "表彰个人按称号",
        "以发文字号录入的个人荣誉（填有获得者的），按称号分组，级别高的在前；每项有 称号、级别、数量（人数）、"
        "量词（名）、获得者栏（姓名）、个人（逐个，有 序号、姓名、单位、名单项，如 王丽（东湖区第一小学））、名单"
        "（以、连接）；未填发文字号或没有以此文号录入的个人荣誉时为空",
        "{% for 称号 in 表彰个人按称号 %}",
    ),
    ReportField("表彰个人数量", "表彰个人按称号 中的人数（数字）", "3"),
    ReportField(
        "现有称号",
        "截至期间末尾获得、未撤销、未过有效期的称号（现有；有效期或复查周期在期间末尾或成文日期前已满而未见复查记录的不算，"
        "列在 待复查 中；同一单位获得同一称号的几个级别的，只计最高级别），同 荣誉按称号 的写法",
        "",
    ),
    ReportField("现有按级别", "现有称号按级别分组，同 荣誉按级别", ""),
    ReportField(
        "现有较低级别称号",
        "同一单位另有同一称号更高级别的（如已是省级文明村镇的市级文明村镇），不计入 现有称号，列在这里",
        "",
    ),
    ReportField(
        "过期称号",
        "截至期间末尾获得、未撤销，但有效期或复查周期在期间末尾（或成文日期）前已满而未见复查记录的称号，不算现有；"
        "同 荣誉按称号 的写法",
        "",
    ),
    ReportField("过期文明创建称号", "过期称号中的文明创建称号", ""),
    ReportField("此前称号", "期间开始以前已获得、未撤销的称号", ""),
    ReportField("文明创建称号", "荣誉按称号 中名称含“文明”或荣誉类别为“文明创建”的称号", ""),
    ReportField("文明创建按级别", "文明创建称号按级别分组", ""),
    ReportField("现有文明创建称号", "现有称号中的文明创建称号", ""),
    ReportField("现有文明创建按级别", "现有文明创建称号按级别分组", ""),
    ReportField(
        "待复查",
        "到期待复查（截至期间末尾或成文当年年底）和登记为待复查的称号；每项有 单位、类别、称号、级别、"
        "到期（如 2024年12月；登记为待复查而未到期的为空）",
        "",
    ),
    ReportField("待复查数量", "待复查的项数（数字）", "5"),
    ReportField(
        "待复查按称号",
        "待复查按称号分组（级别高的在前）；每项有 称号、级别、数量、单位（同 待复查）、"
        "单位名单（单位连同到期时间，成文日期前已到期的注明“未见复查记录”，以、连接）",
        "",
    ),
    ReportField(
        "已撤销",
        "期间内经复查撤销的称号（撤销时间有记录、不晚于成文日期的）；每项有 单位、称号、级别、说明（撤销的记录）",
        "",
    ),
    ReportField("已撤销数量", "期间内撤销的项数（数字）", "1"),
    ReportField("全部已撤销数量", "所选单位被撤销的称号总数（数字）", "2"),
    ReportField("未注明时间的荣誉", "没有记录获得时间的集体荣誉，不计入任何数量", ""),
    ReportField("个人荣誉", "期间内的个人荣誉（填有获得者的），不计作单位的荣誉", ""),
    ReportField("个人荣誉数量", "期间内个人荣誉的项数（数字）", "3"),
    ReportField("表述.单位概况", "现成的一句：全区共有各类单位N个，其中学校18所、机关9个……", ""),
    ReportField(
        "表述.现有荣誉",
        "现成的一句：全区现有全国文明单位3家、省级文明单位12家……（有单位获得同一称号的几个级别时，"
        "句末注明按最高级别计）",
        "",
    ),
    ReportField("表述.现有文明创建", "同上，只含文明创建称号", ""),
    ReportField(
        "表述.现有文明创建合计",
        "现成的一句，只说总数：全区现有文明创建称号30项（各称号的家数之和；一家单位获得两个称号计两项）",
        "",
    ),
    ReportField(
        "表述.过期文明创建",
        "现成的一句：全区另有市级文明单位2家已过有效期、未见复查记录（没有现有的文明创建称号时不带“另”）",
        "",
    ),
    ReportField("表述.期间新获", "现成的一句：2022年至2024年，全区新获市级文明单位6家……", ""),
    ReportField("表述.期间文明创建", "同上，只含文明创建称号", ""),
    ReportField(
        "表述.期间文明创建合计",
        "现成的一句，只说总数：2022年至2024年，全区新获文明创建称号12项（其中2项为此前已获得的称号）",
        "",
    ),
    ReportField("表述.待复查", "现成的一句：全区到期待复查的有市级文明单位5家……", ""),
    ReportField("表述.待复查名单", "到期的单位连同称号和到期时间，以、连接", ""),
    ReportField("表述.已撤销", "期间内撤销的单位连同称号，以、连接", ""),
    ReportField(
        "表述.区划说明",
        "按地区汇总且有单位区划调整过时：荣誉按获得时单位所属地区统计（涉及区划调整的单位N个）"
        "，获得时间与调整时间分不出先后而未计入的项数；其他情况为空",
        "",
    ),
    ReportField("表述.名单区划说明", "同上，只说获奖时间（获奖单位名单用，不提现有称号）", ""),
    ReportField(
        "表述.文明创建区划说明", "同 表述.区划说明，只算文明创建称号（全区文明创建工作情况汇报用）", ""
    ),
    ReportField(
        "表述.表彰称号",
        "表彰按称号 和 表彰个人按称号 的称号，以、连接（表彰决定的标题用）；多到标题超过三行时为“先进集体和先进个人”",
        "区级文明单位、区级优秀教师",
    ),
    ReportField(
        "表述.表彰决定标题",
        "表彰决定的标题：关于表彰（期间）（表述.表彰称号）的决定，长的在称号之间回行",
        "关于表彰2024年区级文明单位的决定",
    ),
    ReportField(
        "表述.表彰名单标题",
        "表彰决定附件名单的标题：（期间）（表述.表彰称号）名单，长的在称号之间回行",
        "2024年区级文明单位名单",
    ),
    ReportField(
        "表述.表彰集体称号",
        "表彰按称号 的称号，以、连接（单位和个人分两个附件时，附件1“先进集体”名单用）；称号多到标题超过三行时为“先进集体”",
        "区级文明单位",
    ),
    ReportField(
        "表述.表彰集体名单标题", "附件1的标题：（期间）（表述.表彰集体称号）名单，长的在称号之间回行", ""
    ),
    ReportField(
        "表述.表彰个人称号",
        "表彰个人按称号 的称号，以、连接（附件2“先进个人”名单用）；称号多到标题超过三行时为“先进个人”",
        "区级优秀教师",
    ),
    ReportField(
        "表述.表彰个人名单标题", "附件2的标题：（期间）（表述.表彰个人称号）名单，长的在称号之间回行", ""
    ),
    ReportField(
        "表述.表彰决定",
        "现成的决定语：命名东湖区第一小学等20家单位为“区级文明单位”……，授予王丽等3名同志“区级优秀教师”称号，"
        "动词随称号而定",
        "",
    ),
    ReportField("版头", "生成时是否选择了红色版头（真/假）", "{%p if 版头 %}"),
    ReportField("发文机关", "生成时填写的发文机关（落款）；未填时为待补充提示", "东湖区精神文明建设委员会"),
    ReportField("发文机关标志", "版头中的发文机关标志：发文机关加“文件”", "东湖区精神文明建设委员会文件"),
    ReportField("发文字号", "生成时填写的发文字号；未填时为待补充提示", "东文明委〔2025〕1号"),
    ReportField("文档作者", "文档属性中的作者：发文机关，未填时为范围", ""),
    ReportField("期间", "汇总的期间", "2022年至2024年"),
    ReportField("起始年份", "期间的起始年份（数字）", "2022"),
    ReportField("截止年份", "期间的截止年份（数字）", "2024"),
    ReportField("成文日期", "落款日期，写作 2026年3月5日（不补零）", "2026年3月5日"),
    ReportField("今天", "生成当天的日期", "2026年11月22日"),
)

SUMMARY_TOP_LEVEL_NAMES: frozenset[str] = frozenset(f.name.split(".")[0] for f in SUMMARY_FIELDS)
SUMMARY_ONLY_NAMES: frozenset[str] = SUMMARY_TOP_LEVEL_NAMES - TOP_LEVEL_NAMES
UNIT_ONLY_NAMES: frozenset[str] = TOP_LEVEL_NAMES - SUMMARY_TOP_LEVEL_NAMES


def uses_summary_fields(names: Iterable[str]) -> bool:
    """Whether a template's top-level names make it a summary: some only a summary has, none only a unit has."""
    top = {name.split(".")[0] for name in names}
    return bool(top & SUMMARY_ONLY_NAMES) and not top & UNIT_ONLY_NAMES


_SUMMARY_ATTRIBUTES = frozenset(f.name for f in SUMMARY_FIELDS if "." in f.name)


def known_summary_field(name: str) -> bool:
    """A field a summary provides: a top-level name, or one of its ready-made sentences (表述.现有荣誉)."""
    head = name.split(".")[0]
    if head not in SUMMARY_TOP_LEVEL_NAMES:
        return False
    return "." not in name or head != "表述" or name in _SUMMARY_ATTRIBUTES
