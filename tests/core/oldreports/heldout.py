"""Held-out old reports: written in the seeds' style but unlike them and unlike written.py's, labelled by hand
before the reader was run on them, and kept out of any tuning (a second figure beside the seeds').

Each report is (file name, items, labels). The file is written as .docx (items as written.py's, plus
("header", text) for the page header and ("textbox", [lines]) for a text box anchored in its own paragraph,
stored as Word stores one: a wps shape with a VML fallback that holds the same text) or as .txt (items are the
lines; a name ending .gbk.txt is written in GB18030, as Notepad on a Chinese Windows saves).

labels: "unit" and "year" as a reader names them; "facts" by field (every fact the report states of its own
unit in its opening or 基本情况); "honours" (title, awarded_by, year, recipient, level, and document_no where
the report gives one) that a clerk would import; an honour a yearly report ("2021年度工作总结") gives no date
and does not look back on (先后, 曾, 近年来) has the report's year, as heldout2.py labels it (these labels had
it undated until the two sets were found to disagree; the reader marks that year inferred); "review": honours
the report names whose state the clerk must decide (revoked, 复查) — to be shown unticked with a note,
neither imported as valid nor dropped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.core.oldreports.written import Paragraphs, write_docx


def _h(
    title: str,
    body: str | None,
    year: int | None,
    level: str | None,
    recipient: str | None = None,
    document_no: str | None = None,
) -> dict[str, Any]:
    return {
        "title": title,
        "awarded_by": body,
        "year": year,
        "recipient": recipient,
        "level": level,
        "document_no": document_no,
    }


VILLAGE = (
    "青山村2021年度工作总结.docx",
    [
        "青山村2021年度工作总结",
        "青山村位于临江镇西北部，下辖8个村民小组，全村共有农户536户，总人口1892人，党员63名。",
        ("heading 1", "一、基本情况"),
        "近年来，村党支部先后被镇党委评为“五好党支部”、“先进基层党组织”；村里先后获得“市级卫生村”“省级民主法治村”"
        "等荣誉。",
        "二〇二一年三月，我村被县委、县政府授予“县级文明村”称号（临委发〔2021〕12号）；同年，村党支部书记王建华被县委"
        "组织部评为优秀党组织书记，村妇联主席李秀英获评县“三八红旗手”。",
        ("heading 1", "二、主要做法"),
        "（一）抓党建促发展。坚持“三会一课”制度，每月开展主题党日活动。",
        "（二）抓环境整治。全村完成改厕326户，新建垃圾分类亭12座。",
        ("heading 1", "三、工作成效"),
        "2021年，我村荣获市级“美丽乡村精品村”称号，并被市农业农村局评为市级农家乐特色村。",
        ("heading 1", "四、存在问题"),
        "村集体经济收入来源单一，青壮年劳动力外流。",
        ("heading 1", "五、下一步打算"),
        "力争2022年创建省级美丽乡村示范村，争创全国文明村。",
        "青山村村民委员会",
        "二〇二一年十二月二十八日",
    ],
    {
        "unit": "青山村",
        "year": 2021,
        "facts": {"household_count": 536, "population": 1892, "party_member_count": 63},
        "honours": [
            _h("五好党支部", "镇党委", None, "乡镇级"),
            _h("先进基层党组织", "镇党委", None, "乡镇级"),
            _h("市级卫生村", None, None, "市级"),
            _h("省级民主法治村", None, None, "省级"),
            _h("县级文明村", "县委、县政府", 2021, "县区级", document_no="临委发〔2021〕12号"),
            _h("优秀党组织书记", "县委组织部", 2021, "县区级", "王建华"),
            _h("县“三八红旗手”", None, 2021, "县区级", "李秀英"),
            _h("市级“美丽乡村精品村”", None, 2021, "市级"),
            _h("市级农家乐特色村", "市农业农村局", 2021, "市级"),
        ],
        "review": [],
    },
)

HOSPITAL = (
    "平阳县人民医院创建汇报.docx",
    [
        "平阳县人民医院创建省级文明单位工作情况汇报",
        "平阳县人民医院始建于1952年，是一所集医疗、教学、科研、预防于一体的二级甲等综合医院。医院占地面积42亩，"
        "建筑面积56000平方米，现有职工846人，其中党员152名。",
        ("heading 1", "一、基本情况"),
        "近年来，医院先后荣获“全国改善医疗服务示范医院”、“浙江省平安医院”、“温州市文明单位”等称号。",
        ("heading 1", "二、主要做法"),
        "（一）坚持党建引领。落实党委领导下的院长负责制。",
        "（二）改善就医体验。推行“最多跑一次”改革，门诊预约率达85%。",
        ("heading 1", "三、创建成效"),
        "2020年，医院被省卫生健康委评为浙江省健康促进医院（浙卫发[2020]8号）。护理部主任陈丽华被省卫生健康委授予"
        "“浙江省优秀护士”称号，急诊科被市总工会评为市“工人先锋号”。",
        "附：医院近年主要荣誉一览表",
        [
            ["序号", "荣誉名称", "授予单位", "获得时间", "级别", "文号"],
            [
                "1",
                "全国改善医疗服务示范医院",
                "国家卫生健康委",
                "2019年",
                "国家级",
                "国卫办医函〔2019〕265号",
            ],
            ["2", "温州市文明单位", "温州市委、市政府", "2018.12", "市级", "温委发〔2018〕96号"],
            ["3", "浙江省平安医院", "浙江省平安办", "2021年3月", "省级", "浙平安办（2021）5号"],
            ["4", "平阳县卫生健康系统先进集体", "平阳县卫生健康局", "2021", "县级", "平卫（2021）3号"],
        ],
        ("heading 1", "四、下一步打算"),
        "以创建省级文明单位为目标，争创全国文明单位。",
        "平阳县人民医院",
        "2021年11月",
    ],
    {
        "unit": "平阳县人民医院",
        "year": 2021,
        "facts": {
            "founded": "1952",
            "land_area_m2": 28000.0,
            "building_area_m2": 56000.0,
            "staff_count": 846,
            "party_member_count": 152,
        },
        "honours": [
            _h("浙江省健康促进医院", "省卫生健康委", 2020, "省级", document_no="浙卫发[2020]8号"),
            _h("浙江省优秀护士", "省卫生健康委", 2020, "省级", "陈丽华"),
            _h("市“工人先锋号”", "市总工会", 2020, "市级"),
            _h(
                "全国改善医疗服务示范医院",
                "国家卫生健康委",
                2019,
                "国家级",
                document_no="国卫办医函〔2019〕265号",
            ),
            _h("温州市文明单位", "温州市委、市政府", 2018, "市级", document_no="温委发〔2018〕96号"),
            _h("浙江省平安医院", "浙江省平安办", 2021, "省级", document_no="浙平安办（2021）5号"),
            _h(
                "平阳县卫生健康系统先进集体",
                "平阳县卫生健康局",
                2021,
                "县区级",
                document_no="平卫（2021）3号",
            ),
        ],
        "review": [],
    },
)

BUREAU = (
    "瑞安市市场监管局2022年总结.gbk.txt",
    [
        "瑞安市市场监督管理局2022年度精神文明建设工作总结",
        "我局内设科室18个，下设基层所12个，现有干部职工286人，党员174名。2022年，在市委、市政府的正确领导下，"
        "我局深入推进文明单位创建工作，现将有关情况总结如下：",
        "一、强化思想引领",
        "坚持理论学习中心组学习制度，全年开展集中学习24次。",
        "二、创建成效",
        "我局曾获“全国市场监管系统先进集体”称号，先后获得“浙江省文明单位”、“温州市人民满意基层站所”等荣誉。",
        "2022年，局机关党委被市直机关工委评为“先进基层党组织”；局消费者权益保护科被市妇联授予“巾帼文明岗”称号；"
        "执法大队副大队长周志强被市委、市政府记个人三等功。",
        "需要说明的是，我局2016年被评为“温州市园林式单位”，2021年因复查不合格被撤销该称号。",
        "2022年，经省文明委复查，我局继续保留“浙江省文明单位”称号。",
        "三、存在问题",
        "一是创建工作发展不平衡，二是志愿服务常态化机制有待完善。",
        "四、下一步打算",
        "积极争创全国文明单位，力争2023年获评温州市文明示范单位。",
        "瑞安市市场监督管理局",
        "2022年12月26日",
    ],
    {
        "unit": "瑞安市市场监督管理局",
        "year": 2022,
        "facts": {"staff_count": 286, "party_member_count": 174},
        "honours": [
            _h("全国市场监管系统先进集体", None, None, "国家级"),
            _h("浙江省文明单位", None, None, "省级"),
            _h("温州市人民满意基层站所", None, None, "市级"),
            _h("先进基层党组织", "市直机关工委", 2022, "市级"),
            _h("巾帼文明岗", "市妇联", 2022, "市级"),
            _h("个人三等功", "市委、市政府", 2022, "市级", "周志强"),
        ],
        "review": [_h("温州市园林式单位", None, 2016, "市级")],
    },
)

KINDERGARTEN = (
    "阳光幼儿园2022年工作总结.docx",
    [
        ("header", "宁海县阳光幼儿园"),
        "宁海县阳光幼儿园2022年工作总结",
        "宁海县阳光幼儿园创办于2003年9月，占地面积6800平方米，建筑面积5200平方米。现有教学班12个，在园幼儿368名，"
        "教职工52人。",
        ("heading 1", "一、基本情况"),
        ("textbox", ["办园理念：快乐生活，自主成长", "2022年6月，我园被宁波市教育局评为宁波市一级幼儿园。"]),
        "我园近年所获荣誉如下：",
        [
            ["年度", "荣誉称号", "授予单位", "获得者"],
            ["二〇二〇年", "县级示范幼儿园", "宁海县教育局", "幼儿园"],
            ["二〇二一年", "宁波市优秀教师", "宁波市教育局", "张晓燕"],
            ["２０２２年", "县教坛新秀", "宁海县教育局", "林静"],
            ["2022年", "宁波市平安校园", "宁波市教育局", "本园"],
            ["申报中", "浙江省一级幼儿园", "浙江省教育厅", "本园"],
        ],
        ("heading 1", "二、主要做法"),
        "（一）深化课程改革。开展自主游戏研究，形成园本课程资源包。",
        "（二）加强家园共育。每学期召开家长会两次，开展家长开放日活动。",
        ("heading 1", "三、工作成效"),
        "2022年，我园教师王蕾在县幼儿教师技能大赛中获一等奖，大班组幼儿舞蹈《春晓》获县艺术节金奖。",
        ("heading 1", "四、下一步打算"),
        "争创浙江省一级幼儿园。",
        "宁海县阳光幼儿园",
        "2022年12月30日",
    ],
    {
        "unit": "宁海县阳光幼儿园",
        "year": 2022,
        "facts": {
            "founded": "2003-09",
            "land_area_m2": 6800.0,
            "building_area_m2": 5200.0,
            "class_count": 12,
            "student_count": 368,
            "staff_count": 52,
        },
        "honours": [
            _h("宁波市一级幼儿园", "宁波市教育局", 2022, "市级"),
            _h("县级示范幼儿园", "宁海县教育局", 2020, "县区级"),
            _h("宁波市优秀教师", "宁波市教育局", 2021, "市级", "张晓燕"),
            _h("县教坛新秀", "宁海县教育局", 2022, "县区级", "林静"),
            _h("宁波市平安校园", "宁波市教育局", 2022, "市级"),
            _h("县幼儿教师技能大赛一等奖", None, 2022, "县区级", "王蕾"),
        ],
        "review": [],
    },
)

COMMUNITY = (
    "幸福社区创建工作汇报.txt",
    [
        "城南街道幸福社区２０２２年度创建工作汇报",
        "幸福社区成立于２００８年５月，辖区面积1.2平方公里，现有居民３２５０户、８６００人，社区党委下设6个党支部，"
        "党员２１８名。",
        "一、基本情况",
        "社区以“邻里守望、幸福同行”为理念，建成党群服务中心1处。",
        "二、主要做法",
        "（一）党建引领。推行“网格+党建”模式，划分网格18个。",
        "（二）服务居民。开展志愿服务活动120余场。",
        "三、创建成效",
        "近年来，社区先后获得以下荣誉：２０１９年被省民政厅命名为“浙江省民主法治社区”；２０２０年被市委、市政府授予"
        "“杭州市文明社区”称号（杭委（2020）18号）；２０２１年被区妇联评为“巾帼文明岗”；２０２２年被评为“全国综合减灾"
        "示范社区”。",
        "社区党委书记赵红梅被评为“杭州市优秀社区工作者”，网格员孙立军获评区“最美网格员”。",
        "四、下一步打算",
        "下一步，社区将以创建全国文明社区为目标，力争２０２３年成功创建省级示范社区。",
        "幸福社区居民委员会",
        "２０２２年１２月",
    ],
    {
        "unit": "幸福社区",
        "year": 2022,
        "facts": {
            "founded": "2008-05",
            "household_count": 3250,
            "population": 8600,
            "party_member_count": 218,
        },
        "honours": [
            _h("浙江省民主法治社区", "省民政厅", 2019, "省级"),
            _h("杭州市文明社区", "市委、市政府", 2020, "市级", document_no="杭委（2020）18号"),
            _h("巾帼文明岗", "区妇联", 2021, "县区级"),
            _h("全国综合减灾示范社区", None, 2022, "国家级"),
            _h("杭州市优秀社区工作者", None, 2022, "市级", "赵红梅"),
            _h("区“最美网格员”", None, 2022, "县区级", "孙立军"),
        ],
        "review": [],
    },
)

SCHOOL = (
    "东阳二中2020年度工作总结.docx",
    [
        "东阳市第二中学2020年度工作总结",
        "东阳市第二中学创办于1956年，现有教学班36个，学生1680名，教职工152人。",
        ("heading 1", "一、学校概况"),
        "2020年，学校被教育部认定为全国青少年校园足球特色学校（教体艺厅函〔2020〕9号）；学校团委被团省委评为浙江省"
        "五四红旗团委，学校工会被市总工会授予“模范职工之家”称号，学校党总支被市委教育工委评为先进基层党组织。",
        ("heading 1", "二、教育教学"),
        "（一）师资建设。教师陈志远被评为浙江省特级教师，吴晓琳、郑浩两位老师分别获金华市教坛新秀和金华市优秀班主任"
        "称号。",
        "（二）学生发展。全校共有46名学生在全国中学生数学联赛中获奖。",
        ("heading 1", "三、存在问题"),
        "学校办学空间不足，部分教学设施老化。",
        ("heading 1", "四、下一步打算"),
        "争创浙江省一级特色示范高中。",
        "东阳市第二中学",
        "2021年1月8日",
    ],
    {
        "unit": "东阳市第二中学",
        "year": 2020,
        "facts": {"founded": "1956", "class_count": 36, "student_count": 1680, "staff_count": 152},
        "honours": [
            _h(
                "全国青少年校园足球特色学校",
                "教育部",
                2020,
                "国家级",
                document_no="教体艺厅函〔2020〕9号",
            ),
            _h("浙江省五四红旗团委", "团省委", 2020, "省级"),
            _h("模范职工之家", "市总工会", 2020, "市级"),
            _h("先进基层党组织", "市委教育工委", 2020, "市级"),
            _h("浙江省特级教师", None, 2020, "省级", "陈志远"),
            _h("金华市教坛新秀", None, 2020, "市级", "吴晓琳"),
            _h("金华市优秀班主任", None, 2020, "市级", "郑浩"),
        ],
        "review": [],
    },
)

POLICE = (
    "城关派出所近三年工作情况汇报.txt",
    [
        "城关派出所近三年工作情况汇报",
        "城关派出所成立于1984年，辖区面积12平方公里，全所现有民警42名。",
        "一、近三年荣誉",
        "（一）2019年度",
        "我所被市公安局评为“执法示范单位”；所长黄志明被省公安厅记个人二等功。",
        "（二）2020年度",
        "我所被市委、市政府记集体三等功，被市公安局授予“枫桥式派出所”称号；社区民警刘宏伟被评为全省优秀人民警察。",
        "（三）2021年度",
        "我所荣获“全国公安机关爱民模范集体”称号（公政治〔2021〕56号）。同年，我所户籍室被评为市“青年文明号”。",
        "二、主要做法",
        "坚持“枫桥经验”，推行“警网融合”，辖区刑事警情同比下降18%。",
        "三、下一步打算",
        "力争创建全国一级派出所。",
        "城关派出所",
        "2022年1月",
    ],
    {
        "unit": "城关派出所",
        "year": 2022,
        "facts": {"founded": "1984", "staff_count": 42},
        "honours": [
            _h("执法示范单位", "市公安局", 2019, "市级"),
            _h("个人二等功", "省公安厅", 2019, "省级", "黄志明"),
            _h("集体三等功", "市委、市政府", 2020, "市级"),
            _h("枫桥式派出所", "市公安局", 2020, "市级"),
            _h("全省优秀人民警察", None, 2020, "省级", "刘宏伟"),
            _h("全国公安机关爱民模范集体", None, 2021, "国家级", document_no="公政治〔2021〕56号"),
            _h("市“青年文明号”", None, 2021, "市级"),
        ],
        "review": [],
    },
)

PRIMARY = (
    "春晖小学近三年获奖情况.docx",
    [
        "海曙区春晖小学近三年获奖情况汇报",
        "春晖小学创建于1998年8月，占地面积22亩，现有24个教学班，学生1032名，教职工76人。",
        ("heading 1", "一、集体荣誉"),
        [
            ["序号", "获奖时间", "荣誉名称", "颁发单位", "文号", "备注"],
            ["1", "二〇二〇年十二月", "宁波市文明校园", "宁波市文明委", "甬文明委[2020]15号", ""],
            ["2", "2021.6", "浙江省艺术特色学校", "浙江省教育厅", "浙教办体艺〔2021〕22号", ""],
            ["3", "2019年", "海曙区平安校园", "海曙区教育局", "", "2022年复查未通过，已撤销"],
            ["4", "", "全国文明校园", "中央文明委", "", "争创中"],
        ],
        ("heading 1", "二、教师荣誉"),
        [
            ["序号", "姓名", "荣誉称号", "授予单位", "时间"],
            ["1", "俞佳", "浙江省优秀教师", "浙江省教育厅", "2021年9月"],
            ["2", "邵明辉", "宁波市骨干教师", "宁波市教育局", "2020年"],
        ],
        ("heading 1", "三、学生获奖"),
        "学生在各级各类比赛中获奖120余人次。",
        "宁波市海曙区春晖小学",
        "2022年3月15日",
    ],
    {
        "unit": "宁波市海曙区春晖小学",
        "year": 2022,
        "facts": {
            "founded": "1998-08",
            "land_area_m2": 14666.7,
            "class_count": 24,
            "student_count": 1032,
            "staff_count": 76,
        },
        "honours": [
            _h("宁波市文明校园", "宁波市文明委", 2020, "市级", document_no="甬文明委[2020]15号"),
            _h("浙江省艺术特色学校", "浙江省教育厅", 2021, "省级", document_no="浙教办体艺〔2021〕22号"),
            _h("浙江省优秀教师", "浙江省教育厅", 2021, "省级", "俞佳"),
            _h("宁波市骨干教师", "宁波市教育局", 2020, "市级", "邵明辉"),
        ],
        "review": [_h("海曙区平安校园", "海曙区教育局", 2019, "县区级")],
    },
)

HEALTH_CENTRE = (
    "青林镇中心卫生院上半年工作汇报.txt",
    [
        "青林镇中心卫生院2023年上半年工作汇报",
        "青林镇中心卫生院始建于1958年，现有职工96人，其中卫技人员78人，开放床位80张，服务人口4.2万人。",
        "一、基本情况",
        "卫生院曾获“全国百佳乡镇卫生院”称号，是一所省级示范乡镇卫生院。",
        "二、上半年工作",
        "2023年3月，卫生院被县卫生健康局评为2022年度“先进集体”；家庭医生签约服务团队被评为市“优秀家庭医生团队”；"
        "院长何建军被县委、县政府评为“优秀共产党员”。",
        "三、下半年打算",
        "下半年，卫生院将积极申报省级示范化预防接种门诊，争创“群众满意的乡镇卫生院”。",
        "青林镇中心卫生院",
        "2023年7月5日",
    ],
    {
        "unit": "青林镇中心卫生院",
        "year": 2023,
        "facts": {"founded": "1958", "staff_count": 96},
        "honours": [
            _h("全国百佳乡镇卫生院", None, None, "国家级"),
            _h("省级示范乡镇卫生院", None, None, "省级"),
            _h("先进集体", "县卫生健康局", 2022, "县区级"),
            _h("市“优秀家庭医生团队”", None, 2023, "市级"),
            _h("优秀共产党员", "县委、县政府", 2023, "县区级", "何建军"),
        ],
        "review": [],
    },
)

EDUCATION_BUREAU = (
    "江北区教育局2021年度工作总结.docx",
    [
        "江北区教育局2021年度工作总结",
        "2021年，区教育局在区委、区政府的坚强领导下，围绕办好人民满意的教育，扎实推进各项工作。",
        ("heading 1", "一、教育事业发展成效"),
        "二〇二一年，我局被教育部认定为全国义务教育发展基本均衡区，被省教育厅评为浙江省教育工作先进集体、浙江省教育"
        "信息化示范区；局机关被区委、区政府评为“人民满意机关”。",
        "全区23所学校被评为市级以上文明校园，127名教师获市级以上表彰，区实验小学被评为全国文明校园。",
        "局长吴国平同志被省委、省政府授予“浙江省劳动模范”称号。",
        ("heading 1", "二、存在问题"),
        "优质学位供给不足，教师队伍结构性缺编。",
        ("heading 1", "三、2022年工作打算"),
        "力争创成全国学前教育普及普惠区，争创省教育现代化区。",
        "宁波市江北区教育局",
        "2022年1月10日",
    ],
    {
        "unit": "宁波市江北区教育局",
        "year": 2021,
        "facts": {},
        "honours": [
            _h("全国义务教育发展基本均衡区", "教育部", 2021, "国家级"),
            _h("浙江省教育工作先进集体", "省教育厅", 2021, "省级"),
            _h("浙江省教育信息化示范区", "省教育厅", 2021, "省级"),
            _h("人民满意机关", "区委、区政府", 2021, "县区级"),
            _h("浙江省劳动模范", "省委、省政府", 2021, "省级", "吴国平"),
        ],
        "review": [],
    },
)

HELD_OUT = (
    VILLAGE,
    HOSPITAL,
    BUREAU,
    KINDERGARTEN,
    COMMUNITY,
    SCHOOL,
    POLICE,
    PRIMARY,
    HEALTH_CENTRE,
    EDUCATION_BUREAU,
)


def write_report(folder: Path, name: str, items: Paragraphs) -> Path:
    path = folder / name
    if name.endswith(".txt"):
        encoding = "gb18030" if name.endswith(".gbk.txt") else "utf-8"
        path.write_bytes("\r\n".join(items).encode(encoding))
        return path
    return write_docx(path, items)


_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def text_box(lines: list[str]) -> str:
    """A run holding a text box as Word 2010+ writes it: the shape, and a VML fallback with the same text."""
    content = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    box = f"<w:txbxContent>{content}</w:txbxContent>"
    return (
        f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3600000" cy="900000"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3600000" cy="900000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
        f"<wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:283pt;height:71pt">'
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
