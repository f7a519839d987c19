"""Two clerks on two PCs save the same unit: the second save is refused with what changed, and
nothing is silently overwritten. Real processes over the suite's database (a PostgreSQL server
when HONOURDESK_TEST_DATABASE_URL is set, else the SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from core.services import Services
from tests.conftest import REPO

CLERK = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from core.db import Database
from core.errors import ConflictError
from core.services import UnitService

database = Database({url!r})
units = UnitService(database)
unit = units.get({unit_id})
Path({ready!r}).touch()
while not Path({go!r}).exists():
    time.sleep(0.01)
try:
    units.update(unit.id, {{"leader": {leader!r}}}, expected_version=unit.version)
    print(json.dumps({{"saved": True}}))
except ConflictError as error:
    print(json.dumps({{"saved": False, "message": error.message}}, ensure_ascii=False))
database.dispose()
"""


def test_the_second_of_two_saves_of_one_unit_is_refused(services: Services, tmp_path: Path) -> None:
    unit = services.units.create({"name": "宁波市荷花庄小学", "leader": "王校长"})
    go = tmp_path / "go"
    clerks = []
    for number, leader in enumerate(("张主任", "李主任")):
        ready = tmp_path / f"ready{number}"
        code = CLERK.format(
            repo=str(REPO), url=services.db.url, unit_id=unit.id, ready=str(ready), go=str(go), leader=leader
        )
        clerks.append(
            (ready, subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True))
        )
    deadline = time.monotonic() + 60
    while not all(ready.exists() for ready, _ in clerks):  # both have read version 1
        assert time.monotonic() < deadline and all(p.poll() is None for _, p in clerks)
        time.sleep(0.01)
    go.touch()
    results = [json.loads(process.communicate(timeout=60)[0]) for _, process in clerks]
    assert sorted(r["saved"] for r in results) == [False, True]
    [refused] = [r for r in results if not r["saved"]]
    saved = services.units.get(unit.id)
    winner = "张主任" if results[0]["saved"] else "李主任"
    assert (saved.version, saved.leader) == (2, winner)
    assert refused["message"].startswith("“宁波市荷花庄小学”已被其他人修改")
    assert f"负责人（现为“{winner}”）" in refused["message"] and "您的修改没有保存" in refused["message"]
