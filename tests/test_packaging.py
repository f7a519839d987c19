"""Packaging: the --self-test from source, the bundle rules, and (slow) the PyInstaller bundle itself.

The slow tests build the Linux one-folder bundle into a temporary folder with packaging/build.py's
own build(), reusing PyInstaller's work folder build/pyinstaller/ so that a second run is quicker,
and then drive the bundled executable as a user's script would.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
import types
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

BUILTIN_TEMPLATES = ("情况汇报", "创建文明单位申报材料", "自查报告", "工作总结", "亮点工作汇报", "荣誉一览表")
SIZE_LIMIT = 250 * 1024 * 1024


def load_packaging_module(name: str) -> types.ModuleType:
    """packaging/ is not a package (it would shadow the PyPI `packaging`): load its files by path."""
    spec = importlib.util.spec_from_file_location(f"honourdesk_{name}", REPO / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def offscreen_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", **extra}


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=300
    )


def assert_self_test_passed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("自检通过"), result.stdout
    assert not any(line.startswith("[失败]") for line in lines)
    for name in BUILTIN_TEMPLATES:
        assert any(line.startswith(f"[通过] 模板“{name}”") for line in lines), name
    assert any(line.startswith("[通过] 主窗口") for line in lines), result.stdout
    assert any(line.startswith(("[通过] 公文字体", "[提示] 公文字体")) for line in lines), result.stdout


# --- from source (fast) -------------------------------------------------------------------------------


def test_self_test_from_source_passes_every_step(tmp_path: Path) -> None:
    result = run([sys.executable, str(REPO / "main.py"), "--self-test"], cwd=tmp_path, env=offscreen_env())
    assert_self_test_passed(result)
    assert "源代码" in result.stdout.splitlines()[0]
    assert list(tmp_path.iterdir()) == []  # everything happened in its own temporary directory


def test_self_test_without_a_display_skips_only_the_window(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("a display is always there on Windows and macOS")
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = run([sys.executable, str(REPO / "main.py"), "--self-test"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[跳过] 主窗口" in result.stdout


def test_self_test_fails_with_exit_1_when_a_step_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from core import selftest

    def broken(test: selftest.SelfTest, template: str) -> str:
        raise selftest.StepFailed("模拟的失败")

    monkeypatch.setattr(selftest, "_report", broken)
    monkeypatch.setattr(selftest, "_display_available", lambda: False)
    out, err = io.StringIO(), io.StringIO()
    assert selftest.run_self_test(out, err) == selftest.EXIT_FAILED
    assert "[失败] 模板“情况汇报”：模拟的失败" in out.getvalue()
    assert out.getvalue().strip().splitlines()[-1].startswith("自检未通过")


@pytest.mark.parametrize("installed", [set(), {"方正小标宋简体", "FangSong_GB2312", "KaiTi_GB2312", "黑体"}])
def test_self_test_tells_which_official_fonts_are_missing_without_failing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, installed: set[str]
) -> None:
    import io

    from core import selftest

    monkeypatch.setattr("core.fonts.installed_font_names", lambda: installed)
    test = selftest.SelfTest(io.StringIO(), io.StringIO(), tmp_path)
    selftest._fonts_step(test)
    said = test.out.getvalue()
    assert test.failed == 0
    if installed:
        assert said.startswith("[通过] 公文字体") and test.passed == 1
    else:
        assert said.startswith(
            "[提示] 公文字体：本机没有安装公文字体：方正小标宋简体（标题）、仿宋_GB2312（正文）"
        )


def test_self_test_is_listed_in_the_help() -> None:
    from core import cli

    assert "--self-test" in cli.build_parser().format_help()
    assert cli.parse(["--self-test"]).self_test


# --- the bundle rules (fast) ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules() -> types.ModuleType:
    return load_packaging_module("bundle_rules")


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6\\plugins\\imageformats\\qsvg.dll", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        # the local socket over which a second start hands its request to the running window
        ("PySide6/Qt/lib/libQt6Network.so.6", True),
        ("PySide6\\Qt6Network.dll", True),
        ("PySide6/Qt/lib/libQt6NetworkAuth.so.6", False),
        ("PySide6/Qt/plugins/networkinformation/libqglib.so", False),
        ("PySide6\\Qt6QuickWidgets.dll", False),
        ("PySide6\\Qt6PrintSupport.dll", True),
        ("PySide6\\opengl32sw.dll", False),
        ("PySide6/Qt/lib/libpyside6qml.abi3.so.6.12", False),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6\\translations\\qtbase_de.qm", False),
        ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
        ("babel/locale-data/zh_Hans_CN.dat", True),
        ("babel/locale-data/de.dat", False),
        ("babel/global.dat", True),
        ("resources/templates/情况汇报.docx", True),
        ("core/migrations/versions/0001_initial_schema.py", True),
    ],
)
def test_bundle_rules_keep_what_the_program_uses(rules: types.ModuleType, dest: str, kept: bool) -> None:
    assert rules.keep(dest) is kept


def test_libraries_needed_only_by_dropped_plugins_are_pruned(rules: types.ModuleType) -> None:
    entries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/x/libqgtk3.so", "BINARY"),
        ("libgtk-3.so.0", "/x/libgtk-3.so.0", "BINARY"),
        ("libcairo.so.2", "/x/libcairo.so.2", "BINARY"),
        ("libglib-2.0.so.0", "/x/libglib-2.0.so.0", "BINARY"),
        ("PySide6/QtGui.abi3.so", "/x/QtGui.abi3.so", "EXTENSION"),
    ]
    graph = {
        "/x/libqgtk3.so": ["libgtk-3.so.0", "libglib-2.0.so.0"],
        "/x/libgtk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
        "/x/QtGui.abi3.so": ["libglib-2.0.so.0", "libc.so.6"],
    }
    kept, dropped = rules.trim(entries)
    assert dropped == ["PySide6/Qt/plugins/platformthemes/libqgtk3.so"]
    kept, orphans = rules.prune_orphans(kept, dropped, entries, lambda path: graph.get(path, []))
    assert sorted(orphans) == ["libcairo.so.2", "libgtk-3.so.0"]
    assert [e[0] for e in kept] == ["libglib-2.0.so.0", "PySide6/QtGui.abi3.so"]


def test_windows_version_resource_names_the_product_and_version(
    rules: types.ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装（pip install -e .[build]）")
    import PyInstaller.compat

    from core import __version__

    # The module needs pefile and win32api (Windows only) to write resources, not to parse or serialise them.
    if importlib.util.find_spec("pefile") is None:
        monkeypatch.setitem(sys.modules, "pefile", types.ModuleType("pefile"))
    if not hasattr(PyInstaller.compat, "win32api"):
        monkeypatch.setattr(PyInstaller.compat, "win32api", None, raising=False)
    monkeypatch.delitem(sys.modules, "PyInstaller.utils.win32.versioninfo", raising=False)
    from PyInstaller.utils.win32 import versioninfo

    path = tmp_path / "version_info.txt"
    path.write_text(rules.version_info_text(__version__), encoding="utf-8")
    info = versioninfo.load_version_info_from_text_file(str(path))
    assert info.toRaw()  # serialises into a valid resource
    text = str(info)
    assert "单位荣誉档案与情况汇报" in text and f"'ProductVersion', '{__version__}'" in text
    path.write_text(rules.version_info_text(__version__, "HonourDesk-cli.exe"), encoding="utf-8")
    cli = str(versioninfo.load_version_info_from_text_file(str(path)))
    assert "'OriginalFilename', 'HonourDesk-cli.exe'" in cli and "（命令行）" in cli
    assert rules.version_tuple("1.2.3rc1") == (1, 2, 3, 0)
    assert rules.version_tuple(__version__)[:2] == tuple(int(n) for n in __version__.split(".")[:2])


def test_the_exe_manifest_asks_for_no_elevation_and_allows_long_paths() -> None:
    """The manifest PyInstaller embeds for the spec's options: started by a user without admin rights
    with no UAC prompt, paths over 260 characters where Windows enables them, Windows 10/11 declared."""
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装（pip install -e .[build]）")
    from xml.etree import ElementTree

    from PyInstaller.utils.win32 import winmanifest

    spec = (REPO / "packaging" / "honourdesk.spec").read_text(encoding="utf-8")
    assert "uac_admin=False" in spec and "uac_uiaccess=False" in spec and "manifest=" not in spec
    root = ElementTree.fromstring(winmanifest.create_application_manifest(None, False, False))
    level = next(e for e in root.iter() if e.tag.endswith("requestedExecutionLevel"))
    assert level.get("level") == "asInvoker" and level.get("uiAccess") == "false"
    long_paths = [e for e in root.iter() if e.tag.endswith("longPathAware")]
    assert [e.text for e in long_paths] == ["true"]
    systems = {e.get("Id") for e in root.iter() if e.tag.endswith("supportedOS")}
    assert "{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}" in systems  # Windows 10 and 11
    assert not [e for e in root.iter() if e.tag.endswith(("dpiAware", "dpiAwareness"))]  # Qt sets it


def test_windowed_exe_attaches_to_a_console_only_when_given_a_command() -> None:
    hook = load_packaging_module("rthook_console")  # does nothing when loaded off Windows
    assert not hook._gives_a_command([])
    assert not hook._gives_a_command(["--data-dir", "D"])
    assert not hook._gives_a_command(["--data-dir=D", "--database-url", "sqlite:///x.db"])
    assert hook._gives_a_command(["--self-test"])
    assert hook._gives_a_command(["--data-dir", "D", "units", "--json"])


def test_the_icon_files_are_there() -> None:
    ico = (REPO / "resources" / "icons" / "honourdesk.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 4
    assert (REPO / "resources" / "icons" / "honourdesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- the bundle (slow) ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装：pip install -e .[build]（或 .[test]）")
    build = load_packaging_module("build")
    dist = tmp_path_factory.mktemp("dist")
    try:
        folder = build.build(dist, REPO / "build" / "pyinstaller", quiet=True)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"PyInstaller 打包失败（退出码 {error.returncode}）")
    return folder


@pytest.fixture(scope="module")
def executable(bundle: Path) -> Path:
    name = "HonourDesk-cli.exe" if sys.platform == "win32" else "HonourDesk"
    path = bundle / name
    assert path.is_file()
    return path


def isolated_env(home: Path) -> dict[str, str]:
    """No display and a private user data directory, so the test can see where data went."""
    return offscreen_env(HOME=str(home), XDG_DATA_HOME=str(home / "share"), APPDATA=str(home / "AppData"))


@pytest.mark.slow
def test_bundle_self_test_passes(executable: Path, tmp_path: Path) -> None:
    result = run([str(executable), "--self-test"], cwd=tmp_path, env=isolated_env(tmp_path / "home"))
    assert_self_test_passed(result)
    assert "打包程序" in result.stdout.splitlines()[0]


@pytest.mark.slow
def test_a_second_double_click_on_the_bundle_brings_the_running_window_forward(
    bundle: Path, tmp_path: Path
) -> None:
    """The hand-over goes through QtNetwork's local socket: without it in the bundle the second start
    died with PyInstaller's English crash box and the first window logged an error."""
    window = bundle / ("HonourDesk.exe" if sys.platform == "win32" else "HonourDesk")
    env, data = isolated_env(tmp_path / "home"), tmp_path / "数据"
    first = subprocess.Popen(
        [str(window), "--data-dir", str(data)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, log_file = time.monotonic() + 120, data / "logs" / "honourdesk.log"
        while not (log_file.exists() and "升级到" in log_file.read_text(encoding="utf-8")):
            assert first.poll() is None and time.monotonic() < deadline, "第一个窗口没有打开数据库"
            time.sleep(0.2)  # a child process: polled, there is no signal to wait on
        second = run([str(window), "--data-dir", str(data)], cwd=tmp_path, env=env)
        assert second.returncode == 0, second.stdout + second.stderr
        log = log_file.read_text(encoding="utf-8")
        assert "程序已在运行，已请它显示窗口" in log and "Traceback" not in log, log
        assert first.poll() is None  # still running, asked to come forward
    finally:
        first.terminate()
        first.wait(30)


@pytest.mark.slow
def test_bundle_runs_the_headless_commands_with_its_bundled_templates(
    executable: Path, tmp_path: Path
) -> None:
    env = isolated_env(tmp_path / "home")
    data, out = tmp_path / "D", tmp_path / "OUT"
    result = run([str(executable), "--data-dir", str(data), "demo"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    generate = ["generate", "--template", "情况汇报", "--unit", "宁波市荷花庄小学", "-o", str(out)]
    result = run(
        [str(executable), "--data-dir", str(data), *generate],
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [report] = out.glob("宁波市荷花庄小学-情况汇报-*.docx")
    from core.selftest import docx_text

    assert "宁波市荷花庄小学" in docx_text(report)
    result = run([str(executable), "--data-dir", str(data), "templates"], cwd=tmp_path, env=env)
    assert result.returncode == 0 and all(name in result.stdout for name in BUILTIN_TEMPLATES)
    result = run([str(executable), "--data-dir", str(data), "frobnicate"], cwd=tmp_path, env=env)
    assert result.returncode == 2 and "用法" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_bundle_reads_its_libraries_data_pinyin_and_traditional_characters(
    executable: Path, tmp_path: Path
) -> None:
    """The data files libraries read from their own folders at run time are in the bundle and found there:
    pypinyin's dictionaries (a unit found by its initials) and OpenCC's t2s (an old report in 繁体字)."""
    env = isolated_env(tmp_path / "home")
    data = tmp_path / "D"
    assert run([str(executable), "--data-dir", str(data), "demo"], cwd=tmp_path, env=env).returncode == 0
    result = run(
        [str(executable), "--data-dir", str(data), "units", "--search", "hhz"], cwd=tmp_path, env=env
    )
    assert result.returncode == 0 and "宁波市荷花庄小学" in result.stdout, result.stderr
    report = tmp_path / "舊材料.txt"
    report.write_text(
        "寧波市荷花莊小學2021年工作總結\n一、基本情況\n我校創建於1953年，現有教職工43人。\n\n寧波市荷花莊小學\n2021年12月20日\n",
        encoding="utf-8",
    )
    result = run(
        [str(executable), "--data-dir", str(data), "import-report", str(report), "--dry-run", "--json"],
        cwd=tmp_path,
        env=env,
    )
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert "原文为繁体字，已转为简体字" in result.stdout and "宁波市荷花庄小学" in result.stdout


@pytest.mark.slow
def test_bundle_checks_and_renders_an_added_template_in_its_worker_process(
    executable: Path, tmp_path: Path
) -> None:
    """Templates from outside run in a spawned worker: the frozen program must start it (freeze_support)
    instead of running its own main() again, and the worker must find its code in the bundle."""
    from tests.core.reports.hostile import docx_with

    env = isolated_env(tmp_path / "home")
    data, out = tmp_path / "D", tmp_path / "OUT"
    template = docx_with(tmp_path / "外来.docx", "{{ 单位.名称 }}的汇报", "{{ 单位.校长 }}")
    steps = [
        ["demo"],
        ["templates", "check", str(template)],
        ["templates", "add", str(template)],
        ["generate", "--template", "外来", "--unit", "宁波市荷花庄小学", "-o", str(out / "一份.docx")],
    ]
    codes = []
    for step in steps:
        result = run([str(executable), "--data-dir", str(data), *step], cwd=tmp_path, env=env)
        assert "Traceback" not in result.stderr and "用法" not in result.stderr, result.stderr
        codes.append(result.returncode)
    assert codes == [0, 1, 1, 0]  # check and add warn about 单位.校长
    from core.selftest import docx_text

    assert "宁波市荷花庄小学的汇报" in docx_text(out / "一份.docx")


@pytest.mark.slow
def test_bundle_is_small_complete_and_holds_no_test_or_build_tools(bundle: Path) -> None:
    """packaging/check_bundle.py: size, forbidden and required contents, every linked library resolvable."""
    check = load_packaging_module("check_bundle")
    assert check.bundle_size(bundle) < SIZE_LIMIT
    assert check.problems(bundle) == []


def test_bundle_check_knows_what_must_stay_out() -> None:
    check = load_packaging_module("check_bundle")
    assert {"pytest", "hypothesis", "ruff", "PyInstaller"} <= set(check.FORBIDDEN_PACKAGES)
    assert "Qt6Quick" in check.FORBIDDEN_QT and "Qt6Pdf" in check.FORBIDDEN_QT
    assert "Qt6Network" not in check.FORBIDDEN_QT  # gui/single_instance.py's local socket needs it


@pytest.mark.slow
def test_portable_marker_keeps_data_beside_the_executable_and_nothing_is_written_there_otherwise(
    bundle: Path, executable: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = isolated_env(home)
    before = sorted(bundle.rglob("*"))
    result = run([str(executable), "demo"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert sorted(bundle.rglob("*")) == before  # nothing written beside the executable, nor in _internal
    if sys.platform.startswith("linux"):  # platformdirs follows XDG_DATA_HOME there
        assert list(home.rglob("honourdesk.db"))  # the user data directory instead

    marker = bundle / "portable"
    marker.write_text("", encoding="utf-8")
    try:
        result = run([str(executable), "demo"], cwd=tmp_path, env=isolated_env(tmp_path / "home2"))
        assert result.returncode == 0, result.stderr
        assert (bundle / "data" / "honourdesk.db").is_file()
        assert (
            bundle / "data" / "logs" / "honourdesk-cli.log"
        ).is_file()  # the command line keeps its own log
        assert not (tmp_path / "home2").exists() or not list((tmp_path / "home2").rglob("honourdesk.db"))
    finally:
        marker.unlink()
        shutil.rmtree(bundle / "data", ignore_errors=True)


def test_dlls_are_checked_against_the_minimum_windows_not_the_build_machine() -> None:
    rules = load_packaging_module("bundle_rules")
    imports = [
        "KERNEL32.dll",
        "icuuc.dll",
        "icu.dll",
        "api-ms-win-crt-runtime-l1-1-0.dll",
        "Qt6Core.dll",
        "MSVCP140.dll",
    ]
    # icu.dll exists only from Windows 10 1903; MSVCP140.dll is the VC++ runtime, which the bundle must carry.
    assert rules.unguaranteed_imports(imports, bundled=["Qt6Core.dll"]) == ["icu.dll", "MSVCP140.dll"]
    assert rules.unguaranteed_imports(imports, bundled=["qt6core.dll", "msvcp140.dll", "ICU.DLL"]) == []


def test_the_zip_carries_the_guide_with_the_system_requirements(tmp_path: Path) -> None:
    build = load_packaging_module("build")
    bundle = tmp_path / "HonourDesk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "HonourDesk.exe").write_bytes(b"MZ")
    archive = build.make_zip(bundle, tmp_path / "HonourDesk-0.1.0-windows-x64.zip")
    with zipfile.ZipFile(archive) as package:
        assert sorted(package.namelist()) == ["HonourDesk/HonourDesk.exe", "HonourDesk/使用说明.txt"]
        guide = package.read("HonourDesk/使用说明.txt").decode("utf-8-sig")
    assert "64 位 Windows 10（1809 及以上版本）或 Windows 11" in guide and "不支持 Windows 7" in guide
    assert "\r\n" in guide and "\n" not in guide.replace("\r\n", "")  # Notepad's line ends


# --- certificate recognition, an optional component ----------------------------------------------------


def test_recognition_stays_out_of_the_base_bundle_and_goes_into_the_one_with_it(
    rules: types.ModuleType,
) -> None:
    base, with_ocr = set(rules.excluded_modules()), set(rules.excluded_modules(with_ocr=True))
    assert {"rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy"} <= base
    assert not {"rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy"} & with_ocr
    assert "PIL" not in base  # certificate images in reports (附件 pages) are part of the base program
    assert {"pytest", "PyInstaller", "PySide6.QtQml"} <= with_ocr
    assert "PySide6.QtNetwork" not in base  # a second start's hand-over to the running window
    assert not rules.keep("cv2/qt/plugins/platforms/libqxcb.so")  # OpenCV's GUI build brings its own Qt
    assert not rules.keep("opencv_python.libs/libQt5Core-1a2b.so.5.15.0")
    assert rules.keep("rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx")


def test_build_refuses_a_recognition_bundle_it_cannot_make(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    build = load_packaging_module("build")
    real = importlib.metadata.version

    def versions(name: str) -> str:
        if name == "opencv-python":
            return "4.10.0.84"  # the GUI build, beside the headless one
        return real(name)

    if build.ocr_problem() is not None:
        pytest.skip("证书识别组件未安装")
    monkeypatch.setattr(importlib.metadata, "version", versions)
    assert "opencv-python-headless" in build.ocr_problem()
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "3.0.0" if "rapidocr" in name else real(name)
    )
    assert "1.4.x" in build.ocr_problem()
    assert build.zip_name(with_ocr=True).endswith("-ocr.zip")


@pytest.mark.slow
def test_bundle_with_recognition_reads_a_certificate_offline(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """build.py --with-ocr: check_bundle passes for it, and its read-certificate reads a certificate."""
    build = load_packaging_module("build")
    if build.ocr_problem() is not None:
        pytest.skip(build.ocr_problem())
    dist = tmp_path_factory.mktemp("dist-ocr")
    try:
        folder = build.build(dist, REPO / "build" / "pyinstaller-ocr", quiet=True, with_ocr=True)
    except subprocess.CalledProcessError as error:
        pytest.fail(f"PyInstaller 打包失败（退出码 {error.returncode}）")
    check = load_packaging_module("check_bundle")
    assert check.problems(folder, with_ocr=True) == []
    executable = folder / ("HonourDesk-cli.exe" if sys.platform == "win32" else "HonourDesk")
    image = REPO / "resources" / "certificates" / "selftest.png"
    home = dist / "home"
    result = run(
        [str(executable), "--data-dir", str(home / "D"), "read-certificate", str(image), "--json"],
        cwd=dist,
        env=isolated_env(home),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    import json

    [item] = json.loads(result.stdout)
    assert (item["title"], item["year"]) == ("宁波市文明单位", 2019)
