"""The governments of a package: Kalteng's 15 (reference data) or the whole country.

At ``scale="kalteng"`` the table is :func:`workbench.reference.load_wilayah`; at
``scale="national"`` the other provinces and kab/kota are synthetic ("Provinsi Sintetis 11",
codes 11–47), with Kalteng real inside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbench.reference import load_wilayah
from workbench.sample.formatting import _angka
from workbench.sample.spec import KOLOM, SampleError


@dataclass(frozen=True)
class _Wilayah:
    frame: pd.DataFrame  # contract columns, text
    kode: np.ndarray  # str
    kode_bps: np.ndarray
    provinsi: np.ndarray  # bool
    prov_idx: np.ndarray  # index of the province row of each government
    penduduk: np.ndarray  # float


def _wilayah_kalteng() -> pd.DataFrame:
    w = load_wilayah()
    return pd.DataFrame(
        {
            "kode": w["kode"],
            "kode_bps": w["kode_bps"],
            "nama": w["nama"],
            "jenis": w["jenis"],
            "ibukota": w["ibukota"],
            "luas_km2": w["luas_km2"].astype(float),
            "penduduk": w["penduduk"].astype(np.int64),
        }
    )


def _wilayah_nasional(rng: np.random.Generator, n_provinsi: int, n_kabkota: int) -> pd.DataFrame:
    kalteng = _wilayah_kalteng()
    n_lain = n_provinsi - 1
    n_kab_lain = n_kabkota - (len(kalteng) - 1)
    if n_lain < 1 or n_kab_lain < n_lain:
        raise SampleError(
            f"national scale needs at least 2 provinces and one kab/kota per synthetic province "
            f"beyond Kalteng's 14; got n_provinsi={n_provinsi}, n_kabkota={n_kabkota}"
        )
    kode_prov = np.array([c for c in range(11, 100) if c != 62][:n_lain])
    per_prov = np.full(n_lain, n_kab_lain // n_lain)
    per_prov[: n_kab_lain % n_lain] += 1
    prov_rep = np.repeat(kode_prov, per_prov)
    urut = np.arange(len(prov_rep)) - np.repeat(np.cumsum(per_prov) - per_prov, per_prov)
    # About one in six is a city, numbered 71, 72, ... as in the Kemendagri list.
    kota = urut >= np.repeat(np.ceil(per_prov * 5 / 6).astype(int), per_prov)
    nomor = np.where(kota, 71 + urut - np.repeat(np.ceil(per_prov * 5 / 6).astype(int), per_prov),
                     urut + 1)  # fmt: skip
    pk = np.char.zfill(prov_rep.astype(str), 2)
    nk = np.char.zfill(nomor.astype(str), 2)
    kode_kab = np.char.add(np.char.add(pk, "."), nk)
    jenis = np.where(kota, "Kota", "Kabupaten")
    pend_kab = np.round(np.exp(rng.normal(np.log(260_000), 0.7, len(kode_kab)))).astype(np.int64)
    luas_kab = np.round(np.exp(rng.normal(np.log(2500), 1.0, len(kode_kab))), 1)
    luas_kab = np.where(kota, np.round(luas_kab / 10, 1), luas_kab)
    kab = pd.DataFrame(
        {
            "kode": kode_kab,
            "kode_bps": np.char.add(pk, nk),
            "nama": np.char.add(np.where(kota, "Kota Sintetis ", "Sintetis "), kode_kab),
            "jenis": jenis,
            "ibukota": np.char.add("Ibukota Sintetis ", kode_kab),
            "luas_km2": luas_kab,
            "penduduk": pend_kab,
        }
    )
    kp = np.char.zfill(kode_prov.astype(str), 2)
    agg = kab.groupby(prov_rep)[["luas_km2", "penduduk"]].sum()
    prov = pd.DataFrame(
        {
            "kode": kp,
            "kode_bps": kp,
            "nama": np.char.add("Provinsi Sintetis ", kp),
            "jenis": "Provinsi",
            "ibukota": np.char.add("Ibukota Provinsi Sintetis ", kp),
            "luas_km2": np.round(agg["luas_km2"].to_numpy(), 1),
            "penduduk": agg["penduduk"].to_numpy(),
        }
    )
    parts = [kalteng]
    for i in range(len(kp)):
        parts.append(prov.iloc[[i]])
        parts.append(kab[prov_rep == kode_prov[i]])
    out = pd.concat(parts, ignore_index=True)
    # Kalteng first, then the synthetic provinces in code order, each followed by its kab/kota.
    return out


def _bangun_wilayah(frame: pd.DataFrame) -> _Wilayah:
    kode = frame["kode"].to_numpy(dtype=str)
    prov_kode = np.char.partition(kode, ".")[:, 0]
    provinsi = frame["jenis"].to_numpy(dtype=str) == "Provinsi"
    pos = {k: i for i, k in enumerate(kode[provinsi])}
    prov_rows = np.flatnonzero(provinsi)
    prov_idx = prov_rows[np.array([pos[p] for p in np.unique(prov_kode)])]
    lookup = dict(zip(np.unique(prov_kode), prov_idx, strict=True))
    idx = np.array([lookup[p] for p in prov_kode])
    text = frame.copy()
    text["luas_km2"] = _angka(frame["luas_km2"].to_numpy(float), 1)
    text["penduduk"] = frame["penduduk"].astype(np.int64).astype(str)
    return _Wilayah(
        frame=text[KOLOM["wilayah"]].reset_index(drop=True),
        kode=kode,
        kode_bps=frame["kode_bps"].to_numpy(dtype=str),
        provinsi=provinsi,
        prov_idx=idx,
        penduduk=frame["penduduk"].to_numpy(float),
    )
