"""``workbench import FOLDER``: classification, merge, report, nothing written on failure."""

from __future__ import annotations

import html
import re
from pathlib import Path

import folder_fixtures as FF
import importers_fixtures as IF
import pandas as pd
import pytest
import sipd_fixtures as F

from workbench.impor_folder import ImporFolderError, impor_folder


def _one(tmp_path: Path, build) -> tuple:
    """Import a folder holding what ``build(folder)`` writes; return (report, entry 0)."""
    src = tmp_path / "in"
    src.mkdir()
    build(src)
    lap = impor_folder(src, tmp_path / "paket")
    return lap, lap.berkas[0]


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# --- classification of each kind -------------------------------------------------------------
def test_sipd_export_is_taken_as_rkpd_with_its_title_metadata_and_pagu_check(tmp_path):
    lap, b = _one(tmp_path, lambda d: FF.rkpd(d / "a.xlsx", "KABUPATEN KATINGAN", 0))
    assert (b.status, b.jenis) == ("diimpor", "rencana RKPD")
    assert b.ditulis == {"rencana": FF.LINES_PER_PLAN}
    assert "sheet 'RKPD 2026': RKPD 62.06 (Kab. Katingan) 2026" in b.keterangan
    assert "sheet 'RKPD 2026': pagu of the sub kegiatan read Rp 2.436.250.000" in b.pagu
    assert any("'JUMLAH': total Rp 2.436.250.000 agrees with the lines" in p for p in b.pagu)
    assert ("sheet 'RKPD 2026' row 19", "total row 'JUMLAH'") in b.dilewati
    assert lap.ditulis
    ren = _csv(tmp_path / "paket" / "rencana.csv")
    assert set(ren["kode_wilayah"]) == {"62.06"} and len(ren) == FF.LINES_PER_PLAN
    # no BPS, no kesepakatan: empty tables with the contract header; wilayah/indikator filled
    assert lap.dari_referensi == ["wilayah", "indikator"]
    assert len(_csv(tmp_path / "paket" / "wilayah.csv")) == 15
    assert list(_csv(tmp_path / "paket" / "realisasi.csv").columns) == [
        "kode_wilayah", "kode_indikator", "tahun", "realisasi"]


def test_pagu_differing_from_the_sheet_total_is_reported(tmp_path):
    lap, b = _one(tmp_path, lambda d: F.build_workbook(d / "a.xlsx", total=2_500_000_000))
    line = next(p for p in b.pagu if "'JUMLAH'" in p)
    assert "total Rp 2.500.000.000 but the lines sum to Rp 2.436.250.000" in line
    assert "difference Rp 63.750.000" in line


def test_kesepakatan_is_taken_with_its_year_from_the_title(tmp_path):
    lap, b = _one(tmp_path, lambda d: FF.kesepakatan(d / "k.xlsx"))
    assert (b.status, b.jenis) == ("diimpor", "kesepakatan")
    kes = _csv(tmp_path / "paket" / "kesepakatan.csv")
    got = {(int(r.tahun), r.kode_indikator, r.kode_sub_kegiatan, r.kode_wilayah)
           for r in kes.itertuples()}
    assert got == IF.kes_expected(tahun=2026)
    assert b.ditulis == {"kesepakatan": 8}


def test_bps_table_indicator_from_its_title(tmp_path):
    lap, b = _one(tmp_path, lambda d: FF.bps(d / "ipm.xlsx"))
    assert (b.status, b.jenis) == ("diimpor", "realisasi BPS")
    assert b.keterangan[0].startswith("indicator IKU.IPM: the title")
    assert "names it ('indeks pembangunan manusia ipm')" in b.keterangan[0]
    rea = _csv(tmp_path / "paket" / "realisasi.csv")
    assert set(rea["kode_indikator"]) == {"IKU.IPM"}
    kat = rea[(rea["kode_wilayah"] == "62.06") & (rea["tahun"] == "2024")]
    assert kat["realisasi"].tolist() == ["70,7"]  # Katingan = BPS 6209, by the crosswalk


