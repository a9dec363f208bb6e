"""Writing a map figure to PNG."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from workbench.fileio import atomic_path
from workbench.maps.common import _RC

#: Pillow's PNG options for the figures of a page: zlib level 3 instead of 6 encodes a brief's
#: figures about 30 % faster (5–7 ms each) for files 2–4 % larger; the pixels are the same.
PNG_PIL = {"compress_level": 3}


def simpan_png(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Write ``fig`` as PNG (atomically, :func:`workbench.fileio.atomic_path`) and close it.

    Args:
        fig: a figure from this module (or any matplotlib figure).
        path: target ``.png`` path; its folder is created.
        dpi: resolution.

    Returns:
        The written path.
    """
    path = Path(path)
    with atomic_path(path) as tmp, matplotlib.rc_context(_RC):
        fig.savefig(tmp, format="png", dpi=dpi, facecolor="white")
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(fig)
    return path
