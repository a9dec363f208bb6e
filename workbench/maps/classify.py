"""Class breaks shared by every map of one measure: :func:`klasifikasi`, predikat bands.

Natural breaks by an exact port of mapclassify's Fisher-Jenks (:func:`_fisher_jenks`),
quantiles and equal intervals by mapclassify, signed values split at 0, and the Indonesian
legend labels.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_hex

from workbench.maps.common import PetaError
from workbench.teks import format_angka


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
