"""模板管理: the built-in and added templates, adding and checking .docx templates, and the field manual."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.models import Template
from core.reports.fields import REPORT_FIELDS
from core.reports.inspect import TemplateReport
from core.reports.library import TemplateLibrary
from core.reports.manual import MANUAL_FILE_NAME, write_field_manual
from core.reports.trial import trial_units
from core.reports.worker import inspect_in_worker
from gui.column_fit import fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.honour_dialog import open_file
from gui.widgets import fit_to_screen, read_only_table, show_message

log = logging.getLogger(__name__)

DOCX_FILTER = "Word 文档 (*.docx)"
FOLDER_KEY = "templates"
BLANK_TEMPLATE_NAME = "空白模板.docx"
BUILTIN_TEXT = "内置"
ADDED_TEXT = "添加"


def blank_template_writer() -> Callable[[Path], Path] | None:
    """core.reports.layout.blank_template, or None while that module is not there."""
    try:
        from core.reports.layout import blank_template
    except ImportError:
        return None
    return blank_template


def describe_report(report: TemplateReport) -> str:
    """The result of 检查… in Chinese: usable or not, fields used, every problem and warning with its place."""
    verdict = "可以使用。" if report.usable else "不能使用。"
    lines = [f"模板“{report.name}”{verdict}", ""]
    lines.append(f"用到的字段（{len(report.fields_used)} 个）：" + ("、".join(report.fields_used) or "无"))
    for title, problems in (("问题", report.problems), ("提示", report.warnings)):
        if problems:
            lines += ["", f"{title}（{len(problems)} 处）："]
            lines += [f"  {index}. {problem}" for index, problem in enumerate(problems, 1)]
    return "\n".join(lines)


def _copy_for_editing(source: Path, name: str) -> Path:
    """A built-in template is opened as a copy in a temporary folder, so the bundled file stays as it is."""
    if not source.is_file():
        raise UserError(f"找不到模板“{name}”的文件“{source}”。")
    folder = Path(tempfile.mkdtemp(prefix="honourdesk-template-"))
    target = folder / f"{name}.docx"
    shutil.copyfile(source, target)
    return target


def _open_or_complain(path: Path) -> None:
    if not open_file(path):
        raise UserError(f"无法打开“{path.name}”。请确认本机已安装 Word 或 WPS。")


class FieldManualDialog(QDialog):
    """The field list a template author works from, with a filter and an export to 字段说明.docx."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("字段说明")
        fit_to_screen(self, 900, 620)
        self.filter = QLineEdit()
        self.filter.setObjectName("field_filter")
        self.filter.setPlaceholderText("输入字段名或说明中的文字筛选")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTableWidget(len(REPORT_FIELDS), 3)
        self.table.setObjectName("field_table")
        self.table.setHorizontalHeaderLabels(["字段", "说明", "示例"])
        read_only_table(self.table)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 180)
        self.table.setColumnWidth(2, 260)
        for row, field in enumerate(REPORT_FIELDS):
            for column, text in enumerate((field.name, field.explanation, field.example)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.cellDoubleClicked.connect(self._copy_field)
        hint = QLabel("模板中写作 {{ 单位.名称 }}；双击一行可复制该字段的写法。")
        hint.setStyleSheet("color: #666;")
        self.status = QLabel()
        self.export_button = QPushButton(f"导出为 {MANUAL_FILE_NAME}")
        self.export_button.setObjectName("export_manual")
        self.export_button.clicked.connect(lambda: self.export())
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)

    def _apply_filter(self, text: str) -> None:
        needle = text.strip()
        for row, field in enumerate(REPORT_FIELDS):
            shown = not needle or needle in field.name or needle in field.explanation
            self.table.setRowHidden(row, not shown)

    def _copy_field(self, row: int, _column: int) -> None:
        name = REPORT_FIELDS[row].name
        if name.startswith("|"):
            tag = name
        elif REPORT_FIELDS[row].example.startswith("{%"):
            tag = REPORT_FIELDS[row].example
        else:
            tag = f"{{{{ {name} }}}}"
        QGuiApplication.clipboard().setText(tag)
        self.status.setText(f"已复制：{tag}")

    def export(self, path: Path | None = None) -> Path | None:
        """Write 字段说明.docx (asking where when no path is given)."""
        if path is None:
            state = self.context.state
            suggested = str(Path(state.last_folder(FOLDER_KEY)) / MANUAL_FILE_NAME)
            chosen, _ = QFileDialog.getSaveFileName(self, "导出字段说明", suggested, DOCX_FILTER)
            if not chosen:
                return None
            state.set_last_folder(FOLDER_KEY, chosen)
            path = Path(chosen)
        try:
            written = write_field_manual(path)
        except Exception as error:
            show_error(self, error, "无法导出")
            return None
        self.status.setText(f"已导出到 {written}")
        return written


