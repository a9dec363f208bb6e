"""Benchmark: ``load_package`` on a national-size package against a plain ``pandas.read_csv``.

Usage::

    .venv/bin/python benchmarks/bench_contract.py [--data DIR] [--regenerate] [--xlsx]

The package is ``workbench sample DIR --scale national`` (38 provinces, 514 kab/kota,
≈1.26 million ``rencana`` lines), generated once and reused (default
``build/bench-national``, shared with ``bench_analysis.py``). Prints, in seconds:

* **floor**: the five CSV tables read with ``pandas.read_csv(dtype=str)`` and nothing else;
* **load_package**: reading, validation (codes, nomenclature, levels, targets, pagu, years,
  duplicates) and typing, best of ``--repeat`` runs;
* with ``--xlsx``, the same for the Kalteng sample as a workbook (python-calamine reader).

A benchmark, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT / "build" / "bench-national"
TABLES = ("wilayah", "indikator", "rencana", "realisasi", "kesepakatan")


def _best(func, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--xlsx", action="store_true")
    args = ap.parse_args()

    import pandas as pd

    from workbench import contract, sample

    if args.regenerate or not (args.data / "rencana.csv").is_file():
        print(f"generating the national sample into {args.data} ...", flush=True)
        sample.write_sample(args.data, fmt="csv", scale="national")

    def floor() -> None:
        for t in TABLES:
            pd.read_csv(args.data / f"{t}.csv", dtype=str, keep_default_na=False)

    paket = contract.load_package(args.data)
    n = len(paket.rencana)
    t_floor = _best(floor, args.repeat)
    t_load = _best(lambda: contract.load_package(args.data), args.repeat)
    print(f"rencana lines: {n:,}; problems reported: {len(paket.laporan.masalah)}")
    print(f"floor (read_csv, 5 tables): {t_floor:6.1f} s")
    print(f"load_package:               {t_load:6.1f} s  ({t_load / t_floor:.1f} x floor)")
    if args.xlsx:
        with tempfile.TemporaryDirectory() as tmp:
            path = sample.write_sample(Path(tmp) / "kalteng.xlsx", fmt="xlsx")
            t_x = _best(lambda: contract.load_package(path), args.repeat)
            print(f"load_package, Kalteng .xlsx ({len(contract.load_package(path).rencana):,} "
                  f"lines): {t_x:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
