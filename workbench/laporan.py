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
import datetime as dt
import html
import io
import logging
import math
import os
import random
import tempfile
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
from workbench.analysis import Hasil, label_kolom, load_hasil, run_analysis
from workbench.config import load_parameters

log = logging.getLogger(__name__)

#: The note every page built from synthetic data carries, verbatim (tests look for it).
CATATAN_SINTETIS = "data contoh (sintetis)"

LINTASAN_BAIK = ("target tercapai", "sesuai lintasan")
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
"""


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
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
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
    n = reference.load_nomenklatur()
    return dict(zip(n["kode"].astype(str), n["uraian"].astype(str), strict=True))


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
    is_sample = getattr(sample, "is_sample", None)
    if callable(is_sample):
        return bool(is_sample(path))
    if path.is_dir():
        ket = path / sample.KETERANGAN
        if ket.is_file() and sample.SINTETIS.upper() in ket.read_text(encoding="utf-8")[:200]:
            return True
        files = [p for p in path.iterdir() if p.stem.lower() == "realisasi"]
        if files and files[0].suffix.lower() == ".csv":
            head = pd.read_csv(files[0], dtype=str, nrows=100_000, keep_default_na=False)
            return _ada_sintetis(head)
        return False
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        try:
            if sample.KETERANGAN.split(".")[0] in wb.sheetnames:
                return True
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
        f"{versi}, {dt.date.today().strftime('%d-%m-%Y')}."
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
    return (
        f'<table class="wb-tabel"><thead><tr>{th}</tr></thead><tbody>'
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
    return Blok(
        f"<style>{_CSS}</style><div class=\"wb-brief\"><h1>{h1}</h1>"
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
        f"<p>{' '.join(kal)}</p></div>"
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
        fig.tight_layout()
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


def tabel_capaian(k: Konteks, n: int = 12) -> Blok:
    """Outcome gaps: latest capaian per indicator with the predikat coloured, worst first."""
    c = capaian_terakhir(k.hasil.capaian)
    c = c[c["kode_wilayah"] == k.kode_wilayah].sort_values(
        ["capaian_persen", "kode_indikator"], kind="stable"
    )
    if c.empty:
        return Blok(f"<p>Belum ada realisasi indikator untuk {_e(k.nama)} sampai {k.tahun}.</p>")
    rows = []
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
        "Rendah. Diurutkan dari capaian terendah (realisasi tahun terakhir yang tersedia).</p>"
    )
    legenda = " ".join(sel_predikat(p) for p in WARNA_PREDIKAT)
    return Blok(
        intro
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


def grafik_tren(k: Konteks, n: int = 6) -> Gambar | Blok:
    """Trend charts of the district's indicators: realisation and target, province for reference."""
    kodes = _baris_tren(k, n)
    if not kodes:
        return Blok("<p>Belum ada indikator dengan realisasi dua tahun atau lebih.</p>")
    cap = k.hasil.capaian
    prov = k.semua.capaian
    prov = prov[prov["kode_wilayah"] == k.kode_provinsi]
    ncols = min(3, len(kodes))
    nrows = math.ceil(len(kodes) / ncols)
    with matplotlib.rc_context(RC_BRIEF):
        fig = Grafik(figsize=(3.6 * ncols, 2.9 * nrows + 0.7))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for ax, kode in zip(axes, kodes, strict=False):
            c = cap[(cap["kode_wilayah"] == k.kode_wilayah) & (cap["kode_indikator"] == kode)]
            c = c.sort_values("tahun")
            p = prov[prov["kode_indikator"] == kode].sort_values("tahun")
            nilai = pd.concat([c["realisasi"], c["target"], p["realisasi"]]).dropna()
            d = _desimal_nilai(nilai)
            r = c[c["realisasi"].notna()]
            ax.plot(r["tahun"], r["realisasi"], marker="o", color="#2166ac", lw=2,
                    label="Realisasi kab/kota")  # fmt: skip
            t = c[c["target"].notna()]
            ax.plot(t["tahun"], t["target"], ls="--", marker="x", color="#d6604d", lw=1.3,
                    label="Target kab/kota")  # fmt: skip
            pr = p[p["realisasi"].notna()]
            if len(pr):
                ax.plot(pr["tahun"], pr["realisasi"], color="#888888", lw=1.2, marker=".",
                        label="Realisasi provinsi")  # fmt: skip
            satuan = k.satuan_indikator.get(kode, "")
            ax.set_title(textwrap.fill(k.indikator(kode), 38), loc="left", fontsize=9)
            ax.set_xlabel("Tahun")
            ax.set_ylabel(satuan)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v)}"))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, d=d: angka(v, d)))
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
        fig.tight_layout(rect=(0, 0.06, 1, 0.97))
    return Gambar(fig, f"Grafik tren realisasi dan target {len(kodes)} indikator {k.nama}")


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


