"""Whether two versions of the import do the same: every row read, checked, classified and written alike.

    PYTHONPATH=. python bench/import_equivalence.py make FOLDER       # the registers, once
    PYTHONPATH=OLD:. python bench/import_equivalence.py dump FOLDER old.json
    PYTHONPATH=. python bench/import_equivalence.py dump FOLDER new.json
    cmp old.json new.json

make writes the bench's 20,000-row register, the test suite's registers, two registers of its own mixing
good rows with every kind of bad value (long text, bad dates, levels, codes, figures with a 统计时间, a
repeated and another header, totals, footers, cells beyond the header), a unit register, a materials
register, a two-sheet workbook and the corpus's spreadsheets (/work/shared/corpus/excel). dump imports
each file twice into a fresh copy of the demo database and writes, as JSON: each register's mapping,
skipped rows, warnings and rows (values, problems, inferred marks), the plan's rows, errors and warnings,
the counts, and every table's rows after both imports (times left out). OLD: a folder holding the old
`core` (git archive COMMIT core | tar -x -C OLD; link OLD/resources to the worktree's)."""

import datetime as dt
import json
import random
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
CORPUS = Path("/work/shared/corpus/excel")  # the shared corpus of hostile spreadsheets


def make(folder: Path) -> None:
    from openpyxl import Workbook

    from bench import import_speed as b
    from tests.core.importing import office_registers as o
    from tests.core.importing import registers as r
    from tests.core.importing.keeping import write_register

    folder.mkdir(parents=True, exist_ok=True)
    b.make_register(folder / "bench.xlsx", 20000, b.made_up_names(2000))
    r.honour_register(folder / "honour_register.xlsx")
    r.unit_register_xlsx(folder / "unit_register.xlsx")
    r.two_level_register(folder / "two_level.xlsx")
    r.honour_register_xls(folder / "honour_register.xls")
    r.yearly_workbook(folder / "yearly_workbook.xlsx")
    r.csv_register(folder / "csv_register.csv", "gb18030")
    for name in (
        "yearly",
        "two_row_header",
        "footers",
        "no_levels",
        "unit_names",
        "dates",
        "persons",
        "hidden_rows",
        "title_block",
        "level_sheets",
        "merged_units",
        "terms",
    ):
        getattr(o, name)(folder / f"office_{name}.xlsx")
    rng = random.Random(5)
    demo = [
        "宁波市荷花庄小学",
        "荷花庄小学",
        "口东中心幼儿园",
        "口东幼儿园",
        "东鲁派出所",
        "区实验幼儿园",
        "实验幼儿园",
        "微山县质监局",
        "甘垛镇荷花村",
        "荷花村",
    ]
    fresh = [f"第{n}号新学校" for n in range(40)] + ["某某社区居委会", "某县公安局", "东湖区第二中学"]
    header = [
        "序号",
        "单位名称",
        "统一社会信用代码",
        "职工人数",
        "学生人数",
        "统计时间",
        "荣誉称号",
        "获得者",
        "级别",
        "授予单位",
        "获得时间",
        "有效期",
        "荣誉类别",
        "状态",
        "文号",
        "备注",
        "单位类别",
        "联系电话",
        "占地面积（亩）",
        "成立时间",
    ]
    rows = []
    for n in range(1, 1500):
        pick = lambda *xs: xs[rng.randrange(len(xs))]  # noqa: E731
        name = pick(*demo, *fresh, None, "  ", "名" * 210, "第3号新学校 ", "ＸＸ中学（东校区）")
        rows.append(
            [
                pick(n, str(n), "一", None, 3.0),
                name,
                pick(None, None, None, "91330203MA2AH12345", "12330203MB1234567X", "bad"),
                pick(None, 43, "55人", -1, 3.5, "很多", 10**9),
                pick(None, 900, "1,200", "九百"),
                pick(None, None, "2023年12月", "2022", "不详", dt.datetime(2021, 6, 30)),
                pick(
                    "文明单位",
                    "先进集体",
                    "市文明单位",
                    "省卫生先进单位",
                    "全国文明单位",
                    None,
                    "称" * 310,
                    "优秀教师",
                ),
                pick(None, None, "张三", "宁波市荷花庄小学", "荷花庄小学", "李四"),
                pick(None, "省级", "市", "国家级", "无", "县（区）级", "乱写", ""),
                pick(None, "省文明委", "市委、市政府", "教育部", "区文明办", "省教育厅", "县教育局"),
                pick(
                    None,
                    "2019",
                    2019,
                    "2019年13月",
                    "2010年12月",
                    dt.datetime(2019, 12, 5),
                    2019.12,
                    "二〇一八年六月",
                    "2012-2013学年",
                    "2031",
                    43000,
                    "2019.1",
                ),
                pick(None, None, "2019-2021", "2027-12-31", "2027年", "bad"),
                pick(None, None, "文化艺术", "教育教学", "乱写", "综合"),
                pick(None, None, "有效", "已撤销", "乱写"),
                pick(None, "教基〔2010〕5号", "区发〔2019〕1号"),
                pick(None, None, "备注文字", "长" * 5000),
                pick(None, None, "学校", "公办小学", "无", "乱写", "社区"),
                pick(None, "0574-12345678", 13800000000),
                pick(None, None, 10.5, "10亩", "3000平方米"),
                pick(None, None, "1989-09", 1989, "1989年9月", "不详"),
            ]
        )
        if n % 301 == 0:
            rows.append(header)
        if n % 401 == 0:
            rows.append(["合计", None, f"{n}项"])
        if n % 503 == 0:
            rows.append(["单位名称", "级别", "荣誉称号"])  # another header
        if n % 97 == 0:
            rows.append([None, "某单位\u200b零宽", "称号"])
        if n % 89 == 0:
            rows.append([None] * 20 + ["右边多出来的", 7])  # cells beyond the header
    write_register(folder / "mixed_honours.xlsx", header, [*rows, ["填表人：张三"], ["说明：无"]])
    good = [[cell if rng.random() < 0.97 or cell is None else None for cell in row] for row in rows]
    for row in good:  # mostly good: the bad values of the columns below replaced, most of the time
        if len(row) == len(header) and rng.random() < 0.95:
            row[3] = rng.choice([None, 43, 120])
            row[4] = rng.choice([None, 900])
            row[8] = rng.choice([None, "省级", "市", "国家级", "县（区）级"])
            row[10] = rng.choice(
                [None, "2019", 2019, "2010年12月", dt.datetime(2019, 12, 5), "2012-2013学年"]
            )
            row[11] = rng.choice([None, None, "2019-2021", "2027-12-31"])
            row[12] = rng.choice([None, "文化艺术", "教育教学"])
            row[13] = rng.choice([None, "有效"])
            row[15] = rng.choice([None, "备注文字"])
            row[16] = rng.choice([None, "学校", "公办小学", "无"])
            row[18] = rng.choice([None, 10.5, "10亩"])
            row[19] = rng.choice([None, "1989-09", 1989])
            row[2] = None if rng.random() < 0.9 else row[2]
            row[6] = row[6] if row[6] and len(row[6]) < 20 else "文明单位"
            row[1] = row[1] if row[1] and len(row[1]) < 20 and row[1].strip() else rng.choice(demo + fresh)
    write_register(folder / "mostly_good.xlsx", header, good)
    uheader = [
        "单位名称",
        "简称",
        "单位类别",
        "职工人数",
        "学生人数",
        "统计时间",
        "统一社会信用代码",
        "成立时间",
        "地址",
        "主管部门",
        "单位简介",
        "曾用名",
        "备注说明",
    ]
    urows = []
    for _n in range(600):
        pick = lambda *xs: xs[rng.randrange(len(xs))]  # noqa: E731
        urows.append(
            [
                pick(*demo, *fresh, None, "名" * 210),
                pick(None, "荷花庄小学", "新简称", "口东幼儿园"),
                pick(None, "学校", "公办小学", "无", "乱写", "机关"),
                pick(None, 43, 55, "55人", -1),
                pick(None, 900, "1,200"),
                pick(None, "2023年12月", "2022", "不详"),
                pick(None, "91330203MA2AH12345", "bad"),
                pick(None, "1989-09", 1989, "不详"),
                pick(None, "某路1号", "址" * 400),
                pick(None, "江东区教育局", "区教育局"),
                pick(None, "简介" * 50),
                pick(None, "旧名小学", "旧名小学、更旧名小学", "宁波市荷花庄小学"),
                pick(None, "其他说明"),
            ]
        )
    write_register(folder / "mixed_units.xlsx", uheader, urows)
    mrows = [
        [pick2, y, t, x]
        for pick2, y, t, x in (
            ("宁波市荷花庄小学", 2021, "主要做法", "内容一"),
            ("口东中心幼儿园", "2022年度", "工作成效", "内容二"),
            ("新单位", None, "主要做法", "内容"),
            ("新单位", 2021, "主要做法", None),
            ("新单位", 2021, "乱写主题很长很长很长很长很长很长很长", "x"),
            ("荷花庄小学", 2020, "基本情况", "内容三"),
        )
    ]
    write_register(folder / "materials.xlsx", ["单位名称", "年度", "主题", "内容"], mrows)
    book = Workbook()
    book.active.title = "单位"
    book.active.append(uheader[:5])
    for row in urows[:50]:
        book.active.append(row[:5])
    sheet = book.create_sheet("荣誉")
    sheet.append(header[:12])
    for row in rows[:300]:
        sheet.append(row[:12])
    book.save(folder / "two_sheets.xlsx")
    for path in sorted(CORPUS.iterdir()):
        if path.stat().st_size < 200_000:
            shutil.copy(path, folder / f"corpus_{path.name}")


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def dump(folder: Path, out: Path) -> None:
    import core
    from core.db import open_database
    from core.demo import load_demo
    from core.errors import UserError
    from core.importing.apply import apply_import
    from core.importing.workbook import read_registers
    from core.paths import DataDir
    from core.services import Services

    print("core from", core.__file__, file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="equivalence-"))
    shutil.rmtree(work, ignore_errors=True)
    template = DataDir(work / "template").create()
    database = open_database(template)
    load_demo(Services.over(database))
    database.dispose()
    result = {}
    for path in sorted(folder.iterdir()):
        entry = result[path.name] = []
        data = work / "d"
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(template.root, data)
        database = open_database(DataDir(data))
        for _attempt in range(2):
            try:
                source = read_registers(path)
            except UserError as error:
                entry.append({"read_error": str(error)})
                break
            except Exception as error:
                entry.append({"read_exception": repr(error)})
                break
            registers = [
                {
                    "sheet": r.sheet,
                    "mapping": plain(r.mapping),
                    "notes": plain(r.notes),
                    "skipped": plain([(s.number, s.reason) for s in r.skipped_rows]),
                    "warnings": plain([w.as_dict() for w in r.warnings]),
                    "rows": plain(
                        [
                            (
                                x.number,
                                x.raw,
                                x.unit,
                                x.honour,
                                x.material,
                                [p.as_dict() for p in x.problems],
                                {k: (i.value, i.rule) for k, i in x.inferred.items()},
                            )
                            for x in r.rows
                        ]
                    ),
                }
                for r in source.registers
            ]
            res = apply_import(database, source)
            plan = res.plan
            entry.append(
                {
                    "registers": registers,
                    "skipped_sheets": plain([(s.sheet, s.reason) for s in source.skipped_sheets]),
                    "counts": res.counts,
                    "errors": plain([e.as_dict() for e in res.errors]),
                    "plan_rows": plain(
                        [(p.number, p.status, p.message, p.unit_name, p.sheet) for p in plan.rows]
                    ),
                    "warnings": plain([w.as_dict() for w in plan.warnings]),
                    "replaced": plain([w.as_dict() for w in plan.replaced]),
                }
            )
        database.dispose()
        connection = sqlite3.connect(DataDir(data).database)
        tables = {}
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            if table.startswith("sqlite") or "search" in table or table in ("alembic_version",):
                continue
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY rowid")
            names = [d[0] for d in cursor.description]
            skip = {"created_at", "updated_at", "at", "when", "changed_at", "imported_at", "made_at"}
            tables[table] = [
                {n: v for n, v in zip(names, row, strict=True) if n not in skip and "time" not in n}
                for row in cursor
            ]
        connection.close()
        entry.append({"tables": plain(tables)})
    out.write_text(json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(Path(sys.argv[2]))
    else:
        dump(Path(sys.argv[2]), Path(sys.argv[3]))
