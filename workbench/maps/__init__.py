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
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.polygon import orient

from workbench import geo, reference
from workbench.errors import WorkbenchError
from workbench.teks import format_angka, nama_wilayah

if (
    "matplotlib.pyplot" not in sys.modules
    and "ipykernel" not in sys.modules
    and not (os.environ.get("MPLBACKEND"))
):
    # Non-interactive context (batch, CLI, tests): never open a window.
    matplotlib.use("Agg")

from matplotlib import patheffects  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch, PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

log = logging.getLogger(__name__)

KREDIT = geo.KREDIT
TIDAK_ADA_DATA = "tidak ada data"
JUDUL_SKEMATIK = "Peta skematik: bukan batas wilayah sebenarnya"


def predikat_bands(predikat: Any = None) -> tuple[tuple[str, float, float], ...]:
    """Predikat bands as half-open intervals [a, b), from the analysis' parameters.

    Args:
        predikat: A :class:`workbench.config.Predikat`, its ``model_dump()`` (as
            ``Hasil.predikat`` returns it), or None for the defaults (Permendagri 86/2017
            scale: 51, 66, 76, 91).

    Returns:
        ``(label, lower, upper)`` per band, lowest first: the same edges
        :func:`workbench.capaian.predikat` cuts with, so the legend matches the tables.
    """
    from workbench.config import Predikat

    if predikat is None:
        p = Predikat()
    elif isinstance(predikat, Predikat):
        p = predikat
    else:
        p = Predikat(**dict(predikat))
    e = [-math.inf, p.rendah, p.sedang, p.tinggi, p.sangat_tinggi, math.inf]
    nama = ("Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi")
    return tuple((n, e[i], e[i + 1]) for i, n in enumerate(nama))


#: The default predikat bands (Permendagri 86/2017 evaluation scale), half-open [a, b).
PREDIKAT = predikat_bands()

#: Colour maps (ColorBrewer, colour-blind safe): sequential for magnitudes, diverging for
#: signed gaps and for the predikat scale (low = red, high = blue).
CMAP_SEKUENSIAL = "YlGnBu"
CMAP_DIVERGEN = "RdBu_r"
CMAP_PREDIKAT = "RdYlBu"

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
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
_WARNA_TAD = "#f4f4f4"  # face of "tidak ada data", under grey hatching
_HATCH_TAD = "////"
_GARIS = "#ffffff"
_GARIS_PROVINSI = "#333333"
_KM_PER_DERAJAT = 111.32  # km per degree of latitude (and of longitude at the equator)

_peringatan_skematik_sudah = False


class PetaError(WorkbenchError, ValueError):
    """A frame cannot be mapped (unknown codes, duplicates, non-numeric values)."""


#: Pillow's PNG options for the figures of a page: zlib level 3 instead of 6 encodes a brief's
#: figures about 30 % faster (5–7 ms each) for files 2–4 % larger; the pixels are the same.
PNG_PIL = {"compress_level": 3}


class Peta(Figure):
    """A map figure that displays itself in a notebook.

    The figures are made outside pyplot (no registry to leak from in a reused kernel, no
    double display), so the inline backend's display hook may not know them: a kernel that
    never imported pyplot would print ``<Figure ...>``. ``_repr_png_`` renders the PNG.
    """

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        with matplotlib.rc_context(_RC):
            self.savefig(buf, format="png", dpi=100, facecolor="white",
                         pil_kwargs=PNG_PIL)  # fmt: skip
        return buf.getvalue()


# --- numbers -----------------------------------------------------------------------------
def _desimal(values: Sequence[float], *, unik: bool = True) -> int:
    """Decimals for labels: by the span (≥ 100: 0, ≥ 5: 1, else 2), raised up to 3.

    Raised until no non-zero value prints as zero and, with ``unik``, distinct values stay
    distinct.
    """
    finite = sorted({float(v) for v in values if np.isfinite(v)})
    span = (finite[-1] - finite[0]) if finite else 0
    d = 0 if span >= 100 else 1 if span >= 5 else 2
    while d < 3:
        texts = [f"{v:.{d}f}" for v in finite]
        zero = any(v != 0 and float(t) == 0 for v, t in zip(finite, texts, strict=True))
        if not zero and (not unik or len(set(texts)) == len(texts)):
            break
        d += 1
    return d


# --- classification ----------------------------------------------------------------------
@dataclass(frozen=True)
class Klasifikasi:
    """Class breaks shared by every map of one measure.

    Attributes:
        tepi: the k-1 inner edges between k classes.
        label: the k legend labels (Indonesian).
        skema: how the breaks were made.
        tertutup_kiri: intervals are ``[a, b)`` (predikat) instead of ``(a, b]`` (mapclassify).
        divergen: values on both sides of 0 (signed gaps): a diverging colour map is used.
    """

    tepi: tuple[float, ...]
    label: tuple[str, ...]
    skema: str
    tertutup_kiri: bool = False
    divergen: bool = False
    pusat: tuple[float, ...] = ()  # a representative value per class (for diverging colours)
    desimal: int = 1  # decimals of the legend, used for the values written on the map

    @property
    def k(self) -> int:
        """Number of classes."""
        return len(self.label)

    def kelas(self, values: Sequence[float] | pd.Series | np.ndarray) -> np.ndarray:
        """Class index per value (0 = lowest); -1 for a missing value."""
        v = np.asarray(values, dtype=float)
        side = "right" if self.tertutup_kiri else "left"
        idx = np.searchsorted(np.asarray(self.tepi, dtype=float), v, side=side)
        return np.where(np.isnan(v), -1, idx)

    def warna(self, cmap: str | None = None) -> list[str]:
        """One hex colour per class."""
        import matplotlib as mpl

        if self.skema == "predikat":
            cm = mpl.colormaps[cmap or CMAP_PREDIKAT]
            return [to_hex(cm(x)) for x in np.linspace(0.05, 0.95, self.k)]
        if self.divergen:
            # Negative classes take the blue half, positive ones the red half, by rank: each
            # side runs from a light tint near the centre (never white, which would read as
            # "no value") to a dark end (clipped, so labels stay legible).
            cm = mpl.colormaps[cmap or CMAP_DIVERGEN]
            n_neg = sum(1 for c in self.pusat if c <= 0)
            n_pos = self.k - n_neg
            neg = np.linspace(0.08, 0.36, n_neg) if n_neg > 1 else np.array([0.3] * n_neg)
            pos = np.linspace(0.64, 0.92, n_pos) if n_pos > 1 else np.array([0.7] * n_pos)
            return [to_hex(cm(float(x))) for x in (*neg, *pos)]
        cm = mpl.colormaps[cmap or CMAP_SEKUENSIAL]
        return [to_hex(cm(x)) for x in np.linspace(0.15, 0.9, self.k)]


