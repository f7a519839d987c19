"""Reports written in the seeds' style, built as .docx by code, with what a careful reader finds in them.

Each report is (file name, paragraphs, labels). A paragraph is text, or ("heading N", text) for a
paragraph in Word's heading style, or a list of rows for a table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx

Paragraphs = list[Any]

SCHOOL = (
    "城东小学2021年度工作总结.docx",
    [
        "宁波市城东小学2021年度工作总结",
        "宁波市城东小学创办于1958年3月，占地面积15亩，建筑面积8600平方米。学校现有教学班24个，学生1020人，"
        "教职工68人，其中党员21名。现将一年来的工作总结如下：",
        ("heading 1", "一、学校基本情况"),
        "学校坚持“让每一个孩子都得到发展”的办学理念，2019年被浙江省教育厅评为浙江省绿色学校。",
        ("heading 1", "二、主要做法"),
        "（一）加强师德师风建设",
        "学校开展“最美教师”评选。今年，教师王丽被教育部评为全国优秀教师，李明被市教育局授予宁波市教坛新秀称号。",
        "（二）坚持课程改革",
        "学校开设书法、国际象棋等校本课程二十余门。",
        ("heading 1", "三、工作成效"),
        "2021年，学校被市委、市政府授予宁波市文明单位、宁波市平安校园称号，被区教育局评为教学质量优秀学校、"
        "“四星级”家长学校。去年，学校荣获省“书香校园”称号。",
        ("heading 1", "四、存在问题"),
        "一是校舍不足，二是青年教师比例偏低。",
        ("heading 1", "五、下一步打算"),
        "继续推进校园改造，力争创建省现代化学校。",
        "宁波市城东小学",
        "2021年12月20日",
    ],
    {
        "unit": "宁波市城东小学",
        "year": 2021,
        "facts": {
            "founded": "1958-03",
            "land_area_m2": 10000.0,
            "building_area_m2": 8600.0,
            "class_count": 24,
            "student_count": 1020,
            "staff_count": 68,
            "party_member_count": 21,
        },
        "honours": [
            {"title": "浙江省绿色学校", "awarded_by": "浙江省教育厅", "year": 2019, "recipient": None},
            {"title": "全国优秀教师", "awarded_by": "教育部", "year": 2021, "recipient": "王丽"},
            {"title": "宁波市教坛新秀", "awarded_by": "市教育局", "year": 2021, "recipient": "李明"},
            {"title": "宁波市文明单位", "awarded_by": "市委、市政府", "year": 2021, "recipient": None},
            {"title": "宁波市平安校园", "awarded_by": "市委、市政府", "year": 2021, "recipient": None},
            {"title": "教学质量优秀学校", "awarded_by": "区教育局", "year": 2021, "recipient": None},
            {"title": "“四星级”家长学校", "awarded_by": "区教育局", "year": 2021, "recipient": None},
            {"title": "省“书香校园”", "awarded_by": None, "year": 2020, "recipient": None},
        ],
        "sections": [
            {"heading": "", "topic": "基本情况", "opening": "宁波市城东小学创办于"},
            {"heading": "一、学校基本情况", "topic": "基本情况"},
            {"heading": "二、主要做法", "topic": "主要做法"},
            {"heading": "三、工作成效", "topic": "工作成效"},
            {"heading": "四、存在问题", "topic": "存在问题"},
            {"heading": "五、下一步打算", "topic": "下一步打算"},
        ],
    },
)

VILLAGE = (
    "荷塘村自查报告.docx",
    [
        "荷塘村2022年度创建文明村自查报告",
        "荷塘村位于镇区东部，全村农户412户，人口1536人，党员46名。",
        "一、基本情况",
        "（一）2020年度",
        "被县委、县政府评为先进基层党组织、平安村，被镇党委评为五好村党支部。",
        "（二）2021年度",
        "村党支部书记陈建国被评为优秀党务工作者。被县文明委命名为县级文明村。",
        "二、主要做法",
        "1.坚持党建引领。",
        "村两委每月召开一次议事会。",
        "2.加强人居环境整治。",
        "全村改厕三百余户。",
        "三、存在问题",
        "村集体经济薄弱。",
        "四、整改措施",
        "盘活闲置资产，发展乡村旅游。",
        [["序号", "获得时间", "荣誉称号", "授予单位"], ["1", "2022年", "市级美丽乡村示范村", "市农业农村局"]],
        "荷塘村村民委员会",
        "2022年11月",
    ],
    {
        "unit": "荷塘村",
        "year": 2022,
        "facts": {"household_count": 412, "population": 1536, "party_member_count": 46},
        "honours": [
            {"title": "先进基层党组织", "awarded_by": "县委、县政府", "year": 2020, "recipient": None},
            {"title": "平安村", "awarded_by": "县委、县政府", "year": 2020, "recipient": None},
            {"title": "五好村党支部", "awarded_by": "镇党委", "year": 2020, "recipient": None},
            {"title": "优秀党务工作者", "awarded_by": None, "year": 2021, "recipient": "陈建国"},
            {"title": "县级文明村", "awarded_by": "县文明委", "year": 2021, "recipient": None},
            {"title": "市级美丽乡村示范村", "awarded_by": "市农业农村局", "year": 2022, "recipient": None},
        ],
        "sections": [
            {"heading": "", "topic": "基本情况", "opening": "荷塘村位于镇区东部"},
            {"heading": "一、基本情况", "topic": "基本情况"},
            {"heading": "二、主要做法", "topic": "主要做法"},
            {"heading": "三、存在问题", "topic": "存在问题"},
            {"heading": "四、整改措施", "topic": "整改措施"},
        ],
    },
)

BUREAU = (
    "区文化局创建工作汇报.docx",
    [
        "区文化和旅游局创建省级文明单位工作情况汇报",
        "一、近年获奖情况",
        "我局先后荣获“全国文化先进单位”、“省级文明单位”、“市级园林式单位”等荣誉称号。2023年被省文化和旅游厅评为"
        "全省公共文化服务先进集体，被市总工会授予市五一劳动奖状。局长张华同志被市委、市政府记个人二等功。",
        "二、加强领导，健全机制",
        "成立创建工作领导小组，局长任组长。",
        "三、特色亮点",
        "打造“文化进万家”品牌，送戏下乡一百二十场。",
        "四、下一步工作思路",
        "巩固创建成果，争创全国文明单位。",
        "区文化和旅游局",
        "二〇二三年十二月五日",
    ],
    {
        "unit": "区文化和旅游局",
        "year": 2023,
        "facts": {},
        "honours": [
            {"title": "全国文化先进单位", "awarded_by": None, "year": None, "recipient": None},
            {"title": "省级文明单位", "awarded_by": None, "year": None, "recipient": None},
            {"title": "市级园林式单位", "awarded_by": None, "year": None, "recipient": None},
            {
                "title": "全省公共文化服务先进集体",
                "awarded_by": "省文化和旅游厅",
                "year": 2023,
                "recipient": None,
            },
            {"title": "市五一劳动奖状", "awarded_by": "市总工会", "year": 2023, "recipient": None},
            {"title": "个人二等功", "awarded_by": "市委、市政府", "year": None, "recipient": "张华"},
        ],
        "sections": [
            {"heading": "一、近年获奖情况", "topic": "工作成效"},
            {"heading": "二、加强领导", "topic": "主要做法"},
            {"heading": "三、特色亮点", "topic": "特色亮点"},
            {"heading": "四、下一步工作思路", "topic": "下一步打算"},
        ],
    },
)

WRITTEN = (SCHOOL, VILLAGE, BUREAU)


def write_docx(path: Path, paragraphs: Paragraphs) -> Path:
    """("header", text) sets the page header; ("textbox", [lines]) anchors a text box (heldout.text_box)."""
    document = docx.Document()
    for item in paragraphs:
        if isinstance(item, tuple) and item[0] == "header":
            document.sections[0].header.paragraphs[0].text = item[1]
        elif isinstance(item, tuple) and item[0] == "textbox":
            from docx.oxml import parse_xml

            from tests.core.oldreports.heldout import text_box

            document.add_paragraph()._p.append(parse_xml(text_box(item[1])))
        elif isinstance(item, tuple):
            style, text = item
            document.add_paragraph(text, style=style.title())
        elif isinstance(item, list):
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for r, row in enumerate(item):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        else:
            document.add_paragraph(item)
    document.save(str(path))
    return path
