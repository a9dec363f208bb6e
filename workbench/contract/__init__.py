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

import codecs
import csv
import difflib
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import parse
from workbench.errors import WorkbenchError

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
    "TAHUN_MAKS",
    "TAHUN_MIN",
    "Package",
    "PackageError",
    "ValidationReport",
    "load_package",
    "skema",
    "validate_path",
]

TAHUN_MIN, TAHUN_MAKS = 2000, 2100
#: A plan year further than this from the median year of its document type is flagged.
TAHUN_JAUH = 5

#: Sheets (or CSV files) of notes that travel with a package and are not tables: not reported.
CATATAN = ("keterangan", "readme", "catatan")
ERROR, PERINGATAN = "error", "peringatan"
MASALAH_KOLOM = ["berkas", "sheet", "baris", "kolom", "nilai", "alasan", "tingkat"]


class PackageError(WorkbenchError):
    """A package that does not follow the data contract; ``laporan`` holds every problem."""

    def __init__(self, message: str, laporan: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.laporan = laporan


# --- the report ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ValidationReport:
    """Problems found in a package, and how many rows each table had and kept.

    Attributes:
        sumber: The path validated.
        masalah: One row per problem: ``berkas, sheet, baris, kolom, nilai, alasan, tingkat``
            (``tingkat`` is ``error`` or ``peringatan``; ``baris`` is the CSV line number or
            Excel row, NA for problems of a whole file or column).
        baris: Per table: ``tabel, berkas, sheet, dibaca`` (data rows read), ``kosong`` (blank
            rows skipped), ``dibuang`` (rows with errors), ``disimpan`` (rows kept).
        lenient: Whether rows with errors were dropped.
        fatal: True when a problem no dropped row can fix was found (missing table or
            column, unreadable file): no package can be loaded, lenient or not.
    """

    sumber: str
    masalah: pd.DataFrame
    baris: pd.DataFrame
    lenient: bool = False
    fatal: bool = False

    @property
    def errors(self) -> pd.DataFrame:
        """The problems of level ``error``."""
        return self.masalah[self.masalah["tingkat"] == ERROR]

    @property
    def warnings(self) -> pd.DataFrame:
        """The problems of level ``peringatan``."""
        return self.masalah[self.masalah["tingkat"] == PERINGATAN]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return self.errors.empty

    @property
    def n_dropped(self) -> int:
        """Rows with errors (dropped when lenient), summed over the tables."""
        return int(self.baris["dibuang"].sum()) if len(self.baris) else 0

    def format(self, limit: int | None = None) -> str:
        """A readable English report: counts per table, then every problem grouped by file.

        Args:
            limit: List at most this many problems (None: all of them).
        """
        out = [f"Package: {self.sumber}"]
        if len(self.baris):
            out.append("Rows per table (read / blank / with errors / kept):")
            for r in self.baris.itertuples():
                where = f"{r.berkas}" + (f" [sheet {r.sheet}]" if r.sheet else "")
                out.append(
                    f"  {r.tabel:<12} {r.dibaca:>9} / {r.kosong} / {r.dibuang} / {r.disimpan}"
                    f"   {where}"
                )
        n_err, n_warn = len(self.errors), len(self.warnings)
        if n_err == 0 and n_warn == 0:
            out.append("No problems found.")
            return "\n".join(out)
        verdict = "OK with warnings" if n_err == 0 else "NOT VALID"
        out.append(f"{verdict}: {n_err} error(s), {n_warn} warning(s).")
        if self.lenient and n_err:
            out.append(f"Lenient mode: {self.n_dropped} row(s) with errors were dropped "
                       "(listed below); the rest was loaded.")
        shown = 0
        for tingkat, judul in ((ERROR, "Errors"), (PERINGATAN, "Warnings")):
            part = self.masalah[self.masalah["tingkat"] == tingkat]
            if part.empty:
                continue
            out.append(f"{judul}:")
            for (berkas, sheet), grp in part.groupby(["berkas", "sheet"], sort=False, dropna=False):
                excel = isinstance(sheet, str) and bool(sheet)
                head = f"  {berkas}" + (f" [sheet {sheet}]" if excel else "")
                out.append(f"{head}: {len(grp)}")
                for r in grp.itertuples():
                    if limit is not None and shown >= limit:
                        out.append(f"  ... {len(self.masalah) - shown} more; run "
                                   f"`workbench validate {self.sumber}` for the full list")
                        return "\n".join(out)
                    out.append("    " + _baris_teks(r, excel))
                    shown += 1
        return "\n".join(out)

    def __str__(self) -> str:
        return self.format()


def _baris_teks(r: Any, excel: bool) -> str:
    parts = []
    if not pd.isna(r.baris):
        parts.append(f"{'row' if excel else 'line'} {int(r.baris)}")
    if isinstance(r.kolom, str) and r.kolom:
        parts.append(f"column {r.kolom}")
    lead = ", ".join(parts)
    value = f" [value: {r.nilai!r}]" if isinstance(r.nilai, str) else ""
    return f"{lead}: {r.alasan}{value}" if lead else f"{r.alasan}{value}"


# --- the package -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Package:
    """A validated planning data package: the five typed tables and the validation report."""

    wilayah: pd.DataFrame
    indikator: pd.DataFrame
    rencana: pd.DataFrame
    realisasi: pd.DataFrame
    kesepakatan: pd.DataFrame
    laporan: ValidationReport = field(repr=False)


# --- collecting problems -----------------------------------------------------------------------
class _Kumpul:
    """Collects problems as small frames (one per check), concatenated once at the end."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []
        self.fatal = False

    def satu(self, berkas: str, sheet: str, alasan: str, *, kolom: str = "",
             nilai: Any = None, baris: Any = None, tingkat: str = ERROR,
             fatal: bool = False) -> None:
        """Record one problem of a file, sheet or column."""
        self.fatal |= fatal and tingkat == ERROR
        self.parts.append(pd.DataFrame([{
            "berkas": berkas, "sheet": sheet, "baris": baris, "kolom": kolom,
            "nilai": None if nilai is None else str(nilai), "alasan": alasan, "tingkat": tingkat,
        }]))  # fmt: skip

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            df = pd.DataFrame({c: pd.Series(dtype=object) for c in MASALAH_KOLOM})
        else:
            df = pd.concat(self.parts, ignore_index=True)
        df["baris"] = pd.array(df["baris"], dtype="Int64")
        df["_urut"] = df["tingkat"].map({ERROR: 0, PERINGATAN: 1})
        df = df.sort_values(["_urut", "berkas", "sheet", "baris"], kind="stable",
                            na_position="first").drop(columns="_urut")  # fmt: skip
        return df.reset_index(drop=True)[MASALAH_KOLOM]


@dataclass
class _Mentah:
    """One table as read: raw cell values (str from CSV; Python objects from Excel)."""

    tabel: str
    berkas: str
    sheet: str
    frame: pd.DataFrame
    baris: np.ndarray  # the user's row number for each row of ``frame``
    n_kosong: int = 0


class _Tabel:
    """Validation state of one table: its raw rows, the rows with errors, its problems."""

    def __init__(self, mentah: _Mentah, kumpul: _Kumpul) -> None:
        self.m = mentah
        self.k = kumpul
        self.n = len(mentah.frame)
        self.buruk = np.zeros(self.n, dtype=bool)

    def col(self, kolom: str) -> pd.Series:
        return self.m.frame[kolom]

    def faktor(self, kolom: str) -> tuple[np.ndarray, np.ndarray]:
        """(codes, distinct values) of a raw column, NA included as a value; computed once."""
        cache = self.__dict__.setdefault("_faktor", {})
        if kolom not in cache:
            codes, uniq = pd.factorize(self.col(kolom), use_na_sentinel=False)
            cache[kolom] = (codes, np.asarray(uniq, dtype=object))
        return cache[kolom]

    def seri(self, kolom: str, func: Callable[[pd.Series], tuple[Any, pd.DataFrame]]
             ) -> tuple[Any, pd.DataFrame]:
        """A ``workbench.parse`` ``*_series`` function run on the distinct values only.

        Returns:
            (its result taken back to the rows, failures frame indexed by row position).
        """
        codes, uniq = self.faktor(kolom)
        hasil, gagal = func(pd.Series(uniq, dtype=object))
        if isinstance(hasil, pd.DataFrame):
            hasil = pd.DataFrame({c: hasil[c].to_numpy()[codes] for c in hasil.columns})
        elif str(hasil.dtype) == "string":
            hasil = pd.Series(hasil.to_numpy(dtype=object)[codes], dtype="string")
        else:
            hasil = pd.Series(hasil.to_numpy()[codes])
        if len(gagal):
            pos = np.flatnonzero(np.isin(codes, gagal.index.to_numpy()))
            alasan = pd.Series(gagal["alasan"].to_numpy(), index=gagal.index)
            gagal = pd.DataFrame(
                {"nilai": self.col(kolom).to_numpy(dtype=object)[pos],
                 "alasan": alasan.reindex(codes[pos]).to_numpy()},
                index=pd.Index(pos),
            )
        return hasil, gagal

    def lapor(self, pos: np.ndarray, kolom: str, nilai: Iterable[Any], alasan: Any,
              tingkat: str = ERROR) -> None:
        """Record a problem for the rows at positions ``pos`` (errors mark the rows bad)."""
        pos = np.asarray(pos, dtype=np.int64)
        if pos.size == 0:
            return
        if tingkat == ERROR:
            self.buruk[pos] = True
        nilai = [None if _kosong(v) else str(v) for v in nilai]
        self.k.parts.append(pd.DataFrame({
            "berkas": self.m.berkas, "sheet": self.m.sheet, "baris": self.m.baris[pos],
            "kolom": kolom, "nilai": nilai, "alasan": alasan, "tingkat": tingkat,
        }))  # fmt: skip

    def lapor_mask(self, mask: np.ndarray | pd.Series, kolom: str, alasan: Any,
                   tingkat: str = ERROR, nilai: pd.Series | None = None) -> None:
        """Record a problem for the rows where ``mask`` is true; ``alasan`` may be a Series."""
        mask = np.asarray(mask, dtype=bool)
        pos = np.flatnonzero(mask)
        if pos.size == 0:
            return
        raw = (nilai if nilai is not None else self.col(kolom)).to_numpy(dtype=object)[pos]
        if callable(alasan):
            alasan = alasan(pos)
        elif isinstance(alasan, pd.Series):
            alasan = alasan.to_numpy(dtype=object)[pos]
        self.lapor(pos, kolom, raw, alasan, tingkat)

    def lapor_gagal(self, gagal: pd.DataFrame, kolom: str, tingkat: str = ERROR) -> None:
        """Record the failures frame of a :mod:`workbench.parse` ``*_series`` function."""
        if len(gagal):
            self.lapor(gagal.index.to_numpy(), kolom, gagal["nilai"], gagal["alasan"].to_numpy(),
                       tingkat)


def _kosong(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float):
        return v != v
    return isinstance(v, str) and not v.strip()


# --- reading -----------------------------------------------------------------------------------
def _nama_kolom(c: Any) -> str:
    return re.sub(r"\s+", "_", str(c).replace("\ufeff", "").strip().lower())


def _cocokkan(nama: str, pilihan: Iterable[str]) -> str:
    """A hint ``; did you mean 'x'?`` from difflib, or an empty string."""
    m = difflib.get_close_matches(nama.lower(), [p.lower() for p in pilihan], n=1, cutoff=0.6)
    if not m:
        return ""
    asli = {p.lower(): p for p in pilihan}[m[0]]
    return f"; did you mean {asli!r}?"


def _baca_csv(path: Path, tabel: str, k: _Kumpul) -> _Mentah | None:  # noqa: C901
    berkas = path.name
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        k.satu(berkas, "", f"{berkas} is UTF-16 text; save it as 'CSV UTF-8 (comma delimited)'",
               fatal=True)
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        byte = raw[err.start]
        guess = bytes([byte]).decode("cp1252", errors="replace")
        k.satu(
            berkas, "",
            f"{berkas} is not UTF-8: byte 0x{byte:02x} at line {line}, position {col} cannot be "
            f"decoded (in Windows-1252/Latin-1 it would be {guess!r}); open the file and save it "
            f"as 'CSV UTF-8'",
            baris=line, fatal=True,
        )
        return None
    if not text.strip():
        k.satu(berkas, "", f"{berkas} is empty: expected a header line with the columns "
               f"{', '.join(KOLOM[tabel])}", fatal=True)
        return None
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=sep))
    try:
        df = pd.read_csv(io.BytesIO(raw), encoding="utf-8", sep=sep, dtype=str,
                         keep_default_na=False, na_filter=False, skip_blank_lines=False,
                         header=0)
    except (pd.errors.ParserError, csv.Error) as err:
        k.satu(berkas, "", f"{berkas} cannot be read as CSV: {err}", fatal=True)
        return None
    df.columns = [_nama_kolom(c) for c in header][: len(df.columns)] + [
        _nama_kolom(c) for c in df.columns[len(header):]
    ]
    baris = _nomor_baris_csv(text, sep, len(df))
    return _buang_kosong(_Mentah(tabel, berkas, "", df, baris))


def _nomor_baris_csv(text: str, sep: str, n: int) -> np.ndarray:
    """Line number of each data row (header = line 1); exact also with multi-line fields."""
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if n_lines - 1 == n:
        return np.arange(2, n + 2, dtype=np.int64)
    # quoted fields spanning lines: walk the records with the csv module
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    prev = 0
    for i, _ in enumerate(reader):
        if i > 0:
            starts.append(prev + 1)
        prev = reader.line_num
    return np.asarray(starts[:n] + [starts[-1] if starts else 2] * (n - len(starts)),
                      dtype=np.int64)


def _buang_kosong(m: _Mentah) -> _Mentah:
    """Drop rows whose every cell is empty (counted in ``n_kosong``)."""
    df = m.frame
    if df.empty or not len(df.columns):
        return m
    kosong = np.ones(len(df), dtype=bool)
    for c in df.columns:
        s = df[c]
        if s.dtype == object:
            codes, uniq = pd.factorize(s, use_na_sentinel=True)
            e = np.array([_kosong(u) for u in uniq], dtype=bool)
            col_empty = np.where(codes < 0, True, e[np.maximum(codes, 0)] if len(e) else True)
        else:
            col_empty = s.isna().to_numpy()
        kosong &= col_empty
        if not kosong.any():
            return m
    keep = ~kosong
    return _Mentah(m.tabel, m.berkas, m.sheet, df[keep].reset_index(drop=True), m.baris[keep],
                   int(kosong.sum()))


def _baca_folder(path: Path, k: _Kumpul) -> dict[str, _Mentah]:
    files = {p.stem.strip().lower(): p for p in sorted(path.glob("*.csv")) if p.is_file()}
    files.update({p.stem.strip().lower(): p for p in sorted(path.glob("*.CSV")) if p.is_file()})
    extra = [n for n in files if n not in TABLES and n not in CATATAN]
    out = {}
    for tabel in TABLES:
        if tabel in files:
            m = _baca_csv(files[tabel], tabel, k)
            if m is not None:
                out[tabel] = m
            continue
        hint = _cocokkan(tabel, [files[n].name for n in extra])
        k.satu(f"{tabel}.csv", "", f"table {tabel!r} is missing: no file {tabel}.csv in "
               f"{path.name or path}{hint}", fatal=True)
    for n in extra:
        hint = _cocokkan(n, TABLES)
        k.satu(files[n].name, "", f"{files[n].name} is not a table of the contract "
               f"({', '.join(TABLES)}); ignored{hint}", tingkat=PERINGATAN)
    return out


def _buka_xlsx(path: Path) -> tuple[list[str], Callable[[str], list[list[Any]]]]:
    """Sheet names and a row reader of a workbook (row 1 first, blank rows included).

    python-calamine (Rust) reads a 30,000-row sheet in about a second, some 30 times faster
    than openpyxl, which remains the fallback when calamine is not installed.
    """
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - calamine is a declared dependency
        return _buka_openpyxl(path)
    wb = CalamineWorkbook.from_path(str(path))

    def rows(name: str) -> list[list[Any]]:
        return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

    return list(wb.sheet_names), rows


def _buka_openpyxl(path: Path) -> tuple[list[str], Callable[[str], list[list[Any]]]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)

    def rows(name: str) -> list[list[Any]]:
        return [list(r) for r in wb[name].iter_rows(min_row=1, values_only=True)]

    return list(wb.sheetnames), rows


def _xlsx_errors() -> tuple[type[Exception], ...]:
    from zipfile import BadZipFile

    errors: tuple[type[Exception], ...] = (BadZipFile, OSError, KeyError, ValueError)
    try:
        from python_calamine import CalamineError

        errors += (CalamineError,)
    except ImportError:  # pragma: no cover
        pass
    return errors


def _baca_xlsx(path: Path, k: _Kumpul) -> dict[str, _Mentah]:
    berkas = path.name
    try:
        names, rows = _buka_xlsx(path)
    except _xlsx_errors() as err:
        k.satu(berkas, "", f"{berkas} cannot be opened as an .xlsx workbook: {err}", fatal=True)
        return {}
    sheets = {n.strip().lower(): n for n in names}
    extra = [title for low, title in sheets.items() if low not in TABLES and low not in CATATAN]
    out = {}
    for tabel in TABLES:
        if tabel not in sheets:
            hint = _cocokkan(tabel, extra) or (
                f"; the workbook has sheets {', '.join(repr(s) for s in extra)}" if extra else ""
            )
            k.satu(berkas, tabel, f"sheet {tabel!r} is missing{hint}", fatal=True)
            continue
        try:
            data = rows(sheets[tabel])
        except _xlsx_errors() as err:
            k.satu(berkas, sheets[tabel], f"sheet {sheets[tabel]!r} cannot be read: {err}",
                   fatal=True)
            continue
        m = _baca_sheet(data, sheets[tabel], tabel, berkas, k)
        if m is not None:
            out[tabel] = m
    for title in extra:
        k.satu(berkas, title, f"sheet {title!r} is not a table of the contract "
               f"({', '.join(TABLES)}); ignored{_cocokkan(title, TABLES)}", tingkat=PERINGATAN)
    return out


def _baca_sheet(data: list[list[Any]], title: str, tabel: str, berkas: str,
                k: _Kumpul) -> _Mentah | None:
    """A sheet's rows (row 1 first) as a table: the first non-empty row is the header."""
    header_row = next((i for i, row in enumerate(data) if any(not _kosong(v) for v in row)), None)
    if header_row is None:
        k.satu(berkas, title, f"sheet {title!r} is empty: expected a header row with the "
               f"columns {', '.join(KOLOM[tabel])}", fatal=True)
        return None
    header = list(data[header_row])
    while header and _kosong(header[-1]):
        header.pop()
    width = len(header)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in data[header_row + 1 :]]
    cols = [_nama_kolom(c) if not _kosong(c) else f"kolom_{j + 1}" for j, c in enumerate(header)]
    df = pd.DataFrame(body, columns=cols, dtype=object) if body else pd.DataFrame(
        {c: pd.Series(dtype=object) for c in cols}
    )
    # Excel row numbers: data[i] is row i + 1
    nums = np.arange(header_row + 2, header_row + 2 + len(body), dtype=np.int64)
    return _buang_kosong(_Mentah(tabel, berkas, title, df, nums))


