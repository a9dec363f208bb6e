"""The header tree and column roles (:data:`SINONIM`), header detection, reading sheets."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.sipd.cells import (
    _MAX_EXTRA_HEADER_ROWS,
    HEADER_SCAN_ROWS,
    SipdImportError,
    _kosong,
    _norm_label,
)
from workbench.spreadsheet import column_letter, fill_merged

# Label words per column role, checked in this order (first match wins); the words are
# matched against the lowest label of a column, lower-cased with spacing normalised.
SINONIM: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sumber", (r"\bsumber\s*dana\b",)),
    (
        "pagu",
        (
            r"\bpagu\b",
            r"\banggaran\b",
            r"\balokasi\b",
            r"\(rp\)",
            r"^rp\.?$",
            r"\bdana\s+indikatif\b",
            r"\bkebutuhan\s+dana\b",
        ),
    ),
    ("satuan", (r"^satuan\b",)),
    ("target", (r"\btarget\b", r"\bvolume\b", r"^nilai$", r"^k$")),
    ("lokasi", (r"\blokasi\b",)),
    ("catatan", (r"\bcatatan\b", r"\bketerangan\b")),
    (
        "pd",
        (
            r"\bperangkat\s+daerah\b",
            r"\bskpd\b",
            r"\bopd\b",
            r"\bunit\s+kerja\b",
            r"\bpenanggung\s*jawab\b",
        ),
    ),
    ("indikator", (r"\bindikator\b", r"\btolok\s+ukur\b", r"^kinerja\b")),
    ("kode", (r"^kode\b", r"\bkode\s*$")),
    ("uraian", (r"\burusan\b", r"\bprogram\b", r"\bkegiatan\b", r"\buraian\b", r"\bnomenklatur\b")),
    ("nomor", (r"^no\.?$", r"^nomor$")),
)
_MAJU = re.compile(r"prakiraan|perkiraan|\bmaju\b|\bn\s*\+\s*1\b")
# A group label that says which tingkat its indicator/target columns belong to (SIPD's Renja
# "Indikator Kinerja" block: Capaian Program | Hasil Kegiatan | Keluaran Sub Kegiatan, each
# split into Tolok Ukur / Target); checked in this order. ``masukan`` (input) pairs are
# recognised and not imported.
_TINGKAT_LABEL: tuple[tuple[str, re.Pattern], ...] = (
    ("sub_kegiatan", re.compile(r"\b(keluaran|hasil|output)\s+sub\s*-?\s*kegiatan\b")),
    ("kegiatan", re.compile(r"\b(hasil|keluaran|output|outcome)\s+kegiatan\b")),
    ("program", re.compile(r"\bcapaian\s+(kinerja\s+)?program\b|\b(hasil|outcome)\s+program\b")),
    ("masukan", re.compile(r"^masukan\b")),
)
_PER_TINGKAT = ("indikator", "target", "satuan")
_YEAR_LEAF = re.compile(r"^(tahun\s*)?(20\d\d|ke-?\s*\d|n(\s*\+\s*\d)?)$")
_TAHUN = re.compile(r"\b(20\d\d)\b")
_REQUIRED = ("kode", "indikator", "target")
# roles that feed the rencana lines or the checks; the others (lokasi, sumber dana, catatan,
# Prakiraan Maju) are recognised so they are never mistaken for these, and left out
_IMPORTED = ("kode", "uraian", "indikator", "target", "satuan", "pagu", "pd")
_LOOKED_FOR = (
    "a header row in the first 40 rows with a 'Kode' column and an 'Indikator Kinerja' or "
    "'Urusan/Bidang/Program/Kegiatan/Sub Kegiatan' column, plus a 'Target' column (or, when "
    "the codes are printed inside the programme text, those three columns without 'Kode')"
)


# --- header detection ------------------------------------------------------------------------
def peran_kolom(label: str) -> str | None:
    """Role of a column from one of its labels (see :data:`SINONIM`), or None."""
    t = _norm_label(label)
    if not t:
        return None
    for peran, pola in SINONIM:
        if any(re.search(p, t) for p in pola):
            return peran
    return None


def peran_label(path: Sequence[str]) -> str | None:
    """Role of a column from its header labels, top (group) to bottom (sub-label).

    The header is read as a tree: the lowest label that names a role wins (``Target`` /
    ``Satuan`` under a ``TARGET`` group are target and satuan), and a sub-label that names
    none takes its group's role (``Nilai`` or ``2026`` under ``Target``; ``Uraian`` under
    ``Program/Kegiatan``). Every column under a ``Kode`` group is part of the code
    (``Kode / Urusan | Bidang | Program | Kegiatan | Sub Kegiatan``). An indicator, target or
    satuan column under a group naming a tingkat (``Capaian Program``, ``Hasil Kegiatan``,
    ``Keluaran Sub Kegiatan``, ``Masukan``) gets that tingkat: ``target:program`` …

    Args:
        path: The labels of one column, group first (merged repeats already removed).

    Returns:
        The role (``kode``, ``uraian``, ``indikator``, ``target``, ``satuan``, ``pagu``, ``pd``,
        ``lokasi``, ``sumber``, ``catatan``, ``nomor``, optionally ``:tingkat``), or None.
    """
    roles = [peran_kolom(x) for x in path]
    if "kode" in roles[:-1]:
        return "kode"
    p = next((r for r in reversed(roles) if r is not None), None)
    if p in _PER_TINGKAT:
        for x in path[:-1] if len(path) > 1 else ():
            t = _norm_label(x)
            tingkat = next((tk for tk, pola in _TINGKAT_LABEL if pola.search(t)), None)
            if tingkat:
                return f"{p}:{tingkat}"
    return p


def _dasar(peran: str) -> str:
    """A role without its tingkat (``target:program`` → ``target``)."""
    return peran.split(":", 1)[0]


@dataclass(frozen=True)
class _Header:
    top: int  # 0-based row index of the first header row
    bottom: int  # 0-based row index of the last header row
    nomor: int | None  # 0-based row index of the column-number row
    peran: dict[str, list[int]]  # role -> 0-based columns (kode may be several)
    label: dict[int, str]  # column -> label path "group / leaf"
    catatan: tuple[str, ...] = field(default=())

    @property
    def layout(self) -> tuple:
        return tuple(sorted((k, tuple(v)) for k, v in self.peran.items()))

    @property
    def end(self) -> int:
        return self.nomor if self.nomor is not None else self.bottom


def _row_roles(row: Sequence[Any]) -> set[str]:
    return {p for v in row if isinstance(v, str) and (p := peran_kolom(v))}


def _mentions_kode(row: Sequence[Any]) -> bool:
    """Cheap pre-check before :func:`_is_anchor` on data rows."""
    return any(isinstance(v, str) and ("kode" in (t := v.lower()) or "indikator" in t) for v in row)


def _is_anchor(row: Sequence[Any]) -> bool:
    """A header's first row: Kode with an indicator or programme column.

    Exports that print the code inside the programme text have no Kode column: for them the
    programme, indicator and target columns together make the anchor.
    """
    roles = _row_roles(row)
    with_kode = "kode" in roles and bool(roles & {"indikator", "uraian"})
    return with_kode or {"uraian", "indikator", "target"} <= roles


# a column number, possibly with the formula SIPD prints as text: "12 = 8+9+10+11", "(6)=(4)x(5)"
_NOMOR_KOLOM = re.compile(r"\(?\s*(\d{1,3})\s*\)?(?:\s*=\s*[\d\s()+\-−x×*/:]+)?")


def _is_column_numbers(row: Sequence[Any]) -> bool:
    """A row of column numbers 1, 2, 3 … (increasing; a number merged over cells repeats)."""
    nums: list[int] = []
    for v in row:
        if _kosong(v):
            continue
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float) and float(v).is_integer():
            n = int(v)
        elif m := _NOMOR_KOLOM.fullmatch(str(v).strip()):
            n = int(m.group(1))
        else:
            return False
        if not nums or n != nums[-1]:
            nums.append(n)
    return len(nums) >= 3 and all(b > a for a, b in zip(nums, nums[1:], strict=False))


def _looks_like_code(v: Any) -> bool:
    if _kosong(v):
        return False
    if isinstance(v, int | float):
        return True
    return bool(re.fullmatch(r"\s*'?\s*\d[\d.\s]*", str(v)))


def _header_bottom(grid: list[list[Any]], top: int) -> int:
    """Last row of the header block that starts at ``top`` (up to 3 rows below it).

    A row below belongs to the header when the ``Kode`` cell is merged down into it, or when it
    adds labels that name a column role or a year; a code, a row of column numbers or a row
    without new labels ends the header.
    """
    kode_cols = [
        c for c, v in enumerate(grid[top]) if isinstance(v, str) and peran_kolom(v) == "kode"
    ]
    bottom = top
    for r in range(top + 1, min(top + 1 + _MAX_EXTRA_HEADER_ROWS, len(grid))):
        row, above = grid[r], grid[r - 1]
        if _is_column_numbers(row) or any(
            _looks_like_code(row[c]) for c in kode_cols if c < len(row)
        ):
            break
        # a header row adds labels: cells that differ from the row above and name a role
        new = [
            v
            for c, v in enumerate(row)
            if isinstance(v, str) and v.strip() and (c >= len(above) or v != above[c])
        ]
        merged_kode = all(c < len(row) and row[c] == grid[top][c] for c in kode_cols)
        if not merged_kode and not any(
            peran_kolom(v) or _YEAR_LEAF.match(_norm_label(v)) for v in new
        ):
            break
        bottom = r
    return bottom


def _label_path(grid: list[list[Any]], top: int, bottom: int, c: int) -> list[str]:
    """Labels of column ``c`` from the top header row down, repeats (merged cells) once."""
    path: list[str] = []
    for r in range(top, bottom + 1):
        v = grid[r][c] if c < len(grid[r]) else None
        if isinstance(v, str | int | float) and not _kosong(v):
            t = re.sub(r"\s+", " ", str(v)).strip()
            if not path or path[-1] != t:
                path.append(t)
    return path


def _header_at(grid: list[list[Any]], top: int, tahun: int | None) -> _Header:
    """Read the header block whose first row is ``top`` (an anchor row).

    A column whose labels mention *Prakiraan Maju*, *n+1* or a year after ``tahun`` is a
    year-n+1 column (``maju_target``/``maju_pagu``), never the plan year's target or pagu.
    """
    bottom = _header_bottom(grid, top)
    nomor = bottom + 1 if bottom + 1 < len(grid) and _is_column_numbers(grid[bottom + 1]) else None
    width = max(len(grid[r]) for r in range(top, bottom + 1))
    cand: dict[str, list[tuple[int, list[int]]]] = {}
    label: dict[int, str] = {}
    for c in range(width):
        path = _label_path(grid, top, bottom, c)
        if not path:
            continue
        label[c] = " / ".join(path)
        p = peran_label(path)
        if p is None:
            continue
        full = _norm_label(" ".join(path))
        years = [int(y) for y in _TAHUN.findall(full)]
        if _MAJU.search(full) or (tahun is not None and any(y > tahun for y in years)):
            p = f"maju_{p}" if _dasar(p) in {"target", "pagu"} else None
        if p is not None:
            cand.setdefault(p, []).append((c, years))
    peran, catatan = _pick_year_n(cand, label, tahun)
    return _Header(top, bottom, nomor, peran, label, tuple(catatan))


def _pick_year_n(
    cand: dict[str, list[tuple[int, list[int]]]], label: dict[int, str], tahun: int | None
) -> tuple[dict[str, list[int]], list[str]]:
    """Columns per role, preferring those naming ``tahun``, then those naming no year.

    A Renstra/RPJMD table has a target column per year: the one of ``tahun`` is the plan year's.
    """
    peran: dict[str, list[int]] = {}
    catatan: list[str] = []
    for p, cs in cand.items():
        if p.startswith("maju_") or tahun is None:
            peran[p] = [c for c, _ in cs]
            continue
        this = [c for c, ys in cs if tahun in ys]
        plain = [c for c, ys in cs if not ys]
        peran[p] = this or plain or [c for c, _ in cs]
        if not (this or plain):
            c0, ys = cs[0]
            catatan.append(f"column '{label[c0]}' names year {ys[0]}, not {tahun}")
    return peran, catatan


def _find_header(
    grid: list[list[Any]], tahun: int | None, start: int = 0, stop: int | None = None
) -> _Header | None:
    stop = min(len(grid), HEADER_SCAN_ROWS if stop is None else stop)
    for r in range(start, stop):
        if _is_anchor(grid[r]):
            return _header_at(grid, r, tahun)
    return None


def _missing_roles(h: _Header) -> list[str]:
    # without a Kode column the code is read from the start of the programme/kegiatan text;
    # indicator and target columns may be per tingkat (Capaian Program, Hasil Kegiatan …)
    have = {p if _dasar(p) == p or p.endswith(":masukan") else _dasar(p) for p in h.peran}
    return [p for p in _REQUIRED if p not in have and not (p == "kode" and "uraian" in have)]


def _missing_text(h: _Header, tahun: int, suffix: str = "") -> str:
    """The missing roles, with a hint when a target column was set aside for naming a later year."""
    missing = _missing_roles(h)
    hint = ""
    later = [c for c in h.peran.get("maju_target", []) if not _MAJU.search(_norm_label(h.label[c]))]
    if "target" in missing and later:
        hint = (
            f" ('{h.label[later[0]]}' names a year after {tahun} and was read as year n+1: "
            "is --tahun right?)"
        )
    return " / ".join(missing) + suffix + hint


# --- reading a workbook ------------------------------------------------------------------------
@dataclass
class _Sheet:
    name: str
    rows: list[tuple]  # raw values
    grid: list[list[Any]]  # merged cells filled
    header: _Header | None


def _open(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise SipdImportError(f"{path}: file not found")
    if path.suffix.lower() == ".xls":
        raise SipdImportError(
            f"{path.name}: the old .xls format cannot be read; open it in Excel or LibreOffice "
            "and save it as .xlsx"
        )
    try:
        return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as err:
        raise SipdImportError(f"{path.name}: not a readable .xlsx workbook ({err})") from err


def _read_sheet(ws, tahun: int | None) -> _Sheet:
    rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
    grid = fill_merged(rows, ws.merged_cells.ranges)
    return _Sheet(ws.title, rows, grid, _find_header(grid, tahun))


def _choose_sheet(wb, path: Path, sheet: str | None, tahun: int | None) -> tuple[_Sheet, list[str]]:
    names = wb.sheetnames
    if sheet is not None:
        if sheet not in names:
            raise SipdImportError(
                f"{path.name}: no sheet named '{sheet}'; the sheets are: "
                + ", ".join(f"'{n}'" for n in names)
            )
        s = _read_sheet(wb[sheet], tahun)
        _require_header(s, path, tahun)
        return s, [f"sheet chosen with --sheet; the workbook has {len(names)} sheet(s)"]
    notes: list[str] = []
    tried: list[str] = []
    for name in names:
        s = _read_sheet(wb[name], tahun)
        if s.header is not None and not _missing_roles(s.header):
            if len(names) > 1:
                notes.append(f"first plan-like sheet of {len(names)} (use --sheet to pick another)")
            notes += [f"sheet '{t}' not imported: {why}" for t, why in tried]
            rest = [n for n in names if n != name and n not in {t for t, _ in tried}]
            notes += [f"sheet '{n}' not looked at (after the chosen one)" for n in rest]
            return s, notes
        why = (
            "no plan header"
            if s.header is None
            else f"header at row {s.header.top + 1} lacks {_missing_text(s.header, tahun)}"
        )
        tried.append((name, why))
    raise SipdImportError(
        f"{path.name}: no sheet looks like an RKPD/Renja table; looked for {_LOOKED_FOR}. "
        "Sheets: " + "; ".join(f"'{n}' ({why})" for n, why in tried)
    )


def _require_header(s: _Sheet, path: Path, tahun: int | None) -> None:
    if s.header is None:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': not an RKPD/Renja table; looked for {_LOOKED_FOR}"
        )
    missing = _missing_roles(s.header)
    if missing:
        found = "; ".join(
            f"{column_letter(c)} '{s.header.label[c]}' → {p}"
            for p, cs in s.header.peran.items()
            for c in cs
        )
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': the header at row {s.header.top + 1} has no "
            f"{_missing_text(s.header, tahun, ' column')} (columns recognised: {found}); "
            f"looked for {_LOOKED_FOR}"
        )
