"""The report engine: a template compiled once, rendered per unit, every part exactly once.

docxtpl reopens, repatches and recompiles the whole document for every render and renders footnotes once
per section (so a unit's name that reached a footnote is evaluated again as template text). Here the
package is read and checked once, active content stripped once, each templated part patched (docxtpl's
patch_xml) and compiled once; a render fills each part once, and the output package is the template's
own members with the rendered parts in their place. Run-time errors of any kind become one Chinese
message naming the template, the unit, the place and the expression.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from lxml import etree

from core.errors import UserError
from core.reports import body_stream
from core.reports.active import ActiveContent, FieldWatch, made_fields, strip_active_content
from core.reports.caps import TemplateLimitError
from core.reports.finish import finish_body
from core.reports.images import (
    CONTENT_TYPES,
    RID_PREFIX,
    Picture,
    picture_members,
    pictures_in,
    used_pictures,
    without_pictures,
)
from core.reports.package import (
    DOCXTPL,
    PROPERTIES_LABEL,
    XML_DECLARATION,
    XML_PARSER,
    Tag,
    TemplatePackage,
    out_of_memory,
)
from core.reports.sandbox import (
    NEWLINE_MARK,
    TIME_LIMIT,
    FieldMap,
    ReportEnvironment,
    template_escapes_undone,
)
from core.reports.syntax import place_of_line

log = logging.getLogger(__name__)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DCTERMS = "http://purl.org/dc/terms/"
# What a list's items are called in the field manual (项.称号, 年.表述), for naming a missing field.
ITEM_NAMES = {"荣誉": "项", "荣誉按年度": "年", "荣誉按级别": "级", "集体荣誉": "项", "个人荣誉": "项"}
_RECOVERING_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)


class TemplateRunError(UserError):
    """A template failed while rendering for a unit; the message (Chinese) names where and why."""


@dataclass
class CompiledPart:
    member: str
    label: str
    source: str
    tags: list[Tag]
    template: Template
    body: bool  # the main document (its tables are fixed after rendering, as docxtpl does)
    fix_tables: bool


@dataclass
class Rendered:
    """One unit's document: the body's tree and every other rendered part's XML."""

    body: etree._Element | None = None
    parts: dict[str, bytes] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)  # by relationship id: those the body shows


def wrap_fields(value: Any, path: str, seen: dict[tuple[int, str], Any] | None = None) -> Any:
    """Dicts become FieldMaps that know their field name, so a missing field is shown by its name. A dict or
    list the context holds in several places (a summary's holders under 按称号, 按级别, 文明创建…) is wrapped
    once per name: memory follows the context instead of multiplying it."""
    kind = type(value)
    if kind is not dict and kind is not list:
        return value
    seen = {} if seen is None else seen
    key = (id(value), path)
    if key in seen:
        return seen[key]
    if kind is dict:
        wrapped: Any = FieldMap(
            {k: wrap_fields(v, f"{path}.{k}", seen) if type(v) in _NESTED else v for k, v in value.items()},
            path,
        )
    elif any(type(v) in _NESTED for v in value):
        item = ITEM_NAMES.get(path.rpartition(".")[2], "项")
        wrapped = [wrap_fields(v, item, seen) for v in value]
    else:
        wrapped = value
    seen[key] = wrapped
    return wrapped


_NESTED = (dict, list)


def wrap_context(context: dict[str, Any]) -> dict[str, Any]:
    seen: dict[tuple[int, str], Any] = {}  # the context keeps the originals alive: their ids stay unique
    return {key: wrap_fields(value, key, seen) for key, value in context.items()}


