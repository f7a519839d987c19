"""The review dialog: documents on the left, each document's text beside its proposed materials, facts and
honours, every one to tick, edit or untick; 导入 applies all documents in one transaction."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import figure_dates
from core.changes import Changes
from core.oldreports.apply import ReportImportResult, apply_reports, check_ready
from core.oldreports.honours import ProposedHonour
from core.oldreports.match import refine_label
from core.oldreports.proposal import ReportProposal, propose, read_report
from core.oldreports.reader import FILE_FILTER
from core.partial_date import PartialDateError, parse_partial_date
from core.vocab import LEVELS, MATERIAL_TOPICS
from gui.column_fit import TYPICAL_TITLE, fit_columns
from gui.context import AppContext
from gui.errors import show_error
from gui.inferred_mark import INFERRED_STYLE
from gui.ops import BackgroundOp
from gui.widgets import fit_to_screen, wrap_column


def _settled(box: QComboBox) -> None:
    """The clerk chose the level: no longer marked as inferred."""
    box.setStyleSheet("")
    box.setToolTip("")


WINDOW_TITLE = "导入往年材料"
NEW_UNIT = "（新建单位）"
MATERIAL_HEADERS = ("导入", "主题", "标题", "内容")
FACT_HEADERS = ("导入", "项目", "读到的值", "库中现有", "出处")
HONOUR_HEADERS = ("导入", "称号", "授予单位", "获得时间", "级别", "获得者", "说明", "补充月份", "出处")
TITLE_COLUMN = 1
DATE_COLUMN = 3
REFINE_COLUMN = 7  # a held honour dated to the year: tick to give it the month the report states
DATE_HINT = "可写作 2019、2019-12 或 2019-12-05；不知道月、日时只写年"
INFERRED = "（推断）"
# The text columns of each table and their share of the room; the others fit their content.
TEXT_COLUMNS = {
    "report_materials": {2: 2, 3: 1},  # 内容 is shown whole in the editor below
    "report_facts": {2: 1, 3: 1, 4: 2},
    "report_honours": {1: 3, 2: 2, 5: 1, 6: 2, 8: 1},
}
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def _check_item(checked: bool) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setCheckState(CHECKED if checked else UNCHECKED)
    return item


def _text_item(text: object, *, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setToolTip("" if text is None else str(text))
    return item


def _date_shown(honour: ProposedHonour) -> str:
    """2021-10, or 2021（推断） for a year worked out from 今年/去年 or a heading."""
    awarded = honour.awarded
    return "" if awarded is None else awarded.iso() + (INFERRED if honour.year_inferred else "")


def _refine_item(honour: ProposedHonour) -> QTableWidgetItem:
    """补充月份, to tick, for a held honour whose date the report's only adds to; blank for the others."""
    if not honour.can_refine() or honour.held_date is None or honour.awarded is None:
        return _text_item("", editable=False)
    item = _check_item(honour.refine)
    item.setText(refine_label(honour.held_date))
    item.setToolTip(
        f"库中已有的这项荣誉记为{honour.held_date.chinese()}，本文为{honour.awarded.chinese()}；"
        "勾选后导入时为它补上（可随这次导入在“导入记录”页撤销）"
    )
    return item


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    honours = name == "report_honours"
    fit = fit_columns(table, TEXT_COLUMNS[name], claim=TYPICAL_TITLE if honours else "")
    if honours:  # a title the room cuts goes on over further lines, read whole
        wrap_column(table, TITLE_COLUMN, fit.fitted)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    return table


