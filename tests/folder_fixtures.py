"""A folder of real-looking input files for ``workbench import FOLDER`` (built with openpyxl).

:func:`build_folder` writes 15 RKPD 2026 exports (the province and the 14 kab/kota, each titled
with its government, in six header layouts of :mod:`sipd_fixtures` that rotate), a Rakortek
kesepakatan workbook for RKPD 2026 (Katingan and Palangka Raya) and a BPS IPM table
(14 kab/kota, 2020–2024). Every RKPD holds the base plan of :mod:`sipd_fixtures`: 11 lines
(programme 3, kegiatan 2, sub kegiatan 6) and pagu 2.436.250.000 matching its JUMLAH row.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import importers_fixtures as IF
import sipd_fixtures as F

# (layout, header rows, column numbers) rotating over the 15 files
LAYOUTS = [
    (F.LAYOUT_SIPD_2ROW, 2, True),
    (F.LAYOUT_3ROW, 3, False),
    (F.LAYOUT_SHUFFLED, 1, True),
    (F.LAYOUT_NILAI_SATUAN, 2, True),
    (F.LAYOUT_K_RP, 3, True),
    (F.LAYOUT_RENJA_TOLOK_UKUR, 3, "formula"),
]
# (Kemendagri code, name as a title writes it)
PEMERINTAH = [
    ("62", "PROVINSI KALIMANTAN TENGAH"),
    ("62.01", "KABUPATEN KOTAWARINGIN BARAT"), ("62.02", "KABUPATEN KOTAWARINGIN TIMUR"),
    ("62.03", "KABUPATEN KAPUAS"), ("62.04", "KABUPATEN BARITO SELATAN"),
    ("62.05", "KABUPATEN BARITO UTARA"), ("62.06", "KABUPATEN KATINGAN"),
    ("62.07", "KABUPATEN SERUYAN"), ("62.08", "KABUPATEN SUKAMARA"),
    ("62.09", "KABUPATEN LAMANDAU"), ("62.10", "KABUPATEN GUNUNG MAS"),
    ("62.11", "KABUPATEN PULANG PISAU"), ("62.12", "KABUPATEN MURUNG RAYA"),
    ("62.13", "KABUPATEN BARITO TIMUR"), ("62.71", "KOTA PALANGKA RAYA"),
]  # fmt: skip
LINES_PER_PLAN = 11  # programme 3 + kegiatan 2 + sub kegiatan 6 (sipd_fixtures docstring)
# the province plans level-1 kegiatan and sub kegiatan (codes of Permendagri 14/2026 Tabel C)
KODE_PROVINSI = {
    "1.01.02.2.01": "1.01.02.1.01", "1.01.02.2.01.0047": "1.01.02.1.01.0001",
    "1.01.02.2.01.0029": "1.01.02.1.01.0003", "1.02.02.2.02": "1.02.02.1.02",
    "1.02.02.2.02.0001": "1.02.02.1.02.0001", "1.02.02.2.02.0004": "1.02.02.1.02.0004",
}  # fmt: skip


def rows_provinsi() -> list[F.Baris]:
    """The base plan with the province's level-1 codes and their reference names."""
    from workbench.reference import load_nomenklatur

    n = load_nomenklatur()
    nama = dict(zip(n["kode"], n["uraian"], strict=True))
    return [replace(b, kode=KODE_PROVINSI[b.kode], uraian=nama[KODE_PROVINSI[b.kode]])
            if b.kode in KODE_PROVINSI else b for b in F.base_rows()]


def rkpd(path: Path, nama: str, i: int) -> Path:
    """One RKPD 2026 export of government ``nama`` in layout ``i`` (mod 6)."""
    layout, depth, nums = LAYOUTS[i % len(LAYOUTS)]
    title = [f"RENCANA KERJA PEMERINTAH DAERAH {nama} TAHUN 2026",
             "Tabel 5.1 Rencana Program, Kegiatan dan Sub Kegiatan Prioritas Daerah", ""]
    rows = rows_provinsi() if nama.startswith("PROVINSI") else None
    return F.build_workbook(path, rows=rows, title=title, layout=layout, header_rows=depth,
                            column_numbers=nums)


def kesepakatan(path: Path) -> Path:
    """The Rakortek agreement for RKPD 2026 (Katingan, Palangka Raya): 8 rows."""
    return IF.kes_workbook(path, IF.kes_rows(), title=(
        "KESEPAKATAN HASIL RAKORTEKBANG TAHUN 2025", "DALAM RANGKA PENYUSUNAN RKPD TAHUN 2026"))


def bps(path: Path) -> Path:
    """The BPS IPM table: (14 kab/kota + the province 62) × 2020–2024 = 75 realisasi rows."""
    return IF.write_xlsx(path, IF.bps_rows(), merge=("B3:F3",))


def build_folder(folder: Path) -> Path:
    """The whole test folder (17 files)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, (kode, nama) in enumerate(PEMERINTAH):
        rkpd(folder / f"rkpd_2026_{kode.replace('.', '_')}.xlsx", nama, i)
    kesepakatan(folder / "kesepakatan_rakortek.xlsx")
    bps(folder / "ipm_kabkota.xlsx")
    return folder
