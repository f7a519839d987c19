"""What the bulk writing of an import leaves in the records, and the backup made alongside it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

import core.backup
from core.errors import UserError
from core.importing.apply import apply_import
from core.importing.history import undo_batch
from core.importing.register import read_register
from core.models import ChangeLog, Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.pinyin_keys import search_keys
from core.progress import Cancelled
from core.services import Services
from tests.conftest import make_credit_code

HEADER = ["单位名称", "简称", "统一社会信用代码", "荣誉称号", "级别", "授予单位", "获得时间", "有效期至"]


def register(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def counts(services: Services) -> tuple[int, int, int]:
    with services.db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Unit)) or 0,
            session.scalar(select(func.count()).select_from(Honour)) or 0,
            session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
        )


def test_new_units_and_honours_hold_every_value(services: Services, tmp_path: Path) -> None:
    code = make_credit_code()
    path = register(
        tmp_path / "r.xlsx",
        [
            ["长治市第一中学", "长治一中", code, "文明校园", "市级", "市文明委", "2019年5月", "2030-12-31"],
            ["荷花庄小学", None, None, "绿色学校", "省级", None, 2018, None],
        ],
    )
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_created"] == 2 and result.counts["honours_created"] == 2
    assert services.units.search("czyz") == []  # pinyin keys come after the import
    assert (
        services.units.fill_pending_keys() == 2 and services.units.fill_pending_keys() == 0
    )  # versions kept
    with services.db.session() as session:
        units = {unit.name: unit for unit in session.scalars(select(Unit))}
        school = units["长治市第一中学"]
        assert (school.short_name, school.credit_code, school.name_key) == (
            "长治一中",
            code,
            "长治市第一中学",
        )
        assert (school.pinyin_full, school.pinyin_initials) == search_keys("长治市第一中学", "长治一中")
        assert school.category == "学校" and school.extra == {
            "类别推断": "名称以“中学”结尾"
        }  # a guess, so marked
        assert school.version == 1 and school.deleted_at is None
        assert school.created_at is not None and school.updated_at is not None
        honours = {honour.title: honour for honour in session.scalars(select(Honour))}
    campus = honours["文明校园"]
    assert campus.unit_id == school.id and honours["绿色学校"].unit_id == units["荷花庄小学"].id
    assert (campus.level, campus.awarded_by, campus.awarded) == ("市级", "市文明委", PartialDate(2019, 5))
    assert campus.valid_until == dt.date(2030, 12, 31) and campus.title_key == "文明校园"
    assert (campus.status, campus.version, campus.import_batch_id) == ("有效", 1, result.batch_id)
    assert isinstance(campus.created_at, dt.datetime) and honours["绿色学校"].valid_until is None
    assert [summary.unit.name for summary in services.units.search("czyz")] == ["长治市第一中学"]


def test_many_new_units_each_get_their_own_honours(services: Services, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [f"第{n % 700}号学校", None, None, f"荣誉{n}", "市级", None, 2019, None] for n in range(1400)
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    assert result.counts["units_created"] == 700 and result.counts["honours_created"] == 1400
    with services.db.session() as session:
        pairs = session.execute(select(Unit.name, Honour.title).join(Honour, Honour.unit_id == Unit.id))
        assert {title: name for name, title in pairs} == {
            f"荣誉{n}": f"第{n % 700}号学校" for n in range(1400)
        }
        batch = session.get(ImportBatch, result.batch_id)
        assert batch is not None and len(batch.undo_data["created_units"]) == 700
        assert (
            session.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.action == "import"))
            == 1
        )
    undone = undo_batch(services.db, result.batch_id)  # type: ignore[arg-type]
    assert (undone.honours_removed, undone.units_removed) == (1400, 700)
    assert counts(services)[:2] == (0, 0)


def test_a_credit_code_two_new_units_give_is_refused_on_the_second(
    services: Services, tmp_path: Path
) -> None:
    code = make_credit_code()
    path = register(
        tmp_path / "r.xlsx",
        [
            ["甲单位", None, code, "先进", "市级", None, 2019, None],
            ["甲单位", None, code, "优秀", "市级", None, 2019, None],  # the same unit again: fine
            ["乙单位", None, code, "先进", "市级", None, 2019, None],
        ],
    )
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_created"] == 1 and result.counts["honours_created"] == 2
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "统一社会信用代码", f"统一社会信用代码“{code}”与第 2 行重复")
    ]


def test_duplicates_of_recorded_honours_depend_on_title_year_and_body(
    services: Services, tmp_path: Path
) -> None:
    unit = services.units.create({"name": "甲单位"})
    services.honours.create(unit.id, {"title": "文明单位", "awarded": "2019", "awarded_by": "市文明委"})
    services.honours.create(unit.id, {"title": "平安单位", "awarded": "2018"})
    rows: list[list[object]] = [
        ["甲单位", None, None, "文明单位", "市级", "市 文明委", 2019, None],  # same body: duplicate
        ["甲单位", None, None, "文明单位", "市级", None, 2019, None],  # no body: duplicate
        ["甲单位", None, None, "文明单位", "市级", "区文明办", 2019, None],  # another body: new
        ["甲单位", None, None, "文明单位", "市级", "市文明委", 2020, None],  # another year: new
        [
            "甲单位",
            None,
            None,
            "平安单位",
            "市级",
            "区政法委",
            2018,
            None,
        ],  # recorded without body: duplicate
        ["甲单位", None, None, "“平安单位”", "市级", None, 2017, None],  # another year: new
        ["甲单位", None, None, "平安单位", "市级", None, 2017, None],  # the row above: duplicate
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    assert [row.status for row in result.plan.rows] == [  # type: ignore[union-attr]
        "duplicate",
        "duplicate",
        "new",
        "new",
        "duplicate",
        "new",
        "duplicate",
    ]


def test_a_duplicate_row_names_the_earlier_row_not_the_records(services: Services, tmp_path: Path) -> None:
    """Seen in the window: a register giving 浙江省绿色学校 twice said of the second row “已有记录” though
    the records held nothing yet; the clerk looked it up in vain. It names the row it repeats."""
    unit = services.units.create({"name": "甲单位"})
    services.honours.create(unit.id, {"title": "文明单位", "awarded": "2019"})
    rows: list[list[object]] = [
        ["甲单位", None, None, "绿色学校", "省级", "省教育厅", 2022, None],  # row 2: new
        ["甲单位", None, None, "文明单位", "市级", None, 2019, None],  # row 3: in the records
        ["甲单位", None, None, "绿色学校", "省级", "省教育厅", 2022, None],  # row 4: row 2 again
        ["甲单位", None, None, "绿色学校", "省级", None, 2022, None],  # row 5: row 2, body left out
        ["甲单位", None, None, "绿色学校", "省级", "市教育局", 2022, None],  # row 6: another body, new
        ["甲单位", None, None, "绿色学校", "省级", "市 教育局", 2022, None],  # row 7: row 6 again
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    plan = result.plan
    assert plan is not None
    said = {row.number: row.message for row in plan.rows if row.status == "duplicate"}
    assert said == {
        3: "“文明单位”已有记录，跳过",
        4: "“绿色学校”与本表第 2 行重复，跳过",
        5: "“绿色学校”与本表第 2 行重复，跳过",
        7: "“绿色学校”与本表第 6 行重复，跳过",
    }
    assert result.counts["honours_created"] == 2 and result.counts["duplicates"] == 4


def test_persons_of_a_unit_with_the_same_title_of_a_year_are_each_imported(
    services: Services, tmp_path: Path
) -> None:
    """A register of a decision's teachers: 陈建国 was skipped as a duplicate of 王丽's honour (same school,
    title and year), so the records, and every name list from them, lost him. The same person again, or the
    school's own title under its own name or 集体, is still a duplicate."""
    school = services.units.create({"name": "甲小学", "short_name": "甲小"})
    services.honours.create(school.id, {"title": "优秀教师", "awarded": "2024", "recipient": "王丽"})
    services.honours.create(school.id, {"title": "优秀教师", "awarded": "2024"})  # the school's own
    header = ["单位名称", "荣誉称号", "获得者", "获得时间"]
    rows: list[list[object]] = [
        ["甲小学", "优秀教师", "王丽", 2024],  # recorded: duplicate
        ["甲小学", "优秀教师", "陈建国", 2024],  # another teacher: new
        ["甲小学", "优秀教师", "陈建国", 2024],  # the row above: duplicate
        ["甲小学", "优秀教师", "甲小", 2024],  # the school's own, by its short name: duplicate
        ["乙小学", "优秀教师", "李明", 2024],  # a new school's teacher
        ["乙小学", "优秀教师", "刘芳", 2024],  # and another: new
        ["乙小学", "优秀教师", "集体", 2024],  # the new school's own: new
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows, header)))
    assert [row.status for row in result.plan.rows] == [  # type: ignore[union-attr]
        "duplicate", "new", "duplicate", "duplicate", "new", "new", "new"
    ]  # fmt: skip
    holders = sorted(h.recipient or "" for h in services.honours.list())
    assert holders == ["", "刘芳", "李明", "王丽", "陈建国", "集体"]


