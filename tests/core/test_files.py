"""Files on an office PC (issue 19, files on Windows): replace and unlink retry a sharing violation,
failures are told apart in Chinese, paths are checked against Windows' 260 characters, and the places
that replace or delete files (backups, prune, atomic writes, settings, attachments) use the helper.

Windows' sharing violations are simulated here with OSError/PermissionError carrying winerror 32, 33 or 5,
as Windows raises them; only the Windows workflow proves that a real scanner's hold behaves the same.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from core import files
from core.errors import UserError
from core.services import Services
from tests.core.windows_errors import windows_error


def sharing_violation(winerror: int = files.ERROR_SHARING_VIOLATION) -> PermissionError:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    pauses: list[float] = []
    monkeypatch.setattr(files, "_sleep", pauses.append)
    return pauses


def held_for(
    monkeypatch: pytest.MonkeyPatch,
    times: int,
    winerror: int = files.ERROR_SHARING_VIOLATION,
    held: Path | None = None,
) -> None:
    """Replacing or deleting a file (held, or any) fails `times` times with a sharing violation."""
    real_replace, real_unlink = os.replace, Path.unlink
    left = {"count": times}

    def busy(*paths: object) -> bool:
        if held and not any(Path(str(path)) == held for path in paths):
            return False
        left["count"] -= 1
        return left["count"] >= 0

    def replace(source, target):  # type: ignore[no-untyped-def]
        if busy(source, target):
            raise sharing_violation(winerror)
        return real_replace(source, target)

    def unlink(self, missing_ok=False):  # type: ignore[no-untyped-def]
        if busy(self):
            raise sharing_violation(winerror)
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)


@pytest.mark.parametrize(
    "winerror",
    [
        files.ERROR_SHARING_VIOLATION,
        files.ERROR_LOCK_VIOLATION,
        files.ERROR_ACCESS_DENIED,
        files.ERROR_USER_MAPPED_FILE,  # Defender maps a fresh document into memory to scan it
    ],
)
def test_a_brief_hold_by_a_scanner_is_waited_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float], winerror: int
) -> None:
    source, target = tmp_path / "new.docx", tmp_path / "old.docx"
    source.write_bytes(b"new")
    target.write_bytes(b"old")
    held_for(monkeypatch, 3, winerror)
    files.replace(source, target)
    assert target.read_bytes() == b"new" and not source.exists()
    assert len(no_waiting) == 3 and sum(no_waiting) < 1.5


def test_a_lasting_hold_gives_up_after_about_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    victim = tmp_path / "old.db"
    victim.write_bytes(b"x")
    held_for(monkeypatch, 100)
    with pytest.raises(PermissionError):
        files.unlink(victim)
    assert victim.exists()
    assert 0.5 < sum(no_waiting) < 1.5


def test_an_error_that_is_no_sharing_violation_is_not_retried(
    tmp_path: Path, no_waiting: list[float]
) -> None:
    with pytest.raises(FileNotFoundError):
        files.replace(tmp_path / "missing", tmp_path / "other")
    assert no_waiting == []


def test_a_document_open_in_word_is_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    target = tmp_path / "情况汇报.docx"
    target.write_bytes(b"the clerk's copy")
    held_for(monkeypatch, 100, held=target)
    with pytest.raises(UserError, match=r"无法写入“情况汇报\.docx”：文件可能正在 Word 或 WPS 中打开"):
        files.write_atomically(target, lambda temporary: temporary.write_bytes(b"new"))
    assert target.read_bytes() == b"the clerk's copy"
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["情况汇报.docx"]  # no half-written file left behind


def test_a_fresh_report_a_scanner_keeps_mapped_is_explained_and_leaves_no_half_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    """Winerror 1224 (a user-mapped section open: Defender scanning the new file) on the rename of a
    report that did not exist before: waited out for a second, then told as security software in
    Chinese, not as "错误代码 1224"; no temporary file and no half report stay behind."""
    target = tmp_path / "情况汇报.docx"
    real_replace = os.replace

    def mapped(source, target_):  # type: ignore[no-untyped-def]
        error = OSError(errno.EINVAL, "请求的操作无法在使用用户映射区域打开的文件上执行。")
        error.winerror = files.ERROR_USER_MAPPED_FILE  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(files.os, "replace", mapped)
    with pytest.raises(UserError) as refused:
        files.write_atomically(target, lambda temporary: temporary.write_bytes(b"report"))
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert refused.value.message.startswith(f"无法写入“情况汇报.docx”：写入“{tmp_path}”被安全软件阻止")
    assert "1224" not in refused.value.message
    assert 0.5 < sum(no_waiting) < 1.5
    assert list(tmp_path.iterdir()) == []


def test_a_certificate_scan_a_scanner_looks_at_is_still_attached(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    """The fresh copy of a certificate in attachments/ is opened by the antivirus at once: its rename to
    the stored name waits that out instead of failing the attachment."""
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(unit.id, {"title": "省卫生先进单位"})
    scan = tmp_path / "证书.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate")
    held_for(monkeypatch, 2)
    attachment = services.attachments.add(honour.id, scan)
    monkeypatch.undo()
    assert services.attachments.path(attachment).read_bytes() == b"%PDF-1.4 certificate"
    assert len(no_waiting) == 2


def test_an_export_over_a_read_only_workbook_says_so_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    target = tmp_path / "荣誉一览.xlsx"
    target.write_bytes(b"the copy from the CD")
    target.chmod(0o444)  # Windows' 只读 attribute; replacing the file is then refused
    held_for(monkeypatch, 100, files.ERROR_ACCESS_DENIED, held=target)
    with pytest.raises(UserError) as refused:
        files.write_atomically(target, lambda temporary: temporary.write_bytes(b"new"), editor="Excel")
    assert refused.value.message.startswith("无法写入“荣誉一览.xlsx”：文件设为“只读”")
    assert target.read_bytes() == b"the copy from the CD"


def test_a_folder_that_cannot_be_written_is_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "folder_writable", lambda folder: False)
    message = files.why_not_written(tmp_path / "导出.xlsx", sharing_violation(files.ERROR_ACCESS_DENIED))
    assert message.startswith(f"文件夹“{tmp_path}”不可写")


def test_security_software_is_named_for_a_protected_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Controlled Folder Access refuses writes to Documents and the like to programs it does not know."""
    home = tmp_path / "home"
    documents = home / "Documents"
    documents.mkdir(parents=True)
    monkeypatch.setattr(files, "folder_writable", lambda folder: False)
    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(Path, "home", lambda: home)
    message = files.why_not_written(documents / "汇报.docx", sharing_violation(files.ERROR_ACCESS_DENIED))
    assert "被安全软件阻止" in message and "受控文件夹访问" in message and "360" in message


