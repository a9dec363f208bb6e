"""Reference data shipped with the package: wilayah (BPS crosswalk), nomenklatur, indikator.

Kemendagri and BPS number 8 of the 14 kabupaten/kota of Kalimantan Tengah differently
(62.06 Katingan is BPS 6209, 62.08 Sukamara is BPS 6206, ...). Every join between plan data
(Kemendagri codes) and statistics (BPS codes) goes through :func:`kode_bps_ke_kemendagri`;
never derive one code from the other by removing the dot.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from workbench.paths import REFERENCE_DIR


@lru_cache(maxsize=1)
def _wilayah() -> pd.DataFrame:
    frame = pd.read_csv(
        REFERENCE_DIR / "wilayah.csv",
        dtype={"kode": str, "kode_bps": str, "nama": str, "jenis": str, "ibukota": str},
        encoding="utf-8",
    )
    return frame


def load_wilayah() -> pd.DataFrame:
    """The 15 governments of Kalimantan Tengah: province ``62`` first, then the 14 kab/kota.

    Returns:
        Columns ``kode, kode_bps, nama, jenis, ibukota, lat, lon, luas_km2, penduduk``; codes are
        strings. A fresh copy, so callers may modify it.
    """
    return _wilayah().copy()


def kode_bps_ke_kemendagri() -> dict[str, str]:
    """Crosswalk BPS code → Kemendagri code (``"6209" → "62.06"``)."""
    w = _wilayah()
    return dict(zip(w["kode_bps"], w["kode"], strict=True))


def kemendagri_ke_kode_bps() -> dict[str, str]:
    """Crosswalk Kemendagri code → BPS code (``"62.06" → "6209"``)."""
    w = _wilayah()
    return dict(zip(w["kode"], w["kode_bps"], strict=True))


def kode_kabkota() -> list[str]:
    """Kemendagri codes of the 14 kabupaten/kota, in code order."""
    w = _wilayah()
    return w.loc[w["jenis"] != "Provinsi", "kode"].tolist()


@lru_cache(maxsize=1)
def _nomenklatur() -> pd.DataFrame:
    return pd.read_csv(
        REFERENCE_DIR / "nomenklatur.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
    )


def load_nomenklatur() -> pd.DataFrame:
    """Curated subset of the Permendagri 90/2019 nomenclature (as amended), with the level digit.

    Returns:
        Columns ``kode, tingkat, uraian, kode_bidang, level_pemerintahan, versi``.
    """
    return _nomenklatur().copy()


@lru_cache(maxsize=1)
def _indikator() -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / "indikator.csv", dtype=str, keep_default_na=False)


def load_indikator_referensi() -> pd.DataFrame:
    """Indicator reference table (macro outcomes and outcome indicators per bidang)."""
    return _indikator().copy()
