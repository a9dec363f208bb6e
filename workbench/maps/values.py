"""One value per kab/kota from a frame keyed by Kemendagri (or BPS) codes."""

from __future__ import annotations

import re
import warnings

import pandas as pd

from workbench import reference
from workbench.maps.common import PetaError

_POLA_KEMENDAGRI = re.compile(r"^62(\.\d{2})?$")


def _kode_kemendagri(frame: pd.DataFrame) -> pd.Series:
    """Kemendagri codes of the rows: ``kode_wilayah`` as given, or ``kode_bps`` via crosswalk."""
    if "kode_wilayah" in frame.columns:
        kode = frame["kode_wilayah"].astype("string").str.strip()
        bad = kode[~kode.fillna("").str.match(_POLA_KEMENDAGRI)]
        if len(bad):
            raise PetaError(
                f"kode_wilayah {sorted(set(bad.fillna('<kosong>')))[:5]} (rows "
                f"{list(bad.index[:5])}) is not a Kemendagri code (62.xx). If these are BPS "
                "codes (62xx), pass them in a column named kode_bps: they are mapped through "
                "the crosswalk, never by adding a dot."
            )
        return kode
    if "kode_bps" in frame.columns:
        crosswalk = reference.kode_bps_ke_kemendagri()
        bps = frame["kode_bps"].astype("string").str.strip()
        unknown = bps[~bps.isin(list(crosswalk))]
        if len(unknown):
            raise PetaError(
                f"kode_bps {sorted(set(unknown.fillna('<kosong>')))[:5]} (rows "
                f"{list(unknown.index[:5])}) is not a BPS code of Kalimantan Tengah."
            )
        return bps.map(crosswalk)
    raise PetaError(
        f"the frame has no kode_wilayah (Kemendagri) or kode_bps column; columns are "
        f"{list(frame.columns)}."
    )


def nilai_per_wilayah(frame: pd.DataFrame, kolom: str) -> pd.Series:
    """One value per kab/kota (Kemendagri code index, all 14, NaN where missing).

    Args:
        frame: rows keyed by ``kode_wilayah`` (or ``kode_bps``); province rows (``62``) are
            not mapped and are reported with a warning.
        kolom: the numeric column to map.

    Returns:
        Series indexed by the 14 Kemendagri codes in code order.

    Raises:
        PetaError: missing column, unknown or duplicate codes, non-numeric values.
    """
    if kolom not in frame.columns:
        raise PetaError(f"column {kolom!r} is not in the frame; columns are {list(frame.columns)}.")
    kode = _kode_kemendagri(frame)
    semua = reference.kode_kabkota()
    prov = kode == "62"
    if prov.any():
        warnings.warn(
            f"{int(prov.sum())} province row(s) (kode 62) not drawn: the map shows kab/kota.",
            stacklevel=3,
        )
    kode = kode[~prov]
    unknown = sorted(set(kode) - set(semua))
    if unknown:
        raise PetaError(
            f"kode_wilayah {unknown} is not one of the 14 kab/kota of Kalimantan Tengah."
        )
    dup = sorted(kode[kode.duplicated()].unique())
    if dup:
        raise PetaError(
            f"more than one row for {dup} in column {kolom!r}: a map needs one value per "
            "kab/kota (filter the frame to one year / bidang first, or use peta_kecil_berganda)."
        )
    raw = frame.loc[kode.index, kolom]
    values = pd.to_numeric(raw, errors="coerce")
    bad = raw[values.isna() & raw.notna()]
    if len(bad):
        raise PetaError(
            f"column {kolom!r} holds non-numeric values {list(bad[:5])} "
            f"(rows {list(bad.index[:5])})."
        )
    return pd.Series(values.to_numpy(dtype=float), index=kode.to_numpy()).reindex(semua)
