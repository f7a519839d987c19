"""Build the one-folder bundle dist/HonourDesk/ with PyInstaller.

    python packaging/build.py              # build (reusing PyInstaller's work folder build/pyinstaller/)
    python packaging/build.py --clean      # build from scratch
    python packaging/build.py --self-test  # build, then run the bundled program's --self-test
    python packaging/build.py --zip        # build, then zip dist/HonourDesk/ for distribution
    python packaging/build.py --zip-only   # zip the existing dist/HonourDesk/ (e.g. after signing)
    python packaging/build.py --with-ocr   # with certificate recognition: dist/ocr/HonourDesk/

Certificate recognition (荣誉 → 从证书识别…, read-certificate) is an optional component. --with-ocr puts
it in: rapidocr-onnxruntime 1.4.4 with its models, onnxruntime and the headless OpenCV (install them
first: pip install -e ".[build,ocr]" and pip install --no-deps rapidocr-onnxruntime==1.4.4). Without
the flag they are left out and the bundle stays under 250 MB.

Needs the build extra: pip install -e ".[build]". Works on Windows (the release target: HonourDesk.exe
and HonourDesk-cli.exe) and on Linux (where the tests check the bundle). Prints the bundle's size and
the build time. Exit status 0 when the build (and the self-test, if asked for) succeeded.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "honourdesk.spec"
APP_NAME = "HonourDesk"


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def executable(bundle: Path, cli: bool = False) -> Path:
    """The bundle's executable; on Windows cli=True gives the console twin HonourDesk-cli.exe."""
    if sys.platform == "win32":
        return bundle / (f"{APP_NAME}-cli.exe" if cli else f"{APP_NAME}.exe")
    return bundle / APP_NAME


