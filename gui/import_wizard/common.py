"""What the import wizard's pages share: settings, colours and the label they all use."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

PAGE_FILE, PAGE_SHEET, PAGE_MAPPING, PAGE_PREVIEW, PAGE_RESULT = range(5)
WINDOW_TITLE = "导入 Excel 登记表"
FILE_FILTER = "登记表 (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv)"
REJECTS_FILTER = "Excel 工作簿 (*.xlsx)"
FOLDER_KEY = "import"
PREVIEW_ROWS = 30
STRICT_TEXT = "严格模式（有错误行时不导入任何数据）"
HEADER_BACKGROUND = QColor("#fff2c6")
ERROR_STYLE = "color: #b3261e;"
FILTER_ALL = "全部"


def label(text: str = "", *, error: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if error:
        label.setStyleSheet(ERROR_STYLE)
    return label
