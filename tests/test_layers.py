"""Layers point one way: models <- normalize <- extract <- lkj (orchestration, CLI).

Each folder installs as a sub-package of the one ``lkj`` namespace (see pyproject.toml), so an
import of ``lkj.X`` from inside a layer is checked against the layers it may use. ``corpus``
(the synthetic report generator) sits beside ``extract``: it may use models and normalize only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: folder -> the lkj sub-packages its modules may import (besides their own)
ALLOWED = {
    "models": set(),
    "normalize": {"lkj.models"},
    "extract": {"lkj.models", "lkj.normalize"},
    "corpus": {"lkj.models", "lkj.normalize"},
}
#: the bare folder names, which only resolve inside the checkout: never imported as such
BARE = {"models", "normalize", "extract", "corpus", "queries"}


def imports_of(path: Path, package: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parts = package.split(".")
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                if not node.module:  # from . import x -> the names may be sub-modules
                    out.extend((node.lineno, f"{module}.{a.name}") for a in node.names)
                    continue
            else:
                module = node.module or ""
            out.append((node.lineno, module))
    return out


def bad_imports(path: Path, folder: str, package: str) -> list[str]:
    """The imports of one file of ``folder`` that point up or sideways."""
    allowed = ALLOWED[folder] | {f"lkj.{folder}"}
    found = []
    for line, module in imports_of(path, package):
        top = module.split(".")[0]
        if top in BARE:
            found.append(f"{path.name}:{line} imports {module!r} (use lkj.{module})")
        elif top == "lkj" and not any(module == a or module.startswith(a + ".") for a in allowed):
            found.append(
                f"{path.name}:{line} imports {module!r}; {folder} may import {sorted(allowed)}"
            )
    return found


def violations(folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT / folder)
        package = ".".join(["lkj", folder, *rel.parts[:-1]])
        found += [
            f"{folder}/{rel.parent}/{v}".replace("/./", "/")
            for v in bad_imports(path, folder, package)
        ]
    return found


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_layer_imports_point_down(folder: str) -> None:
    assert (ROOT / folder / "__init__.py").exists()
    assert violations(folder) == []


def test_checker_catches_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import lkj.cli\nfrom lkj.extract import x\nfrom .. import PIPELINE_VERSION\nfrom .values import Value\n"
    )
    assert [m for _, m in imports_of(bad, "lkj.models")] == [
        "lkj.cli",
        "lkj.extract",
        "lkj.PIPELINE_VERSION",
        "lkj.models.values",
    ]
    assert len(bad_imports(bad, "models", "lkj.models")) == 3
    assert len(bad_imports(bad, "extract", "lkj.extract")) == 2  # lkj.extract is its own layer
    bare = tmp_path / "bare.py"
    bare.write_text("from models import Value\nimport normalize.numbers\n")
    assert len(bad_imports(bare, "extract", "lkj.extract")) == 2
