"""The import history: every applied import, and the undo of a whole batch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from gui import batch_words as words
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.ops import BackgroundOp
from gui.search_keys import fill_pending_keys
from gui.widgets import LazyPage, read_only_table

HEADERS = ("导入时间", "类型", "来源", "工作表/篇", "导入内容", "重复", "未导入", "状态")
SOURCE_COLUMN, ADDED_COLUMN = HEADERS.index("来源"), HEADERS.index("导入内容")
COUNT_COLUMNS = (HEADERS.index("重复"), HEADERS.index("未导入"))
ACTIVE = "有效"
TIME_FORMAT = "%Y-%m-%d %H:%M"
COUNT_TIPS = {
    "重复": "已在档案中而未再添加的行（表彰文件：已有此称号的单位）",
    "未导入": "有错误而未导入的行（表彰文件、复查结果：对不上单位的名称）",
}


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
        words.kind_name(batch),
        words.source(batch),
        words.part(batch),
        words.added(batch),
        str(counts.get("duplicates", 0)),
        str(counts.get("rejected", 0)),
        batch_status(batch),
    ]


class ImportHistoryPage(LazyPage):
    """A table of import batches, newest first, with 撤销这次导入…."""

    watched = ("units", "honours", "imports")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.batches: list[tuple[ImportBatch, int]] = []
        self._undoing: ImportBatch | None = None
        self._build()  # filled when first shown (LazyPage)

    def _build(self) -> None:
        self.table = read_only_table(QTableWidget(0, len(HEADERS)))
        self.table.setObjectName("import_history_table")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        for column, tip in enumerate(COUNT_TIPS.get(header, "") for header in HEADERS):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        fit_columns(self.table, {SOURCE_COLUMN: 2, ADDED_COLUMN: 1})
        self.undo_button = QPushButton("撤销这次导入…")
        self.undo_button.setObjectName("undo_import_button")
        self.empty_label = QLabel(
            "还没有导入记录：Excel 登记表、往年材料、证书识别和表彰文件的每次导入都列在这里，可整批撤销。"
        )
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
                if column in COUNT_COLUMNS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(batch.file_name if column == SOURCE_COLUMN else text)
                self.table.setItem(row, column, item)
            self.table.item(row, len(HEADERS) - 1).setToolTip(f"这次导入的荣誉现存 {live} 项")
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
        self._undoing = batch
        self.undo_button.setEnabled(False)
        BackgroundOp(
            self, lambda _progress: undo_batch(database, batch_id), "正在撤销导入…", cancellable=False
        ).success(self._undone).failure(self._undo_failed).run_in_background()

    def _confirm(self, batch: ImportBatch) -> bool:
        buttons = QMessageBox.StandardButton
        question = words.undo_question(batch, batch_time(batch))
        answer = QMessageBox.question(
            self, words.undo_title(batch), question, buttons.Yes | buttons.No, buttons.No
        )
        return bool(answer == buttons.Yes)

    def _undone(self, result: UndoResult) -> None:
        batch = self._undoing
        self.announce(Changes.everything())
        if result.units_restored:  # a short name taken back: the unit's pinyin keys are pending
            fill_pending_keys(self.context)
        self.context.clear_undo(f"已撤销一次{words.kind_action(batch)}")
        QMessageBox.information(self, words.undo_title(batch), words.undo_answer(batch, result))

    def _undo_failed(self, error: BaseException) -> None:
        self.announce(Changes.everything())
        show_error(self, error, "无法撤销导入")
