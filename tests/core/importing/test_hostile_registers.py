"""Registers from outside are hostile: stray quotes, invisible characters, foreign encodings, formulas
without results, zip bombs. Each is read right or refused naming the file, the row and the reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.importing.apply import apply_import
from core.importing.readers import BIG5, NOT_SPREADSHEET, UnreadableFileError, open_table_file
from core.importing.readers.cells import FORMULA_WITHOUT_VALUE
from core.importing.register import read_register
from core.services import Services
from tests.core.bounded import main_py
from tests.core.importing import hostile_files
from tests.core.importing.bounded import REPO, read_in_child

HEADER = "单位名称,荣誉称号,级别,授予单位,获得时间\n"
ROWS = [
    "东鲁派出所,人民满意派出所,市级,市公安局,2019\n",
    "口东中心幼儿园,市一级幼儿园,市级,市教育局,2019\n",
    "宁波市荷花庄小学,省卫生先进单位,省级,省爱卫会,2008\n",
    "江东区文明办,先进集体,县区级,区委,2020\n",
]


def refusal(path: Path) -> str:
    with pytest.raises(UnreadableFileError) as caught, open_table_file(path) as table:
        for sheet in table.sheet_names:
            list(table.rows(sheet))
    assert path.name in caught.value.message
    return caught.value.message


# --- CSV quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad_row", "why"),
    [
        ('东鲁派出所,"人民满意派出所,市级,市公安局,2019\n', "a quote never closed"),
        (
            '东鲁派出所,"人民满意派出所,市级,市公安局,2019\n口东中心幼儿园,"市一级幼儿园",市级\n',
            "closed mid-field",
        ),
        (
            '东鲁派出所,"人民满意派出所,市级,市公安局,2019\n口东中心幼儿园,市一级幼儿园,市级,市教育局,"\n',
            "rows later",
        ),
    ],
)
def test_a_stray_quote_is_refused_naming_its_row_and_swallows_nothing(
    tmp_path: Path, bad_row: str, why: str
) -> None:
    path = tmp_path / "荣誉.csv"
    path.write_text(HEADER + ROWS[0] + bad_row + ROWS[2] + ROWS[3], encoding="utf-8")
    message = refusal(path)
    assert "第 3 行的引号" in message and "没有配对" in message, why


def test_a_quote_inside_a_field_is_kept_as_text_and_one_around_part_of_it_is_named(tmp_path: Path) -> None:
    path = tmp_path / "荣誉.csv"
    path.write_text(HEADER + '东鲁派出所,人民"满意"派出所,市级,市公安局,2019\n', encoding="utf-8")
    with open_table_file(path) as table:
        rows = [row.values for row in table.rows(table.sheet_names[0])]
    assert rows[1][1] == '人民"满意"派出所'
    path.write_text(HEADER + ROWS[0] + '东鲁派出所,"人民满意"派出所,市级,市公安局,2019\n', encoding="utf-8")
    assert '第 3 行有引号（"）只包住了单元格的一部分' in refusal(path)


def test_a_field_over_the_csv_limit_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "荣誉.csv"
    path.write_text(HEADER + "东鲁派出所," + "长" * 140_000 + ",市级,市公安局,2019\n", encoding="utf-8")
    message = refusal(path)
    assert "第 2 行有一个单元格超过 131,072 个字符" in message and "损坏" not in message


# --- text in cells -----------------------------------------------------------------------------


LOOK_ALIKES = [
    "宁波市荷花庄小学",
    "宁波市\u200b荷花庄小学",  # zero-width space
    "宁波市荷花\u200d庄小学",  # zero-width joiner
    "宁波\u00ad市荷花庄小学",  # soft hyphen
    "\ufeff宁波市荷花庄小学",  # byte-order mark
    "\u202e宁波市荷花庄小学\u202c",  # right-to-left override … pop
]


def test_invisible_and_bidi_marks_do_not_make_look_alike_units(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "荣誉.csv"
    rows = [f"{name},荣誉{number},市级,市委,2019\n" for number, name in enumerate(LOOK_ALIKES)]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    result = apply_import(services.db, read_register(path))
    assert result.counts["units_created"] == 1 and result.counts["honours_created"] == 6
    assert [summary.unit.name for summary in services.units.list()] == ["宁波市荷花庄小学"]


def test_a_control_character_rejects_its_cell_naming_row_and_column_and_a_tab_is_a_space(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "荣誉.csv"
    path.write_text(
        HEADER
        + "东鲁派出所\x07,人民满意派出所,市级,市公安局,2019\n口东中心幼儿园,市一级\t幼儿园,市级,,2019\n"
    )
    result = apply_import(services.db, read_register(path))
    (problem,) = result.errors
    assert (problem.row, problem.column) == (2, "单位名称") and "U+0007" in problem.message
    assert [h.title for h in services.honours.list()] == ["市一级 幼儿园"]


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(services: Services, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "荣誉.csv"
    path.write_bytes((HEADER + "".join(ROWS)).encode(encoding))
    result = apply_import(services.db, read_register(path))
    assert result.counts["honours_created"] == 4 and result.errors == []


def test_big5_is_named_as_big5(tmp_path: Path) -> None:
    path = tmp_path / "荣誉.csv"
    text = "單位名稱,榮譽稱號,級別,授予單位,獲得時間\n東魯派出所,人民滿意派出所,市級,市公安局,2019\n"
    path.write_bytes(text.encode("big5"))
    message = refusal(path)
    assert BIG5 in message and "繁体中文 Big5" in message


@pytest.mark.parametrize(
    ("first", "second", "named"),
    [("gbk", "big5", ("GBK", "繁体 Big5")), ("utf-8", "gbk", ("UTF-8", "GBK"))],
)
def test_a_file_mixing_encodings_names_the_problem_and_the_row(
    tmp_path: Path, first: str, second: str, named: tuple[str, str]
) -> None:
    path = tmp_path / "荣誉.csv"
    later = "荷花莊小學,衛生先進單位,省級,省愛衛會,2008\n" if second == "big5" else ROWS[2]
    path.write_bytes((HEADER + ROWS[0]).encode(first) + later.encode(second))
    message = refusal(path)
    assert "混用了不同的文字编码" in message and "第 3 行" in message
    assert all(name in message for name in named) and NOT_SPREADSHEET not in message


# --- workbooks -------------------------------------------------------------------------------------


def test_formulas_without_saved_results_are_reported_cell_by_cell(services: Services, tmp_path: Path) -> None:
    book = Workbook()  # openpyxl writes formulas without their results, as many programs do
    sheet = book.active
    sheet.append(["序号", "单位名称", "荣誉称号", "级别", "获得时间"])
    sheet.append(["=ROW()-1", "东鲁派出所", "人民满意派出所", "市级", 2019])
    sheet.append(["=ROW()-1", '=CONCAT("口东","中心幼儿园")', "市一级幼儿园", "市级", "=2018+1"])
    path = tmp_path / "公式.xlsx"
    book.save(path)
    result = apply_import(services.db, read_register(path))
    assert [(e.row, e.column) for e in result.errors] == [(3, "单位名称"), (3, "获得时间")]
    assert all(e.message == FORMULA_WITHOUT_VALUE for e in result.errors)
    assert [h.title for h in services.honours.list()] == ["人民满意派出所"]  # 序号 formulas are not imported


def test_no_library_warning_reaches_stderr(tmp_path: Path) -> None:
    """A workbook without a stylesheet made openpyxl print English warnings."""
    book = Workbook()
    book.active.append(["单位名称", "荣誉称号", "级别"])
    book.active.append(["东鲁派出所", "人民满意派出所", "市级"])
    written = tmp_path / "written.xlsx"
    book.save(written)
    path = tmp_path / "无样式.xlsx"
    with zipfile.ZipFile(written) as old, zipfile.ZipFile(path, "w") as new:
        for info in old.infolist():
            if info.filename != "xl/styles.xml":
                new.writestr(info, old.read(info))
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONWARNINGS="default")
    done = subprocess.run(
        [sys.executable, "main.py", "--data-dir", str(tmp_path / "d"), "import", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0 and "新增荣誉 1 项" in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize(
    ("build", "name", "said"),
    [
        (hostile_files.one_long_row, "一行.xlsx", "16384 列"),  # 3 million cells in one row, ~400 KB
        (hostile_files.huge_shared_strings, "炸弹.xlsx", "压缩炸弹"),  # shared strings of 480 MB in ~1 MB
    ],
)
def test_a_small_workbook_that_unpacks_into_something_huge_is_refused_at_once(
    tmp_path: Path, build: Callable[[Path], Path], name: str, said: str
) -> None:
    path = build(tmp_path / name)
    assert path.stat().st_size < 1_500_000
    result = read_in_child(path)  # with its address space and CPU time limited
    assert result["outcome"] == "refused", result
    assert name in str(result["message"]) and said in str(result["message"])
    assert result["grew_mb"] is None or float(result["grew_mb"]) < 200, result  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "name", "said"),
    [
        (hostile_files.one_long_row, "一行.xlsx", "16384 列"),
        (hostile_files.huge_shared_strings, "炸弹.xlsx", "压缩炸弹"),
    ],
)
def test_the_import_command_refuses_them_as_well_while_it_reads_ahead(
    tmp_path: Path, build: Callable[[Path], Path], name: str, said: str
) -> None:
    """main.py import reads the file on a thread while its database opens: the same checks, the same
    Chinese answer, nothing imported."""
    path = build(tmp_path / name)
    data = str(tmp_path / "d")
    done = main_py("--data-dir", data, "import", str(path))  # bounded in time and memory
    assert done.returncode == 2, done.stderr
    assert name in done.stderr and said in done.stderr and "Traceback" not in done.stderr
    listed = main_py("--data-dir", data, "units", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"


def test_an_xlsx_whose_shared_strings_overstate_their_count_is_refused_not_crashing_the_program(
    tmp_path: Path,
) -> None:
    """A 1 KB .xlsx whose sharedStrings.xml says uniqueCount="4000000000": calamine reserved 96 GB for
    it and aborted the whole process (no Python exception, the window gone). Refused before calamine."""
    path = hostile_files.overstated_shared_strings(tmp_path / "声称.xlsx")
    assert path.stat().st_size < 2_000
    result = read_in_child(path)
    assert result["outcome"] == "refused", result
    assert "文件“声称.xlsx”的共享字符串表声称有 4,000,000,000 个字符串" in str(result["message"])
    data = str(tmp_path / "d")
    done = main_py("--data-dir", data, "import", str(path))
    assert done.returncode == 2 and "声称.xlsx" in done.stderr and "共享字符串表" in done.stderr, done.stderr
    listed = main_py("--data-dir", data, "units", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"
    honest = read_in_child(hostile_files.overstated_shared_strings(tmp_path / "如实.xlsx", declared=5))
    assert "共享字符串" not in str(honest.get("message", "")), honest


def test_an_xls_with_two_far_apart_cells_is_read_without_building_their_block(tmp_path: Path) -> None:
    path = hostile_files.far_apart_xls(tmp_path / "远.xls")
    assert path.stat().st_size < 10_000
    result = read_in_child(path)  # calamine would build 65,536 × 256 cells: xlrd reads it instead
    assert result["outcome"] == "read" and result["rows"] == 2, result
    assert result["grew_mb"] is None or float(result["grew_mb"]) < 200, result  # type: ignore[arg-type]


def test_an_xlsb_with_two_far_apart_cells_is_refused_before_its_block_is_built(tmp_path: Path) -> None:
    """calamine makes a sheet one dense block from its first cell to its last: for A1 and XFD1048576 it
    asked for 550 GB, and the allocator aborted the whole program (the window with it) without a word."""
    path = hostile_files.xlsb(tmp_path / "远.xlsb", [(0, 0, 1.0), (1_048_575, 16_383, 2.0)])
    assert path.stat().st_size < 2_000
    result = read_in_child(path)
    assert result["outcome"] == "refused", result
    assert (
        result["message"]
        == "文件“远.xlsb”中的工作表“名册”有超过 4,000,000 个单元格，超出可以读取的范围，未读取。"
    )
    done = main_py("--data-dir", str(tmp_path / "d"), "import", str(path))
    assert done.returncode == 2 and "远.xlsb" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_an_xlsb_register_is_read_after_its_cells_are_counted(tmp_path: Path) -> None:
    header = ["单位名称", "荣誉称号", "授予单位", "获得时间"]
    row = ["宁波市荷花庄小学", "浙江省绿色学校", "浙江省教育厅", 2022.0]
    cells = [(0, column, value) for column, value in enumerate(header)]
    cells += [(1, column, value) for column, value in enumerate(row)]
    result = read_in_child(hostile_files.xlsb(tmp_path / "荣誉登记表.xlsb", cells))
    assert result["outcome"] == "read" and result["rows"] == 1, result


def test_a_csv_of_a_million_short_rows_is_refused_before_they_fill_the_memory(tmp_path: Path) -> None:
    """Five megabytes of "单," lines: inside Excel's row limit and the cell cap, but every row read was kept
    (about 1 KB each) until the sheet was checked: 1.3 GB and a quarter of a minute before any answer."""
    path = tmp_path / "百万行.csv"
    path.write_bytes((HEADER + "".join(ROWS) + "单,\n" * 1_000_000).encode("utf-8"))
    result = read_in_child(path, memory_mb=1024)
    assert result["outcome"] == "refused", result
    assert "文件“百万行.csv”中的工作表“百万行”有超过 100,000 行内容" in str(result["message"]), result
    assert "拆分" in str(result["message"])
    assert result["grew_mb"] is None or float(result["grew_mb"]) < 400, result  # type: ignore[arg-type]


def test_an_xlsx_of_too_many_rows_is_refused_by_the_command_line_with_nothing_imported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "太长.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("登记")
    sheet.append(HEADER.strip().split(","))
    for number in range(100_001):
        sheet.append([f"单位{number}"])
    book.save(path)
    data = str(tmp_path / "d")
    done = main_py("--data-dir", data, "import", str(path), "--json")
    assert done.returncode == 2, done.stderr
    assert "文件“太长.xlsx”中的工作表“登记”有超过 100,000 行内容" in done.stderr, done.stderr
    listed = main_py("--data-dir", data, "units", "--json")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]"


def test_an_xls_whose_dimensions_record_overstates_the_sheet_is_read_not_aborting_the_program(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz_hostile.py: six bytes of a DIMENSIONS record changed, and calamine asked for
    700 TB as it opened the file; the allocator aborted the whole process (the window with it) without a
    word. Its records are read instead (xlrd), and the honours in it imported."""
    path = hostile_files.overstated_dimensions_xls(tmp_path / "尺寸.xls")
    assert path.stat().st_size < 10_000
    result = read_in_child(path)
    assert result["outcome"] == "read" and result["rows"] == 2, result
    data = str(tmp_path / "d")
    done = main_py("--data-dir", data, "import", str(path), "--json")
    assert done.returncode == 0, done.stderr
    assert '"honours_created": 2' in done.stdout