def test_bps_table_without_a_known_indicator_needs_one_and_nothing_is_written(tmp_path):
    rows = IF.bps_rows()
    rows[0] = ["Tabel 3.1 Menurut Kabupaten/Kota di Provinsi Kalimantan Tengah"]
    rows[2][1] = "Nilai"

    def build(d):
        IF.write_xlsx(d / "tabel.xlsx", rows)
        FF.rkpd(d / "b.xlsx", "KABUPATEN KAPUAS", 1)

    lap, _ = _one(tmp_path, build)
    b = {x.berkas: x for x in lap.berkas}["tabel.xlsx"]
    assert (b.status, b.jenis) == ("perlu --indikator", "tabel BPS")
    assert "names no indicator of the indikator table; not guessed" in b.keterangan[0]
    assert "--indikator 'tabel.xlsx=CODE'" in b.keterangan[1]
    assert not lap.ditulis and not (tmp_path / "paket").exists()
    assert "tabel.xlsx" in lap.alasan
    # named by the mapping file, it imports
    peta = tmp_path / "in" / "indikator_bps.csv"
    peta.write_text("berkas,kode_indikator\ntabel.xlsx,IKU.IPM\n")
    lap = impor_folder(tmp_path / "in", tmp_path / "paket")
    assert lap.ditulis, lap.format()
    entry = {x.berkas: x for x in lap.berkas}
    assert entry["tabel.xlsx"].ditulis == {"realisasi": 75}  # 14 kab/kota + province, 5 years
    assert entry["indikator_bps.csv"].status == "dilewati"
    # or by the option
    lap = impor_folder(tmp_path / "in", tmp_path / "paket2", indikator={"tabel.xlsx": "IKU.TPT"})
    assert set(_csv(tmp_path / "paket2" / "realisasi.csv")["kode_indikator"]) == {"IKU.TPT"}


def test_contract_csv_is_taken_as_its_table(tmp_path):
    def build(d):
        FF.rkpd(d / "a.xlsx", "KABUPATEN KAPUAS", 2)
        pd.DataFrame({"kode_indikator": ["IKU.IPM"], "tahun": ["2024"], "realisasi": ["71,3"],
                      "kode_wilayah": ["62.03"]}).to_csv(d / "realisasi.csv", index=False)

    lap, _ = _one(tmp_path, build)
    entry = {x.berkas: x for x in lap.berkas}
    assert (entry["realisasi.csv"].status, entry["realisasi.csv"].jenis) == (
        "diimpor", "tabel kontrak realisasi")
    assert lap.ditulis
    rea = _csv(tmp_path / "paket" / "realisasi.csv")
    assert rea[["kode_wilayah", "realisasi"]].values.tolist() == [["62.03", "71,3"]]


def test_unclassifiable_files_are_listed_with_reasons_and_do_not_block(tmp_path):
    def build(d):
        FF.rkpd(d / "a.xlsx", "KABUPATEN KAPUAS", 0)
        IF.write_xlsx(d / "catatan.xlsx", [["Notulen rapat"], ["isi", "lain"]])
        (d / "surat.pdf").write_bytes(b"%PDF-1.4")

    lap, _ = _one(tmp_path, build)
    entry = {x.berkas: x for x in lap.berkas}
    cat = entry["catatan.xlsx"]
    assert cat.status == "tidak dikenal"
    text = "\n".join(cat.keterangan)
    assert "SIPD: sheet 'Tabel': no plan header" in text
    assert "kesepakatan: sheet 'Tabel'" in text and "BPS: sheet 'Tabel'" in text
    assert entry["surat.pdf"].status == "tidak dikenal"
    assert "not a spreadsheet (.pdf)" in entry["surat.pdf"].keterangan[0]
    assert lap.hitung("tidak dikenal") == 2 and lap.ditulis
    report = lap.format()
    assert "catatan.xlsx: tidak dikenal" in report and "surat.pdf: tidak dikenal" in report


def test_broken_file_fails_naming_the_file_and_nothing_is_written(tmp_path):
    def build(d):
        FF.rkpd(d / "a.xlsx", "KABUPATEN KAPUAS", 0)
        (d / "rusak.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")

    lap, _ = _one(tmp_path, build)
    entry = {x.berkas: x for x in lap.berkas}
    assert entry["rusak.xlsx"].status == "gagal"
    assert entry["rusak.xlsx"].keterangan[0].startswith("rusak.xlsx: not a readable .xlsx")
    assert not lap.ditulis and not (tmp_path / "paket").exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "in"]  # no temporary folder left either
    assert "NOTHING written" in lap.format() and "rusak.xlsx" in lap.alasan


