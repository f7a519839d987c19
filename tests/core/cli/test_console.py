"""The command line's output encoded for where it goes on Windows (issue 19, frozen correctness):
`HonourDesk-cli.exe units > out.txt` and `… | findstr 小学` under code page 936.

GetFileType and the console code page are replaced by fakes; the streams are real files and pipes.
Only the Windows workflow shows cmd.exe, findstr and Notepad reading the result.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

import pytest

from core.cli import console


@pytest.mark.parametrize(
    ("kind", "json", "empty", "expected"),
    [
        (console.PIPE, False, False, ("gbk", False)),  # findstr and more read the console's code page
        (console.PIPE, True, False, ("gbk", False)),
        (console.FILE, False, True, ("utf-8", True)),  # Notepad, WPS, Excel: UTF-8 with a BOM
        (console.FILE, False, False, ("utf-8", False)),  # appended (>>): no second BOM
        (console.FILE, True, True, ("utf-8", False)),  # JSON never has a BOM
        (console.CONSOLE, False, False, (None, False)),  # WriteConsoleW: Unicode already
        (console.OTHER, False, False, (None, False)),  # NUL
    ],
)
def test_the_encoding_follows_where_the_output_goes(
    kind: str, json: bool, empty: bool, expected: tuple
) -> None:  # type: ignore[type-arg]
    assert console.choose_encoding(kind, 936, json=json, empty=empty) == expected


def test_code_pages() -> None:
    assert console.codec_for(936) == "gbk"
    assert console.codec_for(65001) == "utf-8"
    assert console.codec_for(54321) == "utf-8"  # unknown: UTF-8 rather than nothing


def stream_on(path: Path, mode: str = "w") -> io.TextIOWrapper:
    return open(path, mode, encoding="utf-8", newline="")


def test_a_redirected_file_gets_utf8_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with stream_on(path) as stream:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.FILE, code_page=lambda: 936)
        stream.write("宁波市荷花庄小学  荣誉 12 项\n")
    assert path.read_bytes() == codecs.BOM_UTF8 + "宁波市荷花庄小学  荣誉 12 项\n".encode()


def test_appending_to_a_file_adds_no_second_bom(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_bytes(codecs.BOM_UTF8 + "第一次\n".encode())
    with stream_on(path, "a") as stream:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.FILE, code_page=lambda: 936)
        stream.write("第二次\n")
    assert path.read_bytes() == codecs.BOM_UTF8 + "第一次\n第二次\n".encode()


def test_a_pipe_gets_the_console_code_page_and_unknown_characters_become_question_marks() -> None:
    read_end, write_end = os.pipe()
    with open(write_end, "w", encoding="utf-8") as stream, open(read_end, "rb") as reader:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.PIPE, code_page=lambda: 936)
        stream.write("宁波市荷花庄小学 “文明校园” 𠮷\n")
        stream.close()
        data = reader.read()
    assert data == "宁波市荷花庄小学 “文明校园” ?\n".encode("gbk")
    assert "小学".encode("gbk") in data  # what `findstr 小学` looks for, typed in the same console


def test_a_console_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "console.txt"
    with stream_on(path) as stream:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.CONSOLE, code_page=lambda: 936)
        stream.write("单位\n")
    assert path.read_bytes() == "单位\n".encode()


def test_elsewhere_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(console.sys, "platform", "linux")
    console.configure(stream)  # no fileno, no Windows: nothing to do, nothing raised
    stream.write("单位")
    assert stream.getvalue() == "单位"


def windows_pipe(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """stdout and stderr piped on a Chinese Windows (`HonourDesk-cli.exe --help | more`); returns what
    `more` reads. Called in the test itself: pytest sets its own capture streams before each phase."""
    monkeypatch.setattr(console.sys, "platform", "win32")
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    monkeypatch.setattr(console, "stream_kind", lambda fd: console.PIPE)
    monkeypatch.setattr(console, "console_code_page", lambda: 936)
    pipes = {name: os.pipe() for name in ("stdout", "stderr")}
    for name, (_read_end, write_end) in pipes.items():
        monkeypatch.setattr(sys, name, open(write_end, "w", encoding="utf-8"))  # noqa: SIM115

    def read() -> dict[str, bytes]:
        received: dict[str, bytes] = {}
        for name, (read_end, _write_end) in pipes.items():
            stream = getattr(sys, name)
            monkeypatch.setattr(sys, name, io.StringIO())
            stream.close()
            with open(read_end, "rb") as reader:
                received[name] = reader.read()
        return received

    return read


def test_help_piped_in_cmd_reads_in_the_console_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import main

    piped = windows_pipe(monkeypatch)
    with pytest.raises(SystemExit):
        main.main(["--help"])
    out = piped()["stdout"]
    assert "用法：".encode("gbk") in out and "自检".encode("gbk") in out


def test_a_usage_error_piped_in_cmd_reads_in_the_console_code_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import main

    piped = windows_pipe(monkeypatch)
    assert main.main(["frobnicate"]) == 2
    assert "命令行参数有误".encode("gbk") in piped()["stderr"]


def test_output_to_nul_in_the_locale_code_page_never_fails_on_a_rare_character(tmp_path: Path) -> None:
    """From source without UTF-8 mode, `python main.py units > NUL` writes in cp936, which lacks 𡒄 (a
    character of a school's name): the command ended as an unexpected error."""
    with open(tmp_path / "nul", "w", encoding="gbk") as stream:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.OTHER, code_page=lambda: 936)
        stream.write("𡒄山小学\n")
    assert (tmp_path / "nul").read_bytes() == "?山小学\n".encode("gbk")


def test_a_console_in_its_code_page_never_fails_on_a_rare_character(tmp_path: Path) -> None:
    """A console written in cp936 (PYTHONLEGACYWINDOWSSTDIO, or an old console host) lacks 𠀀 and emoji:
    `units` listing such a unit ended as an unexpected error; the character is shown as "?"."""
    with open(tmp_path / "console", "w", encoding="gbk") as stream:
        console.configure_for(stream, json=False, kind_of=lambda fd: console.CONSOLE, code_page=lambda: 936)
        stream.write("𠀀村村委会 🏫\n")
    assert (tmp_path / "console").read_bytes() == "?村村委会 ?\n".encode("gbk")


def test_an_encoding_chosen_by_pythonioencoding_is_kept_and_never_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PYTHONIOENCODING=gbk (set on the PC for another Python program) is respected: the output stays in
    GBK, and a name with a character GBK lacks no longer ends the command."""
    monkeypatch.setattr(console.sys, "platform", "win32")
    monkeypatch.setenv("PYTHONIOENCODING", "gbk")
    with open(tmp_path / "out", "w", encoding="gbk") as stream:
        console.configure(stream)
        stream.write("东湖小学𡒄分校\n")
    assert (tmp_path / "out").read_bytes() == "东湖小学?分校\n".encode("gbk")
