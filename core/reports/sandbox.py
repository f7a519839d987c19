"""The hardened Jinja2 sandbox every template is rendered in.

Templates come from other offices: they must never run code, read files, or freeze or exhaust the
program. On top of Jinja's SandboxedEnvironment (no private attributes, no unsafe callables):
no loader (so include/import/extends find nothing), capped ranges, string and list repetition and
powers, an output budget and a time limit per document part, and recursion turned into a refusal.
The inspection in inspect.py refuses most of this before anything runs; this is the second wall.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, Template, Undefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from core.reports.prose import chinese_date, chinese_number, ordinal

MAX_RANGE = 10_000  # items a range() may produce
MAX_REPEAT_LENGTH = 100_000  # characters or items a repetition (*) or concatenation (+, ~) may make
MAX_POWER = 1_000  # the largest exponent of **
MAX_OUTPUT = 50_000_000  # characters one document part may grow to
TIME_LIMIT = 30.0  # seconds one document part may take


class TemplateLimitError(SecurityError):
    """A template reached one of the limits; the message (Chinese) says which."""


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple)) else None


def _capped_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise TemplateLimitError(f"range() 最多产生 {MAX_RANGE} 个数，这里要 {len(result)} 个")
    return result


class BudgetedTemplate(Template):
    """render() through generate(), stopping when the output or the time grows past the limits."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        deadline = time.monotonic() + TIME_LIMIT
        size = 0
        parts: list[str] = []
        for chunk in self.generate(*args, **kwargs):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"生成的内容超过 {MAX_OUTPUT // 1_000_000} 百万字，已停止")
            if time.monotonic() > deadline:
                raise TemplateLimitError(f"生成超过 {int(TIME_LIMIT)} 秒仍未完成，已停止")
            parts.append(chunk)
        return "".join(parts)


class ReportEnvironment(SandboxedEnvironment):
    template_class = BudgetedTemplate
    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, *, strict: bool = False) -> None:
        super().__init__(
            autoescape=True,  # values are escaped for XML
            undefined=StrictUndefined if strict else Undefined,
            loader=None,  # include, import and extends find nothing
            extensions=(),
        )
        self.globals = {"range": _capped_range}  # no cycler, joiner, namespace, lipsum, dict
        self.filters.update(report_filters())
        self.filters.pop("attr", None)  # attribute lookups by string: only through the checked dot syntax

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise TemplateLimitError(f"乘方的指数过大（最大 {MAX_POWER}）")
        if operator_name == "*":
            for sized, count in ((_sized(left), right), (_sized(right), left)):
                if sized is not None and isinstance(count, int) and sized * count > MAX_REPEAT_LENGTH:
                    raise TemplateLimitError(f"重复生成的内容过长（最多 {MAX_REPEAT_LENGTH} 个字）")
        if operator_name == "+":
            left_size, right_size = _sized(left), _sized(right)
            if left_size is not None and right_size is not None and left_size + right_size > MAX_OUTPUT:
                raise TemplateLimitError("拼接的内容过长")
        return _BINOPS[operator_name](left, right)


_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": operator.mul, "**": operator.pow, "+": operator.add}


def report_filters() -> dict[str, Callable[..., Any]]:
    return {"中文数字": chinese_number, "序号": ordinal, "中文日期": chinese_date}