class CompiledTemplate:
    """One template, checked and compiled once for a batch of units."""

    def __init__(
        self, package: TemplatePackage, *, keep_active: bool = False, time_limit: float = TIME_LIMIT
    ) -> None:
        self.name = package.name
        self.stripped: list[ActiveContent] = []
        self.keep_active = keep_active
        if not keep_active:
            package, self.stripped = strip_active_content(package)
        self.package = package
        self.time_limit = time_limit
        self.environment = ReportEnvironment(mark_newlines=True)
        self.environment.budget.managed = True
        self.parts = [self._compile(part) for part in package.parts() if part.templated]
        self.order = list(package.members)
        self._static: bytes | None = None

    def _compile(self, part: Any) -> CompiledPart:
        try:
            template = self.environment.from_string(part.source)
        except TemplateError as error:
            raise TemplateRunError(
                f"模板“{self.name}”的{part.label}有语法错误，请先用“检查模板”查看。"
            ) from error
        except (RecursionError, MemoryError, SyntaxError, ValueError) as error:
            raise TemplateRunError(
                f"模板“{self.name}”的{part.label}嵌套层次过多或数字过大，无法使用。"
            ) from error
        fix = any(marker in part.xml for marker in ("{%tc", "colspan", "hm %}", "vm %}"))
        return CompiledPart(
            part.member, part.label, part.source, part.tags, template, part.member == self.package.main, fix
        )

    def names(self) -> list[str]:
        """The fields the template's parts take from the context (jinja2.meta): a summary computes only
        these."""
        found: set[str] = set()
        for part in self.parts:
            found |= meta.find_undeclared_variables(self.environment.parse(part.source))
        return sorted(found)

    # -- rendering

    def render(self, context: dict[str, Any], unit_name: str = "") -> Rendered:
        """The rendered parts for one unit's context: the body as a tree, the others as XML bytes."""
        fields = wrap_context(context)
        available = pictures_in(context)
        self.environment.budget.start(self.time_limit)
        rendered = Rendered()
        for part in self.parts:
            try:
                text = part.template.render(fields)
                result = self._finish(text, part, unit_name)
            except UserError:
                raise
            except Exception as error:  # a template can make Python raise almost anything
                raise self._failure(error, part, unit_name) from error
            if isinstance(result, bytes):
                rendered.parts[part.member] = result
            else:
                rendered.body = result
                rendered.pictures = used_pictures(result, available)
        return rendered

    def write_streamed(self, context: dict[str, Any], unit_name: str, target: Path) -> None:
        """render() then write(), the body streamed through a spool file (body_stream.py): a summary over
        thousands of units never holds its body's text or tree. The file written is the same."""
        body = next((part for part in self.parts if part.body), None)
        if body is None or body.fix_tables:  # docxtpl's fix_tables works on the whole text
            self.write(self.render(context, unit_name), target)
            return
        fields = wrap_context(context)
        available = pictures_in(context)
        self.environment.budget.start(self.time_limit)
        rendered = Rendered()
        with tempfile.TemporaryDirectory(prefix="honourdesk-body-") as folder:
            spooled, finished = Path(folder) / "rendered.xml", Path(folder) / "document.xml"
            for part in self.parts:
                try:
                    if part is body:
                        with spooled.open("wb") as out:
                            body_stream.spool(
                                part.template.chunks(fields),
                                out,
                                NEWLINE_MARK,
                                self.environment.budget.expand,
                            )
                        watch = FieldWatch()
                        plan = body_stream.plan_body(spooled, watch)
                        self._refuse_made_fields(watch.finish(), part, unit_name)
                    else:
                        rendered.parts[part.member] = self._finish(
                            part.template.render(fields), part, unit_name
                        )  # type: ignore[assignment]
                except UserError:
                    raise
                except etree.XMLSyntaxError as error:
                    raise self._not_xml(part, error) from error
                except Exception as error:  # a template can make Python raise almost anything
                    raise self._failure(error, part, unit_name) from error
            with finished.open("wb") as out:
                out.write(XML_DECLARATION.encode("utf-8"))
                rendered.pictures = body_stream.write_body(spooled, plan, out, available)
            spooled.unlink()
            self.write(rendered, target, body=finished)

    def _finish(self, text: str, part: CompiledPart, unit_name: str = "") -> bytes | etree._Element:
        text = text.replace("\n", "")  # the source's own line ends (one paragraph a line)
        text = template_escapes_undone(text)
        if part.label == PROPERTIES_LABEL:
            return self._properties(text.replace(NEWLINE_MARK, " "))
        text = text.replace(NEWLINE_MARK, "\n")
        if "\n" in text or "\t" in text:
            self.environment.budget.expand(text)
            text = DOCXTPL.resolve_listing(text)
        if part.body:
            root = self._parse(text, part, recover=True)
            if part.fix_tables:
                root = DOCXTPL.fix_tables(etree.tostring(root, encoding="unicode"))
            self._refuse_made_fields(made_fields(root), part, unit_name)
            renumber_drawings(root)
            finish_body(root)  # 落款 from the text widths, 荣誉一览表 columns (only in their own styles)
            return root
        root = self._parse(text, part, recover=False)
        self._refuse_made_fields(made_fields(root), part, unit_name)
        if RID_PREFIX in text and without_pictures(root):
            return serialise(root)
        return (XML_DECLARATION + text).encode("utf-8")

    def _parse(self, text: str, part: CompiledPart, *, recover: bool) -> etree._Element:
        try:
            return etree.fromstring(text.encode("utf-8"), _RECOVERING_PARSER if recover else XML_PARSER)
        except etree.XMLSyntaxError as error:
            raise self._not_xml(part, error) from error

    def _refuse_made_fields(self, instructions: list[str], part: CompiledPart, unit_name: str) -> None:
        """A field that makes Word run a program or fetch a file, made while rendering (active.FieldWatch):
        the template was stripped of its own, so this one came from a tag or from the data."""
        if instructions and not self.keep_active:
            who = f"为“{unit_name}”" if unit_name else ""
            raise TemplateRunError(
                f"模板“{self.name}”{who}生成的{part.label}含有{instructions[0]}，会让 Word 打开文件时"
                "运行程序或读取外部文件。模板可能含有恶意内容。未写入文件。"
            )

    def _not_xml(self, part: CompiledPart, error: etree.XMLSyntaxError) -> Exception:
        """The rendered part is not XML, or is more than the memory can hold (libxml2 tells both alike)."""
        if out_of_memory(error):
            return MemoryError()
        return TemplateRunError(
            f"模板“{self.name}”的{part.label}生成后不是有效的 Word 内容：标签可能放错了位置"
            "（如 {%p %} 与其他文字在同一段）。未写入文件。"
        )

    def _properties(self, text: str) -> bytes:
        root = etree.fromstring(text.encode("utf-8"), XML_PARSER)
        now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for name in ("created", "modified"):
            element = root.find(f"{{{DCTERMS}}}{name}")
            if element is not None:
                element.text = now
        return serialise(root)

    def _failure(self, error: BaseException, part: CompiledPart, unit_name: str) -> TemplateRunError:
        log.info("template %s failed for %s in %s", self.name, unit_name, part.label, exc_info=error)
        line = _template_line(error)
        where, tags = place_of_line(part.source, line, part.tags, part.label)
        expression = f"，表达式“{'”“'.join(tags[:3])}”" if tags else ""
        who = f"为“{unit_name}”" if unit_name else ""
        return TemplateRunError(
            f"模板“{self.name}”{who}生成时出错：{reason(error)}（位置：{where}{expression}）。未写入文件。"
        )

    # -- writing

    @property
    def static_package(self) -> bytes:
        """The members no render changes, compressed once for the whole batch."""
        if self._static is None:
            buffer = io.BytesIO()
            rendered = {part.member for part in self.parts} | set(self._picture_members)
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for member in self.order:
                    if member not in rendered:
                        archive.writestr(member, self.package.members[member])
            self._static = buffer.getvalue()
        return self._static

    @property
    def _picture_members(self) -> tuple[str, str]:
        """The members a report with pictures changes: the body's relationships and the content types."""
        return self.package.rels_member(self.package.main), CONTENT_TYPES

    def write(self, rendered: Rendered, target: Path, body: Path | None = None) -> None:
        """One .docx: the template's unchanged members (compressed once), then the rendered parts and
        the pictures the body shows (media parts, relationships, content types). body: a file holding
        the finished document.xml, in place of rendered.body."""
        buffer = io.BytesIO(self.static_package)
        members = self.package.members
        rels, types = self._picture_members
        added = picture_members(members, self.package.main, rels, rendered.pictures)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
            if body is not None:
                archive.write(body, self.package.main)
            elif rendered.body is not None:
                archive.writestr(self.package.main, serialise(rendered.body))
            for member, blob in rendered.parts.items():
                archive.writestr(member, blob)
            for member in (rels, types):
                if member in added or member in members:
                    archive.writestr(member, added.pop(member, None) or members[member])
            for member, blob in added.items():
                archive.writestr(member, blob)
        Path(target).write_bytes(buffer.getvalue())


