"""Hostile workbooks built by code: small files that would unpack into something huge."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{extra}</Types>"
)
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="荣誉登记" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "{extra}</Relationships>"
)
SHARED_STRINGS_REL = (
    '<Relationship Id="rId2" Target="sharedStrings.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_END = "</sheetData></worksheet>"
_BLOCK = 9_970  # cells written at once: ten rounds of the 997 numbers


def _package(path: Path, shared_strings: bool) -> zipfile.ZipFile:
    package = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
    package.writestr(
        "[Content_Types].xml", CONTENT_TYPES.format(extra=SHARED_STRINGS_TYPE if shared_strings else "")
    )
    package.writestr("_rels/.rels", ROOT_RELS)
    package.writestr("xl/workbook.xml", WORKBOOK)
    package.writestr(
        "xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(extra=SHARED_STRINGS_REL if shared_strings else "")
    )
    return package


def one_long_row(path: Path, cells: int = 3_000_000) -> Path:
    """An .xlsx whose only row holds `cells` numbers (Excel allows 16,384): about 400 KB, unpacking at a
    ratio of about 135 (below the zip guard's 200), so that only the cell count gives it away."""
    block = "".join(f"<c><v>{n % 997}</v></c>" for n in range(_BLOCK)).encode()
    with (
        _package(path, shared_strings=False) as package,
        package.open("xl/worksheets/sheet1.xml", "w") as part,
    ):
        part.write((SHEET_START + '<row r="1">').encode())
        for _ in range(cells // _BLOCK):
            part.write(block)
        part.write(("</row>" + SHEET_END).encode())
    return path


def huge_shared_strings(path: Path, megabytes: int = 480) -> Path:
    """An .xlsx of about a megabyte whose shared strings unpack to `megabytes` MB."""
    text = "荣誉" * 500  # 3,000 bytes of UTF-8
    entry = f"<si><t>{text}</t></si>".encode()
    count = megabytes * 1024 * 1024 // len(entry)
    with _package(path, shared_strings=True) as package:
        package.writestr(
            "xl/worksheets/sheet1.xml",
            SHEET_START + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_END,
        )
        with package.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for _ in range(count // 1000):
                part.write(entry * 1000)
            part.write(b"</sst>")
    return path


def overstated_shared_strings(path: Path, declared: int = 4_000_000_000) -> Path:
    """A 1 KB .xlsx of one header row whose shared strings say there are `declared` of them (five are)."""
    words = ["单位名称", "荣誉称号", "级别", "东鲁派出所", "人民满意派出所"]
    cells = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABC"))
    with _package(path, shared_strings=True) as package:
        package.writestr("xl/worksheets/sheet1.xml", SHEET_START + f'<row r="1">{cells}</row>' + SHEET_END)
        package.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{declared}" uniqueCount="{declared}">'
            + "".join(f"<si><t>{word}</t></si>" for word in words)
            + "</sst>",
        )
    return path


def far_apart_xls(path: Path) -> Path:
    """A few-KB .xls with a header in row 1 and one value at IV65536, its last cell: as one block of rows
    × columns, 16.7 million cells."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("荣誉登记")
    for column, label in enumerate(["单位名称", "荣誉称号", "级别"]):
        sheet.write(0, column, label)
    sheet.write(1, 0, "东鲁派出所")
    sheet.write(1, 1, "人民满意派出所")
    sheet.write(65535, 255, "远处")
    book.save(str(path))
    return path


def register_xls(path: Path) -> Path:
    """A plain .xls register (xlwt): a header and two honours."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("荣誉登记")
    rows = [
        ["单位名称", "荣誉称号", "级别", "授予单位", "获得时间"],
        ["东鲁派出所", "人民满意派出所", "市级", "市公安局", "2019"],
        ["口东中心幼儿园", "市一级幼儿园", "市级", "市教育局", "2019"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def overstated_dimensions_xls(path: Path) -> Path:
    """register_xls whose sheet's DIMENSIONS record (BIFF 0x0200) claims 268 million rows × 65,535
    columns: calamine reserved a cell for each (700 TB) and the allocator aborted the whole process."""
    register_xls(path)
    data = bytearray(path.read_bytes())
    # DIMENSIONS, 14 bytes: first row, last row + 1, first column, last column + 1
    at = data.find(b"\x00\x02\x0e\x00")
    assert at >= 0
    struct.pack_into("<IIHH", data, at + 4, 0, 0x0FFFFFFF, 0, 0xFFFF)
    path.write_bytes(bytes(data))
    return path


def looping_chain_xls(path: Path) -> Path:
    """A register .xls whose compound file's directory chain points back at itself (one FAT entry):
    calamine followed it without end, gathering sectors until the allocator aborted the whole process."""
    register_xls(path)
    data = bytearray(path.read_bytes())
    directory, first_fat = struct.unpack_from("<I", data, 48)[0], struct.unpack_from("<I", data, 76)[0]
    struct.pack_into("<I", data, 512 + first_fat * 512 + directory * 4, directory)
    path.write_bytes(bytes(data))
    return path


def _record(kind: int, body: bytes = b"") -> bytes:
    """A BIFF12 record: its type and size as 7-bit groups, then its body."""

    def groups(value: int) -> bytes:
        out = bytearray()
        while True:
            out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
            value >>= 7
            if not value:
                return bytes(out)

    return groups(kind) + groups(len(body)) + body


def _wide(text: str) -> bytes:
    return len(text).to_bytes(4, "little") + text.encode("utf-16-le")


def xlsb(path: Path, cells: list[tuple[int, int, float | str]], sheet: str = "名册") -> Path:
    """An .xlsb of one sheet holding numbers or text at (row, column), both from 0, record by record."""
    rows = bytearray()
    for row in sorted({row for row, _, _ in cells}):
        rows += _record(0x00, row.to_bytes(4, "little") + bytes(21))  # BrtRowHdr
        for _, column, value in sorted(cell for cell in cells if cell[0] == row):
            head = column.to_bytes(4, "little") + bytes(4)
            if isinstance(value, str):
                rows += _record(0x06, head + _wide(value))  # BrtCellSt
            else:
                rows += _record(0x05, head + struct.pack("<d", value))  # BrtCellReal
    last_row, last_column = max(cell[0] for cell in cells), max(cell[1] for cell in cells)
    dimension = _record(0x94, struct.pack("<IIII", 0, last_row, 0, last_column))  # BrtWsDim
    worksheet = _record(0x81) + dimension + _record(0x91) + bytes(rows) + _record(0x92) + _record(0x82)
    workbook = (
        _record(0x83)
        + _record(0x8F)
        + _record(0x9C, bytes(4) + (1).to_bytes(4, "little") + _wide("rId1") + _wide(sheet))
        + _record(0x90)
        + _record(0x84)
    )
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
            "</Types>",
        )
        package.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{relation}/officeDocument" Target="xl/workbook.bin"/></Relationships>',
        )
        package.writestr("xl/workbook.bin", workbook)
        package.writestr(
            "xl/_rels/workbook.bin.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{relation}/worksheet" Target="worksheets/sheet1.bin"/></Relationships>',
        )
        package.writestr("xl/worksheets/sheet1.bin", worksheet)
    return path
