"""Everything the program loads on demand is in the bundle: checked statically, without building it.

PyInstaller follows the literal imports of the code it analyses (inside functions too), but not a module
named by a string, the scripts Alembic loads (data to it), the files a library reads from its own folder,
or a module the spec excludes. A clerk meets the gap as a crash the first time a feature is used: the
first old report in 繁体字, the first unit name saved (pinyin), the first migration. So every import and
data lookup in core/ and gui/ is collected here and checked against packaging/bundle_rules.py, which the
spec reads.
"""

from __future__ import annotations

import ast
import fnmatch
import importlib
import importlib.metadata
import importlib.util
import re
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomllib

from tests.conftest import REPO
from tests.test_packaging import load_packaging_module

SOURCES = ("core", "gui")
MIGRATIONS = "core/migrations"
# Never read at run time: C and Cython sources and headers, build files, type stubs, licences and notes.
NOT_DATA = re.compile(
    r"\.(py|pyc|pyi|typed|so|pyd|dll|dylib|c|h|hpp|pxd|pxi|pyx|cmake|md|rst)$|\.so\.|(^|/)__pycache__/"
    r"|(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS|ThirdPartyNotices)[^/]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Use:
    """One module or data file the code asks for, and where."""

    name: str
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.name}"


@pytest.fixture(scope="module")
def rules() -> types.ModuleType:
    return load_packaging_module("bundle_rules")


def python_files(under: str = "") -> Iterator[tuple[str, ast.Module]]:
    for source in SOURCES:
        for path in sorted((REPO / source).rglob("*.py")):
            name = path.relative_to(REPO).as_posix()
            if name.startswith(under):
                yield name, ast.parse(path.read_text(encoding="utf-8"), name)


def imports(tree: ast.Module, file: str) -> Iterator[Use]:
    """Every module an import statement names, wherever it stands; `from X import a` gives X and X.a."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (Use(alias.name, file, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield Use(node.module, file, node.lineno)
            yield from (Use(f"{node.module}.{alias.name}", file, node.lineno) for alias in node.names)


def string_argument(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def called(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return ""


def dynamic_imports(tree: ast.Module, file: str) -> Iterator[Use]:
    """importlib.import_module(…) and __import__(…): the name, or "?" when it is not written out."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called(node) in ("import_module", "__import__"):
            yield Use(string_argument(node) or "?", file, node.lineno)


def third_party(module: str) -> bool:
    top = module.split(".")[0]
    return top not in sys.stdlib_module_names and top not in SOURCES


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # X.a where a is a function or class of X
        return False


@pytest.fixture(scope="module")
def code() -> list[tuple[str, ast.Module]]:
    return list(python_files())


@pytest.fixture(scope="module")
def analysed_imports(code: list[tuple[str, ast.Module]]) -> list[Use]:
    """The imports PyInstaller's analysis follows: all of core/ and gui/ but Alembic's scripts."""
    return [use for file, tree in code if not file.startswith(MIGRATIONS) for use in imports(tree, file)]


def test_no_module_the_code_imports_is_kept_out_of_the_bundle(
    rules: types.ModuleType, analysed_imports: list[Use]
) -> None:
    """An import inside a function of a module the spec excludes (numpy, pkg_resources, a Qt module) is a
    crash in the bundle the first time that function runs; the recognition component's libraries only
    where the component has been checked for first."""
    wrong = [
        use
        for use in analysed_imports
        if rules.is_excluded(use.name)
        and not (use.file in rules.OCR_IMPORTERS and not rules.is_excluded(use.name, with_ocr=True))
    ]
    assert wrong == [], "\n".join(map(str, wrong))


def test_every_third_party_module_imported_is_installed_or_a_windows_hidden_import(
    rules: types.ModuleType, analysed_imports: list[Use]
) -> None:
    """PyInstaller collects only what it finds installed on the build machine (a missing one is a warning
    in its log, and an ImportError on the clerk's PC); Windows-only modules are named in the spec."""
    missing = []
    for use in analysed_imports:
        top = use.name.split(".")[0]
        if not third_party(use.name) or is_module(top):
            continue
        if use.file in rules.OCR_IMPORTERS and top in rules.OCR_MODULES:
            continue  # the optional component, collected by build.py --with-ocr
        if not rules.hidden_import_covered(use.name, windows=True):
            missing.append(use)
    assert missing == [], "\n".join(map(str, missing))


def test_modules_named_by_a_string_are_hidden_imports(
    rules: types.ModuleType, code: list[tuple[str, ast.Module]], analysed_imports: list[Use]
) -> None:
    """importlib.import_module("x") is invisible to PyInstaller: x must be named in bundle_rules (or be
    imported plainly somewhere too); a name computed at run time cannot be checked and is refused."""
    plain = {use.name for use in analysed_imports}
    named = [use for file, tree in code for use in dynamic_imports(tree, file)]
    unseen = [
        use
        for use in named
        if use.name == "?" or not (use.name in plain or rules.hidden_import_covered(use.name, windows=True))
    ]
    assert unseen == [], "\n".join(map(str, unseen))


