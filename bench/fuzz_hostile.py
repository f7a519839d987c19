"""A small mutational fuzzer for files from outside (DESIGN.md section 7a).

Takes valid seed files of each kind (registers, templates, old reports, backups, certificate images),
mutates them (byte flips, truncation, zip members rewritten with hostile XML, XLSX count lies, CSV
encodings, SQLite header lies and foreign schema objects, image dimension lies) and feeds each to the
command line entry in a child process bounded in time and memory. Each outcome is classified:

  OK      exit 0 or 1, or exit 2 with a Chinese message and the data unchanged;
  BAD     a traceback, English text, another exit code, more than the time or memory allowed, or
          data changed on a refusal.

Not a test: run it by hand, niced, and look at what lands in the output folder.

    PYTHONPATH=. nice -n 19 .venv/bin/python bench/fuzz_hostile.py --count 300 --kinds xlsx,csv -o /tmp/fuzz
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WALL_S = 90  # the child (and its workers) killed after this: the machine is shared, the child niced
SLOW_S = 20  # CPU seconds above which an outcome is BAD
MEMORY_LIMIT = 2 * 1024**3  # RLIMIT_AS of the child
RSS_BAD = 1536 * 1024**2  # peak resident memory above which an outcome is BAD
CORPUS = Path("/work/shared/corpus")
SEEDS_TXT = Path("/work/shared/seeds")

COMMANDS: dict[str, list[str]] = {
    "xlsx": ["import", "{f}", "--json"],
    "xls": ["import", "{f}", "--json"],
    "ods": ["import", "{f}", "--json"],
    "csv": ["import", "{f}", "--json"],
    "report": ["import-report", "{f}", "--json"],
    "txt": ["import-report", "{f}", "--json"],
    "template": ["templates", "--json", "check", "{f}"],
    "template_add": ["templates", "add", "{f}"],
    "backup": ["restore", "{f}"],
    "image": ["read-certificate", "{f}", "--json"],
}
SUFFIX = {"report": ".docx", "template": ".docx", "template_add": ".docx", "txt": ".txt", "backup": ".db"}


# -- seeds ------------------------------------------------------------------------------------


def make_seeds(folder: Path, data: Path) -> dict[str, list[Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(REPO))
    from openpyxl import Workbook

    from tests.core.importing.registers import honour_register

    seeds: dict[str, list[Path]] = {k: [] for k in COMMANDS}
    seeds["xlsx"].append(honour_register(folder / "honours.xlsx"))
    exported = folder / "export.xlsx"
    _cli(data, "export", str(exported))
    seeds["xlsx"].append(exported)
    book = Workbook()
    sheet = book.active
    for row in _csv_rows():
        sheet.append(row)
    book.save(folder / "plain.xlsx")
    seeds["xlsx"].append(folder / "plain.xlsx")
    seeds["csv"].append(_write_csv(folder / "plain.csv"))
    seeds["xls"].append(_write_xls(folder / "plain.xls"))
    seeds["xls"] += sorted((CORPUS / "excel").glob("*.xls"))
    seeds["ods"] += sorted((CORPUS / "excel").glob("*.ods"))
    converted = _soffice(folder / "plain.xlsx", "ods", folder)
    if converted:
        seeds["ods"].append(converted)
    seeds["report"] += sorted((CORPUS / "excel").glob("*.docx"))
    reports = folder / "generated"
    if not reports.exists():
        _cli(
            data,
            "generate",
            "--template",
            "情况汇报",
            "--all",
            "--from",
            "2019",
            "--to",
            "2024",
            "-o",
            str(reports),
        )
    seeds["report"] += sorted(reports.glob("*.docx"))[:3]
    seeds["txt"] += sorted(SEEDS_TXT.glob("*.txt"))[:8]
    templates = sorted((CORPUS / "docxtpl").glob("*.docx")) + sorted(
        (REPO / "resources/templates").glob("*.docx")
    )
    seeds["template"] += templates
    seeds["template_add"] += sorted((REPO / "resources/templates").glob("*.docx"))
    backup = folder / "backup.db"
    _cli(data, "backup", str(backup))
    seeds["backup"].append(backup)
    seeds["image"] += _images(folder)
    return seeds


def _csv_rows() -> list[list[str]]:
    return [
        ["序号", "单位名称", "荣誉称号", "级别", "授予单位", "获得时间", "文号"],
        ["1", "宁波市荷花庄小学", "省卫生先进单位", "省级", "省爱卫会", "2008", ""],
        ["2", "东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019年12月", "甬公〔2019〕3号"],
        ["3", "ＸＸ中学（东校区）", "市文明单位", "市级", "市文明委", "2019.12", ""],
    ]


def _write_csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(_csv_rows())
    return path


def _write_xls(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("荣誉")
    for r, row in enumerate(_csv_rows()):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def _soffice(source: Path, to: str, folder: Path) -> Path | None:
    profile = f"file:///tmp/{os.getpid()}-fuzz-lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=120,
    )
    out = folder / f"{source.stem}.{to}"
    return out if out.exists() else None


def _images(folder: Path) -> list[Path]:
    from tests.core.certificates import render

    image = render.render(render.unit_certificate())
    small = image.resize((image.width // 2, image.height // 2))
    paths = [folder / "cert.jpg", folder / "cert.png", folder / "cert.pdf"]
    small.save(paths[0], quality=80)
    small.save(paths[1])
    small.convert("RGB").save(paths[2], "PDF", resolution=100)
    return paths


def _cli(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# -- mutations --------------------------------------------------------------------------------

Mutator = Callable[[random.Random, bytes], bytes]


def flip(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def splice(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 4:
        return data * 2
    a, b = sorted(rng.sample(range(len(data)), 2))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] * rng.randint(1, 50) + data[at:]


GENERIC: list[Mutator] = [flip, truncate, splice]


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _rezip(members: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, body in members:
            with _quiet():
                archive.writestr(
                    zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), body, compress_type=compression
                )
    return buffer.getvalue()


class _quiet:
    def __enter__(self) -> None:
        import warnings

        self._w = warnings.catch_warnings()
        self._w.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._w.__exit__(*exc)


def _xml_names(members: list[tuple[zipfile.ZipInfo, bytes]]) -> list[str]:
    return [i.filename for i, _ in members if i.filename.endswith((".xml", ".rels"))]


def _pick_xml(
    rng: random.Random, members: list[tuple[zipfile.ZipInfo, bytes]], prefer: tuple[str, ...] = ()
) -> str:
    names = _xml_names(members)
    preferred = [n for n in names if any(p in n for p in prefer)]
    return rng.choice(preferred or names)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b"]>\n"
)


def _xml_body(body: bytes) -> bytes:
    return re.sub(rb"^<\?xml[^>]*\?>\s*", b"", body)


def xml_mutation(rng: random.Random, body: bytes) -> bytes:
    kind = rng.choice(
        ["attr", "deep", "doctype", "laughs", "external", "flip", "truncate", "wide_text", "many_elems", "ns"]
    )
    inner = _xml_body(body)
    if kind == "attr":
        return re.sub(
            rb"<(\w[\w:]*)", lambda m: m.group(0) + b' x="' + b"A" * 30_000_000 + b'"', inner, count=1
        )
    if kind == "deep":
        depth = rng.choice([10_000, 100_000, 1_000_000])
        at = inner.find(b">") + 1
        return inner[:at] + b"<a>" * depth + b"</a>" * depth + inner[at:]
    if kind == "doctype":
        return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "\xe5\x8d\x95\xe4\xbd\x8d">]>' + inner.replace(
            b"</", b"&e;</", 3
        )
    if kind == "laughs":
        return BILLION_LAUGHS + inner.replace(b"</", b"&j;</", 1)
    if kind == "external":
        return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + inner.replace(
            b"</", b"&x;</", 1
        )
    if kind == "flip":
        return flip(rng, body)
    if kind == "truncate":
        return truncate(rng, body)
    if kind == "wide_text":
        return re.sub(rb">([^<]{1,40})<", lambda m: b">" + m.group(1) * 2_000_000 + b"<", body, count=1)
    if kind == "many_elems":
        at = inner.rfind(b"</")
        return inner[:at] + b"<z/>" * 3_000_000 + inner[at:]
    return inner.replace(b"http://schemas.openxmlformats.org", b"http://schemas.example.org")


def zip_mutation(rng: random.Random, data: bytes, prefer: tuple[str, ...] = ()) -> bytes:
    try:
        members = _zip_members(data)
    except Exception:
        return flip(rng, data)
    names = [(i.filename, b) for i, b in members]
    kind = rng.choice(
        [
            "xml",
            "xml",
            "xml",
            "content_types",
            "duplicate",
            "delete",
            "bomb",
            "declared4g",
            "encrypted",
            "zip64",
            "stored",
            "rename",
            "many_members",
            "traversal",
            "flip_raw",
        ]
    )
    if kind == "xml":
        target = _pick_xml(rng, members, prefer)
        return _rezip([(n, xml_mutation(rng, b) if n == target else b) for n, b in names])
    if kind == "content_types":
        return _rezip(
            [
                (
                    n,
                    b.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
                        b"document.main+xml", b"template.macroEnabledTemplate.main+xml"
                    )
                    if n == "[Content_Types].xml"
                    else b,
                )
                for n, b in names
            ]
        )
    if kind == "duplicate":
        target = _pick_xml(rng, members, prefer)
        body = dict(names)[target]
        return _rezip([*names, (target, xml_mutation(rng, body))])
    if kind == "delete":
        drop = rng.choice(names)[0]
        return _rezip([(n, b) for n, b in names if n != drop])
    if kind == "bomb":
        target = _pick_xml(rng, members, prefer)
        body = dict(names)[target]
        return _bomb(names, target, rng.choice([200, 700]))
    if kind == "declared4g":
        return _patch_sizes(_rezip(names), rng)
    if kind == "encrypted":
        return _patch_flag(_rezip(names), rng)
    if kind == "zip64":
        return _zip64(names, rng)
    if kind == "stored":
        return _rezip(names, zipfile.ZIP_STORED)
    if kind == "rename":
        target = rng.choice(names)[0]
        return _rezip([(n.upper() if n == target else n, b) for n, b in names])
    if kind == "many_members":
        return _rezip(names + [(f"junk/{i}.xml", b"<a/>") for i in range(rng.choice([20_000, 70_000]))])
    if kind == "traversal":
        return _rezip([*names, ("../../../../tmp/evil.xml", b"<a/>"), ("/abs/evil.xml", b"<a/>")])
    return flip(rng, data)


def _bomb(names: list[tuple[str, bytes]], target: str, megabytes: int) -> bytes:
    """The target member padded with megabytes of spaces before its last closing tag, streamed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in names:
            if name != target:
                archive.writestr(name, body)
                continue
            inner = _xml_body(body)
            at = inner.rfind(b"</")
            with archive.open(name, "w", force_zip64=True) as handle:
                handle.write(inner[:at])
                block = b" " * (1024 * 1024)
                for _ in range(megabytes):
                    handle.write(block)
                handle.write(inner[at:])
    return buffer.getvalue()


