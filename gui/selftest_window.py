"""The window's part of `main.py --self-test`: open and close the main window over the self-test's data,
with Qt's Chinese translation and a Chinese interface font. core.selftest calls it through a hook that
main.py passes, so that core never imports Qt or gui/."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from core.paths import DataDir

QT_PHRASE = ("QFileDialog", "Look in:")  # a label of Qt's own file dialog, Chinese when translated


class WindowCheckFailed(Exception):
    """A check of the window did not hold; the message is the Chinese reason."""


def check_window(data_dir: DataDir) -> str:
    """Open the main window over data_dir, read its unit list, close it; a Chinese one-line result."""
    from gui.app import build_context, make_application, ui_font_families
    from gui.main_window import MainWindow

    app = make_application()
    translated = QCoreApplication.translate(*QT_PHRASE)
    if translated == QT_PHRASE[1]:
        raise WindowCheckFailed("没有载入 Qt 的中文翻译（qtbase_zh_CN.qm），文件对话框会显示英文")
    context = build_context(data_dir, None)
    try:
        window = MainWindow(context)
        window.show()
        app.processEvents()
        title, rows = window.windowTitle(), window.unit_list.model.rowCount()
        if not window.close():
            raise WindowCheckFailed("主窗口未能关闭")
        window.deleteLater()
        app.processEvents()
    finally:
        context.services.db.dispose()
    if rows == 0:
        raise WindowCheckFailed("主窗口的单位列表是空的")
    fonts = ui_font_families()
    font = fonts[0] if fonts else "系统默认字体（未找到中文界面字体）"
    return f"“{title}”列出 {rows} 个单位，已关闭（Qt 平台：{app.platformName()}，中文翻译“{translated}”，界面字体 {font}）"