def klasifikasi(
    values: Sequence[float] | pd.Series | np.ndarray,
    skema: str = "natural_breaks",
    k: int = 5,
    predikat: Any = None,
    bulat: bool = False,
) -> Klasifikasi:
    """Class breaks computed once over all kab/kota values, for a legend every brief shares.

    Args:
        values: the measure for every unit (all panels, all years) at once; NaN ignored.
        skema: ``natural_breaks`` / ``fisher_jenks`` (Jenks natural breaks by the exact
            Fisher-Jenks algorithm of mapclassify ``FisherJenks``, see :func:`_fisher_jenks`:
            deterministic),
            ``quantiles`` (mapclassify ``Quantiles``), ``equal_interval``, or ``predikat``
            (fixed bands for capaian, %: Sangat Rendah < 51, Rendah [51, 66), Sedang [66, 76),
            Tinggi [76, 91), Sangat Tinggi ≥ 91; Permendagri 86/2017 scale).
        k: number of classes (reduced to the number of distinct values when fewer).
        predikat: for ``predikat``, the bands the analysis used (see :func:`predikat_bands`;
            pass ``hasil.predikat``); None: the defaults.
        bulat: the measure is a count (whole numbers): classes read as whole-number ranges
            (``0``, ``1 – 2``, ``3 – 8``) and values print without decimals.

    Returns:
        A :class:`Klasifikasi` to pass as ``breaks=`` to the map functions.

    Raises:
        PetaError: unknown scheme, or no finite value to classify.
    """
    if skema == "predikat":
        bands = predikat_bands(predikat)
        a = [format_angka(b, 0 if float(b).is_integer() else 1) for _, _, b in bands[:-1]]
        return Klasifikasi(
            tepi=tuple(b for _, _, b in bands[:-1]),
            label=(
                f"{bands[0][0]} (< {a[0]} %)",
                *(f"{bands[i][0]} ({a[i - 1]} – < {a[i]} %)" for i in range(1, 4)),
                f"{bands[4][0]} (≥ {a[3]} %)",
            ),
            skema="predikat",
            tertutup_kiri=True,
        )
    v = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce"), dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0:
        raise PetaError("no numeric value to classify (all missing).")
    k = max(1, min(k, len(np.unique(v))))
    lo, hi = float(v.min()), float(v.max())
    if lo < 0 < hi and k >= 2:
        tepi = _tepi_divergen(v, skema, k)
    else:
        tepi = tuple(float(b) for b in _mapclassify_bins(v, skema, k)[:-1])
    if bulat:
        if not np.all(v == np.round(v)):
            raise PetaError("bulat=True needs whole numbers (counts); got fractional values.")
        tepi = tuple(float(np.floor(t)) for t in tepi)
        return Klasifikasi(tepi=tepi, label=_label_bulat(lo, hi, tepi), skema=skema, desimal=0)
    # decimals: distinct edges, and no non-zero value of the data printed as 0
    d = max(_desimal([lo, hi, *tepi]), _desimal(v.tolist(), unik=False))
    f = lambda x: format_angka(x, d)  # noqa: E731
    if len(tepi) == 0:
        label = (f"{f(lo)} – {f(hi)}",) if lo != hi else (f(lo),)
    else:
        label = (
            f"≤ {f(tepi[0])}",
            *(f"{f(a)} – {f(b)}" for a, b in zip(tepi[:-1], tepi[1:], strict=True)),
            f"> {f(tepi[-1])}",
        )
    edges = [lo, *tepi, hi]
    pusat = tuple((a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True))
    return Klasifikasi(
        tepi=tepi, label=label, skema=skema, divergen=lo < 0 < hi, pusat=pusat, desimal=d
    )


def _label_bulat(lo: float, hi: float, tepi: tuple[float, ...]) -> tuple[str, ...]:
    """Whole-number class labels for (a, b] classes: ``0``, ``1 – 2``, ``3 – 8``."""
    f = lambda x: format_angka(x, 0)  # noqa: E731
    edges = [lo - 1, *tepi]
    label = [f(b) if a + 1 == b else f"{f(a + 1)} – {f(b)}" for a, b in pairwise(edges)]
    if tepi:
        label.append(f(hi) if tepi[-1] + 1 == hi else f"{f(tepi[-1] + 1)} – {f(hi)}")
    elif lo != hi:
        label = [f"{f(lo)} – {f(hi)}"]
    else:
        label = [f(lo)]
    return tuple(label)


def _tepi_divergen(v: np.ndarray, skema: str, k: int) -> tuple[float, ...]:
    """Inner edges for signed values (gaps) with 0 always an edge, so no class straddles 0.

    The k classes are shared between the negative side (values ≤ 0) and the positive side in
    proportion to their counts, at least one each; each side is classified on its own.
    """
    neg, pos = v[v <= 0], v[v > 0]
    k_neg = min(max(1, round(k * len(neg) / len(v))), k - 1, len(np.unique(neg)))
    k_pos = min(k - k_neg, len(np.unique(pos)))
    inner_neg = [float(b) for b in _mapclassify_bins(neg, skema, k_neg)[:-1]]
    inner_pos = [float(b) for b in _mapclassify_bins(pos, skema, k_pos)[:-1]]
    return (*inner_neg, 0.0, *inner_pos)


def _mapclassify_bins(v: np.ndarray, skema: str, k: int) -> np.ndarray:
    if k == 1:
        return np.array([v.max()])
    if skema in ("natural_breaks", "fisher_jenks"):
        # sorted and distinct: FisherJenks has returned unsorted bins when k equals the
        # number of distinct values
        return np.unique(_fisher_jenks(np.sort(np.asarray(v, dtype="f8")), k))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed", "not enough unique values"
        import mapclassify as mc

        if skema == "quantiles":
            return np.unique(np.asarray(mc.Quantiles(v, k=k).bins))
        if skema == "equal_interval":
            return np.asarray(mc.EqualInterval(v, k=k).bins)
    raise PetaError(
        f"unknown classification scheme {skema!r}; expected natural_breaks, fisher_jenks, "
        "quantiles, equal_interval or predikat."
    )


