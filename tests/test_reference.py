"""Reference data shipped with the package: the nomenclature subset and the indicator table."""

from __future__ import annotations

import re

import pytest

from workbench.paths import REFERENCE_DIR
from workbench.reference import kode_generik, load_indikator_referensi, load_nomenklatur

BIDANG_UTAMA = ("1.01", "1.02", "1.03", "1.04", "1.06", "2.07", "2.11", "3.27", "5.01")
POLA = {
    "urusan": r"\d",
    "bidang": r"\d\.\d\d|X\.XX",
    "program": r"(\d\.\d\d|X\.XX)\.\d\d",
    "kegiatan": r"(\d\.\d\d|X\.XX)\.\d\d\.[1-9]\.\d\d",
    "sub_kegiatan": r"(\d\.\d\d|X\.XX)\.\d\d\.[1-9]\.\d\d\.\d{4}",
}


@pytest.fixture(scope="module")
def nomen():
    return load_nomenklatur()


@pytest.fixture(scope="module")
def ind():
    return load_indikator_referensi()


def test_nomenklatur_columns_and_unique_codes(nomen):
    assert list(nomen.columns) == [
        "kode", "tingkat", "uraian", "kode_bidang", "level_pemerintahan", "versi",
        "kinerja", "indikator", "satuan",
    ]  # fmt: skip
    assert nomen["kode"].is_unique
    assert set(nomen["tingkat"]) == set(POLA)
    assert (nomen["uraian"].str.strip() == nomen["uraian"]).all()
    assert not nomen["uraian"].str.contains("  |,,").any()  # dump artefacts repaired
    assert (nomen["versi"] != "").all()  # every row names the decree (or source) defining it
    assert set(nomen["versi"]) == {
        "Kepmendagri 900.1.15.5-1317/2023", "Kepmendagri 900.1.15.5-3406/2024",
        "Permendagri 14/2026 Tabel C", "tidak terverifikasi (subset lama)",
    }  # fmt: skip


def test_the_full_2023_kabkota_master_is_shipped(nomen):
    sub = nomen[(nomen["tingkat"] == "sub_kegiatan")
                & (nomen["versi"] == "Kepmendagri 900.1.15.5-1317/2023")]  # fmt: skip
    assert len(sub) == 3394
    assert (sub["indikator"] != "").all() and (sub["satuan"] != "").all()
    assert (sub["level_pemerintahan"] != "1").all()
    assert sub["level_pemerintahan"].value_counts()["2"] == 2337
    row = nomen.set_index("kode").loc["1.06.04.2.01.0004"]
    assert row["uraian"] == "Pemberian Pelayanan Reunifikasi Keluarga"
    assert nomen.set_index("kode").loc["1.06.04.2.01.0003", "uraian"] == "Penyediaan Alat Bantu"
    # later amendments and the province codes keep their own versi
    v = nomen.set_index("kode")["versi"]
    assert v["1.03.10.2.01.0053"] == v["1.02.02.2.02.0048"] == "Kepmendagri 900.1.15.5-3406/2024"
    assert v["1.02.02.1.02.0006"] == "Permendagri 14/2026 Tabel C"
    assert (nomen.loc[nomen["tingkat"] != "sub_kegiatan", ["kinerja", "indikator", "satuan"]]
            == "").all().all()  # fmt: skip


def test_the_shipped_master_rows_equal_the_shared_source(nomen):
    import pandas as pd

    src = REFERENCE_DIR.parents[2] / "shared" / "reference"
    path = src / "nomenklatur_kabkota_kepmendagri_900.1.15.5-1317.csv"
    if not path.is_file():
        pytest.skip("../shared/reference is not next to this checkout")
    from workbench.nomenklatur import rapikan

    m = pd.read_csv(path, dtype=str, keep_default_na=False)
    ref = nomen.set_index("kode").loc[m["kode_sub_kegiatan"]]
    assert ref["uraian"].tolist() == m["nama_sub_kegiatan"].map(rapikan).tolist()
    assert ref["indikator"].tolist() == m["indikator"].map(rapikan).tolist()
    assert ref["satuan"].tolist() == m["satuan"].map(rapikan).tolist()


def test_renumbered_codes_point_to_codes_of_the_reference(nomen):
    from workbench.reference import load_perubahan_kode

    p = load_perubahan_kode()
    assert list(p.columns) == ["kode_lama", "kode_baru", "versi", "keterangan"]
    assert set(p["kode_baru"]) <= set(nomen["kode"])
    assert ("1.03.10.2.01.0032", "1.03.10.2.01.0053") in set(zip(p["kode_lama"], p["kode_baru"]))


def test_nomenklatur_codes_match_their_tingkat_and_parents_exist(nomen):
    kode = set(nomen["kode"])
    for row in nomen.itertuples(index=False):
        assert re.fullmatch(POLA[row.tingkat], row.kode), row
        if row.tingkat == "bidang":
            assert row.kode_bidang == row.kode  # urusan names are not in the master
        elif row.tingkat != "urusan":
            # kegiatan X.XX.XX.L.XX hangs under programme X.XX.XX (the level digit is no node).
            n_seg = {"bidang": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 5}[row.tingkat]
            parent = ".".join(row.kode.split(".")[:n_seg])
            generik = kode_generik(parent) or parent
            assert parent in kode or generik in kode, row
            assert row.kode_bidang == row.kode[:4], row
        else:
            assert row.kode_bidang == ""


