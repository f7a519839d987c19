"""Who holds an honour: the unit itself, or a named person of it (获得者).

Registers with a 获奖单位/个人 column fill it with the unit's own name, its short name or 集体 for the
unit's honours: those are the unit's, never a person's (DESIGN.md 6a).
"""

from __future__ import annotations

from core.text import name_key

# 获得者 words that name the unit itself, as registers write them in a 获奖单位/个人 column
OWN_HOLDERS = frozenset({"集体", "单位", "本单位", "单位集体", "全体", "全单位"})


def names_own_unit(recipient: str | None, *unit_names: str | None) -> bool:
    """Whether a 获得者 is the unit itself: its name or short name, or 集体/本单位 — a collective honour,
    never a person's."""
    name = name_key(recipient or "")
    return name in OWN_HOLDERS or any(name == name_key(n) for n in unit_names if n and n.strip())


def collective(recipient: str | None, *unit_names: str | None) -> bool:
    """The unit's own honour: no 获得者, or one naming the unit itself."""
    return not (recipient or "").strip() or names_own_unit(recipient, *unit_names)
