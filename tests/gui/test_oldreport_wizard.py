"""导入往年材料: the review dialog driven as a clerk would — read a report, untick an honour, change a topic,
import, and find the records; the menu entry opens it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from core.services import HonourFilter
from gui.context import AppContext
from gui.oldreport_wizard import OldReportDialog
from tests.core.oldreports.test_bodies_and_doubts import REVOKED_VILLAGE
from tests.core.oldreports.test_honour_dates import DATED, EXPECTED
from tests.core.oldreports.written import SCHOOL, write_docx


def test_review_untick_retopic_and_import(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = write_docx(tmp_path / SCHOOL[0], SCHOOL[1])
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    assert dialog.documents.count() == 1 and dialog.unit.currentText() == "宁波市城东小学"
    assert dialog.year.value() == 2021 and "城东小学" in dialog.text.toPlainText()
    assert dialog.honours.rowCount() == 8
    assert (
        "导入的人数、面积记为截至2021年12月20日的数字" in dialog.notes.text()
    )  # the report's date, not today
    facts = {dialog.facts.item(row, 1).text(): row for row in range(dialog.facts.rowCount())}
    assert dialog.facts.item(facts["类别"], 2).text() == "学校（推断）"  # from the name, shown as a guess
    assert dialog.facts.item(facts["类别"], 4).text() == "名称以“小学”结尾"
    titles = [dialog.honours.item(row, 1).text() for row in range(dialog.honours.rowCount())]
    dropped = titles.index("宁波市平安校园")
    dialog.tabs.setCurrentWidget(dialog.honours)
    dialog.honours.item(dropped, 0).setCheckState(Qt.CheckState.Unchecked)
    dialog.tabs.setCurrentWidget(dialog.materials)
    dialog.materials.cellWidget(4, 1).setCurrentText("整改措施")  # 四、存在问题 filed elsewhere by the clerk
    with qtbot.waitSignal(dialog.applied, timeout=20000) as applied:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    (document,) = applied.args[0].documents
    assert document.honours_created == 7 and document.unit_created
    services = context.services
    honours = [h.title for h in services.honours.list(HonourFilter(unit_id=document.unit_id))]
    assert "宁波市平安校园" not in honours and "全国优秀教师" in honours
    topics = {m.topic for m in services.materials.list(document.unit_id)}
    assert "整改措施" in topics and "存在问题" not in topics
    assert any("导入记录" in text for _, text in no_modal_dialogs)
    unit = services.units.get(document.unit_id)
    assert unit.category == "学校" and unit.extra == {
        "截至": "职工人数、学生人数、班级数、党员人数、占地面积、建筑面积：2021年12月20日",
        "类别推断": "名称以“小学”结尾",
    }


def test_a_document_without_year_must_be_given_one(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "汇报.txt"
    path.write_text("某某小学工作汇报\n一、主要做法\n学校加强了管理。\n", encoding="utf-8")
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert no_modal_dialogs and "请指定年度" in no_modal_dialogs[-1][1]
    dialog.year.setFocus()
    dialog.year.setValue(2019)
    with qtbot.waitSignal(dialog.applied, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert context.services.units.find_by_name("某某小学") is not None


def test_an_inferred_level_is_shown_as_a_guess_until_the_clerk_chooses(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = write_docx(
        tmp_path / "总结.docx",
        [
            "东湖区实验小学2021年度工作总结",
            "一、工作成效",
            "2021年，学校被区教育局评为先进集体。",
            [["荣誉称号", "级别", "授予单位", "时间"], ["绿色学校", "市级", "区教育局", "2021"]],
            "东湖区实验小学",
            "2021年12月",
        ],
    )
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    titles = [dialog.honours.item(row, 1).text() for row in range(dialog.honours.rowCount())]
    guessed = dialog.honours.cellWidget(titles.index("先进集体"), 4)
    stated = dialog.honours.cellWidget(titles.index("绿色学校"), 4)
    assert guessed.currentText() == "县区级" and "推断" in guessed.toolTip() and guessed.styleSheet()
    assert stated.currentText() == "市级" and not stated.toolTip() and not stated.styleSheet()
    dialog.tabs.setCurrentWidget(dialog.honours)
    guessed.setFocus()
    guessed.setCurrentText("市级")  # the clerk corrects it
    assert not guessed.toolTip() and not guessed.styleSheet()


def test_the_clerk_sees_each_honours_date_to_the_month_and_corrects_it(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = write_docx(tmp_path / "城西小学2021年度工作总结.docx", DATED)
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.honours
    assert table.horizontalHeaderItem(3).text() == "获得时间"
    titles = [table.item(row, 1).text() for row in range(table.rowCount())]
    shown = {title: table.item(row, 3).text() for row, title in enumerate(titles)}
    assert shown["宁波市平安校园"] == "2021-10-08" and shown["宁波市绿色学校"] == "2021-10"
    assert shown["浙江省示范学校"] == "2021-10" and shown["区级先进集体"] == "2021-10"
    assert shown["宁波市书香校园"] == "2021" and shown["区级文明校园"] == "2019（推断）"
    dialog.tabs.setCurrentWidget(table)

    def type_date(title: str, text: str) -> str:
        item = table.item(titles.index(title), 3)
        table.scrollToItem(item)
        centre = table.visualItemRect(item).center()
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        editor = QApplication.focusWidget()
        assert isinstance(editor, QLineEdit) and editor.text() == item.text()
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        if text.isascii():
            qtbot.keyClicks(editor, text)
        else:  # Chinese arrives through the input method
            event = QInputMethodEvent("", [])
            event.setCommitString(text)
            QApplication.sendEvent(editor, event)
        with qtbot.waitSignal(table.itemChanged, timeout=5000):  # the delegate commits queued
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        return table.item(titles.index(title), 3).text()

    assert type_date("宁波市书香校园", "2021年11月") == "2021-11"
    assert type_date("区级文明校园", "2019.6") == "2019-06"  # the clerk's date is no guess
    assert type_date("宁波市绿色学校", "2021-13") == "2021-10"  # no date: refused, the read one kept
    assert no_modal_dialogs[-1][0] == "warning"
    assert "宁波市绿色学校" in no_modal_dialogs[-1][1] and "2021-13" in no_modal_dialogs[-1][1]
    with qtbot.waitSignal(dialog.applied, timeout=20000) as applied:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    (document,) = applied.args[0].documents
    stored = {
        h.title: (h.awarded_year, h.awarded_month, h.awarded_day)
        for h in context.services.honours.list(HonourFilter(unit_id=document.unit_id))
    }
    expected = EXPECTED | {"宁波市书香校园": (2021, 11, None), "区级文明校园": (2019, 6, None)}
    assert stored == expected


def _read(qtbot, context: AppContext, path: Path) -> OldReportDialog:  # type: ignore[no-untyped-def]
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tabs.setCurrentWidget(dialog.honours)
    return dialog


def _write(path: Path, when: str, *, dated: bool = True) -> Path:
    unit = "宁波市城西小学"
    signature = f"{unit}\n2021年12月\n" if dated else f"{unit}\n"
    path.write_text(
        f"{unit}工作汇报\n{when}，学校被市委、市政府授予宁波市文明单位称号。\n{signature}", encoding="utf-8"
    )
    return path


def test_the_clerk_ticks_fill_month_for_an_honour_held_to_the_year_and_undoes_it(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    from core.importing.history import undo_batch
    from gui.oldreport_wizard.dialog import REFINE_COLUMN

    first = _read(qtbot, context, _write(tmp_path / "a.txt", "2021年"))
    with qtbot.waitSignal(first.applied, timeout=20000):
        qtbot.mouseClick(first.import_button, Qt.MouseButton.LeftButton)

    dialog = _read(qtbot, context, _write(tmp_path / "b.txt", "二〇二一年十月"))
    table = dialog.honours
    assert table.horizontalHeaderItem(REFINE_COLUMN).text() == "补充月份"
    assert table.item(0, 0).checkState() == Qt.CheckState.Unchecked  # no second honour
    assert table.item(0, 6).text() == "单位已有此荣誉，库中记为2021年，本文为2021年10月"
    fill = table.item(0, REFINE_COLUMN)
    assert fill.text() == "补充月份" and fill.checkState() == Qt.CheckState.Unchecked
    table.setFocus()
    table.setCurrentCell(0, REFINE_COLUMN)
    qtbot.keyClick(table, Qt.Key.Key_Space)  # the clerk's explicit choice
    assert fill.checkState() == Qt.CheckState.Checked
    with qtbot.waitSignal(dialog.applied, timeout=20000) as applied:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    (document,) = applied.args[0].documents
    assert document.dates_filled == 1 and document.honours_created == 0
    assert "补充获得时间 1 项" in no_modal_dialogs[-1][1]
    (honour,) = context.services.honours.list(HonourFilter(unit_id=document.unit_id))
    assert honour.awarded.chinese() == "2021年10月"

    undo_batch(context.services.db, document.batch_id)
    (honour,) = context.services.honours.list(HonourFilter(unit_id=document.unit_id))
    assert honour.awarded.chinese() == "2021年"


def test_a_last_year_date_waits_for_the_reports_year_and_follows_it(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    dialog = _read(qtbot, context, _write(tmp_path / "a.txt", "去年10月", dated=False))
    table = dialog.honours
    assert dialog.year.value() == 0 and table.item(0, 3).text() == ""
    assert "原文写“去年”，汇报的年度未识别" in table.item(0, 6).text()
    dialog.year.setFocus()
    qtbot.keyClick(dialog.year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.year, "2022")
    assert dialog.year.value() == 2022
    assert table.item(0, 3).text() == "2021-10（推断）"
    assert table.item(0, 6).text() == "原文写“去年”，按汇报年度 2022 年推算"


def test_a_refused_import_puts_the_keyboard_in_the_missing_year(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    """Seen in the window: 导入 with three undated parts gave one run-on line and left the clerk to find
    the parts; now each is named on its own line, and the first one is shown with 年度 ready to type."""
    dated = tmp_path / "甲小学2021年工作汇报.txt"
    dated.write_text("甲小学2021年工作汇报\n一、主要做法\n学校加强了管理。\n", encoding="utf-8")
    undated = tmp_path / "乙小学工作汇报.txt"
    undated.write_text("乙小学工作汇报\n一、主要做法\n学校加强了安全。\n", encoding="utf-8")
    dialog = OldReportDialog(context, [dated, undated])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.documents.currentRow() == 0 and dialog.year.value() == 2021
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    _kind, text = no_modal_dialogs[-1]
    assert "“乙小学工作汇报.txt”没有识别出年度" in text and "未导入任何内容" in text
    assert dialog.documents.currentRow() == 1 and "乙小学" in dialog.text.toPlainText()
    assert "未识别出年度，请填写" in dialog.notes.text()
    typed_into = QApplication.focusWidget()
    assert typed_into is dialog.year
    qtbot.keyClicks(typed_into, "2020")
    assert dialog.year.value() == 2020
    assert "未识别出年度" not in dialog.notes.text() and "年度为手动填写" in dialog.notes.text()
    with qtbot.waitSignal(dialog.applied, timeout=20000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert context.services.units.find_by_name("乙小学") is not None


def test_a_revoked_title_waits_unticked_with_its_reason_and_a_bodys_honour_says_whose(
    qtbot, context: AppContext, tmp_path: Path, no_modal_dialogs
) -> None:  # type: ignore[no-untyped-def]
    path = write_docx(tmp_path / REVOKED_VILLAGE[0], REVOKED_VILLAGE[1])
    dialog = OldReportDialog(context, [path])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.documents_read, timeout=20000):
        dialog.show()
    rows = {dialog.honours.item(row, 1).text(): row for row in range(dialog.honours.rowCount())}
    revoked, body = rows["市级卫生村"], rows["五好党支部"]
    assert dialog.honours.item(revoked, 0).checkState() == Qt.CheckState.Unchecked
    assert "已被撤销" in dialog.honours.item(revoked, 6).text()
    assert dialog.honours.item(body, 0).checkState() == Qt.CheckState.Checked
    assert "由村党支部获得" in dialog.honours.item(body, 6).text()
    dialog.tabs.setCurrentWidget(dialog.honours)
    dialog.honours.item(revoked, 0).setCheckState(Qt.CheckState.Checked)  # the clerk keeps it, as revoked
    with qtbot.waitSignal(dialog.applied, timeout=20000) as applied:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    (document,) = applied.args[0].documents
    stored = {h.title: h for h in context.services.honours.list(HonourFilter(unit_id=document.unit_id))}
    assert stored["市级卫生村"].status == "已撤销" and stored["五好党支部"].status == "有效"
