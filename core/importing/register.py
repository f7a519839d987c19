"""Reading one sheet of a register: find the header, then turn each data row into field values.

Nothing here touches the database; the result says, row by row, what the register holds and what
is wrong with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from core.credit_code import credit_code_problem, normalise_credit_code
from core.errors import UserError
from core.fields import HONOUR_FIELDS, UNIT_FIELDS, Field, Kind
from core.importing.headers import (
    EXTRA,
    EXTRA_PREFIX,
    IGNORE,
    TARGET_LABELS,
    HeaderGuess,
    detect_header,
)
from core.importing.normalise import (
    CellError,
    cell_date,
    cell_level,
    cell_number,
    cell_text,
    long_text,
    name_text,
)
from core.importing.readers import Row, TableFile, file_sha256, open_table_file
from core.importing.skipping import RowSkipper, SkippedRow
from core.progress import Progress, no_progress, paused_gc
from core.vocab import HONOUR_CATEGORIES, HONOUR_STATUSES, UNIT_CATEGORIES

log = logging.getLogger(__name__)

HEAD_ROWS = 20  # rows searched for the header

_FIELDS = {**{f"unit.{f.key}": f for f in UNIT_FIELDS}, **{f"honour.{f.key}": f for f in HONOUR_FIELDS}}
_UNIT_LIMITS = {f.key: f.max_length for f in UNIT_FIELDS if f.max_length}
_HONOUR_LIMITS = {f.key: f.max_length for f in HONOUR_FIELDS if f.max_length}
_MEMO_LIMIT = 100_000  # distinct cell values remembered per column
_CATEGORY_HINTS = (
    ("幼儿园", "幼儿园"),
    ("学校", "学校"),
    ("小学", "学校"),
    ("中学", "学校"),
    ("学院", "学校"),
    ("大学", "学校"),
    ("社区", "社区"),
    ("居委", "社区"),
    ("村", "村"),
    ("企业", "企业"),
    ("公司", "企业"),
    ("集团", "企业"),
    ("事业", "事业单位"),
    ("医院", "事业单位"),
    ("机关", "机关"),
    ("行政", "机关"),
    ("政府", "机关"),
)


class NoHeaderError(UserError):
    pass


@dataclass(frozen=True)
class RowProblem:
    row: int  # Excel row number
    column: str  # the column's header label (or the field's name when the column is missing)
    message: str
    sheet: str = ""  # the sheet the row is on

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class RegisterRow:
    number: int
    raw: list[object]
    unit: dict[str, Any] = field(default_factory=dict)  # unit field values found in the row
    honour: dict[str, Any] = field(default_factory=dict)  # honour field values found in the row
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Register:
    path: Path
    file_hash: str
    sheet: str
    header: HeaderGuess
    mapping: dict[int, str]  # column → target ("unit.extra" keeps the column as a unit's extra field)
    rows: list[RegisterRow]
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # hidden, total, header and footer rows

    @property
    def skipped(self) -> int:
        return len(self.skipped_rows)

    @property
    def kind(self) -> str:
        return "honours" if "honour.title" in self.mapping.values() else "units"

    @property
    def unmapped_labels(self) -> list[str]:
        """Columns not imported as a field: a unit register keeps them as extra fields."""
        return [self.header.labels[c] for c, t in sorted(self.mapping.items()) if t == "unit.extra"] + [
            label for c, label in enumerate(self.header.labels) if label and c not in self.mapping
        ]

    def column_label(self, column: int) -> str:
        labels = self.header.labels
        return labels[column] if column < len(labels) and labels[column] else f"第 {column + 1} 列"


@dataclass
class SheetPreview:
    """The first rows of a sheet and the header found in them (for the wizard)."""

    sheet: str
    rows: list[Row]  # the first rows, hidden ones left out
    header: HeaderGuess | None
    row_count: int | None = None  # rows with something in them, hidden ones left out, when counted
    hidden: bool = False  # a hidden sheet: never read, listed as skipped

    def data_rows(self, header: HeaderGuess | None) -> int | None:
        """The rows below header (all rows without one), when the sheet's rows were counted."""
        if self.row_count is None:
            return None
        above = sum(1 for row in self.rows if header is not None and row.number <= header.row_number)
        return self.row_count - above


def sheet_head(table: TableFile, sheet: str, limit: int, *, count: bool = False) -> SheetPreview:
    """The first rows of a sheet and the header found in them; count: also count all its rows."""
    head: list[Row] = []
    total = 0
    for row in table.rows(sheet, fill_merged=True):
        if row.hidden:
            continue
        if len(head) < limit:
            head.append(row)
        elif not count:
            break
        total += 1
    guess = detect_header([r.values for r in head], [r.number for r in head])
    return SheetPreview(sheet, head, guess, total if count else None)


