"""A 落款 too long for its line, broken where the organ's name breaks: after a region or an organ.

GB/T 9704-2012 7.3.5.2 sets the signature two characters in from the right; a name wider than the line
less those two characters (about 26 characters of 三号) would wrap wherever the renderer's line ends,
leaving a character or two alone on a second line that starts at the left margin. Instead the name is
broken into lines of its own words, each from the same first character as joint issuers' names are
(finish.signature_indents): after a region (宁波市鄞州区 / 钟公庙街道中心小学) or an organ (…委员会 /
…办事处), never inside a bracket or a word (金水区市 / 政管理局), the lines as even as the breaks allow.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# where an organ's name ends: a break may follow (…工作委员会 / 办公室, …管理局 / 城市管理…大队)
_ORGAN_ENDS = re.compile(
    r"委员会|办事处|办公室|(?:人民)?政府(?!办)|党委|党组|工委|(?:街道|社区)(?![办工党居])"
    r"|分局|公司|集团|学校|大队|中队|支队|委(?!员)|部(?![门队])|[局厅]"
)
_REGION_ENDS = re.compile(r"[省市州盟区县旗镇乡村]")
# a region's character that is part of a word: 市政, 区委, 县直, 市场 (after it); 城市, 农村, 城区 (before it)
_WORD_AFTER_REGION = frozenset("政场民容委级属辖内域直分")
_WORD_BEFORE_REGION = frozenset("城农山园景郊老新都")
_MOST_LINES = 4  # a name no word ends of break into this many lines is broken where the room ends


def _outside_brackets(name: str) -> list[bool]:
    """Per position between characters (after each one): whether it is outside any bracket."""
    depth = 0
    out = []
    for char in name:
        depth += char in "（("
        depth -= char in "）)" and depth > 0
        out.append(depth == 0)
    return out


def _breaks(name: str, regions: bool) -> list[int]:
    """The positions after which the name may break: after an organ's name (and, with regions, after a
    region's), before an opening bracket; never inside brackets."""
    outside = _outside_brackets(name)
    ends = {m.end() for m in _ORGAN_ENDS.finditer(name)}
    ends |= {i for i, char in enumerate(name) if char in "（(" and (i == 0 or outside[i - 1])}
    if regions:
        ends |= {
            m.end()
            for m in _REGION_ENDS.finditer(name)
            if m.end() < len(name)
            and name[m.end()] not in _WORD_AFTER_REGION
            and (m.start() == 0 or name[m.start() - 1] not in _WORD_BEFORE_REGION)
        }
    return sorted(
        end for end in ends if 0 < end < len(name) and outside[end - 1] and name[end] not in "）)、，。"
    )


def signature_lines(name: str, room: float, width: Callable[[str], float]) -> list[str]:
    """The name as the lines of its 落款: itself when it fits the room; else broken after its words into
    as few lines as fit (an organ's end before a region's), the longest as short as it can be; where no
    word ends in time, at the room."""
    name = name.strip()
    if width(name) <= room or not name:
        return [name]
    for count in range(2, _MOST_LINES + 1):
        for regions in (False, True):
            best = _best_split(name, _breaks(name, regions), count, room, width)
            if best is not None:
                return best
    return _hard_split(name, room, width)


def _best_split(
    name: str, breaks: list[int], count: int, room: float, width: Callable[[str], float]
) -> list[str] | None:
    """The split at the word ends into count lines that fit, with the narrowest widest line."""
    best: tuple[float, list[str]] | None = None

    def walk(start: int, left: int, lines: list[str]) -> None:
        nonlocal best
        if left == 1:
            last = name[start:]
            if width(last) <= room:
                done = [*lines, last]
                widest = max(map(width, done))
                if best is None or widest < best[0]:
                    best = (widest, done)
            return
        for end in breaks:
            if end > start and width(name[start:end]) <= room:
                walk(end, left - 1, [*lines, name[start:end]])

    walk(0, count, [])
    return best[1] if best else None


def _hard_split(name: str, room: float, width: Callable[[str], float]) -> list[str]:
    lines, line = [], ""
    for char in name:
        if line and width(line + char) > room:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines
