"""A date box a clerk can type into: 2025-01-06, 2025/1/6, 2025.1.6, 20250106 or 2025年1月6日.

Qt's QDateEdit only takes keys section by section: typed over a selection it keeps parts of the old date
or drops the keys. DateBox reads whatever is typed with core.partial_date (the reader of the honour
form's 获得时间) and keeps the arrow keys and the calendar popup of QDateEdit.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import QDateEdit, QLabel, QVBoxLayout, QWidget

from core.partial_date import PartialDateError, parse_partial_date

DATE_FORMAT = "yyyy年M月d日"
WRONG_STYLE = "QDateEdit { border: 1px solid #c0392b; }"
HINT_STYLE = "color: #c0392b;"
_STEP_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})

_FORMS = "可写作 2025-01-06、2025/1/6、20250106 或 2025年1月6日"
_EDIT_KEYS = (
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)


def typed_date(text: str) -> tuple[QDate | None, str]:
    """The whole date the text names, else None and the Chinese reason."""
    try:
        value = parse_partial_date(text, allow_future=True)
    except PartialDateError as error:
        reason = str(error)
        return None, (_FORMS if reason.startswith("不是可识别") else reason)
    if value is None:
        return None, "没有填写"
    if value.month is None or value.day is None:
        return None, "要写到日，" + _FORMS
    return QDate(value.year, value.month, value.day), ""


class DateBox(QDateEdit):
    """QDateEdit that reads typed dates whole; a text that is no date is marked, never taken as another."""

    def __init__(self, label: str, date: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(QDate.currentDate() if date is None else date, parent)
        self.label = label
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setToolTip(
            "可直接输入，如 2025-01-06、2025/1/6、20250106 或 2025年1月6日；上下箭头键逐年/月/日调整"
        )
        self.hint = QLabel()
        self.hint.setObjectName("date_hint")
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setWordWrap(True)
        self.hint.hide()
        self._before: QDate | None = None  # the date when typing began, kept while the text is no date
        self.dateChanged.connect(self._date_set)

    def with_hint(self) -> QWidget:
        """The box with its hint under it, for a form row."""
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.hint)
        return row

    # Reading what is typed
    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        date, _reason = typed_date(text)
        if date is not None and self.minimumDate() <= date <= self.maximumDate():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos  # kept as typed: marked, not dropped

    def dateTimeFromText(self, text: str) -> QDateTime:
        date, _reason = typed_date(text)
        return QDateTime(date, self.time()) if date is not None else self.dateTime()

    def fixup(self, text: str) -> str:  # type: ignore[override]
        return text

    # Keys: text goes to the line as typed; arrows step the section as QDateEdit does
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _STEP_KEYS:
            if self._settle() or self._all_selected():  # as on focus: the year first
                self.setCurrentSection(QDateEdit.Section.YearSection)
            super().keyPressEvent(event)
            return
        if _is_typing(event):
            self._edit_as_typed(event)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._settle()
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.InputMethod:  # 年, 月, 日 typed in pinyin are typed text too
            self._edit_as_typed(event)
            return True
        return super().event(event)

    def _edit_as_typed(self, event: QEvent) -> None:
        """Let the line take the edit as it is, without QDateEdit's section logic putting the old date
        back, then take the date it names (the text stays as typed until the box settles)."""
        line = self.lineEdit()
        blocked = line.blockSignals(True)
        try:
            line.event(event)
        finally:
            line.blockSignals(blocked)
        text, cursor = line.text(), line.cursorPosition()
        date, reason = typed_date(text)
        if self._before is None:
            self._before = self.date()
        wanted = self._before if date is None else date  # half typed: the date before typing holds
        if wanted != self.date():
            self.setDate(wanted)
            blocked = line.blockSignals(True)
            line.setText(text)
            line.setCursorPosition(cursor)
            line.blockSignals(blocked)
        self._mark("" if date is not None else f"还不是日期：{reason}", wrong=date is None)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self._select_all)  # after the click that gave focus placed the cursor

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._settle()
        super().focusOutEvent(event)

    def _select_all(self) -> None:
        if self.hasFocus():
            self.lineEdit().selectAll()

    def _all_selected(self) -> bool:
        line = self.lineEdit()
        return line.hasSelectedText() and line.selectedText() == line.text()

    def _settle(self) -> bool:
        """Take a typed date, or put the date back and say why the text was not one; True when the text
        was rewritten."""
        text = self.lineEdit().text()
        date, reason = typed_date(text)
        shown = self.textFromDateTime(self.dateTime())
        self._before = None
        if date is not None and self.minimumDate() <= date <= self.maximumDate():
            self.setDate(date)
            self._mark("", wrong=False)
        elif text != shown:
            self._mark(f"“{text.strip()}”不是日期：{reason}。{self.label}仍为 {shown}", wrong=False)
        shown = self.textFromDateTime(self.dateTime())
        if self.lineEdit().text() != shown:
            self.lineEdit().setText(shown)
        return text != shown

    def _date_set(self, _date: QDate) -> None:
        """A date from the arrows, the calendar or the program clears the mark of a wrong text."""
        if self.lineEdit().text() == self.textFromDateTime(self.dateTime()):
            self._mark("", wrong=False)

    def _mark(self, hint: str, *, wrong: bool) -> None:
        style = WRONG_STYLE if wrong else ""
        if self.styleSheet() != style:
            line = self.lineEdit()
            text, cursor = line.text(), line.cursorPosition()
            self.setStyleSheet(style)
            if line.text() != text:  # QDateEdit puts its text back on a change of style: keep what was typed
                blocked = line.blockSignals(True)
                line.setText(text)
                line.setCursorPosition(cursor)
                line.blockSignals(blocked)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


def _is_typing(event: QKeyEvent) -> bool:
    if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) or any(
        event.matches(edit) for edit in _EDIT_KEYS
    ):
        return True
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier & ~Qt.KeyboardModifier.KeypadModifier
    return bool(event.text()) and event.text().isprintable() and modifiers == Qt.KeyboardModifier.NoModifier
