"""A column mapping as the import wizard shows and checks it: column letters, header rows, choice order."""

from __future__ import annotations

from core.importing.headers import EXTRAS, IGNORE, SERIAL, TARGET_LABELS, HeaderGuess

# The order of the choices in a 导入为 combo: not imported first, then the unit's, the honour's and the
# work material's fields.
TARGET_ORDER = (
    [IGNORE, SERIAL]
    + [t for t in TARGET_LABELS if t.startswith("unit.")]
    + [t for t in TARGET_LABELS if t.startswith("honour.")]
    + [t for t in TARGET_LABELS if t.startswith("material.")]
)
_MANY_COLUMNS = (IGNORE, SERIAL, *EXTRAS)  # targets any number of columns may have


def column_name(column: int) -> str:
    """Excel's letters for a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def header_rows_text(header: HeaderGuess) -> str:
    if header.depth == 2:
        return f"第 {header.row_number - 1}–{header.row_number} 行（两层表头）"
    return f"第 {header.row_number} 行"


def mapping_problem(mapping: dict[int, str]) -> str:
    """Why a mapping cannot be used, or ""."""
    targets = list(mapping.values())
    if "unit.name" not in targets:
        return f"请指定哪一列是“{TARGET_LABELS['unit.name']}”：没有单位名称就无法导入。"
    for target in dict.fromkeys(targets):
        columns = [column_name(c) for c, t in sorted(mapping.items()) if t == target]
        if target not in _MANY_COLUMNS and len(columns) > 1:
            return f"“{TARGET_LABELS[target]}”对应了 {'、'.join(columns)} 多列，每个字段只能对应一列。"
    return ""
