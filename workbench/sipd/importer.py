"""The public import: options given or detected, then the walk (:func:`import_sipd`)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.sipd.cells import HEADER_SCAN_ROWS, RENCANA_COLUMNS, SipdImportError, _kosong
from workbench.sipd.header import _choose_sheet, _find_header, _open, _require_header, _Sheet
from workbench.sipd.report import ImportResult, _laporan
from workbench.sipd.rows import _Walk, _walk_rows
from workbench.sipd.title import _PD_TITLE, Kenal, _baris_judul, _kenali_grid, _nilai_teks
from workbench.vocabulary import DOKUMEN


# --- public API ---------------------------------------------------------------------------------
def _check_options(
    wilayah: str | None, dokumen: str | None, tahun: int | None
) -> tuple[str | None, str | None, int | None]:
    """The given options, checked and normalised (None stays None: detect it)."""
    w = d = None
    if wilayah is not None:
        w = str(wilayah).strip()
        if not re.fullmatch(r"\d{2}(\.\d{2})?", w):
            raise SipdImportError(
                f"--wilayah {wilayah!r}: expected a Kemendagri code such as 62 (province) or "
                "62.03 (kab/kota), written with the dot"
            )
    if dokumen is not None:
        d = str(dokumen).strip().upper()
        if d not in DOKUMEN:
            raise SipdImportError(f"--dokumen {dokumen!r}: expected one of {', '.join(DOKUMEN)}")
    if tahun is not None and not (2000 <= int(tahun) <= 2100):
        raise SipdImportError(f"--tahun {tahun}: expected a plan year such as 2026")
    return w, d, None if tahun is None else int(tahun)


def _cover_lines(wb, upto: str) -> list[tuple[str, str]]:
    """Text of the sheets before ``upto`` (a cover sheet), first 40 rows of each."""
    out: list[tuple[str, str]] = []
    for name in wb.sheetnames:
        if name == upto:
            break
        rows = [list(r) for r in wb[name].iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)]
        out += _baris_judul(rows, HEADER_SCAN_ROWS, f"sheet '{name}'")
    return out


def _resolve(
    path: Path, s: _Sheet, k: Kenal, given: dict[str, Any]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Options given win over detection; a conflict is a warning; a gap is an error.

    Returns:
        (values of dokumen/wilayah/tahun, lines saying what was detected, warnings).

    Raises:
        SipdImportError: An option not given and not detected (with the reason for each).
    """
    nilai: dict[str, Any] = {}
    deteksi: list[str] = []
    peringatan: list[str] = []
    gaps: list[str] = []
    for f in ("dokumen", "wilayah", "tahun"):
        g, d = given[f], getattr(k, f)
        if g is not None:
            nilai[f] = g
            deteksi.append(f"{f} {_nilai_teks(f, g)}: given (--{f})")
            if d is not None and d != g:
                peringatan.append(
                    f"--{f} {g} given, but {_penyebut(k.asal[f])} {_nilai_teks(f, d)} "
                    f"({k.asal[f]}); using {g}"
                )
        elif d is not None:
            nilai[f] = d
            deteksi.append(f"{f} {_nilai_teks(f, d)}: detected from {k.asal[f]}")
        else:
            gaps.append(f"--{f} not given and {k.masalah.get(f, 'not detected')}")
    if gaps:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': "
            + "; ".join(gaps)
            + ". Give "
            + ", ".join(f"--{f}" for f in ("dokumen", "wilayah", "tahun") if f not in nilai)
            + " to import it"
        )
    if k.perangkat_daerah is not None:
        dipakai = (
            "used for lines without a perangkat daerah column or heading"
            if _pd_berlaku(k, nilai["dokumen"], s)
            else f"not used: an {nilai['dokumen']} is the whole government's plan"
        )
        deteksi.append(
            f"perangkat daerah {k.perangkat_daerah!r}: detected from "
            f"{k.asal['perangkat_daerah']} ({dipakai})"
        )
    return nilai, deteksi, peringatan


def _penyebut(asal: str) -> str:
    """Who says it: ``the title names``, ``the header names``, ``sheet 'Sampul' names``."""
    if asal.startswith("title"):
        return "the title names"
    if asal.startswith("header"):
        return "the header names"
    return asal.split(" row ")[0] + " names"