def _fisher_jenks(values: np.ndarray, classes: int) -> np.ndarray:
    """Upper bounds of the Fisher-Jenks optimal classes of sorted ``values``.

    The algorithm of mapclassify's ``FisherJenks`` (``_fisher_jenks_means``, mapclassify
    2.x, BSD-3-Clause, (c) PySAL developers), step for step and in the same float32
    arithmetic, so that ties break the same way (tests/test_maps.py compares both). Here
    because importing mapclassify imports ``scipy.stats``: 1.5 to 2.5 s in every brief
    kernel and in the batch process, for the one classifier the briefs use.
    """
    n_data = len(values)
    mat1 = np.zeros((n_data + 1, classes + 1), dtype=np.int32)
    mat2 = np.zeros((n_data + 1, classes + 1), dtype=np.float32)
    mat1[1, 1:] = 1
    mat2[2:, 1:] = np.inf
    v = np.float32(0)
    for el in range(2, n_data + 1):
        s1 = s2 = w = np.float32(0)
        for m in range(1, el + 1):
            i3 = el - m + 1
            val = np.float32(values[i3 - 1])
            s2 += val * val
            s1 += val
            w += np.float32(1)
            v = s2 - (s1 * s1) / w
            i4 = i3 - 1
            if i4 != 0:
                for j in range(2, classes + 1):
                    if mat2[el, j] >= (v + mat2[i4, j - 1]):
                        mat1[el, j] = i3
                        mat2[el, j] = v + mat2[i4, j - 1]
        mat1[el, 1] = 1
        mat2[el, 1] = v
    kk = n_data
    kclass = np.zeros(classes + 1, dtype=values.dtype)
    kclass[classes] = values[n_data - 1]
    kclass[0] = values[0]
    for count_num in range(classes, 1, -1):
        pivot = mat1[kk, count_num]
        kclass[count_num - 1] = values[int(pivot - 2)]
        kk = int(pivot - 1)
    return np.delete(kclass, 0)


# --- values ------------------------------------------------------------------------------
_POLA_KEMENDAGRI = re.compile(r"^62(\.\d{2})?$")


def _kode_kemendagri(frame: pd.DataFrame) -> pd.Series:
    """Kemendagri codes of the rows: ``kode_wilayah`` as given, or ``kode_bps`` via crosswalk."""
    if "kode_wilayah" in frame.columns:
        kode = frame["kode_wilayah"].astype("string").str.strip()
        bad = kode[~kode.fillna("").str.match(_POLA_KEMENDAGRI)]
        if len(bad):
            raise PetaError(
                f"kode_wilayah {sorted(set(bad.fillna('<kosong>')))[:5]} (rows "
                f"{list(bad.index[:5])}) is not a Kemendagri code (62.xx). If these are BPS "
                "codes (62xx), pass them in a column named kode_bps: they are mapped through "
                "the crosswalk, never by adding a dot."
            )
        return kode
    if "kode_bps" in frame.columns:
        crosswalk = reference.kode_bps_ke_kemendagri()
        bps = frame["kode_bps"].astype("string").str.strip()
        unknown = bps[~bps.isin(list(crosswalk))]
        if len(unknown):
            raise PetaError(
                f"kode_bps {sorted(set(unknown.fillna('<kosong>')))[:5]} (rows "
                f"{list(unknown.index[:5])}) is not a BPS code of Kalimantan Tengah."
            )
        return bps.map(crosswalk)
    raise PetaError(
        f"the frame has no kode_wilayah (Kemendagri) or kode_bps column; columns are "
        f"{list(frame.columns)}."
    )


def nilai_per_wilayah(frame: pd.DataFrame, kolom: str) -> pd.Series:
    """One value per kab/kota (Kemendagri code index, all 14, NaN where missing).

    Args:
        frame: rows keyed by ``kode_wilayah`` (or ``kode_bps``); province rows (``62``) are
            not mapped and are reported with a warning.
        kolom: the numeric column to map.

    Returns:
        Series indexed by the 14 Kemendagri codes in code order.

    Raises:
        PetaError: missing column, unknown or duplicate codes, non-numeric values.
    """
    if kolom not in frame.columns:
        raise PetaError(f"column {kolom!r} is not in the frame; columns are {list(frame.columns)}.")
    kode = _kode_kemendagri(frame)
    semua = reference.kode_kabkota()
    prov = kode == "62"
    if prov.any():
        warnings.warn(
            f"{int(prov.sum())} province row(s) (kode 62) not drawn: the map shows kab/kota.",
            stacklevel=3,
        )
    kode = kode[~prov]
    unknown = sorted(set(kode) - set(semua))
    if unknown:
        raise PetaError(
            f"kode_wilayah {unknown} is not one of the 14 kab/kota of Kalimantan Tengah."
        )
    dup = sorted(kode[kode.duplicated()].unique())
    if dup:
        raise PetaError(
            f"more than one row for {dup} in column {kolom!r}: a map needs one value per "
            "kab/kota (filter the frame to one year / bidang first, or use peta_kecil_berganda)."
        )
    raw = frame.loc[kode.index, kolom]
    values = pd.to_numeric(raw, errors="coerce")
    bad = raw[values.isna() & raw.notna()]
    if len(bad):
        raise PetaError(
            f"column {kolom!r} holds non-numeric values {list(bad[:5])} "
            f"(rows {list(bad.index[:5])})."
        )
    return pd.Series(values.to_numpy(dtype=float), index=kode.to_numpy()).reindex(semua)


# --- geometry source ---------------------------------------------------------------------
#: Tolerance (degrees) of the one-time simplification of the boundaries for drawing
#: (Douglas-Peucker, topology preserved: no point moves further): 0.0008° (about 90 m) is under
#: half a pixel at the closest zoom of a brief (the district-focus map of Kota Palangka Raya,
#: about 550 px per degree at 100 dpi) and a tenth of a pixel on a province map. The shared
#: BIG layer drops from about 25,000 to 6,700 vertices.
TOLERANSI_GAMBAR = 0.0008


