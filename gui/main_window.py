"""The main window: unit records with their details, the dashboard and the recycle bin."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QWidget,
)

from core import APP_NAME, APP_TITLE_ZH
from core.changes import Changes
from gui.errors import show_error
from gui.ops import BackgroundOp

if TYPE_CHECKING:
    from gui.context import AppContext

# Everything that reaches core's database layer (SQLAlchemy, a large import) is imported inside the
# methods that need it, so that the window is on screen before those imports start.

log = logging.getLogger(__name__)

WINDOW_TITLE = f"{APP_NAME} {APP_TITLE_ZH}"
BACKUP_FILTER = "HonourDesk 数据库备份 (*.db);;所有文件 (*)"
REGISTER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")


def _dropped_register(mime: QMimeData) -> Path | None:
    """The one local spreadsheet file being dragged onto the window, if that is what it is."""
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    if len(files) == 1 and files[0].suffix.lower() in REGISTER_SUFFIXES:
        return files[0]
    return None


def _dropped_reports(mime: QMimeData) -> list[Path]:
    """Old reports (.docx, .doc, .wps, .txt, .pdf) being dragged onto the window."""
    from core.oldreports.reader import SUFFIXES

    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return files if files and all(f.suffix.lower() in SUFFIXES for f in files) else []


class MainWindow(QMainWindow):
    """Shown at once with a placeholder; attach() fills it when the database is open."""

    def __init__(self, context: AppContext | None = None) -> None:
        super().__init__()
        self.context: AppContext | None = None
        self.setWindowTitle(WINDOW_TITLE)
        self.resize(1280, 800)
        self._shown_unit: int | None = None
        placeholder = QLabel("正在打开数据库…")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        if context is not None:
            self.attach(context)

    def attach(self, context: AppContext) -> None:
        from gui.dashboard import DashboardPage
        from gui.honours_tab import HonoursTab
        from gui.import_history import ImportHistoryPage
        from gui.materials_tab import MaterialsTab
        from gui.recycle_bin import RecycleBinPage
        from gui.reports_tab import ReportsTab
        from gui.unit_form import UnitFormTab
        from gui.unit_list import UnitListPanel

        self.context = context
        from core.database_url import describe

        where = QLabel(f"数据：{describe(context.services.db.url, context.data_dir.database)}")
        where.setObjectName("database_location")
        self.statusBar().addPermanentWidget(where)
        self.unit_list = UnitListPanel(context)
        self.unit_form = UnitFormTab(context)
        self.honours_tab = HonoursTab(context)
        self.materials_tab = MaterialsTab(context)
        self.reports_tab = ReportsTab(context)
        self.details = QTabWidget()
        self.details.setObjectName("unit_details")
        for page, caption in (
            (self.unit_form, "基本信息"),
            (self.honours_tab, "荣誉"),
            (self.materials_tab, "工作材料"),
            (self.reports_tab, "汇报记录"),
        ):
            self.details.addTab(page, caption)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("records_splitter")
        self.splitter.addWidget(self.unit_list)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 780])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(6, 6, 6, 0)

        self.dashboard = DashboardPage(context)
        self.recycle_bin = RecycleBinPage(context)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "单位档案")
        self.pages.addTab(self.dashboard, "统计概览")
        self.pages.addTab(self.recycle_bin, "回收站")
        self.import_history = ImportHistoryPage(context)
        self.pages.addTab(self.import_history, "导入记录")
        self.setAcceptDrops(True)
        self.setCentralWidget(self.pages)

        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self._make_actions()
        self._make_menus()
        self._make_toolbar()

        self.unit_list.unit_selected.connect(self._unit_selected)
        self.unit_form.saved.connect(self._unit_saved)
        context.changes_applied.connect(self._changes_applied)
        context.open_unit_requested.connect(self.open_unit)
        self._restore_layout()
        self.unit_list.refresh()
        self._update_counts()

    # -- actions, menus, toolbar ---------------------------------------------------------------

    def _action(
        self,
        text: str,
        slot,
        shortcut: QKeySequence | str | None = None,  # type: ignore[no-untyped-def]
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        stack = self.context.undo_stack
        self.new_unit_action = self._action(
            "新建单位", self.new_unit, QKeySequence.StandardKey.New, "新建一个单位档案"
        )
        self.save_action = self._action("保存", self.save, QKeySequence.StandardKey.Save, "保存当前修改")
        self.delete_action = self._action(
            "删除", self.delete, QKeySequence(Qt.Key.Key_Delete), "把所选单位、荣誉或材料移到回收站"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action = self._action("查找单位", self.focus_search, QKeySequence.StandardKey.Find)
        self.refresh_action = self._action(
            "刷新", lambda: self.context.changed("all"), QKeySequence.StandardKey.Refresh
        )
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.quit_action = self._action("退出", self.close, "Ctrl+Q")
        self.undo_action = stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.addActions([self.undo_action, self.redo_action])
        self.import_action = self._action(
            "导入Excel…", self.import_file, "Ctrl+I", "从 Excel 登记表导入单位和荣誉（也可把文件拖到窗口上）"
        )
        self.old_reports_action = self._action(
            "导入往年材料…",
            self.import_reports,
            tip="读入往年的工作总结、情况汇报等 Word 文件（也可把文件拖到单位上）",
        )
        self.export_action = self._action(
            "导出全部到Excel…", self.export_all, "Ctrl+E", "把全部单位和荣誉导出为一个 .xlsx 文件"
        )
        self.export_honours_action = self._action(
            "导出当前荣誉表…", self.export_filtered_honours, tip="导出单位列表当前筛选出的各单位的荣誉"
        )
        self.generate_action = self._action(
            "生成汇报…", self.generate_reports, "Ctrl+G", "按模板为当前单位或筛选出的单位生成情况汇报"
        )
        self.templates_action = self._action(
            "模板管理…", self.manage_templates, "Ctrl+T", "查看、添加、检查汇报模板"
        )
        self.backup_action = self._action("备份数据库…", self.backup)
        self.restore_action = self._action("从备份恢复…", self.restore)
        self.copy_database_action = self._action("复制到其他数据库…", self.copy_database)
        self.settings_action = self._action("设置…", self.open_settings, "Ctrl+,")
        self.demo_action = self._action("载入示例数据", self.load_demo)
        self.logs_action = self._action("打开日志文件夹", self.open_logs)
        self.about_action = self._action("关于", self.show_about)
        self.page_actions = [
            self._action(caption, lambda i=i: self.pages.setCurrentIndex(i), f"Ctrl+{i + 1}")
            for i, caption in enumerate(("单位档案", "统计概览", "回收站", "导入记录"))
        ]

    def show_about(self) -> None:
        from gui.dialogs import show_about

        show_about(self, self.context)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.new_unit_action, self.save_action])
        file_menu.addSeparator()
        file_menu.addActions([self.import_action, self.old_reports_action])
        file_menu.addActions([self.export_action, self.export_honours_action])
        file_menu.addSeparator()
        file_menu.addActions([self.generate_action, self.templates_action])
        file_menu.addSeparator()
        file_menu.addActions([self.backup_action, self.restore_action, self.copy_database_action])
        file_menu.addSeparator()
        file_menu.addActions([self.settings_action, self.quit_action])
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.delete_action, self.find_action])
        view_menu = bar.addMenu("查看(&V)")
        view_menu.addActions(self.page_actions)
        view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addActions([self.demo_action, self.logs_action])
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _make_toolbar(self) -> None:
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([self.new_unit_action, self.save_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addActions([self.undo_action, self.redo_action, self.refresh_action])
        toolbar.addSeparator()
        toolbar.addActions([self.import_action, self.generate_action])

    # -- records -------------------------------------------------------------------------------

    def _confirm_leave(self) -> bool:
        return self.unit_form.confirm_leave() and self.materials_tab.confirm_leave()

    def _unit_selected(self, unit_id: int | None) -> None:
        if unit_id == self._shown_unit and unit_id is not None:
            return
        if not self._confirm_leave():
            if self._shown_unit is not None:
                self.unit_list.table.selectionModel().blockSignals(True)
                self.unit_list.select_unit(self._shown_unit)
                self.unit_list.table.selectionModel().blockSignals(False)
            return
        self._show_unit(unit_id)

    def _show_unit(self, unit_id: int | None) -> None:
        self._shown_unit = unit_id
        try:
            self.unit_form.show_unit(unit_id)
            for tab in (self.honours_tab, self.materials_tab, self.reports_tab):
                tab.show_unit(unit_id)
        except Exception as error:
            show_error(self, error)

    def _unit_saved(self, unit_id: int) -> None:
        self.unit_list.refresh()
        self.unit_list.select_unit(unit_id)
        self._shown_unit = unit_id
        for tab in (self.honours_tab, self.materials_tab, self.reports_tab):
            tab.show_unit(unit_id)

    def open_unit(self, unit_id: int) -> None:
        """Show a unit (from the dashboard, say) on the records page."""
        self.pages.setCurrentIndex(0)
        if not self._confirm_leave():
            return
        if self.unit_list.model.row_of(unit_id) is None:
            self.unit_list.search.clear()
            for combo in (self.unit_list.category, self.unit_list.region, self.unit_list.level):
                combo.setCurrentIndex(0)
            self.unit_list.refresh()
        self.unit_list.select_unit(unit_id)
        self._show_unit(unit_id)

    def new_unit(self) -> None:
        if not self._confirm_leave():
            return
        self.pages.setCurrentIndex(0)
        self.unit_list.table.clearSelection()
        self._shown_unit = None
        for tab in (self.honours_tab, self.materials_tab, self.reports_tab):
            tab.show_unit(None)
        self.details.setCurrentWidget(self.unit_form)
        self.unit_form.start_new()

    def save(self) -> None:
        if self.details.currentWidget() is self.materials_tab and self.materials_tab.dirty:
            self.materials_tab.save()
        elif self.unit_form.dirty:
            self.unit_form.save()
        elif self.materials_tab.dirty:
            self.materials_tab.save()

    def delete(self) -> None:
        focus = QApplication.focusWidget()
        if self.pages.currentIndex() != 0:
            return
        if self._inside(focus, self.honours_tab):
            self.honours_tab.delete_selected()
        elif self._inside(focus, self.materials_tab) and not self._inside(focus, self.materials_tab.text):
            self.materials_tab.delete_current()
        elif self._inside(focus, self.unit_list.table) or focus is None or focus is self:
            self.delete_unit()

    @staticmethod
    def _inside(widget: QWidget | None, container: QWidget) -> bool:
        while widget is not None:
            if widget is container:
                return True
            widget = widget.parentWidget()
        return False

    def delete_unit(self) -> None:
        unit_id = self.unit_list.current_unit_id()
        if unit_id is None:
            return
        from gui.undo import DeleteCommand

        units = self.context.services.units
        try:
            unit = units.delete(unit_id)
        except Exception as error:
            show_error(self, error, "无法删除")
            return
        self.unit_form.show_unit(None)
        self._shown_unit = None
        self.context.undo_stack.push(DeleteCommand(self.context, units, unit.id, f"删除单位“{unit.name}”"))
        self.context.changed("unit")
        self.statusBar().showMessage(f"已把“{unit.name}”移到回收站，可按 Ctrl+Z 撤销。", 8000)

    def focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.unit_list.search.setFocus()
        self.unit_list.search.selectAll()

    def _changes_applied(self, changes: Changes, _initiator: object) -> None:
        if changes.units:
            self.unit_list.refresh()
            if self._shown_unit is not None and self.unit_list.model.row_of(self._shown_unit) is None:
                self._show_unit(self.unit_list.current_unit_id())
            elif not self.unit_form.dirty and self._shown_unit is not None:
                self.unit_form.show_unit(self._shown_unit)
        elif changes.honours:
            self.unit_list.refresh()  # honour counts and the latest year
        if changes.touches("honours", "attachments"):
            self.honours_tab.refresh()
        if changes.materials:
            self.materials_tab.refresh()
        if changes.reports:
            self.reports_tab.refresh()
        if changes.touches("units", "honours"):
            self._update_counts()

    def _update_counts(self) -> None:
        services = self.context.services
        self.counts_label.setText(f"单位 {services.units.count()} 个 · 荣誉 {services.honours.count()} 项")

    # -- database ------------------------------------------------------------------------------

    def offer_demo_if_empty(self) -> None:
        services = self.context.services
        if services.units.count() or services.units.list_deleted():
            return
        answer = QMessageBox.question(
            self,
            "欢迎使用",
            "数据库中还没有任何单位。\n是否载入示例数据（取自真实汇报材料的 14 个单位）？\n"
            "以后也可以在“帮助”菜单中载入。",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.load_demo()

    def load_demo(self) -> None:
        from core.demo import load_demo

        services = self.context.services
        BackgroundOp(
            self, lambda _progress: load_demo(services), "正在载入示例数据…", cancellable=False
        ).success(self._demo_loaded).run_in_background()

    def _demo_loaded(self, result) -> None:  # type: ignore[no-untyped-def]
        self.context.changed("all")
        self.statusBar().showMessage(
            f"已载入示例数据：单位 {result.units_created} 个、荣誉 {result.honours_created} 项、"
            f"工作材料 {result.materials_created} 篇。",
            10000,
        )

    def backup(self) -> None:
        state = self.context.state
        name = str(Path(state.last_folder("backup")) / "HonourDesk备份.db")
        target, _ = QFileDialog.getSaveFileName(self, "备份数据库", name, BACKUP_FILTER)
        if not target:
            return
        state.set_last_folder("backup", target)
        from core.backup import backup_database

        database = self.context.services.db
        BackgroundOp(
            self, lambda _p: backup_database(database, Path(target)), "正在备份数据库…", cancellable=False
        ).success(lambda path: self.statusBar().showMessage(f"已备份到 {path}", 10000)).run_in_background()

    def copy_database(self) -> None:
        from gui.database_dialogs import CopyDatabaseDialog

        if self.context is not None:
            CopyDatabaseDialog(self.context, self).exec()

    def restore(self) -> None:
        state = self.context.state
        source, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", state.last_folder("backup"), BACKUP_FILTER
        )
        if not source:
            return
        state.set_last_folder("backup", source)
        answer = QMessageBox.question(
            self, "从备份恢复", f"用备份“{Path(source).name}”替换当前的全部数据？\n当前数据会先自动备份。"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from core.backup import restore_database

        database = self.context.services.db
        BackgroundOp(
            self, lambda _p: restore_database(database, Path(source)), "正在恢复数据库…", cancellable=False
        ).success(self._restored).run_in_background()

    def _restored(self, result) -> None:  # type: ignore[no-untyped-def]
        self.context.undo_stack.clear()
        self.context.changed("all")
        QMessageBox.information(
            self,
            "恢复完成",
            f"已恢复，现有单位 {result.units} 个。\n恢复前的数据已备份到：\n{result.previous_backup}",
        )

    # -- reports -------------------------------------------------------------------------------

    def generate_reports(self) -> None:
        from gui.generate_dialog import GenerateDialog

        if self.context is None or not self._confirm_leave():
            return
        current = self.unit_list.current_unit_id()
        filtered = list(self.unit_list.model.ids)
        GenerateDialog(self.context, [current] if current is not None else [], filtered, self).exec()

    def manage_templates(self) -> None:
        from gui.templates_dialog import TemplateManagerDialog

        if self.context is not None:
            TemplateManagerDialog(self.context, self).exec()

    # -- Excel in and out ----------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        from gui.import_wizard import ImportWizard

        if self.context is None or not self._confirm_leave():
            return
        ImportWizard(self.context, path, self).exec()

    def import_reports(self, paths: list[Path] | None = None, unit_id: int | None = None) -> None:
        from gui.oldreport_wizard import OldReportDialog

        if self.context is None or not self._confirm_leave():
            return
        dialog = OldReportDialog(self.context, paths, self, unit_id=unit_id)
        if not paths:
            QTimer.singleShot(0, dialog.choose_files)
        dialog.exec()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if self.context is not None and (_dropped_register(mime) or _dropped_reports(mime)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_register(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_file(path))  # let the drag finish first
            return
        reports = _dropped_reports(event.mimeData())
        if reports:  # dropped on a unit's row: the reports are that unit's
            event.acceptProposedAction()
            table = self.unit_list.table
            index = table.indexAt(table.viewport().mapFrom(self, event.position().toPoint()))
            unit_id = self.unit_list.model.ids[index.row()] if index.isValid() else None
            QTimer.singleShot(0, lambda: self.import_reports(reports, unit_id))

    def export_all(self) -> None:
        from core.export import export_all

        target = self._ask_export_path("HonourDesk导出.xlsx")
        if target is None:
            return
        database = self.context.services.db
        BackgroundOp(
            self, lambda progress: export_all(database, target, progress), "正在导出…", cancellable=False
        ).success(
            lambda counts: self.statusBar().showMessage(
                f"已导出单位 {counts[0]} 个、荣誉 {counts[1]} 项到 {target}", 10000
            )
        ).run_in_background()

    def export_filtered_honours(self) -> None:
        from core.export import export_honours
        from core.services import HonourFilter

        target = self._ask_export_path("荣誉一览.xlsx")
        if target is None:
            return
        unit_ids = list(self.unit_list.model.ids)
        criteria = HonourFilter(level=self.unit_list.criteria().level)
        database = self.context.services.db
        BackgroundOp(
            self,
            lambda _p: export_honours(database, target, criteria, unit_ids),
            "正在导出…",
            cancellable=False,
        ).success(
            lambda count: self.statusBar().showMessage(f"已导出荣誉 {count} 项到 {target}", 10000)
        ).run_in_background()

    def _ask_export_path(self, suggested: str) -> Path | None:
        state = self.context.state
        chosen, _ = QFileDialog.getSaveFileName(
            self, "导出到 Excel", str(Path(state.last_folder("export")) / suggested), "Excel 工作簿 (*.xlsx)"
        )
        if not chosen:
            return None
        state.set_last_folder("export", chosen)
        path = Path(chosen)
        return path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx")

    def open_settings(self) -> None:
        from gui.dialogs import SettingsDialog

        SettingsDialog(self.context, self).exec()

    def open_logs(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.data_dir.logs)))

    # -- layout memory and closing -------------------------------------------------------------

    def _restore_layout(self) -> None:
        state = self.context.state
        geometry = state.bytes("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        splitter = state.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        widths = state.int_list("window/unit_columns")
        if len(widths) == self.unit_list.model.columnCount():
            for column, width in enumerate(widths[1:], start=1):  # the name column stretches
                if width > 0:
                    self.unit_list.table.setColumnWidth(column, width)

    def save_layout(self) -> None:
        state = self.context.state
        state.set_bytes("window/geometry", self.saveGeometry())
        state.set_bytes("window/splitter", self.splitter.saveState())
        table = self.unit_list.table
        state.set_int_list(
            "window/unit_columns", [table.columnWidth(c) for c in range(table.model().columnCount())]
        )
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context is None:  # still opening the database
            event.accept()
            return
        if not self._confirm_leave():
            event.ignore()
            return
        self.save_layout()
        self._backup_on_exit()
        event.accept()

    def _backup_on_exit(self) -> None:
        from core.backup import backup_database, prune_backups

        settings = self.context.settings
        database = self.context.services.db
        if not settings.backup_on_exit or database.sqlite_path is None:
            return
        try:
            backup_database(database, reason="exit")
            prune_backups(self.context.data_dir.backups, settings.backups_to_keep)
        except Exception:
            log.exception("退出时自动备份失败")
