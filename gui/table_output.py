"""Print, print preview and Excel export of the table on screen: a title, the date, 序号, page numbers.

Uses Qt's own print preview: the table is laid out as an HTML document and printed page by page with
"第 1 页，共 3 页" at the foot (QTextDocument.print_ would write a bare number) and its header row repeated
on every page; a wide table prints in landscape.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTableView, QWidget

from core.reports.output import safe_name
from core.table_export import SERIAL, export_table, table_caption
from gui.context import AppContext
from gui.ops import QueryOp
from gui.widgets import fit_to_screen

LANDSCAPE_FROM_COLUMNS = 6  # 序号 and five columns still fit a portrait A4 page
FOOTER_POINTS = 9
PAGE_MARGINS_MM = (20, 20, 20, 15)  # left, top, right, bottom (the foot holds the page number)
SCREEN_DPI = 96  # the document is laid out as on screen, then scaled to the printer
EXPORT_FOLDER_KEY = "export"


@dataclass(frozen=True)
class TableContent:
    title: str
    headers: tuple[str, ...]
    rows: list[list[str]]

    @property
    def wide(self) -> bool:
        return len(self.headers) + 1 >= LANDSCAPE_FROM_COLUMNS


def _cell(value: str) -> str:
    """A count or a year right-aligned, as on screen; text left."""
    align = " align='right'" if value.isdigit() else ""
    return f"<td{align}>{html.escape(value)}</td>"


def table_html(content: TableContent) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in (SERIAL, *content.headers))
    body = "".join(
        "<tr>" + f"<td align='right'>{number}</td>" + "".join(_cell(value) for value in row) + "</tr>"
        for number, row in enumerate(content.rows, start=1)
    )
    caption = html.escape(table_caption(content.title, len(content.rows)))
    return (
        "<html><body>"
        f"<h2 align='center'>{caption}</h2>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%' style='border-collapse: collapse;'>"
        f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>"
    )


def _document(content: TableContent) -> QTextDocument:
    from gui.app import ui_font_families

    document = QTextDocument()
    font = QFont(QApplication.font())
    families = ui_font_families()
    if families:  # digits in the CJK face too: rows of one height, none split across a page break
        font.setFamilies(families)
    document.setDefaultFont(font)
    document.setHtml(table_html(content))
    return document


def page_footer(number: int, pages: int) -> str:
    return f"第 {number} 页，共 {pages} 页"


def print_document(document: QTextDocument, printer: QPrinter) -> int:
    """Print page by page with page_footer() at the foot of each; the number of pages printed."""
    painter = QPainter(printer)
    if not painter.isActive():
        return 0
    scale = printer.logicalDpiY() / SCREEN_DPI
    page = printer.pageRect(QPrinter.Unit.DevicePixel)
    font = QFont(document.defaultFont())
    font.setPointSize(FOOTER_POINTS)
    painter.setFont(font)
    footer = painter.fontMetrics().height() * 2
    body = QSizeF(page.width() / scale, (page.height() - footer) / scale)
    document.setPageSize(body)  # paginated: the table's header row repeats on every page
    pages = document.pageCount()
    for index in range(pages):
        if index:
            printer.newPage()
        painter.save()
        painter.scale(scale, scale)
        painter.translate(0, -index * body.height())
        document.drawContents(painter, QRectF(0, index * body.height(), body.width(), body.height()))
        painter.restore()
        foot = QRectF(0, page.height() - footer, page.width(), footer)
        painter.drawText(foot, Qt.AlignmentFlag.AlignCenter, page_footer(index + 1, pages))
    painter.end()
    return pages


def _prepare(printer: QPrinter, content: TableContent) -> None:
    printer.setDocName(content.title)
    orientation = QPageLayout.Orientation.Landscape if content.wide else QPageLayout.Orientation.Portrait
    printer.setPageOrientation(orientation)
    printer.setPageMargins(QMarginsF(*PAGE_MARGINS_MM), QPageLayout.Unit.Millimeter)


def preview_table(parent: QWidget, content: TableContent) -> QPrintPreviewDialog:
    """打印预览: Qt's preview of the table, from which it can also be printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, content)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # type: ignore[attr-defined]  # the dialog does not own it: keep it alive
    dialog.setWindowTitle(f"打印预览 — {content.title}")
    dialog.paintRequested.connect(lambda target: print_document(_document(content), target))
    fit_to_screen(dialog, 1000, 760)
    return dialog


def print_table(parent: QWidget, content: TableContent) -> bool:
    """打印: the system's print dialog, then the table."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, content)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 — {content.title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_document(_document(content), printer)
    return True


def export_table_as(parent: QWidget, context: AppContext, content: TableContent) -> None:
    """Ask where, then write the rows as shown to an .xlsx off the GUI thread."""
    state = context.state
    # a unit named 城关镇中心小学/幼儿园 must not turn the suggested name into a folder
    suggested = str(Path(state.last_folder(EXPORT_FOLDER_KEY)) / f"{safe_name(content.title)}.xlsx")
    chosen, _ = QFileDialog.getSaveFileName(parent, "导出到 Excel", suggested, "Excel 工作簿 (*.xlsx)")
    if not chosen:
        return
    state.set_last_folder(EXPORT_FOLDER_KEY, chosen)
    target = Path(chosen) if chosen.lower().endswith(".xlsx") else Path(chosen + ".xlsx")
    QueryOp(
        parent,
        lambda _p: export_table(target, content.title, content.headers, content.rows),
        "正在导出…",
        cancellable=False,
    ).success(
        lambda path: context.status_message.emit(f"已导出 {len(content.rows)} 行到 {path}")
    ).run_in_background()


def rows_of(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[("" if value is None else str(value)) for value in row][: len(headers)] for row in rows]


def table_content(title: str, view: QTableView) -> TableContent:
    """What a table view shows: its visible columns, and its selected rows when several are selected,
    else every row."""
    model = view.model()
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    headers = tuple(str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)
    selected = sorted(index.row() for index in view.selectionModel().selectedRows())
    rows = selected if len(selected) > 1 else range(model.rowCount())
    return TableContent(
        title,
        headers,
        [[str(model.index(r, c).data() or "") for c in columns] for r in rows if not view.isRowHidden(r)],
    )
