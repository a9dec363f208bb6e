"""Maps: code-safe joins, shared classes, hatched missing values, schematic fallback, PNGs."""

from __future__ import annotations

import warnings

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex
from matplotlib.image import imread
from matplotlib.patches import PathPatch

from workbench import geo, maps, reference

KODE = reference.kode_kabkota()

# the fallback's install hint is asserted where it matters (test_schematic_is_labelled...)
pytestmark = pytest.mark.filterwarnings("ignore:no boundary layer is installed:UserWarning")


@pytest.fixture
def tanpa_batas(tmp_path, monkeypatch):
    """No boundary layer installed: the schematic fallback."""
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "kosong"))
    monkeypatch.setattr(maps.geometry, "_peringatan_skematik_sudah", False)


@pytest.fixture
def dengan_batas(tmp_path, monkeypatch, shared_geodata):
    """The shared BIG layer installed into a temporary geodata folder."""
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path / "geodata"))
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")


@pytest.fixture(params=["batas", "skematik"])
def dasar(request, tmp_path, monkeypatch):
    if request.param == "batas":
        request.getfixturevalue("dengan_batas")
    else:
        request.getfixturevalue("tanpa_batas")
    return request.param


def _unit_patches(fig) -> dict[str, PathPatch]:
    """The filled patch of every unit (gid = Kemendagri code) in the first axes."""
    ax = fig.axes[0]
    return {a.get_gid(): a for a in ax.get_children() if isinstance(a, PathPatch) and a.get_gid()}