def _baca(path: Path, k: _Kumpul) -> dict[str, _Mentah]:
    if path.is_dir():
        return _baca_folder(path, k)
    if path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        return _baca_xlsx(path, k)
    if not path.exists():
        k.satu(path.name, "", f"{path} does not exist: give a package folder of CSV files or "
               f"an .xlsx workbook", fatal=True)
    elif path.suffix.lower() == ".csv":
        k.satu(path.name, "", f"{path.name} is a single CSV file: a package is the folder that "
               f"holds {', '.join(t + '.csv' for t in TABLES)}", fatal=True)
    else:
        k.satu(path.name, "", f"{path.name} is neither a folder of CSV files nor an .xlsx "
               f"workbook", fatal=True)
    return {}


def _periksa_kolom(m: _Mentah, k: _Kumpul) -> bool:
    """Missing, duplicate and unknown columns; False when the table cannot be validated."""
    cols = list(m.frame.columns)
    ok = True
    seen: set[str] = set()
    for c in cols:
        if c in seen:
            k.satu(m.berkas, m.sheet, f"column {c!r} appears twice in the header", kolom=c,
                   baris=m.baris[0] - 1 if len(m.baris) else 1, fatal=True)
            ok = False
        seen.add(c)
    known = set(KOLOM[m.tabel]) | set(OPSIONAL[m.tabel])
    extra = [c for c in cols if c not in known]
    need = list(KOLOM[m.tabel])
    if m.tabel == "realisasi" and "kode_wilayah" not in cols and "kode_bps" not in cols:
        need.append("kode_wilayah")
    for c in need:
        if c not in cols:
            hint = _cocokkan(c, extra)
            k.satu(m.berkas, m.sheet, f"column {c!r} is missing{hint} (the header has "
                   f"{', '.join(cols)})", kolom=c, fatal=True)
            ok = False
    for c in extra:
        k.satu(m.berkas, m.sheet, f"column {c!r} is not part of the {m.tabel} table; "
               f"ignored{_cocokkan(c, known)}", kolom=c, tingkat=PERINGATAN)
    if ok and len(m.frame) == 0:
        k.satu(m.berkas, m.sheet, f"table {m.tabel} has a header but no rows",
               tingkat=PERINGATAN)
    return ok


