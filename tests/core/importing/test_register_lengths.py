"""Text longer than its field holds: the row is rejected naming the column and the limit, and nothing of it
is written; a value just at the limit goes in. (The import checks lengths only for rows holding such a
value: these rows are what that shortcut must still catch.)"""

from __future__ import annotations

from pathlib import Path

from core.importing.apply import apply_import
from core.importing.register import read_register
from core.services import HonourFilter, Services
from tests.core.importing.keeping import write_register

HEADER = ["单位名称", "荣誉称号", "授予单位", "获得时间", "地址"]


def test_text_over_its_fields_limit_rejects_the_row_naming_column_and_limit(
    services: Services, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["甲" * 200, "文明单位", "区文明办", "2019", None],  # 2: a name of 200 characters fits
        ["乙" * 201, "文明单位", "区文明办", "2019", None],  # 3: one too many
        ["丙单位", "称" * 301, "区文明办", "2019", None],  # 4
        ["丁单位", "先进集体", "授" * 201, "2019", "址" * 301],  # 5: two fields over
        ["戊单位", "先进集体", "授" * 201, "2019年13月", None],  # 6: a bad date is told first, alone
    ]
    register = read_register(write_register(tmp_path / "r.xlsx", HEADER, rows))
    problems = {row.number: [(p.column, p.message) for p in row.problems] for row in register.rows}
    assert problems[2] == []
    assert problems[3] == [("单位名称", "内容过长（最多 200 个字）")]
    assert problems[4] == [("荣誉称号", "内容过长（最多 300 个字）")]
    assert problems[5] == [("地址", "内容过长（最多 300 个字）"), ("授予单位", "内容过长（最多 200 个字）")]
    assert [column for column, _message in problems[6]] == ["获得时间"]

    result = apply_import(services.db, register)
    assert result.counts["rejected"] == 4 and result.counts["honours_created"] == 1
    assert [summary.unit.name for summary in services.units.list()] == ["甲" * 200]
    assert [h.title for h in services.honours.list(HonourFilter())] == ["文明单位"]
