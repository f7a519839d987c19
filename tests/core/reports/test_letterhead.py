"""The 表彰决定's red 版头 and 落款 for one issuer, joint issuers (联合行文) and a long issuer (GB/T 9704-2012
7.2.1, 7.3.5.2): the organs stacked with “文件” beside them, no organ's name broken over two lines."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Length, Mm
from docxtpl import DocxTemplate

from core.reports.builtin import builtin_template
from core.reports.context import Period
from core.reports.finish import finish_report
from core.reports.pdf import find_soffice, to_pdf
from core.reports.sandbox import ReportEnvironment
from core.reports.summary_context import SummaryScope, issuing_organs, summary_context
from core.services import Services

WRITTEN = dt.date(2025, 1, 6)
NUMBER = "东文明委〔2025〕1号"
SINGLE = "东湖区精神文明建设委员会"
JOINT = "中共东湖区委员会 东湖区人民政府"
LONG = "东湖区精神文明建设指导委员会办公室东湖区教育体育和科学技术局"  # one organ of 30 characters
TEXT_WIDTH = Mm(156)


@pytest.fixture
def school(services: Services) -> int:
    unit = services.units.create({"name": "东湖区第一小学", "category": "学校"}).id
    services.honours.create(unit, {"title": "区级文明单位", "level": "县区级", "awarded": "2024"})
    return unit


def decision(services: Services, unit: int, office: str, path: Path) -> Path:
    with services.db.session() as session:
        context = summary_context(
            session, SummaryScope([unit]), Period(2022, 2024), WRITTEN, WRITTEN,
            office=office, document_no=NUMBER, letterhead=True,
        )  # fmt: skip
    template = builtin_template("表彰决定").write(path.with_name(f"{path.stem}-模板.docx"))
    document = DocxTemplate(template)
    document.render(context, ReportEnvironment(), autoescape=True)
    finish_report(document.docx, author=office)
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("entered", "organs"),
    [
        (JOINT, ["中共东湖区委员会", "东湖区人民政府"]),
        ("区委、区政府", ["区委", "区政府"]),
        ("中共东湖区委和东湖区人民政府", ["中共东湖区委", "东湖区人民政府"]),
        ("东湖区文化和旅游局\u3000东湖区教育局", ["东湖区文化和旅游局", "东湖区教育局"]),
        ("东湖区住房和城乡建设局", ["东湖区住房和城乡建设局"]),  # 和 inside one organ's name
        ("东湖区发展和改革委员会", ["东湖区发展和改革委员会"]),
        (SINGLE, [SINGLE]),
    ],
)
def test_joint_issuers_are_told_apart_as_a_clerk_enters_them(entered: str, organs: list[str]) -> None:
    assert issuing_organs(entered) == organs


def test_joint_issuers_stand_one_above_the_other_with_the_word_file_beside_them(
    services: Services, school: int, tmp_path: Path
) -> None:
    document = Document(str(decision(services, school, JOINT, tmp_path / "联合.docx")))
    mark = document.tables[0]
    names, word = mark.rows[0].cells
    assert [p.text for p in names.paragraphs] == [
        "中共东湖区委员会",
        "东湖区人民政府",
    ]  # the host organ first
    assert word.text == "文件"
    runs = [r for cell in (names, word) for p in cell.paragraphs for r in p.runs]
    assert {str(r.font.color.rgb) for r in runs} == {"FF0000"}
    widths = [int(c.get(qn_w("w"))) for c in mark._tbl.tblGrid.iterchildren(qn_w("gridCol"))]
    assert sum(Length(w * 635) for w in widths) <= TEXT_WIDTH  # twips to EMU: no wider than the text block
    signed = next(p for p in document.paragraphs if p.style.name == "落款" and p.text.strip())
    assert signed.text == "中共东湖区委员会\n东湖区人民政府"  # 7.3.5.2: each organ's name, the host first


def qn_w(tag: str) -> str:
    return f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{tag}"


def test_a_long_single_issuer_is_made_smaller_to_stay_on_one_line(
    services: Services, school: int, tmp_path: Path
) -> None:
    document = Document(str(decision(services, school, LONG, tmp_path / "长.docx")))
    assert not document.tables or "文件" not in document.tables[0].rows[0].cells[-1].text
    mark = next(p for p in document.paragraphs if p.text == f"{LONG}文件")
    size = mark.runs[0].font.size.pt
    assert size < 30 and size * len(f"{LONG}文件") <= Length(TEXT_WIDTH).pt


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_the_printed_letterhead_never_breaks_an_organs_name(
    services: Services, school: int, tmp_path: Path
) -> None:
    heads = {}
    for name, office in (("单一", SINGLE), ("联合", JOINT), ("长", LONG)):
        pdf = to_pdf(decision(services, school, office, tmp_path / f"{name}.docx"))
        text = subprocess.run(
            ["pdftotext", "-layout", "-l", "1", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        heads[name] = lines[: next(i for i, line in enumerate(lines) if "东文明委" in line)]
    assert heads["单一"] == [f"{SINGLE}文件"]
    assert heads["长"] == [f"{LONG}文件"]
    # the organs on lines of their own, 文件 beside them (pdftotext puts it on a line between or beside)
    joint = [line.replace(" ", "") for line in heads["联合"]]
    assert joint[0].startswith("中共东湖区委员会") and joint[-1].startswith("东湖区人民政府")
    assert "".join(joint).replace("中共东湖区委员会", "").replace("东湖区人民政府", "") == "文件"
