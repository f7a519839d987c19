"""The command line's output on Windows, encoded for where it goes.

The packaged program runs in Python's UTF-8 mode, so without this its redirected output would be UTF-8
without a BOM, which a Chinese Windows (code page 936) reads as mojibake. Where the output goes decides:

- a console: Python writes through WriteConsoleW, in Unicode, whatever the code page: left alone;
- a pipe (`HonourDesk-cli.exe units | findstr 小学`, `| more`): the reader is a console program that
  takes bytes in the console's code page and prints them as such, and findstr compares them with its
  argument, which cmd hands over in that code page too. So: the console's code page (cp936), no BOM (it
  would be junk before the first line and break `findstr /b`); a character the code page lacks becomes
  "?", as in Windows' own tools;
- a file (`… > out.txt`): opened later in Notepad, WPS, Excel or PowerShell, or mailed on. UTF-8 with a
  BOM is recognised by all of these and keeps every character (GBK lacks some rare characters of
  names); only `type out.txt` in a cp936 console shows it garbled (`chcp 65001` first). A file that
  already has content (`>>`) gets no second BOM. JSON (--json) is written as UTF-8 without a BOM, as JSON
  must be (RFC 8259), for the programs that read it.

An explicit PYTHONIOENCODING is respected. Other systems are left alone (their consoles, pipes and
files are UTF-8). The Windows calls are behind small functions that tests replace.
"""

from __future__ import annotations

import codecs
import os
import sys
from typing import TextIO

CONSOLE, PIPE, FILE, OTHER = "console", "pipe", "file", "other"
FILE_TYPE_DISK, FILE_TYPE_CHAR, FILE_TYPE_PIPE = 1, 2, 3


def choose_encoding(kind: str, code_page: int, *, json: bool, empty: bool) -> tuple[str | None, bool]:
    """(encoding, write a UTF-8 BOM first) for output of this kind; None: leave the stream as it is."""
    if kind == PIPE:
        return codec_for(code_page), False
    if kind == FILE:
        return "utf-8", empty and not json
    return None, False


def codec_for(code_page: int) -> str:
    if code_page == 65001:
        return "utf-8"
    try:
        return codecs.lookup(f"cp{code_page}").name
    except LookupError:
        return "utf-8"


def stream_kind(fd: int) -> str:  # pragma: no cover - Windows only
    """What the file descriptor writes to: console, pipe, file or other (GetFileType)."""
    import ctypes
    import msvcrt

    try:
        handle = msvcrt.get_osfhandle(fd)
    except OSError:
        return OTHER
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    kind = kernel32.GetFileType(handle)
    if kind == FILE_TYPE_CHAR:
        mode = ctypes.c_ulong()
        return (
            CONSOLE if kernel32.GetConsoleMode(handle, ctypes.byref(mode)) else OTHER
        )  # NUL is a char device
    return {FILE_TYPE_DISK: FILE, FILE_TYPE_PIPE: PIPE}.get(kind, OTHER)


def console_code_page() -> int:  # pragma: no cover - Windows only
    """The console's output code page, or the system's ANSI code page when there is no console."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    return int(kernel32.GetConsoleOutputCP() or kernel32.GetACP())


def configure(stream: TextIO | None, *, json: bool = False) -> None:
    """Re-encode one output stream (sys.stdout or sys.stderr) for where it goes; Windows only."""
    if sys.platform != "win32" or stream is None:
        return
    chosen = os.environ.get("PYTHONIOENCODING")
    if chosen:  # its encoding is respected; a rare character of a name still never ends the command
        if ":" not in chosen:
            never_fail(stream)
        return
    configure_for(stream, json=json, kind_of=stream_kind, code_page=console_code_page)


def never_fail(stream: TextIO) -> None:
    """A character the stream's encoding lacks becomes "?" instead of raising: 𡒄 of a school's name in
    cp936 (PYTHONIOENCODING=gbk, a console in legacy mode), a lone surrogate of a damaged file name."""
    if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")  # type: ignore[attr-defined]


def configure_for(stream: TextIO, *, json: bool, kind_of, code_page) -> None:  # type: ignore[no-untyped-def]
    """configure() with the Windows probes given (the tests give fakes)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    kind = kind_of(fd)
    empty = kind == FILE and _empty(fd)
    encoding, bom = choose_encoding(kind, code_page() if kind == PIPE else 0, json=json, empty=empty)
    if not hasattr(stream, "reconfigure"):
        return
    if encoding is None:  # a console (Unicode, or its code page in legacy mode), NUL, a printer port
        never_fail(stream)
        return
    stream.flush()
    if bom:
        stream.buffer.write(codecs.BOM_UTF8)  # type: ignore[attr-defined]
        stream.buffer.flush()  # type: ignore[attr-defined]
    stream.reconfigure(encoding=encoding, errors="replace")  # type: ignore[attr-defined]


def _empty(fd: int) -> bool:
    try:
        return os.fstat(fd).st_size == 0 and os.lseek(fd, 0, os.SEEK_CUR) == 0
    except OSError:
        return False
