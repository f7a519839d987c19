"""Dialog buttons a clerk presses with Alt, as in a Chinese Windows program: 保存(&S), 不保存(&N), 确定(&O);
取消 has Esc. Given in one place (gui/access_keys.py) to every dialog and message box as it is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from core.services import Services
from gui.access_keys import access_key, plain_text
from gui.honour_dialog import HonourDialog
from gui.main_window import MainWindow
from gui.widgets import ask_unsaved
from tests.gui.dialogs import on_next_dialog
from tests.gui.test_clerk_desk import type_chinese

ALT = Qt.KeyboardModifier.AltModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def chinese_qt(qapp) -> None:  # type: ignore[no-untyped-def]
    """Qt's own Chinese (确定, 保存, 取消), as the program installs it."""
    from gui.app import make_application

    make_application()


@pytest.fixture
def unit(services: Services, window: MainWindow) -> int:
    made = services.units.create({"name": "口东中心幼儿园"}).id
    window.context.changed("all")
    window.unit_list.select_unit(made)
    window.details.setCurrentWidget(window.honours_tab)
    return made


def buttons(dialog: QWidget) -> dict[str, str]:
    """Each button's words → the access key it shows."""
    return {
        plain_text(b.text()): access_key(b.text()) for b in dialog.findChildren(QAbstractButton) if b.text()
    }


def test_alt_s_saves_the_honour_typed_in_the_dialog(
    qtbot, window: MainWindow, services: Services, unit: int
) -> None:  # type: ignore[no-untyped-def]
    def steps(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        keys = buttons(dialog)
        assert keys["保存"] == "S" and keys["取消"] == ""
        assert keys["添加证书…"] and keys["打开"] and keys["移除"]
        shown = [k for k in keys.values() if k]
        assert len(shown) == len(set(shown)), keys
        type_chinese("市一级幼儿园")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, ALT)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)  # the key clicks as a mouse would

    problems = on_next_dialog(qtbot, steps)
    qtbot.mouseClick(window.honours_tab.add_button, Qt.MouseButton.LeftButton)
    assert problems == []
    assert [h.title for h in services.honours.list() if h.unit_id == unit] == ["市一级幼儿园"]


def test_alt_n_in_the_unsaved_question_drops_what_was_typed(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    asked: list[dict[str, str]] = []

    def answer(box: QWidget) -> None:
        asked.append(buttons(box))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)
        qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)  # the key clicks as a mouse would

    problems = on_next_dialog(qtbot, answer)
    assert ask_unsaved(window, "“口东中心幼儿园”的修改尚未保存。") == "discard"
    assert problems == [] and asked == [{"保存": "S", "不保存": "N", "取消": ""}]


def test_a_message_box_says_ok_with_alt_o(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "已导出。", QMessageBox.StandardButton.Ok, window)
    box.open()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    assert buttons(box) == {"确定": "O"}
    with qtbot.waitSignal(box.finished, timeout=3000) as finished:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, ALT)
    assert finished.args == [QMessageBox.StandardButton.Ok.value]


def test_a_key_another_button_of_the_dialog_uses_goes_to_the_next_choice(
    qtbot, window: MainWindow, unit: int
) -> None:  # type: ignore[no-untyped-def]
    seen: list[dict[str, str]] = []

    def look(dialog: QWidget) -> None:
        seen.append(buttons(dialog))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    problems = on_next_dialog(qtbot, look)
    qtbot.mouseClick(window.honours_tab.add_button, Qt.MouseButton.LeftButton)
    assert problems == []
    [keys] = seen
    assert keys["添加一行"] == "A" and keys["添加证书…"] == "C"  # its first choice, A, is taken


def test_a_new_honour_is_the_selected_one_after_its_dialog_closes(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, unit: int
) -> None:
    earlier = services.honours.create(unit, {"title": "市一级幼儿园", "awarded": "2019"}).id
    window.context.changed("all")
    tab = window.honours_tab
    tab.select_honour(earlier)
    tab.table.setFocus()
    assert tab.selected_honour_ids() == [earlier]

    def steps(dialog: QWidget) -> None:
        type_chinese("区文明校园")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, ALT)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    problems = on_next_dialog(qtbot, steps)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL_SHIFT)
    assert problems == []
    [new] = [h.id for h in services.honours.list() if h.title == "区文明校园"]
    assert tab.selected_honour_ids() == [new]  # Enter or Delete now acts on it, not on 市一级幼儿园


def test_the_import_wizard_goes_on_with_alt_n(qtbot, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWizard

    from tests.gui.test_import_wizard import PAGE_MAPPING, PAGE_PREVIEW, honour_register, open_wizard, settle

    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "下一步(&N) >"
    assert wizard.button(QWizard.WizardButton.BackButton).text() == "< 上一步(&B)"
    for page in (PAGE_MAPPING, PAGE_PREVIEW):
        qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_N, ALT)
        qtbot.waitUntil(lambda page=page: wizard.currentId() == page)
        settle(qtbot)
    assert access_key(wizard.button(QWizard.WizardButton.CommitButton).text()) == "I"  # 开始导入(&I)


def test_a_button_that_changes_its_words_keeps_its_key(qtbot, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The certificate review's 保存 button counts what it saves; each new count keeps Alt+S."""
    from tests.gui.small_screen import certificate_dialog

    dialog = certificate_dialog(context, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    save = dialog.save_button
    qtbot.waitUntil(lambda: save.text() == "保存已接受的 2 项(&S)")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)  # 全部不要
    qtbot.waitUntil(lambda: save.text() == "保存已接受的 0 项(&S)")
    accept_all = buttons(dialog)["全部接受"]  # A is 添加一行's (the holders' table), so its second choice
    assert accept_all == "C"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_C, ALT)
    qtbot.waitUntil(lambda: save.text() == "保存已接受的 2 项(&S)")
    assert save.isEnabled()


def test_alt_n_types_nothing_while_next_is_greyed_out(qtbot, context) -> None:  # type: ignore[no-untyped-def]
    """On Linux Qt typed the “n” of Alt+N into the path field when 下一步 could not be pressed."""
    from PySide6.QtWidgets import QWizard

    from gui.import_wizard import ImportWizard

    wizard = ImportWizard(context, None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    path = wizard.file_page.path_edit
    path.setFocus()
    qtbot.waitUntil(path.hasFocus)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)
    qtbot.keyClicks(QApplication.focusWidget(), "D:/")
    assert path.text() == "D:/"


def test_alt_with_a_letter_no_menu_uses_types_nothing_in_the_search_box(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, unit: int
) -> None:
    """On Linux Qt typed the “z” of Alt+Z into the main window's search box: no menu uses Z."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    edit = window.unit_list.search
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, ALT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Q, ALT)
    qtbot.keyClicks(QApplication.focusWidget(), "hhz")
    assert edit.text() == "hhz"
