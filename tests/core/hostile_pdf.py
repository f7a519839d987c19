"""A crafted PDF: one page whose content stream, a few hundred kilobytes packed, inflates to hundreds of
megabytes of text operators (pdfium builds an object for each: 13 GB when read, 6.6 GB when rendered);
alone, or among ordinary pages."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def inflating_page(path: Path, operators: int = 20_000_000) -> Path:
    return pages_with_an_inflating_one(path, pages=1, heavy=1, operators=operators)


def pages_with_an_inflating_one(path: Path, pages: int, heavy: int, operators: int = 20_000_000) -> Path:
    """`pages` A4 pages; page `heavy` (from 1) inflates, each other one is a filled square of a grey as
    light as its number is high (page n: grey 0.1 × n, so that a page can be told by its colour)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # the page tree, once its kids are known
    kids = []
    for number in range(1, pages + 1):
        content = _inflating(operators) if number == heavy else _square(number)
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R"
            b" /Resources << /Font << /F1 %d 0 R >> >> >>" % (len(objects) + 2, len(objects) + 3),
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
            FONT,
        ]
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    path.write_bytes(_pdf(objects))
    return path


def _inflating(operators: int) -> bytes:
    packer, block = zlib.compressobj(9), b"(AAAA) Tj " * 100_000  # packed a megabyte at a time:
    pieces = [packer.compress(b"BT /F1 12 Tf 72 712 Td ")]  # the test process never holds it all
    pieces += [packer.compress(block) for _ in range(operators // 100_000)]
    return b"".join([*pieces, packer.compress(b"ET"), packer.flush()])


def _square(number: int) -> bytes:
    grey = b"%.1f" % min(0.1 * number, 0.9)
    return zlib.compress(grey + b" g 0 0 595 842 re f")


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start))
    return out.getvalue()


def _chunks(numbers: range, size: int = 100_000) -> list[range]:
    return [numbers[start : start + size] for start in range(0, len(numbers), size)]


def packed_page_tree(path: Path, pages: int) -> Path:
    """A page tree of `pages` pages, every page and the tree itself packed into one object stream behind
    a packed cross-reference stream: a few megabytes that a reader must inflate and parse before it can
    say how many pages there are (2 million pages: 19 MB, and pdfium spends 15 s and 1.1 GB on opening
    it, then gives up)."""
    body = b"\n<</Type/Page/Parent 2 0 R/MediaBox [0 0 595 842]>>"
    tree_length = len(b"<< /Type /Pages /Kids [] /Count %d >>" % pages) + sum(
        len(b"%d 0 R " % number) for number in range(3, 3 + pages)
    )
    packer, head_length, pieces = zlib.compressobj(1), 0, []
    for chunk in _chunks(range(pages + 1)):  # "object offset" pairs: the tree first, then each page
        text = b"".join(
            b"%d %d " % (2 + index, 0 if index == 0 else tree_length + (index - 1) * len(body))
            for index in chunk
        )
        head_length += len(text)
        pieces.append(packer.compress(text))
    pieces.append(packer.compress(b"<< /Type /Pages /Kids ["))
    for chunk in _chunks(range(3, 3 + pages)):
        pieces.append(packer.compress(b"".join(b"%d 0 R " % number for number in chunk)))
    pieces.append(packer.compress(b"] /Count %d >>" % pages))
    for chunk in _chunks(range(pages)):
        pieces.append(packer.compress(body * len(chunk)))
    packed = b"".join([*pieces, packer.flush()])
    stream_number = 3 + pages
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n")
    catalog = out.tell()
    out.write(b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    stream = out.tell()
    out.write(
        b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (stream_number, pages + 1, head_length, len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref = out.tell()
    packer = zlib.compressobj(1)
    rows = [packer.compress(struct.pack(">BIIBII", 0, 0, 0, 1, catalog, 0))]
    for chunk in _chunks(range(pages + 1)):  # the tree and every page: in the object stream
        rows.append(packer.compress(b"".join(struct.pack(">BII", 2, stream_number, i) for i in chunk)))
    rows.append(packer.compress(struct.pack(">BIIBII", 1, stream, 0, 1, xref, 0)))
    table = b"".join([*rows, packer.flush()])
    out.write(
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R /Length %d /Filter /FlateDecode >>\n"
        % (stream_number + 1, stream_number + 2, len(table))
        + b"stream\n"
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    path.write_bytes(out.getvalue())
    return path