@dataclass(frozen=True)
class _Dasar:
    """What a map is drawn on: real boundaries or schematic tiles (both lon/lat).

    Built once per process and boundary file (:func:`_dasar`), with what every map derives
    from the geometry and would otherwise recompute per figure: the units' matplotlib paths,
    label points and neighbours. Shared by every map: read it, never modify it.
    """

    unit: object  # GeoDataFrame-like: kode, nama, jenis, geometry (simplified for drawing)
    provinsi: object | None
    skematik: bool
    alasan: str = ""  # why the schematic map is used
    jalur: dict[str, MplPath] = field(default_factory=dict)  # kode -> path of the unit
    jalur_provinsi: MplPath | None = None
    titik: dict[str, Any] = field(default_factory=dict)  # kode -> label point
    tetangga: dict[str, frozenset[str]] = field(default_factory=dict)  # kode -> units touching


_cache_dasar: dict[tuple, _Dasar] = {}


def _kunci_dasar() -> tuple:
    """What the base layer depends on: the installed file (path, mtime, size), or its absence."""
    from workbench.paths import geodata_dir

    path = geodata_dir() / geo.BERKAS
    try:
        st = path.stat()
    except FileNotFoundError:
        return (str(path), None, None, TOLERANSI_GAMBAR)
    return (str(path), st.st_mtime_ns, st.st_size, TOLERANSI_GAMBAR)


def _dasar() -> _Dasar:
    """The base layer, from the per-process cache (rebuilt when the installed file changes)."""
    key = _kunci_dasar()
    dasar = _cache_dasar.get(key)
    if dasar is None:
        dasar = _cache_dasar[key] = _bangun_dasar()
    if dasar.skematik:
        _peringatan_skematik(dasar.alasan)  # once per process (tests reset the flag)
    return dasar


def _bangun_dasar() -> _Dasar:
    try:
        unit = geo.load_boundaries()
        prov = geo.load_provinsi() if unit is not None else None
        alasan = "no boundary layer is installed"
    except geo.GeodataError as exc:
        alasan = f"the installed boundary layer is damaged ({exc})"
        unit = None
    if unit is None:
        unit = _tile_skematik()
        return _Dasar(unit=unit, provinsi=None, skematik=True, alasan=alasan,
                      **_turunan(unit, None, skematik=True))  # fmt: skip
    # neighbours need their full geometry (a simplified edge may miss a touching corner)
    tetangga = _tetangga(unit, 0.02)
    unit = unit.set_geometry(_sederhanakan(unit.geometry.to_numpy()), crs=unit.crs)
    if prov is not None:
        prov = prov.set_geometry(_sederhanakan(prov.geometry.to_numpy()), crs=prov.crs)
    return _Dasar(unit=unit, provinsi=prov, skematik=False,
                  **_turunan(unit, prov, skematik=False), tetangga=tetangga)  # fmt: skip


def _sederhanakan(geoms: np.ndarray) -> np.ndarray:
    """Simplify once for drawing: at most :data:`TOLERANSI_GAMBAR` off, still valid."""
    return shapely.simplify(geoms, TOLERANSI_GAMBAR, preserve_topology=True)


def _tetangga(unit, dekat: float) -> dict[str, frozenset[str]]:
    """The units within ``dekat`` degrees of each unit (itself included)."""
    return {
        k: frozenset(unit.loc[unit.geometry.intersects(g.buffer(dekat)), "kode"])
        for k, g in zip(unit["kode"], unit.geometry, strict=True)
    }


def _turunan(unit, prov, *, skematik: bool) -> dict[str, Any]:
    """Paths and label points of every unit (what each map used to recompute)."""
    geoms = dict(zip(unit["kode"], unit.geometry, strict=True))
    out = {
        "jalur": {k: _mpl_path(g) for k, g in geoms.items()},
        "jalur_provinsi": _mpl_path(prov.geometry.iloc[0]) if prov is not None else None,
        "titik": {k: g.centroid if skematik else _titik_label(g) for k, g in geoms.items()},
    }
    if skematik:
        out["tetangga"] = _tetangga(unit, 0.1)
    return out


def _peringatan_skematik(reason: str) -> None:
    global _peringatan_skematik_sudah
    if _peringatan_skematik_sudah:
        return
    _peringatan_skematik_sudah = True
    msg = (
        f"{reason}: maps are drawn as a schematic tile map (peta skematik). Install the real "
        "boundaries with `workbench geodata install --from "
        "../shared/geodata/kalteng_kabkota.geojson` "
        "(or `workbench geodata install` for the pinned BIG download); see geodata/README.md."
    )
    # one plain line (the logging module's last-resort handler prints it to stderr when
    # nothing is configured, as in a notebook), not a UserWarning with a source path
    log.warning(msg)


_UKURAN_TILE = 0.62  # degrees; grid step of the schematic map


def _tile_skematik():
    """One square per kab/kota on a grid, placed by its capital's approximate lon/lat.

    Each capital is snapped to the nearest free grid cell (units taken north to south, then
    west to east); a taken cell sends the unit to the nearest free one, so tiles never overlap
    and the layout keeps the rough geography (Murung Raya north-east, Sukamara west).
    """
    import geopandas as gpd

    w = reference.load_wilayah()
    w = w[w["jenis"] != "Provinsi"].sort_values(["lat", "lon"], ascending=[False, True])
    s = _UKURAN_TILE
    taken: dict[tuple[int, int], str] = {}
    rows = []
    for r in w.itertuples():
        want = (round(r.lon / s), round(r.lat / s))
        candidates = sorted(
            ((want[0] + dx, want[1] + dy) for dx in range(-3, 4) for dy in range(-3, 4)),
            key=lambda c: (
                math.hypot(c[0] * s - r.lon, c[1] * s - r.lat),
                c,
            ),
        )
        cell = next(c for c in candidates if c not in taken)
        taken[cell] = r.kode
        x, y = cell[0] * s, cell[1] * s
        g = 0.03  # gap between tiles
        rows.append(
            {
                "kode": r.kode,
                "kode_bps": r.kode_bps,
                "nama": r.nama,
                "jenis": r.jenis,
                "geometry": shapely.box(x - s / 2 + g, y - s / 2 + g, x + s / 2 - g, y + s / 2 - g),
            }
        )
    return (
        gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)
        .sort_values("kode")
        .reset_index(drop=True)
    )


