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
    assert ("1.03.10.2.01.0032", "1.03.10.2.01.0053") in set(
        zip(p["kode_lama"], p["kode_baru"], strict=True))


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


# --- workbench reference update ---------------------------------------------------------------
_V_BARU = "Kepmendagri 900.1-861/2026"
_JUDUL = ["NOMENKLATUR SUB KEGIATAN KABUPATEN/KOTA", "Lampiran Kepmendagri (uji)"]


def _master_2023():
    """The 2023 kab/kota master rebuilt from the shipped rows (equal to the shared CSV)."""
    import pandas as pd

    n = load_nomenklatur()
    sub = n[(n["tingkat"] == "sub_kegiatan") & (n["versi"] == "Kepmendagri 900.1.15.5-1317/2023")]
    nama = n.set_index("kode")["uraian"]
    keg = sub["kode"].str.rsplit(".", n=1).str[0]
    prog = sub["kode"].str.split(".").str[:3].str.join(".")
    return pd.DataFrame({
        "kode": sub["kode"].to_numpy(), "nama": sub["uraian"].to_numpy(),
        "kinerja": sub["kinerja"].to_numpy(), "indikator": sub["indikator"].to_numpy(),
        "satuan": sub["satuan"].to_numpy(), "nama_kegiatan": keg.map(nama).to_numpy(),
        "nama_program": prog.map(nama).to_numpy(),
        "nama_bidang": sub["kode_bidang"].map(nama).to_numpy(),
    })  # fmt: skip


def _master_baru():
    m = _master_2023().set_index("kode")
    m.loc["1.06.04.2.01.0004", "nama"] = "Pemberian Pelayanan Reunifikasi Keluarga (Uji)"
    m.loc["1.01.02.2.01.0004", "satuan"] = "Paket"
    pindah = m.loc["1.03.10.2.01.0046"].copy()
    m = m.drop(["1.01.02.2.01.0003", "1.03.10.2.01.0046"])
    m.loc["1.03.10.2.01.0060"] = pindah  # renumbered
    baru = m.loc["1.01.02.2.01.0001"].copy()
    baru["nama"] = "Sub Kegiatan Uji Baru"
    m.loc["1.01.02.2.01.0099"] = baru
    for kode, nama in (("1.03.10.2.01.0053", "Pembangunan Jalan"),
                       ("1.02.02.2.02.0048", "Pengelolaan Layanan Imunisasi")):
        row = m.loc[kode[:-4] + "0044"].copy()  # the 2024 additions, without kinerja
        row[["nama", "kinerja", "indikator", "satuan"]] = [nama, "", "", ""]
        m.loc[kode] = row
    return m.rename_axis("kode").reset_index()


def _tulis_master(m, path, *, bagian: bool, buang: str | None = None, rusak=None):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ALL"
    for j in _JUDUL:
        ws.append([j])
    ws.append([])
    kode_cols = (["KODE URUSAN", "KODE BIDANG URUSAN", "KODE PROGRAM", "KODE KEGIATAN",
                  "KODE SUB KEGIATAN"] if bagian else ["KODE SUB KEGIATAN"])  # fmt: skip
    header = [*kode_cols, "NOMENKLATUR SUB KEGIATAN", "KINERJA", "INDIKATOR", "SATUAN",
              "NAMA KEGIATAN", "NAMA PROGRAM", "NAMA BIDANG URUSAN"]
    keep = [i for i, h in enumerate(header) if h != buang]
    ws.append([header[i] for i in keep])
    for i, r in enumerate(m.itertuples(index=False)):
        s = r.kode.split(".")
        kode = ([s[0], s[1], s[2], ".".join(s[3:5]), s[5]] if bagian else [r.kode])
        if rusak is not None and i == rusak[0]:
            kode[-1] = rusak[1]
        row = [*kode, r.nama, r.kinerja, r.indikator, r.satuan, r.nama_kegiatan, r.nama_program,
               r.nama_bidang]
        ws.append([row[i] for i in keep])
    wb.save(path)
    return path


@pytest.fixture
def folder(tmp_path):
    import shutil

    d = tmp_path / "reference"
    d.mkdir()
    for name in ("nomenklatur.csv", "nomenklatur_perubahan.csv"):
        shutil.copy(REFERENCE_DIR / name, d / name)
    return d


