"""import and export from the command line: JSON counts, exit codes, refusals, a round trip."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from core import cli
from core.paths import DATABASE_FILE
from tests.conftest import REPO
from tests.core.importing import registers


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def import_json(data: str, *argv: str) -> tuple[int, dict]:
    code, out, err = run("--data-dir", data, "import", *argv, "--json")
    assert not err or code == 2, err
    return code, json.loads(out) if out else {}


def test_import_json_counts_and_exit_1_when_rows_are_rejected(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    path = registers.honour_register(tmp_path / "荣誉登记表.xlsx")
    code, result = import_json(data, str(path))
    assert code == 1
    assert {
        k: result[k] for k in ("units_created", "units_updated", "honours_created", "duplicates", "rejected")
    } == {"units_created": 4, "units_updated": 0, "honours_created": 5, "duplicates": 1, "rejected": 3}
    error = {"sheet": "荣誉登记", "row": 12, "column": "获得时间", "message": result["errors"][1]["message"]}
    assert error == result["errors"][1]
    assert [e["row"] for e in result["errors"]] == [11, 12, 13]


def test_importing_again_creates_nothing(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    path = registers.honour_register(tmp_path / "r.xlsx")
    import_json(data, str(path))
    _, again = import_json(data, str(path))
    assert (again["units_created"], again["honours_created"], again["duplicates"]) == (0, 0, 6)


def test_clean_file_exits_0(tmp_path: Path) -> None:
    path = registers.csv_register(tmp_path / "r.csv", "gbk")
    code, result = import_json(str(tmp_path / "d"), str(path))
    assert code == 0 and result["honours_created"] == 3 and result["errors"] == []


def test_strict_changes_nothing(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    code, result = import_json(data, str(registers.honour_register(tmp_path / "r.xlsx")), "--strict")
    assert code == 1 and result["applied"] is False
    code, out, _ = run("--data-dir", data, "units", "--json")
    assert json.loads(out) == []


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    _, result = import_json(data, str(registers.honour_register(tmp_path / "r.xlsx")), "--dry-run")
    assert result["honours_created"] == 5 and result["applied"] is False
    assert json.loads(run("--data-dir", data, "units", "--json")[1]) == []


def test_unreadable_file_exits_2_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"this is not a workbook at all \x00\x01")
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import", str(bad), "--json")
    assert code == 2 and out == ""
    assert "坏文件.xlsx" in err and "Traceback" not in err


def test_text_output_names_rows_and_columns(tmp_path: Path) -> None:
    code, out, _ = run(
        "--data-dir", str(tmp_path / "d"), "import", str(registers.honour_register(tmp_path / "r.xlsx"))
    )
    assert code == 1
    assert "已导入“r.xlsx”" in out and "第 12 行“获得时间”" in out


def test_export_imports_back_to_the_same_data(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert run("--data-dir", first, "demo")[0] == 0
    path, _ = registers.unit_register_xlsx(tmp_path / "u.xlsx")
    run("--data-dir", first, "import", str(path))  # adds codes, phones and an extra field
    export = tmp_path / "导出.xlsx"
    code, out, _ = run("--data-dir", first, "export", str(export))
    assert code == 0 and "导出.xlsx" in out

    code, units = import_json(second, str(export), "--sheet", "单位")
    assert code == 0 and units["units_created"] > 8
    code, honours = import_json(second, str(export), "--sheet", "荣誉")
    assert code == 0 and honours["units_created"] == 0 and honours["duplicates"] == 0

    def snapshot(data: str) -> list[tuple]:
        from core.db import open_database
        from core.paths import DataDir
        from core.services import Services

        services = Services.over(open_database(DataDir(Path(data))))
        rows = []
        for summary in services.units.list():
            u = summary.unit
            rows.append(
                (
                    u.name,
                    u.short_name,
                    u.category,
                    u.region,
                    u.credit_code,
                    u.founded,
                    u.leader,
                    u.phone,
                    u.staff_count,
                    u.land_area_m2,
                    u.profile,
                    u.motto,
                    u.extra,
                    summary.honour_count,
                )
            )
        for h in services.honours.list():
            rows.append(
                (
                    h.unit_id and services.units.get(h.unit_id).name,
                    h.title,
                    h.level,
                    h.awarded_by,
                    h.awarded,
                    h.document_no,
                    h.recipient,
                    h.category,
                    h.status,
                )
            )
        services.db.dispose()
        return sorted(rows, key=repr)

    assert snapshot(second) == snapshot(first)


def test_the_whole_export_imports_back_in_one_batch_units_first(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    assert run("--data-dir", first, "demo")[0] == 0
    export = tmp_path / "导出.xlsx"
    assert run("--data-dir", first, "export", str(export))[0] == 0
    code, result = import_json(second, str(export))
    assert code == 0 and result["errors"] == []
    sheets = {sheet["sheet"]: sheet for sheet in result["sheets"]}
    assert [sheet["sheet"] for sheet in result["sheets"]] == ["单位", "荣誉", "工作材料"]
    assert sheets["荣誉"]["units_created"] == 0 and sheets["荣誉"]["duplicates"] == 0
    assert sheets["工作材料"]["units_created"] == 0 and sheets["工作材料"]["materials_created"] > 0
    units = json.loads(run("--data-dir", first, "units", "--json")[1])
    again = json.loads(run("--data-dir", second, "units", "--json")[1])
    assert sorted((u["name"], u["honours"]) for u in again) == sorted(
        (u["name"], u["honours"]) for u in units
    )
    _, repeated = import_json(second, str(export))
    assert repeated["units_created"] == repeated["honours_created"] == 0  # the same file again: nothing new


def test_every_register_sheet_is_reported_with_its_skipped_rows_and_sheets(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    path = registers.yearly_workbook(tmp_path / "各年度.xlsx")
    code, out, _ = run("--data-dir", data, "import", str(path))
    assert code == 0
    assert "已导入“各年度.xlsx”的工作表“单位”、“2019年”、“2020年”" in out
    assert "工作表“2019年”已跳过第 5 行（隐藏的行）、第 6 行（合计行）" in out
    assert "未导入工作表“填表说明”：找不到可识别的表头" in out and "未导入工作表“旧表”：隐藏的工作表" in out
    code, result = import_json(str(tmp_path / "e"), str(path), "--sheet", "2020年")
    assert code == 0 and [sheet["sheet"] for sheet in result["sheets"]] == ["2020年"]
    assert (result["units_created"], result["honours_created"]) == (2, 3)


def test_new_units_are_found_by_pinyin_after_the_import(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    run("--data-dir", data, "import", str(registers.honour_register(tmp_path / "r.xlsx")))
    code, out, _ = run("--data-dir", data, "units", "--search", "dlpcs", "--json")
    assert code == 0 and [unit["name"] for unit in json.loads(out)] == ["东鲁派出所"]


def test_a_listing_never_waits_for_another_programs_write_to_fill_pending_keys(tmp_path: Path) -> None:
    """The keys an import left are filled by the next command when the database is free; while another
    program writes, a listing goes on without them (found by name) instead of waiting for the lock."""
    data = str(tmp_path / "d")
    run("--data-dir", data, "import", str(registers.honour_register(tmp_path / "r.xlsx")))
    writer = sqlite3.connect(tmp_path / "d" / DATABASE_FILE, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another window or PC in the middle of an import
    try:
        code, out, err = run("--data-dir", data, "units", "--search", "东鲁", "--json")
        assert code == 0, err
        assert [unit["name"] for unit in json.loads(out)] == ["东鲁派出所"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    code, out, _ = run("--data-dir", data, "units", "--search", "dlpcs", "--json")
    assert code == 0 and [unit["name"] for unit in json.loads(out)] == ["东鲁派出所"]


PANIC_ONCE = """
import sys
sys.path.insert(0, {repo!r})
from core import cli
from core.importing.readers.tables import CalamineTable

