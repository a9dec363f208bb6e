"""run_analysis, Hasil slices, save/load and the csv/xlsx outputs (on hand-built frames)."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_fixtures import Paket, indikator, kesepakatan, realisasi, rencana, wilayah
from openpyxl import load_workbook

from workbench.analysis import (
    FRAMES,
    AnalysisError,
    Hasil,
    load_hasil,
    run_analysis,
    save_hasil,
    write_outputs,
)
from workbench.config import Parameters

SK = "1.02.02.2.02."


def _paket() -> Paket:
    wil = wilayah([("62", "Provinsi", 400), ("62.01", "Kabupaten", 100),
                   ("62.02", "Kabupaten", 300)])  # fmt: skip
    ind = indikator([("IPM", "naik", "rata_tertimbang_penduduk")])

    def l(w, dok, kode, tahun=2026, **kw):  # noqa: E743
        return {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": kode, **kw}

    ren = rencana(
        [
            l("62", "RPJMD", "1.02.02", ind="IPM", t=74, tahun=2029),
            l("62", "RPJMD", "1.02.02", ind="IPM", t=73),
            l("62", "RKPD", "1.02.02", ind="IPM", t=73.5),
            l("62.01", "RPJMD", "1.02.02", ind="IPM", t=70, tahun=2025),
            l("62.01", "RKPD", "1.02.02", ind="IPM", t=70, tahun=2025),
            l("62.01", "RPJMD", "1.02.02", ind="IPM", t=71),
            l("62.01", "RKPD", "1.02.02", ind="IPM", t=71),
            l("62.01", "RKPD", SK + "0001", pagu=100.0),
            l("62.02", "RKPD", "1.02.02", ind="IPM", t=74),
        ]
    )
    real = realisasi([("62", "IPM", 2024, 72.0), ("62", "IPM", 2025, 72.4),
                      ("62.01", "IPM", 2025, 69.0), ("62.02", "IPM", 2025, 73.0)])  # fmt: skip
    kes = kesepakatan([(2026, "IPM", SK + "0001", None)])
    return Paket(wilayah=wil, indikator=ind, rencana=ren, realisasi=real, kesepakatan=kes)


@pytest.fixture(scope="module")
def hasil() -> Hasil:
    return run_analysis(_paket(), 2026, Parameters())


def test_every_frame_is_computed(hasil):
    assert hasil.tahun == 2026
    for name in FRAMES:
        assert isinstance(getattr(hasil, name), pd.DataFrame), name
    assert set(hasil.info["durasi_detik"]) >= {"capaian", "konsistensi", "sinkronisasi"}


def test_capaian_carries_trend_and_trajectory(hasil):
    c = hasil.capaian
    r = c[(c["kode_wilayah"] == "62.01") & (c["tahun"] == 2025)].iloc[0]
    # 69 / 70 × 100 = 98.571… → Sangat Tinggi
    assert r["capaian_persen"] == pytest.approx(69 / 70 * 100) and r["predikat"] == "Sangat Tinggi"
    p = c[(c["kode_wilayah"] == "62") & (c["tahun"] == 2025)].iloc[0]
    # province: 72 → 72.4 in one year; CAGR 0.4/72 = 0.005556; required (74/72)^(1/5) − 1 =
    # 0.005495 → R = 1.011 → sesuai lintasan
    assert p["status_lintasan"] == "sesuai lintasan"
    assert p["rasio_lintasan"] == pytest.approx((72.4 / 72 - 1) / ((74 / 72) ** 0.2 - 1))
    # no year after 2026 in capaian
    assert c["tahun"].max() == 2026


def test_sinkronisasi_and_agregat_present(hasil):
    s = hasil.sinkronisasi.set_index("kode_wilayah")
    assert s.loc["62.01", "dukungan_persen"] == 100 and s.loc["62.02", "dukungan_persen"] == 0
    a = hasil.target_agregat
    r = a[(a["kode_indikator"] == "IPM") & (a["tahun"] == 2026)].iloc[0]
    # (100 × 71 + 300 × 74) / 400 = 29 300 / 400 = 73.25 vs 73.5 → short by 0.25
    assert r["target_implisit"] == pytest.approx(73.25)
    assert r["selisih_target"] == pytest.approx(0.25)


def test_slice_of_a_district(hasil):
    s = hasil.untuk_wilayah("62.01")
    assert isinstance(s, Hasil) and s.tahun == 2026
    for name in FRAMES:
        frame = getattr(s, name)
        expected = "62" if name == "target_agregat" else "62.01"
        assert (frame["kode_wilayah"] == expected).all(), name
    assert len(s.capaian) and len(s.sinkronisasi) and len(s.target_agregat)


def test_slice_of_the_province_keeps_its_districts(hasil):
    s = hasil.untuk_wilayah("62")
    assert set(s.sinkronisasi["kode_wilayah"]) == {"62.01", "62.02"}
    assert len(s.capaian) == len(hasil.capaian)


def test_slice_refuses_a_float_code(hasil):
    with pytest.raises(TypeError, match="string"):
        hasil.untuk_wilayah(62.1)  # type: ignore[arg-type]


def test_year_outside_the_package_is_refused():
    with pytest.raises(AnalysisError, match="years present: 2024–2029"):
        run_analysis(_paket(), 2031, Parameters())


def test_save_and_load_roundtrip(hasil, tmp_path):
    save_hasil(hasil, tmp_path / "hasil")
    back = load_hasil(tmp_path / "hasil")
    assert back.tahun == hasil.tahun
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(hasil, name), check_dtype=False)
    assert len(back.untuk_wilayah("62.01").capaian) == len(hasil.untuk_wilayah("62.01").capaian)
    assert back.capaian["kode_wilayah"].dtype == "string"  # codes stay strings
    with pytest.raises(AnalysisError, match="workbench analyze"):
        load_hasil(tmp_path / "empty")


def test_write_outputs_csv_key_columns_and_xlsx(hasil, tmp_path):
    paths = write_outputs(hasil, tmp_path)
    names = {p.name for p in paths}
    assert {"capaian.csv", "konsistensi.csv", "sinkronisasi.csv", "target_agregat.csv",
            "konsistensi_rincian.csv", "sinkronisasi_tanpa_dukungan.csv",
            "analisis.xlsx"} <= names  # fmt: skip
    cap = pd.read_csv(tmp_path / "capaian.csv", dtype={"kode_wilayah": str})
    assert list(cap.columns[:8]) == ["kode_wilayah", "kode_indikator", "tahun", "target",
                                     "realisasi", "capaian_persen", "predikat", "gap"]  # fmt: skip
    assert "62.10" not in set(cap["kode_wilayah"]) and "62.01" in set(cap["kode_wilayah"])
    sink = pd.read_csv(tmp_path / "sinkronisasi.csv")
    assert list(sink.columns[:8]) == ["kode_wilayah", "kode_bidang", "tahun", "n_disepakati",
                                      "n_direncanakan", "dukungan_persen", "pagu_dukungan",
                                      "indeks_sinkronisasi"]  # fmt: skip
    wb = load_workbook(tmp_path / "analisis.xlsx")
    assert wb.sheetnames[:3] == ["Capaian", "Lintasan Capaian", "Konsistensi Dokumen"]
    assert "Keterangan" in wb.sheetnames
    ws = wb["Capaian"]
    assert ws["F1"].value == "Capaian (%)" and ws["F1"].font.b
    assert ws.column_dimensions["A"].width >= len("Kode Wilayah")
    assert ws.max_row == len(hasil.capaian) + 1
    cells = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    # missing values are empty cells, never the text "nan"/"<NA>" or a zero
    assert None in cells and "nan" not in cells and "<NA>" not in cells
    realisasi = [r[4].value for r in ws.iter_rows(min_row=2)]
    assert realisasi.count(None) == int(hasil.capaian["realisasi"].isna().sum())
    assert not list(tmp_path.glob(".*.tmp"))
