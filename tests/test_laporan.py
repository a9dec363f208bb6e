"""Unit tests of workbench.laporan: headline figures, recommendation rules, escaping, Excel, index.

The analysis result is built by hand (a ``Hasil`` with only the columns the briefs read), so
every expected figure below is computed in a comment from the rows.
"""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from workbench import laporan
from workbench.analysis import Hasil
from workbench.teks import round_half_up

KAB, LAIN, KETIGA, PROV = "62.06", "62.01", "62.02", "62"
T = 2026
XSS = "<script>alert(1)</script>"
PD = 'Dinas "Sehat" & Sejahtera'
NAMA_IND = {"I_XSS": XSS, "I_B": "Angka partisipasi & mutu", "I_C": "Cakupan layanan"}


def _sink(kode, bidang, n, dirc, indeks, renja, berpagu, pagu, n_out=1, tanpa=0):
    return {
        "kode_wilayah": kode, "kode_bidang": bidang, "tahun": T, "n_disepakati": n,
        "n_direncanakan": dirc, "dukungan_persen": dirc / n * 100, "pagu_dukungan": pagu,
        "indeks_sinkronisasi": indeks, "n_direncanakan_renja": renja,
        "dukungan_renja_persen": renja / n * 100, "pagu_bidang": pagu * 2,
        "porsi_pagu_persen": 50.0, "n_outcome": n_out, "n_outcome_tanpa_dukungan": tanpa,
        "cakupan_outcome_persen": 100.0, "n_berpagu": berpagu,
        "pendanaan_persen": berpagu / n * 100,
    }  # fmt: skip


def _rin(kode, bidang, ind, sub, rkpd, renja, pagu):
    return {"kode_wilayah": kode, "kode_bidang": bidang, "tahun": T, "kode_indikator": ind,
            "kode_sub_kegiatan": sub, "di_rkpd": rkpd, "di_renja": renja,
            "pagu_rkpd": pagu}  # fmt: skip


def _cap(kode, ind, tahun, target, real, cap, pred, memenuhi, lint=None):
    gap = target - real
    return {"kode_wilayah": kode, "kode_indikator": ind, "tahun": tahun, "target": target,
            "realisasi": real, "capaian_persen": cap, "predikat": pred, "gap": gap,
            "gap_relatif_persen": gap / target * 100, "memenuhi": memenuhi,
            "target_teks": str(target), "sumber_target": "RKPD", "arah": "naik", "satuan": "%",
            "uraian_indikator": NAMA_IND.get(ind, ind), "status": "dihitung", "catatan": None,
            "status_lintasan": lint, "tren_arah": None}  # fmt: skip


def _lint(kode, ind, status, rasio=np.nan):
    return {"kode_wilayah": kode, "kode_indikator": ind, "arah": "naik", "tahun_dasar": 2024,
            "nilai_dasar": 40.0, "tahun_terakhir": 2025, "nilai_terakhir": 38.0,
            "tahun_target": 2029, "target_akhir": 90.0, "metode": "cagr",
            "rasio_lintasan": rasio, "status_lintasan": status}  # fmt: skip


def hasil_buatan() -> Hasil:
    """Three kab/kota and the province, year 2026 (figures in the tests' comments)."""
    sink = pd.DataFrame([
        _sink(KAB, "1.01", 4, 1, 30.0, 1, 1, 500e6, n_out=2, tanpa=1),
        _sink(KAB, "1.02", 6, 6, 90.0, 4, 5, 1.5e9),
        _sink(LAIN, "1.01", 4, 4, 80.0, 4, 4, 1e9, n_out=2),
        _sink(LAIN, "1.02", 6, 3, 50.0, 3, 3, 2e8),
        _sink(KETIGA, "1.01", 4, 4, 70.0, 4, 4, 8e8, n_out=2),
        _sink(KETIGA, "1.02", 6, 6, 60.0, 6, 6, 9e8),
    ])  # fmt: skip
    rin = pd.DataFrame([
        _rin(KAB, "1.01", "I_XSS", "1.01.02.2.01.0047", False, False, np.nan),
        _rin(KAB, "1.01", "I_XSS", "1.01.02.2.01.0029", False, True, np.nan),
        _rin(KAB, "1.01", "I_B", "1.01.02.2.01.0001", True, True, 500e6),
        _rin(KAB, "1.01", "I_B", "1.01.02.2.01.0002", False, False, np.nan),
        _rin(KAB, "1.02", "I_C", "1.02.02.2.02.0001", True, True, 1.5e9),
        _rin(LAIN, "1.01", "I_XSS", "1.01.02.2.01.0047", True, True, 7e8),
        _rin(LAIN, "1.01", "I_XSS", "1.01.02.2.01.0029", True, True, 3e8),
        _rin(KETIGA, "1.01", "I_XSS", "1.01.02.2.01.0047", True, True, 8e8),
    ])  # fmt: skip
    cap = pd.DataFrame([
        _cap(KAB, "I_XSS", 2024, 80.0, 40.0, 50.0, "Sangat Rendah", False),
        _cap(KAB, "I_XSS", 2025, 80.0, 44.0, 55.0, "Rendah", False, "memburuk"),
        _cap(KAB, "I_B", 2025, 10.0, 9.0, 90.0, "Tinggi", False, "sesuai lintasan"),
        _cap(KAB, "I_C", 2025, 50.0, 52.5, 105.0, "Sangat Tinggi", True, "target tercapai"),
        _cap(LAIN, "I_XSS", 2025, 80.0, 80.0, 100.0, "Sangat Tinggi", True),
        _cap(PROV, "I_XSS", 2025, 80.0, 60.0, 75.0, "Sedang", False),
    ])  # fmt: skip
    lint = pd.DataFrame([
        _lint(KAB, "I_XSS", "memburuk", -0.2),
        _lint(KAB, "I_B", "sesuai lintasan", 1.1),
        _lint(KAB, "I_C", "target tercapai"),
        _lint(KAB, "I_D", None),
        _lint(LAIN, "I_XSS", "sesuai lintasan", 1.0),
    ])  # fmt: skip
    kons = pd.DataFrame([
        {"kode_wilayah": KAB, "pasangan": "RPJMD→RKPD", "tahun": T, "tingkat": "program",
         "n_baris_atas": 10, "n_baris_bawah": 6, "n_terhubung": 5, "n_tidak_ada_di_bawah": 5,
         "n_tidak_direncanakan": 1, "n_target_kurang_ambisius": 1, "keterkaitan_persen": 50.0,
         "kategori": "sedang", "keterangan": None},
        {"kode_wilayah": KAB, "pasangan": "RENSTRA→RENJA", "tahun": T, "tingkat": "sub_kegiatan",
         "n_baris_atas": 20, "n_baris_bawah": 19, "n_terhubung": 19, "n_tidak_ada_di_bawah": 1,
         "n_tidak_direncanakan": 0, "n_target_kurang_ambisius": 0, "keterkaitan_persen": 95.0,
         "kategori": "sangat baik", "keterangan": None},
    ])  # fmt: skip
    kons_r = pd.DataFrame([
        {"kode_wilayah": KAB, "pasangan": "RPJMD→RKPD", "tahun": T, "tingkat": "program",
         "jenis_temuan": "tidak ada di dokumen bawah", "kode_nomenklatur": f"1.01.{i:02d}",
         "perangkat_daerah": PD, "kode_indikator": "I_XSS" if i == 2 else None, "arah": None,
         "target_dokumen_atas": None, "target_dokumen_bawah": None, "selisih": np.nan}
        for i in range(2, 14)
    ])  # fmt: skip
    agr = pd.DataFrame([
        {"kode_wilayah": PROV, "kode_indikator": "I_B", "tahun": T, "agregasi":
         "rata_tertimbang_penduduk", "arah": "naik", "n_kabkota": 3, "n_kabkota_bertarget": 3,
         "target_provinsi": 12.0, "target_implisit": 11.2, "selisih_target": 0.8,
         "memenuhi": False, "keterangan": None},
    ])  # fmt: skip
    agr_r = pd.DataFrame([
        {"kode_wilayah": KAB, "kode_provinsi": PROV, "kode_indikator": "I_B", "tahun": T,
         "penduduk": 400, "bobot": 0.4, "target": 10.0, "target_provinsi": 12.0,
         "menarik_ke_bawah": True, "realisasi": np.nan, "realisasi_provinsi": np.nan},
        {"kode_wilayah": LAIN, "kode_provinsi": PROV, "kode_indikator": "I_B", "tahun": T,
         "penduduk": 600, "bobot": 0.6, "target": 12.0, "target_provinsi": 12.0,
         "menarik_ke_bawah": False, "realisasi": np.nan, "realisasi_provinsi": np.nan},
    ])  # fmt: skip
    tanpa = pd.DataFrame([{"kode_wilayah": KAB, "tahun": T, "kode_bidang": "1.01",
                           "kode_indikator": "I_XSS", "n_disepakati": 2}])  # fmt: skip
    return Hasil(
        tahun=T, capaian=cap, capaian_lintasan=lint, konsistensi=kons,
        konsistensi_rincian=kons_r, sinkronisasi=sink, sinkronisasi_rincian=rin,
        sinkronisasi_tanpa_dukungan=tanpa, target_agregat=agr, target_agregat_rincian=agr_r,
    )  # fmt: skip