def choose_sheet(table: TableFile, sheet: str | None) -> SheetPreview:
    """The named sheet, or the first whose header can be recognised."""
    name = table.path.name
    if sheet is not None:
        if sheet not in table.sheet_names:
            raise UserError(
                f"文件“{name}”中没有名为“{sheet}”的工作表（有：{'、'.join(table.sheet_names)}）。"
            )
        preview = sheet_head(table, sheet, HEAD_ROWS)
        if preview.header is None:
            raise NoHeaderError(
                f"文件“{name}”的工作表“{sheet}”前 20 行中找不到可识别的表头（如“单位名称”“荣誉称号”）。"
            )
        return preview
    for candidate in table.sheet_names:
        preview = sheet_head(table, candidate, HEAD_ROWS)
        if preview.header is not None:
            return preview
    raise NoHeaderError(f"文件“{name}”的各工作表前 20 行中都找不到可识别的表头（如“单位名称”“荣誉称号”）。")


def read_register(
    path: Path,
    sheet: str | None = None,
    mapping: dict[int, str] | None = None,
    progress: Progress = no_progress,
    *,
    header: HeaderGuess | None = None,
) -> Register:
    """Read a register sheet: every data row below the header checked.

    The header is found (or given: the row the user picked) and its columns mapped (or the
    mapping given: the one the user confirmed).
    """
    path = Path(path)
    with open_table_file(path) as table, paused_gc():
        if header is None:
            preview = choose_sheet(table, sheet)
            sheet, header = preview.sheet, preview.header
            assert header is not None
        elif sheet not in table.sheet_names:
            raise UserError(f"文件“{path.name}”中没有名为“{sheet}”的工作表。")
        return read_sheet(table, file_hash(path), sheet, header, mapping, progress)


def read_sheet(
    table: TableFile,
    file_hash: str,
    sheet: str,
    header: HeaderGuess,
    mapping: dict[int, str] | None = None,
    progress: Progress = no_progress,
) -> Register:
    """Every data row of a sheet below its header, checked; the rows that are not data named as skipped."""
    columns = dict(mapping) if mapping is not None else default_mapping(header)
    register = Register(table.path, file_hash, sheet, header, columns, [])
    skipper = RowSkipper(header)
    parsed_columns = _columns(register)
    for index, row in enumerate(_rows_after(table, sheet, header.row_number)):
        if index % 500 == 0:
            progress(index, 0, f"工作表“{sheet}”：已读取 {index} 行")
        reason = skipper.reason(row)
        if reason is not None:
            register.skipped_rows.append(SkippedRow(row.number, reason))
            continue
        parsed = parse_row(register, row, parsed_columns)
        if parsed.problems:
            parsed.problems = [replace(problem, sheet=sheet) for problem in parsed.problems]
        if parsed.problems or any(value is not None for value in row.values):  # else only flawed cells
            register.rows.append(parsed)  # that are not imported: a blank row
    return register


def file_hash(path: Path) -> str:
    return file_sha256(path)


def default_mapping(header: HeaderGuess) -> dict[int, str]:
    """The guessed mapping; a unit register keeps its other named columns as extra fields."""
    mapping = dict(header.mapping)
    if header.kind == "units":
        for column, label in enumerate(header.labels):
            if label and column not in mapping:
                mapping[column] = EXTRA
    return mapping


def _rows_after(table: TableFile, sheet: str, header_row: int) -> Iterator[Row]:
    for row in table.rows(sheet, fill_merged=True):
        if row.number > header_row:
            yield row


@dataclass(frozen=True)
class _Column:
    """How one mapped column is read: worked out once per register, used for every row."""

    index: int
    label: str
    entity: str  # "unit" or "honour"
    key: str  # field key, or "extra"
    spec: Field | None  # None for an extra column
    read: Callable[[object], Any] = field(compare=False, repr=False)  # convert() or cell_text(), memoised
    into_unit: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "into_unit", self.entity == "unit")