@pytest.mark.parametrize("bagian", [False, True], ids=["full-code", "code-parts"])
def test_reference_update_reads_a_sipd_master_and_reports_the_diff(tmp_path, folder, bagian):
    import pandas as pd
    from typer.testing import CliRunner

    from workbench.cli import app

    path = _tulis_master(_master_baru(), tmp_path / "master.xlsx", bagian=bagian)
    res = CliRunner().invoke(app, ["reference", "update", str(path), "--versi", _V_BARU,
                                   "--folder", str(folder)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "added: 1\n  1.01.02.2.01.0099 Sub Kegiatan Uji Baru" in res.output
    assert "removed: 1\n  1.01.02.2.01.0003 " in res.output
    assert ("renamed: 1\n  1.06.04.2.01.0004: 'Pemberian Pelayanan Reunifikasi Keluarga' → "
            "'Pemberian Pelayanan Reunifikasi Keluarga (Uji)'") in res.output
    assert "kinerja/indikator/satuan changed: 1\n  1.01.02.2.01.0004 satuan: 'Ruang' → 'Paket'" \
        in res.output
    assert "renumbered: 1\n  1.03.10.2.01.0046 → 1.03.10.2.01.0060 Pemeliharaan Rutin Jalan" \
        in res.output
    ref = pd.read_csv(folder / "nomenklatur.csv", dtype=str, keep_default_na=False)
    v = ref.set_index("kode")
    assert v.loc["1.01.02.2.01.0099", "versi"] == _V_BARU
    assert v.loc["1.06.04.2.01.0004", "versi"] == _V_BARU
    assert v.loc["1.01.02.2.01.0004", ["satuan", "versi"]].tolist() == ["Paket", _V_BARU]
    assert v.loc["1.01.02.2.01.0001", "versi"] == "Kepmendagri 900.1.15.5-1317/2023"  # unchanged
    assert "1.01.02.2.01.0003" not in v.index and "1.03.10.2.01.0046" not in v.index
    assert v.loc["1.02.02.1.02.0006", "versi"] == "Permendagri 14/2026 Tabel C"  # province kept
    assert list(ref.columns) == list(load_nomenklatur().columns)
    per = pd.read_csv(folder / "nomenklatur_perubahan.csv", dtype=str)
    pasang = set(zip(per["kode_lama"], per["kode_baru"], per["versi"], strict=True))
    assert ("1.03.10.2.01.0046", "1.03.10.2.01.0060", _V_BARU) in pasang
    assert ("1.03.10.2.01.0032", "1.03.10.2.01.0053",
            "Kepmendagri 900.1.15.5-3406/2024") in pasang


def test_reference_update_refuses_bad_masters_and_writes_nothing(tmp_path, folder):
    from typer.testing import CliRunner

    from workbench.cli import app
    from workbench.nomenklatur import MasterError, perbarui_berkas

    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    m = _master_2023().head(40)
    tanpa = _tulis_master(m, tmp_path / "tanpa.xlsx", bagian=False, buang="SATUAN")
    with pytest.raises(MasterError, match=r"tanpa\.xlsx, sheet 'ALL': no header row .* "
                                          r"missing: Satuan"):
        perbarui_berkas(tanpa, _V_BARU, folder=folder)
    rusak = _tulis_master(m, tmp_path / "rusak.xlsx", bagian=False, rusak=(6, "1.01.02.2.1.3"))
    with pytest.raises(MasterError) as err:
        perbarui_berkas(rusak, _V_BARU, folder=folder)
    assert str(err.value).startswith(f"{rusak}, sheet 'ALL', row 11, column A: sub kegiatan code "
                                     "'1.01.02.2.1.3' is malformed")
    bagian = _tulis_master(m, tmp_path / "bagian.xlsx", bagian=True, rusak=(0, "1"))
    with pytest.raises(MasterError,
                       match=r"row 5, column A: sub kegiatan code '1\.01\.02\.2\.01\.1'"):
        perbarui_berkas(bagian, _V_BARU, folder=folder)
    res = CliRunner().invoke(app, ["reference", "update", str(rusak), "--versi", _V_BARU,
                                   "--folder", str(folder)])  # fmt: skip
    assert res.exit_code == 2 and "row 11, column A" in res.output
    with pytest.raises(MasterError, match="--versi is empty"):
        perbarui_berkas(rusak, " ", folder=folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written


def test_display_names_spell_out_penunjang_and_title_case_capitals():
    from workbench.reference import nama_nomenklatur

    n = nama_nomenklatur()
    assert n["1.02.01"] == "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    assert n["1.02.01.2.01.0001"] == "Penyusunan Dokumen Perencanaan Perangkat Daerah"
    assert n["1.01"] == "Urusan Pemerintahan Bidang Pendidikan"
    assert n["1.03.02"] == "Program Pengelolaan Sumber Daya Air (SDA)"
    assert n["2.11.03"] == "Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup"
    assert n["1.06.04.2.01.0004"] == "Pemberian Pelayanan Reunifikasi Keluarga"  # as written
    assert load_nomenklatur().set_index("kode").loc["1.01.02", "uraian"] == (
        "PROGRAM PENGELOLAAN PENDIDIKAN")  # the reference keeps the master's spelling
