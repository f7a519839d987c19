"""Network locations (issue 19, data at risk): UNC paths and mapped network drives are recognised on
Windows (GetDriveTypeW is replaced by a fake here: only the Windows workflow has drive letters), network
mounts elsewhere; a disconnected network folder is given up on quickly instead of blocking a dialog."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from core import drives

DRIVES = {"C:\\": drives.DRIVE_FIXED, "Z:\\": drives.DRIVE_REMOTE, "E:\\": drives.DRIVE_REMOVABLE}


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"\\fileserver\共享盘\HonourDesk\data", True),
        (r"//fileserver/share/honourdesk.db", True),
        (r"\\?\UNC\fileserver\share\honourdesk.db", True),
        (r"Z:\荣誉档案\data", True),
        (r"z:\data", True),
        (r"C:\Users\clerk\AppData\Local\HonourDesk", False),
        (r"\\?\C:\Users\clerk\honourdesk.db", False),
        (r"E:\HonourDesk\data", False),  # a USB stick is local
        (r"data\honourdesk.db", False),
    ],
)
def test_windows_network_locations(path: str, network: bool) -> None:
    answer = drives.is_network_path(
        path, windows=True, drive_type_of=lambda root: DRIVES.get(root.upper(), 0)
    )
    assert answer is network


MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
//nas/office /mnt/office cifs rw 0 0
nas:/export /srv/nfs\\040share nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/mnt/office/荣誉/honourdesk.db", True),
        ("/srv/nfs share/data", True),
        ("/mnt/office/local/data", False),  # a local disk mounted inside the share's mount point
        ("/home/clerk/.local/share/HonourDesk", False),
        ("/mnt/officeX/data", False),
    ],
)
def test_network_mounts_elsewhere(path: str, network: bool) -> None:
    assert drives.is_network_path(path, windows=False, mounts=MOUNTS) is network


def test_a_disconnected_network_folder_is_given_up_on_quickly() -> None:
    release = threading.Event()

    def hangs(_path: str) -> bool:  # Windows waits for the server of a disconnected mapped drive
        release.wait(30)
        return True

    try:
        assert drives.folder_reachable(r"Z:\报表", network=True, timeout=0.2, is_dir=hangs) is False
    finally:
        release.set()


def test_local_and_reachable_folders(tmp_path: Path) -> None:
    assert drives.folder_reachable(tmp_path) is True
    assert drives.folder_reachable(tmp_path / "missing") is False
    assert drives.folder_reachable(tmp_path, network=True) is True
    assert drives.folder_reachable("") is False


# Folders on C: that are links (os.readlink's answers, faked: mklink /D makes symbolic links, mklink /J
# junctions; a junction's target is read as \\?\C:\…). Any other folder is "not a reparse point".
LINKS = {
    r"C:\荣誉档案": r"\\fileserver\共享盘\荣誉档案",  # mklink /D C:\荣誉档案 \\fileserver\共享盘\荣誉档案
    r"C:\Users\clerk\Documents": r"\\?\UNC\fileserver\home\clerk",
    r"C:\共享": r"Z:\办公室",  # a link to a mapped drive's folder
    r"C:\资料": r"\\?\C:\本地资料",  # a junction to a local folder
    r"C:\本地资料\档案": r"..\本地资料\转到共享",  # a relative link, then one more to the share
    r"C:\本地资料\转到共享": r"C:\荣誉档案",
    r"C:\圈\A": r"C:\圈\B",  # a loop
    r"C:\圈\B": r"C:\圈\A",
}


def fake_readlink(path: str) -> str:
    if path in LINKS:
        return LINKS[path]
    if path.startswith(r"C:\不存在"):
        raise FileNotFoundError(2, "The system cannot find the file specified", path)
    error = OSError(22, "The file or directory is not a reparse point", path)
    error.winerror = 4390  # type: ignore[attr-defined]
    raise error


@pytest.mark.parametrize(
    ("path", "network"),
    [
        (r"C:\荣誉档案\data", True),
        (r"C:\Users\clerk\Documents\HonourDesk\data", True),
        (r"C:\共享\档案\data", True),
        (r"c:\资料\档案\data", False),  # case: the fake knows only C:\资料 (Windows would not care)
        (r"C:\资料\档案\data", True),  # junction → relative link → link to the share
        (r"C:\资料\其他\data", False),  # a junction to a local folder stays local
        (r"C:\Users\clerk\AppData\Local\HonourDesk", False),
        (r"C:\圈\A\data", False),  # a loop of links ends (Windows itself would refuse the path)
        (r"C:\不存在\data", False),
    ],
)
def test_a_folder_on_c_that_links_to_a_share_is_on_the_network(path: str, network: bool) -> None:
    answer = drives.is_network_path(
        path,
        windows=True,
        drive_type_of=lambda root: DRIVES.get(root.upper(), 0),
        readlink=fake_readlink,
    )
    assert answer is network


def test_links_are_read_only_up_to_the_share_never_inside_it() -> None:
    """The share may be gone: nothing past the link to it is looked at (reading there would wait for the
    server), nor anything on a mapped drive."""
    asked: list[str] = []

    def readlink(path: str) -> str:
        asked.append(path)
        return fake_readlink(path)

    for path in (r"C:\荣誉档案\data\honourdesk.db", r"Z:\办公室\data"):
        assert drives.is_network_path(
            path, windows=True, drive_type_of=lambda root: DRIVES.get(root.upper(), 0), readlink=readlink
        )
    assert asked == [r"C:\荣誉档案"]