def konteks(kode: str = KAB, sintetis: bool = True) -> laporan.Konteks:
    h = hasil_buatan()
    return laporan.Konteks(
        kode_wilayah=kode, tahun=T, nama=laporan.nama_tampilan(kode),
        hasil=h.untuk_wilayah(kode), semua=h.untuk_wilayah(PROV), sintetis=sintetis,
        sumber=f"Sumber: paket uji {PD}", nama_indikator=NAMA_IND,
        satuan_indikator={"I_XSS": "%", "I_B": "%", "I_C": "%"},
        nama_nomenklatur={"1.01": "Urusan Pemerintahan Bidang Pendidikan",
                          "1.02": "Urusan Pemerintahan Bidang Kesehatan"},
        nama_kabkota={KAB: "Kab. Katingan", LAIN: "Kab. Kotawaringin Barat",
                      KETIGA: "Kab. Kotawaringin Timur", PROV: "Provinsi Kalimantan Tengah"},
    )  # fmt: skip


@pytest.fixture(autouse=True)
def _schematic_maps(tmp_path_factory, monkeypatch):
    # No boundary layer: every map falls back to the schematic tiles (fast, deterministic).
    monkeypatch.setenv("WORKBENCH_GEODATA_DIR", str(tmp_path_factory.mktemp("geo-kosong")))


# --- headline figures ------------------------------------------------------------------------
def test_indeks_keseluruhan_is_weighted_by_agreed_sub_kegiatan():
    r = laporan.indeks_keseluruhan(hasil_buatan().sinkronisasi).set_index("kode_wilayah")
    # 62.06: (30·4 + 90·6) / 10 = 66; 62.01: (80·4 + 50·6) / 10 = 62; 62.02: (280+360)/10 = 64
    assert r.loc[KAB, "indeks_sinkronisasi"] == pytest.approx(66.0)
    assert r.loc[LAIN, "indeks_sinkronisasi"] == pytest.approx(62.0)
    assert r.loc[KETIGA, "indeks_sinkronisasi"] == pytest.approx(64.0)
    # support: (1 + 6) / (4 + 6) = 70 %
    assert r.loc[KAB, "dukungan_persen"] == pytest.approx(70.0)


def test_angka_utama_on_hand_made_hasil():
    a = laporan.angka_utama(konteks())
    assert a.indeks_sinkronisasi == pytest.approx(66.0)
    assert a.peringkat == 1 and a.n_kabkota == 3  # 66 > 64 > 62; the other 11 have no data
    assert (a.n_disepakati, a.n_direncanakan) == (10, 7)
    assert a.pagu_dukungan == pytest.approx(2.0e9)  # 0,5 + 1,5 miliar
    assert a.pagu_teks == laporan.rupiah(2.0e9)
    # outcomes: I_XSS (neither sub kegiatan in the RKPD), I_B (one of two), I_C → 1 of 3
    assert (a.n_outcome_tanpa_dukungan, a.n_outcome) == (1, 3)
    # trajectory: I_B sesuai lintasan, I_C target tercapai, I_XSS memburuk, I_D no status
    assert a.n_indikator_dinilai == 3
    assert a.persen_sesuai_lintasan == pytest.approx(200 / 3)
    # worst gaps: latest rows missing their target, lowest capaian first (I_C meets its target)
    assert a.gap_terburuk["kode_indikator"].tolist() == ["I_XSS", "I_B"]
    assert a.gap_terburuk["tahun"].tolist() == [2025, 2025]
    assert a.gap_terburuk["uraian"].iloc[0] == XSS


def test_ringkasan_kabkota_keeps_districts_without_data():
    r = laporan.ringkasan_kabkota(hasil_buatan().untuk_wilayah(PROV))
    assert len(r) == 14
    kosong = r[r["kode_wilayah"] == "62.71"].iloc[0]
    assert np.isnan(kosong["indeks_sinkronisasi"]) and pd.isna(kosong["peringkat"])
    assert kosong["n_disepakati"] == 0
    assert r.set_index("kode_wilayah").loc[[KAB, KETIGA, LAIN], "peringkat"].tolist() == [1, 2, 3]


def test_sinkronisasi_bidang_against_province_median():
    s = laporan.sinkronisasi_bidang(konteks()).set_index("kode_bidang")
    # 1.01: median(30, 80, 70) = 70 → −40; 1.02: median(90, 50, 60) = 60 → +30
    assert s.loc["1.01", "median_provinsi"] == 70.0 and s.loc["1.01", "selisih"] == -40.0
    assert s.loc["1.02", "median_provinsi"] == 60.0 and s.loc["1.02", "selisih"] == 30.0
    assert s.loc["1.01", "bidang"] == "1.01 Pendidikan"


def test_keterkaitan_total_pools_levels():
    k = pd.DataFrame({"kode_wilayah": ["a", "a", "b"], "pasangan": ["RPJMD→RKPD"] * 3,
                      "n_terhubung": [5, 3, 0], "n_baris_atas": [10, 5, 0]})  # fmt: skip
    s = laporan.keterkaitan_total(k, "RPJMD→RKPD")
    assert s["a"] == pytest.approx(8 / 15 * 100)  # (5 + 3) / (10 + 5)
    assert np.isnan(s["b"])


# --- recommendation rules --------------------------------------------------------------------
def test_rekomendasi_order_and_rules():
    rek = laporan.rekomendasi(konteks())
    assert [r.aturan for r in rek] == [
        "tanpa_dukungan",  # P1: I_XSS
        "bidang_di_bawah_median",  # P2: 1.01 is 40 points below the median
        "capaian_rendah",  # P2: I_XSS 55 % Rendah
        "tanpa_pagu",  # P3: 1.02 has 6 in the RKPD, 5 with pagu → 1
        "target_menarik",  # P3: I_B 10 < province 12
        "renja",  # P4: RKPD 7, Renja 1 + 4 = 5
        "konsistensi",  # P4: RPJMD→RKPD programme 50 %
    ]
    teks = {r.aturan: r for r in rek}
    assert "0 dari 2 sub kegiatan" in teks["tanpa_dukungan"].dasar
    assert "median provinsi 70,0" in teks["bidang_di_bawah_median"].dasar
    assert "1 sub kegiatan" in teks["tanpa_pagu"].teks
    assert "Renja memuat 5" in teks["renja"].dasar and "RKPD 7" in teks["renja"].dasar
    assert "50,0" in teks["konsistensi"].dasar and "sedang" in teks["konsistensi"].dasar
    # memburuk is not repeated for I_XSS, already named by capaian_rendah
    assert "memburuk" not in [r.aturan for r in rek]


