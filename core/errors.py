"""Errors that carry a message meant for the user, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An error whose message is shown to the user as it is."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class FieldProblem:
    field: str  # attribute name, e.g. "founded"
    label: str  # Chinese label, e.g. "成立时间"
    value: object
    reason: str

    def __str__(self) -> str:
        if self.value in (None, ""):
            return f"“{self.label}”{self.reason}"
        return f"“{self.label}”的值“{self.value}”有误：{self.reason}"


class ValidationError(UserError):
    """One or more fields hold bad values; nothing was saved."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems) + "。未保存任何修改。")

    def for_field(self, field: str) -> FieldProblem | None:
        return next((p for p in self.problems if p.field == field), None)


class ConflictError(UserError):
    """The record changed underneath the caller (optimistic locking)."""

    def __init__(self, message: str, changed: dict[str, tuple[object, object]] | None = None) -> None:
        self.changed = changed or {}
        super().__init__(message)


class NotFoundError(UserError):
    pass


class DatabaseFileError(UserError):
    """A file offered as a database is not a usable HonourDesk database."""
