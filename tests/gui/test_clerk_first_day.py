"""What a clerk tripped over on a first day with the real window (1366×768 laptop, search then type)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget

from core.services import Services
from gui.honour_dialog import HonourDialog
from gui.main_window import MainWindow
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_untouched_fields import click, click_row

LAPTOP_ROOM = 768 - 40 - 48  # screen height, taskbar, dialog title bar


def test_the_honour_dialog_keeps_its_save_button_on_a_short_screen(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.honours_tab)
    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        qtbot.waitUntil(dialog.isActiveWindow)
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        seen["room"] = dialog.minimumSizeHint().height()
        seen["fits"] = dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
        seen["save shown"] = dialog.rect().contains(save.mapTo(dialog, save.rect().bottomRight()))
        seen["focus"] = QApplication.focusWidget() is dialog.form.editors["title"]
        dialog.reject()

    when_dialog_opens(qtbot, look)
    qtbot.mouseClick(window.honours_tab.findChild(QPushButton, "add_honour"), Qt.MouseButton.LeftButton)

    # A 1366×768 laptop leaves about 720 pixels under the taskbar, title bar included.
    assert seen == {"room": seen["room"], "fits": True, "save shown": True, "focus": True}
    assert int(seen["room"]) <= LAPTOP_ROOM  # type: ignore[call-overload]


def test_down_in_the_search_box_goes_to_the_first_unit_found(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "青山路小学"})
    services.units.create({"name": "宁波市荷花庄小学"})
    window.context.changed("all")
    click(qtbot, window.unit_list.search)
    qtbot.keyClicks(QApplication.focusWidget(), "hhz")
    qtbot.waitUntil(lambda: window.unit_list.model.rowCount() == 1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)

    assert QApplication.focusWidget() is window.unit_list.table
    assert window.unit_form.heading.text() == "宁波市荷花庄小学"


def test_enter_in_the_search_box_opens_the_first_unit_found(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    click(qtbot, window.unit_list.search)
    qtbot.keyClicks(QApplication.focusWidget(), "qsl")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert window.unit_form.heading.text() == "青山路小学"
    assert QApplication.focusWidget() is window.unit_list.table


def test_a_unit_added_while_searching_stays_in_view_and_selected(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    window.context.changed("all")
    click(qtbot, window.unit_list.search)
    qtbot.keyClicks(QApplication.focusWidget(), "hhz")
    qtbot.waitUntil(lambda: window.unit_list.model.rowCount() == 1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.unit_form.form.editors["name"]
    qtbot.keyClicks(QApplication.focusWidget(), "Qingshan Road School")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert [u.unit.name for u in services.units.list()].count("Qingshan Road School") == 1
    assert window.unit_form.heading.text() == "Qingshan Road School"
    assert window.unit_list.current_unit_id() == window.unit_form.unit_id
    assert QApplication.focusWidget() is not None  # the next keys go somewhere


def test_keys_typed_on_opening_go_to_the_search_box(qtbot, window: MainWindow, services: Services) -> None:
    services.units.create({"name": "宁波市荷花庄小学"})
    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    typing_into = QApplication.focusWidget()
    assert typing_into is not None
    qtbot.keyClicks(typing_into, "hhz")

    assert window.unit_list.search.text() == "hhz"
    qtbot.waitUntil(lambda: window.unit_list.model.rowCount() == 1)


def test_escape_in_a_filled_honour_dialog_asks_before_dropping_what_was_typed(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]], monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.honours_tab)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _p, _t, text, *a, **k: asked.append(text) or answers.pop(0)
    )
    kept: list[str] = []

    def type_then_escape(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClicks(QApplication.focusWidget(), "Civilised Campus")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # 否: the dialog stays, text and all
        kept.append(dialog.form.editors["title"].text() if dialog.isVisible() else "")
        if dialog.isVisible():
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # 是: closed, nothing saved

    when_dialog_opens(qtbot, type_then_escape)
    qtbot.mouseClick(window.honours_tab.findChild(QPushButton, "add_honour"), Qt.MouseButton.LeftButton)

    assert kept == ["Civilised Campus"]
    assert len(asked) == 2 and "丢失" in asked[0]
    assert [h.unit_id for h in services.honours.list()] == []


def test_restoring_a_unit_from_the_bin_says_so_in_the_status_bar(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)  # the confirmation is answered 是
    qtbot.waitUntil(lambda: "移到回收站" in window.statusBar().currentMessage())

    window.pages.setCurrentWidget(window.recycle_bin)
    click_row(qtbot, window.recycle_bin.table, 0)
    qtbot.mouseClick(window.recycle_bin.findChild(QPushButton, "restore_button"), Qt.MouseButton.LeftButton)

    assert [u.unit.name for u in services.units.list()] == ["青山路小学"]
    message = window.statusBar().currentMessage()
    assert "恢复" in message and "青山路小学" in message and "移到回收站" not in message


def test_enter_after_using_the_last_file_goes_on_and_does_not_cancel(qtbot, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWizard

    from tests.gui.test_import_wizard import PAGE_SHEET, honour_register, open_wizard, settle

    first = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    first.close()
    wizard = open_wizard(qtbot, context, None)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    use_last = wizard.findChild(QPushButton, "use_last_file")
    qtbot.mouseClick(use_last, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: wizard.button(QWizard.WizardButton.NextButton).isEnabled())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    settle(qtbot)

    assert wizard.isVisible()
    assert wizard.currentId() == PAGE_SHEET


def test_enter_on_the_column_page_goes_on_as_on_the_other_pages(qtbot, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.focus import install_focus_guard
    from tests.gui.test_import_wizard import (
        PAGE_MAPPING,
        PAGE_PREVIEW,
        go_next,
        honour_register,
        open_wizard,
        settle,
    )

    install_focus_guard(
        QApplication.instance()
    )  # as in the program: keys aimed at a hidden widget are dropped
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)  # one sheet: no 工作表 choice is shown
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    typing_into = QApplication.focusWidget()
    assert typing_into is not None and typing_into.isVisible()
    qtbot.keyClick(typing_into, Qt.Key.Key_Return)
    settle(qtbot)

    assert wizard.currentId() == PAGE_PREVIEW


def test_after_generating_the_keys_are_on_打开_not_on_a_button_nobody_chose(  # type: ignore[no-untyped-def]
    qtbot, context, services: Services, tmp_path
) -> None:
    from tests.gui.test_report_dialogs import make_generate_dialog

    unit = services.units.create({"name": "宁波市荷花庄小学"})
    services.honours.create(unit.id, {"title": "市文明校园", "awarded": "2025"})
    dialog = make_generate_dialog(qtbot, context, [unit.id], [unit.id])
    dialog.output.setText(str(tmp_path / "汇报"))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.generated, timeout=60_000):
        qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    # Before: the focus slid past the disabled 生成/关闭 to 不再提示 (or wherever), so Enter hid the font notice.
    assert QApplication.focusWidget() is dialog.open_button


def test_keeping_unsaved_edits_keeps_the_list_on_the_unit_being_edited(
    qtbot, window: MainWindow, services: Services, monkeypatch
) -> None:
    services.units.create({"name": "青山路小学"})
    services.units.create({"name": "区实验幼儿园"})
    window.context.changed("all")
    table = window.unit_list.table
    names = [table.model().index(row, 0).data() for row in range(2)]
    click_row(qtbot, table, 0)
    click(qtbot, window.unit_form.form.editors["short_name"])
    qtbot.keyClicks(QApplication.focusWidget(), "QS")
    monkeypatch.setattr("gui.widgets.ask_unsaved", lambda parent, text: "cancel")  # 取消: stay, keep typing
    click_row(qtbot, table, 1)

    def selected() -> list[str]:
        return [table.model().index(i.row(), 0).data() for i in table.selectionModel().selectedRows()]

    qtbot.waitUntil(lambda: selected() == [names[0]])  # fails when the clicked row stays selected
    assert window.unit_form.heading.text() == names[0]
    assert window.unit_form.form.editors["short_name"].text() == "QS"


def test_a_unit_with_no_honours_prints_0_as_the_list_shows_it(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "甘垛镇荷花村", "category": "村"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    shown = [window.unit_list.model.index(0, column).data() for column in range(5)]

    content = window.current_table()  # what 打印预览 (Ctrl+Shift+P) and 导出当前表格 lay out

    assert content is not None and shown[3] == 0
    assert content.rows == [["甘垛镇荷花村", "村", "", "0", ""]]
