"""The note, in the 生成汇报 dialog, that this PC lacks the official document fonts (core.fonts).

Shown until the user answers 不再提示 (remembered in the window state), so a clerk learns it before the first
printed report surprises them, and is not told again on a PC where the fonts will never be installed.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from core import fonts
from core.fonts import OfficialFont, missing_fonts_text, missing_official_fonts, stood_in_fonts
from gui.state import GuiState

DISMISSED_KEY = "notices/fonts_dismissed"


@cache
def font_check() -> tuple[tuple[OfficialFont, ...], tuple[tuple[OfficialFont, str], ...]]:
    """The missing fonts and the stood-in ones, asked once per run: the registry (or fc-list) does not
    change while the program runs."""
    installed = fonts.installed_font_names()
    return tuple(missing_official_fonts(installed)), tuple(stood_in_fonts(installed))


def missing_fonts() -> tuple[OfficialFont, ...]:
    return font_check()[0]


class FontNotice(QFrame):
    def __init__(self, state: GuiState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setObjectName("font_notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        missing, stood_in = font_check()
        self.text = QLabel(missing_fonts_text(list(missing), stood_in))
        self.text.setWordWrap(True)
        self.dismiss = QPushButton("不再提示")
        self.dismiss.setObjectName("font_notice_dismiss")
        self.dismiss.clicked.connect(self._dismissed)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss)
        self.setVisible(bool(missing_fonts()) and not self.is_dismissed())

    def is_dismissed(self) -> bool:
        return str(self.state.value(DISMISSED_KEY, "")).lower() == "true"  # the INI file keeps text

    def _dismissed(self) -> None:
        self.state.set_value(DISMISSED_KEY, True)
        self.hide()
