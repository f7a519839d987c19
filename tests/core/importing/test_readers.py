"""Opening spreadsheet files: what comes out of each format, and which files are refused and how."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from core import files
from core.errors import UserError
from core.importing.readers import (
    CORRUPT,
    EMPTY,
    HTML,
    MISSING,
    NO_VISIBLE_SHEET,
    NOT_SPREADSHEET,
    PASSWORD,
    Row,
    UnreadableFileError,
    open_table_file,
    tables,
)
from tests.core.windows_errors import fail_opening, windows_error

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "excel"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/excel is not present")

HEADER = ["序号", "单位名称", "荣誉称号", "获得时间"]


def read_all(path: Path, sheet: str | None = None) -> list[Row]:
    with open_table_file(path) as table:
        return list(table.rows(sheet if sheet is not None else table.sheet_names[0]))


def values_by_number(path: Path, sheet: str | None = None) -> dict[int, list[object]]:
    return {row.number: row.values for row in read_all(path, sheet)}


def refusal(path: Path) -> UnreadableFileError:
    with pytest.raises(UnreadableFileError) as caught, open_table_file(path) as table:
        for sheet in table.sheet_names:
            list(table.rows(sheet))
    error = caught.value
    assert isinstance(error, UserError)
    assert path.name in error.message
    return error


def rewrite_zip(source: Path, target: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == member else data)
    return target


@pytest.fixture
def register_xlsx(tmp_path: Path) -> Path:
    """A register as offices keep them: merged title, a blank row, header, rows of every cell type."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "荣誉登记"
    sheet["A1"] = "江东区各单位荣誉登记表"
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([1, "宁波市荷花庄小学", "省卫生先进单位", dt.datetime(2019, 12, 5)])
    sheet.append([2.0, "东鲁派出所 ", "人民满意派出所", dt.datetime(2020, 1, 2, 9, 30)])
    sheet.append([2.5, "", True, "#N/A"])
    hidden = book.create_sheet("备用")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "不应读取"
    book.create_sheet("汇总")["C5"] = "合计"
    path = tmp_path / "荣誉登记表.xlsx"
    book.save(path)
    return path


# --- .xlsx ------------------------------------------------------------------------------------------


def test_xlsx_rows_keep_excel_row_numbers_and_cell_types(register_xlsx: Path) -> None:
    with open_table_file(register_xlsx) as table:
        assert table.kind == "xlsx"
        assert table.sheet_names == ["荣誉登记", "汇总"]  # the hidden sheet is left out
        rows = list(table.rows("荣誉登记"))
    assert [r.number for r in rows] == [1, 3, 4, 5, 6]  # the blank row 2 is skipped, numbers stay
    assert rows[0].values == ["江东区各单位荣誉登记表"]  # a merged title: its value in the first cell
    assert rows[1].values == HEADER
    assert rows[2].values == [1, "宁波市荷花庄小学", "省卫生先进单位", dt.date(2019, 12, 5)]
    assert rows[3].values == [2, "东鲁派出所", "人民满意派出所", dt.datetime(2020, 1, 2, 9, 30)]  # trimmed
    assert rows[4].values == [2.5, None, True, "#N/A"]  # "" is None; an error cell is its text


def test_a_sheet_starting_further_down_reports_excel_row_numbers(register_xlsx: Path) -> None:
    assert values_by_number(register_xlsx, "汇总") == {5: [None, None, "合计"]}


def test_rows_can_be_read_again_and_stopped_early(register_xlsx: Path) -> None:
    with open_table_file(register_xlsx) as table:
        first = next(iter(table.rows("荣誉登记")))
        again = list(table.rows("荣誉登记"))
    assert first == again[0] and len(again) == 5


def test_1904_workbook_gives_the_dates_excel_shows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append(["获得时间", dt.datetime(2021, 1, 1), dt.datetime(2008, 5, 12, 14, 28)])
    path = tmp_path / "mac.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as zf:
        assert b'date1904="1"' in zf.read("xl/workbook.xml")
    assert read_all(path)[0].values == ["获得时间", dt.date(2021, 1, 1), dt.datetime(2008, 5, 12, 14, 28)]


