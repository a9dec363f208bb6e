"""The data contract: loading, typed frames and the validation report (workbench.contract)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.contract_fixtures import NOMENKLATUR, PERUBAHAN, SATUAN, tables, tulis_csv, tulis_xlsx
from workbench import contract
from workbench.cli import app


@pytest.fixture(autouse=True)
def _nomenklatur(monkeypatch):
    # a fixed, tiny nomenclature: the tests do not depend on the shipped subset's contents
    # (the lookups live in the column checks, workbench.contract.columns)
    monkeypatch.setattr(contract.columns, "_nomenklatur_kode", lambda: set(NOMENKLATUR))
    monkeypatch.setattr(contract.columns, "_nomenklatur_perubahan", lambda: dict(PERUBAHAN))
    monkeypatch.setattr(contract.columns, "_satuan_referensi",
                        lambda kode: kode.map(SATUAN).fillna("").astype(str))


def _masalah(report, **match) -> pd.DataFrame:
    m = report.masalah
    for k, v in match.items():
        m = m[m[k] == v]
    return m


def _satu(report, **match) -> pd.Series:
    m = _masalah(report, **match)
    assert len(m) == 1, f"expected one problem matching {match}, got:\n{report.format()}"
    return m.iloc[0]


def _rusak(tabel: str, baris: int, kolom: str, nilai) -> dict[str, pd.DataFrame]:
    t = tables()
    t[tabel].loc[baris, kolom] = nilai
    return t


# --- a clean package -------------------------------------------------------------------------
def test_clean_package_loads_typed(tmp_path):
    p = contract.load_package(tulis_csv(tables(), tmp_path / "paket"))
    assert p.laporan.ok and p.laporan.masalah.empty and p.laporan.n_dropped == 0
    r = p.rencana
    assert list(r.columns) == [
        "kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
        "kode_indikator", "uraian_indikator", "target", "satuan", "pagu", "tingkat",
        "kode_bidang", "kode_program", "level_pemerintahan", "target_bawah", "target_atas",
    ]  # fmt: skip
    assert r["tahun"].dtype == "int64" and r["pagu"].dtype == "float64"
    assert str(r["level_pemerintahan"].dtype) == "Int64"
    assert str(r["kode_nomenklatur"].dtype) == "string"
    assert r["tingkat"].tolist() == ["program", "sub_kegiatan", "sub_kegiatan", "sub_kegiatan",
                                     "program"]
    assert r["kode_bidang"].tolist() == ["1.02", "1.02", "1.02", "1.06", "1.06"]
    assert r["kode_program"].tolist() == ["1.02.02", "1.02.02", "1.02.02", "1.06.04", "1.06.04"]
    assert r["level_pemerintahan"].tolist() == [pd.NA, 1, 2, 2, pd.NA]
    # targets: "4,11–4,66", "12 Unit", "≥ 80", "75,5%", "≤ 5"
    assert r["target_bawah"].tolist() == [4.11, 12.0, 80.0, 75.5, -math.inf]
    assert r["target_atas"].tolist() == [4.66, 12.0, math.inf, 75.5, 5.0]
    assert r["target"].tolist()[0] == "4,11–4,66"  # the text as written is kept
    # pagu: "", "1.250.000.000,00", "850000000", "1.500.000", ""
    assert r["pagu"].fillna(-1).tolist() == [-1, 1_250_000_000.0, 850_000_000.0, 1_500_000.0, -1]
    assert r["kode_indikator"].isna().tolist() == [False, True, False, True, False]
    # realisasi keyed by BPS codes arrive under Kemendagri codes: 6209 -> 62.06, 6208 -> 62.07
    assert p.realisasi["kode_wilayah"].tolist() == ["62.06", "62", "62.07"]
    assert p.realisasi["realisasi"].tolist() == [5.26, 5.17, 81.5]
    assert list(p.realisasi.columns) == ["kode_wilayah", "kode_indikator", "tahun", "realisasi",
                                         "sumber"]
    assert p.kesepakatan["kode_wilayah"].isna().tolist() == [True, False]
    assert p.wilayah["penduduk"].dtype == "int64"
    assert p.wilayah.loc[0, "luas_km2"] == 153430.4
    assert len(p.wilayah) == 15
    with pytest.raises(AttributeError):
        p.rencana = r  # frozen


def test_typed_frames_follow_the_pandera_schemas(tmp_path):
    p = contract.load_package(tulis_csv(tables(), tmp_path / "paket"))
    for name in contract.TABLES:
        contract.skema(name).validate(getattr(p, name))
    bad = p.rencana.assign(tahun=p.rencana["tahun"].astype(float))
    with pytest.raises(Exception, match="tahun"):
        contract.skema("rencana").validate(bad)


def test_notes_sheet_is_not_reported(tmp_path):
    t = tables()
    t["KETERANGAN"] = pd.DataFrame({"catatan": ["data contoh"]})
    t["Sheet1"] = pd.DataFrame({"x": ["1"]})
    r = contract.validate_path(tulis_xlsx(t, tmp_path / "p.xlsx"))
    assert r.ok and r.masalah["sheet"].tolist() == ["Sheet1"]
    assert "sheet 'Sheet1' is not a table of the contract" in r.masalah.iloc[0]["alasan"]


def test_xlsx_and_csv_give_the_same_frames(tmp_path):
    a = contract.load_package(tulis_csv(tables(), tmp_path / "paket"))
    b = contract.load_package(tulis_xlsx(tables(), tmp_path / "paket.xlsx"))
    for name in contract.TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_like=False)


def test_xlsx_numbers_in_cells_are_read(tmp_path):
    # Excel stores numbers: tahun 2026.0, pagu 850000000, kode_wilayah 62.06, a code 1.02 kept
    typed = {("rencana", 2, "tahun"): 2026, ("rencana", 2, "pagu"): 850000000.0,
             ("rencana", 2, "kode_wilayah"): 62.06, ("wilayah", 0, "kode"): 62,
             ("indikator", 0, "kode_bidang"): 1.06, ("rencana", 4, "target"): 5}
    p = contract.load_package(tulis_xlsx(tables(), tmp_path / "p.xlsx", typed=typed))
    assert p.rencana.loc[2, ["kode_wilayah", "tahun", "pagu"]].tolist() == ["62.06", 2026, 850e6]
    assert p.indikator.loc[0, "kode_bidang"] == "1.06"
    assert p.rencana.loc[4, ["target_bawah", "target_atas"]].tolist() == [5.0, 5.0]


def test_dirty_codes_are_normalised_without_complaint(tmp_path):
    t = tables()
    t["rencana"].loc[2, "kode_nomenklatur"] = " '1.02.02.2.02.0001. "  # spaces, apostrophe, dot
    t["rencana"].loc[0, "kode_nomenklatur"] = "1.02.02."
    t["rencana"].loc[3, "kode_wilayah"] = "'62.71"
    t["kesepakatan"].loc[0, "kode_sub_kegiatan"] = "1.02.02.2.02.53"  # 2-digit suffix
    t["rencana"].loc[1, "dokumen"] = "rkpd"  # case-insensitive
    p = contract.load_package(tulis_csv(t, tmp_path / "p"))
    assert p.laporan.masalah.empty, p.laporan.format()
    assert p.rencana["kode_nomenklatur"].tolist()[:3] == ["1.02.02", "1.02.02.1.02.0003",
                                                        "1.02.02.2.02.0001"]
    assert p.rencana.loc[3, "kode_wilayah"] == "62.71"
    assert p.rencana.loc[1, "dokumen"] == "RKPD"
    assert p.kesepakatan.loc[0, "kode_sub_kegiatan"] == "1.02.02.2.02.0053"


def test_bom_and_semicolon_csv_are_read(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    t = tables()["rencana"]
    # Excel in an Indonesian locale saves "CSV" with ';' and a BOM
    (folder / "rencana.csv").write_bytes(t.to_csv(index=False, sep=";").encode("utf-8-sig"))
    p = contract.load_package(folder)
    assert p.rencana["target_bawah"].tolist()[0] == 4.11 and p.laporan.masalah.empty


# --- bad input: one precise message each --------------------------------------------------------
def test_unparseable_target_names_file_line_column_value(tmp_path):
    t = _rusak("rencana", 2, "target", "delapan puluh")
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    m = _satu(r, kolom="target")
    assert (m.berkas, m.baris, m.nilai, m.tingkat) == ("rencana.csv", 4, "delapan puluh", "error")
    assert "not a target" in m.alasan and not r.ok


def test_unparseable_and_negative_pagu(tmp_path):
    t = _rusak("rencana", 1, "pagu", "1,2 M")
    t["rencana"].loc[2, "pagu"] = "-5.000.000"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    a = _satu(r, kolom="pagu", baris=3)
    assert a.nilai == "1,2 M" and "carries the scale word 'M'" in a.alasan
    t["rencana"].loc[1, "pagu"] = "5%"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p2"))
    assert "pagu: a unit or scale word" in _satu(r, kolom="pagu", baris=3).alasan
    b = _satu(r, kolom="pagu", baris=4)
    assert b.nilai == "-5.000.000" and b.alasan == "pagu is negative"


def test_code_excel_turned_into_a_number_is_refused_as_ambiguous(tmp_path):
    # 62.10 (Gunung Mas) stored as the number 62.1 in row 3 of the rencana sheet
    typed = {("rencana", 1, "kode_wilayah"): 62.1}
    r = contract.validate_path(tulis_xlsx(tables(), tmp_path / "p.xlsx", typed=typed))
    m = _satu(r, kolom="kode_wilayah")
    assert (m.berkas, m.sheet, m.baris, m.nilai) == ("p.xlsx", "rencana", 3, "62.1")
    assert "ambiguous" in m.alasan and "62.10?" in m.alasan
    assert "row 3, column kode_wilayah" in r.format()


def test_code_as_shortened_text_is_an_error(tmp_path):
    t = _rusak("rencana", 0, "kode_nomenklatur", "1.2.02")
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    m = _satu(r, kolom="kode_nomenklatur")
    assert (m.baris, m.nilai, m.tingkat) == (2, "1.2.02", "error")
    assert "bidang segment '2' must have 2 digit(s)" in m.alasan


def test_penunjang_programme_matches_in_every_bidang(tmp_path):
    # X.XX.01 (Program Penunjang Urusan Pemerintahan Daerah) is listed once, for every bidang
    t = tables()
    t["rencana"].loc[2, "kode_nomenklatur"] = "1.02.01.2.01.0001"
    t["rencana"].loc[3, "kode_nomenklatur"] = "1.06.01"
    t["rencana"].loc[3, "satuan"] = ""
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    assert r.ok and r.masalah.empty, r.format()
    t["rencana"].loc[3, "kode_nomenklatur"] = "1.06.01.2.01.0002"  # not in X.XX.01.2.01
    w = _satu(contract.validate_path(tulis_csv(t, tmp_path / "q")), kolom="kode_nomenklatur")
    assert (w.baris, w.tingkat, w.nilai) == (5, "peringatan", "1.06.01.2.01.0002")


def test_renumbered_code_is_reported_old_to_new(tmp_path):
    t = tables()
    t["rencana"].loc[2, "kode_nomenklatur"] = "1.02.02.2.02.0002"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    w = _satu(r, kolom="kode_nomenklatur")
    assert (w.baris, w.tingkat, w.nilai) == (4, "peringatan", "1.02.02.2.02.0002")
    assert w.alasan.startswith("kode lama 1.02.02.2.02.0002 → kode baru 1.02.02.2.02.0053 "
                               "(Kepmendagri 900.1.15.5-3406/2024)")
    assert "not in the shipped" not in w.alasan


def test_satuan_differing_from_the_master_is_a_warning(tmp_path):
    t = tables()
    t["rencana"].loc[2, "satuan"] = "  %  "  # same after case/space normalisation: no warning
    t["rencana"].loc[3, "satuan"] = "Orang"  # master: %
    t["rencana"].loc[1, "satuan"] = "Paket"  # province code without a master satuan: not checked
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    assert r.ok  # a warning, not an error
    w = _satu(r, kolom="satuan")
    assert (w.baris, w.tingkat, w.nilai) == (5, "peringatan", "Orang")
    assert w.alasan == ("satuan differs from the nomenclature master's ' % ' for sub kegiatan "
                        "1.06.04.2.01.0001")


def test_unknown_codes(tmp_path):
    t = tables()
    t["rencana"].loc[2, "kode_nomenklatur"] = "1.02.02.2.02.0099"  # well formed, not shipped
    t["rencana"].loc[3, "kode_wilayah"] = "62.99"  # not in the package's wilayah
    t["rencana"].loc[0, "kode_indikator"] = "IKU.MISKIN"  # not in the indikator table
    t["kesepakatan"].loc[1, "kode_sub_kegiatan"] = "1.06.04.2.01"  # a kegiatan, not a sub
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    w = _satu(r, kolom="kode_nomenklatur")
    assert (w.baris, w.tingkat, w.nilai) == (4, "peringatan", "1.02.02.2.02.0099")
    assert "not in the shipped nomenclature (workbench/reference/nomenklatur.csv)" in w.alasan
    k = _satu(r, kolom="kode_wilayah")
    assert (k.baris, k.tingkat) == (5, "error")
    assert "region 62.99 is not in the package's wilayah table (15 codes)" in k.alasan
    i = _satu(r, kolom="kode_indikator")
    assert (i.baris, i.nilai) == (2, "IKU.MISKIN") and "did you mean 'IKU.KEMISKINAN'" in i.alasan
    s = _satu(r, berkas="kesepakatan.csv")
    assert (s.baris, s.kolom) == (3, "kode_sub_kegiatan")
    assert "a kegiatan code; expected a sub kegiatan code" in s.alasan


def test_level_digit_against_the_level_of_government(tmp_path):
    t = tables()
    t["rencana"].loc[2, "kode_nomenklatur"] = "1.02.02.1.02.0001"  # kab 62.06, province code
    t["rencana"].loc[1, "kode_nomenklatur"] = "1.02.02.2.02.0003"  # province, kab/kota code
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    kab = _satu(r, baris=4)
    assert kab.kolom == "kode_nomenklatur" and kab.nilai == "1.02.02.1.02.0001"
    assert ("province-level code (level digit 1) on a plan line of kabupaten/kota 62.06"
            in kab.alasan)
    prov = _satu(r, baris=3)
    assert "kabupaten/kota-level code (level digit 2) on a plan line of province 62" in prov.alasan


def test_duplicate_lines_name_the_first(tmp_path):
    t = tables()
    t["rencana"] = pd.concat([t["rencana"], t["rencana"].iloc[[2]]], ignore_index=True)
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    m = _satu(r, berkas="rencana.csv")
    assert m.baris == 7 and "duplicate plan line" in m.alasan and "as line 4" in m.alasan


def test_years_out_of_range_and_far_from_the_others(tmp_path):
    t = _rusak("rencana", 0, "tahun", "2205")
    t["rencana"].loc[1, "tahun"] = "20266"
    t["realisasi"].loc[0, "tahun"] = "dua ribu"
    more = t["rencana"].iloc[[1, 1, 1]].copy()
    more["tahun"] = ["2026", "2026", "2040"]
    more["perangkat_daerah"] = ["A", "B", "C"]
    t["rencana"] = pd.concat([t["rencana"], more], ignore_index=True)
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    y = _satu(r, berkas="rencana.csv", kolom="tahun", baris=2)
    assert "year 2205 is out of range (2000–2100)" in y.alasan
    assert "out of range" in _satu(r, kolom="tahun", baris=3).alasan
    assert "not a whole number" in _satu(r, berkas="realisasi.csv", kolom="tahun").alasan
    far = _satu(r, kolom="tahun", baris=9)
    assert far.tingkat == "peringatan" and "year 2040 is more than 5 years" in far.alasan


def test_controlled_vocabularies(tmp_path):
    t = _rusak("rencana", 0, "dokumen", "APBD")
    t["indikator"].loc[0, "arah"] = "menurun"
    t["indikator"].loc[1, "agregasi"] = "rata-rata"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    assert "dokumen must be one of RPJMD, RENSTRA, RKPD, RENJA" in _satu(r, kolom="dokumen").alasan
    a = _satu(r, kolom="arah")
    assert (a.berkas, a.baris, a.nilai) == ("indikator.csv", 2, "menurun")
    assert "naik, turun, tetap" in a.alasan
    g = _satu(r, kolom="agregasi")
    assert g.baris == 3 and "rata_tertimbang_penduduk, jumlah, tidak_ada" in g.alasan


def test_realisasi_code_in_neither_list_is_refused(tmp_path):
    t = _rusak("realisasi", 2, "kode_bps", "6299")
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    m = _satu(r, berkas="realisasi.csv")
    assert (m.baris, m.kolom, m.nilai) == (4, "kode_bps", "6299")
    assert "6299 is in neither the kode_bps nor the kode list" in m.alasan


def test_realisasi_with_kode_wilayah_column(tmp_path):
    t = tables()
    t["realisasi"] = t["realisasi"].rename(columns={"kode_bps": "kode_wilayah"})
    t["realisasi"]["kode_wilayah"] = ["62.06", "62", "62.07"]
    p = contract.load_package(tulis_csv(t, tmp_path / "p"))
    assert p.realisasi["kode_wilayah"].tolist() == ["62.06", "62", "62.07"]


def test_kesepakatan_with_a_province_code(tmp_path):
    t = _rusak("kesepakatan", 1, "kode_wilayah", "62")
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    assert "62 is a province" in _satu(r, berkas="kesepakatan.csv").alasan


def test_empty_file(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    (folder / "rencana.csv").write_bytes(b"")
    r = contract.validate_path(folder)
    m = _satu(r, berkas="rencana.csv")
    assert "rencana.csv is empty" in m.alasan and r.fatal
    with pytest.raises(contract.PackageError) as err:
        contract.load_package(folder, lenient=True)  # nothing to drop: still fails
    assert "rencana.csv is empty" in str(err.value)
    assert err.value.laporan is not None and not err.value.laporan.ok


def test_header_only_file_is_a_warning(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    (folder / "kesepakatan.csv").write_text("tahun,kode_indikator,kode_sub_kegiatan,kode_wilayah\n")
    r = contract.validate_path(folder)
    assert r.ok
    assert "header but no rows" in _satu(r, berkas="kesepakatan.csv").alasan


def test_csv_in_another_encoding(tmp_path):
    t = _rusak("rencana", 3, "perangkat_daerah", "Dinas Sosial Café")
    for a, b in (("≥", ">="), ("≤", "<="), ("–", "-")):  # cp1252 has no ≥ ≤
        t["rencana"]["target"] = t["rencana"]["target"].str.replace(a, b)
    folder = tulis_csv(t, tmp_path / "p")
    t["rencana"].to_csv(folder / "rencana.csv", index=False, encoding="cp1252", lineterminator="\n")
    r = contract.validate_path(folder)
    m = _satu(r, berkas="rencana.csv")
    assert m.baris == 5
    assert "rencana.csv is not UTF-8: byte 0xe9 at line 5" in m.alasan
    assert "'é'" in m.alasan and "save it as 'CSV UTF-8'" in m.alasan


def test_utf16_csv(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    tables()["indikator"].to_csv(folder / "indikator.csv", index=False, encoding="utf-16")
    assert "UTF-16" in _satu(contract.validate_path(folder), berkas="indikator.csv").alasan


def test_missing_table_suggests_the_file_that_is_there(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    (folder / "rencana.csv").rename(folder / "rencana_2026.csv")
    r = contract.validate_path(folder)
    e = _satu(r, berkas="rencana.csv")
    assert "table 'rencana' is missing" in e.alasan
    assert "did you mean 'rencana_2026.csv'" in e.alasan
    w = _satu(r, berkas="rencana_2026.csv")
    assert w.tingkat == "peringatan" and "not a table of the contract" in w.alasan


def test_wrong_sheet_name_suggests_the_closest(tmp_path):
    path = tulis_xlsx(tables(), tmp_path / "p.xlsx", sheet_names={"rencana": "Renc ana",
                                                                   "realisasi": "Realisasi"})
    r = contract.validate_path(path)
    e = _satu(r, sheet="rencana")
    assert e.berkas == "p.xlsx"
    assert "sheet 'rencana' is missing; did you mean 'Renc ana'?" in e.alasan
    assert _masalah(r, sheet="realisasi").empty  # case and spaces around a name are tolerated
    assert not r.ok and r.fatal


def test_missing_and_unknown_columns(tmp_path):
    t = tables()
    t["rencana"] = t["rencana"].rename(columns={"kode_wilayah": "kode_wilyah"})
    t["indikator"]["catatan"] = "x"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    m = _satu(r, berkas="rencana.csv", tingkat="error")
    assert m.kolom == "kode_wilayah"
    assert "column 'kode_wilayah' is missing; did you mean 'kode_wilyah'?" in m.alasan
    w = _satu(r, berkas="indikator.csv")
    assert w.tingkat == "peringatan"
    assert "column 'catatan' is not part of the indikator table" in w.alasan


def test_path_that_is_not_a_package(tmp_path):
    r = contract.validate_path(tmp_path / "nope")
    assert "does not exist" in r.masalah.iloc[0]["alasan"]
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    r = contract.validate_path(tmp_path / "x.xlsx")
    assert "cannot be opened as an .xlsx workbook" in r.masalah.iloc[0]["alasan"]


def test_line_numbers_survive_blank_lines_and_multiline_cells(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    lines = (folder / "rencana.csv").read_text().splitlines()
    lines.insert(2, "")  # a blank line 3
    # a quoted uraian spanning two lines in the (now) line 4..5 record
    lines[3] = lines[3].replace("Jumlah layanan", '"Jumlah\nlayanan"')
    bad = lines[4].replace("≥ 80", "banyak")  # the record after the multi-line one
    lines[4] = bad
    (folder / "rencana.csv").write_text("\n".join(lines) + "\n")
    r = contract.validate_path(folder)
    m = _satu(r, kolom="target")
    assert m.baris == 6 and m.nilai == "banyak"
    assert r.baris.set_index("tabel").loc["rencana", "kosong"] == 1


# --- lenient mode ----------------------------------------------------------------------------
def test_lenient_drops_only_bad_rows_and_lists_each(tmp_path):
    t = _rusak("rencana", 1, "target", "??")
    t["rencana"].loc[3, "kode_wilayah"] = "62.99"
    t["rencana"].loc[4, "perangkat_daerah"] = ""  # a warning: kept
    t["realisasi"].loc[0, "kode_bps"] = "9999"
    folder = tulis_csv(t, tmp_path / "p")
    with pytest.raises(contract.PackageError) as err:
        contract.load_package(folder)
    assert "3 error(s)" in str(err.value) and "line 3" in str(err.value)
    p = contract.load_package(folder, lenient=True)
    assert p.rencana["target"].tolist() == ["4,11–4,66", "≥ 80", "≤ 5"]
    assert len(p.realisasi) == 2
    rep = p.laporan
    assert rep.n_dropped == 3 and not rep.ok
    assert sorted(zip(rep.errors["berkas"], rep.errors["baris"], strict=True)) == [
        ("realisasi.csv", 2), ("rencana.csv", 3), ("rencana.csv", 5)]
    counts = rep.baris.set_index("tabel")
    assert counts.loc["rencana", ["dibaca", "dibuang", "disimpan"]].tolist() == [5, 2, 3]
    text = rep.format()
    assert "Lenient mode: 3 row(s) with errors were dropped" in text
    assert "line 3, column target" in text and "[value: '??']" in text


def test_lenient_cascades_through_dropped_reference_rows(tmp_path):
    # a bad indikator row is dropped, so plan lines that use it are refused too (and listed)
    t = _rusak("indikator", 1, "arah", "atas")
    p = contract.load_package(tulis_csv(t, tmp_path / "p"), lenient=True)
    assert "1.02.PERSALINAN" not in set(p.indikator["kode_indikator"])
    assert "1.02.PERSALINAN" not in set(p.rencana["kode_indikator"].dropna())
    assert len(p.laporan.errors) == 3  # the indikator row, rencana line 4, realisasi line 4


def test_report_format_lists_every_problem_grouped(tmp_path):
    t = tables()
    t["rencana"]["target"] = "x"
    r = contract.validate_path(tulis_csv(t, tmp_path / "p"))
    text = r.format()
    assert "NOT VALID: 5 error(s), 0 warning(s)." in text
    assert "  rencana.csv: 5" in text
    assert all(f"line {n}, column target" in text for n in range(2, 7))
    assert "rencana              5 / 0 / 5 / 0" in text


# --- the CLI -------------------------------------------------------------------------------
def test_cli_validate_exit_codes(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(tulis_csv(tables(), tmp_path / "ok"))])
    assert ok.exit_code == 0 and "No problems found." in ok.output
    bad = runner.invoke(app, ["validate", str(tulis_csv(_rusak("rencana", 0, "tahun", "1900"),
                                                        tmp_path / "bad"))])
    assert bad.exit_code == 1 and "year 1900 is out of range" in bad.output
    assert bad.exception is None or isinstance(bad.exception, SystemExit)
    gone = runner.invoke(app, ["validate", str(tmp_path / "missing")])
    assert gone.exit_code == 1 and "Traceback" not in gone.output


def test_cli_validate_warnings_exit_zero(tmp_path):
    t = _rusak("rencana", 2, "kode_nomenklatur", "1.02.02.2.02.0099")
    res = CliRunner().invoke(app, ["validate", str(tulis_csv(t, tmp_path / "p"))])
    assert res.exit_code == 0 and "OK with warnings: 0 error(s), 1 warning(s)." in res.output


# --- the sample package ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_data():
    from workbench import sample

    return sample, sample.generate(seed=2026)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_sample_loads_with_zero_errors(sample_data, tmp_path, fmt, monkeypatch):
    monkeypatch.undo()  # check against the shipped nomenclature subset
    sample, data = sample_data
    path = sample.write_sample(tmp_path / "contoh", fmt=fmt, data=data)
    try:
        p = contract.load_package(path)
    except contract.PackageError as err:  # pragma: no cover - the failure message lists rows
        pytest.fail(err.laporan.format(limit=60))
    assert p.laporan.errors.empty
    for name in contract.TABLES:
        assert len(getattr(p, name)) == len(data.tables[name]), name
        contract.skema(name).validate(getattr(p, name))
    assert np.isfinite(p.rencana["target_bawah"]).sum() > 0


def test_csv_row_with_too_many_fields(tmp_path):
    folder = tulis_csv(tables(), tmp_path / "p")
    with (folder / "kesepakatan.csv").open("a") as f:
        f.write("2026,IKU.KEMISKINAN,1.02.02.2.02.0001,62.06,extra\n")
    r = contract.validate_path(folder)
    m = _satu(r, berkas="kesepakatan.csv")
    assert "cannot be read as CSV" in m.alasan and "line 4" in m.alasan and r.fatal


def test_load_package_is_exported_at_the_top(tmp_path):
    """``from workbench import load_package`` (the issue's Python entry point) is the loader."""
    import subprocess
    import sys

    from workbench import load_package, run_analysis

    assert load_package is contract.load_package
    assert run_analysis.__module__ == "workbench.analysis"
    p = load_package(tulis_csv(tables(), tmp_path / "paket"))
    assert set(p.rencana.columns) >= {"kode_wilayah", "tingkat", "target_bawah"}
    with pytest.raises(AttributeError, match="tidak_ada"):
        import workbench

        workbench.tidak_ada  # noqa: B018
    # importing the package alone stays light: pandas comes with the first public name used
    code = "import sys, workbench; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