def serialise(root: etree._Element) -> bytes:
    return XML_DECLARATION.encode("utf-8") + etree.tostring(root, encoding="utf-8")


def renumber_drawings(root: etree._Element, start: int = 1) -> int:
    """Unique ids for the drawings a loop repeated (Word refuses a document with two equal ids)."""
    number = start
    for drawing in root.iter(f"{{{WP}}}docPr"):
        drawing.set("id", str(number))
        number += 1
    return number


def _template_line(error: BaseException) -> int | None:
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


_VALUE_REASONS = (
    ("integer string conversion", "数字的位数过多"),
    ("Circular reference", "内容引用了自身"),
    ("invalid literal for int", "把不是数字的内容当作数字"),
    ("could not convert", "把不是数字的内容当作数字"),
)


def reason(error: BaseException) -> str:
    """Why a render failed, in Chinese, from the kind of error (never the library's English text)."""
    if isinstance(error, TemplateLimitError):
        return str(error)
    if isinstance(error, UndefinedError):
        found = re.search(r"'([^']+)' is undefined", error.message or "")
        return f"用到了不存在的字段“{found.group(1)}”" if found else "用到了不存在的字段"
    if isinstance(error, SecurityError):
        return "访问了不允许访问的内容"
    if isinstance(error, RecursionError):
        return "嵌套或递归过深"
    if isinstance(error, MemoryError):
        return "所需内存超出限制"
    if isinstance(error, ZeroDivisionError):
        return "除数为零"
    if isinstance(error, OverflowError):
        return "数值过大"
    if isinstance(error, ValueError):
        text = str(error)
        return next((chinese for english, chinese in _VALUE_REASONS if english in text), "值不合要求")
    if isinstance(error, TypeError):
        return "值的类型不合要求（如把文字当作数字计算，或对空值使用过滤器）"
    if isinstance(error, (KeyError, IndexError)):
        return "取的项不存在"
    if isinstance(error, TemplateError):
        return "模板写法有误"
    return "出现错误"
