"""Finding the header row of a register and mapping its columns to fields, by a table of synonyms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.fields import HONOUR_FIELDS, UNIT_FIELDS
from core.importing.normalise import cell_text

HEADER_SEARCH_ROWS = 20
_MAX_EXTRA_CHARS = 6  # a header may add this much to a synonym: 获得时间(年月), 单位名称(全称)
IGNORE = "ignore"  # a column deliberately not imported (序号)
EXTRA = "unit.extra"  # a column kept as one of the unit's extra fields, under its header
EXTRA_PREFIX = "其他·"  # how an export marks extra-field columns, so that they import back as such

# target → header names registers use. Targets are "unit.<field>" and "honour.<field>".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit.name": (
        "单位名称",
        "单位",
        "学校名称",
        "学校",
        "名称",
        "单位全称",
        "获奖单位",
        "获奖集体",
        "集体名称",
        "幼儿园名称",
        "机构名称",
        "所属单位",
        "受表彰单位",
        "申报单位",
        "村(社区)名称",
        "村名称",
    ),
    "unit.short_name": ("简称", "单位简称"),
    "unit.category": ("类别", "单位类别", "单位类型", "类型", "单位性质", "性质"),
    "unit.supervisor": ("主管部门", "主管单位", "上级主管部门", "上级单位", "归口部门"),
    "unit.region": ("所在地区", "地区", "区域", "所属地区", "行政区划", "所在区县", "县区", "乡镇(街道)"),
    "unit.address": ("地址", "单位地址", "通讯地址", "详细地址", "办公地址"),
    "unit.credit_code": ("统一社会信用代码", "信用代码", "社会信用代码", "组织机构代码", "统一代码"),
    "unit.founded": (
        "成立时间",
        "成立日期",
        "建校时间",
        "创建时间",
        "始建时间",
        "成立年份",
        "建园时间",
        "组建时间",
    ),
    "unit.leader": (
        "负责人",
        "单位负责人",
        "法定代表人",
        "校长",
        "园长",
        "局长",
        "主要负责人",
        "法人代表",
        "书记",
    ),
    "unit.leader_title": ("负责人职务", "职务"),
    "unit.contact_person": ("联系人", "填报人", "经办人"),
    "unit.phone": ("联系电话", "电话", "手机", "联系方式", "手机号码", "办公电话"),
    "unit.staff_count": (
        "职工人数",
        "职工数",
        "教职工数",
        "教职工人数",
        "在编人数",
        "干部职工人数",
        "员工人数",
        "人数",
    ),
    "unit.student_count": (
        "学生人数",
        "学生数",
        "在校学生数",
        "在校生数",
        "幼儿人数",
        "在园幼儿数",
        "幼儿数",
    ),
    "unit.class_count": ("班级数", "教学班数", "班数", "班级"),
    "unit.party_member_count": ("党员人数", "党员数"),
    "unit.household_count": ("户数", "总户数"),
    "unit.population": ("人口", "总人口", "人口数"),
    "unit.land_area_m2": ("占地面积", "占地面积(平方米)", "占地"),
    "unit.building_area_m2": ("建筑面积", "建筑面积(平方米)", "校舍面积"),
    "unit.profile": ("单位简介", "简介", "基本情况", "单位概况"),
    "unit.motto": ("理念", "办学理念", "校训", "宗旨", "办园理念"),
    "unit.features": ("特色", "办学特色", "工作特色", "特色亮点"),
    "honour.title": (
        "荣誉称号",
        "荣誉名称",
        "称号",
        "奖项名称",
        "荣誉",
        "奖项",
        "获奖名称",
        "表彰名称",
        "获奖情况",
        "荣誉奖项",
        "所获荣誉",
        "获得荣誉",
        "荣誉内容",
    ),
    "honour.level": ("级别", "荣誉级别", "获奖级别", "表彰级别", "奖项级别", "层级"),
    "honour.awarded_by": (
        "授予单位",
        "颁发单位",
        "授予机关",
        "发证机关",
        "颁奖单位",
        "表彰单位",
        "授予部门",
        "颁发部门",
        "发文单位",
        "授予机构",
        "评选单位",
    ),
    "honour.awarded": (
        "获得时间",
        "授予时间",
        "时间",
        "年度",
        "获奖时间",
        "表彰时间",
        "颁发时间",
        "获得年份",
        "年份",
        "日期",
        "授予日期",
        "获奖年度",
        "发文时间",
    ),
    "honour.document_no": ("文号", "文件号", "发文字号", "文件文号", "表彰文号", "批准文号"),
    "honour.recipient": ("获得者", "获奖人", "获奖个人", "姓名", "获得人"),
    "honour.valid_until": ("有效期至", "有效期", "有效期限", "复查时间", "到期时间"),
    "honour.category": ("荣誉类别", "荣誉类型", "奖项类别"),
    "honour.status": ("状态", "荣誉状态"),
    "honour.notes": ("备注", "说明"),
    IGNORE: ("序号", "编号", "No", "NO", "No.", "序", "错误原因"),
}

TARGET_LABELS: dict[str, str] = {
    **{f"unit.{f.key}": f"单位·{f.label}" for f in UNIT_FIELDS},
    **{f"honour.{f.key}": f"荣誉·{f.label}" for f in HONOUR_FIELDS},
    IGNORE: "（不导入）",
}
TARGET_LABELS["unit.extra"] = "单位·其他信息"

_NOISE = re.compile(r"[\s*※:：]|（必填）|\(必填\)|（选填）|\(选填\)")
_EXACT: dict[str, str] = {}
for _target, _names in SYNONYMS.items():
    for _name in _names:
        _EXACT.setdefault(_name.lower(), _target)
# A unit's own credit code and founding date also make sense on an honour row; the title is what
# makes a sheet an honour register.
IDENTIFYING = {"unit.name", "honour.title"}


def header_key(label: object) -> str:
    """A header cell reduced for matching: half-width, no spaces, stars, colons or 必填 marks."""
    text = cell_text(label) or ""
    text = text.replace("（", "(").replace("）", ")")
    return _NOISE.sub("", text).lower()


def match_header(label: object) -> str | None:
    """The target a header names, or None. Exact synonym first, then the longest synonym it contains."""
    key = header_key(label)
    if not key:
        return None
    if key.startswith(EXTRA_PREFIX):
        return EXTRA
    if key in _EXACT:
        return _EXACT[key]
    bare = re.sub(r"\(.*?\)$", "", key)  # 获得时间(年月) → 获得时间
    if bare in _EXACT:
        return _EXACT[bare]
    # A header is short: a long cell that merely contains a synonym is data, not a header.
    found = [
        (len(name), target)
        for name, target in _EXACT.items()
        if len(name) >= 2 and name in key and len(key) <= len(name) + _MAX_EXTRA_CHARS
    ]
    return max(found, key=lambda item: item[0])[1] if found else None


@dataclass
class HeaderGuess:
    """Where the header is and what each column holds."""

    index: int  # position in the rows given
    row_number: int  # Excel row number of the (lower) header row
    depth: int  # 1, or 2 for a two-level header
    labels: list[str]  # one label per column ("" for an unnamed column)
    mapping: dict[int, str] = field(default_factory=dict)  # column → target

    @property
    def kind(self) -> str:
        """'honours' when a column holds honour titles, else 'units'."""
        return "honours" if "honour.title" in self.mapping.values() else "units"

    @property
    def signature(self) -> str:
        """Identifies a header layout, to remember a confirmed mapping for files shaped alike."""
        return "|".join(header_key(label) for label in self.labels)


def map_columns(labels: Sequence[str]) -> dict[int, str]:
    """Each recognisable column to its target; the first column wins when two name the same target."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for column, label in enumerate(labels):
        target = match_header(label)
        if target is None or (target in taken and target not in (IGNORE, EXTRA)):
            continue
        mapping[column] = target
        taken.add(target)
    return mapping


