"""Moving a unit to another region in the window asks whether it is a 区划调整 (the old region kept as 原属地区
with its date, undone with the move) or a corrected mistake; the clerk keeps the 原属地区 rows in the form;
the unit list finds a unit by a former name and says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from core.services import Services
from gui.field_form import FormerNamesEditor
from gui.main_window import MainWindow
from tests.gui.test_former_names_form import button, press, shown_rows, type_text, when_asked
from tests.gui.test_untouched_fields import click, click_row

EAST, WEST = "浙江省宁波市江东区", "浙江省宁波市鄞州区"


def regions_editor(window: MainWindow) -> FormerNamesEditor:
    editor = window.unit_form.form.editors["former_regions"]
    assert isinstance(editor, FormerNamesEditor)
    return editor


def move_in_form(qtbot, window: MainWindow, region: str, answer) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    click(qtbot, window.unit_form.form.editors["region"])
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, region)
    when_asked(qtbot, answer, asked)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return asked


def test_a_move_keeps_the_old_region_with_its_date_and_undo_takes_both_back(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "荷花庄小学", "category": "学校", "region": EAST})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)

    def dated() -> None:
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # the date field has the focus
        type_text(qtbot, "2016-09")
        press(qtbot, Qt.Key.Key_Return)

    assert move_in_form(qtbot, window, WEST, dated) == ["所在地区已修改"]
    stored = services.units.get(unit.id)
    assert (stored.region, stored.former_regions) == (WEST, [{"name": EAST, "until": "2016-09"}])
    assert shown_rows(regions_editor(window)) == [(EAST, "2016-09")]
    assert regions_editor(window).table.horizontalHeaderItem(0).text() == "原属地区"

    click_row(qtbot, window.unit_list.table, 0)  # out of the text field: Ctrl+Z is the window's
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    stored = services.units.get(unit.id)
    assert (stored.region, stored.former_regions) == (EAST, [])
    assert shown_rows(regions_editor(window)) == []


def test_a_corrected_region_keeps_nothing_and_a_first_region_asks_nothing(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "荷花庄小学", "category": "学校", "region": "浙江省宁波市江冬区"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)

    def a_mistake() -> None:
        press(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # 更正错误(&C)
        qtbot.waitUntil(lambda: QApplication.focusWidget().isChecked())  # an access key clicks after a beat
        press(qtbot, Qt.Key.Key_Return)

    assert move_in_form(qtbot, window, EAST, a_mistake) == ["所在地区已修改"]
    stored = services.units.get(unit.id)
    assert (stored.region, stored.former_regions) == (EAST, [])

    other = services.units.create({"name": "鄞州中学", "category": "学校"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, window.unit_list.model.row_of(other.id))
    click(qtbot, window.unit_form.form.editors["region"])
    type_text(qtbot, WEST)
    press(
        qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )  # saved at once: no question (it would block)
    assert (services.units.get(other.id).region, services.units.get(other.id).former_regions) == (WEST, [])


def test_the_clerk_types_a_former_region_and_a_bad_date_is_named(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "荷花庄小学", "category": "学校", "region": WEST})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    editor = regions_editor(window)
    qtbot.mouseClick(button(editor, "添加一行"), Qt.MouseButton.LeftButton)
    type_text(qtbot, EAST)
    name_cell = QApplication.focusWidget()
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() not in (name_cell, editor.table))
    type_text(qtbot, "2016-13")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert (
        window.unit_form.form.problem_text("former_regions")
        == f"“{EAST}”的调整时间：月份 13 应在 1 到 12 之间"
    )
    assert services.units.get(unit.id).former_regions == []

    click_row(qtbot, editor.table, 0)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_F2)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "2016")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).former_regions == [{"name": EAST, "until": "2016"}]


def test_the_unit_list_finds_a_unit_by_a_former_name_and_says_why(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create(
        {"name": "武侯区棕北小学", "former_names": [{"name": "武侯区第二小学", "until": "2015"}]}
    )
    services.units.create({"name": "武侯区第一小学"})
    window.context.changed("all")
    panel = window.unit_list

    def search(typed: str) -> list[str]:
        click(qtbot, panel.search)
        press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        press(qtbot, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: panel.model.rowCount() == 2)  # both listed again
        type_text(qtbot, typed)
        qtbot.waitUntil(lambda: panel.model.rowCount() != 2)
        return [panel.model.index(row, 0).data() for row in range(panel.model.rowCount())]

    for typed in ("第二小学", "whqdexx", "wuhouqudier"):  # the former name, its pinyin initials or pinyin
        assert search(typed) == ["武侯区棕北小学（曾用名：武侯区第二小学）"], typed
    assert search("棕北") == ["武侯区棕北小学"]  # found by its own name: nothing to explain


def test_the_honours_tab_says_what_the_unit_was_called_when_it_was_awarded(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create(
        {"name": "武侯区棕北小学", "former_names": [{"name": "武侯区第二小学", "until": "2015-09"}]}
    )
    for title, awarded in (("省绿色学校", "2014"), ("市平安校园", "2015"), ("市文明校园", "2016")):
        services.honours.create(unit.id, {"title": title, "awarded": awarded})
    services.honours.create(unit.id, {"title": "优秀教师", "awarded": "2014", "recipient": "王丽"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    tab = window.honours_tab
    qtbot.mouseClick(
        window.details.tabBar(),
        Qt.MouseButton.LeftButton,
        pos=window.details.tabBar().tabRect(window.details.indexOf(tab)).center(),
    )
    qtbot.waitUntil(lambda: tab.table.rowCount() == 4)
    shown = {(row[1], row[5]) for row in tab.shown_rows()}
    assert shown == {
        ("省绿色学校", "集体（时称武侯区第二小学）"),  # 2014: before the rename
        ("市平安校园", "集体"),  # 2015, no month: not known to be before September
        ("市文明校园", "集体"),
        ("优秀教师", "王丽"),  # a person's honour: the person
    }