# --- drawing -----------------------------------------------------------------------------
def _tambah(ax: Axes, artist) -> None:
    """Add a patch without ``add_patch``'s data-limit update.

    That update computes Bezier extents of every vertex (seconds per map); the map functions
    set the limits themselves.
    """
    ax.add_artist(artist)


def _mpl_path(geom) -> MplPath:
    """A compound matplotlib path for a (multi)polygon: exteriors CCW, holes CW (nonzero fill)."""
    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        poly = orient(poly, sign=1.0)
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            c = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
            c[0], c[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes), readonly=True)


def _nama_peta(nama: str, jenis: str) -> str:
    """Map label: ``Palangka Raya`` for the city (its tile/polygon says Kota), wrapped."""
    label = nama.removeprefix("Kota ") if jenis == "Kota" else nama
    return textwrap.fill(label, width=12, break_long_words=False)


def _titik_label(geom):
    """A point well inside the largest part (polylabel), for the label."""
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geom), key=lambda p: p.area)
    return polylabel(largest, tolerance=0.01)


# Nudges (degrees) for labels that collide on the real map: small units in the centre.
_GESER_LABEL = {
    "62.71": (0.05, 0.0),
    "62.11": (0.0, -0.15),
    "62.06": (-0.1, 0.15),
    "62.08": (-0.12, -0.03),
}

_HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


def _gambar_unit(
    ax: Axes,
    dasar: _Dasar,
    values: pd.Series | None,
    klas: Klasifikasi | None,
    cmap: str | None,
    *,
    label: bool = True,
    tampil_nilai: bool = True,
    fokus: str | None = None,
    warna_tetap: dict[str, str] | None = None,
) -> None:
    """Draw every unit as one patch (``gid`` = Kemendagri code) coloured by its class."""
    unit = dasar.unit
    warna_kelas = klas.warna(cmap) if klas is not None else []
    kelas = (
        pd.Series(klas.kelas(values.to_numpy()), index=values.index)
        if (klas is not None and values is not None)
        else None
    )
    d = klas.desimal if klas is not None else 1
    for r in unit.itertuples():
        hatch = None
        if warna_tetap is not None:
            face = warna_tetap.get(r.kode, "#e6e6e6")
        elif kelas is not None and kelas[r.kode] >= 0:
            face = warna_kelas[int(kelas[r.kode])]
        elif kelas is not None:
            face, hatch = _WARNA_TAD, _HATCH_TAD
        else:
            face = "#e6e6e6"
        patch = PathPatch(
            dasar.jalur[r.kode],
            facecolor=face,
            edgecolor="#666666" if hatch else _GARIS,
            hatch=hatch,
            linewidth=0.6,
            zorder=1,
            label=r.nama,
        )
        if hatch:
            patch.set_hatchcolor("#555555")
        patch.set_gid(r.kode)
        _tambah(ax, patch)
    # unit boundaries on top of the fills (hatched units drew grey edges for their hatch)
    for r in unit.itertuples():
        _tambah(
            ax,
            PathPatch(dasar.jalur[r.kode], fill=False, edgecolor=_GARIS, linewidth=0.7, zorder=2),
        )
    if fokus is not None:
        _tambah(
            ax,
            PathPatch(dasar.jalur[fokus], fill=False, edgecolor="#000000", linewidth=2.2, zorder=4),
        )
    if dasar.jalur_provinsi is not None:
        _tambah(
            ax,
            PathPatch(
                dasar.jalur_provinsi,
                fill=False,
                edgecolor=_GARIS_PROVINSI,
                linewidth=1.1,
                zorder=3,
            ),
        )
    if label:
        _label_unit(ax, dasar, values if tampil_nilai else None, d)


def _label_unit(ax: Axes, dasar: _Dasar, values: pd.Series | None, d: int) -> None:
    for r in dasar.unit.itertuples():
        p = dasar.titik[r.kode]
        dx, dy = (0.0, 0.0) if dasar.skematik else _GESER_LABEL.get(r.kode, (0.0, 0.0))
        text = _nama_peta(r.nama, r.jenis)
        if values is not None:
            v = values.get(r.kode, np.nan)
            text += "\n" + (format_angka(v, d) if np.isfinite(v) else "t.a.d.")
        ax.text(
            p.x + dx,
            p.y + dy,
            text,
            ha="center",
            va="center",
            fontsize=7,
            linespacing=1.05,
            zorder=5,
            path_effects=_HALO,
            clip_on=True,
        )


def _atur_sumbu(ax: Axes, bounds: Sequence[float], margin: float = 0.04) -> None:
    minx, miny, maxx, maxy = bounds
    mx, my = (maxx - minx) * margin, (maxy - miny) * margin
    ax.set_xlim(minx - mx, maxx + mx)
    ax.set_ylim(miny - my, maxy + my)
    # lon/lat drawn with the local scale: 1 degree of longitude is cos(lat) of one of latitude
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_axis_off()


def _isi_sumbu(ax: Axes, box: Sequence[float]) -> tuple[float, float, float, float]:
    """Widen the shorter side of a lon/lat ``box`` so that it fills the axes' shape.

    With the aspect 1/cos(lat) (see :func:`_atur_sumbu`), a box of w × h degrees is drawn
    w·cos(lat) : h; the axes' own width : height is matched by widening w or h about the centre.
    """
    minx, miny, maxx, maxy = box
    pos = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    target = (pos.width * fig_w) / (pos.height * fig_h)
    k = math.cos(math.radians((miny + maxy) / 2))
    w, h = (maxx - minx) * k, maxy - miny
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if w / h < target:
        w = h * target
    else:
        h = w / target
    return (cx - w / k / 2, cy - h / 2, cx + w / k / 2, cy + h / 2)


