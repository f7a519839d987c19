"""What a template uses and whether it may be used, found before anything is rendered: fields, syntax
errors and unsafe expressions (all of them, in Chinese, each at the paragraph or table cell where it starts),
unknown fields and active content (warnings).

Every part is inspected alike: body, headers, footers, footnotes, endnotes, comments, document properties.
A template from outside is inspected in the bounded worker process (worker.py), never in the program's
own process: compiling alone can be made to take gigabytes or exhaust recursion.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError, nodes
from jinja2.compiler import CodeGenerator
from jinja2.meta import TrackingCodeGenerator
from lxml import etree

from core.errors import UserError
from core.reports import printable
from core.reports.active import find_active_content
from core.reports.caps import MAX_LENGTH, MAX_POWER, MAX_RANGE
from core.reports.fields import FILTER_NAMES, REPORT_FIELDS, TOP_LEVEL_NAMES
from core.reports.package import XML_PARSER, TemplatePackage, TemplatePart
from core.reports.sandbox import LOOP_GUARD, PLACEHOLDER, ReportEnvironment
from core.reports.summary_fields import known_summary_field, uses_summary_fields
from core.reports.syntax import (
    ParsedTag,
    check_structure,
    chinese_syntax_message,
    parse_tags,
    place_of_line,
)

log = logging.getLogger(__name__)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_KNOWN_ATTRIBUTES = {f.name for f in REPORT_FIELDS if "." in f.name}
# Names Jinja itself provides inside a template.
_BUILTIN_NAMES = {
    "loop",
    "range",
    "true",
    "false",
    "none",
    "True",
    "False",
    "None",
    "caller",
    "varargs",
    "kwargs",
}
_FORBIDDEN_NAMES = ("self", "cycler", "joiner", "namespace", "lipsum", "dict")
_INJECTION = "数据可能被当作文档代码插入报告"
_OPENER = re.compile(r"\{[{%#]")
_IN_FIELD_CODE = "域代码中不允许使用模板标签：生成后可能成为让 Word 运行程序或读取外部文件的域"
_IN_MARKUP = "模板标签只能写在文字中，不能写在 Word 的格式代码（属性）里"


@dataclass(frozen=True)
class TemplateProblem:
    message: str  # Chinese
    where: str = ""  # the paragraph, table cell or part it stands in

    def __str__(self) -> str:
        return f"{self.message}（位置：{self.where}）" if self.where else self.message


@dataclass
class TemplateReport:
    name: str
    fields_used: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)
    syntax_errors: list[TemplateProblem] = field(default_factory=list)
    unsafe: list[TemplateProblem] = field(default_factory=list)
    warnings: list[TemplateProblem] = field(default_factory=list)  # unknown fields, active content
    active_content: list[TemplateProblem] = field(default_factory=list)
    render_errors: list[TemplateProblem] = field(default_factory=list)  # the trial render's (trial.py)

    @property
    def usable(self) -> bool:
        return not self.syntax_errors and not self.unsafe and not self.render_errors

    @property
    def problems(self) -> list[TemplateProblem]:
        return [*self.unsafe, *self.syntax_errors, *self.render_errors]

    def refusal(self) -> str:
        lines = [f"模板“{self.name}”不能使用："] + [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        def listed(problems: list[TemplateProblem]) -> list[dict[str, str]]:
            return [{"message": p.message, "where": p.where} for p in problems]

        return {
            "name": self.name,
            "usable": self.usable,
            "fields_used": self.fields_used,
            "unknown_fields": self.unknown_fields,
            "syntax_errors": listed(self.syntax_errors),
            "unsafe": listed(self.unsafe),
            "warnings": listed(self.warnings),
            "active_content": listed(self.active_content),
            "render_errors": listed(self.render_errors),
        }


class TemplateRefused(UserError):
    def __init__(self, report: TemplateReport) -> None:
        self.report = report
        super().__init__(report.refusal())

    def __reduce__(self) -> tuple[type, tuple[TemplateReport]]:  # crosses from the worker process
        return (TemplateRefused, (self.report,))


def check_usable(path: Path, name: str | None = None) -> TemplateReport:
    """Inspect (in this process) and raise TemplateRefused when the template may not be used.
    For a template from outside use worker.inspect_in_worker, which bounds the work."""
    report = inspect_template(path, name)
    if not report.usable:
        raise TemplateRefused(report)
    return report


def inspect_template(path: Path, name: str | None = None) -> TemplateReport:
    path = Path(path)
    return inspect_package(TemplatePackage.open(path, name or path.stem))


def inspect_package(package: TemplatePackage) -> TemplateReport:
    report = TemplateReport(package.name)
    environment = ReportEnvironment()
    for content in find_active_content(package):
        problem = TemplateProblem(f"含有{content.what}，生成的汇报中将去掉", content.place)
        report.active_content.append(problem)
    used: dict[str, str] = {}  # field → where it is first used
    for part in package.parts():
        if part.templated:
            _inspect_part(environment, part, report, used)
    report.fields_used = sorted(used)
    known = known_summary_field if uses_summary_fields(used) else _known_field  # a summary's own fields
    report.unknown_fields = sorted(name for name in used if not known(name))
    report.warnings = [
        TemplateProblem(
            f"“{name}”不是程序提供的字段，生成时将显示为“{PLACEHOLDER.format(name=name)}”", used[name]
        )
        for name in report.unknown_fields
    ] + report.active_content
    return report


def _inspect_part(
    environment: ReportEnvironment, part: TemplatePart, report: TemplateReport, used: dict[str, str]
) -> None:
    structure = check_structure(part.tags)
    parsed, tag_problems = parse_tags(environment, part.tags)
    report.syntax_errors += [TemplateProblem(p.message, p.place) for p in [*structure, *tag_problems]]
    report.unsafe += [TemplateProblem(message, part.label) for message in _tags_outside_text(part)]
    found: set[str] = set()
    declared = _declared([item.tree for item in parsed])
    for item in parsed:
        messages = list(_unsafe(item.tree, declared))
        found.update(messages)
        report.unsafe += [TemplateProblem(message, item.tag.place) for message in messages]
    if structure or tag_problems:
        return
    tree = _whole(environment, part, report)
    if tree is None:
        return
    # what the tags of the text do not show: tags in field codes or attributes, which Jinja renders too
    unseen = [message for message in dict.fromkeys(_unsafe(tree, declared)) if message not in found]
    report.unsafe += [TemplateProblem(message, part.label) for message in unseen]
    for message, line in _recursive_macros(tree):
        report.unsafe.append(
            TemplateProblem(message, place_of_line(part.source, line, part.tags, part.label)[0])
        )
    for name in sorted(_fields(environment, tree)):
        used.setdefault(name, _first_use(name, parsed) or part.label)


def _whole(
    environment: ReportEnvironment, part: TemplatePart, report: TemplateReport
) -> nodes.Template | None:
    """The part parsed and compiled as a whole, as generation will; None when it cannot be."""
    try:
        tree = environment.parse(part.source)
        environment.compile(tree)
        return tree
    except TemplateSyntaxError as error:
        where, on_line = place_of_line(part.source, error.lineno, part.tags, part.label)
        shown = f"“{on_line[0]}”" if on_line else ""
        message = f"{shown}{chinese_syntax_message(error.message or '')}".lstrip("：")
        report.syntax_errors.append(TemplateProblem(message, where))
    except (RecursionError, MemoryError, SyntaxError, ValueError) as error:
        log.info("template part %s does not compile", part.label, exc_info=error)
        report.syntax_errors.append(TemplateProblem("模板的嵌套层次过多或数字过大，无法使用", part.label))
    return None


# ---------------------------------------------------------------- unsafe expressions


def _tags_outside_text(part: TemplatePart) -> list[str]:
    """Tags where no text of the user's stands, which Jinja renders all the same: in a field's code
    (rendering could make a DDEAUTO or INCLUDEPICTURE field of it, out of a tag or out of the data) or in
    an attribute of the markup. The tags of the paragraphs' text, which the other checks read, omit them."""
    if "{" not in part.xml:
        return []
    problems: set[str] = set()
    in_code: list[bool] = []  # per open field: whether its code is still being read
    for element in etree.fromstring(part.xml.encode("utf-8"), XML_PARSER).iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        for attribute, value in element.attrib.items():
            if _OPENER.search(value):
                simple_code = name == "fldSimple" and attribute == f"{{{_W}}}instr"
                problems.add(_IN_FIELD_CODE if simple_code else _IN_MARKUP)
        if name == "fldChar":
            kind = element.get(f"{{{_W}}}fldCharType")
            if kind == "begin":
                in_code.append(True)
            elif kind == "separate" and in_code:
                in_code[-1] = False
            elif kind == "end" and in_code:
                in_code.pop()
        elif "{" in (element.text or "") and (name == "instrText" or (name == "t" and any(in_code))):
            problems.add(_IN_FIELD_CODE)  # a lone “{” too: docxtpl joins a tag split over two runs
    return sorted(problems)


