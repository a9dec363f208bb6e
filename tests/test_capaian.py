"""Achievement, predikat, gap, trend and trajectory: hand-computed expectations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import indikator, realisasi, rencana

from workbench.capaian import hitung_capaian, lintasan, nilai_capaian, predikat, tren
from workbench.config import Predikat

IND = indikator(
    [
        ("NAIK", "naik", "rata_tertimbang_penduduk"),
        ("TURUN", "turun", "rata_tertimbang_penduduk"),
        ("TETAP", "tetap", "tidak_ada"),
    ]
)


def _one(rows, real_rows, ind=IND, **kw) -> pd.DataFrame:
    return hitung_capaian(rencana(rows), realisasi(real_rows), ind, **kw)


def _row(df, wilayah="62.01", ind=None, tahun=2025):
    sel = (df["kode_wilayah"] == wilayah) & (df["tahun"] == tahun)
    if ind is not None:
        sel &= df["kode_indikator"] == ind
    assert sel.sum() == 1, df
    return df.loc[sel].iloc[0]


def _line(ind, t=None, tahun=2025, dokumen="RKPD", wilayah="62.01", **kw):
    d = {"kode_wilayah": wilayah, "dokumen": dokumen, "tahun": tahun, "kode": "1.02.02",
         "ind": ind, **kw}  # fmt: skip
    if t is not None:
        d["t"] = t
    return d


# --- capaian by direction --------------------------------------------------------------------
def test_naik_ratio_predikat_and_gap():
    r = _row(_one([_line("NAIK", 80)], [("62.01", "NAIK", 2025, 72)]))
    # 72 / 80 × 100 = 90 → Tinggi [76, 91); gap 80 − 72 = 8 (shortfall); 8 / 80 × 100 = 10 %
    assert r["capaian_persen"] == pytest.approx(90.0)
    assert r["predikat"] == "Tinggi"
    assert r["gap"] == pytest.approx(8.0)
    assert r["gap_relatif_persen"] == pytest.approx(10.0)
    assert not r["memenuhi"]
    assert r["status"] == "dihitung"
    assert r["sumber_target"] == "RKPD"


def test_naik_band_boundary_91_is_sangat_tinggi_despite_float_error():
    # 72.8 / 80 × 100 = 91 exactly on paper (90.99999999999999 in binary floating point)
    r = _row(_one([_line("NAIK", 80)], [("62.01", "NAIK", 2025, 72.8)]))
    assert r["capaian_persen"] == 91.0
    assert r["predikat"] == "Sangat Tinggi"


def test_turun_below_target_scores_above_100():
    r = _row(_one([_line("TURUN", 5)], [("62.01", "TURUN", 2025, 4.5)]))
    # (2 × 5 − 4.5) / 5 × 100 = 5.5 / 5 × 100 = 110; gap 4.5 − 5 = −0.5 (surplus)
    assert r["capaian_persen"] == pytest.approx(110.0)
    assert r["gap"] == pytest.approx(-0.5)
    assert r["memenuhi"]


def test_turun_overshoot_is_floored_at_zero():
    r = _row(_one([_line("TURUN", 5)], [("62.01", "TURUN", 2025, 12)]))
    # (2 × 5 − 12) / 5 × 100 = −40 → floored at 0 → Sangat Rendah; gap 12 − 5 = 7; 7/5 = 140 %
    assert r["capaian_persen"] == 0.0
    assert r["predikat"] == "Sangat Rendah"
    assert r["gap"] == pytest.approx(7.0)
    assert r["gap_relatif_persen"] == pytest.approx(140.0)
    assert not r["memenuhi"]


def test_tetap_point_and_range():
    df = _one(
        [_line("TETAP", 100, tahun=2024), _line("TETAP", tahun=2025, bawah=95, atas=105),
         _line("TETAP", tahun=2023, bawah=95, atas=105)],
        [("62.01", "TETAP", 2024, 95), ("62.01", "TETAP", 2025, 110),
         ("62.01", "TETAP", 2023, 100)],
    )  # fmt: skip
    # point: 100 − |95 − 100| / 100 × 100 = 95; gap 5
    r = _row(df, tahun=2024)
    assert r["capaian_persen"] == pytest.approx(95.0) and r["gap"] == pytest.approx(5.0)
    # range [95, 105], r = 110: dev 110 − 105 = 5 from bound 105: 100 − 5/105 × 100 = 95.238…
    r = _row(df, tahun=2025)
    assert r["capaian_persen"] == pytest.approx(100 - 5 / 105 * 100)
    assert r["gap"] == pytest.approx(5.0)
    assert not r["memenuhi"] and not r["dalam_rentang"]
    # inside the range: 100 %, gap 0
    r = _row(df, tahun=2023)
    assert r["capaian_persen"] == pytest.approx(100.0) and r["gap"] == 0.0
    assert r["memenuhi"] and r["dalam_rentang"]


# --- target 0 ------------------------------------------------------------------------------
def test_target_zero_is_binary_and_never_inf():
    df = _one(
        [_line("TURUN", 0, wilayah="62.01"), _line("TURUN", 0, wilayah="62.02"),
         _line("NAIK", 0, wilayah="62.03")],
        [("62.01", "TURUN", 2025, 0), ("62.02", "TURUN", 2025, 3), ("62.03", "NAIK", 2025, 2)],
    )  # fmt: skip
    assert np.isfinite(df["capaian_persen"]).all()
    # turun, target 0, realisation 0: met → 100
    r = _row(df, "62.01")
    assert r["capaian_persen"] == 100.0 and r["memenuhi"]
    assert "target nol" in r["catatan"]
    # turun, target 0, realisation 3: not met → 0; gap 3 − 0 = 3; relative gap undefined
    r = _row(df, "62.02")
    assert r["capaian_persen"] == 0.0 and not r["memenuhi"]
    assert r["gap"] == pytest.approx(3.0) and pd.isna(r["gap_relatif_persen"])
    # naik, target 0, realisation 2 ≥ 0: met → 100; gap 0 − 2 = −2
    r = _row(df, "62.03")
    assert r["capaian_persen"] == 100.0 and r["gap"] == pytest.approx(-2.0)


# --- missing realisation -------------------------------------------------------------------
def test_missing_realisation_is_explicit_never_zero():
    df = _one([_line("NAIK", 80), _line("NAIK", 82, tahun=2026)],
              [("62.01", "NAIK", 2025, 79)], tahun_sampai=2026)  # fmt: skip
    r = _row(df, tahun=2026)
    assert r["status"] == "belum ada realisasi"
    assert pd.isna(r["realisasi"]) and pd.isna(r["capaian_persen"]) and pd.isna(r["gap"])
    assert pd.isna(r["predikat"]) and pd.isna(r["memenuhi"])
    assert r["target"] == 82


def test_realisation_without_target_and_year_limit():
    df = _one([_line("NAIK", 80, tahun=2027)], [("62.01", "NAIK", 2024, 70)], tahun_sampai=2026)
    # 2027 lies after tahun_sampai: only the 2024 realisation, without a target
    assert df["tahun"].tolist() == [2024]
    assert df.loc[0, "status"] == "tidak ada target"


# --- range targets -------------------------------------------------------------------------
def test_range_target_turun_uses_upper_bound():
    rows = [_line("TURUN", wilayah=w, bawah=4.11, atas=4.66, teks="4,11–4,66")
            for w in ("62.01", "62.02", "62.03")]  # fmt: skip
    df = _one(rows, [("62.01", "TURUN", 2025, 4.5), ("62.02", "TURUN", 2025, 3.9),
                     ("62.03", "TURUN", 2025, 4.8)])  # fmt: skip
    r = _row(df, "62.01")
    # inside: target = upper bound 4.66; (2 × 4.66 − 4.5) / 4.66 × 100 = 4.82 / 4.66 × 100
    assert r["target"] == 4.66 and r["target_teks"] == "4,11–4,66"
    assert r["capaian_persen"] == pytest.approx(4.82 / 4.66 * 100)
    assert r["memenuhi"] and r["dalam_rentang"]
    # below the range (better for turun): met, not inside; 5.42 / 4.66 × 100
    r = _row(df, "62.02")
    assert r["memenuhi"] and not r["dalam_rentang"]
    assert r["capaian_persen"] == pytest.approx(5.42 / 4.66 * 100)
    # above the range: not met; 4.52 / 4.66 × 100 = 96.99…; gap 4.8 − 4.66 = 0.14
    r = _row(df, "62.03")
    assert not r["memenuhi"] and not r["dalam_rentang"]
    assert r["capaian_persen"] == pytest.approx(4.52 / 4.66 * 100)
    assert r["gap"] == pytest.approx(0.14)


def test_range_target_naik_uses_lower_bound():
    r = _row(_one([_line("NAIK", bawah=70, atas=75)], [("62.01", "NAIK", 2025, 72)]))
    # 72 / 70 × 100 = 102.857…
    assert r["target"] == 70
    assert r["capaian_persen"] == pytest.approx(72 / 70 * 100)
    assert r["memenuhi"] and r["dalam_rentang"]


def test_open_ended_target():
    r = _row(_one([_line("NAIK", bawah=80, atas=math.inf, teks="≥ 80")],
                  [("62.01", "NAIK", 2025, 84)]))  # fmt: skip
    # ≥ 80: bound 80; 84 / 80 × 100 = 105
    assert r["target"] == 80 and r["capaian_persen"] == pytest.approx(105.0)


# --- cap, source of the target, duplicates -------------------------------------------------
@pytest.mark.parametrize(("cap", "expected"), [(None, 160.0), (120, 120.0), (100, 100.0)])
def test_cap(cap, expected):
    r = _row(_one([_line("NAIK", 50)], [("62.01", "NAIK", 2025, 80)], batas_atas=cap))
    # 80 / 50 × 100 = 160, then capped
    assert r["capaian_persen"] == expected


def test_rkpd_preferred_over_rpjmd_else_rpjmd():
    df = _one(
        [_line("NAIK", 70, dokumen="RPJMD"), _line("NAIK", 72, dokumen="RKPD"),
         _line("NAIK", 74, dokumen="RPJMD", tahun=2026)],
        [("62.01", "NAIK", 2025, 72)],
    )  # fmt: skip
    assert _row(df)["target"] == 72 and _row(df)["sumber_target"] == "RKPD"
    r = _row(df, tahun=2026)
    assert r["target"] == 74 and r["sumber_target"] == "RPJMD"


def test_quarterly_duplicates_are_never_summed():
    df = _one([_line("TURUN", 5)], [("62.01", "TURUN", 2025, 5.0), ("62.01", "TURUN", 2025, 5.2)])
    r = _row(df)
    # not 10.2: the last value is used and both rows are counted
    assert r["realisasi"] == 5.2 and r["n_nilai_realisasi"] == 2


def test_conflicting_targets_in_one_document_are_flagged():
    df = _one([_line("NAIK", 70), _line("NAIK", 75, kode="1.02.03")],
              [("62.01", "NAIK", 2025, 72)])  # fmt: skip
    r = _row(df)
    assert r["target"] == 70 and r["n_target_berbeda"] == 2
    assert "beberapa target" in r["catatan"]


# --- predikat bands ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "label"),
    [(120, "Sangat Tinggi"), (91, "Sangat Tinggi"), (90.99, "Tinggi"), (76, "Tinggi"),
     (75.99, "Sedang"), (66, "Sedang"), (65.9, "Rendah"), (51, "Rendah"),
     (50.99, "Sangat Rendah"), (50.5, "Sangat Rendah"), (0, "Sangat Rendah")],
)  # fmt: skip
def test_predikat_half_open_bands(value, label):
    assert predikat(pd.Series([value]))[0] == label


def test_predikat_bands_from_parameters_and_nan():
    bands = Predikat(sangat_tinggi=95, tinggi=80, sedang=70, rendah=55)
    out = predikat(pd.Series([94.9, 95, np.nan]), bands)
    assert out[0] == "Tinggi" and out[1] == "Sangat Tinggi" and pd.isna(out[2])


def test_nilai_capaian_unknown_direction_scores_nothing():
    v = nilai_capaian(np.array([10.0]), np.array([5.0]), np.array([np.nan]))
    assert np.isnan(v["capaian_persen"][0]) and np.isnan(v["gap"][0])


# --- trend ---------------------------------------------------------------------------------
def test_trend_least_squares_slope_and_direction():
    real = realisasi([(w, i, y, v) for w, i in (("62.01", "NAIK"), ("62.02", "TURUN"))
                      for y, v in ((2022, 10), (2023, 11), (2024, 13))])  # fmt: skip
    t = tren(real, IND).set_index("kode_wilayah")
    # t̄ = 2023, ȳ = 34/3; Σ(t−t̄)(y−ȳ) = (−1)(−4/3) + 0 + (1)(5/3) = 3; Σ(t−t̄)² = 2 → 1.5/yr
    assert t.loc["62.01", "tren_per_tahun"] == pytest.approx(1.5)
    assert t.loc["62.01", "tren_arah"] == "membaik"
    assert t.loc["62.02", "tren_arah"] == "memburuk"  # a turun indicator rising
    assert t.loc["62.01", "n_tahun_realisasi"] == 3


# --- trajectory (Open SDG) -----------------------------------------------------------------
def _lintasan(ind, y0, yi, yT, arah_ind=IND, ti=2025):
    ren = rencana([_line(ind, yT, dokumen="RPJMD", tahun=2029),
                   _line(ind, yT * 0.9 if yT else 0, dokumen="RPJMD", tahun=2027)])  # fmt: skip
    real_rows = [("62.01", ind, 2024, y0)]
    if yi is not None:
        real_rows.append(("62.01", ind, ti, yi))
    return lintasan(ren, realisasi(real_rows), arah_ind).iloc[0]


def test_lintasan_naik_on_track():
    r = _lintasan("NAIK", 70, 71, 75)
    # CAGR = 71/70 − 1 = 0.0142857; CAGR_T = (75/70)^(1/5) − 1 = 0.0138942; R = 1.0282
    assert r["metode"] == "CAGR" and r["tahun_target"] == 2029 and r["target_akhir"] == 75
    assert r["laju_aktual"] == pytest.approx(71 / 70 - 1)
    assert r["laju_perlu"] == pytest.approx((75 / 70) ** 0.2 - 1)
    assert r["rasio_lintasan"] == pytest.approx(1.02818, abs=1e-4)
    assert r["status_lintasan"] == "sesuai lintasan"


def test_lintasan_needs_acceleration():
    r = _lintasan("NAIK", 70, 70.8, 75)
    # CAGR = 0.8/70 = 0.0114286; R = 0.0114286 / 0.0138942 = 0.8225
    assert r["rasio_lintasan"] == pytest.approx(0.8225, abs=1e-4)
    assert r["status_lintasan"] == "perlu percepatan"


def test_lintasan_turun_limited_progress_uses_direction_sign():
    r = _lintasan("TURUN", 10, 9.8, 8)
    # CAGR = −0.02; CAGR_T = 0.8^(1/5) − 1 = −0.043648; R = −1 × −0.02 / 0.043648 = 0.4582
    assert r["rasio_lintasan"] == pytest.approx(0.4582, abs=1e-4)
    assert r["status_lintasan"] == "kemajuan terbatas"


def test_lintasan_worsening():
    r = _lintasan("NAIK", 70, 69, 75)
    assert r["rasio_lintasan"] < 0 and r["status_lintasan"] == "memburuk"


def test_lintasan_target_already_met():
    r = _lintasan("TURUN", 10, 7.5, 8)
    assert r["status_lintasan"] == "target tercapai" and pd.isna(r["rasio_lintasan"])


def test_lintasan_zero_base_uses_linear_change():
    r = _lintasan("NAIK", 0, 2, 10)
    # linear: actual (2 − 0)/1 = 2 per year; required (10 − 0)/5 = 2 per year → R = 1
    assert r["metode"] == "linear"
    assert r["rasio_lintasan"] == pytest.approx(1.0)
    assert r["status_lintasan"] == "sesuai lintasan"


def test_lintasan_negative_base_uses_linear_change():
    r = _lintasan("NAIK", -1.0, 1.0, 5.0)
    # linear: actual 2/1 = 2; required (5 − (−1))/5 = 1.2 → R = 1.6667
    assert r["metode"] == "linear" and r["rasio_lintasan"] == pytest.approx(2 / 1.2)


def test_lintasan_needs_two_years_and_a_target():
    assert _lintasan("NAIK", 70, None, 75)["status_lintasan"].startswith("data belum cukup")
    ren = rencana([_line("NAIK", 75, dokumen="RKPD", tahun=2029)])
    r = lintasan(ren, realisasi([("62.01", "NAIK", 2024, 70), ("62.01", "NAIK", 2025, 71)]),
                 IND).iloc[0]  # fmt: skip
    assert r["status_lintasan"] == "tidak ada target RPJMD"


def test_lintasan_target_equal_to_base_not_met_is_worsening():
    r = _lintasan("NAIK", 70, 69, 70)
    # required change 0 and the latest value below the target: moved away from it
    assert r["status_lintasan"] == "memburuk" and pd.isna(r["rasio_lintasan"])


def test_lintasan_tetap_not_assessed():
    assert _lintasan("TETAP", 100, 98, 100)["status_lintasan"] == "tidak dinilai (arah tetap)"


def test_direction_sign_tolerates_case_spaces_and_unknowns():
    from workbench.capaian import arah_ke_d

    d = arah_ke_d(pd.Series(["naik", None, " TURUN", "x", "tetap"], dtype="string"))
    assert d[0] == 1 and d[2] == -1 and d[4] == 0
    assert np.isnan(d[1]) and np.isnan(d[3])


def test_indicator_missing_from_indikator_table_is_shown_not_scored():
    r = _row(_one([_line("LAIN", 80)], [("62.01", "LAIN", 2025, 72)]))
    assert r["status"] == "arah indikator tidak diketahui"
    assert pd.isna(r["capaian_persen"]) and r["target"] == 80
