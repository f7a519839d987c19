"""An honour register without a date column whose sheet name or title gives a year: the year is not given
to the honours (the register does not say each was awarded then), but the clerk is told, since honours
without a year stay out of every report's period."""

from __future__ import annotations

import re

from core.importing.readers import Row
from core.importing.register import Register, RowProblem

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年|学年|$)")


def undated_warning(register: Register, above_header: list[Row]) -> RowProblem | None:
    """The warning for an honour register with no 获得时间 column whose sheet name or title rows name one
    year; None otherwise."""
    if register.kind != "honours" or "honour.awarded" in register.mapping.values() or not register.rows:
        return None
    places = [(f"工作表名“{register.sheet}”", register.sheet)]
    places += [
        (f"第 {row.number} 行“{text}”", text)
        for row in above_header
        for text in [" ".join(str(v) for v in row.values if v is not None).strip()]
        if text
    ]
    for where, text in places:
        years = set(_YEAR.findall(text))
        if len(years) == 1:
            (year,) = years
            message = (
                f"表中没有“获得时间”列，导入的荣誉都不记年份（汇报默认不写没有年份的荣誉）；{where}写有"
                f"“{year}年”，如这些荣誉都是该年获得的，请在表中加一列“获得时间”填写后再导入"
            )
            return RowProblem(register.header.row_number, "", message, register.sheet)  # no column: none
    return None
