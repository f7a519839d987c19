"""The models and the migrations describe the same schema, so a model change without its migration
(or the reverse) fails here rather than on a clerk's database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from core.db import Database
from core.models import Base


def _ours(name: str | None) -> bool:
    # unit_search and its FTS5 shadow tables exist only in the migration (raw SQL, SQLite only).
    return not (name or "").startswith("unit_search")


def test_models_match_the_migrated_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": lambda name, kind, _parent: kind != "table" or _ours(name),
                "compare_type": True,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