def _sample_like(seed: int = 7) -> pd.DataFrame:
    """A small frame shaped like the analysis output: capaian and a signed gap per kab/kota."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "kode_wilayah": KODE,
            "capaian": rng.uniform(40, 110, 14).round(1),
            "selisih": rng.normal(0, 4, 14).round(2),
        }
    )


# --- classification ----------------------------------------------------------------------
def test_predikat_bands_are_half_open():
    k = maps.klasifikasi([1, 2, 3], skema="predikat")
    v = [50.99, 51, 65.99, 66, 75.99, 76, 90.99, 91, 120, np.nan]
    assert k.kelas(v).tolist() == [0, 1, 1, 2, 2, 3, 3, 4, 4, -1]
    assert k.label[0].startswith("Sangat Rendah") and k.label[4].startswith("Sangat Tinggi")


def test_predikat_legend_follows_the_analysis_parameters():
    """Bands edited in parameters/*.yaml reach the legend (the tables cut with the same edges)."""
    from workbench.config import Predikat

    sendiri = {"sangat_tinggi": 90.0, "tinggi": 80.0, "sedang": 70.0, "rendah": 60.5}
    k = maps.klasifikasi([], skema="predikat", predikat=sendiri)
    assert k.tepi == (60.5, 70.0, 80.0, 90.0)
    assert k.kelas([60.4, 60.5, 89.99, 90]).tolist() == [0, 1, 3, 4]
    assert k.label == ("Sangat Rendah (< 60,5 %)", "Rendah (60,5 – < 70 %)",
                       "Sedang (70 – < 80 %)", "Tinggi (80 – < 90 %)",
                       "Sangat Tinggi (≥ 90 %)")  # fmt: skip
    assert maps.klasifikasi([], "predikat", predikat=Predikat(**sendiri)).tepi == k.tepi
    # the defaults are the Permendagri 86/2017 scale, as in parameters/kalteng.yaml
    assert maps.klasifikasi([], "predikat").tepi == (51.0, 66.0, 76.0, 91.0)


def test_fisher_jenks_breaks_by_hand():
    # three obvious groups: {1,2,3} {10,11,12} {20,21,22} → inner edges after 3 and after 12
    k = maps.klasifikasi([1, 2, 3, 10, 11, 12, 20, 21, 22], skema="fisher_jenks", k=3)
    assert k.tepi == (3.0, 12.0)
    # span 21 ≥ 5 → one decimal, Indonesian comma
    assert k.label == ("≤ 3,0", "3,0 – 12,0", "> 12,0")
    assert k.kelas([3, 3.01, 12, 12.5]).tolist() == [0, 1, 1, 2]  # (a, b] intervals


def test_counts_get_whole_number_classes():
    # number of outcomes without support per kab/kota: a count, never "0,00"
    k = maps.klasifikasi([0] * 13 + [1], k=1 + 1, bulat=True)
    assert (k.tepi, k.label, k.desimal) == ((0.0,), ("0", "1"), 0)
    k = maps.klasifikasi([0, 0, 1, 2, 3, 5, 5, 8], k=5, bulat=True)
    assert k.label == ("0", "1", "2 – 3", "4 – 5", "6 – 8")
    assert k.kelas([0, 1, 2, 3, 4, 5, 6, 8]).tolist() == [0, 1, 2, 2, 3, 3, 4, 4]
    assert maps.klasifikasi([2, 2], bulat=True).label == ("2",)
    with pytest.raises(maps.PetaError, match="whole numbers"):
        maps.klasifikasi([0.5, 1, 2], bulat=True)


def test_quantiles_and_fewer_values_than_classes():
    assert maps.klasifikasi(range(1, 11), skema="quantiles", k=2).tepi == (5.5,)
    assert maps.klasifikasi([4, 4, 7], k=5).k == 2  # only two distinct values


def test_signed_gaps_have_zero_as_an_edge():
    k = maps.klasifikasi([-5, -4, -1, 2, 3, 8], k=4)
    assert k.divergen and 0.0 in k.tepi
    c = k.kelas([-5, -4, -1, 0, 2, 3, 8])
    neg_classes, pos_classes = set(c[:4]), set(c[4:])
    assert max(neg_classes) < min(pos_classes)  # no class holds both signs
    colours = k.warna()
    assert len(set(colours)) == k.k and "#ffffff" not in colours


def test_unknown_scheme():
    with pytest.raises(maps.PetaError, match="unknown classification scheme"):
        maps.klasifikasi([1, 2, 3], skema="jenks_magic")


def test_breaks_once_for_the_province_give_one_legend(dengan_batas):
    # every district brief gets the same classes when the breaks come from the province
    f = _sample_like()
    k = maps.klasifikasi(f["capaian"])
    a = maps.peta_fokus("62.06", f, "capaian", breaks=k)
    b = maps.peta_fokus("62.08", f, "capaian", breaks=k)
    legend = [[t.get_text() for t in fig.legends[0].get_texts()] for fig in (a, b)]
    assert legend[0] == legend[1] == list(k.label)


# --- code-safe join (issue 4, Correctness) -----------------------------------------------
def test_katingan_by_bps_code_is_drawn_on_62_06_not_sukamara(dasar, shared_geodata):
    # every unit 50 (Sangat Rendah) except Katingan, given by its BPS code 6209,
    # at 99 (Sangat Tinggi)
    bps = reference.kemendagri_ke_kode_bps()
    f = pd.DataFrame({"kode_bps": [bps[k] for k in KODE], "capaian": 50.0})
    f.loc[f["kode_bps"] == "6209", "capaian"] = 99.0
    k = maps.klasifikasi(f["capaian"], skema="predikat")
    fig = maps.peta_choropleth(f, "capaian", judul="Uji", breaks=k, label=False)
    warna = k.warna()
    patches = _unit_patches(fig)
    assert set(patches) == set(KODE)
    assert to_hex(patches["62.06"].get_facecolor()) == warna[4]
    assert to_hex(patches["62.08"].get_facecolor()) == warna[0]  # Sukamara = BPS 6206
    distinctive = [g for g, p in patches.items() if to_hex(p.get_facecolor()) == warna[4]]
    assert distinctive == ["62.06"]
    if dasar == "batas":
        # the patch so coloured covers Katingan's ground, read independently from the shared file
        src = gpd.read_file(shared_geodata / "kalteng_kabkota.geojson").set_index("nama")
        path = patches["62.06"].get_path()
        kat = src.loc["Katingan", "geometry"].representative_point()
        suk = src.loc["Sukamara", "geometry"].representative_point()
        assert path.contains_point((kat.x, kat.y))
        assert not path.contains_point((suk.x, suk.y))


def test_bps_codes_in_kode_wilayah_are_refused(tanpa_batas):
    f = pd.DataFrame({"kode_wilayah": ["6209"], "nilai": [1.0]})
    with pytest.raises(maps.PetaError, match="not a Kemendagri code.*kode_bps"):
        maps.peta_choropleth(f, "nilai", judul="x")


def test_bad_frames(tanpa_batas):
    with pytest.raises(maps.PetaError, match="more than one row"):
        maps.nilai_per_wilayah(pd.DataFrame({"kode_wilayah": ["62.06", "62.06"], "v": [1, 2]}), "v")
    with pytest.raises(maps.PetaError, match="not one of the 14"):
        maps.nilai_per_wilayah(pd.DataFrame({"kode_wilayah": ["62.99"], "v": [1]}), "v")
    with pytest.raises(maps.PetaError, match="non-numeric"):
        maps.nilai_per_wilayah(pd.DataFrame({"kode_wilayah": ["62.06"], "v": ["tinggi"]}), "v")
    with pytest.raises(maps.PetaError, match="no kode_wilayah"):
        maps.nilai_per_wilayah(pd.DataFrame({"kode": ["62.06"], "v": [1]}), "v")
    with pytest.raises(maps.PetaError, match="not a BPS code"):
        maps.nilai_per_wilayah(pd.DataFrame({"kode_bps": ["6299"], "v": [1]}), "v")


def test_province_row_is_reported_not_drawn(tanpa_batas):
    f = pd.DataFrame({"kode_wilayah": ["62", "62.06"], "v": [70.0, 80.0]})
    with pytest.warns(UserWarning, match="1 province row"):
        s = maps.nilai_per_wilayah(f, "v")
    assert s["62.06"] == 80.0 and s.isna().sum() == 13


# --- missing values ----------------------------------------------------------------------
def test_missing_values_are_hatched_never_zero(dasar):
    f = _sample_like()
    f.loc[f["kode_wilayah"] == "62.06", "capaian"] = np.nan
    f = f[f["kode_wilayah"] != "62.12"]  # a unit absent from the frame is missing too
    k = maps.klasifikasi(f["capaian"], skema="predikat")
    fig = maps.peta_choropleth(f, "capaian", judul="Uji", breaks=k)
    patches = _unit_patches(fig)
    hatched = sorted(g for g, p in patches.items() if p.get_hatch())
    assert hatched == ["62.06", "62.12"]
    assert to_hex(patches["62.06"].get_facecolor()) not in k.warna()
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[-1] == "tidak ada data (2)"
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("Katingan") and t.endswith("t.a.d.") for t in texts)


# --- schematic fallback ------------------------------------------------------------------
def test_schematic_tiles_do_not_overlap_and_keep_the_geography(tanpa_batas):
    tiles = maps._tile_skematik().set_index("kode")
    geoms = tiles.geometry.to_numpy()
    for i in range(14):
        for j in range(i + 1, 14):
            assert shapely.intersection(geoms[i], geoms[j]).area == 0
    c = pd.Series(shapely.centroid(tiles.geometry.to_numpy()), index=tiles.index)
    assert c["62.12"].y > c["62.03"].y  # Murung Raya north of Kapuas
    assert c["62.08"].x < c["62.13"].x  # Sukamara west of Barito Timur


def test_schematic_is_labelled_and_warns_once(tanpa_batas, caplog):
    f = _sample_like()
    with caplog.at_level("WARNING", logger="workbench.maps"):
        fig = maps.peta_choropleth(f, "capaian", judul="Uji")
        maps.peta_choropleth(f, "capaian", judul="Uji lagi")
    pesan = [r.getMessage() for r in caplog.records if "schematic" in r.getMessage()]
    assert len(pesan) == 1 and "workbench geodata install" in pesan[0]
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "Peta skematik" in texts
    assert maps.KREDIT not in texts  # no BIG credit on a map that does not use BIG's lines


def test_real_map_carries_the_credit(dengan_batas):
    fig = maps.peta_choropleth(_sample_like(), "capaian", judul="Uji")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Sumber batas wilayah: Badan Informasi Geospasial (BIG), RBI 1:50.000 (2023)" in texts
    assert "U" in texts and "100 km" in texts  # north arrow and scale bar


# --- focus and small multiples -----------------------------------------------------------
def test_focus_highlights_the_district_among_neighbours(dengan_batas):
    fig = maps.peta_fokus("62.71")
    patches = _unit_patches(fig)
    assert to_hex(patches["62.71"].get_facecolor()) == "#d95f02"
    grey = {g for g, p in patches.items() if to_hex(p.get_facecolor()) == "#d9d9d9"}
    # Kota Palangka Raya borders Katingan, Gunung Mas and Pulang Pisau (SOURCE.md map)
    assert {"62.06", "62.10", "62.11"} <= grey
    assert "62.08" not in grey
    x0, x1 = fig.axes[0].get_xlim()
    assert x1 - x0 < 2.5  # zoomed in (the province spans 5.1 degrees)
    with pytest.raises(maps.PetaError, match="not one of the 14"):
        maps.peta_fokus("62.6")


def test_small_multiples_share_one_legend(dasar):
    rows = []
    for tahun, shift in ((2024, 0), (2025, 10), (2026, 20)):
        rows.append(
            pd.DataFrame(
                {"kode_wilayah": KODE, "tahun": tahun, "capaian": np.linspace(40, 90, 14) + shift}
            )
        )
    f = pd.concat(rows, ignore_index=True)
    k = maps.klasifikasi(f["capaian"], skema="predikat")
    fig = maps.peta_kecil_berganda(f, "capaian", panel="tahun", judul="Capaian", breaks=k)
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["Tahun 2024", "Tahun 2025", "Tahun 2026"]
    assert len(fig.legends) == 1
    # Kotawaringin Barat: 40 in 2024 (Sangat Rendah), 60 in 2026 (Rendah)
    first = {
        a.get_gid(): a for a in panels[0].get_children() if isinstance(a, PathPatch) and a.get_gid()
    }
    last = {
        a.get_gid(): a for a in panels[2].get_children() if isinstance(a, PathPatch) and a.get_gid()
    }
    assert to_hex(first["62.01"].get_facecolor()) == k.warna()[0]
    assert to_hex(last["62.01"].get_facecolor()) == k.warna()[1]


# --- rendering ---------------------------------------------------------------------------
def test_every_map_type_renders_to_png(dasar, tmp_path):
    f = _sample_like()
    f.loc[3, "capaian"] = np.nan
    bidang = pd.concat(
        [
            f.assign(kode_bidang=b, capaian=f["capaian"] - i * 7)
            for i, b in enumerate(["1.01", "1.02"])
        ]
    )
    figs = {
        "choropleth": maps.peta_choropleth(
            f, "capaian", judul="Capaian", breaks="predikat", satuan="%"
        ),
        "selisih": maps.peta_choropleth(f, "selisih", judul="Selisih", satuan="poin"),
        "fokus": maps.peta_fokus("62.06"),
        "fokus_nilai": maps.peta_fokus(
            "62.06", f, "capaian", breaks=maps.klasifikasi(f["capaian"])
        ),
        "berganda": maps.peta_kecil_berganda(bidang, "capaian", judul="Per bidang"),
    }
    for name, fig in figs.items():
        path = maps.simpan_png(fig, tmp_path / f"{name}.png", dpi=60)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        img = imread(path)
        assert img.shape[0] > 200 and img[..., :3].std() > 0.05, f"{name} looks blank"
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(f"{n}.png" for n in figs)
    assert not list(tmp_path.glob(".*tmp"))


def test_global_rcparams_untouched(tanpa_batas):
    before = dict(matplotlib.rcParams)
    with matplotlib.rc_context({"font.size": 20, "hatch.linewidth": 3.0}):
        fig = maps.peta_choropleth(_sample_like(), "capaian", judul="Uji")
        assert fig.axes[0].title.get_fontsize() == 12  # the module's own setting, not 20
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert dict(matplotlib.rcParams) == before


def test_damaged_install_falls_back_to_schematic(dengan_batas, monkeypatch, caplog):
    from workbench.paths import geodata_dir

    (geodata_dir() / "kalteng_kabkota.gpkg").write_bytes(b"garbage")
    monkeypatch.setattr(maps.geometry, "_peringatan_skematik_sudah", False)
    with caplog.at_level("WARNING", logger="workbench.maps"):
        fig = maps.peta_choropleth(_sample_like(), "capaian", judul="Uji")
    assert any("damaged" in r.getMessage() for r in caplog.records)
    assert "Peta skematik" in " ".join(t.get_text() for t in fig.axes[0].texts)


def test_maps_display_themselves_in_a_notebook(tanpa_batas):
    # figures live outside pyplot; a kernel that never imported pyplot still shows the PNG
    fig = maps.peta_choropleth(_sample_like(), "capaian", judul="Uji")
    assert isinstance(fig, maps.Peta)
    assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"


def test_all_missing_still_draws(dasar):
    f = pd.DataFrame({"kode_wilayah": KODE, "capaian": np.nan})
    fig = maps.peta_choropleth(f, "capaian", judul="Belum ada realisasi")
    assert len([p for p in _unit_patches(fig).values() if p.get_hatch()]) == 14
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["tidak ada data (14)"]


def test_draws_into_a_given_axes(tanpa_batas):
    from matplotlib.figure import Figure

    mine = Figure(figsize=(4, 4))
    ax = mine.add_subplot()
    assert maps.peta_choropleth(_sample_like(), "capaian", judul="x", ax=ax) is mine
    assert len(_unit_patches(mine)) == 14


def test_numbers_in_indonesian_format(dengan_batas):
    f = pd.DataFrame({"kode_wilayah": KODE, "pagu": np.linspace(1000, 14000, 14)})
    fig = maps.peta_choropleth(f, "pagu", judul="Pagu (juta Rp)")
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # span 13,000 ≥ 100 → no decimals, dots for thousands
    assert all("," not in t for t in legend) and any("." in t for t in legend)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Katingan\n6.000" in texts  # 62.06 is the 6th unit: 1,000 + 5 × 1,000
    assert fig.axes[0].get_title(loc="left") == "Pagu (juta Rp)"
    focus = maps.peta_fokus("62.06")
    assert focus.axes[0].get_title(loc="left") == "Kab. Katingan dan wilayah sekitarnya"


# --- the base layer: built once per process and boundary file ------------------------------
def test_base_layer_is_built_once_per_boundary_file(dengan_batas, shared_geodata):
    first = maps._dasar()
    assert maps._dasar() is first  # the next map reuses paths, label points and neighbours
    assert set(first.jalur) == set(KODE) and set(first.titik) == set(KODE)
    geo.install_boundaries(shared_geodata / "kalteng_kabkota.geojson")  # a new file: rebuilt
    assert maps._dasar() is not first


def test_schematic_base_layer_is_cached_and_still_warns_once(tanpa_batas, caplog):
    with caplog.at_level("WARNING", logger="workbench.maps"):
        first = maps._dasar()
        assert maps._dasar() is first and first.skematik
    assert len([r for r in caplog.records if "schematic" in r.getMessage()]) == 1


def test_drawing_geometry_is_simplified_once_within_tolerance(dengan_batas):
    d = maps._dasar()
    asli = geo.load_boundaries().set_index("kode").geometry
    gambar = d.unit.set_index("kode").geometry
    assert shapely.is_valid(gambar.to_numpy()).all()
    n_asli = shapely.get_num_coordinates(asli.to_numpy()).sum()
    assert shapely.get_num_coordinates(gambar.to_numpy()).sum() < n_asli
    for kode in KODE:
        # no point moves by more than the tolerance (under half a pixel at a brief's zoom)
        assert shapely.hausdorff_distance(asli[kode], gambar[kode]) <= maps.TOLERANSI_GAMBAR * 1.1
    # neighbours barely overlap where their shared edge was simplified twice (ppm of the area)
    luas = shapely.area(gambar.to_numpy()).sum()
    assert luas == pytest.approx(shapely.union_all(gambar.to_numpy()).area, rel=1e-4)
    assert luas == pytest.approx(shapely.area(asli.to_numpy()).sum(), rel=1e-3)
    # the district-focus neighbours are those of the full geometry
    assert d.tetangga["62.06"] == frozenset(
        asli.index[asli.intersects(asli["62.06"].buffer(0.02))])


def test_maps_drawn_from_the_cached_base_layer_are_identical(dasar):
    f = _sample_like()
    one = maps.peta_fokus("62.06", f, "capaian", breaks=maps.klasifikasi(f["capaian"]))._repr_png_()
    maps._cache_dasar.clear()
    two = maps.peta_fokus("62.06", f, "capaian", breaks=maps.klasifikasi(f["capaian"]))._repr_png_()
    assert one == two


def test_the_shared_renderer_draws_what_a_fresh_canvas_draws(dasar):
    # one Agg renderer per size and thread serves every figure; the PNG is the one a figure's
    # own canvas writes, also for a height whose pixels round down unless taken as Agg does
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from workbench.maps.saving import PNG_PIL, png_bytes

    f = _sample_like()
    figs = [maps.peta_fokus("62.06", f, "capaian", breaks=maps.klasifikasi(f["capaian"])),
            maps.peta_choropleth(f, "selisih", judul="Uji")]
    figs[1].set_size_inches(8.5, 0.45 * 9 + 1.4)  # a brief's bar chart of nine rows
    for fig in figs + figs:  # the second round reuses the renderers
        own = fig.canvas
        buf = io.BytesIO()
        FigureCanvasAgg(fig)
        fig.savefig(buf, format="png", dpi=100, facecolor="white", pil_kwargs=PNG_PIL)
        fig.set_canvas(own)
        assert png_bytes(fig, dpi=100) == buf.getvalue()
        assert fig.canvas is own


# --- natural breaks without importing mapclassify (and scipy.stats) in every kernel -------------
@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.one_of(st.integers(0, 100).map(float),
                                 st.floats(-50, 150, allow_nan=False).map(lambda x: round(x, 1))),
                       min_size=2, max_size=40),
       k=st.integers(2, 5))
def test_fisher_jenks_matches_mapclassify(values, k):
    import mapclassify as mc

    v = np.asarray(values, dtype=float)
    k = min(k, len(np.unique(v)))
    if k < 2:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Numba not installed"
        ref = np.asarray(mc.FisherJenks(v, k=k).bins)
    np.testing.assert_array_equal(maps._fisher_jenks(np.sort(v), k), ref)


def test_briefs_maps_do_not_import_scipy():
    import subprocess
    import sys

    code = ("import sys, workbench.laporan, workbench.maps as m; "
            "m.klasifikasi([1.0, 5, 9, 20, 40, 41], 'natural_breaks', k=3); "
            "print(sorted(n for n in sys.modules if n.startswith(('scipy', 'mapclassify'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
