"""Boundary install: sources, normalisation, matching, refusals, atomicity, CLI."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from workbench import geo, reference
from workbench.cli import app


@pytest.fixture
def gd(tmp_path, monkeypatch) -> Path:
    """An empty geodata folder for this test (never the project's own)."""
    d = tmp_path / "geodata"
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(d))
    return d


@pytest.fixture
def asli(shared_geodata) -> gpd.GeoDataFrame:
    return gpd.read_file(shared_geodata / "kalteng_kabkota.geojson")


def _like_source(asli: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The layer as the upstream file has it: WADMKK names, no codes, Z = 0, shuffled."""
    names = asli["nama"].replace({"Kota Palangka Raya": "Kota Palangkaraya"})
    geoms = shapely.force_3d(asli.geometry.to_numpy(), 0.0)
    out = gpd.GeoDataFrame(
        {"OBJECTID": range(1, 15), "WADMKK": names, "WADMPR": "Kalimantan Tengah"},
        geometry=list(geoms),
        crs=4326,
    )
    return out.sample(frac=1, random_state=3).reset_index(drop=True)


def _installed_files(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def _area_km2(geom) -> float:
    return float(gpd.GeoSeries([geom], crs=4326).to_crs(6933).area.iloc[0] / 1e6)


# --- the good path -----------------------------------------------------------------------
def test_install_from_shared_file(gd, shared_geodata, asli):
    src = shared_geodata / "kalteng_kabkota.geojson"
    path = geo.install_boundaries(src)
    assert path == gd / "kalteng_kabkota.gpkg"
    assert _installed_files(gd) == ["kalteng_kabkota.gpkg", "kalteng_kabkota.json"]
    b = geo.load_boundaries()
    assert list(b.columns) == ["kode", "kode_bps", "nama", "jenis", "geometry"]
    assert b.crs.to_epsg() == 4326
    assert b["kode"].tolist() == reference.kode_kabkota()
    kat = b.set_index("kode").loc["62.06"]
    assert (kat["kode_bps"], kat["nama"], kat["jenis"]) == ("6209", "Katingan", "Kabupaten")
    # SOURCE.md: Katingan 20,382.3 km² in EPSG:6933 on this file
    assert _area_km2(kat.geometry) == pytest.approx(20382.3, abs=0.5)
    prov = geo.load_provinsi()
    assert len(prov) == 1 and prov["kode"].iloc[0] == "62"
    # SOURCE.md: province 153,443.9 km², the union of the 14
    assert _area_km2(prov.geometry.iloc[0]) == pytest.approx(153443.9, abs=1)
    info = geo.load_provenance()
    assert info["sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert info["sumber"] == str(src)
    assert set(info["cocok"].values()) == {"kode Kemendagri (kode)"}


def test_not_installed_gives_none(gd):
    assert geo.load_boundaries() is None
    assert geo.load_provinsi() is None
    assert geo.load_provenance() is None


def test_load_is_cached_and_sees_a_reinstall(gd, shared_geodata, tmp_path, asli):
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    first = geo.load_boundaries()
    first.loc[0, "nama"] = "changed by the caller"
    assert geo.load_boundaries().loc[0, "nama"] == "Kotawaringin Barat"  # a copy each time
    src = tmp_path / "src.geojson"
    _like_source(asli).to_file(src)
    geo.install_boundaries(src)
    assert set(geo.load_provenance()["cocok"].values()) == {"nama (WADMKK)"}


def test_install_by_name_like_the_upstream_file(gd, asli, tmp_path):
    src = tmp_path / "Kalimantan_Tengah.geojson"
    _like_source(asli).to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries().set_index("kode")
    assert not b.geometry.has_z.any()
    assert b.loc["62.71", "nama"] == "Kota Palangka Raya"  # official spelling, not the source's
    # the polygon that came in named "Katingan" is the one now keyed 62.06
    kat_src = asli.set_index("kode").loc["62.06", "geometry"]
    assert b.loc["62.06", "geometry"].equals_exact(kat_src, 1e-9) or (
        b.loc["62.06", "geometry"].symmetric_difference(kat_src).area < 1e-9
    )
    info = geo.load_provenance()
    assert info["cocok"]["62.06"] == "nama (WADMKK)"
    assert any("Z coordinate" in c for c in info["catatan"])


def test_install_by_bps_code_goes_through_the_crosswalk(gd, asli, tmp_path):
    # a layer with only BPS codes (integers, as in a BPS shapefile): 6209 is Katingan = 62.06
    layer = gpd.GeoDataFrame({"KDBPS": asli["kode_bps"].astype(int)}, geometry=asli.geometry)
    src = tmp_path / "bps.gpkg"
    layer.to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries().set_index("kode")
    src_by_bps = asli.set_index("kode_bps")
    assert (
        b.loc["62.06", "geometry"].symmetric_difference(src_by_bps.loc["6209", "geometry"]).area
        < 1e-9
    )
    # and not Sukamara's polygon (BPS 6206), which is what removing the dot would give
    assert b.loc["62.06", "geometry"].intersection(src_by_bps.loc["6206", "geometry"]).area < 1e-9
    assert geo.load_provenance()["cocok"]["62.06"] == "kode BPS (KDBPS) via crosswalk"


def test_dotless_kemendagri_codes_contradicting_names_are_refused(gd, asli, tmp_path):
    # "6206" written for Katingan (62.06 without its dot) would be BPS Sukamara: refuse
    layer = asli.assign(kode=asli["kode"].str.replace(".", "", regex=False)).drop(
        columns="kode_bps"
    )
    src = tmp_path / "dotless.geojson"
    layer.to_file(src)
    with pytest.raises(geo.GeodataError, match="disagree") as exc:
        geo.install_boundaries(src)
    assert "Katingan" in str(exc.value) and "Sukamara" in str(exc.value)
    assert _installed_files(gd) == []


@pytest.mark.parametrize(
    "raw",
    [
        "Kab. Kotawaringin Barat",
        "KOTAWARINGIN BARAT",
        "Kabupaten  Kotawaringin Barat",
        " kotawaringin barat ",
    ],
)
def test_name_variants(raw):
    assert geo._kunci_nama(raw) == geo._kunci_nama("Kotawaringin Barat") == "kotawaringinbarat"


def test_palangkaraya_spellings():
    assert geo._kunci_nama("Kota Palangkaraya") == geo._kunci_nama("Kota Palangka Raya")
    assert geo._kunci_nama("PALANGKA RAYA") == "palangkaraya"


@given(
    idx=st.integers(0, 13),
    prefix=st.sampled_from(["", "Kab. ", "Kabupaten ", "KAB ", "kab."]),
    case=st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    spaces=st.integers(1, 3),
)
def test_name_key_ignores_case_prefix_and_spacing(idx, prefix, case, spaces):
    w = reference.load_wilayah().iloc[1:].reset_index(drop=True)
    nama = w.loc[idx, "nama"]
    if w.loc[idx, "jenis"] == "Kota":
        prefix = ""
    variant = case(prefix + nama.replace(" ", " " * spaces))
    keys = {geo._kunci_nama(n): n for n in w["nama"]}
    assert keys[geo._kunci_nama(variant)] == nama


# --- other formats and CRS -----------------------------------------------------------------
@pytest.mark.parametrize("epsg", [3857, 23833])
def test_another_crs_is_reprojected(gd, asli, tmp_path, epsg):
    src = tmp_path / f"kalteng_{epsg}.gpkg"
    asli.to_crs(epsg).to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries()
    assert b.crs.to_epsg() == 4326
    assert b.total_bounds == pytest.approx(asli.total_bounds, abs=1e-6)
    assert any(f"reprojected from EPSG:{epsg}" in c for c in geo.load_provenance()["catatan"])


def test_zipped_shapefile(gd, asli, tmp_path):
    shp = tmp_path / "shp"
    shp.mkdir()
    asli.to_file(shp / "kabkota.shp")
    zpath = tmp_path / "kabkota.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for f in shp.iterdir():
            z.write(f, f.name)
    geo.install_boundaries(zpath)
    assert geo.load_boundaries()["kode"].tolist() == reference.kode_kabkota()


def test_projected_shapefile_without_prj_is_refused(gd, asli, tmp_path):
    asli.to_crs(3857).to_file(tmp_path / "noprj.shp")
    (tmp_path / "noprj.prj").unlink()
    with pytest.raises(geo.GeodataError, match="no coordinate reference system"):
        geo.install_boundaries(tmp_path / "noprj.shp")


def test_wrong_crs_label_is_refused(gd, asli, tmp_path):
    # metre coordinates labelled as lon/lat land far outside Kalimantan Tengah
    wrong = asli.to_crs(3857).set_crs(4326, allow_override=True)
    with pytest.raises(geo.GeodataError, match="outside Kalimantan Tengah"):
        geo._to_wgs84(wrong, geo._Laporan(), "x")


# --- bad input ---------------------------------------------------------------------------
def test_thirteen_units_names_the_missing_one(gd, asli, tmp_path):
    src = tmp_path / "13.geojson"
    asli[asli["kode"] != "62.06"].to_file(src)
    with pytest.raises(geo.GeodataError, match=r"missing 1 of 14 kab/kota: Katingan \(62\.06\)"):
        geo.install_boundaries(src)
    assert _installed_files(gd) == []


def test_unmatched_feature_is_named(gd, asli, tmp_path):
    extra = asli.iloc[[0]].assign(kode="63.01", kode_bps="6301", nama="Tanah Laut")
    src = tmp_path / "15.geojson"
    gpd.GeoDataFrame(
        list(asli.itertuples(index=False)) + list(extra.itertuples(index=False)),
        columns=asli.columns,
        crs=4326,
    ).to_file(src)
    with pytest.raises(geo.GeodataError, match="1 feature\\(s\\) match no kab/kota.*Tanah Laut"):
        geo.install_boundaries(src)


def test_true_duplicates_are_refused(gd, asli, tmp_path):
    src = tmp_path / "dup.geojson"
    gpd.GeoDataFrame(
        list(asli.itertuples(index=False)) + [tuple(asli.iloc[7])], columns=asli.columns, crs=4326
    ).to_file(src)
    with pytest.raises(geo.GeodataError, match=r"Sukamara \(62\.08\) appears more than once"):
        geo.install_boundaries(src)
    assert _installed_files(gd) == []


def test_parts_of_one_unit_are_dissolved(gd, asli, tmp_path):
    # Kotawaringin Barat stored as one feature per polygon part (mainland + islets)
    exploded = asli.explode(index_parts=False).reset_index(drop=True)
    n_kobar = int((exploded["kode"] == "62.01").sum())
    assert n_kobar > 1
    src = tmp_path / "parts.geojson"
    exploded.to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries().set_index("kode")
    assert len(b) == 14
    assert _area_km2(b.loc["62.01", "geometry"]) == pytest.approx(9480.3, abs=0.5)
    notes = geo.load_provenance()["catatan"]
    assert f"Kotawaringin Barat (62.01): {n_kobar} separate features dissolved into one" in notes


def test_invalid_geometry_is_repaired_and_reported(gd, asli, tmp_path):
    # a bow-tie: swap two consecutive vertices of Sukamara's largest ring
    geom = max(shapely.get_parts(asli.geometry.iloc[7]), key=lambda p: p.area)
    coords = list(geom.exterior.coords)
    coords[10], coords[11] = coords[11], coords[10]
    bad = shapely.Polygon(coords)
    assert not bad.is_valid
    layer = asli.copy()
    layer.loc[7, "geometry"] = bad
    src = tmp_path / "invalid.geojson"
    layer.to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries()
    assert b.geometry.is_valid.all()
    notes = geo.load_provenance()["catatan"]
    assert any(
        n.startswith("repaired 1 invalid geometry with make_valid (feature(s) 8:") for n in notes
    )
    # the repair keeps the mainland (the swap moves ~1 vertex): area within 1 %
    assert _area_km2(b.set_index("kode").loc["62.08", "geometry"]) == pytest.approx(
        _area_km2(geom), rel=0.01
    )


def test_not_geodata(gd, tmp_path):
    txt = tmp_path / "catatan.geojson"
    txt.write_text("this is not a boundary file")
    with pytest.raises(geo.GeodataError, match="is not a readable boundary layer") as exc:
        geo.install_boundaries(txt)
    assert "DRIVER" not in str(exc.value)
    csv = tmp_path / "tabel.csv"
    csv.write_text("kode,nama\n62.06,Katingan\n")
    with pytest.raises(geo.GeodataError, match="no geometry"):
        geo.install_boundaries(csv)
    with pytest.raises(geo.GeodataError, match="does not exist"):
        geo.install_boundaries(tmp_path / "nope.gpkg")
    with pytest.raises(geo.GeodataError, match="is a folder"):
        geo.install_boundaries(tmp_path)
    assert _installed_files(gd) == []


def test_layer_without_codes_or_names(gd, asli, tmp_path):
    src = tmp_path / "anon.geojson"
    gpd.GeoDataFrame({"id": range(14)}, geometry=asli.geometry).to_file(src)
    with pytest.raises(geo.GeodataError, match="no column holds kab/kota codes"):
        geo.install_boundaries(src)


def test_failed_install_keeps_the_previous_one(gd, shared_geodata, asli, tmp_path):
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    before = {p.name: p.read_bytes() for p in gd.iterdir()}
    src = tmp_path / "13.geojson"
    asli.iloc[:13].to_file(src)
    with pytest.raises(geo.GeodataError):
        geo.install_boundaries(src)
    assert {p.name: p.read_bytes() for p in gd.iterdir()} == before  # no temp files either


def test_damaged_install_is_reported(gd, shared_geodata):
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    (gd / "kalteng_kabkota.gpkg").write_bytes(b"garbage")
    with pytest.raises(geo.GeodataError, match="reinstall"):
        geo.load_boundaries()


# --- URL ---------------------------------------------------------------------------------
@pytest.fixture
def http_dir(tmp_path):
    """A local HTTP server on 127.0.0.1 serving a folder (the network here reaches PyPI only)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_url_with_checksum(gd, asli, http_dir):
    root, base = http_dir
    _like_source(asli).to_file(root / "Kalimantan_Tengah.geojson")
    digest = hashlib.sha256((root / "Kalimantan_Tengah.geojson").read_bytes()).hexdigest()
    url = f"{base}/Kalimantan_Tengah.geojson"
    geo.install_boundaries(url, sha256=digest)
    info = geo.load_provenance()
    assert (info["sumber"], info["sha256"], info["sha256_diperiksa"]) == (url, digest, True)
    assert len(geo.load_boundaries()) == 14


def test_url_checksum_mismatch_installs_nothing(gd, asli, http_dir):
    root, base = http_dir
    _like_source(asli).to_file(root / "Kalimantan_Tengah.geojson")
    with pytest.raises(geo.GeodataError, match="checksum mismatch") as exc:
        geo.install_boundaries(f"{base}/Kalimantan_Tengah.geojson", sha256="0" * 64)
    assert "0" * 64 in str(exc.value)
    assert _installed_files(gd) == []


def test_url_not_found(gd, http_dir):
    _, base = http_dir
    with pytest.raises(geo.GeodataError, match="cannot download .*404"):
        geo.install_boundaries(f"{base}/missing.geojson")


def test_default_url_is_pinned_with_its_checksum(monkeypatch, gd, tmp_path):
    # the default URL cannot be reached from here: check that it is the pinned commit and
    # that its checksum is enforced (a file with other bytes is refused before reading)
    assert "7b6ea8f6883fac955757936940c20eb223e83782" in geo.DEFAULT_URL
    fake = tmp_path / "Kalimantan_Tengah.geojson"
    fake.write_text("{}")

    def fake_download(url, folder):
        assert url == geo.DEFAULT_URL
        return fake

    monkeypatch.setattr(geo, "_download", fake_download)
    with pytest.raises(geo.GeodataError, match=f"expected {geo.DEFAULT_SHA256}"):
        geo.install_boundaries()


# --- CLI ---------------------------------------------------------------------------------
def test_cli_install_prints_units_and_methods(gd, shared_geodata):
    result = CliRunner().invoke(
        app, ["geodata", "install", "--from", str(shared_geodata / "kalteng_kabkota.geojson")]
    )
    assert result.exit_code == 0, result.output
    assert "installed 14 kab/kota boundaries" in result.output
    assert "62.06  Katingan" in result.output
    assert result.output.count("matched by kode Kemendagri (kode)") == 14


def test_cli_error_without_traceback(gd, tmp_path):
    bad = tmp_path / "x.geojson"
    bad.write_text("nope")
    result = CliRunner().invoke(app, ["geodata", "install", "--from", str(bad)])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_simplify_keeps_a_clean_coverage(gd, shared_geodata):
    # the default URL is simplified as the shared copy was (coverage_simplify 0.0002°);
    # here on the shared file with a coarser tolerance so the effect is measurable
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson", simplify=0.002)
    b = geo.load_boundaries()
    assert b.geometry.is_valid.all()
    assert shapely.coverage_is_valid(b.geometry.to_numpy())  # no gaps/overlaps made
    n = int(shapely.get_num_coordinates(b.geometry.to_numpy()).sum())
    assert n < 25_414  # SOURCE.md: the shared file has 25,414 vertices
    kat = b.set_index("kode").loc["62.06", "geometry"]
    assert _area_km2(kat) == pytest.approx(20382.3, rel=0.005)
    assert any("simplified" in c for c in geo.load_provenance()["catatan"])


def test_float_kemendagri_codes_are_read_with_two_decimals(gd, asli, tmp_path):
    # Excel habit: 62.10 stored as the float 62.1; two decimals restore it (62.1 → 62.10)
    layer = gpd.GeoDataFrame({"kode": asli["kode"].astype(float)}, geometry=asli.geometry)
    assert 62.1 in layer["kode"].tolist()
    src = tmp_path / "float.gpkg"
    layer.to_file(src)
    geo.install_boundaries(src)
    b = geo.load_boundaries().set_index("kode")
    gm = asli.set_index("kode").loc["62.10", "geometry"]
    assert b.loc["62.10", "geometry"].symmetric_difference(gm).area < 1e-9


def test_reinstall_from_an_installed_geopackage(gd, shared_geodata, tmp_path, monkeypatch):
    # our own output has two layers (kabkota, provinsi): the kab/kota layer is chosen
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")
    copy = tmp_path / "copy.gpkg"
    copy.write_bytes((gd / "kalteng_kabkota.gpkg").read_bytes())
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "other"))
    geo.install_boundaries(copy)
    assert geo.load_boundaries()["kode"].tolist() == reference.kode_kabkota()
