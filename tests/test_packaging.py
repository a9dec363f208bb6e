"""Project hygiene: one dependency list, mirrored; notebooks stripped; no data committed."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import yaml

from workbench.paths import PROJ_ROOT


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    # conda splits dask[distributed] into two packages
    wanted = (wanted - {"dask"}) | {"dask", "distributed"}
    env = yaml.safe_load((PROJ_ROOT / "environment.yml").read_text())
    listed = {_name(d).split("=")[0] for d in env["dependencies"] if isinstance(d, str)}
    listed -= {"python", "pip"}
    assert wanted - listed == set(), f"missing from environment.yml: {sorted(wanted - listed)}"
    assert listed - wanted == set(), (
        f"environment.yml lists packages pyproject.toml does not: {sorted(listed - wanted)}"
    )


def _tracked(pattern: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", pattern], cwd=PROJ_ROOT, capture_output=True, text=True, check=False
    )
    return [line for line in out.stdout.splitlines() if line]


def test_committed_notebooks_are_stripped_with_one_parameters_cell():
    notebooks = [p for p in _tracked("*.ipynb") if not p.startswith("tests/fixtures/")]
    for path in notebooks:
        nb = json.loads((PROJ_ROOT / path).read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") for c in code), f"{path} is committed with outputs"
        assert all(c.get("execution_count") is None for c in code), f"{path} has execution counts"
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path} has {len(tagged)} cells tagged 'parameters', expected 1"


def test_no_boundary_data_or_outputs_committed():
    tracked = _tracked("*")
    data = [p for p in tracked if re.search(r"\.(geojson|gpkg|shp|dbf|shx|parquet)$", p)]
    assert data == [], f"boundary/data files are committed: {data}"
    generated = [p for p in tracked if re.match(r"(output|build|\.venv|data)/", p)]
    assert generated == [], f"generated files are committed: {generated}"


def _declared(requirements: list[str]) -> set[str]:
    """Distribution names a requirement list declares; ``dask[distributed]`` declares both."""
    names = set()
    for r in requirements:
        names.add(_name(r))
        extras = re.search(r"\[([^\]]+)\]", r)
        names |= {_name(e) for e in extras.group(1).split(",")} if extras else set()
    return names


def _top_level_imports(path) -> set[str]:
    """Top-level names of the absolute imports in one module (``from a.b import c`` → ``a``)."""
    import ast

    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _undeclared(folder: str, declared: set[str]) -> dict[str, str]:
    """Third-party imports under ``folder`` whose distribution is not in ``declared``."""
    import importlib.metadata
    import sys

    dists = importlib.metadata.packages_distributions()
    root = PROJ_ROOT / folder
    local = {p.stem for p in root.rglob("*.py")} | {"workbench", "tests", "__future__"}
    missing = {}
    for path in sorted(root.rglob("*.py")):
        if "fixtures" in path.relative_to(root).parts:
            continue  # deliberately odd notebooks' helpers
        for top in _top_level_imports(path) - local - set(sys.stdlib_module_names):
            names = {_name(d) for d in dists.get(top, [])}
            if not names & declared:
                rel = path.relative_to(PROJ_ROOT)
                missing[top] = f"{rel} (distribution {sorted(names) or 'not installed'})"
    return missing


def test_every_imported_package_is_declared():
    project = tomllib.loads((PROJ_ROOT / "pyproject.toml").read_text())["project"]
    runtime = _declared(project["dependencies"])
    test = runtime | _declared(project["optional-dependencies"]["test"])
    missing = _undeclared("workbench", runtime)
    assert missing == {}, f"workbench imports packages not in [project.dependencies]: {missing}"
    missing = _undeclared("tests", test) | _undeclared("benchmarks", test)
    assert missing == {}, f"tests/benchmarks import packages not in the test extra: {missing}"


def test_the_import_scan_sees_an_undeclared_package(tmp_path, monkeypatch):
    import tests.test_packaging as me

    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "a.py").write_text(
        "import yaml\nfrom numpy.linalg import norm\nimport os\n"
    )
    monkeypatch.setattr(me, "PROJ_ROOT", tmp_path)
    assert set(me._undeclared("mod", {"numpy"})) == {"yaml"}
    assert me._undeclared("mod", {"numpy", "pyyaml"}) == {}
