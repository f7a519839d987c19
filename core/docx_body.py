"""The blocks of a Word document's body in reading order, including those wrapped in content controls.

python-docx's `iter_inner_content` yields only the body's direct paragraphs and tables, and passes over
those inside a content control (w:sdt → w:sdtContent) or custom XML (w:customXml): a cover page, a list
of names or a whole section in a content control, common in documents made from an office's own Word
templates, was read as if it were not there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPH, TABLE, ALT_CHUNK = f"{W}p", f"{W}tbl", f"{W}altChunk"
_WRAPPERS = {f"{W}sdt": f"{W}sdtContent", f"{W}customXml": None}
_MAX_DEPTH = 20


def body_elements(parent: Any, depth: int = 0) -> Iterator[Any]:
    """The paragraphs (w:p), tables (w:tbl) and embedded foreign documents (w:altChunk) under parent (a
    document's body element), in order, unwrapped from content controls and custom XML."""
    for child in parent:
        if child.tag in (PARAGRAPH, TABLE, ALT_CHUNK):
            yield child
        elif child.tag in _WRAPPERS and depth < _MAX_DEPTH:
            inner = _WRAPPERS[child.tag]
            for content in [child] if inner is None else child.iterchildren(inner):
                yield from body_elements(content, depth + 1)
