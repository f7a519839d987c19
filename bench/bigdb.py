"""A city's records for the scale benches: 10,000 units, 100,000 honours, 20,000 materials.

    python bench/bigdb.py FOLDER [--units N] [--honours N] [--materials N]

Builds a data directory at FOLDER (migrated to the latest schema) whose rows look like the real ones:
names like 宁波市鄞州区第十二实验小学 with their pinyin keys, honours spread over levels, bodies and
years, one 工作材料 text per unit and year. Rows go in through bulk inserts (what an import of the
same data would leave), so building takes seconds rather than the minutes of one import per row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from core.db import Database, open_database
from core.models import Honour, Material, Unit
from core.paths import DataDir
from core.pinyin_keys import search_keys
from core.text import name_key
from core.vocab import HONOUR_CATEGORIES, LEVELS, MATERIAL_TOPICS, UNIT_CATEGORIES

CITIES = ["宁波市", "长治市", "绍兴市", "温州市", "台州市", "嘉兴市", "湖州市", "金华市"]
DISTRICTS = [
    "海曙区",
    "江北区",
    "鄞州区",
    "镇海区",
    "北仑区",
    "奉化区",
    "余姚市",
    "慈溪市",
    "象山县",
    "宁海县",
]
KINDS = {
    "学校": ["实验小学", "中心小学", "中学", "初级中学", "职业高级中学"],
    "幼儿园": ["幼儿园", "实验幼儿园", "中心幼儿园"],
    "机关": ["教育局", "文化和广电旅游体育局", "卫生健康局", "司法局"],
    "事业单位": ["图书馆", "文化馆", "疾病预防控制中心", "人民医院"],
    "企业": ["供电公司", "自来水有限公司", "公交集团"],
    "村": ["村股份经济合作社", "村村民委员会"],
    "社区": ["社区居民委员会"],
    "其他": ["青少年宫"],
}
PLACES = ["荷花庄", "长春", "东湖", "柳西", "明楼", "白鹤", "钱湖", "姜山", "古林", "横溪", "石碶", "五乡"]
NUMERALS = "一二三四五六七八九十"
TITLES = [
    "全国文明单位",
    "省级文明单位",
    "市级文明校园",
    "绿色学校",
    "平安单位",
    "先进基层党组织",
    "五四红旗团委",
    "体育传统项目学校",
    "巾帼文明岗",
    "依法治校示范校",
    "书香校园",
    "卫生先进单位",
]
BODIES = ["中央文明委", "省文明委", "市委、市政府", "市教育局", "区文明办", "省教育厅", "团市委"]
TEXT = (
    "学校坚持立德树人根本任务，以创建全国文明校园为抓手，完善工作机制，"
    "落实主体责任，把文明创建融入教育教学全过程，取得了明显成效。"
)


def unit_name(number: int, rng: random.Random) -> tuple[str, str]:
    category = UNIT_CATEGORIES[number % len(UNIT_CATEGORIES)]
    city = CITIES[number % len(CITIES)]
    district = DISTRICTS[(number // len(CITIES)) % len(DISTRICTS)]
    place = PLACES[rng.randrange(len(PLACES))]
    ordinal = f"第{number}"
    return f"{city}{district}{place}{ordinal}{rng.choice(KINDS[category])}", category


def unit_rows(count: int, rng: random.Random) -> list[dict[str, object]]:
    rows = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for number in range(1, count + 1):
        name, category = unit_name(number, rng)
        full, initials = search_keys(name)
        rows.append(
            {
                "id": number,
                "name": name,
                "name_key": name_key(name),
                "category": category,
                "region": name[:6],
                "leader": "张" + NUMERALS[number % 10],
                "staff_count": rng.randrange(10, 300),
                "extra": {},
                "pinyin_full": full,
                "pinyin_initials": initials,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def honour_rows(count: int, units: int, rng: random.Random) -> list[dict[str, object]]:
    rows = []
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for number in range(1, count + 1):
        title = rng.choice(TITLES)
        year = rng.choice([None, *range(2000, 2026)])
        rows.append(
            {
                "unit_id": rng.randrange(1, units + 1),
                "title": title,
                "title_key": name_key(title),
                "level": rng.choice(LEVELS),
                "awarded_by": rng.choice(BODIES),
                "awarded_year": year,
                "awarded_month": rng.randrange(1, 13) if year else None,
                "document_no": f"甬文明〔{year or 2010}〕{number % 90 + 1}号",
                "valid_until": dt.date(year + 3, 12, 31) if year and number % 7 == 0 else None,
                "category": rng.choice(HONOUR_CATEGORIES),
                "status": "有效",
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def material_rows(count: int, units: int) -> list[dict[str, object]]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    per_unit = max(1, count // units)
    for number in range(count):
        unit = number // per_unit % units + 1
        slot = number % per_unit
        rows.append(
            {
                "unit_id": unit,
                "year": 2025 - slot // len(MATERIAL_TOPICS),
                "topic": MATERIAL_TOPICS[slot % len(MATERIAL_TOPICS)],
                "text": TEXT * 3,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    return rows


def build(folder: Path, *, units: int = 10_000, honours: int = 100_000, materials: int = 20_000) -> DataDir:
    """A data directory at folder holding the given numbers of live records."""
    data_dir = DataDir(folder).create()
    database: Database = open_database(data_dir)
    rng = random.Random(7)
    with database.session(write=True) as session:
        session.execute(insert(Unit), unit_rows(units, rng))
        session.execute(insert(Honour), honour_rows(honours, units, rng))
        session.execute(insert(Material), material_rows(materials, units))
    with database.engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
    database.dispose()
    return data_dir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--honours", type=int, default=100_000)
    parser.add_argument("--materials", type=int, default=20_000)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.folder, units=args.units, honours=args.honours, materials=args.materials)
    print(f"built {args.folder} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
