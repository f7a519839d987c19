"""Names read off a certificate, matched against the names already in the records.

A seal or a fold costs the recogniser a character or two ("+波市教育局"); the closest known awarding
body or unit within a small edit distance is taken instead, with the similarity as its confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from core import former_names
from core.db import Database
from core.models import Honour, Unit
from core.text import name_key

# How an organisation's name ends: where two names printed side by side ("中共宁波市委宁波市人民政府") part.
ORG_ENDINGS = (
    "委员会",
    "人民政府",
    "政府",
    "联合会",
    "总工会",
    "工会",
    "妇联",
    "团委",
    "科协",
    "办公室",
    "协会",
    "学会",
    "中心",
    "委",
    "局",
    "厅",
    "部",
    "办",
    "院",
    "会",
)
_PLACE_START = re.compile(
    r"^(中共|共青团|中国|全国|[\u4e00-\u9fa5]{2,4}?(省|市|县|区|自治区|州|盟|旗|镇|乡|街道))"
)
MIN_SIMILARITY = 0.75


@dataclass(frozen=True)
class KnownUnit:
    id: int
    name: str
    short_name: str | None = None
    supervisor: str | None = None
    former: tuple[str, ...] = ()  # 曾用名: an old certificate names the unit as it was called then

    def former_named(self, text: str) -> str | None:
        """The former name text is, if it is one of this unit's."""
        return next((name for name in self.former if name_key(name) == name_key(text)), None)


@dataclass
class KnownNames:
    """The awarding bodies and units the records already hold."""

    bodies: list[str] = field(default_factory=list)
    units: list[KnownUnit] = field(default_factory=list)

    @classmethod
    def load(cls, database: Database) -> KnownNames:
        with database.session() as session:
            body_rows = session.execute(
                select(Honour.awarded_by)
                .where(Honour.awarded_by.is_not(None), Honour.deleted_at.is_(None))
                .group_by(Honour.awarded_by)
            )
            unit_rows = session.execute(
                select(Unit.id, Unit.name, Unit.short_name, Unit.supervisor, Unit.former_names).where(
                    Unit.deleted_at.is_(None)
                )
            )
            units = [
                KnownUnit(*row, tuple(entry.name for entry in former_names.entries(former)))
                for *row, former in unit_rows
            ]
            bodies = [body for (body,) in body_rows if body]
        supervisors = {unit.supervisor for unit in units if unit.supervisor}
        return cls(sorted(set(bodies) | supervisors), units)

    def unit(self, unit_id: int | None) -> KnownUnit | None:
        return next((unit for unit in self.units if unit.id == unit_id), None)


@dataclass(frozen=True)
class Match:
    name: str
    similarity: float  # 1.0: the same name


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return 0.0
    return 1 - edit_distance(a, b) / max(len(a), len(b))


def closest(text: str, candidates: Iterable[str], minimum: float = MIN_SIMILARITY) -> Match | None:
    """The candidate nearest to text by edit distance, if near enough; earlier candidates win ties."""
    key = name_key(text)
    if not key:
        return None
    characters = set(key)
    best: Match | None = None
    for candidate in candidates:
        other = name_key(candidate)
        if not other or abs(len(other) - len(key)) > max(2, len(key) // 3):
            continue
        if len(characters & set(other)) < 0.5 * len(characters):
            continue  # cheap test first: most candidates share few characters
        if other != key and _contradicts(key, other):
            continue
        score = 1.0 if other == key else similarity(key, other)
        if score >= minimum and (best is None or score > best.similarity):
            best = Match(candidate, score)
            if score == 1.0:
                break
    return best


# A place name's segments at the start of a name: 宁波市 海曙区 (the place a level is inferred from).
_PLACE_SEGMENT = re.compile(r"[\u4e00-\u9fa5]{2,4}?(?:省|自治区|市|州|县|区|盟|旗|镇|乡|街道)")
_NUMERALS = re.compile(r"[〇零一二三四五六七八九十百\d]")


def _places(name: str) -> list[str]:
    found, position = [], 0
    while match := _PLACE_SEGMENT.match(name, position):
        found.append(match.group(0))
        position = match.end()
    return found


def _contradicts(text: str, candidate: str) -> bool:
    """Whether a name read cleanly says something the candidate does not: another place where both
    print one (宁波市精神文明建设委员会 is not 浙江省精神文明建设委员会, 鄞州区 not 海曙区), or other
    numbers (第二幼儿园 is not 第一幼儿园). A character the recogniser lost or garbled (+波市, X曙区)
    is no place and contradicts nothing."""
    if any(mine != theirs for mine, theirs in zip(_places(text), _places(candidate), strict=False)):
        return True
    mine, theirs = _NUMERALS.findall(text), _NUMERALS.findall(candidate)
    return bool(mine and theirs and mine != theirs)


def split_bodies(text: str, known: Sequence[str] = ()) -> list[str]:
    """ "中共宁波市委宁波市人民政府" → ["中共宁波市委", "宁波市人民政府"]; one name stays whole."""
    text = text.strip(" 、，")
    parts = [part for part in re.split(r"[\s、，]+", text) if part]
    if len(parts) > 1:
        return [name for part in parts for name in split_bodies(part, known)]
    if closest(text, known, 0.9) is not None:
        return [text]
    for cut in range(3, len(text) - 2):
        left, right = text[:cut], text[cut:]
        if _inside_ending(text, cut):
            continue
        if left.endswith(ORG_ENDINGS) and right.endswith(ORG_ENDINGS) and _PLACE_START.match(right):
            return [left, *split_bodies(right, known)]
    return [text]


def _inside_ending(text: str, cut: int) -> bool:
    """Whether cut falls inside a longer ending (委|员会, 人民|政府): "…建设委" ends like a body, but the
    员会 after it is the rest of its 委员会, not the start of the next body's place name."""
    return any(
        text[: cut + extra].endswith(ending) and len(ending) > extra
        for extra in (1, 2)
        for ending in ORG_ENDINGS
    )


def match_unit(text: str, units: Sequence[KnownUnit]) -> tuple[KnownUnit, float] | None:
    """The known unit a holder line names: by full name, short name, then the nearest name."""
    key = name_key(text)
    for unit in units:
        if name_key(unit.name) == key:
            return unit, 1.0
    for unit in units:
        if unit.short_name and name_key(unit.short_name) == key:
            return unit, 0.95
    formerly = [unit for unit in units if unit.former_named(text)]
    if len(formerly) == 1:  # a name two units bore says neither
        return formerly[0], 0.95
    found = closest(text, (unit.name for unit in units), 0.8)
    if found is None:
        return None
    unit = next(unit for unit in units if unit.name == found.name)
    return unit, found.similarity
