"""Messy registers built by code, shaped like the ones offices keep (DESIGN.md section 5)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from tests.conftest import make_credit_code

HONOUR_HEADER = ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "文号", "备注"]


def honour_register(path: Path) -> Path:
    """An honour register with a merged title, a 填报 line, a repeated header, a total row, full-width
    text, dates in several forms and three bad rows.

    Into an empty database: 4 units and 5 honours created, 1 duplicate, 3 rejected (rows 11, 12, 13).
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉登记"
    honour_register_rows(sheet)
    sheet.merge_cells("A1:H1")
    sheet["A1"].font = Font(bold=True, size=16)
    book.save(path)
    return path


def honour_register_rows(sheet) -> None:  # type: ignore[no-untyped-def]
    sheet.append(["江东区各单位荣誉登记表（2019年度）"])
    sheet.append(["填报单位：江东区文明办", None, None, None, None, "填报日期：2020年1月"])
    sheet.append(HONOUR_HEADER)
    sheet.append([1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", None, None])  # 4
    sheet.append(
        [
            2,
            "宁波市荷花庄小学 ",
            "全国写字教育先进集体",
            "全国",
            "教育部",
            "2010年12月",
            "教基〔2010〕5号",
            None,
        ]
    )
    sheet.append([])  # 6: blank
    sheet.append(
        [3, "东鲁派出所", "人民满意派出所", "市", "市公安局", dt.datetime(2019, 12, 5), None, None]
    )  # 7
    sheet.append([4, "ＸＸ中学（东校区）", "市文明单位", "市级", "市文明委", 2019.12, None, None])  # 8
    sheet.append(HONOUR_HEADER)  # 9: the header again, as on every printed page
    sheet.append(
        [5, "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019", None, "同第7行"]
    )  # 10: duplicate
    sheet.append([6, None, "某荣誉", "省级", None, "2019", None, None])  # 11: no unit name
    sheet.append(
        [7, "口东中心幼儿园", "市一级幼儿园", "市级", None, "2019年13月", None, None]
    )  # 12: bad date
    sheet.append([8, "口东中心幼儿园", None, "市级", None, "2019", None, None])  # 13: no title
    sheet.append(
        [9, "口东中心幼儿园", "县示范幼儿园", "县（区）级", "县教育局", "二〇一八年六月", None, None]
    )  # 14
    sheet.append(["合计", None, "9项"])  # 15


def unit_register_xlsx(path: Path) -> tuple[Path, str]:
    """A unit register: phones and codes typed as numbers, founding dates as Excel dates, a column with
    no field, one invalid credit code. 3 units created, 1 rejected (row 6). Returns the path and the
    valid code used in row 4."""
    code = make_credit_code("12330203MB1234567")
    book = Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(["2019年度文明单位名册"])
    sheet.append(
        [
            "序号",
            "单位名称",
            "统一社会信用代码",
            "单位类别",
            "成立时间",
            "负责人",
            "联系电话",
            "职工人数",
            "校园网址",
        ]
    )
    sheet.append(
        [1, "宁波市荷花庄小学", code, "公办小学", dt.date(1989, 9, 1), "王丽", 13800000001, 43, "www.hhz.cn"]
    )  # 3
    sheet.append([2, "口东中心幼儿园", None, "幼儿园", "2001年", "李园长", "0574-8765432", "25人", None])  # 4
    sheet.append([3, "东鲁派出所", None, "机关", None, None, 57488886666, None, None])  # 5
    sheet.append([4, "坏代码单位", "91350100M000100Y44", "企业", None, None, None, None, None])  # 6
    book.save(path)
    return path, code


def two_level_register(path: Path) -> Path:
    """A header in two rows: 荣誉情况 groups 荣誉称号 / 级别 / 时间. 2 honours for 1 unit."""
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "单位名称", "荣誉情况", None, None, "备注"])
    sheet.append([None, None, "荣誉称号", "级别", "时间", None])
    sheet.merge_cells("C1:E1")
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.append([1, "甘垛镇荷花村", "省级文明村", "省级", "2016.5", None])
    sheet.append([2, "甘垛镇荷花村", "市级卫生村", "市级", "2014", None])
    book.save(path)
    return path


