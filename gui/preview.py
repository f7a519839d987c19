"""Preview and print a generated .docx: converted to PDF (Word or LibreOffice) and shown page by page."""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QPageSize, QPainter, QPixmap, QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core.errors import UserError
from core.reports.pdf import NoConverterError, PageImage, print_with_system, render_pages, to_pdf
from gui.context import AppContext
from gui.errors import error_text, show_error
from gui.honour_dialog import open_file
from gui.ops import BackgroundOp

log = logging.getLogger(__name__)

PREVIEW_DPI = 110
PRINT_DPI = 150
SCREEN_DPI = 96  # zoom 100 % shows the page at its real size on an ordinary screen
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
PAGE_GAP = 12
NO_CONVERTER_TEXT = (
    "本机没有 Word、WPS 或 LibreOffice，无法在程序中预览。\n\n"
    "可以点“打开 Word 文档”，在 Word 或 WPS 中查看和打印。"
)


def page_image(page: PageImage) -> QImage:
    """A QImage that owns a copy of the page's BGRA pixels (ARGB32 on a little-endian PC)."""
    image = QImage(page.pixels, page.width, page.height, page.stride, QImage.Format.Format_ARGB32)
    return image.copy()


def print_pages(printer: QPrinter, images: Sequence[QImage], copies: int = 1) -> int:
    """Paint each page image onto a printer page, scaled to the page and centred. Returns pages painted.

    copies > 1 paints the whole document that many times, collated (for printers whose driver cannot make
    copies itself; Qt leaves that to the program).
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError("无法开始打印：请检查打印机是否可用。")
    try:
        for index, image in enumerate(list(images) * max(copies, 1)):
            if index:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            left = area.x() + (area.width() - size.width()) // 2
            top = area.y() + (area.height() - size.height()) // 2
            painter.drawImage(QRect(left, top, size.width(), size.height()), image)
    finally:
        painter.end()
    return len(images) * max(copies, 1)


def _copies_to_paint(printer: QPrinter) -> int:
    return 1 if printer.supportsMultipleCopies() else printer.copyCount()


def _chosen_pages(printer: QPrinter, count: int) -> range:
    """The page range chosen in the print dialog (1-based there; 0 means all)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(count)
    return range(max(first, 1) - 1, min(last, count))


