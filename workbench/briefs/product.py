"""The product job (``workbench briefs``): analysis once, briefs, index, Excel, PDF.

:func:`run_briefs` computes the province-wide analysis once, builds one job per kab/kota
plus the province overview, runs them with :class:`~workbench.briefs.batch.BatchRunner`,
then writes the index page, the Excel tables and (optionally) the PDFs.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import shutil
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench.briefs.batch import BatchRunner
from workbench.briefs.jobs import (
    DEFAULT_PRELOAD,
    MANIFEST,
    BriefsError,
    Job,
    JobResult,
    RunResult,
    TemplateError,
)
from workbench.briefs.provenance import sha256_file
from workbench.fileio import atomic_path, atomic_write_text
from workbench.paths import PROJ_ROOT, TEMPLATES_DIR

#: What the brief templates use, imported while the kernels warm up (not in the first brief).
BRIEF_PRELOAD = DEFAULT_PRELOAD + (
    "geopandas", "workbench.analysis", "workbench.maps", "workbench.laporan",
)


# --- the main job: district briefs and the province overview ---------------------------------
TEMPLATE_KABKOTA = "brief_kabkota.ipynb"
TEMPLATE_PROVINSI = "ringkasan_provinsi.ipynb"

#: Builds a job's parameters from (kode_wilayah, context). Context keys: ``tahun``, ``data``,
#: ``hasil_path`` and ``parameters_path`` (paths relative to the output folder, the kernels'
#: working directory; ``parameters_path`` is ``""`` for the default YAML), ``provinsi`` (bool).
ParameterBuilder = Callable[[str, Mapping[str, Any]], dict[str, Any]]


def default_parameters(kode: str, konteks: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters of the brief templates (see ``notebooks/templates/README.md``).

    ``kode_wilayah`` (string), ``tahun`` (int), ``data`` (the run's copy of the package),
    ``hasil_path`` (the analysis computed once), ``parameters_path``.
    """
    return {
        "kode_wilayah": str(kode),
        "tahun": int(konteks["tahun"]),
        "data": str(konteks["data"]),
        "hasil_path": str(konteks["hasil_path"]),
        "parameters_path": str(konteks["parameters_path"]),
    }


def slug(text: str) -> str:
    """File-name slug of a name (:func:`workbench.teks.slug`): ``Gunung Mas`` → ``gunung-mas``."""
    from workbench.teks import slug as teks_slug

    return teks_slug(text)


