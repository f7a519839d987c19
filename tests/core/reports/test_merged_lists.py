"""Word's automatic list numbering in a merged document: each unit's lists start again at 1."""

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

UNITS = ("宁波市荷花庄小学", "东鲁派出所", "江北区文明办")
STEPS = ("健全制度", "落实责任", "开展活动")


def _numbered_template(path: Path) -> Path:
    """A template as Word writes a numbered list: the paragraphs carry w:numPr pointing at numbering.xml;
    and a second list numbered by its paragraph style alone."""
    document = Document()
    document.add_paragraph("{{ 单位.名称 }}情况汇报")
    for step in STEPS:
        paragraph = document.add_paragraph(step)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>')
        )
    document.add_paragraph("下一步打算")
    for plan in ("巩固成果", "持续改进"):
        document.add_paragraph(plan, style="List Number 2")
    document.save(path)
    return path


def _paragraphs(xml: str) -> list[str]:
    return re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S)


def _text(paragraph: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))


@pytest.fixture
def merged(services: Services, tmp_path: Path) -> Path:
    template, report = TemplateLibrary(services.db).add(_numbered_template(tmp_path / "编号汇报.docx"))
    assert report.usable
    ids = [services.units.create({"name": name}).id for name in UNITS]
    target = tmp_path / "合并.docx"
    request = GenerateRequest(template.name, ids, Period(2024, 2026), dt.date(2026, 3, 5), target, True)
    generate_reports(services.db, request)
    return target


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
