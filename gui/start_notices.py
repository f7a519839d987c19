"""Warnings once the data is shown, in messages that do not stop the window from being used.

This PC's date is clearly wrong (core.system_date): also a mark in the status bar. A warning resting only
on the records' times may be stopped for that time (这个时间不再提示); a date before the program existed
is told at every start until it is set right.

The program runs from an archiver's temporary folder (core.paths.program_warning): told at every start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLabel, QMainWindow, QMessageBox

from core.paths import program_warning
from core.system_date import startup_warning

if TYPE_CHECKING:
    from gui.context import AppContext

DISMISSED_KEY = "notices/clock_dismissed"
TITLE = "电脑日期可能不对"


def warn_about_clock(window: QMainWindow, context: AppContext) -> QMessageBox | None:
    """Mark the status bar and show the (non-modal) message; the message box, or None when not shown."""
    warning = startup_warning(context.services.db, context.data_dir.backups)
    if warning is None:
        return None
    mark = QLabel(TITLE)
    mark.setObjectName("clock_wrong")
    mark.setStyleSheet("color: #b26a00; font-weight: bold;")
    mark.setToolTip(warning.text)
    window.statusBar().addPermanentWidget(mark)
    if warning.key and str(context.state.value(DISMISSED_KEY, "") or "") == warning.key:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, warning.text, QMessageBox.StandardButton.Ok, window)
    box.setObjectName("clock_warning_box")
    box.setModal(False)  # the window stays usable: a warning, never a lock
    if warning.key:
        dismiss = QCheckBox("日期没有错，这个时间不再提示", box)  # parented: the box owns it
        box.setCheckBox(dismiss)

        def answered(_result: int) -> None:
            if dismiss.isChecked():
                context.state.set_value(DISMISSED_KEY, warning.key)

        box.finished.connect(answered)
    box.show()
    return box


def warn_about_program_place(window: QMainWindow) -> QMessageBox | None:
    """The program was started inside an archive's window: the message box, or None when it was not."""
    warning = program_warning()
    if warning is None:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "请先解压再运行", warning, QMessageBox.StandardButton.Ok, window
    )
    box.setObjectName("program_place_box")
    box.setModal(False)
    box.show()
    return box
