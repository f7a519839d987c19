"""What a clerk would sign by mistake: a table's row still applied for or held back at 复查, honours of other
bodies a report tells of in passing (the parent office or university, a team it helped, pupils, a family),
a count of arrests read as a title; and what such reports also write: holders after a bracketed post or
before a rank, a department named after the unit, 文号 ending 号文件, a body that 授予s a title before its
holder, a founding after a reform named at length."""

from __future__ import annotations

from core.oldreports.facts import find_facts
from core.oldreports.honours import honours_from_table, honours_in_paragraph
from core.partial_date import PartialDate


def test_a_tables_rows_applied_for_or_held_back_are_not_ticked_and_its_holders_are_read() -> None:
    rows = [
        ("序号", "年份", "荣誉名称", "颁发单位", "获奖对象", "备注"),
        ("1", "2016年", "市级文明社区", "江北市文明委", "本社区", "2019年复查暂缓确认"),
        ("2", "2018.5", "区级卫生社区", "江北区爱卫会", "社区党委", ""),
        ("3", "", "省级文明社区", "省文明委", "本社区", "正在申报"),
        ("4", "2020年", "优秀社区党组织书记", "区委组织部", "周晓明（社区党委书记）", ""),
        ("5", "2021年", "区级最美家庭", "区妇联", "居民何丽家庭", ""),
    ]
    found = honours_from_table(rows)
    assert [(h.title, h.year, h.recipient, h.held_by, h.accepted, h.status) for h in found] == [
        ("市级文明社区", 2016, None, None, False, "待复查"),
        ("区级卫生社区", 2018, None, "社区党委", True, "有效"),
        ("优秀社区党组织书记", 2020, "周晓明", None, True, "有效"),
        ("区级最美家庭", 2021, None, None, False, "有效"),
    ]
    assert "暂缓确认" in found[0].notes_text()
    assert "居民何丽家庭" in found[3].notes_text()


def _read(text: str, unit: str, year: int = 2022) -> list[tuple[str, str | None, str | None]]:
    honours = honours_in_paragraph(
        text, document_year=year, heading_year=None, self_names=(unit,), report_year=year
    )
    return [(h.title, h.recipient, h.held_by) for h in honours if h.accepted]


def test_the_parent_bodys_honour_told_of_in_passing_is_not_the_units() -> None:
    station = "江城县交通运输局城南运输管理所"
    assert _read("县交通运输局2022年被市文明委命名为“市级文明单位”，我所参与了创建工作。", station) == []
    assert _read("交通运输局被评为全省交通运输系统先进集体。", station) == []
    assert _read("城南运输管理所被评为“市级青年文明号”。", station) == [("市级青年文明号", None, None)]
    college = "江东师范大学文学院"
    assert _read("学校2021年获评“全国文明校园”，学院积极参与。", college) == []
    assert _read("学院团委被团省委评为“五四红旗团委”。", college) == [("五四红旗团委", None, "学院团委")]
    # a company by its short name is still itself, and a school named 学校 in its own report
    assert _read("南湖化工集团被市委、市政府评为“市级文明单位”。", "南湖化工集团有限公司") == [
        ("市级文明单位", None, None)
    ]
    assert _read("学校被评为“市级文明校园”。", "江东县第二中学") == [("市级文明校园", None, None)]


def test_a_team_the_unit_helped_holds_its_own_merit() -> None:
    squad = "江城县公安局交警大队城南中队"
    sentence = "市公安局交警支队在我队协助下侦办的“5·20”专案，被省公安厅记集体一等功。"
    assert _read(sentence, squad) == []
    assert _read("我队侦办的“6·18”专案，被省公安厅记集体二等功。", squad) == [("集体二等功", None, None)]


def test_pupils_and_a_team_of_students_hold_their_own_honours() -> None:
    school = "江东县实验中学"
    assert _read("初二学生赵一凡被评为“全国美德少年”。", school) == []
    assert _read("学生代表队获全省中学生物理竞赛一等奖。", school) == []
    assert _read("学校少先队大队被评为“全国红旗大队”。", school) == [("全国红旗大队", None, "学校少先队大队")]
    assert _read("学生处处长韩冬被评为“全省优秀德育工作者”。", school) == [
        ("全省优秀德育工作者", "韩冬", None)
    ]


def test_a_count_of_arrests_or_cases_is_no_title() -> None:
    station = "江城县公安局城南派出所"
    assert _read("全年抓获违法犯罪人员56名，查获涉案车辆12辆，破获盗窃案件37起。", station) == []
    assert _read("全所共查处治安案件210件，其中获刑罚处理人员15名。", station) == []
    assert _read("2022年，我所获“全省一级公安派出所”称号。", station) == [("全省一级公安派出所", None, None)]


