"""The import history: every applied import, and the undo of a whole batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.changelog import local_time
from core.changes import Changes
from core.importing.history import UndoResult, list_batches, undo_batch
from core.models import ImportBatch
from gui.context import AppContext
from gui.errors import show_error
from gui.ops import BackgroundOp
from gui.widgets import LazyPage, read_only_table

HEADERS = ("导入时间", "文件", "工作表", "新建单位", "新增荣誉", "重复", "拒绝", "状态")
COUNT_KEYS = ("units_created", "honours_created", "duplicates", "rejected")
ACTIVE = "有效"
TIME_FORMAT = "%Y-%m-%d %H:%M"


def batch_time(batch: ImportBatch) -> str:
    return local_time(batch.created_at).strftime(TIME_FORMAT)


def batch_status(batch: ImportBatch) -> str:
    if batch.undone_at is None:
        return ACTIVE
    return f"已撤销（{local_time(batch.undone_at).strftime(TIME_FORMAT)}）"


def batch_cells(batch: ImportBatch) -> list[str]:
    counts = batch.counts or {}
    return [
        batch_time(batch),
        Path(batch.file_name).name,
        batch.sheet or "",
        *(str(counts.get(key, 0)) for key in COUNT_KEYS),
        batch_status(batch),
    ]


class ImportHistoryPage(LazyPage):
    """A table of import batches, newest first, with 撤销这次导入…."""

    watched = ("units", "honours", "imports")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.batches: list[tuple[ImportBatch, int]] = []
        self._build()  # filled when first shown (LazyPage)

    def _build(self) -> None:
        self.table = read_only_table(QTableWidget(0, len(HEADERS)))
        self.table.setObjectName("import_history_table")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.undo_button = QPushButton("撤销这次导入…")
        self.undo_button.setObjectName("undo_import_button")
        self.empty_label = QLabel("还没有导入过登记表。")
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty_label)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.undo_button.clicked.connect(self.undo_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    # -- showing -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_batch()
        try:
            self.batches = list_batches(self.context.services.db)
        except Exception as error:
            show_error(self, error)
            return
        self.mark_fresh()
        self.table.setRowCount(len(self.batches))
        for row, (batch, live) in enumerate(self.batches):
            for column, text in enumerate(batch_cells(batch)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, batch.id)
                if column >= 3 and column < len(HEADERS) - 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(batch.file_name if column == 1 else text)
                self.table.setItem(row, column, item)
            self.table.item(row, len(HEADERS) - 1).setToolTip(f"这次导入的荣誉现存 {live} 项")
        self.table.resizeColumnsToContents()
        self.empty_label.setVisible(not self.batches)
        if selected is not None:
            self.select_batch(selected.id)
        self._update_buttons()

    # -- selection ---------------------------------------------------------------------------------

    def selected_batch(self) -> ImportBatch | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        batch_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((batch for batch, _live in self.batches if batch.id == batch_id), None)

    def select_batch(self, batch_id: int) -> None:
        for row, (batch, _live) in enumerate(self.batches):
            if batch.id == batch_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        batch = self.selected_batch()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    # -- undo --------------------------------------------------------------------------------------

    def undo_selected(self) -> None:
        batch = self.selected_batch()
        if batch is None or batch.undone_at is not None or not self._confirm(batch):
            return
        database = self.context.services.db
        batch_id = batch.id
        self.undo_button.setEnabled(False)
        BackgroundOp(
            self, lambda _progress: undo_batch(database, batch_id), "正在撤销导入…", cancellable=False
        ).success(self._undone).failure(self._undo_failed).run_in_background()

    def _confirm(self, batch: ImportBatch) -> bool:
        counts = batch.counts or {}
        text = (
            f"确定要撤销 {batch_time(batch)} 导入的“{Path(batch.file_name).name}”吗？\n\n"
            f"将删除这次导入新增的 {counts.get('honours_created', 0)} 项荣誉"
            f"和新建的 {counts.get('units_created', 0)} 个单位"
        )
        if counts.get("units_updated"):
            text += f"，并把被更新的 {counts['units_updated']} 个单位还原为导入前的内容"
        text += "。\n\n新建的单位如已另有荣誉或工作材料，会予以保留。撤销前会自动备份数据库。"
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self, "撤销导入", text, buttons.Yes | buttons.No, buttons.No)
        return bool(answer == buttons.Yes)

    def _undone(self, result: UndoResult) -> None:
        self.announce(Changes.everything())
        self.context.clear_undo("已撤销一次导入")
        text = (
            f"已撤销：删除荣誉 {result.honours_removed} 项、单位 {result.units_removed} 个，"
            f"还原单位 {result.units_restored} 个。"
        )
        if result.kept:
            text += "\n\n" + "\n".join(result.kept)
        QMessageBox.information(self, "撤销导入", text)

    def _undo_failed(self, error: BaseException) -> None:
        self.announce(Changes.everything())
        show_error(self, error, "无法撤销导入")
