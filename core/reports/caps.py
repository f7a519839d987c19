"""Size caps inside the sandbox: every operation that can make a long string or list is checked before it
allocates, so a template is stopped with a Chinese message instead of taking gigabytes.

This is the first wall. The second is the worker process's operating-system limits (worker.py): whatever
slips past these checks is killed there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2.exceptions import SecurityError

MAX_LENGTH = 1_000_000  # characters or items one operation (a filter, a method, *, +, ~) may make
MAX_RANGE = 10_000  # numbers a range() may produce
MAX_POWER = 1_000  # the largest exponent of **
MAX_INT_BITS = 100_000  # the largest whole number an operation may make (about 30,000 digits)
MAX_OUTPUT = 50_000_000  # characters one document part (or one macro's output) may grow to
# Bytes of text and lists one document may make on its way to the output, all told: what macros, {% set %}
# and {% call %} blocks, filters, methods and operators return. Python's memory for them, so that a small
# template building hundreds of MB out of loops and macros is stopped long before the worker's memory limit.
MAX_MADE = 200 * 1024 * 1024
TOO_MUCH = "生成的内容超过上限（{}），已停止：模板可能含有无限展开的循环或宏"


class TemplateLimitError(SecurityError):
    """A template reached one of the limits; the message (Chinese) says which."""


def refuse(what: str) -> None:
    raise TemplateLimitError(what)


def too_long(what: str = "生成的内容") -> TemplateLimitError:
    return TemplateLimitError(f"{what}过长（最多 {MAX_LENGTH:,} 个字）")


# ---------------------------------------------------------------- estimating sizes


def text_length(value: Any, limit: int = MAX_LENGTH) -> int:
    """About len(str(value)); the walk stops once past limit, so it is cheap whatever value holds
    (a list holding itself, or one long text a million times, counts as too long, not as forever)."""
    if isinstance(value, str):
        return len(value)
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) * 4 + 2  # repr() inside a container may escape every character
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, bool) or item is None:
            total += 5
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        else:
            total += 32  # dates, floats, Undefined: short
        if total > limit:
            return total
    return total


def check_length(value: Any, what: str = "生成的内容", limit: int = MAX_LENGTH) -> None:
    if text_length(value, limit) > limit:
        raise too_long(what)


def _sized(value: Any) -> int | None:
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, (list, tuple)):
        return text_length(value)
    return None


# ---------------------------------------------------------------- operators


def check_multiply(left: Any, right: Any) -> None:
    for sized, count in ((_sized(left), right), (_sized(right), left)):
        if sized is not None and isinstance(count, int) and sized * count > MAX_LENGTH:
            raise too_long("重复生成的内容")
    if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        refuse("相乘得到的数过大")


def check_add(left: Any, right: Any) -> None:
    left_size, right_size = _sized(left), _sized(right)
    if left_size is not None and right_size is not None and left_size + right_size > MAX_LENGTH:
        raise too_long("拼接的内容")


def check_power(base: Any, exponent: Any) -> None:
    if isinstance(exponent, (int, float)) and abs(exponent) > MAX_POWER:
        refuse(f"乘方的指数过大（最大 {MAX_POWER}）")
    if _is_int(base) and _is_int(exponent) and exponent > 0 and base.bit_length() * exponent > MAX_INT_BITS:
        refuse("乘方得到的数过大")


def check_modulo(left: Any, right: Any) -> None:
    if isinstance(left, str):
        check_percent_format(left, right)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*\}")


def check_percent_format(pattern: str, arguments: Any) -> None:
    """'%999999999d' % 1 makes a billion characters: widths and precisions are capped."""
    values = arguments if isinstance(arguments, (tuple, list)) else [arguments]
    for width, precision in _PERCENT_SPEC.findall(pattern):
        for number in (width, precision):
            if number.isdigit() and int(number) > MAX_LENGTH:
                raise too_long("格式化的内容")
            if number == "*" and any(_is_int(v) and v > MAX_LENGTH for v in values):
                raise too_long("格式化的内容")


def check_brace_format(pattern: str, args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    """'{:>999999999}'.format(1): widths and precisions in the format specs are capped."""
    for spec in _BRACE_SPEC.findall(pattern):
        if any(int(number) > MAX_LENGTH for number in re.findall(r"\d+", spec.partition(":")[2])):
            raise too_long("格式化的内容")
    if "{" in pattern.replace("{{", ""):
        nested = [*args, *kwargs.values()]
        if re.search(r":[^}]*\{", pattern) and any(_is_int(v) and v > MAX_LENGTH for v in nested):
            raise too_long("格式化的内容")


def check_format_spec(spec: str) -> None:
    """A complete format spec (“>999999999”, “.5000f”): its width and precision within the cap."""
    for number in re.findall(r"\d+", spec):
        digits = number.lstrip("0")
        if len(digits) > len(str(MAX_LENGTH)) or (digits and int(digits) > MAX_LENGTH):
            raise too_long("格式化的内容")


def check_range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        refuse(f"range() 最多产生 {MAX_RANGE} 个数，这里要 {len(result)} 个")
    return result


# ---------------------------------------------------------------- methods of str, list and dict


def _width(value: Any) -> int:
    return len(value) if isinstance(value, str) else int(value) if _is_int(value) else 0


def _replace_length(text: str, old: Any, new: Any, count: Any = -1) -> int:
    old, new = str(old), str(new)
    if len(new) <= len(old):
        return len(text)
    found = len(text) + 1 if not old else text.count(old)
    if _is_int(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * (len(new) - len(old))


def _join_length(separator: Any, items: list[Any]) -> int:
    total = len(str(separator)) * max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, str) else text_length(item)
        if total > MAX_LENGTH:
            break
    return total


def check_str_method(text: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    first = args[0] if args else next(iter(kwargs.values()), None)
    if name in ("center", "ljust", "rjust", "zfill") and _width(first) > MAX_LENGTH:
        raise too_long("补齐后的内容")
    elif name == "expandtabs":
        size = first if _is_int(first) else 8
        if text.count("\t") * max(size, 0) + len(text) > MAX_LENGTH:
            raise too_long("展开后的内容")
    elif name == "replace" and len(args) >= 2:
        if _replace_length(text, args[0], args[1], args[2] if len(args) > 2 else -1) > MAX_LENGTH:
            raise too_long("替换后的内容")
    elif name == "join" and args:
        if _join_length(text, list(args[0])) > MAX_LENGTH:
            raise too_long("连接后的内容")
    elif name == "translate" and isinstance(first, dict):
        longest = max((len(v) for v in first.values() if isinstance(v, str)), default=1)
        if len(text) * longest > MAX_LENGTH:
            raise too_long("替换后的内容")
    elif name in ("format", "format_map"):
        check_brace_format(text, args, kwargs)


def check_list_method(items: list[Any], name: str, args: tuple[Any, ...]) -> None:
    if name == "extend" and args:
        addition = args[0]
        if isinstance(addition, (list, tuple, str)):
            if len(items) + len(addition) > MAX_LENGTH:
                raise too_long("列表")
            if text_length(items) + text_length(addition) > MAX_LENGTH:
                raise too_long("列表")
    elif name in ("append", "insert") and len(items) >= MAX_LENGTH:
        raise too_long("列表")


def check_method_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Pre-check a call of a bound method of str, list (the sandbox already forbids the dangerous ones)."""
    wrapped = getattr(function, "__wrapped__", function)  # str.format is wrapped by the sandbox
    owner = getattr(wrapped, "__self__", None)
    name = getattr(wrapped, "__name__", "")
    if isinstance(owner, str):
        check_str_method(owner, name, args, kwargs)
    elif isinstance(owner, list):
        check_list_method(owner, name, args)