def tabel_target_agregat(k: Konteks, n: int = 12) -> Blok:
    """Target arithmetic: where the district's targets pull the province target short."""
    t = target_menarik(k)
    if t.empty:
        return Blok(
            f"<p>Target {_e(k.nama)} tidak menarik target provinsi ke bawah untuk indikator "
            f"yang dijumlahkan atau dirata-rata dari kabupaten/kota (tahun {k.tahun} dan "
            "sesudahnya).</p>"
        )
    rows = []
    for r in t.head(n).itertuples():
        d = _desimal_nilai([r.target, r.target_provinsi, r.target_implisit, r.selisih_target])
        kurang = (
            f'<span class="wb-kurang">kurang {angka(r.selisih_target, d)}</span>'
            if _ada(r.selisih_target) and r.selisih_target > 0
            else "terpenuhi" if r.memenuhi == True  # noqa: E712
            else "–"
        )
        rows.append(
            (_e(r.uraian), str(int(r.tahun)), angka(r.target, d), angka(r.target_provinsi, d),
             persen(r.bobot * 100 if _ada(r.bobot) else None), angka(r.target_implisit, d),
             kurang)  # fmt: skip
        )
    header = ["Indikator", "Tahun", "Target kab/kota", "Target provinsi", "Bobot penduduk",
              "Target provinsi tersirat", "Total provinsi"]  # fmt: skip
    r0 = t.iloc[0]
    intro = (
        f"<p>Untuk {t['kode_indikator'].nunique()} indikator, target {_e(k.nama)} lebih "
        "rendah dari target provinsi. Nilai provinsi dihitung sebagai rata-rata tertimbang "
        "penduduk dari target 14 kabupaten/kota; bila semua kabupaten/kota hanya memenuhi "
        "target masing-masing, provinsi mencapai \"target tersirat\". Contoh: "
        f"{_e(r0['uraian'])} {int(r0['tahun'])}: target kabupaten/kota "
        f"{angka(r0['target'], _desimal_nilai([r0['target']]))} terhadap target provinsi "
        f"{angka(r0['target_provinsi'], _desimal_nilai([r0['target_provinsi']]))}.</p>"
    )
    return Blok(intro + _tabel(header, rows, numerik=range(1, 7)) + _sisa(len(t), n, "baris"))


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
    tanpa: pd.DataFrame, nama_indikator: Mapping[str, str], tahun: int, maks: int = 2
) -> list[Rekomendasi]:
    """Rule 1: an agreed province outcome supported by no sub kegiatan in the RKPD.

    Args:
        tanpa: Output of :func:`outcome_tanpa_dukungan` for one kab/kota.
        nama_indikator: Indicator code → description.
        tahun: Plan year.
        maks: Outcomes named individually; the rest are counted in one more item.

    Returns:
        Recommendations with priority 1.
    """
    out = []
    t = tanpa.sort_values(["n_disepakati", "kode_indikator"], ascending=[False, True])
    for r in t.head(maks).itertuples():
        nama = nama_indikator.get(str(r.kode_indikator), str(r.kode_indikator))
        out.append(Rekomendasi(
            1,
            f"Masukkan sekurang-kurangnya satu sub kegiatan yang disepakati untuk outcome "
            f"provinsi “{nama}” ke dalam RKPD {tahun}.",
            f"0 dari {int(r.n_disepakati)} sub kegiatan yang disepakati ada di RKPD {tahun}.",
            "tanpa_dukungan",
        ))  # fmt: skip
    if len(t) > maks:
        out.append(Rekomendasi(
            1,
            f"Tinjau {len(t) - maks} outcome provinsi lain yang juga belum didukung (daftar di "
            "bagian “Outcome provinsi tanpa dukungan”).",
            f"{len(t)} outcome provinsi tanpa dukungan.",
            "tanpa_dukungan",
        ))  # fmt: skip
    return out


