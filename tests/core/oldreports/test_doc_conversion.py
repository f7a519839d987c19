"""Old .doc/.wps reports converted by LibreOffice, or by Word or WPS through COM, as a Chinese Windows PC
does it: LibreOffice speaking the console's code page (GBK), COM used from a background thread."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from core.oldreports import reader
from core.oldreports.reader import UnreadableReportError, read_source
from tests.core.oldreports.written import write_docx

OLE_DOC = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512


def _fake_soffice(folder: Path, converted: Path, exit_code: int = 0) -> Path:
    """A stand-in for soffice that writes the converted file and, as LibreOffice does on a Chinese Windows,
    reports the paths it worked on in GBK (here a temporary folder under a Chinese user name)."""
    script = folder / "soffice"
    script.write_text(
        "#!" + sys.executable + "\n"
        "import shutil, sys, pathlib\n"
        "args = sys.argv[1:]\n"
        "out = pathlib.Path(args[args.index('--outdir') + 1])\n"
        "source = pathlib.Path(args[-1])\n"
        f"if {exit_code} == 0:\n"
        "    out.mkdir(parents=True, exist_ok=True)\n"
        f"    shutil.copyfile({str(converted)!r}, out / (source.stem + '.docx'))\n"
        "message = 'convert C:\\\\Users\\\\张三\\\\AppData\\\\Local\\\\Temp\\\\' + source.name + ' using filter'\n"
        "sys.stdout.buffer.write(message.encode('gbk'))\n"
        "sys.stderr.buffer.write('警告：字体替换'.encode('gbk'))\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a script with a #! line")
def test_a_doc_converted_by_libreoffice_speaking_gbk_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = write_docx(tmp_path / "converted.docx", ["城关镇中心小学工作总结", "一、基本情况"])
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: _fake_soffice(tmp_path, converted))
    monkeypatch.setattr(reader.sys, "platform", "linux")
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    source = read_source(old)
    assert [block.text for block in source.blocks] == ["城关镇中心小学工作总结", "一、基本情况"]
    assert "旧版 Word/WPS 文件，已转换后读取" in source.notes


@pytest.mark.skipif(os.name != "posix", reason="the stand-in is a script with a #! line")
def test_a_failed_libreoffice_conversion_says_so_not_that_the_file_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted = write_docx(tmp_path / "converted.docx", ["x"])
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: _fake_soffice(tmp_path, converted, 1))
    monkeypatch.setattr(reader.sys, "platform", "linux")
    old = tmp_path / "旧材料.doc"
    old.write_bytes(OLE_DOC)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(old)
    assert caught.value.message == f"文件“旧材料.doc”{reader.CONVERT_FAILED}。"
