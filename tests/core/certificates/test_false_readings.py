"""What a certificate does not say is not read into it: a title with its holder glued on where the
recogniser lost an opening quote, two people (or a pupil named through a teacher) made into a new unit,
a person's certificate filed as the unit's; and dates in Chinese numerals read to the precision printed
even when spaced out or written 元月, 廿八日."""

from __future__ import annotations

import datetime as dt

from core.certificates.dates import find_dates
from core.certificates.understand import Reading, understand
from core.partial_date import PartialDate
from tests.core.certificates.samples import KNOWN, SCHOOL, line, page, right

TODAY = dt.date(2026, 1, 1)


def _read(*body: str, signature: str = "宁波市教育局", date: str = "二〇二三年七月") -> Reading:
    """A certificate whose body lines are given (the holder's first), signed and dated at the right."""
    lines = [line(text, 330 + 90 * index, 200 if index == 0 else 290) for index, text in enumerate(body)]
    return understand(page(*lines, right(signature, 780), right(date, 860)), KNOWN, TODAY)


def test_a_lost_opening_quote_leaves_holder_and_title_apart() -> None:
    unit = _read(f"授予{SCHOOL}", "浙江省文明校园”荣誉称号。", signature="浙江省精神文明建设委员会")
    assert (unit.title.value, unit.unit_id, unit.recipient) == ("浙江省文明校园", 1, None)
    person = _read("授予王丽同志", "宁波市优秀教师”荣誉称号。", signature="宁波市人民政府")
    assert (person.title.value, person.recipient.value, person.unit) == ("宁波市优秀教师", "王丽", None)


def test_two_people_on_the_holder_line_are_people_not_a_new_unit() -> None:
    for holder in ("王丽 李明 同志：", "王丽、李明同志："):
        reading = _read(holder, "被评为“宁波市优秀教师”。")
        assert reading.unit is None, holder
        assert reading.recipient.value == "王丽、李明"
        assert any("多位获得者" in note for note in reading.notes)


def test_a_pupil_named_through_the_teacher_is_no_new_unit() -> None:
    reading = _read(
        "王丽老师指导的学生张小明：",
        "在全国青少年书法大赛中荣获一等奖。",
        signature="全国青少年书法大赛组委会",
    )
    assert reading.unit is None and reading.recipient.value == "张小明"
    assert not any("新建" in note for note in reading.notes)


def test_a_unit_and_its_person_with_spaces_stay_as_they_were() -> None:
    reading = _read(f"{SCHOOL} 王丽 同志：", "荣获“宁波市优秀教师”称号。", date="2021年9月10日")
    assert (reading.unit_id, reading.recipient.value) == (1, "王丽")


def test_chinese_numeral_dates_spaced_out_or_with_old_words() -> None:
    assert find_dates("二〇二三 年 十二 月", TODAY)[0].date == PartialDate(2023, 12)
    assert find_dates("二〇二三年 十二月三十日", TODAY)[0].date == PartialDate(2023, 12, 30)
    assert find_dates("二〇二三年元月", TODAY)[0].date == PartialDate(2023, 1)
    assert find_dates("二〇二三年十二月廿八日", TODAY)[0].date == PartialDate(2023, 12, 28)
    assert find_dates("二〇二三年二月卅日", TODAY) == []  # no such day: no date rather than a wrong one


def test_a_spaced_date_line_is_the_date_not_a_year_from_the_text() -> None:
    reading = _read(
        f"{SCHOOL}：",
        "你单位在二〇二二年度工作中成绩突出，被评为",
        "“宁波市绿色学校”。",
        date="二〇二三年 元月",
    )
    assert reading.date.value == PartialDate(2023, 1)
    assert not any("取自正文" in note for note in reading.notes)


def test_a_person_of_the_unit_without_an_honorific_is_not_the_units_honour() -> None:
    for holder in (f"{SCHOOL} 王丽：", f"{SCHOOL}王丽：", "荷花庄小学教师王丽同志："):
        reading = _read(holder, "被评为“宁波市优秀教师”。")
        assert (reading.unit_id, reading.recipient and reading.recipient.value) == (1, "王丽"), holder


def test_a_person_named_in_a_units_certificate_holds_it() -> None:
    reading = _read(f"{SCHOOL}：", "你校教师王丽在2023年度工作中被评为“优秀教师”。")
    assert (reading.unit_id, reading.recipient.value, reading.title.value) == (1, "王丽", "优秀教师")
    unit = _read(f"{SCHOOL}：", "你校被评为“宁波市绿色学校”。")
    assert (unit.unit_id, unit.recipient) == (1, None)


def test_the_units_party_branch_is_no_person() -> None:
    reading = _read(f"{SCHOOL}党支部：", "被评为“先进基层党组织”。")
    assert reading.recipient is None and reading.unit.value == f"{SCHOOL}党支部"


def _proposes_nothing(reading: Reading) -> bool:
    fields = (reading.title, reading.awarded_by, reading.date, reading.unit, reading.recipient, reading.level)
    return all(found is None for found in fields) and reading.certificate_no is None


