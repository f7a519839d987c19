"""What heldout3.py showed the reader getting wrong, each as another office would write it: the unit a
report is about (a 合作社 in a village, a 法庭 under its court, a 乡人民政府, a school's party branch
signing in its formal name, a court signing its 法庭's report); holders by 复姓 and by rank (消防员, 辅警,
社员); award verbs (荣记, 入选…名单, 评定为…机构, a second 被…评为 clause, 我馆 with a 文号 after 称号, 乡党委);
a member's family's honour; a title 被取消; staff and a founding by registration."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.importing.infer import infer_level
from core.oldreports.facts import find_facts
from core.oldreports.honours import ProposedHonour, honours_in_paragraph
from core.oldreports.proposal import ReportProposal, read_report
from tests.core.oldreports.heldout import write_report

Read = tuple[str, str | None, int | None, str | None]


def honours(text: str, self_name: str) -> list[ProposedHonour]:
    return honours_in_paragraph(text, document_year=2022, heading_year=None, self_names=(self_name,))


def read(text: str, self_name: str) -> list[Read]:
    return [(h.title, h.awarded_by, h.year, h.recipient) for h in honours(text, self_name) if h.accepted]


def report(tmp_path: Path, lines: list[str]) -> ReportProposal:
    (proposal,) = read_report(write_report(tmp_path, "总结.txt", lines))
    return proposal


@pytest.mark.parametrize(
    ("title", "signature", "unit"),
    [
        ("青山村绿源茶叶专业合作社2022年度工作总结", "青山村绿源茶叶专业合作社", "青山村绿源茶叶专业合作社"),
        (
            "平江县人民法院东门人民法庭2022年工作总结",
            "平江县人民法院东门人民法庭",
            "平江县人民法院东门人民法庭",
        ),
        ("白沙镇人民政府2022年工作总结", "白沙镇人民政府", "白沙镇人民政府"),
        ("平江县第一中学党支部2022年党建工作总结", "中共平江县第一中学支部委员会", "平江县第一中学"),
        ("白沙镇党委2022年工作总结", "中共白沙镇委员会", "中共白沙镇委员会"),  # a place's 党委 is itself
    ],
    ids=["合作社", "人民法庭", "乡镇人民政府", "学校党支部", "镇党委"],
)
def test_the_unit_is_the_one_the_report_is_about(
    tmp_path: Path, title: str, signature: str, unit: str
) -> None:
    proposal = report(tmp_path, [title, "一、主要工作", "全年工作稳步推进。", signature, "2022年12月30日"])
    assert proposal.unit_name == unit


def test_a_report_signed_by_a_parent_speaking_as_the_titles_unit_is_that_units(tmp_path: Path) -> None:
    court = report(
        tmp_path,
        [
            "关于东门人民法庭2022年工作情况的汇报",
            "一、审判工作",
            "2022年，我庭共受理案件968件。",
            "平江县人民法院",
            "2023年1月6日",
        ],
    )
    assert court.unit_name == "东门人民法庭"
    assert any("东门人民法庭" in note and "平江县人民法院" in note for note in court.notes)
    bureau = report(
        tmp_path,
        [
            "关于全县中小学安全工作的情况汇报",
            "一、主要工作",
            "我局全年开展安全检查36次。",
            "平江县教育局",
            "2023年1月6日",
        ],
    )
    assert bureau.unit_name == "平江县教育局"  # speaks as 我局: the signer's own report
    school = report(
        tmp_path,
        [
            "关于平江县第一中学创建工作的情况汇报",
            "一、主要做法",
            "我校2022年新建图书馆一座。",
            "平江县教育局",
            "2023年1月6日",
        ],
    )
    assert school.unit_name == "平江县第一中学"


def test_holders_by_compound_surname_and_by_rank() -> None:
    assert read("副馆长司马燕被评为“全省优秀文化工作者”。", "平江县图书馆") == [
        ("全省优秀文化工作者", None, None, "司马燕")
    ]
    assert read("消防员覃大勇被共青团平江县委授予“平江县青年岗位能手”称号。", "平江县消防救援大队") == [
        ("平江县青年岗位能手", "共青团平江县委", None, "覃大勇")
    ]
    assert read("辅警诸葛明荣获“全市优秀辅警”称号。", "城西派出所") == [
        ("全市优秀辅警", None, None, "诸葛明")
    ]
    assert read("社员蒙秀英被评为“全县巾帼致富带头人”。", "青山村绿源茶叶专业合作社") == [
        ("全县巾帼致富带头人", None, None, "蒙秀英")
    ]


def test_a_title_named_after_a_post_or_a_person_kind() -> None:
    assert read("站长黎文斌2021年被省电力公司评为“优秀供电所所长”。", "城北供电所") == [
        ("优秀供电所所长", "省电力公司", 2021, "黎文斌")
    ]
    assert read("法官助理韩露被评为“全市法院优秀法官助理”。", "东门人民法庭") == [
        ("全市法院优秀法官助理", None, None, "韩露")
    ]
    assert read("院长韩梅被省民政厅、省老龄办表彰为“全省孝亲敬老模范人物”。", "白沙镇敬老院") == [
        ("全省孝亲敬老模范人物", "省民政厅、省老龄办", None, "韩梅")
    ]
    assert read("镇长梁波荣获全县“实干担当好干部”称号。", "白沙镇人民政府") == [
        ("全县“实干担当好干部”", None, None, "梁波")
    ]


def test_award_verbs_other_offices_write() -> None:
    assert read("2022年，法庭被省高级人民法院荣记集体三等功一次。", "东门人民法庭") == [
        ("集体三等功", "省高级人民法院", 2022, None)
    ]
    assert read(
        "2022年，我馆入选文化和旅游部公布的“全国公共图书馆阅读推广优秀案例”名单。", "平江县图书馆"
    ) == [("全国公共图书馆阅读推广优秀案例", "文化和旅游部", 2022, None)]
    assert read("2022年8月，我院被市民政局评定为“三星级养老机构”。", "白沙镇敬老院") == [
        ("三星级养老机构", "市民政局", 2022, None)
    ]
    assert read(
        "2022年，合作社被农业农村部等七部门认定为“国家农民合作社示范社”，被省农业农村厅评为“省级示范社”。",
        "青山村绿源茶叶专业合作社",
    ) == [
        ("国家农民合作社示范社", "农业农村部等七部门", 2022, None),
        ("省级示范社", "省农业农村厅", 2022, None),
    ]


def test_the_unit_speaking_of_itself_by_its_kind_keeps_its_honour_and_its_number() -> None:
    (honour,) = honours(
        "2021年6月，我馆被中共平江县委授予“先进基层党组织”称号（平委〔2021〕12号）。", "平江县图书馆"
    )
    assert (honour.title, honour.awarded_by, honour.year, honour.recipient) == (
        "先进基层党组织",
        "中共平江县委",
        2021,
        None,
    )
    assert honour.document_no == "平委〔2021〕12号"
    assert read("我社2022年被评为“市级示范社”。", "青山村绿源茶叶专业合作社") == [
        ("市级示范社", None, 2022, None)
    ]


def test_a_party_body_of_a_township_holds_the_townships_honour() -> None:
    (honour,) = honours("乡党委被县委评为“五好乡镇党委”。", "白沙乡人民政府")
    assert (honour.title, honour.awarded_by, honour.recipient, honour.accepted) == (
        "五好乡镇党委",
        "县委",
        None,
        True,
    )
    assert "由乡党委获得，记为单位集体荣誉" in honour.notes_text()
    assert read("镇党委被县委评为“五好乡镇党委”。", "白沙乡中心学校") == []  # the town's, not the school's


def test_assigned_tasks_and_a_members_family_are_not_the_units_honours() -> None:
    assert read("合作社社员覃秀兰家庭被评为“全县最美家庭”。", "青山村绿源茶叶专业合作社") == []
    assert read("2022年，我馆被县委宣传部列为“全民阅读工程”牵头单位。", "平江县图书馆") == []


def test_a_title_taken_away_is_shown_for_review_and_no_clause_becomes_a_title() -> None:
    (revoked,) = honours("此外，我院2018年获得的“县级文明单位”称号，在2022年的复查中被取消。", "白沙镇敬老院")
    assert (revoked.title, revoked.year, revoked.accepted, revoked.status) == (
        "县级文明单位",
        2018,
        False,
        "已撤销",
    )
    shown = honours(
        "2019年，合作社曾被评为“市级示范合作社”，2022年复查时因账目不全被撤销示范社资格。",
        "青山村绿源茶叶专业合作社",
    )
    assert [(h.title, h.year, h.accepted) for h in shown] == [("市级示范合作社", 2019, False)]


def test_staff_by_other_names_and_a_founding_by_registration() -> None:
    found = {
        f.field: f.value
        for f in find_facts(
            [
                "合作社于2015年6月在县市场监管局登记成立，现有社员农户210户。",
                "院内现有工作人员12人，其中护理员8人。",
            ]
        )
    }
    assert found["founded"].iso() == "2015-06" and found["staff_count"] == 12
    assert {f.field: f.value for f in find_facts(["现有在编人员31人，其中专业技术人员22人。"])} == {
        "staff_count": 31
    }
    assert {f.field: f.value for f in find_facts(["现有消防救援人员３８名，其中党员１５名。"])} == {
        "staff_count": 38,
        "party_member_count": 15,
    }


def test_a_city_whose_name_ends_in_cheng_or_du_gives_its_level() -> None:
    assert infer_level("共青团盐城市委", None).value == "市级"
    assert infer_level("成都市教育局", None).value == "市级"
    assert infer_level("海曙区城市管理局", None).value == "县区级"
    assert infer_level(None, "城市市容环境卫生先进集体") is None
