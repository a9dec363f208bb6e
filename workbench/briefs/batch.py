"""The generic batch engine: execute any template over a list of jobs, write outputs.

:class:`BatchRunner` writes per job ``<stem>.ipynb`` and ``<stem>.html``, then
``manifest.json``; it knows nothing of the product (see :mod:`workbench.briefs.product`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from workbench.briefs.jobs import (
    DEFAULT_PRELOAD,
    MANIFEST,
    STATUS_DILEWATI,
    STATUS_GAGAL,
    STATUS_OK,
    BriefsError,
    Job,
    JobResult,
    RunResult,
    check_template,
)
from workbench.briefs.pools import _DaskPool, _LocalPool
from workbench.briefs.provenance import (
    _prefixes,
    _read_manifest,
    _relatif,
    _scrub,
    git_commit,
    job_hash,
    package_versions,
    sha256_file,
    source_hash,
)
from workbench.briefs.runner import _tanpa_rfc3987
from workbench.fileio import atomic_write_text
from workbench.paths import PROJ_ROOT


# --- the batch runner ------------------------------------------------------------------------
class BatchRunner:
    """Execute jobs on warm kernels (local processes or Dask) and write outputs + manifest.

    Use as a context manager so the kernels stop at the end; call :meth:`start` early to let
    them warm up while the caller prepares the inputs (otherwise :meth:`run` starts them)::

        with BatchRunner(out_dir, jobs=2, preload=["workbench.analysis"]) as runner:
            runner.start()
            ...  # prepare inputs while kernels warm up
            result = runner.run(jobs, masukan={"data/rencana.csv": path})

    Args:
        out_dir: Folder receiving ``<stem>.ipynb``, ``<stem>.html`` and ``manifest.json``;
            also the kernels' working directory (templates get paths relative to it).
        jobs: Parallel warm kernels (local worker processes).
        scheduler: ``tcp://HOST:PORT`` of a Dask scheduler (or a ``distributed.Client``);
            None runs locally.
        timeout: Wall-clock seconds per job (overall deadline).
        timeout_sel: Seconds per cell (default: ``timeout``).
        retries: Extra attempts when a kernel fails to start.
        preload: Modules imported once per kernel.
        progress: Show a tqdm progress bar over jobs.
    """

    def __init__(
        self,
        out_dir: Path | str,
        *,
        jobs: int = 2,
        scheduler: Any = None,
        timeout: float = 600,
        timeout_sel: float | None = None,
        retries: int = 1,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        progress: bool = True,
    ) -> None:
        if jobs < 1:
            raise BriefsError(f"jobs must be at least 1, got {jobs}")
        self.out_dir = Path(out_dir)
        self.jobs = jobs
        self.scheduler = scheduler
        self.timeout = float(timeout)
        self.timeout_sel = timeout_sel
        self.settings = {"preload": list(preload), "retries": int(retries)}
        self.progress = progress
        self._pool: _LocalPool | _DaskPool | None = None

    def __enter__(self) -> BatchRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker processes (their kernels warm up in the background)."""
        if self._pool is not None:
            return
        _tanpa_rfc3987()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if self.scheduler is not None:
            self._pool = _DaskPool(self.scheduler, self.settings)
        else:
            self._pool = _LocalPool(self.jobs, self.settings)
        self._pool.start()

    def release(self) -> None:
        """No more jobs: local workers start shutting their kernels down; :meth:`close` waits.

        For a caller with work of its own after the last :meth:`run` (reports), so the
        kernels' shutdown overlaps it. A :meth:`run` after this is refused.
        """
        if isinstance(self._pool, _LocalPool):
            self._pool.release()

    def close(self) -> None:
        """Stop the workers and their kernels."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def describe(self) -> str:
        """The executor, as recorded in the manifest."""
        if isinstance(self._pool, _DaskPool):
            return self._pool.describe()
        return f"lokal ({self.jobs} proses, kernel hangat)"

    def run(
        self,
        jobs: Sequence[Job],
        *,
        masukan: Mapping[str, Path] | None = None,
        parameter_run: Mapping[str, Any] | None = None,
        resume: bool = False,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> RunResult:
        """Execute ``jobs``; write notebooks, HTML and ``manifest.json``.

        Args:
            jobs: The jobs (stems must be unique).
            masukan: Input files shared by the jobs, by relative name (hashed into the
                manifest and into each job's resume hash).
            parameter_run: Run-level parameters recorded in the manifest.
            resume: Skip jobs whose hash matches the last successful run.
            on_progress: Called as ``on_progress(done, total)`` once before the first job
                and after each job's files are written (skipped jobs count as done).

        Returns:
            The :class:`RunResult`.

        Raises:
            BriefsError: duplicate stems; TemplateError: a template cannot be used.
        """
        t0 = time.monotonic()
        if isinstance(self._pool, _LocalPool) and self._pool.released:
            raise BriefsError("the workers were released (BatchRunner.release): start a new runner")
        stems = [j.stem for j in jobs]
        dup = sorted({s for s in stems if stems.count(s) > 1})
        if dup:
            raise BriefsError(f"duplicate output stems: {', '.join(dup)}")
        template_sha = self._check_templates(jobs)
        masukan_sha = {name: sha256_file(Path(p)) for name, p in sorted((masukan or {}).items())}
        manifest_path = self.out_dir / MANIFEST
        previous = {b.get("stem"): b for b in _read_manifest(manifest_path).get("briefs", [])}

        results: dict[int, JobResult] = {}
        payloads: dict[int, dict[str, Any]] = {}
        hashes = {}
        for i, job in enumerate(jobs):
            hashes[i] = job_hash(job, template_sha[job.template], masukan_sha)
            if resume and self._unchanged(job, hashes[i], previous.get(job.stem)):
                old = previous[job.stem]
                results[i] = JobResult(job.stem, job.judul, STATUS_DILEWATI, 0.0, hashes[i],
                                       berkas=old.get("berkas", {}))
            else:
                payloads[i] = self._payload(job)

        stream: Iterable[tuple[int, dict]] = ()
        if payloads:  # all skipped by resume: no worker, no kernel
            self.start()
            assert self._pool is not None
            stream = self._pool.run(payloads, self.timeout)
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), unit="brief", desc="briefs", disable=not self.progress,
                   initial=len(results))
        try:
            if on_progress is not None:
                on_progress(len(results), len(jobs))
            for job_id, res in stream:
                results[job_id] = self._write(jobs[job_id], hashes[job_id], res)
                bar.update(1)
                if on_progress is not None:
                    on_progress(len(results), len(jobs))
                gagal = sum(r.status == STATUS_GAGAL for r in results.values())
                if gagal:
                    bar.set_postfix(gagal=gagal)
        finally:
            bar.close()
            ordered = [results[i] for i in sorted(results)]
            manifest = self._manifest(jobs, ordered, previous, masukan_sha, template_sha,
                                      parameter_run or {}, time.monotonic() - t0)
            atomic_write_text(manifest_path, json.dumps(manifest, indent=2, ensure_ascii=False))
        return RunResult(self.out_dir, ordered, manifest_path, round(time.monotonic() - t0, 3),
                         self.describe())

    def _check_templates(self, jobs: Sequence[Job]) -> dict[Path, str]:
        names: dict[Path, set[str]] = {}
        for job in jobs:
            names.setdefault(job.template, set()).update(job.parameters)
        out = {}
        for template, params in names.items():
            check_template(template, params)
            out[template] = sha256_file(template)
        return out

    def _unchanged(self, job: Job, h: str, old: Mapping[str, Any] | None) -> bool:
        if not old or old.get("status") != STATUS_OK or old.get("hash") != h:
            return False
        files = old.get("berkas", {})
        return all((self.out_dir / files.get(k, "\0")).is_file() for k in ("ipynb", "html"))

    def _payload(self, job: Job) -> dict[str, Any]:
        return {
            "template": str(job.template.resolve()),
            "template_rel": _relatif(job.template, PROJ_ROOT),
            "parameters": job.parameters,
            "stem": job.stem,
            "judul": job.judul,
            "cwd": str(self.out_dir.resolve()),
            "timeout": self.timeout,
            "timeout_sel": self.timeout_sel,
        }

    def _write(self, job: Job, h: str, res: Mapping[str, Any]) -> JobResult:
        ipynb = self.out_dir / f"{job.stem}.ipynb"
        page = self.out_dir / f"{job.stem}.html"
        berkas: dict[str, str] = {}
        if res.get("ipynb") is not None:
            atomic_write_text(ipynb, res["ipynb"])
            berkas["ipynb"] = ipynb.name
        if res["status"] == STATUS_OK and res.get("html") is not None:
            atomic_write_text(page, res["html"])
            berkas["html"] = page.name
        else:
            # a failed brief must not leave an earlier run's HTML looking current
            with contextlib.suppress(FileNotFoundError):
                page.unlink()
        return JobResult(
            stem=job.stem,
            judul=job.judul,
            status=res["status"],
            durasi_detik=float(res.get("durasi_detik", 0.0)),
            hash=h,
            kegagalan=res.get("kegagalan"),
            kernel=dict(res.get("kernel") or {}),
            berkas=berkas,
            selesai=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        )

    def _manifest(
        self,
        jobs: Sequence[Job],
        ordered: Sequence[JobResult],
        previous: Mapping[str, Any],
        masukan_sha: Mapping[str, str],
        template_sha: Mapping[Path, str],
        parameter_run: Mapping[str, Any],
        durasi: float,
    ) -> dict[str, Any]:
        by_stem = {j.stem: j for j in jobs}
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        entries = []
        done = set()
        for r in ordered:
            job = by_stem[r.stem]
            entry = dataclasses.asdict(r)
            if r.status == STATUS_DILEWATI and r.stem in previous:
                # keep the facts of the run that produced the files being kept
                entry = {**previous[r.stem], "status": STATUS_DILEWATI,
                         "status_sebelumnya": previous[r.stem].get("status"), "hash": r.hash}
            entry.update(templat=_relatif(job.template, PROJ_ROOT), parameter=job.parameters)
            entries.append(entry)
            done.add(r.stem)
        for stem, old in previous.items():
            if stem not in done and stem not in by_stem:
                entries.append({**old, "dari_run_sebelumnya": True})
        counts = {s: sum(r.status == s for r in ordered)
                  for s in (STATUS_OK, STATUS_GAGAL, STATUS_DILEWATI)}
        extra = ("dask", "distributed") if isinstance(self._pool, _DaskPool) else ()
        manifest = {
            "dibuat": now,
            "eksekutor": self.describe(),
            "durasi_total_detik": round(durasi, 3),
            "ringkasan": {**counts, "jumlah": len(ordered),
                          "belum_selesai": len(jobs) - len(ordered)},
            "parameter": dict(parameter_run),
            "masukan": [{"berkas": k, "sha256": v} for k, v in masukan_sha.items()],
            "templat": [{"berkas": _relatif(p, PROJ_ROOT), "sha256": v}
                        for p, v in template_sha.items()],
            "versi_paket": package_versions(extra),
            "kode_sha256": source_hash(),
            "git_commit": git_commit(),
            "pengaturan": {"jobs": self.jobs, "timeout_detik": self.timeout,
                           "timeout_sel_detik": self.timeout_sel, **self.settings},
            "briefs": entries,
        }
        return _scrub(manifest, _prefixes(self.out_dir))


def run_jobs(job_list: Sequence[Job], out_dir: Path | str, *, resume: bool = False,
             masukan: Mapping[str, Path] | None = None,
             parameter_run: Mapping[str, Any] | None = None, **runner_kwargs: Any) -> RunResult:
    """Run ``job_list`` with a :class:`BatchRunner`.

    Keyword arguments other than those listed go to the :class:`BatchRunner` constructor
    (``jobs=2`` parallel kernels, ``scheduler``, ``timeout``, ``preload``, ``progress``).

    Returns:
        The :class:`RunResult` (``exit_code`` 1 when any job failed).
    """
    with BatchRunner(out_dir, **runner_kwargs) as runner:
        return runner.run(job_list, masukan=masukan, parameter_run=parameter_run, resume=resume)
