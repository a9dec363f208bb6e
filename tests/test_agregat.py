"""Target arithmetic: implied province values from district targets and realisations."""

from __future__ import annotations

import numpy as np
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


# --- attribution of a shortfall ------------------------------------------------------------
def _atr(hasil, ind, tahun=2026):
    from workbench.agregat import atribusi_kekurangan

    a = atribusi_kekurangan(*hasil)
    return a[(a["kode_indikator"] == ind) & (a["tahun"] == tahun)].set_index("kode_wilayah")


def test_attribution_of_a_weighted_mean_adds_up_to_the_shortfall(hasil):
    a = _atr(hasil, "IPM")
    # T = 73,5; weights 100/400 and 300/400; 62.01: 0,25 · (73,5 − 70) = 0,875;
    # 62.02: 0,75 · (73,5 − 74) = −0,375; sum 0,5 = 73,5 − 73,0
    assert a.loc["62.01", "kontribusi"] == pytest.approx(0.875)
    assert a.loc["62.02", "kontribusi"] == pytest.approx(-0.375)
    assert a["kontribusi"].sum() == pytest.approx(a["selisih_target"].iloc[0]) == pytest.approx(0.5)
    assert a.loc["62.01", "porsi_kekurangan"] == pytest.approx(1.0)
    assert a["pendorong"].to_dict() == {"62.01": True, "62.02": False}


def test_attribution_of_a_turun_indicator_that_is_met_names_no_driver(hasil):
    a = _atr(hasil, "MISKIN")
    # turun, T = 4,6: 62.01: 0,25 · (6 − 4,6) = 0,35; 62.02: 0,75 · (4 − 4,6) = −0,45
    assert a.loc["62.01", "kontribusi"] == pytest.approx(0.35)
    assert a.loc["62.02", "kontribusi"] == pytest.approx(-0.45)
    assert a["kontribusi"].sum() == pytest.approx(-0.1)
    assert not a["pendorong"].any()


def test_attribution_of_a_sum_uses_the_population_share_of_the_province_total(hasil):
    a = _atr(hasil, "JALAN")
    # T = 400: 62.01 share 100, target 100 → 0; 62.02 share 300, target 250 → 50
    assert a.loc["62.01", "kontribusi"] == pytest.approx(0.0)
    assert a.loc["62.02", "kontribusi"] == pytest.approx(50.0)
    assert a["pendorong"].to_dict() == {"62.01": False, "62.02": True}


def test_a_small_positive_contribution_is_negligible():
    from workbench.agregat import atribusi_kekurangan

    agr = pd.DataFrame([{"kode_wilayah": "62", "kode_indikator": "S", "tahun": 2026,
                         "agregasi": "rata_tertimbang_penduduk", "arah": "turun",
                         "target_implisit": 10.5, "selisih_target": 0.5, "memenuhi": False}])
    rin = pd.DataFrame({"kode_wilayah": ["62.01", "62.02", "62.03"], "kode_provinsi": "62",
                        "kode_indikator": "S", "tahun": 2026, "penduduk": [50, 40, 10],
                        "target": [11.0, 10.0, 10.5], "target_provinsi": 10.0})
    a = atribusi_kekurangan(agr, rin, ambang_porsi=0.2).set_index("kode_wilayah")
    # 0,5 · 1 = 0,5; 0,4 · 0 = 0; 0,1 · 0,5 = 0,05 → shares 0,5/0,55 and 0,05/0,55 (9 %)
    assert a.loc["62.03", "porsi_kekurangan"] == pytest.approx(0.05 / 0.55)
    assert a["pendorong"].to_dict() == {"62.01": True, "62.02": False, "62.03": False}


# --- attribution against each district's starting point ------------------------------------
def _agr(agregasi, arah, implisit, selisih):
    return pd.DataFrame([{"kode_wilayah": "62", "kode_indikator": "I", "tahun": 2026,
                          "agregasi": agregasi, "arah": arah, "target_implisit": implisit,
                          "selisih_target": selisih, "memenuhi": False}])


def _rin(targets, target_provinsi, penduduk=(100, 300)):
    return pd.DataFrame({"kode_wilayah": ["62.01", "62.02"], "kode_provinsi": "62",
                         "kode_indikator": "I", "tahun": 2026, "penduduk": list(penduduk),
                         "target": list(targets), "target_provinsi": target_provinsi})


def _dasar(values):
    return pd.DataFrame({"kode_wilayah": ["62.01", "62.02"], "kode_indikator": "I",
                         "tahun_dasar": 2025, "nilai_dasar": list(values)})


