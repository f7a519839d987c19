"""What a write changed, as flags: core returns it, the window broadcasts it once, views refresh by it.

After Anki's OpChanges: a service that writes returns `Changes(units=True, honours=True)`; the GUI
hands that value to `AppContext.apply` once per operation, and each view refreshes only when a flag
it watches is set. No caller has to remember which names to announce.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

# The legacy names that GUI code announced before Changes existed, and the flag each stands for.
_ENTITY_FLAGS = {
    "unit": "units",
    "honour": "honours",
    "material": "materials",
    "attachment": "attachments",
    "report": "reports",
    "template": "templates",
    "import": "imports",
}


@dataclass(frozen=True)
class Changes:
    """Which kinds of record an operation changed. Combine with `|`; false when nothing changed."""

    units: bool = False
    honours: bool = False
    materials: bool = False
    attachments: bool = False
    reports: bool = False
    templates: bool = False
    imports: bool = False  # import batches (the import history)

    @classmethod
    def everything(cls) -> Changes:
        """After a restore, an import or a demo load: every view reads again."""
        return cls(**{flag.name: True for flag in fields(cls)})

    @classmethod
    def of(cls, entity: str) -> Changes:
        """The flag for a legacy entity name ("unit", "honour", …, or "all")."""
        if entity == "all":
            return cls.everything()
        flag = _ENTITY_FLAGS.get(entity)
        return cls(**{flag: True}) if flag else cls()

    def __or__(self, other: Changes) -> Changes:
        return replace(self, **{flag.name: True for flag in fields(other) if getattr(other, flag.name)})

    def __bool__(self) -> bool:
        return any(self.flags())

    def flags(self) -> tuple[str, ...]:
        """The names of the set flags, in declaration order."""
        return tuple(flag.name for flag in fields(self) if getattr(self, flag.name))

    def touches(self, *names: str) -> bool:
        """Whether any of the named flags is set."""
        return any(getattr(self, name) for name in names)

    def legacy_name(self) -> str:
        """The one string the old `data_changed(str)` signal carried for this value."""
        flags = self.flags()
        if len(flags) == 1:
            return next(entity for entity, flag in _ENTITY_FLAGS.items() if flag == flags[0])
        return "all"


NO_CHANGES = Changes()
