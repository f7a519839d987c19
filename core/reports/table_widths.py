"""Column widths of a 荣誉一览表 from its text.

A level and a 序号 never break inside themselves (rigid columns, as wide as their widest line). A date breaks
only between its year and its month (2022年 / 1月10日), and only where that spares the table lines: a column
as wide as 2022年1月10日 for one cell left a long title three lines tall beside it. A 文号 keeps what follows
its year on one line (〔2020〕12号) while the table has room for it, and breaks before its year
(浙爱卫 / 〔2020〕12号) only when it must. The rest of the width goes to the layout with the fewest lines in all,
then the fewest cells broken badly (a last line of one character, 巾帼文明 / 岗; a break inside a word where
one after its 、 takes as many lines, 市委、市 / 政府), then the shortest tallest row, then the fewest broken dates, then the fewest wrapped cells: for small tables by trying every combination of
the widths at which a column's cells shorten, for large ones a step at a time. Lines are counted as Word and
LibreOffice break Chinese (cell_lines): 扬州市委、市政府 takes three lines in a column four characters wide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product

from docx.shared import Emu, Length, Mm, Pt

from core.reports import layout
from core.reports.cell_lines import (
    Piece,
    Wrapped,
    cell_line_width,
    pieces,
    text_width,
    word_pieces,
    wrap,
)

TEXT_WIDTH = Mm(156)
TABLE_SLACK = Pt(3)  # Word and LibreOffice round widths differently; a date must still fit on its line
SIZE = layout.SIZE_SI_HAO

# Columns whose text must not break (levels, numbers) and those that may wrap.
RIGID_COLUMNS = frozenset({"序号", "级别", "等级"})
# A 文号 breaks before its year (浙爱卫 / 〔2020〕12号), never inside 〔2020〕12号; a date between its year and
# its month (2022年 / 1月10日), never elsewhere (a name list's 2022年、2024年 never breaks); titles and bodies
# wrap as sentences do.
BEFORE_YEAR = re.compile(r"(?=[〔［\[（(])")
BEFORE_MONTH = re.compile(r"(?<=年)(?=\d{1,2}月)")
FIRM_BREAKS = {"文号": BEFORE_YEAR, "时间": BEFORE_MONTH}
FIRM_COLUMNS = frozenset(FIRM_BREAKS)
# Where a cell's text ends a word: after a 、 or a closing mark, before an opening mark (市委、 / 市政府).
WORD_END = frozenset("、，；：。）〕］》”’ ")
WORD_START = frozenset("（〔［《“‘ ")
# A date never narrower than its widest part: its column never falls back to its header's width.
UNBROKEN_COLUMNS = frozenset({"时间"})
BALANCED_ROWS = 100  # larger tables share the room in proportion to their text (they run to pages anyway)
SEARCHED = 40_000  # layouts × rows tried one by one; a larger table is balanced a step at a time
LONG_LINE = 80  # characters; a longer line's lines are estimated from its width alone
# A line of Chinese characters alone is as wide as their count: a renderer needs no more than rounding.
_EXACT = int(TABLE_SLACK - Pt(0.5))


def _measure(text: str) -> int:
    return int(cell_line_width(text, SIZE))


class _Line:
    """One line of a cell's text (up to a line break): how many lines it takes in a text width.

    A 文号 too wide for its column is broken before its year (finish.py puts the break there), and each part
    wraps by itself; a line longer than LONG_LINE characters is estimated from its width alone."""

    def __init__(self, text: str, breaks: re.Pattern[str] | None) -> None:
        self.width = _measure(text)
        parts = [p for p in breaks.split(text, maxsplit=1) if p] if breaks else []
        self.segments = parts if len(parts) > 1 else [text]
        self.widest_part = max(_measure(part) for part in parts) if len(parts) > 1 else 0
        self.long = len(text) > LONG_LINE
        self._pieces: list[list[Piece]] = []
        self._layouts: dict[int, list[Wrapped]] = {}

    def _wrap(self, room: int) -> list[Wrapped]:
        if room not in self._layouts:
            if not self._pieces:
                self._pieces = [pieces(segment, SIZE) for segment in self.segments]
            self._layouts[room] = [wrap(segment, room, SIZE, _EXACT) for segment in self._pieces]
        return self._layouts[room]

    def count(self, room: int) -> int:
        if self.width <= room:
            return 1
        if self.long:
            return -(-self.width // max(room, 1))
        return sum(layout.lines for layout in self._wrap(room))

    def faults(self, room: int) -> int:
        """The parts of the line this width breaks badly: a last line of one character (巾帼文明 / 岗), or a
        break inside a word where breaking at its word boundaries takes no more lines (市委、市 / 政府)."""
        if self.width <= room or self.long:
            return 0
        return sum(
            _badly_broken(segment, layout, room)
            for segment, layout in zip(self.segments, self._wrap(room), strict=True)
        )

    def fewer_at(self, room: int) -> int | None:
        """The least text width above room at which the line takes fewer lines; None when it takes one."""
        now = self.count(room)
        if now == 1:
            return None
        if self.long:
            return self.width if now == 2 else -(-self.width // (now - 1))
        at: int | None = room
        while at is not None:
            changes = [n for layout in self._wrap(at) if (n := layout.next_room) is not None]
            at = min([*changes, self.width]) if self.width > at else None
            if at is not None and self.count(at) < now:
                return at
        return None


def word_bounds(text: str) -> frozenset[int]:
    """Where text may break between words: after a 、 or a closing mark, before an opening mark."""
    after = {i + 1 for i, c in enumerate(text) if c in WORD_END}
    before = {i for i, c in enumerate(text) if c in WORD_START}
    return frozenset(b for b in after | before if 0 < b < len(text))


def _badly_broken(text: str, layout: Wrapped, room: int) -> bool:
    if layout.lines < 2:
        return False
    if len(text[layout.starts[-1] :].strip()) == 1:
        return True
    bounds = word_bounds(text)
    if not bounds or all(start in bounds for start in layout.starts):
        return False
    words = word_pieces(text, SIZE, bounds)
    if any(word.width - (_EXACT if word.wide_only else 0) > room for word in words):
        return False  # a word wider than the column breaks inside itself wherever the others break
    return wrap(words, room, SIZE, _EXACT).lines <= layout.lines


class _Cells:
    """One column's cells, measured once: how many lines each takes in a given text width."""

    def __init__(self, name: str, texts: list[str]) -> None:
        self.rigid = name in RIGID_COLUMNS
        self.firm = name in FIRM_COLUMNS
        self.unbroken_only = name in UNBROKEN_COLUMNS
        self.head = int(text_width(name, SIZE))
        breaks = FIRM_BREAKS.get(name)
        self.cells = [[_Line(line, breaks) for line in text.split("\n")] for text in texts]
        self.widest = max([line.width for cell in self.cells for line in cell] or [0])
        # what a firm column must not break: each line's widest part (0 for a column that wraps freely)
        self.unbroken = (
            max([line.widest_part or line.width for cell in self.cells for line in cell] or [0])
            if self.firm
            else 0
        )

    def lines(self, row: int, room: int) -> int:
        if self.rigid:
            return len(self.cells[row])
        return sum(line.count(room) for line in self.cells[row])

    def faults(self, row: int, room: int) -> int:
        if self.rigid:
            return 0
        return sum(line.faults(room) for line in self.cells[row])

    def next_room(self, row: int, room: int) -> int | None:
        """The least text width above room at which the cell takes fewer lines; None when none does."""
        found = [n for line in self.cells[row] if (n := line.fewer_at(room)) is not None]
        return min(found) if found else None

    def shortenings(self, row: int, room: int, spare: int) -> list[int]:
        """The widths added to room at which the cell shortens, up to spare."""
        found = []
        at = room
        while (need := self.next_room(row, at)) is not None and need - room <= spare:
            found.append(need - room)
            at = need
        return found


