"""生成汇报: a template, the units, the period and the date in; one .docx per unit or one merged file out."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core.changes import Changes
from core.errors import UserError
from core.progress import Cancelled
from core.reports.generate import (
    Generated,
    GenerateRequest,
    GenerateResult,
    generate_reports,
    planned_outputs,
    report_file_name,
    retry_request,
)
from core.reports.library import TemplateLibrary
from core.reports.output import NotWritten, is_docx_path
from core.reports.preflight import Preflight
from core.reports.records import UNDATED_LIST, UNDATED_OMIT, Period, ReportOptions
from core.reports.summary_generate import (
    prepared_summary,
    summary_file_name,
    summary_preflight,
    summary_target,
)
from core.services.reports import plan_reports, remember, remembered_options
from core.vocab import is_summary_kind
from gui.context import AppContext
from gui.date_box import DateBox
from gui.errors import show_error
from gui.folders import say_folder_not_opened
from gui.font_notice import FontNotice
from gui.honour_dialog import open_file
from gui.ops import BackgroundOp
from gui.preflight_view import PreflightView
from gui.report_period import CHOSEN, remember_period, suggested_date, suggested_period
from gui.summary_box import SummaryBox
from gui.widgets import elide, fit_to_screen

log = logging.getLogger(__name__)

DEFAULT_TEMPLATE = "情况汇报"
FOLDER_KEY = "reports"
FIRST_YEAR, LAST_YEAR = 1949, 2100
DOCX_FILTER = "Word 文档 (*.docx)"
CAPTION_NAME_CHARS = 24  # a longer unit name is shortened in the 当前单位 caption (in full in its tooltip)
PREFLIGHT_DELAY_MS = 250  # the check runs once the user stops changing the form


def merged_file_name(template: str, year: int) -> str:
    """情况汇报-合并-2026.docx"""
    return report_file_name(template, "合并", year)


def _year_spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(FIRST_YEAR, LAST_YEAR)
    spin.setValue(value)
    spin.setSuffix(" 年")
    return spin


SCROLL_BAR_ROOM = 20  # the choices' vertical scroll bar, shown when the screen is low


class GenerateDialog(QDialog):
    """Generate reports for the current unit(s) or for all units the list shows."""

    generated = Signal(list)  # list[Generated], after a successful run
    preflight_ready = Signal(object)  # Preflight, once the check of the current form is shown
    generation_failed = Signal(object)  # the error, once it is shown

    def __init__(
        self,
        context: AppContext,
        unit_ids_selected: Sequence[int],
        unit_ids_filtered: Sequence[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.selected_ids = list(unit_ids_selected)
        self.filtered_ids = list(unit_ids_filtered)
        self.results: list[Generated] = []
        self._earlier: list[Generated] = []  # what the run a retry repeats wrote
        self.previews: list[QWidget] = []
        self._op: BackgroundOp[list[Generated]] | None = None
        self._request: GenerateRequest | None = None
        self._suggested = ""  # the merged file name last suggested, replaced while the user keeps it
        self._preflight_op: BackgroundOp[Preflight] | None = None
        self._preflight_again = False  # the form changed while a check was running
        self._period_chosen = False  # the user set the years: a change of units keeps them
        self._setting_period = False
        self._date_chosen = False  # the user set the 成文日期: a change of template keeps it
        self.period_origin = ""  # where the years shown come from, said in the pre-flight
        self.preflight: Preflight | None = None
        self.setWindowTitle("生成汇报")
        layout = QVBoxLayout(self)
        layout.addWidget(self._columns(context), 1)
        layout.addLayout(self._run_row())
        self._preflight_timer = QTimer(self)
        self._preflight_timer.setSingleShot(True)
        self._preflight_timer.setInterval(PREFLIGHT_DELAY_MS)
        self._preflight_timer.timeout.connect(self.refresh_preflight)
        self._apply_default_period()
        self._connect_checks()
        self._kind_changed()
        self._update_results_buttons()
        self._preflight_timer.start()
        fit_to_screen(self, 1120, 760)

    def _columns(self, context: AppContext) -> QSplitter:
        """The choices (scrolling when the screen is low) beside the check and the files made; the two
        share the width, so that the dialog fits a 1366×768 screen at 150 % (910×512 pixels)."""
        form_page = QWidget()
        form = QVBoxLayout(form_page)
        form.setContentsMargins(0, 0, 6, 0)
        for box in (
            self._template_box(),
            self._scope_box(),
            self._summary_box(),
            self._details_box(),
            self._output_box(),
        ):
            form.addWidget(box)
        form.addWidget(FontNotice(context.state))
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_page)
        scroll.setMinimumWidth(form_page.minimumSizeHint().width() + SCROLL_BAR_ROOM)
        side_page = QWidget()
        side = QVBoxLayout(side_page)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self._preflight_box(), 5)
        side.addWidget(self._results_box(), 2)
        columns = QSplitter(Qt.Orientation.Horizontal)
        columns.setChildrenCollapsible(False)
        columns.addWidget(scroll)
        columns.addWidget(side_page)
        columns.setStretchFactor(0, 2)
        columns.setStretchFactor(1, 3)
        return columns

    # -- form ----------------------------------------------------------------------------------

    def _template_box(self) -> QGroupBox:
        self.template = QComboBox()
        self.template.setObjectName("template")
        try:
            templates = TemplateLibrary(self.context.services.db).list()
        except Exception as error:
            templates = []
            show_error(self, error, "无法读取模板")
        self._summary_templates = {t.name for t in templates if is_summary_kind(t.kind)}
        self._template_kinds = {t.name: t.kind or "" for t in templates}
        for template in templates:
            origin = "内置" if template.builtin else "添加"
            # a summary speaks for all the chosen units in one document: say so where it is picked
            caption = (
                f"{template.name}（{origin}，汇总）"
                if is_summary_kind(template.kind)
                else f"{template.name}（{origin}）"
            )
            self.template.addItem(caption, template.name)
            self.template.setItemData(
                self.template.count() - 1, template.description or "", Qt.ItemDataRole.ToolTipRole
            )
        default = self.template.findData(DEFAULT_TEMPLATE)
        self.template.setCurrentIndex(max(default, 0))
        self.template.currentIndexChanged.connect(lambda _i: self._suggest_merged_path())
        box = QGroupBox("模板")
        row = QHBoxLayout(box)
        row.addWidget(self.template, 1)
        return box

    def _scope_box(self) -> QGroupBox:
        self.scope_current = QRadioButton(self._selected_caption())
        self.scope_current.setObjectName("scope_current")
        self.scope_current.setToolTip(self._selected_names())
        self.scope_filtered = QRadioButton(f"列表中筛选出的全部单位（{len(self.filtered_ids)} 个）")
        self.scope_filtered.setObjectName("scope_filtered")
        self.scope_current.setEnabled(bool(self.selected_ids))
        self.scope_filtered.setEnabled(bool(self.filtered_ids))
        group = QButtonGroup(self)
        group.addButton(self.scope_current)
        group.addButton(self.scope_filtered)
        (self.scope_current if self.selected_ids else self.scope_filtered).setChecked(True)
        box = QGroupBox("单位")
        column = QVBoxLayout(box)
        column.addWidget(self.scope_current)
        column.addWidget(self.scope_filtered)
        return box

    def _summary_box(self) -> SummaryBox:
        """汇总范围与发文: in place of the unit choice when the template is a summary (one document)."""
        self.summary_box = SummaryBox(self.context, self.selected_ids, self.filtered_ids)
        self.summary_box.changed.connect(self._summary_changed)
        return self.summary_box

    def is_summary(self) -> bool:
        return self.template_name() in self._summary_templates

    def _kind_changed(self) -> None:
        """A summary template: its scope box instead of the unit choice, and one file to save."""
        summary = self.is_summary()
        self.summary_box.setVisible(summary)
        self.scope_current.parentWidget().setVisible(not summary)
        for choice in (self.separate, self.merge, self.continuous):
            choice.setVisible(not summary)
        self._details_form.setRowVisible(self._undated_row, not summary)
        self._details_form.setRowVisible(self.certificates, not summary)  # a summary lists no certificates
        if summary:
            self._suggest_summary_path()
        else:
            self._mode_changed()

    def _summary_changed(self) -> None:
        self._suggest_summary_path()
        self._scope_changed()

    def _suggest_summary_path(self) -> None:
        if not self.is_summary():
            return
        if not self._keeps_suggestion():
            return  # a name the user typed stays
        options = self.summary_box.options()
        name = summary_file_name(options.subject, self.template_name(), self.period())
        self._suggested = str(self._folder() / name)
        self.output.setText(self._suggested)

    def _selected_caption(self) -> str:
        if not self.selected_ids:
            return "当前单位（未选择）"
        if len(self.selected_ids) > 1:
            return f"选中的单位（{len(self.selected_ids)} 个）"
        try:
            name = self.context.services.units.get(self.selected_ids[0]).name
        except Exception:
            log.info("cannot read unit %s", self.selected_ids[0], exc_info=True)
            return "当前单位"
        return f"当前单位（{elide(name, CAPTION_NAME_CHARS)}）"

    def _selected_names(self) -> str:
        """The chosen units' names in full (the caption shortens a long one)."""
        try:
            return "、".join(
                self.context.services.units.get(unit_id).name for unit_id in self.selected_ids[:20]
            )
        except Exception:
            return ""

    def _details_box(self) -> QGroupBox:
        period = Period.recent()
        self.first_year = _year_spin(period.first_year)
        self.first_year.setObjectName("first_year")
        self.last_year = _year_spin(period.last_year)
        self.last_year.setObjectName("last_year")
        self.first_year.valueChanged.connect(
            lambda v: self.last_year.setValue(max(v, self.last_year.value()))
        )
        self.last_year.valueChanged.connect(
            lambda v: self.first_year.setValue(min(v, self.first_year.value()))
        )
        self.written_on = DateBox("成文日期")
        self.written_on.setObjectName("written_on")
        self.written_on.dateChanged.connect(lambda _d: self._suggest_merged_path())
        years = QHBoxLayout()
        years.addWidget(QLabel("起始年份"))
        years.addWidget(self.first_year)
        years.addSpacing(12)
        years.addWidget(QLabel("截止年份"))
        years.addWidget(self.last_year)
        years.addStretch(1)
        remembered = remembered_options(self.context.settings)
        self.undated_omit = QRadioButton("不写入")
        self.undated_omit.setObjectName("undated_omit")
        self.undated_list = QRadioButton("单列，并写明获得时间未记录")
        self.undated_list.setObjectName("undated_list")
        group = QButtonGroup(self)
        group.addButton(self.undated_omit)
        group.addButton(self.undated_list)
        (self.undated_list if remembered.list_undated else self.undated_omit).setChecked(True)
        undated = QHBoxLayout()
        undated.addWidget(self.undated_omit)
        undated.addWidget(self.undated_list)
        undated.addStretch(1)
        self.author = QLineEdit(remembered.author)
        self.author.setObjectName("author")
        self.author.setPlaceholderText("如 江东区文明办；不填时为单位名称")
        self.certificates = QCheckBox("附上所列荣誉的证书复印件（附件页）")
        self.certificates.setObjectName("certificates")
        self.certificates.setChecked(remembered.certificates)
        box = QGroupBox("期间与日期")
        form = QFormLayout(box)
        form.addRow("汇报期间：", years)
        form.addRow("成文日期：", self.written_on.with_hint())
        form.addRow("未注明时间的荣誉：", undated)
        form.addRow("证书复印件：", self.certificates)
        self._undated_row = undated  # hidden for a summary, whose figures never count undated honours
        self._details_form = form
        form.addRow("文档作者：", self.author)
        return box

    def _preflight_box(self) -> PreflightView:
        self.preflight_view = PreflightView()
        self.preflight_tree = self.preflight_view.tree
        self.preflight_note = self.preflight_view.note
        return self.preflight_view

    def _output_box(self) -> QGroupBox:
        self.separate = QRadioButton("每个单位一个文件（选择文件夹）")
        self.separate.setObjectName("output_separate")
        self.merge = QRadioButton("合并为一个文档（选择文件）")
        self.merge.setObjectName("output_merge")
        group = QButtonGroup(self)
        group.addButton(self.separate)
        group.addButton(self.merge)
        self.separate.setChecked(True)
        self.separate.toggled.connect(lambda _on: self._mode_changed())
        self.output = QLineEdit()
        self.output.setObjectName("output_path")
        browse = QPushButton("浏览…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.output, 1)
        path_row.addWidget(browse)
        box = QGroupBox("保存到")
        column = QVBoxLayout(box)
        column.addWidget(self.separate)
        column.addWidget(self.merge)
        # Short enough for the form at 1024×768; the rest of the explanation in the tooltip.
        self.continuous = QCheckBox("页码全文连续，开头加目录（装订成册用）")
        self.continuous.setToolTip("不选时，合并文档中每个单位的页码各自从 1 起，没有目录")
        self.continuous.setObjectName("output_continuous")
        column.addWidget(self.continuous)
        column.addLayout(path_row)
        return box

    def _run_row(self) -> QHBoxLayout:
        self.generate_button = QPushButton("生成")
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.close_button = QPushButton("关闭")
        self.close_button.clicked.connect(self.reject)
        self.status = QLabel()
        self.status.setObjectName("generate_status")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.generate_button)
        row.addWidget(self.close_button)
        return row

    def _results_box(self) -> QGroupBox:
        self.result_list = QListWidget()
        self.result_list.setObjectName("result_list")
        self.result_list.itemSelectionChanged.connect(self._update_results_buttons)
        self.result_list.itemDoubleClicked.connect(lambda _item: self._run(self.open_result))
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(lambda: self._run(self.open_result))
        self.folder_button = QPushButton("打开所在文件夹")
        self.folder_button.clicked.connect(lambda: self._run(self.open_folder))
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(lambda: self._run(self.preview_result))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.folder_button, self.preview_button):
            buttons.addWidget(button)
        box = QGroupBox("生成的文件")
        column = QVBoxLayout(box)
        column.addWidget(self.result_list, 1)
        column.addLayout(buttons)
        return box

    # -- choices -------------------------------------------------------------------------------

    def template_name(self) -> str:
        return str(self.template.currentData() or "")

    def unit_ids(self) -> list[int]:
        if self.is_summary():
            return self.summary_box.unit_ids()
        return list(self.selected_ids if self.scope_current.isChecked() else self.filtered_ids)

    def period(self) -> Period:
        return Period(self.first_year.value(), self.last_year.value())

    def options(self) -> ReportOptions:
        undated = UNDATED_LIST if self.undated_list.isChecked() else UNDATED_OMIT
        return ReportOptions(undated, self.author.text().strip(), self.certificates.isChecked())

    def template_kind(self) -> str:
        """The kind of document the chosen template writes (情况汇报, 自查报告 …)."""
        return self._template_kinds.get(self.template_name()) or self.template_name()

    def _apply_default_period(self) -> None:
        """The period this kind of report was last generated for this session, else the units' recent
        years with records, else 近三年 (gui/report_period.py)."""
        period, self.period_origin = suggested_period(self.context, self.template_kind(), self.unit_ids())
        self._setting_period = True
        try:
            self.last_year.setValue(period.last_year)
            self.first_year.setValue(period.first_year)
            if not self._date_chosen:  # the date this kind was last signed on in this session
                date = suggested_date(self.context, self.template_kind())
                self.written_on.setDate(
                    QDate.currentDate() if date is None else QDate(date.year, date.month, date.day)
                )
        finally:
            self._setting_period = False

    def _connect_checks(self) -> None:
        """Every change of the form checks again, a moment after the user stops."""
        self.template.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.template.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self.scope_current.toggled.connect(lambda _on: self._scope_changed())
        for spin in (self.first_year, self.last_year):
            spin.valueChanged.connect(lambda _v: self._period_changed())
        self.written_on.dateChanged.connect(lambda _d: self._date_changed())
        self.written_on.dateChanged.connect(lambda _d: self._schedule_preflight())
        self.undated_list.toggled.connect(lambda _on: self._schedule_preflight())
        self.certificates.toggled.connect(lambda _on: self._schedule_preflight())

    def _scope_changed(self) -> None:
        if not self._period_chosen:
            self._apply_default_period()
        self._schedule_preflight()

    def _date_changed(self) -> None:
        if not self._setting_period:
            self._date_chosen = True

    def _period_changed(self) -> None:
        if not self._setting_period:
            self._period_chosen = True
            self.period_origin = CHOSEN
        if self.first_year.value() <= self.last_year.value():  # a summary's file is named for its period
            self._suggest_summary_path()
        self._schedule_preflight()

    def _schedule_preflight(self) -> None:
        self._preflight_timer.start()

    def written_date(self) -> dt.date:
        date = self.written_on.date()
        return dt.date(date.year(), date.month(), date.day())

    def _keeps_suggestion(self) -> bool:
        """The path box holds no name of the user's own: empty, a folder, or the name last suggested, in
        whichever folder the user chose (a summary's name then follows the template, not the one before)."""
        text = self.output.text().strip()
        if not text or text == self._suggested or text == str(self._folder()):
            return True
        return bool(self._suggested) and Path(text).name == Path(self._suggested).name

    def _folder(self) -> Path:
        text = self.output.text().strip()
        if not text:
            return Path(self.context.state.last_folder(FOLDER_KEY))
        path = Path(text)
        return path if path.suffix.lower() != ".docx" else path.parent

    def _mode_changed(self) -> None:
        self.continuous.setEnabled(self.merge.isChecked())
        if self.merge.isChecked():
            self._suggest_merged_path(force=True)
        else:
            self.output.setText(str(self._folder()))

    def _suggest_merged_path(self, force: bool = False) -> None:
        """Keep the merged file's suggested name in step with the template and the year."""
        if not self.merge.isChecked():
            return
        if not force and not self._keeps_suggestion():
            return  # a name the user typed stays
        name = merged_file_name(self.template_name() or "汇报", self.written_date().year)
        self._suggested = str(self._folder() / name)
        self.output.setText(self._suggested)

    def browse(self) -> None:
        if self.merge.isChecked():
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                "合并文档保存为",
                self.output.text(),
                DOCX_FILTER,
                options=QFileDialog.Option.DontConfirmOverwrite,  # generate() asks, for every mode
            )
        else:
            chosen = QFileDialog.getExistingDirectory(self, "选择保存汇报的文件夹", str(self._folder()))
        if chosen:
            self.output.setText(chosen)

    def request(self) -> GenerateRequest:
        """The request the form describes; UserError when something is missing."""
        if not self.template_name():
            raise UserError("请选择一个模板。")
        unit_ids = self.unit_ids()
        if not unit_ids:
            raise UserError("没有要生成汇报的单位：请先在单位列表中选择或筛选出单位。")
        text = self.output.text().strip()
        if not text:
            raise UserError("请选择保存汇报的位置。")
        output = Path(text)
        if self.is_summary():
            return self._summary_request(unit_ids, output)
        if self.merge.isChecked():
            if output.suffix.lower() != ".docx":
                output = output.with_name(output.name + ".docx")
            if output.is_dir():
                raise UserError(f"“{output}”是文件夹，请输入合并文档的文件名。")
        elif output.exists() and not output.is_dir() and (len(unit_ids) > 1 or not is_docx_path(output)):
            raise UserError(f"“{output}”不是文件夹，请选择一个文件夹。")  # one unit may go to a named .docx
        return GenerateRequest(
            template=self.template_name(),
            unit_ids=unit_ids,
            period=self.period(),
            written_on=self.written_date(),
            output=output,
            merge=self.merge.isChecked(),
            options=self.options(),
            continuous=self.merge.isChecked() and self.continuous.isChecked(),
        )

    def _summary_request(self, unit_ids: list[int], output: Path) -> GenerateRequest:
        options = self.summary_box.options()
        target = summary_target(output, options.subject, self.template_name(), self.period())
        if target.is_dir():
            raise UserError(f"“{target}”是文件夹，请输入汇总文件的文件名。")
        return GenerateRequest(
            template=self.template_name(),
            unit_ids=unit_ids,
            period=self.period(),
            written_on=self.written_date(),
            output=target,
            options=self.options(),
            summary=options,
            prepared=prepared_summary(self.preflight),  # used only if made for these very choices
        )

    def _existing_targets(self, request: GenerateRequest) -> list[Path]:
        targets = planned_outputs(self.context.services.db, request)
        return [target for target in targets if target.exists()]

    def _confirm_overwrite(self, request: GenerateRequest) -> bool:
        existing = self._existing_targets(request)
        if not existing:
            return True
        shown = "\n".join(f"  {p.name}" for p in existing[:10])
        more = f"\n  …等 {len(existing)} 个文件" if len(existing) > 10 else ""
        answer = QMessageBox.question(
            self, "文件已存在", f"以下文件已存在，生成后将被替换：\n{shown}{more}\n\n继续吗？"
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- generation ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._op is not None

    def generate(self) -> None:
        try:
            request = self.request()
            if not self._confirm_overwrite(request):  # reads the template and the units' names
                return
        except Exception as error:
            show_error(self, error)
            return
        self._start(request)

    def _start(self, request: GenerateRequest, earlier: Sequence[Generated] = ()) -> None:
        """Generate for the request; earlier: what a first run wrote, listed with a retry's results."""
        self._request = request
        database = self.context.services.db
        # The list shows what this run wrote: an earlier run's files would read as this one's once it is
        # cancelled or fails (a retry lists the run it repeats).
        self._earlier = list(earlier)
        self.results = list(earlier)
        self._show_results(self.results)
        self._set_running(True)
        self.status.setText("正在生成…")
        kept: list[Generated] = []  # what a cancelled batch wrote before it stopped

        def run(progress):  # type: ignore[no-untyped-def]
            try:
                return generate_reports(database, request, progress)
            except Cancelled as cancelled:
                kept.extend(getattr(cancelled, "generated", ()))
                raise

        self._op = (
            BackgroundOp(self, run, f"正在生成 {len(request.unit_ids)} 个单位的汇报…")
            .success(lambda results: self._succeeded(with_earlier(earlier, results)))
            .failure(self._failed)
            .cancelled(lambda: self._cancelled(kept))
        )
        self._op.run_in_background()

    def _set_running(self, running: bool) -> None:
        self.generate_button.setEnabled(not running)
        self.close_button.setEnabled(not running)
        if not running:  # the disabled 生成 passed the focus on (to 不再提示, say): Enter would press that
            self.generate_button.setFocus()

    def _succeeded(self, results: list[Generated]) -> None:
        self._op = None
        self._set_running(False)
        self.results = results
        if self._request is not None:  # after the run, when a new folder exists
            self.context.state.set_last_folder(FOLDER_KEY, str(self._request.output))
            remember(self.context.settings, self._request.period, self._request.options)
            remember_period(
                self.context, self.template_kind(), self._request.period, self._request.written_on
            )
            self._save_settings()
        self._show_results(results)
        if self.open_button.isEnabled():
            self.open_button.setFocus()  # the next step: Enter opens what was just written
        files = len({r.path for r in results})
        if self._request is not None and self._request.summary is not None:
            summed = results[0].summed if results else 0
            self.status.setText(f"已生成“{self._request.template}”，汇总 {summed} 个单位。")
        else:
            self.status.setText(f"已为 {len(results)} 个单位生成汇报，共 {files} 个文件。")
        failures = getattr(results, "failures", [])
        warnings = getattr(results, "warnings", [])
        if failures or warnings:
            self.status.setText(results.summary())  # type: ignore[attr-defined]
            lines = [f"  {f.unit_name}：{f.message}" for f in failures] + [f"  {w}" for w in warnings]
            shown = "\n".join(lines[:10])
            more = f"\n  …等 {len(lines)} 条" if len(lines) > 10 else ""
            title = "部分汇报未能生成" if failures else "汇报已生成，有提示"
            text = f"{results.summary()}\n\n{shown}{more}"  # type: ignore[attr-defined]
            again = None
            if failures and self._request is not None and self._request.summary is None:
                # A report open in Word/WPS: close it there, then only the units left out are made again.
                text += "\n\n关闭这些文件后，可点“重试”只生成未生成的单位；已生成的文件不变。"
                again = retry_request(self._request, failures)
            self._warn_or_retry(title, text, again, results)
        self.context.apply(Changes(reports=True))
        self.generated.emit(results)

    def _warn_or_retry(
        self, title: str, text: str, again: GenerateRequest | None, earlier: Sequence[Generated]
    ) -> None:
        """Say what was not written; with 重试 when there is something to generate again (again) once the
        user has closed the files held open. Separate reports, a merged document and a summary alike."""
        retry = QMessageBox.StandardButton.Retry
        buttons = retry | QMessageBox.StandardButton.Close if again else QMessageBox.StandardButton.Ok
        if QMessageBox.warning(self, title, text, buttons) == retry and again is not None:
            QTimer.singleShot(0, lambda: self._start(again, earlier))

    def _failed(self, error: BaseException) -> None:
        self._op = None
        self._set_running(False)
        self.status.setText("生成未完成。")
        kept = getattr(error, "generated", None)  # the reports written before a unit failed
        if kept:
            self.results = [*self._earlier, *kept]
            self._show_results(self.results)
            self.context.apply(Changes(reports=True))
            self.status.setText(f"生成未完成：已生成 {len(kept)} 份，见右侧列表。")
        if isinstance(error, NotWritten) and not kept and self._request is not None:
            # A merged document or a summary open in Word/WPS (core.reports.output): the whole is made again.
            log.info("生成失败：%s", error.message)
            text = f"{error.message.rstrip('。')}。\n\n关闭该文件后，可点“重试”重新生成。"
            self._warn_or_retry("生成失败", text, self._request, ())
        else:
            show_error(self, error, "生成失败")
        self.generation_failed.emit(error)

    def _cancelled(self, kept: list[Generated]) -> None:
        self._op = None
        self._set_running(False)
        if kept:
            self.results = [*self._earlier, *kept]
            self._show_results(self.results)
            self.context.apply(Changes(reports=True))
            self.status.setText(f"已取消生成；取消前已生成的 {len(kept)} 份汇报保留，见右侧列表。")
        elif self._request is not None and self._request.merge:
            self.status.setText("已取消生成，未写出合并文档。")
        else:
            self.status.setText("已取消生成，未写出文件。")

    def _show_results(self, results: list[Generated]) -> None:
        self.result_list.clear()
        by_path: dict[Path, list[str]] = {}
        for result in results:
            by_path.setdefault(result.path, []).append(result.unit_name)
        for path, names in by_path.items():
            caption = names[0] if len(names) == 1 else f"合并文档（{len(names)} 个单位）"
            item = QListWidgetItem(f"{caption} — {path.name}")
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.result_list.addItem(item)
        if self.result_list.count():
            self.result_list.setCurrentRow(0)
        self._update_results_buttons()

    def _save_settings(self) -> None:
        try:
            self.context.save_settings()
        except OSError:
            log.warning("设置未能保存", exc_info=True)

    # -- pre-flight ----------------------------------------------------------------------------

    def refresh_preflight(self) -> None:
        """Check what each unit's report will say (off the GUI thread) and show it."""
        if self._preflight_op is not None:
            self._preflight_again = True
            return
        template, unit_ids = self.template_name(), self.unit_ids()
        if not template or not unit_ids:
            self.preflight_view.show_message("没有要生成汇报的单位。" if template else "请选择一个模板。")
            return
        database = self.context.services.db
        period, written_on, options = self.period(), self.written_date(), self.options()
        summary = self.summary_box.options() if self.is_summary() else None
        self.preflight_note.setText("正在检查…")

        def check(progress) -> Preflight:  # type: ignore[no-untyped-def]
            if summary is not None:
                return summary_preflight(database, template, unit_ids, period, written_on, summary)
            return plan_reports(database, template, unit_ids, period, written_on, options, progress)

        self._preflight_op = (
            BackgroundOp(
                self,
                check,
                "正在检查…",
                show_dialog=False,
            )
            .success(self._preflight_done)
            .failure(self._preflight_failed)
            .cancelled(self._preflight_failed)
        )
        self._preflight_op.run_in_background()

    def _preflight_done(self, plan: Preflight) -> None:
        self._preflight_op = None
        if not isValid(self.preflight_note):  # the dialog was closed while the check ran
            return
        if self._preflight_again:
            self._preflight_again = False
            self.refresh_preflight()
            return
        self.preflight = plan
        self.preflight_view.show_plan(plan, self.period_origin)
        self._show_certificates(plan)
        self.preflight_ready.emit(plan)

    def _show_certificates(self, plan: Preflight) -> None:
        """The 附件 choice matters only for a template that shows certificates and units that have some."""
        self.certificates.setEnabled(plan.shows_certificates and plan.certificates > 0)
        if not plan.shows_certificates:
            tip = "所选模板不附证书复印件（创建文明单位申报材料和用到“证书附件”的模板才附）。"
        elif not plan.certificates:
            tip = "所选单位期间内列出的荣誉都没有证书附件。"
        else:
            tip = f"所列荣誉共有证书 {plan.certificates} 份，附在落款之后的附件页中。"
        self.certificates.setToolTip(tip)

    def _preflight_failed(self, error: BaseException | None = None) -> None:
        self._preflight_op = None
        if error is not None:
            log.info("pre-flight check failed", exc_info=error)
        if not isValid(self.preflight_note):
            return
        self.preflight_note.setText(
            "无法检查：" + (str(error) if isinstance(error, UserError) else "详情见日志。")
        )
        if self._preflight_again:
            self._preflight_again = False
            self.refresh_preflight()

    # -- results -------------------------------------------------------------------------------

    def result_paths(self) -> list[Path]:
        return [
            Path(self.result_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.result_list.count())
        ]

    def selected_path(self) -> Path | None:
        item = self.result_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _update_results_buttons(self) -> None:
        chosen = self.selected_path() is not None
        for button in (self.open_button, self.folder_button, self.preview_button):
            button.setEnabled(chosen)

    def _run(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except Exception as error:
            show_error(self, error)

    def _existing(self) -> Path | None:
        path = self.selected_path()
        if path is not None and not path.exists():
            raise UserError(f"文件“{path}”已不存在，可能被移动或删除。")
        return path

    def open_result(self) -> None:
        path = self._existing()
        if path is not None and not open_file(path):
            raise UserError(f"无法打开“{path.name}”。请确认本机已安装 Word 或 WPS。")

    def open_folder(self) -> None:
        path = self._existing()
        if path is not None and not open_file(path.parent):
            say_folder_not_opened(self, path.parent)

    def preview_result(self) -> QWidget | None:
        from gui.preview import PreviewWindow

        path = self._existing()
        if path is None:
            return None
        window = PreviewWindow(self.context, path, self)
        self.previews.append(window)
        window.destroyed.connect(lambda _obj=None, w=window: self._forget_preview(w))
        window.show()
        return window

    def _forget_preview(self, window: QWidget) -> None:
        if window in self.previews:
            self.previews.remove(window)

    # -- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.running:
            return  # the progress dialog's 取消 stops the work; the dialog closes after that
        super().reject()

    def done(self, result: int) -> None:
        self._hand_over_previews()
        super().done(result)

    def _hand_over_previews(self) -> None:
        """Open previews outlive the dialog when it has a parent window: they move to that window."""
        owner = self.parentWidget()
        for window in list(self.previews):
            try:
                if owner is None or not window.isVisible():
                    window.close()
                    continue
                geometry = window.geometry()
                window.setParent(owner, window.windowFlags())
                window.setGeometry(geometry)
                window.show()
            except RuntimeError:  # already deleted
                continue
        self.previews = []


def with_earlier(earlier: Sequence[Generated], results: list[Generated]) -> list[Generated]:
    """A retry's results after those of the run it repeats (whose failures it answers)."""
    if not earlier:
        return results
    return GenerateResult(
        [*earlier, *results],
        getattr(results, "failures", []),
        getattr(results, "warnings", []),
    )
