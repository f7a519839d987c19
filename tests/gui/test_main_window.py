"""The main window driven as a clerk would: forms, dialogs, search, recycle bin, undo, layout memory."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from core.paths import DataDir
from core.services import Services
from gui.app import build_context
from gui.context import AppContext
from gui.honour_dialog import HonourDialog
from gui.main_window import WINDOW_TITLE, MainWindow
from gui.ops import BackgroundOp
from tests.conftest import make_credit_code
from tests.gui.dialogs import on_next_dialog


def type_into(qtbot, editor: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the editor's text as a user would: select all, then type (Chinese through the input method)."""
    editor.setFocus()
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)


def when_dialog_opens(qtbot, handle: Callable[[QWidget], None]) -> None:  # type: ignore[no-untyped-def]
    """Run handle on the next modal dialog, from inside its event loop; a failure closes it."""
    on_next_dialog(qtbot, handle, active=False, reraise=True)


def unit_names(window: MainWindow) -> list[str]:
    model = window.unit_list.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_window_title_and_counts(window: MainWindow, services: Services) -> None:
    assert window.windowTitle() == WINDOW_TITLE == "HonourDesk 单位荣誉档案与情况汇报"
    assert window.counts_label.text() == "单位 0 个 · 荣誉 0 项"


def test_add_a_unit_through_the_form_after_a_rejected_credit_code(
    qtbot, window: MainWindow, services: Services
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.unit_form.form
    type_into(qtbot, form.editors["name"], "宁波市荷花庄小学")
    type_into(qtbot, form.editors["credit_code"], "91350100M000100Y44")
    type_into(qtbot, form.editors["founded"], "1989-09")
    form.editors["category"].setCurrentText("学校")  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert "校验位" in form.problem_text("credit_code")
    assert services.units.list() == []
    assert window.unit_form.dirty  # the input is kept for correction

    type_into(qtbot, form.editors["credit_code"], make_credit_code())
    qtbot.mouseClick(window.unit_form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem_text("credit_code") == ""
    [saved] = services.units.list()
    assert saved.unit.name == "宁波市荷花庄小学" and saved.unit.founded.iso() == "1989-09"  # type: ignore[union-attr]
    assert unit_names(window) == ["宁波市荷花庄小学"]
    assert window.unit_list.current_unit_id() == saved.unit.id
    assert window.counts_label.text() == "单位 1 个 · 荣誉 0 项"


def test_add_an_honour_through_the_dialog(qtbot, window: MainWindow, services: Services) -> None:
    unit = services.units.create({"name": "口东中心幼儿园"})
    other = services.units.create({"name": "东鲁派出所"})
    services.honours.create(other.id, {"title": "人民满意派出所", "awarded_by": "市公安局"})
    window.context.changed("all")
    window.unit_list.select_unit(unit.id)
    window.details.setCurrentWidget(window.honours_tab)

    def fill(dialog: QWidget) -> None:
        assert isinstance(dialog, HonourDialog)
        form = dialog.form
        form.editors["title"].setText("市一级幼儿园")  # type: ignore[attr-defined]
        form.editors["level"].setCurrentText("市级")  # type: ignore[attr-defined]
        form.editors["awarded"].setText("2019-12")  # type: ignore[attr-defined]
        completer = form.editors["awarded_by"].completer()  # type: ignore[attr-defined]
        completer.setCompletionPrefix("市公")
        assert completer.currentCompletion() == "市公安局"  # completion from bodies already used
        form.editors["awarded_by"].setText("市教育局")  # type: ignore[attr-defined]
        dialog.save()

    when_dialog_opens(qtbot, fill)
    qtbot.mouseClick(window.honours_tab.add_button, Qt.MouseButton.LeftButton)

    [honour] = [h for h in services.honours.list() if h.unit_id == unit.id]
    assert (honour.title, honour.level, honour.awarded_by, honour.awarded.iso()) == (  # type: ignore[union-attr]
        "市一级幼儿园",
        "市级",
        "市教育局",
        "2019-12",
    )
    table = window.honours_tab.table
    assert table.rowCount() == 1 and table.item(0, 0).text() == "2019年12月"
    assert window.counts_label.text() == "单位 2 个 · 荣誉 2 项"


def test_honour_dialog_shows_a_bad_date_beside_the_field(
    qtbot, context: AppContext, services: Services
) -> None:
    unit = services.units.create({"name": "口东中心幼儿园"})
    dialog = HonourDialog(context, unit.id)
    qtbot.addWidget(dialog)
    dialog.form.editors["title"].setText("市一级幼儿园")  # type: ignore[attr-defined]
    dialog.form.editors["awarded"].setText("2019年13月")  # type: ignore[attr-defined]
    dialog.save()
    assert "月份 13" in dialog.form.problem_text("awarded")
    assert services.honours.list() == []


def test_certificate_is_copied_into_the_data_directory(
    qtbot, context: AppContext, services: Services, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    unit = services.units.create({"name": "口东中心幼儿园"})
    scan = tmp_path / "证书.png"
    scan.write_bytes(b"\x89PNG fake")
    dialog = HonourDialog(context, unit.id)
    qtbot.addWidget(dialog)
    dialog.form.editors["title"].setText("市一级幼儿园")  # type: ignore[attr-defined]
    dialog.add_files([scan])
    dialog.save()
    [honour] = services.honours.list()
    [attachment] = services.attachments.list(honour.id)
    stored = services.attachments.path(attachment)
    assert stored.read_bytes() == scan.read_bytes()
    assert context.data_dir.attachments in stored.parents


def test_search_by_pinyin_initials_filters_while_typing(
    qtbot, window: MainWindow, services: Services
) -> None:
    for name in ("宁波市荷花庄小学", "西平县柏亭耿庄小学", "东鲁派出所"):
        services.units.create({"name": name})
    window.context.changed("unit")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.unit_list.search.hasFocus()
    qtbot.keyClicks(window.unit_list.search, "hhz")
    qtbot.waitUntil(lambda: unit_names(window) == ["宁波市荷花庄小学"])
    window.unit_list.search.clear()
    qtbot.waitUntil(lambda: len(unit_names(window)) == 3)


def test_category_filter(qtbot, window: MainWindow, services: Services) -> None:
    services.units.create({"name": "口东中心幼儿园", "category": "幼儿园"})
    services.units.create({"name": "东鲁派出所", "category": "机关"})
    window.context.changed("unit")
    window.unit_list.category.setCurrentText("幼儿园")
    assert unit_names(window) == ["口东中心幼儿园"]


def test_delete_then_restore_from_the_recycle_bin(qtbot, window: MainWindow, services: Services) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    window.context.changed("unit")
    window.unit_list.select_unit(unit.id)
    window.unit_list.table.setFocus()
    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(window.unit_list.table, Qt.Key.Key_Delete)
    assert unit_names(window) == []
    assert "回收站" in window.statusBar().currentMessage()

    window.pages.setCurrentWidget(window.recycle_bin)
    bin_table = window.recycle_bin.findChild(QWidget, "bin_table")
    bin_table.selectRow(0)  # type: ignore[attr-defined]
    qtbot.mouseClick(window.recycle_bin.findChild(QWidget, "restore_button"), Qt.MouseButton.LeftButton)
    assert [s.unit.name for s in services.units.list()] == ["东鲁派出所"]
    assert unit_names(window) == ["东鲁派出所"]


def test_undo_and_redo_of_an_edit_and_a_delete(qtbot, window: MainWindow, services: Services) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    window.context.changed("unit")
    window.unit_list.select_unit(unit.id)
    type_into(qtbot, window.unit_form.form.editors["leader"], "刘龙")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).leader == "刘龙"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).leader is None
    assert window.unit_form.form.editors["leader"].text() == ""  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert services.units.get(unit.id).leader == "刘龙"

    window.unit_list.table.setFocus()
    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(window.unit_list.table, Qt.Key.Key_Delete)
    assert services.units.list() == []
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s.unit.name for s in services.units.list()] == ["东鲁派出所"]
    assert unit_names(window) == ["东鲁派出所"]
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert services.units.list() == []