def column_widths(rows: Sequence[Sequence[str]], total: Length = TEXT_WIDTH) -> list[Length]:
    """Widths for a table's columns from their text: rigid columns as wide as their widest line, the others
    sharing the rest so that the table takes as few lines as it can (never narrower than their header)."""
    header = rows[0]
    margins = layout.CELL_MARGIN * 2 + TABLE_SLACK
    cells = [_Cells(name, [row[index] for row in rows[1:]]) for index, name in enumerate(header)]
    natural = [int(max(c.head, c.widest) + margins) for c in cells]
    flexible = [i for i, c in enumerate(cells) if not c.rigid]
    # a 文号 keeps its widest part on one line while the table has room for it, else only its header
    minimum = [natural[i] if c.rigid else int(max(c.head, c.unbroken) + margins) for i, c in enumerate(cells)]
    if sum(minimum[i] for i in flexible) > total - sum(natural[i] for i, c in enumerate(cells) if c.rigid):
        minimum = [
            minimum[i] if c.rigid or c.unbroken_only else int(c.head + margins) for i, c in enumerate(cells)
        ]
    if not flexible:
        return _scaled(natural, total)
    if len(rows) - 1 > BALANCED_ROWS:
        _whole_dates(cells, minimum, natural, total)
    fixed = sum(w for i, w in enumerate(natural) if i not in flexible)
    wanted = sum(natural[i] for i in flexible)
    room = total - fixed
    widths = list(natural)
    if fixed + wanted <= total:
        for i in flexible:
            widths[i] = natural[i] + (room - wanted) * natural[i] // wanted
    elif sum(minimum[i] for i in flexible) <= room:
        widths = list(minimum)
        spare = room - sum(minimum[i] for i in flexible)
        if len(rows) - 1 <= BALANCED_ROWS and not _search(cells, widths, flexible, spare, int(margins)):
            _balance(cells, widths, flexible, spare, int(margins))
        _share(cells, widths, natural, flexible, room - sum(widths[i] for i in flexible), int(margins))
    else:
        return _scaled(natural, total)
    widths[flexible[-1]] += total - sum(widths)  # rounding: the table spans the text block exactly
    return [Emu(w) for w in widths]


