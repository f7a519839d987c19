"""Fixed vocabularies of the domain."""

from __future__ import annotations

LEVELS: tuple[str, ...] = ("国家级", "省级", "市级", "县区级", "乡镇级", "单位内部")
UNLEVELLED = "未定级"  # the level filters' choice for honours whose level is not recorded

UNIT_CATEGORIES: tuple[str, ...] = ("学校", "幼儿园", "机关", "事业单位", "企业", "村", "社区", "其他")
UNCATEGORISED = "未分类"  # how an export writes a unit without a category, so that none is inferred

HONOUR_CATEGORIES: tuple[str, ...] = (
    "综合",
    "文明创建",
    "党建",
    "教育教学",
    "文化艺术",
    "体育卫生",
    "平安法治",
    "其他",
)

HONOUR_STATUSES: tuple[str, ...] = ("有效", "已撤销", "待复查")
DEFAULT_HONOUR_STATUS = "有效"

MATERIAL_TOPICS: tuple[str, ...] = (
    "基本情况",
    "主要做法",
    "工作成效",
    "特色亮点",
    "存在问题",
    "整改措施",
    "下一步打算",
)

TEMPLATE_KINDS: tuple[str, ...] = (
    "情况汇报",
    "申报材料",
    "自查报告",
    "工作总结",
    "亮点汇报",
    "荣誉一览表",
    "其他",
)


def level_rank(level: str | None) -> int:
    """Sort key: 国家级 first, unknown last."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)
