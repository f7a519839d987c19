"""A register is read once, from a private copy hashed as it was made: a file that changes on its U 盘 or
share while it is imported (a sync program, a colleague still saving it) is neither read unchecked nor
recorded under another content's hash, and the wizard's later reading refuses a file changed since its
preview. Messages name the user's file; no copy is left behind."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from core import files
from core.errors import UserError
from core.importing import readers
from core.importing.apply import apply_import
from core.importing.readers import NOT_SPREADSHEET, UnreadableFileError, open_table_file
from core.importing.readers import formats as formats_module
from core.importing.register import read_register
from core.importing.workbook import ChangedSincePreview, SheetChoice, preview_sheets, read_registers
from core.models import Honour, ImportBatch, Unit
from core.partial_date import PartialDate
from core.services import Services
from tests.core.importing.keeping import write_register

HEADER = ["单位名称", "荣誉称号", "获得时间"]
FIRST = [["甲单位", "先进集体", "2019"], ["乙单位", "文明单位", "2020"]]
SECOND = [["丙单位", "未审核的荣誉", "2021"], ["丁单位", "另一项", "2022"], ["戊单位", "第三项", "2023"]]


@pytest.fixture(autouse=True)
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary directory, for these tests a folder of their own to look into."""
    folder = tmp_path / "系统临时文件夹"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def register(path: Path, rows: list[list[object]]) -> Path:
    return write_register(path, HEADER, rows)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def swap_after(monkeypatch: pytest.MonkeyPatch, name: str, swap: Callable[[], object]) -> None:
    """readers.<name> runs, then the user's file is replaced (once)."""
    real = getattr(readers, name)
    done: list[bool] = []

    def then_swap(*args: object) -> object:
        result = real(*args)
        if not done:
            done.append(True)
            swap()
        return result

    monkeypatch.setattr(readers, name, then_swap)


def names(registers: list) -> list[str]:  # type: ignore[type-arg]
    return [row.unit["name"] for register in registers for row in register.rows]


def test_a_file_replaced_after_its_size_was_checked_is_not_read_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sizers passed the file, then a sync program replaced it before calamine opened it: the rows
    read are still those of the file checked, and the hash recorded is of those bytes."""
    path = register(tmp_path / "荣誉登记表.xlsx", FIRST)
    checked = digest(path)
    swap_after(monkeypatch, "_detect_kind", lambda: register(path, SECOND))
    source = read_registers(path)
    assert names(source.registers) == ["甲单位", "乙单位"]
    assert source.file_hash == checked and source.registers[0].file_hash == checked
    assert source.path == path and source.registers[0].path == path


def test_the_hash_recorded_for_the_batch_is_of_the_rows_imported(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replaced once the workbook was open (and its hash, taken after, used to be of the new file): the
    batch records the hash of the file whose rows it imported."""
    path = register(tmp_path / "荣誉登记表.xlsx", FIRST)
    imported = digest(path)
    real_open = readers._OPENERS["xlsx"]

    def open_then_swap(opened: Path) -> object:
        table = real_open(opened)
        register(path, SECOND)
        return table

    monkeypatch.setitem(readers._OPENERS, "xlsx", open_then_swap)
    apply_import(services.db, read_register(path))
    with services.db.session() as session:
        [batch] = session.scalars(select(ImportBatch)).all()
        assert batch.file_hash == imported and batch.file_name == str(path)
        assert sorted(session.scalars(select(Unit.name))) == ["乙单位", "甲单位"]


