"""Where reports are written: file names that fit every file system, the output path the user gave read as a
file or a folder, and the rename of a finished temporary file onto its name — told apart when the target
is open in Word or WPS, blocked, or in a folder that cannot be written.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from core import files, temporary
from core.errors import UserError
from core.files import MAX_PATH_CHARS

_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_BYTES = 240  # a file name's bytes in UTF-8 (Linux and most file systems allow 255)
MAX_NAME_CHARS = 200  # and its characters (Windows allows 255 UTF-16 units)
MIN_UNIT_CHARS = 8  # a shortened unit name keeps at least this many characters
ELLIPSIS = "…"
# Windows opens a device, not a file, for these names before the first dot (aux.txt-情况汇报-2026.docx);
# the superscript digits count as digits there (COM¹).
_DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"{port}{n}" for port in ("COM", "LPT") for n in (*range(10), "¹", "²", "³")),
}


def safe_name(text: str) -> str:
    name = _UNSAFE_FILE_CHARS.sub("_", text).strip().rstrip(". ") or "_"
    return "_" + name if name.split(".")[0].strip().upper() in _DEVICES else name


def _fits(name: str, folder: Path | None) -> bool:
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return False
    # the temporary file's path, in a hidden folder beside it, is longer (core.temporary)
    length = files.path_length(Path(folder).absolute() / name) if folder is not None else 0
    return folder is None or length + temporary.OVERHEAD <= MAX_PATH_CHARS


def report_file_name(unit_name: str, template_name: str, year: int | str, folder: Path | None = None) -> str:
    """宁波市荷花庄小学-情况汇报-2026.docx; a long unit name is shortened (its full name is inside the
    document) with a short mark of the full name, so that two long names never share a file."""
    return _file_name(unit_name, template_name, year, folder)


def report_file_names(
    unit_names: Sequence[str], template_name: str, year: int, folder: Path | None = None
) -> list[str]:
    """The file names of a batch, one per unit, never two alike as Windows compares names (ignoring case:
    A小学 and a小学, Ａ小学 and ａ小学): a unit whose name had characters a file name cannot hold
    (城关镇中心小学/幼儿园, 城关镇中心小学:幼儿园) gets a short mark of its full name when another unit of the
    batch would take the same file; of names that differ only in case, the later ones get the mark."""
    plain = [_file_name(name, template_name, year, folder) for name in unit_names]
    taken = Counter(name.casefold() for name in plain)
    chosen = [
        _file_name(name, template_name, year, folder, marked=True)
        if taken[file.casefold()] > 1 and safe_name(name) != name
        else file
        for name, file in zip(unit_names, plain, strict=True)
    ]
    seen: set[str] = set()
    for index, name in enumerate(unit_names):
        if chosen[index].casefold() in seen:
            chosen[index] = _file_name(name, template_name, year, folder, marked=True)
        seen.add(chosen[index].casefold())
    return chosen


def _file_name(
    unit_name: str, template_name: str, year: int | str, folder: Path | None, marked: bool = False
) -> str:
    unit = safe_name(unit_name)
    tail = f"-{safe_name(template_name)}-{year}.docx"
    mark = "-" + hashlib.sha1(unit_name.encode("utf-8")).hexdigest()[:6]
    name = unit + (mark if marked else "") + tail
    if _fits(name, folder):
        return name
    for keep in range(len(unit) - 1, 0, -1):
        name = unit[:keep] + ELLIPSIS + mark + tail
        if _fits(name, folder) or keep <= MIN_UNIT_CHARS:
            return name
    return name


def merged_file_name(template_name: str, year: int) -> str:
    """情况汇报-合并-2026.docx"""
    return report_file_name(template_name, "合并", year)


# ---------------------------------------------------------------- the -o path


def is_docx_path(path: Path) -> bool:
    return path.suffix.lower() == ".docx"


def single_target(output: Path) -> Path | None:
    """With one unit, `-o NAME.docx` is that file (not a folder named NAME.docx)."""
    output = Path(output)
    return output if is_docx_path(output) and not output.is_dir() else None


def merged_target(output: Path, default_name: str) -> Path:
    """A merged document goes to `output` when it names a .docx, else into the folder `output`."""
    output = Path(output)
    if output.is_dir() or not is_docx_path(output):
        return output / default_name
    return output


# ---------------------------------------------------------------- writing


def owner_file_exists(target: Path) -> bool:
    """Word keeps a ~$ owner file beside an open document (the name loses up to two characters);
    LibreOffice a .~lock file. Only a hint: a crash leaves them behind."""
    name = target.name
    candidates = {f"~${name[2:]}", f"~${name[1:]}", f"~${name}", f".~lock.{name}#"}
    return any((target.parent / candidate).exists() for candidate in candidates)


def _open_for_update(path: Path) -> object:
    """Opening for update is what Word's sharing lock refuses (a test replaces this with a fake lock)."""
    return open(path, "r+b")


def held_open(target: Path) -> bool:
    """True when another program holds the file so that it cannot be replaced (tried, not guessed). A file
    marked read-only refuses the same way but is not held: the writing then says why. So does Windows'
    "access denied" (winerror 5: no write rights on a share, Controlled Folder Access), where Word's lock
    is a sharing or lock violation (32, 33): closing a document would not help there."""
    if not target.exists() or files.is_read_only(target):
        return False
    try:
        _open_for_update(target).close()  # type: ignore[attr-defined]
        return False
    except PermissionError as error:
        return getattr(error, "winerror", None) != files.ERROR_ACCESS_DENIED
    except OSError:
        return False


def why_not_written(target: Path, error: OSError | None = None) -> str:
    """A Chinese reason that tells a document held open (tried, with Word's owner file as a hint) from the
    other causes core.files knows: blocked by security software, a folder that cannot be written, a full disk."""
    if held_open(target):
        if owner_file_exists(target):
            return f"“{target.name}”正在 Word 或 WPS 中打开，请先在 Word/WPS 中关闭它，再重新生成"
        return f"“{target.name}”被其他程序占用（如 Word、WPS 或安全软件），请先关闭它，再重新生成"
    if error is None:
        return f"无法写入“{target.name}”"
    return f"无法写入“{target.name}”：{files.why_not_written(target, error).rstrip('。')}"


class NotWritten(UserError):
    """The report was made but could not be put under its name; the message says why."""


def place(temporary: Path, target: Path) -> None:
    """Rename the finished temporary file onto target; NotWritten (and the temporary removed) when not."""
    try:
        if held_open(target):
            raise PermissionError(13, "held open", str(target))
        files.replace(temporary, target)  # retried while a scanner holds the file for a moment
    except OSError as error:
        files.discard(temporary)
        raise NotWritten(why_not_written(target, error)) from error