def _central_entries(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", data)]


def _local_entries(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x03\x04", data)]


def _patch_sizes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    centrals = _central_entries(data)
    which = rng.randrange(len(centrals))
    for start in [centrals[which]]:
        struct.pack_into("<I", out, start + 24, 0xFFFFFFFE)  # uncompressed size
        if rng.random() < 0.5:
            struct.pack_into("<I", out, start + 20, 0xFFFFFFFE)  # compressed size
    if rng.random() < 0.5:
        local = _local_entries(data)[which]
        struct.pack_into("<I", out, local + 22, 0xFFFFFFFE)
    return bytes(out)


def _patch_flag(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    targets = _central_entries(data) if rng.random() < 0.5 else _local_entries(data) + _central_entries(data)
    for start in rng.sample(targets, max(1, len(targets) // 3)):
        offset = 8 if data[start + 2 : start + 4] == b"\x01\x02" else 6
        out[start + offset] |= 0x01
    return bytes(out)


def _zip64(names: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, body in names:
            with archive.open(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), "w", force_zip64=True) as handle:
                handle.write(body)
    data = bytearray(buffer.getvalue())
    if rng.random() < 0.6:  # lie in the zip64 extra fields: sizes of 2**40
        for m in re.finditer(rb"\x01\x00\x10\x00", bytes(data)):
            struct.pack_into("<Q", data, m.start() + 4, 1 << 40)
    return bytes(data)


def _named_members(data: bytes) -> dict[str, bytes] | None:
    try:
        return {i.filename: b for i, b in _zip_members(data)}
    except Exception:
        return None


def xlsx_mutation(rng: random.Random, data: bytes) -> bytes:
    members = _named_members(data)
    if members is None:
        return flip(rng, data)
    kind = rng.choice(
        ["dimension", "styles", "sst", "merged", "far_cell", "rows", "cols", "zip", "zip", "defined"]
    )
    sheet = next((n for n in members if n.startswith("xl/worksheets/sheet")), None)
    if sheet is None:
        return zip_mutation(rng, data)
    body = members[sheet]
    if kind == "dimension":
        body = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body)
        if b"<dimension" not in body:
            body = body.replace(b"<sheetData", b'<dimension ref="A1:XFD1048576"/><sheetData', 1)
    elif kind == "styles" and "xl/styles.xml" in members:
        members["xl/styles.xml"] = re.sub(rb'count="\d+"', b'count="2000000000"', members["xl/styles.xml"])
        body = re.sub(rb' s="\d+"', b' s="1999999999"', body)
    elif kind == "sst":
        sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2000000000" uniqueCount="2000000000">'
        sst += b"<si><t>x</t></si>" * rng.choice([1, 2_000_000])
        sst += b"</sst>"
        members["xl/sharedStrings.xml"] = sst
        body = body.replace(b'<c r="A1"', b'<c r="A1" t="s"', 1)
        body = re.sub(rb'(<c [^>]*t="s"[^>]*><v>)\d+', rb"\g<1>1999999999", body, count=3)
    elif kind == "merged":
        n = rng.choice([1, 50_000, 300_000])
        if n == 1:
            cells = b'<mergeCell ref="A1:XFD1048576"/>'
        else:
            cells = b"".join(b'<mergeCell ref="A%d:XFD%d"/>' % (i + 10, i + 10) for i in range(n))
        merged = b'<mergeCells count="%d">' % n + cells + b"</mergeCells>"
        body = re.sub(rb"<mergeCells.*?</mergeCells>", b"", body, flags=re.S)
        body = body.replace(b"</sheetData>", b"</sheetData>" + merged, 1)
    elif kind == "far_cell":
        body = body.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
            1,
        )
    elif kind == "rows":
        n = rng.choice([200_000, 1_000_000])
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(100, 100 + n))
        body = body.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    elif kind == "cols":
        body = re.sub(rb"<cols>.*?</cols>", b"", body, flags=re.S)
        body = body.replace(b"<sheetData", b'<cols><col min="1" max="16384" width="9"/></cols><sheetData', 1)
        body = body.replace(b'<row r="2"', b'<row r="2" spans="1:16384"', 1)
    elif kind == "defined" and "xl/workbook.xml" in members:
        members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
            b"</workbook>",
            b'<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">Sheet!$A:$XFD</definedName></definedNames></workbook>',
        )
    else:
        return zip_mutation(rng, data, prefer=("sheet", "sharedStrings", "styles", "workbook"))
    members[sheet] = body
    return _rezip(list(members.items()))


def ods_mutation(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.4:
        members = _named_members(data)
        if members is None:
            return flip(rng, data)
        content = members.get("content.xml", b"")
        kind = rng.choice(["repeat_rows", "repeat_cols", "spanned"])
        if kind == "repeat_rows":
            content = re.sub(
                rb"<table:table-row",
                b'<table:table-row table:number-rows-repeated="1048000"',
                content,
                count=1,
            )
        elif kind == "repeat_cols":
            content = re.sub(
                rb"<table:table-cell",
                b'<table:table-cell table:number-columns-repeated="16000"',
                content,
                count=2,
            )
        else:
            content = re.sub(
                rb"<table:table-cell",
                b'<table:table-cell table:number-rows-spanned="1000000" table:number-columns-spanned="16000"',
                content,
                count=1,
            )
        members["content.xml"] = content
        return _rezip(list(members.items()))
    return zip_mutation(rng, data, prefer=("content",))


def docx_mutation(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.3:
        members = _named_members(data)
        if members is None:
            return flip(rng, data)
        doc = members.get("word/document.xml", b"")
        kind = rng.choice(["table", "runs", "altchunk", "fields", "jinja", "numbering"])
        if kind == "table":
            cells = b"<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>" * 2000
            rows = (b"<w:tr>" + cells + b"</w:tr>") * 200
            doc = doc.replace(b"</w:body>", b"<w:tbl>" + rows + b"</w:tbl></w:body>", 1)
        elif kind == "runs":
            doc = doc.replace(
                b"</w:body>",
                b"<w:p>" + b"<w:r><w:t>\xe5\x8d\x95</w:t></w:r>" * 1_000_000 + b"</w:p></w:body>",
                1,
            )
        elif kind == "altchunk":
            doc = doc.replace(b"</w:body>", b'<w:altChunk r:id="rIdX"/></w:body>', 1)
        elif kind == "fields":
            doc = doc.replace(
                b"</w:body>",
                b'<w:p><w:fldSimple w:instr="INCLUDETEXT &quot;c:\\\\x.docx&quot;"/><w:r><w:instrText>DDEAUTO cmd "/c calc"</w:instrText></w:r></w:p></w:body>',
                1,
            )
        elif kind == "jinja":
            payloads = [
                b"{{ ''.__class__.__mro__[1].__subclasses__() }}",
                b"{% for i in range(999999999) %}{{ i }}{% endfor %}",
                b"{{ 'a' * 999999999 }}",
                b"{% set x = [1] %}{% for i in range(30) %}{% set x = x + x %}{% endfor %}",
                b"{{ cycler.__init__.__globals__.os.system('touch /tmp/fuzz-pwned') }}",
                b"{{ 9**9**9 }}",
                b"{%- macro m(n) -%}{{ m(n) }}{%- endmacro -%}{{ m(1) }}",
            ]
            doc = doc.replace(
                b"</w:body>", b"<w:p><w:r><w:t>" + rng.choice(payloads) + b"</w:t></w:r></w:p></w:body>", 1
            )
        else:
            doc = doc.replace(
                b"</w:body>",
                b'<w:p><w:pPr><w:numPr><w:ilvl w:val="999999"/><w:numId w:val="-1"/></w:numPr></w:pPr></w:p></w:body>',
                1,
            )
        members["word/document.xml"] = doc
        return _rezip(list(members.items()))
    return zip_mutation(rng, data, prefer=("document", "header", "footer", "styles", "rels"))


def csv_mutation(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    kind = rng.choice(
        [
            "gbk",
            "utf16",
            "utf16be",
            "mixed",
            "nul",
            "long_line",
            "wide",
            "quote",
            "cr",
            "many_rows",
            "bom_only",
            "flip",
        ]
    )
    if kind == "gbk":
        return text.encode("gbk")
    if kind == "utf16":
        return text.encode("utf-16-le")
    if kind == "utf16be":
        return text.encode("utf-16-be")
    if kind == "mixed":
        lines = text.splitlines(True)
        return b"".join(line.encode("gbk" if i % 2 else "utf-8") for i, line in enumerate(lines))
    if kind == "nul":
        out = bytearray(data)
        for _ in range(rng.randint(1, 50)):
            out.insert(rng.randrange(len(out)), 0)
        return bytes(out)
    if kind == "long_line":
        size = rng.choice([20, 100]) * 1024 * 1024
        filler = rng.choice([b"a", b"\xe5\x8d\x95", b'"', b","])
        return data + b"4,\xe5\x8d\x95\xe4\xbd\x8d," + filler * (size // len(filler)) + b"\n"
    if kind == "wide":
        return data + b"," * rng.choice([100_000, 2_000_000]) + b"\n"
    if kind == "quote":
        return data + b'5,"' + b"x\n" * rng.choice([10, 2_000_000])
    if kind == "cr":
        return data.replace(b"\r\n", b"\r")
    if kind == "many_rows":
        return data + b"\xe5\x8d\x95,\n" * rng.choice([200_000, 3_000_000])
    if kind == "bom_only":
        return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"", b"\n" * 1000])
    return flip(rng, data)


def xls_mutation(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(["flip", "flip", "truncate", "splice", "sector", "dimensions"])
    out = bytearray(data)
    if kind == "sector" and len(out) > 512:  # OLE header: sector shift, FAT counts, directory start
        field = rng.choice(
            [
                (30, "<H", 30),
                (44, "<I", 0x7FFFFFFF),
                (48, "<I", 0xFFFFFFF0),
                (60, "<I", 0),
                (64, "<I", 0x7FFFFFFF),
            ]
        )
        struct.pack_into(field[1], out, field[0], field[2])
        return bytes(out)
    if kind == "dimensions":  # BIFF8 DIMENSIONS record 0x0200
        at = data.find(b"\x00\x02\x0e\x00")
        if at >= 0:
            struct.pack_into("<IIHH", out, at + 4, 0, 0xFFFFFFF, 0, 0xFFFF)
            return bytes(out)
    return {"flip": flip, "truncate": truncate, "splice": splice}.get(kind, flip)(rng, data)


def sqlite_mutation(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(
        [
            "page_size",
            "freelist_loop",
            "db_size",
            "trigger",
            "view",
            "extra_table",
            "encoding",
            "reserved",
            "wal",
            "flip_page",
            "truncate",
            "extra_column",
            "user_version",
            "index",
        ]
    )
    out = bytearray(data)
    if kind == "page_size":
        struct.pack_into(">H", out, 16, rng.choice([1, 512, 3000, 32768, 0]))
        return bytes(out)
    if kind == "freelist_loop":
        size = struct.unpack_from(">H", data, 16)[0]
        pages = len(data) // size
        trunk = rng.randrange(2, pages + 1)
        struct.pack_into(">II", out, 32, trunk, 0x7FFFFFFF)
        struct.pack_into(">II", out, (trunk - 1) * size, trunk, 1)  # points to itself
        return bytes(out)
    if kind == "db_size":
        struct.pack_into(">I", out, 28, rng.choice([0x7FFFFFFF, 1, 0]))
        return bytes(out)
    if kind == "encoding":
        struct.pack_into(">I", out, 56, rng.choice([2, 3, 7]))
        return bytes(out)
    if kind == "reserved":
        out[20] = rng.choice([32, 255])
        return bytes(out)
    if kind == "wal":
        out[18] = out[19] = 2
        return bytes(out)
    if kind == "flip_page":
        size = struct.unpack_from(">H", data, 16)[0]
        page = rng.randrange(1, len(data) // size)
        for _ in range(rng.randint(1, 30)):
            out[page * size + rng.randrange(size)] ^= 0xFF
        return bytes(out)
    if kind == "truncate":
        return truncate(rng, data)
    return _sql_mutation(rng, data, kind)


SQL = {
    "trigger": [
        "CREATE TABLE canary(x)",
        "CREATE TRIGGER fuzz_t AFTER UPDATE ON units BEGIN INSERT INTO canary VALUES (1); END",
        "CREATE TRIGGER fuzz_d AFTER DELETE ON honours BEGIN INSERT INTO canary VALUES (2); END",
        "CREATE TRIGGER fuzz_i AFTER INSERT ON change_log BEGIN INSERT INTO canary VALUES (3); END",
    ],
    "view": [
        "CREATE VIEW fuzz_v AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT n FROM r"
    ],
    "extra_table": [
        "CREATE TABLE fuzz_extra(id INTEGER PRIMARY KEY, body BLOB)",
        "INSERT INTO fuzz_extra(body) VALUES (zeroblob(1000))",
    ],
    "extra_column": ["ALTER TABLE units ADD COLUMN fuzz TEXT"],
    "user_version": ["PRAGMA user_version = 99", "UPDATE alembic_version SET version_num = '9999_future'"],
    "index": ["CREATE INDEX fuzz_ix ON units(name)"],
}


def _sql_mutation(rng: random.Random, data: bytes, kind: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.db"
        path.write_bytes(data)
        with closing(sqlite3.connect(path)) as connection:
            for statement in SQL[kind]:
                try:
                    connection.execute(statement)
                except sqlite3.Error as error:
                    print("seed sql:", error, file=sys.stderr)
            connection.commit()
        return path.read_bytes()


def image_mutation(rng: random.Random, data: bytes) -> bytes:
    if data.startswith(b"\x89PNG"):
        kind = rng.choice(["ihdr", "ztxt", "flip", "truncate", "idat_bomb"])
        if kind == "ihdr":
            return _png_ihdr(data, rng.choice([(60000, 60000), (1, 2**31 - 1), (0, 0), (30000, 30000)]))
        if kind == "ztxt":
            return _png_chunk(data, b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * 300_000_000, 9))
        if kind == "idat_bomb":
            packer = zlib.compressobj(9)
            row = b"\x00" * (20000 * 3 + 1)
            raw = b"".join(packer.compress(row) for _ in range(20000)) + packer.flush()
            return _png_ihdr(_png_replace_idat(data, raw), (20000, 20000))
    elif data.startswith(b"\xff\xd8"):
        kind = rng.choice(["sof", "flip", "truncate", "exif"])
        if kind == "sof":
            at = data.find(b"\xff\xc0")
            if at < 0:
                at = data.find(b"\xff\xc2")
            out = bytearray(data)
            struct.pack_into(">HH", out, at + 5, 65500, 65500)
            return bytes(out)
        if kind == "exif":
            exif = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08" + b"\xff\xff" + b"\x00" * 64
            return data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:]
    else:
        kind = rng.choice(["mediabox", "count", "flip", "truncate", "length", "loop"])
        if kind == "mediabox":
            return re.sub(rb"/MediaBox \[[^\]]*\]", b"/MediaBox [0 0 14400 14400] /UserUnit 75000", data)
        if kind == "count":
            return re.sub(rb"/Count \d+", b"/Count 99999999", data)
        if kind == "length":
            return re.sub(rb"/Length \d+", b"/Length 99999999999", data)
        if kind == "loop":
            return re.sub(rb"/Parent \d+ 0 R", b"/Parent 1 0 R /Kids [1 0 R 1 0 R]", data).replace(
                b"/Type /Pages", b"/Type /Pages /Kids [1 0 R]"
            )
    return {"flip": flip, "truncate": truncate}.get(kind, flip)(rng, data)


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], 8
    while at + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        chunks.append((kind, data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def _png_build(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, body in chunks:
        out += struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return out


def _png_ihdr(data: bytes, size: tuple[int, int]) -> bytes:
    chunks = _png_chunks(data)
    kind, body = chunks[0]
    chunks[0] = (kind, struct.pack(">II", *size) + body[8:])
    return _png_build(chunks)


def _png_chunk(data: bytes, kind: bytes, body: bytes) -> bytes:
    chunks = _png_chunks(data)
    return _png_build([*chunks[:1], (kind, body), *chunks[1:]])


def _png_replace_idat(data: bytes, raw: bytes) -> bytes:
    chunks = [c for c in _png_chunks(data) if c[0] != b"IDAT"]
    return _png_build([*chunks[:-1], (b"IDAT", raw), *chunks[-1:]])


MUTATORS: dict[str, Callable[[random.Random, bytes], bytes]] = {
    "xlsx": xlsx_mutation,
    "xls": xls_mutation,
    "ods": ods_mutation,
    "csv": csv_mutation,
    "report": docx_mutation,
    "template": docx_mutation,
    "template_add": docx_mutation,
    "txt": lambda rng, data: csv_mutation(rng, data) if rng.random() < 0.7 else flip(rng, data),
    "backup": sqlite_mutation,
    "image": image_mutation,
}


# -- running and classifying ------------------------------------------------------------------

ENGLISH = re.compile(r"[A-Za-z]{3,}(?:[ \t]+[A-Za-z'(),]{2,}){2,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Outcome:
    kind: str
    verdict: str
    reason: str
    code: int | None
    cpu: float
    rss_mb: float
    wall: float
    text: str


def data_state(data: Path) -> str:
    digest = hashlib.sha256()
    database = data / "honourdesk.db"
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        for line in connection.iterdump():
            digest.update(line.encode())
    for folder in ("templates", "attachments", "backups"):
        for item in sorted((data / folder).rglob("*")) if (data / folder).exists() else []:
            digest.update(str(item.relative_to(data)).encode())
    return digest.hexdigest()


def _limits() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (WALL_S, WALL_S))
    os.nice(19)


def _kill_group(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, 9)


def run_one(kind: str, path: Path, pristine: Path, work: Path) -> Outcome:
    data = work / "data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(pristine, data)
    before = data_state(data)
    argv = [a.replace("{f}", str(path)) for a in COMMANDS[kind]]
    out, err = work / "stdout", work / "stderr"
    start = time.monotonic()
    with out.open("wb") as o, err.open("wb") as e:
        child = subprocess.Popen(
            [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), *argv],
            stdout=o,
            stderr=e,
            stdin=subprocess.DEVNULL,
            cwd=work,
            preexec_fn=_limits,
            start_new_session=True,  # its template worker too is ended on a timeout
            env={
                **os.environ,
                "PYTHONPATH": str(REPO),
                "PYTHONIOENCODING": "utf-8",
                "QT_QPA_PLATFORM": "offscreen",
            },
        )
        timer = threading.Timer(WALL_S, _kill_group, (child.pid,))
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        timer.cancel()
        _kill_group(child.pid)  # a worker it left behind
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    code = child.returncode
    text = out.read_bytes().decode("utf-8", "replace") + "\n" + err.read_bytes().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    rss = usage.ru_maxrss / 1024
    verdict, reason = classify(kind, path, code, text, cpu, rss, wall, data, before)
    return Outcome(kind, verdict, reason, code, round(cpu, 1), round(rss), round(wall, 1), text[-3000:])


def classify(
    kind: str, path: Path, code: int, text: str, cpu: float, rss: float, wall: float, data: Path, before: str
) -> tuple[str, str]:
    if wall >= WALL_S - 0.5 or code in (-9, -24):
        return "BAD", "timeout"
    if code < 0:
        return "BAD", f"killed by signal {-code}"
    if cpu > SLOW_S:
        return "BAD", f"slow {cpu:.0f}s"
    if rss > RSS_BAD / 1024**2:
        return "BAD", f"memory {rss:.0f}MB"
    if "Traceback" in text or "MemoryError" in text:
        last = [line for line in text.strip().splitlines() if line.strip()][-1:]
        return "BAD", "traceback: " + (last[0][:160] if last else "")
    if code not in (0, 1, 2):
        return "BAD", f"exit {code}"
    words = _user_text(text, path)
    english = ENGLISH.search(words)
    if english:
        return "BAD", f"english: {english.group(0)[:80]}"
    if code == 2:
        if not CHINESE.search(words):
            return "BAD", "no chinese message"
        if data_state(data) != before:
            return "BAD", "data changed on refusal"
        return "OK", "refused"
    return "OK", f"exit {code}"


def _user_text(text: str, path: Path) -> str:
    strings: list[str] = []
    for chunk in text.split("\n"):
        try:
            _collect(json.loads(chunk), strings)
        except ValueError:
            strings.append(chunk)
    with suppress(ValueError):
        _collect(json.loads(text.split("\n\n")[0]), strings)
    words = "\n".join(strings).replace(str(path), "").replace(path.name, "")
    words = re.sub(r"(/[\w.\-\u4e00-\u9fff]+)+", "", words)  # other paths
    words = re.sub(r"“[^”]*”", "", words)  # the file's own text, quoted (a template's English words)
    return words


def _collect(value: object, into: list[str]) -> None:
    if isinstance(value, str):
        into.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect(item, into)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100, help="inputs per kind")
    parser.add_argument("--kinds", default=",".join(COMMANDS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, default=Path("/tmp/honourdesk-fuzz"))
    parser.add_argument("--file", type=Path, help="run one file (with --kinds KIND) and print the outcome")
    args = parser.parse_args()
    unknown = sorted(set(args.kinds.split(",")) - set(COMMANDS))
    if unknown:
        parser.error(f"unknown --kinds {','.join(unknown)}; known: {','.join(COMMANDS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    pristine = args.out / "pristine"
    if not pristine.exists():
        subprocess.run(
            [sys.executable, str(REPO / "main.py"), "--data-dir", str(pristine), "demo"],
            check=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
    work = Path(tempfile.mkdtemp(prefix="fuzz-", dir=args.out))
    if args.file:
        outcome = run_one(args.kinds, args.file, pristine, work)
        print(json.dumps(outcome.__dict__, ensure_ascii=False, indent=1))
        return
    seeds = make_seeds(
        args.out / "seeds",
        args.out / "seeddata" if (args.out / "seeddata").exists() else _seed_data(args.out),
    )
    rng = random.Random(args.seed)
    tally: Counter[tuple[str, str]] = Counter()
    log = (args.out / "outcomes.jsonl").open("a", encoding="utf-8")
    bad = args.out / "bad"
    bad.mkdir(exist_ok=True)
    kinds = args.kinds.split(",")
    for i in range(args.count):
        for kind in kinds:
            if not seeds[kind]:
                continue
            seed = rng.choice(seeds[kind])
            try:
                mutated = MUTATORS[kind](rng, seed.read_bytes())
            except Exception as error:  # a mutator that does not fit this seed: a plain flip instead
                print("mutator:", kind, seed.name, repr(error)[:200], file=sys.stderr)
                mutated = flip(rng, seed.read_bytes())
            suffix = SUFFIX.get(kind, seed.suffix)
            path = work / f"input{suffix}"
            path.write_bytes(mutated)
            outcome = run_one(kind, path, pristine, work)
            tally[(kind, outcome.verdict)] += 1
            record = {"i": i, "seed": seed.name, "size": len(mutated), **outcome.__dict__}
            if outcome.verdict == "BAD":
                keep = bad / f"{kind}-{i:04d}-{seed.stem[:20]}{suffix}"
                shutil.copy(path, keep)
                record["kept"] = str(keep)
                print(
                    f"BAD {kind} {seed.name}: {outcome.reason} ({outcome.cpu}s, {outcome.rss_mb}MB)",
                    flush=True,
                )
            else:
                record["text"] = record["text"][-300:]
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
            log.flush()
            path.unlink()
    for (kind, verdict), n in sorted(tally.items()):
        print(f"{kind:14} {verdict:4} {n}")


def _seed_data(out: Path) -> Path:
    data = out / "seeddata"
    subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--data-dir", str(data), "demo"],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return data


if __name__ == "__main__":
    main()
