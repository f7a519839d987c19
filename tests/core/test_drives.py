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
