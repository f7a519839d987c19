"""Honours read from a report's prose and tables.

What is read, as the seeds write it:

- "被[机关]评为/评选为/授予/命名为/表彰为/确定为/认定为[称号]（称号）", and without 被: "先后评为…",
  "荣获/获得/获评/荣膺…", "YYYY年创建成…", "是一所全国…先进学校", "现有…荣誉：“…”、“…”",
  "参加…并获…奖", "…比赛中取得第六名", "被…记个人三等功";
- lists joined by 、 ， and “”, ending at "等…称号" or at the first item that is no honour; the awarding body
  carried across the list, and to a following clause of the same sentence with the same verb;
- the date from the sentence ("2021年，…", "2021年10月，…", "授予2012年度…"), to the month or day it
  gives, in digits or in Chinese numerals (二〇二一年十月), else 今年/去年/前年 (with the month they give:
  去年10月) against the document's own year (marked inferred; no year at all while the document's year is
  unknown, never today's), else the nearest heading naming a year ("（一）2021年度"); a placeholder year
  ("20xx年") is no year at all; a table's date cell read as the register import reads one (2021.10,
  2021年10月8日, 二〇二一年十月);
- the holder: a person ("教师王丽被…", "村党支部书记陈建国被…", "刘龙同志…") is the honour's recipient;
  honours of other units the report mentions ("直属的计量院被评为…", "43名教师获…") are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from core.importing.infer import infer_level
from core.oldreports.dates import digits_in_dates
from core.partial_date import PartialDate, PartialDateError, parse_partial_date
from core.text import name_key
from core.vocab import DEFAULT_HONOUR_STATUS, UNLEVELLED

_CJK = r"\u4e00-\u9fff"
_YEAR = re.compile(r"((?:19|20)\d{2}|(?:19|20)[xX×*＊?？]{2})\s*年")
# the month (and day) right after a sentence's year: 2021年10月, 2021年10月8日; not 2021年3月至6月
_MONTH_DAY = re.compile(
    r"^\s*(?:[\d一二三四五六七八九十]{1,2})\s*月(?:\s*(?:[\d一二三四五六七八九十]{1,3})\s*[日号])?"
    r"(?!\s*(?:至|到|[-—–~～、]|\d))"
)
_RELATIVE = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2}
# a year that bounds a period rather than dates an honour
_SPAN_START = re.compile(r"(?:截至|截止|截止到|自|从|至)\s*$")
_SPAN_AFTER = re.compile(r"^\s*(?:底|末|年底|年末)?(?:[^，。；]{0,8}?以来|至今|起|以后|后|前|之前|之后|以前)")
_TITLE_YEAR = re.compile(rf"(?:{'|'.join(('评为', '授予', '命名为', '表彰为', '荣获'))})\s*$")
_RELATIVE_RE = re.compile("|".join(sorted(_RELATIVE, key=len, reverse=True)))

_VERBS = r"评为|评选为|授予|命名为|表彰为|确定为|认定为|评定为|列为|选为|批准为|荣获"
_TRIGGER = re.compile(
    rf"被(?P<body>[^，。；：！？被]{{0,40}}?)(?P<verb>{_VERBS}|荣?记(?=(?:个人|集体)?[一二三]等功))"
    rf"|(?P<plain>荣获|喜获|荣膺|荣立|获评|(?<![抓捕查缴破截俘])(?:获得了?|并获得?|获(?=[“{_CJK}]))|先后评为|评为|命名为|被?授予|表彰为|入选)"
    r"|(?P<created>(?:(?:19|20)[\dxX×]{2}年)(?:被)?(?:成功)?创建(?:成为|成|为)?)"
    r"|(?P<list>荣誉(?:称号)?(?:有|主要有)?：|(?:获得|取得)的(?:主要)?(?:奖励|荣誉)(?:有|如下)?：)"
    r"|(?P<isa>是一所(?=全国|国家|省|市|县|区))"
    r"|(?P<rank>取得(?=第[一二三四五六七八九十\d]{1,3}名))"
)
_ENDS_LIST = re.compile(r"等(?:[^，。；]{0,8})(?:称号|荣誉|奖励|奖项|殊荣|光荣称号)|等$")
_HONOUR_END = re.compile(
    r"(?:单位|集体|个人|学校|小学|中学|学院|校|幼儿园|园|奖|奖状|奖章|奖牌|奖杯|标兵|模范|示范[\u4e00-\u9fff]{0,4}|基地|"
    r"窗口|党组织|组织|支部|工作者|干警|警察|教师|班主任|校长|园长|党员|家庭|号|县|区|村|镇|社区|企业|品牌|明星|能手|"
    r"状元|红旗|旗帜|杯|名|先进|楷模|达标|试点|实验校|特色校|示范校|之家|典型|功|岗|医院|机关|科室|站|所|中心|队|班组|"
    r"团队|部门|家长|学生|少年|标杆|榜样|尖兵|卫士|之星|十佳|新秀|名师|骨干|校园|乡村|家园|工程|书记|红旗手|护士|医生|"
    r"医师|卫生院|团委|馆|案例|企业家|小家|技师|工匠|(?<![人成])员|机构|人物|助理|(?<=[规范明星])社|干部|党委|党总支|辅警|民警|交警|带头人|"
    r"(?<=[所站院馆队庭社局科股村组厂处])长)$"
)
_NOT_TITLE = re.compile(
    r"^(?:各类|多项|多个|一批|若干|了?一定|很多|许多|好评|肯定|认可|表彰|奖励|称号|荣誉|因|由于)|[，；]|进行|开展|完成|保持|发展态势"
    r"|被(?:撤销|取消|摘牌|收回|暂缓)"
)
_ORG_SUBJECT_END = re.compile(
    r"(?:局|院|所|中心|校|小学|中学|大学|园|村|社区|站|队|科|处|室|部|厅|委|办|公司|厂|馆|企业|组)$"
)
# a body of the unit itself (学校团委, 村党支部, 急诊科, 我所户籍室, 家庭医生签约服务团队): its honour is the
# unit's (集体), the body noted; not one of another unit ("县卫生局办公室", "市直机关党委": a place in its name)
_UNIT_BODY = re.compile(
    r"^(?:我|本|该)?(?P<body>(?:校|学校|园|幼儿园|村|局|局机关|机关|院|医院|卫生院|社区|所|中心|站)?"
    r"(?:[^省市县区州镇乡，、]{0,12}?)"
    r"(?:党支部|党总支|党委|团委|团总支|团支部|工会|妇委会|关工委|少先队大队|少先队|大队部|科|室|团队|班组|服务队|突击队))$"
)
_SELF = re.compile(
    r"^(?:我|本|该|全)?(?:局机关|机关|局|校|学校|园|幼儿园|村|所|派出所|中心|单位|部|厅|委|办|镇|乡|街道|社区|县|区|市|院|医院|卫生院|站|队|公司)$"
    r"|^我们$|^(?:党支部|支部|党委|党组|领导班子|班子|局党组|局党委)$"
)
_OTHERS = re.compile(r"企业|这些|那些|他们|她们|学生|幼儿|家长|群众|村民|百姓|作品|节目|选手|运动员")
_NEGATED = re.compile(r"(?:未|没有|尚未|没|未能|争取|力争|争创|申报|推荐|将|要|有望|可望)$")
# a clause that wants, plans or applies for an honour: "力争明年被评为…", "目标是被评为…" (not "在目标
# 考核中被评为…", "在计划生育工作中被评为…")
_ASPIRED = re.compile(
    r"争取|力争|争创|申报|推荐|目标是|为目标|目标为|希望|期望|期盼|力求|确保|计划(?!生育)|拟|打算|准备|冲刺|瞄准|争当"
)
# a clause of its own after the list: "被评为省二级幼儿园，并于2022年晋升为省一级幼儿园"
_NEXT_CLAUSE = re.compile(r"^(?:并|并且|同时|随后|后又|还|又|再|于)(?!获)")
# an item that is no longer the list of honours: "被评为市文明单位，2020年申报省级文明单位"
_LIST_ENDED = re.compile(
    rf"^(?:(?:19|20)\d{{2}}年度?)?(?:还|并|又|已|已经|正在|积极|继续|努力)?(?:{_ASPIRED.pattern}|迎接|通过)"
    r"|^(?:(?:19|20)\d{2}年度?)?(?:正在|积极|继续|努力)创建"
)
# what the trigger's list turns out to be when it ends so: "获得自治区、市…督查组的肯定"
_NOT_AN_AWARD = re.compile(r"的?(?:肯定|好评|认可|赞扬|表扬|称赞|关注|支持|批示|重视|信任)$")
_PLACE_ONLY = re.compile(r"^(?:自治区|[省市县区州乡镇村]|全[省市县区])$")
_COUNTED = re.compile(r"[\d一二三四五六七八九十百]+(?:个|名|所|家|位|人|项|支|篇|件)")
_ROLE = (
    r"(?:村党支部书记|党支部书记|村党总支书记|党总支书记|支部书记|村委会主任|村主任|书记|副校长|校长|副园长|园长|"
    r"副局长|局长|所长|副所长|主任|副主任|教导员|民警|干警|警官|教师|老师|班主任|医生|护士|辅导员|队员|职工|干部|"
    r"会计|同学|学生|幼儿|组长|科长|股长|站长|队长|经理|厂长|院长|副院长|主席|网格员|护士长|社工|委员|会长|医师|"
    r"教练|指导员|调解员|馆长|董事长|总经理|行长|社长|理事长|庭长|镇长|乡长|法官|检察官|护理员|法官助理|助理|"
    r"消防员|消防救援人员|指战员|战士|辅警|协警|社员|村民|居民|馆员|职员|科员|技术员|驾驶员|讲解员|书记员|"
    r"副庭长|副站长|副馆长|副队长|副社长|副镇长|副乡长|研究员|工程师|处长|副处长|班长|车间主任|技师)"
)
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳"
    "翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳"
    "时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞"
    "敖巩明佘池查麻苑迟邝兀"
)
# words that open like a surname but are the unit or its people: 全校, 全村, 党员, 单位
_NOT_NAME = (
    r"(?!全[校园村局所镇乡体区县市院站队部委厅办司省国员场]|党[员委组支总]|单位|时间|明年|应届|和谐|安全|文明|平安"
    r"|同志|老师|卫生院)"
)
_COMPOUND_SURNAMES = (
    "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|令狐|夏侯|端木|南宫|独孤|轩辕|万俟|闻人|"
    "申屠|澹台|公冶|呼延|赫连|钟离|宗政|濮阳|淳于|拓跋|百里|东郭|西门|太史"
)
# what follows a name: 刘振华教授, 王丽老师
_HONORIFIC = r"同志|老师|教授|副教授|研究员|院士|博士|先生|女士|医生"
_NAME = rf"(?:(?:{_COMPOUND_SURNAMES})[{_CJK}]{{1,2}}|[{_SURNAMES}][{_CJK}]{{1,2}})"
_PERSON = re.compile(
    rf"^(?:{_ROLE})?{_NOT_NAME}(?P<name>{_NAME})(?:{_HONORIFIC})?$"
    rf"|^(?P<role_name>{_ROLE}){_NOT_NAME}(?P<name2>{_NAME})$"
)
# a person named after who they are: "学校教师张伟", "我校刘芳老师", "挂职县的干部任峰"
_PERSON_AFTER = re.compile(
    rf"^(?:[^，、]*?{_ROLE}|(?:我|本|该|全)?(?:校|学校|园|所|局|单位|村|院|站))"
    rf"{_NOT_NAME}(?P<name>{_NAME})(?:{_HONORIFIC})?$"
)
_TIME_WORDS = re.compile(
    r"(?:在|于|从|自)?(?:(?:19|20)[\dxX×*]{2}\s*年(?:度)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:至|到|—|-)?)+"
    r"|先后|曾经?|还|也|又|多次|连续\S{1,3}年|分别|均|都|并|已|相继|接连|一举|再次|首次|(?:今年|本年|去年|上年|前年)(?:\d{1,2}月(?:\d{1,2}[日号])?)?|近年来|近几年来?|近年|以来|"
    r"荣幸地?|光荣地?|同时|此外|另外|其中|此外|又一次|一次性|(?<!中)共(?![青产])|先后被"
)
_BODY_WHOLE = re.compile(
    r"(?:国务院|中共中央|中央[\u4e00-\u9fff]{0,8}?(?:委员会|委|部|办)|[\u4e00-\u9fff]{0,16}?(?:省|市|县|区|州)?"
    r"(?:人民政府|政府|委员会|党委|[文总]?委|厅|局|(?:宣传|组织|统战|武装|政治|教育|公安|民政|文化|财政|人事|司法|卫生|"
    r"科技|农业|商务|交通|水利|国土|环保|人社|住建|工信)部|办公室|办|中心|总工会|工会|妇联|团委|协会|学会|联合会|研究会|院))"
)
_SELF_BEFORE_TITLE = re.compile(
    r"^(?:我|本|该)(?:村|校|园|局|所|单位|镇|乡|街道|社区|院|站|队|中心|公司|厂)(?=“)"
)
# who gave it, without naming anyone: no awarding body to record
_VAGUE_BODY = re.compile(
    r"^(?:上级|上级部门|上级主管部门|主管部门|有关部门|相关部门|各级|各级部门|上级党委|上级领导)$"
)
# what a unit is, not what it was named: "是一所市直属公办完全中学", "是一所县属全日制寄宿制小学"
_KIND_OF_UNIT = re.compile(
    r"公办|民办|公立|私立|[市县区省]?(?:直属|属)|全日制|寄宿制|一贯制|完全中学|初级中学|高级中学|国有|民营|事业单位"
)
_CANDIDATE = re.compile(
    r"(?:创建|培育|候选|申报|预备|推荐)(?:单位|学校|对象|名单|村|社区|校)$"
    r"|(?:牵头|成员|责任|承办|协办|主办|联系|挂钩|帮扶)单位$"  # a task it is given, not a title
)
_DOCUMENT_NO = re.compile(
    r"[（(](?P<no>[^（）()]{1,20}(?:[〔\[【](?:19|20)\d{2}[〕\]】]|[（(](?:19|20)\d{2}[）)])\s*第?\d{1,5}号)(?:文件)?[）)]$"
)
# a title the sentence (or the table row) says was taken away: shown for review, not imported as valid
_REVOKED = re.compile(
    r"撤销|撤回|取消[^，。；]{0,12}(?:称号|资格|命名|荣誉)|(?:被|已|予以)取消(?=[，。；]|$)|摘牌"
    r"|收回[^，。；]{0,8}(?:称号|牌匾)"
)
REVOKED_DOUBT = "原文说该称号已被撤销，请核对后再勾选；勾选导入时状态记为“已撤销”"
REVOKED = "已撤销"
# a title held back at 复查 (暂缓确认, 复查未通过, 限期整改): not valid until the clerk says so
_HELD_BACK = re.compile(
    r"暂缓(?:确认|命名|保留)|复查(?:未通过|不合格|未达标|不达标)|未通过复查|限期整改|黄牌警告|暂停(?:使用)?[^，。；]{0,4}称号"
)
HELD_BACK_DOUBT = "原文说该称号复查时被暂缓确认或未通过，请核对后再勾选；勾选导入时状态记为“待复查”"
HELD_BACK = "待复查"
_QUOTED_ONLY = re.compile(r"^“([^“”]+)”$")


@dataclass
class ProposedHonour:
    title: str
    awarded_by: str | None = None
    year: int | None = None
    year_inferred: bool = False  # from 今年/去年 or a heading, not said in the sentence itself
    month: int | None = None  # only where the text gives it, as the day
    day: int | None = None
    level: str | None = None
    recipient: str | None = None  # None: the unit itself (集体)
    grade: str | None = None  # 第六名
    document_no: str | None = None  # 文号, from an honour table's column
    level_rule: str | None = None  # how the level was inferred; None when the report states it (or none)
    source: str = ""  # the sentence
    held_by: str | None = None  # the body of the unit that holds it (学校团委): still the unit's honour
    status: str = DEFAULT_HONOUR_STATUS  # 已撤销 where the text says it was taken away
    doubt: str = ""  # why the reader is unsure: shown in the review, the row left unticked
    accepted: bool = True
    duplicate_of: int | None = None  # id of the honour the unit already holds
    note: str = ""  # why it is not ticked: 已有, 本文件中重复
    year_stated: bool = field(default=False, repr=False)  # the title carried its own year
    relative: int | None = field(default=None, repr=False)  # 今年 0, 去年 -1: follows the document's year
    relative_word: str = field(default="", repr=False)  # 去年, as the sentence writes it
    relative_month_day: tuple[int | None, int | None] = field(default=(None, None), repr=False)
    held_date: PartialDate | None = None  # the held honour's date, where the text's adds a month or day to it
    refine: bool = False  # the clerk chose to give the held honour the text's month (and day)

    @property
    def awarded(self) -> PartialDate | None:
        """The date as read: to the year, month or day the text gives."""
        return PartialDate(self.year, self.month, self.day) if self.year is not None else None

    def set_awarded(self, value: PartialDate | None, *, inferred: bool = False) -> None:
        self.year, self.month, self.day = (
            (value.year, value.month, value.day) if value else (None, None, None)
        )
        self.year_inferred = inferred and value is not None

    def date_text(self) -> str:
        """2021年10月（推断）, or "" when no year is known."""
        awarded = self.awarded
        if awarded is None:
            return ""
        return awarded.chinese() + ("（推断）" if self.year_inferred else "")

    def follow_year(self, document_year: int | None) -> None:
        """Recompute a date read from 今年/去年 (去年10月) when the document's year is corrected."""
        if self.relative is not None:
            year = document_year + self.relative if document_year else None
            month, day = self.relative_month_day
            self.set_awarded(_relative_date(year, month, day), inferred=True)

    def date_note(self) -> str:
        """What the review says of a date read from 今年/去年/前年: what it was counted from, or that it
        stays open while the document's year is unknown."""
        if self.relative is None:
            return ""
        if not self.relative_word:  # dated by the report's year: the text gives none
            if self.year is None:
                return "原文未写获得时间，汇报的年度未识别，获得时间暂不推算"
            return f"原文未写获得时间，按汇报年度 {self.year} 年推断"
        if self.year is None:
            return f"原文写“{self.relative_word}”，汇报的年度未识别，获得时间暂不推算；填写年度后按年度推算"
        return f"原文写“{self.relative_word}”，按汇报年度 {self.year - self.relative} 年推算"

    def can_refine(self) -> bool:
        """The unit holds this honour with a date the text's only adds to (2021 against 2021年10月)."""
        return self.duplicate_of is not None and self.held_date is not None

    def notes_text(self) -> str:
        """The review's 说明: why it is not ticked (or why the reader doubts it), what a held one's date is,
        how its date was counted, which body of the unit holds it."""
        held = f"由{self.held_by}获得，记为单位集体荣誉" if self.held_by else ""
        return "；".join(part for part in (self.doubt, self.note, self.date_note(), held) if part)

    def mark_doubt(self, reason: str, status: str | None = None) -> None:
        """Leave the row unticked with the reason shown: the clerk decides, nothing is imported unseen."""
        self.doubt, self.accepted = reason, False
        if status:
            self.status = status

    def key(self) -> tuple[str, int | None, str | None]:
        return (name_key(self.title), self.year, self.recipient)


