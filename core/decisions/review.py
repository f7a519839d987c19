"""复查: the result of re-examining a title, recorded for many units at once.

复查合格 keeps the title for another term: its valid_until moves to the review date plus the title's term.
撤销 revokes it: status 已撤销, after which no report counts or lists it. Either way a line is added to the
honour's notes (2024年12月5日复查合格（东文明委〔2024〕8号）). One review is one batch (ImportBatch, kind
"review") whose undo puts every changed honour back as it was; recording the same review twice changes
nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.changelog import plain, record_change
from core.changes import Changes
from core.db import Database
from core.decisions.terms import REVOKED, Terms, add_years, recency
from core.decisions.titles import title_group
from core.errors import UserError
from core.holders import collective
from core.models import Honour, ImportBatch, Unit
from core.reports.prose import chinese_date
from core.vocab import DEFAULT_HONOUR_STATUS

log = logging.getLogger(__name__)

REVIEW = "review"  # ImportBatch.kind
PASSED = "合格"
REVOKE = "撤销"
RESULTS = (PASSED, REVOKE)
_RESTORED = ("valid_until", "status", "notes")


@dataclass(frozen=True)
class Review:
    title: str
    result: str  # PASSED or REVOKE
    on: dt.date
    document_no: str | None = None

    def __post_init__(self) -> None:
        if self.result not in RESULTS:
            raise UserError(f"复查结果应为“合格”或“撤销”，不能是“{self.result}”。")
        if not self.title.strip():
            raise UserError("请填写复查的称号（如 市级文明单位）。")

    def note(self) -> str:
        """2024年12月5日复查合格（东文明委〔2024〕8号）"""
        source = f"（{self.document_no}）" if self.document_no else ""
        what = "复查合格" if self.result == PASSED else "复查未通过，撤销称号"
        return f"{chinese_date(self.on)}{what}{source}"

    def describe(self) -> str:
        return f"复查“{self.title}”：{'合格' if self.result == PASSED else '撤销'}（{chinese_date(self.on)}）"


@dataclass
class ReviewResult:
    honours_updated: int
    unchanged: list[str]  # units whose title already had this result
    missing: list[str]  # units that hold no such title (or only a revoked one)
    unmatched: list[str]  # names given that stand for no unit, or for several
    valid_until: dt.date | None = None  # the new valid_until after 合格
    applied: bool = False
    batch_id: int | None = None
    updated: list[str] = field(default_factory=list)  # units whose title changed (or would)

    @property
    def changes(self) -> Changes:
        return Changes(honours=True, imports=True) if self.applied else Changes()

    def as_json(self) -> dict[str, Any]:
        return {
            "honours_updated": self.honours_updated,
            "unchanged": self.unchanged,
            "missing": self.missing,
            "unmatched": self.unmatched,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "applied": self.applied,
            "batch_id": self.batch_id,
            "updated": self.updated,
        }


def apply_review(
    database: Database,
    review: Review,
    unit_ids: Sequence[int],
    *,
    unmatched: Sequence[str] = (),
    dry_run: bool = False,
) -> ReviewResult:
    """Record the review's result for the title each unit holds, in one transaction as one batch."""
    if not unit_ids:
        raise UserError("没有要记录复查结果的单位：请选择单位，或粘贴名单并确认每个名称对应的单位。")
    with database.session() as session:
        plan, result = _plan(session, review, unit_ids, list(unmatched))
    if dry_run or not plan:
        return result
    if database.sqlite_path is not None:
        from core.backup import backup_database

        backup_database(database, reason="before-review")
    with database.session(write=True) as session:
        plan, result = _plan(session, review, unit_ids, list(unmatched))
        result.batch_id = _write(session, review, plan, result)
        result.applied = True
    log.info("%s：更新荣誉 %d 项", review.describe(), result.honours_updated)
    return result


