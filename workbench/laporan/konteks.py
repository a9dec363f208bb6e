"""The context of one brief (Konteks) and how it is built.

Built from the analysis results (:func:`siapkan`, and the province context of a batch run),
with the per-kab/kota summary frames every block reads.
"""

from __future__ import annotations

import contextlib
import functools
import os
import random
import threading
import weakref
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import numpy as np
import pandas as pd

from workbench import reference, teks
from workbench.analysis import FRAMES, Hasil, load_hasil, run_analysis
from workbench.config import load_parameters
from workbench.laporan.display import (
    CATATAN_SINTETIS,
    LINTASAN_BAIK,
    PREDIKAT_RENDAH,
    RC_BRIEF,
)


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
    return dict(_nama_kabkota_referensi())


@functools.cache
def _nama_kabkota_referensi() -> dict[str, str]:
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
    prov = kode.split(".", 1)[0]
    if hasil_path:
        tersimpan = _tersimpan(hasil_path)
        if tersimpan.hasil.tahun != tahun:
            raise ValueError(
                f"{hasil_path}: the saved analysis is for tahun {tersimpan.hasil.tahun}, not "
                f"{tahun}; rerun the analysis for this year"
            )
        semua = tersimpan.hasil
        irisan, irisan_prov = tersimpan.irisan(kode), tersimpan.irisan(prov)
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
        irisan, irisan_prov = semua.untuk_wilayah(kode), semua.untuk_wilayah(prov)
    sintetis = adalah_sintetis(data)
    if not hasil_path and not sintetis:
        sintetis = _ada_sintetis(package.realisasi) or _ada_sintetis(package.indikator)
    if paket_indikator is None:  # the names of a saved analysis: read once per analysis
        nama_ind, satuan_ind = per_analisis(semua, "peta_nama", lambda h: _peta_nama(h, None))
    else:
        nama_ind, satuan_ind = _peta_nama(semua, paket_indikator)
    return Konteks(
        kode_wilayah=kode,
        tahun=tahun,
        nama=nama_tampilan(kode),
        hasil=irisan,
        semua=irisan_prov,
        sintetis=sintetis,
        sumber=_baris_sumber(data, sintetis, tahun),
        nama_indikator=nama_ind,
        satuan_indikator=satuan_ind,
        nama_nomenklatur=_nama_nomenklatur(),
        nama_kabkota=_nama_kabkota(),
    )


@dataclass
class _Tersimpan:
    """A saved analysis read in this process, with the slices its briefs were given.

    A slice (:meth:`Hasil.untuk_wilayah`) is cut once per wilayah; every brief gets its own
    copy of it (:func:`_salinan`), so a brief that changes its frames changes nothing here.
    """

    hasil: Hasil
    _irisan: dict[str, Hasil] = field(default_factory=dict)

    def irisan(self, kode: str) -> Hasil:
        """A fresh copy of the slice of ``kode`` (cut on first use)."""
        with _KUNCI:
            induk = self._irisan.get(kode)
        if induk is None:
            induk = self.hasil.untuk_wilayah(kode)
            with _KUNCI:
                induk = self._irisan.setdefault(kode, induk)
        return _salinan(induk)


#: The saved analysis last read in this process, keyed by its folder and its files' sizes
#: and modification times: a warm kernel reads a run's analysis once, not once per brief.
#: Briefs only ever see copies of its slices, never the objects kept here.
_HASIL_TERSIMPAN: dict[tuple[str, tuple[Any, ...]], _Tersimpan] = {}
_KUNCI = threading.RLock()


def _tersimpan(folder: str | Path) -> _Tersimpan:
    """:func:`workbench.analysis.load_hasil`, read again only when its files changed."""
    folder = Path(folder).resolve()
    jejak = []
    for name in ("hasil.json", *(f"{f}.parquet" for f in FRAMES)):
        try:
            st = (folder / name).stat()
        except OSError:  # missing: load_hasil says which file
            return _Tersimpan(load_hasil(folder))
        jejak.append((name, st.st_mtime_ns, st.st_size))
    kunci = (str(folder), tuple(jejak))
    with _KUNCI:
        hit = _HASIL_TERSIMPAN.get(kunci)
        if hit is None:
            hit = _Tersimpan(load_hasil(folder))
            _HASIL_TERSIMPAN.clear()
            _HASIL_TERSIMPAN[kunci] = hit
    return hit


