"""honours add / review / due / term: the office's decisions from the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from core import cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> str:
    path = str(tmp_path / "d")
    assert run("--data-dir", path, "demo")[0] == 0
    return path


ADD = (
    "honours",
    "add",
    "--title",
    "市级文明单位",
    "--level",
    "市级",
    "--by",
    "市文明委",
    "--date",
    "2024-12",
)


def units_json(data: str) -> dict[str, int]:
    return {u["name"]: u["honours"] for u in json.loads(run("--data-dir", data, "units", "--json")[1])}


def test_add_from_a_pasted_list_file(data: str, tmp_path: Path) -> None:
    names = tmp_path / "名单.txt"
    names.write_text(
        "附件\n2024年度市级文明单位名单\n1.荷花庄小学\n2．区实验幼儿园\n3.金水区市政局\n", "gb18030"
    )
    before = units_json(data)
    code, out, _ = run(
        "--data-dir", data, *ADD, "--doc-no", "市文明委〔2024〕3号", "--units-file", str(names), "--json"
    )
    assert code == 1  # done, with a name left over
    result = json.loads(out)
    assert (result["honours_created"], result["duplicates"], result["unmatched"]) == (2, [], ["金水区市政局"])
    assert "金水区市政管理局" in result["problems"][0]  # the alike unit is named
    after = units_json(data)
    assert after["宁波市荷花庄小学"] == before["宁波市荷花庄小学"] + 1
    assert after["区实验幼儿园"] == before["区实验幼儿园"] + 1
    assert after["金水区市政管理局"] == before["金水区市政管理局"]
    code, out, _ = run("--data-dir", data, *ADD, "--units-file", str(names), "--json")
    again = json.loads(out)
    assert (again["honours_created"], sorted(again["duplicates"])) == (
        0,
        ["区实验幼儿园", "宁波市荷花庄小学"],
    )
    assert units_json(data) == after


def test_add_from_the_decision_docx(data: str, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("2024年度区级文明单位名单")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("序号", "单位名称"), ("1", "东鲁派出所"), ("2", "武侯区教育局")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    path = tmp_path / "决定.docx"
    document.save(str(path))
    code, out, _ = run("--data-dir", data, *ADD, "--units-file", str(path), "--dry-run", "--json")
    result = json.loads(out)
    assert (code, result["honours_created"], result["applied"]) == (0, 2, False)
    assert sorted(result["recipients"]) == ["东鲁派出所", "成都市武侯区教育局"]


def test_add_with_unit_names_and_text_output(data: str) -> None:
    code, out, _ = run("--data-dir", data, *ADD, "--unit", "荷花庄小学", "东鲁派出所")
    assert code == 0
    assert "已新增荣誉 2 项" in out


def test_add_with_the_unit_option_repeated_takes_every_name(data: str) -> None:
    code, out, _ = run("--data-dir", data, *ADD, "--unit", "荷花庄小学", "--unit", "东鲁派出所", "--dry-run")
    assert code == 0
    assert "将新增荣誉 2 项" in out  # not only the last --unit


def test_add_nothing_matched_changes_nothing(data: str) -> None:
    before = units_json(data)
    code, _out, err = run("--data-dir", data, *ADD, "--unit", "不存在的单位")
    assert code == 2 and "没有一个名称" in err
    assert units_json(data) == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("--level", "区级"), "级别"),
        (("--date", "2024年13月"), "授予时间"),
    ],
)
def test_add_bad_input(data: str, argv: tuple[str, ...], words: str) -> None:
    base = dict(zip(ADD[2::2], ADD[3::2], strict=True))
    base.update(dict(zip(argv[::2], argv[1::2], strict=True)))
    flat = [item for key, value in base.items() for item in (key, value)]
    code, _out, err = run("--data-dir", data, "honours", "add", *flat, "--unit", "东鲁派出所")
    assert code == 2 and words in err


def test_review_due_and_term(data: str) -> None:
    assert run("--data-dir", data, *ADD, "--date", "2021-06", "--unit", "东鲁派出所", "区实验幼儿园")[0] == 0
    code, out, _ = run(
        "--data-dir", data, "honours", "due", "--within", "100000", "--title", "市级文明单位", "--json"
    )
    assert [(d["unit"], d["due_text"]) for d in json.loads(out)] == [
        ("东鲁派出所", "2024年6月"),
        ("区实验幼儿园", "2024年6月"),
    ]
    code, out, _ = run(
        "--data-dir", data, "honours", "review", "--title", "市级文明单位", "--result", "合格",
        "--date", "2024-07-01", "--unit", "东鲁派出所", "荷花庄小学", "--json",
    )  # fmt: skip
    result = json.loads(out)
    assert (code, result["honours_updated"], result["missing"], result["valid_until"]) == (
        1,
        1,
        ["宁波市荷花庄小学"],
        "2027-07-01",
    )
    assert run("--data-dir", data, "honours", "term", "市级文明单位", "5")[0] == 0
    _code, out, _ = run("--data-dir", data, "honours", "due", "--within", "100000", "--title", "市级文明单位")
    assert "区实验幼儿园  市级文明单位  到期：2026年6月" in out
    assert "东鲁派出所  市级文明单位  到期：2027年7月1日" in out


def test_review_bad_date(data: str) -> None:
    code, _out, err = run(
        "--data-dir", data, "honours", "review", "--title", "市级文明单位", "--result", "撤销",
        "--date", "2024", "--unit", "东鲁派出所",
    )  # fmt: skip
    assert code == 2 and "YYYY-MM-DD" in err


def test_a_name_list_of_a_million_numbers_is_answered_not_hung(data: str, tmp_path: Path) -> None:
    """A crafted list under the size cap ("1、1、1、…" on one line): a Chinese answer, nothing recorded."""
    from tests.core.bounded import main_py

    hostile = tmp_path / "名单.txt"
    hostile.write_text("1、" * 1_000_000, encoding="utf-8")
    before = units_json(data)
    result = main_py("--data-dir", data, *ADD, "--units-file", str(hostile))
    assert result.returncode == 2
    assert "名单中没有找到任何单位名称" in result.stdout + result.stderr
    assert units_json(data) == before


LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY a "东鲁派出所、东鲁派出所、东鲁派出所、东鲁派出所、东鲁派出所、">'
    + "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    + "]>"
)


def _crafted_decision(path: Path, edit: str) -> Path:
    """A decision .docx whose document.xml is changed: entity expansion or nesting that the parser refuses."""
    import zipfile

    document = docx.Document()
    document.add_paragraph("东鲁派出所、口东中心幼儿园")
    document.save(path)
    with zipfile.ZipFile(path) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    xml = members["word/document.xml"].decode("utf-8").split("?>", 1)[1]
    if edit == "laughs":
        xml = LAUGHS + xml.replace("东鲁派出所、", "&i;", 1)
    else:
        xml = xml.replace("<w:body>", "<w:body>" + "<w:customXml>" * 100_000 + "</w:customXml>" * 100_000, 1)
    members["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in members.items():
            package.writestr(name, blob)
    return path


@pytest.mark.parametrize("edit", ["laughs", "nesting"])
def test_a_decision_docx_with_crafted_xml_is_refused_in_chinese(data: str, tmp_path: Path, edit: str) -> None:
    """Billion laughs or 100,000 nested elements in the name list's .docx: exit 2 naming the file (it
    was an "unexpected error", exit 3), nothing recorded."""
    from tests.core.bounded import main_py

    hostile = _crafted_decision(tmp_path / "表彰决定.docx", edit)
    before = units_json(data)
    result = main_py("--data-dir", data, *ADD, "--units-file", str(hostile))
    assert result.returncode == 2, result.stderr
    assert "名单文件“表彰决定.docx”不是有效的 Word 文档" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert units_json(data) == before


def test_a_name_list_with_a_stray_nul_byte_is_refused_naming_its_line(data: str, tmp_path: Path) -> None:
    """A .txt name list a broken copy left a NUL byte in: its line named (as registers and old reports
    do), not “not a text file”; nothing recorded."""
    names = tmp_path / "名单.txt"
    names.write_bytes(
        "东鲁派出所\n口东中心幼儿园\n".encode("gb18030") + b"\x00" + "宁波市荷花庄小学\n".encode("gb18030")
    )
    before = units_json(data)
    code, _, err = run("--data-dir", data, *ADD, "--units-file", str(names))
    assert code == 2 and "名单文件“名单.txt”的第 3 行含有空字符" in err, err
    assert units_json(data) == before