def test_rek_tanpa_dukungan_counts_the_rest():
    t = pd.DataFrame({"kode_indikator": ["A", "B", "C", "D"], "n_disepakati": [1, 3, 2, 2]})
    rek = laporan.rek_tanpa_dukungan(t, {"B": "Outcome B"}, 2026, maks=2)
    assert len(rek) == 3
    assert "Outcome B" in rek[0].teks and "0 dari 3" in rek[0].dasar  # most agreed first
    assert "“C”" in rek[1].teks  # tie 2/2: code order; unknown name → code
    assert rek[2].teks.startswith("Tinjau 2 outcome provinsi lain")


def test_rek_bidang_threshold():
    b = pd.DataFrame({"bidang": ["1.01 A", "1.02 B", "1.03 C"], "indeks_sinkronisasi":
                      [50.0, 61.0, 20.0], "median_provinsi": [60.0, 70.0, 60.0],
                      "selisih": [-10.0, -9.0, -40.0], "n_disepakati": [4, 4, 4],
                      "n_direncanakan": [2, 3, 1]})  # fmt: skip
    rek = laporan.rek_bidang_di_bawah_median(b, ambang=10.0)
    # −40 first, −10 fires (≤ −10), −9 does not
    assert [r.teks.split("bidang ")[1].split(":")[0] for r in rek] == ["1.03 C", "1.01 A"]


def test_rek_memburuk_and_konsistensi_and_quiet_cases():
    lint = pd.DataFrame([_lint(KAB, "X", "memburuk", -0.5), _lint(KAB, "Y", "memburuk", -0.9)])
    rek = laporan.rek_memburuk(lint, {"Y": "Indikator Y"})
    assert len(rek) == 1 and "Indikator Y" in rek[0].teks  # lowest ratio first
    assert "40 (2024) → 38 (2025); target 2029: 90." == rek[0].dasar  # whole values: no decimals
    assert laporan.rek_memburuk(lint, {}, kecuali=["X", "Y"]) == []
    kons = pd.DataFrame({"pasangan": ["RENSTRA→RENJA", "RENSTRA→RENJA", "RPJMD→RKPD"],
                         "tingkat": ["program", "kegiatan", "program"],
                         "keterkaitan_persen": [30.0, 10.0, 80.0],
                         "kategori": ["buruk", "sangat buruk", "sangat baik"],
                         "n_tidak_ada_di_bawah": [7, 9, 1]})  # fmt: skip
    rek = laporan.rek_konsistensi(kons)
    assert len(rek) == 1 and "Renstra→Renja tingkat kegiatan" in rek[0].teks
    assert "10,0" in rek[0].dasar
    s = pd.DataFrame([_sink(KAB, "1.01", 4, 4, 100.0, 4, 4, 1e9)])
    assert laporan.rek_tanpa_pagu(s, {}) == [] and laporan.rek_renja(s) == []


# --- escaping --------------------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]


def _blocks(k):
    return [laporan.judul(k), laporan.blok_angka_utama(k), laporan.tabel_sinkronisasi(k),
            laporan.tabel_tanpa_dukungan(k), laporan.tabel_capaian(k),
            laporan.tabel_target_agregat(k), laporan.tabel_konsistensi(k),
            laporan.blok_rekomendasi(k), laporan.blok_sumber(k)]  # fmt: skip


def test_text_from_data_is_escaped_in_every_block():
    html_all = "".join(_blocks(konteks()))
    assert "<script" not in html_all.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_all
    assert "Dinas &quot;Sehat&quot; &amp; Sejahtera" in html_all
    assert 'Dinas "Sehat" & Sejahtera' not in html_all
    p = _Tags()
    p.feed(html_all)
    assert "script" not in p.tags


def test_konsistensi_shows_top_n_and_counts_the_rest():
    b = laporan.tabel_konsistensi(konteks(), n=8)
    # 12 offending lines, 8 shown
    assert "… dan 4 baris temuan lainnya." in b
    assert "Temuan RPJMD→RKPD (12: 12 tidak ada di dokumen bawah)" in b


def test_sintetis_note_only_for_synthetic_data():
    assert laporan.CATATAN_SINTETIS in laporan.judul(konteks(sintetis=True))
    assert laporan.CATATAN_SINTETIS in laporan.blok_sumber(konteks(sintetis=True))
    assert laporan.CATATAN_SINTETIS not in laporan.judul(konteks(sintetis=False))
    assert laporan.CATATAN_SINTETIS not in laporan.blok_sumber(konteks(sintetis=False))


def test_predikat_badge_colours_and_escapes():
    assert "#d73027" in laporan.sel_predikat("Sangat Rendah")
    assert "&lt;b&gt;" in laporan.sel_predikat("<b>")
    assert laporan.sel_predikat(None) == "–"


# --- charts and maps -------------------------------------------------------------------------
def test_charts_and_maps_draw_without_warnings(recwarn):
    k = konteks()
    for fig in (laporan.grafik_sinkronisasi(k), laporan.grafik_tren(k),
                laporan.peta_fokus_wilayah(k), laporan.peta_gap_utama(k)):  # fmt: skip
        png, meta = fig._repr_png_()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and meta["alt"]
    kp = konteks(PROV)
    for fig in (laporan.grafik_peringkat(kp), laporan.peta_indeks_provinsi(kp),
                laporan.peta_bidang(kp), laporan.peta_tanpa_dukungan(kp)):  # fmt: skip
        png, meta = fig._repr_png_()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and meta["alt"]
    assert [str(w.message) for w in recwarn] == []


def test_province_blocks():
    kp = konteks(PROV)
    t = laporan.tabel_peringkat(kp)
    # ranks 1..3 in order, the 11 others without data last
    assert t.index("Kab. Katingan") < t.index("Kab. Kotawaringin Timur") < t.index(
        "Kab. Kotawaringin Barat"
    )
    g = laporan.gap_provinsi(kp)
    assert g.iloc[0]["kode_indikator"] == "I_XSS" and g.iloc[0]["terendah"] == "Kab. Katingan"
    assert "&lt;script&gt;" in laporan.tabel_gap_provinsi(kp)
    assert "0,8" in laporan.tabel_target_agregat_provinsi(kp)  # 12 − 11,2


