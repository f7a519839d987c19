"""帮助 → 使用说明 (F1): the guide tells a clerk where the year-end work is offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTextBrowser, QWidget

from gui.guide import GuideDialog
from tests.gui.dialogs import on_next_dialog


def test_f1_guide_names_the_district_summaries_and_the_batch_entry(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The district summary, the name list and the 表彰决定 are offered only as templates of 生成汇报, and the
    honours of a 表彰决定 under 荣誉 → 按表彰文件批量录入: the guide said nothing of either."""
    seen: list[str] = []

    def read(dialog: QWidget) -> None:
        seen.append(dialog.findChild(QTextBrowser, "guide_browser").toPlainText())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    window.activateWindow()
    problems = on_next_dialog(qtbot, read, kind=GuideDialog)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(seen) or bool(problems), timeout=30_000)
    assert problems == []
    [text] = seen
    for words in ("全区文明创建工作情况汇报", "获奖单位名单", "表彰决定", "按表彰文件批量录入", "取消"):
        assert words in text, words
    assert QApplication.activeModalWidget() is None