def _score(mapping: dict[int, str]) -> int:
    """How much a row looks like a header: it must name a unit or a title column and one more."""
    targets = set(mapping.values()) - {IGNORE}
    if not targets & IDENTIFYING or len(targets) < 2:
        return 0
    return len(targets) + 2


def _two_level(upper: Sequence[object], lower: Sequence[object]) -> list[str]:
    """Labels of a two-level header: the lower label where there is one, else the upper one
    (a cell merged down over both rows, such as 序号)."""
    width = max(len(upper), len(lower))

    def text(row: Sequence[object], column: int) -> str:
        return (cell_text(row[column]) if column < len(row) else None) or ""

    return [text(lower, c) or text(upper, c) for c in range(width)]


def detect_header(rows: Sequence[Sequence[object]], row_numbers: Sequence[int]) -> HeaderGuess | None:
    """The best header among the first rows: a single row, or two rows whose upper one groups columns."""
    best: tuple[int, HeaderGuess] | None = None
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    for index in range(limit):
        single = [cell_text(v) or "" for v in rows[index]]
        candidates = [(HeaderGuess(index, row_numbers[index], 1, single), 0)]
        if index + 1 < len(rows):
            combined = _two_level(rows[index], rows[index + 1])
            candidates.append((HeaderGuess(index + 1, row_numbers[index + 1], 2, combined), -1))
        for guess, bias in candidates:
            guess.mapping = map_columns(guess.labels)
            score = _score(guess.mapping) * 2 + bias
            if _score(guess.mapping) >= 3 and (best is None or score > best[0]):
                best = (score, guess)
    return best[1] if best else None