# --- column checks -------------------------------------------------------------------------------
def _per_unik(s: pd.Series | tuple, func: Callable[[Any], Any], dtype: Any = object
              ) -> np.ndarray:
    """Apply ``func`` to each distinct value (NA included once) and map back.

    ``s`` may be ``(table, column)`` to use the table's cached factorisation of a raw column.
    """
    if isinstance(s, tuple):
        codes, uniq = s[0].faktor(s[1])
    else:
        codes, uniq = pd.factorize(s, use_na_sentinel=False)
    res = np.array([func(u) for u in uniq], dtype=dtype)
    return res[codes] if len(res) else np.array([], dtype=dtype)


def _teks_bersih(v: Any) -> Any:
    if _kosong(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"\s+", " ", str(v)).strip()


def _teks(t: _Tabel, kolom: str, wajib: str | None = None) -> pd.Series:
    """Clean text (spaces collapsed), NA when empty; ``wajib`` = level reported when empty."""
    s = pd.Series(_per_unik((t, kolom), _teks_bersih), dtype="string")
    if wajib:
        t.lapor_mask(s.isna(), kolom, f"{kolom} is empty", tingkat=wajib)
    return s


def _pilihan(
    t: _Tabel, kolom: str, allowed: tuple[str, ...], norm: Callable[[str], str]
) -> pd.Series:
    s = _teks(t, kolom)
    s = pd.Series(_per_unik(s, lambda v: None if v is pd.NA or v is None else norm(v)),
                  dtype="string")
    bad = ~_isin(s, allowed)
    t.lapor_mask(bad, kolom, f"{kolom} must be one of {', '.join(allowed)}")
    return s