def version() -> str:
    """core.__version__, read without importing the program."""
    text = (ROOT / "core" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    assert match, "core/__init__.py 中没有 __version__"
    return match.group(1)


def zip_name(with_ocr: bool = False) -> str:
    """HonourDesk-0.1.0-windows-x64.zip; with recognition HonourDesk-0.1.0-windows-x64-ocr.zip"""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    machine = {"amd64": "x64", "x86_64": "x64", "aarch64": "arm64"}.get(machine, machine)
    return f"{APP_NAME}-{version()}-{system}-{machine}{'-ocr' if with_ocr else ''}.zip"


GUIDE = Path(__file__).resolve().with_name("使用说明.txt")  # requirements and first steps, beside the exe


def make_zip(bundle: Path, target: Path) -> Path:
    """Zip the bundle folder (the archive holds HonourDesk/... and HonourDesk/使用说明.txt); names are UTF-8.

    The guide is written with a BOM and CRLF line ends so that Notepad on any Windows shows it right.
    """
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                archive.write(path, Path(bundle.name) / path.relative_to(bundle))
        guide = GUIDE.read_text(encoding="utf-8").replace("\n", "\r\n")
        archive.writestr(f"{bundle.name}/{GUIDE.name}", "\ufeff" + guide)
    os.replace(temporary, target)
    return target


OCR_MODULES = ("rapidocr_onnxruntime", "onnxruntime", "cv2", "numpy", "PIL", "shapely", "pyclipper", "yaml")


def ocr_problem() -> str | None:
    """Why a bundle with recognition cannot be built here, or None."""
    import importlib.metadata
    import importlib.util

    missing = [name for name in OCR_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        return (
            f'缺少证书识别组件：{"、".join(missing)}。请先运行  pip install -e ".[build,ocr]"  和  '
            "pip install --no-deps rapidocr-onnxruntime==1.4.4"
        )
    version = importlib.metadata.version("rapidocr-onnxruntime")
    if not version.startswith("1.4."):
        return f"rapidocr-onnxruntime 是 {version}，只能用 1.4.x（以后的版本在运行时下载模型）"
    for gui_build in ("opencv-python", "opencv-contrib-python"):
        try:
            importlib.metadata.version(gui_build)
        except importlib.metadata.PackageNotFoundError:
            continue
        return f"装有带界面的 OpenCV（{gui_build}，自带的 Qt 与 PySide6 冲突）：请卸载它，只用 opencv-python-headless"
    return None


def build(
    distpath: Path, workpath: Path, clean: bool = False, quiet: bool = False, with_ocr: bool = False
) -> Path:
    """Run PyInstaller on honourdesk.spec; returns the bundle folder. Raises CalledProcessError on failure."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--distpath",
        str(distpath),
        "--workpath",
        str(workpath),
        "--log-level",
        "WARN",
    ]
    if clean:
        command.append("--clean")
    subprocess.run(
        command,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
        env={**os.environ, "PYTHONUTF8": "1", "HONOURDESK_WITH_OCR": "1" if with_ocr else "0"},
    )
    return distpath / APP_NAME


def self_test(bundle: Path) -> int:
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run([str(executable(bundle, cli=True)), "--self-test"], env=env).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="用 PyInstaller 打包 HonourDesk（单文件夹）。")
    parser.add_argument("--clean", action="store_true", help="清除 PyInstaller 的缓存和工作目录后重新打包")
    parser.add_argument("--self-test", action="store_true", help="打包后运行打包程序的 --self-test")
    parser.add_argument("--zip", action="store_true", help="打包后把 dist/HonourDesk 压缩为分发用的 zip 文件")
    parser.add_argument(
        "--zip-only", action="store_true", help="不打包，只压缩已有的 dist/HonourDesk（如签名之后）"
    )
    parser.add_argument(
        "--with-ocr",
        action="store_true",
        help="包含可选的证书识别组件（rapidocr-onnxruntime 1.4.4 及其模型、onnxruntime、无界面 OpenCV），输出到 dist/ocr/",
    )
    parser.add_argument("--distpath", type=Path, help="输出目录（默认 dist/，带证书识别时 dist/ocr/）")
    parser.add_argument(
        "--workpath",
        type=Path,
        help="工作目录（默认 build/pyinstaller/，带证书识别时 build/pyinstaller-ocr/）",
    )
    args = parser.parse_args(argv)
    args.distpath = args.distpath or (ROOT / "dist" / "ocr" if args.with_ocr else ROOT / "dist")
    args.workpath = args.workpath or ROOT / "build" / ("pyinstaller-ocr" if args.with_ocr else "pyinstaller")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print('没有安装 PyInstaller：请先运行  pip install -e ".[build]"', file=sys.stderr)
        return 2
    if args.with_ocr and (problem := ocr_problem()):
        print(problem, file=sys.stderr)
        return 2
    if args.zip_only:
        bundle = args.distpath.resolve() / APP_NAME
        if not executable(bundle).is_file():
            print(f"没有找到已打包的程序：{executable(bundle)}", file=sys.stderr)
            return 1
        archive = make_zip(bundle, bundle.parent / zip_name(args.with_ocr))
        print(f"分发用压缩包：{archive}（{archive.stat().st_size / 1024 / 1024:.0f} MB）")
        return 0
    started = time.perf_counter()
    component = "，含证书识别组件" if args.with_ocr else ""
    print(f"正在打包 {APP_NAME}（{sys.platform}，Python {sys.version.split()[0]}{component}）…", flush=True)
    try:
        bundle = build(
            args.distpath.resolve(), args.workpath.resolve(), clean=args.clean, with_ocr=args.with_ocr
        )
    except subprocess.CalledProcessError as error:
        print(f"打包失败（PyInstaller 退出码 {error.returncode}），详见上面的输出。", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    size = folder_size(bundle)
    print(f"打包完成：{bundle}（{size / 1024 / 1024:.0f} MB，用时 {seconds:.0f} 秒）")
    print(f"可执行文件：{executable(bundle)}")
    if sys.platform == "win32":
        print(f"命令行版本：{executable(bundle, cli=True)}")
    if args.self_test:
        code = self_test(bundle)
        if code != 0:
            print(f"打包程序自检未通过（退出码 {code}）。", file=sys.stderr)
            return 1
    if args.zip:
        archive = make_zip(bundle, bundle.parent / zip_name(args.with_ocr))
        print(f"分发用压缩包：{archive}（{archive.stat().st_size / 1024 / 1024:.0f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
