"""Reading one sheet of a register: find the header, then turn each data row into field values.

Nothing here touches the database; the result says, row by row, what the register holds and what
is wrong with it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from core import figure_dates, former_names
from core.credit_code import credit_code_problem, normalise_credit_code
from core.errors import UserError
from core.fields import HONOUR_FIELDS, MATERIAL_FIELDS, UNIT_FIELDS, Field, Kind, history_of, number_problem
from core.importing.columns import KnownNames, choose_columns
from core.importing.headers import (
    EXTRA_PREFIX,
    EXTRAS,
    IGNORE,
    SERIAL,
    TARGET_LABELS,
    HeaderGuess,
    detect_header,
    extra_target,
    register_kind,
)
from core.importing.infer import Inference, category_from_text, infer_category, infer_level, sheet_level
from core.importing.months import settle_months
from core.importing.normalise import (
    CellError,
    cell_date,
    cell_level,
    cell_number,
    cell_term,
    cell_text,
    header_unit,
    long_text,
    name_text,
)
from core.importing.readers import Row, TableFile, open_table_file
from core.importing.skipping import RowSkipper, SkippedRow
from core.inferred import LEVEL_MARK, marked
from core.partial_date import PartialDate
from core.progress import Progress, no_progress, paused_gc
from core.vocab import HONOUR_CATEGORIES, HONOUR_STATUSES, UNCATEGORISED, UNIT_CATEGORIES, UNLEVELLED

log = logging.getLogger(__name__)

HEAD_ROWS = 20  # rows searched for the header
GUESS_ROWS = 60  # rows whose values decide an ambiguous column
_FIELDS = {
    **{f"unit.{f.key}": f for f in UNIT_FIELDS},
    **{f"honour.{f.key}": f for f in HONOUR_FIELDS},
    **{f"material.{f.key}": f for f in MATERIAL_FIELDS},
}
_UNIT_LIMITS = {f.key: f.max_length for f in UNIT_FIELDS if f.max_length}
_HONOUR_LIMITS = {f.key: f.max_length for f in HONOUR_FIELDS if f.max_length}
_MEMO_LIMIT = 100_000  # distinct cell values remembered per column
_TOPIC_LIMIT = 20  # characters of a material's topic (the column's width)
_SERIAL_NUMBER = re.compile(r"^\d{1,9}$")


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
    material: dict[str, Any] = field(default_factory=dict)  # year, topic, text on a materials register
    # Values the row does not give but implies: "honour.level" (set in honour too), "unit.category" (used
    # only when the import creates the unit), each with the rule that gave it.
    inferred: dict[str, Inference] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Register:
    path: Path
    file_hash: str
    sheet: str
    header: HeaderGuess
    mapping: dict[int, str]  # column → target ("unit.extra"/"honour.extra" keep it as an extra field)
    rows: list[RegisterRow]
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # hidden, total, header and footer rows
    notes: dict[int, str] = field(default_factory=dict)  # why a column goes where it goes (guesses)
    warnings: list[RowProblem] = field(default_factory=list)  # read, but worth a look (2019.1: Jan or Oct?)

    @property
    def skipped(self) -> int:
        return len(self.skipped_rows)

    @cached_property
    def kind(self) -> str:
        """ "honours", "units" or "materials" (from the mapping, which does not change once read)."""
        return register_kind(self.mapping)

    @cached_property
    def sheet_level(self) -> Inference | None:
        """The level the sheet's name gives its rows without one (a sheet per level: 省级荣誉)."""
        return sheet_level(self.sheet)

    @cached_property
    def width(self) -> int:
        """How many columns the header and the mapping span; a row's cells beyond are kept as extra."""
        return max(len(self.header.labels), max(self.mapping, default=-1) + 1)

    @property
    def unmapped_labels(self) -> list[str]:
        """Named columns with no field of their own: kept as extra fields unless set to 不导入."""
        return [
            label
            for c, label in enumerate(self.header.labels)
            if label and self.mapping.get(c, EXTRAS[0]) in EXTRAS
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
    not_data: int = (
        0  # counted rows below the guessed header that are not data (合计, 填表人, repeated headers)
    )

    def data_rows(self, header: HeaderGuess | None) -> int | None:
        """The data rows below header (all rows without one), when the sheet's rows were counted: the rows
        an import would read, without the totals, footers and repeated headers it skips."""
        if self.row_count is None:
            return None
        if header is None:
            return self.row_count
        above = sum(1 for row in self.rows if row.number <= header.row_number)
        return max(0, self.row_count - above - self.not_data)


def sheet_head(table: TableFile, sheet: str, limit: int, *, count: bool = False) -> SheetPreview:
    """The first rows of a sheet and the header found in them; count: also count all its rows, and those
    below the header that an import would skip as not data."""
    head: list[Row] = []
    rows = iter(table.rows(sheet, fill_merged=True))
    for row in rows:
        if not row.hidden:
            head.append(row)
            if len(head) == limit:
                break
    guess = detect_header([r.values for r in head], [r.number for r in head])
    if not count:
        return SheetPreview(sheet, head, guess)
    total, not_data = len(head), 0
    skipper = RowSkipper(guess) if guess is not None else None
    if skipper is not None and guess is not None:
        not_data = sum(1 for r in head if r.number > guess.row_number and not _is_data(skipper, r))
    for row in rows:
        if row.hidden:
            continue
        total += 1
        if skipper is not None and not _is_data(skipper, row):
            not_data += 1
    return SheetPreview(sheet, head, guess, total, not_data=not_data)


def _is_data(skipper: RowSkipper, row: Row) -> bool:
    """A row an import reads: not skipped, and holding a value."""
    return skipper.reason(row) is None and any(v is not None for v in row.values)


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
                f"文件“{name}”的工作表“{sheet}”前 {HEAD_ROWS} 行中找不到可识别的表头（如“单位名称”“荣誉称号”）。"
            )
        return preview
    for candidate in table.sheet_names:
        preview = sheet_head(table, candidate, HEAD_ROWS)
        if preview.header is not None:
            return preview
    raise NoHeaderError(
        f"文件“{name}”的各工作表前 {HEAD_ROWS} 行中都找不到可识别的表头（如“单位名称”“荣誉称号”）。"
    )


