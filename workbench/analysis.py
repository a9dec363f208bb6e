"""Run every analysis for one year once (:class:`Hasil`), slice it per wilayah, save and write it.

The batch runner computes the province-wide (or national) :class:`Hasil` once with
:func:`run_analysis`, stores it with :func:`save_hasil`, and every brief reads its slice with
``load_hasil(folder).untuk_wilayah(kode)``. :func:`write_outputs` writes the csv files and
``analisis.xlsx`` (Indonesian sheet and column names) of ``workbench analyze``.

Scope of the frames for ``tahun = T``:

* ``capaian`` / ``capaian_lintasan``: every year up to T (history for trend and trajectory);
* ``konsistensi*`` and ``sinkronisasi*``: year T;
* ``target_agregat*``: every year with targets or realisations (the plan horizon: whether the
  districts' targets add up matters for the years ahead too).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench.agregat import hitung_target_agregat
from workbench.capaian import hitung_capaian, lintasan, pilih_target
from workbench.config import Parameters, load_parameters
from workbench.errors import WorkbenchError
from workbench.fileio import atomic_path, atomic_write_text
from workbench.konsistensi import hitung_konsistensi
from workbench.sinkronisasi import (
    hitung_sinkronisasi,
    kabkota_dari_wilayah,
    kesepakatan_per_kabkota,
)
from workbench.tabel_keluaran import safe_cell, write_csv, write_sheet
from workbench.vocabulary import LABEL_KOLOM, label_kolom  # noqa: F401  (re-exported)

#: Frames of a :class:`Hasil`, in output order.
FRAMES = (
    "capaian",
    "capaian_lintasan",
    "konsistensi",
    "konsistensi_rincian",
    "sinkronisasi",
    "sinkronisasi_rincian",
    "sinkronisasi_tanpa_dukungan",
    "target_agregat",
    "target_agregat_rincian",
)

#: Frames whose ``kode_wilayah`` is a province (a district's slice takes its province's rows).
_FRAMES_PROVINSI = ("target_agregat",)


class AnalysisError(WorkbenchError, ValueError):
    """The analysis cannot run on this input (e.g. a year the package does not cover)."""


@dataclass(frozen=True)
class Hasil:
    """The results of one analysis run: one frame per analysis (see :data:`FRAMES`).

    Attributes:
        tahun: The analysed year.
        capaian: Achievement per wilayah × indicator × year (with trend and trajectory).
        capaian_lintasan: Trajectory per wilayah × indicator.
        konsistensi: Linkage % per government × document pair × year × level.
        konsistensi_rincian: Offending lines and less-ambitious targets.
        sinkronisasi: Support per kab/kota × bidang × year with the index.
        sinkronisasi_rincian: Every agreed sub kegiatan per kab/kota, planned or not.
        sinkronisasi_tanpa_dukungan: Province outcomes a district supports with nothing.
        target_agregat: Implied vs stated province values per indicator × year.
        target_agregat_rincian: Each kab/kota's contribution.
        info: Provenance: parameters, counts of ignored input rows, durations.
    """

    tahun: int
    capaian: pd.DataFrame
    capaian_lintasan: pd.DataFrame
    konsistensi: pd.DataFrame
    konsistensi_rincian: pd.DataFrame
    sinkronisasi: pd.DataFrame
    sinkronisasi_rincian: pd.DataFrame
    sinkronisasi_tanpa_dukungan: pd.DataFrame
    target_agregat: pd.DataFrame
    target_agregat_rincian: pd.DataFrame
    info: dict[str, Any] = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Name → frame, in :data:`FRAMES` order."""
        return {n: getattr(self, n) for n in FRAMES}

    @property
    def predikat(self) -> dict[str, float] | None:
        """The predikat lower bounds this analysis used (its parameters), for map legends."""
        return self.info.get("parameter", {}).get("capaian", {}).get("predikat")

    def untuk_wilayah(self, kode: str) -> Hasil:
        """The slice of one government.

        A kab/kota code (``62.06``) keeps its own rows, and for ``target_agregat`` the rows of
        its province (the arithmetic its targets take part in). A province code (``62``)
        keeps its own rows and those of all its kab/kota (the province overview).

        Args:
            kode: Kemendagri code, as a string.

        Returns:
            A new :class:`Hasil` with the same ``tahun`` and ``info``.

        Raises:
            TypeError: ``kode`` is not a string (``62.10`` as a float would be ``62.1``).
        """
        if not isinstance(kode, str):
            raise TypeError(f"kode must be a string such as '62.10', got {kode!r}")
        kode = kode.strip()
        provinsi = "." not in kode
        prov_of = kode.split(".", 1)[0]
        out = {}
        for name, frame in self.frames().items():
            w = frame["kode_wilayah"].astype("string")
            if provinsi:
                mask = (w == kode) | w.str.startswith(kode + ".")
            elif name in _FRAMES_PROVINSI:
                mask = w == prov_of
            else:
                mask = w == kode
            out[name] = frame.loc[mask.fillna(False).to_numpy()].reset_index(drop=True)
        return replace(self, **out)