# --- outputs of a run ------------------------------------------------------------------------
def test_tulis_index_links_resolve_and_escapes(tmp_path):
    h = hasil_buatan()
    (tmp_path / "62.06-katingan.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "62-kalimantan-tengah.html").write_text("<html></html>", encoding="utf-8")
    jobs = [
        {"kode_wilayah": KAB, "stem": "62.06-katingan", "status": "ok", "durasi": 1.25},
        {"kode_wilayah": LAIN, "stem": "62.01-kotawaringin-barat", "status": "gagal",
         "durasi": 0.5, "kegagalan": {"sel": 3, "galat": "ValueError", "pesan": XSS}},
        {"kode_wilayah": PROV, "stem": "62-kalimantan-tengah", "status": "ok", "durasi": 2.0},
    ]  # fmt: skip
    # the Excel tables are missing: the index writes them first and links them
    path = laporan.tulis_index(tmp_path, h, jobs, sintetis=True)
    page = path.read_text(encoding="utf-8")
    p = _Tags()
    p.feed(page)
    assert "script" not in p.tags
    assert p.hrefs, "no links"
    for href in p.hrefs:
        assert not href.startswith(("/", "http", "file:")), href
        assert (tmp_path / href).is_file(), href
    assert 'href="62.06-katingan.html"' in page
    for name in laporan.berkas_excel(T):
        assert f'href="{name}"' in page
    assert "62.01-kotawaringin-barat.html" not in page  # failed: no file, no link
    assert "(belum tersedia)" in page and "rinciannya di manifest.json" in page
    # leadership page: no operations columns (status, duration, the failing cell's message)
    assert "alert(1)" not in page and "ValueError" not in page
    assert "<th" in page and "Durasi" not in page and ">Status<" not in page
    assert "data:image/png;base64," in page
    assert laporan.CATATAN_SINTETIS in page
    assert "66,0" in page  # the index of Katingan
    assert re.search(r"Dibuat oleh workbench pada \d{1,2} [A-Z][a-z]+ \d{4}\.", page)
    assert not list(tmp_path.glob(".*.tmp"))


def test_tulis_index_accepts_job_results(tmp_path):
    from workbench.briefs import JobResult

    (tmp_path / "62.06-katingan.html").write_text("x", encoding="utf-8")
    jobs = [JobResult("62.06-katingan", "Katingan", "ok", 0.7, "h",
                      berkas={"html": "62.06-katingan.html"})]  # fmt: skip
    page = laporan.tulis_index(tmp_path, hasil_buatan(), jobs, sintetis=False, excel=False)
    page = page.read_text(encoding="utf-8")
    assert "xlsx" not in page  # not written, not linked
    assert 'href="62.06-katingan.html"' in page and laporan.CATATAN_SINTETIS not in page


def test_tulis_index_escapes_hostile_names(tmp_path, monkeypatch):
    """A hostile name in the data (province title, a brief's name) comes out escaped."""
    jahat = "<script>alert('x')</script> & Co"
    monkeypatch.setattr(laporan.konteks, "nama_tampilan", lambda kode: jahat)
    (tmp_path / "62.99-x.html").write_text("x", encoding="utf-8")
    jobs = [{"kode_wilayah": "62.99", "stem": "62.99-x", "status": "ok", "judul": jahat}]
    page = laporan.tulis_index(tmp_path, hasil_buatan(), jobs, sintetis=False, excel=False)
    page = page.read_text(encoding="utf-8")
    assert "<script>" not in page and "& Co" not in page
    # the title and heading (the Jinja2 template) and the brief's link (the table helper)
    assert page.count("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co") == 2
    assert page.count("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co") == 1
    assert '<a href="62.99-x.html">&lt;script&gt;' in page


def test_render_page_autoescapes_text_but_not_markup():
    from markupsafe import Markup

    page = laporan.display.render_page(
        "index.html.j2", tahun=2026, nama="A & <b>", css=Markup(""), banner=Markup("<i>ok</i>"),
        tersedia="<x>", peta_png="", tabel=Markup("<table></table>"),
        lampiran=[("a&b.xlsx", "<isi>")], tanggal="1 Januari 2026", sintetis=False,
        catatan_sintetis="",
    )  # fmt: skip
    assert "<title>Brief sinkronisasi perencanaan 2026: A &amp; &lt;b&gt;</title>" in page
    assert "<i>ok</i>" in page and "<table></table>" in page and "<p>&lt;x&gt;." in page
    assert '<li><a href="a&amp;b.xlsx">a&amp;b.xlsx</a>: &lt;isi&gt;</li>' in page
    assert "Peta tidak dapat digambar." in page


def test_tulis_excel_sheets_headers_and_layout(tmp_path):
    from openpyxl import load_workbook

    paths = laporan.tulis_excel(tmp_path, hasil_buatan(), sintetis=True)
    assert [p.name for p in paths] == ["sinkronisasi_2026.xlsx", "gap_capaian_2026.xlsx",
                                       "rancangan_kesepakatan_2026.xlsx"]  # fmt: skip
    wb = load_workbook(paths[0])
    assert wb.sheetnames == ["Ringkasan", "Per Bidang", "Keterangan"]
    ws = wb["Ringkasan"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Kode Wilayah", "Kabupaten/Kota", "Indeks Sinkronisasi (0–100)",
                          "Peringkat"]  # fmt: skip
    assert ws.freeze_panes == "A2" and ws.max_row == 15  # header + 14 kab/kota
    assert wb["Keterangan"]["B4"].value.startswith(laporan.CATATAN_SINTETIS)
    wb = load_workbook(paths[1])
    assert wb.sheetnames == ["Capaian dan Kesenjangan", "Keterangan"]
    assert [c.value for c in wb.active[1]][:3] == ["Kode Wilayah", "Kabupaten/Kota",
                                                   "Kode Indikator"]  # fmt: skip
    assert not list(tmp_path.glob(".*.tmp"))


def _nomenklatur_penuh():
    """A nomenclature frame with the columns of the full Kepmendagri list (kinerja, indikator)."""
    return pd.DataFrame({
        "kode": ["1.01.02.2.01.0001", "1.01.02.2.01.0047", "1.02.02.2.02.0001"],
        "tingkat": "sub_kegiatan", "uraian": ["Pembangunan USB", "Pembangunan RKB", "Ibu hamil"],
        "kinerja": ["Sekolah baru terbangun", "Ruang kelas terbangun", "Ibu hamil terlayani"],
        "indikator": ["Jumlah Sekolah Baru yang Dibangun", "=HYPERLINK(\"http://x\")", ""],
        "satuan": ["Unit", "Ruang", "Orang"],
    })  # fmt: skip


def test_kesepakatan_is_a_form_to_sign(tmp_path):
    from openpyxl import load_workbook

    rin = hasil_buatan().sinkronisasi_rincian.assign(
        perangkat_daerah=lambda f: np.where(f["di_rkpd"], "+Dinas Pendidikan", None),
        target_rkpd=lambda f: np.where(f["di_rkpd"], "12", None),
        satuan_rkpd=lambda f: np.where(f["di_rkpd"], "Unit", None),
    )
    import dataclasses

    h = dataclasses.replace(hasil_buatan(), sinkronisasi_rincian=rin)
    paths = laporan.tulis_excel(tmp_path, h, sintetis=True, nomenklatur=_nomenklatur_penuh())
    wb = load_workbook(paths[2])
    # one readable sheet per kab/kota with agreements (3 here), ≤ 31 chars, then Keterangan
    assert wb.sheetnames == ["62.01 Kotawaringin Barat", "62.02 Kotawaringin Timur",
                             "62.06 Katingan", "Keterangan"]  # fmt: skip
    ws = wb["62.06 Katingan"]
    assert ws["A1"].value == "RANCANGAN KESEPAKATAN RAKORTEKRENBANG"
    assert "Kab. Katingan (62.06)" in ws["A2"].value and "2026" in ws["A3"].value
    assert laporan.STATUS_DRAF in ws["A4"].value
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "No")
    header = [c.value for c in ws[header_row]]
    assert header[:6] == ["No", "Kode Indikator", "Outcome Provinsi", "Kode Sub Kegiatan",
                          "Sub Kegiatan", "Perangkat Daerah"]  # fmt: skip
    for h_ in ("Indikator Keluaran Sub Kegiatan (nomenklatur)", "Satuan", "Target RKPD",
               "Pagu RKPD (Rp)", "Target Disepakati (diisi saat Rakortek)"):  # fmt: skip
        assert h_ in header
    col = {name: i for i, name in enumerate(header)}
    rows = [r for r in ws.iter_rows(min_row=header_row + 1, values_only=True)]
    data = rows[:5]  # 5 agreed rows of Katingan
    assert [r[0] for r in data] == [1, 2, 3, 4, 5]
    by_sub = {r[col["Kode Sub Kegiatan"]]: r for r in data}
    usb = by_sub["1.01.02.2.01.0001"]
    assert usb[col["Indikator Keluaran Sub Kegiatan (nomenklatur)"]] == (
        "Jumlah Sekolah Baru yang Dibangun")
    assert usb[col["Satuan"]] == "Unit" and usb[col["Target RKPD"]] == "12"
    assert usb[col["Perangkat Daerah"]] == "+Dinas Pendidikan"
    assert usb[col["Pagu RKPD (Rp)"]] == 500e6
    # a reference cell that is empty, or a code the reference lacks: a dash, never blank
    assert by_sub["1.02.02.2.02.0001"][col["Indikator Keluaran Sub Kegiatan (nomenklatur)"]] == "—"
    assert by_sub["1.01.02.2.01.0002"][col["Indikator Keluaran Sub Kegiatan (nomenklatur)"]] == "—"
    assert by_sub["1.01.02.2.01.0002"][col["Target RKPD"]] == "—"
    # hostile text from the reference and the plan stays text
    rkb = header_row + 1 + [r[col["Kode Sub Kegiatan"]] for r in data].index("1.01.02.2.01.0047")
    cell = ws.cell(rkb, col["Indikator Keluaran Sub Kegiatan (nomenklatur)"] + 1)
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s" and cell.quotePrefix
    # rows not in the RKPD are highlighted, the others not
    for i, r in enumerate(data):
        fill = ws.cell(header_row + 1 + i, 1).fill.fgColor.rgb
        assert (fill == "00F8D7DA") == (r[col["Direncanakan di RKPD"]] == "Tidak")
    # totals: 5 sub kegiatan, 2 in the RKPD, pagu 0,5 + 1,5 miliar
    total = rows[5]
    assert "5 sub kegiatan disepakati, 2 direncanakan di RKPD" in total[col["Outcome Provinsi"]]
    assert total[col["Pagu RKPD (Rp)"]] == 2e9
    # signature block for the province and the kab/kota, with name and NIP
    teks_bawah = [v for r in rows[6:] for v in r if v]
    assert "Pemerintah Provinsi Kalimantan Tengah" in teks_bawah
    assert "Pemerintah Kab. Katingan" in teks_bawah
    assert sum(str(v).startswith("Nama:") for v in teks_bawah) == 2
    assert sum(str(v).startswith("NIP:") for v in teks_bawah) == 2
    # print setup: landscape A4, one page wide, the header row repeated
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.freeze_panes == f"A{header_row + 1}"


