"""New units whose name is part of another unit's name (实验小学 and 东湖区实验小学): perhaps one unit
spelled two ways, perhaps two units. The import never merges them by guess; it points them out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.text import name_key

_SHORTEST = 4  # 实验小学; shorter parts (小学, 二中) say too little
_LISTED = 3  # names listed in one warning


@dataclass(frozen=True)
class NamePart:
    name: str  # the new unit's name
    others: list[str]  # the names it is part of, or that are part of it


def name_parts(new_names: Iterable[str], other_names: Iterable[str]) -> list[NamePart]:
    """For each new name, the other names (recorded units and the other new ones) that end with it or it
    ends with, compared by name key."""
    new = list(new_names)
    keys = {name_key(name): name for name in [*other_names, *new]}
    endings: dict[str, list[str]] = {}  # a key's every ending of at least _SHORTEST characters → names
    for key, name in keys.items():
        for start in range(1, len(key) - _SHORTEST + 1):
            endings.setdefault(key[start:], []).append(name)
    found = []
    for name in new:
        key = name_key(name)
        if len(key) < _SHORTEST:
            continue
        longer = endings.get(key, [])
        shorter = [keys[key[start:]] for start in range(1, len(key) - _SHORTEST + 1) if key[start:] in keys]
        others = list(dict.fromkeys(longer + shorter))
        if others:
            found.append(NamePart(name, others[:_LISTED]))
    return found


def name_part_message(part: NamePart) -> str:
    others = "、".join(f"“{name}”" for name in part.others)
    return (
        f"将新建单位“{part.name}”，而{others}与它只差前面的地名或前缀；如是同一单位，请在表中写成同一名称"
        "（或在单位信息的简称中填上这个名称）后再导入"
    )