@dataclass
class _Context:
    document_year: int | None
    heading_year: int | None
    self_names: tuple[str, ...]
    report_year: int | None = None  # the one year the title reports on: dates an honour given no date
    writers: tuple[str, ...] = ()  # who signed it, when not the unit (a 妇联 reporting on a kindergarten)


@dataclass
class _Clause:
    """State carried along one sentence: the last trigger's verb, body and holder."""

    verb: str = ""
    body: str | None = None
    holder: str | None = None
    skip: str = ""  # why the clause's honours are someone else's: "people" (pupils, works), "unit" (another)
    held_by: str | None = None
    year: int | None = None
    year_set: bool = False
    inferred: bool = False
    extra: list[str] = field(default_factory=list)


def split_sentences(text: str) -> list[str]:
    # a ？ standing for a number the text leaves out (第？届, 19？？年) ends no sentence
    parts = re.split(r"(?<=[。！])|(?<=？)(?![？\d]*[届年期批次])", text)
    return [p.strip() for p in parts if p.strip()]


def honours_in_paragraph(
    text: str,
    *,
    document_year: int | None,
    heading_year: int | None,
    self_names: tuple[str, ...] = (),
    report_year: int | None = None,
    writers: tuple[str, ...] = (),
) -> list[ProposedHonour]:
    """The honours of one paragraph. report_year: the one year a yearly report's title names, the date
    of an honour its sentence, paragraph and heading leave undated (marked inferred, and not where the
    sentence looks back: 先后, 曾, 近年来); writers: the signers, where they are not the unit, whose own
    honours ("我会被…评为…") are not the unit's."""
    opening = _OPENING_YEAR.match(digits_in_dates(_plain(text)))
    if opening:  # "2020年，医院被…评为…。护理部主任陈丽华被…": the paragraph's year dates its later sentences
        heading_year = int(opening[1])
    context = _Context(document_year, heading_year, self_names, report_year, writers)
    found: list[ProposedHonour] = []
    for sentence in split_sentences(text):
        honours = (
            _in_sentence(digits_in_dates(_plain(sentence)), context, sentence)
            if _TRIGGER.search(sentence)
            else []
        )
        if not honours and _doubt_of(sentence, 0):
            honours = _titles_in_doubt(digits_in_dates(_plain(sentence)), sentence)
        found.extend(honours)
    return found