def _pilih_wilayah(wilayah: Sequence[str] | None, daftar: Sequence[str]) -> list[str]:
    if not wilayah:
        return list(daftar)
    out = []
    for kode in wilayah:
        if isinstance(kode, float):
            raise BriefsError(f"code {kode!r} was read as a number: pass it as a string, '62.10'")
        kode = str(kode).strip()
        if kode not in daftar:
            close = difflib.get_close_matches(kode, daftar, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise BriefsError(f"unknown kab/kota code {kode!r}{hint} (known: {', '.join(daftar)})")
        if kode not in out:
            out.append(kode)
    return out


def _copy_package(data: Path, dest_root: Path) -> tuple[Path, dict[str, Path]]:
    """Copy the input package into the run's cache (briefs read it by a relative path).

    Returns:
        The copy's path and ``{relative name: original file}`` of every input file.
    """
    data = Path(data)
    if data.is_dir():
        files = sorted(p for p in data.rglob("*") if p.is_file() and not p.name.startswith("."))
        dest = dest_root / data.name
    else:
        files = [data]
        dest = dest_root / data.name
    if data.is_dir() and dest.is_dir():
        # a file removed from the package since the last run must not linger in the copy
        wanted = {dest / f.relative_to(data) for f in files}
        for old in [p for p in dest.rglob("*") if p.is_file() and p not in wanted]:
            old.unlink()
    masukan = {}
    for f in files:
        rel = f.relative_to(data) if data.is_dir() else Path(f.name)
        target = dest / rel if data.is_dir() else dest
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or sha256_file(target) != sha256_file(f):
            with atomic_path(target) as tmp:
                shutil.copyfile(f, tmp)
        masukan[f"{data.name}/{rel.as_posix()}" if data.is_dir() else data.name] = f
    return dest, masukan


def run_briefs(
    data: Path | str | None = None,
    tahun: int = 2026,
    wilayah: Sequence[str] | None = None,
    jobs: int | None = 2,
    out: Path | str | None = None,
    scheduler: Any = None,
    parameters: Path | str | None = None,
    resume: bool = False,
    *,
    templates_dir: Path | str | None = None,
    parameter_builder: ParameterBuilder | None = None,
    preload: Sequence[str] | None = None,
    progress: bool = True,
    pdf: bool = False,
) -> RunResult:
    """Execute the district briefs and the province overview; write index, Excel, manifest.

    Steps: resolve the data (None: the built-in sample), start the warm kernels, load the
    package and compute the province-wide analysis once (``<out>/_cache/<tahun>/hasil``,
    beside the shared ``<out>/<tahun>/`` so that no raw data copy sits among the briefs),
    build one job per kab/kota (``brief_kabkota.ipynb``) plus the province overview
    (``ringkasan_provinsi.ipynb``), run them, then write ``index.html`` and the Excel tables.

    Args:
        data: Package folder or ``.xlsx``; None generates/reuses the built-in sample.
        tahun: Plan year.
        wilayah: Kemendagri codes of the kab/kota to brief (default: the parameters' list).
        jobs: Parallel kernels (None: ``briefs.jobs`` of the parameters).
        out: Output root (default: ``WORKBENCH_OUTPUT_DIR`` or ``briefs.folder_keluaran``).
        scheduler: Dask scheduler address ``tcp://HOST:PORT`` (or a ``Client``).
        parameters: Parameters YAML (default ``parameters/kalteng.yaml``).
        resume: Skip briefs whose inputs and parameters are unchanged.
        templates_dir: Folder holding the two templates (tests point it at fixtures).
        parameter_builder: Builds each job's parameters (default :func:`default_parameters`).
        preload: Modules imported once per kernel.
        progress: Show the progress bar.
        pdf: Also print a PDF per brief and the booklet (:func:`workbench.pdf.write_pdfs`).

    Returns:
        The :class:`RunResult`.

    Raises:
        BriefsError: unknown code, missing template or data.
        workbench.pdf.PdfError: ``pdf`` and no Chromium to print with (the briefs are written).
        workbench.config.ParameterError, workbench.contract.PackageError,
        workbench.analysis.AnalysisError: bad parameters, data or year.
    """
    t0 = time.monotonic()
    from workbench.config import DEFAULT_PARAMETERS, load_parameters

    params = load_parameters(parameters)
    root = Path(out) if out is not None else _default_out(params.briefs.folder_keluaran)
    out_dir = root / str(int(tahun))
    # The analysis and the data copy live beside, not inside, the shared folder of the year.
    cache = root / "_cache" / str(int(tahun))
    if (out_dir / "_cache").is_dir():  # left by a run of an earlier version
        shutil.rmtree(out_dir / "_cache")
    tdir = Path(templates_dir) if templates_dir is not None else TEMPLATES_DIR
    kodes = _pilih_wilayah(wilayah, params.daftar_kabkota())
    builder = parameter_builder or default_parameters
    for name in (TEMPLATE_KABKOTA, TEMPLATE_PROVINSI):
        if not (tdir / name).is_file():
            raise TemplateError(f"{tdir / name}: template notebook not found")

    runner = BatchRunner(
        out_dir,
        jobs=jobs or params.briefs.jobs,
        scheduler=scheduler,
        timeout=params.briefs.timeout_detik,
        retries=params.briefs.retries,
        preload=BRIEF_PRELOAD if preload is None else preload,
        progress=progress,
    )
    with runner:
        # kernels warm up while the analysis runs; nothing above imports pandas (0.5 s that
        # would otherwise pass before the first kernel is launched)
        runner.start()
        from workbench.reference import load_wilayah

        wl = load_wilayah()
        nama = dict(zip(wl["kode"], wl["nama"], strict=True))
        data_path = Path(data) if data is not None else _ensure_sample()
        if not data_path.exists():
            raise BriefsError(f"{data_path}: data package not found (a folder of CSV or .xlsx)")
        hasil = _analyse(data_path, int(tahun), params, cache / "hasil")
        data_copy, masukan = _copy_package(data_path, cache / "data")
        # the parameters YAML shapes the analysis: hashed, copied and passed like the data
        params_file = Path(parameters) if parameters is not None else DEFAULT_PARAMETERS
        params_copy, params_in = _copy_package(params_file, cache / "parameters")
        masukan.update({f"parameters/{k}": v for k, v in params_in.items()})
        rel = lambda p: Path(os.path.relpath(p, out_dir)).as_posix()  # noqa: E731
        konteks = {
            "tahun": int(tahun),
            "data": rel(data_copy),
            "hasil_path": rel(cache / "hasil"),
            "parameters_path": rel(params_copy),
        }
        prov = params.provinsi
        job_list = [
            Job(tdir / TEMPLATE_KABKOTA, builder(k, {**konteks, "provinsi": False}),
                f"{k}-{slug(nama[k])}", nama[k])
            for k in kodes
        ]
        job_list.append(Job(tdir / TEMPLATE_PROVINSI, builder(prov, {**konteks, "provinsi": True}),
                            f"{prov}-{slug(nama[prov])}", nama[prov]))
        parameter_run = {"tahun": int(tahun), "wilayah": kodes, "resume": resume,
                         "parameters": params_file.name,
                         "data": next(iter(masukan)).split("/")[0]}
        # the Excel tables and the index's map need only the analysis: made in a thread once
        # no more than two briefs per kernel remain (about 0.9 s of CPU that would otherwise
        # run alone on one core after the last brief; started one brief per kernel later it
        # still left 0.3 s more of a core idle, mean of 4 runs each), not against the kernels'
        # start
        ahead = _ReportsAhead(out_dir, hasil)
        n_kernel = runner.jobs

        def on_progress(done: int, total: int) -> None:
            if total - done <= 2 * n_kernel:
                ahead.start_once()

        result = runner.run(job_list, masukan=masukan, parameter_run=parameter_run,
                            resume=resume, on_progress=on_progress)  # fmt: skip
        runner.release()  # the kernels shut down while the reports are finished
        ahead.start_once()
        ahead.join()
    pdfs = _write_pdfs(result, int(tahun), nama[prov]) if pdf else []
    index, extra, notes = _write_reports(result, hasil, ahead)
    return dataclasses.replace(result, index=index, extra=[*extra, *pdfs], catatan=notes,
                               durasi_detik=round(time.monotonic() - t0, 3))


def _default_out(folder: str) -> Path:
    if os.environ.get("WORKBENCH_OUTPUT_DIR"):
        from workbench.paths import output_dir

        return output_dir()
    return PROJ_ROOT / folder


def _ensure_sample() -> Path:
    try:
        from workbench.sample import ensure_sample
    except ImportError as err:
        raise BriefsError(
            "no --data given and the built-in sample generator (workbench.sample) is not "
            f"available: {err}"
        ) from err
    return Path(ensure_sample())


def _analyse(data: Path, tahun: int, params: Any, folder: Path) -> Any:
    from workbench.analysis import run_analysis, save_hasil
    from workbench.contract import load_package

    hasil = run_analysis(load_package(data), tahun, params)
    save_hasil(hasil, folder)
    return hasil


def _write_pdfs(result: RunResult, tahun: int, nama_provinsi: str) -> list[Path]:
    """PDF per brief and the booklet (overview first), before the index that links them."""
    from workbench import laporan, pdf, teks

    order = sorted(result.hasil, key=lambda r: "." in r.stem.split("-", 1)[0])
    dokumen = []
    for r in order:
        kode = r.stem.split("-", 1)[0]
        judul = f"Ringkasan {nama_provinsi}" if "." not in kode else teks.nama_wilayah(kode)
        dokumen.append(pdf.Dokumen(r.stem, judul))
    return pdf.write_pdfs(result.out_dir, dokumen, tahun, judul_buku=nama_provinsi,
                          sintetis=laporan._sintetis_keluaran(result.out_dir))  # fmt: skip


class _ReportsAhead(threading.Thread):
    """The run's Excel tables and the index page's province part, in a thread of the parent.

    Both depend on the analysis only, not on the briefs. :func:`run_briefs` starts it when
    two briefs per kernel remain, so it runs on the core the first idle kernel
    leaves, during the last briefs, and joins it before the PDFs and the index; the parent
    draws nothing else meanwhile (matplotlib's rcParams are process-wide). An error is kept,
    not raised: :func:`_write_reports` reports it as it would its own.
    """

    def __init__(self, out_dir: Path, hasil: Any) -> None:
        super().__init__(name="workbench-laporan", daemon=True)
        self.out_dir = out_dir
        self.hasil = hasil
        self.excel: list[Path] | BaseException = []
        self.index: Any = None  # laporan.IndexSiap, or the exception that stopped it

    def start_once(self) -> None:
        """Start the thread unless it was started already."""
        if self.ident is None:
            self.start()

    def run(self) -> None:
        try:
            from workbench import laporan
        except Exception as err:  # noqa: BLE001 - reported by _write_reports
            self.excel = self.index = err
            return
        try:
            self.excel = [Path(p) for p in laporan.tulis_excel(self.out_dir, self.hasil) or []]
        except Exception as err:  # noqa: BLE001 - reported; the briefs stand on their own
            self.excel = err
        try:
            self.index = laporan.siapkan_index(self.out_dir, self.hasil)
        except Exception as err:  # noqa: BLE001 - the index then falls back to a plain one
            self.index = err


def _write_reports(
    result: RunResult, hasil: Any, ahead: _ReportsAhead
) -> tuple[Path, list[Path], list[str]]:
    """Index page and Excel tables (:mod:`workbench.laporan`), after the briefs.

    The briefs are already written when this runs: if the rich index (map and headline
    figures) cannot be drawn, a plain index listing every brief takes its place and the
    problem is reported, so a run never ends without an index page. ``ahead`` (finished)
    holds the Excel tables and the index's province part, or the errors that stopped them.

    Returns:
        The index path, the Excel paths and notes for the summary.
    """
    notes: list[str] = []
    if isinstance(ahead.excel, BaseException):
        err = ahead.excel
        notes.append(f"Excel tables not written ({type(err).__name__}: {err})")
    extra = [] if isinstance(ahead.excel, BaseException) else list(ahead.excel)
    try:
        if isinstance(ahead.index, BaseException):
            raise ahead.index
        from workbench import laporan

        index = Path(laporan.tulis_index(result.out_dir, hasil, result.hasil, excel=False,
                                         siap=ahead.index))  # fmt: skip
    except Exception as err:  # noqa: BLE001 - any failure here must still leave an index
        notes.append(f"index with map failed ({type(err).__name__}: {err}); wrote a plain index")
        index = write_plain_index(result.out_dir, result.hasil)
    return index, extra, notes


def write_plain_index(out_dir: Path, results: Sequence[JobResult]) -> Path:
    """A plain ``index.html`` listing every brief with its status and link (HTML-escaped).

    Used when ``workbench.laporan.tulis_index`` (map and headline figures) is not available.
    Rendered from ``templates/plain_index.html.j2`` with Jinja2 autoescaping on.

    Returns:
        The path written.
    """
    from jinja2 import Environment, PackageLoader

    baris = []
    for r in results:
        ket = ""
        if r.kegagalan:
            k = r.kegagalan
            sel = f"sel {k['sel']}: " if k.get("sel") is not None else ""
            ket = f"{sel}{k.get('galat')}: {k.get('pesan')}"
        baris.append({"kode": r.stem.split("-", 1)[0], "nama": r.judul or r.stem,
                      "link": r.berkas.get("html"), "status": r.status, "keterangan": ket})
    env = Environment(loader=PackageLoader("workbench.briefs", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    page = env.get_template("plain_index.html.j2").render(baris=baris, manifest=MANIFEST)
    path = Path(out_dir) / "index.html"
    atomic_write_text(path, page)
    return path
