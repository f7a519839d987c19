"""A second held-out set of ten certificates (the first, heldout.py, has been tuned on), in situations the
first does not cover, labelled by hand before the reader was run on them: an 奖状 whose title is the
running text (在…活动中荣获一等奖), a certificate with both a 证书编号 and a 文号, a red-headed 文件-style
award page (with its 抄送 and 印发 date at the foot), a date of year and month only under a text naming
another year, a department of the unit as the holder (学校团委), a 牌匾 photographed gold on red, a scan fed
in sideways (turned 90°), a printed form whose name was left blank, a team of three persons, and a city
body with 省 in its street name.

Labels follow heldout.py: what a clerk would record — the title without quotes (a contest's prize as the
contest's name without its year and without a trailing 活动, then the prize), the awarding body as printed,
the date as precise as printed (ISO), the unit that holds it and the person(s) (None where the
certificate names none; several joined with 、), the level by the body. The 证书编号 and the 文号 are
labelled apart (certificate_no, document_no); `number` is the one measure.py proposes first (the
证书编号, else the 文号), as for the first set. A department (团委) is the unit's own collective, not a
person: its honour is the unit's, with no recipient. A blank name field names nobody.

Images are drawn about 1200 px on the longer side (CPU is scarce) and each is recognised once per session.
"""

from __future__ import annotations

from typing import Any

from tests.core.certificates import heldout, render
from tests.core.certificates.heldout import KINDERGARTEN, HeldOut
from tests.core.certificates.render import INK, RED, Block, Layout
from tests.core.certificates.samples import SCHOOL


def _award_in_running_text() -> Layout:
    """奖状 in big letters, no holder line: the holder, the event and the prize are one sentence."""
    return Layout(
        [
            Block("奖状", 110, 150, "centre", bold=True, colour=RED),
            Block(f"{SCHOOL}在宁波市第十届中小学生艺术节", 370, 48, x=260),
            Block("活动中荣获一等奖。", 460, 48),
            Block("特发此状，以资鼓励。", 550, 48, x=260),
            Block("宁波市教育局", 780, 44, "right", x=1400),
            Block("二〇二四年五月二十日", 860, 44, "right", x=1400),
        ],
        border=(200, 160, 40),
    )


def _number_and_document_no() -> Layout:
    return Layout(
        [
            Block("荣誉证书", 110, 96, "centre", bold=True, colour=RED),
            Block(f"{KINDERGARTEN} 林晓 同志：", 310, 44),
            Block("根据甬教人〔2023〕56号文件，你被评为", 400, 44, x=290),
            Block("“宁波市优秀教育工作者”。", 480, 44),
            Block("特发此证。", 560, 44, x=290),
            Block("宁波市教育局", 780, 44, "right", x=1380),
            Block("2023年9月8日", 860, 44, "right", x=1380),
            Block("证书编号：NB2023-JY0417", 980, 30, x=200),
        ]
    )


def _document_page() -> Layout:
    """A 文件: red heading, 文号, red rule, the decision's heading and text, signature, date; at the
    foot the 抄送 line and the office's 印发 date (the day after the decision)."""
    paper = (250, 250, 248)
    text = [
        ("为深入推进生态文明教育，经学校申报、区县推荐", 178),
        ("和专家评审，市教育局决定命名宁波市荷花庄小学等", 110),
        ("25所学校为“宁波市绿色学校”。希望受到命名的", 110),
        ("学校珍惜荣誉，再创佳绩。", 110),
    ]
    return Layout(
        [
            Block("宁波市教育局文件", 130, 80, "centre", bold=True, colour=RED),
            Block("甬教〔2023〕88号", 290, 32, "centre"),
            Block("宁波市教育局关于命名2023年度", 420, 42, "centre", bold=True),
            Block("宁波市绿色学校的决定", 480, 42, "centre", bold=True),
            Block("各区（县、市）教育局，局属各学校：", 580, 34, x=110),
            *(Block(line, 640 + 60 * i, 34, x=x) for i, (line, x) in enumerate(text)),
            Block("宁波市教育局", 960, 34, "right", x=980),
            Block("2023年12月5日", 1020, 34, "right", x=980),
            Block("抄送：浙江省教育厅。", 1330, 28, x=110),
            Block("宁波市教育局办公室", 1390, 28, x=110),
            Block("2023年12月6日印发", 1390, 28, "right", x=990),
        ],
        border=paper,
        size=(1100, 1500),
        paper=paper,
        rules=(
            (90, 350, 1010, 4, RED),
            (90, 1320, 1010, 2, INK),
            (90, 1375, 1010, 1, INK),
            (90, 1432, 1010, 2, INK),
        ),
    )


def _year_and_month() -> Layout:
    """Dated to the month only, under a text that names the school year before it."""
    return Layout(
        [
            Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
            Block("陈静老师：", 330, 44),
            Block("在2021学年第二学期教学工作中成绩显著，", 420, 44, x=290),
            Block("被评为“鄞州区教学能手”。", 500, 44),
            Block("特发此证。", 580, 44, x=290),
            Block("宁波市鄞州区教育局", 780, 44, "right", x=1380),
            Block("2022年5月", 860, 44, "right", x=1380),
        ]
    )


def _department() -> Layout:
    layout = Layout(
        [
            Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
            Block(f"{SCHOOL}团委：", 330, 44),
            Block("你单位在2023年度共青团工作中成绩突出，", 420, 44, x=290),
            Block("被评为“宁波市五四红旗团委”。", 500, 44),
            Block("特发此证。", 580, 44, x=290),
            Block("共青团宁波市委员会", 780, 44, "right", x=1380),
            Block("2024年5月4日", 860, 44, "right", x=1380),
        ],
        seal_text="共青团宁波市委员会",
    )
    return layout


