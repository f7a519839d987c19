"""The unit list: a sortable table over core's unit listing, filtered while one types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.services import UnitFilter, UnitRow
from core.vocab import LEVELS, UNIT_CATEGORIES, UNLEVELLED
from gui.column_fit import MIN_TEXT_WIDTH, PADDING, fit_columns
from gui.context import AppContext
from gui.widgets import ElideLeftDelegate, read_only_table

ALL = "全部"
SEARCH_DELAY_MS = 150
TYPICAL_NAME = "长治市工商行政管理局"
PAGE_SIZE = 100  # rows read at a time, when the view first shows one of them
SORT_STATE_KEY = "units/sort"
RESIZE_PRECISION = 60  # rows measured when fitting a column to its content (within the first page)
Index = QModelIndex | QPersistentModelIndex
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.UserRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


def _cell_text(value: Any) -> str:
    """A cell as the list shows it: 0 honours prints 0, not a blank."""
    return "" if value is None else str(value)


FORMERLY = "曾用名："


class UnitTableModel(QAbstractTableModel):
    """The units matching the filter, held as ids in the database's order; what a row shows is
    read a page at a time when the view first paints a row of that page, so that a city's 10,000
    units list at once and scrolling anywhere reads at most a page or two."""

    HEADERS = ("名称", "类别", "所在地区", "荣誉数", "最近获奖")
    SORT_KEYS = ("name", "category", "region", "honours", "latest")  # core's UnitService.listing sorts
    sort_changed = Signal()

    def __init__(self, load_rows: Callable[[Sequence[int]], dict[int, UnitRow]]) -> None:
        super().__init__()
        self._load_rows = load_rows
        self.ids: list[int] = []  # every listed unit, in order
        self._pages: dict[int, dict[int, UnitRow]] = {}
        self._positions: dict[int, int] | None = None
        self.sort_key = "name"
        self.descending = False

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._pages = {}
        self._positions = None
        self.endResetModel()

    @property
    def pages_read(self) -> int:
        return len(self._pages)

    def row(self, position: int) -> UnitRow | None:
        """The row at a position, reading its page when needed; None for a unit removed since."""
        page = position // PAGE_SIZE
        if page not in self._pages:
            self._pages[page] = self._load_rows(self.ids[page * PAGE_SIZE : (page + 1) * PAGE_SIZE])
        return self._pages[page].get(self.ids[position])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The view's header was clicked: the panel lists again, sorted by the database."""
        self.sort_key = self.SORT_KEYS[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.sort_changed.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every painted cell: roles this model does not answer leave first.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.ids[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT_ALIGNED if column in (3, 4) else None
        row = self.row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 2:
                return row.region or None
            if column != 0:
                return None
            named = f"{row.name}（{row.short_name}）" if row.short_name else row.name
            return f"{named}\n{FORMERLY}{row.formerly}" if row.formerly else named
        if column == 0:  # found by a former name: the list says so, or the row looks like a wrong match
            return f"{row.name}（{FORMERLY}{row.formerly}）" if row.formerly else row.name
        if column == 1:
            return row.category or ""
        if column == 2:
            return row.region or ""
        if column == 3:
            return row.honour_count
        return row.latest_honour_year or ""

    def row_of(self, unit_id: int) -> int | None:
        """The unit's position, or None when it is not listed."""
        if self._positions is None:
            self._positions = {unit_id: position for position, unit_id in enumerate(self.ids)}
        return self._positions.get(unit_id)


class UnitListPanel(QWidget):
    unit_selected = Signal(object)  # unit id, or None when nothing is selected
    selection_changed = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.search = QLineEdit()
        self.search.setObjectName("unit_search")
        self.search.setPlaceholderText("搜索名称、拼音或首字母（如 hhz）")
        self.search.setClearButtonEnabled(True)
        self.category = self._combo("category_filter", [ALL, *UNIT_CATEGORIES])
        self.region = self._combo("region_filter", [ALL])
        self.level = self._combo("level_filter", [ALL, *LEVELS, UNLEVELLED])
        self.level.setToolTip("只显示获得过该级别荣誉的单位")
        self.year = self._combo("year_filter", [ALL])
        self.year.setToolTip("只显示该年度获得过荣誉的单位；荣誉数也只数这一年的")

        self.model = UnitTableModel(lambda ids: self.context.services.units.rows(ids, self.criteria()))
        self.table = QTableView()
        self.table.setObjectName("unit_table")
        self.table.setModel(self.model)
        self._restore_sort()
        self.table.setSortingEnabled(True)
        self.model.sort_changed.connect(self._sorted)
        # Before currentRowChanged is connected: the row focus makes current is selected first, so that
        # the unit shown is always the one selected (and the one Delete takes).
        read_only_table(self.table, multi_select=True)
        self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
        # 名称 and 所在地区 share the room: a region is cut only when even cuts leave it too little.
        fit_columns(self.table, {0: 2, 2: 1}, short_first=True)
        # A region cut short keeps its narrowest part: "…宁波市江东区".
        self.table.setItemDelegateForColumn(2, ElideLeftDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.count_label = QLabel()
        self.count_label.setObjectName("unit_count")
        self.count_label.setWordWrap(True)  # the hint of an empty list is longer than the pane

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.relist)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self.go_to_results)
        self.search.installEventFilter(self)
        for combo in (self.category, self.region, self.level, self.year):
            combo.currentIndexChanged.connect(lambda _i: self.relist())

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 4)
        # Two filters a row: four in one made the list at least 450 pixels wide, and the window wider
        # than a 1366×768 screen at 150 % (910 pixels).
        for place, (caption, combo) in enumerate(
            (("类别", self.category), ("地区", self.region), ("级别", self.level), ("年度", self.year))
        ):
            row, column = 1 + place // 2, (place % 2) * 2
            filters.addWidget(QLabel(caption), row, column)
            filters.addWidget(combo, row, column + 1)
            filters.setColumnStretch(column + 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def minimumSizeHint(self) -> QSize:
        """Room for a name of ten characters (“长治市工商行政管理局”) beside four of a region and the short
        columns, so that a narrow window takes its width from the tabs beside the list first."""
        hint = super().minimumSizeHint()
        header = self.table.horizontalHeader()
        short = sum(header.sectionSizeHint(c) for c in range(self.model.columnCount()) if c not in (0, 2))
        name = self.table.fontMetrics().horizontalAdvance(TYPICAL_NAME) + PADDING
        chrome = self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        return hint.expandedTo(QSize(short + name + MIN_TEXT_WIDTH + chrome, hint.height()))

    @staticmethod
    def _combo(name: str, items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItems(items)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(4)
        return combo

    def criteria(self) -> UnitFilter:
        def chosen(combo: QComboBox) -> str | None:
            return None if combo.currentText() == ALL else combo.currentText()

        year = chosen(self.year)
        return UnitFilter(
            search=self.search.text().strip() or None,
            category=chosen(self.category),
            region=chosen(self.region),
            level=chosen(self.level),
            year_from=int(year) if year else None,
            year_to=int(year) if year else None,
        )

    def filters(self) -> tuple[QComboBox, ...]:
        return (self.category, self.region, self.level, self.year)

    def _restore_sort(self) -> None:
        """Come back to yesterday's order: the column and direction are remembered."""
        saved = str(self.context.state.value(SORT_STATE_KEY, "") or "")
        key, _, direction = saved.partition(":")
        column = self.model.SORT_KEYS.index(key) if key in self.model.SORT_KEYS else 0
        order = Qt.SortOrder.DescendingOrder if direction == "desc" else Qt.SortOrder.AscendingOrder
        self.model.sort_key, self.model.descending = self.model.SORT_KEYS[column], direction == "desc"
        self.table.horizontalHeader().setSortIndicator(column, order)

    def _sorted(self) -> None:
        direction = "desc" if self.model.descending else "asc"
        self.context.state.set_value(SORT_STATE_KEY, f"{self.model.sort_key}:{direction}")
        self.relist()

    def refresh(self) -> None:
        """Re-read from core after a change, keeping the selected unit selected when still listed."""
        self._refresh_choices(self.region, self.context.services.units.regions())
        self._refresh_choices(self.year, [str(y) for y in self.context.services.honours.years()])
        self.relist()

    def relist(self) -> None:
        """List again under the current search, filters and sort (a keystroke, a filter, a header)."""
        self._timer.stop()
        selected = self.current_unit_id()
        ids = self.context.services.units.listing(
            self.criteria(), sort=self.model.sort_key, descending=self.model.descending
        )
        self.table.selectionModel().blockSignals(True)
        self.model.set_ids(ids)
        self.table.selectionModel().blockSignals(False)
        self.count_label.setText(self._count_text(len(ids)))
        if selected is not None and self.select_unit(selected):
            return
        self.unit_selected.emit(self.current_unit_id())

    def _count_text(self, count: int) -> str:
        """共 N 个单位; an empty list says what to do, so that a first day does not start at a blank table."""
        if count:
            return f"共 {count} 个单位"
        if self.search.text().strip() or any(combo.currentText() != ALL for combo in self.filters()):
            return "没有符合条件的单位：请修改搜索内容或筛选条件。"
        return (
            "还没有单位：用“文件 → 新建单位”（Ctrl+N）逐个添加，或“文件 → 导入Excel”（Ctrl+I）"
            "导入登记表；也可在“帮助”菜单中载入示例数据。"
        )

    @staticmethod
    def _refresh_choices(combo: QComboBox, values: list[str]) -> None:
        current = combo.currentText()
        items = [ALL, *values]
        if items == [combo.itemText(i) for i in range(combo.count())]:
            return
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(items)
        combo.setCurrentIndex(max(combo.findText(current), 0))
        combo.blockSignals(False)

    def selected_unit_ids(self) -> list[int]:
        """The selected units, top to bottom as listed."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.ids[row] for row in rows if row < len(self.model.ids)]

    def shown_rows(self, selected_only: bool = False) -> list[list[str]]:
        """The cells of the listed rows (or of the selected ones), as shown."""
        rows = (
            sorted(index.row() for index in self.table.selectionModel().selectedRows())
            if selected_only
            else range(self.model.rowCount())
        )
        return [
            [_cell_text(self.model.index(row, column).data()) for column in range(self.model.columnCount())]
            for row in rows
        ]

    def current_unit_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return int(self.model.data(index, Qt.ItemDataRole.UserRole))

    def select_unit(self, unit_id: int) -> bool:
        row = self.model.row_of(unit_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, SELECT_ROW)
        self.table.scrollTo(index)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box goes on to the units found, as Enter does."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.go_to_results()
            return True
        return super().eventFilter(watched, event)

    def go_to_results(self) -> None:
        """From the search box to the list: the first unit found opens unless one is already chosen."""
        if self._timer.isActive():
            self.relist()  # the last keystroke's search has not run yet
        if not self.model.rowCount():
            return
        if self.current_unit_id() is None:
            self.table.selectionModel().setCurrentIndex(self.model.index(0, 0), SELECT_ROW)
        self.table.setFocus(Qt.FocusReason.TabFocusReason)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.unit_selected.emit(
            int(self.model.data(current, Qt.ItemDataRole.UserRole)) if current.isValid() else None
        )
