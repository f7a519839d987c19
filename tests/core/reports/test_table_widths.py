"""荣誉一览表 column widths as a reader sees them: no cell three lines tall while another column has room,
Chinese broken as Word and LibreOffice break it (a 、 never starts a line), a 文号 whole where it can be."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Length, Mm, Pt

from core.reports import layout
from core.reports.cell_lines import cell_line_width, pieces, text_width, wrap
from core.reports.context import Period
from core.reports.finish import column_widths
from core.reports.generate import GenerateRequest, generate_reports
from core.reports.pdf import find_soffice, to_pdf
from core.reports.table_widths import table_lines
from core.services import Services

HEADER = ["序号", "荣誉称号", "授予单位", "级别", "时间", "文号"]
# The village of the report that was sent back: 扬州市委、市政府 over three lines (扬州市 / 委、市政 / 府)
# beside a 文号 column that had room.
VILLAGE = "仪征市真州镇东园村"
VILLAGE_HONOURS = (
    ("扬州市文明村", "市级", "扬州市委、市政府", "2021-12-20", "扬府发〔2021〕12号"),
    ("扬州市民主法治示范村", "市级", "扬州市委、市政府", "2023-11", "扬府发〔2023〕8号"),
)
VILLAGE_ROWS = [
    HEADER,
    ["1", "扬州市文明村", "扬州市委、市政府", "市级", "2021年12月20日", "扬府发〔2021〕12号"],
    ["2", "扬州市民主法治示范村", "扬州市委、市政府", "市级", "2023年11月", "扬府发〔2023〕8号"],
]
SI_HAO = layout.SIZE_SI_HAO


def room(width: Length) -> float:
    """A column's text width in points."""
    return Length(width - layout.CELL_MARGIN * 2).pt


def lines_in(text: str, characters: int) -> int:
    return wrap(pieces(text, SI_HAO), int(Pt(SI_HAO * characters)), SI_HAO).lines


def test_a_closing_mark_never_starts_a_line() -> None:
    """In a column four characters wide 扬州市委、市政府 is 扬州市 / 委、市政 / 府, not 扬州市委 / 、市政府."""
    assert lines_in("扬州市委、市政府", 4) == 3
    assert lines_in("扬州市委、市政府", 5) == 2
    assert lines_in("扬州市委市政府", 4) == 2
    assert lines_in("江苏省“美丽乡村”示范村", 5) == 3  # 江苏省 / “美丽乡村” / 示范村
    assert lines_in("107国道综合整治先进单位", 4) == 3  # 107国道 / 综合整治 / 先进单位


def test_the_village_table_puts_each_authority_on_two_lines() -> None:
    widths = column_widths(VILLAGE_ROWS)
    assert sum(widths) == Mm(156)
    # 扬州市委、 fits a line of the 授予单位 column: the cell takes two lines, not three
    assert room(widths[2]) >= text_width("扬州市委、", SI_HAO).pt
    # the 文号 breaks before its year at most, never inside 〔2021〕12号
    assert room(widths[5]) >= cell_line_width("〔2021〕12号", SI_HAO).pt
    lines = table_lines(VILLAGE_ROWS, widths)
    assert [row[2] for row in lines] == [2, 2]
    # 2 + 2: 2021年 / 12月20日 breaks before its month beside the two-line 文号, and the long title gets the
    # room a column as wide as the whole date kept empty (it took a third line alone)
    assert sum(max(row) for row in lines) == 4


def test_the_fewest_lines_win_over_a_cheap_widening() -> None:
    """Every layout the spare width allows is weighed by the table's lines: one where no row is taller
    than another layout's tallest, and no more lines in all."""
    widths = column_widths(VILLAGE_ROWS)
    best = sum(max(row) for row in table_lines(VILLAGE_ROWS, widths))
    step = int(Pt(SI_HAO))
    flexible = (1, 2, 5)
    for wider in flexible:  # a character's width moved from one column to another never saves a line
        for narrower in flexible:
            if wider == narrower or widths[narrower] - step < widths[0]:
                continue
            moved = list(widths)
            moved[wider] += step
            moved[narrower] -= step
            assert sum(max(row) for row in table_lines(VILLAGE_ROWS, moved)) >= best