def _expression_text(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr):
        return f"{_expression_text(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_expression_text(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Const):
        return repr(node.value)
    return type(node).__name__


@functools.cache
def _known_filters() -> frozenset[str]:
    """The sandbox's filters (one environment for every tag: a template of 20,000 tags made 20,000)."""
    return frozenset(ReportEnvironment().filters)


def _unsafe(tree: nodes.Template, declared: Declared | None = None) -> Iterator[str]:
    """Expressions a template from elsewhere must not contain."""
    known_filters = _known_filters()
    for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        yield "不允许引用其他文件（include、import、extends）"
    for _ in tree.find_all((nodes.EvalContextModifier, nodes.ScopedEvalContextModifier)):
        yield f"不允许关闭转义（autoescape false）：{_INJECTION}"
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(name, str) and name.startswith("_"):
            yield f"不允许访问内部属性“{_expression_text(node)}”"
    for node in tree.find_all(nodes.Filter):
        if node.name == "attr":
            yield "不允许使用 attr 过滤器按名称取属性"
        elif node.name == "safe":
            yield f"不允许使用“|safe”：{_INJECTION}"
        elif node.name not in known_filters and node.name not in FILTER_NAMES:
            yield f"未知的过滤器“{node.name}”"
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name in _FORBIDDEN_NAMES:
            yield f"不允许使用“{node.name}”"
    yield from _oversized(tree)
    yield from _not_content(tree, declared or _declared([tree]))


