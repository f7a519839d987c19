"""An old report imported, then its unit's 情况汇报 generated: the report reads as one document — its own
headings once each, no old framing sentence in the middle of a section, the school's staff as 教职工."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from core import cli
from core.db import open_database
from core.inferred import CATEGORY_MARK
from core.models import Unit
from core.oldreports.content import is_label_heading, without_framing
from core.paths import DataDir
from tests.core.oldreports.written import SCHOOL, write_docx

HEADINGS = ["一、基本情况", "二、主要做法", "三、工作成效", "四、存在问题", "五、下一步打算"]


def run(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def imported_school(tmp_path: Path) -> tuple[str, str]:
    """The data directory, and what import-report said."""
    data = str(tmp_path / "d")
    return data, run("--data-dir", data, "import-report", str(write_docx(tmp_path / SCHOOL[0], SCHOOL[1])))


def generated(data: str, tmp_path: Path, first: int, last: int) -> list[str]:
    target = tmp_path / f"汇报{first}-{last}.docx"
    run(
        "--data-dir", data, "generate", "--template", "情况汇报", "--unit", "宁波市城东小学",
        "--from", str(first), "--to", str(last), "--date", f"{last + 1}-01-10", "-o", str(target),
    )  # fmt: skip
    return [p.text.strip() for p in docx.Document(str(target)).paragraphs if p.text.strip()]


def test_the_report_of_an_imported_school_has_each_heading_once_and_no_old_framing(tmp_path: Path) -> None:
    lines = generated(imported_school(tmp_path)[0], tmp_path, 2019, 2021)
    text = "\n".join(lines)
    assert [line for line in lines if line in HEADINGS or line == "一、学校基本情况"] == HEADINGS
    assert "总结如下" not in text and text.count("汇报如下") == 1  # the generated report's own opening only
    basics = lines[lines.index("一、基本情况") + 1]
    assert basics.endswith("教职工68人，其中党员21名。")
    # every sentence of the old report is there, its own sub-headings too, under the right heading
    practice = lines[lines.index("二、主要做法") + 1 : lines.index("三、工作成效")]
    assert practice == [
        "（一）加强师德师风建设",
        # the 2021 report's 今年 in a 2019—2021 report signed in 2022: its year
        "学校开展“最美教师”评选。2021年，教师王丽被教育部评为全国优秀教师，李明被市教育局授予宁波市教坛新秀称号。",
        "（二）坚持课程改革",
        "学校开设书法、国际象棋等校本课程二十余门。",
    ]
    assert "2019年被浙江省教育厅评为浙江省绿色学校。" in text
    assert lines[lines.index("四、存在问题") + 1] == "一是校舍不足，二是青年教师比例偏低。"


def test_a_school_created_by_the_import_is_a_school_and_its_staff_are_teaching_staff(tmp_path: Path) -> None:
    data, said = imported_school(tmp_path)
    assert "类别：学校（推断）" in said  # shown with what else the report gives, before it is written
    (unit,) = json.loads(run("--data-dir", data, "units", "--json"))
    assert unit["category"] == "学校"
    database = open_database(DataDir(Path(data)))
    try:
        with database.session() as session:
            extra = session.scalar(select(Unit.extra))
    finally:
        database.dispose()
    assert extra[CATEGORY_MARK] == "名称以“小学”结尾"  # a guess, as the register import marks it
    # a later year has no material: 基本情况 comes from the figures the old report gave
    lines = generated(data, tmp_path, 2022, 2022)
    basics = lines[lines.index("一、基本情况") + 1]
    assert "有教职工68人" in basics and "有职工" not in basics


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        ("学校现有学生1020人。现将一年来的工作总结如下：", "学校现有学生1020人。"),
        ("根据《巡察工作实施办法》(甘委发[2018]19号)的要求,现将我单位自查情况报告如下。", ""),
        ("提高保教質量,促進幼兒發展,現將我園標準化幼兒園創建工作匯報如下:", "提高保教質量,促進幼兒發展。"),
        (
            "做出了贡献。现对照区综治委《考评意见》,将一年来的我局综治工作总结如下:",
            "做出了贡献。",
        ),
        ("床位344张。下面我就近年来卫生工作总结汇报如下:", "床位344张。"),
        ("现将主要工作汇报如下：一是加强学习。", "一是加强学习。"),
        ("以上报告，如有不妥，请批评指正。", ""),
        ("以上是我局贯彻落实4.28会议精神及行政审批工作情况汇报,如有不妥之出,请各位领导批评指正。", ""),
        ("特此报告。", ""),
        ("谢谢!", ""),
        # what introduces content stays
        (
            "整改内容主要有9大项,归纳如下:一是推进幼儿教育。",
            "整改内容主要有9大项,归纳如下:一是推进幼儿教育。",
        ),
        ("近年获得主要奖励如下:", "近年获得主要奖励如下:"),
        ("学校将工作经验总结如下：一是重视学习。", "学校将工作经验总结如下：一是重视学习。"),
        ("以上成绩的取得离不开上级的支持。", "以上成绩的取得离不开上级的支持。"),
        ("以上成绩的取得，得益于我们善于总结。", "以上成绩的取得，得益于我们善于总结。"),
    ],
)
def test_framing_sentences_of_the_seeds_go_and_content_stays(paragraph: str, kept: str) -> None:
    assert without_framing(paragraph) == kept


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("二、主要做法", True),
        ("一、学校基本情况", True),
        ("（三）存在的问题和不足", True),
        ("四、", True),
        ("五、下一步工作打算", True),
        ("（一）加强师德师风建设", False),
        ("一、加强自身建设，坚持民主管理", False),
        ("三、打造特色品牌", False),
        ("（一）2020年度", False),
    ],
)
def test_only_headings_that_name_their_section_are_left_to_the_template(heading: str, label: bool) -> None:
    assert is_label_heading(heading) is label


def test_headings_that_say_something_read_one_level_below_the_reports_own(tmp_path: Path) -> None:
    """二、主要做法 is followed by （一）加强自身建设, not by a second 一、; what was under a （一） becomes 1."""
    data = str(tmp_path / "d")
    report = tmp_path / "城东小学2021年工作总结.txt"
    report.write_text(
        "宁波市城东小学2021年工作总结\n一、基本情况\n学校现有教学班24个，学生1020人。\n"
        "二、加强自身建设，坚持民主管理\n（一）完善制度\n学校修订了章程。\n（二）坚持校务公开\n学校每月公示收支。\n"
        "三、坚持立德树人\n1.开展“最美教师”评选。\n2.开设校本课程二十余门。\n"
        "宁波市城东小学\n2021年12月20日\n",
        encoding="utf-8",
    )
    run("--data-dir", data, "import-report", str(report))
    lines = generated(data, tmp_path, 2021, 2021)
    assert lines[lines.index("二、主要做法") + 1 : lines.index("三、工作成效")] == [
        "（一）加强自身建设，坚持民主管理",
        "1.完善制度",
        "学校修订了章程。",
        "2.坚持校务公开",
        "学校每月公示收支。",
        "（二）坚持立德树人",
        "1.开展“最美教师”评选。",
        "2.开设校本课程二十余门。",
    ]
    assert lines[lines.index("一、基本情况") + 1] == "学校现有教学班24个，学生1020人。"


def test_the_seed_reports_lose_their_framing_and_keep_what_leads_their_lists() -> None:
    """The real reports' materials: no 汇报如下, 批评指正 or 谢谢 left; a deep heading that leads its list
    (13、我局现有文明创建荣誉:…) and a sentence introducing a list stay whole."""
    from core.oldreports.proposal import read_report
    from tests.core.oldreports.measure import SEEDS

    texts = [
        m.text
        for path in sorted(SEEDS.glob("*.txt"))
        for proposal in read_report(path)
        for m in proposal.materials
    ]
    text = "\n".join(texts)
    assert "13、我局现有文明创建荣誉:“山西省爱国卫生先进单位”" in text
    assert "近年获得主要奖励如下:" in text  # what introduces a list is no framing
    assert "如有不妥之出,请各位领导批评指正" not in text and "\n谢谢!" not in text and "汇报如下" not in text