def _hasil_tersimpan(folder: str | Path) -> Hasil:
    """The saved analysis of ``folder`` (:func:`_tersimpan`), as read once per process."""
    return _tersimpan(folder).hasil


#: A copy handed to a brief → the slice it was copied from (by id, checked by weakref).
_ASAL: dict[int, tuple[weakref.ref[Hasil], Hasil]] = {}


def _salinan(induk: Hasil) -> Hasil:
    """A copy of ``induk`` with its own frames, remembered as coming from ``induk``."""
    salinan = replace(induk, **{n: f.copy() for n, f in induk.frames().items()})
    with _KUNCI:
        for kunci in [i for i, (ref, _) in _ASAL.items() if ref() is None]:
            del _ASAL[kunci]
        _ASAL[id(salinan)] = (weakref.ref(salinan), induk)
    return salinan


def _asal(hasil: Hasil) -> Hasil:
    """The object ``hasil`` was copied from by :func:`_salinan`, or ``hasil`` itself."""
    with _KUNCI:
        hit = _ASAL.get(id(hasil))
    return hit[1] if hit is not None and hit[0]() is hasil else hasil


#: Results of :func:`per_analisis` by the identity of the analysis they were computed from.
_MEMO: dict[int, tuple[weakref.ref[Hasil], dict[Hashable, Any]]] = {}
_KOSONG = object()
T = TypeVar("T")


def per_analisis(hasil: Hasil, kunci: Hashable, hitung: Callable[[Hasil], T]) -> T:
    """``hitung(asal)`` once per analysis object, where ``asal`` is what ``hasil`` is a copy of.

    For what every brief of a run derives from the same province-wide analysis (the
    province summary, the attribution of the province's target shortfalls): a warm kernel
    computes it once, on the slice its briefs' copies were made from (so the value never
    depends on which brief asked first or on what a brief did to its own copy). ``Hasil``
    is frozen. Frames (also inside a tuple) are handed out as copies.

    Args:
        hasil: A brief's analysis (``Konteks.semua``), or any ``Hasil``.
        kunci: What is computed, with every argument it depends on besides the analysis.
        hitung: Computes it from an analysis.

    Returns:
        The (copied) result.
    """
    asal = _asal(hasil)
    with _KUNCI:
        entri = _MEMO.get(id(asal))
        if entri is None or entri[0]() is not asal:
            for i in [i for i, (ref, _) in _MEMO.items() if ref() is None]:
                del _MEMO[i]
            entri = (weakref.ref(asal), {})
            _MEMO[id(asal)] = entri
        hit = entri[1].get(kunci, _KOSONG)
    if hit is _KOSONG:
        hit = hitung(asal)
        with _KUNCI:
            entri[1][kunci] = hit
    return _salin_nilai(hit)


def _salin_nilai(nilai: Any) -> Any:
    if isinstance(nilai, pd.DataFrame | pd.Series):
        return nilai.copy()
    if isinstance(nilai, tuple):
        return tuple(_salin_nilai(v) for v in nilai)
    if isinstance(nilai, dict):
        return dict(nilai)
    return nilai


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
        (ties share the better rank). Without ``kabkota`` the result is computed once per
        analysis (:func:`per_analisis`) and a copy returned.
    """
    if kabkota is not None:
        return _hitung_ringkasan(semua, kabkota)
    return per_analisis(semua, "ringkasan_kabkota", lambda h: _hitung_ringkasan(h, None))


def _hitung_ringkasan(semua: Hasil, kabkota: Sequence[str] | None) -> pd.DataFrame:
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


def capaian_terakhir_hasil(hasil: Hasil) -> pd.DataFrame:
    """:func:`capaian_terakhir` of ``hasil.capaian``, once per analysis (:func:`per_analisis`)."""
    return per_analisis(hasil, "capaian_terakhir", lambda h: capaian_terakhir(h.capaian))


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
