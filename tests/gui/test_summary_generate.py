"""生成汇报 with a summary template: the scope (a category), the issuer and the 版头, the pre-flight, one file."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from core.services import Services
from gui.context import AppContext
from gui.generate_dialog import GenerateDialog
from tests.gui.test_decision_dialogs import pick, shown, typed


def district(services: Services) -> list[int]:
    ids = []
    for name, category, title in [
        ("东湖区第一小学", "学校", "区级文明单位"),
        ("东湖区第二中学", "学校", "区级文明单位"),
        ("东湖区卫生健康局", "机关", "区级文明单位"),
        ("张家村", "村", None),
    ]:
        unit = services.units.create({"name": name, "category": category})
        ids.append(unit.id)
        if title:
            services.honours.create(unit.id, {"title": title, "level": "县区级", "awarded": "2024-12-20"})
    services.honours.create(ids[0], {"title": "市级文明单位", "level": "市级"})  # undated: not counted
    return ids


def test_a_decision_over_one_category(qtbot, context: AppContext, services: Services, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = district(services)
    dialog = GenerateDialog(context, [ids[0]], ids)
    shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "表彰决定（内置，汇总）")
    assert dialog.summary_box.isVisible() and not dialog.scope_current.isVisible()
    assert not dialog.merge.isVisible()
    dialog.first_year.setValue(2024)
    dialog.last_year.setValue(2024)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.findChild(QComboBox, "summary_scope"), "类别：学校（2 个）")
    assert dialog.summary_box.subject.text() == "全区学校"
    assert sorted(dialog.unit_ids()) == sorted(ids[:2])
    typed(qtbot, dialog.summary_box.office, "东湖区精神文明建设委员会")
    typed(qtbot, dialog.summary_box.document_no, "东文明委〔2025〕1号")
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        qtbot.mouseClick(dialog.summary_box.letterhead, Qt.MouseButton.LeftButton)
    summary = dialog.preflight_tree.topLevelItem(0)
    assert summary.text(0) == "全区学校（2 个单位）"
    assert summary.text(1).startswith("期间内各单位的荣誉 2 项计入；未注明时间 1 项（不计入）")
    output = tmp_path / "out"
    dialog.output.setText(str(output))  # a folder: the file is named after the scope
    with qtbot.waitSignal(dialog.generated, timeout=60_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "generate"), Qt.MouseButton.LeftButton)
    target = dialog.results[0].path
    assert target.name == "全区学校-表彰决定-2024.docx"  # the period's year, whatever day it is signed
    text = [p.text for p in Document(str(target)).paragraphs if p.text.strip()]
    assert text[:3] == [
        "东湖区精神文明建设委员会文件",
        "东文明委〔2025〕1号",
        "关于表彰2024年区级文明单位的决定",
    ]
    assert (
        "为表彰先进、树立典型，经研究，决定对获得“区级文明单位”称号的东湖区第二中学等2家单位予以表彰。"
        in text
    )
    cells = [row.cells[1].text for table in Document(str(target)).tables for row in table.rows]
    assert cells == ["单位名称", "东湖区第二中学", "东湖区第一小学"]  # the category's units only
    assert dialog.status.text() == "已生成“表彰决定”，汇总 2 个单位。"
    assert QApplication.activeModalWidget() is None


def test_a_summary_held_open_in_word_is_generated_again_by_retry_once_closed(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, services: Services, tmp_path: Path, monkeypatch
) -> None:
    """The summary document still open in Word (Windows' sharing violation): the message names it and 重试,
    once it is closed, writes it, as for one report per unit."""
    from PySide6.QtWidgets import QMessageBox

    from core.reports import output
    from tests.core.windows_errors import windows_error

    ids = district(services)
    held = tmp_path / "汇总" / "表彰决定.docx"
    held.parent.mkdir()
    held.write_bytes(b"open in Word")
    open_in_word = {held}

    def word(path: Path) -> object:
        if Path(path) in open_in_word:
            raise windows_error(32, "另一个程序正在使用此文件，进程无法访问。", errno=13)
        return open(path, "r+b")

    asked: list[str] = []

    def close_then_retry(parent, title, text, buttons=QMessageBox.StandardButton.Ok, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        open_in_word.clear()  # the clerk closes the document in Word
        return QMessageBox.StandardButton.Retry if buttons & QMessageBox.StandardButton.Retry else buttons

    monkeypatch.setattr(output, "_open_for_update", word)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(close_then_retry))
    dialog = GenerateDialog(context, [ids[0]], ids)
    shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "表彰决定（内置，汇总）")
    dialog.first_year.setValue(2024)
    dialog.last_year.setValue(2024)
    dialog.output.setText(str(held))
    with qtbot.waitSignal(dialog.generated, timeout=60_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "generate"), Qt.MouseButton.LeftButton)
    [text] = asked
    assert "“表彰决定.docx”被其他程序占用" in text and "重试" in text
    assert dialog.results[0].path == held
    assert "决定" in "".join(p.text for p in Document(str(held)).paragraphs)


def retyped(qtbot, line_edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the box holds (Ctrl+A), delete it and type the text."""
    line_edit.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    typed(qtbot, line_edit, text)


def test_a_summary_kept_under_its_name_in_another_folder_is_not_overwritten_by_the_next_template(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, services: Services, tmp_path: Path
) -> None:
    """The clerk moves the suggested 全区-文明创建工作情况汇报 to the office's folder, then picks 获奖单位名单:
    the name follows the template (it stayed, and 生成 offered to replace the report just written)."""
    ids = district(services)
    dialog = GenerateDialog(context, [ids[0]], ids)
    shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "全区文明创建工作情况汇报（内置，汇总）")
    suggested = Path(dialog.output.text()).name
    assert suggested.startswith("全区-文明创建工作情况汇报-")
    office = tmp_path / "office"
    retyped(qtbot, dialog.output, str(office / suggested))
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "获奖单位名单（内置，汇总）")
    assert Path(dialog.output.text()) == office / suggested.replace("文明创建工作情况汇报", "获奖单位名单")
    typed_name = office / "我的名单.docx"  # a name of the clerk's own stays
    retyped(qtbot, dialog.output, str(typed_name))
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "表彰决定（内置，汇总）")
    assert Path(dialog.output.text()) == typed_name