def _years(package: Any) -> list[int]:
    years: set[int] = set()
    for name in ("rencana", "realisasi", "kesepakatan"):
        frame = getattr(package, name)
        if len(frame):
            years.update(int(y) for y in pd.unique(frame["tahun"].dropna()))
    return sorted(years)


def run_analysis(package: Any, tahun: int, params: Parameters | None = None) -> Hasil:
    """Run every analysis for one year over the whole package (all governments at once).

    Args:
        package: A :class:`workbench.contract.Package` (frames ``wilayah, indikator, rencana,
            realisasi, kesepakatan``).
        tahun: The plan year to analyse.
        params: Parameters (default: ``parameters/kalteng.yaml``).

    Returns:
        The :class:`Hasil`.

    Raises:
        AnalysisError: the package holds no plan, realisation or agreement for ``tahun``.
    """
    params = params or load_parameters()
    years = _years(package)
    if not isinstance(tahun, int | np.integer) or int(tahun) not in years:
        shown = f"{years[0]}–{years[-1]}" if years else "none"
        raise AnalysisError(
            f"tahun {tahun!r}: the package holds no plan lines, realisations or agreements for "
            f"that year (years present: {shown})"
        )
    tahun = int(tahun)
    rencana, realisasi = package.rencana, package.realisasi
    # Two views of the plan lines, cut once (each analysis filters again, on far fewer rows):
    # the lines carrying an indicator target (capaian, trajectory, target arithmetic,
    # target deviations) and the lines of the year (consistency, synchronization).
    ber_target = rencana["kode_indikator"].notna().to_numpy() & (
        rencana["target_bawah"].notna().to_numpy() | rencana["target_atas"].notna().to_numpy()
    )
    rencana_target = rencana.loc[ber_target]
    rencana_tahun = rencana.loc[rencana["tahun"].to_numpy() == tahun]
    indikator, wilayah = package.indikator, package.wilayah
    durasi: dict[str, float] = {}

    def timed(name, fn, *a, **kw):
        t0 = time.perf_counter()
        res = fn(*a, **kw)
        durasi[name] = round(time.perf_counter() - t0, 3)
        return res

    cap = params.capaian
    target = timed("target", pilih_target, rencana_target)
    capaian = timed("capaian", hitung_capaian, rencana_target, realisasi, indikator,
                    tahun_sampai=tahun, batas_atas=cap.batas_atas, bands=cap.predikat,
                    target=target)  # fmt: skip
    lint = timed("lintasan", lintasan, rencana_target, realisasi, indikator, tahun_sampai=tahun)
    capaian = capaian.merge(
        lint[["kode_wilayah", "kode_indikator", "tren_per_tahun", "tren_arah",
              "status_lintasan", "rasio_lintasan"]],  # fmt: skip
        on=["kode_wilayah", "kode_indikator"],
        how="left",
    )
    semua = wilayah["kode"].astype(str).tolist()
    kons, kons_r = timed("konsistensi", hitung_konsistensi, rencana_tahun, indikator, tahun=tahun,
                         kode_wilayah=semua)  # fmt: skip
    kabkota = kabkota_dari_wilayah(wilayah)
    sink, sink_r, sink_t = timed("sinkronisasi", hitung_sinkronisasi, rencana_tahun,
                                 package.kesepakatan, kabkota, tahun=tahun,
                                 bobot=params.sinkronisasi.bobot)  # fmt: skip
    _, n_bukan_level2 = kesepakatan_per_kabkota(package.kesepakatan, kabkota, [tahun])
    agr, agr_r = timed("target_agregat", hitung_target_agregat, rencana_target, realisasi,
                       indikator, wilayah,
                       toleransi_relatif=params.agregat.toleransi_relatif,
                       target=target)  # fmt: skip
    info = {
        "tahun": tahun,
        "parameter": params.model_dump(mode="json"),
        "kesepakatan_bukan_level2_diabaikan": n_bukan_level2,
        "durasi_detik": durasi,
    }
    return Hasil(
        tahun=tahun,
        capaian=capaian,
        capaian_lintasan=lint,
        konsistensi=kons,
        konsistensi_rincian=kons_r,
        sinkronisasi=sink,
        sinkronisasi_rincian=sink_r,
        sinkronisasi_tanpa_dukungan=sink_t,
        target_agregat=agr,
        target_agregat_rincian=agr_r,
        info=info,
    )


