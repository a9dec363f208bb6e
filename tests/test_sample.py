"""The synthetic sample package: contract shape, realism, determinism and the seeded defects.

The seeded imperfections are checked against the *written* CSV files with a small
independent parser (``_angka``/``_komitmen`` below), not against the generator's own arrays,
so a bug that writes something other than what ``Cacat`` claims is caught.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from workbench import sample as S
from workbench.cli import app
from workbench.reference import (
    cari_nomenklatur,
    kode_bps_ke_kemendagri,
    load_nomenklatur,
    load_wilayah,
)
from workbench.sample import nomenklatur, spec, writers
from workbench.sample.cacat import _SEED_TANPA_RENCANA

RD = "–"


# --- an independent reader of what the package writes ------------------------------------------
def _angka(teks: str) -> float:
    """Indonesian number text → float (``1.234,5`` → 1234.5; ``≥`` and ``%`` stripped)."""
    t = teks.replace("≥", "").replace("%", "").strip()
    return float(t.replace(".", "").replace(",", "."))


def _komitmen(teks: str, arah: str) -> float:
    """Minimum-commitment bound: lower bound for naik, upper for turun (``≥ x`` → x)."""
    if RD in teks:
        a, b = (_angka(x) for x in teks.split(RD))
        return a if arah == "naik" else b
    return _angka(teks)


def _baca(folder: Path) -> dict[str, pd.DataFrame]:
    return {
        t: pd.read_csv(folder / f"{t}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        for t in S.TABLES
    }


@pytest.fixture(scope="module")
def data() -> S.SampleData:
    return S.generate()


@pytest.fixture(scope="module")
def folder(data, tmp_path_factory) -> Path:
    return S.write_sample(tmp_path_factory.mktemp("paket") / "kalteng", data=data)


@pytest.fixture(scope="module")
def t(folder) -> dict[str, pd.DataFrame]:
    return _baca(folder)


@pytest.fixture(scope="module")
def arah(t) -> dict[str, str]:
    return dict(zip(t["indikator"]["kode_indikator"], t["indikator"]["arah"], strict=True))


def _baris_target(t, dokumen: str) -> pd.DataFrame:
    r = t["rencana"]
    return r[(r["dokumen"] == dokumen) & (r["kode_indikator"] != "")]


# --- shape ------------------------------------------------------------------------------------
def test_tables_have_exactly_the_contract_columns(t):
    assert set(t) == set(S.TABLES)
    for name, cols in S.KOLOM.items():
        assert list(t[name].columns) == cols, name
    # realisasi is keyed by BPS code, as statistics arrive (the loader maps it).
    assert "kode_wilayah" not in t["realisasi"].columns


def test_written_csv_equals_generated_text(data, t):
    for name in S.TABLES:
        pd.testing.assert_frame_equal(
            t[name], data.tables[name].astype(str).reset_index(drop=True), check_dtype=False
        )


def test_wilayah_is_the_reference_with_the_bps_crosswalk(t):
    w = t["wilayah"]
    ref = load_wilayah()
    assert w["kode"].tolist() == ref["kode"].tolist()
    assert len(w) == 15
    assert dict(zip(w["kode_bps"], w["kode"], strict=True)) == kode_bps_ke_kemendagri()
    # 8 of the 14 kab/kota are numbered differently (DOMAIN.md §5)
    kab = w[w["jenis"] != "Provinsi"]
    assert (kab["kode_bps"] != kab["kode"].str.replace(".", "", regex=False)).sum() == 8
    assert w.loc[w["kode"] == "62.06", "kode_bps"].item() == "6209"
    assert w["penduduk"].astype(int).tolist() == ref["penduduk"].astype(int).tolist()


def test_every_government_has_every_document_and_year(t):
    r = t["rencana"]
    got = r.groupby(["kode_wilayah", "dokumen"])["tahun"].agg(lambda s: sorted(set(s)))
    for kode in load_wilayah()["kode"]:
        for dok, years in (("RPJMD", S.TAHUN_RPJMD), ("RENSTRA", S.TAHUN_RPJMD),
                           ("RKPD", S.TAHUN_RKPD), ("RENJA", S.TAHUN_RKPD)):  # fmt: skip
            assert got[(kode, dok)] == [str(y) for y in years], (kode, dok)


def test_codes_exist_and_levels_match_the_government(t):
    r = t["rencana"]
    nomen = load_nomenklatur()
    # every code is in the reference, the penunjang programme through its generic X.XX.01 form
    dikenal = cari_nomenklatur(pd.Series(sorted(set(r["kode_nomenklatur"]))))
    assert dikenal["uraian"].notna().all()
    seg = r["kode_nomenklatur"].str.split(".")
    level = seg.str[3]
    dalam = seg.str.len() > 3
    prov = r["kode_wilayah"] == "62"
    assert (level[dalam & prov] == "1").all()
    assert (level[dalam & ~prov] == "2").all()
    assert set(t["kesepakatan"]["kode_sub_kegiatan"]) <= set(nomen["kode"])
    assert (t["kesepakatan"]["kode_sub_kegiatan"].str.split(".").str[3] == "2").all()
    assert set(r["kode_indikator"]) - {""} <= set(t["indikator"]["kode_indikator"])
    # RPJMD lists programmes only; the other documents programme, kegiatan and sub kegiatan.
    assert (seg[r["dokumen"] == "RPJMD"].str.len() == 3).all()
    for dok in ("RENSTRA", "RKPD", "RENJA"):
        assert set(seg[r["dokumen"] == dok].str.len()) == {3, 5, 6}


# Names the hand-made subset had wrong (issue 10), as Kepmendagri 900.1.15.5-1317/2023 has them.
_NAMA_BENAR = {
    "1.06.04.2.01.0003": "Penyediaan Alat Bantu",
    "1.06.04.2.01.0004": "Pemberian Pelayanan Reunifikasi Keluarga",
    "1.06.04.2.01.0005": "Pemberian Bimbingan Fisik, Mental, Spiritual, dan Sosial",
    "1.06.05.2.02.0003": "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga",
    "1.03.10.2.01.0046": "Pemeliharaan Rutin Jalan",
    "1.03.10.2.01.0044": "Rehabilitasi Jalan",
    "2.11.11.2.01.0016": "Penanganan sampah melalui pengumpulan sampah",
    "2.07.05.2.02": "Pencegahan dan Penyelesaian Perselisihan Hubungan Industrial, Mogok Kerja "
                    "dan Penutupan Perusahaan di Daerah Kabupaten/Kota",
    "3.27.07.2.01": "Pelaksanaan Penyuluhan Pertanian",
    "3.27.02.2.01.0001": "Pengawasan Penggunaan Sarana Pendukung Pertanian Sesuai dengan "
                         "Komoditas, Teknologi dan Spesifik Lokasi",
    "3.27.02.2.01.0002": "Pendampingan Penggunaan Sarana Pendukung Pertanian",
    "2.07.03.2.01.0001": "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari "
                         "Kerja berdasarkan Klaster Kompetensi",
    "2.07.05.2.02.0005": "Pengembangan Pelaksanaan Jaminan Sosial Tenaga Kerja dan Fasilitas "
                         "Kesejahteraan Pekerja",
    "3.27.05.2.01.0001": "Pengendalian Organisme Pengganggu Tumbuhan (OPT) Tanaman Pangan, "
                         "Hortikultura, dan Perkebunan",
    "1.02.05.2.02.0001": "Penyelenggaraan Promosi Kesehatan dan Gerakan Hidup Bersih dan Sehat",
    "1.03.10.2.01.0053": "Pembangunan Jalan",
    "1.02.02.2.02.0048": "Pengelolaan Layanan Imunisasi",
}


def test_every_sample_code_is_in_the_reference_with_the_same_name(t):
    r = t["rencana"]
    kode = sorted(set(r["kode_nomenklatur"]) | set(t["kesepakatan"]["kode_sub_kegiatan"]))
    assert {k for k in kode if k.count(".") == 5} <= set(S.kode_sampel())
    n, _ = nomenklatur._nomenklatur_urut()
    ref = cari_nomenklatur(n["kode"])
    assert ref["uraian"].notna().all()
    assert n["uraian"].tolist() == ref["uraian"].tolist()  # the sample names as the reference
    assert ref["versi"].notna().all() and (ref["versi"] != "").all()
    benar = cari_nomenklatur(pd.Series(list(_NAMA_BENAR)))["uraian"].tolist()
    assert benar == list(_NAMA_BENAR.values())
    nama = n.set_index("kode")["uraian"]
    for k, v in _NAMA_BENAR.items():
        assert k not in nama.index or nama[k] == v, k
    assert "1.06.04.2.01.0004" not in set(kode)  # was planned as "Penyediaan Alat Bantu"


def test_output_indicators_take_the_master_wording(t):
    r = t["rencana"]
    sub = r[r["kode_nomenklatur"].str.count(r"\.") == 5].drop_duplicates("kode_nomenklatur")
    ref = cari_nomenklatur(sub["kode_nomenklatur"])
    ada = (ref["indikator"].fillna("") != "").to_numpy()
    assert ada.sum() > 100  # kab/kota codes of the 2023 master
    assert (sub["uraian_indikator"].to_numpy()[ada] == ref["indikator"].to_numpy()[ada]).all()
    assert (sub["satuan"].to_numpy()[ada] == ref["satuan"].to_numpy()[ada]).all()
    row = sub[sub["kode_nomenklatur"] == "1.01.02.2.01.0047"].iloc[0]
    assert (row["uraian_indikator"], row["satuan"]) == (
        ref.loc[row.name, "indikator"], ref.loc[row.name, "satuan"])
    assert row["uraian_indikator"].startswith("Jumlah")


def test_sub_kegiatan_lines_carry_output_indicators_and_pagu(t):
    r = t["rencana"]
    sub = r[r["kode_nomenklatur"].str.count(r"\.") == 5]
    assert (sub["kode_indikator"] == "").all()
    assert (sub["uraian_indikator"] != "").all() and (sub["satuan"] != "").all()
    assert sub["target"].map(_angka).gt(0).all()
    assert (sub["pagu"] != "").all()
    atas = r[r["kode_nomenklatur"].str.count(r"\.") < 5]
    assert (atas["pagu"] == "").all()  # no subtotals that a naive sum would count twice


def test_pagu_magnitudes_are_realistic(t):
    r = t["rencana"]
    sub = r[(r["kode_nomenklatur"].str.count(r"\.") == 5) & (r["dokumen"] == "RKPD")]
    pagu = sub["pagu"].astype(np.int64)
    kab = sub["kode_wilayah"] != "62"
    # a sub kegiatan: Rp 50 juta – Rp 15 miliar at kab/kota (province up to Rp 25 miliar)
    assert pagu[kab].between(50_000_000, 15_000_000_000).all()
    assert pagu[~kab].between(100_000_000, 25_000_000_000).all()
    assert 300e6 <= pagu.median() <= 3e9
    assert (pagu % 1000 == 0).all()
    # per kab/kota and year, these nine bidang: a share of a Rp 1.5–4 trillion APBD
    total = pagu[kab].groupby([sub["kode_wilayah"][kab], sub["tahun"][kab]]).sum()
    assert total.between(5e10, 1e12).all()


def test_perangkat_daerah_names(t):
    r = t["rencana"]
    pd_ = set(r["perangkat_daerah"])
    assert {"Dinas Pendidikan", "Dinas Kesehatan", "Dinas Sosial"} <= pd_
    assert "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah" in set(
        r.loc[r["kode_wilayah"] == "62", "perangkat_daerah"]
    )
    # one perangkat daerah per government and bidang
    bidang = r["kode_nomenklatur"].str[:4]
    assert r.groupby([r["kode_wilayah"], bidang])["perangkat_daerah"].nunique().max() == 1


# --- realism: real figures with their source ---------------------------------------------------
@pytest.mark.parametrize(
    ("kode_bps", "kode", "tahun", "nilai"),
    [
        ("62", "IKU.IPM", "2024", "74,28"),
        ("62", "IKU.IPM", "2025", "74,86"),
        ("62", "IKU.KEMISKINAN", "2024", "5,17"),
        ("62", "IKU.TPT", "2024", "4,01"),
        ("62", "IKU.PE", "2023", "4,14"),
        ("62", "IKU.GINI", "2023", "0,317"),
        ("62", "IKU.STUNTING", "2023", "23,50"),
        ("6271", "IKU.IPM", "2024", "82,20"),
        ("6208", "IKU.KEMISKINAN", "2024", "7,08"),  # Seruyan: Kemendagri 62.07, BPS 6208
        ("6212", "IKU.KEMISKINAN", "2024", "6,66"),  # Barito Timur: 62.13 / 6212
        ("6213", "IKU.KEMISKINAN", "2024", "6,58"),  # Murung Raya: 62.12 / 6213
    ],
)
def test_real_figures_are_present_with_their_source(t, kode_bps, kode, tahun, nilai):
    re_ = t["realisasi"]
    row = re_[
        (re_["kode_bps"] == kode_bps) & (re_["kode_indikator"] == kode) & (re_["tahun"] == tahun)
    ]
    assert row["realisasi"].tolist() == [nilai]
    sumber = row["sumber"].item()
    assert sumber != S.SINTETIS and ("BPS" in sumber or "Kemenkes" in sumber)


def test_programme_outcomes_move_plausibly_from_2024_to_2025(t):
    """No synthetic condition indicator jumps 20 points in a year (a shortfall was already low)."""
    re_ = t["realisasi"]
    program = re_[~re_["kode_indikator"].isin(spec._MAKRO) & (re_["sumber"] == S.SINTETIS)]
    v = program.assign(x=program["realisasi"].map(_angka)).pivot_table(
        index=["kode_bps", "kode_indikator"], columns="tahun", values="x"
    )
    ubah = ((v["2025"] - v["2024"]).abs() / v["2024"].abs()).dropna()
    assert len(ubah) > 150 and ubah.max() < 0.15, ubah.sort_values().tail()


def test_everything_else_says_sintetis(t):
    re_ = t["realisasi"]
    nyata = re_[re_["sumber"] != S.SINTETIS]
    assert len(nyata) == len(spec._REALISASI_NYATA)
    assert set(re_["kode_bps"]) <= set(t["wilayah"]["kode_bps"])
    assert set(re_.loc[re_["sumber"] == S.SINTETIS, "tahun"]) == {"2024", "2025"}


def test_real_kalteng_patterns_hold(t):
    re_ = t["realisasi"]
    ipm25 = re_[(re_["kode_indikator"] == "IKU.IPM") & (re_["tahun"] == "2025")]
    kab = ipm25[ipm25["kode_bps"] != "62"].set_index("kode_bps")["realisasi"].map(_angka)
    # Palangka Raya the only "sangat tinggi" (≥ 80) unit in 2025; the others "tinggi" or, for
    # Seruyan whose real 2024 IPM is 69,05 (BPS), still "sedang" (60–70)
    assert kab[kab >= 80].index.tolist() == ["6271"] and kab.drop("6271").between(60, 80).all()
    pov = re_[(re_["kode_indikator"] == "IKU.KEMISKINAN") & (re_["tahun"] == "2024")]
    pov = pov[pov["kode_bps"] != "62"].set_index("kode_bps")["realisasi"].map(_angka)
    assert set(pov.nlargest(3).index) == {"6208", "6212", "6213"}  # the three highest


def test_district_ipm_2020_2024_is_the_real_bps_series(t):
    ref = pd.read_csv(S.REFERENCE_DIR / "ipm_kabkota_kalteng_2020_2024.csv", dtype=str)
    assert len(ref) == 70
    re_ = t["realisasi"]
    ipm = re_[(re_["kode_indikator"] == "IKU.IPM") & (re_["kode_bps"] != "62")]
    ipm = ipm[ipm["tahun"].astype(int) <= 2024]
    kunci = zip(ipm["kode_bps"], ipm["tahun"], strict=True)
    got = dict(zip(kunci, ipm["realisasi"].map(_angka), strict=True))
    want = {(r.kode_bps, r.tahun): float(r.ipm) for r in ref.itertuples()}
    assert got == pytest.approx(want)
    assert ipm["sumber"].str.contains("BPS: IPM \\(metode baru\\)").all()
    assert ipm["sumber"].str.contains("nendrahub/IPM-Prediction").all()
    # Katingan: BPS 6209, 70,70 in 2024
    assert got[("6209", "2024")] == pytest.approx(70.70)


@pytest.mark.parametrize(
    ("kode_bps", "kode", "tahun", "nilai"),
    [
        ("62", "IKU.STUNTING", "2024", "22,10"),
        ("6204", "IKU.STUNTING", "2024", "33,30"),  # Barito Selatan
        ("6211", "IKU.STUNTING", "2024", "14,10"),  # Gunung Mas
        ("62", "IKU.KEMISKINAN", "2025", "5,19"),  # March 2025
    ],
)
def test_cited_figures_carry_their_url(t, kode_bps, kode, tahun, nilai):
    re_ = t["realisasi"]
    row = re_[
        (re_["kode_bps"] == kode_bps) & (re_["kode_indikator"] == kode) & (re_["tahun"] == tahun)
    ]
    assert row["realisasi"].tolist() == [nilai]
    assert "https://" in row["sumber"].item()


def test_province_rkpd_2025_macro_targets_are_the_real_ones(t):
    rk = _baris_target(t, "RKPD")
    rk = rk[(rk["kode_wilayah"] == "62") & (rk["tahun"] == "2025")]
    got = dict(zip(rk["kode_indikator"], rk["target"], strict=False))
    assert got["IKU.PE"] == "5,60"
    assert got["IKU.KEMISKINAN"] == f"4,11{RD}4,66"
    assert got["IKU.GINI"] == f"0,311{RD}0,315"
    assert got["IKU.IPM"] == "73,95"
    assert got["IKU.TPT"] == "3,90"


def test_targets_are_written_as_documents_write_them(t):
    target = t["rencana"]["target"]
    assert target.str.contains(RD).any()  # ranges
    assert target.str.startswith("≥ ").any()
    assert target.str.endswith("%").any()
    assert target.str.match(r"^\d{1,3}(\.\d{3})+$").any()  # thousands separators
    assert target.str.match(r"^\d+,\d+$").any()  # decimal comma
    assert not target.str.match(r"^\d+\.\d{1,2}$").any()  # never an English decimal point


# --- determinism ------------------------------------------------------------------------------
def _hash(path: Path) -> dict[str, str]:
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def test_same_seed_same_bytes_csv(folder, tmp_path):
    again = S.write_sample(tmp_path / "lagi", seed=2026)
    assert _hash(again) == _hash(folder)


def test_different_seed_different_package(folder, tmp_path):
    other = S.write_sample(tmp_path / "lain", seed=7)
    h1, h2 = _hash(folder), _hash(other)
    assert h1["rencana.csv"] != h2["rencana.csv"]
    assert h1["wilayah.csv"] == h2["wilayah.csv"]  # reference data does not depend on the seed


@pytest.fixture(scope="module")
def xlsx(data, tmp_path_factory) -> Path:
    return S.write_sample(tmp_path_factory.mktemp("wb") / "a", fmt="xlsx", data=data)


def test_same_seed_same_bytes_xlsx(xlsx, tmp_path):
    a = xlsx
    b = S.write_sample(tmp_path / "b.xlsx", fmt="xlsx", seed=2026)
    assert a.name == "a.xlsx" and b.name == "b.xlsx"
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
        assert "2026-01-01T00:00:00Z" in core
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_xlsx_holds_one_sheet_per_table_with_the_csv_text(data, xlsx):
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == [*S.TABLES, "KETERANGAN"]
    for name in ("wilayah", "kesepakatan", "realisasi"):
        rows = list(wb[name].iter_rows(values_only=True))
        df = data.tables[name]
        assert list(rows[0]) == list(df.columns)
        assert len(rows) == len(df) + 1
        first = list(rows[1]) + [None] * (len(df.columns) - len(rows[1]))  # trailing blanks trimmed
        assert [("" if v is None else v) for v in first] == df.iloc[0].tolist()
    n = sum(1 for _ in wb["rencana"].iter_rows(values_only=True))
    assert n == len(data.tables["rencana"]) + 1


# --- seeded imperfections, in the written tables ------------------------------------------------
def _sepakat(t) -> set[tuple[str, str, int]]:
    """Agreed (kab/kota, sub kegiatan, year), with an empty kode_wilayah meaning every kab/kota."""
    k = t["kesepakatan"]
    kab = t["wilayah"].loc[t["wilayah"]["jenis"] != "Provinsi", "kode"].tolist()
    out = set()
    for row in k.itertuples(index=False):
        for c in kab if row.kode_wilayah == "" else [row.kode_wilayah]:
            out.add((c, row.kode_sub_kegiatan, int(row.tahun)))
    return out


def _sub(t, dokumen: str) -> set[tuple[str, str, int]]:
    r = t["rencana"]
    r = r[(r["dokumen"] == dokumen) & (r["kode_nomenklatur"].str.count(r"\.") == 5)]
    return set(zip(r["kode_wilayah"], r["kode_nomenklatur"], r["tahun"].astype(int), strict=True))


def test_a_agreed_sub_kegiatan_missing_exactly_as_listed(data, t):
    sepakat = _sepakat(t)
    cacat = {(x.kode_wilayah, x.kode_sub_kegiatan, x.tahun) for x in data.cacat.tanpa_rencana}
    assert len(cacat) == len(data.cacat.tanpa_rencana) and cacat <= sepakat
    # the 7 named seeds, plus each kab/kota leaving out its own share of the agreements
    assert {tuple(x) for x in _SEED_TANPA_RENCANA} <= cacat
    per_kab = pd.Series([x[0] for x in cacat]).value_counts()
    n_sepakat = pd.Series([x[0] for x in sepakat]).value_counts()
    bagian = (per_kab / n_sepakat).fillna(0)
    assert len(bagian) == 14 and bagian.min() < 0.1 < 0.3 < bagian.max() < 0.7, bagian
    for dok in ("RKPD", "RENJA", "RENSTRA"):
        hilang = sepakat - _sub(t, dok)
        assert hilang == cacat, dok  # every other agreed line is planned
    # the consequence: Sukamara supports unemployment (TPT) with nothing in 2026
    assert [tuple(x) for x in data.cacat.tanpa_dukungan] == [("62.08", 2026, "IKU.TPT")]
    k = t["kesepakatan"]
    tpt = k[(k["kode_indikator"] == "IKU.TPT") & (k["tahun"] == "2026")]["kode_sub_kegiatan"]
    assert not any(("62.08", s, 2026) in _sub(t, "RKPD") for s in tpt)


def test_b_renja_lines_missing_from_renstra_exactly_as_listed(data, t):
    renja, renstra = _sub(t, "RENJA"), _sub(t, "RENSTRA")
    tambahan = {x for x in renja - renstra}
    cacat = {(x.kode_wilayah, x.kode_nomenklatur, x.tahun) for x in data.cacat.renja_tanpa_renstra}
    assert len(cacat) == 4 and tambahan == cacat
    assert cacat <= _sub(t, "RKPD")  # the Renja feeds the RKPD
    assert not cacat & _sepakat(t)  # orthogonal to the synchronisation defects
    r = t["rencana"]
    for x in data.cacat.renja_tanpa_renstra:
        sel = (r["dokumen"] == "RENJA") & (r["kode_wilayah"] == x.kode_wilayah)
        sel &= (r["kode_nomenklatur"] == x.kode_nomenklatur) & (r["tahun"] == str(x.tahun))
        row = r[sel]
        assert row["perangkat_daerah"].tolist() == [x.perangkat_daerah]
        # its kegiatan is already planned, so only the sub kegiatan line is new
        keg = x.kode_nomenklatur.rsplit(".", 1)[0]
        assert ((r["dokumen"] == "RENSTRA") & (r["kode_wilayah"] == x.kode_wilayah)
                & (r["kode_nomenklatur"] == keg) & (r["tahun"] == str(x.tahun))).any()  # fmt: skip


def _target(t, dokumen) -> pd.Series:
    b = _baris_target(t, dokumen)
    return b.set_index(["kode_wilayah", "tahun", "kode_indikator"])["target"]


def test_c_less_ambitious_targets_exactly_as_listed(data, t, arah):
    beda = set()
    for atas, bawah in (("RPJMD", "RKPD"), ("RENSTRA", "RENJA")):
        up, lo = _target(t, atas), _target(t, bawah)
        assert lo.index.is_unique and up.index.is_unique
        both = lo.index.intersection(up.index)
        for key in both[(lo[both] != up[both]).to_numpy()]:
            beda.add((key[0], f"{atas}→{bawah}", int(key[1]), key[2]))
    cacat = {(x.kode_wilayah, x.pasangan, x.tahun, x.kode_indikator)
             for x in data.cacat.target_kurang_ambisius}  # fmt: skip
    assert len(cacat) == 5 and beda == cacat  # nothing else differs between the documents
    for x in data.cacat.target_kurang_ambisius:
        atas, bawah = x.pasangan.split("→")
        key = (x.kode_wilayah, str(x.tahun), x.kode_indikator)
        assert _target(t, atas)[key] == x.target_atas
        assert _target(t, bawah)[key] == x.target_bawah
        selisih = _komitmen(x.target_bawah, arah[x.kode_indikator]) - _komitmen(
            x.target_atas, arah[x.kode_indikator]
        )
        assert selisih == pytest.approx(x.selisih)
        # less ambitious: lower for naik, higher for turun
        assert (selisih < 0) if arah[x.kode_indikator] == "naik" else (selisih > 0)


def _implisit(t, arah) -> pd.DataFrame:
    """Province target vs the district targets' weighted mean (or sum), as agregat computes it."""
    ind = t["indikator"].set_index("kode_indikator")
    w = t["wilayah"].set_index("kode")
    pop = w.loc[w["jenis"] != "Provinsi", "penduduk"].astype(float)
    rk, rp = _target(t, "RKPD"), _target(t, "RPJMD")
    pilih = pd.concat([rk, rp[~rp.index.isin(rk.index)]])  # RKPD of the year, else RPJMD
    rows = []
    for (kode_i, th), grp in pilih.groupby(level=[2, 1]):
        agr = ind.loc[kode_i, "agregasi"]
        if agr == "tidak_ada":
            continue
        v = grp.droplevel([1, 2]).map(lambda s, k=kode_i: _komitmen(s, arah[k]))
        kab = v.drop("62")
        imp = (kab * pop[kab.index]).sum() / pop[kab.index].sum() if agr != "jumlah" else kab.sum()
        d = 1 if arah[kode_i] == "naik" else -1
        rows.append((kode_i, int(th), v["62"], imp, d * (v["62"] - imp)))
    return pd.DataFrame(rows, columns=["kode_indikator", "tahun", "provinsi", "implisit", "kurang"])


