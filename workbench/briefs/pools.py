"""Executors of job payloads: local worker processes (one warm kernel each) or Dask."""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import queue
import sys
import time
from collections.abc import Iterable
from typing import Any

from workbench.briefs.jobs import BriefsError
from workbench.briefs.runner import _gagal, _runner_for, run_payload, warm_up_payload


# --- local executor: N worker processes, one warm kernel each ---------------------------------
def _pool_worker(wid: int, settings: dict, tasks: Any, results: Any) -> None:
    """Worker process main loop: warm the kernel, then run payloads until a ``None``."""
    import signal

    # terminate() from the parent: leave through ``finally`` so the kernel is shut down
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    runner = _runner_for(settings)
    runner.warm_up()
    try:
        while True:
            item = tasks.get()
            if item is None:
                break
            job_id, payload = item
            results.put(("mulai", wid, job_id, None))
            try:
                res = runner.run(payload)
            except Exception as err:  # noqa: BLE001 - a runner bug must not lose the job
                res = _gagal("pekerja", type(err).__name__, str(err))
            results.put(("selesai", wid, job_id, res))
    finally:
        runner.kernel.shutdown()


class _LocalPool:
    """N spawned worker processes fed from one task queue (FIFO), each with a warm kernel.

    The parent watches every worker: a worker that dies or overruns its job's deadline by
    more than ``grace`` seconds is terminated, its job recorded as failed, and a new worker
    (with a new kernel) takes its place.
    """

    def __init__(self, n: int, settings: dict, grace: float = 30.0) -> None:
        # fork: no re-import of the caller's __main__ (scripts without a main guard, notebooks)
        # and the workers inherit the parent's imports; spawn where fork does not exist.
        methods = mp.get_all_start_methods()
        self.ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        self.n = n
        self.settings = settings
        self.grace = grace
        self.tasks = self.ctx.Queue()
        self.results = self.ctx.Queue()
        self.procs: dict[int, Any] = {}
        self.running: dict[int, tuple[int, float]] = {}  # wid -> (job_id, started)
        self._next = 0
        self._deaths_idle = 0
        self.released = False

    def start(self) -> None:
        for _ in range(self.n):
            self._spawn()

    def _spawn(self) -> None:
        wid = self._next
        self._next += 1
        p = self.ctx.Process(
            target=_pool_worker, args=(wid, self.settings, self.tasks, self.results), daemon=True
        )
        p.start()
        self.procs[wid] = p

    def run(self, payloads: dict[int, dict], timeout: float) -> Iterable[tuple[int, dict]]:
        for job_id, payload in payloads.items():
            self.tasks.put((job_id, payload))
        pending = set(payloads)
        last_event = time.monotonic()
        while pending:
            yield from self._check_workers(pending, timeout)  # cheap: waitpid per worker
            if not pending:
                break
            try:
                kind, wid, job_id, res = self.results.get(timeout=0.5)
            except queue.Empty:
                if not self.running and time.monotonic() - last_event > timeout + self.grace:
                    yield from self._lost(pending)  # a task vanished with a dying worker
                continue
            last_event = time.monotonic()
            if kind == "mulai":
                self.running[wid] = (job_id, time.monotonic())
            elif job_id in pending:
                self.running.pop(wid, None)
                pending.discard(job_id)
                yield job_id, res

    def _check_workers(self, pending: set[int], timeout: float) -> Iterable[tuple[int, dict]]:
        now = time.monotonic()
        for wid, p in list(self.procs.items()):
            job = self.running.get(wid)
            overdue = job is not None and now - job[1] > timeout + self.grace
            if p.is_alive() and not overdue:
                continue
            if p.is_alive():
                p.terminate()
                p.join(5)
                if p.is_alive():
                    p.kill()
                    p.join(5)
            if job is None:
                self._deaths_idle += 1
                if self._deaths_idle > 2 * self.n:
                    raise BriefsError(
                        f"worker processes keep dying before taking a job (exit code "
                        f"{p.exitcode}); run with --jobs 1 to see the error"
                    )
            del self.procs[wid]
            self.running.pop(wid, None)
            self._spawn()
            if job is not None and job[0] in pending:
                pending.discard(job[0])
                jenis = "batas_waktu" if overdue else "pekerja"
                pesan = (f"batas waktu {timeout} s terlampaui; proses pekerja dihentikan"
                         if overdue else f"proses pekerja berhenti (kode {p.exitcode})")
                yield job[0], _gagal(jenis, "WorkerError", pesan, now - job[1])

    def _lost(self, pending: set[int]) -> Iterable[tuple[int, dict]]:
        for job_id in sorted(pending):
            yield job_id, _gagal("pekerja", "WorkerError",
                                 "job hilang: tidak ada pekerja yang menjalankannya")
        pending.clear()

    def release(self) -> None:
        """Tell the workers there is no more work: they shut their kernels down meanwhile."""
        if not self.released:
            for _ in self.procs:
                self.tasks.put(None)
            self.released = True

    def close(self) -> None:
        self.release()
        for p in self.procs.values():
            p.join(15)
            if p.is_alive():
                p.terminate()
                p.join(5)
        self.procs.clear()
        self.tasks.close()
        self.results.close()


class _DaskPool:
    """Jobs sent to a Dask distributed cluster with ``Client.map``."""

    def __init__(self, scheduler: Any, settings: dict) -> None:
        self.scheduler = scheduler
        self.settings = settings
        self.client: Any = None
        self.owns_client = False
        self.warm: list[Any] = []

    def start(self) -> None:
        from distributed import Client

        if isinstance(self.scheduler, str):
            self.client = Client(self.scheduler, timeout="30s")
            self.owns_client = True
        else:
            self.client = self.scheduler
        self._warm_up()

    def _warm_up(self) -> None:
        """One warm-up task per worker thread: kernels start while the analysis runs.

        Without it every worker thread starts its kernel (and imports the preload modules)
        inside its first brief. The tasks are not waited for; the briefs queue behind them.
        """
        token = hashlib.sha256(os.urandom(8)).hexdigest()[:8]
        self.warm = []
        for addr, info in self.client.scheduler_info().get("workers", {}).items():
            for i in range(int(info.get("nthreads", 1) or 1)):
                self.warm.append(self.client.submit(
                    warm_up_payload, self.settings, workers=[addr], allow_other_workers=False,
                    pure=False, key=f"brief-pemanasan-{i}-{addr}-{token}",
                ))  # fmt: skip

    def describe(self) -> str:
        n = len(self.client.scheduler_info().get("workers", {}))
        return f"dask ({n} pekerja, kernel hangat per thread pekerja)"

    def run(self, payloads: dict[int, dict], timeout: float) -> Iterable[tuple[int, dict]]:
        from distributed import as_completed

        ids = list(payloads)
        token = hashlib.sha256(os.urandom(8)).hexdigest()[:8]
        futures = self.client.map(
            run_payload,
            [payloads[i] for i in ids],
            settings=self.settings,
            key=[f"brief-{payloads[i]['stem']}-{token}" for i in ids],
            pure=False,
            retries=0,
        )
        by_key = {f.key: i for f, i in zip(futures, ids, strict=True)}
        for fut in as_completed(futures):
            job_id = by_key[fut.key]
            try:
                res = fut.result()
            except Exception as err:  # noqa: BLE001 - a lost worker fails that job only
                res = _gagal("pekerja", type(err).__name__, str(err))
            yield job_id, res

    def close(self) -> None:
        for fut in self.warm:
            fut.release()
        self.warm = []
        if self.owns_client and self.client is not None:
            self.client.close()