def _titles_in_doubt(sentence: str, source: str) -> list[ProposedHonour]:
    """The quoted titles of a sentence that tells of their state, not of their award ("我馆2021年被命名的
    “县级文明单位”…已被撤销", "“市级文明单位”称号（2016年命名）经复查被暂缓确认"): shown unticked with
    the reason, dated by the year in their clause or the （2016年命名） after them."""
    doubt = _doubt_of(sentence, 0)
    if doubt is None:
        return []
    out = []
    for quoted in re.finditer(r"“([^“”]{3,40})”", sentence):
        if not _valid(quoted[1]):
            continue
        honour = ProposedHonour(quoted[1], source=source)
        own = re.match(
            r"^(?:荣誉)?称号?[（(]((?:19|20)\d{2})\s*年[^（）()]{0,8}[）)]", sentence[quoted.end() :]
        )
        clause = re.split(r"[，；：。]", sentence[: quoted.start()])[-1]
        years = _YEAR.findall(clause)
        year = own[1] if own else years[-1] if years else None
        honour.set_awarded(_year_only(int(year)) if year and year.isdigit() else None)
        honour.level, honour.level_rule = _level(None, honour.title)
        honour.mark_doubt(*doubt)
        out.append(honour)
    return out


def _doubt_of(sentence: str, start: int) -> tuple[str, str] | None:
    """(reason, status) when the sentence, from start, says the title was taken away or held back at 复查."""
    if _REVOKED.search(sentence, start):
        return REVOKED_DOUBT, REVOKED
    if _HELD_BACK.search(sentence, start):
        return HELD_BACK_DOUBT, HELD_BACK
    return None


