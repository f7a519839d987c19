"""Undo and redo of edits, creations and deletions, as QUndoCommands over core services.

A command is pushed after its first run succeeded (so a refused save never enters the stack);
undo and redo then call the services again. If someone else changed the record meanwhile, the
step is refused with the conflict message and dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from core.changelog import plain
from core.changes import Changes
from core.errors import ConflictError, UserError
from core.importing.history import undo_batch
from core.services.records import RecordService
from gui.context import AppContext
from gui.errors import show_error


def _guarded(command: _Step | BatchCommand, step: Callable[[], object], verb: str) -> None:
    """Run an undo or redo step; a refused one leaves the stack (obsolete) and says why, in a message
    and in the status bar."""
    try:
        step()
    except UserError as error:
        command.setObsolete(True)
        command.context.status_message.emit(f"无法{verb}“{command.text()}”：{error.message}")
        show_error(None, error, f"无法{verb}")
    command.context.apply(command.changes, command)


def step_through(context: AppContext, verb: str) -> tuple[RecordService[Any] | None, list[int]]:
    """Ctrl+Z / Ctrl+Y: undo (verb "撤销") or redo ("重做") one step and name it in the status bar.
    A refused step has already said why (and was dropped from the stack, which counts one fewer).
    Returns the records the step brought back from the recycle bin, with their service, for the
    window to select them."""
    stack = context.undo_stack
    undoing = verb == "撤销"
    if not (stack.canUndo() if undoing else stack.canRedo()):
        return None, []
    text = stack.undoText() if undoing else stack.redoText()
    before = stack.count()
    command = stack.command(stack.index() - 1 if undoing else stack.index())
    if undoing:
        stack.undo()
    else:
        stack.redo()
    if stack.count() != before:
        return None, []
    context.status_message.emit(f"已{verb}：{text}")
    if isinstance(command, _ServiceCommand | BatchCommand):
        return command.service, command.brought_back(undoing)
    return None, []


class _Step(QUndoCommand):
    """A step already done when pushed: the first redo does nothing; later ones, and undo, call _do and
    _undo through _guarded."""

    def __init__(self, context: AppContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._first = True

    @property
    def changes(self) -> Changes:
        raise NotImplementedError

    def redo(self) -> None:
        if self._first:  # already done before the push
            self._first = False
            return
        _guarded(self, self._do, "重做")

    def undo(self) -> None:
        _guarded(self, self._undo, "撤销")

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class _ServiceCommand(_Step):
    def __init__(self, context: AppContext, service: RecordService[Any], record_id: int, text: str) -> None:
        super().__init__(context, text)
        self.service = service
        self.record_id = record_id

    @property
    def changes(self) -> Changes:
        return self.service.changes

    def brought_back(self, undoing: bool) -> list[int]:
        """The records the step just taken (an undo or a redo) brought back from the recycle bin."""
        return []


class EditCommand(_ServiceCommand):
    """Fields changed from `before` to `after`."""

    def __init__(
        self,
        context: AppContext,
        service: RecordService[Any],
        record_id: int,
        text: str,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> None:
        super().__init__(context, service, record_id, text)
        self.before = before
        self.after = after

    def _apply(self, expected: dict[str, Any], values: dict[str, Any]) -> None:
        record = self.service.get(self.record_id)
        current = {key: plain(getattr(record, key)) for key in expected}
        if current != {key: plain(value) for key, value in expected.items()}:
            raise ConflictError(f"{self.text()}之后，这条记录又被修改过，不能再撤销或重做这一步。")
        self.service.update(self.record_id, values, expected_version=record.version)

    def _do(self) -> None:
        self._apply(self.before, self.after)

    def _undo(self) -> None:
        self._apply(self.after, self.before)


class _BinCommand(_ServiceCommand):
    """A step that moves a record to the recycle bin one way and back the other. Moving it to the bin
    again is refused once someone else changed it since: their change is not put out of sight by a
    step the clerk took before it."""

    def __init__(self, context: AppContext, service: RecordService[Any], record: Any, text: str) -> None:
        super().__init__(context, service, record.id, text)
        self.values = service.field_values(record)

    def _to_bin(self) -> None:
        self.service.delete_many([self.record_id], expected={self.record_id: self.values})

    def _from_bin(self) -> None:
        self.service.restore(self.record_id)


class CreateCommand(_BinCommand):
    """A new record: undo moves it to the recycle bin, redo brings it back."""

    def _do(self) -> None:
        self._from_bin()

    def _undo(self) -> None:
        self._to_bin()

    def brought_back(self, undoing: bool) -> list[int]:
        return [] if undoing else [self.record_id]


class DeleteCommand(_BinCommand):
    """A record moved to the recycle bin: undo restores it, redo moves it there again."""

    def _do(self) -> None:
        self._to_bin()

    def _undo(self) -> None:
        self._from_bin()

    def brought_back(self, undoing: bool) -> list[int]:
        return [self.record_id] if undoing else []


class BatchCommand(QUndoCommand):
    """One step over several records (a batch delete, restore or edit), done and undone in one
    transaction each way."""

    def __init__(
        self,
        context: AppContext,
        service: RecordService[Any],
        text: str,
        forward: Callable[[], object],
        backward: Callable[[], object],
        *,
        restored_by_undo: Sequence[int] = (),
        restored_by_redo: Sequence[int] = (),
    ) -> None:
        super().__init__(text)
        self.context = context
        self.service = service
        self._forward = forward
        self._backward = backward
        self._restored = {True: list(restored_by_undo), False: list(restored_by_redo)}
        self._first = True

    @property
    def changes(self) -> Changes:
        return self.service.changes

    def brought_back(self, undoing: bool) -> list[int]:
        """The records the step just taken (an undo or a redo) brought back from the recycle bin."""
        return self._restored[undoing]

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        _guarded(self, self._forward, "重做")

    def undo(self) -> None:
        _guarded(self, self._backward, "撤销")


class Entered(Protocol):
    """What core reports after a batch entry (DecisionResult, ReviewResult)."""

    applied: bool
    batch_id: int | None

    @property
    def changes(self) -> Changes: ...


class EntryBatchCommand(_Step):
    """A batch entered in one step (a 表彰文件 for many units, a 复查 result): undo removes it as the
    import history does (core.importing.history.undo_batch, which keeps what was edited since and says
    so), redo enters it again as a new batch."""

    def __init__(self, context: AppContext, text: str, apply: Callable[[], Entered], first: Entered) -> None:
        super().__init__(context, text)
        self._apply = apply
        self._batch_id = first.batch_id
        self._changes = first.changes

    @property
    def changes(self) -> Changes:
        return self._changes

    def _do(self) -> None:
        result = self._apply()
        if not result.applied or result.batch_id is None:
            raise UserError("档案中已是这样，没有可再记录的内容。")
        self._batch_id, self._changes = result.batch_id, result.changes

    def _undo(self) -> None:
        if self._batch_id is None:
            raise UserError("找不到这次录入的记录。")
        result = undo_batch(self.context.services.db, self._batch_id)
        self._changes = result.changes
        if result.kept:
            QMessageBox.information(None, "撤销", f"已撤销“{self.text()}”。\n\n" + "\n".join(result.kept))


def delete_command(
    context: AppContext, service: RecordService[Any], values: dict[int, dict[str, Any]], text: str
) -> BatchCommand:
    """Records moved to the bin holding values (id → field_values); a redo checks they still do."""
    ids = list(values)
    return BatchCommand(
        context,
        service,
        text,
        lambda: service.delete_many(ids, expected=values),
        lambda: service.restore_many(ids),
        restored_by_undo=ids,
    )


def restore_command(
    context: AppContext, service: RecordService[Any], ids: Sequence[int], text: str
) -> BatchCommand:
    """Records just brought back from the bin; their undo checks nobody changed them since."""
    ids = list(ids)
    values = service.current_values(ids)
    return BatchCommand(
        context,
        service,
        text,
        lambda: service.restore_many(ids),
        lambda: service.delete_many(ids, expected=values),
        restored_by_redo=ids,
    )


def edit_many_command(
    context: AppContext,
    service: RecordService[Any],
    text: str,
    before: dict[int, dict[str, Any]],
    after: dict[int, dict[str, Any]],
) -> BatchCommand:
    return BatchCommand(
        context,
        service,
        text,
        lambda: service.update_each(after, expected=before),
        lambda: service.update_each(before, expected=after),
    )


def push_edit(
    context: AppContext,
    service: RecordService[Any],
    record_id: int,
    text: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Push an EditCommand for the fields that really changed (none: nothing is pushed)."""
    keys = [key for key in after if plain(after[key]) != plain(before.get(key))]
    if keys:
        context.undo_stack.push(
            EditCommand(
                context,
                service,
                record_id,
                text,
                {k: plain(before.get(k)) for k in keys},
                {k: plain(after[k]) for k in keys},
            )
        )
