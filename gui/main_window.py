"""The main window: unit records with their details, the dashboard and the recycle bin."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
)

from core import APP_NAME, APP_TITLE_ZH
from core.changes import Changes
from gui.access_keys import install_button_keys
from gui.errors import show_error
from gui.focus import focus_is_inside, install_focus_guard
from gui.folders import open_folder
from gui.ops import BackgroundOp, wait_for_all
from gui.search_keys import fill_pending_keys
from gui.widgets import run_modal
from gui.window_actions import (
    WindowActions,
    honour_menu,
    make_menus,
    make_toolbar,
    show_context_menu,
    unit_menu,
)

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.table_output import TableContent

# Everything that reaches core's database layer (SQLAlchemy, a large import) is imported inside the
# methods that need it, so that the window is on screen before those imports start.

log = logging.getLogger(__name__)

WINDOW_TITLE = f"{APP_NAME} {APP_TITLE_ZH}"
BACKUP_FILTER = "HonourDesk 数据库备份 (*.db);;所有文件 (*)"
REGISTER_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv")
WINDOW_SIZE = (1280, 800)
SCREEN_MARGIN = 60  # room for the frame and the task bar
LIST_SHARE = 42  # per cent of the records page's width given to the unit list
STATUS_MS = 10000
QUIT_WAIT_MS = 15000
LAST_UNIT_KEY, LAST_PAGE_KEY = (
    "window/unit",
    "window/unit_page",
)  # the unit shown at closing, and its tab  # how long quitting waits for background work it has asked to stop


def dated_file_name(stem: str, suffix: str, today: dt.date | None = None) -> str:
    """A file name offered for saving, dated, so that last week's file is not replaced unasked."""
    day = today or dt.date.today()
    return f"{stem}{day.year}年{day.month}月{day.day}日{suffix}"


def backup_file_name(today: dt.date | None = None) -> str:
    return dated_file_name("HonourDesk备份", ".db", today)


