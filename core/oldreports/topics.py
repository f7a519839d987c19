"""Which material topic (core/vocab.py's MATERIAL_TOPICS) a section is filed under, by its heading."""

from __future__ import annotations

import re

from core.vocab import MATERIAL_TOPICS

BASICS, PRACTICE, RESULTS, HIGHLIGHTS, PROBLEMS, REMEDIES, PLANS = MATERIAL_TOPICS

# Tried in this order: the first that matches the heading decides ("下一步整改措施" is 整改措施,
# "存在问题及整改措施" is 存在问题 — the section says what is wrong before what will be done about it;
# "下阶段工作建议" is 下一步打算: a 建议 weighs less than a 下阶段, a 整改 more).
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        PROBLEMS,
        re.compile(
            r"存在.{0,6}(?:问题|不足|差距)|问题(?:与|和|及)?(?:不足|差距)|不足之处|薄弱环节|困难和问题|面临的.{0,4}(?:困难|问题)|^.{0,8}不足$"
        ),
    ),
    (REMEDIES, re.compile(r"整改|对策")),
    (PLANS, re.compile(r"下一步|下阶段|打算|计划|思路|努力方向|今后|展望|设想|明年|工作要点|重点工作安排")),
    (REMEDIES, re.compile(r"改进措施|建议")),
    (BASICS, re.compile(r"基本情况|概况|简介|基本信息|单位情况|学校情况|园所情况|村情|情况介绍")),
    (RESULTS, re.compile(r"成效|成绩|成果|效果|收获|效益|荣誉|获奖|业绩|取得|^.{0,4}完成情况$|达标情况")),
    (HIGHLIGHTS, re.compile(r"亮点|特色|品牌|经验")),
    (
        PRACTICE,
        re.compile(
            r"做法|措施|举措|加强|坚持|强化|推进|开展|落实|完善|健全|深化|提升|提高|抓|创新|建设|规范|注重|突出|实施"
        ),
    ),
)
_WEAK = frozenset({PRACTICE})  # a heading that only says what was done leaves room for a better guess


def topic_of(heading: str, default: str = PRACTICE) -> tuple[str, bool]:
    """(topic, explicit): explicit when the heading's words name the topic (not the default)."""
    text = re.sub(r"^[（(]?[一二三四五六七八九十\d]{1,3}[)）]?[、．.]?", "", heading)
    for topic, pattern in _RULES:
        if pattern.search(text):
            return (default, False) if topic in _WEAK else (topic, True)
    return default, False


def document_default(title: str) -> str:
    """The topic of a section whose heading names none: a 亮点 report's sections are its highlights,
    a 自查/整改 report's its problems are named by their headings, everything else is work done."""
    if "亮点" in title or "特色" in title:
        return HIGHLIGHTS
    return PRACTICE