def test_an_appointment_or_a_notice_proposes_no_honour() -> None:
    appointment = _read(
        f"兹聘请王丽同志为{SCHOOL}",
        "心理健康教育兼职教师，聘期三年。",
        "特发此聘书。",
        signature=SCHOOL,
        date="二〇二三年九月一日",
    )
    assert _proposes_nothing(appointment)  # was: the school's own honour, 单位内部, dated 2023-09-01
    assert any("不是荣誉证书" in note for note in appointment.notes)
    headed = understand(
        page(
            line("聘书", 120, 700, 96),
            line("王丽同志：", 330),
            line("经研究，决定聘任您为本校兼职教研员。", 420, 290),
            right(SCHOOL, 780),
            right("2023年9月1日", 860),
        ),
        KNOWN,
        TODAY,
    )
    assert _proposes_nothing(headed) and any("是聘书" in note for note in headed.notes)
    notice = _read(f"{SCHOOL}：", "请于本月20日前报送“宁波市绿色学校”申报材料。", "特此通知。")
    assert _proposes_nothing(notice)


def test_a_certificate_that_merely_thanks_is_still_read() -> None:
    reading = _read(f"{SCHOOL}：", "被评为“宁波市绿色学校”。", "特发此证，以资鼓励。")
    assert reading.title.value == "宁波市绿色学校" and not reading.notes


def test_a_bilingual_certificates_english_lines_give_no_body_or_number() -> None:
    reading = understand(
        page(
            line(f"{SCHOOL}：", 250),
            line("NingboHehuazhuangPrimarySchool:", 300, height=28),
            line("在2023年宁波市中小学生机器人竞赛中荣获一等奖。", 380, 290),
            line("won theFirstPrizeinthe2023NingboRoboticsContest.", 440, height=26),
            right("宁波市科学技术协会", 770),
            right("NingboAssociationfor Science and Technology", 820, height=30),
            right("2023年11月", 870),
            right("November2023", 920, height=26),
            line("No.ZJ20230153", 1000, height=28),
        ),
        KNOWN,
        TODAY,
    )
    assert (
        reading.awarded_by.value == "宁波市科学技术协会"
    )  # was: …、NingboAssociationforScienceandTechnology
    assert reading.certificate_no.value == "ZJ20230153"  # was: "vember2023" had the English date come first
    assert reading.title.value == "宁波市中小学生机器人竞赛一等奖"
    assert reading.date.value == PartialDate(2023, 11)


def test_a_document_number_cited_in_the_sentence_keeps_no_citing_word() -> None:
    for cited in ("依据", "按照", "经"):
        reading = _read(f"{SCHOOL}：", f"{cited}甬教发〔2022〕12号文件，你校被评为", "“宁波市绿色学校”。")
        assert reading.document_no.value == "甬教发〔2022〕12号", cited


def test_a_blank_left_for_the_name_is_no_holder() -> None:
    for blank in ("同志：", "老师：", "同学："):
        reading = _read(blank, "被评为“宁波市优秀教师”。")
        assert (reading.holder, reading.recipient, reading.unit) == (None, None, None), blank
        assert reading.title.value == "宁波市优秀教师"
        assert any("没有写获得者" in note for note in reading.notes)


def test_a_documents_printing_date_at_its_foot_is_not_its_date() -> None:
    lines = [
        line(f"{SCHOOL}：", 330),
        line("经研究，决定授予你校“宁波市文明校园”称号。", 420, 290),
        right("宁波市文明办", 700),
        right("2022年11月20日", 780),
        line("宁波市文明办秘书处 2022年11月25日印发", 980),
    ]
    reading = understand(page(*lines), KNOWN, TODAY)
    assert reading.date.value == PartialDate(2022, 11, 20)
    assert reading.awarded_by.value == "宁波市文明办"
    alone = _read(f"{SCHOOL}：", "被评为“宁波市绿色学校”。", date="2022年11月25日印发")
    assert alone.date.value == PartialDate(2022, 11, 25)  # the only date printed: better than none


def test_those_a_document_is_sent_to_are_not_its_holder() -> None:
    for salutation in ("各县（市、区）文明办，市直各单位：", "各有关学校："):
        reading = _read(
            salutation,
            "经研究，决定授予宁波市海曙区第一幼儿园“宁波市文明校园”称号。",
            signature="宁波市文明办",
        )
        assert reading.unit.value == "宁波市海曙区第一幼儿园", salutation  # the one the text names
        assert reading.title.value == "宁波市文明校园"


def test_a_unit_followed_by_several_of_its_people_is_parted_from_them() -> None:
    for holder, unit, people in (
        (f"{SCHOOL}张伟、刘洋同志：", SCHOOL, "张伟、刘洋"),
        (f"{SCHOOL} 张伟、刘洋、赵敏老师：", SCHOOL, "张伟、刘洋、赵敏"),
        ("宁波市白鹤小学张伟、刘洋：", "宁波市白鹤小学", "张伟、刘洋"),
    ):
        reading = _read(holder, "在宁波市青年教师基本功大赛中荣获一等奖。")
        assert (reading.unit.value, reading.recipient.value) == (unit, people), holder
        assert any("多位获得者" in note for note in reading.notes)


def test_an_award_notice_is_read_as_the_award_it_confers() -> None:
    """特此通知 ends 表彰通知 and 命名通知 too: such a notice was dropped as "不是荣誉证书"."""
    reading = _read(f"{SCHOOL}：", "你校被评为“宁波市绿色学校”。", "特此通知。")
    assert reading.honour is not False and reading.title.value == "宁波市绿色学校"
    assert not any("不是荣誉证书" in note for note in reading.notes)


def test_a_certificate_number_after_certificate_in_english_is_kept() -> None:
    """OCR joins "Certificate No. NB2023-0417" into one word; that line was dropped as the translation."""
    reading = _read(f"{SCHOOL}：", "被评为“宁波市绿色学校”。", "CertificateNo.NB2023-0417")
    assert reading.certificate_no is not None and reading.certificate_no.value == "NB2023-0417"
