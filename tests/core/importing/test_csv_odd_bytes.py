"""CSV files with the bytes a broken export or an unusual program leaves: every one is read right or
refused naming the file, the line and the reason, run as the program runs (main.py in a bounded child)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.bounded import main_py

ROWS = (
    "单位名称,荣誉称号,授予单位,级别,获得时间\r\n"
    "城关第一小学,省文明校园,省文明委,省级,2021年\n"
    "城关第二小学,市绿色学校,市教育局,市级,2020\r"  # three kinds of line end in one file
    "城关第三小学,县先进集体,县政府,县区级,2019\r\n"
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data")


def imported(data: Path, path: Path) -> tuple[int, str, str]:
    result = main_py("--data-dir", str(data), "import", str(path), "--dry-run", "--json")
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-16-le", "utf-8-sig", "utf-32"])
def test_a_register_in_any_common_encoding_with_mixed_line_ends_is_read_whole(
    data: Path, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / f"荣誉登记-{encoding}.csv"
    path.write_bytes(ROWS.encode(encoding))
    code, out, err = imported(data, path)
    assert code == 0, err
    found = json.loads(out)
    assert (found["units_created"], found["honours_created"], found["rejected"]) == (3, 3, 0)


@pytest.mark.parametrize(
    "rows", [ROWS, "单位名称,荣誉称号,获得时间\n甲小学,文明校园,2021\n乙小学,文明单位,2022\n"]
)
def test_a_stray_nul_byte_is_refused_naming_its_line(data: Path, tmp_path: Path, rows: str) -> None:
    """Also in a register of two rows, shorter than 100 bytes a NUL."""
    path = tmp_path / "导出损坏.csv"
    lines = rows.splitlines(keepends=True)
    lines[2] = lines[2][:2] + "\x00" + lines[2][2:]
    path.write_bytes("".join(lines).encode("utf-8"))
    code, out, err = imported(data, path)
    assert code == 2 and out == ""
    assert "导出损坏.csv" in err and "第 3 行" in err and "空字符" in err


def test_a_file_of_nul_bytes_is_no_spreadsheet(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "全零.csv"
    path.write_bytes(bytes(100_000))
    code, _, err = imported(data, path)
    assert code == 2 and "全零.csv" in err and "不是电子表格文件" in err