# --- storage -------------------------------------------------------------------------------
def save_hasil(hasil: Hasil, folder: Path | str) -> Path:
    """Store a :class:`Hasil` as one parquet file per frame plus ``hasil.json``.

    Each file is written under a temporary name and renamed, so a reader never sees a
    half-written frame.

    Args:
        hasil: The results.
        folder: Target folder (created).

    Returns:
        The folder.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in hasil.frames().items():
        with atomic_path(folder / f"{name}.parquet") as tmp:
            frame.to_parquet(tmp, index=False)
    meta = {"tahun": hasil.tahun, "info": hasil.info, "frames": list(FRAMES)}
    atomic_write_text(folder / "hasil.json", json.dumps(meta, indent=2, ensure_ascii=False))
    return folder


def load_hasil(folder: Path | str) -> Hasil:
    """Read a :class:`Hasil` written by :func:`save_hasil`.

    Args:
        folder: The folder.

    Returns:
        The results.

    Raises:
        AnalysisError: the folder holds no complete saved result.
    """
    folder = Path(folder)
    meta_path = folder / "hasil.json"
    if not meta_path.is_file():
        raise AnalysisError(f"{folder}: no hasil.json; run `workbench analyze` first")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    frames = {}
    for name in FRAMES:
        p = folder / f"{name}.parquet"
        if not p.is_file():
            raise AnalysisError(f"{p}: missing; the saved result is incomplete")
        frames[name] = pd.read_parquet(p)
    return Hasil(tahun=int(meta["tahun"]), info=meta.get("info", {}), **frames)


# --- csv / xlsx ----------------------------------------------------------------------------
#: File name (csv) and Indonesian sheet name per frame.
BERKAS = {
    "capaian": ("capaian.csv", "Capaian"),
    "capaian_lintasan": ("capaian_lintasan.csv", "Lintasan Capaian"),
    "konsistensi": ("konsistensi.csv", "Konsistensi Dokumen"),
    "konsistensi_rincian": ("konsistensi_rincian.csv", "Rincian Konsistensi"),
    "sinkronisasi": ("sinkronisasi.csv", "Sinkronisasi"),
    "sinkronisasi_rincian": ("sinkronisasi_rincian.csv", "Rincian Sinkronisasi"),
    "sinkronisasi_tanpa_dukungan": ("sinkronisasi_tanpa_dukungan.csv", "Outcome Tanpa Dukungan"),
    "target_agregat": ("target_agregat.csv", "Target Agregat"),
    "target_agregat_rincian": ("target_agregat_rincian.csv", "Rincian Target Agregat"),
}


_EXCEL_MAX_ROWS = 1_048_575


def write_outputs(hasil: Hasil, out_dir: Path | str) -> list[Path]:
    """Write every frame as csv and all of them in ``analisis.xlsx``.

    CSV files keep the machine column names (the key columns other tools rely on); the
    workbook uses readable Indonesian sheet and column names, bold headers, set widths and a
    ``Keterangan`` sheet with the year, parameters and any truncation. Files are written under
    a temporary name and renamed.

    Args:
        hasil: The results.
        out_dir: Output folder (created).

    Returns:
        The paths written, csv files first, the workbook last.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in hasil.frames().items():
        path = out / BERKAS[name][0]
        with atomic_path(path) as tmp:
            write_csv(frame, tmp)
        written.append(path)
    xlsx = out / "analisis.xlsx"
    with atomic_path(xlsx, suffix=".xlsx") as tmp:
        _write_xlsx(hasil, tmp)
    written.append(xlsx)
    return written


def _width(frame: pd.DataFrame, col: str, label: str) -> float:
    sample = frame[col].head(200).astype("string").fillna("")
    longest = int(sample.str.len().max()) if len(sample) else 0
    return float(min(max(len(label), longest) + 2, 60))


def _write_xlsx(hasil: Hasil, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    dipotong = []
    for name, frame in hasil.frames().items():
        ws = wb.create_sheet(BERKAS[name][1])
        labels = [label_kolom(c) for c in frame.columns]
        rows = frame
        if len(frame) > _EXCEL_MAX_ROWS:
            rows = frame.iloc[:_EXCEL_MAX_ROWS]
            dipotong.append((BERKAS[name][1], len(frame), BERKAS[name][0]))
        widths = {c: _width(frame, c, lab) for c, lab in zip(frame.columns, labels, strict=True)}
        write_sheet(ws, rows, labels, widths=widths, wrap_header=False)
    ws = wb.create_sheet("Keterangan")
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 80
    head = [safe_cell(ws, "Keterangan"), safe_cell(ws, "Nilai")]
    for c in head:
        c.font = bold
    ws.append(head)
    ket = [
        ("Tahun analisis", hasil.tahun),
        ("Parameter", json.dumps(hasil.info.get("parameter", {}), ensure_ascii=False)),
        ("Kesepakatan bukan level 2 (diabaikan)",
         hasil.info.get("kesepakatan_bukan_level2_diabaikan")),
        *((f"Sheet '{sheet}' dipotong", f"{n} baris; selengkapnya di {csv}")
          for sheet, n, csv in dipotong),
    ]  # fmt: skip
    for label, value in ket:
        ws.append([safe_cell(ws, label), safe_cell(ws, value)])
    wb.save(path)
