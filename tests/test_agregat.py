"""Target arithmetic: implied province values from district targets and realisations."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_fixtures import indikator, realisasi, rencana, wilayah

from workbench.agregat import hitung_target_agregat

WIL = wilayah([("62", "Provinsi", 400), ("62.01", "Kabupaten", 100), ("62.02", "Kota", 300)])
IND = indikator(
    [
        ("IPM", "naik", "rata_tertimbang_penduduk"),
        ("MISKIN", "turun", "rata_tertimbang_penduduk"),
        ("JALAN", "naik", "jumlah"),
        ("LAIN", "naik", "tidak_ada"),
    ]
)


def _t(w, ind, t=None, tahun=2026, dok="RKPD", **kw):
    d = {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": "1.02.02", "ind": ind, **kw}
    if t is not None:
        d["t"] = t
    return d


REN = rencana(
    [
        _t("62", "IPM", 73.5), _t("62.01", "IPM", 70), _t("62.02", "IPM", 74),
        _t("62", "MISKIN", 4.6), _t("62.01", "MISKIN", 6), _t("62.02", "MISKIN", 4),
        _t("62", "JALAN", 400), _t("62.01", "JALAN", 100), _t("62.02", "JALAN", 250),
        _t("62", "LAIN", 1), _t("62.01", "LAIN", 1), _t("62.02", "LAIN", 1),
        # 2027: a range target for 62.01 (turun → upper bound 6), 62.02 missing
        _t("62", "MISKIN", 4.5, tahun=2027, dok="RPJMD"),
        _t("62.01", "MISKIN", tahun=2027, dok="RPJMD", bawah=5, atas=6),
    ]
)  # fmt: skip
REAL = realisasi(
    [
        ("62", "IPM", 2024, 73.0), ("62.01", "IPM", 2024, 69), ("62.02", "IPM", 2024, 73),
        ("62", "IPM", 2025, 72.5), ("62.01", "IPM", 2025, 69), ("62.02", "IPM", 2025, 73),
        ("62", "MISKIN", 2025, 5.0), ("62.01", "MISKIN", 2025, 6.0),  # 62.02 late
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def hasil():
    return hitung_target_agregat(REN, REAL, IND, WIL, toleransi_relatif=0.01)


def _row(df, ind, tahun):
    sel = df[(df["kode_indikator"] == ind) & (df["tahun"] == tahun)]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_population_weighted_targets_fall_short(hasil):
    agr, _ = hasil
    r = _row(agr, "IPM", 2026)
    # (100 × 70 + 300 × 74) / 400 = 29 200 / 400 = 73.0; province 73.5 → short by 0.5
    assert r["kode_wilayah"] == "62"
    assert r["target_implisit"] == pytest.approx(73.0)
    assert r["selisih_target"] == pytest.approx(0.5)
    assert not r["memenuhi"]
    assert (r["n_kabkota"], r["n_kabkota_bertarget"]) == (2, 2)


def test_turun_targets_that_add_up(hasil):
    agr, _ = hasil
    r = _row(agr, "MISKIN", 2026)
    # (100 × 6 + 300 × 4) / 400 = 1 800 / 400 = 4.5 ≤ 4.6: shortfall 4.5 − 4.6 = −0.1
    assert r["target_implisit"] == pytest.approx(4.5)
    assert r["selisih_target"] == pytest.approx(-0.1)
    assert r["memenuhi"]


def test_sum_aggregation(hasil):
    agr, rin = hasil
    r = _row(agr, "JALAN", 2026)
    # 100 + 250 = 350 against 400: short by 50
    assert r["target_implisit"] == 350 and r["selisih_target"] == 50 and not r["memenuhi"]
    # a district's share of a sum is not compared with the province total
    assert rin.loc[rin["kode_indikator"] == "JALAN", "menarik_ke_bawah"].isna().all()


def test_indicators_without_aggregation_are_left_out(hasil):
    agr, rin = hasil
    assert "LAIN" not in set(agr["kode_indikator"]) and "LAIN" not in set(rin["kode_indikator"])


def test_districts_pulling_the_province_short(hasil):
    _, rin = hasil
    r = rin[(rin["kode_indikator"] == "IPM") & (rin["tahun"] == 2026)].set_index("kode_wilayah")
    # 62.01: 70 < 73.5 pulls down; 62.02: 74 ≥ 73.5 does not; weights 100/400 and 300/400
    assert r.loc["62.01", "menarik_ke_bawah"] and not r.loc["62.02", "menarik_ke_bawah"]
    assert r.loc["62.01", "bobot"] == pytest.approx(0.25)
    assert r.loc["62.02", "bobot"] == pytest.approx(0.75)


def test_incomplete_district_targets_are_not_judged(hasil):
    agr, _ = hasil
    r = _row(agr, "MISKIN", 2027)
    # only 62.01 has a 2027 target (range 5–6, upper bound 6): implied 6 over 1 of 2 districts
    assert r["target_implisit"] == pytest.approx(6.0)
    assert r["n_kabkota_bertarget"] == 1 and pd.isna(r["memenuhi"])
    assert "1 dari 2" in r["keterangan"]


def test_realisation_data_quality_check(hasil):
    agr, _ = hasil
    r = _row(agr, "IPM", 2025)
    # (100 × 69 + 300 × 73) / 400 = 28 800 / 400 = 72.0 vs 72.5: |−0.5| / 72.5 = 0.69 % ≤ 1 %
    assert r["realisasi_implisit"] == pytest.approx(72.0)
    assert r["selisih_realisasi"] == pytest.approx(-0.5)
    assert r["selisih_realisasi_relatif"] == pytest.approx(0.5 / 72.5)
    assert r["realisasi_konsisten"]
    r = _row(agr, "IPM", 2024)
    # 72.0 vs 73.0: 1 / 73 = 1.37 % > 1 % → flagged
    assert not r["realisasi_konsisten"]


def test_late_district_realisation_is_not_judged(hasil):
    agr, _ = hasil
    r = _row(agr, "MISKIN", 2025)
    assert r["n_kabkota_berrealisasi"] == 1 and pd.isna(r["realisasi_konsisten"])
    assert "realisasi kab/kota ada untuk 1 dari 2" in r["keterangan"]


def test_tolerance_from_parameters():
    agr, _ = hitung_target_agregat(REN, REAL, IND, WIL, toleransi_relatif=0.02)
    assert _row(agr, "IPM", 2024)["realisasi_konsisten"]  # 1.37 % ≤ 2 %