# Filters whose result is a sequence not yet made (or groups): written, it would be Python's text.
_SEQUENCE_FILTERS = frozenset(
    {"map", "select", "reject", "selectattr", "rejectattr", "batch", "slice", "groupby", "items"}
)


@functools.cache
def _field_groups() -> frozenset[str]:
    """Top-level names that are groups of fields (单位 of 单位.名称)."""
    return frozenset(name.partition(".")[0] for name in _KNOWN_ATTRIBUTES)


@dataclass(frozen=True)
class Declared:
    """The names a part's tags define: its macros, and the names set or taken as parameters."""

    macros: frozenset[str]
    assigned: frozenset[str]


def _declared(trees: list[nodes.Template]) -> Declared:
    macros: set[str] = set()
    assigned: set[str] = set()
    for tree in trees:
        macros.update(macro.name for macro in tree.find_all(nodes.Macro))
        for node in tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.CallBlock)):
            targets = [node.target] if isinstance(node, (nodes.Assign, nodes.AssignBlock)) else node.args
            for target in targets:
                assigned.update(
                    n.name for n in [target, *target.find_all(nodes.Name)] if isinstance(n, nodes.Name)
                )
    return Declared(frozenset(macros), frozenset(assigned))


def _not_content(tree: nodes.Template, declared: Declared) -> Iterator[str]:
    """What a {{ }} would write as Python's text (“range(0, 10)”, “<Macro 'm'>”): refused before it runs;
    the sandbox refuses the rest while rendering (printable.py)."""
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            what = _object_written(node, declared)
            if what:
                yield f"不能写入“{_shown(node)}”：{what}"


def _object_written(node: nodes.Node, declared: Declared) -> str | None:
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range":
        return printable.RANGE
    if isinstance(node, nodes.Name):
        if node.name == "loop":
            return printable.LOOP
        if node.name in ("range", "caller") or node.name in declared.macros:
            return printable.CALLABLE
        if node.name in _field_groups() and node.name not in declared.assigned:
            return printable.FIELD_GROUP
    # loop's methods; other attributes may be fields of any name (book.title): the sandbox judges them
    if (
        isinstance(node, nodes.Getattr)
        and isinstance(node.node, nodes.Name)
        and node.node.name == "loop"
        and node.attr in ("cycle", "changed")
    ):
        return printable.CALLABLE
    if isinstance(node, nodes.Filter) and node.name in _SEQUENCE_FILTERS:
        return printable.SEQUENCE
    return None


