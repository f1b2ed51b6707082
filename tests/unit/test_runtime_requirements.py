"""The app runs from requirements.txt alone: every third-party import of the app's own code is
named there, not merely pulled in by another package (a dev-only package once hid a missing
`tqdm` from CI), and the whole set installs what those names require."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = ["app.py", "deploycore", "components", "pages"]
OWN = {"deploycore", "components", "pages"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _runtime_closure() -> set[str]:
    """The distributions requirements.txt installs, with everything they require."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    todo = [re.split(r"[=<>\[; ]", line.strip())[0] for line in lines]
    todo = [name for name in todo if name and not name.startswith("#")]
    seen: set[str] = set()
    while todo:
        name = _name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if "extra ==" in requirement:
                continue
            todo.append(re.split(r"[=<>\[;!~ (]", requirement.strip())[0])
    return seen


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for entry in APP_CODE:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found.add(node.module.split(".")[0])
    return found - OWN - set(sys.stdlib_module_names) - {"__future__"}


def _named() -> set[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = (re.split(r"[=<>\[; ]", line.strip())[0] for line in lines)
    return {_name(name) for name in names if name and not name.startswith("#")}


def test_every_third_party_import_comes_with_the_runtime_requirements() -> None:
    runtime = _runtime_closure()
    providers = metadata.packages_distributions()
    missing = {
        module: providers.get(module, ["?"])
        for module in _imported_modules()
        if not any(_name(dist) in runtime for dist in providers.get(module, []))
    }
    assert not missing, f"imported by the app but not installed by requirements.txt: {missing}"


def test_every_third_party_import_is_named_in_requirements() -> None:
    named = _named()
    providers = metadata.packages_distributions()
    unnamed = {
        module: providers.get(module, ["?"])
        for module in _imported_modules()
        if not any(_name(dist) in named for dist in providers.get(module, []))
    }
    assert not unnamed, f"imported by the app but only pulled in by another package: {unnamed}"
