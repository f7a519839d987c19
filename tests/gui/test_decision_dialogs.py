"""按表彰文件批量录入 and 记录复查结果: pasted name lists resolved in the dialog, applied as one batch."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPlainTextEdit, QPushButton, QTableWidget
from sqlalchemy import select

from core.decisions.names import UnitRef
from core.models import Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.services import Services
from gui.access_keys import plain_text
from gui.context import AppContext
from gui.decision_dialog import DecisionDialog
from gui.ops import BackgroundOp
from gui.review_dialog import ReviewDialog
from tests.gui.test_main_window import when_dialog_opens
from tests.gui.test_untouched_fields import click_row

ANNEX = """附件
东湖区2023年度区级文明单位名单
一、机关（3个）
1．东湖区卫生健康局
2．中共东湖区委（党校）
3．东湖区城市管理局
二、学校（3所）
东湖区第一小学、第一小学、东 湖 区 第 二 中 学
"""


@pytest.fixture
def units(services: Services) -> dict[str, int]:
    names = ["东湖区第一小学", "西湖区第一小学", "东湖区第二中学", "东湖区卫生健康局", "中共东湖区委党校"]
    return {name: services.units.create({"name": name}).id for name in names}


def shown(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()


def typed(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a user would: Chinese arrives through the input method, the rest as keys."""
    widget.setFocus()
    focused = QApplication.focusWidget()
    assert focused is widget
    type_parts(qtbot, focused, text)
    assert widget.text() == text