def test_attribution_against_starting_points_of_a_weighted_mean():
    from workbench.agregat import atribusi_kekurangan

    # naik, T = 73,5, targets 70 and 74, weights 0,25/0,75 (implied 73,0: short 0,5).
    # Starting points 68 and 72: B = 0,25·68 + 0,75·72 = 71; a = 68·73,5/71 = 70,3944 and
    # 72·73,5/71 = 74,5352; contributions 0,25·0,3944 = 0,0986 and 0,75·0,5352 = 0,4014
    a = atribusi_kekurangan(_agr("rata_tertimbang_penduduk", "naik", 73.0, 0.5),
                            _rin((70, 74), 73.5), dasar=_dasar((68, 72))).set_index("kode_wilayah")
    assert a.loc["62.01", "acuan"] == pytest.approx(68 * 73.5 / 71)
    assert a.loc["62.02", "acuan"] == pytest.approx(72 * 73.5 / 71)
    assert a.loc["62.01", "kontribusi"] == pytest.approx(0.25 * (68 * 73.5 / 71 - 70))
    assert a.loc["62.02", "kontribusi"] == pytest.approx(0.75 * (72 * 73.5 / 71 - 74))
    assert a["kontribusi"].sum() == pytest.approx(0.5)
    assert a["acuan_sebanding"].all()
    # 62.01 sits below the province target only because it starts lower: 0,0986/0,5 = 19,7 %
    assert a.loc["62.01", "porsi_kekurangan"] == pytest.approx(0.25 * (68 * 73.5 / 71 - 70) / 0.5)
    assert a.loc["62.01", "porsi_kekurangan"] < 0.2
    assert a["pendorong"].to_dict() == {"62.01": False, "62.02": True}


def test_attribution_against_starting_points_of_a_turun_indicator():
    from workbench.agregat import atribusi_kekurangan

    # turun, T = 20, targets 30 and 18 (implied 0,25·30 + 0,75·18 = 21: short 1).
    # Starting points 33 and 21: B = 8,25 + 15,75 = 24; a = 33·20/24 = 27,5 and 21·20/24 = 17,5;
    # contributions −(0,25·(27,5 − 30)) = 0,625 and −(0,75·(17,5 − 18)) = 0,375
    a = atribusi_kekurangan(_agr("rata_tertimbang_penduduk", "turun", 21.0, 1.0),
                            _rin((30, 18), 20.0), dasar=_dasar((33, 21))).set_index("kode_wilayah")
    assert a["acuan"].tolist() == pytest.approx([27.5, 17.5])
    assert a["kontribusi"].tolist() == pytest.approx([0.625, 0.375])
    assert a["pendorong"].all()


def test_attribution_against_starting_points_of_a_sum():
    from workbench.agregat import atribusi_kekurangan

    # naik sum, T = 400, targets 100 and 250 (short 50); starting points 80 and 320 (Σ 400):
    # a = 80 and 320; contributions 80 − 100 = −20 and 320 − 250 = 70; Σ = 50
    a = atribusi_kekurangan(_agr("jumlah", "naik", 350.0, 50.0), _rin((100, 250), 400.0),
                            dasar=_dasar((80, 320))).set_index("kode_wilayah")
    assert a["acuan"].tolist() == pytest.approx([80.0, 320.0])
    assert a["kontribusi"].tolist() == pytest.approx([-20.0, 70.0])
    assert a["pendorong"].to_dict() == {"62.01": False, "62.02": True}


def test_attribution_without_every_starting_point_falls_back_to_the_province_target():
    from workbench.agregat import atribusi_kekurangan

    dasar = _dasar((68, 72)).iloc[:1]  # 62.02 has no realisation yet
    a = atribusi_kekurangan(_agr("rata_tertimbang_penduduk", "naik", 73.0, 0.5),
                            _rin((70, 74), 73.5), dasar=dasar).set_index("kode_wilayah")
    assert not a["acuan_sebanding"].any()
    assert a["acuan"].tolist() == pytest.approx([73.5, 73.5])
    assert a["kontribusi"].tolist() == pytest.approx([0.875, -0.375])


def test_starting_point_is_the_latest_realisation_before_the_plan_year():
    from workbench.agregat import nilai_dasar

    rin = pd.DataFrame({"kode_wilayah": ["62.01"] * 3 + ["62.02"] * 2, "kode_indikator": "I",
                        "tahun": [2024, 2025, 2026, 2024, 2025],
                        "realisasi": [1.0, 2.0, 3.0, 5.0, np.nan]})
    d = nilai_dasar(rin, 2026).set_index("kode_wilayah")
    assert d.loc["62.01", ["tahun_dasar", "nilai_dasar"]].tolist() == [2025, 2.0]
    assert d.loc["62.02", ["tahun_dasar", "nilai_dasar"]].tolist() == [2024, 5.0]
