"""Registers as real offices make them (office_registers.py), each imported into an empty database and
compared field by field with what a clerk reading it expects: units with their categories, honours with
level (and whether inferred), body, date, 文号, 获得者 and notes, duplicates, skipped and rejected rows.
Also as LibreOffice saves some of them (.xls, .ods), and through the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from core import cli
from core.db import open_database
from core.importing.apply import apply_import
from core.importing.workbook import read_registers
from core.paths import DataDir
from core.reports.pdf import find_soffice
from core.services import Services
from tests.core.importing import registers
from tests.core.importing.office_measure import compare, outcome
from tests.core.importing.office_registers import CONVERTED, OFFICE_REGISTERS


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("office")


def built(folder: Path, name: str, suffix: str = ".xlsx") -> Path:
    builder, file_name, _ = OFFICE_REGISTERS[name]
    path = folder / file_name
    if not path.exists():
        builder(path)
    if suffix == ".xlsx":
        return path
    converted = folder / suffix[1:] / (path.stem + suffix)
    if not converted.exists():
        if find_soffice() is None:
            pytest.skip("LibreOffice is not installed")
        registers.saved_by_libreoffice(path, folder / suffix[1:], suffix)
    return converted


CASES = [(name, ".xlsx") for name in OFFICE_REGISTERS] + CONVERTED


@pytest.mark.parametrize(("name", "suffix"), CASES, ids=[f"{n}{s}" for n, s in CASES])
def test_an_office_register_imports_as_a_clerk_reads_it(
    services: Services, folder: Path, name: str, suffix: str
) -> None:
    path = built(folder, name, suffix)
    result = apply_import(services.db, read_registers(path))
    expected = OFFICE_REGISTERS[name][2]
    matched, total, wrong = compare(expected, outcome(services.db, result))
    assert wrong == [], f"{matched}/{total}"


@pytest.mark.parametrize("name", ["yearly", "dates", "title_block"])
def test_the_command_line_reports_what_the_service_does(
    services: Services, folder: Path, tmp_path: Path, name: str
) -> None:
    path = built(folder, name)
    data = tmp_path / "cli"
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["--data-dir", str(data), "import", str(path), "--json"], out, err)
    printed = json.loads(out.getvalue())
    result = apply_import(services.db, read_registers(path))
    expected = OFFICE_REGISTERS[name][2]
    assert code == (1 if expected.rejected else 0)
    assert {k: printed[k] for k in result.counts} == result.counts
    assert [(e["sheet"], e["row"]) for e in printed["errors"]] == list(expected.rejected)
    skipped = {(s["sheet"], r["row"]): r["reason"] for s in printed["sheets"] for r in s["skipped_rows"]}
    assert skipped == expected.skipped_rows
    written = outcome(open_database(DataDir(data)), result)  # the records the command line wrote
    assert compare(expected, written)[2] == []
