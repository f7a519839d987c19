"""Word's automatic list numbering in a merged document: each unit's lists start again at 1, in the body,
in its footnotes and in its headers and footers."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.library import TemplateLibrary
from core.reports.pdf import find_soffice, to_pdf
from core.services import Services
from tests.core.reports.hostile import CONTENT_FOOTNOTES, W_NS, _override, _relationship, rewrite

UNITS = ("宁波市荷花庄小学", "东鲁派出所", "江北区文明办")
STEPS = ("健全制度", "落实责任", "开展活动")


def _numbered(paragraph, num_id: int):  # type: ignore[no-untyped-def]
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )
    return paragraph


def _numbered_template(path: Path) -> Path:
    """A template as Word writes a numbered list: the paragraphs carry w:numPr pointing at numbering.xml;
    and a second list numbered by its paragraph style alone."""
    document = Document()
    document.add_paragraph("{{ 单位.名称 }}情况汇报")
    for step in STEPS:
        _numbered(document.add_paragraph(step), 5)
    document.add_paragraph("下一步打算")
    for plan in ("巩固成果", "持续改进"):
        document.add_paragraph(plan, style="List Number 2")
    document.save(path)
    return path


def _paragraphs(xml: str) -> list[str]:
    return re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)


def _text(paragraph: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))


def _merge(services: Services, template_path: Path, target: Path) -> Path:
    """The units' reports from the template, merged into one document."""
    template, report = TemplateLibrary(services.db).add(template_path)
    assert report.usable
    ids = [services.units.create({"name": name}).id for name in UNITS]
    request = GenerateRequest(template.name, ids, Period(2024, 2026), dt.date(2026, 3, 5), target, True)
    generate_reports(services.db, request)
    return target


@pytest.fixture
def merged(services: Services, tmp_path: Path) -> Path:
    return _merge(services, _numbered_template(tmp_path / "编号汇报.docx"), tmp_path / "合并.docx")


def test_each_unit_of_a_merged_document_restarts_its_numbered_lists(merged: Path) -> None:
    with zipfile.ZipFile(merged) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        numbering = archive.read("word/numbering.xml").decode("utf-8")
    template_abstracts = len(re.findall(r"<w:abstractNum ", numbering))
    nums = {
        num_id: content
        for num_id, content in re.findall(r'<w:num w:numId="(\d+)"[^>]*>(.*?)</w:num>', numbering, re.S)
    }
    first_items: dict[str, list[str]] = {step: [] for step in ("健全制度", "巩固成果")}
    list_ids: dict[str, list[str]] = {step: [] for step in first_items}
    for paragraph in _paragraphs(body):
        text = _text(paragraph)
        if text in first_items:
            num_id = re.search(r'<w:numId w:val="(\d+)"/>', paragraph)
            list_ids[text].append(num_id.group(1) if num_id else "")
    for step, ids in list_ids.items():
        assert len(ids) == 3
        assert len(set(ids)) == 3, f"{step}: every unit its own list, got {ids}"
        for num_id in ids[1:]:
            assert re.search(r'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>', nums[num_id])
        abstracts = {re.search(r'<w:abstractNumId w:val="(\d+)"', nums[i]).group(1) for i in ids[1:]}
        assert len(abstracts) == 1  # the same definition, not a copy per unit
    assert len(re.findall(r"<w:abstractNum ", numbering)) == template_abstracts


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_printed_merged_document_numbers_each_units_list_from_one(merged: Path) -> None:
    pdf = to_pdf(merged)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    printed = text.decode("utf-8")
    numbers = [int(n) for n in re.findall(r"(\d+)\.\s*(?:健全制度|落实责任|开展活动)", printed)]
    assert numbers == [1, 2, 3] * len(UNITS)


# ---------------------------------------------------------------- notes, headers and footers

NOTE_ITEMS = ("数据截至年底", "来源：{{ 单位.名称 }}")


