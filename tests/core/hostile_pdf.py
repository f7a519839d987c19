"""A crafted PDF: one page whose content stream, a few hundred kilobytes packed, inflates to hundreds of
megabytes of text operators (pdfium builds an object for each: 13 GB when read, 6.6 GB when rendered)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path


def inflating_page(path: Path, operators: int = 20_000_000) -> Path:
    packer, block = zlib.compressobj(9), b"(AAAA) Tj " * 100_000  # packed a megabyte at a time:
    pieces = [packer.compress(b"BT /F1 12 Tf 72 712 Td ")]  # the test process never holds it all
    pieces += [packer.compress(block) for _ in range(operators // 100_000)]
    packed = b"".join([*pieces, packer.compress(b"ET"), packer.flush()])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
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
    path.write_bytes(out.getvalue())
    return path