def test_format_is_decided_by_content_not_extension(register_xlsx: Path, tmp_path: Path) -> None:
    misnamed = tmp_path / "荣誉登记表.xls"
    misnamed.write_bytes(register_xlsx.read_bytes())
    with open_table_file(misnamed) as table:
        assert table.kind == "xlsx"
        assert len(list(table.rows("荣誉登记"))) == 5


def test_a_workbook_with_no_visible_sheet_is_refused(register_xlsx: Path, tmp_path: Path) -> None:
    def hide_all(xml: bytes) -> bytes:
        return xml.replace(b'state="visible"', b'state="hidden"')

    path = rewrite_zip(register_xlsx, tmp_path / "全隐藏.xlsx", "xl/workbook.xml", hide_all)
    assert refusal(path).reason == NO_VISIBLE_SHEET


def test_damage_found_while_reading_rows_is_refused_too(register_xlsx: Path, tmp_path: Path) -> None:
    path = rewrite_zip(register_xlsx, tmp_path / "半截.xlsx", "xl/worksheets/sheet1.xml", lambda x: x[:400])
    with open_table_file(path) as table, pytest.raises(UnreadableFileError) as caught:
        list(table.rows("荣誉登记"))
    assert caught.value.reason == CORRUPT and "半截.xlsx" in caught.value.message


def test_a_sheet_claiming_more_rows_than_excel_allows_is_refused(register_xlsx: Path, tmp_path: Path) -> None:
    def far_row(xml: bytes) -> bytes:
        return xml.replace(
            b"</sheetData>", b'<row r="1048577"><c r="A1048577" t="n"><v>1</v></c></row></sheetData>'
        )

    path = rewrite_zip(register_xlsx, tmp_path / "超大.xlsx", "xl/worksheets/sheet1.xml", far_row)
    error = refusal(path)
    assert "荣誉登记" in error.message and "1048576" in error.message


