"""Pinyin search keys: 宁波市荷花庄小学 → "ningboshihehuazhuangxiaoxue" and "nbshhzxx".

pypinyin's reading of a place name is sometimes the other one of a polyphonic character
(长治 comes out as "zhangzhi"). Beside the default reading the keys therefore hold variants
in which one character takes its second reading, so "changzhi" finds 长治 too. Variants are
joined by '|' so that no match spans two of them.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from core.text import to_halfwidth


@cache
def _pypinyin() -> ModuleType:
    """pypinyin loads its phrase dictionary on import (a few hundred ms): only when a name is saved."""
    import pypinyin

    return pypinyin


_LITERAL = "\0"  # marks text that is not Chinese, kept whole in the initials key


def _literal(chars: str) -> str:
    return _LITERAL + chars


def _readings(text: str) -> list[tuple[str, str | None]]:
    """For each syllable: the default reading and, for a polyphonic character, its next reading."""
    text = to_halfwidth(text).lower()
    pypinyin = _pypinyin()
    # With heteronym=True each syllable lists the reading pypinyin would choose first.
    readings = pypinyin.pinyin(text, style=pypinyin.Style.NORMAL, heteronym=True, errors=_literal)
    return [(options[0], options[1] if len(options) > 1 else None) for options in readings]


def _variants(readings: list[tuple[str, str | None]], initials: bool) -> list[str]:
    def form(syllable: str) -> str:
        if syllable.startswith(_LITERAL):
            return syllable[1:]
        return syllable[:1] if initials else syllable

    base = [form(s) for s, _ in readings]
    keys = ["".join(base)]
    for index, (_, other) in enumerate(readings):
        if other is not None and form(other) != base[index]:
            keys.append("".join([*base[:index], form(other), *base[index + 1 :]]))
    return [k.replace(" ", "") for k in dict.fromkeys(keys)]


def search_keys(*texts: str | None) -> tuple[str, str]:
    """Full-pinyin and initials keys of several names (e.g. name and short name)."""
    full: list[str] = []
    initials: list[str] = []
    for text in texts:
        if text:
            readings = _readings(text)
            full += _variants(readings, initials=False)
            initials += _variants(readings, initials=True)
    return "|".join(dict.fromkeys(full)), "|".join(dict.fromkeys(initials))
