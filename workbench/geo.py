"""Boundary layer of the 14 kabupaten/kota: install, load, match to the wilayah reference.

The maps need one polygon per kab/kota keyed by its Kemendagri code. ``install_boundaries``
reads a layer from a local file (GeoJSON, GeoPackage, plain or zipped Shapefile) or from a
URL checked against a SHA-256, normalises it and writes ``kalteng_kabkota.gpkg`` (layers
``kabkota`` and ``provinsi``) plus ``kalteng_kabkota.json`` (provenance) into
:func:`workbench.paths.geodata_dir`, a git-ignored folder. The boundary data itself is never
committed.

Normalisation, in order: reproject to EPSG:4326; drop Z; repair invalid geometries with
``shapely.make_valid`` (reported); match every feature to ``reference.load_wilayah()`` by
code (a Kemendagri ``62.xx`` column, or a BPS ``62xx`` column mapped through
``reference.kode_bps_ke_kemendagri()``, never by removing the dot) or, failing that, by
normalised name; dissolve several parts of one unit (islands stored as separate features)
but refuse true duplicates (features that overlap); refuse a layer that does not yield
exactly the 14 units, naming what is missing or unmatched.

Default source: BIG's RBI 1:50.000 kab/kota boundaries (2023) as converted to GeoJSON in
GitHub ``dmxsan/indonesia-admin-boundaries`` at a pinned commit (see ``geodata/README.md``).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from workbench import reference
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_path
from workbench.paths import geodata_dir

#: Pinned source: BIG RBI50K kab/kota boundaries 2023, via dmxsan/indonesia-admin-boundaries.
DEFAULT_URL = (
    "https://raw.githubusercontent.com/dmxsan/indonesia-admin-boundaries/"
    "7b6ea8f6883fac955757936940c20eb223e83782/processed-data/02-provinces/with-districts/"
    "Kalimantan_Tengah.geojson"
)
DEFAULT_SHA256 = "ae503ef7bfc02c3881dde3513f593b51109eea70cb6434c765fafc0748559297"
#: Tolerance (degrees) of the topology-preserving simplification applied to the default
#: source, as for ``../shared/geodata/kalteng_kabkota.geojson`` (about 22 m).
DEFAULT_SIMPLIFY = 0.0002

#: Credit line for every map drawn on these boundaries (Indonesian: it appears on the maps).
KREDIT = "Sumber batas wilayah: Badan Informasi Geospasial (BIG), RBI 1:50.000 (2023)"

BERKAS = "kalteng_kabkota.gpkg"
BERKAS_PROVENANCE = "kalteng_kabkota.json"
LAYER_KABKOTA = "kabkota"
LAYER_PROVINSI = "provinsi"
KOLOM = ["kode", "kode_bps", "nama", "jenis", "geometry"]

# Generous lon/lat box around Kalimantan Tengah (110.73–115.85 E, 3.54 S–0.79 N): a layer
# outside it after reprojection has a wrong or missing CRS.
_KOTAK = (109.5, -5.0, 117.0, 2.0)
# Two features of one unit that overlap by more than this share of the smaller one are
# duplicates, not parts.
_TUMPANG_DUPLIKAT = 0.01
_DOWNLOAD_TIMEOUT_S = 60

_KODE_KEMENDAGRI = re.compile(r"^62\.\d{2}$")
_KODE_BPS = re.compile(r"^62\d{2}$")


class GeodataError(WorkbenchError):
    """A boundary layer cannot be installed or loaded; the message says what to fix."""


@dataclass
class _Laporan:
    """What an install did, kept in the provenance JSON."""

    catatan: list[str] = field(default_factory=list)
    cocok: dict[str, str] = field(default_factory=dict)  # kode -> how it was matched


# --- reading ------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _is_url(source: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source))


def _download(url: str, folder: Path) -> Path:
    """Download ``url`` into ``folder``, keeping the file name's suffix (GDAL needs ``.zip``)."""
    name = Path(urllib.parse.urlparse(url).path).name or "download"
    target = folder / name
    try:
        with (
            urllib.request.urlopen(url, timeout=_DOWNLOAD_TIMEOUT_S) as resp,
            target.open("wb") as f,
        ):  # noqa: S310 - user-given URL by design
            shutil.copyfileobj(resp, f)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise GeodataError(
            f"cannot download {url}: {exc}. Check the address and the network, or download "
            "the file yourself and install it with --from PATH."
        ) from exc
    return target


