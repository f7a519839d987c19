from pathlib import Path

import pytest

from core import paths
from core.paths import DataDir


def test_data_dir_override_wins(tmp_path: Path) -> None:
    assert DataDir.resolve(tmp_path / "x").root == (tmp_path / "x").resolve()


def test_default_is_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: str(tmp_path / "user-data"))
    assert DataDir.resolve().root == (tmp_path / "user-data").resolve()


@pytest.mark.parametrize("marker", ["portable", "portable.txt"])  # .txt: made in Explorer, extension hidden
def test_portable_marker_keeps_data_beside_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, marker: str
) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path)
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: str(tmp_path / "user-data"))
    (tmp_path / marker).write_text("", encoding="utf-8")
    assert DataDir.resolve().root == (tmp_path / "data").resolve()


def test_resources_are_found_from_source() -> None:
    assert paths.resource_path("demo", "demo_units.json").is_file()


def fake_platform_dirs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    """Windows' two application data folders: %APPDATA% (roaming) and %LOCALAPPDATA% (local)."""
    folders = {True: tmp_path / "Roaming" / "HonourDesk", False: tmp_path / "Local" / "HonourDesk"}
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path / "program")
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, roaming=False, **k: str(folders[roaming]))
    return folders[True], folders[False]


def test_the_data_lives_in_the_local_not_the_roaming_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _roaming, local = fake_platform_dirs(monkeypatch, tmp_path)
    assert DataDir.resolve().root == local.resolve()


def test_data_in_the_roaming_folder_is_moved_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.db import open_database
    from core.services import Services

    roaming, local = fake_platform_dirs(monkeypatch, tmp_path)
    old = Services.over(open_database(DataDir(roaming).create()))
    old.units.create({"name": "漫游文件夹中的单位"})
    old.db.dispose()
    (roaming / "attachments" / "1").mkdir()
    (roaming / "attachments" / "1" / "证书.png").write_bytes(b"png")
    (roaming / "settings.json").write_text('{"backups_to_keep": 7}', encoding="utf-8")

    moved = DataDir.resolve()
    assert moved.root == local.resolve() and moved.moved_from == roaming
    assert (local / "attachments" / "1" / "证书.png").read_bytes() == b"png"
    assert (local / "settings.json").exists() and not roaming.exists()
    again = Services.over(open_database(moved.create()))
    assert [s.unit.name for s in again.units.list()] == ["漫游文件夹中的单位"]
    again.db.dispose()
    assert DataDir.resolve().moved_from is None  # once only


def test_a_move_that_fails_leaves_the_data_where_it_was_and_uses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.db import open_database

    roaming, local = fake_platform_dirs(monkeypatch, tmp_path)
    open_database(DataDir(roaming).create()).dispose()

    def unreachable(source: Path, target: Path) -> None:
        raise OSError("the server holding the roaming profile went away")

    monkeypatch.setattr(paths, "move_data_folder", unreachable)
    assert DataDir.resolve().root == roaming.resolve()  # no empty database made in its place
    assert not (local / "honourdesk.db").exists()


def test_an_interrupted_move_is_done_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.db import open_database

    roaming, local = fake_platform_dirs(monkeypatch, tmp_path)
    open_database(DataDir(roaming).create()).dispose()
    (local / "backups").mkdir(parents=True)  # copied in part, the database not yet
    (local / "honourdesk.db.moving").write_bytes(b"half")
    assert DataDir.resolve().root == local.resolve()
    assert (local / "honourdesk.db").exists() and not (local / "honourdesk.db.moving").exists()


