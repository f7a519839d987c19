"""The import wizard: choose a register, confirm its sheet, header and columns, preview every row, import.

    ImportWizard(context, path).exec()

Reading, checking and importing run on BackgroundOp; nothing is written before the 导入 page, and the
import itself is one transaction in core (a cancel or a failure leaves the database as it was).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from core.errors import UserError
from core.importing.apply import ImportResult, apply_import, preview_import
from core.importing.headers import IGNORE, TARGET_LABELS, HeaderGuess, map_columns
from core.importing.history import remember_mapping, remembered_mapping
from core.importing.normalise import cell_text
from core.importing.plan import STATUS_NAMES, ImportPlan, RowPlan, summarise
from core.importing.register import (
    Register,
    RowProblem,
    SheetPreview,
    default_mapping,
    preview_sheets,
    read_register,
)
from core.importing.rejects import write_rejected_rows
from core.progress import Progress
from gui.context import AppContext
from gui.errors import error_text, show_error
from gui.ops import BackgroundOp
from gui.widgets import read_only_table

log = logging.getLogger(__name__)

PAGE_FILE, PAGE_SHEET, PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT = range(5)
WINDOW_TITLE = "导入 Excel 登记表"
FILE_FILTER = "登记表 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv)"
REJECTS_FILTER = "Excel 工作簿 (*.xlsx)"
FOLDER_KEY = "import"
PREVIEW_ROWS = 30
STRICT_TEXT = "严格模式（有错误行时不导入任何数据）"
UNIT_EXTRA = "unit.extra"
HEADER_BACKGROUND = QColor("#fff2c6")
STATUS_COLOURS = {
    "new": QColor("#e4f4e2"),
    "update": QColor("#e2ecfa"),
    "duplicate": QColor("#ececec"),
    "error": QColor("#fbe2df"),
}
ERROR_STYLE = "color: #b3261e;"
FILTER_ALL = "全部"
# The order of the choices in a 导入为 combo: not imported first, then the unit's, then the honour's.
TARGET_ORDER = (
    [IGNORE]
    + [t for t in TARGET_LABELS if t.startswith("unit.")]
    + [t for t in TARGET_LABELS if t.startswith("honour.")]
)


def _label(text: str = "", *, error: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if error:
        label.setStyleSheet(ERROR_STYLE)
    return label


def column_name(column: int) -> str:
    """Excel's letters for a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_rows_text(header: HeaderGuess) -> str:
    if header.depth == 2:
        return f"第 {header.row_number - 1}–{header.row_number} 行（两层表头）"
    return f"第 {header.row_number} 行"


def mapping_problem(mapping: dict[int, str]) -> str:
    """Why a mapping cannot be used, or ""."""
    targets = list(mapping.values())
    if "unit.name" not in targets:
        return f"请指定哪一列是“{TARGET_LABELS['unit.name']}”：没有单位名称就无法导入。"
    for target in dict.fromkeys(targets):
        columns = [column_name(c) for c, t in sorted(mapping.items()) if t == target]
        if target not in (IGNORE, UNIT_EXTRA) and len(columns) > 1:
            return f"“{TARGET_LABELS[target]}”对应了 {'、'.join(columns)} 多列，每个字段只能对应一列。"
    return ""


def check_register(
    context: AppContext,
    path: Path,
    preview: SheetPreview,
    header: HeaderGuess,
    mapping: dict[int, str],
    progress: Progress,
) -> tuple[Register, ImportPlan]:
    register = read_register(path, preview.sheet, mapping, progress, header=header)
    progress(0, 0, "正在与库中记录比对…")
    return register, preview_import(context.services.db, register)


