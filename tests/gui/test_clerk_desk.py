"""What a clerk expects of a desktop program: menus that hold the commands, a status bar that says what
a key did, a list whose highlighted row is the one the window shows and Delete acts on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QWidget

from core.services import HonourFilter, Services
from gui.access_keys import plain_text
from gui.honour_dialog import HonourDialog
from gui.main_window import MainWindow
from tests.gui.dialogs import honour_opened_by_enter
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_untouched_fields import click, click_row

CTRL = Qt.KeyboardModifier.ControlModifier


def type_chinese(text: str) -> None:
    """Type into the focused widget as the input method does."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(QApplication.focusWidget(), event)


def menu_entries(window: MainWindow, title: str) -> dict[str, bool]:
    """The entries of a menu of the menu bar, each with whether it can be chosen."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == title)
    assert isinstance(menu, QMenu)
    return {plain_text(a.text()): a.isEnabled() for a in menu.actions() if not a.isSeparator()}


def test_the_honour_menu_adds_an_honour_to_the_unit_shown(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "青山路小学"})
    window.context.changed("all")
    assert menu_entries(window, "荣誉(&R)")["添加荣誉…"] is False  # no unit shown yet

    click_row(qtbot, window.unit_list.table, 0)
    assert menu_entries(window, "荣誉(&R)")["添加荣誉…"] is True
    seen: dict[str, object] = {}

    def fill(dialog: QWidget) -> None:
        qtbot.waitUntil(dialog.isActiveWindow)
        seen["dialog"] = type(dialog)
        seen["unit"] = getattr(dialog, "unit_id", None)
        type_chinese("市文明校园")  # the dialog opens on 荣誉称号
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)

    assert seen == {"dialog": HonourDialog, "unit": unit.id}
    assert [h.title for h in services.honours.list(HonourFilter(unit_id=unit.id))] == ["市文明校园"]
    assert window.details.currentWidget() is window.honours_tab  # the new honour is in sight
    assert window.honours_tab.table.rowCount() == 1


def test_the_honour_menu_entry_is_off_while_a_new_unit_is_typed(qtbot, window: MainWindow) -> None:
    click(qtbot, window.unit_list.search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL)
    assert menu_entries(window, "荣誉(&R)")["添加荣誉…"] is False


def test_undo_and_redo_say_in_the_status_bar_what_they_did(
    qtbot, window: MainWindow, services: Services
) -> None:
    services.units.create({"name": "东鲁派出所"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    click(qtbot, window.unit_form.form.editors["leader"])
    type_chinese("刘龙")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    step = window.context.undo_stack.undoText()
    click_row(qtbot, window.unit_list.table, 0)  # out of the text field: Ctrl+Z is the window's

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert services.units.list()[0].unit.leader in (None, "")
    assert window.statusBar().currentMessage() == f"已撤销：{step}"

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, CTRL)
    assert services.units.list()[0].unit.leader == "刘龙"
    assert window.statusBar().currentMessage() == f"已重做：{step}"


def test_a_refused_undo_says_why_in_the_status_bar(
    qtbot, window: MainWindow, services: Services, no_modal_dialogs: list
) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    click(qtbot, window.unit_form.form.editors["leader"])
    type_chinese("刘龙")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    step = window.context.undo_stack.undoText()
    stored = services.units.get(unit.id)
    services.units.update(unit.id, {"leader": "王芳"}, expected_version=stored.version)  # another PC
    click_row(qtbot, window.unit_list.table, 0)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)

    assert services.units.get(unit.id).leader == "王芳"  # their change stays
    message = window.statusBar().currentMessage()
    assert message.startswith(f"无法撤销“{step}”：") and "又被修改过" in message
    assert "已撤销" not in message
    assert [kind for kind, _ in no_modal_dialogs] == ["warning"]


def drive_import(qtbot, steps: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Go through the import wizard once it opens, page by page, then 完成."""
    from PySide6.QtWidgets import QWizard

    from tests.gui.test_import_wizard import settle

    def go(wizard: QWidget) -> None:
        assert isinstance(wizard, QWizard)
        settle(qtbot)
        for _page in steps:
            wizard.next()
            settle(qtbot)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    when_dialog_opens(qtbot, go)


def test_after_an_import_the_unit_shown_is_the_row_selected_and_delete_takes_it(
    qtbot, window: MainWindow, services: Services, tmp_path, no_modal_dialogs: list
) -> None:
    from tests.gui.test_import_wizard import PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT, honour_register

    drive_import(qtbot, [PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT])
    window.import_file(honour_register(tmp_path / "荣誉登记表.xlsx"))
    assert len(services.units.list()) == 2
    table = window.unit_list.table
    click(qtbot, window.unit_list.search)
    for _tab in range(10):  # keys only: from the search box over the filters to the list
        if QApplication.focusWidget() is table:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    shown = window.unit_form.heading.text()
    selected = [table.model().index(i.row(), 0).data() for i in table.selectionModel().selectedRows()]
    assert selected == [shown]

    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert [text for kind, text in no_modal_dialogs if kind == "question"][-1].count(shown) == 1
    assert shown not in [s.unit.name for s in services.units.list()]