def test_d_one_district_does_not_add_up_and_all_others_do(data, t, arah):
    imp = _implisit(t, arah)
    kurang = imp[imp["kurang"] > 1e-9]
    cacat = data.cacat.target_tidak_menjumlah
    assert {(x.kode_indikator, x.tahun) for x in cacat} == set(
        zip(kurang["kode_indikator"], kurang["tahun"], strict=True)
    )
    assert len(cacat) == 5 and {x.kode_wilayah for x in cacat} == {"62.02"}
    got = imp.set_index(["kode_indikator", "tahun"])
    rk, rp = _target(t, "RKPD"), _target(t, "RPJMD")
    for x in cacat:
        row = got.loc[(x.kode_indikator, x.tahun)]
        assert row["provinsi"] == pytest.approx(x.target_provinsi)
        assert row["implisit"] == pytest.approx(x.target_implisit)
        assert row["kurang"] == pytest.approx(x.selisih_provinsi)
        key = ("62.02", str(x.tahun), x.kode_indikator)
        ditulis = (rk if key in rk.index else rp)[key]
        assert _angka(ditulis) == pytest.approx(x.target_kabkota)
        assert x.target_kabkota - x.target_seharusnya == pytest.approx(3.0)
        # the shortfall is the district's excess times its population share, less the slack the
        # others leave: they aim 0.004 beyond the province target and round up to 0.01 further
        w = t["wilayah"].set_index("kode")
        pop = w.loc[w["jenis"] != "Provinsi", "penduduk"].astype(float)
        share = pop["62.02"] / pop.sum()
        assert 3.0 * share - 0.014 <= x.selisih_provinsi <= 3.0 * share - 0.004