def read_register(
    path: Path,
    sheet: str | None = None,
    mapping: dict[int, str] | None = None,
    progress: Progress = no_progress,
    *,
    header: HeaderGuess | None = None,
    known: KnownNames | None = None,
) -> Register:
    """Read a register sheet: every data row below the header checked.

    The header is found (or given: the row the user picked) and its columns mapped (or the
    mapping given: the one the user confirmed). A column the mapping does not name that holds values
    is kept as an extra field; only a column mapped to IGNORE (不导入) is left out. known: the units and
    bodies of the database, which decide an ambiguous header (获奖单位) when no mapping is given.
    """
    path = Path(path)
    with open_table_file(path) as table, paused_gc():
        if header is None:
            preview = choose_sheet(table, sheet)
            sheet, header = preview.sheet, preview.header
            assert header is not None
        elif sheet not in table.sheet_names:
            raise UserError(f"文件“{path.name}”中没有名为“{sheet}”的工作表。")
        return read_sheet(table, table.sha256, sheet, header, mapping, progress, known=known)


def read_sheet(
    table: TableFile,
    file_hash: str,
    sheet: str,
    header: HeaderGuess,
    mapping: dict[int, str] | None = None,
    progress: Progress = no_progress,
    *,
    known: KnownNames | None = None,
) -> Register:
    """Every data row of a sheet below its header, checked; the rows that are not data (hidden, totals,
    the header repeated, the sign-off footer) named as skipped. No mapping: it is guessed as in
    read_register."""
    notes: dict[int, str] = {}
    if mapping is None:
        below = [r.values for r in sheet_head(table, sheet, GUESS_ROWS).rows if r.number > header.row_number]
        choice = choose_columns(header, below, known)
        mapping, notes = choice.mapping, choice.notes
    register = Register(table.path, file_hash, sheet, header, dict(mapping), [], notes=notes)
    skipper = RowSkipper(header, register.mapping)
    reader = _RowReader(register)
    for index, row in enumerate(_rows_after(table, sheet, header.row_number)):
        if index % 500 == 0:
            progress(index, 0, f"工作表“{sheet}”：已读取 {index} 行")
        reason = skipper.reason(row)
        if reason is not None:
            register.skipped_rows.append(SkippedRow(row.number, reason))
            continue
        parsed = parse_row(register, row, reader)
        if skipper.other_header is not None and any(v is not None for v in row.values):
            parsed.problems = [_under_other_header(register, row.number, skipper.other_header)]
        if parsed.problems:
            parsed.problems = [replace(problem, sheet=sheet) for problem in parsed.problems]
        values = row.values  # the readers trim trailing empty cells: a last value says the row holds one
        if parsed.problems or (values and values[-1] is not None) or any(v is not None for v in values):
            register.rows.append(parsed)  # else only flawed cells that are not imported: a blank row
    settle_months(register, table.source)  # formats read from the copy read, not the user's file
    _warn_undated(table, register)
    register.warnings = [replace(warning, sheet=sheet) for warning in register.warnings]
    return register