_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年(?:度)?(?:\d{1,2}月(?:\d{1,2}[日号])?)?[，,]")
_ASCII_MARKS = re.compile(r"(?<!\d)[,;](?!\d)|[,;](?=\D)")


def _plain(sentence: str) -> str:
    """The sentence with full-width digits in ASCII and ASCII commas and semicolons (not inside a number
    such as 1,200) full-width, as the patterns read them; one character for one, so positions hold."""
    digits = sentence.translate(_FULLWIDTH_DIGITS)
    return _ASCII_MARKS.sub(lambda mark: "，" if mark[0] == "," else "；", digits)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# prizes only the organising unit receives: a clause of pupils' or works' prizes does not make them theirs
_ORGANISERS_PRIZE = re.compile(r"组织奖|组织单位|先进单位|先进集体$")


def _in_sentence(sentence: str, context: _Context, source: str) -> list[ProposedHonour]:
    """The honours of one sentence (its dates in digits); source is the sentence as written."""
    triggers = list(_TRIGGER.finditer(sentence))
    out: list[ProposedHonour] = []
    state = _Clause()
    for index, match in enumerate(triggers):
        end = triggers[index + 1].start() if index + 1 < len(triggers) else len(sentence)
        end = _before_next_subject(sentence, match.end(), end)
        semicolon = sentence.find("；", match.end(), end)
        region = sentence[match.end() : semicolon if semicolon >= 0 else end]
        clause_start = max(sentence.rfind(mark, 0, match.start()) for mark in "，；：。")
        if triggers and index > 0 and sentence.rfind("；", triggers[index - 1].end(), match.start()) >= 0:
            state = _Clause()  # a new part of the sentence: nothing carries over
        subject = _strip_time(_LIST_NUMBER.sub("", sentence[clause_start + 1 : match.start()]))
        inherited = not subject.strip("“”，、 ")
        inherited_skip = state.skip
        if index == 0 and not subject.strip("“”，、 ") and clause_start > 0:
            subject = (
                _person_leading(sentence[:clause_start]) or _maker_of_work(sentence[:clause_start]) or subject
            )
        holder, skip, held_by = _holder(subject, context, state)
        giver = _active_giver(match, subject, region, context)
        if giver:  # 县委、县政府授予我局“…”称号: the subject gave it, the one after 授予 holds it
            region = giver[2]
            holder, skip, held_by = _holder(giver[1], context, _Clause())
            if not (holder or held_by or _names_unit(giver[1], context.self_names)):
                skip = "unit"  # 市教育局授予县一中…: another unit's
        dated_by = match.end() if match["created"] else match.start()  # "2019年创建成为…" holds its year
        awarded, inferred, relative = _date_before(sentence[:dated_by], context)
        if awarded is None and relative is None and _of_report_year(match, sentence, context):
            awarded, inferred, relative = PartialDate(context.report_year or 0), True, (0, "", (None, None))
        honours = _read_trigger(match, sentence, region, state)
        for honour in honours if giver else []:
            honour.awarded_by = honour.awarded_by or giver[0]
        state.holder, state.skip, state.held_by = holder, skip, held_by
        if _NEGATED.search(sentence[: match.start()]) or _ASPIRED.search(
            sentence[clause_start + 1 : match.start()]
        ):
            continue
        if _NOT_AN_AWARD.search(region.strip().rstrip("。！？")):
            continue
        if holder and "、" in holder and "分别" in sentence[clause_start + 1 : match.start()]:
            names = holder.split("、")  # 王丽、李明分别获得A、B: 王丽 A, 李明 B; 分别荣立三等功: each one
            if len(honours) > 1 and (len(names) != len(honours) or skip):
                continue  # who holds which cannot be told
            if len(honours) > 1:
                for honour, name in zip(honours, names, strict=True):
                    honour.recipient = name
        doubt = _doubt_of(sentence, match.end())
        for honour in honours:
            if skip and not (
                inherited and inherited_skip == "people" and _ORGANISERS_PRIZE.search(honour.title)
            ):
                continue
            honour.recipient = honour.recipient or holder
            honour.held_by = None if honour.recipient else held_by
            if doubt:
                honour.mark_doubt(*doubt)
            if not honour.year_stated:
                honour.set_awarded(awarded, inferred=inferred)
                if relative is not None:
                    honour.relative, honour.relative_word, honour.relative_month_day = relative
            honour.source = source
            honour.level, honour.level_rule = _level(honour.awarded_by, honour.title)
            out.extend(_each_holder(honour))
    return _unique(out)