def _noted_template(path: Path) -> Path:
    """A template as a clerk may write one: a footnote “注：” with a numbered list, a header numbering the
    unit's name, a footer with a numbered line that no unit changes."""
    document = Document()
    document.add_paragraph("{{ 单位.名称 }}情况汇报")
    section = document.sections[0]
    _numbered(section.header.paragraphs[0], 6).add_run("{{ 单位.名称 }}")
    _numbered(section.footer.paragraphs[0], 7).add_run("仅供参考")
    document.save(path)
    items = "".join(
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="8"/></w:numPr></w:pPr><w:r><w:t>{item}</w:t>'
        "</w:r></w:p>"
        for item in NOTE_ITEMS
    )
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>注：</w:t></w:r></w:p>{items}</w:footnote></w:footnotes>'
    )
    return rewrite(
        path,
        {
            "word/document.xml": lambda xml: xml.replace(
                "</w:p>", '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>', 1
            ),
            "word/_rels/document.xml.rels": _relationship("rIdFN", "footnotes", "footnotes.xml"),
            "[Content_Types].xml": _override("word/footnotes.xml", CONTENT_FOOTNOTES),
        },
        {"word/footnotes.xml": notes.encode("utf-8")},
    )


@pytest.fixture
def noted(services: Services, tmp_path: Path) -> Path:
    return _merge(services, _noted_template(tmp_path / "注释汇报.docx"), tmp_path / "合并.docx")


def _restarted_lists(archive: zipfile.ZipFile, parts: list[str]) -> list[str]:
    """The list instance each part's numbered paragraphs use; every one after the first starts at 1."""
    numbering = archive.read("word/numbering.xml").decode("utf-8")
    nums = dict(re.findall(r'<w:num w:numId="(\d+)"[^>]*>(.*?)</w:num>', numbering, re.S))
    used = []
    for part in parts:
        [num_id] = set(re.findall(r'<w:numId w:val="(\d+)"/>', part))
        used.append(num_id)
    for num_id in used[1:]:
        assert re.search(r'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>', nums[num_id])
    return used


def test_each_units_footnote_restarts_its_numbered_list(noted: Path) -> None:
    with zipfile.ZipFile(noted) as archive:
        notes = archive.read("word/footnotes.xml").decode("utf-8")
        items = re.findall(r'<w:footnote [^>]*w:id="[1-9]\d*">(.*?)</w:footnote>', notes, re.S)
        assert [_text(_paragraphs(item)[-1]) for item in items] == [f"来源：{name}" for name in UNITS]
        assert len(set(_restarted_lists(archive, items))) == len(UNITS)


def test_each_units_header_and_footer_restart_their_numbered_lines(noted: Path) -> None:
    with zipfile.ZipFile(noted) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        rels = dict(
            re.findall(
                r'Id="([^"]+)"[^>]*Target="([^"]+)"', archive.read("word/_rels/document.xml.rels").decode()
            )
        )
        for kind in ("header", "footer"):
            rids = re.findall(rf'<w:{kind}Reference [^>]*r:id="([^"]+)"', body)
            assert len(rids) == len(UNITS)  # one section per unit
            parts = [archive.read(f"word/{rels[rid]}").decode("utf-8") for rid in rids]
            assert len(set(_restarted_lists(archive, parts))) == len(UNITS), kind


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_printed_notes_headers_and_footers_number_from_one_for_each_unit(noted: Path) -> None:
    printed = subprocess.run(
        ["pdftotext", "-layout", str(to_pdf(noted)), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    compact = re.sub(r"[ \t]+", "", printed)
    assert re.findall(r"(\d+)\.数据截至年底", compact) == ["1"] * len(UNITS)
    assert re.findall(r"(\d+)\.来源：", compact) == ["2"] * len(UNITS)
    assert re.findall(r"(\d+)\.仅供参考", compact) == ["1"] * len(UNITS)
    assert re.findall(r"(\d+)\.(?:" + "|".join(UNITS) + r")\n", compact) == ["1"] * len(UNITS)
