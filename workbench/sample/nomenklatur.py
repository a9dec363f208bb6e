"""The sample's nomenclature catalogue: the sub kegiatan it plans, with their output indicator.

Codes come from ``data/sub_kegiatan.csv``, names, indikator and satuan from the shipped
nomenclature (:func:`workbench.reference.cari_nomenklatur`); quantity and pagu scale from the
name patterns of ``data/keluaran.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from workbench.reference import cari_nomenklatur
from workbench.sample.spec import _KELUARAN, _SUB_SAMPEL, BIDANG


def _keluaran(nama: str) -> tuple[str, str, float, bool, float]:
    """The first row of :data:`_KELUARAN` whose pattern the name matches (the last matches all)."""
    for pola, teks, satuan, jumlah, skala, pagu in _KELUARAN:
        m = re.search(pola, nama)
        if m:
            return teks.format(*m.groups()), satuan, jumlah, skala, pagu
    raise AssertionError(f"keluaran.csv: no pattern matches {nama!r} (its last row must)")


def _keluaran_master(nama: str, indikator: str, satuan: str) -> tuple[str, str, float, bool, float]:
    """The output indicator of a sub kegiatan: the master's wording and satuan where it has them.

    Quantity and pagu scale stay the sample's (by the name patterns of :data:`_KELUARAN`);
    codes without a master indikator (province codes of Tabel C) keep the pattern's wording.
    """
    teks, sat, jumlah, skala, pagu = _keluaran(nama)
    if indikator and satuan:
        return indikator, satuan, jumlah, skala, pagu
    return teks, sat, jumlah, skala, pagu


def _kode_urut(kode: pd.Series) -> pd.Series:
    """Sort key of nomenclature codes by their numeric segments."""
    parts = kode.str.split(".", expand=True).fillna("-1").astype(int)
    return parts.apply(tuple, axis=1)


@dataclass(frozen=True)
class _Katalog:
    """Sub kegiatan of one government level with everything a plan line needs."""

    level: int
    sub: np.ndarray
    keg: np.ndarray  # kegiatan index (into kode_keg)
    prog: np.ndarray  # programme index (into kode_prog)
    bidang: np.ndarray  # index into BIDANG
    teks: np.ndarray
    satuan: np.ndarray
    jumlah: np.ndarray
    skala: np.ndarray
    pagu_juta: np.ndarray
    kode_keg: np.ndarray
    kode_prog: np.ndarray
    uraian_keg: np.ndarray
    rank_sub: np.ndarray
    rank_keg: np.ndarray
    rank_prog: np.ndarray


def kode_sampel() -> list[str]:
    """Every sub kegiatan code the sample plans (both levels), in code order."""
    return list(_SUB_SAMPEL)


@lru_cache(maxsize=1)
def _nomenklatur_urut() -> tuple[pd.DataFrame, pd.Series]:
    """The sample's nomenclature (its sub kegiatan and their parents) in code order, with ranks.

    Rows are taken from :func:`workbench.reference.cari_nomenklatur` (concrete codes, the
    penunjang programme through ``X.XX.01``), so names, indikator and satuan are the
    reference's.
    """
    sub = kode_sampel()
    keg = sorted({k.rsplit(".", 1)[0] for k in sub})
    prog = sorted({".".join(k.split(".")[:3]) for k in sub})
    bid = sorted({k[:4] for k in sub})
    kode = pd.Series([*bid, *prog, *keg, *sub])
    ref = cari_nomenklatur(kode)
    hilang = kode[ref["uraian"].isna()].tolist()
    assert not hilang, f"sample codes missing from the reference: {hilang}"
    n = pd.DataFrame({
        "kode": kode, "tingkat": [parse_tingkat(k) for k in kode],
        "uraian": ref["uraian"].to_numpy(object), "kode_bidang": kode.str[:4],
        "level_pemerintahan": [k.split(".")[3] if k.count(".") >= 4 else "" for k in kode],
        "indikator": ref["indikator"].fillna("").to_numpy(object),
        "satuan": ref["satuan"].fillna("").to_numpy(object),
    })  # fmt: skip
    n = n.assign(_urut=_kode_urut(n["kode"])).sort_values("_urut").reset_index(drop=True)
    return n, pd.Series(np.arange(len(n)), index=n["kode"])


def parse_tingkat(kode: str) -> str:
    """``urusan`` … ``sub_kegiatan`` from the number of segments of a code."""
    return {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}[
        kode.count(".") + 1]


@lru_cache(maxsize=2)
def _katalog(level: int) -> _Katalog:
    n, rank = _nomenklatur_urut()
    sub = n[(n["tingkat"] == "sub_kegiatan") & (n["level_pemerintahan"] == str(level))]
    sub = sub[sub["kode_bidang"].isin(BIDANG)]
    kode = sub["kode"].to_numpy(dtype=str)
    kode_keg = np.array([k.rsplit(".", 1)[0] for k in kode])
    kode_prog = np.array([".".join(k.split(".")[:3]) for k in kode])
    uk, keg = np.unique(kode_keg, return_inverse=True)
    up, prog = np.unique(kode_prog, return_inverse=True)
    kel = [_keluaran_master(u, i, st) for u, i, st in zip(sub["uraian"], sub["indikator"],
                                                           sub["satuan"], strict=True)]
    nama_keg = n.set_index("kode")["uraian"]
    return _Katalog(
        level=level,
        sub=kode,
        keg=keg,
        prog=prog,
        bidang=np.array([BIDANG.index(b) for b in sub["kode_bidang"]]),
        teks=np.array([k[0] for k in kel], dtype=object),
        satuan=np.array([k[1] for k in kel], dtype=object),
        jumlah=np.array([k[2] for k in kel], dtype=float),
        skala=np.array([k[3] for k in kel], dtype=bool),
        pagu_juta=np.array([k[4] for k in kel], dtype=float),
        kode_keg=uk,
        kode_prog=up,
        uraian_keg=nama_keg.reindex(uk).to_numpy(dtype=object),
        rank_sub=rank.reindex(kode).to_numpy(np.int64),
        rank_keg=rank.reindex(uk).to_numpy(np.int64),
        rank_prog=rank.reindex(up).to_numpy(np.int64),
    )
