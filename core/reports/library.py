"""Built-in and added templates: the Template table and the .docx files behind it."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import files, shared_files
from core.changelog import record_change
from core.db import Database
from core.errors import NotFoundError, UserError
from core.models import Template
from core.paths import resource_path
from core.reports.inspect import TemplateRefused, TemplateReport
from core.reports.package import TemplateFileError
from core.stored_paths import stored_file, stored_file_or_none
from core.zip_guard import DOCX_LIMITS, MB

log = logging.getLogger(__name__)

BUILTIN_DIR = resource_path("templates")
BUILTIN_PREFIX = "builtin:"
DOCX = (".docx",)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# Names Windows reserves for devices, whatever the extension: CON.docx cannot be created on NTFS.
_RESERVED_NAME = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
# Within the name column (100) and, as a file name of three bytes a character, within the 255 bytes
# Linux file systems allow (Windows allows 255 characters).
MAX_TEMPLATE_NAME = 50


def builtin_specs() -> list[tuple[str, str, str]]:
    """(name, kind, description) of each built-in template, in the order they are offered."""
    from core.reports.builtin import ALL_BUILTIN_TEMPLATES

    return [(t.name, t.kind, t.description) for t in ALL_BUILTIN_TEMPLATES]


def added_kind(fields_used: list[str]) -> str:
    """An added template is a summary (汇总材料, rendered once over many units) when its fields say so."""
    from core.reports.summary_fields import uses_summary_fields
    from core.vocab import SUMMARY_TEMPLATE_KINDS

    return SUMMARY_TEMPLATE_KINDS[-1] if uses_summary_fields(fields_used) else "其他"


def check_template_name(name: str) -> None:
    """A name that is also a safe file name on every PC, Windows' reserved device names included."""
    if not name or _UNSAFE_NAME.search(name):
        raise UserError(f'模板名称“{name}”不能为空，也不能含有 \\ / : * ? " < > | 等字符。')
    if len(name) > MAX_TEMPLATE_NAME:
        raise UserError(
            f"模板名称“{name[:20]}……”有 {len(name)} 个字，最多 {MAX_TEMPLATE_NAME} 个字，请换一个短些的名称。"
        )
    hidden = [character for character in name if unicodedata.category(character) == "Cf"]
    if hidden:  # 情况汇报 + a zero-width space looks like the built-in one; U+202E turns the name round
        shown = "".join("□" if character in hidden else character for character in name)
        raise UserError(
            f"模板名称“{shown}”含有看不见的格式字符（□ 处，如零宽空格、从右向左排列符），"
            "会让它看起来像别的名称，请换一个名称（命令行可用 --name 指定）。"
        )
    if _RESERVED_NAME.match(name) or name.endswith((".", " ")):
        raise UserError(
            f"模板名称“{name}”是 Windows 保留的设备名或以点、空格结尾，不能作文件名，请换一个名称。"
        )


def _refuse_case_twin(session: Session, name: str) -> None:
    """Windows file names ignore case: 情况汇报A and 情况汇报a would be one file."""
    for other in session.scalars(select(Template.name).where(Template.name != name)):
        if other.casefold() == name.casefold():
            raise UserError(
                f"已有模板“{other}”，与“{name}”只差大小写，在 Windows 上是同一个文件，请换一个名称。"
            )