def test_a_line_of_chinese_fills_its_column_exactly() -> None:
    """Five characters fit a room of five characters: no margin kept for digits the line does not hold
    (it cost a school's table a line in each of three rows)."""
    five = int(Pt(SI_HAO * 5))
    assert wrap(pieces("扬州市委市政府", SI_HAO), five, SI_HAO, exact=int(Pt(2.5))).lines == 2
    assert wrap(pieces("扬州市委市政府", SI_HAO), five - int(Pt(2.5)), SI_HAO, exact=int(Pt(2.5))).lines == 2
    # a line with digits keeps the margin for the space LibreOffice puts between them and Chinese
    mixed = int(cell_line_width("2021年", SI_HAO))
    assert wrap(pieces("2021年", SI_HAO), mixed - int(Pt(1)), SI_HAO, exact=int(Pt(2.5))).lines == 2


def test_a_large_table_still_gets_every_column_its_header() -> None:
    rows = [HEADER] + [
        [
            str(n),
            "江苏省中小学心理健康教育特色学校" * (n % 3 + 1),
            "扬州市委、市政府",
            "省级",
            "2021年3月",
            f"苏教〔2021〕{n}号",
        ]
        for n in range(1, 60)
    ]
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    for name, width in zip(HEADER, widths, strict=True):
        assert room(width) >= text_width(name, SI_HAO).pt
    assert room(widths[5]) >= cell_line_width("〔2021〕59号", SI_HAO).pt


def honour_table(
    services: Services,
    name: str,
    category: str,
    honours: tuple[tuple[str, str, str, str, str], ...],
    period: Period,
    tmp_path: Path,
) -> Path:
    """The built-in 荣誉一览表 of a unit holding these honours (title, level, by, awarded, 文号)."""
    unit = services.units.create({"name": name, "category": category})
    for title, level, by, awarded, number in honours:
        services.honours.create(
            unit.id,
            {"title": title, "level": level, "awarded_by": by, "awarded": awarded, "document_no": number},
        )
    target = tmp_path / "荣誉一览表.docx"
    request = GenerateRequest("荣誉一览表", [unit.id], period, dt.date(period.last_year + 1, 1, 8), target)
    [generated] = generate_reports(services.db, request)
    return generated.path


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_the_printed_village_table(services: Services, tmp_path: Path) -> None:
    """The built-in 荣誉一览表 of the village, printed by LibreOffice: each 扬州市委、 on one line, each
    〔2021〕12号 whole, and no row of the table three lines tall but the long title's."""
    target = honour_table(services, VILLAGE, "村", VILLAGE_HONOURS, Period(2021, 2023), tmp_path)
    [table] = Document(str(target)).tables
    assert [cell.text for cell in table.rows[0].cells] == HEADER
    printed = subprocess.run(
        ["pdftotext", "-layout", str(to_pdf(target)), "-"], capture_output=True, check=True
    )
    lines = [re.sub(r"\s+", "", line) for line in printed.stdout.decode("utf-8").splitlines()]
    assert sum("扬州市委、" in line for line in lines) == 2, "\n".join(lines)
    for number in ("〔2021〕12号", "〔2023〕8号"):
        assert any(number in line for line in lines), "\n".join(lines)


def test_a_date_breaks_before_its_month_to_keep_a_document_number_whole() -> None:
    """A person's table of seven columns: with 2023年5月 kept whole, the 文号 fell back to its header's width
    and printed as 鲁公发 / 〔 / 2023〕112 / 号; the date breaks before its month instead (2023年 / 5月)."""
    rows = [
        ["序号", "荣誉称号", "获得者", "授予单位", "级别", "时间", "文号"],
        ["1", "富民兴聊劳动奖章", "刘龙", "", "市级", "2023年5月", "鲁公发〔2023〕112号"],
        ["2", "全县十佳政法干警", "刘龙", "", "县区级", "2023年5月", "鲁公发〔2023〕112号"],
        ["3", "个人三等功", "刘龙", "县委县政府", "县区级", "2023年5月", "鲁公发〔2023〕112号"],
    ]
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    assert room(widths[6]) >= cell_line_width("〔2023〕112号", SI_HAO).pt
    assert room(widths[5]) >= cell_line_width("2023年", SI_HAO).pt
    assert [max(row) for row in table_lines(rows, widths)] == [2, 2, 2]


def test_a_large_table_keeps_its_dates_whole() -> None:
    """Over a hundred rows the widths are shared by the text: a date column at its year's width would
    break every date, each row a line taller for nothing."""
    rows = [HEADER] + [
        [str(n), "文明单位", "区文明委", "县区级", "2021年12月20日", ""] for n in range(1, 130)
    ]
    widths = column_widths(rows)
    assert room(widths[4]) >= cell_line_width("2021年12月20日", SI_HAO).pt