def test_a_data_folder_too_deep_for_windows_is_refused_in_chinese_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Long paths are off on a stock Windows: in a folder of 200 characters the database opened, and the
    first automatic backup failed with a message about a path the clerk never chose."""
    import io

    from core import cli
    from core.paths import INSIDE_CHARS

    fits = DataDir(Path("C:\\Users\\张 三\\AppData\\Local\\HonourDesk"))
    assert fits.too_long(windows=True) is None
    deep = "C:\\" + "\\".join(["各单位荣誉档案资料汇总"] * 20)
    refused = DataDir(Path(deep)).too_long(windows=True)
    assert (
        refused is not None
        and f"有 {len(deep)} 个字符" in refused
        and f"不超过 {259 - INSIDE_CHARS} 个字符" in refused
    )
    assert DataDir(Path(deep)).too_long(windows=False) is None

    original = DataDir.too_long
    monkeypatch.setattr(DataDir, "too_long", lambda self, windows=None: original(self, windows=True))
    folder = tmp_path
    while len(str(folder)) < 200:
        folder = folder / "各单位荣誉档案"
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["--data-dir", str(folder), "demo"], out, err) == 2
    assert "太长" in err.getvalue() and str(folder) in err.getvalue()
    assert not (tmp_path / "各单位荣誉档案").exists()


@pytest.mark.parametrize(
    ("program", "folder"),
    [
        (
            r"C:\Users\张三\AppData\Local\Temp\Temp1_HonourDesk-0.1.0-windows-x64.zip\HonourDesk",
            r"C:\Users\张三\AppData\Local\Temp\Temp1_HonourDesk-0.1.0-windows-x64.zip",
        ),
        (r"C:\Users\ZHANGS~1\AppData\Local\Temp\Rar$EXa9876.12345\HonourDesk", None),
        (r"C:\Users\张三\AppData\Local\Temp\7zO8C43B2E4\HonourDesk", None),
        (r"C:\Users\张三\AppData\Local\Temp\360zip$Temp\360$0\HonourDesk", None),
        (r"D:\HonourDesk", "-"),
        (r"D:\下载\HonourDesk-0.1.0-windows-x64\HonourDesk", "-"),  # unpacked properly, named after the zip
        (r"C:\Users\张三\AppData\Local\Temp\HonourDesk", "-"),  # odd, but not an archive's window
    ],
)
def test_a_program_run_inside_an_archives_window_is_recognised(program: str, folder: str | None) -> None:
    found = paths.archive_temporary_folder(program, windows=True)
    if folder == "-":
        assert found is None
    else:
        assert found is not None and program.startswith(found) and found.rsplit("\\", 1)[1][:3] in program
        assert folder is None or found == folder


@pytest.fixture
def in_archive_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HonourDesk.exe double-clicked in WinRAR: the bundle in Rar$EX…, with the portable marker of the zip."""
    program = tmp_path / "Temp" / "Rar$EXa4120.31806" / "HonourDesk"
    program.mkdir(parents=True)
    (program / "portable").write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "program_dir", lambda: program)
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: str(tmp_path / "user-data"))
    return program


def test_a_portable_program_in_an_archives_window_keeps_its_data_out_of_the_folder_deleted_with_it(
    in_archive_window: Path, tmp_path: Path
) -> None:
    assert DataDir.resolve().root == (tmp_path / "user-data").resolve()
    warning = paths.program_warning()
    assert warning is not None and str(in_archive_window.parent) in warning
    assert (
        "请先把整个 HonourDesk 文件夹解压到本机硬盘" in warning
        and "portable（便携模式）标记这次没有使用" in warning
    )


def test_a_command_run_from_an_archives_window_says_so_and_runs(
    in_archive_window: Path, tmp_path: Path
) -> None:
    from tests.core.cli.test_commands import run

    code, out, err = run("units")
    assert code == 0 and "没有符合条件的单位" in out and not (in_archive_window / "data").exists()
    assert (tmp_path / "user-data" / "honourdesk.db").exists()
    assert "提示：HonourDesk 正在从压缩软件的临时文件夹" in err


def test_a_program_unpacked_properly_gets_no_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "program_dir", lambda: tmp_path / "HonourDesk")
    assert paths.program_warning() is None
