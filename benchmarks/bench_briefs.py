"""Benchmark: naive batch (papermill + nbconvert CLI per district) vs the warm-kernel runner.

In one invocation, on the same templates, parameters and data:

* **naive**: a shell loop that, per brief, runs ``papermill TEMPLATE OUT.ipynb -r kode_wilayah
  62.06 -p tahun 2026 ...`` (``-r`` passes codes as raw strings: ``-p`` would turn ``62.10``
  into the float ``62.1``) then ``jupyter nbconvert --to html --no-input OUT.ipynb``;
* **engine**: :func:`workbench.briefs.run_briefs` with ``jobs=2`` (analysis computed once,
  warm kernels, in-process HTML export) — or, with a fixture template,
  :func:`workbench.briefs.run_jobs` on the same job list.

With the real templates (``notebooks/templates/brief_kabkota.ipynb`` and
``ringkasan_provinsi.ipynb``) the engine runs first (its time includes the province-wide
analysis), then the naive loop runs on the very parameters the engine recorded in its
manifest, reading the analysis cache the engine wrote (so the naive time excludes the
analysis: the ratio is conservative). Without them, ``--template`` (default: the
representative fixture that imports pandas, geopandas and matplotlib and draws a figure) is
run for the 14 kab/kota plus the province.

With the real templates the same job also runs on a Dask ``distributed.LocalCluster`` of
``--jobs`` worker processes with one thread each (``run_briefs(scheduler=client)``; the
cluster's start is timed but not counted), so the local pool and Dask are compared on the
same data in the same invocation. Each engine run is a fresh Python process, as
``workbench briefs`` is (it pays the batch process's imports and the analysis), and the pool
and Dask each run ``--repeat`` times (default 3), alternating after the naive loop: a 12 s run
moves by ±15 % with the machine's load where the two-minute naive loop averages it out, so
the ratio is taken on the median run, and every run is printed. The printout names the maps
used (installed boundaries or the schematic fallback) and the load average at start and end.

``--profile`` instead times one warm brief inside its kernel (``profil_kernel.py`` wraps the
brief's entry points and attributes every second to one category; a separate cProfile run
gives the call counts) plus the worker side (papermill, HTML export), and prints and writes
the table to ``benchmarks/results/profile_brief.txt``.

Usage::

    .venv/bin/python benchmarks/bench_briefs.py             # real templates when present
    .venv/bin/python benchmarks/bench_briefs.py --profile   # where one warm brief's time goes
    .venv/bin/python benchmarks/bench_briefs.py --geodata ../shared/geodata/kalteng_kabkota.geojson
    .venv/bin/python benchmarks/bench_briefs.py --no-dask   # naive loop and local pool only
    .venv/bin/python benchmarks/bench_briefs.py --template tests/fixtures/notebooks/ok.ipynb
    .venv/bin/python benchmarks/bench_briefs.py --keep      # keep outputs in benchmarks/results/
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbench import briefs
from workbench.paths import PROJ_ROOT, TEMPLATES_DIR

REPRESENTATIVE = PROJ_ROOT / "tests" / "fixtures" / "notebooks" / "representative.ipynb"
BIN = Path(sys.executable).parent


def _naive(runs: list[tuple[Path, dict, str]], out: Path, cwd: Path) -> float:
    """Run the shell loop; return its wall-clock seconds."""
    lines = ["set -e"]
    for template, params, stem in runs:
        args = []
        for key, value in params.items():
            flag = "-r" if isinstance(value, str) else "-p"
            args += [flag, key, str(value)]
        nb = out / f"{stem}.ipynb"
        lines.append(
            " ".join(
                [shlex.quote(str(BIN / "papermill")), shlex.quote(str(template)),
                 shlex.quote(str(nb)), "--cwd", shlex.quote(str(cwd)), "--no-progress-bar",
                 "--log-level", "WARNING", *map(shlex.quote, args)]
            )
        )
        lines.append(
            f"{shlex.quote(str(BIN / 'jupyter'))} nbconvert --to html --no-input "
            f"--log-level WARN {shlex.quote(str(nb))}"
        )
    script = "\n".join(lines)
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", script], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _fixture_jobs(template: Path, tahun: int) -> list[briefs.Job]:
    from workbench.reference import load_wilayah

    wl = load_wilayah()
    jobs = []
    for kode, nama in zip(wl["kode"], wl["nama"], strict=True):
        params = {"kode_wilayah": kode, "tahun": tahun}
        jobs.append(briefs.Job(template, params, f"{kode}-{briefs.slug(nama)}", nama))
    return jobs


# --- --profile: where one warm brief's time goes ---------------------------------------------
PROFIL_KERNEL = Path(__file__).with_name("profil_kernel.py")

#: Rows of the profile table: (label, categories of profil_kernel.py or worker-side keys).
BARIS_PROFIL = (
    ("analysis slicing (load saved analysis, slice the wilayah)", ("analisis",)),
    ("tables and text blocks (pandas, HTML strings, display)", ("sisa_sel",)),
    ("matplotlib drawing: charts (build + rasterise)", ("grafik", "grafik_raster")),
    ("map rendering (build + rasterise)", ("peta", "peta_raster")),
    ("PNG encoding (all figures)", ("png",)),
    ("papermill/nbclient (inject, messages, outputs)", ("papermill",)),
    ("HTML export + notebook JSON (worker)", ("html", "ipynb")),
)


def _cell_times(ipynb: str) -> list[tuple[float, str]]:
    """(seconds, last source line) per executed code cell, from papermill's metadata."""
    nb = json.loads(ipynb)
    out = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("papermill", {})
        if cell["cell_type"] == "code" and meta.get("duration") is not None:
            src = "".join(cell["source"]).strip().splitlines() or [""]
            out.append((float(meta["duration"]), src[-1][:70]))
    return out


