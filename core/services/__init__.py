"""Core services: every change the GUI or the command line makes goes through one of these."""

from __future__ import annotations

from dataclasses import dataclass

from core.attachments import AttachmentService
from core.db import Database
from core.services.honours import HonourFilter, HonourService
from core.services.materials import MaterialService
from core.services.reports import ReportHistory
from core.services.units import UnitFilter, UnitRow, UnitService, UnitSummary


@dataclass(frozen=True)
class Services:
    """The services over one database, built together."""

    db: Database
    units: UnitService
    honours: HonourService
    materials: MaterialService
    attachments: AttachmentService
    reports: ReportHistory

    @classmethod
    def over(cls, database: Database) -> Services:
        return cls(
            database,
            UnitService(database),
            HonourService(database),
            MaterialService(database),
            AttachmentService(database),
            ReportHistory(database),
        )


__all__ = [
    "HonourFilter",
    "HonourService",
    "MaterialService",
    "Services",
    "UnitFilter",
    "UnitRow",
    "UnitService",
    "UnitSummary",
]
