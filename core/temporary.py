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

import errno
import logging
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core import files
from core.errors import UserError

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


def sweep(folder: Path, prefix: str = PREFIX) -> int:
    """Remove what killed runs left in folder an hour ago or earlier (folders named prefix…, and beside
    reports the older scheme's dot-files); returns how many were removed."""
    key = os.path.normcase(str(Path(folder).absolute())) + "\0" + prefix
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
            if entry.name.startswith(prefix) and entry.is_dir(follow_symlinks=False):
                removed += _remove_stale_folder(Path(entry.path), now)
            elif (
                prefix == PREFIX
                and _is_dot_file(entry)
                and _stale(entry.stat(follow_symlinks=False).st_mtime, now)
            ):
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


READ_PREFIX = "honourdesk-read-"


class PrivateCopy:
    """A file from outside copied once into a private folder of the system's temporary directory, hashed
    as it was copied (files.copy_hashed): every check and every reading after goes to this copy, so a file
    changed on its U 盘 or share meanwhile is neither read unchecked nor recorded under another content's
    hash. The copy keeps the file's name (its suffix tells the readers its kind) where the path fits
    Windows' limit, else a short name with the same suffix; messages name `shown`, the user's file.
    The copy is closed once made; release() (or leaving the with block) deletes it and its folder. What
    could not be deleted (a run killed, a reader still holding it on Windows) goes an hour later, with
    the first copy a later run makes (sweep())."""

    def __init__(
        self, shown: Path, *, limit: int | None = None, too_large: Callable[[], Exception] | None = None
    ) -> None:
        self.shown = Path(shown)
        try:
            self._folder = Path(tempfile.mkdtemp(prefix=READ_PREFIX))
        except OSError as error:
            raise self._no_room(error) from error
        sweep(self._folder.parent, READ_PREFIX)  # copies a killed run (or a file held open) left behind
        self.path = self._folder / self.shown.name
        if files.path_length(self.path) > files.MAX_PATH_CHARS or not self.shown.name:
            self.path = self._folder / f"file{self.shown.suffix[:16]}"
        try:
            self.sha256, self.size = files.copy_hashed(
                self.shown, self.path, limit=limit, too_large=too_large
            )
        except OSError as error:
            self.release()
            if failed_on_copy_side(error, self._folder):
                raise self._no_room(error) from error
            raise  # the user's file could not be read: the caller says why, naming it
        except BaseException:
            self.release()
            raise

    def _no_room(self, error: OSError) -> UserError:
        """The temporary folder, not the user's file, failed (a full disk, a folder that cannot be written)."""
        folder = Path(tempfile.gettempdir())
        log.warning("无法把 %s 复制到临时文件夹 %s：%r", self.shown, folder, error)
        reason = files.why_not_written(folder / self.shown.name, error)
        return UserError(f"无法把文件“{self.shown.name}”复制到本机的临时文件夹后读取：{reason}")

    def release(self) -> None:
        """Delete the copy and its folder; a failure is logged (the folder is in the temporary directory)."""
        if self._folder.exists():
            try:
                files.remove_tree(self._folder)
            except OSError:
                log.warning("无法删除临时文件夹 %s", self._folder, exc_info=True)

    def __enter__(self) -> PrivateCopy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def failed_on_copy_side(error: OSError, folder: Path) -> bool:
    """Copying a file from outside into folder, the copy's side failed (a full disk, a copy that could
    not be made), not the reading of the user's file."""
    if error.errno == errno.ENOSPC or getattr(error, "winerror", None) in files.DISK_FULL:
        return True
    return bool(error.filename) and Path(str(error.filename)).parent == folder