def test_kesepakatan_without_indicator_columns_in_the_reference():
    nom = _nomenklatur_penuh().drop(columns=["kinerja", "indikator", "satuan"])
    assert laporan.keluaran_nomenklatur(nom) == {}
    full = laporan.keluaran_nomenklatur(_nomenklatur_penuh())
    assert full["1.01.02.2.01.0001"] == ("Jumlah Sekolah Baru yang Dibangun", "Unit")
    assert full["1.02.02.2.02.0001"] == ("—", "Orang")
    assert laporan.nama_sheet("62.71", "Kota Palangka Raya") == "62.71 Kota Palangka Raya"
    assert laporan.nama_sheet("62.02", "Kab. Kota/waringin: Timur [x]") == (
        "62.02 Kota waringin  Timur  x")
    assert len(laporan.nama_sheet("62.02", "Kab. " + "x" * 40)) == 31


# --- real analysis on hand-built typed frames --------------------------------------------------
def test_blocks_on_a_real_analysis_result():
    """The blocks read the columns run_analysis really produces (not only the hand-made ones)."""
    import analysis_fixtures as fx

    from workbench.analysis import run_analysis

    rencana = fx.rencana([
        {"kode_wilayah": KAB, "dokumen": "RKPD", "tahun": T, "kode": "1.02.02.2.02.0001",
         "pagu": 1e9, "pd": PD},
        {"kode_wilayah": KAB, "dokumen": "RPJMD", "tahun": T, "kode": "1.02.02", "ind": "I1",
         "t": 80.0},
        {"kode_wilayah": KAB, "dokumen": "RPJMD", "tahun": 2025, "kode": "1.02.02", "ind": "I1",
         "t": 78.0},
        {"kode_wilayah": KAB, "dokumen": "RPJMD", "tahun": 2029, "kode": "1.02.02", "ind": "I1",
         "t": 90.0},
        {"kode_wilayah": LAIN, "dokumen": "RKPD", "tahun": T, "kode": "1.02.02.2.02.0015",
         "pagu": 2e9},
        {"kode_wilayah": PROV, "dokumen": "RPJMD", "tahun": T, "kode": "1.02.02", "ind": "I1",
         "t": 85.0},
    ])  # fmt: skip
    realisasi = fx.realisasi([(KAB, "I1", 2024, 50.0), (KAB, "I1", 2025, 48.0),
                              (PROV, "I1", 2025, 70.0)])  # fmt: skip
    indikator = fx.indikator([("I1", "naik", "rata_tertimbang_penduduk")])
    indikator["uraian"] = XSS
    kesepakatan = fx.kesepakatan([(T, "I1", "1.02.02.2.02.0001", None),
                                  (T, "I1", "1.02.02.2.02.0015", None)])  # fmt: skip
    wilayah = fx.wilayah([(PROV, "Provinsi", 1000), (LAIN, "Kabupaten", 600),
                          (KAB, "Kabupaten", 400)])  # fmt: skip
    h = run_analysis(fx.Paket(wilayah, indikator, rencana, realisasi, kesepakatan), T)
    nama, satuan = laporan._peta_nama(h, indikator)
    k = laporan.Konteks(KAB, T, "Kab. Katingan", h.untuk_wilayah(KAB), h.untuk_wilayah(PROV),
                        True, "Sumber: uji", nama, satuan, {}, {KAB: "Kab. Katingan"})  # fmt: skip
    a = laporan.angka_utama(k)
    # agreed for every kab/kota: 2 sub kegiatan; Katingan plans one → 50 %
    assert (a.n_disepakati, a.n_direncanakan) == (2, 1)
    assert a.dukungan_persen == pytest.approx(50.0)
    assert a.gap_terburuk["kode_indikator"].tolist() == ["I1"]
    html_all = "".join(_blocks(k))
    assert "<script" not in html_all and "&lt;script&gt;" in html_all
    assert laporan.grafik_tren(k)._repr_png_()[0][:4] == b"\x89PNG"
    assert re.search(r"Capaian|capaian", laporan.tabel_capaian(k))


def test_target_menarik_only_when_the_province_falls_short():
    import dataclasses

    k = konteks()
    assert laporan.target_menarik(k)["kode_indikator"].tolist() == ["I_B"]  # 11,2 < 12
    agr = k.hasil.target_agregat.assign(target_implisit=12.1, selisih_target=-0.1, memenuhi=True)
    k2 = dataclasses.replace(k, hasil=dataclasses.replace(k.hasil, target_agregat=agr),
                             semua=dataclasses.replace(k.semua, target_agregat=agr))
    # Katingan's 10 is below the province's 12, but all districts together reach 12,1: no finding
    assert laporan.target_menarik(k2).empty
    assert "target_menarik" not in [r.aturan for r in laporan.rekomendasi(k2)]


def test_desimal_data_keeps_the_decimals_the_data_carries():
    assert laporan._desimal_nilai([40.34, 45.38]) == 1  # magnitude and distinctness only
    assert laporan._desimal_data([40.34, 45.38]) == 2  # as the data gives them
    assert laporan._desimal_data([203.0, 220.0]) == 0
    assert laporan._desimal_data([56.5, 49.6]) == 1
    assert laporan._desimal_data([40.34, 45.38 - 40.34]) == 2  # 5.040000000000006: float noise
    assert laporan._desimal_data([12.12345]) == 3  # at most 3
    assert laporan._desimal_data([0.5, 0.25]) == 3  # never fewer than _desimal_nilai's
    assert laporan._desimal_data([None, float("nan")]) == 1


