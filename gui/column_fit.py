"""Column widths that follow the content: short columns fit what they hold, text columns share the rest.

Qt's own modes each fail a clerk's table somewhere: ResizeToContents lets one long 文号 push the title
off screen, Stretch gives an empty 授予单位 as much room as the title. fit_columns() keeps every short
column (dates, levels, counts) at its content width and lets the text columns share what is left: each
gets its content width while there is room, and the free width goes to the heaviest (the title). Short of
room (a 1366×768 laptop at 150 %), the room goes first to what a clerk reads: the short columns' content,
then the title (room for a typical one), then the other text columns (cut with "…", never below about
two characters), and only then the short columns' padding; a table scrolls sideways only when even the
least of all that does not fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

MIN_TEXT_WIDTH = 72  # about four characters: less only where the title and the short columns need it
LEAST_TEXT_WIDTH = 36  # and never below about two ("授予…", "中…"; its tooltip holds the whole text)
PADDING = 12  # beyond Qt's size hint, so that text does not touch the grid line
# Ten characters: most honour titles on one line; a longer one wraps where its year or brackets begin
# (“宁波市第十届文明单位（2019—2021年度）”), not inside a word (“全国文明单/位”).
TYPICAL_TITLE = "宁波市第十届文明单位"


def fit_widths(
    short: Sequence[tuple[int, int]],
    contents: list[int],
    weights: list[float],
    room: int,
    *,
    claim: int = 0,
    least: int = LEAST_TEXT_WIDTH,
    short_first: bool = False,
) -> tuple[list[int], list[int]]:
    """Widths of the short columns (each given as (content, content with padding)) and of the text
    columns (content widths, weights) that fill `room`, handed out in this order:

    1. every short column its content, every text column up to `least`;
    2. the heaviest text column (the title) up to `claim`;
    3. the other text columns up to MIN_TEXT_WIDTH;
    4. the short columns their padding;
    5. the rest as share_width() shares it among the text columns.

    No column gets more than its content before step 5. A step the room does not cover is shared out
    evenly. When even step 1 does not fit, the table has to scroll sideways anyway: every column then
    keeps the width of step 4 (readable, rather than as narrow as it can be).
    """
    bare, padded = [b for b, _ in short], [p for _, p in short]
    narrowest = [min(content, least) for content in contents]
    first = list(narrowest)
    if weights and claim:
        heaviest = _widest(weights)
        first[heaviest] = max(narrowest[heaviest], min(contents[heaviest], claim))
    floors = [max(f, min(content, MIN_TEXT_WIDTH)) for f, content in zip(first, contents, strict=True)]
    levels = [bare + narrowest, bare + first, bare + floors, padded + floors]
    if sum(levels[0]) > room:
        return padded, floors
    widths = _climb(levels, room)
    if widths is not None:
        return widths[: len(short)], widths[len(short) :]
    shared = share_width(contents, weights, room - sum(padded), floors=floors, short_first=short_first)
    return padded, shared


def _climb(levels: list[list[int]], room: int) -> list[int] | None:
    """The widths of the last level that fits in room (the first one does), plus an even share of the
    next one's growth; None when every level fits."""
    below = levels[0]
    for level in levels[1:]:
        if sum(level) > room:
            return _between(below, level, room)
        below = level
    return None


def _between(low: list[int], high: list[int], room: int) -> list[int]:
    """low grown towards high by an even step (each column at most to its high) to fill room exactly."""
    step_low, step_high = 0, max(h - lo for lo, h in zip(low, high, strict=True))
    while step_low < step_high:  # the largest step whose widths fit
        step = (step_low + step_high + 1) // 2
        if sum(min(h, lo + step) for lo, h in zip(low, high, strict=True)) <= room:
            step_low = step
        else:
            step_high = step - 1
    widths = [min(h, lo + step_low) for lo, h in zip(low, high, strict=True)]
    for i in range(len(widths)):  # the pixels an even step leaves over, one each
        if sum(widths) < room and widths[i] < high[i]:
            widths[i] += 1
    return widths