def _shown(node: nodes.Node) -> str:
    if isinstance(node, nodes.Call):
        return f"{_shown(node.node)}(…)"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_shown(node.node)}|{node.name}"
    return _expression_text(node)


def _const_int(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _oversized(tree: nodes.Template) -> Iterator[str]:
    for node in tree.find_all(nodes.Mul):
        for count in (_const_int(node.left), _const_int(node.right)):
            if count is not None and count > MAX_LENGTH:
                yield f"重复次数过大（{count}）"
    for node in tree.find_all(nodes.Pow):
        exponent = _const_int(node.right)
        if exponent is not None and exponent > MAX_POWER:
            yield f"乘方的指数过大（{exponent}）"
    for node in tree.find_all((nodes.Filter, nodes.Call)):
        for argument in [*node.args, *(keyword.value for keyword in node.kwargs)]:
            number = _const_int(argument)
            if number is not None and number > MAX_LENGTH:
                yield f"数值过大（{number}），会生成过长的内容"
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name == "range":
            bounds = [_const_int(arg) for arg in node.args]
            if any(b is not None and abs(b) > MAX_RANGE for b in bounds):
                yield f"range() 的范围过大（最多 {MAX_RANGE} 个数）"


def _recursive_macros(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """Macros that call themselves, directly or through others: (message, line of the call)."""
    calls: dict[str, list[tuple[str, int]]] = {}
    for macro in tree.find_all(nodes.Macro):
        calls[macro.name] = [
            (call.node.name, call.lineno)
            for call in macro.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name)
        ]
    for name in calls:
        seen: set[str] = set()
        todo = [(callee, line) for callee, line in calls[name]]
        while todo:
            callee, line = todo.pop()
            if callee == name:
                yield f"宏“{name}”调用了自己（递归）", line
                break
            if callee in calls and callee not in seen:
                seen.add(callee)
                todo += calls[callee]


# ---------------------------------------------------------------- fields


class _Tracker(TrackingCodeGenerator):
    """Jinja's undeclared-name tracker without its optimizer, which would run constant filters."""

    def __init__(self, environment: ReportEnvironment) -> None:
        CodeGenerator.__init__(self, environment, "<introspection>", "<introspection>", optimized=False)
        self.undeclared_identifiers: set[str] = set()


def _fields(environment: ReportEnvironment, tree: nodes.Template) -> set[str]:
    """The report fields a template reads: top-level names, and 单位.名称-style attribute chains."""
    try:
        tracker = _Tracker(environment)
        tracker.visit(tree)
        top = tracker.undeclared_identifiers - _BUILTIN_NAMES
    except (TemplateError, RecursionError):
        stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        top = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} - stored - _BUILTIN_NAMES
    used = set(top)
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in top:
            used.add(f"{node.node.name}.{node.attr}")
    return used


def _first_use(name: str, parsed: list[ParsedTag]) -> str | None:
    head, _, attribute = name.partition(".")
    for item in parsed:
        for node in item.tree.find_all(nodes.Getattr if attribute else nodes.Name):
            if attribute and isinstance(node.node, nodes.Name):
                if node.node.name == head and node.attr == attribute:
                    return item.tag.place
            elif not attribute and node.name == head and node.ctx == "load":
                return item.tag.place
    return None


def _known_field(name: str) -> bool:
    head = name.split(".")[0]
    if head not in TOP_LEVEL_NAMES:
        return False
    if "." not in name:
        return True
    if head in ("材料", "材料段落", "有材料"):
        return name.replace(head, "材料", 1) in _KNOWN_ATTRIBUTES
    return name in _KNOWN_ATTRIBUTES or head not in ("单位",)


__all__ = [
    "LOOP_GUARD",
    "TemplateProblem",
    "TemplateRefused",
    "TemplateReport",
    "check_usable",
    "inspect_template",
]
