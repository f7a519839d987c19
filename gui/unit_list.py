"""The unit list: a sortable table over core's unit listing, filtered while one types."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
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

from core.services import UnitFilter, UnitSummary
from core.vocab import LEVELS, UNIT_CATEGORIES
from gui.context import AppContext
from gui.widgets import read_only_table

ALL = "全部"
SEARCH_DELAY_MS = 150
COLUMN_WIDTHS = (200, 60, 110, 54, 64)
Index = QModelIndex | QPersistentModelIndex
SELECT_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows


class UnitTableModel(QAbstractTableModel):
    HEADERS = ("名称", "类别", "所在地区", "荣誉数", "最近获奖")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[UnitSummary] = []

    def set_rows(self, rows: list[UnitSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self.rows[index.row()]
        unit = summary.unit
        if role == Qt.ItemDataRole.UserRole:
            return unit.id
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                unit.name,
                unit.category or "",
                unit.region or "",
                summary.honour_count,
                summary.latest_honour_year or "",
            )[column]
        if role == Qt.ItemDataRole.EditRole:  # sort keys
            return (
                unit.pinyin_full,
                unit.category or "",
                unit.region or "",
                summary.honour_count,
                summary.latest_honour_year or 0,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{unit.name}（{unit.short_name}）" if unit.short_name else unit.name
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_of(self, unit_id: int) -> int | None:
        return next((i for i, s in enumerate(self.rows) if s.unit.id == unit_id), None)


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

        self.model = UnitTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)
        self.table = QTableView()
        self.table.setObjectName("unit_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
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
        rows = self.context.services.units.list(self.criteria())
        self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows)
        self.table.selectionModel().blockSignals(False)
        self.count_label.setText(f"共 {len(rows)} 个单位")
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
        return int(self.proxy.data(index, Qt.ItemDataRole.UserRole))

    def select_unit(self, unit_id: int) -> bool:
        row = self.model.row_of(unit_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(index, SELECT_ROW)
        self.table.scrollTo(index)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.unit_selected.emit(
            int(self.proxy.data(current, Qt.ItemDataRole.UserRole)) if current.isValid() else None
        )