def csv_register(path: Path, encoding: str) -> Path:
    """A honour register as CSV in the given encoding. 2 units, 3 honours."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位名称", "荣誉名称", "荣誉级别", "颁发单位", "授予时间"])
        writer.writerow(["金水区市政管理局", "城市市容环境卫生先进集体", "省级", "省建设厅", "2005年"])
        writer.writerow(["金水区市政管理局", "先进单位", "市级", "市委、市政府", "2006/3/1"])
        writer.writerow(["长治市工商行政管理局城区分局", "市级文明单位", "市级", "市文明委", "2013.12"])
    return path


def honour_register_xls(path: Path) -> Path:
    """The messy honour register as an Excel 97-2003 .xls (same rows, same expected counts), with the
    dates as real Excel dates where the .xlsx has them."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("荣誉登记")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    source = Workbook()
    honour_register_rows(source.active)
    for r, row in enumerate(source.active.iter_rows(values_only=True)):
        if r == 0:  # the title, merged across the table
            sheet.write_merge(0, 0, 0, 7, row[0])
            continue
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


HONOURS_2019 = [
    [1, "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2019年6月"],  # 3
    [2, "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019年12月"],  # 4
    [3, "口东中心幼儿园", "市一级幼儿园", "市级", "市教育局", "2019"],  # 5: hidden
    ["合计", None, "3项"],  # 6
    ["填表人：王芳    审核人：陈建国    联系电话：0574-87654321"],  # 7
    ["说明：1. 级别填写国家级、省级、市级、县区级；"],  # 8
    [None, None, "2. 获得时间写到月。"],  # 9
]


def yearly_workbook(path: Path) -> Path:
    """A workbook as offices keep them: a notes sheet, one honour sheet per year with a hidden row, a total
    and a sign-off footer, the unit sheet last, and a hidden old sheet.

    Every register sheet imported into an empty database: 3 units (2 from 单位, 1 new in 2020年), 5
    honours (2020年 names 宁波市荷花庄小学 once, merged over two rows); 填表说明 has no header and 旧表 is
    hidden; 2019年 skips row 5 (hidden), 6 (total), 7–9 (footer).
    """
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    notes.append(["请按各工作表的格式填写，每年一张表。"])
    year = book.create_sheet("2019年")
    year.append(["2019年度各单位荣誉登记表"])
    year.append(["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间"])
    for row in HONOURS_2019:
        year.append(row)
    year.row_dimensions[5].hidden = True
    later = book.create_sheet("2020年")
    later.append(["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间"])
    later.append([1, "宁波市荷花庄小学", "市文明校园", "市级", "市文明委", "2020年11月"])
    later.append([2, None, "绿色学校", "市级", "市教育局", "2020年6月"])  # the name merged over both rows
    later.merge_cells("B2:B3")
    later.append([3, "江东区文明办", "先进集体", "区级", "区委、区政府", "2020年"])
    units = book.create_sheet("单位")
    units.append(["序号", "单位名称", "单位类别", "负责人"])
    units.append([1, "宁波市荷花庄小学", "学校", "王丽"])
    units.append([2, "东鲁派出所", "机关", "刘龙"])
    old = book.create_sheet("旧表")
    old.append(["序号", "单位名称", "荣誉称号", "级别"])
    old.append([1, "不应导入的单位", "不应导入的荣誉", "市级"])
    old.sheet_state = "hidden"
    book.save(path)
    return path


def saved_by_libreoffice(source: Path, folder: Path, suffix: str) -> Path:
    """source converted by LibreOffice Calc to .xlsx, .xls or .ods (as an office PC's LibreOffice saves it)."""
    import subprocess

    from core.reports.pdf import find_soffice

    soffice = find_soffice()
    assert soffice is not None, "LibreOffice is needed: scripts/common.sh installs libreoffice-calc-nogui"
    folder.mkdir(parents=True, exist_ok=True)
    filters = {".xlsx": "xlsx:Calc MS Excel 2007 XML", ".xls": "xls:MS Excel 97", ".ods": "ods"}
    profile = (folder / "profile").as_uri()
    command = [str(soffice), f"-env:UserInstallation={profile}", "--headless"]
    subprocess.run(
        [*command, "--convert-to", filters[suffix], "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = folder / (source.stem + suffix)
    assert converted.exists(), f"LibreOffice wrote no {suffix}"
    return converted
