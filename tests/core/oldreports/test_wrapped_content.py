"""Old reports whose text sits inside content controls (w:sdt) or custom XML, as reports made from a unit's
own Word template often do, are read whole; an embedded foreign document (altChunk) is said, not skipped
in silence."""

from __future__ import annotations

from pathlib import Path

from core.oldreports.reader import read_source
from tests.core.reports.hostile import docx_with, rewrite, with_active_content

PARAGRAPHS = ("城关第一小学2021年工作总结", "一、基本情况", "我校创建于1950年，占地30亩。")


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_paragraphs_in_content_controls_and_custom_xml_are_read_in_order(tmp_path: Path) -> None:
    path = docx_with(tmp_path / "总结.docx", *PARAGRAPHS)
    wrapped = (
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        + paragraph("二、主要荣誉")
        + '<w:customXml w:element="荣誉">'
        + paragraph("2021年，被省教育厅评为省绿色学校。")
        + "</w:customXml></w:sdtContent></w:sdt>"
        + paragraph("城关第一小学")
    )
    rewrite(path, {"word/document.xml": lambda xml: xml.replace("<w:sectPr", wrapped + "<w:sectPr", 1)})
    source = read_source(path)
    assert [block.text for block in source.blocks] == [
        *PARAGRAPHS,
        "二、主要荣誉",
        "2021年，被省教育厅评为省绿色学校。",
        "城关第一小学",
    ]
    assert source.notes == []


def test_an_embedded_foreign_document_is_named_in_the_notes(tmp_path: Path) -> None:
    path = with_active_content(docx_with(tmp_path / "总结.docx", *PARAGRAPHS), ("altChunk",))
    source = read_source(path)
    assert [block.text for block in source.blocks] == list(PARAGRAPHS)
    assert any("altChunk" in note and "未读取" in note for note in source.notes)


def test_a_name_list_in_a_content_control_is_read_whole(tmp_path: Path) -> None:
    from core.decisions.sources import read_name_file

    path = docx_with(tmp_path / "表彰名单.docx", "关于表彰2024年度文明校园的决定", "城关第一小学")
    names = "".join(paragraph(name) for name in ("城关第二小学", "城关第三小学"))
    wrapped = f"<w:sdt><w:sdtPr/><w:sdtContent>{names}</w:sdtContent></w:sdt>"
    rewrite(path, {"word/document.xml": lambda xml: xml.replace("<w:sectPr", wrapped + "<w:sectPr", 1)})
    assert read_name_file(path).splitlines() == [
        "关于表彰2024年度文明校园的决定",
        "城关第一小学",
        "城关第二小学",
        "城关第三小学",
    ]
