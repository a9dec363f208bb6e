"""Explorers driven without a browser (in-process), and the exploration notebooks executed.

The in-process tests build a small hand-made package (three kab/kota, two bidang, two
agreement years, two indicators), run the analysis once, and drive the explorers through
``pilih`` and through the dropdown widgets themselves, asserting that the tables, titles and
exports follow the selection and that no callback recomputes the analysis or the legend.
"""

from __future__ import annotations

import dataclasses
import os
import struct
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import Paket, indikator, kesepakatan, realisasi, rencana, wilayah
from openpyxl import load_workbook

import workbench.analysis
import workbench.capaian
import workbench.konsistensi
import workbench.maps
import workbench.maps.classify
import workbench.sinkronisasi
from workbench import widgets
from workbench.analysis import run_analysis
from workbench.config import Parameters
from workbench.paths import NOTEBOOKS_DIR

SK_IBU = "1.02.02.2.02.0001"  # Pengelolaan Pelayanan Kesehatan Ibu Hamil (bidang 1.02)
SK_RKB = "1.01.02.2.01.0047"  # Pembangunan Ruang Kelas Baru (bidang 1.01)
KABKOTA = ("62.01", "62.06", "62.71")


def _paket() -> Paket:
    wil = wilayah([("62", "Provinsi", 600), ("62.01", "Kabupaten", 100),
                   ("62.06", "Kabupaten", 200), ("62.71", "Kota", 300)])  # fmt: skip
    ind = indikator([("IPM", "naik", "rata_tertimbang_penduduk"),
                     ("MISKIN", "turun", "rata_tertimbang_penduduk")])  # fmt: skip

    def l(w, dok, kode, tahun=2026, **kw):  # noqa: E743
        return {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": kode, **kw}

    rows = [
        # consistency 2026: the province RPJMD plans two programmes, its RKPD one of them;
        # Katingan's RKPD carries a programme its RPJMD does not plan
        l("62", "RPJMD", "1.02.02"), l("62", "RPJMD", "1.01.02"), l("62", "RKPD", "1.02.02"),
        l("62.06", "RPJMD", "1.02.02"), l("62.06", "RKPD", "1.02.02"),
        l("62.06", "RKPD", "1.03.10"),
        # synchronization: 2026 Kotawaringin Barat plans both agreed sub kegiatan, Katingan
        # only the health one, Palangka Raya none; 2027 Katingan plans both
        l("62.01", "RKPD", SK_IBU, pagu=100e6), l("62.01", "RKPD", SK_RKB, pagu=50e6),
        l("62.06", "RKPD", SK_IBU, pagu=80e6),
        l("62.06", "RKPD", SK_IBU, tahun=2027, pagu=90e6),
        l("62.06", "RKPD", SK_RKB, tahun=2027, pagu=40e6),
    ]  # fmt: skip
    for tahun, t_ipm, t_miskin in ((2024, 70.0, 6.0), (2025, 71.0, 5.5)):
        for w in ("62", *KABKOTA):
            rows.append(l(w, "RKPD", "1.02.02", tahun=tahun, ind="IPM", t=t_ipm))
            rows.append(l(w, "RKPD", "1.06.02", tahun=tahun, ind="MISKIN", t=t_miskin))
    real = realisasi([
        ("62.01", "IPM", 2024, 69.0), ("62.01", "IPM", 2025, 70.5),
        ("62.06", "IPM", 2024, 70.0), ("62.06", "IPM", 2025, 71.5),
        ("62.71", "IPM", 2024, 80.0), ("62.71", "IPM", 2025, 81.0),
        ("62.01", "MISKIN", 2024, 6.5), ("62.01", "MISKIN", 2025, 6.0),
        ("62.06", "MISKIN", 2024, 5.0), ("62.06", "MISKIN", 2025, 5.0),
        ("62.71", "MISKIN", 2024, 4.0), ("62.71", "MISKIN", 2025, 4.0),
        ("62", "MISKIN", 2024, 5.2), ("62", "MISKIN", 2025, 4.9),
    ])  # fmt: skip
    kes = kesepakatan([(t, ind, sk, None) for t in (2026, 2027)
                       for ind, sk in (("IPM", SK_IBU), ("MISKIN", SK_RKB))])  # fmt: skip
    return Paket(wilayah=wil, indikator=ind, rencana=rencana(rows), realisasi=real,
                 kesepakatan=kes)  # fmt: skip


@pytest.fixture(scope="module")
def paket() -> Paket:
    return _paket()


@pytest.fixture(scope="module")
def hasil(paket):
    return [run_analysis(paket, t, Parameters()) for t in (2026, 2027)]


@pytest.fixture(autouse=True)
def _quiet_schematic(recwarn):
    """Maps warn once that they fall back to the schematic tiles; not what is tested here."""


@pytest.fixture
def no_recompute(monkeypatch):
    """After construction, any call into the analysis or the legend classification fails."""

    def boom(*_a, **_k):
        raise AssertionError("a callback recomputed the analysis or the class breaks")

    def arm():
        for mod, name in (
            (workbench.analysis, "run_analysis"),
            (workbench.sinkronisasi, "hitung_sinkronisasi"),
            (workbench.capaian, "hitung_capaian"),
            (workbench.konsistensi, "hitung_konsistensi"),
            (workbench.maps, "klasifikasi"),
            (workbench.maps.classify, "klasifikasi"),  # where the maps call it
            (widgets, "muat_hasil"),
        ):
            monkeypatch.setattr(mod, name, boom)

    return arm


def _legend_labels(fig) -> list[str]:
    texts = []
    for leg in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if leg is not None:
            texts += [t.get_text() for t in leg.get_texts()]
    return texts


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


# --- synchronization ---------------------------------------------------------------------------
def test_sinkronisasi_filters_map_tables_together(hasil, no_recompute):
    p = widgets.PenjelajahSinkronisasi(hasil, tahun=2026, kode_bidang="1.01")
    no_recompute()
    awal = p.keadaan
    assert p.opsi("tahun") == [2026, 2027]
    assert p.opsi("kode_bidang") == ["1.01", "1.02"]
    assert p.opsi("kode_wilayah") == ["", *KABKOTA]
    assert set(awal.tabel["dukungan"]["kode_wilayah"]) == set(KABKOTA)
    legenda = _legend_labels(awal.gambar["peta"])

    n = p.jumlah_pembaruan
    k = p.pilih(kode_wilayah="62.06")
    assert p.jumlah_pembaruan == n + 1
    assert k is p.keadaan and k.pilihan == {"tahun": 2026, "kode_bidang": "1.01",
                                            "kode_wilayah": "62.06"}  # fmt: skip
    assert k.tabel["dukungan"]["kode_wilayah"].tolist() == ["62.06"]
    # 2026: Katingan agreed SK_RKB (bidang 1.01) and does not plan it: 0 of 1 = 0 %
    row = k.tabel["dukungan"].iloc[0]
    assert (row["n_disepakati"], row["n_direncanakan"], row["dukungan_persen"]) == (1, 0, 0.0)
    assert k.tabel["rincian"]["kode_sub_kegiatan"].tolist() == [SK_RKB]
    assert k.tabel["rincian"]["di_rkpd"].tolist() == [False]
    assert k.tabel["tanpa_dukungan"]["kode_indikator"].tolist() == ["MISKIN"]
    assert "Katingan" in k.judul and "Katingan" in widgets._judul_gambar(k.gambar["peta"])
    assert k.judul != awal.judul
    # the legend is the one computed once across every year and bidang
    assert _legend_labels(k.gambar["peta"])[: len(legenda)] == legenda

    # the year moves every output: 2027 Katingan plans SK_RKB, so the outcome is supported
    k = p.pilih(tahun=2027)
    assert k.tabel["dukungan"]["dukungan_persen"].tolist() == [100.0]
    assert k.tabel["rincian"]["di_rkpd"].tolist() == [True]
    assert k.tabel["tanpa_dukungan"].empty
    assert "2027" in k.judul

    # bidang 1.02 for every kab/kota: Palangka Raya plans nothing in 2027 either
    k = p.pilih(kode_bidang="1.02", kode_wilayah=None)
    assert set(k.tabel["dukungan"]["kode_wilayah"]) == set(KABKOTA)
    assert set(k.tabel["rincian"]["kode_sub_kegiatan"]) == {SK_IBU}
    assert set(k.tabel["tanpa_dukungan"]["kode_wilayah"]) == {"62.01", "62.71"}
    assert k.tabel["dukungan"]["indeks_sinkronisasi"].is_monotonic_decreasing
    assert _legend_labels(k.gambar["peta"])[: len(legenda)] == legenda


def test_sinkronisasi_dropdown_change_runs_the_callback(hasil, no_recompute):
    p = widgets.PenjelajahSinkronisasi(hasil)
    box = p.widget  # rendered widgets follow the state
    no_recompute()
    assert p.pilihan["tahun"] == 2027  # default: the latest year
    n = p.jumlah_pembaruan
    p.kontrol["kode_wilayah"].value = "62.71"
    assert p.jumlah_pembaruan == n + 1
    assert p.keadaan.tabel["dukungan"]["kode_wilayah"].tolist() == ["62.71"]
    html_dukungan = p._tabel_w["dukungan"].value
    assert "62.71" in html_dukungan and "62.06" not in html_dukungan
    png = p._gambar_w["peta"].value
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    p.kontrol["kode_wilayah"].value = "62.01"
    assert p._gambar_w["peta"].value != png  # the image widget was redrawn
    assert box.children[1].children[0] is p.kontrol["tahun"]


def test_sinkronisasi_export_writes_the_selection(hasil, tmp_path):
    p = widgets.PenjelajahSinkronisasi(hasil, tahun=2026, kode_bidang="1.02",
                                       kode_wilayah="62.06")  # fmt: skip
    out = p.ekspor(tmp_path)
    assert out["xlsx"].name == "sinkronisasi-2026-1.02-62.06.xlsx"
    wb = load_workbook(out["xlsx"], read_only=True)
    assert wb.sheetnames == ["Pilihan", "Dukungan Kab-Kota", "Rincian Sub Kegiatan",
                             "Outcome Tanpa Dukungan"]  # fmt: skip
    rows = list(wb["Dukungan Kab-Kota"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Kode Wilayah", "Wilayah", "Indeks Sinkronisasi")
    assert [r[0] for r in rows[1:]] == ["62.06"]
    pilihan = dict(list(wb["Pilihan"].iter_rows(values_only=True))[1:])
    assert pilihan["Tahun"] == "2026" and pilihan["Kode Wilayah"] == "62.06"
    rincian = list(wb["Rincian Sub Kegiatan"].iter_rows(values_only=True))
    assert rincian[1][4] == SK_IBU and rincian[1][5] == "Pengelolaan Pelayanan Kesehatan Ibu Hamil"
    assert rincian[1][8] == 80e6  # pagu stays a number in Excel, not formatted text
    wb.close()
    w, h = _png_size(out["peta"])
    assert w > 800 and h > 400
    assert sorted(f.name for f in tmp_path.iterdir()) == sorted(p.name for p in out.values())


def test_export_button_reports_the_files(hasil, tmp_path):
    p = widgets.PenjelajahSinkronisasi(hasil)
    p.widget  # noqa: B018 - builds the box, the button lives in it
    p._folder_w.value = str(tmp_path / "ekspor")
    p._tombol_w.click()
    assert "sinkronisasi-2027-1.01-semua.xlsx" in p._status_ekspor_w.value
    assert (tmp_path / "ekspor" / "sinkronisasi-2027-1.01-semua-peta.png").is_file()
    blocker = tmp_path / "berkas"
    blocker.write_text("x")  # a file where the folder should be: the error is shown, not raised
    p._folder_w.value = str(blocker)
    p._tombol_w.click()
    assert "Gagal menyimpan" in p._status_ekspor_w.value


def test_outcome_unsupported_across_bidang_shows_under_each_bidang(hasil):
    # sinkronisasi_tanpa_dukungan lists every bidang of an outcome's agreed lines
    tanpa = pd.DataFrame({"kode_wilayah": pd.array(["62.71"], dtype="string"), "tahun": [2026],
                          "kode_indikator": pd.array(["IPM"], dtype="string"),
                          "kode_bidang": pd.array(["1.01, 1.02"], dtype="string"),
                          "n_disepakati": [2]})  # fmt: skip
    h = dataclasses.replace(hasil[0], sinkronisasi_tanpa_dukungan=tanpa)
    p = widgets.PenjelajahSinkronisasi(h, kode_wilayah="62.71")
    for bidang in ("1.01", "1.02"):
        t = p.pilih(kode_bidang=bidang).tabel["tanpa_dukungan"]
        assert t["kode_indikator"].tolist() == ["IPM"], bidang
        assert t["bidang_semua"].tolist() == ["1.01, 1.02"]


def test_unknown_selection_is_refused_with_the_choices(hasil):
    p = widgets.PenjelajahSinkronisasi(hasil)
    with pytest.raises(widgets.PenjelajahError, match=r"kode_wilayah='62\.99'.*'62\.06'"):
        p.pilih(kode_wilayah="62.99")
    with pytest.raises(widgets.PenjelajahError, match="unknown selector"):
        p.pilih(kabupaten="62.06")
    with pytest.raises(widgets.PenjelajahError, match="same year"):
        widgets.PenjelajahSinkronisasi([hasil[0], hasil[0]])


# --- outcome gaps ------------------------------------------------------------------------------
def test_capaian_ranking_map_and_trend_follow_the_selectors(hasil, no_recompute):
    p = widgets.PenjelajahCapaian(hasil, kode_indikator="MISKIN", kode_wilayah="62.01")
    no_recompute()
    # the default year is the latest with a capaian (2026 has targets but no realisation)
    assert p.pilihan["tahun"] == 2025
    assert p.opsi("tahun") == [2024, 2025]
    k = p.keadaan
    rank = k.tabel["peringkat"]
    # turun: capaian = (2 × target − realisasi) / target × 100 with target 5,5 (2025):
    # 62.71 (11 − 4)/5,5 = 127,27; 62.06 (11 − 5)/5,5 = 109,09; 62.01 (11 − 6)/5,5 = 90,91
    assert rank["kode_wilayah"].tolist() == ["62.71", "62.06", "62.01"]
    np.testing.assert_allclose(rank["capaian_persen"], [700 / 5.5, 600 / 5.5, 500 / 5.5])
    assert rank["peringkat"].tolist() == [1, 2, 3]
    assert "Kotawaringin Barat" in widgets._judul_gambar(k.gambar["tren"])
    assert k.tabel["tren"]["realisasi"].tolist() == [6.5, 6.0]
    legenda = _legend_labels(k.gambar["peta"])
    assert any("Sangat Tinggi" in t for t in legenda)  # predikat bands for capaian

    # the gap ranks the smallest shortfall first (gap = realisasi − target for turun)
    k = p.pilih(ukuran="gap")
    assert k.tabel["peringkat"]["kode_wilayah"].tolist() == ["62.71", "62.06", "62.01"]
    np.testing.assert_allclose(k.tabel["peringkat"]["gap"], [-1.5, -0.5, 0.5])
    assert k.judul.startswith("Kesenjangan")
    # the gap legend was computed once over every kab/kota and year of MISKIN:
    # values 2024 (−2, −1, 0,5) and 2025 (−1,5, −0,5, 0,5); so 2024 shares it
    legenda_gap = _legend_labels(k.gambar["peta"])
    k2024 = p.pilih(tahun=2024)
    assert _legend_labels(k2024.gambar["peta"]) == legenda_gap
    np.testing.assert_allclose(k2024.tabel["peringkat"]["gap"], [-2.0, -1.0, 0.5])

    # choosing the district for the trend moves the trend, and the ranking highlights it
    k = p.pilih(kode_wilayah="62.06")
    assert "Katingan" in widgets._judul_gambar(k.gambar["tren"])
    assert k.tabel["tren"]["realisasi"].tolist() == [5.0, 5.0]
    sorot = p._sorot("peringkat", k.tabel["peringkat"])
    assert k.tabel["peringkat"].loc[sorot, "kode_wilayah"].tolist() == ["62.06"]


def test_capaian_indicator_change_keeps_a_valid_year(hasil, no_recompute):
    p = widgets.PenjelajahCapaian(hasil, kode_indikator="IPM", tahun=2024)
    no_recompute()
    p.kontrol["kode_indikator"].value = "MISKIN"  # through the widget, like a user
    assert p.pilihan["kode_indikator"] == "MISKIN" and p.pilihan["tahun"] == 2024
    assert set(p.keadaan.tabel["peringkat"]["kode_wilayah"]) == set(KABKOTA)
    assert "2024" in p.keadaan.judul and "MISKIN" in p.keadaan.judul
    k = p.pilih(kode_indikator="IPM", ukuran="realisasi")
    # naik: the highest realisation first (2024: 80, 70, 69)
    assert k.tabel["peringkat"]["realisasi"].tolist() == [80.0, 70.0, 69.0]


def test_capaian_export(hasil, tmp_path):
    p = widgets.PenjelajahCapaian(hasil, kode_indikator="IPM", kode_wilayah="62.71")
    out = p.ekspor(tmp_path)
    assert set(out) == {"xlsx", "peta", "tren"}
    assert out["xlsx"].name == "capaian-IPM-2025-capaian_persen-62.71.xlsx"
    wb = load_workbook(out["xlsx"], read_only=True)
    assert wb.sheetnames == ["Pilihan", "Peringkat", "Tren"]
    rows = list(wb["Peringkat"].iter_rows(values_only=True))
    assert rows[0][0] == "Peringkat" and rows[1][1] == "62.71"  # 81 / 71 is the best capaian
    wb.close()
    for key in ("peta", "tren"):
        assert _png_size(out[key])[0] > 600


# --- document consistency ----------------------------------------------------------------------
def test_konsistensi_linkage_and_offending_lines(hasil, no_recompute):
    p = widgets.PenjelajahKonsistensi(hasil, tahun=2026)
    no_recompute()
    assert p.pilihan["kode_wilayah"] == "62"  # the province first
    k = p.keadaan
    prog = k.tabel["keterkaitan"].set_index("tingkat").loc["Program"]
    # RPJMD plans 1.02.02 and 1.01.02, the RKPD carries 1.02.02: 1 / 2 × 100 = 50 %
    assert (prog["n_baris_atas"], prog["n_terhubung"], prog["keterkaitan_persen"]) == (2, 1, 50.0)
    assert prog["kategori"] == "sedang"
    assert k.tabel["temuan"]["kode_nomenklatur"].tolist() == ["1.01.02"]
    assert k.tabel["temuan"]["uraian_nomenklatur"].tolist() == ["Program Pengelolaan Pendidikan"]
    assert "Kalimantan Tengah" in widgets._judul_gambar(k.gambar["keterkaitan"])

    k = p.pilih(kode_wilayah="62.06")
    temuan = k.tabel["temuan"]
    lines = temuan.loc[temuan["tingkat"] == "program", "kode_nomenklatur"].tolist()
    assert lines == ["1.03.10"]  # planned in the RKPD, not in the RPJMD
    assert set(temuan["jenis_temuan"]) <= {"tidak direncanakan di dokumen atas",
                                           "tidak ada di dokumen bawah",
                                           "target kurang ambisius"}  # fmt: skip
    assert "Katingan" in k.judul
    k = p.pilih(jenis_temuan="tidak ada di dokumen bawah")
    assert (k.tabel["temuan"]["jenis_temuan"] == "tidak ada di dokumen bawah").all()
    assert "1.03.10" not in k.tabel["temuan"]["kode_nomenklatur"].tolist()


def test_konsistensi_export(hasil, tmp_path):
    p = widgets.PenjelajahKonsistensi(hasil, tahun=2026, kode_wilayah="62.06")
    out = p.ekspor(tmp_path)
    assert out["xlsx"].name == "konsistensi-2026-62.06-RPJMD-RKPD-semua.xlsx"
    wb = load_workbook(out["xlsx"], read_only=True)
    assert wb.sheetnames == ["Pilihan", "Keterkaitan", "Baris Bermasalah"]
    assert list(wb["Keterkaitan"].iter_rows(values_only=True))[0][0] == "Tingkat"
    wb.close()
    assert _png_size(out["keterkaitan"])[0] > 800


# --- rendering ----------------------------------------------------------------------------------
def test_tables_escape_data_and_format_numbers():
    frame = pd.DataFrame({"kode_wilayah": ["<script>alert(1)</script>"],
                          "dukungan_persen": [75.5], "pagu_dukungan": [1.2e9],
                          "di_rkpd": [False], "selisih": [np.nan]})  # fmt: skip
    out = widgets.tabel_html(frame, judul="Uji <b>")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "Uji &lt;b&gt;" in out
    assert "Dukungan RKPD (%)" in out and "Pagu Dukungan (Rp)" in out
    assert "75,5" in out and "tidak" in out and "–" in out
    long = pd.DataFrame({"tahun": range(250)})
    assert "50 baris lagi" in widgets.tabel_html(long, judul="x")
    assert "Tidak ada baris" in widgets.tabel_html(long.head(0), judul="x")


def test_tampilkan_shows_widget_then_a_static_copy(hasil, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **_k: shown.append(obj))
    p = widgets.PenjelajahKonsistensi(hasil)
    p.tampilkan()
    bundle = shown[0]
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == p.widget.model_id
    assert bundle["text/plain"].startswith("Penjelajah konsistensi dokumen perencanaan")
    kinds = [type(o).__name__ for o in shown[1:]]
    assert kinds == ["HTML", "Image", "HTML", "HTML"]
    assert shown[2].data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Tampilan awal (statis)" in shown[1].data
    assert "Pemerintah daerah: 62 Provinsi Kalimantan Tengah" in shown[1].data


# --- the notebooks, executed -------------------------------------------------------------------
EKSPLORASI = {
    "01_eksplorasi_sinkronisasi.ipynb": (
        "k0 = penjelajah.keadaan\n"
        "kode = penjelajah.opsi('kode_wilayah')[1]\n"
        "bidang = penjelajah.opsi('kode_bidang')[-1]\n"
        "k1 = penjelajah.pilih(kode_wilayah=kode, kode_bidang=bidang)\n"
        "assert set(k1.tabel['dukungan']['kode_wilayah']) == {kode}, k1.tabel['dukungan']\n"
        "assert set(k1.tabel['tanpa_dukungan']['kode_wilayah']) <= {kode}\n"
        "assert all(s.startswith(bidang + '.') for s in k1.tabel['rincian']['kode_sub_kegiatan'])\n"
        "assert k1.judul != k0.judul and bidang in k1.judul\n"
        "penjelajah.kontrol['tahun'].value = penjelajah.opsi('tahun')[0]\n"
        "assert set(penjelajah.keadaan.tabel['dukungan']['kode_wilayah']) == {kode}\n"
    ),
    "02_eksplorasi_capaian.ipynb": (
        "k0 = penjelajah.keadaan\n"
        "ind = penjelajah.opsi('kode_indikator')[-1]\n"
        "kode = penjelajah.opsi('kode_wilayah')[-1]\n"
        "k1 = penjelajah.pilih(kode_indikator=ind, kode_wilayah=kode, ukuran='gap')\n"
        "assert k1.judul != k0.judul and k1.judul.startswith('Kesenjangan')\n"
        "assert (k1.tabel['peringkat']['kode_wilayah'].str.count('[.]') == 1).all()\n"
        "g = k1.tabel['peringkat']['gap'].dropna()\n"
        "assert g.is_monotonic_increasing\n"
        "assert k1.tabel['tren']['tahun'].is_monotonic_increasing\n"
    ),
    "03_eksplorasi_konsistensi.ipynb": (
        "k0 = penjelajah.keadaan\n"
        "kode = penjelajah.opsi('kode_wilayah')[-1]\n"
        "k1 = penjelajah.pilih(kode_wilayah=kode)\n"
        "assert k1.judul != k0.judul\n"
        "assert len(k1.tabel['keterkaitan']) == 3\n"
        "j = penjelajah.opsi('jenis_temuan')[1]\n"
        "k2 = penjelajah.pilih(jenis_temuan=j)\n"
        "assert (k2.tabel['temuan']['jenis_temuan'] == j).all()\n"
    ),
}


@pytest.fixture(scope="module")
def sample_env(tmp_path_factory):
    """The built-in sample, generated once into a private folder the kernels also use."""
    folder = tmp_path_factory.mktemp("sampel") / "data-contoh"
    old = os.environ.get("WORKBENCH_SAMPLE_DIR")
    os.environ["WORKBENCH_SAMPLE_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if old is None:
            os.environ.pop("WORKBENCH_SAMPLE_DIR", None)
        else:
            os.environ["WORKBENCH_SAMPLE_DIR"] = old


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EKSPLORASI))
def test_notebook_runs_top_to_bottom_and_its_widgets_respond(name, sample_env, tmp_path):
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    nb = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    n_cells = len(nb.cells)
    nb.cells.append(nbformat.v4.new_code_cell(EKSPLORASI[name]))
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})  # fmt: skip
    client.execute()  # raises CellExecutionError on any failing cell, the checks included
    code = [c for c in nb.cells[:n_cells] if c.cell_type == "code"]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    penjelajah = next(c for c in code if "penjelajah.tampilkan()" in c.source)
    kinds = [k for o in penjelajah.outputs for k in o.get("data", {})]
    assert "application/vnd.jupyter.widget-view+json" in kinds  # the live explorer
    assert "image/png" in kinds and "text/html" in kinds  # and its static copy
    # nbclient stored the widget state, so JupyterLab can show the last view after reopening
    assert "application/vnd.jupyter.widget-state+json" in nb.metadata.get("widgets", {})

    # An HTML export without widget state (what a reader without a kernel or without the
    # widget JavaScript gets): the static default view is there, with its image and tables.
    nb.metadata.pop("widgets", None)
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert "Tampilan awal (statis)" in body
    assert "data:image/png;base64," in body
    assert "<table" in body
    assert "VBox(" not in body  # the widget's fallback text is a sentence, not its repr
    (tmp_path / name.replace(".ipynb", ".html")).write_text(body, encoding="utf-8")


@pytest.mark.slow
def test_notebook_parameters_through_papermill(sample_env, tmp_path):
    """The `parameters` cell takes papermill's values: the explorer opens on that year."""
    import papermill as pm

    out = tmp_path / "01.ipynb"
    pm.execute_notebook(NOTEBOOKS_DIR / "01_eksplorasi_sinkronisasi.ipynb", out,
                        parameters={"tahun": 2027, "data": ""}, kernel_name="python3",
                        cwd=str(tmp_path), progress_bar=False)  # fmt: skip
    nb = nbformat.read(out, as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "tahun = 2027" in injected[0].source
    html_out = "".join(
        "".join(o["data"]["text/html"])
        for c in nb.cells if c.cell_type == "code"
        for o in c.outputs if "text/html" in o.get("data", {})
    )
    assert "Tahun: 2027" in html_out
