"""Check a built bundle without running it: size, contents, and that every library it links to resolves.

    python packaging/check_bundle.py [dist/HonourDesk]
    python packaging/check_bundle.py --with-ocr [dist/ocr/HonourDesk]   # the bundle with recognition

Used by the Windows CI workflow after the build and by tests/test_packaging.py on Linux. Prints one
line per problem; exit status 0 when there are none. Needs PyInstaller (to list the archive inside the
executable) and, on Windows, pefile (installed with PyInstaller there).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

APP_NAME = "HonourDesk"
SIZE_LIMIT_MB = 250
SOURCE_TEMPLATES = Path(__file__).resolve().parents[1] / "resources" / "templates"
# Top-level packages that must never be inside the bundle: test and build tools, unused toolkits.
FORBIDDEN_PACKAGES = ("pytest", "_pytest", "pytestqt", "hypothesis", "ruff", "PyInstaller", "tkinter", "xlwt")
# Qt libraries of modules the program does not use.
FORBIDDEN_QT = (
    "Qt6Qml",
    "Qt6Quick",
    "Qt6WebEngine",
    "Qt63D",
    "Qt6Multimedia",
    "Qt6Pdf",
    "Qt6Svg",
)
# Certificate recognition, an optional component: never in the base bundle, complete in the one with it.
OCR_MODULES = ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy")
OCR_FILES = (
    "rapidocr_onnxruntime/config.yaml",
    "rapidocr_onnxruntime/models/ch_PP-OCRv4_det_infer.onnx",
    "rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
    "rapidocr_onnxruntime/models/ch_ppocr_mobile_v2.0_cls_infer.onnx",
    "resources/certificates/selftest.png",
)
OCR_SIZE_LIMIT_MB = 550  # measured 489 MB on Linux: OpenCV alone (with its ffmpeg and OpenBLAS) is 152 MB
# OpenCV's GUI build brings a Qt of its own that clashes with PySide6.
OPENCV_GUI = ("opencv_python.libs", "cv2/qt")
REQUIRED_FILES = (
    "core/migrations/env.py",
    "resources/demo/demo_units.json",
    "resources/icons/honourdesk.ico",
    "resources/templates/情况汇报.docx",
    # Data the libraries read from their own folders at run time: the pinyin of unit names, traditional
    # characters in old reports (OpenCC's t2s), the parts of a merged document.
    "pypinyin/pinyin_dict.json",
    "pypinyin/phrases_dict.json",
    "docxcompose/templates/numbering.xml",
)
# Found anywhere under the package (the wheels of each system lay their data out in their own way).
REQUIRED_DATA = ("opencc/**/t2s.json", "opencc/**/TSCharacters.ocd2", "opencc/**/TSPhrases.ocd2")
SOURCE_MIGRATIONS = Path(__file__).resolve().parents[1] / "core" / "migrations" / "versions"


def executables(bundle: Path) -> list[Path]:
    if sys.platform == "win32":
        return [bundle / f"{APP_NAME}.exe", bundle / f"{APP_NAME}-cli.exe"]
    return [bundle / APP_NAME]


def bundle_size(bundle: Path) -> int:
    return sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())


def archived_modules(executable: Path) -> list[str]:
    """The Python modules inside the executable's archive (PYZ included)."""
    from PyInstaller.archive.readers import pkg_archive_contents

    return list(pkg_archive_contents(str(executable), recursive=True))


def unresolved_libraries(internal: Path) -> dict[str, list[str]]:
    """Library -> the libraries it links to that neither the bundle nor the system provides."""
    if sys.platform == "win32":
        return _unresolved_windows(internal)
    if sys.platform.startswith("linux"):
        return _unresolved_linux(internal)
    return {}