def _whole_dates(cells: list[_Cells], minimum: list[int], natural: list[int], total: int) -> None:
    """A table too large to weigh row by row keeps its dates whole where the page has room: shared in
    proportion to the text, a date column would break most dates for nothing."""
    for i, column in enumerate(cells):
        if column.unbroken_only and sum(minimum) - minimum[i] + natural[i] <= total:
            minimum[i] = natural[i]


def table_lines(rows: Sequence[Sequence[str]], widths: Sequence[int]) -> list[list[int]]:
    """How many lines each cell takes in these column widths, as column_widths() counts them."""
    margins = int(layout.CELL_MARGIN * 2 + TABLE_SLACK)
    cells = [_Cells(name, [row[index] for row in rows[1:]]) for index, name in enumerate(rows[0])]
    return [
        [c.lines(row, int(widths[i]) - margins) for i, c in enumerate(cells)] for row in range(len(rows) - 1)
    ]


def _search(cells: list[_Cells], widths: list[int], flexible: list[int], spare: int, margins: int) -> bool:
    """Every combination of the widths at which the flexible columns' cells shorten, within spare: the one
    with the fewest lines, then the fewest badly broken cells, then the shortest tallest row, then the fewest
    broken dates, then the fewest wrapped cells, then the least width
    (the rest is shared). False, and nothing changed, where the combinations are too many to try."""
    rows = range(len(cells[0].cells))
    fixed = [max([len(c.cells[row]) for c in cells if c.rigid] or [1]) for row in rows]
    options: list[list[tuple[int, list[int]]]] = []
    layouts = len(rows)
    for i in flexible:
        room = widths[i] - margins
        extras = {0}
        for row in rows:
            extras.update(cells[i].shortenings(row, room, spare))
            if layouts * len(extras) > SEARCHED:
                return False
        layouts *= len(extras)
        options.append(
            [
                (
                    extra,
                    [cells[i].lines(row, room + extra) for row in rows],
                    sum(cells[i].faults(row, room + extra) for row in rows),
                )
                for extra in sorted(extras)
            ]
        )
    dates = [cells[i].unbroken_only for i in flexible]
    best: tuple[tuple[int, ...], tuple[tuple[int, list[int], int], ...]] | None = None
    for combo in product(*options):
        used = sum(extra for extra, _, _ in combo)
        if used > spare:
            continue
        heights = [max(fixed[row], *(lines[row] for _, lines, _ in combo)) for row in rows]
        # a date is broken only for the lines it saves the table, not to spare another cell a line
        broken = sum(sum(lines) for (_, lines, _), date in zip(combo, dates, strict=True) if date)
        faults = sum(f for _, _, f in combo)
        cost = (sum(heights), faults, max(heights), broken, sum(sum(lines) for _, lines, _ in combo), used)
        if best is None or cost < best[0]:
            best = (cost, combo)
    if best is None:
        return False
    for i, (extra, _, _) in zip(flexible, best[1], strict=True):
        widths[i] += extra
    return True


