"""Qt's own dialogs speak Chinese: every label, button, tab and header a clerk reads in them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QWidget,
    QWizard,
)

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Not words: paper sizes and units Chinese dialogs also write in Latin letters, file filters and paths.
NOT_WORDS = re.compile(
    r"\((?:mm|pt|in|CC|DD)\)|\*\.\w+|PDF|/\S*|Envelope|Letter|Legal|ANSI|JIS|Folio|Tabloid"
)


@pytest.fixture
def chinese_qt(qapp: QApplication) -> Iterator[None]:
    """The program's translators (Qt's zh_CN and the phrases it lacks), removed afterwards."""
    from gui.app import _install_qt_translation

    previous = QLocale()
    _install_qt_translation(qapp)
    yield
    QLocale.setDefault(previous)
    for name in ("_honourdesk_phrases", "_honourdesk_translator"):
        translator = getattr(qapp, name, None)
        if translator is not None:
            qapp.removeTranslator(translator)
            setattr(qapp, name, None)


def english_texts(dialog: QWidget) -> list[str]:
    """The visible words of a dialog that are English."""
    texts: list[str] = []
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        if not widget.isVisibleTo(dialog) and widget is not dialog:
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            columns = model.columnCount(QModelIndex())
            texts.extend(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns))
        texts.extend(action.text() for action in widget.actions())
    texts.append(dialog.windowTitle())
    return [text for text in texts if ENGLISH.search(NOT_WORDS.sub("", text))]


def file_dialog(mode: QFileDialog.AcceptMode) -> QDialog:
    dialog = QFileDialog(None, "选择登记表", "", "登记表 (*.xlsx *.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as on Linux without a desktop theme
    dialog.setAcceptMode(mode)
    return dialog


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda _printer: file_dialog(QFileDialog.AcceptMode.AcceptOpen), id="open file"),
        pytest.param(lambda _printer: file_dialog(QFileDialog.AcceptMode.AcceptSave), id="save file"),
        pytest.param(QPrintDialog, id="print"),
        pytest.param(QPageSetupDialog, id="page setup"),
        pytest.param(QPrintPreviewDialog, id="print preview"),
    ],
)
def test_qt_dialogs_show_no_english(qtbot, chinese_qt, make) -> None:  # type: ignore[no-untyped-def]
    printer = QPrinter()  # outlives the dialog, which keeps a pointer to it
    dialog = make(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert english_texts(dialog) == []


def test_standard_buttons_and_wizard_buttons_are_chinese(qtbot, chinese_qt) -> None:  # type: ignore[no-untyped-def]
    buttons = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question, "保存", "是否保存？", buttons.Save | buttons.Discard | buttons.Cancel
    )
    box.setDetailedText("详情")
    wizard = QWizard()
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    for dialog in (box, wizard):
        qtbot.addWidget(dialog)
        dialog.show()
        assert english_texts(dialog) == []


def test_a_calendar_pops_up_in_chinese_whatever_the_system_language(qtbot, chinese_qt) -> None:  # type: ignore[no-untyped-def]
    calendar = QCalendarWidget()  # what QDateEdit shows for 成文日期
    qtbot.addWidget(calendar)
    calendar.setSelectedDate(QDate(2026, 11, 30))
    calendar.show()
    locale = calendar.locale()
    assert locale.monthName(11) == "十一月" and locale.dayName(1, QLocale.FormatType.ShortFormat) == "周一"
    assert english_texts(calendar) == []
