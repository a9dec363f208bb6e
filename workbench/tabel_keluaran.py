"""Safe, styled tables for sharing: one Excel sheet writer and one CSV escaper for every writer.

Text from the data (indicator names, perangkat daerah, notes) must never become a live formula
in a spreadsheet (OWASP "CSV injection"): a text cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written as text.

* Excel (:func:`write_sheet`, :func:`safe_cell`): the value is kept exactly, stored as a string
  cell (``data_type "s"``, never ``"f"``) with Excel's *quote prefix* set, so editing the cell
  keeps it text. openpyxl would otherwise store any string that begins with ``=`` as a formula.
* CSV (:func:`csv_safe`, :func:`write_csv`): such a cell gets a leading apostrophe (``'=1+1``),
  the OWASP recommendation; a text that is a plain number (``-5``, ``+1,5``) cannot be a
  formula and is left as it is.

Only formulas the project writes itself (none today) may appear in an output; tests check every
cell of every workbook for ``data_type == "f"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: First characters that spreadsheet programs read as the start of a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_RISKY = re.compile(r"^[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d.,]*%?$")

#: Fill of header rows in every workbook.
HEADER_FILL = "E8EDF3"
MAX_WIDTH = 60


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is a text that a spreadsheet could read as a formula."""
    return isinstance(value, str) and bool(_RISKY.match(value))


def csv_text(value: Any) -> Any:
    """One CSV cell made safe: a formula-like text gets a leading ``'``; the rest unchanged."""
    if is_formula_like(value) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are safe to open in a spreadsheet (see module doc).

    Only text columns are looked at (vectorised); numbers, dates and booleans are unchanged.
    """
    out = frame
    for col in frame.columns:
        s = frame[col]
        if not (pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype)):
            continue
        candidate = s.astype("string").str.match(_RISKY.pattern, na=False).to_numpy(bool)
        if not candidate.any():
            continue
        values = s.to_numpy(dtype=object)
        hits = [i for i in np.flatnonzero(candidate) if csv_text(values[i]) is not values[i]]
        if hits:
            if out is frame:
                out = frame.copy()
            fixed = values.copy()
            fixed[hits] = [csv_text(values[i]) for i in hits]
            out[col] = pd.array(fixed, dtype=s.dtype) if s.dtype != object else fixed
    return out


def write_csv(frame: pd.DataFrame, path: Path | str, **kwargs: Any) -> None:
    """``frame.to_csv(path, index=False, encoding="utf-8")`` of :func:`csv_safe` (``frame``)."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("encoding", "utf-8")
    csv_safe(frame).to_csv(path, **kwargs)


def safe_cell(ws: Any, value: Any, number_format: str | None = None) -> Any:
    """An openpyxl cell for ``ws`` (normal or write-only) holding ``value`` safely.

    A formula-like text is stored as a string with the quote prefix; ``number_format`` is
    applied when given. Append the result with ``ws.append([...])``.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    return cell


def excel_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """Rows as Python lists for openpyxl: NA, NaN and ±inf become empty cells."""
    ok = frame.notna()
    for c in frame.columns:
        if pd.api.types.is_float_dtype(frame[c].dtype):
            ok[c] = np.isfinite(frame[c].to_numpy(dtype=float, na_value=np.nan))
    return frame.astype(object).where(ok, None).to_numpy().tolist()


def _risky_columns(frame: pd.DataFrame) -> list[int]:
    out = []
    for i, col in enumerate(frame.columns):
        s = frame[col]
        if pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            if s.astype("string").str.match(_RISKY.pattern, na=False).any():
                out.append(i)
    return out


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array in a cell is not missing
        return False


def column_width(values: Sequence[Any], label: str) -> float:
    """Width of a column: the longest of the label and the first 300 values, + 2, at most 60."""
    lengths = [len(str(v)) for v in list(values)[:300] if not _missing(v)]
    return float(min(max([len(str(label)), *lengths]) + 2, MAX_WIDTH))


def write_sheet(
    ws: Any,
    frame: pd.DataFrame,
    labels: Sequence[str] | None = None,
    *,
    formats: Mapping[str, str] | None = None,
    widths: Mapping[str, float] | None = None,
    freeze: bool = True,
    autofilter: bool = True,
    wrap_header: bool = True,
) -> int:
    """Append ``frame`` to ``ws`` as a styled, safe table: header row, then one row per record.

    The header is bold on a light fill, wrapped; values are NA → empty; every formula-like text
    is stored as text (:func:`safe_cell`); columns get a width from their content (or
    ``widths``) and the number formats of ``formats``; the panes are frozen below the header
    and an auto-filter covers the table. Works on normal and write-only worksheets (for the
    latter the sheet must be empty: widths and panes are set before the first row).

    Args:
        ws: An openpyxl worksheet; rows already in it (a title block) stay above the table.
        frame: The records (machine column names).
        labels: Header texts, one per column (default: the column names).
        formats: Column name → Excel number format (``'"Rp" #,##0'``, ``"0.0"``).
        widths: Column name → width, overriding the computed one.
        freeze: Freeze the panes below the header row.
        autofilter: Put an auto-filter on the table.
        wrap_header: Wrap the header texts.

    Returns:
        The row number of the header.
    """
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    labels = list(frame.columns) if labels is None else list(labels)
    assert len(labels) == frame.shape[1], "one label per column"
    formats = dict(formats or {})
    widths = dict(widths or {})
    write_only = type(ws).__name__ == "WriteOnlyWorksheet"
    # the row ws.append writes next (openpyxl keeps it in _current_row; touching a cell such as
    # ws["A1"] to look would move it)
    header_row = 1 if write_only else ws._current_row + 1
    for i, (col, label) in enumerate(zip(frame.columns, labels, strict=True), start=1):
        width = widths.get(col)
        if width is None:
            width = column_width(frame[col].head(300).tolist(), label)
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = f"A{header_row + 1}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    align = Alignment(wrap_text=wrap_header, vertical="top")
    head = []
    for label in labels:
        c = safe_cell(ws, label)
        c.font, c.fill, c.alignment = bold, fill, align
        head.append(c)
    ws.append(head)
    wrap = _risky_columns(frame)
    fmt_idx = {i: formats[c] for i, c in enumerate(frame.columns) if c in formats}
    special = sorted(set(wrap) | set(fmt_idx))
    for row in excel_rows(frame):
        for i in special:
            row[i] = safe_cell(ws, row[i], fmt_idx.get(i))
        ws.append(row)
    if autofilter and len(frame) and not write_only:
        last = get_column_letter(frame.shape[1])
        ws.auto_filter.ref = f"A{header_row}:{last}{header_row + len(frame)}"
    return header_row