def _names_unit(word: str, self_names: tuple[str, ...]) -> bool:
    """我站, 本局, 学校, the unit's name or the word its name ends in."""
    own = _OWN_SUBJECT.match(word)
    return bool(
        _SELF.match(word)
        or any(word in name for name in self_names if name)
        or (own and not own["body"] and _own_word(own["own"], self_names))
    )


_GIVEN_TO = re.compile(r"^(?P<who>[^“”，；、]{1,12}?)(?=“)")


def _active_giver(
    match: re.Match[str], subject: str, region: str, context: _Context
) -> tuple[str, str, str] | None:
    """(awarding body, who it was given to, the rest) for "[县委、县政府]授予[我局]“…”称号": a subject of
    awarding bodies only, other than the unit, giving a quoted title to someone."""
    if match["plain"] != "授予" or not subject or _SELF.match(subject):
        return None
    if any(subject in name for name in context.self_names if name):
        return None
    givers = re.split(r"[、和及与]", subject)
    to = _GIVEN_TO.match(region.strip())
    if not to or not all(part and _BODY_WHOLE.fullmatch(part) for part in givers):
        return None
    return subject, to["who"], region.strip()[to.end() :]


def _each_holder(honour: ProposedHonour) -> list[ProposedHonour]:
    """ "任峰、王永双双获得…": one honour for each person."""
    if not honour.recipient or "、" not in honour.recipient:
        return [honour]
    return [replace(honour, recipient=name) for name in honour.recipient.split("、")]


def _unique(honours: list[ProposedHonour]) -> list[ProposedHonour]:
    seen: set[tuple[str, int | None, str | None]] = set()
    out = []
    for honour in honours:
        if honour.key() not in seen:
            seen.add(honour.key())
            out.append(honour)
    return out


def _before_next_subject(sentence: str, start: int, end: int) -> int:
    """Where a trigger's list ends: before the subject of the next trigger ("…称号，少先队大队被评为…":
    少先队大队 is who the next honour went to, not an honour of this list)."""
    if end >= len(sentence):
        return end
    mark = max(sentence.rfind(m, start, end) for m in "，；")
    return mark if mark >= 0 and _strip_time(sentence[mark + 1 : end]).strip("“”、 ") else end


# the number of a list's item: "2、局长韩立新被…", "（3）馆长周文华被…"
_LIST_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）](?!\d))"
)
_HOLDER_TAIL = re.compile(
    r"(?:[两二三四五六七八九十\d]+(?:位|名)(?:老师|教师|同志|医生|民警|同学|职工|干部)?)$"
    r"|(?:在|于)[^，、]{2,30}?(?:中|上)$"
)


def _holder(subject: str, context: _Context, state: _Clause) -> tuple[str | None, str, str | None]:
    """(recipient, skip, body): a person's name; skip ("people", "unit") when the subject is someone else
    than the unit; the body of the unit (学校团委) whose honour is the unit's."""
    subject = _HOLDER_TAIL.sub("", subject.strip("“”，、 ")).strip("“”，、 ")
    subject = _HOLDER_NOTE_INSIDE.sub("", subject)  # 副局长（主持工作）吴振宇
    if not subject:
        return state.holder, state.skip, state.held_by
    if _parent_of_unit(subject, context.self_names):
        return None, "unit", None  # 县税务局 in its 分局's report, 学校 in a university college's
    if any(subject == name or subject in name for name in context.self_names if name):
        return None, "", None
    if _PUPIL.search(subject):
        return None, "people", None  # 五年级学生陈一鸣, 学生团队: the pupils', not the school's
    writer = _WRITER_SELF.match(subject)
    if writer and _writer_not_unit(writer["kind"], context):
        return None, "unit", None  # "我会被省妇联评为…" in a 妇联's report about a kindergarten
    own = _OWN_SUBJECT.match(subject)
    if own and _own_word(own["own"], context.self_names):
        held_by = own["own"] + own["body"] if own["body"] else None
        return None, "", held_by  # 我馆, 我庭; 乡党委 in a 乡人民政府's report
    if _FAMILY.search(subject):
        return (
            None,
            "people",
            None,
        )  # 社员杨秀芬家庭: a family's honour is neither the unit's nor the person's
    person = _PERSON.match(subject)
    if person:
        return person["name"] or person["name2"], "", None
    people = [
        _PERSON.match(part) or _PERSON_AFTER.match(part)
        for part in re.split(r"[、和与及]", re.sub(r"(?:双双|均|都|分别)$", "", subject))
    ]
    if all(people):
        return "、".join(p["name"] or p["name2"] for p in people if p), "", None
    *posts, last = re.split(r"[、，]", subject)
    named = _PERSON.match(last) or _PERSON_AFTER.match(last)
    if named and posts and all(re.search(rf"{_ROLE}$", post) for post in posts):  # 党支部书记、校长李红
        return named["name"] or named.groupdict().get("name2"), "", None
    if _SELF.match(subject):
        return None, "", None
    body = _UNIT_BODY.match(subject)
    if body and not _COUNTED.search(subject):
        return None, "", body["body"]
    if _inner_body(subject, context.self_names):
        return None, "", subject  # 分局纳税服务厅, 中心药剂科
    if _COUNTED.search(subject) or _OTHERS.search(subject):
        return None, "people", None
    tail = re.split(r"[、和与及]", subject)[-1]
    if _ORG_SUBJECT_END.search(tail) and not _SELF.match(tail):
        return None, "unit", None
    return None, "", None


# what follows a parent's name in the unit's name, when it names a unit below it (县税务局 → 城关税务分局), not
# the unit's legal form (桐江化工集团 → 有限公司)
_BELOW_PARENT = re.compile(rf"{_ORG_SUBJECT_END.pattern}|(?:所|庭|大队|中队|分局|分院|学院|系|分公司|支行)$")
_LEGAL_FORM = re.compile(r"^(?:股份|有限|责任|[（(]?集团[）)]?)*(?:有限公司|有限责任公司|公司)$")
# the university a college belongs to, as its report calls it: 学校, 大学
_UNIVERSITY_WORDS = re.compile(r"^(?:学校|大学|校)$")


# a note in brackets beside a holder's name: 副局长（主持工作）吴振宇, 杨德顺（村党总支书记）
_HOLDER_NOTE_INSIDE = re.compile(r"[（(][^（）()“”]{1,10}[）)]")


# a unit of its own the unit owns or oversees, not a body inside it: 公司控股的物流有限公司, 局属事业单位
_SUBSIDIARY = re.compile(r"的|下属|所属|直属|控股|参股|公司$|企业$|学校$|小学$|中学$|幼儿园$|医院$")


# what a department inside a unit is called: 纳税服务厅, 药剂科, 办公室, 刑侦中队, 化验班 (not 村, 校, 站: units)
_INNER_END = re.compile(r"(?:厅|科|室|股|处|部|队|班|组|车间|工段|窗口)$")


