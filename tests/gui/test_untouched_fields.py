"""The window writes only what the clerk changed: values an older program or another tool stored (spaces,
half-width brackets, a 类别 or 级别 outside today's choices, a year beyond the editor's range) stay as they
are when the clerk saves another field, presses Enter in an untouched dialog, or edits a material's text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)
from sqlalchemy import func, select, update

from core.models import ChangeLog, Honour, Material, Unit
from core.services import Services
from gui.access_keys import plain_text
from gui.context import AppContext
from gui.honour_dialog import HonourDialog
from gui.main_window import MainWindow


def stored(services: Services, model: type, record_id: int) -> dict[str, Any]:
    with services.db.session() as session:
        row = session.get(model, record_id)
        return {column.key: getattr(row, column.key) for column in model.__table__.columns}


def log_size(services: Services) -> int:
    with services.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(ChangeLog)) or 0)


def as_another_tool_wrote(services: Services, model: type, record_id: int, **values: Any) -> None:
    with services.db.session(write=True) as session:
        session.execute(update(model).where(model.id == record_id).values(**values))


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click into the widget once its window is the active one (a dialog just opened is not yet)."""
    widget.window().activateWindow()
    qtbot.waitUntil(widget.window().isActiveWindow)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
    assert QApplication.focusWidget() is widget


def click_row(qtbot, table: QAbstractItemView, row: int) -> None:  # type: ignore[no-untyped-def]
    table.window().activateWindow()
    qtbot.waitUntil(table.window().isActiveWindow)
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_saving_one_unit_field_leaves_the_others_as_stored(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "城关镇第二小学", "category": "学校"})
    as_another_tool_wrote(services, Unit, unit.id, category="小学", region="甘肃省  白银市")
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    form = window.unit_form.form
    category = form.editors["category"]
    assert isinstance(category, QComboBox) and category.currentText() == "小学"  # shown, not blanked
    before, logged = stored(services, Unit, unit.id), log_size(services)

    click(qtbot, form.editors["name"])
    for _ in range(len(form.editors) + 2):  # every field focused in turn, nothing typed
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert not window.unit_form.dirty
    assert stored(services, Unit, unit.id) == before

    click(qtbot, form.editors["leader"])
    qtbot.keyClicks(QApplication.focusWidget(), "Wang")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    after = stored(services, Unit, unit.id)
    assert after["leader"] == "Wang"
    assert (after["category"], after["region"]) == ("小学", "甘肃省  白银市")
    assert log_size(services) == logged + 1
    with services.db.session() as session:
        last = session.scalars(select(ChangeLog).order_by(ChangeLog.id.desc())).first()
    assert last is not None and list(last.details["changes"]) == ["leader"]


