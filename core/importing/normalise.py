"""Cell values as registers hold them, turned into field values: text, dates, levels, numbers."""

from __future__ import annotations

import datetime as dt
import re

from core.fields import name_form
from core.partial_date import PartialDate, PartialDateError, check_not_future, parse_partial_date
from core.text import halfwidth_alnum
from core.vocab import LEVELS, UNLEVELLED

# Excel's day 0 in the 1900 system (which counts the non-existent 1900-02-29, hence the 30th).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # 1954 … 2119: numbers in a date column this size are day serials

LEVEL_SYNONYMS: dict[str, str] = {
    **{level: level for level in LEVELS},
    **dict.fromkeys(("全国", "国家", "国家级", "中央", "部级", "全国性"), "国家级"),
    **dict.fromkeys(("省", "省部级", "省级", "自治区", "自治区级", "直辖市", "省市级"), "省级"),
    **dict.fromkeys(("市", "地市", "市级", "地市级", "地级", "地级市", "州", "州级", "盟"), "市级"),
    **dict.fromkeys(
        (
            "县",
            "区",
            "县级",
            "区级",
            "县区级",
            "县区",
            "县市区",
            "县(区)级",
            "县(市、区)级",
            "区县级",
            "县市级",
            "旗",
            "旗级",
        ),
        "县区级",
    ),
    **dict.fromkeys(
        ("乡", "镇", "街道", "乡镇", "乡镇级", "街道级", "乡级", "镇级", "乡镇街道", "苏木"), "乡镇级"
    ),
    **dict.fromkeys(
        ("校级", "院级", "园级", "所级", "局级内部", "单位内部", "单位", "内部", "本单位"), "单位内部"
    ),
}


class CellError(ValueError):
    """A cell value that cannot be used; the message (Chinese) says why."""


def cell_text(value: object) -> str | None:
    """A cell as the text it shows: numbers without a spurious ".0", full-width digits and
    letters made half-width (Chinese punctuation kept), spaces trimmed and collapsed; empty is None."""
    if value is None:
        return None
    if type(value) is str:  # the common case, kept fast: registers are mostly text
        return " ".join(halfwidth_alnum(value).split()) or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = halfwidth_alnum(str(value))
    return " ".join(text.split()) or None


def name_text(value: object) -> str | None:
    """A unit name or honour title: cell_text with brackets in the Chinese (full-width) form."""
    text = cell_text(value)
    return name_form(text) if text is not None else None


def long_text(value: object) -> str | None:
    """Multi-line prose: only trimmed; its Chinese punctuation is left alone."""
    if value is None:
        return None
    text = "\n".join(line.strip() for line in str(value).replace("\r\n", "\n").split("\n")).strip()
    return text or None


