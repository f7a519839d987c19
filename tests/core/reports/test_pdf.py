"""PDF conversion with the real LibreOffice (which scripts/test.sh installs), and pages for the preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.demo import load_demo
from core.reports.context import Period
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.pdf import NoConverterError, find_soffice, render_pages, to_pdf
from core.services import Services

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_a_generated_report_converts_to_pdf_with_pages(services: Services, tmp_path: Path) -> None:
    load_demo(services)
    unit = services.units.find_by_name("宁波市荷花庄小学")
    assert unit is not None
    [result] = generate_reports(
        services.db, GenerateRequest("情况汇报", [unit.id], Period(2000, 2026), dt.date(2026, 3, 5), tmp_path)
    )
    pdf = to_pdf(result.path)
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    pages = render_pages(pdf, dpi=40)
    assert len(pages) >= 2
    # A4 portrait: height / width = 297 / 210
    assert abs(pages[0].height / pages[0].width - 297 / 210) < 0.02
    assert len(pages[0].pixels) == pages[0].stride * pages[0].height


def test_without_a_converter_the_message_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.reports import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    monkeypatch.setattr(pdf.office, "installed_suites", lambda: [])
    with pytest.raises(NoConverterError, match="没有找到 Word、WPS 或 LibreOffice"):
        to_pdf(tmp_path / "x.docx")