def _unresolved_linux(internal: Path) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        result = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env={"LD_LIBRARY_PATH": str(internal)}
        )
        lost = [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
        if lost:
            missing[path.relative_to(internal).as_posix()] = lost
    return missing


def _unresolved_windows(internal: Path) -> dict[str, list[str]]:
    """Imports that the minimum supported Windows does not guarantee (not what this build machine has:
    a DLL in its System32 may be missing on an office PC)."""
    import pefile

    binaries = [p for p in internal.rglob("*") if p.suffix.lower() in (".dll", ".pyd") and p.is_file()]
    bundled = [p.name for p in binaries]
    missing: dict[str, list[str]] = {}
    for path in binaries:
        pe = pefile.PE(str(path), fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
        names = [entry.dll.decode("ascii", "replace") for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
        pe.close()
        lost = _rules().unguaranteed_imports(names, bundled)
        if lost:
            missing[path.relative_to(internal).as_posix()] = lost
    return missing


def _rules():  # type: ignore[no-untyped-def]
    """bundle_rules.py, loaded by path (this folder is not a package; see bundle_rules' docstring)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bundle_rules", Path(__file__).with_name("bundle_rules.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def problems(bundle: Path, with_ocr: bool = False) -> list[str]:
    found: list[str] = []
    internal = bundle / "_internal"
    for executable in executables(bundle):
        if not executable.is_file():
            found.append(f"缺少可执行文件：{executable}")
    if found:
        return found
    size_mb = bundle_size(bundle) / 1024 / 1024
    limit = OCR_SIZE_LIMIT_MB if with_ocr else SIZE_LIMIT_MB
    if size_mb >= limit:
        found.append(f"体积 {size_mb:.0f} MB，超过 {limit} MB")
    modules = archived_modules(executables(bundle)[0])
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    found += _ocr_problems(internal, modules, files, with_ocr)
    for package in FORBIDDEN_PACKAGES:
        if any(m == package or m.startswith(f"{package}.") for m in modules):
            found.append(f"打包了不应包含的模块：{package}")
        if any(f"/{package}/" in f"/{f}/" for f in files):
            found.append(f"打包了不应包含的文件夹：{package}")
    for library in FORBIDDEN_QT:
        found += [f"打包了不需要的 Qt 库：{f}" for f in files if library in f]
    for package in ("core", "gui", "sqlalchemy", "alembic", "docxtpl", "openpyxl", "pypinyin"):
        if not any(m == package or m.startswith(f"{package}.") for m in modules):
            found.append(f"缺少模块：{package}")
    if not any(Path(f).name.startswith("QtNetwork.") for f in files):  # an extension module, not archived
        found.append("缺少模块：PySide6.QtNetwork（再次双击程序时由它通知已打开的窗口）")
    for name in REQUIRED_FILES:
        if not (internal / name).is_file():
            found.append(f"缺少数据文件：{name}")
    found += [f"缺少数据文件：{pattern}" for pattern in REQUIRED_DATA if not any(internal.glob(pattern))]
    migrations = {path.name for path in (internal / "core" / "migrations" / "versions").glob("*.py")}
    found += [
        f"缺少数据库迁移脚本：{path.name}"  # without it the program cannot open a database at this schema
        for path in sorted(SOURCE_MIGRATIONS.glob("*.py"))
        if path.name not in migrations
    ]
    bundled = {path.name for path in (internal / "resources" / "templates").glob("*.docx")}
    expected = {path.name for path in SOURCE_TEMPLATES.glob("*.docx")}
    found += [f"缺少内置模板：{name}" for name in sorted(expected - bundled)]
    found += [f"多出内置模板：{name}" for name in sorted(bundled - expected)]
    for library, lost in unresolved_libraries(internal).items():
        found.append(f"{library} 依赖的库找不到：{'、'.join(lost)}")
    return found


def _ocr_problems(internal: Path, modules: list[str], files: list[str], with_ocr: bool) -> list[str]:
    found = [f"打包了带界面的 OpenCV：{f}" for f in files if any(f"/{g}/" in f"/{f}/" for g in OPENCV_GUI)]
    present = [  # a pure module sits in the archive; an extension (cv2) in a folder of its own
        m
        for m in OCR_MODULES
        if (internal / m).is_dir() or any(x == m or x.startswith(f"{m}.") for x in modules)
    ]
    if not with_ocr:
        return found + [f"基础程序中不应包含证书识别组件的模块：{m}" for m in present]
    found += [f"缺少证书识别组件的模块：{m}" for m in OCR_MODULES if m not in present]
    return found + [
        f"缺少证书识别组件的文件：{name}" for name in OCR_FILES if not (internal / name).is_file()
    ]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    with_ocr = "--with-ocr" in args
    args = [a for a in args if a != "--with-ocr"]
    default = Path(__file__).resolve().parent.parent / "dist" / ("ocr" if with_ocr else "") / APP_NAME
    bundle = Path(args[0]) if args else default
    found = problems(bundle, with_ocr)
    for problem in found:
        print(problem)
    if found:
        print(f"检查未通过：{len(found)} 个问题。")
        return 1
    print(f"检查通过：{bundle}（{bundle_size(bundle) / 1024 / 1024:.0f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
