"""Maps of any measure per kab/kota: choropleth, district focus, small multiples.

Every map takes a frame keyed by ``kode_wilayah`` (Kemendagri, ``62.06``); a frame that
carries BPS codes in a ``kode_bps`` column instead is mapped through
``reference.kode_bps_ke_kemendagri()`` (never by removing the dot). Labels, legends and
titles are in Bahasa Indonesia with Indonesian number format.

Class breaks are computed once across the province with :func:`klasifikasi` (or the fixed
predikat bands for capaian) and passed to every map, so all 14 district briefs share one
legend. Missing values are hatched and labelled "tidak ada data", never drawn as zero.

Without an installed boundary layer (``workbench geodata install``) every function draws a
schematic tile map instead: one square per kab/kota placed on a grid by its capital's
approximate position, titled "peta skematik". The job never fails for lack of geodata.

Figures are built as ``matplotlib.figure.Figure`` objects, outside pyplot's registry, so a
reused kernel does not accumulate open figures; in a notebook the returned figure displays
itself. Each function sets the rcParams it needs in a ``rc_context``.

The package, by layer (each module imports only those above it): ``common`` (error,
rcParams, fixed texts), ``classify`` (class breaks, legend labels), ``values`` (one value per
kab/kota), ``geometry`` (the cached base layer, schematic tiles), ``drawing`` (patches,
labels, north arrow, scale bar, legend, titles), ``saving`` (PNG), ``figures`` (the public
maps). Everything is importable from ``workbench.maps``.
"""

from __future__ import annotations

import os
import sys

import matplotlib

if (
    "matplotlib.pyplot" not in sys.modules
    and "ipykernel" not in sys.modules
    and not (os.environ.get("MPLBACKEND"))
):
    # Non-interactive context (batch, CLI, tests): never open a window. Here, before the
    # submodules, so it runs before anything of the package draws.
    matplotlib.use("Agg")

# ``X as X``: re-exported for the modules and tests that use them, outside ``__all__``
from workbench.maps.classify import (  # noqa: E402
    CMAP_DIVERGEN as CMAP_DIVERGEN,
)
from workbench.maps.classify import (
    CMAP_PREDIKAT as CMAP_PREDIKAT,
)
from workbench.maps.classify import (
    CMAP_SEKUENSIAL as CMAP_SEKUENSIAL,
)
from workbench.maps.classify import (
    PREDIKAT as PREDIKAT,
)
from workbench.maps.classify import (
    Klasifikasi,
    klasifikasi,
)
from workbench.maps.classify import (
    _fisher_jenks as _fisher_jenks,
)
from workbench.maps.classify import (
    _mapclassify_bins as _mapclassify_bins,
)
from workbench.maps.classify import (
    predikat_bands as predikat_bands,
)
from workbench.maps.common import (  # noqa: E402
    JUDUL_SKEMATIK as JUDUL_SKEMATIK,
)
from workbench.maps.common import (
    KREDIT,
    PetaError,
)
from workbench.maps.common import (
    TIDAK_ADA_DATA as TIDAK_ADA_DATA,
)
from workbench.maps.figures import (  # noqa: E402
    Peta,
    peta_choropleth,
    peta_fokus,
    peta_kecil_berganda,
)
from workbench.maps.geometry import (  # noqa: E402
    TOLERANSI_GAMBAR as TOLERANSI_GAMBAR,
)
from workbench.maps.geometry import (
    _cache_dasar as _cache_dasar,
)
from workbench.maps.geometry import (
    _dasar as _dasar,
)
from workbench.maps.geometry import (
    _kunci_dasar as _kunci_dasar,
)
from workbench.maps.geometry import (
    _tile_skematik as _tile_skematik,
)
from workbench.maps.saving import (  # noqa: E402
    PNG_PIL as PNG_PIL,
)
from workbench.maps.saving import (
    simpan_png,
)
from workbench.maps.values import (  # noqa: E402
    _kode_kemendagri as _kode_kemendagri,
)
from workbench.maps.values import (
    nilai_per_wilayah,
)

__all__ = [
    "KREDIT",
    "Klasifikasi",
    "Peta",
    "PetaError",
    "klasifikasi",
    "nilai_per_wilayah",
    "peta_choropleth",
    "peta_fokus",
    "peta_kecil_berganda",
    "simpan_png",
]