def _panah_utara(ax: Axes, x: float = 0.95, y: float = 0.86) -> None:
    ax.annotate(
        "",
        xy=(x, y + 0.08),
        xytext=(x, y),
        xycoords="axes fraction",
        arrowprops={
            "facecolor": "#222222",
            "edgecolor": "white",  # a thin halo, readable over any fill
            "linewidth": 0.8,
            "width": 2.5,
            "headwidth": 9,
            "headlength": 9,
        },
        zorder=6,
    )
    ax.text(
        x,
        y + 0.095,
        "U",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=10,
        fontweight="bold",
        path_effects=_HALO,
        zorder=6,
    )


def _skala(ax: Axes, km: float | None = None) -> None:
    """Scale bar at the lower right: km per degree of longitude = 111.32 × cos(lat)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    lat = (y0 + y1) / 2
    km_per_deg = _KM_PER_DERAJAT * math.cos(math.radians(lat))
    width_km = (x1 - x0) * km_per_deg
    if km is None:
        km = next(c for c in (500, 200, 100, 50, 20, 10, 5, 2, 1) if c <= width_km / 4)
    length = km / km_per_deg
    xe = x1 - (x1 - x0) * 0.04
    xs = xe - length
    yb = y0 + (y1 - y0) * 0.035
    h = (y1 - y0) * 0.008
    for i in range(2):
        _tambah(
            ax,
            Rectangle(
                (xs + i * length / 2, yb),
                length / 2,
                h,
                zorder=6,
                facecolor="#222222" if i == 0 else "white",
                edgecolor="#222222",
                linewidth=0.6,
            ),
        )
    for xv, t in ((xs, "0"), (xe, f"{format_angka(km, 0)} km")):
        ax.text(
            xv, yb + 2.2 * h, t, ha="center", va="bottom", fontsize=7, zorder=6, path_effects=_HALO
        )


def _legenda(
    target, klas: Klasifikasi, cmap: str | None, satuan: str | None, n_tad: int, **kwargs
) -> None:
    handles = [
        Patch(facecolor=c, edgecolor="#999999", linewidth=0.5, label=lab)
        for c, lab in zip(klas.warna(cmap), klas.label, strict=True)
    ]
    if n_tad:
        handles.append(
            Patch(
                facecolor=_WARNA_TAD,
                edgecolor="#555555",
                hatch=_HATCH_TAD,
                linewidth=0.5,
                label=f"{TIDAK_ADA_DATA} ({n_tad})",
            )
        )
    title = "Predikat capaian" if klas.skema == "predikat" else "Kelas"
    if satuan and klas.skema != "predikat":
        title += f" ({satuan})"
    target.legend(handles=handles, title=title, **kwargs)


def _catatan(ax: Axes, dasar: _Dasar, y: float = -0.01) -> None:
    text = (
        "Peta skematik: satu kotak per kabupaten/kota, diletakkan menurut perkiraan letak "
        "ibu kotanya.\nBatas wilayah resmi belum dipasang pada pengolah data."
        if dasar.skematik
        else KREDIT
    )
    _teks_kiri(ax, y, text, va="top", fontsize=7, style="italic", color="#444444")


def _teks_kiri(ax: Axes, y: float, text: str, **style: Any) -> None:
    """Text at the map's left edge, ``y`` in axes units (the note below, the banner above)."""
    ax.text(0.0, y, text, transform=ax.transAxes, ha="left", **style)


def _judul(ax: Axes, judul: str | None, dasar: _Dasar) -> None:
    if judul:
        # wrapped to the map's width (12 pt bold: about 0.11 in per character), so a long
        # title never runs under the locator inset or the legend beside the map
        lebar = ax.get_position().width * ax.figure.get_figwidth()
        judul = textwrap.fill(judul, max(30, int(lebar / 0.11)), break_long_words=False)
        ax.set_title(judul, loc="left", pad=14 if dasar.skematik else 6)
    if dasar.skematik:
        _teks_kiri(ax, 1.0, JUDUL_SKEMATIK, va="bottom", fontsize=9, color="#b35806",
                   fontweight="bold")  # fmt: skip


def _klas_dan_nilai(frame, kolom, breaks) -> tuple[pd.Series, Klasifikasi]:
    values = nilai_per_wilayah(frame, kolom)
    return values, _sebagai_klasifikasi(breaks, values)


def _sebagai_klasifikasi(breaks, values: pd.Series) -> Klasifikasi:
    if isinstance(breaks, Klasifikasi):
        return breaks
    if breaks != "predikat" and not np.isfinite(pd.to_numeric(values, errors="coerce")).any():
        # nothing to classify: every unit is drawn as "tidak ada data", the map still renders
        return Klasifikasi(tepi=(), label=(), skema="kosong")
    if breaks is None:
        return klasifikasi(values)
    if isinstance(breaks, Klasifikasi):
        return breaks
    if isinstance(breaks, str):
        return klasifikasi(values, skema=breaks)
    # a plain sequence of upper bounds (mapclassify ``bins`` style)
    edges = [float(b) for b in breaks]
    lo, hi = float(np.nanmin(values)), float(np.nanmax(values))
    d = _desimal([lo, hi, *edges])
    labels = [f"≤ {format_angka(edges[0], d)}"] + [
        f"{format_angka(a, d)} – {format_angka(b, d)}"
        for a, b in zip(edges[:-1], edges[1:], strict=True)
    ]
    tepi = tuple(edges[:-1])
    if hi > edges[-1]:
        labels.append(f"> {format_angka(edges[-1], d)}")
        tepi = tuple(edges)
    ends = [min(lo, edges[0]), *edges] + ([hi] if hi > edges[-1] else [])
    pusat = tuple((a + b) / 2 for a, b in zip(ends[:-1], ends[1:], strict=True))
    return Klasifikasi(
        tepi=tepi, label=tuple(labels), skema="user", divergen=lo < 0 < hi, pusat=pusat, desimal=d
    )


