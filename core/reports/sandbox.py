"""The hardened Jinja2 sandbox every template is rendered in.

Templates come from other offices: they must never run code, read files, or freeze or exhaust the
program. On top of Jinja's SandboxedEnvironment (no private attributes, no unsafe callables):

- no loader (include, import and extends find nothing), no cycler/joiner/namespace/lipsum/dict;
- no |safe, |attr and no {% autoescape false %}: data is always escaped for XML, so a value can never
  become document markup (an INCLUDEPICTURE field, say);
- size caps on every operation that makes text or lists (caps.py), checked before anything is allocated,
  and no constant folding at compile time (Jinja would otherwise run |center(3000000000) while compiling);
- a time limit and a step budget checked inside loops, calls and attribute lookups, not only between
  output chunks, so silent nested loops stop too; the clock is read every few steps, as one step may be
  a long operation (a comparison of million-item lists);
- a count of the bytes of text and lists a document makes on the way (macros, {% set %}, {% call %} and
  {% filter %} blocks, filters, methods, operators, slices; lists, dicts and sets grown in place by their
  methods, an iterator fed to one read within the step budget; the runs and breaks docxtpl will make of
  the output's tabs and line breaks): a small template expanding to hundreds of MB stops at MAX_MADE with
  a Chinese message, long before the worker's memory limit. What the count does not see is the tree lxml
  parses a part's output into (about 20 bytes a character at worst, within MAX_OUTPUT): the worker's
  memory limit is the wall for that;
- only content is written (printable.py): lists joined with “、”, None empty, truth values 是/否; a range,
  generator, macro, method, loop or group of fields is refused, never shown as Python's text;
- data cleaned on output: control characters that docxtpl turns into paragraph or page breaks removed;
- an unknown field renders as a visible placeholder naming it: （此处请补充：单位.校长）.

The inspection in inspect.py refuses most of this before anything runs; this is the second wall, and the
worker process's operating-system limits (worker.py) the third.
"""

from __future__ import annotations

import functools
import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import ChainableUndefined, StrictUndefined, Template, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from markupsafe import EscapeFormatter, Markup

from core import clock
from core.reports import caps
from core.reports.caps import (
    MAX_LENGTH,
    MAX_MADE,
    MAX_OUTPUT,
    MAX_POWER,
    MAX_RANGE,
    TOO_MUCH,
    TemplateLimitError,
)
from core.reports.images import picture_size
from core.reports.printable import checked, printable, refuse_python_text
from core.reports.prose import chinese_date, chinese_number, ordinal

__all__ = [
    "MAX_LENGTH",
    "MAX_OUTPUT",
    "MAX_POWER",
    "MAX_RANGE",
    "MAX_REPEAT_LENGTH",
    "TIME_LIMIT",
    "FieldMap",
    "ReportEnvironment",
    "TemplateLimitError",
    "report_filters",
]

MAX_REPEAT_LENGTH = MAX_LENGTH  # kept for callers that name the repetition cap
TIME_LIMIT = 10.0  # seconds the parts of one document may take together
_CHECK_EVERY = 16  # steps between two looks at the clock (few: one step may be a long operation)
PLACEHOLDER = "（此处请补充：{name}）"
LOOP_GUARD = "_循环"  # the filter wrapped around every for loop's iterable

# Control characters docxtpl reads as structure (\a paragraph, \f page break) or XML cannot hold, and the
# noncharacters, one of which marks the data's underscores below.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
# docxtpl's escapes ({_{ for a literal {{ in a template's text) are undone in the rendered output: an
# underscore of the data's own “{_{” is marked so that it stays (template_escapes_undone puts it back).
_ESCAPE_UNDERSCORE = re.compile(r"(?<=[{}%])_(?=[{}%])")
DATA_UNDERSCORE = "\ufdd0"
_DOCXTPL_ESCAPES = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))


# ---------------------------------------------------------------- fields and placeholders


