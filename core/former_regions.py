"""The regions a unit belonged to before a 区划调整 (原属地区), each with the date it stopped, known to the year
or month: stored as units.former_regions in the shape of the former names (core/former_names.py),
[{"name": "江东区", "until": "2016"}], oldest first.

A summary for a region counts an honour under the region the unit belonged to when the honour was
awarded, and only where the dates say so for certain (the rule of the former names): an award dated to
the year only, in the year the unit moved, belongs to neither region for a count; nor does any award of
a unit whose move is not dated. The summary's note says how many honours were left out so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import former_names
from core.former_names import REGIONS, FormerName, entries, era_at, text_of
from core.partial_date import PartialDate
from core.text import name_key

FIELD = "former_regions"

__all__ = ["REGIONS", "FormerName", "clean", "entries", "moves_to", "region_at", "text_of", "with_move"]

UNPLACED = object()  # region_at's answer when the date cannot be placed for certain


def clean(raw: Any) -> list[dict[str, Any]]:
    """A field value checked and normalised for storing; raises FormerNameError (Chinese) naming the entry."""
    return former_names.clean(raw, REGIONS)


def region_at(current: str | None, stored: Any, date: PartialDate | None) -> str | object | None:
    """The region the unit belonged to on date: a former one, the current one (None when it has none),
    or UNPLACED when the dates do not say which for certain."""
    known = entries(stored)
    era = era_at(known, date)
    if era is None:
        return UNPLACED
    return known[era].name if era < len(known) else current


def in_region(region: str, current: str | None, stored: Any, date: PartialDate | None) -> bool | None:
    """Whether the unit belonged to region on date: True, False, or None when it cannot be told."""
    then = region_at(current, stored, date)
    if then is UNPLACED:
        return None
    return then is not None and name_key(str(then)) == name_key(region)


def ever_in(region: str, current: str | None, stored: Any) -> bool:
    """Whether the unit belongs, or ever belonged, to region."""
    names = [current or "", *(entry.name for entry in entries(stored))]
    return any(name_key(name) == name_key(region) for name in names if name)


def moves_to(region: str | None, edits: Mapping[str, Any]) -> str | None:
    """The new region when a unit form's edits move the unit from one region to another."""
    return former_names.renames_to(region or "", edits, "region")


def lists(stored: Any, region: str) -> bool:
    return former_names.lists(stored, region, REGIONS)


def with_move(
    region: str | None, stored: Any, edits: Mapping[str, Any], until: PartialDate | None
) -> dict[str, Any]:
    """A unit form's edits, with the unit's current region kept as a former one (belonged to until the
    given date) when the edits move it to another."""
    return former_names.with_rename(region or "", stored, edits, until, "region", FIELD)