def rek_bidang_di_bawah_median(
    bidang: pd.DataFrame, ambang: float = 10.0, maks: int = 2
) -> list[Rekomendasi]:
    """Rule 2: a bidang whose index is at least ``ambang`` points below the province median.

    Args:
        bidang: Output of :func:`sinkronisasi_bidang`.
        ambang: Points below the median that trigger the rule.
        maks: At most this many bidang (the furthest below first).

    Returns:
        Recommendations with priority 2.
    """
    b = bidang[bidang["selisih"] <= -ambang].sort_values("selisih", kind="stable")
    return [
        Rekomendasi(
            2,
            f"Tingkatkan sinkronisasi bidang {r.bidang}: rencanakan sub kegiatan yang disepakati "
            "yang belum masuk RKPD dan Renja.",
            f"Indeks {angka(r.indeks_sinkronisasi)} terhadap median provinsi "
            f"{angka(r.median_provinsi)} ({angka(r.selisih)} poin); {int(r.n_direncanakan)} "
            f"dari {int(r.n_disepakati)} sub kegiatan disepakati ada di RKPD.",
            "bidang_di_bawah_median",
        )
        for r in b.head(maks).itertuples()
    ]


def rek_tanpa_pagu(sinkronisasi: pd.DataFrame, nama_bidang: Mapping[str, str]) -> list[Rekomendasi]:
    """Rule 3: agreed sub kegiatan in the RKPD that carry no pagu.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.
        nama_bidang: Bidang code → label.

    Returns:
        One recommendation (priority 3) when any such sub kegiatan exists.
    """
    s = sinkronisasi.assign(_tanpa=sinkronisasi["n_direncanakan"] - sinkronisasi["n_berpagu"])
    s = s[s["_tanpa"] > 0].sort_values(["_tanpa", "kode_bidang"], ascending=[False, True])
    if s.empty:
        return []
    n = int(s["_tanpa"].sum())
    bidang = ", ".join(nama_bidang.get(str(b), str(b)) for b in s["kode_bidang"].head(3))
    return [Rekomendasi(
        3,
        f"Alokasikan pagu pada {n} sub kegiatan yang disepakati dan sudah masuk RKPD tetapi "
        f"belum berpagu (terutama {bidang}).",
        f"{n} sub kegiatan di RKPD dengan pagu kosong atau nol.",
        "tanpa_pagu",
    )]  # fmt: skip


def rek_renja(sinkronisasi: pd.DataFrame) -> list[Rekomendasi]:
    """Rule 4: agreed sub kegiatan in the RKPD but missing from the Renja PD.

    Args:
        sinkronisasi: ``Hasil.sinkronisasi`` rows of one kab/kota and year.

    Returns:
        One recommendation (priority 4) when the Renja holds fewer than the RKPD.
    """
    n = int((sinkronisasi["n_direncanakan"] - sinkronisasi["n_direncanakan_renja"]).clip(lower=0)
            .sum())  # fmt: skip
    if n <= 0:
        return []
    return [Rekomendasi(
        4,
        "Selaraskan Renja perangkat daerah dengan RKPD: masukkan sub kegiatan yang disepakati "
        "yang sudah ada di RKPD ke Renja PD pelaksananya.",
        f"Renja memuat {int(sinkronisasi['n_direncanakan_renja'].sum())} sub kegiatan "
        f"disepakati, RKPD {int(sinkronisasi['n_direncanakan'].sum())}.",
        "renja",
    )]  # fmt: skip


