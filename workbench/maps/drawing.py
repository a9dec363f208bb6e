"""Drawing helpers shared by the maps: unit patches, labels, north arrow, scale bar, legend.

Also the credit or schematic note below a map and the title above it.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.patches import Patch, PathPatch, Rectangle

from workbench.maps.classify import Klasifikasi
from workbench.maps.common import JUDUL_SKEMATIK, KREDIT, TIDAK_ADA_DATA
from workbench.maps.geometry import _Dasar
from workbench.teks import format_angka

_WARNA_TAD = "#f4f4f4"  # face of "tidak ada data", under grey hatching
_HATCH_TAD = "////"
_GARIS = "#ffffff"
_GARIS_PROVINSI = "#333333"
_KM_PER_DERAJAT = 111.32  # km per degree of latitude (and of longitude at the equator)


def _tambah(ax: Axes, artist) -> None:
    """Add a patch without ``add_patch``'s data-limit update.

    That update computes Bezier extents of every vertex (seconds per map); the map functions
    set the limits themselves.
    """
    ax.add_artist(artist)


def _nama_peta(nama: str, jenis: str) -> str:
    """Map label: ``Palangka Raya`` for the city (its tile/polygon says Kota), wrapped."""
    label = nama.removeprefix("Kota ") if jenis == "Kota" else nama
    return textwrap.fill(label, width=12, break_long_words=False)


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
            # the hatch takes the edge colour (matplotlib < 3.11 has no separate hatch colour);
            # the unit boundary drawn over the fills hides the edge itself
            edgecolor="#555555" if hatch else _GARIS,
            hatch=hatch,
            linewidth=0.6,
            zorder=1,
            label=r.nama,
        )
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
