"""The warning, once the data is shown, that the database file lies in OneDrive, another sync folder or on a
network share (core.data_location): a line in the status bar for as long as it does, and a message that
does not stop the window from being used, until the clerk answers 这个位置不再提示 for that file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLabel, QMainWindow, QMessageBox

from core.data_location import warning_for

if TYPE_CHECKING:
    from gui.context import AppContext

DISMISSED_KEY = "notices/location_dismissed"


def location_warning(context: AppContext) -> str | None:
    database = context.services.db
    return warning_for(database.sqlite_path) if database.is_sqlite else None


def warn_about_location(window: QMainWindow, context: AppContext) -> QMessageBox | None:
    """Mark the status bar and show the (non-modal) message; the message box, or None when not shown."""
    warning = location_warning(context)
    if warning is None:
        return None
    mark = QLabel("数据库位置有风险")
    mark.setObjectName("location_risk")
    mark.setStyleSheet("color: #b26a00; font-weight: bold;")
    mark.setToolTip(warning)
    window.statusBar().addPermanentWidget(mark)
    path = str(context.services.db.sqlite_path)
    if str(context.state.value(DISMISSED_KEY, "") or "") == path:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "数据库位置有风险", warning, QMessageBox.StandardButton.Ok, window
    )
    box.setObjectName("location_warning_box")
    dismiss = QCheckBox("这个位置不再提示", box)  # parented: the box owns it
    box.setCheckBox(dismiss)
    box.setModal(False)  # the window stays usable: a warning, never a lock

    def answered(_result: int) -> None:
        if dismiss.isChecked():
            context.state.set_value(DISMISSED_KEY, path)

    box.finished.connect(answered)
    box.show()
    return box
