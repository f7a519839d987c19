"""Cell values as registers hold them, turned into field values: text, dates, levels, numbers."""

from __future__ import annotations

import datetime as dt
import re

from core.partial_date import PartialDate, PartialDateError, check_not_future, parse_partial_date
from core.text import halfwidth_alnum
from core.vocab import LEVELS

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
    if text is None:
        return None
    text = text.replace("(", "（").replace(")", "）")
    if len(text) > 2 and (text[0], text[-1]) in (("“", "”"), ('"', '"')):  # a title wrapped whole in quotes
        text = text[1:-1].strip()
    return text


def long_text(value: object) -> str | None:
    """Multi-line prose: only trimmed; its Chinese punctuation is left alone."""
    if value is None:
        return None
    text = "\n".join(line.strip() for line in str(value).replace("\r\n", "\n").split("\n")).strip()
    return text or None


def cell_date(value: object, *, allow_future: bool = False) -> PartialDate | None:
    """A partial date from an Excel date, a day serial, a year number, 2019.12, or text in many forms.

    A date after today is refused unless allow_future (an expiry date)."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, dt.datetime):
            result = PartialDate.from_date(value.date())
        elif isinstance(value, dt.date):
            result = PartialDate.from_date(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            result = _number_date(float(value))
        else:
            result = parse_partial_date(cell_text(value), allow_future=True)
        if result is not None and not allow_future:
            check_not_future(result)
    except PartialDateError as error:
        raise CellError(str(error)) from None
    return result


def _number_date(number: float) -> PartialDate:
    if number.is_integer() and 1900 <= number <= 2200:
        return PartialDate(int(number))
    if 1900 < number < 2200:  # typed 2019.12; Excel keeps 2019.1 for both 2019.1 and 2019.10: January
        year, fraction = f"{number:.2f}".split(".")
        return PartialDate(int(year), int(fraction[0]) if fraction[1] == "0" else int(fraction))
    if _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        return PartialDate.from_date(_EXCEL_EPOCH + dt.timedelta(days=int(number)))
    raise CellError(f"数字 {cell_text(number)} 不是可识别的日期")


def cell_level(value: object) -> str | None:
    """One of the six levels, from the many ways registers write them."""
    text = cell_text(value)
    if text is None:
        return None
    key = text.replace(" ", "").replace("（", "(").replace("）", ")")
    if key in LEVEL_SYNONYMS:
        return LEVEL_SYNONYMS[key]
    if key.endswith("级") and key[:-1] in LEVEL_SYNONYMS:
        return LEVEL_SYNONYMS[key[:-1]]
    raise CellError(f"级别“{text}”无法识别（可用：{'、'.join(LEVELS)}）")


def cell_number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = (cell_text(value) or "").replace(",", "")
    text = re.sub(r"(平方米|平米|m2|㎡|人|个|户|亩)$", "", text)
    try:
        return float(text)
    except ValueError:
        raise CellError(f"“{cell_text(value)}”不是数字") from None
