"""The planning data contract: five tables, their loader and the validation report.

A package is a folder of ``<table>.csv`` files (UTF-8; a byte-order mark is tolerated; ``,``
or ``;`` as delimiter) or one ``.xlsx`` workbook with one sheet per table (DESIGN.md §3):

=============  ==========================================================================
table          columns
=============  ==========================================================================
wilayah        kode, kode_bps, nama, jenis, ibukota, luas_km2, penduduk (+ lat, lon)
indikator      kode_indikator, uraian, satuan, arah, jenis, kode_bidang, agregasi (+ sumber)
rencana        kode_wilayah, dokumen, tahun, perangkat_daerah, kode_nomenklatur,
               kode_indikator, uraian_indikator, target, satuan, pagu
realisasi      kode_wilayah or kode_bps, kode_indikator, tahun, realisasi (+ sumber)
kesepakatan    tahun, kode_indikator, kode_sub_kegiatan, kode_wilayah (empty = every kab/kota)
=============  ==========================================================================

:func:`validate_path` reads a package and returns a :class:`ValidationReport` listing every
problem with the file, sheet, row (the CSV line number with the header on line 1, or the
Excel row), column, value and reason; :func:`load_package` returns typed frames
(:class:`Package`) or raises :class:`PackageError` carrying that report. In lenient mode the
rows with errors are dropped (each one listed) and loading goes on; problems that no
dropped row can fix (a missing table or column, an undecodable file) still raise.

Codes are checked against the package's *own* ``wilayah`` table (a national package has
514 kab/kota) and ``indikator`` table, and against the shipped nomenclature
(:func:`workbench.reference.load_nomenklatur`): a well-formed code missing from it is a warning
(*peringatan*), a malformed one an error; the penunjang programme ``X.XX.01`` matches in every
bidang; a renumbered code is reported as ``kode lama → kode baru``; a sub kegiatan line whose
satuan differs from the master's is a warning. Every check is vectorised and each
distinct value is parsed once, so a million plan lines validate in seconds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.contract import columns
from workbench.contract.columns import TAHUN_MAKS, TAHUN_MIN, _Tabel
from workbench.contract.reading import CATATAN, _baca, _periksa_kolom
from workbench.contract.report import (
    ERROR,
    MASALAH_KOLOM,
    PERINGATAN,
    PackageError,
    ValidationReport,
    _Kumpul,
)
from workbench.contract.schema import skema
from workbench.contract.tables import (
    TAHUN_JAUH,
    _indikator,
    _kesepakatan,
    _realisasi,
    _rencana,
    _wilayah,
)

# The vocabulary of the contract lives in workbench.vocabulary; these names stay importable here.
from workbench.vocabulary import (
    AGREGASI,
    ARAH,
    DOKUMEN,
    JENIS_INDIKATOR,
    JENIS_WILAYAH,
    KOLOM,
    OPSIONAL,
    TABLES,
)

__all__ = [
    "AGREGASI",
    "CATATAN",
    "ERROR",
    "MASALAH_KOLOM",
    "PERINGATAN",
    "TAHUN_JAUH",
    "ARAH",
    "DOKUMEN",
    "JENIS_INDIKATOR",
    "JENIS_WILAYAH",
    "KOLOM",
    "OPSIONAL",
    "TABLES",
    "TAHUN_MAKS",
    "TAHUN_MIN",
    "Package",
    "PackageError",
    "ValidationReport",
    "load_package",
    "skema",
    "validate_path",
]


@dataclass(frozen=True)
class Package:
    """A validated planning data package: the five typed tables and the validation report."""

    wilayah: pd.DataFrame
    indikator: pd.DataFrame
    rencana: pd.DataFrame
    realisasi: pd.DataFrame
    kesepakatan: pd.DataFrame
    laporan: ValidationReport = field(repr=False)


def _run(
    path: str | os.PathLike, lenient: bool
) -> tuple[ValidationReport, dict[str, pd.DataFrame]]:
    path = Path(path)
    k = _Kumpul()
    mentah = _baca(path, k)
    tabel = {n: _Tabel(m, k) for n, m in mentah.items() if _periksa_kolom(m, k)}
    hasil: dict[str, pd.DataFrame] = {}
    # order matters: the other tables are checked against the wilayah and indikator rows kept
    jenis: dict[str, str] = {}
    wil = None
    if "wilayah" in tabel:
        hasil["wilayah"] = _wilayah(tabel["wilayah"])
        wil = hasil["wilayah"][~tabel["wilayah"].buruk]
        jenis = dict(zip(wil["kode"], wil["jenis"], strict=True))
    nomen = columns._nomenklatur_kode()
    ind: set[str] = set()
    if "indikator" in tabel:
        ind_df = _indikator(tabel["indikator"], nomen)
        hasil["indikator"] = ind_df
        ind = set(ind_df.loc[~tabel["indikator"].buruk, "kode_indikator"].dropna())
    if "rencana" in tabel:
        hasil["rencana"] = _rencana(tabel["rencana"], jenis, ind, nomen)
    if "realisasi" in tabel and wil is not None:
        hasil["realisasi"] = _realisasi(tabel["realisasi"], wil, ind)
    if "kesepakatan" in tabel:
        hasil["kesepakatan"] = _kesepakatan(tabel["kesepakatan"], jenis, ind, nomen)
    rows = []
    for n in TABLES:
        if n not in mentah:
            continue
        m = mentah[n]
        t = tabel.get(n)
        dibuang = int(t.buruk.sum()) if t is not None and n in hasil else 0
        disimpan = len(m.frame) - dibuang if t is not None and n in hasil else 0
        rows.append({"tabel": n, "berkas": m.berkas, "sheet": m.sheet, "dibaca": len(m.frame),
                     "kosong": m.n_kosong, "dibuang": dibuang, "disimpan": disimpan})
    for n, df in hasil.items():
        keep = ~tabel[n].buruk
        hasil[n] = df[keep].reset_index(drop=True) if not keep.all() else df
    if "wilayah" in hasil and hasil["wilayah"]["penduduk"].notna().all():
        hasil["wilayah"]["penduduk"] = hasil["wilayah"]["penduduk"].astype("int64")
    report = ValidationReport(
        sumber=str(path), masalah=k.frame(),
        baris=pd.DataFrame(rows, columns=["tabel", "berkas", "sheet", "dibaca", "kosong",
                                          "dibuang", "disimpan"]),
        lenient=lenient, fatal=k.fatal or len(hasil) < len(TABLES),
    )
    return report, hasil


def validate_path(path: str | os.PathLike, *, lenient: bool = False) -> ValidationReport:
    """Check a package (folder of CSV files or .xlsx workbook) against the data contract.

    Args:
        path: The package folder or workbook.
        lenient: Report as lenient loading would (rows with errors counted as dropped).

    Returns:
        The :class:`ValidationReport`; ``.ok`` is False when any error was found.
    """
    return _run(path, lenient)[0]


def load_package(path: str | os.PathLike, *, lenient: bool = False) -> Package:
    """Load and validate a planning data package into typed frames.

    Args:
        path: A folder of ``<table>.csv`` files or one ``.xlsx`` workbook.
        lenient: Drop the rows with errors (each listed in ``Package.laporan``) instead of
            failing. Problems that no dropped row can fix (missing table or column, a file
            that cannot be decoded) fail in either mode.

    Returns:
        :class:`Package` with ``wilayah, indikator, rencana, realisasi, kesepakatan`` typed
        as docs/ARCHITECTURE.md says, and ``laporan``.

    Raises:
        PackageError: The package has errors (not lenient), or cannot be loaded at all. The
            message lists the first problems; ``err.laporan`` holds them all.
    """
    report, hasil = _run(path, lenient)
    if report.fatal or (not report.ok and not lenient):
        n = len(report.errors)
        raise PackageError(
            f"{path}: the package does not follow the data contract ({n} error(s)"
            + ("; lenient mode cannot help: a table, column or file is unusable" if report.fatal
               and lenient else "")
            + ")\n" + report.format(limit=30),
            report,
        )
    return Package(laporan=report, **{n: hasil[n] for n in TABLES})

