"""Small .docx templates written by code, friendly and hostile."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def docx_with(path: Path, *paragraphs: str) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


HOSTILE: dict[str, str] = {
    "class_escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ 单位.get.__globals__ }}",
    "getitem_escape": "{{ 单位['__class__'] }}",
    "attr_filter": "{{ 单位|attr('__class__') }}",
    "include": "{% include '/etc/passwd' %}",
    "import": "{% import 'macros.html' as m %}",
    "extends": "{% extends 'base.docx' %}",
    "huge_repeat": "{{ '好' * 100000000 }}",
    "huge_range": "{% for i in range(100000000) %}{{ i }}{% endfor %}",
    "huge_power": "{{ 9 ** 9999999 }}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "self_reference": "{{ self }}",
    "cycler": "{{ cycler.__init__ }}",
}
