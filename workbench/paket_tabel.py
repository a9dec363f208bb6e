"""One table of a data package read as text, for importers that match against it.

The importers match names and codes against the package's own ``indikator`` and ``wilayah``
tables when the user names a package (``--data``); a package being assembled may not validate
yet, so the table is read as plain text here rather than through :func:`load_package`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.vocabulary import KOLOM


class PaketTabelError(WorkbenchError, ValueError):
    """The table cannot be read from the package (missing file, sheet or column)."""


def baca_tabel(path: str | os.PathLike, tabel: str, *, wajib: bool = True) -> pd.DataFrame | None:
    """Read ``tabel`` from a package folder (``<tabel>.csv``) or workbook (sheet ``<tabel>``).

    Args:
        path: The package folder or ``.xlsx``.
        tabel: ``indikator`` or ``wilayah`` (any contract table).
        wajib: Raise when the table is missing (else return None).

    Returns:
        The table as text (``""`` for empty cells), or None when absent and not ``wajib``.

    Raises:
        PaketTabelError: Missing table (when ``wajib``) or a required column missing.
    """
    path = Path(path)
    if path.is_dir():
        f = path / f"{tabel}.csv"
        if not f.is_file():
            if wajib:
                raise PaketTabelError(f"{path}: no {tabel}.csv in the package folder")
            return None
        with f.open(encoding="utf-8-sig") as fh:
            head = fh.readline()
        sep = ";" if head.count(";") > head.count(",") else ","
        df = pd.read_csv(f, dtype=str, keep_default_na=False, sep=sep, encoding="utf-8-sig")
        where = f.name
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        try:
            df = pd.read_excel(path, sheet_name=tabel, dtype=str).fillna("")
        except ValueError:
            if wajib:
                raise PaketTabelError(f"{path.name}: no sheet '{tabel}'") from None
            return None
        where = f"{path.name}, sheet '{tabel}'"
    else:
        raise PaketTabelError(f"{path}: not a package folder or .xlsx workbook")
    df.columns = [str(c).strip().lower() for c in df.columns]
    missing = [c for c in KOLOM[tabel] if c not in df.columns]
    if missing:
        raise PaketTabelError(f"{where}: missing column(s) {', '.join(missing)}")
    return df