def _all(
    text: str, unit: str, year: int = 2022
) -> list[tuple[str, int | None, str | None, str | None, bool]]:
    honours = honours_in_paragraph(
        text, document_year=year, heading_year=None, self_names=(unit,), report_year=year
    )
    return [(h.title, h.year, h.recipient, h.document_no, h.accepted) for h in honours]


def test_holders_named_after_a_bracketed_post_or_before_a_rank_and_each_of_two_who_won_the_same() -> None:
    branch = "国家税务总局江城县税务局东港税务分局"
    assert _all("分局副局长（主持工作）郑海被市税务局记个人三等功一次。", branch) == [
        ("个人三等功", 2022, "郑海", None, True)
    ]
    assert _all("社区民警司马文、辅警钟小军分别荣立个人三等功一次。", "江城县公安局东港派出所") == [
        ("个人三等功", 2022, "司马文", None, True),
        ("个人三等功", 2022, "钟小军", None, True),
    ]
    assert _all("黄建国教授荣获第八届“国家级教学名师奖”。", "江东师范大学文学院") == [
        ("国家级教学名师奖", 2022, "黄建国", None, True)
    ]
    assert _all("电仪班班长钱明被市人社局评为“江城市首席技师”。", "江港化工集团有限公司") == [
        ("江城市首席技师", 2022, "钱明", None, True)
    ]


def test_a_body_inside_the_unit_named_after_it_holds_the_units_honour_but_a_subsidiary_does_not() -> None:
    branch = "国家税务总局江城县税务局东港税务分局"
    (honour,) = honours_in_paragraph(
        "2022年3月，分局办税服务厅被国家税务总局评为“全国税务系统青年文明号”。",
        document_year=2022,
        heading_year=None,
        self_names=(branch,),
    )
    assert (honour.title, honour.recipient, honour.held_by) == (
        "全国税务系统青年文明号",
        None,
        "分局办税服务厅",
    )
    assert _read("公司控股的江港物流有限公司被评为“全省AAA级物流企业”。", "江港化工集团有限公司") == []
    assert _read("学院分工会被省教育工会授予“模范职工小家”称号。", "江东师范大学文学院") == [
        ("模范职工小家", None, "学院分工会")
    ]
    # a village of a township is a unit of its own
    assert _read("我乡石桥村被评为“全国文明村”。", "江城县石桥乡人民政府") == []


def test_document_numbers_ending_in_wenjian_or_before_a_next_clause() -> None:
    school = "江东县实验小学"
    assert _all("2021年，学校被市教育局评为“江东市书香校园”（江教发〔2021〕12号文件）；", school) == [
        ("江东市书香校园", 2021, None, "江教发〔2021〕12号", True)
    ]
    station = "江城县公安局东港派出所"
    assert _all(
        "2021年，我所被省公安厅命名为“枫桥式派出所”（江公发〔2021〕5号），被县政府记集体三等功。", station
    ) == [
        ("枫桥式派出所", 2021, None, "江公发〔2021〕5号", True),
        ("集体三等功", 2021, None, None, True),
    ]


def test_a_title_won_then_revoked_is_shown_for_review_and_its_reason_is_no_title() -> None:
    found = _all(
        "我站2016年获得的“省级文明单位”称号，因2019年复查时测评未达标，已被省文明委撤销。", "江城县水文站"
    )
    assert found == [("省级文明单位", 2016, None, None, False)]


def test_a_body_that_gives_a_title_before_its_holder_is_the_awarding_body() -> None:
    station = "江城县水文站"
    given = "2021年，江城县委、县政府授予我站“抗洪抢险先进集体”称号（江委〔2021〕第8号）。"
    (honour,) = honours_in_paragraph(given, document_year=2022, heading_year=None, self_names=(station,))
    assert (honour.title, honour.awarded_by, honour.year, honour.document_no) == (
        "抗洪抢险先进集体",
        "江城县委、县政府",
        2021,
        "江委〔2021〕第8号",
    )
    assert _read("市总工会授予站长林涛“市五一劳动奖章”。", station) == [("市五一劳动奖章", "林涛", None)]
    assert _read("市教育局授予县一中“市级文明校园”称号。", station) == []


def test_founded_after_a_reform_named_at_length() -> None:
    found = find_facts(["东港卫生院于2019年5月全县乡镇卫生机构整合后挂牌成立，现有职工42人。"])
    assert {fact.field: fact.value for fact in found} == {"founded": PartialDate(2019, 5), "staff_count": 42}