def test_e_one_late_realisation_and_no_other_gap(data, t):
    (late,) = data.cacat.realisasi_terlambat
    assert (late.kode_wilayah, late.kode_bps, late.kode_indikator, late.tahun) == (
        "62.10", "6211", "1.02.IMUNISASI", 2025,
    )  # fmt: skip
    re_ = t["realisasi"]
    have = set(zip(re_["kode_bps"], re_["kode_indikator"], re_["tahun"].astype(int), strict=True))
    kab_only = {"IKU.GINI", "1.01.APK_SMA", "3.27.NTP"}  # province-only indicators
    bps = t["wilayah"]["kode_bps"].tolist()
    for k in t["indikator"]["kode_indikator"]:
        for b in bps if k not in kab_only else ["62"]:
            for th in (2024, 2025):
                expected = (b, k, th) != ("6211", "1.02.IMUNISASI", 2025)
                assert ((b, k, th) in have) == expected, (b, k, th)


def test_realisations_of_additive_indicators_add_up(t):
    # the province realisation is the districts' weighted mean (or sum): a clean data-quality check
    re_ = t["realisasi"]
    ind = t["indikator"].set_index("kode_indikator")
    w = t["wilayah"].set_index("kode_bps")
    pop = w.loc[w["jenis"] != "Provinsi", "penduduk"].astype(float)
    for (k, th), grp in re_[re_["tahun"].isin(["2024", "2025"])].groupby(
        ["kode_indikator", "tahun"]
    ):
        agr = ind.loc[k, "agregasi"]
        v = grp.set_index("kode_bps")["realisasi"].map(_angka)
        if agr == "tidak_ada" or len(v) < 15:
            continue
        kab = v.drop("62")
        imp = kab.sum() if agr == "jumlah" else (kab * pop[kab.index]).sum() / pop[kab.index].sum()
        assert imp == pytest.approx(v["62"], rel=0.005), (k, th)


