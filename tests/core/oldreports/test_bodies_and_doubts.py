"""Who holds an honour and what the clerk is asked to decide: an honour of a body of the unit (学校团委, 村党支部,
急诊科) is the unit's, the body noted; a revoked title is shown unticked with the reason, not imported as valid
nor dropped; a Word text box is read once, as its own lines; an undated mention of an honour the document dates
elsewhere is that one honour; full-width digits, ASCII commas and 文号 in （2020） brackets read as the rest."""

from __future__ import annotations

import io
import json
from pathlib import Path

from core import cli
from core.db import open_database
from core.models import Honour
from core.oldreports.honours import honours_from_table, honours_in_paragraph
from core.oldreports.proposal import read_report
from core.paths import DataDir
from tests.core.oldreports.heldout import KINDERGARTEN, write_report
from tests.core.oldreports.written import write_docx

Read = tuple[str, str | None, int | None, str | None]
# a village's report: its party branch's honour, and a title it lost
REVOKED_VILLAGE = (
    "东风村2021年度工作总结.docx",
    [
        "东风村2021年度工作总结",
        "2021年，村党支部被镇党委评为“五好党支部”。",
        "我村2018年被评为市级卫生村，2021年因复查不合格被撤销该称号。",
        "东风村村民委员会",
        "2021年12月",
    ],
)


def read(sentence: str, year: int = 2021) -> list[Read]:
    honours = honours_in_paragraph(sentence, document_year=year, heading_year=None, self_names=("城东中学",))
    return [(h.title, h.awarded_by, h.year, h.recipient) for h in honours]


def test_an_honour_of_a_body_of_the_unit_is_the_units_with_the_body_noted() -> None:
    honours = honours_in_paragraph(
        "2020年，学校团委被团省委评为浙江省五四红旗团委，学校工会被市总工会授予“模范职工之家”称号，"
        "少先队大队被评为全国红旗大队，学校党总支被市委教育工委评为先进基层党组织。",
        document_year=2020,
        heading_year=None,
    )
    assert [(h.title, h.awarded_by, h.year, h.recipient, h.held_by) for h in honours] == [
        ("浙江省五四红旗团委", "团省委", 2020, None, "学校团委"),
        ("模范职工之家", "市总工会", 2020, None, "学校工会"),
        ("全国红旗大队", None, 2020, None, "少先队大队"),
        ("先进基层党组织", "市委教育工委", 2020, None, "学校党总支"),
    ]
    assert "由学校团委获得" in honours[0].notes_text()
    assert read("2021年，急诊科被市总工会评为市“工人先锋号”。") == [
        ("市“工人先锋号”", "市总工会", 2021, None)
    ]


def test_other_units_named_as_the_subject_are_still_left_out() -> None:
    assert read("区实验小学被评为全国文明校园。") == []
    assert read("2021年，县卫生局办公室被评为市级文明科室。") == []
    assert read("市直机关党委被评为先进基层党组织。") == []


def test_an_organisers_prize_after_a_clause_of_pupils_prizes_is_the_units() -> None:
    sentence = (
        "9个艺术节目和作品获四川省第7届中小学生艺术节省一等奖,7个艺术节目和作品将代表四川省参加全国中小学生"
        "艺术节,创全省县(区)级单位历届参赛的最佳成绩,被省教育厅授予县级优秀组织奖。"
    )
    assert read(sentence) == [("县级优秀组织奖", "省教育厅", None, None)]
    assert read("学生作品获省一等奖,被省教育厅授予市级优秀作品奖。") == []  # a prize for works stays theirs


def test_persons_named_with_their_post_or_their_number_are_the_holders() -> None:
    assert read("院长何建军被县委、县政府评为“优秀共产党员”。") == [
        ("优秀共产党员", "县委、县政府", None, "何建军")
    ]
    assert read("吴晓琳、郑浩两位老师分别获金华市教坛新秀和金华市优秀班主任称号。") == [
        ("金华市教坛新秀", None, None, "吴晓琳"),
        ("金华市优秀班主任", None, None, "郑浩"),
    ]
    assert read("2022年，我园教师王蕾在县幼儿教师技能大赛中获一等奖。") == [
        ("县幼儿教师技能大赛一等奖", None, 2022, "王蕾")
    ]


