"""docs/ARCHITECTURE.md's module map matches the code: every module is on it, imports point down.

The map lists the modules and packages of ``workbench/`` top down; a module imports (at module
level) only modules on its own line or below it. Imports inside functions are the documented
way up (``pdf`` imports ``laporan`` only when it prints) and are not checked.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "workbench"
ENTRY = re.compile(r"^(\w+)(\.py|/)$")


def _map_lines() -> list[set[str]]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("```", 2)[1]
    lines = []
    for line in block.splitlines():
        if not line or line.startswith(" "):
            continue  # a package's inside or a continued description
        names = set()
        for token in line.split():
            m = ENTRY.match(token)
            if not m:
                break
            names.add(m.group(1))
        if names:
            lines.append(names)
    return lines


def _group(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _module_imports(path: Path, name: str) -> set[str]:
    """Top-level ``workbench.X`` imports of a module (including ``if TYPE_CHECKING`` ones)."""
    pkg = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = []
    for node in tree.body:
        nodes.extend(node.body if isinstance(node, ast.If) else [node])
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = pkg.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            if base == "workbench":
                found.update(f"workbench.{a.name}" for a in node.names)
    return {m for m in found if m.startswith("workbench.")}


def _modules() -> dict[str, Path]:
    out = {}
    for p in PKG.rglob("*.py"):
        parts = p.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = p
    return out


def test_every_module_is_on_the_map():
    on_map = set().union(*_map_lines())
    groups = {_group(n) for n in _modules()} - {"", "__main__"}
    assert sorted(groups - on_map) == []
    assert sorted(on_map - groups) == []  # and nothing on the map that is gone


def test_imports_point_down_the_map():
    lines = _map_lines()
    rank: dict[str, int] = {}
    for i, names in enumerate(lines):
        for name in names:
            rank.setdefault(name, i)  # reference/ (the data folder) comes again at the end
    upward = []
    for name, path in sorted(_modules().items()):
        g = _group(name)
        if g not in rank:
            continue
        for dep in _module_imports(path, name):
            d = _group(dep)
            if d != g and d in rank and rank[d] < rank[g]:
                upward.append(f"{name} imports {dep} (listed above it)")
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The scan is not vacuous: an upward import is found."""
    p = tmp_path / "x.py"
    p.write_text("from workbench.cli import app\nimport workbench.laporan\n", encoding="utf-8")
    assert _module_imports(p, "workbench.teks") == {"workbench.cli", "workbench.laporan"}
    assert len(_map_lines()) >= 15


def test_no_module_is_a_mixed_room():
    """No file over ~800 lines, except recommendations (one concept, asked to stay one file)."""
    big = {str(p.relative_to(ROOT)): n for p in PKG.rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 800}  # fmt: skip
    assert set(big) <= {"workbench/laporan/rekomendasi.py"}, big
    assert all(n < 1000 for n in big.values()), big