# --- with the loader and the analyses, when they are installed -----------------------------------
def test_sample_loads_with_zero_errors(folder, xlsx, data):
    from workbench import contract

    for path in (folder, xlsx):
        laporan = contract.validate_path(path)
        errors = laporan.masalah[laporan.masalah["tingkat"] == "error"]
        assert errors.empty, errors.head(20).to_string()
        paket = contract.load_package(path)
        assert len(paket.rencana) == len(data.tables["rencana"])
        # BPS-keyed statistics arrive under Kemendagri codes (62.07 Seruyan = BPS 6208)
        r = paket.realisasi
        sel = (
            (r["kode_wilayah"] == "62.07")
            & (r["kode_indikator"] == "IKU.KEMISKINAN")
            & (r["tahun"] == 2024)
        )
        assert r.loc[sel, "realisasi"].tolist() == [pytest.approx(7.08)]


def test_analyses_find_exactly_the_seeded_defects(folder, data):
    from workbench import agregat, contract, konsistensi, sinkronisasi

    p = contract.load_package(folder)
    _, rin = konsistensi.hitung_konsistensi(p.rencana, p.indikator, tahun=list(S.TAHUN_RKPD))
    tgt = rin[rin["jenis_temuan"] == konsistensi.TEMUAN_TARGET]
    assert set(zip(tgt["kode_wilayah"], tgt["pasangan"], tgt["tahun"], strict=True)) == {
        (x.kode_wilayah, x.pasangan, x.tahun) for x in data.cacat.target_kurang_ambisius
    }
    baru = rin[rin["jenis_temuan"] == konsistensi.TEMUAN_TAK_DIRENCANAKAN]
    assert set(zip(baru["kode_wilayah"], baru["kode_nomenklatur"], baru["tahun"], strict=True)) == {
        (x.kode_wilayah, x.kode_nomenklatur, x.tahun) for x in data.cacat.renja_tanpa_renstra
    }
    assert (rin["jenis_temuan"] != konsistensi.TEMUAN_HILANG).all()
    kab = sinkronisasi.kabkota_dari_wilayah(p.wilayah)
    _, rinci, tanpa = sinkronisasi.hitung_sinkronisasi(
        p.rencana, p.kesepakatan, kab, tahun=list(S.TAHUN_KESEPAKATAN)
    )
    assert set(
        zip(tanpa["kode_wilayah"], tanpa["tahun"], tanpa["kode_indikator"], strict=True)
    ) == {tuple(x) for x in data.cacat.tanpa_dukungan}
    ta, _ = agregat.hitung_target_agregat(p.rencana, p.realisasi, p.indikator, p.wilayah)
    gagal = ta[ta["memenuhi"].fillna(True).eq(False)]
    assert set(zip(gagal["kode_indikator"], gagal["tahun"], strict=True)) == {
        (x.kode_indikator, x.tahun) for x in data.cacat.target_tidak_menjumlah
    }