def _tahun_satu(v: Any) -> Any:
    if _kosong(v):
        return "year is empty"
    if isinstance(v, bool):
        return f"year {v!r} is not a whole number"
    if isinstance(v, int | np.integer):
        y = int(v)
    elif isinstance(v, float):
        if not v.is_integer():
            return f"year {v!r} is not a whole number"
        y = int(v)
    else:
        text = str(v).strip()
        if not re.fullmatch(r"\d{1,6}(\.0+)?", text):
            return f"year {v!r} is not a whole number"
        y = int(float(text))
    if not TAHUN_MIN <= y <= TAHUN_MAKS:
        return f"year {y} is out of range ({TAHUN_MIN}–{TAHUN_MAKS})"
    return y


def _tahun(t: _Tabel, kolom: str = "tahun") -> pd.Series:
    res = _per_unik((t, kolom), _tahun_satu)
    salah = np.array([isinstance(r, str) for r in res], dtype=bool)
    t.lapor_mask(salah, kolom, pd.Series(res))
    out = np.where(salah, -1, res).astype(np.int64) if len(res) else np.array([], np.int64)
    return pd.Series(out, dtype="int64")


def _angka(t: _Tabel, kolom: str, *, kosong: str | None = None, negatif: bool = False,
           label: str | None = None, polos: bool = False) -> pd.Series:
    """Numbers; ``kosong`` = level reported for empty cells (None: allowed, NaN).

    ``polos``: a plain amount, no unit or scale word after it (pagu: ``1,2 M`` is refused).
    """
    vals, gagal = t.seri(kolom, parse.parse_angka_series)
    t.lapor_gagal(_awalan(gagal, label or kolom), kolom)
    if polos:
        satuan = _ada_satuan(t, kolom) & ~_mask(t.n, gagal.index)
        t.lapor_mask(satuan, kolom, f"{label or kolom}: a unit or scale word after the number; "
                     f"write the amount in rupiah (1.200.000.000)")
        vals = vals.where(~satuan)
    if kosong:
        empty = vals.isna().to_numpy() & ~_mask(t.n, gagal.index)
        t.lapor_mask(empty, kolom, f"{label or kolom} is empty", tingkat=kosong)
    if not negatif:
        t.lapor_mask((vals < 0).to_numpy(), kolom, f"{label or kolom} is negative")
    return vals.reset_index(drop=True)