class PreviewWindow(QWidget):
    """A window of its own: the pages stacked top to bottom, zoom, print and open in Word."""

    loaded = Signal(int)  # pages shown
    failed = Signal(str)  # the message shown in place of the pages

    def __init__(self, context: AppContext, docx_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context
        self.docx_path = Path(docx_path)
        self.pdf_path: Path | None = None
        self.images: list[QImage] = []
        self.page_labels: list[QLabel] = []
        self.zoom = 1.0
        self.fit_width = True
        self._closed = False
        self._op: BackgroundOp[object] | None = None
        self._work_dir = Path(tempfile.mkdtemp(prefix="honourdesk-preview-"))
        self.setWindowTitle(f"预览 — {self.docx_path.name}")
        self.resize(920, 1000)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(80)
        self._resize_timer.timeout.connect(self._apply_zoom)
        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        layout.addWidget(self._body(), 1)
        self._set_page_controls(False)
        self.convert()

    # -- layout --------------------------------------------------------------------------------

    def _toolbar(self) -> QHBoxLayout:
        self.zoom_out_button = QPushButton("缩小")
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.zoom_in_button = QPushButton("放大")
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.fit_button = QPushButton("适合宽度")
        self.fit_button.clicked.connect(self.fit_to_width)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(56)
        self.page_count_label = QLabel("正在转换…")
        self.page_count_label.setObjectName("page_count")
        self.status = QLabel()
        self.status.setObjectName("preview_status")
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(lambda: self._run(self.print_document))
        self.open_button = QPushButton("打开 Word 文档")
        self.open_button.setObjectName("open_docx")
        self.open_button.clicked.connect(lambda: self._run(self.open_docx))
        row = QHBoxLayout()
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_button, self.zoom_label):
            row.addWidget(widget)
        row.addSpacing(16)
        row.addWidget(self.page_count_label)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.print_button)
        row.addWidget(self.open_button)
        return row

    def _body(self) -> QStackedWidget:
        self.pages_widget = QWidget()
        self.pages_widget.setStyleSheet("background: #808080;")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setSpacing(PAGE_GAP)
        self.pages_layout.setContentsMargins(PAGE_GAP, PAGE_GAP, PAGE_GAP, PAGE_GAP)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("pages")
        self.scroll.setWidget(self.pages_widget)
        self.scroll.setWidgetResizable(True)
        self.message = QLabel(f"正在把“{self.docx_path.name}”转换为 PDF，请稍候…")
        self.message.setObjectName("preview_message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.scroll)
        return self.stack

    def _set_page_controls(self, enabled: bool) -> None:
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setEnabled(enabled)
        self.print_button.setEnabled(enabled or self._op is None)

    def _run(self, action) -> None:  # type: ignore[no-untyped-def]
        try:
            action()
        except Exception as error:
            show_error(self, error)

    # -- conversion ----------------------------------------------------------------------------

    @property
    def converting(self) -> bool:
        return self._op is not None

    def convert(self) -> None:
        docx = self.docx_path
        target = self._work_dir / f"{docx.stem}.pdf"

        def work(progress) -> tuple[Path, list[PageImage]]:  # type: ignore[no-untyped-def]
            progress(0, 2, "正在转换为 PDF…")
            pdf = to_pdf(docx, target)
            progress(1, 2, "正在生成页面图像…")
            pages = render_pages(pdf, PREVIEW_DPI)
            progress(2, 2, "")
            return pdf, pages

        self._op = (
            BackgroundOp(self, work, f"正在准备预览“{docx.name}”…")
            .success(self._converted)
            .failure(self._conversion_failed)
            .cancelled(lambda: self._conversion_failed(None))
        )
        self._set_page_controls(False)
        self._op.run_in_background()

    def _converted(self, result: tuple[Path, list[PageImage]]) -> None:
        self._op = None
        if self._closed:
            self._clean_up()
            return
        self.pdf_path, pages = result
        self.images = [page_image(page) for page in pages]
        self._show_pages()
        self._set_page_controls(bool(self.images))
        self.loaded.emit(len(self.images))

    def _conversion_failed(self, error: BaseException | None) -> None:
        self._op = None
        if self._closed:
            self._clean_up()
            return
        if error is None:
            text = "已取消预览。可以点“打开 Word 文档”在 Word 或 WPS 中查看。"
        elif isinstance(error, NoConverterError):
            text = NO_CONVERTER_TEXT
        else:
            if not isinstance(error, UserError):
                log.error("预览失败", exc_info=error)
            text = f"无法预览：{error_text(error)}\n\n可以点“打开 Word 文档”在 Word 或 WPS 中查看。"
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self.page_count_label.setText("")
        self._set_page_controls(False)
        self.failed.emit(text)

    # -- pages and zoom ------------------------------------------------------------------------

    def _show_pages(self) -> None:
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for index, _image in enumerate(self.images):
            label = QLabel()
            label.setObjectName(f"page_{index + 1}")
            label.setToolTip(f"第 {index + 1} 页")
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.page_labels.append(label)
        count = len(self.images)
        self.page_count_label.setText(f"共 {count} 页" if count else "文档没有内容")
        self.stack.setCurrentWidget(self.scroll if count else self.message)
        if not count:
            self.message.setText("文档没有可显示的页面。")
        self._apply_zoom()

    def page_count(self) -> int:
        return len(self.images)

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(max(zoom, ZOOM_MIN), ZOOM_MAX)
        self._apply_zoom()

    def fit_to_width(self) -> None:
        self.fit_width = True
        self._apply_zoom()

    def _fit_zoom(self) -> float:
        if not self.images:
            return 1.0
        room = (
            self.scroll.viewport().width() - 2 * PAGE_GAP - self.scroll.verticalScrollBar().sizeHint().width()
        )
        widest = max(image.width() for image in self.images) * SCREEN_DPI / PREVIEW_DPI
        return min(max(room / widest, ZOOM_MIN), ZOOM_MAX) if room > 0 else 1.0

    def _apply_zoom(self) -> None:
        if self.fit_width:
            self.zoom = self._fit_zoom()
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        ratio = self.devicePixelRatioF()
        scale = self.zoom * SCREEN_DPI / PREVIEW_DPI
        for label, image in zip(self.page_labels, self.images, strict=True):
            width = max(1, round(image.width() * scale * ratio))
            pixmap = QPixmap.fromImage(image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.deviceIndependentSize().toSize())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fit_width and self.images:
            self._resize_timer.start()

    # -- print and open ------------------------------------------------------------------------

    def open_docx(self) -> None:
        if not self.docx_path.exists():
            raise UserError(f"文件“{self.docx_path}”已不存在，可能被移动或删除。")
        if not open_file(self.docx_path):
            raise UserError(f"无法打开“{self.docx_path.name}”。请确认本机已安装 Word 或 WPS。")

    def print_document(self) -> None:
        """Qt's print dialog (printer, copies, pages, duplex) over the converted pages. Where nothing could
        convert the document, the system's print verb (Word or WPS prints it) is the fallback."""
        pdf = self.pdf_path
        if pdf is None or not self.images:
            if print_with_system(self.docx_path):
                self.status.setText("已交给 Word 或 WPS 打印。")
                return
            raise UserError("本机没有可用于打印的程序：请点“打开 Word 文档”，在 Word 或 WPS 中打印。")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.docx_path.stem)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setFullPage(True)  # the PDF pages carry the document's own margins
        printer.setDuplex(QPrinter.DuplexMode.DuplexLongSide)  # 公文双面印刷; the dialog can change it
        printer.setFromTo(1, len(self.images))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印")
        dialog.setMinMax(1, len(self.images))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = _chosen_pages(printer, len(self.images))
        BackgroundOp(self, lambda _progress: render_pages(pdf, PRINT_DPI), "正在准备打印…").success(
            lambda rendered: self._print_rendered(printer, rendered, pages)
        ).run_in_background()

    def _print_rendered(self, printer: QPrinter, rendered: list[PageImage], pages: range) -> None:
        images = [page_image(rendered[i]) for i in pages if i < len(rendered)]
        try:
            printed = print_pages(printer, images, _copies_to_paint(printer))
        except Exception as error:
            show_error(self, error, "无法打印")
            return
        self.status.setText(f"已发送 {printed} 页到打印机。")

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        if self._op is not None:
            self._op.cancel()  # cleaned up when the conversion returns
        else:
            self._clean_up()
        event.accept()

    def _clean_up(self) -> None:
        """Drop the page images and the temporary PDF; the window goes once nothing refers to it."""
        self.images = []
        for label in self.page_labels:
            label.clear()
        shutil.rmtree(self._work_dir, ignore_errors=True)
        self.deleteLater()
