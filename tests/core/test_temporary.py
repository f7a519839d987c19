"""A file is written in a hidden folder beside its target, then renamed: a run killed mid-write leaves
nothing the clerk sees beside the report (Windows shows dot-files, so the folder gets the hidden attribute),
and the next write into the folder clears what an hour-old killed run left.

Windows' SetFileAttributesW is faked here (nothing runs Windows); the folder, the rename, the kill and the
clean-up are real (Linux)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import files, temporary
from core.errors import UserError
from tests.core.windows_errors import windows_error

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3600.0


class FakeKernel32:
    """GetFileAttributesW/SetFileAttributesW over a dict; refuses to set any attribute when told to
    (a NAS share that keeps no hidden attribute)."""

    def __init__(self, refuse: bool = False) -> None:
        self.attributes: dict[str, int] = {}
        self.set_calls: list[tuple[str, int]] = []
        self.refuse = refuse

    def GetFileAttributesW(self, name: str) -> int:
        if not os.path.exists(name):
            return temporary.INVALID_FILE_ATTRIBUTES
        # FILE_ATTRIBUTE_DIRECTORY, and NOT_CONTENT_INDEXED as a OneDrive folder may carry
        return self.attributes.get(name, 0x10 | 0x2000 if os.path.isdir(name) else 0x20)

    def SetFileAttributesW(self, name: str, attributes: int) -> int:
        self.set_calls.append((name, attributes))
        if self.refuse:
            return 0
        self.attributes[name] = attributes | (0x10 if os.path.isdir(name) else 0)
        return 1


@pytest.fixture
def kernel32(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    fake = FakeKernel32()
    monkeypatch.setattr(temporary, "_kernel32", lambda: fake)
    return fake


@pytest.fixture(autouse=True)
def fresh_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(temporary, "_swept", set())


def visible(folder: Path) -> list[str]:
    """What Explorer shows once the hidden folder is hidden: everything but it."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(temporary.PREFIX))


def test_the_temporary_file_lies_in_a_hidden_folder_beside_the_report_and_goes_with_it(
    tmp_path: Path,
) -> None:
    target = tmp_path / "宁波市荷花庄小学-情况汇报-2026.docx"
    seen: list[Path] = []

    def save(path: Path) -> None:
        seen.append(path)
        path.write_bytes(b"report")
        assert visible(tmp_path) == []  # nothing beside the report while it is written

    files.write_atomically(target, save)
    (path,) = seen
    assert path.parent.parent == tmp_path and path.parent.name.startswith(".honourdesk-")
    assert path.name == target.name and temporary.target_of(path) == target
    assert [p.name for p in tmp_path.iterdir()] == [target.name] and target.read_bytes() == b"report"


def test_on_windows_the_folder_is_hidden_and_the_report_is_not(
    tmp_path: Path, kernel32: FakeKernel32
) -> None:
    target = tmp_path / "城关镇中心小学-情况汇报-2026.docx"
    path = temporary.temporary_beside(target, windows=True)
    path.write_bytes(b"report")
    files.replace(path, target)
    temporary.release(path)
    ((name, attributes),) = kernel32.set_calls
    assert name == str(path.parent.absolute())
    assert attributes & temporary.FILE_ATTRIBUTE_HIDDEN
    assert attributes & 0x2000 and not attributes & 0x10  # kept what it had; the directory bit not passed
    assert str(target) not in kernel32.attributes  # the report itself is never hidden
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_share_that_keeps_no_hidden_attribute_still_gets_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeKernel32(refuse=True)
    monkeypatch.setattr(temporary, "_kernel32", lambda: fake)
    monkeypatch.setattr(files, "WINDOWS", True)
    target = tmp_path / "情况汇报.docx"
    files.write_atomically(target, lambda path: path.write_bytes(b"report"))
    assert fake.set_calls and target.read_bytes() == b"report"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_where_no_folder_may_be_made_the_dot_file_beside_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A share may let a user create files but not folders (NTFS keeps the two rights apart)."""
    real_mkdir = Path.mkdir

    def refused(self: Path, *args: object, **kwargs: object) -> None:
        if self.name.startswith(temporary.PREFIX):
            raise windows_error(files.ERROR_ACCESS_DENIED, "拒绝访问。", errno=13)
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refused)
    target = tmp_path / "情况汇报.docx"
    seen: list[Path] = []
    files.write_atomically(target, lambda path: seen.append(path) or path.write_bytes(b"report"))
    assert seen == [tmp_path / ".情况汇报.part.docx"] and temporary.target_of(seen[0]) == target
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_folder_too_deep_for_the_hidden_folder_on_windows_uses_the_shorter_dot_file(tmp_path: Path) -> None:
    room = files.MAX_PATH_CHARS - len(str(tmp_path.absolute())) - 1
    target = tmp_path / ("x" * (room - 12) + ".docx")  # its dot-file fits; the hidden folder's path does not
    assert temporary.temporary_beside(target, windows=True) == temporary.dot_file(target)
    assert list(tmp_path.iterdir()) == []
    files.check_path_length(temporary.dot_file(target), target, windows=True)


def test_two_writers_in_one_folder_never_remove_each_others_folder(tmp_path: Path) -> None:
    first = temporary.temporary_beside(tmp_path / "甲小学-情况汇报-2026.docx")
    files.write_atomically(tmp_path / "乙小学-情况汇报-2026.docx", lambda path: path.write_bytes(b"B"))
    first.write_bytes(b"A")  # the first writer's folder is still there
    files.replace(first, tmp_path / "甲小学-情况汇报-2026.docx")
    temporary.release(first)
    assert visible(tmp_path) == ["乙小学-情况汇报-2026.docx", "甲小学-情况汇报-2026.docx"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(temporary.PREFIX)]


KILLED_WRITER = """
import os, sys
from pathlib import Path
from core import files