def test_a_mapping_changed_but_cancelled_before_下一步_is_not_remembered(
    qtbot, context, services: Services, tmp_path
) -> None:
    from PySide6.QtWidgets import QWizard

    from tests.gui.test_import_wizard import PAGE_MAPPING, go_next, honour_register, open_wizard

    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "一.xlsx"))
    go_next(qtbot, wizard, PAGE_MAPPING)
    notes = wizard.mapping_page.combo_for("备注")
    notes.setCurrentIndex(notes.findData("ignore"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()

    second = open_wizard(qtbot, context, honour_register(tmp_path / "二.xlsx"))
    go_next(qtbot, second, PAGE_MAPPING)
    assert second.mapping_page.combo_for("备注").currentData() == "honour.notes"  # guessed, as at first
    assert "上次确认" not in second.mapping_page.note.text()


def test_the_settings_dialog_has_no_blank_gaps_and_its_fields_line_up(qtbot, window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    from gui.dialogs import SettingsDialog

    seen: dict[str, object] = {}

    def look(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        qtbot.waitUntil(dialog.isActiveWindow)
        wrapped = [label for label in dialog.findChildren(QLabel) if label.wordWrap() and label.text()]
        # A wrapped text takes the lines it needs at its width; a taller label is blank space around it.
        seen["spare"] = [label.height() - label.heightForWidth(label.width()) for label in wrapped]
        seen["field edges"] = {
            dialog.findChild(QWidget, name).mapTo(dialog, dialog.rect().topLeft()).x()
            for name in ("data_dir", "database_url", "database_password")
        }
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    when_dialog_opens(qtbot, look)
    click(qtbot, window.unit_list.search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Comma, CTRL)

    assert len(seen["spare"]) == 2 and all(spare < 4 for spare in seen["spare"]), seen  # type: ignore[arg-type]
    assert len(seen["field edges"]) == 1, seen  # type: ignore[arg-type]


def years_shown(dialog) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return dialog.first_year.value(), dialog.last_year.value()


def test_a_period_from_an_earlier_session_is_not_offered_again(qtbot, context, services: Services) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from core.settings import Settings
    from gui.generate_dialog import GenerateDialog
    from tests.gui.test_report_dialogs import add_unit, checked

    year = dt.date.today().year
    unit = add_unit(
        services, "宁波市荷花庄小学", ("市文明单位", str(year - 5)), ("省绿色学校", str(year - 1))
    )
    earlier = Settings(report_period=[year - 5, year - 5])  # what a report last spring was generated for
    earlier.save(context.data_dir.settings_file)
    context.settings = Settings.load(context.data_dir.settings_file)

    dialog = GenerateDialog(context, [unit], [unit])
    qtbot.addWidget(dialog)
    plan = checked(qtbot, dialog)

    assert years_shown(dialog) == (year - 1, year - 1)  # the unit's recent records, not last spring's year
    assert plan.period.first_year == year - 1
    assert f"期间 {plan.period.chinese()}（所选单位有记录的最近年份）" in dialog.preflight_note.text()


def test_the_period_just_used_is_offered_again_for_the_same_kind_of_report_only(  # type: ignore[no-untyped-def]
    qtbot, context, services: Services, tmp_path
) -> None:
    import datetime as dt

    from gui.generate_dialog import GenerateDialog
    from tests.gui.test_report_dialogs import add_unit, checked, run_generation

    year = dt.date.today().year
    unit = add_unit(
        services, "宁波市荷花庄小学", ("市文明单位", str(year - 4)), ("省绿色学校", str(year - 1))
    )
    first = GenerateDialog(context, [unit], [unit])
    qtbot.addWidget(first)
    first.show()
    assert years_shown(first) == (year - 1, year - 1)
    click(qtbot, first.first_year)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), str(year - 4))
    plan = checked(qtbot, first)
    assert "（自选）" in first.preflight_note.text()
    first.output.setText(str(tmp_path / "汇报"))
    run_generation(qtbot, first)
    first.close()

    again = GenerateDialog(context, [unit], [unit])  # the next unit of the batch, same afternoon
    qtbot.addWidget(again)
    again.show()
    plan = checked(qtbot, again)
    assert years_shown(again) == (year - 4, year - 1) == (plan.period.first_year, plan.period.last_year)
    assert "与本次打开程序后上次生成的“情况汇报”相同" in again.preflight_note.text()

    again.template.setFocus()  # another kind of document: its own default, not the 情况汇报's years
    for _step in range(again.template.count()):
        if again.template_name() == "自查报告":
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    checked(qtbot, again)
    assert years_shown(again) == (year - 1, year - 1)
    assert "（所选单位有记录的最近年份）" in again.preflight_note.text()


def test_keys_only_the_recycle_bin_restores_the_row_tab_lands_on(
    qtbot, window: MainWindow, services: Services
) -> None:
    unit = services.units.create({"name": "东鲁派出所"})
    services.units.create({"name": "青山路小学"})
    services.units.delete_many([unit.id])
    window.context.changed("all")
    click(qtbot, window.unit_list.search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_3, CTRL)  # 回收站
    table = window.recycle_bin.table
    for _tab in range(5):
        if QApplication.focusWidget() is table:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    assert window.recycle_bin.restore_button.isEnabled()  # the row that looks chosen is chosen

    with qtbot.waitSignal(window.context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, CTRL)
    assert sorted(s.unit.name for s in services.units.list()) == ["东鲁派出所", "青山路小学"]


def test_ctrl_clicks_choose_rows_as_before(qtbot, window: MainWindow, services: Services) -> None:
    for name in ("东鲁派出所", "青山路小学", "区实验幼儿园"):
        services.units.create({"name": name})
    window.context.changed("all")
    table = window.unit_list.table
    table.activateWindow()
    qtbot.waitUntil(table.window().isActiveWindow)
    for row in (0, 2):
        rect = table.visualRect(table.model().index(row, 0))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, CTRL, rect.center())
    assert sorted(i.row() for i in table.selectionModel().selectedRows()) == [0, 2]


def test_a_backup_is_offered_under_a_dated_name(qtbot, window: MainWindow, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtWidgets import QFileDialog

    offered: list[str] = []

    def save_as(parent, caption, suggested, filters):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return str(tmp_path / Path(suggested).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    window.actions.backup.trigger()  # 文件 → 备份数据库…
    today = dt.date.today()
    name = f"HonourDesk备份{today.year}年{today.month}月{today.day}日.db"
    assert [Path(path).name for path in offered] == [name]
    qtbot.waitUntil(lambda: (tmp_path / name).exists() and name in window.statusBar().currentMessage())


def test_records_that_stopped_long_ago_do_not_make_an_old_period_the_default(  # type: ignore[no-untyped-def]
    qtbot, context, services: Services
) -> None:
    import datetime as dt

    from core.reports.records import Period
    from gui.generate_dialog import GenerateDialog
    from tests.gui.test_report_dialogs import add_unit, checked

    unit = add_unit(services, "宁波市荷花庄小学", ("市文明单位", "2009"))  # all the register ever held
    dialog = GenerateDialog(context, [unit], [unit])
    qtbot.addWidget(dialog)
    plan = checked(qtbot, dialog)

    recent = Period.recent(3, dt.date.today())
    assert years_shown(dialog) == (recent.first_year, recent.last_year) and plan.period == recent
    assert f"期间 {recent.chinese()}（近三年）" in dialog.preflight_note.text()
    assert "晚" not in dialog.preflight_note.text()  # no "成文日期比汇报期间晚 17 年" to puzzle over


def test_keys_only_tab_leaves_the_unit_list_for_the_honours_and_enter_opens_one(
    qtbot, window: MainWindow, services: Services
) -> None:
    from PySide6.QtWidgets import QTabBar

    unit = services.units.create({"name": "东鲁派出所"})
    services.honours.create(unit.id, {"title": "省卫生先进单位", "awarded": "2019"})
    window.context.changed("all")
    click_row(qtbot, window.unit_list.table, 0)
    honours = window.honours_tab.table
    for _key in range(8):  # Tab out of the list to the page tabs, → to 荣誉, Tab on to its table
        focused = QApplication.focusWidget()
        if focused is honours:
            break
        if isinstance(focused, QTabBar) and window.details.currentWidget() is not window.honours_tab:
            qtbot.keyClick(focused, Qt.Key.Key_Right)
        else:
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is honours
    assert honour_opened_by_enter(qtbot) == ["省卫生先进单位"]


def test_enter_after_a_clean_import_closes_the_wizard(qtbot, context, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui.focus import install_focus_guard
    from tests.gui.test_import_wizard import PAGE_RESULT, honour_register, open_wizard, settle

    install_focus_guard(
        QApplication.instance()
    )  # as in the program: keys aimed at a hidden widget are dropped
    rows = [[1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", None]]
    wizard = open_wizard(qtbot, context, honour_register(tmp_path / "荣誉登记表.xlsx", rows))
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    for _page in range(3):  # 工作表, 列, 预览 (开始导入): Enter on each
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        settle(qtbot)
    assert wizard.currentId() == PAGE_RESULT and "已导入" in wizard.result_page.status.text()

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not wizard.isVisible()


def test_keys_only_ctrl_4_then_the_import_to_undo_is_chosen(qtbot, window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.test_import_wizard import PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT, go_next, honour_register
    from tests.gui.test_import_wizard import open_wizard as open_import

    wizard = open_import(qtbot, window.context, honour_register(tmp_path / "荣誉登记表.xlsx"))
    for page in (PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT):
        go_next(qtbot, wizard, page)
    wizard.close()
    click(qtbot, window.unit_list.search)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, CTRL)  # 导入记录
    history = window.import_history
    qtbot.waitUntil(lambda: history.table.rowCount() == 1)
    for _tab in range(4):
        if QApplication.focusWidget() is history.table:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is history.table
    qtbot.waitUntil(lambda: history.table.selectionModel().hasSelection())  # the row that looks chosen
    assert history.undo_button.isEnabled()