# ---------------------------------------------------------------- filters

_Check = Callable[..., None]


def _guard(original: Callable[..., Any], check: _Check) -> Callable[..., Any]:
    """original with check(value, *args, **kwargs) before it; Jinja's pass_context & co. kept."""
    skip = 1 if hasattr(original, "jinja_pass_arg") else 0

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        check(*args[skip:], **kwargs)
        return original(*args, **kwargs)

    return guarded


def _check_center(value: Any, width: Any = 80) -> None:
    if _width(width) > MAX_LENGTH:
        raise too_long("补齐后的内容")


def _check_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> None:
    lines = str(value).count("\n") + 1
    if len(str(value)) + lines * _width(width) > MAX_LENGTH:
        raise too_long("缩进后的内容")


def _check_replace(value: Any, old: Any, new: Any, count: Any = None) -> None:
    if _replace_length(str(value), old, new, -1 if count is None else count) > MAX_LENGTH:
        raise too_long("替换后的内容")


def _check_format(value: Any, *args: Any, **kwargs: Any) -> None:
    check_percent_format(str(value), kwargs or args)


def _check_batch(value: Any, linecount: Any, *args: Any, **kwargs: Any) -> None:
    if _width(linecount) > MAX_LENGTH:
        raise too_long("分组")


def _check_wordwrap(
    value: Any,
    width: Any = 79,
    break_long_words: Any = True,
    wrapstring: Any = None,
    *args: Any,
    **kwargs: Any,
) -> None:
    text = str(value)
    wrap = len(str(wrapstring)) if wrapstring is not None else 1
    width = width if _is_int(width) and width > 0 else 1
    if len(text) + (len(text) // width + 1) * wrap > MAX_LENGTH:
        raise too_long("换行后的内容")


def _check_value(value: Any, *args: Any, **kwargs: Any) -> None:
    check_length(value, "内容")


def _check_sum(iterable: Any, attribute: Any = None, start: Any = 0) -> None:
    if isinstance(start, (list, tuple, str)):
        items = list(iterable) if isinstance(iterable, (list, tuple)) else []
        if text_length(start) + sum(text_length(i) for i in items[:MAX_LENGTH]) > MAX_LENGTH:
            raise too_long("求和得到的列表")


def _guarded_join() -> Callable[..., Any]:
    original = jinja_filters.do_join

    @functools.wraps(original)
    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(value) if not isinstance(value, list) else value
        if len(items) > MAX_LENGTH:
            raise too_long("连接的列表")
        if attribute is None and _join_length(d, items) > MAX_LENGTH:
            raise too_long("连接后的内容")
        result = original(eval_ctx, items, d, attribute)
        if len(result) > MAX_LENGTH:
            raise too_long("连接后的内容")
        return result

    return join


def _guarded_slice() -> Callable[..., Any]:
    original = jinja_filters.do_slice

    def check(value: Any, slices: Any, fill_with: Any = None) -> None:
        if _width(slices) > MAX_LENGTH:
            raise too_long("分组")

    return _guard(original, check)


def capped_filters() -> dict[str, Callable[..., Any]]:
    """Jinja's own filters that make text or lists, each behind its size check."""
    f = jinja_filters
    return {
        "center": _guard(f.do_center, _check_center),
        "indent": _guard(f.do_indent, _check_indent),
        "replace": _guard(f.do_replace, _check_replace),
        "format": _guard(f.do_format, _check_format),
        "join": _guarded_join(),
        "batch": _guard(f.do_batch, _check_batch),
        "slice": _guarded_slice(),
        "wordwrap": _guard(f.do_wordwrap, _check_wordwrap),
        "sum": _guard(f.do_sum, _check_sum),
        "tojson": _guard(f.do_tojson, _check_value),
        "string": _guard(f.soft_str, _check_value),
        "e": _guard(f.escape, _check_value),
        "escape": _guard(f.escape, _check_value),
        "forceescape": _guard(f.do_forceescape, _check_value),
        "list": _guard(f.do_list, _check_value),
        "striptags": _guard(f.do_striptags, _check_value),
        "title": _guard(f.do_title, _check_value),
        "upper": _guard(f.do_upper, _check_value),
        "lower": _guard(f.do_lower, _check_value),
        "capitalize": _guard(f.do_capitalize, _check_value),
        "trim": _guard(f.do_trim, _check_value),
        "urlencode": _guard(f.do_urlencode, _check_value),
        "xmlattr": _guard(f.do_xmlattr, _check_value),
    }


# Filters a report has no use for and that only widen what a template can do.
# urlize writes <a href> elements of HTML into the document's XML.
REMOVED_FILTERS = ("attr", "safe", "pprint", "random", "urlize")