@pytest.mark.parametrize("winerror", [21, 1112, 1167, 1617])  # not ready, no media, not connected, removed
def test_a_usb_stick_pulled_out_is_named_when_writing_fails(tmp_path: Path, winerror: int) -> None:
    """A data folder or an export on a U 盘 that is no longer there (or a card reader left empty): not
    "错误代码 21", nor a folder without write permission."""
    error = PermissionError(errno.EACCES, "设备未就绪。") if winerror == 21 else OSError(errno.EINVAL, "设备")
    error.winerror = winerror  # type: ignore[attr-defined]
    message = files.why_not_written(tmp_path / "荣誉档案" / "导出.xlsx", error)
    assert "U 盘、存储卡或移动硬盘已拔出或未就绪" in message and "错误代码" not in message


@pytest.mark.parametrize("winerror", [64, 59, 1231, 53])  # deleted, unexpected, unreachable, bad path
def test_a_network_share_that_went_away_is_named_as_such(tmp_path: Path, winerror: int) -> None:
    error = (FileNotFoundError if winerror == 53 else OSError)(errno.EINVAL, "指定的网络名不再可用。")
    error.winerror = winerror  # type: ignore[attr-defined]
    folder = tmp_path / "文明办共享" / "汇报"
    with pytest.raises(UserError) as refused:
        files.write_atomically(folder / "情况汇报.docx", lambda temporary: _raise(error))
    assert refused.value.message == (
        f"无法写入“情况汇报.docx”：文件夹“{folder}”所在的网络位置无法访问（网络已断开或服务器没有响应）。"
        "请检查网络连接后重试，或先保存到本机的文件夹。"
    )


