"""import-report from the command line: JSON per document, applying, importing twice, undoing the batch;
and files that cannot be read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from core import cli
from core.db import open_database
from core.importing.history import undo_batch
from core.oldreports.reader import UnreadableReportError, read_source
from core.paths import DataDir
from tests.core.oldreports.written import SCHOOL, VILLAGE, write_docx
from tests.core.windows_errors import windows_error


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def report_json(data: str, *argv: str) -> tuple[int, list[dict]]:
    code, out, _err = run("--data-dir", data, "import-report", *argv, "--json")
    return code, json.loads(out) if out else []


def test_json_gives_unit_year_materials_facts_and_honours_then_counts(tmp_path: Path) -> None:
    path = write_docx(tmp_path / SCHOOL[0], SCHOOL[1])
    data = str(tmp_path / "d")
    code, (item,) = report_json(data, str(path), "--dry-run")
    assert code == 0 and item["applied"] is False
    assert (item["unit"], item["year"], item["new_unit"]) == ("宁波市城东小学", 2021, True)
    assert [m["topic"] for m in item["materials"]] == [
        "基本情况",
        "基本情况",
        "主要做法",
        "工作成效",
        "存在问题",
        "下一步打算",
    ]
    assert (
        item["materials"][3]["heading"] == "三、工作成效" and "宁波市文明单位" in item["materials"][3]["text"]
    )
    assert "宁波市城东小学" not in item["materials"][-1]["text"]  # the 落款 is no part of a material
    teacher = next(h for h in item["honours"] if h["recipient"] == "王丽")
    assert (
        teacher["title"] == "全国优秀教师"
        and teacher["awarded_by"] == "教育部"
        and teacher["level"] == "国家级"
    )
    assert teacher["year"] == 2021 and teacher["year_inferred"] is True and "今年" in teacher["source"]
    land = next(f for f in item["facts"] if f["field"] == "land_area_m2")
    assert land["display"].startswith("15亩（约 10,000 平方米）") and "占地面积15亩" in land["source"]
    code, out, _ = run("--data-dir", data, "units", "--json")
    assert json.loads(out) == []  # a dry run writes nothing

    code, (applied,) = report_json(data, str(path))
    assert code == 0 and applied["materials_created"] == 5 and applied["honours_created"] == 8
    code, (again,) = report_json(data, str(path))
    assert (again["materials_created"], again["materials_extended"], again["honours_created"]) == (0, 0, 0)
    assert all(h["accepted"] is False for h in again["honours"])


def test_undoing_the_batch_removes_materials_honours_and_the_new_unit(tmp_path: Path) -> None:
    data = tmp_path / "d"
    path = write_docx(tmp_path / VILLAGE[0], VILLAGE[1])
    _, (applied,) = report_json(str(data), str(path))
    database = open_database(DataDir(data))
    try:
        result = undo_batch(database, applied["batch_id"])
        assert (result.materials_removed, result.honours_removed, result.units_removed) == (4, 6, 1)
    finally:
        database.dispose()
    _code, out, _ = run("--data-dir", str(data), "units", "--json")
    assert json.loads(out) == []


def test_undo_restores_filled_facts_and_extended_materials(tmp_path: Path) -> None:
    data = tmp_path / "d"
    run("--data-dir", str(data), "demo")
    text = tmp_path / "荷花庄小学2009年补充材料.txt"
    text.write_text(
        "荷花庄小学2009年度工作总结\n学校现有学生860人。\n一、主要做法\n学校开展“书香校园”读书节活动。\n"
        "宁波市荷花庄小学\n2009年12月\n",
        encoding="gb18030",
    )
    _code, (applied,) = report_json(str(data), str(text))
    assert applied["unit"] == "宁波市荷花庄小学" and applied["facts_set"] == 1
    database = open_database(DataDir(data))
    try:
        result = undo_batch(database, applied["batch_id"])
        assert result.units_restored == 1 and result.units_removed == 0
    finally:
        database.dispose()
    _, (again,) = report_json(str(data), str(text), "--dry-run")
    student = next(f for f in again["facts"] if f["field"] == "student_count")
    assert student["current"] is None and student["accepted"] is True


def test_a_document_without_unit_or_year_is_skipped_with_exit_1(tmp_path: Path) -> None:
    text = tmp_path / "汇报.txt"
    text.write_text("工作汇报\n一、主要做法\n我们加强了学习。\n", encoding="utf-8")
    code, out, err = run("--data-dir", str(tmp_path / "d"), "import-report", str(text))
    assert code == 1 and "没有识别出单位" in err
    code, out, err = run(
        "--data-dir", str(tmp_path / "d"), "import-report", str(text), "--unit", "新单位", "--year", "2020"
    )
    assert code == 0 and "新增工作材料 1 篇" in out


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "是空文件"),
        (b"\x00\x01\x02binary" * 100, "不是 Word 文档、PDF 或文本文件"),
        (b"\xff\xfe\xfa" + bytes(range(128, 256)) * 3, "不是可识别的文本"),
        (b"%PDF-1.4 broken", "已损坏"),
    ],
)
def test_unreadable_files_are_refused_in_chinese_naming_the_file(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "坏文件.docx"
    path.write_bytes(content)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(path)
    assert "坏文件.docx" in caught.value.message and reason in caught.value.message
    code, _, err = run("--data-dir", str(tmp_path / "d"), "import-report", str(path))
    assert code == 2 and reason in err


def test_an_old_report_on_a_pulled_out_u_disk_is_not_called_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_docx(tmp_path / "2021年总结.docx", SCHOOL)

    def pulled_out(self: Path, *args: object, **kwargs: object) -> bytes:
        raise windows_error(21, "设备未就绪。")

    monkeypatch.setattr(Path, "open", pulled_out)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(path)
    assert caught.value.message.startswith("文件“2021年总结.docx”所在的 U 盘、光盘或移动硬盘已拔出")


def test_a_docx_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"\x00" * (80 * 1024 * 1024))
    with pytest.raises(Exception) as caught:
        read_source(path)
    assert "炸弹.docx" in str(caught.value) and "未读取" in str(caught.value)


def test_doc_without_a_converter_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.reports.pdf.find_soffice", lambda: None)
    path = tmp_path / "旧材料.doc"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512)
    with pytest.raises(UnreadableReportError) as caught:
        read_source(path)
    assert "另存为" in caught.value.message and "旧材料.doc" in caught.value.message


def test_traditional_characters_are_read_as_simplified(tmp_path: Path) -> None:
    path = tmp_path / "繁體.txt"
    path.write_text(
        "實驗幼兒園工作總結\n一、主要做法\n幼兒園被市教育局評為市級示範幼兒園。\n", encoding="utf-8"
    )
    source = read_source(path)
    assert source.traditional and source.blocks[2].text == "幼儿园被市教育局评为市级示范幼儿园。"


def _empty_paragraphs(path: Path, count: int) -> Path:
    """A Word document of a few kilobytes whose body is `count` empty paragraphs: within every size and
    ratio limit of the zip guard."""
    import docx

    document = docx.Document()
    document.add_paragraph("宁波市荷花庄小学2023年工作总结")
    document.save(path)
    with zipfile.ZipFile(path) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:sectPr", b"<w:p/>" * count + b"<w:sectPr", 1
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in members.items():
            package.writestr(name, blob)
    return path


def test_a_small_docx_of_millions_of_elements_is_refused_before_parsing(tmp_path: Path) -> None:
    """2.5 million empty paragraphs in 40 KB: python-docx would have built them all (8 million took
    2.7 GB and 73 s). Refused at once in a child bounded in time and memory, for old reports and for the
    name list of honours add."""
    from tests.core.bounded import main_py

    path = _empty_paragraphs(tmp_path / "空段落.docx", 2_500_000)
    assert path.stat().st_size < 100_000
    data = str(tmp_path / "d")
    result = main_py("--data-dir", data, "import-report", str(path))
    assert result.returncode == 2, result.stderr
    assert "Word 文档“空段落.docx”的内容过于繁杂" in result.stderr and "未读取" in result.stderr
    add = ("honours", "add", "--title", "区级文明单位", "--level", "县区级", "--by", "区委", "--date", "2023")
    result = main_py("--data-dir", data, *add, "--units-file", str(path))
    assert result.returncode == 2, result.stderr
    assert "名单文件“空段落.docx”的内容过于繁杂" in result.stderr


def test_a_pdf_page_inflating_to_gigabytes_is_stopped_by_the_limits(tmp_path: Path) -> None:
    """A 400 KB PDF whose one page pdfium turns into 13 GB (270 s) when it reads its text: read in a child
    process with memory and time limits, it is answered in Chinese in seconds."""
    from tests.core.bounded import main_py
    from tests.core.hostile_pdf import inflating_page

    path = inflating_page(tmp_path / "总结.pdf")
    assert path.stat().st_size < 1_000_000
    result = main_py("--data-dir", str(tmp_path / "d"), "import-report", str(path))
    assert result.returncode == 2, result.stderr
    assert "文件“总结.pdf”的第 1 页过于复杂，读取时超出内存或时间的限制，未读取" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("lines_before", "encoding"),
    [(2, "utf-8"), (2, "gb18030"), (300, "utf-8")],  # the last: its NUL far past the first 4 KB
)
def test_a_text_report_with_a_stray_nul_is_refused_naming_its_line(
    tmp_path: Path, lines_before: int, encoding: str
) -> None:
    """A .txt report a broken copy left a NUL byte in: refused naming the line (as a register is), not
    called “not a Word document, PDF or text”, and nothing read into the records."""
    head = "宁波市荷花庄小学2023年工作汇报\n" + "一、主要做法\n" * (lines_before - 1)
    body = head.encode(encoding) + "我们加强了".encode(encoding) + b"\x00" + "学习。\n".encode(encoding)
    path = tmp_path / "汇报.txt"
    path.write_bytes(body + "宁波市荷花庄小学\n2023年12月1日\n".encode(encoding))
    with pytest.raises(UnreadableReportError) as caught:
        read_source(path)
    expected = f"文件“汇报.txt”的第 {lines_before + 1} 行含有空字符"
    assert caught.value.message.startswith(expected), caught.value.message
    code, _, err = run("--data-dir", str(tmp_path / "d"), "import-report", str(path))
    assert code == 2 and expected in err
    code, out, _ = run("--data-dir", str(tmp_path / "d"), "units", "--json")
    assert code == 0 and json.loads(out) == []


def test_a_text_report_of_millions_of_short_lines_is_refused_in_seconds_not_minutes(tmp_path: Path) -> None:
    """Found by bench/fuzz_hostile.py: a report followed by two million one-letter lines, 4 MB and just
    under the limit on characters; each line became a paragraph for the outline and the honour search,
    most of a minute and 600 MB before the answer. Refused, naming the file, with nothing imported."""
    from tests.core.bounded import main_py

    path = tmp_path / "总结.txt"
    path.write_text(
        "2023年工作总结\n宁波市荷花庄小学获评市文明单位。\n" + "x\n" * 2_000_000, encoding="utf-8"
    )
    data = str(tmp_path / "d")
    result = main_py("--data-dir", data, "import-report", str(path), "--json")
    assert result.returncode == 2, result.stderr
    assert "文件“总结.txt”的段落过多（超过 100,000 段），不像一份工作材料，未读取" in result.stderr
    listed = main_py("--data-dir", data, "units", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"