def _ada_satuan(t: _Tabel, kolom: str) -> np.ndarray:
    """True for text with letters or ``%`` after the number (``Rp`` in front is fine)."""
    codes, uniq = t.faktor(kolom)
    arr = np.asarray(uniq, dtype=object).astype(str)
    ada = np.zeros(len(arr), dtype=bool)
    cek = ~np.char.isdigit(arr)  # plain digits carry no unit: skip the regexes for them
    teks = pd.Series(arr[cek], dtype=object)
    teks = teks.str.replace(r"^\s*[-−+]?\s*[Rr][Pp]\.?", "", regex=True)
    ada[cek] = teks.str.contains(r"\d\s*[^\d\s.,]", regex=True).to_numpy(dtype=bool)
    return ada[codes] if len(ada) else np.zeros(len(codes), dtype=bool)


def _mask(n: int, index: pd.Index) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    m[index.to_numpy(dtype=np.int64)] = True
    return m


def _isin(s: pd.Series, values: Iterable[Any]) -> np.ndarray:
    """``s.isin(values)`` with NA → False, testing each distinct value once."""
    values = set(values)
    codes, uniq = pd.factorize(s, use_na_sentinel=True)
    hit = np.array([u in values for u in uniq], dtype=bool)
    return np.where(codes >= 0, hit[np.maximum(codes, 0)] if len(hit) else False, False)


def _awalan(gagal: pd.DataFrame, label: str) -> pd.DataFrame:
    if len(gagal):
        gagal = gagal.assign(alasan=f"{label}: " + gagal["alasan"].astype(str))
    return gagal


def _kode_wilayah(t: _Tabel, kolom: str, jenis: dict[str, str], *, boleh_kosong: bool = False,
                  hanya_kabkota: bool = False) -> pd.Series:
    kode, gagal = t.seri(kolom, parse.normalize_wilayah_series)
    t.lapor_gagal(gagal, kolom)
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    empty = kode.isna().to_numpy() & ~failed
    if not boleh_kosong:
        t.lapor_mask(empty, kolom, f"{kolom} is empty")
    unknown = kode.notna().to_numpy() & ~_isin(kode, jenis)
    t.lapor_mask(unknown, kolom, _alasan_per(kode, lambda c: (
        f"region {c} is not in the package's wilayah table ({len(jenis)} codes)")))
    if hanya_kabkota:
        prov = kode.map(jenis).eq("Provinsi").fillna(False).to_numpy(bool)
        t.lapor_mask(prov, kolom, _alasan_per(kode, lambda c: (
            f"{c} is a province; name the supporting kabupaten/kota (empty = every kab/kota)")))
    return kode


def _alasan_per(s: pd.Series, func: Callable[[Any], str]) -> Callable[[np.ndarray], np.ndarray]:
    """Reasons built from each flagged row's value; computed only for the flagged rows."""
    def alasan(pos: np.ndarray) -> np.ndarray:
        sub = s.iloc[pos]
        return _per_unik(sub, lambda v: None if v is pd.NA else func(v))

    return alasan


def _nomenklatur_kode() -> set[str]:
    from workbench.reference import load_nomenklatur

    return set(load_nomenklatur()["kode"].astype(str))


def _nomenklatur_perubahan() -> dict[str, tuple[str, str]]:
    """Renumbered codes: old code → (new code, versi of the change)."""
    from workbench.reference import load_perubahan_kode

    p = load_perubahan_kode()
    return {a: (b, v) for a, b, v in zip(p["kode_lama"], p["kode_baru"], p["versi"], strict=True)}


def _status_kode(kode: pd.Series, dikenal: set[str], perubahan: dict) -> np.ndarray:
    """Per row: 0 known, 1 renumbered, 2 unknown, -1 NA (one pass over the distinct codes).

    Known: in the reference, or a penunjang code whose generic ``X.XX.01…`` form is; renumbered:
    an old code of :func:`_nomenklatur_perubahan`.
    """
    from workbench.reference import kode_generik

    def status(c: Any) -> int:
        if c is pd.NA:
            return -1
        if c in perubahan:
            return 1
        return 0 if c in dikenal or kode_generik(c) in dikenal else 2

    return _per_unik(kode, status, dtype=np.int8)


def _kode_nomenklatur(t: _Tabel, kolom: str, tingkat: tuple[str, ...], dikenal: set[str], *,
                      boleh_kosong: bool = False) -> pd.Series:
    kode, gagal = t.seri(kolom, parse.normalize_code_series)
    t.lapor_gagal(gagal, kolom)
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    if not boleh_kosong:
        t.lapor_mask(kode.isna().to_numpy() & ~failed, kolom, f"{kolom} is empty")
    tk = pd.Series(_per_unik(kode, lambda c: None if c is pd.NA else parse.TINGKAT[
        c.count(".") + 1]), dtype="string")
    salah = kode.notna().to_numpy() & ~_isin(tk, tingkat)
    t.lapor_mask(salah, kolom, _alasan_per(tk, lambda x: (
        f"a {x} code; expected a {' or '.join(w.replace('_', ' ') for w in tingkat)} code")))
    perubahan = _nomenklatur_perubahan()
    status = _status_kode(kode, dikenal, perubahan)
    lama = ~salah & (status == 1)
    t.lapor_mask(lama, kolom, _alasan_per(kode, lambda c: (
        f"kode lama {c} → kode baru {perubahan[c][0]} ({perubahan[c][1]}): the code was "
        f"renumbered; use the new code")), tingkat=PERINGATAN)
    baru = ~salah & (status == 2)
    t.lapor_mask(baru, kolom, _alasan_per(kode, lambda c: (
        f"code {c} is well formed but not in the shipped nomenclature "
        f"(workbench/reference/nomenklatur.csv); check it against the current Kepmendagri "
        f"list")), tingkat=PERINGATAN)
    return kode


