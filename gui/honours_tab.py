"""The 荣誉 tab: a unit's honour history, newest first, with add, edit, delete and certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import former_names
from core.errors import UserError
from core.inferred import LEVEL_MARK
from core.services import HonourFilter
from gui.batch import delete_selected
from gui.column_fit import TYPICAL_TITLE, fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.flow_layout import FlowLayout
from gui.honour_dialog import HonourDialog, open_file
from gui.inferred_mark import shown_value, tooltip
from gui.widgets import read_only_table, wrap_column

COLUMNS = ("时间", "荣誉称号", "级别", "授予单位", "文号", "获得者", "状态", "证书")
CERTIFICATE_COLUMN = COLUMNS.index("证书")
TITLE_COLUMN = COLUMNS.index("荣誉称号")
LEVEL_COLUMN = COLUMNS.index("级别")
# The text columns share the room left by the short ones; the title most.
TEXT_COLUMNS = {
    TITLE_COLUMN: 3,
    COLUMNS.index("授予单位"): 1,
    COLUMNS.index("文号"): 1,
    COLUMNS.index("获得者"): 1,
}
CALLED_THEN = "时称"
ALL_YEARS = "全部"
UNDATED = "未记录"  # honours whose year the records do not give
YEAR_STATE_KEY = "honours/year"


class HonoursTab(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.unit_id: int | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("honour_table")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        read_only_table(self.table, multi_select=True)
        self.table.horizontalHeader().setMinimumSectionSize(36)
        # An empty column stays narrow; the title has room for a typical one before 授予单位 and 文号 (cut,
        # with their whole text as tooltip), and one the room cuts goes on over further lines of its row.
        fit = fit_columns(self.table, TEXT_COLUMNS, claim=TYPICAL_TITLE)
        wrap_column(self.table, TITLE_COLUMN, fit.fitted)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton("添加荣誉…")
        self.add_button.setObjectName("add_honour")
        self.edit_button = QPushButton("编辑…")
        self.delete_button = QPushButton("删除")
        self.open_button = QPushButton("打开证书")
        self.add_button.clicked.connect(self.add_honour)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.open_button.clicked.connect(self.open_certificate)
        # Delete is the window's one 删除 action; Enter opens the selected honour here.
        for keys in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.edit_selected)
        self._make_certificate_actions()
        # Wraps onto a second row in a narrow pane: one row made the pane 538 pixels wide at least, and
        # left the unit list five characters of a name on a 1366×768 screen at 150 %.
        buttons = FlowLayout()
        for button in (
            self.add_button,
            self.recognise_button,
            self.edit_button,
            self.delete_button,
            self.open_button,
        ):
            buttons.add(button)
        buttons.add(QLabel("年度"), right=True)
        buttons.add(self._make_year_filter(), right=True)
        self.count_label = QLabel()
        self.count_label.setObjectName("honour_count")
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addWidget(self.count_label)
        self.show_unit(None)

    def _make_year_filter(self) -> QComboBox:
        self.year = QComboBox()
        self.year.setObjectName("honour_year_filter")
        self.year.setToolTip(
            "只列出这一年获得的荣誉（“未记录”：获得时间未记录的）；打印和导出的也是列出的这些"
        )
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.year.addItem(ALL_YEARS)
        self._chosen_year = str(self.context.state.value(YEAR_STATE_KEY, ALL_YEARS) or ALL_YEARS)
        self.year.currentTextChanged.connect(self._year_chosen)
        return self.year

    def _year_chosen(self, text: str) -> None:
        if text and text != self._chosen_year:
            self._chosen_year = text
            self.context.state.set_value(YEAR_STATE_KEY, text)
            self.refresh()

    def year_filter(self) -> str | None:
        """The year chosen (as shown: "2023" or "未记录"), None for every year."""
        return None if self._chosen_year == ALL_YEARS else self._chosen_year

    def _shows(self, honour) -> bool:  # type: ignore[no-untyped-def]
        chosen = self.year_filter()
        if chosen is None:
            return True
        return (str(honour.awarded_year) if honour.awarded_year else UNDATED) == chosen

    def _refresh_years(self, honours: list) -> None:  # type: ignore[type-arg]
        """The unit's years, newest first, and 未记录 when some honour has no year; the chosen year stays
        offered (with nothing listed) so that switching units keeps the filter."""
        years = sorted({h.awarded_year for h in honours if h.awarded_year}, reverse=True)
        items = [ALL_YEARS, *(str(y) for y in years)]
        if any(not h.awarded_year for h in honours):
            items.append(UNDATED)
        if self._chosen_year not in items:
            items.append(self._chosen_year)
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItems(items)
        self.year.setCurrentText(self._chosen_year)
        self.year.blockSignals(False)

    # -- certificates in (gui/certificate_dialog) ------------------------------------------------

    def _make_certificate_actions(self) -> None:
        from gui.certificate_dialog import action_text

        self.recognise_action = QAction(action_text(), self)
        self.recognise_action.setStatusTip(
            "识别荣誉证书、奖状、奖牌的照片或扫描件（可多选；也可把图片拖到荣誉页上）"
        )
        self.recognise_action.triggered.connect(lambda: self.recognise_certificates())
        self.recognise_folder_action = QAction("从证书文件夹识别…", self)
        self.recognise_folder_action.triggered.connect(lambda: self.recognise_certificates(folder=True))
        self.recognise_button = QPushButton(action_text())
        self.recognise_button.setObjectName("recognise_certificates")
        self.recognise_button.setToolTip(self.recognise_action.statusTip())
        self.recognise_button.clicked.connect(self.recognise_action.trigger)
        self.recognition = None
        self.setAcceptDrops(True)

    def recognise_certificates(self, paths: list[Path] | None = None, *, folder: bool = False) -> None:
        from gui.certificate_dialog import CertificateRecognition

        self.recognition = CertificateRecognition(self, self.context, self.unit_id)
        self.recognition.finished.connect(self.recognition.deleteLater)
        if paths:
            self.recognition.recognise(paths)
        elif folder:
            self.recognition.choose_folder()
        else:
            self.recognition.choose_files()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from gui.certificate_dialog import dropped_certificates

        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and dropped_certificates(paths) == paths:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from gui.certificate_dialog import dropped_certificates

        paths = dropped_certificates(
            [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        )
        if paths:
            event.acceptProposedAction()
            self.recognise_certificates(paths)

    def show_unit(self, unit_id: int | None) -> None:
        self.unit_id = unit_id
        self.refresh()

    def refresh(self) -> None:
        selected = set(self.selected_honour_ids())
        current = self._honour_id_at(self.table.currentRow())
        self.table.setRowCount(0)
        honours = []
        if self.unit_id is not None:
            honours = self.context.services.honours.list(HonourFilter(unit_id=self.unit_id))
            counts = self.context.services.attachments.counts([h.id for h in honours])
            former = self._former_names()
            for honour in filter(self._shows, honours):
                self._append(honour, counts.get(honour.id, 0), former)
                index = self.table.model().index(self.table.rowCount() - 1, 0)
                if honour.id in selected:
                    self.table.selectionModel().select(
                        index,
                        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                    )
                if honour.id == current:  # the arrow keys go on from the honour just edited, not the top
                    self.table.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.NoUpdate
                    )
        self._refresh_years(honours)
        self._show_count(len(honours))
        self.add_button.setEnabled(self.unit_id is not None)
        self._update_buttons()

    def _show_count(self, total: int) -> None:
        shown = self.table.rowCount()
        if self.unit_id is None:
            self.count_label.clear()
        elif shown == total:
            self.count_label.setText(f"共 {total} 项荣誉")
        else:
            year = self.year_filter()
            which = "获得时间未记录" if year == UNDATED else f"{year}年"
            self.count_label.setText(f"{which}：{shown} 项（共 {total} 项荣誉）")

    def _former_names(self) -> list[Any]:
        try:
            return self.context.services.units.get(self.unit_id).former_names if self.unit_id else []
        except UserError:  # deleted meanwhile: its honours are listed as they are
            return []

    def _append(self, honour, certificates: int, former: list[Any]) -> None:  # type: ignore[no-untyped-def]
        row = self.table.rowCount()
        self.table.insertRow(row)
        then = former_names.name_at(former, honour.awarded) if former else None
        texts = (
            honour.awarded.chinese() if honour.awarded else "",
            honour.title,
            shown_value(honour.level, honour.extra, LEVEL_MARK),
            honour.awarded_by or "",
            honour.document_no or "",
            # the unit was awarded it under the name it bore then (core.former_names: only when certain)
            honour.recipient or (f"集体（{CALLED_THEN}{then}）" if then else "集体"),
            honour.status,
            f"{certificates} 份" if certificates else "",
        )
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, honour.id)
            if column == LEVEL_COLUMN:
                item.setToolTip(tooltip(honour.extra, LEVEL_MARK, "级别"))
            elif column in TEXT_COLUMNS and text:  # the whole text where a narrow column cuts it
                item.setToolTip(text)
            self.table.setItem(row, column, item)

    def selected_honour_id(self) -> int | None:
        ids = self.selected_honour_ids()
        return ids[0] if ids else None

    def _honour_id_at(self, row: int) -> int | None:
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def selected_honour_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)) for row in rows]

    def selected_titles(self) -> list[str]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.table.item(row, TITLE_COLUMN).text() for row in rows]

    def shown_rows(self, selected_only: bool = False) -> list[list[str]]:
        rows = (
            sorted(index.row() for index in self.table.selectionModel().selectedRows())
            if selected_only
            else range(self.table.rowCount())
        )
        return [[self.table.item(row, c).text() for c in range(len(COLUMNS))] for row in rows]

    def table_title(self, unit_name: str) -> str:
        """The title of the listed honours when printed or exported: the unit's, and the year chosen."""
        year = self.year_filter()
        if year is None:
            return f"{unit_name}荣誉一览"
        return f"{unit_name}荣誉一览（{'获得时间未记录' if year == UNDATED else year + '年'}）"

    def _update_buttons(self) -> None:
        count = len(self.selected_honour_ids())
        self.delete_button.setEnabled(count > 0)
        for button in (self.edit_button, self.open_button):
            button.setEnabled(count == 1)

    def _double_clicked(self, row: int, column: int) -> None:
        if column == CERTIFICATE_COLUMN and self.table.item(row, column).text():
            self.open_certificate()
        else:
            self.edit_selected()

    # -- actions -------------------------------------------------------------------------------

    def add_honour(self) -> None:
        if self.unit_id is not None:
            self._open_dialog(None)

    def edit_selected(self) -> None:
        honour_id = self.selected_honour_id()
        if honour_id is not None and self.unit_id is not None:
            self._open_dialog(honour_id)

    def _open_dialog(self, honour_id: int | None) -> None:
        assert self.unit_id is not None
        dialog = HonourDialog(self.context, self.unit_id, honour_id, parent=self)
        added = dialog.exec() == QDialog.DialogCode.Accepted and honour_id is None and dialog.honour
        if added:  # the new honour is the selected one: Enter edits it, not the one selected before
            self.select_honour(dialog.honour.id)  # type: ignore[union-attr]
            self.table.setFocus()  # not left on 添加荣誉, or on the hidden form Ctrl+Shift+N came from
        dialog.deleteLater()  # not kept as a child of the tab: one per honour opened all day

    def select_honour(self, honour_id: int) -> None:
        """Select the honour's row alone and make it current, where the table shows it."""
        row = next((r for r in range(self.table.rowCount()) if self._honour_id_at(r) == honour_id), None)
        if row is not None:
            self.table.clearSelection()
            self.table.setCurrentCell(row, 0)
            self.table.selectRow(row)

    def select_honours(self, honour_ids: list[int]) -> None:
        """Select the honours' rows alone (those the table shows), the first one current and scrolled to.
        Through the selection model: selectRow() would toggle while Ctrl (of Ctrl+Z) is held."""
        wanted = set(honour_ids)
        rows = [r for r in range(self.table.rowCount()) if self._honour_id_at(r) in wanted]
        if not rows:
            return
        flag = QItemSelectionModel.SelectionFlag
        model, selection = self.table.model(), self.table.selectionModel()
        selection.setCurrentIndex(model.index(rows[0], 0), flag.NoUpdate)
        selection.clearSelection()
        for row in rows:
            selection.select(model.index(row, 0), flag.Select | flag.Rows)
        self.table.scrollToItem(self.table.item(rows[0], TITLE_COLUMN))

    def delete_selected(self) -> None:
        """Move the selected honours to the recycle bin, after one question naming them; undoable."""
        delete_selected(
            self,
            self.context,
            self.context.services.honours,
            self.selected_honour_ids(),
            self.selected_titles(),
        )

    def open_certificate(self) -> None:
        honour_id = self.selected_honour_id()
        if honour_id is None:
            return
        service = self.context.services.attachments
        attachments = service.list(honour_id)
        if not attachments:
            self.edit_selected()  # nothing to open: the dialog is where certificates are added
            return
        path: Path = service.path(attachments[0])
        if not path.exists():
            show_error(
                self,
                UserError(f"证书文件“{attachments[0].original_name}”不在数据目录中，可能已被移走：{path}"),
            )
            return
        open_file(path)