def _choose_layer(path: Path) -> str | None:
    """The layer to read: the only one, or the kab/kota layer of a multi-layer file."""
    import pyogrio

    try:
        layers = pyogrio.list_layers(path)
    except pyogrio.errors.DataSourceError as exc:
        raise GeodataError(_not_geodata(path, exc)) from exc
    names = [str(n) for n, _ in layers]
    if len(names) <= 1:
        return None
    preferred = [n for n in names if n.lower() == LAYER_KABKOTA] or [
        n for n in names if "kab" in n.lower()
    ]
    if len(preferred) == 1:
        return preferred[0]
    raise GeodataError(
        f"{path} holds {len(names)} layers ({', '.join(names)}) and none is clearly the "
        "kab/kota layer; export the kab/kota layer to its own file and install that."
    )


def _not_geodata(path: Path, exc: Exception | None = None) -> str:
    # GDAL's hint about driver prefixes does not help a user here: keep its first sentence.
    detail = f" ({str(exc).split(';')[0].rstrip('.')})" if exc else ""
    return (
        f"{path} is not a readable boundary layer{detail}. Expected a GeoJSON, GeoPackage, "
        "Shapefile (.shp, or a .zip holding one) with polygons of the 14 kab/kota."
    )


def _read(path: Path) -> gpd.GeoDataFrame:
    """Read a vector file with pyogrio; refuse anything without polygon geometries."""
    import pyogrio

    if not path.exists():
        raise GeodataError(f"{path} does not exist.")
    if path.is_dir():
        raise GeodataError(f"{path} is a folder; give the boundary file itself.")
    layer = _choose_layer(path)
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise GeodataError(_not_geodata(path, exc)) from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.name not in frame:
        raise GeodataError(_not_geodata(path) + " It has no geometry column.")
    if len(frame) == 0:
        raise GeodataError(f"{path} has no features; expected the 14 kab/kota.")
    return frame


