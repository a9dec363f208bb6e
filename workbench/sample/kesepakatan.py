"""The agreements (kesepakatan): which kab/kota sub kegiatan support which province outcome."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.sample.nomenklatur import _Katalog
from workbench.sample.spec import (
    _SEPAKAT_2027,
    _SEPAKAT_KHUSUS,
    _SEPAKAT_SEMUA,
    KOLOM,
    TAHUN_KESEPAKATAN,
)
from workbench.sample.wilayah import _Wilayah


def _disepakati(kode_wilayah: str, tahun: int) -> dict[str, list[str]]:
    """Province outcome -> the sub kegiatan agreed for one kab/kota in one agreement year."""
    out = {k: list(subs) for k, subs in _SEPAKAT_SEMUA.items()}
    if tahun == 2027:
        for k, subs in _SEPAKAT_2027.items():
            out[k] += subs
    for k, sub, kodes in _SEPAKAT_KHUSUS:
        if kode_wilayah in kodes:
            out.setdefault(k, []).append(sub)
    return out


def _sepakat_kabkota(w: _Wilayah, kat: _Katalog) -> np.ndarray:
    """(G, S) bool: sub kegiatan agreed for each kab/kota in any agreement year."""
    pos = {s: i for i, s in enumerate(kat.sub)}
    m = np.zeros((len(w.kode), len(kat.sub)), dtype=bool)
    for g in np.flatnonzero(~w.provinsi):
        for tahun in TAHUN_KESEPAKATAN:
            for subs in _disepakati(str(w.kode[g]), tahun).values():
                m[g, [pos[s] for s in subs]] = True
    return m


def _bangun_kesepakatan(w: _Wilayah) -> pd.DataFrame:
    rows = []
    ada = set(w.kode.tolist())
    for th in TAHUN_KESEPAKATAN:
        for k, subs in _SEPAKAT_SEMUA.items():
            rows += [(th, k, s, "") for s in subs]
        if th == 2027:
            for k, subs in _SEPAKAT_2027.items():
                rows += [(th, k, s, "") for s in subs]
        for k, s, kodes in _SEPAKAT_KHUSUS:
            rows += [(th, k, s, c) for c in kodes if c in ada]
    df = pd.DataFrame(rows, columns=KOLOM["kesepakatan"])
    df = df.sort_values(["tahun", "kode_indikator", "kode_sub_kegiatan", "kode_wilayah"])
    df["tahun"] = df["tahun"].astype(str)
    return df.reset_index(drop=True)
