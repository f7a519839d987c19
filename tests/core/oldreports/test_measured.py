"""The issue's figures: honours and sections read from the seed reports and from reports written in their
style, against hand labels (labels/*.json, written.py) — precision and recall of honours (title, body,
year, holder) and sections filed under the right topic, each at least 0.9."""

from __future__ import annotations

import json
from pathlib import Path

from core.oldreports.proposal import read_report
from tests.core.oldreports.heldout import HELD_OUT, write_report
from tests.core.oldreports.heldout2 import HELD_OUT_2
from tests.core.oldreports.heldout3 import HELD_OUT_3
from tests.core.oldreports.heldout4 import HELD_OUT_4
from tests.core.oldreports.measure import (
    LABELS,
    HeldOutScore,
    Score,
    score,
    score_held_out,
    score_seed,
    seed_docx,
    seed_names,
)
from tests.core.oldreports.written import WRITTEN, write_docx

THRESHOLD = 0.9
# what the seed reports reach alone, as text and as Word files: every honour and fact proposed is one the
# labels hold (a false one is worse than a miss), and none is missed (县级优秀组织奖, granted in a clause after
# one about the pupils' programmes, was until the organiser's prize was told from theirs)
SEED_HONOUR_PRECISION, SEED_HONOUR_RECALL = 1.0, 1.0
# the held-out reports (heldout.py: labelled before the reader ran on them) were at precision 0.811, recall
# 0.694 (43 of 62, 53 proposed), facts recall 0.848, no revoked title shown for review; the reader was then
# fixed where they showed it wrong, so these figures are no longer held out: new reports measure it afresh
HELD_OUT_PRECISION, HELD_OUT_RECALL = 1.0, 1.0
SEED_FACT_PRECISION, SEED_FACT_RECALL = 1.0, 1.0
# the second set (heldout2.py): labelled by hand before the reader first ran on it, and measured once as it
# was: honours 42 right of 51 proposed and 52 labelled (precision 0.824, recall 0.808); facts 28 of 32, none
# wrong; no revoked or 复查 title shown. The reader was then fixed where these reports showed it wrong (an
# undated honour of a yearly report, 荣立, 馆/案例/企业家 titles, a person after a list number or at the
# sentence's head, what a school is, a signer's own honour, titles revoked or held back without an award
# verb, 建于/组建/员工/民辅警), so it is NO LONGER HELD OUT: these are its figures after the fixes, and
# heldout3.py measures the reader afresh. Floors: a change may raise them, never lower them.
HELD_OUT_2_HONOURS_RIGHT, HELD_OUT_2_HONOURS_WRONG = 52, 0
HELD_OUT_2_FACTS_RIGHT, HELD_OUT_2_FACTS_WRONG = 32, 0
HELD_OUT_2_REVIEW_SHOWN = 2
# the third set (heldout3.py): labelled by hand and committed before the reader first ran on it, then
# measured once with the reader as it was (after heldout2's fixes): honours 22 right of 27 proposed and 35
# labelled (precision 0.815, recall 0.629); facts 24 of 28, none wrong; unit and year right in 4 of 8 (the 合作社,
# 法庭 and 乡人民政府 named by their parent or place, the 党总支's report by the 党总支); 4 of the 5 titles to
# decide shown. The reader was then fixed where these reports showed it wrong (the unit a report is about:
# 合作社/法庭/人民政府 and a party branch's formal name; 复姓 and ranks as holders; 荣记, 入选…名单, titles ending
# 机构/人物/助理/社/干部/a post; 我馆 and 乡党委 as the unit; a member's family; 被取消; 工作人员, 在编人员,
# 消防救援人员, 登记成立; 江城市 as a city), so it is NO LONGER HELD OUT: these are its figures after the fixes
# (every honour, fact, level, 文号, unit and year right, all 5 titles to decide shown); a new set must measure
# the reader afresh. Floors: a change may raise them, never lower them.
HELD_OUT_3_HONOURS_RIGHT, HELD_OUT_3_HONOURS_WRONG = 35, 0
HELD_OUT_3_FACTS_RIGHT, HELD_OUT_3_FACTS_WRONG = 28, 0
HELD_OUT_3_NAMES_RIGHT, HELD_OUT_3_REVIEW_SHOWN = 8, 5
# the fourth set (heldout4.py): labelled by hand and committed before the reader first ran on it, then
# measured once with the reader as it was (after heldout3's fixes): honours 40 right of 53 proposed and 49
# labelled (precision 0.755, recall 0.816); levels of those right 39 of 40 (a 全国…局长 read as 县区级); 文号 12
# of 14; facts 31 of 32, none wrong (于2018年7月…改革后挂牌成立 missed); unit and year right in 8 of 8; 4 of the 6
# titles to decide shown. The reader was then fixed where these reports showed it wrong (a table row 正在申报
# or held back at 复查, its 获奖对象 column; honours of the parent body, of a team the unit helped, of pupils
# and a family; 抓获…98名 as a title; a national system's provincial bureau and 县级 inside a 全国 title as
# levels; a department named after the unit, a post in brackets, 教授 after a name, 分别荣立, 第N届“…”, 号文件,
# 小家/技师, 县委、县政府授予我局…, a reason clause before 撤销, a founding after a reform named at length), so
# it is NO LONGER HELD OUT: these are its figures after the fixes (every honour, level, 文号, fact, unit and
# year right, all 6 titles to decide shown); a new set must measure the reader afresh. Floors: a change may
# raise them, never lower them.
HELD_OUT_4_HONOURS_RIGHT, HELD_OUT_4_HONOURS_WRONG = 49, 0
HELD_OUT_4_LEVELS_RIGHT, HELD_OUT_4_LEVELS_WRONG, HELD_OUT_4_NUMBERS_RIGHT = 49, 0, 16
HELD_OUT_4_FACTS_RIGHT, HELD_OUT_4_FACTS_WRONG = 32, 0
HELD_OUT_4_NAMES_RIGHT, HELD_OUT_4_REVIEW_SHOWN = 8, 6


