"""Tests of the SIPD-style Excel importer (workbench.sipd) and its CLI command.

Every workbook is built in tmp_path by tests/sipd_fixtures.py; the expected lines and sums
are written out by hand (the sums are in the fixture module's docstring).
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
import sipd_fixtures as F
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from workbench import parse
from workbench.cli import app
from workbench.sipd import (
    RENCANA_COLUMNS,
    SipdImportError,
    angka_teks,
    baca_angka,
    baca_target,
    import_sipd,
    kode_terdekat,
    peran_kolom,
    write_rencana,
)

DIK, KES = F.PD_DIKBUD, F.PD_DINKES
APM_SD = "Angka Partisipasi Murni (APM) SD/MI/sederajat"
APM_SMP = "Angka Partisipasi Murni (APM) SMP/MTs/sederajat"
SALIN = "Persentase persalinan di fasilitas pelayanan kesehatan"
BUMIL = "Persentase Ibu Hamil yang Mendapat Pelayanan Kesehatan Sesuai Standar"
IND_SD = "Jumlah Satuan Pendidikan SD yang Dikelola"
RKB = "Jumlah Ruang Kelas Baru yang Dibangun"
BOS1, BOS2 = "Jumlah Sekolah Penerima Dana BOS", "Jumlah Laporan Pengelolaan Dana BOS"
BOS3 = "Persentase Sekolah yang Melaporkan Dana BOS Tepat Waktu"
IBU = "Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan Sesuai Standar"
BALITA = "Jumlah Balita yang Mendapatkan Pelayanan Kesehatan Sesuai Standar"
NAN = float("nan")

# (perangkat_daerah, kode_nomenklatur, uraian_indikator, target, satuan, pagu) of the base plan
# typed as text: units typed into the target move into satuan; pagu only on the first line
# of each sub kegiatan.
EXPECTED_TEXT = [
    (DIK, "1.01.02", APM_SD, "97,5", "%", NAN),
    (DIK, "1.01.02", APM_SMP, "82,25", "%", NAN),
    (DIK, "1.01.02.2.01", IND_SD, "215", "Unit", NAN),
    (DIK, "1.01.02.2.01.0047", RKB, "12", "Unit", 1_250_000_000.0),
    (DIK, "1.01.02.2.01.0029", BOS1, "215", "Unit", 650_500_000.0),
    (DIK, "1.01.02.2.01.0029", BOS2, "4", "Laporan", NAN),
    (DIK, "1.01.02.2.01.0029", BOS3, "100", "%", NAN),
    (KES, "1.02.02", SALIN, "≥ 95", "%", NAN),
    (KES, "1.02.02.2.02", BUMIL, "100", "%", NAN),
    (KES, "1.02.02.2.02.0001", IBU, "4.250", "Orang", 325_750_000.0),
    (KES, "1.02.02.2.02.0004", BALITA, "14.100", "Orang", 210_000_000.0),
]
# The same plan with real numbers in the cells: a number is written back as Indonesian text
# without thousands separators (4250.0 → "4250"); a cell with two targets stays text.
EXPECTED_REAL = [
    (pd_, k, i, {"4.250": "4250", "14.100": "14100"}.get(t, t), s, p)
    for pd_, k, i, t, s, p in EXPECTED_TEXT
]


def lines(result) -> list[tuple]:
    cols = ["perangkat_daerah", "kode_nomenklatur", "uraian_indikator", "target", "satuan", "pagu"]
    return [tuple(r) for r in result.rencana[cols].itertuples(index=False)]


def assert_lines(got: list[tuple], expected: list[tuple]) -> None:
    assert len(got) == len(expected), (got, expected)
    for g, e in zip(got, expected, strict=True):
        assert g[:5] == e[:5]
        assert (math.isnan(g[5]) and math.isnan(e[5])) or g[5] == e[5], (g, e)


def imp(path: Path, **kw):
    kw.setdefault("wilayah", "62.03")
    kw.setdefault("dokumen", "RKPD")
    kw.setdefault("tahun", 2026)
    return import_sipd(path, **kw)


# --- the base plan in several layouts ------------------------------------------------------
def test_sipd_two_row_header_text_numbers(tmp_path):
    res = imp(F.build_workbook(tmp_path / "kapuas.xlsx"))
    assert list(res.rencana.columns) == list(RENCANA_COLUMNS)
    assert_lines(lines(res), EXPECTED_TEXT)
    r = res.rencana
    assert set(r["kode_wilayah"]) == {"62.03"} and set(r["dokumen"]) == {"RKPD"}
    assert set(r["tahun"]) == {2026} and set(r["kode_indikator"]) == {""}
    # 1.250.000.000 + 650.500.000 + 325.750.000 + 210.000.000
    assert r["pagu"].sum() == 2_436_250_000
    lap = res.laporan
    assert lap.sheet == "RKPD 2026"
    assert lap.baris_header == (4, 5) and lap.baris_nomor_kolom == 6
    # title 3 rows, header rows 4-5, column numbers row 6, plan rows 7-18, JUMLAH 19,
    # blank 20, signature 21-27 → rows read 7..27 = 21
    assert lap.baris_dibaca == 21
    assert lap.dibaca_per_tingkat == {
        "urusan": 1,
        "bidang": 2,
        "program": 2,
        "kegiatan": 2,
        "sub_kegiatan": 4,
    }
    assert lap.ditulis == {"program": 3, "kegiatan": 2, "sub_kegiatan": 6}
    assert len(lap.baris) == lap.baris_dibaca  # every row accounted for
    skipped = dict(zip(lap.dilewati["baris"], lap.dilewati["alasan"], strict=True))
    assert sorted(skipped) == [19, 20, 21, 22, 23, 24, 25, 26, 27]
    assert "total row" in skipped[19] and skipped[20] == "blank row"
    assert "Mengetahui" in skipped[22] and "NIP" in skipped[27]
    tot = lap.total_lembar
    assert tot[["baris", "total_lembar", "pagu_dibaca", "selisih"]].values.tolist() == [
        [19, 2_436_250_000, 2_436_250_000, 0]
    ]
    assert lap.subtotal.empty and lap.tidak_cocok.empty and lap.kode_tidak_dikenal.empty
    assert lap.level_tidak_sesuai.empty and lap.target_bukan_angka.empty
    # the Prakiraan Maju columns are recognised and not imported
    roles = dict(zip(lap.kolom["kolom"], lap.kolom["peran"], strict=True))
    assert roles["E"] == "target" and roles["F"] == "pagu"
    assert roles["I"] == "maju_target" and roles["J"] == "maju_pagu"
    text = lap.format()
    assert "agrees" in text and "lines written: 11 (program 3, kegiatan 2, sub_kegiatan 6)" in text


def test_sipd_three_row_header_real_numbers_no_column_numbers(tmp_path):
    path = F.build_workbook(
        tmp_path / "a.xlsx",
        layout=F.LAYOUT_3ROW,
        header_rows=3,
        column_numbers=False,
        numbers="real",
    )
    res = imp(path)
    assert_lines(lines(res), EXPECTED_REAL)
    assert res.rencana["pagu"].sum() == 2_436_250_000
    assert res.laporan.baris_header == (4, 6) and res.laporan.baris_nomor_kolom is None
    roles = dict(zip(res.laporan.kolom["peran"], res.laporan.kolom["kolom"], strict=False))
    assert roles["satuan"] == "F" and roles["pd"] == "K" and roles["maju_pagu"] == "J"
    assert res.laporan.total_lembar["selisih"].tolist() == [0]


def test_sipd_other_column_order_one_row_header(tmp_path):
    path = F.build_workbook(
        tmp_path / "a.xlsx",
        layout=F.LAYOUT_SHUFFLED,
        header_rows=1,
        column_numbers=True,
        numbers="text",
    )
    res = imp(path)
    assert_lines(lines(res), EXPECTED_TEXT)  # satuan from its own column this time
    assert res.laporan.baris_header == (4, 4)
    roles = dict(zip(res.laporan.kolom["kolom"], res.laporan.kolom["peran"], strict=True))
    assert roles == {
        "A": "pd",
        "B": "maju_pagu",
        "C": "maju_target",
        "D": "pagu",
        "E": "satuan",
        "F": "target",
        "G": "indikator",
        "H": "uraian",
        "I": "kode",
    }


def test_sipd_dirty_codes_are_normalised(tmp_path):
    dirty = {
        "1.01.02": " 1.01. 02 ",
        "1.01.02.2.01.0047": "'1.01.02.2.01.47",  # apostrophe and 2-digit suffix
        "1.02.02.2.02.0004": "1.02.02.2.02.04 ",
        "1.02.02.2.02": "1.02.02.2.02.",
    }
    res = imp(F.build_workbook(tmp_path / "a.xlsx", code_style=dirty))
    assert_lines(lines(res), EXPECTED_TEXT)


def test_sipd_kode_split_over_several_columns(tmp_path):
    # SIPD sometimes prints the code in 5 merged "Kode" columns: 1 | 01 | 02 | 2.01 | 0047
    layout = [
        ("k1", ("Kode",)),
        ("k2", ("Kode",)),
        ("k3", ("Kode",)),
        ("k4", ("Kode",)),
        ("k5", ("Kode",)),
    ] + F.LAYOUT_SIPD_2ROW[1:]
    wb = Workbook()
    ws = wb.active
    F.write_header(ws, 1, layout, 2)
    ws.merge_cells("A1:E2")
    data = [
        ("1", "01", "02", "", "", "PROGRAM PENGELOLAAN PENDIDIKAN", APM_SD, "97,5 %", "", DIK),
        (
            "1",
            "01",
            "02",
            "2.01",
            "",
            "Pengelolaan Pendidikan Sekolah Dasar",
            IND_SD,
            "215 Unit",
            "",
            "",
        ),
        (
            "1",
            "01",
            "02",
            "2.01",
            "0047",
            "Pembangunan Ruang Kelas Baru",
            RKB,
            "12 Unit",
            "1.250.000.000,00",
            "",
        ),
    ]
    for i, (a, b, c, d, e, u, ind, t, p, pd_) in enumerate(data, start=3):
        for j, v in enumerate([a, b, c, d, e, u, ind, "", t, p], start=1):
            if v:
                ws.cell(i, j, v)
        if pd_:
            ws.cell(i, 15, pd_)
    wb.save(tmp_path / "a.xlsx")
    res = imp(tmp_path / "a.xlsx")
    assert_lines(
        lines(res),
        [
            (DIK, "1.01.02", APM_SD, "97,5", "%", NAN),
            (DIK, "1.01.02.2.01", IND_SD, "215", "Unit", NAN),
            (DIK, "1.01.02.2.01.0047", RKB, "12", "Unit", 1_250_000_000.0),
        ],
    )


# --- totals and subtotals --------------------------------------------------------------------
def test_sipd_total_row_that_disagrees(tmp_path):
    res = imp(F.build_workbook(tmp_path / "a.xlsx", total=2_500_000_000, total_label="TOTAL"))
    tot = res.laporan.total_lembar.iloc[0]
    # 2.500.000.000 − 2.436.250.000 = 63.750.000 (the sheet is higher)
    assert tot["selisih"] == 63_750_000 and tot["label"] == "TOTAL"
    text = res.laporan.format()
    assert "DIFFERS" in text and "Rp 63.750.000 higher" in text


def test_sipd_subtotal_mismatch_is_reported(tmp_path):
    rows = F.base_rows()
    rows[3].pagu = 2_000_000_000  # kegiatan 1.01.02.2.01, children sum 1.900.500.000
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    sub = res.laporan.subtotal
    # 2.000.000.000 − (1.250.000.000 + 650.500.000) = 99.500.000
    assert sub[
        ["baris", "kode", "tingkat", "pagu_lembar", "jumlah_sub_kegiatan", "selisih"]
    ].values.tolist() == [
        [10, "1.01.02.2.01", "kegiatan", 2_000_000_000, 1_900_500_000, 99_500_000]
    ]
    assert res.rencana["pagu"].sum() == 2_436_250_000  # subtotals never imported
    assert "row 10 kegiatan 1.01.02.2.01" in res.laporan.format()


def test_sipd_no_total_row(tmp_path):
    res = imp(F.build_workbook(tmp_path / "a.xlsx", total=None, signature=False))
    assert res.laporan.total_lembar.empty
    assert "no JUMLAH/TOTAL row" in res.laporan.format()
    assert res.laporan.dilewati.empty


# --- indicators and targets -------------------------------------------------------------------
def test_sipd_indicator_target_count_mismatch_is_reported_not_guessed(tmp_path):
    rows = F.base_rows()
    rows[5].target = rows[5].target[:1]  # BOS: 2 indicators, 1 target
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    bos = res.rencana[res.rencana["kode_nomenklatur"] == "1.01.02.2.01.0029"]
    assert bos["uraian_indikator"].tolist() == [BOS1, BOS2, BOS3]
    assert bos["target"].tolist() == ["", "", "100"]
    assert bos["pagu"].iloc[0] == 650_500_000  # pagu still on the first line
    tc = res.laporan.tidak_cocok
    assert tc[["baris", "kode", "kolom", "jumlah_indikator", "jumlah_nilai"]].values.tolist() == [
        [12, "1.01.02.2.01.0029", "target", 2, 1]
    ]


def test_sipd_qualitative_target_kept_and_reported(tmp_path):
    rows = F.base_rows()
    rows[3].target = [F.Target(0, "Baik", "Predikat")]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows, layout=F.LAYOUT_3ROW, header_rows=3))
    line = res.rencana[res.rencana["kode_nomenklatur"] == "1.01.02.2.01"].iloc[0]
    assert (line["target"], line["satuan"]) == ("Baik", "Predikat")
    assert res.laporan.target_bukan_angka["target"].tolist() == ["Baik"]


# --- codes vs the nomenclature and the level of government ------------------------------------
def test_sipd_unknown_code_nearest(tmp_path):
    rows = F.base_rows()
    rows[4].kode = "1.01.02.2.01.0074"  # not in the nomenclature; name = 0047's name
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    u = res.laporan.kode_tidak_dikenal
    assert u["kode"].tolist() == ["1.01.02.2.01.0074"]
    assert u["kode_terdekat"].iloc[0] == "1.01.02.2.01.0047"
    assert u["kemiripan_nama"].iloc[0] == 1.0
    assert "nearest 1.01.02.2.01.0047 'Pembangunan Ruang Kelas Baru'" in res.laporan.format()


def test_sipd_penunjang_code_is_known_in_every_bidang(tmp_path):
    # X.XX.01 (Program Penunjang Urusan Pemerintahan Daerah) is listed once for every bidang
    rows = F.base_rows()
    rows[4].kode = "1.01.01.2.01.0001"
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    assert res.laporan.kode_tidak_dikenal.empty, res.laporan.format()
    rows[4].kode = "1.01.01.2.01.0999"  # not in X.XX.01.2.01: still unknown
    res = imp(F.build_workbook(tmp_path / "b.xlsx", rows=rows))
    assert res.laporan.kode_tidak_dikenal["kode"].tolist() == ["1.01.01.2.01.0999"]


def test_kode_terdekat_without_name_uses_code_only():
    from workbench.reference import load_nomenklatur

    k, u, rk, rn = kode_terdekat("1.01.02.2.01.0048", "sub_kegiatan", "", load_nomenklatur())
    assert k == "1.01.02.2.01.0048" and rk == 1.0 and math.isnan(rn)
    k, *_ = kode_terdekat("9.99.99", "program", "", load_nomenklatur())
    assert parse.code_tingkat(k) == "program"


def test_sipd_level_digit_vs_government(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx")
    # the base plan uses level-2 codes: right for Kapuas, wrong for the province (62)
    assert imp(path).laporan.level_tidak_sesuai.empty
    lv = imp(path, wilayah="62").laporan.level_tidak_sesuai
    assert lv["kode"].tolist() == [
        "1.01.02.2.01",
        "1.01.02.2.01.0047",
        "1.01.02.2.01.0029",
        "1.02.02.2.02",
        "1.02.02.2.02.0001",
        "1.02.02.2.02.0004",
    ]
    assert set(lv["level"]) == {2} and set(lv["level_diharapkan"]) == {1}


# --- sheets and tables --------------------------------------------------------------------------
def test_sipd_plan_on_second_sheet(tmp_path):
    path = F.build_workbook(
        tmp_path / "a.xlsx",
        before_sheets=[
            ("Sampul", [["RKPD KABUPATEN KAPUAS TAHUN 2026"], ["Disusun oleh BAPPERIDA"]])
        ],
    )
    res = imp(path)
    assert res.laporan.sheet == "RKPD 2026"
    assert_lines(lines(res), EXPECTED_TEXT)
    notes = " ".join(res.laporan.sheet_lain)
    assert (
        "first plan-like sheet of 2" in notes and "'Sampul' not imported: no plan header" in notes
    )
    with pytest.raises(SipdImportError, match=r"a\.xlsx, sheet 'Sampul': not an RKPD/Renja"):
        imp(path, sheet="Sampul")
    with pytest.raises(SipdImportError, match=r"no sheet named 'Lain'.*'Sampul', 'RKPD 2026'"):
        imp(path, sheet="Lain")
    assert imp(path, sheet="RKPD 2026").rencana.shape == (11, 10)


def test_sipd_not_a_plan(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    for row in [
        ["DAFTAR PEGAWAI"],
        [],
        ["No", "Nama", "NIP", "Jabatan"],
        [1, "Budi", "19800101 200501 1 001", "Staf"],
    ]:
        ws.append(row)
    wb.save(tmp_path / "pegawai.xlsx")
    with pytest.raises(SipdImportError) as ei:
        imp(tmp_path / "pegawai.xlsx")
    msg = str(ei.value)
    assert "pegawai.xlsx" in msg and "'Pegawai' (no plan header)" in msg and "'Kode'" in msg


def test_sipd_header_without_target_column(tmp_path):
    layout = [r for r in F.LAYOUT_SIPD_2ROW if r[0] != "target"]
    path = F.build_workbook(tmp_path / "a.xlsx", layout=layout)
    with pytest.raises(SipdImportError, match="lacks target"):
        imp(path)
    with pytest.raises(SipdImportError, match=r"header at row 4 has no target column"):
        imp(path, sheet="RKPD 2026")


def test_sipd_second_table_with_other_columns_is_not_imported(tmp_path):
    wb_path = F.build_workbook(tmp_path / "a.xlsx", signature=False)
    from openpyxl import load_workbook

    wb = load_workbook(wb_path)
    ws = wb["RKPD 2026"]
    # table 1 ends with JUMLAH on row 19; a Form-1 style table from row 22
    ws.cell(21, 1, "Tabel 5.2 Konsistensi RPJMD dan RKPD")
    other = [
        ("kode", ("Kode",)),
        ("uraian", ("Program",)),
        ("indikator", ("Indikator RPJMD",)),
        ("target", ("Target RPJMD",)),
        ("x", ("Indikator RKPD",)),
        ("y", ("Target RKPD",)),
    ]
    F.write_header(ws, 22, other, 1)
    ws.cell(23, 1, "1.01.02")
    ws.cell(23, 2, "PROGRAM PENGELOLAAN PENDIDIKAN")
    ws.cell(23, 3, APM_SD)
    ws.cell(23, 4, "97,5")
    wb.save(wb_path)
    res = imp(wb_path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert any(
        "second table with different columns starts at row 22" in t for t in res.laporan.tabel_lain
    )
    skipped = dict(zip(res.laporan.dilewati["baris"], res.laporan.dilewati["alasan"], strict=True))
    assert "second table" in skipped[22] and "second table" in skipped[23]
    assert "signature block or text after the table" in skipped[21]


def test_sipd_second_table_with_same_header_is_imported(tmp_path):
    sosial = [
        F.Baris("1.06", "URUSAN PEMERINTAHAN BIDANG SOSIAL", pagu=180_000_000),
        F.Baris(
            "1.06.04",
            "PROGRAM REHABILITASI SOSIAL",
            ["Persentase PMKS yang Memperoleh Rehabilitasi Sosial Dasar"],
            [F.Target(60, "60", "%")],
            pagu=180_000_000,
            pd="Dinas Sosial",
        ),
        F.Baris(
            "1.06.04.2.01.0001",
            "Penyediaan Permakanan",
            ["Jumlah Penyandang Disabilitas yang Mendapat Permakanan"],
            [F.Target(300, "300", "Orang")],
            pagu=180_000_000,
        ),
    ]
    path = F.build_workbook(tmp_path / "a.xlsx", signature=False)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    F.write_table(ws, 22, sosial, total=180_000_000)  # same header rows 22-23, numbers 24
    wb.save(path)
    res = imp(path)
    assert_lines(
        lines(res),
        EXPECTED_TEXT
        + [
            (
                "Dinas Sosial",
                "1.06.04",
                "Persentase PMKS yang Memperoleh Rehabilitasi Sosial Dasar",
                "60",
                "%",
                NAN,
            ),
            (
                "Dinas Sosial",
                "1.06.04.2.01.0001",
                "Jumlah Penyandang Disabilitas yang Mendapat Permakanan",
                "300",
                "Orang",
                180_000_000.0,
            ),
        ],
    )
    # 2.436.250.000 + 180.000.000 = 2.616.250.000; each JUMLAH checks its own block
    assert res.rencana["pagu"].sum() == 2_616_250_000
    assert res.laporan.total_lembar["selisih"].tolist() == [0, 0]
    assert res.laporan.total_lembar["pagu_dibaca"].tolist() == [2_436_250_000, 180_000_000]
    assert any("same columns at row 22" in t for t in res.laporan.tabel_lain)


def test_sipd_pd_heading_rows_and_title_pd(tmp_path):
    rows = [F.Baris(b.kode, b.uraian, b.indikator, b.target, b.pagu) for b in F.base_rows()]
    rows.insert(7, F.Baris("", "DINAS KESEHATAN"))  # a heading row before bidang 1.02
    title = ["RENJA PERANGKAT DAERAH", "Perangkat Daerah : Dinas Pendidikan dan Kebudayaan", ""]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows, title=title), dokumen="renja")
    assert res.rencana["perangkat_daerah"].tolist() == [DIK] * 7 + ["DINAS KESEHATAN"] * 4
    assert set(res.rencana["dokumen"]) == {"RENJA"}
    assert (res.laporan.baris["jenis"] == "perangkat_daerah").sum() == 1


# --- options --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kw", "pesan"),
    [
        ({"wilayah": "62.3"}, "--wilayah '62.3'"),
        ({"wilayah": "6203"}, "--wilayah '6203'"),
        ({"dokumen": "APBD"}, "--dokumen 'APBD'"),
        ({"tahun": 26}, "--tahun 26"),
    ],
)
def test_sipd_bad_options(tmp_path, kw, pesan):
    path = F.build_workbook(tmp_path / "a.xlsx")
    with pytest.raises(SipdImportError, match=pesan.replace("(", r"\(")):
        imp(path, **kw)


def test_sipd_unreadable_files(tmp_path):
    with pytest.raises(SipdImportError, match="file not found"):
        imp(tmp_path / "nope.xlsx")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SipdImportError, match=r"\.xls format"):
        imp(tmp_path / "old.xls")
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(SipdImportError, match="not a readable .xlsx"):
        imp(tmp_path / "bad.xlsx")


# --- writing and the CLI -------------------------------------------------------------------------
def test_write_rencana_csv_and_xlsx(tmp_path):
    res = imp(F.build_workbook(tmp_path / "a.xlsx"))
    out = write_rencana(res, tmp_path / "rencana.csv")
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(back.columns) == list(RENCANA_COLUMNS)
    assert back["pagu"].tolist() == [
        "",
        "",
        "",
        "1250000000",
        "650500000",
        "",
        "",
        "",
        "",
        "325750000",
        "210000000",
    ]
    assert back["target"].tolist()[:2] == ["97,5", "82,25"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    x = write_rencana(res, tmp_path / "rencana.xlsx")
    assert pd.read_excel(x, sheet_name="rencana", dtype=str).shape == (11, 10)
    with pytest.raises(SipdImportError, match="does not exist"):
        write_rencana(res, tmp_path / "no" / "r.csv")


def test_cli_import_sipd(tmp_path):
    path = F.build_workbook(tmp_path / "kapuas.xlsx")
    out = tmp_path / "rencana.csv"
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "import-sipd",
            str(path),
            "--wilayah",
            "62.03",
            "--dokumen",
            "RKPD",
            "--tahun",
            "2026",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    assert "lines written: 11" in res.output and "agrees" in res.output
    assert "wrote 11 rencana lines" in res.output
    assert len(pd.read_csv(out, dtype=str)) == 11


def test_cli_import_sipd_user_error_writes_nothing(tmp_path):
    wb = Workbook()
    wb.active.append(["bukan rencana"])
    wb.save(tmp_path / "x.xlsx")
    out = tmp_path / "rencana.csv"
    res = CliRunner().invoke(
        app,
        [
            "import-sipd",
            str(tmp_path / "x.xlsx"),
            "--wilayah",
            "62.03",
            "--dokumen",
            "RKPD",
            "--tahun",
            "2026",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 2
    assert "error: x.xlsx" in res.output and "Traceback" not in res.output
    assert not out.exists()


# --- the imported lines pass the contract ---------------------------------------------------
def test_sipd_lines_pass_contract_validation(tmp_path):
    contract = pytest.importorskip("workbench.contract")
    from workbench.reference import load_indikator_referensi, load_wilayah

    res = imp(F.build_workbook(tmp_path / "kapuas.xlsx"))
    pkg = tmp_path / "paket"
    pkg.mkdir()
    w = load_wilayah()[["kode", "kode_bps", "nama", "jenis", "ibukota", "luas_km2", "penduduk"]]
    w.to_csv(pkg / "wilayah.csv", index=False)
    ind = load_indikator_referensi()
    ind.to_csv(pkg / "indikator.csv", index=False)
    write_rencana(res, pkg / "rencana.csv")
    pd.DataFrame(
        {
            "kode_wilayah": ["62.03"],
            "kode_indikator": [ind["kode_indikator"].iloc[0]],
            "tahun": [2024],
            "realisasi": ["74,1"],
        }
    ).to_csv(pkg / "realisasi.csv", index=False)
    pd.DataFrame(
        {
            "tahun": [2026],
            "kode_indikator": ["1.01.APM_SD"],
            "kode_sub_kegiatan": ["1.01.02.2.01.0047"],
            "kode_wilayah": ["62.03"],
        }
    ).to_csv(pkg / "kesepakatan.csv", index=False)
    lap = contract.validate_path(pkg)
    errors = lap.masalah[lap.masalah["tingkat"] == "error"]
    assert errors.empty, lap.format()


# --- property tests: the importer's cell readers --------------------------------------------
def id_format(x: int, frac: str) -> str:
    """Indonesian text of an integer part and decimal digits: 1250000, "5" → 1.250.000,5."""
    whole = f"{x:,}".replace(",", ".")
    return whole + ("," + frac if frac else "")


@given(
    st.integers(min_value=0, max_value=10**13),
    st.sampled_from(["", "0", "00", "5", "25"]),
    st.sampled_from(["", "Rp ", "Rp. ", "Rp"]),
)
def test_baca_angka_reads_indonesian_text(x, frac, rp):
    text = rp + id_format(x, frac)
    expected = float(f"{x}.{frac}") if frac else float(x)
    assert baca_angka(text) == pytest.approx(expected, rel=1e-15)


@given(
    st.one_of(
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    )
)
def test_baca_angka_reads_real_numbers_unchanged(x):
    assert baca_angka(x) == float(x)


@given(st.floats(min_value=0, max_value=1e9, allow_nan=False))
def test_angka_teks_round_trips_through_the_parser(x):
    # a real number in a target cell is written as text the contract reads back exactly
    text, unit = baca_target(x)
    assert unit == "" and "." not in text
    t = parse.parse_target(text)
    assert (t.bawah, t.atas) == (x, x)
    assert parse.parse_angka(angka_teks(x)) == x


@given(
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(["", "5", "25"]),
    st.sampled_from(["%", "Unit", "Orang", "Dokumen", "Km", "Ha", "m2", "ton GKG"]),
    st.sampled_from(["", " "]),
    st.sampled_from(["", "≥ ", "≤ ", ">= ", "min. ", "maks "]),
)
def test_baca_target_moves_the_unit(x, frac, unit, gap, cmp_):
    number = id_format(x, frac)
    text, sat = baca_target(f"{cmp_}{number}{gap}{unit}")
    assert (text, sat) == (cmp_ + number, unit)
    t = parse.parse_target(text)
    value = float(f"{x}.{frac}") if frac else float(x)
    assert value in (t.bawah, t.atas)


@given(
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=99),
    st.sampled_from(["–", "-", " - ", " – "]),
)
def test_baca_target_keeps_ranges_as_written(a, b, sep):
    raw = f"{a},11{sep}{b},66 %"
    text, sat = baca_target(raw)
    assert (text, sat) == (f"{a},11{sep}{b},66", "%")


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=5 * 10**12), min_size=4, max_size=4),
    st.sampled_from(["text", "real"]),
)
def test_importer_pagu_sum_matches_generated_values(tmp_path_factory, sen, numbers):
    # pagu in whole sen (1/100 rupiah): 1.234.567,89 as text or 1234567.89 as a real cell
    pagu = [c / 100 for c in sen]
    rows = F.base_rows()
    subs = [b for b in rows if b.kode.count(".") == 5]
    for b, p in zip(subs, pagu, strict=True):
        b.pagu = p
    path = tmp_path_factory.mktemp("p") / "a.xlsx"
    F.build_workbook(path, rows=rows, numbers=numbers, total=sum(pagu), signature=False)
    res = imp(path)
    got = res.rencana.dropna(subset=["pagu"])
    assert got["pagu"].tolist() == pagu
    assert abs(res.laporan.total_lembar["selisih"].iloc[0]) < 0.01
    assert "agrees" in res.laporan.format()


def test_peran_kolom_synonyms():
    assert peran_kolom("Target Capaian\nKinerja") == "target"
    assert peran_kolom("PAGU INDIKATIF (Rp)") == "pagu"
    assert peran_kolom("Sumber  Dana") == "sumber"
    assert peran_kolom("Indikator Kinerja Program (Outcome)/Kegiatan (Output)") == "indikator"
    assert peran_kolom("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan") == "uraian"
    assert peran_kolom("SKPD") == "pd" and peran_kolom("Perangkat\nDaerah") == "pd"
    assert peran_kolom("Catatan Penting") == "catatan" and peran_kolom("Lokasi") == "lokasi"
    assert peran_kolom("Nama Pegawai") is None


# --- rows that look alike ------------------------------------------------------------------------
def test_sipd_continuation_indicator_starting_with_jumlah_is_not_a_total(tmp_path):
    rows = F.base_rows()
    rows[6].indikator = ["Jumlah Siswa Penerima Dana BOS"]
    rows[6].target = [F.Target(18_500, "18.500", "Orang")]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    bos = res.rencana[res.rencana["kode_nomenklatur"] == "1.01.02.2.01.0029"]
    assert bos["uraian_indikator"].tolist()[2] == "Jumlah Siswa Penerima Dana BOS"
    assert (bos["target"].tolist()[2], bos["satuan"].tolist()[2]) == ("18.500", "Orang")
    assert res.laporan.total_lembar["baris"].tolist() == [19]


def test_sipd_signature_in_indicator_column_without_total_row(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx", total=None, signature=False)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    for i, text in enumerate(["Kuala Kapuas, 15 Mei 2025", "Mengetahui,", "Kepala Bappeda"]):
        ws.cell(20 + i, 3, text)  # column C holds the indicators
    wb.save(path)
    res = imp(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    reasons = res.laporan.dilewati["alasan"].tolist()
    assert len(reasons) == 4 and reasons[0] == "blank row"
    assert all("signature block" in t for t in reasons[1:])


def test_sipd_pd_cell_merged_down(tmp_path):
    rows = [F.Baris(b.kode, b.uraian, b.indikator, b.target, b.pagu) for b in F.base_rows()]
    path = F.build_workbook(tmp_path / "a.xlsx", rows=rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    ws.cell(9, 11, "Dinas Pendidikan")  # programme 1.01.02 (row 9) …
    ws.merge_cells("K9:K13")  # … down to the continuation row 13
    ws.cell(15, 11, "Dinas Kesehatan")
    ws.merge_cells("K15:K16")  # programme and kegiatan only; the sub kegiatan inherit
    wb.save(path)
    res = imp(path)
    assert (
        res.rencana["perangkat_daerah"].tolist()
        == ["Dinas Pendidikan"] * 7 + ["Dinas Kesehatan"] * 4
    )


def test_sipd_title_year_differs_from_tahun(tmp_path):
    res = imp(F.build_workbook(tmp_path / "a.xlsx"), tahun=2027)
    notes = " ".join(res.laporan.catatan)
    assert "the title names year 2026 but --tahun is 2027" in notes
    # the "Rencana Tahun 2026" columns are still year n; "2027" columns are Prakiraan Maju
    assert "names year 2026, not 2027" in notes
    assert res.rencana["target"].tolist()[0] == "97,5"


def test_sipd_renstra_style_columns_per_year(tmp_path):
    # one target and one pagu column per year: tahun 2026 takes the 2026 columns, the 2027
    # columns are recognised as year n+1, the 2025 columns are left alone
    layout = [
        ("kode", ("Kode",)),
        ("uraian", ("Program/Kegiatan/Sub Kegiatan",)),
        ("indikator", ("Indikator Kinerja",)),
        ("t25", ("Target Kinerja", "2025")),
        ("target", ("Target Kinerja", "2026")),
        ("t27", ("Target Kinerja", "2027")),
        ("p25", ("Pagu (Rp)", "2025")),
        ("pagu", ("Pagu (Rp)", "2026")),
        ("p27", ("Pagu (Rp)", "2027")),
        ("pd", ("Perangkat Daerah",)),
    ]
    wb = Workbook()
    ws = wb.active
    F.write_header(ws, 1, layout, 2)
    ws.append(
        [
            "1.01.02.2.01.0047",
            "Pembangunan Ruang Kelas Baru",
            RKB,
            "10 Unit",
            "12 Unit",
            "14 Unit",
            900_000_000,
            1_250_000_000,
            1_300_000_000,
            DIK,
        ]
    )
    wb.save(tmp_path / "renstra.xlsx")
    res = imp(tmp_path / "renstra.xlsx", dokumen="RENSTRA")
    assert_lines(lines(res), [(DIK, "1.01.02.2.01.0047", RKB, "12", "Unit", 1_250_000_000.0)])
    roles = dict(zip(res.laporan.kolom["kolom"], res.laporan.kolom["peran"], strict=True))
    assert roles == {
        "A": "kode",
        "B": "uraian",
        "C": "indikator",
        "D": "-",
        "E": "target",
        "F": "maju_target",
        "G": "-",
        "H": "pagu",
        "I": "maju_pagu",
        "J": "pd",
    }


def test_kode_terdekat_finds_a_distant_code_by_its_name():
    from workbench.reference import load_nomenklatur

    # 1.02.02.2.02.0099 is unknown; its name is that of 1.02.02.2.02.0004 (Balita), whose code
    # is not among the 10 closest code strings (…0009, …0048, …0043 … score higher on code)
    k, u, rk, rn = kode_terdekat(
        "1.02.02.2.02.0099",
        "sub_kegiatan",
        "Pengelolaan Pelayanan Kesehatan Balita",
        load_nomenklatur(),
    )
    assert (k, u, rn) == ("1.02.02.2.02.0004", "Pengelolaan Pelayanan Kesehatan Balita", 1.0)


def test_sipd_code_and_name_in_one_cell_table_not_in_column_a(tmp_path):
    style = {"1.01.02.2.01.0047": "1.01.02.2.01.0047 Pembangunan Ruang Kelas Baru"}
    path = F.build_workbook(
        tmp_path / "a.xlsx", layout=F.LAYOUT_3ROW, header_rows=3, first_col=3, code_style=style
    )
    res = imp(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert res.laporan.kolom["kolom"].iloc[0] == "C"


def test_sipd_total_row_formula_without_cached_value(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx", signature=False)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["RKPD 2026"]["F19"] = "=SUM(F11:F18)"  # openpyxl stores no calculated value
    wb.save(path)
    res = imp(path)
    assert res.laporan.total_lembar.empty
    assert "formula never calculated" in res.laporan.dilewati["alasan"].iloc[0]
    assert "the JUMLAH/TOTAL row holds no value" in res.laporan.format()


@pytest.mark.slow
def test_sipd_lines_replace_the_sample_plan_and_load(tmp_path):
    # the sample package with Kapuas' RKPD 2026 replaced by the imported lines: still valid,
    # and the loader reads back the pagu and targets the importer wrote
    contract = pytest.importorskip("workbench.contract")
    sample = pytest.importorskip("workbench.sample")
    pkg = sample.write_sample(tmp_path / "paket", seed=2026, fmt="csv", scale="kalteng")
    r = pd.read_csv(pkg / "rencana.csv", dtype=str, keep_default_na=False)
    lain = r[~((r["kode_wilayah"] == "62.03") & (r["dokumen"] == "RKPD") & (r["tahun"] == "2026"))]
    assert len(lain) < len(r)
    res = imp(F.build_workbook(tmp_path / "kapuas.xlsx"))
    write_rencana(res, tmp_path / "impor.csv")
    impor = pd.read_csv(tmp_path / "impor.csv", dtype=str, keep_default_na=False)
    pd.concat([lain, impor]).to_csv(pkg / "rencana.csv", index=False)
    lap = contract.validate_path(pkg)
    # only the fixture's own satuan, where the 2023 master has another for that sub kegiatan
    m = lap.masalah
    assert lap.ok and set(m["kolom"]) <= {"satuan"} and set(m["tingkat"]) <= {"peringatan"}, (
        lap.format())
    assert set(m["nilai"]) <= {"Unit", "Laporan", "%"}
    p = contract.load_package(pkg).rencana
    k = p[(p["kode_wilayah"] == "62.03") & (p["dokumen"] == "RKPD") & (p["tahun"] == 2026)]
    assert len(k) == 11 and k["pagu"].sum() == 2_436_250_000
    assert k["tingkat"].value_counts().to_dict() == {"sub_kegiatan": 6, "program": 3, "kegiatan": 2}
    salin = k[k["kode_nomenklatur"] == "1.02.02"].iloc[0]
    assert (salin["target_bawah"], salin["target_atas"]) == (95, math.inf)
    ibu = k[k["kode_nomenklatur"] == "1.02.02.2.02.0001"].iloc[0]
    assert (ibu["target_bawah"], ibu["satuan"]) == (4250, "Orang")


def test_sipd_duplicate_lines_are_reported(tmp_path):
    rows = F.base_rows()
    again = F.Baris(rows[4].kode, rows[4].uraian, rows[4].indikator, rows[4].target, rows[4].pagu)
    rows.insert(7, again)  # 0047 again (row 14), after 0029 (row 12) and its continuation (13)
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows, total=None))
    d = res.laporan.duplikat
    assert d.values.tolist() == [[14, "1.01.02.2.01.0047", RKB, 11]]
    assert "duplicate lines" in res.laporan.format()


def test_sipd_numbered_indicators_and_targets(tmp_path):
    rows = F.base_rows()
    rows[2].indikator = [f"{i}. {t}" for i, t in enumerate(rows[2].indikator, start=1)]
    rows[2].target = [
        F.Target(t.angka, f"{i}) {t.teks}", t.satuan) for i, t in enumerate(rows[2].target, start=1)
    ]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    assert_lines(lines(res), EXPECTED_TEXT)
    assert res.asal["baris"].tolist()[:3] == [9, 9, 10]
    assert res.asal["tingkat"].tolist()[:3] == ["program", "program", "kegiatan"]


@pytest.mark.parametrize(("title_rows", "found"), [(35, True), (45, False)])
def test_sipd_header_searched_in_the_first_40_rows(tmp_path, title_rows, found):
    title = [f"catatan {i}" for i in range(title_rows)]
    path = F.build_workbook(tmp_path / "a.xlsx", title=title)
    if found:
        assert len(imp(path).rencana) == 11
    else:
        with pytest.raises(SipdImportError, match="first 40 rows"):
            imp(path)


def test_sipd_tahun_before_the_plan_year_hints(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx")
    # with --tahun 2025 the "Rencana Tahun 2026" columns are a later year: no year-n target
    with pytest.raises(SipdImportError, match=r"is --tahun right\?"):
        imp(path, tahun=2025)


def test_cli_bad_out_fails_before_importing(tmp_path):
    path = F.build_workbook(tmp_path / "kapuas.xlsx")
    res = CliRunner().invoke(
        app,
        [
            "import-sipd",
            str(path),
            "--wilayah",
            "62.03",
            "--dokumen",
            "RKPD",
            "--tahun",
            "2026",
            "--out",
            str(tmp_path / "r.txt"),
        ],
    )
    assert res.exit_code == 2
    assert "error: --out" in res.output and "lines written" not in res.output


def test_sipd_indicator_on_a_bidang_row_is_reported_not_imported(tmp_path):
    rows = F.base_rows()
    rows[1].indikator = ["Indeks Pendidikan"]
    rows[1].target = [F.Target(0.72, "0,72", "indeks")]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows))
    assert_lines(lines(res), EXPECTED_TEXT)
    b = res.laporan.baris
    assert b.loc[b["baris"] == 8, ["jenis", "kode"]].values.tolist() == [["bidang", "1.01"]]
    assert res.laporan.dibaca_per_tingkat["bidang"] == 2
    assert "row 8 bidang 1.01" in res.laporan.format()


def test_sipd_codes_inside_the_programme_text(tmp_path):
    # no Kode column: "1.01.02 - PROGRAM …" in the Program/Kegiatan column
    layout = [r for r in F.LAYOUT_SIPD_2ROW if r[0] != "kode"]
    rows = F.base_rows()
    for b in rows:
        if b.kode:
            b.uraian = f"{b.kode} - {b.uraian}" if b.kode.count(".") < 2 else f"{b.kode} {b.uraian}"
    res = imp(F.build_workbook(tmp_path / "a.xlsx", rows=rows, layout=layout))
    assert_lines(lines(res), EXPECTED_TEXT)
    assert res.laporan.kode_tidak_dikenal.empty
    assert res.rencana["pagu"].sum() == 2_436_250_000
