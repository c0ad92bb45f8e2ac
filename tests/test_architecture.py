"""Dependencies point one way (DESIGN.md): the core never imports the CLI, rich or typer."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import briefcli

PACKAGE = Path(briefcli.__file__).parent
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# module -> what it may import beyond the standard library
ALLOWED = {
    "models": set(),
    "errors": {"briefcli.models"},
    "paths": {"platformdirs"},
    "loader": {"briefcli.models", "briefcli.errors", "yaml"},
    "store": {"briefcli.models", "briefcli.errors", "briefcli.loader", "sqlite_utils"},
    "search": {"briefcli.models", "briefcli.errors", "briefcli.store", "rapidfuzz"},
    "graph": {"briefcli.models", "briefcli.errors"},
    "plain": {"briefcli.models"},
    "render": {"briefcli.models", "briefcli.plain", "rich"},
    "validate": {"briefcli.models", "briefcli.errors", "briefcli.loader", "briefcli.graph"},
}
# The command-line layer may import anything below it; of these, only cli imports typer.
CLI_LAYER = {"cli", "actions", "console", "entry"}


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = (
                [f"{node.module}.{a.name}" for a in node.names]
                if node.module == "briefcli"
                else [node.module]
            )
            found.update(names)
    return found


def allowed(name: str, permitted: set[str]) -> bool:
    top = name.split(".")[0]
    return top in STDLIB or any(name == p or name.startswith(p + ".") for p in permitted)


def test_every_module_is_covered() -> None:
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__", "__main__"} - CLI_LAYER
    assert modules <= set(ALLOWED), modules - set(ALLOWED)


def test_core_modules_import_only_what_the_design_allows() -> None:
    wrong = {
        module: sorted(name for name in imports_of(PACKAGE / f"{module}.py") if not allowed(name, permitted))
        for module, permitted in ALLOWED.items()
        if (PACKAGE / f"{module}.py").exists()
    }
    assert {m: names for m, names in wrong.items() if names} == {}


def test_nothing_below_the_cli_layer_imports_it() -> None:
    for module in ALLOWED:
        names = imports_of(PACKAGE / f"{module}.py")
        assert not names & {f"briefcli.{m}" for m in CLI_LAYER}, module


def test_only_the_cli_imports_typer() -> None:
    users = {p.stem for p in PACKAGE.glob("*.py") if any(n.split(".")[0] == "typer" for n in imports_of(p))}
    assert users == {"cli"}
