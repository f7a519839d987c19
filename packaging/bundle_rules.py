"""What goes into the bundle: used by honourdesk.spec (loaded by file path) and by the packaging tests.

This folder has no __init__.py on purpose: a package named `packaging` would shadow the PyPI
`packaging` library that PyInstaller itself imports.

The program uses QtCore, QtGui, QtWidgets, QtPrintSupport and QtNetwork (only its local sockets: a second
start hands its request to the running window, gui/single_instance.py). PyInstaller's Qt hooks collect
the plugins and translations of every Qt library they meet, and some plugins pull in large Qt
libraries of their own (the PDF image format needs QtPdf, the SVG icon engine QtSvg, the virtual
keyboard QtQuick and QtQml, the TUIO touch plugin QtNetwork). trim() keeps only the plugins listed
in KEEP_PLUGINS, drops the Qt libraries nothing kept needs and every translation but zh_CN.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

APP_NAME = "HonourDesk"
PRODUCT_NAME = "单位荣誉档案与情况汇报"

# Python packages that must never be bundled: tests, build tools, the GUI toolkit we do not use,
# and the Qt modules the program does not import.
EXCLUDED_MODULES = [
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "ruff",
    "PyInstaller",
    "pyinstaller_hooks_contrib",
    "_pyinstaller_hooks_contrib",
    "altgraph",
    "pip",
    "setuptools",
    "pkg_resources",
    "wheel",
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "xlwt",
    "IPython",
    "matplotlib",
    "numpy",
    # Pillow reads certificates (PNG, JPEG, BMP, TIFF, GIF; PDF pages come from pdfium): not AVIF or WebP,
    # whose libraries are a third of its size, nor Tk
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingtk",
    "PIL.ImageTk",
    "pygments",  # only Mako's optional syntax highlighting of its HTML error pages (Mako comes with Alembic)
    *(
        f"PySide6.{module}"
        for module in (
            "Qt3DAnimation",
            "Qt3DCore",
            "Qt3DExtras",
            "Qt3DInput",
            "Qt3DLogic",
            "Qt3DRender",
            "QtBluetooth",
            "QtCharts",
            "QtConcurrent",
            "QtDBus",
            "QtDataVisualization",
            "QtDesigner",
            "QtGraphs",
            "QtGraphsWidgets",
            "QtHelp",
            "QtHttpServer",
            "QtLocation",
            "QtMultimedia",
            "QtMultimediaWidgets",
            "QtNetworkAuth",
            "QtNfc",
            "QtOpenGL",
            "QtOpenGLWidgets",
            "QtPdf",
            "QtPdfWidgets",
            "QtPositioning",
            "QtQml",
            "QtQuick",
            "QtQuick3D",
            "QtQuickControls2",
            "QtQuickTest",
            "QtQuickWidgets",
            "QtRemoteObjects",
            "QtScxml",
            "QtSensors",
            "QtSerialBus",
            "QtSerialPort",
            "QtSpatialAudio",
            "QtSql",
            "QtStateMachine",
            "QtSvg",
            "QtSvgWidgets",
            "QtTest",
            "QtTextToSpeech",
            "QtUiTools",
            "QtWebChannel",
            "QtWebEngineCore",
            "QtWebEngineQuick",
            "QtWebEngineWidgets",
            "QtWebSockets",
            "QtWebView",
            "QtXml",
            "QtAxContainer",
        )
    ),
]

# -- what the spec collects besides what PyInstaller's analysis finds ------------------------------------
# (tests/test_bundle_coverage.py checks these against every import and data lookup in core/ and gui/)

# Data files, (source relative to the repository, folder in the bundle): found at run time through
# core.paths.resource_path() (sys._MEIPASS/resources/...) and, for Alembic, core/migrate.py's MIGRATIONS_DIR
# (next to the bundled core package).
DATA_FILES = (
    ("resources", "resources"),
    ("core/migrations/env.py", "core/migrations"),
    ("core/migrations/script.py.mako", "core/migrations"),
    ("core/migrations/versions/*.py", "core/migrations/versions"),
)
# Libraries whose own data files no PyInstaller hook collects: the XML parts a merged document needs.
DATA_PACKAGES = ("docxcompose",)
# Libraries that ship files other than code which the program never makes them read (so no hook is needed):
# top-level package -> why.
UNREAD_DATA = {
    "alembic": "templates/: only `alembic init` reads them; the migrations carry their own script.py.mako",
    "cn2an": "config.yaml: only cn2an.utils.get_default_conf reads it, which nothing the program calls uses",
    "jeepney": "tests/: its own tests",
    "keyring": "shell completion scripts",
    "lxml": "isoschematron/resources: the ISO Schematron validator, not used",
    "onnxruntime": "datasets/: sample models for its own examples (the recognition models are rapidocr's)",
    "tqdm": "shell completion and manual page",
    "pycparser": "_c_ast.cfg: read when pycparser regenerates its own sources",
}
# Imported from the scripts that Alembic loads at run time (data to PyInstaller), by name through
# SQLAlchemy's dialect registry, or inside a library at run time: collected whole (submodules) or by name.
HIDDEN_PACKAGES = ("psycopg", "psycopg_binary", "keyring.backends")
HIDDEN_IMPORTS = (
    "alembic.context",
    "alembic.op",
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    "sqlalchemy.dialects.sqlite",
    # A shared PostgreSQL server (database URL postgresql+psycopg://…): the dialect is looked up by
    # name, psycopg loads its libpq binding (psycopg_binary) at run time, keyring its backends.
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
)
# Word and WPS automation (core/reports/office.py) imports these inside the conversion's child process.
WINDOWS_HIDDEN_IMPORTS = ("pythoncom", "pywintypes", "win32com.client", "win32timezone")
# The only modules that may import the recognition component's libraries (after engine.require()).
OCR_IMPORTERS = ("core/certificates/engine.py", "core/certificates/seal.py")


def hidden_import_covered(module: str, windows: bool = False) -> bool:
    """Whether the spec names module (or a package it belongs to) for collection."""
    named = (*HIDDEN_IMPORTS, *HIDDEN_PACKAGES, *(WINDOWS_HIDDEN_IMPORTS if windows else ()), "core", "gui")
    return any(module == name or module.startswith(f"{name}.") for name in named)


def is_excluded(module: str, with_ocr: bool = False) -> bool:
    """Whether the spec keeps module out of the bundle (itself or a package holding it)."""
    return any(module == name or module.startswith(f"{name}.") for name in excluded_modules(with_ocr))


# Certificate recognition (荣誉 → 从证书识别…) is an optional component: its engine, its models (in the
# rapidocr_onnxruntime package) and what only it needs are left out of the base bundle and put in by
# `build.py --with-ocr`. Pillow is not among them: the base program reads certificate images for the
# 附件 pages of a report (core/reports/certificates.py).
OCR_MODULES = ["rapidocr_onnxruntime", "onnxruntime", "cv2", "shapely", "pyclipper", "numpy"]
OCR_PACKAGE = "rapidocr_onnxruntime"


def excluded_modules(with_ocr: bool = False) -> list[str]:
    """The modules kept out of the bundle: the recognition component's too, unless it is wanted."""
    if with_ocr:
        return [m for m in EXCLUDED_MODULES if m not in OCR_MODULES]
    return [*EXCLUDED_MODULES, *(m for m in OCR_MODULES if m not in EXCLUDED_MODULES)]