# --- national scale (reduced here; full size in the benchmark) -----------------------------------
@pytest.fixture(scope="module")
def nasional() -> S.SampleData:
    return S.generate(scale="national", n_provinsi=5, n_kabkota=54)


def test_national_reduced_keeps_kalteng_real_inside(nasional):
    w = nasional.tables["wilayah"]
    assert (w["jenis"] == "Provinsi").sum() == 5
    assert (w["jenis"] != "Provinsi").sum() == 54
    assert w["kode"].is_unique and w["kode_bps"].is_unique
    ref = load_wilayah()
    kal = w[w["kode"].isin(ref["kode"])]
    assert kal["nama"].tolist() == ref["nama"].tolist()
    assert kal["kode_bps"].tolist() == ref["kode_bps"].tolist()
    lain = w[~w["kode"].isin(ref["kode"])]
    assert lain["nama"].str.contains("Sintetis").all()
    assert not lain["kode"].str.startswith("62").any()


def test_national_reduced_is_consistent_and_carries_the_seeds(nasional, tmp_path):
    folder = S.write_sample(tmp_path / "nas", data=nasional)
    t = _baca(folder)
    arah = dict(zip(t["indikator"]["kode_indikator"], t["indikator"]["arah"], strict=True))
    r = t["rencana"]
    assert set(r["kode_wilayah"]) == set(t["wilayah"]["kode"])
    per_gov = r.groupby("kode_wilayah").size()
    assert per_gov.min() > 500
    # seeds sit in Kalteng, identical in kind to the Kalteng package
    c = nasional.cacat
    assert {tuple(x) for x in _SEED_TANPA_RENCANA} <= {tuple(x) for x in c.tanpa_rencana}
    assert all(x.kode_wilayah.startswith("62.") for x in c.tanpa_rencana)
    assert len(c.renja_tanpa_renstra) == 4
    assert [tuple(x) for x in c.tanpa_dukungan] == [("62.08", 2026, "IKU.TPT")]
    # every synthetic province's districts add up to its targets
    w = t["wilayah"]
    r_prov = r["kode_wilayah"].str.split(".").str[0]
    w_prov = w["kode"].str.split(".").str[0]
    for prov in w.loc[(w["jenis"] == "Provinsi") & (w["kode"] != "62"), "kode"]:
        # _implisit reads the province row as "62": rename this province's row to reuse it
        rp = r[r_prov == prov].copy()
        rp["kode_wilayah"] = rp["kode_wilayah"].replace({prov: "62"})
        wp = w[w_prov == prov].replace({prov: "62"})
        assert (_implisit(dict(t, rencana=rp, wilayah=wp), arah)["kurang"] <= 1e-9).all(), prov


