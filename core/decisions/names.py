"""A decision's name list, pasted as it is, and the units its names stand for.

A 表彰决定's 附件 lists the commended units one a line, or run together with 、，； between them, often
numbered (1. 2. / （1） / ①), under headings (附件, 一、市级文明单位（12个）), sometimes as a table pasted
from Word (cells separated by tabs). split_names() keeps only the names; UnitMatcher finds the unit each
one stands for: by its full name, its short name, its name normalised (brackets of either width, spaces,
bracketed notes left out), or by the end of a name only one unit has (第一小学 for 东湖区第一小学 when
no other unit ends so). A name that fits several units, or none, is reported as such, never guessed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import former_names
from core.models import Unit
from core.text import name_key
from core.vocab import LEVELS, UNIT_CATEGORIES

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
UNMATCHED = "unmatched"

BY_NAME = "名称"
BY_SHORT_NAME = "简称"
BY_NORMALISED = "规范化名称"
BY_PART = "名称的一部分"
BY_FORMER_NAME = "曾用名“{}”"  # described as 按曾用名“…”匹配
IN_RECYCLE_BIN = "回收站"  # an unmatched name that is a deleted unit's

MIN_PART = 3  # characters a part of a name needs before it may stand for a unit (小学 may not)
NEAR_NAMES = 3  # alike names offered for a name that fits no unit
NEAR_CUTOFF = 0.6
MAX_ENUMERATORS = 4  # numbers in front of one name: 一、1. （1） ①
MAX_NAME = 100  # a "name" longer than this is a sentence of the decision's body, not a name

_SEPARATORS = "、，,；;"
_OPEN, _CLOSE = "（(〔[【<《", "）)〕]】>》"
_ENUMERATOR = re.compile(
    r"^(?:\d{1,4}\s*[.、．)）:：]|[（(]\s*\d{1,4}\s*[)）]|[①-⑳]|[一二三四五六七八九十百]+\s*[、.．]"
    r"|[（(]\s*[一二三四五六七八九十百]+\s*[)）]|[0-9]{1,4}\s+(?=\S))\s*"
)
_OUTLINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*、|[（(]\s*[一二三四五六七八九十]+\s*[)）])")
_COUNTED = re.compile(r"[（(]\s*(?:共|计)?\s*\d+\s*(?:个|家|所|名|项|人|户)\s*[)）]\s*[：:]?$")
_HEADING_WORDS = re.compile(r"^附\s*件|名\s*单(?:如下)?\s*[：:]?$|^序号$|^单位(?:名称)?$|^名称$|^备注$")
_TABLE_HEADER = re.compile(r"序\s*号|单位\s*名\s*称|^\s*名\s*称\s*\t")
_TRIM = "“”\"'‘’。.：:！!？?·• \t"
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_BRACKETS = re.compile(r"[()\[\]{}<>]")
_WIDE_SPACE = re.compile(r"\s{2,}|\u3000+|\t+")
_NUMBER = re.compile(r"^[\d\s.、．]+$")
# A numbered list whose line breaks were lost in pasting: "附件：1、甲 2、乙；3、丙" or "名单1、甲2、乙".
# A number opens a new item after a space or a separator, or right after a name when it is followed by 、.
_INLINE_ITEM = re.compile(
    r"(?:(?<=\s)|(?<=[；;，,。]))(?=\d{1,3}\s*[、．.]\s*\D)|(?<=[^\d\s、，,；;：:（(])(?=\d{1,3}、\D)"
)


@dataclass(frozen=True)
class NameList:
    """What split_names found: the names in order (each once), and the lines taken for headings."""

    names: list[str]
    ignored: list[str] = field(default_factory=list)


def split_names(text: str) -> NameList:
    """The names of a pasted list: one a line, or separated by 、，； (not inside brackets), or by tabs."""
    names: list[str] = []
    ignored: list[str] = []
    seen: set[str] = set()
    pasted = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for line in (item for row in pasted for item in _INLINE_ITEM.split(row)):
        if _OUTLINE.match(line):  # 一、 and （一） number a document's headings, not its list items
            ignored.append(_strip_enumerator(line))
            continue
        line = _strip_enumerator(line)
        if "\t" in line and _TABLE_HEADER.search(line):
            ignored.append(" ".join(line.split()))
            continue
        heading, line = _leading_heading(line)
        if heading:
            ignored.append(heading)
            line = _strip_enumerator(line)  # 附件：1、甲 — the first item's number after the heading
        for piece in _pieces(line):
            name = _clean(piece)
            if not name:
                continue
            if _is_heading(piece, name):
                ignored.append(name)
                continue
            key = name_key(name)
            if key not in seen:
                seen.add(key)
                names.append(name)
    return NameList(names, ignored)


def _strip_enumerator(text: str) -> str:
    """The text without its leading numbers: "一、1. （1）" nest a few deep, never more (a pasted
    "1、1、1、…" would otherwise be copied once per number)."""
    text = text.strip().strip(_TRIM)
    for _level in range(MAX_ENUMERATORS):
        stripped = _ENUMERATOR.sub("", text, count=1).strip().strip(_TRIM)
        if stripped == text:
            break
        text = stripped
    return text


def _leading_heading(line: str) -> tuple[str, str]:
    """市级文明单位：甲、乙 → (市级文明单位, 甲、乙); a line without such a heading → ("", line)."""
    match = re.match(r"^([^：:、，,；;（(]{1,30})[：:](?=\s*\S)", line.strip())
    if match is None:
        return "", line
    return _clean(match[1]), line.strip()[match.end() :]


def _pieces(line: str) -> list[str]:
    """A line's parts: table cells (tabs) that are not numbers, each split at the separators."""
    cells = line.split("\t") if "\t" in line else [line]
    pieces: list[str] = []
    for cell in cells:
        if cell.strip() and not _NUMBER.match(cell.strip()):
            pieces.extend(_split_outside_brackets(cell))
    return pieces