def cell_date(value: object, *, allow_future: bool = False) -> PartialDate | None:
    """A partial date from an Excel date, a day serial, a year number, 2019.12, or text in many forms.

    A term (2012-2013, 2012—2013学年) gives its last year. A date after today is refused unless
    allow_future (an expiry date)."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, dt.datetime):
            result = PartialDate.from_date(value.date())
        elif isinstance(value, dt.date):
            result = PartialDate.from_date(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            result = _number_date(value)
        else:
            text = _without_text_mark(cell_text(value))
            term = cell_term(text)
            result = PartialDate(term[1]) if term else _text_date(text)
        if result is not None and not allow_future:
            check_not_future(result)
    except PartialDateError as error:
        raise CellError(str(error)) from None
    return result


def _without_text_mark(text: str | None) -> str | None:
    """The text without the apostrophe Excel types before a value kept as text ('2021-05), which a
    paste from another program brings in as a character of the cell."""
    if text is not None and text[:1] == "'":
        return text[1:].strip() or None
    return text


_TERM = re.compile(
    r"^(?P<a>\d{4})\s*年?\s*(?:[-－—–~～至到]|——)\s*(?P<b>\d{4}|\d{2})\s*年?\s*(?P<kind>学年度|学年|年度)?$"
)
_MAX_TERM_YEARS = 10


def cell_term(value: object) -> tuple[int, int] | None:
    """The first and last year of a term written as 2012-2013, 2012—2013学年, 2012-13学年度; else None.

    2019-12 is a month, not a term: a two-digit end needs 学年/年度 and must follow the first year."""
    if not isinstance(value, str):
        return None
    match = _TERM.match(value.replace(" ", ""))
    if match is None:
        return None
    first, end = int(match["a"]), match["b"]
    if len(end) == 2:
        if not match["kind"]:
            return None
        last = first // 100 * 100 + int(end)
    else:
        last = int(end)
    if not 0 < last - first <= _MAX_TERM_YEARS:
        return None
    return first, last


_DIGITS_ONLY = re.compile(r"^\d{5,8}$")


def _text_date(text: str | None) -> PartialDate | None:
    if text is not None and _DIGITS_ONLY.match(text):
        if _is_serial_text(text):
            return _number_date(int(text))
        return compact_date(text)
    return parse_partial_date(text, allow_future=True)


def _is_serial_text(digits: str) -> bool:
    """A day serial kept as text (45413: a date column formatted as text after the dates were typed),
    not a year and month written together (20195 is 2019-5: its first four digits make a year)."""
    return (
        len(digits) == 5
        and not 1900 <= int(digits[:4]) <= 2200
        and _SERIAL_RANGE[0] <= int(digits) <= _SERIAL_RANGE[1]
    )


def compact_date(digits: str) -> PartialDate:
    """A date written without separators: 201912, 20191205; 2019121 only when one reading is a real date
    (2019-12-1 or 2019-1-21 cannot be told apart, and neither is chosen)."""
    year, rest = int(digits[:4]), digits[4:]
    splits = {
        1: [(rest, "")],
        2: [(rest, "")],
        3: [(rest[:1], rest[1:]), (rest[:2], rest[2:])],
        4: [(rest[:2], rest[2:])],
    }
    readings = []
    for month, day in splits[len(rest)]:
        try:
            readings.append(PartialDate(year, int(month), int(day) if day else None))
        except PartialDateError:
            continue
    if len(readings) == 1:
        return readings[0]
    if not readings:
        raise PartialDateError(f"“{digits}”不是可识别的日期（可写作 2019、2019-12 或 2019-12-05）")
    choices = "还是".join(r.chinese() for r in readings)
    raise PartialDateError(f"“{digits}”无法确定是{choices}，请写作 2019-12-01 这样的形式")


def _number_date(number: float) -> PartialDate:
    """A numeric cell: a year (2019), 2019.12 typed as a number, a day serial, or 20191205 typed as digits.

    2019.1 is read as January: Excel keeps 2019.10 as 2019.1 too, so the register decides that case
    from its other cells (see month_style)."""
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError("不是可识别的日期")
    if float(number).is_integer():
        whole = int(number)
        if 1900 <= whole <= 2200:
            return PartialDate(whole)
        if _SERIAL_RANGE[0] <= whole <= _SERIAL_RANGE[1]:
            return PartialDate.from_date(_EXCEL_EPOCH + dt.timedelta(days=whole))
        if 190_001 <= whole <= 22_001_231:
            return compact_date(str(whole))
    elif 1900 < number < 2200:
        year, _, fraction = repr(float(number)).partition(".")
        if len(fraction) <= 2:
            return PartialDate(int(year), int(fraction))
    elif _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:  # a date and time of day
        return PartialDate.from_date(_EXCEL_EPOCH + dt.timedelta(days=int(number)))
    raise CellError(f"数字 {cell_text(number)} 不是可识别的日期")


_TWO_DIGIT_MONTH = re.compile(r"(?:19|20|21)\d\d\.0[1-9]")


def month_style(value: object) -> str | None:
    """What a numeric year.month cell tells of how its column writes months: "two" for 2019.01 … 2019.09
    (two digits, so 2019.1 there is October), "ambiguous" for 2019.1 (January, or October written 2019.10),
    None otherwise."""
    if type(value) is str:  # a cell kept as text shows its digits as typed: 2019.05 there is evidence too
        return "two" if _TWO_DIGIT_MONTH.fullmatch(value.strip()) else None
    if type(value) is not float or not 1900 < value < 2200:
        return None
    fraction = repr(value).partition(".")[2]
    if len(fraction) == 2 and fraction[0] == "0":
        return "two"
    return "ambiguous" if fraction == "1" else None


UNLEVELLED_WORDS = frozenset({UNLEVELLED, "不详", "未知", "无级别"})


def cell_level(value: object) -> str | None:
    """One of the six levels, from the many ways registers write them; UNLEVELLED (未定级) when the
    register says the level is not known, which is kept so (no level is inferred for it)."""
    text = cell_text(value)
    if text is None:
        return None
    key = text.replace(" ", "").replace("（", "(").replace("）", ")")
    if key in UNLEVELLED_WORDS:
        return UNLEVELLED
    if key in LEVEL_SYNONYMS:
        return LEVEL_SYNONYMS[key]
    if key.endswith("级") and key[:-1] in LEVEL_SYNONYMS:
        return LEVEL_SYNONYMS[key[:-1]]
    raise CellError(f"级别“{text}”无法识别（可用：{'、'.join(LEVELS)}）")


_COUNT_WORDS = ("人", "名", "个", "户", "位", "班", "间")
# Area units to square metres. 1 亩 is 10000/15 m² exactly (the Chinese mu).
AREA_UNITS: dict[str, float] = {
    "平方米": 1.0,
    "平米": 1.0,
    "m2": 1.0,
    "m²": 1.0,
    "㎡": 1.0,
    "平方": 1.0,
    "万平方米": 10_000.0,
    "公顷": 10_000.0,
    "ha": 10_000.0,
    "平方公里": 1_000_000.0,
    "平方千米": 1_000_000.0,
    "km2": 1_000_000.0,
    "km²": 1_000_000.0,
    "亩": 10_000 / 15,
}
_NUMBER = re.compile(
    r"^(?P<n>[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|[-+]?inf(?:inity)?|nan)\s*(?P<unit>\D*)$", re.I
)


def cell_number(value: object, *, area: bool = False, unit: str | None = None) -> float | None:
    """A number from a cell: 1,234, 25人, 3.5亩. An area (area=True) comes back in square metres, its unit
    taken from the cell (100亩) or else from the column's header (unit: 占地面积(亩)); a count allows only
    the words of counting (人, 个, 户). Range is checked by the field (fields.number_problem)."""
    if value is None or value == "":
        return None
    factor = AREA_UNITS.get(unit or "", 1.0) if area else 1.0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _scaled(float(value), factor)
    text = (cell_text(value) or "").replace(",", "").replace("，", "")
    match = _NUMBER.match(text)
    if match is None:
        raise CellError(f"“{cell_text(value)}”不是数字")
    written = match["unit"].strip()
    if written:
        if area and written.lower() in AREA_UNITS:
            factor = AREA_UNITS[written.lower()]
        elif area or written not in _COUNT_WORDS:
            raise CellError(f"“{cell_text(value)}”的单位“{written}”无法识别")
    return _scaled(float(match["n"]), factor)


def _scaled(number: float, factor: float) -> float:
    return number if factor == 1.0 else round(number * factor, 2)


def header_unit(label: str) -> str | None:
    """The unit a header names in brackets: 占地面积（亩） → 亩; None when it names none."""
    match = re.search(r"[（(]\s*([^（()）]+?)\s*[)）]\s*$", label)
    if match is None:
        return None
    unit = match[1].replace("单位：", "").replace("单位:", "").strip().lower()
    return unit if unit in AREA_UNITS else None
