"""Unit facts an honour or material row carries (类别, 地址, 联系电话 … columns) for a unit the database
already holds: they fill the unit's empty fields and never overwrite a filled one; a value that differs
from the recorded one is a conflict the preview shows. Pure: plan.py decides where the result goes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import former_names
from core.changelog import plain

_EMPTY = (None, "", {}, [])
_NOT_FACTS = ("name",)  # the row's unit is found by its name: never a fact to fill


@dataclass(frozen=True)
class Conflict:
    key: str  # the field (for "extra": the extra field's own name)
    recorded: Any
    written: Any
    extra: bool = False


def facts_to_fill(recorded: dict[str, Any], written: dict[str, Any]) -> tuple[dict[str, Any], list[Conflict]]:
    """The fields to set (those empty in `recorded` that the row gives) and the conflicts (filled fields
    the row gives otherwise). `recorded` holds the unit's current values, pending fills included."""
    fills: dict[str, Any] = {}
    conflicts: list[Conflict] = []
    for key, value in written.items():
        if key in _NOT_FACTS or value in _EMPTY:
            continue
        if key == "extra":
            extra, differing = _extra_to_fill(recorded.get("extra") or {}, value)
            if extra:
                fills["extra"] = extra
            conflicts += differing
            continue
        current = recorded.get(key)
        if current in _EMPTY:
            fills[key] = value
        elif plain(current) != plain(value):
            conflicts.append(Conflict(key, current, value))
    return fills, conflicts


def _extra_to_fill(
    recorded: dict[str, Any], written: dict[str, Any]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Extra fields (name → value) the unit lacks are added; the whole mapping is what gets stored."""
    added = {k: v for k, v in written.items() if v not in _EMPTY and recorded.get(k) in _EMPTY}
    differing = [
        Conflict(k, recorded[k], v, extra=True)
        for k, v in written.items()
        if v not in _EMPTY and recorded.get(k) not in _EMPTY and plain(recorded[k]) != plain(v)
    ]
    return ({**recorded, **added} if added else {}), differing


def shown(value: Any) -> str:
    """A value as the preview names it: 2019-10 for a partial date, 43 for a number."""
    if isinstance(value, list):  # 曾用名
        return former_names.text_of(value)
    text = plain(value)
    return str(text) if text is not None else ""
