"""Window sizes that fit the screen the user has, in Qt's device-independent pixels.

At 125 % or 150 % display scaling (the default on most office laptops) a 1920×1080 screen is 1536×864 or
1280×720 such pixels, and a 1366×768 screen at 125 % only 1093×614: a dialog given a fixed 980×680 would
reach under the task bar, its buttons out of reach.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ROOM = 40  # the title bar and the frame Windows adds around the client area


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """resize(width, height), made smaller where the screen's free area (without the task bar) is."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        widget.resize(width, height)
        return
    free = screen.availableGeometry()
    widget.resize(min(width, free.width() - FRAME_ROOM // 2), min(height, free.height() - FRAME_ROOM))
