"""Where the keyboard is after an action: the clerk goes on from the row just edited."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from core.services import Services
from gui.honour_dialog import HonourDialog
from gui.main_window import MainWindow
from tests.gui.dialogs import honour_opened_by_enter
from tests.gui.test_main_window import type_into, when_dialog_opens
from tests.gui.test_untouched_fields import click, click_row


def test_after_editing_an_honour_the_down_key_goes_to_the_next_one(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    for year in range(2010, 2015):
        services.honours.create(unit.id, {"title": f"{year}年度先进集体", "awarded": str(year)})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.honours_tab)
    table = window.honours_tab.table
    click_row(qtbot, table, 2)
    titles = [table.item(row, 1).text() for row in range(table.rowCount())]

    def type_grade(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        click(qtbot, dialog.form.editors["grade"])
        qtbot.keyClicks(QApplication.focusWidget(), "A")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    when_dialog_opens(qtbot, type_grade)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert [h.grade for h in services.honours.list() if h.title == titles[2]] == ["A"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.honours_tab.selected_titles() == [titles[3]]


def test_after_adding_an_honour_from_the_menu_enter_opens_it(
    qtbot, window: MainWindow, services: Services
) -> None:
    """Seen in the window: 基本信息 saved with Ctrl+S, then Ctrl+Shift+N and a new honour; Enter then did
    nothing, for the keyboard was left on the hidden 基本信息 form, not on the honour just added."""
    unit = services.units.create({"name": "江东区明楼小学"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.unit_form)
    click(qtbot, window.unit_form.form.editors["short_name"])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    def type_title(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        click(qtbot, dialog.form.editors["title"])
        type_into(qtbot, QApplication.focusWidget(), "区文明校园")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    when_dialog_opens(qtbot, type_title)
    qtbot.keyClick(
        QApplication.focusWidget(),
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [h.title for h in services.honours.list()] == ["区文明校园"]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is window.honours_tab.table
    assert honour_opened_by_enter(qtbot) == ["区文明校园"] and unit.id == window.honours_tab.unit_id


def test_an_empty_list_says_how_to_begin_and_a_search_that_finds_nothing_says_so(
    qtbot, window: MainWindow, services: Services
) -> None:
    """Seen in the window after declining the demo: a blank table over “共 0 个单位”, nothing saying where
    to start. The clerk's first keys go to the search box; a search that finds nothing says to change it."""
    count = window.unit_list.count_label
    assert "还没有单位" in count.text() and "Ctrl+N" in count.text() and "Ctrl+I" in count.text()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert QApplication.focusWidget() is window.unit_list.search
    qtbot.keyClicks(QApplication.focusWidget(), "xyz")
    qtbot.waitUntil(lambda: "没有符合条件的单位" in count.text(), timeout=3000)
    services.units.create({"name": "江东区明楼小学"})
    window.unit_list.search.clear()
    window.context.changed("all")
    qtbot.waitUntil(lambda: count.text() == "共 1 个单位", timeout=3000)
