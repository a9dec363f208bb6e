"""BPS statistics tables → realisasi rows keyed by Kemendagri code through the crosswalk."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from importers_fixtures import BPS_NAMA, bps_rows, koma, nilai_ipm, write_csv, write_xlsx
from typer.testing import CliRunner

from workbench import bps
from workbench.cli import app
from workbench.contract import load_package
from workbench.reference import kode_bps_ke_kemendagri
from workbench.spreadsheet import open_file

KE = kode_bps_ke_kemendagri()
TAHUN = (2020, 2021, 2022, 2023, 2024)


@pytest.fixture()
def tabel(tmp_path):
    return write_xlsx(tmp_path / "ipm.xlsx", bps_rows(), merge=["B3:F3"])


def test_katingan_bps_6209_lands_on_62_06(tabel):
    frame, lap = bps.import_bps(tabel, indikator="IKU.IPM")
    kat = frame[(frame["kode_wilayah"] == "62.06") & (frame["tahun"] == 2024)]
    assert kat["realisasi"].tolist() == [pytest.approx(70.70)]
    # Sukamara is BPS 6206 but Kemendagri 62.08: by name, not by removing a dot
    suk = frame[(frame["kode_wilayah"] == "62.08") & (frame["tahun"] == 2024)]
    assert suk["realisasi"].tolist() == [pytest.approx(69.85)]
    assert not (frame["kode_wilayah"] == "62.09").any() or frame.loc[
        (frame["kode_wilayah"] == "62.09") & (frame["tahun"] == 2024), "realisasi"
    ].item() == pytest.approx(72.25)  # 62.09 is Lamandau (BPS 6207)


def test_every_row_is_used_or_skipped_with_its_reason(tabel):
    frame, lap = bps.import_bps(tabel, indikator="IKU.IPM")
    assert len(frame) == 15 * 5 and list(frame.columns) == list(bps.REALISASI_COLUMNS)
    assert set(frame["kode_wilayah"]) == set(KE.values())
    b = lap.baris
    assert (b["jenis"] == "dipakai").sum() == 15
    alasan = lap.dilewati.set_index("nama")["alasan"]
    assert "national" in alasan["INDONESIA"]
    assert alasan.str.contains("note below the table").sum() == 2
    assert (lap.dilewati["alasan"] == "blank row").sum() == 1
    # rows under the header: 14 + province + INDONESIA + blank + 2 notes
    assert len(b) == 19 and b["baris"].tolist() == list(range(5, 24))
    assert lap.sumber.startswith("BPS Provinsi Kalimantan Tengah: Indeks Pembangunan Manusia")
    assert (frame["sumber"] == lap.sumber).all()
    assert "rows read: 19 (used 15, skipped 4)" in lap.format()


def test_unknown_name_is_reported_with_the_nearest(tmp_path):
    nama = [*BPS_NAMA[:3], ("6299", "Kotawaringin Tenggara")]
    rows = bps_rows(nama=nama, nilai=lambda b, t: 70.0)
    frame, lap = bps.import_bps(write_xlsx(tmp_path / "x.xlsx", rows), indikator="IKU.IPM")
    d = lap.dilewati.set_index("nama")
    assert "nearest: 'Kotawaringin Barat'" in d.loc["Kotawaringin Tenggara", "alasan"]
    assert set(frame["kode_wilayah"]) == {"62.01", "62.02", "62.03", "62"}


def test_missing_marks_and_comma_decimals(tmp_path):
    rows = bps_rows(tahun=(2023, 2024), nama=BPS_NAMA[:2], provinsi=None)
    rows[4][1] = "-"  # Kotawaringin Barat 2023 missing
    rows[5][2] = "72,66*"  # provisional mark
    frame, lap = bps.import_bps(write_xlsx(tmp_path / "m.xlsx", rows), indikator="IKU.IPM")
    assert len(frame) == 3
    assert frame.set_index(["kode_wilayah", "tahun"]).loc[("62.02", 2024), "realisasi"] == 72.66
    assert set(lap.sel["alasan"]) == {"missing (-)", "mark '*' removed"}


def test_unreadable_value_fails_naming_file_sheet_row_column_and_value(tmp_path):
    rows = bps_rows(tahun=(2023, 2024), nama=BPS_NAMA[:2])
    rows[5][2] = "tujuh puluh"
    path = write_xlsx(tmp_path / "rusak.xlsx", rows)
    out = tmp_path / "realisasi.csv"
    with pytest.raises(bps.BpsImportError) as e:
        bps.import_bps(path, indikator="IKU.IPM")
    msg = str(e.value)
    for part in ("rusak.xlsx", "sheet 'Tabel'", "row 6", "column C", "'tujuh puluh'"):
        assert part in msg
    r = CliRunner().invoke(app, ["import-bps", str(path), "--indikator", "IKU.IPM",
                                 "--out", str(out)])
    assert r.exit_code == 2 and "row 6" in r.output and not out.exists()


def test_unknown_indicator_is_refused_with_the_nearest(tabel):
    with pytest.raises(bps.BpsImportError, match="nearest: IKU.IPM"):
        bps.import_bps(tabel, indikator="IKU.IPMM")


def test_csv_download_with_semicolons_and_dot_decimals(tmp_path):
    rows = bps_rows(teks=False, provinsi=None)
    rows = [[f"{v:.2f}" if isinstance(v, float) else v for v in r] for r in rows]
    path = write_csv(tmp_path / "ipm.csv", rows, delimiter=";")
    frame, lap = bps.import_bps(path, indikator="IKU.IPM")
    assert len(frame) == 14 * 5
    assert any("dot" in c for c in lap.catatan)
    got = frame.set_index(["kode_wilayah", "tahun"])["realisasi"]
    assert got[("62.06", 2024)] == pytest.approx(70.70)


def test_two_periods_a_year_need_periode(tmp_path):
    rows = [
        ["Persentase Penduduk Miskin Menurut Kabupaten/Kota"],
        ["Kabupaten/Kota", "2024", None],
        [None, "Maret", "September"],
        ["Seruyan", "7,08", "7,01"],
        ["Katingan", "5,20", "5,10"],
        ["Kapuas", "5,30", "5,25"],
    ]
    path = write_xlsx(tmp_path / "miskin.xlsx", rows, merge=["B2:C2"])
    with pytest.raises(bps.BpsImportError, match="--periode"):
        bps.import_bps(path, indikator="IKU.KEMISKINAN")
    frame, _ = bps.import_bps(path, indikator="IKU.KEMISKINAN", periode="Maret")
    got = frame.set_index("kode_wilayah")["realisasi"]
    assert got["62.07"] == pytest.approx(7.08) and got["62.06"] == pytest.approx(5.20)


def test_a_bps_code_column_is_checked_against_the_name(tmp_path):
    rows = [["Kode", "Kabupaten/Kota", "2024"], ["6209", "Katingan", "70,70"],
            ["6206", "Sukamara", "69,85"], ["6207", "Lamandau", "72,25"]]
    frame, _ = bps.import_bps(write_xlsx(tmp_path / "k.xlsx", rows), indikator="IKU.IPM")
    assert frame["kode_wilayah"].tolist() == ["62.06", "62.08", "62.09"]
    rows[1][0] = "6206"  # Katingan with Sukamara's code
    with pytest.raises(bps.BpsImportError, match="Katingan"):
        bps.import_bps(write_xlsx(tmp_path / "k2.xlsx", rows), indikator="IKU.IPM")


def test_written_rows_load_through_the_contract(tabel, tmp_path):
    frame, _ = bps.import_bps(tabel, indikator="IKU.IPM")
    from workbench.sample import write_sample

    paket = write_sample(tmp_path / "paket")
    bps.write_realisasi(frame, tmp_path / "bps.csv")
    ours = pd.read_csv(tmp_path / "bps.csv", dtype=str, keep_default_na=False)
    assert ours.loc[0, "realisasi"] == "74,28"
    (paket / "realisasi.csv").write_text((tmp_path / "bps.csv").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    p = load_package(paket)
    r = p.realisasi.set_index(["kode_wilayah", "tahun"])["realisasi"]
    assert r[("62.06", 2024)] == pytest.approx(70.70)


def test_predicate_says_why(tabel, tmp_path):
    yes = bps.looks_like_bps(open_file(tabel))
    assert yes and "14" in yes.reasons[0] or "15" in yes.reasons[0]
    no = write_xlsx(tmp_path / "lain.xlsx", [["Kode", "Program", "Indikator"], ["1.02", "x", "y"]])
    r = bps.looks_like_bps(open_file(no))
    assert not r and "no row of year columns" in r.reasons[0]


# --- properties -------------------------------------------------------------------------------
_EJAAN = {
    "Kotawaringin Barat": ["KOTAWARINGIN BARAT", "Kab. Kotawaringin Barat",
                           "Kabupaten Kotawaringin Barat", " kotawaringin  barat ", "Kobar"],
    "Kota Palangka Raya": ["KOTA PALANGKA RAYA", "Palangka Raya", "Kota Palangkaraya",
                           "PALANGKARAYA"],
    "Katingan": ["KATINGAN", "Kab. Katingan", "Kabupaten  Katingan"],
    "Barito Timur": ["BARITO TIMUR", "Kab Barito Timur", "Bartim"],
}  # fmt: skip


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), teks=st.booleans(), ejaan=st.integers(0, 10))
def test_row_order_column_order_and_spelling_do_not_change_the_rows(tmp_path, seed, teks, ejaan):
    rnd = random.Random(seed)
    nama = list(BPS_NAMA)
    rnd.shuffle(nama)
    nama = [(b, _EJAAN[n][ejaan % len(_EJAAN[n])] if n in _EJAAN else n) for b, n in nama]
    tahun = list(TAHUN)
    rnd.shuffle(tahun)
    rows = bps_rows(tahun=tahun, nama=nama, teks=teks)
    path = write_xlsx(tmp_path / f"p{seed}.xlsx", rows)
    frame, lap = bps.import_bps(path, indikator="IKU.IPM")
    got = {(r.kode_wilayah, r.tahun): r.realisasi for r in frame.itertuples()}
    want = {(KE[b], t): nilai_ipm(b, t) for b, _ in BPS_NAMA for t in TAHUN}
    want |= {("62", t): 74.28 for t in TAHUN}
    assert got == pytest.approx(want)
    assert len(lap.baris) == len(rows) - 4


@settings(max_examples=60, deadline=None)
@given(x=st.decimals(min_value=0, max_value=999, places=2, allow_nan=False))
def test_comma_decimal_text_reads_as_the_number(x):
    v, note = bps._nilai(koma(float(x)), titik=False)
    assert v == pytest.approx(float(x)) and note == ""
    back = bps.realisasi_teks(pd.DataFrame({"tahun": [2024], "realisasi": [v]}))["realisasi"][0]
    assert float(back.replace(",", ".")) == pytest.approx(float(x))


def test_several_series_side_by_side_need_seri(tmp_path):
    rows = [
        ["Komponen IPM Menurut Kabupaten/Kota"],
        ["Kabupaten/Kota", "Harapan Lama Sekolah (tahun)", None, "Rata-rata Lama Sekolah (tahun)",
         None],
        [None, "2023", "2024", "2023", "2024"],
        ["Katingan", "12,10", "12,20", "8,01", "8,10"],
        ["Sukamara", "12,16", "12,17", "8,17", "8,20"],
        ["Lamandau", "12,30", "12,31", "8,50", "8,55"],
    ]
    path = write_xlsx(tmp_path / "komponen.xlsx", rows, merge=["B2:C2", "D2:E2"])
    with pytest.raises(bps.BpsImportError, match="--seri"):
        bps.import_bps(path, indikator="1.01.RLS")
    frame, lap = bps.import_bps(path, indikator="1.01.RLS", seri="rata-rata lama")
    got = frame.set_index(["kode_wilayah", "tahun"])["realisasi"]
    assert got[("62.06", 2024)] == pytest.approx(8.10) and len(frame) == 6
    assert lap.kolom_tahun["dipakai"].tolist() == [False, False, True, True]


def test_predicates_do_not_claim_each_others_files(tabel, tmp_path):
    import importers_fixtures as F

    from workbench.kesepakatan_impor import looks_like_kesepakatan

    kes = F.kes_workbook(tmp_path / "k.xlsx", F.kes_rows())
    assert not bps.looks_like_bps(open_file(kes))
    assert not looks_like_kesepakatan(open_file(tabel))
    # an RPJMD-style table has year columns, but programmes, not governments, in its rows
    rpjmd = write_xlsx(tmp_path / "rpjmd.xlsx", [
        ["Kode", "Program", "Indikator", "2025", "2026", "2027"],
        ["1.02.02", "Program Pemenuhan Upaya Kesehatan", "Prevalensi stunting", "22", "21", "20"],
        ["1.01.02", "Program Pengelolaan Pendidikan", "APM SD", "97", "97,5", "98"],
        ["1.03.10", "Program Penyelenggaraan Jalan", "Jalan mantap", "70", "72", "74"],
    ])
    r = bps.looks_like_bps(open_file(rpjmd))
    assert not r and "only 0 government names" in r.reasons[0]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_any_case_spacing_and_prefix_of_a_name_matches_its_code(data):
    from workbench.reference import load_wilayah
    from workbench.wilayah_nama import PencocokWilayah

    w = load_wilayah()
    p = PencocokWilayah(w)
    row = w.iloc[data.draw(st.integers(0, len(w) - 1))]
    words = row["nama"].split()
    if row["jenis"] == "Kabupaten":
        words = [data.draw(st.sampled_from(["", "Kab.", "Kabupaten", "KAB"])), *words]
    sep = data.draw(st.sampled_from([" ", "  ", " \u00a0"]))
    text = sep.join(x for x in words if x)
    text = "".join(c.upper() if data.draw(st.booleans()) else c.lower() for c in text)
    assert p.cocokkan(text).kode == row["kode"]