def test_sipd_sheet_without_metadata_fails_with_the_reason(tmp_path):
    lap, b = _one(tmp_path, lambda d: F.build_workbook(d / "a.xlsx", title=[]))
    assert b.status == "gagal"
    assert "a.xlsx, sheet 'RKPD 2026': --dokumen not given" in b.keterangan[0]
    assert not lap.ditulis


# --- merge, duplicates, validation, --out ----------------------------------------------------
def test_the_same_plan_in_two_files_is_dropped_once_and_reported(tmp_path):
    def build(d):
        FF.rkpd(d / "a.xlsx", "KABUPATEN KAPUAS", 0)
        FF.rkpd(d / "b.xlsx", "KABUPATEN KAPUAS", 3)  # same plan, another layout

    lap, _ = _one(tmp_path, build)
    assert lap.ditulis, lap.format()
    assert len(lap.duplikat) == FF.LINES_PER_PLAN
    assert set(lap.duplikat["berkas"]) == {"b.xlsx"}
    assert lap.duplikat["sama_dengan"].str.startswith("a.xlsx sheet 'RKPD 2026' row ").all()
    assert len(_csv(tmp_path / "paket" / "rencana.csv")) == FF.LINES_PER_PLAN
    assert f"Rows dropped as duplicates of an earlier file: {FF.LINES_PER_PLAN}" in lap.format()


def test_same_key_different_values_is_kept_and_validation_refuses_it(tmp_path):
    rows = F.base_rows()
    rows[4].pagu = 1_250_000_001  # same line, other pagu: not the same row

    def build(d):
        FF.rkpd(d / "a.xlsx", "KABUPATEN KAPUAS", 0)
        F.build_workbook(d / "b.xlsx", rows=rows, total=None)

    lap, _ = _one(tmp_path, build)
    assert len(lap.duplikat) == FF.LINES_PER_PLAN - 1
    assert not lap.ditulis and not (tmp_path / "paket").exists()
    assert lap.validasi is not None and not lap.validasi.ok
    assert "duplicate plan line" in lap.format()
    assert str(tmp_path / "paket") in lap.format()  # the report names --out, not a temp folder


