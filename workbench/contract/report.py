"""The validation report: problems collected per check, counted per table, and the error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbench.errors import WorkbenchError

ERROR, PERINGATAN = "error", "peringatan"
MASALAH_KOLOM = ["berkas", "sheet", "baris", "kolom", "nilai", "alasan", "tingkat"]


class PackageError(WorkbenchError):
    """A package that does not follow the data contract; ``laporan`` holds every problem."""

    def __init__(self, message: str, laporan: ValidationReport | None = None) -> None:
        super().__init__(message)
        self.laporan = laporan


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


