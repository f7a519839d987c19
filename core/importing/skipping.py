"""Rows below a register's header that are not data: hidden rows, totals, the header repeated on each
printed page, and the sign-off footer (填表人、审核人、联系电话、备注、说明 …). Each is skipped and named
with its reason; none is ever an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.importing.headers import IDENTIFYING, SYNONYMS, HeaderGuess, header_key, match_columns
from core.importing.readers import Row

HIDDEN = "隐藏的行"
TOTAL = "合计行"
REPEATED_HEADER = "重复的表头"
FOOTER = "表尾的填表人、审核人、说明等"
OTHER_HEADER = "另起的表头，各列与原表头不同，其下各行未导入"
_LABEL_LENGTH = 12  # a header cell is short: longer cells are never looked up as header words
# The words a header names a unit or title column with, as written (spaces aside): a data row's cell in
# such a column is never one of them, so only a row holding one is looked at as a header.
_NAME_WORDS = frozenset(word for target in IDENTIFYING for word in SYNONYMS.get(target, ()))
_NAME_STARTS = frozenset(word[0] for word in _NAME_WORDS if word)

TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_TOTAL_STARTS = frozenset({word[0] for word in TOTAL_WORDS} | {" ", "\u3000"})  # a total's first character
# Words that begin a footer line and never a unit's name, and words that do when a colon follows (注1：).
_SURE_FOOTER = (
    "填表人",
    "填报人",
    "制表人",
    "审核人",
    "审批人",
    "签字",
    "填表日期",
    "填报日期",
    "制表日期",
    "报送日期",
)
_FOOTER_WORDS = ("制表", "审核", "联系电话", "联系人", "经办人", "备注", "说明", "注")
_FOOTER = re.compile(rf"^(?:{'|'.join(_SURE_FOOTER)})|^(?:{'|'.join(_FOOTER_WORDS)})\d*(?:[:：]|$)")
_FOOTER_STARTS = frozenset(word[0] for word in _SURE_FOOTER + _FOOTER_WORDS)
# The signature block: 单位负责人（签字）：, 负责人签名：, （单位盖章）. A unit's name never ends so.
_SIGNATURE = re.compile(r"^[（(]?[\u4e00-\u9fff]{0,8}[（(]?(?:签字|签名|签章|盖章)[)）]?(?:[:：]|$)")
_SIGNATURE_WITHIN = 14  # characters of a cell its 签/章 is looked for in
_SPACES = re.compile(r"[ \u3000]+")


@dataclass(frozen=True)
class SkippedRow:
    number: int  # Excel row number
    reason: str  # HIDDEN, TOTAL, REPEATED_HEADER or FOOTER


class RowSkipper:
    """Decides, row by row from the header down, which rows are not data, and why."""

    def __init__(self, header: HeaderGuess, mapping: dict[int, str] | None = None) -> None:
        self._key_columns = _key_columns(header)
        self._name_columns = [c for c, t in header.mapping.items() if t == "unit.name"]
        self._in_footer = False
        mapping = header.mapping if mapping is None else mapping
        self._layout = {c: t for c, t in mapping.items() if t in IDENTIFYING}  # unit name, title columns
        self.other_header: int | None = None  # the row of a header with other columns the rows are under

    def reason(self, row: Row) -> str | None:
        """Why the row is skipped, or None for a data row (or a blank one)."""
        if row.hidden:
            return HIDDEN
        values = row.values
        if self._in_footer and not self._names_a_unit(values):
            return FOOTER  # the footer's further lines: 1. 级别填写…
        first = (
            values[0]
            if values and values[0] is not None
            else next((v for v in values if v is not None), None)
        )
        if type(first) is str and (
            (first[:1] in _FOOTER_STARTS and _FOOTER.match(_SPACES.sub("", first))) or _is_signature(first)
        ):
            self._in_footer = True
            return FOOTER
        if _is_total(values):
            return TOTAL
        if self._repeats_header(values):
            self.other_header = None
            return REPEATED_HEADER
        layout = self._header_layout(values)
        if layout is not None:
            same = all(layout.get(c) == t for c, t in self._layout.items())
            self.other_header = None if same else row.number
            return REPEATED_HEADER if same else OTHER_HEADER
        return None

    def _header_layout(self, values: list[object]) -> dict[int, str] | None:
        """The identifying columns of a row that is a header (the first layout in other words, or another
        one), else None. Only a row whose name or title cell is a header word is looked at closely."""
        for column in self._layout:  # a loop, not any(): this runs on every data row
            value = values[column] if column < len(values) else None
            if type(value) is str and value.lstrip(" \u3000")[:1] in _NAME_STARTS and _is_name_word(value):
                break
        else:
            return None
        matches = match_columns([_label(values, c) for c in range(len(values))])
        words = {m.target for m in matches.values() if m.how == "synonym"}
        if len(words) < 2 or not words & IDENTIFYING:
            return None
        return {c: m.target for c, m in matches.items() if m.target in IDENTIFYING}

    def _names_a_unit(self, values: list[object]) -> bool:
        return any(c < len(values) and values[c] is not None for c in self._name_columns)

    def _repeats_header(self, values: list[object]) -> bool:
        if not self._key_columns:
            return False
        for column, (label_key, witness) in self._key_columns.items():
            value = values[column] if column < len(values) else None
            if not isinstance(value, str) or (witness is not None and witness not in value):
                return False  # the witness test spares header_key() on nearly every data row
            if header_key(value) != label_key:
                return False
        return True


def _is_signature(text: str) -> bool:
    head = text[:_SIGNATURE_WITHIN]
    return ("签" in head or "章" in head) and _SIGNATURE.match(_SPACES.sub("", text)) is not None


def _is_name_word(text: str) -> bool:
    """单位名称, 荣誉 称号: a header word of the identifying columns."""
    return len(text) <= _LABEL_LENGTH and _SPACES.sub("", text) in _NAME_WORDS


def _label(values: list[object], column: int) -> str:
    """The cell as a header word it might be: short text, else ""."""
    value = values[column] if column < len(values) else None
    return value if isinstance(value, str) and len(value) <= _LABEL_LENGTH else ""


def _is_total(values: list[object]) -> bool:
    """合计/总计/小计 in one of the first cells."""
    for value in values[:3]:
        if (
            isinstance(value, str)
            and value[:1] in _TOTAL_STARTS  # spares the replacing on nearly every row
            and value.replace(" ", "").replace("\u3000", "").startswith(TOTAL_WORDS)
        ):
            return True
    return False


def _key_columns(header: HeaderGuess) -> dict[int, tuple[str, str | None]]:
    """The columns whose header text, found again in a data row, marks a repeated header: each with its
    header key and a character any cell reducing to that key holds as it is (None when there is none)."""
    keys = {
        c: header_key(header.labels[c])
        for c, t in header.mapping.items()
        if t in ("unit.name", "honour.title") and c < len(header.labels) and header.labels[c]
    }
    return {c: (key, _witness(key)) for c, key in keys.items()}


def _witness(key: str) -> str | None:
    """A Chinese character of the key: header_key() only drops characters, folds width and case and
    unifies brackets, so it never makes one out of something else; a cell without it cannot match."""
    return next((ch for ch in key if "\u4e00" <= ch <= "\u9fff"), None)
