"""Rows and cell values as every reader hands them on: typed, text normalised, unusable cells named.

Cell values are str, int, float, bool, datetime.date, datetime.datetime or None: empty and blank text
become None, a datetime at midnight becomes a date, a whole-number float becomes an int, times of day and
durations become text ("10:10:10", "250:10:10").

Text is normalised per cell, so that look-alikes are one value: NFC; zero-width spaces and joiners, soft
hyphens, byte-order marks and bidi marks (RLO …) removed; tabs become spaces and other line breaks "\\n";
leading and trailing spaces trimmed. A cell holding any other control character is not used: its value
is None and the row names it as a Flaw, as it names a formula whose result the file does not hold.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_HARMLESS = str.maketrans(
    {**dict.fromkeys(_INVISIBLE), "\t": " ", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"}
)
# Anything the translation or the control check is for; most cells hold none of it.
_SUSPECT = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_INVISIBLE}]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MEMO_LIMIT = 200_000  # distinct texts remembered per file: registers repeat bodies, levels and years

FORMULA_WITHOUT_VALUE = (
    "是公式，但文件中没有保存它的计算结果（可能是由其他程序生成的）。请在 Excel 或 WPS 中打开并保存后再导入"
)


def control_character(character: str) -> str:
    return f"含有不可见的控制字符（U+{ord(character):04X}），请删除后再导入"


@dataclass(frozen=True, slots=True)
class Flaw:
    """A cell whose value cannot be used: its 0-based column and why (completing "第 N 行某列…")."""

    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based row number as Excel shows it (CSV: the line the record starts on)
    values: list[object]  # trailing Nones trimmed
    flaws: tuple[Flaw, ...] = ()  # cells left None because their value cannot be used
    hidden: bool = False  # a row hidden in the workbook (its values are still given)


class ControlCharacterError(ValueError):
    def __init__(self, character: str) -> None:
        super().__init__(control_character(character))


def clean_text(text: str) -> str | None:
    """A cell's text normalised (see the module's docstring); raises ControlCharacterError."""
    if _SUSPECT.search(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_HARMLESS)
        bad = _CONTROL.search(text)
        if bad:
            raise ControlCharacterError(bad.group())
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip() or None


class TextCleaner:
    """clean_text, remembering each distinct text's cleaned form (for one file)."""

    def __init__(self) -> None:
        self.seen: dict[str, str | None] = {}  # make_row looks here first, without a call

    def __call__(self, text: str) -> str | None:
        result = self.seen.get(text, _UNSEEN)
        if result is _UNSEEN:
            result = clean_text(text)  # a refusal is not remembered: it is rare
            if len(self.seen) >= _MEMO_LIMIT:
                self.seen.clear()
            self.seen[text] = result
        return result  # type: ignore[return-value]


_UNSEEN = object()


def clean_value(value: object) -> object:
    """Any value but text, as the module's docstring says."""
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _duration_text(value)
    if value is None or isinstance(value, (bool, int, dt.date)):
        return value
    return str(value)


def _duration_text(value: dt.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"


def make_row(
    number: int,
    values: Sequence[object],
    text: TextCleaner,
    flaws: Sequence[Flaw] = (),
    *,
    hidden: bool = False,
) -> Row | None:
    """A Row of cleaned values, or None when nothing is left in it (and no cell is flawed)."""
    seen = text.seen
    try:  # nearly every row: text, whole numbers and empty cells, in one pass
        cleaned = [
            (seen[v] if v in seen else text(v))
            if type(v) is str
            else v
            if v is None or type(v) is int
            else int(v)
            if type(v) is float and v.is_integer() and abs(v) < 2**53  # type: ignore[attr-defined]
            else clean_value(v)
            for v in values
        ]
    except ControlCharacterError:
        cleaned, flaws = _with_flaws(values, text, flaws)
    while cleaned and cleaned[-1] is None:
        cleaned.pop()
    if not cleaned and not flaws:
        return None
    return Row(number, cleaned, tuple(flaws), hidden)


def _with_flaws(
    values: Sequence[object], text: TextCleaner, flaws: Sequence[Flaw]
) -> tuple[list[object], list[Flaw]]:
    """The row cell by cell: a cell with a control character is None and named as a flaw."""
    found = list(flaws)
    cleaned: list[object] = []
    for column, value in enumerate(values):
        if type(value) is str:
            try:
                value = text(value)  # type: ignore[arg-type]
            except ControlCharacterError as error:
                found.append(Flaw(column, str(error)))
                value = None
        else:
            value = clean_value(value)
        cleaned.append(value)
    return cleaned, found