def _inner_body(subject: str, self_names: tuple[str, ...]) -> bool:
    """A body inside the unit named after the word the unit calls itself by: 分局纳税服务厅 in a 税务分局's
    report, 中心药剂科 in a centre's."""
    named = re.sub(r"^(?:我|本)", "", subject)
    for cut in range(1, 5):
        own, rest = named[:cut], named[cut:]
        if len(rest) >= 2 and _own_word(own, self_names) and _INNER_END.search(rest):
            return not (_COUNTED.search(rest) or _SUBSIDIARY.search(rest))
    return False


def _parent_of_unit(subject: str, self_names: tuple[str, ...]) -> bool:
    """The subject is a body above the unit: its name begins the unit's (县税务局 in 临溪县税务局城关税务分局,
    县公安局 in …县公安局河口派出所), or it is 学校 in the report of a university's 学院 or 系."""
    for name in self_names:
        if not name or name.endswith(subject):
            continue
        if _UNIVERSITY_WORDS.match(subject) and "大学" in name and not name.endswith("大学"):
            return True
        at = name.find(subject)
        if at < 0 or len(subject) < 2 or not _ORG_SUBJECT_END.search(subject):
            continue
        rest = name[at + len(subject) :]
        if _BELOW_PARENT.search(rest) and not _LEGAL_FORM.match(rest):
            return True
    return False


# the unit by the word its name ends in (我馆, 我庭, 本社), or a party or league body of it named so (乡党委 in
# a 乡人民政府's report, 合作社党支部): the unit's own honour
_OWN_SUBJECT = re.compile(
    r"^(?:我|本)?(?P<own>[\u4e00-\u9fff]{1,4}?)"
    r"(?P<body>(?:党总支|党支部|党委|团委|团支部|工会|妇委会)?)$"
)
_SEAT_OF_GOVERNMENT = re.compile(r"(?:人民政府|政府|办事处)$")  # 石门乡人民政府 speaks as 我乡
# a family, or a person's household: 社员杨秀芬家庭, 王强一家
_FAMILY = re.compile(r"(?:家庭|一家人?)$")
# pupils, students or a team of them (五年级学生陈一鸣, 学生团队): their honours are not the school's; not
# the school's offices for them (学生处, 学生会, 学生工作部)
_PUPIL = re.compile(r"(?:学生|同学|幼儿(?!园|教师)|学员|少先队员)(?!会|处|科|工作|资助)")


def _own_word(word: str, self_names: tuple[str, ...]) -> bool:
    """word is how the unit calls itself: the end of its name (文化馆 → 馆, 合作社), or of the place whose
    government it is (石门乡人民政府 → 乡)."""
    for name in self_names:
        if not name or len(name) <= len(word):
            continue
        seat = _SEAT_OF_GOVERNMENT.sub("", name)
        if name.endswith(word) or (seat != name and seat.endswith(word)):
            return True
    return False


# a sentence that opens on a person before its first clause ends: "董事长李振华当选市人大代表，2019年被评为…"
_PERSON_LEADS = re.compile(
    r"^(?P<who>[^，；“”]{2,20}?)(?:同志)?(?:当选|担任|兼任|现任|作为|是|长期|从事|带领)"
)


def _person_leading(before: str) -> str | None:
    """The person a sentence opens on, the subject of its later clauses that name none; None for anyone
    else (a unit stays the subject it already is)."""
    lead = _PERSON_LEADS.match(_LIST_NUMBER.sub("", before))
    if not lead:
        return None
    who = _strip_time(lead["who"])
    return who if _PERSON.match(who) or _PERSON_AFTER.match(who) else None


# an opening clause naming a work and who did it: "县局刑侦大队在我所配合下侦破的“3·15”案，被…记集体二等功"
_WORK_OF = re.compile(
    r"^(?P<who>[^，；“”在]{2,20}?)(?:在[^，；]{1,16}?(?:下|中))?[\u4e00-\u9fff]{1,4}的[^，；]{2,40}$"
)


def _maker_of_work(before: str) -> str | None:
    """Who did the work a sentence's opening clause names, when that clause is the subject of the honour
    after it: a unit, whose own the honour is (the report's unit or another); None for anything else."""
    work = _WORK_OF.match(_LIST_NUMBER.sub("", before))
    if not work:
        return None
    who = _strip_time(work["who"])
    return who if _ORG_SUBJECT_END.search(who) else None


_WRITER_SELF = re.compile(r"^(?:我|本)(?P<kind>[\u4e00-\u9fff])$")


def _writer_not_unit(kind: str, context: _Context) -> bool:
    """我会, 我委: the signer speaking of itself, where the signer is not the unit (its name says 会, the
    unit's does not)."""
    return any(kind in writer for writer in context.writers) and not any(
        kind in name for name in context.self_names
    )


