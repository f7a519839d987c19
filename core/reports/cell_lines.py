"""How many lines a table cell's text takes in a width, as Word and LibreOffice break Chinese text.

Chinese breaks between any two characters except where the line-breaking rules (禁则) forbid it: a closing
mark (、，。）〕” …) never starts a line and an opening mark (（〔“ …) never ends one, so the renderer carries the
character before a closing mark down with it (扬州市 / 委、市政 / 府 in a column four characters wide, not
扬州市委 / 、市政府); a run of Latin letters or digits (2021, 107) breaks only where it is wider than the line.
Widths are measured as the widest renderer sets a line (cell_line_width).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from docx.shared import Length, Pt

MIXED_SCRIPT_GAP = 0.2  # em, LibreOffice's space between Chinese and Latin characters
NO_LINE_START = frozenset("、，。．：；！？）〕］｝》〉」』】”’…%％,.:;!?)]}")
NO_LINE_END = frozenset("（〔［｛《〈「『【“‘([{")
_ATOMS = re.compile(r"[A-Za-z0-9]+|.", re.S)


def char_width(char: str) -> float:
    """A character's advance in em: CJK, full-width and the shared punctuation 1, Times New Roman digits ½."""
    if unicodedata.east_asian_width(char) in ("W", "F", "A"):
        return 1.0
    if char.isdigit() or char.islower():
        return 0.5
    if char.isupper():
        return 0.7
    return 0.33  # spaces and ASCII punctuation


def text_width(text: str, size: float, spacing: float = 0.0) -> Length:
    """The width of one line of text in a font size (points), with a character spacing (points)."""
    return Pt(sum(char_width(c) * size + spacing for c in text))


def cell_line_width(text: str, size: float) -> Length:
    """A table cell's line as the widest renderer sets it: LibreOffice puts a fifth of an em between
    Chinese and Latin text (2015 年 12 月) even where the style turns that spacing off; Word does not."""
    wide = [char_width(c) == 1.0 for c in text if not c.isspace()]
    switches = sum(1 for left, right in pairwise(wide) if left != right)
    return Pt(text_width(text, size).pt + switches * MIXED_SCRIPT_GAP * size)


@dataclass(frozen=True)
class Piece:
    """What a line never breaks inside (unless the piece alone is wider than the line)."""

    text: str
    width: int  # EMU, as one line
    first_wide: bool | None  # the script of its first and last visible character (None: spaces only)
    last_wide: bool | None
    wide_only: bool  # full-width characters only: its width is exact, not a guess at a renderer's spacing


def pieces(line: str, size: float) -> list[Piece]:
    """A line of text in a font size (points) cut where it may break."""
    groups: list[str] = []
    for atom in _ATOMS.findall(line):
        if groups and (atom[0] in NO_LINE_START or groups[-1][-1] in NO_LINE_END):
            groups[-1] += atom
        else:
            groups.append(atom)
    return [_piece(group, size) for group in groups]


def word_pieces(line: str, size: float, bounds: frozenset[int]) -> list[Piece]:
    """A line of text cut only at the given character positions (its word boundaries)."""
    cuts = sorted(b for b in bounds if 0 < b < len(line))
    return [_piece(line[a:b], size) for a, b in zip((0, *cuts), (*cuts, len(line)), strict=True)]


def _piece(text: str, size: float) -> Piece:
    wide = [char_width(c) == 1.0 for c in text]
    visible = [w for c, w in zip(text, wide, strict=True) if not c.isspace()]
    first, last = (visible[0], visible[-1]) if visible else (None, None)
    return Piece(text, int(cell_line_width(text, size)), first, last, all(wide))


@dataclass(frozen=True)
class Wrapped:
    lines: int
    next_room: int | None  # the least width above the room at which the layout changes; None: one line
    starts: tuple[int, ...] = ()  # where each line after the first starts (characters into the text)


def wrap(line: list[Piece], room: int, size: float, exact: int = 0) -> Wrapped:
    """Fill lines of `room` EMU greedily, as a renderer does. A line of full-width characters only may use
    `exact` EMU more: room keeps a margin for what Latin text and digits measure, which such a line does
    not need (扬州市委市 fits a room of five characters as Word and LibreOffice set it).

    The layout stays the same for every width from room up to next_room (no line can take its next piece
    before), so stepping from one next_room to the next finds every width at which the cell shortens.
    """
    gap = int(Pt(MIXED_SCRIPT_GAP * size))
    count, width, last, wide_only, at = 1, 0, None, True, 0
    changes: list[int] = []
    starts: list[int] = []
    queue = list(reversed(line))
    while queue:
        piece = queue.pop()
        at += len(piece.text)
        if piece.width - (exact if piece.wide_only else 0) > room and len(piece.text) > 1:
            # wider than a line: broken between characters (till the room takes it whole)
            changes.append(piece.width - (exact if piece.wide_only else 0))
            at -= len(piece.text)
            queue.extend(reversed([_piece(c, size) for c in piece.text]))
            continue
        joined = width + piece.width + (gap if _switch(last, piece.first_wide) else 0)
        needs = joined - (exact if wide_only and piece.wide_only else 0)
        if width == 0 or needs <= room:
            wide_only = piece.wide_only and (wide_only or width == 0)
            width = piece.width if width == 0 else joined
            last = piece.last_wide if piece.last_wide is not None else last
        else:
            changes.append(needs)
            starts.append(at - len(piece.text))
            count += 1
            width, last, wide_only = piece.width, piece.last_wide, piece.wide_only
    return Wrapped(count, min(changes) if changes else None, tuple(starts))


def _switch(left: bool | None, right: bool | None) -> bool:
    return left is not None and right is not None and left != right
