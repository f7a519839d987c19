"""A summary for one region, over units that moved between regions (区划调整, core/former_regions.py).

The rule: an honour counts for the region the unit belonged to when it was awarded, and only where the
dates say so for certain. A unit that moved into the region brings no older honour with it; a unit that
moved out leaves its honours of the years it belonged here (named 甲小学（现属西湖区）); an award dated to
the year only in the year of a move, or any award of a unit whose move is not dated, counts for neither.
The units the summary lists and counts as the region's (单位, 单位数量) are those in it now.

When the rule makes any count differ from counting every honour under the unit's present region, the
document says so (表述.区划说明), with the number of honours it could not place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core import former_regions
from core.former_names import FormerName
from core.partial_date import PartialDate
from core.text import name_key

REGION_NOTE = "荣誉按获得时单位所属地区统计，现有称号按期末时单位所属地区统计（涉及区划调整的单位{units}个）"
EVENT_NOTE = "荣誉按获得时单位所属地区统计（涉及区划调整的单位{units}个）"  # a list of awards: no 现有
UNPLACED_NOTE = "，另有{count}项荣誉因其时间与区划调整时间分不出先后，未计入相应数字"


@dataclass(frozen=True)
class Placed:
    """Where an award of a summary's unit counts for the region: as an event (新获, 此前) by its award
    date; as a title held (现有, 过期, 复查) by where the unit was at the period's end."""

    index: int  # of the award in the list given to place()
    event: bool
    held: bool


@dataclass(frozen=True)
class Regional:
    """The units now in the region, the awards that count for it, and the note for the document."""

    members: set[int]
    placed: list[Placed]  # the awards that count for the region in either way
    moved_units: int  # units whose counts the rule changed
    unplaced: int  # awards of them that could not be placed one way or the other (counted there nowhere)
    moved_awarding: int = 0  # as moved_units and unplaced, for the award dates alone
    unplaced_awards: int = 0

    @property
    def note(self) -> str:
        return _note(REGION_NOTE, self.moved_units, self.unplaced)

    @property
    def award_note(self) -> str:
        """The note of a list of awards (获奖单位名单), which states no title held."""
        return _note(EVENT_NOTE, self.moved_awarding, self.unplaced_awards)


def _note(text: str, units: int, unplaced: int) -> str:
    if not units:
        return ""
    return text.format(units=units) + (UNPLACED_NOTE.format(count=unplaced) if unplaced else "")


def place(
    region: str,
    units: Sequence[tuple[int, str, Sequence[FormerName]]],
    awards: Sequence[tuple[int, PartialDate | None, bool]],
    period_end: PartialDate,
) -> Regional:
    """units: (id, current region, former regions); awards: (unit id, awarded, counted: a dated collective
    award by the period's end, whose placing can change a figure). An undated award of a unit now in the
    region is kept, to be listed as undated (never counted)."""
    current = {unit_id: now for unit_id, now, _former in units}
    former = {unit_id: tuple(history) for unit_id, _now, history in units}
    members = {unit_id for unit_id, now in current.items() if same_region(now, region)}
    at_end = {
        unit_id: former_regions.in_region(region, current[unit_id], former[unit_id], period_end)
        for unit_id in current
    }
    placed: list[Placed] = []
    moved: set[int] = set()
    moved_awarding: set[int] = set()
    unplaced = unplaced_awards = 0
    for index, (unit_id, awarded, counted) in enumerate(awards):
        member = unit_id in members
        event = former_regions.in_region(region, current[unit_id], former[unit_id], awarded)
        held = at_end[unit_id]
        if awarded is None and member:
            event = held = True  # listed as undated, counted nowhere
        if event or held:
            placed.append(Placed(index, bool(event), bool(held)))
        if counted and (event is not member or held is not member):
            moved.add(unit_id)
            unplaced += event is None or held is None
        if counted and event is not member:
            moved_awarding.add(unit_id)
            unplaced_awards += event is None
    return Regional(members, placed, len(moved), unplaced, len(moved_awarding), unplaced_awards)


def same_region(one: str | None, other: str) -> bool:
    """Whether a unit's region (one) is this region, as the 地区 choice takes it."""
    return bool(one) and name_key(one or "") == name_key(other)


def now_elsewhere(region: str, unit_region: str) -> str:
    """（现属西湖区）for a unit of the summary that belongs to another region now; "" otherwise."""
    if same_region(unit_region, region):
        return ""
    return f"（现属{region_name(unit_region)}）" if unit_region else "（现已调出）"


_PLACE = re.compile(r".+?(?:特别行政区|自治区|自治州|自治县|街道|省|市|区|县|旗|镇|乡)")


def region_name(region: str) -> str:
    """浙江省宁波市东湖区 → 东湖区: the last place of a region, as a summary names it (山西省长治市城区 →
    长治市城区, where the last alone says too little)."""
    places = _PLACE.findall(region.strip())
    if not places:
        return region.strip()
    last = places[-1]
    return places[-2] + last if len(last) <= 2 and len(places) > 1 else last
