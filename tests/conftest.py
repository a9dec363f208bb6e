"""Shared fixtures. Module-specific fixtures live in the test module that uses them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from workbench.paths import PROJ_ROOT

# CI machines are small and shared: no per-example deadline, a fixed number of examples.
settings.register_profile("ci", deadline=None, max_examples=200, derandomize=True)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def shared_geodata_dir() -> Path:
    """The boundary files of ../shared/geodata (tests and CI take them from there)."""
    env = os.environ.get("WORKBENCH_SHARED_GEODATA")
    return Path(env) if env else PROJ_ROOT.parent / "shared" / "geodata"


@pytest.fixture(scope="session")
def shared_geodata() -> Path:
    """Folder holding ``kalteng_kabkota.geojson`` and ``kalteng_provinsi.geojson``."""
    d = shared_geodata_dir()
    if not (d / "kalteng_kabkota.geojson").exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the shared boundary files at {d}")
        pytest.skip(f"shared boundary files not found at {d}")
    return d
