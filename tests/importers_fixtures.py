"""Fixture builders for the BPS and kesepakatan importers (openpyxl, written into tmp_path).

The BPS table follows the layout of a BPS *tabel statis* download: a title row, a group label
merged over the year columns, the years, the 14 kab/kota in BPS order, the province row, the
national row, then ``Sumber``/``Catatan`` notes. The kesepakatan table follows Permendagri
14/2026 Tabel C (outcome → indikator outcome → satuan → bidang → programme → sub kegiatan)
with kab/kota sub kegiatan and the outcome written once per block.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

# Names as BPS prints them, in BPS code order (Katingan is BPS 6209 = Kemendagri 62.06).
BPS_NAMA = [
    ("6201", "Kotawaringin Barat"), ("6202", "Kotawaringin Timur"), ("6203", "Kapuas"),
    ("6204", "Barito Selatan"), ("6205", "Barito Utara"), ("6206", "Sukamara"),
    ("6207", "Lamandau"), ("6208", "Seruyan"), ("6209", "Katingan"), ("6210", "Pulang Pisau"),
    ("6211", "Gunung Mas"), ("6212", "Barito Timur"), ("6213", "Murung Raya"),
    ("6271", "Kota Palangka Raya"),
]  # fmt: skip
IPM_2024 = {
    "6201": 74.44, "6202": 72.66, "6203": 71.32, "6204": 72.36, "6205": 72.31, "6206": 69.85,
    "6207": 72.25, "6208": 69.05, "6209": 70.70, "6210": 70.27, "6211": 72.73, "6212": 73.26,
    "6213": 70.03, "6271": 82.20,
}  # fmt: skip


def nilai_ipm(kode_bps: str, tahun: int) -> float:
    """A value per kab/kota and year (2024 real, earlier years 0.5 a year lower)."""
    return round(IPM_2024[kode_bps] - 0.5 * (2024 - tahun), 2)


def koma(x: float) -> str:
    """``72.87`` → ``72,87`` (BPS text with a decimal comma)."""
    return f"{x:.2f}".replace(".", ",")


def bps_rows(
    tahun: Sequence[int] = (2020, 2021, 2022, 2023, 2024),
    nama: Sequence[tuple[str, str]] = BPS_NAMA,
    *,
    nilai=nilai_ipm,
    teks: bool = True,
    provinsi: tuple[str, float] | None = ("KALIMANTAN TENGAH", 74.28),
) -> list[list[Any]]:
    """Rows of a BPS table: title, group, years, kab/kota, province, INDONESIA, notes."""
    rows: list[list[Any]] = [
        ["Indeks Pembangunan Manusia (IPM) Menurut Kabupaten/Kota di Provinsi Kalimantan Tengah"],
        [],
        ["Kabupaten/Kota", "Indeks Pembangunan Manusia"] + [None] * (len(tahun) - 1),
        [None, *[str(t) for t in tahun]],
    ]
    for b, n in nama:
        vals = [nilai(b, t) for t in tahun]
        rows.append([n, *[koma(v) if teks else v for v in vals]])
    if provinsi:
        rows.append([provinsi[0], *[koma(provinsi[1]) for _ in tahun]])
    rows.append(["INDONESIA", *["…" for _ in tahun]])
    rows += [[], ["Sumber: BPS Provinsi Kalimantan Tengah"], ["Catatan: angka 2024 sementara"]]
    return rows


def write_xlsx(path: Path, rows: list[list[Any]], *, merge: Sequence[str] = (),
               title: str = "Tabel") -> Path:
    """Write ``rows`` to a one-sheet workbook (merging the given ranges)."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for m in merge:
        ws.merge_cells(m)
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], delimiter: str = ",") -> Path:
    """Write ``rows`` as a BPS-style CSV download."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    return path


# --- kesepakatan ------------------------------------------------------------------------------
KES_HEADER = ["No", "Outcome", "Indikator Outcome", "Satuan", "Pengampu Bidang Urusan",
              "Program", "Kode Sub Kegiatan", "Sub Kegiatan", "Kabupaten/Kota"]  # fmt: skip
# (outcome, indikator as Tabel C writes it, satuan, bidang, programme, [(code, name), ...])
KES_BLOK = [
    ("Menurunnya Kemiskinan dan Kemiskinan Ekstrem", "Tingkat Kemiskinan", "%", "Sosial",
     "PROGRAM PERLINDUNGAN DAN JAMINAN SOSIAL",
     [("1.06.05.2.02.0006", "Pengelolaan Data Fakir Miskin Cakupan Daerah Kabupaten/Kota")]),
    ("Menurunnya Prevalensi Stunting",
     "Prevalensi Stunting (Pendek dan Sangat Pendek) pada Balita", "%", "Kesehatan",
     "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT",
     [("1.02.02.2.02.0015", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat"),
      ("1.02.02.2.02.0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil")]),
    ("Meningkatnya Kualitas Infrastruktur Jalan", "Persentase kondisi mantap jalan", "%",
     "Pekerjaan Umum dan Penataan Ruang", "PROGRAM PENYELENGGARAAN JALAN",
     [("1.03.10.2.01.0053", "Pembangunan Jalan")]),
]  # fmt: skip
KES_INDIKATOR = {
    "Tingkat Kemiskinan": "IKU.KEMISKINAN",
    "Prevalensi Stunting (Pendek dan Sangat Pendek) pada Balita": "IKU.STUNTING",
    "Persentase kondisi mantap jalan": "1.03.JALAN_MANTAP",
}


def kes_rows(wilayah: Sequence[str] = ("Kabupaten Katingan", "Kota Palangka Raya"),
             *, carry: bool = True) -> list[list[Any]]:
    """Data rows of a kesepakatan table; with ``carry`` the repeated cells are left blank."""
    out: list[list[Any]] = []
    no = 0
    for w in wilayah:
        first_w = True
        for outcome, ind, sat, bid, prog, subs in KES_BLOK:
            no += 1
            for j, (kode, nama) in enumerate(subs):
                lead = j == 0
                row = [no if lead else None, outcome, ind, sat, bid, prog, kode, nama, w]
                if carry and not lead:
                    row[1:6] = [None] * 5
                if carry and not first_w:
                    row[8] = None
                first_w = False
                out.append(row)
    return out


def kes_expected(wilayah_kode: Sequence[str] = ("62.06", "62.71"), tahun: int = 2027):
    """The contract rows :func:`kes_rows` should give."""
    return {
        (tahun, KES_INDIKATOR[ind], kode, w)
        for w in wilayah_kode
        for _, ind, _, _, _, subs in KES_BLOK
        for kode, _ in subs
    }


def kes_workbook(path: Path, rows: list[list[Any]], *, header: Sequence[str] = KES_HEADER,
                 title: Sequence[str] = ("KESEPAKATAN HASIL RAKORTEKBANG TAHUN 2026",
                                         "DALAM RANGKA PENYUSUNAN RKPD TAHUN 2027"),
                 sheet: str = "Kesepakatan") -> Path:
    """A kesepakatan workbook: title block, header, a row of column numbers, rows, signatures."""
    body = [[t] for t in title] + [[], list(header),
                                   [f"({i + 1})" for i in range(len(header))]]
    body += rows
    body += [[], ["Palangka Raya, 20 Maret 2026"], ["Mengetahui,"], ["Kepala BAPPERIDA"],
             ["NIP. 19700101 199503 1 001"]]
    return write_xlsx(path, body, title=sheet)
