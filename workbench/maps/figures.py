"""The public maps: choropleth, district focus, small multiples, and their figure class."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch, Rectangle

from workbench import reference
from workbench.maps.classify import Klasifikasi, _sebagai_klasifikasi
from workbench.maps.common import _RC, JUDUL_SKEMATIK, KREDIT, PetaError
from workbench.maps.drawing import (
    _HALO,
    _atur_sumbu,
    _catatan,
    _gambar_unit,
    _isi_sumbu,
    _judul,
    _legenda,
    _nama_peta,
    _panah_utara,
    _skala,
    _tambah,
)
from workbench.maps.geometry import _Dasar, _dasar, _titik_label
from workbench.maps.saving import png_bytes
from workbench.maps.values import nilai_per_wilayah
from workbench.teks import format_angka, nama_wilayah


class Peta(Figure):
    """A map figure that displays itself in a notebook.

    The figures are made outside pyplot (no registry to leak from in a reused kernel, no
    double display), so the inline backend's display hook may not know them: a kernel that
    never imported pyplot would print ``<Figure ...>``. ``_repr_png_`` renders the PNG.
    """

    def _repr_png_(self) -> bytes:
        with matplotlib.rc_context(_RC):
            return png_bytes(self, dpi=100)


def _klas_dan_nilai(frame, kolom, breaks) -> tuple[pd.Series, Klasifikasi]:
    values = nilai_per_wilayah(frame, kolom)
    return values, _sebagai_klasifikasi(breaks, values)


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
