"""Input files opened once as sheets of cell values, for the importers and their predicates.

:func:`open_file` reads an ``.xlsx`` workbook (every sheet, merged cells filled with the
top-left value, as if every cell of the range held it) or a ``.csv`` file (one sheet; UTF-8
with or without BOM, else Windows-1252; ``,``, ``;`` or tab as delimiter) into an
:class:`OpenedFile`. Importers take an ``OpenedFile`` so a folder importer can open each file
once, ask every predicate (``looks_like_*``) what it is, and import it with the one that fits.

Also here: the :class:`Recognition` a predicate returns, text helpers the importers share and
:func:`write_table`, which writes an imported table atomically (temporary file, then rename).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.fileio import atomic_path

__all__ = [
    "ImportReport",
    "InputFileError",
    "OpenedFile",
    "Recognition",
    "Sheet",
    "check_out_path",
    "cell_text",
    "column_letter",
    "fill_merged",
    "is_blank",
    "norm_text",
    "open_file",
    "report_section",
    "skipped_rows",
    "write_table",
]


class InputFileError(WorkbenchError, ValueError):
    """A file that cannot be opened as a table (missing, unreadable, unsupported format)."""


@dataclass(frozen=True)
class Sheet:
    """One sheet: rows of cell values (``None`` for empty), merged cells filled.

    ``rows[i][j]`` is the cell in sheet row ``i + 1`` and column ``j + 1``; every row has the
    same length.
    """

    name: str
    rows: tuple[tuple[Any, ...], ...]

    @property
    def n_rows(self) -> int:
        """Number of rows up to the last non-empty one."""
        return len(self.rows)


@dataclass(frozen=True)
class OpenedFile:
    """A file opened for the importers: its path and its sheets (a CSV file has one)."""

    path: Path
    sheets: tuple[Sheet, ...]
    kind: str  # "xlsx" or "csv"

    @property
    def name(self) -> str:
        """The file name (used in every message)."""
        return self.path.name

    def sheet(self, name: str) -> Sheet:
        """The sheet called ``name``.

        Raises:
            InputFileError: No sheet of that name (the message lists the sheets).
        """
        for s in self.sheets:
            if s.name == name:
                return s
        raise InputFileError(
            f"{self.name}: no sheet named '{name}'; the sheets are: "
            + ", ".join(f"'{s.name}'" for s in self.sheets)
        )


@dataclass(frozen=True)
class Recognition:
    """What a ``looks_like_*`` predicate concluded about a file, and why.

    Attributes:
        matches: True when the file looks like the importer's kind.
        reasons: Plain-English reasons, for and against, in the order they were checked.
        sheets: The sheets that look like it (empty when ``matches`` is False).
    """

    matches: bool
    reasons: tuple[str, ...]
    sheets: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.matches


# --- cells ------------------------------------------------------------------------------------
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def is_blank(v: Any) -> bool:
    """True for None, NaN and text of only spaces."""
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    return isinstance(v, str) and _SPACES.sub("", v) == ""


def cell_text(v: Any) -> str:
    """A cell as one line of text (spaces collapsed; integral floats without ``.0``)."""
    if is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return _SPACES.sub(" ", str(v)).strip()


def norm_text(v: Any) -> str:
    """Lower-case ASCII words of a cell, punctuation as spaces (for matching labels and names)."""
    t = unicodedata.normalize("NFKD", cell_text(v)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", t.lower()).strip()


def column_letter(c: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 → ``A``, 27 → ``AB``)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(c + 1)


def skipped_rows(baris: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The ``columns`` of an importer report's rows whose ``jenis`` is ``dilewati``, reindexed."""
    d = baris[baris["jenis"] == "dilewati"]
    return d[list(columns)].reset_index(drop=True)


class ImportReport:
    """Base of the importers' reports: frozen dataclasses with a ``baris`` frame.

    ``baris`` has one entry per row read, ``jenis`` ``dilewati`` for a skipped row; a report
    names in ``SKIPPED_COLUMNS`` the columns :attr:`dilewati` shows.
    """

    SKIPPED_COLUMNS: ClassVar[tuple[str, ...]] = ("baris", "alasan")

    @property
    def dilewati(self) -> pd.DataFrame:
        """Rows skipped: the ``SKIPPED_COLUMNS`` of ``baris`` where ``jenis`` is ``dilewati``."""
        return skipped_rows(self.baris, self.SKIPPED_COLUMNS)  # type: ignore[attr-defined]


def report_section(heading: str, frame: pd.DataFrame, line: Callable[[Any], str]) -> list[str]:
    """One section of a report's text: ``heading: n``, then one indented line per row.

    Args:
        heading: What the rows are (``unreadable pagu (left empty)``).
        frame: The rows; none gives no lines at all.
        line: The text of one row (a namedtuple of ``frame.itertuples()``).

    Returns:
        The lines, or ``[]`` when ``frame`` is empty.
    """
    if not len(frame):
        return []
    return [f"{heading}: {len(frame)}"] + ["  " + line(r) for r in frame.itertuples()]


