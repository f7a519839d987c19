"""Per-field precision and recall of certificate readings against hand labels (heldout.py).

A field is right when the reader proposes the labelled value (titles, bodies and numbers compared as the
records compare names: without quotes, spaces and the separators between bodies), wrong when it proposes
anything else — a value where the label has none included —, and missed when the label has a value the
reader does not propose. Precision is right / proposed, recall right / labelled; a wrong proposal costs
precision, which matters most: a clerk signs reports built from these records.

    PYTHONPATH=. .venv/bin/python -m tests.core.certificates.measure [heldout2]    prints the figures

The second set (heldout2.py) labels the 证书编号 and the 文号 apart as well (NUMBERS), beside `number`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from core.certificates.understand import Reading, understand
from core.text import name_key
from tests.core.certificates.samples import KNOWN

FIELDS = ("title", "awarded_by", "date", "number", "unit", "recipient", "level")
NUMBERS = ("certificate_no", "document_no")
TODAY = dt.date(2026, 1, 1)


def proposed(reading: Reading) -> dict[str, Any]:
    """What the reader proposes, by the labels' field names."""

    def value(name: str) -> Any:
        found = getattr(reading, name)
        return found.as_json() if found else None

    number = value("certificate_no") or value("document_no")
    fields = {name: value(name) for name in (*FIELDS, *NUMBERS) if name != "number"}
    return {**fields, "number": number}


def _key(name: str, value: Any) -> Any:
    if value is None or name in ("date", "level"):
        return value
    return re.sub(r"[、，,和及与]", "", name_key(str(value)))


@dataclass
class FieldScore:
    right: int = 0
    proposed: int = 0
    labelled: int = 0
    wrong: list[tuple[str, Any, Any]] = field(default_factory=list)  # (certificate, proposed, labelled)
    missed: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


def score(
    results: list[tuple[str, Reading, dict[str, Any]]], fields: tuple[str, ...] = FIELDS
) -> dict[str, FieldScore]:
    """(certificate name, reading, labels) → each field's score."""
    scores = {name: FieldScore() for name in fields}
    for certificate, reading, labels in results:
        got = proposed(reading)
        for name in fields:
            want, have, one = labels[name], got[name], scores[name]
            one.labelled += want is not None
            one.proposed += have is not None
            if have is not None and _key(name, have) == _key(name, want):
                one.right += 1
            elif have is not None:
                one.wrong.append((certificate, have, want))
            elif want is not None:
                one.missed.append((certificate, want))
    return scores


def measure_set(
    items: Iterable[Any], page: Callable[[str], Any], fields: tuple[str, ...] = FIELDS
) -> dict[str, FieldScore]:
    """Each held-out item (name, labels) read from its page and scored."""
    return score(
        [(item.name, understand(page(item.name), KNOWN, TODAY), item.labels) for item in items], fields
    )


def measure_held_out() -> dict[str, FieldScore]:
    from tests.core.certificates.heldout import HELD_OUT, held_out_page

    return measure_set(HELD_OUT, held_out_page)


def measure_held_out_2() -> dict[str, FieldScore]:
    from tests.core.certificates.heldout2 import HELD_OUT_2, held_out_page

    return measure_set(HELD_OUT_2, held_out_page, (*FIELDS, *NUMBERS))


def report(scores: dict[str, FieldScore]) -> str:
    lines = []
    for name, one in scores.items():
        lines.append(
            f"{name:11} right {one.right:2}/{one.labelled:2} labelled, {one.proposed:2} proposed  "
            f"P {one.precision:.2f} R {one.recall:.2f}"
        )
        lines += [f"    WRONG {c}: {have!r} (label {want!r})" for c, have, want in one.wrong]
        lines += [f"    missed {c}: {want!r}" for c, want in one.missed]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(report(measure_held_out_2() if sys.argv[1:] == ["heldout2"] else measure_held_out()))