def test_capaian_recomputed_from_the_table_is_the_capaian_it_shows(sampel):
    # a reader who recomputes capaian from the shown target and realisasi (Permendagri 86/2017,
    # by the indicator's direction) gets the shown capaian: the figures are shown as the data
    # gives them (the sample's Kapuas "kumuh" 40,34 / 45,38 had been shown as 40,3 / 45,4)
    _, ks = sampel
    n = 0
    for kode, k in ks.items():
        c = k.hasil.capaian
        arah = {(k.indikator(r.kode_indikator), str(int(r.tahun))): r.arah
                for r in c[c["kode_wilayah"] == kode].itertuples()}
        for row in _baca(laporan.tabel_capaian(k, n=50)).rows:
            if len(row) < 6 or row[4] == "belum ada data" or (row[0], row[1]) not in arah:
                continue
            t, r = _angka(row[3]), _angka(row[4])
            shown = _angka(row[5].replace("%", ""))
            a = arah[(row[0], row[1])]
            if a == "naik":
                hitung = r / t * 100
            elif a == "turun":
                hitung = max(0.0, (2 * t - r) / t * 100)
            else:
                continue  # tetap: capaian by distance, not a ratio of the two
            assert round_half_up(hitung, 1) == shown, (kode, row)
            n += 1
    assert n > 200


def test_desimal_keeps_distinct_values_distinct():
    assert laporan._desimal_nilai([98.12, 98.14]) == 2  # 1 decimal would print 98,1 twice
    assert laporan._desimal_nilai([10.0, 12.0]) == 0  # whole values
    assert laporan._desimal_nilai([0.311, 0.315]) == 3
    assert laporan._desimal_nilai([5.11, 5.17]) == 2


# --- briefs of the sample, read as a reader would ----------------------------------------------
KODE_SUB = re.compile(r"\b\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}\b")


