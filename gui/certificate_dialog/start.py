"""荣誉 → 从证书识别…: pick images (or a folder, or drop them), recognise them off the GUI thread, review.

The engine is an optional component: without it the action says how to get it instead.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.certificates import engine
from core.certificates.apply import Proposal, mark_duplicates, proposal_from
from core.certificates.bodies import KnownNames
from core.certificates.images import SUFFIXES
from core.certificates.reading import CertificateResult, read_certificates
from gui.certificate_dialog.dialog import CertificateDialog
from gui.context import AppContext
from gui.ops import BackgroundOp

log = logging.getLogger(__name__)

FILE_FILTER = f"证书图片或 PDF 扫描件 ({' '.join('*' + s for s in SUFFIXES)})"
ACTION_TEXT = "从证书识别…"
UNAVAILABLE_TEXT = "从证书识别…（未安装识别组件）"


def action_text() -> str:
    return ACTION_TEXT if engine.available() else UNAVAILABLE_TEXT


def dropped_certificates(paths: list[Path]) -> list[Path]:
    """The dropped files and folders that can hold certificates."""
    return [p for p in paths if p.is_dir() or p.suffix.lower() in SUFFIXES]


@dataclass
class Recognised:
    results: list[CertificateResult]
    proposals: list[Proposal]
    unit_names: list[str]


class CertificateRecognition(QObject):
    """One run: recognition on a worker thread with progress and cancel, then the review dialog."""

    dialog_opened = Signal(object)  # the CertificateDialog
    finished = Signal()  # failed, cancelled, or the dialog closed

    def __init__(self, parent: QWidget, context: AppContext, unit_id: int | None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.context = context
        self.unit_id = unit_id
        self.dialog: CertificateDialog | None = None
        self._pages: tempfile.TemporaryDirectory[str] | None = None

    # -- choosing ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        if not self._component_present():
            return
        state = self.context.state
        files, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, "选择证书的照片或扫描件", state.last_folder("certificates"), FILE_FILTER
        )
        if files:
            state.set_last_folder("certificates", files[0])
            self.recognise([Path(f) for f in files])
        else:
            self.finished.emit()

    def choose_folder(self) -> None:
        if not self._component_present():
            return
        state = self.context.state
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, "选择存放证书照片或扫描件的文件夹", state.last_folder("certificates")
        )
        if folder:
            state.set_last_folder("certificates", str(Path(folder) / "x"))
            self.recognise([Path(folder)])
        else:
            self.finished.emit()

    def _component_present(self) -> bool:
        if engine.available():
            return True
        QMessageBox.information(self.parent_widget, "证书识别", engine.HOW_TO_GET)
        self.finished.emit()
        return False

    # -- recognising ---------------------------------------------------------------------------

    def recognise(self, paths: list[Path]) -> None:
        if not self._component_present():
            return
        self._pages = tempfile.TemporaryDirectory(prefix="honourdesk-pages-")
        folder = Path(self._pages.name)
        database = self.context.services.db
        unit_id = self.unit_id

        def work(progress) -> Recognised:  # type: ignore[no-untyped-def]
            known = KnownNames.load(database)
            results = read_certificates(paths, known, progress=progress, page_folder=folder)
            default = known.unit(unit_id)
            proposals = [proposal_from(result, default) for result in results]
            mark_duplicates(database, proposals)
            return Recognised(results, proposals, [unit.name for unit in known.units])

        BackgroundOp(self.parent_widget, work, "正在识别证书（在本机进行，不联网）…").success(
            self._review
        ).failure(self._failed).cancelled(self._done).run_in_background()

    def _review(self, recognised: Recognised) -> None:
        self.dialog = CertificateDialog(
            self.context, recognised.results, recognised.proposals, recognised.unit_names, self.parent_widget
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._done)
        self.dialog.open()
        self.dialog_opened.emit(self.dialog)

    def _failed(self, error: BaseException) -> None:
        from gui.errors import show_error

        show_error(self.parent_widget, error, "未能识别")
        self._done()

    def _done(self, *_args: object) -> None:
        if self._pages is not None:
            self._pages.cleanup()
            self._pages = None
        self.finished.emit()
