"""Every file of the robustness corpus is either read in full (and by the importer) or refused with a
message naming it.

Each file is read in a worker process (one for the whole run, replaced after a failure) so that a hang or a
runaway allocation shows up as a failing test instead of a stuck or killed test run: a file that takes longer
than FILE_TIMEOUT seconds fails, and so does one that drives the worker past MEMORY_LIMIT_MB.
"""

from __future__ import annotations

from pathlib import Path

from core.importing.readers import CORRUPT, PASSWORD, sheet_too_large
from tests.core.importing.workers import REPO, Workers, each_file, workers_fixture

CORPUS = REPO.parent / "shared" / "corpus" / "excel"
FILES = sorted(p for p in CORPUS.iterdir() if p.is_file()) if CORPUS.is_dir() else []
FILE_TIMEOUT = 30.0
MEMORY_LIMIT_MB = 1024

# The files refused, and why; every other file must be read.
REFUSED = {
    "OOM_alloc3.xls": CORRUPT,  # its compound-file directory points past the end of the file
    "issue252.xlsx": CORRUPT,  # a zip member fails its CRC check
    "issue_594_dos.ods": sheet_too_large("Sheet1"),  # claims 17 billion cells
    "issue_385.xls": PASSWORD,
    "pass_protected.ods": PASSWORD,
    "pass_protected.xlsb": PASSWORD,
    "pass_protected.xlsx": PASSWORD,
}

WORKER = r"""
from core.importing.readers import UnreadableFileError, open_table_file
from core.importing.register import NoHeaderError
from core.importing.workbook import read_registers


def read(path):
    try:
        with open_table_file(path) as table:
            rows = sum(1 for sheet in table.sheet_names for _ in table.rows(sheet, fill_merged=True))
        try:  # and as the importer reads it: every sheet with a header as a register
            registers = len(read_registers(path).registers)
        except NoHeaderError:
            registers = 0
        return {"outcome": "read", "kind": table.kind, "rows": rows, "registers": registers}
    except UnreadableFileError as error:
        cause = error.__cause__
        return {"outcome": "refused", "message": error.message, "reason": error.reason,
                "memory": isinstance(cause, MemoryError)}
    except BaseException as error:
        return {"outcome": "crashed", "error": f"{type(error).__module__}.{type(error).__name__}: {error}"}

"""


workers = workers_fixture(WORKER, "read", FILE_TIMEOUT, MEMORY_LIMIT_MB)


@each_file(FILES)
def test_corpus_file_is_read_or_refused_by_name(workers: Workers, path: Path) -> None:
    result = workers.read(path)
    assert result["outcome"] in ("read", "refused"), f"{path.name}: {result}"
    assert result.get("maxrss_mb", 0) <= MEMORY_LIMIT_MB, f"{path.name} used too much memory: {result}"
    if result["outcome"] == "refused":
        assert path.name in str(result["message"])
        assert not result["memory"], f"{path.name} ran out of memory: {result}"
    expected = REFUSED.get(path.name)
    if expected is None:
        assert result["outcome"] == "read", f"{path.name} should be read: {result}"
    else:
        assert result.get("reason") == expected, f"{path.name}: {result}"