def test_the_json_answer_for_a_register_of_100000_rejected_rows_is_written_in_bounded_memory(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz_hostile.py: `import --json` built its answer as one string, and the errors of
    100,000 rejected rows (two each) took 450 MB more than the import: with 600 MB of address space
    the command ended in “出现意外错误” instead of its answer. Written piece by piece, it fits."""
    path = tmp_path / "拒绝.csv"
    numbered = "".join(f"{number},{row}" for number, row in enumerate(ROWS, start=1))
    path.write_text("序号," + HEADER + numbered + "单,\n" * 99_990, encoding="utf-8")  # two errors a row
    argv = ["--data-dir", str(tmp_path / "d"), "import", str(path), "--json"]
    done = main_py(*argv, memory_bytes=600 * 1024**2)
    assert done.returncode == 1, done.stderr
    answer = json.loads(done.stdout)
    assert answer["rejected"] == 99_990 and answer["honours_created"] == 4
    assert len(answer["errors"]) == 2 * 99_990


def test_an_xls_whose_compound_file_chain_loops_is_refused_not_aborting_the_program(tmp_path: Path) -> None:
    """Found by bench/fuzz_hostile.py: one FAT entry of the OLE2 container pointing back at its own sector.
    calamine followed the chain without end and the allocator aborted the whole process; the container is
    now walked (by xlrd, which sees the loop) before calamine is given the file."""
    path = hostile_files.looping_chain_xls(tmp_path / "循环.xls")
    result = read_in_child(path)
    assert result["outcome"] == "refused", result
    assert result["message"] == "文件“循环.xls”已损坏或格式不完整，无法读取。"
    data = str(tmp_path / "d")
    done = main_py("--data-dir", data, "import", str(path), "--json")
    assert done.returncode == 2 and "循环.xls" in done.stderr and "Traceback" not in done.stderr, done.stderr
