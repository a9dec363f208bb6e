"""What the explorers share: lookups, cell format, HTML tables, the state, its Excel export."""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from workbench import reference
from workbench.analysis import Hasil
from workbench.errors import WorkbenchError
from workbench.vocabulary import label_kolom

SEMUA = ""  # the "every kab/kota / every finding" choice of a dropdown
MAKS_BARIS_HTML = 200  # rows shown in a widget table; the Excel export holds every row

#: Excel sheet name per table of an explorer.
SHEET = {
    "dukungan": "Dukungan Kab-Kota",
    "rincian": "Rincian Sub Kegiatan",
    "tanpa_dukungan": "Outcome Tanpa Dukungan",
    "peringkat": "Peringkat",
    "tren": "Tren",
    "keterkaitan": "Keterkaitan",
    "temuan": "Baris Bermasalah",
}

class PenjelajahError(WorkbenchError, ValueError):
    """A selection the explorer cannot show (unknown value for a selector, no data)."""


# --- small helpers ---------------------------------------------------------------------------
def _teks():
    from workbench import teks

    return teks


def _nama_wilayah() -> dict[str, str]:
    teks = _teks()
    return {k: teks.nama_wilayah(k) for k in reference.load_wilayah()["kode"]}


def _uraian_nomenklatur() -> dict[str, str]:
    return reference.nama_nomenklatur()


def _uraian_bidang() -> dict[str, str]:
    nom = reference.load_nomenklatur()
    bid = nom[nom["tingkat"] == "bidang"]
    nama = bid["kode"].map(reference.nama_nomenklatur()).astype(str)
    pendek = nama.str.replace(r"^Urusan Pemerintahan Bidang\s+", "", regex=True)
    return dict(zip(bid["kode"].astype(str), pendek, strict=True))


def _uraian_indikator(hasil: Sequence[Hasil], indikator: pd.DataFrame | None) -> dict[str, str]:
    """Indicator code → description: the package's indikator table, else what capaian carries."""
    out: dict[str, str] = {}
    for h in hasil:
        cap = h.capaian.dropna(subset=["kode_indikator", "uraian_indikator"])
        out.update(zip(cap["kode_indikator"].astype(str), cap["uraian_indikator"].astype(str),
                       strict=True))  # fmt: skip
    if indikator is not None and len(indikator):
        out.update(zip(indikator["kode_indikator"].astype(str), indikator["uraian"].astype(str),
                       strict=True))  # fmt: skip
    return out


def _aman(text: object) -> str:
    """A file-name-safe piece (codes and slugs only: no raw names in file names)."""
    return re.sub(r"[^0-9A-Za-z._-]+", "-", str(text)).strip("-") or "semua"


def _png(fig: Figure, dpi: int = 100) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _judul_gambar(fig: Figure) -> str:
    """Every title drawn on the figure (suptitle, then each axes' titles), joined by `` | ``."""
    out = []
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        out.append(sup.get_text())
    for ax in fig.axes:
        out += [t for t in (ax.get_title(loc) for loc in ("left", "center", "right")) if t]
    return " | ".join(out)


def _format_sel(kolom: str, nilai: Any) -> str:
    """One cell for an HTML table, in Indonesian number format; ``–`` for missing."""
    teks = _teks()
    if nilai is None or (not isinstance(nilai, str) and pd.isna(nilai)):
        return "–"
    if isinstance(nilai, bool | np.bool_):
        return "ya" if nilai else "tidak"
    if isinstance(nilai, int | np.integer) and not isinstance(nilai, bool):
        return teks.format_angka(float(nilai), desimal=0) if kolom != "tahun" else str(nilai)
    if isinstance(nilai, float | np.floating):
        if not math.isfinite(nilai):
            return "∞" if nilai > 0 else "−∞"
        if kolom.startswith("pagu"):
            return teks.format_rupiah(float(nilai))
        if kolom.endswith("_persen"):
            return teks.format_persen(float(nilai))
        return teks.format_angka(float(nilai), desimal=2)
    return str(nilai)