def _satuan_referensi(kode: pd.Series) -> pd.Series:
    """The master's satuan of each (distinct) sub kegiatan code; empty where it has none."""
    from workbench.reference import cari_nomenklatur

    return cari_nomenklatur(kode)["satuan"].fillna("")


def _satuan_master(t: _Tabel, out: pd.DataFrame) -> None:
    """Warn where a sub kegiatan line's satuan differs from the master's (case, spaces ignored).

    Compared once per distinct (code, satuan) pair; codes the master gives no satuan for
    (province codes of Tabel C, later additions) are not checked.
    """
    kc, ku = pd.factorize(out["kode_nomenklatur"])  # distinct codes: a few thousand
    ku = pd.Series(np.asarray(ku, dtype=object))
    is_sub = ku.str.count(r"\.").eq(5).to_numpy(bool)
    master = pd.Series("", index=ku.index, dtype=object)
    if is_sub.any():
        master[is_sub] = _satuan_referensi(ku[is_sub]).to_numpy(object)
    m_norm = master.str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    punya = (m_norm != "").to_numpy(bool)
    if not punya.any():
        return
    sc, su = pd.factorize(out["satuan"])  # NA → -1: an empty satuan is not compared
    su = pd.Index(su).str.lower().str.replace(r"\s+", " ", regex=True).str.strip()
    rows = np.flatnonzero(punya[np.maximum(kc, 0)] & (kc >= 0) & (sc >= 0))
    if not len(rows):
        return
    pair, inv = np.unique(kc[rows].astype(np.int64) * len(su) + sc[rows], return_inverse=True)
    k_pos, s_pos = pair // len(su), pair % len(su)
    beda = m_norm.to_numpy(object)[k_pos] != np.asarray(su, dtype=object)[s_pos]
    if not beda.any():
        return
    flag = np.zeros(t.n, dtype=bool)
    flag[rows[beda[inv.reshape(-1)]]] = True
    k_pair = ku.to_numpy(object)[k_pos]
    master = pd.Series(master.to_numpy(object)[k_pos])
    teks = dict(zip(k_pair[beda], master[beda], strict=True))
    t.lapor_mask(flag, "satuan", _alasan_per(out["kode_nomenklatur"], lambda c: (
        f"satuan differs from the nomenclature master's {teks[c]!r} for sub kegiatan {c}")),
        tingkat=PERINGATAN)


def _kode_indikator(t: _Tabel, kolom: str, dikenal: set[str], *, boleh_kosong: bool) -> pd.Series:
    s = _teks(t, kolom, None if boleh_kosong else ERROR)
    unknown = s.notna().to_numpy() & ~_isin(s, dikenal)
    t.lapor_mask(unknown, kolom, _alasan_per(s, lambda c: (
        f"indicator {c} is not in the package's indikator table"
        f"{_cocokkan(c, dikenal)}")))
    return s


def _duplikat(t: _Tabel, frame: pd.DataFrame, keys: list[str], label: str) -> None:
    """Error on every later row with the same key values as an earlier row."""
    if not len(frame):
        return
    sub = frame[keys]
    dup = sub.duplicated(keep="first").to_numpy()
    if not dup.any():
        return
    first = ~sub.duplicated(keep="first").to_numpy()
    grp = sub.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    first_baris = pd.Series(t.m.baris[first], index=grp[first])
    ref = first_baris.reindex(grp[dup]).to_numpy()
    where = "row" if t.m.sheet else "line"
    alasan = [f"duplicate {label}: same {', '.join(keys)} as {where} {r}" for r in ref]
    pos = np.flatnonzero(dup)
    nilai = sub.iloc[pos].astype(str).agg(" | ".join, axis=1).to_numpy()
    t.lapor(pos, keys[0], nilai, alasan)


# --- tables --------------------------------------------------------------------------------
def _wilayah(t: _Tabel) -> pd.DataFrame:
    kode, gagal = t.seri("kode", parse.normalize_wilayah_series)
    t.lapor_gagal(gagal, "kode")
    kode = kode.reset_index(drop=True)
    failed = _mask(t.n, gagal.index)
    t.lapor_mask(kode.isna().to_numpy() & ~failed, "kode", "kode is empty")
    bps = pd.Series(_per_unik((t, "kode_bps"), _kode_bps_satu), dtype="string")
    pola = bps.str.fullmatch(r"\d{2}|\d{4}").fillna(False).to_numpy(bool)
    bps_salah = bps.notna().to_numpy() & ~pola
    t.lapor_mask(bps.isna().to_numpy(), "kode_bps", "kode_bps is empty")
    t.lapor_mask(bps_salah, "kode_bps", "kode_bps must be 2 (province) or 4 (kab/kota) digits")
    jenis = _pilihan(t, "jenis", JENIS_WILAYAH, lambda v: v.strip().capitalize())
    prov_kode = kode.str.fullmatch(r"\d{2}").fillna(False).to_numpy(bool)
    is_prov = jenis.eq("Provinsi").fillna(False).to_numpy(bool)
    ok_jenis = _isin(jenis, JENIS_WILAYAH)
    t.lapor_mask(ok_jenis & kode.notna().to_numpy() & (prov_kode != is_prov), "jenis",
                 "jenis does not match the code: a 2-digit code (62) is a Provinsi, a 4-digit "
                 "one (62.06) a Kabupaten or Kota")
    luas = _angka(t, "luas_km2")
    penduduk = _angka(t, "penduduk", kosong=ERROR)
    pecahan = penduduk.notna().to_numpy() & (penduduk % 1 != 0).to_numpy()
    t.lapor_mask(pecahan, "penduduk", "penduduk must be a whole number")
    out = pd.DataFrame({
        "kode": kode, "kode_bps": bps, "nama": _teks(t, "nama", ERROR), "jenis": jenis,
        "ibukota": _teks(t, "ibukota"), "luas_km2": luas, "penduduk": penduduk,
    })  # fmt: skip
    for c in OPSIONAL["wilayah"]:
        if c in t.m.frame.columns:
            out[c] = _angka(t, c, negatif=True)
    _duplikat(t, out, ["kode"], "region")
    _duplikat(t, out[bps.notna().to_numpy()], ["kode_bps"], "BPS code")
    return out


