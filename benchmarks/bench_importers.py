"""Benchmark: ``workbench import-kesepakatan`` and ``import-bps`` on realistic fixture files.

Usage::

    .venv/bin/python benchmarks/bench_importers.py [--out DIR]

Builds two files in ``DIR`` (default ``build/bench-importers``) with openpyxl:

* ``rakortek_2027.xlsx``: the sample's 2027 agreements written the Rakortek way, one sheet per
  kab/kota (``62.06 Katingan``), title block naming the kab/kota and "RKPD TAHUN 2027",
  outcome/indicator/programme written once per block (cells below blank), a row of column
  numbers, a signature block; plus one row with an indicator that is not in the table;
* ``ipm_kabkota.xlsx``: the BPS IPM series 2020–2024 of ``workbench/reference/`` as a BPS table
  (names in BPS order, decimal commas, province and INDONESIA rows, notes).

Then runs both CLI commands (``python -m workbench``, a fresh process each, as a user does)
and prints rows read, written and skipped and the wall time. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.paths import REFERENCE_DIR  # noqa: E402
from workbench.reference import load_indikator_referensi, load_nomenklatur, load_wilayah  # noqa: E402
from workbench.sample import generate  # noqa: E402


def _kesepakatan(path: Path) -> int:
    """Write the Rakortek workbook; returns the agreement rows it holds."""
    data = generate()
    kes = data.tables["kesepakatan"]
    kes = kes[kes["tahun"] == "2027"]
    ind = load_indikator_referensi().set_index("kode_indikator")
    nama = dict(zip(load_nomenklatur()["kode"], load_nomenklatur()["uraian"], strict=True))
    w = load_wilayah()
    wb = Workbook()
    wb.remove(wb.active)
    n = 0
    for r in w[w["jenis"] != "Provinsi"].itertuples():
        ws = wb.create_sheet(f"{r.kode} {r.nama}")
        jenis = "KOTA" if r.jenis == "Kota" else "KABUPATEN"
        ws.append(["KESEPAKATAN HASIL RAKORTEKBANG PROVINSI KALIMANTAN TENGAH TAHUN 2026"])
        ws.append([f"PEMERINTAH {jenis} {r.nama.upper().replace('KOTA ', '')}"])
        ws.append(["DALAM RANGKA PENYUSUNAN RKPD TAHUN 2027"])
        ws.append([])
        ws.append(["No", "Outcome", "Indikator Outcome", "Satuan", "Bidang Urusan", "Program",
                   "Kode", "Sub Kegiatan", "Keterangan"])
        ws.append([f"({i})" for i in range(1, 10)])
        sub = kes[(kes["kode_wilayah"] == "") | (kes["kode_wilayah"] == r.kode)]
        for no, (k, grp) in enumerate(sub.groupby("kode_indikator", sort=False), start=1):
            for j, kode in enumerate(grp["kode_sub_kegiatan"]):
                lead = j == 0
                ws.append([
                    no if lead else None,
                    f"Meningkatnya capaian {ind.loc[k, 'uraian']}" if lead else None,
                    ind.loc[k, "uraian"] if lead else None,
                    ind.loc[k, "satuan"] if lead else None,
                    ind.loc[k, "kode_bidang"] if lead else None,
                    kode.rsplit(".", 3)[0] if lead else None,
                    kode, nama.get(kode, ""), None,
                ])
                n += 1
        ws.append([99, "Meningkatnya kebahagiaan", "Indeks Kebahagiaan", "Indeks", "Sosial",
                   "1.06.05", "1.06.05.2.02.0006", nama.get("1.06.05.2.02.0006", ""), None])
        ws.append([])
        ws.append(["Palangka Raya, 20 Maret 2026"])
        ws.append(["Mengetahui,"])
        ws.append(["NIP. 19700101 199503 1 001"])
    wb.save(path)
    return n


def _bps(path: Path) -> int:
    ipm = pd.read_csv(REFERENCE_DIR / "ipm_kabkota_kalteng_2020_2024.csv", dtype={"kode_bps": str})
    tabel = ipm.pivot(index="kode_bps", columns="tahun", values="ipm")
    w = load_wilayah().set_index("kode_bps")
    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel"
    ws.append(["Indeks Pembangunan Manusia (IPM) Menurut Kabupaten/Kota di Provinsi Kalimantan "
               "Tengah, 2020-2024"])
    ws.append([])
    ws.append(["Kabupaten/Kota", "Indeks Pembangunan Manusia (Metode Baru)"])
    ws.merge_cells("B3:F3")
    ws.append([None, *[str(t) for t in tabel.columns]])
    for b, row in tabel.iterrows():
        ws.append([w.loc[b, "nama"], *[f"{v:.2f}".replace(".", ",") for v in row]])
    ws.append(["KALIMANTAN TENGAH", "72,62", "…", "…", "73,73", "74,28"])
    ws.append(["INDONESIA", "71,94", "72,29", "72,91", "73,55", "74,20"])
    ws.append([])
    ws.append(["Sumber: Badan Pusat Statistik Provinsi Kalimantan Tengah"])
    wb.save(path)
    return tabel.size


def _run(args: list[str]) -> tuple[float, str]:
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                       text=True, cwd=ROOT, check=True)
    return time.perf_counter() - t, p.stdout


def main() -> None:
    """Build the fixtures, run both commands, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench-importers")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    n_kes = _kesepakatan(a.out / "rakortek_2027.xlsx")
    n_bps = _bps(a.out / "ipm_kabkota.xlsx")
    for label, args, n in (
        ("import-kesepakatan", ["import-kesepakatan", str(a.out / "rakortek_2027.xlsx"),
                                "--out", str(a.out / "kesepakatan.csv")], n_kes),
        ("import-bps", ["import-bps", str(a.out / "ipm_kabkota.xlsx"), "--indikator", "IKU.IPM",
                        "--out", str(a.out / "realisasi.csv")], n_bps),
    ):
        dt, out = _run(args)
        read = re.search(r"rows read: (\d+) \(([^)]*)\)", out)
        wrote = re.search(r"wrote (\d+)", out)
        print(f"{label}: {dt:.2f} s wall (fresh process); agreement/value cells in the file {n}; "
              f"rows read {read.group(1)} ({read.group(2)}); rows written {wrote.group(1)}")


if __name__ == "__main__":
    main()
