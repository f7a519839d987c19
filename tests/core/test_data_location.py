"""A database in a sync folder or on a network share is told apart from a safe local one (Windows paths,
OneDrive's variables and GetDriveTypeW given as fakes: this machine has no drive letters)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from core import cli, data_location, drives

DRIVES = {"C:\\": drives.DRIVE_FIXED, "D:\\": drives.DRIVE_FIXED, "Z:\\": drives.DRIVE_REMOTE}
ONEDRIVE = {
    "OneDrive": r"C:\Users\张 三\OneDrive - 东湖区文明办",
    "OneDriveCommercial": r"C:\Users\张 三\OneDrive - 东湖区文明办",
    "OneDriveConsumer": r"D:\个人云盘",  # moved and renamed by the user: only the variable knows it
}


def risk(path: str, environ: dict[str, str] | None = None) -> data_location.StorageRisk | None:
    return data_location.storage_risk(
        path,
        windows=True,
        environ=ONEDRIVE if environ is None else environ,
        drive_type_of=lambda root: DRIVES.get(root.upper(), drives.DRIVE_UNKNOWN),
    )


@pytest.mark.parametrize(
    ("path", "service"),
    [
        (r"C:\Users\张 三\OneDrive - 东湖区文明办\荣誉档案\data\honourdesk.db", "OneDrive"),
        (r"c:\users\张 三\onedrive - 东湖区文明办\data\honourdesk.db", "OneDrive"),  # any case
        (r"D:\个人云盘\HonourDesk\data\honourdesk.db", "OneDrive"),
        (r"C:\Users\李四\OneDrive\桌面\HonourDesk\data\honourdesk.db", "OneDrive"),  # no variable set
        (r"C:\Users\李四\Nutstore\1\我的坚果云\档案\honourdesk.db", "坚果云"),
        (r"D:\BaiduSyncdisk\荣誉档案\honourdesk.db", "百度网盘同步盘"),
        (r"C:\Users\王五\Documents\WPS Cloud Files\283746501\档案\honourdesk.db", "WPS 云文档"),
        (r"E:\Dropbox (东湖区)\档案\honourdesk.db", "Dropbox"),
        (r"\\?\C:\Users\李四\OneDrive\data\honourdesk.db", "OneDrive"),
    ],
)
def test_a_database_in_a_sync_folder_is_named_by_its_service(path: str, service: str) -> None:
    found = risk(path)
    assert found == data_location.StorageRisk(data_location.SYNC, service)
    text = found.text(path)
    assert path in text and f"{service} 同步文件夹" in text
    assert "PostgreSQL" in text and "本机" in text


@pytest.mark.parametrize(
    "path",
    [
        r"\\fileserver\共享盘\HonourDesk\data\honourdesk.db",
        r"\\?\UNC\fileserver\共享盘\honourdesk.db",
        r"Z:\荣誉档案\data\honourdesk.db",
    ],
)
def test_a_database_on_a_network_share_is_warned_about(path: str) -> None:
    found = risk(path)
    assert found is not None and found.kind == data_location.NETWORK
    assert "网络文件夹" in found.text(path) and "PostgreSQL" in found.text(path)


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\张 三\AppData\Local\HonourDesk\honourdesk.db",
        r"C:\Users\ZHANGS~1\AppData\Local\HonourDesk\honourdesk.db",
        r"D:\荣誉档案 2024\OneDrive备份说明\honourdesk.db",  # a folder merely mentioning OneDrive
        r"C:\Users\张 三\OneDriveTemp\honourdesk.db",  # beside the OneDrive folder, not in it
        r"E:\HonourDesk\data\honourdesk.db",  # a USB stick
    ],
)
def test_a_local_folder_is_not_warned_about(path: str) -> None:
    assert risk(path) is None


def test_an_empty_onedrive_variable_marks_nothing() -> None:
    assert risk(r"C:\Users\张三\AppData\Local\HonourDesk\honourdesk.db", {"OneDrive": ""}) is None
    assert risk(r"C:\honourdesk.db", {"OneDrive": "C:\\"}) is None  # a root is never taken for the folder


def test_posix_paths_are_read_as_posix() -> None:
    found = data_location.storage_risk(
        "/home/clerk/Dropbox/荣誉档案/honourdesk.db", windows=False, environ={}, mounts=""
    )
    assert found == data_location.StorageRisk(data_location.SYNC, "Dropbox")
    assert (
        data_location.storage_risk(
            "/home/clerk/.local/share/HonourDesk/honourdesk.db", windows=False, environ={}, mounts=""
        )
        is None
    )


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_a_command_on_a_data_folder_in_onedrive_warns_and_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    onedrive = tmp_path / "OneDrive - 东湖区文明办"
    monkeypatch.setenv("OneDrive", str(onedrive))
    data = onedrive / "荣誉档案" / "data"
    code, _, err = run("--data-dir", str(data), "demo")
    assert code == 0
    assert f"提示：数据库文件“{data / 'honourdesk.db'}”在 OneDrive 同步文件夹中" in err
    code, out, err = run("--data-dir", str(data), "units", "--search", "hhz")
    assert code == 0 and "宁波市荷花庄小学" in out and "OneDrive 同步文件夹" in err


def test_a_command_on_a_local_data_folder_says_nothing_of_the_kind(tmp_path: Path) -> None:
    code, _, err = run("--data-dir", str(tmp_path / "data"), "demo")
    assert code == 0 and "同步文件夹" not in err and "网络文件夹" not in err


def test_a_copy_into_a_sync_folder_is_done_and_warned_about(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "demo")[0] == 0
    target = tmp_path / "BaiduSyncdisk" / "副本.db"
    target.parent.mkdir()
    code, out, err = run("--data-dir", str(data), "copy", "--to", str(target))
    assert code == 0 and "已复制到" in out
    assert "百度网盘同步盘 同步文件夹" in err and target.is_file()


@pytest.mark.parametrize(
    ("typed", "warned"),
    [
        ("{dropbox}/副本.db", True),
        ("sqlite:///{dropbox}/副本.db", True),
        ("{local}/副本.db", False),
        ("postgresql+psycopg://clerk@192.168.1.20:5432/honours", False),
        ("", False),
        ("mysql://nonsense", False),  # its own check refuses it
    ],
)
def test_an_address_as_typed_is_warned_about_when_it_names_a_file_in_a_sync_folder(
    tmp_path: Path, typed: str, warned: bool
) -> None:
    text = typed.format(dropbox=(tmp_path / "Dropbox").as_posix(), local=tmp_path.as_posix())
    warning = data_location.warning_for_address(text)
    assert (warning is not None) is warned
    if warned:
        assert "Dropbox 同步文件夹" in warning and "副本.db" in warning


def test_a_database_behind_a_link_to_a_share_is_warned_about() -> None:
    """mklink /D C:\\荣誉档案 \\\\fileserver\\共享盘\\荣誉档案: the path reads as C:, the file is on the server."""

    def readlink(path: str) -> str:
        if path == r"C:\荣誉档案":
            return r"\\fileserver\共享盘\荣誉档案"
        raise OSError(22, "The file or directory is not a reparse point", path)

    found = data_location.storage_risk(
        r"C:\荣誉档案\data\honourdesk.db",
        windows=True,
        environ={},
        drive_type_of=lambda root: DRIVES.get(root.upper(), drives.DRIVE_UNKNOWN),
        readlink=readlink,
    )
    assert found is not None and found.kind == data_location.NETWORK
