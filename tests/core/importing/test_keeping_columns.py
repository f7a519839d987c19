"""No column left behind (issue 21): registers written the way different systems write them come back whole
in an export; headers are matched by their words when no synonym is exact, and 获奖单位 is decided from
its values."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from core.importing.apply import apply_import
from core.importing.columns import KnownNames, known_names
from core.importing.headers import SYNONYMS, match_column
from core.importing.normalise import LEVEL_SYNONYMS
from core.importing.register import read_register
from core.models import ChangeLog, Honour, ImportBatch, Material, Unit
from core.services import Services
from tests.core.importing.keeping import exported_rows, lost_cells, write_register

RESEARCH_SYSTEM = [
    "单位名称",
    "获奖名称",
    "获奖级别",
    "获奖等级",
    "授奖单位",
    "授奖日期",
    "证书编号",
    "获奖人",
]


def import_and_check(
    services: Services, path: Path, header: list[str], rows: list[list[object]], **columns: int
) -> list[tuple[int, str, object]]:
    register = read_register(write_register(path, header, rows), known=known_names(services.db))
    result = apply_import(services.db, register)
    assert not result.errors, result.errors
    units, honours = exported_rows(services.db, path.with_name("导出.xlsx"))
    return lost_cells(header, rows, units, honours, **columns)  # type: ignore[arg-type]


def test_a_research_system_register_loses_nothing(services: Services, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [
            "宁波市荷花庄小学",
            "全国青少年科技创新大赛",
            "国家级",
            "一等奖",
            "中国科协",
            "2021-08-20",
            "KJ2021-0031",
            "王丽",
        ],
        [
            "宁波市荷花庄小学",
            "省中小学生书法比赛",
            "省级",
            "第六名",
            "省教育厅",
            "2020.11",
            "SF202011",
            "李想",
        ],
        ["口东中心幼儿园", "市优秀园本课程", "市级", "优秀奖", "市教育局", 2019, None, None],
    ]
    lost = import_and_check(
        services, tmp_path / "科研系统.xlsx", RESEARCH_SYSTEM, rows, name_column=0, title_column=1
    )
    assert lost == []
    honours = {h.title: h for h in services.honours.list()}
    contest = honours["全国青少年科技创新大赛"]
    assert (contest.grade, contest.certificate_no, contest.awarded_by, contest.recipient) == (
        "一等奖",
        "KJ2021-0031",
        "中国科协",
        "王丽",
    )
    assert (
        honours["省中小学生书法比赛"].grade == "第六名" and honours["省中小学生书法比赛"].document_no is None
    )


def test_a_commendation_register_keeps_its_unnamed_and_unknown_columns(
    services: Services, tmp_path: Path
) -> None:
    header = [
        "序号",
        "获奖单位",
        "表彰项目",
        "颁奖单位",
        "表彰时间",
        "文件文号",
        "名次",
        "指导教师",
        "",
        "备注",
    ]
    rows: list[list[object]] = [
        [
            1,
            "甘垛镇荷花村",
            "市级文明村",
            "市文明委",
            "2016年5月",
            "甬文明〔2016〕3号",
            None,
            None,
            "复查合格",
            None,
        ],
        [
            2,
            "甘垛镇荷花村",
            "县农民运动会拔河比赛",
            "县体育局",
            dt.date(2018, 9, 1),
            None,
            "第二名",
            "张强",
            None,
            "代表队",
        ],
        ["补1", "东鲁派出所", "平安创建先进集体", "区委、区政府", "2019", None, None, None, None, None],
    ]
    lost = import_and_check(
        services, tmp_path / "表彰.xlsx", header, rows, name_column=1, title_column=2, skip=[0]
    )
    assert lost == []
    honours = {h.title: h for h in services.honours.list()}
    kept = {title: {k: v for k, v in h.extra.items() if k != "级别推断"} for title, h in honours.items()}
    assert kept["县农民运动会拔河比赛"] == {"指导教师": "张强"}
    assert kept["市级文明村"] == {"第 9 列": "复查合格"}  # no header: kept under its number
    assert kept["平安创建先进集体"] == {"序号": "补1"}  # not a row number: kept


def test_a_competition_system_register_is_matched_by_its_words(services: Services, tmp_path: Path) -> None:
    header = [
        "No.",
        "学校(单位)名称",
        "荣誉称号（全称）",
        "级别(国家/省/市/县)",
        "颁发机构名称",
        "获得时间(年.月)",
        "证书号码",
        "获奖者姓名",
    ]
    rows: list[list[object]] = [
        [
            1,
            "长治市实验中学",
            "省青少年机器人竞赛",
            "省",
            "山西省科学技术协会",
            "2022.05",
            "JQR-22-17",
            "赵一",
        ],
    ]
    register = read_register(write_register(tmp_path / "竞赛.xlsx", header, rows))
    assert register.mapping[4] == "honour.awarded_by" and "颁发机构" in register.notes[4]
    assert register.mapping[7] == "honour.recipient" and "推断" in register.notes[7]
    lost = import_and_check(
        services, tmp_path / "竞赛.xlsx", header, rows, name_column=1, title_column=2, skip=[0]
    )
    assert lost == []


@pytest.mark.parametrize(
    ("values", "target", "why"),
    [
        (["省教育厅", "市委、市政府", "中国书法家协会"], "honour.awarded_by", "授奖机关"),
        (["宁波市荷花庄小学", "口东中心幼儿园"], "unit.name", "单位"),
    ],
)
def test_the_values_decide_what_a_获奖单位_column_holds(
    tmp_path: Path, values: list[str], target: str, why: str
) -> None:
    header = (
        ["单位名称", "荣誉称号", "获奖单位"] if target != "unit.name" else ["荣誉称号", "获奖单位", "级别"]
    )
    rows = [["甲单位", "某荣誉", v] if target != "unit.name" else ["某荣誉", v, "市级"] for v in values]
    register = read_register(write_register(tmp_path / "r.xlsx", header, rows))
    column = header.index("获奖单位")
    assert register.mapping[column] == target
    assert why in register.notes[column] and "获奖单位" in register.notes[column]


def test_a_获奖单位_column_before_the_unit_name_column(tmp_path: Path) -> None:
    header = ["获奖单位", "单位名称", "荣誉称号"]
    rows = [["省教育厅", "宁波市荷花庄小学", "省绿色学校"], ["市委、市政府", "东鲁派出所", "平安单位"]]
    register = read_register(write_register(tmp_path / "r.xlsx", header, rows))
    assert (register.mapping[0], register.mapping[1]) == ("honour.awarded_by", "unit.name")
    assert register.rows[0].honour["awarded_by"] == "省教育厅"


def test_units_in_the_database_decide_获奖单位_by_name(services: Services, tmp_path: Path) -> None:
    services.units.create({"name": "江东区教育局"})  # a bureau: its name alone could be either
    header = ["获奖单位", "荣誉称号", "授予单位"]
    rows = [["江东区教育局", "教育系统先进集体", "市教育局"]]
    register = read_register(
        write_register(tmp_path / "r.xlsx", header, rows), known=known_names(services.db)
    )
    assert register.mapping[0] == "unit.name" and "库中已有" in register.notes[0]
    assert read_register(tmp_path / "r.xlsx", known=KnownNames()).mapping[0] == "unit.name"


def test_a_column_set_to_不导入_is_the_only_one_left_out(services: Services, tmp_path: Path) -> None:
    path = write_register(
        tmp_path / "r.xlsx", ["单位名称", "荣誉称号", "内部编号"], [["甲小学", "某荣誉", "X-1"]]
    )
    default = read_register(path)
    assert default.mapping[2] == "honour.extra"
    chosen = read_register(path, mapping={0: "unit.name", 1: "honour.title", 2: "ignore"})
    apply_import(services.db, chosen)
    assert services.honours.list()[0].extra == {}


def test_cells_right_of_the_header_are_kept(tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", ["单位名称", "荣誉称号"], [["甲小学", "某荣誉", None, "旁注"]])
    [row] = read_register(path, mapping={0: "unit.name", 1: "honour.title"}).rows
    assert row.honour["extra"] == {"第 4 列": "旁注"}


# -- hypothesis: random registers from the synonym table and random extra columns ----------------------

HONOUR_TARGETS = [
    "honour.level",
    "honour.grade",
    "honour.awarded_by",
    "honour.awarded",
    "honour.document_no",
    "honour.certificate_no",
    "honour.recipient",
    "honour.notes",
    "unit.phone",
    "unit.leader",
]
UNIT_NAMES = ["宁波市荷花庄小学", "口东中心幼儿园", "东鲁派出所", "甘垛镇荷花村"]
words = st.text(alphabet="荷花庄东鲁甲乙丙丁一二三ABC12-=+@（）", min_size=1, max_size=10)
day = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 12, 31))
values_of = {
    "honour.level": st.sampled_from(sorted(LEVEL_SYNONYMS)),
    "honour.grade": st.sampled_from(["一等奖", "二等奖", "第六名", "优秀奖", "金奖"]),
    "honour.awarded_by": st.sampled_from(["省教育厅", "市委、市政府", "中国科协", "区文明办"]),
    "honour.awarded": st.one_of(
        day,
        day.map(lambda d: f"{d.year}年{d.month}月"),
        day.map(lambda d: d.year),
        day.map(lambda d: f"{d:%Y.%m}"),
    ),
    "honour.document_no": words,
    "honour.certificate_no": words,
    "honour.recipient": words,
    "honour.notes": words,
    "unit.phone": st.integers(10_000_000, 99_999_999_999).map(str),
    "unit.leader": words,
}
extra_header = st.text(alphabet="甲乙丙丁戊己庚辛壬癸栏列项", min_size=2, max_size=4).filter(
    lambda h: match_column(h) is None
)


@st.composite
def registers(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    targets = draw(st.lists(st.sampled_from(HONOUR_TARGETS), unique=True, max_size=len(HONOUR_TARGETS)))
    extras = draw(st.lists(extra_header, unique=True, max_size=3))
    header = ["单位名称", draw(st.sampled_from(SYNONYMS["honour.title"][:6]))]
    header += [draw(st.sampled_from(SYNONYMS[t][:3])) for t in targets] + extras
    unit_values = {
        name: {t: draw(values_of[t]) for t in targets if t.startswith("unit.")} for name in UNIT_NAMES
    }
    rows = []
    for number in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(UNIT_NAMES))
        row: list[object] = [name, f"荣誉称号{number}号"]
        for target in targets:
            value = unit_values[name][target] if target.startswith("unit.") else draw(values_of[target])
            row.append(value if draw(st.booleans()) or target.startswith("unit.") else None)
        row += [draw(st.one_of(st.none(), words, st.integers(0, 999))) for _ in extras]
        rows.append(row)
    return header, rows


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(registers())
def test_import_then_export_loses_no_cell(
    services: Services, register: tuple[list[str], list[list[object]]]
) -> None:
    header, rows = register
    with services.db.session(write=True) as session:
        for table in (Material, Honour, ChangeLog, ImportBatch, Unit):
            session.execute(delete(table))
    with tempfile.TemporaryDirectory() as folder:
        lost = import_and_check(
            services, Path(folder) / "随机.xlsx", header, rows, name_column=0, title_column=1
        )
    assert lost == []
