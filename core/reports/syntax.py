"""Syntax problems of a template in Chinese, all of them in one pass, each at the tag where it starts.

Jinja stops at its first error, says it in English and places an unclosed block at the end of the
template. Here the blocks are matched tag by tag (“{% for %}”没有对应的“{% endfor %}”, at the for), every
tag is parsed on its own (so a broken expression is found wherever it stands), and whatever Jinja still
says is translated. Nesting is capped before Jinja sees the template: 500 nested ifs would otherwise
exhaust Python's recursion and 21 nested loops its compiler.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import nodes
from jinja2.environment import Environment
from jinja2.exceptions import TemplateSyntaxError

from core.reports.package import Tag

MAX_NESTING = 30  # blocks inside blocks
MAX_LOOP_NESTING = 10  # for loops inside for loops (Python compiles at most 20 nested loops)

_BLOCK_ENDS = {
    "for": "endfor",
    "if": "endif",
    "macro": "endmacro",
    "call": "endcall",
    "filter": "endfilter",
    "with": "endwith",
    "autoescape": "endautoescape",
    "raw": "endraw",
    "block": "endblock",
}
_MIDDLE = {"else": ("if", "for"), "elif": ("if",)}
_SINGLE = {"set", "include", "import", "from", "extends"}
_ENDS = {end: start for start, end in _BLOCK_ENDS.items()} | {"endset": "set"}


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    place: str


@dataclass(frozen=True)
class ParsedTag:
    tag: Tag
    tree: nodes.Template


def keyword(tag: str) -> str:
    body = tag[2:-2].strip()
    return body.split(None, 1)[0] if body else ""


def short(tag: str) -> str:
    """{% for 项 in 荣誉 %} → {% for %}, for naming a block."""
    word = keyword(tag)
    return f"{{% {word} %}}" if word else tag


def _is_block_set(tag: str) -> bool:
    body = tag[2:-2].strip()
    return keyword(tag) == "set" and "=" not in body


def check_structure(tags: list[Tag]) -> list[SyntaxProblem]:
    """Blocks opened and closed in order; else/elif where they may stand; nesting within the caps."""
    problems: list[SyntaxProblem] = []
    stack: list[Tag] = []
    in_raw = False
    for tag in tags:
        if tag.text.startswith("{#"):
            continue
        if not (tag.text.endswith("}}") or tag.text.endswith("%}")):
            continue  # an unfinished tag: reported by check_tags
        if not tag.text.startswith("{%"):
            continue
        word = keyword(tag.text)
        if in_raw:
            in_raw = word != "endraw"
            if not in_raw:
                stack.pop()
            continue
        if word in _BLOCK_ENDS or _is_block_set(tag.text):
            problem = _open(stack, tag)
            if problem:
                problems.append(problem)
            in_raw = word == "raw"
        elif word in _ENDS:
            problems += _close(stack, tag, _ENDS[word])
        elif word in _MIDDLE:
            if not stack or keyword(stack[-1].text) not in _MIDDLE[word]:
                allowed = "”或“".join(f"{{% {w} %}}" for w in _MIDDLE[word])
                problems.append(SyntaxProblem(f"“{short(tag.text)}”不在“{allowed}”之中", tag.place))
        elif word and word not in _SINGLE:
            problems.append(SyntaxProblem(f"“{short(tag.text)}”不是可用的标签", tag.place))
        elif not word:
            problems.append(SyntaxProblem("空的标签“{% %}”", tag.place))
    problems += [
        SyntaxProblem(f"“{short(t.text)}”没有对应的“{{% {_end_of(t.text)} %}}”", t.place) for t in stack
    ]
    return problems


def _end_of(tag: str) -> str:
    word = keyword(tag)
    return "endset" if word == "set" else _BLOCK_ENDS[word]


def _open(stack: list[Tag], tag: Tag) -> SyntaxProblem | None:
    stack.append(tag)
    if len(stack) > MAX_NESTING:
        stack.pop()
        return SyntaxProblem(f"标签嵌套超过 {MAX_NESTING} 层", tag.place)
    loops = sum(1 for t in stack if keyword(t.text) == "for")
    if keyword(tag.text) == "for" and loops > MAX_LOOP_NESTING:
        stack.pop()
        return SyntaxProblem(f"循环（{{% for %}}）嵌套超过 {MAX_LOOP_NESTING} 层", tag.place)
    return None


def _close(stack: list[Tag], tag: Tag, opener: str) -> list[SyntaxProblem]:
    depth = next((i for i in range(len(stack) - 1, -1, -1) if keyword(stack[i].text) == opener), None)
    if depth is None:
        return [SyntaxProblem(f"“{short(tag.text)}”前面没有对应的“{{% {opener} %}}”", tag.place)]
    unclosed = stack[depth + 1 :]
    del stack[depth:]
    return [
        SyntaxProblem(f"“{short(t.text)}”没有对应的“{{% {_end_of(t.text)} %}}”", t.place) for t in unclosed
    ]


# ---------------------------------------------------------------- tags one by one


def _standalone(tag: str) -> str | None:
    """A tag as a template of its own, its block closed, or None when there is nothing to parse."""
    if tag.startswith("{{"):
        return tag
    if not tag.startswith("{%"):
        return None
    word = keyword(tag)
    if word == "elif":
        return "{% if " + tag[2:-2].strip()[4:].strip() + " %}{% endif %}"
    if word in ("else", "raw") or word in _ENDS or (word not in _BLOCK_ENDS and word not in _SINGLE):
        return None  # nothing to parse, or not a tag at all (check_structure says so)
    if _is_block_set(tag):
        return tag + "{% endset %}"
    if word in _BLOCK_ENDS:
        return tag + f"{{% {_BLOCK_ENDS[word]} %}}"
    return tag


def parse_tags(environment: Environment, tags: list[Tag]) -> tuple[list[ParsedTag], list[SyntaxProblem]]:
    """Each tag parsed on its own: its tree (for checks and field locations) or its problem."""
    parsed: list[ParsedTag] = []
    problems: list[SyntaxProblem] = []
    in_raw = False
    for tag in tags:
        text = tag.text
        if in_raw:
            in_raw = not (text.startswith("{%") and keyword(text) == "endraw")
            continue
        if text.startswith("{%") and keyword(text) == "raw":
            in_raw = True
            continue
        unfinished = _unfinished(text)
        if unfinished:
            problems.append(SyntaxProblem(unfinished, tag.place))
            continue
        source = _standalone(text)
        if source is None:
            continue
        try:
            parsed.append(ParsedTag(tag, environment.parse(source)))
        except TemplateSyntaxError as error:
            problems.append(
                SyntaxProblem(f"“{text}”{chinese_syntax_message(error.message or '')}", tag.place)
            )
        except (RecursionError, MemoryError):
            problems.append(SyntaxProblem(f"“{_clip(text)}”中的表达式嵌套过深", tag.place))
        except ValueError:  # Python refuses to read a number of thousands of digits
            problems.append(SyntaxProblem(f"“{_clip(text)}”中的数字位数过多", tag.place))
    return parsed, problems


def _unfinished(text: str) -> str:
    closer = {"{{": "}}", "{%": "%}", "{#": "#}"}.get(text[:2], "")
    if closer and not text.endswith(closer):
        return f"“{_clip(text)}”没有写完：缺少“{closer}”"
    return ""


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


# ---------------------------------------------------------------- Jinja's words in Chinese

_TOKEN_NAMES = {
    "end of print statement": "}}",
    "end of statement block": "%}",
    "end of template": "模板结尾",
    "name": "名称",
    "string": "文字",
    "integer": "数字",
    "float": "数字",
    "in": "in",
}


def _token(name: str) -> str:
    return _TOKEN_NAMES.get(name, name)


_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Unexpected end of template.*?'(\w+)'"), "标签没有结束，缺少“{{% {0} %}}”"),
    (re.compile(r"^unexpected end of template"), "标签没有结束"),
    (re.compile(r"^Encountered unknown tag '([^']*)'"), "用了不认识的标签“{0}”"),
    (re.compile(r"^expected token '([^']*)', got '([^']*)'"), "写法有误：此处应为“{0}”，却是“{1}”"),
    (re.compile(r"^Expected an expression, got '([^']*)'"), "缺少表达式"),
    (re.compile(r"^unexpected '([^']*)', expected '([^']*)'"), "写法有误：括号没有配对，此处应为“{1}”"),
    (re.compile(r"^unexpected '([^']*)'"), "写法有误：多余的“{0}”"),
    (
        re.compile(r"^unexpected char ['\"]?(.)['\"]? at"),
        "写法有误：不能识别的字符 {0}（引号要成对，且用英文引号）",
    ),
    (re.compile(r"^tag name expected"), "缺少标签名"),
    (re.compile(r"^Missing end of comment tag"), "注释没有结束：缺少“#}”"),
    (re.compile(r"^[Nn]o filter named '([^']*)'"), "用了不存在的过滤器“{0}”"),
    (re.compile(r"^[Nn]o test named '([^']*)'"), "用了不存在的测试“{0}”"),
    (re.compile(r"^autoescape$"), "不允许关闭转义（autoescape）"),
    (re.compile(r"^block '([^']*)' defined twice"), "块“{0}”定义了两次"),
    (re.compile(r"^Cannot assign to"), "写法有误：不能给它赋值"),
]


def chinese_syntax_message(message: str) -> str:
    """Jinja's English error in Chinese; never the English itself."""
    for pattern, chinese in _MESSAGES:
        match = pattern.search(message)
        if match:
            return "：" + chinese.format(*(_token(g) for g in match.groups()))
    return "：写法有误"


def line_tags(source: str, lineno: int | None) -> list[str]:
    from core.reports.package import tags_in

    lines = source.split("\n")
    if not lineno or not 0 < lineno <= len(lines):
        return []
    return tags_in(lines[lineno - 1])


def place_of_line(source: str, lineno: int | None, tags: list[Tag], fallback: str) -> tuple[str, list[str]]:
    """Where line `lineno` of a part's Jinja source stands, and the tags on it.

    docxtpl's patching keeps the tags in order, so the k-th occurrence of a tag text in the source is the
    k-th occurrence of it among the part's tags.
    """
    on_line = line_tags(source, lineno)
    if not on_line or lineno is None:
        return fallback, on_line
    lines = source.split("\n")
    first = on_line[0]
    before = sum(tags_text.count(first) for tags_text in _texts(lines[: lineno - 1]))
    matches = [t for t in tags if t.text == first]
    if before < len(matches):
        return matches[before].place, on_line
    return (matches[-1].place if matches else fallback), on_line


def _texts(lines: list[str]) -> Iterator[list[str]]:
    from core.reports.package import tags_in

    for line in lines:
        if "{" in line:
            yield tags_in(line)
