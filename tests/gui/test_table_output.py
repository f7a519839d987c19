"""Printing the table on screen: a title with the count and date, 序号, the header on every page and
"第 N 页，共 M 页" at each foot; printed to a PDF and read back."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pypdfium2
import pytest
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.honours_tab import COLUMNS
from gui.table_output import TableContent, _document, _prepare, export_table_as, print_document


def printed_pages(content: TableContent, path: Path) -> list[str]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    _prepare(printer, content)
    count = print_document(_document(content), printer)
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        assert len(pdf) == count
        # NFKC: the PDF's text maps some glyphs to CJK radicals (⼩ for 小)
        return [
            unicodedata.normalize("NFKC", pdf[index].get_textpage().get_text_range()).replace("\r\n", "\n")
            for index in range(len(pdf))
        ]
    finally:
        pdf.close()


def test_a_long_honour_table_prints_numbered_pages_with_its_header_on_each(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [
        [f"{2000 + n % 24}年", f"第{n}项荣誉称号", "市级", "市文明委", "", "集体", "有效", ""]
        for n in range(1, 121)
    ]
    content = TableContent("宁波市荷花庄小学荣誉一览", COLUMNS, rows)
    pages = printed_pages(content, tmp_path / "荣誉一览.pdf")
    today = dt.date.today()
    assert len(pages) >= 2
    assert (
        f"宁波市荷花庄小学荣誉一览(共 120 条,{today.year}年{today.month}月{today.day}日)" in pages[0]
    )  # NFKC: ,()
    serials = []
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页,共 {len(pages)} 页" in text.replace("⻚", "页")
        lines = text.splitlines()
        assert lines[1 if number == 1 else 0].split() == ["序号", *COLUMNS]  # the header on every page
        serials += [int(line.split()[0]) for line in lines if line.split()[-1:] == ["有效"]]
    assert serials == list(range(1, 121))  # every row whole, on one page, in order
    everything = "".join(pages)
    assert "第120项荣誉称号" in everything and "第1项荣誉称号" in everything


def test_a_wide_table_prints_landscape_a_narrow_one_portrait(qapp) -> None:  # type: ignore[no-untyped-def]
    for headers, orientation in (
        (COLUMNS, QPageLayout.Orientation.Landscape),
        (("名称", "类别"), QPageLayout.Orientation.Portrait),
    ):
        printer = QPrinter()
        _prepare(printer, TableContent("单位名单", tuple(headers), []))
        assert printer.pageLayout().orientation() == orientation


def test_the_suggested_excel_name_of_a_unit_with_a_slash_stays_one_file_name(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    suggested: list[str] = []

    def ask(_parent: QWidget, _caption: str, directory: str, _filter: str) -> tuple[str, str]:
        suggested.append(directory)
        return "", ""  # the user cancels

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    parent = QWidget()
    qtbot.addWidget(parent)
    folder = tmp_path / "导出"
    context = SimpleNamespace(state=SimpleNamespace(last_folder=lambda _key: str(folder)))
    content = TableContent("城关镇中心小学/幼儿园荣誉一览（2023年）", ("荣誉称号",), [["市文明单位"]])
    export_table_as(parent, context, content)  # type: ignore[arg-type]
    assert Path(suggested[0]) == folder / "城关镇中心小学_幼儿园荣誉一览（2023年）.xlsx"
