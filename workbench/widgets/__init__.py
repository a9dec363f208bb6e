"""ipywidgets explorers for the exploration notebooks (synchronization, outcome gaps, consistency).

Each explorer takes results computed once (:class:`workbench.analysis.Hasil`) and only
*filters* them when a selector changes: a callback never reruns the analysis. Class breaks
for the maps are computed once, in the constructor, across every kab/kota (and every year
and bidang the explorer holds), so the legend stays the same while the user moves around.

Every explorer has the same surface, so that tests and scripts drive it without a browser:

* ``pilih(**nilai)``: set one or more selectors (``tahun``, ``kode_bidang``, ``kode_wilayah``,
  ``kode_indikator``, ``ukuran``, ``pasangan``, ``jenis_temuan``) and redraw once;
* ``keadaan``: the current output (:class:`Keadaan`: selection, title, figures, the tables
  as frames with machine column names);
* ``ekspor(folder)``: the current selection as an Excel workbook (Indonesian sheet and
  column names) and a PNG per figure, for a slide;
* ``widget``: the ipywidgets box; ``tampilkan()`` displays it followed by a static copy of
  the current view (image and HTML tables), which stays readable in an HTML export or a
  notebook opened without a live kernel.

:func:`penjelajah_sinkronisasi`, :func:`penjelajah_capaian` and :func:`penjelajah_konsistensi`
load a data package (the built-in sample when ``data`` is empty), run the analysis and build
the explorer: the notebooks call only these.
"""


from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.analysis import AnalysisError, Hasil
from workbench.widgets.capaian import UKURAN, PenjelajahCapaian
from workbench.widgets.common import (
    MAKS_BARIS_HTML,
    SEMUA,
    SHEET,
    Keadaan,
    PenjelajahError,
    tabel_html,
)
from workbench.widgets.common import _judul_gambar as _judul_gambar  # used by the tests
from workbench.widgets.common import _tulis_excel as _tulis_excel  # used by the tests
from workbench.widgets.konsistensi import WARNA_KATEGORI, PenjelajahKonsistensi
from workbench.widgets.sinkronisasi import PenjelajahSinkronisasi


# --- builders for the notebooks (I/O at the edge) --------------------------------------------
def muat_paket(data: str | Path = "") -> Any:
    """Load a data package; an empty ``data`` means the built-in synthetic sample.

    Args:
        data: package folder or ``.xlsx``; ``""`` builds (once) and loads the sample.

    Returns:
        The :class:`workbench.contract.Package`.

    Raises:
        workbench.contract.PackageError: the package does not follow the data contract.
    """
    from workbench.contract import load_package

    if not str(data).strip():
        from workbench.sample import ensure_sample

        data = ensure_sample()
    return load_package(Path(data))


def muat_hasil(paket: Any, tahun: int | Sequence[int]) -> list[Hasil]:
    """Run the analysis once per year (the explorers then only filter these results).

    Args:
        paket: a loaded package.
        tahun: one year or several.

    Returns:
        One :class:`Hasil` per year, in year order.

    Raises:
        workbench.analysis.AnalysisError: a year the package does not cover.
    """
    from workbench.analysis import run_analysis

    years = [int(tahun)] if isinstance(tahun, int | np.integer) else sorted({int(t) for t in tahun})
    return [run_analysis(paket, t) for t in years]


def _tahun_tersedia(paket: Any, tahun: int) -> list[int]:
    """Years of agreements in the package, plus ``tahun`` (the synchronization year choices)."""
    years = {int(t) for t in pd.unique(paket.kesepakatan["tahun"].dropna())}
    return sorted(years | {int(tahun)})


def penjelajah_sinkronisasi(data: str | Path = "", tahun: int = 2026) -> PenjelajahSinkronisasi:
    """Load, analyse every agreement year once, and build the synchronization explorer.

    Args:
        data: package folder or ``.xlsx`` (``""``: the built-in sample).
        tahun: the year selected at the start.

    Returns:
        The explorer (display it, or call ``tampilkan()``).
    """
    paket = muat_paket(data)
    return PenjelajahSinkronisasi(_hasil_tahun(paket, _tahun_tersedia(paket, tahun)),
                                  indikator=paket.indikator, tahun=int(tahun))  # fmt: skip


def penjelajah_capaian(data: str | Path = "", tahun: int = 2026) -> PenjelajahCapaian:
    """Load, analyse ``tahun`` once (capaian holds every earlier year) and build the explorer."""
    paket = muat_paket(data)
    return PenjelajahCapaian(muat_hasil(paket, tahun), indikator=paket.indikator)


def penjelajah_konsistensi(data: str | Path = "", tahun: int = 2026) -> PenjelajahKonsistensi:
    """Load, analyse ``tahun`` once and build the document-consistency explorer."""
    paket = muat_paket(data)
    return PenjelajahKonsistensi(muat_hasil(paket, tahun), tahun=int(tahun))


def _hasil_tahun(paket: Any, years: Sequence[int]) -> list[Hasil]:
    """One Hasil per year; a year the package cannot analyse is refused loudly, not skipped."""
    out = []
    for t in years:
        try:
            out.extend(muat_hasil(paket, t))
        except AnalysisError as err:
            raise PenjelajahError(f"tahun {t}: {err}") from err
    return out


__all__ = [
    "MAKS_BARIS_HTML",
    "SEMUA",
    "SHEET",
    "UKURAN",
    "WARNA_KATEGORI",
    "Keadaan",
    "PenjelajahCapaian",
    "PenjelajahError",
    "PenjelajahKonsistensi",
    "PenjelajahSinkronisasi",
    "muat_hasil",
    "muat_paket",
    "penjelajah_capaian",
    "penjelajah_konsistensi",
    "penjelajah_sinkronisasi",
    "tabel_html",
]
