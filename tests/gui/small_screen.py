"""The window and every dialog on a 1366×768 screen at 150 % scaling, run in a child process by
test_small_screen.py (the screen is chosen before Qt starts):

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json QT_SCALE_FACTOR=1.5 python -m tests.gui.small_screen DIR

Prints one JSON object: each window's name → [minimum width, minimum height, width, height] in Qt's
device-independent pixels, and "screen" → the screen's free area.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QWidget


def measure(widget: QWidget) -> list[int]:
    widget.show()
    QApplication.processEvents()
    hint = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    return [hint.width(), hint.height(), widget.width(), widget.height()]


def unit_list_room(window) -> list[int]:  # type: ignore[no-untyped-def]
    """On the 荣誉 tab (the widest buttons): the name column's width, a ten-character name's width in the
    list's font, and how far the list scrolls sideways."""
    from gui.unit_list import TYPICAL_NAME

    window.details.setCurrentWidget(window.honours_tab)
    QApplication.processEvents()
    table = window.unit_list.table
    name = table.fontMetrics().horizontalAdvance(TYPICAL_NAME)
    return [table.columnWidth(0), name, table.horizontalScrollBar().maximum()]


def certificate_dialog(context, folder: Path) -> QDialog:  # type: ignore[no-untyped-def]
    from PIL import Image

    from core.certificates.apply import proposal_from
    from core.certificates.bodies import KnownNames
    from core.certificates.images import Source
    from core.certificates.reading import CertificateResult
    from core.certificates.understand import understand
    from gui.certificate_dialog.dialog import CertificateDialog
    from tests.core.certificates.samples import line, page, right

    known = KnownNames.load(context.services.db)
    results = []
    for title in ("宁波市绿色学校", "宁波市文明校园"):
        image = folder / f"{title}.png"
        Image.new("RGB", (1600, 1100), "white").save(image)
        lines = page(
            line("宁波市荷花庄小学：", 330), line(f"被评为“{title}”。", 420, 290), right("宁波市教育局", 780)
        )
        results.append(CertificateResult(Source(image), image, understand(lines, known)))
    proposals = [proposal_from(result) for result in results]
    return CertificateDialog(context, results, proposals, [u.name for u in known.units])


def dialogs(context, window, folder: Path) -> dict[str, Callable[[], QWidget]]:  # type: ignore[no-untyped-def]
    from gui.batch import SetFieldDialog
    from gui.database_dialogs import CopyDatabaseDialog
    from gui.decision_dialog import DecisionDialog
    from gui.dialogs import SettingsDialog
    from gui.generate_dialog import GenerateDialog
    from gui.guide import GuideDialog
    from gui.honour_dialog import HonourDialog
    from gui.import_wizard import ImportWizard
    from gui.name_list import UnitPicker
    from gui.oldreport_wizard import OldReportDialog
    from gui.review_dialog import ReviewDialog
    from gui.table_output import preview_table
    from gui.templates_dialog import FieldManualDialog, TemplateManagerDialog
    from tests.gui.test_import_wizard import honour_register

    unit = window.unit_list.current_unit_id()
    honour = next(h.id for h in context.services.honours.list() if h.unit_id == unit)
    units = list(window.unit_list.model.ids)
    return {
        "荣誉（新）": lambda: HonourDialog(context, unit, None, parent=window),
        "荣誉（编辑）": lambda: HonourDialog(context, unit, honour, parent=window),
        "设置": lambda: SettingsDialog(context, window),
        "生成汇报": lambda: GenerateDialog(context, [unit], units, window),
        "模板管理": lambda: TemplateManagerDialog(context, window),
        "模板字段说明": lambda: FieldManualDialog(context, window),
        "复制到其他数据库": lambda: CopyDatabaseDialog(context, window),
        "导入 Excel": lambda: ImportWizard(context, honour_register(folder / "荣誉登记表.xlsx"), window),
        "导入往年材料": lambda: OldReportDialog(context, [], window),
        "使用说明": lambda: GuideDialog(window),
        "批量设置": lambda: SetFieldDialog(window, "类别", "2 个单位", ["学校", "幼儿园"], False),
        "按表彰文件批量录入": lambda: DecisionDialog(context, (), window),
        "记录复查结果": lambda: ReviewDialog(context, "", (), window),
        "选择单位": lambda: UnitPicker(context, multiple=True, parent=window),
        "打印预览": lambda: preview_table(window, window.current_table()),
        "从证书识别": lambda: certificate_dialog(context, folder),
    }


def main(folder: Path) -> int:
    from core.db import open_database
    from core.demo import load_demo
    from core.paths import DataDir
    from core.services import Services
    from core.settings import Settings
    from gui.app import make_application
    from gui.context import AppContext
    from gui.main_window import MainWindow
    from gui.ops import wait_for_all
    from gui.state import GuiState

    app = make_application()
    data_dir = DataDir(folder / "data").create()
    services = Services.over(open_database(data_dir, None))
    load_demo(services)
    context = AppContext(services, data_dir, Settings(), GuiState(data_dir.root / "gui.ini"))
    window = MainWindow(context)
    window.unit_list.table.selectRow(0)
    free = app.primaryScreen().availableGeometry()
    sizes: dict[str, list[int]] = {"screen": [free.width(), free.height()]}
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        for tab in range(window.details.count()):
            window.details.setCurrentIndex(tab)
            sizes[f"主窗口 {window.pages.tabText(page)} {window.details.tabText(tab)}"] = measure(window)
    window.pages.setCurrentIndex(0)
    sizes["unit_list"] = unit_list_room(window)
    for name, make in dialogs(context, window, folder).items():
        dialog = make()
        sizes[name] = measure(dialog)
        wait_for_all(10000)
        dialog.close()
        dialog.deleteLater()
        QApplication.processEvents()
    print(json.dumps(sizes, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