def test_a_summary_is_named_for_its_period(qtbot, context: AppContext, services: Services) -> None:  # type: ignore[no-untyped-def]
    """The suggested name follows the period the clerk picks, not the 成文日期: the 2024 summary signed in
    January 2025 was suggested as …-2025.docx."""
    ids = district(services)
    dialog = GenerateDialog(context, [ids[0]], ids)
    shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "获奖单位名单（内置，汇总）")
    dialog.written_on.setDate(QDate(2025, 1, 6))
    dialog.last_year.setFocus()
    QApplication.focusWidget().selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "2024")
    dialog.first_year.setFocus()
    QApplication.focusWidget().selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "2024")
    assert Path(dialog.output.text()).name == "全区-获奖单位名单-2024.docx"
    dialog.first_year.setFocus()
    QApplication.focusWidget().selectAll()
    qtbot.keyClicks(QApplication.focusWidget(), "2019")
    assert Path(dialog.output.text()).name == "全区-获奖单位名单-2019-2024.docx"


def test_generating_after_the_check_reads_the_records_no_more(  # type: ignore[no-untyped-def]
    qtbot, context: AppContext, services: Services, tmp_path: Path, monkeypatch
) -> None:
    """生成 writes the summary from the fields the pre-flight shown just read (a city's summary read them
    again, a third of its time)."""
    from core.reports import summary_context

    ids = district(services)
    reads: list[int] = []
    awards = summary_context._awards
    monkeypatch.setattr(summary_context, "_awards", lambda *a: reads.append(1) or awards(*a))
    dialog = GenerateDialog(context, [ids[0]], ids)
    shown(qtbot, dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pick(qtbot, dialog.template, "全区文明创建工作情况汇报（内置，汇总）")
    dialog.output.setText(str(tmp_path / "汇报.docx"))
    reads.clear()
    with qtbot.waitSignal(dialog.generated, timeout=60_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "generate"), Qt.MouseButton.LeftButton)
    assert reads == []
    text = "".join(p.text for p in Document(str(tmp_path / "汇报.docx")).paragraphs)
    assert "东湖区第二中学" in text