def test_seed_reports_and_written_reports_meet_the_figures(tmp_path: Path) -> None:
    total = Score()
    for name in seed_names():
        total.add(score_seed(name)[0])
    for name, paragraphs, labels in WRITTEN:
        total.add(score(read_report(write_docx(tmp_path / name, paragraphs)), labels))
    assert total.labelled >= 80 and total.sections >= 150  # the labels cover the seeds, not a sample of them
    assert total.precision >= THRESHOLD, total.extra
    assert total.recall >= THRESHOLD, total.missed
    assert total.section_accuracy >= THRESHOLD, total.wrong_sections


def test_written_reports_name_their_unit_year_and_facts(tmp_path: Path) -> None:
    for name, paragraphs, labels in WRITTEN:
        (proposal,) = read_report(write_docx(tmp_path / name, paragraphs))
        assert (proposal.unit_name, proposal.year) == (labels["unit"], labels["year"])
        found = {f.field: (f.value.iso() if hasattr(f.value, "iso") else f.value) for f in proposal.facts}
        for field, value in labels["facts"].items():
            if field != "party_member_count" or "其中" not in paragraphs[1]:
                assert found.get(field) == value, field


def test_seed_units_and_years_are_read_from_title_and_signature() -> None:
    for name in seed_names():
        _, labels, proposals = score_seed(name)
        by_part = {p.part: p for p in proposals}
        for expected in labels["units"]:
            proposal = by_part[expected["part"]]
            if expected["unit"]:
                assert proposal.unit_name == expected["unit"], (name, expected)
            assert proposal.year == expected["year"], (name, expected)


def _seed_total(tmp_path: Path | None) -> Score:
    total = Score()
    for name in seed_names():
        if tmp_path is None:
            total.add(score_seed(name)[0])
        else:
            labels = json.loads((LABELS / name.replace(".txt", ".json")).read_text(encoding="utf-8"))
            total.add(score(read_report(seed_docx(name, tmp_path)), labels))
    return total


def test_seed_reports_as_text_and_as_word_keep_their_honour_and_fact_figures(tmp_path: Path) -> None:
    for total in (_seed_total(None), _seed_total(tmp_path)):
        assert total.labelled >= 78 and total.facts_labelled >= 7
        assert total.precision >= SEED_HONOUR_PRECISION, total.extra
        assert total.recall >= SEED_HONOUR_RECALL, total.missed
        assert total.fact_precision >= SEED_FACT_PRECISION, total.facts_extra
        assert total.fact_recall >= SEED_FACT_RECALL, total.facts_missed


def _measured(tmp_path: Path, reports: tuple) -> HeldOutScore:
    total = HeldOutScore()
    for name, items, labels in reports:
        total.add_held_out(score_held_out(read_report(write_report(tmp_path, name, items)), labels))
    return total


def _keeps_floors(total: HeldOutScore, honours: tuple[int, int], facts: tuple[int, int], review: int) -> None:
    """At least so many honours and facts right, at most so many wrong, every level right, and at least so
    many titles to decide shown unticked."""
    assert total.true_positive >= honours[0], total.missed
    assert total.proposed - total.true_positive <= honours[1], total.extra
    assert total.level_accuracy == 1.0, total.wrong_levels
    assert total.facts_right >= facts[0], total.facts_missed
    assert total.facts_proposed - total.facts_right <= facts[1], total.facts_extra
    assert total.review_shown >= review, total.review_missed


