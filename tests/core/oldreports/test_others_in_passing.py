"""What a clerk would sign by mistake: a table's row still applied for or held back at 复查, honours of other
bodies a report tells of in passing (the parent office or university, a team it helped, pupils, a family),
a count of arrests read as a title, and levels misread from a national system's provincial bureau or a
county-level word inside a national title."""

from __future__ import annotations

from core.oldreports.honours import honours_from_table


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
