"""The folder tree is the architecture (docs/ARCHITECTURE.md): layers, owners of libraries, sizes."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import briefcli

PACKAGE = Path(briefcli.__file__).parent
# _typeshed exists only for type checkers: modules import it under TYPE_CHECKING (StrPath).
STDLIB = set(sys.stdlib_module_names) | {"__future__", "_typeshed"}

# Layers from the bottom up; a package may import only the packages listed for it.
LAYERS = {
    "core": set(),
    "sources": {"core"},
    "index": {"sources", "core"},
    "output": {"core"},
    "web": {"index", "output", "core"},
    "cli": {"web", "output", "index", "sources", "core"},
}
# Each third-party library has one owner (the cli may also draw with rich).
OWNERS = {
    "typer": {"cli"},
    "click": {"cli"},
    "rich": {"output", "cli"},
    "sqlite3": {"index"},
    "sqlite_utils": {"index"},
    "yaml": {"sources"},
    "bibtexparser": {"sources"},
    "rapidfuzz": {"index"},
    "platformdirs": {"cli"},
    "datasette": {"web"},
    "markupsafe": {"web"},  # Datasette's marker for HTML a plugin made
    "uvicorn": {"web"},  # the server Datasette runs on
}
MAX_MODULE_LINES = 400
MAX_CLASS_LINES = 200


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def package_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else ""


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "briefcli" or node.module.startswith("briefcli."):
                found.update(f"{node.module}.{a.name}" for a in node.names)
            else:
                found.add(node.module)
    return found


def test_every_module_lives_in_a_layer() -> None:
    loose = {p.name for p in modules() if package_of(p) == ""} - {"__init__.py", "__main__.py"}
    assert loose == set()
    assert {package_of(p) for p in modules()} - {""} <= set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_the_layers(path: Path) -> None:
    layer = package_of(path)
    if layer == "":
        return  # __init__ and __main__ at the top hand over to the cli
    wrong = []
    for name in imports_of(path):
        parts = name.split(".")
        if parts[0] == "briefcli":
            target = parts[1] if len(parts) > 2 else ""
            if target not in LAYERS:
                wrong.append(name)  # the top-level package holds nothing to import
            elif target != layer and target not in LAYERS[layer]:
                wrong.append(name)
        elif parts[0] not in STDLIB and layer not in OWNERS.get(parts[0], set()):
            wrong.append(name)
        elif parts[0] in OWNERS and layer not in OWNERS[parts[0]]:
            wrong.append(name)  # sqlite3 is in the standard library but has one owner too
    assert sorted(wrong) == []


def test_no_import_cycle_between_modules() -> None:
    graph: dict[str, set[str]] = {}
    names = {".".join(("briefcli", *p.relative_to(PACKAGE).with_suffix("").parts)): p for p in modules()}
    for name, path in names.items():
        graph[name] = {
            target
            for imported in imports_of(path)
            for target in (imported, imported.rsplit(".", 1)[0])
            if target in names and target != name and not target.endswith("__init__")
        }
    seen: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        seen[node] = 1
        for child in graph[node]:
            assert seen.get(child) != 1, " -> ".join([*trail, node, child])
            if child not in seen:
                visit(child, [*trail, node])
        seen[node] = 2

    for node in graph:
        if node not in seen:
            visit(node, [])


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_classes_stay_small(path: Path) -> None:
    text = path.read_text()
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            assert node.end_lineno is not None
            assert node.end_lineno - node.lineno + 1 <= MAX_CLASS_LINES, node.name


@pytest.mark.parametrize("layer", sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()))
def test_each_package_says_its_job_and_what_it_may_import(layer: str) -> None:
    docstring = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text()))
    assert docstring is not None
    lines = docstring.splitlines()
    assert len(lines) == 2 and lines[1].startswith("May import:"), lines


def test_only_the_cli_imports_typer() -> None:
    users = {package_of(p) for p in modules() if any(n.split(".")[0] == "typer" for n in imports_of(p))}
    assert users == {"cli"}


def postpones_annotations(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and node.names[0].name == "annotations"
        for node in tree.body
    )


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_named_tuples_have_evaluated_annotations(path: Path) -> None:
    """NamedTuple compiles each annotation written as a string, and the first compile costs about
    9 million instructions: a tenth of a command's start-up beyond the interpreter's."""
    tree = ast.parse(path.read_text())
    named = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(ast.unparse(base).endswith("NamedTuple") for base in node.bases)
    ]
    assert not (named and postpones_annotations(tree)), named
