"""Print, print preview and Excel export of the table on screen: a title, the date, 序号, page numbers.

Uses Qt's own print preview: the table is laid out as an HTML document whose printing adds page
numbers at the foot of each page; a wide table prints in landscape.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QTableView, QWidget

from core.table_export import SERIAL, export_table, table_caption
from gui.context import AppContext
from gui.ops import QueryOp

LANDSCAPE_FROM_COLUMNS = 6  # 序号 and five columns still fit a portrait A4 page
EXPORT_FOLDER_KEY = "export"


@dataclass(frozen=True)
class TableContent:
    title: str
    headers: tuple[str, ...]
    rows: list[list[str]]

    @property
    def wide(self) -> bool:
        return len(self.headers) + 1 >= LANDSCAPE_FROM_COLUMNS


def table_html(content: TableContent) -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in (SERIAL, *content.headers))
    body = "".join(
        "<tr>"
        + f"<td align='right'>{number}</td>"
        + "".join(f"<td>{html.escape(value)}</td>" for value in row)
        + "</tr>"
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
    document = QTextDocument()
    document.setHtml(table_html(content))
    return document


def _prepare(printer: QPrinter, content: TableContent) -> None:
    printer.setDocName(content.title)
    orientation = QPageLayout.Orientation.Landscape if content.wide else QPageLayout.Orientation.Portrait
    printer.setPageOrientation(orientation)


def preview_table(parent: QWidget, content: TableContent) -> QPrintPreviewDialog:
    """打印预览: Qt's preview of the table, from which it can also be printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, content)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # type: ignore[attr-defined]  # the dialog does not own it: keep it alive
    dialog.setWindowTitle(f"打印预览 — {content.title}")
    dialog.paintRequested.connect(lambda target: _document(content).print_(target))
    dialog.resize(1000, 760)
    return dialog


def print_table(parent: QWidget, content: TableContent) -> bool:
    """打印: the system's print dialog, then the table."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _prepare(printer, content)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 — {content.title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _document(content).print_(printer)
    return True


def export_table_as(parent: QWidget, context: AppContext, content: TableContent) -> None:
    """Ask where, then write the rows as shown to an .xlsx off the GUI thread."""
    state = context.state
    suggested = str(Path(state.last_folder(EXPORT_FOLDER_KEY)) / f"{content.title}.xlsx")
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
