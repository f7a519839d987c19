"""What of an old report a material keeps: its content, not the report's own frame.

A generated report writes its own numbered section headings (一、基本情况 二、主要做法 …) and its own
opening (现将…汇报如下：), so a material read from an old report leaves out the heading that only names
its section (二、主要做法, 一、学校基本情况, a bare 三、) and the old report's framing sentences (现将一年来的工作
总结如下：, 特此报告。, 以上汇报如有不妥，请批评指正。, 谢谢！). A heading that says something (（一）加强师德师风
建设, 一、加强自身建设，坚持民主管理) stays, as does every other sentence.
"""

from __future__ import annotations

import re

from core.oldreports.outline import Paragraph, Section, heading_part, normalise, numbered
from core.oldreports.topics import topic_of

_LABEL_MAX = 12  # characters of a heading that only names its section: 存在的问题和不足
# a heading that names a topic only by its kind of work: 主要做法, 具体措施, 主要工作
_WORK_LABEL = re.compile(
    r"^(?:主要|具体|工作|重点)?(?:工作)?(?:做法|措施|举措|工作)(?:和|与|及)?(?:成效|体会)?$"
)
# a heading that starts with what was done says something (打造特色品牌 is no mere 特色亮点)
_ACTION = re.compile(
    r"^(?:加强|打造|坚持|强化|推进|开展|落实|完善|健全|深化|提升|提高|抓|创新|注重|突出|实施|构建|建立|丰富|营造"
    r"|立足|围绕|以|狠抓|创建|争创|做好|发挥|弘扬|培育|增强|优化|推动|促进|夯实|筑牢)"
)
_SEPARATORS = "：:。.，,、 \t\u3000"

_REPORT_VERB = r"(?:汇报|匯報|报告|報告|总结|總結|汇总|匯總|介绍|介紹|说明|說明|综述|綜述)"
_BASIS = r"(?:现|現)?(?:根据|根據|按照|遵照|依据|依據|依照|对照|對照)[^。！？!?：:；;，,]{0,80}[，,]\s*"
# 现将一年来的工作总结如下： / 根据…的要求，现将…报告如下。 / 下面我就…总结汇报如下：
_FRAMING = re.compile(
    rf"(?:(?P<comma>[，,]\s*)|^|(?<=[。！？!?；;：:”\s]))(?:{_BASIS})*(?:(?:现|現|兹|茲)\s*)?(?:将|將|就|把|对|對|下面)"
    rf"[^。！？!?：:；;，,]{{0,60}}?{_REPORT_VERB}如下\s*[：:。.]?"
)
# sentences that close a report: nothing of the unit's work in them
_CLOSING = (
    re.compile(r"^特此(?:报告|汇报|说明|请示|申请|報告|匯報|說明)[。！!.]?$"),
    re.compile(rf"^以上(?:(?:是|为|就是|即)[^。！？!?]{{0,40}}?)?{_REPORT_VERB}[^。！？!?]*[。！？!?.]?$"),
    re.compile(r"^(?:妥否|当否|當否)[，,]?\s*请[^。！？!?]{0,8}[。！？!?.]?$"),
    re.compile(
        r"^(?:请|恳请|敬请|請)[^。！？!?]{0,10}(?:审阅|审查|审议|批示|指正|指导|審閱|批評指正)[。！？!?.]?$"
    ),
    re.compile(r"^谢谢(?:大家|各位)?[。！!.]?$"),
)


def is_label_heading(heading: str) -> bool:
    """A heading that only numbers or names its section, as the generated report's own headings do:
    "二、主要做法", "一、学校基本情况", "（三）存在的问题", "四、" — not "（一）加强师德师风建设"."""
    found = numbered(heading)
    rest = heading[found[2] :] if found else heading
    rest = rest.strip(_SEPARATORS)
    if not rest:
        return found is not None
    if len(rest) > _LABEL_MAX or re.search(r"[，,。；;、！？]", rest) or _ACTION.match(rest):
        return False
    return bool(_WORK_LABEL.match(rest)) or topic_of(rest)[1]


