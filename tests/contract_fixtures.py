"""A tiny valid planning data package, and writers for CSV folders and workbooks.

Tests take :func:`tables`, break one cell, write the package with :func:`tulis_csv` or
:func:`tulis_xlsx` and check the report. Every table is a frame of *text* cells, as a user's
file holds them. Line numbers: CSV line 1 is the header, so the frame's row i is line i + 2
(and Excel row i + 2).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.reference import load_wilayah

#: The nomenclature the tests check codes against (monkeypatched in place of the shipped subset).
NOMENKLATUR = {
    "1", "1.02", "1.06",
    "1.02.02", "1.02.02.1.02", "1.02.02.1.02.0001", "1.02.02.1.02.0003",
    "1.02.02.2.02", "1.02.02.2.02.0001", "1.02.02.2.02.0003", "1.02.02.2.02.0053",
    "1.06.04", "1.06.04.2.01", "1.06.04.2.01.0001",
    "X.XX.01", "X.XX.01.2.01", "X.XX.01.2.01.0001",
}  # fmt: skip
#: Master satuan of the sub kegiatan above (the others have none, as Tabel C codes).
SATUAN = {"1.02.02.2.02.0001": "%", "1.06.04.2.01.0001": " % "}
#: Renumbered codes of the tiny nomenclature: old → (new, versi).
PERUBAHAN = {"1.02.02.2.02.0002": ("1.02.02.2.02.0053", "Kepmendagri 900.1.15.5-3406/2024")}


def tables() -> dict[str, pd.DataFrame]:
    """The five tables of a small clean package (Kalteng reference wilayah, 2 indicators)."""
    w = load_wilayah()
    wilayah = pd.DataFrame({
        "kode": w["kode"], "kode_bps": w["kode_bps"], "nama": w["nama"], "jenis": w["jenis"],
        "ibukota": w["ibukota"],
        "luas_km2": [f"{x:.1f}".replace(".", ",") for x in w["luas_km2"]],
        "penduduk": w["penduduk"].astype(str),
    })  # fmt: skip
    indikator = pd.DataFrame(
        [
            ["IKU.KEMISKINAN", "Persentase penduduk miskin", "%", "turun", "dampak", "1.06",
             "rata_tertimbang_penduduk"],
            ["1.02.PERSALINAN", "Persalinan di fasilitas kesehatan", "%", "naik", "outcome",
             "1.02", "rata_tertimbang_penduduk"],
        ],
        columns=["kode_indikator", "uraian", "satuan", "arah", "jenis", "kode_bidang",
                 "agregasi"],
    )  # fmt: skip
    cols = ["kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
            "kode_indikator", "uraian_indikator", "target", "satuan", "pagu"]
    rencana = pd.DataFrame(
        [
            # line 2: province programme with a range target
            ["62", "RKPD", "2026", "Dinas Kesehatan", "1.02.02", "IKU.KEMISKINAN",
             "Persentase penduduk miskin", "4,11–4,66", "%", ""],
            # line 3: province sub kegiatan (level 1) with pagu in Indonesian format
            ["62", "RKPD", "2026", "Dinas Kesehatan", "1.02.02.1.02.0003", "",
             "Jumlah layanan", "12 Unit", "unit", "1.250.000.000,00"],
            # line 4: kab/kota sub kegiatan (level 2), "at least" target
            ["62.06", "RKPD", "2026", "Dinas Kesehatan", "1.02.02.2.02.0001", "1.02.PERSALINAN",
             "Persalinan di fasilitas kesehatan", "≥ 80", "%", "850000000"],
            # line 5: a Renja line with a point target in percent
            ["62.71", "RENJA", "2026", "Dinas Sosial", "1.06.04.2.01.0001", "",
             "Keluarga penerima bantuan", "75,5%", "%", "1.500.000"],
            # line 6: an "at most" target
            ["62.06", "RPJMD", "2027", "Dinas Sosial", "1.06.04", "IKU.KEMISKINAN",
             "Persentase penduduk miskin", "≤ 5", "%", ""],
        ],
        columns=cols,
    )  # fmt: skip
    realisasi = pd.DataFrame(
        [["6209", "IKU.KEMISKINAN", "2025", "5,26", "sintetis"],  # 6209 = 62.06 Katingan
         ["62", "IKU.KEMISKINAN", "2024", "5,17", "BPS"],
         ["6208", "1.02.PERSALINAN", "2025", "81,5", "sintetis"]],  # 6208 = 62.07 Seruyan
        columns=["kode_bps", "kode_indikator", "tahun", "realisasi", "sumber"],
    )  # fmt: skip
    kesepakatan = pd.DataFrame(
        [["2026", "IKU.KEMISKINAN", "1.02.02.2.02.0001", ""],
         ["2026", "IKU.KEMISKINAN", "1.06.04.2.01.0001", "62.06"]],
        columns=["tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"],
    )  # fmt: skip
    return {"wilayah": wilayah, "indikator": indikator, "rencana": rencana,
            "realisasi": realisasi, "kesepakatan": kesepakatan}  # fmt: skip


def tulis_csv(t: dict[str, pd.DataFrame], folder: Path, encoding: str = "utf-8") -> Path:
    """Write each table as ``<name>.csv`` (text cells, no index) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in t.items():
        df.to_csv(folder / f"{name}.csv", index=False, encoding=encoding, lineterminator="\n")
    return folder


def tulis_xlsx(t: dict[str, pd.DataFrame], path: Path, sheet_names: dict | None = None,
               typed: dict | None = None) -> Path:
    """Write one workbook, a sheet per table; empty text cells stay empty.

    Args:
        t: The tables.
        path: The .xlsx to write.
        sheet_names: Rename sheets (table → sheet title).
        typed: ``{(table, row, column): value}`` cells written with their Python type (e.g. a
            float code, as Excel stores a number).
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, df in t.items():
        ws = wb.create_sheet((sheet_names or {}).get(name, name))
        ws.append(list(df.columns))
        for i, row in enumerate(df.itertuples(index=False, name=None)):
            vals = [None if v == "" else v for v in row]
            for (tb, r, c), v in (typed or {}).items():
                if tb == name and r == i:
                    vals[list(df.columns).index(c)] = v
            ws.append(vals)
    wb.save(path)
    return path