def _balance(cells: list[_Cells], widths: list[int], flexible: list[int], spare: int, margins: int) -> None:
    """Hand the spare width, a step at a time, to the column whose widening saves the table the most lines
    for the width it takes. A row is as tall as its tallest cell; a cell losing a line where another cell
    stays as tall counts a little (_CELL_LINE), so that two columns can be widened one after the other."""
    rows = range(len(cells[0].cells))
    lines = [[column.lines(row, widths[i] - margins) for i, column in enumerate(cells)] for row in rows]
    for _step in range(_MOST_STEPS):  # each step saves a line or more; the rest is shared (_share)
        if spare <= 0:
            return
        best: tuple[float, int, int] | None = None
        for i in flexible:
            room = widths[i] - margins
            needs = sorted(
                (need - room, row)
                for row in rows
                if (need := cells[i].next_room(row, room)) is not None and need - room <= spare
            )[:_STEPS]
            saved = 0.0
            for extra, row in needs:
                line = lines[row]
                others = max((n for j, n in enumerate(line) if j != i), default=0)
                fewer = cells[i].lines(row, room + extra)
                saved += max(others, line[i]) - max(others, fewer) + _CELL_LINE * (line[i] - fewer)
                if best is None or saved / extra > best[0]:
                    best = (saved / extra, i, extra)
        if best is None:
            return
        _, i, extra = best
        widths[i] += extra
        spare -= extra
        for row in rows:
            lines[row][i] = cells[i].lines(row, widths[i] - margins)


_CELL_LINE = 0.1  # what a cell's line is worth against a row's
_STEPS = 12  # widenings of a column looked at in one step
_MOST_STEPS = 60  # a table of very long cells would otherwise take seconds to settle


def _share(
    cells: list[_Cells], widths: list[int], natural: list[int], flexible: list[int], spare: int, margins: int
) -> None:
    """What is left goes to the columns that wrap as sentences, in proportion to the text they still wrap,
    unless that costs the table a line or breaks a cell badly that was not (a title column widened from
    巾帼文 / 明岗 to 巾帼文明 / 岗): then to fewer columns, or to one, whichever keeps the layout best."""
    if spare <= 0:
        return
    score = _Score(cells, margins)
    before = score(widths)
    choices = [flexible] + [[j for j in flexible if j != i] for i in flexible if len(flexible) > 2]
    choices += [[i] for i in flexible] + [[i] for i, c in enumerate(cells) if c.rigid]
    best: tuple[tuple[int, int], list[int]] | None = None
    for columns in choices:
        shared = _shared(widths, natural, columns, spare)
        cost = score(shared)
        if best is None or cost < best[0]:
            best = (cost, shared)
        if cost <= before:
            break
    widths[:] = best[1] if best else widths


class _Score:
    """A layout's lines in all (rows as tall as their tallest cell) and its badly broken cells."""

    def __init__(self, cells: list[_Cells], margins: int) -> None:
        self.cells = cells
        self.margins = margins
        self.rows = range(len(cells[0].cells)) if cells else range(0)

    def __call__(self, widths: Sequence[int]) -> tuple[int, int]:
        rooms = [w - self.margins for w in widths]
        lines = sum(max(c.lines(row, r) for c, r in zip(self.cells, rooms, strict=True)) for row in self.rows)
        faults = sum(c.faults(row, r) for c, r in zip(self.cells, rooms, strict=True) for row in self.rows)
        return lines, faults


def _shared(widths: list[int], natural: list[int], columns: list[int], spare: int) -> list[int]:
    shared = list(widths)
    want = {i: max(natural[i] - widths[i], 0) for i in columns}
    stretch = sum(want.values())
    for i in columns:
        shared[i] += spare * want[i] // stretch if stretch else spare // len(columns)
    return shared


def _scaled(widths: list[int], total: Length) -> list[Length]:
    whole = sum(widths) or 1
    scaled = [w * total // whole for w in widths]
    scaled[-1] += total - sum(scaled)
    return [Emu(w) for w in scaled]
