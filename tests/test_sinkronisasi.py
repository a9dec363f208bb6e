"""Multi-level synchronization: agreed vs planned sub kegiatan, pagu, outcomes, index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import kesepakatan, rencana

from workbench.config import BobotSinkronisasi
from workbench.sinkronisasi import hitung_sinkronisasi, kesepakatan_per_kabkota

KABKOTA = ["62.01", "62.02", "62.03"]  # 62.03 has no plan lines at all
SK = "1.02.02.2.02."


def _kesepakatan():
    return kesepakatan(
        [
            (2026, "IKU_A", SK + "0001", None),  # every kab/kota
            (2026, "IKU_A", SK + "0015", None),
            (2026, "IKU_B", SK + "0033", "62.01"),  # one kab/kota only
            (2026, "IKU_B", SK + "0001", "62.01"),  # same sub kegiatan, second outcome
            (2026, "IKU_C", "1.02.02.1.02.0001", None),  # level 1: not a kab/kota duty
            (2026, "IKU_A", "1.01.02.2.01.0047", None),
            (2027, "IKU_A", SK + "0099", None),  # another year
        ]
    )


def _l(w, dok, kode, pagu=np.nan):
    return {"kode_wilayah": w, "dokumen": dok, "tahun": 2026, "kode": kode, "pagu": pagu}


def _rencana():
    return rencana(
        [
            _l("62.01", "RKPD", "1.02.02", 1000),  # programme subtotal: not in pagu_bidang
            _l("62.01", "RKPD", SK + "0001", 100),
            _l("62.01", "RKPD", SK + "0033", 0),  # planned without pagu
            _l("62.01", "RKPD", SK + "0099", 300),  # not agreed
            _l("62.01", "RKPD", "1.01.02.2.01.0047", 50),
            _l("62.01", "RENJA", SK + "0001", 100),
            _l("62.02", "RKPD", SK + "0015", 200),
            _l("62", "RKPD", SK + "0001", 999),  # the province's own line: not a kab/kota
        ]
    )


@pytest.fixture(scope="module")
def hasil():
    return hitung_sinkronisasi(_rencana(), _kesepakatan(), KABKOTA, tahun=2026)


def _row(s, w, bidang):
    sel = s[(s["kode_wilayah"] == w) & (s["kode_bidang"] == bidang)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_expansion_of_empty_code_and_level_filter():
    ks, n_bukan = kesepakatan_per_kabkota(_kesepakatan(), KABKOTA, [2026])
    # 3 "all" level-2 rows × 3 kab/kota + 2 rows for 62.01 = 11; the level-1 row is dropped
    assert len(ks) == 11 and n_bukan == 1
    assert set(ks.loc[ks["kode_indikator"] == "IKU_B", "kode_wilayah"]) == {"62.01"}


def test_support_pagu_and_index_for_one_district(hasil):
    s, _, _ = hasil
    r = _row(s, "62.01", "1.02")
    # agreed {0001, 0015, 0033} (0001 agreed twice counts once); RKPD {0001, 0033}; Renja {0001}
    assert (r["n_disepakati"], r["n_direncanakan"], r["n_direncanakan_renja"]) == (3, 2, 1)
    assert r["dukungan_persen"] == pytest.approx(200 / 3)
    assert r["dukungan_renja_persen"] == pytest.approx(100 / 3)
    # pagu on agreed lines 100 + 0 = 100; bidang pagu (sub kegiatan only) 100 + 0 + 300 = 400
    assert r["pagu_dukungan"] == 100 and r["pagu_bidang"] == 400
    assert r["porsi_pagu_persen"] == pytest.approx(25.0)
    # outcomes IKU_A and IKU_B both have a planned sub kegiatan → 100 %; funded 1 of 3
    assert (r["n_outcome"], r["n_outcome_didukung"], r["n_outcome_tanpa_dukungan"]) == (2, 2, 0)
    assert r["cakupan_outcome_persen"] == 100 and r["pendanaan_persen"] == pytest.approx(100 / 3)
    # 0.4 × 66.667 + 0.2 × 33.333 + 0.3 × 100 + 0.1 × 33.333 = 66.667
    assert r["indeks_sinkronisasi"] == pytest.approx(200 / 3)


def test_agreement_for_all_districts_vs_one(hasil):
    s, _, _ = hasil
    r = _row(s, "62.02", "1.02")
    # only the two "all" rows apply to 62.02: agreed {0001, 0015}; RKPD {0015}
    assert (r["n_disepakati"], r["n_direncanakan"]) == (2, 1)
    assert r["dukungan_persen"] == 50 and r["pagu_dukungan"] == 200
    assert r["porsi_pagu_persen"] == 100
    # 0.4 × 50 + 0.2 × 0 + 0.3 × 100 + 0.1 × 50 = 55
    assert r["indeks_sinkronisasi"] == pytest.approx(55.0)


def test_other_bidang_scored_separately(hasil):
    s, _, _ = hasil
    r = _row(s, "62.01", "1.01")
    # agreed {0047}, in RKPD with pagu 50, not in the Renja: 40 + 0 + 30 + 10 = 80
    assert r["dukungan_persen"] == 100 and r["dukungan_renja_persen"] == 0
    assert r["indeks_sinkronisasi"] == pytest.approx(80.0)
    r = _row(s, "62.02", "1.01")
    assert r["n_direncanakan"] == 0 and r["indeks_sinkronisasi"] == 0
    assert np.isnan(r["porsi_pagu_persen"])  # the bidang has no RKPD pagu at all


def test_district_without_any_plan_line(hasil):
    s, _, tanpa = hasil
    w = s[s["kode_wilayah"] == "62.03"].set_index("kode_bidang")
    assert sorted(w.index) == ["1.01", "1.02"]
    assert w.loc["1.02", "n_disepakati"] == 2
    assert (w["n_direncanakan"] == 0).all() and (w["pagu_dukungan"] == 0).all()
    assert (w["indeks_sinkronisasi"] == 0).all()
    # IKU_A is agreed through 1.02 and 1.01 sub kegiatan; 62.03 plans none: one outcome
    # supported with nothing, listed once with both bidang
    t = tanpa[tanpa["kode_wilayah"] == "62.03"]
    assert t[["kode_indikator", "kode_bidang", "n_disepakati"]].values.tolist() == [
        ["IKU_A", "1.01, 1.02", 3]
    ]
    assert (w["n_outcome_tanpa_dukungan"] == 1).all()


def test_outcomes_supported_with_nothing(hasil):
    s, _, tanpa = hasil
    # 62.02 plans nothing of IKU_A in bidang 1.01 but supports IKU_A through 1.02 (0015):
    # not on the list. Only 62.03 (no plan lines) is.
    got = sorted(zip(tanpa["kode_wilayah"], tanpa["tahun"], tanpa["kode_indikator"],
                     strict=True))  # fmt: skip
    assert got == [("62.03", 2026, "IKU_A")]
    # per bidang: 62.02's 1.01 row has its outcome not supported *by 1.01 lines* (cakupan 0)
    # but not on the "supported with nothing" list
    r = _row(s, "62.02", "1.01")
    assert (r["n_outcome"], r["n_outcome_didukung"], r["n_outcome_tanpa_dukungan"]) == (1, 0, 0)
    assert r["cakupan_outcome_persen"] == 0


def test_detail_lists_every_agreed_sub_kegiatan(hasil):
    _, rin, _ = hasil
    w = rin[(rin["kode_wilayah"] == "62.01") & (rin["kode_bidang"] == "1.02")]
    assert len(w) == 4  # (IKU_A: 0001, 0015), (IKU_B: 0033, 0001)
    assert set(w.loc[~w["di_rkpd"], "kode_sub_kegiatan"]) == {SK + "0015"}


def test_weights_from_parameters():
    bobot = BobotSinkronisasi(dukungan_rkpd=1, dukungan_renja=0, cakupan_outcome=0, pendanaan=0)
    s, _, _ = hitung_sinkronisasi(_rencana(), _kesepakatan(), KABKOTA, tahun=2026, bobot=bobot)
    assert np.allclose(s["indeks_sinkronisasi"], s["dukungan_persen"])


def test_index_within_0_100(hasil):
    s, _, _ = hasil
    assert s["indeks_sinkronisasi"].between(0, 100).all()


def test_perangkat_daerah_of_a_missing_sub_kegiatan_is_the_one_of_its_programme():
    ren = rencana([
        {"kode_wilayah": "62.01", "dokumen": "RKPD", "tahun": 2026, "kode": "1.02.02.2.02.0001",
         "pagu": 1e9, "pd": "Dinas Kesehatan"},
        {"kode_wilayah": "62.01", "dokumen": "RENJA", "tahun": 2026, "kode": "1.02.02.2.02.0033",
         "pagu": 1e9, "pd": "RSUD"},
        {"kode_wilayah": "62.01", "dokumen": "RKPD", "tahun": 2026, "kode": "1.02.02.2.01.0006",
         "pagu": 1e9, "pd": "Dinas Kesehatan"},
        {"kode_wilayah": "62.01", "dokumen": "RKPD", "tahun": 2026, "kode": "1.01.02.2.01.0047",
         "pagu": 1e9, "pd": "Dinas Pendidikan"},
    ])  # fmt: skip
    ks = kesepakatan([(2026, "I", c, "62.01") for c in (
        "1.02.02.2.02.0001",  # planned: its own line
        "1.02.02.2.02.0015",  # missing: programme 1.02.02 is mostly Dinas Kesehatan (2 of 3)
        "1.01.03.2.01.0001",  # missing, no line of programme 1.01.03: bidang 1.01
        "1.03.10.2.01.0001",  # nothing in bidang 1.03: unknown
    )])  # fmt: skip
    _, rin, _ = hitung_sinkronisasi(ren, ks, ["62.01"], tahun=2026)
    pd_ = dict(zip(rin["kode_sub_kegiatan"], rin["perangkat_daerah"], strict=True))
    assert pd_["1.02.02.2.02.0001"] == "Dinas Kesehatan"
    assert pd_["1.02.02.2.02.0015"] == "Dinas Kesehatan"
    assert pd_["1.01.03.2.01.0001"] == "Dinas Pendidikan"
    assert pd_["1.03.10.2.01.0001"] is pd.NA or str(pd_["1.03.10.2.01.0001"]) == "<NA>"


def test_rincian_keeps_perangkat_daerah_target_and_unit_for_the_agreement_form():
    ren = rencana([
        {"kode_wilayah": "62.01", "dokumen": "RKPD", "tahun": 2026, "kode": SK + "0001",
         "pagu": 100, "pd": "Dinas Kesehatan", "teks": "12", "satuan": "Dokumen"},
        {"kode_wilayah": "62.01", "dokumen": "RKPD", "tahun": 2026, "kode": SK + "0001",
         "pagu": 50, "pd": "Dinas Lain", "teks": "99", "satuan": "Unit"},  # second line
        {"kode_wilayah": "62.01", "dokumen": "RENJA", "tahun": 2026, "kode": SK + "0015",
         "pd": "RSUD", "teks": "3"},  # only in the Renja: its PD, no RKPD target
    ])  # fmt: skip
    kes = kesepakatan([(2026, "IKU_A", SK + "0001", "62.01"), (2026, "IKU_A", SK + "0015", "62.01"),
                       (2026, "IKU_A", SK + "0033", "62.01")])  # fmt: skip
    _, rin, _ = hitung_sinkronisasi(ren, kes, ["62.01"], tahun=2026)
    r = rin.set_index("kode_sub_kegiatan")
    # the first plan line of a sub kegiatan speaks for it; its pagu is the sum (150)
    assert r.loc[SK + "0001", ["perangkat_daerah", "target_rkpd", "satuan_rkpd"]].tolist() == [
        "Dinas Kesehatan", "12", "Dokumen"]  # fmt: skip
    assert r.loc[SK + "0001", "pagu_rkpd"] == 150
    assert r.loc[SK + "0015", "perangkat_daerah"] == "RSUD"
    assert r.loc[SK + "0015", ["target_rkpd", "satuan_rkpd"]].isna().all()
    # not planned: no target; the PD is the one of its programme (a tie, alphabetical first)
    assert pd.isna(r.loc[SK + "0033", "target_rkpd"])
    assert r.loc[SK + "0033", "perangkat_daerah"] == "Dinas Kesehatan"
    assert str(rin["perangkat_daerah"].dtype) == "string"
