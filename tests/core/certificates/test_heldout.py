"""The held-out certificates (heldout.py), read through the real engine and scored field by field
(measure.py) against the labels written before the reader first ran on them.

Measured once as the reader was (commit f89f0f5): 40 fields right of 48 labelled and 48 proposed, 8 of
them wrong — the 竖排 columns glued into one title, a seal costing 委员会 its last two characters, a 奖牌's
title taken for a second body when the 10° turn glued its body and date, the English body beside the
Chinese one and "vember2023" as a certificate number, and a 聘书 proposed as the school's own honour.
Floors: a change may raise them, never lower them (right at least, wrong at most).
"""

from __future__ import annotations

import pytest

from tests.core.certificates.measure import FIELDS, FieldScore, measure_held_out, report
from tests.core.certificates.samples import need_ocr

# field → (right at least, wrong at most), of 9 labelled titles, bodies, dates and levels, 3 numbers,
# 7 units and 2 people
FLOORS = {
    "title": (7, 1),
    "awarded_by": (5, 4),
    "date": (9, 1),
    "number": (3, 1),
    "unit": (6, 0),
    "recipient": (2, 0),
    "level": (8, 1),
}


@pytest.fixture(scope="module")
def scores() -> dict[str, FieldScore]:
    need_ocr()
    return measure_held_out()


@pytest.mark.parametrize("name", FIELDS)
def test_each_field_meets_its_floor(scores: dict[str, FieldScore], name: str) -> None:
    right, wrong = FLOORS[name]
    found = scores[name]
    assert found.right >= right, report({name: found})
    assert len(found.wrong) <= wrong, report({name: found})
