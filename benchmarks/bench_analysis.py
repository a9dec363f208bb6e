"""Benchmark: the full analysis of a national-size package against the floor of the same data.

Usage::

    .venv/bin/python benchmarks/bench_analysis.py [--data DIR] [--tahun 2026] [--regenerate]

The package is ``workbench sample DIR --scale national`` (38 provinces, 514 kab/kota,
≥ 1,000,000 rencana lines), generated once and reused (default ``build/bench-national``).
Each phase runs in a fresh subprocess so its peak memory (``ru_maxrss``) is its own:

* **floor**: read the same five CSV tables with ``pandas.read_csv`` (codes as text), one merge
  (plan lines × indicators) and one groupby over all plan lines;
* **analysis**: ``load_package`` (typing and validation) + ``run_analysis`` for the year.

Imports happen before the clock starts in both phases. Prints both times, the ratio, the
loader's share and the peak memory of each phase. Target (issue 3): analysis ≤ 4 × floor and
peak < 3 GB. This is a benchmark, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "build" / "bench-national"
TABLES = ("wilayah", "indikator", "rencana", "realisasi", "kesepakatan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def phase_floor(data: Path, tahun: int) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    frames = {t: pd.read_csv(data / f"{t}.csv", dtype=str, encoding="utf-8") for t in TABLES}
    t_read = time.perf_counter() - t0
    rencana = frames["rencana"].merge(
        frames["indikator"][["kode_indikator", "arah"]], on="kode_indikator", how="left"
    )
    g = rencana.groupby(["kode_wilayah", "dokumen", "tahun"]).agg(
        n=("kode_nomenklatur", "size"), n_indikator=("arah", "count")
    )
    total = time.perf_counter() - t0
    return {
        "phase": "floor",
        "seconds": total,
        "read_seconds": t_read,
        "n_rencana": int(len(frames["rencana"])),
        "n_groups": int(len(g)),
        "peak_mb": _peak_mb(),
    }


def phase_analysis(data: Path, tahun: int) -> dict:
    from workbench.analysis import run_analysis
    from workbench.config import load_parameters
    from workbench.contract import load_package

    params = load_parameters()
    t0 = time.perf_counter()
    package = load_package(data)
    t1 = time.perf_counter()
    hasil = run_analysis(package, tahun, params)
    t2 = time.perf_counter()
    return {
        "phase": "analysis",
        "seconds": t2 - t0,
        "load_seconds": t1 - t0,
        "run_seconds": t2 - t1,
        "steps": hasil.info["durasi_detik"],
        "n_rencana": int(len(package.rencana)),
        "rows": {k: int(len(v)) for k, v in hasil.frames().items()},
        "peak_mb": _peak_mb(),
    }


def _child(phase: str, data: Path, tahun: int) -> dict:
    cmd = [sys.executable, __file__, "--phase", phase, "--data", str(data), "--tahun", str(tahun)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {phase} failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ensure_data(data: Path, regenerate: bool) -> None:
    if (data / "rencana.csv").is_file() and not regenerate:
        print(f"reusing {data}")
        return
    print(f"generating the national sample into {data} ...", flush=True)
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "workbench", "sample", str(data), "--scale", "national"]
    subprocess.run(cmd, check=True, cwd=ROOT)
    print(f"  generated in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--tahun", type=int, default=2026)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--phase", choices=("floor", "analysis"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        fn = phase_floor if args.phase == "floor" else phase_analysis
        print(json.dumps(fn(args.data, args.tahun)))
        return

    _ensure_data(args.data, args.regenerate)
    floor = _child("floor", args.data, args.tahun)
    ana = _child("analysis", args.data, args.tahun)
    ratio = ana["seconds"] / floor["seconds"]
    print(f"\nplan lines (rencana): {floor['n_rencana']:,}; tahun {args.tahun}")
    print(f"floor     {floor['seconds']:7.2f} s  (read {floor['read_seconds']:.2f} s)  "
          f"peak {floor['peak_mb']:7.0f} MB")  # fmt: skip
    print(f"analysis  {ana['seconds']:7.2f} s  (load_package {ana['load_seconds']:.2f} s, "
          f"run_analysis {ana['run_seconds']:.2f} s)  peak {ana['peak_mb']:7.0f} MB")  # fmt: skip
    print("  run_analysis steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in ana["steps"].items()))
    print("  result rows: " + ", ".join(f"{k} {v:,}" for k, v in ana["rows"].items()))
    print(f"ratio analysis / floor: {ratio:.2f}  (target ≤ 4)")
    print(f"loader share of the analysis time: {ana['load_seconds'] / ana['seconds']:.0%}")
    print(f"run_analysis alone / floor: {ana['run_seconds'] / floor['seconds']:.2f}")
    ok_t = ratio <= 4
    ok_m = ana["peak_mb"] < 3072
    print(f"time target {'met' if ok_t else 'MISSED'}; memory target {'met' if ok_m else 'MISSED'}")


if __name__ == "__main__":
    main()
