"""Rakortek kesepakatan tables → the contract's kesepakatan rows."""

from __future__ import annotations

import json
import random

import importers_fixtures as F
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from workbench import kesepakatan_impor as K
from workbench.cli import app
from workbench.contract import load_package
from workbench.spreadsheet import open_file

TABEL_C = "../shared/reference/permendagri_14_2026_tabel_c.json"


def _rows(frame: pd.DataFrame) -> set[tuple]:
    return set(frame.itertuples(index=False, name=None))


@pytest.fixture()
def buku(tmp_path):
    return F.kes_workbook(tmp_path / "kesepakatan.xlsx", F.kes_rows())


def test_carried_down_cells_give_one_row_per_sub_kegiatan_and_kab_kota(buku):
    frame, lap = K.import_kesepakatan(buku)
    assert list(frame.columns) == list(K.KESEPAKATAN_COLUMNS)
    assert _rows(frame) == F.kes_expected()
    assert len(frame) == 8
    assert "RKPD 2027" in lap.tahun
    cara = dict(zip(lap.indikator["uraian"], lap.indikator["cara"], strict=True))
    assert cara["Tingkat Kemiskinan"].startswith("alias")
    assert cara["Prevalensi Stunting (Pendek dan Sangat Pendek) pada Balita"] == "nama"


def test_every_row_is_used_or_skipped_with_its_reason(buku):
    _, lap = K.import_kesepakatan(buku)
    b = lap.baris
    # header on row 4, column numbers on row 5: rows 6… are the data, blank, date, signatures
    assert b["baris"].tolist() == list(range(6, 6 + 8 + 5))
    assert (b["jenis"] == "kesepakatan").sum() == 8
    alasan = lap.dilewati["alasan"].tolist()
    assert alasan == ["blank row"] + ["signature block"] * 4
    text = lap.format()
    assert "rows read: 13 (agreement lines 8, headings 0, skipped 5)" in text


def test_unmatched_indicator_is_skipped_and_reported_with_the_nearest(tmp_path):
    rows = F.kes_rows(("Katingan",))
    rows.append([9, "Meningkatnya Kebahagiaan", "Indeks Kebahagiaan Penduduk", "Indeks",
                 "Sosial", "PROGRAM X", "1.06.05.2.02.0006", "x", None])
    frame, lap = K.import_kesepakatan(F.kes_workbook(tmp_path / "k.xlsx", rows))
    assert len(frame) == 4
    t = lap.indikator_tidak_cocok
    assert t["uraian"].tolist() == ["Indeks Kebahagiaan Penduduk"]
    assert t["kode_terdekat"].item() and 0 < t["kemiripan"].item() < 1
    assert lap.dilewati["alasan"].str.contains("Indeks Kebahagiaan Penduduk").any()
    assert "nearest" in lap.format()


def test_unknown_kab_kota_is_reported_with_the_nearest(tmp_path):
    rows = F.kes_rows(("Kabupaten Katingan", "Kabupaten Katinggan"))
    frame, lap = K.import_kesepakatan(F.kes_workbook(tmp_path / "k.xlsx", rows))
    assert set(frame["kode_wilayah"]) == {"62.06"}
    d = lap.dilewati["alasan"]
    assert d.str.contains("Katinggan").sum() == 4
    assert d.str.contains("nearest: 'Katingan'").all() or d.str.contains("nearest").any()


def test_kab_kota_from_the_title_sheet_name_or_every_kab_kota(tmp_path):
    hdr = F.KES_HEADER[:-1]
    rows = [r[:-1] for r in F.kes_rows(("x",))]
    judul = ("KESEPAKATAN RAKORTEKBANG PEMERINTAH KABUPATEN GUNUNG MAS", "RKPD TAHUN 2027")
    f1, l1 = K.import_kesepakatan(F.kes_workbook(tmp_path / "a.xlsx", rows, header=hdr,
                                                 title=judul))
    assert set(f1["kode_wilayah"]) == {"62.10"} and "from the title" in l1.format()
    f2, _ = K.import_kesepakatan(F.kes_workbook(tmp_path / "b.xlsx", rows, header=hdr,
                                                sheet="62.12 Murung Raya"))
    assert set(f2["kode_wilayah"]) == {"62.12"}
    f3, l3 = K.import_kesepakatan(F.kes_workbook(tmp_path / "c.xlsx", rows, header=hdr))
    assert set(f3["kode_wilayah"]) == {""} and "every kab/kota" in l3.format()