class _Baris(HTMLParser):
    """Rows of the tables of an HTML fragment, as text cells; paragraphs as text."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.par: list[str] = []
        self._cell: list[str] | None = None
        self._p: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "p":
            self._p = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "p" and self._p is not None:
            self.par.append(" ".join("".join(self._p).split()))
            self._p = None

    def handle_data(self, data):
        for buf in (self._cell, self._p):
            if buf is not None:
                buf.append(data)


def _baca(blok: str) -> _Baris:
    p = _Baris()
    p.feed(str(blok))
    return p


@pytest.fixture(scope="module")
def sampel():
    """The province-wide analysis of the built-in sample and one Konteks per government."""
    from workbench.analysis import run_analysis
    from workbench.contract import load_package
    from workbench.sample import ensure_sample

    hasil = run_analysis(load_package(ensure_sample()), T)
    kp = laporan._konteks_provinsi(hasil, True, "Sumber: sampel")
    kab = [k for k in kp.nama_kabkota if "." in k]
    ks = {
        kode: dataclasses.replace(kp, kode_wilayah=kode, nama=laporan.nama_tampilan(kode),
                                  hasil=hasil.untuk_wilayah(kode))  # fmt: skip
        for kode in kab
    }
    return kp, ks


def _angka(teks: str) -> float:
    from workbench.parse import parse_angka

    return parse_angka(teks)


def test_every_target_sentence_follows_arah_and_the_table(sampel):
    _, ks = sampel
    n_kalimat = 0
    for kode, k in ks.items():
        a = laporan.atribusi_wilayah(k)
        p = _baca(laporan.tabel_target_agregat(k))
        if a.empty:
            continue
        header, *rows = [r for r in p.rows if r]
        col = {h: i for i, h in enumerate(header)}
        assert "Total provinsi" not in header
        for row, r in zip(rows, a.itertuples(), strict=False):
            # ambition is judged against the district's reference (its starting point moved
            # by the province's planned change), by the indicator's direction
            tk, ta = _angka(row[col["Target kab/kota"]]), _angka(row[col["Acuan kab/kota"]])
            naik = r.arah == "naik"
            kurang = (tk < ta) if naik else (tk > ta)
            lebih = (tk > ta) if naik else (tk < ta)
            want = "kurang ambisius" if kurang else "lebih ambisius" if lebih else "sama dengan"
            assert row[col["Perbandingan dengan acuan"]] == want, (kode, row)
        for kal in p.par:
            num = r"(\d[\d.]*(?:,\d+)?)"
            m = re.search(rf"(\d{{4}}): target .+? {num} (lebih tinggi dari|lebih rendah dari|"
                          rf"sama dengan) target provinsi {num}\. Dari titik awalnya "
                          rf"\(realisasi \d{{4}}: {num}\), .+? memberi acuan {num}"
                          rf"(, jadi target ini (\w+ ambisius)|, sama dengan targetnya)", kal)
            if not m:
                continue
            n_kalimat += 1
            th, tk, posisi, tp, ta = (m.group(i) for i in (1, 2, 3, 4, 6))
            first = next(x for x in rows if x[col["Tahun"]] == th)
            # the numbers of the sentence are the table's, at its precision
            assert tk == first[col["Target kab/kota"]] and tp == first[col["Target provinsi"]]
            assert ta == first[col["Acuan kab/kota"]]
            assert (m.group(8) or "sama dengan") == first[col["Perbandingan dengan acuan"]], kal
            assert posisi == ("lebih tinggi dari" if _angka(tk) > _angka(tp) else
                              "lebih rendah dari" if _angka(tk) < _angka(tp) else "sama dengan")
            assert "rata-rata tertimbang penduduk dari 14 kabupaten/kota" in kal or (
                "jumlah nilai 14 kabupaten/kota" in kal)
    assert n_kalimat >= 10  # stunting falls short: every district has a sentence


def test_kotawaringin_timur_stunting_is_less_ambitious(sampel):
    _, ks = sampel
    teks = " ".join(_baca(laporan.tabel_target_agregat(ks["62.02"])).par)
    # 2025 realisation 21,74; the province plans 21,29 → 18,9 (−11,2 %): reference 19,3
    assert ("target Kab. Kotawaringin Timur 21,9 lebih tinggi dari target provinsi 18,9. Dari "
            "titik awalnya (realisasi 2025: 21,7), perubahan yang sebanding dengan rencana "
            "provinsi (turun 11,2 %) memberi acuan 19,3, jadi target ini kurang ambisius") in teks
    assert "ikut menentukan" in teks
    # a district that starts far worse has a target far above the province's, yet close to
    # its reference: not blamed for its starting point
    teks = " ".join(_baca(laporan.tabel_target_agregat(ks["62.04"])).par)
    assert "target Kab. Barito Selatan 30,0 lebih tinggi dari target provinsi 18,9" in teks
    assert "memberi acuan 29,9" in teks
    assert "kecil" in teks and "berasal dari Kab. Kotawaringin Timur" in teks
    # a district more ambitious than its reference makes up for part of the shortfall
    teks = " ".join(_baca(laporan.tabel_target_agregat(ks["62.10"])).par)
    assert "jadi target ini lebih ambisius" in teks and "ikut menutup" in teks


def test_only_the_driving_district_is_told_to_change_its_target(sampel):
    _, ks = sampel
    dapat = {kode for kode, k in ks.items()
             if "target_menarik" in [r.aturan for r in laporan.rekomendasi(k)]}  # fmt: skip
    assert dapat == {"62.02"}
    rek = next(r for r in laporan.rekomendasi(ks["62.02"]) if r.aturan == "target_menarik")
    assert "turunkan target “Prevalensi stunting pada balita” 2026 dari 21,9" in rek.teks
    # 21,88 − 0,473 / 0,1609 = 18,94: printed rounded down so that it still closes the gap
    assert "paling tinggi 18,9" in rek.teks


def test_recommendations_name_sub_kegiatan_pd_and_pagu_and_do_not_repeat(sampel):
    _, ks = sampel
    n_sub = 0
    for kode, k in ks.items():
        rek = laporan.rekomendasi(k)
        teks = [r.teks for r in rek]
        assert len(set(teks)) == len(teks), kode
        hilang = set(laporan.sub_kegiatan_hilang(k)["kode_sub_kegiatan"])
        disepakati = set(_tahun_rin(k)["kode_sub_kegiatan"])
        seen: dict[str, str] = {}
        for r in rek:
            # about agreed sub kegiatan (a Renja line without Renstra has no agreed pagu)
            codes = [c for c in KODE_SUB.findall(r.teks) if c in disepakati]
            if not codes:
                continue
            n_sub += 1
            assert re.search(r"Dinas|Badan|perangkat daerah", r.teks), r.teks
            assert "pagu" in r.teks, r.teks
            for c in set(codes) & hilang:
                assert c not in seen, (kode, c, seen.get(c), r.aturan)
                seen[c] = r.aturan
                # named with its nomenclature name
                assert f"{c} {k.nomenklatur(c)}" in r.teks
    assert n_sub >= 14


def test_headline_gap_gets_a_recommendation_also_when_sedang(sampel):
    _, ks = sampel
    k = ks["62.02"]
    g = laporan.gap_terburuk(k, n=1).iloc[0]
    assert g["predikat"] == "Sedang"
    rek = [r for r in laporan.rekomendasi(k) if r.aturan == "kesenjangan_utama"]
    assert len(rek) == 1 and g["uraian"] in rek[0].teks and "Sedang" in rek[0].dasar


def test_annex_lists_every_missing_agreed_sub_kegiatan(sampel):
    _, ks = sampel
    k = ks["62.02"]
    rin = _tahun_rin(k)
    missing = set(rin.loc[~rin["di_rkpd"], "kode_sub_kegiatan"])
    rows = _baca(laporan.lampiran_sub_kegiatan(k)).rows
    listed = {r[0] for r in rows[1:] if r}
    assert listed == missing and len(missing) == 22
    assert all(r[4] and r[6].startswith("Rp") for r in rows[1:] if r)
    # the recommendations cover every missing one once: named, or counted as "dan N lainnya"
    rek = [r.teks for r in laporan.rekomendasi(k)]
    named = [c for t in rek for c in KODE_SUB.findall(t) if c in missing]
    counted = sum(int(n) for t in rek for n in re.findall(r"dan (\d+) lainnya \(lampiran\)", t))
    assert len(named) == len(set(named)) and len(named) + counted == len(missing)


def _tahun_rin(k):
    r = k.hasil.sinkronisasi_rincian
    return r[(r["tahun"] == k.tahun) & (r["kode_wilayah"] == k.kode_wilayah)]


def test_missing_realisation_is_shown_and_counted(sampel):
    _, ks = sampel
    k = ks["62.10"]  # the sample's late realisation: immunisation 2025
    b = laporan.tabel_capaian(k)
    p = _baca(b)
    assert "Kelengkapan data 2025: 20 dari 21 indikator bertarget memiliki realisasi" in p.par[0]
    row = next(r for r in p.rows if r and r[0].startswith("Persentase bayi"))
    assert row[1] == "2025" and row[4] == "belum ada data"
    assert sum(1 for r in p.rows if r and r[0].startswith("Persentase bayi")) == 1
    assert "belum ada data" not in laporan.tabel_capaian(ks["62.02"])


def test_lintasan_is_explained_where_it_first_appears(sampel):
    _, ks = sampel
    b = laporan.blok_angka_utama(ks["62.06"])
    assert b.index("lintasan") < b.index("Lintasan</b>: jalur dari nilai tahun dasar")


def test_trend_chart_runs_to_the_rpjmd_end_year_with_a_band_for_ranges(sampel):
    import dataclasses as dc

    _, ks = sampel
    k = ks["62.02"]
    fig = laporan.grafik_tren(k).fig
    ax = fig.axes[0]
    assert ax.get_xlim()[1] > 2029 and ax.get_xlim()[0] < 2025
    assert any(t.get_text() for t in ax.texts)  # the end target is labelled
    # a jumlah indicator (trainees): the province line is the province ÷ 14, not the sum
    kode = "2.07.PELATIHAN"
    i = laporan._baris_tren(k, 6).index(kode)
    lines = {ln.get_label(): ln for ln in fig.axes[i].get_lines()}
    prov = k.semua.capaian
    prov = prov[(prov["kode_wilayah"] == "62") & (prov["kode_indikator"] == kode)]
    y = lines["Provinsi ÷ 14 (rata-rata per kab/kota)"].get_ydata()
    assert y[-1] == pytest.approx(prov.dropna(subset=["realisasi"])["realisasi"].iloc[-1] / 14)
    # a range target is drawn as a band
    cap = k.hasil.capaian.copy()
    m = (cap["kode_wilayah"] == "62.02") & (cap["kode_indikator"] == "IKU.KEMISKINAN")
    cap.loc[m & (cap["tahun"] == 2025), ["target_bawah", "target_atas"]] = [5.0, 5.5]
    k2 = dc.replace(k, hasil=dc.replace(k.hasil, capaian=cap))
    fig2 = laporan.grafik_tren(k2).fig
    j = laporan._baris_tren(k2, 6).index("IKU.KEMISKINAN")
    assert [c.get_label() for c in fig2.axes[j].collections].count("Rentang target") == 1


def test_province_overview_shows_its_own_outcomes_findings_and_key_gaps(sampel):
    kp, _ = sampel
    o = laporan.outcome_provinsi(kp).set_index("kode_indikator")
    assert {"IKU.IPM", "IKU.KEMISKINAN", "IKU.TPT", "IKU.GINI", "IKU.STUNTING"} <= set(o.index)
    p = _baca(laporan.tabel_outcome_provinsi(kp))
    gini = next(r for r in p.rows if r and r[0] == "Rasio Gini")
    assert gini[3] == "0,311–0,315 (RKPD)"  # the range as the RKPD writes it
    kons = laporan.tabel_konsistensi(kp)
    assert "2.11.03" in kons and "77,30 → 75,80" in kons  # the province's own target cut
    rows = _baca(laporan.tabel_peringkat(kp)).rows
    assert rows[0][-1] == "Kesenjangan utama"
    kotim = next(r for r in rows if r and r[1] == "62.02")
    assert kotim[-1].startswith("Indeks Kualitas Lingkungan Hidup") and "72,6 %" in kotim[-1]
    gap = _baca(laporan.tabel_gap_provinsi(kp)).rows
    assert all(re.search(r"\(\d+,\d %\)$", r[-1]) for r in gap[1:] if r)
    # the province's target arithmetic names the aggregation rule and the driving district
    agr = _baca(laporan.tabel_target_agregat_provinsi(kp)).rows
    row = next(r for r in agr if r and r[1] == "2026")
    assert row[2] == "rata-rata tertimbang penduduk" and row[5] == "0,47"
    assert row[6] == "Kab. Kotawaringin Timur (48,4 %)"  # 0,416 of 0,859 positive


def test_a_finding_named_once_is_not_repeated_in_other_words(sampel):
    _, ks = sampel
    rek = laporan.rekomendasi(ks["62.08"])  # Sukamara: no TPT support at all (seeded)
    tpt = [r for r in rek if "Tingkat pengangguran terbuka" in r.teks]
    assert [r.aturan for r in tpt] == ["tanpa_dukungan"]
    # bidang 2.07 is far below the median, but both of its missing sub kegiatan are named above
    assert not [r for r in rek if "bidang 2.07" in r.teks]
    assert "2.07.03.2.01.0001" in tpt[0].teks and "Dinas Tenaga Kerja" in tpt[0].teks


def test_a_package_copied_from_the_sample_without_its_marker_is_still_synthetic(tmp_path):
    """The banner rests on the data, not only on the sample's KETERANGAN marker."""
    from workbench import sample

    out = sample.write_sample(tmp_path / "paket", seed=2026)
    (out / sample.KETERANGAN).unlink()  # an analyst copied the tables into a new folder
    assert not sample.is_sample(out)
    assert laporan.adalah_sintetis(out)
    real = pd.read_csv(out / "realisasi.csv", dtype=str, keep_default_na=False)
    real.assign(sumber="BPS").to_csv(out / "realisasi.csv", index=False)
    assert not laporan.adalah_sintetis(out)  # every figure cited: not synthetic


