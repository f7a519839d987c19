"""The honour record shows and edits a grade, a certificate number and the extra fields a register brought;
the unit list can show the units with honours of no recorded level (未定级)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QPushButton

from core.services import Services
from gui.access_keys import plain_text
from gui.context import AppContext
from gui.field_form import MappingEditor
from gui.honour_dialog import HonourDialog
from gui.unit_list import UnitListPanel
from tests.gui.test_untouched_fields import click


def type_extra_row(qtbot, extra: MappingEditor, name: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """添加一行, the name, Tab, the value: the value's cell is left still being typed in."""
    add_row = next(b for b in extra.findChildren(QPushButton) if plain_text(b.text()) == "添加一行")
    qtbot.mouseClick(add_row, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: extra.table.isAncestorOf(QApplication.focusWidget()))
    first = QApplication.focusWidget()
    qtbot.keyClicks(first, name)
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not first)
    qtbot.keyClicks(QApplication.focusWidget(), value)


def test_the_dialog_shows_and_saves_grade_certificate_and_extra_fields(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(
        unit.id, {"title": "全国青少年书法大赛", "grade": "二等奖", "extra": {"指导教师": "王丽"}}
    )
    dialog = HonourDialog(context, unit.id, honour.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    grade, certificate = dialog.form.editors["grade"], dialog.form.editors["certificate_no"]
    extra = dialog.form.editors["extra"]
    assert (
        isinstance(grade, QLineEdit)
        and isinstance(certificate, QLineEdit)
        and isinstance(extra, MappingEditor)
    )
    assert grade.text() == "二等奖" and extra.value() == {"指导教师": "王丽"}

    grade.setFocus()
    grade.selectAll()
    qtbot.keyClicks(grade, "1")  # the clerk types over it
    certificate.setFocus()
    qtbot.keyClicks(certificate, "SF-2021-00123")
    type_extra_row(qtbot, extra, "Works", "No.7")
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # the cell being typed in is kept, as a clerk expects

    [saved] = services.honours.list()
    assert (saved.grade, saved.certificate_no) == ("1", "SF-2021-00123")
    assert saved.extra == {"指导教师": "王丽", "Works": "No.7"}


def test_ctrl_s_saves_the_honour_with_the_cell_still_being_typed(
    qtbot, context: AppContext, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """Seen in the window: the clerk saves 基本信息 with Ctrl+S, then adds an honour and presses Ctrl+S
    again; the dialog did nothing (only Enter or Alt+S saved it)."""
    unit = services.units.create({"name": "东湖区实验小学"})
    dialog = HonourDialog(context, unit.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    click(qtbot, dialog.form.editors["title"])
    qtbot.keyClicks(QApplication.focusWidget(), "Civilised Campus")
    extra = dialog.form.editors["extra"]
    assert isinstance(extra, MappingEditor)
    type_extra_row(qtbot, extra, "Batch", "No.7")  # still in the cell: no Enter, no Tab

    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    [saved] = services.honours.list()
    assert saved.title == "Civilised Campus" and saved.extra == {"Batch": "No.7"}
    assert context.undo_stack.undoText() == "添加荣誉“Civilised Campus”"


def test_the_level_filter_offers_未定级(qtbot, context: AppContext, services: Services) -> None:  # type: ignore[no-untyped-def]
    levelled = services.units.create({"name": "东鲁派出所"})
    services.honours.create(levelled.id, {"title": "人民满意派出所", "level": "市级"})
    unlevelled = services.units.create({"name": "口东中心幼儿园"})
    services.honours.create(unlevelled.id, {"title": "园本课程先进集体"})
    panel = UnitListPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    combo = panel.level
    assert isinstance(combo, QComboBox)
    combo.setCurrentText("未定级")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, 0).data() == "口东中心幼儿园"


def test_a_certificate_whose_record_points_outside_the_data_folder_is_listed_but_not_opened(
    qtbot,  # type: ignore[no-untyped-def]
    context: AppContext,
    services: Services,
    tmp_path,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
    no_modal_dialogs: list[tuple[str, str]],
) -> None:
    """The dialog opens and lists both certificates (a path from a crafted backup used to be resolved while
    the dialog was built); double-clicking the crafted one says why and hands nothing to the system."""
    from sqlalchemy import update

    from core.models import Attachment
    from gui import honour_dialog as dialog_module

    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(unit.id, {"title": "全国青少年书法大赛"})
    scan = tmp_path / "证书.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n")
    own = services.attachments.add(honour.id, scan)
    crafted = services.attachments.add(
        honour.id, tmp_path.joinpath("奖状.png").write_bytes(b"x") and tmp_path / "奖状.png"
    )
    with services.db.session(write=True) as session:
        session.execute(
            update(Attachment).where(Attachment.id == crafted.id).values(stored_path="../../run.bat")
        )
    handed: list = []
    monkeypatch.setattr(dialog_module, "open_file", lambda path: handed.append(path) or True)
    dialog = HonourDialog(context, unit.id, honour.id)
    qtbot.addWidget(dialog)
    assert [dialog.attachments.item(i).text() for i in range(dialog.attachments.count())] == [
        "证书.png",
        "奖状.png",
    ]
    dialog.show()
    qtbot.waitExposed(dialog)
    opener = next(b for b in dialog.findChildren(QPushButton) if plain_text(b.text()) == "打开")
    dialog.attachments.setCurrentRow(1)
    qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
    assert handed == [] and any("存放位置“../../run.bat”" in text for _, text in no_modal_dialogs)
    dialog.attachments.setCurrentRow(0)
    qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
    assert handed == [services.attachments.path(own)]