def test_level_digit_is_the_fourth_segment(nomen):
    # kegiatan and sub kegiatan carry 1 (province) or 2 (kab/kota); higher levels none.
    bawah = nomen["tingkat"].isin(["kegiatan", "sub_kegiatan"])
    assert (nomen.loc[bawah, "level_pemerintahan"] == nomen.loc[bawah, "kode"].str[8]).all()
    assert (nomen.loc[~bawah, "level_pemerintahan"] == "").all()


def test_enough_sub_kegiatan_at_both_levels_in_every_main_bidang(nomen):
    sub = nomen[nomen["tingkat"] == "sub_kegiatan"]
    assert len(sub) >= 150
    n = sub.groupby(["kode_bidang", "level_pemerintahan"]).size()
    for b in BIDANG_UTAMA:
        assert n.get((b, "1"), 0) >= 3, b
        assert n.get((b, "2"), 0) >= 3, b


@pytest.mark.parametrize(
    ("kode", "uraian"),
    [
        ("1.01.02", "Program Pengelolaan Pendidikan"),
        ("1.01.02.1.01", "Pengelolaan Pendidikan Sekolah Menengah Atas"),
        ("1.01.02.2.01", "Pengelolaan Pendidikan Sekolah Dasar"),
        ("1.01.02.2.01.0047", "Pembangunan Ruang Kelas Baru"),
        ("1.01.02.2.01.0029", "Pengelolaan Dana BOS Sekolah Dasar"),
        ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat"),
        ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil"),
        ("1.02.02.2.02.0015", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat"),
        ("1.02.02.2.02.0033", "Operasional Pelayanan Puskesmas"),
        ("1.03.10", "Program Penyelenggaraan Jalan"),
        ("1.03.10.1.01", "Penyelenggaraan Jalan Provinsi"),
        ("5.01", "Perencanaan"),
    ],
)
def test_domain_examples_are_in_the_subset(nomen, kode, uraian):
    # DOMAIN.md §3 lists these codes; the reference agrees (the master writes programme and
    # bidang names in capitals).
    got = nomen.set_index("kode").loc[kode, "uraian"]
    assert got.lower().removeprefix("urusan pemerintahan bidang ") == uraian.lower(), got


def test_indikator_contract_columns_and_values(ind):
    assert list(ind.columns) == [
        "kode_indikator", "uraian", "satuan", "arah", "jenis", "kode_bidang", "agregasi", "sumber",
    ]  # fmt: skip
    assert ind["kode_indikator"].is_unique
    assert set(ind["arah"]) <= {"naik", "turun", "tetap"}
    assert set(ind["jenis"]) <= {"dampak", "outcome", "output"}
    assert set(ind["agregasi"]) <= {"rata_tertimbang_penduduk", "jumlah", "tidak_ada"}
    assert (ind["sumber"] != "").all() and (ind["satuan"] != "").all()
    # Code scheme (SOURCES.md): IKU.<NAMA> or <kode_bidang>.<NAMA>, upper-case ASCII names.
    for row in ind.itertuples(index=False):
        assert re.fullmatch(r"(IKU|\d\.\d\d)\.[A-Z_]+", row.kode_indikator), row
        if not row.kode_indikator.startswith("IKU."):
            assert row.kode_indikator.startswith(row.kode_bidang + "."), row


def test_indikator_bidang_exist_and_every_main_bidang_has_outcomes(ind, nomen):
    bidang = set(nomen.loc[nomen["tingkat"] == "bidang", "kode"])
    assert set(ind["kode_bidang"]) <= bidang
    outcome = ind[ind["jenis"] == "outcome"].groupby("kode_bidang").size()
    for b in BIDANG_UTAMA:
        assert outcome.get(b, 0) >= 1, b
    assert outcome.max() <= 4


@pytest.mark.parametrize(
    ("kode", "arah", "agregasi"),
    [
        ("IKU.IPM", "naik", "tidak_ada"),
        ("IKU.KEMISKINAN", "turun", "rata_tertimbang_penduduk"),
        ("IKU.TPT", "turun", "rata_tertimbang_penduduk"),
        ("IKU.PE", "naik", "tidak_ada"),  # growth: a ratio of aggregates, no district arithmetic
        ("IKU.GINI", "turun", "tidak_ada"),  # Gini does not decompose
        ("IKU.STUNTING", "turun", "rata_tertimbang_penduduk"),
        ("1.04.KUMUH", "turun", "jumlah"),
        ("3.27.PRODUKSI_PADI", "naik", "jumlah"),
    ],
)
def test_macro_and_sum_indicators(ind, kode, arah, agregasi):
    row = ind.set_index("kode_indikator").loc[kode]
    assert (row["arah"], row["agregasi"]) == (arah, agregasi)


def test_sources_document_both_tables():
    text = (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    assert "## nomenklatur.csv" in text and "## indikator.csv" in text
    assert "tidak terverifikasi" in text  # what could not be checked is said so
    assert "900.1.15.5-1317/2023" in text and "Tabel C" in text and "3406/2024" in text
