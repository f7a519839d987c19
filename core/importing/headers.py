"""Finding the header row of a register and mapping its columns to fields, by a table of synonyms."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from core.fields import HONOUR_FIELDS, MATERIAL_FIELDS, UNIT_FIELDS
from core.figure_dates import DATE_COLUMNS
from core.importing.normalise import cell_text

HEADER_SEARCH_ROWS = 20
_MAX_EXTRA_CHARS = 6  # a header may add this much to a synonym: 获得时间(年月), 单位名称(全称)
_MAX_WORDS_HEADER = 10  # the longest header read by its words (授奖单位名称), not by a synonym
IGNORE = "ignore"  # a column the user chose not to import ("不导入")
SERIAL = "serial"  # a 序号 column: its whole numbers only count rows; anything else in it is kept as extra
EXTRA = "unit.extra"  # a column kept as one of the unit's extra fields, under its header
HONOUR_EXTRA = "honour.extra"  # a column kept as one of the honour's extra fields, under its header
EXTRAS = (EXTRA, HONOUR_EXTRA)
EXTRA_PREFIX = "其他·"  # how an export marks extra-field columns, so that they import back as such
MATERIAL_YEAR, MATERIAL_TOPIC, MATERIAL_TEXT = "material.year", "material.topic", "material.text"

# target → header names registers use. Targets are "unit.<field>", "honour.<field>" and "material.<field>".
SYNONYMS: dict[str, tuple[str, ...]] = {
    "unit.name": (
        "单位名称",
        "单位",
        "学校名称",
        "学校",
        "名称",
        "单位全称",
        "获奖集体",
        "集体名称",
        "幼儿园名称",
        "机构名称",
        "所属单位",
        "受表彰单位",
        "被表彰单位",
        "受奖单位",
        "获奖集体名称",
        "申报单位",
        "参评单位",
        "创建单位",
        "村(社区)名称",
        "村名称",
        "社区名称",
        "所在单位",
        "工作单位",
    ),
    "unit.short_name": ("简称", "单位简称"),
    "unit.former_names": ("曾用名", "单位曾用名", "原名称", "原单位名称"),
    "unit.former_regions": ("原属地区", "原所属地区", "原所在地区", "区划调整前地区"),
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
        "奖励名称",
        "表彰项目",
        "表彰奖励名称",
        "获奖项目",
        "获奖项目名称",
        "称号名称",
        "荣誉称号名称",
        "获得荣誉称号",
        "获奖称号",
        "表彰称号",
        "颁奖名称",
        "奖励荣誉",
    ),
    "honour.level": (
        "级别",
        "荣誉级别",
        "获奖级别",
        "表彰级别",
        "奖项级别",
        "层级",
        "奖励级别",
        "荣誉层级",
        "获奖层次",
        "级次",
        "颁奖级别",
    ),
    "honour.grade": (
        "等级",
        "获奖等级",
        "奖项等级",
        "奖励等级",
        "名次",
        "获奖名次",
        "等次",
        "获奖等次",
        "奖次",
        "奖级",
        "等级名次",
        "等级(名次)",
        "获奖档次",
    ),
    "honour.awarded_by": (
        "授予单位",
        "颁发单位",
        "授予机关",
        "发证机关",
        "颁奖单位",
        "授奖单位",
        "授奖部门",
        "授奖机关",
        "授予部门",
        "颁发部门",
        "颁奖部门",
        "颁奖机构",
        "表彰部门",
        "表彰机关",
        "发文单位",
        "发文机关",
        "授予机构",
        "评选单位",
        "奖励单位",
        "发证单位",
        "发证部门",
        "认定单位",
        "命名单位",
        "批准单位",
        "主办单位",
    ),
    "honour.awarded": (
        "获得时间",
        "授予时间",
        "时间",
        "年度",
        "获奖时间",
        "获奖日期",
        "授奖时间",
        "授奖日期",
        "表彰时间",
        "表彰日期",
        "颁奖时间",
        "颁奖日期",
        "颁发时间",
        "颁发日期",
        "发证时间",
        "发证日期",
        "命名时间",
        "认定时间",
        "批准时间",
        "获得年份",
        "获奖年份",
        "年份",
        "日期",
        "授予日期",
        "获得日期",
        "获奖年度",
        "表彰年度",
        "发文时间",
        "发文日期",
        "年月",
    ),
    "honour.document_no": (
        "文号",
        "文件号",
        "发文字号",
        "文件文号",
        "表彰文号",
        "批准文号",
        "发文文号",
        "表彰文件文号",
        "命名文号",
        "文件编号",
    ),
    "honour.certificate_no": (
        "证书编号",
        "证书号",
        "证书号码",
        "证号",
        "获奖证书编号",
        "荣誉证书编号",
        "奖状编号",
        "证书编码",
    ),
    "honour.recipient": (
        "获得者",
        "获奖人",
        "获奖者",
        "获奖人员",
        "获奖个人",
        "获奖人姓名",
        "获奖教师",
        "获奖学生",
        "受表彰个人",
        "姓名",
        "获得人",
        "获得者姓名",
    ),
    "honour.valid_until": ("有效期至", "有效期", "有效期限", "复查时间", "到期时间"),
    "honour.category": ("荣誉类别", "荣誉类型", "奖项类别", "奖项类型", "表彰类别"),
    "honour.status": ("状态", "荣誉状态"),
    "honour.notes": ("备注", "说明", "备注说明", "附注"),
    MATERIAL_TOPIC: ("主题", "材料主题", "材料类别"),
    MATERIAL_TEXT: ("内容", "材料内容", "正文", "材料正文"),
    SERIAL: ("序号", "No", "NO", "No.", "序"),
    IGNORE: ("错误原因",),  # the column HonourDesk adds to the rejected rows it saves
}
# Header words that name two things; the column's values decide (columns.py).
AMBIGUOUS: dict[str, tuple[str, str]] = {
    "获奖单位": ("unit.name", "honour.awarded_by"),  # the unit that won, or the body that gave it
    "表彰单位": ("honour.awarded_by", "unit.name"),
}
MATERIAL_YEAR_SYNONYMS = ("年度", "年份", "材料年度")  # in a materials register

TARGET_LABELS: dict[str, str] = {
    **{f"unit.{f.key}": f"单位·{f.label}" for f in UNIT_FIELDS},
    **{f"honour.{f.key}": f"荣誉·{f.label}" for f in HONOUR_FIELDS},
    **{f"material.{f.key}": f"材料·{f.label}" for f in MATERIAL_FIELDS},
    SERIAL: "序号（不导入）",
    IGNORE: "不导入",
}

# Words that show what a header names when no synonym is exact, most specific first: (pattern, target, the
# words as the preview quotes them).
_WORD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), target)
    for pattern, target in (
        (r"证书.*(?:编号|号码|号)|证号", "honour.certificate_no"),
        (r"文号|文件号|发文字号", "honour.document_no"),
        (r"信用代码|机构代码", "unit.credit_code"),
        (
            r"(?:授|颁|表彰|评选|命名|认定|发证|批准|主办|奖励).*(?:单位|机关|部门|机构|组织)",
            "honour.awarded_by",
        ),
        (r"有效期|到期|复查", "honour.valid_until"),
        (r"成立|建校|建园|始建|组建", "unit.founded"),
        (r"等级|名次|等次|奖次|档次", "honour.grade"),
        (r"级别|层级|层次", "honour.level"),
        (r"时间|日期|年度|年份|年月", "honour.awarded"),
        (r"获奖人|获得者|获奖者|姓名", "honour.recipient"),
        (r"称号|荣誉|奖项|奖励|获奖名称|表彰名称", "honour.title"),
        (r"电话|手机", "unit.phone"),
        (r"地址", "unit.address"),
        (r"备注|附注", "honour.notes"),
    )
)

_NOISE = re.compile(r"[\s*※:：]|（必填）|\(必填\)|（选填）|\(选填\)")
_EXACT: dict[str, str] = {}
for _target, _names in SYNONYMS.items():
    for _name in _names:
        _EXACT.setdefault(_name.replace("（", "(").replace("）", ")").lower(), _target)
# A unit's own credit code and founding date also make sense on an honour row; the title is what
# makes a sheet an honour register, the text what makes it a materials register.
IDENTIFYING = {"unit.name", "honour.title"}


def header_key(label: object) -> str:
    """A header cell reduced for matching: half-width, no spaces, stars, colons or 必填 marks."""
    text = cell_text(label) or ""
    text = text.replace("（", "(").replace("）", ")")
    return _NOISE.sub("", text).lower()


@dataclass(frozen=True)
class HeaderMatch:
    """What a header names and how sure that is: "synonym" (a known header word), "guess" (by the words
    it contains; why says which) or "ambiguous" (two things; the column's values decide)."""

    target: str
    how: str
    why: str = ""


def match_column(label: object) -> HeaderMatch | None:
    """The target a header names, or None: an exact synonym first, then its words, then a synonym it holds."""
    return _match_key(header_key(label))


@lru_cache(maxsize=4096)  # the header search tries every cell of the first rows, some of them twice
def _match_key(key: str) -> HeaderMatch | None:
    if not key:
        return None
    if key.startswith(EXTRA_PREFIX):
        return HeaderMatch(EXTRA, "synonym")
    bare = re.sub(r"\(.*?\)$", "", key)  # 获得时间(年月) → 获得时间
    for candidate in (key, bare):
        if candidate in AMBIGUOUS:
            return HeaderMatch(AMBIGUOUS[candidate][0], "ambiguous")
        if candidate in _EXACT:
            return HeaderMatch(_EXACT[candidate], "synonym")
    if len(bare) <= _MAX_WORDS_HEADER:  # a long cell holding such a word is data, not a header
        for pattern, target in _WORD_RULES:
            found = pattern.search(bare)
            if found:
                return HeaderMatch(target, "guess", f"列标题含“{found[0]}”")
    # A header is short: a long cell that merely contains a synonym is data, not a header.
    held = [
        name
        for name, target in _EXACT.items()
        if len(name) >= 2
        and target not in (IGNORE, SERIAL)
        and name in key
        and len(key) <= len(name) + _MAX_EXTRA_CHARS
    ]
    if held:
        name = max(held, key=len)
        return HeaderMatch(_EXACT[name], "guess", f"列标题含“{name}”")
    return None


def ambiguous_targets(label: object) -> tuple[str, str]:
    """The two things an ambiguous header (获奖单位) may name, the more usual first; () for any other."""
    key = header_key(label)
    return AMBIGUOUS.get(key) or AMBIGUOUS.get(re.sub(r"\(.*?\)$", "", key)) or ()  # type: ignore[return-value]


def match_header(label: object) -> str | None:
    """The target a header names, or None (see match_column)."""
    found = match_column(label)
    return found.target if found else None


@dataclass
class HeaderGuess:
    """Where the header is and what each column holds."""

    index: int  # position in the rows given
    row_number: int  # Excel row number of the (lower) header row
    depth: int  # 1, or 2 for a two-level header
    labels: list[str]  # one label per column ("" for an unnamed column)
    mapping: dict[int, str] = field(default_factory=dict)  # column → target
    matches: dict[int, HeaderMatch] = field(default_factory=dict)  # how each mapped column was recognised

    @property
    def kind(self) -> str:
        return register_kind(self.mapping)

    @property
    def signature(self) -> str:
        """Identifies a header layout, to remember a confirmed mapping for files shaped alike."""
        return "|".join(header_key(label) for label in self.labels)


def register_kind(mapping: dict[int, str]) -> str:
    """'honours' when a column holds honour titles, 'materials' when one holds the text of work material,
    else 'units'."""
    targets = set(mapping.values())
    if "honour.title" in targets:
        return "honours"
    return "materials" if MATERIAL_TEXT in targets else "units"


def extra_target(kind: str) -> str:
    """Where a column without a field of its own is kept: the honour's extra fields on an honour register,
    else the unit's."""
    return HONOUR_EXTRA if kind == "honours" else EXTRA


_FIGURE_DATE_KEYS = frozenset(header_key(name) for name in DATE_COLUMNS)  # in a units register


def match_columns(labels: Sequence[str]) -> dict[int, HeaderMatch]:
    """Each recognisable column with its match; the first column wins when two name the same field.

    On a materials register (a 内容 column, no title) 年度 is the material's year; elsewhere the
    material targets mean nothing and are left to be kept as extra fields."""
    matches: dict[int, HeaderMatch] = {}
    taken: set[str] = set()
    for column, label in enumerate(labels):
        found = match_column(label)
        if found is not None and found.how == "ambiguous" and found.target in taken:
            other = next(t for t in ambiguous_targets(label) if t != found.target)
            found = HeaderMatch(other, "ambiguous")  # the values decide (columns.py); this is the first guess
        if found is None or (found.target in taken and found.target not in (IGNORE, SERIAL, EXTRA)):
            continue
        matches[column] = found
        taken.add(found.target)
    kind = register_kind({c: m.target for c, m in matches.items()})
    for column, found in list(matches.items()):
        if found.target == EXTRA:  # 其他·…: the extra fields of what each row records
            matches[column] = HeaderMatch(extra_target(kind), found.how)
        elif kind == "materials" and header_key(labels[column]) in MATERIAL_YEAR_SYNONYMS:
            matches[column] = HeaderMatch(MATERIAL_YEAR, "synonym")
        elif kind != "materials" and found.target.startswith("material."):
            del matches[column]
        elif kind == "units" and header_key(labels[column]) in _FIGURE_DATE_KEYS:
            matches[column] = HeaderMatch(EXTRA, "synonym")  # 统计时间: its figures' date (figure_dates)
    return matches


def map_columns(labels: Sequence[str]) -> dict[int, str]:
    """Each recognisable column to its target (see match_columns)."""
    return {column: found.target for column, found in match_columns(labels).items()}


def _score(matches: dict[int, HeaderMatch]) -> int:
    """How much a row looks like a header: it must name a unit or a title column and one more. A column
    recognised only by its words counts half as much as a known header word."""
    targets = {m.target: m.how for m in matches.values() if m.target not in (IGNORE, SERIAL)}
    if not set(targets) & IDENTIFYING or len(targets) < 2:
        return 0
    return sum(1 if how == "guess" else 2 for how in targets.values()) + 4


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
            guess.matches = match_columns(guess.labels)
            guess.mapping = {column: found.target for column, found in guess.matches.items()}
            points = _score(guess.matches)
            if points and (best is None or points * 2 + bias > best[0]):
                best = (points * 2 + bias, guess)
    return best[1] if best else None
