"""What an old report's sentence does not state is not proposed as an honour: a goal or an application
(力争…被评为, 申报), praise (获得…的肯定), a person's honour filed as the unit's (or the unit's as a person
"全校"), the awarding body cut ("中共…市委"), the year of another clause."""

from __future__ import annotations

import io
import json
from pathlib import Path

from core import cli
from core.oldreports.honours import honours_from_table, honours_in_paragraph
from tests.core.oldreports.written import Paragraphs, write_docx

Read = tuple[str, str | None, int | None, str | None]  # title, awarding body, year, holder


def read(sentence: str) -> list[Read]:
    honours = honours_in_paragraph(sentence, document_year=2021, heading_year=None, self_names=("城东小学",))
    return [(h.title, h.awarded_by, h.year, h.recipient) for h in honours]


def test_goals_and_applications_are_no_honours() -> None:
    for sentence in (
        "力争明年被评为省级文明单位。",
        "积极创建市级文明单位，争取早日被命名为市文明单位。",
        "目标是被评为全国先进集体。",
        "希望能够被评为先进单位。",
        "明年，学校将被评为省级文明单位。",
        "学校有望被评为省级文明单位。",
        "计划2022年申报全国文明校园。",
    ):
        assert read(sentence) == [], sentence


def test_an_application_after_an_honour_ends_its_list() -> None:
    assert read("2019年，学校被评为市文明单位，2020年申报省级文明单位。") == [
        ("市文明单位", None, 2019, None)
    ]


def test_honours_won_in_work_named_like_a_goal_are_kept() -> None:
    assert read("在年度目标考核中被评为优秀单位。") == [("优秀单位", None, None, None)]
    assert read("在计划生育工作中被评为先进村。") == [("先进村", None, None, None)]
    assert read("学校积极创建“全国文明校园”，2020年被评为省级文明校园。") == [
        ("省级文明校园", None, 2020, None)
    ]


def test_praise_is_no_honour_and_a_place_is_no_title() -> None:
    sentence = "我市上半年开展了7次安全生产大检查，获得自治区、市对我市安全生产工作督查组的肯定。"
    assert read(sentence) == []


def test_people_named_after_their_school_or_post_hold_their_own_honours() -> None:
    assert read("学校教师张伟、李娜被评为区优秀班主任。") == [
        ("区优秀班主任", None, None, "张伟"),
        ("区优秀班主任", None, None, "李娜"),
    ]
    assert read("我校刘芳老师获得全国优质课一等奖。") == [("全国优质课一等奖", None, None, "刘芳")]
    sentence = "2020年上虞区挂职县的干部任峰和新昌县支教老师王永双双获得浙江省东西部扶贫协作突出贡献奖。"
    assert [h[3] for h in read(sentence)] == ["任峰", "王永"]


def test_the_whole_unit_is_no_person() -> None:
    assert read("全校被评为先进单位。") == [("先进单位", None, None, None)]
    assert read("全村被评为省级文明村。") == [("省级文明村", None, None, None)]
    assert read("全园荣获市示范幼儿园称号。") == [("市示范幼儿园", None, None, None)]


def test_the_party_committee_keeps_its_name_as_awarding_body() -> None:
    sentence = "2020年12月，学校被中共宁波市委、宁波市人民政府命名为宁波市文明单位。"
    assert read(sentence) == [("宁波市文明单位", "中共宁波市委、宁波市人民政府", 2020, None)]


def test_a_village_made_in_a_later_year_gets_that_year() -> None:
    assert read("我村2018年被评为县级文明村，2019年创建成为市级文明村。") == [
        ("县级文明村", None, 2018, None),
        ("市级文明村", None, 2019, None),
    ]


def dry_run_honours(tmp_path: Path, body: Paragraphs) -> list[tuple[str, int | None]]:
    """The honours `import-report --dry-run --json` proposes for a 2021 report of 城东小学 with this body."""
    path = write_docx(
        tmp_path / "城东小学2021年工作总结.docx",
        ["宁波市城东小学2021年工作总结", *body, "宁波市城东小学", "2021年12月20日"],
    )
    out = io.StringIO()
    argv = ["--data-dir", str(tmp_path / "d"), "import-report", str(path), "--dry-run", "--json"]
    assert cli.run(argv, out, io.StringIO()) == 0
    (item,) = json.loads(out.getvalue())
    return [(h["title"], h["year"]) for h in item["honours"]]


def test_a_plan_section_proposes_no_honour_through_the_command(tmp_path: Path) -> None:
    body = [
        ("heading 1", "一、工作成效"),
        "2021年，学校被市教育局评为宁波市平安校园。",
        ("heading 1", "二、下一步打算"),
        "我们将以争创全国文明校园为目标，力争2022年被评为浙江省文明单位，积极申报省级示范学校。",
    ]
    assert dry_run_honours(tmp_path, body) == [("宁波市平安校园", 2021)]


def test_a_next_clause_after_the_list_is_no_title() -> None:
    assert read("学校被评为省二级幼儿园，并于2022年晋升为省一级幼儿园。") == [
        ("省二级幼儿园", None, None, None)
    ]