# Plugin folder -> plugin names kept (None: all of them). Folders not listed are dropped entirely:
# generic (evdev/TUIO touch), iconengines (SVG), networkinformation, tls, sqldrivers, qmltooling,
# platformthemes (GTK / portal dialogs; Qt's own dialogs are used instead), egldeviceintegrations,
# wayland-* (Linux falls back to X11/XWayland), designer, multimedia, position, ...
KEEP_PLUGINS: dict[str, set[str] | None] = {
    # qwindows: Windows; qxcb: Linux X11; qcocoa: macOS; qoffscreen: --self-test and CI without a display.
    "platforms": {"qwindows", "qxcb", "qcocoa", "qoffscreen"},
    # Native look: qmodernwindowsstyle (Windows 10/11) in Qt 6.7 and later.
    "styles": None,
    "printsupport": None,
    # .ico for window icons, JPEG for certificate scans; PNG and BMP are built into QtGui.
    "imageformats": {"qico", "qjpeg"},
    # Chinese input on Linux goes through IBus (Windows IMEs work through qwindows itself).
    "platforminputcontexts": {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"},
    "xcbglintegrations": None,
}

# Qt libraries that only the dropped plugins and modules need.
_DROPPED_QT_LIBRARY = re.compile(
    r"^(lib)?(Qt6|pyside6)("
    r"3D|Bluetooth|Charts|Concurrent|DataVisualization|Designer|EglFs|Graphs|Help|HttpServer|"
    r"Labs|Location|Lottie|Multimedia|NetworkAuth|Nfc|OpenGL|Pdf|Positioning|Qml|Quick|RemoteObjects|Scxml|Sensors|"
    r"SerialBus|SerialPort|ShaderTools|SpatialAudio|Sql|StateMachine|Svg|Test|TextToSpeech|UiTools|"
    r"VirtualKeyboard|Wayland|WebChannel|WebEngine|WebSockets|WebView|WlShell|Xml"
    r")",
    re.IGNORECASE,
)
# Windows: the software OpenGL renderer and the shader compiler serve OpenGL/Quick, not widgets.
_DROPPED_FILES = {"opengl32sw.dll", "d3dcompiler_47.dll"}
# Whole folders of PySide6 that a widgets program never reads.
_DROPPED_FOLDERS = ("qml", "resources", "metatypes", "typesystems", "include", "glue", "scripts")

_PLUGIN_NAME = re.compile(r"^(lib)?(?P<name>.+?)\.(so|dll|dylib)(\..*)?$", re.IGNORECASE)


# babel (needed by docxcompose, which formats dates of custom document properties) carries the
# locale data of 1,000 locales; the program's documents are Chinese, their language tags zh-CN or en-US.
_KEPT_BABEL_LOCALE = re.compile(r"^(root|en|en_US|en_001|zh|zh_Hans(_\w+)?|zh_Hant(_\w+)?)\.dat$")


def _parts(dest_name: str) -> tuple[str, ...]:
    return PurePosixPath(dest_name.replace("\\", "/")).parts


def keep(dest_name: str) -> bool:
    """Whether one bundled file (its path inside the bundle) stays."""
    parts = _parts(dest_name)
    if not parts:
        return True
    name = parts[-1]
    if parts[0] in ("opencv_python.libs",) or parts[:2] == ("cv2", "qt"):
        return False  # the GUI build of OpenCV and its own Qt: never (opencv-python-headless has neither)
    if name.lower() in _DROPPED_FILES or _DROPPED_QT_LIBRARY.match(name):
        return False  # wherever it is: PyInstaller also puts links to Qt libraries at the top level
    if parts[:2] == ("babel", "locale-data"):
        return bool(_KEPT_BABEL_LOCALE.match(name))
    if parts[0] not in ("PySide6", "shiboken6"):
        return True
    inner = parts[1:-1]
    if inner[:1] == (
        "Qt",
    ):  # Linux and macOS wheels keep Qt under PySide6/Qt/; Windows directly under PySide6/
        inner = inner[1:]
    if inner and inner[0] in _DROPPED_FOLDERS:
        return False
    if inner[:1] == ("translations",):
        return "zh_CN" in name
    if inner[:1] == ("plugins",) and len(inner) >= 2:
        wanted = KEEP_PLUGINS.get(inner[1], set())
        if wanted is None:
            return True
        match = _PLUGIN_NAME.match(name)
        return bool(match) and match.group("name") in wanted
    return True


def trim(toc: Iterable[tuple[str, str, str]]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Split a PyInstaller TOC into the entries kept and the names dropped."""
    kept, dropped = [], []
    for entry in toc:
        if keep(entry[0]):
            kept.append(entry)
        else:
            dropped.append(entry[0])
    return kept, dropped


def prune_orphans(
    kept: list[tuple[str, str, str]],
    dropped: list[str],
    all_entries: list[tuple[str, str, str]],
    imports: Callable[[str], Iterable[str]],
) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Drop the shared libraries that were collected only as dependencies of dropped files.

    PyInstaller has already added every link-time dependency of every collected binary (GTK for the
    GTK theme plugin, for one). Candidates are the libraries reachable from the dropped binaries;
    a candidate stays when anything kept still needs it. imports(source path) gives the base names
    of the libraries a binary links to (PyInstaller's bindepend.get_imports).
    """
    binaries = [e for e in all_entries if e[2] in ("BINARY", "EXTENSION")]
    key = str.lower if any(e[0].lower().endswith(".dll") for e in binaries) else str
    by_name: dict[str, tuple[str, str, str]] = {key(_parts(e[0])[-1]): e for e in binaries}
    deps: dict[str, set[str]] = {}

    def needs(name: str) -> set[str]:
        if name not in deps:
            entry = by_name.get(name)
            found = {key(n) for n in imports(entry[1])} if entry else set()
            deps[name] = {n for n in found if n in by_name}
        return deps[name]

    def closure(start: Iterable[str]) -> set[str]:
        seen, stack = set(), list(start)
        while stack:
            name = stack.pop()
            for dep in needs(name):
                if dep not in seen:
                    seen.add(dep)
                    stack.append(dep)
        return seen

    dropped_names = {key(_parts(d)[-1]) for d in dropped} & set(by_name)
    candidates = closure(dropped_names) - dropped_names
    roots = [key(_parts(e[0])[-1]) for e in kept if e[2] in ("BINARY", "EXTENSION")]
    roots = [r for r in roots if r not in candidates]
    orphans = candidates - closure(roots) - set(roots)
    result, removed = [], []
    for entry in kept:
        if key(_parts(entry[0])[-1]) in orphans:
            removed.append(entry[0])
        else:
            result.append(entry)
    return result, removed


def version_tuple(version: str) -> tuple[int, int, int, int]:
    """ "0.1.0" -> (0, 1, 0, 0); anything after the numbers (rc1, .dev2) is ignored."""
    match = re.match(r"\d+(\.\d+)*", version.strip())
    numbers = [int(n) for n in match.group(0).split(".")] if match else []
    return tuple([*numbers, 0, 0, 0, 0][:4])  # type: ignore[return-value]


def version_info_text(version: str, executable: str = f"{APP_NAME}.exe") -> str:
    """A PyInstaller version-resource file (VSVersionInfo) for one executable, in Simplified Chinese."""
    numbers = version_tuple(version)
    strings = {
        "CompanyName": APP_NAME,
        "FileDescription": PRODUCT_NAME if executable == f"{APP_NAME}.exe" else f"{PRODUCT_NAME}（命令行）",
        "FileVersion": version,
        "InternalName": executable.removesuffix(".exe"),
        "LegalCopyright": f"{APP_NAME}（MIT 许可）",
        "OriginalFilename": executable,
        "ProductName": PRODUCT_NAME,
        "ProductVersion": version,
        "Comments": "离线运行的单位荣誉档案与情况汇报程序",
    }
    table = ",\n".join(f"          StringStruct({key!r}, {value!r})" for key, value in strings.items())
    # 0x0804 = Chinese (Simplified, PRC); 1200 (0x04B0) = Unicode.
    return f"""# -*- coding: utf-8 -*-
# Windows version resource, generated by packaging/bundle_rules.py at build time: do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404B0',
        [
{table}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""


# -- what the minimum supported Windows provides ------------------------------------------------------

MINIMUM_WINDOWS = "Windows 10 1809（64 位）"
# System DLLs every 64-bit Windows 10 1809 (and 11) has. A bundled library importing anything else that the
# bundle does not carry would fail on some office PC, whatever the build machine's System32 holds: Qt 6.12's
# Qt6Core needs icuuc.dll (Windows 10 1703 and later — fine), but icu.dll only exists from 1903.
MINIMUM_WINDOWS_DLLS = frozenset(
    name.lower()
    for name in [
        "advapi32.dll",
        "authz.dll",
        "avrt.dll",
        "bcrypt.dll",
        "cfgmgr32.dll",
        "comctl32.dll",
        "comdlg32.dll",
        "crypt32.dll",
        "cryptbase.dll",
        "d2d1.dll",
        "d3d9.dll",
        "d3d11.dll",
        "d3d12.dll",
        "d3dcompiler_47.dll",
        "dbghelp.dll",
        "dcomp.dll",
        "dnsapi.dll",
        "dwmapi.dll",
        "dwrite.dll",
        "dxgi.dll",
        "dxva2.dll",
        "gdi32.dll",
        "gdiplus.dll",
        "glu32.dll",
        "hid.dll",
        "icuin.dll",
        "icuuc.dll",
        "imm32.dll",
        "iphlpapi.dll",
        "kernel32.dll",
        "kernelbase.dll",
        "mpr.dll",
        "msimg32.dll",
        "mscms.dll",
        "msvcp_win.dll",
        "msvcrt.dll",
        "mswsock.dll",
        "ncrypt.dll",
        "netapi32.dll",
        "normaliz.dll",
        "ntdll.dll",
        "ole32.dll",
        "oleacc.dll",
        "oleaut32.dll",
        "opengl32.dll",
        "powrprof.dll",
        "propsys.dll",
        "psapi.dll",
        "rpcrt4.dll",
        "secur32.dll",
        "setupapi.dll",
        "shcore.dll",
        "shell32.dll",
        "shlwapi.dll",
        "ucrtbase.dll",
        "urlmon.dll",
        "user32.dll",
        "userenv.dll",
        "usp10.dll",
        "uxtheme.dll",
        "version.dll",
        "winhttp.dll",
        "wininet.dll",
        "winmm.dll",
        "winspool.drv",
        "wintrust.dll",
        "wldap32.dll",
        "ws2_32.dll",
        "wtsapi32.dll",
    ]
)


def unguaranteed_imports(imports: Iterable[str], bundled: Iterable[str]) -> list[str]:
    """The imported DLLs that neither the bundle nor every supported Windows provides.

    The api-ms-win-*/ext-ms-* names are API sets that Windows 10 resolves itself.
    """
    carried = {name.lower() for name in bundled}
    return [
        name
        for name in imports
        if name.lower() not in carried
        and name.lower() not in MINIMUM_WINDOWS_DLLS
        and not name.lower().startswith(("api-ms-win-", "ext-ms-"))
    ]