def test_national_reduced_loads_with_zero_errors(nasional, tmp_path):
    from workbench import contract

    laporan = contract.validate_path(S.write_sample(tmp_path / "nas", data=nasional))
    assert laporan.masalah.empty, laporan.masalah.head(20).to_string()


def test_unknown_scale_and_impossible_sizes_are_refused():
    with pytest.raises(S.SampleError, match="unknown scale"):
        S.generate(scale="jawa")
    with pytest.raises(S.SampleError, match="n_provinsi"):
        S.generate(scale="national", n_provinsi=1, n_kabkota=20)


@pytest.mark.slow
def test_full_national_has_a_million_plan_lines():
    d = S.generate(scale="national")
    w = d.tables["wilayah"]
    assert (w["jenis"] == "Provinsi").sum() == 38 and (w["jenis"] != "Provinsi").sum() == 514
    assert len(d.tables["rencana"]) >= 1_000_000


# --- writing, the built-in package, the CLI -------------------------------------------------
def test_write_refuses_a_folder_that_is_not_a_package(tmp_path):
    (tmp_path / "doc").mkdir()
    (tmp_path / "doc" / "skripsi.docx").write_text("penting")
    with pytest.raises(S.SampleError, match="not a sample package"):
        S.write_sample(tmp_path / "doc")
    assert (tmp_path / "doc" / "skripsi.docx").read_text() == "penting"
    with pytest.raises(S.SampleError, match="unknown format"):
        S.write_sample(tmp_path / "x", fmt="pdf")