def test_out_is_refused_when_not_empty_unless_forced(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    FF.rkpd(src / "a.xlsx", "KABUPATEN KAPUAS", 0)
    out = tmp_path / "paket"
    out.mkdir()
    (out / "lama.txt").write_text("x")
    with pytest.raises(ImporFolderError, match="not empty; give --force"):
        impor_folder(src, out)
    assert impor_folder(src, out, force=True).ditulis
    assert not (out / "lama.txt").exists() and (out / "rencana.csv").is_file()
    with pytest.raises(ImporFolderError, match="inside the folder being imported"):
        impor_folder(src, src / "paket")
    with pytest.raises(ImporFolderError, match="not a folder"):
        impor_folder(tmp_path / "tidak-ada", tmp_path / "p")


def test_cli_prints_the_report_and_exits_1_when_nothing_is_written(tmp_path):
    from typer.testing import CliRunner

    from workbench.cli import app

    src = tmp_path / "in"
    src.mkdir()
    FF.rkpd(src / "a.xlsx", "KABUPATEN KAPUAS", 0)
    res = CliRunner().invoke(app, ["import", str(src), "--out", str(tmp_path / "p")])
    assert res.exit_code == 0, res.output
    assert "a.xlsx: diimpor as rencana RKPD" in res.output
    assert f"Package written to {tmp_path / 'p'}" in res.output
    (src / "rusak.xlsx").write_bytes(b"no")
    res = CliRunner().invoke(app, ["import", str(src), "--out", str(tmp_path / "q")])
    assert res.exit_code == 1 and "rusak.xlsx: gagal" in res.output
    res = CliRunner().invoke(app, ["import", str(src), "--out", str(tmp_path / "q"),
                                   "--indikator", "tanpa-kode"])
    assert res.exit_code == 2 and "expected FILE=CODE" in res.output


# --- end to end ------------------------------------------------------------------------------
def test_folder_of_15_rkpd_kesepakatan_and_bps_becomes_a_valid_package(tmp_path):
    FF.build_folder(tmp_path / "in")
    lap = impor_folder(tmp_path / "in", tmp_path / "paket")
    assert lap.ditulis, lap.format()
    assert lap.hitung("diimpor") == 17 and len(lap.berkas) == 17
    assert lap.tabel == {"wilayah": 15, "indikator": 24, "rencana": 15 * FF.LINES_PER_PLAN,
                         "realisasi": 75, "kesepakatan": 8}
    ren = _csv(tmp_path / "paket" / "rencana.csv")
    assert sorted(set(ren["kode_wilayah"])) == sorted(k for k, _ in FF.PEMERINTAH)
    from workbench.contract import validate_path

    assert validate_path(tmp_path / "paket").ok  # what `workbench validate` checks


@pytest.mark.slow
def test_folder_import_then_one_brief(tmp_path):
    from workbench.briefs import run_briefs

    FF.build_folder(tmp_path / "in")
    lap = impor_folder(tmp_path / "in", tmp_path / "paket")
    assert lap.ditulis, lap.format()
    result = run_briefs(data=tmp_path / "paket", tahun=2026, wilayah=["62.06"], jobs=1,
                        out=tmp_path / "out", progress=False)
    assert result.exit_code == 0, result.ringkasan()
    page = (tmp_path / "out" / "2026" / "62.06-katingan.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "Brief Sinkronisasi Perencanaan: Kab. Katingan" in text
    # Katingan's RKPD holds 1.02.02.2.02.0001 (Rp 325.750.000), one of its 4 agreed sub kegiatan
    assert "Sub kegiatan disepakati yang ada di RKPD (1 dari 4)" in text
    assert "Rp 325,8 juta Pagu RKPD pada sub kegiatan yang disepakati" in text


# --- the wilayah matcher the SIPD title detection shares with the importers -------------------
def test_disebut_names_governments_in_a_title_line_with_how():
    from workbench.reference import load_wilayah
    from workbench.wilayah_nama import PencocokWilayah

    p = PencocokWilayah(load_wilayah())
    assert p.disebut("RKPD KOTA PALANGKA RAYA TAHUN 2026") == [("62.71", "awalan")]
    assert p.disebut("Bappeda, Jl. Diponegoro, Palangkaraya") == [("62.71", "nama")]
    assert p.disebut("RENJA DINKES KAB. KOTA WARINGIN TIMUR") == [("62.02", "awalan")]
    assert p.disebut("RKPD KOTIM 2026") == [("62.02", "singkatan")]
    assert p.disebut("PEMERINTAH PROVINSI KALIMANTAN TENGAH (KALTENG)") == [
        ("62", "awalan"), ("62", "singkatan")]
    assert p.disebut("Kabupaten Barito") == []  # a stem alone names no government


def test_sipd_title_detection_reads_the_matchers_abbreviations():
    from workbench.sipd import _deteksi_wilayah

    assert _deteksi_wilayah([("title row 1", "RKPD KABUPATEN GUMAS TAHUN 2026")])[0] == "62.10"
    assert _deteksi_wilayah([("title row 1", "RKPD KALTENG TAHUN 2026")])[0] == "62"
    kode, why = _deteksi_wilayah([("title row 1", "RKPD KOBAR DAN KOTIM 2026")])
    assert kode is None and "names several governments" in why


def test_tahun_serves_a_kesepakatan_whose_title_names_no_year(tmp_path):
    def build(d):
        IF.kes_workbook(d / "k.xlsx", IF.kes_rows(), title=("KESEPAKATAN HASIL RAKORTEKBANG",))

    lap, b = _one(tmp_path, build)
    assert b.status == "gagal" and b.keterangan[0].startswith("k.xlsx")
    assert not lap.ditulis
    lap = impor_folder(tmp_path / "in", tmp_path / "paket", tahun=2026)
    assert lap.ditulis and lap.berkas[0].ditulis == {"kesepakatan": 8}
    assert set(_csv(tmp_path / "paket" / "kesepakatan.csv")["tahun"]) == {"2026"}


def test_detail_appends_each_importers_report(tmp_path):
    lap, _ = _one(tmp_path, lambda d: FF.bps(d / "ipm.xlsx"))
    assert "--- ipm.xlsx ---" not in lap.format()
    detail = lap.format(rinci=True)
    assert "--- ipm.xlsx ---" in detail and "realisasi rows written: 75" in detail