def test_a_unit_register_updates_and_creates_units(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "甲单位", "leader": "张三"})
    header = ["单位名称", "负责人", "成立时间", "职工人数", "校园网址"]
    rows: list[list[object]] = [
        ["甲单位", "李四", None, None, None],
        ["乙单位", "王五", "1989年9月", "25人", "x.cn"],
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "u.xlsx", rows, header)))
    assert result.counts["units_updated"] == 1 and result.counts["units_created"] == 1
    with services.db.session() as session:
        units = {unit.name: unit for unit in session.scalars(select(Unit))}
    assert units["甲单位"].leader == "李四"
    new = units["乙单位"]
    assert (new.leader, new.founded, new.staff_count, new.extra) == (
        "王五",
        PartialDate(1989, 9),
        25,
        {"校园网址": "x.cn"},
    )


@pytest.mark.sqlite_only
def test_the_backup_holds_the_records_before_the_import(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": "甲单位"})
    services.honours.create(unit.id, {"title": "老荣誉"})
    rows: list[list[object]] = [
        [f"单位{n}", None, None, "先进", "市级", None, 2019, None] for n in range(300)
    ]
    apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    backups = services.db.data_dir.backups  # type: ignore[union-attr]
    [backup] = backups.glob("*before-import*")
    assert not list(backups.glob("*.part"))
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("SELECT count(*) FROM honours").fetchone()[0] == 1
        assert copy.execute("SELECT count(*) FROM units").fetchone()[0] == 1
    assert counts(services) == (301, 301, 1)


@pytest.mark.sqlite_only
def test_a_failed_backup_leaves_the_records_as_they_were(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing(*_args: object, **_kwargs: object) -> Path:
        raise UserError("备份未通过完整性检查（坏了），未保存。")

    monkeypatch.setattr(core.backup, "backup_database", failing)
    rows: list[list[object]] = [["甲单位", None, None, "先进", "市级", None, 2019, None]]
    with pytest.raises(UserError, match="备份未通过"):
        apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    assert counts(services) == (0, 0, 0)


@pytest.mark.sqlite_only
def test_a_cancelled_import_leaves_the_records_and_a_whole_backup(services: Services, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [f"单位{n % 50}", None, None, f"荣誉{n}", "市级", None, 2019, None] for n in range(3000)
    ]

    def cancel_among_honours(done: int, total: int, label: str = "") -> None:
        if "荣誉" in label:
            raise Cancelled()

    with pytest.raises(Cancelled):
        apply_import(
            services.db, read_register(register(tmp_path / "r.xlsx", rows)), progress=cancel_among_honours
        )
    assert counts(services) == (0, 0, 0)
    backups = services.db.data_dir.backups  # type: ignore[union-attr]
    assert len(list(backups.glob("*before-import*"))) == 1 and not list(backups.glob("*.part"))


def test_keys_of_a_unit_renamed_while_they_are_computed_are_not_written_over_it(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another import gives the unit a short name while the window fills the keys: the keys of the old
    names are not stored for the new ones; they stay pending and the next fill gets them right."""
    import core.services.units as units_module

    apply_import(
        services.db,
        read_register(register(tmp_path / "r.xlsx", [["长治市第一中学", None, None, "文明校园"]])),
    )
    original = units_module.search_keys

    def renamed_meanwhile(*texts: str | None) -> tuple[str, str]:
        with services.db.session(write=True) as session:
            session.execute(update(Unit).values(short_name="长治一中"))
        monkeypatch.setattr(units_module, "search_keys", original)
        return original(*texts)

    monkeypatch.setattr(units_module, "search_keys", renamed_meanwhile)
    services.units.fill_pending_keys()
    assert services.units.search("czyz") == []
    assert services.units.fill_pending_keys() == 1
    assert [found.unit.name for found in services.units.search("czyz")] == ["长治市第一中学"]
    with services.db.session() as session:
        unit = session.scalar(select(Unit))
        assert unit is not None and unit.version == 1  # derived data: no one's edit conflicts


def test_every_row_goes_in_once_with_its_values_whatever_the_statement_size(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows go in many to a statement (on SQLite); a small variable limit makes odd-sized statements and a
    short last one: every unit and honour is there once, with its own values, and found by its name."""
    import core.importing.apply as apply

    monkeypatch.setattr(apply, "_variable_limit", lambda _dbapi: 97)
    rows: list[list[object]] = [
        [
            f"第{n % 301}号学校",
            None,
            None,
            f"荣誉{n}",
            ["市级", "省级"][n % 2],
            f"机关{n % 7}",
            2000 + n % 20,
            None,
        ]
        for n in range(1203)
    ]
    result = apply_import(services.db, read_register(register(tmp_path / "r.xlsx", rows)))
    assert result.counts["units_created"] == 301 and result.counts["honours_created"] == 1203
    with services.db.session() as session:
        found = session.execute(
            select(Unit.name, Honour.title, Honour.level, Honour.awarded_by, Honour.awarded_year).join(
                Honour, Honour.unit_id == Unit.id
            )
        )
        assert sorted(found, key=lambda row: int(row[1][2:])) == [
            (f"第{n % 301}号学校", f"荣誉{n}", ["市级", "省级"][n % 2], f"机关{n % 7}", 2000 + n % 20)
            for n in range(1203)
        ]
    assert [s.unit.name for s in services.units.search("第300号学校")] == ["第300号学校"]
    assert [s.unit.name for s in services.units.search("第7号学校")] == ["第7号学校"]


def test_a_statement_failing_while_honours_are_written_leaves_the_records_as_they_were(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Honours go in many to a statement, a chunk at a time: one failing after others have gone in (here
    naming a unit that is not there) fails the whole import, nothing is kept, and the next import works."""
    import core.importing.apply as apply

    original = apply._honour_row

    def broken(unit_id: int, values: dict[str, object]) -> tuple[object, ...]:
        return original(10**9 if values["title"] == "荣誉2500" else unit_id, values)  # type: ignore[arg-type]

    rows: list[list[object]] = [
        [f"单位{n % 40}", None, None, f"荣誉{n}", "市级", None, 2019, None] for n in range(3000)
    ]
    path = register(tmp_path / "r.xlsx", rows)
    monkeypatch.setattr(apply, "_honour_row", broken)
    with pytest.raises(IntegrityError):
        apply_import(services.db, read_register(path))
    assert counts(services) == (0, 0, 0)
    monkeypatch.setattr(apply, "_honour_row", original)
    assert apply_import(services.db, read_register(path)).counts["honours_created"] == 3000
    assert counts(services) == (40, 3000, 1)
