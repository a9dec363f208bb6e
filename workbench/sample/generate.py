"""The package: :func:`generate` builds the five tables and their :class:`Cacat`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.reference import load_indikator_referensi
from workbench.sample.cacat import (
    _SEED_MENJUMLAH,
    Cacat,
    _seed_menjumlah,
    _seed_target,
    _tanpa_dukungan,
)
from workbench.sample.kesepakatan import _bangun_kesepakatan
from workbench.sample.keterangan import _keterangan
from workbench.sample.nilai import _bangun_nilai, _bangun_realisasi, _variasi_teks
from workbench.sample.rencana import _bangun_rencana
from workbench.sample.spec import _SPEK, KOLOM, SKALA, SampleError
from workbench.sample.wilayah import _bangun_wilayah, _wilayah_kalteng, _wilayah_nasional


@dataclass(frozen=True)
class SampleData:
    """A generated package: the five tables and the seeded imperfections.

    ``tables`` hold the contract columns as text, as a user's file holds them.
    """

    tables: dict[str, pd.DataFrame]
    cacat: Cacat
    seed: int
    scale: str
    keterangan: str = field(repr=False, default="")


def generate(
    seed: int = 2026,
    scale: str = "kalteng",
    *,
    n_provinsi: int = 38,
    n_kabkota: int = 514,
) -> SampleData:
    """Generate a synthetic planning data package with known, seeded imperfections.

    Args:
        seed: Random seed; the same seed gives the same tables.
        scale: ``kalteng`` (the province and its 14 kab/kota) or ``national`` (``n_provinsi``
            provinces and ``n_kabkota`` kab/kota, Kalteng real inside; synthetic elsewhere).
        n_provinsi: Provinces at national scale (default 38, the country).
        n_kabkota: Kab/kota at national scale (default 514). Smaller values make a reduced
            national package for tests.

    Returns:
        :class:`SampleData` with ``tables`` (the five contract tables as text) and ``cacat``.

    Raises:
        SampleError: Unknown scale or impossible sizes.
    """
    if scale not in SKALA:
        raise SampleError(f"unknown scale {scale!r}: expected one of {', '.join(SKALA)}")
    rng = np.random.default_rng(np.random.PCG64(seed))
    if scale == "kalteng":
        frame = _wilayah_kalteng()
        p_masuk = 0.55
    else:
        frame = _wilayah_nasional(rng, n_provinsi, n_kabkota)
        p_masuk = 0.8
    w = _bangun_wilayah(frame)
    ind = load_indikator_referensi()
    unknown = set(ind["kode_indikator"]) - set(_SPEK)
    assert not unknown, f"indikator.csv has indicators the generator does not know: {unknown}"
    nilai = _bangun_nilai(w, ind, rng)
    menjumlah = _seed_menjumlah(w, nilai) if _SEED_MENJUMLAH[0] in set(w.kode) else ()
    ubah, kurang = _seed_target(w, nilai)
    jangan = {(t.kode_wilayah, t.kode_indikator) for t in kurang}
    jangan.add((_SEED_MENJUMLAH[0], _SEED_MENJUMLAH[1]))
    _variasi_teks(w, nilai, ind, jangan)
    rencana = _bangun_rencana(w, nilai, ind, rng, p_masuk, ubah)
    kesepakatan = _bangun_kesepakatan(w)
    realisasi, terlambat = _bangun_realisasi(w, nilai, ind)
    cacat = Cacat(
        tanpa_rencana=rencana.tanpa_rencana,
        tanpa_dukungan=_tanpa_dukungan(w, kesepakatan, rencana.rkpd_sub),
        renja_tanpa_renstra=rencana.renja_tanpa_renstra,
        target_kurang_ambisius=kurang,
        target_tidak_menjumlah=menjumlah,
        realisasi_terlambat=terlambat,
    )
    tables = {
        "wilayah": w.frame,
        "indikator": ind[KOLOM["indikator"]].reset_index(drop=True),
        "rencana": rencana.frame,
        "realisasi": realisasi,
        "kesepakatan": kesepakatan,
    }
    data = SampleData(tables=tables, cacat=cacat, seed=seed, scale=scale)
    return SampleData(tables=tables, cacat=cacat, seed=seed, scale=scale,
                      keterangan=_keterangan(data))  # fmt: skip