# A kindergarten's table that printed 省级文明单 / 位, 依法治校示 / 范校 and 巾帼文明 / 岗 in a narrow 荣誉称号
# column while the 时间 column kept 2000年10月 whole beside two-line 文号 (no row any shorter for it).
KINDERGARTEN = "长治市镇海区东湖第105幼儿园"
KINDERGARTEN_HONOURS = (
    ("平安单位", "国家级", "团市委", "2000-06", "甬文明〔2000〕34号"),
    ("省级文明单位", "乡镇级", "市教育局", "2000-10", "甬文明〔2000〕24号"),
    ("依法治校示范校", "市级", "区文明办", "2003-08", "甬文明〔2003〕76号"),
    ("全国文明单位", "市级", "市教育局", "2006-02", "甬文明〔2006〕81号"),
    ("巾帼文明岗", "单位内部", "市教育局", "2010-02", "甬文明〔2010〕74号"),
    ("卫生先进单位", "国家级", "市教育局", "2011-03", "甬文明〔2011〕41号"),
    ("体育传统项目学校", "省级", "团市委", "2015-08", "甬文明〔2015〕44号"),
    ("巾帼文明岗", "单位内部", "省文明委", "2019-12", "甬文明〔2019〕87号"),
)


def _kindergarten_rows() -> list[list[str]]:
    return [HEADER] + [
        [str(n), title, by, level, f"{awarded[:4]}年{int(awarded[5:])}月", number]
        for n, (title, level, by, awarded, number) in enumerate(KINDERGARTEN_HONOURS, 1)
    ]


def last_lines(text: str, width: Length) -> list[str]:
    """The lines of a cell's text in a column, as the widths are chosen."""
    layout = wrap(pieces(text, SI_HAO), int(width - layout_margins()), SI_HAO, exact=int(Pt(2.5)))
    starts = (0, *layout.starts, len(text))
    return [text[a:b] for a, b in pairwise(starts)]


def layout_margins() -> int:
    return int(layout.CELL_MARGIN * 2 + Pt(3))


def test_no_title_leaves_one_character_on_a_line() -> None:
    """The table takes no more lines than before, and no title ends on a line of one character."""
    rows = _kindergarten_rows()
    widths = column_widths(rows)
    assert sum(widths) == Mm(156)
    for row in rows[1:]:
        lines = last_lines(row[1], widths[1])
        assert len(lines[-1]) > 1, lines
    # every row is two lines tall (the 文号 breaks before its year), as with the widths chosen before
    assert [max(row) for row in table_lines(rows, widths)] == [2] * len(KINDERGARTEN_HONOURS)


def test_an_authority_breaks_after_its_comma() -> None:
    """市委、市 / 政府 breaks inside 市政府 where 市委、 / 市政府 takes as many lines: a width that does
    neither is chosen where the table has it (here 市委、市政府 on one line, the date broken before its month)."""
    rows = [
        HEADER,
        ["1", "省级文明单位", "市委、市政府", "县区级", "2009年7月", "甬文明〔2009〕37号"],
        ["2", "巾帼文明岗", "市教育局", "省级", "2010年10月", "甬文明〔2010〕75号"],
        ["3", "五四红旗团委", "区文明办", "省级", "2024年12月", "甬文明〔2024〕60号"],
    ]
    widths = column_widths(rows)
    for row in rows[1:]:
        assert len(last_lines(row[1], widths[1])[-1]) > 1
        lines = last_lines(row[2], widths[2])
        assert len(lines) == 1 or lines[0].endswith("、"), lines
    assert room(widths[5]) >= cell_line_width("〔2024〕60号", SI_HAO).pt
    assert room(widths[4]) >= cell_line_width("2024年", SI_HAO).pt


@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None, reason="no LibreOffice")
def test_the_printed_kindergarten_table_has_no_lone_character(services: Services, tmp_path: Path) -> None:
    """Printed by LibreOffice: no line of the table holds one character of a title alone (位, 岗, 校)."""
    target = honour_table(
        services, KINDERGARTEN, "幼儿园", KINDERGARTEN_HONOURS, Period(2000, 2024), tmp_path
    )
    printed = subprocess.run(
        ["pdftotext", "-layout", str(to_pdf(target)), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    lone = [
        line
        for line in printed.splitlines()
        if any(re.fullmatch(r"[\u4e00-\u9fff]", token) and token not in "年月日号" for token in line.split())
    ]
    assert not lone, printed
