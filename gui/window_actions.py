"""The main window's actions, menus, toolbar and context menus: one QAction per command and key.

Every shortcut is bound once in the window (tests/gui/test_shortcuts.py walks them all); Delete is one
action that deletes what the focused table shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QTableView

from gui.access_keys import give_access_key, plain_text

if TYPE_CHECKING:
    from gui.main_window import MainWindow

PAGE_CAPTIONS = ("单位档案", "统计概览", "回收站", "导入记录")
PAGE_KEYS = "DTHI"


class StepAction(QAction):
    """撤销 / 重做: a short fixed label; what the step is goes into the tooltip and the status tip."""

    def describe(self, step: str) -> None:
        keys = self.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        name = plain_text(self.text())
        detail = f"{name}：{step}" if step else name
        self.setToolTip(f"{detail}（{keys}）")
        self.setStatusTip(detail)


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
    kind: type[QAction] = QAction,
    key: str = "",
) -> QAction:
    action = kind(text, window)
    if key:
        give_access_key(action, key)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or text}（{keys}）" if keys else tip or text)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


class WindowActions:
    """Every command of the main window, as attributes."""

    def __init__(self, window: MainWindow) -> None:
        w = window
        self.new_unit = _action(
            w, "新建单位", w.new_unit, QKeySequence.StandardKey.New, "新建一个单位档案", key="N"
        )
        self.save = _action(w, "保存", w.save, QKeySequence.StandardKey.Save, "保存当前修改", key="S")
        self.delete = _action(
            w,
            "删除",
            w.delete,
            QKeySequence(Qt.Key.Key_Delete),
            "删除当前表格中选中的单位、荣誉或材料（可撤销）",
            key="D",
        )
        self.find = _action(w, "查找单位", w.focus_search, QKeySequence.StandardKey.Find, key="F")
        self.refresh = _action(w, "刷新", w.refresh_all, "F5", "重新读取全部数据", key="R")
        self.undo = _action(w, "撤销", w.undo, QKeySequence.StandardKey.Undo, kind=StepAction, key="U")
        self.redo = _action(w, "重做", w.redo, "Ctrl+Y", kind=StepAction, key="R")
        self.redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.import_file = _action(
            w,
            "导入Excel…",
            w.import_file,
            "Ctrl+I",
            "从 Excel 登记表导入单位和荣誉（也可把文件拖到窗口上）",
            key="I",
        )
        self.old_reports = _action(
            w,
            "导入往年材料…",
            w.import_reports,
            tip="读入往年的工作总结、情况汇报等 Word 文件（也可把文件拖到单位上）",
            key="W",
        )
        self.export_all = _action(
            w, "导出全部到Excel…", w.export_all, "Ctrl+E", "把全部单位和荣誉导出为一个 .xlsx 文件", key="E"
        )
        self.export_honours = _action(
            w,
            "导出筛选出的单位的荣誉…",
            w.export_filtered_honours,
            tip="导出单位列表当前筛选出的各单位的荣誉",
            key="H",
        )
        self.export_table = _action(
            w,
            "导出当前表格…",
            w.export_current_table,
            "Ctrl+Shift+E",
            "把当前表格中的行（选中多行时只导出选中的）连同标题和序号导出为 .xlsx",
            key="T",
        )
        self.print_preview = _action(
            w,
            "打印预览…",
            w.preview_current_table,
            "Ctrl+Shift+P",
            "预览当前表格的打印效果（标题、序号、日期、页码）",
            key="V",
        )
        self.print_table = _action(
            w, "打印…", w.print_current_table, QKeySequence.StandardKey.Print, "打印当前表格", key="P"
        )
        self.generate = _action(
            w,
            "生成汇报…",
            w.generate_reports,
            "Ctrl+G",
            "按模板为选中的单位或筛选出的单位生成情况汇报",
            key="G",
        )
        self.templates = _action(
            w, "模板管理…", w.manage_templates, "Ctrl+T", "查看、添加、检查汇报模板", key="M"
        )
        self.backup = _action(w, "备份数据库…", w.backup, key="B")
        self.restore = _action(w, "从备份恢复…", w.restore, key="R")
        self.copy_database = _action(w, "复制到其他数据库…", w.copy_database, key="C")
        self.settings = _action(w, "设置…", w.open_settings, "Ctrl+,", key="O")
        self.add_honour = _action(
            w, "添加荣誉…", w.add_honour, "Ctrl+Shift+N", "为当前显示的单位添加一项荣誉", key="A"
        )
        self.add_honour.setEnabled(False)  # until a unit is shown
        self.set_category = _action(
            w, "批量设置类别…", w.set_category_of_selection, tip="为选中的单位或荣誉设置类别", key="C"
        )
        self.set_region = _action(
            w, "批量设置地区…", w.set_region_of_selection, tip="为选中的单位设置所在地区", key="A"
        )
        self.set_level = _action(
            w, "批量设置级别…", w.set_level_of_selection, tip="为选中的荣誉设置级别", key="L"
        )
        self.guide = _action(w, "使用说明", w.show_guide, QKeySequence.StandardKey.HelpContents, key="H")
        self.demo = _action(w, "载入示例数据", w.load_demo, key="S")
        self.logs = _action(w, "打开日志文件夹", w.open_logs, key="L")
        self.about = _action(w, "关于", w.show_about, key="A")
        self.pages = [
            _action(w, caption, lambda i=i: w.pages.setCurrentIndex(i), f"Ctrl+{i + 1}", key=PAGE_KEYS[i])
            for i, caption in enumerate(PAGE_CAPTIONS)
        ]


def make_menus(window: MainWindow, actions: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("文件(&F)")
    file_menu.addActions([actions.new_unit, actions.save])
    file_menu.addSeparator()
    file_menu.addActions(
        [
            actions.import_file,
            actions.old_reports,
            actions.export_all,
            actions.export_honours,
            actions.export_table,
        ]
    )
    file_menu.addSeparator()
    file_menu.addActions([actions.print_preview, actions.print_table])
    file_menu.addSeparator()
    file_menu.addActions([actions.generate, actions.templates])
    file_menu.addSeparator()
    file_menu.addActions([actions.backup, actions.restore, actions.copy_database])
    file_menu.addSeparator()
    give_access_key(window.quit_action, "X")
    file_menu.addActions([actions.settings, window.quit_action])
    edit_menu = bar.addMenu("编辑(&E)")
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.delete, actions.find])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.set_category, actions.set_region, actions.set_level])
    honour_menu = bar.addMenu("荣誉(&R)")
    honour_menu.addAction(actions.add_honour)
    honour_menu.addSeparator()
    tab = window.honours_tab
    give_access_key(tab.recognise_action, "Z")
    give_access_key(tab.recognise_folder_action, "F")
    honour_menu.addActions([tab.recognise_action, tab.recognise_folder_action])
    from gui.decision_menu import add_decision_actions

    add_decision_actions(window, window.context, honour_menu)
    give_access_key(window.decision_action, "B")
    give_access_key(window.review_action, "C")
    view_menu = bar.addMenu("查看(&V)")
    view_menu.addActions(actions.pages)
    view_menu.addSeparator()
    view_menu.addAction(actions.refresh)
    help_menu = bar.addMenu("帮助(&H)")
    help_menu.addAction(actions.guide)
    help_menu.addSeparator()
    help_menu.addActions([actions.demo, actions.logs])
    help_menu.addSeparator()
    help_menu.addAction(actions.about)


def make_toolbar(window: MainWindow, actions: WindowActions) -> None:
    toolbar = window.addToolBar("常用")
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions([actions.new_unit, actions.save, actions.delete])
    toolbar.addSeparator()
    toolbar.addActions([actions.undo, actions.redo, actions.refresh])
    toolbar.addSeparator()
    toolbar.addActions([actions.import_file, actions.generate, actions.print_preview])


def unit_menu(window: MainWindow, actions: WindowActions) -> QMenu:
    menu = QMenu(window)
    menu.addActions([actions.new_unit, actions.delete])
    menu.addSeparator()
    menu.addActions([actions.set_category, actions.set_region])
    menu.addSeparator()
    menu.addActions([actions.generate, actions.export_table, actions.print_preview])
    return menu


def honour_menu(window: MainWindow, actions: WindowActions) -> QMenu:
    tab = window.honours_tab
    menu = QMenu(window)
    menu.addAction(actions.add_honour)
    edit = menu.addAction("编辑(&E)…", tab.edit_selected)
    edit.setEnabled(len(tab.selected_honour_ids()) == 1)
    menu.addAction(actions.delete)
    menu.addSeparator()
    menu.addActions([actions.set_level, actions.set_category])
    menu.addSeparator()
    menu.addActions([actions.export_table, actions.print_preview])
    return menu


def show_context_menu(table: QTableView, menu: QMenu, position: QPoint) -> None:
    """Right-click: the row under the pointer joins the selection (as in Excel), focus stays in the table."""
    index = table.indexAt(position)
    if index.isValid() and not table.selectionModel().isRowSelected(index.row(), index.parent()):
        table.selectRow(index.row())
    table.setFocus(Qt.FocusReason.PopupFocusReason)
    menu.exec(table.viewport().mapToGlobal(position))