def test_held_out_reports_keep_their_figures(tmp_path: Path) -> None:
    """Ten reports unlike the seeds (村, 医院, 机关 in GB18030 text, 幼儿园 with a header, a text box and a table,
    社区 in full-width digits, …): honours by title, body, year and holder, with their level and 文号; the
    unit's facts; unit and year; and the revoked titles shown unticked with a reason."""
    total = _measured(tmp_path, HELD_OUT)
    assert total.labelled >= 60 and total.documents == 10
    assert total.precision >= HELD_OUT_PRECISION, total.extra
    assert total.recall >= HELD_OUT_RECALL, total.missed
    assert total.level_accuracy == 1.0, total.wrong_levels
    assert total.numbers_right == total.numbers_labelled, total.wrong_numbers
    assert (total.fact_precision, total.fact_recall) == (1.0, 1.0), (total.facts_extra, total.facts_missed)
    assert total.names_right == total.documents
    assert total.review_shown == total.review_labelled >= 2, total.review_missed


def test_second_set_keeps_its_figures_after_the_fixes_it_showed(tmp_path: Path) -> None:
    """Eight reports (街道, 中学 with a table of honours, 村 dating in 二〇一九年, 交警中队, 图书馆 with year
    headings and a revoked title, 有限公司 in GB18030, a 妇联's report about a kindergarten, 卫生健康局 with a
    title held back at 复查): first measured at precision 0.824 and recall 0.808 for honours, facts 1.0 and
    0.875; after the fixes they showed (no longer held out) every honour, fact, level, unit and year right,
    and both titles to decide shown unticked."""
    total = _measured(tmp_path, HELD_OUT_2)
    assert (total.labelled, total.facts_labelled, total.documents) == (52, 32, 8)  # the set as labelled
    _keeps_floors(
        total,
        (HELD_OUT_2_HONOURS_RIGHT, HELD_OUT_2_HONOURS_WRONG),
        (HELD_OUT_2_FACTS_RIGHT, HELD_OUT_2_FACTS_WRONG),
        HELD_OUT_2_REVIEW_SHOWN,
    )
    assert total.names_right == total.documents


def test_third_set_keeps_its_figures_after_the_fixes_it_showed(tmp_path: Path) -> None:
    """Eight reports (敬老院, 文化馆 over three years, 专业合作社 in GB18030, 人民法庭, 供电所 with an honours
    table and 文号, a 职业技术学校's 党总支, 消防救援站 in full-width digits, 乡人民政府): first measured at
    precision 0.815 and recall 0.629 for honours, facts recall 0.857, unit and year right in 4 of 8, 4 of 5
    titles to decide shown; after the fixes they showed (no longer held out) every honour, fact, level,
    文号, unit and year right, and all five titles to decide shown unticked."""
    total = _measured(tmp_path, HELD_OUT_3)
    assert (total.labelled, total.facts_labelled, total.documents) == (35, 28, 8)  # the set as labelled
    _keeps_floors(
        total,
        (HELD_OUT_3_HONOURS_RIGHT, HELD_OUT_3_HONOURS_WRONG),
        (HELD_OUT_3_FACTS_RIGHT, HELD_OUT_3_FACTS_WRONG),
        HELD_OUT_3_REVIEW_SHOWN,
    )
    assert total.numbers_right == total.numbers_labelled, total.wrong_numbers
    assert total.names_right >= HELD_OUT_3_NAMES_RIGHT, total.documents


def test_fourth_set_keeps_its_figures_after_the_fixes_it_showed(tmp_path: Path) -> None:
    """Eight reports (税务分局, 小学 with a 少先队大队's national honour, 社区卫生服务中心, 国有企业 with 车间/班组
    honours in a table, 高校学院, 派出所 with three individual 三等功, 村 report as a table of honours, 气象局 over
    five years): first measured at precision 0.755 and recall 0.816 for honours, 39 of 40 levels and 12 of 14
    文号 right, facts 31 of 32, 4 of 6 titles to decide shown; after the fixes they showed (no longer held out)
    every honour, level, 文号, fact, unit and year right, and all six titles to decide shown unticked."""
    total = _measured(tmp_path, HELD_OUT_4)
    assert (total.labelled, total.facts_labelled, total.documents) == (49, 32, 8)  # the set as labelled
    assert total.true_positive >= HELD_OUT_4_HONOURS_RIGHT, total.missed
    assert total.proposed - total.true_positive <= HELD_OUT_4_HONOURS_WRONG, total.extra
    assert total.levels_right >= HELD_OUT_4_LEVELS_RIGHT, total.wrong_levels
    assert len(total.wrong_levels) <= HELD_OUT_4_LEVELS_WRONG, total.wrong_levels
    assert total.numbers_right >= HELD_OUT_4_NUMBERS_RIGHT, total.wrong_numbers
    assert total.facts_right >= HELD_OUT_4_FACTS_RIGHT, total.facts_missed
    assert total.facts_proposed - total.facts_right <= HELD_OUT_4_FACTS_WRONG, total.facts_extra
    assert total.names_right >= HELD_OUT_4_NAMES_RIGHT, total.documents
    assert total.review_shown >= HELD_OUT_4_REVIEW_SHOWN, total.review_missed
