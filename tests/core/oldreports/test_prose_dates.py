"""Dates in an old report's prose: Chinese numerals (二〇二一年十月) read as digits are; 今年/去年/前年 counted
from the report's own year, never today's; a held honour given the month the report states only when the
clerk asks, undone with the import."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from core import cli
from core.db import open_database
from core.importing.history import undo_batch
from core.models import Honour
from core.oldreports.honours import honours_in_paragraph
from core.oldreports.proposal import read_report
from core.partial_date import PartialDate
from core.paths import DataDir

UNIT = "宁波市城西小学"


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue()


def dates(text: str, year: int | None) -> dict[str, tuple[PartialDate | None, bool, str]]:
    return {
        h.title: (h.awarded, h.year_inferred, h.notes_text())
        for h in honours_in_paragraph(text, document_year=year, heading_year=None)
    }


def test_chinese_numeral_dates_in_prose_are_read_to_the_month_they_give() -> None:
    found = dates(
        "二〇二一年十月，学校被区教育局评为区级先进集体。二○二〇年，学校被市教育局评为市级绿色学校。"
        "二〇一九年三月八日，学校被区妇联评为区级巾帼文明岗，被评为十佳文明单位。",
        None,
    )
    assert found["区级先进集体"][:2] == (PartialDate(2021, 10), False)
    assert found["市级绿色学校"][:2] == (PartialDate(2020), False)
    assert found["区级巾帼文明岗"][:2] == (PartialDate(2019, 3, 8), False)
    assert "十佳文明单位" in found  # numerals that are no date stay as written


def test_a_report_written_in_chinese_numerals_gives_its_year_heading_years_and_sources(
    tmp_path: Path,
) -> None:
    path = tmp_path / "汇报.txt"
    path.write_text(
        f"{UNIT}二〇二二年度工作总结\n一、二〇二〇年度\n学校被区教育局评为区级文明校园。\n"
        "二、工作成效\n去年十月，学校被市教育局评为市级语言文字示范校。\n"
        f"{UNIT}\n二〇二二年十二月\n",
        encoding="utf-8",
    )
    (proposal,) = read_report(path)
    assert proposal.year == 2022
    found = {h.title: h for h in proposal.honours}
    assert found["区级文明校园"].awarded == PartialDate(2020)  # the heading's year
    model = found["市级语言文字示范校"]
    assert (model.awarded, model.year_inferred) == (PartialDate(2021, 10), True)
    assert model.source == "去年十月，学校被市教育局评为市级语言文字示范校。"  # as the report writes it
    assert "按汇报年度 2022 年推算" in model.notes_text()


def test_relative_years_count_from_the_report_year_and_stay_open_without_it() -> None:
    text = "今年，学校被市教育局评为市级文明校园。去年10月学校被区教育局评为区级先进集体。前年，学校被区文明办评为区级书香校园。"
    known = dates(text, 2019)
    assert known["市级文明校园"][:2] == (PartialDate(2019), True)
    assert known["区级先进集体"][:2] == (PartialDate(2018, 10), True)
    assert known["区级书香校园"][:2] == (PartialDate(2017), True)

    # no year for the report: nothing is counted (not from today's year), and the review says why
    (honour, *_) = honours_in_paragraph(
        "去年10月，学校被区教育局评为区级先进集体。", document_year=None, heading_year=None
    )
    assert honour.awarded is None
    assert "原文写“去年”，汇报的年度未识别" in honour.notes_text()
    honour.follow_year(2020)  # the clerk gives the report's year
    assert (honour.awarded, honour.year_inferred) == (PartialDate(2019, 10), True)
    assert "汇报的年度未识别" not in honour.notes_text()


def _held(data: Path) -> list[tuple[str, int | None, int | None, int | None]]:
    database = open_database(DataDir(data))
    try:
        with database.session() as session:
            query = select(Honour.title, Honour.awarded_year, Honour.awarded_month, Honour.awarded_day).where(
                Honour.deleted_at.is_(None), Honour.title == "宁波市文明单位"
            )
            return [tuple(row) for row in session.execute(query)]  # type: ignore[misc]
    finally:
        database.dispose()


def _report(tmp_path: Path, name: str, when: str) -> Path:
    path = tmp_path / name
    path.write_text(
        f"{UNIT}2021年工作汇报\n{when}，学校被市委、市政府授予宁波市文明单位称号。\n{UNIT}\n2021年12月\n",
        encoding="utf-8",
    )
    return path


def test_the_month_a_report_states_fills_a_held_year_only_when_asked_and_undoes(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run("--data-dir", str(data), "import-report", str(_report(tmp_path, "a.txt", "2021年")))[0] == 0
    later = _report(tmp_path, "b.txt", "二〇二一年十月")

    code, out = run("--data-dir", str(data), "import-report", str(later), "--json")
    (item,) = json.loads(out)
    assert code == 0 and item["dates_filled"] == 0 and _held(data) == [("宁波市文明单位", 2021, None, None)]

    code, out = run("--data-dir", str(data), "import-report", str(later), "--fill-months", "--json")
    (item,) = json.loads(out)
    (honour,) = item["honours"]
    assert (honour["held_date"], honour["fill_date"], honour["date"]) == ("2021", True, "2021-10")
    assert code == 0 and item["dates_filled"] == 1 and item["honours_created"] == 0
    assert _held(data) == [("宁波市文明单位", 2021, 10, None)]

    database = open_database(DataDir(data))
    try:
        result = undo_batch(database, item["batch_id"])
    finally:
        database.dispose()
    assert result.honours_restored == 1 and _held(data) == [("宁波市文明单位", 2021, None, None)]


def test_a_recorded_month_that_differs_is_never_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "d"
    assert run("--data-dir", str(data), "import-report", str(_report(tmp_path, "a.txt", "2021年3月")))[0] == 0
    later = _report(tmp_path, "b.txt", "2021年10月")
    code, out = run("--data-dir", str(data), "import-report", str(later), "--fill-months", "--json")
    (item,) = json.loads(out)
    (honour,) = item["honours"]
    assert honour["note"] == "单位已有此荣誉（库中记为2021年3月）" and honour["held_date"] is None
    assert code == 0 and item["dates_filled"] == 0 and _held(data) == [("宁波市文明单位", 2021, 3, None)]


def test_undo_keeps_a_date_the_clerk_changed_after_the_fill(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("--data-dir", str(data), "import-report", str(_report(tmp_path, "a.txt", "2021年")))
    code, out = run(
        "--data-dir",
        str(data),
        "import-report",
        str(_report(tmp_path, "b.txt", "2021年10月")),
        "--fill-months",
        "--json",
    )
    (item,) = json.loads(out)
    assert code == 0 and item["dates_filled"] == 1
    database = open_database(DataDir(data))
    try:
        with database.session(write=True) as session:
            honour = session.scalars(select(Honour).where(Honour.title == "宁波市文明单位")).one()
            honour.awarded = PartialDate(2021, 11)
        result = undo_batch(database, item["batch_id"])
    finally:
        database.dispose()
    assert result.honours_restored == 0 and any("又修改过" in line for line in result.kept)
    assert _held(data) == [("宁波市文明单位", 2021, 11, None)]
