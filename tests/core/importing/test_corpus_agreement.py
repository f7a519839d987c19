"""python-calamine reads the corpus as openpyxl (.xlsx, .xlsm) and xlrd (.xls) read it: the same visible
sheets, the same rows, the same values once cleaned alike, except where calamine is the one that is right
(KNOWN). Each file is compared in a worker process, as in test_corpus.py."""

from __future__ import annotations

from tests.core.importing.test_corpus import CORPUS, FILE_TIMEOUT, MEMORY_LIMIT_MB
from tests.core.importing.workers import Workers, each_file, workers_fixture

FILES = (
    sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))
    if CORPUS.is_dir()
    else []
)

# Where the two readings differ, and why calamine's is the one Excel shows.
KNOWN = {
    "date.xls": "a [h]:mm:ss duration: xlrd gives a date in 1900, calamine the 255:10:10 Excel shows",
    "date_1904.xls": "the same duration in the 1904 date system",
    "has_x000D_.xlsx": "openpyxl leaves the _x000D_ escape in the text; calamine decodes it to a line break",
    "has_x000D_inline.xlsx": "the same, in an inline string",
    "minimal_package.xlsx": "a date format in a stylesheet at a non-standard path: openpyxl misses it, shows a number",
}

WORKER = r"""
import warnings
warnings.simplefilter("ignore")
import openpyxl
from core.importing.readers import UnreadableFileError, open_table_file
from core.importing.readers.cells import TextCleaner, make_row
from core.importing.readers.tables import XlrdTable


def by_openpyxl(path):
    text = TextCleaner()
    with path.open("rb") as fh:
        book = openpyxl.load_workbook(fh, read_only=True, data_only=True, keep_links=False)
        sheets = {}
        for sheet in book.worksheets:
            if sheet.sheet_state == "visible":
                sheet.reset_dimensions()
                rows = (make_row(n, list(v), text) for n, v in enumerate(sheet.iter_rows(values_only=True), 1))
                sheets[sheet.title] = [(r.number, r.values) for r in rows if r is not None]
        book.close()
    return sheets


def by_xlrd(path):
    with XlrdTable(path) as table:
        return {s: [(r.number, r.values) for r in table.rows(s)] for s in table.sheet_names}


def compare(path):
    try:
        with open_table_file(path) as table:
            kind = table.kind
            ours = {s: [(r.number, r.values) for r in table.rows(s)] for s in table.sheet_names}
    except UnreadableFileError as error:
        return {"outcome": "refused", "reason": error.reason}
    if kind not in ("xlsx", "xls"):
        return {"outcome": "other kind", "kind": kind}
    try:
        theirs = by_openpyxl(path) if kind == "xlsx" else by_xlrd(path)
    except Exception as error:
        return {"outcome": "reference cannot read", "error": repr(error)}
    if not theirs:
        return {"outcome": "reference cannot read", "error": "no sheet"}
    if list(ours) != list(theirs):
        return {"outcome": "differ", "sheets": [list(ours), list(theirs)]}
    for sheet, rows in ours.items():
        if rows != theirs[sheet]:
            first = next((a, b) for a, b in zip(rows + [None], theirs[sheet] + [None]) if a != b)
            return {"outcome": "differ", "sheet": sheet, "first": repr(first)[:500]}
    return {"outcome": "same"}

"""


workers = workers_fixture(WORKER, "compare", FILE_TIMEOUT, MEMORY_LIMIT_MB)


@each_file(FILES)
def test_calamine_reads_what_openpyxl_and_xlrd_read(workers: Workers, path) -> None:  # type: ignore[no-untyped-def]
    result = workers.read(path)
    assert result["outcome"] in ("same", "differ", "refused", "other kind", "reference cannot read"), result
    if path.name in KNOWN:
        assert result["outcome"] == "differ", f"{path.name} now agrees: drop it from KNOWN ({result})"
    else:
        assert result["outcome"] != "differ", f"{path.name}: {result}"