def _split_outside_brackets(text: str) -> list[str]:
    parts, current, depth = [], [], 0
    for character in text:
        if character in _OPEN:
            depth += 1
        elif character in _CLOSE:
            depth = max(depth - 1, 0)
        if character in _SEPARATORS and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return parts


def _clean(piece: str) -> str:
    """The name without its numbering, surrounding quotes and trailing punctuation, spaces collapsed."""
    return _strip_enumerator(piece).replace("\u3000", "  ").strip()


def _is_heading(piece: str, name: str) -> bool:
    compact = re.sub(r"\s+", "", name)
    if len(compact) > MAX_NAME:
        return True
    if _HEADING_WORDS.search(compact) or _COUNTED.search(compact):
        return True
    if piece.rstrip().endswith(("：", ":")):
        return True
    return compact in UNIT_CATEGORIES or compact in LEVELS


# -- matching ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    """A unit as a name list's match shows it."""

    id: int
    name: str
    short_name: str | None = None
    category: str | None = None
    region: str | None = None
    former: tuple[str, ...] = ()  # 曾用名


@dataclass(frozen=True)
class NameMatch:
    text: str  # the name as the list gives it
    status: str  # MATCHED, AMBIGUOUS or UNMATCHED
    unit: UnitRef | None = None
    how: str = ""  # BY_NAME, BY_SHORT_NAME, BY_NORMALISED or BY_PART
    candidates: tuple[UnitRef, ...] = ()  # the units an ambiguous name fits; for an unmatched one, near names

    @property
    def matched(self) -> bool:
        return self.status == MATCHED

    def describe(self) -> str:
        """In Chinese, for a list of problems: “第一小学”可指东湖区第一小学、西湖区第一小学."""
        if self.status == AMBIGUOUS:
            return f"“{self.text}”可指{'、'.join(u.name for u in self.candidates)}，请指明是哪一个"
        if self.status == UNMATCHED and self.how == IN_RECYCLE_BIN:
            return f"“{self.text}”是已删除的单位（在回收站中），恢复后才能录入"
        if self.status == UNMATCHED:
            near = f"（相近的有：{'、'.join(u.name for u in self.candidates)}）" if self.candidates else ""
            return f"“{self.text}”在档案中找不到对应的单位{near}"
        assert self.unit is not None
        return f"“{self.text}”即{self.unit.name}（{match_note_of(self.how)}）"


def match_note_of(how: str) -> str:
    """按名称 / 按曾用名“…”匹配."""
    return f"按{how}匹配" if how.startswith("曾用名") else f"按{how}"


def loose_key(key: str) -> str:
    """A name key without its brackets (the words inside kept): 中共东湖区委(党校) → 中共东湖区委党校."""
    return _BRACKETS.sub("", key)


def bare_key(key: str) -> str:
    """A name key without bracketed notes: 东湖区第一小学(原城关小学) → 东湖区第一小学."""
    return _BRACKETED.sub("", key)


