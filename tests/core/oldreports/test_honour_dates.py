"""An honour's date as an old report gives it, to the month or the day: from a table's cell and from a
sentence; never a month or day the text does not give; an honour already held to the year is no new one."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from core import cli
from core.db import open_database
from core.models import Honour
from core.paths import DataDir
from tests.core.oldreports.written import Paragraphs, write_docx

UNIT = "宁波市城西小学"
DATED: Paragraphs = [
    f"{UNIT}2021年度工作总结",
    ("heading 1", "一、2019年度"),
    "学校被区教育局评为区级文明校园。",
    ("heading 1", "二、工作成效"),
    "2021年，学校被市委、市政府授予宁波市文明单位称号。2021年10月，学校被区教育局评为区级先进集体。2020年，学校被区妇联评为区级巾帼文明岗。"
    "今年，学校被市教育局评为市级语言文字示范校。2020年3月至6月，学校开展读书月活动，被区文明办评为"
    "区级书香校园。2019年4月省政府批准学校为课改试点，被市教育局评为市级教科研先进集体。",
    "附：学校获得的荣誉",
    [
        ["序号", "荣誉称号", "授予单位", "获得时间"],
        ["1", "宁波市文明单位", "市委、市政府", "2021年10月"],
        ["2", "宁波市绿色学校", "市教育局", "2021.10"],
        ["3", "宁波市平安校园", "市综治委", "2021年10月8日"],
        ["4", "宁波市书香校园", "市文明办", "2021年"],
        ["5", "浙江省示范学校", "浙江省教育厅", "二〇二一年十月"],
    ],
    UNIT,
    "2021年12月20日",
]
# title → (year, month, day) as the file gives them
EXPECTED = {
    "宁波市文明单位": (2021, 10, None),
    "宁波市绿色学校": (2021, 10, None),
    "宁波市平安校园": (2021, 10, 8),
    "宁波市书香校园": (2021, None, None),
    "浙江省示范学校": (2021, 10, None),
    "区级先进集体": (2021, 10, None),
    "区级巾帼文明岗": (2020, None, None),
    # no month where the text gives none: a heading's year, 今年, a range of months
    "区级文明校园": (2019, None, None),
    "市级语言文字示范校": (2021, None, None),
    "区级书香校园": (2020, None, None),
    "市级教科研先进集体": (2019, None, None),  # April is the approval's month, not the honour's
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def stored_dates(data: Path) -> dict[str, list[tuple[int | None, int | None, int | None]]]:
    database = open_database(DataDir(data))
    try:
        with database.session() as session:
            rows = session.execute(
                select(Honour.title, Honour.awarded_year, Honour.awarded_month, Honour.awarded_day).where(
                    Honour.deleted_at.is_(None)
                )
            ).all()
    finally:
        database.dispose()
    dates: dict[str, list[tuple[int | None, int | None, int | None]]] = {}
    for title, *date in rows:
        dates.setdefault(title, []).append(tuple(date))
    return dates


def test_import_report_keeps_the_month_and_day_the_file_gives(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "城西小学2021年度工作总结.docx", DATED)
    data = tmp_path / "d"
    code, out, _err = run("--data-dir", str(data), "import-report", str(path), "--dry-run")
    assert code == 0
    assert "宁波市平安校园 | 市综治委 | 2021年10月8日" in out
    assert "宁波市书香校园 | 市文明办 | 2021年 |" in out

    code, out, _err = run("--data-dir", str(data), "import-report", str(path), "--json")
    assert code == 0
    (item,) = json.loads(out)
    shown = {h["title"]: (h["date"], h["year"], h["month"], h["day"]) for h in item["honours"]}
    assert shown["宁波市平安校园"] == ("2021-10-08", 2021, 10, 8)
    assert shown["宁波市绿色学校"] == ("2021-10", 2021, 10, None)
    assert shown["宁波市书香校园"] == ("2021", 2021, None, None)
    # the sentence's 2021 and the table's 2021年10月 are one honour: the one with the month is ticked
    twice = [(h["date"], h["accepted"], h["note"]) for h in item["honours"] if h["title"] == "宁波市文明单位"]
    assert twice == [("2021", False, "本文件中另有一处写明了月份"), ("2021-10", True, None)]
    assert item["honours_created"] == len(EXPECTED)
    assert stored_dates(data) == {title: [date] for title, date in EXPECTED.items()}


def test_an_honour_held_to_the_year_is_no_new_one_and_the_review_says_so(tmp_path: Path) -> None:
    data = tmp_path / "d"
    earlier = tmp_path / "城西小学2021年汇报.txt"
    earlier.write_text(
        f"{UNIT}2021年工作汇报\n2021年，学校被市委、市政府授予宁波市文明单位称号。\n{UNIT}\n2021年12月\n",
        encoding="utf-8",
    )
    code, _out, _err = run("--data-dir", str(data), "import-report", str(earlier))
    assert code == 0 and stored_dates(data)["宁波市文明单位"] == [(2021, None, None)]

    path = write_docx(tmp_path / "城西小学2021年度工作总结.docx", DATED)
    code, out, _err = run("--data-dir", str(data), "import-report", str(path), "--json")
    assert code == 0
    (item,) = json.loads(out)
    held = {h["date"]: h for h in item["honours"] if h["title"] == "宁波市文明单位"}
    assert held["2021-10"]["accepted"] is False
    assert held["2021-10"]["note"] == "单位已有此荣誉，库中记为2021年，本文为2021年10月"
    assert (held["2021-10"]["held_date"], held["2021-10"]["fill_date"]) == ("2021", False)
    assert (held["2021"]["accepted"], held["2021"]["note"], held["2021"]["held_date"]) == (
        False,
        "单位已有此荣誉",
        None,
    )
    assert item["duplicates"] == 0 and item["honours_created"] == len(EXPECTED) - 1
    assert stored_dates(data)["宁波市文明单位"] == [(2021, None, None)]

    code, out, _err = run("--data-dir", str(data), "import-report", str(path), "--dry-run")
    assert "宁波市文明单位 | 市委、市政府 | 2021年10月" in out
    assert "单位已有此荣誉，库中记为2021年，本文为2021年10月（加 --fill-months 可为已有荣誉补上）" in out