def test_month_formats_come_from_the_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2019.1 shown as "0.00" is October; the file replaced (formatted "0.0") before the formats were
    looked up does not turn it into January."""

    def write(path: Path, number_format: str) -> Path:
        register(path, [["甲单位", "先进集体", 2019.1]])
        book = load_workbook(path)
        book.active["C2"].number_format = number_format
        book.save(path)
        return path

    path = write(tmp_path / "格式.xlsx", "0.00")
    real = formats_module.number_formats

    def swap_then_read(*args: object) -> object:
        write(path, "0.0")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("core.importing.months.number_formats", swap_then_read)
    assert read_register(path).rows[0].honour["awarded"] == PartialDate(2019, 10)


def test_the_wizard_refuses_a_file_changed_since_its_preview(services: Services, tmp_path: Path) -> None:
    path = register(tmp_path / "荣誉登记表.xlsx", FIRST)
    previewed = preview_sheets(path)
    [sheet] = previewed.sheets
    choice = {sheet.sheet: SheetChoice(sheet.header, None)}  # type: ignore[arg-type]
    assert previewed.file_hash == digest(path)
    assert names(read_registers(path, choices=choice, expected_hash=previewed.file_hash).registers) == [
        "甲单位",
        "乙单位",
    ]

    register(path, SECOND)
    with pytest.raises(ChangedSincePreview) as caught:
        read_registers(path, choices=choice, expected_hash=previewed.file_hash)
    assert caught.value.message.startswith("文件“荣誉登记表.xlsx”在预览之后被修改过，请重新预览")
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Honour)) == 0


def test_no_copy_is_left_behind(private_temp: Path, tmp_path: Path) -> None:
    path = register(tmp_path / "荣誉登记表.xlsx", FIRST)
    preview_sheets(path)
    read_registers(path)
    with open_table_file(path) as table:
        assert table.source.is_file() and private_temp in table.source.parents
        assert table.source.read_bytes() == path.read_bytes()
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: no workbook in it
    with pytest.raises(UnreadableFileError):
        open_table_file(broken)
    headless = write_register(tmp_path / "无表头.xlsx", ["甲", "乙"], [["1", "2"]])
    with pytest.raises(UserError):
        read_registers(headless)
    assert list(private_temp.iterdir()) == []


def test_messages_name_the_users_file_whatever_the_copy_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the file's own name would make the copy's path too long for Windows, the copy is given a
    short one; the message still names the clerk's file."""
    monkeypatch.setattr(files, "MAX_PATH_CHARS", 10)
    broken = tmp_path / "各单位荣誉登记表.xlsx"
    broken.write_bytes(b"PK\x05\x06" + bytes(18))
    with pytest.raises(UnreadableFileError) as caught:
        open_table_file(broken)
    assert caught.value.message == f"文件“各单位荣誉登记表.xlsx”{NOT_SPREADSHEET}。"
    assert caught.value.path == broken


def test_copies_a_killed_run_left_go_an_hour_later(private_temp: Path, tmp_path: Path) -> None:
    left = private_temp / "honourdesk-read-k1ll3d00" / "荣誉登记表.xlsx"
    left.parent.mkdir()
    left.write_bytes(b"PK\x05\x06" + bytes(18))
    fresh = private_temp / "honourdesk-read-wr1t1ng0" / "另一份.xlsx"  # another window reading right now
    fresh.parent.mkdir()
    fresh.write_bytes(b"")
    hours_ago = time.time() - 2 * 3600
    for path in (left, left.parent):
        os.utime(path, (hours_ago, hours_ago))
    read_registers(register(tmp_path / "荣誉登记表.xlsx", FIRST))
    assert list(private_temp.iterdir()) == [fresh.parent]


def test_closing_ends_rows_still_being_read_before_the_copy_goes(private_temp: Path, tmp_path: Path) -> None:
    """A CSV's rows are streamed from its open file; on Windows that copy could not be deleted while the
    stream held it, so closing the table ends the stream first."""
    path = tmp_path / "荣誉登记表.csv"
    path.write_text(
        "单位名称,荣誉称号\n" + "".join(f"单位{n},先进集体\n" for n in range(50)), encoding="utf-8"
    )
    table = open_table_file(path)
    rows = table.rows(table.sheet_names[0])
    assert next(rows).values == ["单位名称", "荣誉称号"]
    table.close()
    assert next(rows, None) is None
    assert list(private_temp.iterdir()) == []


def test_a_temporary_folder_that_fails_is_not_blamed_on_the_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register is fine; the system's temporary folder is gone (or the disk is full): the message
    says so, rather than that the clerk's file is missing or damaged."""
    path = register(tmp_path / "荣誉登记表.xlsx", FIRST)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "不存在的临时文件夹"))
    with pytest.raises(UserError) as caught:
        read_registers(path)
    assert caught.value.message.startswith("无法把文件“荣誉登记表.xlsx”复制到本机的临时文件夹后读取：")
    assert not isinstance(caught.value, UnreadableFileError)

    full = OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    real = files.copy_hashed

    def disk_full(*args: object, **kwargs: object) -> tuple[str, int]:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise full

    monkeypatch.setattr(files, "copy_hashed", disk_full)
    with pytest.raises(UserError) as caught:
        read_registers(path)
    assert "空间不足" in caught.value.message and "荣誉登记表.xlsx" in caught.value.message
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("honourdesk-read-")]


def test_a_csv_copied_under_a_short_name_keeps_its_own_sheet_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_PATH_CHARS", 10)
    path = tmp_path / "各单位荣誉登记表.csv"
    path.write_text("单位名称,荣誉称号,获得时间\n甲单位,先进集体,2019\n", encoding="utf-8")
    with open_table_file(path) as table:
        assert table.source.name == "file.csv" and table.sheet_names == ["各单位荣誉登记表"]
    source = read_registers(path)
    assert source.sheets == ["各单位荣誉登记表"] and names(source.registers) == ["甲单位"]