class _Refused:
    """A remembered CellError."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _memoised(function: Callable[[object], Any]) -> Callable[[object], Any]:
    """function for one column, remembering its result (or its CellError) for each text or whole number:
    registers repeat names, levels, bodies and years row after row. Other values are converted every time
    (1.0, True and 1 are equal as keys but not as cells)."""
    seen: dict[object, Any] = {}

    def read(value: object) -> Any:
        kind = type(value)
        if kind is not str and kind is not int:
            return function(value)
        try:
            result = seen[value]
        except KeyError:
            try:
                result = function(value)
            except CellError as error:
                result = _Refused(str(error))
            if len(seen) < _MEMO_LIMIT:
                seen[value] = result
        if type(result) is _Refused:
            raise CellError(result.message)
        return result

    return read


def _reader(spec: Field | None) -> Callable[[object], Any]:
    if spec is None:
        return _memoised(cell_text)
    if spec.kind is Kind.LONG_TEXT:  # prose: rarely repeated, not worth remembering
        return lambda value: convert(spec, value)
    return _memoised(lambda value: convert(spec, value))


def _columns(register: Register) -> list[_Column]:
    columns = []
    for index, target in sorted(register.mapping.items()):
        if target == IGNORE:
            continue
        entity, key = target.split(".", 1)
        spec = None if target == EXTRA else _FIELDS[target]
        label = register.column_label(index)
        label = label.removeprefix(EXTRA_PREFIX) if spec is None else label
        columns.append(_Column(index, label, entity, key, spec, _reader(spec)))
    return columns


def parse_row(register: Register, row: Row, columns: list[_Column] | None = None) -> RegisterRow:
    values = row.values
    width = len(values)
    unit: dict[str, Any] = {}
    honour: dict[str, Any] = {}
    columns = columns if columns is not None else _columns(register)
    problems = _flaw_problems(register, row, columns) if row.flaws else []
    for column in columns:
        if column.index >= width:
            continue
        value = values[column.index]
        if value is None:
            continue
        try:
            converted = column.read(value)
        except CellError as error:
            problems.append(RowProblem(row.number, column.label, str(error)))
            continue
        if column.spec is None:  # a register column kept as a unit's extra field
            if converted:
                unit.setdefault("extra", {})[column.label] = converted
        elif converted is not None:
            (unit if column.into_unit else honour)[column.key] = converted
    result = RegisterRow(row.number, list(values), unit, honour, problems)
    _check_row(register, result)
    return result


def _flaw_problems(register: Register, row: Row, columns: list[_Column]) -> list[RowProblem]:
    """The row's unusable cells (a control character, a formula without its result) in imported columns."""
    imported = {column.index for column in columns}
    return [
        RowProblem(row.number, register.column_label(flaw.column), flaw.message)
        for flaw in row.flaws
        if flaw.column in imported
    ]


def convert(spec: Field, value: object) -> Any:
    """A cell's value as the field's type; raises CellError with the reason."""
    if spec.kind in (Kind.PARTIAL_DATE, Kind.DATE):
        return cell_date(value, allow_future=spec.kind is Kind.DATE)
    if spec.kind in (Kind.INTEGER, Kind.NUMBER):
        number = cell_number(value)
        if number is not None and spec.kind is Kind.INTEGER and not number.is_integer():
            raise CellError(f"“{cell_text(value)}”应为整数")
        return int(number) if number is not None and spec.kind is Kind.INTEGER else number
    if spec.kind is Kind.LONG_TEXT:
        return long_text(value)
    if spec.key in ("name", "title"):
        return name_text(value)
    if spec.key == "level":
        return cell_level(value)
    text = cell_text(value)
    if text is None:
        return None
    if spec.kind is Kind.CREDIT_CODE:
        code = normalise_credit_code(text)
        problem = credit_code_problem(code)
        if problem:
            raise CellError(f"统一社会信用代码“{text}”无效：{problem}")
        return code
    if spec.kind is Kind.CHOICE:
        return _choice(spec, text)
    return text


def _choice(spec: Field, text: str) -> str:
    if text in spec.choices:
        return text
    if spec.choices == UNIT_CATEGORIES:
        return next((category for hint, category in _CATEGORY_HINTS if hint in text), "其他")
    if spec.choices in (HONOUR_CATEGORIES, HONOUR_STATUSES):
        match = next((choice for choice in spec.choices if choice in text or text in choice), None)
        if match:
            return match
    raise CellError(f"“{text}”不在可选范围内（可选：{'、'.join(spec.choices)}）")


def _check_row(register: Register, row: RegisterRow) -> None:
    """Rules of a whole row: a unit name always, a title on honour rows, field checks from core."""
    if row.problems:
        return
    if not row.unit.get("name"):
        row.problems.append(RowProblem(row.number, _column_of(register, "unit.name"), "缺少单位名称"))
    if register.kind == "honours" and not row.honour.get("title"):
        row.problems.append(RowProblem(row.number, _column_of(register, "honour.title"), "缺少荣誉称号"))
    if row.problems:
        return
    valid_until = row.honour.get("valid_until")
    if valid_until is not None and valid_until.day is None:
        row.problems.append(
            RowProblem(
                row.number,
                _column_of(register, "honour.valid_until"),
                f"有效期“{valid_until.iso()}”应写到日，如 2027-12-31",
            )
        )
        return
    if valid_until is not None:
        row.honour["valid_until"] = valid_until.earliest()
    for values, prefix, limits in (
        (row.unit, "unit.", _UNIT_LIMITS),
        (row.honour, "honour.", _HONOUR_LIMITS),
    ):
        for key, value in values.items():
            limit = limits.get(key)
            if limit and isinstance(value, str) and len(value) > limit:
                row.problems.append(
                    RowProblem(
                        row.number, _column_of(register, prefix + key), f"内容过长（最多 {limit} 个字）"
                    )
                )


def _column_of(register: Register, target: str) -> str:
    for column, mapped in register.mapping.items():
        if mapped == target:
            return register.column_label(column)
    return TARGET_LABELS.get(target, target).split("·")[-1]
