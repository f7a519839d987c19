"""Work off the GUI thread, after Anki's CollectionOp and QueryOp:

    ChangeOp(parent, context, lambda progress: units.delete_many(ids), "正在删除…")
        .success(lambda result: say(result))
        .run_in_background()

The op runs on a worker thread and reports through `progress(done, total, label)`; a progress
dialog with a cancel button appears when it takes longer than a moment; errors go through
gui.errors.show_error unless a failure handler is given.

A ChangeOp writes: its work returns Changes (or a result carrying `.changes`), which the op hands to
`AppContext.apply` once, on the GUI thread, before its success callback. Writers run one at a time on
their own worker thread, as Anki's collection work does. A QueryOp only reads (any size) and runs
beside them. `wait_for_all` lets the program end without work still running.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QDeadlineTimer,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from core.changes import Changes
from core.progress import Cancelled, ProgressTracker
from gui.errors import show_error

if TYPE_CHECKING:
    from gui.context import AppContext

log = logging.getLogger(__name__)

T = TypeVar("T")

SHOW_DIALOG_AFTER_MS = 400


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # everything goes back to the GUI thread's one error path
            if not isinstance(error, Cancelled):
                log.debug("后台操作失败", exc_info=error)
            self._report(self._signals.failed, error)
        else:
            self._report(self._signals.finished, result)

    @staticmethod
    def _report(signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the program is closing and the receiver is gone
            log.info("后台操作结束时界面已关闭，结果未显示")


_writers: QThreadPool | None = None


def _writer_pool() -> QThreadPool:
    """One worker thread for every write, so that writes keep their order and never overlap."""
    global _writers
    if _writers is None:
        _writers = QThreadPool()
        _writers.setMaxThreadCount(1)
    return _writers


def wait_for_all(timeout_ms: int) -> bool:
    """Ask every running op to stop and wait for the workers to finish; True when none is left."""
    for op in list(BackgroundOp.running):
        op.cancel()
    deadline = QDeadlineTimer(timeout_ms)
    pools = [QThreadPool.globalInstance(), *([_writers] if _writers is not None else [])]
    finished = all(pool.waitForDone(max(int(deadline.remainingTime()), 0)) for pool in pools)
    QApplication.processEvents()  # deliver the finished ops' signals while their receivers still exist
    return finished


class BackgroundOp(Generic[T]):
    running: ClassVar[set[BackgroundOp[Any]]] = set()

    def __init__(
        self,
        parent: QWidget | None,
        op: Callable[[ProgressTracker], T],
        label: str,
        *,
        cancellable: bool = True,
        show_dialog: bool = True,
    ) -> None:
        self._parent = parent
        self._op = op
        self._label = label
        self._cancellable = cancellable
        self._show_dialog = show_dialog
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._signals = _Signals()
        self._tracker = ProgressTracker(
            lambda done, total, text: self._signals.progress.emit(done, total, text)
        )
        self._dialog: QProgressDialog | None = None

    def success(self, callback: Callable[[T], None]) -> BackgroundOp[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> BackgroundOp[T]:
        self._on_failure = callback
        return self

    def cancelled(self, callback: Callable[[], None]) -> BackgroundOp[T]:
        self._on_cancel = callback
        return self

    def run_in_background(self) -> None:
        self._dialog = self._make_dialog() if self._show_dialog else None
        self._signals.progress.connect(self._show_progress)
        self._signals.finished.connect(self._finish)
        self._signals.failed.connect(self._fail)
        BackgroundOp.running.add(self)
        self._pool().start(_Runnable(lambda: self._op(self._tracker), self._signals))

    def _pool(self) -> QThreadPool:
        return QThreadPool.globalInstance()

    def cancel(self) -> None:
        self._tracker.cancel()

    # -- GUI thread ----------------------------------------------------------------------------

    def _make_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog(self._label, "取消" if self._cancellable else "", 0, 0, self._parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_DIALOG_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self._user_cancelled)
        return dialog

    def _user_cancelled(self) -> None:
        self._tracker.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText("正在取消…")

    def _show_progress(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None or self._tracker.cancelled:
            return
        dialog.setMaximum(max(total, 0))
        # setValue lets a modal dialog process events, in which the work may finish and _close run.
        dialog.setValue(min(done, total) if total > 0 else 0)
        if text and self._dialog is dialog:
            dialog.setLabelText(f"{self._label}\n{text}")

    def _close(self) -> None:
        BackgroundOp.running.discard(self)
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._user_cancelled)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None

    def _finish(self, result: T) -> None:
        self._close()
        if self._on_success is not None:
            self._on_success(result)

    def _fail(self, error: BaseException) -> None:
        self._close()
        if isinstance(error, Cancelled):
            if self._on_cancel is not None:
                self._on_cancel()
            return
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            show_error(self._parent, error)


class QueryOp(BackgroundOp[T]):
    """A read of unknown size off the GUI thread; it changes nothing."""


class _WriteOp(BackgroundOp[T]):
    """A write whose changes the caller announces itself: on the writers' thread all the same."""

    def _pool(self) -> QThreadPool:
        return _writer_pool()


def wait_for(
    parent: QWidget | None, work: Callable[[ProgressTracker], T], label: str, *, writes: bool = False
) -> T:
    """Work whose answer the caller needs before going on (a template checked in its bounded worker):
    run off the GUI thread so the window keeps painting and never shows 未响应, the user's clicks and
    keys held back until it ends, and its result returned (or its error raised) as if called here."""
    loop = QEventLoop()
    outcome: list[Any] = []

    def done(value: object) -> None:
        outcome.append(value)
        loop.quit()

    kind = _WriteOp if writes else QueryOp
    kind(parent, work, label, cancellable=False).success(done).failure(done).run_in_background()
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    (value,) = outcome
    if isinstance(value, BaseException):
        raise value
    return value  # type: ignore[return-value]


class ChangeOp(BackgroundOp[T]):
    """A write off the GUI thread: its Changes reach `context.apply` once, then the success callback."""

    def __init__(
        self,
        parent: QWidget | None,
        context: AppContext,
        op: Callable[[ProgressTracker], T],
        label: str,
        *,
        initiator: object | None = None,
        cancellable: bool = True,
        show_dialog: bool = True,
    ) -> None:
        super().__init__(parent, op, label, cancellable=cancellable, show_dialog=show_dialog)
        self._context = context
        self._initiator = initiator

    def _pool(self) -> QThreadPool:
        return _writer_pool()

    def _finish(self, result: T) -> None:
        changes = result if isinstance(result, Changes) else getattr(result, "changes", None)
        if isinstance(changes, Changes):
            self._close()
            self._context.apply(changes, self._initiator)
        super()._finish(result)
