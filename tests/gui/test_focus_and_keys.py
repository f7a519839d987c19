"""Focus and keys as a clerk meets them: real clicks, then keys typed into whatever has focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from core.services import Services
from gui.access_keys import plain_text
from gui.context import AppContext
from gui.main_window import MainWindow


@pytest.fixture
def window(qtbot, context: AppContext, services: Services) -> MainWindow:  # type: ignore[no-untyped-def]
    for name in ("东鲁派出所", "成都市武侯区教育局", "宁波市荷花庄小学"):
        unit = services.units.create({"name": name})
        services.materials.create(unit.id, {"year": 2012, "topic": "主要做法", "text": "化解矛盾纠纷。"})
        services.honours.create(unit.id, {"title": "省卫生先进单位", "awarded": "2019"})
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def click_row(qtbot, table: QAbstractItemView, row: int) -> None:  # type: ignore[no-untyped-def]
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(window: MainWindow, name: str) -> int:
    model = window.unit_list.model
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)


def type_keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(QApplication.focusWidget(), text)


def test_typing_after_clicking_units_reaches_no_hidden_editor(
    qtbot, window: MainWindow, services: Services
) -> None:
    table = window.unit_list.table
    click_row(qtbot, table, row_of(window, "成都市武侯区教育局"))
    click_row(qtbot, table, row_of(window, "东鲁派出所"))
    assert QApplication.focusWidget() is table  # the click leaves focus in the list
    type_keys(qtbot, "QQ")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert [m.text for s in services.units.list() for m in services.materials.list(s.unit.id)] == [
        "化解矛盾纠纷。"
    ] * 3
    assert not window.materials_tab.dirty and not window.materials_tab.save_button.isEnabled()
    assert not window.unit_form.dirty


def test_arrow_keys_move_the_selection_and_the_details_follow(qtbot, window: MainWindow) -> None:
    table = window.unit_list.table
    click_row(qtbot, table, 0)
    first = window.unit_list.current_unit_id()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    second = window.unit_list.current_unit_id()
    assert second != first and window.unit_form.unit_id == second
    assert QApplication.focusWidget() is table


def test_switching_units_after_viewing_materials_asks_nothing(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, no_modal_dialogs: list
) -> None:
    table = window.unit_list.table
    click_row(qtbot, table, 0)
    window.details.setCurrentWidget(window.materials_tab)
    click_row(qtbot, table, 1)
    click_row(qtbot, table, 2)
    assert [kind for kind, _ in no_modal_dialogs if kind == "unsaved"] == []


def test_an_edit_typed_into_the_visible_material_is_dirty_and_undo_shows_the_stored_text(
    qtbot, window: MainWindow, services: Services
) -> None:
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.materials_tab)
    editor = window.materials_tab.text
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert QApplication.focusWidget() is editor
    type_keys(qtbot, "QQ")
    assert window.materials_tab.dirty
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    unit_id = window.unit_list.current_unit_id()
    assert (
        services.materials.list(unit_id)[0].text.startswith("QQ")
        or "QQ" in services.materials.list(unit_id)[0].text
    )

    click_row(qtbot, window.unit_list.table, row_of(window, window.unit_form.heading.text()))
    window.actions.undo.trigger()
    assert "QQ" not in services.materials.list(unit_id)[0].text
    assert editor.toPlainText() == "化解矛盾纠纷。"  # the editor shows the state after undo


def test_delete_on_an_honour_row_asks_once_with_its_name_and_undo_brings_it_back(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list
) -> None:
    click_row(qtbot, window.unit_list.table, 0)
    unit_id = window.unit_list.current_unit_id()
    window.details.setCurrentWidget(window.honours_tab)
    click_row(qtbot, window.honours_tab.table, 0)
    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    questions = [text for kind, text in no_modal_dialogs if kind == "question"]
    assert len(questions) == 1 and "省卫生先进单位" in questions[0]
    assert services.honours.list() and all(h.unit_id != unit_id for h in services.honours.list())
    assert services.units.get(unit_id)  # the unit itself stays

    window.actions.undo.trigger()
    assert any(h.unit_id == unit_id for h in services.honours.list())
    assert plain_text(window.actions.undo.text()) == "撤销"  # a short label; the step is in the tooltip


def test_several_units_selected_with_ctrl_are_deleted_together_and_restored_by_one_undo(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list
) -> None:
    table = window.unit_list.table
    click_row(qtbot, table, 0)
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, rect.center()
    )
    assert len(window.unit_list.selected_unit_ids()) == 2
    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert "2 个单位" in next(t for k, t in no_modal_dialogs if k == "question")
    assert len(services.units.list()) == 1
    window.actions.undo.trigger()
    assert len(services.units.list()) == 3


def test_no_shortcut_is_bound_twice_in_one_place(window: MainWindow) -> None:
    """Every QAction and QShortcut of the window: a key sequence may be bound once where it can fire."""

    def scope(owner: QWidget, context: Qt.ShortcutContext) -> QWidget:
        return (
            owner.window()
            if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
            else owner
        )

    def overlaps(a: QWidget, b: QWidget) -> bool:
        return a is b or a.isAncestorOf(b) or b.isAncestorOf(a)

    bindings: list[tuple[str, QWidget, object]] = []
    for action in window.findChildren(QAction):
        owners = [w for w in action.associatedObjects() if isinstance(w, QWidget) and not w.inherits("QMenu")]
        owners = [w for w in owners if not w.inherits("QToolButton") and not w.inherits("QToolBar")]
        for key in action.shortcuts():
            for owner in owners:
                bindings.append((key.toString(), scope(owner, action.shortcutContext()), action))
    for shortcut in window.findChildren(QShortcut):
        for key in shortcut.keys():  # noqa: SIM118  (QShortcut, not a dict)
            parent = shortcut.parent()
            assert isinstance(parent, QWidget)
            bindings.append((key.toString(), scope(parent, shortcut.context()), shortcut))
    assert bindings, "the window binds no keys"
    clashes = [
        (key, first, second)
        for index, (key, where, first) in enumerate(bindings)
        for other_key, other_where, second in bindings[index + 1 :]
        if key == other_key and key and first is not second and overlaps(where, other_where)
    ]
    assert clashes == []
    assert QKeySequence("Del").toString() in {key for key, _, _ in bindings}


def test_every_window_command_can_be_found_in_a_menu(window: MainWindow) -> None:
    """A command with no menu entry exists only for those who know its key (导入往年材料 once had none)."""
    in_menus: set[QAction] = set()
    pending = [menu_action.menu() for menu_action in window.menuBar().actions() if menu_action.menu()]
    while pending:
        menu = pending.pop()
        for action in menu.actions():
            in_menus.add(action)
            if action.menu():
                pending.append(action.menu())
    page_switches = set(window.actions.pages)
    commands = [a for a in vars(window.actions).values() if isinstance(a, QAction) and a not in page_switches]
    missing = [action.text() for action in commands if action not in in_menus]
    assert missing == []
    assert "导入往年材料…" in {plain_text(action.text()) for action in in_menus}
