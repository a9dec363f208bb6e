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
