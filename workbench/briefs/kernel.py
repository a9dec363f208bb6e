"""The warm kernel: one IPython kernel kept alive across briefs, reset between them.

The program the kernel runs at start and between briefs is
:mod:`workbench.briefs.kernel_reset` (imported inside the kernel). The papermill engine
``workbench-hangat`` hands papermill the running kernel instead of starting one.
"""

from __future__ import annotations

import contextlib
import os
import queue
import time
from collections.abc import Callable, Sequence
from typing import Any

from workbench.briefs.jobs import DEFAULT_PRELOAD, ENGINE_NAME, KERNEL_NAME

# --- the warm kernel (worker side) -----------------------------------------------------------
#: Sent to a new kernel: import the kernel-side program (:mod:`workbench.briefs.kernel_reset`,
#: registered there as ``_workbench_hangat``), import the preload modules, snapshot the state.
_INIT_CODE = (
    "__wb_gagal = __import__('workbench.briefs.kernel_reset', fromlist=['init']).init(%r)\n"
)


def _run_sync(coro_fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)(*args, **kwargs)


class WarmKernel:
    """One IPython kernel kept alive across briefs, with a reset between them.

    Args:
        preload: Modules imported once after start (kept across resets).
        startup_timeout: Seconds to wait for the kernel to answer.
        retries: Extra attempts when the kernel fails to start.
    """

    def __init__(
        self,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        startup_timeout: float = 60,
        retries: int = 1,
    ) -> None:
        self.preload = tuple(preload)
        self.startup_timeout = startup_timeout
        self.retries = retries
        self.km: Any = None
        self.kc: Any = None
        self.briefs_run = 0
        self.preload_failures: list[str] = []
        self._while_waiting: Callable[[], None] | None = None

    @property
    def pid(self) -> int | None:
        """Process id of the kernel, when running."""
        prov = getattr(self.km, "provisioner", None)
        proc = getattr(prov, "process", None)
        return getattr(proc, "pid", None)

    def alive(self) -> bool:
        """Whether a started kernel is still running."""
        return self.km is not None and bool(_run_sync(self.km.is_alive))

    def start(self, while_waiting: Callable[[], None] | None = None) -> None:
        """Start the kernel (retrying ``retries`` times) and import the preload modules.

        Args:
            while_waiting: Called once in this process while the kernel imports the preload
                modules (work that would otherwise wait for them).

        Raises:
            RuntimeError: the kernel did not start after all attempts.
        """
        last: BaseException | None = None
        self._while_waiting = while_waiting
        for _ in range(self.retries + 1):
            try:
                self._start_once()
                return
            except Exception as err:  # noqa: BLE001 - any start failure is retried then reported
                last = err
                self.shutdown()
        raise RuntimeError(f"kernel failed to start after {self.retries + 1} attempt(s): {last}")

    def _start_once(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        self.km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
        _run_sync(
            self.km.start_kernel,
            extra_arguments=[
                "--HistoryManager.hist_file=:memory:",  # no sqlite history shared by kernels
                "--IPKernelApp.log_level=ERROR",
            ],
            env=env,
        )
        self.kc = self.km.client()
        self.kc.start_channels()
        _run_sync(self.kc.wait_for_ready, timeout=self.startup_timeout)
        init = _INIT_CODE % (self.preload,)
        while_waiting, self._while_waiting = self._while_waiting, None  # once, not per retry
        reply = self._execute_silent(init, timeout=self.startup_timeout + 120,
                                     while_waiting=while_waiting)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel init failed: {reply['content'].get('evalue')}")
        self.briefs_run = 0

    def _execute_silent(
        self, code: str, timeout: float, while_waiting: Callable[[], None] | None = None
    ) -> dict[str, Any]:
        msg_id = self.kc.execute(code, silent=True, store_history=False)
        if while_waiting is not None:
            while_waiting()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("kernel did not answer in time")
            try:
                msg = _run_sync(self.kc.get_shell_msg, timeout=min(remaining, 1.0))
            except queue.Empty:
                if not self.alive():
                    raise RuntimeError("kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def reset(self, cwd: str) -> None:
        """Clear the user namespace and restore module state; chdir to ``cwd``.

        Raises:
            RuntimeError: the reset failed (the caller replaces the kernel).
        """
        code = f"__import__('_workbench_hangat').reset({cwd!r})"
        reply = self._execute_silent(code, timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def shutdown(self) -> None:
        """Stop the kernel now (no-op when none)."""
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
        if self.km is not None:
            with contextlib.suppress(Exception):
                _run_sync(self.km.shutdown_kernel, now=True)
        self.km = None
        self.kc = None
        self.briefs_run = 0


def _no_write_without_path() -> None:
    """Let ``papermill.execute_notebook(..., output_path=None)`` skip its final write.

    With no output path papermill still serialises the executed notebook (a deep copy,
    a validation and 1.4 MB of JSON per brief) for its ``NoIOHandler``, which discards it; the
    runner serialises the notebook once itself. Any path other than None writes as before.
    """
    import papermill.execute as pm_execute

    asli = pm_execute.write_ipynb
    if getattr(asli, "_workbench", False):
        return

    def write_ipynb(nb: Any, path: Any) -> None:
        if path is not None:
            asli(nb, path)

    write_ipynb._workbench = True  # type: ignore[attr-defined]
    pm_execute.write_ipynb = write_ipynb


def _register_engine() -> None:
    """Register the ``workbench-hangat`` engine in papermill's engine registry (idempotent)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    if ENGINE_NAME in papermill_engines._engines:
        return
    _no_write_without_path()

    class WarmEngine(NBClientEngine):
        """Papermill engine that executes on a kernel the caller already started."""

        @classmethod
        def execute_managed_notebook(  # noqa: D102
            cls, nb_man, kernel_name, km=None, kc=None, holder=None, timeout_func=None, **kwargs
        ):
            if holder is not None:
                holder["nb"] = nb_man.nb
            client = PapermillNotebookClient(
                nb_man,
                km=km,
                kernel_name=kernel_name,
                timeout_func=timeout_func,
                interrupt_on_timeout=False,
                log_output=False,
            )
            client.kc = kc  # reuse the running kernel's channels: no start, no shutdown
            return client.execute(cleanup_kc=False)

    papermill_engines.register(ENGINE_NAME, WarmEngine)