def _red_plaque() -> Layout:
    """A 牌匾: tarnished gold letters on red lacquer, no holder."""
    gold = (188, 138, 62)
    return Layout(
        [
            Block("宁波市巾帼文明岗", 330, 130, "centre", bold=True, colour=gold),
            Block("宁波市妇女联合会", 660, 56, "centre", colour=gold),
            Block("二〇二〇年三月", 760, 56, "centre", colour=gold),
        ],
        border=gold,
        paper=(158, 30, 28),
    )


def _sideways_scan() -> Layout:
    return render.unit_certificate(
        KINDERGARTEN, "海曙区食品安全示范食堂", "宁波市海曙区市场监督管理局", "2021年10月", "HSJ-2021-027"
    )


def _blank_name() -> Layout:
    """A printed form whose name, to be written in by hand on the rule, was left blank."""
    return Layout(
        [
            Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
            Block("同志：", 330, 44, x=520),
            Block("在2022—2023学年度少先队工作中表现突出，", 420, 44, x=290),
            Block("被评为“宁波市优秀少先队辅导员”。", 500, 44),
            Block("特发此证。", 580, 44, x=290),
            Block("宁波市少先队工作委员会", 780, 44, "right", x=1380),
            Block("2023年5月30日", 860, 44, "right", x=1380),
        ],
        rules=((200, 376, 505, 2, INK),),
    )


def _team() -> Layout:
    return Layout(
        [
            Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
            Block(f"{SCHOOL}王丽、陈军、李华老师：", 330, 44),
            Block("在宁波市第五届中小学教师微课大赛中，作品", 420, 44, x=290),
            Block("《认识钟表》荣获二等奖。", 500, 44),
            Block("特发此证。", 580, 44, x=290),
            Block("宁波市教育局教学研究室", 780, 44, "right", x=1380),
            Block("2024年7月", 860, 44, "right", x=1380),
        ]
    )


def _province_street() -> Layout:
    """A city's youth palace named after its street, 省府路: a 市级 body with 省 in its name."""
    return Layout(
        [
            Block("荣誉证书", 120, 96, "centre", bold=True, colour=RED),
            Block(f"{SCHOOL}：", 330, 44),
            Block("你校在2023年度校外教育工作中积极配合，", 420, 44, x=290),
            Block("被评为“校外教育优秀合作学校”。", 500, 44),
            Block("特发此证。", 580, 44, x=290),
            Block("宁波市省府路青少年宫", 780, 44, "right", x=1380),
            Block("二〇二三年十二月", 860, 44, "right", x=1380),
        ],
        seal_text="宁波市省府路青少年宫",
    )


LABELLED = (
    "title",
    "awarded_by",
    "date",
    "certificate_no",
    "document_no",
    "unit",
    "recipient",
    "level",
)
# name, layout, then the labels in LABELLED's order, then render()'s options
_ROWS: tuple[tuple[Any, ...], ...] = (
    (
        "award_running_text",
        _award_in_running_text,
        *("宁波市第十届中小学生艺术节一等奖", "宁波市教育局", "2024-05-20", None, None, SCHOOL, None, "市级"),
        {"seal": True},
    ),
    (
        "number_and_document_no",
        _number_and_document_no,
        *("宁波市优秀教育工作者", "宁波市教育局", "2023-09-08", "NB2023-JY0417", "甬教人〔2023〕56号"),
        *(KINDERGARTEN, "林晓", "市级"),
        {},
    ),
    (
        "document_page",
        _document_page,
        *("宁波市绿色学校", "宁波市教育局", "2023-12-05", None, "甬教〔2023〕88号", SCHOOL, None, "市级"),
        {"seal": True},
    ),
    (
        "year_and_month",
        _year_and_month,
        *("鄞州区教学能手", "宁波市鄞州区教育局", "2022-05", None, None, None, "陈静", "县区级"),
        {},
    ),
    (
        "department",
        _department,
        *("宁波市五四红旗团委", "共青团宁波市委员会", "2024-05-04", None, None, SCHOOL, None, "市级"),
        {"seal": True},
    ),
    (
        "red_plaque",
        _red_plaque,
        *("宁波市巾帼文明岗", "宁波市妇女联合会", "2020-03", None, None, None, None, "市级"),
        {"photo": True, "angle": -3},
    ),
    (
        "sideways_scan",
        _sideways_scan,
        *("海曙区食品安全示范食堂", "宁波市海曙区市场监督管理局", "2021-10", "HSJ-2021-027", None),
        *(KINDERGARTEN, None, "县区级"),
        {"quarter_turns": 1},
    ),
    (
        "blank_name",
        _blank_name,
        *("宁波市优秀少先队辅导员", "宁波市少先队工作委员会", "2023-05-30", None, None, None, None, "市级"),
        {},
    ),
    (
        "team",
        _team,
        *("宁波市第五届中小学教师微课大赛二等奖", "宁波市教育局教学研究室", "2024-07", None, None),
        *(SCHOOL, "王丽、陈军、李华", "市级"),
        {},
    ),
    (
        "province_street",
        _province_street,
        *("校外教育优秀合作学校", "宁波市省府路青少年宫", "2023-12", None, None, SCHOOL, None, "市级"),
        {"seal": True},
    ),
)


def _labels(values: list[Any]) -> dict[str, Any]:
    labels = dict(zip(LABELLED, values, strict=True))
    return {**labels, "number": labels["certificate_no"] or labels["document_no"]}


HELD_OUT_2: tuple[HeldOut, ...] = tuple(
    HeldOut(name, layout, _labels(labels), options) for name, layout, *labels, options in _ROWS
)
heldout.register(HELD_OUT_2)
held_out_page = heldout.held_out_page