def _strip_time(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _TIME_WORDS.sub("", text).strip()
    return text


_Relative = tuple[int, str, tuple[int | None, int | None]]  # offset, the word, the month and day it gives


def _date_before(before: str, context: _Context) -> tuple[PartialDate | None, bool, _Relative | None]:
    """(date, inferred, relative): the date the sentence gives before the honour, to the month or day
    written right after its year; placeholder years (20xx) give None. 今年/去年/前年 count from the
    document's year (none while it is unknown: never from today's), with the month and day after them."""
    years = [y for y in _YEAR.finditer(before) if not _TITLE_YEAR.search(before, 0, y.start())]
    relative = list(_RELATIVE_RE.finditer(before))
    if years and (not relative or years[-1].start() > relative[-1].start()):
        last = years[-1]
        if _SPAN_START.search(before[: last.start()]) or _SPAN_AFTER.match(before[last.end() :]):
            return None, False, None  # 截至2021年底 / 2018年以来 / 自2015年建校以来: a period, not the year
        return (_stated_date(last[1], before[last.end() :]) if last[1].isdigit() else None), False, None
    if relative:
        word = relative[-1][0]
        offset = _RELATIVE[word]
        stated = _stated_date("2000", before[relative[-1].end() :])  # a leap year: 2月29日 stays possible
        month_day = (stated.month, stated.day) if stated else (None, None)
        year = context.document_year + offset if context.document_year else None
        return _relative_date(year, *month_day), year is not None, (offset, word, month_day)
    if context.heading_year:
        return PartialDate(context.heading_year), True, None
    return None, False, None


# a sentence that looks back over the years: its undated honours are of no one year
_LOOKS_BACK = re.compile(
    r"先后|曾|近年|近几年|多年|历年|以来|多次|连续|此前|早在|以前|之前|过去|累计|历史上|建校|建园|成立|创办"
)


def _of_report_year(match: re.Match[str], sentence: str, context: _Context) -> bool:
    """An award verb's honour with no date, in a report on one year, not looking back."""
    return bool(
        context.report_year
        and (match["verb"] or match["plain"])
        and not _LOOKS_BACK.search(sentence[: match.end()])
    )


def _relative_date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    """去年10月 once the year is known; the year alone where the month and day make no date in it."""
    if year is None:
        return None
    try:
        return PartialDate(year, month, day)
    except PartialDateError:
        return _year_only(year)


def _stated_date(year: str, after: str) -> PartialDate | None:
    """The year, with the month and day that follow it when they make a real date and date the honour:
    "2021年10月，学校被评为…" or "2021年10月学校被评为…", not "2019年4月省政府批准…，被评为…" (the
    month is the approval's)."""
    month_day = _MONTH_DAY.match(after)
    rest = after[month_day.end() :].lstrip() if month_day else ""
    if month_day and not rest.startswith(("，", ",")) and re.search(r"[，,；;]", rest):
        month_day = None
    try:
        if month_day:
            return parse_partial_date(f"{year}年{month_day[0].strip()}", allow_future=True)
        return PartialDate(int(year))
    except PartialDateError:
        return _year_only(int(year))


def _year_only(year: int) -> PartialDate | None:
    try:
        return PartialDate(year)
    except PartialDateError:
        return None


def _read_trigger(match: re.Match[str], sentence: str, region: str, state: _Clause) -> list[ProposedHonour]:
    if match["isa"]:
        title = re.split(r"[，。；、]|是一所", region)[0]
        return [ProposedHonour(title)] if _valid(title) and not _KIND_OF_UNIT.search(title) else []
    if match["rank"]:
        return _rank(sentence, match, region)
    body: str | None = None
    verb = match["verb"] or match["plain"] or match["created"] or match["list"] or ""
    if match["verb"] is not None:
        body = _clean_body(match["body"])
        verb = match["verb"]
        if not body and state.verb == verb:
            body = state.body
        state.verb, state.body = verb, body
    prefix, organiser = (
        _event_prefix(sentence[: match.start()]) if match["plain"] and "获" in match["plain"] else ("", None)
    )
    honours = []
    numbered = _DOCUMENT_NO.search(region.rstrip("。！？，、； "))
    if numbered:  # 授予“…”荣誉称号（浙文明委〔2021〕5号）
        region = region[: numbered.start()]
    for item in _items(region):
        if _LIST_ENDED.search(item) or _NEXT_CLAUSE.match(item):
            break
        item_body = body
        if item_body is None and match["plain"]:
            item_body, item = _split_body(item)
        stated = re.match(rf"^{_YEAR.pattern}度?", item)
        if stated:
            item = item[stated.end() :].strip()
        title = _clean_title(item)
        if not _valid(title):
            if honours:
                break
            continue
        if prefix and title.endswith("奖") and len(title) <= 8:
            title = prefix + title
            item_body = item_body or organiser
        honour = ProposedHonour(title, item_body or None)
        if stated:  # "授予2012年度…": the year is the title's, even a placeholder one (20xx: unknown)
            honour.year = int(stated[1]) if stated[1].isdigit() else None
            honour.year_stated = True
        honour.document_no = numbered["no"] if numbered else None
        honours.append(honour)
    return honours


def _items(region: str) -> list[str]:
    """The list after a verb, up to where it ends ("等…称号", a new clause)."""
    region = region.strip().rstrip("。！？")
    cut = _ENDS_LIST.search(region)
    if cut:
        region = region[: cut.start()]
    region = re.sub(r"(?<=[奖”])和(?=[“\u4e00-\u9fff])", "、", region)
    pieces = [p.strip() for p in re.split(r"[、，,]|(?<=”)(?=“)", region) if p.strip()]
    return [part for piece in pieces for part in _parted(piece)]


def _parted(piece: str) -> list[str]:
    """市优秀教师和市教坛新秀: two titles joined by 和 when each side is one (not 全国和谐社区)."""
    parts = piece.split("和")
    if len(parts) > 1 and all(_valid(_clean_title(part)) for part in parts):
        return parts
    return [piece]


def _clean_body(body: str | None) -> str | None:
    if not body:
        return None
    body = _strip_time(body).strip("，、 ")
    body = re.sub(r"^由|(?:联合|共同|一同|分别)$", "", body)  # 由省教育厅 / 市教育局、市财政局联合
    return None if not body or _VAGUE_BODY.match(body) else body


def _split_body(item: str) -> tuple[str | None, str]:
    """荣获[省政府][普及高中阶段教育先进县]: an awarding body written before the title, where it is one."""
    match = re.match(
        r"^(?P<body>[\u4e00-\u9fff、]{2,30}?)(?:颁发|授予|公布|发布|评选|认定|命名|表彰)的(?P<title>.+)$",
        item,
    )
    if match:
        return _clean_body(match["body"]), match["title"]
    for end in range(len(item) - 4, 1, -1):  # the longest body that leaves a title
        body, title = item[:end], item[end:]
        if _BODY_WHOLE.fullmatch(body) and re.match(_BODY_LEVEL_OPENING, body):
            return body, title
    return None, item


_BODY_LEVEL_OPENING = r"^(?:省|市|县|区|全国|国家|教育部|国务院|中央|团|共青团|[\u4e00-\u9fff]{2,4}(?:省|市))"


def _clean_title(item: str) -> str:
    title = item.strip("：:，、。 ")
    title = _SELF_BEFORE_TITLE.sub("", title)  # 授予我村“美丽乡村示范村”称号
    title = re.sub(r"^第[?？xX×*＊]+届", "", title)  # 第?届省文明单位: a number the text leaves out
    title = re.sub(r"^(?:了|为|成为|成|授予|被评为|评为|获得|荣获)", "", title)
    title = re.sub(r"^[^“”]{0,12}的(?=“)", "", title)  # 全市唯一的“进步最快奖”, 获得的“…”
    title = re.sub(
        r"^第[\d一二三四五六七八九十百]{1,4}届(?=“[^“”]+”$)", "", title
    )  # 第九届“…名师奖”: its edition
    title = re.sub(r"(?<=”)[（(][^（）()]{2,30}[）)]$", "", title)  # “一级图书馆”（第七次评估定级）: a note
    title = re.sub(
        r"(?:的)?(?:光荣|荣誉)?称号$|以来$|一次$|殊荣$|的荣誉$|(?<=”)(?:奖牌|牌匾|匾额|证书|名单|名录)$",
        "",
        title,
    )
    title = title.strip("：:，、。 ")
    quoted = _QUOTED_ONLY.match(title)
    if quoted:
        title = quoted[1]
    return title.strip()


# a count of things or people is no title: 犯罪嫌疑人98名, 案件126起 (第六名, 前三名 are places)
_A_COUNT = re.compile(
    r"(?<![第前\d一二三四五六七八九十百])[\d一二三四五六七八九十百千万]+(?:名|个|人|起|件|户|项|次|余人)$"
)


def _valid(title: str) -> bool:
    if not 3 <= len(title) <= 40 or _NOT_TITLE.search(title) or _PLACE_ONLY.match(title):
        return False
    if _A_COUNT.search(title):
        return False
    if _CANDIDATE.search(title):  # 列为省级示范学校创建单位: on the way to a title, not holding it
        return False
    if title.count("“") != title.count("”") or "的" in re.sub(r"“[^”]*”", "", title):
        return False
    return bool(_HONOUR_END.search(title.replace("“", "").replace("”", "")))


def _event_prefix(before: str) -> tuple[str, str | None]:
    """参加[省直机关工委]组织的[建党八十周年知识竞赛]并获…奖: the event a prize was won in, for the prize's
    title, and who organised it, for its awarding body."""
    clause = re.split(r"[，；。]", before)[-1]
    match = re.search(
        r"参加了?(?:(?P<organiser>[\u4e00-\u9fff、]{2,16}?)(?:组织|举办|主办)的)?(?P<event>[^，；。]+?)(?:活动)?$",
        clause,
    )
    if match:
        return match["event"], match["organiser"]
    within = re.search(r"在(?P<event>[^，；。在]{2,30}?)中$", clause)  # 在全县综合考核中获得一等奖
    return (within["event"], None) if within else ("", None)


def _rank(sentence: str, match: re.Match[str], region: str) -> list[ProposedHonour]:
    grade_match = re.match(r"第[一二三四五六七八九十\d]{1,3}名", region)
    if not grade_match:
        return []
    clause = re.split(r"[，；。]", sentence[: match.start()])[-1]
    event = re.search(r"参加了?(?P<event>[^，；。]+?)(?:中|上|里)?$", clause)
    if not event:
        return []
    grade = grade_match[0]
    return [ProposedHonour(event["event"] + grade, grade=grade)]


# --- tables --------------------------------------------------------------------------------------

_TITLE_HEADER = re.compile(r"称号|荣誉|奖项|奖励名称|获奖名称|名称")
_BODY_HEADER = re.compile(r"授予|颁发|表彰|发证|机关|部门|授奖")
_TIME_HEADER = re.compile(r"时间|年度|年份|日期|年月")
_HOLDER_HEADER = re.compile(r"获得者|获奖人|姓名|获奖者|(?:获奖|获得|授予|表彰)对象|获奖(?:集体|单位|个人)")
_LEVEL_HEADER = re.compile(r"^(?:荣誉|奖项|获奖)?级别$")
_NUMBER_HEADER = re.compile(r"^(?:文号|文件号|发文字号|表彰文号)$")


_NOT_YET = re.compile(
    r"申报中|已申报|正在(?:申报|创建|推荐|评审|公示|培育)|待审|待批|待评|拟推荐|拟表彰|^拟|推荐中|评审中|公示中|未获"
    r"|创建中|培育中|争创"
)
# a holder cell naming the unit, not a person: 学校, 本单位, 集体, 宁波市城东小学
_UNIT_HOLDER = re.compile(
    r"^(?:本|我|该|全)?(?:校|学校|园|单位|集体|村|局|所|院|站|队|中心|支部|党支部|党委|团委|工会)$"
    r"|(?:学校|小学|中学|幼儿园|学院|局|院|所|中心|委员会|社区|村|站|馆|公司|支部|党委|团委|工会|班|组|队)$"
)


def honours_from_table(rows: list[tuple[str, ...]]) -> list[ProposedHonour]:
    """An honour table (序号 | 时间 | 荣誉称号 | 授予单位 …): one honour a row."""
    if len(rows) < 2:
        return []
    header = rows[0]
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        for key, pattern in (
            ("level", _LEVEL_HEADER),
            ("number", _NUMBER_HEADER),
            ("holder", _HOLDER_HEADER),
            ("body", _BODY_HEADER),
            ("time", _TIME_HEADER),
            ("title", _TITLE_HEADER),
        ):
            if key not in columns and pattern.search(cell):
                columns[key] = index
                break
    if "title" not in columns:
        return []
    out = []
    for row in rows[1:]:

        def cell(key: str, row: tuple[str, ...] = row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        title = _clean_title(cell("title"))
        if not title or title == header[columns["title"]]:
            continue
        if any(_NOT_YET.search(text) for text in row):
            continue  # 申报中, 拟推荐: a row of what is hoped for
        body = cell("body") or None
        recipient, held_by, not_ours = _table_holder(cell("holder"))
        honour = ProposedHonour(title, body, recipient=recipient, source="\t".join(row), held_by=held_by)
        doubt = _doubt_of("\t".join(text for text in row if text != cell("title")), 0)
        if doubt:  # 备注: 2022年复查未通过，已撤销 / 2020年复查暂缓确认
            honour.mark_doubt(*doubt)
        if not_ours:
            honour.mark_doubt(not_ours)
        honour.set_awarded(_table_date(cell("time")))
        honour.level, honour.level_rule = _table_level(cell("level"), body, title)
        honour.document_no = cell("number") or None
        out.append(honour)
    return out


# a body inside the unit holding a table row's honour: 合成氨车间, 质检中心化验班, 机关第一党支部
_INSIDE_BODY = re.compile(
    r"(?:车间|班组|[甲乙丙丁一二三四五六七八九十\u4e00-\u9fff]班|工段|科室|股室|党支部|党总支|总支|团委|团总支|团支部|分工会|"
    r"少先队大队|教研组|年级组)$"
)


def _table_holder(text: str) -> tuple[str | None, str | None, str]:
    """(recipient, held_by, why it is not the unit's) from a table's holder cell: a person (a post in
    brackets after the name is no part of it), a body of the unit, the unit itself; a family's or a pupil's
    honour is theirs, shown unticked with who holds it."""
    holder = _HOLDER_NOTE_INSIDE.sub("", text).strip()  # 杨德顺（村党总支书记）
    if not holder:
        return None, None, ""
    if _FAMILY.search(holder) or _PUPIL.search(holder):
        return None, None, f"获奖对象是“{holder}”，不是本单位或其职工，请核对后再勾选"
    if len(holder) >= 4 and (_INSIDE_BODY.search(holder) or _UNIT_BODY.match(holder)):
        return None, holder, ""
    person = _PERSON.match(holder) or _PERSON_AFTER.match(holder)
    if person:
        return person["name"] or person.groupdict().get("name2"), None, ""
    if _UNIT_HOLDER.search(holder):
        return None, None, ""
    return holder, None, ""


def _table_date(text: str) -> PartialDate | None:
    """The cell's date as the register import reads one (2021年10月, 2021.10, 2021年10月8日, 二〇二一年十月,
    a 学年's last year), else the year the cell starts with or names (2021年春), else None."""
    from core.importing.normalise import CellError, cell_date

    try:
        return cell_date(text, allow_future=True)
    except CellError:
        pass
    found = _YEAR.search(text) or re.match(r"^((?:19|20)\d{2})", text)
    return _year_only(int(found[1])) if found and found[1].isdigit() else None


def _table_level(written: str, body: str | None, title: str) -> tuple[str | None, str | None]:
    """The level the table's 级别 cell gives (未定级: none), else the one body and title imply; with
    the inference's rule (None for a level the table gives)."""
    from core.importing.normalise import CellError, cell_level

    try:
        level = cell_level(written)
    except CellError:
        level = None
    if level == UNLEVELLED:
        return None, None
    return (level, None) if level else _level(body, title)


def _level(body: str | None, title: str) -> tuple[str | None, str | None]:
    """The level body and title imply, and the rule that says so."""
    found = infer_level(body, title)
    return (found.value, found.rule) if found else (None, None)
