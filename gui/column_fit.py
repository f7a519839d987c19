"""Column widths that follow the content: short columns fit what they hold, text columns share the rest.

Qt's own modes each fail a clerk's table somewhere: ResizeToContents lets one long 文号 push the title
off screen, Stretch gives an empty 授予单位 as much room as the title. fit_columns() keeps every short
column (dates, levels, counts) at its content width and lets the text columns share what is left: each
gets its content width while there is room, and the free width goes to the heaviest (the title). Short of
room, the longest are cut first, in proportion to their weight (the title keeps more than the 文号),
never below a minimum.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

MIN_TEXT_WIDTH = 72  # a text column never gets narrower than about four characters
PADDING = 12  # beyond Qt's size hint, so that text does not touch the grid line


def share_width(
    contents: list[int],
    weights: list[float],
    room: int,
    minimum: int = MIN_TEXT_WIDTH,
    *,
    short_first: bool = False,
) -> list[int]:
    """Widths for text columns of the given content widths and weights that fill `room`.

    With room to spare every column gets its content and the heaviest (the title) the rest. Short of
    room, column i gets min(content_i, max(minimum, weight_i × cap)) for the largest cap that fits: the
    widest columns give up width first, a heavier one (the title) keeps more, none goes below the minimum.
    With short_first, the columns that fit under an even cut keep their whole content first (a region
    beside one very long unit name), and the weights share out what is left among the others.
    """
    if not contents:
        return []
    floors = [min(content, minimum) for content in contents]
    if room <= sum(floors):
        return floors
    if sum(contents) <= room:
        widths = list(contents)  # the spare room goes to the heaviest column (the title)
        widths[max(range(len(weights)), key=lambda i: weights[i])] += room - sum(contents)
        return widths
    elif short_first:
        even = _fill(contents, [1.0] * len(contents), room, minimum)
        whole = [c <= cap for c, cap in zip(contents, even, strict=True)]
        left = room - sum(c for c, keep in zip(contents, whole, strict=True) if keep)
        cut_contents = [c for c, keep in zip(contents, whole, strict=True) if not keep]
        cut_weights = [w for w, keep in zip(weights, whole, strict=True) if not keep]
        cut = iter(_fill(cut_contents, cut_weights, left, minimum))
        widths = [c if keep else next(cut) for c, keep in zip(contents, whole, strict=True)]
    else:
        widths = _fill(contents, weights, room, minimum)
    widths[_widest(widths)] += room - sum(widths)  # rounding
    return widths


def _fill(contents: list[int], weights: list[float], room: int, minimum: int) -> list[int]:
    """min(content_i, max(minimum, weight_i * cap)) for the largest cap whose widths fit in room."""
    if not contents:
        return []
    low, high = 0.0, max(c / max(w, 0.01) for c, w in zip(contents, weights, strict=True))
    for _ in range(40):
        cap = (low + high) / 2
        if sum(_capped(contents, weights, cap, minimum)) > room:
            high = cap
        else:
            low = cap
    return _capped(contents, weights, low, minimum)


def _capped(contents: list[int], weights: list[float], cap: float, minimum: int) -> list[int]:
    return [
        min(content, max(minimum, int(weight * cap)))
        for content, weight in zip(contents, weights, strict=True)
    ]


def _widest(widths: list[int]) -> int:
    return max(range(len(widths)), key=lambda i: widths[i])


class ColumnFit(QObject):
    """Keeps a table's columns fitted (see the module docstring) as the view resizes and its rows change."""

    fitted = Signal()

    def __init__(
        self, view: QTableView, text_columns: Mapping[int, float], *, short_first: bool = False
    ) -> None:
        super().__init__(view)
        self.view = view
        self.text_columns = dict(text_columns)
        self.short_first = short_first
        self._contents: list[int] | None = None
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

    def _content_widths(self) -> list[int]:
        if self._contents is None:
            header = self.view.horizontalHeader()
            self._contents = [
                max(header.sectionSizeHint(column), self.view.sizeHintForColumn(column) + PADDING)
                for column in range(header.count())
            ]
        return self._contents

    def fit(self) -> None:
        header = self.view.horizontalHeader()
        contents = self._content_widths()
        shown = [column for column in range(header.count()) if not header.isSectionHidden(column)]
        text = [column for column in shown if column in self.text_columns]
        fixed = [column for column in shown if column not in self.text_columns]
        room = self.view.viewport().width() - sum(contents[column] for column in fixed)
        weights = [self.text_columns[c] for c in text]
        widths = share_width([contents[c] for c in text], weights, room, short_first=self.short_first)
        for column in fixed:
            header.resizeSection(column, contents[column])
        for column, width in zip(text, widths, strict=True):
            header.resizeSection(column, width)
        self.fitted.emit()


def fit_columns(
    view: QTableView, text_columns: Mapping[int, float], *, short_first: bool = False
) -> ColumnFit:
    """Fit the view's columns to their content; text_columns maps a column to its share of spare room
    (see share_width for short_first)."""
    return ColumnFit(view, text_columns, short_first=short_first)