def save(path):
    with open(path, "wb") as half:
        half.write(b"PK half a document")
        half.flush()
        os._exit(9)  # killed mid-write: no clean-up runs

files.write_atomically(Path(sys.argv[1]), save)
"""


def kill_mid_write(target: Path) -> None:
    code = textwrap.dedent(KILLED_WRITER)
    done = subprocess.run([sys.executable, "-c", code, str(target)], cwd=ROOT, timeout=60, check=False)
    assert done.returncode == 9


def age(path: Path, seconds: float) -> None:
    for item in [path, *path.iterdir()] if path.is_dir() else [path]:
        stamp = item.stat().st_mtime - seconds
        os.utime(item, (stamp, stamp))


def test_a_run_killed_mid_write_leaves_the_report_and_nothing_visible(tmp_path: Path) -> None:
    target = tmp_path / "宁波市荷花庄小学-情况汇报-2026.docx"
    target.write_bytes(b"last year's report")
    kill_mid_write(target)
    assert visible(tmp_path) == [target.name] and target.read_bytes() == b"last year's report"
    (leftover,) = [p for p in tmp_path.iterdir() if p.name.startswith(temporary.PREFIX)]
    assert [p.name for p in leftover.iterdir()] == [target.name]  # the half document, hidden away


def test_the_next_write_clears_an_hour_old_leftover_but_not_a_write_in_progress(tmp_path: Path) -> None:
    report = tmp_path / "宁波市荷花庄小学-情况汇报-2026.docx"
    kill_mid_write(report)
    (killed,) = [p for p in tmp_path.iterdir() if p.name.startswith(temporary.PREFIX)]
    age(killed, 2 * HOUR)
    older = tmp_path / ".旧版遗留-情况汇报-2026.part.docx"  # the older scheme's leftover
    older.write_bytes(b"half")
    age(older, 2 * HOUR)
    busy = temporary.temporary_beside(tmp_path / "甲小学-情况汇报-2026.docx")  # another program, writing now
    busy.write_bytes(b"being written")
    mine = tmp_path / ".clerk-notes.part.txt"  # not a name this program writes: never touched
    mine.write_bytes(b"x")
    age(mine, 2 * HOUR)

    files.write_atomically(tmp_path / "乙小学-情况汇报-2026.docx", lambda path: path.write_bytes(b"B"))

    assert not killed.exists() and not older.exists()
    assert busy.read_bytes() == b"being written" and mine.exists()
    assert visible(tmp_path) == [".clerk-notes.part.txt", "乙小学-情况汇报-2026.docx"]


def test_leftovers_are_judged_by_the_folders_clock_not_this_pcs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file server's clock may be hours off this PC's (a wrong time zone): a leftover written a minute
    ago by the server's clock stays however late this PC thinks it is."""
    kill_mid_write(tmp_path / "甲小学-情况汇报-2026.docx")
    (fresh,) = [p for p in tmp_path.iterdir() if p.name.startswith(temporary.PREFIX)]
    age(fresh, 60)
    monkeypatch.setattr("time.time", lambda: os.stat(tmp_path).st_mtime + 8 * HOUR)
    files.write_atomically(tmp_path / "乙小学-情况汇报-2026.docx", lambda path: path.write_bytes(b"B"))
    assert fresh.exists()


def test_a_temporary_path_leads_back_to_its_target_in_both_schemes(tmp_path: Path) -> None:
    target = tmp_path / "A小学-情况汇报-2026.docx"
    assert temporary.target_of(tmp_path / ".honourdesk-0a1b2c3d" / target.name) == target
    assert temporary.target_of(tmp_path / ".A小学-情况汇报-2026.part.docx") == target


def test_a_temporary_file_quarantined_before_its_rename_names_the_security_software(tmp_path: Path) -> None:
    """360 or 火绒 may delete or quarantine a freshly written file: the rename then finds nothing."""
    target = tmp_path / "情况汇报.docx"
    target.write_bytes(b"last year's report")

    def written_then_taken(path: Path) -> None:
        path.write_bytes(b"new")
        path.unlink()

    with pytest.raises(UserError) as refused:
        files.write_atomically(target, written_then_taken)
    assert refused.value.message == (
        "无法写入“情况汇报.docx”：刚写好的临时文件不见了，可能被安全软件（如 360、火绒）删除或隔离。"
        "请在安全软件中允许 HonourDesk 后重试。"
    )
    assert target.read_bytes() == b"last year's report" and visible(tmp_path) == ["情况汇报.docx"]
    gone = FileNotFoundError(2, "No such file", str(tmp_path / "缺少的文件夹" / "x.docx"))
    assert "不存在或已断开" in files.why_not_written(tmp_path / "缺少的文件夹" / "x.docx", gone)
