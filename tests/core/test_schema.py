"""The models and the migrations describe the same schema, so a model change without its migration
(or the reverse) fails here rather than on a clerk's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import Database
from core.models import Base


def _ours(name: str | None, kind: str) -> bool:
    # Made by raw SQL in migration 0003 only: SQLite's unit_search FTS5 table (and its shadow tables),
    # PostgreSQL's trigram indexes.
    name = name or ""
    return not (kind == "table" and name.startswith("unit_search")) and not (
        kind == "index" and name.endswith("_trgm")
    )


def test_models_match_the_migrated_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _parent: _ours(name, kind),
                "compare_type": True,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
