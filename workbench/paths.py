"""Project folders, in one place (cookiecutter-data-science style).

Every path the workbench uses is derived here, so notebooks and the CLI never spell paths.
Environment variables override the defaults where a run needs another place (tests, CI).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The project root: the folder that holds ``workbench/``, ``notebooks/`` and ``parameters/``.
PROJ_ROOT = PACKAGE_DIR.parent
REFERENCE_DIR = PACKAGE_DIR / "reference"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
TEMPLATES_DIR = NOTEBOOKS_DIR / "templates"
PARAMETERS_DIR = PROJ_ROOT / "parameters"


def geodata_dir() -> Path:
    """Folder where installed boundary layers live (git-ignored).

    ``WORKBENCH_GEODATA_DIR`` overrides the default ``geodata/installed`` so that tests can
    install into a temporary folder.
    """
    return Path(os.environ.get("WORKBENCH_GEODATA_DIR", PROJ_ROOT / "geodata" / "installed"))


def output_dir() -> Path:
    """Default root for batch outputs (git-ignored); ``WORKBENCH_OUTPUT_DIR`` overrides it."""
    return Path(os.environ.get("WORKBENCH_OUTPUT_DIR", PROJ_ROOT / "output"))


def sample_dir() -> Path:
    """Where the built-in synthetic sample package is generated (git-ignored)."""
    return Path(os.environ.get("WORKBENCH_SAMPLE_DIR", PROJ_ROOT / "build" / "data-contoh"))
