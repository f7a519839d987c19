"""templates check / add try a template once on a unit, in the bounded worker: a template that passes the
inspector but fails on real data is found before anyone generates with it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from core import cli
from core.paths import DATABASE_FILE
from core.reports import engine
from tests.core.reports.hostile import docx_with


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> str:
    return str(tmp_path / "数据")


def test_check_finds_an_expression_that_fails_at_render_time(data: str, tmp_path: Path) -> None:
    template = docx_with(tmp_path / "除法汇报.docx", "{{ 单位.名称 }}情况汇报", "人均{{ 单位.名称 / 2 }}")
    code, out, err = run("--data-dir", data, "templates", "check", str(template))
    assert code == 2, err
    assert "模板“除法汇报”：不能使用" in out
    assert "生成时出错" in out and "表达式“{{ 单位.名称 / 2 }}”" in out and "正文第 2 段" in out
    assert "Traceback" not in out + err and "TypeError" not in out + err
    assert not Path(data, DATABASE_FILE).exists()  # checking creates no database

    code, out, _ = run("--data-dir", data, "templates", "check", str(template), "--json")
    report = json.loads(out)
    assert code == 2 and not report["usable"]
    assert "{{ 单位.名称 / 2 }}" in report["render_errors"][0]["message"]


def test_add_refuses_such_a_template_and_keeps_nothing(data: str, tmp_path: Path) -> None:
    template = docx_with(tmp_path / "序号汇报.docx", "{{ 单位.名称 }}", "{{ 单位.名称|序号 }}")
    code, out, err = run("--data-dir", data, "templates", "add", str(template))
    assert code == 2
    assert "模板“序号汇报”" in err and "表达式“{{ 单位.名称|序号 }}”" in err
    code, out, _ = run("--data-dir", data, "templates", "--json")
    assert "序号汇报" not in [t["name"] for t in json.loads(out)]


def test_a_template_failing_only_on_the_databases_first_unit_is_found(data: str, tmp_path: Path) -> None:
    template = docx_with(tmp_path / "人数汇报.docx", "{{ 单位.名称 }}共有教职工{{ 单位.职工人数 + 10 }}人")
    code, out, err = run("--data-dir", data, "templates", "check", str(template))
    assert code == 0, out + err  # the demo unit has a staff count

    assert run("--data-dir", data, "import", str(_register(tmp_path)))[0] in (0, 1)
    code, out, err = run("--data-dir", data, "templates", "check", str(template))
    assert code == 2
    assert "为“东鲁派出所”生成时出错" in out and "{{ 单位.职工人数 + 10 }}" in out


def test_the_trial_renders_in_the_worker_never_in_the_programs_process(
    data: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rendered outside the worker")

    monkeypatch.setattr(engine.CompiledTemplate, "render", refuse)
    template = docx_with(tmp_path / "除法汇报.docx", "{{ 单位.名称 / 2 }}")
    code, out, err = run("--data-dir", data, "templates", "check", str(template))
    assert code == 2 and "生成时出错" in out and "rendered outside" not in out + err


def _register(tmp_path: Path) -> Path:
    path = tmp_path / "单位.csv"
    path.write_text("单位名称,单位类别\n东鲁派出所,机关\n", encoding="utf-8")
    return path


def test_a_summary_template_is_tried_on_the_demo_data_as_one_summary(data: str, tmp_path: Path) -> None:
    """A summary's fields speak of many units: it is tried over all the demo units at once (their titles,
    levels, 复查 and 表彰 parts filled), and one that fails on real lists is refused before any generation."""
    failing = docx_with(
        tmp_path / "名单汇报.docx",
        "{{ 范围 }}获奖单位名单",
        "{% for 称号 in 荣誉按称号 %}{{ 称号.名称 }}共{{ 称号.数量 / '家' }}{% endfor %}",
    )
    code, out, err = run("--data-dir", data, "templates", "check", str(failing))
    assert code == 2, out + err
    assert "为“示例数据的全部单位”生成时出错" in out and "{{ 称号.数量 / '家' }}" in out
    code, _, err = run("--data-dir", data, "templates", "add", str(failing))
    assert code == 2 and "名单汇报" in err

    working = docx_with(
        tmp_path / "复查汇报.docx",
        "{{ 范围 }}待复查{{ 待复查数量 }}项",
        "{% for d in 待复查 %}{{ d.单位 }}{% endfor %}",
    )
    assert run("--data-dir", data, "templates", "check", str(working))[0] == 0


@pytest.mark.parametrize("name", ["全区文明创建工作情况汇报", "获奖单位名单", "表彰决定"])
def test_the_builtin_summary_templates_pass_their_trial(data: str, name: str) -> None:
    template = Path(__file__).resolve().parents[3] / "resources" / "templates" / f"{name}.docx"
    code, out, err = run("--data-dir", data, "templates", "check", str(template))
    assert code == 0, out + err