class OldReportDialog(QDialog):
    """Read the given files (or ask for them), then review and import."""

    documents_read = Signal(int)  # how many documents the last reading added
    applied = Signal(object)  # the ReportImportResult

    def __init__(
        self,
        context: AppContext,
        paths: list[Path] | None = None,
        parent: QWidget | None = None,
        unit_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.unit_id = unit_id
        self.proposals: list[ReportProposal] = []
        self.current: ReportProposal | None = None
        self.result: ReportImportResult | None = None
        self.setWindowTitle(WINDOW_TITLE)
        fit_to_screen(self, 1240, 760)
        self._build()
        if paths:
            QTimer.singleShot(0, lambda: self.read(paths))  # once the caller can wait for documents_read

    # -- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.documents = QListWidget()
        self.documents.setObjectName("report_documents")
        self.documents.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # keep "（第2篇）" in sight
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        add = QPushButton("添加文件…")
        add.setObjectName("add_report_files")
        add.clicked.connect(self.choose_files)
        left = QVBoxLayout()
        left.addWidget(QLabel("文档"))
        left.addWidget(self.documents, 1)
        left.addWidget(add)
        left_box = QWidget()
        left_box.setLayout(left)

        self.unit = QComboBox()
        self.unit.setObjectName("report_unit")
        self.unit.setEditable(True)
        self.unit.setMinimumWidth(320)
        self.year = QSpinBox()
        self.year.setObjectName("report_year")
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("（未识别）")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        form = QFormLayout()
        form.addRow("单位：", self.unit)
        form.addRow("年度：", self.year)
        form.addRow(self.notes)

        self.text = QPlainTextEdit()
        self.text.setObjectName("report_text")
        self.text.setReadOnly(True)
        self.materials = _table(MATERIAL_HEADERS, "report_materials")
        self.facts = _table(FACT_HEADERS, "report_facts")
        self.honours = _table(HONOUR_HEADERS, "report_honours")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.materials, "工作材料")
        self.tabs.addTab(self.facts, "单位信息")
        self.tabs.addTab(self.honours, "荣誉")
        self.material_text = QPlainTextEdit()
        self.material_text.setObjectName("material_text")
        self.material_text.setPlaceholderText("选中一段材料后可在此修改内容")
        right_split = QSplitter(Qt.Orientation.Vertical)
        right_split.addWidget(self.tabs)
        right_split.addWidget(self.material_text)
        right_split.setSizes([520, 160])

        review = QSplitter(Qt.Orientation.Horizontal)
        review.addWidget(self.text)
        review.addWidget(right_split)
        review.setSizes([440, 620])
        middle = QVBoxLayout()
        middle.addLayout(form)
        middle.addWidget(review, 1)
        middle_box = QWidget()
        middle_box.setLayout(middle)

        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left_box)
        outer.addWidget(middle_box)
        outer.setSizes([220, 1000])
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("import_reports")
        self.buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(outer, 1)
        layout.addWidget(self.buttons)

        self.documents.currentRowChanged.connect(self._show_document)
        self.materials.itemSelectionChanged.connect(self._show_material_text)
        self.honours.itemChanged.connect(self._honour_date_edited)
        self.year.valueChanged.connect(self._year_changed)
        self.material_text.textChanged.connect(self._material_text_edited)
        self._refresh_units()
        self._update_buttons()

    def _refresh_units(self) -> None:
        self.unit.clear()
        self.unit.addItem(NEW_UNIT, None)
        for summary in self.context.services.units.list():
            self.unit.addItem(summary.unit.name, summary.unit.id)

    # -- reading --------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        state = self.context.state
        names, _ = QFileDialog.getOpenFileNames(
            self, "选择往年材料", state.last_folder("oldreports"), FILE_FILTER
        )
        if names:
            state.set_last_folder("oldreports", names[0])
            self.read([Path(n) for n in names])

    def read(self, paths: list[Path]) -> None:
        database = self.context.services.db
        unit_name = self.unit_name_of(self.unit_id)

        def work(progress):  # type: ignore[no-untyped-def]
            proposals, problems = [], []
            for index, path in enumerate(paths):
                progress(index, len(paths), f"正在读取“{path.name}”")
                try:
                    proposals.extend(read_report(path))
                except Exception as error:  # shown together once reading is done
                    problems.append(error)
            propose(database, proposals, unit_name=unit_name)
            return proposals, problems

        self.op = BackgroundOp(self, work, "正在读取往年材料…").success(self._read_done)
        self.op.run_in_background()

    def unit_name_of(self, unit_id: int | None) -> str | None:
        if unit_id is None:
            return None
        index = self.unit.findData(unit_id)
        return self.unit.itemText(index) if index >= 0 else None

    def _read_done(self, outcome) -> None:  # type: ignore[no-untyped-def]
        proposals, problems = outcome
        self.proposals.extend(proposals)
        for proposal in proposals:
            self.documents.addItem(proposal.label)
        for problem in problems:
            show_error(self, problem, "无法读取")
        if proposals:
            self.documents.setCurrentRow(self.documents.count() - len(proposals))
        self._update_buttons()
        self.documents_read.emit(len(proposals))

    # -- showing and editing one document -------------------------------------------------------------

    def _show_document(self, row: int) -> None:
        self._collect()
        self.current = self.proposals[row] if 0 <= row < len(self.proposals) else None
        proposal = self.current
        if proposal is None:
            return
        index = self.unit.findData(proposal.unit_id) if proposal.unit_id else -1
        if index >= 0:
            self.unit.setCurrentIndex(index)
        else:
            self.unit.setCurrentIndex(0)
            self.unit.setEditText(proposal.unit_name or "")
        self.year.blockSignals(True)  # the new document's year: nothing of the old one to recount
        self.year.setValue(proposal.year or 0)
        self.year.blockSignals(False)
        self._show_notes(proposal)
        self.text.setPlainText(proposal.text)
        self._fill_materials(proposal)
        self._fill_facts(proposal)
        self._fill_honours(proposal)

    def _show_notes(self, proposal: ReportProposal) -> None:
        """Where the unit and year were read from; a year the clerk typed no longer asks to be filled."""
        notes = [
            f"单位读自：{proposal.unit_evidence}" if proposal.unit_evidence else "未识别出单位，请选择或填写"
        ]
        if proposal.year_source:
            notes.append(f"年度读自：{proposal.year_source}")
        else:
            notes.append("年度为手动填写" if proposal.year else "未识别出年度，请填写")
        as_of = proposal.figures_as_of
        if as_of is not None and any(fact.field in figure_dates.FIGURES for fact in proposal.facts):
            notes.append(f"导入的人数、面积记为截至{figure_dates.spoken(as_of)}的数字")
        self.notes.setText("；".join(notes + proposal.notes))

    def _fill_materials(self, proposal: ReportProposal) -> None:
        self.materials.setRowCount(len(proposal.materials))
        for row, material in enumerate(proposal.materials):
            self.materials.setItem(row, 0, _check_item(material.accepted))
            combo = QComboBox()
            combo.addItems(list(MATERIAL_TOPICS))
            combo.setCurrentText(material.topic)
            self.materials.setCellWidget(row, 1, combo)
            self.materials.setItem(row, 2, _text_item(material.heading or "（开头）", editable=False))
            self.materials.setItem(row, 3, _text_item(material.text.replace("\n", " ")[:200], editable=False))

    def _fill_facts(self, proposal: ReportProposal) -> None:
        self.facts.setRowCount(len(proposal.facts))
        for row, fact in enumerate(proposal.facts):
            self.facts.setItem(row, 0, _check_item(fact.accepted))
            self.facts.setItem(row, 1, _text_item(fact.label, editable=False))
            self.facts.setItem(row, 2, _text_item(fact.display, editable=False))
            current = fact.current.chinese() if hasattr(fact.current, "chinese") else fact.current
            self.facts.setItem(
                row, 3, _text_item(current if current is not None else "（空）", editable=False)
            )
            self.facts.setItem(row, 4, _text_item(fact.source, editable=False))

    def _fill_honours(self, proposal: ReportProposal) -> None:
        self.honours.blockSignals(True)
        try:
            self._fill_honour_rows(proposal)
        finally:
            self.honours.blockSignals(False)

    def _fill_honour_rows(self, proposal: ReportProposal) -> None:
        self.honours.setRowCount(len(proposal.honours))
        for row, honour in enumerate(proposal.honours):
            self.honours.setItem(row, 0, _check_item(honour.accepted))
            self.honours.setItem(row, 1, _text_item(honour.title))
            self.honours.setItem(row, 2, _text_item(honour.awarded_by))
            date = _text_item(_date_shown(honour))
            date.setToolTip(DATE_HINT)
            self.honours.setItem(row, DATE_COLUMN, date)
            level = QComboBox()
            level.addItems(["", *LEVELS])
            level.setCurrentText(honour.level or "")
            if honour.level and honour.level_rule:
                level.setStyleSheet(INFERRED_STYLE)
                level.setToolTip(f"推断：{honour.level_rule}；请核对")
                level.currentTextChanged.connect(lambda _text, box=level: _settled(box))
            self.honours.setCellWidget(row, 4, level)
            self.honours.setItem(row, 5, _text_item(honour.recipient))
            self.honours.setItem(row, 6, _text_item(honour.notes_text(), editable=False))
            self.honours.setItem(row, REFINE_COLUMN, _refine_item(honour))
            self.honours.setItem(row, 8, _text_item(honour.source, editable=False))

    def _show_material_text(self) -> None:
        row = self.materials.currentRow()
        if self.current is None or not 0 <= row < len(self.current.materials):
            return
        self.material_text.blockSignals(True)
        self.material_text.setPlainText(self.current.materials[row].text)
        self.material_text.blockSignals(False)

    def _material_text_edited(self) -> None:
        row = self.materials.currentRow()
        if self.current is not None and 0 <= row < len(self.current.materials):
            self.current.materials[row].text = self.material_text.toPlainText()

    def _collect(self) -> None:
        """What the user changed in the tables goes back into the shown proposal."""
        proposal = self.current
        if proposal is None:
            return
        unit_id = self.unit.currentData()
        text = self.unit.currentText().strip()
        if unit_id is not None and text == self.unit.itemText(self.unit.currentIndex()):
            proposal.unit_id, proposal.unit_name = unit_id, text
        else:
            proposal.unit_id, proposal.unit_name = None, (text if text and text != NEW_UNIT else None)
        proposal.set_year(self.year.value() or None)
        for row, material in enumerate(proposal.materials):
            material.accepted = self.materials.item(row, 0).checkState() == CHECKED
            material.topic = self.materials.cellWidget(row, 1).currentText()
        for row, fact in enumerate(proposal.facts):
            fact.accepted = self.facts.item(row, 0).checkState() == CHECKED
            fact.overwrite = fact.accepted and fact.current is not None
        for row, honour in enumerate(proposal.honours):
            honour.accepted = self.honours.item(row, 0).checkState() == CHECKED
            honour.title = self.honours.item(row, 1).text().strip()
            honour.awarded_by = self.honours.item(row, 2).text().strip() or None
            level = self.honours.cellWidget(row, 4).currentText() or None
            if level != honour.level:  # chosen by the clerk: no longer a guess
                honour.level, honour.level_rule = level, None
            honour.recipient = self.honours.item(row, 5).text().strip() or None
            refine = self.honours.item(row, REFINE_COLUMN)
            honour.refine = honour.can_refine() and refine.checkState() == CHECKED

    def _year_changed(self, _year: int) -> None:
        """Dates read from 今年/去年 are counted again from the year the clerk gives, and shown so."""
        if self.current is not None:
            self._collect()
            self._fill_honours(self.current)
            self._show_notes(self.current)

    def _honour_date_edited(self, item: QTableWidgetItem) -> None:
        """The clerk's date goes into the honour at once; one that is no date is refused and the cell
        shows the honour's date again."""
        proposal, row = self.current, item.row()
        if item.column() != DATE_COLUMN or proposal is None or not 0 <= row < len(proposal.honours):
            return
        honour = proposal.honours[row]
        text = item.text().strip()
        if text == _date_shown(honour):
            return
        try:
            awarded = parse_partial_date(text.removesuffix(INFERRED).strip())
        except PartialDateError as error:
            before = _date_shown(honour) or "空"
            QMessageBox.warning(
                self,
                WINDOW_TITLE,
                f"荣誉“{honour.title}”的获得时间“{text}”有误：{error}。已恢复为“{before}”。",
            )
        else:
            honour.set_awarded(awarded)
            honour.relative = None
        self.honours.blockSignals(True)
        item.setText(_date_shown(honour))
        self.honours.item(row, 6).setText(honour.notes_text())
        self.honours.blockSignals(False)

    # -- applying -------------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(bool(self.proposals))

    def apply(self) -> None:
        self._collect()
        if self._refuse_unready():
            return
        database = self.context.services.db
        proposals = list(self.proposals)
        self.import_button.setEnabled(False)
        self.op = (
            BackgroundOp(
                self, lambda progress: apply_reports(database, proposals, progress), "正在导入往年材料…"
            )
            .success(self._applied)
            .failure(self._failed)
            .cancelled(self._update_buttons)
        )
        self.op.run_in_background()

    def _refuse_unready(self) -> bool:
        """Say which documents lack a unit or year, one a line, then show the first of them with the
        keyboard in the field to fill: the clerk types the year at once, not after hunting for it."""
        unready = [(row, p) for row, proposal in enumerate(self.proposals) if (p := check_ready(proposal))]
        if not unready:
            return False
        QMessageBox.warning(
            self,
            WINDOW_TITLE,
            "\n".join(f"{problem}。" for _, problem in unready)
            + "\n\n未导入任何内容。已选中第一篇，请在上方填写后再点“导入”。",
        )
        row = unready[0][0]
        self.documents.setCurrentRow(row)
        proposal = self.proposals[row]
        has_unit = proposal.unit_id or (proposal.unit_name or "").strip()
        field = self.year if has_unit else self.unit
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        if field is self.year:
            self.year.selectAll()
        return True

    def _applied(self, result: ReportImportResult) -> None:
        self.result = result
        self.context.apply(Changes(units=True, honours=True, materials=True, imports=True))
        self.applied.emit(result)
        lines = [
            f"{d.label}：{d.unit_name}，新增材料 {d.materials_created} 篇、补充 {d.materials_extended} 篇，"
            f"荣誉 {d.honours_created} 项，单位信息 {d.facts_set} 项"
            + (f"，为已有荣誉补充获得时间 {d.dates_filled} 项" if d.dates_filled else "")
            for d in result.documents
        ]
        QMessageBox.information(
            self, WINDOW_TITLE, "已导入：\n" + "\n".join(lines) + "\n\n可在“导入记录”页整批撤销。"
        )
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._update_buttons()
        show_error(self, error, "无法导入往年材料")
