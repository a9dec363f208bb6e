"""What a map is drawn on: the installed boundaries, simplified once, or schematic tiles.

Owns the per-process base-layer cache (:func:`_dasar`, keyed by :func:`_kunci_dasar`), the
matplotlib paths, label points and neighbours derived from it, and the once-per-process
warning when the schematic tile map stands in for missing or damaged boundaries.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from matplotlib.path import Path as MplPath
from shapely.geometry.polygon import orient

from workbench import geo, reference

log = logging.getLogger("workbench.maps")  # the name the briefs and tests listen to

_peringatan_skematik_sudah = False

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


def _titik_label(geom):
    """A point well inside the largest part (polylabel), for the label."""
    from shapely.ops import polylabel

    largest = max(shapely.get_parts(geom), key=lambda p: p.area)
    return polylabel(largest, tolerance=0.01)
