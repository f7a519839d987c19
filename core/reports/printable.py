"""What a template may write into a report: text, numbers, dates, pictures, and lists of them.

Jinja writes whatever else it is given as Python's own text: “range(0, 10)”, “<generator object …>”,
“<Macro 'm'>”, “{'名称': …}”, “None”, “True”. A report must never hold that. Here a list becomes its items
joined with “、”, None nothing, a truth value 是 or 否; anything else is refused with a Chinese message
saying what it is and how a template writes it instead (the engine adds the template, unit and place).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal
from typing import Any

from jinja2.runtime import LoopContext, Macro
from markupsafe import Markup

from core.reports.caps import TemplateLimitError

log = logging.getLogger(__name__)

SEPARATOR = "、"
_SCALARS = (str, int, float, Decimal, dt.date, dt.time)
# Python's text for an object, as it is or escaped for XML: the last wall, for a path the conversions
# below do not see (a filter or method that calls str() on its own).
PYTHON_TEXT = re.compile(
    r"object at 0x[0-9a-fA-F]+|(?:<|&lt;)(?:generator|function|bound method|built-in|Macro|LoopContext"
    r"|jinja2\.|class (?:'|&#39;)|module (?:'|&#39;))"
)


class NotPrintable(TemplateLimitError):
    """A template tried to write an object that is not content; the message (Chinese) says which."""


def printable(value: Any) -> Any:
    """value as the report may show it: itself (text, a number, a date, something with __html__), a
    list's items joined, or NotPrintable."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, _SCALARS) or hasattr(value, "__html__"):
        return value
    if value is None:
        return ""
    if type(value) in (list, tuple):
        return Markup(SEPARATOR).join(printable(item) for item in value)
    raise NotPrintable(what_it_is(value))


def checked(value: Any) -> Any:
    """value unchanged unless it is an object with no content (range, generator, macro, method, loop):
    for the arguments of a format or a filter, where a list or a mapping may be meant."""
    if isinstance(value, (*_SCALARS, bool, list, tuple, dict)) or value is None or hasattr(value, "__html__"):
        return value
    raise NotPrintable(what_it_is(value))


# Why an object cannot be written, and what to write instead (also the inspector's words, inspect.py).
FIELD_GROUP = "要写入的是一组字段，不是文字或数字：请写出其中的一项（如“单位.名称”）"
RANGE = "要写入的是 range() 本身，不是文字或数字：range() 只能用在“{% for %}”中"
LOOP = "要写入的是循环变量“loop”本身：请写出其中的一项（如“loop.index”）"
CALLABLE = "要写入的是宏或方法本身，不是它的结果：调用时要加括号，如“名称()”"
SEQUENCE = "要写入的是尚未展开的一串内容（如“|map”“|select”“|reverse”的结果）：请在后面加“|join('、')”"
OBJECT = "要写入的不是文字或数字，而是程序内部的对象"


def what_it_is(value: Any) -> str:
    if isinstance(value, dict):
        return FIELD_GROUP
    if isinstance(value, range):
        return RANGE
    if isinstance(value, LoopContext):
        return LOOP
    if isinstance(value, Macro) or callable(value):
        return CALLABLE
    if hasattr(value, "__iter__"):
        return SEQUENCE
    return OBJECT


def refuse_python_text(text: str) -> None:
    """The last wall: rendered text holding Python's text for an object is refused."""
    found = PYTHON_TEXT.search(text)
    if found:
        log.info("Python's text in a rendered template: %s", text[found.start() : found.start() + 200])
        raise NotPrintable("生成的内容中含有程序内部的文字，不能写入报告")
