"""The tree explains the architecture: a package per stage, imports that only point down, and the
README's map of the code kept current."""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType

import pytest

import kgbuild
from kgbuild.cli import main
from tests.conftest import ROOT

PACKAGE = ROOT / "kgbuild"
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: The top-level modules above the stages: the public API, and ``python -m kgbuild`` (the CLI's).
FACADE = {"kgbuild": "api.py", "kgbuild.api": "api.py", "kgbuild.__main__": "cli/"}
#: The stages that read texts into facts and facts into RDF, and those that come after them.
EARLY = ("extract", "linking", "converters")
LATE = ("building", "stores", "queries", "web", "cli")
MAX_LINES = 400


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = sorted(path.parent.name for path in PACKAGE.glob("*/__init__.py"))


def _map() -> list[str]:
    """The entries of the README's "How the code is laid out", in order: ``<package>/``, ``*.py``
    (the shared top-level modules) and ``api.py`` (the facade)."""
    section = re.search(r"^## How the code is laid out\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert section, "the README has no '## How the code is laid out' section"
    return re.findall(r"^- `kgbuild/([^`]+)`", section.group(1), re.MULTILINE)


def _room(module: str) -> str:
    """Where a module stands on the map: its package, the shared top level, or the facade."""
    if module in FACADE:
        return FACADE[module]
    parts = module.split(".")
    return f"{parts[1]}/" if len(parts) > 1 and parts[1] in PACKAGES else "*.py"


def _imports(module: str) -> Iterator[tuple[int, str]]:
    """(line, module) of every kgbuild module that ``module`` imports, in functions and
    ``TYPE_CHECKING`` blocks too; ``from package import module`` names the module."""
    path = MODULES[module]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join([*here[: len(here) - node.level + 1], *([base] if base else [])])
            found = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for name in found:
            if name == "kgbuild" or name.startswith("kgbuild."):
                yield node.lineno, name


def _where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(ROOT)}:{line}"


def test_the_tree_is_read_whole() -> None:
    assert len(MODULES) > 100 and len(PACKAGES) >= 13, (len(MODULES), PACKAGES)
    assert sum(1 for module in MODULES for _ in _imports(module)) > 300, "the import scan is broken"


def test_the_readme_maps_every_package_once() -> None:
    entries = _map()
    assert len(entries) == len(set(entries)), entries
    assert {"*.py", "api.py"} <= set(entries)
    missing = sorted(f"{p}/" for p in PACKAGES if f"{p}/" not in entries)
    assert not missing, f"add a line for each to the README's 'How the code is laid out': {missing}"
    stale = sorted(e for e in entries if e.endswith("/") and e[:-1] not in PACKAGES)
    assert not stale, f"the README maps packages that do not exist: {stale}"


def test_no_import_points_up_the_map() -> None:
    rank = {entry: n for n, entry in enumerate(_map())}
    upward = [
        f"{_where(module, line)}: {module} imports {target} ({_room(target)} comes after {_room(module)})"
        for module in MODULES
        for line, target in _imports(module)
        if rank[_room(target)] > rank[_room(module)]
    ]
    assert not upward, "move the shared piece down instead:\n" + "\n".join(upward)


@pytest.mark.parametrize("stage", EARLY)
def test_extraction_linking_and_conversion_never_import_a_later_stage(stage: str) -> None:
    modules = [m for m in MODULES if _room(m) == f"{stage}/"]
    assert modules
    later = [
        f"{_where(module, line)}: {target}"
        for module in modules
        for line, target in _imports(module)
        if _room(target).rstrip("/") in LATE or _room(target) == "api.py"
    ]
    assert not later, later


def test_no_private_module_is_imported_from_outside_its_package() -> None:
    found = []
    for module in MODULES:
        for line, target in _imports(module):
            parts = target.split(".")
            private = [
                n for n, part in enumerate(parts) if part.startswith("_") and not part.startswith("__")
            ]
            owner = ".".join(parts[: private[0]]) if private else None
            if owner is not None and module != owner and not module.startswith(f"{owner}."):
                found.append(f"{_where(module, line)}: {target}")
    assert not found, found


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_opens_with_a_docstring(package: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), (
        f"kgbuild/{package}/__init__.py: say its stage and what it exposes"
    )


def test_no_module_is_longer_than_400_lines() -> None:
    lengths = {_where(m, 1): len(p.read_text(encoding="utf-8").splitlines()) for m, p in MODULES.items()}
    assert {where: n for where, n in lengths.items() if n > MAX_LINES} == {}


def test_no_module_hides_a_function_of_the_api() -> None:
    """``import kgbuild.x`` sets the attribute ``x`` of kgbuild to the module: a module or package
    named after a name of the API would replace it (``kgbuild.export`` once did)."""
    for module in MODULES:
        if module != "kgbuild.__main__":  # it runs the command line
            importlib.import_module(module)
    hidden = [name for name in kgbuild.__all__ if isinstance(getattr(kgbuild, name), ModuleType)]
    assert not hidden
    assert not set(kgbuild.__all__) & {m.split(".")[1] for m in MODULES if m.count(".") >= 1}


def test_the_entry_point_is_the_command_group() -> None:
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "kgbuild"]
    assert script.value == "kgbuild.cli:main" and script.load() is main