class FieldMap(dict):  # type: ignore[type-arg]
    """A dict of report fields that knows its own name (单位, 项), so a missing key can be named."""

    __slots__ = ("_field_path",)

    def __init__(self, values: dict[str, Any], path: str) -> None:
        super().__init__(values)
        self._field_path = path


class PlaceholderUndefined(ChainableUndefined):
    """A field the records do not have: shown as （此处请补充：单位.校长）, never blank, never an error."""

    __slots__ = ()

    def field_name(self) -> str:
        owner = self._undefined_obj
        name = self._undefined_name or ""
        path = getattr(owner, "_field_path", None)
        return f"{path}.{name}" if path else str(name)

    def __str__(self) -> str:
        if self._undefined_exception is not None and issubclass(self._undefined_exception, SecurityError):
            self._fail_with_undefined_error()
        return PLACEHOLDER.format(name=self.field_name())

    def __html__(self) -> str:
        return str(Markup.escape(str(self)))


NEWLINE_MARK = "\x0b"  # a line break of the data, told apart from the source's own line ends


def clean_output(value: Any, mark_newlines: bool = False) -> Any:
    """finalize: text from the records loses the control characters docxtpl would turn into breaks; in a
    document (mark_newlines) its line breaks and its own docxtpl escapes are marked. Text a filter made
    from escaped text (|e) too: it is escaped, not cleaned. What is not content is converted or refused
    (printable.py): a report never shows Python's text for an object."""
    if isinstance(value, (list, tuple, dict, set)):
        caps.check_length(value, limit=MAX_OUTPUT)
    value = printable(value)
    if isinstance(value, str):
        refuse_python_text(value)
        if len(value) > MAX_OUTPUT:
            raise caps.too_long()
        cleaned = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        if mark_newlines:
            cleaned = _ESCAPE_UNDERSCORE.sub(DATA_UNDERSCORE, cleaned).replace("\n", NEWLINE_MARK)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def template_escapes_undone(text: str) -> str:
    """The rendered text with docxtpl's escapes of the template's own text undone ({_{ → {{), and the
    data's left as they were."""
    for escaped, plain in _DOCXTPL_ESCAPES:
        text = text.replace(escaped, plain)
    return text.replace(DATA_UNDERSCORE, "_")


# ---------------------------------------------------------------- compiling


