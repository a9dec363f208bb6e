"""Worker side of the engine: a :class:`Runner` executes job payloads on its warm kernel.

Used by the local worker processes and by Dask worker threads (one cached runner per
thread); returns the executed notebook and its HTML as text, writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import platform
import sys
import threading
import time
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbench.briefs.export import _warm_exporter, export_html
from workbench.briefs.jobs import DEFAULT_PRELOAD, ENGINE_NAME, KERNEL_NAME, STATUS_GAGAL, STATUS_OK
from workbench.briefs.kernel import WarmKernel, _register_engine
from workbench.briefs.provenance import _prefixes, _scrub, scrub_text


def _tanpa_rfc3987() -> None:
    """Keep ``rfc3987_syntax`` out of batch processes (a 1.6-2.2 s import, unused here).

    ``jsonschema._format`` imports it inside ``contextlib.suppress(ImportError)`` to offer the
    ``iri`` format; a ``None`` entry in ``sys.modules`` makes that import fail fast.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]



class Runner:
    """Worker-side executor of jobs on one :class:`WarmKernel` (one per process or thread)."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        _tanpa_rfc3987()
        self.settings = dict(settings)
        self.kernel = WarmKernel(
            preload=self.settings.get("preload", DEFAULT_PRELOAD),
            retries=int(self.settings.get("retries", 1)),
        )
        self.worker = f"{platform.node()}:{os.getpid()}:{threading.current_thread().name}"

    def warm_up(self) -> None:
        """Start the kernel ahead of the first job (errors are left to the first job).

        The kernel is launched first; while it starts and imports the preload modules, this
        process imports papermill (registering the warm engine) and builds the HTML exporter
        (nbconvert's templates and filters), work that would otherwise delay the kernel or
        land in its first brief.
        """
        with contextlib.suppress(Exception):
            self.kernel.start(while_waiting=_siapkan_pekerja)

    def _ready_kernel(self, cwd: str) -> bool:
        """Make sure a clean kernel is running in ``cwd``; return whether it is fresh."""
        fresh = False
        if not self.kernel.alive():
            self.kernel.shutdown()
            self.kernel.start()
            fresh = True
        try:
            self.kernel.reset(cwd)
        except (RuntimeError, TimeoutError):
            self.kernel.shutdown()
            self.kernel.start()
            self.kernel.reset(cwd)
            fresh = True
        return fresh or self.kernel.briefs_run == 0

    def run(self, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Execute one job payload; never raises for a job failure.

        Args:
            payload: ``template`` (str), ``parameters``, ``stem``, ``judul``, ``cwd`` (output
                folder, the kernel's working directory), ``template_rel`` (relative name
                recorded in the notebook), ``timeout`` (s per job), ``timeout_sel`` (s per cell).

        Returns:
            A dict with ``status``, ``durasi_detik``, ``kegagalan``, ``kernel``, ``ipynb``
            (text) and ``html`` (text or None).
        """
        t0 = time.monotonic()
        out: dict[str, Any] = {"status": STATUS_OK, "kegagalan": None, "ipynb": None, "html": None}
        try:
            fresh = self._ready_kernel(payload["cwd"])
        except (RuntimeError, TimeoutError) as err:
            self.kernel.shutdown()
            out.update(
                status=STATUS_GAGAL,
                kegagalan={"jenis": "kernel_gagal_mulai", "sel": None,
                            "galat": type(err).__name__, "pesan": str(err)},
                kernel={"pid": None, "brief_ke": 0, "pekerja": self.worker},
                durasi_detik=round(time.monotonic() - t0, 3),
            )
            return out
        self.kernel.briefs_run += 1
        out["kernel"] = {
            "pid": self.kernel.pid,
            "brief_ke": self.kernel.briefs_run,
            "baru": fresh,
            "pekerja": self.worker,
        }
        nb, failure = self._execute(payload, t0)
        if failure is not None:
            out.update(status=STATUS_GAGAL, kegagalan=failure)
            self.kernel.shutdown()  # a failed brief never leaves its state to the next one
        if nb is not None:
            out["ipynb"], out["html"] = self._finish(nb, payload, out)
        out["durasi_detik"] = round(time.monotonic() - t0, 3)
        return out

    def _execute(self, payload: Mapping[str, Any], t0: float) -> tuple[Any, dict | None]:
        import papermill as pm
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        _register_engine()  # no-op after the first brief (or the warm-up) registered it
        from papermill.exceptions import PapermillExecutionError

        deadline = t0 + float(payload["timeout"])
        per_cell = payload.get("timeout_sel") or payload["timeout"]

        def timeout_func(cell: Any) -> int:
            # nbclient treats 0 as "no timeout": never return less than 1 s
            return max(1, math.ceil(min(float(per_cell), deadline - time.monotonic())))

        holder: dict[str, Any] = {}
        failure: dict[str, Any] | None = None
        try:
            pm.execute_notebook(
                payload["template"],
                None,
                parameters=dict(payload["parameters"]),
                engine_name=ENGINE_NAME,
                kernel_name=KERNEL_NAME,
                progress_bar=False,
                km=self.kernel.km,
                kc=self.kernel.kc,
                holder=holder,
                timeout_func=timeout_func,
            )
        except PapermillExecutionError as err:
            failure = {"jenis": "sel", "sel": err.cell_index, "galat": err.ename,
                       "pesan": str(err.evalue)[:1000]}
        except CellTimeoutError as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else ""
            failure = {"jenis": "batas_waktu", "sel": None, "galat": "TimeoutError",
                       "pesan": f"batas waktu terlampaui (job {payload['timeout']:g} s): {first}"}
        except DeadKernelError as err:
            failure = {"jenis": "kernel_mati", "sel": None, "galat": "DeadKernelError",
                       "pesan": f"kernel berhenti saat eksekusi: {err}"[:1000]}
        except Exception as err:  # noqa: BLE001 - any other failure is recorded, not raised
            failure = {"jenis": "runner", "sel": None, "galat": type(err).__name__,
                       "pesan": "".join(traceback.format_exception_only(err)).strip()[:1000]}
        nb = holder.get("nb")
        if failure is not None and nb is not None:
            failure["sel"] = _template_cell_index(nb)
        return nb, failure

    def _finish(self, nb: Any, payload: Mapping[str, Any], out: dict) -> tuple[str, str | None]:
        import nbformat

        prefixes = _prefixes(Path(payload["cwd"]))
        nb.metadata.papermill["input_path"] = payload["template_rel"]
        nb.metadata.papermill["output_path"] = f"{payload['stem']}.ipynb"
        # papermill's injected and marker cells get random ids: make them stable so two runs
        # of the same brief give the same notebook and HTML
        n_marker = 0
        for cell in nb.cells:
            tags = cell.get("metadata", {}).get("tags", [])
            if "injected-parameters" in tags:
                cell["id"] = "injected-parameters"
            elif "papermill-error-cell-tag" in tags:
                n_marker += 1
                cell["id"] = f"papermill-error-{n_marker}"
        nb.metadata["workbench"] = {
            "status": out["status"],
            "stem": payload["stem"],
            "kegagalan": out["kegagalan"],
        }
        _scrub(nb, prefixes)
        html_text = None
        if out["status"] == STATUS_OK:
            try:
                html_text = export_html(nb, payload.get("judul") or payload["stem"])
            except Exception as err:  # noqa: BLE001 - an export failure fails this job only
                out["status"] = STATUS_GAGAL
                out["kegagalan"] = {"jenis": "ekspor_html", "sel": None,
                                    "galat": type(err).__name__, "pesan": str(err)[:1000]}
                nb.metadata["workbench"].update(status=STATUS_GAGAL, kegagalan=out["kegagalan"])
        if out["kegagalan"]:
            out["kegagalan"]["pesan"] = scrub_text(str(out["kegagalan"]["pesan"]), prefixes)
        return nbformat.writes(nb), html_text


def _template_cell_index(nb: Any) -> int | None:
    """Index, in the template, of the cell where execution failed or stopped.

    The failing cell is the one papermill marked with an exception (or holding an error
    output); failing that (kernel death, timeout) the last cell that started. The index
    skips papermill's ``injected-parameters`` and error-marker cells, so it matches what the
    template's author sees in JupyterLab (0-based).
    """
    index = None
    for i, c in enumerate(nb.cells):
        pm_meta = c.get("metadata", {}).get("papermill", {})
        errors = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
        if pm_meta.get("exception") is True or errors:
            index = i
            break
        if pm_meta.get("start_time"):
            index = i
    if index is None:
        return None
    skip = ("injected-parameters", "papermill-error-cell-tag")
    template_index = -1
    for i, c in enumerate(nb.cells):
        if any(t in c.get("metadata", {}).get("tags", []) for t in skip):
            if i == index:
                return None
            continue
        template_index += 1
        if i == index:
            return template_index
    return None


def _siapkan_pekerja() -> None:
    """What a worker prepares while its kernel starts: papermill's engine, the exporter."""
    _register_engine()
    _warm_exporter()


def _gagal(jenis: str, galat: str, pesan: str, durasi: float = 0.0) -> dict[str, Any]:
    """A worker-level failure result (no notebook was produced)."""
    return {"status": STATUS_GAGAL, "ipynb": None, "html": None, "kernel": {},
            "durasi_detik": round(durasi, 3),
            "kegagalan": {"jenis": jenis, "sel": None, "galat": galat, "pesan": pesan[:1000]}}


_LOCAL = threading.local()


def _runner_for(settings: Mapping[str, Any]) -> Runner:
    """The cached :class:`Runner` of this thread (Dask worker threads keep a warm kernel each)."""
    key = json.dumps(settings, sort_keys=True)
    runner = getattr(_LOCAL, "runner", None)
    if runner is None or getattr(_LOCAL, "key", None) != key:
        if runner is not None:
            runner.kernel.shutdown()
        runner = Runner(settings)
        _LOCAL.runner, _LOCAL.key = runner, key
        import atexit

        atexit.register(runner.kernel.shutdown)
    return runner


def run_payload(payload: Mapping[str, Any], settings: Mapping[str, Any]) -> dict[str, Any]:
    """Execute one job payload on this thread's warm kernel (the Dask task function)."""
    return _runner_for(settings).run(payload)


def warm_up_payload(settings: Mapping[str, Any]) -> str:
    """Start this thread's warm kernel ahead of the briefs (the Dask warm-up task)."""
    runner = _runner_for(settings)
    if not runner.kernel.alive():
        runner.warm_up()
    return runner.worker
