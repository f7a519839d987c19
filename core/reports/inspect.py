"""What a template uses and whether it may be used: fields, syntax errors (with the paragraph they
stand in) and unsafe expressions, found before anything is rendered."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes

from core.errors import UserError
from core.reports.fields import FILTER_NAMES, REPORT_FIELDS, TOP_LEVEL_NAMES
from core.reports.sandbox import MAX_POWER, MAX_RANGE, MAX_REPEAT_LENGTH, ReportEnvironment

log = logging.getLogger(__name__)

_TEMPLATE_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_TAGS = re.compile(r"<[^>]+>")
_KNOWN_ATTRIBUTES = {f.name for f in REPORT_FIELDS if "." in f.name}
# Names Jinja itself provides inside a template.
_BUILTIN_NAMES = {"loop", "range", "true", "false", "none", "True", "False", "None"}


@dataclass(frozen=True)
class TemplateProblem:
    message: str  # Chinese
    where: str = ""  # the paragraph (or part) it stands in

    def __str__(self) -> str:
        return f"{self.message}（位置：{self.where}）" if self.where else self.message


@dataclass
class TemplateReport:
    name: str
    fields_used: list[str] = field(default_factory=list)
    unknown_fields: list[str] = field(default_factory=list)
    syntax_errors: list[TemplateProblem] = field(default_factory=list)
    unsafe: list[TemplateProblem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not self.syntax_errors and not self.unsafe

    def refusal(self) -> str:
        problems = [*self.unsafe, *self.syntax_errors]
        lines = [f"模板“{self.name}”不能使用："] + [f"  {problem}" for problem in problems]
        return "\n".join(lines)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "usable": self.usable,
            "fields_used": self.fields_used,
            "unknown_fields": self.unknown_fields,
            "syntax_errors": [{"message": p.message, "where": p.where} for p in self.syntax_errors],
            "unsafe": [{"message": p.message, "where": p.where} for p in self.unsafe],
        }


class TemplateRefused(UserError):
    def __init__(self, report: TemplateReport) -> None:
        self.report = report
        super().__init__(report.refusal())


def check_usable(path: Path, name: str | None = None) -> TemplateReport:
    """Inspect and raise TemplateRefused when the template may not be used."""
    report = inspect_template(path, name)
    if not report.usable:
        raise TemplateRefused(report)
    return report


def inspect_template(path: Path, name: str | None = None) -> TemplateReport:
    path = Path(path)
    report = TemplateReport(name or path.stem)
    environment = ReportEnvironment()
    used: set[str] = set()
    for part, source in _jinja_sources(path):
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:  # TemplateAssertionError (an unknown filter) is one too
            report.syntax_errors.append(
                TemplateProblem(_syntax_message(error), _paragraph_at(source, error.lineno))
            )
            continue
        report.unsafe += [TemplateProblem(message, where or part) for message, where in _unsafe(tree, source)]
        used |= _fields(tree)
    report.fields_used = sorted(used)
    report.unknown_fields = sorted(
        name
        for name in used
        if name.split(".")[0] not in TOP_LEVEL_NAMES or ("." in name and not _known(name))
    )
    return report


def _known(name: str) -> bool:
    head = name.split(".")[0]
    if head in ("材料", "材料段落", "有材料"):
        return name.replace(head, "材料", 1) in _KNOWN_ATTRIBUTES
    return name in _KNOWN_ATTRIBUTES or head not in ("单位",)


def _jinja_sources(path: Path) -> Iterator[tuple[str, str]]:
    """Each templated part of the .docx as the Jinja source docxtpl renders (one paragraph a line)."""
    try:
        template = DocxTemplate(path)
        template.init_docx()
        parts = [("正文", template.get_xml())]
        for uri, label in ((template.HEADER_URI, "页眉"), (template.FOOTER_URI, "页脚")):
            parts += [
                (label, template.get_part_xml(part)) for _key, part in template.get_headers_footers(uri)
            ]
    except Exception as error:  # python-docx raises many kinds for a file that is not a document
        log.info("cannot open template %s", path, exc_info=error)
        raise UserError(f"文件“{path.name}”不是可用的 Word 文档（.docx）。") from error
    for name, xml in parts:
        source = template.patch_xml(xml)
        yield name, re.sub(r"<w:p([ >])", r"\n<w:p\1", source)


def _syntax_message(error: TemplateSyntaxError) -> str:
    return f"语法错误：{error.message}"


def _paragraph_at(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = source.splitlines()
    text = _TAGS.sub("", lines[lineno - 1]) if 0 < lineno <= len(lines) else ""
    return text.strip()[:80] or f"第 {lineno} 段"


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


def _unsafe(tree: nodes.Template, source: str) -> Iterator[tuple[str, str]]:
    """Expressions a template from elsewhere must not contain."""
    lines = source.splitlines()

    def where(node: nodes.Node) -> str:
        lineno = getattr(node, "lineno", 0)
        return _TAGS.sub("", lines[lineno - 1]).strip()[:80] if 0 < lineno <= len(lines) else ""

    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        yield "不允许引用其他文件（include、import、extends）", where(node)
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(name, str) and name.startswith("_"):
            yield f"不允许访问内部属性“{_expression_text(node)}”", where(node)
    for node in tree.find_all(nodes.Filter):
        if node.name == "attr":
            yield "不允许使用 attr 过滤器按名称取属性", where(node)
        elif node.name not in ReportEnvironment().filters and node.name not in FILTER_NAMES:
            yield f"未知的过滤器“{node.name}”", where(node)
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name in ("self", "cycler", "joiner", "namespace", "lipsum", "dict"):
            yield f"不允许使用“{node.name}”", where(node)
    yield from ((message, where(node)) for message, node in _oversized(tree))
    yield from ((message, where(node)) for message, node in _recursive_macros(tree))


def _const_int(node: nodes.Node) -> int | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _oversized(tree: nodes.Template) -> Iterator[tuple[str, nodes.Node]]:
    for node in tree.find_all(nodes.Mul):
        for count in (_const_int(node.left), _const_int(node.right)):
            if count is not None and count > MAX_REPEAT_LENGTH:
                yield f"重复次数过大（{count}）", node
    for node in tree.find_all(nodes.Pow):
        exponent = _const_int(node.right)
        if exponent is not None and exponent > MAX_POWER:
            yield f"乘方的指数过大（{exponent}）", node
    for node in tree.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name == "range":
            bounds = [_const_int(arg) for arg in node.args]
            if any(b is not None and abs(b) > MAX_RANGE for b in bounds):
                yield f"range() 的范围过大（最多 {MAX_RANGE} 个数）", node


def _recursive_macros(tree: nodes.Template) -> Iterator[tuple[str, nodes.Node]]:
    for macro in tree.find_all(nodes.Macro):
        for call in macro.find_all(nodes.Call):
            if isinstance(call.node, nodes.Name) and call.node.name == macro.name:
                yield f"宏“{macro.name}”调用了自己（递归）", call


def _fields(tree: nodes.Template) -> set[str]:
    """The report fields a template reads: top-level names, and 单位.名称-style attribute chains."""
    try:
        top = meta.find_undeclared_variables(tree) - _BUILTIN_NAMES
    except TemplateError:  # an unknown filter stops Jinja's analysis; it is reported as unsafe already
        stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
        top = {n.name for n in tree.find_all(nodes.Name) if n.ctx == "load"} - stored - _BUILTIN_NAMES
    used = set(top)
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in top:
            used.add(f"{node.node.name}.{node.attr}")
    return used