class _ReportCodeGenerator(CodeGenerator):
    """Refuses autoescape switches and routes ~ through the size check."""

    def visit_EvalContextModifier(self, node: nodes.EvalContextModifier, frame: Frame) -> None:
        raise TemplateSyntaxError("autoescape", node.lineno, self.name, self.filename)

    def visit_ScopedEvalContextModifier(self, node: nodes.ScopedEvalContextModifier, frame: Frame) -> None:
        raise TemplateSyntaxError("autoescape", node.lineno, self.name, self.filename)

    def buffer(self, frame: Frame) -> None:
        """What a macro, a {% set %}, {% call %} or {% filter %} block or a recursive loop writes goes into
        a list that counts it (Budget.count): Jinja's own is a plain list no limit sees."""
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.budget.buffer()")

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        """No output is made while compiling: “{{ true }}” or “{{ [1]|reverse }}” would be written
        as Python's text, past finalize (clean_output) which makes it content or refuses it. The
        template's own text stays as it is."""
        if isinstance(node, nodes.TemplateData):
            return super()._output_child_to_const(node, frame, finalize)  # type: ignore[no-any-return]
        raise nodes.Impossible()

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        """A slice (“s[1:]”) goes through environment.getitem too, which counts the copy it makes: Jinja
        lets slices bypass it."""
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.getitem(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for bound in (node.arg.start, node.arg.stop, node.arg.step):
            if bound is None:
                self.write("None")
            else:
                self.visit(bound, frame)
            self.write(", ")
        self.write("))")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write(f"environment.checked_concat({bool(frame.eval_ctx.autoescape)}, (")
        for argument in node.nodes:
            self.visit(argument, frame)
            self.write(", ")
        self.write("))")


class Budget:
    """A deadline and a step count, shared by every part of the document being rendered.

    The engine starts it once per document (managed); a template rendered on its own starts it itself.
    """

    def __init__(self) -> None:
        self.deadline = float("inf")
        self.seconds = TIME_LIMIT
        self.steps = 0
        self.made = 0  # bytes of text and lists made so far (count)
        self.managed = False

    def start(self, seconds: float = TIME_LIMIT) -> None:
        self.seconds = seconds
        self.deadline = clock.awake() + seconds
        self.steps = 0
        self.made = 0

    def count(self, value: Any) -> Any:
        """value (returned) counted against MAX_MADE when it is text, bytes, a container or a large
        number: its own bytes, and for a container about a small object's for each item."""
        size = made_size(value)
        if size:
            self.add(size)
        return value

    def add(self, size: int) -> None:
        """size bytes made (a container's growth, text docxtpl will make) counted against MAX_MADE."""
        self.made += size
        if self.made > MAX_MADE:
            raise TemplateLimitError(TOO_MUCH.format(f"{MAX_MADE // 1024 // 1024} MB"))

    def expand(self, text: str) -> None:
        """Before docxtpl's resolve_listing expands a rendered text (each tab into runs of its own, each
        line break into a w:br): what it will add is counted, and a text that would grow past MAX_OUTPUT
        stopped before it is made. A tab repeats its run's properties, which the template chooses: a
        million tabs under a long w:rPr were gigabytes no count saw."""
        growth = listing_growth(text)
        if len(text) + growth > MAX_OUTPUT:
            raise TemplateLimitError(TOO_MUCH.format(f"{MAX_OUTPUT // 10_000} 万字"))
        self.add(growth)

    def buffer(self) -> CountedBuffer:
        return CountedBuffer(self)

    def step(self) -> None:
        self.steps += 1
        if self.steps % _CHECK_EVERY == 0 and clock.awake() > self.deadline:
            raise TemplateLimitError(f"生成超过 {self.seconds:g} 秒仍未完成，已停止")


ITEM_SIZE = 48  # bytes counted for each item of a container: about a small object's
_CONTAINERS = (list, tuple, dict, set, frozenset)
# Bytes counted for each item a list or set (a slot and an item) or a dict (a key and a value) grows by.
_GROWTH = {list: 16 + ITEM_SIZE, dict: 32 + 2 * ITEM_SIZE}


_RUN_PROPERTIES = re.compile(r"<w:rPr>.*?</w:rPr>", re.DOTALL)
_TAB_XML = len('</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">')
_BREAK_XML = len('</w:t><w:br/><w:t xml:space="preserve">')


def listing_growth(text: str) -> int:
    """At most how many characters docxtpl's resolve_listing adds to text."""
    tabs, breaks = text.count("\t"), text.count("\n")
    longest = 0
    if tabs:
        longest = max((found.end() - found.start() for found in _RUN_PROPERTIES.finditer(text)), default=0)
    return tabs * (_TAB_XML + 2 * longest) + breaks * _BREAK_XML


def made_size(value: Any) -> int:
    """About the bytes value holds of its own (0 for what is small or not made by a template)."""
    if isinstance(value, (str, bytes, bytearray)):
        return sys.getsizeof(value)
    if isinstance(value, _CONTAINERS):
        return sys.getsizeof(value) + ITEM_SIZE * len(value)
    if isinstance(value, int) and value.bit_length() > 64:
        return sys.getsizeof(value)
    return 0


class CountedBuffer(list):  # type: ignore[type-arg]
    """A block's output buffer: every piece written into it is counted against the document's MAX_MADE."""

    __slots__ = ("_budget",)

    def __init__(self, budget: Budget) -> None:
        super().__init__()
        self._budget = budget

    def append(self, value: Any) -> None:
        super().append(self._budget.count(value))

    def extend(self, values: Iterable[Any]) -> None:
        super().extend(self._budget.count(value) for value in values)


class BudgetedTemplate(Template):
    """render() through generate(), within the time limit and the output cap."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return "".join(self.chunks(*args, **kwargs))

    def chunks(self, *args: Any, **kwargs: Any) -> Iterator[str]:
        """The output piece by piece (a large document is written as it comes), within the same limits."""
        environment = self.environment
        budget = getattr(environment, "budget", None)
        if isinstance(budget, Budget) and not budget.managed:
            budget.start()
        size = 0
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(TOO_MUCH.format(f"{MAX_OUTPUT // 10_000} 万字"))
            yield chunk


class _CappedFormatter(SandboxedFormatter):
    """str.format's formatter with each field's spec checked once it is complete: a width given by a
    nested field (“{:{w}}”) as a text or inside a mapping is known only then."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        """Each field as the report would show it (printable): a list joined, no object's Python text."""
        caps.check_format_spec(format_spec)
        return super().format_field(printable(value), format_spec)


class _CappedEscapeFormatter(_CappedFormatter, EscapeFormatter):
    pass


class ReportEnvironment(SandboxedEnvironment):
    template_class = BudgetedTemplate
    code_generator_class = _ReportCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *, strict: bool = False, mark_newlines: bool = False) -> None:
        """mark_newlines: data's line breaks are output as NEWLINE_MARK (for the engine, whose sources
        hold one paragraph a line)."""
        super().__init__(
            autoescape=True,  # values are escaped for XML
            undefined=StrictUndefined if strict else PlaceholderUndefined,
            loader=None,  # include, import and extends find nothing
            extensions=(),
            optimized=False,  # no constant folding: filters run only when rendering, inside the limits
            finalize=(lambda value: clean_output(value, True)) if mark_newlines else clean_output,
        )
        self.budget = Budget()
        self.globals = {"range": self._range}  # no cycler, joiner, namespace, lipsum, dict
        for name in caps.REMOVED_FILTERS:
            self.filters.pop(name, None)
        self.filters.update(caps.capped_filters())
        self.filters.update(report_filters())
        self.filters = {name: self._counted(name, function) for name, function in self.filters.items()}
        self.filters[LOOP_GUARD] = self._guarded_iteration

    # -- parsing: every loop's iterable goes through the step budget

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == LOOP_GUARD):
                loop.iter = nodes.Filter(loop.iter, LOOP_GUARD, [], [], None, None, lineno=loop.lineno)
        return tree

    def _counted(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """The filter with its result counted (Budget.count); a filter that makes text gets its value
        as the report would show it (a list joined, never Python's text for it)."""
        skip = 1 if hasattr(function, "jinja_pass_arg") else 0
        convert = printable if name in TEXT_FILTERS else None
        count = self.budget.count

        @functools.wraps(function)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if len(args) > skip:
                value = args[skip]
                if convert is not None:
                    value = convert(value)
                elif (
                    name == "join"
                    and isinstance(value, (list, tuple))
                    and not kwargs
                    and len(args) < skip + 3
                ):
                    value = [printable(item) for item in value]
                args = (*args[:skip], value, *(checked(argument) for argument in args[skip + 1 :]))
            return count(function(*args, **kwargs))

        return counted

    def _guarded_iteration(self, iterable: Iterable[Any]) -> Iterator[Any]:
        step = self.budget.step
        for item in iterable:
            step()
            yield item

    def _range(self, *args: int) -> range:
        self.budget.step()
        return caps.check_range(*args)

    # -- run time

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's own wrapper of str.format and format_map, with the capped formatter."""
        if super().wrap_str_format(value) is None:
            return None
        text = value.__self__
        escaped = isinstance(text, Markup)
        formatter = _CappedEscapeFormatter(self, escape=text.escape) if escaped else _CappedFormatter(self)
        is_map = value.__name__ == "format_map"

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return type(text)(formatter.vformat(text, args, kwargs))

        return functools.update_wrapper(wrapper, value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.step()
        if isinstance(argument, slice):  # a copy (“s[1:]”, “l[::-1]”), made as Jinja makes it; counted
            return self.budget.count(obj[argument])
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """The call within the limits. A method of a list, dict or set may grow it in place (append,
        extend, update, …): its growth is counted, and what it is fed one item at a time (a |map or
        |select over the list itself never ends) is stepped and capped. A text's join is given the items
        once, after they are checked (a |map's items can be read only once)."""
        budget = __self.budget
        budget.step()
        owner = _owner(__obj)
        if isinstance(owner, (list, dict, set)):
            args = tuple(__self._fed(argument) for argument in args)
            kwargs = {name: __self._fed(argument) for name, argument in kwargs.items()}
        elif isinstance(owner, str) and _name(__obj) == "join" and args and isinstance(args[0], Iterator):
            args = (list(__self._fed(args[0])), *args[1:])
        caps.check_method_call(__obj, args, kwargs)
        size = len(owner) if isinstance(owner, (list, dict, set)) else 0
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(owner, (list, dict, set)) and len(owner) > size:
            budget.add((len(owner) - size) * _GROWTH[dict if isinstance(owner, dict) else list])
        if isinstance(result, str) and len(result) > MAX_OUTPUT:
            raise caps.too_long()
        return budget.count(result)

    def _fed(self, value: Any) -> Any:
        """An iterator given to a method, read within the step budget and at most MAX_LENGTH items, each
        counted (|batch makes a list of up to a million items each time it is read)."""
        if not isinstance(value, Iterator):
            return value
        return self._capped_items(value)

    def _capped_items(self, items: Iterator[Any]) -> Iterator[Any]:
        step, count = self.budget.step, self.budget.count
        for number, item in enumerate(items):
            if number >= MAX_LENGTH:
                raise caps.too_long("列表")
            step()
            yield count(item)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        self.budget.step()
        if operator_name == "%" and isinstance(left, str):
            right = _format_arguments(right)
        _BINOP_CHECKS[operator_name](left, right)
        return self.budget.count(_BINOPS[operator_name](left, right))

    def checked_concat(self, autoescape: bool, values: tuple[Any, ...]) -> str:
        self.budget.step()
        values = tuple(printable(value) for value in values)
        total = 0
        for value in values:
            total += len(value) if isinstance(value, str) else caps.text_length(value)
            if total > MAX_LENGTH:
                raise caps.too_long("拼接的内容")
        return self.budget.count(markup_join(values) if autoescape else str_join(values))


def _owner(function: Any) -> Any:
    """The object a bound method belongs to (str.format's is wrapped by the sandbox)."""
    return getattr(getattr(function, "__wrapped__", function), "__self__", None)


def _name(function: Any) -> str:
    return str(getattr(getattr(function, "__wrapped__", function), "__name__", ""))


# Filters that make text of their value: given it as the report would show it (printable).
TEXT_FILTERS = frozenset(
    {
        "string",
        "e",
        "escape",
        "forceescape",
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "center",
        "indent",
        "wordwrap",
        "striptags",
        "truncate",
        "replace",
        "format",
        "urlencode",
        "wordcount",
    }
)


def _format_arguments(arguments: Any) -> Any:
    """The right side of “'%s' % x”: lists written as the report shows them, no object with no content."""
    if isinstance(arguments, tuple):
        return tuple(_format_argument(argument) for argument in arguments)
    return _format_argument(arguments)


def _format_argument(argument: Any) -> Any:
    if isinstance(argument, (int, float, dict)):
        return argument
    return printable(argument)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {
    "*": operator.mul,
    "**": operator.pow,
    "+": operator.add,
    "%": operator.mod,
}
_BINOP_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "*": caps.check_multiply,
    "**": caps.check_power,
    "+": caps.check_add,
    "%": caps.check_modulo,
}


def report_filters() -> dict[str, Callable[..., Any]]:
    return {"中文数字": chinese_number, "序号": ordinal, "中文日期": chinese_date, "图片大小": picture_size}