# --- geometry ----------------------------------------------------------------------------
def _to_wgs84(frame: gpd.GeoDataFrame, laporan: _Laporan, sumber: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
            laporan.catatan.append("no CRS in the source; coordinates read as lon/lat (EPSG:4326)")
            frame = frame.set_crs(4326)
        else:
            raise GeodataError(
                f"{sumber} has no coordinate reference system and its coordinates are not "
                "lon/lat; add the .prj file (Shapefile) or save it with its CRS."
            )
    elif not frame.crs.equals("EPSG:4326"):
        laporan.catatan.append(f"reprojected from {frame.crs.to_string()} to EPSG:4326")
        frame = frame.to_crs(4326)
    minx, miny, maxx, maxy = frame.total_bounds
    x0, y0, x1, y1 = _KOTAK
    if not (minx >= x0 and maxx <= x1 and miny >= y0 and maxy <= y1):
        raise GeodataError(
            f"{sumber} lies at {minx:.2f}..{maxx:.2f} E, {miny:.2f}..{maxy:.2f} N after "
            "conversion to lon/lat, outside Kalimantan Tengah (about 110.7..115.9 E, "
            "-3.6..0.8 N): the layer's CRS is wrong or missing, or it is another region or "
            "a larger one (export the 14 kab/kota of Kalimantan Tengah first)."
        )
    return frame


def _polygonal(geom: Any) -> Any:
    """Keep only the polygonal part of a geometry (make_valid may add lines or points)."""
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _clean_geometry(frame: gpd.GeoDataFrame, laporan: _Laporan, sumber: str) -> gpd.GeoDataFrame:
    geoms = frame.geometry.array
    kosong = np.asarray(frame.geometry.isna() | frame.geometry.is_empty)
    if kosong.any():
        baris = ", ".join(str(i + 1) for i in np.flatnonzero(kosong))
        raise GeodataError(f"{sumber}: feature(s) {baris} have no geometry.")
    if bool(frame.geometry.has_z.any()):
        laporan.catatan.append("dropped the Z coordinate")
    geoms = shapely.force_2d(np.asarray(geoms))
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        reasons = shapely.is_valid_reason(geoms[invalid])
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(invalid))
        laporan.catatan.append(
            f"repaired {int(invalid.sum())} invalid geometr{'y' if invalid.sum() == 1 else 'ies'} "
            f"with make_valid (feature(s) {rows}: {'; '.join(reasons)})"
        )
    geoms = np.array([_polygonal(g) for g in geoms], dtype=object)
    bukan = np.flatnonzero(shapely.is_empty(geoms))
    if len(bukan):
        raise GeodataError(
            f"{sumber}: feature(s) {', '.join(str(i + 1) for i in bukan)} are not polygons "
            f"({', '.join(sorted(set(frame.geom_type.iloc[bukan])))}); expected kab/kota areas."
        )
    out = frame.copy()
    out[out.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
    return out


# --- matching ----------------------------------------------------------------------------
def _kunci_nama(text: Any) -> str:
    """Name key: case, ``Kab.``/``Kabupaten``/``Kota`` prefixes, spacing and punctuation removed.

    ``"Kab. Kotawaringin Barat"``, ``"KOTAWARINGIN BARAT"`` → ``"kotawaringinbarat"``;
    ``"Kota Palangkaraya"``, ``"Kota Palangka Raya"`` → ``"palangkaraya"``.
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    s = str(text).strip().lower()
    s = re.sub(r"^(kabupaten\s+|kab\.\s*|kab\s+|kotamadya\s+|kota\s+)", "", s)
    s = re.sub(r",?\s*(kabupaten|kab\.?|kota)$", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def _wilayah_kabkota() -> pd.DataFrame:
    w = reference.load_wilayah()
    w = w[w["jenis"] != "Provinsi"].reset_index(drop=True)
    keys = w["nama"].map(_kunci_nama)
    assert keys.is_unique, "wilayah reference: two kab/kota share a name key"
    return w.assign(_kunci=keys)


def _as_code_text(col: pd.Series) -> pd.Series:
    """Codes as text; a float column (``62.1`` for ``62.10``) is written with two decimals."""
    if pd.api.types.is_float_dtype(col):
        return col.map(lambda v: "" if pd.isna(v) else (f"{v:.0f}" if v >= 1000 else f"{v:.2f}"))
    return col.map(lambda v: "" if pd.isna(v) else str(v).strip().lstrip("'"))


def _code_column(frame: pd.DataFrame, pattern: re.Pattern[str], known: set[str]) -> str | None:
    """The column whose values are mostly codes of ``pattern`` that the reference knows."""
    best, best_n = None, 0
    for name in frame.columns:
        if name == frame.geometry.name:
            continue
        values = _as_code_text(frame[name])
        n = int(values.map(lambda v: bool(pattern.match(v)) and v in known).sum())
        if n > best_n and n >= len(frame) / 2:
            best, best_n = name, n
    return best


def _name_column(frame: pd.DataFrame, keys: set[str]) -> str | None:
    best, best_n = None, 0
    for name in frame.columns:
        if name == frame.geometry.name or not (
            pd.api.types.is_object_dtype(frame[name]) or pd.api.types.is_string_dtype(frame[name])
        ):
            continue
        n = int(frame[name].map(_kunci_nama).isin(keys).sum())
        if n > best_n:
            best, best_n = name, n
    return best


def _describe(frame: pd.DataFrame, i: int, cols: list[str | None]) -> str:
    vals = [f"{c}={frame[c].iloc[i]!r}" for c in cols if c is not None]
    return f"feature {i + 1}" + (f" ({', '.join(vals)})" if vals else "")


@dataclass
class _Kolom:
    kemendagri: str | None
    bps: str | None
    nama: str | None


def _match_codes(frame: gpd.GeoDataFrame, w: pd.DataFrame, kol: _Kolom) -> tuple[list, list]:
    """Per feature: the Kemendagri code it matches (or None) and how."""
    bps_ke = reference.kode_bps_ke_kemendagri()
    known = set(w["kode"])
    by_key = dict(zip(w["_kunci"], w["kode"], strict=True))
    n = len(frame)
    kode: list[str | None] = [None] * n
    cara: list[str | None] = [None] * n
    kemen = _as_code_text(frame[kol.kemendagri]) if kol.kemendagri else None
    bps = _as_code_text(frame[kol.bps]) if kol.bps else None
    names = frame[kol.nama].map(_kunci_nama) if kol.nama else None
    for i in range(n):
        if kemen is not None and kemen.iloc[i] in known:
            kode[i], cara[i] = kemen.iloc[i], f"kode Kemendagri ({kol.kemendagri})"
        elif bps is not None and bps.iloc[i] in bps_ke and bps_ke[bps.iloc[i]] in known:
            kode[i], cara[i] = bps_ke[bps.iloc[i]], f"kode BPS ({kol.bps}) via crosswalk"
        elif names is not None and names.iloc[i] in by_key:
            kode[i], cara[i] = by_key[names.iloc[i]], f"nama ({kol.nama})"
    return kode, cara


def _check_names_agree(frame: pd.DataFrame, w: pd.DataFrame, kol: _Kolom, kode: list) -> None:
    """Refuse a layer whose codes contradict its names (e.g. a Kemendagri code without the dot)."""
    if kol.nama is None or (kol.kemendagri is None and kol.bps is None):
        return
    key_of = dict(zip(w["kode"], w["_kunci"], strict=True))
    nama_of = dict(zip(w["kode"], w["nama"], strict=True))
    by_key = dict(zip(w["_kunci"], w["kode"], strict=True))
    conflicts = []
    for i, k in enumerate(kode):
        name_key = _kunci_nama(frame[kol.nama].iloc[i])
        if k is not None and name_key in by_key and key_of[k] != name_key:
            conflicts.append(
                f"{_describe(frame, i, [kol.kemendagri, kol.bps, kol.nama])}: the code means "
                f"{nama_of[k]} ({k}) but the name means {nama_of[by_key[name_key]]} "
                f"({by_key[name_key]})"
            )
    if conflicts:
        raise GeodataError(
            "codes and names of the layer disagree (a BPS code read as Kemendagri, or a "
            "Kemendagri code with its dot removed?): " + "; ".join(conflicts)
        )


def _match(frame: gpd.GeoDataFrame, laporan: _Laporan, sumber: str) -> gpd.GeoDataFrame:
    """Attach ``kode`` (Kemendagri) to every feature or refuse, naming what did not match."""
    w = _wilayah_kabkota()
    kol = _Kolom(
        kemendagri=_code_column(frame, _KODE_KEMENDAGRI, set(w["kode"])),
        bps=_code_column(frame, _KODE_BPS, set(w["kode_bps"])),
        nama=_name_column(frame, set(w["_kunci"])),
    )
    if kol == _Kolom(None, None, None):
        cols = [c for c in frame.columns if c != frame.geometry.name]
        raise GeodataError(
            f"{sumber}: no column holds kab/kota codes (Kemendagri 62.xx or BPS 62xx) or "
            f"names of Kalimantan Tengah; columns are {cols or 'none'}."
        )
    kode, cara = _match_codes(frame, w, kol)
    _check_names_agree(frame, w, kol, kode)
    unmatched = [
        _describe(frame, i, [kol.kemendagri, kol.bps, kol.nama])
        for i, k in enumerate(kode)
        if k is None
    ]
    missing = [f"{r.nama} ({r.kode})" for r in w.itertuples() if r.kode not in set(kode)]
    if unmatched or missing:
        parts = []
        if missing:
            parts.append(f"missing {len(missing)} of 14 kab/kota: {', '.join(missing)}")
        if unmatched:
            parts.append(f"{len(unmatched)} feature(s) match no kab/kota: {'; '.join(unmatched)}")
        raise GeodataError(
            f"{sumber} does not yield exactly the 14 kab/kota of Kalimantan Tengah: "
            + ". ".join(parts)
            + "."
        )
    out = frame[[frame.geometry.name]].copy()
    out["kode"] = kode
    out["_cara"] = cara
    return out


def _dissolve_parts(frame: gpd.GeoDataFrame, laporan: _Laporan, sumber: str) -> gpd.GeoDataFrame:
    """One feature per unit: merge parts of a unit, refuse overlapping duplicates."""
    counts = frame["kode"].value_counts()
    nama_of = dict(zip(*(reference.load_wilayah()[c] for c in ("kode", "nama")), strict=True))
    for kode in counts[counts > 1].index:
        rows = np.flatnonzero(frame["kode"].to_numpy() == kode)
        geoms = frame.geometry.iloc[rows].to_crs(6933).to_numpy()  # equal-area for the overlap
        for a in range(len(geoms)):
            for b in range(a + 1, len(geoms)):
                inter = shapely.intersection(geoms[a], geoms[b]).area
                smaller = min(geoms[a].area, geoms[b].area)
                if smaller > 0 and inter / smaller > _TUMPANG_DUPLIKAT:
                    raise GeodataError(
                        f"{sumber}: {nama_of[kode]} ({kode}) appears more than once with "
                        f"overlapping polygons (features {rows[a] + 1} and {rows[b] + 1} overlap "
                        f"by {inter / smaller:.0%} of the smaller): duplicate units; remove one."
                    )
        laporan.catatan.append(
            f"{nama_of[kode]} ({kode}): {len(rows)} separate features dissolved into one"
        )
    cara = frame.groupby("kode")["_cara"].first()
    merged = frame.dissolve(by="kode", as_index=False)[["kode", "geometry"]]
    merged["_cara"] = merged["kode"].map(cara)
    return merged


def _normalise(
    frame: gpd.GeoDataFrame, laporan: _Laporan, sumber: str, simplify: float | None
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    frame = _to_wgs84(frame, laporan, sumber)
    frame = _clean_geometry(frame, laporan, sumber)
    frame = _match(frame, laporan, sumber)
    frame = _dissolve_parts(frame, laporan, sumber)
    if simplify:
        geoms = shapely.coverage_simplify(frame.geometry.to_numpy(), simplify)
        geoms = shapely.make_valid(shapely.set_precision(geoms, 1e-5))
        frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=4326))
        laporan.catatan.append(f"simplified (coverage_simplify, tolerance {simplify} degrees)")
    w = _wilayah_kabkota().set_index("kode")
    frame = frame.sort_values("kode").reset_index(drop=True)
    frame["kode_bps"] = frame["kode"].map(w["kode_bps"])
    frame["nama"] = frame["kode"].map(w["nama"])
    frame["jenis"] = frame["kode"].map(w["jenis"])
    frame["geometry"] = frame.geometry.map(
        lambda g: g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g])
    )
    laporan.cocok = dict(zip(frame["kode"], frame["_cara"], strict=True))
    kabkota = gpd.GeoDataFrame(frame[KOLOM], geometry="geometry", crs=4326)
    prov = reference.load_wilayah().iloc[0]
    outline = shapely.union_all(kabkota.geometry.to_numpy())
    if outline.geom_type == "Polygon":
        outline = shapely.MultiPolygon([outline])
    provinsi = gpd.GeoDataFrame(
        {
            "kode": [prov["kode"]],
            "kode_bps": [prov["kode_bps"]],
            "nama": [prov["nama"]],
            "jenis": [prov["jenis"]],
        },
        geometry=[outline],
        crs=4326,
    )
    return kabkota, provinsi


# --- install -----------------------------------------------------------------------------
def install_boundaries(
    source: str | Path | None = None, *, sha256: str | None = None, simplify: float | None = None
) -> Path:
    """Install the kab/kota boundary layer into :func:`workbench.paths.geodata_dir`.

    Args:
        source: a local file (GeoJSON, GeoPackage, Shapefile or a .zip holding one) or an
            http(s) URL. ``None`` downloads the pinned BIG RBI 1:50.000 (2023) layer
            (:data:`DEFAULT_URL`), checks :data:`DEFAULT_SHA256` and simplifies it as the
            shared copy was (:data:`DEFAULT_SIMPLIFY`).
        sha256: expected SHA-256 of the source file; checked before anything is read.
            Defaults to the pinned one for the default URL; optional otherwise.
        simplify: tolerance in degrees for a topology-preserving simplification
            (``shapely.coverage_simplify``); ``None`` keeps the geometry as read (except for
            the default URL, see above).

    Returns:
        Path of the installed ``kalteng_kabkota.gpkg`` (layers ``kabkota``: ``kode,
        kode_bps, nama, jenis, geometry`` in EPSG:4326, and ``provinsi``: the dissolved
        outline). ``kalteng_kabkota.json`` beside it records source, sha256, date, the
        match method per unit and every repair.

    Raises:
        GeodataError: the source cannot be read or downloaded, its checksum differs, or it
            does not yield exactly the 14 kab/kota. Nothing is written in that case and a
            previous installation is left as it was.
    """
    if source is None:
        source, sha256 = DEFAULT_URL, sha256 or DEFAULT_SHA256
        simplify = DEFAULT_SIMPLIFY if simplify is None else simplify
    elif str(source) == DEFAULT_URL and sha256 is None:
        sha256 = DEFAULT_SHA256
    source_text = str(source)
    laporan = _Laporan()
    with tempfile.TemporaryDirectory(prefix="workbench-geodata-") as tmp:
        if _is_url(source_text):
            path = _download(source_text, Path(tmp))
        else:
            path = Path(source_text).expanduser()
            if not path.exists():
                raise GeodataError(f"{path} does not exist.")
        digest = _sha256(path) if path.is_file() else ""
        if sha256 and digest != sha256.lower():
            raise GeodataError(
                f"checksum mismatch for {source_text}: SHA-256 is {digest}, expected {sha256}. "
                "The file is not the pinned one (changed upstream, truncated, or a different "
                "file); nothing was installed."
            )
        kabkota, provinsi = _normalise(_read(path), laporan, source_text, simplify)
    provenance = {
        "sumber": source_text,
        "sha256": digest,
        "sha256_diperiksa": bool(sha256),
        "tanggal": datetime.now(UTC).isoformat(timespec="seconds"),
        "kredit": KREDIT,
        "cocok": laporan.cocok,
        "catatan": laporan.catatan,
    }
    return _write_atomically(kabkota, provinsi, provenance)


def _write_atomically(
    kabkota: gpd.GeoDataFrame, provinsi: gpd.GeoDataFrame, provenance: dict[str, Any]
) -> Path:
    """Write both layers and the provenance to temp names in the target folder, then rename.

    The GeoPackage is renamed first and the provenance that describes it last.
    """
    folder = geodata_dir()
    target = folder / BERKAS
    with (
        atomic_path(folder / BERKAS_PROVENANCE) as tmp_json,
        atomic_path(target, suffix=".gpkg") as tmp_gpkg,
    ):
        kabkota.to_file(tmp_gpkg, layer=LAYER_KABKOTA, driver="GPKG", engine="pyogrio")
        provinsi.to_file(tmp_gpkg, layer=LAYER_PROVINSI, driver="GPKG", engine="pyogrio")
        tmp_json.write_text(json.dumps(provenance, ensure_ascii=False, indent=2), encoding="utf-8")
    _cache.clear()
    return target


# --- load --------------------------------------------------------------------------------
_cache: dict[tuple[str, str, float], gpd.GeoDataFrame] = {}


def _load_layer(layer: str) -> gpd.GeoDataFrame | None:
    path = geodata_dir() / BERKAS
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    key = (str(path), layer, mtime)
    if key not in _cache:
        import pyogrio

        try:
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            raise GeodataError(
                f"the installed boundary layer {path} cannot be read ({exc}); reinstall it "
                "with `workbench geodata install`."
            ) from exc
        expected = 14 if layer == LAYER_KABKOTA else 1
        if len(frame) != expected or list(frame.columns) != KOLOM:
            raise GeodataError(
                f"the installed boundary layer {path} ({layer}) has {len(frame)} features and "
                f"columns {list(frame.columns)}, expected {expected} and {KOLOM}; reinstall it "
                "with `workbench geodata install`."
            )
        _cache[key] = frame
    return _cache[key].copy()


def load_boundaries() -> gpd.GeoDataFrame | None:
    """The installed 14 kab/kota polygons, or ``None`` when nothing is installed.

    Returns:
        ``kode, kode_bps, nama, jenis, geometry`` (EPSG:4326), sorted by Kemendagri code; a
        copy of a per-process cache (reloaded when the file changes).

    Raises:
        GeodataError: an installed file exists but is damaged.
    """
    return _load_layer(LAYER_KABKOTA)


def load_provinsi() -> gpd.GeoDataFrame | None:
    """The province outline (the dissolved 14 units), or ``None`` when nothing is installed."""
    return _load_layer(LAYER_PROVINSI)


def load_provenance() -> dict[str, Any] | None:
    """The provenance JSON of the installed layer (source, sha256, date, matches, repairs)."""
    path = geodata_dir() / BERKAS_PROVENANCE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))
