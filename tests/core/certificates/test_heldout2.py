"""The second held-out set (heldout2.py), read through the real engine and scored field by field
(measure.py) against labels committed (012f76e) before the reader first ran on them. HELD OUT: measured
once, with core/ as it was at 6c9be4d and untouched; nothing in core/ has been fixed on these yet.

Measured: 41 of 53 labelled fields right (50 proposed, 9 of them wrong), and of the numbers labelled apart
2 of 2 证书编号 and 1 of 2 文号 right (1 wrong). Wrong —
  title: the 奖状's "…艺术节活动一等奖" (活动 kept); the sideways scan's title taken as the kindergarten's
    name (the turned page read as 竖排, its rows out of order); the team's "二等奖" without its contest
    (在…大赛中，作品《…》荣获二等奖: the comma and the work's name part them);
  awarded_by: "宁波市勤州区教育局" (鄞 misread as 勤, not mended to the known place);
  date: the 文件's 印发 date 2023-12-06 at its foot instead of the 成文日期 2023-12-05 under the signature;
  unit: the 文件's salutation "各区（县、市）教育局，局属各学校" taken as the holder;
  recipient: an empty name "" proposed for the blank form's "同志："; the team as
    "宁波市荷花庄小学王丽、陈军、李华" (school and names not parted when several names follow the school);
  level: 省级 for "宁波市省府路青少年宫" (the 省 of the street name);
  document_no: "根据甬教人〔2023〕56号" (根据 kept).
Missed: the 文件's body (宁波市教育局, above the date under the seal) and the sideways scan's body and unit.

Floors: a change may raise them, never lower them (right at least, wrong at most). Once core/ is fixed on
these certificates they are no longer held out: say so here, as test_heldout.py does.
"""

from __future__ import annotations

import pytest

from tests.core.certificates.measure import FIELDS, NUMBERS, FieldScore, measure_held_out_2, report
from tests.core.certificates.samples import need_ocr

pytestmark = pytest.mark.held_out

# field → (right at least, wrong at most), of 10 labelled titles, bodies, dates and levels, 3 numbers
# (2 证书编号, 2 文号: one certificate has both), 7 units and 3 recipients
FLOORS = {
    "title": (7, 3),
    "awarded_by": (7, 1),
    "date": (9, 1),
    "number": (3, 0),
    "unit": (4, 1),
    "recipient": (2, 2),
    "level": (9, 1),
    "certificate_no": (2, 0),
    "document_no": (1, 1),
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