def test_title_and_headline_blocks_escape_hostile_names():
    """judul and blok_angka_utama are Jinja2 templates with autoescaping: data stays text."""
    import dataclasses

    k = dataclasses.replace(konteks(), nama="<script>alert(1)</script> & Co")
    for blok in (laporan.judul(k), laporan.blok_angka_utama(k)):
        assert "<script>" not in blok and "& Co" not in blok
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in blok
    assert "<h1>Brief Sinkronisasi Perencanaan: &lt;script&gt;" in laporan.judul(k)
    assert laporan.CATATAN_SINTETIS in laporan.judul(k)  # the banner is HTML, not escaped text
    assert '<div class="wb-kartu-baris"><div class="wb-kartu">' in laporan.blok_angka_utama(k)


def test_comparisons_round_as_the_figures_print():
    """0,25 prints as 0,3 (teks rounds half up): the sentence must not call it lower than 0,3.

    Python's round(0.25, 1) is 0.2 (the float is a hair under 0.25 and ties go to even), so
    the old comparison said "lebih rendah dari" between two figures both printed 0,3.
    """
    from workbench import teks

    assert teks.format_angka(0.25, 1) == "0,3" and round(0.25, 1) == 0.2
    assert laporan.banding_target("naik", 0.25, 0.3, 1) == ("sama dengan", "")
    assert laporan.banding_target("naik", 0.24, 0.3, 1) == ("lebih rendah dari", "kurang ambisius")
    assert laporan.banding_target("turun", 2.5, 2.0, 0) == ("lebih tinggi dari", "kurang ambisius")
    # a difference of 0,05 prints as 0,1, so it is not shown as a zero difference
    from workbench.laporan.display import _selisih_html

    assert _selisih_html(0.05, 1) == '<span class="wb-lebih">+0,1</span>'


def test_saved_analysis_is_read_once_per_process_until_it_changes(tmp_path, monkeypatch):
    from workbench.analysis import save_hasil
    from workbench.laporan import konteks as kmod

    h = hasil_buatan()
    save_hasil(h, tmp_path / "hasil")
    reads: list[int] = []
    original = kmod.load_hasil
    monkeypatch.setattr(kmod, "load_hasil", lambda f: reads.append(1) or original(f))
    first = kmod._hasil_tersimpan(tmp_path / "hasil")
    assert kmod._hasil_tersimpan(str(tmp_path / "hasil")) is first and len(reads) == 1
    # a new analysis in the same folder (another run) is read again
    save_hasil(dataclasses.replace(h, capaian=h.capaian.head(3)), tmp_path / "hasil")
    again = kmod._hasil_tersimpan(tmp_path / "hasil")
    assert len(reads) == 2 and len(again.capaian) == 3


def test_province_summary_is_computed_once_and_handed_out_as_a_copy(monkeypatch):
    from workbench.laporan import konteks as kmod

    calls: list[int] = []
    original = kmod._hitung_ringkasan
    monkeypatch.setattr(kmod, "_hitung_ringkasan", lambda *a: calls.append(1) or original(*a))
    semua = hasil_buatan()
    a = laporan.ringkasan_kabkota(semua)
    a.loc[:, "indeks_sinkronisasi"] = -1.0  # a caller changing what it got
    b = laporan.ringkasan_kabkota(semua)
    assert len(calls) == 1 and (b["indeks_sinkronisasi"] != -1.0).all()
    # another analysis object is computed afresh; a list of codes is never cached
    laporan.ringkasan_kabkota(hasil_buatan())
    laporan.ringkasan_kabkota(semua, ["62.01"])
    assert len(calls) == 3


def test_briefs_of_one_saved_analysis_get_their_own_copies_of_its_slices(tmp_path):
    """A warm kernel cuts a wilayah's slice once; each brief gets frames of its own."""
    from workbench.analysis import save_hasil
    from workbench.laporan import konteks as kmod

    h = hasil_buatan()
    save_hasil(h, tmp_path / "hasil")
    a = laporan.siapkan("62.01", h.tahun, hasil_path=str(tmp_path / "hasil"))
    b = laporan.siapkan("62.01", h.tahun, hasil_path=str(tmp_path / "hasil"))
    stored = kmod._hasil_tersimpan(tmp_path / "hasil")
    for name in ("capaian", "sinkronisasi", "target_agregat"):
        fa, fb = getattr(a.hasil, name), getattr(b.hasil, name)
        assert fa is not fb
        pd.testing.assert_frame_equal(fa, getattr(stored.untuk_wilayah("62.01"), name))
        pd.testing.assert_frame_equal(getattr(a.semua, name),
                                      getattr(stored.untuk_wilayah("62"), name))
    # a brief that changes its frames changes nothing for the next brief
    a.semua.capaian.loc[:, "capaian_persen"] = -1.0
    a.hasil.sinkronisasi.drop(a.hasil.sinkronisasi.index, inplace=True)
    c = laporan.siapkan("62.01", h.tahun, hasil_path=str(tmp_path / "hasil"))
    assert (c.semua.capaian["capaian_persen"] != -1.0).any()
    pd.testing.assert_frame_equal(c.hasil.sinkronisasi, b.hasil.sinkronisasi)


def test_per_analisis_computes_once_per_analysis_from_the_slice_not_the_copy(tmp_path):
    from workbench.analysis import save_hasil
    from workbench.laporan import konteks as kmod

    h = hasil_buatan()
    save_hasil(h, tmp_path / "hasil")
    calls: list[int] = []

    def hitung(semua):
        calls.append(1)
        return semua.capaian[["kode_wilayah", "capaian_persen"]], {"n": len(semua.capaian)}

    a = laporan.siapkan("62.01", h.tahun, hasil_path=str(tmp_path / "hasil"))
    a.semua.capaian.loc[:, "capaian_persen"] = -1.0  # the first brief spoils its own copy
    fa, da = kmod.per_analisis(a.semua, "uji", hitung)
    b = laporan.siapkan("62.02", h.tahun, hasil_path=str(tmp_path / "hasil"))
    fb, db = kmod.per_analisis(b.semua, "uji", hitung)
    assert len(calls) == 1
    # computed from the slice the copies came from: the spoilt copy did not leak in
    assert (fa["capaian_persen"] != -1.0).any()
    pd.testing.assert_frame_equal(fa, fb)
    fa.loc[:, "capaian_persen"] = 0.0
    da["n"] = -5  # results go out as copies
    fc, dc = kmod.per_analisis(b.semua, "uji", hitung)
    pd.testing.assert_frame_equal(fc, fb)
    assert dc["n"] == len(h.untuk_wilayah("62").capaian)
    # another key, another analysis: computed again
    kmod.per_analisis(b.semua, ("uji", 2), hitung)
    kmod.per_analisis(hasil_buatan(), "uji", hitung)
    assert len(calls) == 3
