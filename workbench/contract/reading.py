"""Reading a package: CSV files (BOM, delimiter, exact line numbers) and xlsx sheets (rows)."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.contract.report import PERINGATAN, _Kumpul
from workbench.vocabulary import KOLOM, OPSIONAL, TABLES

#: Sheets (or CSV files) of notes that travel with a package and are not tables: not reported.
CATATAN = ("keterangan", "readme", "catatan")


@dataclass
class _Mentah:
    """One table as read: raw cell values (str from CSV; Python objects from Excel)."""

    tabel: str
    berkas: str
    sheet: str
    frame: pd.DataFrame
    baris: np.ndarray  # the user's row number for each row of ``frame``
    n_kosong: int = 0
    #: column → (codes, distinct values) of ``pd.factorize(use_na_sentinel=False)``, where
    #: the reader factorised a column already (the column checks reuse it)
    faktor: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _kosong(v: Any) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float):
        return v != v
    return isinstance(v, str) and not v.strip()


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
    cepat = _baca_cepat(raw, tabel, berkas)
    if cepat is not None:
        return cepat
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
        df = _baca_pandas(raw, sep)
    except (pd.errors.ParserError, csv.Error) as err:
        k.satu(berkas, "", f"{berkas} cannot be read as CSV: {err}", fatal=True)
        return None
    df.columns = [_nama_kolom(c) for c in header][: len(df.columns)] + [
        _nama_kolom(c) for c in df.columns[len(header):]
    ]
    baris = _nomor_baris_csv(text, sep, len(df))
    return _buang_kosong(_Mentah(tabel, berkas, "", df, baris))


def _baca_cepat(raw: bytes, tabel: str, berkas: str) -> _Mentah | None:
    """The regular CSV file, read by pyarrow (:func:`_baca_arrow`); None for anything else.

    None leaves the file to the reader above, which decodes it (reporting a byte that is
    not UTF-8 where it is), reports an empty file, and reads it with pandas. pyarrow checks
    that every field is UTF-8; the header line is decoded here.
    """
    try:
        first = raw.split(b"\n", 1)[0].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not first.strip():
        return None
    sep = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=sep))
    dibaca = _baca_arrow(raw, sep, len(header))
    if dibaca is None:
        return None
    df, faktor = dibaca
    # a quote left in a value was no quoting (a bare or a doubled quote): pandas' C parser
    # reads such fields its own way, so it reads this file (checked on the distinct values)
    if b'"' in raw and any('"' in u for _, uniq in faktor for u in uniq):
        return None
    df.columns = [_nama_kolom(c) for c in header]
    # by name where the name is the column's own (a repeated header is reported later)
    nama = list(df.columns)
    faktor = {c: f for c, f in zip(nama, faktor, strict=True) if nama.count(c) == 1}
    baris = _nomor_baris_csv(raw, sep, len(df))
    return _buang_kosong(_Mentah(tabel, berkas, "", df, baris, faktor=faktor))


def _baca_pandas(raw: bytes, sep: str) -> pd.DataFrame:
    """Every cell as text (empty cells ``""``, blank lines kept), by pandas' C parser."""
    return pd.read_csv(io.BytesIO(raw), encoding="utf-8", sep=sep, dtype=str,
                       keep_default_na=False, na_filter=False, skip_blank_lines=False, header=0)


def _baca_arrow(
    raw: bytes, sep: str, n_kolom: int
) -> tuple[pd.DataFrame, list[tuple[np.ndarray, np.ndarray]]] | None:
    """:func:`_baca_pandas`'s table, read by pyarrow's multi-threaded parser; None if refused.

    pyarrow takes only the regular case: every record has the header's ``n_kolom`` fields
    (a blank line is a record of empty fields, as pandas reads it) and every quote character
    quotes a field. Anything else (a ragged line, an odd number of quote characters, a
    quote left in a value, pyarrow missing) returns None, and pandas reads the file, with its
    own handling of such lines and its exact messages; so the rows, their line numbers and
    the errors are the same either way (property-tested against :func:`_baca_pandas`).

    Each column is dictionary-encoded by pyarrow (distinct values in order of first
    appearance, as ``pd.factorize`` gives them) and the frame's column is made from that
    factorisation, so a value repeated a million times is one Python string, and the
    column checks get the factorisation with the frame.

    Returns:
        The frame (columns ``_0 … _{n-1}``, object dtype) and each column's
        ``(codes, distinct values)``.
    """
    if raw.count(b'"') % 2:  # a quote left open, or a bare quote in a field: pandas decides
        return None
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
    except ImportError:
        return None
    names = [f"_{i}" for i in range(n_kolom)]
    try:
        tabel = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True,
                                             ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except (pa.ArrowException, ValueError):
        return None
    kolom, faktor = {}, []
    for name in names:
        kamus = tabel.column(name).combine_chunks().dictionary_encode()
        codes = kamus.indices.to_numpy(zero_copy_only=False).astype(np.intp, copy=False)
        uniq = np.asarray(kamus.dictionary.to_pylist(), dtype=object)
        kolom[name] = uniq[codes] if len(uniq) else np.array([""] * len(codes), dtype=object)
        faktor.append((codes, uniq))
    return pd.DataFrame(kolom, index=pd.RangeIndex(tabel.num_rows), copy=False), faktor


def _nomor_baris_csv(text: str | bytes, sep: str, n: int) -> np.ndarray:
    """Line number of each data row (header = line 1); exact also with multi-line fields.

    ``text`` may be the file's UTF-8 bytes (a newline is the same byte in either).
    """
    baru = b"\n" if isinstance(text, bytes) else "\n"
    n_lines = text.count(baru) + (0 if text.endswith(baru) else 1)
    if n_lines - 1 == n:
        return np.arange(2, n + 2, dtype=np.int64)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    # quoted fields spanning lines: walk the records with the csv module
    starts: list[int] = []
    # newline="": a lone CR ends a line, as it does for the CSV parsers (csv module docs)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
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
    for i, c in enumerate(df.columns):
        s = df.iloc[:, i]  # by position: a header may name two columns alike
        if c in m.faktor:
            codes, uniq = m.faktor[c]
            col_empty = np.array([_kosong(u) for u in uniq], dtype=bool)[codes]
        elif s.dtype == object:
            codes, uniq = pd.factorize(s, use_na_sentinel=True)
            e = np.array([_kosong(u) for u in uniq], dtype=bool)
            col_empty = np.where(codes < 0, True, e[np.maximum(codes, 0)] if len(e) else True)
        else:
            col_empty = s.isna().to_numpy()
        kosong &= col_empty
        if not kosong.any():
            return m
    keep = ~kosong
    faktor = {c: (codes[keep], uniq) for c, (codes, uniq) in m.faktor.items()}
    return _Mentah(m.tabel, m.berkas, m.sheet, df[keep].reset_index(drop=True), m.baris[keep],
                   int(kosong.sum()), faktor)


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

