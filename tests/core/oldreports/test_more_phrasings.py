"""Ways real reports put their honours that the reader first missed (heldout2.py showed them): an undated
honour in a yearly report is of the report's year (inferred, said so); a person named after a list's number,
after a list of posts, or at the head of the sentence; 荣立三等功; titles ending in 馆, 案例, 企业家, or followed
by a note in brackets; what a school is ("市直属公办完全中学") is no title; a signer's own honour in its report
on another unit is not the unit's; a title revoked or held back at 复查 in a sentence with no award verb waits
unticked with the reason."""

from __future__ import annotations

from pathlib import Path

from core.oldreports.honours import honours_in_paragraph
from core.oldreports.proposal import ReportProposal, read_report
from tests.core.oldreports.heldout import write_report

Read = tuple[str, str | None, int | None, str | None]


def read(text: str, self_name: str = "清源县图书馆") -> list[Read]:
    honours = honours_in_paragraph(text, document_year=2023, heading_year=None, self_names=(self_name,))
    return [(h.title, h.awarded_by, h.year, h.recipient) for h in honours if h.accepted]


def report(tmp_path: Path, name: str, lines: list[str]) -> ReportProposal:
    (proposal,) = read_report(write_report(tmp_path, name, lines))
    return proposal


def test_an_undated_honour_of_a_yearly_report_is_of_its_year_inferred(tmp_path: Path) -> None:
    proposal = report(
        tmp_path,
        "东城街道2021年工作情况汇报.txt",
        [
            "东城街道办事处2021年工作情况汇报",
            "三、工作成效",
            "2021年，街道被市委、市政府评为“全市平安建设先进集体”。",
            "街道党工委书记张卫东被评为“全市优秀党务工作者”。",
            "街道曾被省民政厅评为“全省社区建设示范街道”。",
            "东城街道办事处",
            "2021年12月20日",
        ],
    )
    by_title = {h.title: h for h in proposal.honours}
    person = by_title["全市优秀党务工作者"]
    assert (person.year, person.recipient, person.year_inferred) == (2021, "张卫东", True)
    assert "原文未写获得时间，按汇报年度 2021 年推断" in person.notes_text()
    assert by_title["全省社区建设示范街道"].year is None  # 曾: looks back, no year of its own
    proposal.set_year(2022)  # the clerk corrects the report's year: the inferred date follows
    assert person.year == 2022


def test_a_report_over_several_years_dates_no_undated_honour(tmp_path: Path) -> None:
    proposal = report(
        tmp_path,
        "东城街道2019—2021年工作情况汇报.txt",
        [
            "东城街道办事处2019—2021年工作情况汇报",
            "街道党工委书记张卫东被评为“全市优秀党务工作者”。",
            "东城街道办事处",
            "2021年12月20日",
        ],
    )
    assert [(h.title, h.year) for h in proposal.honours] == [("全市优秀党务工作者", None)]


def test_a_person_is_named_after_a_list_number_or_a_list_of_posts() -> None:
    assert read(
        "2、局党组书记、局长韩立新被省委、省政府授予“全省抗击新冠肺炎疫情先进个人”称号。", "安平县卫生健康局"
    ) == [("全省抗击新冠肺炎疫情先进个人", "省委、省政府", None, "韩立新")]
    assert read("3.馆长周文华被评为“全市宣传思想文化工作先进个人”。") == [
        ("全市宣传思想文化工作先进个人", None, None, "周文华")
    ]


def test_the_person_a_sentence_opens_on_holds_its_later_clauses_honour() -> None:
    assert read(
        "公司董事长李振华当选市人大代表，2019年被评为“全省优秀民营企业家”。", "江州宏达机械制造有限公司"
    ) == [("全省优秀民营企业家", None, 2019, "李振华")]
    assert read("学校是市直属学校，2019年被评为“市文明单位”。", "城南中学") == [
        ("市文明单位", None, 2019, None)
    ]


def test_a_merit_won_is_read_with_its_holder() -> None:
    assert read(
        "中队长孙志强被省公安厅授予“全省优秀人民警察”称号，民警李斌荣立个人三等功一次。", "城区中队"
    ) == [
        ("全省优秀人民警察", "省公安厅", None, "孙志强"),
        ("个人三等功", None, None, "李斌"),
    ]


def test_titles_of_libraries_cases_and_entrepreneurs_and_a_note_after_the_title() -> None:
    assert read("1.被文化和旅游部评定为“一级图书馆”（第七次全国公共图书馆评估定级）；") == [
        ("一级图书馆", "文化和旅游部", None, None)
    ]
    assert read("“童心书屋”少儿阅读项目获评“全省公共文化服务优秀案例”。") == [
        ("全省公共文化服务优秀案例", None, None, None)
    ]


def test_what_a_school_is_is_no_title() -> None:
    assert read("丰源市城南中学始建于1958年，是一所市直属公办完全中学。", "丰源市城南中学") == []
    assert read("学校是一所县属全日制寄宿制小学。", "城东小学") == []
    assert read("学校是一所全国艺术教育先进学校。", "城东小学") == [
        ("全国艺术教育先进学校", None, None, None)
    ]


def test_a_signers_own_honour_in_its_report_on_another_unit_is_not_the_units(tmp_path: Path) -> None:
    proposal = report(
        tmp_path,
        "关于推荐平川县第二幼儿园的情况报告.txt",
        [
            "关于推荐平川县第二幼儿园申报“全国巾帼文明岗”的情况报告",
            "该园2019年被省妇联授予“省级巾帼文明岗”。",
            "我会2020年被省妇联评为“全省妇联系统先进集体”，同意推荐该园。",
            "平川县妇女联合会",
            "2021年3月5日",
        ],
    )
    assert proposal.unit_name == "平川县第二幼儿园"
    assert [(h.title, h.year) for h in proposal.honours] == [("省级巾帼文明岗", 2019)]


def test_a_kindergartens_own_report_keeps_its_honours_said_of_itself(tmp_path: Path) -> None:
    proposal = report(
        tmp_path,
        "平川县第二幼儿园工作总结.txt",
        [
            "平川县第二幼儿园工作总结",
            "我园2020年被省妇联评为“省级巾帼文明岗”。",
            "平川县第二幼儿园",
            "2021年3月5日",
        ],
    )
    assert [(h.title, h.year) for h in proposal.honours] == [("省级巾帼文明岗", 2020)]


def test_a_title_revoked_or_held_back_without_an_award_verb_waits_unticked() -> None:
    honours = honours_in_paragraph(
        "另，我馆2021年被命名的“县级文明单位”，因2023年复查未达标，已被县文明委撤销称号。"
        "2022年，我馆“市级文明单位”称号（2016年命名）经市文明委复查，被暂缓确认，现正在整改。",
        document_year=2023,
        heading_year=None,
    )
    assert [(h.title, h.year, h.accepted, h.status) for h in honours] == [
        ("县级文明单位", 2021, False, "已撤销"),
        ("市级文明单位", 2016, False, "待复查"),
    ]
    assert "已被撤销" in honours[0].notes_text() and "暂缓确认" in honours[1].notes_text()


def test_a_title_awarded_then_held_back_at_review_waits_unticked() -> None:
    (honour,) = honours_in_paragraph(
        "我村2018年被评为“市级卫生村”，2021年复查不合格，限期整改。", document_year=2021, heading_year=None
    )
    assert (honour.year, honour.accepted, honour.status) == (2018, False, "待复查")
