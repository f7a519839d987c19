"""Where a file is written before it is renamed onto its name, and what a killed run leaves there.

A report is written whole under a temporary name and then renamed onto NAME.docx, so that a failure never
leaves half a document under the user's name. The temporary file lies in a new folder of its own,
`.honourdesk-XXXXXXXX`, beside the target:

- the same folder's volume, so the rename stays one atomic step (also on a network share or in OneDrive);
- hidden: Windows shows dot-files, so a file `.NAME.part.docx` beside the report (the older scheme) was
  visible until the next run when the program was killed mid-write. The folder is given Windows' hidden
  attribute, which does not stop files being created in it; the file itself is not hidden (Python's
  open("wb") of an existing hidden file fails, and the renamed report would keep the attribute);
- one folder per write: two programs writing into the same folder at once (the window and the command
  line, two PCs on one share) never remove each other's folder.

The folder is removed after the rename (or the failure). Leftovers of a run killed mid-write, and the older
scheme's dot-files, are removed by the next write into the same folder once they are an hour old by the
folder's own clock (a file server's clock may differ from this PC's by hours). Where no folder can be made
(a share that lets files but not folders be created, a path too long for Windows), the older dot-file
beside the target is used.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path
from typing import Any

from core import files

log = logging.getLogger(__name__)

PREFIX = ".honourdesk-"
OVERHEAD = len(PREFIX) + 8 + 1  # characters the hidden folder adds to a target's path
STALE_AFTER = 3600.0  # seconds: nothing is written that long without its file being touched
_ATTEMPTS = 3
FILE_ATTRIBUTE_HIDDEN = 0x2
INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF
# The attributes SetFileAttributesW accepts (others, such as the directory bit, must not be passed back).
_SETTABLE = 0x1 | 0x2 | 0x4 | 0x20 | 0x80 | 0x100 | 0x1000 | 0x2000
_DOT_FILE = re.compile(r"\..+\.part\.(docx|xlsx)", re.IGNORECASE)
_swept: set[str] = set()


def dot_file(target: Path) -> Path:
    """The older scheme, still the fallback: .NAME.part.docx beside NAME.docx."""
    return target.with_name(f".{target.stem}.part{target.suffix}")


def temporary_beside(target: Path, *, windows: bool | None = None) -> Path:
    """Make a hidden folder beside target and return the path, inside it, to write target's content to
    before it is renamed onto target (target's folder must exist). Pair with release()."""
    target = Path(target)
    windows = files.WINDOWS if windows is None else windows
    if (
        windows
        and files.path_length(target.parent.absolute()) + OVERHEAD + 1 + files.path_length(target.name)
        > files.MAX_PATH_CHARS
    ):
        return dot_file(target)  # the dot-file's path is shorter; check_path_length() judges it
    for _ in range(_ATTEMPTS):
        folder = target.parent / f"{PREFIX}{secrets.token_hex(4)}"
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as error:  # no right to make folders here, a file system that refuses: a dot-file
            log.info("无法在 %s 中建立临时文件夹（%r），临时文件改放在旁边", target.parent, error)
            return dot_file(target)
        hide(folder, windows=windows)
        return folder / target.name
    return dot_file(target)


def target_of(temporary: Path) -> Path:
    """The file a temporary_beside() path becomes."""
    temporary = Path(temporary)
    if temporary.parent.name.startswith(PREFIX):
        return temporary.parent.parent / temporary.name
    stem = temporary.stem.removeprefix(".").removesuffix(".part")
    return temporary.with_name(stem + temporary.suffix)


def release(temporary: Path) -> None:
    """After the rename or a failure: the temporary file if it is still there, its folder, and the
    leftovers of killed runs in the target's folder (looked for once per folder and process)."""
    temporary = Path(temporary)
    files.discard(temporary)
    if temporary.parent.name.startswith(PREFIX):
        _remove_folder(temporary.parent)
    sweep(target_of(temporary).parent)


def sweep(folder: Path) -> int:
    """Remove what killed runs left in folder an hour ago or earlier; returns how many were removed."""
    key = os.path.normcase(str(Path(folder).absolute()))
    if key in _swept:
        return 0
    _swept.add(key)
    try:
        now = Path(folder).stat().st_mtime  # the folder's own clock: just changed by this write
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    removed = 0
    for entry in entries:
        try:
            if entry.name.startswith(PREFIX) and entry.is_dir(follow_symlinks=False):
                removed += _remove_stale_folder(Path(entry.path), now)
            elif _is_dot_file(entry) and _stale(entry.stat(follow_symlinks=False).st_mtime, now):
                Path(entry.path).unlink()
                removed += 1
        except OSError:  # held by another program, no right to delete: left for a later run
            log.info("无法清理遗留的临时文件 %s", entry.path, exc_info=True)
    return removed


def _is_dot_file(entry: os.DirEntry[str]) -> bool:
    return bool(_DOT_FILE.fullmatch(entry.name)) and entry.is_file(follow_symlinks=False)


def _stale(mtime: float, now: float) -> bool:
    return mtime < now - STALE_AFTER


def _remove_stale_folder(folder: Path, now: float) -> int:
    inside = list(folder.iterdir())
    times = [folder.stat().st_mtime, *(path.stat().st_mtime for path in inside)]
    if not all(_stale(mtime, now) for mtime in times):
        return 0  # another program may be writing here right now
    for path in inside:
        path.unlink()
    folder.rmdir()
    return len(inside) or 1


def _remove_folder(folder: Path) -> None:
    try:
        files.retrying(folder.rmdir, str(folder))
    except OSError:  # a scanner still holds the file just renamed away, or it is not empty: the sweep's
        log.info("无法删除临时文件夹 %s", folder, exc_info=True)


def hide(path: Path, *, windows: bool | None = None) -> bool:
    """Give path Windows' hidden attribute (elsewhere the leading dot hides it). False when the file system
    keeps no such attribute (some NAS shares): harmless, the folder is then only visible."""
    if not (files.WINDOWS if windows is None else windows):
        return False
    try:
        kernel32 = _kernel32()
    except (AttributeError, OSError):  # pragma: no cover - kernel32 is always there on Windows
        log.warning("无法调用 kernel32，临时文件夹未隐藏", exc_info=True)
        return False
    name = str(Path(path).absolute())
    attributes = kernel32.GetFileAttributesW(name)
    if attributes == INVALID_FILE_ATTRIBUTES:
        return False
    if attributes & FILE_ATTRIBUTE_HIDDEN:
        return True
    if kernel32.SetFileAttributesW(name, (attributes & _SETTABLE) | FILE_ATTRIBUTE_HIDDEN):
        return True
    log.info("无法隐藏临时文件夹 %s", name)
    return False


def _kernel32() -> Any:  # pragma: no cover - Windows only; the tests give a fake
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.GetFileAttributesW.argtypes = [wintypes.LPCWSTR]
    kernel32.GetFileAttributesW.restype = wintypes.DWORD
    kernel32.SetFileAttributesW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD]
    kernel32.SetFileAttributesW.restype = wintypes.BOOL
    return kernel32