# --- public maps -------------------------------------------------------------------------
def peta_choropleth(
    frame: pd.DataFrame,
    kolom: str,
    *,
    judul: str,
    breaks=None,
    satuan: str | None = None,
    ax: Axes | None = None,
    cmap: str | None = None,
    label: bool = True,
) -> Figure:
    """Choropleth of one measure over the 14 kab/kota.

    Args:
        frame: one row per kab/kota, keyed by ``kode_wilayah`` (or ``kode_bps``).
        kolom: the numeric column to map.
        judul: map title (Indonesian).
        breaks: a :class:`Klasifikasi` from :func:`klasifikasi` computed once across the
            province (recommended, so every brief shares the legend), a scheme name, or a
            sequence of upper bounds; default natural breaks (Fisher-Jenks) of these values.
        satuan: unit shown in the legend title.
        ax: draw into this axes instead of a new figure.
        cmap: colour map name; default sequential YlGnBu, diverging RdBu_r for signed
            values, RdYlBu for predikat.
        label: write district names and values on the map.

    Returns:
        The figure (not shown; save with :func:`simpan_png`).
    """
    with matplotlib.rc_context(_RC):
        values, klas = _klas_dan_nilai(frame, kolom, breaks)
        dasar = _dasar()
        fig, ax = _fig_ax(ax, dasar.unit.total_bounds)
        _gambar_unit(ax, dasar, values, klas, cmap, label=label)
        _atur_sumbu(ax, dasar.unit.total_bounds)
        _judul(ax, judul, dasar)
        _panah_utara(ax)
        if not dasar.skematik:
            _skala(ax)
        _legenda(ax, klas, cmap, satuan, int(values.isna().sum()), loc="upper left")
        _catatan(ax, dasar)
        return fig


def _fig_ax(ax: Axes | None, bounds: Sequence[float], lebar: float = 8.2) -> tuple[Figure, Axes]:
    """A new figure whose height fits the map's shape (no empty bands), or the given axes.

    The map is drawn ``lebar`` inches wide (less side margins); its height follows from the
    lon/lat extent and the aspect 1/cos(lat) of :func:`_atur_sumbu`; 0.8 in above for the
    title and 0.6 in below for the credit.
    """
    if ax is not None:
        return ax.figure, ax
    minx, miny, maxx, maxy = bounds
    ratio = (maxy - miny) / ((maxx - minx) * math.cos(math.radians((miny + maxy) / 2)))
    axes_w = lebar * 0.96
    axes_h = axes_w * ratio
    atas, bawah = 0.8, 0.6
    tinggi = axes_h + atas + bawah
    fig = Peta(figsize=(lebar, tinggi))
    ax = fig.add_axes((0.02, bawah / tinggi, 0.96, axes_h / tinggi))
    return fig, ax


def peta_fokus(
    kode_wilayah: str,
    frame: pd.DataFrame | None = None,
    kolom: str | None = None,
    *,
    judul: str | None = None,
    breaks=None,
    satuan: str | None = None,
    cmap: str | None = None,
) -> Figure:
    """One kab/kota highlighted among its neighbours, zoomed to it, with a locator inset.

    Args:
        kode_wilayah: Kemendagri code of the district (``62.06``).
        frame: optional values (as :func:`peta_choropleth`); then every unit is coloured by
            its class and the district is outlined in black. Without it the district is
            filled in orange among grey neighbours.
        kolom: the column of ``frame`` to map.
        judul: title; default the district's name.
        breaks: the province-wide classification (pass the same one to every brief).
        satuan: unit shown in the legend title.
        cmap: colour map name.

    Returns:
        The figure.

    Raises:
        PetaError: unknown code, or ``frame`` without ``kolom``.
    """
    kode_wilayah = str(kode_wilayah).strip()
    if kode_wilayah not in reference.kode_kabkota():
        raise PetaError(
            f"kode_wilayah {kode_wilayah!r} is not one of the 14 kab/kota (62.01 … 62.71)."
        )
    if (frame is None) != (kolom is None):
        raise PetaError("peta_fokus needs both frame and kolom, or neither.")
    with matplotlib.rc_context(_RC):
        dasar = _dasar()
        unit = dasar.unit
        geom = unit.loc[unit["kode"] == kode_wilayah, "geometry"].iloc[0]
        tetangga = set(dasar.tetangga[kode_wilayah])
        fig = Peta(figsize=(9.0, 7.0))
        ax = fig.add_axes((0.02, 0.07, 0.68, 0.86))
        if frame is not None:
            values, klas = _klas_dan_nilai(frame, kolom, breaks)
            _gambar_unit(ax, dasar, values, klas, cmap, label=False, fokus=kode_wilayah)
            _legenda(
                fig,
                klas,
                cmap,
                satuan,
                int(values.isna().sum()),
                loc="upper left",
                bbox_to_anchor=(0.72, 0.58),
            )
        else:
            values = None
            warna = {
                k: ("#d95f02" if k == kode_wilayah else "#d9d9d9" if k in tetangga else "#efefef")
                for k in unit["kode"]
            }
            _gambar_unit(
                ax, dasar, None, None, None, label=False, warna_tetap=warna, fokus=kode_wilayah
            )
            fig.legend(
                handles=[
                    Patch(
                        facecolor="#d95f02", edgecolor="#000000", label=nama_wilayah(kode_wilayah)
                    ),
                    Patch(facecolor="#d9d9d9", edgecolor="#999999", label="Berbatasan"),
                    Patch(facecolor="#efefef", edgecolor="#999999", label="Lainnya"),
                ],
                loc="upper left",
                bbox_to_anchor=(0.72, 0.58),
                title="Keterangan",
            )
        if dasar.skematik:  # tiles: zooming says nothing, show them all, each labelled
            box = tuple(unit.total_bounds)
            tetangga = set(unit["kode"])
            _atur_sumbu(ax, box, margin=0.04)
        else:  # zoom: the district's box, widened to show its neighbours' edges
            minx, miny, maxx, maxy = geom.bounds
            pad = max(maxx - minx, maxy - miny) * 0.3 + 0.15
            box = _isi_sumbu(ax, (minx - pad, miny - pad, maxx + pad, maxy + pad))
            _atur_sumbu(ax, box, margin=0.0)
            # a map frame: neighbours cut at the window's edge read as a zoom, not as damage
            ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False,
                                   edgecolor="#8c8c8c", linewidth=0.8, zorder=20))  # fmt: skip
        d = klas.desimal if frame is not None else 1
        _label_tetangga(ax, dasar, tetangga, kode_wilayah, values, box, d)
        _judul(ax, judul or _judul_fokus(kode_wilayah), dasar)
        _panah_utara(ax)
        if not dasar.skematik:
            _skala(ax)
        _inset_lokasi(fig, dasar, kode_wilayah)
        _catatan(ax, dasar)
        return fig


