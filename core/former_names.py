"""A unit's former names (曾用名): each with the date it stopped being used, known to the year or month.

Stored on the unit as a JSON list, oldest first: [{"name": "武侯区第二小学", "until": "2015"}]. They serve
three things: a renamed unit keeps its old name (recorded with the year of the rename), a register or
an old report naming the old name matches the unit, and a document listing an honour awarded before
the rename names the unit as it was called then.

Truth before neatness: an honour whose date cannot be placed before or after a rename (a year-only
award in the rename year, or the rename's own month) is given the current name, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from core.models import Unit
from core.partial_date import PartialDate, PartialDateError, parse_partial_date
from core.pinyin_keys import VARIANT_SEPARATOR, search_keys
from core.text import clean_text, name_key

MAX_NAME = 200  # as units.name
# One entry as written in a cell or a line: 武侯区第二小学（至2015年） / 武侯区第二小学(2015.9止) / 武侯区第二小学
_ENTRY = re.compile(
    r"^(?P<name>.+?)\s*(?:[（(]\s*(?:至|止于|到)?\s*(?P<until>[^（）()]*?)\s*(?:止|前|停用)?\s*[）)])?$"
)
_SEPARATORS = re.compile(r"[；;\n]+")


class FormerNameError(ValueError):
    """A former name (or region) that cannot be kept as written. The message is Chinese."""


@dataclass(frozen=True)
class History:
    """What a dated list of former values is of: a unit's names, or the regions it belonged to
    (core/former_regions.py). Both are stored alike and placed in time by the same rule."""

    label: str  # 曾用名 / 原属地区
    until_label: str  # what its date is called: 停用时间 / 调整时间


NAMES = History("曾用名", "停用时间")
REGIONS = History("原属地区", "调整时间")  # core/former_regions.py


@dataclass(frozen=True)
class FormerName:
    name: str
    until: PartialDate | None = None  # the last date (year or month) the name was used; None: not known

    def stored(self) -> dict[str, Any]:
        return {"name": self.name, "until": self.until.iso() if self.until else None}

    def label(self) -> str:
        """武侯区第二小学（至2015年）, as an export cell or the form shows it."""
        return f"{self.name}（至{self.until.chinese()}）" if self.until else self.name


def entries(stored: Any) -> list[FormerName]:
    """The stored JSON list (as the unit holds it) read back, oldest first; bad entries are skipped."""
    found = []
    for item in stored or []:
        if isinstance(item, FormerName):
            found.append(item)
            continue
        if not isinstance(item, Mapping) or not clean_text(item.get("name")):
            continue
        try:
            until = parse_partial_date(item.get("until"), allow_future=True)
        except PartialDateError:
            until = None
        found.append(FormerName(str(clean_text(item["name"])), until))
    return _ordered(found)


def clean(raw: Any, history: History = NAMES) -> list[dict[str, Any]]:
    """A field value (stored list, FormerName list, or text such as "甲（至2015年）；乙（至2019年9月）")
    checked and normalised for storing. Raises FormerNameError naming the bad entry."""
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        items: Iterable[Any] = [part for part in _SEPARATORS.split(raw) if part.strip()]
    elif isinstance(raw, Sequence):
        items = raw
    else:
        raise FormerNameError("应为“名称（至年份）”的列表")
    cleaned: dict[str, FormerName] = {}
    for item in items:
        entry = _one(item, history)
        cleaned.setdefault(name_key(entry.name), entry)  # the same name twice is kept once
    return [entry.stored() for entry in _ordered(cleaned.values())]


def _one(item: Any, history: History) -> FormerName:
    if isinstance(item, FormerName):
        name, until_raw = item.name, item.until
    elif isinstance(item, Mapping):
        name, until_raw = item.get("name"), item.get("until")
    else:
        match = _ENTRY.match(str(item).strip())
        if match is None:
            raise FormerNameError(f"“{item}”无法识别")
        name, until_raw = match["name"], match["until"]
    text = clean_text(str(name) if name is not None else None)
    if not text:
        raise FormerNameError(f"{history.label}不能为空")
    text = text.replace("(", "（").replace(")", "）")
    if len(text) > MAX_NAME:
        raise FormerNameError(f"“{text[:20]}…”过长（最多 {MAX_NAME} 个字）")
    return FormerName(text, _until(text, until_raw, history))


def _until(name: str, raw: Any, history: History) -> PartialDate | None:
    if isinstance(raw, PartialDate) or raw in (None, ""):
        until = raw or None
    else:
        try:
            until = parse_partial_date(raw)
        except PartialDateError as error:
            raise FormerNameError(f"“{name}”的{history.until_label}：{error}") from None
    if until is not None and until.day is not None:
        raise FormerNameError(f"“{name}”的{history.until_label}只写年或年月，如 2015 或 2015-09")
    return until


def _ordered(found: Iterable[FormerName]) -> list[FormerName]:
    return sorted(found, key=lambda entry: entry.until.sort_key() if entry.until else (0, 0, 0))


def text_of(stored: Any) -> str:
    """The list as one line: 甲（至2015年）；乙（至2019年9月）."""
    return "；".join(entry.label() for entry in entries(stored))


def renamed(stored: Any, old_name: str, new_name: str, until: PartialDate | None) -> list[dict[str, Any]]:
    """The former names after the unit is renamed from old_name to new_name: the old name is kept as
    used until that date (None: not known; unless it is listed already); a name the unit takes back is
    no longer a former one."""
    kept = [entry for entry in entries(stored) if name_key(entry.name) != name_key(new_name)]
    if name_key(old_name) != name_key(new_name) and all(
        name_key(entry.name) != name_key(old_name) for entry in kept
    ):
        kept.append(FormerName(old_name, until))
    return [entry.stored() for entry in _ordered(kept)]


def search_keys_of(stored: Any) -> str:
    """The former names as the unit search finds them (units.former_keys): each one's name key, full
    pinyin and initials, joined by "|" so that no match spans two of them; "" without former names."""
    keys = []
    for entry in entries(stored):
        full, initials = search_keys(entry.name, None)
        keys += [name_key(entry.name), full, initials]
    return VARIANT_SEPARATOR.join(keys)


def matching(stored: Any, patterns: Iterable[str]) -> str | None:
    """The first former name whose keys contain one of a search's patterns (core.services.units
    search_patterns), or None."""
    wanted = [pattern for pattern in patterns if pattern]
    for entry in entries(stored):
        keys = search_keys_of([entry])
        if any(pattern in keys for pattern in wanted):
            return entry.name
    return None


def _before(date: PartialDate, until: PartialDate) -> bool | None:
    """Whether date is surely within the time a name was used up to until: True, False, or None when the
    two cannot be told apart (the same year with a month missing, or the same month)."""
    if date.year != until.year:
        return date.year < until.year
    if date.month is None or until.month is None or date.month == until.month:
        return None
    return date.month < until.month


def era_at(stored: Any, date: PartialDate | None) -> int | None:
    """Which of the values the unit bore on date, for certain: the index of a former one (oldest first),
    len(entries) for the current one, or None when the date cannot be placed between the changes (a
    year-only date in a change year, an undated former value, no date at all where there was a change)."""
    known = entries(stored)
    if not known:
        return 0  # never changed: always the current value
    if date is None or any(entry.until is None for entry in known):
        return None  # an undated former value leaves every date unplaced
    for index, entry in enumerate(known):
        assert entry.until is not None
        placed = _before(date, entry.until)
        if placed is None:
            return None
        if placed:
            return index
    return len(known)


def name_at(stored: Any, date: PartialDate | None) -> str | None:
    """The former name the unit bore on date, or None when it bore its current name then, or when the
    date cannot be placed for certain between its renames (a year-only award in a rename year)."""
    known = entries(stored)
    era = era_at(known, date)
    return known[era].name if era is not None and era < len(known) else None


def named_then(current: str, stored: Any, date: PartialDate | None) -> str:
    """How a list of awards names the unit for an award on date: 武侯区第二小学（现武侯区棕北小学）
    when it bore a former name then for certain, else its current name."""
    then = name_at(stored, date)
    return f"{then}（现{current}）" if then and name_key(then) != name_key(current) else current


def match_note(former: str) -> str:
    """What an import says of a row matched through a former name."""
    return f"按曾用名“{former}”匹配"


def former_name_index(session: Session) -> dict[str, int]:
    """Former name key → the live unit that bore it. A name two units bore is left out: matching it
    would file a record under a unit the source may not mean."""
    query = select(Unit.id, Unit.former_names).where(
        Unit.deleted_at.is_(None), cast(Unit.former_names, Text) != "[]"
    )
    index: dict[str, int] = {}
    shared: set[str] = set()
    for unit_id, stored in session.execute(query):
        for entry in entries(stored):
            key = name_key(entry.name)
            if index.setdefault(key, unit_id) != unit_id:
                shared.add(key)
    return {key: unit_id for key, unit_id in index.items() if key not in shared}


def find_by_former_name(session: Session, name: str) -> tuple[Unit, str] | None:
    """The live unit that bore this name before, with the former name as recorded."""
    unit_id = former_name_index(session).get(name_key(name))
    unit = session.get(Unit, unit_id) if unit_id is not None else None
    if unit is None:
        return None
    recorded = next(e.name for e in entries(unit.former_names) if name_key(e.name) == name_key(name))
    return unit, recorded


def lists(stored: Any, name: str, history: History = NAMES) -> bool:
    """Whether the former names (stored list, or a form's value of it) hold this name already."""
    try:
        kept = entries(clean(stored, history))
    except FormerNameError:
        return False
    return any(name_key(entry.name) == name_key(name) for entry in kept)


def renames_to(name: str, edits: Mapping[str, Any], key: str = "name") -> str | None:
    """The new value when a unit form's edits change the field key (the name; the region) to another
    one: not a mere change of spaces or width, nor a value set where there was none."""
    new_name = clean_text(edits.get(key)) if isinstance(edits.get(key), str) else None
    return new_name if new_name and name and name_key(new_name) != name_key(name) else None


def with_rename(
    name: str,
    stored: Any,
    edits: Mapping[str, Any],
    until: PartialDate | None,
    key: str = "name",
    former_key: str = "former_names",
) -> dict[str, Any]:
    """A unit form's edits, with the unit's current name (or region: key, former_key) kept as a former
    one (used until the given date) when the edits change it. Edits that cannot be read are left for
    the field check to refuse."""
    new_name = renames_to(name, edits, key)
    if new_name is None:
        return dict(edits)
    try:
        former = clean(edits.get(former_key, stored))
    except FormerNameError:
        return dict(edits)
    return {**edits, former_key: renamed(former, name, new_name, until)}


def former_in_period(stored: Any, first_year: int) -> str | None:
    """The latest former name still in use in or after first_year (a report on those years says
    我校（原名…）), or None. An undated former name is not known to fall in the period."""
    named = [entry for entry in entries(stored) if entry.until is not None and entry.until.year >= first_year]
    return named[-1].name if named else None


def with_former_name(subject: str, stored: Any, first_year: int) -> str:
    """我校（原名武侯区第二小学）: how a report on the years from first_year introduces a unit renamed in
    them (or after), so that a reader of its older honours knows them for this unit's."""
    formerly = former_in_period(stored, first_year)
    return f"{subject}（原名{formerly}）" if formerly else subject