def rek_capaian_rendah(
    capaian: pd.DataFrame, nama_indikator: Mapping[str, str], maks: int = 2
) -> list[Rekomendasi]:
    """Rule 5: indicators with predikat Rendah or Sangat Rendah in their latest year.

    Args:
        capaian: ``Hasil.capaian`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        maks: At most this many (lowest capaian first).

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
        out.append(Rekomendasi(
            2,
            f"Percepat capaian “{nama}”: periksa apakah sub kegiatan pendukungnya berpagu "
            "cukup dan tepat sasaran.",
            f"Capaian {persen(r.capaian_persen)} ({r.predikat}) pada {int(r.tahun)}: realisasi "
            f"{angka(r.realisasi, d)} terhadap target {angka(r.target, d)}.",
            "capaian_rendah",
        ))  # fmt: skip
    return out


def rek_memburuk(
    lintasan: pd.DataFrame, nama_indikator: Mapping[str, str], kecuali: Iterable[str] = (),
    maks: int = 1,
) -> list[Rekomendasi]:
    """Rule 6: indicators moving away from their RPJMD end target (trajectory ``memburuk``).

    Args:
        lintasan: ``Hasil.capaian_lintasan`` rows of one kab/kota.
        nama_indikator: Indicator code → description.
        kecuali: Indicator codes already named by another rule.
        maks: At most this many.

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
        out.append(Rekomendasi(
            3,
            f"Tinjau strategi untuk “{nama}”: arahnya menjauh dari target akhir RPJMD.",
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


def rek_konsistensi(konsistensi: pd.DataFrame, ambang: float = 60.0) -> list[Rekomendasi]:
    """Rule 8: document linkage below ``ambang`` % (MKPP "sedang" or worse) at some level.

    Args:
        konsistensi: ``Hasil.konsistensi`` rows of one government and year.
        ambang: Linkage % below which the rule fires (60 = below "baik").

    Returns:
        At most one recommendation per document pair (its weakest level), priority 4.
    """
    k = konsistensi[konsistensi["keterkaitan_persen"] < ambang]
    k = k.sort_values(["keterkaitan_persen", "pasangan"], kind="stable")
    out = []
    nama_tingkat = {"program": "program", "kegiatan": "kegiatan", "sub_kegiatan": "sub kegiatan"}
    for r in k.drop_duplicates("pasangan").itertuples():
        atas, bawah = str(r.pasangan).split("→")
        out.append(Rekomendasi(
            4,
            f"Perbaiki keterkaitan {atas.title() if atas == 'RENSTRA' else atas}→"
            f"{bawah.title() if bawah == 'RENJA' else bawah} tingkat "
            f"{nama_tingkat.get(r.tingkat, r.tingkat)}: masukkan baris dokumen atas yang hilang "
            "atau catat alasannya.",
            f"Keterkaitan {persen(r.keterkaitan_persen)} ({r.kategori}); "
            f"{int(r.n_tidak_ada_di_bawah)} baris tidak ada di dokumen bawah.",
            "konsistensi",
        ))  # fmt: skip
    return out


def rekomendasi(k: Konteks, maks: int = 7) -> list[Rekomendasi]:
    """The generated recommendations of a kab/kota brief, most urgent first.

    Rules (each cites its figure): outcomes with no support (1); bidang ≥ 10 points below the
    province median, indicators with predikat Rendah/Sangat Rendah (2); agreed sub kegiatan
    without pagu, worsening trajectory, district target pulling the province short (3);
    Renja missing RKPD sub kegiatan, document linkage below 60 % (4).

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
    nama_bidang = {str(b): k.bidang(b) for b in sink["kode_bidang"]}
    rendah = rek_capaian_rendah(cap, k.nama_indikator)
    sudah = capaian_terakhir(cap)
    sudah = sudah.loc[sudah["predikat"].isin(PREDIKAT_RENDAH), "kode_indikator"].head(2)
    semua = [
        *rek_tanpa_dukungan(tanpa, k.nama_indikator, t),
        *rek_bidang_di_bawah_median(sinkronisasi_bidang(k)),
        *rendah,
        *rek_tanpa_pagu(sink, nama_bidang),
        *rek_memburuk(lint, k.nama_indikator, kecuali=sudah.astype(str).tolist()),
        *rek_target_menarik(target_menarik(k)),
        *rek_renja(sink),
        *rek_konsistensi(kons),
    ]
    urut = sorted(enumerate(semua), key=lambda x: (x[1].prioritas, x[0]))
    return [r for _, r in urut][:maks]


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
def tabel_peringkat(k: Konteks) -> Blok:
    """Ranking of the kab/kota by the synchronization index, with their key gaps."""
    r = ringkasan_kabkota(k.semua).sort_values(
        ["peringkat", "kode_wilayah"], kind="stable", na_position="last"
    )
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
        )
        for x in r.itertuples()
    ]
    header = ["Peringkat", "Kode", "Kabupaten/kota", "Indeks sinkronisasi", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan",
              "Indikator predikat rendah", "Keterkaitan RPJMD→RKPD"]  # fmt: skip
    med = r["indeks_sinkronisasi"].median()
    intro = (
        f"<p>Median indeks sinkronisasi {k.tahun}: <b>{angka(med)}</b>. Indikator predikat "
        "rendah: jumlah indikator berpredikat Rendah atau Sangat Rendah pada realisasi "
        "terakhir.</p>"
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
        fig.tight_layout()
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
        capaian_median, terendah`` (name of the kab/kota with the lowest capaian), sorted by
        ``n_tidak_memenuhi`` descending.
    """
    c = capaian_terakhir(k.semua.capaian)
    c = c[_kabkota_mask(c["kode_wilayah"])]
    if c.empty:
        return pd.DataFrame(columns=["kode_indikator", "uraian", "tahun", "n_kabkota",
                                     "n_tidak_memenuhi", "n_predikat_rendah", "capaian_median",
                                     "terendah"])  # fmt: skip
    c = c.assign(_tm=(c["memenuhi"] == False).astype(int),  # noqa: E712
                 _rd=c["predikat"].isin(PREDIKAT_RENDAH).astype(int))  # fmt: skip
    low = c.sort_values(["capaian_persen", "kode_wilayah"]).drop_duplicates("kode_indikator")
    g = c.groupby("kode_indikator", observed=True).agg(
        tahun=("tahun", "max"), n_kabkota=("kode_wilayah", "nunique"),
        n_tidak_memenuhi=("_tm", "sum"), n_predikat_rendah=("_rd", "sum"),
        capaian_median=("capaian_persen", "median"),
    ).reset_index()  # fmt: skip
    g["terendah"] = g["kode_indikator"].map(
        dict(zip(low["kode_indikator"], low["kode_wilayah"], strict=True))
    ).map(lambda x: k.nama_kabkota.get(str(x), str(x)))
    g["uraian"] = [k.indikator(x) for x in g["kode_indikator"]]
    g = g.sort_values(["n_tidak_memenuhi", "capaian_median"], ascending=[False, True])
    cols = ["kode_indikator", "uraian", "tahun", "n_kabkota", "n_tidak_memenuhi",
            "n_predikat_rendah", "capaian_median", "terendah"]  # fmt: skip
    return g[cols].reset_index(drop=True)


def tabel_gap_provinsi(k: Konteks, n: int = 12) -> Blok:
    """Table of the key gaps across the kab/kota."""
    g = gap_provinsi(k)
    if g.empty:
        return Blok("<p>Belum ada realisasi indikator kabupaten/kota.</p>")
    rows = [
        (_e(r.uraian), str(int(r.tahun)), f"{int(r.n_tidak_memenuhi)} / {int(r.n_kabkota)}",
         str(int(r.n_predikat_rendah)), persen(r.capaian_median), _e(r.terendah))  # fmt: skip
        for r in g.head(n).itertuples()
    ]
    header = ["Indikator", "Tahun terakhir", "Kab/kota belum memenuhi target",
              "Predikat rendah", "Median capaian", "Capaian terendah"]  # fmt: skip
    return Blok(_tabel(header, rows, numerik=[1, 2, 3, 4]) + _sisa(len(g), n, "indikator"))


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
    rows = []
    for r in a.itertuples():
        d = _desimal_nilai([r.target_provinsi, r.target_implisit, r.selisih_target])
        rows.append(
            (_e(k.indikator(r.kode_indikator)), str(int(r.tahun)), angka(r.target_provinsi, d),
             angka(r.target_implisit, d),
             f'<span class="wb-kurang">{angka(r.selisih_target, d)}</span>',
             _e(r.keterangan))  # fmt: skip
        )
    header = ["Indikator", "Tahun", "Target provinsi", "Target tersirat dari kab/kota",
              "Kekurangan", "Keterangan"]  # fmt: skip
    return Blok(_tabel(header, rows, numerik=[1, 2, 3, 4]))


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
    """Whether the package a batch copied into ``<out>/_cache/data`` is the synthetic sample."""
    cache = out_dir / "_cache" / "data"
    if not cache.is_dir():
        return False
    return any(adalah_sintetis(p) for p in sorted(cache.iterdir()) if not p.name.startswith("."))


def _tulis_atomik(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        tmp.chmod(0o644)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()


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
    A brief or a table is linked only when its file exists in ``out_dir``.

    Args:
        out_dir: The run's output folder (``<out>/<tahun>``) holding the briefs.
        hasil: The province-wide analysis of the run.
        hasil_jobs: One entry per job: a :class:`workbench.briefs.JobResult` or a dict with
            ``kode_wilayah`` (optional; else the code part of ``stem``), ``stem``, ``status``,
            ``durasi`` or ``durasi_detik``, optional ``judul`` and ``kegagalan``.
        sintetis: Whether the data is the synthetic sample; None: detect from the package
            copy the batch keeps in ``out_dir/_cache/data``.
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
        status = str(j.get("status", ""))
        ket = ""
        if j.get("kegagalan"):
            g = j["kegagalan"]
            sel = f"sel {g['sel']}: " if g.get("sel") is not None else ""
            ket = f"{sel}{g.get('galat', '')}: {g.get('pesan', '')}"
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
        durasi = j.get("durasi")
        rows.append(
            (_e(kode), link, *fig_cells,
             f'<span class="st-{_e(status)}">{_e(status)}</span>',
             angka(durasi, 1) if _ada(durasi) else "–", _e(ket))  # fmt: skip
        )
    header = ["Kode", "Brief", "Indeks sinkronisasi", "Peringkat", "Dukungan RKPD",
              "Pagu dukungan", "Outcome tanpa dukungan", "Indikator sesuai lintasan", "Status",
              "Durasi (detik)", "Keterangan"]  # fmt: skip
    lampiran = [
        *zip(berkas_excel(k.tahun), (
            "Tabel sinkronisasi per kabupaten/kota × bidang",
            "Tabel capaian dan kesenjangan indikator",
            "Rancangan tabel kesepakatan per kabupaten/kota (untuk Rakortekrenbang)",
        ), strict=True),
        ("manifest.json", "Rincian eksekusi (manifest)"),
    ]  # fmt: skip
    lamp = "".join(
        f'<li><a href="{_e(n)}">{_e(n)}</a>: {_e(t)}</li>'
        for n, t in lampiran
        if (out / n).is_file()
    )
    n_ok = sum(str(j.get("status")) == "ok" for j in jobs)
    n_gagal = sum(str(j.get("status")) == "gagal" for j in jobs)
    banner = catatan_sintetis(k)
    page_html = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brief sinkronisasi perencanaan {k.tahun}: {_e(k.nama)}</title>
<style>{_CSS}
body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em 2em;color:#222222}}
.st-ok{{color:#1b7837;font-weight:bold}}.st-gagal{{color:#b2182b;font-weight:bold}}
.st-dilewati{{color:#555555}}</style></head>
<body><div class="wb-brief">
<h1>Brief sinkronisasi perencanaan {k.tahun}: {_e(k.nama)}</h1>
{banner}
<p>{len(jobs)} dokumen: {n_ok} berhasil, {n_gagal} gagal. Klik nama wilayah untuk membuka
brief-nya. Indeks sinkronisasi 0–100 (makin tinggi makin selaras dengan kesepakatan
Rakortekrenbang).</p>
{peta_html}
{_tabel(header, rows, numerik=[2, 3, 4, 5, 6, 7, 9])}
<h2>Lampiran</h2><ul>{lamp}</ul>
<p class="wb-catatan">Dibuat oleh workbench pada {dt.date.today().strftime('%d-%m-%Y')}.
{CATATAN_SINTETIS.capitalize() + ': bukan data resmi.' if sintetis else ''}</p>
</div></body></html>
"""
    path = out / "index.html"
    _tulis_atomik(path, page_html.encode("utf-8"))
    return path


# --- Excel ----------------------------------------------------------------------------------------
def _lebar(values: Sequence[Any], label: str) -> float:
    panjang = [len(str(v)) for v in values[:300] if v is not None]
    return float(min(max([len(label), *panjang]) + 2, 60))


def _isi_sheet(
    ws: Any, frame: pd.DataFrame, labels: Sequence[str], formats: Mapping[str, str]
) -> None:
    """Header row (bold, frozen), values (NA → empty), widths, number formats."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(list(labels))
    fill = PatternFill("solid", fgColor="E8EDF3")
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = fill
        c.alignment = Alignment(wrap_text=True, vertical="top")
    ok = frame.notna()
    for col in frame.columns:
        if pd.api.types.is_float_dtype(frame[col].dtype):
            ok[col] = np.isfinite(frame[col].to_numpy(dtype=float, na_value=np.nan))
    values = frame.astype(object).where(ok, None).to_numpy().tolist()
    for row in values:
        ws.append(row)
    for i, (col, label) in enumerate(zip(frame.columns, labels, strict=True), start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _lebar(frame[col].tolist(), label)
        fmt = formats.get(col)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
    ws.freeze_panes = "A2"
    if len(frame):
        ws.auto_filter.ref = ws.dimensions


_FMT_RP = '"Rp" #,##0'
_FMT_1 = "0.0"


def _simpan_wb(wb: Any, path: Path) -> Path:
    buf = io.BytesIO()
    wb.save(buf)
    _tulis_atomik(path, buf.getvalue())
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
    ws.append(["Dibuat", dt.date.today().strftime("%d-%m-%Y")])
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
    out_dir: Path | str, hasil: Hasil, *, sintetis: bool | None = None
) -> list[Path]:
    """Write the Excel tables of a run (Bahasa Indonesia), each atomically.

    * ``sinkronisasi_<tahun>.xlsx``: sheet ``Ringkasan`` (one row per kab/kota, the headline
      figures and rank) and ``Per Bidang`` (kab/kota × bidang);
    * ``gap_capaian_<tahun>.xlsx``: capaian, predikat and gap per wilayah × indicator × year;
    * ``rancangan_kesepakatan_<tahun>.xlsx``: one sheet per kab/kota (``62.06-katingan``)
      listing per province outcome the agreed sub kegiatan, whether the district plans it
      (RKPD, Renja), its pagu, and an empty column for the target agreed at the Rakortek.

    Args:
        out_dir: Output folder.
        hasil: The province-wide analysis.
        sintetis: Whether the data is the synthetic sample (None: detect as :func:`tulis_index`).

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

    # draft agreement per district
    wb = Workbook()
    wb.remove(wb.active)
    rin = _tahun(k.semua.sinkronisasi_rincian, t)
    kabkota = [x for x in nama_kk if "." in x and x.split(".")[0] == k.kode_provinsi]
    lab_k = ["Kode Indikator", "Outcome Provinsi", "Kode Bidang", "Kode Sub Kegiatan",
             "Sub Kegiatan", "Direncanakan di RKPD", "Ada di Renja", "Pagu RKPD (Rp)",
             "Target Disepakati (diisi saat Rakortek)", "Satuan", "Catatan"]  # fmt: skip
    for kode in kabkota:
        x = rin[rin["kode_wilayah"] == kode]
        if x.empty:
            continue
        d = pd.DataFrame({
            "kode_indikator": x["kode_indikator"].astype(str).to_numpy(),
            "outcome": [k.indikator(i) for i in x["kode_indikator"]],
            "kode_bidang": x["kode_bidang"].astype(str).to_numpy(),
            "kode_sub_kegiatan": x["kode_sub_kegiatan"].astype(str).to_numpy(),
            "sub_kegiatan": [k.nomenklatur(s) for s in x["kode_sub_kegiatan"]],
            "di_rkpd": np.where(x["di_rkpd"].to_numpy(bool), "Ya", "Tidak"),
            "di_renja": np.where(x["di_renja"].to_numpy(bool), "Ya", "Tidak"),
            "pagu_rkpd": x["pagu_rkpd"].to_numpy(float),
            "target_disepakati": [None] * len(x),
            "satuan": [k.satuan_indikator.get(str(i), "") for i in x["kode_indikator"]],
            "catatan": [None] * len(x),
        })  # fmt: skip
        sheet = f"{kode}-{teks.slug(nama_kk.get(kode, kode).split('. ', 1)[-1])}"[:31]
        ws = wb.create_sheet(sheet)
        _isi_sheet(ws, d, lab_k, {"pagu_rkpd": _FMT_RP})
        ws.column_dimensions["I"].width = 24
    if not wb.sheetnames:
        ws = wb.create_sheet("Kosong")
        ws.append([f"Tidak ada kesepakatan untuk tahun {t}."])
    _sheet_keterangan(wb, hasil, sintetis,
                      "Rancangan tabel kesepakatan per kabupaten/kota: isi kolom Target "
                      "Disepakati pada Rakortekrenbang")  # fmt: skip
    paths.append(_simpan_wb(wb, out / nama_berkas[2]))
    return paths


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
