"""The honours table's 年度 filter, as a clerk uses it: pick a year, switch units, print what is listed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QToolBar

from core.services import Services
from gui.context import AppContext
from gui.main_window import MainWindow
from tests.gui.test_focus_and_keys import click_row, row_of

HONOURS = {
    "宁波市荷花庄小学": [
        ("浙江省绿色学校", "2023-06"),
        ("宁波市文明校园", "2023"),
        ("省卫生先进单位", "2019"),
        ("全国写字教育先进集体", None),
    ],
    "东鲁派出所": [("人民满意派出所", "2019"), ("全省优秀派出所", "2021")],
}


@pytest.fixture
def window(qtbot, context: AppContext, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    for name, honours in HONOURS.items():
        unit = services.units.create({"name": name})
        for title, awarded in honours:
            services.honours.create(unit.id, {"title": title, "awarded": awarded})
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def titles(window: MainWindow) -> list[str]:
    table = window.honours_tab.table
    return [table.item(row, 1).text() for row in range(table.rowCount())]


def choose_year(qtbot, window: MainWindow, year: str) -> None:  # type: ignore[no-untyped-def]
    """Click into the 年度 box and step to the year with the arrow keys, as with the keyboard."""
    combo = window.honours_tab.year
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)  # opens the list
    qtbot.keyClick(QApplication.activePopupWidget() or combo, Qt.Key.Key_Escape)
    combo.setFocus()
    while combo.currentText() != year:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, (
            f"{year} is not offered: {[combo.itemText(i) for i in range(combo.count())]}"
        )


def test_a_year_lists_only_that_years_honours_and_says_so(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, window.unit_list.table, row_of(window, "宁波市荷花庄小学"))
    window.details.setCurrentWidget(window.honours_tab)
    combo = window.honours_tab.year
    assert [combo.itemText(i) for i in range(combo.count())] == ["全部", "2023", "2019", "未记录"]
    assert len(titles(window)) == 4 and window.honours_tab.count_label.text() == "共 4 项荣誉"

    choose_year(qtbot, window, "2023")
    assert sorted(titles(window)) == ["宁波市文明校园", "浙江省绿色学校"]
    assert window.honours_tab.count_label.text() == "2023年：2 项（共 4 项荣誉）"
    content = window.current_table()
    assert (
        content is not None
        and content.title == "宁波市荷花庄小学荣誉一览（2023年）"
        and len(content.rows) == 2
    )

    choose_year(qtbot, window, "未记录")
    assert titles(window) == ["全国写字教育先进集体"]


def test_the_year_stays_chosen_across_units_and_a_restart(
    qtbot, window: MainWindow, context: AppContext
) -> None:  # type: ignore[no-untyped-def]
    click_row(qtbot, window.unit_list.table, row_of(window, "宁波市荷花庄小学"))
    window.details.setCurrentWidget(window.honours_tab)
    choose_year(qtbot, window, "2019")
    click_row(qtbot, window.unit_list.table, row_of(window, "东鲁派出所"))
    assert window.honours_tab.year.currentText() == "2019" and titles(window) == ["人民满意派出所"]

    again = MainWindow(context)
    qtbot.addWidget(again)
    assert again.honours_tab.year_filter() == "2019"


def test_batch_level_for_two_selected_honours_is_one_undoable_step(
    qtbot, window: MainWindow, services: Services
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    click_row(qtbot, window.unit_list.table, row_of(window, "东鲁派出所"))
    window.details.setCurrentWidget(window.honours_tab)
    table = window.honours_tab.table
    click_row(qtbot, table, 0)
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
    )
    asked: list[str] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, choose)
            return
        try:
            asked.append(dialog.findChild(QLabel).text())
            combo = dialog.findChild(QComboBox, "batch_value")
            for _ in range(combo.count()):  # stepped to with the arrow keys
                if combo.currentText() == "省级":
                    break
                qtbot.keyClick(combo, Qt.Key.Key_Down)
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            asked.append(f"{combo.currentText()} {ok.isDefault()}")  # Enter in the dialog is 确定
            qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        except Exception:
            dialog.reject()  # not left open on a failed step: the test fails on what went wrong
            raise

    QTimer.singleShot(0, choose)
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        window.actions.set_level.trigger()
    assert "2 项荣誉" in asked[0] and asked[1] == "省级 True"
    levels = {h.title: h.level for h in services.honours.list()}
    assert levels["人民满意派出所"] == levels["全省优秀派出所"] == "省级"
    undo = window.findChild(QToolBar).widgetForAction(window.actions.undo)  # the toolbar's 撤销
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert {h.level for h in services.honours.list() if h.title in ("人民满意派出所", "全省优秀派出所")} == {
        None
    }