def test_undo_of_a_new_unit_moves_it_to_the_recycle_bin(
    qtbot, window: MainWindow, services: Services
) -> None:
    window.new_unit()
    type_into(qtbot, window.unit_form.form.editors["name"], "甘垛镇荷花村")
    window.save()
    window.context.undo_stack.undo()
    assert services.units.list() == []
    assert [u.name for u in services.units.list_deleted()] == ["甘垛镇荷花村"]


def test_unsaved_changes_prompt_when_switching_units(
    qtbot, window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = services.units.create({"name": "东鲁派出所"})
    second = services.units.create({"name": "口东中心幼儿园"})
    window.context.changed("unit")
    window.unit_list.select_unit(first.id)
    type_into(qtbot, window.unit_form.form.editors["leader"], "刘龙")

    monkeypatch.setattr("gui.widgets.ask_unsaved", lambda *a: "cancel")
    window.unit_list.select_unit(second.id)
    assert window.unit_form.unit_id == first.id and window.unit_form.dirty
    assert window.unit_list.current_unit_id() == first.id

    monkeypatch.setattr("gui.widgets.ask_unsaved", lambda *a: "save")
    window.unit_list.select_unit(second.id)
    assert window.unit_form.unit_id == second.id
    assert services.units.get(first.id).leader == "刘龙"


def test_materials_tab_saves_paragraphs(qtbot, window: MainWindow, services: Services) -> None:
    unit = services.units.create({"name": "口东中心幼儿园"})
    window.context.changed("unit")
    window.unit_list.select_unit(unit.id)
    tab = window.materials_tab
    window.details.setCurrentWidget(tab)
    tab.year.setValue(2019)
    tab.topic.setCurrentText("主要做法")
    tab.text.setPlainText("第一段。\n第二段。")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [material] = services.materials.list(unit.id)
    assert (material.year, material.topic, material.text) == (2019, "主要做法", "第一段。\n第二段。")
    assert tab.table.rowCount() == 1


def test_dashboard_double_click_opens_the_unit(qtbot, window: MainWindow, services: Services) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    window.context.changed("all")
    window.pages.setCurrentWidget(window.dashboard)
    window.context.open_unit_requested.emit(unit.id)
    assert window.pages.currentIndex() == 0
    assert window.unit_form.unit_id == unit.id


def test_layout_and_settings_persist_across_a_restart(qtbot, data_dir: DataDir) -> None:  # type: ignore[no-untyped-def]
    first = build_context(data_dir, None)
    window = MainWindow(first)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.setWindowState(Qt.WindowState.WindowNoState)  # the small test screen opens it maximised
    window.resize(780, 560)
    window.splitter.setSizes([300, 480])
    qtbot.wait(10)
    size = (window.width(), window.height())
    assert size != (1280, 800)  # differs from the default, so a restore is visible
    splitter_sizes = window.splitter.sizes()
    window.unit_list.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 荣誉数, most first
    unit = first.services.units.create({"name": "口东中心幼儿园"}).id
    first.services.units.create({"name": "东鲁派出所"})
    first.changed("all")
    window.unit_list.select_unit(unit)
    window.details.setCurrentWidget(window.honours_tab)
    first.settings.backup_on_exit = False
    first.save_settings()
    first.state.set_last_folder("backup", str(data_dir.root))
    window.close()
    first.services.db.dispose()

    second = build_context(data_dir, None)
    again = MainWindow(second)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert (again.width(), again.height()) == size
    assert again.splitter.sizes() == splitter_sizes
    header = again.unit_list.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (3, Qt.SortOrder.DescendingOrder)
    assert (again.unit_list.model.sort_key, again.unit_list.model.descending) == ("honours", True)
    assert second.settings.backup_on_exit is False
    assert second.state.last_folder("backup") == str(data_dir.root)
    assert again.unit_list.current_unit_id() == unit and again.honours_tab.unit_id == unit
    assert again.details.currentWidget() is again.honours_tab
    assert QApplication.focusWidget() in (None, again.unit_list.search)  # the first keys still search
    second.services.db.dispose()


def test_backup_on_exit(qtbot, window: MainWindow, data_dir: DataDir) -> None:  # type: ignore[no-untyped-def]
    window.close()
    assert list(data_dir.backups.glob("honourdesk-*-exit.db"))


def test_first_start_offers_demo_data_and_loads_it(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    window.offer_demo_if_empty()
    assert any("示例数据" in text for kind, text in no_modal_dialogs if kind == "question")
    qtbot.waitUntil(lambda: not BackgroundOp.running, timeout=20000)
    assert len(services.units.list()) >= 8
    assert "宁波市荷花庄小学" in unit_names(window)


def test_no_demo_offer_when_there_are_units(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    services.units.create({"name": "东鲁派出所"})
    window.offer_demo_if_empty()
    assert no_modal_dialogs == []


def test_background_op_reports_errors_through_the_one_path(
    qtbot, window: MainWindow, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    from core.errors import UserError

    def fail(_progress: object) -> None:
        raise UserError("文件“x.xlsx”无法读取")

    BackgroundOp(window, fail, "测试").run_in_background()
    qtbot.waitUntil(lambda: not BackgroundOp.running)
    assert ("warning", "文件“x.xlsx”无法读取") in no_modal_dialogs


def test_background_op_can_be_cancelled(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import threading

    started = threading.Event()
    outcome: list[str] = []

    def long_work(progress) -> None:  # type: ignore[no-untyped-def]
        started.set()
        for step in range(10_000):
            progress(step, 10_000, "")
            threading.Event().wait(0.001)

    op = (
        BackgroundOp(window, long_work, "长任务")
        .success(lambda _r: outcome.append("done"))
        .cancelled(lambda: outcome.append("cancelled"))
    )
    op.run_in_background()
    assert started.wait(10)
    op.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"], timeout=10000)


def test_unit_table_rows_are_sortable(qtbot, window: MainWindow, services: Services) -> None:
    a = services.units.create({"name": "甲单位"})
    b = services.units.create({"name": "乙单位"})
    services.honours.create(b.id, {"title": "荣誉一"})
    services.honours.create(b.id, {"title": "荣誉二"})
    services.honours.create(a.id, {"title": "荣誉三"})
    window.context.changed("all")
    window.unit_list.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert unit_names(window) == ["乙单位", "甲单位"]
    assert window.unit_list.table.horizontalHeader().sortIndicatorSection() == 3


def test_standard_buttons_are_in_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.app import make_application

    make_application()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Yes
        | QDialogButtonBox.StandardButton.No
        | QDialogButtonBox.StandardButton.Save
        | QDialogButtonBox.StandardButton.Cancel
    )
    assert {b.text().split("(")[0] for b in buttons.buttons()} == {"是", "否", "保存", "取消"}


def test_with_no_unit_left_in_the_list_the_reports_tab_says_none_is_chosen(
    qtbot, services: Services, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """A search that finds nothing leaves no unit shown: the 汇报记录 tab does not speak of “这个单位”."""
    services.units.create({"name": "宁波市荷花庄小学"})
    window.refresh_all()
    units = window.unit_list.table
    qtbot.waitUntil(lambda: units.model().rowCount() == 1)
    qtbot.mouseClick(
        units.viewport(), Qt.MouseButton.LeftButton, pos=units.visualRect(units.model().index(0, 0)).center()
    )
    tabs = window.details.tabBar()
    qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(3).center())
    hint = window.reports_tab.hint
    assert hint.isVisible() and "这个单位" in hint.text()  # the unit has no report yet
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(QApplication.focusWidget(), "zzz")
    qtbot.waitUntil(lambda: units.model().rowCount() == 0)
    qtbot.waitUntil(lambda: window.unit_form.heading.text() == "未选择单位")
    assert hint.isVisible() and "这个单位" not in hint.text() and "未选择单位" in hint.text()
