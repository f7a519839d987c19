"""Neither undo nor a save puts stale values over a change another PC or the command line made in the
meantime: it is refused with a Chinese message naming the record and what it holds now, nothing changes,
and what the clerk typed is kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QToolBar, QWidget

from core.services import Services
from gui.context import AppContext
from gui.main_window import MainWindow
from tests.gui.dialogs import on_next_dialog
from tests.gui.test_focus_and_keys import click_row, row_of
from tests.gui.test_main_window import type_into


@pytest.fixture
def window(qtbot, context: AppContext, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    for name in ("东鲁派出所", "宁波市荷花庄小学"):
        services.units.create({"name": name, "category": "其他"})
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def choose_in_batch_dialog(qtbot, value: str) -> None:  # type: ignore[no-untyped-def]
    def choose(dialog: QWidget) -> None:
        combo = dialog.findChild(QComboBox, "batch_value")
        for _ in range(combo.count()):
            if combo.currentText() == value:
                break
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    on_next_dialog(qtbot, choose, active=False, reraise=True)


def categories(services: Services) -> dict[str, str | None]:
    return {row.unit.name: row.unit.category for row in services.units.list()}


def test_undo_of_a_batch_category_keeps_a_newer_change_and_says_so(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    table = window.unit_list.table
    click_row(qtbot, table, row_of(window, "东鲁派出所"))
    rect = table.visualRect(table.model().index(row_of(window, "宁波市荷花庄小学"), 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
    )
    choose_in_batch_dialog(qtbot, "学校")
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        window.actions.set_category.trigger()
    assert categories(services) == {"东鲁派出所": "学校", "宁波市荷花庄小学": "学校"}

    police = next(r.unit for r in services.units.list() if r.unit.name == "东鲁派出所")
    services.units.update(police.id, {"category": "机关"}, expected_version=police.version)  # another PC

    undo = window.findChild(QToolBar).widgetForAction(window.actions.undo)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)

    assert categories(services) == {"东鲁派出所": "机关", "宁波市荷花庄小学": "学校"}  # all or none
    [(kind, text)] = no_modal_dialogs
    assert kind == "warning" and "“东鲁派出所”" in text and "类别（现为“机关”）" in text
    assert not window.actions.undo.isEnabled()  # the refused step left the history


def type_leader_and_save_over_a_change_made_meanwhile(qtbot, window: MainWindow, services: Services) -> int:  # type: ignore[no-untyped-def]
    """The clerk types 负责人 Liu while another PC saves a phone number; Ctrl+S. The unit's id."""
    click_row(qtbot, window.unit_list.table, row_of(window, "东鲁派出所"))
    police = next(r.unit for r in services.units.list() if r.unit.name == "东鲁派出所")
    services.units.update(police.id, {"phone": "0543-1234567"}, expected_version=police.version)  # another PC

    leader = window.unit_form.form.editors["leader"]
    qtbot.mouseClick(leader, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(QApplication.focusWidget(), "Liu")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return police.id


def test_saving_over_a_change_made_meanwhile_is_refused_in_chinese_and_keeps_the_input(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *args: (
            no_modal_dialogs.append(("question", text)) or QMessageBox.StandardButton.No
        ),
    )
    unit_id = type_leader_and_save_over_a_change_made_meanwhile(qtbot, window, services)

    [(kind, text)] = no_modal_dialogs
    assert (
        kind == "question"
        and "“东鲁派出所”已被其他人修改" in text
        and "联系电话（现为“0543-1234567”）" in text
        and "载入最新的记录吗" in text
        and "请刷新" not in text  # the way out is the question itself
    )
    stored = services.units.get(unit_id)
    assert (stored.phone, stored.leader) == ("0543-1234567", None)
    leader = window.unit_form.form.editors["leader"]
    assert window.unit_form.dirty and QApplication.focusWidget() is leader  # the input is kept to retry
    assert leader.text() == "Liu" and window.unit_form.form.editors["phone"].text() == ""


def test_after_a_conflict_the_newer_record_is_loaded_under_the_clerks_edits_and_saves(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:  # type: ignore[no-untyped-def]
    """载入最新的记录 (the default answer): the other PC's phone number shows, the clerk's 负责人 stays typed
    and unsaved; Ctrl+S then stores both (before, only 取消修改 and typing again led on)."""
    unit_id = type_leader_and_save_over_a_change_made_meanwhile(qtbot, window, services)

    [(kind, _text)] = no_modal_dialogs
    form = window.unit_form.form
    assert kind == "question" and window.unit_form.dirty
    assert (form.editors["phone"].text(), form.editors["leader"].text()) == ("0543-1234567", "Liu")
    assert services.units.get(unit_id).leader is None  # nothing saved yet: the clerk checks first

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = services.units.get(unit_id)
    assert (stored.phone, stored.leader) == ("0543-1234567", "Liu")
    assert not window.unit_form.dirty and len(no_modal_dialogs) == 1


def create_unit_in_the_window(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+N, the name typed where the focus lands, Ctrl+S."""
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, QApplication.focusWidget(), name)
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def live_unit(services: Services, name: str):  # type: ignore[no-untyped-def]
    return next(r.unit for r in services.units.list() if r.unit.name == name)


def test_undo_of_a_new_unit_another_pc_has_since_changed_is_refused_and_keeps_it(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    create_unit_in_the_window(qtbot, window, "甘垛镇荷花村")
    village = live_unit(services, "甘垛镇荷花村")
    services.units.update(village.id, {"phone": "0514-8888"}, expected_version=village.version)  # another PC

    undo = window.findChild(QToolBar).widgetForAction(window.actions.undo)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)

    assert live_unit(services, "甘垛镇荷花村").phone == "0514-8888"  # not moved to the recycle bin
    assert services.units.list_deleted() == []
    [(kind, text)] = no_modal_dialogs
    assert (
        kind == "warning" and "“甘垛镇荷花村”已被其他人修改" in text and "联系电话（现为“0514-8888”）" in text
    )
    assert not window.actions.undo.isEnabled()


def test_undo_of_a_new_unit_after_undoing_the_clerks_own_edit_still_works(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    create_unit_in_the_window(qtbot, window, "甘垛镇荷花村")
    leader = window.unit_form.form.editors["leader"]
    qtbot.mouseClick(leader, Qt.MouseButton.LeftButton)
    type_into(qtbot, QApplication.focusWidget(), "刘龙")
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    undo = window.findChild(QToolBar).widgetForAction(window.actions.undo)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)  # the 负责人
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)  # the new unit

    assert "甘垛镇荷花村" not in categories(services) and no_modal_dialogs == []
    assert [unit.name for unit in services.units.list_deleted()] == ["甘垛镇荷花村"]


def test_redo_of_a_deletion_after_another_pc_changed_the_restored_unit_is_refused(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list[tuple[str, str]]
) -> None:
    click_row(qtbot, window.unit_list.table, row_of(window, "东鲁派出所"))
    window.unit_list.table.setFocus()
    with qtbot.waitSignal(window.context.changes_applied, timeout=10000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # back from the bin
    police = live_unit(services, "东鲁派出所")
    services.units.update(police.id, {"leader": "王芳"}, expected_version=police.version)  # another PC

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)

    assert live_unit(services, "东鲁派出所").leader == "王芳"
    (kind, text) = no_modal_dialogs[-1]  # after the question that confirmed the deletion
    assert kind == "warning" and "负责人（现为“王芳”）" in text
