"""Every register sheet of a workbook, read for one import.

A workbook keeps one sheet per year or per kind (单位, 荣誉, 工作材料): each visible sheet whose header
can be found is a register, and they are imported together, unit sheets first so that the honour
sheets find the units they name. Hidden sheets and sheets without a header are listed as skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import UserError
from core.importing.columns import KnownNames
from core.importing.headers import HeaderGuess
from core.importing.readers import TableFile, open_table_file
from core.importing.readers.ahead import ReadAhead
from core.importing.register import (
    HEAD_ROWS,
    NoHeaderError,
    Register,
    SheetPreview,
    read_sheet,
    sheet_head,
)
from core.progress import Progress, no_progress, paused_gc

HIDDEN_SHEET = "隐藏的工作表"
NO_HEADER = "找不到可识别的表头"
NOT_CHOSEN = "未选择导入"
_KIND_ORDER = {"units": 0, "honours": 1, "materials": 2}


@dataclass(frozen=True)
class SkippedSheet:
    sheet: str
    reason: str  # HIDDEN_SHEET, NO_HEADER or NOT_CHOSEN


@dataclass(frozen=True)
class SheetChoice:
    """What the user confirmed for one sheet: its header and what each column is imported as."""

    header: HeaderGuess
    mapping: dict[int, str] | None  # None: guessed from the header and the values below it


@dataclass
class RegisterFile:
    """The registers of one file, in the order they are imported, and the sheets left out."""

    path: Path
    file_hash: str
    registers: list[Register]
    skipped_sheets: list[SkippedSheet] = field(default_factory=list)

    @property
    def sheets(self) -> list[str]:
        return [register.sheet for register in self.registers]


def import_order(registers: Sequence[Register]) -> list[Register]:
    """Unit sheets first, then honour and material sheets; the workbook's order within each kind."""
    return sorted(registers, key=lambda register: _KIND_ORDER.get(register.kind, 1))


@dataclass(frozen=True)
class PreviewedFile:
    """What the wizard shows before the clerk chooses sheets, headers and columns, and the hash of the
    bytes it was read from: read_registers(expected_hash=…) refuses a file changed since."""

    sheets: list[SheetPreview]
    file_hash: str


class ChangedSincePreview(UserError):
    """The file read for the import is not the one previewed."""


def preview_sheets(path: Path, rows: int = 30) -> PreviewedFile:
    """Each visible sheet's first rows, its header and how many rows it holds; hidden sheets last, empty."""
    with open_table_file(path) as table:
        previews = [sheet_head(table, name, rows, count=True) for name in table.sheet_names]
        hidden = [SheetPreview(name, [], None, hidden=True) for name in table.hidden_sheets]
        return PreviewedFile(previews + hidden, table.sha256)


def read_registers(
    path: Path,
    sheets: Sequence[str] | None = None,
    choices: dict[str, SheetChoice] | None = None,
    progress: Progress = no_progress,
    *,
    known: KnownNames | None = None,
    ahead: ReadAhead | None = None,
    expected_hash: str | None = None,
) -> RegisterFile:
    """The file's registers: the sheets chosen in the wizard (choices), the sheets named (sheets), or every
    visible sheet with a header. Raises NoHeaderError when no sheet is a register. known: the database's
    units and bodies, which decide an ambiguous column where no mapping is given. ahead: the same file,
    opened and its first sheet loaded while the caller did other work. expected_hash: the previewed
    file's (PreviewedFile.file_hash); a file whose bytes differ now is refused (ChangedSincePreview)."""
    path = Path(path)
    opened = ahead.take() if ahead is not None else None
    with opened or open_table_file(path) as table, paused_gc():
        digest = table.sha256
        if expected_hash is not None and digest != expected_hash:
            raise ChangedSincePreview(
                f"文件“{path.name}”在预览之后被修改过，请重新预览：返回第一步，点击“浏览…”重新选择该文件。"
            )
        skipped = [SkippedSheet(name, HIDDEN_SHEET) for name in table.hidden_sheets]
        wanted = _chosen(table, choices) if choices is not None else _found(table, sheets, skipped)
        listed = {s.sheet for s in skipped}
        skipped += [_left_out(table, n) for n in table.sheet_names if n not in wanted and n not in listed]
        registers = [
            read_sheet(table, digest, name, choice.header, choice.mapping, progress, known=known)
            for name, choice in wanted.items()
        ]
        order = table.sheet_names + table.hidden_sheets
    skipped.sort(key=lambda s: order.index(s.sheet))
    return RegisterFile(path, digest, import_order(registers), skipped)


def _left_out(table: TableFile, sheet: str) -> SkippedSheet:
    """A visible sheet not read: a register not chosen, or no register at all."""
    has_header = sheet_head(table, sheet, HEAD_ROWS).header is not None
    return SkippedSheet(sheet, NOT_CHOSEN if has_header else NO_HEADER)


def _chosen(table: TableFile, choices: dict[str, SheetChoice]) -> dict[str, SheetChoice]:
    missing = [name for name in choices if name not in table.sheet_names]
    if missing:
        raise UserError(f"文件“{table.path.name}”中没有名为“{missing[0]}”的工作表。")
    return dict(choices)


def _found(
    table: TableFile, sheets: Sequence[str] | None, skipped: list[SkippedSheet]
) -> dict[str, SheetChoice]:
    name = table.path.name
    for sheet in sheets or ():
        if sheet not in table.sheet_names:
            hidden = "（这是隐藏的工作表）" if sheet in table.hidden_sheets else ""
            raise UserError(
                f"文件“{name}”中没有名为“{sheet}”的工作表{hidden}（有：{'、'.join(table.sheet_names)}）。"
            )
    found: dict[str, SheetChoice] = {}
    for sheet in sheets or table.sheet_names:
        head = sheet_head(table, sheet, HEAD_ROWS)
        if head.header is None:
            if sheets:
                raise NoHeaderError(
                    f"文件“{name}”的工作表“{sheet}”前 {HEAD_ROWS} 行中找不到可识别的表头（如“单位名称”“荣誉称号”）。"
                )
            skipped.append(SkippedSheet(sheet, NO_HEADER))
            continue
        found[sheet] = SheetChoice(head.header, None)
    if not found:
        raise NoHeaderError(
            f"文件“{name}”的各工作表前 {HEAD_ROWS} 行中都找不到可识别的表头（如“单位名称”“荣誉称号”）。"
        )
    return found
