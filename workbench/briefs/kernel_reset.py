"""The program a warm kernel runs: preload once at start, reset between briefs.

This module runs inside the brief kernel, never in the batch process: the init code that
:class:`workbench.briefs.kernel.WarmKernel` sends imports it and calls :func:`init`, and
before each brief the kernel calls :func:`reset`. It registers itself in ``sys.modules`` as
``_workbench_hangat`` (the name the kernel side calls it by).

:func:`init` imports the preload modules (a module that fails to import is reported, not
fatal), snapshots what a brief may change (``sys.path``, ``warnings`` filters, ``os.environ``,
matplotlib ``rcParams``) and moves the imported objects out of the garbage collector's way
(``gc.freeze``). :func:`reset` clears the user namespace and the execution counter
(``get_ipython().reset(new_session=True)``; imported modules stay), closes figures,
restores the snapshot and pandas options, reseeds ``random`` and ``numpy.random`` from
entropy and changes to the brief's working directory.
"""

from __future__ import annotations

import gc
import importlib
import os
import random
import sys
import warnings
from collections.abc import Sequence
from typing import Any

#: Name under which the kernel finds this module (``__import__('_workbench_hangat')``).
ALIAS = "_workbench_hangat"

#: ``"<module>: <error>"`` for every preload module that failed to import.
gagal_impor: list[str] = []
#: State snapshotted by :func:`init` and restored by :func:`reset`.
path0: list[str] = []
filters0: list[Any] = []
environ0: dict[str, str] = {}
rc0: Any = None


def init(preload: Sequence[str]) -> list[str]:
    """Import ``preload``, snapshot the state a brief may change, freeze the imported objects.

    Args:
        preload: Module names imported once for every brief on this kernel.

    Returns:
        The import failures (``"<module>: <error name>: <message>"``), empty when none.
    """
    global path0, filters0, environ0, rc0
    sys.modules[ALIAS] = sys.modules[__name__]
    gagal_impor.clear()
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception as err:  # noqa: BLE001 - a missing optional module must not kill the kernel
            gagal_impor.append(f"{name}: {type(err).__name__}: {err}")
    path0 = list(sys.path)
    filters0 = list(warnings.filters)
    environ0 = dict(os.environ)
    rc0 = None
    if "matplotlib" in sys.modules:
        import matplotlib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rc0 = matplotlib.rcParams.copy()
    # the imported modules live as long as the kernel: move them out of the collector's way,
    # so the full collection of every reset (IPython's displayhook.flush) and the automatic
    # ones during a brief only walk what the briefs created (gc.freeze, Python >= 3.7)
    gc.collect()
    gc.freeze()
    return gagal_impor


def reset(cwd: str, shell: Any = None) -> None:
    """Clear the user namespace, restore the snapshot of :func:`init`, chdir to ``cwd``.

    Args:
        cwd: The next brief's working directory (its output folder).
        shell: The IPython shell (default: ``get_ipython()``, the kernel's own).
    """
    ip = shell if shell is not None else _get_ipython()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    ip.reset(new_session=True)
    sys.path[:] = path0
    warnings.filters[:] = filters0
    warnings._filters_mutated()
    for key in set(os.environ) - set(environ0):
        del os.environ[key]
    os.environ.update(environ0)
    if rc0 is not None:
        import matplotlib

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(rc0)
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    random.seed()
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()
    os.chdir(cwd)
    # what survived the reset's full collection (the per-kernel caches, modules a brief
    # imported) leaves the collector's way too: the next reset walks one brief's objects
    gc.freeze()


def _get_ipython() -> Any:
    from IPython import get_ipython

    ip = get_ipython()
    assert ip is not None, "kernel_reset.reset runs inside an IPython kernel"
    return ip