def share_width(
    contents: list[int],
    weights: list[float],
    room: int,
    minimum: int = MIN_TEXT_WIDTH,
    *,
    floors: list[int] | None = None,
    short_first: bool = False,
) -> list[int]:
    """Widths for text columns of the given content widths and weights that fill `room`.

    With room to spare every column gets its content and the heaviest (the title) the rest. Short of
    room, column i gets min(content_i, max(floor_i, weight_i × cap)) for the largest cap that fits: the
    widest columns give up width first, a heavier one (the title) keeps more, none goes below its floor
    (min(content_i, minimum) unless floors are given).
    With short_first, the columns that fit under an even cut keep their whole content first (a region
    beside one very long unit name), and the weights share out what is left among the others.
    """
    if not contents:
        return []
    if floors is None:
        floors = [min(content, minimum) for content in contents]
    if room <= sum(floors):
        return list(floors)
    if sum(contents) <= room:
        widths = list(contents)  # the spare room goes to the heaviest column (the title)
        widths[_widest(weights)] += room - sum(contents)
        return widths
    elif short_first:
        even = _fill(contents, [1.0] * len(contents), room, floors)
        whole = [c <= cap for c, cap in zip(contents, even, strict=True)]
        left = room - sum(c for c, keep in zip(contents, whole, strict=True) if keep)
        cut = [(c, w, f) for c, w, f, keep in zip(contents, weights, floors, whole, strict=True) if not keep]
        shared = iter(_fill([c for c, _, _ in cut], [w for _, w, _ in cut], left, [f for _, _, f in cut]))
        widths = [c if keep else next(shared) for c, keep in zip(contents, whole, strict=True)]
    else:
        widths = _fill(contents, weights, room, floors)
    widths[_widest(widths)] += room - sum(widths)  # rounding
    return widths


def _fill(contents: list[int], weights: list[float], room: int, floors: list[int]) -> list[int]:
    """min(content_i, max(floor_i, weight_i * cap)) for the largest cap whose widths fit in room."""
    if not contents:
        return []
    low, high = 0.0, max(c / max(w, 0.01) for c, w in zip(contents, weights, strict=True))
    for _ in range(40):
        cap = (low + high) / 2
        if sum(_capped(contents, weights, cap, floors)) > room:
            high = cap
        else:
            low = cap
    return _capped(contents, weights, low, floors)


def _capped(contents: list[int], weights: list[float], cap: float, floors: list[int]) -> list[int]:
    return [
        min(content, max(floor, int(weight * cap)))
        for content, weight, floor in zip(contents, weights, floors, strict=True)
    ]


def _widest(widths: Sequence[float]) -> int:
    return max(range(len(widths)), key=lambda i: widths[i])


class ColumnFit(QObject):
    """Keeps a table's columns fitted (see the module docstring) as the view resizes and its rows change."""

    fitted = Signal()

    def __init__(
        self,
        view: QTableView,
        text_columns: Mapping[int, float],
        *,
        short_first: bool = False,
        claim: str = "",
    ) -> None:
        super().__init__(view)
        self.view = view
        self.text_columns = dict(text_columns)
        self.short_first = short_first
        self.claim = claim
        self._contents: list[tuple[int, int]] | None = None
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        # The model's signals start a timer (a C++ slot), never Python directly: a view being deleted
        # still emits them after this object's Python side is gone ("Slot 'ColumnFit::' not found").
        self._changed = QTimer(self)
        self._changed.setSingleShot(True)
        self._changed.setInterval(0)
        self._changed.timeout.connect(self.content_changed)
        view.viewport().installEventFilter(self)
        self._watch(view)

    def _watch(self, view: QAbstractItemView) -> None:
        model = view.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.columnsInserted,
            model.headerDataChanged,
        ):
            signal.connect(self._changed.start)

    def content_changed(self) -> None:
        self._contents = None
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def _content_widths(self) -> list[tuple[int, int]]:
        """Each column's content width, as Qt measures it and with PADDING."""
        if self._contents is None:
            header = self.view.horizontalHeader()
            self._contents = []
            for column in range(header.count()):
                label, cells = header.sectionSizeHint(column), self.view.sizeHintForColumn(column)
                self._contents.append((max(label, cells), max(label, cells + PADDING)))
        return self._contents

    def _claim_width(self) -> int:
        """The width that shows the claimed text on one line in a cell (Qt's margins and grid line)."""
        if not self.claim:
            return 0
        margin = self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
        grid = 1 if self.view.showGrid() else 0
        return self.view.fontMetrics().horizontalAdvance(self.claim) + 2 * margin + grid

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        contents = self._content_widths()
        shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
        text = [column for column in shown if column in self.text_columns]
        short = [column for column in shown if column not in self.text_columns]
        short_widths, text_widths = fit_widths(
            [contents[c] for c in short],
            [contents[c][1] for c in text],
            [self.text_columns[c] for c in text],
            self.view.viewport().width(),
            claim=self._claim_width(),
            least=max(LEAST_TEXT_WIDTH, header.minimumSectionSize()),  # Qt makes no section narrower
            short_first=self.short_first,
        )
        for column, width in zip(short + text, short_widths + text_widths, strict=True):
            header.resizeSection(column, width)
        self.fitted.emit()


def fit_columns(
    view: QTableView,
    text_columns: Mapping[int, float],
    *,
    short_first: bool = False,
    claim: str = "",
) -> ColumnFit:
    """Fit the view's columns to their content; text_columns maps a column to its share of spare room
    (see share_width for short_first). claim: a text the heaviest text column gets room for, on one line,
    before the other text columns get more than LEAST_TEXT_WIDTH (see fit_widths)."""
    return ColumnFit(view, text_columns, short_first=short_first, claim=claim)
