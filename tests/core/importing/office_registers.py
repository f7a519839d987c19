"""Honour registers as real offices make them (issue 15), each with what a clerk reading it expects an
import into an empty database to give, written by hand from the sheet (not from the importer's output).

Each builder writes the workbook with openpyxl and returns its path; OFFICE_REGISTERS pairs the builders
with their expectations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from core.importing.skipping import FOOTER, HIDDEN, REPEATED_HEADER, TOTAL
from core.importing.workbook import HIDDEN_SHEET, NO_HEADER

HEADER = ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间"]
SCHOOL = "鄞州区东吴镇中心小学"
KINDERGARTEN = "鄞州区东吴镇中心幼儿园"
VILLAGE = "鄞州区东吴镇天童村股份经济合作社"
CLINIC = "鄞州区东吴镇卫生院"
POLICE = "宁波市公安局鄞州分局东吴派出所"
COMMUNITY = "鄞州区首南街道学府社区居民委员会"
COMPANY = "宁波天童旅游开发有限公司"
TOWN_GOVERNMENT = "宁波市鄞州区东吴镇人民政府"


@dataclass(frozen=True)
class Honour:
    unit: str
    title: str
    level: str | None
    inferred: bool  # the level was not in the register: 推断
    awarded: str | None  # the partial date as ISO (2021, 2021-05, 2021-05-18)
    awarded_by: str | None = None
    recipient: str | None = None
    document_no: str | None = None
    notes: str | None = None
    valid_until: str | None = None  # ISO day


@dataclass(frozen=True)
class Expected:
    units: dict[str, tuple[str | None, bool]]  # name → (category, inferred)
    honours: list[Honour]
    duplicates: int = 0
    skipped_rows: dict[tuple[str, int], str] = field(default_factory=dict)  # (sheet, row) → reason
    skipped_sheets: dict[str, str] = field(default_factory=dict)
    rejected: dict[tuple[str, int], str] = field(default_factory=dict)  # (sheet, row) → words of the message


def _title(sheet: Worksheet, text: str, width: int, row: int = 1) -> None:
    sheet.cell(row, 1, text).font = Font(bold=True, size=16)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def _save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


# -- 1. one sheet per year, a notes sheet and a hidden sheet -----------------------------------------------


def yearly(path: Path) -> Path:
    book = Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["本表按年度分工作表填写，每年一张。"])
    notes.append(["级别请填写：国家级、省级、市级、县区级、乡镇级。"])
    y2021 = book.create_sheet("2021年")
    y2021.append(["东吴镇各单位2021年度荣誉登记表"])
    _title(y2021, "东吴镇各单位2021年度荣誉登记表", 6)
    y2021.append(HEADER)
    y2021.append([1, SCHOOL, "浙江省文明校园", "省级", "浙江省精神文明建设委员会", "2021年5月"])
    y2021.append([2, CLINIC, "宁波市卫生先进单位", "市级", "宁波市爱国卫生运动委员会", 2021.12])
    y2021.append([3, VILLAGE, "省级善治示范村", None, "浙江省民政厅", "2021年11月"])
    y2021.append(["合计", None, "3项"])
    y2022 = book.create_sheet("2022年")
    _title(y2022, "东吴镇各单位2022年度荣誉登记表", 6)
    y2022.append(HEADER)
    y2022.append([1, SCHOOL, "浙江省文明校园", "省级", "浙江省精神文明建设委员会", "2021年5月"])  # 3: again
    y2022.append([2, KINDERGARTEN, "宁波市示范幼儿园", "市级", "宁波市教育局", "2022年9月"])
    y2022.append([3, CLINIC, "区卫生先进单位（草稿）", "区级", "鄞州区卫健局", "2022"])  # 5: hidden
    y2022.row_dimensions[5].hidden = True
    y2022.append([4, POLICE, "全省优秀公安基层所队", None, "浙江省公安厅", "2022年12月"])
    y2022.append(["填表人：王芳　　审核人：陈建国　　联系电话：0574-88123456"])  # 7
    y2023 = book.create_sheet("2023年")
    y2023.append(HEADER)
    y2023.append([1, KINDERGARTEN, "宁波市示范幼儿园", "市级", "宁波市教育局", "2022年9月"])  # 2: again
    y2023.append([2, VILLAGE, "全国乡村治理示范村", "国家级", "农业农村部、中央农办", "2023年2月"])
    y2023.append([3, SCHOOL, "区优秀少先队集体", None, "共青团宁波市鄞州区委员会", "2023年6月"])
    old = book.create_sheet("旧表")
    old.append(HEADER)
    old.append([1, "不应导入的单位", "不应导入的荣誉", "市级", "某局", "2019"])
    old.sheet_state = "hidden"
    return _save(book, path)


YEARLY = Expected(
    units={
        SCHOOL: ("学校", True),
        CLINIC: ("事业单位", True),
        VILLAGE: ("村", True),
        KINDERGARTEN: ("幼儿园", True),
        POLICE: ("机关", True),
    },
    honours=[
        Honour(SCHOOL, "浙江省文明校园", "省级", False, "2021-05", "浙江省精神文明建设委员会"),
        Honour(CLINIC, "宁波市卫生先进单位", "市级", False, "2021-12", "宁波市爱国卫生运动委员会"),
        Honour(VILLAGE, "省级善治示范村", "省级", True, "2021-11", "浙江省民政厅"),
        Honour(KINDERGARTEN, "宁波市示范幼儿园", "市级", False, "2022-09", "宁波市教育局"),
        Honour(POLICE, "全省优秀公安基层所队", "省级", True, "2022-12", "浙江省公安厅"),
        Honour(VILLAGE, "全国乡村治理示范村", "国家级", False, "2023-02", "农业农村部、中央农办"),
        Honour(SCHOOL, "区优秀少先队集体", "县区级", True, "2023-06", "共青团宁波市鄞州区委员会"),
    ],
    duplicates=2,
    skipped_rows={("2021年", 6): TOTAL, ("2022年", 5): HIDDEN, ("2022年", 7): FOOTER},
    skipped_sheets={"说明": NO_HEADER, "旧表": HIDDEN_SHEET},
)


# -- 2. a merged title and a two-row header, 序号 with gaps, a 合计 row -------------------------------------


def two_row_header(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "集体荣誉"
    _title(sheet, "鄞州区教育系统集体荣誉统计表", 7)
    sheet.append(["序号", "单位名称", "荣誉信息", None, None, "授予单位", "备注"])
    sheet.append([None, None, "称号", "级别", "时间", None, None])
    for cells in ("A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3"):
        sheet.merge_cells(cells)
    sheet.append([1, SCHOOL, "全国文明校园", None, "2020年11月", "中央精神文明建设指导委员会", None])
    sheet.append([2, KINDERGARTEN, "浙江省绿色学校", None, "2019年", None, None])
    sheet.append([4, SCHOOL, "义务教育课程改革实验学校", None, "2022年3月", "教育部办公厅", None])
    sheet.append([7, SCHOOL, "区优秀少先队集体", None, "2022年5月", "共青团宁波市鄞州区委", None])
    sheet.append([8, KINDERGARTEN, "先进集体", None, "2023年1月", "东吴镇人民政府", None])
    sheet.append([9, KINDERGARTEN, "宁波市巾帼文明岗", "市级", "2021年3月", "宁波市妇女联合会", "复查保留"])
    sheet.append(["合计", None, "6项"])  # 10
    sheet.merge_cells("A10:B10")
    return _save(book, path)


TWO_ROW_HEADER = Expected(
    units={SCHOOL: ("学校", True), KINDERGARTEN: ("幼儿园", True)},
    honours=[
        Honour(SCHOOL, "全国文明校园", "国家级", True, "2020-11", "中央精神文明建设指导委员会"),
        Honour(KINDERGARTEN, "浙江省绿色学校", "省级", True, "2019"),
        Honour(SCHOOL, "义务教育课程改革实验学校", "国家级", True, "2022-03", "教育部办公厅"),
        Honour(SCHOOL, "区优秀少先队集体", "县区级", True, "2022-05", "共青团宁波市鄞州区委"),
        Honour(KINDERGARTEN, "先进集体", "乡镇级", True, "2023-01", "东吴镇人民政府"),
        Honour(
            KINDERGARTEN, "宁波市巾帼文明岗", "市级", False, "2021-03", "宁波市妇女联合会", notes="复查保留"
        ),
    ],
    skipped_rows={("集体荣誉", 10): TOTAL},
)


# -- 3. sign-off footers: in one cell, split over cells, 备注 over two rows ---------------------------------


def footers(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([1, COMMUNITY, "浙江省民主法治社区", "省级", "浙江省司法厅、浙江省民政厅", "2020年12月"])
    sheet.append([2, COMMUNITY, "宁波市和谐社区", "市级", "中共宁波市委、宁波市人民政府", "2019"])
    sheet.append([3, COMPANY, "宁波市文明单位", "市级", "宁波市精神文明建设委员会", "2022年1月"])
    sheet.append([])  # 5
    sheet.append(["填表人：", "王芳", None, "审核人：", "陈建国"])  # 6
    sheet.append(["联系电话：0574-88123456"])  # 7
    sheet.append(["备注：1.级别填写国家级、省级、市级、县区级、乡镇级；"])  # 8
    sheet.append(["2.获得时间填写到月。"])  # 9
    sheet.append([None, None, None, None, None, "填报日期：2024年1月10日"])  # 10
    return _save(book, path)


FOOTERS = Expected(
    units={COMMUNITY: ("社区", True), COMPANY: ("企业", True)},
    honours=[
        Honour(COMMUNITY, "浙江省民主法治社区", "省级", False, "2020-12", "浙江省司法厅、浙江省民政厅"),
        Honour(COMMUNITY, "宁波市和谐社区", "市级", False, "2019", "中共宁波市委、宁波市人民政府"),
        Honour(COMPANY, "宁波市文明单位", "市级", False, "2022-01", "宁波市精神文明建设委员会"),
    ],
    skipped_rows={("Sheet", n): FOOTER for n in range(6, 11)},
)


# -- 4. no level column: levels from the bodies and titles ------------------------------------------------


def no_levels(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉"
    sheet.append(["序号", "单位名称", "荣誉称号", "授予单位", "获得时间", "文号"])
    rows = [
        (SCHOOL, "浙江省中小学德育工作先进集体", "中共浙江省委宣传部", "2021年9月", "浙宣〔2021〕35号"),
        (SCHOOL, "全国文明校园", "中央精神文明建设指导委员会", "2020年11月", "文明委〔2020〕7号"),
        (SCHOOL, "全国青少年校园足球特色学校", "教育部办公厅", "2019年", None),
        (KINDERGARTEN, "鄞州区优质幼儿园", "宁波市鄞州区教育局", "2022年", None),
        (VILLAGE, "美丽庭院示范村", "东吴镇人民政府", "2023年", None),
        (CLINIC, "先进集体", None, "2022年", None),
        (POLICE, "省级文明单位", "浙江省精神文明建设委员会", "2021年", None),
        (VILLAGE, "区级文明村", "中共宁波市鄞州区委、宁波市鄞州区人民政府", "2020年", None),
        (SCHOOL, "宁波市优秀少先队集体", "共青团宁波市委", "2021年5月", None),
    ]
    for n, row in enumerate(rows, 1):
        sheet.append([n, *row])
    return _save(book, path)


NO_LEVELS = Expected(
    units={
        SCHOOL: ("学校", True),
        KINDERGARTEN: ("幼儿园", True),
        VILLAGE: ("村", True),
        CLINIC: ("事业单位", True),
        POLICE: ("机关", True),
    },
    honours=[
        Honour(
            SCHOOL,
            "浙江省中小学德育工作先进集体",
            "省级",
            True,
            "2021-09",
            "中共浙江省委宣传部",
            document_no="浙宣〔2021〕35号",
        ),
        Honour(
            SCHOOL,
            "全国文明校园",
            "国家级",
            True,
            "2020-11",
            "中央精神文明建设指导委员会",
            document_no="文明委〔2020〕7号",
        ),
        Honour(SCHOOL, "全国青少年校园足球特色学校", "国家级", True, "2019", "教育部办公厅"),
        Honour(KINDERGARTEN, "鄞州区优质幼儿园", "县区级", True, "2022", "宁波市鄞州区教育局"),
        Honour(VILLAGE, "美丽庭院示范村", "乡镇级", True, "2023", "东吴镇人民政府"),
        Honour(CLINIC, "先进集体", None, False, "2022"),
        Honour(POLICE, "省级文明单位", "省级", True, "2021", "浙江省精神文明建设委员会"),
        Honour(VILLAGE, "区级文明村", "县区级", True, "2020", "中共宁波市鄞州区委、宁波市鄞州区人民政府"),
        Honour(SCHOOL, "宁波市优秀少先队集体", "市级", True, "2021-05", "共青团宁波市委"),
    ],
)


# -- 5. a unit register without a category column ---------------------------------------------------------


def unit_names(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "单位名册"
    sheet.append(["序号", "单位名称", "负责人", "联系电话"])
    names = [
        VILLAGE,
        COMMUNITY,
        CLINIC,
        POLICE,
        COMPANY,
        KINDERGARTEN,
        SCHOOL,
        TOWN_GOVERNMENT,
        "鄞州区东吴镇文化站",
        "鄞州区东吴镇成人文化技术学校",
        "鄞州区东吴镇中心小学（天童校区）",
        "宁波鄞州农村商业银行股份有限公司东吴支行",
        "鄞州区东吴镇小白村",
    ]
    for n, name in enumerate(names, 1):
        sheet.append([n, name, None, None])
    return _save(book, path)


UNIT_NAMES = Expected(
    units={
        VILLAGE: ("村", True),
        COMMUNITY: ("社区", True),
        CLINIC: ("事业单位", True),
        POLICE: ("机关", True),
        COMPANY: ("企业", True),
        KINDERGARTEN: ("幼儿园", True),
        SCHOOL: ("学校", True),
        TOWN_GOVERNMENT: ("机关", True),
        "鄞州区东吴镇文化站": ("事业单位", True),
        "鄞州区东吴镇成人文化技术学校": ("学校", True),
        "鄞州区东吴镇中心小学（天童校区）": ("学校", True),
        "宁波鄞州农村商业银行股份有限公司东吴支行": ("企业", True),
        "鄞州区东吴镇小白村": ("村", True),
    },
    honours=[],
)


# -- 6. dates in the forms registers write them -----------------------------------------------------------


def dates(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉"
    sheet.append(HEADER)
    values: list[object] = [
        2021.5,
        "2021年5月",
        45413,
        "二〇二一年五月",
        "2021-05",  # typed as '2021-05 (kept as text)
        "'2021-05",  # the apostrophe pasted in with the text
        dt.datetime(2021, 5, 18),
        "2021/5",
        "2021.05",
        "2021年",
        "2021年5月18日",
        "2021年13月",
        "二〇二二年十二月",
        "45413",  # the serial as text: a date column formatted as text after the dates were typed
    ]
    for n, value in enumerate(values, 1):
        sheet.append([n, SCHOOL, f"荣誉{n}", "市级", "宁波市教育局", value])
    sheet["F6"].quotePrefix = True
    return _save(book, path)


_DATES = ["2021-05", "2021-05", "2024-05-01", "2021-05", "2021-05", "2021-05", "2021-05-18", "2021-05",
          "2021-05", "2021", "2021-05-18", None, "2022-12", "2024-05-01"]  # fmt: skip
DATES = Expected(
    units={SCHOOL: ("学校", True)},
    honours=[
        Honour(SCHOOL, f"荣誉{n}", "市级", False, date, "宁波市教育局")
        for n, date in enumerate(_DATES, 1)
        if date is not None
    ],
    rejected={("荣誉", 13): "月份 13 应在 1 到 12 之间"},  # the row and column are named beside it
)


# -- 7. persons' honours with a 获得者 column ----------------------------------------------------------------


def persons(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "个人荣誉"
    sheet.append(["序号", "单位名称", "获得者", "荣誉称号", "级别", "授予单位", "获得时间"])
    sheet.append([1, SCHOOL, "王丽", "浙江省优秀教师", "省级", "浙江省教育厅", "2021年9月"])
    sheet.append([2, SCHOOL, "李明", "宁波市优秀班主任", None, "宁波市教育局", "2022年9月"])
    sheet.append([3, CLINIC, "张华", "全国优秀乡村医生", None, "国家卫生健康委员会", "2023年8月"])
    sheet.append([4, POLICE, "陈刚", "个人三等功", "市级", "宁波市公安局", "2020年"])
    sheet.append([5, SCHOOL, "王丽", "浙江省优秀教师", "省级", "浙江省教育厅", "2021年9月"])  # 6: again
    sheet.append([6, SCHOOL, "赵敏", "宁波市优秀班主任", "市级", "宁波市教育局", "2022年9月"])
    return _save(book, path)


PERSONS = Expected(
    units={SCHOOL: ("学校", True), CLINIC: ("事业单位", True), POLICE: ("机关", True)},
    honours=[
        Honour(SCHOOL, "浙江省优秀教师", "省级", False, "2021-09", "浙江省教育厅", "王丽"),
        Honour(SCHOOL, "宁波市优秀班主任", "市级", True, "2022-09", "宁波市教育局", "李明"),
        Honour(CLINIC, "全国优秀乡村医生", "国家级", True, "2023-08", "国家卫生健康委员会", "张华"),
        Honour(POLICE, "个人三等功", "市级", False, "2020", "宁波市公安局", "陈刚"),
        Honour(SCHOOL, "宁波市优秀班主任", "市级", False, "2022-09", "宁波市教育局", "赵敏"),
    ],
    duplicates=1,
)


# -- 8. hidden rows, duplicates within the sheet, the header repeated ------------------------------------


def hidden_rows(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "2022-2023"
    sheet.append(HEADER)
    sheet.append([1, KINDERGARTEN, "宁波市示范幼儿园", "市级", "宁波市教育局", "2022年"])
    sheet.append([2, KINDERGARTEN, "草稿：待核实", "市级", None, "2022年"])  # 3: hidden
    sheet.append([3, KINDERGARTEN, "草稿：待核实二", None, None, None])  # 4: hidden
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[4].hidden = True
    sheet.append([4, KINDERGARTEN, "宁波市示范幼儿园", "市级", "宁波市教育局", "2022年"])  # 5: again
    sheet.append([5, KINDERGARTEN + " ", "宁波市示范幼儿园 ", "市级", "宁波市教育局", 2022])  # 6: again
    sheet.append(HEADER)  # 7: the header on the next printed page
    sheet.append([6, KINDERGARTEN, "区平安校园", "区级", "宁波市鄞州区教育局", "2023年4月"])
    return _save(book, path)


HIDDEN_ROWS = Expected(
    units={KINDERGARTEN: ("幼儿园", True)},
    honours=[
        Honour(KINDERGARTEN, "宁波市示范幼儿园", "市级", False, "2022", "宁波市教育局"),
        Honour(KINDERGARTEN, "区平安校园", "县区级", False, "2023-04", "宁波市鄞州区教育局"),
    ],
    duplicates=2,
    skipped_rows={("2022-2023", 3): HIDDEN, ("2022-2023", 4): HIDDEN, ("2022-2023", 7): REPEATED_HEADER},
)


# -- 9. the header on row 5 after a logo and title block, a signature block below -------------------------


def title_block(path: Path) -> Path:
    from openpyxl.drawing.image import Image as SheetImage
    from PIL import Image

    book = Workbook()
    sheet = book.active
    sheet.title = "汇总表"
    logo = path.with_suffix(".png")
    Image.new("RGB", (60, 60), (200, 20, 20)).save(logo)
    sheet.add_image(SheetImage(str(logo)), "A1")
    sheet["B1"] = "宁波市鄞州区东吴镇"
    sheet.merge_cells("B1:G1")
    _title(sheet, "2023年度各单位荣誉称号汇总表", 7, row=2)
    sheet["A3"] = "填报单位（盖章）：东吴镇党政办"
    sheet["E3"] = "填报日期：2024年1月5日"
    sheet.append([])  # 4
    sheet.append(["序号", "单位名称", "荣誉称号", "荣誉级别", "授予单位", "获得时间", "文号"])  # 5
    sheet.append(
        [1, TOWN_GOVERNMENT, "浙江省森林城镇", "省级", "浙江省林业局", "2023年3月", "浙林〔2023〕12号"]
    )
    sheet.append([2, VILLAGE, "浙江省3A级景区村庄", "省级", "浙江省文化和旅游厅", "2023年6月", None])
    sheet.append(
        [3, CLINIC, "宁波市群众满意的乡镇卫生院", "市级", "宁波市卫生健康委员会", "2023年10月", None]
    )
    sheet.append([4, VILLAGE, "鄞州区民主法治村", None, "宁波市鄞州区司法局", "2023年12月", None])
    sheet.append(["单位负责人（签字）：", None, None, "经办人：李娜"])  # 10
    sheet.append(["（单位盖章）"])  # 11
    return _save(book, path)


TITLE_BLOCK = Expected(
    units={TOWN_GOVERNMENT: ("机关", True), VILLAGE: ("村", True), CLINIC: ("事业单位", True)},
    honours=[
        Honour(
            TOWN_GOVERNMENT,
            "浙江省森林城镇",
            "省级",
            False,
            "2023-03",
            "浙江省林业局",
            document_no="浙林〔2023〕12号",
        ),
        Honour(VILLAGE, "浙江省3A级景区村庄", "省级", False, "2023-06", "浙江省文化和旅游厅"),
        Honour(CLINIC, "宁波市群众满意的乡镇卫生院", "市级", False, "2023-10", "宁波市卫生健康委员会"),
        Honour(VILLAGE, "鄞州区民主法治村", "县区级", True, "2023-12", "宁波市鄞州区司法局"),
    ],
    skipped_rows={("汇总表", 10): FOOTER, ("汇总表", 11): FOOTER},
)


# -- 10. one sheet per level, no level column -------------------------------------------------------------


def level_sheets(path: Path) -> Path:
    book = Workbook()
    header = ["序号", "单位名称", "荣誉称号", "授予单位", "获得时间"]
    sheets = {
        "国家级": [
            (SCHOOL, "全国文明校园", "中央文明委", "2020年11月"),
            (SCHOOL, "全国青少年校园足球特色学校", "教育部", "2019年"),
        ],
        "省级": [(SCHOOL, "文明校园", "浙江省文明委", "2018年"), (KINDERGARTEN, "绿色学校", None, "2019年")],
        "市级": [
            (KINDERGARTEN, "示范幼儿园", "宁波市教育局", "2017年"),
            (CLINIC, "卫生先进单位", None, "2018"),
        ],
    }
    for index, (name, rows) in enumerate(sheets.items()):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.append(header)
        for n, row in enumerate(rows, 1):
            sheet.append([n, *row])
    return _save(book, path)


LEVEL_SHEETS = Expected(
    units={SCHOOL: ("学校", True), KINDERGARTEN: ("幼儿园", True), CLINIC: ("事业单位", True)},
    honours=[
        Honour(SCHOOL, "全国文明校园", "国家级", True, "2020-11", "中央文明委"),
        Honour(SCHOOL, "全国青少年校园足球特色学校", "国家级", True, "2019", "教育部"),
        Honour(SCHOOL, "文明校园", "省级", True, "2018", "浙江省文明委"),
        Honour(KINDERGARTEN, "绿色学校", "省级", True, "2019"),
        Honour(KINDERGARTEN, "示范幼儿园", "市级", True, "2017", "宁波市教育局"),
        Honour(CLINIC, "卫生先进单位", "市级", True, "2018"),
    ],
)


# -- 11. a unit's name and 序号 merged over its honours; 获奖单位, levels and dates as typed --------------


def merged_units(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "荣誉"
    sheet.append(["序号", "获奖单位", "荣誉名称", "荣誉级别", "颁发单位", "获奖时间", "文件文号"])
    sheet.append(
        [1, SCHOOL, "浙江省文明校园", "省部级", "浙江省精神文明建设委员会", "2021.05", "浙文明委〔2021〕8号"]
    )
    sheet.append([None, None, "宁波市绿色学校", "地市级", "宁波市教育局", "45413", None])
    sheet.append([None, None, "鄞州区平安校园", "县(区)级", "宁波市鄞州区教育局", "2022.10", None])
    sheet.append([2, CLINIC, "浙江省示范乡镇卫生院", "省级", "浙江省卫生健康委员会", 2020, None])
    sheet.append([None, None, "宁波市巾帼文明岗", "市级", "宁波市妇联", "2019年3月", None])
    for cells in ("A2:A4", "B2:B4", "A5:A6", "B5:B6"):
        sheet.merge_cells(cells)
    return _save(book, path)


MERGED_UNITS = Expected(
    units={SCHOOL: ("学校", True), CLINIC: ("事业单位", True)},
    honours=[
        Honour(
            SCHOOL,
            "浙江省文明校园",
            "省级",
            False,
            "2021-05",
            "浙江省精神文明建设委员会",
            document_no="浙文明委〔2021〕8号",
        ),
        Honour(SCHOOL, "宁波市绿色学校", "市级", False, "2024-05-01", "宁波市教育局"),
        Honour(SCHOOL, "鄞州区平安校园", "县区级", False, "2022-10", "宁波市鄞州区教育局"),
        Honour(CLINIC, "浙江省示范乡镇卫生院", "省级", False, "2020", "浙江省卫生健康委员会"),
        Honour(CLINIC, "宁波市巾帼文明岗", "市级", False, "2019-03", "宁波市妇联"),
    ],
)


# -- 12. 文明单位 with their terms (有效期) and notes ------------------------------------------------------


def terms(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "文明单位"
    sheet.append(["序号", "单位名称", "称号", "级别", "命名时间", "有效期", "文号", "备注"])
    sheet.append(
        [1, POLICE, "宁波市文明单位", "市级", "2021年12月", "2021-2023", "甬文明委〔2021〕15号", "复查通过"]
    )
    sheet.append([2, KINDERGARTEN, "鄞州区文明单位", "区级", "2020年", "2020—2022", None, None])
    sheet.append([3, COMPANY, "宁波市文明单位", "市级", "2018年1月", "2018-2020", None, "2021年复查未通过"])
    return _save(book, path)


TERMS = Expected(
    units={POLICE: ("机关", True), KINDERGARTEN: ("幼儿园", True), COMPANY: ("企业", True)},
    honours=[
        Honour(
            POLICE,
            "宁波市文明单位",
            "市级",
            False,
            "2021-12",
            None,
            document_no="甬文明委〔2021〕15号",
            notes="复查通过",
            valid_until="2023-12-31",
        ),
        Honour(KINDERGARTEN, "鄞州区文明单位", "县区级", False, "2020", valid_until="2022-12-31"),
        Honour(
            COMPANY,
            "宁波市文明单位",
            "市级",
            False,
            "2018-01",
            notes="2021年复查未通过",
            valid_until="2020-12-31",
        ),
    ],
)


Builder = Callable[[Path], Path]
# name → (builder, file name, expectation)
OFFICE_REGISTERS: dict[str, tuple[Builder, str, Expected]] = {
    "yearly": (yearly, "东吴镇历年荣誉.xlsx", YEARLY),
    "two_row_header": (two_row_header, "教育系统集体荣誉.xlsx", TWO_ROW_HEADER),
    "footers": (footers, "社区企业荣誉.xlsx", FOOTERS),
    "no_levels": (no_levels, "荣誉无级别.xlsx", NO_LEVELS),
    "unit_names": (unit_names, "单位名册.xlsx", UNIT_NAMES),
    "dates": (dates, "荣誉日期.xlsx", DATES),
    "persons": (persons, "个人荣誉.xlsx", PERSONS),
    "hidden_rows": (hidden_rows, "隐藏行.xlsx", HIDDEN_ROWS),
    "title_block": (title_block, "汇总表.xlsx", TITLE_BLOCK),
    "level_sheets": (level_sheets, "分级别荣誉.xlsx", LEVEL_SHEETS),
    "merged_units": (merged_units, "合并单元格.xlsx", MERGED_UNITS),
    "terms": (terms, "文明单位有效期.xlsx", TERMS),
}
# Saved again by LibreOffice: the same expectations.
CONVERTED = [
    ("yearly", ".xls"),
    ("two_row_header", ".ods"),
    ("title_block", ".xls"),
    ("footers", ".ods"),
    ("merged_units", ".ods"),
]