def type_parts(qtbot, focused, text: str) -> None:  # type: ignore[no-untyped-def]
    """Keys for ASCII, an input method's commit for Chinese (QTest has no keys for 年月日)."""
    for part in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if part.isascii():
            qtbot.keyClicks(focused, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(focused, event)


def pick(qtbot, box: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an entry of a combo box with the arrow keys."""
    target = box.findText(text)
    assert target >= 0, [box.itemText(i) for i in range(box.count())]
    box.setFocus()
    while box.currentIndex() != target:
        key = Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(QApplication.focusWidget(), key)


def table_rows(dialog) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    table = dialog.findChild(QTableWidget, "name_list_table")
    return [(table.item(r, 0).text(), table.cellWidget(r, 1).currentText()) for r in range(table.rowCount())]


def paste_and_recognise(qtbot, dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    paste = dialog.findChild(QPlainTextEdit, "name_list_paste")
    QApplication.clipboard().setText(text)
    paste.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert paste.toPlainText() == text
    with qtbot.waitSignal(dialog.names.changed, timeout=10_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "recognise_names"), Qt.MouseButton.LeftButton)


def choose(qtbot, dialog, row: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Pick an entry of a row's 对应单位 box with the keyboard, as a user would."""
    box = dialog.findChild(QTableWidget, "name_list_table").cellWidget(row, 1)
    assert isinstance(box, QComboBox)
    with qtbot.waitSignal(dialog.names.changed):
        pick(qtbot, box, text)


def test_decision_from_a_pasted_annex(
    qtbot, context: AppContext, services: Services, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = DecisionDialog(context)
    shown(qtbot, dialog)
    typed(qtbot, dialog.title, "区级文明单位")
    typed(qtbot, dialog.awarded_by, "中共东湖区委、东湖区人民政府")
    typed(qtbot, dialog.awarded, "2023-12-05")
    typed(qtbot, dialog.document_no, "东文明委〔2023〕5号")
    assert dialog.level.currentText() == "县区级"  # inferred from the title until the user picks one
    assert dialog.level_hint.text() == "按授予单位和称号推断为县区级，可改"
    assert dialog.level_hint.toolTip() == "称号“区级文明单位”中有“区级”"
    pick(qtbot, dialog.level, "县区级")

    paste_and_recognise(qtbot, dialog, ANNEX)
    assert table_rows(dialog) == [
        ("东湖区卫生健康局", "东湖区卫生健康局"),
        ("中共东湖区委（党校）", "中共东湖区委党校"),
        ("东湖区城市管理局", "请选择对应的单位…"),
        ("东湖区第一小学", "东湖区第一小学"),
        ("第一小学", "请选择对应的单位…"),
        ("东 湖 区 第 二 中 学", "东湖区第二中学"),
    ]
    notes = dialog.findChild(QTableWidget, "name_list_table")
    assert notes.item(4, 2).text() == "可指 2 个单位（东湖区第一小学、西湖区第一小学），请选择"
    apply = dialog.findChild(QPushButton, "apply_decision")
    assert not apply.isEnabled()
    status = dialog.findChild(QLabel, "name_list_status").text()
    assert "待处理 2 个" in status and "已略去标题 4 行" in status

    choose(qtbot, dialog, 4, "西湖区第一小学")  # the ambiguous short name: the user says which
    choose(qtbot, dialog, 2, "新建单位“东湖区城市管理局”")
    assert apply.isEnabled()

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    question = next(text for kind, text in no_modal_dialogs if kind == "question")
    assert "将为 6 个单位录入这项荣誉（其中新建单位 1 个）" in question

    with services.db.session() as session:
        rows = session.execute(
            select(Unit.name, Honour.title, Honour.level, Honour, Honour.document_no).join(Honour.unit)
        ).all()
        batch = session.scalars(select(ImportBatch)).one()
    assert sorted(name for name, *_ in rows) == sorted(
        [
            "东湖区卫生健康局",
            "中共东湖区委党校",
            "东湖区城市管理局",
            "东湖区第一小学",
            "西湖区第一小学",
            "东湖区第二中学",
        ]
    )
    assert {(t, lv, h.awarded, d) for _n, t, lv, h, d in rows} == {
        ("区级文明单位", "县区级", PartialDate(2023, 12, 5), "东文明委〔2023〕5号")
    }
    assert (batch.kind, batch.counts["honours_created"], batch.counts["units_created"]) == ("decision", 6, 1)
    assert services.units.find_by_name("东湖区城市管理局").category == "机关"  # as its name says


def test_skipping_the_unknown_and_the_selection_given(
    qtbot, context: AppContext, services: Services, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    given = [UnitRef(units["东湖区第二中学"], "东湖区第二中学")]
    dialog = DecisionDialog(context, given)
    shown(qtbot, dialog)
    paste_and_recognise(qtbot, dialog, "东湖区第一小学\n不存在的单位")
    assert table_rows(dialog)[0] == ("东湖区第一小学", "东湖区第一小学")
    assert ("东湖区第二中学", "东湖区第二中学") in table_rows(dialog)  # the selection stays
    with qtbot.waitSignal(dialog.names.changed):
        qtbot.mouseClick(dialog.findChild(QPushButton, "skip_unresolved"), Qt.MouseButton.LeftButton)
    assert ("不存在的单位", "跳过（不录入）") in table_rows(dialog)
    assert dialog.names.unit_ids() == [units["东湖区第一小学"], units["东湖区第二中学"]]
    assert dialog.names.skipped() == ["不存在的单位"]


def test_review_of_the_due_units(
    qtbot, context: AppContext, services: Services, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    year = dt.date.today().year
    for name in ("东湖区第一小学", "东湖区第二中学"):
        services.honours.create(units[name], {"title": "市级文明单位", "awarded": str(year - 3)})
    services.honours.create(units["东湖区卫生健康局"], {"title": "市级文明单位", "awarded": str(year)})
    dialog = ReviewDialog(context, title="市级文明单位")
    shown(qtbot, dialog)
    assert dialog.term.text() == "复查周期：3 年"
    dialog.on.setDate(QDate(year, 12, 20))
    with qtbot.waitSignal(dialog.names.changed):
        qtbot.mouseClick(dialog.findChild(QPushButton, "list_due_units"), Qt.MouseButton.LeftButton)
    assert [name for name, _choice in table_rows(dialog)] == ["东湖区第一小学", "东湖区第二中学"]
    qtbot.mouseClick(dialog.revoked, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "apply_review"), Qt.MouseButton.LeftButton)
    with services.db.session() as session:
        statuses = dict(session.execute(select(Unit.name, Honour.status).join(Honour.unit)).all())
    assert statuses == {"东湖区第一小学": "已撤销", "东湖区第二中学": "已撤销", "东湖区卫生健康局": "有效"}
    assert any("撤销称号" in text for kind, text in no_modal_dialogs if kind == "question")


def test_a_review_date_typed_is_the_one_recorded(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, units: dict[str, int]
) -> None:
    dialog = ReviewDialog(context, title="市级文明单位")
    shown(qtbot, dialog)
    qtbot.mouseClick(dialog.on.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.on.lineEdit().selectedText() == dialog.on.lineEdit().text())
    assert QApplication.focusWidget() is dialog.on
    type_parts(qtbot, QApplication.focusWidget(), "2025年1月6日")
    assert dialog.review().on == dt.date(2025, 1, 6)
    type_parts(qtbot, QApplication.focusWidget(), "x")
    assert dialog.on.hint.isVisible() and "还不是日期" in dialog.on.hint.text()
    assert dialog.review().on == dt.date.today()  # the date before typing, never a half-read one


def test_dashboard_reminders_open_the_review_of_their_title(
    qtbot, context: AppContext, services: Services, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    from gui.dashboard import DashboardPage

    year = dt.date.today().year
    services.honours.create(
        units["东湖区第一小学"], {"title": f"{year - 3}年度市级文明单位", "awarded": str(year - 3)}
    )
    services.honours.create(units["东湖区第二中学"], {"title": "市级文明单位", "awarded": f"{year - 3}-01"})
    services.honours.create(
        units["东湖区卫生健康局"], {"title": "平安单位", "valid_until": dt.date.today().isoformat()}
    )
    page = DashboardPage(context)
    shown(qtbot, page)
    seen: list[tuple[str, list[str]]] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append((dialog.title.currentText(), [name for name, _ in table_rows(dialog)]))
        dialog.reject()

    table = page.findChild(QTableWidget, "expiring_table")
    titles = [table.item(row, 1).text() for row in range(table.rowCount())]
    table.setCurrentCell(titles.index("市级文明单位"), 0)
    when_dialog_opens(qtbot, look)
    qtbot.mouseClick(page.findChild(QPushButton, "review_button"), Qt.MouseButton.LeftButton)
    assert seen == [("市级文明单位", ["东湖区第二中学", "东湖区第一小学"])]  # soonest due first


def test_import_history_lists_and_undoes_a_decision(
    qtbot, context: AppContext, services: Services, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    from core.decisions.award import Decision, apply_decision
    from gui.import_history import ImportHistoryPage

    decision = Decision.checked(
        {"title": "区级文明单位", "awarded": "2023", "document_no": "东文明委〔2023〕5号"}
    )
    apply_decision(services.db, decision, list(units.values()))
    page = ImportHistoryPage(context)
    shown(qtbot, page)
    table = page.findChild(QTableWidget, "import_history_table")
    cells = [table.item(0, column).text() for column in range(table.columnCount())]
    assert cells[1:7] == ["表彰文件", "表彰“区级文明单位”（东文明委〔2023〕5号）", "", "荣誉 5 项", "0", "0"]
    table.selectRow(0)
    with qtbot.waitSignal(context.changes_applied, timeout=10_000):
        qtbot.mouseClick(page.findChild(QPushButton, "undo_import_button"), Qt.MouseButton.LeftButton)
    assert services.honours.count() == 0


def test_menu_starts_the_decision_with_the_units_selected_in_the_list(
    qtbot, context: AppContext, services: Services, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    window = MainWindow(context)
    shown(qtbot, window)
    table = window.unit_list.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(window.unit_list.selected_unit_ids()) == len(units)
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "荣誉(&R)")
    assert [plain_text(a.text()) for a in menu.actions()][-3:] == ["", "按表彰文件批量录入…", "记录复查结果…"]
    seen: list[list[int]] = []

    def look(dialog) -> None:  # type: ignore[no-untyped-def]
        seen.append(sorted(dialog.names.unit_ids()))
        dialog.reject()

    when_dialog_opens(qtbot, look)
    window.decision_action.trigger()
    assert seen == [sorted(units.values())]


def test_enter_in_a_field_keeps_the_dialog_and_closing_asks_first(
    qtbot, context: AppContext, units: dict[str, int], monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Enter after the 文号 pressed 关闭 and lost the decision and its pasted list."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog = DecisionDialog(context)
    shown(qtbot, dialog)
    typed(qtbot, dialog.title, "区级文明单位")
    typed(qtbot, dialog.document_no, "东文明委〔2023〕5号")
    with qtbot.assertNotEmitted(dialog.rejected), qtbot.assertNotEmitted(dialog.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert dialog.isVisible() and asked == []

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # the user says No: all is kept
    assert dialog.isVisible() and asked == ["关闭后，已填写的内容和名单都不会保留。确定关闭吗？"]
    assert dialog.document_no.text() == "东文明委〔2023〕5号"
    answer[0] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)


def test_review_dialog_with_the_lists_units_closes_without_asking(
    qtbot, context: AppContext, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    refs = [UnitRef(unit_id, name) for name, unit_id in units.items()]
    dialog = ReviewDialog(context, "市级文明单位", refs)
    shown(qtbot, dialog)
    typed(qtbot, dialog.document_no, "东文明委〔2024〕8号")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert not BackgroundOp.running  # Enter started no 记录 (its check ran off the GUI thread)
    assert dialog.isVisible() and no_modal_dialogs == []
    dialog.document_no.clear()
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert no_modal_dialogs == []  # only the selection it opened with: nothing typed to lose


def test_an_unknown_name_shows_the_alike_units_beside_it(
    qtbot, context: AppContext, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    dialog = DecisionDialog(context)
    shown(qtbot, dialog)
    paste_and_recognise(qtbot, dialog, "东湖区卫生局\n东湖区城市管理局")
    table = dialog.findChild(QTableWidget, "name_list_table")
    assert [table.item(row, 2).text() for row in range(table.rowCount())] == [
        "档案中没有此单位；相近的有：东湖区卫生健康局",
        "档案中没有此单位",
    ]


def test_a_deleted_units_name_is_said_to_be_in_the_recycle_bin(
    qtbot, context: AppContext, services: Services, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    services.units.delete(units["东湖区第二中学"])
    dialog = DecisionDialog(context)
    shown(qtbot, dialog)
    paste_and_recognise(qtbot, dialog, "东湖区第二中学")
    table = dialog.findChild(QTableWidget, "name_list_table")
    assert table.item(0, 2).text() == "是已删除的单位（在回收站中），恢复后才能录入"


def test_the_wide_dialogs_fit_a_scaled_screen_with_their_buttons_in_reach(
    qtbot, context: AppContext, units: dict[str, int]
) -> None:  # type: ignore[no-untyped-def]
    """At 150 % scaling a 1366×768 laptop is 910×512 of Qt's pixels; the test screen (800 wide) is
    narrower than the dialogs' 980: they must shrink to it, not reach beyond its edge."""
    free = QApplication.primaryScreen().availableGeometry()
    assert free.width() < 980  # the premise: a screen smaller than the dialogs' wish
    for dialog in (DecisionDialog(context), ReviewDialog(context, title="市级文明单位")):
        shown(qtbot, dialog)
        assert dialog.frameGeometry().width() <= free.width()
        assert dialog.height() <= free.height()
        buttons = [button for button in dialog.findChildren(QPushButton) if button.isVisible()]
        assert buttons and all(
            dialog.rect().contains(button.mapTo(dialog, button.rect().bottomRight())) for button in buttons
        )
        dialog.reject()


def test_ctrl_z_undoes_the_decision_just_entered_as_one_step_and_ctrl_y_enters_it_again(
    qtbot, context: AppContext, services: Services, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    """A clerk who entered a decision for the wrong units presses Ctrl+Z, as after any other entry: it
    could only be undone on the 导入记录 page."""
    from gui.main_window import MainWindow

    window = MainWindow(context)
    shown(qtbot, window)
    kept = services.units.create({"name": "东湖区城市管理局"})
    services.honours.create(kept.id, {"title": "市级文明单位", "awarded": "2021"})
    context.changed("all")

    def enter(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(dialog.isActiveWindow)
        typed(qtbot, dialog.title, "区级文明单位")
        typed(qtbot, dialog.awarded, "2023-12-05")
        paste_and_recognise(qtbot, dialog, "东湖区第一小学\n东湖区第二中学\n东湖区公安分局")
        choose(qtbot, dialog, 2, "新建单位“东湖区公安分局”")
        qtbot.mouseClick(dialog.findChild(QPushButton, "apply_decision"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    when_dialog_opens(qtbot, enter)
    window.decision_action.trigger()
    assert services.honours.count() == 4
    assert "Ctrl+Z" in next(text for kind, text in no_modal_dialogs if kind == "information")
    step = context.undo_stack.undoText()
    assert step == "录入表彰“区级文明单位”（2023年12月5日）（3 个单位）"

    click_row(qtbot, window.unit_list.table, 0)  # the window again, as after the dialog closed
    with qtbot.waitSignal(context.changes_applied):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.honours.count() == 1  # the honour held before stays
    assert services.units.find_by_name("东湖区公安分局") is None  # the unit the decision created went
    assert window.statusBar().currentMessage() == f"已撤销：{step}"
    assert window.counts_label.text() == "单位 6 个 · 荣誉 1 项"  # the window read the records again

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert services.honours.count() == 4
    assert services.units.find_by_name("东湖区公安分局") is not None
    assert window.statusBar().currentMessage() == f"已重做：{step}"
    with services.db.session() as session:
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
        assert [batch.undone_at is None for batch in batches] == [False, True]
    assert not [text for kind, text in no_modal_dialogs if kind in ("warning", "critical")]


def test_a_decision_is_entered_with_the_keyboard_alone(
    qtbot, context: AppContext, services: Services, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    """录入… and 未对应的全部跳过 had no Alt key: a clerk at the keyboard had to Tab through every row's
    box of the list to reach them."""
    from gui.app import make_application

    make_application()  # the access keys, as the program installs them
    dialog = DecisionDialog(context)
    shown(qtbot, dialog)
    typed(qtbot, dialog.title, "区级文明单位")
    typed(qtbot, dialog.awarded, "2023")
    paste = dialog.findChild(QPlainTextEdit, "name_list_paste")
    QApplication.clipboard().setText("东湖区第一小学\n不存在的单位")
    paste.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    alt = Qt.KeyboardModifier.AltModifier
    with qtbot.waitSignal(dialog.names.changed, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, alt)  # 识别名单
    assert dialog.names.unresolved() == ["不存在的单位"]

    with qtbot.waitSignal(dialog.names.changed):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, alt)  # 未对应的全部跳过
    assert dialog.names.skipped() == ["不存在的单位"]
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, alt)  # 录入…
    assert [h.unit_id for h in services.honours.list()] == [units["东湖区第一小学"]]


def test_ctrl_z_puts_back_the_titles_a_review_just_revoked(
    qtbot, context: AppContext, services: Services, units: dict[str, int], no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    """记录复查结果 revoking a title by mistake: Ctrl+Z puts the honours back as they were, Ctrl+Y
    records the review again."""
    from gui.main_window import MainWindow

    year = dt.date.today().year
    for name in ("东湖区第一小学", "东湖区第二中学"):
        services.honours.create(units[name], {"title": "市级文明单位", "awarded": str(year - 3)})
    window = MainWindow(context)
    shown(qtbot, window)

    def revoke(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.title.setFocus()
        type_parts(qtbot, QApplication.focusWidget(), "市级文明单位")
        dialog.on.setDate(QDate(year, 12, 20))
        with qtbot.waitSignal(dialog.names.changed):
            qtbot.mouseClick(dialog.findChild(QPushButton, "list_due_units"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.revoked, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.findChild(QPushButton, "apply_review"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)

    def statuses() -> list[str]:
        return sorted(h.status for h in services.honours.list())

    when_dialog_opens(qtbot, revoke)
    window.review_action.trigger()
    assert statuses() == ["已撤销", "已撤销"]
    step = context.undo_stack.undoText()
    assert step.startswith("记录复查“市级文明单位”：撤销")

    click_row(qtbot, window.unit_list.table, 0)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert statuses() == ["有效", "有效"]
    assert window.statusBar().currentMessage() == f"已撤销：{step}"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert statuses() == ["已撤销", "已撤销"]
    assert not [text for kind, text in no_modal_dialogs if kind in ("warning", "critical")]