def open_honour(qtbot, context: AppContext, unit_id: int, honour_id: int) -> HonourDialog:  # type: ignore[no-untyped-def]
    dialog = HonourDialog(context, unit_id, honour_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_enter_in_an_untouched_honour_dialog_writes_nothing(
    qtbot, context: AppContext, services: Services
) -> None:
    unit = services.units.create({"name": "城关镇中心幼儿园"})
    honour = services.honours.create(unit.id, {"title": "先进集体", "level": "市级"})
    as_another_tool_wrote(
        services, Honour, honour.id, title="先进集体(2019年度)", level="区级", awarded_by="市  委"
    )
    before, logged = stored(services, Honour, honour.id), log_size(services)

    dialog = open_honour(qtbot, context, unit.id, honour.id)
    assert dialog.form.editors["level"].currentText() == "区级"  # type: ignore[attr-defined]
    click(qtbot, dialog.form.editors["title"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert dialog.result() == HonourDialog.DialogCode.Accepted
    assert stored(services, Honour, honour.id) == before
    assert log_size(services) == logged
    assert context.undo_stack.count() == 0

    dialog = open_honour(qtbot, context, unit.id, honour.id)
    click(qtbot, dialog.form.editors["grade"])
    qtbot.keyClicks(QApplication.focusWidget(), "A")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    after = stored(services, Honour, honour.id)
    assert after["grade"] == "A"
    assert (after["title"], after["level"], after["awarded_by"]) == ("先进集体(2019年度)", "区级", "市  委")


def test_editing_a_material_s_text_keeps_its_year_and_topic(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "城关镇中心幼儿园"})
    plan = services.materials.create(unit.id, {"year": 2030, "topic": "下一步打算", "text": "计划"})
    as_another_tool_wrote(services, Material, plan.id, topic="远景规划")
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.materials_tab)
    tab = window.materials_tab
    click_row(qtbot, tab.table, 0)
    assert (tab.year.value(), tab.topic.currentText()) == (2030, "远景规划")

    click(qtbot, tab.text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    qtbot.keyClicks(QApplication.focusWidget(), "OK")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    after = stored(services, Material, plan.id)
    assert (after["year"], after["topic"], after["text"]) == (2030, "远景规划", "计划OK")


def roll_wheel_over(widget: QWidget, notches: int) -> None:
    """The mouse wheel turned with the pointer over the widget (downwards for positive notches)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_scrolling_the_form_over_a_drop_down_does_not_change_it(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "东鲁派出所", "category": "机关"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    category = window.unit_form.form.editors["category"]
    assert isinstance(category, QComboBox) and QApplication.focusWidget() is window.unit_list.table

    wheel_takes_focus = Qt.FocusPolicy.WheelFocus & ~Qt.FocusPolicy.StrongFocus
    assert not category.focusPolicy() & wheel_takes_focus  # a real wheel would otherwise focus it first
    roll_wheel_over(category, 2)  # the clerk scrolls down the form; the pointer passes over 类别

    assert category.currentText() == "机关"
    assert not window.unit_form.dirty and not window.unit_form.save_button.isEnabled()

    qtbot.mouseClick(category, Qt.MouseButton.LeftButton)  # clicked into on purpose: the wheel chooses there
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # the list it opened
    assert QApplication.focusWidget() is category
    roll_wheel_over(category, 1)
    assert category.currentText() != "机关" and window.unit_form.dirty


def test_scrolling_over_a_material_s_year_does_not_change_it(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    services.materials.create(unit.id, {"year": 2019, "topic": "主要做法", "text": "化解矛盾纠纷。"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    window.details.setCurrentWidget(window.materials_tab)
    click_row(qtbot, window.materials_tab.table, 0)

    roll_wheel_over(window.materials_tab.year, 2)
    roll_wheel_over(window.materials_tab.topic, 1)

    assert (window.materials_tab.year.value(), window.materials_tab.topic.currentText()) == (2019, "主要做法")
    assert not window.materials_tab.dirty


def remove_first_certificate(qtbot, dialog: HonourDialog) -> None:  # type: ignore[no-untyped-def]
    listing = dialog.attachments
    rect = listing.visualItemRect(listing.item(0))
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    remove = next(b for b in dialog.findChildren(QPushButton) if plain_text(b.text()) == "移除")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)


def test_a_certificate_removed_in_a_cancelled_honour_dialog_stays(
    qtbot, context: AppContext, services: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    unit = services.units.create({"name": "城关镇中心幼儿园"})
    honour = services.honours.create(unit.id, {"title": "先进集体"})
    scan = tmp_path / "证书.png"
    scan.write_bytes(b"\x89PNG scan")
    stored_file = services.attachments.path(services.attachments.add(honour.id, scan))
    logged = log_size(services)

    dialog = open_honour(qtbot, context, unit.id, honour.id)
    remove_first_certificate(qtbot, dialog)
    assert dialog.attachments.count() == 0  # shown as gone until 保存 or 取消
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    assert [a.original_name for a in services.attachments.list(honour.id)] == ["证书.png"]
    assert stored_file.read_bytes() == b"\x89PNG scan" and log_size(services) == logged

    dialog = open_honour(qtbot, context, unit.id, honour.id)
    remove_first_certificate(qtbot, dialog)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert services.attachments.list(honour.id) == [] and not stored_file.exists()
