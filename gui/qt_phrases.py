"""Chinese for the few labels of Qt's own dialogs that Qt's zh_CN translation leaves in English.

qtbase_zh_CN.qm translates "Look in:" but the file dialog asks for "&Look in:" (with its mnemonic), and the
print and page-setup dialogs' "Page &Set:", "Page &order:", "Pages &per sheet:" are missing altogether.
resources/i18n/qt_extra_zh_CN.ts holds them (compiled to .qm with pyside6-lrelease); a plain .qm rather
than a Python QTranslator subclass, because Qt may still translate while the interpreter shuts down.
tests/gui/test_qt_words.py walks those dialogs and fails on any English label left.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from core.paths import resource_path

log = logging.getLogger(__name__)

EXTRA = "qt_extra_zh_CN.qm"


CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


def install_missing_phrases(app: QApplication) -> None:
    """Install once, after Qt's translation (a translator installed later is asked first). Also makes
    Chinese the default locale, so that a calendar pops up as 十一月 / 周一 on an English system too."""
    QLocale.setDefault(CHINESE)
    if getattr(app, "_honourdesk_phrases", None) is not None:
        return
    translator = QTranslator(app)
    path = resource_path("i18n", EXTRA)
    if translator.load(str(path)):
        app.installTranslator(translator)
        app._honourdesk_phrases = translator  # type: ignore[attr-defined]
    else:
        log.warning("未找到补充的 Qt 中文翻译 %s", path)
