"""The second held-out set (heldout2.py), read through the real engine and scored field by field
(measure.py) against labels committed (012f76e) before the reader first ran on them. NO LONGER HELD OUT:
measured once with core/ untouched (8821cbb), then core/ was tuned on these certificates (certs5), with
general rules each tested apart in test_false_readings.py and tests/core/importing/test_infer.py. A
fresh held-out set is needed to measure the reader again.

First measured: 41 of 53 labelled fields right (50 proposed, 9 of them wrong), 1 of 2 文号 right.
After tuning: 50 of 53 right (52 proposed, 2 wrong), 2 of 2 证书编号 and 2 of 2 文号 right. Fixed —
  document_no: "根据甬教人〔2023〕56号" (a 文号 keeps no citing 根据/依据/按照/经);
  recipient: "" for the blank form's "同志：" (a blank names nobody); the team "宁波市荷花庄小学王丽、陈军、
    李华" (a unit followed by several people is parted: unit and recipients);
  level: 省级 for "宁波市省府路青少年宫" (a place named inside another is no bigger than it; 省府路 is a street);
  date: the 文件's 印发 date at its foot (taken only when no other date is printed), which also gives its
    signature 宁波市教育局 as the body;
  unit: the 文件's 主送 salutation "各区（县、市）教育局，局属各学校" (never the holder);
  the sideways scan, read as 竖排 right to left (its title the kindergarten's name, no body, no unit): a
    page whose heading column is leftmost lies on its left side, and is read left to right, bottom up;
  title: the team's "二等奖" without its contest (在…大赛中，作品《…》荣获二等奖: the work between them).
Still wrong —
  title: the 奖状's "…艺术节活动一等奖" (活动 kept: heldout.py has no such label to follow, so left);
  awarded_by: "宁波市勤州区教育局" (鄞 misread as 勤, not mended to the known place).
Missed: the 文件's unit (named only in its text, among 25 schools).

Floors: a change may raise them, never lower them (right at least, wrong at most).
"""

from __future__ import annotations

import pytest

from tests.core.certificates.measure import FIELDS, NUMBERS, FieldScore, measure_held_out_2, report
from tests.core.certificates.samples import need_ocr

# field → (right at least, wrong at most), of 10 labelled titles, bodies, dates and levels, 3 numbers
# (2 证书编号, 2 文号: one certificate has both), 7 units and 3 recipients
FLOORS = {
    "title": (9, 1),
    "awarded_by": (9, 1),
    "date": (10, 0),
    "number": (3, 0),
    "unit": (6, 0),
    "recipient": (3, 0),
    "level": (10, 0),
    "certificate_no": (2, 0),
    "document_no": (2, 0),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, FieldScore]:
    need_ocr()
    return measure_held_out_2()


@pytest.mark.parametrize("name", (*FIELDS, *NUMBERS))
def test_each_field_meets_its_floor(scores: dict[str, FieldScore], name: str) -> None:
    right, wrong = FLOORS[name]
    found = scores[name]
    assert found.right >= right, report({name: found})
    assert len(found.wrong) <= wrong, report({name: found})