def _warm_brief(runner: briefs.Runner, payload: dict, folder: Path, *, cprofile: bool) -> dict:
    """Run ``payload`` once more on the warm kernel with the timers on; return the figures."""
    import nbformat

    worker = {"html": 0.0, "ipynb": 0.0}
    export, writes = briefs.export_html, nbformat.writes

    def timed(key, fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                worker[key] += time.perf_counter() - t0
        return wrapper

    briefs.export_html, nbformat.writes = timed("html", export), timed("ipynb", writes)
    tag = "cprofile" if cprofile else "waktu"
    try:
        runner.kernel._execute_silent(
            f"__import__('_workbench_profil').mulai({cprofile!r})", timeout=60)
        t0, c0 = time.perf_counter(), time.process_time()
        res = runner.run(payload)
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert res["status"] == briefs.STATUS_OK, res["kegagalan"]
        runner.kernel._execute_silent(
            f"__import__('_workbench_profil').selesai({str(folder / f'{tag}.json')!r}, "
            f"{str(folder / 'kernel.pstats')!r})", timeout=60)
    finally:
        briefs.export_html, nbformat.writes = export, writes
    kernel = json.loads((folder / f"{tag}.json").read_text(encoding="utf-8"))
    cells = _cell_times(res["ipynb"])
    waktu = dict(kernel["waktu"])
    waktu["sisa_sel"] = sum(t for t, _ in cells) - sum(waktu.values())
    waktu["papermill"] = total - sum(t for t, _ in cells) - worker["html"] - worker["ipynb"]
    waktu.update(worker)
    return {"total": total, "waktu": waktu, "jumlah": kernel["jumlah"], "sel": cells,
            "cpu_kernel": kernel["cpu"], "cpu_pekerja": cpu}


def _profile(args: argparse.Namespace, root: Path) -> None:
    """``--profile``: one warm brief, timed inside the kernel; table printed and written."""
    import pstats

    kode = args.profile_wilayah
    t0 = time.perf_counter()
    result = briefs.run_briefs(data=args.data, tahun=args.tahun, wilayah=[kode], jobs=1,
                               out=root / "engine", progress=False)
    print(f"setup (analysis + one batch of 2 briefs): {time.perf_counter() - t0:.1f} s")
    out_dir = result.out_dir
    manifest = json.loads((out_dir / briefs.MANIFEST).read_text(encoding="utf-8"))
    entry = next(b for b in manifest["briefs"] if b["parameter"]["kode_wilayah"] == kode)
    runner_ = briefs.BatchRunner(out_dir, timeout=600)
    payload = runner_._payload(briefs.Job(PROJ_ROOT / entry["templat"], entry["parameter"],
                                          entry["stem"], entry["judul"]))
    runner = briefs.Runner({"preload": list(briefs.BRIEF_PRELOAD), "retries": 1})
    folder = root / "profil"
    folder.mkdir()
    try:
        runner.warm_up()
        t0 = time.perf_counter()
        cold = runner.run(payload)
        t_cold = time.perf_counter() - t0
        assert cold["status"] == briefs.STATUS_OK, cold["kegagalan"]
        # in a module of its own: the user namespace is cleared by the reset before each brief
        src = PROFIL_KERNEL.read_text(encoding="utf-8")
        reply = runner.kernel._execute_silent(
            "import sys as _s, types as _t\n_w = _t.ModuleType('_workbench_profil_src')\n"
            f"_s.modules[_w.__name__] = _w\nexec(compile({src!r}, 'profil_kernel.py', 'exec'), "
            "_w.__dict__)", timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        runs = [_warm_brief(runner, payload, folder, cprofile=False)
                for _ in range(args.profile_runs)]
        _warm_brief(runner, payload, folder, cprofile=True)
    finally:
        runner.kernel.shutdown()
    best = min(runs, key=lambda r: r["total"])
    lines = [f"profile of one warm brief: {entry['stem']} ({entry['templat']}), best of "
             f"{len(runs)} warm runs; wall-clock seconds, exclusive (nothing counted twice)",
             f"  first brief on a fresh kernel: {t_cold:.2f} s (status {cold['status']}); "
             f"warm brief: {best['total']:.2f} s wall; CPU {best['cpu_kernel']:.2f} s in the "
             f"kernel + {best['cpu_pekerja']:.2f} s in the worker process (papermill, nbclient, "
             "export); province-wide figure cache emptied before each run (worst case); "
             f"load average {os.getloadavg()[0]:.2f}", "",
             f"  {'share':>6} {'seconds':>8}  what"]
    for label, keys in BARIS_PROFIL:
        v = sum(best["waktu"].get(k, 0.0) for k in keys)
        lines.append(f"  {100 * v / best['total']:5.1f}% {v:8.3f}  {label}")
    lines += ["", "  per cell (papermill metadata):"]
    lines += [f"  {t:8.3f}  {src}" for t, src in best["sel"]]
    lines += ["", "  calls: " + ", ".join(f"{k} {v}" for k, v in sorted(best["jumlah"].items())),
              "", "  kernel cProfile (separate run; cProfile inflates pure-Python code), "
              "top 15 by own time:"]
    report = "\n".join(lines)
    buf = io.StringIO()
    stats = pstats.Stats(str(folder / "kernel.pstats"), stream=buf)
    stats.strip_dirs().sort_stats("tottime").print_stats(15)
    report += "\n" + "\n".join("    " + ln for ln in buf.getvalue().splitlines()
                                if ln.strip() and "function calls" not in ln)
    print(report)
    dest = PROJ_ROOT / "benchmarks" / "results"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "profile_brief.txt").write_text(report + "\n", encoding="utf-8")
    shutil.copyfile(folder / "kernel.pstats", dest / "profile_brief_kernel.pstats")
    print(f"\nwritten: {dest / 'profile_brief.txt'} and profile_brief_kernel.pstats")


def _dask(args: argparse.Namespace, out: Path) -> tuple[float, float, briefs.RunResult]:
    """``run_briefs`` on a ``distributed.LocalCluster`` of ``--jobs`` workers, 1 thread each.

    Returns:
        (cluster start seconds, run seconds, result); the cluster start is not in the run.
    """
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=args.jobs, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(args.jobs)
        t_start = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = briefs.run_briefs(data=args.data, tahun=args.tahun, scheduler=client,
                                   out=out, progress=False)
        t_run = time.perf_counter() - t0
        # stop each worker thread's kernel before the cluster goes (else they are interrupted)
        client.gather([client.submit(_stop_kernel, workers=[w], pure=False)
                       for w in client.scheduler_info()["workers"]])
        return t_start, t_run, result


def _stop_kernel() -> None:
    """Dask task: shut down this worker thread's warm kernel."""
    runner = getattr(briefs._LOCAL, "runner", None)
    if runner is not None:
        runner.kernel.shutdown()


def _boundaries() -> str:
    from workbench.paths import geodata_dir

    installed = (geodata_dir() / "kalteng_kabkota.gpkg").is_file()
    return "installed boundary layer" if installed else "schematic tile maps (no boundary layer)"


def _per_brief(ran: list[dict]) -> str:
    """Mean worker seconds per brief (and on warm kernels) of one run's results."""
    if not ran:
        return "no brief ran"
    mean = sum(r["durasi"] for r in ran) / len(ran)
    warm = [r["durasi"] for r in ran if r["brief_ke"] > 1]
    text = f"worker time per brief {mean:.2f} s"
    if warm:
        text += f" (warm kernels {sum(warm) / len(warm):.2f} s)"
    return text


def _one_run(args: argparse.Namespace) -> None:
    """``--_run pool|dask``: one real-templates run in this fresh process; prints JSON."""
    out = Path(args.out)
    start = None
    if args._run == "dask":
        start, seconds, result = _dask(args, out)
    else:
        t0 = time.perf_counter()
        result = briefs.run_briefs(data=args.data, tahun=args.tahun, jobs=args.jobs, out=out,
                                   progress=False)
        seconds = time.perf_counter() - t0
    ran = [{"durasi": r.durasi_detik, "brief_ke": r.kernel.get("brief_ke", 0)}
           for r in result.hasil if r.status == briefs.STATUS_OK]
    print(json.dumps({"seconds": seconds, "cluster_start": start, "counts": result.hitung(),
                      "n": len(result.hasil), "ran": ran, "out_dir": str(result.out_dir)}))


def _run_fresh(args: argparse.Namespace, kind: str, out: Path) -> dict:
    """One run of the engine (``kind`` pool or dask) in a fresh Python process, as the CLI runs.

    Every run pays the batch process's own imports and analysis, as ``workbench briefs`` does.
    """
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_run", kind, "--out", str(out),
           "--jobs", str(args.jobs), "--tahun", str(args.tahun)]
    if args.data is not None:
        cmd += ["--data", str(args.data)]
    proc = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _print_runs(label: str, runs: list[dict]) -> float:
    times = [r["seconds"] for r in runs]
    med = statistics.median(times)
    n = runs[0]["n"]
    print(f"  {label}: median {med:7.1f} s  ({med / n:.2f} s/brief) of "
          f"{', '.join(f'{t:.1f}' for t in times)} s")
    for i, r in enumerate(runs, 1):
        c = r["counts"]
        extra = (f"; cluster start {r['cluster_start']:.1f} s, not counted"
                 if r.get("cluster_start") is not None else "")
        print(f"      run {i}: {r['seconds']:6.1f} s  ok {c['ok']}, gagal {c['gagal']}; "
              f"{_per_brief(r['ran'])}{extra}")
    return med