def _under_other_header(register: Register, number: int, header_row: int) -> RowProblem:
    column = next((c for c, t in register.mapping.items() if t == "unit.name"), None)
    label = register.column_label(column) if column is not None else "单位名称"
    message = (
        f"在第 {header_row} 行另起的表头之下，那个表头的各列与第 {register.header.row_number} 行的表头"
        "不同，这一行未导入；请把这部分移到单独的工作表（或按原表头的列顺序排好）后再导入"
    )
    return RowProblem(number, label, message)


def _warn_undated(table: TableFile, register: Register) -> None:
    from core.importing.undated import undated_warning  # it needs Register: imported once it exists

    if register.kind == "honours" and "honour.awarded" not in register.mapping.values():
        head = sheet_head(table, register.sheet, register.header.row_number).rows
        above = [row for row in head if row.number < register.header.row_number]
        warning = undated_warning(register, above)
        if warning is not None:
            register.warnings.append(warning)


def default_mapping(
    header: HeaderGuess, rows: list[list[object]] | None = None, known: KnownNames | None = None
) -> dict[int, str]:
    """The guessed mapping: other named columns (and unnamed ones holding values in rows, the data rows
    below the header) are kept as extra fields. See columns.choose_columns."""
    return choose_columns(header, rows or (), known).mapping


def _rows_after(table: TableFile, sheet: str, header_row: int) -> Iterator[Row]:
    for row in table.rows(sheet, fill_merged=True):
        if row.number > header_row:
            yield row


@dataclass(frozen=True)
class _Column:
    """How one column is read: worked out once per register, used for every row."""

    index: int
    label: str
    entity: str  # "unit", "honour" or "material"
    key: str  # field key, "extra", or "serial" (a 序号 column: whole numbers dropped, the rest kept)
    spec: Field | None  # None for an extra or serial column
    read: Callable[[object], Any] = field(compare=False, repr=False)  # convert() or cell_text(), memoised
    # The cell's own text, kept as an extra field beside the value read from it when that value does not
    # say all the cell said (公办小学 read as 学校; 2012-2013学年 read as 2013).
    original: Callable[[object, Any], str | None] | None = field(default=None, compare=False, repr=False)
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


def _reader(spec: Field | None, unit: str | None = None) -> Callable[[object], Any]:
    if spec is None:
        return _memoised(cell_text)
    if spec.kind is Kind.LONG_TEXT:  # prose: rarely repeated, not worth remembering
        return lambda value: convert(spec, value)
    return _memoised(lambda value: convert(spec, value, unit=unit))


def _serial(value: object) -> str | None:
    """A 序号 cell: None for a row number (nothing to keep), else its text."""
    if type(value) is int:
        return None
    text = cell_text(value)
    return None if text is None or _SERIAL_NUMBER.match(text) else text


def _changed_text(value: object, converted: Any) -> str | None:
    text = cell_text(value)
    return text if text is not None and text != converted else None


def _term_text(value: object, converted: Any) -> str | None:
    return value.strip() if type(value) is str and _is_term(value) else None


@lru_cache(maxsize=4096)
def _is_term(text: str) -> bool:
    return cell_term(cell_text(text)) is not None


def _original_reader(target: str) -> Callable[[object, Any], str | None] | None:
    if target in ("unit.category", "honour.category", "honour.status"):
        return _changed_text
    if target in ("honour.awarded", "honour.valid_until", "unit.founded"):
        return _term_text
    return None


def _columns(register: Register) -> list[_Column]:
    """Every column that is read: the mapped ones (not 不导入), and any other within the header's width,
    kept as an extra field."""
    extra_entity = extra_target(register.kind).split(".")[0]
    columns = []
    for index in range(register.width):
        target = register.mapping.get(index, "stray")
        if target == IGNORE:
            continue
        label = register.column_label(index)
        if target in EXTRAS or target in (SERIAL, "stray"):
            entity = target.split(".")[0] if target in EXTRAS else extra_entity
            read = _serial if target == SERIAL else _memoised(cell_text)
            key = "serial" if target == SERIAL else "extra"
            columns.append(_Column(index, label.removeprefix(EXTRA_PREFIX), entity, key, None, read))
            continue
        entity, key = target.split(".", 1)
        spec = _FIELDS[target]
        read = _reader(spec, header_unit(label))
        if entity == "material":
            read = _material_reader(key, spec)
        columns.append(_Column(index, label, entity, key, spec, read, _original_reader(target)))
    return columns


