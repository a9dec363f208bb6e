"""Hand-built typed frames for the analysis tests (shapes of docs/ARCHITECTURE.md).

The frames mirror what ``workbench.contract.load_package`` returns, so the analysis modules
can be tested without the loader: ``rencana`` with derived ``tingkat, kode_bidang,
kode_program, level_pemerintahan, target_bawah, target_atas``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

RENCANA_COLS = [
    "kode_wilayah", "dokumen", "tahun", "perangkat_daerah", "kode_nomenklatur",
    "kode_indikator", "uraian_indikator", "target", "satuan", "pagu", "tingkat", "kode_bidang",
    "kode_program", "level_pemerintahan", "target_bawah", "target_atas",
]  # fmt: skip

_TINGKAT = {3: "program", 5: "kegiatan", 6: "sub_kegiatan"}


def rencana(rows: list[dict]) -> pd.DataFrame:
    """Typed ``rencana`` from short dicts.

    Each dict needs ``kode_wilayah, dokumen, tahun, kode``; optional ``ind`` (indicator code),
    ``bawah``/``atas`` (or ``t`` for a point target), ``teks``, ``pagu``, ``pd``.
    """
    out = []
    for r in rows:
        kode = r["kode"]
        seg = kode.split(".")
        bawah = r.get("bawah", r.get("t", np.nan))
        atas = r.get("atas", r.get("t", np.nan))
        teks = r.get("teks")
        if teks is None and not pd.isna(bawah):
            teks = f"{bawah}" if bawah == atas else f"{bawah}–{atas}"
        out.append(
            {
                "kode_wilayah": r["kode_wilayah"],
                "dokumen": r["dokumen"],
                "tahun": r["tahun"],
                "perangkat_daerah": r.get("pd", "Dinas X"),
                "kode_nomenklatur": kode,
                "kode_indikator": r.get("ind"),
                "uraian_indikator": r.get("ind"),
                "target": teks,
                "satuan": r.get("satuan", "%"),
                "pagu": r.get("pagu", np.nan),
                "tingkat": _TINGKAT[len(seg)],
                "kode_bidang": ".".join(seg[:2]),
                "kode_program": ".".join(seg[:3]),
                "level_pemerintahan": int(seg[3]) if len(seg) > 3 else None,
                "target_bawah": bawah,
                "target_atas": atas,
            }
        )
    df = pd.DataFrame(out, columns=RENCANA_COLS)
    for c in ("kode_wilayah", "dokumen", "perangkat_daerah", "kode_nomenklatur",
              "kode_indikator", "uraian_indikator", "target", "satuan", "tingkat",
              "kode_bidang", "kode_program"):  # fmt: skip
        df[c] = df[c].astype("string")
    df["tahun"] = df["tahun"].astype("int64")
    df["pagu"] = df["pagu"].astype(float)
    df["level_pemerintahan"] = df["level_pemerintahan"].astype("Int64")
    df["target_bawah"] = df["target_bawah"].astype(float)
    df["target_atas"] = df["target_atas"].astype(float)
    return df


def realisasi(rows: list[tuple]) -> pd.DataFrame:
    """Typed ``realisasi`` from ``(kode_wilayah, kode_indikator, tahun, realisasi)`` tuples."""
    df = pd.DataFrame(rows, columns=["kode_wilayah", "kode_indikator", "tahun", "realisasi"])
    df["kode_wilayah"] = df["kode_wilayah"].astype("string")
    df["kode_indikator"] = df["kode_indikator"].astype("string")
    df["tahun"] = df["tahun"].astype("int64")
    df["realisasi"] = df["realisasi"].astype(float)
    return df


def indikator(rows: list[tuple]) -> pd.DataFrame:
    """Typed ``indikator`` from ``(kode, arah, agregasi)`` tuples."""
    df = pd.DataFrame(
        [
            {
                "kode_indikator": k,
                "uraian": f"Indikator {k}",
                "satuan": "%",
                "arah": arah,
                "jenis": "outcome",
                "kode_bidang": "1.02",
                "agregasi": agr,
            }
            for k, arah, agr in rows
        ]
    )
    return df.astype("string")


def kesepakatan(rows: list[tuple]) -> pd.DataFrame:
    """Typed ``kesepakatan`` from ``(tahun, kode_indikator, kode_sub_kegiatan, kode_wilayah)``."""
    df = pd.DataFrame(
        rows, columns=["tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"]
    )
    df["tahun"] = df["tahun"].astype("int64")
    for c in ("kode_indikator", "kode_sub_kegiatan", "kode_wilayah"):
        df[c] = df[c].astype("string")
    return df


def wilayah(rows: list[tuple]) -> pd.DataFrame:
    """``wilayah`` from ``(kode, jenis, penduduk)`` tuples."""
    df = pd.DataFrame(rows, columns=["kode", "jenis", "penduduk"])
    df["kode_bps"] = df["kode"].str.replace(".", "", regex=False)
    df["nama"] = df["kode"]
    for c in ("kode", "jenis", "kode_bps", "nama"):
        df[c] = df[c].astype("string")
    df["penduduk"] = df["penduduk"].astype("int64")
    return df


@dataclass(frozen=True)
class Paket:
    """Stand-in for ``workbench.contract.Package`` (same attribute names)."""

    wilayah: pd.DataFrame
    indikator: pd.DataFrame
    rencana: pd.DataFrame
    realisasi: pd.DataFrame
    kesepakatan: pd.DataFrame