def _compare(args: argparse.Namespace, root: Path) -> None:
    """The naive loop, the local pool and (real templates) Dask, in one run."""
    real = args.template is None and (TEMPLATES_DIR / briefs.TEMPLATE_KABKOTA).is_file() \
        and (TEMPLATES_DIR / briefs.TEMPLATE_PROVINSI).is_file()
    naive_out = root / "naive"
    naive_out.mkdir()
    load0 = os.getloadavg()
    if not real:
        template = (args.template or REPRESENTATIVE).resolve()
        jobs = _fixture_jobs(template, args.tahun)
        out_dir = root / "engine"
        t0 = time.perf_counter()
        result = briefs.run_jobs(jobs, out_dir, jobs=args.jobs, progress=False,
                                 preload=briefs.DEFAULT_PRELOAD + ("geopandas",))
        t_engine = time.perf_counter() - t0
        t_naive = _naive([(j.template, j.parameters, j.stem) for j in jobs], naive_out, out_dir)
        c, n = result.hitung(), len(result.hasil)
        print(f"briefs benchmark: {n} briefs, template {template.name}; maps: {_boundaries()}")
        print(f"  naive loop (papermill CLI + jupyter nbconvert, sequential): {t_naive:7.1f} s")
        print(f"  workbench runner (--jobs {args.jobs}, local pool, warm kernels): "
              f"{t_engine:7.1f} s  (ok {c['ok']}, gagal {c['gagal']})")
        print(f"  speed-up, local pool vs naive: {t_naive / t_engine:.1f}x")
        return
    # each engine run in a fresh process (as `workbench briefs` runs), --repeat times, the
    # pool and Dask alternating after the naive loop so that both see the same machine
    pool = [_run_fresh(args, "pool", root / "engine-1")]
    manifest = json.loads((Path(pool[0]["out_dir"]) / briefs.MANIFEST).read_text(encoding="utf-8"))
    runs = [(PROJ_ROOT / b["templat"], b["parameter"], b["stem"]) for b in manifest["briefs"]]
    t_naive = _naive(runs, naive_out, Path(pool[0]["out_dir"]))
    dask: list[dict] = []
    for i in range(1, args.repeat + 1):
        if not args.no_dask:
            dask.append(_run_fresh(args, "dask", root / f"dask-{i}"))
        if i > 1:
            pool.append(_run_fresh(args, "pool", root / f"engine-{i}"))
    n = pool[0]["n"]
    load1 = os.getloadavg()
    print(f"briefs benchmark: {n} briefs, real templates (brief_kabkota + ringkasan_provinsi); "
          f"maps: {_boundaries()}")
    print(f"  load average (1 min) at start {load0[0]:.2f}, at end {load1[0]:.2f}, "
          f"on {os.cpu_count()} cores; engine runs: {args.repeat} each, each in a fresh process")
    print(f"  naive loop (papermill CLI + jupyter nbconvert, sequential): {t_naive:7.1f} s"
          f"  ({t_naive / n:.2f} s/brief)")
    t_pool = _print_runs(f"workbench runner (--jobs {args.jobs}, local pool, warm kernels)", pool)
    t_dask = None
    if dask:
        t_dask = _print_runs(f"workbench runner (--scheduler, LocalCluster {args.jobs} workers "
                             "x 1 thread)", dask)
    ratios = [t_naive / r["seconds"] for r in pool]
    print(f"  speed-up, local pool vs naive: {t_naive / t_pool:.1f}x (median run; runs "
          f"{', '.join(f'{x:.1f}' for x in ratios)}x)")
    if t_dask is not None:
        print(f"  speed-up, Dask vs naive: {t_naive / t_dask:.1f}x; Dask / local pool: "
              f"{t_dask / t_pool:.2f}")
    if args.keep:
        dest = PROJ_ROOT / "benchmarks" / "results" / "briefs"
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(root, dest)
        print(f"  outputs kept in {dest}")


