"""The window shows an imported level as a guess (省级（推断）, the rule in the tooltip and the edit dialog)
until the clerk sets it; undo brings the guess back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from core.inferred import CATEGORY_MARK, LEVEL_MARK
from core.services import Services
from gui.context import AppContext
from gui.honour_dialog import HonourDialog
from gui.honours_tab import LEVEL_COLUMN, HonoursTab
from gui.unit_form import UnitFormTab

RULE = "授予单位“浙江省文明委”中的“浙江省”"


def _imported(services: Services) -> tuple[int, int]:
    """A unit and an honour as a register import leaves them: level and category inferred."""
    unit = services.units.create(
        {"name": "杭州市文三街小学", "category": "学校", "extra": {CATEGORY_MARK: "名称以“小学”结尾"}}
    )
    honour = services.honours.create(
        unit.id,
        {
            "title": "浙江省文明校园",
            "level": "省级",
            "awarded_by": "浙江省文明委",
            "extra": {LEVEL_MARK: RULE},
        },
    )
    return unit.id, honour.id


def _pick(qtbot, dialog: HonourDialog, text: str) -> QComboBox:  # type: ignore[no-untyped-def]
    """The clerk chooses a level from the list with the keyboard."""
    level = dialog.form.editors["level"]
    assert isinstance(level, QComboBox)
    level.setFocus()
    qtbot.keyClick(level, Qt.Key.Key_Space)  # opens the list
    view = level.view()
    qtbot.waitUntil(view.isVisible)
    view.setCurrentIndex(level.model().index(level.findText(text), 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert level.currentText() == text
    return level


def _save(qtbot, dialog: HonourDialog) -> None:  # type: ignore[no-untyped-def]
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_the_table_and_dialog_mark_an_inferred_level_until_the_clerk_sets_it(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    unit_id, honour_id = _imported(services)
    tab = HonoursTab(context)
    qtbot.addWidget(tab)
    tab.show_unit(unit_id)
    shown = tab.table.item(0, LEVEL_COLUMN)
    assert shown.text() == "省级（推断）" and RULE in shown.toolTip()

    dialog = HonourDialog(context, unit_id, honour_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    level = dialog.form.editors["level"]
    assert isinstance(level, QComboBox) and level.styleSheet() and RULE in level.toolTip()
    _pick(qtbot, dialog, "国家级")
    assert not level.styleSheet() and not level.toolTip()
    _save(qtbot, dialog)
    saved = services.honours.get(honour_id)
    assert saved.level == "国家级" and LEVEL_MARK not in saved.extra
    tab.refresh()
    assert tab.table.item(0, LEVEL_COLUMN).text() == "国家级"

    context.undo_stack.undo()
    restored = services.honours.get(honour_id)
    assert (restored.level, restored.extra) == ("省级", {LEVEL_MARK: RULE})
    tab.refresh()
    assert tab.table.item(0, LEVEL_COLUMN).text() == "省级（推断）"


def test_picking_the_inferred_level_itself_confirms_it(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    unit_id, honour_id = _imported(services)
    dialog = HonourDialog(context, unit_id, honour_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    level = _pick(qtbot, dialog, "省级")
    assert not level.styleSheet()
    _save(qtbot, dialog)
    saved = services.honours.get(honour_id)
    assert (saved.level, saved.extra) == ("省级", {})


def test_the_unit_form_marks_an_inferred_category(qtbot, context: AppContext, services: Services) -> None:  # type: ignore[no-untyped-def]
    unit_id, _ = _imported(services)
    form = UnitFormTab(context)
    qtbot.addWidget(form)
    form.show()
    form.show_unit(unit_id)
    category = form.form.editors["category"]
    assert isinstance(category, QComboBox)
    assert category.styleSheet() and "名称以“小学”结尾" in category.toolTip()
    form.show_unit(None)
    assert not category.styleSheet()