def without_heading(original: str, heading: str) -> str:
    """The paragraph's text after its heading (the heading read from its normalised text, which differs
    from the original only by spaces and the width of its letters and digits)."""
    wanted = len(re.sub(r"\s", "", heading))
    index = 0
    while index < len(original) and wanted:
        if not original[index].isspace():
            wanted -= 1
        index += 1
    return original[index:].lstrip(_SEPARATORS)


def without_framing(paragraph: str) -> str:
    """The paragraph without the old report's framing sentences; a clause that ended a sentence of the
    unit's own ("…促进幼儿发展，现将…汇报如下：") leaves that sentence ended with 。."""

    def replace(match: re.Match[str]) -> str:
        return "。" if match["comma"] else ""

    text = paragraph.strip()
    if "如下" in text:  # what every framing clause ends with: the pattern is slow on long text
        text = _FRAMING.sub(replace, text)
    sentences = re.split(r"(?<=[。！？!?])", text)
    kept = [s for s in sentences if not any(p.match(s.strip()) for p in _CLOSING)]
    return "".join(kept).strip()


_NUMBERING_CHARS = 16  # of a line's start: more than the longest numbering (第十二部分、 （ 十二 ）)
_STORED_LABEL_LEVEL = 2  # as deep as （一）: the import's own bound for a heading that only names its section


def stored_lines(text: str) -> list[str]:
    """A stored material's lines as a generated report places them under its own heading: what an import
    before this cleaning kept (its first line "二、主要做法" or "二、主要做法：我校…", the old report's
    现将…汇报如下： and 特此报告。) left out, as reading the report today would; the record is not changed.
    A material of today's import or the clerk's own reads as it is (its first line says something)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines:
        plain = normalise(lines[0])
        found = numbered(plain)
        heading = heading_part(plain)
        if found and found[0] <= _STORED_LABEL_LEVEL and is_label_heading(heading):
            lines[0] = without_heading(lines[0], heading)
    return _demoted([kept for line in lines if (kept := without_framing(line))])


def _demoted(lines: list[str]) -> list[str]:
    """Lines whose outline starts at 一、 (a top-level heading that says something, kept by an import
    before it was numbered under the report's own heading) one level down: 一、 → （一）, （一） → 1.,
    1. → （1）, as demoted_lines() numbers them today. Lines without an 一、 stay as they are."""
    heads = [normalise(line[:_NUMBERING_CHARS]) for line in lines]  # numbering stands at a line's start
    found = [numbered(head) for head in heads]
    if not any(f and f[0] == 1 and head[0] != "第" for f, head in zip(found, heads, strict=True)):
        return lines
    out = []
    for line, head, number in zip(lines, heads, found, strict=True):
        if number is None or number[0] >= max(_STYLES) or head[0] == "第":
            out.append(line)
            continue
        from core.reports.prose import ordinal

        rest = without_heading(line, head[: number[2]])
        out.append(ordinal(number[1], _STYLES[number[0] + 1]) + rest)
    return out


# The numbering of a heading one level below the generated report's own 一、 二、 headings, and below.
_STYLES = {2: "（一）", 3: "1.", 4: "（1）"}


def demoted_lines(section: Section, number: int, level: int = 2) -> list[str]:
    """The lines of a top-level section that says something (一、加强自身建设…) as they read under the
    generated report's own 一、 heading: its heading numbered at level (（一）, as the number-th such of
    its topic), its sub-headings a level lower where they would read as its siblings ((一) → 1.)."""
    first, *rest = section.paragraphs
    lines = [_renumbered(first, level, number), *(p.original.strip() for p in rest)]
    for child in section.children:
        found = numbered(child.paragraphs[0].text) if child.paragraphs[0].heading_level else None
        child_level = min(max(child.level, level + 1), max(_STYLES))
        if found is None or child_level == child.level:
            lines.extend(p.original.strip() for p in child.all_paragraphs())
        else:
            lines.extend(demoted_lines(child, found[1], child_level))
    return lines


def _renumbered(paragraph: Paragraph, level: int, number: int) -> str:
    found = numbered(paragraph.text)
    if found is None:
        return paragraph.original.strip()
    from core.reports.prose import ordinal

    rest = without_heading(paragraph.original.strip(), paragraph.text[: found[2]])
    return ordinal(number, _STYLES[level]) + rest