def test_province_codes_are_skipped_and_codes_inside_the_name_are_read(tmp_path):
    rows = F.kes_rows(("Katingan",))
    rows[0][6], rows[0][7] = None, "1.06.05.2.02.0006 Pengelolaan Data Fakir Miskin"
    rows.append([None, None, None, None, None, None, "1.02.02.1.02.0003",
                 "Pengelolaan Pelayanan Kesehatan Ibu dan Anak", None])
    frame, lap = K.import_kesepakatan(F.kes_workbook(tmp_path / "k.xlsx", rows))
    assert "1.06.05.2.02.0006" in set(frame["kode_sub_kegiatan"])
    assert lap.dilewati["alasan"].str.startswith("level-1 (province)").sum() == 1


def test_year_option_column_or_refusal(tmp_path):
    rows = F.kes_rows(("Katingan",))
    path = F.kes_workbook(tmp_path / "k.xlsx", rows, title=("KESEPAKATAN RAKORTEKBANG 2026",))
    with pytest.raises(K.KesepakatanImportError, match="--tahun"):
        K.import_kesepakatan(path)
    frame, lap = K.import_kesepakatan(path, tahun=2026)
    assert set(frame["tahun"]) == {2026} and "--tahun" in lap.tahun


def test_not_a_kesepakatan_fails_and_writes_nothing(tmp_path):
    path = F.write_xlsx(tmp_path / "x.xlsx", [["Kode", "Program", "Target"], ["1.02", "x", 1]])
    out = tmp_path / "kesepakatan.csv"
    r = CliRunner().invoke(app, ["import-kesepakatan", str(path), "--out", str(out)])
    assert r.exit_code == 2 and "x.xlsx" in r.output and "no kesepakatan table" in r.output
    assert not out.exists()


def test_cli_writes_rows_the_contract_loads(buku, tmp_path):
    from workbench.sample import write_sample

    paket = write_sample(tmp_path / "paket")
    out = tmp_path / "kes.csv"
    r = CliRunner().invoke(app, ["import-kesepakatan", str(buku), "--data", str(paket),
                                 "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "wrote 8 kesepakatan rows" in r.output
    (paket / "kesepakatan.csv").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    p = load_package(paket)
    assert len(p.kesepakatan) == 8
    assert set(p.kesepakatan["kode_wilayah"]) == {"62.06", "62.71"}


def test_predicate_tells_a_kesepakatan_from_an_rkpd_table(buku, tmp_path):
    yes = K.looks_like_kesepakatan(open_file(buku))
    assert yes and "outcome column" in yes.reasons[0]
    rkpd = F.write_xlsx(tmp_path / "rkpd.xlsx", [
        ["RENCANA KERJA PERANGKAT DAERAH DINAS KESEHATAN TAHUN 2026"],
        ["Kode", "Urusan/Bidang/Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target",
         "Pagu Indikatif (Rp)"],
        ["1.02.02.2.02.0015", "Pengelolaan Pelayanan Kesehatan Gizi", "Jumlah", "10", "100"],
    ])
    no = K.looks_like_kesepakatan(open_file(rkpd))
    assert not no and "no outcome column" in no.reasons[0]


def test_real_tabel_c_wording_matches_the_reference_indicators():
    """Every Tabel C indicator wording that names a reference indicator is matched."""
    data = json.loads(open(TABEL_C, encoding="utf-8").read())
    from workbench.reference import load_indikator_referensi

    p = K.PencocokIndikator(load_indikator_referensi())
    got = {}
    for r in data["c2_dukungan_pro_sn"] + data["c3_dukungan_tematik"]:
        got[r["indikator_outcome"]] = p.cocokkan("", r["indikator_outcome"])[0]
    for r in data["c6_outcome_asta_cita"]:
        got[r["indikator"]] = p.cocokkan("", r["indikator"])[0]
    assert got["Tingkat Kemiskinan"] == "IKU.KEMISKINAN"
    assert got["Prevalensi Stunting (Pendek dan Sangat Pendek)"] == "IKU.STUNTING"
    assert got["Angka Kematian Ibu (AKI)"] == "1.02.AKI"
    # different definitions stay unmatched (hunian layak is not rumah layak huni)
    assert got["Rumah Tangga dengan Akses Hunian Layak, Terjangkau dan Berkelanjutan"] is None


# --- properties -------------------------------------------------------------------------------
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), carry=st.booleans(), spelling=st.integers(0, 3))
def test_column_order_blank_cells_and_spellings_do_not_change_the_rows(
    tmp_path, seed, carry, spelling
):
    rnd = random.Random(seed)
    kat = ("Kabupaten Katingan", "KATINGAN", "Kab. Katingan", "62.06")[spelling]
    pky = ("Kota Palangka Raya", "PALANGKARAYA", "Kota Palangkaraya", "62.71")[spelling]
    rows = F.kes_rows((kat, pky), carry=carry)
    order = list(range(len(F.KES_HEADER)))
    rnd.shuffle(order)
    header = [F.KES_HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in rows]
    path = F.kes_workbook(tmp_path / f"k{seed}.xlsx", rows, header=header)
    frame, lap = K.import_kesepakatan(path)
    assert _rows(frame) == F.kes_expected()
    assert (lap.baris["jenis"] == "kesepakatan").sum() == 8


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=40))
def test_indicator_matching_never_fails_on_arbitrary_text(text):
    from workbench.reference import load_indikator_referensi

    kode, cara = K.PencocokIndikator(load_indikator_referensi()).cocokkan("", text)
    assert (kode is None) == (cara == "")