def main() -> None:
    """Run the naive loop, the local pool and Dask; print the times and the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--template", type=Path, default=None,
                    help="Template to run per district (default: the real templates when "
                         "present, else the representative fixture).")
    ap.add_argument("--jobs", type=int, default=2, help="Parallel warm kernels of the engine.")
    ap.add_argument("--tahun", type=int, default=2026)
    ap.add_argument("--data", type=Path, default=None, help="Data package (real templates only).")
    ap.add_argument("--keep", action="store_true", help="Keep outputs in benchmarks/results/.")
    ap.add_argument("--no-dask", action="store_true", help="Skip the Dask LocalCluster run.")
    ap.add_argument("--geodata", type=Path, default=None,
                    help="Boundary file to install into a temporary geodata folder for this run "
                         "(e.g. ../shared/geodata/kalteng_kabkota.geojson); default: whatever "
                         "is installed (schematic maps when nothing is).")
    ap.add_argument("--profile", action="store_true",
                    help="Profile one warm brief inside the kernel instead of the comparison.")
    ap.add_argument("--profile-wilayah", default="62.06", help="The brief --profile times.")
    ap.add_argument("--profile-runs", type=int, default=3, help="Warm runs (best is shown).")
    ap.add_argument("--repeat", type=int, default=3,
                    help="Runs of the local pool and of Dask, each in a fresh process; the "
                         "median is compared with the naive loop (run once).")
    ap.add_argument("--_run", choices=["pool", "dask"], default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._run is not None:
        _one_run(args)
        return
    root = Path(tempfile.mkdtemp(prefix="bench_briefs_"))
    try:
        if args.geodata is not None:
            from workbench import geo

            os.environ["WORKBENCH_GEODATA_DIR"] = str(root / "geodata")
            geo.install_boundaries(args.geodata)
        if args.profile:
            _profile(args, root)
        else:
            _compare(args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