def _raise(error: OSError) -> None:
    raise error


def test_protected_folders_are_the_profiles_documents_desktop_and_pictures(tmp_path: Path) -> None:
    home = tmp_path / "user"
    assert files.is_protected_folder(home / "Documents" / "汇报", home)
    assert files.is_protected_folder(home / "Desktop", home)
    assert files.is_protected_folder(home / "OneDrive - 文明办" / "材料", home)
    assert not files.is_protected_folder(home / "AppData" / "Local" / "HonourDesk", home)
    assert not files.is_protected_folder(tmp_path / "D盘" / "汇报", home)


def test_documents_moved_to_another_drive_are_still_protected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many office PCs move 我的文档 to D: (its Properties → 位置); Controlled Folder Access still guards it
    there. A write refused in D:\\我的文档\\汇报 names the security software, not missing rights."""
    home = tmp_path / "C盘" / "Users" / "Administrator"
    moved = tmp_path / "D盘" / "我的文档"
    folder = moved / "汇报"
    assert files.is_protected_folder(folder, home, moved=[moved])
    assert not files.is_protected_folder(tmp_path / "D盘" / "汇报", home, moved=[moved])
    monkeypatch.setattr(files, "WINDOWS", True)
    monkeypatch.setattr(files, "shell_folders", lambda: [moved])
    monkeypatch.setattr(files, "folder_writable", lambda folder: False)
    denied = PermissionError(errno.EACCES, "拒绝访问。")
    told = files.why_not_written(folder / "情况汇报.docx", denied)
    assert "被安全软件阻止" in told and "受控文件夹访问" in told


def test_a_file_rejected_as_a_virus_and_a_full_disk_are_told_apart(tmp_path: Path) -> None:
    virus = OSError(errno.EINVAL, "virus")
    virus.winerror = files.ERROR_VIRUS_INFECTED  # type: ignore[attr-defined]
    assert "安全软件认为文件有风险" in files.why_not_written(tmp_path / "a.docx", virus)
    assert "空间不足" in files.why_not_written(tmp_path / "a.docx", OSError(errno.ENOSPC, "full"))


def test_paths_longer_than_windows_allows_are_refused_in_chinese(tmp_path: Path) -> None:
    deep = Path("C:/") / ("很长的文件夹名" * 40) / "宁波市荷花庄小学-情况汇报-2026.docx"
    with pytest.raises(UserError, match=r"路径太长.*Windows 上最多 259 个"):
        files.check_path_length(deep, windows=True)
    files.check_path_length(deep, windows=False)  # other systems allow it
    files.check_path_length(Path("C:/汇报/宁波市荷花庄小学-情况汇报-2026.docx"), windows=True)


def test_an_atomic_write_checks_the_temporary_files_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "WINDOWS", True)
    name = "x" * (files.MAX_PATH_CHARS - len(str(tmp_path)) - 6) + ".docx"  # fits; its .part twin does not
    with pytest.raises(UserError, match="路径太长"):
        files.write_atomically(tmp_path / name, lambda temporary: temporary.write_bytes(b""))
    assert list(tmp_path.iterdir()) == []


def test_settings_survive_a_brief_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    from core.settings import Settings

    path = tmp_path / "settings.json"
    Settings(backups_to_keep=5).save(path)
    held_for(monkeypatch, 2)
    Settings(backups_to_keep=7).save(path)
    assert Settings.load(path).backups_to_keep == 7


def test_deleting_an_attachment_open_in_a_viewer_is_answered_in_chinese_and_changes_nothing(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    """On Windows a picture or PDF open in a viewer cannot be renamed or deleted (proved there only)."""
    unit = services.units.create({"name": "宁波市荷花庄小学"})
    honour = services.honours.create(unit.id, {"title": "省卫生先进单位"})
    scan = tmp_path / "证书.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate")
    attachment = services.attachments.add(honour.id, scan)
    stored = services.attachments.path(attachment)
    held_for(monkeypatch, 100, held=stored)
    with pytest.raises(
        UserError,
        match=r"无法删除附件“证书\.pdf”：文件正被其他程序打开（如看图软件、PDF 阅读器）.*附件未删除",
    ):
        services.attachments.remove(attachment.id)
    monkeypatch.undo()
    assert [a.id for a in services.attachments.list(honour.id)] == [attachment.id]
    assert stored.read_bytes() == b"%PDF-1.4 certificate"
    services.attachments.remove(attachment.id)  # closed in the viewer: now it goes
    assert services.attachments.list(honour.id) == [] and not stored.exists()
    assert [p.name for p in stored.parent.iterdir()] == []


@pytest.mark.parametrize(
    ("error", "windows", "told"),
    [
        (OSError("指定的网络名不再可用。 (os error 64)"), True, "网络位置无法访问"),  # python-calamine's
        (OSError("设备未就绪。 (os error 21)"), True, "U 盘、光盘或移动硬盘已拔出"),
        (OSError("数据错误(循环冗余检查)。 (os error 23)"), True, "可能有坏道"),
        (OSError("Network is down (os error 64)"), False, None),  # elsewhere 64 is an errno, not Windows'
        (OSError("No such file or directory (os error 2)"), True, None),  # the caller's own reason
    ],
)
def test_a_read_that_failed_outside_the_file_says_where(
    error: OSError, windows: bool, told: str | None
) -> None:
    reason = files.why_not_read(error, windows=windows)
    assert (reason is None) if told is None else (told in (reason or ""))


def test_a_cloud_file_and_a_virus_block_are_told_by_their_windows_codes() -> None:
    cloud = windows_error(362, "云文件提供程序未运行。")
    virus = windows_error(files.ERROR_VIRUS_INFECTED, "操作未成功完成，因为文件包含病毒")
    assert "始终保留在此设备上" in (files.why_not_read(cloud) or "")
    assert "安全软件" in (files.why_not_read(virus) or "")


def test_a_file_deeper_than_windows_reads_is_told_as_too_long_a_path_not_as_missing() -> None:
    """Picked in the file dialog (which reaches it), a register 280 characters deep is "not found" to a
    Windows without long-path support (winerror 3): the clerk is told the path is too long, not that the
    file is missing."""
    deep = "C:\\" + "\\".join(["2024年度各单位荣誉登记材料汇总（含附件）"] * 12) + "\\荣誉登记表.xlsx"
    error = windows_error(3, "系统找不到指定的路径。", errno=errno.ENOENT)
    error.filename = deep
    assert isinstance(error, FileNotFoundError)
    told = files.why_not_read(error, windows=True) or ""
    assert told.startswith("的完整路径有") and "超过 Windows 允许的 259 个字符" in told
    assert files.why_not_read(error, windows=False) is None  # elsewhere: missing, as the caller says
    error.filename = "C:\\登记表.xlsx"
    assert files.why_not_read(error, windows=True) is None  # short and missing: missing
    named = windows_error(files.ERROR_FILENAME_EXCED_RANGE, "文件名或扩展名太长。")
    assert "超过 Windows 允许的 259 个字符" in (files.why_not_read(named, windows=True) or "")
