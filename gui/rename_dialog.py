"""Asked when a save renames a unit: a real rename keeps the old name as a 曾用名 with the date it was
last used; a corrected typo keeps nothing. Documents name older honours by a former name, so a typo
kept as one, or a rename dated years late, would put a false name or date in front of a reader.

The same question, worded for it, is asked when a save moves a unit to another region (区划调整: the old
region kept as a 原属地区, where region summaries count its older honours; or a corrected mistake)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.partial_date import PartialDate, PartialDateError, parse_partial_date


@dataclass(frozen=True)
class RenameAnswer:
    keep_old_name: bool
    until: PartialDate | None = None  # the last year (or month) the old name was used; None: not known


@dataclass(frozen=True)
class Wording:
    """What the question says of one kind of change; {old} and {new} name the two values."""

    title: str
    intro: str
    keep: str
    correct: str
    until: str  # the date's label, and the start of its problem message


RENAME = Wording(
    "单位名称已修改",
    "单位名称由“{old}”改为“{new}”。这是单位改名，还是更正名称的错字？",
    "单位改名：“{old}”记为曾用名，此前获得的荣誉在名单中按原名列出(&R)",
    "更正错字：只改名称，不记曾用名(&C)",
    "原名称使用到",
)
MOVE = Wording(
    "所在地区已修改",
    "所在地区由“{old}”改为“{new}”。这是区划调整（单位改属新的地区），还是更正填错的地区？",
    "区划调整：“{old}”记为原属地区，按地区汇总时此前获得的荣誉仍计入原地区(&R)",
    "更正错误：只改所在地区，不记原属地区(&C)",
    "原地区所属到",
)


class RenameDialog(QDialog):
    def __init__(self, parent: QWidget | None, old: str, new: str, wording: Wording = RENAME) -> None:
        super().__init__(parent)
        self.setWindowTitle(wording.title)
        self.wording = wording
        self.answer: RenameAnswer | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(wording.intro.format(old=old, new=new))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.rename = QRadioButton(wording.keep.format(old=old, new=new))
        self.correct = QRadioButton(wording.correct)
        group = QButtonGroup(self)
        for button in (self.rename, self.correct):
            group.addButton(button)
            layout.addWidget(button)
        self.rename.setChecked(True)

        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        self.until_label = QLabel(f"{wording.until}（年或年月，不清楚可留空）(&U)：")
        self.until = QLineEdit(str(dt.date.today().year))
        self.until.setPlaceholderText("如 2019 或 2019-09，不清楚可留空")
        self.until_label.setBuddy(self.until)
        row.addWidget(self.until_label)
        row.addWidget(self.until, 1)
        layout.addLayout(row)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.rename.toggled.connect(self.until.setEnabled)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.until.setFocus()
        self.until.selectAll()

    def accept(self) -> None:
        if self.correct.isChecked():
            self.answer = RenameAnswer(keep_old_name=False)
            super().accept()
            return
        try:
            until = parse_partial_date(self.until.text())
        except PartialDateError as error:
            self.problem.setText(f"{self.wording.until}：{error}")
            self.problem.show()
            self.until.setFocus()
            return
        if until is not None and until.day is not None:
            until = PartialDate(until.year, until.month)  # a former name is placed by year or month
        self.answer = RenameAnswer(keep_old_name=True, until=until)
        super().accept()


def ask_rename(parent: QWidget | None, old: str, new: str, wording: Wording = RENAME) -> RenameAnswer | None:
    """The clerk's answer, or None when the save is cancelled."""
    dialog = RenameDialog(parent, old, new, wording)
    dialog.exec()
    return dialog.answer
