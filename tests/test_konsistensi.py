"""Document consistency: linkage %, MKPP category, offending lines, less-ambitious targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from analysis_fixtures import indikator, rencana

from workbench.konsistensi import hitung_konsistensi, kategori_mkpp

IND = indikator([("NAIK", "naik", "tidak_ada"), ("TURUN", "turun", "tidak_ada"),
                 ("TURUN2", "turun", "tidak_ada"), ("TETAP", "tetap", "tidak_ada")])  # fmt: skip


def _l(dok, kode, tahun=2026, w="62.01", **kw):
    return {"kode_wilayah": w, "dokumen": dok, "tahun": tahun, "kode": kode, **kw}


def _rencana():
    rows = [
        # RPJMD 2026: four programmes; RKPD 2026 holds three of them plus one unplanned.
        _l("RPJMD", "1.02.02", ind="NAIK", t=75),
        _l("RPJMD", "1.02.03", ind="TURUN", t=5),
        _l("RPJMD", "1.03.10", ind="TURUN2", bawah=4.11, atas=4.66),
        _l("RPJMD", "1.01.02", ind="TETAP", t=100),
        _l("RPJMD", "1.05.02", tahun=2027),  # another year: not counted for 2026
        _l("RKPD", "1.02.02", ind="NAIK", t=73),  # less ambitious: 73 < 75
        _l("RKPD", "1.02.03", ind="TURUN", t=5.5),  # less ambitious: 5.5 > 5
        _l("RKPD", "1.03.10", ind="TURUN2", t=4.5),  # more ambitious than 4.66
        _l("RKPD", "1.01.02", ind="TETAP", t=90, tahun=2027),  # other year
        _l("RKPD", "2.07.02"),  # not in the RPJMD
        _l("RKPD", "1.02.02.2.02"),  # a kegiatan: the RPJMD has no kegiatan level
        # Renstra 2026: five sub kegiatan; Renja holds one of them plus one unplanned.
        *[_l("RENSTRA", f"1.02.02.2.02.000{i}", pd="Dinas Kesehatan") for i in range(1, 6)],
        _l("RENJA", "1.02.02.2.02.0001", pd="Dinas Kesehatan"),
        _l("RENJA", "1.02.02.2.02.0033", pd="Dinas Kesehatan"),
        _l("RENJA", "1.02.02.2.02.0001", pd="Dinas Kesehatan"),  # duplicate line counts once
    ]
    return rencana(rows)


@pytest.fixture(scope="module")
def hasil():
    return hitung_konsistensi(_rencana(), IND, tahun=2026, kode_wilayah=["62.01", "62.02"])


def _get(kons, w, pasangan, tingkat):
    sel = kons[(kons["kode_wilayah"] == w) & (kons["pasangan"] == pasangan)
               & (kons["tingkat"] == tingkat)]  # fmt: skip
    assert len(sel) == 1
    return sel.iloc[0]


def test_rpjmd_rkpd_programme_linkage(hasil):
    kons, _ = hasil
    r = _get(kons, "62.01", "RPJMD→RKPD", "program")
    # 3 of the 4 RPJMD programmes of 2026 are in the RKPD: 3 / 4 × 100 = 75 → baik [60, 80)
    assert (r["n_baris_atas"], r["n_baris_bawah"], r["n_terhubung"]) == (4, 4, 3)
    assert r["keterkaitan_persen"] == pytest.approx(75.0)
    assert r["kategori"] == "baik"
    assert r["n_tidak_ada_di_bawah"] == 1 and r["n_tidak_direncanakan"] == 1
    # NAIK 73 < 75 and TURUN 5.5 > 5 are less ambitious; TURUN2 4.5 ≤ 4.66 is not
    assert r["n_target_kurang_ambisius"] == 2


def test_level_absent_from_upper_document_is_not_scored(hasil):
    kons, _ = hasil
    r = _get(kons, "62.01", "RPJMD→RKPD", "kegiatan")
    assert r["n_baris_atas"] == 0 and r["n_baris_bawah"] == 1
    assert np.isnan(r["keterkaitan_persen"]) and pd.isna(r["kategori"])
    assert r["n_tidak_direncanakan"] == 0
    assert r["keterangan"] == "dokumen atas tidak memuat tingkat ini"


def test_renstra_renja_sub_kegiatan_linkage(hasil):
    kons, _ = hasil
    r = _get(kons, "62.01", "RENSTRA→RENJA", "sub_kegiatan")
    # 1 of 5 Renstra sub kegiatan in the Renja: 1 / 5 × 100 = 20 → buruk [20, 40)
    assert r["keterkaitan_persen"] == pytest.approx(20.0) and r["kategori"] == "buruk"
    assert r["n_tidak_ada_di_bawah"] == 4 and r["n_tidak_direncanakan"] == 1
    assert r["n_baris_bawah"] == 2  # the duplicate Renja line counts once


def test_offending_lines_are_listed(hasil):
    _, rin = hasil
    w = rin[rin["kode_wilayah"] == "62.01"]
    hilang = w[(w["pasangan"] == "RPJMD→RKPD")
               & (w["jenis_temuan"] == "tidak ada di dokumen bawah")]  # fmt: skip
    assert hilang["kode_nomenklatur"].tolist() == ["1.01.02"]
    baru = w[w["jenis_temuan"] == "tidak direncanakan di dokumen atas"]
    assert sorted(baru["kode_nomenklatur"]) == ["1.02.02.2.02.0033", "2.07.02"]
    assert set(baru.loc[baru["kode_nomenklatur"] == "1.02.02.2.02.0033", "perangkat_daerah"]) == {
        "Dinas Kesehatan"
    }
    renja_hilang = w[(w["pasangan"] == "RENSTRA→RENJA")
                     & (w["jenis_temuan"] == "tidak ada di dokumen bawah")]  # fmt: skip
    assert sorted(renja_hilang["kode_nomenklatur"]) == [f"1.02.02.2.02.000{i}" for i in range(2, 6)]


def test_less_ambitious_targets_with_signed_difference(hasil):
    _, rin = hasil
    dev = rin[rin["jenis_temuan"] == "target kurang ambisius"].set_index("kode_indikator")
    assert sorted(dev.index) == ["NAIK", "TURUN"]
    # NAIK: 73 − 75 = −2 (below for a naik indicator); TURUN: 5.5 − 5 = +0.5
    assert dev.loc["NAIK", "selisih"] == pytest.approx(-2.0)
    assert dev.loc["TURUN", "selisih"] == pytest.approx(0.5)
    assert dev.loc["NAIK", "target_dokumen_atas"] == "75"
    assert dev.loc["NAIK", "target_dokumen_bawah"] == "73"


def test_government_without_plan_lines_appears_with_empty_linkage(hasil):
    kons, _ = hasil
    w = kons[kons["kode_wilayah"] == "62.02"]
    # 2 pairs × 3 levels, all zero
    assert len(w) == 6
    assert (w["n_baris_atas"] == 0).all() and w["keterkaitan_persen"].isna().all()
    assert (w["keterangan"] == "tidak ada baris rencana").all()


def test_all_years_when_no_year_given():
    kons, _ = hitung_konsistensi(_rencana(), IND)
    assert sorted(kons["tahun"].unique()) == [2026, 2027]


@pytest.mark.parametrize(
    ("pct", "kat"),
    [(0, "sangat buruk"), (19.9, "sangat buruk"), (20, "buruk"), (39.9, "buruk"),
     (40, "sedang"), (59.9, "sedang"), (60, "baik"), (79.9, "baik"), (80, "sangat baik"),
     (100, "sangat baik")],
)  # fmt: skip
def test_mkpp_categories(pct, kat):
    assert kategori_mkpp(pd.Series([pct]))[0] == kat
