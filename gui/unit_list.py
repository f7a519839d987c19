"""The unit list: a sortable table over core's unit listing, filtered while one types."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.services import UnitFilter, UnitRow
from core.vocab import LEVELS, UNIT_CATEGORIES
from gui.context import AppContext
from gui.widgets import read_only_table

ALL = "全部"
SEARCH_DELAY_MS = 150
PAGE_SIZE = 200  # rows fetched at a time as the list scrolls
COLUMN_WIDTHS = (200, 60, 110, 54, 64)
Index = QModelIndex | QPersistentModelIndex
SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


class UnitTableModel(QAbstractTableModel):
    """The units matching the filter, as ids in order, with their rows fetched a page at a time
    as the view scrolls (canFetchMore/fetchMore), so that a city's 10,000 units list at once."""

    HEADERS = ("名称", "类别", "所在地区", "荣誉数", "最近获奖")
    SORT_KEYS = ("name", "category", "region", "honours", "latest")  # core's UnitService.listing sorts
    sort_changed = Signal()

    def __init__(self, load_rows: Callable[[Sequence[int]], dict[int, UnitRow]]) -> None:
        super().__init__()
        self._load_rows = load_rows
        self.ids: list[int] = []  # every listed unit, in order
        self._rows: dict[int, UnitRow] = {}
        self._fetched = 0  # how many of ids the view has been given
        self.sort_key = "name"
        self.descending = False

    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._rows = {}
        self._fetched = 0
        self._fetch(PAGE_SIZE)
        self.endResetModel()

    def _fetch(self, count: int) -> None:
        batch = self.ids[self._fetched : self._fetched + count]
        self._rows.update(self._load_rows(batch))
        self._fetched += len(batch)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._fetched < len(self.ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        count = min(PAGE_SIZE, len(self.ids) - self._fetched)
        if parent.isValid() or count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._fetched, self._fetched + count - 1)
        self._fetch(count)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._fetched

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
        if not index.isValid():
            return None
        unit_id = self.ids[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return unit_id
        row = self._rows.get(unit_id)
        if row is None:  # removed since it was listed; the next refresh drops it
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.name,
                row.category or "",
                row.region or "",
                row.honour_count,
                row.latest_honour_year or "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{row.name}（{row.short_name}）" if row.short_name else row.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, unit_id: int) -> int | None:
        """The unit's row, fetching pages up to it; None when it is not listed."""
        try:
            position = self.ids.index(unit_id)
        except ValueError:
            return None
        while self._fetched <= position:
            self.fetchMore()
        return position


class UnitListPanel(QWidget):
    unit_selected = Signal(object)  # unit id, or None when nothing is selected

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.search = QLineEdit()
        self.search.setObjectName("unit_search")
        self.search.setPlaceholderText("搜索名称、拼音或首字母（如 hhz）")
        self.search.setClearButtonEnabled(True)
        self.category = self._combo("category_filter", [ALL, *UNIT_CATEGORIES])
        self.region = self._combo("region_filter", [ALL])
        self.level = self._combo("level_filter", [ALL, *LEVELS])
        self.level.setToolTip("只显示获得过该级别荣誉的单位")

        self.model = UnitTableModel(lambda ids: self.context.services.units.rows(ids, self.criteria()))
        self.table = QTableView()
        self.table.setObjectName("unit_table")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.model.sort_changed.connect(self.refresh)
        read_only_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count_label = QLabel()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        for combo in (self.category, self.region, self.level):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())

        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 6)
        for column, (caption, combo) in enumerate(
            (("类别", self.category), ("地区", self.region), ("荣誉级别", self.level))
        ):
            filters.addWidget(QLabel(caption), 1, column * 2)
            filters.addWidget(combo, 1, column * 2 + 1)
            filters.setColumnStretch(column * 2 + 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

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

        return UnitFilter(
            search=self.search.text().strip() or None,
            category=chosen(self.category),
            region=chosen(self.region),
            level=chosen(self.level),
        )

    def refresh(self) -> None:
        """Re-read from core, keeping the selected unit selected when it is still listed."""
        self._timer.stop()
        selected = self.current_unit_id()
        self._refresh_regions()
        ids = self.context.services.units.listing(
            self.criteria(), sort=self.model.sort_key, descending=self.model.descending
        )
        self.table.selectionModel().blockSignals(True)
        self.model.set_ids(ids)
        self.table.selectionModel().blockSignals(False)
        self.count_label.setText(f"共 {len(ids)} 个单位")
        if selected is not None and self.select_unit(selected):
            return
        self.unit_selected.emit(self.current_unit_id())

    def _refresh_regions(self) -> None:
        current = self.region.currentText()
        regions = [ALL, *self.context.services.units.regions()]
        if regions == [self.region.itemText(i) for i in range(self.region.count())]:
            return
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItems(regions)
        self.region.setCurrentIndex(max(self.region.findText(current), 0))
        self.region.blockSignals(False)

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

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.unit_selected.emit(
            int(self.model.data(current, Qt.ItemDataRole.UserRole)) if current.isValid() else None
        )