class _RowReader:
    """What reading a row of one register takes, worked out once: each read column as a tuple (the loop
    over them runs for every cell), and which of the row checks can apply to this register's columns."""

    def __init__(self, register: Register) -> None:
        self.columns = _columns(register)
        # index, read, entity (0 unit, 1 honour, 2 material), key, label, an extra field?, original, limit
        self.steps = [
            (
                column.index,
                column.read,
                _ENTITIES.index(column.entity),
                column.key,
                column.label,
                column.spec is None,
                column.original,
                _limit(column),
            )
            for column in self.columns
        ]
        # A unit figure column: only then can a row's date column (统计时间) date its figures.
        self.figures = any(c.into_unit and c.key in figure_dates.FIGURES for c in self.columns)


_ENTITIES = ("unit", "honour", "material")


def _limit(column: _Column) -> int:
    """The most characters the column's text field holds (0: none, or not a text field)."""
    if column.spec is None or column.spec.kind is not Kind.TEXT:
        return 0
    limits = _UNIT_LIMITS if column.entity == "unit" else _HONOUR_LIMITS if column.entity == "honour" else {}
    return limits.get(column.key, 0)


def parse_row(register: Register, row: Row, reader: _RowReader | None = None) -> RegisterRow:
    values = row.values
    width = len(values)
    unit: dict[str, Any] = {}
    honour: dict[str, Any] = {}
    material: dict[str, Any] = {}
    into_of = (unit, honour, material)
    reader = reader if reader is not None else _RowReader(register)
    problems = _flaw_problems(register, row, reader.columns) if row.flaws else []
    too_long = False  # a value over its field's limit: _check_row looks at the lengths only then
    for index, read, entity, key, label, as_extra, original, limit in reader.steps:
        if index >= width:
            break  # the steps go left to right
        value = values[index]
        if value is None:
            continue
        try:
            converted = read(value)
        except CellError as error:
            problems.append(RowProblem(row.number, label, str(error)))
            continue
        into = into_of[entity]
        if as_extra:  # a register column kept as an extra field
            if converted:
                into.setdefault("extra", {})[label] = converted
            continue
        if converted is not None:
            into[key] = converted
            if limit and len(converted) > limit:
                too_long = True
        if original is not None:
            kept = original(value, converted)
            if kept:
                into.setdefault("extra", {})[label] = kept
    if width > register.width:
        _keep_beyond(register, values, unit if register.kind != "honours" else honour)
    if reader.figures:
        unit = figure_dates.from_register(unit)
    result = RegisterRow(row.number, values, unit, honour, problems, material, {})
    _check_row(register, result, lengths=too_long)
    if result.ok:
        _infer(register, result)
    return result


def _flaw_problems(register: Register, row: Row, columns: list[_Column]) -> list[RowProblem]:
    """The row's unusable cells (a control character, a formula without its result) in imported columns
    (a 序号 column's numbers are not imported: a formula there, =ROW()-1, is no loss)."""
    imported = {column.index for column in columns if column.key != "serial"}
    return [
        RowProblem(row.number, register.column_label(flaw.column), flaw.message)
        for flaw in row.flaws
        if flaw.column in imported
    ]


def _keep_beyond(register: Register, values: list[object], into: dict[str, Any]) -> None:
    """Cells right of every named or mapped column: kept as extra fields under the column's number."""
    for index in range(register.width, len(values)):
        text = cell_text(values[index])
        if text is not None:
            into.setdefault("extra", {})[register.column_label(index)] = text


def _infer(register: Register, row: RegisterRow) -> None:
    """The level of an honour and the category of a unit, where the row does not give them."""
    if row.honour.get("level") == UNLEVELLED:  # the register says so: no level, none inferred
        row.honour["level"] = None
    elif register.kind == "honours" and not row.honour.get("level"):
        level = register.sheet_level or _level(row.honour.get("awarded_by"), row.honour.get("title"))
        if level is not None:
            row.honour["level"] = level.value
            row.inferred["honour.level"] = level
            extra = row.honour.get("extra")
            row.honour["extra"] = marked(extra, LEVEL_MARK, level.rule) if extra else _mark_only(level.rule)
    if row.unit.get("category") == UNCATEGORISED:
        row.unit["category"] = None
    elif not row.unit.get("category"):
        category = _category(row.unit.get("name"))
        if category is not None:
            row.inferred["unit.category"] = category


