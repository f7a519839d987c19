"""What an import batch is called, what it added, and what undoing it does, in Chinese, for every kind.

A batch (core.models.ImportBatch) is one undoable whole: an Excel register ("register"), an old Word
report ("report", which also adds and extends work materials), recognised certificates ("certificate",
whose images are stored with the honours), a 表彰文件 ("decision") or a 复查 result ("review", which changes
honours instead of adding them). The history page, its question before an undo and its answer after it
all read from here, so the three always agree on what a batch did.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol


class Batch(Protocol):
    kind: str
    file_name: str
    sheet: str | None
    counts: dict[str, Any]


KIND_NAMES = {
    "register": "登记表",
    "report": "往年材料",
    "certificate": "证书识别",
    "decision": "表彰文件",
    "review": "复查结果",
}
KIND_ACTIONS = {
    "register": "登记表导入",
    "report": "往年材料导入",
    "certificate": "证书识别录入",
    "decision": "表彰文件录入",
    "review": "复查结果记录",
}
FILE_KINDS = ("register", "report")  # file_name is a path; the others hold a description
DEFAULT_KIND = "导入"

# What the batch added or changed, in the order a clerk reads it: (counts key, wording).
ADDED = (
    ("honours_created", "荣誉 {} 项"),
    ("materials_created", "工作材料 {} 篇"),
    ("materials_extended", "补充材料 {} 篇"),
    ("units_created", "新建单位 {} 个"),
    ("units_updated", "更新单位 {} 个"),
    ("honours_updated", "更新荣誉 {} 项"),
    ("honours_dated", "补充获得时间 {} 项"),
)


def kind_name(batch: Batch) -> str:
    return KIND_NAMES.get(batch.kind, DEFAULT_KIND)


def kind_action(batch: Batch) -> str:
    return KIND_ACTIONS.get(batch.kind, DEFAULT_KIND)


def source(batch: Batch) -> str:
    """The file's name for a file read, else the batch's own description (表彰“…”（文号）, 证书 … 等 3 张)."""
    return Path(batch.file_name).name if batch.kind in FILE_KINDS else batch.file_name


def part(batch: Batch) -> str:
    """The sheet of a register or the 第N篇 of a report collection."""
    return batch.sheet or ""


def _count(counts: Mapping[str, Any], key: str) -> int:
    try:
        return int(counts.get(key) or 0)
    except (TypeError, ValueError):
        return 0


def added(batch: Batch) -> str:
    """ "荣誉 6 项、新建单位 3 个": what the batch added or changed; 无 when nothing."""
    counts = batch.counts or {}
    parts = [words.format(n) for key, words in ADDED if (n := _count(counts, key))]
    return "、".join(parts) or "无"


def undo_steps(batch: Batch) -> list[str]:
    """What undoing the batch will do, one line per kind of record."""
    counts = batch.counts or {}
    steps = []
    if n := _count(counts, "honours_created"):
        images = "（连同保存的证书图片）" if batch.kind == "certificate" else ""
        steps.append(f"删除这次新增的 {n} 项荣誉{images}")
    if n := _count(counts, "materials_created"):
        steps.append(f"删除这次新增的 {n} 篇工作材料")
    if n := _count(counts, "materials_extended"):
        steps.append(f"把这次补充过的 {n} 篇工作材料还原为导入前的文字")
    if n := _count(counts, "units_created"):
        steps.append(f"删除这次新建的 {n} 个单位（已另有荣誉或工作材料的单位予以保留）")
    if n := _count(counts, "units_updated"):
        if batch.kind == "report":  # one unit per report: a new one goes, facts and all
            if not _count(counts, "units_created"):
                steps.append("把这次填写的单位信息还原为导入前的内容")
        else:
            steps.append(f"把这次更新的 {n} 个单位还原为导入前的内容")
    if n := _count(counts, "honours_updated"):
        steps.append(f"把这次复查改动的 {n} 项荣誉还原为复查前的有效期、状态和备注")
    if n := _count(counts, "honours_dated"):
        steps.append(f"把这次补充了月份的 {n} 项已有荣誉还原为导入前的获得时间（之后又修改过的予以保留）")
    return steps or ["这次导入没有留下要删除或还原的记录，只标记为已撤销"]


def undo_title(batch: Batch) -> str:
    return "撤销复查结果" if batch.kind == "review" else "撤销导入"


def undo_question(batch: Batch, when: str) -> str:
    """The question before an undo: which batch, and every change the undo makes."""
    lines = [
        f"确定要撤销这次{kind_action(batch)}吗？",
        "",
        f"{kind_name(batch)}：{described(batch)}",
        f"时间：{when}",
        "",
        "撤销将：",
        *(f"· {step}" for step in undo_steps(batch)),
        "",
        "撤销前会自动备份数据库。",
    ]
    return "\n".join(lines)


def described(batch: Batch) -> str:
    """The source with its sheet or 篇: 荣誉登记表.xlsx（工作表“荣誉”）."""
    if not part(batch):
        return source(batch)
    where = part(batch) if batch.kind == "report" else f"工作表“{part(batch)}”"
    return f"{source(batch)}（{where}）"


def _listed(*counts: tuple[str, int]) -> str:
    return "、".join(words.format(n) for words, n in counts if n)


def undo_answer(batch: Batch, result: Any) -> str:
    """The answer after an undo, from core's UndoResult: what was removed and put back, and what was kept."""
    removed = _listed(
        ("荣誉 {} 项", result.honours_removed),
        ("工作材料 {} 篇", getattr(result, "materials_removed", 0)),
        ("单位 {} 个", result.units_removed),
    )
    # An old report's new unit had its facts put back before it was removed: not a unit restored.
    gone = batch.kind == "report" and result.units_removed
    restored = _listed(
        ("单位 {} 个", 0 if gone else result.units_restored),
        ("工作材料 {} 篇", getattr(result, "materials_restored", 0)),
        ("荣誉 {} 项", getattr(result, "honours_restored", 0)),
    )
    done = [f"删除{removed}"] * bool(removed) + [f"还原{restored}"] * bool(restored)
    what = "；".join(done) if done else "没有要删除或还原的记录"
    text = f"已撤销这次{kind_action(batch)}：{described(batch)}\n\n{what}。"
    if result.kept:
        text += "\n\n" + "\n".join(result.kept)
    return text
