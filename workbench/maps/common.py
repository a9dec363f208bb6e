"""What every part of the maps package shares: the error, the rcParams, the fixed texts.

The bottom of :mod:`workbench.maps`: it imports nothing from the package.
"""

from __future__ import annotations

from workbench import geo
from workbench.errors import WorkbenchError

KREDIT = geo.KREDIT
TIDAK_ADA_DATA = "tidak ada data"
JUDUL_SKEMATIK = "Peta skematik: bukan batas wilayah sebenarnya"

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titley": 1.0,  # no automatic title placement (see laporan.display.RC_BRIEF)
    "legend.fontsize": 8.5,
    "legend.title_fontsize": 9,
    "legend.frameon": True,
    "legend.framealpha": 0.9,
    "hatch.linewidth": 0.8,
    "hatch.color": "#555555",
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "text.color": "#222222",
    "path.simplify": True,
}


class PetaError(WorkbenchError, ValueError):
    """A frame cannot be mapped (unknown codes, duplicates, non-numeric values)."""
