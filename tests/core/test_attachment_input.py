"""A certificate file from outside that changes while it is attached (a scanner still writing it, a file
saved over on a USB stick): what is recorded is exactly what was stored, and an earlier attachment of the
honour is never overwritten."""

from __future__ import annotations

import hashlib
import pathlib
from pathlib import Path
from typing import Any

import pytest

from core.attachments import AttachmentService
from core.errors import UserError
from core.services import Services

BLOCK = 1 << 20


def changing_on_read(
    monkeypatch: pytest.MonkeyPatch, source: Path, later: bytes, *, at_end: bool = False
) -> None:
    """source is rewritten in place from its second megabyte on with `later`, as a writer still at work
    would: once the first block was read (the rest of that reading sees it), or, at_end, once a reading
    reached the end (a reading after it sees it)."""
    real_open = pathlib.Path.open
    changed: list[bool] = []

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, mode, *args, **kwargs)
        if self != source or "b" not in mode:
            return handle
        reads = [0]
        real_read = handle.read

        def read(size: int = -1) -> bytes:
            block = real_read(size)
            reads[0] += 1
            if (not block if at_end else reads[0] == 1) and not changed:
                changed.append(True)
                with real_open(source, "r+b") as rewrite:
                    rewrite.seek(BLOCK)
                    rewrite.write(later)
            return block

        handle.read = read
        return handle

    monkeypatch.setattr(pathlib.Path, "open", open_)


def test_a_file_changing_while_attached_is_recorded_as_stored_and_overwrites_nothing(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(unit.id, {"title": "浙江省绿色学校"})
    attachments = AttachmentService(services.db)
    first = tmp_path / "证书.png"
    first.write_bytes(b"A" * (2 * BLOCK))
    earlier = attachments.add(honour.id, first)
    earlier_bytes = attachments.path(earlier).read_bytes()

    source = tmp_path / "证书-新.png"
    source.write_bytes(b"A" * (2 * BLOCK))  # the same content as the first when it is opened
    changing_on_read(monkeypatch, source, b"B" * BLOCK, at_end=True)
    added = attachments.add(honour.id, source)
    monkeypatch.undo()

    stored = attachments.path(added).read_bytes()
    assert hashlib.sha256(stored).hexdigest() == added.sha256 and len(stored) == added.size
    assert attachments.path(earlier).read_bytes() == earlier_bytes  # the first attachment is as it was
    assert not [p for p in attachments.folder.rglob(".adding-*")]


def test_a_file_growing_past_the_cap_while_attached_is_refused_and_nothing_is_left(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core import attachments as module

    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(unit.id, {"title": "浙江省绿色学校"})
    service = AttachmentService(services.db)
    source = tmp_path / "扫描.pdf"
    source.write_bytes(b"%PDF-1.4\n" + b"0" * 1000)
    monkeypatch.setattr(module, "MAX_BYTES", 4 * BLOCK)
    changing_on_read(monkeypatch, source, b"1" * (6 * BLOCK))  # grows to 7 MB once reading began
    with pytest.raises(UserError) as refused:
        service.add(honour.id, source)
    assert refused.value.message == "文件“扫描.pdf”超过 4 MB，请压缩后再附加。"
    assert service.list(honour.id) == []
    assert not [p for p in service.folder.rglob("*") if p.is_file()]