def test_a_person_named_after_their_posts_holds_the_honour() -> None:
    assert read("2022年，学校党支部书记、校长李红被评为市优秀校长。") == [("市优秀校长", None, 2022, "李红")]


def test_a_bare_prize_keeps_what_it_was_won_in() -> None:
    assert read("在全县综合考核中获得一等奖。") == [("全县综合考核一等奖", None, None, None)]


def test_the_unit_named_before_the_quotes_is_no_part_of_the_title() -> None:
    assert read("县委、县政府授予我村“美丽乡村示范村”称号。") == [
        ("美丽乡村示范村", "县委、县政府", None, None)
    ]


def test_a_plan_sections_dated_goals_are_no_honours_but_its_past_ones_are(tmp_path: Path) -> None:
    body = [
        ("heading 1", "一、工作成效"),
        "2021年，学校被市教育局评为宁波市平安校园。",
        ("heading 1", "二、2022年工作计划"),
        "2022年创建省级文明单位。2023年学校被评为全国文明校园。",
        "（一）巩固创建成果",
        "学校2019年被评为宁波市文明单位，今后将巩固这一成果。",
        ("heading 1", "三、计划生育工作"),
        "2021年学校被评为计划生育先进单位。",
    ]
    assert dry_run_honours(tmp_path, body) == [
        ("宁波市平安校园", 2021),
        ("宁波市文明单位", 2019),
        ("计划生育先进单位", 2021),
    ]


def test_a_year_that_bounds_a_period_dates_no_honour() -> None:
    for sentence in (
        "截至2021年底，学校先后被评为市文明单位、省绿色学校。",
        "2018年以来，学校先后被评为市文明单位、省绿色学校。",
        "自2015年建校以来，学校先后获得市文明单位、市平安校园等荣誉。",
    ):
        assert [h[2] for h in read(sentence)] == [None, None], sentence
    assert read("2019年学校搬迁新址，2020年被评为市文明单位。") == [("市文明单位", None, 2020, None)]


def test_awarding_bodies_as_the_sentence_names_them() -> None:
    assert read("学校被市教育局、市财政局联合评为先进单位。") == [
        ("先进单位", "市教育局、市财政局", None, None)
    ]
    assert read("学校荣获由省教育厅颁发的省级绿色学校称号。") == [("省级绿色学校", "省教育厅", None, None)]
    assert read("学校多次被上级部门评为先进单位。") == [("先进单位", None, None, None)]
    assert read("学校获得区政府颁发的“先进集体”奖牌。") == [("先进集体", "区政府", None, None)]


def test_words_after_a_de_are_no_person() -> None:
    assert read("学校在上级的关心下被评为先进单位。") == [("先进单位", None, None, None)]


def test_an_honour_tables_applications_are_left_out_and_its_unit_holders_are_the_unit() -> None:
    rows = [
        ("序号", "荣誉称号", "授予单位", "获得时间", "获得者"),
        ("1", "宁波市文明单位", "市委、市政府", "2021年10月", ""),
        ("2", "省级文明单位", "省文明委", "申报中", ""),
        ("3", "全国文明校园", "", "拟推荐", ""),
        ("4", "区先进集体", "区政府", "2020年度", "学校"),
        ("5", "优秀教师", "市教育局", "二〇二二年九月", "王丽"),
    ]
    found = [(h.title, h.year, h.recipient) for h in honours_from_table(rows)]
    assert found == [("宁波市文明单位", 2021, None), ("区先进集体", 2020, None), ("优秀教师", 2022, "王丽")]


def test_a_title_with_its_document_number_after_it_is_read_with_the_number() -> None:
    sentence = "2021年学校被授予“浙江省文明校园”荣誉称号（浙文明委〔2021〕5号）。"
    (honour,) = honours_in_paragraph(sentence, document_year=2021, heading_year=None)
    assert (honour.title, honour.year, honour.document_no) == ("浙江省文明校园", 2021, "浙文明委〔2021〕5号")


def test_a_prizes_year_after_its_awarding_body_dates_it() -> None:
    assert read("学校荣获市教育局颁发的2021年度综合考核一等奖。") == [
        ("综合考核一等奖", "市教育局", 2021, None)
    ]


def test_a_school_listed_to_work_towards_a_title_does_not_hold_it() -> None:
    assert read("学校被省教育厅列为省级示范学校创建单位。") == []
    assert read("学校被列为全国文明校园创建学校。") == []


def test_a_question_mark_for_a_left_out_number_ends_no_sentence() -> None:
    sentence = "尤其是在获得第？届省文明单位以来，自加压力，以荣获“省文明单位”为新起点。"
    assert read(sentence) == [("省文明单位", None, None, None)]


def test_people_who_each_won_one_title_hold_their_own_only() -> None:
    paired = [("市优秀教师", None, None, "王丽"), ("市教坛新秀", None, None, "李明")]
    assert read("王丽、李明分别获得市优秀教师、市教坛新秀称号。") == paired
    assert read("学校教师王丽、李明分别被评为市优秀教师和市教坛新秀。") == paired
    assert read("王丽、李明、张伟分别获得市优秀教师、市教坛新秀称号。") == []  # which is whose: not said
    assert read("学校被评为全国和谐社区。") == [("全国和谐社区", None, None, None)]
