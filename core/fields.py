"""The editable fields of units, honours and materials: Chinese labels, kinds and validation.

One table serves the services (validation), the GUI (forms) and, later, import column
mapping and the report fields (单位.名称 …).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core import former_names
from core.credit_code import credit_code_problem, normalise_credit_code
from core.errors import FieldProblem, ValidationError
from core.partial_date import PartialDateError, parse_partial_date
from core.text import clean_text, to_halfwidth
from core.vocab import HONOUR_CATEGORIES, HONOUR_STATUSES, LEVELS, MATERIAL_TOPICS, UNIT_CATEGORIES


class Kind(enum.Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    NUMBER = "number"
    PARTIAL_DATE = "partial_date"
    DATE = "date"
    CHOICE = "choice"
    CREDIT_CODE = "credit_code"
    MAPPING = "mapping"
    # a dated list of former values: a unit's 曾用名 or 原属地区 with the dates they stopped
    # (core/former_names.py; the field's key says which: HISTORIES)
    FORMER_NAMES = "former_names"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    help: str = ""
    unit: str = ""  # of measurement, shown beside the label: 平方米
    maximum: float | None = (
        None  # largest value a number field takes (the database column's range is far wider)
    )


MAX_COUNT = 100_000_000  # people, classes, households: a city's population fits, a typo of 20 digits does not
MAX_AREA_M2 = 1e10  # 10,000 km²: larger than any unit's grounds

UNIT_FIELDS: tuple[Field, ...] = (
    Field("name", "名称", required=True, max_length=200, help="单位全称，如 宁波市荷花庄小学"),
    Field("short_name", "简称", max_length=100, help="常用简称，如 荷花庄小学"),
    Field(
        "former_names",
        "曾用名",
        Kind.FORMER_NAMES,
        help="改名前用过的名称及停用时间（年或年月），如 武侯区第二小学（至2015年）",
    ),
    Field("category", "类别", Kind.CHOICE, choices=UNIT_CATEGORIES),
    Field("supervisor", "主管部门", max_length=200),
    Field("region", "所在地区", max_length=200, help="如 浙江省宁波市江东区"),
    Field(
        "former_regions",
        "原属地区",
        Kind.FORMER_NAMES,
        help="区划调整前所属的地区及调整时间（年或年月），如 浙江省宁波市江东区（至2016年）",
    ),
    Field("address", "地址", max_length=300),
    Field("credit_code", "统一社会信用代码", Kind.CREDIT_CODE, help="18 位，末位为校验位"),
    Field("founded", "成立时间", Kind.PARTIAL_DATE, help="可只写年或年月：1989、1989-09"),
    Field("leader", "负责人", max_length=50),
    Field("leader_title", "负责人职务", max_length=50, help="如 校长、园长、局长"),
    Field("contact_person", "联系人", max_length=50),
    Field("phone", "联系电话", max_length=50),
    Field("staff_count", "职工人数", Kind.INTEGER, maximum=MAX_COUNT),
    Field("student_count", "学生人数", Kind.INTEGER, help="学校为学生数，幼儿园为幼儿数", maximum=MAX_COUNT),
    Field("class_count", "班级数", Kind.INTEGER, maximum=MAX_COUNT),
    Field("party_member_count", "党员人数", Kind.INTEGER, maximum=MAX_COUNT),
    Field("household_count", "户数", Kind.INTEGER, help="村、社区", maximum=MAX_COUNT),
    Field("population", "人口", Kind.INTEGER, help="村、社区", maximum=MAX_COUNT),
    Field(
        "land_area_m2",
        "占地面积",
        Kind.NUMBER,
        help="单位：平方米（1 亩约 666.7 平方米）",
        unit="平方米",
        maximum=MAX_AREA_M2,
    ),
    Field(
        "building_area_m2", "建筑面积", Kind.NUMBER, help="单位：平方米", unit="平方米", maximum=MAX_AREA_M2
    ),
    Field("profile", "单位简介", Kind.LONG_TEXT),
    Field("motto", "理念", Kind.LONG_TEXT, help="办学理念、校训、宗旨等"),
    Field("features", "特色", Kind.LONG_TEXT),
    Field("extra", "其他信息", Kind.MAPPING, help="登记表中无对应字段的列：名称 → 内容"),
)

HONOUR_FIELDS: tuple[Field, ...] = (
    Field("title", "称号", required=True, max_length=300, help="荣誉称号，如 省卫生先进单位"),
    Field("recipient", "获得者", max_length=100, help="空为单位集体荣誉；个人荣誉填姓名"),
    Field("level", "级别", Kind.CHOICE, choices=LEVELS),
    Field("grade", "等级", max_length=30, help="竞赛类荣誉的等级或名次，如 一等奖、第六名、金奖"),
    Field("awarded_by", "授予单位", max_length=200, help="如 省文明委、市委、市政府"),
    Field("awarded", "授予时间", Kind.PARTIAL_DATE, help="可只写年或年月：2019、2019-12、2019-12-05"),
    Field("document_no", "文号", max_length=100, help="表彰文件的文号，如 甘委发〔2018〕19号"),
    Field("certificate_no", "证书编号", max_length=100, help="证书上的编号（不同于文号）"),
    Field("valid_until", "有效期至", Kind.DATE, help="需复查的称号填有效期截止日"),
    Field("category", "荣誉类别", Kind.CHOICE, choices=HONOUR_CATEGORIES),
    Field("status", "状态", Kind.CHOICE, choices=HONOUR_STATUSES),
    Field("notes", "备注", Kind.LONG_TEXT),
    Field(
        "extra", "其他信息", Kind.MAPPING, help="登记表中无对应字段的列：名称 → 内容，如 指导教师、获奖项目"
    ),
)

MATERIAL_FIELDS: tuple[Field, ...] = (
    Field("year", "年度", Kind.INTEGER, required=True),
    Field("topic", "主题", Kind.CHOICE, required=True, choices=MATERIAL_TOPICS),
    Field("text", "内容", Kind.LONG_TEXT, required=True),
)


NAME_KEYS = ("name", "title")  # a unit's name and an honour's title


def name_form(text: str) -> str:
    """A unit name or honour title as stored, typed or imported: brackets in the Chinese (full-width)
    form, and no quotes wrapped round the whole of it."""
    text = text.replace("(", "（").replace(")", "）")
    if len(text) > 2 and (text[0], text[-1]) in (("“", "”"), ('"', '"')):
        text = text[1:-1].strip()
    return text


def field_by_key(fields: tuple[Field, ...], key: str) -> Field:
    for field in fields:
        if field.key == key:
            return field
    raise KeyError(key)


def clean_values(
    fields: tuple[Field, ...], data: Mapping[str, Any], *, partial: bool = False
) -> dict[str, Any]:
    """Check and normalise user values. Raises ValidationError naming every bad field.

    With partial=True only the keys present in data are checked (an update); otherwise
    missing required fields are problems too (a create).
    """
    known = {f.key: f for f in fields}
    unknown = [key for key in data if key not in known]
    if unknown:
        raise ValueError(f"unknown fields: {unknown}")
    cleaned: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for field in fields:
        if field.key not in data and partial:
            continue
        raw = data.get(field.key)
        try:
            value = _clean_one(field, raw)
        except _Problem as problem:
            shown = None if field.kind is Kind.FORMER_NAMES else raw  # its reason names the entry
            problems.append(FieldProblem(field.key, field.label, shown, str(problem)))
            continue
        if field.required and value in (None, ""):
            problems.append(FieldProblem(field.key, field.label, raw, "不能为空"))
            continue
        cleaned[field.key] = value
    if problems:
        raise ValidationError(problems)
    return cleaned


def history_of(field: Field) -> former_names.History:
    """What a FORMER_NAMES field lists: former names, or former regions."""
    return HISTORIES.get(field.key, former_names.NAMES)


HISTORIES = {"former_names": former_names.NAMES, "former_regions": former_names.REGIONS}


class _Problem(Exception):
    pass


def _clean_one(field: Field, raw: Any) -> Any:
    if field.kind is Kind.MAPPING:
        return _clean_mapping(raw)
    if field.kind is Kind.FORMER_NAMES:
        try:
            return former_names.clean(raw, history_of(field))
        except former_names.FormerNameError as error:
            raise _Problem(str(error)) from None
    if field.kind is Kind.PARTIAL_DATE:
        try:
            return parse_partial_date(raw)
        except PartialDateError as error:
            raise _Problem(str(error)) from None
    if field.kind is Kind.DATE:
        return _clean_date(raw)
    if isinstance(raw, str) or raw is None:
        text = clean_text(raw) if field.kind is not Kind.LONG_TEXT else _clean_long_text(raw)
        if text is None:
            return None
    else:
        text = raw
    if field.kind in (Kind.INTEGER, Kind.NUMBER):
        return _clean_number(text, integer=field.kind is Kind.INTEGER, maximum=field.maximum)
    text = str(text)
    if field.key in NAME_KEYS:
        text = name_form(text)
    if field.kind is Kind.CHOICE:
        if text not in field.choices:
            raise _Problem("不在可选范围内（可选：" + "、".join(field.choices) + "）")
        return text
    if field.kind is Kind.CREDIT_CODE:
        code = normalise_credit_code(text)
        reason = credit_code_problem(code)
        if reason:
            raise _Problem(reason)
        return code
    if field.max_length and len(text) > field.max_length:
        raise _Problem(f"过长（最多 {field.max_length} 个字）")
    return text


def _clean_long_text(raw: str | None) -> str | None:
    if raw is None:
        return None
    lines = [line.strip() for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    return text or None


def _clean_number(value: Any, *, integer: bool, maximum: float | None) -> int | float:
    if isinstance(value, bool):
        raise _Problem("不是数字")
    if isinstance(value, (int, float)):
        number = value
    else:
        text = to_halfwidth(str(value)).replace(",", "").replace("，", "").strip()
        try:
            number = float(text)
        except ValueError:
            raise _Problem("不是数字") from None
    problem = number_problem(number, integer=integer, maximum=maximum)
    if problem:
        raise _Problem(problem)
    return int(number) if integer else float(number)


def number_problem(number: float, *, integer: bool, maximum: float | None) -> str:
    """Why a number cannot be stored in a field (Chinese, to follow the value), or ""."""
    if number != number or number in (float("inf"), float("-inf")):
        return "不是有限的数字"
    if number < 0:
        return "不能为负数"
    if maximum is not None and number > maximum:
        return f"过大（最大 {maximum:,.0f}）"
    if integer and number != int(number):
        return "应为整数"
    return ""


def _clean_date(raw: Any) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        value = parse_partial_date(raw, allow_future=True)
    except PartialDateError as error:
        raise _Problem(str(error)) from None
    if value is None:
        return None
    if value.day is None:
        raise _Problem("应写到日，如 2027-12-31")
    return value.earliest()


def _clean_mapping(raw: Any) -> dict[str, str]:
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping):
        raise _Problem("应为“名称 → 内容”的列表")
    result: dict[str, str] = {}
    for key, value in raw.items():
        name, text = clean_text(key), clean_text(value)
        if name and text:
            result[name] = text
    return result
