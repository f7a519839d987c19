"""Certificates added on one PC open on another when both work over one PostgreSQL server.

Over SQLite (the default run) the bytes are not stored twice; over the suite's PostgreSQL server (the
second run of scripts/test.sh) a second data directory stands for the second PC.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core.db import Database
from core.models import SharedFile
from core.paths import DataDir
from core.services import Services

SCAN = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64  # stands for a certificate scan


def _stored_files(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(SharedFile)) or 0


def _honour(services: Services) -> int:
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    return services.honours.create(unit.id, {"title": "省文明单位", "awarded": "2021"}).id


def test_a_certificate_added_on_one_pc_opens_on_another(services: Services, tmp_path: Path) -> None:
    scan = tmp_path / "证书.png"
    scan.write_bytes(SCAN)
    honour_id = _honour(services)
    added = services.attachments.add(honour_id, scan)
    assert services.attachments.path(added).read_bytes() == SCAN

    database = services.db
    if database.is_sqlite:  # one PC: the file beside the database is the only copy
        assert _stored_files(database) == 0
        return
    assert _stored_files(database) == 1
    other_pc = Services.over(Database(database.url, DataDir(tmp_path / "other-pc").create()))
    try:
        [seen] = other_pc.attachments.list(honour_id)
        local = other_pc.attachments.path(seen)
        assert local.is_relative_to(tmp_path / "other-pc") and local.read_bytes() == SCAN

        other_pc.attachments.remove(seen.id)
        assert _stored_files(database) == 0  # no record refers to the bytes any more
    finally:
        other_pc.db.dispose()


def test_the_same_scan_on_two_honours_is_stored_once(services: Services, tmp_path: Path) -> None:
    scan = tmp_path / "证书.png"
    scan.write_bytes(SCAN)
    first = _honour(services)
    unit_id = services.honours.get(first).unit_id
    second = services.honours.create(unit_id, {"title": "市文明单位", "awarded": "2018"}).id
    kept = services.attachments.add(first, scan)
    services.attachments.add(second, scan)
    expected = 0 if services.db.is_sqlite else 1
    assert _stored_files(services.db) == expected
    services.attachments.remove(kept.id)  # the other honour still uses the same content
    assert _stored_files(services.db) == expected


def test_copying_local_records_up_to_a_server_takes_this_pcs_certificates_along(
    database: Database, tmp_path: Path
) -> None:
    from core.copy_database import copy_database
    from core.db import open_database

    local = Services.over(open_database(DataDir(tmp_path / "local").create()))
    try:
        scan = tmp_path / "证书.png"
        scan.write_bytes(SCAN)
        local.attachments.add(_honour(local), scan)
        copy_database(local.db, database)
    finally:
        local.db.dispose()
    assert _stored_files(database) == (0 if database.is_sqlite else 1)


def test_a_template_added_on_one_pc_generates_on_another(services: Services, tmp_path: Path) -> None:
    from core.reports.library import TemplateLibrary
    from tests.core.reports.hostile import docx_with

    source = docx_with(tmp_path / "本区汇报.docx", "{{ 单位.名称 }}情况汇报")
    TemplateLibrary(services.db).add(source)
    if services.db.is_sqlite:
        assert _stored_files(services.db) == 0
        return
    assert _stored_files(services.db) == 1
    other_pc = Database(services.db.url, DataDir(tmp_path / "other-pc").create())
    try:
        library = TemplateLibrary(other_pc)
        path = library.path(library.get("本区汇报"))
        assert path.is_relative_to(tmp_path / "other-pc") and path.read_bytes() == source.read_bytes()
        library.delete("本区汇报")
        assert _stored_files(services.db) == 0
    finally:
        other_pc.dispose()