class ImportWizard(QWizard):
    """Import one sheet of an Excel register; see the module's docstring."""

    previews_changed = Signal()

    def __init__(self, context: AppContext, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.given_path = Path(path) if path is not None else None
        self.path: Path | None = None  # the file being read or read
        self.previews: list[SheetPreview] = []
        self.loading = False
        self.load_error = ""
        self.sheet: SheetPreview | None = None
        self.header: HeaderGuess | None = None
        self.mapping: dict[int, str] = {}
        self.register: Register | None = None
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._ops: set[BackgroundOp[Any]] = set()
        self._close_pending = False
        self.setWindowTitle(WINDOW_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.CommitButton, "开始导入"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate(
            (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.result_page)
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        self.resize(980, 680)

    # -- reading the file ---------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """The current file has been read."""
        return self.path is not None and not self.loading and not self.load_error

    def load(self, path: Path) -> None:
        """Read the first rows of every sheet of path, off the GUI thread."""
        self.path, self.previews, self.loading, self.load_error = path, [], True, ""
        self.previews_changed.emit()
        self.launch(
            BackgroundOp(
                self,
                lambda _progress: preview_sheets(path, PREVIEW_ROWS),
                "正在读取文件…",
                cancellable=False,
                show_dialog=False,
            ),
            lambda previews: self._loaded(path, previews, ""),
            lambda error: self._loaded(path, [], self._reading_error(error)),
        )

    @staticmethod
    def _reading_error(error: BaseException) -> str:
        if not isinstance(error, UserError):
            log.error("读取登记表出错", exc_info=error)
        return error_text(error)

    def _loaded(self, path: Path, previews: list[SheetPreview], error: str) -> None:
        if path != self.path:  # another file was chosen meanwhile
            return
        self.previews, self.loading, self.load_error = previews, False, error
        if not error and not previews:
            self.load_error = f"文件“{path.name}”中没有可以读取的工作表。"
        self.previews_changed.emit()

    # -- background work and closing ----------------------------------------------------------------

    def launch(
        self,
        op: BackgroundOp[Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None],
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Run op; closing the wizard meanwhile cancels it and waits for it to end."""
        self._ops.add(op)

        def ended(handler: Callable[..., None]) -> Callable[..., None]:
            def call(*args: Any) -> None:
                self._ops.discard(op)
                handler(*args)
                if self._close_pending and not self._ops:
                    self._close_pending = False
                    super(ImportWizard, self).reject()

            return call

        op.success(ended(success)).failure(ended(failure)).cancelled(ended(cancelled or (lambda: None)))
        op.run_in_background()

    def reject(self) -> None:
        if self._ops:
            self._close_pending = True
            for op in self._ops:
                op.cancel()
            return
        super().reject()


class FilePage(QWizardPage):
    """选择文件: a path typed or browsed; the wizard goes on by itself when it was opened with a file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._auto_advance = wizard.given_path is not None
        self.setTitle("选择文件")
        self.setSubTitle("选择要导入的登记表：Excel 文件（.xlsx、.xls 等）或 .csv 文件。")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("登记表文件的位置")
        self.browse_button = QPushButton("浏览…")
        self.status = _label()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.path_edit.editingFinished.connect(self._path_entered)
        self.path_edit.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.browse_button.clicked.connect(self.browse)
        wizard.previews_changed.connect(self._update)

    def initializePage(self) -> None:
        given = self._wizard.given_path
        if given is not None and self._wizard.path is None:
            self.path_edit.setText(str(given))
            self._wizard.load(given)

    def _typed_path(self) -> Path | None:
        text = self.path_edit.text().strip().strip('"')
        return Path(text) if text else None

    def _path_entered(self) -> None:
        path = self._typed_path()
        if path is not None and path != self._wizard.path:
            self._wizard.load(path)

    def browse(self) -> None:
        state = self._wizard.context.state
        start = str(self._wizard.path.parent) if self._wizard.path else state.last_folder(FOLDER_KEY)
        chosen, _ = QFileDialog.getOpenFileName(self, "选择登记表", start, FILE_FILTER)
        if not chosen:
            return
        state.set_last_folder(FOLDER_KEY, chosen)
        self.path_edit.setText(chosen)
        self._wizard.load(Path(chosen))

    def _update(self) -> None:
        wizard = self._wizard
        self.status.setStyleSheet(ERROR_STYLE if wizard.load_error else "")
        if wizard.path is None:
            self.status.clear()
        elif wizard.loading:
            self.status.setText(f"正在读取“{wizard.path.name}”…")
        elif wizard.load_error:
            self.status.setText(wizard.load_error)
        else:
            names = "、".join(p.sheet for p in wizard.previews)
            self.status.setText(f"已读取“{wizard.path.name}”：{len(wizard.previews)} 个工作表（{names}）。")
        self.completeChanged.emit()
        if self._auto_advance and wizard.ready and wizard.currentPage() is self:
            self._auto_advance = False
            wizard.next()
        elif wizard.load_error:
            self._auto_advance = False

    def isComplete(self) -> bool:
        return self._wizard.ready and self._typed_path() == self._wizard.path

    def validatePage(self) -> bool:
        return self.isComplete()


class SheetPage(QWizardPage):
    """工作表与表头: which sheet, and which of its first rows is the header."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._shown: list[SheetPreview] | None = None
        self.setTitle("工作表与表头")
        self.setSubTitle(
            f"确认要导入的工作表和表头所在的行。下表是工作表的前 {PREVIEW_ROWS} 行，表头行以粗体和底色标出。"
        )
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setPrefix("第 ")
        self.header_spin.setSuffix(" 行")
        self.header_spin.setSpecialValueText("（请指定）")  # 0: no header row chosen
        self.header_label = _label()
        self.table = read_only_table(QTableWidget())
        self.table.verticalHeader().show()  # the Excel row numbers
        self.table.setAlternatingRowColors(False)
        form = QFormLayout()
        form.addRow("工作表：", self.sheet_combo)
        form.addRow("表头所在行：", self.header_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.header_label)
        layout.addWidget(self.table, 1)
        self.sheet_combo.currentIndexChanged.connect(self._show_sheet)
        self.header_spin.valueChanged.connect(self._header_row_changed)
        wizard.previews_changed.connect(self._previews_changed)

    def initializePage(self) -> None:
        self._fill()

    def _previews_changed(self) -> None:
        if self._wizard.currentPage() is self:
            self._fill()

    def _fill(self) -> None:
        wizard = self._wizard
        if not wizard.ready:
            self._show_status(wizard.load_error or "正在读取文件…", error=bool(wizard.load_error))
            return
        if wizard.previews is self._shown:  # coming back: keep what the user chose
            return
        self._shown = wizard.previews
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems([p.sheet for p in wizard.previews])
        first = next((i for i, p in enumerate(wizard.previews) if p.header is not None), 0)
        self.sheet_combo.setCurrentIndex(first)
        self.sheet_combo.blockSignals(False)
        self._show_sheet(first)

    def _show_status(self, text: str, *, error: bool) -> None:
        self._shown = None
        self.sheet_combo.clear()
        self.table.setRowCount(0)
        self.header_label.setText(text)
        self.header_label.setStyleSheet(ERROR_STYLE if error else "")
        self._wizard.header = None
        self.completeChanged.emit()

    def _show_sheet(self, index: int) -> None:
        if index < 0:
            return
        preview = self._wizard.previews[index]
        self._wizard.sheet = preview
        self._fill_table(preview)
        numbers = [row.number for row in preview.rows] or [1]
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(0, numbers[-1])
        self.header_spin.setValue(preview.header.row_number if preview.header else 0)
        self.header_spin.blockSignals(False)
        self._set_header(preview.header)

    def _fill_table(self, preview: SheetPreview) -> None:
        width = max((len(row.values) for row in preview.rows), default=0)
        self.table.clear()
        self.table.setRowCount(len(preview.rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels([column_name(c) for c in range(width)])
        self.table.setVerticalHeaderLabels([str(row.number) for row in preview.rows])
        for r, row in enumerate(preview.rows):
            for c, value in enumerate(row.values):
                text = cell_text(value) or ""
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for column in range(width):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))

    def _header_row_changed(self, row_number: int) -> None:
        preview = self._wizard.sheet
        if preview is None:
            return
        if preview.header is not None and preview.header.row_number == row_number:
            self._set_header(preview.header)
        else:
            self._set_header(self._header_at(row_number))

    def _header_at(self, row_number: int) -> HeaderGuess | None:
        """A one-row header at the given Excel row, its columns mapped by the synonyms."""
        preview = self._wizard.sheet
        assert preview is not None
        for index, row in enumerate(preview.rows):
            if row.number == row_number:
                labels = [cell_text(value) or "" for value in row.values]
                return HeaderGuess(index, row_number, 1, labels, map_columns(labels))
        return None

    def _set_header(self, header: HeaderGuess | None) -> None:
        self._wizard.header = header
        self._highlight(header)
        self.header_label.setStyleSheet("")
        self.header_label.setText(self._header_text(header))
        self.completeChanged.emit()

    def _highlight(self, header: HeaderGuess | None) -> None:
        rows = range(header.index - header.depth + 1, header.index + 1) if header else range(0)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is None:
                    item = QTableWidgetItem("")
                    self.table.setItem(r, c, item)
                item.setFont(bold if r in rows else self.table.font())
                item.setBackground(QBrush(HEADER_BACKGROUND) if r in rows else QBrush())

    def _header_text(self, header: HeaderGuess | None) -> str:
        preview = self._wizard.sheet
        assert preview is not None
        row_number = self.header_spin.value()
        if row_number and (header is None or not any(header.labels)):
            return f"第 {row_number} 行是空行，不能作为表头。"
        if header is None and preview.header is None:
            return (
                f"在工作表“{preview.sheet}”的前 {PREVIEW_ROWS} 行中没有找到可识别的表头"
                "（如“单位名称”“荣誉称号”），请在上面指定表头所在的行。"
            )
        if header is None:
            return "请在上面指定表头所在的行。"
        how = "自动识别" if header is preview.header else "手动指定"
        text = f"表头：{header_rows_text(header)}（{how}）。"
        if header.kind == "honours":
            text += "这是一份荣誉登记表：每行是一项荣誉，库中没有的单位会自动新建。"
        else:
            text += "这是一份单位登记表：每行是一个单位，库中已有的单位会按表中内容更新。"
        if "unit.name" not in header.mapping.values():
            text += "没有找到“单位名称”列，请在下一步中指定。"
        return text

    def isComplete(self) -> bool:
        header = self._wizard.header
        return self._wizard.ready and header is not None and any(header.labels)

    def validatePage(self) -> bool:
        return self.isComplete()


class MappingPage(QWizardPage):
    """列对应: what each column is imported as."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._built_for: tuple[object, ...] | None = None
        self.columns: list[int] = []
        self.combos: list[QComboBox] = []
        self.setTitle("列对应")
        self.setSubTitle(
            "确认每一列导入为哪一项。不需要的列选“（不导入）”。确认后的对应关系会被记住，下次导入表头相同的文件时自动使用。"
        )
        self.note = _label()
        self.problem = _label(error=True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["列标题", "示例值", "导入为"])
        read_only_table(self.table)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.verticalHeader().show()  # the Excel column letters
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:
        wizard = self._wizard
        header, preview = wizard.header, wizard.sheet
        assert header is not None and preview is not None
        key = (wizard.path, preview.sheet, header.row_number, header.signature)
        if key == self._built_for:  # coming back to the same header: keep the user's choices
            return
        self._built_for = key
        remembered = remembered_mapping(wizard.context.services.db, header.signature)
        mapping = default_mapping(header) if remembered is None else remembered
        self._build(preview, header, mapping)
        self.note.setText(
            "已按上次确认的对应关系填好，请核对。"
            if remembered is not None
            else "已按列标题自动填好，请核对。"
        )
        self.problem.clear()

    def _build(self, preview: SheetPreview, header: HeaderGuess, mapping: dict[int, str]) -> None:
        samples = self._samples(preview, header)
        width = max(len(header.labels), max(samples, default=-1) + 1)
        self.columns = [c for c in range(width) if self._label_of(header, c) or c in samples]
        self.combos = []
        self.table.setRowCount(len(self.columns))
        for row, column in enumerate(self.columns):
            label = self._label_of(header, column) or f"（{column_name(column)} 列，无标题）"
            self.table.setItem(row, 0, QTableWidgetItem(label))
            sample = samples.get(column, "")
            item = QTableWidgetItem(sample)
            item.setToolTip(sample)
            self.table.setItem(row, 1, item)
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(column_name(column)))
            combo = self._combo(mapping.get(column, IGNORE))
            self.table.setCellWidget(row, 2, combo)
            self.combos.append(combo)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)

    @staticmethod
    def _label_of(header: HeaderGuess, column: int) -> str:
        return header.labels[column] if column < len(header.labels) else ""

    @staticmethod
    def _samples(preview: SheetPreview, header: HeaderGuess) -> dict[int, str]:
        """Up to three values of each column from the rows below the header."""
        found: dict[int, list[str]] = {}
        for row in preview.rows[header.index + 1 :]:
            for column, value in enumerate(row.values):
                text = cell_text(value)
                values = found.setdefault(column, [])
                if text and len(values) < 3 and text not in values:
                    values.append(text)
        return {column: "；".join(values) for column, values in found.items() if values}

    def _combo(self, target: str) -> QComboBox:
        combo = QComboBox()
        for key in TARGET_ORDER:
            combo.addItem(TARGET_LABELS[key], key)
        combo.setCurrentIndex(max(combo.findData(target), 0))
        combo.currentIndexChanged.connect(lambda _index: self.problem.clear())
        return combo

    def mapping(self) -> dict[int, str]:
        return {column: combo.currentData() for column, combo in zip(self.columns, self.combos, strict=True)}

    def combo_for(self, label: str) -> QComboBox:
        """The 导入为 combo of the column with this header label."""
        header = self._wizard.header
        assert header is not None
        for column, combo in zip(self.columns, self.combos, strict=True):
            if self._label_of(header, column) == label:
                return combo
        raise KeyError(label)

    def validatePage(self) -> bool:
        mapping = self.mapping()
        problem = mapping_problem(mapping)
        self.problem.setText(problem)
        if problem:
            return False
        header = self._wizard.header
        assert header is not None
        try:
            remember_mapping(self._wizard.context.services.db, header.signature, mapping)
        except Exception as error:  # not remembering is no reason to stop the import
            log.error("未能保存列对应关系", exc_info=error)
        self._wizard.mapping = mapping
        return True


class PlanModel(QAbstractTableModel):
    """The preview's rows: Excel 行号 | 单位 | 结果 | 说明, coloured by result."""

    HEADERS = ("Excel 行号", "单位", "结果", "说明")
    STATUS_COLUMN = 2

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[RowPlan] = []

    def set_rows(self, rows: list[RowPlan]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#202020"))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (row.number, row.unit_name or "", STATUS_NAMES[row.status], row.message)
            return values[index.column()]
        return None


class PreviewPage(QWizardPage):
    """预览: every row as 新增 / 更新 / 重复 / 错误, before anything is written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._checking = False
        self._op: BackgroundOp[tuple[Register, ImportPlan]] | None = None
        self.setTitle("预览")
        self.setSubTitle("逐行检查的结果。此时还没有写入任何数据；点击“开始导入”后才会导入。")
        self.setCommitPage(True)
        self.summary = _label()
        self.filter_combo = QComboBox()
        self.filter_combo.addItems([FILTER_ALL, *STATUS_NAMES.values()])
        self.recheck_button = QPushButton("重新检查")
        self.model = PlanModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(PlanModel.STATUS_COLUMN)
        self.table = read_only_table(QTableView())
        self.table.setAlternatingRowColors(False)
        self.table.setModel(self.proxy)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.strict_check = QCheckBox(STRICT_TEXT)
        row = QHBoxLayout()
        row.addWidget(QLabel("显示："))
        row.addWidget(self.filter_combo)
        row.addStretch(1)
        row.addWidget(self.recheck_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.strict_check)
        self.filter_combo.currentTextChanged.connect(self._filter)
        self.recheck_button.clicked.connect(self.check)

    def initializePage(self) -> None:
        self.check()

    def check(self) -> None:
        wizard = self._wizard
        path, preview, header, mapping = wizard.path, wizard.sheet, wizard.header, dict(wizard.mapping)
        assert path is not None and preview is not None and header is not None
        wizard.register, wizard.plan = None, None
        self.model.set_rows([])
        self._set_checking(True, "正在检查每一行…")
        context = wizard.context
        op: BackgroundOp[tuple[Register, ImportPlan]] = BackgroundOp(
            self,
            lambda progress: check_register(context, path, preview, header, mapping, progress),
            "正在检查登记表…",
        )
        self._op = op
        wizard.launch(
            op,
            self._if_current(op, self._checked),
            self._if_current(op, self._failed),
            self._if_current(op, self._cancelled),
        )

    def _if_current(self, op: BackgroundOp[Any], handler: Callable[..., None]) -> Callable[..., None]:
        """handler, unless the user went back (or checked again) while op was running."""

        def call(*args: Any) -> None:
            if op is self._op:
                self._op = None
                handler(*args)

        return call

    def cleanupPage(self) -> None:
        """Going back: a check still running is stopped and its outcome ignored."""
        if self._op is not None:
            self._op.cancel()
            self._op = None
        self._checking = False
        super().cleanupPage()

    def _set_checking(self, checking: bool, text: str, *, error: bool = False) -> None:
        self._checking = checking
        self.recheck_button.setEnabled(not checking)
        self.summary.setText(text)
        self.summary.setStyleSheet(ERROR_STYLE if error else "")
        self.completeChanged.emit()

    def _checked(self, outcome: tuple[Register, ImportPlan]) -> None:
        register, plan = outcome
        self._wizard.register, self._wizard.plan = register, plan
        self.model.set_rows(plan.rows)
        self.table.resizeColumnsToContents()
        self._set_checking(False, self._summary_text(register, plan))

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("检查登记表出错", exc_info=error)
        self._set_checking(False, error_text(error), error=True)

    def _cancelled(self) -> None:
        self._set_checking(False, "已取消检查。可点击“重新检查”再试，或返回上一步。", error=True)

    @staticmethod
    def _summary_text(register: Register, plan: ImportPlan) -> str:
        statuses, counts = summarise(plan.rows), plan.counts()
        text = (
            f"共 {len(plan.rows)} 行：新增 {statuses['new']} 行，更新 {statuses['update']} 行，"
            f"重复 {statuses['duplicate']} 行，错误 {statuses['error']} 行。"
            f"导入后将新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
            f"新增荣誉 {counts['honours_created']} 项。"
        )
        if register.skipped:
            text += f"另有 {register.skipped} 行空行、合计行或重复的表头已跳过。"
        if statuses["error"]:
            text += "有错误的行不会导入，导入后可把它们另存为 Excel 文件，改正后再导入。"
        return text

    def _filter(self, text: str) -> None:
        pattern = "" if text == FILTER_ALL else f"^{QRegularExpression.escape(text)}$"
        self.proxy.setFilterRegularExpression(pattern)

    def isComplete(self) -> bool:
        return not self._checking and self._wizard.plan is not None

    def validatePage(self) -> bool:
        return self.isComplete()


class ResultPage(QWizardPage):
    """导入: the import itself, then what it did and the rows it rejected."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._done = False
        self.setTitle("导入")
        self.setSubTitle("把检查通过的行写入数据库；有错误的行不会导入。")
        self.status = _label()
        self.counts = _label()
        self.errors_label = QLabel("被拒绝的行：")
        self.errors_table = read_only_table(QTableWidget(0, 3))
        self.errors_table.setHorizontalHeaderLabels(["Excel 行号", "列", "错误原因"])
        self.errors_table.horizontalHeader().setStretchLastSection(True)
        self.save_button = QPushButton("保存错误行…")
        self.saved_label = _label()
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.counts)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors_table, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(self.save_rejected)
        self._show_errors([])

    def initializePage(self) -> None:
        wizard = self._wizard
        register = wizard.register
        assert register is not None
        self._done = False
        self.status.setText(f"正在导入“{register.path.name}”…")
        strict = wizard.preview_page.strict_check.isChecked()
        database = wizard.context.services.db
        op: BackgroundOp[ImportResult] = BackgroundOp(
            self,
            lambda progress: apply_import(database, register, strict=strict, progress=progress),
            "正在导入…",
        )
        wizard.launch(op, self._imported, self._failed, self._cancelled)

    def _finish(self, status: str, *, error: bool = False) -> None:
        self._done = True
        self.status.setText(status)
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.completeChanged.emit()

    def _imported(self, result: ImportResult) -> None:
        wizard = self._wizard
        wizard.result = result
        register = wizard.register
        assert register is not None
        counts = result.counts
        self.counts.setText(
            f"新建单位 {counts['units_created']} 个，更新单位 {counts['units_updated']} 个，"
            f"新增荣誉 {counts['honours_created']} 项，重复（已跳过） {counts['duplicates']} 行，"
            f"拒绝 {counts['rejected']} 行。"
        )
        self._show_errors(result.errors)
        if result.applied:
            wizard.context.changed("all")
            self._finish(
                f"已导入“{register.path.name}”的工作表“{register.sheet}”。如有需要，可在导入记录中撤销这次导入。"
            )
        else:
            self._finish(
                f"严格模式：有 {counts['rejected']} 行错误，没有导入任何数据。请改正后重新导入。", error=True
            )

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            log.error("导入出错", exc_info=error)
        self._finish(f"导入没有完成，数据库没有任何改变。\n{error_text(error)}", error=True)

    def _cancelled(self) -> None:
        self._finish("已取消导入，数据库没有任何改变。", error=True)

    def _show_errors(self, errors: list[RowProblem]) -> None:
        self.errors_table.setRowCount(len(errors))
        for row, problem in enumerate(errors):
            for column, text in enumerate((str(problem.row), problem.column, problem.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.errors_table.setItem(row, column, item)
        self.errors_table.resizeColumnToContents(0)
        for widget in (self.errors_label, self.errors_table, self.save_button, self.saved_label):
            widget.setVisible(bool(errors))
        self.saved_label.clear()

    def save_rejected(self) -> None:
        """Ask where, then write the rejected rows with a 错误原因 column."""
        wizard = self._wizard
        register, result = wizard.register, wizard.result
        if register is None or result is None or not result.errors:
            return
        state = wizard.context.state
        suggested = Path(state.last_folder(FOLDER_KEY)) / f"{register.path.stem}_错误行.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self, "保存错误行", str(suggested), REJECTS_FILTER)
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
        try:
            written = write_rejected_rows(register, result.errors, path)
        except Exception as error:
            show_error(self, error, "无法保存错误行")
            return
        state.set_last_folder(FOLDER_KEY, str(path))
        self.saved_label.setText(f"已把 {written} 行保存到“{path}”，改正后可再次导入。")

    def isComplete(self) -> bool:
        return self._done
