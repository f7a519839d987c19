"""Marks that a stored value was inferred by the program, not read: an honour's level, a unit's category.

An import that infers a level (省教育厅 → 省级) or a category (…小学 → 学校) keeps the rule in the record's
extra fields (其他信息), under LEVEL_MARK or CATEGORY_MARK, so that the window and the exports can say the
value is a guess. The mark goes once someone sets the value by hand (settled()).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LEVEL_MARK = "级别推断"  # honours.extra: the rule that gave the level
CATEGORY_MARK = "类别推断"  # units.extra: the rule that gave the category
INFERRED = "（推断）"  # after a value shown in a table


def marked(extra: Mapping[str, Any] | None, mark: str, rule: str) -> dict[str, Any]:
    """extra with the mark saying the value was inferred by rule."""
    return {**(extra or {}), mark: rule}


def inferred_rule(extra: Mapping[str, Any] | None, mark: str) -> str | None:
    """The rule that inferred the value, or None when the value was read or set by hand."""
    rule = (extra or {}).get(mark)
    return str(rule) if rule else None


def settled(
    current: Any, current_extra: Mapping[str, Any] | None, values: Mapping[str, Any], field: str, mark: str
) -> dict[str, Any]:
    """The values of an update, with the mark dropped when they set the field (a text: a level, a
    category) by hand: the field changes and the values leave the mark as it is stored (an undo that puts
    a mark back keeps it)."""
    if field not in values or values[field] == current or mark not in (current_extra or {}):
        return dict(values)
    extra = dict(values.get("extra", current_extra) or {})
    if extra.get(mark) != (current_extra or {}).get(mark):
        return dict(values)  # the update sets the mark itself
    extra.pop(mark, None)
    return {**values, "extra": extra}