def test_merged_outcome_cells_are_read_like_blank_ones(tmp_path):
    rows = F.kes_rows(("Katingan",), carry=True)
    path = F.kes_workbook(tmp_path / "m.xlsx", rows)
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.active
    # the stunting block spans sheet rows 7–8: merge its outcome … programme cells as people do
    for col in "BCDEF":
        ws[f"{col}8"] = None
        ws.merge_cells(f"{col}7:{col}8")
    wb.save(path)
    frame, _ = K.import_kesepakatan(path)
    assert _rows(frame) == F.kes_expected(("62.06",))


def test_the_province_tabel_c_itself_is_refused_with_the_reason(tmp_path):
    """Tabel C lists province (level-1) sub kegiatan: not kab/kota agreements."""
    data = json.loads(open(TABEL_C, encoding="utf-8").read())
    rows = [[r["urutan"], r["outcome"], r["indikator_outcome"], r["satuan"],
             r["pengampu_bidang_urusan_utama"], r["program"], r["kode"], r["sub_kegiatan"]]
            for r in data["c2_dukungan_pro_sn"][:12]]
    path = F.kes_workbook(tmp_path / "tabel_c.xlsx", rows, header=F.KES_HEADER[:-1],
                          title=("KESEPAKATAN RAKORTEKBANG TAHUN 2026", "RKPD TAHUN 2027"))
    with pytest.raises(K.KesepakatanImportError) as e:
        K.import_kesepakatan(path)
    assert "level-1 (province) sub kegiatan" in str(e.value)
    assert "tabel_c.xlsx" in str(e.value)


def test_a_new_outcome_does_not_inherit_the_old_indicator(tmp_path):
    rows = F.kes_rows(("Katingan",))
    # a fourth block whose indicator cell was left empty: its row must not take "Persentase
    # kondisi mantap jalan" from the block above
    rows.append([4, "Meningkatnya Ketahanan Pangan", None, None, "Pertanian",
                 "PROGRAM PENYEDIAAN DAN PENGEMBANGAN PRASARANA PERTANIAN", "3.27.02.2.01.0001",
                 "x", None])
    frame, lap = K.import_kesepakatan(F.kes_workbook(tmp_path / "k.xlsx", rows))
    assert _rows(frame) == F.kes_expected(("62.06",))
    assert lap.dilewati["alasan"].str.startswith("no indikator outcome").sum() == 1


def test_a_sub_kegiatan_without_code_takes_the_code_of_its_unique_name(tmp_path):
    from workbench.reference import load_nomenklatur

    nom = load_nomenklatur().set_index("kode")["uraian"]
    rows = F.kes_rows(("Katingan",))
    rows[1][6], rows[1][7] = None, nom["1.02.02.2.02.0015"].upper()  # name only, in capitals
    rows.append([None, None, None, None, None, None, None, "Kegiatan Yang Tidak Ada", None])
    frame, lap = K.import_kesepakatan(F.kes_workbook(tmp_path / "k.xlsx", rows))
    assert _rows(frame) == F.kes_expected(("62.06",))
    assert any("took the code" in c for c in lap.catatan)
    assert lap.dilewati["alasan"].str.contains("'Kegiatan Yang Tidak Ada' has no code").any()


def test_a_contract_kesepakatan_csv_round_trips(tmp_path):
    """The contract's own CSV is a (plain) kesepakatan table too: same rows back."""
    from workbench.sample import write_sample

    paket = write_sample(tmp_path / "paket")
    frame, lap = K.import_kesepakatan(paket / "kesepakatan.csv")
    asli = pd.read_csv(paket / "kesepakatan.csv", dtype=str, keep_default_na=False)
    assert _rows(K.kesepakatan_teks(frame)) == set(asli.itertuples(index=False, name=None))
    assert lap.ditulis == len(asli) and lap.dilewati.empty
    # but it is not taken for a Rakortek table by the folder importer's predicate
    assert not K.looks_like_kesepakatan(open_file(paket / "kesepakatan.csv"))
