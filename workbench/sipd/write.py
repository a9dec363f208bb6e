"""Writing the imported ``rencana`` lines (:func:`write_rencana`)."""

from __future__ import annotations

import math
from pathlib import Path

from workbench.sipd.cells import SipdImportError, angka_teks
from workbench.sipd.report import ImportResult
from workbench.spreadsheet import write_table


def _pagu_teks(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return angka_teks(x)


def check_out_path(out: str | Path) -> Path:
    """Check an output path before importing (so a bad ``--out`` fails before any work).

    Raises:
        SipdImportError: The folder does not exist or the suffix is neither .csv nor .xlsx.
    """
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise SipdImportError(f"--out {out}: write a .csv or .xlsx file")
    if not out.parent.exists():
        raise SipdImportError(f"--out {out}: folder {out.parent} does not exist")
    if out.is_dir():
        raise SipdImportError(f"--out {out}: is a folder; give a file name")
    return out


def write_rencana(result: ImportResult, out: str | Path) -> Path:
    """Write the ``rencana`` lines atomically (temporary file in the same folder, then rename).

    ``.csv`` (UTF-8, contract columns, pagu as Indonesian-safe number text without thousands
    separators: ``1250000000``, ``87500,5``) or ``.xlsx`` (one sheet named ``rencana``).

    Args:
        result: What :func:`import_sipd` returned.
        out: Output path.

    Returns:
        The path written.

    Raises:
        SipdImportError: The folder does not exist or the suffix is neither .csv nor .xlsx.
    """
    out = check_out_path(out)
    df = result.rencana.copy()
    df["pagu"] = [_pagu_teks(x) for x in df["pagu"]]
    df["tahun"] = df["tahun"].astype(str)
    return write_table(df, out, "rencana")