def test_what_alembics_scripts_import_is_in_the_bundle(
    rules: types.ModuleType, analysed_imports: list[Use]
) -> None:
    """env.py and versions/*.py are data files to PyInstaller, read by Alembic at the first start after an
    update: each module they import is imported by the analysed code, pulled in by its package, or named."""
    plain = {use.name for use in analysed_imports}
    lost = []
    for file, tree in python_files(MIGRATIONS):
        for use in imports(tree, file):
            if not third_party(use.name) or use.name in plain or rules.hidden_import_covered(use.name):
                continue
            package, _, _ = use.name.rpartition(".")
            if package and package in plain:
                importlib.import_module(package)
                if use.name in sys.modules or not is_module(use.name):
                    continue  # loaded with its package (or an attribute of it, not a module)
            lost.append(use)
    assert lost == [], "\n".join(map(str, lost))


def data_patterns(rules: types.ModuleType) -> list[str]:
    patterns = []
    for source, _target in rules.DATA_FILES:
        patterns += [source, f"{source}/*"] if (REPO / source).is_dir() else [source]
    return patterns


def test_every_file_the_code_finds_beside_itself_is_collected(
    rules: types.ModuleType, code: list[tuple[str, ast.Module]]
) -> None:
    """resource_path("templates", …) reads sys._MEIPASS/resources; core/migrate.py reads core/migrations
    beside itself. Each such folder is in DATA_FILES, and so is every file in it."""
    patterns = data_patterns(rules)

    def collected(relative: str) -> bool:
        return any(fnmatch.fnmatch(relative, pattern) for pattern in patterns)

    wrong = []
    for file, tree in code:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and called(node) == "resource_path":
                first = string_argument(node)
                if first is None or not (REPO / "resources" / first).exists():
                    wrong.append(Use(f"resource_path({first!r})", file, node.lineno))
                elif not collected(f"resources/{first}"):
                    wrong.append(Use(f"resources/{first} 未打包", file, node.lineno))
    beside = {
        file
        for file, tree in code
        if any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(tree))
    }
    assert beside == {"core/paths.py", "core/migrate.py"}, "新的按 __file__ 找文件之处：检查打包规则"
    for path in sorted((REPO / MIGRATIONS).rglob("*")):
        relative = path.relative_to(REPO).as_posix()
        if path.is_file() and "__pycache__" not in relative and not collected(relative):
            wrong.append(Use(relative, "core/migrate.py", 0))
    assert wrong == [], "\n".join(map(str, wrong))


def project_requirements(with_ocr: bool) -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *(project["optional-dependencies"]["ocr"] if with_ocr else [])]


def installed_closure(requirements: list[str]) -> set[str]:
    """The installed distributions the requirements pull in (the program's, not their extras)."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    queue = list(requirements)
    while queue:
        requirement = Requirement(queue.pop())
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        try:
            distribution = importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            continue  # pywin32 off Windows
        name = distribution.metadata["Name"].lower()
        if name not in seen:
            seen.add(name)
            queue += distribution.requires or []
    return seen


def data_files(distribution: str) -> dict[str, list[str]]:
    """Top-level package -> the files in it that are not code."""
    found: dict[str, list[str]] = {}
    for file in importlib.metadata.distribution(distribution).files or []:
        name = file.as_posix()
        if "/" not in name or ".dist-info/" in name or name.startswith("..") or NOT_DATA.search(name):
            continue
        package = name.split("/")[0]
        if has_code(package):  # not a wheel's stray folder (cn2an's src/ of pictures)
            found.setdefault(package, []).append(name)
    return found


def has_code(package: str) -> bool:
    """A package with code of its own, not a folder that is only a namespace."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin not in (None, "namespace")


def hook_dirs() -> list[Path]:
    import PyInstaller

    folders = [Path(PyInstaller.__file__).parent / "hooks"]
    for entry in importlib.metadata.entry_points(group="pyinstaller40", name="hook-dirs"):
        folders += [Path(folder) for folder in entry.load()()]
    return folders


def hook_collects_data(package: str, folders: list[Path]) -> bool:
    hooks = [hook for folder in folders for hook in folder.glob(f"hook-{package}*.py")]
    hooks = [hook for hook in hooks if re.fullmatch(rf"hook-{re.escape(package)}(\..+)?\.py", hook.name)]
    return any(re.search(r"collect_data_files|\bdatas\b", hook.read_text(encoding="utf-8")) for hook in hooks)


@pytest.mark.parametrize("with_ocr", [False, True], ids=["base", "with-ocr"])
def test_the_data_files_libraries_read_from_their_own_folders_are_collected(
    rules: types.ModuleType, with_ocr: bool
) -> None:
    """pypinyin's dictionaries, OpenCC's t2s, python-docx's default parts, docxcompose's XML, Babel's zh
    locale, rapidocr's models: a library with files beside its code has a PyInstaller hook that collects
    them, is in DATA_PACKAGES, or is in UNREAD_DATA with the reason its files are never read."""
    pytest.importorskip("PyInstaller", reason="PyInstaller 未安装（pip install -e .[build]）")
    folders = hook_dirs()
    extra = {rules.OCR_PACKAGE} if with_ocr else set()  # collected whole by the spec
    uncovered = []
    for distribution in sorted(installed_closure(project_requirements(with_ocr))):
        for package, names in data_files(distribution).items():
            if rules.is_excluded(package, with_ocr) or package in (*rules.DATA_PACKAGES, *extra):
                continue
            if package in rules.UNREAD_DATA or hook_collects_data(package, folders):
                continue
            uncovered.append(f"{distribution}: {package}/（{len(names)} 个文件，如 {names[0]}）")
    assert uncovered == [], "\n".join(uncovered)
