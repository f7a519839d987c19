"""A long 公文标题 broken where its meaning allows (GB/T 9704-2012 7.3.1: 词意完整，排列对称，长短适宜).

Left to itself Word or LibreOffice fills the first line of a 二号 title as far as it goes and breaks inside a
word (关于表彰2022年至2024年区级文明单位、区 / 级优秀教师的决定). A title built from parts (the period, each
title with its 、) is broken between parts instead, into as few lines as the text block holds, the longest
line as short as it can be.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from core.reports import layout
from core.reports.cell_lines import cell_line_width

# The text block less a character: a renderer's spacing between Chinese and digits must not push the last
# character of a full line onto a line of its own.
LINE = int(Mm(156) - Pt(layout.SIZE_ER_HAO))
MOST_PARTS = 14  # beyond this the parts are joined greedily (2**13 ways to break are still few)


def _width(text: str) -> int:
    return int(cell_line_width(text, layout.SIZE_ER_HAO))


def broken_title(parts: Sequence[str]) -> str:
    """The parts joined, with a line break ("\\n") between two parts where the title needs more than one line:
    the fewest lines, then the shortest longest line. A part wider than a line is left to the renderer."""
    parts = [p for p in parts if p]
    whole = "".join(parts)
    if _width(whole) <= LINE or len(parts) < 2:
        return whole
    if len(parts) > MOST_PARTS:
        return "\n".join(_greedy(parts))
    best: tuple[int, int, list[str]] | None = None
    for count in range(1, len(parts)):
        for cuts in combinations(range(1, len(parts)), count):
            lines = ["".join(parts[a:b]) for a, b in zip((0, *cuts), (*cuts, len(parts)), strict=True)]
            widest = max(_width(line) for line in lines)
            cost = (max(widest - LINE, 0), widest)
            if best is None or cost < best[:2]:
                best = (*cost, lines)
        if best is not None and best[0] == 0:
            return "\n".join(best[2])
    return "\n".join(best[2]) if best else whole


def _greedy(parts: Sequence[str]) -> list[str]:
    lines = [""]
    for part in parts:
        if lines[-1] and _width(lines[-1] + part) > LINE:
            lines.append(part)
        else:
            lines[-1] += part
    return lines


# Where a rendered title line (a unit's or a district's name, a period, the document's kind) may break: before
# its period, before a bracket, before its 文种 — never inside one (长治市…实验幼儿园荣誉一览 / 表).
DOCUMENT_KINDS = (
    "荣誉一览表",
    "获奖单位名单",
    "文明创建工作情况汇报",
    "亮点工作汇报",
    "情况汇报",
    "自查报告",
    "工作总结",
    "申报材料",
    "名单",
)
_PERIOD = re.compile(r"\d{4}年(?:度)?(?:至\d{4}年(?:度)?)?|（")
_PRESERVE = "{http://www.w3.org/XML/1998/namespace}space"


def title_parts(line: str) -> list[str]:
    """长治市镇海区姜山第265实验幼儿园荣誉一览表 → the name, 荣誉一览表; 东湖区2022年至2024年获奖单位名单 → the
    name, the period, 获奖单位名单."""
    cuts = {match.start() for match in _PERIOD.finditer(line)}
    kind = next((k for k in sorted(DOCUMENT_KINDS, key=len, reverse=True) if line.endswith(k)), "")
    if kind:
        cuts.add(len(line) - len(kind))
    cuts = sorted(cuts - {0, len(line)})
    return [line[a:b] for a, b in zip((0, *cuts), (*cuts, len(line)), strict=True)]


def break_long_title_lines(paragraphs: Sequence[Any]) -> None:
    """A rendered 公文标题 whose line (one w:t) is wider than the text block is broken between its parts
    (title_parts), as broken_title() breaks a title built from parts; a line that fits is left alone."""
    for paragraph in paragraphs:
        for text in list(paragraph.iter(qn("w:t"))):
            value = text.text or ""
            if _width(value) <= LINE:
                continue
            lines = broken_title(title_parts(value)).split("\n")
            if len(lines) < 2:
                continue
            text.text = lines[0]
            text.set(_PRESERVE, "preserve")
            last = text
            for line in lines[1:]:
                last.addnext(last.makeelement(qn("w:br"), {}))
                tail = text.makeelement(qn("w:t"), {_PRESERVE: "preserve"})
                tail.text = line
                last.getnext().addnext(tail)
                last = tail