class TemplateLibrary:
    def __init__(self, database: Database) -> None:
        self.db = database

    @property
    def folder(self) -> Path:
        if self.db.data_dir is None:
            raise UserError("未指定数据目录，无法保存模板。")
        return self.db.data_dir.templates

    def ensure_builtins(self) -> None:
        """Register the built-in templates that the database does not list yet (the program's own rows,
        inserted once; a database that lists them all is only read, without waiting for the writers' lock)."""
        builtins = select(Template.name).where(Template.builtin.is_(True))
        with self.db.session() as session:
            present = set(session.scalars(builtins))
        if all(name in present for name, _, _ in builtin_specs()):
            return
        with self.db.session(write=True) as session:
            present = set(session.scalars(builtins))
            for name, kind, description in builtin_specs():
                if name not in present:
                    session.add(
                        Template(
                            name=name,
                            kind=kind,
                            description=description,
                            builtin=True,
                            file_path=f"{BUILTIN_PREFIX}{name}.docx",
                            fields_used=[],
                        )
                    )

    def list(self) -> list[Template]:
        """Built-in templates first (in their own order), then added ones by name."""
        self.ensure_builtins()
        order = {name: index for index, (name, _, _) in enumerate(builtin_specs())}
        with self.db.session() as session:
            templates = list(session.scalars(select(Template)))
        return sorted(templates, key=lambda t: (not t.builtin, order.get(t.name, 0), t.name))

    def get(self, name: str) -> Template:
        self.ensure_builtins()
        with self.db.session() as session:
            template = session.scalar(select(Template).where(Template.name == name.strip()))
        if template is None:
            names = "、".join(t.name for t in self.list())
            raise NotFoundError(f"没有名为“{name}”的模板（可用：{names}）。")
        return template

    def path(self, template: Template) -> Path:
        """The .docx on this PC; with a server, fetched first when another PC added the template."""
        what = f"模板“{template.name}”"
        if template.file_path.startswith(BUILTIN_PREFIX):
            return stored_file(BUILTIN_DIR, template.file_path.removeprefix(BUILTIN_PREFIX), DOCX, what)
        target = stored_file(self.folder, template.file_path, DOCX, what)
        return shared_files.ensure_local(self.db, template.sha256, target)

    def add(
        self, source: Path, name: str | None = None, *, replace: bool = False
    ) -> tuple[Template, TemplateReport]:
        """Inspect a .docx and keep a copy under the data directory. Refused when it is unsafe or broken."""
        source = Path(source)
        if not source.is_file():
            raise UserError(f"找不到文件“{source}”。")
        if source.suffix.lower() != ".docx":
            raise UserError(f"模板“{source.name}”应是 Word 文档（.docx）；.doc 请先在 Word 中另存为 .docx。")
        name = (name or source.stem).strip()
        check_template_name(name)
        from core.reports.trial import trial_units
        from core.reports.worker import inspect_in_worker

        with tempfile.TemporaryDirectory(prefix="honourdesk-template-") as folder:
            # one copy read from outside: what is checked is what is stored and recorded
            staged, digest = _copy_once(source, _staged_name(Path(folder), source, name))
            # in the bounded worker (the file is from outside), tried on a demo unit and the first unit
            report = inspect_in_worker(str(staged), name, trial=trial_units(self.db))
            if not report.usable:
                raise TemplateRefused(report)
            return self._store(staged, digest, source, name, report, replace=replace)

    def _store(
        self, staged: Path, digest: str, source: Path, name: str, report: TemplateReport, *, replace: bool
    ) -> tuple[Template, TemplateReport]:
        with self.db.session(write=True) as session:
            existing = session.scalar(select(Template).where(Template.name == name))
            _refuse_case_twin(session, name)
            if existing is not None and (existing.builtin or not replace):
                what = "内置模板" if existing.builtin else "模板"
                raise UserError(
                    f"已有名为“{name}”的{what}，请换一个名称"
                    + ("。" if existing.builtin else "，或选择替换。")
                )
            target = self.folder / f"{name}.docx"
            files.write_atomically(target, lambda temporary: shutil.copyfile(staged, temporary))
            template = existing or Template(name=name, kind="其他", builtin=False, file_path=target.name)
            previous = template.sha256
            template.sha256 = digest
            shared_files.share(session, target, template.sha256)
            template.fields_used = report.fields_used
            template.kind = added_kind(report.fields_used)
            template.description = f"由“{source.name}”添加"
            session.add(template)
            session.flush()
            record_change(
                session,
                "update" if existing else "create",
                "template",
                template.id,
                f"{'替换' if existing else '添加'}模板“{name}”",
                {"source": str(source)},
            )
            session.flush()
            shared_files.unshare_if_unused(session, previous)
        return template, report

    def delete(self, name: str) -> None:
        template = self.get(name)
        if template.builtin:
            raise UserError(f"“{name}”是内置模板，不能删除。")
        with self.db.session(write=True) as session:
            row = session.get(Template, template.id)
            session.delete(row)
            record_change(session, "purge", "template", template.id, f"删除模板“{name}”", {})
            session.flush()
            shared_files.unshare_if_unused(session, template.sha256)
            stored = stored_file_or_none(self.folder, template.file_path, DOCX)
            try:  # the file first: if Word holds it open, the row stays too
                if stored is not None:  # a path leaving templates/ is never touched
                    files.unlink(stored)
            except OSError as error:
                raise files.write_failure(stored, error, verb="删除") from error


def _staged_name(folder: Path, source: Path, name: str) -> Path:
    """Where the copy is checked: under the file's own name, which the worker's messages show; under the
    template's (at most 50 characters) where that would make too long a path for Windows."""
    staged = folder / source.name
    if files.path_length(staged.absolute()) > files.MAX_PATH_CHARS:
        return folder / f"{name}.docx"
    return staged


def _copy_once(source: Path, staged: Path) -> tuple[Path, str]:
    """source copied to staged (a private folder), hashed as it is copied: the worker then checks, and
    add() stores and records, these very bytes. Checked from source and copied from it again after, a
    file replaced in between was kept unchecked, under fields and a kind that describe another file."""
    limit = DOCX_LIMITS.max_total_bytes  # a package this large would unpack to more than the limit
    too_large = f"模板“{source.name}”超过 {limit // MB} MB，超出可以安全读取的范围，未读取。"
    try:
        digest, _size = files.copy_hashed(
            source, staged, limit=limit, too_large=lambda: TemplateFileError(too_large)
        )
    except OSError as error:
        log.info("cannot read template %s", source, exc_info=error)
        outside = files.why_not_read(error)
        raise TemplateFileError(f"文件“{source.name}”{outside or '无法读取'}。") from error
    return staged, digest
