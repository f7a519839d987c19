"""A row of buttons that wraps onto a second row when the pane is narrow, so a narrow screen does not
make a tab's buttons take the width the unit list needs (Qt ships no such layout)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Widgets left to right, wrapping as needed; a widget added with `right=True` (a filter) keeps to
    the right end of its row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._right: set[int] = set()
        self.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget, *, right: bool = False) -> None:
        self.addChildWidget(widget)
        if right:
            self._right.add(len(self._items))
        self._items.append(QWidgetItem(widget))
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self._right = {i - (i > index) for i in self._right if i != index}
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), place=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, place=True)

    def sizeHint(self) -> QSize:
        """One row."""
        hints = [item.sizeHint() for item in self._visible()]
        width = sum(h.width() for h in hints) + self._gap() * max(len(hints) - 1, 0)
        return QSize(width, max((h.height() for h in hints), default=0))

    def minimumSize(self) -> QSize:
        """The widest group that must stay together (年度 and its list), one row each."""
        widest = max((self._width(group) for group in self._groups()), default=0)
        return QSize(widest, self.heightForWidth(widest))

    def _gap(self) -> int:
        spacing = self.spacing()
        return spacing if spacing >= 0 else 6

    def _visible(self) -> list[QLayoutItem]:
        return [item for _index, item in self._visible_indexed()]

    def _visible_indexed(self) -> list[tuple[int, QLayoutItem]]:
        return [(i, item) for i, item in enumerate(self._items) if not item.isEmpty()]

    def _groups(self) -> list[list[tuple[int, QLayoutItem]]]:
        """Each widget alone, except the right-hand ones, which stay together on one row."""
        groups: list[list[tuple[int, QLayoutItem]]] = []
        for index, item in self._visible_indexed():
            if index in self._right and groups and groups[-1][-1][0] in self._right:
                groups[-1].append((index, item))
            else:
                groups.append([(index, item)])
        return groups

    def _width(self, group: list[tuple[int, QLayoutItem]]) -> int:
        return sum(item.sizeHint().width() for _i, item in group) + self._gap() * (len(group) - 1)

    def _rows(self, width: int) -> list[list[tuple[int, QLayoutItem]]]:
        rows: list[list[tuple[int, QLayoutItem]]] = [[]]
        used = 0
        for group in self._groups():
            need = self._width(group) + (self._gap() if rows[-1] else 0)
            if rows[-1] and used + need > width:
                rows.append([])
                used, need = 0, self._width(group)
            rows[-1].extend(group)
            used += need
        return rows

    def _arrange(self, rect: QRect, *, place: bool) -> int:
        y = rect.y()
        for number, row in enumerate(self._rows(rect.width())):
            height = max((item.sizeHint().height() for _i, item in row), default=0)
            if number:
                y += self._gap()
            if place:
                self._place_row(row, rect, y, height)
            y += height
        return y - rect.y()

    def _place_row(self, row: list[tuple[int, QLayoutItem]], rect: QRect, y: int, height: int) -> None:
        left = [item for index, item in row if index not in self._right]
        right = [item for index, item in row if index in self._right]
        x = rect.x()
        for item in left:
            size = item.sizeHint()
            item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
            x += size.width() + self._gap()
        x = rect.right() + 1 - sum(item.sizeHint().width() for item in right)
        x -= self._gap() * max(len(right) - 1, 0)
        for item in right:
            size = item.sizeHint()
            item.setGeometry(QRect(QPoint(x, y + (height - size.height()) // 2), size))
            x += size.width() + self._gap()
