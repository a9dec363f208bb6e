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

Usage::

    .venv/bin/python benchmarks/bench_briefs.py             # real templates when present
    .venv/bin/python benchmarks/bench_briefs.py --template tests/fixtures/notebooks/ok.ipynb
    .venv/bin/python benchmarks/bench_briefs.py --keep      # keep outputs in benchmarks/results/
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workbench import briefs
from workbench.paths import PROJ_ROOT, TEMPLATES_DIR
from workbench.reference import load_wilayah

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
    wl = load_wilayah()
    jobs = []
    for kode, nama in zip(wl["kode"], wl["nama"], strict=True):
        params = {"kode_wilayah": kode, "tahun": tahun}
        jobs.append(briefs.Job(template, params, f"{kode}-{briefs.slug(nama)}", nama))
    return jobs


def main() -> None:
    """Run both ways and print the times and the ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--template", type=Path, default=None,
                    help="Template to run per district (default: the real templates when "
                         "present, else the representative fixture).")
    ap.add_argument("--jobs", type=int, default=2, help="Parallel warm kernels of the engine.")
    ap.add_argument("--tahun", type=int, default=2026)
    ap.add_argument("--data", type=Path, default=None, help="Data package (real templates only).")
    ap.add_argument("--keep", action="store_true", help="Keep outputs in benchmarks/results/.")
    args = ap.parse_args()

    real = args.template is None and (TEMPLATES_DIR / briefs.TEMPLATE_KABKOTA).is_file() \
        and (TEMPLATES_DIR / briefs.TEMPLATE_PROVINSI).is_file()
    root = Path(tempfile.mkdtemp(prefix="bench_briefs_"))
    naive_out = root / "naive"
    naive_out.mkdir()
    try:
        if real:
            label = "real templates (brief_kabkota + ringkasan_provinsi)"
            t0 = time.perf_counter()
            result = briefs.run_briefs(data=args.data, tahun=args.tahun, jobs=args.jobs,
                                       out=root / "engine", progress=False)
            t_engine = time.perf_counter() - t0
            out_dir = result.out_dir
            manifest = json.loads((out_dir / briefs.MANIFEST).read_text(encoding="utf-8"))
            runs = [(PROJ_ROOT / b["templat"], b["parameter"], b["stem"])
                    for b in manifest["briefs"]]
            t_naive = _naive(runs, naive_out, out_dir)
        else:
            template = (args.template or REPRESENTATIVE).resolve()
            label = f"template {template.name}"
            jobs = _fixture_jobs(template, args.tahun)
            out_dir = root / "engine"
            t0 = time.perf_counter()
            result = briefs.run_jobs(jobs, out_dir, jobs=args.jobs, progress=False,
                                     preload=briefs.DEFAULT_PRELOAD + ("geopandas",))
            t_engine = time.perf_counter() - t0
            runs = [(j.template, j.parameters, j.stem) for j in jobs]
            t_naive = _naive(runs, naive_out, out_dir)
        counts = result.hitung()
        n = len(result.hasil)
        print(f"briefs benchmark: {n} briefs, {label}")
        print(f"  naive loop (papermill CLI + jupyter nbconvert, sequential): {t_naive:7.1f} s"
              f"  ({t_naive / n:.2f} s/brief)")
        print(f"  workbench runner (--jobs {args.jobs}, warm kernels):            {t_engine:7.1f} s"
              f"  ({t_engine / n:.2f} s/brief; ok {counts['ok']}, gagal {counts['gagal']})")
        print(f"  speed-up: {t_naive / t_engine:.1f}x")
        if args.keep:
            dest = PROJ_ROOT / "benchmarks" / "results" / "briefs"
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(root, dest)
            print(f"  outputs kept in {dest}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