def _when(moment: dt.datetime) -> str:
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


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
        self._fit_screen()
        self._shown_unit: int | None = None
        placeholder = QLabel("正在打开数据库…")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setCentralWidget(placeholder)
        install_focus_guard(QApplication.instance())  # type: ignore[arg-type]
        install_button_keys(QApplication.instance())  # type: ignore[arg-type]
        # Quitting works from the first paint, before the database is open.
        self.quit_action = QAction("退出", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setToolTip("退出（Ctrl+Q）")
        self.quit_action.triggered.connect(lambda _checked=False: self.close())
        self.addAction(self.quit_action)
        if context is not None:
            self.attach(context)

    def _fit_screen(self) -> None:
        """1280×800 where there is room for it with its frame; maximised on a smaller screen (1024×768)."""
        area = self.screen().availableGeometry()
        if area.width() < WINDOW_SIZE[0] + SCREEN_MARGIN or area.height() < WINDOW_SIZE[1] + SCREEN_MARGIN:
            self.resize(min(WINDOW_SIZE[0], area.width()), min(WINDOW_SIZE[1], area.height()))
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(*WINDOW_SIZE)

    def _fits_screen(self) -> bool:
        """Maximised, or the window with its frame within the screen's free area."""
        area = self.screen().availableGeometry()
        return self.isMaximized() or (
            self.width() <= area.width() and self.height() + SCREEN_MARGIN // 2 <= area.height()
        )

    def attach(self, context: AppContext) -> None:
        """Fill the window once the database is open: pages, actions, signals, remembered layout, data."""
        self.context = context
        self._build_records_page(context)
        self._build_pages(context)
        self._show_location(context)
        self._build_actions()
        self._connect_signals(context)
        self._restore_layout()
        self.unit_list.refresh()
        self._restore_last_unit()
        self._update_counts()
        self.unit_list.search.setFocus()  # the clerk's first keys look a unit up

    # -- building ------------------------------------------------------------------------------

    def _build_records_page(self, context: AppContext) -> None:
        from gui.honours_tab import HonoursTab
        from gui.materials_tab import MaterialsTab
        from gui.reports_tab import ReportsTab
        from gui.unit_form import UnitFormTab
        from gui.unit_list import UnitListPanel

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
        self.splitter.setStretchFactor(0, LIST_SHARE)  # both panes grow with the window
        self.splitter.setStretchFactor(1, 100 - LIST_SHARE)
        width = max(self.width(), 1024)
        self.splitter.setSizes([width * LIST_SHARE // 100, width * (100 - LIST_SHARE) // 100])
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(6, 6, 6, 0)

    def _build_pages(self, context: AppContext) -> None:
        from gui.dashboard import DashboardPage
        from gui.import_history import ImportHistoryPage
        from gui.recycle_bin import RecycleBinPage

        self.dashboard = DashboardPage(context)
        self.recycle_bin = RecycleBinPage(context)
        self.import_history = ImportHistoryPage(context)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "单位档案")
        self.pages.addTab(self.dashboard, "统计概览")
        self.pages.addTab(self.recycle_bin, "回收站")
        self.pages.addTab(self.import_history, "导入记录")
        self.setAcceptDrops(True)
        self.setCentralWidget(self.pages)

    def _show_location(self, context: AppContext) -> None:
        from core.database_url import describe

        read_only = "（只读，不能修改）" if context.services.db.read_only else ""
        where = QLabel(f"数据：{describe(context.services.db.url, context.data_dir.database)}{read_only}")
        where.setObjectName("database_location")
        self.statusBar().addPermanentWidget(where)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)

    def _build_actions(self) -> None:
        self.actions = WindowActions(self)
        make_menus(self, self.actions)
        make_toolbar(self, self.actions)
        stack = self.context.undo_stack
        for action, can_change, text_change in (
            (self.actions.undo, stack.canUndoChanged, stack.undoTextChanged),
            (self.actions.redo, stack.canRedoChanged, stack.redoTextChanged),
        ):
            action.setEnabled(False)
            can_change.connect(action.setEnabled)  # slots of the actions: gone with them
            text_change.connect(action.describe)
        self.honours_tab.add_button.setToolTip(self.actions.add_honour.toolTip())
        self.unit_list.table.customContextMenuRequested.connect(
            lambda point: show_context_menu(self.unit_list.table, unit_menu(self, self.actions), point)
        )
        self.honours_tab.table.customContextMenuRequested.connect(
            lambda point: show_context_menu(self.honours_tab.table, honour_menu(self, self.actions), point)
        )

    def _connect_signals(self, context: AppContext) -> None:
        self.unit_list.unit_selected.connect(self._unit_selected)
        self.unit_form.saved.connect(self._unit_saved)
        context.changes_applied.connect(self._changes_applied)
        context.open_unit_requested.connect(self.open_unit)
        context.status_message.connect(self.show_status)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    # -- records -------------------------------------------------------------------------------

    def _confirm_leave(self) -> bool:
        return self.unit_form.confirm_leave() and self.materials_tab.confirm_leave()

    def _unit_selected(self, unit_id: int | None) -> None:
        if unit_id == self._shown_unit and unit_id is not None:
            return
        if not self._confirm_leave():
            self._reselect_shown_unit()
            # A mouse press selects its row after this handler: the list goes back again once it is done.
            QTimer.singleShot(0, self._reselect_shown_unit)
            return
        self._show_unit(unit_id)

    def _reselect_shown_unit(self) -> None:
        """The list back on the unit the form still shows (its edits kept)."""
        if self._shown_unit is not None:
            self.unit_list.table.selectionModel().blockSignals(True)
            self.unit_list.select_unit(self._shown_unit)
            self.unit_list.table.selectionModel().blockSignals(False)
            self.unit_list.table.viewport().update()

    def _show_unit(self, unit_id: int | None) -> None:
        self._set_shown_unit(unit_id)
        try:
            self.unit_form.show_unit(unit_id)
            for tab in (self.honours_tab, self.materials_tab, self.reports_tab):
                tab.show_unit(unit_id)
        except Exception as error:
            show_error(self, error)

    def _set_shown_unit(self, unit_id: int | None) -> None:
        self._shown_unit = unit_id
        self.actions.add_honour.setEnabled(unit_id is not None)

    def add_honour(self) -> None:
        """荣誉 → 添加荣誉 (Ctrl+Shift+N): a new honour of the unit shown, seen on its 荣誉 tab."""
        if self._shown_unit is None:
            return
        self.pages.setCurrentIndex(0)
        self.details.setCurrentWidget(self.honours_tab)
        self.honours_tab.add_honour()

    def _unit_saved(self, unit_id: int) -> None:
        if self.unit_list.model.row_of(unit_id) is None:  # a new unit the search or a filter hides
            self._list_everything()
            self.show_status("已保存。为显示新单位，已清除单位列表的搜索和筛选条件。")
        self.unit_list.select_unit(unit_id)
        if self._shown_unit != unit_id:  # a new unit
            self._show_unit(unit_id)
        if QApplication.focusWidget() is None:  # the form was emptied under the cursor
            self.unit_list.table.setFocus()

    def _list_everything(self) -> None:
        self.unit_list.search.clear()
        for combo in self.unit_list.filters():
            combo.setCurrentIndex(0)
        self.unit_list.refresh()

    def open_unit(self, unit_id: int) -> None:
        """Show a unit (from the dashboard, say) on the records page."""
        self.pages.setCurrentIndex(0)
        if not self._confirm_leave():
            return
        if self.unit_list.model.row_of(unit_id) is None:
            self._list_everything()
        self.unit_list.select_unit(unit_id)
        self._show_unit(unit_id)

    def new_unit(self) -> None:
        if not self._confirm_leave():
            return
        self.pages.setCurrentIndex(0)
        self.unit_list.table.clearSelection()
        self._set_shown_unit(None)
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
        """Delete what the focused table shows: honours, a material, the units, or (in the recycle bin)
        the selected records for good."""
        page = self.pages.currentWidget()
        if page is self.recycle_bin:
            self.recycle_bin.purge_selected()
        elif page is not self.splitter:
            return
        elif focus_is_inside(self.honours_tab) and self.honours_tab.selected_honour_ids():
            self.honours_tab.delete_selected()
        elif focus_is_inside(self.materials_tab):
            self.materials_tab.delete_current()
        elif focus_is_inside(self.unit_list) or not focus_is_inside(self.details):
            self.delete_units()

    def delete_units(self) -> None:
        from gui.batch import delete_selected

        ids = self.unit_list.selected_unit_ids()
        names = [row[0] for row in self.unit_list.shown_rows(selected_only=True)]
        delete_selected(self, self.context, self.context.services.units, ids, names)

    def focus_search(self) -> None:
        self.pages.setCurrentIndex(0)
        self.unit_list.search.setFocus()
        self.unit_list.search.selectAll()

    def refresh_all(self) -> None:
        self.context.apply(Changes.everything())
        fill_pending_keys(self.context)  # units the command line (or another PC) imported meanwhile

    def undo(self) -> None:
        from gui.undo import step_through

        self._select_brought_back(*step_through(self.context, "撤销"))

    def redo(self) -> None:
        from gui.undo import step_through

        self._select_brought_back(*step_through(self.context, "重做"))

    def _select_brought_back(self, service: object, ids: list[int]) -> None:
        """Honours an undo or redo took back out of the recycle bin are selected, where they are shown."""
        if ids and service is self.context.services.honours:
            self.honours_tab.select_honours(ids)

    def _changes_applied(self, changes: Changes, initiator: object) -> None:
        if changes.touches("units", "honours"):
            self.unit_list.refresh()
            if self._shown_unit is not None and self.unit_list.model.row_of(self._shown_unit) is None:
                self._show_unit(self.unit_list.current_unit_id())
            elif (
                changes.units
                and initiator is not self.unit_form
                and not self.unit_form.dirty
                and self._shown_unit is not None
            ):
                self.unit_form.show_unit(self._shown_unit)
        if changes.touches("honours", "attachments"):
            self.honours_tab.refresh()
        if changes.materials and initiator is not self.materials_tab:
            self.materials_tab.refresh()
        if changes.reports:
            self.reports_tab.refresh()
        if changes.touches("units", "honours"):
            self._update_counts()

    def _update_counts(self) -> None:
        services = self.context.services
        self.counts_label.setText(f"单位 {services.units.count()} 个 · 荣誉 {services.honours.count()} 项")

    # -- the selection: batch edits, tables out ------------------------------------------------

    def _honours_in_focus(self) -> bool:
        return self.pages.currentWidget() is self.splitter and focus_is_inside(self.honours_tab)

    def set_category_of_selection(self) -> None:
        from core.vocab import HONOUR_CATEGORIES, UNIT_CATEGORIES
        from gui.batch import set_field_of_selected

        services = self.context.services
        if self._honours_in_focus():
            ids = self.honours_tab.selected_honour_ids()
            set_field_of_selected(self, self.context, services.honours, ids, "category", HONOUR_CATEGORIES)
        else:
            ids = self.unit_list.selected_unit_ids()
            set_field_of_selected(self, self.context, services.units, ids, "category", UNIT_CATEGORIES)

    def set_region_of_selection(self) -> None:
        from gui.batch import set_field_of_selected

        units = self.context.services.units
        ids = self.unit_list.selected_unit_ids()
        set_field_of_selected(self, self.context, units, ids, "region", units.regions(), editable=True)

    def set_level_of_selection(self) -> None:
        from core.vocab import LEVELS
        from gui.batch import set_field_of_selected

        ids = self.honours_tab.selected_honour_ids()
        set_field_of_selected(self, self.context, self.context.services.honours, ids, "level", LEVELS)

    def current_table(self) -> TableContent | None:
        """The table the user works in, as shown: several selected rows, else every row."""
        from gui.honours_tab import COLUMNS
        from gui.table_output import TableContent, table_content

        page = self.pages.currentWidget()
        if page is self.splitter and (
            self._honours_in_focus()
            or (self.details.currentWidget() is self.honours_tab and not focus_is_inside(self.unit_list))
        ):
            tab = self.honours_tab
            several = len(tab.selected_honour_ids()) > 1
            return TableContent(
                tab.table_title(self.unit_form.heading.text()), COLUMNS, tab.shown_rows(several)
            )
        if page is self.splitter:
            panel = self.unit_list
            several = len(panel.selected_unit_ids()) > 1
            return TableContent("单位名单", panel.model.HEADERS, panel.shown_rows(several))
        view = {self.recycle_bin: "bin", self.import_history: "history"}.get(page)
        if view == "bin":
            return table_content("回收站", self.recycle_bin.table)
        if view == "history":
            return table_content("导入记录", self.import_history.table)
        return None

    def preview_current_table(self) -> None:
        from gui.table_output import preview_table

        content = self.current_table()
        if content is not None:
            run_modal(preview_table(self, content))

    def print_current_table(self) -> None:
        from gui.table_output import print_table

        content = self.current_table()
        if content is not None:
            print_table(self, content)

    def export_current_table(self) -> None:
        from gui.table_output import export_table_as

        content = self.current_table()
        if content is not None:
            export_table_as(self, self.context, content)

    def show_guide(self) -> None:
        from gui.guide import show_guide

        show_guide(self)

    def show_about(self) -> None:
        from gui.dialogs import show_about

        show_about(self, self.context)

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
        self.context.apply(Changes.everything())
        self.statusBar().showMessage(
            f"已载入示例数据：单位 {result.units_created} 个、荣誉 {result.honours_created} 项、"
            f"工作材料 {result.materials_created} 篇。",
            10000,
        )

    def backup(self) -> None:
        state = self.context.state
        name = str(Path(state.last_folder("backup")) / backup_file_name())
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
            run_modal(CopyDatabaseDialog(self.context, self))

    def restore(self) -> None:
        state = self.context.state
        source, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", state.last_folder("backup"), BACKUP_FILTER
        )
        if not source:
            return
        state.set_last_folder("backup", source)
        from core.restore import check_backup

        database = self.context.services.db
        BackgroundOp(
            self, lambda progress: check_backup(database, Path(source), progress), "正在检查备份文件…"
        ).success(self._ask_restore).cancelled(self._restore_cancelled).run_in_background()

    def _ask_restore(self, checked) -> None:  # type: ignore[no-untyped-def]
        """The question names what the checked backup holds; a yes replaces the data from the same copy."""
        from core.restore import apply_backup

        made = f"，备份文件保存于 {_when(checked.made)}" if checked.made else ""
        if checked.last_change:
            made += f"，其中的数据最后修改于 {_when(checked.last_change)}"
        answer = QMessageBox.question(
            self,
            "从备份恢复",
            f"用备份“{checked.source.name}”替换当前的全部数据？\n\n"
            f"备份中有单位 {checked.units} 个、荣誉 {checked.honours} 项{made}。\n"
            "当前数据会先自动备份；恢复后撤销记录将清空（不能再用 Ctrl+Z 撤销此前的修改）。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            checked.discard()
            return
        database = self.context.services.db
        BackgroundOp(
            self, lambda progress: apply_backup(database, checked, progress), "正在恢复数据库…"
        ).success(self._restored).cancelled(self._restore_cancelled).run_in_background()

    def _restore_cancelled(self) -> None:
        self.statusBar().showMessage("已取消恢复，当前数据库未改动。", 10000)

    def _restored(self, result) -> None:  # type: ignore[no-untyped-def]
        self.context.clear_undo("已从备份恢复")
        self.context.apply(Changes.everything())
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
        chosen = self.unit_list.selected_unit_ids()
        current = self.unit_list.current_unit_id()
        if not chosen and current is not None:
            chosen = [current]
        filtered = list(self.unit_list.model.ids)
        run_modal(GenerateDialog(self.context, chosen, filtered, self))

    def manage_templates(self) -> None:
        from gui.templates_dialog import TemplateManagerDialog

        if self.context is not None:
            run_modal(TemplateManagerDialog(self.context, self))

    # -- Excel in and out ----------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        from gui.import_wizard import ImportWizard

        if self.context is None or not self._confirm_leave():
            return
        wizard = ImportWizard(self.context, path, self)
        run_modal(wizard)
        result = getattr(wizard, "result", None)
        if result is not None and getattr(result, "applied", False):
            # An import is undone as a whole from 导入记录, not step by step: older steps no longer apply.
            self.context.clear_undo("已导入登记表（可在“导入记录”页撤销这次导入）")

    def import_reports(self, paths: list[Path] | None = None, unit_id: int | None = None) -> None:
        from gui.oldreport_wizard import OldReportDialog

        if self.context is None or not self._confirm_leave():
            return
        dialog = OldReportDialog(self.context, paths, self, unit_id=unit_id)
        if not paths:
            QTimer.singleShot(0, dialog.choose_files)
        run_modal(dialog)

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

        target = self._ask_export_path(dated_file_name("HonourDesk导出", ".xlsx"))
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

        target = self._ask_export_path(dated_file_name("荣誉一览", ".xlsx"))
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

        run_modal(SettingsDialog(self.context, self))

    def open_logs(self) -> None:
        open_folder(self, self.context.data_dir.logs)

    # -- layout memory and closing -------------------------------------------------------------

    def _restore_layout(self) -> None:
        state = self.context.state
        geometry = state.bytes("window/geometry")
        if geometry is not None:
            self.setWindowState(Qt.WindowState.WindowNoState)  # the saved geometry says whether maximised
            # Qt refuses a geometry saved at another display scaling (150 % last time, 100 % now): the
            # window stayed un-maximised at 1280×768 on a 768-pixel screen, its status bar below the edge.
            if not self.restoreGeometry(geometry) or not self._fits_screen():
                self._fit_screen()
        splitter = state.bytes("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _restore_last_unit(self) -> None:
        """The unit shown when the window was last closed, on the page it was shown on, where it still is."""
        state = self.context.state
        unit, page = state.value(LAST_UNIT_KEY), state.value(LAST_PAGE_KEY)
        if not (str(unit).isdigit() and self.unit_list.select_unit(int(unit))):
            return
        if str(page).isdigit() and int(page) < self.details.count():
            self.details.setCurrentIndex(int(page))

    def save_layout(self) -> None:
        state = self.context.state
        state.set_bytes("window/geometry", self.saveGeometry())
        state.set_bytes("window/splitter", self.splitter.saveState())
        unit = self.unit_list.current_unit_id()
        state.set_value(LAST_UNIT_KEY, "" if unit is None else str(unit))
        state.set_value(LAST_PAGE_KEY, str(self.details.currentIndex()))
        state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context is None:  # still opening the database: run_gui lets that finish, then ends
            event.accept()
            return
        if not self._confirm_leave():
            event.ignore()
            return
        if BackgroundOp.running:
            self.statusBar().showMessage("正在结束后台工作…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                wait_for_all(QUIT_WAIT_MS)
            finally:
                QApplication.restoreOverrideCursor()
        self.save_layout()
        self._backup_on_exit()
        event.accept()

    def _backup_on_exit(self) -> None:
        from gui.exit_backup import backup_on_exit

        backup_on_exit(self, self.context)  # off the GUI thread, with a progress dialog when it is slow