class TemplateManagerDialog(QDialog):
    """List, add, replace, delete, open and check templates."""

    templates_changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.library = TemplateLibrary(context.services.db)
        self.templates: list[Template] = []
        self.setWindowTitle("模板管理")
        fit_to_screen(self, 900, 520)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("template_table")
        self.table.setHorizontalHeaderLabels(["名称", "来源", "类别", "说明"])
        read_only_table(self.table)
        self.table.setWordWrap(True)  # 说明 in full, over two lines when it must
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        fit_columns(self.table, {0: 1, 3: 3})
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self._run(self.open_in_word))
        self.status = QLabel()
        self.status.setObjectName("template_status")
        self.status.setWordWrap(True)
        self._make_buttons()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.status)
        layout.addLayout(left, 1)
        layout.addLayout(self._button_column())
        self.refresh()

    # -- layout --------------------------------------------------------------------------------

    def _button(self, text: str, name: str, slot: Callable[[], object], tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: self._run(slot))
        return button

    def _make_buttons(self) -> None:
        self.add_button = self._button(
            "添加模板…", "add_template", self.add_template, "选择一个 .docx 模板，检查后加入程序"
        )
        self.replace_button = self._button(
            "替换…", "replace_template", self.replace_template, "用另一个 .docx 文件替换所选的添加模板"
        )
        self.delete_button = self._button("删除", "delete_template", self.delete_template)
        self.open_button = self._button(
            "用 Word/WPS 打开", "open_template", self.open_in_word, "内置模板以副本打开，原文件不会被修改"
        )
        self.check_button = self._button(
            "检查…", "check_template", self.check_template, "检查任一 .docx 模板用到的字段和错误"
        )
        self.blank_button = self._button(
            "生成空白模板…",
            "blank_template",
            self.make_blank_template,
            "按公文格式生成一个可在 Word 中修改的模板",
        )
        if blank_template_writer() is None:
            self.blank_button.setEnabled(False)
            self.blank_button.setToolTip("此功能暂不可用")
        self.fields_button = self._button("字段说明…", "field_manual", self.show_field_manual)

    def _button_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        for button in (self.add_button, self.replace_button, self.delete_button, self.open_button):
            column.addWidget(button)
        column.addSpacing(16)
        for button in (self.check_button, self.blank_button, self.fields_button):
            column.addWidget(button)
        column.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        column.addWidget(close)
        return column

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except Exception as error:
            show_error(self, error)

    # -- the list ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        current = select or (self.selected_template().name if self.selected_template() else None)
        try:
            self.templates = self.library.list()
        except Exception as error:
            self.templates = []
            show_error(self, error, "无法读取模板")
        self.table.setRowCount(0)
        for template in self.templates:
            row = self.table.rowCount()
            self.table.insertRow(row)
            texts = (
                template.name,
                BUILTIN_TEXT if template.builtin else ADDED_TEXT,
                template.kind,
                template.description or "",
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        names = self.names()
        if current in names:
            self.table.selectRow(names.index(current))
        elif names:
            self.table.selectRow(0)
        self._update_buttons()

    def names(self) -> list[str]:
        return [t.name for t in self.templates]

    def selected_template(self) -> Template | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def select(self, name: str) -> bool:
        if name not in self.names():
            return False
        self.table.selectRow(self.names().index(name))
        return True

    def _update_buttons(self) -> None:
        template = self.selected_template()
        added = template is not None and not template.builtin
        self.replace_button.setEnabled(added)
        self.delete_button.setEnabled(added)
        self.open_button.setEnabled(template is not None)
        if template is not None and template.builtin:
            self.delete_button.setToolTip("内置模板不能删除")
        else:
            self.delete_button.setToolTip("删除所选的添加模板")

    # -- actions -------------------------------------------------------------------------------

    def _ask_docx(self, title: str) -> Path | None:
        state = self.context.state
        chosen, _ = QFileDialog.getOpenFileName(self, title, state.last_folder(FOLDER_KEY), DOCX_FILTER)
        if not chosen:
            return None
        state.set_last_folder(FOLDER_KEY, chosen)
        return Path(chosen)

    def add_template(self, path: Path | None = None, name: str | None = None) -> Template | None:
        """Inspect and add a .docx; a refused one is explained and not listed."""
        path = path or self._ask_docx("选择要添加的模板")
        if path is None:
            return None
        choice = self._choose_name(name or Path(path).stem)
        if choice is None:
            return None
        name, replace = choice
        return self._add(Path(path), name, replace)

    def _choose_name(self, name: str) -> tuple[str, bool] | None:
        """The name to add under, and whether it replaces an added template of that name."""
        existing = next((t for t in self.templates if t.name == name), None)
        if existing is None:
            return name, False
        if not existing.builtin:
            answer = QMessageBox.question(self, "模板已存在", f"已有名为“{name}”的模板。用这个文件替换它吗？")
            return (name, True) if answer == QMessageBox.StandardButton.Yes else None
        new_name, accepted = QInputDialog.getText(
            self,
            "模板名称",
            f"“{name}”是内置模板的名称，请为添加的模板另起一个名称：",
            text=f"{name}（自定）",
        )
        new_name = new_name.strip()
        if not accepted or not new_name:
            return None
        return self._choose_name(new_name)

    def _add(self, path: Path, name: str, replace: bool) -> Template | None:
        try:
            template, report = self.library.add(path, name, replace=replace)
        except Exception as error:
            show_error(self, error, "模板不能使用")
            return None
        self.refresh(select=template.name)
        self.templates_changed.emit()
        action = "替换" if replace else "添加"
        if report.warnings:
            QMessageBox.warning(
                self,
                f"已{action}模板",
                f"已{action}模板“{template.name}”，但请注意：\n"
                + "\n".join(f"  {problem}" for problem in report.warnings)
                + "\n\n不认识的字段在生成的汇报中显示为“（此处请补充：……）”。请对照“字段说明”检查字段名是否写错。",
            )
        self.status.setText(f"已{action}模板“{template.name}”，用到 {len(report.fields_used)} 个字段。")
        return template

    def replace_template(self, path: Path | None = None) -> Template | None:
        template = self.selected_template()
        if template is None or template.builtin:
            raise UserError("请选择一个添加的模板；内置模板不能替换。")
        path = path or self._ask_docx(f"选择替换“{template.name}”的文件")
        if path is None:
            return None
        return self._add(Path(path), template.name, True)

    def delete_template(self) -> bool:
        template = self.selected_template()
        if template is None:
            return False
        if template.builtin:
            raise UserError(f"“{template.name}”是内置模板，不能删除。")
        answer = QMessageBox.question(
            self, "删除模板", f"删除模板“{template.name}”吗？\n已生成的汇报文件不受影响。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.library.delete(template.name)
        self.refresh()
        self.templates_changed.emit()
        self.status.setText(f"已删除模板“{template.name}”。")
        return True

    def editable_path(self, template: Template) -> Path:
        """The file to open in Word: an added template itself, a copy of a built-in one."""
        source = self.library.path(template)
        if template.builtin:
            return _copy_for_editing(source, template.name)
        if not source.is_file():
            raise UserError(f"找不到模板“{template.name}”的文件“{source}”。")
        return source

    def open_in_word(self) -> Path | None:
        template = self.selected_template()
        if template is None:
            return None
        path = self.editable_path(template)
        _open_or_complain(path)
        if template.builtin:
            self.status.setText(
                f"已打开内置模板“{template.name}”的副本。修改后请“另存为”到自己的文件夹，"
                "再用“添加模板…”加入程序。"
            )
        else:
            self.status.setText(f"已打开“{template.name}”。修改并保存后，生成汇报时会重新检查。")
        return path

    def check_template(self, path: Path | None = None) -> TemplateReport | None:
        path = path or self._ask_docx("选择要检查的模板")
        if path is None:
            return None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # bounded (the file is from outside), tried on a demo unit and the first unit of the database
            trial = trial_units(self.context.services.db)
            report = inspect_in_worker(str(path), Path(path).stem, trial=trial)
        finally:
            QGuiApplication.restoreOverrideCursor()
        text = describe_report(report)
        show_message(self, "模板检查", text, warning=not report.usable or bool(report.warnings))
        return report

    def make_blank_template(self, path: Path | None = None) -> Path | None:
        writer = blank_template_writer()
        if writer is None:
            raise UserError("生成空白模板的功能暂不可用。")
        if path is None:
            state = self.context.state
            suggested = str(Path(state.last_folder(FOLDER_KEY)) / BLANK_TEMPLATE_NAME)
            chosen, _ = QFileDialog.getSaveFileName(self, "生成空白模板", suggested, DOCX_FILTER)
            if not chosen:
                return None
            state.set_last_folder(FOLDER_KEY, chosen)
            path = Path(chosen)
        path = Path(path) if Path(path).suffix.lower() == ".docx" else Path(f"{path}.docx")
        try:
            written = writer(path)
        except OSError as error:
            raise UserError(f"无法写入“{path}”：{error.strerror or error}") from error
        self.status.setText(f"已生成空白模板：{written}")
        answer = QMessageBox.question(
            self,
            "已生成空白模板",
            f"已生成空白模板：\n{written}\n\n在 Word 或 WPS 中修改后，用“添加模板…”加入程序。现在打开它吗？",
        )
        if answer == QMessageBox.StandardButton.Yes:
            _open_or_complain(written)
        return written

    def show_field_manual(self) -> None:
        dialog = FieldManualDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
