"""The app runs from requirements.txt alone: every third-party import of the app's own code is
named there, not merely pulled in by another package (a dev-only package once hid a missing
`tqdm` from CI), and the whole set installs what those names require.

The last test proves it for real: a venv built from requirements.txt alone (cached under
`.venv-runtime/<hash of requirements.txt>`) imports every module and runs the batch job."""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = ["app.py", "serve.py", "deploy", "deploycore", "components", "pages"]
OWN = {"deploy", "deploycore", "components", "pages"}


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


RUNTIME_VENVS = ROOT / ".venv-runtime"
# Run by the runtime-only venv's python: import every module of deploy/, deploycore/ and
# components/ (not `__main__` modules, which would run their CLI), and every module app.py,
# serve.py and each page
# imports (pages are compiled, not run: a page draws itself with Streamlit calls).
IMPORT_EVERYTHING = """
import ast, importlib, pathlib, sys
root = pathlib.Path.cwd()
names = []
for package in ("deploy", "deploycore", "components"):
    for file in sorted((root / package).rglob("*.py")):
        parts = file.relative_to(root).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
scripts = [root / "app.py", root / "serve.py", *sorted((root / "pages").glob("*.py"))]
wanted = []
for script in scripts:
    tree = compile(script.read_text(encoding="utf-8"), str(script), "exec", ast.PyCF_ONLY_AST)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            wanted += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            wanted += [(node.module, alias.name) for alias in node.names]
for name in names:
    importlib.import_module(name)
for module, attribute in wanted:
    loaded = importlib.import_module(module)
    if attribute is not None and not hasattr(loaded, attribute):
        importlib.import_module(module + "." + attribute)
print(len(names) + len(wanted))
"""


def _runtime_python() -> Path:
    """The python of a venv holding requirements.txt alone (built once per its content)."""
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()[:12]
    venv = RUNTIME_VENVS / digest
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    for old in RUNTIME_VENVS.glob("*") if RUNTIME_VENVS.exists() else []:
        shutil.rmtree(old, ignore_errors=True)  # venvs of older requirements.txt files
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*install, "-r", str(ROOT / "requirements.txt")], check=True, timeout=900)
    (venv / ".complete").touch()
    return python


@pytest.mark.runtime_install
def test_a_runtime_only_install_imports_everything_and_runs_the_batch_job(
    tmp_path: Path,
) -> None:
    python = _runtime_python()
    env = {**os.environ, "DEPLOY_DATA_DIR": str(tmp_path / "var"), "PYTHONNOUSERSITE": "1"}
    for name in ("DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(name, None)
    # The batch job (mostly waiting for its Dask cluster) runs while the imports are checked.
    batch = subprocess.Popen(
        [str(python), "-m", "deploycore.scenarios.forecasting", "--week", "150"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        imported = subprocess.run(
            [str(python), "-c", IMPORT_EVERYTHING],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        out, err = batch.communicate(timeout=300)
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert int(imported.stdout.split()[-1]) > 50
    assert batch.returncode == 0, err[-3000:]
    assert '"status": "succeeded"' in out
    assert (tmp_path / "var" / "forecasts").is_dir()