# Remembered: a register repeats its bodies, titles and units row after row.
_level = lru_cache(maxsize=_MEMO_LIMIT)(infer_level)
_category = lru_cache(maxsize=_MEMO_LIMIT)(infer_category)


@lru_cache(maxsize=_MEMO_LIMIT)
def _mark_only(rule: str) -> dict[str, Any]:
    """The extra fields of an honour whose only one is its level's 推断 mark: one dict for the rows that
    share a rule (bound once when written), never changed (review.choose() gives a row a new one)."""
    return marked(None, LEVEL_MARK, rule)


def _material_reader(key: str, spec: Field) -> Callable[[object], Any]:
    """A materials register's year (2021, 2021年度), topic (any short heading) and text."""
    if key == "year":

        def year(value: object) -> int | None:
            date = cell_date(value)
            return date.year if date is not None else None

        return _memoised(year)
    if key == "topic":

        def topic(value: object) -> str | None:
            text = cell_text(value)
            if text is not None and len(text) > _TOPIC_LIMIT:
                raise CellError(f"主题“{text}”过长（最多 {_TOPIC_LIMIT} 个字）")
            return text

        return _memoised(topic)
    return _reader(spec)


def convert(spec: Field, value: object, *, unit: str | None = None) -> Any:
    """A cell's value as the field's type; raises CellError with the reason. unit: the one the column's
    header names (占地面积（亩）), for a number written without its own."""
    if spec.kind is Kind.DATE:
        term = cell_term(cell_text(value)) if isinstance(value, str) else None
        if term is not None:  # 有效期 2019-2021: to the end of its last year
            return PartialDate(term[1], 12, 31)
        return cell_date(value, allow_future=True)
    if spec.kind is Kind.PARTIAL_DATE:
        return cell_date(value)
    if spec.kind is Kind.FORMER_NAMES:
        try:
            return former_names.clean(cell_text(value), history_of(spec)) or None
        except former_names.FormerNameError as error:
            raise CellError(f"{spec.label}：{error}") from None
    if spec.kind in (Kind.INTEGER, Kind.NUMBER):
        number = cell_number(value, area=spec.unit == "平方米", unit=unit)
        if number is None:
            return None
        problem = number_problem(number, integer=spec.kind is Kind.INTEGER, maximum=spec.maximum)
        if problem:
            raise CellError(f"{spec.label}“{cell_text(value)}”{problem}")
        return int(number) if spec.kind is Kind.INTEGER else number
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
    """A choice from the field's vocabulary; a unit category by the text's last word (公办小学 → 学校),
    其他 when it names none (the text itself is kept beside it as an extra field)."""
    if text in spec.choices:
        return text
    if spec.choices == UNIT_CATEGORIES and text == UNCATEGORISED:
        return text  # kept as none at all (no category inferred)
    if spec.choices == UNIT_CATEGORIES:
        return category_from_text(text, UNIT_CATEGORIES) or "其他"
    if spec.choices in (HONOUR_CATEGORIES, HONOUR_STATUSES):
        match = next((choice for choice in spec.choices if choice in text or text in choice), None)
        if match:
            return match
    raise CellError(f"“{text}”不在可选范围内（可选：{'、'.join(spec.choices)}）")


def _check_row(register: Register, row: RegisterRow, *, lengths: bool = True) -> None:
    """Rules of a whole row: a unit name always, a title on honour rows, field checks from core.
    lengths: False when no value of the row is longer than its field allows (parse_row knows)."""
    if row.problems:
        return
    if not row.unit.get("name"):
        row.problems.append(RowProblem(row.number, _column_of(register, "unit.name"), "缺少单位名称"))
    if register.kind == "honours" and not row.honour.get("title"):
        row.problems.append(RowProblem(row.number, _column_of(register, "honour.title"), "缺少荣誉称号"))
    if register.kind == "materials":
        for key, what in (("year", "年度"), ("topic", "主题"), ("text", "内容")):
            if not row.material.get(key):
                row.problems.append(
                    RowProblem(row.number, _column_of(register, f"material.{key}"), f"缺少{what}")
                )
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
    if not lengths:
        return
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
