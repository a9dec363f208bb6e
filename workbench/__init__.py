"""Workbench: plan synchronization (sinkronisasi) analyses for Kalimantan Tengah.

The public entry points are imported lazily, so ``import workbench`` stays cheap (the batch
runner's worker processes import it before pandas is needed)::

    from workbench import load_package, validate_path, run_analysis
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: public name -> module that defines it
_EXPORTS = {
    "load_package": "workbench.contract",
    "validate_path": "workbench.contract",
    "Package": "workbench.contract",
    "PackageError": "workbench.contract",
    "run_analysis": "workbench.analysis",
    "Hasil": "workbench.analysis",
    "load_parameters": "workbench.config",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