def _plan(
    session: Session, review: Review, unit_ids: Sequence[int], unmatched: list[str]
) -> tuple[list[tuple[Honour, dict[str, Any]]], ReviewResult]:
    new_until = _new_valid_until(review, Terms.load(session))
    held = latest_of_title(session, review.title, unit_ids)
    names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(list(unit_ids)))).all())
    plan: list[tuple[Honour, dict[str, Any]]] = []
    result = ReviewResult(0, [], [], unmatched, new_until)
    for unit_id in dict.fromkeys(unit_ids):
        name = names.get(unit_id, str(unit_id))
        honour = held.get(unit_id)
        if honour is not None and review.note() in (honour.notes or ""):
            result.unchanged.append(name)  # this review is recorded already
        elif honour is None or honour.status == REVOKED:
            result.missing.append(name)
        else:
            plan.append((honour, _new_values(honour, review, new_until)))
            result.updated.append(name)
    result.honours_updated = len(plan)
    return plan, result


def latest_of_title(session: Session, title: str, unit_ids: Sequence[int]) -> dict[int, Honour]:
    """Each unit's latest live collective honour of the title (under plain_title), revoked or not; a 获得者
    naming the unit itself (集体, its own name) is collective."""
    group = title_group(title)
    query = (
        select(Honour, Unit.name, Unit.short_name)
        .join(Unit, Unit.id == Honour.unit_id)
        .where(Honour.unit_id.in_(list(unit_ids)), Honour.deleted_at.is_(None))
    )
    latest: dict[int, Honour] = {}
    for honour, name, short_name in session.execute(query):
        if not collective(honour.recipient, name, short_name):
            continue
        if title_group(honour.title) == group and (
            honour.unit_id not in latest or recency(honour) > recency(latest[honour.unit_id])
        ):
            latest[honour.unit_id] = honour
    return latest


def _new_valid_until(review: Review, terms: Terms) -> dt.date | None:
    if review.result != PASSED:
        return None
    years = terms.years_for(review.title)
    if years is None:
        raise UserError(
            f"称号“{review.title}”没有设定复查周期，无法算出复查合格后的有效期；"
            "请先在“复查周期”中为它设定年数。"
        )
    return add_years(review.on, years)


def _new_values(honour: Honour, review: Review, new_until: dt.date | None) -> dict[str, Any]:
    note = review.note()
    notes = f"{honour.notes}\n{note}" if honour.notes else note
    if review.result == PASSED:
        return {"valid_until": new_until, "status": DEFAULT_HONOUR_STATUS, "notes": notes}
    return {"status": REVOKED, "notes": notes}


def _write(
    session: Session, review: Review, plan: list[tuple[Honour, dict[str, Any]]], result: ReviewResult
) -> int:
    old = {str(h.id): {key: plain(getattr(h, key)) for key in _RESTORED} for h, _ in plan}
    batch = ImportBatch(
        kind=REVIEW,
        file_name=review.describe(),
        file_hash=_fingerprint(review, [h.id for h, _ in plan]),
        mapping={
            "review": {
                "title": review.title,
                "result": review.result,
                "on": review.on.isoformat(),
                "document_no": review.document_no,
            }
        },
        counts={
            "honours_updated": len(plan),
            "unchanged": len(result.unchanged),
            "missing": len(result.missing),
            "rejected": len(result.unmatched),
        },
        undo_data={"updated_honours": old},
    )
    session.add(batch)
    for honour, values in plan:
        for key, value in values.items():
            setattr(honour, key, value)
    session.flush()
    record_change(
        session,
        "update",
        "import_batch",
        batch.id,
        f"{review.describe()}：更新荣誉 {len(plan)} 项，无此称号 {len(result.missing)} 个单位",
        {"counts": batch.counts, "missing": result.missing, "unmatched": result.unmatched},
    )
    return batch.id


def _fingerprint(review: Review, honour_ids: list[int]) -> str:
    payload = {
        "review": [review.title, review.result, review.on.isoformat(), review.document_no],
        "ids": honour_ids,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()