def _judul_fokus(kode: str) -> str:
    return f"{nama_wilayah(kode)} dan wilayah sekitarnya"


def _label_tetangga(
    ax: Axes,
    dasar: _Dasar,
    tetangga: set[str],
    fokus: str,
    values: pd.Series | None,
    box: Sequence[float],
    d: int,
) -> None:
    """Label the district and the parts of its neighbours that fall inside the view."""
    view = shapely.box(*box)
    for r in dasar.unit.itertuples():
        if r.kode not in tetangga:
            continue
        part = r.geometry if dasar.skematik else r.geometry.intersection(view)
        if part.is_empty:
            continue
        p = part.centroid if dasar.skematik else _titik_label(part)
        text = _nama_peta(r.nama, r.jenis)
        if values is not None:
            v = values.get(r.kode, np.nan)
            text += "\n" + (format_angka(v, d) if np.isfinite(v) else "t.a.d.")
        big = r.kode == fokus
        size = (9 if big else 7) if dasar.skematik else (10 if big else 7.5)
        ax.text(
            p.x,
            p.y,
            text,
            ha="center",
            va="center",
            fontsize=size,
            fontweight="bold" if big else "normal",
            zorder=5,
            path_effects=_HALO,
            clip_on=True,
        )


def _inset_lokasi(fig: Figure, dasar: _Dasar, kode: str) -> None:
    inset = fig.add_axes((0.72, 0.62, 0.26, 0.28))
    warna = {k: ("#d95f02" if k == kode else "#d9d9d9") for k in dasar.unit["kode"]}
    for r in dasar.unit.itertuples():
        _tambah(
            inset,
            PathPatch(
                dasar.jalur[r.kode], facecolor=warna[r.kode], edgecolor="white", linewidth=0.3
            ),
        )
    _atur_sumbu(inset, dasar.unit.total_bounds, margin=0.03)
    inset.set_axis_on()
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_facecolor("white")
    inset.set_title("Letak di Kalimantan Tengah", fontsize=8, fontweight="normal", pad=3)


def peta_kecil_berganda(
    frame: pd.DataFrame,
    kolom: str,
    panel: str = "kode_bidang",
    *,
    judul: str,
    breaks=None,
    satuan: str | None = None,
    judul_panel: dict | None = None,
    ncols: int | None = None,
    cmap: str | None = None,
) -> Figure:
    """Small multiples: one map per ``panel`` value (bidang urusan or year), one legend.

    Args:
        frame: rows keyed by ``kode_wilayah`` (or ``kode_bps``) and ``panel``.
        kolom: the numeric column to map.
        panel: the column that makes panels: ``kode_bidang`` or ``tahun``.
        judul: figure title.
        breaks: shared classification; default natural breaks over all panels' values.
        satuan: unit in the legend title.
        judul_panel: optional panel value → panel title (``{"1.02": "Kesehatan"}``).
        ncols: panels per row (default up to 3).
        cmap: colour map name.

    Returns:
        The figure.

    Raises:
        PetaError: ``panel`` not in the frame, or a panel with bad codes/values.
    """
    if panel not in frame.columns:
        raise PetaError(
            f"panel column {panel!r} is not in the frame; columns are {list(frame.columns)}."
        )
    keys = sorted(frame[panel].dropna().unique(), key=str)
    if not keys:
        raise PetaError(f"column {panel!r} has no values to make panels from.")
    n_tanpa_panel = int(frame[panel].isna().sum())
    if n_tanpa_panel:
        warnings.warn(f"{n_tanpa_panel} row(s) without {panel} not drawn.", stacklevel=2)
    with matplotlib.rc_context(_RC):
        per_panel = {k: nilai_per_wilayah(frame[frame[panel] == k], kolom) for k in keys}
        semua = pd.concat(per_panel.values())
        klas = _sebagai_klasifikasi(breaks, semua)
        dasar = _dasar()
        ncols = ncols or min(3, len(keys))
        nrows = math.ceil(len(keys) / ncols)
        fig = Peta(figsize=(3.3 * ncols, 3.1 * nrows + 1.5))
        top, bottom = 1 - 0.55 / fig.get_figheight(), 1.15 / fig.get_figheight()
        fig.subplots_adjust(left=0.01, right=0.99, top=top, bottom=bottom, wspace=0.04, hspace=0.12)
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        kata = {"kode_bidang": "Bidang", "tahun": "Tahun"}.get(panel, panel)
        for ax, k in zip(axes, keys, strict=False):
            _gambar_unit(ax, dasar, per_panel[k], klas, cmap, label=False)
            _atur_sumbu(ax, dasar.unit.total_bounds, margin=0.02)
            ax.set_title((judul_panel or {}).get(k, f"{kata} {k}"), fontsize=9.5, fontweight="bold")
        for ax in axes[len(keys) :]:
            ax.set_axis_off()
        fig.suptitle(judul, x=0.01, ha="left", fontsize=12, fontweight="bold")
        if dasar.skematik:
            fig.text(
                0.01,
                top - 0.005,
                JUDUL_SKEMATIK,
                ha="left",
                va="top",
                fontsize=8.5,
                color="#b35806",
                fontweight="bold",
            )
        n_tad = int(semua.isna().sum())
        _legenda(
            fig,
            klas,
            cmap,
            satuan,
            n_tad,
            loc="lower center",
            ncols=min(6, klas.k + (n_tad > 0)),
            bbox_to_anchor=(0.5, 0.3 / fig.get_figheight()),
        )
        credit = JUDUL_SKEMATIK if dasar.skematik else KREDIT  # no CLI command on a map
        fig.text(
            0.01, 0.08 / fig.get_figheight(), credit, fontsize=6.5, style="italic", color="#444444"
        )
        return fig


# --- saving ------------------------------------------------------------------------------
def simpan_png(fig: Figure, path: str | Path, dpi: int = 150) -> Path:
    """Write ``fig`` as PNG (temp file + rename) and close it.

    Args:
        fig: a figure from this module (or any matplotlib figure).
        path: target ``.png`` path; its folder is created.
        dpi: resolution.

    Returns:
        The written path.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with matplotlib.rc_context(_RC):
            fig.savefig(tmp, format="png", dpi=dpi, facecolor="white")
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(fig)
    return path


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
