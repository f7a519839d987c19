"""A level or category the program inferred stays marked as inferred once stored (its rule in the record's
其他信息), says so in the command line's JSON, and loses the mark when someone sets the value by hand."""

from __future__ import annotations

import io
import json
from pathlib import Path

from core import cli
from core.importing.apply import apply_import
from core.importing.register import read_register
from core.importing.review import LEVEL, choose, inferred_values
from core.inferred import CATEGORY_MARK, LEVEL_MARK
from core.services import Services
from core.services.batch import set_field
from tests.core.importing.keeping import write_register

HEADER = ["单位名称", "荣誉称号", "级别", "授予单位", "获得时间"]
ROWS: list[list[object]] = [
    ["杭州市文三街小学", "浙江省文明校园", None, "浙江省文明委", 2021],
    ["杭州市文三街小学", "区优秀少先队集体", "市级", "团区委", 2021],
    ["杭州市文三街小学", "市级先进集体", None, "市委", 2020],
]


def _honours(services: Services) -> dict[str, tuple[str | None, dict]]:
    return {h.title: (h.level, dict(h.extra)) for h in services.honours.list()}


def test_a_register_import_marks_the_levels_and_categories_it_inferred(
    services: Services, tmp_path: Path
) -> None:
    apply_import(services.db, read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS)))
    honours = _honours(services)
    assert honours["浙江省文明校园"] == ("省级", {LEVEL_MARK: "授予单位“浙江省文明委”中的“浙江省”"})
    assert honours["区优秀少先队集体"] == ("市级", {})  # the register gives it
    assert honours["市级先进集体"][1][LEVEL_MARK]
    (unit,) = [s.unit for s in services.units.list()]
    assert unit.category == "学校" and unit.extra == {CATEGORY_MARK: "名称以“小学”结尾"}


def test_a_level_the_clerk_chose_in_the_preview_is_stored_unmarked(
    services: Services, tmp_path: Path
) -> None:
    register = read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS))
    plan = apply_import(services.db, register, dry_run=True).plan
    assert plan is not None
    chosen = [i for i in inferred_values(register, plan) if i.kind == LEVEL and "浙江省文明校园" in i.subject]
    choose(register, plan, chosen, "国家级")
    apply_import(services.db, register)
    honours = _honours(services)
    assert honours["浙江省文明校园"] == ("国家级", {})
    assert LEVEL_MARK in honours["市级先进集体"][1]


def test_import_json_lists_what_was_inferred(services: Services, tmp_path: Path) -> None:
    path = write_register(tmp_path / "r.xlsx", HEADER, ROWS)
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["--data-dir", str(tmp_path / "d"), "import", str(path), "--json"], out, err)
    assert code == 0
    inferred = {(i["field"], i["subject"]): i for i in json.loads(out.getvalue())["inferred"]}
    level = inferred[("level", "杭州市文三街小学：浙江省文明校园")]
    assert (level["value"], level["inferred"], level["rows"]) == ("省级", True, [2])
    assert "浙江省文明委" in level["rule"]
    assert inferred[("category", "杭州市文三街小学")]["value"] == "学校"
    assert not any(subject.endswith("区优秀少先队集体") for _, subject in inferred)


def test_setting_the_level_by_hand_drops_the_mark_and_its_undo_brings_it_back(
    services: Services, tmp_path: Path
) -> None:
    apply_import(services.db, read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS)))
    campus = next(h for h in services.honours.list() if h.title == "浙江省文明校园")
    kept = services.honours.update(campus.id, {"awarded_by": "浙江省精神文明建设委员会"}, expected_version=1)
    assert LEVEL_MARK in kept.extra  # another field: the level is still the guess
    after = services.honours.update(campus.id, {"level": "国家级"}, expected_version=kept.version)
    assert after.level == "国家级" and after.extra == {}
    undone = services.honours.update(
        campus.id, {"level": "省级", "extra": dict(campus.extra)}, expected_version=after.version
    )
    assert undone.extra == campus.extra  # an undo puts the mark back with the level


def test_setting_the_level_of_several_drops_their_marks_undoably(services: Services, tmp_path: Path) -> None:
    apply_import(services.db, read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS)))
    ids = [h.id for h in services.honours.list()]
    result = set_field(services.honours, ids, "level", "县区级")
    assert {title: value for title, value in _honours(services).items()} == {
        title: ("县区级", {}) for title in _honours(services)
    }
    services.honours.update_each(result.before)  # what the undo step runs
    honours = _honours(services)
    assert honours["浙江省文明校园"][0] == "省级" and LEVEL_MARK in honours["浙江省文明校园"][1]
    assert honours["区优秀少先队集体"] == ("市级", {})


def test_setting_the_category_by_hand_drops_the_units_mark(services: Services, tmp_path: Path) -> None:
    apply_import(services.db, read_register(write_register(tmp_path / "r.xlsx", HEADER, ROWS)))
    (unit,) = [s.unit for s in services.units.list()]
    renamed = services.units.update(unit.id, {"short_name": "文三街小学"}, expected_version=unit.version)
    assert CATEGORY_MARK in renamed.extra
    chosen = services.units.update(unit.id, {"category": "事业单位"}, expected_version=renamed.version)
    assert (chosen.category, chosen.extra) == ("事业单位", {})


def test_an_old_reports_inferred_level_is_stored_marked(tmp_path: Path) -> None:
    path = tmp_path / "总结.txt"
    path.write_text(
        "东湖区实验小学2021年度工作总结\n一、工作成效\n2021年，学校被区教育局评为先进集体。\n东湖区实验小学\n2021年12月\n",
        encoding="utf-8",
    )
    data = str(tmp_path / "d")
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["--data-dir", data, "import-report", str(path), "--json"], out, err) == 0
    (item,) = json.loads(out.getvalue())
    (honour,) = item["honours"]
    assert (honour["level"], honour["level_inferred"]) == ("县区级", True) and "区教育局" in honour[
        "level_rule"
    ]
    from core.db import open_database
    from core.paths import DataDir

    database = open_database(DataDir(Path(data)))
    try:
        (stored,) = Services.over(database).honours.list()
    finally:
        database.dispose()
    assert stored.extra[LEVEL_MARK] == honour["level_rule"] and "出处" in stored.extra