# --- CSV --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding_offices_use(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"名册-{encoding}.csv"
    text = "序号,单位名称,荣誉称号\r\n1, 宁波市荷花庄小学 ,省卫生先进单位\r\n\r\n2,东鲁派出所,\r\n"
    path.write_bytes(text.encode(encoding))
    with open_table_file(path) as table:
        assert table.kind == "csv"
        assert table.sheet_names == [f"名册-{encoding}"]
        rows = list(table.rows(table.sheet_names[0]))
    assert [(r.number, r.values) for r in rows] == [
        (1, ["序号", "单位名称", "荣誉称号"]),
        (2, ["1", "宁波市荷花庄小学", "省卫生先进单位"]),  # values stripped, kept as text
        (4, ["2", "东鲁派出所"]),  # the blank record 3 skipped, the empty last value trimmed
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "名册.txt"
    lines = [
        ["单位名称", "荣誉称号", "文号"],
        ["宁波市荷花庄小学", "省卫生先进单位, 2008", "浙卫〔2008〕1号"],
    ]
    path.write_text("\n".join(delimiter.join(line) for line in lines) + "\n", encoding="utf-8")
    assert [r.values for r in read_all(path)] == lines


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "另存为Unicode文本.txt"
    path.write_bytes("单位名称\t荣誉称号\r\n东鲁派出所\t人民满意派出所\r\n".encode("utf-16"))
    assert [r.values for r in read_all(path)] == [["单位名称", "荣誉称号"], ["东鲁派出所", "人民满意派出所"]]


def test_quoted_csv_value_with_line_break_keeps_record_numbers(tmp_path: Path) -> None:
    path = tmp_path / "备注.csv"
    path.write_text('单位名称,备注\n东鲁派出所,"第一行\n第二行"\n口东中心幼儿园,无\n', encoding="utf-8")
    assert values_by_number(path) == {
        1: ["单位名称", "备注"],
        2: ["东鲁派出所", "第一行\n第二行"],
        3: ["口东中心幼儿园", "无"],
    }


# --- refusals ---------------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "空表.xlsx"
    path.write_bytes(b"")
    error = refusal(path)
    assert error.reason == EMPTY
    assert error.message == "文件“空表.xlsx”是空文件。"


def test_binary_garbage_renamed_xlsx_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "照片.xlsx"
    path.write_bytes(bytes(range(256)) * 40)
    assert refusal(path).reason == NOT_SPREADSHEET


def test_undecodable_text_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "乱码.csv"
    path.write_bytes(b"\x81\x20\xfe" * 100)
    assert refusal(path).reason == NOT_SPREADSHEET


def test_truncated_xlsx_is_corrupt(register_xlsx: Path, tmp_path: Path) -> None:
    path = tmp_path / "传了一半.xlsx"
    path.write_bytes(register_xlsx.read_bytes()[:500])
    error = refusal(path)
    assert error.reason == CORRUPT
    assert error.message == "文件“传了一半.xlsx”已损坏或格式不完整，无法读取。"


def test_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "材料.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("说明.txt", "不是表格")
    path.write_bytes(buffer.getvalue())
    assert refusal(path).reason == NOT_SPREADSHEET


def test_web_page_saved_as_xls_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "系统导出.xls"
    path.write_text("<html><body><table><tr><td>单位名称</td></tr></table></body></html>", encoding="utf-8")
    error = refusal(path)
    assert error.reason == HTML and "另存为 .xlsx" in error.message


def test_text_that_merely_starts_with_a_bracket_is_still_csv(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("<2019年度>荣誉名单\n单位名称,荣誉称号\n", encoding="utf-8")
    assert [r.values for r in read_all(path)] == [["<2019年度>荣誉名单"], ["单位名称", "荣誉称号"]]


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "不存在.xlsx").reason == MISSING


@needs_corpus
@pytest.mark.parametrize("name", ["pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"])
def test_password_protected_workbooks_are_refused(name: str) -> None:
    error = refusal(CORPUS / name)
    assert error.reason == PASSWORD
    assert error.message == f"文件“{name}”设有打开密码，请在 Excel 中取消密码后另存再导入。"


@needs_corpus
def test_password_protected_xls_is_refused() -> None:
    assert refusal(CORPUS / "issue_385.xls").reason == PASSWORD


@needs_corpus
def test_encrypted_package_is_refused_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "加密.xls"
    path.write_bytes((CORPUS / "pass_protected.xlsx").read_bytes())
    assert refusal(path).reason == PASSWORD


# --- other formats, from the corpus -----------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize(
    "name", ["date.xls", "date_1904.xls", "date.xlsb", "date_1904.xlsb", "date_1904.xlsx"]
)
def test_dates_agree_across_formats_and_date_systems(name: str) -> None:
    expected = [r.values for r in read_all(CORPUS / "date.xlsx")][:2]
    assert expected == [[dt.date(2021, 1, 1), 15], [dt.date(2021, 1, 2), 16]]
    assert [r.values for r in read_all(CORPUS / name)][:2] == expected


@needs_corpus
@pytest.mark.parametrize("name", ["any_sheets.xls", "any_sheets.xlsb", "any_sheets.xlsx"])
def test_hidden_and_chart_sheets_are_not_offered(name: str) -> None:
    with open_table_file(CORPUS / name) as table:
        assert table.sheet_names == ["Visible"]
        assert [r.number for r in table.rows("Visible")] == [1, 2, 3, 5]


@needs_corpus
def test_ods_rows_keep_their_numbers_below_blank_rows() -> None:
    rows = read_all(CORPUS / "number_rows_repeated.ods", "Sheet3")
    assert (rows[0].number, rows[0].values) == (3, ["A", "B"])
    assert [r.number for r in rows] == [3, 4, 5, 8, 10]


@needs_corpus
def test_xls_cells_come_out_typed() -> None:
    rows = {r.number: r.values for r in read_all(CORPUS / "issues.xls", "datatypes")}
    assert rows == {1: [1], 2: [1.5], 3: ["ab"], 4: [False], 5: ["test"], 6: [dt.date(2016, 10, 20)]}