def test_write_replaces_an_earlier_package_and_leaves_no_temporary_files(data, tmp_path):
    out = S.write_sample(tmp_path / "p", data=data)
    (out / "rencana.csv").write_text("rusak")
    S.write_sample(out, data=data)
    assert (out / "rencana.csv").read_text(encoding="utf-8").startswith("kode_wilayah,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]
    assert (out / S.KETERANGAN).read_text(encoding="utf-8").startswith("DATA CONTOH (SINTETIS)")


def _ensure(seed: int) -> str:
    return str(S.ensure_sample(seed))


def test_ensure_sample_builds_once_and_survives_a_race(tmp_path, monkeypatch):
    tujuan = tmp_path / "data-contoh"
    monkeypatch.setenv("WORKBENCH_SAMPLE_DIR", str(tujuan))
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        got = pool.map(_ensure, [2026, 2026])
    assert got == [str(tujuan)] * 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-contoh"]  # no temporary leftovers
    ref = _hash(S.write_sample(tmp_path.parent / f"{tmp_path.name}-ref", seed=2026))
    assert _hash(tujuan) == {**ref, ".seed": _hash(tujuan)[".seed"]}  # the same package
    mtime = (tujuan / "rencana.csv").stat().st_mtime_ns
    assert S.ensure_sample(2026) == tujuan
    assert (tujuan / "rencana.csv").stat().st_mtime_ns == mtime  # not rebuilt
    S.ensure_sample(7)  # another seed replaces it
    assert (tujuan / ".seed").read_text().split()[0] == "7"


def test_ensure_sample_regenerates_a_package_from_an_older_generator(tmp_path, monkeypatch):
    """An upgraded checkout (new generator code or reference data) never serves a stale sample."""
    tujuan = tmp_path / "data-contoh"
    monkeypatch.setenv("WORKBENCH_SAMPLE_DIR", str(tujuan))
    S.ensure_sample(2026)
    seed, sidik = (tujuan / ".seed").read_text().split()
    assert seed == "2026" and len(sidik) == 16
    (tujuan / ".seed").write_text("2026 0000000000000000\n")  # as an older version left it
    (tujuan / "rencana.csv").write_text("basi")
    S.ensure_sample(2026)
    assert (tujuan / "rencana.csv").read_text(encoding="utf-8").startswith("kode_wilayah,")
    assert (tujuan / ".seed").read_text().split() == ["2026", sidik]


def test_the_sample_fingerprint_covers_the_generator_code_and_its_data(tmp_path, monkeypatch):
    paket = Path(S.__file__).parent
    sumber = writers._sumber_sampel()
    ref = {f for f in S.REFERENCE_DIR.iterdir() if f.is_file()}
    assert set(sumber) == {*paket.glob("*.py"), *(paket / "data").iterdir(), *ref}
    assert {"cacat.yaml", "keluaran.csv", "writers.py", "nilai.py"} <= {f.name for f in sumber}
    # any byte of any of those files changes the marker
    kopi = []
    for f in sumber:
        kopi.append(tmp_path / f"{len(kopi)}-{f.name}")
        kopi[-1].write_bytes(f.read_bytes())
    monkeypatch.setattr(writers, "_sumber_sampel", lambda: kopi)
    asli = writers._penanda_sampel(2026)
    data_file = next(k for k in kopi if k.name.endswith("kesepakatan.csv"))
    data_file.write_bytes(data_file.read_bytes() + b"\n")
    assert writers._penanda_sampel(2026) != asli
    assert writers._penanda_sampel(7).split()[0] == "7"


def _paket_lain(tujuan: Path, data: S.SampleData) -> None:
    """What another process leaves: a complete built-in package renamed into ``tujuan``."""
    tmp = tujuan.with_name(".lain.tmp")
    S.write_sample(tmp, data=data)
    (tmp / ".seed").write_text(f"{writers._penanda_sampel(data.seed)}\n")
    tmp.replace(tujuan)


@pytest.fixture()
def contoh(data, tmp_path, monkeypatch) -> Path:
    """The built-in sample's folder in ``tmp_path``; seed 2026 is generated once per module."""
    tujuan = tmp_path / "data-contoh"
    monkeypatch.setenv("WORKBENCH_SAMPLE_DIR", str(tujuan))
    buat = writers.generate
    monkeypatch.setattr(writers, "generate", lambda seed: data if seed == 2026 else buat(seed=seed))
    return tujuan


def test_ensure_sample_keeps_a_package_another_process_finished_meanwhile(
    data, contoh, tmp_path, monkeypatch
):
    tulis = writers._tulis_csv
    milik_lain = []

    def disalip(d, folder):  # the other process finishes while this one writes
        tulis(d, folder)
        monkeypatch.setattr(writers, "_tulis_csv", tulis)
        _paket_lain(contoh, data)
        milik_lain.append(contoh.stat().st_ino)

    monkeypatch.setattr(writers, "_tulis_csv", disalip)
    assert S.ensure_sample(2026) == contoh
    inode = contoh.stat().st_ino
    assert milik_lain == [inode]  # theirs kept, not replaced by our copy
    assert (contoh / ".seed").read_text().strip() == writers._penanda_sampel(2026)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-contoh"]  # our copy discarded
    assert S.ensure_sample(2026) == contoh and contoh.stat().st_ino == inode


def test_ensure_sample_survives_losing_either_rename(data, contoh, tmp_path, monkeypatch):
    """The two renames of atomic_dir can each lose a race: the result is a complete package."""
    ganti = Path.replace
    ulah = {}

    def balapan(self, target):
        if Path(target) == contoh and ulah.get("masuk") is False:
            # the other process renames its package in first: ours meets a full folder
            ulah["masuk"] = True
            _paket_lain(contoh, data)
        if self == contoh and ulah.get("minggir") is False:
            # the other process moves the old folder aside first: ours finds nothing to move
            ulah["minggir"] = True
            ganti(self, tmp_path / "dipindah-lain")
        return ganti(self, target)

    monkeypatch.setattr(Path, "replace", balapan)
    ulah["masuk"] = False
    assert S.ensure_sample(2026) == contoh and ulah["masuk"]
    assert (contoh / ".seed").read_text().strip() == writers._penanda_sampel(2026)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-contoh"]
    # a stale package (another seed) whose removal the other process wins: retried, replaced
    ulah.clear()
    ulah["minggir"] = False
    assert S.ensure_sample(7) == contoh and ulah["minggir"]
    assert (contoh / ".seed").read_text().split()[0] == "7"
    assert (contoh / "rencana.csv").read_text(encoding="utf-8").startswith("kode_wilayah,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-contoh", "dipindah-lain"]


def test_cli_sample(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["sample", str(tmp_path / "p"), "--seed", "2026"])
    assert res.exit_code == 0, res.output
    assert "data contoh (sintetis)" in res.output
    for name in S.TABLES:
        assert name in res.output
    assert "28." in res.output or "rencana" in res.output
    res = runner.invoke(app, ["sample", str(tmp_path / "q"), "--format", "pdf"])
    assert res.exit_code == 2 and "error:" in res.output and "Traceback" not in res.output


def test_csv_writer_matches_pandas_minimal_quoting():
    # the fast writer must produce exactly what DataFrame.to_csv would
    df = pd.DataFrame({"a": ['x,"y"', "", "z\nw", "75,5"], "b": ["1", "2", "3", "≥ 80"]})
    assert writers._csv_bytes(df) == df.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert writers._csv_bytes(df.iloc[:0]) == b"a,b\n"


def test_xlsx_refuses_a_table_longer_than_an_excel_sheet(data, tmp_path, monkeypatch):
    # the national package (1.26 million plan lines) does not fit a worksheet (1,048,576 rows)
    monkeypatch.setattr(writers, "_BARIS_MAKS_XLSX", 1000)
    with pytest.raises(S.SampleError, match="more than an Excel sheet holds"):
        S.write_sample(tmp_path / "besar", fmt="xlsx", data=data)
    assert not any(tmp_path.iterdir())


def test_is_sample_recognises_packages_and_nothing_else(folder, xlsx, tmp_path):
    assert S.is_sample(folder) and S.is_sample(xlsx)
    (tmp_path / "lain").mkdir()
    (tmp_path / "lain" / "rencana.csv").write_text("kode_wilayah\n")
    (tmp_path / "rusak.xlsx").write_bytes(b"bukan zip")
    for p in (tmp_path / "lain", tmp_path / "rusak.xlsx", tmp_path / "tidak-ada"):
        assert not S.is_sample(p)