class PanicException(BaseException):  # what pyo3 raises when Rust code panics
    pass

original, raised = CalamineTable._load, []

def panics_once(self, sheet):
    if not raised:
        raised.append(sheet)
        raise PanicException("index out of bounds")
    original(self, sheet)

CalamineTable._load = panics_once
code = cli.run(sys.argv[1:])
print("raised" if raised else "not raised")
sys.exit(code)
"""


def test_a_calamine_panic_while_reading_ahead_prints_nothing(tmp_path: Path) -> None:
    """The reading proper reads the file again and answers for it; no English traceback on the console."""
    register = registers.honour_register(tmp_path / "r.xlsx")
    argv = ["--data-dir", str(tmp_path / "d"), "import", str(register)]
    done = subprocess.run(
        [sys.executable, "-c", PANIC_ONCE.format(repo=str(REPO)), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 1 and "新增荣誉 5 项" in done.stdout and "raised" in done.stdout
    assert done.stderr == ""


def test_a_database_whose_pending_keys_cannot_be_filled_is_still_backed_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The keys are derived data: a damaged units table must not stop a backup, a check or a restore."""
    from sqlalchemy.exc import OperationalError

    from core.services.units import UnitService

    data = str(tmp_path / "d")
    run("--data-dir", data, "import", str(registers.honour_register(tmp_path / "r.xlsx")))

    def damaged(self: UnitService) -> bool:
        raise OperationalError("SELECT units", {}, Exception("database disk image is malformed"))

    monkeypatch.setattr(UnitService, "has_pending_keys", damaged)
    code, out, err = run("--data-dir", data, "backup", str(tmp_path / "备份.db"))
    assert code == 0, err
    assert (tmp_path / "备份.db").is_file() and "Traceback" not in out + err
