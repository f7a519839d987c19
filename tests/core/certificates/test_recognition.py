"""Rendered certificates read back through the real engine: title, body, year and holder come out right.

Each image is recognised once per session (tests/core/certificates/samples.py); about 1.5–2 s each.
"""

from __future__ import annotations

import pytest

from core.certificates.understand import understand
from core.partial_date import PartialDate
from tests.core.certificates.samples import KNOWN, SCHOOL, need_ocr, sample_page

pytestmark = pytest.mark.usefixtures("ocr_installed")


@pytest.fixture(scope="module")
def ocr_installed() -> None:
    need_ocr()


def test_a_units_certificate_with_a_chinese_date_and_a_number() -> None:
    reading = understand(sample_page("unit"), KNOWN)
    assert reading.kind == "荣誉证书"
    assert reading.title.value == "宁波市绿色学校"
    assert reading.awarded_by.value == "宁波市教育局"
    assert reading.date.value == PartialDate(2022, 12)  # 二〇二二年十二月: no day invented
    assert (reading.unit.value, reading.unit_id) == (SCHOOL, 1)
    assert reading.recipient is None
    assert reading.certificate_no.value == "甬教证〔2022〕第0153号"
    assert reading.level.value == "市级"
    assert min(reading.confidences().values()) > 0.8


def test_a_persons_certificate_with_an_arabic_date() -> None:
    reading = understand(sample_page("person"), KNOWN)
    assert reading.recipient.value == "王丽"
    assert (reading.unit.value, reading.unit_id) == (SCHOOL, 1)  # "宁波市荷花庄小学 王丽 同志："
    assert reading.title.value == "宁波市优秀教师"
    assert reading.awarded_by.value == "宁波市人民政府"
    assert reading.date.value == PartialDate(2021, 9, 10)


def test_an_award_granting_a_title_with_a_seal_over_body_and_date() -> None:
    reading = understand(sample_page("award"), KNOWN)
    assert reading.kind == "奖状"
    assert reading.title.value == "浙江省文明校园"  # 授予…“浙江省文明校园”荣誉称号
    assert reading.unit.value == SCHOOL
    assert reading.awarded_by.value == "浙江省精神文明建设委员会"
    assert reading.date.value == PartialDate(2020, 11)
    assert reading.level.value == "省级"
    ring_text = [line for line in reading.lines if len(line.clean) <= 2 and line.role not in ("", "kind")]
    assert ring_text == []  # no seal ring text taken for a field


def test_a_plaque_has_its_title_in_the_largest_line_and_no_holder() -> None:
    reading = understand(sample_page("plaque"), KNOWN)
    assert reading.title.value == "宁波市文明单位"
    assert reading.awarded_by.value == "中共宁波市委、宁波市人民政府"
    assert reading.year == 2019
    assert reading.holder is None and reading.unit is None


def test_a_seal_over_the_signature_does_not_cost_the_body_or_the_date() -> None:
    reading = understand(sample_page("unit_seal"), KNOWN)
    assert reading.awarded_by.value == "宁波市教育局"
    assert reading.date.value == PartialDate(2022, 12)
    assert reading.title.value == "宁波市绿色学校"


def test_a_turned_blurred_phone_photo() -> None:
    reading = understand(sample_page("photo"), KNOWN)
    assert reading.title.value == "宁波市绿色学校"
    assert reading.awarded_by.value == "宁波市教育局"
    assert reading.year == 2022
    assert reading.unit.value == SCHOOL


def test_boxes_are_in_the_images_own_pixels() -> None:
    page = sample_page("photo")  # 1326 × 952 after the photo's shrinking
    assert (page.width, page.height) == (1326, 952)
    assert all(0 <= line.left < line.right <= page.width for line in page.lines)
    assert all(0 <= line.top < line.bottom <= page.height for line in page.lines)


def test_an_award_to_a_person_keeps_holder_and_title_apart_though_a_quote_is_lost() -> None:
    reading = understand(sample_page("award_person"), KNOWN)
    assert reading.title.value == "宁波市优秀教师"
    assert reading.recipient.value == "王丽" and reading.unit is None
    assert reading.date.value == PartialDate(2021, 9)