def tabel_html(
    frame: pd.DataFrame,
    *,
    judul: str,
    kosong: str = "Tidak ada baris untuk pilihan ini.",
    sorot: pd.Series | None = None,
    maks_baris: int = MAKS_BARIS_HTML,
) -> str:
    """A frame as an escaped HTML table with Indonesian labels and number format.

    Args:
        frame: rows to show (machine column names).
        judul: caption above the table.
        kosong: text shown instead of an empty table.
        sorot: boolean mask (same index) of rows to emphasise.
        maks_baris: rows shown; a note says how many more the Excel export holds.

    Returns:
        HTML text; every value from the data is escaped.
    """
    e = html.escape
    parts = [f'<div class="wb-tabel"><h4 style="margin:0.6em 0 0.3em">{e(judul)}</h4>']
    if frame.empty:
        parts.append(f"<p><em>{e(kosong)}</em></p></div>")
        return "".join(parts)
    shown = frame.head(maks_baris)
    head = "".join(f'<th style="text-align:left;padding:2px 6px">{e(label_kolom(c))}</th>'
                   for c in shown.columns)  # fmt: skip
    rows = []
    mask = sorot.reindex(shown.index).fillna(False) if sorot is not None else None
    for i, rec in enumerate(shown.itertuples(index=False)):
        style = ' style="font-weight:bold;background:#fff3cd"' if mask is not None and bool(
            mask.iloc[i]) else ""  # fmt: skip
        cells = "".join(f'<td style="padding:2px 6px">{e(_format_sel(c, v))}</td>'
                        for c, v in zip(shown.columns, rec, strict=True))  # fmt: skip
        rows.append(f"<tr{style}>{cells}</tr>")
    parts.append(
        '<table style="border-collapse:collapse;font-size:90%"><thead><tr>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    if len(frame) > maks_baris:
        lagi = _teks().format_angka(len(frame) - maks_baris, desimal=0)
        parts.append(f"<p><em>… {e(lagi)} baris lagi (lihat ekspor Excel).</em></p>")
    parts.append("</div>")
    return "".join(parts)


@dataclass
class Keadaan:
    """What an explorer currently shows.

    Attributes:
        pilihan: selector name → selected value (``""`` = every kab/kota / every finding).
        judul: the title of the main figure.
        gambar: figure name → matplotlib figure (``peta``, ``tren``, ``keterkaitan``).
        tabel: table name → frame (machine column names, filtered to the selection).
        catatan: a note shown under the selectors (e.g. why a table is empty).
    """

    pilihan: dict[str, Any]
    judul: str
    gambar: dict[str, Figure]
    tabel: dict[str, pd.DataFrame]
    catatan: str = ""
    judul_tabel: dict[str, str] = field(default_factory=dict)


def _tulis_excel(path: Path, keadaan: Keadaan, keterangan: Sequence[tuple[str, str]]) -> None:
    """Write the selection and its tables (:func:`workbench.fileio.atomic_path`)."""
    from openpyxl import Workbook

    from workbench.fileio import atomic_path
    from workbench.tabel_keluaran import write_sheet

    wb = Workbook()
    wb.remove(wb.active)
    info = pd.DataFrame(keterangan, columns=["Keterangan", "Nilai"])
    write_sheet(wb.create_sheet("Pilihan"), info, autofilter=False)
    for nama, frame in keadaan.tabel.items():
        sheet = SHEET.get(nama, nama)[:31]
        write_sheet(wb.create_sheet(sheet), frame, [label_kolom(c) for c in frame.columns])
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb.save(tmp)



def _sebagai_daftar(hasil: Hasil | Iterable[Hasil]) -> list[Hasil]:
    daftar = [hasil] if isinstance(hasil, Hasil) else list(hasil)
    if not daftar:
        raise PenjelajahError("no analysis results given (an empty list of Hasil)")
    tahun = [h.tahun for h in daftar]
    if len(set(tahun)) != len(tahun):
        raise PenjelajahError(f"more than one Hasil for the same year: {sorted(tahun)}")
    return sorted(daftar, key=lambda h: h.tahun)


def _gabung(daftar: Sequence[Hasil], nama: str) -> pd.DataFrame:
    frames = [getattr(h, nama) for h in daftar]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].copy()


def _opsi_wilayah(kode: Iterable[str], nama: Mapping[str, str], semua: str | None) -> list:
    urut = {k: i for i, k in enumerate(reference.load_wilayah()["kode"])}
    ada = sorted({str(k) for k in kode}, key=lambda k: (urut.get(k, len(urut)), k))
    opsi = [(f"{k} {nama.get(k, k)}", k) for k in ada]
    return ([(semua, SEMUA)] if semua else []) + opsi

