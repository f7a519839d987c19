"""Pinyin keys of unit names: a sort key and search keys, in the two pinyin columns.

宁波市荷花庄小学 →
    full:     "ning-bo-shi-he-hua-zhuang-xiao-xue ningboshihehuazhuangxiaoxue|ningboshihehuapengxiaoxue"
    initials: "nbshhzxx|nbshhpxx"

Readings come from pypinyin with CC-CEDICT's phrases loaded (pypinyin-dict), so that place names read
as they are said: 长治 chang zhi, 重庆 chong qing, 长沙 chang sha. The full key begins with the sort
key: syllables joined by "-" and ended by a space, so that names sort syllable by syllable (金水
jin-shui before 靖远 jing-yuan, 金水 before 金水区) under a byte-wise collation. After it come the
search variants, joined by "|" so that no match spans two of them: the phrase reading, and readings
in which one polyphonic character takes its other reading (a search for "zhangzhi" still finds 长治).

KEY_VERSION names this layout and these readings; a database whose stored keys are of another version
has them recomputed at start-up (core.services.units.refresh_pinyin_keys).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import ModuleType

from core.text import to_halfwidth

KEY_VERSION = 3  # 3: numbers in a name sort by their value (第2小学 before 第10小学)
SYLLABLE_SEPARATOR = "-"
SORT_KEY_END = " "
VARIANT_SEPARATOR = "|"
# Both keys of a unit an import created, until UnitService.fill_pending_keys() computes them.
PENDING_KEYS = ""

_LITERAL = "\0"  # marks text that is not Chinese, kept whole
_NUMBER = re.compile(r"\d+")
NUMBER_WIDTH = 12  # digits a number of a name is padded to in the sort key


@cache
def _pypinyin() -> ModuleType:
    """pypinyin and CC-CEDICT's phrases load on first use (about half a second): only when a name is saved."""
    import pypinyin
    from pypinyin_dict.phrase_pinyin_data import cc_cedict

    cc_cedict.load()
    return pypinyin


def _literal(chars: str) -> str:
    return _LITERAL + chars


def _readings(text: str) -> list[tuple[str, str | None]]:
    """For each syllable: the phrase reading and, for a polyphonic character, another reading of it
    (read alone, as an older program or a user might: 长 → zhang beside the phrase's chang)."""
    text = to_halfwidth(text).lower()
    pypinyin = _pypinyin()
    phrase = pypinyin.pinyin(text, style=pypinyin.Style.NORMAL, errors=_literal)
    readings: list[tuple[str, str | None]] = []
    position = 0
    for (reading,) in phrase:
        if reading.startswith(_LITERAL):
            readings.append((reading, None))
            position += len(reading) - 1
            continue
        alone = _alone(text[position])
        readings.append((reading, next((other for other in alone if other != reading), None)))
        position += 1
    return readings


@cache  # names repeat their characters (市, 区, 学校): a character's readings are looked up once
def _alone(character: str) -> tuple[str, ...]:
    """Every reading of one character read alone."""
    pypinyin = _pypinyin()
    return tuple(pypinyin.pinyin(character, style=pypinyin.Style.NORMAL, heteronym=True)[0])


def _form(syllable: str, initials: bool) -> str:
    if syllable.startswith(_LITERAL):
        return syllable[1:].replace(" ", "")
    return syllable[:1] if initials else syllable


def _variants(readings: list[tuple[str, str | None]], initials: bool) -> list[str]:
    base = [_form(s, initials) for s, _ in readings]
    keys = ["".join(base)]
    for index, (_, other) in enumerate(readings):
        if other is not None and _form(other, initials) != base[index]:
            keys.append("".join([*base[:index], _form(other, initials), *base[index + 1 :]]))
    return [key for key in dict.fromkeys(keys) if key]


def sort_key(text: str) -> str:
    """长治市 → "chang-zhi-shi": syllables in their phrase reading, joined so that they sort one by one."""
    return _sort_key(_readings(text))


@lru_cache(maxsize=8192)
def collation_key(text: str) -> str:
    """sort_key() for the many repeats of a document's titles and names: ties in a list are broken by pinyin
    (绿色学校 lv before 平安单位 ping before 依法治校示范校 yi), never by code point."""
    return sort_key(text)


def _sort_key(readings: list[tuple[str, str | None]]) -> str:
    """Numbers padded with zeros: 东湖区第2小学 before 第10小学 before 第100小学, as a list of them is read
    (by code point 第1, 第10, 第100, 第101 … 第11 came first)."""
    syllables = [_form(reading, initials=False) for reading, _ in readings]
    return SYLLABLE_SEPARATOR.join(_padded(s) for s in syllables if s)


def _padded(syllable: str) -> str:
    return _NUMBER.sub(lambda number: number.group().zfill(NUMBER_WIDTH), syllable)


def search_keys(*texts: str | None) -> tuple[str, str]:
    """The full-pinyin column (sort key of the first text, then search variants of all) and the
    initials column."""
    given = [text for text in texts if text]
    if not given:
        return "", ""
    full: list[str] = []
    initials: list[str] = []
    head = ""
    for text in given:
        readings = _readings(text)
        head = head or _sort_key(readings) + SORT_KEY_END
        full += _variants(readings, initials=False)
        initials += _variants(readings, initials=True)
    return head + VARIANT_SEPARATOR.join(dict.fromkeys(full)), VARIANT_SEPARATOR.join(dict.fromkeys(initials))
