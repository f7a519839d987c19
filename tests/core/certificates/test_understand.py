"""Understanding recognised lines, without the engine: lines laid out as the recogniser returns them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from core.certificates.bodies import KnownNames, KnownUnit, split_bodies
from core.certificates.dates import find_dates
from core.certificates.understand import Reading, document_number, understand
from core.importing.infer import infer_level
from core.partial_date import PartialDate
from tests.core.certificates.samples import KNOWN, SCHOOL, line, page, right


def test_a_body_name_broken_by_a_seal_is_matched_to_a_known_body() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为“宁波市绿色学校”。", 420, 290),
            right("+波市教育局", 780),
            right("二〇二二年十二月", 860),
        ),
        KNOWN,
    )
    assert reading.awarded_by.value == "宁波市教育局"
    assert 0.7 < reading.confidences()["awarded_by"] < 0.9  # corrected: less sure than a clean read


def test_the_units_supervisor_wins_over_other_near_names() -> None:
    known = KnownNames(
        ["宁波市海曙区教育局", "宁波市鄞州区教育局"],
        [KnownUnit(5, "宁波市海曙区第一幼儿园", None, "宁波市海曙区教育局")],
    )
    reading = understand(
        page(
            line("宁波市海曙区第一幼儿园：", 330),
            line("被评为“区级示范幼儿园”。", 420, 290),
            right("宁波市X曙区教育局", 780),
            right("2023年6月", 860),
        ),
        known,
    )
    assert reading.awarded_by.value == "宁波市海曙区教育局"
    assert reading.level.value == "县区级"


def test_a_person_of_a_unit_on_one_line_without_spaces() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}王丽同志：", 330),
            line("在2022年度教育教学工作中表现突出，被评为", 420, 290),
            line("优秀班主任。", 500),
            right("宁波市教育局", 780),
            right("2023年1月", 860),
        ),
        KNOWN,
    )
    assert reading.recipient.value == "王丽"
    assert reading.unit_id == 1
    assert reading.title.value == "优秀班主任"


def test_an_unknown_holder_is_proposed_as_a_new_unit() -> None:
    reading = understand(
        page(
            line("宁波市白鹤小学：", 330),
            line("被评为“宁波市绿色学校”。", 420, 290),
            right("2022年12月", 860),
        ),
        KNOWN,
    )
    assert reading.unit.value == "宁波市白鹤小学" and reading.unit_id is None
    assert any("新建" in note for note in reading.notes)


def test_a_prize_in_a_contest_keeps_the_contest_in_the_title_and_the_grade_apart() -> None:
    reading = understand(
        page(
            line("王丽同学：", 330),
            line("在2022学年度宁波市中小学生书法比赛中荣获一等奖。", 420, 290),
            right("宁波市教育局", 780),
            right("二〇二一年五月", 860),
        ),
        KNOWN,
    )
    assert reading.title.value == "宁波市中小学生书法比赛一等奖"
    assert reading.grade.value == "一等奖"
    assert reading.recipient.value == "王丽"


def test_a_date_lost_under_a_seal_leaves_the_year_of_the_text_with_a_low_confidence() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("你单位在2022年度工作中成绩突出，被评为", 420, 290),
            line("“宁波市绿色学校”。", 500),
            right("宁波市教育局", 780),
            right("二〇专二年腻月", 860),
        ),
        KNOWN,
    )
    assert reading.date.value == PartialDate(2022)
    assert reading.confidences()["date"] <= 0.5
    assert reading.notes


def test_a_document_number_is_written_with_hexagonal_brackets() -> None:
    assert document_number("甬教证(2022】第0153号") == "甬教证〔2022〕第0153号"
    assert document_number("甬教证2022）第0153号") == "甬教证〔2022〕第0153号"  # a bracket lost
    assert document_number("NBJY2022-0153") == "NBJY2022-0153"  # no 号: left as printed
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为“宁波市绿色学校”。", 420, 290),
            line("（甬教发[2022]35号）", 960),
        ),
        KNOWN,
    )
    assert reading.document_no.value == "甬教发〔2022〕35号"


def test_dates_keep_the_precision_printed_and_refuse_impossible_ones() -> None:
    today = dt.date(2026, 1, 1)
    assert find_dates("二O二二年十二月", today)[0].date == PartialDate(2022, 12)  # O read for 〇
    assert find_dates("2021年9月10日", today)[0].date == PartialDate(2021, 9, 10)
    assert find_dates("2021.9.10", today)[0].date == PartialDate(2021, 9, 10)
    assert find_dates("二〇二二年十三月", today) == []
    assert find_dates("二〇三五年一月", today) == []  # after today


def test_levels_from_the_most_local_place_a_body_names() -> None:
    def level(body: str | None, title: str | None = None) -> str | None:
        found = infer_level(body, title)
        return found.value if found else None

    assert level("浙江省宁波市鄞州区教育局") == "县区级"
    assert level("宁波市慈溪市教育局") == "县区级"
    assert level("北京市教育委员会") == "省级"
    assert level("中央精神文明建设指导委员会") == "国家级"
    assert level("教育部") == "国家级"
    assert level("鄞州区钟公庙街道办事处") == "乡镇级"
    assert level(SCHOOL) == "单位内部"
    assert level("中共宁波市委、浙江省教育厅") == "省级"  # the highest of several
    assert level(None, "全国文明校园") == "国家级"


def test_two_bodies_printed_side_by_side_are_parted() -> None:
    assert split_bodies("中共宁波市委宁波市人民政府") == ["中共宁波市委", "宁波市人民政府"]
    assert split_bodies("浙江省精神文明建设委员会") == ["浙江省精神文明建设委员会"]


_TEXT = st.text(
    alphabet=st.sampled_from(list("宁波市教育局：“”。，被评为荣获称号授予二〇一九年十月日12 同志王丽0")),
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.floats(0, 1000), st.floats(10, 150)), max_size=12))
def test_any_lines_give_a_reading_and_never_an_error(rows: list[tuple[str, float, float]]) -> None:
    reading = understand(page(*(line(text or "。", y, height=h) for text, y, h in rows)), KNOWN)
    assert all(0 <= value <= 1 for value in reading.confidences().values())
    if reading.date is not None:
        assert reading.date.value.earliest() <= dt.date.today()


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("〇零一二三四五六七八九十年月日号度0123456789.-/O口 ")), max_size=24
    )
)
def test_any_text_gives_real_past_dates_or_none(text: str) -> None:
    today = dt.date(2026, 6, 1)
    for hit in find_dates(text, today):
        assert hit.date.earliest() <= today  # a real day (PartialDate checks it), never in the future
        assert 0 <= hit.start < hit.end <= len(text)


def test_a_place_printed_before_the_quotes_belongs_to_the_title() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为2022年度宁波市“绿色学校”。", 420, 290),
            right("宁波市教育局", 780),
            right("二〇二二年十二月", 860),
        ),
        KNOWN,
    )
    assert reading.title.value == "宁波市绿色学校"


def test_a_holder_granted_a_title_with_its_year_between() -> None:
    reading = understand(
        page(
            line(f"授予{SCHOOL}2021年度", 380, 260),
            line("“浙江省文明校园”荣誉称号。", 470, 260),
            right("浙江省精神文明建设委员会", 760),
            right("二〇二二年三月", 840),
        ),
        KNOWN,
    )
    assert (reading.unit.value, reading.title.value) == (SCHOOL, "浙江省文明校园")


def test_a_holder_opening_the_sentence_without_a_line_of_its_own() -> None:
    person = understand(
        page(
            line("王丽同志在2022年度教育教学工作中成绩突出，", 380, 260),
            line("被评为“宁波市优秀教师”。", 470, 260),
            right("宁波市人民政府", 760),
            right("2022年9月10日", 840),
        ),
        KNOWN,
    )
    assert (person.recipient.value, person.title.value) == ("王丽", "宁波市优秀教师")
    unit = understand(
        page(
            line(f"{SCHOOL}在2022年度平安校园创建中，", 380, 260),
            line("被评为“宁波市平安校园”。", 470, 260),
            right("宁波市教育局", 760),
            right("2022年12月", 840),
        ),
        KNOWN,
    )
    assert (unit.unit_id, unit.title.value) == (1, "宁波市平安校园")


def test_a_year_in_the_text_other_than_the_dates_is_pointed_out_not_dropped() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为2021年度区级文明单位。", 420, 290),
            right("东湖区文明委", 780),
            right("二〇二二年一月", 860),
        ),
        KNOWN,
        today=dt.date(2026, 11, 30),
    )
    assert reading.title.value == "区级文明单位" and reading.date.value == PartialDate(2022, 1)
    assert any("2021年" in note and "2022年1月" in note for note in reading.notes)


def test_a_year_in_the_text_that_is_the_dates_gives_no_note() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("被评为2022年度区级文明单位。", 420, 290),
            right("东湖区文明委", 780),
            right("二〇二二年十二月", 860),
        ),
        KNOWN,
        today=dt.date(2026, 11, 30),
    )
    assert reading.notes == [] or all("年度" not in note for note in reading.notes)


def test_two_bodies_side_by_side_keep_their_whole_names() -> None:
    assert split_bodies("宁波市精神文明建设委员会宁波市教育局") == [
        "宁波市精神文明建设委员会",
        "宁波市教育局",
    ]
    assert split_bodies("中共宁波市委宁波市人民政府") == ["中共宁波市委", "宁波市人民政府"]


def test_a_name_read_cleanly_is_not_corrected_into_another_place_or_number() -> None:
    # the records know the province's committee, the district's bureau and the first kindergarten
    known = KnownNames(
        ["浙江省精神文明建设委员会", "宁波市海曙区教育局"],
        [KnownUnit(2, "宁波市海曙区第一幼儿园", None, "宁波市海曙区教育局")],
    )

    def read(signature: str) -> Reading:
        lines = (line("宁波市海曙区第二幼儿园：", 330), line("你园被评为“宁波市文明校园”。", 420, 290))
        return understand(page(*lines, right(signature, 780), right("2020年12月", 860)), known)

    city = read("宁波市精神文明建设委员会")
    assert city.awarded_by.value == "宁波市精神文明建设委员会"  # was: 浙江省…, and so 省级
    assert city.level.value == "市级"
    assert city.unit_id is None and city.unit.value == "宁波市海曙区第二幼儿园"  # was: the first's honour
    assert read("宁波市鄞州区教育局").awarded_by.value == "宁波市鄞州区教育局"  # was: 海曙区
    assert read("宁波市X曙区教育局").awarded_by.value == "宁波市海曙区教育局"  # a garbled place still mended


def test_a_prize_for_a_named_work_keeps_its_contest() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 330),
            line("在宁波市第三届中小学生科普剧大赛中，节目", 420, 290),
            line("《小小水滴》荣获一等奖。", 500),
            right("宁波市科学技术协会", 780),
            right("2023年6月", 860),
        ),
        KNOWN,
    )
    assert reading.title.value == "宁波市第三届中小学生科普剧大赛一等奖"
    assert reading.grade.value == "一等奖"
