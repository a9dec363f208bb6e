"""Content of the district briefs and the province overview: figures, tables, charts, advice.

The brief templates (``notebooks/templates/brief_kabkota.ipynb`` and
``ringkasan_provinsi.ipynb``) stay thin: a parameters cell, then one or two calls per cell
into this module, which returns objects that display themselves in a notebook
(:class:`Blok`: HTML; :class:`Grafik` and the maps of :mod:`workbench.maps`: PNG). The batch
runner (:mod:`workbench.briefs`) calls :func:`tulis_index` and :func:`tulis_excel` once per
run.

Everything a reader sees is in Bahasa Indonesia with Indonesian number formats
(:mod:`workbench.teks`). Every text that comes from data (indicator names, perangkat daerah,
codes) is escaped with :func:`html.escape` before it enters HTML.

Aggregates computed here (formulas; sources in :mod:`workbench.sinkronisasi`):

* **Overall synchronization index** of a kab/kota: the mean of its per-bidang
  ``indeks_sinkronisasi`` weighted by the number of agreed sub kegiatan of each bidang,
  ``Σ_b indeks_b · n_disepakati_b / Σ_b n_disepakati_b``; a bidang with many agreed sub
  kegiatan weighs more. **Overall support %** = ``Σ n_direncanakan / Σ n_disepakati × 100``.
* **Province outcomes supported with nothing**: ``Hasil.sinkronisasi_tanpa_dukungan``
  (agreed outcomes none of whose agreed sub kegiatan is in the district's RKPD, any bidang).
* **Share of indicators on track**: indicators whose trajectory status is ``target
  tercapai`` or ``sesuai lintasan`` ÷ indicators with a trajectory status × 100.
* **Province median** of a bidang: the median of ``indeks_sinkronisasi`` over the kab/kota
  that agreed to support that bidang.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import html
import io
import logging
import math
import os
import random
import re
import textwrap
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from workbench import reference, teks
from workbench.analysis import Hasil, load_hasil, run_analysis
from workbench.config import load_parameters
from workbench.fileio import atomic_write_bytes
from workbench.pdf import nama_buku
from workbench.tabel_keluaran import safe_cell, write_sheet
from workbench.vocabulary import label_kolom

log = logging.getLogger(__name__)

#: The note every page built from synthetic data carries, verbatim (tests look for it).
CATATAN_SINTETIS = "data contoh (sintetis)"
#: Status printed on every draft (briefs, PDF, the agreement form).
STATUS_DRAF = "Draf bahan Rakortekrenbang"

LINTASAN_BAIK = ("target tercapai", "sesuai lintasan")

#: The one-sentence explanation of "lintasan", where the word first appears in a brief.
CATATAN_LINTASAN = (
    '<p class="wb-catatan"><b>Lintasan</b>: jalur dari nilai tahun dasar ke target akhir '
    "RPJMD; indikator \u201csesuai lintasan\u201d bila laju perubahannya sejak tahun dasar cukup "
    "untuk mencapai target akhir itu tepat waktu (metode kemajuan Open SDG).</p>"
)
PREDIKAT_RENDAH = ("Rendah", "Sangat Rendah")

#: Background colours of the predikat cells (ColorBrewer RdYlBu, as the maps' predikat scale).
WARNA_PREDIKAT = {
    "Sangat Tinggi": "#4575b4",
    "Tinggi": "#abd9e9",
    "Sedang": "#ffffbf",
    "Rendah": "#fdae61",
    "Sangat Rendah": "#d73027",
}
_TEKS_PUTIH = {"Sangat Tinggi", "Sangat Rendah"}

#: rcParams every brief sets in its first cell (a reused kernel keeps whatever came before).
RC_BRIEF = {
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.formatter.use_locale": False,
    "figure.max_open_warning": 0,
}

_CSS = """
.wb-brief{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1100px}
.wb-sintetis{background-color:#fff3cd;color:#7a4b00;font-weight:bold;padding:6px 10px;
 border:2px solid #e0a800;margin:6px 0 10px 0}
.wb-sub{color:#555555;margin-top:0}
.wb-kartu-baris{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}
.wb-kartu{border:1px solid #cccccc;border-radius:6px;padding:8px 12px;flex:1 1 150px;
 max-width:240px;background-color:#f7f9fc}
.wb-kartu .wb-nilai{font-size:1.5em;font-weight:bold;color:#1f3b63}
.wb-kartu .wb-label{font-size:0.85em;color:#444444}
.wb-tabel{border-collapse:collapse;margin:6px 0 4px 0;font-size:0.9em}
.wb-tabel th{background-color:#e8edf3;text-align:left;padding:4px 8px;border:1px solid #c9d1db}
.wb-tabel td{padding:3px 8px;border:1px solid #d9dee5;vertical-align:top}
.wb-tabel td.wb-num{text-align:right;white-space:nowrap}
.wb-kurang{color:#b2182b;font-weight:bold}
.wb-lebih{color:#1b7837}
.wb-catatan{color:#555555;font-size:0.85em}
.wb-rek li{margin-bottom:6px}
.wb-dasar{color:#555555;font-size:0.85em}
.wb-nav{font-size:0.85em;margin:0 0 6px 0}
@page{size:A4;margin:20mm 12mm 18mm 12mm}
@media print{
 body{font-size:9.5pt;margin:0 !important}
 .wb-brief{max-width:none}
 .wb-nav{display:none}
 h1,h2,h3,h4,.jp-MarkdownCell{break-after:avoid;page-break-after:avoid}
 .wb-tabel{width:100%;font-size:7.5pt;table-layout:auto}
 .wb-tabel th,.wb-tabel td{overflow-wrap:break-word;word-break:normal;white-space:normal;
  padding:2px 4px}
 .wb-tabel td.wb-num{white-space:nowrap}
 .wb-tabel.wb-lebar{font-size:6.5pt}
 .wb-tabel.wb-lebar th,.wb-tabel.wb-lebar td{padding:1px 2px}
 .wb-tabel thead{display:table-header-group}
 .wb-tabel tr,.wb-kartu,.wb-rek li,img{break-inside:avoid;page-break-inside:avoid}
 img{max-width:100% !important;height:auto !important}
 .jp-OutputArea-output,.jp-RenderedHTMLCommon,.jp-Cell,.jp-OutputArea,.jp-Notebook,main{
  overflow:visible !important;max-width:100% !important}
 .jp-RenderedHTMLCommon table{table-layout:auto;width:100%;font-size:7.5pt}
 .jp-RenderedHTMLCommon td,.jp-RenderedHTMLCommon th{white-space:normal;overflow-wrap:break-word}
 .jp-Cell,.jp-Notebook{padding:0 !important;margin:0 !important}
 a{color:inherit;text-decoration:none}
}
"""


def _css_teks(text: str) -> str:
    """``text`` as a CSS string, every character but letters, digits and spaces hex-escaped.

    No quote, backslash, ``&`` or ``<`` reaches the style sheet (bleach escapes ``&`` and
    ``>`` inside ``<style>``, which would break the rule). Each escape ends with the one space
    that CSS consumes after it, so the spaces of the text survive.
    """
    return '"' + "".join(
        c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in str(text)
    ) + '"'


def css_halaman(nama: str, sintetis: bool, tanggal: str | None = None) -> str:
    """Print header and footer of a page (CSS ``@page`` margin boxes, used by browsers and PDF).

    Header: the government's name (left), the status ``Draf bahan Rakortekrenbang`` and, for
    the sample, ``data contoh (sintetis)`` (right). Footer: the date (``2 Desember 2026``,
    left) and ``Halaman n dari N`` (right).
    """
    status = STATUS_DRAF + (f" · {CATATAN_SINTETIS}" if sintetis else "")
    tanggal = tanggal or teks.format_tanggal()
    kotak = 'font-family:"DejaVu Sans",Arial,sans-serif;font-size:7.5pt;color:#555555'
    return (
        f"@page{{@top-left{{content:{_css_teks(nama)};{kotak}}}"
        f"@top-right{{content:{_css_teks(status)};{kotak}}}"
        f"@bottom-left{{content:{_css_teks('Dibuat ' + tanggal)};{kotak}}}"
        f'@bottom-right{{content:"Halaman " counter(page) " dari " counter(pages);{kotak}}}}}'
    )


def stem_ringkasan(kode_provinsi: str) -> str:
    """File stem of the province overview (``62-provinsi-kalimantan-tengah``), as the batch."""
    wl = reference.load_wilayah()
    nama = wl.loc[wl["kode"].astype(str) == kode_provinsi, "nama"]
    return f"{kode_provinsi}-{teks.slug(nama.iloc[0] if len(nama) else kode_provinsi)}"


def navigasi(k: Konteks) -> str:
    """Links back to the index page and the province overview (hidden when printed)."""
    links = ['<a href="index.html">&#8592; Daftar brief</a>']
    if not k.provinsi:
        links.append(
            f'<a href="{_e(stem_ringkasan(k.kode_provinsi))}.html">Ringkasan provinsi</a>'
        )
    return f'<p class="wb-nav">{" · ".join(links)}</p>'


# --- display objects ---------------------------------------------------------------------------
class Blok(str):
    """An HTML fragment that displays itself in a notebook (``_repr_html_``).

    A ``str`` subclass so that tests and the index page can search and join it.
    """

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:  # the text/plain alternative stays short
        return f"<Blok HTML, {len(self)} karakter>"


class Grafik(Figure):
    """A chart built outside pyplot (no registry leak in a reused kernel) that shows as PNG."""

    def _repr_png_(self) -> bytes:
        return png_bytes(self)


class Gambar:
    """A figure with alternative text, displayed as PNG (``alt`` in the output metadata).

    A reused kernel with the inline backend formats ``Figure`` objects itself and drops any
    metadata, so briefs display this wrapper instead of the figure. nbconvert's classic HTML
    template writes the ``alt`` attribute from it; the lab template (the batch's) does not.

    Attributes:
        fig: The matplotlib figure.
        alt: Alternative text (Bahasa Indonesia).
    """

    def __init__(self, fig: Figure, alt: str) -> None:
        self.fig = fig
        self.alt = alt

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        # A figure that renders itself (the maps' Peta, with their rcParams) does so.
        own = getattr(self.fig, "_repr_png_", None)
        return (own() if callable(own) else png_bytes(self.fig)), {"alt": self.alt}

    def __repr__(self) -> str:
        return f"<Gambar: {self.alt}>"


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (white background).

    No ``bbox_inches="tight"``: the charts lay themselves out (``tight_layout``) and a tight
    bounding box would draw every figure twice.
    """
    buf = io.BytesIO()
    from workbench.maps import PNG_PIL

    fig.savefig(buf, format="png", dpi=dpi, facecolor="white", pil_kwargs=PNG_PIL)
    return buf.getvalue()


def _e(value: Any) -> str:
    """Escaped text of a value from data; NA as an en dash."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return html.escape(str(value), quote=True)


# --- formatting (Indonesian, NA-safe wrappers around workbench.teks) ---------------------------
def _ada(x: Any) -> bool:
    return x is not None and not (isinstance(x, float | np.floating) and not np.isfinite(x)) and (
        not pd.isna(x)
    )


def angka(x: Any, desimal: int = 1) -> str:
    """``1.234,5``; ``–`` for a missing value."""
    return teks.format_angka(float(x), desimal=desimal) if _ada(x) else "–"


def persen(x: Any) -> str:
    """``75,5 %``; ``–`` for a missing value."""
    return teks.format_persen(float(x)) if _ada(x) else "–"


def rupiah(x: Any) -> str:
    """``Rp 1,2 miliar``; ``–`` for a missing value."""
    return teks.format_rupiah(float(x)) if _ada(x) else "–"


def _desimal_nilai(values: Iterable[Any]) -> int:
    """Decimals that show indicator values faithfully: 0 for counts, up to 3 for ratios."""
    v = [abs(float(x)) for x in values if _ada(x)]
    if not v:
        return 1
    if all(float(x).is_integer() for x in v) and max(v) >= 10:
        return 0
    top = max(v)
    d = 3 if top < 1 else 2 if top < 10 else 1
    # Distinct values must not print alike (a target 98,14 against 98,15 is not "98,1 = 98,1").
    while d < 3 and len({round(x, d) for x in v}) < len(set(v)):
        d += 1
    return d


# --- context ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Konteks:
    """Everything a brief shows, for one government and one year.

    Attributes:
        kode_wilayah: Kemendagri code (``62.06``, or ``62`` for the province overview).
        tahun: Plan year.
        nama: Display name (``Kab. Katingan``).
        hasil: The government's slice of the analysis (:meth:`Hasil.untuk_wilayah`).
        semua: The province-wide analysis (the province and all its kab/kota), for medians,
            rankings and maps.
        sintetis: The data is the synthetic sample (the brief says so prominently).
        sumber: The data source line (no absolute paths).
        nama_indikator: Indicator code → description.
        satuan_indikator: Indicator code → unit.
        nama_nomenklatur: Nomenclature code (bidang … sub kegiatan) → description.
        nama_kabkota: Kab/kota code → display name.
    """

    kode_wilayah: str
    tahun: int
    nama: str
    hasil: Hasil
    semua: Hasil
    sintetis: bool
    sumber: str
    nama_indikator: Mapping[str, str] = field(default_factory=dict)
    satuan_indikator: Mapping[str, str] = field(default_factory=dict)
    nama_nomenklatur: Mapping[str, str] = field(default_factory=dict)
    nama_kabkota: Mapping[str, str] = field(default_factory=dict)

    @property
    def provinsi(self) -> bool:
        """True for the province overview (a code without a dot)."""
        return "." not in self.kode_wilayah

    @property
    def kode_provinsi(self) -> str:
        """The province code (``62``)."""
        return self.kode_wilayah.split(".", 1)[0]

    def indikator(self, kode: Any) -> str:
        """Description of an indicator (its code when unknown)."""
        return self.nama_indikator.get(str(kode), str(kode))

    def nomenklatur(self, kode: Any) -> str:
        """Description of a nomenclature code (the code when not in the reference subset)."""
        return self.nama_nomenklatur.get(str(kode), "")

    def bidang(self, kode: Any) -> str:
        """``1.02 Kesehatan`` (the reference's ``Urusan Pemerintahan Bidang`` prefix dropped).

        A list of codes (``1.01, 1.02``, as ``sinkronisasi_tanpa_dukungan`` writes an outcome
        agreed in several bidang) gives the labels joined by ``; ``.
        """
        return "; ".join(
            label_bidang(b.strip(), self.nama_nomenklatur) for b in str(kode).split(",")
        )


def label_bidang(kode: str, nama_nomenklatur: Mapping[str, str]) -> str:
    """Short label of a bidang urusan: ``1.02 Kesehatan``."""
    nama = nama_nomenklatur.get(kode, "")
    for prefix in ("Urusan Pemerintahan Bidang ", "Bidang "):
        if nama.startswith(prefix):
            nama = nama[len(prefix) :]
    return f"{kode} {nama}".strip()


def nama_tampilan(kode: str) -> str:
    """Display name of a government: ``Kab. Katingan`` (:func:`workbench.teks.nama_wilayah`)."""
    return teks.nama_wilayah(kode)


def _peta_nama(semua: Hasil, package_indikator: pd.DataFrame | None) -> tuple[dict, dict]:
    """Indicator code → description and → unit: the package's table, else the analysis frames."""
    nama: dict[str, str] = {}
    satuan: dict[str, str] = {}
    sumber = []
    with contextlib.suppress(Exception):  # the reference table may be absent in a package
        sumber.append(reference.load_indikator_referensi())
    if package_indikator is not None:
        sumber.append(package_indikator)
    for frame in sumber:
        if {"kode_indikator", "uraian"} <= set(frame.columns):
            nama.update(zip(frame["kode_indikator"].astype(str), frame["uraian"].astype(str),
                            strict=True))  # fmt: skip
        if {"kode_indikator", "satuan"} <= set(frame.columns):
            satuan.update(zip(frame["kode_indikator"].astype(str), frame["satuan"].astype(str),
                              strict=True))  # fmt: skip
    cap = semua.capaian
    if len(cap):
        c = cap.dropna(subset=["uraian_indikator"]).drop_duplicates("kode_indikator")
        for k, u in zip(c["kode_indikator"].astype(str), c["uraian_indikator"].astype(str),
                        strict=True):  # fmt: skip
            nama.setdefault(k, u)
        c = cap.dropna(subset=["satuan"]).drop_duplicates("kode_indikator")
        for k, s in zip(c["kode_indikator"].astype(str), c["satuan"].astype(str), strict=True):
            satuan.setdefault(k, s)
    return nama, satuan


def _nama_nomenklatur() -> dict[str, str]:
    return reference.nama_nomenklatur()


def _nama_kabkota() -> dict[str, str]:
    w = reference.load_wilayah()
    return {k: nama_tampilan(k) for k in w["kode"].astype(str)}


def adalah_sintetis(data: str | os.PathLike | None) -> bool:
    """Whether a package is (partly) the synthetic sample: the sample says so, imports do not.

    The sample generator (:mod:`workbench.sample`) marks a package in two ways: a
    ``KETERANGAN.txt`` beside the CSV files that opens with "DATA CONTOH (SINTETIS)", and the
    value ``sintetis`` in the ``sumber`` column of ``realisasi`` for every synthetic figure.
    Either marks the whole package as synthetic (one synthetic figure is enough to say so).

    Args:
        data: The package folder or workbook; ``""``/None means the built-in sample.

    Returns:
        True for the built-in sample and any package carrying the sample's markers.
    """
    if data is None or str(data) == "":
        return True
    from workbench import sample

    path = Path(data)
    if sample.is_sample(path):  # the KETERANGAN marker of a written sample
        return True
    # a package without the marker (tables copied from the sample) still carries ``sintetis``
    # in the ``sumber`` of its realisations: partly synthetic is synthetic for the banner
    if path.is_dir():
        files = [p for p in path.iterdir() if p.stem.lower() == "realisasi"]
        if files and files[0].suffix.lower() == ".csv":
            head = pd.read_csv(files[0], dtype=str, nrows=100_000, keep_default_na=False,
                               sep=None, engine="python")  # fmt: skip
            return _ada_sintetis(head)
        return False
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            if "realisasi" not in wb.sheetnames:
                return False
            rows = wb["realisasi"].iter_rows(values_only=True)
            header = [str(h).strip().lower() if h is not None else "" for h in next(rows, ())]
            if "sumber" not in header:
                return False
            i = header.index("sumber")
            return any(len(r) > i and str(r[i]).strip().lower() == sample.SINTETIS for r in rows)
        finally:
            wb.close()
    return False


def _ada_sintetis(frame: pd.DataFrame) -> bool:
    """True when a table's ``sumber`` column marks any row as synthetic."""
    from workbench.sample import SINTETIS

    if "sumber" not in frame.columns:
        return False
    return bool((frame["sumber"].astype("string").str.strip().str.lower() == SINTETIS).any())


def _baris_sumber(data: str | os.PathLike | None, sintetis: bool, tahun: int) -> str:
    if data is None or str(data) == "":
        nama = "data contoh bawaan workbench"
    else:
        nama = f"paket data “{Path(str(data)).name}”"
    versi = _versi()
    teks_sintetis = f" — {CATATAN_SINTETIS}, bukan data resmi" if sintetis else ""
    return (
        f"Sumber: {nama}{teks_sintetis}: rencana (RPJMD, Renstra PD, RKPD, Renja PD), realisasi "
        f"indikator dan kesepakatan Rakortekrenbang; analisis tahun {tahun} dengan workbench "
        f"{versi}, {teks.format_tanggal()}."
    )


def _versi() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("workbench")
    except PackageNotFoundError:
        return "(versi tidak diketahui)"


def siapkan(
    kode_wilayah: str,
    tahun: int,
    data: str = "",
    hasil_path: str = "",
    parameters_path: str = "",
) -> Konteks:
    """Load what a brief shows: the precomputed analysis when given, else compute it.

    The batch computes the province-wide analysis once and passes its folder as
    ``hasil_path``; a brief run by hand in JupyterLab computes it from the package
    (``data``; ``""`` is the built-in sample, generated on first use).

    Args:
        kode_wilayah: Kemendagri code as a string (``"62.06"``; ``"62"`` for the overview).
        tahun: Plan year.
        data: Package folder or ``.xlsx``; ``""`` for the built-in sample.
        hasil_path: Folder written by :func:`workbench.analysis.save_hasil`; ``""`` to compute.
        parameters_path: Parameters YAML; ``""`` for ``parameters/kalteng.yaml``.

    Returns:
        The :class:`Konteks`.

    Raises:
        TypeError: ``kode_wilayah`` is not a string (``62.10`` passed as a number is ``62.1``).
        ValueError: unknown code, or a saved analysis of another year.
    """
    if not isinstance(kode_wilayah, str):
        raise TypeError(
            f"kode_wilayah must be a string such as '62.10', got {kode_wilayah!r} "
            "(pass codes as strings: papermill -r, or the Python API)"
        )
    kode = kode_wilayah.strip()
    known = reference.load_wilayah()["kode"].astype(str).tolist()
    if kode not in known:
        raise ValueError(f"kode_wilayah {kode!r} is not a known code ({', '.join(known)})")
    tahun = int(tahun)
    paket_indikator = None
    if hasil_path:
        semua = load_hasil(hasil_path)
        if semua.tahun != tahun:
            raise ValueError(
                f"{hasil_path}: the saved analysis is for tahun {semua.tahun}, not {tahun}; "
                "rerun the analysis for this year"
            )
    else:
        from workbench.contract import load_package

        if data:
            path = Path(data)
        else:
            from workbench.sample import ensure_sample

            path = Path(ensure_sample())
        package = load_package(path)
        paket_indikator = package.indikator
        semua = run_analysis(package, tahun, load_parameters(parameters_path or None))
    sintetis = adalah_sintetis(data)
    if not hasil_path and not sintetis:
        sintetis = _ada_sintetis(package.realisasi) or _ada_sintetis(package.indikator)
    nama_ind, satuan_ind = _peta_nama(semua, paket_indikator)
    prov = kode.split(".", 1)[0]
    return Konteks(
        kode_wilayah=kode,
        tahun=tahun,
        nama=nama_tampilan(kode),
        hasil=semua.untuk_wilayah(kode),
        semua=semua.untuk_wilayah(prov),
        sintetis=sintetis,
        sumber=_baris_sumber(data, sintetis, tahun),
        nama_indikator=nama_ind,
        satuan_indikator=satuan_ind,
        nama_nomenklatur=_nama_nomenklatur(),
        nama_kabkota=_nama_kabkota(),
    )


def siapkan_tampilan(seed: int = 2026) -> None:
    """First cell of every template: figure settings and random state (a reused kernel keeps both).

    Sets :data:`RC_BRIEF`, PNG as the inline figure format, and seeds ``random`` and
    ``numpy.random``.

    Args:
        seed: Seed of the random generators.
    """
    matplotlib.rcParams.update(RC_BRIEF)
    with contextlib.suppress(ImportError):  # outside a kernel there is no inline backend
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png")
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (legacy global state is what a reused kernel keeps)


# --- frames: per kab/kota summary ---------------------------------------------------------------
def _tahun(frame: pd.DataFrame, tahun: int) -> pd.DataFrame:
    return frame.loc[frame["tahun"].to_numpy() == tahun] if "tahun" in frame else frame


def _kabkota_mask(kode: pd.Series) -> np.ndarray:
    return kode.astype("string").str.contains(".", regex=False).fillna(False).to_numpy(bool)


def indeks_keseluruhan(sinkronisasi: pd.DataFrame) -> pd.DataFrame:
    """Overall synchronization per kab/kota (weighted by agreed sub kegiatan; module docstring).

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one year.

    Returns:
        One row per ``kode_wilayah``: ``n_disepakati, n_direncanakan, n_direncanakan_renja,
        n_berpagu, pagu_dukungan, dukungan_persen, indeks_sinkronisasi``.
    """
    s = sinkronisasi.assign(
        _w=sinkronisasi["indeks_sinkronisasi"].astype(float) * sinkronisasi["n_disepakati"]
    )
    g = s.groupby("kode_wilayah", observed=True).agg(
        n_disepakati=("n_disepakati", "sum"),
        n_direncanakan=("n_direncanakan", "sum"),
        n_direncanakan_renja=("n_direncanakan_renja", "sum"),
        n_berpagu=("n_berpagu", "sum"),
        pagu_dukungan=("pagu_dukungan", "sum"),
        _w=("_w", "sum"),
    )
    n = g["n_disepakati"].astype(float).replace(0, np.nan)
    g["dukungan_persen"] = g["n_direncanakan"] / n * 100
    g["indeks_sinkronisasi"] = g["_w"] / n
    return g.drop(columns="_w").reset_index()


def ringkasan_kabkota(semua: Hasil, kabkota: Sequence[str] | None = None) -> pd.DataFrame:
    """Headline figures of every kab/kota of the province, with its rank by the index.

    Args:
        semua: The province-wide analysis.
        kabkota: Codes to include (default: the kab/kota of the reference ``wilayah`` table
            under the analysis' province, so a district with no data still gets a row).

    Returns:
        One row per kab/kota: ``kode_wilayah, indeks_sinkronisasi, peringkat, dukungan_persen,
        n_disepakati, n_direncanakan, pagu_dukungan, n_outcome, n_outcome_tanpa_dukungan,
        n_indikator_dinilai, n_sesuai_lintasan, persen_sesuai_lintasan, n_predikat_rendah,
        keterkaitan_rpjmd_rkpd, keterkaitan_renstra_renja``. ``peringkat`` 1 = highest index
        (ties share the better rank).
    """
    t = semua.tahun
    if kabkota is None:
        w = reference.load_wilayah()
        kodes = w["kode"].astype(str)
        kabkota = kodes[kodes.str.contains(".", regex=False)].tolist()
    base = pd.DataFrame({"kode_wilayah": pd.array(list(kabkota), dtype="string")})
    sink = indeks_keseluruhan(_tahun(semua.sinkronisasi, t))
    rin = _tahun(semua.sinkronisasi_rincian, t)
    n_out = rin.groupby("kode_wilayah", observed=True)["kode_indikator"].nunique()
    tanpa = (
        _tahun(semua.sinkronisasi_tanpa_dukungan, t)
        .groupby("kode_wilayah", observed=True)["kode_indikator"]
        .nunique()
    )
    lint = semua.capaian_lintasan
    dinilai = lint[lint["status_lintasan"].notna()]
    n_dinilai = dinilai.groupby("kode_wilayah", observed=True).size()
    n_baik = (
        dinilai[dinilai["status_lintasan"].isin(LINTASAN_BAIK)]
        .groupby("kode_wilayah", observed=True)
        .size()
    )
    terakhir = capaian_terakhir(semua.capaian)
    n_rendah = (
        terakhir[terakhir["predikat"].isin(PREDIKAT_RENDAH)]
        .groupby("kode_wilayah", observed=True)
        .size()
    )
    out = base.merge(sink.astype({"kode_wilayah": "string"}), on="kode_wilayah", how="left")
    kw = out["kode_wilayah"]
    out["n_outcome"] = kw.map(n_out).fillna(0).astype("int64")
    out["n_outcome_tanpa_dukungan"] = kw.map(tanpa).fillna(0).astype("int64")
    out["n_indikator_dinilai"] = kw.map(n_dinilai).fillna(0).astype("int64")
    out["n_sesuai_lintasan"] = kw.map(n_baik).fillna(0).astype("int64")
    with np.errstate(invalid="ignore", divide="ignore"):
        out["persen_sesuai_lintasan"] = np.where(
            out["n_indikator_dinilai"] > 0,
            out["n_sesuai_lintasan"] / out["n_indikator_dinilai"].replace(0, 1) * 100,
            np.nan,
        )
    out["n_predikat_rendah"] = kw.map(n_rendah).fillna(0).astype("int64")
    kons = _tahun(semua.konsistensi, t)
    for pasangan, kolom in (("RPJMD→RKPD", "keterkaitan_rpjmd_rkpd"),
                            ("RENSTRA→RENJA", "keterkaitan_renstra_renja")):  # fmt: skip
        out[kolom] = kw.map(keterkaitan_total(kons, pasangan))
    out["peringkat"] = (
        out["indeks_sinkronisasi"].rank(ascending=False, method="min").astype("Int64")
    )
    cols = ["kode_wilayah", "indeks_sinkronisasi", "peringkat", "dukungan_persen",
            "n_disepakati", "n_direncanakan", "pagu_dukungan", "n_outcome",
            "n_outcome_tanpa_dukungan", "n_indikator_dinilai", "n_sesuai_lintasan",
            "persen_sesuai_lintasan", "n_predikat_rendah", "keterkaitan_rpjmd_rkpd",
            "keterkaitan_renstra_renja"]  # fmt: skip
    for c in ("n_disepakati", "n_direncanakan"):
        out[c] = out[c].fillna(0).astype("int64")
    out["pagu_dukungan"] = out["pagu_dukungan"].fillna(0.0)
    return out[cols]


def keterkaitan_total(konsistensi: pd.DataFrame, pasangan: str) -> pd.Series:
    """Linkage % of one document pair over all levels per government.

    ``Σ n_terhubung / Σ n_baris_atas × 100`` over the levels the upper document plans (the
    MKPP linkage % pooled over programme, kegiatan and sub kegiatan lines).

    Args:
        konsistensi: ``Hasil.konsistensi`` rows of one year.
        pasangan: ``RPJMD→RKPD`` or ``RENSTRA→RENJA``.

    Returns:
        Series indexed by ``kode_wilayah``; NaN where the upper document has no line.
    """
    k = konsistensi[konsistensi["pasangan"] == pasangan]
    g = k.groupby("kode_wilayah", observed=True)[["n_terhubung", "n_baris_atas"]].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        return (g["n_terhubung"] / g["n_baris_atas"].replace(0, np.nan) * 100).astype(float)


def capaian_terakhir(capaian: pd.DataFrame) -> pd.DataFrame:
    """Per wilayah × indicator, the row of the latest year with a computed capaian."""
    c = capaian[capaian["capaian_persen"].notna()]
    c = c.sort_values(["kode_wilayah", "kode_indikator", "tahun"], kind="stable")
    return c.drop_duplicates(["kode_wilayah", "kode_indikator"], keep="last").reset_index(
        drop=True
    )


def median_bidang(sinkronisasi: pd.DataFrame) -> pd.Series:
    """Province median of ``indeks_sinkronisasi`` per bidang (over the kab/kota that agreed)."""
    s = sinkronisasi[_kabkota_mask(sinkronisasi["kode_wilayah"])]
    return s.groupby("kode_bidang", observed=True)["indeks_sinkronisasi"].median()


def sinkronisasi_bidang(k: Konteks) -> pd.DataFrame:
    """The district's synchronization per bidang against the province median.

    Returns:
        ``kode_bidang, bidang, n_disepakati, n_direncanakan, dukungan_persen,
        dukungan_renja_persen, pagu_dukungan, indeks_sinkronisasi, median_provinsi, selisih``
        (``selisih = indeks − median``), sorted by ``selisih``.
    """
    s = _tahun(k.hasil.sinkronisasi, k.tahun)
    s = s[s["kode_wilayah"] == k.kode_wilayah].copy()
    med = median_bidang(_tahun(k.semua.sinkronisasi, k.tahun))
    s["median_provinsi"] = s["kode_bidang"].map(med).astype(float)
    s["selisih"] = s["indeks_sinkronisasi"].astype(float) - s["median_provinsi"]
    s["bidang"] = [k.bidang(b) for b in s["kode_bidang"]]
    cols = ["kode_bidang", "bidang", "n_disepakati", "n_direncanakan", "dukungan_persen",
            "dukungan_renja_persen", "pagu_dukungan", "indeks_sinkronisasi", "median_provinsi",
            "selisih"]  # fmt: skip
    return s[cols].sort_values(["selisih", "kode_bidang"], kind="stable").reset_index(drop=True)


# --- headline figures ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AngkaUtama:
    """Headline figures of one kab/kota (see the module docstring for the formulas).

    Attributes:
        indeks_sinkronisasi: Overall index (0–100), NaN when nothing was agreed.
        peringkat: Rank among the kab/kota (1 = highest), None when not ranked.
        n_kabkota: Number of kab/kota ranked.
        dukungan_persen: Agreed sub kegiatan in the RKPD, %.
        n_disepakati: Agreed sub kegiatan.
        n_direncanakan: Of which in the RKPD.
        pagu_dukungan: RKPD pagu on the agreed sub kegiatan (Rp).
        n_outcome: Agreed province outcomes.
        n_outcome_tanpa_dukungan: Of which supported with nothing.
        n_indikator_dinilai: Indicators with a trajectory status.
        persen_sesuai_lintasan: Share of them on track, %.
        gap_terburuk: Up to three indicators with the lowest capaian that miss their target:
            ``kode_indikator, uraian, tahun, capaian_persen, predikat, gap, satuan``.
    """

    indeks_sinkronisasi: float
    peringkat: int | None
    n_kabkota: int
    dukungan_persen: float
    n_disepakati: int
    n_direncanakan: int
    pagu_dukungan: float
    n_outcome: int
    n_outcome_tanpa_dukungan: int
    n_indikator_dinilai: int
    persen_sesuai_lintasan: float
    gap_terburuk: pd.DataFrame

    @property
    def pagu_teks(self) -> str:
        """Pagu in Indonesian format (``Rp 1,2 miliar``)."""
        return rupiah(self.pagu_dukungan)


def gap_terburuk(k: Konteks, n: int = 3) -> pd.DataFrame:
    """The ``n`` indicators with the lowest latest capaian that miss their target."""
    c = capaian_terakhir(k.hasil.capaian)
    c = c[(c["kode_wilayah"] == k.kode_wilayah) & (c["memenuhi"] == False)]  # noqa: E712
    c = c.sort_values(["capaian_persen", "kode_indikator"], kind="stable").head(n).copy()
    c["uraian"] = [k.indikator(x) for x in c["kode_indikator"]]
    cols = ["kode_indikator", "uraian", "tahun", "target", "realisasi", "capaian_persen",
            "predikat", "gap", "satuan"]  # fmt: skip
    return c[cols].reset_index(drop=True)


def angka_utama(k: Konteks) -> AngkaUtama:
    """Headline figures of a kab/kota brief.

    Args:
        k: The context of a kab/kota (not the province).

    Returns:
        The :class:`AngkaUtama`.
    """
    semua = ringkasan_kabkota(k.semua)
    row = semua[semua["kode_wilayah"] == k.kode_wilayah]
    if row.empty:  # a kab/kota outside the reference list: compute its own row only
        row = ringkasan_kabkota(k.hasil, [k.kode_wilayah])
    r = row.iloc[0]
    ranked = semua["peringkat"].notna()
    return AngkaUtama(
        indeks_sinkronisasi=float(r["indeks_sinkronisasi"]),
        peringkat=None if pd.isna(r["peringkat"]) else int(r["peringkat"]),
        n_kabkota=int(ranked.sum()),
        dukungan_persen=float(r["dukungan_persen"]),
        n_disepakati=int(r["n_disepakati"]),
        n_direncanakan=int(r["n_direncanakan"]),
        pagu_dukungan=float(r["pagu_dukungan"]),
        n_outcome=int(r["n_outcome"]),
        n_outcome_tanpa_dukungan=int(r["n_outcome_tanpa_dukungan"]),
        n_indikator_dinilai=int(r["n_indikator_dinilai"]),
        persen_sesuai_lintasan=float(r["persen_sesuai_lintasan"]),
        gap_terburuk=gap_terburuk(k),
    )


# --- HTML helpers -----------------------------------------------------------------------------
KOLOM_LEBAR = 10


def _tabel(
    header: Sequence[str], rows: Iterable[Sequence[str]], numerik: Iterable[int] = ()
) -> str:
    """An HTML table; ``header`` is escaped here, cells must already be escaped HTML."""
    num = set(numerik)
    # Inline alignment: the notebook HTML template right-aligns every table cell by default.
    kiri, kanan = ' style="text-align:left"', ' style="text-align:right"'
    th = "".join(
        f"<th{kanan if i in num else kiri}>{html.escape(h)}</th>" for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        tds = "".join(
            f'<td class="wb-num"{kanan}>{c}</td>' if i in num else f"<td{kiri}>{c}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{tds}</tr>")
    # ten columns and more only fit the printed A4 width in a smaller type (print CSS)
    kelas = "wb-tabel wb-lebar" if len(header) >= KOLOM_LEBAR else "wb-tabel"
    return (
        f'<table class="{kelas}"><thead><tr>{th}</tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table>"
    )


def sel_predikat(predikat: Any) -> str:
    """A coloured badge of a predikat (escaped)."""
    if not _ada(predikat):
        return "–"
    p = str(predikat)
    bg = WARNA_PREDIKAT.get(p, "#eeeeee")
    fg = "#ffffff" if p in _TEKS_PUTIH else "#222222"
    return (
        f'<span style="background-color:{bg};color:{fg};font-weight:bold;'
        f'white-space:nowrap">&nbsp;{html.escape(p)}&nbsp;</span>'
    )


def _selisih_html(x: Any, desimal: int = 1) -> str:
    if not _ada(x):
        return "–"
    if round(float(x), desimal) == 0:
        return angka(0.0, desimal)
    cls = "wb-kurang" if x < 0 else "wb-lebih"
    tanda = "+" if x > 0 else ""
    return f'<span class="{cls}">{tanda}{angka(x, desimal)}</span>'


def _sisa(n_total: int, n_tampil: int, kata: str) -> str:
    if n_total <= n_tampil:
        return ""
    return f'<p class="wb-catatan">… dan {n_total - n_tampil} {html.escape(kata)} lainnya.</p>'


def catatan_sintetis(k: Konteks) -> str:
    """The banner shown on every page built from synthetic data ("" otherwise)."""
    if not k.sintetis:
        return ""
    return (
        f'<div class="wb-sintetis">Perhatian: {CATATAN_SINTETIS}. Angka dalam dokumen ini '
        "dibangkitkan untuk contoh dan uji coba, bukan data resmi pemerintah daerah.</div>"
    )


# --- district blocks --------------------------------------------------------------------------
def judul(k: Konteks) -> Blok:
    """Title block: the district's name, the year, the synthetic-data banner and page styles."""
    if k.provinsi:
        h1 = f"Ringkasan Sinkronisasi Perencanaan {_e(k.nama)} {k.tahun}"
        sub = "Peringkat dan peta 14 kabupaten/kota: dukungan terhadap outcome provinsi"
    else:
        h1 = f"Brief Sinkronisasi Perencanaan: {_e(k.nama)}"
        sub = (
            f"Dukungan RKPD {k.tahun} terhadap outcome Provinsi Kalimantan Tengah, capaian "
            "indikator dan konsistensi dokumen"
        )
    halaman = css_halaman(k.nama, k.sintetis)
    return Blok(
        f"<style>{_CSS}{halaman}</style><div class=\"wb-brief\">{navigasi(k)}<h1>{h1}</h1>"
        f'<p class="wb-sub">{sub}. Kode wilayah {_e(k.kode_wilayah)}.</p>'
        f"{catatan_sintetis(k)}</div>"
    )


def blok_angka_utama(k: Konteks) -> Blok:
    """Headline cards and a two-sentence summary generated from the figures."""
    a = angka_utama(k)
    rank = f"peringkat {a.peringkat} dari {a.n_kabkota}" if a.peringkat else "belum diperingkat"
    kartu = [
        (angka(a.indeks_sinkronisasi), f"Indeks sinkronisasi (0–100), {rank}"),
        (persen(a.dukungan_persen),
         f"Sub kegiatan disepakati yang ada di RKPD ({a.n_direncanakan} dari {a.n_disepakati})"),
        (_e(a.pagu_teks), "Pagu RKPD pada sub kegiatan yang disepakati"),
        (f"{a.n_outcome_tanpa_dukungan} dari {a.n_outcome}",
         "Outcome provinsi yang sama sekali tidak didukung"),
        (persen(a.persen_sesuai_lintasan),
         f"Indikator sesuai lintasan target ({a.n_indikator_dinilai} dinilai)"),
    ]  # fmt: skip
    cards = "".join(
        f'<div class="wb-kartu"><div class="wb-nilai">{v}</div>'
        f'<div class="wb-label">{html.escape(lbl)}</div></div>'
        for v, lbl in kartu
    )
    kal = [
        f"Pada RKPD {k.tahun}, {_e(k.nama)} merencanakan {a.n_direncanakan} dari "
        f"{a.n_disepakati} sub kegiatan yang disepakati untuk mendukung outcome provinsi "
        f"({persen(a.dukungan_persen)}), dengan pagu {_e(a.pagu_teks)}."
    ]
    if a.n_outcome_tanpa_dukungan:
        kal.append(
            f"<b>{a.n_outcome_tanpa_dukungan} outcome provinsi</b> belum didukung satu pun sub "
            "kegiatan."
        )
    if len(a.gap_terburuk):
        g = a.gap_terburuk.iloc[0]
        kal.append(
            f"Kesenjangan terbesar: <b>{_e(g['uraian'])}</b> dengan capaian "
            f"{persen(g['capaian_persen'])} ({_e(g['predikat'])}) pada {int(g['tahun'])}."
        )
    return Blok(
        f'<div class="wb-brief"><div class="wb-kartu-baris">{cards}</div>'
        f"<p>{' '.join(kal)}</p>{CATATAN_LINTASAN}</div>"
    )


def tabel_sinkronisasi(k: Konteks) -> Blok:
    """Synchronization per bidang against the province median (table)."""
    s = sinkronisasi_bidang(k)
    if s.empty:
        return Blok(
            f"<p>Tidak ada kesepakatan sub kegiatan untuk {_e(k.nama)} pada tahun {k.tahun}.</p>"
        )
    rows = [
        (
            _e(r.bidang),
            str(int(r.n_disepakati)),
            str(int(r.n_direncanakan)),
            persen(r.dukungan_persen),
            persen(r.dukungan_renja_persen),
            _e(rupiah(r.pagu_dukungan)),
            f"<b>{angka(r.indeks_sinkronisasi)}</b>",
            angka(r.median_provinsi),
            _selisih_html(r.selisih),
        )
        for r in s.itertuples()
    ]
    header = ["Bidang urusan", "Disepakati", "Di RKPD", "Dukungan RKPD", "Dukungan Renja",
              "Pagu dukungan", "Indeks", "Median provinsi", "Selisih"]  # fmt: skip
    return Blok(
        _tabel(header, rows, numerik=range(1, 9))
        + '<p class="wb-catatan">Indeks sinkronisasi 0–100: gabungan berbobot dukungan RKPD, '
        "dukungan Renja, cakupan outcome dan pendanaan (bobot di parameters/kalteng.yaml). "
        "Selisih negatif (merah): di bawah median 14 kabupaten/kota.</p>"
    )


def grafik_sinkronisasi(k: Konteks) -> Gambar | Blok:
    """Bar chart: index per bidang, with the province median marked."""
    s = sinkronisasi_bidang(k).sort_values("kode_bidang", ascending=False, kind="stable")
    if s.empty:
        return Blok("")
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(8.5, 0.45 * len(s) + 1.4))
        ax = fig.add_subplot()
        y = np.arange(len(s))
        labels = [textwrap.shorten(b, 42, placeholder="…") for b in s["bidang"]]
        val = s["indeks_sinkronisasi"].to_numpy(float)
        warna = np.where(s["selisih"].to_numpy(float) < 0, "#d6604d", "#4393c3")
        ax.barh(y, val, color=warna, height=0.6)
        ax.scatter(s["median_provinsi"], y, marker="|", s=400, color="black", zorder=3)
        for yi, v in zip(y, val, strict=True):
            if np.isfinite(v):
                ax.text(v + 1, yi, angka(v), va="center", fontsize=8.5, zorder=3,
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # fmt: skip
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 110)
        ax.set_xlabel("Indeks sinkronisasi (0–100); garis hitam: median 14 kabupaten/kota")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: angka(v, 0)))
        ax.set_title(f"Indeks sinkronisasi per bidang, {k.nama} {k.tahun}", loc="left")
        ax.grid(axis="y", visible=False)
        matplotlib.layout_engine.TightLayoutEngine().execute(fig)  # see grafik_tren
    alt = f"Grafik indeks sinkronisasi per bidang urusan {k.nama} {k.tahun} dan median provinsi"
    return Gambar(fig, alt)


def tabel_tanpa_dukungan(k: Konteks, n: int = 12) -> Blok:
    """Province outcomes the district supports with nothing, with the agreed sub kegiatan."""
    rin = _tahun(k.hasil.sinkronisasi_rincian, k.tahun)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    tanpa = _tahun(k.hasil.sinkronisasi_tanpa_dukungan, k.tahun)
    tanpa = tanpa[tanpa["kode_wilayah"] == k.kode_wilayah]
    if tanpa.empty:
        if rin.empty:
            return Blok(f"<p>Tidak ada outcome provinsi yang disepakati untuk {_e(k.nama)}.</p>")
        return Blok(
            f"<p>Setiap outcome provinsi yang disepakati didukung sekurang-kurangnya satu sub "
            f"kegiatan dalam RKPD {k.tahun} {_e(k.nama)}.</p>"
        )
    rows = []
    for r in tanpa.head(n).itertuples():
        subs = rin.loc[rin["kode_indikator"] == r.kode_indikator, "kode_sub_kegiatan"].unique()
        daftar = "<br>".join(
            f"{_e(s)} {_e(k.nomenklatur(s))}".strip() for s in list(subs)[:3]
        ) + (f"<br>… dan {len(subs) - 3} lainnya" if len(subs) > 3 else "")
        rows.append(
            (_e(k.indikator(r.kode_indikator)), _e(k.bidang(r.kode_bidang)),
             str(int(r.n_disepakati)), daftar)  # fmt: skip
        )
    header = ["Outcome provinsi", "Bidang", "Sub kegiatan disepakati", "Sub kegiatan (contoh)"]
    intro = (
        f"<p><b>{len(tanpa)} outcome provinsi</b> tidak didukung satu pun sub kegiatan "
        f"yang disepakati dalam RKPD {k.tahun}:</p>"
    )
    return Blok(intro + _tabel(header, rows, numerik=[2]) + _sisa(len(tanpa), n, "outcome"))


def belum_ada_data(capaian: pd.DataFrame, kode_wilayah: str, tahun: int) -> pd.DataFrame:
    """Indicators with a target for ``tahun`` but no realisation for it (data completeness).

    Args:
        capaian: ``Hasil.capaian``.
        kode_wilayah: The government.
        tahun: The evaluation year (the year before the plan year).

    Returns:
        ``kode_indikator, target, satuan, tahun_terakhir, realisasi_terakhir`` (the latest
        earlier realisation, NaN when there is none), one row per indicator, by code.
    """
    c = capaian[capaian["kode_wilayah"] == kode_wilayah]
    th = c[(c["tahun"] == tahun) & c["target"].notna() & c["realisasi"].isna()]
    th = th.drop_duplicates("kode_indikator").sort_values("kode_indikator", kind="stable")
    lalu = c[c["realisasi"].notna() & (c["tahun"] < tahun)].sort_values("tahun", kind="stable")
    lalu = lalu.drop_duplicates("kode_indikator", keep="last").set_index("kode_indikator")
    return pd.DataFrame({
        "kode_indikator": th["kode_indikator"].astype(str).to_numpy(),
        "target": th["target"].to_numpy(float),
        "satuan": th["satuan"].to_numpy(object),
        "tahun_terakhir": th["kode_indikator"].map(lalu["tahun"]).to_numpy(float),
        "realisasi_terakhir": th["kode_indikator"].map(lalu["realisasi"]).to_numpy(float),
    })  # fmt: skip


def kelengkapan_data(capaian: pd.DataFrame, kode_wilayah: str, tahun: int) -> tuple[int, int]:
    """``(with a realisation, with a target)`` among the indicators of ``tahun``."""
    c = capaian[(capaian["kode_wilayah"] == kode_wilayah) & (capaian["tahun"] == tahun)]
    c = c[c["target"].notna()]
    ada = c.loc[c["realisasi"].notna(), "kode_indikator"].nunique()
    return int(ada), int(c["kode_indikator"].nunique())


def tabel_capaian(k: Konteks, n: int = 12) -> Blok:
    """Outcome gaps: latest capaian per indicator with the predikat coloured, worst first.

    Indicators with a target but no realisation for the evaluation year (the year before the
    plan year) are listed first as "belum ada data", and a line counts the data completeness.
    """
    c = capaian_terakhir(k.hasil.capaian)
    c = c[c["kode_wilayah"] == k.kode_wilayah].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    th_eval = k.tahun - 1
    kosong = belum_ada_data(k.hasil.capaian, k.kode_wilayah, th_eval)
    n_ada, n_target = kelengkapan_data(k.hasil.capaian, k.kode_wilayah, th_eval)
    # shown once, as "belum ada data" with its last value (not again with an older year)
    c = c[~c["kode_indikator"].astype(str).isin(kosong["kode_indikator"])]
    def _lalu(r: Any) -> str:
        d = _desimal_nilai([r.target, r.realisasi_terakhir])
        return (f"realisasi terakhir {angka(r.realisasi_terakhir, d)} pada "
                f"{int(r.tahun_terakhir)}" if _ada(r.realisasi_terakhir)
                else "belum pernah ada realisasi")  # fmt: skip

    daftar_kosong = "; ".join(f"{_e(k.indikator(r.kode_indikator))} ({_lalu(r)})"
                              for r in kosong.itertuples())  # fmt: skip
    lengkap = (
        f"<p>Kelengkapan data {th_eval}: {n_ada} dari {n_target} indikator bertarget memiliki "
        f"realisasi ({persen(n_ada / n_target * 100)})"
        + (f"; <b>{len(kosong)} belum ada data</b>: {daftar_kosong}." if len(kosong) else ".")
        + "</p>"
        if n_target else f"<p>Tidak ada indikator bertarget untuk {th_eval}.</p>"
    )
    lint = k.hasil.capaian_lintasan
    lint = lint[lint["kode_wilayah"] == k.kode_wilayah].set_index("kode_indikator")
    if c.empty and kosong.empty:
        return Blok(f"<p>Belum ada realisasi indikator untuk {_e(k.nama)} sampai {k.tahun}.</p>")
    rows = []
    for r in kosong.itertuples():
        d = _desimal_nilai([r.target, r.realisasi_terakhir])
        status = lint["status_lintasan"].get(r.kode_indikator) if len(lint) else None
        rows.append(
            (_e(k.indikator(r.kode_indikator)), str(th_eval),
             _e(r.satuan) if _ada(r.satuan) else "", angka(r.target, d),
             "<b>belum ada data</b>", "–", "–", "–", _e(status))  # fmt: skip
        )
    for r in c.head(n).itertuples():
        d = _desimal_nilai([r.target, r.realisasi])
        rows.append(
            (
                _e(k.indikator(r.kode_indikator)),
                str(int(r.tahun)),
                _e(r.satuan) if _ada(r.satuan) else "",
                angka(r.target, d),
                angka(r.realisasi, d),
                persen(r.capaian_persen),
                sel_predikat(r.predikat),
                angka(r.gap, d) if _ada(r.gap) and r.gap > 0 else "–",
                _e(getattr(r, "status_lintasan", None)),
            )
        )
    header = ["Indikator", "Tahun", "Satuan", "Target", "Realisasi", "Capaian", "Predikat",
              "Kekurangan", "Lintasan"]  # fmt: skip
    n_rendah = int(c["predikat"].isin(PREDIKAT_RENDAH).sum())
    intro = (
        f"<p>{len(c)} indikator dengan realisasi; {n_rendah} berpredikat Rendah atau Sangat "
        "Rendah. Diurutkan dari capaian terendah (realisasi tahun terakhir yang tersedia)"
        + ("; indikator yang belum ada datanya di baris teratas" if len(kosong) else "")
        + ".</p>"
    )
    legenda = " ".join(sel_predikat(p) for p in WARNA_PREDIKAT)
    return Blok(
        lengkap
        + intro
        + _tabel(header, rows, numerik=[1, 3, 4, 5, 7])
        + _sisa(len(c), n, "indikator")
        + f'<p class="wb-catatan">Predikat (skala evaluasi Permendagri 86/2017): {legenda}. '
        "Sangat Tinggi ≥ 91 %, Tinggi 76–90 %, Sedang 66–75 %, Rendah 51–65 %, Sangat Rendah "
        "≤ 50 %. Kekurangan dalam satuan indikator.</p>"
    )


def _baris_tren(k: Konteks, n: int) -> list[str]:
    """Indicators to chart: those with ≥ 2 realisations, worst latest capaian first."""
    c = k.hasil.capaian
    c = c[(c["kode_wilayah"] == k.kode_wilayah) & c["realisasi"].notna()]
    n_th = c.groupby("kode_indikator", observed=True)["tahun"].nunique()
    ok = n_th[n_th >= 2].index
    last = capaian_terakhir(c)
    last = last[last["kode_indikator"].isin(ok)].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    return last["kode_indikator"].astype(str).head(n).tolist()


def _agregasi_indikator(k: Konteks) -> dict[str, str]:
    """Indicator code → ``agregasi`` for the indicators the target arithmetic covers."""
    a = k.semua.target_agregat
    if a.empty:
        return {}
    a = a.drop_duplicates("kode_indikator")
    return dict(zip(a["kode_indikator"].astype(str), a["agregasi"].astype(str), strict=True))


def _seri_provinsi(k: Konteks, kode: str, jumlah: bool) -> tuple[pd.DataFrame, str]:
    """The province's realisations for a trend panel, per kab/kota for a sum (same axis)."""
    prov = k.semua.capaian
    p = prov[(prov["kode_wilayah"] == k.kode_provinsi) & (prov["kode_indikator"] == kode)]
    p = p[p["realisasi"].notna()].sort_values("tahun")
    if not jumlah:
        return p[["tahun", "realisasi"]], "Realisasi provinsi"
    n = max(1, int(k.semua.target_agregat.loc[
        k.semua.target_agregat["kode_indikator"] == kode, "n_kabkota"].max()))  # fmt: skip
    return p[["tahun"]].assign(realisasi=p["realisasi"] / n), (
        f"Provinsi ÷ {n} (rata-rata per kab/kota)")


def _panel_tren(ax: Any, k: Konteks, kode: str, jumlah: bool) -> None:
    """One trend panel: realisation, targets (a band for ranges), the RPJMD end target."""
    cap = k.hasil.capaian
    c = cap[(cap["kode_wilayah"] == k.kode_wilayah) & (cap["kode_indikator"] == kode)]
    c = c.sort_values("tahun")
    lt = k.hasil.capaian_lintasan
    lt = lt[(lt["kode_wilayah"] == k.kode_wilayah) & (lt["kode_indikator"] == kode)]
    akhir = lt.iloc[0] if len(lt) else None
    p, label_p = _seri_provinsi(k, kode, jumlah)
    nilai = [*c["realisasi"], *c["target"]]  # the axis speaks the district's precision
    if akhir is not None:
        nilai.append(akhir["target_akhir"])
    d = _desimal_nilai(nilai)
    r = c[c["realisasi"].notna()]
    ax.plot(r["tahun"], r["realisasi"], marker="o", color="#2166ac", lw=2,
            label="Realisasi kab/kota")  # fmt: skip
    t = c[c["target"].notna()]
    ax.plot(t["tahun"], t["target"], ls="--", marker="x", color="#d6604d", lw=1.3,
            label="Target kab/kota")  # fmt: skip
    bawah = c.get("target_bawah", c["target"]).to_numpy(float)
    atas = c.get("target_atas", c["target"]).to_numpy(float)
    rentang = np.isfinite(bawah) & np.isfinite(atas) & (atas > bawah)
    if rentang.any():
        ax.fill_between(c["tahun"].to_numpy()[rentang], bawah[rentang], atas[rentang],
                        color="#d6604d", alpha=0.18, label="Rentang target")  # fmt: skip
    x0 = int(c["tahun"].min()) if len(c) else k.tahun
    x1 = x0
    if akhir is not None and _ada(akhir["target_akhir"]) and _ada(akhir["tahun_target"]):
        tt, ta = int(akhir["tahun_target"]), float(akhir["target_akhir"])
        if len(t):  # from the last yearly target to the RPJMD end target
            ax.plot([t["tahun"].iloc[-1], tt], [t["target"].iloc[-1], ta], ls=":",
                    color="#d6604d", lw=1.1)  # fmt: skip
        ax.scatter([tt], [ta], marker="*", s=110, color="#b2182b", zorder=4,
                   label="Target akhir RPJMD")  # fmt: skip
        ax.annotate(angka(ta, d), (tt, ta), textcoords="offset points", xytext=(0, 7),
                    ha="center", fontsize=8)  # fmt: skip
        x0 = int(min(x0, akhir["tahun_dasar"])) if _ada(akhir["tahun_dasar"]) else x0
        x1 = tt
    p = p[p["tahun"] >= x0]
    if len(p):
        ax.plot(p["tahun"], p["realisasi"], color="#888888", lw=1.2, marker=".", label=label_p)
    ax.set_xlim(x0 - 0.4, max(x1, x0 + 1) + 0.4)
    ax.set_title(textwrap.fill(k.indikator(kode), 38), loc="left", fontsize=9)
    ax.set_xlabel("Tahun")
    ax.set_ylabel(k.satuan_indikator.get(kode, ""))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, d=d: angka(v, d)))


def grafik_tren(k: Konteks, n: int = 6) -> Gambar | Blok:
    """Trend charts of the district's indicators, from the base year to the RPJMD end year.

    Per indicator: realisations, yearly targets (a band where the target is a range), a
    dotted line to the RPJMD end target (a star), and the province for reference: its
    realisation for a mean, and for an indicator the province sums (``jumlah``) the province
    value divided by the number of kab/kota, so that one axis compares like with like.
    """
    kodes = _baris_tren(k, n)
    if not kodes:
        return Blok("<p>Belum ada indikator dengan realisasi dua tahun atau lebih.</p>")
    agregasi = _agregasi_indikator(k)
    ncols = min(3, len(kodes))
    nrows = math.ceil(len(kodes) / ncols)
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(3.6 * ncols, 2.9 * nrows + 0.7))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for ax, kode in zip(axes, kodes, strict=False):
            _panel_tren(ax, k, kode, agregasi.get(kode) == "jumlah")
        for ax in axes[len(kodes) :]:
            ax.set_axis_off()
        handles, labels = axes[0].get_legend_handles_labels()
        for ax in axes[1 : len(kodes)]:
            for h, lbl in zip(*ax.get_legend_handles_labels(), strict=True):
                if lbl not in labels:
                    handles.append(h)
                    labels.append(lbl)
        fig.legend(handles, labels, loc="lower center", ncols=3, frameon=False, fontsize=8.5)
        fig.suptitle(f"Tren indikator {k.nama}", x=0.01, ha="left", fontweight="bold")
        # tight_layout's numbers without its left-over placeholder engine, whose presence
        # makes savefig draw the whole figure once more before the real draw
        matplotlib.layout_engine.TightLayoutEngine(rect=(0, 0.08, 1, 0.97)).execute(fig)
    return Gambar(fig, f"Grafik tren realisasi dan target {len(kodes)} indikator {k.nama} "
                       "sampai target akhir RPJMD")  # fmt: skip


def target_menarik(k: Konteks) -> pd.DataFrame:
    """Indicators whose district target pulls the province short (years ≥ the plan year).

    For indicators aggregated as a population-weighted mean (:mod:`workbench.agregat`): the
    district's target is less ambitious than the province's (``menarik_ke_bawah``) and the
    province value implied by all districts' targets falls short of the province target
    (``selisih_target > 0``).

    Returns:
        ``kode_indikator, uraian, tahun, target, target_provinsi, bobot, target_implisit,
        selisih_target, memenuhi, satuan`` (``selisih_target`` > 0: the districts' targets
        together fall short of the province target by that much).
    """
    r = k.hasil.target_agregat_rincian
    r = r[(r["kode_wilayah"] == k.kode_wilayah) & (r["menarik_ke_bawah"] == True)]  # noqa: E712
    r = r[r["tahun"] >= k.tahun]
    agr = k.hasil.target_agregat[["kode_indikator", "tahun", "target_implisit", "selisih_target",
                                  "memenuhi"]]  # fmt: skip
    out = r.merge(agr, on=["kode_indikator", "tahun"], how="left")
    # A district below the province target is normal in a weighted mean (others are above);
    # it matters where the districts' targets together fall short of the province target.
    out = out[out["selisih_target"] > 0]
    out["uraian"] = [k.indikator(x) for x in out["kode_indikator"]]
    out["satuan"] = [k.satuan_indikator.get(str(x), "") for x in out["kode_indikator"]]
    cols = ["kode_indikator", "uraian", "tahun", "target", "target_provinsi", "bobot",
            "target_implisit", "selisih_target", "memenuhi", "satuan"]  # fmt: skip
    return out[cols].sort_values(["kode_indikator", "tahun"], kind="stable").reset_index(drop=True)


def _arah_teks(arah: Any) -> str:
    return {
        "naik": "naik: makin tinggi makin baik",
        "turun": "turun: makin rendah makin baik",
        "tetap": "tetap: harus sama dengan target",
    }.get(str(arah), str(arah))


def _aturan_agregasi(agregasi: Any, n: int) -> str:
    """How the province value is made from the districts' (``agregasi``), for a sentence."""
    if agregasi == "jumlah":
        return f"nilai provinsi = jumlah nilai {n} kabupaten/kota"
    return f"nilai provinsi = rata-rata tertimbang penduduk dari {n} kabupaten/kota"


def banding_target(arah: Any, target: float, pembanding: float, desimal: int) -> tuple[str, str]:
    """Compare a district target with the province's, by the indicator's direction.

    At the precision shown (``desimal``): a naik indicator below the province target, or a
    turun indicator above it, is ``kurang ambisius``; the reverse is ``lebih ambisius``; two
    values that print alike are ``sama dengan`` (no judgement).

    Args:
        arah: ``naik``, ``turun`` or ``tetap``.
        target: The district's target.
        pembanding: The province target (a mean) or the district's share of it (a sum).
        desimal: Decimals of the table the sentence goes with.

    Returns:
        ``(posisi, penilaian)``: ``("lebih tinggi dari", "kurang ambisius")``,
        ``("sama dengan", "")``, and for tetap ``(…, "menyimpang")``.
    """
    a, b = round(float(target), desimal), round(float(pembanding), desimal)
    if a == b:
        return "sama dengan", ""
    posisi = "lebih tinggi dari" if a > b else "lebih rendah dari"
    d = {"naik": 1, "turun": -1}.get(str(arah))
    if d is None:
        return posisi, "menyimpang"
    return posisi, "lebih ambisius" if (a - b) * d > 0 else "kurang ambisius"


def _sumbangan_html(x: Any, desimal: int) -> str:
    """A contribution: positive (pulls the province short) red with a sign, negative green."""
    if not _ada(x):
        return "–"
    if round(float(x), desimal) == 0:
        return angka(0.0, desimal)
    if x > 0:
        return f'<span class="wb-kurang">+{angka(x, desimal)}</span>'
    return f'<span class="wb-lebih">{angka(x, desimal)}</span>'


def _atribusi(k: Konteks, agr: pd.DataFrame) -> pd.DataFrame:
    """Attribution of the province shortfalls from the plan year on.

    :func:`workbench.agregat.atribusi_kekurangan`, each district judged from its starting
    point (:func:`workbench.agregat.nilai_dasar`: its latest realisation before the plan year).
    """
    from workbench.agregat import atribusi_kekurangan, nilai_dasar

    rin = k.semua.target_agregat_rincian
    dasar = nilai_dasar(rin, k.tahun)
    return atribusi_kekurangan(agr, rin[rin["tahun"] >= k.tahun], dasar=dasar)


def atribusi_wilayah(k: Konteks) -> pd.DataFrame:
    """The district's part in every province target shortfall from the plan year on.

    Reads :func:`workbench.agregat.atribusi_kekurangan` over the province (``k.semua``) and
    keeps the district's rows of the indicator × years where the districts' targets together
    fall short of the province target.

    Returns:
        The attribution rows (``kontribusi``, ``porsi_kekurangan``, ``pendorong`` …) with
        ``target_implisit, n_kabkota, uraian, satuan, pendorong_lain`` (names of the other
        driving districts, ``; ``-joined).
    """
    agr = k.semua.target_agregat
    agr = agr[(agr["kode_wilayah"] == k.kode_provinsi) & (agr["tahun"] >= k.tahun)]
    a = _atribusi(k, agr)
    a = a[a["selisih_target"] > 0]
    lain = a[a["pendorong"] & (a["kode_wilayah"] != k.kode_wilayah)].groupby(
        ["kode_indikator", "tahun"], observed=True)["kode_wilayah"].agg(
        lambda s: "; ".join(k.nama_kabkota.get(str(x), str(x)) for x in s))  # fmt: skip
    a = a[a["kode_wilayah"] == k.kode_wilayah]
    a = a.merge(agr[["kode_indikator", "tahun", "target_implisit", "n_kabkota"]],
                on=["kode_indikator", "tahun"], how="left")  # fmt: skip
    a["pendorong_lain"] = [lain.get((i, t), "") for i, t in zip(a["kode_indikator"], a["tahun"],
                                                                 strict=True)]  # fmt: skip
    a["uraian"] = [k.indikator(x) for x in a["kode_indikator"]]
    a["satuan"] = [k.satuan_indikator.get(str(x), "") for x in a["kode_indikator"]]
    return a.reset_index(drop=True)


def _implisit_teks(r: Any, d: int) -> str:
    return angka(r.target_implisit, _d_implisit(r.target_implisit, d))


def _d_implisit(x: float, d: int) -> int:
    """Decimals of an implied province value: the targets', at least one if not whole.

    An implied 11,2 against a target of 12 must not print as 11.
    """
    return max(d, 1) if _ada(x) and not float(x).is_integer() else d


def _desimal_atribusi(a: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """Per indicator: decimals of the targets and of shortfall/contributions (sentence = table)."""
    dv, dk = {}, {}
    for kode, g in a.groupby("kode_indikator", observed=True):
        pemb = np.where(g["agregasi"] == "jumlah", g["bobot"] * g["target_provinsi"],
                        g["target_provinsi"])  # fmt: skip
        # the precision of the plan documents' targets; derived values are shown at it too
        dv[str(kode)] = _desimal_nilai([*g["target"], *g["target_provinsi"], *pemb])
        # shortfall and contributions are small differences: at least two decimals
        dk[str(kode)] = max(dv[str(kode)], 2)
    return dv, dk


def _perubahan_teks(r: Any) -> str:
    """The province's planned relative change that a district's reference target applies."""
    ubah = (float(r.acuan) / float(r.nilai_dasar) - 1) * 100 if r.nilai_dasar else 0.0
    if round(ubah, 1) == 0:
        return "tetap"
    return f"{'naik' if ubah > 0 else 'turun'} {persen(abs(ubah))}"


def kalimat_target(k: Konteks, r: Any, d: int, dk: int) -> str:
    """One sentence of the target arithmetic for a row of :func:`atribusi_wilayah` (HTML)."""
    jumlah = r.agregasi == "jumlah"
    pemb = r.bobot * r.target_provinsi if jumlah else r.target_provinsi
    nama_pemb = (
        f"bagiannya dari target provinsi menurut penduduk ({persen(r.bobot * 100)} × "
        f"{angka(r.target_provinsi, d)} = {angka(pemb, d)})"
        if jumlah else f"target provinsi {angka(r.target_provinsi, d)}"
    )
    posisi, nilai = banding_target(r.arah, r.target, pemb, d)
    kal = (
        f"<b>{_e(r.uraian)}</b> ({_e(_arah_teks(r.arah))}; "
        f"{_aturan_agregasi(r.agregasi, int(r.n_kabkota))}), {int(r.tahun)}: target "
        f"{_e(k.nama)} {angka(r.target, d)} {posisi} {nama_pemb}"
    )
    if r.acuan_sebanding:
        # the judgement rests on the district's starting point, not on the province target
        _, nilai = banding_target(r.arah, r.target, r.acuan, d)
        kal += (
            f". Dari titik awalnya (realisasi {int(r.tahun_dasar)}: {angka(r.nilai_dasar, d)}), "
            f"perubahan yang sebanding dengan rencana provinsi ({_perubahan_teks(r)}) memberi "
            f"acuan {angka(r.acuan, d)}"
        )
        kal += f", jadi target ini <b>{nilai}</b>. " if nilai else ", sama dengan targetnya. "
    else:
        kal += f", jadi <b>{nilai}</b>. " if nilai else ". "
    kal += (
        f"Bila semua kabupaten/kota memenuhi targetnya, provinsi mencapai "
        f"{_implisit_teks(r, d)}, kurang {angka(r.selisih_target, dk)} dari target provinsi "
        f"{angka(r.target_provinsi, d)}. "
    )
    if r.pendorong:
        kal += (
            f"Sumbangan {_e(k.nama)} pada kekurangan itu {angka(r.kontribusi, dk)} "
            f"({persen(r.porsi_kekurangan * 100)} dari seluruh sumbangan yang menarik ke "
            "bawah): kabupaten/kota ini <b>ikut menentukan</b> kekurangan provinsi."
        )
    elif r.kontribusi > 0:
        kal += (
            f"Sumbangan {_e(k.nama)} kecil ({angka(r.kontribusi, dk)}; "
            f"{persen(r.porsi_kekurangan * 100)} dari seluruh sumbangan yang menarik ke bawah)"
        )
        kal += (f"; kekurangan terutama berasal dari {_e(r.pendorong_lain)}."
                if r.pendorong_lain else ".")  # fmt: skip
    else:
        kal += (
            f"Target {_e(k.nama)} ikut menutup kekurangan (sumbangan {angka(r.kontribusi, dk)})"
        )
        kal += (f"; kekurangan berasal dari {_e(r.pendorong_lain)}."
                if r.pendorong_lain else ".")  # fmt: skip
    return kal


def tabel_target_agregat(k: Konteks, n: int = 12) -> Blok:
    """Target arithmetic: the province targets the districts' targets miss, and this one's part.

    One sentence per indicator (its first year), worded by the indicator's direction and
    aggregation rule, with the numbers at the table's precision; then the table of every year.
    The contribution is :func:`workbench.agregat.atribusi_kekurangan` (weight × deviation from
    the district's reference target, which applies the province's planned change to its
    starting point).
    """
    a = atribusi_wilayah(k)
    if a.empty:
        return Blok(
            f"<p>Untuk tahun {k.tahun} dan sesudahnya, target kabupaten/kota yang digabungkan "
            "(dirata-rata tertimbang penduduk atau dijumlahkan) memenuhi target provinsi pada "
            f"setiap indikator yang dapat digabungkan; target {_e(k.nama)} tidak menimbulkan "
            "kekurangan.</p>"
        )
    dv, dk = _desimal_atribusi(a)
    kal = [
        kalimat_target(k, r, dv[str(r.kode_indikator)], dk[str(r.kode_indikator)])
        for r in a.drop_duplicates("kode_indikator").itertuples()
    ]
    # direction and aggregation rule are in each indicator's sentence; the column of a
    # district's share of a province sum only when some indicator is a sum
    ada_jumlah = bool((a["agregasi"] == "jumlah").any())
    rows = []
    for r in a.head(n).itertuples():
        d, dkk = dv[str(r.kode_indikator)], dk[str(r.kode_indikator)]
        jumlah = r.agregasi == "jumlah"
        pemb = r.bobot * r.target_provinsi if jumlah else r.target_provinsi
        posisi, nilai = banding_target(r.arah, r.target, r.acuan, d)
        row = [_e(r.uraian), str(int(r.tahun)), angka(r.target, d), angka(r.target_provinsi, d)]
        if ada_jumlah:
            row.append(angka(pemb, d) if jumlah else "–")
        row += [angka(r.acuan, d), _e(nilai or posisi), persen(r.bobot * 100),
                _implisit_teks(r, d),
                f'<span class="wb-kurang">{angka(r.selisih_target, dkk)}</span>',
                _sumbangan_html(r.kontribusi, dkk),
                persen(r.porsi_kekurangan * 100) if r.kontribusi > 0 else "–"]  # fmt: skip
        rows.append(tuple(row))
    header = ["Indikator", "Tahun", "Target kab/kota", "Target provinsi",
              *(["Bagian kab/kota dari target provinsi (jumlah)"] if ada_jumlah else []),
              "Acuan kab/kota", "Perbandingan dengan acuan", "Bobot penduduk",
              "Nilai provinsi dari target kab/kota",
              "Kekurangan provinsi", "Sumbangan kab/kota pada kekurangan",
              "Porsi sumbangan"]  # fmt: skip
    numerik = [i for i, h in enumerate(header)
               if h not in ("Indikator", "Perbandingan dengan acuan")]
    return Blok(
        "".join(f"<p>{x}</p>" for x in kal)
        + _tabel(header, rows, numerik=numerik)
        + _sisa(len(a), n, "baris")
        + '<p class="wb-catatan">Acuan kab/kota = realisasi terakhirnya sebelum tahun rencana '
        "× target provinsi ÷ nilai provinsi dari realisasi terakhir semua kabupaten/kota: "
        "perubahan relatif yang sama dengan rencana provinsi, sehingga kabupaten/kota yang "
        "berangkat dari nilai lebih buruk tidak dinilai dari titik awalnya (bila ada "
        "kabupaten/kota tanpa realisasi: acuan = target provinsi, atau bagiannya menurut "
        "penduduk untuk indikator yang dijumlahkan). Sumbangan = bobot penduduk × selisih "
        "target dari acuan (indikator yang dijumlahkan: selisihnya saja), dihitung searah "
        "indikator; jumlah sumbangan semua kabupaten/kota sama dengan kekurangan provinsi. "
        "Positif (merah): menarik ke bawah; negatif: ikut menutup. Porsi: bagian dari "
        "seluruh sumbangan positif; di bawah 20 % dianggap kecil.</p>"
    )


def tabel_konsistensi(k: Konteks, n: int = 8) -> Blok:
    """Document consistency: linkage % per pair and level, then the offending lines."""
    kons = _tahun(k.hasil.konsistensi, k.tahun)
    kons = kons[kons["kode_wilayah"] == k.kode_wilayah]
    rin = _tahun(k.hasil.konsistensi_rincian, k.tahun)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    parts = []
    nama_tingkat = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub kegiatan"}
    rows = [
        (_e(r.pasangan), _e(nama_tingkat.get(r.tingkat, r.tingkat)), str(int(r.n_baris_atas)),
         str(int(r.n_terhubung)), persen(r.keterkaitan_persen), _e(r.kategori),
         str(int(r.n_tidak_ada_di_bawah)), str(int(r.n_tidak_direncanakan)),
         str(int(r.n_target_kurang_ambisius)))  # fmt: skip
        for r in kons.itertuples()
        if r.n_baris_atas > 0 or r.n_tidak_direncanakan > 0
    ]
    if rows:
        header = ["Dokumen", "Tingkat", "Baris dokumen atas", "Terhubung", "Keterkaitan",
                  "Kategori", "Hilang di dokumen bawah", "Tidak direncanakan di atas",
                  "Target kurang ambisius"]  # fmt: skip
        parts.append(_tabel(header, rows, numerik=[2, 3, 4, 6, 7, 8]))
    else:
        parts.append(f"<p>Tidak ada dokumen RPJMD/RKPD atau Renstra/Renja {k.tahun}.</p>")
    jenis_label = {
        "tidak ada di dokumen bawah": "Tidak ada di dokumen bawah",
        "tidak direncanakan di dokumen atas": "Tidak direncanakan di dokumen atas",
        "target kurang ambisius": "Target kurang ambisius",
    }
    for pasangan in ("RPJMD→RKPD", "RENSTRA→RENJA"):
        r = rin[rin["pasangan"] == pasangan]
        if r.empty:
            continue
        baris = []
        for x in r.head(n).itertuples():
            ind = k.indikator(x.kode_indikator) if _ada(x.kode_indikator) else ""
            uraian = k.nomenklatur(x.kode_nomenklatur)
            target = ""
            if x.jenis_temuan == "target kurang ambisius":
                target = f"{_e(x.target_dokumen_atas)} → {_e(x.target_dokumen_bawah)}"
            baris.append(
                (_e(jenis_label.get(x.jenis_temuan, x.jenis_temuan)),
                 f"{_e(x.kode_nomenklatur)} {_e(uraian)}".strip(), _e(x.perangkat_daerah),
                 _e(ind) if ind else "–", target or "–")  # fmt: skip
            )
        counts = r["jenis_temuan"].value_counts()
        ringkas = "; ".join(f"{int(v)} {html.escape(str(j))}" for j, v in counts.items())
        parts.append(
            f"<h4>Temuan {html.escape(pasangan)} ({len(r)}: {ringkas})</h4>"
            + _tabel(["Temuan", "Kode dan uraian", "Perangkat daerah", "Indikator",
                      "Target atas → bawah"], baris)  # fmt: skip
            + _sisa(len(r), n, "baris temuan")
        )
    parts.append(
        '<p class="wb-catatan">Keterkaitan = baris dokumen atas yang ditemukan di dokumen bawah '
        "÷ baris dokumen atas × 100 (metode MKPP). Kategori: 0–19,9 sangat buruk; 20–39,9 buruk; "
        "40–59,9 sedang; 60–79,9 baik; 80–100 sangat baik.</p>"
    )
    return Blok("".join(parts))


# --- what is missing, named (recommendations and the annex) -------------------------------------
def pagu_indikatif(rincian: pd.DataFrame) -> pd.DataFrame:
    """Indicative pagu of each agreed sub kegiatan: the median over the kab/kota that plan it.

    The agreement (``kesepakatan``) carries no amount, so the indicative pagu of a sub
    kegiatan a district has not planned is the median RKPD pagu (> 0) of that sub kegiatan in
    the province's other kab/kota that year.

    Args:
        rincian: ``Hasil.sinkronisasi_rincian`` of the province (one year).

    Returns:
        Indexed by ``kode_sub_kegiatan``: ``pagu_median``, ``n_acuan`` (kab/kota it rests on).
    """
    r = rincian[rincian["di_rkpd"].astype(bool) & (rincian["pagu_rkpd"].fillna(0) > 0)]
    r = r.drop_duplicates(["kode_wilayah", "kode_sub_kegiatan"])
    g = r.groupby("kode_sub_kegiatan", observed=True)["pagu_rkpd"]
    return pd.DataFrame({"pagu_median": g.median(), "n_acuan": g.size()})


def sub_kegiatan_hilang(k: Konteks) -> pd.DataFrame:
    """Every agreed sub kegiatan the district's RKPD lacks, with who and how much.

    Returns:
        One row per sub kegiatan: ``kode_sub_kegiatan, uraian, kode_bidang, kode_indikator``
        (the first outcome), ``outcome`` (every supported outcome, ``; ``-joined),
        ``n_outcome``, ``perangkat_daerah`` (see
        :func:`workbench.sinkronisasi.perangkat_daerah_pelaksana`), ``di_renja``,
        ``pagu_median``, ``n_acuan``; sorted by bidang and code.
    """
    t = k.tahun
    semua = _tahun(k.semua.sinkronisasi_rincian, t)
    rin = _tahun(k.hasil.sinkronisasi_rincian, t)
    rin = rin[(rin["kode_wilayah"] == k.kode_wilayah) & ~rin["di_rkpd"].astype(bool)]
    cols = ["kode_sub_kegiatan", "uraian", "kode_bidang", "kode_indikator", "outcome",
            "n_outcome", "perangkat_daerah", "di_renja", "pagu_median", "n_acuan"]  # fmt: skip
    if rin.empty:
        return pd.DataFrame(columns=cols)
    if "perangkat_daerah" not in rin:  # an analysis saved before the column existed
        rin = rin.assign(perangkat_daerah=pd.NA)
    rin = rin.sort_values(["kode_bidang", "kode_sub_kegiatan", "kode_indikator"], kind="stable")
    g = rin.groupby("kode_sub_kegiatan", observed=True, sort=False)
    out = g.agg(kode_bidang=("kode_bidang", "first"), kode_indikator=("kode_indikator", "first"),
                n_outcome=("kode_indikator", "nunique"),
                perangkat_daerah=("perangkat_daerah", "first"),
                di_renja=("di_renja", "any"))  # fmt: skip
    out["outcome"] = g["kode_indikator"].agg(
        lambda s: "; ".join(dict.fromkeys(k.indikator(x) for x in s)))  # fmt: skip
    out = out.join(pagu_indikatif(semua), how="left").reset_index()
    out["uraian"] = [k.nomenklatur(x) for x in out["kode_sub_kegiatan"]]
    out["n_acuan"] = out["n_acuan"].fillna(0).astype("int64")
    return out[cols]


def _pd_teks(x: Any, bidang: str = "") -> str:
    if _ada(x) and str(x).strip():
        return str(x)
    return f"Perangkat daerah pengampu bidang {bidang}".strip()


def sebut_sub_kegiatan(r: Any, *, outcome: bool = True, pelaksana: bool = False) -> str:
    """``1.02.02.2.02.0015 Pengelolaan … (untuk “Prevalensi stunting”; pagu indikatif …)``.

    ``r`` is a row of :func:`sub_kegiatan_hilang`; plain text (escaped where rendered).
    """
    nama = f"{r.kode_sub_kegiatan} {r.uraian}".strip()
    parts = [_pd_teks(r.perangkat_daerah, str(r.kode_bidang))] if pelaksana else []
    if outcome:
        parts.append(f"untuk outcome “{r.outcome}”")
    if _ada(r.pagu_median):
        parts.append(f"pagu indikatif {rupiah(r.pagu_median)}, median {int(r.n_acuan)} "
                     "kab/kota yang merencanakannya")  # fmt: skip
    else:
        parts.append("belum ada kab/kota lain yang merencanakannya sebagai acuan pagu")
    return f"{nama} ({'; '.join(parts)})"


def rek_sub_kegiatan_hilang(
    hilang: pd.DataFrame, kode_indikator: Iterable[str] | None = None,
    *, bidang: str | None = None, kecuali: Iterable[str] = (), maks: int = 2,
) -> tuple[str, str, list[str]]:
    """Who does what for the missing agreed sub kegiatan of some outcomes or of a bidang.

    Args:
        hilang: Output of :func:`sub_kegiatan_hilang`.
        kode_indikator: Keep the sub kegiatan supporting these outcomes (None: all).
        bidang: Keep the sub kegiatan of this bidang code (None: all).
        kecuali: Sub kegiatan codes another recommendation already names.
        maks: Sub kegiatan named (the highest indicative pagu first); the rest are counted.

    Returns:
        ``(pelaksana, daftar, kode_sub_kegiatan named)``: the perangkat daerah, the named sub
        kegiatan (plain text) and their codes; ``("", "", [])`` when none is missing.
    """
    h = hilang
    if kode_indikator is not None:
        h = h[h["kode_indikator"].isin(list(kode_indikator))]
    if bidang is not None:
        h = h[h["kode_bidang"].astype(str) == bidang]
    h = h[~h["kode_sub_kegiatan"].astype(str).isin(list(kecuali))]
    if h.empty:
        return "", "", []
    h = h.sort_values(["pagu_median", "kode_sub_kegiatan"], ascending=[False, True],
                      na_position="last", kind="stable")  # fmt: skip
    top = h.head(maks)
    pds = list(dict.fromkeys(_pd_teks(x, str(b)) for x, b in
                             zip(top["perangkat_daerah"], top["kode_bidang"], strict=True)))
    # one PD is the subject; several are named per sub kegiatan
    pelaksana = pds[0] if len(pds) == 1 else "Perangkat daerah"
    daftar = "; ".join(sebut_sub_kegiatan(r, outcome=kode_indikator is None,
                                          pelaksana=len(pds) > 1)
                       for r in top.itertuples())  # fmt: skip
    sisa = f"; dan {len(h) - maks} lainnya (lampiran)" if len(h) > maks else ""
    return pelaksana, daftar + sisa, top["kode_sub_kegiatan"].astype(str).tolist()


def lampiran_sub_kegiatan(k: Konteks) -> Blok:
    """Annex: every agreed sub kegiatan missing from the district's RKPD, with PD and pagu."""
    h = sub_kegiatan_hilang(k)
    if h.empty:
        return Blok(
            f"<p>Semua sub kegiatan yang disepakati sudah ada di RKPD {k.tahun} "
            f"{_e(k.nama)}.</p>"
        )
    rows = [
        (_e(r.kode_sub_kegiatan), _e(r.uraian) if r.uraian else "–", _e(k.bidang(r.kode_bidang)),
         _e(r.outcome), _e(_pd_teks(r.perangkat_daerah, str(r.kode_bidang))),
         "Ya" if r.di_renja else "Tidak", _e(rupiah(r.pagu_median)),
         str(int(r.n_acuan)) if r.n_acuan else "–")  # fmt: skip
        for r in h.itertuples()
    ]
    header = ["Kode sub kegiatan", "Sub kegiatan", "Bidang", "Outcome provinsi yang didukung",
              "Perangkat daerah", "Ada di Renja", "Pagu indikatif", "Kab/kota acuan pagu"]
    total = h["pagu_median"].sum(min_count=1)
    return Blok(
        f"<p>{len(h)} sub kegiatan yang disepakati pada Rakortekrenbang belum ada di RKPD "
        f"{k.tahun} {_e(k.nama)}; pagu indikatif seluruhnya {_e(rupiah(total))}.</p>"
        + _tabel(header, rows, numerik=[6, 7])
        + '<p class="wb-catatan">Pagu indikatif: median pagu RKPD sub kegiatan itu di '
        "kabupaten/kota lain yang merencanakannya (kesepakatan tidak memuat pagu). Perangkat "
        "daerah: pelaksana baris RKPD/Renja lain dari program (atau bidang) yang sama.</p>"
    )


# --- recommendations --------------------------------------------------------------------------
@dataclass(frozen=True)
class Rekomendasi:
    """One generated recommendation.

    Attributes:
        prioritas: Lower is more urgent (the order of the list).
        teks: The advice (Bahasa Indonesia, plain text from data, escaped when rendered).
        dasar: The figure it rests on.
        aturan: The rule that produced it (for tests and traceability).
    """

    prioritas: int
    teks: str
    dasar: str
    aturan: str


def rek_tanpa_dukungan(
    tanpa: pd.DataFrame, nama_indikator: Mapping[str, str], tahun: int, maks: int = 2,
    *, hilang: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 1: an agreed province outcome supported by no sub kegiatan in the RKPD.

    Args:
        tanpa: Output of :func:`outcome_tanpa_dukungan` for one kab/kota.
        nama_indikator: Indicator code → description.
        tahun: Plan year.
        maks: Outcomes named individually; the rest are counted in one more item.
        hilang: :func:`sub_kegiatan_hilang` of the district: name the sub kegiatan, their
            perangkat daerah and indicative pagu (None: the outcome only).
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 1.
    """
    out = []
    t = tanpa.sort_values(["n_disepakati", "kode_indikator"], ascending=[False, True])
    for r in t.head(maks).itertuples():
        nama = nama_indikator.get(str(r.kode_indikator), str(r.kode_indikator))
        pelaksana, daftar, _ = (rek_sub_kegiatan_hilang(hilang, [str(r.kode_indikator)])
                                if hilang is not None else ("", "", []))  # fmt: skip
        teks = (
            f"{pelaksana} {nama_wilayah}: masukkan ke RKPD {tahun} sekurang-kurangnya satu sub "
            f"kegiatan yang disepakati untuk outcome provinsi “{nama}”: {daftar}."
            if daftar else
            f"Masukkan sekurang-kurangnya satu sub kegiatan yang disepakati untuk outcome "
            f"provinsi “{nama}” ke dalam RKPD {tahun}."
        )  # fmt: skip
        out.append(Rekomendasi(
            1,
            teks,
            f"0 dari {int(r.n_disepakati)} sub kegiatan yang disepakati ada di RKPD {tahun}.",
            "tanpa_dukungan",
        ))  # fmt: skip
    if len(t) > maks:
        out.append(Rekomendasi(
            1,
            f"Tinjau {len(t) - maks} outcome provinsi lain yang juga belum didukung (daftar di "
            "bagian “Outcome provinsi tanpa dukungan” dan lampiran sub kegiatan).",
            f"{len(t)} outcome provinsi tanpa dukungan.",
            "tanpa_dukungan",
        ))  # fmt: skip
    return out


def rek_bidang_di_bawah_median(
    bidang: pd.DataFrame, ambang: float = 10.0, maks: int = 2,
    *, hilang: pd.DataFrame | None = None, nama_wilayah: str = "", tahun: int | None = None,
    kecuali: Iterable[str] = (),
) -> list[Rekomendasi]:
    """Rule 2: a bidang whose index is at least ``ambang`` points below the province median.

    Args:
        bidang: Output of :func:`sinkronisasi_bidang`.
        ambang: Points below the median that trigger the rule.
        maks: At most this many bidang (the furthest below first).
        hilang: :func:`sub_kegiatan_hilang` of the district (None: no sub kegiatan named).
        nama_wilayah: The district's display name.
        tahun: Plan year.
        kecuali: Sub kegiatan already named by another recommendation.

    Returns:
        Recommendations with priority 2.
    """
    b = bidang[bidang["selisih"] <= -ambang].sort_values("selisih", kind="stable")

    def teks(r: Any) -> str | None:
        pelaksana, daftar, _ = (
            rek_sub_kegiatan_hilang(hilang, bidang=str(r.kode_bidang), kecuali=kecuali)
            if hilang is not None and "kode_bidang" in b else ("", "", []))  # fmt: skip
        if daftar:
            return (f"Tingkatkan sinkronisasi bidang {r.bidang}. {pelaksana} {nama_wilayah}: "
                    f"masukkan ke RKPD {tahun} sub kegiatan yang disepakati: {daftar}.")
        if hilang is not None and "kode_bidang" in b and (
                hilang["kode_bidang"].astype(str) == str(r.kode_bidang)).any():
            return None  # every missing one of the bidang is named by another recommendation
        return (f"Tingkatkan sinkronisasi bidang {r.bidang}: rencanakan sub kegiatan yang "
                "disepakati yang belum masuk RKPD dan Renja.")

    b = b.assign(teks_rek=[teks(r) for r in b.itertuples()])
    b = b[b["teks_rek"].notna()]
    return [
        Rekomendasi(
            2,
            r.teks_rek,
            f"Indeks {angka(r.indeks_sinkronisasi)} terhadap median provinsi "
            f"{angka(r.median_provinsi)} ({angka(r.selisih)} poin); {int(r.n_direncanakan)} "
            f"dari {int(r.n_disepakati)} sub kegiatan disepakati ada di RKPD.",
            "bidang_di_bawah_median",
        )
        for r in b.head(maks).itertuples()
    ]


def _sebut_baris(rin: pd.DataFrame, k: Konteks | None, acuan: pd.DataFrame | None,
                 maks: int) -> str:
    """Name sub kegiatan rows of ``sinkronisasi_rincian``: code, name, PD (and pagu)."""
    rin = rin.drop_duplicates("kode_sub_kegiatan")
    parts = []
    for r in rin.head(maks).itertuples():
        nama = f"{r.kode_sub_kegiatan} {k.nomenklatur(r.kode_sub_kegiatan) if k else ''}".strip()
        info = [_pd_teks(getattr(r, "perangkat_daerah", None), str(r.kode_bidang))]
        if _ada(r.pagu_rkpd) and r.pagu_rkpd > 0:
            info.append(f"pagu RKPD {rupiah(r.pagu_rkpd)}")
        elif acuan is not None and r.kode_sub_kegiatan in acuan.index:
            a = acuan.loc[r.kode_sub_kegiatan]
            info.append(f"pagu indikatif {rupiah(a['pagu_median'])}, median "
                        f"{int(a['n_acuan'])} kab/kota")  # fmt: skip
        parts.append(f"{nama} ({'; '.join(info)})")
    sisa = f"; dan {len(rin) - maks} lainnya" if len(rin) > maks else ""
    return "; ".join(parts) + sisa


def rek_tanpa_pagu(
    sinkronisasi: pd.DataFrame, nama_bidang: Mapping[str, str], *,
    rincian: pd.DataFrame | None = None, k: Konteks | None = None,
    acuan: pd.DataFrame | None = None,
) -> list[Rekomendasi]:
    """Rule 3: agreed sub kegiatan in the RKPD that carry no pagu.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.
        nama_bidang: Bidang code → label.
        rincian: The district's ``sinkronisasi_rincian`` rows (None: the count only).
        k: The brief's context (nomenclature names).
        acuan: :func:`pagu_indikatif` of the province.

    Returns:
        One recommendation (priority 3) when any such sub kegiatan exists.
    """
    s = sinkronisasi.assign(_tanpa=sinkronisasi["n_direncanakan"] - sinkronisasi["n_berpagu"])
    s = s[s["_tanpa"] > 0].sort_values(["_tanpa", "kode_bidang"], ascending=[False, True])
    if s.empty:
        return []
    n = int(s["_tanpa"].sum())
    bidang = ", ".join(nama_bidang.get(str(b), str(b)) for b in s["kode_bidang"].head(3))
    teks = (f"Alokasikan pagu pada {n} sub kegiatan yang disepakati dan sudah masuk RKPD tetapi "
            f"belum berpagu (terutama {bidang}).")  # fmt: skip
    if rincian is not None:
        r = rincian[rincian["di_rkpd"].astype(bool) & ~(rincian["pagu_rkpd"].fillna(0) > 0)]
        if len(r):
            teks = (f"Alokasikan pagu pada {n} sub kegiatan yang disepakati dan sudah masuk "
                    f"RKPD tetapi belum berpagu: {_sebut_baris(r, k, acuan, 3)}.")  # fmt: skip
    return [Rekomendasi(
        3,
        teks,
        f"{n} sub kegiatan di RKPD dengan pagu kosong atau nol.",
        "tanpa_pagu",
    )]  # fmt: skip


def rek_renja(
    sinkronisasi: pd.DataFrame, *, rincian: pd.DataFrame | None = None,
    k: Konteks | None = None,
) -> list[Rekomendasi]:
    """Rule 4: agreed sub kegiatan in the RKPD but missing from the Renja PD.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.
        rincian: The district's ``sinkronisasi_rincian`` rows (None: the count only).
        k: The brief's context (nomenclature names).

    Returns:
        One recommendation (priority 4) when the Renja holds fewer than the RKPD.
    """
    n = int((sinkronisasi["n_direncanakan"] - sinkronisasi["n_direncanakan_renja"]).clip(lower=0)
            .sum())  # fmt: skip
    if n <= 0:
        return []
    teks = ("Selaraskan Renja perangkat daerah dengan RKPD: masukkan sub kegiatan yang disepakati "
            "yang sudah ada di RKPD ke Renja PD pelaksananya.")  # fmt: skip
    if rincian is not None:
        r = rincian[rincian["di_rkpd"].astype(bool) & ~rincian["di_renja"].astype(bool)]
        if len(r):
            daftar = _sebut_baris(r, k, None, 3)
            teks = ("Selaraskan Renja dengan RKPD: masukkan ke Renja PD pelaksananya sub "
                    f"kegiatan yang disepakati dan sudah ada di RKPD: {daftar}.")
    return [Rekomendasi(
        4,
        teks,
        f"Renja memuat {int(sinkronisasi['n_direncanakan_renja'].sum())} sub kegiatan "
        f"disepakati, RKPD {int(sinkronisasi['n_direncanakan'].sum())}.",
        "renja",
    )]  # fmt: skip


def pendukung_teks(rincian: pd.DataFrame | None, kode_indikator: str) -> tuple[str, str]:
    """Who supports an indicator: its agreed sub kegiatan in the RKPD.

    Returns ``(perangkat daerah, "di RKPD: code, code; pagu Rp …")`` (or the agreed ones
    missing from the RKPD); ``("", "")`` when nothing is agreed for the indicator.
    """
    if rincian is None or rincian.empty:
        return "", ""
    semua = rincian[rincian["kode_indikator"] == kode_indikator]
    r = semua[semua["di_rkpd"].astype(bool)]
    if semua.empty:
        return "", ""
    pd_ = semua["perangkat_daerah"].dropna() if "perangkat_daerah" in semua else pd.Series([])
    siapa = str(pd_.iloc[0]) if len(pd_) else ""
    if r.empty:  # agreed, none planned: the annex names them with their indicative pagu
        n = semua["kode_sub_kegiatan"].nunique()
        return siapa, (f"belum ada di RKPD ({n} sub kegiatan disepakati; kode, perangkat "
                       "daerah dan pagu indikatif di lampiran)")  # fmt: skip
    subs = ", ".join(dict.fromkeys(r["kode_sub_kegiatan"].astype(str).head(3)))
    return siapa, f"di RKPD: {subs}; pagu {rupiah(r['pagu_rkpd'].sum())}"


def rek_capaian_rendah(
    capaian: pd.DataFrame, nama_indikator: Mapping[str, str], maks: int = 2,
    *, rincian: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 5: indicators with predikat Rendah or Sangat Rendah in their latest year.

    Args:
        capaian: ``Hasil.capaian`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        maks: At most this many (lowest capaian first).
        rincian: The district's ``sinkronisasi_rincian`` rows: name the supporting sub
            kegiatan and their perangkat daerah.
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 2 (an outcome far from its target is as urgent as a
        bidang far below the median).
    """
    c = capaian_terakhir(capaian)
    c = c[c["predikat"].isin(PREDIKAT_RENDAH)].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    out = []
    for r in c.head(maks).itertuples():
        nama = nama_indikator.get(str(r.kode_indikator), str(r.kode_indikator))
        d = _desimal_nilai([r.target, r.realisasi])
        siapa, subs = pendukung_teks(rincian, str(r.kode_indikator))
        teks = (f"{siapa} {nama_wilayah}: percepat capaian “{nama}”; sub kegiatan pendukung "
                f"{subs}: pastikan berpagu cukup dan tepat sasaran."
                if siapa else
                f"Percepat capaian “{nama}”: periksa apakah sub kegiatan pendukungnya berpagu "
                "cukup dan tepat sasaran.")  # fmt: skip
        out.append(Rekomendasi(
            2,
            teks,
            f"Capaian {persen(r.capaian_persen)} ({r.predikat}) pada {int(r.tahun)}: realisasi "
            f"{angka(r.realisasi, d)} terhadap target {angka(r.target, d)}.",
            "capaian_rendah",
        ))  # fmt: skip
    return out


def rek_memburuk(
    lintasan: pd.DataFrame, nama_indikator: Mapping[str, str], kecuali: Iterable[str] = (),
    maks: int = 1, *, rincian: pd.DataFrame | None = None, nama_wilayah: str = "",
) -> list[Rekomendasi]:
    """Rule 6: indicators moving away from their RPJMD end target (trajectory ``memburuk``).

    Args:
        lintasan: ``Hasil.capaian_lintasan`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        kecuali: Indicator codes already named by another rule.
        maks: At most this many.
        rincian: The district's ``sinkronisasi_rincian`` rows (who supports the indicator).
        nama_wilayah: The district's display name.

    Returns:
        Recommendations with priority 3.
    """
    lt = lintasan[(lintasan["status_lintasan"] == "memburuk")
                  & ~lintasan["kode_indikator"].isin(list(kecuali))]  # fmt: skip
    lt = lt.sort_values(["rasio_lintasan", "kode_indikator"], kind="stable", na_position="last")
    out = []
    for r in lt.head(maks).itertuples():
        nama = nama_indikator.get(str(r.kode_indikator), str(r.kode_indikator))
        d = _desimal_nilai([r.nilai_dasar, r.nilai_terakhir])
        siapa, subs = pendukung_teks(rincian, str(r.kode_indikator))
        teks = (f"{siapa} {nama_wilayah}: tinjau strategi untuk “{nama}”, yang arahnya menjauh "
                f"dari target akhir RPJMD; sub kegiatan pendukung {subs}."
                if siapa else
                f"Tinjau strategi untuk “{nama}”: arahnya menjauh dari target akhir RPJMD.")
        out.append(Rekomendasi(
            3,
            teks,
            f"{angka(r.nilai_dasar, d)} ({int(r.tahun_dasar)}) → {angka(r.nilai_terakhir, d)} "
            f"({int(r.tahun_terakhir)}); target {int(r.tahun_target)}: "
            f"{angka(r.target_akhir, d)}.",
            "memburuk",
        ))  # fmt: skip
    return out


def rek_target_menarik(target: pd.DataFrame, maks: int = 1) -> list[Rekomendasi]:
    """Rule 7: a district target that pulls the province target short.

    Args:
        target: Output of :func:`target_menarik`.
        maks: At most this many indicators (first year of each).

    Returns:
        Recommendations with priority 3.
    """
    t = target.drop_duplicates("kode_indikator")
    out = []
    for r in t.head(maks).itertuples():
        d = _desimal_nilai([r.target, r.target_provinsi, r.selisih_target])
        kurang = (
            f"; target provinsi tersirat kurang {angka(r.selisih_target, d)}"
            if _ada(r.selisih_target) and r.selisih_target > 0
            else ""
        )
        out.append(Rekomendasi(
            3,
            f"Sesuaikan target “{r.uraian}” dalam kesepakatan Rakortek agar tidak menarik target "
            "provinsi ke bawah.",
            f"Target {int(r.tahun)}: kabupaten/kota {angka(r.target, d)}, provinsi "
            f"{angka(r.target_provinsi, d)}{kurang}.",
            "target_menarik",
        ))  # fmt: skip
    return out


def target_pengganti(r: Any) -> float:
    """The district target that alone closes the province shortfall ``S``.

    ``r`` is a row of :func:`atribusi_wilayah`. Mean: ``x' = x + d · S / w`` (the province
    value moves by ``w · Δx``); sum: ``x' = x + d · S``; ``d`` = +1 naik, −1 turun.
    """
    d = {"naik": 1.0, "turun": -1.0}.get(str(r.arah), np.nan)
    if r.agregasi == "jumlah":
        return float(r.target + d * r.selisih_target)
    return float(r.target + d * r.selisih_target / r.bobot)


def rek_target_pendorong(atribusi: pd.DataFrame, nama: str, maks: int = 1) -> list[Rekomendasi]:
    """Rule 7: the district drives a province target shortfall (its share ≥ the threshold).

    Only districts whose contribution (:func:`workbench.agregat.atribusi_kekurangan`) is a
    real part of the shortfall get it; a negligible contributor does not.

    Args:
        atribusi: Output of :func:`atribusi_wilayah`.
        nama: The district's display name.
        maks: At most this many indicators (first year of each).

    Returns:
        Recommendations with priority 3 (rule name ``target_menarik``).
    """
    t = atribusi[atribusi["pendorong"]].drop_duplicates("kode_indikator")
    out = []
    dv, dk = _desimal_atribusi(atribusi) if len(t) else ({}, {})
    for r in t.head(maks).itertuples():
        d, dkk = dv[str(r.kode_indikator)], dk[str(r.kode_indikator)]
        # rounded towards ambition, so the printed target still closes the shortfall
        faktor = 10.0**d
        baru = target_pengganti(r)
        baru = math.floor(baru * faktor) / faktor if r.arah == "turun" else (
            math.ceil(baru * faktor) / faktor if r.arah == "naik" else baru)  # fmt: skip
        kata = {"naik": ("Naikkan", "sekurang-kurangnya"), "turun": ("Turunkan", "paling tinggi")}
        kerja, batas = kata.get(str(r.arah), ("Sesuaikan", ""))
        out.append(Rekomendasi(
            3,
            f"Bappeda {nama} bersama perangkat daerah pengampu: {kerja.lower()} target "
            f"“{r.uraian}” {int(r.tahun)} dari {angka(r.target, d)} menjadi {batas} "
            f"{angka(baru, d)} dalam kesepakatan Rakortekrenbang; dengan target itu kekurangan "
            "provinsi tertutup.",
            f"Bila semua kabupaten/kota memenuhi targetnya, provinsi mencapai "
            f"{_implisit_teks(r, d)} terhadap target {angka(r.target_provinsi, d)} "
            f"(kurang {angka(r.selisih_target, dkk)}); {nama} menyumbang +"
            f"{angka(r.kontribusi, dkk)}, {persen(r.porsi_kekurangan * 100)} dari semua "
            "sumbangan yang menarik ke bawah (kabupaten/kota yang lebih ambisius menutup "
            "sebagian).",
            "target_menarik",
        ))  # fmt: skip
    return out


def rek_konsistensi(
    konsistensi: pd.DataFrame, ambang: float = 60.0, *, rincian: pd.DataFrame | None = None,
    k: Konteks | None = None, maks: int = 3,
) -> list[Rekomendasi]:
    """Rule 8: document linkage below ``ambang`` % (MKPP "sedang" or worse) at some level.

    Args:
        konsistensi: ``Hasil.konsistensi`` rows of one government and year.
        ambang: Linkage % below which the rule fires (60 = below "baik").
        rincian: ``Hasil.konsistensi_rincian`` rows of the government and year: name the
            upper document's lines missing below (None: the count only).
        k: The brief's context (nomenclature names).
        maks: Lines named.

    Returns:
        At most one recommendation per document pair (its weakest level), priority 4.
    """
    kk = konsistensi[konsistensi["keterkaitan_persen"] < ambang]
    kk = kk.sort_values(["keterkaitan_persen", "pasangan"], kind="stable")
    out = []
    nama_tingkat = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}
    for r in kk.drop_duplicates("pasangan").itertuples():
        atas, bawah = str(r.pasangan).split("→")
        baris = ""
        if rincian is not None:
            x = rincian[(rincian["pasangan"] == r.pasangan) & (rincian["tingkat"] == r.tingkat)
                        & (rincian["jenis_temuan"] == "tidak ada di dokumen bawah")]  # fmt: skip
            baris = "; ".join(
                f"{x_.kode_nomenklatur} {k.nomenklatur(x_.kode_nomenklatur) if k else ''}"
                .strip() + f" ({_pd_teks(x_.perangkat_daerah)})"
                for x_ in x.head(maks).itertuples()
            ) + (f"; dan {len(x) - maks} lainnya" if len(x) > maks else "")
        out.append(Rekomendasi(
            4,
            f"Perbaiki keterkaitan {atas.title() if atas == 'RENSTRA' else atas}→"
            f"{bawah.title() if bawah == 'RENJA' else bawah} tingkat "
            f"{nama_tingkat.get(r.tingkat, r.tingkat)}: masukkan baris dokumen atas yang hilang "
            + (f"({baris}) " if baris else "") + "atau catat alasannya.",
            f"Keterkaitan {persen(r.keterkaitan_persen)} ({r.kategori}); "
            f"{int(r.n_tidak_ada_di_bawah)} baris tidak ada di dokumen bawah.",
            "konsistensi",
        ))  # fmt: skip
    return out


def rek_temuan_konsistensi(rincian: pd.DataFrame, k: Konteks, maks: int = 3) -> list[Rekomendasi]:
    """Rule 9: consistency findings, with the offending lines named.

    Per finding kind: targets cut between the upper and the lower document (``target kurang
    ambisius``: restore the upper document's target) and Renja lines that the Renstra does
    not plan (``tidak direncanakan di dokumen atas``: put them in the Renstra or drop them).

    Args:
        rincian: ``Hasil.konsistensi_rincian`` rows of one government and year.
        k: The brief's context (names of indicators and nomenclature).
        maks: Lines named per recommendation.

    Returns:
        At most one recommendation per kind (priority 3 for targets, 4 for Renja lines).
    """
    out = []
    tgt = rincian[rincian["jenis_temuan"] == "target kurang ambisius"]
    if len(tgt):
        baris = "; ".join(
            f"“{k.indikator(r.kode_indikator)}” ({r.kode_nomenklatur}, "
            f"{_pd_teks(r.perangkat_daerah)}): {r.target_dokumen_atas} di "
            f"{str(r.pasangan).split('→')[0].replace('RENSTRA', 'Renstra')} menjadi "
            f"{r.target_dokumen_bawah} di "
            f"{str(r.pasangan).split('→')[1].replace('RENJA', 'Renja')}"
            for r in tgt.head(maks).itertuples()
        )
        out.append(Rekomendasi(
            3,
            f"Kembalikan target yang turun dari dokumen atasnya, atau catat alasannya dalam "
            f"berita acara: {baris}.",
            f"{len(tgt)} target lebih rendah ambisinya daripada dokumen di atasnya (arah "
            "indikator diperhitungkan).",
            "target_dipotong",
        ))  # fmt: skip
    tanpa = rincian[(rincian["jenis_temuan"] == "tidak direncanakan di dokumen atas")
                    & (rincian["pasangan"] == "RENSTRA→RENJA")]  # fmt: skip
    if len(tanpa):
        baris = "; ".join(
            f"{r.kode_nomenklatur} {k.nomenklatur(r.kode_nomenklatur)} "
            f"({_pd_teks(r.perangkat_daerah)})".replace("  ", " ")
            for r in tanpa.head(maks).itertuples()
        )
        sisa = f"; dan {len(tanpa) - maks} lainnya" if len(tanpa) > maks else ""
        out.append(Rekomendasi(
            4,
            f"Masukkan ke Renstra PD, atau keluarkan dari Renja, baris Renja yang tidak "
            f"direncanakan di Renstra: {baris}{sisa}.",
            f"{len(tanpa)} baris Renja tanpa padanan di Renstra PD.",
            "renja_tanpa_renstra",
        ))  # fmt: skip
    return out


def rek_kesenjangan_utama(
    gap: pd.DataFrame, hilang: pd.DataFrame, rincian: pd.DataFrame, nama: str, tahun: int,
    kecuali: Iterable[str] = (), disebut: Iterable[str] = (),
) -> list[Rekomendasi]:
    """Rule 10: the headline's biggest gap, whatever its predikat, with what supports it.

    Args:
        gap: :func:`gap_terburuk` of the district (its first row is the headline's).
        hilang: :func:`sub_kegiatan_hilang` of the district.
        rincian: The district's ``sinkronisasi_rincian`` rows of the year.
        nama: The district's display name.
        tahun: Plan year.
        kecuali: Indicator codes another rule already names.
        disebut: Sub kegiatan codes another rule already names.

    Returns:
        One recommendation (priority 2) or none.
    """
    if gap.empty or str(gap.iloc[0]["kode_indikator"]) in set(kecuali):
        return []
    g = gap.iloc[0]
    kode = str(g["kode_indikator"])
    d = _desimal_nilai([g["target"], g["realisasi"]])
    dasar = (
        f"Kesenjangan terbesar: capaian {persen(g['capaian_persen'])} ({g['predikat']}) pada "
        f"{int(g['tahun'])}, realisasi {angka(g['realisasi'], d)} terhadap target "
        f"{angka(g['target'], d)} {g['satuan'] if _ada(g['satuan']) else ''}".rstrip() + "."
    )
    pelaksana, daftar, _ = rek_sub_kegiatan_hilang(hilang, [kode], kecuali=disebut)
    if daftar:
        return [Rekomendasi(2, f"{pelaksana} {nama}: percepat “{g['uraian']}” dengan "
                               f"memasukkan ke RKPD {tahun} sub kegiatan pendukung yang "
                               f"disepakati: {daftar}.", dasar,
                            "kesenjangan_utama")]  # fmt: skip
    ada = rincian[(rincian["kode_indikator"] == kode) & rincian["di_rkpd"].astype(bool)]
    if ada.empty:
        siapa = pd_bidang_indikator(rincian, kode)
        return [Rekomendasi(2, f"{siapa} {nama}: percepat “{g['uraian']}”; belum ada sub "
                               "kegiatan yang disepakati untuk indikator ini: usulkan sub "
                               "kegiatan pendukung beserta pagunya pada Rakortekrenbang.",
                            dasar, "kesenjangan_utama")]  # fmt: skip
    pd_ = ada["perangkat_daerah"].dropna() if "perangkat_daerah" in ada else pd.Series([])
    siapa = _pd_teks(pd_.iloc[0] if len(pd_) else None)
    subs = ", ".join(dict.fromkeys(ada["kode_sub_kegiatan"].astype(str).head(3)))
    return [Rekomendasi(
        2,
        f"{siapa} {nama}: percepat “{g['uraian']}”; sub kegiatan pendukungnya sudah di RKPD "
        f"({subs}; pagu {rupiah(ada['pagu_rkpd'].sum())}): periksa volume dan sasarannya.",
        dasar,
        "kesenjangan_utama",
    )]  # fmt: skip


def pd_bidang_indikator(rincian: pd.DataFrame, kode_indikator: str) -> str:
    """The district's perangkat daerah of an indicator's bidang (reference ``kode_bidang``).

    For an indicator nothing is agreed for: the PD most of the district's agreed sub
    kegiatan of that bidang name; else "perangkat daerah pengampu bidang X.XX".
    """
    bidang = ""
    with contextlib.suppress(Exception):  # the reference table may be absent
        r = reference.load_indikator_referensi()
        b = r.loc[r["kode_indikator"].astype(str) == kode_indikator, "kode_bidang"]
        bidang = str(b.iloc[0]) if len(b) and _ada(b.iloc[0]) else ""
    if bidang and "perangkat_daerah" in rincian:
        pd_ = rincian.loc[rincian["kode_bidang"].astype(str) == bidang, "perangkat_daerah"]
        pd_ = pd_.dropna()
        if len(pd_):
            return str(pd_.value_counts().index[0])
    return _pd_teks(None, bidang)


def rek_sisa_hilang(
    hilang: pd.DataFrame, nama: str, tahun: int, disebut: Iterable[str], maks: int = 2,
) -> list[Rekomendasi]:
    """Rule 11: agreed sub kegiatan missing from the RKPD that no other rule named.

    Args:
        hilang: :func:`sub_kegiatan_hilang` of the district.
        nama: The district's display name.
        tahun: Plan year.
        disebut: Codes already named.
        maks: Sub kegiatan named (highest indicative pagu first); the rest are counted.

    Returns:
        One recommendation (priority 3) or none.
    """
    sisa = hilang[~hilang["kode_sub_kegiatan"].astype(str).isin(list(disebut))]
    pelaksana, daftar, _ = rek_sub_kegiatan_hilang(sisa, maks=maks)
    if not daftar:
        return []
    total = sisa["pagu_median"].sum(min_count=1)
    return [Rekomendasi(
        3,
        f"{pelaksana} {nama}: masukkan ke RKPD {tahun} sub kegiatan yang disepakati dan belum "
        f"direncanakan: {daftar}.",
        f"{len(sisa)} sub kegiatan disepakati lain belum ada di RKPD (di luar bidang dan "
        f"outcome rekomendasi di atas); pagu indikatif seluruhnya {rupiah(total)}.",
        "sub_kegiatan_hilang",
    )]  # fmt: skip


def _tanpa_duplikat(rek: Sequence[Rekomendasi]) -> list[Rekomendasi]:
    """Drop a recommendation whose text repeats an earlier one's."""
    seen: set[str] = set()
    out = []
    for r in rek:
        key = " ".join(r.teks.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def rekomendasi(k: Konteks, maks: int = 8) -> list[Rekomendasi]:
    """The generated recommendations of a kab/kota brief, most urgent first.

    Rules (each cites its figure, and names the sub kegiatan, perangkat daerah and indicative
    pagu where it is about sub kegiatan): outcomes with no support (1); bidang ≥ 10 points
    below the province median, indicators with predikat Rendah/Sangat Rendah, the headline's
    biggest gap whatever its predikat (2); agreed sub kegiatan without pagu, worsening
    trajectory, a district target that drives a province shortfall, targets cut from the
    upper document, the other missing agreed sub kegiatan (3); Renja missing RKPD sub
    kegiatan, Renja lines without Renstra, document linkage below 60 % (4). A sub kegiatan or
    an indicator named by one rule is not named again, and no two recommendations say the
    same thing.

    Args:
        k: The context of a kab/kota.
        maks: Length of the list.

    Returns:
        At most ``maks`` :class:`Rekomendasi`, ordered by priority then rule order.
    """
    t = k.tahun
    sink = _tahun(k.hasil.sinkronisasi, t)
    sink = sink[sink["kode_wilayah"] == k.kode_wilayah]
    tanpa = _tahun(k.hasil.sinkronisasi_tanpa_dukungan, t)
    tanpa = tanpa[tanpa["kode_wilayah"] == k.kode_wilayah]
    cap = k.hasil.capaian[k.hasil.capaian["kode_wilayah"] == k.kode_wilayah]
    lint = k.hasil.capaian_lintasan[k.hasil.capaian_lintasan["kode_wilayah"] == k.kode_wilayah]
    kons = _tahun(k.hasil.konsistensi, t)
    kons = kons[kons["kode_wilayah"] == k.kode_wilayah]
    kons_r = _tahun(k.hasil.konsistensi_rincian, t)
    kons_r = kons_r[kons_r["kode_wilayah"] == k.kode_wilayah]
    rin = _tahun(k.hasil.sinkronisasi_rincian, t)
    rin = rin[rin["kode_wilayah"] == k.kode_wilayah]
    hilang = sub_kegiatan_hilang(k)
    acuan = pagu_indikatif(_tahun(k.semua.sinkronisasi_rincian, t))
    nama_bidang = {str(b): k.bidang(b) for b in sink["kode_bidang"]}
    pertama = rek_tanpa_dukungan(tanpa, k.nama_indikator, t, hilang=hilang, nama_wilayah=k.nama)
    # sub kegiatan named by rule 1 are not named again by rule 2
    disebut = _disebut(pertama, hilang)
    kedua = rek_bidang_di_bawah_median(sinkronisasi_bidang(k), hilang=hilang,
                                       nama_wilayah=k.nama, tahun=t, kecuali=disebut)
    disebut += _disebut(kedua, hilang)
    rendah = rek_capaian_rendah(cap, k.nama_indikator, rincian=rin, nama_wilayah=k.nama)
    sudah = capaian_terakhir(cap)
    sudah = sudah.loc[sudah["predikat"].isin(PREDIKAT_RENDAH), "kode_indikator"].head(2)
    sudah = sudah.astype(str).tolist()
    semua = [
        *pertama,
        *kedua,
        *rendah,
        *(utama := rek_kesenjangan_utama(gap_terburuk(k, n=1), hilang, rin, k.nama, t,
                                         kecuali=sudah, disebut=disebut)),
        *rek_sisa_hilang(_belum_dirujuk(hilang, kedua, tanpa, k), k.nama, t,
                         [*disebut, *_disebut(utama, hilang)]),
        *rek_tanpa_pagu(sink, nama_bidang, rincian=rin, k=k, acuan=acuan),
        *rek_memburuk(lint, k.nama_indikator,
                      kecuali=[*sudah, *_kode_gap_utama(k), *tanpa["kode_indikator"].astype(str)],
                      rincian=rin, nama_wilayah=k.nama),
        *rek_target_pendorong(atribusi_wilayah(k), k.nama),
        *rek_renja(sink, rincian=rin, k=k),
        *rek_konsistensi(kons, rincian=kons_r, k=k),
        *rek_temuan_konsistensi(kons_r, k),
    ]
    semua = [dataclasses.replace(r, teks=r.teks[:1].upper() + r.teks[1:]) for r in semua]
    urut = sorted(enumerate(_tanpa_duplikat(semua)), key=lambda x: (x[1].prioritas, x[0]))
    return [r for _, r in urut][:maks]


def _belum_dirujuk(
    hilang: pd.DataFrame, bidang_rek: Sequence[Rekomendasi], tanpa: pd.DataFrame, k: Konteks
) -> pd.DataFrame:
    """Missing sub kegiatan that no bidang or unsupported-outcome recommendation covers."""
    bidang = {str(b) for b in hilang["kode_bidang"].unique()
              if any(f"bidang {k.bidang(b)}" in r.teks for r in bidang_rek)}  # fmt: skip
    out = hilang[~hilang["kode_bidang"].astype(str).isin(bidang)]
    return out[~out["kode_indikator"].astype(str).isin(tanpa["kode_indikator"].astype(str))]


def _disebut(rek: Sequence[Rekomendasi], hilang: pd.DataFrame) -> list[str]:
    """Codes of the missing sub kegiatan that recommendations already name."""
    return [c for r in rek for c in hilang["kode_sub_kegiatan"].astype(str) if c in r.teks]


def _kode_gap_utama(k: Konteks) -> list[str]:
    g = gap_terburuk(k, n=1)
    return g["kode_indikator"].astype(str).tolist()


def blok_rekomendasi(k: Konteks) -> Blok:
    """The recommendations as a numbered list, each with the figure it rests on."""
    rek = rekomendasi(k)
    if not rek:
        return Blok(
            "<p>Tidak ada temuan yang memerlukan tindak lanjut khusus menurut aturan "
            "rekomendasi workbench.</p>"
        )
    items = "".join(
        f"<li>{_e(r.teks)}<br><span class=\"wb-dasar\">Dasar: {_e(r.dasar)}</span></li>"
        for r in rek
    )
    return Blok(
        f'<ol class="wb-rek">{items}</ol><p class="wb-catatan">Rekomendasi disusun otomatis '
        "dari temuan di atas; bahan diskusi Rakortekrenbang, bukan keputusan.</p>"
    )


def blok_sumber(k: Konteks) -> Blok:
    """The data source line, with the synthetic-data note when it applies."""
    return Blok(f'{catatan_sintetis(k)}<p class="wb-catatan">{_e(k.sumber)}</p>')


# --- maps ---------------------------------------------------------------------------------------
class _Tangkap(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.pesan: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.pesan.append(record.getMessage())


@contextlib.contextmanager
def _tenang() -> Iterator[_Tangkap]:
    """Keep the maps' schematic-fallback warning out of the brief (the map is titled as such).

    The warning (``warnings`` and the ``workbench.maps`` logger) is meant for a user at a
    console; in a brief the map itself says "Peta skematik", so both are captured here.
    """
    logger = logging.getLogger("workbench.maps")
    h = _Tangkap()
    old = logger.propagate
    logger.addHandler(h)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield h
    finally:
        logger.removeHandler(h)
        logger.propagate = old


def _indeks_frame(k: Konteks) -> pd.DataFrame:
    r = ringkasan_kabkota(k.semua)
    return r[["kode_wilayah", "indeks_sinkronisasi"]]


def peta_fokus_wilayah(k: Konteks) -> Gambar:
    """District-focus map coloured by the overall synchronization index (province legend)."""
    from workbench import maps

    f = _indeks_frame(k)
    with _tenang():
        breaks = _breaks(maps, f["indeks_sinkronisasi"])
        fig = maps.peta_fokus(
            k.kode_wilayah, f, "indeks_sinkronisasi", breaks=breaks, satuan="indeks 0–100",
            judul=f"Indeks sinkronisasi {k.tahun}: {k.nama} dan sekitarnya",
        )  # fmt: skip
    return Gambar(fig, f"Peta {k.nama} dan sekitarnya menurut indeks sinkronisasi {k.tahun}")


def _breaks(maps: Any, values: pd.Series, *, bulat: bool = False) -> Any:
    """Natural breaks over the province's values, shared by every brief of the run.

    At most 5 classes and fewer classes than distinct values: mapclassify's Fisher-Jenks
    returns unsorted bins when k equals the number of distinct values (seen with 14 indices,
    11 of them 100: bins 100, 95, 98,3).
    """
    v = values.dropna()
    if not len(v):
        return None
    n = int(v.nunique())
    k = max(1, min(5, n - 1 if n > 2 else n))
    return maps.klasifikasi(v, "natural_breaks", k=k, bulat=bulat)


def indikator_gap_utama(k: Konteks) -> tuple[str, int] | None:
    """The key gap of a brief: the district's lowest-capaian indicator missing its target."""
    g = gap_terburuk(k, n=1)
    if g.empty:
        return None
    return str(g.iloc[0]["kode_indikator"]), int(g.iloc[0]["tahun"])


def peta_gap_utama(k: Konteks) -> Gambar | Blok:
    """Province map of the capaian of the district's key-gap indicator (predikat classes).

    The map is province-wide, so briefs whose key gap is the same indicator show the same
    figure: it is drawn once per kernel and reused (:class:`GambarSekali`).
    """
    from workbench import maps

    kunci = indikator_gap_utama(k)
    if kunci is None:
        return Blok("<p>Tidak ada indikator yang tertinggal dari targetnya.</p>")
    kode, tahun = kunci
    c = k.semua.capaian
    c = c[(c["kode_indikator"] == kode) & (c["tahun"] == tahun) & _kabkota_mask(c["kode_wilayah"])]
    c = c[["kode_wilayah", "capaian_persen"]]
    judul_peta = textwrap.shorten(f"Capaian {k.indikator(kode)} {tahun}", 80, placeholder="…")

    def buat() -> Figure:
        with _tenang():
            return maps.peta_choropleth(
                c, "capaian_persen", judul=judul_peta,
                breaks=maps.klasifikasi([], "predikat", predikat=k.semua.predikat), satuan="%",
            )  # fmt: skip

    alt = f"Peta capaian {k.indikator(kode)} {tahun} per kabupaten/kota"
    return GambarSekali(buat, alt, ("peta_gap_utama", c, judul_peta, k.semua.predikat))


#: PNG bytes of figures drawn once per process, by the hash of everything they depend on.
_PNG_SEKALI: dict[str, bytes] = {}
_PNG_SEKALI_MAKS = 64


def kunci_gambar(bagian: Sequence[Any]) -> str:
    """SHA-256 over what a figure depends on: the given inputs, the boundary layer, rcParams.

    Frames are hashed by their values (``pandas.util.hash_pandas_object``, with the column
    names and the index), other parts by their ``repr``; the installed boundary file enters
    by path, modification time and size, and matplotlib's rcParams in full (a reused kernel
    restores them before each brief, but a hand-run notebook may change them).
    """
    import hashlib

    from workbench import maps

    h = hashlib.sha256()
    for part in bagian:
        if isinstance(part, pd.DataFrame):
            h.update(repr(list(part.columns)).encode())
            h.update(pd.util.hash_pandas_object(part, index=True).to_numpy().tobytes())
        else:
            h.update(repr(part).encode())
        h.update(b"\0")
    h.update(repr(maps._kunci_dasar()).encode())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h.update(repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())).encode())
    return h.hexdigest()


class GambarSekali(Gambar):
    """A :class:`Gambar` whose PNG is drawn once per process for the same inputs.

    For figures that are the same in several briefs (province-wide maps with the shared
    legend). The cache holds only PNG bytes, lives in the process (a warm kernel keeps it
    across briefs; a kernel replaced after a failure starts empty) and is keyed by
    :func:`kunci_gambar` of everything the figure depends on, so a brief gets exactly the
    bytes it would have drawn itself. The figure is built only when needed (``fig``).

    Args:
        buat: Builds the figure.
        alt: Alternative text.
        bagian: What the figure depends on besides the boundaries and rcParams.
    """

    def __init__(self, buat: Any, alt: str, bagian: Sequence[Any]) -> None:
        self._buat = buat
        self._fig: Figure | None = None
        self.alt = alt
        self.kunci = kunci_gambar(bagian)

    @property
    def fig(self) -> Figure:  # type: ignore[override]
        """The figure, built on first use."""
        if self._fig is None:
            self._fig = self._buat()
        return self._fig

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        png = _PNG_SEKALI.get(self.kunci)
        if png is None:
            png = super()._repr_png_()[0]
            if len(_PNG_SEKALI) >= _PNG_SEKALI_MAKS:
                _PNG_SEKALI.pop(next(iter(_PNG_SEKALI)))
            _PNG_SEKALI[self.kunci] = png
        return png, {"alt": self.alt}


# --- province overview ----------------------------------------------------------------------------
def gap_utama_kabkota(k: Konteks) -> dict[str, str]:
    """Kab/kota code → its key gap as HTML: the indicator, then ``capaian %, predikat, year``.

    The same choice as the district brief's headline (:func:`gap_terburuk`): the lowest
    latest capaian among the indicators missing their target.
    """
    c = capaian_terakhir(k.semua.capaian)
    c = c[_kabkota_mask(c["kode_wilayah"]) & (c["memenuhi"] == False)]  # noqa: E712
    c = c.sort_values(["kode_wilayah", "capaian_persen", "kode_indikator"], kind="stable")
    c = c.drop_duplicates("kode_wilayah")
    return {
        str(r.kode_wilayah): f"{_e(k.indikator(r.kode_indikator))}<br>"
        f'<span style="white-space:nowrap">{persen(r.capaian_persen)}, {_e(r.predikat)}, '
        f"{int(r.tahun)}</span>"
        for r in c.itertuples()
    }


def tabel_peringkat(k: Konteks) -> Blok:
    """Ranking of the kab/kota by the synchronization index, with their key gaps."""
    r = ringkasan_kabkota(k.semua).sort_values(
        ["peringkat", "kode_wilayah"], kind="stable", na_position="last"
    )
    gap = gap_utama_kabkota(k)
    rows = [
        (
            "–" if pd.isna(x.peringkat) else str(int(x.peringkat)),
            _e(x.kode_wilayah),
            _e(k.nama_kabkota.get(str(x.kode_wilayah), x.kode_wilayah)),
            f"<b>{angka(x.indeks_sinkronisasi)}</b>",
            persen(x.dukungan_persen),
            _e(rupiah(x.pagu_dukungan)) if x.n_disepakati else "–",
            f"{int(x.n_outcome_tanpa_dukungan)} / {int(x.n_outcome)}" if x.n_outcome else "–",
            persen(x.persen_sesuai_lintasan),
            str(int(x.n_predikat_rendah)),
            persen(x.keterkaitan_rpjmd_rkpd),
            gap.get(str(x.kode_wilayah), "–"),
        )
        for x in r.itertuples()
    ]
    header = ["Peringkat", "Kode", "Kabupaten/kota", "Indeks sinkronisasi", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan",
              "Indikator predikat rendah", "Keterkaitan RPJMD→RKPD",
              "Kesenjangan utama"]  # fmt: skip
    med = r["indeks_sinkronisasi"].median()
    intro = (
        f"<p>Median indeks sinkronisasi {k.tahun}: <b>{angka(med)}</b>. Indikator predikat "
        "rendah: jumlah indikator berpredikat Rendah atau Sangat Rendah pada realisasi "
        "terakhir. Kesenjangan utama: indikator dengan capaian terendah yang belum memenuhi "
        "targetnya (seperti pada brief kabupaten/kota).</p>"
    )
    return Blok(intro + _tabel(header, rows, numerik=[0, 3, 4, 5, 6, 7, 8, 9]))


def grafik_peringkat(k: Konteks) -> Gambar:
    """Bar chart of the overall index of the kab/kota, sorted, with the median."""
    r = ringkasan_kabkota(k.semua).sort_values("indeks_sinkronisasi", kind="stable",
                                               na_position="first")  # fmt: skip
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(8.5, 0.36 * len(r) + 1.3))
        ax = fig.add_subplot()
        y = np.arange(len(r))
        v = r["indeks_sinkronisasi"].to_numpy(float)
        ax.barh(y, np.nan_to_num(v), color="#4393c3", height=0.65)
        med = np.nanmedian(v) if np.isfinite(v).any() else np.nan
        if np.isfinite(med):
            ax.axvline(med, color="black", lw=1, ls="--", label=f"Median {angka(med)}")
            ax.legend(loc="lower right", frameon=False, fontsize=8.5)
        for yi, vi in zip(y, v, strict=True):
            # on a white ground, so a label stays readable where the median line crosses it
            ax.text((vi if np.isfinite(vi) else 0) + 1, yi,
                    angka(vi) if np.isfinite(vi) else "tidak ada data", va="center",
                    fontsize=8.5, zorder=3,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})  # fmt: skip
        ax.set_yticks(y, [k.nama_kabkota.get(str(c), str(c)) for c in r["kode_wilayah"]])
        ax.set_xlim(0, 110)
        ax.set_xlabel("Indeks sinkronisasi (0–100)")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: angka(x, 0)))
        ax.grid(axis="y", visible=False)
        ax.set_title(f"Indeks sinkronisasi kabupaten/kota {k.tahun}", loc="left")
        matplotlib.layout_engine.TightLayoutEngine().execute(fig)  # see grafik_tren
    return Gambar(fig, f"Grafik batang indeks sinkronisasi 14 kabupaten/kota {k.tahun}")


def peta_indeks_provinsi(k: Konteks) -> Gambar:
    """Province choropleth of the overall synchronization index."""
    from workbench import maps

    f = _indeks_frame(k)
    with _tenang():
        fig = maps.peta_choropleth(
            f, "indeks_sinkronisasi", judul=f"Indeks sinkronisasi kabupaten/kota {k.tahun}",
            breaks=_breaks(maps, f["indeks_sinkronisasi"]), satuan="indeks 0–100",
        )  # fmt: skip
    return Gambar(fig, f"Peta indeks sinkronisasi kabupaten/kota {k.tahun}")


def peta_tanpa_dukungan(k: Konteks) -> Gambar:
    """Province map of the number of province outcomes each kab/kota supports with nothing."""
    from workbench import maps

    r = ringkasan_kabkota(k.semua)[["kode_wilayah", "n_outcome_tanpa_dukungan"]]
    r = r.astype({"n_outcome_tanpa_dukungan": float})
    with _tenang():
        fig = maps.peta_choropleth(
            r, "n_outcome_tanpa_dukungan",
            judul=f"Outcome provinsi tanpa dukungan RKPD {k.tahun}",
            breaks=_breaks(maps, r["n_outcome_tanpa_dukungan"], bulat=True),
            satuan="jumlah outcome",
            cmap="OrRd",
        )  # fmt: skip
    return Gambar(fig, f"Peta jumlah outcome provinsi tanpa dukungan RKPD {k.tahun}")


def peta_bidang(k: Konteks) -> Gambar | Blok:
    """Small multiples: the synchronization index per bidang, one shared legend."""
    from workbench import maps

    s = _tahun(k.semua.sinkronisasi, k.tahun)
    s = s[_kabkota_mask(s["kode_wilayah"])][["kode_wilayah", "kode_bidang", "indeks_sinkronisasi"]]
    if s.empty:
        return Blok("<p>Tidak ada data sinkronisasi per bidang.</p>")
    judul_panel = {b: textwrap.shorten(k.bidang(b), 34, placeholder="…")
                   for b in s["kode_bidang"].unique()}  # fmt: skip
    with _tenang():
        fig = maps.peta_kecil_berganda(
            s, "indeks_sinkronisasi", "kode_bidang",
            judul=f"Indeks sinkronisasi per bidang urusan {k.tahun}",
            breaks=_breaks(maps, s["indeks_sinkronisasi"]), satuan="indeks 0–100",
            judul_panel=judul_panel,
        )  # fmt: skip
    return Gambar(fig, f"Peta kecil berganda indeks sinkronisasi per bidang urusan {k.tahun}")


def gap_provinsi(k: Konteks) -> pd.DataFrame:
    """Key gaps across the province: per indicator, kab/kota missing their target.

    Returns:
        ``kode_indikator, uraian, tahun, n_kabkota, n_tidak_memenuhi, n_predikat_rendah,
        capaian_median, terendah, capaian_terendah`` (name and capaian of the kab/kota with
        the lowest capaian), sorted by ``n_tidak_memenuhi`` descending.
    """
    c = capaian_terakhir(k.semua.capaian)
    c = c[_kabkota_mask(c["kode_wilayah"])]
    if c.empty:
        return pd.DataFrame(columns=["kode_indikator", "uraian", "tahun", "n_kabkota",
                                     "n_tidak_memenuhi", "n_predikat_rendah", "capaian_median",
                                     "terendah", "capaian_terendah"])  # fmt: skip
    c = c.assign(_tm=(c["memenuhi"] == False).astype(int),  # noqa: E712
                 _rd=c["predikat"].isin(PREDIKAT_RENDAH).astype(int))  # fmt: skip
    low = c.sort_values(["capaian_persen", "kode_wilayah"]).drop_duplicates("kode_indikator")
    low_cap = dict(zip(low["kode_indikator"], low["capaian_persen"], strict=True))
    g = c.groupby("kode_indikator", observed=True).agg(
        tahun=("tahun", "max"), n_kabkota=("kode_wilayah", "nunique"),
        n_tidak_memenuhi=("_tm", "sum"), n_predikat_rendah=("_rd", "sum"),
        capaian_median=("capaian_persen", "median"),
    ).reset_index()  # fmt: skip
    g["terendah"] = g["kode_indikator"].map(
        dict(zip(low["kode_indikator"], low["kode_wilayah"], strict=True))
    ).map(lambda x: k.nama_kabkota.get(str(x), str(x)))
    g["capaian_terendah"] = g["kode_indikator"].map(low_cap).astype(float)
    g["uraian"] = [k.indikator(x) for x in g["kode_indikator"]]
    g = g.sort_values(["n_tidak_memenuhi", "capaian_median"], ascending=[False, True])
    cols = ["kode_indikator", "uraian", "tahun", "n_kabkota", "n_tidak_memenuhi",
            "n_predikat_rendah", "capaian_median", "terendah", "capaian_terendah"]  # fmt: skip
    return g[cols].reset_index(drop=True)


def tabel_gap_provinsi(k: Konteks, n: int = 12) -> Blok:
    """Table of the key gaps across the kab/kota."""
    g = gap_provinsi(k)
    if g.empty:
        return Blok("<p>Belum ada realisasi indikator kabupaten/kota.</p>")
    rows = [
        (_e(r.uraian), str(int(r.tahun)), f"{int(r.n_tidak_memenuhi)} / {int(r.n_kabkota)}",
         str(int(r.n_predikat_rendah)), persen(r.capaian_median),
         f'{_e(r.terendah)} <span style="white-space:nowrap">'
         f"({persen(r.capaian_terendah)})</span>")  # fmt: skip
        for r in g.head(n).itertuples()
    ]
    header = ["Indikator", "Tahun terakhir", "Kab/kota belum memenuhi target",
              "Predikat rendah", "Median capaian", "Capaian terendah"]  # fmt: skip
    return Blok(_tabel(header, rows, numerik=[1, 2, 3, 4]) + _sisa(len(g), n, "indikator"))


def _jenis_indikator() -> dict[str, str]:
    """Indicator code → ``jenis`` (dampak/outcome/output) from the reference table."""
    with contextlib.suppress(Exception):  # the reference table may be absent
        r = reference.load_indikator_referensi()
        return dict(zip(r["kode_indikator"].astype(str), r["jenis"].astype(str), strict=True))
    return {}


def outcome_provinsi(k: Konteks) -> pd.DataFrame:
    """The province's own impact indicators against its RKPD/RPJMD targets.

    The indicators of ``jenis`` ``dampak`` (IPM, poverty, unemployment, growth, Gini,
    stunting in the reference table) that the province plans; every province indicator when
    the reference knows none of them. Per indicator the latest year with a realisation (or,
    when the evaluation year lacks one, that year as "belum ada data"), and its trajectory
    to the RPJMD end target.

    Returns:
        ``kode_indikator, uraian, arah, satuan, tahun, target_teks, sumber_target, target,
        realisasi, capaian_persen, predikat, memenuhi, tahun_target, target_akhir,
        status_lintasan, belum_ada_data``, impact indicators in reference order.
    """
    c = k.hasil.capaian
    c = c[c["kode_wilayah"] == k.kode_provinsi]
    jenis = _jenis_indikator()
    kodes = [x for x, j in jenis.items() if j == "dampak" and x in set(c["kode_indikator"])]
    if not kodes:
        kodes = sorted(c["kode_indikator"].astype(str).unique())
    c = c[c["kode_indikator"].isin(kodes)]
    last = capaian_terakhir(c).set_index("kode_indikator")
    kosong = belum_ada_data(c, k.kode_provinsi, k.tahun - 1).set_index("kode_indikator")
    ev = c[c["tahun"] == k.tahun - 1].drop_duplicates("kode_indikator").set_index(
        "kode_indikator")  # fmt: skip
    lt = k.hasil.capaian_lintasan
    lt = lt[lt["kode_wilayah"] == k.kode_provinsi].drop_duplicates("kode_indikator")
    lt = lt.set_index("kode_indikator")
    rows = []
    for kode in kodes:
        miss = kode in kosong.index
        if miss:
            r = ev.loc[kode]
        elif kode in last.index:
            r = last.loc[kode]
        else:
            continue
        rows.append({
            "kode_indikator": kode, "uraian": k.indikator(kode), "arah": r["arah"],
            "satuan": r["satuan"], "tahun": int(r["tahun"]), "target_teks": r["target_teks"],
            "sumber_target": r["sumber_target"], "target": r["target"],
            "realisasi": np.nan if miss else r["realisasi"],
            "capaian_persen": np.nan if miss else r["capaian_persen"],
            "predikat": None if miss else r["predikat"],
            "memenuhi": None if miss else r["memenuhi"],
            "tahun_target": lt["tahun_target"].get(kode, np.nan),
            "target_akhir": lt["target_akhir"].get(kode, np.nan),
            "status_lintasan": lt["status_lintasan"].get(kode, None),
            "belum_ada_data": miss,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _desimal_teks(t: Any) -> int:
    """Decimals of a target as written (``4,11–4,66`` → 2, ``199`` → 0)."""
    if not _ada(t):
        return 0
    first = str(t).replace("–", "-").split("-")[0].strip()
    return len(first.split(",", 1)[1].strip()) if "," in first else 0


def _desimal_outcome(r: Any) -> int:
    d = _desimal_nilai([r.target, r.realisasi, r.target_akhir])
    return max(d, _desimal_teks(r.target_teks))


def tabel_outcome_provinsi(k: Konteks) -> Blok:
    """The province's own impact indicators against its targets, with a sentence per miss."""
    o = outcome_provinsi(k)
    if o.empty:
        return Blok(f"<p>Belum ada realisasi indikator {_e(k.nama)}.</p>")
    rows = []
    for r in o.itertuples():
        d = _desimal_outcome(r)
        target = (f"{_e(r.target_teks)} ({_e(r.sumber_target)})"
                  if _ada(r.target_teks) else "–")  # fmt: skip
        rows.append(
            (_e(r.uraian), _e(r.arah), str(r.tahun), target,
             "<b>belum ada data</b>" if r.belum_ada_data else angka(r.realisasi, d),
             persen(r.capaian_persen), sel_predikat(r.predikat),
             f"{angka(r.target_akhir, d)} ({int(r.tahun_target)})"
             if _ada(r.target_akhir) and _ada(r.tahun_target) else "–",
             _e(r.status_lintasan))  # fmt: skip
        )
    header = ["Indikator", "Arah", "Tahun", "Target (dokumen)", "Realisasi", "Capaian",
              "Predikat", "Target akhir RPJMD", "Lintasan"]  # fmt: skip
    belum = o[(o["memenuhi"] == False)]  # noqa: E712
    kal = (
        f"<p>{len(o)} indikator dampak {_e(k.nama)}: "
        f"{int((o['memenuhi'] == True).sum())} memenuhi target tahun terakhirnya"  # noqa: E712
        + (", belum: " + "; ".join(
            f"{_e(r.uraian)} ({angka(r.realisasi, _desimal_outcome(r))} "
            f"terhadap target {_e(r.target_teks)})" for r in belum.itertuples())
           if len(belum) else "")
        + (f"; {int(o['belum_ada_data'].sum())} belum ada data" if o["belum_ada_data"].any()
           else "")
        + ".</p>"
    )  # fmt: skip
    return Blok(
        kal + _tabel(header, rows, numerik=[2, 4, 5, 7])
        + '<p class="wb-catatan">Target sebagaimana tertulis di dokumen (RKPD tahun itu, '
        "atau RPJMD bila RKPD tidak memuatnya); target berupa rentang dinilai terhadap batas "
        "komitmen minimumnya.</p>"
    )


def tabel_target_agregat_provinsi(k: Konteks) -> Blok:
    """Indicators whose kab/kota targets, aggregated, fall short of the province target."""
    a = k.semua.target_agregat
    a = a[(a["kode_wilayah"] == k.kode_provinsi) & (a["tahun"] >= k.tahun)]
    a = a[a["selisih_target"] > 0].sort_values(["kode_indikator", "tahun"])
    if a.empty:
        return Blok(
            f"<p>Untuk tahun {k.tahun} dan sesudahnya, target kabupaten/kota yang digabungkan "
            "tidak kurang dari target provinsi pada indikator yang dapat dijumlahkan atau "
            "dirata-rata.</p>"
        )
    atr = _atribusi(k, a)
    atr = atr[atr["pendorong"]].sort_values("porsi_kekurangan", ascending=False)
    rows = []
    for r in a.itertuples():
        d = _desimal_nilai([r.target_provinsi, r.target_implisit])
        dk = max(d, 2)  # as in the district briefs
        x = atr[(atr["kode_indikator"] == r.kode_indikator) & (atr["tahun"] == r.tahun)]
        utama = "; ".join(f"{_e(k.nama_kabkota.get(str(w), str(w)))} "
                          f"({persen(p * 100)})" for w, p in
                          zip(x["kode_wilayah"], x["porsi_kekurangan"], strict=True))  # fmt: skip
        rows.append(
            (_e(k.indikator(r.kode_indikator)), str(int(r.tahun)),
             "jumlah" if r.agregasi == "jumlah" else "rata-rata tertimbang penduduk",
             angka(r.target_provinsi, d), angka(r.target_implisit, d),
             f'<span class="wb-kurang">{angka(r.selisih_target, dk)}</span>', utama or "–",
             _e(r.keterangan))  # fmt: skip
        )
    header = ["Indikator", "Tahun", "Cara agregasi", "Target provinsi",
              "Nilai provinsi dari target kab/kota", "Kekurangan",
              "Kab/kota penyumbang utama (porsi)", "Keterangan"]  # fmt: skip
    return Blok(
        _tabel(header, rows, numerik=[1, 3, 4, 5])
        + '<p class="wb-catatan">Penyumbang utama: kabupaten/kota yang sumbangannya (bobot '
        "penduduk × selisih targetnya dari target provinsi) sekurang-kurangnya 20 % dari "
        "seluruh sumbangan yang menarik ke bawah; brief kabupaten/kota itu memuat "
        "rekomendasinya.</p>"
    )


# --- outputs of a batch run: index page and Excel tables ----------------------------------------
def _job_dict(job: Any) -> dict[str, Any]:
    """A job result as a plain dict (``workbench.briefs.JobResult`` or a dict)."""
    d = dataclasses.asdict(job) if dataclasses.is_dataclass(job) else dict(job)
    stem = str(d.get("stem", ""))
    d.setdefault("kode_wilayah", stem.split("-", 1)[0])
    if "durasi" not in d:
        d["durasi"] = d.get("durasi_detik")
    return d


def _sintetis_keluaran(out_dir: Path) -> bool:
    """Whether the package a batch copied into its cache is the synthetic sample.

    The cache of ``<out>/<tahun>`` is ``<out>/_cache/<tahun>/data`` (``<out>/<tahun>/_cache/data``
    before it moved out of the shared folder).
    """
    for cache in (out_dir.parent / "_cache" / out_dir.name / "data", out_dir / "_cache" / "data"):
        if cache.is_dir():
            return any(
                adalah_sintetis(p) for p in sorted(cache.iterdir()) if not p.name.startswith(".")
            )
    return False


def _konteks_provinsi(hasil: Hasil, sintetis: bool, sumber: str) -> Konteks:
    prov = _provinsi_dari(hasil)
    semua = hasil.untuk_wilayah(prov)
    nama_ind, satuan_ind = _peta_nama(semua, None)
    return Konteks(
        kode_wilayah=prov, tahun=hasil.tahun, nama=nama_tampilan(prov), hasil=semua,
        semua=semua, sintetis=sintetis, sumber=sumber, nama_indikator=nama_ind,
        satuan_indikator=satuan_ind, nama_nomenklatur=_nama_nomenklatur(),
        nama_kabkota=_nama_kabkota(),
    )  # fmt: skip


def _provinsi_dari(hasil: Hasil) -> str:
    for frame in (hasil.sinkronisasi, hasil.capaian, hasil.konsistensi):
        if len(frame):
            return str(frame["kode_wilayah"].astype(str).iloc[0]).split(".", 1)[0]
    return reference.load_wilayah()["kode"].astype(str).iloc[0]


def tulis_index(
    out_dir: Path | str,
    hasil: Hasil,
    hasil_jobs: Sequence[Any],
    *,
    sintetis: bool | None = None,
    excel: bool = True,
) -> Path:
    """Write ``index.html``: the province map and a table linking every brief with its figures.

    Self-contained (the map is an embedded PNG), relative links only, every text escaped.
    A brief or a table is linked only when its file exists in ``out_dir`` (a missing brief is
    marked *belum tersedia*). The page is for leadership: the operations columns (status,
    duration, the failing cell) are left to ``manifest.json``.

    Args:
        out_dir: The run's output folder (``<out>/<tahun>``) holding the briefs.
        hasil: The province-wide analysis of the run.
        hasil_jobs: One entry per job: a :class:`workbench.briefs.JobResult` or a dict with
            ``kode_wilayah`` (optional; else the code part of ``stem``), ``stem``, ``status``,
            ``durasi`` or ``durasi_detik``, optional ``judul`` and ``kegagalan``.
        sintetis: Whether the data is the synthetic sample; None: detect from the package
            copy the batch keeps in ``<out>/_cache/<tahun>/data``.
        excel: When the Excel tables of the year are missing, write them first
            (:func:`tulis_excel`) so that the page can link them.

    Returns:
        The path of ``index.html``.
    """
    out = Path(out_dir)
    if sintetis is None:
        sintetis = _sintetis_keluaran(out)
    if excel and not all((out / n).is_file() for n in berkas_excel(hasil.tahun)):
        tulis_excel(out, hasil, sintetis=sintetis)
    k = _konteks_provinsi(hasil, sintetis, "")
    ringkas = ringkasan_kabkota(k.semua).set_index("kode_wilayah")
    jobs = [_job_dict(j) for j in hasil_jobs]
    # The province overview first, then the kab/kota in the order of the run.
    jobs.sort(key=lambda j: "." in str(j["kode_wilayah"]))
    peta_html = ""
    try:
        fig = peta_indeks_provinsi(k).fig
        b64 = base64.b64encode(png_bytes(fig, dpi=90)).decode("ascii")
        peta_html = (
            f'<img src="data:image/png;base64,{b64}" alt="Peta indeks sinkronisasi '
            f'kabupaten/kota {k.tahun}" style="max-width:100%;height:auto">'
        )
    except (ValueError, OSError) as err:  # a map problem must not cost the index page
        log.warning("index map not drawn: %s", err)
        peta_html = '<p class="wb-catatan">Peta tidak dapat digambar.</p>'
    rows = []
    for j in jobs:
        kode = str(j["kode_wilayah"])
        stem = str(j.get("stem", kode))
        nama = k.nama_kabkota.get(kode, j.get("judul") or stem)
        if "." not in kode:
            nama = f"Ringkasan {nama}"
        page = out / f"{stem}.html"
        link = (
            f'<a href="{_e(page.name)}">{_e(nama)}</a>' if page.is_file() else _e(nama)
        )
        link = f'<span style="white-space:nowrap">{link}</span>'
        if not page.is_file():
            link += ' <span class="wb-catatan">(belum tersedia)</span>'
        elif (out / f"{stem}.pdf").is_file():
            link += f' <a class="wb-catatan" href="{_e(stem)}.pdf">PDF</a>'
        if kode in ringkas.index:
            r = ringkas.loc[kode]
            fig_cells = (
                f"<b>{angka(r['indeks_sinkronisasi'])}</b>",
                "–" if pd.isna(r["peringkat"]) else str(int(r["peringkat"])),
                persen(r["dukungan_persen"]),
                _e(rupiah(r["pagu_dukungan"])),
                f"{int(r['n_outcome_tanpa_dukungan'])} / {int(r['n_outcome'])}",
                persen(r["persen_sesuai_lintasan"]),
            )
        else:
            fig_cells = ("–",) * 6
        # Operations (status, duration, the failing cell) stay in manifest.json.
        rows.append((_e(kode), link, *fig_cells))
    header = ["Kode", "Brief", "Indeks sinkronisasi", "Peringkat", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan"]  # fmt: skip
    lampiran = [
        *zip(berkas_excel(k.tahun), (
            "Tabel sinkronisasi per kabupaten/kota × bidang",
            "Tabel capaian dan kesenjangan indikator",
            "Rancangan tabel kesepakatan per kabupaten/kota (untuk Rakortekrenbang)",
        ), strict=True),
        (nama_buku(k.tahun), "Buku brief (PDF): ringkasan provinsi dan semua brief, dengan "
                             "daftar isi"),
        ("manifest.json", "Rincian eksekusi (manifest)"),
    ]  # fmt: skip
    lamp = "".join(
        f'<li><a href="{_e(n)}">{_e(n)}</a>: {_e(t)}</li>'
        for n, t in lampiran
        if (out / n).is_file()
    )
    n_tersedia = sum((out / f"{j.get('stem', j['kode_wilayah'])}.html").is_file() for j in jobs)
    kurang = len(jobs) - n_tersedia
    tersedia = f"{n_tersedia} dokumen" + (
        f" ({kurang} belum tersedia: rinciannya di manifest.json)" if kurang else ""
    )
    banner = catatan_sintetis(k)
    page_html = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brief sinkronisasi perencanaan {k.tahun}: {_e(k.nama)}</title>
<style>{_CSS}{css_halaman(k.nama, sintetis)}
body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em 2em;color:#222222}}</style></head>
<body><div class="wb-brief">
<h1>Brief sinkronisasi perencanaan {k.tahun}: {_e(k.nama)}</h1>
{banner}
<p>{tersedia}. Klik nama wilayah untuk membuka brief-nya. Indeks sinkronisasi 0–100 (makin
tinggi makin selaras dengan kesepakatan Rakortekrenbang).</p>
{peta_html}
{_tabel(header, rows, numerik=[2, 3, 4, 5, 6, 7])}
<h2>Lampiran</h2><ul>{lamp}</ul>
<p class="wb-catatan">Dibuat oleh workbench pada {teks.format_tanggal()}.
{CATATAN_SINTETIS.capitalize() + ': bukan data resmi.' if sintetis else ''}</p>
</div></body></html>
"""
    path = out / "index.html"
    atomic_write_bytes(path, page_html.encode("utf-8"))
    return path


# --- Excel ----------------------------------------------------------------------------------------
def _lebar(values: Sequence[Any], label: str) -> float:
    panjang = [len(str(v)) for v in values[:300] if v is not None]
    return float(min(max([len(label), *panjang]) + 2, 60))


def _isi_sheet(
    ws: Any, frame: pd.DataFrame, labels: Sequence[str], formats: Mapping[str, str]
) -> None:
    """Header row (bold, frozen), values (NA → empty, text never a formula), widths, formats."""
    write_sheet(ws, frame, labels, formats=formats)


_FMT_RP = '"Rp" #,##0'
_FMT_1 = "0.0"


def _simpan_wb(wb: Any, path: Path) -> Path:
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return path


def _sheet_keterangan(wb: Any, hasil: Hasil, sintetis: bool, isi: str) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Keterangan")
    ws.append(["Keterangan", "Nilai"])
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.append(["Isi", isi])
    ws.append(["Tahun analisis", hasil.tahun])
    ws.append(["Data", CATATAN_SINTETIS + ": bukan data resmi" if sintetis else "paket data"])
    ws.append(["Dibuat", teks.format_tanggal()])
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 90
    ws.freeze_panes = "A2"


def berkas_excel(tahun: int) -> tuple[str, str, str]:
    """File names of the Excel tables of a year, as :func:`tulis_excel` writes them."""
    return (
        f"sinkronisasi_{tahun}.xlsx",
        f"gap_capaian_{tahun}.xlsx",
        f"rancangan_kesepakatan_{tahun}.xlsx",
    )


def tulis_excel(
    out_dir: Path | str,
    hasil: Hasil,
    *,
    sintetis: bool | None = None,
    nomenklatur: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the Excel tables of a run (Bahasa Indonesia), each atomically.

    * ``sinkronisasi_<tahun>.xlsx``: sheet ``Ringkasan`` (one row per kab/kota, the headline
      figures and rank) and ``Per Bidang`` (kab/kota × bidang);
    * ``gap_capaian_<tahun>.xlsx``: capaian, predikat and gap per wilayah × indicator × year;
    * ``rancangan_kesepakatan_<tahun>.xlsx``: per kab/kota a form to sign at the
      Rakortekrenbang (:func:`tulis_kesepakatan`).

    Args:
        out_dir: Output folder.
        hasil: The province-wide analysis.
        sintetis: Whether the data is the synthetic sample (None: detect as :func:`tulis_index`).
        nomenklatur: Nomenclature reference for the output indicators of the agreement form
            (default :func:`workbench.reference.load_nomenklatur`).

    Returns:
        The three paths.
    """
    from openpyxl import Workbook

    out = Path(out_dir)
    if sintetis is None:
        sintetis = _sintetis_keluaran(out)
    k = _konteks_provinsi(hasil, sintetis, "")
    t = hasil.tahun
    nama_kk = k.nama_kabkota
    paths = []

    # synchronization
    wb = Workbook()
    wb.remove(wb.active)
    r = ringkasan_kabkota(k.semua)
    r.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in r["kode_wilayah"]])
    lab = {"nama_wilayah": "Kabupaten/Kota", "peringkat": "Peringkat",
           "indeks_sinkronisasi": "Indeks Sinkronisasi (0–100)",
           "dukungan_persen": "Dukungan RKPD (%)", "n_disepakati": "Sub Kegiatan Disepakati",
           "n_direncanakan": "Direncanakan di RKPD", "pagu_dukungan": "Pagu Dukungan (Rp)",
           "n_outcome": "Outcome Disepakati", "n_outcome_tanpa_dukungan": "Outcome Tanpa Dukungan",
           "n_indikator_dinilai": "Indikator Dinilai Lintasannya",
           "n_sesuai_lintasan": "Indikator Sesuai Lintasan",
           "persen_sesuai_lintasan": "Sesuai Lintasan (%)",
           "n_predikat_rendah": "Indikator Predikat Rendah/Sangat Rendah",
           "keterkaitan_rpjmd_rkpd": "Keterkaitan RPJMD→RKPD (%)",
           "keterkaitan_renstra_renja": "Keterkaitan Renstra→Renja (%)"}  # fmt: skip
    fmts = {"indeks_sinkronisasi": _FMT_1, "dukungan_persen": _FMT_1, "pagu_dukungan": _FMT_RP,
            "persen_sesuai_lintasan": _FMT_1, "keterkaitan_rpjmd_rkpd": _FMT_1,
            "keterkaitan_renstra_renja": _FMT_1}  # fmt: skip
    _isi_sheet(wb.create_sheet("Ringkasan"), r,
               [lab.get(c, label_kolom(c)) for c in r.columns], fmts)  # fmt: skip
    s = _tahun(k.semua.sinkronisasi, t)
    s = s[_kabkota_mask(s["kode_wilayah"])].copy()
    s.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in s["kode_wilayah"]])
    s.insert(3, "nama_bidang", [k.bidang(b) for b in s["kode_bidang"]])
    lab_s = {"nama_wilayah": "Kabupaten/Kota", "nama_bidang": "Bidang Urusan"}
    fmts_s = {c: _FMT_1 for c in s.columns if c.endswith("_persen") or c.startswith("indeks")}
    fmts_s.update(pagu_dukungan=_FMT_RP, pagu_bidang=_FMT_RP)
    _isi_sheet(wb.create_sheet("Per Bidang"), s,
               [lab_s.get(c, label_kolom(c)) for c in s.columns], fmts_s)  # fmt: skip
    _sheet_keterangan(wb, hasil, sintetis, "Sinkronisasi kab/kota dengan kesepakatan provinsi")
    nama_berkas = berkas_excel(t)
    paths.append(_simpan_wb(wb, out / nama_berkas[0]))

    # capaian and gaps
    wb = Workbook()
    wb.remove(wb.active)
    c = k.semua.capaian.copy()
    c.insert(1, "nama_wilayah", [nama_kk.get(str(x), str(x)) for x in c["kode_wilayah"]])
    cols = ["kode_wilayah", "nama_wilayah", "kode_indikator", "uraian_indikator", "satuan",
            "arah", "tahun", "target_teks", "target", "realisasi", "capaian_persen", "predikat",
            "gap", "gap_relatif_persen", "memenuhi", "status", "status_lintasan", "tren_arah",
            "sumber_target", "catatan"]  # fmt: skip
    c = c[[x for x in cols if x in c.columns]]
    c = c.sort_values(["kode_wilayah", "kode_indikator", "tahun"], kind="stable")
    if "memenuhi" in c:
        c["memenuhi"] = c["memenuhi"].map({True: "Ya", False: "Tidak"})
    _isi_sheet(wb.create_sheet("Capaian dan Kesenjangan"), c,
               [lab_s.get(x, label_kolom(x)) for x in c.columns],
               {"capaian_persen": _FMT_1, "gap_relatif_persen": _FMT_1})  # fmt: skip
    _sheet_keterangan(wb, hasil, sintetis,
                      "Capaian indikator, predikat dan kesenjangan (+ = kurang dari target)")
    paths.append(_simpan_wb(wb, out / nama_berkas[1]))

    # draft agreement per district: a form to sign at the Rakortekrenbang
    paths.append(tulis_kesepakatan(out / nama_berkas[2], hasil, k, sintetis, nomenklatur))
    return paths


_KOLOM_KESEPAKATAN = {
    "no": ("No", 5), "kode_indikator": ("Kode Indikator", 15),
    "outcome": ("Outcome Provinsi", 28), "kode_sub_kegiatan": ("Kode Sub Kegiatan", 19),
    "sub_kegiatan": ("Sub Kegiatan", 32), "perangkat_daerah": ("Perangkat Daerah", 24),
    "indikator_keluaran": ("Indikator Keluaran Sub Kegiatan (nomenklatur)", 30),
    "satuan": ("Satuan", 10), "di_rkpd": ("Direncanakan di RKPD", 13),
    "di_renja": ("Ada di Renja", 9), "target_rkpd": ("Target RKPD", 11),
    "pagu_rkpd": ("Pagu RKPD (Rp)", 19),
    "target_disepakati": ("Target Disepakati (diisi saat Rakortek)", 18),
    "catatan": ("Catatan", 22),
}  # fmt: skip
_TIDAK_FILL = "F8D7DA"


def keluaran_nomenklatur(nomenklatur: pd.DataFrame | None = None) -> dict[str, tuple[str, str]]:
    """Sub kegiatan code → (output indicator, unit) from the nomenclature reference.

    The reference carries ``indikator`` and ``satuan`` per sub kegiatan when it is the full
    Kepmendagri list; a reference without them (or an empty cell) gives ``—``.

    Args:
        nomenklatur: The reference frame (default :func:`workbench.reference.load_nomenklatur`).

    Returns:
        Code → ``(indikator, satuan)``, only for codes with at least one of the two.
    """
    nom = reference.load_nomenklatur() if nomenklatur is None else nomenklatur
    if "indikator" not in nom.columns and "satuan" not in nom.columns:
        return {}
    kode_col = "kode" if "kode" in nom.columns else "kode_sub_kegiatan"
    out = {}
    for rec in nom.to_dict("records"):
        ind = str(rec.get("indikator") or "").strip() if _ada(rec.get("indikator")) else ""
        sat = str(rec.get("satuan") or "").strip() if _ada(rec.get("satuan")) else ""
        if ind or sat:
            out[str(rec[kode_col]).strip()] = (ind or TANPA_ISI, sat or TANPA_ISI)
    return out


#: What a form cell shows when the reference or the plan has nothing.
TANPA_ISI = "—"


def nama_sheet(kode: str, nama: str) -> str:
    """Readable sheet name ``62.02 Kotawaringin Timur`` (≤ 31 characters Excel accepts)."""
    bersih = re.sub(r"[\\\[\]:*?/]", " ", nama.split(". ", 1)[-1]).strip()
    return f"{kode} {bersih}"[:31].rstrip()


def _isi_teks(x: Any) -> str:
    return str(x).strip() if _ada(x) and str(x).strip() else TANPA_ISI


def _baris_kesepakatan(
    x: pd.DataFrame, k: Konteks, keluaran: Mapping[str, tuple[str, str]]
) -> pd.DataFrame:
    """The form's rows for one district (its slice of ``sinkronisasi_rincian``)."""
    x = x.sort_values(["kode_indikator", "kode_sub_kegiatan"], kind="stable")
    sub = x["kode_sub_kegiatan"].astype(str).tolist()
    kol = lambda c: x[c].tolist() if c in x.columns else [None] * len(x)  # noqa: E731
    di_rkpd = x["di_rkpd"].to_numpy(bool)
    return pd.DataFrame({
        "no": range(1, len(x) + 1),
        "kode_indikator": x["kode_indikator"].astype(str).to_numpy(),
        "outcome": [k.indikator(i) for i in x["kode_indikator"]],
        "kode_sub_kegiatan": sub,
        "sub_kegiatan": [k.nomenklatur(c) or TANPA_ISI for c in sub],
        "perangkat_daerah": [_isi_teks(v) for v in kol("perangkat_daerah")],
        "indikator_keluaran": [keluaran.get(c, (TANPA_ISI, TANPA_ISI))[0] for c in sub],
        "satuan": [keluaran[c][1] if c in keluaran else _isi_teks(v)
                   for c, v in zip(sub, kol("satuan_rkpd"), strict=True)],
        "di_rkpd": np.where(di_rkpd, "Ya", "Tidak"),
        "di_renja": np.where(x["di_renja"].to_numpy(bool), "Ya", "Tidak"),
        "target_rkpd": [_isi_teks(v) if d else TANPA_ISI
                        for v, d in zip(kol("target_rkpd"), di_rkpd, strict=True)],
        "pagu_rkpd": x["pagu_rkpd"].to_numpy(float),
        "target_disepakati": [None] * len(x),
        "catatan": [None] * len(x),
    })  # fmt: skip


def _judul_kesepakatan(ws: Any, kode: str, k: Konteks, sintetis: bool, lebar: int) -> None:
    from openpyxl.styles import Alignment, Font

    nama = k.nama_kabkota.get(kode, kode)
    baris = [
        ("RANCANGAN KESEPAKATAN RAKORTEKRENBANG", Font(bold=True, size=14)),
        (f"{nama} ({kode}) – {nama_tampilan(k.kode_provinsi)}", Font(bold=True, size=12)),
        (f"Tahun rencana {k.tahun}: dukungan sub kegiatan kabupaten/kota terhadap outcome "
         "provinsi", Font(size=11)),
        (f"{STATUS_DRAF}. " + (f"{CATATAN_SINTETIS.capitalize()}: bukan data resmi. "
                               if sintetis else "")
         + "Baris merah: sub kegiatan yang disepakati belum ada di RKPD.",
         Font(italic=True, size=9, color="555555")),
    ]  # fmt: skip
    for i, (text, font) in enumerate(baris, start=1):
        ws.append([safe_cell(ws, text)])
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=lebar)
        ws.cell(i, 1).font = font
        ws.cell(i, 1).alignment = Alignment(vertical="center")
    ws.append([])


def _jumlah_kesepakatan(ws: Any, d: pd.DataFrame, kolom: list[str]) -> int:
    """The totals row (per sub kegiatan once: one supporting two outcomes counts once)."""
    from openpyxl.styles import Border, Font, Side

    unik = d.drop_duplicates("kode_sub_kegiatan")
    n_ya = int((unik["di_rkpd"] == "Ya").sum())
    row = [None] * len(kolom)
    row[kolom.index("outcome")] = (
        f"Jumlah: {len(unik)} sub kegiatan disepakati, {n_ya} direncanakan di RKPD"
    )
    row[kolom.index("di_rkpd")] = n_ya
    row[kolom.index("pagu_rkpd")] = float(unik["pagu_rkpd"].fillna(0).sum())
    ws.append([safe_cell(ws, v) for v in row])
    r = ws.max_row
    garis = Side(style="thin", color="333333")
    for c in ws[r]:
        c.font = Font(bold=True)
        c.border = Border(top=garis, bottom=garis)
    ws.cell(r, kolom.index("pagu_rkpd") + 1).number_format = _FMT_RP
    return r


def _tanda_tangan(ws: Any, kode: str, k: Konteks, lebar: int) -> None:
    """Signature block: the province (BAPPERIDA) left, the kab/kota (Bappeda) right."""
    from openpyxl.styles import Alignment, Font

    kiri, kanan = 2, max(lebar - 4, 4)
    titik = "." * 36
    tanggal = ws.max_row + 2
    mulai = tanggal + 1
    isi = [
        ("Pemerintah " + nama_tampilan(k.kode_provinsi),
         "Pemerintah " + k.nama_kabkota.get(kode, kode)),
        ("Kepala BAPPERIDA", "Kepala Bappeda"),
        ("", ""), ("", ""), ("", ""),
        (f"Nama: {titik}", f"Nama: {titik}"),
        (f"NIP: {titik}", f"NIP: {titik}"),
    ]  # fmt: skip
    for i, (a, b) in enumerate(isi):
        r = mulai + i
        for col, text in ((kiri, a), (kanan, b)):
            cell = ws.cell(r, col)
            cell.value = text or None
            cell.alignment = Alignment(horizontal="left")
            if i < 2:
                cell.font = Font(bold=True)
    ws.cell(tanggal, kanan).value = "……………………, …………………… " + str(k.tahun - 1)


def _cetak_kesepakatan(ws: Any, header_row: int, lebar: int, nama: str) -> None:
    """A4 landscape, fit to one page wide, header row repeated, header/footer text."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(lebar)}{ws.max_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.left.text = "Rancangan Kesepakatan Rakortekrenbang"
    ws.oddHeader.right.text = nama
    ws.oddFooter.left.text = STATUS_DRAF
    ws.oddFooter.right.text = "Halaman &P dari &N"


def _tinggi_baris(ws: Any, r: int, lebar: Sequence[float], ukuran: float) -> None:
    """Row height for wrapped text: spreadsheet programs do not grow rows written by openpyxl.

    Lines per cell ≈ characters / (column width × 1,1 at 10 pt), broken at words; the row
    takes its tallest cell (1,3 × the font size per line, in points).
    """
    per_karakter = 11.0 / ukuran
    baris = 1
    for c, w in zip(ws[r], lebar, strict=False):
        if c.value is None:
            continue
        muat = max(int(w * 1.1 * per_karakter) - 1, 1)
        n = len(textwrap.wrap(str(c.value), muat, break_long_words=True)) or 1
        baris = max(baris, n)
    ws.row_dimensions[r].height = round(baris * ukuran * 1.3 + 2, 1)


def _sheet_kesepakatan(
    ws: Any, kode: str, d: pd.DataFrame, k: Konteks, sintetis: bool
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    kolom = list(_KOLOM_KESEPAKATAN)
    lebar = len(kolom)
    _judul_kesepakatan(ws, kode, k, sintetis, lebar)
    header_row = write_sheet(
        ws, d[kolom], [_KOLOM_KESEPAKATAN[c][0] for c in kolom],
        formats={"pagu_rkpd": _FMT_RP},
        widths={c: _KOLOM_KESEPAKATAN[c][1] for c in kolom}, autofilter=False,
    )  # fmt: skip
    wrap = Alignment(wrap_text=True, vertical="top")
    merah = PatternFill("solid", fgColor=_TIDAK_FILL)
    kecil = Font(size=10)
    i_rkpd = kolom.index("di_rkpd")
    lebar_kolom = [_KOLOM_KESEPAKATAN[c][1] for c in kolom]
    _tinggi_baris(ws, header_row, lebar_kolom, 11)
    for row in ws.iter_rows(min_row=header_row + 1, max_row=header_row + len(d)):
        tidak = row[i_rkpd].value == "Tidak"
        for c in row:
            c.alignment = wrap
            c.font = kecil
            if tidak:
                c.fill = merah
        _tinggi_baris(ws, row[0].row, lebar_kolom, 10)
    _jumlah_kesepakatan(ws, d, kolom)
    _tanda_tangan(ws, kode, k, lebar)
    _cetak_kesepakatan(ws, header_row, lebar, k.nama_kabkota.get(kode, kode))


def tulis_kesepakatan(
    path: Path, hasil: Hasil, k: Konteks, sintetis: bool,
    nomenklatur: pd.DataFrame | None = None,
) -> Path:
    """Write ``rancangan_kesepakatan_<tahun>.xlsx``: per kab/kota a form to sign.

    Each district sheet (``62.02 Kotawaringin Timur``) has a title block (Rancangan
    Kesepakatan Rakortekrenbang, district, year, draft status), one row per agreed sub
    kegiatan × province outcome with the responsible perangkat daerah (from its RKPD line, else
    its Renja line), the output indicator and unit of the sub kegiatan from the nomenclature
    (``—`` when the reference has none), whether the RKPD/Renja plans it, the RKPD target and
    pagu, an empty column for the target agreed at the Rakortek; rows not in the RKPD are
    highlighted; a totals row counts each sub kegiatan once; a signature block for the
    province and the kab/kota (name, NIP). Printing: A4 landscape, one page wide, the header
    row repeated on every page.

    Returns:
        ``path``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    rin = _tahun(k.semua.sinkronisasi_rincian, hasil.tahun)
    keluaran = keluaran_nomenklatur(nomenklatur)
    kabkota = [x for x in k.nama_kabkota if "." in x and x.split(".")[0] == k.kode_provinsi]
    for kode in kabkota:
        x = rin[rin["kode_wilayah"] == kode]
        if x.empty:
            continue
        ws = wb.create_sheet(nama_sheet(kode, k.nama_kabkota.get(kode, kode)))
        _sheet_kesepakatan(ws, kode, _baris_kesepakatan(x, k, keluaran), k, sintetis)
    if not wb.sheetnames:
        ws = wb.create_sheet("Kosong")
        ws.append([f"Tidak ada kesepakatan untuk tahun {hasil.tahun}."])
    _sheet_keterangan(wb, hasil, sintetis,
                      "Rancangan kesepakatan per kabupaten/kota: isi kolom Target Disepakati "
                      "pada Rakortekrenbang, lalu tandatangani")  # fmt: skip
    return _simpan_wb(wb, path)


def blok_ringkasan_provinsi(k: Konteks) -> Blok:
    """Headline sentences of the province overview, generated from the per-kab/kota figures."""
    r = ringkasan_kabkota(k.semua)
    ada = r[r["indeks_sinkronisasi"].notna()].sort_values("indeks_sinkronisasi", kind="stable")
    if ada.empty:
        return Blok(f"<p>Belum ada kesepakatan Rakortekrenbang untuk tahun {k.tahun}.</p>")
    nama = lambda kode: _e(k.nama_kabkota.get(str(kode), str(kode)))  # noqa: E731
    hi, lo = ada.iloc[-1], ada.iloc[0]
    n_tanpa = int((r["n_outcome_tanpa_dukungan"] > 0).sum())
    total_pagu = float(r["pagu_dukungan"].sum())
    kartu = [
        (angka(ada["indeks_sinkronisasi"].median()), "Median indeks sinkronisasi (0–100)"),
        (persen(r["n_direncanakan"].sum() / max(int(r["n_disepakati"].sum()), 1) * 100),
         "Sub kegiatan disepakati yang ada di RKPD kab/kota"),
        (_e(rupiah(total_pagu)), "Pagu RKPD kab/kota pada sub kegiatan yang disepakati"),
        (f"{n_tanpa} dari {len(r)}", "Kab/kota dengan outcome provinsi tanpa dukungan"),
    ]  # fmt: skip
    cards = "".join(
        f'<div class="wb-kartu"><div class="wb-nilai">{v}</div>'
        f'<div class="wb-label">{html.escape(lbl)}</div></div>'
        for v, lbl in kartu
    )
    kal = (
        f"Indeks sinkronisasi tertinggi: <b>{nama(hi['kode_wilayah'])}</b> "
        f"({angka(hi['indeks_sinkronisasi'])}); terendah: <b>{nama(lo['kode_wilayah'])}</b> "
        f"({angka(lo['indeks_sinkronisasi'])}). {len(ada)} dari {len(r)} kabupaten/kota "
        f"memiliki kesepakatan untuk {k.tahun}."
    )
    return Blok(
        f'<div class="wb-brief"><div class="wb-kartu-baris">{cards}</div><p>{kal}</p></div>'
    )