class UnitMatcher:
    """Finds units by the names a pasted list gives. Built once from the live units, then asked many times."""

    def __init__(self, units: Iterable[UnitRef], deleted: Iterable[str] = ()) -> None:
        self.units = list(units)
        self._deleted = {name_key(name) for name in deleted}  # names of units in the 回收站
        self._by_name: dict[str, list[UnitRef]] = {}
        self._by_short: dict[str, list[UnitRef]] = {}
        self._by_former: dict[str, list[UnitRef]] = {}
        self._by_loose: dict[str, list[UnitRef]] = {}
        self._loose_names: list[tuple[str, UnitRef]] = []
        self._names_by_key: dict[str, UnitRef] | None = None
        for unit in self.units:
            key = name_key(unit.name)
            _add(self._by_name, key, unit)
            for form in {loose_key(key), bare_key(key), loose_key(bare_key(key))}:
                _add(self._by_loose, form, unit)
            self._loose_names.append((loose_key(key), unit))
            for former in unit.former:
                _add(self._by_former, name_key(former), unit)
            if unit.short_name:
                short = name_key(unit.short_name)
                _add(self._by_short, short, unit)
                _add(self._by_loose, loose_key(short), unit)

    @classmethod
    def of_live_units(cls, session: Session) -> UnitMatcher:
        query = select(
            Unit.id, Unit.name, Unit.short_name, Unit.category, Unit.region, Unit.former_names
        ).where(Unit.deleted_at.is_(None))
        deleted = session.scalars(select(Unit.name).where(Unit.deleted_at.is_not(None)))
        return cls(
            (
                UnitRef(*row, tuple(entry.name for entry in former_names.entries(former)))
                for *row, former in session.execute(query)
            ),
            deleted,
        )

    def match(self, text: str) -> NameMatch:
        found = self._whole(text)
        return found if found.status != UNMATCHED else self._by_part(text, loose_key(name_key(text)))

    def _whole(self, text: str) -> NameMatch:
        """By the whole name: full name, short name, normalised name."""
        key = name_key(text)
        for table, how in ((self._by_name, BY_NAME), (self._by_short, BY_SHORT_NAME)):
            found = _unique(table.get(key, []))
            if found:
                return _result(text, found, how)
        found = _unique(self._by_former.get(key, []))
        if found:  # a name the unit bore before (a list from the years before its rename)
            former = next(name for name in found[0].former if name_key(name) == key)
            return _result(text, found, BY_FORMER_NAME.format(former))
        for form in dict.fromkeys((loose_key(key), bare_key(key), loose_key(bare_key(key)))):
            found = _unique(self._by_loose.get(form, []))
            if found:
                return _result(text, found, BY_NORMALISED)
        return NameMatch(text, UNMATCHED)

    def _by_part(self, text: str, key: str) -> NameMatch:
        """The one unit whose name ends with the given part, or whose name the given one ends with."""
        if len(key) < MIN_PART:
            return self._unmatched(text, key)
        ending = _unique([unit for name, unit in self._loose_names if name.endswith(key)])
        if not ending:
            ending = _unique(
                [unit for name, unit in self._loose_names if len(name) >= MIN_PART + 1 and key.endswith(name)]
            )
        if not ending:
            return self._unmatched(text, key)
        return _result(text, ending, BY_PART)

    def _unmatched(self, text: str, key: str) -> NameMatch:
        """No unit: the few whose names look most alike (金水区市政局 → 金水区市政管理局), to choose from."""
        if not key:
            return NameMatch(text, UNMATCHED)
        if name_key(text) in self._deleted:
            return NameMatch(text, UNMATCHED, how=IN_RECYCLE_BIN)
        if self._names_by_key is None:
            self._names_by_key = {}
            for name, unit in self._loose_names:
                self._names_by_key.setdefault(name, unit)
        near = difflib.get_close_matches(key, list(self._names_by_key), n=NEAR_NAMES, cutoff=NEAR_CUTOFF)
        return NameMatch(text, UNMATCHED, candidates=tuple(self._names_by_key[name] for name in near))

    def match_all(self, names: Sequence[str]) -> list[NameMatch]:
        """Each name's match; a name that fits no unit but is several names run together with wide spaces
        (a list laid out in columns) is matched part by part."""
        results: list[NameMatch] = []
        seen: set[int] = set()
        for name in names:
            result = self._whole(name)
            if result.status == UNMATCHED:
                results.extend(self._spaced(name) or [self.match(name)])
            else:
                results.append(result)
        # the same unit named twice (by its name and its short name) is one recipient
        unique: list[NameMatch] = []
        for result in results:
            if result.unit is not None:
                if result.unit.id in seen:
                    continue
                seen.add(result.unit.id)
            unique.append(result)
        return unique

    def _spaced(self, name: str) -> list[NameMatch] | None:
        for pattern in (_WIDE_SPACE, re.compile(r"\s+")):
            parts = [part for part in pattern.split(name) if part.strip()]
            if len(parts) < 2:
                continue
            matches = [self.match(part) for part in parts]
            if all(m.status != UNMATCHED for m in matches):
                return matches
        return None


def _add(table: dict[str, list[UnitRef]], key: str, unit: UnitRef) -> None:
    if key:
        units = table.setdefault(key, [])
        if unit not in units:
            units.append(unit)


def _unique(units: list[UnitRef]) -> list[UnitRef]:
    return list({unit.id: unit for unit in units}.values())


def _result(text: str, units: list[UnitRef], how: str) -> NameMatch:
    if len(units) == 1:
        return NameMatch(text, MATCHED, units[0], how)
    ordered = tuple(sorted(units, key=lambda u: u.name))
    return NameMatch(text, AMBIGUOUS, how=how, candidates=ordered)
