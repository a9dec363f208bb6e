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
    kenali,
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
    from workbench import contract
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
    assert res.laporan.peringatan == (
        "--tahun 2027 given, but the title names 2026 (title row 1: 'RENCANA KERJA PEMERINTAH "
        "DAERAH KABUPATEN KAPUAS TAHUN 2026'); using 2027",
    )
    assert "WARNING: --tahun 2027 given" in res.laporan.format()
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
    from workbench import contract, sample

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


# --- layouts of the wild (issue 10 §2): the header as a tree of labels ----------------------------
def roles_of(res) -> dict[str, str]:
    return dict(zip(res.laporan.kolom["kolom"], res.laporan.kolom["peran"], strict=True))


def assert_accounted(res) -> None:
    """Every row after the header is in the report: used, or skipped with its reason."""
    lap = res.laporan
    assert len(lap.baris) == lap.baris_dibaca
    assert lap.baris["baris"].tolist() == list(
        range(
            lap.baris_header[1] + 1 + (lap.baris_nomor_kolom is not None),
            1 + lap.baris_header[1] + (lap.baris_nomor_kolom is not None) + lap.baris_dibaca,
        )
    )
    assert (lap.dilewati["alasan"] != "").all()


def test_sipd_renja_tolok_ukur_pairs_kode_in_five_cells_formula_numbers(tmp_path):
    # SIPD's Renja: Kode / Urusan|Bidang|Program|Kegiatan|Sub Kegiatan, then Indikator Kinerja /
    # Capaian Program|Hasil Kegiatan|Keluaran Sub Kegiatan / Tolok Ukur|Target, a row of column
    # numbers (the five Kode cells under one merged "1", "14 = 10+11+12+13" on the pagu column)
    path = F.build_workbook(
        tmp_path / "renja.xlsx",
        layout=F.LAYOUT_RENJA_TOLOK_UKUR,
        header_rows=3,
        column_numbers="formula",
        title=[
            "RENCANA KERJA PERANGKAT DAERAH (RENJA)",
            "DINAS PENDIDIKAN KABUPATEN KAPUAS",
            "TAHUN 2026",
            "",
        ],
    )
    res = import_sipd(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert_accounted(res)
    lap = res.laporan
    assert lap.baris_header == (5, 7) and lap.baris_nomor_kolom == 8
    roles = roles_of(res)
    assert [roles[c] for c in "ABCDE"] == ["kode"] * 5
    assert [roles[c] for c in "FGHIJKL"] == [
        "uraian",
        "indikator:program",
        "target:program",
        "indikator:kegiatan",
        "target:kegiatan",
        "indikator:sub_kegiatan",
        "target:sub_kegiatan",
    ]
    assert (roles["N"], roles["Q"]) == ("pagu", "maju_pagu")
    assert res.laporan.total_lembar["selisih"].tolist() == [0]
    r = res.rencana
    assert set(r["dokumen"]) == {"RENJA"} and set(r["kode_wilayah"]) == {"62.03"}
    assert set(r["tahun"]) == {2026}
    # the PD column wins; the title's PD names the lines without one (none here)
    assert lap.deteksi[3].startswith("perangkat daerah 'Dinas Pendidikan': detected from title")


def test_sipd_kode_cells_holding_the_code_so_far(tmp_path):
    # some exports repeat the code so far in each Kode cell: 1 | 1.01 | 1.01.02 | 1.01.02.2.01 …
    from openpyxl import load_workbook

    path = F.build_workbook(
        tmp_path / "a.xlsx", layout=F.LAYOUT_RENJA_TOLOK_UKUR, header_rows=3, column_numbers=True
    )
    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    for r in range(8, 20):
        parts = [ws.cell(r, c).value for c in range(1, 6)]
        so_far = ""
        for c, p in enumerate(parts, start=1):
            if p:
                so_far = f"{so_far}.{p}" if so_far else str(p)
                ws.cell(r, c, so_far)
    wb.save(path)
    assert_lines(lines(imp(path)), EXPECTED_TEXT)


def test_sipd_value_in_another_tingkats_columns(tmp_path):
    from openpyxl import load_workbook

    path = F.build_workbook(tmp_path / "a.xlsx", layout=F.LAYOUT_RENJA_TOLOK_UKUR, header_rows=3)
    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    assert ws["C10"].value == "02" and ws["E12"].value == "0047"
    ws["K10"] = "Keluaran di baris program"  # a lower tingkat's column: reported only
    ws["G12"] = "Indikator program di baris sub kegiatan"  # a higher one: a programme line
    ws["H12"] = "3 Dokumen"
    wb.save(path)
    res = imp(path)
    extra = (DIK, "1.01.02", "Indikator program di baris sub kegiatan", "3", "Dokumen", NAN)
    assert_lines(lines(res), EXPECTED_TEXT[:3] + [extra] + EXPECTED_TEXT[3:])
    b = res.laporan.baris.set_index("baris")
    assert b.loc[10, "alasan"] == (
        "'Indikator Kinerja / Keluaran Sub Kegiatan / Tolok Ukur' (column K) hold(s) a value on "
        "a program row: not imported"
    )
    assert b.loc[12, "alasan"] == (
        "'Indikator Kinerja / Capaian Program / Tolok Ukur' (column G), 'Indikator Kinerja / "
        "Capaian Program / Target' (column H): 1 line(s) of program 1.01.02 written"
    )
    assert "rows with values in another tingkat's indicator columns: 2" in res.laporan.format()


def test_sipd_flat_export_repeating_programme_and_kegiatan_indicators(tmp_path):
    # only sub kegiatan rows, each repeating its programme's Capaian Program and its
    # kegiatan's Hasil Kegiatan: each parent indicator is written once, on the parent's code
    layout = F.LAYOUT_RENJA_TOLOK_UKUR
    wb = Workbook()
    ws = wb.active
    ws.append(["RENJA DINAS PENDIDIKAN DAN KEBUDAYAAN KABUPATEN KAPUAS TAHUN 2026"])
    F.write_header(ws, 2, layout, 3)
    roles = [role for role, _ in layout]
    data = [
        ("1.01.02.2.01.0047", RKB, "12 Unit", 1_250_000_000),
        ("1.01.02.2.01.0029", BOS1, "215 Unit", 650_500_000),
    ]
    for r, (kode, ind, tgt, pagu) in enumerate(data, start=5):
        v = dict(zip(["k1", "k2", "k3", "k4", "k5"], F.kode_cells(kode), strict=True))
        v.update(
            {
                "indikator:program": APM_SD,
                "target:program": "97,5 %",
                "indikator:kegiatan": IND_SD,
                "target:kegiatan": "215 Unit",
                "indikator:sub_kegiatan": ind,
                "target:sub_kegiatan": tgt,
                "pagu": pagu,
            }
        )
        for j, role in enumerate(roles, start=1):
            if role in v:
                ws.cell(r, j, v[role])
    wb.save(tmp_path / "flat.xlsx")
    res = import_sipd(tmp_path / "flat.xlsx")
    pd_ = "Dinas Pendidikan dan Kebudayaan"  # from the title (capitals, title-cased)
    assert_lines(
        lines(res),
        [
            (pd_, "1.01.02", APM_SD, "97,5", "%", NAN),
            (pd_, "1.01.02.2.01", IND_SD, "215", "Unit", NAN),
            (pd_, "1.01.02.2.01.0047", RKB, "12", "Unit", 1_250_000_000.0),
            (pd_, "1.01.02.2.01.0029", BOS1, "215", "Unit", 650_500_000.0),
        ],
    )
    assert res.laporan.ditulis == {"program": 1, "kegiatan": 1, "sub_kegiatan": 2}
    assert res.asal["tingkat"].tolist() == ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"]
    b = res.laporan.baris.set_index("baris")
    assert b.loc[6, "alasan"] == (
        "repeats the program 1.01.02 indicators of row 5; "
        "repeats the kegiatan 1.01.02.2.01 indicators of row 5"
    )
    assert res.laporan.kode_tidak_dikenal.empty and res.laporan.duplikat.empty


def test_sipd_target_split_into_nilai_and_satuan_shuffled(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx", layout=F.LAYOUT_NILAI_SATUAN, header_rows=2)
    res = imp(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert_accounted(res)
    assert roles_of(res) == {
        "A": "pd",
        "B": "uraian",
        "C": "kode",
        "D": "maju_pagu",
        "E": "maju_target",
        "F": "indikator",
        "G": "satuan",
        "H": "target",
        "I": "pagu",
    }
    assert res.rencana["pagu"].sum() == 2_436_250_000


def test_sipd_k_and_rp_under_kinerja_and_anggaran(tmp_path):
    path = F.build_workbook(
        tmp_path / "a.xlsx", layout=F.LAYOUT_K_RP, header_rows=3, numbers="real"
    )
    res = imp(path)
    assert_lines(lines(res), EXPECTED_REAL)
    assert_accounted(res)
    roles = roles_of(res)
    assert [roles[c] for c in "DEFGHI"] == [
        "target",
        "satuan",
        "pagu",
        "sumber",
        "maju_target",
        "maju_pagu",
    ]


@pytest.mark.parametrize(
    ("n_label", "maju_label"),
    [
        (("Rencana Tahun 2026", "Pagu Indikatif (Rp)"),
         ("Prakiraan Maju Rencana Tahun 2027", "Pagu Indikatif (Rp)")),
        (("Rencana Tahun 2026", "Pagu Indikatif (Rp)"),
         ("Perkiraan Maju Rencana Tahun 2027", "Pagu Indikatif (Rp)")),
        (("Pagu Indikatif (Rp)",), ("Pagu Maju (n + 1)",)),
        (("Rencana Tahun n", "Kebutuhan Dana/ Pagu Indikatif (Rp.)"),
         ("Prakiraan Maju Rencana Tahun n+1", "Kebutuhan Dana/ Pagu Indikatif (Rp.)")),
    ],
)  # fmt: skip
def test_sipd_two_pagu_columns_year_n_and_n_plus_1(tmp_path, n_label, maju_label):
    layout = [
        ("kode", ("Kode",)),
        ("uraian", ("Program/Kegiatan/Sub Kegiatan",)),
        ("indikator", ("Indikator Kinerja",)),
        ("maju_pagu", maju_label),  # n+1 first: position decides nothing
        ("target", ("Target",)),
        ("pagu", n_label),
        ("pd", ("Perangkat Daerah",)),
    ]
    res = imp(F.build_workbook(tmp_path / "a.xlsx", layout=layout, header_rows=2))
    assert_lines(lines(res), EXPECTED_TEXT)
    roles = roles_of(res)
    assert (roles["D"], roles["F"]) == ("maju_pagu", "pagu")
    # year n: 2.436.250.000; the n+1 pagu (2.000.000.000 + 1.100.000.000) is not read
    assert res.rencana["pagu"].sum() == 2_436_250_000
    assert res.laporan.total_lembar["selisih"].tolist() == [0]


# --- header permutations: column order and header depth give the same lines -------------------
# per column: its role and its labels at header depth 1, 2 and 3; the columns of a block stay
# together (a merged group), the blocks and the columns inside them are shuffled
_N, _M = "Rencana Tahun 2026", "Prakiraan Maju Rencana Tahun 2027"
PERM_BLOCKS: list[list[tuple[str, tuple[tuple[str, ...], ...]]]] = [
    [("kode", (("Kode",), ("Kode",), ("Kode",)))],
    [("uraian", (("Program / Kegiatan / Sub Kegiatan",),) * 3)],
    [("indikator", (("Indikator Kinerja",),) * 3)],
    [
        ("target", (("Target",), (_N, "Target"), (_N, "TARGET", "Nilai"))),
        ("satuan", (("Satuan",), (_N, "Satuan"), (_N, "TARGET", "Satuan"))),
        ("lokasi", (("Lokasi",), (_N, "Lokasi"), (_N, "Lokasi"))),
        ("pagu", (("Pagu Indikatif (Rp)",), (_N, "Pagu Indikatif (Rp)"), (_N, "Anggaran", "Rp"))),
        ("sumber", (("Sumber Dana",), (_N, "Sumber Dana"), (_N, "Anggaran", "Sumber Dana"))),
    ],
    [
        ("maju_target", (("Target n+1",), (_M, "Target"), (_M, "Kinerja", "K"))),
        (
            "maju_pagu",
            (("Pagu Maju (n + 1)",), (_M, "Pagu Indikatif (Rp)"), (_M, "Anggaran", "Rp")),
        ),
    ],
    [("pd", (("Perangkat Daerah",),) * 3)],
    [("catatan", (("Keterangan",),) * 3)],
]


@settings(max_examples=25, deadline=None)
@given(
    st.permutations(range(len(PERM_BLOCKS))),
    st.randoms(use_true_random=False),
    st.sampled_from([1, 2, 3]),
    st.sampled_from([False, True, "formula"]),
)
def test_sipd_header_permutations_give_the_same_lines(tmp_path_factory, order, rnd, depth, nums):
    layout = []
    for i in order:
        block = list(PERM_BLOCKS[i])
        rnd.shuffle(block)
        layout += [(role, labels[depth - 1]) for role, labels in block]
    path = tmp_path_factory.mktemp("perm") / "a.xlsx"
    F.build_workbook(path, layout=layout, header_rows=depth, column_numbers=nums)
    res = imp(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert_accounted(res)
    assert res.laporan.baris_header == (4, 3 + depth)
    assert res.laporan.total_lembar["selisih"].tolist() == [0]
    mapped = {r: k for k, r in roles_of(res).items()}
    for role in ("kode", "target", "satuan", "pagu", "maju_target", "maju_pagu"):
        assert F.col(layout, role) == mapped[role]


# --- metadata from the title block --------------------------------------------------------------
def kenal_of(title: list[str], tmp_path=None, **kw):
    """kenali() of an open workbook holding the base plan under ``title`` (nothing saved)."""
    from openpyxl import Workbook as _Wb

    wb = _Wb()
    ws = wb.active
    ws.title = "Renja"
    for r, line in enumerate(title, start=1):
        ws.cell(r, 1, line)
    F.write_table(ws, len(title) + 1, F.base_rows(), **kw)
    (k,) = kenali(wb, berkas="contoh.xlsx")
    return k


def test_kenali_the_issue_example_renja_dinkes_province():
    k = kenal_of(F.TITLE_RENJA_DINKES_PROV)
    assert (k.rencana, k.dokumen, k.wilayah, k.tahun) == (True, "RENJA", "62", 2026)
    assert k.perangkat_daerah == "Dinas Kesehatan"
    assert k.asal["wilayah"] == "title row 2: 'DINAS KESEHATAN PROVINSI KALIMANTAN TENGAH'"
    assert k.asal["tahun"] == "title row 3: 'TAHUN 2026'"
    assert k.lengkap and k.masalah == {}
    assert "contoh.xlsx, sheet 'Renja': RENJA table (plan header at row 5)" in k.format()


def test_kenali_rkpd_katingan():
    k = kenal_of(["RKPD KABUPATEN KATINGAN TAHUN 2027"])
    assert (k.dokumen, k.wilayah, k.tahun, k.perangkat_daerah) == ("RKPD", "62.06", 2027, None)
    assert k.masalah == {"perangkat_daerah": "the title block names no perangkat daerah"}


def _judul_wilayah() -> list[tuple[str, str]]:
    from workbench.reference import load_wilayah

    w = load_wilayah()
    return [
        (
            f"RENCANA KERJA PEMERINTAH DAERAH "
            f"{n.upper() if j != 'Kabupaten' else 'KABUPATEN ' + n.upper()} TAHUN 2026",
            k,
        )
        for k, n, j in zip(w["kode"], w["nama"], w["jenis"], strict=True)
    ]


@pytest.mark.parametrize(("judul", "kode"), _judul_wilayah())
def test_kenali_every_government_by_its_name(judul, kode):
    assert kenal_of([judul]).wilayah == kode


@pytest.mark.parametrize(
    ("judul", "kode"),
    [
        ("RKPD KABUPATEN KOTAWARINGIN BARAT TAHUN 2026", "62.01"),
        ("RKPD KAB. KOTAWARINGIN TIMUR 2026", "62.02"),
        ("RKPD Kab. Kota Waringin Timur Tahun 2026", "62.02"),
        ("RENJA DINAS PUPR KOTIM TAHUN 2026", "62.02"),
        ("RKPD KOTA PALANGKARAYA TAHUN 2026", "62.71"),
        ("RKPD Kota Palangka Raya Tahun 2026", "62.71"),
        ("RKPD BARITO SELATAN TAHUN 2026", "62.04"),
        ("RKPD BARITO UTARA TAHUN 2026", "62.05"),
        ("RKPD BARITO TIMUR TAHUN 2026", "62.13"),
        ("RKPD KABUPATEN KATINGAN PROVINSI KALIMANTAN TENGAH TAHUN 2026", "62.06"),
        # the province's capital named as its seat is not the Kota's plan
        ("RENJA DINAS KESEHATAN PROVINSI KALIMANTAN TENGAH, PALANGKA RAYA, TAHUN 2026", "62"),
    ],
)
def test_kenali_wilayah_names_that_look_alike(judul, kode):
    k = kenal_of([judul])
    assert k.wilayah == kode, k.masalah


@pytest.mark.parametrize(
    ("judul", "pesan"),
    [
        ("RKPD KABUPATEN KOTAWARINGIN TAHUN 2026", "'Kotawaringin' without Barat or Timur"),
        ("RKPD KABUPATEN BARITO TAHUN 2026", "'Barito' without Selatan or Utara or Timur"),
        ("RKPD KABUPATEN KAPUAS DAN KABUPATEN KATINGAN 2026", "several governments: 62.03 Kapuas"),
        ("RKPD KABUPATEN BANJAR TAHUN 2026", "names 'KABUPATEN BANJAR' (title row 1), not a"),
        ("Tabel 5.1 Rencana Program dan Kegiatan", "names no government"),
    ],
)
def test_kenali_wilayah_ambiguous_or_missing(judul, pesan):
    k = kenal_of([judul])
    assert k.wilayah is None and pesan in k.masalah["wilayah"]


@pytest.mark.parametrize(
    ("judul", "dokumen", "tahun"),
    [
        (["RENCANA KERJA PEMERINTAH DAERAH KABUPATEN KAPUAS", "TAHUN ANGGARAN 2026"], "RKPD", 2026),
        (
            [
                "RENJA PERANGKAT DAERAH KABUPATEN KAPUAS",
                "Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun 2026 dan "
                "Prakiraan Maju Tahun 2027",
                "sesuai Permendagri Nomor 86 Tahun 2017",
            ],
            "RENJA",
            2026,
        ),
        (["RENCANA STRATEGIS DINAS PENDIDIKAN KABUPATEN KAPUAS TAHUN 2026"], "RENSTRA", 2026),
        (["RPJMD KABUPATEN KAPUAS 2026"], "RPJMD", 2026),
    ],
)
def test_kenali_dokumen_and_tahun(judul, dokumen, tahun):
    k = kenal_of(judul)
    assert (k.dokumen, k.tahun) == (dokumen, tahun)


def test_kenali_tahun_period_several_years_and_the_header_year():
    k = kenal_of(["RENSTRA DINAS PENDIDIKAN KABUPATEN KAPUAS 2025-2029"])
    # the period is not one plan year; the header's "Rencana Tahun 2026" columns are
    assert k.tahun == 2026
    assert k.asal["tahun"] == "header row 2: column 'Rencana Tahun 2026 / Target Capaian Kinerja'"
    k = kenal_of(["RENSTRA DINAS PENDIDIKAN KABUPATEN KAPUAS 2025-2029"], layout=F.LAYOUT_SHUFFLED)
    assert k.tahun is None
    assert k.masalah["tahun"].startswith("the title block names the period 2025–2029")
    assert k.masalah["tahun"].endswith("; the header names no year")
    k = kenal_of(["RKPD KABUPATEN KAPUAS TAHUN 2026", "PERUBAHAN TAHUN 2027"])
    assert k.tahun is None and "several years: 2026" in k.masalah["tahun"]


def test_kenali_dokumen_ambiguous_and_pd_title_cased():
    k = kenal_of(["REVIEW RKPD DAN RENJA", "BADAN PERENCANAAN PEMBANGUNAN, RISET DAN INOVASI "
                  "DAERAH KABUPATEN KAPUAS TAHUN 2026"])  # fmt: skip
    assert k.dokumen is None and "several documents: RKPD" in k.masalah["dokumen"]
    assert k.perangkat_daerah == "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah"
    assert kenal_of(["RENJA DINAS PUPR KABUPATEN KAPUAS 2026"]).perangkat_daerah == "Dinas PUPR"


def test_kenali_a_workbook_with_a_cover_sheet(tmp_path):
    path = F.build_workbook(
        tmp_path / "a.xlsx",
        title=["Tabel 5.1 Rencana Program dan Kegiatan", ""],
        before_sheets=[
            ("Sampul", [["RENCANA KERJA PEMERINTAH DAERAH"], ["KABUPATEN KAPUAS"], ["TAHUN 2026"]])
        ],
    )
    sampul, plan = kenali(path)
    assert (sampul.sheet, sampul.rencana, sampul.baris_header) == ("Sampul", False, None)
    assert sampul.alasan == "no plan header in the first 40 rows"
    assert (plan.rencana, plan.dokumen, plan.wilayah, plan.tahun) == (True, "RKPD", "62.03", 2026)
    assert plan.asal["wilayah"] == "sheet 'Sampul' row 2: 'KABUPATEN KAPUAS'"
    # and the import takes them from the cover too
    res = import_sipd(path)
    assert_lines(lines(res), EXPECTED_TEXT)
    assert "wilayah 62.03 (Kapuas): detected from sheet 'Sampul' row 2" in res.laporan.format()


def test_kenali_not_a_plan_and_a_header_without_target(tmp_path):
    wb = Workbook()
    wb.active.append(["DAFTAR PEGAWAI DINAS KESEHATAN KABUPATEN KAPUAS 2026"])
    ws = wb.create_sheet("Tanpa target")
    layout = [r for r in F.LAYOUT_SIPD_2ROW if r[0] != "target"]
    F.write_table(ws, 1, F.base_rows(), layout=layout)
    a, b = kenali(wb)
    assert not a.rencana and a.wilayah == "62.03" and a.berkas == "workbook"
    assert not b.rencana and b.alasan == "header at row 1 lacks target"


# --- importing with detected metadata ------------------------------------------------------------
def test_sipd_import_without_options_reads_the_title(tmp_path):
    res = import_sipd(F.build_workbook(tmp_path / "kapuas.xlsx"))
    assert_lines(lines(res), EXPECTED_TEXT)
    r = res.rencana
    assert (set(r["kode_wilayah"]), set(r["dokumen"]), set(r["tahun"])) == (
        {"62.03"},
        {"RKPD"},
        {2026},
    )
    quote = "title row 1: 'RENCANA KERJA PEMERINTAH DAERAH KABUPATEN KAPUAS TAHUN 2026'"
    assert res.laporan.deteksi == (
        f"dokumen RKPD: detected from {quote}",
        f"wilayah 62.03 (Kapuas): detected from {quote}",
        f"tahun 2026: detected from {quote}",
    )
    assert res.laporan.peringatan == ()


def test_sipd_given_options_win_and_conflicts_are_warned(tmp_path):
    path = F.build_workbook(tmp_path / "kapuas.xlsx")
    res = import_sipd(path, wilayah="62.06", dokumen="renja")
    assert set(res.rencana["kode_wilayah"]) == {"62.06"} and set(res.rencana["dokumen"]) == {
        "RENJA"
    }
    assert [p.split(" given")[0] for p in res.laporan.peringatan] == [
        "--dokumen RENJA",
        "--wilayah 62.06",
    ]
    assert "the title names 62.03 (Kapuas)" in res.laporan.peringatan[1]
    assert "wilayah 62.06 (Katingan): given (--wilayah)" in res.laporan.deteksi


def test_sipd_refuses_when_the_title_is_silent_or_ambiguous(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx", title=["RKPD KABUPATEN KOTAWARINGIN", ""])
    with pytest.raises(SipdImportError) as ei:
        import_sipd(path)
    msg = str(ei.value)
    assert msg.startswith("a.xlsx, sheet 'RKPD 2026': --wilayah not given and the title block ")
    assert "'Kotawaringin' without Barat or Timur" in msg and msg.endswith(
        "Give --wilayah to import it"
    )
    # the tahun came from the header's "Rencana Tahun 2026" columns; with --wilayah it imports
    res = import_sipd(path, wilayah="62.01")
    assert "tahun 2026: detected from header row 3" in res.laporan.format()
    path = F.build_workbook(tmp_path / "b.xlsx", title=[], layout=F.LAYOUT_SHUFFLED, header_rows=1)
    with pytest.raises(SipdImportError) as ei:
        import_sipd(path)
    msg = str(ei.value)
    assert "--dokumen not given and the title block names no document" in msg
    assert "--tahun not given and the title block names no year; the header names no year" in msg
    assert msg.endswith("Give --dokumen, --wilayah, --tahun to import it")


def test_sipd_detected_tahun_chooses_the_year_n_columns(tmp_path):
    # a Renstra table with one target/pagu column per year: the title's year picks the column
    layout = [
        ("kode", ("Kode",)),
        ("uraian", ("Program/Kegiatan/Sub Kegiatan",)),
        ("indikator", ("Indikator Kinerja",)),
        ("t25", ("Target Kinerja dan Kerangka Pendanaan", "Tahun 2025", "K")),
        ("p25", ("Target Kinerja dan Kerangka Pendanaan", "Tahun 2025", "Rp")),
        ("target", ("Target Kinerja dan Kerangka Pendanaan", "Tahun 2026", "K")),
        ("pagu", ("Target Kinerja dan Kerangka Pendanaan", "Tahun 2026", "Rp")),
        ("pd", ("Perangkat Daerah",)),
    ]
    wb = Workbook()
    ws = wb.active
    ws.append(["RENSTRA DINAS PENDIDIKAN KABUPATEN KAPUAS 2025-2029"])
    ws.append(["Target tahun 2026"])
    F.write_header(ws, 3, layout, 3)
    ws.append(["1.01.02.2.01.0047", "Pembangunan Ruang Kelas Baru", RKB, "10 Unit", 900_000_000,
               "12 Unit", 1_250_000_000, DIK])  # fmt: skip
    wb.save(tmp_path / "renstra.xlsx")
    res = import_sipd(tmp_path / "renstra.xlsx")
    assert_lines(lines(res), [(DIK, "1.01.02.2.01.0047", RKB, "12", "Unit", 1_250_000_000.0)])
    assert set(res.rencana["dokumen"]) == {"RENSTRA"} and set(res.rencana["tahun"]) == {2026}


def test_cli_import_sipd_detects_and_says_so(tmp_path):
    path = F.build_workbook(tmp_path / "kapuas.xlsx")
    out = tmp_path / "rencana.csv"
    res = CliRunner().invoke(app, ["import-sipd", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "wilayah 62.03 (Kapuas): detected from title row 1" in res.output
    assert "wrote 11 rencana lines" in res.output
    back = pd.read_csv(out, dtype=str)
    assert set(back["kode_wilayah"]) == {"62.03"} and set(back["tahun"]) == {"2026"}
    res = CliRunner().invoke(app, ["import-sipd", str(path), "--tahun", "2027", "--out", str(out)])
    assert (
        res.exit_code == 0 and "WARNING: --tahun 2027 given, but the title names 2026" in res.output
    )


def test_cli_import_sipd_refuses_ambiguous_and_writes_nothing(tmp_path):
    path = F.build_workbook(tmp_path / "a.xlsx", title=["RKPD BARITO 2026", ""])
    out = tmp_path / "rencana.csv"
    res = CliRunner().invoke(app, ["import-sipd", str(path), "--out", str(out)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "error: a.xlsx, sheet 'RKPD 2026': --wilayah not given" in res.output
    assert "'Barito' without Selatan or Utara or Timur" in res.output
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


# --- bad input names file, sheet, row and column ------------------------------------------------
def test_sipd_bad_cells_are_reported_with_row_and_column(tmp_path):
    from openpyxl import load_workbook

    path = F.build_workbook(tmp_path / "a.xlsx", layout=F.LAYOUT_RENJA_TOLOK_UKUR, header_rows=3)
    wb = load_workbook(path)
    ws = wb["RKPD 2026"]
    ws["N12"] = "satu miliar"  # the pagu of sub kegiatan 0047
    ws["E13"] = "00x9"  # sub kegiatan 0029's last code cell
    wb.save(path)
    res = imp(path)
    lap = res.laporan
    p = lap.pagu_tidak_terbaca
    assert p[["baris", "kode", "nilai"]].values.tolist() == [
        [12, "1.01.02.2.01.0047", "satu miliar"]
    ]
    assert p["alasan"].iloc[0].startswith("column N: ")
    skipped = dict(zip(lap.dilewati["baris"], lap.dilewati["alasan"], strict=True))
    assert skipped[13].startswith("unreadable code '1.01.02.2.01.00x9' in column A–E: ")
    assert_accounted(res)
    # the continuation row 14 of the skipped 0029 row is not glued to 0047: it is reported
    assert skipped[14] == "indicator without a programme/kegiatan/sub kegiatan line above it"
    assert BOS3 not in res.rencana["uraian_indikator"].tolist()
    # the sheet's total now differs by 0029's pagu (650.500.000) and 0047's unreadable one
    assert lap.total_lembar["selisih"].tolist() == [650_500_000 + 1_250_000_000]
    assert "row 12 1.01.02.2.01.0047: 'satu miliar' (column N: " in lap.format()


def test_sipd_missing_column_error_names_file_sheet_row_and_columns(tmp_path):
    layout = [r for r in F.LAYOUT_NILAI_SATUAN if r[0] != "target"]
    path = F.build_workbook(tmp_path / "a.xlsx", layout=layout, header_rows=2)
    with pytest.raises(SipdImportError) as ei:
        imp(path, sheet="RKPD 2026")
    msg = str(ei.value)
    assert msg.startswith("a.xlsx, sheet 'RKPD 2026': the header at row 4 has no target column")
    assert "C 'Kode' → kode" in msg and "F 'Indikator Kinerja' → indikator" in msg


def test_sipd_title_pd_names_renja_lines_but_not_rkpd_lines(tmp_path):
    rows = [F.Baris(b.kode, b.uraian, b.indikator, b.target, b.pagu) for b in F.base_rows()]
    cover = [
        ("Sampul", [["PEMERINTAH KABUPATEN KAPUAS"], ["BADAN PERENCANAAN PEMBANGUNAN DAERAH"]])
    ]
    path = F.build_workbook(tmp_path / "rkpd.xlsx", rows=rows, before_sheets=cover)
    res = import_sipd(path)  # an RKPD: the cover's Bappeda is the publisher, not the lines' PD
    assert set(res.rencana["perangkat_daerah"]) == {""}
    assert any("not used: an RKPD is the whole government's plan" in d for d in res.laporan.deteksi)
    assert "11 line(s) have no perangkat daerah" in " ".join(res.laporan.catatan)
    res = import_sipd(path, dokumen="RENJA")  # a Renja's title/cover PD is its own
    assert set(res.rencana["perangkat_daerah"]) == {"Badan Perencanaan Pembangunan Daerah"}
    title = ["RKPD KABUPATEN KAPUAS TAHUN 2026", "Perangkat Daerah: Dinas Kesehatan", ""]
    res = import_sipd(F.build_workbook(tmp_path / "b.xlsx", rows=rows, title=title))
    assert set(res.rencana["perangkat_daerah"]) == {"Dinas Kesehatan"}


def test_sipd_two_plan_sheets_each_with_its_own_title(tmp_path):
    from openpyxl import load_workbook

    path = F.build_workbook(tmp_path / "a.xlsx", sheet_title="Kapuas")
    wb = load_workbook(path)
    ws = wb.create_sheet("Katingan")
    ws.cell(1, 1, "RKPD KABUPATEN KATINGAN TAHUN 2026")
    F.write_table(ws, 3, F.base_rows())
    wb.save(path)
    assert [(k.sheet, k.rencana, k.wilayah) for k in kenali(path)] == [
        ("Kapuas", True, "62.03"),
        ("Katingan", True, "62.06"),
    ]
    assert set(import_sipd(path).rencana["kode_wilayah"]) == {"62.03"}  # the first plan sheet
    res = import_sipd(path, sheet="Katingan")
    assert set(res.rencana["kode_wilayah"]) == {"62.06"} and len(res.rencana) == 11