@needs_corpus
@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ("issue_530.xlsx", "报表导出人："),  # parts named with backslashes: openpyxl fails, calamine reads
        ("strict_iso_paths.xlsx", "Item"),  # Strict Open XML: openpyxl sees no sheet
        ("gh548_incorrect_sst_unique_count.xls", "Title:"),  # xlrd trips on an assertion
    ],
)
def test_files_one_library_cannot_open_are_read_by_the_other(name: str, cell: str) -> None:
    with open_table_file(CORPUS / name) as table:
        values = [v for sheet in table.sheet_names for row in table.rows(sheet) for v in row.values]
    assert cell in values


@needs_corpus
def test_a_panic_inside_calamine_is_refused_and_logged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panic(self: object, sheet: str) -> Iterator[tuple[int, list[object]]]:
        raise PanicException("index out of bounds")
        yield  # pragma: no cover

    monkeypatch.setattr(tables.CalamineTable, "_raw_rows", panic)
    path = CORPUS / "issues.ods"
    with open_table_file(path) as table, pytest.raises(UnreadableFileError) as caught:
        list(table.rows(table.sheet_names[0]))
    assert caught.value.reason == CORRUPT and "issues.ods" in caught.value.message
    assert any(r.exc_info and r.exc_info[0] is PanicException for r in caplog.records)


# --- hashing ----------------------------------------------------------------------------------------


def test_the_hash_is_of_the_bytes_read(register_xlsx: Path) -> None:
    with open_table_file(register_xlsx) as table:
        assert table.sha256 == hashlib.sha256(register_xlsx.read_bytes()).hexdigest()
        assert table.path == register_xlsx and table.source != register_xlsx


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as caught:
        open_table_file(tmp_path / "丢失.xlsx")
    assert caught.value.message == "文件“丢失.xlsx”不存在，可能已被移动或删除。"


# --- failures outside the file ----------------------------------------------------------------------


def test_a_share_that_drops_while_calamine_reads_is_not_called_a_damaged_file(
    register_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-calamine raises a bare OSError whose only trace of the cause is Windows' text and "(os error
    64)": the register on the office's shared folder is fine, the network is not."""

    def network_gone(self: object, sheet: str) -> Iterator[tuple[int, list[object]]]:
        raise OSError("指定的网络名不再可用。 (os error 64)")
        yield  # pragma: no cover

    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(tables.CalamineTable, "_raw_rows", network_gone)
    with open_table_file(register_xlsx) as table, pytest.raises(UnreadableFileError) as caught:
        list(table.rows(table.sheet_names[0]))
    assert caught.value.reason != CORRUPT
    assert caught.value.message.startswith(f"文件“{register_xlsx.name}”所在的网络位置无法访问")


def test_a_register_deeper_than_windows_reads_is_told_as_too_long_a_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register 300 characters deep, picked in the file dialog: Windows without long-path support
    answers "path not found" (winerror 3); the import says the path is too long, not that it is gone."""
    folder = tmp_path.joinpath(*["2024年度各单位荣誉登记材料汇总（江东区文明办报送，含附件）"] * 6)
    folder.mkdir(parents=True)
    deep = folder / "荣誉登记表.xlsx"
    deep.write_bytes(b"PK")
    assert files.path_length(deep) > files.MAX_PATH_CHARS
    error = windows_error(3, "系统找不到指定的路径。", errno=2)
    error.filename = str(deep)
    monkeypatch.setattr(files, "WINDOWS", True)
    fail_opening(monkeypatch, deep, error)
    with pytest.raises(UnreadableFileError) as caught:
        open_table_file(deep)
    assert caught.value.message.startswith("文件“荣誉登记表.xlsx”的完整路径有")
    assert "超过 Windows 允许的 259 个字符" in caught.value.message and "不存在" not in caught.value.message


def test_a_cloud_only_register_says_how_to_keep_it_on_the_pc(
    register_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_opening(monkeypatch, register_xlsx, windows_error(362, "云文件提供程序未运行。"))
    with pytest.raises(UnreadableFileError) as caught:
        open_table_file(register_xlsx)
    assert "只保存在云端" in caught.value.message and "始终保留在此设备上" in caught.value.message
