"""Interchange knows no domain: every import (values, population, activities) builds on it,
so it must never reach back into one of them, not even lazily inside a function."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import backbone.interchange

PACKAGE = Path(backbone.interchange.__file__).parent
# What interchange may build on: Django, its libraries and backbone's own pure helpers.
ALLOWED = ("backbone.interchange", "backbone.lib")


def _modules() -> list[str]:
    return sorted(
        ".".join(("backbone", *path.relative_to(PACKAGE.parent).with_suffix("").parts))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and path.name != "__init__.py"
    )


def test_importing_every_interchange_module_loads_no_domain_app():
    """In a fresh interpreter without Django set up (which would load every app): what the
    modules pull in is what they import themselves."""
    modules = _modules()
    assert "backbone.interchange.readers" in modules and "backbone.interchange.mapping" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('backbone.'))))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=PACKAGE.parent.parent,
        check=True,
    )
    loaded = json.loads(result.stdout)
    assert "backbone.interchange.readers" in loaded
    assert [m for m in loaded if not m.startswith(ALLOWED)] == []
    assert not any(m.startswith("backbone.measurement") for m in loaded)


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_interchange_source_imports_a_domain_app_even_inside_a_function():
    reaching_back = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in _imported(path)
            if name.startswith("backbone.") and not name.startswith(ALLOWED)
        )
        for path in PACKAGE.rglob("*.py")
    }
    assert {path: names for path, names in reaching_back.items() if names} == {}