def _pd_berlaku(k: Kenal, dokumen: str, s: _Sheet) -> bool:
    """Whether the title's perangkat daerah names the lines without one.

    A Renja/Renstra is one apparatus's plan: its title's PD applies. An RKPD/RPJMD is the
    government's: a PD on its title or cover is the publisher (Bappeda), unless the title
    block writes it as ``Perangkat Daerah: …``.
    """
    if k.perangkat_daerah is None:
        return False
    if dokumen in ("RENJA", "RENSTRA"):
        return True
    top = s.header.top if s.header is not None else 0
    return any(_PD_TITLE.match(t) for _, t in _baris_judul(s.grid, top, "title"))


def import_sipd(
    path: str | Path,
    *,
    wilayah: str | None = None,
    dokumen: str | None = None,
    tahun: int | None = None,
    sheet: str | None = None,
) -> ImportResult:
    """Import one SIPD-style plan sheet into ``rencana`` lines (conventions: module doc).

    Options not given are read from the sheet's title block (see :func:`kenali`); a given
    option wins, and its conflict with the title is a warning of the report.

    Args:
        path: The .xlsx workbook (read only).
        wilayah: Kemendagri code of the government (``62`` or ``62.03``); None: detect.
        dokumen: RKPD, RENJA, RPJMD or RENSTRA (any case); None: detect.
        tahun: The plan year (year n; columns of later years are Prakiraan Maju); None: detect.
        sheet: Sheet name; default the first sheet with a plan header.

    Returns:
        :class:`ImportResult` with ``rencana`` (exactly the contract columns; ``tahun`` int,
        ``pagu`` float with NaN when empty, other columns text) and the report.

    Raises:
        SipdImportError: Bad option, unreadable file, unknown sheet, no plan header, an option
            neither given nor detected (or detected ambiguously), or a header with no plan
            lines under it.
    """
    path = Path(path)
    g_wilayah, g_dokumen, g_tahun = _check_options(wilayah, dokumen, tahun)
    wb = _open(path)
    s, sheet_notes = _choose_sheet(wb, path, sheet, g_tahun)
    assert s.header is not None  # _choose_sheet guarantees it
    k = _kenali_grid(path.name, s.name, s.grid, s.header, _cover_lines(wb, s.name))
    given = {"wilayah": g_wilayah, "dokumen": g_dokumen, "tahun": g_tahun}
    nilai, deteksi, peringatan = _resolve(path, s, k, given)
    wilayah, dokumen, tahun = nilai["wilayah"], nilai["dokumen"], nilai["tahun"]
    if g_tahun is None:  # the year-n columns depend on tahun: read the header again with it
        s = _Sheet(s.name, s.rows, s.grid, _find_header(s.grid, tahun))
        _require_header(s, path, tahun)
    h = s.header
    assert h is not None
    last = max((i for i, row in enumerate(s.rows) if not all(_kosong(v) for v in row)), default=-1)
    pd_default = k.perangkat_daerah if _pd_berlaku(k, dokumen, s) else ""
    w = _Walk(h, wilayah, dokumen, int(tahun), pd_default or "", grid=s.grid)
    _walk_rows(w, s, h.end + 1, last + 1)
    w.close(0)
    if not w.lines:
        raise SipdImportError(
            f"{path.name}, sheet '{s.name}': a plan header was found at row {h.top + 1} but no "
            "programme, kegiatan or sub kegiatan row with a readable code below it"
        )
    rencana, asal = _rencana_frame(w.lines)
    lap = _laporan(path, s, w, sheet_notes, last + 1)
    lap = replace(lap, deteksi=tuple(deteksi), peringatan=tuple(peringatan))
    return ImportResult(rencana, lap, asal)


def _rencana_frame(lines: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    df = pd.DataFrame(lines)
    out = df[list(RENCANA_COLUMNS)].copy()
    out["tahun"] = out["tahun"].astype(int)
    out["pagu"] = out["pagu"].astype(float)
    for c in RENCANA_COLUMNS:
        if c not in ("tahun", "pagu"):
            out[c] = out[c].astype(object)
    asal = df[["_baris", "_tingkat"]].rename(columns={"_baris": "baris", "_tingkat": "tingkat"})
    return out, asal