def _kode_bps_satu(v: Any) -> Any:
    if _kosong(v):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[\s\u00a0]+", "", str(v)).lstrip("'’")


def _indikator(t: _Tabel, dikenal: set[str]) -> pd.DataFrame:
    out = pd.DataFrame({
        "kode_indikator": _teks(t, "kode_indikator", ERROR),
        "uraian": _teks(t, "uraian", ERROR),
        "satuan": _teks(t, "satuan"),
        "arah": _pilihan(t, "arah", ARAH, str.lower),
        "jenis": _pilihan(t, "jenis", JENIS_INDIKATOR, str.lower),
        "kode_bidang": _kode_nomenklatur(t, "kode_bidang", ("bidang",), dikenal,
                                         boleh_kosong=True),
        "agregasi": _pilihan(t, "agregasi", AGREGASI, lambda v: v.lower().replace(" ", "_")),
    })  # fmt: skip
    if "sumber" in t.m.frame.columns:
        out["sumber"] = _teks(t, "sumber")
    _duplikat(t, out[out["kode_indikator"].notna().to_numpy()], ["kode_indikator"], "indicator")
    return out


def _rencana(
    t: _Tabel, jenis: dict[str, str], indikator: set[str], nomen: set[str]
) -> pd.DataFrame:
    kw = _kode_wilayah(t, "kode_wilayah", jenis)
    kode = _kode_nomenklatur(t, "kode_nomenklatur", ("program", "kegiatan", "sub_kegiatan"), nomen)
    tk, bidang, program, level = _turunan(kode)
    prov = kw.map(jenis).eq("Provinsi").fillna(False).to_numpy(bool)
    kab = _isin(kw.map(jenis), ("Kabupaten", "Kota"))
    lv = level.fillna(0).to_numpy()
    t.lapor_mask(kab & (lv == 1), "kode_nomenklatur", _alasan_per(kw, lambda c: (
        f"a province-level code (level digit 1) on a plan line of kabupaten/kota {c}; "
        f"kab/kota plans use level-2 kegiatan and sub kegiatan")))
    t.lapor_mask(prov & (lv == 2), "kode_nomenklatur", _alasan_per(kw, lambda c: (
        f"a kabupaten/kota-level code (level digit 2) on a plan line of province {c}; "
        f"province plans use level-1 kegiatan and sub kegiatan")))
    target, gagal = t.seri("target", parse.parse_target_series)
    t.lapor_gagal(_awalan(gagal, "target"), "target")
    target = target.reset_index(drop=True)
    out = pd.DataFrame({
        "kode_wilayah": kw,
        "dokumen": _pilihan(t, "dokumen", DOKUMEN, str.upper),
        "tahun": _tahun(t),
        "perangkat_daerah": _teks(t, "perangkat_daerah", PERINGATAN),
        "kode_nomenklatur": kode,
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=True),
        "uraian_indikator": _teks(t, "uraian_indikator"),
        "target": _teks(t, "target"),
        "satuan": _teks(t, "satuan"),
        "pagu": _angka(t, "pagu", label="pagu", polos=True),
        "tingkat": tk, "kode_bidang": bidang, "kode_program": program,
        "level_pemerintahan": level,
        "target_bawah": target["bawah"], "target_atas": target["atas"],
    })  # fmt: skip
    _tahun_jauh(t, out)
    _satuan_master(t, out)
    _duplikat(t, out, ["kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
                       "kode_indikator", "uraian_indikator"], "plan line")
    return out


