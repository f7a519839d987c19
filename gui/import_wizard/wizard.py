"""The wizard itself: the file being read, its sheets' first rows, and the background work of its pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from core.errors import UserError
from core.importing.apply import ImportResult
from core.importing.headers import HeaderGuess
from core.importing.plan import ImportPlan
from core.importing.register import SheetPreview
from core.importing.workbook import PreviewedFile, RegisterFile, preview_sheets
from gui.context import AppContext
from gui.errors import error_text
from gui.import_wizard.common import PAGE_FILE, PREVIEW_ROWS, WINDOW_TITLE
from gui.import_wizard.file_page import FilePage
from gui.import_wizard.mapping_page import MappingPage
from gui.import_wizard.preview_page import PreviewPage
from gui.import_wizard.result_page import ResultPage
from gui.import_wizard.sheet_page import SheetPage
from gui.ops import BackgroundOp
from gui.widgets import fit_to_screen

log = logging.getLogger(__name__)


class ImportWizard(QWizard):
    """Import the register sheets of a workbook; see the package's docstring."""

    previews_changed = Signal()

    def __init__(self, context: AppContext, path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.given_path = Path(path) if path is not None else None
        self.path: Path | None = None  # the file being read or read
        self.previews: list[SheetPreview] = []
        self.previewed_hash: str | None = None  # of the bytes previewed: a file changed since is refused
        self.loading = False
        self.load_error = ""
        self.sheet: SheetPreview | None = None  # the sheet shown on the sheet page
        self.header: HeaderGuess | None = None  # its header
        self.headers: dict[str, HeaderGuess | None] = {}  # each visible sheet's header, as chosen
        self.chosen: list[str] = []  # the sheets ticked for import, in the workbook's order
        self.mappings: dict[str, dict[int, str]] = {}  # each chosen sheet's columns → targets
        self.source: RegisterFile | None = None  # the chosen sheets as read and checked
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self._ops: set[BackgroundOp[Any]] = set()
        self._close_pending = False
        self.setWindowTitle(WINDOW_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步"),
            (QWizard.WizardButton.NextButton, "下一步 >"),
            (QWizard.WizardButton.CommitButton, "开始导入"),
            (QWizard.WizardButton.FinishButton, "完成"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page_id, page in enumerate(
            (self.file_page, self.sheet_page, self.mapping_page, self.preview_page, self.result_page)
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_FILE)
        fit_to_screen(self, 980, 680)

    # -- reading the file ---------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """The current file has been read."""
        return self.path is not None and not self.loading and not self.load_error

    def load(self, path: Path) -> None:
        """Read the first rows of every sheet of path, off the GUI thread."""
        self.path, self.previews, self.loading, self.load_error = path, [], True, ""
        self.previewed_hash = None
        self.previews_changed.emit()
        self.launch(
            BackgroundOp(
                self,
                lambda _progress: preview_sheets(path, PREVIEW_ROWS),
                "正在读取文件…",
                cancellable=False,
                show_dialog=False,
            ),
            lambda previewed: self._loaded(path, previewed, ""),
            lambda error: self._loaded(path, PreviewedFile([], ""), self._reading_error(error)),
        )

    @staticmethod
    def _reading_error(error: BaseException) -> str:
        if not isinstance(error, UserError):
            log.error("读取登记表出错", exc_info=error)
        return error_text(error)

    def _loaded(self, path: Path, previewed: PreviewedFile, error: str) -> None:
        if path != self.path:  # another file was chosen meanwhile
            return
        self.previews, self.loading, self.load_error = previewed.sheets, False, error
        self.previewed_hash = previewed.file_hash or None
        if not error and not any(not preview.hidden for preview in self.previews):
            self.load_error = f"文件“{path.name}”中没有可以读取的工作表。"
        self.previews_changed.emit()

    # -- background work and closing ----------------------------------------------------------------

    def launch(
        self,
        op: BackgroundOp[Any],
        success: Callable[[Any], None],
        failure: Callable[[BaseException], None],
        cancelled: Callable[[], None] | None = None,
    ) -> None:
        """Run op; closing the wizard meanwhile cancels it and waits for it to end."""
        self._ops.add(op)

        def ended(handler: Callable[..., None]) -> Callable[..., None]:
            def call(*args: Any) -> None:
                self._ops.discard(op)
                handler(*args)
                if self._close_pending and not self._ops:
                    self._close_pending = False
                    super(ImportWizard, self).reject()

            return call

        op.success(ended(success)).failure(ended(failure)).cancelled(ended(cancelled or (lambda: None)))
        op.run_in_background()

    def reject(self) -> None:
        if self._ops:
            self._close_pending = True
            for op in self._ops:
                op.cancel()
            return
        super().reject()