def test_full_width_digits_and_document_numbers_in_round_brackets() -> None:
    honours = honours_in_paragraph(
        "２０２０年被市委、市政府授予“杭州市文明社区”称号（杭委（2020）18号）。",
        document_year=2022,
        heading_year=None,
    )
    assert [(h.title, h.year, h.document_no) for h in honours] == [
        ("杭州市文明社区", 2020, "杭委（2020）18号")
    ]


def test_a_title_year_dates_no_later_honour_and_a_paragraphs_year_dates_its_sentences() -> None:
    assert read(
        "2023年3月，卫生院被县卫生健康局评为2022年度“先进集体”；院长何建军被县委、县政府评为“优秀共产党员”。"
    ) == [("先进集体", "县卫生健康局", 2022, None), ("优秀共产党员", "县委、县政府", 2023, "何建军")]
    honours = honours_in_paragraph(
        "2020年，医院被省卫生健康委评为浙江省健康促进医院。护理部主任陈丽华被省卫生健康委授予“浙江省优秀护士”称号。",
        document_year=2021,
        heading_year=None,
    )
    nurse = honours[-1]
    assert (nurse.recipient, nurse.year, nurse.year_inferred) == ("陈丽华", 2020, True)


def test_a_revoked_title_is_shown_unticked_with_the_reason() -> None:
    (honour,) = honours_in_paragraph(
        "我局2016年被评为“温州市园林式单位”，2021年因复查不合格被撤销该称号。",
        document_year=2022,
        heading_year=None,
    )
    assert (honour.title, honour.year, honour.accepted, honour.status) == (
        "温州市园林式单位",
        2016,
        False,
        "已撤销",
    )
    assert "已被撤销" in honour.notes_text()
    rows = [
        ("序号", "获奖时间", "荣誉名称", "颁发单位", "备注"),
        ("1", "2019年", "海曙区平安校园", "海曙区教育局", "2022年复查未通过，已撤销"),
        ("2", "2020年", "宁波市文明校园", "宁波市文明委", ""),
    ]
    revoked, kept = honours_from_table(rows)
    assert (revoked.accepted, revoked.status, kept.accepted, kept.status) == (False, "已撤销", True, "有效")


def _import_json(data: Path, path: Path) -> dict:
    out, err = io.StringIO(), io.StringIO()
    cli.run(["--data-dir", str(data), "import-report", str(path), "--json"], out, err)
    (item,) = json.loads(out.getvalue())
    return item


def test_import_leaves_the_revoked_title_out_and_notes_the_body(tmp_path: Path) -> None:
    path = write_docx(tmp_path / REVOKED_VILLAGE[0], REVOKED_VILLAGE[1])
    item = _import_json(tmp_path / "d", path)
    shown = {h["title"]: h for h in item["honours"]}
    assert shown["市级卫生村"]["accepted"] is False and "已被撤销" in shown["市级卫生村"]["note"]
    assert shown["五好党支部"]["accepted"] is True and "由村党支部获得" in shown["五好党支部"]["note"]
    assert item["honours_created"] == 1
    database = open_database(DataDir(tmp_path / "d"))
    try:
        with database.session() as session:
            (stored,) = session.query(Honour).all()
            assert (stored.title, stored.recipient, stored.notes) == (
                "五好党支部",
                None,
                "获得集体：村党支部",
            )
    finally:
        database.dispose()


def test_a_text_box_is_read_once_as_its_own_lines_and_table_dates_merge_undated_mentions(
    tmp_path: Path,
) -> None:
    name, items, _labels = KINDERGARTEN
    (proposal,) = read_report(write_report(tmp_path, name, items))
    assert "办园理念：快乐生活，自主成长" in proposal.text.splitlines()
    assert [h.title for h in proposal.honours].count("宁波市一级幼儿园") == 1
    path = write_docx(
        tmp_path / "医院汇报.docx",
        [
            "平阳县人民医院2021年工作汇报",
            "医院先后荣获“浙江省平安医院”、“温州市文明单位”等称号。",
            [
                ["序号", "荣誉名称", "授予单位", "获得时间"],
                ["1", "浙江省平安医院", "浙江省平安办", "2021年3月"],
            ],
            "平阳县人民医院",
            "2021年11月",
        ],
    )
    (proposal,) = read_report(path)
    assert [(h.title, h.year) for h in proposal.honours] == [
        ("温州市文明单位", None),
        ("浙江省平安医院", 2021),
    ]