def _turunan(kode: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Derived ``tingkat, kode_bidang, kode_program, level_pemerintahan`` (per distinct code)."""
    codes, uniq = pd.factorize(kode, use_na_sentinel=True)
    seg = [str(u).split(".") for u in uniq]
    tk = np.array([parse.TINGKAT.get(len(s)) for s in seg] + [None], dtype=object)
    bid = np.array([".".join(s[:2]) if len(s) >= 2 else None for s in seg] + [None], dtype=object)
    prog = np.array([".".join(s[:3]) if len(s) >= 3 else None for s in seg] + [None], dtype=object)
    lev = np.array([float(s[3]) if len(s) >= 5 else np.nan for s in seg] + [np.nan])
    return (
        pd.Series(tk[codes], dtype="string"),
        pd.Series(bid[codes], dtype="string"),
        pd.Series(prog[codes], dtype="string"),
        pd.Series(lev[codes]).astype("Int64"),
    )


def _tahun_jauh(t: _Tabel, out: pd.DataFrame) -> None:
    """Warn on plan years far from the other lines of the same document type (typos)."""
    ok = out["tahun"].to_numpy() > 0
    if not ok.any():
        return
    median = out[ok].groupby("dokumen", dropna=False)["tahun"].median()
    m = out["dokumen"].map(median).to_numpy(dtype=float)
    jauh = ok & (np.abs(out["tahun"].to_numpy() - m) > TAHUN_JAUH)
    alasan = pd.Series([
        f"year {y} is more than {TAHUN_JAUH} years from the other {d} lines (median "
        f"{int(mm)}): a typo?" if j else None
        for y, d, mm, j in zip(out["tahun"], out["dokumen"], np.nan_to_num(m), jauh, strict=True)
    ]) if jauh.any() else None
    if alasan is not None:
        t.lapor_mask(jauh, "tahun", alasan, tingkat=PERINGATAN)


def _realisasi(t: _Tabel, wilayah: pd.DataFrame, indikator: set[str]) -> pd.DataFrame:
    jenis = dict(zip(wilayah["kode"], wilayah["jenis"], strict=True))
    cols = t.m.frame.columns
    n = t.n
    kw = pd.Series([pd.NA] * n, dtype="string")
    if "kode_wilayah" in cols:
        kw = _kode_wilayah(t, "kode_wilayah", jenis, boleh_kosong="kode_bps" in cols)
    if "kode_bps" in cols:
        bps = pd.Series(_per_unik((t, "kode_bps"), _kode_bps_satu), dtype="string")
        ke = dict(zip(wilayah["kode_bps"].dropna(), wilayah["kode"], strict=False))
        mapped = bps.map(ke).astype("string")
        kemendagri = _isin(bps, jenis) & mapped.isna().to_numpy()
        mapped = mapped.where(~kemendagri, bps)
        t.lapor_mask(kemendagri, "kode_bps", "a Kemendagri code in the kode_bps column; used as "
                     "kode_wilayah", tingkat=PERINGATAN)
        pakai = kw.isna().to_numpy()
        neither = pakai & bps.notna().to_numpy() & mapped.isna().to_numpy()
        t.lapor_mask(neither, "kode_bps", _alasan_per(bps, lambda c: (
            f"{c} is in neither the kode_bps nor the kode list of the package's wilayah table")))
        if "kode_wilayah" in cols:
            beda = ~pakai & mapped.notna().to_numpy() & (kw != mapped).fillna(False).to_numpy(bool)
            t.lapor_mask(beda, "kode_bps", "kode_bps and kode_wilayah name different regions")
        t.lapor_mask(pakai & bps.isna().to_numpy(), "kode_bps",
                     "both kode_wilayah and kode_bps are empty" if "kode_wilayah" in cols
                     else "kode_bps is empty")
        kw = kw.where(~pakai, mapped)
    out = pd.DataFrame({
        "kode_wilayah": kw.astype("string"),
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=False),
        "tahun": _tahun(t),
        "realisasi": _angka(t, "realisasi", kosong=PERINGATAN, negatif=True),
    })  # fmt: skip
    if "sumber" in cols:
        out["sumber"] = _teks(t, "sumber")
    _duplikat(t, out, ["kode_wilayah", "kode_indikator", "tahun"], "realisation")
    return out


def _kesepakatan(
    t: _Tabel, jenis: dict[str, str], indikator: set[str], nomen: set[str]
) -> pd.DataFrame:
    out = pd.DataFrame({
        "tahun": _tahun(t),
        "kode_indikator": _kode_indikator(t, "kode_indikator", indikator, boleh_kosong=False),
        "kode_sub_kegiatan": _kode_nomenklatur(t, "kode_sub_kegiatan", ("sub_kegiatan",), nomen),
        "kode_wilayah": _kode_wilayah(t, "kode_wilayah", jenis, boleh_kosong=True,
                                      hanya_kabkota=True),
    })  # fmt: skip
    _duplikat(t, out, list(out.columns), "agreement")
    return out


# --- the typed output, as a pandera schema ---------------------------------------------------
def skema(tabel: str) -> Any:
    """The pandera schema of a typed table as :func:`load_package` returns it.

    For other modules' tests and for callers that build frames by hand (``strict``: no other
    columns; dtypes as docs/ARCHITECTURE.md says; the controlled vocabularies). pandera is
    imported here, not at module import (it costs about a second).

    Args:
        tabel: One of :data:`TABLES`.

    Returns:
        A ``pandera.pandas.DataFrameSchema``.
    """
    import pandera.pandas as pa

    teks = pa.Column("string", nullable=True)
    wajib = pa.Column("string", nullable=False)
    tahun = pa.Column("int64", pa.Check.in_range(TAHUN_MIN, TAHUN_MAKS))
    kolom: dict[str, dict[str, Any]] = {
        "wilayah": {
            "kode": wajib, "kode_bps": wajib, "nama": wajib,
            "jenis": pa.Column("string", pa.Check.isin(JENIS_WILAYAH)),
            "ibukota": teks, "luas_km2": pa.Column(float, nullable=True),
            "penduduk": pa.Column("int64", pa.Check.ge(0)),
            "lat": pa.Column(float, nullable=True, required=False),
            "lon": pa.Column(float, nullable=True, required=False),
        },
        "indikator": {
            "kode_indikator": pa.Column("string", unique=True), "uraian": wajib, "satuan": teks,
            "arah": pa.Column("string", pa.Check.isin(ARAH)),
            "jenis": pa.Column("string", pa.Check.isin(JENIS_INDIKATOR)),
            "kode_bidang": teks, "agregasi": pa.Column("string", pa.Check.isin(AGREGASI)),
            "sumber": pa.Column("string", nullable=True, required=False),
        },
        "rencana": {
            "kode_wilayah": wajib, "dokumen": pa.Column("string", pa.Check.isin(DOKUMEN)),
            "tahun": tahun, "perangkat_daerah": teks, "kode_nomenklatur": wajib,
            "kode_indikator": teks, "uraian_indikator": teks, "target": teks, "satuan": teks,
            "pagu": pa.Column(float, pa.Check.ge(0), nullable=True),
            "tingkat": pa.Column("string", pa.Check.isin(("program", "kegiatan",
                                                          "sub_kegiatan"))),
            "kode_bidang": wajib, "kode_program": wajib,
            "level_pemerintahan": pa.Column("Int64", pa.Check.isin((1, 2)), nullable=True),
            "target_bawah": pa.Column(float, nullable=True),
            "target_atas": pa.Column(float, nullable=True),
        },
        "realisasi": {
            "kode_wilayah": wajib, "kode_indikator": wajib, "tahun": tahun,
            "realisasi": pa.Column(float, nullable=True),
            "sumber": pa.Column("string", nullable=True, required=False),
        },
        "kesepakatan": {
            "tahun": tahun, "kode_indikator": wajib, "kode_sub_kegiatan": wajib,
            "kode_wilayah": teks,
        },
    }  # fmt: skip
    return pa.DataFrameSchema(kolom[tabel], strict=True, ordered=False, name=tabel)


# --- entry points --------------------------------------------------------------------------------
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
    nomen = _nomenklatur_kode()
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
