"""The prefilled honour form of one certificate: its unit, the honour's fields, how sure each one is."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.certificates.apply import CERTIFICATE_FIELDS, UNIT_LABEL, Proposal
from core.certificates.understand import Reading
from core.errors import FieldProblem
from gui.field_form import ERROR_STYLE, FieldForm
from gui.inferred_mark import INFERRED_STYLE

SURE = 0.8  # below this a field is marked for checking
UNSURE_STYLE = "background-color: #fff4ce;"
# The form's name of a field → the reading's, where they differ.
_READING_KEYS = {"awarded": "date"}


class ProposalForm(QWidget):
    changed = Signal()

    def __init__(self, unit_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal: Proposal | None = None
        self.hint = QLabel()
        self.hint.setObjectName("certificate_hint")
        self.hint.setWordWrap(True)
        self.unit = QComboBox()
        self.unit.setObjectName("field_unit")
        self.unit.setEditable(True)
        self.unit.addItems(unit_names)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As wide as the form, not as the longest unit name on the list (which widened it past the dialog).
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unit.setMinimumContentsLength(12)
        completer = QCompleter(unit_names, self.unit)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.unit.setCompleter(completer)
        self.unit.setToolTip("证书上的获得单位；档案中没有的单位在保存时新建")
        self.unit.currentTextChanged.connect(self._edited)
        self.unit_error = QLabel()
        self.unit_error.setObjectName("error_unit")
        self.unit_error.setStyleSheet(ERROR_STYLE)
        self.unit_error.hide()
        unit_cell = QVBoxLayout()
        unit_cell.setSpacing(2)
        unit_cell.addWidget(self.unit)
        unit_cell.addWidget(self.unit_error)
        self.form = FieldForm(CERTIFICATE_FIELDS)
        self.form.changed.connect(self._edited)
        unit_label = QLabel(f"* {UNIT_LABEL}：")
        unit_label.setBuddy(self.unit)
        form_layout = self.form.layout()
        assert isinstance(form_layout, QFormLayout)
        form_layout.insertRow(0, unit_label, unit_cell)  # first, aligned with the honour's fields
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self._loading = False
        self._help = {key: editor.toolTip() for key, editor in self._editors().items()}

    def show_proposal(self, proposal: Proposal, reading: Reading | None) -> None:
        self._loading = True
        try:
            self.proposal = proposal
            self.unit.setCurrentText(proposal.unit_name)
            self.form.set_values(proposal.values)
            self._mark_confidence(reading)
            self._mark_inferred_level()
            self._show_hint(proposal, reading)
            self.show_problems(proposal.problems)
        finally:
            self._loading = False

    def store(self) -> None:
        """The form's text back into the proposal."""
        if self.proposal is None:
            return
        self.proposal.edit(self.unit.currentText().strip(), self.form.raw_values())

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.form.show_problems([p for p in problems if p.field != "unit"])
        unit = next((p for p in problems if p.field == "unit"), None)
        self.unit_error.setText(unit.reason if unit else "")
        self.unit_error.setVisible(unit is not None)
        if unit is not None and not [p for p in problems if p.field != "unit"]:
            self.unit.setFocus()

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.store()
            self._mark_inferred_level()
            self.changed.emit()

    def _mark_confidence(self, reading: Reading | None) -> None:
        """Fields the reading was unsure of get a yellow ground and a tooltip saying so."""
        confidences = reading.confidences() if reading else {}
        for key, editor in self._editors().items():
            sure = confidences.get(_READING_KEYS.get(key, key))
            unsure = sure is not None and sure < SURE
            editor.setStyleSheet(UNSURE_STYLE if unsure else "")
            editor.setProperty("unsure", unsure)
            editor.setToolTip(f"识别把握不大（{sure:.0%}），请对照原件核对" if unsure else self._help[key])
            editor.setProperty("confidence_tip", editor.toolTip())

    def _mark_inferred_level(self) -> None:
        """A level the program inferred (not read) is yellow with its rule, as in the honour dialog, while
        the form keeps it; once the clerk picks another level it is the clerk's and unmarked."""
        box = self.form.editors.get("level")
        inferred = self.proposal.level_inferred if self.proposal else None
        if box is None:
            return
        unsure = bool(box.property("unsure"))
        tip = str(box.property("confidence_tip") or self._help["level"])
        if inferred is not None and box.currentText() == inferred.value:
            note = f"级别由程序推断：{inferred.rule}。保存时记为“级别推断”；改选级别后不再标为推断"
            box.setStyleSheet(INFERRED_STYLE)
            box.setToolTip(f"{tip}\n{note}" if unsure else note)
            box.setProperty("inferred", True)
        else:
            box.setStyleSheet(UNSURE_STYLE if unsure else "")
            box.setToolTip(tip)
            box.setProperty("inferred", False)

    def _editors(self) -> dict[str, QWidget]:
        return {**self.form.editors, "unit": self.unit}

    def _show_hint(self, proposal: Proposal, reading: Reading | None) -> None:
        if reading is None:
            text = "未能识别这张图片，请对照原件填写。"
        else:
            text = "以下内容由证书识别得出，请对照左侧原件核对；底色发黄的项识别把握不大。"
            if proposal.level_inferred is not None:
                text = text.replace("识别把握不大。", "识别把握不大，或是程序推断的级别。")
            notes = list(reading.notes)
            if reading.unit is None and proposal.unit_name:
                notes.append(f"证书上没有读出获得单位，暂填当前单位“{proposal.unit_name}”")
            if notes:
                text += "\n" + "\n".join(f"· {note}" for note in notes)
        if proposal.duplicate_of is not None:
            text += f"\n· 档案中已有这项荣誉（编号 {proposal.duplicate_of}），默认不保存"
        self.hint.setText(text)
