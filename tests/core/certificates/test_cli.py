"""read-certificate: one JSON object per image, in order; bad input refused before anything is read."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from core import cli
from core.certificates import engine
from tests.conftest import REPO
from tests.core.certificates import render
from tests.core.certificates.samples import need_ocr, sample_file

KEYS = [
    "file",
    "title",
    "awarded_by",
    "year",
    "date",
    "unit",
    "recipient",
    "document_no",
    "level",
    "confidence",
    "lines",
]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_json_has_one_object_per_image_and_pdf_page_in_the_order_given(tmp_path: Path) -> None:
    need_ocr()
    from PIL import Image

    scan = tmp_path / "扫描件.pdf"
    pages = [render.render(render.award_certificate()), Image.new("RGB", (1600, 1100), "white")]
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=150)
    code, out, err = run(
        "--data-dir", str(tmp_path / "d"), "read-certificate", str(sample_file("person")), str(scan), "--json"
    )
    assert code == 1, err  # done, with a warning: the blank page has no title
    items = json.loads(out)
    assert [(Path(i["file"]).name, i["page"]) for i in items] == [
        ("person.png", None),
        ("扫描件.pdf", 1),
        ("扫描件.pdf", 2),
    ]
    assert all(list(item)[: len(KEYS)] == KEYS for item in items)
    person, award, blank = items
    assert (person["recipient"], person["title"], person["year"], person["date"]) == (
        "王丽",
        "宁波市优秀教师",
        2021,
        "2021-09-10",
    )
    assert (award["title"], award["unit"], award["awarded_by"], award["level"]) == (
        "浙江省文明校园",
        "宁波市荷花庄小学",
        "浙江省精神文明建设委员会",
        "省级",
    )
    assert "“浙江省文明校园”荣誉称号。" in award["lines"]
    assert set(award["confidence"]) >= {"title", "awarded_by", "date", "unit", "level"}
    assert (blank["title"], blank["lines"]) == (None, [])


def test_an_unreadable_file_among_good_ones_stops_before_anything_is_read(tmp_path: Path) -> None:
    bad = tmp_path / "证书.jpg"
    bad.write_bytes(b"not a picture")
    code, out, err = run(
        "--data-dir", str(tmp_path / "d"), "read-certificate", str(REPO / "resources"), str(bad)
    )
    assert code == 2 and out == ""
    assert "证书.jpg" in err or "resources" in err
    assert "Traceback" not in err


def test_without_the_component_the_command_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "missing_modules", lambda: ["rapidocr_onnxruntime"])
    code, out, err = run("--data-dir", str(tmp_path / "d"), "read-certificate", str(tmp_path))
    assert code == 2 and out == ""
    assert "--with-ocr" in err and "rapidocr-onnxruntime==1.4.4" in err and "不联网" in err


# Loading the models and reading a certificate with every way out of the machine shut: a download
# attempted anywhere on the way would raise instead of quietly succeeding.
NO_NETWORK = r"""
import socket, sys, urllib.request
def refuse(*args, **kwargs):
    raise SystemExit("network touched: " + repr(args[:2]))
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
urllib.request.urlopen = refuse
from core.certificates.engine import Engine
from core.certificates.images import Source, load
page = Engine().recognise(load(Source(__import__("pathlib").Path(sys.argv[1]))))
print(" ".join(line.clean for line in page.lines))
"""


def test_recognition_never_touches_the_network() -> None:
    need_ocr()
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, str(sample_file("plaque"))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "宁波市文明单位" in result.stdout


def test_the_level_is_printed_as_worked_out_not_read(tmp_path: Path) -> None:
    need_ocr()
    code, out, err = run("--data-dir", str(tmp_path / "d"), "read-certificate", str(sample_file("person")))
    assert code == 0, err
    assert "  级别：市级（按授予单位和称号推断）" in out


def test_a_photo_with_a_garbled_exif_block_is_read_without_the_librarys_english_warnings(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz_hostile.py: a JPEG whose EXIF block is cut short. It was read, but Pillow's
    “UserWarning: Corrupt EXIF data. Expecting to read 12 bytes but only got 4.” went to the user's
    screen three times; warnings go to the log."""
    need_ocr()
    from tests.core.bounded import main_py

    photo = io.BytesIO()
    render.render(render.unit_certificate()).save(photo, "JPEG", quality=85)
    exif = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + b"\xff\xff" + b"\x00" * 64  # 65,535 entries, 64 bytes
    data = photo.getvalue()
    path = tmp_path / "证书.jpg"
    path.write_bytes(data[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + data[2:])
    done = main_py("--data-dir", str(tmp_path / "d"), "read-certificate", str(path), "--json")
    assert done.returncode in (0, 1), done.stderr
    assert "Warning" not in done.stderr and "EXIF" not in done.stderr, done.stderr
    assert json.loads(done.stdout)[0]["title"] == "宁波市绿色学校"