# --- opening ----------------------------------------------------------------------------------
def fill_merged(rows: Iterable[Sequence[Any]], merged: Iterable[Any]) -> list[list[Any]]:
    """Rows with every cell of a merged range holding the range's top-left value.

    Args:
        rows: Cell values row by row (``ws.iter_rows(values_only=True)``).
        merged: Merged ranges with 1-based ``min_row, min_col, max_row, max_col``
            (``ws.merged_cells.ranges``); a range below the last row is ignored.
    """
    grid = [list(r) for r in rows]
    for rng in merged:
        r0, c0, r1, c1 = rng.min_row - 1, rng.min_col - 1, rng.max_row - 1, rng.max_col - 1
        if r0 >= len(grid):
            continue
        value = grid[r0][c0] if c0 < len(grid[r0]) else None
        for r in range(r0, min(r1, len(grid) - 1) + 1):
            row = grid[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
    return grid


def _rectangular(rows: Sequence[Sequence[Any]]) -> tuple[tuple[Any, ...], ...]:
    last = max((i for i, r in enumerate(rows) if not all(is_blank(v) for v in r)), default=-1)
    rows = rows[: last + 1]
    width = max((len(r) for r in rows), default=0)
    return tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)


def _xlsx_sheets(path: Path) -> tuple[Sheet, ...]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise InputFileError(f"{path.name}: not a readable .xlsx workbook ({err})") from err
    out = []
    for ws in wb.worksheets:
        grid = fill_merged(ws.iter_rows(values_only=True), ws.merged_cells.ranges)
        out.append(Sheet(ws.title, _rectangular(grid)))
    return tuple(out)


def _csv_text(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputFileError(f"{path.name}: neither UTF-8 nor Windows-1252 text")  # pragma: no cover


def _csv_sheets(path: Path) -> tuple[Sheet, ...]:
    text = _csv_text(path)
    sample = "\n".join(text.splitlines()[:50])
    counts = {d: sample.count(d) for d in (",", ";", "\t")}
    delim = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    rows = [[None if is_blank(v) else v for v in r] for r in csv.reader(io.StringIO(text),
                                                                         delimiter=delim)]
    return (Sheet(path.stem, _rectangular(rows)),)


def open_file(path: str | os.PathLike) -> OpenedFile:
    """Open an ``.xlsx`` or ``.csv`` file as sheets of cell values (read only).

    Raises:
        InputFileError: Missing file, old ``.xls``, unreadable workbook or another suffix.
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputFileError(
            f"{path.name}: the old .xls format cannot be read; open it in Excel or LibreOffice "
            "and save it as .xlsx"
        )
    if suffix in (".xlsx", ".xlsm"):
        return OpenedFile(path, _xlsx_sheets(path), "xlsx")
    if suffix in (".csv", ".txt"):
        return OpenedFile(path, _csv_sheets(path), "csv")
    raise InputFileError(f"{path.name}: expected an .xlsx or .csv file")


# --- writing ------------------------------------------------------------------------------------
def check_out_path(out: str | os.PathLike) -> Path:
    """Check an output path before importing (so a bad ``--out`` fails before any work).

    Raises:
        InputFileError: The folder does not exist, the path is a folder, or the suffix is
            neither .csv nor .xlsx.
    """
    out = Path(out)
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise InputFileError(f"--out {out}: write a .csv or .xlsx file")
    if out.is_dir():
        raise InputFileError(f"--out {out}: is a folder; give a file name")
    if not out.parent.exists():
        raise InputFileError(f"--out {out}: folder {out.parent} does not exist")
    return out


def write_table(frame: pd.DataFrame, out: str | os.PathLike, sheet: str) -> Path:
    """Write a contract table as ``.csv`` (UTF-8) or ``.xlsx`` (one sheet), atomically.

    Every column is written as text (the caller formats numbers); a temporary file in the same
    folder is renamed over ``out`` only once it is complete.

    Returns:
        The path written.

    Raises:
        InputFileError: A bad output path (see :func:`check_out_path`).
    """
    out = check_out_path(out)
    suffix = out.suffix.lower()
    with atomic_path(out, suffix=suffix) as tmp_path:
        if suffix == ".csv":
            frame.to_csv(tmp_path, index=False, encoding="utf-8")
        else:
            from openpyxl import Workbook

            from workbench.tabel_keluaran import write_sheet

            wb = Workbook()
            wb.active.title = sheet
            write_sheet(wb.active, frame)  # formula-like text stays text (no formula from data)
            wb.save(tmp_path)
    return out
