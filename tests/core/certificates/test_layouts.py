"""Layouts the held-out certificates showed read wrong, as the recogniser returns their lines: a 奖牌
photographed 10° askew, whose body and date lines' upright rectangles overlap, and a 竖排 certificate,
whose columns were glued into one line and read as one title."""

from __future__ import annotations

from core.certificates.lines import Page, TextLine, reading_order
from core.certificates.understand import understand
from core.partial_date import PartialDate
from tests.core.certificates.samples import KNOWN, SCHOOL

Box = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]


def quad(text: str, *corners: tuple[float, float]) -> TextLine:
    box: Box = corners  # type: ignore[assignment]
    return TextLine(text, 0.98, box)


def column(text: str, left: float, top: float, width: float = 37) -> TextLine:
    """A 竖排 column: one character under the other, about 1.12 letter heights apart."""
    bottom = top + 1.12 * width * len(text)
    return quad(text, (left, top), (left + width, top), (left + width, bottom), (left, bottom))


def test_a_plaque_photographed_askew_keeps_title_body_and_date_apart() -> None:
    lines = [  # as read from a 奖牌 turned 10°, at 1200 px
        quad("浙江省示范性家长学校", (176, 413), (987, 272), (1000, 354), (190, 495)),
        quad("浙江省妇女联合会", (486, 554), (741, 511), (747, 549), (492, 592)),
        quad("二〇一八年十二月", (498, 610), (747, 569), (753, 606), (504, 648)),
    ]
    page = Page(reading_order(lines), 1200, 929)
    assert [line.text for line in page.lines] == [line.text for line in lines]  # was: body and date glued
    reading = understand(page, KNOWN)
    assert reading.title.value == "浙江省示范性家长学校"  # was: none, and the title taken for a body
    assert reading.awarded_by.value == "浙江省妇女联合会"
    assert reading.date.value == PartialDate(2018, 12)


def test_a_vertical_certificate_is_read_column_by_column_right_to_left() -> None:
    lines = [
        quad("荣誉证书", (456, 92), (744, 92), (744, 171), (456, 171)),
        column("宁波市海曙区第一幼儿园", 972, 203),  # its colon lost
        column("你园被评为『宁波市平安校园", 884, 232),  # the closing quote lost
        column("特发此证’以资鼓励", 794, 232),
        column("宁波市教育局", 314, 400),
        column("二〇二一年六月", 239, 430),
    ]
    page = Page(reading_order(lines), 1200, 825)
    assert len(page.lines) == 6  # was: the three columns of the text glued into one line
    reading = understand(page, KNOWN)
    assert reading.title.value == "宁波市平安校园"  # was: 『宁波市平安校园宁波市海曙区第一幼儿园宁波市教育局
    assert reading.unit.value == "宁波市海曙区第一幼儿园" and reading.unit_id == 2
    assert reading.awarded_by.value == "宁波市教育局"
    assert reading.date.value == PartialDate(2021, 6)
    assert reading.level.value == "市级"
    # the lines keep their own boxes in the image (the review draws them), with the roles they were read for
    assert reading.lines is page.lines and lines[4].box[0] == (314, 400) and lines[4].role == "awarded_by"


def test_a_title_whose_closing_quote_was_lost_at_a_lines_end_before_the_title_goes_on() -> None:
    lines = [
        quad("宁波市荷花庄小学：", (150, 255), (427, 255), (427, 291), (150, 291)),
        quad("被评为“宁波市中小学校园文化建设", (219, 323), (800, 323), (800, 359), (219, 359)),
        quad("示范学校荣誉称号。", (150, 383), (460, 383), (460, 419), (150, 419)),
        quad("宁波市教育局", (838, 593), (1036, 593), (1036, 630), (838, 630)),
        quad("2021年1月", (860, 653), (1031, 653), (1031, 689), (860, 689)),
    ]
    reading = understand(Page(reading_order(lines), 1200, 825), KNOWN)
    assert reading.title.value == "宁波市中小学校园文化建设示范学校"  # not cut where the line ends


def lying(text: str, left: float, bottom: float, width: float = 40) -> TextLine:
    """A row of a certificate scanned lying on its left side: a column read from its bottom up."""
    top = bottom - 1.05 * width * len(text)
    return quad(text, (left, top), (left + width, top), (left + width, bottom), (left, bottom))


def test_a_certificate_scanned_lying_on_its_side_is_read_from_its_heading_on() -> None:
    lines = [  # a landscape 荣誉证书 turned a quarter to the left: its heading at the image's left
        lying("荣誉证书", 60, 700, 90),
        lying(f"{SCHOOL}：", 260, 1100),
        lying("你校在2022年度工作中成绩突出，被评为", 340, 1020),
        lying("“江北区平安校园”", 420, 1100),
        lying("特发此证。", 500, 1020),
        lying("宁波市江北区教育局", 640, 480),
        lying("2022年12月", 720, 450),
    ]
    page = Page(reading_order(lines), 825, 1200)
    assert page.vertical
    reading = understand(page, KNOWN)
    assert reading.title.value == "江北区平安校园"  # was: the school's name, the rows read last to first
    assert reading.unit.value == SCHOOL and reading.unit_id == 1
    assert reading.awarded_by.value == "宁波市江北区教育局"
    assert reading.date.value == PartialDate(2022, 12)
